//! `Idempotency-Key` on writes: the first successful answer is stored with the records (so it
//! survives a restart) and a retry with the same key gets that answer, never a second record.
//!
//! - **Scope**: a key belongs to its caller and its route. The caller is the signed-in person
//!   (and whom they act for), not the session token, so a retry after signing in again still
//!   finds the first answer; an anonymous caller is its client address. The session is
//!   checked before anything is replayed: a signed-out or expired token gets 401, never a
//!   stored answer.
//! - **No secrets**: sign-in and event tickets answer with secrets (a session token, a demo
//!   code, a ticket). They refuse a key (`idempotency_not_supported`) and are never stored.
//! - **Only 2xx**: a refusal (4xx, a 429 above all) or a failure is not stored: the retry is
//!   decided again.
//! - **Bounded**: answers expire after 24 hours of mock time and the table keeps at most
//!   [`MAX_ROWS`]; writes are serialized per key (striped locks), not behind one global lock.
//!
//! A key reused for a different request is refused (`idempotency_key_reused`).

use crate::{error::ApiError, limits::ClientAddr, session, state::AppState, store::StoredAnswer};
use axum::{
    body::{to_bytes, Body},
    extract::{FromRequestParts, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use permit_core::api::IDEMPOTENCY_KEY_HEADER;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Marks a replayed answer, so clients and tests can tell.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// How long a stored answer is replayed (mock time).
pub const TTL_MS: i64 = 24 * 3600 * 1000;
/// The most answers kept; past it the oldest go first.
pub const MAX_ROWS: i64 = 10_000;

/// Routes whose answers are secrets: a key is refused there.
const NOT_REPLAYABLE: [&str; 4] = ["/api/v1/auth/otp", "/api/v1/auth/session", "/api/v1/devices/otp", "/api/v1/events/ticket"];

const STRIPES: usize = 64;

/// One lock per stripe of keys: a retry racing its original waits and then replays, while
/// unrelated writes go on.
#[derive(Clone)]
pub struct KeyLocks(Arc<[tokio::sync::Mutex<()>; STRIPES]>);

impl Default for KeyLocks {
    fn default() -> Self {
        Self(Arc::new(std::array::from_fn(|_| tokio::sync::Mutex::new(()))))
    }
}

impl KeyLocks {
    fn for_key(&self, scope: &str, key: &str) -> &tokio::sync::Mutex<()> {
        let h = Sha256::new().chain_update(scope).chain_update([0]).chain_update(key).finalize();
        &self.0[usize::from(h[0]) % STRIPES]
    }
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_write = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    let key = request.headers().get(IDEMPOTENCY_KEY_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (true, Some(key)) = (is_write, key) else {
        return next.run(request).await;
    };
    if key.is_empty() || key.len() > 200 {
        return ApiError::bad_request("invalid_idempotency_key", "an Idempotency-Key has 1 to 200 characters").into_response();
    }
    if NOT_REPLAYABLE.contains(&request.uri().path()) {
        return ApiError::bad_request(
            "idempotency_not_supported",
            "this route answers with a secret, which is never stored: send it without an Idempotency-Key",
        )
        .into_response();
    }
    let (mut parts, body) = request.into_parts();
    let caller = match session::signed_in(&state, &parts.headers) {
        Ok(Some(s)) => format!("person:{}", s.person_id),
        Ok(None) => {
            let ClientAddr(ip) = match ClientAddr::from_request_parts(&mut parts, &state).await {
                Ok(addr) => addr,
                Err(never) => match never {},
            };
            format!("anonymous:{}", ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()))
        }
        Err(e) => return e.into_response(),
    };
    let acting = parts.headers.get(permit_core::api::ACTING_FOR_HEADER).map(|v| v.as_bytes().to_vec()).unwrap_or_default();
    let scope = crate::ids::hex(
        &Sha256::new()
            .chain_update(&caller)
            .chain_update(b"\0acting-for\0")
            .chain_update(&acting)
            .chain_update(b"\0route\0")
            .chain_update(parts.method.as_str())
            .chain_update(b" ")
            .chain_update(parts.uri.path())
            .finalize(),
    );
    let Ok(bytes) = to_bytes(body, crate::MAX_BODY_BYTES).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "the request body is too large").into_response();
    };
    let request_hash = crate::ids::hex(
        &Sha256::new().chain_update(parts.method.as_str()).chain_update(parts.uri.to_string()).chain_update(&bytes).finalize(),
    );

    let _guard = state.idempotency_locks.for_key(&scope, &key).lock().await;
    let now = state.clock.now_ms();
    match state.store.stored_answer(&scope, &key, now, TTL_MS) {
        Ok(Some(stored)) => return replay(stored, &request_hash),
        Ok(None) => {}
        Err(e) => return e.into_response(),
    }

    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if !response.status().is_success() {
        return response;
    }
    let (res_parts, res_body) = response.into_parts();
    let Ok(res_bytes) = to_bytes(res_body, 4 * 1024 * 1024).await else {
        return ApiError::internal("the answer could not be stored").into_response();
    };
    let content_type = res_parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let answer = StoredAnswer { request_hash, status: res_parts.status.as_u16(), content_type, body: res_bytes.to_vec() };
    if let Err(e) = state.store.store_answer(&scope, &key, &answer, state.clock.now_ms(), TTL_MS, MAX_ROWS) {
        return e.into_response();
    }
    Response::from_parts(res_parts, Body::from(res_bytes))
}

fn replay(stored: StoredAnswer, request_hash: &str) -> Response {
    if stored.request_hash != request_hash {
        return ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request",
        )
        .into_response();
    }
    let mut res = (StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK), stored.body).into_response();
    if let Ok(v) = HeaderValue::from_str(&stored.content_type) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    res
}
