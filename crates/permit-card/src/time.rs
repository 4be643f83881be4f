//! Time in the browser: the wall clock, the next painted frame, a plain wait.

/// This device's wall clock in Unix milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Resolves after the browser has painted the next frame (two animation frames: the first
/// runs before the paint, the second after it).
pub async fn next_paint() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().map(|w| w.request_animation_frame(&resolve));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` before the next frame is painted.
pub fn on_next_frame(f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = crate::js::window().request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&f));
}

/// Runs `f` once after `ms` milliseconds. (No handle to clear it: owners that may change their
/// mind compare a generation count when it fires; Playwright's page clock hands out timer ids
/// above 2^31 that an `i32` handle would truncate.)
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = crate::js::window().set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&f), ms);
}
