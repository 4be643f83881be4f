use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos_router::components::A;

/// The coloured title bar at the top of a page, with a way back on pages below a tab.
#[component]
pub fn PageHeader(#[prop(into)] title: Signal<&'static str>, #[prop(optional)] back: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="page-header">
            {back.map(|href| view! {
                <A href=href attr:class="back-link" attr:aria-label=move || i18n.t(Key::Back)>"‹"</A>
            })}
            <h1>{title}</h1>
        </header>
    }
}
