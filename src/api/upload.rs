//! File uploads with progress. `fetch` cannot report upload progress, so this one request
//! uses `XMLHttpRequest`; the answer is read the same way as every other call.

use crate::error::AppError;
use leptos::prelude::*;
use permit_core::api::{Problem, IDEMPOTENCY_KEY_HEADER};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{ProgressEvent, XmlHttpRequest};

/// Share of the upload sent, 0 to 1.
pub type Progress = RwSignal<f64>;

/// Lets the person cancel an upload in flight.
#[derive(Clone, Default)]
pub struct CancelUpload(std::rc::Rc<std::cell::RefCell<Option<XmlHttpRequest>>>);

impl CancelUpload {
    pub fn cancel(&self) {
        if let Some(xhr) = self.0.borrow_mut().take() {
            let _ = xhr.abort();
        }
    }
}

pub(super) async fn send<T: serde::de::DeserializeOwned>(
    path: &str,
    http: super::http::Http<'_>,
    key: &str,
    file: &web_sys::File,
    progress: Progress,
) -> Result<T, AppError> {
    send_body(path, http, key, file.as_ref(), &file.type_(), progress, CancelUpload::default()).await
}

/// Sends `body` as `content_type`.
pub(super) async fn send_body<T: serde::de::DeserializeOwned>(
    path: &str,
    http: super::http::Http<'_>,
    key: &str,
    body: &web_sys::Blob,
    content_type: &str,
    progress: Progress,
    cancel: CancelUpload,
) -> Result<T, AppError> {
    let xhr = XmlHttpRequest::new().map_err(|_| AppError::Network)?;
    *cancel.0.borrow_mut() = Some(xhr.clone());
    xhr.open("POST", path).map_err(|_| AppError::Network)?;
    if let Some(token) = http.token {
        let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(label) = http.acting_for {
        let _ = xhr.set_request_header(permit_core::api::ACTING_FOR_HEADER, label);
    }
    let _ = xhr.set_request_header(IDEMPOTENCY_KEY_HEADER, key);
    let _ = xhr.set_request_header("Content-Type", content_type);
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress.try_set(e.loaded() / e.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        let finished = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        xhr.set_onloadend(Some(finished.unchecked_ref()));
    });
    xhr.send_with_opt_blob(Some(body)).map_err(|_| AppError::Network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(on_progress);
    cancel.0.borrow_mut().take();
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(AppError::Network),
        200..=299 => serde_json::from_str(&body).map_err(|_| AppError::Decode),
        _ => match serde_json::from_str::<Problem>(&body) {
            Ok(p) => Err(p.into()),
            Err(_) if status >= 500 => Err(AppError::Network),
            Err(_) => Err(AppError::Decode),
        },
    }
}
