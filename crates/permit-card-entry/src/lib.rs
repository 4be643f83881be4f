//! The card entry: the first thing a returning holder's phone runs on `/card` (issue 18).
//! It shows the live card and a fresh code with nothing but `permit-card` and `permit-core`
//! (no Leptos, no router, no serde_json), about a fifth of what the app downloads before its
//! own card; the app loads after it and takes over (docs/card-entry.md).
//!
//! It shows the card only when it can show it exactly as the app would: a resident signed in
//! for themself, this phone's key still the permit's device, the permit valid, all online.
//! Anything else (a banner to show, a device to set up, a failed request) is the app's:
//! the entry then draws nothing and says so, and the app starts as it always has.

mod code_loop;
mod fetch;
mod frame;
mod session;

use permit_card::{device_key, handover, live_view::LiveView, perf, permit_js::permit_from_js, time};
use permit_core::api::permit::PermitStatus;
use wasm_bindgen::prelude::*;

/// Shows the card and its first code; `true` once it is on screen, `false` when it is the
/// app's to show (nothing was drawn).
///
/// `answers` holds the three requests the boot script sent with the session's token as the
/// page started, when this phone last showed this holder's card with a code
/// (`storage_keys::CARD_HOLDER`), each a `fetch` promise: `permit` (`GET /api/v1/permit`),
/// `policy` (`/api/v1/code-policy`) and `device` (`/api/v1/devices/current`). Asked before
/// this wasm had arrived, they are answered while it downloads: on a phone network each round
/// trip is a good part of the time before the code shows. Without them (`undefined`) the
/// entry asks itself, once it has found the device key.
#[wasm_bindgen]
pub async fn show(answers: JsValue) -> bool {
    let shown = show_card(&answers).await.is_some();
    if !shown {
        // Whatever kept the card from showing, the next page load does not ask early.
        handover::set_card_holder(None);
    }
    shown
}

async fn show_card(answers: &JsValue) -> Option<()> {
    let session = session::read()?;
    let lang = session::apply_settings();
    let key = device_key::load(&session.holder).await?;

    let api = fetch::Api::new(&session.token);
    let asked = |name: &str| permit_card::js::get(answers, name).and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let [permit, policy, device] = match ["permit", "policy", "device"].map(asked) {
        [Some(permit), Some(policy), Some(device)] => [permit, policy, device],
        // All three at once (each `get` is in flight when it returns).
        _ => fetch::CARD_REQUESTS.map(|path| api.get(path)),
    }
    .map(fetch::handled);
    let permit = api.json(permit).await;
    let policy = api.json(policy).await;
    let device = api.json(device).await;
    let permit = permit_from_js(&permit?)?;
    // Another phone took the permit over: the app says so and offers to move it back.
    let device_id = permit_card::js::get(&device?, "device_id")?.as_string()?;
    if device_id != device_key::hex(&key.device_id) || permit.status != PermitStatus::Valid {
        return None;
    }
    let policy = policy.and_then(|p| fetch::policy_from_js(&p)).unwrap_or_default();

    let card = LiveView::new(&permit, lang);
    card.set_code_shown(true);
    let frame = frame::Frame::new(lang, &card.root);
    let codes = code_loop::CodeLoop::new(card, frame.clone(), key, policy, api.clock());
    codes.sign_now().await?;
    frame.show();
    codes.start_ticking();
    time::next_paint().await;
    perf::mark_once("code-visible");
    // The photo follows the code and is asked for only now: the largest of the card's answers,
    // on a slow network it would share the line with this wasm and delay the code. The card
    // holds its place meanwhile, and `show` returns at once, so the app's download starts.
    let photo = fetch::handled(api.get(fetch::PHOTO));
    wasm_bindgen_futures::spawn_local(async move {
        codes.set_photo(api.blob_url(photo).await.as_deref());
    });
    Some(())
}

/// Talc instead of the default dlmalloc: 1.9 KiB brotli less (50.8 to 48.9 KiB with the glue),
/// about 10 ms on slow 4G. Resizing in place is off: the entry's few buffers do not grow much,
/// and the routine costs bytes. (In the app the same swap saved 0.4 KiB: not worth a change.)
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
