//! Citizen ID numbers (公民身份号码) as defined by GB 11643-1999: six digits of region, the
//! birth date as `YYYYMMDD`, a three-digit sequence whose parity gives the sex, and an ISO
//! 7064 MOD 11-2 check character (`0`-`9` or `X`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why a string is not a valid citizen ID number. Each variant is a stable code the UI maps
/// to a message in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdNumberError {
    /// Not 18 characters long.
    Length,
    /// A character other than a digit, or `X` anywhere but the last place.
    Character,
    /// The eight birth-date digits are not a real calendar date.
    BirthDate,
    /// The check character does not match the first 17 digits.
    Checksum,
}

impl fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Length => "an ID number has 18 characters",
            Self::Character => "an ID number has 17 digits and a last digit or X",
            Self::BirthDate => "the birth date in the ID number is not a real date",
            Self::Checksum => "the check character of the ID number does not match",
        })
    }
}

impl std::error::Error for IdNumberError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// A citizen ID number that passed every GB 11643 check. Lowercase `x` is accepted on input
/// and stored uppercase, so each number has one spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitizenId(String);

impl CitizenId {
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let s = input.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(IdNumberError::Length);
        }
        let bytes = s.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdNumberError::Character);
        }
        birth_date_of(&s).ok_or(IdNumberError::BirthDate)?;
        if check_char(&s[..17]) != bytes[17] as char {
            return Err(IdNumberError::Checksum);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("checked in parse")
    }

    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The six-digit administrative region code of the household registration.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The check character for the first 17 digits of an ID number.
///
/// # Panics
/// If `first17` is not 17 ASCII digits.
pub fn check_char(first17: &str) -> char {
    assert!(first17.len() == 17 && first17.bytes().all(|b| b.is_ascii_digit()));
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let year = s.get(6..10)?.parse().ok()?;
    let month = s.get(10..12)?.parse().ok()?;
    let day = s.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic numbers made for this project; their check characters are computed, not copied.
    fn make(first17: &str) -> String {
        format!("{first17}{}", check_char(first17))
    }

    /// GB 11643 check characters worked out outside this code (weights 7 9 10 5 8 4 2 1 6 3 7 9
    /// 10 5 8 4 2, sum mod 11 indexing "10X98765432", computed by hand and by a separate
    /// script), one number for each of the 11 characters.
    const INDEPENDENT: [&str; 11] = [
        "440106199003070060",
        "440106199003070001",
        "440106199003070052",
        "440106199003070183",
        "440106199003070044",
        "440106199003070095",
        "440106199003070036",
        "440106199003070087",
        "440106199003070028",
        "440106199003070079",
        "44010619900307001X",
    ];

    #[test]
    fn every_check_character_matches_independent_vectors() {
        for id in INDEPENDENT {
            assert!(CitizenId::parse(id).is_ok(), "{id}");
            assert_eq!(check_char(&id[..17]).to_string(), id[17..].to_string(), "{id}");
            // Any other check character is refused.
            for other in "0123456789X".chars().filter(|c| id[17..] != c.to_string()) {
                assert!(CitizenId::parse(&format!("{}{other}", &id[..17])).is_err(), "{id} with {other}");
            }
        }
        let mut seen: Vec<&str> = INDEPENDENT.iter().map(|id| &id[17..]).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 11, "all eleven check characters are covered");
    }

    #[test]
    fn accepts_a_valid_number_and_reads_birth_date_and_sex() {
        let id = CitizenId::parse("440106199003071231").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1990, 3, 7).unwrap());
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.region_code(), "440106");
        let id = CitizenId::parse("440304198512240041").unwrap();
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn known_check_character_x() {
        // 11010519491231002X is the worked example printed in GB 11643-1999.
        let id = CitizenId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn rejects_each_kind_of_bad_number() {
        assert_eq!(CitizenId::parse("4401061990030712"), Err(IdNumberError::Length));
        assert_eq!(CitizenId::parse("4401061990030712X3"), Err(IdNumberError::Character));
        assert_eq!(CitizenId::parse("44010619900307１２３"), Err(IdNumberError::Length));
        let bad_date = make("44010619900230123");
        assert_eq!(CitizenId::parse(&bad_date), Err(IdNumberError::BirthDate));
        let good = make("44010619900307123");
        let last = good.chars().last().unwrap();
        let wrong = if last == '0' { '1' } else { '0' };
        let tampered = format!("{}{wrong}", &good[..17]);
        assert_eq!(CitizenId::parse(&tampered), Err(IdNumberError::Checksum));
    }

    #[test]
    fn leap_day_birth_dates() {
        assert!(CitizenId::parse(&make("44010620000229123")).is_ok());
        assert_eq!(
            CitizenId::parse(&make("44010619000229123")),
            Err(IdNumberError::BirthDate)
        );
    }

    proptest::proptest! {
        #[test]
        fn every_generated_number_round_trips(region in 110000u32..660000, days in 0i64..40000, seq in 0u32..1000) {
            let date = NaiveDate::from_ymd_opt(1920, 1, 1).unwrap() + chrono::Duration::days(days);
            let first17 = format!("{region:06}{}{seq:03}", date.format("%Y%m%d"));
            let id = CitizenId::parse(&make(&first17)).unwrap();
            proptest::prop_assert_eq!(id.birth_date(), date);
            proptest::prop_assert_eq!(id.sex() == Sex::Male, seq % 2 == 1);
        }

        #[test]
        fn any_single_digit_change_is_caught(pos in 0usize..17, delta in 1u8..10) {
            let good = make("44010619900307123");
            let mut bytes = good.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            proptest::prop_assert!(CitizenId::parse(&changed).is_err());
        }
    }
}
