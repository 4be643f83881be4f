//! Every flow of PRODUCT.md walked through the HTTP API alone, as an integrator would.

mod common;

use axum::http::StatusCode;
use common::{code, phone_of, TestApp};
use serde_json::json;

const REVIEW: i64 = 21_000;

#[tokio::test]
async fn moving_house_the_permit_address_follows_the_confirmed_registration() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let new_address = "广东省广州市越秀区北京路步行街58号4楼";
    // A rented home: the owner confirms.
    let rented = json!({ "mode": "declare", "address": {
        "city": "广州市", "county": "越秀区", "street": " 北京路步行街58号", "building_room": "4楼", "housing": "rented",
        "landlord": { "name": "钟伟明", "phone": "139 0000 7788" },
    } });
    let r = app.post("/api/v1/registration", Some(&t), rented.clone()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!((r.body["address"].as_str(), r.body["confirmer"].as_str()), (Some(new_address), Some("landlord")));
    let again = app.post("/api/v1/registration", Some(&t), rented).await;
    assert_eq!(again.body["code"], "registration_pending");

    let before = app.get("/api/v1/permit", Some(&t)).await;
    assert_ne!(before.body["residence_address"], new_address, "not before it is confirmed");
    app.advance(REVIEW).await;
    let reg = app.get("/api/v1/registration", Some(&t)).await;
    assert_eq!(reg.body["current"]["address"], new_address);
    assert!(reg.body["pending"].is_null());
    let after = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!(after.body["residence_address"], new_address);
    assert!(app.message_titles(&t).await.contains(&"居住登记已确认".to_owned()));
}

/// Door-plate codes (葵花码): a genuine code gives the plate's address in the declaration's
/// fields; a tampered, swapped, unknown or malformed code is refused; the list is demo-only.
#[tokio::test]
async fn a_door_plate_code_fills_the_address_and_a_forged_one_is_refused() {
    let app = TestApp::demo();
    let t = app.sign_in("too-recent").await;
    let plates = app.get("/api/v1/door-plates", None).await;
    let plates = plates.body.as_array().unwrap().clone();
    assert_eq!(plates.len(), 4);
    let code = plates[0]["code"].as_str().unwrap().to_owned();
    let r = app.post("/api/v1/registration/door-plate", Some(&t), json!({ "code": code })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["city"].as_str(), r.body["county"].as_str()), (Some("广州市"), Some("海珠区")));
    let line = format!("广东省{}{}{}{}", r.body["city"].as_str().unwrap(), r.body["county"].as_str().unwrap(), r.body["street"].as_str().unwrap(), r.body["building_room"].as_str().unwrap());
    assert_eq!(plates[0]["address"], line.as_str());
    let typed = app.post("/api/v1/registration/door-plate", Some(&t), json!({ "code": format!(" {} ", code.to_uppercase()) })).await;
    assert_eq!(typed.status, StatusCode::OK, "typed in capitals, with spaces: {:?}", typed.body);

    let other = plates[1]["code"].as_str().unwrap();
    let swapped = format!("GDMP1.plate-1.{}", other.rsplit('.').next().unwrap());
    let mut flipped = code.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == '0' { '1' } else { '0' });
    for bad in [swapped, flipped, "GDMP1.plate-9.00000000000000000000".to_owned(), String::new(), "GDMP1..".to_owned(), "x".repeat(10_000), format!("{code}00")] {
        let r = app.post("/api/v1/registration/door-plate", Some(&t), json!({ "code": bad })).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("door_plate_invalid")), "{bad:.40}");
    }
    assert_eq!(app.post("/api/v1/registration/door-plate", None, json!({ "code": code })).await.status, StatusCode::UNAUTHORIZED);
    let restarted = app.restart();
    assert_eq!(restarted.get("/api/v1/door-plates", None).await.body[0]["code"], code.as_str(), "plates keep their codes over a restart");
    let not_demo = TestApp::with(|c| c.demo = false);
    assert_eq!(not_demo.get("/api/v1/door-plates", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn linking_an_address_on_record_and_refusing_bad_addresses() {
    let app = TestApp::demo();
    let t = app.sign_in("too-recent").await;
    let reg = app.get("/api/v1/registration", Some(&t)).await;
    let record = reg.body["addresses_on_record"][0].clone();
    let bad = [
        json!({ "city": "北京市", "county": "朝阳区", "street": "建国路1号", "building_room": "1栋", "housing": "owned", "landlord": null }),
        json!({ "city": "广州市", "county": "南山区", "street": "科苑路15号", "building_room": "2栋", "housing": "owned", "landlord": null }),
        json!({ "city": "广州市", "county": "天河区", "street": "", "building_room": "", "housing": "owned", "landlord": null }),
        json!({ "city": "广州市", "county": "天河区", "street": "体育西路1号", "building_room": "3栋", "housing": "rented", "landlord": null }),
        json!({ "city": "广州市", "county": "天河区", "street": "<script>路1号", "building_room": "3栋", "housing": "owned", "landlord": null }),
        json!({ "city": "广州市", "county": "天河区", "street": "路".repeat(10_000), "building_room": "3栋", "housing": "owned", "landlord": null }),
    ];
    for address in bad {
        let r = app.post("/api/v1/registration", Some(&t), json!({ "mode": "declare", "address": address })).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("address_invalid")), "{address}");
    }
    let free_text = app.post("/api/v1/registration", Some(&t), json!({ "mode": "declare", "address": "广东省广州市天河区体育西路1号" })).await;
    assert_eq!(free_text.status, StatusCode::UNPROCESSABLE_ENTITY, "a line of free text is not a declaration");
    let r = app.post("/api/v1/registration", Some(&t), json!({ "mode": "link", "record_id": "addr-404" })).await;
    assert_eq!(r.body["code"], "unknown_address_record");
    let r = app.post("/api/v1/registration", Some(&t), json!({ "mode": "link", "record_id": record["record_id"] })).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.body["address"], record["address"]);
}

