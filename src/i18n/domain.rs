//! Words for the domain's values, in one place: `Key::from(value)` for a value that is one
//! phrase (a permit status, a kind of document, a photo problem), and a function for a value
//! whose phrase carries a date, a count or a name. Pages and components never match on a
//! domain value to choose words themselves.

use super::{format, Key, Locale};
use permit_core::{
    address::{AddressField, AddressProblem, HousingType},
    api::{
        application::ReviewStatus,
        card::{CardKind, CardOrderStatus},
        permit::PermitStatus,
        registration::Confirmer,
        verification::VerdictRule,
        Role,
    },
    eligibility::{Condition, Refusal},
    endorsement::EndorsementState,
    materials::MaterialKind,
    page_check::PageIssue,
    photo_check::PhotoIssue,
    Sex,
};

impl From<PermitStatus> for Key {
    fn from(status: PermitStatus) -> Self {
        match status {
            PermitStatus::Valid => Key::StatusValid,
            PermitStatus::EndorsementDue => Key::StatusEndorsementDue,
            PermitStatus::Suspended => Key::StatusSuspended,
            PermitStatus::Cancelled => Key::StatusCancelled,
        }
    }
}

impl From<ReviewStatus> for Key {
    fn from(status: ReviewStatus) -> Self {
        match status {
            ReviewStatus::NeedsMaterials => Key::ReviewNeedsMaterials,
            ReviewStatus::NeedsPhoto => Key::ReviewNeedsPhoto,
            ReviewStatus::UnderReview => Key::ReviewUnderReview,
            ReviewStatus::Approved => Key::ReviewApproved,
            ReviewStatus::Rejected => Key::ReviewRejected,
        }
    }
}

impl From<MaterialKind> for Key {
    fn from(kind: MaterialKind) -> Self {
        match kind {
            MaterialKind::LabourContract => Key::MatLabourContract,
            MaterialKind::SocialInsuranceRecord => Key::MatSocialInsurance,
            MaterialKind::BusinessLicence => Key::MatBusinessLicence,
            MaterialKind::EmploymentCertificate => Key::MatEmploymentCertificate,
            MaterialKind::PropertyCertificate => Key::MatProperty,
            MaterialKind::Lease => Key::MatLease,
            MaterialKind::DormitoryCertificate => Key::MatDormitory,
            MaterialKind::HostCertificate => Key::MatHost,
            MaterialKind::SchoolEnrolmentCertificate => Key::MatSchool,
            MaterialKind::StudentCard => Key::MatStudentCard,
        }
    }
}

impl From<Condition> for Key {
    fn from(condition: Condition) -> Self {
        match condition {
            Condition::Employment => Key::CondEmployment,
            Condition::Residence => Key::CondResidence,
            Condition::Schooling => Key::CondSchooling,
        }
    }
}

impl From<PhotoIssue> for Key {
    fn from(issue: PhotoIssue) -> Self {
        match issue {
            PhotoIssue::TooDark => Key::PhotoTooDark,
            PhotoIssue::TooBright => Key::PhotoTooBright,
            PhotoIssue::BackgroundNotWhite => Key::PhotoBackground,
            PhotoIssue::FaceTooSmall => Key::PhotoFaceSmall,
            PhotoIssue::FaceOffCentre => Key::PhotoFaceOffCentre,
        }
    }
}

impl From<PageIssue> for Key {
    fn from(issue: PageIssue) -> Self {
        match issue {
            PageIssue::TooSmall => Key::PageTooSmall,
            PageIssue::Blank => Key::PageBlank,
            PageIssue::TooDark => Key::PageTooDark,
        }
    }
}

impl From<CardKind> for Key {
    fn from(kind: CardKind) -> Self {
        match kind {
            CardKind::First => Key::CardKindFirst,
            CardKind::Replacement => Key::CardKindReplacement,
            CardKind::Renewal => Key::CardKindRenewal,
        }
    }
}

impl From<CardOrderStatus> for Key {
    fn from(status: CardOrderStatus) -> Self {
        match status {
            CardOrderStatus::AwaitingPayment => Key::OrderAwaitingPayment,
            CardOrderStatus::InProduction => Key::OrderInProduction,
            CardOrderStatus::ReadyForCollection => Key::OrderReady,
        }
    }
}

