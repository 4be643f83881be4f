//! The server-corrected clock: the offset between the backend's clock (sent on every response)
//! and this device's, so codes are stamped in the backend's time even when the phone's clock
//! is wrong. The offset is kept in local storage so an offline card still signs correctly.

use crate::platform::storage;
use leptos::prelude::*;

use permit_card::storage_keys::CLOCK_OFFSET as STORAGE_KEY;

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
    /// The clock with the offset last seen online.
    pub fn load() -> Self {
        let offset = storage::get_json::<f64>(STORAGE_KEY).filter(|o| o.is_finite()).unwrap_or(0.0);
        Self { offset_ms: RwSignal::new(offset) }
    }

    /// Records the server's time as read off a response that just arrived.
    pub fn observe(self, server_ms: f64) {
        let offset = server_ms - now();
        // Network latency jitters the reading by a few milliseconds: keep writes rare.
        if (offset - self.offset_ms.get_untracked()).abs() > 250.0 {
            self.offset_ms.set(offset);
            storage::set_json(STORAGE_KEY, &offset);
        }
    }

    /// The server's time now, in Unix milliseconds.
    pub fn now_ms(self) -> f64 {
        now() + self.offset_ms.get_untracked()
    }
}

fn now() -> f64 {
    crate::platform::time::now_ms()
}