#[tokio::test]
async fn eligible_with_the_data_check_passing_applies_without_materials() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-ok").await;
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["eligibility"]["route"], "apply");
    assert_eq!(pre.body["materials_needed"], json!([]));
    assert_eq!(pre.body["photo_on_file"], true);
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["code"], "no_permit");

    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "under_review");
    app.advance(REVIEW).await;
    assert_eq!(app.get("/api/v1/application", Some(&t)).await.body["status"], "approved");
    let permit = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!(permit.body["status"], "valid");
    assert_eq!(permit.body["name"], "刘建国");
    assert_eq!(app.get("/api/v1/card-orders", Some(&t)).await.body, json!([]), "no physical card unless asked for");
    assert_eq!(permit.body["sex"], "male");
    assert!(app.message_titles(&t).await.contains(&"电子居住证已签发".to_owned()));
    // Told automatically that they may apply, once.
    let told = app.message_titles(&t).await.iter().filter(|m| m.contains("符合电子居住证申领条件")).count();
    assert_eq!(told, 1);
}

#[tokio::test]
async fn when_the_data_check_fails_documents_and_a_photo_are_needed() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-fails").await;
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["data_check_passed"], false);
    assert_eq!(pre.body["materials_needed"], json!(["residence"]));
    assert_eq!(pre.body["photo_on_file"], false);

    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["residence"] })).await;
    assert_eq!(r.body["status"], "needs_materials");

    let pdf = b"%PDF-1.4\n% synthetic lease for tests\n".to_vec();
    let wrong = app.upload("/api/v1/application/materials?kind=labour_contract", &t, "application/pdf", pdf.clone(), None).await;
    assert_eq!(wrong.body["code"], "material_not_needed");
    let mismatch = app.upload("/api/v1/application/materials?kind=lease", &t, "image/png", pdf.clone(), None).await;
    assert_eq!((mismatch.status, mismatch.body["code"].as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("content_type_mismatch")));
    let text = app.upload("/api/v1/application/materials?kind=lease", &t, "text/plain", b"hello".to_vec(), None).await;
    assert_eq!(text.body["code"], "unsupported_file_type");
    let bad_kind = app.upload("/api/v1/application/materials?kind=passport", &t, "application/pdf", pdf.clone(), None).await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
    let ok = app.upload("/api/v1/application/materials?kind=lease", &t, "application/pdf", pdf, None).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    assert_eq!(app.get("/api/v1/application", Some(&t)).await.body["status"], "needs_photo");

    let photo = permit_mock::portrait::synthetic(42);
    let r = app.upload("/api/v1/photo", &t, "image/jpeg", photo, None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/application", Some(&t)).await.body["status"], "under_review");
    app.advance(REVIEW).await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "valid");
    assert_eq!(app.get("/api/v1/photo/review", Some(&t)).await.body["status"], "approved");
}

#[tokio::test]
async fn refusals_name_every_reason() {
    let app = TestApp::demo();
    let t = app.sign_in("too-recent").await;
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["eligibility"]["route"], serde_json::Value::Null);
    assert_eq!(pre.body["eligibility"]["refusals"][0]["reason"], "registered_too_recently");
    assert!(pre.body["eligibility"]["refusals"][0]["eligible_from"].is_string());
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("not_eligible")));

    let t = app.sign_in("hmt-resident").await;
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["eligibility"]["refusals"], json!([{ "reason": "hmt_permit_holder" }]));
}

#[tokio::test]
async fn a_physical_card_holder_claims_at_once_and_learns_the_card_address_is_outdated() {
    let app = TestApp::demo();
    let t = app.sign_in("physical-card-unclaimed").await;
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["eligibility"]["route"], "claim_from_card");
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": [] })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::CREATED, Some("approved")));
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "valid");
    let card = app.get("/api/v1/card", Some(&t)).await;
    assert_eq!(card.body["has_card"], true);
    assert_eq!(card.body["address_matches"], false);
    assert!(card.body["guidance_zh"].as_str().unwrap().contains("以电子居住证为准"));
}

/// FAQ 1 and 14: a condition the records lack can be claimed with a document for it. A lease
/// photographed as three pages counts once every page arrived; a page can be sent again.
#[tokio::test]
async fn a_condition_not_on_record_is_claimed_with_a_three_page_document() {
    let app = TestApp::demo();
    // The records show residence only; employment is claimed with a labour contract.
    let t = app.sign_in("eligible-data-fails").await;
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::CREATED, Some("needs_materials")), "{:?}", r.body);
    assert_eq!(r.body["materials_needed"], json!(["employment"]));

    let page = |n: u8| synthetic_jpeg(40 + n);
    let url = |n: u8| format!("/api/v1/application/materials?kind=labour_contract&page={n}&of=3");
    let p1 = app.upload(&url(1), &t, "image/jpeg", page(1), None).await;
    assert_eq!((p1.status, p1.body["complete"].as_bool()), (StatusCode::CREATED, Some(false)), "{:?}", p1.body);
    let p3 = app.upload(&url(3), &t, "image/jpeg", page(3), None).await;
    assert_eq!(p3.body["complete"], false);
    let a = app.get("/api/v1/application", Some(&t)).await;
    assert_eq!((a.body["status"].as_str(), a.body["pages"].as_array().map(Vec::len)), (Some("needs_materials"), Some(2)));
    let again = app.upload(&url(3), &t, "image/jpeg", page(9), None).await;
    assert_eq!(again.body["complete"], false, "page 3 again replaces it");
    let p2 = app.upload(&url(2), &t, "image/jpeg", page(2), None).await;
    assert_eq!(p2.body["complete"], true);
    let a = app.get("/api/v1/application", Some(&t)).await;
    assert_eq!(a.body["materials"], json!(["labour_contract"]));
    assert_eq!(a.body["pages"].as_array().unwrap().len(), 3);
    assert_ne!(a.body["status"], "needs_materials", "{:?}", a.body);
}

