use crate::{
    i18n::{domain, use_i18n, Locale},
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
        let locale = i18n.locale.get();
        let relation = match locale {
            Locale::Zh => &acting.relation_zh,
            Locale::En => &acting.relation_en,
        };
        let text = domain::acting_for(&acting.guardian_name, relation, &user.name, locale);
        Some(view! { <p class="banner banner-info" data-testid="acting-for">{text}</p> })
    }
}
