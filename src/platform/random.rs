//! Random identifiers from the browser's CSPRNG (`crypto.randomUUID`).

/// A fresh random UUID: an idempotency key for one submission.
pub fn uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        // `randomUUID` exists in every browser that runs this app's wasm; the fallback only
        // keeps a key unique enough for one phone if a test harness lacks it.
        .unwrap_or_else(|| format!("k-{}", super::time::now_ms()))
}
