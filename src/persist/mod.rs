//! What the app keeps on this phone in IndexedDB, one record kind per module: the device key
//! (kept across sign-outs), the last permit seen online (for the offline card) and an encoded
//! photo waiting for its upload. Reactive state lives in `state/`; form drafts, which are
//! reactive and small, live there in local storage.

pub mod device_key;
pub mod permit_cache;
pub mod photo_draft;