/// The review can ask for a better copy of one page, with the reason; the resident replaces
/// just that page, and the review then decides (it asks once).
#[tokio::test]
async fn the_review_asks_for_one_page_again_and_only_that_page_is_replaced() {
    let app = TestApp::demo();
    let r = app.put("/api/v1/test/review-outcome", None, json!({ "retake": { "page": 2, "reason_zh": "第2页反光，看不清签名", "reason_en": "Page 2 is glared; the signature cannot be read" } })).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    let t = app.sign_in("eligible-data-fails").await;
    app.post("/api/v1/application", Some(&t), json!({ "conditions": ["residence"] })).await;
    app.upload("/api/v1/photo", &t, "image/jpeg", app.state.store.photo("p-valid-permit", "current").unwrap().unwrap(), None).await;
    for n in 1..=3u8 {
        let r = app.upload(&format!("/api/v1/application/materials?kind=lease&page={n}&of=3"), &t, "image/jpeg", synthetic_jpeg(n), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    assert_eq!(app.get("/api/v1/application", Some(&t)).await.body["status"], "under_review");
    app.advance(REVIEW).await;
    let a = app.get("/api/v1/application", Some(&t)).await;
    assert_eq!(a.body["status"], "needs_materials", "{:?}", a.body);
    assert_eq!((a.body["retake"]["kind"].as_str(), a.body["retake"]["page"].as_u64(), a.body["retake"]["of"].as_u64()), (Some("lease"), Some(2), Some(3)));
    assert_eq!(a.body["retake"]["reason_zh"], "第2页反光，看不清签名");
    assert!(app.message_titles(&t).await.contains(&"请重新上传一页材料".to_owned()));

    let wrong = app.upload("/api/v1/application/materials?kind=lease&page=1&of=3", &t, "image/jpeg", synthetic_jpeg(7), None).await;
    assert_eq!((wrong.status, wrong.body["code"].as_str()), (StatusCode::CONFLICT, Some("not_the_page_asked")));
    let right = app.upload("/api/v1/application/materials?kind=lease&page=2&of=3", &t, "image/jpeg", synthetic_jpeg(8), None).await;
    assert_eq!((right.status, right.body["complete"].as_bool()), (StatusCode::CREATED, Some(true)), "{:?}", right.body);
    let a = app.get("/api/v1/application", Some(&t)).await;
    assert_eq!((a.body["status"].as_str(), a.body.get("retake")), (Some("under_review"), None));
    app.advance(REVIEW).await;
    assert_eq!(app.get("/api/v1/application", Some(&t)).await.body["status"], "approved", "it asks once");
}

/// The same document route serves an endorsement whose data check fails: it waits for a
/// document (202), takes its pages, and the review then endorses on time by the day it was
/// submitted.
#[tokio::test]
async fn an_endorsement_whose_data_check_fails_takes_a_paged_document() {
    let app = TestApp::demo();
    let t = app.sign_in("endorsement-data-fails").await;
    let r = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!((r.status, r.body["request"]["status"].as_str()), (StatusCode::ACCEPTED, Some("needs_materials")), "{:?}", r.body);
    assert_eq!(r.body["materials_needed"], json!(["residence"]));
    let wrong = app.upload("/api/v1/endorsement/materials?kind=labour_contract", &t, "image/jpeg", synthetic_jpeg(1), None).await;
    assert_eq!(wrong.body["code"], "material_not_needed");
    for n in 1..=2u8 {
        let r = app.upload(&format!("/api/v1/endorsement/materials?kind=dormitory_certificate&page={n}&of=2"), &t, "image/jpeg", synthetic_jpeg(n), None).await;
        assert_eq!((r.status, r.body["complete"].as_bool()), (StatusCode::CREATED, Some(n == 2)), "{:?}", r.body);
    }
    let s = app.get("/api/v1/endorsement", Some(&t)).await;
    assert_eq!(s.body["request"]["status"], "under_review");
    assert_eq!(s.body["request"]["pages"].as_array().unwrap().len(), 2);
    app.advance(REVIEW).await;
    let permit = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!((permit.body["status"].as_str(), permit.body["years_endorsed"].as_u64()), (Some("valid"), Some(1)));
}

/// Pages and documents at their limits: a JPEG page over 500 KB, a PDF over 2 MB, a PDF as
/// a later page, page numbers outside the document, a PNG.
#[tokio::test]
async fn document_pages_are_refused_beyond_their_limits() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-fails").await;
    app.post("/api/v1/application", Some(&t), json!({ "conditions": ["residence"] })).await;
    let up = |q: &'static str, ct: &'static str, body: Vec<u8>| {
        let (app, t) = (&app, t.clone());
        async move { app.upload(&format!("/api/v1/application/materials?{q}"), &t, ct, body, None).await }
    };
    let mut big = synthetic_jpeg(1);
    big.resize(500 * 1024 + 1, 0);
    assert_eq!(up("kind=lease", "image/jpeg", big).await.body["code"], "file_too_large");
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(2 * 1024 * 1024 + 1, b' ');
    let r = up("kind=lease", "application/pdf", pdf).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("file_too_large")), "{:?}", r.body);
    assert_eq!(up("kind=lease&page=2&of=2", "application/pdf", b"%PDF-1.4\n".to_vec()).await.body["code"], "bad_page");
    assert_eq!(up("kind=lease&page=1&of=2", "application/pdf", b"%PDF-1.4\n".to_vec()).await.body["code"], "bad_page");
    assert_eq!(up("kind=lease&page=6&of=6", "image/jpeg", synthetic_jpeg(2)).await.body["code"], "bad_page");
    assert_eq!(up("kind=lease&page=3&of=2", "image/jpeg", synthetic_jpeg(2)).await.body["code"], "bad_page");
    assert_eq!(up("kind=lease&page=0", "image/jpeg", synthetic_jpeg(2)).await.body["code"], "bad_page");
    assert_eq!(up("kind=lease&page=255&of=255", "image/jpeg", synthetic_jpeg(2)).await.body["code"], "bad_page");
    let png = up("kind=lease", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec()).await;
    assert_eq!(png.body["code"], "unsupported_file_type");
    assert_eq!(app.state.store.material_count("p-eligible-data-fails").unwrap(), 0, "nothing refused was stored");
    // A 2 MB PDF is taken as it is.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(2 * 1024 * 1024, b' ');
    let r = up("kind=lease", "application/pdf", pdf).await;
    assert_eq!((r.status, r.body["complete"].as_bool()), (StatusCode::CREATED, Some(true)), "{:?}", r.body);
}

