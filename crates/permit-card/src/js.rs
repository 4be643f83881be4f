//! Glue for browser APIs that web-sys does not expose stably: reading properties and
//! awaiting promises.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Calls `target[method](...args)` when it is a function.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = get(target, method)?.dyn_into().ok()?;
    let array: js_sys::Array = args.iter().collect();
    f.apply(target, &array).ok()
}

pub async fn await_promise(value: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::resolve(&value)).await
}

pub fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a window")
}
