//! Applying for the electronic permit (申领), or claiming it from a valid physical card.

use crate::{
    eligibility::{Condition, Eligibility},
    materials::MaterialKind,
};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What the resident sees before applying: eligibility with every reason, whether the
/// government-data check passed, what must still be uploaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Precheck {
    pub eligibility: Eligibility,
    pub data_check_passed: bool,
    /// Conditions the backend holds for this resident.
    pub conditions: Vec<Condition>,
    /// Conditions that need a document because the data check failed.
    pub materials_needed: Vec<Condition>,
    /// A compliant photo is on file, so none needs uploading.
    pub photo_on_file: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApplyRequest {
    /// The conditions the resident relies on; at least one.
    pub conditions: Vec<Condition>,
    /// Also order the first physical card (free), made once the permit is issued: the
    /// announcement's "在申领电子居住证的同时，自愿申领实体证件".
    #[serde(default)]
    pub physical_card: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for the resident to upload documents.
    NeedsMaterials,
    /// Waiting for a photo on file.
    NeedsPhoto,
    UnderReview,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Application {
    pub id: String,
    pub route: crate::eligibility::Route,
    pub conditions: Vec<Condition>,
    pub status: ReviewStatus,
    pub submitted_at_ms: i64,
    /// The documents complete (every page arrived).
    pub materials: Vec<MaterialKind>,
    pub materials_needed: Vec<Condition>,
    /// Every page received so far, so an upload interrupted by a reload resumes where it was.
    #[serde(default)]
    pub pages: Vec<DocumentPage>,
    /// A page the review asks to be sent again, with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retake: Option<Retake>,
    /// When the simulated review will decide, while under review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_expected_ms: Option<i64>,
    /// Why the review refused it, when rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
}

/// A page of a document the review asks to be sent again (a better photo), and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Retake {
    pub kind: MaterialKind,
    pub page: u8,
    /// The document's number of pages.
    pub of: u8,
    pub reason_zh: String,
    pub reason_en: String,
}

/// One page of a document that the backend has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DocumentPage {
    pub kind: MaterialKind,
    /// 1-based.
    pub page: u8,
    /// The document's number of pages.
    pub of: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MaterialReceipt {
    pub id: String,
    pub kind: MaterialKind,
    /// Which page of how many this was.
    pub page: u8,
    pub of: u8,
    /// Whether every page of the document has now arrived.
    pub complete: bool,
    pub bytes: usize,
    pub content_type: String,
}
