//! The challenge mode (issue 20, 请出示方扫码 / 扫码亮证): the counter shows a QR, the
//! resident's phone reads it and signs an answer with its device key. A code read off the
//! holder's screen proves only that the holder's phone made it lately, so a live video of the
//! card, relayed, passes; an answer is bound to one challenge, issued for one post (department
//! and counter), used once, within a minute. The rules, once, for the app and the mock.
//!
//! **The counter's QR** is [`QR_PREFIX`] and the challenge id (16 random bytes) in base32:
//! 34 characters, all in the QR alphanumeric set.
//!
//! **The answer** is canonical, like the permit code (`crate::token`): [`ANSWER_PREFIX`] and,
//! in base32, `version (1) || device id (8) || challenge id (16) || iat (8, Unix seconds) ||
//! signature (64, r || s, low-S) || department length (1) || department || counter length (1)
//! || counter` (UTF-8). The signature covers [`DOMAIN_LABEL`] and every other byte, so it is
//! never a permit code's signature (another label) and never an answer for another challenge
//! or another post. The post is in the answer so that an answer made for another counter is
//! told apart from a forged one.

use crate::{
    api::StaffPost,
    share::ShareField,
    token::{DeviceId, DEVICE_ID_LEN, SIGNATURE_LEN},
};
use data_encoding::BASE32_NOPAD;
use serde::{Deserialize, Serialize};

pub const VERSION: u8 = 1;
pub const QR_PREFIX: &str = "GDJZZ-Q:";
pub const ANSWER_PREFIX: &str = "GDJZZ-A:";
pub const DOMAIN_LABEL: &[u8] = b"gd-epermit-answer/v1";
pub const ID_LEN: usize = 16;
/// How long a challenge may be answered, from its issue.
pub const LIFETIME_MS: i64 = 60_000;
/// How often the counter's screen shows a new challenge; well inside the lifetime, so one read
/// just before the change can still be answered.
pub const SHOWN_FOR_MS: i64 = 20_000;
/// How far the answer's `iat` may stray from the challenge's life (clocks differ, even
/// server-corrected ones).
pub const SKEW_S: i64 = 30;
/// The longest department or counter name an answer carries, in bytes.
pub const MAX_NAME_BYTES: usize = 120;
/// The longest answer read: far above a real one, far below what would cost time.
const MAX_ANSWER_LEN: usize = 1024;

pub type ChallengeId = [u8; ID_LEN];

/// The digits of a challenge's short number, typed when a phone's camera cannot read the QR.
/// A million numbers against the few dozen challenges live at once, looked up under a limit
/// per holder: a guess finds nothing, and a lucky one only answers some counter's QR with
/// the guesser's own permit, which that counter's clerk then sees.
pub const NUMBER_DIGITS: usize = 6;

/// What the counter sees once an answer is accepted: what scanning the live card shows.
pub const COUNTER_SEES: [ShareField; 7] = [
    ShareField::Name,
    ShareField::Photo,
    ShareField::PermitValid,
    ShareField::IdNumber,
    ShareField::BirthDate,
    ShareField::ResidenceAddress,
    ShareField::HouseholdAddress,
];

/// A challenge id as the API spells it (in paths and JSON): base32, 26 characters.
pub fn id_text(id: &ChallengeId) -> String {
    BASE32_NOPAD.encode(id)
}

pub fn parse_id(text: &str) -> Option<ChallengeId> {
    BASE32_NOPAD.decode(text.as_bytes()).ok()?.try_into().ok()
}

/// A typed short number: its digits, spaces and dashes ignored (the screen groups them
/// `123 456`); `None` unless exactly [`NUMBER_DIGITS`] ASCII digits remain.
pub fn normalize_number(typed: &str) -> Option<String> {
    if typed.len() > 64 {
        return None;
    }
    let kept: String = typed.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
    (kept.len() == NUMBER_DIGITS && kept.bytes().all(|b| b.is_ascii_digit())).then_some(kept)
}

/// The counter's QR for challenge `id`.
pub fn qr_text(id: &ChallengeId) -> String {
    format!("{QR_PREFIX}{}", id_text(id))
}

