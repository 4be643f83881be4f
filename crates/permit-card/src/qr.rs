//! A QR code drawn as one SVG path. The `fast_qr` crate encodes (and picks the mask by the
//! standard's penalty rules); the modules become path commands, so nothing is injected as HTML.

use fast_qr::{QRBuilder, ECL};
use crate::dom;
use std::{cell::Cell, fmt::Write};
use web_sys::Element;

/// The largest version the code may use: version 7 scans off a phone at arm's length.
pub const MAX_VERSION: usize = 7;
/// Light modules around the code that scanners need.
pub const QUIET_ZONE: usize = 4;

/// The path of the dark modules and the side of the square in modules (quiet zone included).
/// `None` when the text does not fit version 7 at level M.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().ok()?;
    let width = code.size;
    // Version v has 17 + 4v modules a side.
    if width > 17 + 4 * MAX_VERSION {
        return None;
    }
    let mut d = String::with_capacity(width * width * 2);
    for y in 0..width {
        let row = &code[y];
        let mut x = 0;
        while x < width {
            if row[x].value() {
                let start = x;
                while x < width && row[x].value() {
                    x += 1;
                }
                let (px, py, run) = (start + QUIET_ZONE, y + QUIET_ZONE, x - start);
                let _ = write!(d, "M{px} {py}h{run}v1h-{run}z");
            } else {
                x += 1;
            }
        }
    }
    Some((d, width + 2 * QUIET_ZONE))
}

/// The QR of a text, dark on white, scaled to its box: `<svg class="qr">` with one path.
pub struct QrView {
    pub svg: Element,
    rect: Element,
    path: Element,
    /// The side drawn last (0 while hidden): a new code of the same version keeps the box, so
    /// only its path is set (a new code is drawn every step and at once after each use).
    side: Cell<usize>,
}

impl QrView {
    pub fn new(label: &str) -> Self {
        let svg = dom::svg("svg");
        dom::attr(&svg, "class", "qr");
        dom::attr(&svg, "shape-rendering", "crispEdges");
        dom::attr(&svg, "role", "img");
        dom::attr(&svg, "aria-label", label);
        let rect = dom::svg("rect");
        dom::attr(&rect, "fill", "#fff");
        let path = dom::svg("path");
        dom::attr(&path, "fill", "#000");
        dom::append(&svg, &[&rect, &path]);
        let view = Self { svg, rect, path, side: Cell::new(usize::MAX) };
        view.set_text("");
        view
    }

    /// Draws `text`; nothing while it is empty or too long (a QR of the empty text would scan
    /// as a code that is not one).
    pub fn set_text(&self, text: &str) {
        match (!text.is_empty()).then(|| qr_path(text)).flatten() {
            Some((d, side)) => {
                dom::attr(&self.path, "d", &d);
                if self.side.replace(side) != side {
                    let side = side.to_string();
                    dom::attr(&self.svg, "viewBox", &format!("0 0 {side} {side}"));
                    dom::attr(&self.rect, "width", &side);
                    dom::attr(&self.rect, "height", &side);
                    let _ = self.svg.remove_attribute("hidden");
                }
            }
            None => {
                self.side.set(0);
                dom::attr(&self.path, "d", "");
                dom::attr(&self.svg, "hidden", "");
            }
        }
    }
}
