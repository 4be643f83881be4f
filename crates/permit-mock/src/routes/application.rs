//! Applying for the permit, or claiming it from a valid physical card.

use permit_core::api::ErrorCode;
use super::{
    common::{conflict, resident, resident_mut, today},
    documents::{self, MaterialQuery},
};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    model::{ApplicationRecord, Resident},
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
        application::{Application, ApplyRequest, MaterialReceipt, Precheck, ReviewStatus},
        Problem,
    },
    eligibility::{assess, Route},
    materials::missing,
};

/// Everything the resident should know before applying: eligibility with every reason, the
/// data check, the documents and photo still needed.
#[utoipa::path(get, path = "/api/v1/application/precheck", tag = "application", security(("bearer" = [])),
    responses(
        (status = 200, body = Precheck),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn precheck(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Precheck>, ApiError> {
    let r = resident(&person)?;
    let today = today(&state);
    Ok(Json(Precheck {
        eligibility: assess(&views::facts(r, today), today),
        data_check_passed: r.data_check_passes,
        conditions: r.conditions.clone(),
        materials_needed: missing(r.data_check_passes, &r.conditions, &r.conditions, &[]),
        photo_on_file: r.photo_on_file,
    }))
}

/// The current application, if any.
#[utoipa::path(get, path = "/api/v1/application", tag = "application", security(("bearer" = [])),
    responses(
        (status = 200, body = Application),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No application (`no_application`)", body = Problem),
    ))]
pub async fn get_application(Advanced(person): Advanced) -> Result<Json<Application>, ApiError> {
    let r = resident(&person)?;
    let app = r.application.as_ref().ok_or_else(|| ApiError::not_found("no application yet").with_code(ErrorCode::NoApplication))?;
    Ok(Json(view(r, app)))
}

fn view(r: &Resident, app: &ApplicationRecord) -> Application {
    Application {
        id: app.id.clone(),
        route: app.route,
        conditions: app.conditions.clone(),
        status: app.status,
        submitted_at_ms: app.submitted_at_ms,
        materials: app.materials.clone(),
        materials_needed: missing(r.data_check_passes, &r.conditions, &app.conditions, &app.materials),
        pages: app.pages.clone(),
        retake: app.retake.clone(),
        decision_expected_ms: app.decide_at_ms,
        rejection_reason: app.rejection_reason.clone(),
    }
}

/// Applies (or claims from a valid card: issued at once). With the data check passing and a
/// photo on file it goes straight to review; otherwise it waits for documents or a photo.
#[utoipa::path(post, path = "/api/v1/application", tag = "application", security(("bearer" = [])),
    request_body = ApplyRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 201, body = Application),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "Not eligible, the detail names every reason (`not_eligible`), or an application is open (`application_open`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "No condition named (`no_condition`), missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn apply(
    State(state): State<AppState>,
    Advanced(user): Advanced,
    Json(req): Json<ApplyRequest>,
) -> Result<(StatusCode, Json<Application>), ApiError> {
    let today = today(&state);
    let now = state.clock.now_ms();
    let (out, _) = state.store.update_person(&user.id, |person, _| {
    let r = resident_mut(person)?;
    if r.application.as_ref().is_some_and(|a| !matches!(a.status, ReviewStatus::Approved | ReviewStatus::Rejected)) {
        return Err(conflict(ErrorCode::ApplicationOpen, "an application is already in progress"));
    }
    let eligibility = assess(&views::facts(r, today), today);
    let Some(route) = eligibility.route else {
        let reasons: Vec<String> = eligibility.refusals.iter().map(|x| format!("{x:?}")).collect();
        return Err(conflict(ErrorCode::NotEligible, format!("not eligible: {}", reasons.join(", "))));
    };
    let conditions = if route == Route::ClaimFromCard { r.conditions.clone() } else { req.conditions.clone() };
    if route == Route::Apply {
        if conditions.is_empty() {
            return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::NoCondition, "name at least one condition"));
        }
    }
    let mut record = ApplicationRecord {
        id: new_id("app"),
        route,
        conditions,
        status: ReviewStatus::UnderReview,
        submitted_at_ms: now,
        materials: Vec::new(),
        decide_at_ms: None,
        rejection_reason: None,
        physical_card: req.physical_card && route == Route::Apply,
        pages: Vec::new(),
        retake: None,
        retaken: false,
    };
    if route == Route::ClaimFromCard {
        record.status = ReviewStatus::Approved;
        let address = r.registration.as_ref().map(|g| g.address.clone()).unwrap_or_default();
        let schedule = world::claimed_schedule(r.physical_card.as_ref(), today);
        world::issue_permit(address, r, schedule);
    } else {
        settle(readiness(r), &mut record, now);
    }
    let out = view(r, &record);
    r.application = Some(record);
    Ok(out)
    })?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// What decides an application's next state, read off the resident before the application is
