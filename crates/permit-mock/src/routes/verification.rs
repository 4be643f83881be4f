//! Counter staff read a permit code; holders test theirs and see who read it.

use permit_core::api::ErrorCode;
use super::common::{counter_post, require_staff, resident, today};
use crate::{
    error::{ApiError, Json},
    ids::new_id,
    state::AppState,
    views,
    world::{self, Advanced},
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use permit_core::{
    api::{
        events::Event,
        permit::PermitStatus,
        verification::{Verdict, VerdictRule, VerificationRecord, VerifyRequest},
        Problem, StaffPost,
    },
    token::{self, Rejection, Token},
};

/// The outcome of the code rules, and whose permit the code belongs to when genuine.
struct Checked {
    verdict: Verdict,
    holder: Option<String>,
    token: Option<Token>,
}

fn check(state: &AppState, code: &str, dry_run: bool) -> Result<Checked, ApiError> {
    let now = state.clock.now_ms();
    let rejected = |rule: VerdictRule, holder: Option<String>| Checked {
        verdict: Verdict { id: None, accepted: false, rule: Some(rule), permit: None, checked_at_ms: now, dry_run },
        holder,
        token: None,
    };
    let code = code.trim();
    let parsed = match Token::decode(code) {
        Ok(t) => t,
        Err(r) => return Ok(rejected(r.into(), None)),
    };
    let Some(row) = state.store.device(&crate::ids::hex(&parsed.device_id))? else {
        return Ok(rejected(VerdictRule::UnknownDevice, None));
    };
    let record = row.record.clone();
    let token = match token::verify(code, |_| Some(record), now, &state.policy()) {
        Ok(t) => t,
        // Forged codes say nothing about whose they are: the device id inside may be copied.
        Err(Rejection::Forged) => return Ok(rejected(VerdictRule::Forged, None)),
        Err(r) => return Ok(rejected(r.into(), Some(row.person_id))),
    };
    let Some(verdict) = permit_verdict(state, &row.person_id, now, dry_run)? else {
        return Ok(rejected(VerdictRule::NoPermit, None));
    };
    Ok(Checked { verdict, holder: Some(row.person_id), token: Some(token) })
}

/// The verdict on a holder whose code or answer held: the permit's status decides (a
/// suspended or cancelled permit is refused, and shown so the counter can explain). `None`
/// when no such person exists.
pub(super) fn permit_verdict(state: &AppState, holder_id: &str, now: i64, dry_run: bool) -> Result<Option<Verdict>, ApiError> {
    let Some(holder) = state.store.person_by_id(holder_id)? else {
        return Ok(None);
    };
    let permit = views::permit(&world::advance_loaded(state, holder)?, today(state));
    let rule = match permit.as_ref().map(|p| p.status) {
        None => Some(VerdictRule::NoPermit),
        Some(PermitStatus::Cancelled) => Some(VerdictRule::PermitCancelled),
        Some(PermitStatus::Suspended) => Some(VerdictRule::PermitSuspended),
        Some(PermitStatus::Valid | PermitStatus::EndorsementDue) => None,
    };
    Ok(Some(Verdict { id: None, accepted: rule.is_none(), rule, permit, checked_at_ms: now, dry_run }))
}

/// Records a reading in the holder's history, points the verdict's photo at it (for the
/// staff who made it, for a while) and tells the holder at once.
pub(super) fn record_reading(
    state: &AppState,
    holder_id: &str,
    staff_id: &str,
    post: StaffPost,
    verdict: &mut Verdict,
    answered_by_holder: bool,
) -> Result<(), ApiError> {
    let record = VerificationRecord {
        id: new_id("ver"),
        at_ms: verdict.checked_at_ms,
        department: post.department,
        counter: post.counter,
        accepted: verdict.accepted,
        rule: verdict.rule,
        answered_by_holder,
    };
    state.store.insert_verification(holder_id, staff_id, &record)?;
    if let Some(permit) = verdict.permit.as_mut() {
        permit.photo_path = format!("/api/v1/verifications/{}/photo", record.id);
    }
    verdict.id = Some(record.id.clone());
    state.hub.publish(holder_id, Event::CodeVerified { record });
    Ok(())
}

/// How long after a reading the counter may still load the holder's photo.
const PHOTO_VIEW_MS: i64 = 10 * 60 * 1000;

/// Counter staff verify a code read from the holder's screen. A genuine code is used up (a
/// newer one from the same phone is needed next time), the reading is recorded with the
/// department, counter and time, and the holder is told at once.
#[utoipa::path(post, path = "/api/v1/verifications", tag = "verification", security(("bearer" = [])),
    request_body = VerifyRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "One per scan: a retry after a dropped connection returns the first verdict, not `already_used`")),
    responses(
        (status = 200, description = "A verdict; `accepted` false names the rule that failed (see `VerdictRule`)", body = Verdict),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Not counter staff (`staff_only`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "`post_not_chosen`: choose a department and counter first (PUT /staff/post)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`verify_rate_limited`: over a burst of 30, then 10 a second, from this staff account; see `Retry-After`", body = Problem),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    Advanced(staff): Advanced,
    Json(req): Json<VerifyRequest>,
) -> Result<Json<Verdict>, ApiError> {
    let post = counter_post(&state, &staff)?;
    let mut checked = check(&state, &req.code, false)?;
    if let Some(token) = checked.token {
        // Atomic and durable: of two counters reading the same code at once, one wins.
        if !state.store.use_code(&crate::ids::hex(&token.device_id), token.iat).await? {
            checked.verdict = Verdict {
                accepted: false,
                rule: Some(VerdictRule::AlreadyUsed),
                permit: None,
                ..checked.verdict
            };
        }
    }
    if let Some(holder) = &checked.holder {
        record_reading(&state, holder, &staff.id, post, &mut checked.verdict, false)?;
    }
    tracing::info!(staff = %staff.label, accepted = checked.verdict.accepted, rule = ?checked.verdict.rule, "code verified");
    Ok(Json(checked.verdict))
}

