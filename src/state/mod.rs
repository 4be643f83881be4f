//! Reactive stores shared across pages, provided as contexts by `app.rs`.

pub mod drafts;
pub mod inbox;
pub mod live_events;
pub mod online;
pub mod session;
pub mod settings;
pub mod submission;
