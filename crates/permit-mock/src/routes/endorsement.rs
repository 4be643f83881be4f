//! The annual endorsement: confirm when the data check passes, otherwise upload documents.

use permit_core::api::ErrorCode;
use super::{
    common::{conflict, no_permit, resident, resident_mut, today},
    documents::{self, MaterialQuery},
};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    model::{ReviewRecord, Resident},
    state::AppState,
    store::Also,
    views,
    world::{self, Advanced, REVIEW_DELAY_MS},
};
use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
};
use permit_core::{
    api::{
        application::{MaterialReceipt, ReviewStatus},
        endorsement::{EndorsementRequest, EndorsementStatus},
        Problem,
    },
    materials::missing,
};

fn request_view(r: &ReviewRecord) -> EndorsementRequest {
    EndorsementRequest {
        id: r.id.clone(),
        status: r.status,
        materials: r.materials.clone(),
        pages: r.pages.clone(),
        decision_expected_ms: r.decide_at_ms,
    }
}

fn status(r: &Resident, today: chrono::NaiveDate) -> Result<EndorsementStatus, ApiError> {
    let permit = r.permit.as_ref().filter(|p| p.cancelled_at_ms.is_none()).ok_or_else(no_permit)?;
    let s = views::schedule(permit);
    let uploaded = r.endorsement_request.as_ref().map(|q| q.materials.clone()).unwrap_or_default();
    Ok(EndorsementStatus {
        state: s.state(today),
        years_endorsed: permit.years_endorsed,
        counts_from: s.counts_from,
        years_counted: s.years_counted,
        next_anniversary: s.next_anniversary(),
        window_opens: s.window_opens(),
        deadline: s.deadline(),
        reminders: s.reminders().iter().map(|(_, day)| *day).collect(),
        can_endorse: s.can_endorse(today) && r.endorsement_request.is_none(),
        data_check_passed: r.data_check_passes,
        materials_needed: missing(r.data_check_passes, &r.conditions, &r.conditions, &uploaded),
        request: r.endorsement_request.as_ref().map(request_view),
    })
}

/// Where the endorsement calendar stands, what is needed, and any request in progress.
#[utoipa::path(get, path = "/api/v1/endorsement", tag = "endorsement", security(("bearer" = [])),
    responses(
        (status = 200, body = EndorsementStatus),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit, or it was cancelled (`no_permit`)", body = Problem),
    ))]
pub async fn get_status(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<EndorsementStatus>, ApiError> {
    Ok(Json(status(resident(&person)?, today(&state))?))
}

/// Endorses for this year, or lifts a suspension. With the government data check passing it
/// is only a confirmation (仅需确认, FAQ 1 and 14) and completes at once (200); otherwise the
/// request waits for documents (202). Whether it is on time is decided by today, the day of
/// submission, whenever a review finishes.
#[utoipa::path(post, path = "/api/v1/endorsement", tag = "endorsement", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 200, description = "Endorsed", body = EndorsementStatus),
        (status = 202, description = "Waiting for documents", body = EndorsementStatus),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit, or it was cancelled (`no_permit`)", body = Problem),
        (status = 409, description = "The window is not open (`endorsement_window_closed`), or a request is in progress (`endorsement_in_progress`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn endorse(State(state): State<AppState>, Advanced(user): Advanced) -> Result<(StatusCode, Json<EndorsementStatus>), ApiError> {
    let today = today(&state);
    let now = state.clock.now_ms();
    let (out, _) = state.store.update_person(&user.id, |person, _| {
    let r = resident_mut(person)?;
    let permit = r.permit.as_ref().filter(|p| p.cancelled_at_ms.is_none()).ok_or_else(no_permit)?;
    if r.endorsement_request.is_some() {
        return Err(conflict(ErrorCode::EndorsementInProgress, "an endorsement is already in progress"));
    }
    let schedule = views::schedule(permit);
    if !schedule.can_endorse(today) {
        return Err(conflict(
            ErrorCode::EndorsementWindowClosed,
            format!("the endorsement window opens on {}", schedule.window_opens()),
        ));
    }
    let needs = !missing(r.data_check_passes, &r.conditions, &r.conditions, &[]).is_empty();
    // A confirmation is decided now: the world's next step completes it (with its message).
    r.endorsement_request = Some(ReviewRecord {
        id: new_id("end"),
        submitted_on: Some(today),
        status: if needs { ReviewStatus::NeedsMaterials } else { ReviewStatus::UnderReview },
        materials: Vec::new(),
        decide_at_ms: (!needs).then_some(now),
        pages: Vec::new(),
    });
    Ok(needs)
    })?;
    let person = world::advance(&state, &user.id)?;
    let code = if out { StatusCode::ACCEPTED } else { StatusCode::OK };
    Ok((code, Json(status(resident(&person)?, today)?)))
}

/// Uploads one page of a document for an endorsement that needs them (as for applications).
#[utoipa::path(post, path = "/api/v1/endorsement/materials", tag = "endorsement", security(("bearer" = [])),
    params(MaterialQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses(
        (status = 201, body = MaterialReceipt),
        (status = 400, description = "A page number outside the document (`bad_page`), an empty file (`empty_file`), a bad query (`bad_request`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "No endorsement waiting for documents (`no_materials_needed`)", body = Problem),
        (status = 413, description = "A JPEG page over 500 KB or a PDF over 2 MB (`file_too_large`), or a body over 2 MB + 64 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not a JPEG or a PDF (`unsupported_file_type`), or not what Content-Type says (`content_type_mismatch`)", body = Problem),
        (status = 422, description = "A document for a condition the request does not rely on (`material_not_needed`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn upload_material(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Query(q): Query<MaterialQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<MaterialReceipt>), ApiError> {
    let now = state.clock.now_ms();
    let page = documents::read("endorsement", &q, &headers, &body, now)?;
    let (receipt, _) = state.store.update_person(&user.id, |person, also| {
    let r = resident_mut(person)?;
    let (passes, conditions) = (r.data_check_passes, r.conditions.clone());
    let req = r
        .endorsement_request
        .as_mut()
        .filter(|q| q.status == ReviewStatus::NeedsMaterials)
        .ok_or_else(|| conflict(ErrorCode::NoMaterialsNeeded, "no endorsement is waiting for documents"))?;
    if !conditions.contains(&q.kind.proves()) {
        return Err(documents::not_needed(q.kind));
    }
    also.push(Also::Material(page.row.clone()));
    let complete = documents::file(&mut req.pages, &mut req.materials, page.at);
    if missing(passes, &conditions, &conditions, &req.materials).is_empty() {
        req.status = ReviewStatus::UnderReview;
        req.decide_at_ms = Some(now + REVIEW_DELAY_MS);
    }
    Ok(documents::receipt(&page, complete))
    })?;
    Ok((StatusCode::CREATED, Json(receipt)))
}
