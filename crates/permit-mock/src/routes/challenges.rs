//! The challenge mode (请出示方扫码 / 扫码亮证, docs/challenge.md): the counter's screen shows
//! a QR carrying a one-time challenge for its post; the holder's phone reads it, shows who
//! asks, and answers it signed with the device key. The verdict goes to the counter's event
//! stream and into the holder's history, marked as answered by the holder.

use super::{
    common::{counter_post, resident},
    verification::{permit_verdict, record_reading},
};
use crate::{
    challenges::Entry,
    error::{ApiError, Json},
    state::AppState,
    world::Advanced,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use permit_core::{
    api::{
        challenge::{AnswerOutcome, AnswerRequest, ChallengeAsk, ChallengeIssued, ChallengeLookup},
        events::Event,
        verification::{Verdict, VerdictRule},
        ErrorCode, Problem,
    },
    challenge::{self, Answer, AnswerRefusal, LIFETIME_MS},
};

fn no_such_challenge() -> ApiError {
    ApiError::not_found("no challenge with this id or number can be answered; the counter's screen shows a new one")
        .with_code(ErrorCode::NoSuchChallenge)
}

fn ask(entry: &Entry) -> ChallengeAsk {
    ChallengeAsk {
        id: challenge::id_text(&entry.issued.id),
        post: entry.issued.post.clone(),
        fields: challenge::COUNTER_SEES.to_vec(),
        answer_by_ms: entry.issued.issued_at_ms.saturating_add(LIFETIME_MS),
    }
}

/// A new challenge for the staff member's post, for the counter's screen to show as a QR and
/// as six digits. The screen asks for the next one every 20 s; each may be answered for 60 s.
#[utoipa::path(post, path = "/api/v1/challenges", tag = "verification", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first challenge")),
    responses(
        (status = 201, body = ChallengeIssued),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Not counter staff (`staff_only`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 409, description = "`post_not_chosen`: choose a department and counter first (PUT /staff/post)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`verify_rate_limited`: counted with the account's verifications; see `Retry-After`", body = Problem),
    ))]
pub async fn issue(State(state): State<AppState>, Advanced(staff): Advanced) -> Result<(StatusCode, Json<ChallengeIssued>), ApiError> {
    let post = counter_post(&state, &staff)?;
    let entry = state.challenges.issue(&staff.id, post, state.clock.now_ms());
    Ok((
        StatusCode::CREATED,
        Json(ChallengeIssued {
            id: challenge::id_text(&entry.issued.id),
            qr: challenge::qr_text(&entry.issued.id),
            number: entry.number,
            issued_at_ms: entry.issued.issued_at_ms,
            answer_by_ms: entry.issued.issued_at_ms.saturating_add(LIFETIME_MS),
        }),
    ))
}

/// Who asks: the department and counter of an open challenge (read from its QR), for the
/// holder to see before answering.
#[utoipa::path(get, path = "/api/v1/challenges/{id}", tag = "verification", security(("bearer" = [])),
    params(("id" = String, Path, description = "The challenge's `id` (the QR's text after `GDJZZ-Q:`)")),
    responses(
        (status = 200, body = ChallengeAsk),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No open challenge with this id: never issued, answered or past its minute (`no_such_challenge`)", body = Problem),
    ))]
pub async fn read(State(state): State<AppState>, Advanced(person): Advanced, Path(id): Path<String>) -> Result<Json<ChallengeAsk>, ApiError> {
    resident(&person)?;
    let entry = challenge::parse_id(&id).and_then(|id| state.challenges.find(&id)).ok_or_else(no_such_challenge)?;
    if !entry.is_open(state.clock.now_ms()) {
        return Err(no_such_challenge());
    }
    Ok(Json(ask(&entry)))
}

/// Who asks, found by the six digits under the QR (a phone whose camera cannot read it).
/// Each lookup counts against the holder's challenge limit, so the numbers cannot be walked.
#[utoipa::path(post, path = "/api/v1/challenges/lookup", tag = "verification", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = ChallengeLookup,
    responses(
        (status = 200, body = ChallengeAsk),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No open challenge shows this number (`no_such_challenge`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Not six digits, missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`challenge_rate_limited`: over 10, then one per 6 s, lookups and answers together; see `Retry-After`", body = Problem),
    ))]
