//! 居住证明, the residence certificate (issue 19): how many years of continuous residence it
//! states, and the endorsement history it lists. The rules are those of the endorsement
//! calendar (`crate::endorsement`), stated once more as a certificate reads them:
//!
//! - 居住证暂行条例 art. 13: the permit is endorsed each year, and the years of continuous
//!   residence are what those endorsements carry; a late endorsement restores the permit and
//!   the years count again from its day.
//! - 民法典 art. 201: the day a period starts is not counted; art. 202: a year ends on the
//!   corresponding day (28 February for a start on 29 February in a common year). A year is
//!   complete once that day has ended, so on the anniversary itself it still runs.
//!
//! A year counts only when it is both complete and endorsed: an endorsement made early in
//! its window does not make the running year complete, and a complete year never endorsed
//! means the permit lapsed (no certificate is issued for a suspended permit, see
//! `crate::share::may_share`).

use crate::{
    api::permit::Permit,
    calendar::anniversary,
    endorsement::Schedule,
    share::{Purpose, ShareField, ValidShare},
};
use chrono::NaiveDate;
use data_encoding::{Encoding, Specification};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How long a certificate's check page answers, in days (issue 19: 90 days).
pub const VALID_DAYS: u32 = 90;

/// The fields of the permit a certificate carries as a share's claims. The ID number is not
/// among them: the permit number identifies the permit, and the reader checks the person
/// against their ID card (个人信息保护法 art. 6, least disclosure).
pub const FIELDS: [ShareField; 2] = [ShareField::Name, ShareField::ResidenceAddress];

/// A certificate is kept and opened as a share with these terms: no named recipient (it is
/// shown to whoever asks), its own purpose, 90 days.
pub fn terms() -> ValidShare {
    ValidShare {
        purpose: Purpose::ResidenceCertificate,
        note: None,
        recipient: String::new(),
        fields: FIELDS.to_vec(),
        valid_minutes: VALID_DAYS * 24 * 60,
    }
}

/// What a certificate states beyond its claims (name, residence address), signed with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CertificateFacts {
    pub permit_number: String,
    /// The day residence registration (居住登记) was confirmed: where residence began.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub registered_on: NaiveDate,
    /// Years of continuous residence on `made_on` (see `continuous_years`).
    pub continuous_years: u32,
    /// Oldest first.
    pub endorsements: Vec<Endorsement>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub made_on: NaiveDate,
}

impl CertificateFacts {
    pub fn of(permit: &Permit, registered_on: NaiveDate, today: NaiveDate) -> Self {
        let schedule = permit.schedule();
        Self {
            permit_number: permit.number.clone(),
            registered_on,
            continuous_years: continuous_years(&schedule, today),
            endorsements: history(&schedule),
            made_on: today,
        }
    }
}

/// The certificate's check code, printed under its QR for someone who types rather than
/// scans: 80 random bits in Crockford's base32 (no I, L, O or U; typed I and L read as 1, O as
/// 0, lower case as upper), 16 symbols shown in groups of four. It is the certificate's only
/// secret, so it is as long as that needs: with the opening rate limit, guessing any of a
/// million live certificates takes longer than they live many times over.
pub const CODE_BYTES: usize = 10;

fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzIiLlOo");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
    spec.ignore.push_str("- ");
    spec.encoding().expect("Crockford's base32 is a valid specification")
}

/// The code for `random` bytes, in groups: `7KQ2-M9XD-4TRH-C8WA`.
pub fn code(random: [u8; CODE_BYTES]) -> String {
    let plain = crockford().encode(&random);
    plain.as_bytes().chunks(4).map(|g| String::from_utf8_lossy(g).into_owned()).collect::<Vec<_>>().join("-")
}

/// A typed or scanned code in its one stored form (16 symbols, no groups), or `None` when it
/// cannot be a code: the store never sees text that is not one.
pub fn normalize_code(input: &str) -> Option<String> {
    if input.len() > 64 {
        return None;
    }
    let encoding = crockford();
    let bytes = encoding.decode(input.trim().as_bytes()).ok()?;
    (bytes.len() == CODE_BYTES).then(|| encoding.encode(&bytes))
}

/// The check page of a certificate, relative to the app: the code rides in the fragment, which
/// browsers never send, like a share's secret.
pub fn check_link(code: &str) -> String {
    format!("/c#{code}")
}

