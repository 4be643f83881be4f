//! What the app keeps on this phone in IndexedDB, one record kind per module: the device key
//! (kept across sign-outs), the last permit seen online (for the offline card), an encoded
//! photo and the pages of a document waiting for their upload. Reactive state lives in `state/`; form drafts, which are
//! reactive and small, live there in local storage.

// The device key's record is shared with the card entry (`permit_card::device_key`).
pub use permit_card::device_key;
pub mod material_draft;
pub mod permit_cache;
pub mod photo_draft;

use crate::platform::{idb, storage};

/// Every form draft's local-storage key starts with this, whoever the holder
/// (`state::drafts` files each draft under it).
pub const DRAFT_PREFIX: &str = "permit.draft.";

/// Forgets every local copy of personal data: form drafts, the cached permits of the
/// signed-in person and of anyone they acted for, photos and document pages waiting for
/// upload. Device keys stay: they sign nothing without a permit on screen, and signing in
/// again then needs no new registration.
pub async fn forget_personal_data() {
    storage::remove_prefixed(DRAFT_PREFIX);
    permit_card::handover::set_card_holder(None);
    let _ = idb::delete_prefixed(&[permit_cache::PREFIX, photo_draft::PREFIX, material_draft::PREFIX]).await;
}
