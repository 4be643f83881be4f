//! The service worker (`/sw.js`): registers it for offline use, and tells the app when a new
//! build has installed and waits to take over (see `assets/sw.js` for the update model).

use super::js::window;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open app asks the server for a new build, besides at every start.
const CHECK_EVERY_MS: i32 = 30 * 60 * 1000;

fn container() -> Option<ServiceWorkerContainer> {
    // Absent in insecure contexts and some private modes: then there is only no offline use.
    let navigator = window().navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers the worker and calls `on_update_ready` once a newer build is installed and
/// waiting (only when this page already runs under a worker: the first install is no update).
pub fn register(on_update_ready: impl Fn() + Clone + 'static) {
    let Some(container) = container() else { return };
    let registering = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(registering).await else { return };
        // Some webviews (and browsers told to block workers) resolve with nothing.
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else { return };
        watch_for_update(&container, &registration, on_update_ready);
        check_now_and_then(registration);
    });
}

fn watch_for_update(container: &ServiceWorkerContainer, registration: &ServiceWorkerRegistration, ready: impl Fn() + Clone + 'static) {
    let is_update = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    if registration.waiting().is_some() && is_update() {
        ready();
    }
    let watched = registration.clone();
    let on_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = watched.installing() else { return };
        let worker = installing.clone();
        let (ready, is_update) = (ready.clone(), is_update.clone());
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && is_update() {
                ready();
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    // Lives as long as the page, like the registration.
    on_found.forget();
}

fn check_now_and_then(registration: ServiceWorkerRegistration) {
    let check = Closure::<dyn FnMut()>::new(move || {
        if let Ok(p) = registration.update() {
            // An offline check fails; the next one tries again.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    });
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(check.as_ref().unchecked_ref(), CHECK_EVERY_MS);
    check.forget();
}

/// How long the waiting build has to take over before this page reloads anyway.
const TAKE_OVER_WITHIN_MS: i32 = 5_000;

/// Chromium holds a `skipWaiting()` while it counts work in flight on the old worker, and in
/// the update spec it once held it for over a minute with no fetch pending in the worker's
/// own code. The button must never do nothing: after a while this page reloads into the
/// build then active. That is the whole old build when the new one has still not taken
/// over, and the page offers the update again.
fn reload_if_not_taken_over() {
    let reload = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(reload.as_ref().unchecked_ref(), TAKE_OVER_WITHIN_MS);
    reload.forget();
}

/// Lets the waiting build take over and reloads this page into it once it has. Only the page
/// where the resident said yes reloads; other open pages keep running as they are. When
/// nothing waits any more (another page already let it take over), this page reloads into
/// the build now active, so the button never does nothing.
pub fn apply_update() {
    let Some(container) = container() else { return };
    let on_change = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.ready().unwrap_or_else(|_| js_sys::Promise::resolve(&JsValue::NULL))).await else {
            return;
        };
        match registration.dyn_ref::<ServiceWorkerRegistration>().and_then(ServiceWorkerRegistration::waiting) {
            Some(waiting) => {
                let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
                reload_if_not_taken_over();
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
