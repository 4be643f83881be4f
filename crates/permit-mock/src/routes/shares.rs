//! The holder's shares (用证授权, docs/sharing.md): make one, list them with every opening,
//! revoke one. The public side, which opens a share by its link, is `shared_copy`.

use super::common::{conflict, no_permit, resident, today};
use crate::{
    error::{ApiError, Json},
    ids::{hex, new_id},
    issuer,
    state::AppState,
    store::ShareRow,
    views,
    world::Advanced,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use permit_core::{
    api::{
        share::{link, ShareCreated, ShareRequest, ShareSummary},
        ErrorCode, Problem,
    },
    certificate::CertificateFacts,
    share::{self, ShareField, ShareRefusal, SharedClaims, ValidShare},
    statement::Statement,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Makes a share of the chosen fields for a named recipient and purpose, signed by the
/// issuer. The answer holds the link's secret, once; the mock keeps only its hash.
#[utoipa::path(post, path = "/api/v1/shares", tag = "share", security(("bearer" = [])),
    request_body = ShareRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first share (and its secret) instead of making a second one")),
    responses(
        (status = 201, body = ShareCreated),
        (status = 400, description = "Malformed JSON (`malformed_json`) or a bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit (`no_permit`), or the photo was asked for and none is on file (`no_photo`)", body = Problem),
        (status = 409, description = "The permit is suspended (`permit_suspended`: endorse it first) or cancelled (`permit_cancelled`)", body = Problem),
        (status = 413, description = "JSON body over 256 KB (`body_too_large`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`), a request the rules refuse (`share_invalid`: the detail names each `ShareProblem`), or an `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Json(req): Json<ShareRequest>,
) -> Result<(StatusCode, Json<ShareCreated>), ApiError> {
    resident(&person)?;
    let permit = views::permit(&person, today(&state)).ok_or_else(no_permit)?;
    share::may_share(permit.status).map_err(refused)?;
    let terms = share::validate(req.purpose, req.purpose_note.as_deref(), &req.recipient, &req.fields, req.valid_minutes)
        .map_err(invalid)?;
    let photo = match terms.fields.contains(&ShareField::Photo) {
        true => Some(
            state
                .store
                .photo(&person.id, "current")?
                .ok_or_else(|| ApiError::not_found("no photo on file to share").with_code(ErrorCode::NoPhoto))?,
        ),
        false => None,
    };
    let photo_sha256 = photo.as_deref().map(|p| hex(&Sha256::digest(p))).unwrap_or_default();
    let now = state.clock.now_ms();
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let secret = URL_SAFE_NO_PAD.encode(secret);
    let claims = SharedClaims::of(&permit, &terms.fields, &photo_sha256);
    let row = signed(&state, &person.id, terms, claims, None, &secret, now)?;
    state.store.insert_share(&row, photo.as_deref(), None)?;
    tracing::info!(holder = %person.label, fields = row.terms.fields.len(), minutes = row.terms.valid_minutes, "share made");
    let link = link(&row.id, &secret);
    Ok((StatusCode::CREATED, Json(ShareCreated { share: summary(&row, Vec::new(), now), secret, link })))
}

/// The holder's shares, newest first, each with where it stands and when it was opened.
#[utoipa::path(get, path = "/api/v1/shares", tag = "share", security(("bearer" = [])),
    responses(
        (status = 200, body = [ShareSummary]),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
    ))]
pub async fn list(State(state): State<AppState>, Advanced(person): Advanced) -> Result<Json<Vec<ShareSummary>>, ApiError> {
    resident(&person)?;
    let now = state.clock.now_ms();
    let mut out = Vec::new();
    for row in state.store.shares_of(&person.id)? {
        let openings = state.store.share_openings(&row.id)?;
        out.push(summary(&row, openings, now));
    }
    Ok(Json(out))
}

/// Revokes a share at once: its link then says only that it is no longer valid. Revoking a
/// revoked share changes nothing (the first time stands).
#[utoipa::path(post, path = "/api/v1/shares/{id}/revocation", tag = "share", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The share's `id`"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result"),
    ),
    responses(
        (status = 200, body = ShareSummary),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No such share of this holder (`no_such_share`): another person's share is not found either", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    Path(id): Path<String>,
) -> Result<Json<ShareSummary>, ApiError> {
    resident(&person)?;
    let now = state.clock.now_ms();
    let row = state.store.revoke_share(&id, &person.id, now)?.ok_or_else(no_such_share)?;
    tracing::info!(holder = %person.label, "share revoked");
    let openings = state.store.share_openings(&row.id)?;
    Ok(Json(summary(&row, openings, now)))
}

/// A share of `terms` and `claims` for `person_id`, signed by the issuer, opened by `secret`;
/// not stored yet. A residence certificate is one too, with its `certificate` facts.
pub fn signed(
    state: &AppState,
    person_id: &str,
    terms: ValidShare,
    claims: SharedClaims,
    certificate: Option<CertificateFacts>,
    secret: &str,
    now_ms: i64,
) -> Result<ShareRow, ApiError> {
    let iat = now_ms.div_euclid(1000);
    let exp = iat.saturating_add(i64::from(terms.valid_minutes) * 60);
    let id = new_id("shr");
    let statement = Statement {
        sid: id.clone(),
        iat,
        exp,
        purpose: terms.purpose,
        purpose_note: terms.note.clone(),
        recipient: terms.recipient.clone(),
        claims,
        certificate,
    };
    Ok(ShareRow {
        statement: issuer::sign(&state.store, &statement, now_ms)?,
        id,
        person_id: person_id.to_owned(),
        secret_hash: secret_hash(secret),
        created_ms: iat.saturating_mul(1000),
        expires_ms: exp.saturating_mul(1000),
        revoked_ms: None,
        terms,
    })
}

pub fn summary(row: &ShareRow, openings_ms: Vec<i64>, now_ms: i64) -> ShareSummary {
    ShareSummary {
        id: row.id.clone(),
        purpose: row.terms.purpose,
        purpose_note: row.terms.note.clone(),
        recipient: row.terms.recipient.clone(),
        fields: row.terms.fields.clone(),
        created_at_ms: row.created_ms,
        expires_at_ms: row.expires_ms,
        revoked_at_ms: row.revoked_ms,
        state: share::state(row.expires_ms, row.revoked_ms, now_ms),
        openings_ms,
    }
}

/// The stored form of a link's secret.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub fn no_such_share() -> ApiError {
    ApiError::not_found("no such share").with_code(ErrorCode::NoSuchShare)
}

pub fn refused(r: ShareRefusal) -> ApiError {
    match r {
        ShareRefusal::PermitSuspended => {
            conflict(ErrorCode::PermitSuspended, "the permit is suspended (使用功能中止): endorse it, then share it")
        }
        ShareRefusal::PermitCancelled => conflict(ErrorCode::PermitCancelled, "the permit is cancelled: there is nothing to share"),
    }
}

fn invalid(problems: Vec<share::ShareProblem>) -> ApiError {
    let names: Vec<String> = problems.iter().map(|p| serde_json::to_value(p).map(|v| v.as_str().unwrap_or_default().to_owned()).unwrap_or_default()).collect();
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ShareInvalid, format!("the share has problems: {}", names.join(", ")))
}
