//! Sign-in by phone number and a one-time code, and the session that follows.

use crate::{
    error::{ApiError, Json},
    session::{self, CurrentUser},
    state::AppState,
};
use crate::limits::ClientAddr;
use axum::{extract::State, http::StatusCode};
use permit_core::{
    api::{ActingFor, Dependant, Me, OtpIssued, OtpRequest, Problem, Session, SessionRequest},
    mask::mask_phone,
    phone::{normalize_mobile, PhoneError},
};
use rand::Rng;
use rusqlite::{params, OptionalExtension};

const OTP_TTL_S: u32 = 300;
const OTP_MAX_ATTEMPTS: i64 = 5;

fn phone_error(e: PhoneError) -> ApiError {
    match e {
        PhoneError::Length => ApiError::bad_request("invalid_phone", "a mobile number has 11 digits"),
        PhoneError::Prefix => ApiError::bad_request("invalid_phone", "a mainland mobile number starts with 13 to 19"),
    }
}

/// Sends a one-time code to the phone. In demo mode the code is returned in the response and
/// logged by the persona's label (never with the phone number).
#[utoipa::path(post, path = "/api/v1/auth/otp", tag = "auth", request_body = OtpRequest,
    responses(
        (status = 200, body = OtpIssued),
        (status = 400, description = "Not a mainland mobile number", body = Problem),
        (status = 404, description = "No one with this phone number", body = Problem),
        (status = 429, description = "`otp_rate_limited` (5 per phone, then one per 30 s) or `client_rate_limited`; see `Retry-After`", body = Problem),
    ))]
pub async fn request_otp(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<OtpRequest>,
) -> Result<Json<OtpIssued>, ApiError> {
    state.limits().sign_in_attempt(client)?;
    let phone = normalize_mobile(&req.phone).map_err(phone_error)?;
    let person = state
        .store
        .person_by_phone(&phone)?
        .ok_or_else(|| ApiError::not_found("no account has this phone number").with_code("unknown_phone"))?;
    Ok(Json(issue_otp(&state, &person)?))
}

/// Makes and stores a one-time code for the person's phone ("sends" it).
pub fn issue_otp(state: &AppState, person: &crate::model::Person) -> Result<OtpIssued, ApiError> {
    state.limits().otp_request(&person.phone)?;
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    let expires_ms = state.clock.now_ms() + i64::from(OTP_TTL_S) * 1000;
    state.store.conn().execute(
        "INSERT INTO otps (phone, code, expires_ms, attempts) VALUES (?1, ?2, ?3, 0)
         ON CONFLICT(phone) DO UPDATE SET code = ?2, expires_ms = ?3, attempts = 0",
        params![person.phone, code, expires_ms],
    )?;
    let demo_code = state.config.demo.then(|| {
        tracing::info!(persona = %person.label, "demo one-time code issued");
        code
    });
    Ok(OtpIssued { expires_in_s: OTP_TTL_S, demo_code })
}

/// Exchanges the one-time code for a session token. A code works once; five wrong tries
/// void it.
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "auth", request_body = SessionRequest,
    responses(
        (status = 201, body = Session),
        (status = 400, description = "Wrong, expired or used code", body = Problem),
        (status = 429, description = "`client_rate_limited`: too many attempts from this address; see `Retry-After`", body = Problem),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<SessionRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    state.limits().sign_in_attempt(client)?;
    let phone = normalize_mobile(&req.phone).map_err(phone_error)?;
    consume_otp(&state, &phone, &req.code)?;
    let person = state
        .store
        .person_by_phone(&phone)?
        .ok_or_else(|| ApiError::not_found("no account has this phone number").with_code("unknown_phone"))?;
    let token = session::create(&state, &person.id)?;
    tracing::info!(persona = %person.label, "signed in");
    let user = me_of(&person, &state.store.persons()?);
    Ok((StatusCode::CREATED, Json(Session { token, user })))
}

/// Checks a one-time code for this phone and uses it up. A code works once; five wrong tries
/// void it.
pub fn consume_otp(state: &AppState, phone: &str, given: &str) -> Result<(), ApiError> {
    let now = state.clock.now_ms();
    let stored: Option<(String, i64, i64)> = state
        .store
        .conn()
        .query_row(
            "SELECT code, expires_ms, attempts FROM otps WHERE phone = ?1",
            [phone],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((code, expires_ms, attempts)) = stored else {
        return Err(ApiError::bad_request("otp_missing", "request a one-time code first"));
    };
    if expires_ms < now || attempts >= OTP_MAX_ATTEMPTS {
        state.store.conn().execute("DELETE FROM otps WHERE phone = ?1", [phone])?;
        return Err(ApiError::bad_request("otp_expired", "the one-time code expired; request a new one"));
    }
    if code != given.trim() {
        state
            .store
            .conn()
            .execute("UPDATE otps SET attempts = attempts + 1 WHERE phone = ?1", [phone])?;
        return Err(ApiError::bad_request("otp_wrong", "the one-time code is not right"));
    }
    state.store.conn().execute("DELETE FROM otps WHERE phone = ?1", [phone])?;
    Ok(())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, CurrentUser(person): CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&person, &state.store.persons()?)))
}

/// Ends the session: the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
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
