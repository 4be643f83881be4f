//! The signed-in user's event stream (Server-Sent Events).
//!
//! `EventSource` cannot send an `Authorization` header and a session token must never appear
//! in a URL (logs, history). So the app first asks for a ticket: random, single use, valid for
//! a minute, and worthless after the stream opens. A stream belongs to the session that
//! asked for its ticket and closes when that session ends (sign-out, sign-out everywhere,
//! expiry).

use crate::{
    error::{ApiError, Json},
    session::{self, SignedIn},
    state::AppState,
    world::Advanced,
};
use axum::{
    extract::{Query, State},
    response::sse::{Event as SseEvent, KeepAlive, Sse},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use futures_util::{Stream, StreamExt};
use permit_core::api::{events::EventTicket, Problem};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::{convert::Infallible, time::Duration};
use tokio_stream::wrappers::BroadcastStream;

const TICKET_TTL_MS: i64 = 60_000;

fn hash(ticket: &str) -> String {
    crate::ids::hex(&Sha256::digest(ticket.as_bytes()))
}

/// A single-use ticket for opening the event stream.
#[utoipa::path(post, path = "/api/v1/events/ticket", tag = "events", security(("bearer" = [])),
    responses(
        (status = 201, body = EventTicket),
        (status = 400, description = "An `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn ticket(
    State(state): State<AppState>,
    session: SignedIn,
    Advanced(person): Advanced,
) -> Result<(axum::http::StatusCode, Json<EventTicket>), ApiError> {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let ticket = URL_SAFE_NO_PAD.encode(bytes);
    let now = state.clock.now_ms();
    state.store.create_ticket(&hash(&ticket), &person.id, &session.token_hash, now, now + TICKET_TTL_MS)?;
    Ok((axum::http::StatusCode::CREATED, Json(EventTicket { ticket })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StreamQuery {
    /// From POST /api/v1/events/ticket.
    pub ticket: String,
}

/// The stream: `code_verified`, `review_changed`, `message` and `device_revoked` events, each
/// a JSON `Event` in `data`. A comment every 15 s keeps proxies from closing it.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(StreamQuery),
    responses(
        (status = 200, content_type = "text/event-stream",
            description = "Server-sent events: `ready` at once, then one named event per change (`code_verified`, `device_revoked`, `review_changed`, `message`); each `data` is the JSON of that `Event` variant"),
        (status = 400, description = "No `ticket` in the query (`bad_request`)", body = Problem),
        (status = 401, description = "Unknown, used or expired ticket (`unauthorized`)", body = Problem),
    ))]
pub async fn stream(
    State(state): State<AppState>,
    Query(q): Query<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let (person_id, session_hash) =
        state.store.take_ticket(&hash(&q.ticket), state.clock.now_ms())?.ok_or_else(ApiError::unauthorized)?;
    let events = BroadcastStream::new(state.hub.subscribe(&person_id)).filter_map(|e| async move {
        let event = e.ok()?;
        let data = serde_json::to_string(&event).ok()?;
        Some(Ok(SseEvent::default().event(event.name()).data(data)))
    });
    let hello = futures_util::stream::once(async { Ok(SseEvent::default().event("ready").data("{}")) });
    let ended = session_ended(state, session_hash);
    Ok(Sse::new(hello.chain(events).take_until(ended)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// How often an open stream checks that its session is still live.
const SESSION_CHECK: Duration = Duration::from_millis(500);

/// Resolves once the session is gone or expired (or the store cannot tell).
async fn session_ended(state: AppState, session_hash: String) {
    let mut every = tokio::time::interval(SESSION_CHECK);
    loop {
        every.tick().await;
        match state.store.session(&session_hash) {
            Ok(Some(row)) if session::is_live(&row, state.clock.now_ms()) => {}
            _ => return,
        }
    }
}
