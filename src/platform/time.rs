/// This device's wall clock in Unix milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
