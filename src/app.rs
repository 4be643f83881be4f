//! The router, the signed-in shell with its tab bar, and the app-wide providers.

use crate::{
    components::{offline_bar::OfflineBar, tab_bar::TabBar, update_prompt::{UpdatePrompt, UpdateReady}},
    i18n::I18n,
    pages::{card::CardPage, login::LoginPage, me::MePage, messages::MessagesPage, not_found::NotFound, services::{self, ServicesPage}},
    api::clock::ServerClock,
    state::{inbox::Inbox, live_events::LiveEvents, session::SessionStore, settings},
};
use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, ParentRoute, Redirect, Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::new(settings::load_locale());
    provide_context(i18n);
    provide_context(SessionStore::load(ServerClock::load()));
    let update = UpdateReady::provide();
    crate::platform::service_worker::register(move || update.0.set(true));
    Effect::new(move |_| settings::apply_locale(i18n.locale.get()));
    let elder = settings::ElderMode(RwSignal::new(settings::load_elder()));
    provide_context(elder);
    Effect::new(move |_| settings::apply_elder(elder.0.get()));

    view! {
        <Router>
            <UpdatePrompt />
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/demo/door-plates") view=crate::pages::door_plates::DoorPlatesPage />
                <ParentRoute path=path!("") view=SignedInShell>
                    <Route path=path!("") view=|| view! { <Redirect path="/card" /> } />
                    <Route path=path!("/card") view=CardPage />
                    <Route path=path!("/card/history") view=crate::pages::history::HistoryPage />
                    <Route path=path!("/verify") view=crate::pages::verify::VerifyPage />
                    <Route path=path!("/services") view=ServicesPage />
                    <Route path=path!("/services/registration") view=services::registration::RegistrationPage />
                    <Route path=path!("/services/apply") view=services::apply::ApplyPage />
                    <Route path=path!("/services/endorsement") view=services::endorse::EndorsePage />
                    <Route path=path!("/services/card") view=services::card::CardPage />
                    <Route path=path!("/services/cancel") view=services::cancel::CancelPage />
                    <Route path=path!("/services/photo") view=crate::pages::photo::PhotoPage />
                    <Route path=path!("/messages") view=MessagesPage />
                    <Route path=path!("/me") view=MePage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Pages that need a signed-in user, above the bottom tab bar. Anyone else goes to sign-in.
#[component]
fn SignedInShell() -> impl IntoView {
    let session = expect_context::<SessionStore>();
    if session.is_resident() {
        let live = LiveEvents::connect(session);
        provide_context(live);
        provide_context(Inbox::start(session, Some(live)));
    }
    view! {
        <Show when=move || session.is_signed_in() fallback=|| view! { <Redirect path="/login" /> }>
            <div class="shell">
                <OfflineBar />
                <main class="shell-main">
                    <Outlet />
                </main>
                <TabBar staff=session.is_staff() />
            </div>
        </Show>
    }
}
