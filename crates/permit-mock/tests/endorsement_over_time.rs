//! The annual endorsement as months pass on the mock's clock, seen through the API alone: a
//! permit issued on a known day, its window, the reminders, the suspension at the counter and
//! a late endorsement that restores it.
//!
//! Every date below is worked out by hand from the rule, not by `permit_core` (居住证暂行条例
//! art. 13, 民法典 arts. 201-202): a year of residence ends on its anniversary, or on the last
//! day of that month when it has no such day; the anniversary is the last day to endorse
//! (the deadline); the window is the month that ends on the deadline; the holder is reminded
//! when it opens and seven days before the deadline; unendorsed, the permit is suspended from
//! the day after; a late endorsement restores it and years count again from its day.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{code, TestApp};
use serde_json::{json, Value};

const HOUR_MS: i64 = 3_600_000;

/// The instant a Guangdong (UTC+8) wall clock shows this date and time, in Unix ms.
fn guangdong_ms(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32, ms: i64) -> i64 {
    let utc_as_if = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, s).unwrap().and_utc().timestamp_millis();
    utc_as_if - 8 * HOUR_MS + ms
}

/// Moves the stopped mock clock to exactly `at_ms`.
async fn go_to(app: &TestApp, at_ms: i64) {
    let by = at_ms - app.now_ms();
    assert!(by >= 0, "the clock is already past the moment this test needs");
    app.advance(by).await;
    assert_eq!(app.now_ms(), at_ms);
}

/// The first millisecond of this day in Guangdong.
async fn day_starts(app: &TestApp, y: i32, m: u32, d: u32) {
    go_to(app, guangdong_ms(y, m, d, 0, 0, 0, 0)).await;
}

/// The last millisecond of this day in Guangdong.
async fn day_ends(app: &TestApp, y: i32, m: u32, d: u32) {
    go_to(app, guangdong_ms(y, m, d, 23, 59, 59, 999)).await;
}

fn count(titles: &[String], title: &str) -> usize {
    titles.iter().filter(|t| *t == title).count()
}

const OPENS: &str = "年度签注已开放";
const WEEK_LEFT: &str = "签注即将截止";
const SUSPENDED: &str = "居住证已中止使用";
const DONE: &str = "签注已完成";

struct Holder<'a> {
    app: &'a TestApp,
    key: p256::ecdsa::SigningKey,
    device: [u8; 8],
}

impl Holder<'_> {
    /// A session after time has passed (sessions end after a week idle).
    async fn session(&self) -> String {
        self.app.sign_in("eligible-data-ok").await
    }

    async fn permit(&self, t: &str) -> Value {
        let r = self.app.get("/api/v1/permit", Some(t)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body
    }

    async fn endorsement(&self, t: &str) -> Value {
        let r = self.app.get("/api/v1/endorsement", Some(t)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body
    }

    /// The verdict of a counter reading the phone's code of this second.
    async fn at_the_counter(&self) -> Value {
        let staff = self.app.sign_in_staff("staff-police").await;
        let now_s = self.app.now_ms() / 1000;
        let v = self.app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&self.key, self.device, now_s) })).await;
        assert_eq!(v.status, StatusCode::OK, "{:?}", v.body);
        v.body
    }
}

