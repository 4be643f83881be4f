//! The domain rules of the Guangdong electronic residence permit (电子居住证).
//!
//! Pure logic, no I/O: it compiles for `wasm32-unknown-unknown` (the app pre-checks with it
//! for instant feedback) and natively (the mock backend enforces it as the authority).

pub mod api;
pub mod id_number;
pub mod mask;
pub mod phone;

pub use id_number::{CitizenId, IdNumberError, Sex};
