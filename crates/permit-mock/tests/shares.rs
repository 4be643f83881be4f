//! Issue 19: shares (用证授权), made by the holder, opened by anyone with the link, checked
//! against the issuer's published keys; each attack tried on them.

mod common;

use axum::{body::Body, extract::ConnectInfo, http::{Request, StatusCode}};
use common::TestApp;
use permit_core::{api::share::JwkSet, share::ShareField, statement};
use serde_json::{json, Value};

fn rent() -> Value {
    json!({ "purpose": "rent", "recipient": "某某物业", "fields": ["name", "permit_valid", "city"], "valid_minutes": 1440 })
}

async fn make(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let r = app.post("/api/v1/shares", Some(token), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["share"]["id"].as_str().unwrap().to_owned();
    let secret = r.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(r.body["link"], format!("/s/{id}#{secret}"));
    assert!(permit_core::api::share::is_share_id(&id) && permit_core::api::share::is_share_secret(&secret), "{id} {secret}");
    (id, secret)
}

async fn open(app: &TestApp, id: &str, secret: &str) -> common::Reply {
    app.post(&format!("/api/v1/public/shares/{id}/open"), None, json!({ "secret": secret })).await
}

async fn keys(app: &TestApp) -> JwkSet {
    serde_json::from_value(app.get("/api/v1/issuer-keys", None).await.body).unwrap()
}

fn now_s(app: &TestApp) -> i64 {
    app.now_ms() / 1000
}

#[tokio::test]
async fn a_share_opens_without_an_account_and_its_statement_verifies_with_the_published_key() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, rent()).await;
    let opened = open(&app, &id, &secret).await;
    assert_eq!(opened.status, StatusCode::OK, "{:?}", opened.body);
    assert_eq!(opened.body["state"], "verified");
    let jws = opened.body["statement"].as_str().unwrap();
    let set = keys(&app).await;
    let s = statement::verify(jws, |kid| set.key(kid), now_s(&app)).unwrap();
    assert_eq!(s.sid, id);
    assert_eq!(s.recipient, "某某物业");
    assert_eq!(s.claims.fields(), [ShareField::Name, ShareField::PermitValid, ShareField::City]);
    assert_eq!(s.claims.permit_valid, Some(true));
    assert_eq!(s.exp - s.iat, 24 * 3600);
    // Nothing else of the permit is anywhere in the answer, decoded or not.
    let permit = app.get("/api/v1/permit", Some(&t)).await.body;
    let payload = {
        use base64::Engine;
        String::from_utf8(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jws.split('.').nth(1).unwrap()).unwrap()).unwrap()
    };
    for field in ["id_number", "residence_address", "household_address", "birth_date", "number", "ethnicity"] {
        let value = permit[field].as_str().unwrap();
        assert!(!payload.contains(value), "{field} leaked: {payload}");
        assert!(!opened.body.to_string().contains(value), "{field} leaked");
    }
}

