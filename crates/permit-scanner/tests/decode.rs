//! The decoder reads permit codes as the counter camera sees them: small, scaled, off-centre,
//! on a busy background, and says nothing where there is no code.

use permit_scanner::decode_rgba;
use qrcode::{EcLevel, QrCode};

const PERMIT_CODE: &str = "GDJZZ:AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCAIREEYUCULBOGAZDINRYHI6D4QCAIREEYUCULBOGAZDINRYHI6D4QCAIREEYUCULBOGAZDI";

/// Draws `text` as a QR code of `scale` pixels per module at (`left`, `top`) on a grey,
/// striped picture, the way a phone screen looks in a counter camera's frame.
fn frame(text: &str, scale: usize, left: usize, top: usize, width: usize, height: usize) -> Vec<u8> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
    let modules = code.width();
    let colors = code.to_colors();
    let mut rgba = Vec::with_capacity(width * height * 4);
    for y in 0..height {
        for x in 0..width {
            let background = if (x / 7 + y / 11) % 2 == 0 { 120 } else { 170 };
            let quiet = 4 * scale;
            let (qx, qy) = (x as isize - left as isize, y as isize - top as isize);
            let span = ((modules * scale) + 2 * quiet) as isize;
            let luma: u8 = if (0..span).contains(&qx) && (0..span).contains(&qy) {
                let (mx, my) = ((qx as usize).wrapping_sub(quiet) / scale, (qy as usize).wrapping_sub(quiet) / scale);
                let inside = qx as usize >= quiet && qy as usize >= quiet && mx < modules && my < modules;
                if inside && colors[my * modules + mx] == qrcode::Color::Dark { 20 } else { 245 }
            } else {
                background
            };
            rgba.extend_from_slice(&[luma, luma, luma.saturating_add(5), 255]);
        }
    }
    rgba
}

#[test]
fn reads_a_permit_code_in_a_camera_sized_frame() {
    let rgba = frame(PERMIT_CODE, 4, 130, 70, 640, 480);
    assert_eq!(decode_rgba(640, 480, &rgba).as_deref(), Some(PERMIT_CODE));
}

#[test]
fn reads_a_small_code_in_a_corner() {
    let rgba = frame("GDJZZ:TEST", 3, 10, 300, 640, 480);
    assert_eq!(decode_rgba(640, 480, &rgba).as_deref(), Some("GDJZZ:TEST"));
}

#[test]
fn finds_nothing_where_there_is_no_code_or_the_buffer_is_short() {
    let blank = vec![200u8; 320 * 240 * 4];
    assert_eq!(decode_rgba(320, 240, &blank), None);
    assert_eq!(decode_rgba(320, 240, &blank[..100]), None);
    assert_eq!(decode_rgba(0, 0, &[]), None);
}
