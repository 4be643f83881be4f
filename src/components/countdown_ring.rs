use leptos::prelude::*;

// Circumference 100, so the dash offset is a percentage. Written as text, as is the offset
// below: formatting floats would bring Rust's float printer into the first download.
const RADIUS: &str = "15.915";

/// A ring that empties as the current code ages; `remaining` is from 1 (new) to 0.
#[component]
pub fn CountdownRing(#[prop(into)] remaining: Signal<f64>, #[prop(into)] seconds: Signal<u32>) -> impl IntoView {
    let offset = move || dash_offset(remaining.get());
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

/// The dash offset for `remaining` (1 → 0) in hundredths of a percent: `"0.00"` to `"100.00"`.
fn dash_offset(remaining: f64) -> String {
    let hundredths = (10_000.0 * (1.0 - remaining.clamp(0.0, 1.0))).round() as u32;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

