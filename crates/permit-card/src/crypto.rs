//! The device key: an ECDSA P-256 key pair made by WebCrypto with a **non-extractable**
//! private key, so no script (and no devtools user) can copy it off the phone. Signatures are
//! raw `r || s` (IEEE P1363), 64 bytes.

use super::js::await_promise;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CryptoKey, CryptoKeyPair, EcKeyGenParams, EcdsaParams, SubtleCrypto};

fn subtle() -> Result<SubtleCrypto, JsValue> {
    // Missing outside a secure context (plain http on a LAN address).
    Ok(super::js::window().crypto()?.subtle())
}

pub struct KeyPair {
    pub private: CryptoKey,
    /// Uncompressed SEC1 point, 65 bytes.
    pub public_raw: Vec<u8>,
}

pub async fn generate() -> Result<KeyPair, JsValue> {
    let subtle = subtle()?;
    let params = EcKeyGenParams::new("ECDSA", "P-256");
    let usages = Array::of1(&JsValue::from_str("sign"));
    // CryptoKeyPair is a dictionary, not a class: `instanceof` cannot check it.
    let pair: CryptoKeyPair = await_promise(subtle.generate_key_with_object(&params, false, &usages)?.into())
        .await?
        .unchecked_into();
    let public = pair.get_public_key();
    let raw = await_promise(subtle.export_key("raw", &public)?.into()).await?;
    Ok(KeyPair { private: pair.get_private_key(), public_raw: Uint8Array::new(&raw).to_vec() })
}

/// Signs `message` with SHA-256; the 64-byte raw signature.
pub async fn sign(key: &CryptoKey, message: &[u8]) -> Result<[u8; 64], JsValue> {
    let params = EcdsaParams::new_with_str("ECDSA", "SHA-256");
    let out = await_promise(subtle()?.sign_with_object_and_u8_array(&params, key, message)?.into()).await?;
    Uint8Array::new(&out)
        .to_vec()
        .try_into()
        .map_err(|_| JsValue::from_str("a P-256 signature is 64 bytes"))
}

/// Whether the key can be exported (it must not be).
pub fn is_extractable(key: &CryptoKey) -> bool {
    key.extractable()
}

/// Tries to export the private key; Ok means it leaked. For tests.
pub async fn try_export(key: &CryptoKey) -> Result<JsValue, JsValue> {
    await_promise(subtle()?.export_key("pkcs8", key)?.into()).await
}
