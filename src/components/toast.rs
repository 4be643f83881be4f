use leptos::prelude::*;

/// A short notice at the top of the screen, announced politely to screen readers.
#[component]
pub fn Toast(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="toast-host" role="status" aria-live="polite">
            {move || message.get().map(|m| view! { <div class="toast" data-testid="toast">{m}</div> })}
        </div>
    }
}
