//! The local-storage keys the app writes and the card entry reads: one spelling for both.

/// The signed-in session (`state::session::SessionStore`).
pub const SESSION: &str = "permit.session.v1";
/// The chosen language's tag.
pub const LOCALE: &str = "permit.locale";
/// Elder mode, `on` or `off`.
pub const ELDER: &str = "permit.elder";
/// The server clock's offset from this phone's, in milliseconds (`api::clock::ServerClock`).
pub const CLOCK_OFFSET: &str = "permit.clock_offset_ms";
/// Whose live card this phone can show with a code: set by the app when the holder's device
/// key is the permit's current device, taken away when it is not. The boot script sends the
/// card entry's requests before the entry has loaded only for this holder, so nobody else's
/// page asks for a permit, photo or device that is not there (`handover::set_card_holder`).
pub const CARD_HOLDER: &str = "permit.card_holder";
