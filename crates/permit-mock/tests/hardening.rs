//! Abuse limits answer 429 with Retry-After and refill at their documented rates (by the
//! mock's clock, stopped so that a refill is reached to the millisecond); every response
//! carries the security headers.

mod common;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use common::{code, phone_of, TestApp};
use serde_json::json;

fn otp_request_from(ip: [u8; 4], phone: &str) -> Request<Body> {
    post_from(ip, "/api/v1/auth/otp", json!({ "phone": phone }))
}

/// A JSON POST from this client address.
fn post_from(ip: [u8; 4], path: &str, body: serde_json::Value) -> Request<Body> {
    let mut request = Request::post(path).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
    request
}

/// The status, problem code and Retry-After seconds of a reply.
fn outcome(r: &common::Reply) -> (StatusCode, Option<&str>, Option<u64>) {
    let retry_after = r.headers.get("retry-after").map(|v| v.to_str().unwrap().parse().unwrap());
    (r.status, r.body["code"].as_str(), retry_after)
}

#[tokio::test]
async fn one_time_codes_are_limited_per_phone_with_retry_after() {
    let app = TestApp::demo();
    app.stop_clock();
    let phone = phone_of("elderly");
    for _ in 0..5 {
        assert_eq!(app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await.status, StatusCode::OK);
    }
    let refused = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!(outcome(&refused), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited"), Some(30)));
    // Another phone is not affected; the test reset forgets the limits.
    assert_eq!(app.post("/api/v1/auth/otp", None, json!({ "phone": phone_of("minor") })).await.status, StatusCode::OK);
    app.post("/api/v1/test/reset", None, json!({})).await;
    assert_eq!(app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await.status, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_requests_are_limited_per_client_address() {
    let app = TestApp::demo();
    let phones: Vec<String> = ["valid-permit", "endorsement-due", "suspended", "elderly", "minor"].iter().map(|l| phone_of(l)).collect();
    for i in 0..20 {
        let res = app.send(otp_request_from([10, 0, 0, 7], &phones[i % phones.len()])).await;
        assert_eq!(res.status, StatusCode::OK, "request {i}: {:?}", res.body);
    }
    let refused = app.send(otp_request_from([10, 0, 0, 7], &phones[0])).await;
    assert_eq!(refused.body["code"], "client_rate_limited");
    assert!(refused.headers.contains_key("retry-after"));
    let other = app.send(otp_request_from([10, 0, 0, 8], &phone_of("too-recent"))).await;
    assert_eq!(other.status, StatusCode::OK, "another address is not affected");
}

/// Behind nginx every connection comes from loopback; with `--behind-proxy` the proxy's
/// `X-Real-IP` names the client, and only a loopback peer is believed.
#[tokio::test]
async fn behind_a_proxy_the_limit_counts_the_address_the_proxy_names() {
    let app = TestApp::with(|c| {
        c.demo = true;
        c.behind_proxy = true;
    });
    let phones: Vec<String> = ["valid-permit", "endorsement-due", "suspended", "elderly", "minor"].iter().map(|l| phone_of(l)).collect();
    let via_proxy = |client: &str, phone: &str| {
        let mut r = otp_request_from([127, 0, 0, 1], phone);
        r.headers_mut().insert("x-real-ip", client.parse().unwrap());
        r
    };
    for i in 0..20 {
        assert_eq!(app.send(via_proxy("203.0.113.5", &phones[i % phones.len()])).await.status, StatusCode::OK, "request {i}");
    }
    assert_eq!(app.send(via_proxy("203.0.113.5", &phones[0])).await.body["code"], "client_rate_limited");
    let other = app.send(via_proxy("203.0.113.6", &phone_of("too-recent"))).await;
    assert_eq!(other.status, StatusCode::OK, "another client behind the same proxy is not affected");

    // A remote peer cannot choose its address with the header.
    for i in 0..20 {
        let mut r = otp_request_from([198, 51, 100, 9], &phones[i % phones.len()]);
        r.headers_mut().insert("x-real-ip", format!("192.0.2.{i}").parse().unwrap());
        app.send(r).await;
    }
    let mut r = otp_request_from([198, 51, 100, 9], &phones[1]);
    r.headers_mut().insert("x-real-ip", "192.0.2.200".parse().unwrap());
    assert_eq!(app.send(r).await.body["code"], "client_rate_limited");
}

#[tokio::test]
async fn wrong_codes_lock_after_five_tries() {
    let app = TestApp::demo();
    let phone = phone_of("valid-permit");
    let issued = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    let right = issued.body["demo_code"].as_str().unwrap().to_owned();
    let wrong = if right == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let res = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": wrong })).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    let res = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": right })).await;
    assert_eq!(res.body["code"], "otp_expired", "the right code no longer works after five wrong ones");
}

