use leptos::prelude::*;

/// The coloured title bar at the top of a page.
#[component]
pub fn PageHeader(#[prop(into)] title: Signal<&'static str>) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{title}</h1>
        </header>
    }
}
