use leptos::prelude::*;

/// A slowly drifting layer of the holder's masked name and the live time over the card: a
/// screenshot carries the moment it was taken, and the text never sits still.
#[component]
pub fn Watermark(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <div class="watermark" aria-hidden="true" translate="no">
            <div class="watermark-layer">
                {(0..90).map(|_| view! { <span>{move || text.get()}</span> }).collect_view()}
            </div>
        </div>
    }
}
