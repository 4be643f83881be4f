//! The user's settings that outlive a session: for now the interface language.

use crate::{i18n::Locale, platform::storage};

const LOCALE_KEY: &str = "permit.locale";

/// The saved language, else Chinese: the product's default whatever the browser says.
pub fn load_locale() -> Locale {
    storage::get_string(LOCALE_KEY).map(|t| Locale::from_tag(&t)).unwrap_or_default()
}

/// Saves the language and tells the document, so screen readers and fonts follow it.
pub fn apply_locale(locale: Locale) {
    storage::set_string(LOCALE_KEY, locale.tag());
    crate::platform::document::set_lang(locale.tag());
}
