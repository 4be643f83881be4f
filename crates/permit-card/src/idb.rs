//! A small key-value store in IndexedDB. It keeps what local storage cannot: `CryptoKey`
//! objects (structured clone keeps them non-extractable) and blobs.

use super::js::{await_promise, window};
use js_sys::Promise;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "gd-epermit";
const STORE: &str = "kv";

/// Resolves with the request's result, or rejects with its error.
fn settle(request: &IdbRequest) -> Promise {
    let request = request.clone();
    Promise::new(&mut |resolve, reject| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    })
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = window().indexed_db()?.ok_or_else(|| JsValue::from_str("IndexedDB unavailable"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, 1)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(db) = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = await_promise(settle(&request).into()).await?;
    drop(upgrade);
    db.dyn_into()
}

pub async fn get(key: &str) -> Result<Option<JsValue>, JsValue> {
    let db = open().await?;
    let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
    let value = await_promise(settle(&store.get(&JsValue::from_str(key))?).into()).await?;
    db.close();
    Ok((!value.is_undefined()).then_some(value))
}

/// Resolves when `transaction` has committed, or rejects when it failed or was aborted. A
/// request's success is not yet a write on disk: a page reloaded between the two loses it.
fn committed(transaction: &IdbTransaction) -> Promise {
    let transaction = transaction.clone();
    Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        // A failed request fires `error`, then the transaction's `abort`: one rejection each
        // (the second is ignored), each its own one-shot closure.
        let failure = |failed: IdbTransaction, reject: js_sys::Function| {
            Closure::once_into_js(move || {
                let error = failed.error().map(JsValue::from).unwrap_or(JsValue::NULL);
                let _ = reject.call1(&JsValue::NULL, &error);
            })
        };
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(failure(transaction.clone(), reject.clone()).unchecked_ref()));
        transaction.set_onabort(Some(failure(transaction.clone(), reject.clone()).unchecked_ref()));
    })
}

/// Stores `value` under `key`; returns once the write has committed.
pub async fn put(key: &str, value: &JsValue) -> Result<(), JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    transaction.object_store(STORE)?.put_with_key(value, &JsValue::from_str(key))?;
    let done = await_promise(committed(&transaction).into()).await;
    db.close();
    done.map(drop)
}

/// Deletes `key`; returns once the deletion has committed.
pub async fn delete(key: &str) -> Result<(), JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    transaction.object_store(STORE)?.delete(&JsValue::from_str(key))?;
    let done = await_promise(committed(&transaction).into()).await;
    db.close();
    done.map(drop)
}

/// Deletes every record whose key starts with one of `prefixes`, in one transaction; returns
/// once it has committed, like [`put`] and [`delete`] (sign-out waits for it).
pub async fn delete_prefixed(prefixes: &[&str]) -> Result<(), JsValue> {
    let db = open().await?;
    let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    let done = committed(&transaction);
    let store = transaction.object_store(STORE)?;
    let keys: js_sys::Array = await_promise(settle(&store.get_all_keys()?).into()).await?.dyn_into()?;
    for key in keys.iter() {
        if key.as_string().is_some_and(|k| prefixes.iter().any(|p| k.starts_with(p))) {
            store.delete(&key)?;
        }
    }
    let done = await_promise(done.into()).await;
    db.close();
    done.map(drop)
}

/// Asks the browser not to evict this origin's storage (the device key lives here).
pub fn ask_persistence() {
    if let Ok(p) = window().navigator().storage().persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = await_promise(p.into()).await;
        });
    }
}