impl From<Role> for Key {
    fn from(role: Role) -> Self {
        match role {
            Role::Resident => Key::RoleResident,
            Role::Staff => Key::RoleStaff,
        }
    }
}

impl From<Sex> for Key {
    fn from(sex: Sex) -> Self {
        match sex {
            Sex::Male => Key::SexMale,
            Sex::Female => Key::SexFemale,
        }
    }
}

impl From<Confirmer> for Key {
    fn from(confirmer: Confirmer) -> Self {
        match confirmer {
            Confirmer::Landlord => Key::ConfirmerLandlord,
            Confirmer::PoliceOfficer => Key::ConfirmerPolice,
            Confirmer::GridWorker => Key::ConfirmerGrid,
        }
    }
}

impl From<HousingType> for Key {
    fn from(h: HousingType) -> Self {
        match h {
            HousingType::Rented => Key::HousingRented,
            HousingType::Owned => Key::HousingOwned,
            HousingType::EmployerDormitory => Key::HousingDormitory,
            HousingType::RelativeOrFriend => Key::HousingRelative,
        }
    }
}

impl From<AddressField> for Key {
    fn from(f: AddressField) -> Self {
        match f {
            AddressField::City => Key::AddrCity,
            AddressField::County => Key::AddrCounty,
            AddressField::Street => Key::AddrStreet,
            AddressField::BuildingRoom => Key::AddrBuildingRoom,
            AddressField::Landlord | AddressField::LandlordName => Key::AddrLandlordName,
            AddressField::LandlordPhone => Key::AddrLandlordPhone,
        }
    }
}

/// What is wrong with one field of a declared address, naming the field.
pub fn address_problem(p: AddressProblem, locale: Locale) -> String {
    let field = |f: AddressField| Key::from(f).text(locale);
    match p {
        AddressProblem::UnknownCity => Key::AddrProblemCity.text(locale).to_owned(),
        AddressProblem::CountyNotInCity => Key::AddrProblemCounty.text(locale).to_owned(),
        AddressProblem::Empty { field: f } => Key::AddrProblemEmpty.text(locale).replace("{field}", field(f)),
        AddressProblem::TooShort { field: f, .. } => Key::AddrProblemTooShort.text(locale).replace("{field}", field(f)),
        AddressProblem::TooLong { field: f, max } => {
            Key::AddrProblemTooLong.text(locale).replace("{field}", field(f)).replace("{max}", &max.to_string())
        }
        AddressProblem::ForbiddenCharacter { field: f } => Key::AddrProblemCharacter.text(locale).replace("{field}", field(f)),
        AddressProblem::LandlordMissing => Key::AddrProblemLandlordMissing.text(locale).to_owned(),
        AddressProblem::LandlordNotExpected => Key::AddrProblemLandlordNotExpected.text(locale).to_owned(),
        AddressProblem::LandlordPhoneInvalid => Key::AddrProblemLandlordPhone.text(locale).to_owned(),
    }
}

/// Which page of which document the review asks to be sent again.
pub fn retake(kind: MaterialKind, page: u8, locale: Locale) -> String {
    Key::RetakeAsked.text(locale).replace("{document}", Key::from(kind).text(locale)).replace("{n}", &page.to_string())
}

/// A self-test's verdict in the holder's words (`None`: the code passed).
pub fn self_test_rule(rule: Option<VerdictRule>) -> Key {
    match rule {
        None => Key::SelfTestPassed,
        Some(VerdictRule::Expired) => Key::RuleExpired,
        Some(VerdictRule::AlreadyUsed) => Key::RuleAlreadyUsed,
        Some(VerdictRule::FromTheFuture | VerdictRule::OutOfTime) => Key::RuleClock,
        Some(VerdictRule::DeviceRevoked | VerdictRule::UnknownDevice) => Key::RuleDevice,
        Some(VerdictRule::PermitSuspended) => Key::BannerSuspended,
        Some(VerdictRule::PermitCancelled | VerdictRule::NoPermit) => Key::BannerCancelled,
        // The challenge mode's rules cannot come from a self-test; worded as a bad code if ever.
        Some(
            VerdictRule::Forged
            | VerdictRule::Malformed
            | VerdictRule::UnsupportedVersion
            | VerdictRule::UnknownChallenge
            | VerdictRule::ChallengeExpired
            | VerdictRule::ChallengeUsed
            | VerdictRule::OtherCounter
            | VerdictRule::DeviceOfAnotherPermit,
        ) => Key::RuleForged,
    }
}