/// borrowed for change.
#[derive(Clone)]
struct Readiness {
    data_check_passes: bool,
    on_record: Vec<permit_core::eligibility::Condition>,
    /// A compliant photo is on file, or one is under review.
    photo_ready: bool,
}

fn readiness(r: &Resident) -> Readiness {
    Readiness {
        data_check_passes: r.data_check_passes,
        on_record: r.conditions.clone(),
        photo_ready: r.photo_on_file || r.photo_review.as_ref().is_some_and(|p| p.status == ReviewStatus::UnderReview),
    }
}

/// Puts an application in the state its documents and photo allow.
fn settle(ready: Readiness, app: &mut ApplicationRecord, now: i64) {
    app.status = if !missing(ready.data_check_passes, &ready.on_record, &app.conditions, &app.materials).is_empty() {
        ReviewStatus::NeedsMaterials
    } else if !ready.photo_ready {
        ReviewStatus::NeedsPhoto
    } else {
        ReviewStatus::UnderReview
    };
    app.decide_at_ms = (app.status == ReviewStatus::UnderReview).then_some(now + REVIEW_DELAY_MS);
}

/// Re-settles an application waiting for a photo once one is uploaded.
pub fn photo_arrived(r: &mut Resident, now: i64) {
    let ready = readiness(r);
    if let Some(app) = r.application.as_mut().filter(|a| a.status == ReviewStatus::NeedsPhoto) {
        settle(ready, app, now);
    }
}

/// Uploads one page of a supporting document (raw body: a JPEG page of at most 500 KB, or a
/// PDF of at most 2 MB as the whole document). The document counts once all its pages
/// arrived; sending a page again replaces it.
#[utoipa::path(post, path = "/api/v1/application/materials", tag = "application", security(("bearer" = [])),
    params(MaterialQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses(
        (status = 201, body = MaterialReceipt),
        (status = 400, description = "A page number outside the document (`bad_page`), an empty file (`empty_file`), a bad query (`bad_request`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "No application waiting for documents (`no_materials_needed`), or not the page the review asked for again (`not_the_page_asked`)", body = Problem),
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
    let page = documents::read("application", &q, &headers, &body, state.clock.now_ms())?;
    let now = state.clock.now_ms();
    let (receipt, _) = state.store.update_person(&user.id, |person, also| {
    let r = resident_mut(person)?;
    let ready = readiness(r);
    let app = r
        .application
        .as_mut()
        .filter(|a| a.status == ReviewStatus::NeedsMaterials)
        .ok_or_else(|| conflict(ErrorCode::NoMaterialsNeeded, "no application is waiting for documents"))?;
    if !app.conditions.contains(&q.kind.proves()) {
        return Err(documents::not_needed(q.kind));
    }
    if let Some(asked) = &app.retake {
        if (asked.kind, asked.page, asked.of) != (page.at.kind, page.at.page, page.at.of) {
            return Err(documents::not_the_page_asked_for(asked));
        }
    }
    also.push(Also::Material(page.row.clone()));
    let complete = documents::file(&mut app.pages, &mut app.materials, page.at);
    app.retake = None;
    settle(ready, app, now);
    Ok(documents::receipt(&page, complete))
    })?;
    Ok((StatusCode::CREATED, Json(receipt)))
}
