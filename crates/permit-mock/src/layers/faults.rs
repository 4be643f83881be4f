//! Injected faults (`PUT /test/faults`, `--fault`): latency, 503 answers and dropped
//! connections per request class.

use permit_core::api::ErrorCode;
use crate::{error::ApiError, faults::classify, state::AppState};
use axum::{
    body::Body,
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use rand::Rng;
use std::time::Duration;

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(fault) = classify(request.method(), request.uri().path()).and_then(|c| state.faults.get(c)) else {
        return next.run(request).await;
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    let (fail, drop) = {
        let mut rng = rand::rng();
        (rng.random_bool(fault.error_rate), rng.random_bool(fault.drop_rate))
    };
    if fail {
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::InjectedFault, "a fault was injected into this request class")
            .into_response();
    }
    let response = next.run(request).await;
    if drop {
        // The request was handled; the client never hears the answer. A body that fails makes
        // the server abort the connection mid-response, as a dropped network would.
        let failing = futures_util::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("injected drop"))
        });
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from_stream(failing));
    }
    response
}

