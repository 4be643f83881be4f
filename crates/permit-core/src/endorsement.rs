//! The annual endorsement (签注) calendar.
//!
//! The rule (居住证暂行条例 art. 13, and the provincial FAQ) is "within the month before each
//! full year of residence". Periods are counted as the 民法典 counts them:
//!
//! - art. 201: the day a period starts is not counted;
//! - art. 202: a period of years or months ends on the corresponding day of the last month,
//!   or on that month's last day when it has none (29 February falls on 28 February in a
//!   common year).
//!
//! So year `n` of residence ends on its anniversary, the start date plus `n` years, and that
//! anniversary is the **deadline**: the last day to endorse. The window is the month that ends
//! on it (from the day after "anniversary minus one month"). A permit not endorsed by the
//! deadline is suspended (使用功能中止) from the day after.
//!
//! Years count from the issue date. A late endorsement restores the permit and, by art. 13,
//! continuous residence years count again **from the day of that endorsement**: the next
//! anniversary is one year after it. So a suspension never snowballs into several
//! endorsements, and the window does not reopen the day a late endorsement completes.

use crate::calendar::{anniversary, sub_months};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many days before the deadline the second reminder goes out.
pub const LATE_REMINDER_DAYS: i64 = 7;

/// The endorsement record of one permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub issued_on: NaiveDate,
    /// Endorsements so far, on time or late (0 for a permit in its first year).
    pub years_endorsed: u32,
    /// The day continuous residence years count from: the issue date, or the day of the last
    /// late endorsement.
    pub counts_from: NaiveDate,
    /// Endorsements on time since `counts_from`.
    pub years_counted: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EndorsementState {
    /// Valid; the next window opens on `window_opens`.
    Valid { window_opens: NaiveDate, deadline: NaiveDate },
    /// The window is open: endorse by `deadline` (inclusive); `days_left` counts today.
    WindowOpen { deadline: NaiveDate, days_left: i64 },
    /// Not endorsed in time: suspended since `since` (the day after the deadline) until endorsed.
    Suspended { since: NaiveDate },
}

/// One of the days the holder is told something about the endorsement, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reminder {
    /// The window opened.
    WindowOpens,
    /// A week is left.
    WeekLeft,
    /// The deadline passed: the permit is suspended from today.
    Suspended,
}

impl Schedule {
    /// A permit issued on `issued_on`, never endorsed.
    pub fn new(issued_on: NaiveDate) -> Self {
        Self { issued_on, years_endorsed: 0, counts_from: issued_on, years_counted: 0 }
    }

    /// The `n`th anniversary of the day years count from.
    fn anniversary(&self, n: u32) -> NaiveDate {
        anniversary(self.counts_from, n)
    }

    /// The anniversary the next endorsement is for.
    pub fn next_anniversary(&self) -> NaiveDate {
        self.anniversary(self.years_counted + 1)
    }

    /// The last day to endorse without suspension: the anniversary itself (民法典 art. 202).
    pub fn deadline(&self) -> NaiveDate {
        self.next_anniversary()
    }

    /// The first day of the month that ends on the deadline.
    pub fn window_opens(&self) -> NaiveDate {
        sub_months(self.deadline(), 1) + Duration::days(1)
    }

    /// The first day of suspension if not endorsed: the day after the deadline.
    pub fn suspended_from(&self) -> NaiveDate {
        self.deadline() + Duration::days(1)
    }

    /// The days the holder is told: when the window opens, a week before the deadline, and
    /// the day the permit is suspended if it was not endorsed.
    pub fn reminders(&self) -> [(Reminder, NaiveDate); 3] {
        let week_left = (self.deadline() - Duration::days(LATE_REMINDER_DAYS)).max(self.window_opens());
        [
            (Reminder::WindowOpens, self.window_opens()),
            (Reminder::WeekLeft, week_left),
            (Reminder::Suspended, self.suspended_from()),
        ]
    }

    /// The reminder due by `today` that was not yet sent, if any: the latest one due, so a
    /// holder who was away is told where things stand, not the whole history.
    pub fn reminder_due(&self, today: NaiveDate) -> Option<Reminder> {
        self.reminders().into_iter().filter(|(_, day)| *day <= today).map(|(r, _)| r).last()
    }

    pub fn state(&self, today: NaiveDate) -> EndorsementState {
        let deadline = self.deadline();
        if today > deadline {
            EndorsementState::Suspended { since: self.suspended_from() }
        } else if today >= self.window_opens() {
            EndorsementState::WindowOpen { deadline, days_left: (deadline - today).num_days() + 1 }
        } else {
            EndorsementState::Valid { window_opens: self.window_opens(), deadline }
        }
    }

    /// Whether the holder may endorse today: in the window, or to lift a suspension.
    pub fn can_endorse(&self, today: NaiveDate) -> bool {
        !matches!(self.state(today), EndorsementState::Valid { .. })
    }

