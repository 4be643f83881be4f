//! A shared copy as its recipient opens it, without an account (docs/sharing.md): the link's
//! id in the path, its secret in the body (never in a URL), the signed statement while the
//! share holds, and the issuer's published keys to check it with.

use super::{
    common::jpeg_response,
    shares::{no_such_share, secret_hash},
};
use crate::{
    client_addr::ClientAddr,
    error::{ApiError, Json},
    issuer,
    notify::{self, Text},
    state::AppState,
    store::ShareRow,
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use permit_core::{
    api::{
        events::Event,
        messages::MessageKind,
        share::{JwkSet, OpenShareRequest, OpenedShare},
        ErrorCode, Problem,
    },
    share::{self, Purpose, ShareField, ShareState},
};

/// Opens a shared copy: where it stands and, while it holds, the signed statement. Each
/// opening is recorded (its time, nothing about the viewer); the first one tells the holder.
#[utoipa::path(post, path = "/api/v1/public/shares/{id}/open", tag = "share",
    params(("id" = String, Path, description = "The share's id, from the link's path")),
    request_body = OpenShareRequest,
    responses(
        (status = 200, description = "`verified` with the `statement` (a compact JWS; check it against GET /issuer-keys), or `expired` / `revoked` without it", body = OpenedShare),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`: nothing here is made twice)", body = Problem),
        (status = 404, description = "No such share with this secret (`no_such_share`): an unknown id and a wrong secret answer alike", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`share_open_rate_limited`: over a burst of 30, then one per 2 s, from this address; see `Retry-After`", body = Problem),
    ))]
pub async fn open(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Json(req): Json<OpenShareRequest>,
) -> Result<Json<OpenedShare>, ApiError> {
    let row = found(&state, client, &id, &req.secret)?;
    Ok(Json(opened(&state, row)?))
}

/// A share (or certificate) opened: the statement while it holds, the opening recorded, the
/// holder told the first time.
pub fn opened(state: &AppState, row: ShareRow) -> Result<OpenedShare, ApiError> {
    let now = state.clock.now_ms();
    let standing = share::state(row.expires_ms, row.revoked_ms, now);
    if standing != ShareState::Verified {
        return Ok(OpenedShare { state: standing, statement: None });
    }
    if state.store.record_share_opening(&row.id, now)? {
        tell_holder(state, &row, now)?;
    }
    Ok(OpenedShare { state: standing, statement: Some(row.statement) })
}

/// Where a shared copy stands now, for the open page's refresh: not an opening, no statement.
#[utoipa::path(post, path = "/api/v1/public/shares/{id}/status", tag = "share",
    params(("id" = String, Path, description = "The share's id, from the link's path")),
    request_body = OpenShareRequest,
    responses(
        (status = 200, description = "`verified`, `expired` or `revoked`; never the statement", body = OpenedShare),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`: nothing here is made twice)", body = Problem),
        (status = 404, description = "No such share with this secret (`no_such_share`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`share_open_rate_limited`: see `Retry-After`", body = Problem),
    ))]
pub async fn status(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Json(req): Json<OpenShareRequest>,
) -> Result<Json<OpenedShare>, ApiError> {
    let row = found(&state, client, &id, &req.secret)?;
    Ok(Json(standing(&state, &row)))
}

/// Where a share (or certificate) stands now, without its statement: the pages' refresh.
pub fn standing(state: &AppState, row: &ShareRow) -> OpenedShare {
    OpenedShare { state: share::state(row.expires_ms, row.revoked_ms, state.clock.now_ms()), statement: None }
}

/// The photo of a shared copy that includes it, while the share holds (JPEG; the statement
/// carries its SHA-256, which the page checks).
#[utoipa::path(post, path = "/api/v1/public/shares/{id}/photo", tag = "share",
    params(("id" = String, Path, description = "The share's id, from the link's path")),
    request_body = OpenShareRequest,
    responses(
        (status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`: nothing here is made twice)", body = Problem),
        (status = 404, description = "No such share with this secret (`no_such_share`), or no photo in it, or it no longer holds (`no_photo`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`share_open_rate_limited`: see `Retry-After`", body = Problem),
    ))]
pub async fn photo(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Json(req): Json<OpenShareRequest>,
) -> Result<Response, ApiError> {
    let row = found(&state, client, &id, &req.secret)?;
    let no_photo = || ApiError::not_found("no photo in this share, or it no longer holds").with_code(ErrorCode::NoPhoto);
    let holds = share::state(row.expires_ms, row.revoked_ms, state.clock.now_ms()) == ShareState::Verified;
    if !holds || !row.terms.fields.contains(&ShareField::Photo) {
        return Err(no_photo());
    }
    Ok(jpeg_response(state.store.share_photo(&row.id)?.ok_or_else(no_photo)?))
}

/// The issuer's public keys (a JWK set, RFC 7517): the active one and every retired one whose
/// statements may still be valid. Statements name theirs by `kid`.
#[utoipa::path(get, path = "/api/v1/issuer-keys", tag = "share",
    responses((status = 200, body = JwkSet)))]
pub async fn issuer_keys(State(state): State<AppState>) -> Result<Json<JwkSet>, ApiError> {
    let now = state.clock.now_ms();
    let mut keys = issuer::published(&state.store, now)?;
    if keys.keys.is_empty() {
        issuer::rotate(&state.store, now)?;
        keys = issuer::published(&state.store, now)?;
    }
    Ok(Json(keys))
}

/// The share with this id whose secret is `secret`, counted against this address's openings.
/// An unknown id and a wrong secret are the same answer. The stored and the given secret are
/// compared as SHA-256 digests: how long `==` takes says nothing an attacker can steer.
fn found(state: &AppState, client: Option<std::net::IpAddr>, id: &str, secret: &str) -> Result<ShareRow, ApiError> {
    state.limits().share_opening(client)?;
    state.store.share(id)?.filter(|row| row.secret_hash == secret_hash(secret)).ok_or_else(no_such_share)
}

fn tell_holder(state: &AppState, row: &ShareRow, now_ms: i64) -> Result<(), ApiError> {
    // A certificate names no recipient: whoever holds the paper checked it.
    let certificate = row.terms.purpose == Purpose::ResidenceCertificate;
    let (title_zh, title_en, body_zh, body_en) = if certificate {
        (
            "居住证明已被核验",
            "Your residence certificate was checked",
            "有人通过核验码打开了您的居住证明。如不再需要，可到“我的 › 分享记录”撤回。".to_owned(),
            "Someone opened your residence certificate with its check code. If it is no longer needed, revoke it in Me › Shares.".to_owned(),
        )
    } else {
        (
            "分享已被打开",
            "Your share was opened",
            format!("“{}”打开了您分享的证件信息。如不是您授权的对象，请到“我的 › 分享记录”撤回。", row.terms.recipient),
            format!("\"{}\" opened the permit details you shared. If you did not share them with this recipient, revoke the share in Me › Shares.", row.terms.recipient),
        )
    };
    notify::send(state, &row.person_id, MessageKind::Permit, Text { title_zh, title_en, body_zh: &body_zh, body_en: &body_en })?;
    state.hub.publish(&row.person_id, Event::ShareOpened { share_id: row.id.clone(), recipient: row.terms.recipient.clone(), at_ms: now_ms });
    Ok(())
}
