use crate::{
    i18n::{use_i18n, Locale},
    state::session::SessionStore,
};
use leptos::prelude::*;

/// Whose permit is being handled, when a family member acts for someone (代办).
#[component]
pub fn ActingForBanner() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<SessionStore>();
    move || {
        let user = session.user()?;
        let acting = user.acting_for?;
        let text = match i18n.locale.get() {
            Locale::Zh => format!("代办：您（{}，{}）正在为 {} 办理，以下均为 {} 的证件业务。", acting.guardian_name, acting.relation_zh, user.name, user.name),
            Locale::En => format!("Acting for someone: you ({}, {}) are handling {}'s permit. Everything here is {}'s.", acting.guardian_name, acting.relation_en, user.name, user.name),
        };
        Some(view! { <p class="banner banner-info" data-testid="acting-for">{text}</p> })
    }
}
