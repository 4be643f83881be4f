//! The permit code shown as the live card's rotating QR (see docs/permit-code.md).
//!
//! Layout of the token's 81 bytes, all big-endian:
//!
//! | bytes | field |
//! | --- | --- |
//! | 0 | version (1) |
//! | 1..9 | device id |
//! | 9..17 | issue time `iat`, Unix seconds by the server-corrected clock |
//! | 17..81 | ECDSA P-256 / SHA-256 signature, raw `r || s`, low-S |
//!
//! The signature covers [`DOMAIN_LABEL`] followed by bytes 0..17, so it cannot be replayed as
//! a signature for anything else. The text form is [`PREFIX`] and the 81 bytes in base32
//! (RFC 4648, uppercase, no padding): 130 characters, all in the QR alphanumeric set, so the
//! whole code fits a version 7 QR at level M. Decoding is canonical: one spelling per token.

use data_encoding::BASE32_NOPAD;
use serde::{Deserialize, Serialize};

pub const VERSION: u8 = 1;
pub const PREFIX: &str = "GDJZZ:";
pub const DOMAIN_LABEL: &[u8] = b"gd-epermit-code/v1";
pub const DEVICE_ID_LEN: usize = 8;
pub const SIGNATURE_LEN: usize = 64;
pub const BODY_LEN: usize = 1 + DEVICE_ID_LEN + 8;
pub const TOKEN_LEN: usize = BODY_LEN + SIGNATURE_LEN;
/// Length of the text form: the prefix and 130 base32 characters.
pub const TEXT_LEN: usize = PREFIX.len() + (TOKEN_LEN * 8).div_ceil(5);

pub type DeviceId = [u8; DEVICE_ID_LEN];

/// The backend's code policy: how often the phone makes a new code and how long one is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodePolicy {
    pub step_s: u32,
    pub validity_s: u32,
    /// How far into the future an `iat` may be, for phones whose clock runs a little ahead.
    pub future_skew_s: u32,
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self { step_s: 30, validity_s: 60, future_skew_s: 5 }
    }
}

/// A token's parts, as the phone makes them and the verifier reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub device_id: DeviceId,
    pub iat: i64,
    pub signature: [u8; SIGNATURE_LEN],
}

/// Why a code was refused. Each names one rule; the counter page explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// Not a permit code at all, or not in its one canonical spelling.
    Malformed,
    /// A permit code of a version this verifier does not know.
    UnsupportedVersion,
    /// The signature is not valid for the device's key: forged or altered.
    Forged,
    /// The device is not registered.
    UnknownDevice,
    /// The device was replaced by another and may no longer show the permit.
    DeviceRevoked,
    /// Older than the validity window: a screenshot or an old code.
    Expired,
    /// Dated further ahead than clock skew allows.
    FromTheFuture,
    /// This code, or a newer one from the same phone, was already accepted.
    AlreadyUsed,
}

/// The bytes the phone signs for a code made at `iat` by `device_id`.
pub fn signed_message(device_id: &DeviceId, iat: i64) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN_LABEL.len() + BODY_LEN);
    m.extend_from_slice(DOMAIN_LABEL);
    m.extend_from_slice(&body(device_id, iat));
    m
}

fn body(device_id: &DeviceId, iat: i64) -> [u8; BODY_LEN] {
    let mut b = [0u8; BODY_LEN];
    b[0] = VERSION;
    b[1..9].copy_from_slice(device_id);
    b[9..17].copy_from_slice(&iat.to_be_bytes());
    b
}

impl Token {
    /// The text form put in the QR code.
    pub fn encode(&self) -> String {
        let mut bytes = [0u8; TOKEN_LEN];
        bytes[..BODY_LEN].copy_from_slice(&body(&self.device_id, self.iat));
        bytes[BODY_LEN..].copy_from_slice(&self.signature);
        format!("{PREFIX}{}", BASE32_NOPAD.encode(&bytes))
    }

