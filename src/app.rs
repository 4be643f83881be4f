//! The router and the app-wide providers (the signed-in shell is `components::signed_in_shell`).

use crate::{
    components::{deferred::deferred, route_skeleton::RouteSkeleton, update_prompt::{UpdatePrompt, UpdateReady}},
    i18n::I18n,
    pages::{lazy, login::LoginPage, not_found::NotFound},
    api::clock::ServerClock,
    platform::document,
    state::{session::SessionStore, settings},
};
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, Lazy,
};

/// The first segments of the routes under the signed-in shell (below), and `/`.
const SIGNED_IN_SECTIONS: [&str; 6] = ["", "card", "verify", "services", "messages", "me"];

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::new(settings::load_locale());
    provide_context(i18n);
    let session = SessionStore::load(ServerClock::load());
    provide_context(session);
    // Someone signed out who opens a signed-in page (`/` most of all) is sent to sign-in before
    // the router starts, so the signed-in shell's piece is not downloaded first only to redirect.
    if !session.is_signed_in() && is_signed_in_route(&document::pathname()) {
        document::replace_path("/login");
    }
    let update = UpdateReady::provide();
    // In a task of its own after the first render's: it is not needed to draw the page.
    permit_card::time::after(0, move || crate::platform::service_worker::register(move || update.0.set(true)));
    // The first run applies the settings just loaded; later runs (a change) save them too.
    Effect::new(move |ran: Option<()>| settings::apply_locale(i18n.locale.get(), ran.is_some()));
    let elder = settings::ElderMode(RwSignal::new(settings::load_elder()));
    provide_context(elder);
    Effect::new(move |ran: Option<()>| settings::apply_elder(elder.0.get(), ran.is_some()));

    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            {deferred(move || view! {
                <UpdatePrompt />
                <RouteSkeleton loading=routing />
            })}
            // The page in the task after the shell (`deferred`): one task for both ran long.
            {deferred(move || view! {
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/demo/door-plates") view={Lazy::<lazy::DoorPlates>::new()} />
                    <Route path=path!("/s/:id") view={Lazy::<lazy::SharedCopy>::new()} />
                    <Route path=path!("/c") view={Lazy::<lazy::CertificateCheck>::new()} />
                    <ParentRoute path=path!("") view={Lazy::<lazy::Shell>::new()}>
                        <Route path=path!("") view=|| view! { <Redirect path="/card" /> } />
                        <Route path=path!("/card") view={Lazy::<lazy::Card>::new()} />
                        <Route path=path!("/card/history") view={Lazy::<lazy::History>::new()} />
                        <Route path=path!("/card/share") view={Lazy::<lazy::ShareForm>::new()} />
                        <Route path=path!("/card/answer") view={Lazy::<lazy::Answer>::new()} />
                        <Route path=path!("/verify") view={Lazy::<lazy::Verify>::new()} />
                        <Route path=path!("/services") view={Lazy::<lazy::Services>::new()} />
                        <Route path=path!("/services/registration") view={Lazy::<lazy::Registration>::new()} />
                        <Route path=path!("/services/apply") view={Lazy::<lazy::Apply>::new()} />
                        <Route path=path!("/services/endorsement") view={Lazy::<lazy::Endorse>::new()} />
                        <Route path=path!("/services/card") view={Lazy::<lazy::CardOrder>::new()} />
                        <Route path=path!("/services/cancel") view={Lazy::<lazy::Cancel>::new()} />
                        <Route path=path!("/services/certificate") view={Lazy::<lazy::Certificate>::new()} />
                        <Route path=path!("/services/photo") view={Lazy::<lazy::Photo>::new()} />
                        <Route path=path!("/messages") view={Lazy::<lazy::Messages>::new()} />
                        <Route path=path!("/me") view={Lazy::<lazy::Me>::new()} />
                        <Route path=path!("/me/shares") view={Lazy::<lazy::Shares>::new()} />
                    </ParentRoute>
                </Routes>
            })}
        </Router>
    }
}

/// Whether `pathname` is `/` or a page under the signed-in shell.
fn is_signed_in_route(pathname: &str) -> bool {
    let section = pathname.trim_start_matches('/').split('/').next().unwrap_or_default();
    SIGNED_IN_SECTIONS.contains(&section)
}
