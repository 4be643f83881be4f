//! The router, the signed-in shell with its tab bar, and the app-wide providers.

use crate::{
    components::{offline_bar::OfflineBar, route_skeleton::RouteSkeleton, tab_bar::TabBar, update_prompt::{UpdatePrompt, UpdateReady}},
    i18n::I18n,
    pages::{card::CardPage, lazy, login::LoginPage, not_found::NotFound},
    api::clock::ServerClock,
    state::{inbox::Inbox, live_events::LiveEvents, session::SessionStore, settings},
};
use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, ParentRoute, Redirect, Route, Router, Routes},
    path, Lazy,
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

    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            <UpdatePrompt />
            <RouteSkeleton loading=routing />
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/demo/door-plates") view={Lazy::<lazy::DoorPlates>::new()} />
                <ParentRoute path=path!("") view=SignedInShell>
                    <Route path=path!("") view=|| view! { <Redirect path="/card" /> } />
                    <Route path=path!("/card") view=CardPage />
                    <Route path=path!("/card/history") view={Lazy::<lazy::History>::new()} />
                    <Route path=path!("/verify") view={Lazy::<lazy::Verify>::new()} />
                    <Route path=path!("/services") view={Lazy::<lazy::Services>::new()} />
                    <Route path=path!("/services/registration") view={Lazy::<lazy::Registration>::new()} />
                    <Route path=path!("/services/apply") view={Lazy::<lazy::Apply>::new()} />
                    <Route path=path!("/services/endorsement") view={Lazy::<lazy::Endorse>::new()} />
                    <Route path=path!("/services/card") view={Lazy::<lazy::CardOrder>::new()} />
                    <Route path=path!("/services/cancel") view={Lazy::<lazy::Cancel>::new()} />
                    <Route path=path!("/services/photo") view={Lazy::<lazy::Photo>::new()} />
                    <Route path=path!("/messages") view={Lazy::<lazy::Messages>::new()} />
                    <Route path=path!("/me") view={Lazy::<lazy::Me>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Pages that need a signed-in user, above the bottom tab bar. Anyone else goes to sign-in.
#[component]
fn SignedInShell() -> impl IntoView {
    let session = expect_context::<SessionStore>();
    // The card entry only ever shows the card: on any other page the app is what is shown.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        if location.pathname.get() != "/card" {
            permit_card::handover::dismiss();
        }
    });
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

