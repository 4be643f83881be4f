//! Issue 19: the residence certificate (居住证明), made for its holder as a PDF, opened by
//! anyone with its check code for 90 days, checked against the issuer's published keys; each
//! attack tried on it.

mod common;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Request, StatusCode},
};
use common::TestApp;
use http_body_util::BodyExt;
use permit_core::{
    api::share::JwkSet,
    calendar::local_date_ms,
    certificate::{self, Endorsement},
    share::{Purpose, ShareField},
    statement,
};
use serde_json::{json, Value};
use tower::ServiceExt;

/// The certificate as made: its answer (share, code, link, pdf_path).
async fn make(app: &TestApp, token: &str, key: &str) -> Value {
    let r = app.post_keyed("/api/v1/certificates", token, key, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

async fn open(app: &TestApp, code: &str) -> common::Reply {
    app.post("/api/v1/public/certificates/open", None, json!({ "code": code })).await
}

/// The status, content type and bytes of a GET (the PDF is not JSON).
async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let req = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let kind = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, res.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn a_certificate_states_two_years_and_opens_by_its_code_with_a_statement_that_verifies() {
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhou").await;
    let made = make(&app, &t, "cert-1").await;
    let code = made["code"].as_str().unwrap();
    assert_eq!(made["link"], format!("/c#{code}"));
    assert_eq!(made["share"]["purpose"], "residence_certificate");
    assert_eq!(made["share"]["state"], "verified");
    assert_eq!(made["share"]["expires_at_ms"].as_i64().unwrap() - made["share"]["created_at_ms"].as_i64().unwrap(), 90 * 86_400_000);

    let (status, kind, pdf) = download(&app, made["pdf_path"].as_str().unwrap(), &t).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());

    // Typed in lower case, with spaces for the groups: the same certificate.
    let typed = code.replace('-', " ").to_lowercase();
    let opened = open(&app, &typed).await;
    assert_eq!((opened.status, opened.body["state"].as_str()), (StatusCode::OK, Some("verified")), "{:?}", opened.body);
    let set: JwkSet = serde_json::from_value(app.get("/api/v1/issuer-keys", None).await.body).unwrap();
    let s = statement::verify(opened.body["statement"].as_str().unwrap(), |kid| set.key(kid), app.now_ms() / 1000).unwrap();
    assert_eq!(s.purpose, Purpose::ResidenceCertificate);
    assert_eq!(s.claims.fields(), [ShareField::Name, ShareField::ResidenceAddress]);
    let permit = app.get("/api/v1/permit", Some(&t)).await.body;
    assert_eq!(s.claims.name.as_deref(), permit["name"].as_str());
    let facts = s.certificate.expect("a certificate's statement carries its facts");
    assert_eq!(facts.permit_number, permit["number"].as_str().unwrap());
    assert_eq!(facts.continuous_years, 2, "issued two years and 150 days ago, endorsed on time twice");
    assert_eq!(facts.endorsements.len(), 2);
    assert!(facts.endorsements.iter().all(|e| matches!(e, Endorsement::OnTime { .. })));
    assert_eq!(facts.made_on, local_date_ms(app.now_ms()));
    // The ID number is not in it: the permit number names the permit.
    assert!(!opened.body.to_string().contains(permit["id_number"].as_str().unwrap()));
    let payload = {
        use base64::Engine;
        let jws = opened.body["statement"].as_str().unwrap();
        String::from_utf8(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jws.split('.').nth(1).unwrap()).unwrap()).unwrap()
    };
    assert!(!payload.contains(permit["id_number"].as_str().unwrap()), "{payload}");
    assert!(payload.contains(permit["residence_address"].as_str().unwrap()));

    // The holder sees it among the shares, with the opening, and is told once.
    let listed = app.get("/api/v1/shares", Some(&t)).await.body;
    assert_eq!(listed[0]["id"], made["share"]["id"]);
    assert_eq!(listed[0]["openings_ms"].as_array().unwrap().len(), 1);
    open(&app, code).await;
    let titles = app.message_titles(&t).await;
    assert_eq!(titles.iter().filter(|t| *t == "居住证明已被核验").count(), 1, "{titles:?}");
}

#[tokio::test]
async fn a_retry_with_its_key_returns_the_same_certificate_not_a_second() {
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhou").await;
    let (first, again) = tokio::join!(make(&app, &t, "cert-retry"), make(&app, &t, "cert-retry"));
    assert_eq!(first["code"], again["code"]);
    assert_eq!(app.get("/api/v1/shares", Some(&t)).await.body.as_array().unwrap().len(), 1);
    let other = make(&app, &t, "cert-other").await;
    assert_ne!(other["code"], first["code"]);
}

