//! The event stream is opened with a ticket (`POST /events/ticket`) because `EventSource`
//! cannot send the session token: the ticket is single use and valid for a minute
//! (`routes::events`, docs/permit-code.md).

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

async fn ticket(app: &TestApp, token: &str) -> String {
    let r = app.post("/api/v1/events/ticket", Some(token), json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["ticket"].as_str().unwrap().to_owned()
}

/// Opens the stream with `ticket`: on success, the status once the first event (`ready`)
/// arrived (the stream itself is dropped); on refusal, the status and the problem's code.
async fn open(app: &TestApp, ticket: &str) -> (StatusCode, Option<String>) {
    let request = Request::get(format!("/api/v1/events?ticket={ticket}")).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(request).await.unwrap();
    let status = res.status();
    let mut body = res.into_body();
    if status == StatusCode::OK {
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert!(String::from_utf8_lossy(&first).contains("event: ready"), "{first:?}");
        return (status, None);
    }
    let bytes = body.collect().await.unwrap().to_bytes();
    let problem: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    (status, problem["code"].as_str().map(str::to_owned))
}

/// What the stream answers an unknown, used or expired ticket.
fn refused() -> (StatusCode, Option<String>) {
    (StatusCode::UNAUTHORIZED, Some("unauthorized".to_owned()))
}

#[tokio::test]
async fn an_event_ticket_opens_one_stream_and_is_refused_after() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let once = ticket(&app, &t).await;
    assert_eq!(open(&app, &once).await, (StatusCode::OK, None));
    assert_eq!(open(&app, &once).await, refused(), "used once already");
    // The session may ask for as many tickets as it opens streams.
    let again = ticket(&app, &t).await;
    assert_ne!(again, once);
    assert_eq!(open(&app, &again).await, (StatusCode::OK, None));
}

#[tokio::test]
async fn an_event_ticket_is_refused_after_its_minute() {
    let app = TestApp::demo();
    app.stop_clock();
    let t = app.sign_in("valid-permit").await;
    // In its last millisecond a ticket still opens the stream...
    let fresh = ticket(&app, &t).await;
    app.advance(60_000).await;
    assert_eq!(open(&app, &fresh).await, (StatusCode::OK, None), "at 60 000 ms");
    // ...one millisecond later it does not, and it is not kept for a later try either.
    let stale = ticket(&app, &t).await;
    app.advance(60_001).await;
    assert_eq!(open(&app, &stale).await, refused(), "at 60 001 ms");
    assert_eq!(open(&app, &stale).await, refused());
    // The session itself is fine: a new ticket works.
    let new = ticket(&app, &t).await;
    assert_eq!(open(&app, &new).await, (StatusCode::OK, None));
}
