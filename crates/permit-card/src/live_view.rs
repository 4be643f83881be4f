//! The live card as the holder shows it: the face, the code area under the photo (QR, ring,
//! clock), the drifting watermark and the cover that blanks it all when the page cannot be
//! seen (docs/permit-code.md, "Screenshot deterrents"). It draws what it is told; who signs
//! the codes and when is the caller's (the app's code loop, or the card entry's).

use crate::{
    dom::{self, append, attr, el, text_el, Listener},
    face::{FaceMode, FaceView},
    qr::QrView,
    ring::Ring,
    text::Lang,
    visibility,
};
use permit_core::{api::permit::Permit, calendar::local_time_ms, date_text::iso_date_time, mask::mask_name};
use std::{cell::Cell, rc::Rc};
use web_sys::Element;

/// How long a tapped value stays in full.
pub const REVEAL_FOR_MS: i32 = 10_000;

pub struct LiveView {
    /// `div.live-card`: put it where the card goes.
    pub root: Element,
    /// Where the caller shows what stands in for the code before there is one (loading, the
    /// device set-up, a cancelled permit's note).
    pub slot: Element,
    face: Rc<FaceView>,
    area: Element,
    code_parts: [Element; 4],
    frame: Element,
    qr: QrView,
    announcement: Element,
    ring: Ring,
    clock: Element,
    watermark: crate::watermark::Watermark,
    masked_name: String,
    lang: Lang,
    _listeners: Vec<Listener>,
    _visibility: Vec<visibility::Listener>,
}

impl LiveView {
    pub fn new(permit: &Permit, lang: Lang) -> Self {
        let t = lang.text();
        let root = el("div", "live-card");
        let cover = el("div", "conceal-cover");
        attr(&cover, "data-testid", "conceal-cover");
        append(&cover, &[&text_el("p", "", t.card_concealed)]);

        let face = Rc::new(FaceView::render(permit, lang, FaceMode::Live));
        let area = el("section", "code-area");
        attr(&area, "data-testid", "code-area");
        let frame = el("div", "code-frame");
        attr(&frame, "data-testid", "permit-code");
        let qr = QrView::new(t.code_label);
        append(&frame, &[&qr.svg]);
        let announcement = el("p", "visually-hidden");
        attr(&announcement, "aria-live", "polite");
        attr(&announcement, "data-testid", "code-announcement");
        let meta = el("div", "code-meta");
        let ring = Ring::new();
        let clock = el("span", "live-clock");
        attr(&clock, "data-testid", "live-clock");
        append(&meta, &[&ring.root, &clock]);
        let hint = text_el("p", "code-hint", t.code_hint);
        let slot = el("div", "code-slot");
        append(&area, &[&slot]);
        face.insert_code_area(&area);

        let watermark = crate::watermark::Watermark::new();
        append(&root, &[&cover, &face.root, &watermark.root]);

        let mut listeners = vec![
            dom::on(&root, "contextmenu", |e| e.prevent_default()),
            dom::on(&root, "dragstart", |e| e.prevent_default()),
        ];
        // A tap replays the card's little animation: a live card moves, a picture does not.
        // A press on a control inside the card (the device set-up's buttons and fields) is not
        // a tap on the card: the card would lean just as its first code is drawn.
        let tapped = root.clone();
        listeners.push(dom::on(&root, "click", move |event| {
            if dom::from_control(&event) {
                return;
            }
            let _ = tapped.class_list().remove_1("tapped");
            let again = tapped.clone();
            crate::time::on_next_frame(move || {
                let _ = again.class_list().add_1("tapped");
            });
        }));
        // Tapped values show in full for ten seconds from the last tap.
        let generation = Rc::new(Cell::new(0u32));
        let revealing = face.clone();
        listeners.extend(face.on_reveal(move || {
            revealing.set_revealed(true);
            let current = generation.get().wrapping_add(1);
            generation.set(current);
            let (generation, face) = (generation.clone(), revealing.clone());
            crate::time::after(REVEAL_FOR_MS, move || {
                if generation.get() == current {
                    face.set_revealed(false);
                }
            });
        }));
        let concealed = root.clone();
        let set_concealed = move |visible: bool| {
            let _ = concealed.class_list().toggle_with_force("concealed", !visible);
        };
        set_concealed(visibility::page_visible());
        let watching = visibility::watch(set_concealed);

        let masked_name = mask_name(&permit.name);
        Self {
            root,
            slot,
            face,
            area,
            code_parts: [frame.clone(), announcement.clone(), meta, hint],
            frame,
            qr,
            announcement,
            ring,
            clock,
            watermark,
            masked_name,
            lang,
            _listeners: listeners,
            _visibility: watching,
        }
    }

    pub fn set_photo(&self, url: Option<&str>) {
        self.face.set_photo(url);
    }

    /// Shows the code area's parts (QR, ring, clock, hint) or takes them away for the slot.
    pub fn set_code_shown(&self, shown: bool) {
        for part in &self.code_parts {
            if shown {
                let _ = self.area.insert_before(part, Some(&self.slot));
            } else {
                part.remove();
            }
        }
    }

    /// Draws a new code, and tells screen readers once, politely, when it changes in
    /// `seconds` (not the countdown every second).
    pub fn show_code(&self, code: &str, seconds: u32) {
        attr(&self.frame, "data-code", code);
        self.qr.set_text(code);
        // Emptied first: a live region repeats only when its text changes.
        self.announcement.set_text_content(None);
        let words = self.lang.text().code_announce.replace("{n}", &seconds.to_string());
        let announcement = self.announcement.clone();
        crate::time::on_next_frame(move || announcement.set_text_content(Some(&words)));
    }

    /// The clock, the watermark and the ring at server time `now_ms`; `remaining` is the share
    /// of the step left (1 → 0), `seconds` the whole seconds until the next code.
    pub fn tick(&self, now_ms: f64, remaining: f64, seconds: u32) {
        let clock = clock_text(now_ms);
        self.clock.set_text_content(Some(&clock));
        self.watermark.set_text(&format!("{} {clock}", self.masked_name));
        self.ring.set(remaining, seconds);
    }
}

/// `2026-11-26 03:38:05` in Guangdong at server time `now_ms`.
pub fn clock_text(now_ms: f64) -> String {
    iso_date_time(local_time_ms(now_ms as i64))
}