/// FAQ 11: the family member who acts for an elderly person hears of that person's
/// endorsement reminders, labelled with the name; their own inbox is otherwise theirs.
#[tokio::test]
async fn a_guardian_receives_the_dependants_reminders_with_the_name() {
    const DAY: i64 = 86_400_000;
    let app = TestApp::demo();
    let guardian = app.sign_in("guardian-zhao").await;
    let before = app.message_titles(&guardian).await;
    assert!(!before.iter().any(|m| m.contains("赵德福")), "{before:?}");
    // The elderly father's permit was issued 90 days ago: his window opens in about 246 days.
    app.advance(250 * DAY).await;
    let guardian = app.sign_in("guardian-zhao").await;
    let titles = app.message_titles(&guardian).await;
    assert_eq!(titles.iter().filter(|m| *m == "【赵德福】年度签注已开放").count(), 1, "{titles:?}");
    let father = app.sign_in("elderly").await;
    assert_eq!(app.message_titles(&father).await.iter().filter(|m| *m == "年度签注已开放").count(), 1);
}

/// FAQ 11: acting for her father, a daughter sets his live card up on her own phone; the
/// device code goes to her phone, not to his (which she does not hold).
#[tokio::test]
async fn acting_for_a_parent_the_device_code_goes_to_the_family_members_phone() {
    use axum::http::Method;
    use base64::Engine;
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhao").await;
    let r = app.call_as(Method::POST, "/api/v1/devices/otp", Some(&t), Some("elderly"), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let code = r.body["demo_code"].as_str().unwrap().to_owned();
    let to_daughter = app.post("/api/v1/test/otp", None, json!({ "phone": phone_of("guardian-zhao") })).await;
    assert_eq!(to_daughter.body["code"], code.as_str(), "the code is on the daughter's phone");
    let to_father = app.post("/api/v1/test/otp", None, json!({ "phone": phone_of("elderly") })).await;
    assert_ne!(to_father.body["code"], code.as_str());

    let key = p256::ecdsa::SigningKey::from_slice(&[0x31u8; 32]).unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(key.verifying_key().to_encoded_point(false).as_bytes());
    let body = json!({ "public_key": public, "otp": code, "label": "女儿的手机" });
    let r = app.call_as(Method::POST, "/api/v1/devices", Some(&t), Some("elderly"), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let father = app.sign_in("elderly").await;
    let current = app.get("/api/v1/devices/current", Some(&father)).await;
    assert_eq!(current.body["label"], "女儿的手机", "the device is on the father's permit");
}

/// The application can order the first physical card too (free); it is made once the permit
/// is issued.
#[tokio::test]
async fn a_physical_card_can_be_ordered_with_the_application() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-ok").await;
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"], "physical_card": true })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/card-orders", Some(&t)).await.body.as_array().unwrap().len(), 0, "not before the permit is issued");
    app.advance(REVIEW).await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "valid");
    let orders = app.get("/api/v1/card-orders", Some(&t)).await;
    let orders = orders.body.as_array().unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!((orders[0]["kind"].as_str(), orders[0]["fee_yuan"].as_u64()), (Some("first"), Some(0)));
}

/// A permit claimed from a physical card keeps the card's issue date and endorsements, so a
/// claim made when the card's endorsement is due is due too (not a fresh year).
#[tokio::test]
async fn a_claim_keeps_the_cards_issue_date_and_does_not_skip_a_due_endorsement() {
    const DAY: i64 = 86_400_000;
    let app = TestApp::demo();
    let today = guangdong_date(app.now_ms());
    // The seed's card was issued fifteen months ago and endorsed once: its deadline is nine
    // months away. Eight and a half months on, its window is open and the card still valid.
    app.advance(258 * DAY).await;
    let t = app.sign_in("physical-card-unclaimed").await;
    let r = app.post("/api/v1/application", Some(&t), json!({ "conditions": [] })).await;
    assert_eq!(r.body["status"], "approved", "{:?}", r.body);
    let permit = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!(permit.body["issued_on"], months_before(today, 15).to_string());
    assert_eq!(permit.body["years_endorsed"], 1);
    assert_eq!(permit.body["status"], "endorsement_due", "the claim did not start a fresh year");
}

