//! The live card's browser side with no framework. The app (Leptos) and the card entry (a
//! small module that shows a returning holder's code before the app has loaded, issue 18)
//! both draw the card with these widgets and sign with this device key, so there is one card.
//!
//! Browser services, one per module: `js` (property and promise glue), `crypto` (WebCrypto
//! keys and signatures), `idb` (IndexedDB), `perf` (User Timing), `screen`, `time`,
//! `visibility`. The device key: `device_key`.

pub mod crypto;
pub mod device_key;
pub mod idb;
pub mod js;
pub mod perf;
pub mod screen;
pub mod time;
pub mod visibility;

pub mod code;
pub mod dom;
pub mod face;
pub mod handover;
pub mod live_view;
pub mod permit_js;
pub mod qr;
pub mod ring;
pub mod storage_keys;
pub mod text;
pub mod watermark;
