//! The signed statement of a share (issue 19, docs/sharing.md): a compact JWS (RFC 7515)
//! signed with ES256 (ECDSA P-256 over SHA-256, the signature as `r || s`, RFC 7518 §3.4) by
//! the issuer's key, whose public half the backend publishes as a JWK set at
//! `GET /api/v1/issuer-keys`. The share page checks it with WebCrypto (whose ECDSA signature
//! format is the same `r || s`); an integrator can check it offline with any JOSE library.
//!
//! A JWS signs bytes, not values: the payload is checked as sent and parsed only after, so no
//! canonical JSON is needed. The claims follow JWT's names where JWT has one (`iat`, `exp`, in
//! Unix seconds), so a JWT library checks the expiry on its own.

use crate::{
    certificate::CertificateFacts,
    share::{Purpose, SharedClaims},
};
use data_encoding::BASE64URL_NOPAD;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The only algorithm: a header naming another (`none`, `HS256`) is refused before anything else.
pub const ALGORITHM: &str = "ES256";
/// The header's `typ`: a statement is not any JWT the same key might ever sign.
pub const STATEMENT_TYPE: &str = "gd-epermit-share+jwt";
/// Longest statement read: far above a real one (under 2 KB), far below what would cost time.
pub const MAX_LEN: usize = 16 * 1024;
/// How far ahead of the checker's clock a statement's `iat` may be (clocks differ).
pub const FUTURE_SKEW_S: i64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    /// Which of the published keys signed it.
    pub kid: String,
    pub typ: String,
}

impl Header {
    pub fn new(kid: &str) -> Self {
        Self { alg: ALGORITHM.into(), kid: kid.into(), typ: STATEMENT_TYPE.into() }
    }
}

/// What the recipient is shown, and nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Statement {
    /// The share's id (not its secret).
    pub sid: String,
    /// When the holder consented, Unix seconds.
    pub iat: i64,
    /// When the share expires, Unix seconds.
    pub exp: i64,
    pub purpose: Purpose,
    /// What for, in the holder's words, when the purpose is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_note: Option<String>,
    /// Who the holder shared it with, in the holder's words.
    pub recipient: String,
    pub claims: SharedClaims,
    /// What a residence certificate states beyond its claims (purpose
    /// `residence_certificate` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateFacts>,
}

/// Why a statement is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementRejection {
    /// Not three base64url parts of JSON, over the length limit, or missing fields.
    Malformed,
    /// Another `alg` or `typ` than a statement's.
    UnsupportedAlgorithm,
    /// Signed by a key that is not (or no longer) published.
    UnknownKey,
    /// The signature does not hold: altered, or made up.
    Forged,
    Expired,
    /// Dated ahead of the checker's clock beyond the skew.
    NotYetValid,
}

/// `base64url(header) . base64url(payload)`: the bytes the signature covers.
pub fn signing_input(header: &Header, statement: &Statement) -> String {
    let header = serde_json::to_vec(header).expect("a header serializes");
    let payload = serde_json::to_vec(statement).expect("a statement serializes");
    format!("{}.{}", BASE64URL_NOPAD.encode(&header), BASE64URL_NOPAD.encode(&payload))
}

/// The compact JWS from its signing input and the signature over it.
pub fn assemble(signing_input: &str, signature: &[u8; 64]) -> String {
    format!("{signing_input}.{}", BASE64URL_NOPAD.encode(signature))
}

/// A statement taken apart, its signature not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub header: Header,
    pub statement: Statement,
    pub signing_input: String,
    pub signature: [u8; 64],
}

/// Takes a statement apart: the form, the algorithm and the type, nothing about its signature.
pub fn parse(jws: &str) -> Result<Parsed, StatementRejection> {
    use StatementRejection::*;
    if jws.len() > MAX_LEN {
        return Err(Malformed);
    }
    let mut parts = jws.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(Malformed);
    };
    let decode = |part: &str| BASE64URL_NOPAD.decode(part.as_bytes()).map_err(|_| Malformed);
    let header: Header = serde_json::from_slice(&decode(h)?).map_err(|_| Malformed)?;
    if header.alg != ALGORITHM || header.typ != STATEMENT_TYPE {
        return Err(UnsupportedAlgorithm);
    }
    let statement: Statement = serde_json::from_slice(&decode(p)?).map_err(|_| Malformed)?;
    let signature: [u8; 64] = decode(s)?.try_into().map_err(|_| Malformed)?;
    Ok(Parsed { header, statement, signing_input: format!("{h}.{p}"), signature })
}

