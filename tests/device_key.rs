//! The device key in a real browser: WebCrypto signs, permit-core (compiled to wasm) verifies
//! with the backend's rules; the private key cannot be exported and comes back from IndexedDB.
#![cfg(target_arch = "wasm32")]

use permit_app::{
    platform::crypto,
    persist::device_key::{self as device, DeviceKey},
};
use permit_core::token::{self, normalize_low_s, signed_message, CodePolicy, DeviceRecord, Rejection, Token};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_795_000_000_000;

async fn signed_code(key: &web_sys::CryptoKey, device_id: [u8; 8], iat: i64) -> String {
    let mut signature = crypto::sign(key, &signed_message(&device_id, iat)).await.unwrap();
    normalize_low_s(&mut signature);
    Token { device_id, iat, signature }.encode()
}

#[wasm_bindgen_test]
async fn webcrypto_signatures_verify_with_the_backend_rules() {
    let pair = crypto::generate().await.unwrap();
    assert_eq!(pair.public_raw.len(), 65);
    assert_eq!(pair.public_raw[0], 0x04, "uncompressed SEC1 point");
    let record = DeviceRecord { public_key: pair.public_raw.clone(), active: true, last_accepted_iat: None };
    let policy = CodePolicy::default();
    // ECDSA signatures are randomized and WebCrypto returns high-S about half the time: sign
    // many so both halves are exercised through normalize_low_s.
    for i in 0..24 {
        let iat = NOW_MS / 1000 - i;
        let code = signed_code(&pair.private, [i as u8; 8], iat).await;
        let verified = token::verify(&code, |_| Some(record.clone()), NOW_MS, &policy).unwrap();
        assert_eq!(verified.iat, iat);
    }
    let other = crypto::generate().await.unwrap();
    let stranger = DeviceRecord { public_key: other.public_raw, ..record };
    let code = signed_code(&pair.private, [1; 8], NOW_MS / 1000).await;
    assert_eq!(token::verify(&code, |_| Some(stranger), NOW_MS, &policy), Err(Rejection::Forged));
}

#[wasm_bindgen_test]
async fn the_private_key_cannot_be_exported() {
    let pair = crypto::generate().await.unwrap();
    assert!(!crypto::is_extractable(&pair.private));
    let err = crypto::try_export(&pair.private).await.unwrap_err();
    let name = js_sys::Reflect::get(&err, &"name".into()).unwrap().as_string().unwrap();
    assert_eq!(name, "InvalidAccessError");
}

#[wasm_bindgen_test]
async fn the_key_comes_back_from_indexeddb_and_still_signs() {
    let pair = crypto::generate().await.unwrap();
    let key = DeviceKey { device_id: [9, 8, 7, 6, 5, 4, 3, 2], private: pair.private };
    device::save("test-holder", &key).await.unwrap();
    let loaded = device::load("test-holder").await.expect("stored key");
    assert_eq!(loaded.device_id, key.device_id);
    assert!(!crypto::is_extractable(&loaded.private), "still not exportable after the round trip");
    let record = DeviceRecord { public_key: pair.public_raw, active: true, last_accepted_iat: None };
    let code = signed_code(&loaded.private, loaded.device_id, NOW_MS / 1000).await;
    assert!(token::verify(&code, |_| Some(record), NOW_MS, &CodePolicy::default()).is_ok());
    device::forget("test-holder").await;
    assert!(device::load("test-holder").await.is_none());
}
