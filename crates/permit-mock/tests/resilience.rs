//! Idempotent retries (also across a restart), injected faults, and the event stream.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use common::{code, TestApp};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

#[tokio::test]
async fn a_retried_application_returns_the_first_answer_and_no_second_record() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-ok").await;
    let body = json!({ "conditions": ["employment"] });
    let first = app.post_keyed("/api/v1/application", &t, "apply-1", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = app.post_keyed("/api/v1/application", &t, "apply-1", body.clone()).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    // Without the key, a second submission is a second attempt and is refused as such.
    let fresh = app.post("/api/v1/application", Some(&t), body.clone()).await;
    assert_eq!(fresh.body["code"], "application_open");
    // The same key for a different request is an error, not a silent replay.
    let other = app.post_keyed("/api/v1/application", &t, "apply-1", json!({ "conditions": ["residence"] })).await;
    assert_eq!((other.status, other.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("idempotency_key_reused")));
}

#[tokio::test]
async fn retries_after_a_restart_still_replay() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let address = common::declare_owned("龙津西路12号", "3楼");
    let first = app.post_keyed("/api/v1/registration", &t, "move-1", address.clone()).await;
    assert_eq!(first.status, StatusCode::ACCEPTED);
    let app = app.restart();
    let retry = app.post_keyed("/api/v1/registration", &t, "move-1", address).await;
    assert_eq!(retry.status, StatusCode::ACCEPTED, "{:?}", retry.body);
    assert_eq!(retry.body["id"], first.body["id"]);
}

#[tokio::test]
async fn a_retried_upload_stores_one_document() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-fails").await;
    app.post("/api/v1/application", Some(&t), json!({ "conditions": ["residence"] })).await;
    let pdf = b"%PDF-1.4 synthetic".to_vec();
    let a = app.upload("/api/v1/application/materials?kind=lease", &t, "application/pdf", pdf.clone(), Some("doc-1")).await;
    let b = app.upload("/api/v1/application/materials?kind=lease", &t, "application/pdf", pdf, Some("doc-1")).await;
    assert_eq!(a.body["id"], b.body["id"]);
    assert_eq!(app.state.store.material_count("p-eligible-data-fails").unwrap(), 1);
}

#[tokio::test]
async fn keys_are_scoped_to_the_caller() {
    let app = TestApp::demo();
    let a = app.sign_in("eligible-data-ok").await;
    let b = app.sign_in("minor").await;
    let ra = app.post_keyed("/api/v1/application", &a, "same-key", json!({ "conditions": ["employment"] })).await;
    let rb = app.post_keyed("/api/v1/application", &b, "same-key", json!({ "conditions": ["employment"] })).await;
    assert_eq!(ra.status, StatusCode::CREATED);
    assert_eq!((ra.body["status"].as_str(), rb.body["status"].as_str()), (Some("under_review"), Some("needs_materials")), "b's request ran as b's (employment is not on b's record), not a replay of a's");
}

#[tokio::test]
async fn injected_errors_latency_and_drops() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let set = |class: &str, fault: serde_json::Value| json!({ "class": class, "fault": fault });

    app.put("/api/v1/test/faults", None, set("read", json!({ "error_rate": 1.0 }))).await;
    let r = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("injected_fault")));
    app.put("/api/v1/test/faults", None, set("read", json!({}))).await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.status, StatusCode::OK);

    app.put("/api/v1/test/faults", None, set("read", json!({ "latency_ms": 300 }))).await;
    let started = std::time::Instant::now();
    app.get("/api/v1/permit", Some(&t)).await;
    assert!(started.elapsed().as_millis() >= 300);
    app.put("/api/v1/test/faults", None, set("read", json!({}))).await;

    // A drop after the write was handled: the client hears nothing, a keyed retry replays.
    app.put("/api/v1/test/faults", None, set("write", json!({ "drop_rate": 1.0 }))).await;
    let req = Request::post("/api/v1/card-orders")
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "card-1")
        .body(Body::from(json!({ "kind": "first" }).to_string()))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert!(res.into_body().collect().await.is_err(), "the answer never arrives");
    app.put("/api/v1/test/faults", None, set("write", json!({}))).await;
    let retry = app.post_keyed("/api/v1/card-orders", &t, "card-1", json!({ "kind": "first" })).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(app.get("/api/v1/card-orders", Some(&t)).await.body.as_array().unwrap().len(), 1);

    let bad = app.put("/api/v1/test/faults", None, set("write", json!({ "error_rate": 3 }))).await;
    assert_eq!(bad.body["code"], "invalid_fault");
}

#[tokio::test]
async fn test_controls_exist_only_in_demo_or_test_mode() {
    let app = TestApp::with(|c| {
        c.demo = false;
        c.test_mode = false;
    });
    let r = app.post("/api/v1/test/clock", None, json!({ "advance_ms": 1000 })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    assert!(!doc["paths"].as_object().unwrap().keys().any(|k| k.starts_with("/api/v1/test/")));
}

#[tokio::test]
async fn the_code_policy_can_be_changed_for_tests() {
    let app = TestApp::demo();
    let r = app.put("/api/v1/test/code-policy", None, json!({ "step_s": 10, "validity_s": 20, "future_skew_s": 2 })).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/code-policy", None).await.body["validity_s"], 20);
    let bad = app.put("/api/v1/test/code-policy", None, json!({ "step_s": 0, "validity_s": 20, "future_skew_s": 2 })).await;
    assert_eq!(bad.body["code"], "invalid_policy");
}

#[tokio::test]
async fn the_holder_hears_of_a_verification_on_the_event_stream() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-hospital").await;
    let (key, id) = app.register_device(&t, 9).await;
    let ticket = app.post("/api/v1/events/ticket", Some(&t), json!({})).await;
    let ticket = ticket.body["ticket"].as_str().unwrap().to_owned();
    let res = app
        .router
        .clone()
        .oneshot(Request::get(format!("/api/v1/events?ticket={ticket}")).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut body = res.into_body();
    let ready = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(String::from_utf8_lossy(&ready).contains("event: ready"));

    app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame()).await.unwrap().unwrap().unwrap();
    let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
    assert!(text.contains("event: code_verified"), "{text}");
    assert!(text.contains("广州市公安局天河分局"), "the department the staff chose: {text}");

    // The ticket was single use.
    let again = app.get(&format!("/api/v1/events?ticket={ticket}"), None).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}
