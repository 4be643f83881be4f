//! 用证授权: the holder shares a verified copy of chosen fields of the permit with a named
//! recipient (a landlord, an employer, a school), for a stated purpose and a limited time
//! (issue 19, docs/sharing.md). The rules, once, for the app's form and the mock:
//! what may be asked, what a statement carries for each field, whether a share still holds.
//!
//! Least disclosure by default (个人信息保护法 art. 6: 限于实现处理目的的最小范围; art. 28:
//! the ID number is sensitive personal information): name, photo, whether the permit is valid
//! and the city of residence prove the point for most purposes; the ID number, the full
//! addresses and the birth date are shared only when ticked, each with its reason shown.

use crate::api::permit::{Permit, PermitStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Shortest and longest a share may be valid, and the default.
pub const MIN_VALIDITY_MINUTES: u32 = 10;
pub const MAX_VALIDITY_MINUTES: u32 = 7 * 24 * 60;
pub const DEFAULT_VALIDITY_MINUTES: u32 = 24 * 60;
/// Longest recipient name (e.g. a company's) and purpose note, in characters.
pub const MAX_RECIPIENT_CHARS: usize = 40;
pub const MAX_NOTE_CHARS: usize = 30;

/// What the copy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 租房
    Rent,
    /// 入职
    Employment,
    /// 入学
    School,
    /// 其他, with a short note saying what.
    Other,
    /// 居住证明: made only by `crate::certificate`, never asked for in a share request.
    ResidenceCertificate,
}

/// One field the holder may share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareField {
    Name,
    Photo,
    /// Whether the permit is valid today (yes or no), not its dates.
    PermitValid,
    /// The city of residence, not the address.
    City,
    IdNumber,
    ResidenceAddress,
    HouseholdAddress,
    BirthDate,
}

impl ShareField {
    pub const ALL: [Self; 8] = [
        Self::Name,
        Self::Photo,
        Self::PermitValid,
        Self::City,
        Self::IdNumber,
        Self::ResidenceAddress,
        Self::HouseholdAddress,
        Self::BirthDate,
    ];
    /// Ticked when the form opens: the least that proves the point.
    pub const DEFAULT: [Self; 4] = [Self::Name, Self::Photo, Self::PermitValid, Self::City];

    /// Off unless the holder ticks it, with its reason beside it.
    pub fn is_sensitive(self) -> bool {
        matches!(self, Self::IdNumber | Self::ResidenceAddress | Self::HouseholdAddress | Self::BirthDate)
    }
}

/// What is wrong with a share request, each for its own field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareProblem {
    RecipientMissing,
    RecipientTooLong,
    /// Control characters or line breaks: the name is shown on one line to someone else.
    RecipientUnprintable,
    /// "Other" needs a note saying what for.
    NoteMissing,
    NoteTooLong,
    NoteUnprintable,
    NoFields,
    ValidityTooShort,
    ValidityTooLong,
    /// `residence_certificate` is the certificate's own purpose (`POST /certificates`).
    PurposeReserved,
}

/// A request that passed every rule, normalized: texts trimmed, fields sorted and once each,
/// a note only for "other". The mock keeps it as the share's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidShare {
    pub purpose: Purpose,
    pub note: Option<String>,
    pub recipient: String,
    pub fields: Vec<ShareField>,
    pub valid_minutes: u32,
}

