//! Replacing the holder's photo.

use super::application::ReviewStatus;
use crate::photo::PhotoWarning;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhotoReview {
    pub id: String,
    pub status: ReviewStatus,
    pub submitted_at_ms: i64,
    pub bytes: usize,
    pub warnings: Vec<PhotoWarning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_expected_ms: Option<i64>,
}
