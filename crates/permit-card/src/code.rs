//! One permit code, signed on the phone with the device key (docs/permit-code.md).

use crate::{crypto, device_key::DeviceKey};
use permit_core::token::{normalize_low_s, signed_message, Token};
use wasm_bindgen::JsValue;

/// The code dated `iat` (server time, whole seconds), as the counter scans it.
pub async fn make_code(key: &DeviceKey, iat: i64) -> Result<String, JsValue> {
    let mut signature = crypto::sign(&key.private, &signed_message(&key.device_id, iat)).await?;
    normalize_low_s(&mut signature);
    Ok(Token { device_id: key.device_id, iat, signature }.encode())
}
