//! Session tokens: random, handed to the client once, stored only as a SHA-256 hash.

use crate::{error::ApiError, model::Person, state::AppState};
use axum::{
    extract::FromRequestParts,
    http::{header::AUTHORIZATION, request::Parts, HeaderMap},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

pub fn create(state: &AppState, person_id: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    state.store.conn().execute(
        "INSERT INTO sessions (token_hash, person_id, created_ms) VALUES (?1, ?2, ?3)",
        params![hash(&token), person_id, state.clock.now_ms()],
    )?;
    Ok(token)
}

pub fn revoke(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    let n = state
        .store
        .conn()
        .execute("DELETE FROM sessions WHERE token_hash = ?1", [hash(token)])?;
    if n == 0 {
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

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The signed-in person, extracted from `Authorization: Bearer …`; a handler that takes it
/// answers 401 to anyone else.
pub struct CurrentUser(pub Person);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let person_id: Option<String> = state
            .store
            .conn()
            .query_row(
                "SELECT person_id FROM sessions WHERE token_hash = ?1",
                [hash(token)],
                |r| r.get(0),
            )
            .optional()?;
        let person_id = person_id.ok_or_else(ApiError::unauthorized)?;
        let signed_in = state.store.person_by_id(&person_id)?.ok_or_else(ApiError::unauthorized)?;
        let mut person = match acting_for(&parts.headers) {
            Some(label) => act_for(state, &signed_in, label)?,
            None => signed_in,
        };
        crate::world::advance(state, &mut person)?;
        Ok(Self(person))
    }
}

fn acting_for(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(permit_core::api::ACTING_FOR_HEADER)?
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The dependant `label`, when `guardian` is declared for them and the proxy rule allows it
/// (under 18 or over 60); the dependant carries who acts for them, for this request.
fn act_for(state: &AppState, guardian: &Person, label: &str) -> Result<Person, ApiError> {
    let refuse = || {
        ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "not_a_dependant",
            "you are not declared as family acting for this person",
        )
    };
    let mut dependant = state.store.person_by_label(label)?.ok_or_else(refuse)?;
    let declared = dependant
        .resident
        .as_ref()
        .and_then(|r| r.guardian.clone())
        .filter(|g| g.label == guardian.label)
        .ok_or_else(refuse)?;
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
            "proxy_not_allowed",
            "only people under 18 or over 60 may be served by a family member",
        ));
    }
    dependant.acting_guardian = Some(declared);
    Ok(dependant)
}
