use crate::{
    i18n::{use_i18n, Key},
    platform::service_worker,
};
use leptos::prelude::*;

/// Whether a newer build of the app is installed and waiting (set by the service worker).
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

impl UpdateReady {
    pub fn provide() -> Self {
        let me = Self(RwSignal::new(false));
        provide_context(me);
        me
    }
}

/// A line at the top offering the new version; the resident chooses when. It stays off the
/// live card: a permit being shown at a counter is never covered or reloaded, and the offer
/// appears on the next page instead.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let i18n = use_i18n();
    let ready = expect_context::<UpdateReady>().0;
    let location = leptos_router::hooks::use_location();
    let applying = RwSignal::new(false);
    view! {
        <Show when=move || ready.get() && location.pathname.get() != "/card">
            <div class="update-bar" role="status" data-testid="update-bar">
                <span>{move || i18n.t(Key::UpdateReady)}</span>
                <button
                    type="button"
                    class="link-button"
                    data-testid="update-apply"
                    disabled=move || applying.get()
                    on:click=move |_| {
                        applying.set(true);
                        service_worker::apply_update();
                    }
                >
                    {move || i18n.t(Key::UpdateApply)}
                </button>
            </div>
        </Show>
    }
}
