//! Whether the page can be seen: hidden (another app, the app switcher, a locked screen) or
//! not focused. The card blanks itself when it cannot be seen, so app-switcher thumbnails and
//! screen recorders started from another app capture nothing.

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::VisibilityState;

pub fn page_visible() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return true };
    doc.visibility_state() == VisibilityState::Visible && doc.has_focus().unwrap_or(true)
}

/// Calls `on_change(visible)` whenever visibility or focus changes. Returns the listeners;
/// drop them to stop.
pub fn watch(on_change: impl Fn(bool) + Clone + 'static) -> Vec<Listener> {
    let window = super::js::window();
    let mut out = Vec::new();
    for (target, event) in [
        (window.document().map(web_sys::EventTarget::from), "visibilitychange"),
        (Some(web_sys::EventTarget::from(window.clone())), "blur"),
        (Some(web_sys::EventTarget::from(window.clone())), "focus"),
        (Some(web_sys::EventTarget::from(window.clone())), "pagehide"),
    ] {
        let Some(target) = target else { continue };
        let f = on_change.clone();
        let event_name = event;
        let closure = Closure::<dyn FnMut()>::new(move || {
            f(event_name != "blur" && event_name != "pagehide" && page_visible());
        });
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        out.push(Listener { target, event, closure });
    }
    out
}

pub struct Listener {
    target: web_sys::EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}
