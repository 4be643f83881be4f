//! Sign-in by phone number and a one-time code, and the session that follows.

use permit_core::api::ErrorCode;
use crate::{
    error::{ApiError, Json},
    notify::{self, Text},
    session::{self, SignedIn},
    state::AppState,
    store::{OtpCheck, OtpRefusal, OtpRules},
    world::Advanced,
};
use crate::client_addr::ClientAddr;
use axum::{extract::State, http::StatusCode};
use permit_core::{
    api::{messages::MessageKind, ActingFor, Dependant, Me, OtpIssued, OtpRequest, Problem, Session, SessionRequest},
    mask::mask_phone,
    phone::{normalize_mobile, PhoneError},
};
use rand::Rng;

const OTP_TTL_S: u32 = 300;

/// Five wrong tries void one code; ten wrong codes in any 24 hours, across codes, lock the
/// phone for sign-in and device registration (a new code every 30 s would otherwise give an
/// attacker hundreds of guesses an hour).
pub const OTP_RULES: OtpRules = OtpRules { attempts_per_code: 5, failures_per_window: 10, window_ms: 24 * 3600 * 1000 };

fn phone_error(e: PhoneError) -> ApiError {
    match e {
        PhoneError::Length => ApiError::bad_request(ErrorCode::InvalidPhone, "a mobile number has 11 digits"),
        PhoneError::Prefix => ApiError::bad_request(ErrorCode::InvalidPhone, "a mainland mobile number starts with 13 to 19"),
    }
}

fn phone_locked(state: &AppState, until_ms: i64) -> ApiError {
    let wait_s = (until_ms.saturating_sub(state.clock.now_ms()) as u64).div_ceil(1000);
    ApiError::too_many(
        ErrorCode::PhoneLocked,
        "too many wrong one-time codes for this phone in 24 hours; sign-in is locked until the Retry-After seconds pass",
        wait_s,
    )
}

/// Sends a one-time code to the phone. In demo mode the code is returned in the response and
/// logged by the persona's label (never with the phone number). Outside demo mode a number
/// with no account gets the same answer as one with an account, so the endpoint does not
/// tell a stranger who has one.
#[utoipa::path(post, path = "/api/v1/auth/otp", tag = "auth", request_body = OtpRequest,
    responses(
        (status = 200, body = OtpIssued),
        (status = 400, description = "Not a mainland mobile number (`invalid_phone`), malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 404, description = "`unknown_phone`: demo mode only; outside it every number is answered alike", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`otp_rate_limited` (5 per phone, then one per 30 s), `client_rate_limited` (20 per address, then one per 3 s), or `phone_locked` (10 wrong codes in 24 hours; then even the right code is refused); see `Retry-After`", body = Problem),
    ))]
pub async fn request_otp(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<OtpRequest>,
) -> Result<Json<OtpIssued>, ApiError> {
    state.limits().sign_in_attempt(client)?;
    let phone = normalize_mobile(&req.phone).map_err(phone_error)?;
    match state.store.person_by_phone(&phone)? {
        Some(person) => Ok(Json(issue_otp(&state, &person)?)),
        None if state.config.demo => Err(ApiError::not_found("no account has this phone number").with_code(ErrorCode::UnknownPhone)),
        None => {
            send_otp(&state, &phone)?;
            Ok(Json(OtpIssued { expires_in_s: OTP_TTL_S, demo_code: None }))
        }
    }
}

/// Makes and stores a one-time code for the person's phone ("sends" it).
pub fn issue_otp(state: &AppState, person: &crate::model::Person) -> Result<OtpIssued, ApiError> {
    let code = send_otp(state, &person.phone)?;
    let demo_code = state.config.demo.then(|| {
        tracing::info!(persona = %person.label, "demo one-time code issued");
        code
    });
    Ok(OtpIssued { expires_in_s: OTP_TTL_S, demo_code })
}

fn send_otp(state: &AppState, phone: &str) -> Result<String, ApiError> {
    let now = state.clock.now_ms();
    if let Some(until_ms) = state.store.otp_locked_until(phone, now, OTP_RULES)? {
        return Err(phone_locked(state, until_ms));
    }
    state.limits().otp_request(phone)?;
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    state.store.put_otp(phone, &code, now + i64::from(OTP_TTL_S) * 1000)?;
    Ok(code)
}

/// Exchanges the one-time code for a session token. A code works once; five wrong tries
/// void it; ten wrong codes in 24 hours lock the phone.
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "auth", request_body = SessionRequest,
    responses(
        (status = 201, body = Session),
        (status = 400, description = "Wrong (`otp_wrong`), expired (`otp_expired`) or used (`otp_missing`) code; not a mobile number (`invalid_phone`); malformed JSON (`malformed_json`); or an `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`client_rate_limited` (20 per address, then one per 3 s), or `phone_locked` (10 wrong codes in 24 hours; then even the right code is refused); see `Retry-After`", body = Problem),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<SessionRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    state.limits().sign_in_attempt(client)?;
    let phone = normalize_mobile(&req.phone).map_err(phone_error)?;
    consume_otp(&state, &phone, &req.code)?;
    // A number with no account never had a code anyone could know; answer as for a wrong one.
    let person = state.store.person_by_phone(&phone)?.ok_or_else(wrong_code)?;
    let token = session::create(&state, &person.id)?;
    tracing::info!(persona = %person.label, "signed in");
    let user = me_of(&person, &state.store.persons()?);
    Ok((StatusCode::CREATED, Json(Session { token, user })))
}

