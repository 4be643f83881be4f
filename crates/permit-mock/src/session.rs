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
        let mut person = state.store.person_by_id(&person_id)?.ok_or_else(ApiError::unauthorized)?;
        crate::world::advance(state, &mut person)?;
        Ok(Self(person))
    }
}
