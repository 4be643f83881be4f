use crate::{
    i18n::{use_i18n, Key},
    state::online::Online,
};
use leptos::prelude::*;

/// A line at the top of every page while the phone is offline: what is shown was saved earlier, and
/// the card still works. The card page says so in its own banner (which also covers a backend
/// that is down while the phone is online), so the line stays off there.
#[component]
pub fn OfflineBar() -> impl IntoView {
    let i18n = use_i18n();
    let online = Online::use_online();
    let location = leptos_router::hooks::use_location();
    view! {
        <Show when=move || !online.get() && location.pathname.get() != "/card">
            <p class="offline-bar" role="status" data-testid="offline-bar">{move || i18n.t(Key::OfflineBar)}</p>
        </Show>
    }
}
