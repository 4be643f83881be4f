//! 居住证明, the residence certificate (issue 19, docs/sharing.md): made as a PDF for the
//! holder, kept as a 90-day share whose only secret is the check code printed on it, and
//! opened by that code on the public check page (`/c#<code>`).

use super::{
    common::{no_permit, resident, today},
    shared_copy,
    shares::{self, no_such_share, secret_hash},
};
use crate::{
    certificate_pdf,
    certificate_wording::Wording,
    client_addr::ClientAddr,
    config::Config,
    error::{ApiError, Json},
    state::AppState,
    views,
    world::Advanced,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use permit_core::{
    api::{
        share::{CertificateMade, OpenCertificateRequest, OpenedShare},
        ErrorCode, Problem,
    },
    calendar::local_date_ms,
    certificate::{self, CertificateFacts, CODE_BYTES},
    share::{self, Purpose, ShareState, SharedClaims},
};
use rand::RngCore;

/// Makes the holder's 居住证明: a PDF (A4, Chinese glyphs embedded, under 300 KB) whose QR
/// and printed check code open the public check page, which answers for 90 days unless the
/// holder revokes it in 分享记录, where it is listed like a share. The answer holds the code,
/// once; the PDF is downloaded from `pdf_path` (again, if lost, while it holds). Send an
/// `Idempotency-Key`: a retry then gets the same certificate, not a second one.
#[utoipa::path(post, path = "/api/v1/certificates", tag = "share", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first certificate instead of making a second one")),
    responses(
        (status = 201, body = CertificateMade),
        (status = 400, description = "A bad `Idempotency-Key` (`invalid_idempotency_key`)", body = Problem),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No permit (`no_permit`)", body = Problem),
        (status = 409, description = "The permit is suspended (`permit_suspended`: endorse it first) or cancelled (`permit_cancelled`), or no residence registration is on record (`no_registration`)", body = Problem),
        (status = 422, description = "An `Idempotency-Key` reused for another request (`idempotency_key_reused`)", body = Problem),
        (status = 503, description = "Certificates cannot be set now (`certificate_unavailable`); try again later", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Advanced(person): Advanced,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<CertificateMade>), ApiError> {
    let holder = resident(&person)?;
    let today = today(&state);
    let permit = views::permit(&person, today).ok_or_else(no_permit)?;
    share::may_share(permit.status).map_err(shares::refused)?;
    let registered_on = holder.registration.as_ref().map(|r| r.confirmed_on).ok_or_else(|| {
        ApiError::new(StatusCode::CONFLICT, ErrorCode::NoRegistration, "no confirmed residence registration to date the certificate from")
    })?;
    let font = state.certificate_font().cloned().map_err(|reason| {
        tracing::error!(%reason, "no certificate font");
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::CertificateUnavailable, "certificates cannot be made now: try again later")
    })?;

    let facts = CertificateFacts::of(&permit, registered_on, today);
    let mut random = [0u8; CODE_BYTES];
    rand::rng().fill_bytes(&mut random);
    let code = certificate::code(random);
    let stored_code = certificate::normalize_code(&code).ok_or_else(|| ApiError::internal("a fresh check code does not read back"))?;
    let now = state.clock.now_ms();
    let claims = SharedClaims::of(&permit, &certificate::FIELDS, "");
    let row = shares::signed(&state, &person.id, certificate::terms(), claims, Some(facts.clone()), &stored_code, now)?;
    // The last day it answers: the day before the one it expires on.
    let valid_until = local_date_ms(row.expires_ms - 1);
    let link = certificate::check_link(&code);
    let check_link = format!("{}{link}", origin(&headers, &state.config));
    let text = Wording {
        name: &permit.name,
        residence_address: &permit.residence_address,
        facts: &facts,
        check_link: &check_link,
        code: &code,
        valid_until,
    }
    .text();
    // Setting a page subsets a font of tens of megabytes: off the async workers.
    let pdf = tokio::task::spawn_blocking(move || certificate_pdf::render(&font, &text))
        .await
        .map_err(|e| ApiError::internal(format!("the certificate task failed: {e}")))?
        .map_err(|e| ApiError::internal(format!("the certificate could not be set: {e}")))?;
    // Stored only once the file exists: a failure leaves no certificate the holder never saw.
    state.store.insert_share(&row, None, Some(&pdf))?;
    tracing::info!(holder = %person.label, bytes = pdf.len(), "certificate made");
    let pdf_path = format!("/api/v1/certificates/{}/pdf", row.id);
    Ok((StatusCode::CREATED, Json(CertificateMade { share: shares::summary(&row, Vec::new(), now), code, link, pdf_path })))
}

/// The PDF of one of the holder's certificates, while it holds: a lost file is downloaded
/// again, with the same check code.
#[utoipa::path(get, path = "/api/v1/certificates/{id}/pdf", tag = "share", security(("bearer" = [])),
    params(("id" = String, Path, description = "The certificate's share `id`")),
    responses(
        (status = 200, content_type = "application/pdf", body = Vec<u8>, description = "`Content-Disposition: attachment`"),
        (status = 401, description = "Not signed in, or the session ended (`unauthorized`, `session_expired`)", body = Problem),
        (status = 403, description = "Counter staff (`not_a_resident`), or may not act for the `x-acting-for` person (`not_a_dependant`, `proxy_not_allowed`)", body = Problem),
        (status = 404, description = "No such certificate of this holder, or it expired or was revoked (`no_such_share`)", body = Problem),
    ))]
