//! Registers the service worker (`/sw.js`) that keeps the app shell for offline use.

use super::js::{await_promise, call, get, window};
use wasm_bindgen::JsValue;

pub fn register() {
    let navigator: JsValue = window().navigator().into();
    let Some(container) = get(&navigator, "serviceWorker") else { return };
    if let Some(p) = call(&container, "register", &[JsValue::from_str("/sw.js")]) {
        wasm_bindgen_futures::spawn_local(async move {
            // No service worker (private mode, an insecure origin) only means no offline use.
            let _ = await_promise(p).await;
        });
    }
}