/// The date in Guangdong (UTC+8) at this Unix time, worked out here, not by `permit_core`.
fn guangdong_date(unix_ms: i64) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(unix_ms + 8 * 3_600_000).unwrap().date_naive()
}

/// `date` less whole months as 民法典 art. 202 counts them, written out here apart from
/// `permit_core::calendar`: the same day of the month, or that month's last day when it has
/// none.
fn months_before(date: chrono::NaiveDate, months: i32) -> chrono::NaiveDate {
    use chrono::Datelike;
    let index = date.year() * 12 + date.month0() as i32 - months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    (1..=date.day()).rev().find_map(|day| chrono::NaiveDate::from_ymd_opt(year, month, day)).unwrap()
}

#[test]
fn months_before_clamps_to_the_end_of_a_shorter_month() {
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(months_before(d(2026, 5, 31), 15), d(2025, 2, 28));
    assert_eq!(months_before(d(2029, 5, 29), 15), d(2028, 2, 29));
    assert_eq!(months_before(d(2026, 3, 15), 15), d(2024, 12, 15));
    assert_eq!(months_before(d(2026, 12, 1), 12), d(2025, 12, 1));
}

#[tokio::test]
async fn endorsing_in_the_window_with_one_confirmation() {
    let app = TestApp::demo();
    let t = app.sign_in("endorsement-due").await;
    let permit = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!(permit.body["status"], "endorsement_due");
    let s = app.get("/api/v1/endorsement", Some(&t)).await;
    assert_eq!(s.body["state"]["state"], "window_open");
    assert_eq!(s.body["state"]["days_left"], 10);
    assert_eq!(s.body["can_endorse"], true);
    assert_eq!(s.body["reminders"].as_array().unwrap().len(), 3, "the opening, a week before, the day of suspension");
    assert_eq!(s.body["deadline"], s.body["next_anniversary"], "the anniversary is the last day (民法典 art. 202)");

    // The data check passes: 仅需确认, done at once, no review to wait for (FAQ 1 and 14).
    let r = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["state"]["state"].as_str(), r.body.get("request")), (Some("valid"), None));
    let permit = app.get("/api/v1/permit", Some(&t)).await;
    assert_eq!((permit.body["status"].as_str(), permit.body["years_endorsed"].as_u64()), (Some("valid"), Some(1)));
    assert!(app.message_titles(&t).await.contains(&"签注已完成".to_owned()));

    let t = app.sign_in("valid-permit").await;
    let r = app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!(r.body["code"], "endorsement_window_closed");
}

#[tokio::test]
async fn a_suspended_permit_fails_at_the_counter_until_endorsed() {
    let app = TestApp::demo();
    let t = app.sign_in("suspended").await;
    let staff = app.sign_in_staff("staff-hospital").await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "suspended");
    let (key, id) = app.register_device(&t, 1).await;
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!((v.body["accepted"].as_bool(), v.body["rule"].as_str()), (Some(false), Some("permit_suspended")));
    assert_eq!(v.body["permit"]["name"], "李美玲", "the counter sees whose permit it is");

    app.post("/api/v1/endorsement", Some(&t), json!({})).await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "valid");
    // The phone's next code, a second later (the first one was used).
    app.advance(1_000).await;
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.body["accepted"], true, "{:?}", v.body);
}

#[tokio::test]
async fn the_permit_code_at_the_counter_every_rule() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key, id) = app.register_device(&t, 7).await;
    let policy = app.get("/api/v1/code-policy", None).await;
    assert_eq!((policy.body["step_s"].as_u64(), policy.body["validity_s"].as_u64()), (Some(30), Some(60)));

    let now_s = app.now_ms() / 1000;
    let fresh = code(&key, id, now_s);
    let test = app.post("/api/v1/verifications/self-test", Some(&t), json!({ "code": fresh })).await;
    assert_eq!((test.body["accepted"].as_bool(), test.body["dry_run"].as_bool()), (Some(true), Some(true)));

    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": fresh })).await;
    assert_eq!(v.body["accepted"], true, "{:?}", v.body);
    assert_eq!(v.body["permit"]["id_number"].as_str().unwrap().len(), 18);
    let again = app.post("/api/v1/verifications", Some(&staff), json!({ "code": fresh })).await;
    assert_eq!(again.body["rule"], "already_used");

    let mut tampered = code(&key, id, now_s + 1).into_bytes();
    let i = tampered.len() - 20;
    tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": String::from_utf8(tampered).unwrap() })).await;
    assert_eq!(v.body["rule"], "forged");
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": "https://example.com/not-a-permit" })).await;
    assert_eq!(v.body["rule"], "malformed");

    let old = code(&key, id, now_s + 2);
    app.advance(63_000).await;
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": old })).await;
    assert_eq!(v.body["rule"], "expired");
    let future = code(&key, id, app.now_ms() / 1000 + 120);
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": future })).await;
    assert_eq!(v.body["rule"], "from_the_future");

    let history = app.get("/api/v1/verifications", Some(&t)).await;
    let list = history.body.as_array().unwrap();
    assert!(list.iter().any(|r| r["accepted"] == true && r["department"] == "广州市公安局天河分局"));
    assert!(list.iter().all(|r| r["rule"] != "forged"), "forgeries say nothing of whose they are");

    // Residents cannot verify; staff cannot self-test someone else's code.
    let v = app.post("/api/v1/verifications", Some(&t), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.body["code"], "staff_only");
    let other = app.sign_in("elderly").await;
    let v = app.post("/api/v1/verifications/self-test", Some(&other), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.body["code"], "not_your_code");
}