/// Reads a counter's QR in its one canonical spelling.
pub fn parse_qr(text: &str) -> Option<ChallengeId> {
    parse_id(text.strip_prefix(QR_PREFIX)?)
}

/// A resident's answer to a challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub device_id: DeviceId,
    pub challenge_id: ChallengeId,
    pub iat: i64,
    /// The post the phone showed its holder and signed.
    pub post: StaffPost,
    pub signature: [u8; SIGNATURE_LEN],
}

/// Why an answer is refused. Each names one rule, shown at the counter like a code's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerRefusal {
    /// Not an answer, or not in its one canonical spelling.
    Malformed,
    /// No challenge with this id was issued (the backend's to say).
    UnknownChallenge,
    /// Answered after the challenge's minute.
    ChallengeExpired,
    /// The challenge was answered already: a replay, or a second phone.
    ChallengeUsed,
    /// Signed for another department or counter than the one that issued the challenge: a
    /// relayed answer.
    OtherCounter,
    /// The signature does not hold for the device's key.
    Forged,
    /// Dated outside the challenge's life beyond the skew.
    OutOfTime,
    /// The device is registered to another person than the one answering (the backend's to
    /// say).
    DeviceOfAnotherPermit,
}

/// The bytes the phone signs: the label, then the answer's bytes without the signature.
pub fn signed_message(device_id: &DeviceId, challenge_id: &ChallengeId, iat: i64, post: &StaffPost) -> Option<Vec<u8>> {
    let mut m = DOMAIN_LABEL.to_vec();
    m.extend_from_slice(&head(device_id, challenge_id, iat));
    m.extend_from_slice(&tail(post)?);
    Some(m)
}

fn head(device_id: &DeviceId, challenge_id: &ChallengeId, iat: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(1 + DEVICE_ID_LEN + ID_LEN + 8);
    b.push(VERSION);
    b.extend_from_slice(device_id);
    b.extend_from_slice(challenge_id);
    b.extend_from_slice(&iat.to_be_bytes());
    b
}

/// The post, each name length-prefixed so that no two posts share bytes; `None` when a name
/// is empty or too long.
fn tail(post: &StaffPost) -> Option<Vec<u8>> {
    let mut b = Vec::new();
    for name in [&post.department, &post.counter] {
        if name.is_empty() || name.len() > MAX_NAME_BYTES {
            return None;
        }
        b.push(u8::try_from(name.len()).ok()?);
        b.extend_from_slice(name.as_bytes());
    }
    Some(b)
}

const HEAD_LEN: usize = 1 + DEVICE_ID_LEN + ID_LEN + 8;

impl Answer {
    /// The bytes this answer's signature covers.
    pub fn signed_message(&self) -> Option<Vec<u8>> {
        signed_message(&self.device_id, &self.challenge_id, self.iat, &self.post)
    }

    /// The text the phone sends; `None` when the post cannot be carried (empty or too long).
    pub fn encode(&self) -> Option<String> {
        let mut bytes = head(&self.device_id, &self.challenge_id, self.iat);
        bytes.extend_from_slice(&self.signature);
        bytes.extend_from_slice(&tail(&self.post)?);
        Some(format!("{ANSWER_PREFIX}{}", BASE32_NOPAD.encode(&bytes)))
    }

