//! The frame of every signed-in page: the offline line, the page, the bottom tab bar, and the
//! resident's live events and inbox. It is a piece of its own (`pages::lazy::Shell`): someone
//! who is not signed in never downloads it.

use crate::{
    components::{offline_bar::OfflineBar, tab_bar::TabBar},
    state::{inbox::Inbox, live_events::LiveEvents, online::Online, session::SessionStore},
};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// Pages that need a signed-in user, above the bottom tab bar. Anyone else goes to sign-in.
#[component]
pub fn SignedInShell() -> impl IntoView {
    let session = expect_context::<SessionStore>();
    // The card entry only ever shows the card: on any other page the app is what is shown.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        if location.pathname.get() != "/card" {
            permit_card::handover::dismiss();
        }
    });
    provide_context(Online::watch());
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
