//! Session tokens: random, handed to the client once, stored only as a SHA-256 hash.

use permit_core::api::ErrorCode;
use crate::{error::ApiError, model::Person, state::AppState};
use axum::{
    extract::FromRequestParts,
    http::{header::AUTHORIZATION, request::Parts, HeaderMap},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A session ends after a week without use.
pub const IDLE_MS: i64 = 7 * 24 * 3600 * 1000;
/// And after thirty days whatever its use: then the holder signs in again.
pub const MAX_AGE_MS: i64 = 30 * 24 * 3600 * 1000;
/// How stale the recorded last use of a session may get.
const TOUCH_EVERY_MS: i64 = 60_000;

pub fn create(state: &AppState, person_id: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    state.store.create_session(&hash(&token), person_id, state.clock.now_ms())?;
    Ok(token)
}

/// Ends the session this request carries.
pub fn revoke(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    if !state.store.delete_session(&hash(token))? {
        return Err(ApiError::unauthorized());
    }
    Ok(())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

pub fn hash(token: &str) -> String {
    crate::ids::hex(&Sha256::digest(token.as_bytes()))
}

/// A live session: its token's hash and whose it is.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token_hash: String,
    pub person_id: String,
}

/// Whether a session is still live at `now_ms` (idle and absolute limits, mock clock).
pub fn is_live(row: &crate::store::SessionRow, now_ms: i64) -> bool {
    now_ms.saturating_sub(row.created_ms) <= MAX_AGE_MS && now_ms.saturating_sub(row.last_seen_ms) <= IDLE_MS
}

/// The session of a request: `None` without `Authorization`, 401 for a token that is unknown,
/// signed out or expired (an expired one is deleted). A live session's idle time restarts.
pub fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, ApiError> {
    if headers.get(AUTHORIZATION).is_none() {
        return Ok(None);
    }
    let token_hash = hash(bearer(headers).ok_or_else(ApiError::unauthorized)?);
    let row = state.store.session(&token_hash)?.ok_or_else(ApiError::unauthorized)?;
    let now = state.clock.now_ms();
    if !is_live(&row, now) {
        state.store.delete_session(&token_hash)?;
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            ErrorCode::SessionExpired,
            "the session ended (7 days without use, or 30 days in all): sign in again",
        ));
    }
    // Idle time is counted in days: recording use once a minute is exact enough, and keeps
    // a read-only request free of writes.
    if now.saturating_sub(row.last_seen_ms) > TOUCH_EVERY_MS {
        state.store.touch_session(&token_hash, now)?;
    }
    Ok(Some(SignedIn { token_hash, person_id: row.person_id }))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        signed_in(state, &parts.headers)?.ok_or_else(ApiError::unauthorized)
    }
}

/// Whose request this is, as stored: the signed-in person, or the dependant named in
/// `x-acting-for` (with `acting_guardian` set) when they declared this person as family and
/// the proxy rule allows it. 401 without a live session. Not advanced to now: handlers take
/// `world::Advanced`, which calls this and then applies what is due (see `world`).
pub fn person(state: &AppState, headers: &HeaderMap) -> Result<Person, ApiError> {
    let session = signed_in(state, headers)?.ok_or_else(ApiError::unauthorized)?;
    let signed_in = state.store.person_by_id(&session.person_id)?.ok_or_else(ApiError::unauthorized)?;
    let Some(label) = acting_for(headers) else {
        return Ok(signed_in);
    };
    let mut dependant = act_for(state, &signed_in, label)?;
    dependant.acting_guardian = guardian_of(&dependant, &signed_in);
    Ok(dependant)
}

fn acting_for(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(permit_core::api::ACTING_FOR_HEADER)?
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn guardian_of(dependant: &Person, guardian: &Person) -> Option<crate::model::Guardian> {
    dependant.resident.as_ref()?.guardian.clone().filter(|g| g.label == guardian.label)
}

/// The dependant `label`, when `guardian` is declared for them and the proxy rule allows it
/// (under 18 or over 60).
fn act_for(state: &AppState, guardian: &Person, label: &str) -> Result<Person, ApiError> {
    let refuse = || {
        ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            ErrorCode::NotADependant,
            "you are not declared as family acting for this person",
        )
    };
    let dependant = state.store.person_by_label(label)?.ok_or_else(refuse)?;
    guardian_of(&dependant, guardian).ok_or_else(refuse)?;
    let birth = dependant
        .profile
        .as_ref()
        .and_then(|p| permit_core::CitizenId::parse(&p.id_number).ok())
        .map(|id| id.birth_date())
        .ok_or_else(refuse)?;
    let today = permit_core::calendar::local_date_ms(state.clock.now_ms());
    if !permit_core::proxy::may_be_served_by_proxy(birth, today) {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            ErrorCode::ProxyNotAllowed,
            "only people under 18 or over 60 may be served by a family member",
        ));
    }
    Ok(dependant)
}
