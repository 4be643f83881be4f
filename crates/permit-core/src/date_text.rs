//! Dates and times written out field by field. chrono's `format` is a strftime engine that
//! brings its parser of format strings and a Unicode case table into the app's first
//! download (about 12 KB); the few shapes the product writes are spelled out here instead.
//! Times are given already in the zone they are to be read in.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `2027年4月10日`
pub fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `10 Apr 2027`
pub fn date_en(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS_EN[d.month0() as usize], d.year())
}

/// `03:38`, or `03:38:05` with `seconds`.
pub fn time_of_day(t: NaiveDateTime, seconds: bool) -> String {
    if seconds {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    } else {
        format!("{:02}:{:02}", t.hour(), t.minute())
    }
}

/// `2026-11-26 03:38:05`
pub fn iso_date_time(t: NaiveDateTime) -> String {
    format!("{:04}-{:02}-{:02} {}", t.year(), t.month(), t.day(), time_of_day(t, true))
}

/// `20270410`, an iCalendar DATE (RFC 5545 §3.3.4).
pub fn compact_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `20261125T080000Z` for a UTC time, an iCalendar DATE-TIME (RFC 5545 §3.3.5).
pub fn compact_utc(t: NaiveDateTime) -> String {
    format!("{}T{:02}{:02}{:02}Z", compact_date(t.date()), t.hour(), t.minute(), t.second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, s).unwrap()
    }

    /// Each shape against chrono's own format string for it, over every day of a leap year
    /// and a sample of times: the hand-written text must be what `format` would have printed.
    #[test]
    fn each_shape_is_what_chrono_would_print() {
        let mut d = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
        while d.year() == 2028 {
            assert_eq!(date_zh(d), d.format("%Y年%-m月%-d日").to_string());
            assert_eq!(date_en(d), d.format("%-d %b %Y").to_string());
            assert_eq!(compact_date(d), d.format("%Y%m%d").to_string());
            let t = d.and_hms_opt(d.ordinal() % 24, d.ordinal() % 60, (d.ordinal() * 7) % 60).unwrap();
            assert_eq!(time_of_day(t, false), t.format("%H:%M").to_string());
            assert_eq!(time_of_day(t, true), t.format("%H:%M:%S").to_string());
            assert_eq!(iso_date_time(t), t.format("%Y-%m-%d %H:%M:%S").to_string());
            assert_eq!(compact_utc(t), t.format("%Y%m%dT%H%M%SZ").to_string());
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn literal_examples() {
        let t = at(2028, 2, 29, 0, 5, 9);
        assert_eq!(date_zh(t.date()), "2028年2月29日");
        assert_eq!(date_en(t.date()), "29 Feb 2028");
        assert_eq!(iso_date_time(t), "2028-02-29 00:05:09");
        assert_eq!(compact_utc(t), "20280229T000509Z");
        assert_eq!(compact_date(at(2026, 12, 31, 23, 59, 59).date()), "20261231");
    }
}
