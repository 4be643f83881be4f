//! The card as `permit_card` draws it, for the app and the card entry alike: the permit read
//! from JSON without serde reads what serde writes, the face masks and reveals, and the live
//! card shows a code, its parts and its slot as told.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use permit_card::{
    face::{FaceMode, FaceView},
    live_view::LiveView,
    permit_js::permit_from_js,
    text::Lang,
};
use permit_core::{
    api::permit::{Permit, PermitStatus},
    endorsement::EndorsementState,
    id_number::Sex,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A synthetic permit (the ID number passes the GB 11643 checksum).
fn permit(status: PermitStatus, endorsement: Option<EndorsementState>) -> Permit {
    Permit {
        number: "440106202400017".into(),
        name: "陈晓彤".into(),
        sex: Sex::Female,
        ethnicity: "汉".into(),
        birth_date: d(1996, 2, 29),
        id_number: "430102199602290025".into(),
        household_address: "湖南省长沙市芙蓉区五一大道100号".into(),
        residence_address: "广东省广州市天河区天河路385号".into(),
        issuing_authority: "广州市公安局天河区分局".into(),
        issued_on: d(2024, 2, 29),
        years_endorsed: 2,
        counts_from: d(2024, 2, 29),
        years_counted: 2,
        status,
        endorsement,
        photo_path: "/api/v1/permit/photo".into(),
    }
}

fn through_json(p: &Permit) -> Option<Permit> {
    let text = serde_json::to_string(p).unwrap();
    permit_from_js(&js_sys::JSON::parse(&text).unwrap())
}

#[wasm_bindgen_test]
fn the_permit_read_without_serde_is_the_permit_serde_wrote() {
    for p in [
        permit(PermitStatus::Valid, Some(EndorsementState::Valid { window_opens: d(2027, 1, 29), deadline: d(2027, 2, 28) })),
        permit(PermitStatus::EndorsementDue, Some(EndorsementState::WindowOpen { deadline: d(2027, 2, 28), days_left: 10 })),
        permit(PermitStatus::Suspended, Some(EndorsementState::Suspended { since: d(2027, 3, 1) })),
        permit(PermitStatus::Cancelled, None),
    ] {
        assert_eq!(through_json(&p).as_ref(), Some(&p));
    }
}

#[wasm_bindgen_test]
fn a_malformed_permit_is_not_read() {
    let good = serde_json::to_value(permit(PermitStatus::Valid, None)).unwrap();
    for (field, bad) in [
        ("birth_date", serde_json::json!("1996-2-29")),
        ("birth_date", serde_json::json!("1997-02-29")),
        ("issued_on", serde_json::json!(20240229)),
        ("sex", serde_json::json!("x")),
        ("status", serde_json::json!("valid ")),
        ("years_endorsed", serde_json::json!(-1)),
        ("years_endorsed", serde_json::json!(1.5)),
        ("years_endorsed", serde_json::json!(1e12)),
        ("endorsement", serde_json::json!({ "state": "valid" })),
        ("name", serde_json::json!(null)),
    ] {
        let mut v = good.clone();
        v[field] = bad.clone();
        let parsed = js_sys::JSON::parse(&v.to_string()).unwrap();
        assert_eq!(permit_from_js(&parsed), None, "{field} = {bad}");
    }
}

fn text_of(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector}")).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_face_is_masked_until_revealed_and_in_full_at_a_counter() {
    let p = permit(PermitStatus::Valid, Some(EndorsementState::Valid { window_opens: d(2027, 1, 29), deadline: d(2027, 2, 28) }));
    let live = FaceView::render(&p, Lang::Zh, FaceMode::Live);
    assert_eq!(text_of(&live.root, "[data-testid=id-number]"), "430102********0025");
    assert_eq!(text_of(&live.root, "[data-testid=residence]"), "广东省广州市********");
    assert_eq!(text_of(&live.root, "[data-testid=permit-status]"), "有效");
    assert!(text_of(&live.root, ".permit-rows").contains("下次签注 2027年1月29日 – 2027年2月28日"));
    assert!(text_of(&live.root, ".permit-top").contains("1996年2月29日"));
    live.set_revealed(true);
    assert_eq!(text_of(&live.root, "[data-testid=id-number]"), "430102199602290025");
    assert_eq!(text_of(&live.root, ".reveal-hint"), permit_card::text::ZH.reveal_hide);
    live.set_revealed(false);
    assert_eq!(text_of(&live.root, "[data-testid=id-number]"), "430102********0025");

    let counter = FaceView::render(&p, Lang::En, FaceMode::Counter);
    assert_eq!(text_of(&counter.root, "[data-testid=id-number]"), "430102199602290025");
    assert_eq!(text_of(&counter.root, "[data-testid=permit-status]"), "Valid");
    assert!(counter.root.query_selector(".reveal-hint").unwrap().is_none());
    assert!(text_of(&counter.root, ".permit-top").contains("29 Feb 1996"));
}

