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

/// Marks a named moment every time, replacing the earlier one (the bench reads the latest;
/// a counter scanning all day keeps one entry, not thousands).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        perf.clear_marks_with_mark_name(name);
        let _ = perf.mark(name);
    }
}

/// Like [`mark`], dated at `start_ms` (a `now()` taken earlier): for a moment only known to
/// matter once what followed it succeeded.
pub fn mark_at(name: &str, start_ms: f64) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        perf.clear_marks_with_mark_name(name);
        // `PerformanceMarkOptions` is behind web-sys's unstable flag; the call is plain JS.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"startTime".into(), &start_ms.into());
        super::js::call(&perf, "mark", &[name.into(), options.into()]);
    }
}
