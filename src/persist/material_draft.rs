//! The pages of a document being put together, kept in IndexedDB until every page reached the
//! backend, so a reload, a closed tab or a failed upload loses no page, and the retry sends the
//! same pages under the same idempotency key. One record per holder, request and condition.

use crate::platform::{idb, js, random};
use js_sys::{Array, Object, Reflect, Uint8Array};
use permit_core::materials::MaterialKind;
use wasm_bindgen::JsValue;

/// Every material draft's record starts with this, whoever the holder.
pub const PREFIX: &str = "material-draft:";

#[derive(Clone, Debug, PartialEq)]
pub struct DraftPage {
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `application/pdf`.
    pub content_type: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MaterialDraft {
    pub kind: MaterialKind,
    pub pages: Vec<DraftPage>,
    /// The document's upload key; page `n` is sent as `{key}-{n}`.
    pub key: String,
}

impl MaterialDraft {
    pub fn new(kind: MaterialKind) -> Self {
        Self { kind, pages: Vec::new(), key: random::uuid() }
    }
}

fn record_key(holder: &str, slot: &str) -> String {
    format!("{PREFIX}{holder}:{slot}")
}

pub async fn load(holder: &str, slot: &str) -> Option<MaterialDraft> {
    let v = idb::get(&record_key(holder, slot)).await.ok()??;
    let kind = serde_json::from_str(&js::get(&v, "kind")?.as_string()?).ok()?;
    let key = js::get(&v, "key")?.as_string()?;
    let pages = Array::from(&js::get(&v, "pages")?)
        .iter()
        .filter_map(|p| {
            Some(DraftPage { bytes: Uint8Array::new(&js::get(&p, "bytes")?).to_vec(), content_type: js::get(&p, "type")?.as_string()? })
        })
        .collect();
    Some(MaterialDraft { kind, pages, key })
}

pub async fn save(holder: &str, slot: &str, draft: &MaterialDraft) {
    let record = Object::new();
    let set = |o: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &k.into(), v);
    };
    set(&record, "kind", &JsValue::from_str(&serde_json::to_string(&draft.kind).unwrap_or_default()));
    set(&record, "key", &JsValue::from_str(&draft.key));
    let pages = Array::new();
    for p in &draft.pages {
        let page = Object::new();
        set(&page, "bytes", &Uint8Array::from(p.bytes.as_slice()));
        set(&page, "type", &JsValue::from_str(&p.content_type));
        pages.push(&page);
    }
    set(&record, "pages", &pages);
    let _ = idb::put(&record_key(holder, slot), &record).await;
}

pub async fn clear(holder: &str, slot: &str) {
    let _ = idb::delete(&record_key(holder, slot)).await;
}
