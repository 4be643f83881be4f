//! Reactive stores shared across pages, provided as contexts by `app.rs`.

pub mod clock;
pub mod device;
pub mod drafts;
pub mod inbox;
pub mod live_events;
pub mod permit_cache;
pub mod photo_draft;
pub mod session;
pub mod settings;
