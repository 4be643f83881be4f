//! Serving by proxy (FAQ 11): people under 18, or 60 and over, may be declared and served by a family member
//! from the family member's own phone.

use chrono::{Datelike, NaiveDate};

pub const MINOR_BELOW_AGE: u32 = 18;
pub const ELDER_FROM_AGE: u32 = 60;

/// Age in whole years on `today` (a 29 February birthday counts on 1 March in common years).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

pub fn may_be_served_by_proxy(birth: NaiveDate, today: NaiveDate) -> bool {
    let age = age_on(birth, today);
    // 民法典 art. 1259: "以上" includes the number itself, so 60 is "60周岁以上".
    age < MINOR_BELOW_AGE || age >= ELDER_FROM_AGE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        assert_eq!(age_on(d(2008, 6, 1), d(2026, 5, 31)), 17);
        assert_eq!(age_on(d(2008, 6, 1), d(2026, 6, 1)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn minors_and_people_over_sixty_may_use_a_proxy() {
        let today = d(2026, 11, 25);
        assert!(may_be_served_by_proxy(d(2012, 9, 14), today));
        assert!(!may_be_served_by_proxy(d(2008, 11, 25), today));
        assert!(may_be_served_by_proxy(d(1966, 11, 25), today), "60 on the day is 60周岁以上 (民法典 art. 1259)");
        assert!(!may_be_served_by_proxy(d(1966, 11, 26), today), "59 until the birthday");
        assert!(may_be_served_by_proxy(d(1965, 11, 24), today));
    }
}