/// Checks a share request; every problem at once, so the form can mark each field.
pub fn validate(
    purpose: Purpose,
    note: Option<&str>,
    recipient: &str,
    fields: &[ShareField],
    valid_minutes: u32,
) -> Result<ValidShare, Vec<ShareProblem>> {
    let mut problems = Vec::new();
    if purpose == Purpose::ResidenceCertificate {
        problems.push(ShareProblem::PurposeReserved);
    }
    let recipient = recipient.trim();
    if recipient.is_empty() {
        problems.push(ShareProblem::RecipientMissing);
    } else if recipient.chars().count() > MAX_RECIPIENT_CHARS {
        problems.push(ShareProblem::RecipientTooLong);
    } else if !printable(recipient) {
        problems.push(ShareProblem::RecipientUnprintable);
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let note = match (purpose, note) {
        (Purpose::Other, None) => {
            problems.push(ShareProblem::NoteMissing);
            None
        }
        (Purpose::Other, Some(n)) if n.chars().count() > MAX_NOTE_CHARS => {
            problems.push(ShareProblem::NoteTooLong);
            None
        }
        (Purpose::Other, Some(n)) if !printable(n) => {
            problems.push(ShareProblem::NoteUnprintable);
            None
        }
        (Purpose::Other, Some(n)) => Some(n.to_owned()),
        // The named purposes say it all; a stray note is dropped, not shown to the recipient.
        _ => None,
    };
    let mut fields = fields.to_vec();
    fields.sort_unstable();
    fields.dedup();
    if fields.is_empty() {
        problems.push(ShareProblem::NoFields);
    }
    if valid_minutes < MIN_VALIDITY_MINUTES {
        problems.push(ShareProblem::ValidityTooShort);
    } else if valid_minutes > MAX_VALIDITY_MINUTES {
        problems.push(ShareProblem::ValidityTooLong);
    }
    if problems.is_empty() {
        Ok(ValidShare { purpose, note, recipient: recipient.to_owned(), fields, valid_minutes })
    } else {
        Err(problems)
    }
}

/// No control characters (line breaks included) and no bidirectional overrides, which could
/// make a recipient's name read as something else on the page that shows it.
fn printable(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
}

/// Why a permit cannot be shared now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareRefusal {
    /// 使用功能中止 (居住证暂行条例 art. 14): not endorsed in time; endorse first.
    PermitSuspended,
    /// Cancelled: there is nothing left to prove.
    PermitCancelled,
}

/// A suspended or cancelled permit is not shared: a copy would say "valid: no" at best, and
/// the holder is better told why and what to do.
pub fn may_share(status: PermitStatus) -> Result<(), ShareRefusal> {
    match status {
        PermitStatus::Valid | PermitStatus::EndorsementDue => Ok(()),
        PermitStatus::Suspended => Err(ShareRefusal::PermitSuspended),
        PermitStatus::Cancelled => Err(ShareRefusal::PermitCancelled),
    }
}

/// The chosen fields' values, as the signed statement carries them: a field not chosen is
/// absent, never empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SharedClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// SHA-256 of the photo's JPEG (lowercase hex): the photo itself is sent beside the
    /// statement, and the page checks it against this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit_valid: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birth_date: Option<NaiveDate>,
}

impl SharedClaims {
    /// The values of `fields` from `permit` as it stands; `photo_sha256` is the current photo's.
    pub fn of(permit: &Permit, fields: &[ShareField], photo_sha256: &str) -> Self {
        let mut claims = Self::default();
        for field in fields {
            match field {
                ShareField::Name => claims.name = Some(permit.name.clone()),
                ShareField::Photo => claims.photo_sha256 = Some(photo_sha256.to_owned()),
                ShareField::PermitValid => claims.permit_valid = Some(may_share(permit.status).is_ok()),
                ShareField::City => {
                    claims.city = Some(crate::division::city_of(&permit.residence_address).map_or("广东省", |(city, _)| city).to_owned())
                }
                ShareField::IdNumber => claims.id_number = Some(permit.id_number.clone()),
                ShareField::ResidenceAddress => claims.residence_address = Some(permit.residence_address.clone()),
                ShareField::HouseholdAddress => claims.household_address = Some(permit.household_address.clone()),
                ShareField::BirthDate => claims.birth_date = Some(permit.birth_date),
            }
        }
        claims
    }

    /// Which fields these claims carry, in `ShareField` order.
    pub fn fields(&self) -> Vec<ShareField> {
        let present = [
            self.name.is_some(),
            self.photo_sha256.is_some(),
            self.permit_valid.is_some(),
            self.city.is_some(),
            self.id_number.is_some(),
            self.residence_address.is_some(),
            self.household_address.is_some(),
            self.birth_date.is_some(),
        ];
        ShareField::ALL.into_iter().zip(present).filter_map(|(f, p)| p.then_some(f)).collect()
    }
}

