//! Issue 15: `Idempotency-Key` replays only what it should: per caller and route, never a
//! secret, never a refusal, never after sign-out, and not forever.

mod common;

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use common::{code, phone_of, TestApp};
use permit_mock::{idempotency, store::StoredAnswer};
use serde_json::json;

fn keyed(method: Method, path: &str, token: Option<&str>, key: &str, body: serde_json::Value) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path).header(header::CONTENT_TYPE, "application/json").header("idempotency-key", key);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn sign_in_and_tickets_refuse_a_key_and_no_secret_is_stored() {
    let app = TestApp::demo();
    let phone = phone_of("valid-permit");
    let r = app.send(keyed(Method::POST, "/api/v1/auth/otp", None, "k1", json!({ "phone": phone }))).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("idempotency_not_supported")));
    let code = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await.body["demo_code"].as_str().unwrap().to_owned();
    let r = app.send(keyed(Method::POST, "/api/v1/auth/session", None, "k2", json!({ "phone": phone, "code": code }))).await;
    assert_eq!(r.body["code"], "idempotency_not_supported");
    let t = app.sign_in("valid-permit").await;
    let r = app.send(keyed(Method::POST, "/api/v1/events/ticket", Some(&t), "k3", json!({}))).await;
    assert_eq!(r.body["code"], "idempotency_not_supported");
    let r = app.send(keyed(Method::POST, "/api/v1/devices/otp", Some(&t), "k4", json!({}))).await;
    assert_eq!(r.body["code"], "idempotency_not_supported");
    assert_eq!(app.state.store.stored_answer_count().unwrap(), 0, "nothing stored, so no token or code in the table");
}

#[tokio::test]
async fn a_keyed_test_otp_read_is_refused_and_the_code_is_never_stored() {
    let app = TestApp::demo();
    let phone = phone_of("valid-permit");
    let sent = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let r = app.send(keyed(Method::POST, "/api/v1/test/otp", None, "otp-1", json!({ "phone": phone }))).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("idempotency_not_supported")), "{:?}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/problem+json");
    // Whatever the key looks like: the refusal is the one the document lists.
    let r = app.send(keyed(Method::POST, "/api/v1/test/otp", None, &"k".repeat(201), json!({ "phone": phone }))).await;
    assert_eq!(r.body["code"], "idempotency_not_supported");
    assert_eq!(app.state.store.stored_answer_count().unwrap(), 0, "no one-time code in the table");
    // Without a key the code is read as before, and still nothing is stored.
    let read = app.post("/api/v1/test/otp", None, json!({ "phone": phone })).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["code"], sent.body["demo_code"]);
    assert_eq!(app.state.store.stored_answer_count().unwrap(), 0);
}

