//! The 居住证明 (residence certificate) as a PDF, made by the mock (issue 19).
//!
//! Why the mock and not the phone: a PDF that any viewer opens must embed its Chinese glyphs,
//! and a subset can only be cut from a whole font. A web page cannot read the phone's system
//! fonts, so the phone would first download a CJK font (Noto Sans CJK SC is 16 MB; even a
//! GB 2312 subset is over 1 MB) to make a file of tens of kilobytes. The mock has the font on
//! disk (Debian's `fonts-noto-cjk`, which `cargo xtask` installs) and krilla embeds only the
//! glyphs the certificate uses.
//!
//! The page is A4. Text is real text (with a ToUnicode map), so it can be searched, copied and
//! read by a screen reader or a test; the QR is drawn as vector squares.

use krilla::{
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    num::NormalizedF32,
    page::PageSettings,
    paint::Fill,
    text::{Font, TextDirection},
    Document,
};
use std::{path::Path, sync::Arc};

/// Where Debian's `fonts-noto-cjk` puts the regular weight, and the face of it that is
/// Simplified Chinese (the collection holds JP, KR, SC, TC and HK, in that order).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const SIMPLIFIED_CHINESE_FACE: u32 = 2;

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;

/// The font the certificates are set in, read once at start.
#[derive(Clone)]
pub struct CertificateFont(Font);

impl CertificateFont {
    pub fn load(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("the certificate font {}: {e}", path.display()))?;
        let data: krilla::Data = Arc::new(bytes).into();
        Font::new(data, SIMPLIFIED_CHINESE_FACE)
            .map(Self)
            .ok_or_else(|| format!("{} has no face {SIMPLIFIED_CHINESE_FACE}", path.display()))
    }
}

/// What the certificate says, already in words: the caller decides the wording and the
/// order, this module only sets it on the page.
pub struct CertificateText {
    pub title: String,
    /// Label and value, one line each.
    pub rows: Vec<(String, String)>,
    /// The endorsement history, one line each.
    pub history: Vec<String>,
    pub history_heading: String,
    /// The check page's address, which the QR encodes and the page prints beside it.
    pub check_link: String,
    /// Printed under the QR, for someone who types rather than scans.
    pub check_note: String,
    pub footer: String,
}

/// Sets `text` on one A4 page.
pub fn render(font: &CertificateFont, text: &CertificateText) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::from_wh(A4.0, A4.1).ok_or("page size")?);
    let mut surface = page.surface();
    let ink = |r, g, b| Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: Default::default() };
    let line = |surface: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, s: &str| {
        surface.draw_text(Point::from_xy(x, y), font.0.clone(), size, s, false, TextDirection::Auto);
    };

    surface.set_fill(Some(ink(16, 60, 120)));
    line(&mut surface, MARGIN, 96.0, 24.0, &text.title);
    surface.set_fill(Some(ink(30, 30, 30)));
    let mut y = 150.0;
    for (label, value) in &text.rows {
        line(&mut surface, MARGIN, y, 11.0, label);
        line(&mut surface, MARGIN + 120.0, y, 11.0, value);
        y += 24.0;
    }
    y += 12.0;
    line(&mut surface, MARGIN, y, 13.0, &text.history_heading);
    y += 22.0;
    for entry in &text.history {
        line(&mut surface, MARGIN + 12.0, y, 11.0, entry);
        y += 20.0;
    }

    let qr = qrcode::QrCode::with_error_correction_level(text.check_link.as_bytes(), qrcode::EcLevel::M).map_err(|e| e.to_string())?;
    let modules = qr.width();
    let cell = 3.0;
    let (qx, qy) = (MARGIN, (y + 24.0).max(520.0));
    let mut squares = PathBuilder::new();
    for (i, colour) in qr.to_colors().into_iter().enumerate() {
        if colour == qrcode::Color::Dark {
            let (col, row) = (i % modules, i / modules);
            squares.push_rect(Rect::from_xywh(qx + 4.0 * cell + col as f32 * cell, qy + 4.0 * cell + row as f32 * cell, cell, cell).ok_or("qr cell")?);
        }
    }
    surface.set_fill(Some(ink(0, 0, 0)));
    if let Some(path) = squares.finish() {
        surface.draw_path(&path);
    }
    let side = (modules + 8) as f32 * cell;
    surface.set_fill(Some(ink(30, 30, 30)));
    line(&mut surface, qx + side + 16.0, qy + 40.0, 10.0, &text.check_note);
    line(&mut surface, qx + side + 16.0, qy + 60.0, 8.0, &text.check_link);
    surface.set_fill(Some(ink(110, 110, 110)));
    line(&mut surface, MARGIN, A4.1 - MARGIN, 9.0, &text.footer);
    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CertificateText {
        CertificateText {
            title: "居住证明".into(),
            rows: vec![
                ("居住证号码".into(), "440106000123456789".into()),
                ("姓名".into(), "陈晓彤".into()),
                ("居住地址".into(), "广东省广州市天河区体育西路191号1203房".into()),
                ("居住登记日期".into(), "2024年10月1日".into()),
                ("连续居住年限".into(), "2年".into()),
            ],
            history: vec!["2025年12月3日前 按期签注".into(), "2026年12月3日前 按期签注".into()],
            history_heading: "签注记录".into(),
            check_link: "https://example.invalid/s/shr-0123456789abcdef#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
            check_note: "扫码或打开下方链接核验本证明，90天内有效".into(),
            footer: "出具日期 2026年12月3日 · 广东省公安厅（模拟）".into(),
        }
    }

    #[test]
    fn the_certificate_embeds_a_subset_and_stays_far_under_300_kb() {
        let font = CertificateFont::load(Path::new(DEFAULT_FONT)).expect("fonts-noto-cjk is installed by cargo xtask");
        let pdf = render(&font, &sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "a PDF");
        assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());
        // The whole face is 16 MB: only a subset fits in this size.
        assert!(pdf.len() < 200 * 1024, "{} bytes", pdf.len());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/ToUnicode"), "its text can be extracted");
        assert!(text.contains("/FontFile"), "the glyphs are embedded");
    }

    #[test]
    fn a_missing_font_is_a_clear_error_not_a_panic() {
        let e = CertificateFont::load(Path::new("/nonexistent/font.ttc")).err().unwrap();
        assert!(e.contains("/nonexistent/font.ttc"), "{e}");
    }
}
