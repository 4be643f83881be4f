//! Screen services for showing the card: keep the screen awake, full screen, and ask a host
//! app to protect the window from screenshots when it offers a bridge.

use super::js::{await_promise, call, get, window};
use wasm_bindgen::JsValue;

/// A held screen wake lock; released when dropped.
pub struct WakeLock(JsValue);

impl Drop for WakeLock {
    fn drop(&mut self) {
        call(&self.0, "release", &[]);
    }
}

/// Keeps the screen on (Wake Lock API). `None` where unsupported or refused; the caller shows
/// a note asking the holder to keep the screen on.
pub async fn keep_awake() -> Option<WakeLock> {
    let wake_lock = get(&window().navigator().into(), "wakeLock")?;
    let promise = call(&wake_lock, "request", &[JsValue::from_str("screen")])?;
    await_promise(promise).await.ok().map(WakeLock)
}

pub fn enter_fullscreen(element: &web_sys::Element) {
    if let Some(p) = call(element, "requestFullscreen", &[]) {
        // Refusal (no user gesture, unsupported) is fine: the overlay already fills the page.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = await_promise(p).await;
        });
    }
}

pub fn exit_fullscreen() {
    let doc: JsValue = window().document().map(Into::into).unwrap_or(JsValue::NULL);
    if get(&doc, "fullscreenElement").is_some() {
        if let Some(p) = call(&doc, "exitFullscreen", &[]) {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = await_promise(p).await;
            });
        }
    }
}

/// Asks a host app's screen-protection bridge, when the page runs inside one, to mark the
/// window secure (Android `FLAG_SECURE`, iOS capture hiding). The convention the host
/// implements: `window.GDPermitHost.setScreenProtected(true | false)`. Returns whether a
/// bridge answered.
pub fn protect_from_capture(on: bool) -> bool {
    get(&window().into(), "GDPermitHost")
        .and_then(|host| call(&host, "setScreenProtected", &[JsValue::from_bool(on)]))
        .is_some()
}