/// Two verdicts the rules above do not reach: a code from a phone never registered, and a
/// code of another format version.
#[tokio::test]
async fn the_counter_refuses_unknown_devices_and_other_code_versions() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key, id) = app.register_device(&t, 6).await;
    let verify = |code: String| {
        let (app, staff) = (&app, staff.clone());
        async move {
            let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code })).await;
            assert_eq!(v.status, StatusCode::OK, "{:?}", v.body);
            v.body
        }
    };
    let now_s = app.now_ms() / 1000;

    // Well formed and validly signed, by a key whose device id was never registered.
    let stranger = p256::ecdsa::SigningKey::from_slice(&[0x5Au8; 32]).unwrap();
    let never = [0xA5u8; 8];
    assert_ne!(never, id);
    let v = verify(code(&stranger, never, now_s)).await;
    assert_eq!((v["accepted"].as_bool(), v["rule"].as_str()), (Some(false), Some("unknown_device")), "{v:?}");
    assert!(v.get("permit").is_none() && v.get("id").is_none(), "names no one and records nothing: {v:?}");

    // The holder's genuine code with its version changed. The text is "GDJZZ:" and the
    // bytes in base32; the version byte, 1, starts with five zero bits, so the first
    // character is "A". "B" makes those bits 00001: version 9.
    let genuine = code(&key, id, now_s);
    assert_eq!(&genuine[..7], "GDJZZ:A");
    let v = verify(format!("GDJZZ:B{}", &genuine[7..])).await;
    assert_eq!((v["accepted"].as_bool(), v["rule"].as_str()), (Some(false), Some("unsupported_version")), "{v:?}");
    assert!(v.get("permit").is_none(), "{v:?}");

    // Neither refusal used the genuine code, nor shows in the holder's history.
    let v = verify(genuine).await;
    assert_eq!(v["accepted"], true, "{v:?}");
    let history = app.get("/api/v1/verifications", Some(&t)).await;
    let rules: Vec<&serde_json::Value> = history.body.as_array().unwrap().iter().map(|r| &r["rule"]).collect();
    assert_eq!(rules, [&serde_json::Value::Null], "only the accepted reading: {:?}", history.body);
}

/// `no_permit`: a genuine code from an active device of a resident who holds no permit. The
/// API never lets such a device be registered (shown first), so no request can make one; the
/// verifier still guards against it. The device row is put in the store directly, and the
/// verdict is read through the endpoint as a counter reads it.
#[tokio::test]
async fn the_counter_refuses_a_genuine_code_of_a_resident_without_a_permit() {
    use base64::Engine;
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-ok").await;
    let staff = app.sign_in_staff("staff-police").await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["code"], "no_permit");
    let key = p256::ecdsa::SigningKey::from_slice(&[0x3Cu8; 32]).unwrap();
    let public = key.verifying_key().to_encoded_point(false);
    let otp = app.post("/api/v1/devices/otp", Some(&t), json!({})).await;
    assert_eq!(otp.status, StatusCode::OK, "{:?}", otp.body);
    let body = json!({ "public_key": base64::engine::general_purpose::STANDARD.encode(public.as_bytes()), "otp": otp.body["demo_code"] });
    let r = app.post("/api/v1/devices", Some(&t), body).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::NOT_FOUND, Some("no_permit")), "{:?}", r.body);

    let holder = app.state.store.person_by_label("eligible-data-ok").unwrap().unwrap();
    let id = [0x0Fu8, 0x1E, 0x2D, 0x3C, 0x4B, 0x5A, 0x69, 0x78];
    app.state.store.register_device(&holder.id, "0f1e2d3c4b5a6978", public.as_bytes(), "old phone", app.now_ms()).unwrap();
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.status, StatusCode::OK, "{:?}", v.body);
    assert_eq!((v.body["accepted"].as_bool(), v.body["rule"].as_str()), (Some(false), Some("no_permit")), "{:?}", v.body);
    assert!(v.body.get("permit").is_none(), "there is no permit to show: {:?}", v.body);
}

#[tokio::test]
async fn a_new_device_revokes_the_old_one_and_tells_the_holder() {
    let app = TestApp::demo();
    let t = app.sign_in("elderly").await;
    let staff = app.sign_in_staff("staff-school").await;
    let (old_key, old_id) = app.register_device(&t, 1).await;
    let (new_key, new_id) = app.register_device(&t, 2).await;
    let now_s = app.now_ms() / 1000;
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&old_key, old_id, now_s) })).await;
    assert_eq!(v.body["rule"], "device_revoked");
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&new_key, new_id, now_s) })).await;
    assert_eq!(v.body["accepted"], true);
    assert!(app.message_titles(&t).await.contains(&"电子居住证已在新设备启用".to_owned()));

    let bad = app.post("/api/v1/devices", Some(&t), json!({ "public_key": "AAAA", "otp": "123456" })).await;
    assert_eq!(bad.body["code"], "invalid_public_key");
}

