//! Middleware that needs the app's state: it sits above `state`, which depends only on the
//! plain types (`faults::Faults`, `idempotency::KeyLocks`, `limits::Limits`).

pub mod faults;
pub mod idempotency;
