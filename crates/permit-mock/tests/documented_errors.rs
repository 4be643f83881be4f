//! The OpenAPI document lists every error answer an operation gives, so an integrator is not
//! surprised by one. A sample of refusals is provoked for real; each must be listed under its
//! operation and status, with its `code` named in the description.

mod common;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use base64::Engine;
use common::{Reply, TestApp};
use permit_mock::idempotency;
use serde_json::{json, Value};

/// What the document says `method path` answers with `status` (a shared response resolved).
fn documented<'d>(doc: &'d Value, method: &str, path: &str, status: StatusCode) -> Option<&'d Value> {
    let response = doc["paths"][path][method]["responses"].get(status.as_str())?;
    match response["$ref"].as_str() {
        Some(shared) => doc["components"]["responses"].get(shared.strip_prefix("#/components/responses/")?),
        None => Some(response),
    }
}

/// The refusal is listed under its operation and status, names its code, and is a problem
/// document there as on the wire. Returns the description.
fn assert_documented<'d>(doc: &'d Value, method: &str, path: &str, reply: &Reply) -> &'d str {
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{method} {path}: {:?}", reply.body);
    let code = reply.body["code"].as_str().unwrap();
    let response = documented(doc, method, path, reply.status)
        .unwrap_or_else(|| panic!("{method} {path} answered {} `{code}`, which the document does not list", reply.status));
    let description = response["description"].as_str().unwrap_or_default();
    assert!(
        description.contains(&format!("`{code}`")),
        "{method} {path} {}: `{code}` is not named in {description:?}",
        reply.status
    );
    assert!(
        response["content"]["application/problem+json"]["schema"]["$ref"] == "#/components/schemas/Problem",
        "{method} {path} {}: not documented as a problem document",
        reply.status
    );
    description
}

/// A registration body for a fresh P-256 key made from `seed`.
fn registration(seed: u8, otp: &str) -> Value {
    let key = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(key.verifying_key().to_encoded_point(false).as_bytes());
    json!({ "public_key": public, "otp": otp, "label": "phone" })
}

