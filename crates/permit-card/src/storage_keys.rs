//! The local-storage keys the app writes and the card entry reads: one spelling for both.

/// The signed-in session (`state::session::SessionStore`).
pub const SESSION: &str = "permit.session.v1";
/// The chosen language's tag.
pub const LOCALE: &str = "permit.locale";
/// Elder mode, `on` or `off`.
pub const ELDER: &str = "permit.elder";
/// The server clock's offset from this phone's, in milliseconds (`api::clock::ServerClock`).
pub const CLOCK_OFFSET: &str = "permit.clock_offset_ms";
