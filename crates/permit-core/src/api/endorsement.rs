//! The annual endorsement (签注).

use super::application::ReviewStatus;
use crate::{eligibility::Condition, endorsement::EndorsementState, materials::MaterialKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EndorsementStatus {
    pub state: EndorsementState,
    pub years_endorsed: u32,
    /// The day continuous residence years count from: the issue date, or the day of the
    /// last late endorsement (居住证暂行条例 art. 13).
    pub counts_from: NaiveDate,
    /// Endorsements on time since `counts_from`.
    pub years_counted: u32,
    pub next_anniversary: NaiveDate,
    pub window_opens: NaiveDate,
    pub deadline: NaiveDate,
    /// The days the holder is told: the window opening, a week before the deadline, and the
    /// day of suspension if not endorsed.
    pub reminders: Vec<NaiveDate>,
    pub can_endorse: bool,
    pub data_check_passed: bool,
    pub materials_needed: Vec<Condition>,
    /// A request waiting for materials or review, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<EndorsementRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EndorsementRequest {
    pub id: String,
    pub status: ReviewStatus,
    pub materials: Vec<MaterialKind>,
    /// Every page received so far.
    #[serde(default)]
    pub pages: Vec<super::application::DocumentPage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_expected_ms: Option<i64>,
}
