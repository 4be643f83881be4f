//! The server-corrected clock: the offset between the backend's clock (sent on every response)
//! and this device's, so codes are stamped in the backend's time even when the phone's clock
//! is wrong.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct ServerClock {
    offset_ms: RwSignal<f64>,
}

impl Default for ServerClock {
    fn default() -> Self {
        Self { offset_ms: RwSignal::new(0.0) }
    }
}

impl ServerClock {
    /// Records the server's time as read off a response that just arrived.
    pub fn observe(self, server_ms: f64) {
        self.offset_ms.set(server_ms - js_sys_now());
    }

    /// The server's time now, in Unix milliseconds.
    pub fn now_ms(self) -> f64 {
        js_sys_now() + self.offset_ms.get_untracked()
    }
}

fn js_sys_now() -> f64 {
    crate::platform::time::now_ms()
}
