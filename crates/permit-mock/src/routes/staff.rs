//! Counter staff: the departments they may work at, and the post they chose.

use permit_core::api::ErrorCode;
use super::common::require_staff;
use crate::{
    error::{ApiError, Json},
    seed::DEPARTMENTS,
    state::AppState,
    world::Advanced,
};
use axum::{extract::State, http::StatusCode};
use permit_core::api::{Department, Problem, StaffPost};

/// The departments whose counters read permits, each with its counters.
#[utoipa::path(get, path = "/api/v1/staff/departments", tag = "staff", security(("bearer" = [])),
    responses(
        (status = 200, body = [Department]),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Not counter staff (`staff_only`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn departments(Advanced(staff): Advanced) -> Result<Json<Vec<Department>>, ApiError> {
    require_staff(&staff)?;
    Ok(Json(
        DEPARTMENTS
            .iter()
            .map(|(name, counters)| Department {
                name: (*name).into(),
                counters: counters.iter().map(|c| (*c).into()).collect(),
            })
            .collect(),
    ))
}

/// Chooses the department and counter recorded with every reading from now on. Setting the
/// same post again changes nothing, so a retry is harmless.
#[utoipa::path(put, path = "/api/v1/staff/post", tag = "staff", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = StaffPost,
    responses(
        (status = 200, body = StaffPost),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Not counter staff (`staff_only`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Not a listed department and counter (`unknown_post`), missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn set_post(
    State(state): State<AppState>,
    Advanced(staff): Advanced,
    Json(post): Json<StaffPost>,
) -> Result<Json<StaffPost>, ApiError> {
    require_staff(&staff)?;
    let listed = DEPARTMENTS
        .iter()
        .any(|(name, counters)| *name == post.department && counters.contains(&post.counter.as_str()));
    if !listed {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownPost, "choose a listed department and one of its counters"));
    }
    state.store.update_person(&staff.id, |staff, _| {
        staff.staff = Some(post.clone());
        Ok(())
    })?;
    Ok(Json(post))
}
