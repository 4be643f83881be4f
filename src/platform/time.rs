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

/// One pending timeout per owner: starting it again replaces the pending one (so a second tap
/// on "show" counts its time from that tap), and it is cancelled when the owner unmounts.
#[derive(Clone, Copy)]
pub struct RestartableTimeout(leptos::prelude::StoredValue<Option<leptos::prelude::TimeoutHandle>>);

impl RestartableTimeout {
    /// Call inside the owning component.
    pub fn new() -> Self {
        use leptos::prelude::*;
        let pending = StoredValue::new(None::<TimeoutHandle>);
        on_cleanup(move || {
            if let Some(handle) = pending.try_get_value().flatten() {
                handle.clear();
            }
        });
        Self(pending)
    }

    pub fn start(self, after: std::time::Duration, run: impl FnOnce() + 'static) {
        use leptos::prelude::*;
        if let Some(handle) = self.0.get_value() {
            handle.clear();
        }
        self.0.set_value(set_timeout_with_handle(run, after).ok());
    }
}