    /// Reads an answer in its one canonical spelling: the prefix, uppercase base32 with zero
    /// padding bits, the known version, each name valid UTF-8 of its stated length, nothing
    /// after.
    pub fn decode(text: &str) -> Result<Self, AnswerRefusal> {
        use AnswerRefusal::Malformed;
        if text.len() > MAX_ANSWER_LEN {
            return Err(Malformed);
        }
        let b32 = text.strip_prefix(ANSWER_PREFIX).ok_or(Malformed)?;
        let bytes = BASE32_NOPAD.decode(b32.as_bytes()).map_err(|_| Malformed)?;
        if bytes.len() < HEAD_LEN + SIGNATURE_LEN || bytes[0] != VERSION {
            return Err(Malformed);
        }
        let device_id: DeviceId = bytes[1..1 + DEVICE_ID_LEN].try_into().map_err(|_| Malformed)?;
        let challenge_id: ChallengeId = bytes[1 + DEVICE_ID_LEN..1 + DEVICE_ID_LEN + ID_LEN].try_into().map_err(|_| Malformed)?;
        let iat = i64::from_be_bytes(bytes[HEAD_LEN - 8..HEAD_LEN].try_into().map_err(|_| Malformed)?);
        let signature: [u8; SIGNATURE_LEN] = bytes[HEAD_LEN..HEAD_LEN + SIGNATURE_LEN].try_into().map_err(|_| Malformed)?;
        let mut rest = &bytes[HEAD_LEN + SIGNATURE_LEN..];
        let mut name = || -> Result<String, AnswerRefusal> {
            let (&len, after) = rest.split_first().ok_or(Malformed)?;
            let len = usize::from(len);
            if len == 0 || len > MAX_NAME_BYTES || after.len() < len {
                return Err(Malformed);
            }
            let text = std::str::from_utf8(&after[..len]).map_err(|_| Malformed)?.to_owned();
            rest = &after[len..];
            Ok(text)
        };
        let department = name()?;
        let counter = name()?;
        if !rest.is_empty() {
            return Err(Malformed);
        }
        Ok(Self { device_id, challenge_id, iat, post: StaffPost { department, counter }, signature })
    }
}

/// A challenge as the backend keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub id: ChallengeId,
    /// The post of the staff member it was issued to.
    pub post: StaffPost,
    pub issued_at_ms: i64,
    pub answered: bool,
}

