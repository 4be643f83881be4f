use super::widget_host::WidgetHost;
use leptos::prelude::*;
use permit_card::ring::Ring;

/// A ring that empties as the current code ages; `remaining` is from 1 (new) to 0.
#[component]
pub fn CountdownRing(#[prop(into)] remaining: Signal<f64>, #[prop(into)] seconds: Signal<u32>) -> impl IntoView {
    let ring = Ring::new();
    let root = ring.root.clone();
    Effect::new(move |_| ring.set(remaining.get(), seconds.get()));
    view! { <WidgetHost element=root /> }
}