    /// The schedule after an endorsement submitted on `submitted_on` (on time is decided by
    /// the day the holder submits, not the day a review finishes). On time, the next year
    /// follows; late, years count again from that day (居住证暂行条例 art. 13).
    pub fn endorse(&self, submitted_on: NaiveDate) -> Option<Self> {
        match self.state(submitted_on) {
            EndorsementState::Valid { .. } => None,
            EndorsementState::WindowOpen { .. } => Some(Self {
                years_endorsed: self.years_endorsed + 1,
                years_counted: self.years_counted + 1,
                ..*self
            }),
            EndorsementState::Suspended { .. } => Some(Self {
                years_endorsed: self.years_endorsed + 1,
                counts_from: submitted_on,
                years_counted: 0,
                ..*self
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EndorsementState::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_deadline_is_the_anniversary_and_suspension_the_day_after() {
        // 民法典 arts. 201-202: issued 15 June 2025, the year ends on 15 June 2026.
        let s = Schedule::new(d(2025, 6, 15));
        assert_eq!(s.state(d(2026, 5, 15)), Valid { window_opens: d(2026, 5, 16), deadline: d(2026, 6, 15) });
        assert_eq!(s.state(d(2026, 5, 16)), WindowOpen { deadline: d(2026, 6, 15), days_left: 31 });
        assert_eq!(s.state(d(2026, 6, 15)), WindowOpen { deadline: d(2026, 6, 15), days_left: 1 });
        assert_eq!(s.state(d(2026, 6, 16)), Suspended { since: d(2026, 6, 16) });
    }

    #[test]
    fn leap_day_issue_dates_end_on_28_february_in_common_years() {
        let s = Schedule::new(d(2024, 2, 29));
        assert_eq!(s.deadline(), d(2025, 2, 28));
        assert_eq!(s.suspended_from(), d(2025, 3, 1));
        assert_eq!(s.window_opens(), d(2025, 1, 29));
        let fourth = Schedule { years_counted: 3, years_endorsed: 3, ..s };
        assert_eq!(fourth.deadline(), d(2028, 2, 29), "counted from the issue date, not year by year");
    }

    #[test]
    fn month_end_anniversaries_open_the_window_after_the_shorter_months_last_day() {
        let s = Schedule::new(d(2025, 3, 31));
        assert_eq!(s.deadline(), d(2026, 3, 31));
        assert_eq!(s.window_opens(), d(2026, 3, 1));
        let s = Schedule::new(d(2025, 1, 31));
        assert_eq!((s.window_opens(), s.deadline()), (d(2026, 1, 1), d(2026, 1, 31)));
    }

    #[test]
    fn endorsing_in_the_window_moves_to_the_next_year() {
        let s = Schedule::new(d(2025, 6, 15));
        assert_eq!(s.endorse(d(2026, 5, 15)), None, "not before the window opens");
        let next = s.endorse(d(2026, 6, 15)).unwrap();
        assert_eq!((next.years_endorsed, next.counts_from), (1, d(2025, 6, 15)));
        assert_eq!(next.state(d(2026, 6, 20)), Valid { window_opens: d(2027, 5, 16), deadline: d(2027, 6, 15) });
    }

    #[test]
    fn a_late_endorsement_restarts_the_count_from_its_day() {
        // Lapsed on 16 June 2026, endorsed eleven months later: the next year ends a year on.
        let s = Schedule::new(d(2025, 6, 15));
        assert_eq!(s.state(d(2027, 5, 16)), Suspended { since: d(2026, 6, 16) });
        let restored = s.endorse(d(2027, 5, 16)).unwrap();
        assert_eq!((restored.years_endorsed, restored.counts_from, restored.years_counted), (1, d(2027, 5, 16), 0));
        assert_eq!(
            restored.state(d(2027, 5, 16)),
            Valid { window_opens: d(2028, 4, 17), deadline: d(2028, 5, 16) },
            "the window does not reopen the day the late endorsement completes"
        );
    }

    #[test]
    fn a_late_endorsement_on_29_february_counts_to_28_february() {
        let s = Schedule::new(d(2022, 6, 1));
        let restored = s.endorse(d(2024, 2, 29)).unwrap();
        assert_eq!(restored.deadline(), d(2025, 2, 28));
        assert_eq!(restored.suspended_from(), d(2025, 3, 1));
    }

    #[test]
    fn on_time_is_decided_by_the_day_of_submission() {
        let s = Schedule::new(d(2025, 6, 15));
        let on_time = s.endorse(d(2026, 6, 15)).unwrap();
        assert_eq!(on_time.counts_from, d(2025, 6, 15), "submitted on the deadline: on time");
        let late = s.endorse(d(2026, 6, 16)).unwrap();
        assert_eq!(late.counts_from, d(2026, 6, 16));
    }

    #[test]
    fn reminders_are_the_opening_a_week_before_and_the_day_of_suspension() {
        let s = Schedule::new(d(2025, 6, 15));
        assert_eq!(
            s.reminders(),
            [
                (Reminder::WindowOpens, d(2026, 5, 16)),
                (Reminder::WeekLeft, d(2026, 6, 8)),
                (Reminder::Suspended, d(2026, 6, 16)),
            ]
        );
        assert_eq!(s.reminder_due(d(2026, 5, 15)), None);
        assert_eq!(s.reminder_due(d(2026, 5, 16)), Some(Reminder::WindowOpens));
        assert_eq!(s.reminder_due(d(2026, 6, 8)), Some(Reminder::WeekLeft));
        assert_eq!(s.reminder_due(d(2026, 6, 15)), Some(Reminder::WeekLeft));
        assert_eq!(s.reminder_due(d(2026, 6, 16)), Some(Reminder::Suspended));
    }

    #[test]
    fn the_week_reminder_is_never_before_the_window_in_february() {
        // A window of 28 days still has its week reminder inside it.
        let s = Schedule::new(d(2025, 2, 28));
        assert_eq!(s.window_opens(), d(2026, 1, 29));
        assert_eq!(s.reminders()[1], (Reminder::WeekLeft, d(2026, 2, 21)));
    }
}
