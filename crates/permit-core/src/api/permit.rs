//! The permit itself: every statutory field, its status and endorsement record.

use crate::{
    endorsement::{EndorsementState, Schedule},
    id_number::Sex,
};
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
    /// Endorsements on time since `counts_from`.
    pub years_counted: u32,
    pub status: PermitStatus,
    /// Where the endorsement calendar stands today (absent when cancelled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<EndorsementState>,
    /// Path of the holder's photo (JPEG), readable with the same authorization.
    pub photo_path: String,
}

impl PermitStatus {
    /// The status of a permit that is not cancelled, from where its endorsement stands.
    pub fn of(state: EndorsementState) -> Self {
        match state {
            EndorsementState::Valid { .. } => Self::Valid,
            EndorsementState::WindowOpen { .. } => Self::EndorsementDue,
            EndorsementState::Suspended { .. } => Self::Suspended,
        }
    }
}

impl Permit {
    /// Its endorsement record.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            issued_on: self.issued_on,
            years_endorsed: self.years_endorsed,
            counts_from: self.counts_from,
            years_counted: self.years_counted,
        }
    }

    /// The permit as it stands on `today`: a copy kept offline works out its own status, so a
    /// permit that lapsed meanwhile shows as suspended, never as valid. A cancelled permit
    /// stays cancelled.
    pub fn as_of(mut self, today: NaiveDate) -> Self {
        if self.status != PermitStatus::Cancelled {
            let state = self.schedule().state(today);
            self.endorsement = Some(state);
            self.status = PermitStatus::of(state);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn permit(status: PermitStatus) -> Permit {
        let s = Schedule::new(d(2025, 2, 28));
        Permit {
            number: "440106202500001".into(),
            name: "测试".into(),
            sex: Sex::Female,
            ethnicity: "汉".into(),
            birth_date: d(1990, 1, 1),
            id_number: "440106199001010021".into(),
            household_address: "湖南省长沙市".into(),
            residence_address: "广东省广州市".into(),
            issuing_authority: "广州市公安局天河区分局".into(),
            issued_on: s.issued_on,
            years_endorsed: 0,
            counts_from: s.counts_from,
            years_counted: 0,
            status,
            endorsement: Some(s.state(d(2025, 3, 1))),
            photo_path: String::new(),
        }
    }

    #[test]
    fn a_copy_kept_offline_lapses_on_the_day_after_the_deadline() {
        let p = permit(PermitStatus::Valid);
        assert_eq!(p.clone().as_of(d(2026, 1, 28)).status, PermitStatus::Valid);
        assert_eq!(p.clone().as_of(d(2026, 1, 29)).status, PermitStatus::EndorsementDue);
        let due = p.clone().as_of(d(2026, 2, 28));
        assert_eq!((due.status, due.endorsement), (PermitStatus::EndorsementDue, Some(EndorsementState::WindowOpen { deadline: d(2026, 2, 28), days_left: 1 })));
        let lapsed = p.as_of(d(2026, 3, 1));
        assert_eq!((lapsed.status, lapsed.endorsement), (PermitStatus::Suspended, Some(EndorsementState::Suspended { since: d(2026, 3, 1) })));
    }

    #[test]
    fn a_cancelled_permit_stays_cancelled_offline() {
        assert_eq!(permit(PermitStatus::Cancelled).as_of(d(2030, 1, 1)).status, PermitStatus::Cancelled);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CancelRequest {
    /// Must be true: cancelling is final and the permit needs a new application to use again.
    pub confirm: bool,
}
