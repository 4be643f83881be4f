//! A QR code drawn as one SVG path. The `qrcode` crate encodes; the modules become path
//! commands, so nothing is injected as HTML.

use leptos::prelude::*;
use qrcode::{Color, EcLevel, QrCode, Version};

/// The largest version the code may use: version 7 scans off a phone at arm's length.
pub const MAX_VERSION: i16 = 7;
/// Light modules around the code that scanners need.
pub const QUIET_ZONE: usize = 4;

/// The path of the dark modules and the side of the square in modules (quiet zone included).
/// `None` when the text does not fit version 7 at level M.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    match code.version() {
        Version::Normal(v) if v <= MAX_VERSION => {}
        _ => return None,
    }
    let width = code.width();
    let colors = code.to_colors();
    let mut d = String::with_capacity(width * width * 2);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                let (px, py, run) = (start + QUIET_ZONE, y + QUIET_ZONE, x - start);
                d.push_str(&format!("M{px} {py}h{run}v1h-{run}z"));
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