    /// Reads a code, accepting only its canonical spelling: the exact length, the prefix,
    /// uppercase base32 and zero padding bits.
    pub fn decode(text: &str) -> Result<Self, Rejection> {
        let b32 = text.strip_prefix(PREFIX).ok_or(Rejection::Malformed)?;
        if text.len() != TEXT_LEN {
            return Err(Rejection::Malformed);
        }
        // data-encoding's BASE32_NOPAD is uppercase-only and rejects non-zero trailing bits.
        let bytes = BASE32_NOPAD.decode(b32.as_bytes()).map_err(|_| Rejection::Malformed)?;
        if bytes.len() != TOKEN_LEN {
            return Err(Rejection::Malformed);
        }
        if bytes[0] != VERSION {
            return Err(Rejection::UnsupportedVersion);
        }
        let mut device_id = [0u8; DEVICE_ID_LEN];
        device_id.copy_from_slice(&bytes[1..9]);
        let iat = i64::from_be_bytes(bytes[9..17].try_into().expect("8 bytes"));
        let mut signature = [0u8; SIGNATURE_LEN];
        signature.copy_from_slice(&bytes[BODY_LEN..]);
        Ok(Self { device_id, iat, signature })
    }

    pub fn signed_message(&self) -> Vec<u8> {
        signed_message(&self.device_id, self.iat)
    }
}

/// What the phone does for its next code: sign one dated `iat`, or wait until `ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextCode {
    Sign { iat: i64 },
    WaitUntil { ms: i64 },
}

/// The rule for a new code (see docs/permit-code.md, "Issue time"): dated now, in whole
/// seconds, and newer than the last code this phone knows was used. When the last used code
/// is from this very second, the phone waits for the next second instead of dating the new
/// code ahead of its clock: a code is never dated in the future, so codes read faster than
/// one a second cannot push `iat` past the verifier's skew allowance.
pub fn next_code(now_ms: i64, last_used_iat: Option<i64>) -> NextCode {
    let now_s = now_ms.div_euclid(1000);
    match last_used_iat {
        Some(last) if now_s <= last => NextCode::WaitUntil { ms: last.saturating_add(1).saturating_mul(1000) },
        _ => NextCode::Sign { iat: now_s },
    }
}

/// Seconds until the code of the current step is replaced.
pub fn seconds_to_next_step(now_ms: i64, policy: &CodePolicy) -> f64 {
    let step_ms = i64::from(policy.step_s.max(1)) * 1000;
    (step_ms - now_ms.rem_euclid(step_ms)) as f64 / 1000.0
}

/// The time rules: within the validity window of the verifier's clock, a little skew allowed
/// into the future. `iat` comes off the network, so the arithmetic is done in `i128`, where
/// no `i64` value can overflow it: a code dated near `i64::MIN` is `Expired`, never wrapped
/// into the window.
pub fn check_time(iat: i64, now_ms: i64, policy: &CodePolicy) -> Result<(), Rejection> {
    let age_s = i128::from(now_ms.div_euclid(1000)) - i128::from(iat);
    if age_s < -i128::from(policy.future_skew_s) {
        return Err(Rejection::FromTheFuture);
    }
    if age_s > i128::from(policy.validity_s) {
        return Err(Rejection::Expired);
    }
    Ok(())
}

/// Single use without a list: a code must be newer than the last one accepted from its device.
pub fn check_fresh(iat: i64, last_accepted_iat: Option<i64>) -> Result<(), Rejection> {
    match last_accepted_iat {
        Some(last) if iat <= last => Err(Rejection::AlreadyUsed),
        _ => Ok(()),
    }
}

/// The order of the curve P-256, big-endian. A signature `(r, s)` with `s > n/2` has a twin
/// `(r, n - s)`; accepting only the low one leaves one valid signature per message.
const P256_ORDER: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
];

