//! Browser services behind small Rust APIs. Only this module touches `web_sys` for them.

pub mod blob;
pub mod camera;
pub mod crypto;
pub mod document;
pub mod events;
pub mod idb;
pub mod image;
pub mod js;
pub mod network;
pub mod perf;
pub mod qr_reader;
pub mod random;
pub mod screen;
pub mod service_worker;
pub mod storage;
pub mod time;
pub mod visibility;
