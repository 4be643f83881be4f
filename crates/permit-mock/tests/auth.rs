mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::json;

#[tokio::test]
async fn health_reports_demo_mode_and_every_response_carries_the_server_clock() {
    let app = TestApp::demo();
    let r = app.get("/api/v1/health", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "ok");
    assert_eq!(r.body["demo"], true);
    let header: i64 = r.headers["x-server-time-ms"].to_str().unwrap().parse().unwrap();
    let body = r.body["server_time_ms"].as_i64().unwrap();
    assert!((header - body).abs() < 1000);

    let r = app.get("/api/v1/no-such-thing", None).await;
    assert!(r.headers.contains_key("x-server-time-ms"));
}

#[tokio::test]
async fn personas_are_listed_only_in_demo_mode_and_cover_residents_and_staff() {
    let app = TestApp::demo();
    let r = app.get("/api/v1/personas", None).await;
    let list = r.body.as_array().unwrap();
    assert!(list.len() >= 13);
    assert!(list.iter().any(|p| p["role"] == "staff"));
    for p in list {
        assert!(!p["name"].as_str().unwrap().is_empty());
        assert!(!p["situation_zh"].as_str().unwrap().is_empty());
        assert!(!p["situation_en"].as_str().unwrap().is_empty());
    }

    let app = TestApp::with(|c| c.demo = false);
    let r = app.get("/api/v1/personas", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.headers["content-type"], "application/problem+json");
}

#[tokio::test]
async fn every_seeded_id_number_passes_gb_11643() {
    for person in permit_mock::seed::personas(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()) {
        if let Some(profile) = person.profile {
            permit_core::CitizenId::parse(&profile.id_number)
                .unwrap_or_else(|e| panic!("{}: {e}", person.label));
        }
    }
}

#[tokio::test]
async fn sign_in_with_a_one_time_code_then_sign_out() {
    let app = TestApp::demo();
    let token = app.sign_in("valid-permit").await;
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["name"], "陈晓彤");
    assert_eq!(me.body["phone_masked"], "138****0001");

    let out = app.call(Method::DELETE, "/api/v1/auth/session", Some(&token), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.body["code"], "unauthorized");
}

#[tokio::test]
async fn a_code_works_once_and_wrong_codes_are_limited() {
    let app = TestApp::demo();
    let phone = "13800000004";
    let otp = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    let code = otp.body["demo_code"].as_str().unwrap().to_owned();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": wrong })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("otp_wrong")));
    let r = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": code })).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": code })).await;
    assert_eq!(r.body["code"], "otp_missing");

    let otp = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    let code = otp.body["demo_code"].as_str().unwrap().to_owned();
    for _ in 0..5 {
        app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": wrong })).await;
    }
    let r = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": code })).await;
    assert_eq!(r.body["code"], "otp_expired", "five wrong tries void the code");
}

#[tokio::test]
async fn codes_expire_after_five_minutes_of_mock_time() {
    let app = TestApp::demo();
    let phone = "13800000001";
    let otp = app.post("/api/v1/auth/otp", None, json!({ "phone": phone })).await;
    let code = otp.body["demo_code"].as_str().unwrap().to_owned();
    app.state.clock.advance_ms(301_000);
    let r = app.post("/api/v1/auth/session", None, json!({ "phone": phone, "code": code })).await;
    assert_eq!(r.body["code"], "otp_expired");
}

#[tokio::test]
async fn outside_demo_mode_the_code_is_not_returned() {
    let app = TestApp::with(|c| c.demo = false);
    let r = app.post("/api/v1/auth/otp", None, json!({ "phone": "13800000001" })).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.get("demo_code").is_none());
}

