//! A ring that empties as the current code ages, with the seconds left in its middle.

use crate::dom;
use web_sys::Element;

// Circumference 100, so the dash offset is a percentage. Written as text, as is the offset
// below: formatting floats would bring Rust's float printer into the first download.
const RADIUS: &str = "15.915";

pub struct Ring {
    pub root: Element,
    fill: Element,
    seconds: Element,
}

impl Ring {
    pub fn new() -> Self {
        let root = dom::el("span", "ring");
        dom::attr(&root, "aria-hidden", "true");
        let svg = dom::svg("svg");
        dom::attr(&svg, "viewBox", "0 0 36 36");
        let circle = |class: &str| {
            let c = dom::svg("circle");
            for (name, value) in [("class", class), ("cx", "18"), ("cy", "18"), ("r", RADIUS)] {
                dom::attr(&c, name, value);
            }
            c
        };
        let track = circle("ring-track");
        let fill = circle("ring-fill");
        dom::attr(&fill, "stroke-dasharray", "100 100");
        dom::append(&svg, &[&track, &fill]);
        let seconds = dom::el("span", "ring-seconds");
        dom::append(&root, &[&svg, &seconds]);
        let ring = Self { root, fill, seconds };
        ring.set(1.0, 0);
        ring
    }

    /// `remaining` is the share of the step left, from 1 (new) to 0.
    pub fn set(&self, remaining: f64, seconds: u32) {
        dom::attr(&self.fill, "stroke-dashoffset", &dash_offset(remaining));
        self.seconds.set_text_content(Some(&seconds.to_string()));
    }
}

impl Default for Ring {
    fn default() -> Self {
        Self::new()
    }
}

/// The dash offset for `remaining` (1 → 0) in hundredths of a percent: `"0.00"` to `"100.00"`.
pub fn dash_offset(remaining: f64) -> String {
    let hundredths = (10_000.0 * (1.0 - remaining.clamp(0.0, 1.0))).round() as u32;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}
