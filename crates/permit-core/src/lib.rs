//! The domain rules of the Guangdong electronic residence permit (电子居住证).
//!
//! Pure logic, no I/O: it compiles for `wasm32-unknown-unknown` (the app pre-checks with it
//! for instant feedback) and natively (the mock backend enforces it as the authority).

pub mod address;
pub mod api;
pub mod calendar;
pub mod certificate;
pub mod challenge;
pub mod county;
pub mod date_text;
pub mod division;
pub mod eligibility;
pub mod endorsement;
pub mod fees;
pub mod id_number;
pub mod mask;
pub mod page_check;
pub mod materials;
pub mod phone;
pub mod photo;
pub mod photo_check;
pub mod proxy;
pub mod reminder_ics;
pub mod share;
pub mod statement;
pub mod token;

pub use id_number::{CitizenId, IdNumberError, Sex};