pub async fn lookup(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Json(req): Json<ChallengeLookup>,
) -> Result<Json<ChallengeAsk>, ApiError> {
    resident(&person)?;
    state.limits().challenge(&person.id)?;
    let number = challenge::normalize_number(&req.number)
        .ok_or_else(|| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidFields, "the number is six digits"))?;
    let entry = state.challenges.open_by_number(&number, state.clock.now_ms()).ok_or_else(no_such_challenge)?;
    Ok(Json(ask(&entry)))
}

/// The holder's signed answer. Checked as a code is (the device and its key, the permit's
/// status) and by the challenge's own rules: for this challenge and its post, in its minute,
/// once. Whatever the outcome, the counter that showed the challenge hears it on its event
/// stream; a genuine answer is recorded in the holder's history, marked as answered by them.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/answer", tag = "verification", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The challenge's `id`"),
        ("Idempotency-Key" = Option<String>, Header, description = "One per answer: a retry after a dropped connection returns the first outcome, not `challenge_used`"),
    ),
    request_body = AnswerRequest,
    responses(
        (status = 200, description = "The counter's verdict in short; `accepted` false names the rule that failed (see `VerdictRule`)", body = AnswerOutcome),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No challenge with this id was issued, or it was forgotten long after its minute (`no_such_challenge`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 429, description = "`challenge_rate_limited`: over 10, then one per 6 s, lookups and answers together; see `Retry-After`", body = Problem),
    ))]
pub async fn answer(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Path(id): Path<String>,
    Json(req): Json<AnswerRequest>,
) -> Result<Json<AnswerOutcome>, ApiError> {
    resident(&person)?;
    state.limits().challenge(&person.id)?;
    let entry = challenge::parse_id(&id).and_then(|id| state.challenges.find(&id)).ok_or_else(no_such_challenge)?;
    let now = state.clock.now_ms();
    let (mut verdict, holder) = judge(&state, &person.id, &entry, &req.answer, now)?;
    if let Some(holder) = holder {
        record_reading(&state, &holder, &entry.staff_id, entry.issued.post.clone(), &mut verdict, true)?;
    }
    tracing::info!(accepted = verdict.accepted, rule = ?verdict.rule, "challenge answered");
    let outcome = AnswerOutcome { accepted: verdict.accepted, rule: verdict.rule, post: entry.issued.post.clone(), at_ms: now };
    state.hub.publish(&entry.staff_id, Event::ChallengeAnswered { challenge_id: challenge::id_text(&entry.issued.id), verdict });
    Ok(Json(outcome))
}

/// The verdict on an answer, and whose history it goes in: the answering holder's, once the
/// answer is known to come from their own phone (a forged answer names nobody).
fn judge(state: &AppState, person_id: &str, entry: &Entry, text: &str, now: i64) -> Result<(Verdict, Option<String>), ApiError> {
    let refused = |rule: VerdictRule| Verdict { id: None, accepted: false, rule: Some(rule), permit: None, checked_at_ms: now, dry_run: false };
    let answer = match Answer::decode(text.trim()) {
        Ok(a) => a,
        Err(r) => return Ok((refused(r.into()), None)),
    };
    let Some(device) = state.store.device(&crate::ids::hex(&answer.device_id))? else {
        return Ok((refused(VerdictRule::UnknownDevice), None));
    };
    if device.person_id != person_id {
        // Whose device it is stays unsaid: the id inside an answer can be copied.
        return Ok((refused(AnswerRefusal::DeviceOfAnotherPermit.into()), None));
    }
    let holder = Some(person_id.to_owned());
    match challenge::check(&answer, &entry.issued, &device.record.public_key, now) {
        Err(AnswerRefusal::Forged) => return Ok((refused(VerdictRule::Forged), None)),
        Err(r) => return Ok((refused(r.into()), holder)),
        Ok(()) => {}
    }
    if !device.record.active {
        return Ok((refused(VerdictRule::DeviceRevoked), holder));
    }
    // Atomic: of two answers at once (a replay raced against the genuine one), one wins.
    if !state.challenges.mark_answered(&entry.issued.id) {
        return Ok((refused(VerdictRule::ChallengeUsed), holder));
    }
    match permit_verdict(state, person_id, now, false)? {
        Some(verdict) => Ok((verdict, holder)),
        None => Ok((refused(VerdictRule::NoPermit), None)),
    }
}
