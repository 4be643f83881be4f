//! What a resident sees while a page that loads on demand (`pages::lazy`) is on its way: the
//! router keeps the previous page until the new one is ready, so without this a tap on a
//! slow network would seem to do nothing. Shown only when loading takes longer than a blink.

use crate::i18n::{I18n, Key};
use leptos::prelude::*;
use std::time::Duration;

/// Below this, the page is there before a skeleton could help (a cached piece of the app).
const SHOW_AFTER: Duration = Duration::from_millis(120);

#[component]
pub fn RouteSkeleton(#[prop(into)] loading: Signal<bool>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        if loading.get() {
            set_timeout(move || shown.set(loading.get_untracked()), SHOW_AFTER);
        } else {
            shown.set(false);
        }
    });
    view! {
        <Show when=move || shown.get()>
            <div class="route-skeleton" role="status" aria-busy="true" data-testid="route-skeleton">
                <div class="page-header"><span class="visually-hidden">{move || i18n.t(Key::Loading)}</span></div>
                <div class="page-body" aria-hidden="true">
                    <div class="skeleton-block tall"></div>
                    <div class="skeleton-block"></div>
                    <div class="skeleton-block"></div>
                </div>
            </div>
        </Show>
    }
}
