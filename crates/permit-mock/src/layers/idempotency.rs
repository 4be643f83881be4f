//! The `Idempotency-Key` middleware; the rules are in `crate::idempotency`.

use permit_core::api::ErrorCode;
use crate::{
    client_addr::ClientAddr,
    error::ApiError,
    idempotency::{refuses_key, MAX_ROWS, REPLAYED_HEADER, TTL_MS},
    session,
    state::AppState,
    store::StoredAnswer,
};
use axum::{
    body::{to_bytes, Body},
    extract::{FromRequestParts, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use permit_core::api::IDEMPOTENCY_KEY_HEADER;
use sha2::{Digest, Sha256};

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_write = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    // `Some(None)`: a key was sent but is not text (bytes outside visible ASCII).
    let key = request.headers().get(IDEMPOTENCY_KEY_HEADER).map(|v| v.to_str().ok().map(str::to_owned));
    let (true, Some(key)) = (is_write, key) else {
        return next.run(request).await;
    };
    // Refused whatever the key looks like: these operations document only this refusal.
    if refuses_key(request.method().as_str(), request.uri().path()) {
        return ApiError::bad_request(
            ErrorCode::IdempotencyNotSupported,
            "this route takes no Idempotency-Key (its answer is a secret, never stored, or it makes nothing to repeat): send it without one",
        )
        .into_response();
    }
    let Some(key) = key.filter(|k| !k.is_empty() && k.len() <= 200) else {
        return ApiError::bad_request(ErrorCode::InvalidIdempotencyKey, "an Idempotency-Key is 1 to 200 visible ASCII characters")
            .into_response();
    };
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
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge, "the request body is too large").into_response();
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
            ErrorCode::IdempotencyKeyReused,
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
