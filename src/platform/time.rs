//! Timers owned by a component; the plain clock and waits are `permit_card::time`'s.

pub use permit_card::time::*;

/// One pending timeout per owner: starting it again replaces the pending one (so a second tap
/// on "show" counts its time from that tap), and it does nothing once the owner has unmounted.
///
/// A start supersedes the earlier ones by a generation count rather than `clearTimeout`: a
/// timer id is not always an `i32` (Playwright's page clock hands out ids above 10^12, which
/// `TimeoutHandle` truncates, clearing some other timer), and a stale timer that fires
/// finds it is no longer the current one.
#[derive(Clone, Copy)]
pub struct RestartableTimeout(leptos::prelude::StoredValue<u64>);

impl RestartableTimeout {
    /// Call inside the owning component.
    pub fn new() -> Self {
        Self(leptos::prelude::StoredValue::new(0))
    }

    pub fn start(self, after: std::time::Duration, run: impl FnOnce() + 'static) {
        use leptos::prelude::*;
        let generation = self.0.get_value() + 1;
        self.0.set_value(generation);
        let current = self.0;
        set_timeout(
            move || {
                if current.try_get_value() == Some(generation) {
                    run();
                }
            },
            after,
        );
    }
}
