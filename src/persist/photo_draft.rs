//! The encoded photo kept in IndexedDB with its idempotency key until the backend has it, so
//! a failed upload, a closed tab or a reload loses nothing and a retry is the same upload.

use crate::platform::{idb, js, random};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

#[derive(Clone)]
pub struct PhotoDraft {
    pub jpeg: Vec<u8>,
    pub key: String,
}

/// Every photo draft's record starts with this, whoever the holder.
pub const PREFIX: &str = "photo-draft:";

fn record_key(holder: &str) -> String {
    format!("{PREFIX}{holder}")
}

pub async fn load(holder: &str) -> Option<PhotoDraft> {
    let v = idb::get(&record_key(holder)).await.ok()??;
    Some(PhotoDraft {
        jpeg: Uint8Array::new(&js::get(&v, "jpeg")?).to_vec(),
        key: js::get(&v, "key")?.as_string()?,
    })
}

/// Keeps a newly encoded photo, with a new key for its upload.
pub async fn save_new(holder: &str, jpeg: Vec<u8>) -> PhotoDraft {
    let draft = PhotoDraft { jpeg, key: random::uuid() };
    let record = Object::new();
    let _ = Reflect::set(&record, &"jpeg".into(), &Uint8Array::from(draft.jpeg.as_slice()));
    let _ = Reflect::set(&record, &"key".into(), &JsValue::from_str(&draft.key));
    let _ = idb::put(&record_key(holder), &record).await;
    draft
}

pub async fn clear(holder: &str) {
    let _ = idb::delete(&record_key(holder)).await;
}
