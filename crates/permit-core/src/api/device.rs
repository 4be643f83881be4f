//! The device key that signs permit codes.

use crate::token::CodePolicy;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterDeviceRequest {
    /// The P-256 public key, uncompressed SEC1 (65 bytes), base64 (standard alphabet).
    pub public_key: String,
    /// A fresh one-time code (from POST /api/v1/auth/otp) proving the phone is the holder's.
    pub otp: String,
    /// A name for the device the holder will recognize, e.g. "iPhone Safari".
    #[serde(default)]
    pub label: String,
    /// Also sign out every other session of this person (offered when a new phone takes
    /// over the permit).
    #[serde(default)]
    pub sign_out_others: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Device {
    /// 16 hex digits: the 8-byte device id inside every code.
    pub device_id: String,
    pub label: String,
    pub registered_at_ms: i64,
    pub active: bool,
    pub policy: CodePolicy,
}