/// Code verifications: 30 at once, then 10 a second (one every 100 ms) per staff account.
#[tokio::test]
async fn verification_is_limited_per_staff_account_and_refills_ten_a_second() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (_key, id) = app.register_device(&t, 4).await;
    let staff = app.sign_in_staff("staff-police").await;
    app.stop_clock();
    // A code in the right format and version for this device, signed with another key: it
    // reaches the signature check and fails there.
    let other = p256::ecdsa::SigningKey::from_slice(&[0x55u8; 32]).unwrap();
    let forged = code(&other, id, app.now_ms() / 1000);
    let verify = |who: &str| {
        let who = who.to_owned();
        let forged = forged.clone();
        let app = &app;
        async move { app.post("/api/v1/verifications", Some(&who), json!({ "code": forged })).await }
    };
    for i in 0..30 {
        let r = verify(&staff).await;
        assert_eq!((r.status, r.body["rule"].as_str()), (StatusCode::OK, Some("forged")), "reading {i}: {:?}", r.body);
    }
    let refused = verify(&staff).await;
    assert_eq!(outcome(&refused), (StatusCode::TOO_MANY_REQUESTS, Some("verify_rate_limited"), Some(1)), "the 31st at once");
    let other_counter = app.sign_in_staff("staff-school").await;
    assert_eq!(verify(&other_counter).await.status, StatusCode::OK, "another counter is not affected");

    // One more reading each 100 ms, not a millisecond sooner.
    for _ in 0..3 {
        app.advance(99).await;
        assert_eq!(outcome(&verify(&staff).await), (StatusCode::TOO_MANY_REQUESTS, Some("verify_rate_limited"), Some(1)));
        app.advance(1).await;
        assert_eq!(verify(&staff).await.status, StatusCode::OK);
        assert_eq!(verify(&staff).await.status, StatusCode::TOO_MANY_REQUESTS, "only one");
    }
    // Three seconds idle refill 30: a full burst again, and no more.
    app.advance(3_000).await;
    for i in 0..30 {
        assert_eq!(verify(&staff).await.status, StatusCode::OK, "reading {i} after the refill");
    }
    assert_eq!(verify(&staff).await.status, StatusCode::TOO_MANY_REQUESTS);
}

