/// Sets `<html lang>`.
pub fn set_lang(tag: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Scrolls the page back to its top (a result that replaces the screen should be seen whole).
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The browser's preferred language tag (`navigator.language`), e.g. `en-GB`.
pub fn browser_language() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

/// Sets or removes a boolean attribute on `<html>`, which the style keys on.
pub fn set_flag(attribute: &str, on: bool) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if on { root.set_attribute(attribute, "") } else { root.remove_attribute(attribute) };
    }
}

/// The page's path (`location.pathname`), e.g. `/card`.
pub fn pathname() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// The page address's fragment, without its `#` (a share link's secret: browsers never send
/// it to any server).
pub fn fragment() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_owned()
}

/// Replaces the page's address with `path` in the history, without loading anything.
pub fn replace_path(path: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}