#[tokio::test]
async fn family_members_act_for_the_elderly_and_minors_they_are_declared_for() {
    use axum::http::Method;
    let app = TestApp::demo();
    let t = app.sign_in("guardian-zhao").await;
    let me = app.get("/api/v1/me", Some(&t)).await;
    assert_eq!(me.body["dependants"][0]["label"], "elderly");
    assert_eq!(me.body["dependants"][0]["relation_zh"], "父亲");
    let acting = app.call_as(Method::GET, "/api/v1/me", Some(&t), Some("elderly"), None).await;
    assert_eq!(acting.body["name"], "赵德福");
    assert_eq!(acting.body["acting_for"]["guardian_name"], "赵丽");
    let permit = app.call_as(Method::GET, "/api/v1/permit", Some(&t), Some("elderly"), None).await;
    assert_eq!(permit.body["name"], "赵德福");
    let refused = app.call_as(Method::GET, "/api/v1/permit", Some(&t), Some("minor"), None).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_a_dependant")));

    let mother = app.sign_in("guardian-zhou").await;
    let r = app
        .call_as(Method::POST, "/api/v1/application", Some(&mother), Some("minor"), Some(json!({ "conditions": ["schooling"] })))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let own = app.get("/api/v1/application", Some(&mother)).await;
    assert_eq!(own.body["code"], "no_application", "the mother's own record is untouched");
    // Signing in as the elderly person himself is not acting for anyone.
    let himself = app.sign_in("elderly").await;
    assert!(app.get("/api/v1/me", Some(&himself)).await.body.get("acting_for").is_none());
}

#[tokio::test]
async fn the_holder_is_reminded_once_when_the_endorsement_window_opens() {
    let app = TestApp::demo();
    let t = app.sign_in("endorsement-due").await;
    let reminders = app.message_titles(&t).await.into_iter().filter(|m| m == "年度签注已开放").count();
    assert_eq!(reminders, 1);
    app.advance(2_000).await;
    let reminders = app.message_titles(&t).await.into_iter().filter(|m| m == "年度签注已开放").count();
    assert_eq!(reminders, 1, "not again for the same year");
}

/// The holder hears of the window opening, a week before the deadline, and the day of
/// suspension, each once (`Schedule::reminders`).
#[tokio::test]
async fn the_week_before_and_the_day_of_suspension_are_told_once_each() {
    const DAY: i64 = 86_400_000;
    let count = |titles: &[String], title: &str| titles.iter().filter(|m| *m == title).count();
    let app = TestApp::demo();
    // Guangdong's midnight that starts today; the clock is moved to a minute before or after
    // the midnight `n` days on, so the test does not depend on the hour it runs.
    let t0 = app.now_ms();
    let today_began = t0 - (t0 + 8 * 3_600_000).rem_euclid(DAY);
    let go_to = |n: i64, before: bool| {
        let midnight = today_began + n * DAY;
        app.advance(if before { midnight - 60_000 } else { midnight + 60_000 } - app.now_ms())
    };
    // The seed's deadline is nine days away: the week reminder is due in two days.
    let t = app.sign_in("endorsement-due").await;
    assert_eq!(count(&app.message_titles(&t).await, "签注即将截止"), 0);
    go_to(2, true).await;
    assert_eq!(count(&app.message_titles(&t).await, "签注即将截止"), 0, "the day before, not yet");
    go_to(2, false).await;
    let titles = app.message_titles(&t).await;
    assert_eq!(count(&titles, "签注即将截止"), 1, "{titles:?}");
    app.advance(2_000).await;
    assert_eq!(count(&app.message_titles(&t).await, "签注即将截止"), 1, "once");
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "endorsement_due");

    // The deadline day itself is still on time; the day after, the permit is suspended.
    go_to(10, true).await;
    let t = app.sign_in("endorsement-due").await;
    assert_eq!(app.get("/api/v1/endorsement", Some(&t)).await.body["state"]["days_left"], 1);
    assert_eq!(count(&app.message_titles(&t).await, "居住证已中止使用"), 0);
    go_to(10, false).await;
    assert_eq!(app.get("/api/v1/permit", Some(&t)).await.body["status"], "suspended");
    app.advance(2_000).await;
    let titles = app.message_titles(&t).await;
    assert_eq!((count(&titles, "居住证已中止使用"), count(&titles, "年度签注已开放")), (1, 1), "{titles:?}");
}

#[tokio::test]
async fn physical_cards_first_free_then_twenty_yuan_with_payment() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let r = app.post("/api/v1/card-orders", Some(&t), json!({ "kind": "replacement" })).await;
    assert_eq!(r.body["code"], "no_card_yet");
    let first = app.post("/api/v1/card-orders", Some(&t), json!({ "kind": "first" })).await;
    assert_eq!((first.body["fee_yuan"].as_u64(), first.body["status"].as_str()), (Some(0), Some("in_production")));
    app.advance(REVIEW).await;
    let list = app.get("/api/v1/card-orders", Some(&t)).await;
    assert_eq!(list.body[0]["status"], "ready_for_collection");

    let again = app.post("/api/v1/card-orders", Some(&t), json!({ "kind": "first" })).await;
    assert_eq!(again.body["code"], "card_exists");
    let repl = app.post("/api/v1/card-orders", Some(&t), json!({ "kind": "replacement" })).await;
    assert_eq!((repl.body["fee_yuan"].as_u64(), repl.body["status"].as_str()), (Some(20), Some("awaiting_payment")));
    let id = repl.body["id"].as_str().unwrap();
    let paid = app.post(&format!("/api/v1/card-orders/{id}/payment"), Some(&t), json!({ "method": "wechat" })).await;
    assert_eq!(paid.body["status"], "in_production");
    let twice = app.post(&format!("/api/v1/card-orders/{id}/payment"), Some(&t), json!({ "method": "wechat" })).await;
    assert_eq!(twice.body["code"], "nothing_to_pay");
}

