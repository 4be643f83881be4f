//! Reading a permit code at a counter, and the holder's history of such readings.

use super::permit::Permit;
use crate::{challenge::AnswerRefusal, token::Rejection};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VerifyRequest {
    /// The text read from the QR code.
    pub code: String,
}

/// Why a verdict is not "accepted": a rule of the code, or the permit's own status.
///
/// | rule | what the counter tells the holder |
/// |---|---|
/// | `malformed` | not a permit code at all (a web address, random text, a damaged scan) |
/// | `unsupported_version` | a permit code of a format this backend does not read |
/// | `forged` | the signature does not match: the code was altered or made up |
/// | `unknown_device` | no phone with this key was ever registered |
/// | `device_revoked` | the phone was replaced by a newer one; the code is from the old phone |
/// | `expired` | issued more than the validity window ago: a screenshot or an old printout |
/// | `from_the_future` | dated ahead of the server's clock beyond the allowed skew |
/// | `already_used` | this code (or a newer one from the phone) was already read |
/// | `permit_suspended` | genuine, but the permit was not endorsed in time |
/// | `permit_cancelled` | genuine, but the permit was cancelled |
/// | `no_permit` | genuine, but no permit was ever issued to the holder |
///
/// The challenge mode's refusals (the counter shows a QR, the holder's phone answers it; see
/// docs/challenge.md and `crate::challenge::AnswerRefusal`):
///
/// | rule | what the counter tells the holder |
/// |---|---|
/// | `unknown_challenge` | the answer is for a QR this counter never showed |
/// | `challenge_expired` | answered more than a minute after the QR was shown |
/// | `challenge_used` | the QR was answered already: a replay, or a second phone |
/// | `other_counter` | signed for another department or counter: a relayed answer |
/// | `out_of_time` | the phone dated its answer outside the QR's minute: its clock is wrong |
/// | `device_of_another_permit` | the phone's key belongs to someone else's permit |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerdictRule {
    Malformed,
    UnsupportedVersion,
    Forged,
    UnknownDevice,
    DeviceRevoked,
    Expired,
    FromTheFuture,
    AlreadyUsed,
    /// The code is genuine but the permit is suspended (not endorsed in time).
    PermitSuspended,
    /// The code is genuine but the permit was cancelled.
    PermitCancelled,
    /// The device belongs to no permit (never issued).
    NoPermit,
    UnknownChallenge,
    ChallengeExpired,
    ChallengeUsed,
    OtherCounter,
    OutOfTime,
    DeviceOfAnotherPermit,
}

impl From<AnswerRefusal> for VerdictRule {
    fn from(r: AnswerRefusal) -> Self {
        match r {
            AnswerRefusal::Malformed => Self::Malformed,
            AnswerRefusal::UnknownChallenge => Self::UnknownChallenge,
            AnswerRefusal::ChallengeExpired => Self::ChallengeExpired,
            AnswerRefusal::ChallengeUsed => Self::ChallengeUsed,
            AnswerRefusal::OtherCounter => Self::OtherCounter,
            AnswerRefusal::Forged => Self::Forged,
            AnswerRefusal::OutOfTime => Self::OutOfTime,
            AnswerRefusal::DeviceOfAnotherPermit => Self::DeviceOfAnotherPermit,
        }
    }
}

impl From<Rejection> for VerdictRule {
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::Malformed => Self::Malformed,
            Rejection::UnsupportedVersion => Self::UnsupportedVersion,
            Rejection::Forged => Self::Forged,
            Rejection::UnknownDevice => Self::UnknownDevice,
            Rejection::DeviceRevoked => Self::DeviceRevoked,
            Rejection::Expired => Self::Expired,
            Rejection::FromTheFuture => Self::FromTheFuture,
            Rejection::AlreadyUsed => Self::AlreadyUsed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Verdict {
    /// The recorded reading, when the code named a holder; the accepted permit's
    /// `photo_path` points under it and is readable by the same staff for a short while.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub accepted: bool,
    /// The rule that failed; absent when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<VerdictRule>,
    /// The permit, when the code is genuine (also for a suspended or cancelled permit, so the
    /// counter can explain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit: Option<Permit>,
    pub checked_at_ms: i64,
    /// True for a holder's self-test: nothing was recorded and the code is still usable.
    pub dry_run: bool,
}

/// One reading of the holder's code, as the holder sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VerificationRecord {
    pub id: String,
    pub at_ms: i64,
    pub department: String,
    pub counter: String,
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<VerdictRule>,
    /// True when the holder's phone answered the counter's QR (the challenge mode) rather
    /// than the counter reading the holder's code.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answered_by_holder: bool,
}
