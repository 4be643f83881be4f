//! `Idempotency-Key` on writes: the first successful answer is stored with the records (so it
//! survives a restart) and a retry with the same key gets that answer, never a second record.
//!
//! - **Scope**: a key belongs to its caller and its route. The caller is the signed-in person
//!   (and whom they act for), not the session token, so a retry after signing in again still
//!   finds the first answer; an anonymous caller is its client address. The session is
//!   checked before anything is replayed: a signed-out or expired token gets 401, never a
//!   stored answer.
//! - **No secrets**: sign-in, device codes, event tickets and the test-only code read answer
//!   with secrets (a session token, a one-time code, a ticket). They refuse any key
//!   (`idempotency_not_supported`) and are never stored: [`NOT_REPLAYABLE`]. Each refusing
//!   operation says so in its OpenAPI responses; every other write declares the header. The
//!   public routes that open a shared copy (`/api/v1/public/...`, POST only so that the link's
//!   secret travels in a body, not a URL) make nothing to repeat and refuse a key too.
//! - **One secret is stored**: making a share (`POST /api/v1/shares`) answers with its link's
//!   secret and takes a key all the same. A retry that made a second share would be worse: the
//!   holder would never see the first one's link, which would stay valid, unknown to them. The
//!   stored answer is no easier to reach than the share itself (the same database holds the
//!   statement the secret opens), and it expires with the others.
//! - **Only 2xx**: a refusal (4xx, a 429 above all) or a failure is not stored: the retry is
//!   decided again.
//! - **Bounded**: answers expire after 24 hours of mock time and the table keeps at most
//!   [`MAX_ROWS`]; writes are serialized per key (striped locks), not behind one global lock.
//!
//! A key reused for a different request is refused (`idempotency_key_reused`).

use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Marks a replayed answer, so clients and tests can tell.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// How long a stored answer is replayed (mock time).
pub const TTL_MS: i64 = 24 * 3600 * 1000;
/// The most answers kept; past it the oldest go first.
pub const MAX_ROWS: i64 = 10_000;

/// Operations (method, path) whose answers are secrets: a key is refused there. By method as
/// well as path: signing out (`DELETE /api/v1/auth/session`) answers no secret and takes a key.
pub const NOT_REPLAYABLE: [(&str, &str); 5] = [
    ("POST", "/api/v1/auth/otp"),
    ("POST", "/api/v1/auth/session"),
    ("POST", "/api/v1/devices/otp"),
    ("POST", "/api/v1/events/ticket"),
    ("POST", "/api/v1/test/otp"),
];

/// Where the public routes are: anonymous reads of a shared copy, sent as POST.
pub const PUBLIC_PREFIX: &str = "/api/v1/public/";

/// Whether `method path` refuses an `Idempotency-Key` (see [`NOT_REPLAYABLE`] and
/// [`PUBLIC_PREFIX`]).
pub fn refuses_key(method: &str, path: &str) -> bool {
    NOT_REPLAYABLE.iter().any(|(m, p)| m.eq_ignore_ascii_case(method) && *p == path) || path.starts_with(PUBLIC_PREFIX)
}

const STRIPES: usize = 64;

/// One lock per stripe of keys: a retry racing its original waits and then replays, while
/// unrelated writes go on.
#[derive(Clone)]
pub struct KeyLocks(Arc<[tokio::sync::Mutex<()>; STRIPES]>);

impl Default for KeyLocks {
    fn default() -> Self {
        Self(Arc::new(std::array::from_fn(|_| tokio::sync::Mutex::new(()))))
    }
}

impl KeyLocks {
    pub fn for_key(&self, scope: &str, key: &str) -> &tokio::sync::Mutex<()> {
        let h = Sha256::new().chain_update(scope).chain_update([0]).chain_update(key).finalize();
        &self.0[usize::from(h[0]) % STRIPES]
    }
}