#[wasm_bindgen_test]
fn the_live_card_shows_a_code_only_when_told_and_its_slot_otherwise() {
    let card = LiveView::new(&permit(PermitStatus::Valid, None), Lang::Zh);
    let code = || card.root.query_selector("[data-testid=permit-code]").unwrap();
    assert!(code().is_none(), "no code before there is one");
    assert!(card.root.query_selector(".code-slot").unwrap().is_some());

    card.set_code_shown(true);
    card.show_code("GDJZZ:TEST", 30);
    let frame = code().expect("the code's frame");
    assert_eq!(frame.get_attribute("data-code").as_deref(), Some("GDJZZ:TEST"));
    let path = frame.query_selector("svg.qr path").unwrap().unwrap().get_attribute("d").unwrap();
    assert_eq!(path, permit_card::qr::qr_path("GDJZZ:TEST").unwrap().0);

    // 2025-12-01 08:00:05 in Guangdong, a third of the step left.
    card.tick(1_764_547_205_000.0, 1.0 / 3.0, 10);
    assert_eq!(text_of(&card.root, "[data-testid=live-clock]"), "2025-12-01 08:00:05");
    assert_eq!(text_of(&card.root, ".ring-seconds"), "10");
    assert!(text_of(&card.root, ".watermark").starts_with("陈** 2025-12-01 08:00:05"));

    card.set_code_shown(false);
    assert!(code().is_none());
}

/// Every copy of the watermark shows the live second: the card's four ticks a second within
/// one second leave the copies as they are, the next second changes all of them, and an
/// earlier text shown again is shown again.
#[wasm_bindgen_test]
fn every_copy_of_the_watermark_follows_the_clock() {
    let mark = permit_card::watermark::Watermark::new();
    let copies = || {
        let spans = mark.root.query_selector_all("span").unwrap();
        (0..spans.length()).map(|i| spans.get(i).unwrap().text_content().unwrap_or_default()).collect::<Vec<_>>()
    };
    let all = |text: &str| copies().len() > 1 && copies().iter().all(|c| c == text);
    assert!(copies().iter().all(String::is_empty), "nothing before the first tick");
    mark.set_text("陈** 2025-12-01 08:00:05");
    assert!(all("陈** 2025-12-01 08:00:05"));
    mark.set_text("陈** 2025-12-01 08:00:05");
    assert!(all("陈** 2025-12-01 08:00:05"));
    mark.set_text("陈** 2025-12-01 08:00:06");
    assert!(all("陈** 2025-12-01 08:00:06"));
    mark.set_text("陈** 2025-12-01 08:00:05");
    assert!(all("陈** 2025-12-01 08:00:05"));
}

async fn next_frames(n: usize) {
    for _ in 0..n {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
        });
        wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    }
}

fn html(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector}")).dyn_into().unwrap()
}

/// A tap on the card replays its animation; pressing a control inside it (the device set-up's
/// button) does not, so the card never leans just as its first code is drawn and scanned.
#[wasm_bindgen_test]
async fn a_tap_on_the_card_moves_it_and_a_press_on_a_button_inside_it_does_not() {
    let card = LiveView::new(&permit(PermitStatus::Valid, None), Lang::Zh);
    let document = web_sys::window().unwrap().document().unwrap();
    document.body().unwrap().append_child(&card.root).unwrap();
    let button = document.create_element("button").unwrap();
    button.set_text_content(Some("开通"));
    card.slot.append_child(&button).unwrap();
    let leaning = || card.root.class_list().contains("tapped");

    html(&card.slot, "button").click();
    next_frames(2).await;
    assert!(!leaning(), "a press on a button is not a tap on the card");

    html(&card.root, ".permit-card").click();
    next_frames(2).await;
    assert!(leaning(), "a tap on the card replays its animation");
    card.root.remove();
}

/// The QR's box is set only when the code's size changes: it must still follow a longer text
/// (a larger version), an empty one (hidden) and a short one again.
#[wasm_bindgen_test]
fn the_qr_box_follows_the_size_of_each_text_and_hides_when_empty() {
    let qr = permit_card::qr::QrView::new("code");
    let shows = |text: &str| {
        let side = permit_card::qr::qr_path(text).unwrap().1;
        assert_eq!(qr.svg.get_attribute("viewBox"), Some(format!("0 0 {side} {side}")), "{text}");
        let rect = qr.svg.query_selector("rect").unwrap().unwrap();
        assert_eq!(rect.get_attribute("width"), Some(side.to_string()));
        assert_eq!(rect.get_attribute("height"), Some(side.to_string()));
        assert!(!qr.svg.has_attribute("hidden"));
        let d = qr.svg.query_selector("path").unwrap().unwrap().get_attribute("d");
        assert_eq!(d, Some(permit_card::qr::qr_path(text).unwrap().0));
    };
    assert!(qr.svg.has_attribute("hidden"), "nothing drawn before a text");
    qr.set_text("GDJZZ:A");
    shows("GDJZZ:A");
    qr.set_text("GDJZZ:B");
    shows("GDJZZ:B");
    let long = "GDJZZ:".to_owned() + &"X".repeat(90);
    assert_ne!(permit_card::qr::qr_path(&long).unwrap().1, permit_card::qr::qr_path("GDJZZ:A").unwrap().1);
    qr.set_text(&long);
    shows(&long);
    qr.set_text("");
    assert!(qr.svg.has_attribute("hidden"));
    qr.set_text("GDJZZ:A");
    shows("GDJZZ:A");
}