/// Where a new photo's review stands (a replacement photo, not an application).
pub fn photo_review(status: ReviewStatus) -> Key {
    match status {
        ReviewStatus::Approved => Key::PhotoApproved,
        ReviewStatus::Rejected => Key::ReviewRejected,
        _ => Key::PhotoUnderReview,
    }
}

/// Why this person cannot apply now.
pub fn refusal(r: Refusal, locale: Locale) -> String {
    match r {
        Refusal::NotRegistered => Key::RefusalNotRegistered.text(locale).to_owned(),
        Refusal::RegisteredTooRecently { eligible_from } => {
            Key::RefusalTooRecent.text(locale).replace("{date}", &format::date(eligible_from, locale))
        }
        Refusal::HmtPermitHolder => Key::RefusalHmt.text(locale).to_owned(),
        Refusal::AlreadyHoldsPermit => Key::RefusalHolds.text(locale).to_owned(),
    }
}

/// A residence registration waiting for `c` to confirm it.
pub fn awaiting_confirmation(c: Confirmer, locale: Locale) -> String {
    Key::RegAwaiting.text(locale).replace("{who}", Key::from(c).text(locale))
}

/// Where the permit stands in its endorsement year.
pub fn endorsement_state(s: &EndorsementState, locale: Locale) -> String {
    match *s {
        EndorsementState::Valid { window_opens, .. } => {
            Key::EndorseNextWindow.text(locale).replace("{date}", &format::date(window_opens, locale))
        }
        EndorsementState::WindowOpen { days_left, .. } => {
            Key::EndorseOpenDays.text(locale).replace("{days}", &days_left.to_string())
        }
        EndorsementState::Suspended { .. } => Key::StatusSuspended.text(locale).to_owned(),
    }
}

/// Whose permit a family member is handling (代办). Names come from the record as they are.
pub fn acting_for(guardian: &str, relation: &str, holder: &str, locale: Locale) -> String {
    Key::ActingForBanner
        .text(locale)
        .replace("{guardian}", guardian)
        .replace("{relation}", relation)
        .replace("{holder}", holder)
}

/// The toast on the holder's card when a counter read the code.
pub fn verified_by(department: &str, counter: &str, locale: Locale) -> String {
    Key::ToastVerifiedBy.text(locale).replace("{department}", department).replace("{counter}", counter)
}

/// The name this phone is registered under, for messages about devices.
pub fn device_label(os: &str, locale: Locale) -> String {
    Key::DeviceLabel.text(locale).replace("{os}", os)
}

/// A share's purpose (用证授权).
impl From<permit_core::share::Purpose> for Key {
    fn from(purpose: permit_core::share::Purpose) -> Self {
        use permit_core::share::Purpose;
        match purpose {
            Purpose::Rent => Key::PurposeRent,
            Purpose::Employment => Key::PurposeEmployment,
            Purpose::School => Key::PurposeSchool,
            Purpose::Other => Key::PurposeOther,
            Purpose::ResidenceCertificate => Key::PurposeCertificate,
        }
    }
}

/// A field a share may show.
impl From<permit_core::share::ShareField> for Key {
    fn from(field: permit_core::share::ShareField) -> Self {
        use permit_core::share::ShareField;
        match field {
            ShareField::Name => Key::SharedFieldName,
            ShareField::Photo => Key::SharedFieldPhoto,
            ShareField::PermitValid => Key::SharedFieldValid,
            ShareField::City => Key::SharedFieldCity,
            ShareField::IdNumber => Key::SharedFieldIdNumber,
            ShareField::ResidenceAddress => Key::SharedFieldResidence,
            ShareField::HouseholdAddress => Key::SharedFieldHousehold,
            ShareField::BirthDate => Key::SharedFieldBirthDate,
        }
    }
}
