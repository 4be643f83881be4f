//! Checking what someone else signed, by WebCrypto: the issuer's ES256 signature on a shared
//! copy, and the SHA-256 of its photo (docs/sharing.md). The page checks the statement itself
//! rather than trusting the answer that carried it.

use super::js::await_promise;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CryptoKey, EcKeyImportParams, EcdsaParams, SubtleCrypto};

fn subtle() -> Result<SubtleCrypto, JsValue> {
    Ok(super::js::window().crypto()?.subtle())
}

/// Whether `signature` (`r || s`) over `message` holds for the P-256 public key `sec1`
/// (uncompressed, 65 bytes): ES256 as a JWS uses it. A key WebCrypto refuses is an error.
pub async fn es256_holds(sec1: &[u8], signature: &[u8; 64], message: &[u8]) -> Result<bool, JsValue> {
    let subtle = subtle()?;
    let params = EcKeyImportParams::new("ECDSA");
    params.set_named_curve("P-256");
    let usages = Array::of1(&JsValue::from_str("verify"));
    let key_data = Uint8Array::from(sec1);
    let key: CryptoKey =
        await_promise(subtle.import_key_with_object("raw", &key_data, &params, false, &usages)?.into()).await?.unchecked_into();
    let algorithm = EcdsaParams::new_with_str("ECDSA", "SHA-256");
    let holds = await_promise(subtle.verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, message)?.into()).await?;
    Ok(holds.as_bool() == Some(true))
}

/// SHA-256 of `bytes`, lowercase hex.
pub async fn sha256_hex(bytes: &[u8]) -> Result<String, JsValue> {
    let digest = await_promise(subtle()?.digest_with_str_and_u8_array("SHA-256", bytes)?.into()).await?;
    Ok(Uint8Array::new(&digest).to_vec().iter().map(|b| format!("{b:02x}")).collect())
}
