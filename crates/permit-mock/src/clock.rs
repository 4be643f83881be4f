//! The mock's clock: real time plus an offset that tests move forward through the admin API.
//! Every response reports it (see `permit_core::api::SERVER_TIME_HEADER`).

use chrono::{DateTime, Utc};
use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_default()
    }

    pub fn advance_ms(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}
