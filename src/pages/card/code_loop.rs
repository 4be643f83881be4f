//! The rotating code: signed on the phone with the device key, no network needed. A new code
//! every policy step, at once when the current one was used, and on demand for the bench.

use crate::{
    error::AppError,
    platform::{perf, time},
    api::clock::ServerClock,
    persist::device_key::DeviceKey,
};
use leptos::{prelude::*, task::spawn_local};
use permit_core::token::{next_code, CodePolicy, NextCode};

/// Signs a code dated `iat` (server time, whole seconds).
async fn make_code(key: &DeviceKey, iat: i64) -> Result<(String, i64), AppError> {
    let text = permit_card::code::make_code(key, iat).await.map_err(|_| AppError::Crypto)?;
    Ok((text, iat))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    /// The bench: a new code every time, whatever its date.
    #[cfg(feature = "bench")]
    Always,
    /// The card: never a second code dated the same second as the one on screen.
    WhenNewer,
}

/// The code on screen and the clock it is measured by.
#[derive(Clone, Copy)]
pub struct CodeState {
    pub text: RwSignal<Option<String>>,
    pub iat: RwSignal<Option<i64>>,
    /// Server time when the current code was made.
    pub made_at_ms: RwSignal<f64>,
    /// Server time, updated four times a second for the clock and the ring.
    pub now_ms: RwSignal<f64>,
    pub error: RwSignal<Option<AppError>>,
    last_used: StoredValue<Option<i64>>,
    key: StoredValue<Option<DeviceKey>, LocalStorage>,
    ticker: StoredValue<Option<IntervalHandle>>,
    clock: ServerClock,
    pub policy: CodePolicy,
}

impl CodeState {
    /// Call inside the owning component: the ticker stops when it unmounts. `last_used` is
    /// kept by the caller above the card, so a card shown again (its data reloaded) still
    /// knows which code was used last.
    pub fn new(clock: ServerClock, policy: CodePolicy, last_used: StoredValue<Option<i64>>) -> Self {
        // The card entry's last code may have been read at a counter: the first code here is
        // newer (`next_code` waits for the next second if need be).
        if let Some(iat) = permit_card::handover::shown_iat() {
            last_used.update_value(|last| *last = Some(last.map_or(iat, |l| l.max(iat))));
        }
        let state = Self {
            text: RwSignal::new(None),
            iat: RwSignal::new(None),
            made_at_ms: RwSignal::new(0.0),
            now_ms: RwSignal::new(clock.now_ms()),
            error: RwSignal::new(None),
            last_used,
            key: StoredValue::new_local(None),
            ticker: StoredValue::new(None),
            clock,
            policy,
        };
        on_cleanup(move || state.stop_ticker());
        state
    }

    fn stop_ticker(self) {
        if let Some(handle) = self.ticker.try_get_value().flatten() {
            handle.clear();
        }
    }

    /// Starts rotating with this key.
    pub fn start(self, key: DeviceKey) {
        self.key.set_value(Some(key));
        self.refresh();
        self.stop_ticker();
        // Not `on_cleanup` here: `start` may run from a child that unmounts as the code appears.
        let handle = set_interval_with_handle(move || self.tick(), std::time::Duration::from_millis(250));
        self.ticker.set_value(handle.ok());
    }

    pub fn stop(self) {
        self.stop_ticker();
        self.key.set_value(None);
        self.text.set(None);
    }

    fn tick(self) {
        let now = self.clock.now_ms();
        self.now_ms.set(now);
        if now - self.made_at_ms.get_untracked() >= f64::from(self.policy.step_s) * 1000.0 {
            self.refresh();
        }
    }

    /// Whether this is the device the backend names (events about other devices are ignored).
    pub fn is_device(self, device_id_hex: &str) -> bool {
        self.key.with_value(|k| k.as_ref().is_some_and(|k| crate::persist::device_key::hex(&k.device_id) == device_id_hex))
    }

    /// Seconds until the next code, and the share of the step left (1 → 0).
    pub fn remaining(self) -> (u32, f64) {
        let step = f64::from(self.policy.step_s.max(1)) * 1000.0;
        let left = (step - (self.now_ms.get() - self.made_at_ms.get())).clamp(0.0, step);
        ((left / 1000.0).ceil() as u32, left / step)
    }

    /// The current code was used at a counter: the next one must be newer.
    pub fn mark_used(self) {
        self.last_used.set_value(self.iat.get_untracked());
        self.refresh();
    }

    pub fn refresh(self) {
        spawn_local(async move {
            self.render(Replace::WhenNewer).await;
        });
    }

    /// Makes one code now and resolves when it is on screen. Returns the milliseconds from
    /// signing to the DOM holding the new code (frame waits excluded), for the bench.
    #[cfg(feature = "bench")]
    pub async fn render_one(self) -> Option<f64> {
        self.render(Replace::Always).await
    }

    /// The issue time of the next code, waiting first when the last used code is from this
    /// second (`next_code`: a code is never dated ahead of the clock, so quick re-scans at a
    /// counter are never refused as from the future).
    async fn next_iat(self) -> (i64, f64) {
        loop {
            let now = self.clock.now_ms();
            match next_code(now as i64, self.last_used.get_value()) {
                NextCode::Sign { iat } => return (iat, now),
                NextCode::WaitUntil { ms } => time::sleep((ms as f64 - now).clamp(1.0, 1000.0) as i32).await,
            }
        }
    }

    async fn render(self, replace: Replace) -> Option<f64> {
        let key = self.key.with_value(Clone::clone)?;
        let (iat, now) = self.next_iat().await;
        let started = perf::now();
        match make_code(&key, iat).await {
            // Two refreshes that overlapped (a use and the step's rotation) date their codes
            // the same second: showing the second would show a code a counter may already
            // have used. The first stays.
            Ok(_) if replace == Replace::WhenNewer && self.iat.get_untracked() == Some(iat) => None,
            Ok((text, iat)) => {
                self.made_at_ms.set(now);
                self.now_ms.set(now);
                self.iat.set(Some(iat));
                self.text.set(Some(text));
                self.error.set(None);
                // Leptos applies the update to the DOM on the next tick of its executor.
                leptos::task::tick().await;
                let elapsed = perf::now() - started;
                time::next_paint().await;
                perf::mark_once("code-visible");
                // This card is on screen now: the entry's, if it was showing, steps aside.
                permit_card::handover::dismiss();
                Some(elapsed)
            }
            Err(e) => {
                self.error.set(Some(e));
                None
            }
        }
    }
}