#[tokio::test]
async fn bad_input_gets_a_problem_document_not_a_5xx() {
    let app = TestApp::demo();
    let cases = [
        (json!({ "phone": "12345" }), StatusCode::BAD_REQUEST, "invalid_phone"),
        (json!({ "phone": "13999999999" }), StatusCode::NOT_FOUND, "unknown_phone"),
        (json!({ "phone": 13800000001u64 }), StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields"),
        (json!({}), StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields"),
    ];
    for (body, status, code) in cases {
        let r = app.post("/api/v1/auth/otp", None, body.clone()).await;
        assert_eq!((r.status, r.body["code"].as_str()), (status, Some(code)), "{body}");
        assert_eq!(r.headers["content-type"], "application/problem+json");
    }
    let malformed = axum::http::Request::post("/api/v1/auth/otp")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"phone\":"))
        .unwrap();
    let r = app.send(malformed).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed_json")));
    let huge = axum::http::Request::post("/api/v1/auth/otp")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(format!("{{\"phone\":\"{}\"}}", "1".repeat(1 << 20))))
        .unwrap();
    let r = app.send(huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let app = TestApp::demo();
    let token = app.sign_in("staff-police").await;
    let app = app.restart();
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.body["role"], "staff");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_every_reference_resolves() {
    let app = TestApp::demo();
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        "/api/v1/health", "/api/v1/personas", "/api/v1/auth/otp", "/api/v1/auth/session", "/api/v1/me",
        "/api/v1/registration", "/api/v1/application/precheck", "/api/v1/application",
        "/api/v1/application/materials", "/api/v1/permit", "/api/v1/permit/photo",
        "/api/v1/permit/cancellation", "/api/v1/devices", "/api/v1/devices/current", "/api/v1/devices/otp", "/api/v1/code-policy",
        "/api/v1/verifications", "/api/v1/verifications/self-test", "/api/v1/endorsement",
        "/api/v1/endorsement/materials", "/api/v1/photo", "/api/v1/photo/review", "/api/v1/card",
        "/api/v1/card-orders", "/api/v1/card-orders/{id}/payment", "/api/v1/messages",
        "/api/v1/messages/{id}/read", "/api/v1/events/ticket", "/api/v1/events", "/api/v1/test/clock",
        "/api/v1/test/code-policy", "/api/v1/test/faults", "/api/v1/test/reset", "/api/v1/test/otp",
        "/api/v1/test/review-outcome", "/api/v1/verifications/{id}/photo", "/api/v1/staff/departments",
        "/api/v1/staff/post",
    ];
    for p in expected {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has no responses");
            assert!(op["description"].is_string() || op["summary"].is_string(), "{method} {path} is undocumented");
        }
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // An integrator's scanner learns every verdict code, and what each means, from the document.
    let rule = &schemas["VerdictRule"];
    let codes: Vec<&str> = rule["enum"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let described = rule["description"].as_str().unwrap_or_default();
    for code in ["malformed", "forged", "unknown_device", "device_revoked", "expired", "already_used", "permit_suspended", "permit_cancelled"] {
        assert!(codes.contains(&code), "verdict code {code} missing");
        assert!(described.contains(&format!("`{code}`")), "verdict code {code} not explained");
    }
    let text = doc.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling reference to {name}");
    }
}

#[tokio::test]
async fn errors_axum_makes_itself_are_problem_documents_too() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let cases = [
        (app.get("/api/v1/nope", None).await, StatusCode::NOT_FOUND, "not_found"),
        (app.call(Method::PATCH, "/api/v1/permit", Some(&t), None).await, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (
            app.upload("/api/v1/application/materials?kind=passport", &t, "application/pdf", b"%PDF-1".to_vec(), None).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (app.get("/api/v1/events?ticket=forged", None).await, StatusCode::UNAUTHORIZED, "unauthorized"),
    ];
    for (reply, status, code) in cases {
        assert_eq!((reply.status, reply.body["code"].as_str()), (status, Some(code)), "{:?}", reply.body);
        assert_eq!(reply.headers["content-type"], "application/problem+json");
        assert!(!reply.body["detail"].as_str().unwrap().is_empty());
    }
    // Outside /api/ the app's own routes still get index.html (or the not-built notice).
    let page = app.get("/card", None).await;
    assert_ne!(page.headers["content-type"], "application/problem+json");
}