#[tokio::test]
async fn the_secret_is_required_and_a_wrong_one_answers_like_an_unknown_share() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, rent()).await;
    let wrong = open(&app, &id, &format!("{secret}x")).await;
    let unknown = open(&app, "shr-0000000000000000", &secret).await;
    let empty = open(&app, &id, "").await;
    for r in [&wrong, &unknown, &empty] {
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_share")));
    }
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
    let missing = app.post(&format!("/api/v1/public/shares/{id}/open"), None, json!({})).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nor is the statement given by the status or the photo routes.
    let status = app.post(&format!("/api/v1/public/shares/{id}/status"), None, json!({ "secret": "nope" })).await;
    assert_eq!(status.status, StatusCode::NOT_FOUND);
    let photo = app.post(&format!("/api/v1/public/shares/{id}/photo"), None, json!({ "secret": "nope" })).await;
    assert_eq!(photo.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_resident_can_neither_list_nor_revoke_your_shares() {
    let app = TestApp::demo();
    let owner = app.sign_in("valid-permit").await;
    let other = app.sign_in("endorsement-due").await;
    let (id, secret) = make(&app, &owner, rent()).await;
    assert_eq!(app.get("/api/v1/shares", Some(&other)).await.body, json!([]));
    let r = app.post(&format!("/api/v1/shares/{id}/revocation"), Some(&other), json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_share")));
    assert_eq!(open(&app, &id, &secret).await.body["state"], "verified");
    let staff = app.sign_in("staff-police").await;
    assert_eq!(app.get("/api/v1/shares", Some(&staff)).await.body["code"], "not_a_resident");
    assert_eq!(app.get("/api/v1/shares", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_revoked_share_says_only_that_and_gives_nothing_more() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, json!({ "purpose": "employment", "recipient": "某公司", "fields": ["name", "photo"], "valid_minutes": 60 })).await;
    let photo = app.post(&format!("/api/v1/public/shares/{id}/photo"), None, json!({ "secret": secret })).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.headers["content-type"], "image/jpeg");
    let r = app.post(&format!("/api/v1/shares/{id}/revocation"), Some(&t), json!({})).await;
    assert_eq!((r.status, r.body["state"].as_str()), (StatusCode::OK, Some("revoked")));
    let first = r.body["revoked_at_ms"].as_i64().unwrap();
    app.advance(5_000).await;
    let again = app.post(&format!("/api/v1/shares/{id}/revocation"), Some(&t), json!({})).await;
    assert_eq!(again.body["revoked_at_ms"].as_i64(), Some(first), "the first revocation stands");
    let opened = open(&app, &id, &secret).await;
    assert_eq!(opened.body, json!({ "state": "revoked" }));
    let status = app.post(&format!("/api/v1/public/shares/{id}/status"), None, json!({ "secret": secret })).await;
    assert_eq!(status.body, json!({ "state": "revoked" }));
    let photo = app.post(&format!("/api/v1/public/shares/{id}/photo"), None, json!({ "secret": secret })).await;
    assert_eq!((photo.status, photo.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_photo")));
}

#[tokio::test]
async fn a_share_expires_at_its_minute_and_its_statement_with_it() {
    let app = TestApp::demo();
    app.stop_clock();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, json!({ "purpose": "school", "recipient": "某小学", "fields": ["name"], "valid_minutes": 10 })).await;
    let jws = open(&app, &id, &secret).await.body["statement"].as_str().unwrap().to_owned();
    let set = keys(&app).await;
    let exp = statement::parse(&jws).unwrap().statement.exp;
    app.advance(exp * 1000 - app.now_ms() - 1).await;
    assert_eq!(open(&app, &id, &secret).await.body["state"], "verified");
    app.advance(1).await;
    assert_eq!(open(&app, &id, &secret).await.body, json!({ "state": "expired" }));
    // The statement itself says so too, offline.
    assert_eq!(statement::verify(&jws, |kid| set.key(kid), exp), Err(statement::StatementRejection::Expired));
    let listed = app.get("/api/v1/shares", Some(&t)).await.body;
    assert_eq!(listed[0]["state"], "expired");
}

#[tokio::test]
async fn each_opening_is_listed_and_only_the_first_tells_the_holder() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, rent()).await;
    let before = app.message_titles(&t).await.len();
    open(&app, &id, &secret).await;
    app.advance(1_000).await;
    open(&app, &id, &secret).await;
    // A refresh of the page's line is no opening.
    app.post(&format!("/api/v1/public/shares/{id}/status"), None, json!({ "secret": secret })).await;
    let titles = app.message_titles(&t).await;
    assert_eq!(titles.len(), before + 1);
    assert!(titles.iter().any(|m| m == "分享已被打开"));
    let listed = app.get("/api/v1/shares", Some(&t)).await.body;
    let openings = listed[0]["openings_ms"].as_array().unwrap();
    assert_eq!(openings.len(), 2);
    assert!(openings[0].as_i64() > openings[1].as_i64(), "newest first");
    // Nothing about the viewer is kept: the list holds times only.
    assert!(openings.iter().all(Value::is_i64));
}

#[tokio::test]
async fn a_suspended_or_cancelled_permit_is_not_shared_with_the_reason() {
    let app = TestApp::demo();
    let t = app.sign_in("suspended").await;
    let r = app.post("/api/v1/shares", Some(&t), rent()).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("permit_suspended")));
    let t = app.sign_in("valid-permit").await;
    assert_eq!(app.post("/api/v1/permit/cancellation", Some(&t), json!({ "confirm": true })).await.status, StatusCode::OK);
    let r = app.post("/api/v1/shares", Some(&t), rent()).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("permit_cancelled")));
    let t = app.sign_in("eligible-data-ok").await;
    assert_eq!(app.post("/api/v1/shares", Some(&t), rent()).await.body["code"], "no_permit");
}

