use crate::{
    error::{ApiError, Json},
    state::AppState,
    world::Advanced,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use permit_core::api::{messages::Message, Problem};

/// The holder's messages, newest first.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", security(("bearer" = [])),
    responses(
        (status = 200, body = [Message]),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn list(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Vec<Message>>, ApiError> {
    Ok(Json(state.store.messages(&person.id)?))
}

/// Marks a message read.
#[utoipa::path(post, path = "/api/v1/messages/{id}/read", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "The message id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Marked read"),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No such message (`not_found`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !state.store.mark_message_read(&person.id, &id)? {
        return Err(ApiError::not_found("no such message"));
    }
    Ok(StatusCode::NO_CONTENT)
}