fn wrong_for(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// A raw POST of `body` as `content_type`, signed in, with an optional `Idempotency-Key`.
async fn raw_post(app: &TestApp, path: &str, token: &str, content_type: Option<&str>, key: Option<&str>, body: String) -> Reply {
    let mut b = Request::post(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(t) = content_type {
        b = b.header(header::CONTENT_TYPE, t);
    }
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    app.send(b.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn the_errors_handlers_give_are_the_errors_the_openapi_document_lists() {
    let app = TestApp::demo();
    // Only `advance` moves the clock, so no limiter refills while the test runs.
    app.stop_clock();
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let holder = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;

    // Device registration: a wrong code, then a used one.
    let otp = app.post("/api/v1/devices/otp", Some(&holder), json!({})).await;
    let code = otp.body["demo_code"].as_str().unwrap().to_owned();
    let wrong = app.post("/api/v1/devices", Some(&holder), registration(0x31, wrong_for(&code))).await;
    assert_eq!((wrong.status, wrong.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("otp_wrong")));
    assert_documented(&doc, "post", "/api/v1/devices", &wrong);
    let done = app.post("/api/v1/devices", Some(&holder), registration(0x31, &code)).await;
    assert_eq!(done.status, StatusCode::CREATED, "{:?}", done.body);
    let used = app.post("/api/v1/devices", Some(&holder), registration(0x32, &code)).await;
    assert_eq!((used.status, used.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("otp_missing")));
    assert_documented(&doc, "post", "/api/v1/devices", &used);

    // Device codes are limited per phone (the sign-in code counted too).
    let mut last_code = code.clone();
    let limited = loop {
        let r = app.post("/api/v1/devices/otp", Some(&holder), json!({})).await;
        if r.status != StatusCode::OK {
            break r;
        }
        last_code = r.body["demo_code"].as_str().unwrap().to_owned();
    };
    assert_eq!((limited.status, limited.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("otp_rate_limited")));
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
    assert_documented(&doc, "post", "/api/v1/devices/otp", &limited);

    // Ten wrong codes in a day lock the phone, for registration as for sign-in.
    let locked = loop {
        let r = app.post("/api/v1/devices", Some(&holder), registration(0x33, wrong_for(&last_code))).await;
        if r.status != StatusCode::BAD_REQUEST {
            break r;
        }
    };
    assert_eq!((locked.status, locked.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("phone_locked")));
    assert_documented(&doc, "post", "/api/v1/devices", &locked);
    let locked_otp = app.post("/api/v1/devices/otp", Some(&holder), json!({})).await;
    assert_eq!(locked_otp.body["code"], "phone_locked");
    assert_documented(&doc, "post", "/api/v1/devices/otp", &locked_otp);

    // Staff on a resident's endpoint, a resident on a counter's, anyone acting for a stranger.
    let r = app.post("/api/v1/devices/otp", Some(&staff), json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_a_resident")));
    assert_documented(&doc, "post", "/api/v1/devices/otp", &r);
    let r = app.get("/api/v1/registration", Some(&staff)).await;
    assert_eq!(r.body["code"], "not_a_resident");
    assert_documented(&doc, "get", "/api/v1/registration", &r);
    let r = app.post("/api/v1/verifications", Some(&holder), json!({ "code": "x" })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("staff_only")));
    assert_documented(&doc, "post", "/api/v1/verifications", &r);
    let r = app.call_as(axum::http::Method::GET, "/api/v1/permit", Some(&holder), Some("minor"), None).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_a_dependant")));
    assert_documented(&doc, "get", "/api/v1/permit", &r);
    let r = app.get("/api/v1/permit", None).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert_documented(&doc, "get", "/api/v1/permit", &r);

    // A JSON body that is not what the operation takes, and a key used for another request.
    let verify = "/api/v1/verifications";
    let long_key = "k".repeat(201);
    let cases = [
        (raw_post(&app, verify, &staff, Some("application/json"), None, "{\"code\":".into()).await, "malformed_json"),
        (raw_post(&app, verify, &staff, None, None, "{\"code\":\"x\"}".into()).await, "unsupported_media_type"),
        (raw_post(&app, verify, &staff, Some("application/json"), None, "{\"code\":7}".into()).await, "invalid_fields"),
        (raw_post(&app, verify, &staff, Some("application/json"), None, format!("{{\"code\":\"{}\"}}", "x".repeat(300 * 1024))).await, "body_too_large"),
        (raw_post(&app, verify, &staff, Some("application/json"), Some(long_key.as_str()), "{\"code\":\"x\"}".into()).await, "invalid_idempotency_key"),
    ];
    for (reply, code) in &cases {
        assert_eq!(reply.body["code"], *code, "{:?}", reply.body);
        assert_documented(&doc, "post", verify, reply);
    }
    let first = raw_post(&app, verify, &staff, Some("application/json"), Some("scan-1"), "{\"code\":\"x\"}".into()).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let reused = raw_post(&app, verify, &staff, Some("application/json"), Some("scan-1"), "{\"code\":\"y\"}".into()).await;
    assert_eq!((reused.status, reused.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("idempotency_key_reused")));
    assert_documented(&doc, "post", verify, &reused);

    // Verifications: a burst of 30 (the reading above was one), then 10 a second.
    for n in 2..=30 {
        let r = app.post(verify, Some(&staff), json!({ "code": "x" })).await;
        assert_eq!(r.status, StatusCode::OK, "reading {n} of the burst: {:?}", r.body);
    }
    let burst = app.post(verify, Some(&staff), json!({ "code": "x" })).await;
    assert_eq!((burst.status, burst.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("verify_rate_limited")));
    let description = assert_documented(&doc, "post", verify, &burst);
    assert!(description.contains("burst of 30") && description.contains("10 a second"), "{description}");
    app.advance(100).await;
    assert_eq!(app.post(verify, Some(&staff), json!({ "code": "x" })).await.status, StatusCode::OK, "a tenth of a second refills one");
    assert_eq!(app.post(verify, Some(&staff), json!({ "code": "x" })).await.status, StatusCode::TOO_MANY_REQUESTS);

    // Answers every operation can give: an injected fault.
    let fault = json!({ "class": "read", "fault": { "error_rate": 1.0 } });
    assert_eq!(app.put("/api/v1/test/faults", None, fault).await.status, StatusCode::NO_CONTENT);
    let r = app.get("/api/v1/devices/current", Some(&holder)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("injected_fault")));
    assert_documented(&doc, "get", "/api/v1/devices/current", &r);
    let clear = json!({ "class": "read", "fault": {} });
    assert_eq!(app.put("/api/v1/test/faults", None, clear).await.status, StatusCode::NO_CONTENT);

    // A session unused for over a week has ended.
    app.advance(8 * 24 * 3600 * 1000).await;
    let r = app.get("/api/v1/me", Some(&holder)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("session_expired")));
    assert_documented(&doc, "get", "/api/v1/me", &r);

    // Every operation lists the answers any request can get, and every write the transport's
    // body limit.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, _) in ops.as_object().unwrap() {
            let mut statuses = vec![StatusCode::INTERNAL_SERVER_ERROR, StatusCode::SERVICE_UNAVAILABLE];
            if method != "get" {
                statuses.push(StatusCode::PAYLOAD_TOO_LARGE);
            }
            for status in statuses {
                assert!(documented(&doc, method, path, status).is_some(), "{method} {path} does not list {status}");
            }
        }
    }
}