#[tokio::test]
async fn signing_out_takes_a_key_though_signing_in_on_the_same_path_refuses_one() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let other = app.sign_in("valid-permit").await;
    let out = app.send(keyed(Method::DELETE, "/api/v1/auth/session", Some(&t), "out-1", json!({}))).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{:?}", out.body);
    let retry = app.send(keyed(Method::DELETE, "/api/v1/auth/session", Some(&t), "out-1", json!({}))).await;
    assert_eq!(retry.status, StatusCode::UNAUTHORIZED, "a dead token replays nothing: {:?}", retry.body);
    let everywhere = app.send(keyed(Method::DELETE, "/api/v1/auth/sessions", Some(&other), "out-2", json!({}))).await;
    assert_eq!(everywhere.status, StatusCode::NO_CONTENT, "{:?}", everywhere.body);
    assert_eq!(app.get("/api/v1/me", Some(&other)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_signed_out_token_gets_401_not_the_stored_answer_and_the_person_gets_their_answer_back() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let first = app.post_keyed("/api/v1/card-orders", &t, "order-1", json!({ "kind": "first" })).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(app.call(Method::DELETE, "/api/v1/auth/session", Some(&t), None).await.status, StatusCode::NO_CONTENT);
    let stale = app.post_keyed("/api/v1/card-orders", &t, "order-1", json!({ "kind": "first" })).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED, "a dead token replays nothing: {:?}", stale.body);
    assert!(!stale.headers.contains_key(idempotency::REPLAYED_HEADER));
    // Signed in again (the answer was lost with the old session): the same person, the same
    // key, the same route: the first answer, and still one order.
    let t2 = app.sign_in("valid-permit").await;
    let retry = app.post_keyed("/api/v1/card-orders", &t2, "order-1", json!({ "kind": "first" })).await;
    assert_eq!(retry.headers[idempotency::REPLAYED_HEADER], "true");
    assert_eq!(retry.body["id"], first.body["id"]);
    assert_eq!(app.get("/api/v1/card-orders", Some(&t2)).await.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_key_is_scoped_to_its_route() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let order = app.post_keyed("/api/v1/card-orders", &t, "same", json!({ "kind": "first" })).await;
    assert_eq!(order.status, StatusCode::CREATED);
    let cancel = app.post_keyed("/api/v1/permit/cancellation", &t, "same", json!({ "confirm": true })).await;
    assert_eq!(cancel.status, StatusCode::OK, "another route: run, not refused as reused: {:?}", cancel.body);
    assert_eq!(cancel.body["status"], "cancelled");
}

#[tokio::test]
async fn a_refusal_is_never_replayed_not_even_a_429() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key, id) = app.register_device(&t, 4).await;
    // The limit refills by the mock's clock: stopped, the burst runs out however slowly the
    // requests go.
    app.stop_clock();
    // Use up the staff account's burst with malformed codes.
    let mut limited = None;
    for i in 0..40 {
        let r = app.post_keyed("/api/v1/verifications", &staff, &format!("scan-{i}"), json!({ "code": "x" })).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(i);
            break;
        }
    }
    let i = limited.expect("the limit answers 429");
    assert_eq!(i, 30, "the burst is 30");
    // Two more readings refill in 200 ms: the retry and the genuine code below.
    app.advance(200).await;
    let genuine = code(&key, id, app.now_ms() / 1000);
    let retry = app.post_keyed("/api/v1/verifications", &staff, &format!("scan-{i}"), json!({ "code": "x" })).await;
    assert_eq!(retry.status, StatusCode::OK, "decided again: {:?}", retry.body);
    assert!(!retry.headers.contains_key(idempotency::REPLAYED_HEADER));
    // A 409 is not stored either: the same key succeeds once the conflict is gone.
    let order = app.post_keyed("/api/v1/card-orders", &t, "o", json!({ "kind": "replacement" })).await;
    assert_eq!(order.status, StatusCode::CONFLICT, "{:?}", order.body);
    let order = app.post_keyed("/api/v1/card-orders", &t, "o", json!({ "kind": "first" })).await;
    assert_eq!(order.status, StatusCode::CREATED, "{:?}", order.body);
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": genuine })).await;
    assert_eq!(v.body["accepted"], true);
}

#[tokio::test]
async fn stored_answers_expire_after_a_day_and_the_table_is_bounded() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let first = app.post_keyed("/api/v1/card-orders", &t, "old", json!({ "kind": "first" })).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let soon = app.post_keyed("/api/v1/card-orders", &t, "old", json!({ "kind": "first" })).await;
    assert_eq!(soon.headers[idempotency::REPLAYED_HEADER], "true");
    app.advance(idempotency::TTL_MS + 1000).await;
    let later = app.post_keyed("/api/v1/card-orders", &t, "old", json!({ "kind": "first" })).await;
    assert!(!later.headers.contains_key(idempotency::REPLAYED_HEADER), "a day later the key is forgotten");
    assert_eq!(later.body["code"], "card_exists", "so the request is decided again: {:?}", later.body);

    let store = &app.state.store;
    let answer = StoredAnswer { request_hash: "h".into(), status: 200, content_type: "application/json".into(), body: b"{}".to_vec() };
    let now = app.now_ms();
    for i in 0..idempotency::MAX_ROWS + 25 {
        store.store_answer("flood", &format!("k{i}"), &answer, now, idempotency::TTL_MS, idempotency::MAX_ROWS).unwrap();
    }
    assert_eq!(store.stored_answer_count().unwrap(), idempotency::MAX_ROWS);
    assert!(store.stored_answer("flood", &format!("k{}", idempotency::MAX_ROWS + 24), now, idempotency::TTL_MS).unwrap().is_some(), "the newest stay");
}

/// A key that is not text (a byte outside visible ASCII) is refused, not ignored: ignoring it
/// would let a client that means to retry safely create a second record without knowing.
#[tokio::test]
async fn a_key_that_is_not_text_is_refused_and_nothing_is_written() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    for key in [b"order\xff".as_slice(), b"\x80", b"caf\xc3\xa9"] {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/card-orders")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header("idempotency-key", axum::http::HeaderValue::from_bytes(key).unwrap())
            .body(Body::from(json!({ "kind": "first" }).to_string()))
            .unwrap();
        let r = app.send(request).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_idempotency_key")), "key {key:?}");
    }
    assert_eq!(app.get("/api/v1/card-orders", Some(&t)).await.body.as_array().unwrap().len(), 0, "no order was placed");
    let placed = app.post_keyed("/api/v1/card-orders", &t, "order-1", json!({ "kind": "first" })).await;
    assert_eq!(placed.status, StatusCode::CREATED, "a text key still works");
}
