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

use crate::{calendar::anniversary, endorsement::Schedule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How long a certificate's check page answers, in days (issue 19: 90 days).
pub const VALID_DAYS: u32 = 90;

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
    fn a_permit_never_endorsed_has_no_history() {
        assert!(history(&Schedule::new(d(2025, 1, 31))).is_empty());
    }
}