fn wrong_code() -> ApiError {
    ApiError::bad_request(ErrorCode::OtpWrong, "the one-time code is not right")
}

/// Checks a one-time code for this phone and uses it up, counting a wrong one (one atomic
/// step in the store). The guess that locks the phone is answered `phone_locked`, and the
/// holder is told by a message.
pub fn consume_otp(state: &AppState, phone: &str, given: &str) -> Result<(), ApiError> {
    let now = state.clock.now_ms();
    match state.store.check_otp(phone, given.trim(), now, OTP_RULES)? {
        OtpCheck::Accepted => Ok(()),
        OtpCheck::Locked { until_ms } => Err(phone_locked(state, until_ms)),
        OtpCheck::Refused { locked_now: true, .. } => {
            tell_holder_locked(state, phone)?;
            let until_ms = state.store.otp_locked_until(phone, now, OTP_RULES)?.unwrap_or(now + OTP_RULES.window_ms);
            Err(phone_locked(state, until_ms))
        }
        OtpCheck::Refused { reason: OtpRefusal::Missing, .. } => Err(ApiError::bad_request(ErrorCode::OtpMissing, "request a one-time code first")),
        OtpCheck::Refused { reason: OtpRefusal::Expired, .. } => {
            Err(ApiError::bad_request(ErrorCode::OtpExpired, "the one-time code expired; request a new one"))
        }
        OtpCheck::Refused { reason: OtpRefusal::Wrong, .. } => Err(wrong_code()),
    }
}

fn tell_holder_locked(state: &AppState, phone: &str) -> Result<(), ApiError> {
    let Some(person) = state.store.person_by_phone(phone)? else { return Ok(()) };
    tracing::warn!(persona = %person.label, "phone locked after too many wrong one-time codes");
    notify::send(
        state,
        &person.id,
        MessageKind::Account,
        Text {
            title_zh: "登录已暂时锁定",
            title_en: "Sign-in temporarily locked",
            body_zh: "您的手机号在24小时内输错验证码次数过多，登录和启用新设备已暂停24小时。如非本人操作，请留意账户安全。",
            body_en: "Too many wrong one-time codes were entered for your number in 24 hours, so sign-in and enabling a new device are paused for 24 hours. If this was not you, keep an eye on your account.",
        },
    )?;
    Ok(())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "May not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn me(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&person, &state.store.persons()?)))
}

/// Ends every session of the signed-in person, this one included: every token stops working
/// and every open event stream closes.
#[utoipa::path(delete, path = "/api/v1/auth/sessions", tag = "auth", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Signed out everywhere"),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn sign_out_everywhere(State(state): State<AppState>, session: SignedIn) -> Result<StatusCode, ApiError> {
    let ended = state.store.delete_sessions_of(&session.person_id, None)?;
    notify::send(
        &state,
        &session.person_id,
        MessageKind::Account,
        Text {
            title_zh: "已退出所有设备",
            title_en: "Signed out everywhere",
            body_zh: "您的账号已在所有设备上退出登录，再次使用请重新登录。",
            body_en: "Your account was signed out on every device. Sign in again to continue.",
        },
    )?;
    tracing::info!(sessions = ended, "signed out everywhere");
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the session: the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "auth", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<StatusCode, ApiError> {
    session::revoke(&state, &headers)?;
    Ok(StatusCode::NO_CONTENT)
}

fn me_of(person: &crate::model::Person, everyone: &[crate::model::Person]) -> Me {
    let dependants = if person.acting_guardian.is_some() {
        Vec::new()
    } else {
        everyone
            .iter()
            .filter_map(|d| {
                let g = d.resident.as_ref()?.guardian.as_ref()?;
                (g.label == person.label).then(|| Dependant {
                    label: d.label.clone(),
                    name: d.name.clone(),
                    relation_zh: g.dependant_relation_zh.clone(),
                    relation_en: g.dependant_relation_en.clone(),
                })
            })
            .collect()
    };
    Me {
        label: person.label.clone(),
        name: person.name.clone(),
        role: person.role,
        phone_masked: mask_phone(&person.phone),
        dependants,
        acting_for: person.acting_guardian.as_ref().map(|g| ActingFor {
            guardian_name: g.name.clone(),
            relation_zh: g.relation_zh.clone(),
            relation_en: g.relation_en.clone(),
        }),
        post: person.staff.clone(),
    }
}
