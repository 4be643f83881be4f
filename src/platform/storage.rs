//! Local storage as typed JSON. Storage can be missing (private mode, a locked-down webview)
//! or full: then values are simply not kept, and the app still works for this visit.

use serde::{de::DeserializeOwned, Serialize};

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = local()?.get_item(key).ok()??;
    serde_json::from_str(&raw).ok()
}

pub fn set_json<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(raw)) = (local(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &raw);
    }
}

pub fn get_string(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

pub fn set_string(key: &str, value: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes every key that starts with `prefix`.
pub fn remove_prefixed(prefix: &str) {
    let Some(storage) = local() else { return };
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..len).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}
