use leptos::prelude::*;

const RADIUS: f64 = 15.915; // circumference 100, so the dash offset is a percentage

/// A ring that empties as the current code ages; `remaining` is from 1 (new) to 0.
#[component]
pub fn CountdownRing(#[prop(into)] remaining: Signal<f64>, #[prop(into)] seconds: Signal<u32>) -> impl IntoView {
    let offset = move || format!("{:.2}", 100.0 * (1.0 - remaining.get().clamp(0.0, 1.0)));
    view! {
        <span class="ring" aria-hidden="true">
            <svg viewBox="0 0 36 36">
                <circle class="ring-track" cx="18" cy="18" r=RADIUS />
                <circle class="ring-fill" cx="18" cy="18" r=RADIUS stroke-dasharray="100 100" stroke-dashoffset=offset />
            </svg>
            <span class="ring-seconds">{move || seconds.get()}</span>
        </span>
    }
}