/// One-time codes per phone: 5 at once, then one every 30 s. A code to switch on a device
/// counts the same.
#[tokio::test]
async fn the_per_phone_code_limit_refills_one_code_every_thirty_seconds() {
    let app = TestApp::demo();
    app.stop_clock();
    let phone = phone_of("elderly");
    let holder = app.sign_in("elderly").await;
    let ask = || async { app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await };
    let ask_for_device = || async { app.post("/api/v1/devices/otp", Some(&holder), json!({})).await };
    for _ in 0..3 {
        assert_eq!(ask().await.status, StatusCode::OK);
    }
    assert_eq!(ask_for_device().await.status, StatusCode::OK, "the fifth code of the burst (sign-in took one)");
    assert_eq!(outcome(&ask().await), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited"), Some(30)));

    for _ in 0..2 {
        app.advance(29_999).await;
        assert_eq!(outcome(&ask().await), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited"), Some(1)), "a millisecond early");
        app.advance(1).await;
        assert_eq!(ask().await.status, StatusCode::OK, "30 s after");
        assert_eq!(outcome(&ask().await), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited"), Some(30)), "only one");
    }
    app.advance(30_000).await;
    let device = ask_for_device().await;
    assert_eq!(device.status, StatusCode::OK, "{:?}", device.body);
    assert_eq!(outcome(&ask_for_device().await), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited"), Some(30)));
}

/// Code requests and sign-in attempts per client address: 20 at once, then one every 3 s.
#[tokio::test]
async fn the_per_address_sign_in_limit_refills_one_request_every_three_seconds() {
    let app = TestApp::demo();
    app.stop_clock();
    let ip = [10, 0, 0, 9];
    // Four codes each for five phones: under each phone's own limit of five.
    let phones: Vec<String> = ["valid-permit", "endorsement-due", "suspended", "elderly", "minor"].iter().map(|l| phone_of(l)).collect();
    for i in 0..20 {
        let r = app.send(otp_request_from(ip, &phones[i % 5])).await;
        assert_eq!(r.status, StatusCode::OK, "request {i}: {:?}", r.body);
    }
    let refused = app.send(otp_request_from(ip, &phones[0])).await;
    assert_eq!(outcome(&refused), (StatusCode::TOO_MANY_REQUESTS, Some("client_rate_limited"), Some(3)));

    app.advance(2_999).await;
    let early = app.send(otp_request_from(ip, &phones[0])).await;
    assert_eq!(outcome(&early), (StatusCode::TOO_MANY_REQUESTS, Some("client_rate_limited"), Some(1)), "a millisecond early");
    app.advance(1).await;
    assert_eq!(app.send(otp_request_from(ip, &phones[0])).await.status, StatusCode::OK, "3 s after");
    assert_eq!(outcome(&app.send(otp_request_from(ip, &phones[1])).await), (StatusCode::TOO_MANY_REQUESTS, Some("client_rate_limited"), Some(3)));

    // A code typed in takes from the same bucket: the next token, 3 s on, lets one attempt
    // through (a wrong code, answered as such), and the request after it is refused.
    app.advance(2_999).await;
    let early = app.send(post_from(ip, "/api/v1/auth/session", json!({ "phone": phones[1], "code": "not-a-code" }))).await;
    assert_eq!(outcome(&early), (StatusCode::TOO_MANY_REQUESTS, Some("client_rate_limited"), Some(1)));
    app.advance(1).await;
    let attempt = app.send(post_from(ip, "/api/v1/auth/session", json!({ "phone": phones[1], "code": "not-a-code" }))).await;
    assert_eq!((attempt.status, attempt.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("otp_wrong")), "{:?}", attempt.body);
    assert_eq!(outcome(&app.send(otp_request_from(ip, &phones[1])).await), (StatusCode::TOO_MANY_REQUESTS, Some("client_rate_limited"), Some(3)));
}

/// A holder's self-tests: 5 at once, then one every 10 s.
#[tokio::test]
async fn the_self_test_limit_refills_one_try_every_ten_seconds() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    app.stop_clock();
    let try_once = || async { app.post("/api/v1/verifications/self-test", Some(&t), json!({ "code": "GDJZZ:NOTACODE" })).await };
    for i in 0..5 {
        let r = try_once().await;
        assert_eq!((r.status, r.body["rule"].as_str()), (StatusCode::OK, Some("malformed")), "try {i}: {:?}", r.body);
    }
    assert_eq!(outcome(&try_once().await), (StatusCode::TOO_MANY_REQUESTS, Some("self_test_rate_limited"), Some(10)));
    for _ in 0..2 {
        app.advance(9_999).await;
        assert_eq!(outcome(&try_once().await), (StatusCode::TOO_MANY_REQUESTS, Some("self_test_rate_limited"), Some(1)), "a millisecond early");
        app.advance(1).await;
        assert_eq!(try_once().await.status, StatusCode::OK, "10 s after");
        assert_eq!(outcome(&try_once().await), (StatusCode::TOO_MANY_REQUESTS, Some("self_test_rate_limited"), Some(10)), "only one");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::demo();
    for (path, status) in [("/api/v1/health", StatusCode::OK), ("/api/v1/nope", StatusCode::NOT_FOUND), ("/api/v1/me", StatusCode::UNAUTHORIZED)] {
        let res = app.get(path, None).await;
        assert_eq!(res.status, status, "{path}");
        let h = &res.headers;
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h["permissions-policy"].to_str().unwrap().contains("camera=(self)"), "{path}");
        assert!(h["permissions-policy"].to_str().unwrap().contains("microphone=()"), "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
    }
}