#[tokio::test]
async fn cancelling_is_final_and_a_new_application_is_needed() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let staff = app.sign_in_staff("staff-police").await;
    let (key, id) = app.register_device(&t, 3).await;
    let r = app.post("/api/v1/permit/cancellation", Some(&t), json!({ "confirm": false })).await;
    assert_eq!(r.body["code"], "confirmation_required");
    let r = app.post("/api/v1/permit/cancellation", Some(&t), json!({ "confirm": true })).await;
    assert_eq!(r.body["status"], "cancelled");
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.body["rule"], "permit_cancelled");
    let pre = app.get("/api/v1/application/precheck", Some(&t)).await;
    assert_eq!(pre.body["eligibility"]["route"], "apply");
    let r = app.post("/api/v1/permit/cancellation", Some(&t), json!({ "confirm": true })).await;
    assert_eq!(r.body["code"], "already_cancelled");
}

#[tokio::test]
async fn photo_rules_are_enforced_with_clear_codes() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x66\0\0\x01\xb9\x08\x02\0\0\0".to_vec();
    let r = app.upload("/api/v1/photo", &t, "image/png", png, None).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("photo_not_jpeg")));

    let mut big = permit_mock::portrait::synthetic(1);
    big.extend(std::iter::repeat_n(0u8, 31 * 1024));
    let r = app.upload("/api/v1/photo", &t, "image/jpeg", big, None).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("photo_too_large")));

    let mut wrong = Vec::new();
    jpeg_like(&mut wrong, 400, 400);
    let r = app.upload("/api/v1/photo", &t, "image/jpeg", wrong, None).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("photo_wrong_size")));

    let r = app.upload("/api/v1/photo", &t, "image/jpeg", permit_mock::portrait::synthetic(5), None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let r2 = app.upload("/api/v1/photo", &t, "image/jpeg", permit_mock::portrait::synthetic(6), None).await;
    assert_eq!(r2.body["code"], "photo_review_open");
}

/// A minimal JPEG header (SOI, SOF0 with the given size) for size checks.
fn jpeg_like(out: &mut Vec<u8>, w: u16, h: u16) {
    out.extend([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend(h.to_be_bytes());
    out.extend(w.to_be_bytes());
    out.extend([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9]);
}

#[tokio::test]
async fn a_rejected_application_says_why_and_a_new_one_can_be_made() {
    let app = TestApp::demo();
    let t = app.sign_in("eligible-data-ok").await;
    app.put("/api/v1/test/review-outcome", None, json!({ "reject_reason": "就业信息与社保记录不一致" })).await;
    app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    app.advance(REVIEW).await;
    let a = app.get("/api/v1/application", Some(&t)).await;
    assert_eq!((a.body["status"].as_str(), a.body["rejection_reason"].as_str()), (Some("rejected"), Some("就业信息与社保记录不一致")));
    assert!(app.message_titles(&t).await.contains(&"电子居住证申领未通过".to_owned()));
    app.put("/api/v1/test/review-outcome", None, json!({})).await;
    let again = app.post("/api/v1/application", Some(&t), json!({ "conditions": ["employment"] })).await;
    assert_eq!(again.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_counter_chooses_its_post_once_and_sees_the_photo_of_its_own_accepted_reading() {
    let app = TestApp::demo();
    let t = app.sign_in("valid-permit").await;
    let (key, id) = app.register_device(&t, 3).await;

    let staff = app.sign_in("staff-hospital").await;
    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!((v.status, v.body["code"].as_str()), (StatusCode::CONFLICT, Some("post_not_chosen")));
    let bad = app.put("/api/v1/staff/post", Some(&staff), json!({ "department": "深圳市南山区人民医院", "counter": "后门" })).await;
    assert_eq!((bad.status, bad.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_post")));
    let post = json!({ "department": "深圳市南山区人民医院", "counter": "住院登记处" });
    assert_eq!(app.put("/api/v1/staff/post", Some(&staff), post.clone()).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", Some(&staff)).await.body["post"], post, "the post is remembered");
    let resident_departments = app.get("/api/v1/staff/departments", Some(&t)).await;
    assert_eq!(resident_departments.body["code"], "staff_only");

    let v = app.post("/api/v1/verifications", Some(&staff), json!({ "code": code(&key, id, app.now_ms() / 1000) })).await;
    assert_eq!(v.body["accepted"], true, "{:?}", v.body);
    let reading = v.body["id"].as_str().unwrap().to_owned();
    let photo_path = v.body["permit"]["photo_path"].as_str().unwrap().to_owned();
    assert_eq!(photo_path, format!("/api/v1/verifications/{reading}/photo"));
    let photo = app.get(&photo_path, Some(&staff)).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.headers["content-type"], "image/jpeg");

    let history = app.get("/api/v1/verifications", Some(&t)).await;
    assert_eq!((history.body[0]["department"].as_str(), history.body[0]["counter"].as_str()), (Some("深圳市南山区人民医院"), Some("住院登记处")));

    let other = app.sign_in_staff("staff-police").await;
    assert_eq!(app.get(&photo_path, Some(&other)).await.status, StatusCode::NOT_FOUND, "another counter cannot");
    app.advance(11 * 60_000).await;
    assert_eq!(app.get(&photo_path, Some(&staff)).await.status, StatusCode::NOT_FOUND, "nor later");
}

/// A small JPEG (a real header, so the type is read from the bytes), different per `seed`.
fn synthetic_jpeg(seed: u8) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
    b.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    b.extend(std::iter::repeat_n(seed, 64));
    b.extend([0xFF, 0xD9]);
    b
}
