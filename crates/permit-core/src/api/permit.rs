//! The permit itself: every statutory field, its status and endorsement record.

use crate::{endorsement::EndorsementState, id_number::Sex};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PermitStatus {
    Valid,
    /// Valid, and the endorsement window is open.
    EndorsementDue,
    /// 使用功能中止: not endorsed in time.
    Suspended,
    /// 注销: cancelled by the holder; a new application is needed.
    Cancelled,
}

/// The permit as the holder's card and the counter's verdict show it. Values are complete;
/// the app masks the ID number and addresses for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Permit {
    /// The permit's number.
    pub number: String,
    pub name: String,
    pub sex: Sex,
    /// 民族
    pub ethnicity: String,
    pub birth_date: NaiveDate,
    pub id_number: String,
    pub household_address: String,
    /// 居住地址: follows the current residence registration.
    pub residence_address: String,
    pub issuing_authority: String,
    pub issued_on: NaiveDate,
    pub years_endorsed: u32,
    /// The day continuous residence years count from (the issue date, or the last late
    /// endorsement's day).
    pub counts_from: NaiveDate,
    pub status: PermitStatus,
    /// Where the endorsement calendar stands today (absent when cancelled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<EndorsementState>,
    /// Path of the holder's photo (JPEG), readable with the same authorization.
    pub photo_path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CancelRequest {
    /// Must be true: cancelling is final and the permit needs a new application to use again.
    pub confirm: bool,
}
