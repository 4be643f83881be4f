//! User Timing marks that the bench reads (`performance.getEntriesByName`).

/// Marks a named moment once per page load; later calls with the same name are ignored so a
/// re-render does not move the mark.
pub fn mark_once(name: &str) {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else { return };
    if perf.get_entries_by_name(name).length() == 0 {
        let _ = perf.mark(name);
    }
}

/// A monotonic clock in milliseconds (`performance.now()`).
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Marks a named moment every time (the bench reads the latest).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
