//! Issue 15: codes, accounts and records hold under attack and under concurrency. Each test
//! is an attack that succeeded against the mock before this issue.

mod common;

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use common::{code, phone_of, TestApp};
use http_body_util::BodyExt;
use serde_json::json;
use std::time::Duration;
use tower::ServiceExt;

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn otp(app: &TestApp, phone: &str) -> String {
    let r = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["demo_code"].as_str().unwrap().to_owned()
}

fn wrong_for(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

async fn try_code(app: &TestApp, phone: &str, code: &str) -> common::Reply {
    app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": code })).await
}

#[tokio::test]
async fn eleven_wrong_codes_over_three_codes_lock_the_phone_even_for_the_right_code() {
    let app = TestApp::demo();
    let phone = phone_of("valid-permit");
    let holder = app.sign_in("valid-permit").await;
    let mut refusals = Vec::new();
    // A fresh code used to give five more tries, forever: now the phone counts them all.
    for round in 0..3 {
        let code = otp(&app, &phone).await;
        let tries = if round < 2 { 4 } else { 3 };
        for _ in 0..tries {
            let r = try_code(&app, &phone, wrong_for(&code)).await;
            refusals.push((r.status, r.body["code"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(refusals.len(), 11);
    assert!(refusals[..9].iter().all(|(s, c)| *s == StatusCode::BAD_REQUEST && c == "otp_wrong"), "{refusals:?}");
    assert_eq!(refusals[9], (StatusCode::TOO_MANY_REQUESTS, "phone_locked".to_owned()), "the tenth wrong code locks");
    assert_eq!(refusals[10].1, "phone_locked");

    // Locked: a new code is not sent, and the right one is refused, with Retry-After.
    let r = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("phone_locked")));
    let code = app.state.store.otp_code(&phone).unwrap().expect("the last code is still stored");
    let r = try_code(&app, &phone, &code).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("phone_locked")));
    let wait: i64 = r.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((DAY_MS / 1000 - 120..=DAY_MS / 1000).contains(&wait), "retry after {wait} s");
    // Device registration needs the same codes: refused too.
    let r = app.post("/api/v1/devices", Some(&holder), json!({ "public_key": valid_public_key(), "otp": code })).await;
    assert_eq!(r.body["code"], "phone_locked");
    // The holder is told.
    assert!(app.message_titles(&holder).await.iter().any(|t| t == "登录已暂时锁定"));
    // Another phone is not affected; 24 hours later the phone works again.
    assert_eq!(app.post("/api/v1/auth/otp", None, json!({ "phone": phone_of("elderly") })).await.status, StatusCode::OK);
    app.state.clock.advance_ms(DAY_MS);
    let code = otp(&app, &phone).await;
    assert_eq!(try_code(&app, &phone, &code).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_device_code_counts_against_the_same_allowance() {
    let app = TestApp::demo();
    let phone = phone_of("endorsement-due");
    let holder = app.sign_in("endorsement-due").await;
    let mut last = String::new();
    for _ in 0..2 {
        let code = app.post("/api/v1/devices/otp", Some(&holder), json!({})).await.body["demo_code"].as_str().unwrap().to_owned();
        for _ in 0..5 {
            last = app
                .post("/api/v1/devices", Some(&holder), json!({ "public_key": valid_public_key(), "otp": wrong_for(&code) }))
                .await
                .body["code"]
                .as_str()
                .unwrap()
                .to_owned();
        }
    }
    assert_eq!(last, "phone_locked");
    let r = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!(r.body["code"], "phone_locked");
}

fn valid_public_key() -> String {
    use base64::Engine;
    let key = p256::ecdsa::SigningKey::from_slice(&[0x31; 32]).unwrap();
    base64::engine::general_purpose::STANDARD.encode(key.verifying_key().to_encoded_point(false).as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_guesses_of_one_code_count_as_twenty() {
    let app = TestApp::demo();
    let phone = phone_of("elderly");
    let code = otp(&app, &phone).await;
    let guesses = (0..20).map(|_| {
        let router = app.router.clone();
        let body = json!({ "phone": phone, "code": wrong_for(&code) }).to_string();
        tokio::spawn(async move {
            let req = Request::post("/api/v1/auth/session").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
            let res = router.oneshot(req).await.unwrap();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["code"].as_str().unwrap().to_owned()
        })
    });
    let mut answers = Vec::new();
    for g in guesses.collect::<Vec<_>>() {
        answers.push(g.await.unwrap());
    }
    let count = |c: &str| answers.iter().filter(|a| *a == c).count();
    // Each guess saw the count the one before left: five wrong tries void the code (the sixth
    // finds it voided, the next ones find none), every guess counts toward the phone's ten,
    // and the tenth and all after it meet the lock.
    assert_eq!(count("otp_wrong"), 5, "{answers:?}");
    assert_eq!(count("otp_expired"), 1, "{answers:?}");
    assert_eq!(count("otp_missing"), 3, "{answers:?}");
    assert_eq!(count("phone_locked"), 11, "{answers:?}");
}

#[tokio::test]
async fn an_unknown_number_is_answered_as_a_known_one_outside_demo_mode() {
    let app = TestApp::with(|c| c.test_mode = true);
    let known = app.post("/api/v1/auth/otp", None, json!({ "phone": phone_of("valid-permit") })).await;
    let unknown = app.post("/api/v1/auth/otp", None, json!({ "phone": "13912345678" })).await;
    assert_eq!((known.status, unknown.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(known.body, unknown.body);
    let r = try_code(&app, "13912345678", "123456").await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("otp_wrong")));
    // Even the code the mock stored cannot sign in to an account that does not exist.
    let stored = app.state.store.otp_code("13912345678").unwrap().unwrap();
    assert_eq!(try_code(&app, "13912345678", &stored).await.body["code"], "otp_wrong");
    // Demo mode lists its personas anyway, and says so.
    let demo = TestApp::demo();
    let r = demo.post("/api/v1/auth/otp", None, json!({ "phone": "13912345678" })).await;
    assert_eq!(r.body["code"], "unknown_phone");
}

#[tokio::test]
async fn sessions_end_after_a_week_idle_and_thirty_days_in_all() {
    let app = TestApp::demo();
    let busy = app.sign_in("valid-permit").await;
    let idle = app.sign_in("elderly").await;
    // Used every six days: alive on day 29, though the other, unused, died on day 7.
    for day in [6, 12, 18, 24, 29] {
        app.state.clock.advance_ms(if day == 29 { 5 } else { 6 } * DAY_MS);
        let r = app.get("/api/v1/me", Some(&busy)).await;
        assert_eq!(r.status, StatusCode::OK, "day {day}: {:?}", r.body);
    }
    let r = app.get("/api/v1/me", Some(&idle)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("session_expired")), "29 days idle");
    app.state.clock.advance_ms(2 * DAY_MS);
    let r = app.get("/api/v1/me", Some(&busy)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("session_expired")), "31 days in use");
    // Gone for good: the same token is unknown now.
    assert_eq!(app.get("/api/v1/me", Some(&busy)).await.body["code"], "unauthorized");

    let fresh = app.sign_in("minor").await;
    app.state.clock.advance_ms(7 * DAY_MS + 1000);
    assert_eq!(app.get("/api/v1/me", Some(&fresh)).await.body["code"], "session_expired", "a week and a second idle");
}

/// Opens the person's event stream with `token` and returns its body after the `ready` event.
async fn open_stream(app: &TestApp, token: &str) -> Body {
    let ticket = app.post("/api/v1/events/ticket", Some(token), json!({})).await;
    assert_eq!(ticket.status, StatusCode::CREATED);
    let uri = format!("/api/v1/events?ticket={}", ticket.body["ticket"].as_str().unwrap());
    let res = app.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: ready"));
    body
}

/// Reads until the stream ends; false if it is still open after `within`.
async fn ends_within(mut body: Body, within: Duration) -> bool {
    tokio::time::timeout(within, async {
        while let Some(frame) = body.frame().await {
            if frame.is_err() {
                break;
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_token_and_closes_every_stream() {
    let app = TestApp::demo();
    let phone_a = app.sign_in("valid-permit").await;
    let phone_b = app.sign_in("valid-permit").await;
    let someone_else = app.sign_in("elderly").await;
    let stream_a = open_stream(&app, &phone_a).await;
    let stream_other = open_stream(&app, &someone_else).await;

    let r = app.call(Method::DELETE, "/api/v1/auth/sessions", Some(&phone_b), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    for t in [&phone_a, &phone_b] {
        assert_eq!(app.get("/api/v1/me", Some(t)).await.status, StatusCode::UNAUTHORIZED);
    }
    assert!(ends_within(stream_a, Duration::from_secs(3)).await, "the signed-out stream closes");
    assert!(!ends_within(stream_other, Duration::from_millis(1500)).await, "another person's stays open");
    assert_eq!(app.get("/api/v1/me", Some(&someone_else)).await.status, StatusCode::OK);
    let again = app.sign_in("valid-permit").await;
    assert!(app.message_titles(&again).await.iter().any(|t| t == "已退出所有设备"));
}

#[tokio::test]
async fn a_stream_closes_when_its_own_session_signs_out_or_expires() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let stream = open_stream(&app, &t).await;
    assert_eq!(app.call(Method::DELETE, "/api/v1/auth/session", Some(&t), None).await.status, StatusCode::NO_CONTENT);
    assert!(ends_within(stream, Duration::from_secs(3)).await);

    let t = app.sign_in("valid-permit").await;
    let stream = open_stream(&app, &t).await;
    app.state.clock.advance_ms(8 * DAY_MS);
    assert!(ends_within(stream, Duration::from_secs(3)).await, "a week idle ends the stream too");
}

#[tokio::test]
async fn a_new_device_can_sign_out_every_other_session() {
    let app = TestApp::demo();
    let phone = phone_of("valid-permit");
    let old_phone = app.sign_in("valid-permit").await;
    let new_phone = app.sign_in("valid-permit").await;
    let code = otp(&app, &phone).await;
    let r = app
        .post("/api/v1/devices", Some(&new_phone), json!({ "public_key": valid_public_key(), "otp": code, "sign_out_others": true }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/me", Some(&old_phone)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", Some(&new_phone)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn codes_dated_at_the_ends_of_time_get_a_verdict() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key, id) = app.register_device(&t, 9).await;
    for (iat, rule) in [(i64::MIN, "expired"), (i64::MIN + 1, "expired"), (-1, "expired"), (i64::MAX, "from_the_future")] {
        let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, iat) })).await;
        assert_eq!((v.status, v.body["rule"].as_str()), (StatusCode::OK, Some(rule)), "iat {iat}");
    }
    let fresh = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(fresh.body["accepted"], true, "the device still works: {:?}", fresh.body);
}

#[tokio::test]
async fn self_tests_are_limited_per_holder_and_every_try_counts() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (key, id) = app.register_device(&t, 3).await;
    for i in 0..5 {
        // Malformed and genuine alike count.
        let text = if i % 2 == 0 { "GDJZZ:NOTACODE".to_owned() } else { code(&key, id, app.now_ms() / 1000) };
        let r = app.post("/api/v1/verifications/self-test", Some(&t), json!({ "code": text })).await;
        assert_eq!(r.status, StatusCode::OK, "try {i}: {:?}", r.body);
    }
    let r = app.post("/api/v1/verifications/self-test", Some(&t), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("self_test_rate_limited")));
    assert!(r.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn the_code_policy_refuses_a_wide_skew() {
    let app = TestApp::demo();
    for skew in [31, 3600, u32::MAX] {
        let r = app.put("/api/v1/test/code-policy", None, json!({ "step_s": 30, "validity_s": 60, "future_skew_s": skew })).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_policy")), "skew {skew}");
    }
    let r = app.put("/api/v1/test/code-policy", None, json!({ "step_s": 30, "validity_s": 60, "future_skew_s": 10 })).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_demo_on_the_lan_has_no_test_endpoints_unless_asked() {
    let lan = TestApp::with(|c| {
        c.demo = true;
        c.test_mode = false;
        c.host = [0, 0, 0, 0].into();
    });
    assert_eq!(lan.post("/api/v1/test/reset", None, json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(lan.post("/api/v1/test/clock", None, json!({ "advance_ms": 1 })).await.status, StatusCode::NOT_FOUND);
    assert_eq!(lan.get("/api/v1/personas", None).await.status, StatusCode::OK, "the demo itself still works");
    let asked = TestApp::with(|c| {
        c.demo = true;
        c.test_mode = true;
        c.host = [0, 0, 0, 0].into();
    });
    assert_eq!(asked.post("/api/v1/test/reset", None, json!({})).await.status, StatusCode::NO_CONTENT);
    let loopback = TestApp::with(|c| {
        c.demo = true;
        c.test_mode = false;
    });
    assert_eq!(loopback.post("/api/v1/test/reset", None, json!({})).await.status, StatusCode::NO_CONTENT);
}

#[test]
fn idle_limiter_keys_are_dropped() {
    // The buckets refill by the mock's clock; stopped, only the test moves it.
    let clock = permit_mock::clock::Clock::default();
    clock.stop();
    let limits = permit_mock::limits::Limits::new(&clock);
    for i in 0..200u8 {
        limits.sign_in_attempt(Some([10, 1, 0, i].into())).unwrap();
        limits.verification(&format!("staff-{i}")).unwrap();
    }
    assert_eq!(limits.tracked_keys(), 400);
    limits.evict_idle();
    assert_eq!(limits.tracked_keys(), 400, "keys just used are kept");
    // A bucket counts as fresh (and is dropped) one refill interval after it is full again:
    // 0.1 s to refill a staff account's token, 0.1 s more; 3 s and 3 s more for an address.
    clock.advance_ms(199);
    limits.evict_idle();
    assert_eq!(limits.tracked_keys(), 400, "not a millisecond early");
    clock.advance_ms(1);
    limits.evict_idle();
    assert_eq!(limits.tracked_keys(), 200, "staff accounts are fresh after 0.2 s; addresses are not");
    clock.advance_ms(5_799);
    limits.evict_idle();
    assert_eq!(limits.tracked_keys(), 200);
    clock.advance_ms(1);
    limits.evict_idle();
    assert_eq!(limits.tracked_keys(), 0, "addresses are fresh after 6 s");
}
