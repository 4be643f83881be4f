//! Issue 20: the challenge mode. The counter shows a QR for its post, the holder's phone
//! answers it with its device key, the counter hears the verdict on its event stream; each
//! attack tried on it (docs/challenge.md).

mod common;

use axum::{body::Body, http::{Request, StatusCode}};
use common::{answer, TestApp};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// A challenge issued to the signed-in staff member's post.
async fn issue(app: &TestApp, staff: &str) -> Value {
    let r = app.post("/api/v1/challenges", Some(staff), json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

/// The staff member's post, as the challenge must name it.
async fn post_of(app: &TestApp, staff: &str) -> (String, String) {
    let me = app.get("/api/v1/me", Some(staff)).await.body;
    (me["post"]["department"].as_str().unwrap().to_owned(), me["post"]["counter"].as_str().unwrap().to_owned())
}

async fn send_answer(app: &TestApp, token: &str, id: &str, text: &str) -> common::Reply {
    app.post(&format!("/api/v1/challenges/{id}/answer"), Some(token), json!({ "answer": text })).await
}

/// Opens the staff member's event stream; the next `challenge_answered` event's data.
struct Stream(Body);

impl Stream {
    async fn open(app: &TestApp, token: &str) -> Self {
        let ticket = app.post("/api/v1/events/ticket", Some(token), json!({})).await;
        let uri = format!("/api/v1/events?ticket={}", ticket.body["ticket"].as_str().unwrap());
        let res = app.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        Self(res.into_body())
    }

    async fn next_answered(&mut self) -> Value {
        let read = async {
            let mut text = String::new();
            loop {
                let frame = self.0.frame().await.expect("the stream is open").unwrap();
                text.push_str(&String::from_utf8_lossy(&frame.into_data().unwrap_or_default()));
                if let Some(at) = text.find("event: challenge_answered\ndata: ") {
                    let rest = &text[at + "event: challenge_answered\ndata: ".len()..];
                    if let Some(end) = rest.find('\n') {
                        return serde_json::from_str(&rest[..end]).unwrap();
                    }
                }
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(5), read).await.expect("an answer within 5 s")
    }
}

#[tokio::test]
async fn the_holder_answers_the_counters_challenge_and_the_counter_hears_the_verdict_at_once() {
    let app = TestApp::demo();
    let staff = app.sign_in_staff("staff-hospital").await;
    let (department, counter) = post_of(&app, &staff).await;
    let mut stream = Stream::open(&app, &staff).await;
    let holder = app.sign_in("valid-permit").await;
    let (key, device) = app.register_device(&holder, 1).await;

    let c = issue(&app, &staff).await;
    let id = c["id"].as_str().unwrap();
    assert_eq!(c["qr"], format!("GDJZZ-Q:{id}"));
    let number = c["number"].as_str().unwrap();
    assert!(number.len() == 6 && number.bytes().all(|b| b.is_ascii_digit()), "{number}");
    assert_eq!(c["answer_by_ms"].as_i64().unwrap() - c["issued_at_ms"].as_i64().unwrap(), 60_000);

    // The phone reads the QR and shows who asks; typing the number finds the same challenge.
    let asked = app.get(&format!("/api/v1/challenges/{id}"), Some(&holder)).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!((asked.body["post"]["department"].as_str(), asked.body["post"]["counter"].as_str()), (Some(department.as_str()), Some(counter.as_str())));
    assert!(asked.body["fields"].as_array().unwrap().contains(&json!("photo")));
    let typed = app.post("/api/v1/challenges/lookup", Some(&holder), json!({ "number": format!("{} {}", &number[..3], &number[3..]) })).await;
    assert_eq!((typed.status, typed.body["id"].as_str()), (StatusCode::OK, Some(id)));

    let text = answer(&key, device, id, app.now_ms() / 1000, &department, &counter);
    let r = send_answer(&app, &holder, id, &text).await;
    assert_eq!((r.status, r.body["accepted"].as_bool()), (StatusCode::OK, Some(true)), "{:?}", r.body);
    assert_eq!(r.body["post"]["counter"], counter.as_str());

    let heard = stream.next_answered().await;
    assert_eq!(heard["challenge_id"], id);
    let verdict = &heard["verdict"];
    assert_eq!(verdict["accepted"], true);
    let permit = app.get("/api/v1/permit", Some(&holder)).await.body;
    assert_eq!(verdict["permit"]["number"], permit["number"]);
    // The same photo as after a scan, for the staff who asked.
    let photo = app.get(verdict["permit"]["photo_path"].as_str().unwrap(), Some(&staff)).await;
    assert_eq!(photo.status, StatusCode::OK);

    let history = app.get("/api/v1/verifications", Some(&holder)).await.body;
    let first = &history[0];
    assert_eq!((first["counter"].as_str(), first["accepted"].as_bool()), (Some(counter.as_str()), Some(true)));
    assert_eq!(first["answered_by_holder"], true, "marked as answered by the holder: {first}");
    assert_eq!(first["id"], verdict["id"]);
}

#[tokio::test]
async fn a_replay_a_late_answer_a_relay_to_another_counter_and_a_strangers_device_are_each_refused_by_their_rule() {
    let app = TestApp::demo();
    app.stop_clock();
    let staff = app.sign_in_staff("staff-hospital").await;
    let (department, counter) = post_of(&app, &staff).await;
    let mut stream = Stream::open(&app, &staff).await;
    let holder = app.sign_in("valid-permit").await;
    let (key, device) = app.register_device(&holder, 1).await;
    let now_s = || app.now_ms() / 1000;
    let rule_of = |r: &common::Reply| (r.status, r.body["accepted"].as_bool(), r.body["rule"].as_str().map(str::to_owned));
    let refused = |rule: &str| (StatusCode::OK, Some(false), Some(rule.to_owned()));

    // A replay: the accepted answer sent again.
    let c = issue(&app, &staff).await;
    let id = c["id"].as_str().unwrap();
    let text = answer(&key, device, id, now_s(), &department, &counter);
    assert_eq!(send_answer(&app, &holder, id, &text).await.body["accepted"], true);
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &text).await), refused("challenge_used"));
    assert_eq!(stream.next_answered().await["verdict"]["accepted"], true);
    assert_eq!(stream.next_answered().await["verdict"]["rule"], "challenge_used", "the counter hears the replay too");
    // The used challenge is no longer shown to a phone.
    assert_eq!(app.get(&format!("/api/v1/challenges/{id}"), Some(&holder)).await.body["code"], "no_such_challenge");

    // Late: at the minute, and the phone's answer dated in it.
    let c = issue(&app, &staff).await;
    let id = c["id"].as_str().unwrap();
    let text = answer(&key, device, id, now_s(), &department, &counter);
    app.advance(60_000).await;
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &text).await), refused("challenge_expired"));

    // A relay: the phone signed for another counter of the department (the answer was made
    // for there and carried here).
    let c = issue(&app, &staff).await;
    let id = c["id"].as_str().unwrap();
    let relayed = answer(&key, device, id, now_s(), &department, "某某窗口");
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &relayed).await), refused("other_counter"));
    // Dated outside the minute: the phone's clock is wrong (or the answer was made earlier).
    let early = answer(&key, device, id, now_s() - 3600, &department, &counter);
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &early).await), refused("out_of_time"));
    // Another phone's key with this phone's id: forged.
    let mut scalar = [0x33u8; 32];
    scalar[31] = 9;
    let other_key = p256::ecdsa::SigningKey::from_slice(&scalar).unwrap();
    let forged = answer(&other_key, device, id, now_s(), &department, &counter);
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &forged).await), refused("forged"));
    // A stranger sends the holder's answer as their own: the device is someone else's.
    let stranger = app.sign_in("endorsement-due").await;
    let genuine = answer(&key, device, id, now_s(), &department, &counter);
    assert_eq!(rule_of(&send_answer(&app, &stranger, id, &genuine).await), refused("device_of_another_permit"));
    // An answer to another challenge sent to this one.
    let other = issue(&app, &staff).await;
    let crossed = answer(&key, device, other["id"].as_str().unwrap(), now_s(), &department, &counter);
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &crossed).await), refused("unknown_challenge"));
    // Not an answer at all, and far too long.
    assert_eq!(rule_of(&send_answer(&app, &holder, id, "GDJZZ:AAAA").await), refused("malformed"));
    assert_eq!(rule_of(&send_answer(&app, &holder, id, &"A".repeat(100_000)).await), refused("malformed"));
    // After all that, the genuine answer still goes through: refusals do not use it up.
    assert_eq!(send_answer(&app, &holder, id, &genuine).await.body["accepted"], true);

    // Only the holder's own genuine answers are in their history; forged ones name nobody.
    let history = app.get("/api/v1/verifications", Some(&holder)).await.body;
    let rules: Vec<_> = history.as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap_or("accepted").to_owned()).collect();
    assert!(!rules.contains(&"forged".to_owned()) && !rules.contains(&"device_of_another_permit".to_owned()), "{rules:?}");
    assert!(rules.contains(&"other_counter".to_owned()), "{rules:?}");
    assert!(app.get("/api/v1/verifications", Some(&stranger)).await.body.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn no_such_challenge_ids_and_numbers_say_so_and_numbers_cannot_be_walked() {
    let app = TestApp::demo();
    let staff = app.sign_in_staff("staff-hospital").await;
    let holder = app.sign_in("valid-permit").await;
    let (key, device) = app.register_device(&holder, 1).await;
    for id in ["AAAAAAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fetc", "aaaaaaaaaaaaaaaaaaaaaaaaaa", &"A".repeat(5000)] {
        let r = app.get(&format!("/api/v1/challenges/{id}"), Some(&holder)).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_such_challenge")), "{id:.30}");
        let a = send_answer(&app, &holder, id, &answer(&key, device, "AAAAAAAAAAAAAAAAAAAAAAAAAA", 0, "d", "c")).await;
        assert_eq!(a.body["code"], "no_such_challenge");
    }
    let bad = app.post("/api/v1/challenges/lookup", Some(&holder), json!({ "number": "12345" })).await;
    assert_eq!((bad.status, bad.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_fields")));
    let shown = issue(&app, &staff).await;
    let shown_number = shown["number"].as_str().unwrap();
    // Walking the numbers: ten tries, then 429 with Retry-After, before a million.
    let mut tried = 1;
    let limited = loop {
        let n = format!("{:06}", (shown_number.parse::<u32>().unwrap() + tried) % 1_000_000);
        let r = app.post("/api/v1/challenges/lookup", Some(&holder), json!({ "number": n })).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            break r;
        }
        assert_eq!(r.body["code"], "no_such_challenge");
        tried += 1;
        assert!(tried < 20);
    };
    assert_eq!(limited.body["code"], "challenge_rate_limited");
    assert!(tried <= 11, "{tried} lookups before the limit");
}

#[tokio::test]
async fn only_staff_at_a_post_issue_challenges_and_only_residents_answer_them() {
    let app = TestApp::demo();
    let holder = app.sign_in("valid-permit").await;
    let r = app.post("/api/v1/challenges", Some(&holder), json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("staff_only")));
    let no_post = app.sign_in("staff-school").await;
    let r = app.post("/api/v1/challenges", Some(&no_post), json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("post_not_chosen")));
    assert_eq!(app.post("/api/v1/challenges", None, json!({})).await.status, StatusCode::UNAUTHORIZED);

    let staff = app.sign_in_staff("staff-police").await;
    let id = issue(&app, &staff).await["id"].as_str().unwrap().to_owned();
    let r = app.get(&format!("/api/v1/challenges/{id}"), Some(&staff)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_a_resident")));
    let r = send_answer(&app, &staff, &id, "GDJZZ-A:AAAA").await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_a_resident")));
    assert_eq!(app.get(&format!("/api/v1/challenges/{id}"), None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_answers_at_once_one_wins() {
    let app = TestApp::demo();
    let staff = app.sign_in_staff("staff-hospital").await;
    let (department, counter) = post_of(&app, &staff).await;
    let holder = app.sign_in("valid-permit").await;
    let (key, device) = app.register_device(&holder, 1).await;
    for _ in 0..4 {
        let c = issue(&app, &staff).await;
        let id = c["id"].as_str().unwrap();
        let text = answer(&key, device, id, app.now_ms() / 1000, &department, &counter);
        let (a, b) = tokio::join!(send_answer(&app, &holder, id, &text), send_answer(&app, &holder, id, &text));
        let mut outcomes = [a.body["rule"].as_str().unwrap_or("accepted").to_owned(), b.body["rule"].as_str().unwrap_or("accepted").to_owned()];
        outcomes.sort();
        assert_eq!(outcomes, ["accepted", "challenge_used"]);
    }
}

#[tokio::test]
async fn a_suspended_permit_is_refused_as_at_a_scan_and_a_counters_challenges_are_bounded() {
    let app = TestApp::demo();
    let staff = app.sign_in_staff("staff-hospital").await;
    let (department, counter) = post_of(&app, &staff).await;
    let holder = app.sign_in("suspended").await;
    let (key, device) = app.register_device(&holder, 1).await;
    let id = issue(&app, &staff).await["id"].as_str().unwrap().to_owned();
    let r = send_answer(&app, &holder, &id, &answer(&key, device, &id, app.now_ms() / 1000, &department, &counter)).await;
    assert_eq!((r.body["accepted"].as_bool(), r.body["rule"].as_str()), (Some(false), Some("permit_suspended")));

    // A script asking for challenges all day keeps at most a few open: the oldest go.
    let first = issue(&app, &staff).await["id"].as_str().unwrap().to_owned();
    for _ in 0..20 {
        issue(&app, &staff).await;
    }
    assert!(app.state.challenges.len() <= 8, "{} kept", app.state.challenges.len());
    assert_eq!(app.get(&format!("/api/v1/challenges/{first}"), Some(&holder)).await.body["code"], "no_such_challenge");
}