/// The holder's self-test: every rule is checked as at a counter, but nothing is recorded and
/// the code stays usable. Only the holder's own codes can be tested, and each try counts
/// against a per-holder limit (a resident must not be an oracle for captured codes).
#[utoipa::path(post, path = "/api/v1/verifications/self-test", tag = "verification", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = VerifyRequest,
    responses(
        (status = 200, body = Verdict),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "The code belongs to someone else (`not_your_code`), counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`self_test_rate_limited`: over 5 tries, then one per 10 s; see `Retry-After`", body = Problem),
    ))]
pub async fn self_test(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Json(req): Json<VerifyRequest>,
) -> Result<Json<Verdict>, ApiError> {
    resident(&person)?;
    state.limits().self_test(&person.id)?;
    let checked = check(&state, &req.code, true)?;
    if checked.holder.as_deref().is_some_and(|h| h != person.id) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::NotYourCode, "a self-test reads only your own codes"));
    }
    Ok(Json(checked.verdict))
}

/// Every reading of the holder's codes, newest first.
#[utoipa::path(get, path = "/api/v1/verifications", tag = "verification", security(("bearer" = [])),
    responses(
        (status = 200, body = [VerificationRecord]),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn history(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Vec<VerificationRecord>>, ApiError> {
    Ok(Json(state.store.verifications(&person.id)?))
}

/// The holder's photo for the counter that just read their code, so staff can compare it
/// with the person in front of them. Only the staff who made the reading, only for ten
/// minutes, and only when the code was accepted.
#[utoipa::path(get, path = "/api/v1/verifications/{id}/photo", tag = "verification", security(("bearer" = [])),
    params(("id" = String, Path, description = "The verdict's `id`")),
    responses(
        (status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Not counter staff (`staff_only`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No such reading by this staff, not accepted, or older than ten minutes (`no_photo`)", body = Problem),
    ))]
pub async fn photo(
    State(state): State<AppState>,
    Advanced(staff): Advanced,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require_staff(&staff)?;
    let gone = || ApiError::not_found("no recent accepted reading with this id").with_code(ErrorCode::NoPhoto);
    let reading = state.store.reading_by(&id, &staff.id)?.ok_or_else(gone)?;
    if !reading.record.accepted || state.clock.now_ms().saturating_sub(reading.record.at_ms) > PHOTO_VIEW_MS {
        return Err(gone());
    }
    let jpeg = state.store.photo(&reading.holder_id, "current")?.ok_or_else(gone)?;
    Ok(super::common::jpeg_response(jpeg))
}