/// Where a share stands, as the page that opens it says: 已核验, 已过期, 已撤回.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    Verified,
    Expired,
    Revoked,
}

/// A revocation wins over expiry (the holder's act is what the recipient should read), and a
/// share is expired from its expiry's millisecond on.
pub fn state(expires_at_ms: i64, revoked_at_ms: Option<i64>, now_ms: i64) -> ShareState {
    if revoked_at_ms.is_some_and(|r| r <= now_ms) {
        ShareState::Revoked
    } else if now_ms >= expires_at_ms {
        ShareState::Expired
    } else {
        ShareState::Verified
    }
}

/// When a share made at `now_ms` for `valid_minutes` expires; saturating, never wrapping.
pub fn expires_at_ms(now_ms: i64, valid_minutes: u32) -> i64 {
    now_ms.saturating_add(i64::from(valid_minutes) * 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(purpose: Purpose, note: Option<&str>, recipient: &str, fields: &[ShareField], minutes: u32) -> ValidShare {
        validate(purpose, note, recipient, fields, minutes).unwrap()
    }

    #[test]
    fn the_default_set_is_the_least_and_sensitive_fields_are_the_rest() {
        for f in ShareField::ALL {
            assert_eq!(ShareField::DEFAULT.contains(&f), !f.is_sensitive(), "{f:?}");
        }
    }

    #[test]
    fn a_request_is_trimmed_sorted_and_deduplicated() {
        let v = ok(Purpose::Rent, Some("ignored"), "  某某物业  ", &[ShareField::City, ShareField::Name, ShareField::City], 60);
        assert_eq!(v.recipient, "某某物业");
        assert_eq!(v.fields, [ShareField::Name, ShareField::City]);
        assert_eq!(v.note, None, "a note is only for 'other'");
        let v = ok(Purpose::Other, Some(" 办理宽带 "), "电信营业厅", &ShareField::DEFAULT, DEFAULT_VALIDITY_MINUTES);
        assert_eq!(v.note.as_deref(), Some("办理宽带"));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let problems = validate(Purpose::Other, Some("   "), " ", &[], 9).unwrap_err();
        assert_eq!(
            problems,
            [ShareProblem::RecipientMissing, ShareProblem::NoteMissing, ShareProblem::NoFields, ShareProblem::ValidityTooShort]
        );
    }

    #[test]
    fn a_share_request_cannot_pass_for_a_residence_certificate() {
        assert_eq!(
            validate(Purpose::ResidenceCertificate, None, "房东", &ShareField::DEFAULT, 60),
            Err(vec![ShareProblem::PurposeReserved])
        );
    }

    #[test]
    fn validity_is_ten_minutes_to_seven_days_inclusive() {
        let f = &ShareField::DEFAULT;
        assert!(validate(Purpose::Rent, None, "房东", f, MIN_VALIDITY_MINUTES).is_ok());
        assert!(validate(Purpose::Rent, None, "房东", f, MAX_VALIDITY_MINUTES).is_ok());
        assert_eq!(validate(Purpose::Rent, None, "房东", f, MIN_VALIDITY_MINUTES - 1), Err(vec![ShareProblem::ValidityTooShort]));
        assert_eq!(validate(Purpose::Rent, None, "房东", f, MAX_VALIDITY_MINUTES + 1), Err(vec![ShareProblem::ValidityTooLong]));
        assert_eq!(validate(Purpose::Rent, None, "房东", f, u32::MAX), Err(vec![ShareProblem::ValidityTooLong]));
        assert_eq!(validate(Purpose::Rent, None, "房东", f, 0), Err(vec![ShareProblem::ValidityTooShort]));
    }

    #[test]
    fn lengths_are_counted_in_characters_not_bytes() {
        let f = &ShareField::DEFAULT;
        let forty = "物".repeat(MAX_RECIPIENT_CHARS);
        assert!(validate(Purpose::Rent, None, &forty, f, 60).is_ok());
        assert_eq!(validate(Purpose::Rent, None, &format!("{forty}业"), f, 60), Err(vec![ShareProblem::RecipientTooLong]));
        let thirty = "宽".repeat(MAX_NOTE_CHARS);
        assert!(validate(Purpose::Other, Some(&thirty), "x", f, 60).is_ok());
        assert_eq!(validate(Purpose::Other, Some(&format!("{thirty}带")), "x", f, 60), Err(vec![ShareProblem::NoteTooLong]));
    }

    #[test]
    fn names_that_could_read_as_something_else_are_refused() {
        let f = &ShareField::DEFAULT;
        for bad in ["某某\n物业", "A\u{0000}B", "\u{202E}业物某某", "x\u{2067}y", "tab\there"] {
            assert_eq!(validate(Purpose::Rent, None, bad, f, 60), Err(vec![ShareProblem::RecipientUnprintable]), "{bad:?}");
            assert_eq!(validate(Purpose::Other, Some(bad), "x", f, 60), Err(vec![ShareProblem::NoteUnprintable]), "{bad:?}");
        }
    }

    #[test]
    fn only_a_valid_permit_is_shared() {
        assert_eq!(may_share(PermitStatus::Valid), Ok(()));
        assert_eq!(may_share(PermitStatus::EndorsementDue), Ok(()));
        assert_eq!(may_share(PermitStatus::Suspended), Err(ShareRefusal::PermitSuspended));
        assert_eq!(may_share(PermitStatus::Cancelled), Err(ShareRefusal::PermitCancelled));
    }

    fn permit(status: PermitStatus) -> Permit {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        Permit {
            number: "440106202500001".into(),
            name: "测试".into(),
            sex: crate::Sex::Female,
            ethnicity: "汉".into(),
            birth_date: d(1990, 1, 1),
            id_number: "440106199001010021".into(),
            household_address: "湖南省长沙市岳麓区某路1号".into(),
            residence_address: "广东省深圳市南山区某路2号".into(),
            issuing_authority: "深圳市公安局南山分局".into(),
            issued_on: d(2025, 2, 28),
            years_endorsed: 0,
            counts_from: d(2025, 2, 28),
            years_counted: 0,
            status,
            endorsement: None,
            photo_path: String::new(),
        }
    }

    #[test]
    fn claims_carry_exactly_the_chosen_fields() {
        let p = permit(PermitStatus::Valid);
        let least = SharedClaims::of(&p, &ShareField::DEFAULT, "ab12");
        assert_eq!(
            least,
            SharedClaims {
                name: Some("测试".into()),
                photo_sha256: Some("ab12".into()),
                permit_valid: Some(true),
                city: Some("深圳市".into()),
                ..Default::default()
            }
        );
        assert_eq!(least.fields(), ShareField::DEFAULT);
        for field in ShareField::ALL {
            assert_eq!(SharedClaims::of(&p, &[field], "ab12").fields(), [field], "{field:?}");
        }
        let all = SharedClaims::of(&p, &ShareField::ALL, "ab12");
        assert_eq!(all.fields(), ShareField::ALL);
        assert_eq!(all.birth_date, NaiveDate::from_ymd_opt(1990, 1, 1));
        // The city only, never the street: the default copy does not say where the holder lives.
        assert!(!least.city.unwrap().contains("南山区"));
        assert_eq!(SharedClaims::of(&permit(PermitStatus::EndorsementDue), &[ShareField::PermitValid], "").permit_valid, Some(true));
    }

    #[test]
    fn revoked_wins_over_expired_and_expiry_is_inclusive() {
        assert_eq!(state(1_000, None, 999), ShareState::Verified);
        assert_eq!(state(1_000, None, 1_000), ShareState::Expired);
        assert_eq!(state(1_000, Some(500), 999), ShareState::Revoked);
        assert_eq!(state(1_000, Some(500), 2_000), ShareState::Revoked);
        // A revocation dated later than now (a clock step back) does not yet count.
        assert_eq!(state(1_000, Some(900), 800), ShareState::Verified);
        assert_eq!(expires_at_ms(i64::MAX - 5, MAX_VALIDITY_MINUTES), i64::MAX);
        assert_eq!(expires_at_ms(0, MIN_VALIDITY_MINUTES), 600_000);
    }
}