/// Every rule the answer alone can be held to, in the order that tells the most: whose
/// challenge, the signature (with the device's public key, uncompressed SEC1), the post, the
/// time, single use. Which challenge and which device are the backend's to find first
/// (`UnknownChallenge`, the token rules' unknown or revoked device, `DeviceOfAnotherPermit`),
/// and the permit's status is held to the same rules as a scanned code.
#[cfg(any(test, feature = "verify"))]
pub fn check(answer: &Answer, issued: &Issued, public_key: &[u8], now_ms: i64) -> Result<(), AnswerRefusal> {
    use AnswerRefusal::*;
    if answer.challenge_id != issued.id {
        return Err(UnknownChallenge);
    }
    let s: &[u8; 32] = answer.signature[32..].try_into().expect("32 bytes");
    let message = answer.signed_message().ok_or(Malformed)?;
    if crate::token::is_high(s) || !crate::token::es256_holds(&message, &answer.signature, public_key) {
        return Err(Forged);
    }
    if answer.post != issued.post {
        return Err(OtherCounter);
    }
    // In i128: `iat` and the times come off the network and storage, and nothing may wrap.
    let (now, issued_at) = (i128::from(now_ms), i128::from(issued.issued_at_ms));
    if now >= issued_at + i128::from(LIFETIME_MS) {
        return Err(ChallengeExpired);
    }
    let iat_ms = i128::from(answer.iat) * 1000;
    let skew = i128::from(SKEW_S) * 1000;
    if iat_ms < issued_at - skew || iat_ms > now + skew {
        return Err(OutOfTime);
    }
    if issued.answered {
        return Err(ChallengeUsed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::{signature::Signer, Signature, SigningKey};
    use proptest::prelude::*;

    const ISSUED_MS: i64 = 1_795_000_000_000;

    fn key(seed: u8) -> SigningKey {
        let mut scalar = [0x22u8; 32];
        scalar[31] = seed;
        SigningKey::from_slice(&scalar).unwrap()
    }

    fn public(k: &SigningKey) -> Vec<u8> {
        k.verifying_key().to_encoded_point(false).as_bytes().to_vec()
    }

    fn post(department: &str, counter: &str) -> StaffPost {
        StaffPost { department: department.into(), counter: counter.into() }
    }

    fn issued() -> Issued {
        Issued { id: [7; ID_LEN], post: post("天河区人民医院", "挂号处 3 号窗口"), issued_at_ms: ISSUED_MS, answered: false }
    }

    fn answer(k: &SigningKey, challenge_id: ChallengeId, post: StaffPost, iat: i64) -> Answer {
        let device_id = [3; DEVICE_ID_LEN];
        let sig: Signature = k.sign(&signed_message(&device_id, &challenge_id, iat, &post).unwrap());
        let mut signature: [u8; 64] = sig.to_bytes().into();
        crate::token::normalize_low_s(&mut signature);
        Answer { device_id, challenge_id, iat, post, signature }
    }

    fn genuine(k: &SigningKey) -> Answer {
        answer(k, issued().id, issued().post, ISSUED_MS / 1000 + 5)
    }

    #[test]
    fn a_genuine_answer_in_time_is_accepted_and_reads_back_from_its_text() {
        let k = key(1);
        let a = genuine(&k);
        assert_eq!(check(&a, &issued(), &public(&k), ISSUED_MS + 5_000), Ok(()));
        let text = a.encode().unwrap();
        assert!(text.starts_with(ANSWER_PREFIX));
        assert_eq!(Answer::decode(&text), Ok(a));
        let id = issued().id;
        assert_eq!(parse_qr(&qr_text(&id)), Some(id));
        assert_eq!(qr_text(&id).len(), QR_PREFIX.len() + 26);
    }

    #[test]
    fn each_refusal_has_its_own_rule() {
        let k = key(1);
        let now = ISSUED_MS + 5_000;
        // Replay: the challenge was answered already.
        let used = Issued { answered: true, ..issued() };
        assert_eq!(check(&genuine(&k), &used, &public(&k), now), Err(AnswerRefusal::ChallengeUsed));
        // Late: at the minute and after.
        assert_eq!(check(&genuine(&k), &issued(), &public(&k), ISSUED_MS + LIFETIME_MS - 1), Ok(()));
        assert_eq!(check(&genuine(&k), &issued(), &public(&k), ISSUED_MS + LIFETIME_MS), Err(AnswerRefusal::ChallengeExpired));
        // Signed for another counter and relayed to this one.
        let relayed = answer(&k, issued().id, post("天河区人民医院", "挂号处 4 号窗口"), ISSUED_MS / 1000);
        assert_eq!(check(&relayed, &issued(), &public(&k), now), Err(AnswerRefusal::OtherCounter));
        // Another challenge's answer.
        let other = answer(&k, [8; ID_LEN], issued().post, ISSUED_MS / 1000);
        assert_eq!(check(&other, &issued(), &public(&k), now), Err(AnswerRefusal::UnknownChallenge));
        // Another phone's key: a stranger's device, or a made-up signature.
        assert_eq!(check(&genuine(&k), &issued(), &public(&key(2)), now), Err(AnswerRefusal::Forged));
        // The post altered after signing, to pass for this counter: the signature breaks.
        let mut altered = relayed.clone();
        altered.post = issued().post;
        assert_eq!(check(&altered, &issued(), &public(&k), now), Err(AnswerRefusal::Forged));
        // Dated long before the challenge existed, or ahead of the clock.
        let early = answer(&k, issued().id, issued().post, ISSUED_MS / 1000 - SKEW_S - 1);
        assert_eq!(check(&early, &issued(), &public(&k), now), Err(AnswerRefusal::OutOfTime));
        let ahead = answer(&k, issued().id, issued().post, now / 1000 + SKEW_S + 1);
        assert_eq!(check(&ahead, &issued(), &public(&k), now), Err(AnswerRefusal::OutOfTime));
        let extreme = answer(&k, issued().id, issued().post, i64::MIN);
        assert_eq!(check(&extreme, &issued(), &public(&k), now), Err(AnswerRefusal::OutOfTime));
    }

    #[test]
    fn a_high_s_twin_of_a_genuine_signature_is_refused() {
        let k = key(1);
        let mut twin = genuine(&k);
        // (r, n - s): the same signature's other spelling, which ECDSA alone accepts.
        let (r, s) = Signature::from_slice(&twin.signature).unwrap().split_scalars();
        twin.signature = Signature::from_scalars(r, -*s.as_ref()).unwrap().to_bytes().into();
        assert!(crate::token::is_high(twin.signature[32..].try_into().unwrap()));
        assert_eq!(check(&twin, &issued(), &public(&k), ISSUED_MS + 1_000), Err(AnswerRefusal::Forged));
    }

    #[test]
    fn what_is_not_an_answer_is_malformed() {
        let k = key(1);
        let text = genuine(&k).encode().unwrap();
        let cut = &text[..text.len() - 2];
        let lower = text.to_lowercase().replace("gdjzz-a:", ANSWER_PREFIX);
        let padded = format!("{text}====");
        let permit_code = format!("GDJZZ:{}", &text[ANSWER_PREFIX.len()..]);
        for bad in ["", ANSWER_PREFIX, cut, &lower, &padded, &permit_code, &"A".repeat(5000)] {
            assert_eq!(Answer::decode(bad), Err(AnswerRefusal::Malformed), "{bad:.40}");
        }
        // Empty or overlong names cannot be carried, nor signed.
        assert_eq!(answer_with_post(&k, post("", "1")).encode(), None);
        assert_eq!(answer_with_post(&k, post(&"科".repeat(41), "1")).encode(), None);
        assert_eq!(parse_qr("GDJZZ-Q:"), None);
        assert_eq!(parse_qr(&qr_text(&[1; ID_LEN]).to_lowercase()), None);
    }

    #[test]
    fn a_short_number_is_six_digits_however_it_is_spaced() {
        assert_eq!(normalize_number("123 456").as_deref(), Some("123456"));
        assert_eq!(normalize_number(" 12-34-56 ").as_deref(), Some("123456"));
        assert_eq!(normalize_number("000000").as_deref(), Some("000000"));
        for bad in ["", "12345", "1234567", "12345a", "１２３４５６", "123456\u{0}", &"1".repeat(100)] {
            assert_eq!(normalize_number(bad), None, "{bad:?}");
        }
        let id = [9; ID_LEN];
        assert_eq!(parse_id(&id_text(&id)), Some(id));
        assert_eq!(parse_id(&id_text(&id).to_lowercase()), None);
        assert_eq!(parse_id("../../etc/passwd"), None);
    }

    fn answer_with_post(k: &SigningKey, p: StaffPost) -> Answer {
        let mut a = genuine(k);
        a.post = p;
        a
    }

    proptest! {
        #[test]
        fn any_answer_reads_back_from_its_text(
            device in any::<[u8; 8]>(), id in any::<[u8; 16]>(), iat in any::<i64>(),
            sig in proptest::collection::vec(any::<u8>(), 64),
            department in "[a-z科室窗口 ]{1,30}", counter in "[0-9号窗口]{1,20}",
        ) {
            let a = Answer { device_id: device, challenge_id: id, iat, post: post(&department, &counter), signature: sig.try_into().unwrap() };
            let text = a.encode().unwrap();
            prop_assert_eq!(Answer::decode(&text), Ok(a));
        }

        #[test]
        fn no_text_decodes_into_an_answer_that_encodes_otherwise(text in "GDJZZ-A:[A-Z2-7]{0,200}") {
            // Canonical: whatever decodes spells itself back the same way.
            if let Ok(a) = Answer::decode(&text) {
                prop_assert_eq!(a.encode(), Some(text));
            }
        }

        #[test]
        fn any_flipped_bit_of_a_genuine_answer_is_refused(bit in 0usize..(97 * 8)) {
            let k = key(1);
            let a = genuine(&k);
            let text = a.encode().unwrap();
            let mut bytes = BASE32_NOPAD.decode(text[ANSWER_PREFIX.len()..].as_bytes()).unwrap();
            bytes[bit / 8] ^= 1 << (bit % 8);
            let flipped = format!("{ANSWER_PREFIX}{}", BASE32_NOPAD.encode(&bytes));
            if let Ok(b) = Answer::decode(&flipped) {
                prop_assert!(check(&b, &issued(), &public(&k), ISSUED_MS + 5_000).is_err());
            }
        }
    }
}
