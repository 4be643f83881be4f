//! Abuse limits answer 429 with Retry-After; every response carries the security headers.

mod common;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use common::{code, phone_of, TestApp};
use serde_json::json;

fn otp_request_from(ip: [u8; 4], phone: &str) -> Request<Body> {
    let mut request = Request::post("/api/v1/auth/otp")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "phone": phone }).to_string()))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
    request
}

#[tokio::test]
async fn one_time_codes_are_limited_per_phone_with_retry_after() {
    let app = TestApp::demo();
    let phone = phone_of("elderly");
    for _ in 0..5 {
        assert_eq!(app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await.status, StatusCode::OK);
    }
    let refused = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited")));
    let wait: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "retry after {wait} s");
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

#[tokio::test]
async fn verification_is_limited_per_staff_account() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (_key, id) = app.register_device(&t, &phone_of("valid-permit"), 4).await;
    let staff = app.sign_in_staff("staff-police").await;
    // A code in the right format and version for this device, signed with another key: it
    // reaches the signature check and fails there.
    let other = p256::ecdsa::SigningKey::from_slice(&[0x55u8; 32]).unwrap();
    let forged = code(&other, id, app.now_ms() / 1000);
    let first = app.post("/api/v1/verifications", Some(&staff), json!({ "code": forged })).await;
    assert_eq!((first.body["accepted"].as_bool(), first.body["rule"].as_str()), (Some(false), Some("forged")), "{:?}", first.body);
    let mut refused = None;
    for i in 1..40 {
        let res = app.post("/api/v1/verifications", Some(&staff), json!({ "code": forged })).await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((i, res));
            break;
        }
    }
    let (after, res) = refused.expect("a burst of forged codes is cut off");
    assert!(after >= 30, "honest bursts pass: cut off after {after}");
    assert_eq!(res.body["code"], "verify_rate_limited");
    assert!(res.headers.contains_key("retry-after"));
    let other = app.sign_in_staff("staff-school").await;
    let res = app.post("/api/v1/verifications", Some(&other), json!({ "code": forged })).await;
    assert_eq!(res.status, StatusCode::OK, "another counter is not affected");
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
