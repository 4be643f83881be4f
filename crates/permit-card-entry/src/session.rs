//! What the app keeps in local storage that the entry needs: the session (whose card, with
//! which token) and the language and elder-mode settings. Read with `JSON.parse`, the same
//! records the app writes (`state/session.rs`, `state/settings.rs`).

use permit_card::{
    js,
    storage_keys::{ELDER as ELDER_KEY, LOCALE as LOCALE_KEY, SESSION as SESSION_KEY},
    text::Lang,
};
use web_sys::Storage;

pub struct Session {
    pub token: String,
    /// Whose records this phone files things under (the key in IndexedDB is per holder).
    pub holder: String,
}

fn storage() -> Option<Storage> {
    js::window().local_storage().ok().flatten()
}

/// The signed-in resident acting for themself; `None` for anyone else (staff hold no card,
/// and acting for a dependant shows a banner the entry does not draw).
pub fn read() -> Option<Session> {
    let text = storage()?.get_item(SESSION_KEY).ok()??;
    let stored = js_sys::JSON::parse(&text).ok()?;
    let user = js::get(&stored, "user")?;
    if js::get(&stored, "acting").is_some() || js::get(&user, "role")?.as_string()? != "resident" {
        return None;
    }
    Some(Session { token: js::get(&stored, "token")?.as_string()?, holder: js::get(&user, "label")?.as_string()? })
}

/// The language (saved, else the browser's) and elder mode, put on `<html>` as the app puts
/// them, so the first paint is already in the holder's language and size.
pub fn apply_settings() -> Lang {
    let window = js::window();
    let storage = storage();
    let saved = |key: &str| storage.as_ref().and_then(|s| s.get_item(key).ok().flatten());
    let lang = Lang::from_tag(&saved(LOCALE_KEY).or_else(|| window.navigator().language()).unwrap_or_default());
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
        if saved(ELDER_KEY).as_deref() == Some("on") {
            let _ = root.set_attribute("data-elder", "");
        }
    }
    lang
}
