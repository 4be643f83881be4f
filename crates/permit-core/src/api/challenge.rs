//! The challenge mode's wire types (docs/challenge.md): the counter asks for a challenge and
//! shows it; the holder's phone looks it up, shows who asks, and answers it.

use super::StaffPost;
use crate::share::ShareField;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A challenge issued to the staff member's post, for their screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChallengeIssued {
    /// The challenge's id (base32, 26 characters): the path of its other routes.
    pub id: String,
    /// The text of the QR the counter shows (`GDJZZ-Q:` and the id).
    pub qr: String,
    /// Six digits a holder can type when their camera cannot read the QR; unique among the
    /// challenges that can still be answered.
    pub number: String,
    pub issued_at_ms: i64,
    /// After this the challenge is refused (`challenge_expired`); the screen shows a new one
    /// well before (every 20 s).
    pub answer_by_ms: i64,
}

/// A challenge as the holder's phone shows it before they agree: who asks, and what they
/// will see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChallengeAsk {
    pub id: String,
    /// The department and counter that asked; the answer is signed for this post.
    pub post: StaffPost,
    /// What the counter sees once the answer is accepted: the same as scanning the live card.
    pub fields: Vec<ShareField>,
    pub answer_by_ms: i64,
}

/// The six digits shown under the counter's QR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChallengeLookup {
    pub number: String,
}

/// The phone's signed answer (`GDJZZ-A:` …, see `permit_core::challenge`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnswerRequest {
    pub answer: String,
}

/// What the holder's phone is told after answering: the counter's verdict, in short (the
/// counter sees the whole permit and the photo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnswerOutcome {
    pub accepted: bool,
    /// The rule that failed; absent when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<super::verification::VerdictRule>,
    /// The post the answer went to.
    pub post: StaffPost,
    pub at_ms: i64,
}
