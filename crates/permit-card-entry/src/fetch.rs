//! The answers to the entry's four GETs, read without serde: JSON by `Response.json()`, the
//! photo as a blob URL (never copied through wasm memory). Each answer's server time corrects
//! the clock the codes are dated by, as the app's API client does. The boot script usually
//! sends the requests (`xtask/src/split.rs`), while this wasm is still downloading.

use permit_card::js::{self, await_promise};
use permit_card::storage_keys::CLOCK_OFFSET as CLOCK_OFFSET_KEY;
use permit_core::{api::SERVER_TIME_HEADER, token::CodePolicy};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{RequestInit, Response};

/// The permit, the code policy and the device still active, in this order: the boot script
/// asks for the same three (`BOOT_SCRIPT` in `xtask/src/split.rs`).
pub const CARD_REQUESTS: [&str; 3] = ["/api/v1/permit", "/api/v1/code-policy", "/api/v1/devices/current"];

/// The holder's photo, asked for once the code shows.
pub const PHOTO: &str = "/api/v1/permit/photo";

pub struct Api {
    token: String,
    offset_ms: Rc<Cell<f64>>,
}

impl Api {
    pub fn new(token: &str) -> Self {
        let stored = js::window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(CLOCK_OFFSET_KEY).ok().flatten())
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .and_then(|v| v.as_f64())
            .filter(|o| o.is_finite())
            .unwrap_or(0.0);
        Self { token: token.to_owned(), offset_ms: Rc::new(Cell::new(stored)) }
    }

    /// Sends the request now; the answer is awaited with [`Self::json`] or [`Self::blob_url`].
    pub fn get(&self, path: &str) -> js_sys::Promise {
        let headers = js_sys::Array::of1(&js_sys::Array::of2(&"Authorization".into(), &format!("Bearer {}", self.token).into()));
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_headers(&headers);
        js::window().fetch_with_str_and_init(path, &init)
    }

    /// The server's clock: this phone's plus the offset last read off an answer.
    pub fn clock(&self) -> impl Fn() -> f64 {
        let offset = self.offset_ms.clone();
        move || js_sys::Date::now() + offset.get()
    }

    async fn ok(&self, request: js_sys::Promise) -> Option<Response> {
        let response: Response = await_promise(request.into()).await.ok()?.dyn_into().ok()?;
        let server_ms = response.headers().get(SERVER_TIME_HEADER).ok().flatten().and_then(|v| v.trim().parse::<i64>().ok());
        if let Some(ms) = server_ms {
            self.offset_ms.set(ms as f64 - js_sys::Date::now());
        }
        response.ok().then_some(response)
    }

    pub async fn json(&self, request: js_sys::Promise) -> Option<JsValue> {
        let response = self.ok(request).await?;
        await_promise(response.json().ok()?.into()).await.ok()
    }

    pub async fn blob_url(&self, request: js_sys::Promise) -> Option<String> {
        let response = self.ok(request).await?;
        let blob: web_sys::Blob = await_promise(response.blob().ok()?.into()).await.ok()?.dyn_into().ok()?;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }
}

thread_local! {
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
}

/// `request`, marked as handled: when the entry steps aside before it awaits a request that
/// failed (the backend down: the permit's request fails first and the others are never
/// awaited), the failure is not reported as an uncaught rejection. Awaiting it still fails.
pub fn handled(request: js_sys::Promise) -> js_sys::Promise {
    IGNORE.with(|ignore| {
        let _ = request.catch(ignore);
    });
    request
}

/// The backend's code policy, or `None` when a field is missing or out of range.
pub fn policy_from_js(v: &JsValue) -> Option<CodePolicy> {
    let field = |key: &str| {
        js::get(v, key)?.as_f64().filter(|n| *n >= 1.0 && *n <= 86_400.0 && n.fract() == 0.0).map(|n| n as u32)
    };
    Some(CodePolicy { step_s: field("step_s")?, validity_s: field("validity_s")?, future_skew_s: field("future_skew_s").unwrap_or(0) })
}
