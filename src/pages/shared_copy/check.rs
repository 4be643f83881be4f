//! The checks a recipient's phone makes on a shared copy (docs/sharing.md), in order: the
//! link's form, where the share stands, the issuer's signature (WebCrypto, against the key the
//! backend publishes), the statement's share and dates, and the photo's hash. Nothing is shown
//! that has not passed them.

use crate::{api::Api, error::AppError, platform::signature_check};
use permit_core::{
    api::{share::{is_share_id, is_share_secret}, ErrorCode},
    certificate::normalize_code,
    share::{Purpose, ShareState},
    statement::{self, Statement},
};

/// What opens a copy: a share's link (`/s/<id>#<secret>`) or a certificate's check code
/// (`/c#<code>`, or typed).
#[derive(Clone, PartialEq, Eq)]
pub enum Link {
    Share { id: String, secret: String },
    /// The code as typed or scanned; normalized before anything is sent.
    Certificate { code: String },
}

/// What the page shows.
#[derive(Clone)]
pub enum Outcome {
    /// Every check passed. `photo` is the JPEG whose hash the statement carries, when it
    /// names one and the photo sent is that one; `photo_matches` is false when it is not.
    Verified { statement: Statement, photo: Option<Vec<u8>>, photo_matches: bool },
    Expired,
    Revoked,
    /// The signature, its key or its share do not hold: nothing of it is shown.
    Forged,
    /// Not a link to a share (malformed, unknown, or a wrong secret).
    BadLink,
    Failed(AppError),
}

/// Opens what `link` names and checks what comes back; `now_s` is the server's clock.
pub async fn open(api: &Api, link: &Link, now_s: impl Fn() -> i64) -> Outcome {
    let answer = match link {
        Link::Share { id, secret } if is_share_id(id) && is_share_secret(secret) => api.open_share(id, secret).await,
        Link::Certificate { code } => match normalize_code(code) {
            Some(code) => api.open_certificate(&code).await,
            None => return Outcome::BadLink,
        },
        Link::Share { .. } => return Outcome::BadLink,
    };
    let opened = match answer {
        Ok(opened) => opened,
        Err(e) => return failed(e),
    };
    match opened.state {
        ShareState::Expired => return Outcome::Expired,
        ShareState::Revoked => return Outcome::Revoked,
        ShareState::Verified => {}
    }
    let Some(parsed) = opened.statement.as_deref().and_then(|jws| statement::parse(jws).ok()) else {
        return Outcome::Forged;
    };
    // A genuine statement of another share, sent for this link, is not this share; a
    // certificate's code opens only a certificate.
    let answers_the_link = match link {
        Link::Share { id, .. } => &parsed.statement.sid == id,
        Link::Certificate { .. } => {
            parsed.statement.purpose == Purpose::ResidenceCertificate && parsed.statement.certificate.is_some()
        }
    };
    if !answers_the_link {
        return Outcome::Forged;
    }
    let keys = match api.issuer_keys().await {
        Ok(keys) => keys,
        Err(e) => return failed(e),
    };
    let Some(key) = keys.key(&parsed.header.kid) else { return Outcome::Forged };
    match signature_check::es256_holds(&key, &parsed.signature, parsed.signing_input.as_bytes()).await {
        Ok(true) => {}
        Ok(false) => return Outcome::Forged,
        Err(_) => return Outcome::Failed(AppError::Crypto),
    }
    match statement::check_time(&parsed.statement, now_s()) {
        Ok(()) => {}
        Err(statement::StatementRejection::Expired) => return Outcome::Expired,
        Err(_) => return Outcome::Forged,
    }
    let (photo, photo_matches) = match (&parsed.statement.claims.photo_sha256, link) {
        (None, _) => (None, true),
        // A certificate names no photo: one that says it does is not what the issuer makes.
        (Some(_), Link::Certificate { .. }) => return Outcome::Forged,
        (Some(expected), Link::Share { id, secret }) => match api.share_photo(id, secret).await {
            Ok(jpeg) => {
                let matches = signature_check::sha256_hex(&jpeg).await.is_ok_and(|h| &h == expected);
                (matches.then_some(jpeg), matches)
            }
            Err(e) => return failed(e),
        },
    };
    Outcome::Verified { statement: parsed.statement, photo, photo_matches }
}

/// Where the share or certificate stands now, for the page's refresh.
pub async fn standing(api: &Api, link: &Link) -> Option<ShareState> {
    let answer = match link {
        Link::Share { id, secret } => api.share_status(id, secret).await,
        Link::Certificate { code } => api.certificate_status(&normalize_code(code)?).await,
    };
    answer.ok().map(|s| s.state)
}

fn failed(e: AppError) -> Outcome {
    match e {
        AppError::Api { code: ErrorCode::NoSuchShare, .. } => Outcome::BadLink,
        e => Outcome::Failed(e),
    }
}
