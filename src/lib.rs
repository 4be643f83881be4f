//! The resident and counter app of the Guangdong electronic residence permit, as a library so
//! `tests/` can mount its components in a browser. `main.rs` only calls [`start`].

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod persist;
pub mod platform;
pub mod state;

/// Mounts the app on `<body>`.
pub fn start() {
    // Only in development: in a release build a panic aborts (`panic = "abort"`) and there is
    // no one to read its message on a resident's phone, while the hook's formatting would be
    // in the first download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The first render waits for a task of its own: compiling and instantiating the wasm end
    // this one, and together they would block the main thread past what Lighthouse counts as
    // a long task (50 ms with 4x CPU) by the whole of the shorter.
    permit_card::time::after(0, || leptos::mount::mount_to_body(app::App));
    // The card entry's card steps aside when this app's card is on screen (or the app has
    // something else to show); should neither happen, the app is shown after this long
    // anyway rather than stay hidden behind a card that no longer follows events.
    permit_card::time::after(ENTRY_FRAME_LIMIT_MS, permit_card::handover::dismiss);
}

const ENTRY_FRAME_LIMIT_MS: i32 = 10_000;
