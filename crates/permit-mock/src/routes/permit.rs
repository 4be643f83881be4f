//! The permit, its photo, and cancelling it.

use permit_core::api::ErrorCode;
use super::common::{no_permit, resident_mut, today};
use crate::{
    error::{ApiError, Json},
    notify::{self, Text},
    state::AppState,
    store::Also,
    views,
    world::Advanced,
};
use axum::{extract::State, response::Response};
use permit_core::api::{
    messages::MessageKind,
    permit::{CancelRequest, Permit, PermitStatus},
    Problem,
};

/// The holder's permit with every statutory field and its status today.
#[utoipa::path(get, path = "/api/v1/permit", tag = "permit", security(("bearer" = [])),
    responses(
        (status = 200, body = Permit),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit issued (`no_permit`)", body = Problem),
    ))]
pub async fn get_permit(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Permit>, ApiError> {
    views::permit(&person, today(&state)).map(Json).ok_or_else(no_permit)
}

/// The holder's current photo (JPEG). Never cached by shared caches.
#[utoipa::path(get, path = "/api/v1/permit/photo", tag = "permit", security(("bearer" = [])),
    responses(
        (status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No photo on file (`no_photo`)", body = Problem),
    ))]
pub async fn get_photo(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Response, ApiError> {
    let jpeg = state
        .store
        .photo(&person.id, "current")?
        .ok_or_else(|| ApiError::not_found("no photo on file").with_code(ErrorCode::NoPhoto))?;
    Ok(super::common::jpeg_response(jpeg))
}

/// Cancels (注销) the electronic permit. Free, final: using it again needs a new application.
#[utoipa::path(post, path = "/api/v1/permit/cancellation", tag = "permit", security(("bearer" = [])),
    request_body = CancelRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 200, body = Permit),
        (status = 400, description = "`confirm` was not true (`confirmation_required`), malformed JSON (`malformed_json`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit (`no_permit`)", body = Problem),
        (status = 409, description = "Already cancelled (`already_cancelled`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Json(req): Json<CancelRequest>,
) -> Result<Json<Permit>, ApiError> {
    if !req.confirm {
        return Err(ApiError::bad_request(ErrorCode::ConfirmationRequired, "set `confirm` to true to cancel the permit"));
    }
    let now = state.clock.now_ms();
    let message = notify::compose(
        now,
        MessageKind::Permit,
        Text {
            title_zh: "电子居住证已注销",
            title_en: "Electronic permit cancelled",
            body_zh: "您的电子居住证已注销。如需再次使用，请重新申领。",
            body_en: "Your electronic permit is cancelled. Apply again to use it.",
        },
    );
    let ((), mut person) = state.store.update_person(&user.id, |person, also| {
        let r = resident_mut(person)?;
        let permit = r.permit.as_mut().ok_or_else(no_permit)?;
        if permit.cancelled_at_ms.is_some() {
            return Err(super::common::conflict(ErrorCode::AlreadyCancelled, "the permit is already cancelled"));
        }
        permit.cancelled_at_ms = Some(now);
        r.application = None;
        r.endorsement_request = None;
        also.push(Also::Message(message.clone()));
        Ok(())
    })?;
    notify::announce(&state, &person.id, &message);
    person.acting_guardian = user.acting_guardian;
    let view = views::permit(&person, today(&state)).ok_or_else(no_permit)?;
    debug_assert_eq!(view.status, PermitStatus::Cancelled);
    Ok(Json(view))
}