#[tokio::test]
async fn malformed_and_extreme_requests_are_refused_with_every_problem_named() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let r = app
        .post("/api/v1/shares", Some(&t), json!({ "purpose": "other", "recipient": "  ", "fields": [], "valid_minutes": 0 }))
        .await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("share_invalid")));
    let detail = r.body["detail"].as_str().unwrap();
    for p in ["recipient_missing", "note_missing", "no_fields", "validity_too_short"] {
        assert!(detail.contains(p), "{detail}");
    }
    for bad in [
        json!({ "purpose": "rent", "recipient": "x", "fields": ["name"], "valid_minutes": 4_294_967_296u64 }),
        json!({ "purpose": "rent", "recipient": "x", "fields": ["name"], "valid_minutes": -1 }),
        json!({ "purpose": "rent", "recipient": "x", "fields": ["passport"], "valid_minutes": 60 }),
        json!({ "purpose": "holiday", "recipient": "x", "fields": ["name"], "valid_minutes": 60 }),
    ] {
        assert_eq!(app.post("/api/v1/shares", Some(&t), bad.clone()).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let r = app
        .post("/api/v1/shares", Some(&t), json!({ "purpose": "rent", "recipient": "某\u{202E}物业", "fields": ["name"], "valid_minutes": 60 }))
        .await;
    assert!(r.body["detail"].as_str().unwrap().contains("recipient_unprintable"));
    let r = app.post("/api/v1/shares", Some(&t), json!({ "purpose": "rent", "recipient": "x", "fields": ["name"], "valid_minutes": 10081 })).await;
    assert!(r.body["detail"].as_str().unwrap().contains("validity_too_long"));
    assert_eq!(app.get("/api/v1/shares", Some(&t)).await.body, json!([]), "nothing was made");
}

#[tokio::test]
async fn a_retried_share_with_its_key_makes_no_second_share() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let first = app.post_keyed("/api/v1/shares", &t, "share-1", rent()).await;
    let retry = app.post_keyed("/api/v1/shares", &t, "share-1", rent()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(retry.body["secret"], first.body["secret"]);
    assert_eq!(app.get("/api/v1/shares", Some(&t)).await.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn openings_are_limited_per_client_address() {
    let app = TestApp::demo();
    app.stop_clock();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, rent()).await;
    let from = |ip: [u8; 4]| {
        let mut r = Request::post(format!("/api/v1/public/shares/{id}/open"))
            .header("content-type", "application/json")
            .body(Body::from(json!({ "secret": secret }).to_string()))
            .unwrap();
        r.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        r
    };
    for i in 0..30 {
        assert_eq!(app.send(from([10, 0, 0, 9])).await.status, StatusCode::OK, "opening {i}");
    }
    let refused = app.send(from([10, 0, 0, 9])).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("share_open_rate_limited")));
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(app.send(from([10, 0, 0, 10])).await.status, StatusCode::OK, "another address is not affected");
    // Guessing secrets counts against the same bucket as opening.
    let guess = app.send(from([10, 0, 0, 9])).await;
    assert_eq!(guess.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_issuer_key_survives_a_restart_and_a_rotated_key_stays_published_while_its_statements_may_hold() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, json!({ "purpose": "rent", "recipient": "房东", "fields": ["name"], "valid_minutes": 10080 })).await;
    let jws = open(&app, &id, &secret).await.body["statement"].as_str().unwrap().to_owned();
    let app = app.restart();
    let set = keys(&app).await;
    assert_eq!(set.keys.len(), 1);
    assert!(statement::verify(&jws, |kid| set.key(kid), now_s(&app)).is_ok(), "verifies after a restart");
    let old_kid = statement::parse(&jws).unwrap().header.kid;
    app.stop_clock();
    permit_mock::issuer::rotate(&app.state.store, app.now_ms()).unwrap();
    let set = keys(&app).await;
    assert_eq!(set.keys.len(), 2);
    assert!(statement::verify(&jws, |kid| set.key(kid), now_s(&app)).is_ok(), "the old key is still published");
    // New statements are signed with the new key.
    let (id2, secret2) = make(&app, &t, rent()).await;
    let jws2 = open(&app, &id2, &secret2).await.body["statement"].as_str().unwrap().to_owned();
    assert_ne!(statement::parse(&jws2).unwrap().header.kid, old_kid);
    // Once every statement the old key signed has expired, it is no longer published.
    app.advance(7 * 24 * 3600 * 1000 + 1).await;
    let set = keys(&app).await;
    assert_eq!(set.keys.len(), 1);
    assert!(set.key(&old_kid).is_none());
}