/// Whether the description of `method path`'s `status` answer names `code`.
fn lists(doc: &Value, method: &str, path: &str, status: StatusCode, code: &str) -> bool {
    documented(doc, method, path, status)
        .and_then(|r| r["description"].as_str())
        .is_some_and(|d| d.contains(&format!("`{code}`")))
}

/// Every write in the document, whatever route is added later, either declares the
/// `Idempotency-Key` header (and lists a bad or reused key) or lists the refusal
/// (`idempotency_not_supported`), never both; and the server does what the document says.
#[tokio::test]
async fn every_write_declares_the_idempotency_key_or_lists_its_refusal() {
    let app = TestApp::demo();
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut writes = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if matches!(method.as_str(), "post" | "put" | "patch" | "delete") {
                writes.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    assert!(writes.iter().any(|(m, p, _)| m == "post" && p == "/api/v1/test/otp"), "the test-only routes are in the document");
    assert!(writes.len() >= 27, "every write is checked: {}", writes.len());
    for (method, path, op) in &writes {
        let declares = op["parameters"].as_array().into_iter().flatten().any(|p| {
            p["in"] == "header" && p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("idempotency-key"))
        });
        let refuses = lists(&doc, method, path, StatusCode::BAD_REQUEST, "idempotency_not_supported");
        assert!(declares || refuses, "{method} {path} neither declares an `Idempotency-Key` nor lists `idempotency_not_supported`");
        assert!(!(declares && refuses), "{method} {path} declares an `Idempotency-Key` and refuses one");
        if declares {
            assert!(lists(&doc, method, path, StatusCode::BAD_REQUEST, "invalid_idempotency_key"), "{method} {path}: a bad key is not listed");
            assert!(lists(&doc, method, path, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"), "{method} {path}: a reused key is not listed");
        } else {
            assert!(!lists(&doc, method, path, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"), "{method} {path} refuses a key yet lists a reused one");
        }
        assert_eq!(refuses, idempotency::refuses_key(method, path), "{method} {path}: the document and `NOT_REPLAYABLE` disagree");

        // A keyed call, anonymous and without a body: refused before anything runs exactly
        // where the document says so.
        let uri = path.split('/').map(|s| if s.starts_with('{') { "x" } else { s }).collect::<Vec<_>>().join("/");
        let request = Request::builder().method(method.to_uppercase().as_str()).uri(&uri).header("idempotency-key", "sweep-1");
        let reply = app.send(request.body(Body::empty()).unwrap()).await;
        let refused = reply.body["code"] == "idempotency_not_supported";
        assert_eq!(refused, refuses, "{method} {uri}: the document says refused = {refuses}, the server answered {} {:?}", reply.status, reply.body);
        if refused {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
            assert_documented(&doc, method, path, &reply);
        }
    }
    for (method, path) in idempotency::NOT_REPLAYABLE {
        let listed = writes.iter().any(|(m, p, _)| m.eq_ignore_ascii_case(method) && p == path);
        assert!(listed, "{method} {path} refuses a key but is not in the document");
    }
}
