//! Whether the browser believes it is online (`navigator.onLine` and the `online`/`offline`
//! events). "Online" can still mean a dead network; requests say so when they fail.

use wasm_bindgen::{closure::Closure, JsCast};

pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `on_change(online)` whenever the browser's belief changes, for the page's lifetime.
pub fn watch(on_change: impl Fn(bool) + Clone + 'static) {
    let Some(window) = web_sys::window() else { return };
    for (event, state) in [("online", true), ("offline", false)] {
        let f = on_change.clone();
        let closure = Closure::<dyn FnMut()>::new(move || f(state));
        let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        // The listener lives as long as the page: the shell watches once at start.
        closure.forget();
    }
}
