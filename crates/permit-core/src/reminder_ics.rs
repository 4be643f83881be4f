//! The endorsement deadline as a calendar file (RFC 5545), so the holder's own calendar app
//! reminds them: an all-day event on the last day, with alarms when the window opens and a
//! week before the deadline.

use crate::endorsement::{Schedule, LATE_REMINDER_DAYS};
use chrono::{Duration, NaiveDate};

/// Escapes text for an iCalendar TEXT value.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

fn date(d: NaiveDate) -> String {
    crate::date_text::compact_date(d)
}

/// The file for the next endorsement of `schedule`. `permit_number` makes the event's UID
/// stable, so importing it twice updates rather than duplicates. `stamp` is UTC, e.g.
/// `20261125T080000Z`.
pub fn endorsement_deadline(schedule: &Schedule, permit_number: &str, title: &str, description: &str, stamp: &str) -> String {
    let deadline = schedule.deadline();
    let opens = schedule.window_opens();
    let days_before_open = (deadline - opens).num_days();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//gd-epermit//endorsement//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:endorsement-{}-{}@gd-epermit", escape(permit_number), schedule.years_endorsed + 1),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", date(deadline)),
        format!("DTEND;VALUE=DATE:{}", date(deadline + Duration::days(1))),
        format!("SUMMARY:{}", escape(title)),
        format!("DESCRIPTION:{}", escape(description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(title)),
        format!("TRIGGER:-P{days_before_open}D"),
        "END:VALARM".to_owned(),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(title)),
        format!("TRIGGER:-P{LATE_REMINDER_DAYS}D"),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = lines.join("\r\n");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_is_the_deadline_with_alarms_at_the_window_and_a_week_before() {
        let s = Schedule::new(NaiveDate::from_ymd_opt(2025, 6, 15).unwrap());
        let ics = endorsement_deadline(&s, "4401,23", "居住证签注截止", "请在今天前办理签注;逾期中止", "20261125T080000Z");
        assert!(ics.contains("DTSTART;VALUE=DATE:20260615\r\n"), "the anniversary is the last day");
        assert!(ics.contains("DTEND;VALUE=DATE:20260616\r\n"));
        assert!(ics.contains("TRIGGER:-P30D\r\n"), "the window opens 16 May, 30 days before 15 June");
        assert!(ics.contains("TRIGGER:-P7D\r\n"));
        assert!(ics.contains("UID:endorsement-4401\\,23-1@gd-epermit"));
        assert!(ics.contains("DESCRIPTION:请在今天前办理签注\\;逾期中止"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.lines().all(|l| !l.is_empty()));
    }
}
