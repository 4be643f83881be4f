use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page-body">
            <p class="notice">{move || i18n.t(Key::NotFound)}</p>
            <A href="/card" attr:class="button button-primary">{move || i18n.t(Key::BackHome)}</A>
        </div>
    }
}