/// The years of continuous residence on `today`, as the certificate states them.
pub fn continuous_years(schedule: &Schedule, today: NaiveDate) -> u32 {
    let complete = (1..=schedule.years_counted).take_while(|&n| anniversary(schedule.counts_from, n) < today).count();
    u32::try_from(complete).unwrap_or(u32::MAX)
}

/// One endorsement in the permit's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Endorsement {
    /// Made in its window: residence continued through `year_ending`.
    OnTime {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        year_ending: NaiveDate,
    },
    /// Made after a lapse, on `on`: the permit was restored and years count again from then.
    Late {
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        on: NaiveDate,
    },
}

/// The permit's endorsements, oldest first. The record keeps the issue date, the count of
/// endorsements and the day of the last late one, so the years before that late endorsement
/// are listed by the anniversaries of the issue date, which is where on-time endorsements
/// put them; the years after it by the anniversaries of its day.
pub fn history(schedule: &Schedule) -> Vec<Endorsement> {
    let year = |from: NaiveDate, n: u32| Endorsement::OnTime { year_ending: anniversary(from, n) };
    let mut list = Vec::new();
    if schedule.counts_from != schedule.issued_on {
        let before_late = schedule.years_endorsed.saturating_sub(schedule.years_counted + 1);
        list.extend((1..=before_late).map(|n| year(schedule.issued_on, n)));
        list.push(Endorsement::Late { on: schedule.counts_from });
    }
    list.extend((1..=schedule.years_counted).map(|n| year(schedule.counts_from, n)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn on_time(issued_on: NaiveDate, years: u32) -> Schedule {
        Schedule { issued_on, years_endorsed: years, counts_from: issued_on, years_counted: years }
    }

    #[test]
    fn a_year_counts_once_its_anniversary_has_ended_and_it_was_endorsed() {
        let s = on_time(d(2023, 5, 10), 2);
        assert_eq!(continuous_years(&s, d(2024, 5, 10)), 0, "on the anniversary the first year still runs");
        assert_eq!(continuous_years(&s, d(2024, 5, 11)), 1);
        assert_eq!(continuous_years(&s, d(2025, 5, 11)), 2);
        // Endorsed twice, but the third year was never endorsed: only two count.
        assert_eq!(continuous_years(&s, d(2030, 1, 1)), 2);
        // Endorsed early in the window: the running year is not complete yet.
        assert_eq!(continuous_years(&on_time(d(2023, 5, 10), 1), d(2024, 4, 20)), 0);
        assert_eq!(continuous_years(&Schedule::new(d(2023, 5, 10)), d(2026, 1, 1)), 0);
    }

    #[test]
    fn a_start_on_29_february_completes_its_year_at_the_end_of_28_february() {
        let s = on_time(d(2024, 2, 29), 2);
        assert_eq!(continuous_years(&s, d(2025, 2, 28)), 0);
        assert_eq!(continuous_years(&s, d(2025, 3, 1)), 1);
        // 2026 is common too; in 2028 the anniversary is 29 February again.
        assert_eq!(continuous_years(&s, d(2026, 3, 1)), 2);
        assert_eq!(history(&on_time(d(2024, 2, 29), 4))[3], Endorsement::OnTime { year_ending: d(2028, 2, 29) });
    }

    #[test]
    fn month_ends_fall_on_the_same_day_of_the_anniversary_month() {
        let s = on_time(d(2023, 12, 31), 1);
        assert_eq!(continuous_years(&s, d(2024, 12, 31)), 0);
        assert_eq!(continuous_years(&s, d(2025, 1, 1)), 1);
        assert_eq!(history(&s), [Endorsement::OnTime { year_ending: d(2024, 12, 31) }]);
    }

    #[test]
    fn a_late_endorsement_restarts_the_count_and_the_history_shows_it() {
        // Issued 2020-03-15, endorsed on time twice, lapsed, endorsed late on 2023-06-01,
        // then on time once more.
        let s = Schedule { issued_on: d(2020, 3, 15), years_endorsed: 4, counts_from: d(2023, 6, 1), years_counted: 1 };
        assert_eq!(
            history(&s),
            [
                Endorsement::OnTime { year_ending: d(2021, 3, 15) },
                Endorsement::OnTime { year_ending: d(2022, 3, 15) },
                Endorsement::Late { on: d(2023, 6, 1) },
                Endorsement::OnTime { year_ending: d(2024, 6, 1) },
            ]
        );
        // Years count from the late endorsement, not from the issue date.
        assert_eq!(continuous_years(&s, d(2024, 6, 1)), 0);
        assert_eq!(continuous_years(&s, d(2024, 6, 2)), 1);
        // The schedule's own rule makes the same record.
        let lapsed = on_time(d(2020, 3, 15), 2);
        let restored = lapsed.endorse(d(2023, 6, 1)).unwrap();
        assert_eq!(restored.counts_from, d(2023, 6, 1));
        assert_eq!(history(&restored).last(), Some(&Endorsement::Late { on: d(2023, 6, 1) }));
        assert_eq!(continuous_years(&restored, d(2024, 1, 1)), 0);
    }

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let c = code([0xA5; CODE_BYTES]);
        assert_eq!(c.len(), 19);
        assert_eq!(c.matches('-').count(), 3);
        let plain = c.replace('-', "");
        assert_eq!(normalize_code(&c).as_deref(), Some(plain.as_str()));
        assert_eq!(normalize_code(&plain.to_lowercase()).as_deref(), Some(plain.as_str()));
        assert_eq!(normalize_code(&format!(" {} ", c.replace('-', " "))).as_deref(), Some(plain.as_str()));
        // Crockford's aliases: O is 0, I and L are 1.
        let zeros = code([0; CODE_BYTES]);
        assert_eq!(normalize_code(&zeros.replace('0', "O")), normalize_code(&zeros));
        let ones = "1111-1111-1111-1111";
        if let Some(n) = normalize_code(ones) {
            assert_eq!(normalize_code(&ones.replace('1', "l")), Some(n.clone()));
            assert_eq!(normalize_code(&ones.replace('1', "I")), Some(n));
        }
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        let c = code([7; CODE_BYTES]);
        for bad in ["", &c[..18], &format!("{c}7"), &c.replacen(|ch: char| ch.is_ascii_alphanumeric(), "U", 1), "../../shares", &"7".repeat(4000), "７KQ2-M9XD-4TRH-C8WA"] {
            assert_eq!(normalize_code(bad), None, "{bad:.30}");
        }
    }

    #[test]
    fn different_bytes_make_different_codes() {
        assert_ne!(code([1; CODE_BYTES]), code([2; CODE_BYTES]));
        let mut one_bit = [1; CODE_BYTES];
        one_bit[CODE_BYTES - 1] ^= 1;
        assert_ne!(normalize_code(&code(one_bit)), normalize_code(&code([1; CODE_BYTES])));
    }

    #[test]
    fn the_facts_come_from_the_permit_on_the_day_made() {
        use crate::api::permit::{Permit, PermitStatus};
        let permit = Permit {
            number: "440106202400001".into(),
            name: "测试".into(),
            sex: crate::Sex::Female,
            ethnicity: "汉".into(),
            birth_date: d(1990, 1, 1),
            id_number: "440106199001010021".into(),
            household_address: "湖南省长沙市".into(),
            residence_address: "广东省广州市".into(),
            issuing_authority: "广州市公安局".into(),
            issued_on: d(2024, 2, 29),
            years_endorsed: 2,
            counts_from: d(2024, 2, 29),
            years_counted: 2,
            status: PermitStatus::Valid,
            endorsement: None,
            photo_path: String::new(),
        };
        let facts = CertificateFacts::of(&permit, d(2023, 9, 1), d(2026, 3, 1));
        assert_eq!(facts.continuous_years, 2);
        assert_eq!(facts.registered_on, d(2023, 9, 1));
        assert_eq!(facts.made_on, d(2026, 3, 1));
        assert_eq!(facts.permit_number, permit.number);
        assert_eq!(facts.endorsements.len(), 2);
        // A day earlier the second year has not ended (民法典 art. 202: 28 February in a common year).
        assert_eq!(CertificateFacts::of(&permit, d(2023, 9, 1), d(2026, 2, 28)).continuous_years, 1);
        assert_eq!(terms().valid_minutes, 90 * 24 * 60);
        assert!(crate::share::validate(terms().purpose, None, "x", &FIELDS, 60).is_err(), "no share request may make one");
    }

    #[test]
    fn a_permit_never_endorsed_has_no_history() {
        assert!(history(&Schedule::new(d(2025, 1, 31))).is_empty());
    }
}
