//! Requests the page's boot script sent before the app had loaded (`BOOT_SCRIPT` in
//! `xtask/src/split.rs`), so their answers were on their way while the app downloaded. Each
//! is taken once: a later call of the same request asks the network afresh.

use super::js;
use wasm_bindgen::{JsCast, JsValue};

/// Where the boot script leaves its requests, keyed by path:
/// `window.permitEarly = { '/api/v1/personas': fetch(…) }`.
const HOLDER: &str = "permitEarly";

/// The answer to the early request for `name` (its path), if the boot script sent one and it was answered;
/// `None` when there was none or it failed (the caller then asks itself).
pub async fn take(name: &str) -> Option<web_sys::Response> {
    let holder = js::get(&js::window(), HOLDER)?;
    let answer = js::get(&holder, name)?;
    let _ = js_sys::Reflect::delete_property(holder.unchecked_ref::<js_sys::Object>(), &JsValue::from_str(name));
    js::await_promise(answer).await.ok()?.dyn_into().ok()
}
