//! Who may apply for the electronic permit (申领条件), and by which route.
//!
//! Registered at the place of residence for at least six months, and at least one of lawful
//! stable employment, lawful stable residence or continuous schooling, claimed when applying:
//! the records prove it, or documents do (`materials`), so a condition missing from the
//! records is not a refusal here. Holders of a Hong
//! Kong / Macao / Taiwan residents' residence permit cannot apply. A holder of a valid
//! physical permit claims the electronic one from the card's record without applying.

use crate::calendar::add_months;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Months of residence registration required before applying.
pub const REQUIRED_MONTHS: u32 = 6;

/// The three qualifying conditions; at least one must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// 合法稳定就业
    Employment,
    /// 合法稳定住所
    Residence,
    /// 连续就读
    Schooling,
}

/// What the rules look at, as the backend knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantFacts {
    /// The date the residence registration was confirmed, if it has been.
    pub registered_on: Option<NaiveDate>,
    pub conditions: Vec<Condition>,
    pub holds_hmt_permit: bool,
    pub holds_valid_physical_card: bool,
    pub holds_electronic_permit: bool,
}

/// How an eligible resident gets the permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// A new application (申领).
    Apply,
    /// Issued from the valid physical card's record, no application (领取).
    ClaimFromCard,
}

/// One reason an application cannot be made. All that apply are reported together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// No confirmed residence registration.
    NotRegistered,
    /// Registered, but for less than six months; may apply from `eligible_from`.
    RegisteredTooRecently { eligible_from: NaiveDate },
    /// Holds a Hong Kong / Macao / Taiwan residents' residence permit.
    HmtPermitHolder,
    /// Already holds an electronic permit that is not cancelled.
    AlreadyHoldsPermit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    /// The route when eligible; `None` when any refusal applies.
    pub route: Option<Route>,
    pub refusals: Vec<Refusal>,
}

impl Eligibility {
    pub fn is_eligible(&self) -> bool {
        self.route.is_some()
    }
}

pub fn assess(facts: &ApplicantFacts, today: NaiveDate) -> Eligibility {
    let mut refusals = Vec::new();
    if facts.holds_electronic_permit {
        refusals.push(Refusal::AlreadyHoldsPermit);
    }
    if facts.holds_hmt_permit {
        refusals.push(Refusal::HmtPermitHolder);
    }
    // A valid physical card already proves the conditions: its holder only claims.
    if facts.holds_valid_physical_card && refusals.is_empty() {
        return Eligibility { route: Some(Route::ClaimFromCard), refusals };
    }
    match facts.registered_on {
        None => refusals.push(Refusal::NotRegistered),
        Some(since) => {
            let eligible_from = add_months(since, REQUIRED_MONTHS);
            if today < eligible_from {
                refusals.push(Refusal::RegisteredTooRecently { eligible_from });
            }
        }
    }
    let route = refusals.is_empty().then_some(Route::Apply);
    Eligibility { route, refusals }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(registered_on: NaiveDate) -> ApplicantFacts {
        ApplicantFacts {
            registered_on: Some(registered_on),
            conditions: vec![Condition::Employment],
            ..Default::default()
        }
    }

    #[test]
    fn six_full_months_and_one_condition_may_apply() {
        let e = assess(&facts(d(2026, 1, 15)), d(2026, 7, 15));
        assert_eq!(e.route, Some(Route::Apply));
        assert!(e.refusals.is_empty());
    }

    #[test]
    fn one_day_short_of_six_months_says_when() {
        let e = assess(&facts(d(2026, 1, 15)), d(2026, 7, 14));
        assert_eq!(e.refusals, vec![Refusal::RegisteredTooRecently { eligible_from: d(2026, 7, 15) }]);
        assert!(!e.is_eligible());
    }

    #[test]
    fn registration_on_a_month_end_counts_to_the_month_end() {
        let e = assess(&facts(d(2026, 8, 31)), d(2027, 2, 28));
        assert!(e.is_eligible());
    }

    #[test]
    fn every_reason_is_named_at_once() {
        let f = ApplicantFacts { holds_hmt_permit: true, ..Default::default() };
        let e = assess(&f, d(2026, 7, 1));
        assert_eq!(
            e.refusals,
            vec![Refusal::HmtPermitHolder, Refusal::NotRegistered]
        );
    }

    #[test]
    fn a_valid_physical_card_claims_without_applying() {
        let f = ApplicantFacts { holds_valid_physical_card: true, ..Default::default() };
        assert_eq!(assess(&f, d(2026, 7, 1)).route, Some(Route::ClaimFromCard));
    }

    #[test]
    fn hmt_holders_cannot_claim_either_and_holders_cannot_apply_twice() {
        let f = ApplicantFacts { holds_valid_physical_card: true, holds_hmt_permit: true, ..Default::default() };
        assert_eq!(assess(&f, d(2026, 7, 1)).route, None);
        let mut f = facts(d(2020, 1, 1));
        f.holds_electronic_permit = true;
        assert_eq!(assess(&f, d(2026, 7, 1)).refusals, vec![Refusal::AlreadyHoldsPermit]);
    }

    /// FAQ 1 and 14: a condition the records lack can still be claimed, with documents
    /// (`materials::missing`), so no condition on record is not a reason to refuse.
    #[test]
    fn no_condition_on_record_is_no_refusal() {
        let mut f = facts(d(2025, 1, 1));
        f.conditions.clear();
        assert_eq!(assess(&f, d(2026, 1, 1)).route, Some(Route::Apply));
    }

    #[test]
    fn each_condition_alone_is_enough() {
        for c in [Condition::Employment, Condition::Residence, Condition::Schooling] {
            let mut f = facts(d(2025, 1, 1));
            f.conditions = vec![c];
            assert!(assess(&f, d(2026, 1, 1)).is_eligible());
        }
    }
}
