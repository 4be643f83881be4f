//! Supporting documents (FAQ 1 and 14). When the government-data check passes, a condition
//! the records show needs nothing: "政务数据核验通过的，无需提交材料". Otherwise, "个别特殊情形无法
//! 通过政务数据核验的，还需提供相关材料": each claimed condition the records do not prove needs
//! one document for it, of a kind the resident chooses. Any of the three conditions may be
//! claimed, whether or not the records show it.
//!
//! A document is up to [`MAX_PAGES`] photographed pages, each a JPEG of at most
//! [`MAX_PAGE_BYTES`] (the app compresses a photo to that size), or one PDF of at most
//! [`MAX_PDF_BYTES`] taken as it is.

use crate::eligibility::Condition;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaterialKind {
    /// 劳动合同
    LabourContract,
    /// 社保缴费记录
    SocialInsuranceRecord,
    /// 营业执照 (the self-employed)
    BusinessLicence,
    /// 单位在职证明
    EmploymentCertificate,
    /// 不动产权证书
    PropertyCertificate,
    /// 登记备案的租赁合同
    Lease,
    /// 单位宿舍证明
    DormitoryCertificate,
    /// 亲友住所证明 (living with relatives or friends)
    HostCertificate,
    /// 在读证明
    SchoolEnrolmentCertificate,
    /// 学生证
    StudentCard,
}

impl MaterialKind {
    /// The condition this document proves.
    pub fn proves(self) -> Condition {
        match self {
            Self::LabourContract | Self::SocialInsuranceRecord | Self::BusinessLicence | Self::EmploymentCertificate => {
                Condition::Employment
            }
            Self::PropertyCertificate | Self::Lease | Self::DormitoryCertificate | Self::HostCertificate => Condition::Residence,
            Self::SchoolEnrolmentCertificate | Self::StudentCard => Condition::Schooling,
        }
    }
}

/// The documents that prove a condition (any one of them is enough).
pub fn accepted_for(condition: Condition) -> &'static [MaterialKind] {
    match condition {
        Condition::Employment => &[
            MaterialKind::LabourContract,
            MaterialKind::SocialInsuranceRecord,
            MaterialKind::BusinessLicence,
            MaterialKind::EmploymentCertificate,
        ],
        Condition::Residence => &[
            MaterialKind::PropertyCertificate,
            MaterialKind::Lease,
            MaterialKind::DormitoryCertificate,
            MaterialKind::HostCertificate,
        ],
        Condition::Schooling => &[MaterialKind::SchoolEnrolmentCertificate, MaterialKind::StudentCard],
    }
}

/// The claimed conditions still unproven: a condition is proven by the records when the data
/// check passed and the records show it, or by an uploaded document that proves it.
pub fn missing(data_check_passed: bool, on_record: &[Condition], claimed: &[Condition], uploaded: &[MaterialKind]) -> Vec<Condition> {
    claimed
        .iter()
        .copied()
        .filter(|c| !(data_check_passed && on_record.contains(c)))
        .filter(|c| !uploaded.iter().any(|m| m.proves() == *c))
        .collect()
}

/// Pages in one document, at most.
pub const MAX_PAGES: u8 = 5;
/// One photographed page (JPEG), at most.
pub const MAX_PAGE_BYTES: usize = 500 * 1024;
/// A PDF document, at most.
pub const MAX_PDF_BYTES: usize = 2 * 1024 * 1024;
/// The types a page or a document may have.
pub const MATERIAL_TYPES: [&str; 2] = ["image/jpeg", "application/pdf"];

/// Why a page cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadProblem {
    /// Not a JPEG page or a PDF.
    WrongType,
    /// Larger than its type allows.
    TooLarge,
    /// Not a page number from 1 to [`MAX_PAGES`], or a PDF not sent as page 1.
    BadPage,
}

/// Whether `bytes` of `content_type` can be page `page` of a document. A PDF is a whole
/// document, so it is always page 1.
pub fn check_upload(content_type: &str, bytes: usize, page: u8) -> Result<(), UploadProblem> {
    let limit = match content_type {
        "image/jpeg" => MAX_PAGE_BYTES,
        "application/pdf" => MAX_PDF_BYTES,
        _ => return Err(UploadProblem::WrongType),
    };
    if page == 0 || page > MAX_PAGES || (content_type == "application/pdf" && page != 1) {
        return Err(UploadProblem::BadPage);
    }
    if bytes == 0 || bytes > limit {
        return Err(UploadProblem::TooLarge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Condition::*;

    #[test]
    fn conditions_on_record_need_nothing_when_the_data_check_passes() {
        assert!(missing(true, &[Employment], &[Employment], &[]).is_empty());
    }

    #[test]
    fn a_condition_the_records_lack_needs_a_document_even_when_the_check_passes() {
        // A worker without a social-insurance record claims employment with a labour contract.
        assert_eq!(missing(true, &[Residence], &[Employment], &[]), vec![Employment]);
        assert!(missing(true, &[Residence], &[Employment], &[MaterialKind::LabourContract]).is_empty());
    }

    #[test]
    fn with_no_condition_on_record_any_can_still_be_claimed_with_documents() {
        assert_eq!(missing(false, &[], &[Schooling], &[]), vec![Schooling]);
        assert!(missing(false, &[], &[Schooling], &[MaterialKind::StudentCard]).is_empty());
    }

    #[test]
    fn each_claimed_condition_needs_one_matching_document_when_the_check_fails() {
        let claimed = [Employment, Residence];
        assert_eq!(missing(false, &claimed, &claimed, &[]), claimed.to_vec());
        assert_eq!(missing(false, &claimed, &claimed, &[MaterialKind::Lease]), vec![Employment]);
        assert!(missing(false, &claimed, &claimed, &[MaterialKind::HostCertificate, MaterialKind::BusinessLicence]).is_empty());
    }

    #[test]
    fn every_document_proves_the_condition_it_is_accepted_for() {
        let mut all = 0;
        for c in [Employment, Residence, Schooling] {
            for m in accepted_for(c) {
                assert_eq!(m.proves(), c);
                all += 1;
            }
        }
        assert_eq!(all, 10, "every kind is offered for its condition");
    }

    #[test]
    fn pages_are_jpeg_up_to_500_kb_and_a_pdf_up_to_2_mb_as_page_one() {
        assert_eq!(check_upload("image/jpeg", MAX_PAGE_BYTES, 5), Ok(()));
        assert_eq!(check_upload("image/jpeg", MAX_PAGE_BYTES + 1, 1), Err(UploadProblem::TooLarge));
        assert_eq!(check_upload("image/jpeg", 0, 1), Err(UploadProblem::TooLarge));
        assert_eq!(check_upload("image/jpeg", 10, 6), Err(UploadProblem::BadPage));
        assert_eq!(check_upload("image/jpeg", 10, 0), Err(UploadProblem::BadPage));
        assert_eq!(check_upload("application/pdf", MAX_PDF_BYTES, 1), Ok(()));
        assert_eq!(check_upload("application/pdf", MAX_PDF_BYTES + 1, 1), Err(UploadProblem::TooLarge));
        assert_eq!(check_upload("application/pdf", 10, 2), Err(UploadProblem::BadPage));
        assert_eq!(check_upload("image/png", 10, 1), Err(UploadProblem::WrongType));
        assert_eq!(check_upload("text/html", 10, 1), Err(UploadProblem::WrongType));
    }
}
