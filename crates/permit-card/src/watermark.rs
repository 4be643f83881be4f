//! A slowly drifting layer of the holder's masked name and the live time over the card: a
//! screenshot carries the moment it was taken, and the text never sits still.

use crate::dom;
use std::cell::RefCell;
use wasm_bindgen::JsValue;
use web_sys::Element;

const COPIES: usize = 90;

pub struct Watermark {
    pub root: Element,
    spans: Vec<Element>,
    /// The text the copies show now.
    shown: RefCell<String>,
}

impl Watermark {
    pub fn new() -> Self {
        let root = dom::el("div", "watermark");
        dom::attr(&root, "aria-hidden", "true");
        dom::attr(&root, "translate", "no");
        let layer = dom::el("div", "watermark-layer");
        let spans: Vec<Element> = (0..COPIES).map(|_| dom::el("span", "")).collect();
        for span in &spans {
            let _ = layer.append_child(span);
        }
        let _ = root.append_child(&layer);
        Self { root, spans, shown: RefCell::default() }
    }

    /// Shows `text` in every copy. The card calls this four times a second with a text that
    /// changes once a second, and once more with each new code: an unchanged text touches
    /// nothing. A changed one crosses into JS once, not once per copy (web-sys's
    /// `set_text_content` decodes the string from wasm memory on every call).
    pub fn set_text(&self, text: &str) {
        if *self.shown.borrow() == text {
            return;
        }
        let (key, value) = (JsValue::from_str("textContent"), JsValue::from_str(text));
        for span in &self.spans {
            let _ = js_sys::Reflect::set(span, &key, &value);
        }
        text.clone_into(&mut self.shown.borrow_mut());
    }
}

impl Default for Watermark {
    fn default() -> Self {
        Self::new()
    }
}
