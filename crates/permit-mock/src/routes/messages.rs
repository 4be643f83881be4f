use crate::{
    error::{ApiError, Json},
    session::CurrentUser,
    state::AppState,
    store::{to_json, PersonTable},
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use permit_core::api::{messages::Message, Problem};
use rusqlite::{params, OptionalExtension};

/// The holder's messages, newest first.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = [Message]), (status = 401, body = Problem)))]
pub async fn list(State(state): State<AppState>, CurrentUser(person): CurrentUser) -> Result<Json<Vec<Message>>, ApiError> {
    Ok(Json(state.store.person_docs(PersonTable::Messages, &person.id)?))
}

/// Marks a message read.
#[utoipa::path(post, path = "/api/v1/messages/{id}/read", tag = "messages", security(("bearer" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(person): CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let conn = state.store.conn();
    let doc: Option<String> = conn
        .query_row("SELECT doc FROM messages WHERE id = ?1 AND person_id = ?2", params![id, person.id], |r| r.get(0))
        .optional()?;
    let mut message: Message = serde_json::from_str(&doc.ok_or_else(|| ApiError::not_found("no such message"))?)?;
    message.read = true;
    conn.execute("UPDATE messages SET doc = ?2 WHERE id = ?1", params![id, to_json(&message)])?;
    Ok(StatusCode::NO_CONTENT)
}
