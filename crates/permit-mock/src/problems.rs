//! Every error under `/api/` is a problem document, including the ones axum makes itself
//! (a bad query string, an unknown route, a wrong method): this turns any bare error answer
//! into `application/problem+json` with a stable code and axum's text as the detail.

use permit_core::api::ErrorCode;
use crate::error::ApiError;
use axum::{
    body::to_bytes,
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn middleware(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !is_api || is_problem || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let text = to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&text).trim().to_owned();
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidFields,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let detail = if detail.is_empty() { status.canonical_reason().unwrap_or("error").to_lowercase() } else { detail };
    ApiError::new(status, code, detail).into_response()
}