/// Turns a WebCrypto signature (which may be high-S) into its low-S twin, which verifies the
/// same. The phone calls this before encoding, so the wasm needs no elliptic-curve library:
/// it is one 256-bit subtraction, `n - s`, checked against the `p256` crate in the tests.
pub fn normalize_low_s(signature: &mut [u8; SIGNATURE_LEN]) {
    let s: [u8; 32] = signature[32..].try_into().expect("32 bytes");
    if !is_high(&s) {
        return;
    }
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_ORDER[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        signature[32 + i] = d as u8;
    }
}

/// Whether `s > n / 2`.
pub(crate) fn is_high(s: &[u8; 32]) -> bool {
    // n / 2, rounded down.
    const HALF: [u8; 32] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ];
    s > &HALF
}

#[cfg(any(test, feature = "verify"))]
pub use verify::*;

#[cfg(any(test, feature = "verify"))]
mod verify {
    use super::*;
    use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};

    /// What the verifier knows of the device that made a code.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeviceRecord {
        /// Uncompressed SEC1 public key (65 bytes), as WebCrypto exports it.
        pub public_key: Vec<u8>,
        pub active: bool,
        pub last_accepted_iat: Option<i64>,
    }

    /// Whether a public key is a valid P-256 point; checked when a device registers.
    pub fn valid_public_key(sec1: &[u8]) -> bool {
        VerifyingKey::from_sec1_bytes(sec1).is_ok()
    }

    /// The signature rule alone: valid for this key and low-S.
    pub fn check_signature(token: &Token, public_key: &[u8]) -> Result<(), Rejection> {
        let s: &[u8; 32] = token.signature[32..].try_into().expect("32 bytes");
        if is_high(s) {
            return Err(Rejection::Forged);
        }
        if signature_holds(&token.signed_message(), &token.signature, public_key) {
            Ok(())
        } else {
            Err(Rejection::Forged)
        }
    }

    #[cfg(not(feature = "verify-ring"))]
    use p256_signature_holds as signature_holds;
    #[cfg(feature = "verify-ring")]
    use ring_signature_holds as signature_holds;

    /// ES256 (ECDSA P-256, SHA-256, `r || s`) by the verifier this build carries; the share
    /// statements are checked with it too (`crate::statement`). Any `s`, as JWS allows.
    pub(crate) fn es256_holds(message: &[u8], signature: &[u8; SIGNATURE_LEN], public_key: &[u8]) -> bool {
        signature_holds(message, signature, public_key)
    }

    /// ECDSA P-256 with SHA-256 over `message`, the signature as `r || s`, by the pure-Rust
    /// `p256` crate: the reference, and the check wherever `ring` is not built.
    #[cfg_attr(feature = "verify-ring", allow(dead_code))]
    pub(crate) fn p256_signature_holds(message: &[u8], signature: &[u8; SIGNATURE_LEN], public_key: &[u8]) -> bool {
        let Ok(key) = VerifyingKey::from_sec1_bytes(public_key) else { return false };
        let Ok(sig) = Signature::from_slice(signature) else { return false };
        key.verify(message, &sig).is_ok()
    }

    /// The same check by `ring` (assembly field arithmetic): about five times faster, which is
    /// what a counter-facing verifier needs (docs/permit-code.md, "Verifying at scale"). The
    /// mock turns it on with the `verify-ring` feature; the tests hold it to `p256`'s answers.
    #[cfg(feature = "verify-ring")]
    pub(crate) fn ring_signature_holds(message: &[u8], signature: &[u8; SIGNATURE_LEN], public_key: &[u8]) -> bool {
        use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, public_key).verify(message, signature).is_ok()
    }

    /// Every rule, in the order that tells the most: form, device, signature, time, reuse.
    /// `device` is looked up by the token's device id; `None` means unknown.
    pub fn verify(
        text: &str,
        device: impl FnOnce(&DeviceId) -> Option<DeviceRecord>,
        now_ms: i64,
        policy: &CodePolicy,
    ) -> Result<Token, Rejection> {
        let token = Token::decode(text)?;
        let record = device(&token.device_id).ok_or(Rejection::UnknownDevice)?;
        check_signature(&token, &record.public_key)?;
        if !record.active {
            return Err(Rejection::DeviceRevoked);
        }
        check_time(token.iat, now_ms, policy)?;
        check_fresh(token.iat, record.last_accepted_iat)?;
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::{signature::Signer, Signature, SigningKey};
    use proptest::prelude::*;

    const NOW_MS: i64 = 1_795_000_000_123;

    fn key(seed: u8) -> SigningKey {
        let mut scalar = [0x11u8; 32];
        scalar[31] = seed;
        SigningKey::from_slice(&scalar).unwrap()
    }

    fn public(k: &SigningKey) -> Vec<u8> {
        k.verifying_key().to_encoded_point(false).as_bytes().to_vec()
    }

    fn sign(k: &SigningKey, device_id: DeviceId, iat: i64) -> Token {
        let sig: Signature = k.sign(&signed_message(&device_id, iat));
        let mut signature: [u8; 64] = sig.to_bytes().into();
        normalize_low_s(&mut signature);
        Token { device_id, iat, signature }
    }

    fn record(k: &SigningKey) -> DeviceRecord {
        DeviceRecord { public_key: public(k), active: true, last_accepted_iat: None }
    }

    fn now_s() -> i64 {
        NOW_MS / 1000
    }

    #[test]
    fn the_text_form_fits_a_version_7_m_qr() {
        let t = sign(&key(1), [7; 8], now_s());
        let text = t.encode();
        assert_eq!(text.len(), TEXT_LEN);
        assert!(text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':'));
        // The card draws at error correction M with the smallest version that holds the text,
        // and refuses anything past version 7 (`components/qr.rs`); an independent encoder
        // decides the size.
        let qr = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
        assert!(matches!(qr.version(), qrcode::Version::Normal(v) if v <= 7), "{:?}", qr.version());
    }

    #[test]
    fn a_fresh_code_from_an_active_device_is_accepted() {
        let k = key(1);
        let t = sign(&k, [1; 8], now_s() - 3);
        let got = verify(&t.encode(), |_| Some(record(&k)), NOW_MS, &CodePolicy::default()).unwrap();
        assert_eq!(got, t);
    }

    #[test]
    fn non_canonical_spellings_are_malformed() {
        let text = sign(&key(1), [1; 8], now_s()).encode();
        assert_eq!(Token::decode(&text.to_lowercase()), Err(Rejection::Malformed));
        assert_eq!(Token::decode(&format!("{text}A")), Err(Rejection::Malformed));
        assert_eq!(Token::decode(&text[..text.len() - 1]), Err(Rejection::Malformed));
        assert_eq!(Token::decode(&text.replacen(PREFIX, "XXXXX:", 1)), Err(Rejection::Malformed));
        assert_eq!(Token::decode(&format!("{text}=")), Err(Rejection::Malformed));
        // The last character carries 3 data bits and 2 padding bits: a non-zero pad is a
        // second spelling of the same bytes and must not decode.
        let last = text.as_bytes()[text.len() - 1];
        let value = BASE32_NOPAD.decode(&[b'A', b'A', b'A', b'A', b'A', b'A', b'A', last][..]);
        assert!(value.is_ok());
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let idx = alphabet.iter().position(|c| *c == last).unwrap();
        let mut bumped = text.clone().into_bytes();
        *bumped.last_mut().unwrap() = alphabet[idx ^ 1];
        assert_eq!(Token::decode(std::str::from_utf8(&bumped).unwrap()), Err(Rejection::Malformed));
        assert_eq!(Token::decode("hello"), Err(Rejection::Malformed));
    }

    #[test]
    fn another_version_is_named() {
        let t = sign(&key(1), [1; 8], now_s());
        let mut bytes = BASE32_NOPAD.decode(t.encode()[PREFIX.len()..].as_bytes()).unwrap();
        bytes[0] = 2;
        let text = format!("{PREFIX}{}", BASE32_NOPAD.encode(&bytes));
        assert_eq!(Token::decode(&text), Err(Rejection::UnsupportedVersion));
    }

    #[test]
    fn tampering_with_any_field_is_forgery() {
        let k = key(1);
        let t = sign(&k, [1; 8], now_s());
        let policy = CodePolicy::default();
        let later = Token { iat: t.iat + 1, ..t };
        assert_eq!(verify(&later.encode(), |_| Some(record(&k)), NOW_MS, &policy), Err(Rejection::Forged));
        let mut sig = t.signature;
        sig[10] ^= 1;
        let bad = Token { signature: sig, ..t };
        assert_eq!(verify(&bad.encode(), |_| Some(record(&k)), NOW_MS, &policy), Err(Rejection::Forged));
        let other_key = key(2);
        assert_eq!(verify(&t.encode(), |_| Some(record(&other_key)), NOW_MS, &policy), Err(Rejection::Forged));
    }

    #[test]
    fn the_high_s_twin_of_a_valid_signature_is_refused() {
        let k = key(3);
        let t = sign(&k, [1; 8], now_s());
        let sig = Signature::from_slice(&t.signature).unwrap();
        let (r, s) = sig.split_scalars();
        let twin = Signature::from_scalars(r, -*s.as_ref()).unwrap();
        let mut twin_bytes: [u8; 64] = twin.to_bytes().into();
        use p256::ecdsa::signature::Verifier;
        assert!(p256::ecdsa::VerifyingKey::from(&k).verify(&t.signed_message(), &twin).is_ok());
        let high = Token { signature: twin_bytes, ..t };
        assert_eq!(check_signature(&high, &public(&k)), Err(Rejection::Forged));
        normalize_low_s(&mut twin_bytes);
        assert_eq!(twin_bytes, t.signature);
    }

    #[test]
    fn time_window_and_skew() {
        let k = key(1);
        let policy = CodePolicy::default();
        let at = |iat| verify(&sign(&k, [1; 8], iat).encode(), |_| Some(record(&k)), NOW_MS, &policy);
        assert!(at(now_s() - 60).is_ok());
        assert_eq!(at(now_s() - 61), Err(Rejection::Expired));
        assert!(at(now_s() + 5).is_ok());
        assert_eq!(at(now_s() + 6), Err(Rejection::FromTheFuture));
    }

    #[test]
    fn a_code_works_once_and_older_codes_never() {
        let k = key(1);
        let policy = CodePolicy::default();
        let t = sign(&k, [1; 8], now_s() - 30);
        let used = DeviceRecord { last_accepted_iat: Some(t.iat), ..record(&k) };
        assert_eq!(verify(&t.encode(), |_| Some(used.clone()), NOW_MS, &policy), Err(Rejection::AlreadyUsed));
        let older = sign(&k, [1; 8], now_s() - 40);
        assert_eq!(verify(&older.encode(), |_| Some(used.clone()), NOW_MS, &policy), Err(Rejection::AlreadyUsed));
        let newer = sign(&k, [1; 8], now_s());
        assert!(verify(&newer.encode(), |_| Some(used), NOW_MS, &policy).is_ok());
    }

    #[test]
    fn unknown_and_revoked_devices() {
        let k = key(1);
        let t = sign(&k, [1; 8], now_s());
        let policy = CodePolicy::default();
        assert_eq!(verify(&t.encode(), |_| None, NOW_MS, &policy), Err(Rejection::UnknownDevice));
        let revoked = DeviceRecord { active: false, ..record(&k) };
        assert_eq!(verify(&t.encode(), |_| Some(revoked), NOW_MS, &policy), Err(Rejection::DeviceRevoked));
    }

    #[test]
    fn a_new_code_is_dated_now_or_waits_for_the_next_second() {
        assert_eq!(next_code(1_000_049_999, None), NextCode::Sign { iat: 1_000_049 });
        assert_eq!(next_code(1_000_049_999, Some(1_000_049)), NextCode::WaitUntil { ms: 1_000_050_000 });
        assert_eq!(next_code(1_000_050_000, Some(1_000_049)), NextCode::Sign { iat: 1_000_050 });
        assert_eq!(next_code(1_000_049_999, Some(1_000_000)), NextCode::Sign { iat: 1_000_049 });
        // A used code ahead of the clock (the clock was corrected backwards): wait for it.
        assert_eq!(next_code(1_000_049_999, Some(1_000_052)), NextCode::WaitUntil { ms: 1_000_053_000 });
        assert_eq!(next_code(0, Some(i64::MAX)), NextCode::WaitUntil { ms: i64::MAX });
        // 1_000_050 s is a multiple of 30.
        let p = CodePolicy::default();
        assert!((seconds_to_next_step(1_000_049_000, &p) - 1.0).abs() < 1e-9);
        assert!((seconds_to_next_step(1_000_050_000, &p) - 30.0).abs() < 1e-9);
    }

    #[test]
    fn extreme_issue_times_get_a_verdict() {
        let p = CodePolicy::default();
        assert_eq!(check_time(i64::MIN, NOW_MS, &p), Err(Rejection::Expired));
        assert_eq!(check_time(i64::MIN + 1, NOW_MS, &p), Err(Rejection::Expired));
        assert_eq!(check_time(i64::MAX, NOW_MS, &p), Err(Rejection::FromTheFuture));
        assert_eq!(check_time(i64::MIN, i64::MAX, &p), Err(Rejection::Expired));
        assert_eq!(check_time(i64::MAX, i64::MIN, &p), Err(Rejection::FromTheFuture));
        let wide = CodePolicy { step_s: u32::MAX, validity_s: u32::MAX, future_skew_s: u32::MAX };
        assert_eq!(check_time(i64::MIN, i64::MAX, &wide), Err(Rejection::Expired));
        // The whole verifier, with a genuine signature over an extreme date.
        let k = key(4);
        for iat in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            let t = sign(&k, [4; 8], iat);
            let got = verify(&t.encode(), |_| Some(record(&k)), NOW_MS, &p);
            assert!(matches!(got, Err(Rejection::Expired | Rejection::FromTheFuture)), "{iat}: {got:?}");
        }
    }

    proptest! {
        #[test]
        fn encode_then_decode_is_identity(device in any::<[u8; 8]>(), iat in any::<i64>(), sig in proptest::collection::vec(any::<u8>(), 64)) {
            let t = Token { device_id: device, iat, signature: sig.try_into().unwrap() };
            prop_assert_eq!(Token::decode(&t.encode()), Ok(t));
        }

        #[test]
        fn normalize_low_s_agrees_with_p256(seed in 1u8..=255, iat in 0i64..4_000_000_000) {
            let k = key(seed);
            let sig: Signature = k.sign(&signed_message(&[seed; 8], iat));
            let mut bytes: [u8; 64] = sig.to_bytes().into();
            normalize_low_s(&mut bytes);
            let expected = sig.normalize_s().unwrap_or(sig);
            prop_assert_eq!(&bytes[..], &expected.to_bytes()[..]);
        }

        /// Issue 15: over the whole `i64` range of `iat` and of the clock, the time rule never
        /// panics and accepts exactly the codes whose age is inside the window.
        #[test]
        fn the_time_rule_holds_over_every_i64(iat in any::<i64>(), now_ms in any::<i64>(), validity in any::<u32>(), skew in any::<u32>()) {
            let p = CodePolicy { step_s: 30, validity_s: validity, future_skew_s: skew };
            let got = check_time(iat, now_ms, &p);
            let age = i128::from(now_ms.div_euclid(1000)) - i128::from(iat);
            let inside = -i128::from(skew) <= age && age <= i128::from(validity);
            prop_assert_eq!(got.is_ok(), inside);
            if let Err(r) = got {
                prop_assert_eq!(r, if age < 0 { Rejection::FromTheFuture } else { Rejection::Expired });
            }
        }

        #[test]
        fn extreme_issue_times_are_never_accepted(iat in prop_oneof![i64::MIN..i64::MIN / 2, i64::MAX / 2..=i64::MAX], now_s in 0i64..8_000_000_000) {
            prop_assert!(check_time(iat, now_s * 1000, &CodePolicy::default()).is_err());
        }

        /// Issue 21: a phone and a verifier with agreeing clocks, codes issued and accepted in
        /// any order and however close in time: no genuine code is ever refused as from the
        /// future, each accepted code is newer than the last, and the phone never signs a code
        /// dated before one it knows was used.
        #[test]
        fn quick_rescans_never_run_ahead_of_the_clock(steps in proptest::collection::vec((0i64..1_500, any::<bool>()), 1..200)) {
            let p = CodePolicy::default();
            let mut now_ms = NOW_MS;
            let mut phone_last_used: Option<i64> = None;
            let mut verifier_last: Option<i64> = None;
            let mut shown: Option<i64> = None;
            let mut made_at_ms = now_ms;
            for (advance_ms, scan) in steps {
                now_ms += advance_ms;
                if now_ms - made_at_ms >= i64::from(p.step_s) * 1000 {
                    shown = None;
                }
                if shown.is_none() {
                    match next_code(now_ms, phone_last_used) {
                        NextCode::Sign { iat } => {
                            prop_assert!(phone_last_used.is_none_or(|last| iat > last));
                            shown = Some(iat);
                            made_at_ms = now_ms;
                        }
                        NextCode::WaitUntil { ms } => prop_assert!(ms > now_ms),
                    }
                }
                if let (true, Some(iat)) = (scan, shown) {
                    check_time(iat, now_ms, &p).map_err(|r| TestCaseError::fail(format!("{r:?} at {now_ms}")))?;
                    check_fresh(iat, verifier_last).map_err(|r| TestCaseError::fail(format!("{r:?}")))?;
                    verifier_last = Some(iat);
                    phone_last_used = Some(iat);
                    shown = None;
                }
            }
        }

        /// `ring` and `p256` give the same answer for genuine signatures and for every way of
        /// spoiling one: a changed message, signature or key, the high-S twin (which the rule
        /// refuses before either runs, so both must still agree it is a valid signature), and
        /// the out-of-range scalars 0 and n.
        #[cfg(feature = "verify-ring")]
        #[test]
        fn ring_agrees_with_p256(seed in 1u8..=255, iat in any::<i64>(), spoil in 0usize..8, at in 0usize..64, bit in 0u8..8) {
            let k = key(seed);
            let token = sign(&k, [seed; 8], iat);
            let mut message = token.signed_message();
            let mut signature = token.signature;
            let mut public_key = public(&k);
            match spoil {
                0 => {}
                1 => signature[at] ^= 1 << bit,
                2 => { let i = at % message.len(); message[i] ^= 1 << bit }
                3 => public_key = public(&key(seed.wrapping_add(1).max(1))),
                4 => {
                    let (r, s) = Signature::from_slice(&signature).unwrap().split_scalars();
                    signature = Signature::from_scalars(r, -*s.as_ref()).unwrap().to_bytes().into();
                }
                5 => signature[32..].fill(0),
                6 => signature[32..].copy_from_slice(&P256_ORDER),
                _ => public_key[1 + at % 64] ^= 1 << bit,
            }
            let by_ring = ring_signature_holds(&message, &signature, &public_key);
            let by_p256 = p256_signature_holds(&message, &signature, &public_key);
            prop_assert_eq!(by_ring, by_p256);
            prop_assert_eq!(by_ring, matches!(spoil, 0 | 4));
        }

        #[test]
        fn decode_never_panics(s in "\\PC{0,200}") {
            let _ = Token::decode(&s);
        }
    }
}
