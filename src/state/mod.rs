//! Reactive stores shared across pages, provided as contexts by `app.rs`.

pub mod clock;
pub mod session;
pub mod settings;
