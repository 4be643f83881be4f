//! The last permit, photo and code policy seen online, so the card and its code work offline
//! after one online visit. Kept in IndexedDB per holder; cleared at sign-out.

use crate::platform::{idb, js};
use js_sys::{Object, Reflect, Uint8Array};
use permit_core::{api::permit::Permit, token::CodePolicy};
use wasm_bindgen::JsValue;

#[derive(Clone)]
pub struct Cached {
    pub permit: Permit,
    pub photo: Option<Vec<u8>>,
    pub policy: CodePolicy,
}

/// Every record of this cache starts with this, whoever the holder.
pub const PREFIX: &str = "permit:";

fn key(holder: &str) -> String {
    format!("{PREFIX}{holder}")
}

pub async fn load(holder: &str) -> Option<Cached> {
    let value = idb::get(&key(holder)).await.ok()??;
    let permit = serde_json::from_str(&js::get(&value, "permit")?.as_string()?).ok()?;
    let policy = serde_json::from_str(&js::get(&value, "policy")?.as_string()?).ok()?;
    let photo = js::get(&value, "photo").map(|p| Uint8Array::new(&p).to_vec());
    Some(Cached { permit, photo, policy })
}

pub async fn save(holder: &str, cached: &Cached) -> Result<(), JsValue> {
    let record = Object::new();
    let json = |v: String| JsValue::from_str(&v);
    Reflect::set(&record, &"permit".into(), &json(serde_json::to_string(&cached.permit).unwrap_or_default()))?;
    Reflect::set(&record, &"policy".into(), &json(serde_json::to_string(&cached.policy).unwrap_or_default()))?;
    if let Some(photo) = &cached.photo {
        Reflect::set(&record, &"photo".into(), &Uint8Array::from(photo.as_slice()))?;
    }
    idb::put(&key(holder), &record).await
}

pub async fn forget(holder: &str) {
    let _ = idb::delete(&key(holder)).await;
}
