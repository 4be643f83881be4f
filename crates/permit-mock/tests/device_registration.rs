//! Switching the permit on on a phone, as the app does it: `POST /devices/otp` sends a
//! one-time code to the phone in the holder's hand, `POST /devices` registers the phone's key
//! with it. The code must be right, fresh (five minutes) and unused; a refused registration
//! changes nothing.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use common::TestApp;
use serde_json::{json, Value};

/// A one-time code for registering a device, as demo mode answers it.
async fn device_code(app: &TestApp, token: &str) -> String {
    let r = app.post("/api/v1/devices/otp", Some(token), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["expires_in_s"], 300, "a code lasts five minutes");
    r.body["demo_code"].as_str().unwrap().to_owned()
}

fn wrong_for(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// The body the app sends for a fresh key made from `seed`.
fn registration(seed: u8, otp: &str, label: &str) -> Value {
    let key = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(key.verifying_key().to_encoded_point(false).as_bytes());
    json!({ "public_key": public, "otp": otp, "label": label })
}

async fn register(app: &TestApp, token: &str, body: Value) -> common::Reply {
    app.post("/api/v1/devices", Some(token), body).await
}

fn refusal(r: &common::Reply) -> (StatusCode, Option<&str>, &str) {
    (r.status, r.body["code"].as_str(), r.headers["content-type"].to_str().unwrap())
}

const PROBLEM: &str = "application/problem+json";

/// The label of the permit's active device, if any.
async fn current_label(app: &TestApp, token: &str) -> Option<String> {
    let r = app.get("/api/v1/devices/current", Some(token)).await;
    match r.status {
        StatusCode::OK => Some(r.body["label"].as_str().unwrap().to_owned()),
        StatusCode::NOT_FOUND => {
            assert_eq!(r.body["code"], "no_device");
            None
        }
        other => panic!("{other}: {:?}", r.body),
    }
}

#[tokio::test]
async fn a_device_is_not_registered_with_a_wrong_code() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let code = device_code(&app, &t).await;
    let r = register(&app, &t, registration(0x31, wrong_for(&code), "guessed")).await;
    assert_eq!(refusal(&r), (StatusCode::BAD_REQUEST, Some("otp_wrong"), PROBLEM), "{:?}", r.body);
    assert_eq!(current_label(&app, &t).await, None, "nothing was registered");
    // One wrong try does not void the code: the holder who mistyped types it again.
    let r = register(&app, &t, registration(0x31, &code, "my phone")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(current_label(&app, &t).await.as_deref(), Some("my phone"));
}

#[tokio::test]
async fn a_device_code_expires_five_minutes_after_it_was_sent() {
    let app = TestApp::demo();
    app.stop_clock();
    let t = app.sign_in("valid-permit").await;
    // Used in its last millisecond, a code still works.
    let code = device_code(&app, &t).await;
    app.advance(300_000).await;
    let r = register(&app, &t, registration(0x31, &code, "first phone")).await;
    assert_eq!(r.status, StatusCode::CREATED, "at 300 000 ms: {:?}", r.body);
    // One millisecond later it does not, and the phone that has the permit keeps it.
    let code = device_code(&app, &t).await;
    app.advance(300_001).await;
    let r = register(&app, &t, registration(0x32, &code, "second phone")).await;
    assert_eq!(refusal(&r), (StatusCode::BAD_REQUEST, Some("otp_expired"), PROBLEM), "at 300 001 ms: {:?}", r.body);
    assert_eq!(current_label(&app, &t).await.as_deref(), Some("first phone"));
}

#[tokio::test]
async fn a_device_code_works_once() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let code = device_code(&app, &t).await;
    let r = register(&app, &t, registration(0x31, &code, "first phone")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // The same code again, for another key: the code is gone, as if none had been sent.
    let r = register(&app, &t, registration(0x32, &code, "second phone")).await;
    assert_eq!(refusal(&r), (StatusCode::BAD_REQUEST, Some("otp_missing"), PROBLEM), "{:?}", r.body);
    assert_eq!(current_label(&app, &t).await.as_deref(), Some("first phone"), "the first phone keeps the permit");
    assert!(!app.message_titles(&t).await.contains(&"电子居住证已在新设备启用".to_owned()), "no device was replaced");
}
