//! Test-only controls: move the clock, set the code policy, inject faults, reset, read a
//! one-time code. Mounted only with `--demo` or `--test-mode`; never in a deployment.

use permit_core::api::ErrorCode;
use crate::{
    error::{ApiError, Json},
    state::AppState,
    world,
};
use axum::{extract::State, http::StatusCode};
use permit_core::{
    api::{
        testing::{AdvanceClock, ClockState, ReviewOutcome, SetFault, TestOtp, TestOtpRequest},
        Problem,
    },
    calendar::local_date_ms,
    phone::normalize_mobile,
    token::CodePolicy,
};

/// Moves the mock's clock forward; due confirmations and reviews complete at once.
#[utoipa::path(post, path = "/api/v1/test/clock", tag = "testing", request_body = AdvanceClock,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 200, body = ClockState),
        (status = 400, description = "A negative `advance_ms` (`clock_backwards`), malformed JSON (`malformed_json`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn advance_clock(State(state): State<AppState>, Json(req): Json<AdvanceClock>) -> Result<Json<ClockState>, ApiError> {
    if req.advance_ms < 0 {
        return Err(ApiError::bad_request(ErrorCode::ClockBackwards, "the clock only moves forward"));
    }
    state.clock.advance_ms(req.advance_ms);
    state.store.set_meta("clock_offset_ms", &state.clock.offset_ms().to_string())?;
    world::advance_all(&state)?;
    Ok(Json(ClockState { server_time_ms: state.clock.now_ms(), offset_ms: state.clock.offset_ms() }))
}

/// The most a test may let codes be dated ahead of the clock (the default is 5 s).
pub const MAX_FUTURE_SKEW_S: u32 = 30;

/// Sets how often codes rotate and how long one is valid.
#[utoipa::path(put, path = "/api/v1/test/code-policy", tag = "testing", request_body = CodePolicy,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 200, body = CodePolicy),
        (status = 400, description = "Not 0 < step_s <= validity_s <= 3600 with future_skew_s <= 30 (`invalid_policy`), malformed JSON (`malformed_json`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn set_policy(State(state): State<AppState>, Json(policy): Json<CodePolicy>) -> Result<Json<CodePolicy>, ApiError> {
    // A skew wider than the step would let a holder sign codes for later use and lend
    // them: the time rule is only as strict as its allowance into the future.
    if policy.step_s == 0 || policy.validity_s < policy.step_s || policy.validity_s > 3600 || policy.future_skew_s > MAX_FUTURE_SKEW_S {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidPolicy,
            format!("need 0 < step_s <= validity_s <= 3600 and future_skew_s <= {MAX_FUTURE_SKEW_S}"),
        ));
    }
    state.set_policy(policy);
    state.store.set_meta("code_policy", &crate::store::to_json(&policy))?;
    Ok(Json(policy))
}

/// Injects a fault into one class of requests (all zero removes it).
#[utoipa::path(put, path = "/api/v1/test/faults", tag = "testing", request_body = SetFault,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "A rate outside 0 to 1 or a latency over 60000 ms (`invalid_fault`), malformed JSON (`malformed_json`), or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn set_fault(State(state): State<AppState>, Json(req): Json<SetFault>) -> Result<StatusCode, ApiError> {
    let ok = |r: f64| (0.0..=1.0).contains(&r);
    if !ok(req.fault.error_rate) || !ok(req.fault.drop_rate) || req.fault.latency_ms > 60_000 {
        return Err(ApiError::bad_request(ErrorCode::InvalidFault, "rates are between 0 and 1; latency at most 60000 ms"));
    }
    state.faults.set(req.class, req.fault);
    Ok(StatusCode::NO_CONTENT)
}

/// Makes the simulated application reviews reject (with this reason) or approve (no reason).
#[utoipa::path(put, path = "/api/v1/test/review-outcome", tag = "testing", request_body = ReviewOutcome,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn set_review_outcome(State(state): State<AppState>, Json(req): Json<ReviewOutcome>) -> StatusCode {
    state.set_review_outcome(ReviewOutcome { reject_reason: req.reject_reason.filter(|r| !r.trim().is_empty()), retake: req.retake });
    StatusCode::NO_CONTENT
}

/// Wipes all data, reseeds the personas, and clears faults, policy and clock offset.
#[utoipa::path(post, path = "/api/v1/test/reset", tag = "testing",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Reset"),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn reset(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    state.clock.reset();
    state.faults.clear();
    state.set_policy(CodePolicy::default());
    state.set_review_outcome(ReviewOutcome::default());
    state.reset_limits();
    state.challenges.clear();
    state.store.wipe()?;
    crate::seed::load(&state.store, local_date_ms(state.clock.now_ms()))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The one-time code last sent to a phone (the phone goes in the body, never the URL). The
/// answer is a secret: an `Idempotency-Key` is refused, so the code is never stored for a replay.
#[utoipa::path(post, path = "/api/v1/test/otp", tag = "testing", request_body = TestOtpRequest,
    responses(
        (status = 200, body = TestOtp),
        (status = 400, description = "Not a mobile number (`invalid_phone`), malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 404, description = "No code was sent to this phone (`not_found`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
    ))]
pub async fn read_otp(State(state): State<AppState>, Json(req): Json<TestOtpRequest>) -> Result<Json<TestOtp>, ApiError> {
    let phone = normalize_mobile(&req.phone).map_err(|_| ApiError::bad_request(ErrorCode::InvalidPhone, "not a mobile number"))?;
    state.store.otp_code(&phone)?.map(|code| Json(TestOtp { code })).ok_or_else(|| ApiError::not_found("no code was sent to this phone"))
}
