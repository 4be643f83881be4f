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

/// A camera frame of the holder's card caught mid-animation (the card leaning on a tap), cut to
/// the code and stored as 8-bit grey (PGM). `rqrr` reads nothing in it at full size; the
/// decoder must still read it.
fn card_mid_tap() -> (usize, usize, Vec<u8>) {
    let file = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/frames/card-mid-tap.pgm")).unwrap();
    let header: Vec<&[u8]> = file.splitn(4, |b| *b == b'\n').collect();
    assert_eq!(header[0], b"P5");
    let size: Vec<usize> = std::str::from_utf8(header[1]).unwrap().split(' ').map(|n| n.parse().unwrap()).collect();
    let grey = header[3];
    assert_eq!(grey.len(), size[0] * size[1]);
    (size[0], size[1], grey.iter().flat_map(|&v| [v, v, v, 255]).collect())
}

#[test]
fn reads_a_frame_that_a_single_full_size_reading_misses() {
    let (width, height, rgba) = card_mid_tap();
    let mut full = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| rgba[(y * width + x) * 4]);
    assert!(
        full.detect_grids().iter().all(|grid| grid.decode().is_err()),
        "the stored frame is one that a single reading at full size misses"
    );
    let text = decode_rgba(width, height, &rgba).expect("the code is read");
    assert!(text.starts_with("GDJZZ:"), "{text}");
}
