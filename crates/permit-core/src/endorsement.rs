//! The annual endorsement (签注) calendar.
//!
//! The rule is "within the month before each full year of residence"; this product counts the
//! years from the permit's issue date. For year `n` the anniversary is the issue date plus `n`
//! years (29 February falls on 28 February in common years). The window opens one calendar
//! month before the anniversary and its last day is the day before it; a permit not endorsed
//! by then is suspended (使用功能中止) from the anniversary until it is endorsed.
//!
//! Endorsing late covers every year that has passed, so the next window is the one before the
//! next anniversary still ahead: a suspension never snowballs into several endorsements.

use crate::calendar::{add_months, sub_months};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many days before the deadline the second reminder goes out.
pub const LATE_REMINDER_DAYS: i64 = 7;

/// The endorsement record of one permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub issued_on: NaiveDate,
    /// Years endorsed so far (0 for a permit in its first year).
    pub years_endorsed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EndorsementState {
    /// Valid; the next window opens on `window_opens`.
    Valid { window_opens: NaiveDate, deadline: NaiveDate },
    /// The window is open: endorse by `deadline` (inclusive); `days_left` counts today.
    WindowOpen { deadline: NaiveDate, days_left: i64 },
    /// Not endorsed in time: suspended since `since` until endorsed.
    Suspended { since: NaiveDate },
}

impl Schedule {
    /// The `n`th anniversary of the issue date.
    pub fn anniversary(&self, n: u32) -> NaiveDate {
        add_months(self.issued_on, n.saturating_mul(12))
    }

    /// The anniversary the next endorsement is for.
    pub fn next_anniversary(&self) -> NaiveDate {
        self.anniversary(self.years_endorsed + 1)
    }

    pub fn window_opens(&self) -> NaiveDate {
        sub_months(self.next_anniversary(), 1)
    }

    /// The last day to endorse without suspension.
    pub fn deadline(&self) -> NaiveDate {
        self.next_anniversary() - Duration::days(1)
    }

    /// The days the holder is reminded: when the window opens, and a week before it closes.
    pub fn reminders(&self) -> [NaiveDate; 2] {
        let late = self.deadline() - Duration::days(LATE_REMINDER_DAYS - 1);
        [self.window_opens(), late.max(self.window_opens())]
    }

    pub fn state(&self, today: NaiveDate) -> EndorsementState {
        let anniversary = self.next_anniversary();
        if today >= anniversary {
            EndorsementState::Suspended { since: anniversary }
        } else if today >= self.window_opens() {
            EndorsementState::WindowOpen {
                deadline: self.deadline(),
                days_left: (anniversary - today).num_days(),
            }
        } else {
            EndorsementState::Valid { window_opens: self.window_opens(), deadline: self.deadline() }
        }
    }

    /// Whether the holder may endorse today: in the window, or to lift a suspension.
    pub fn can_endorse(&self, today: NaiveDate) -> bool {
        !matches!(self.state(today), EndorsementState::Valid { .. })
    }

    /// The schedule after endorsing today. Covers every anniversary up to today, so the
    /// permit is valid again until the next one.
    pub fn endorse(&self, today: NaiveDate) -> Option<Self> {
        if !self.can_endorse(today) {
            return None;
        }
        let mut years = self.years_endorsed + 1;
        while self.anniversary(years + 1) <= today {
            years += 1;
        }
        Some(Self { years_endorsed: years, ..*self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EndorsementState::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn schedule(issued_on: NaiveDate) -> Schedule {
        Schedule { issued_on, years_endorsed: 0 }
    }

    #[test]
    fn the_window_is_the_month_before_the_anniversary() {
        let s = schedule(d(2025, 6, 15));
        assert_eq!(s.state(d(2026, 5, 14)), Valid { window_opens: d(2026, 5, 15), deadline: d(2026, 6, 14) });
        assert_eq!(s.state(d(2026, 5, 15)), WindowOpen { deadline: d(2026, 6, 14), days_left: 31 });
        assert_eq!(s.state(d(2026, 6, 14)), WindowOpen { deadline: d(2026, 6, 14), days_left: 1 });
        assert_eq!(s.state(d(2026, 6, 15)), Suspended { since: d(2026, 6, 15) });
    }

    #[test]
    fn leap_day_issue_dates_fall_on_28_february_in_common_years() {
        let s = schedule(d(2024, 2, 29));
        assert_eq!(s.next_anniversary(), d(2025, 2, 28));
        assert_eq!(s.window_opens(), d(2025, 1, 28));
        let s4 = Schedule { years_endorsed: 3, ..s };
        assert_eq!(s4.next_anniversary(), d(2028, 2, 29));
    }

    #[test]
    fn month_end_anniversaries_open_on_the_shorter_months_last_day() {
        let s = schedule(d(2025, 3, 31));
        assert_eq!(s.window_opens(), d(2026, 2, 28));
        assert_eq!(s.deadline(), d(2026, 3, 30));
    }

    #[test]
    fn endorsing_in_the_window_moves_to_the_next_year() {
        let s = schedule(d(2025, 6, 15));
        assert_eq!(s.endorse(d(2026, 4, 1)), None, "not before the window opens");
        let next = s.endorse(d(2026, 6, 1)).unwrap();
        assert_eq!(next.years_endorsed, 1);
        assert_eq!(next.state(d(2026, 6, 20)), Valid { window_opens: d(2027, 5, 15), deadline: d(2027, 6, 14) });
    }

    #[test]
    fn endorsing_a_suspended_permit_restores_it_and_covers_missed_years() {
        let s = schedule(d(2023, 6, 15));
        assert_eq!(s.state(d(2026, 1, 10)), Suspended { since: d(2024, 6, 15) });
        let restored = s.endorse(d(2026, 1, 10)).unwrap();
        assert_eq!(restored.years_endorsed, 2);
        assert!(matches!(restored.state(d(2026, 1, 10)), Valid { .. }));
        assert_eq!(restored.next_anniversary(), d(2026, 6, 15));
    }

    #[test]
    fn reminders_are_on_the_opening_day_and_a_week_before_the_deadline() {
        let s = schedule(d(2025, 6, 15));
        assert_eq!(s.reminders(), [d(2026, 5, 15), d(2026, 6, 8)]);
    }
}
