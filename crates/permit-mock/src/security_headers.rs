//! Headers on every response, API and static alike. The app's HTML carries its own strict
//! CSP (scripts by hash, see `static_files`); API answers get a CSP that allows nothing, so
//! a JSON or JPEG answer opened as a page can never run anything. Static scripts get none:
//! a worker script's own CSP would govern the worker and forbid it to load its wasm.
//!
//! `Permissions-Policy` allows the camera to this origin only (the photo tool and the
//! counter scanner; a single-page app cannot narrow it per route) and nothing else.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

const PERMISSIONS: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), \
     bluetooth=(), display-capture=(), browsing-topics=()";
const LOCKED_DOWN_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub async fn middleware(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::HeaderName::from_static("permissions-policy"), PERMISSIONS);
    set(header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    if is_api && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(LOCKED_DOWN_CSP));
    }
    // Personal data is never kept by a shared or browser cache unless a handler says otherwise.
    if is_api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
