//! The user's settings that outlive a session, kept on this device: the interface language
//! and elder mode.

use crate::{i18n::Locale, platform::storage};
use leptos::prelude::*;

/// Elder mode, provided app-wide so pages can leave out secondary choices while it is on.
#[derive(Debug, Clone, Copy)]
pub struct ElderMode(pub RwSignal<bool>);

impl ElderMode {
    pub fn is_on(self) -> bool {
        self.0.get()
    }
}

/// Whether elder mode is on, for a page deciding what to leave out (off without an app).
pub fn elder_mode() -> Signal<bool> {
    let mode = use_context::<ElderMode>();
    Signal::derive(move || mode.is_some_and(ElderMode::is_on))
}

use permit_card::storage_keys::{ELDER as ELDER_KEY, LOCALE as LOCALE_KEY};

/// The saved language; on a first visit, the browser's (English for any `en-*`, Chinese for
/// everything else, since Chinese is the product's language and the other one is English).
pub fn load_locale() -> Locale {
    storage::get_string(LOCALE_KEY)
        .or_else(crate::platform::document::browser_language)
        .map(|t| Locale::from_tag(&t))
        .unwrap_or_default()
}

/// Saves the language and tells the document, so screen readers and fonts follow it.
/// `save` is false for the language just loaded: writing back what was read is a storage
/// round on the main thread during the first render, for nothing.
pub fn apply_locale(locale: Locale, save: bool) {
    if save {
        storage::set_string(LOCALE_KEY, locale.tag());
    }
    crate::platform::document::set_lang(locale.tag());
}

/// Whether elder mode (larger type, stronger contrast, bigger targets, fewer choices) is on.
pub fn load_elder() -> bool {
    storage::get_string(ELDER_KEY).as_deref() == Some("on")
}

/// Saves elder mode and applies it to the whole document (`<html data-elder>`).
pub fn apply_elder(on: bool, save: bool) {
    if save {
        storage::set_string(ELDER_KEY, if on { "on" } else { "off" });
    }
    crate::platform::document::set_flag("data-elder", on);
}
