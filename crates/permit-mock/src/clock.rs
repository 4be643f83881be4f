//! The mock's clock: real time plus an offset that tests move forward through the admin API.
//! Every response reports it (see `permit_core::api::SERVER_TIME_HEADER`).

use chrono::{DateTime, Utc};
use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

/// `stopped_at_ms` while real time still moves the clock.
const RUNNING: i64 = 0;

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    /// The real time the clock was stopped at ([`Clock::stop`]), or [`RUNNING`].
    stopped_at_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn with_offset(offset_ms: i64) -> Self {
        Self { offset_ms: Arc::new(AtomicI64::new(offset_ms)), ..Self::default() }
    }

    pub fn now_ms(&self) -> i64 {
        self.real_ms() + self.offset_ms()
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_default()
    }

    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn advance_ms(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }

    /// Stops real time for this clock and every clone of it: from now on only
    /// [`Clock::advance_ms`] moves it. For in-process tests that must reach an exact moment
    /// (a rate limit's refill, a lifetime's last millisecond) on a loaded machine.
    pub fn stop(&self) {
        let _ = self.stopped_at_ms.compare_exchange(RUNNING, Utc::now().timestamp_millis(), Ordering::Relaxed, Ordering::Relaxed);
    }

    fn real_ms(&self) -> i64 {
        match self.stopped_at_ms.load(Ordering::Relaxed) {
            RUNNING => Utc::now().timestamp_millis(),
            at => at,
        }
    }
}
