//! The page around the card: the app's shell and card page as the app draws them (header
//! and body; the tab bar comes with the app), in `#card-entry`, which the app removes when
//! its own card has its code (`permit_card::handover`).

use permit_card::{
    dom::{append, el, text_el},
    handover,
    text::Lang,
};
use web_sys::Element;

#[derive(Clone)]
pub struct Frame(pub Element);

impl Frame {
    pub fn new(lang: Lang, card: &Element) -> Self {
        let frame = el("div", "shell");
        frame.set_id(handover::FRAME_ID);
        let main = el("main", "shell-main");
        let page = el("div", "page card-page");
        let header = el("header", "page-header");
        append(&header, &[&text_el("h1", "", lang.text().card_title)]);
        let body = el("div", "page-body");
        append(&body, &[card]);
        append(&page, &[&header, &body]);
        append(&main, &[&page]);
        append(&frame, &[&main]);
        Self(frame)
    }

    /// Puts the frame on the page, first in `<body>` (the app mounts after it).
    pub fn show(&self) {
        if let Some(body) = permit_card::dom::document().body() {
            let _ = body.prepend_with_node_1(&self.0);
        }
    }

    /// Whether the app has taken over (and removed the frame).
    pub fn is_gone(&self) -> bool {
        !self.0.is_connected()
    }
}