pub async fn pdf(State(state): State<AppState>, Advanced(person): Advanced, Path(id): Path<String>) -> Result<Response, ApiError> {
    resident(&person)?;
    let row = state.store.share(&id)?.filter(|r| r.person_id == person.id).ok_or_else(no_such_share)?;
    if share::state(row.expires_ms, row.revoked_ms, state.clock.now_ms()) != ShareState::Verified {
        return Err(no_such_share());
    }
    let pdf = state.store.certificate_pdf(&id, &person.id)?.ok_or_else(no_such_share)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"residence-certificate.pdf\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        pdf,
    )
        .into_response())
}

/// Opens a certificate by its check code (from the QR's fragment, or typed): where it stands
/// and, while it holds, the signed statement. Each opening is recorded; the first tells the
/// holder.
#[utoipa::path(post, path = "/api/v1/public/certificates/open", tag = "share",
    request_body = OpenCertificateRequest,
    responses(
        (status = 200, description = "`verified` with the `statement` (its `certificate` holds the facts; check it against GET /issuer-keys), or `expired` / `revoked` without it", body = OpenedShare),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 404, description = "No certificate with this code (`no_such_share`), or text that cannot be a code", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`share_open_rate_limited`: the same budget as opening shares; see `Retry-After`", body = Problem),
    ))]
pub async fn open(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<OpenCertificateRequest>,
) -> Result<Json<OpenedShare>, ApiError> {
    let row = found(&state, client, &req.code)?;
    Ok(Json(shared_copy::opened(&state, row)?))
}

/// Where a certificate stands now, for the check page's refresh: not an opening.
#[utoipa::path(post, path = "/api/v1/public/certificates/status", tag = "share",
    request_body = OpenCertificateRequest,
    responses(
        (status = 200, description = "`verified`, `expired` or `revoked`; never the statement", body = OpenedShare),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an `Idempotency-Key` sent (`idempotency_not_supported`)", body = Problem),
        (status = 404, description = "No certificate with this code (`no_such_share`)", body = Problem),
        (status = 415, description = "Not sent as `application/json` (`unsupported_media_type`)", body = Problem),
        (status = 422, description = "Missing or mistyped fields (`invalid_fields`)", body = Problem),
        (status = 429, description = "`share_open_rate_limited`: see `Retry-After`", body = Problem),
    ))]
pub async fn status(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<OpenCertificateRequest>,
) -> Result<Json<OpenedShare>, ApiError> {
    let row = found(&state, client, &req.code)?;
    Ok(Json(shared_copy::standing(&state, &row)))
}

/// The certificate with this code, counted against the address's openings like a share. Text
/// that cannot be a code never reaches the store, and a share's secret opens no certificate.
fn found(state: &AppState, client: Option<std::net::IpAddr>, code: &str) -> Result<crate::store::ShareRow, ApiError> {
    state.limits().share_opening(client)?;
    let code = certificate::normalize_code(code).ok_or_else(no_such_share)?;
    state
        .store
        .share_by_secret(&secret_hash(&code))?
        .filter(|row| row.terms.purpose == Purpose::ResidenceCertificate)
        .ok_or_else(no_such_share)
}

/// Where the check page is: the origin the holder's browser is on (its `Origin` header), or
/// else the `Host` it asked for. Either is only the holder's own: a certificate's QR can send a
/// reader anywhere a forger edits it to, so the check page is what proves a certificate, and
/// it names the issuer's address to look for.
fn origin(headers: &HeaderMap, config: &Config) -> String {
    let header_text = |name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(origin) = header_text(header::ORIGIN).filter(|o| well_formed_origin(o)) {
        return origin.to_owned();
    }
    let scheme = if config.tls { "https" } else { "http" };
    match header_text(header::HOST).filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))) {
        Some(host) => format!("{scheme}://{host}"),
        None => format!("{scheme}://{}:{}", config.host, config.port),
    }
}

/// `http(s)://host[:port]` and nothing more (no path, no user, no spaces).
fn well_formed_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")) else { return false };
    !rest.is_empty() && rest.len() <= 255 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_page_is_on_the_origin_asked_from_and_nothing_else_is_taken() {
        let config = Config::for_tests(std::path::PathBuf::from("/nonexistent"));
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(k.clone(), v.parse().unwrap());
            }
            origin(&h, &config)
        };
        assert_eq!(with(&[(header::ORIGIN, "https://epermit.example"), (header::HOST, "other")]), "https://epermit.example");
        assert_eq!(with(&[(header::ORIGIN, "http://127.0.0.1:8080")]), "http://127.0.0.1:8080");
        // A path, a user or a scheme that is not the web's is no origin: the Host is used.
        for bad in ["https://evil.example/phish", "javascript:alert(1)", "https://u@evil.example", "null", ""] {
            assert_eq!(with(&[(header::ORIGIN, bad), (header::HOST, "localhost:8080")]), "http://localhost:8080", "{bad}");
        }
        assert_eq!(with(&[(header::HOST, "a b")]), "http://127.0.0.1:0");
    }
}
