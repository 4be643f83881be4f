//! Shares (用证授权) on the wire: the holder's requests and list, the public opening of a
//! share, and the issuer's published keys. The rules are `crate::share` and
//! `crate::statement`; docs/sharing.md tells the whole flow.

use crate::share::{Purpose, ShareField, ShareState};
use data_encoding::BASE64URL_NOPAD;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /shares`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShareRequest {
    pub purpose: Purpose,
    /// Required for `other` (at most 30 characters); ignored for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_note: Option<String>,
    /// Who it is for, e.g. the company (at most 40 characters, one line).
    pub recipient: String,
    /// At least one; `name`, `photo`, `permit_valid` and `city` are the least that proves
    /// the point, the others are shared only when the holder ticks them.
    pub fields: Vec<ShareField>,
    /// From 10 minutes to 7 days (10080).
    pub valid_minutes: u32,
}

/// One share as its holder sees it in 分享记录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShareSummary {
    pub id: String,
    pub purpose: Purpose,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_note: Option<String>,
    pub recipient: String,
    pub fields: Vec<ShareField>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at_ms: Option<i64>,
    /// Where it stands now.
    pub state: ShareState,
    /// Every time the link was opened, newest first (the time only: nothing about the viewer).
    pub openings_ms: Vec<i64>,
}

/// `POST /shares` answers with the share and its link. The secret is shown once, here, and
/// is stored only as a hash: a lost link is revoked and shared again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShareCreated {
    pub share: ShareSummary,
    pub secret: String,
    /// The page that opens it, relative to the app: `/s/<id>#<secret>`. The secret is in the
    /// fragment, which browsers never send, so no server or proxy log ever holds it.
    pub link: String,
}

/// `POST /public/shares/{id}/open` and `.../photo`: the secret from the link's fragment, in a
/// body so that it is never in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OpenShareRequest {
    pub secret: String,
}

/// `POST /certificates` answers with the certificate as a share, its check code (shown once
/// here and printed on the PDF; stored only as a hash) and where to download the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CertificateMade {
    pub share: ShareSummary,
    /// The check code, in groups of four: `7KQ2-M9XD-4TRH-C8WA`.
    pub code: String,
    /// The check page, relative to the app: `/c#<code>`.
    pub link: String,
    /// `GET` it with the same authorization: the PDF, while the certificate holds.
    pub pdf_path: String,
}

/// `POST /public/certificates/open` and `.../status`: the check code printed on a certificate
/// (from its QR's fragment, or typed; groups, spaces and case do not matter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OpenCertificateRequest {
    pub code: String,
}

/// What the opener of a link gets: where the share stands and, while it holds, the signed
/// statement (a compact JWS; see `statement`). A revoked or expired share says only that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OpenedShare {
    pub state: ShareState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// The link of a share.
pub fn link(id: &str, secret: &str) -> String {
    format!("/s/{id}#{secret}")
}

/// Whether `id` has the form of a share id (`shr-` and 16 lowercase hex digits): a link is
/// text anyone can write, and nothing else is put into a request path.
pub fn is_share_id(id: &str) -> bool {
    id.strip_prefix("shr-").is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Whether `secret` has the form of a link's secret (43 base64url characters, 256 bits).
pub fn is_share_secret(secret: &str) -> bool {
    secret.len() == 43 && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// One published public key (RFC 7517, an EC P-256 key for ES256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Jwk {
    /// `EC`
    pub kty: String,
    /// `P-256`
    pub crv: String,
    /// The point's coordinates, base64url without padding.
    pub x: String,
    pub y: String,
    pub kid: String,
    /// `ES256`
    pub alg: String,
    /// `sig`
    #[serde(rename = "use")]
    pub key_use: String,
}

impl Jwk {
    /// From an uncompressed SEC1 point (65 bytes: `04 || x || y`).
    pub fn p256(kid: &str, sec1: &[u8]) -> Option<Self> {
        let (0x04, xy) = sec1.split_first().map(|(t, r)| (*t, r))? else { return None };
        if xy.len() != 64 {
            return None;
        }
        Some(Self {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: BASE64URL_NOPAD.encode(&xy[..32]),
            y: BASE64URL_NOPAD.encode(&xy[32..]),
            kid: kid.into(),
            alg: crate::statement::ALGORITHM.into(),
            key_use: "sig".into(),
        })
    }

    /// Back to the uncompressed SEC1 point, for a P-256 ES256 key only.
    pub fn sec1(&self) -> Option<Vec<u8>> {
        if self.kty != "EC" || self.crv != "P-256" || self.alg != crate::statement::ALGORITHM {
            return None;
        }
        let x = BASE64URL_NOPAD.decode(self.x.as_bytes()).ok().filter(|x| x.len() == 32)?;
        let y = BASE64URL_NOPAD.decode(self.y.as_bytes()).ok().filter(|y| y.len() == 32)?;
        Some([&[0x04][..], &x, &y].concat())
    }
}

/// `GET /issuer-keys`: every key whose statements may still be valid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    /// The public key published under `kid`.
    pub fn key(&self, kid: &str) -> Option<Vec<u8>> {
        self.keys.iter().find(|k| k.kid == kid).and_then(Jwk::sec1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_goes_to_jwk_and_back() {
        let mut sec1 = vec![0x04];
        sec1.extend((0..64).map(|i| i as u8));
        let jwk = Jwk::p256("k1", &sec1).unwrap();
        assert_eq!(jwk.sec1().unwrap(), sec1);
        let json = serde_json::to_value(&jwk).unwrap();
        assert_eq!(json["use"], "sig");
        assert_eq!(json["kty"], "EC");
        assert_eq!(json["crv"], "P-256");
        assert_eq!(json["x"].as_str().unwrap().len(), 43);
        let set = JwkSet { keys: vec![jwk.clone()] };
        assert_eq!(set.key("k1"), Some(sec1.clone()));
        assert_eq!(set.key("k2"), None);
        // Compressed points, short points and other curves are no key.
        assert_eq!(Jwk::p256("k", &sec1[..64]), None);
        let mut compressed = sec1.clone();
        compressed[0] = 0x02;
        assert_eq!(Jwk::p256("k", &compressed), None);
        assert_eq!(Jwk { crv: "P-384".into(), ..jwk.clone() }.sec1(), None);
        assert_eq!(Jwk { alg: "HS256".into(), ..jwk.clone() }.sec1(), None);
        assert_eq!(Jwk { x: "AAAA".into(), ..jwk }.sec1(), None);
    }

    #[test]
    fn the_link_holds_the_secret_in_its_fragment() {
        assert_eq!(link("shr-1", "s3cret"), "/s/shr-1#s3cret");
    }

    #[test]
    fn only_well_formed_ids_and_secrets_reach_a_request() {
        assert!(is_share_id("shr-0123456789abcdef"));
        for bad in ["shr-0123456789ABCDEF", "shr-0123456789abcde", "shr-0123456789abcdef0", "../../devices/otp", "shr-01234567/9abcdef", "", "ver-0123456789abcdef", "shr-０123456789abcde"] {
            assert!(!is_share_id(bad), "{bad}");
        }
        assert!(is_share_secret(&"a-_Z9".repeat(9)[..43]));
        for bad in ["", &"a".repeat(42), &"a".repeat(44), &format!("{}=", "a".repeat(42)), &format!("{}/", "a".repeat(42))] {
            assert!(!is_share_secret(bad), "{bad}");
        }
    }
}
