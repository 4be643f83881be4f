//! Random identifiers for records. Unguessable, so one person cannot reach another's record
//! by counting.

use rand::RngCore;

/// `prefix` and 16 hex digits, e.g. `app-3f9c0a1b2c3d4e5f`.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}-{}", hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
