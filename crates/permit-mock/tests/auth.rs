mod common;

use axum::http::{Method, StatusCode};
use chrono::Datelike;
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

/// GB 11643-1999 written out here, apart from `permit_core::id_number` (the code under test):
/// 17 digits, the first six a region, then the birth date as YYYYMMDD, then a sequence; the
/// 18th character is "10X98765432" indexed by the sum of the digits weighted 7 9 10 5 8 4 2 1
/// 6 3 7 9 10 5 8 4 2, mod 11. Returns the birth date and whether the holder is male (an odd
/// 17th digit).
fn gb_11643(id: &str) -> Result<(chrono::NaiveDate, bool), String> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return Err(format!("{id}: not 17 digits and a check character"));
    }
    let digit = |i: usize| u32::from(b[i] - b'0');
    let sum: u32 = (0..17).map(|i| digit(i) * WEIGHTS[i]).sum();
    let check = CHECK[(sum % 11) as usize];
    if b[17] != check {
        return Err(format!("{id}: check character should be {}", check as char));
    }
    let number = |from: usize, to: usize| (from..to).fold(0, |n, i| n * 10 + digit(i));
    let born = chrono::NaiveDate::from_ymd_opt(number(6, 10) as i32, number(10, 12), number(12, 14))
        .ok_or_else(|| format!("{id}: {} is not a date", &id[6..14]))?;
    Ok((born, digit(16) % 2 == 1))
}

#[test]
fn the_test_checker_knows_the_standards_own_examples() {
    // The two examples printed in GB 11643-1999 itself.
    assert_eq!(gb_11643("11010519491231002X"), Ok((chrono::NaiveDate::from_ymd_opt(1949, 12, 31).unwrap(), false)));
    assert_eq!(gb_11643("440524188001010014"), Ok((chrono::NaiveDate::from_ymd_opt(1880, 1, 1).unwrap(), true)));
    for wrong in ["110105194912310021", "440524188001010015", "440524188002300013", "44052418800101001", "4405241880010100a4"] {
        assert!(gb_11643(wrong).is_err(), "{wrong} passed");
    }
}

#[tokio::test]
async fn every_seeded_id_number_passes_gb_11643() {
    let seeded = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut checked = 0;
    for person in permit_mock::seed::personas(seeded) {
        if let Some(profile) = person.profile {
            let (born, _) = gb_11643(&profile.id_number).unwrap_or_else(|e| panic!("{}: {e}", person.label));
            assert!(born < seeded && born.year() >= 1900, "{}: born {born}", person.label);
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} ID numbers seeded");
}

/// What a counter reads off a permit: the ID number, and the birth date and sex the permit
/// shows, which GB 11643 says are written in the number itself.
#[tokio::test]
async fn every_permit_shows_a_valid_id_number_and_the_birth_date_and_sex_it_encodes() {
    let app = TestApp::demo();
    let personas = app.get("/api/v1/personas", None).await.body;
    let mut shown = 0;
    for p in personas.as_array().unwrap().iter().filter(|p| p["role"] == "resident") {
        let label = p["label"].as_str().unwrap();
        let t = app.sign_in(label).await;
        let permit = app.get("/api/v1/permit", Some(&t)).await;
        if permit.status == StatusCode::NOT_FOUND {
            assert_eq!(permit.body["code"], "no_permit", "{label}");
            continue;
        }
        assert_eq!(permit.status, StatusCode::OK, "{label}: {:?}", permit.body);
        let id = permit.body["id_number"].as_str().unwrap();
        let (born, male) = gb_11643(id).unwrap_or_else(|e| panic!("{label}: {e}"));
        let born = format!("{:04}-{:02}-{:02}", born.year(), born.month(), born.day());
        assert_eq!(permit.body["birth_date"], born.as_str(), "{label}");
        assert_eq!(permit.body["sex"], if male { "male" } else { "female" }, "{label}");
        shown += 1;
    }
    assert!(shown >= 5, "only {shown} permits shown");
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
    // Answers any operation can give (500, 503, a write's 413) are shared responses.
    let shared = doc["components"]["responses"].as_object().unwrap();
    for reference in text.split("\"#/components/responses/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(shared.contains_key(name), "dangling reference to the response {name}");
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
