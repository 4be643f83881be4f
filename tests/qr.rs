//! The card's QR, drawn as an SVG path, read back by a QR decoder that shares no code with the
//! encoder (rqrr, the counter scanner's): the path holds the same modules a scanner sees.
#![cfg(target_arch = "wasm32")]

use permit_app::components::qr::{qr_path, QUIET_ZONE};
use permit_core::token;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The dark modules of a path made of `M{x} {y}h{run}v1h-{run}z` runs, on a `side` square.
fn modules(path: &str, side: usize) -> Vec<bool> {
    let mut dark = vec![false; side * side];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (x, rest) = run.split_once(' ').expect("x");
        let (y, rest) = rest.split_once('h').expect("y");
        let (len, rest) = rest.split_once('v').expect("run");
        assert_eq!(rest, format!("1h-{len}z"), "each run is one module high and closed");
        let (x, y, len): (usize, usize, usize) = (x.parse().unwrap(), y.parse().unwrap(), len.parse().unwrap());
        assert!(len > 0 && x + len <= side && y < side, "run inside the square");
        for m in &mut dark[y * side + x..y * side + x + len] {
            assert!(!*m, "runs do not overlap");
            *m = true;
        }
    }
    dark
}

fn read_back(text: &str) -> String {
    let (path, side) = qr_path(text).expect("fits");
    let dark = modules(&path, side);
    for i in 0..side {
        for (x, y) in [(i, 0), (0, i), (i, side - 1), (side - 1, i)] {
            assert!(!dark[y * side + x], "the quiet zone is light");
        }
    }
    let inner = side - 2 * QUIET_ZONE;
    let grid = rqrr::SimpleGrid::from_func(inner, |x, y| dark[(y + QUIET_ZONE) * side + x + QUIET_ZONE]);
    let (meta, content) = rqrr::Grid::new(grid).decode().expect("a decodable QR");
    assert_eq!(meta.ecc_level, 0, "level M (rqrr numbers M as 0)");
    content
}

#[wasm_bindgen_test]
fn a_permit_code_reads_back_from_the_drawn_path() {
    for filler in ["A", "Z", "7", "Q2"] {
        let code = format!("{}{}", token::PREFIX, filler.repeat(130 / filler.len()));
        assert_eq!(read_back(&code), code);
    }
}

#[wasm_bindgen_test]
fn the_qr_fits_version_7_at_level_m_with_a_quiet_zone() {
    let code = format!("{}{}", token::PREFIX, "A".repeat(130));
    let (path, side) = qr_path(&code).expect("fits");
    // Version v has 17 + 4v modules a side.
    let modules = side - 2 * QUIET_ZONE;
    assert!(modules <= 17 + 4 * 7, "{modules} modules is above version 7");
    assert!(path.starts_with(&format!("M{QUIET_ZONE} {QUIET_ZONE}")), "the finder pattern starts inside the quiet zone");
    assert!(qr_path(&"A".repeat(400)).is_none(), "too long for version 7 is refused, not drawn larger");
}
