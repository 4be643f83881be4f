use crate::{error::AppError, i18n::use_i18n};
use leptos::prelude::*;

/// A failure in the user's words, announced to screen readers.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            view! { <p class="banner banner-error" role="alert">{e.message(i18n.locale.get())}</p> }
        })
    }
}
