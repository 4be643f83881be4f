//! Browser services behind small Rust APIs. Only this module touches `web_sys` for them.

// The live card's browser services live in `permit_card`, which the card entry shares.
pub use permit_card::{crypto, idb, js, perf, screen, visibility};

pub mod blob;
pub mod camera;
pub mod document;
pub mod early;
pub mod events;
pub mod image;
pub mod network;
pub mod qr_reader;
pub mod random;
pub mod service_worker;
pub mod signature_check;
pub mod storage;
pub mod time;
