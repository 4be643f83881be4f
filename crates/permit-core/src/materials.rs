//! Supporting documents. When the government-data check passes, none are needed. Otherwise
//! each condition the resident relies on needs one of its documents.

use crate::eligibility::Condition;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaterialKind {
    /// 劳动合同
    LabourContract,
    /// 社保缴纳记录
    SocialInsuranceRecord,
    /// 房产证
    PropertyCertificate,
    /// 租赁合同
    Lease,
    /// 在读证明
    SchoolEnrolmentCertificate,
}

impl MaterialKind {
    /// The condition this document proves.
    pub fn proves(self) -> Condition {
        match self {
            Self::LabourContract | Self::SocialInsuranceRecord => Condition::Employment,
            Self::PropertyCertificate | Self::Lease => Condition::Residence,
            Self::SchoolEnrolmentCertificate => Condition::Schooling,
        }
    }
}

/// The documents that prove a condition (any one of them is enough).
pub fn accepted_for(condition: Condition) -> &'static [MaterialKind] {
    match condition {
        Condition::Employment => &[MaterialKind::LabourContract, MaterialKind::SocialInsuranceRecord],
        Condition::Residence => &[MaterialKind::PropertyCertificate, MaterialKind::Lease],
        Condition::Schooling => &[MaterialKind::SchoolEnrolmentCertificate],
    }
}

/// The conditions still unproven: none when the data check passed; otherwise each claimed
/// condition with no uploaded document that proves it.
pub fn missing(data_check_passed: bool, claimed: &[Condition], uploaded: &[MaterialKind]) -> Vec<Condition> {
    if data_check_passed {
        return Vec::new();
    }
    claimed
        .iter()
        .copied()
        .filter(|c| !uploaded.iter().any(|m| m.proves() == *c))
        .collect()
}

/// Largest accepted material file, and the types accepted.
pub const MAX_MATERIAL_BYTES: usize = 200 * 1024;
pub const MATERIAL_TYPES: [&str; 3] = ["image/jpeg", "image/png", "application/pdf"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_needed_when_the_data_check_passes() {
        assert!(missing(true, &[Condition::Employment], &[]).is_empty());
    }

    #[test]
    fn each_claimed_condition_needs_one_matching_document() {
        let claimed = [Condition::Employment, Condition::Residence];
        assert_eq!(missing(false, &claimed, &[]), claimed.to_vec());
        assert_eq!(missing(false, &claimed, &[MaterialKind::Lease]), vec![Condition::Employment]);
        assert!(missing(false, &claimed, &[MaterialKind::Lease, MaterialKind::SocialInsuranceRecord]).is_empty());
    }

    #[test]
    fn every_document_proves_a_condition_it_is_accepted_for() {
        for c in [Condition::Employment, Condition::Residence, Condition::Schooling] {
            for m in accepted_for(c) {
                assert_eq!(m.proves(), c);
            }
        }
    }
}