#[tokio::test]
async fn the_public_routes_take_no_idempotency_key_and_no_get() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (id, secret) = make(&app, &t, rent()).await;
    let keyed = Request::post(format!("/api/v1/public/shares/{id}/open"))
        .header("content-type", "application/json")
        .header("idempotency-key", "k1")
        .body(Body::from(json!({ "secret": secret }).to_string()))
        .unwrap();
    let r = app.send(keyed).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("idempotency_not_supported")));
    // The secret never goes in a URL: there is no GET that takes it.
    let r = app.get(&format!("/api/v1/public/shares/{id}/open?secret={secret}"), None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn two_revocations_and_two_first_openings_at_once_each_count_once() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let before = app.message_titles(&t).await.len();
    let (id, secret) = make(&app, &t, rent()).await;
    // Two recipients open the link in the same instant: two openings, one message to the holder.
    let (a, b) = tokio::join!(open(&app, &id, &secret), open(&app, &id, &secret));
    assert_eq!((a.body["state"].as_str(), b.body["state"].as_str()), (Some("verified"), Some("verified")));
    let titles = app.message_titles(&t).await;
    assert_eq!(titles.iter().filter(|m| *m == "分享已被打开").count(), 1, "{titles:?}");
    assert_eq!(titles.len(), before + 1);
    let listed = app.get("/api/v1/shares", Some(&t)).await.body;
    assert_eq!(listed[0]["openings_ms"].as_array().map(Vec::len), Some(2));
    // Two revocations at once (two of the holder's phones): both answer revoked, with one time.
    let path = format!("/api/v1/shares/{id}/revocation");
    let (r1, r2) = tokio::join!(app.post(&path, Some(&t), json!({})), app.post(&path, Some(&t), json!({})));
    assert_eq!((r1.status, r2.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(r1.body["revoked_at_ms"], r2.body["revoked_at_ms"], "one revocation, not two");
    assert_eq!(open(&app, &id, &secret).await.body, json!({ "state": "revoked" }));
    // A revocation racing an opening: the opening gets either the copy or "revoked", never an
    // error, and afterwards every opening is refused.
    let (id, secret) = make(&app, &t, rent()).await;
    let path = format!("/api/v1/shares/{id}/revocation");
    let (opened, revoked) = tokio::join!(open(&app, &id, &secret), app.post(&path, Some(&t), json!({})));
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(matches!(opened.body["state"].as_str(), Some("verified" | "revoked")), "{:?}", opened.body);
    assert_eq!(open(&app, &id, &secret).await.body, json!({ "state": "revoked" }));
}
