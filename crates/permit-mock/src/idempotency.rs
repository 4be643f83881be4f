//! `Idempotency-Key` on writes: the first answer is stored with the records (so it survives a
//! restart) and every retry with the same key gets that answer, never a second record. A key
//! reused for a different request is refused. Keys are scoped to the caller's session token,
//! so one user's key never returns another's answer.

use crate::{error::ApiError, state::AppState};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use permit_core::api::IDEMPOTENCY_KEY_HEADER;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// Marks a replayed answer, so clients and tests can tell.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_write = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    let key = request.headers().get(IDEMPOTENCY_KEY_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (true, Some(key)) = (is_write, key) else {
        return next.run(request).await;
    };
    if key.is_empty() || key.len() > 200 {
        return ApiError::bad_request("invalid_idempotency_key", "an Idempotency-Key has 1 to 200 characters").into_response();
    }
    let scope = match request.headers().get(header::AUTHORIZATION) {
        None => "anonymous".to_owned(),
        Some(auth) => {
            let mut h = Sha256::new();
            h.update(auth.as_bytes());
            if let Some(acting) = request.headers().get(permit_core::api::ACTING_FOR_HEADER) {
                h.update(b"\0acting-for\0");
                h.update(acting.as_bytes());
            }
            crate::ids::hex(&h.finalize())
        }
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, crate::MAX_BODY_BYTES).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "the request body is too large").into_response();
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str());
    hasher.update(parts.uri.to_string());
    hasher.update(&bytes);
    let request_hash = crate::ids::hex(&hasher.finalize());

    // One idempotent write at a time: a retry racing its original waits and then replays.
    let _guard = state.idempotency_lock.lock().await;
    let stored: Option<(String, u16, String, Vec<u8>)> = match state
        .store
        .conn()
        .query_row(
            "SELECT request_hash, status, content_type, body FROM idempotency WHERE scope = ?1 AND key = ?2",
            params![scope, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
    {
        Ok(s) => s,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if let Some((hash, status, content_type, body)) = stored {
        if hash != request_hash {
            return ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request",
            )
            .into_response();
        }
        let mut res = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
        if let Ok(v) = HeaderValue::from_str(&content_type) {
            res.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        res.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        return res;
    }

    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    // Server errors are not stored: the write did not happen, so a retry should try again.
    if response.status().is_server_error() {
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
    if let Err(e) = state.store.conn().execute(
        "INSERT INTO idempotency (scope, key, request_hash, status, content_type, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![scope, key, request_hash, res_parts.status.as_u16(), content_type, res_bytes.to_vec(), state.clock.now_ms()],
    ) {
        return ApiError::from(e).into_response();
    }
    Response::from_parts(res_parts, Body::from(res_bytes))
}
