//! The app's shell components, mounted in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use permit_app::{
    components::{countdown_ring::CountdownRing, tab_bar::TabBar},
    error::AppError,
    i18n::{I18n, Locale},
    platform::storage,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn tab_bar_has_the_four_tabs_and_follows_the_language() {
    let root = container();
    let i18n = I18n::new(Locale::Zh);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! { <Router><TabBar /></Router> }
    });
    assert_eq!(texts(&root, ".tab-label"), ["证件", "办事", "消息", "我的"]);
    let hrefs: Vec<String> = {
        let links = root.query_selector_all("a.tab").unwrap();
        (0..links.length())
            .map(|i| links.item(i).unwrap().unchecked_into::<web_sys::Element>().get_attribute("href").unwrap())
            .collect()
    };
    assert_eq!(hrefs, ["/card", "/services", "/messages", "/me"]);

    i18n.locale.set(Locale::En);
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".tab-label"), ["Permit", "Services", "Messages", "Me"]);
}

#[wasm_bindgen_test]
async fn counter_staff_get_the_verifier_and_me_only() {
    let root = container();
    let i18n = I18n::new(Locale::En);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(i18n);
        view! { <Router><TabBar staff=true /></Router> }
    });
    assert_eq!(texts(&root, ".tab-label"), ["Verify", "Me"]);
}

#[wasm_bindgen_test]
fn errors_have_a_message_in_each_language_and_unknown_codes_stay_generic() {
    let wrong = AppError::Api { status: 400, code: "otp_wrong".into(), detail: "x".into() };
    assert_eq!(wrong.message(Locale::Zh), "验证码不正确，请重新输入。");
    assert_eq!(wrong.message(Locale::En), "The code is not right. Please enter it again.");
    let unknown = AppError::Api { status: 409, code: "something_new".into(), detail: "internal detail".into() };
    assert!(!unknown.message(Locale::En).contains("internal detail"));
    assert_eq!(AppError::Network.message(Locale::Zh), "网络连接失败，请检查网络后重试。");
}

#[wasm_bindgen_test]
fn storage_round_trips_json_and_ignores_garbage() {
    storage::set_json("test.key", &vec![1, 2, 3]);
    assert_eq!(storage::get_json::<Vec<i32>>("test.key"), Some(vec![1, 2, 3]));
    storage::set_string("test.key", "{not json");
    assert_eq!(storage::get_json::<Vec<i32>>("test.key"), None);
    storage::remove("test.key");
    assert_eq!(storage::get_string("test.key"), None);
}

#[wasm_bindgen_test]
fn a_crop_exactly_as_tall_as_the_picture_stays_inside_it() {
    use permit_app::components::photo_tool::Crop;
    // 640 x 480 (a webcam): the largest crop is as tall as the picture, up to rounding.
    let c = Crop::fit(640.0, 480.0).expect("big enough");
    let r = c.source();
    assert!(r.y >= -1e-6 && r.y + r.height <= 480.0 + 1e-6);
    let moved = c.pan(500.0, 500.0).zoom(3.0);
    let r = moved.source();
    assert!(r.x >= -1e-6 && r.x + r.width <= 640.0 + 1e-6);
    assert!(Crop::fit(357.0, 1000.0).is_none(), "narrower than the standard");
}

#[wasm_bindgen_test]
fn business_refusals_say_what_to_do_not_that_the_service_is_down() {
    let open = AppError::Api { status: 409, code: "card_order_open".into(), detail: String::new() };
    assert!(open.message(Locale::Zh).contains("实体证办理在进行中"));
    let unknown = AppError::Api { status: 409, code: "something_new".into(), detail: String::new() };
    assert_eq!(unknown.message(Locale::En), "The request was not accepted; check what you entered and try again.");
    let down = AppError::Api { status: 503, code: "injected_fault".into(), detail: String::new() };
    assert_eq!(down.message(Locale::En), "The service is unavailable. Please try again later.");
    let address = AppError::Api { status: 400, code: "address_too_short".into(), detail: String::new() };
    assert!(address.message(Locale::Zh).contains("请填写完整地址"));
}

#[wasm_bindgen_test]
fn each_language_writes_dates_times_and_money_its_own_way() {
    use chrono::NaiveDate;
    use permit_app::i18n::format::{date, date_time, money};
    let d = NaiveDate::from_ymd_opt(2027, 4, 10).unwrap();
    assert_eq!(date(d, Locale::Zh), "2027年4月10日");
    assert_eq!(date(d, Locale::En), "10 Apr 2027");
    // 2026-11-25 19:38:05 UTC is 03:38:05 the next day in Guangdong.
    let ms = 1_795_635_485_000;
    assert_eq!(date_time(ms, Locale::Zh, false), "2026年11月26日 03:38");
    assert_eq!(date_time(ms, Locale::En, true), "26 Nov 2026, 03:38:05");
    assert_eq!(money(20, Locale::Zh), "20元");
    assert_eq!(money(20, Locale::En), "CNY 20");
}

#[wasm_bindgen_test]
async fn the_countdown_ring_empties_in_hundredths_of_its_length() {
    let root = container();
    let remaining = RwSignal::new(1.0_f64);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <CountdownRing remaining=remaining seconds=Signal::derive(|| 30_u32) /> }
    });
    let offset = || {
        root.query_selector(".ring-fill").unwrap().unwrap().get_attribute("stroke-dashoffset").unwrap()
    };
    for (share, expected) in [(1.0, "0.00"), (0.25, "75.00"), (0.12345, "87.66"), (0.0, "100.00"), (-3.0, "100.00"), (7.0, "0.00"), (f64::NAN, "0.00")] {
        remaining.set(share);
        leptos::task::tick().await;
        assert_eq!(offset(), expected, "remaining {share}");
    }
    assert_eq!(root.query_selector(".ring-fill").unwrap().unwrap().get_attribute("r").as_deref(), Some("15.915"));
}

/// `deferred` draws nothing in the task that mounts it and its view in the next one; once its
/// owner is gone, the task that comes draws nothing and does not panic.
#[wasm_bindgen_test]
async fn a_deferred_view_comes_one_task_later_and_not_after_unmounting() {
    use permit_app::components::deferred::deferred;
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || {
        view! { <p class="now">"now"</p> {deferred(|| view! { <p class="later">"later"</p> })} }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, "p"), ["now"], "microtasks do not draw it: it waits for a task");
    permit_app::platform::time::sleep(0).await;
    leptos::task::tick().await;
    assert_eq!(texts(&root, "p"), ["now", "later"]);

    let gone = container();
    let handle_gone = leptos::mount::mount_to(gone.clone(), || deferred(|| view! { <p>"late"</p> }));
    drop(handle_gone);
    permit_app::platform::time::sleep(0).await;
    leptos::task::tick().await;
    assert!(texts(&gone, "p").is_empty());
    drop(handle);
}
