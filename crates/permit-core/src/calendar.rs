//! Dates as residents and offices see them: Guangdong keeps China Standard Time (UTC+8, no
//! daylight saving since 1991), so a fixed offset gives the official date of any instant.

use chrono::{DateTime, FixedOffset, Months, NaiveDate, Utc};

const CST_OFFSET_S: i32 = 8 * 3600;

pub fn china_standard_time() -> FixedOffset {
    FixedOffset::east_opt(CST_OFFSET_S).expect("UTC+8 is a valid offset")
}

/// The date in Guangdong at this instant.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&china_standard_time()).date_naive()
}

/// The date in Guangdong at this Unix time in milliseconds.
pub fn local_date_ms(unix_ms: i64) -> NaiveDate {
    local_date(DateTime::from_timestamp_millis(unix_ms).unwrap_or_default())
}

/// The wall-clock time in Guangdong at this Unix time in milliseconds.
pub fn local_time_ms(unix_ms: i64) -> chrono::NaiveDateTime {
    DateTime::from_timestamp_millis(unix_ms).unwrap_or_default().with_timezone(&china_standard_time()).naive_local()
}

/// `date` plus whole months; a day past the end of the target month becomes its last day
/// (31 March + 1 month = 30 April; 29 February + 12 months = 28 February).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// The `n`th anniversary of `date`: the end of a period of `n` years (民法典 art. 202).
pub fn anniversary(date: NaiveDate, n: u32) -> NaiveDate {
    add_months(date, n.saturating_mul(12))
}

/// `date` minus whole months, clamped to month ends the same way.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn local_date_turns_at_midnight_in_guangdong_not_utc() {
        let utc_evening = DateTime::parse_from_rfc3339("2026-03-01T15:59:59Z").unwrap().to_utc();
        assert_eq!(local_date(utc_evening), d(2026, 3, 1));
        let utc_later = DateTime::parse_from_rfc3339("2026-03-01T16:00:00Z").unwrap().to_utc();
        assert_eq!(local_date(utc_later), d(2026, 3, 2));
    }

    #[test]
    fn month_arithmetic_clamps_to_month_ends() {
        assert_eq!(add_months(d(2026, 8, 31), 6), d(2027, 2, 28));
        assert_eq!(add_months(d(2027, 8, 31), 6), d(2028, 2, 29));
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(sub_months(d(2026, 3, 31), 1), d(2026, 2, 28));
    }
}