#[tokio::test]
async fn only_the_code_opens_it_and_text_that_cannot_be_one_finds_nothing() {
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhou").await;
    let made = make(&app, &t, "cert-2").await;
    let id = made["share"]["id"].as_str().unwrap();
    let real = made["code"].as_str().unwrap();
    let guessed = certificate::code([0x5A; certificate::CODE_BYTES]);
    let share_secret = {
        let s = app
            .post("/api/v1/shares", Some(&t), json!({ "purpose": "rent", "recipient": "房东", "fields": ["name"], "valid_minutes": 60 }))
            .await;
        s.body["secret"].as_str().unwrap().to_owned()
    };
    for bad in [guessed.as_str(), &real[..18], "", "' OR 1=1 --", id, &share_secret, &"7".repeat(100_000)] {
        let r = open(&app, bad).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_share")), "{bad:.30}");
        let s = app.post("/api/v1/public/certificates/status", None, json!({ "code": bad })).await;
        assert_eq!(s.status, StatusCode::NOT_FOUND, "{bad:.30}");
    }
    assert_eq!(app.post("/api/v1/public/certificates/open", None, json!({})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The status never carries the statement, and is no opening.
    let s = app.post("/api/v1/public/certificates/status", None, json!({ "code": real })).await;
    assert_eq!(s.body, json!({ "state": "verified" }));
    assert!(app.get("/api/v1/shares", Some(&t)).await.body[1]["openings_ms"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn another_person_cannot_download_it_and_a_revoked_one_says_only_that() {
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhou").await;
    let made = make(&app, &t, "cert-3").await;
    let (id, code, path) = (made["share"]["id"].as_str().unwrap(), made["code"].as_str().unwrap(), made["pdf_path"].as_str().unwrap());
    let stranger = app.sign_in("valid-permit").await;
    assert_eq!(download(&app, path, &stranger).await.0, StatusCode::NOT_FOUND);
    let staff = app.sign_in("staff-police").await;
    assert_eq!(download(&app, path, &staff).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(path, None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post(&format!("/api/v1/shares/{id}/revocation"), Some(&stranger), json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a stranger cannot revoke it");

    let r = app.post(&format!("/api/v1/shares/{id}/revocation"), Some(&t), json!({})).await;
    assert_eq!(r.body["state"], "revoked");
    assert_eq!(open(&app, code).await.body, json!({ "state": "revoked" }));
    assert_eq!(download(&app, path, &t).await.0, StatusCode::NOT_FOUND, "a revoked certificate is not handed out again");
}

#[tokio::test]
async fn it_holds_for_ninety_days_to_the_millisecond() {
    let app = TestApp::demo();
    app.stop_clock();
    let t = app.sign_in("guardian-zhou").await;
    let made = make(&app, &t, "cert-4").await;
    let code = made["code"].as_str().unwrap();
    let expires = made["share"]["expires_at_ms"].as_i64().unwrap();
    app.advance(expires - app.now_ms() - 1).await;
    assert_eq!(open(&app, code).await.body["state"], "verified");
    app.advance(1).await;
    assert_eq!(open(&app, code).await.body, json!({ "state": "expired" }));
}

#[tokio::test]
async fn no_certificate_for_a_suspended_permit_staff_or_a_stranger_to_the_session() {
    let app = TestApp::demo();
    let suspended = app.sign_in("suspended").await;
    let r = app.post_keyed("/api/v1/certificates", &suspended, "k", json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("permit_suspended")));
    let none = app.sign_in("eligible-data-ok").await;
    assert_eq!(app.post_keyed("/api/v1/certificates", &none, "k", json!({})).await.body["code"], "no_permit");
    let staff = app.sign_in("staff-police").await;
    assert_eq!(app.post_keyed("/api/v1/certificates", &staff, "k", json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/certificates", None, json!({})).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_its_font_the_mock_says_so_and_keeps_nothing() {
    let app = TestApp::with(|c| {
        c.demo = true;
        c.certificate_font = "/nonexistent/font.ttc".into();
    });
    let t = app.sign_in("guardian-zhou").await;
    let r = app.post_keyed("/api/v1/certificates", &t, "k", json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("certificate_unavailable")));
    assert_eq!(app.get("/api/v1/shares", Some(&t)).await.body, json!([]));
}

#[tokio::test]
async fn guessing_codes_is_rate_limited_like_opening_shares() {
    let app = TestApp::demo();
    let from = |ip: [u8; 4], code: &str| {
        let mut r = Request::post("/api/v1/public/certificates/open")
            .header("content-type", "application/json")
            .body(Body::from(json!({ "code": code }).to_string()))
            .unwrap();
        r.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        r
    };
    for i in 0..30u8 {
        let guess = certificate::code([i; certificate::CODE_BYTES]);
        assert_eq!(app.send(from([10, 0, 0, 9], &guess)).await.status, StatusCode::NOT_FOUND, "guess {i}");
    }
    let refused = app.send(from([10, 0, 0, 9], "0000-0000-0000-0000")).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("share_open_rate_limited")));
    assert!(refused.headers.contains_key("retry-after"));
}
