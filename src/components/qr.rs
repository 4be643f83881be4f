//! A QR code drawn as one SVG path. The `fast_qr` crate encodes (and picks the mask by the
//! standard's penalty rules); the modules become path commands, so nothing is injected as HTML.

use fast_qr::{QRBuilder, ECL};
use leptos::prelude::*;
use std::fmt::Write;

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

/// The QR of `text`, dark on white, scaled to its box; nothing while there is no text (a QR
/// of the empty text would scan as a code that is not one).
#[component]
pub fn QrCodeView(#[prop(into)] text: Signal<String>, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let drawn = Memo::new(move |_| text.with(|t| (!t.is_empty()).then(|| qr_path(t)).flatten()));
    move || {
        drawn.get().map(|(d, side)| {
            let view_box = format!("0 0 {side} {side}");
            view! {
                <svg class="qr" viewBox=view_box shape-rendering="crispEdges" role="img" aria-label=label>
                    <rect width=side height=side fill="#fff" />
                    <path d=d fill="#000" />
                </svg>
            }
        })
    }
}
