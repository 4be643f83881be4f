//! The entry's codes: signed with the device key every policy step, as the app's code loop
//! does (`permit_card::code::make_code`, `permit_core::token`), until the app takes over.
//! The entry knows of no counter reading (it does not listen for events), so each code is
//! dated now; the app takes the last one's date as used and dates its first code later.

use crate::frame::Frame;
use permit_card::{code::make_code, device_key::DeviceKey, handover, js, live_view::LiveView};
use permit_core::token::CodePolicy;
use std::{cell::Cell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsValue};

#[derive(Clone)]
pub struct CodeLoop(Rc<Inner>);

struct Inner {
    card: LiveView,
    frame: Frame,
    key: DeviceKey,
    policy: CodePolicy,
    now: Box<dyn Fn() -> f64>,
    made_at_ms: Cell<f64>,
    signing: Cell<bool>,
    ticker: Cell<Option<JsValue>>,
}

const TICK_MS: i32 = 250;

impl CodeLoop {
    pub fn new(card: LiveView, frame: Frame, key: DeviceKey, policy: CodePolicy, now: impl Fn() -> f64 + 'static) -> Self {
        Self(Rc::new(Inner {
            card,
            frame,
            key,
            policy,
            now: Box::new(now),
            made_at_ms: Cell::new(0.0),
            signing: Cell::new(false),
            ticker: Cell::new(None),
        }))
    }

    /// Puts the holder's photo on the card (a blob URL), or the empty frame for `None`.
    pub fn set_photo(&self, url: Option<&str>) {
        self.0.card.set_photo(url);
    }

    /// Signs a code dated now and draws it.
    pub async fn sign_now(&self) -> Option<()> {
        let inner = &self.0;
        inner.signing.set(true);
        let now = (inner.now)();
        let iat = now.div_euclid(1000.0) as i64;
        let code = make_code(&inner.key, iat).await;
        inner.signing.set(false);
        let code = code.ok()?;
        inner.made_at_ms.set(now);
        handover::set_shown_iat(&inner.frame.0, iat);
        self.tick();
        inner.card.show_code(&code, inner.policy.step_s);
        Some(())
    }

    fn step_ms(&self) -> f64 {
        f64::from(self.0.policy.step_s.max(1)) * 1000.0
    }

    fn tick(&self) {
        let inner = &self.0;
        let now = (inner.now)();
        let left = (self.step_ms() - (now - inner.made_at_ms.get())).clamp(0.0, self.step_ms());
        inner.card.tick(now, left / self.step_ms(), (left / 1000.0).ceil() as u32);
        if left <= 0.0 && !inner.signing.get() {
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = this.sign_now().await;
            });
        }
    }

    /// Ticks four times a second (clock, ring, watermark; a new code each step) until the
    /// app removes the frame.
    pub fn start_ticking(&self) {
        let this = self.clone();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if this.0.frame.is_gone() {
                this.stop();
            } else {
                this.tick();
            }
        });
        // Timer ids stay JS values: Playwright's page clock hands out ids above 2^31.
        let id = js::call(&js::window(), "setInterval", &[tick.as_ref().clone(), TICK_MS.into()]);
        self.0.ticker.set(id);
        // Lives as long as the interval; `stop` clears the interval, and the entry's instance
        // ends with the page.
        tick.forget();
    }

    fn stop(&self) {
        if let Some(id) = self.0.ticker.take() {
            js::call(&js::window(), "clearInterval", &[id]);
        }
    }
}
