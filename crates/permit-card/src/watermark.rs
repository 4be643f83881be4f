//! A slowly drifting layer of the holder's masked name and the live time over the card: a
//! screenshot carries the moment it was taken, and the text never sits still.

use crate::dom;
use web_sys::Element;

const COPIES: usize = 90;

pub struct Watermark {
    pub root: Element,
    spans: Vec<Element>,
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
        Self { root, spans }
    }

    pub fn set_text(&self, text: &str) {
        for span in &self.spans {
            span.set_text_content(Some(text));
        }
    }
}

impl Default for Watermark {
    fn default() -> Self {
        Self::new()
    }
}
