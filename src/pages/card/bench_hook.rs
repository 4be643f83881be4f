//! Built only with the `bench` feature (`cargo xtask bench`): a production build has no
//! `window.__permitBench`.

use super::code_loop::CodeState;

/// `window.__permitBench.renderOne()`: renders one new code and resolves, once it is painted,
/// with the milliseconds from signing to the DOM update. The bench measures with it; it
/// changes nothing else.
pub fn install(codes: CodeState) {
    use wasm_bindgen::{closure::Closure, JsValue};
    let render = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            Ok(codes.render_one().await.map_or(JsValue::UNDEFINED, JsValue::from_f64))
        })
    });
    let hook = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hook, &"renderOne".into(), render.as_ref());
    let _ = js_sys::Reflect::set(&crate::platform::js::window(), &"__permitBench".into(), &hook);
    render.forget();
}