/// Every rule, in the order that tells the most: form, key, signature, time. `key` gives the
/// published public key (uncompressed SEC1, 65 bytes) for a `kid`. Whether the share was
/// revoked is the backend's to say: a statement cannot know it.
#[cfg(any(test, feature = "verify"))]
pub fn verify(jws: &str, key: impl FnOnce(&str) -> Option<Vec<u8>>, now_s: i64) -> Result<Statement, StatementRejection> {
    let parsed = parse(jws)?;
    let public_key = key(&parsed.header.kid).ok_or(StatementRejection::UnknownKey)?;
    if !crate::token::es256_holds(parsed.signing_input.as_bytes(), &parsed.signature, &public_key) {
        return Err(StatementRejection::Forged);
    }
    check_time(&parsed.statement, now_s)?;
    Ok(parsed.statement)
}

/// Expired from `exp` on; not yet valid beyond the skew. In `i128`: no date overflows.
pub fn check_time(statement: &Statement, now_s: i64) -> Result<(), StatementRejection> {
    let now = i128::from(now_s);
    if now >= i128::from(statement.exp) {
        Err(StatementRejection::Expired)
    } else if i128::from(statement.iat) > now + i128::from(FUTURE_SKEW_S) {
        Err(StatementRejection::NotYetValid)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::{ShareField, SharedClaims};
    use p256::ecdsa::{signature::Signer, Signature, SigningKey};

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_slice(&[seed; 32]).unwrap()
    }

    fn public(k: &SigningKey) -> Vec<u8> {
        k.verifying_key().to_encoded_point(false).as_bytes().to_vec()
    }

    fn statement() -> Statement {
        Statement {
            sid: "shr_1".into(),
            iat: 1_800_000_000,
            exp: 1_800_086_400,
            purpose: Purpose::Rent,
            purpose_note: None,
            recipient: "某某物业".into(),
            claims: SharedClaims { name: Some("测试".into()), city: Some("广州市".into()), permit_valid: Some(true), ..Default::default() },
            certificate: None,
        }
    }

    fn sign(k: &SigningKey, kid: &str, s: &Statement) -> String {
        let input = signing_input(&Header::new(kid), s);
        let sig: Signature = k.sign(input.as_bytes());
        assemble(&input, &sig.to_bytes().into())
    }

    fn keys(k: &SigningKey) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
        move |kid| (kid == "k1").then(|| public(k))
    }

    #[test]
    fn a_genuine_statement_verifies_with_its_key() {
        let k = key(7);
        let jws = sign(&k, "k1", &statement());
        assert_eq!(verify(&jws, keys(&k), 1_800_000_100), Ok(statement()));
        assert_eq!(jws.split('.').count(), 3);
    }

    #[test]
    fn the_wrong_key_or_an_unknown_kid_is_refused() {
        let k = key(7);
        let other = key(8);
        let jws = sign(&other, "k1", &statement());
        assert_eq!(verify(&jws, keys(&k), 1_800_000_100), Err(StatementRejection::Forged));
        let jws = sign(&k, "k9", &statement());
        assert_eq!(verify(&jws, keys(&k), 1_800_000_100), Err(StatementRejection::UnknownKey));
    }

    #[test]
    fn any_change_to_the_payload_or_header_is_forged() {
        let k = key(7);
        let jws = sign(&k, "k1", &statement());
        let (input, sig) = jws.rsplit_once('.').unwrap();
        let (h, _) = input.split_once('.').unwrap();
        // The same statement with one more field: the ID number slipped in.
        let mut more = statement();
        more.claims.id_number = Some("440106199001010021".into());
        let tampered = format!("{h}.{}.{sig}", BASE64URL_NOPAD.encode(&serde_json::to_vec(&more).unwrap()));
        assert_eq!(verify(&tampered, keys(&k), 1_800_000_100), Err(StatementRejection::Forged));
        // A longer validity.
        let mut longer = statement();
        longer.exp += 86_400 * 365;
        let tampered = format!("{h}.{}.{sig}", BASE64URL_NOPAD.encode(&serde_json::to_vec(&longer).unwrap()));
        assert_eq!(verify(&tampered, keys(&k), 1_800_000_100), Err(StatementRejection::Forged));
        // Every single bit of the signature.
        let raw = BASE64URL_NOPAD.decode(sig.as_bytes()).unwrap();
        for i in 0..raw.len() * 8 {
            let mut flipped = raw.clone();
            flipped[i / 8] ^= 1 << (i % 8);
            let t = format!("{input}.{}", BASE64URL_NOPAD.encode(&flipped));
            assert_eq!(verify(&t, keys(&k), 1_800_000_100), Err(StatementRejection::Forged), "bit {i}");
        }
    }

    #[test]
    fn a_certificate_signs_its_years_and_history_and_a_raised_count_is_forged() {
        use crate::certificate::{CertificateFacts, Endorsement};
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let k = key(7);
        let mut cert = statement();
        cert.purpose = Purpose::ResidenceCertificate;
        cert.recipient = String::new();
        cert.certificate = Some(CertificateFacts {
            permit_number: "4401062024000123".into(),
            registered_on: d(2022, 3, 1),
            continuous_years: 2,
            endorsements: vec![Endorsement::OnTime { year_ending: d(2024, 2, 29) }, Endorsement::OnTime { year_ending: d(2025, 2, 28) }],
            made_on: d(2026, 12, 3),
        });
        let jws = sign(&k, "k1", &cert);
        assert_eq!(verify(&jws, keys(&k), 1_800_000_100), Ok(cert.clone()));
        // A statement without a certificate does not carry the key at all (older readers).
        assert!(!String::from_utf8(BASE64URL_NOPAD.decode(sign(&k, "k1", &statement()).split('.').nth(1).unwrap().as_bytes()).unwrap())
            .unwrap()
            .contains("certificate"));
        let (input, sig) = jws.rsplit_once('.').unwrap();
        let (h, _) = input.split_once('.').unwrap();
        let mut raised = cert;
        raised.certificate.as_mut().unwrap().continuous_years = 5;
        let tampered = format!("{h}.{}.{sig}", BASE64URL_NOPAD.encode(&serde_json::to_vec(&raised).unwrap()));
        assert_eq!(verify(&tampered, keys(&k), 1_800_000_100), Err(StatementRejection::Forged));
    }

    #[test]
    fn another_algorithm_or_type_is_refused_before_any_key_is_looked_up() {
        let k = key(7);
        let payload = BASE64URL_NOPAD.encode(&serde_json::to_vec(&statement()).unwrap());
        for header in [
            r#"{"alg":"none","kid":"k1","typ":"gd-epermit-share+jwt"}"#,
            r#"{"alg":"HS256","kid":"k1","typ":"gd-epermit-share+jwt"}"#,
            r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#,
        ] {
            let jws = format!("{}.{payload}.", BASE64URL_NOPAD.encode(header.as_bytes()));
            let looked_up = std::cell::Cell::new(false);
            let r = verify(&jws, |_| {
                looked_up.set(true);
                Some(public(&k))
            }, 1_800_000_100);
            assert_eq!(r, Err(StatementRejection::UnsupportedAlgorithm), "{header}");
            assert!(!looked_up.get());
        }
    }

    #[test]
    fn malformed_statements_are_refused() {
        let k = key(7);
        let good = sign(&k, "k1", &statement());
        let long = "A".repeat(MAX_LEN + 1);
        for bad in ["", ".", "..", "a.b.c", "a.b.c.d", &format!("{good}.x"), &good.replace('.', "!"), &long, &good[..good.len() - 2]] {
            assert_eq!(verify(bad, keys(&k), 1_800_000_100), Err(StatementRejection::Malformed), "{bad:.40}");
        }
    }

    #[test]
    fn expiry_and_the_future_are_checked_at_their_edges() {
        let k = key(7);
        let jws = sign(&k, "k1", &statement());
        let s = statement();
        assert!(verify(&jws, keys(&k), s.exp - 1).is_ok());
        assert_eq!(verify(&jws, keys(&k), s.exp), Err(StatementRejection::Expired));
        assert!(verify(&jws, keys(&k), s.iat - FUTURE_SKEW_S).is_ok());
        assert_eq!(verify(&jws, keys(&k), s.iat - FUTURE_SKEW_S - 1), Err(StatementRejection::NotYetValid));
        let mut extreme = statement();
        extreme.iat = i64::MIN;
        extreme.exp = i64::MAX;
        assert_eq!(check_time(&extreme, i64::MIN), Ok(()));
        extreme.iat = i64::MAX;
        assert_eq!(check_time(&extreme, i64::MIN), Err(StatementRejection::NotYetValid));
    }

    #[test]
    fn the_statement_carries_only_the_chosen_fields_on_the_wire() {
        let json = serde_json::to_string(&statement()).unwrap();
        for absent in ["id_number", "residence_address", "household_address", "birth_date", "photo_sha256", "purpose_note"] {
            assert!(!json.contains(absent), "{absent} in {json}");
        }
        assert_eq!(statement().claims.fields(), [ShareField::Name, ShareField::PermitValid, ShareField::City]);
    }
}
