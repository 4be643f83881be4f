//! Issue 15: no update is lost when requests and the background tick change one person at
//! once. A change is written only over the version it read; a stale one runs again.

mod common;

use axum::http::StatusCode;
use common::{code, TestApp};
use permit_mock::{store::Also, world};
use serde_json::json;

#[test]
fn a_stale_write_is_refused_and_the_change_runs_again_on_fresh_data() {
    let app = TestApp::demo();
    let store = &app.state.store;
    let mut runs = 0;
    store
        .update_person("p-valid-permit", |person, _| {
            runs += 1;
            if runs == 1 {
                // Another writer saves between this change's read and its write.
                store.update_person("p-valid-permit", |other, _| {
                    other.situation_zh.push_str("（另一请求）");
                    Ok(())
                })
                .unwrap();
            }
            person.situation_en.push_str(" (this request)");
            Ok(())
        })
        .unwrap();
    assert_eq!(runs, 2, "the stale write was refused once");
    let saved = store.person_by_id("p-valid-permit").unwrap().unwrap();
    assert!(saved.situation_zh.ends_with("（另一请求）"), "the other change is kept");
    assert!(saved.situation_en.ends_with(" (this request)"), "and so is this one");
}

#[test]
fn rows_written_with_a_refused_change_are_not_written() {
    let app = TestApp::demo();
    let store = &app.state.store;
    let before = store.messages("p-valid-permit").unwrap().len();
    let mut runs = 0;
    store
        .update_person("p-valid-permit", |person, also| {
            runs += 1;
            if runs == 1 {
                store.update_person("p-valid-permit", |other, _| {
                    other.situation_zh.push('.');
                    Ok(())
                })
                .unwrap();
            }
            person.situation_en.push('.');
            also.push(Also::Message(permit_mock::notify::compose(
                0,
                permit_core::api::messages::MessageKind::Permit,
                permit_mock::notify::Text { title_zh: "一次", title_en: "once", body_zh: "", body_en: "" },
            )));
            Ok(())
        })
        .unwrap();
    assert_eq!(store.messages("p-valid-permit").unwrap().len(), before + 1, "the message is written once, with the change that won");
}

/// A cancellation, the background tick (with a confirmation due) and a counter's reading of
/// the holder's code, all at once, many times: the cancellation and the confirmation are
/// both always there. Before the versioned store the tick or the verifier could save a copy
/// read before the cancellation and undo it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancellation_racing_the_tick_and_a_verification_is_never_lost() {
    for round in 0..40 {
        let app = TestApp::demo();
        let t = app.sign_in("valid-permit").await;
        let staff = app.sign_in_staff("staff-police").await;
        let (key, id) = app.register_device(&t, 5).await;
        let address = format!("广东省广州市越秀区北京路步行街{}号4楼", 10 + round);
        let r = app.post("/api/v1/registration", Some(&t), common::declare_owned(&format!("北京路步行街{}号", 10 + round), "4楼")).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
        // The confirmation is due, and nobody has applied it yet.
        app.state.clock.advance_ms(world::REVIEW_DELAY_MS);
        let fresh = code(&key, id, app.now_ms() / 1000);

        let ticks: Vec<_> = (0..3)
            .map(|_| {
                let state = app.state.clone();
                tokio::task::spawn_blocking(move || world::advance_all(&state).unwrap())
            })
            .collect();
        let (cancel, verdict) = tokio::join!(
            app.post("/api/v1/permit/cancellation", Some(&t), json!({ "confirm": true })),
            app.post("/api/v1/verifications", Some(&staff), json!({ "code": fresh })),
        );
        for tick in ticks {
            tick.await.unwrap();
        }
        assert_eq!(cancel.status, StatusCode::OK, "round {round}: {:?}", cancel.body);
        assert_eq!(verdict.status, StatusCode::OK, "round {round}: {:?}", verdict.body);

        let permit = app.get("/api/v1/permit", Some(&t)).await;
        assert_eq!(permit.body["status"], "cancelled", "round {round}: the cancellation was lost");
        let reg = app.get("/api/v1/registration", Some(&t)).await;
        assert_eq!(reg.body["current"]["address"], address.as_str(), "round {round}: the confirmation was lost");
        let history = app.get("/api/v1/verifications", Some(&t)).await;
        assert_eq!(history.body.as_array().unwrap().len(), 1, "round {round}: one reading recorded");
    }
}

/// Reads `codes` at the same moment through the router, one counter request each; the
/// verdicts' `rule` (`None` when accepted), in the order given.
async fn read_at_once(app: &TestApp, staff: &str, codes: Vec<String>) -> Vec<Option<String>> {
    let readings: Vec<_> = codes
        .into_iter()
        .map(|code| {
            let router = app.router.clone();
            let body = json!({ "code": code }).to_string();
            let bearer = format!("Bearer {staff}");
            tokio::spawn(async move {
                use axum::{body::Body, http::{header, Request}};
                use http_body_util::BodyExt;
                use tower::ServiceExt;
                let req = Request::post("/api/v1/verifications")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::AUTHORIZATION, bearer)
                    .body(Body::from(body))
                    .unwrap();
                let res = router.oneshot(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                let verdict: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                verdict["rule"].as_str().map(str::to_owned)
            })
        })
        .collect();
    let mut rules = Vec::new();
    for reading in readings {
        rules.push(reading.await.unwrap());
    }
    rules
}

/// Twenty counters read one genuine code at the same moment. Used codes are written in groups
/// (`store/code_uses.rs`, one `fsync` for all that wait), and still exactly one reading wins:
/// the others are `already_used`, whichever group they fell in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_counters_reading_one_code_at_once_accept_it_once() {
    for round in 0..10 {
        let app = TestApp::demo();
        let t = app.sign_in("valid-permit").await;
        let staff = app.sign_in_staff("staff-police").await;
        let (key, id) = app.register_device(&t, 6).await;
        let fresh = code(&key, id, app.now_ms() / 1000);
        let rules = read_at_once(&app, &staff, vec![fresh; 20]).await;
        assert_eq!(rules.iter().filter(|r| r.is_none()).count(), 1, "round {round}: {rules:?}");
        assert!(rules.iter().flatten().all(|r| r == "already_used"), "round {round}: {rules:?}");
        let history = app.get("/api/v1/verifications", Some(&t)).await;
        assert_eq!(history.body.as_array().unwrap().len(), 20, "round {round}: every reading is recorded");
    }
}

/// Codes from two phones read at the same moment, over and over: each phone's newer code is
/// accepted in the same group as the other phone's, and neither use is lost (a restart reads
/// them back from disk).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn codes_of_two_phones_read_at_once_are_each_accepted_and_kept() {
    let app = TestApp::demo();
    let first = app.sign_in("valid-permit").await;
    let second = app.sign_in("endorsement-due").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key1, id1) = app.register_device(&first, 7).await;
    let (key2, id2) = app.register_device(&second, 8).await;
    for _ in 0..5 {
        let now_s = app.now_ms() / 1000;
        let rules = read_at_once(&app, &staff, vec![code(&key1, id1, now_s), code(&key2, id2, now_s)]).await;
        assert_eq!(rules, vec![None, None]);
        app.advance(1_000).await;
    }
    let used = app.now_ms() / 1000 - 1;
    let app = app.restart();
    let staff = app.sign_in_staff("staff-hospital").await;
    let rules = read_at_once(&app, &staff, vec![code(&key1, id1, used), code(&key2, id2, used)]).await;
    assert_eq!(rules, vec![Some("already_used".to_owned()), Some("already_used".to_owned())], "the uses survived a restart");
}