/// A permit issued on 29 February 2048 (a leap day) through an application, then every step
/// of its first year and a late endorsement, to the day and to the millisecond.
///
/// Worked out by hand:
/// - issued 2048-02-29; its first year ends on 2049-02-28 (2049 has no 29 February), the
///   deadline;
/// - the window is the month ending on it: one month back is 2049-01-28, so it opens on
///   2049-01-29 with 31 days left (3 in January, 28 in February);
/// - the week reminder is 2049-02-28 minus 7 days, 2049-02-21, with 8 days left;
/// - suspended from 2049-03-01;
/// - endorsed late on 2050-01-31, eleven months on: years count from 2050-01-31, the next
///   deadline is 2051-01-31, its window opens the day after 2050-12-31, on 2051-01-01; the
///   week reminder is 2051-01-24; suspension would come on 2051-02-01.
#[tokio::test]
async fn a_permit_year_from_issue_to_a_late_endorsement_on_hand_worked_dates() {
    let app = TestApp::demo();
    app.stop_clock();

    // 29 February 2048, ten in the morning: the application is approved the same day.
    go_to(&app, guangdong_ms(2048, 2, 29, 10, 0, 0, 0)).await;
    let t = app.sign_in("eligible-data-ok").await;
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::CREATED, Some("under_review")), "{:?}", r.body);
    app.advance(21_000).await;
    let (key, device) = app.register_device(&t, 11).await;
    let holder = Holder { app: &app, key, device };

    let permit = holder.permit(&t).await;
    assert_eq!(permit["status"], "valid");
    assert_eq!((permit["issued_on"].as_str(), permit["counts_from"].as_str()), (Some("2048-02-29"), Some("2048-02-29")));
    assert_eq!((permit["years_endorsed"].as_u64(), permit["years_counted"].as_u64()), (Some(0), Some(0)));
    let s = holder.endorsement(&t).await;
    assert_eq!(s["state"], json!({ "state": "valid", "window_opens": "2049-01-29", "deadline": "2049-02-28" }));
    assert_eq!((s["deadline"].as_str(), s["next_anniversary"].as_str()), (Some("2049-02-28"), Some("2049-02-28")));
    assert_eq!(s["reminders"], json!(["2049-01-29", "2049-02-21", "2049-03-01"]));
    assert_eq!(s["can_endorse"], false);
    let early = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!((early.status, early.body["code"].as_str()), (StatusCode::CONFLICT, Some("endorsement_window_closed")));

    // The last moment before the window: nothing yet.
    day_ends(&app, 2049, 1, 28).await;
    let t = holder.session().await;
    assert_eq!(holder.permit(&t).await["status"], "valid");
    assert_eq!(count(&app.message_titles(&t).await, OPENS), 0, "not before 29 January");
    let early = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!(early.body["code"], "endorsement_window_closed", "the window is not open on 28 January");

    // The window opens on 29 January: the holder is told, once.
    day_starts(&app, 2049, 1, 29).await;
    assert_eq!(count(&app.message_titles(&t).await, OPENS), 1);
    assert_eq!(holder.permit(&t).await["status"], "endorsement_due");
    let s = holder.endorsement(&t).await;
    assert_eq!(s["state"], json!({ "state": "window_open", "deadline": "2049-02-28", "days_left": 31 }));
    assert_eq!(s["can_endorse"], true);
    assert_eq!(holder.at_the_counter().await["accepted"], true, "a permit due for endorsement is still valid at the counter");
    app.advance(60_000).await;
    assert_eq!(count(&app.message_titles(&t).await, OPENS), 1, "not told again");

    // A week before the deadline: 21 February, not the day before.
    day_ends(&app, 2049, 2, 20).await;
    let t = holder.session().await;
    assert_eq!(count(&app.message_titles(&t).await, WEEK_LEFT), 0, "not on 20 February");
    day_starts(&app, 2049, 2, 21).await;
    let titles = app.message_titles(&t).await;
    assert_eq!((count(&titles, WEEK_LEFT), count(&titles, OPENS)), (1, 1), "{titles:?}");
    assert_eq!(holder.endorsement(&t).await["state"]["days_left"], 8);

    // The deadline day is still on time, to its last millisecond.
    day_ends(&app, 2049, 2, 28).await;
    let t = holder.session().await;
    assert_eq!(holder.permit(&t).await["status"], "endorsement_due");
    assert_eq!(holder.endorsement(&t).await["state"], json!({ "state": "window_open", "deadline": "2049-02-28", "days_left": 1 }));
    assert_eq!(count(&app.message_titles(&t).await, SUSPENDED), 0);

    // 1 March: suspended, told once, and refused at the counter for that reason.
    day_starts(&app, 2049, 3, 1).await;
    let permit = holder.permit(&t).await;
    assert_eq!(permit["status"], "suspended");
    assert_eq!(permit["endorsement"], json!({ "state": "suspended", "since": "2049-03-01" }));
    let titles = app.message_titles(&t).await;
    assert_eq!((count(&titles, SUSPENDED), count(&titles, WEEK_LEFT), count(&titles, OPENS)), (1, 1, 1), "{titles:?}");
    let v = holder.at_the_counter().await;
    assert_eq!((v["accepted"].as_bool(), v["rule"].as_str()), (Some(false), Some("permit_suspended")), "{v:?}");
    assert_eq!((v["permit"]["name"].as_str(), v["permit"]["status"].as_str()), (Some("刘建国"), Some("suspended")));

    // Eleven months on it is still suspended, and nothing more was said.
    go_to(&app, guangdong_ms(2050, 1, 31, 9, 30, 0, 0)).await;
    let t = holder.session().await;
    assert_eq!(holder.permit(&t).await["status"], "suspended");
    let before = app.message_titles(&t).await;
    assert_eq!((count(&before, SUSPENDED), count(&before, OPENS)), (1, 1), "{before:?}");
    assert_eq!(holder.endorsement(&t).await["can_endorse"], true, "a suspension can be lifted any day");

    // The late endorsement: valid again, years count again from today.
    let r = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["state"], json!({ "state": "valid", "window_opens": "2051-01-01", "deadline": "2051-01-31" }));
    assert_eq!((r.body["counts_from"].as_str(), r.body["deadline"].as_str()), (Some("2050-01-31"), Some("2051-01-31")));
    assert_eq!(r.body["reminders"], json!(["2051-01-01", "2051-01-24", "2051-02-01"]));
    let permit = holder.permit(&t).await;
    assert_eq!(permit["status"], "valid");
    assert_eq!((permit["issued_on"].as_str(), permit["counts_from"].as_str()), (Some("2048-02-29"), Some("2050-01-31")));
    assert_eq!((permit["years_endorsed"].as_u64(), permit["years_counted"].as_u64()), (Some(1), Some(0)));
    assert_eq!(holder.at_the_counter().await["accepted"], true, "valid again at the counter");
    app.advance(60_000).await;
    let titles = app.message_titles(&t).await;
    let done = titles.iter().position(|m| m == DONE).expect("told it is done");
    assert!(!titles[..done].iter().any(|m| m == OPENS), "the window reopened at once: {titles:?}");
    assert_eq!(count(&titles, OPENS), 1, "{titles:?}");

    // The next window opens a year after the late endorsement, not a year after the issue.
    day_ends(&app, 2050, 12, 31).await;
    let t = holder.session().await;
    assert_eq!(count(&app.message_titles(&t).await, OPENS), 1, "not before 1 January 2051");
    assert_eq!(holder.permit(&t).await["status"], "valid");
    day_starts(&app, 2051, 1, 1).await;
    assert_eq!(count(&app.message_titles(&t).await, OPENS), 2);
    assert_eq!(holder.endorsement(&t).await["state"], json!({ "state": "window_open", "deadline": "2051-01-31", "days_left": 31 }));
}
