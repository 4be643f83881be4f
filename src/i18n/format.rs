//! Dates, times and money as each language writes them. Times are Guangdong's (China
//! Standard Time) whatever the phone's zone: every deadline and reading is a Guangdong one.

use super::Locale;
use chrono::NaiveDate;
use permit_core::{calendar::local_time_ms, date_text};

/// `2027年4月10日` or `10 Apr 2027`.
pub fn date(date: NaiveDate, locale: Locale) -> String {
    locale.date(date)
}

/// A moment (Unix milliseconds) to the minute, or to the second with `seconds`:
/// `2026年11月26日 03:38` or `26 Nov 2026, 03:38`.
pub fn date_time(ms: i64, locale: Locale, seconds: bool) -> String {
    let at = local_time_ms(ms);
    let time = date_text::time_of_day(at, seconds);
    match locale {
        Locale::Zh => format!("{} {time}", date_text::date_zh(at.date())),
        Locale::En => format!("{}, {time}", date_text::date_en(at.date())),
    }
}

/// A fee in whole yuan: `20元` or `CNY 20`; nothing to pay is said in words by the caller.
pub fn money(yuan: u32, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!("{yuan}元"),
        Locale::En => format!("CNY {yuan}"),
    }
}

/// Years of continuous residence: `2 年` or `2 years`.
pub fn years(n: u32, locale: Locale) -> String {
    match (locale, n) {
        (Locale::Zh, _) => format!("{n} 年"),
        (Locale::En, 1) => "1 year".to_owned(),
        (Locale::En, _) => format!("{n} years"),
    }
}
