//! File uploads with progress. `fetch` cannot report upload progress, so this one request
//! uses `XMLHttpRequest`. It is a method of the same [`Http`](super::http::Http) as every other
//! call: the same headers, the same server clock, the same errors (a 401 signs out here too).

use crate::error::AppError;
use leptos::prelude::*;
use permit_core::api::{IDEMPOTENCY_KEY_HEADER, SERVER_TIME_HEADER};
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

impl super::http::Http<'_> {
    /// Sends `body` as `content_type` with the same headers, server clock and error mapping
    /// as every other request.
    pub(super) async fn upload<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        body: &web_sys::Blob,
        content_type: &str,
        progress: Progress,
        cancel: CancelUpload,
    ) -> Result<T, AppError> {
        let xhr = XmlHttpRequest::new().map_err(|_| AppError::Network)?;
        *cancel.0.borrow_mut() = Some(xhr.clone());
        xhr.open("POST", path).map_err(|_| AppError::Network)?;
        for (name, value) in self.headers() {
            let _ = xhr.set_request_header(name, &value);
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
        self.observe_server_time(xhr.get_response_header(SERVER_TIME_HEADER).ok().flatten().as_deref());
        let body = xhr.response_text().ok().flatten().unwrap_or_default();
        match status {
            0 => Err(AppError::Network),
            200..=299 => serde_json::from_str(&body).map_err(|_| AppError::Decode),
            _ => Err(self.refused(status, &body)),
        }
    }
}
