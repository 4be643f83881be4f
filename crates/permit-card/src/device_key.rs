//! This phone's device key for the signed-in holder, kept in IndexedDB: the non-extractable
//! private key and the device id the backend gave it. One record per holder, so a shared
//! family phone keeps each person's key apart.

use crate::{idb, js};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

#[derive(Clone)]
pub struct DeviceKey {
    pub device_id: [u8; 8],
    pub private: CryptoKey,
}

fn record_key(holder: &str) -> String {
    format!("device:{holder}")
}

pub async fn load(holder: &str) -> Option<DeviceKey> {
    let value = idb::get(&record_key(holder)).await.ok()??;
    let hex = js::get(&value, "deviceId")?.as_string()?;
    let private: CryptoKey = js::get(&value, "privateKey")?.dyn_into().ok()?;
    Some(DeviceKey { device_id: parse_hex(&hex)?, private })
}

pub async fn save(holder: &str, key: &DeviceKey) -> Result<(), JsValue> {
    let record = Object::new();
    Reflect::set(&record, &"deviceId".into(), &JsValue::from_str(&hex(&key.device_id)))?;
    Reflect::set(&record, &"privateKey".into(), &key.private)?;
    idb::put(&record_key(holder), &record).await
}

pub async fn forget(holder: &str) {
    let _ = idb::delete(&record_key(holder)).await;
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn parse_hex(s: &str) -> Option<[u8; 8]> {
    if s.len() != 16 {
        return None;
    }
    let mut out = [0u8; 8];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}
