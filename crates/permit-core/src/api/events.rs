//! The signed-in user's event stream (Server-Sent Events at GET /api/v1/events).

use super::{
    application::ReviewStatus,
    verification::{Verdict, VerificationRecord},
};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EventTicket {
    /// Single use, valid for a minute: `GET /api/v1/events?ticket=…` (EventSource cannot send
    /// an Authorization header, and the session token must not go in a URL).
    pub ticket: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    Registration,
    Application,
    Endorsement,
    Photo,
    CardOrder,
}

/// One event; the SSE `event:` field is the `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The holder's code was read at a counter: show a toast and a new code at once.
    CodeVerified { record: VerificationRecord },
    /// A registration, application, endorsement, photo or card order changed state.
    ReviewChanged { kind: ReviewKind, id: String, status: ReviewStatus },
    /// A new message arrived.
    Message { id: String, title_zh: String, title_en: String },
    /// Another device took over the permit; this one can no longer show codes.
    DeviceRevoked { device_id: String },
    /// A share's link was opened for the first time (later openings are in its list only).
    ShareOpened { share_id: String, recipient: String, at_ms: i64 },
    /// To the counter staff: a holder's phone answered one of their challenges (the QR their
    /// screen showed). `challenge_id` is the challenge's `id`.
    ChallengeAnswered { challenge_id: String, verdict: Verdict },
}

impl Event {
    /// Every event's `name()`: what a client subscribes to (a name left out is never heard).
    pub const NAMES: [&'static str; 6] =
        ["code_verified", "review_changed", "message", "device_revoked", "share_opened", "challenge_answered"];

    pub fn name(&self) -> &'static str {
        match self {
            Self::CodeVerified { .. } => "code_verified",
            Self::ReviewChanged { .. } => "review_changed",
            Self::Message { .. } => "message",
            Self::DeviceRevoked { .. } => "device_revoked",
            Self::ShareOpened { .. } => "share_opened",
            Self::ChallengeAnswered { .. } => "challenge_answered",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_name_is_listed_once() {
        let samples = [
            Event::CodeVerified {
                record: VerificationRecord { id: "v".into(), at_ms: 0, department: "d".into(), counter: "c".into(), accepted: true, rule: None, answered_by_holder: false },
            },
            Event::ReviewChanged { kind: ReviewKind::Photo, id: "r".into(), status: ReviewStatus::UnderReview },
            Event::Message { id: "m".into(), title_zh: "t".into(), title_en: "t".into() },
            Event::DeviceRevoked { device_id: "d".into() },
            Event::ShareOpened { share_id: "s".into(), recipient: "r".into(), at_ms: 0 },
            Event::ChallengeAnswered {
                challenge_id: "c".into(),
                verdict: Verdict { id: None, accepted: false, rule: None, permit: None, checked_at_ms: 0, dry_run: false },
            },
        ];
        let mut names: Vec<&str> = samples.iter().map(Event::name).collect();
        names.sort_unstable();
        let mut listed = Event::NAMES.to_vec();
        listed.sort_unstable();
        assert_eq!(names, listed);
    }
}
