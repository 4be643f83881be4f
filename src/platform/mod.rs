//! Browser services behind small Rust APIs. Only this module touches `web_sys` for them.

pub mod document;
pub mod perf;
pub mod storage;
pub mod time;
