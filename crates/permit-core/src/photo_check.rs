//! Instant checks of a cropped 358 x 441 ID photo, on its pixels (RGBA, row-major), so the
//! holder hears at once what is wrong and how to fix it. Simple, stated measures:
//!
//! - **Exposure**: mean luma (Rec. 601) of the subject's pixels (luma under 230 or colour over
//!   25) in the face area, the central half of the width between 1/6 and 2/3 of the height.
//!   Below 70 is too dark, above 215 too bright (washed out). Not judged when under 5 % of the
//!   area is subject: then there is no face to judge.
//! - **Background**: the top 12 % of rows and the outer 10 % of columns in the upper half.
//!   Plain white when their mean luma is at least 200, their spread (standard deviation of
//!   luma) at most 25, and colour (max minus min channel) at most 30 on average.
//! - **Face size and position**: the subject is every pixel that differs from the measured
//!   background by more than 60 in luma or colour. Its columns in the upper 70 % of rows give
//!   the head's width and centre: too small under 40 % of the width, off centre when the
//!   centre is more than 12 % of the width from the middle.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoIssue {
    TooDark,
    TooBright,
    BackgroundNotWhite,
    FaceTooSmall,
    FaceOffCentre,
}

fn luma(p: &[u8]) -> f64 {
    0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
}

fn chroma(p: &[u8]) -> f64 {
    let (max, min) = (p[0].max(p[1]).max(p[2]), p[0].min(p[1]).min(p[2]));
    f64::from(max - min)
}

struct Region {
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
}

fn pixels<'a>(rgba: &'a [u8], width: usize, r: &'a Region) -> impl Iterator<Item = &'a [u8]> + 'a {
    (r.y0..r.y1).flat_map(move |y| (r.x0..r.x1).map(move |x| &rgba[(y * width + x) * 4..(y * width + x) * 4 + 4]))
}

/// The issues of a photo; empty when it passes. `rgba.len()` must be `width * height * 4`.
pub fn analyze(rgba: &[u8], width: usize, height: usize) -> Vec<PhotoIssue> {
    assert_eq!(rgba.len(), width * height * 4, "RGBA of the stated size");
    let mut issues = Vec::new();

    let face = Region { x0: width / 4, x1: width * 3 / 4, y0: height / 6, y1: height * 2 / 3 };
    let area = (face.x1 - face.x0) * (face.y1 - face.y0);
    let (sum, n) = pixels(rgba, width, &face)
        .filter(|p| luma(p) < 230.0 || chroma(p) > 25.0)
        .fold((0.0, 0usize), |(s, n), p| (s + luma(p), n + 1));
    if n * 20 >= area {
        let face_luma = sum / n as f64;
        if face_luma < 70.0 {
            issues.push(PhotoIssue::TooDark);
        } else if face_luma > 215.0 {
            issues.push(PhotoIssue::TooBright);
        }
    }

    let top = Region { x0: 0, x1: width, y0: 0, y1: height * 12 / 100 };
    let left = Region { x0: 0, x1: width / 10, y0: height * 12 / 100, y1: height / 2 };
    let right = Region { x0: width - width / 10, x1: width, y0: height * 12 / 100, y1: height / 2 };
    let border: Vec<&[u8]> = pixels(rgba, width, &top)
        .chain(pixels(rgba, width, &left))
        .chain(pixels(rgba, width, &right))
        .collect();
    let count = border.len().max(1) as f64;
    let mean = border.iter().map(|p| luma(p)).sum::<f64>() / count;
    let spread = (border.iter().map(|p| (luma(p) - mean).powi(2)).sum::<f64>() / count).sqrt();
    let colour = border.iter().map(|p| chroma(p)).sum::<f64>() / count;
    if mean < 200.0 || spread > 25.0 || colour > 30.0 {
        issues.push(PhotoIssue::BackgroundNotWhite);
        // Without a plain background the subject cannot be told apart: stop here.
        return issues;
    }

    let subject = |p: &[u8]| (luma(p) - mean).abs() > 60.0 || chroma(p) > 60.0;
    let rows = height * 7 / 10;
    let mut cols = vec![0usize; width];
    for y in 0..rows {
        for (x, c) in cols.iter_mut().enumerate() {
            let i = (y * width + x) * 4;
            if subject(&rgba[i..i + 4]) {
                *c += 1;
            }
        }
    }
    // A column belongs to the head when at least 5 % of the rows there are subject.
    let min_hits = (rows / 20).max(1);
    let head: Vec<usize> = cols.iter().enumerate().filter(|(_, c)| **c >= min_hits).map(|(x, _)| x).collect();
    let (Some(&first), Some(&last)) = (head.first(), head.last()) else {
        issues.push(PhotoIssue::FaceTooSmall);
        return issues;
    };
    let head_width = (last - first + 1) as f64;
    if head_width < 0.40 * width as f64 {
        issues.push(PhotoIssue::FaceTooSmall);
    }
    let centre = (first + last) as f64 / 2.0;
    if (centre - width as f64 / 2.0).abs() > 0.12 * width as f64 {
        issues.push(PhotoIssue::FaceOffCentre);
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 358;
    const H: usize = 441;

    /// A drawn head and shoulders: background colour, head centre x and radius, skin tone.
    fn portrait(background: [u8; 3], cx: f64, r: f64, skin: [u8; 3]) -> Vec<u8> {
        let mut out = Vec::with_capacity(W * H * 4);
        for y in 0..H {
            for x in 0..W {
                let (dx, dy) = (x as f64 - cx, y as f64 - 200.0);
                let head = (dx / r).powi(2) + (dy / (r * 1.25)).powi(2) <= 1.0;
                let shoulders = y > 340 && (x as f64 - cx).abs() < r * 2.0;
                let px = if head { skin } else if shoulders { [40, 50, 80] } else { background };
                out.extend_from_slice(&[px[0], px[1], px[2], 255]);
            }
        }
        out
    }

    const WHITE: [u8; 3] = [250, 250, 250];
    const SKIN: [u8; 3] = [224, 184, 150];

    #[test]
    fn a_centred_face_on_white_passes() {
        assert_eq!(analyze(&portrait(WHITE, 179.0, 90.0, SKIN), W, H), vec![]);
    }

    #[test]
    fn dark_and_bright_photos_are_named() {
        assert!(analyze(&portrait([60, 60, 60], 179.0, 90.0, [40, 30, 25]), W, H).contains(&PhotoIssue::TooDark));
        let washed = portrait(WHITE, 179.0, 90.0, [240, 225, 205]);
        assert!(analyze(&washed, W, H).contains(&PhotoIssue::TooBright));
    }

    #[test]
    fn a_blue_background_is_not_white() {
        assert_eq!(analyze(&portrait([70, 130, 210], 179.0, 90.0, SKIN), W, H), vec![PhotoIssue::BackgroundNotWhite]);
    }

    #[test]
    fn small_and_off_centre_faces() {
        assert_eq!(analyze(&portrait(WHITE, 179.0, 45.0, SKIN), W, H), vec![PhotoIssue::FaceTooSmall]);
        assert_eq!(analyze(&portrait(WHITE, 100.0, 80.0, SKIN), W, H), vec![PhotoIssue::FaceOffCentre]);
    }

    #[test]
    fn an_empty_white_frame_has_no_face() {
        let blank: Vec<u8> = std::iter::repeat_n([250u8, 250, 250, 255], W * H).flatten().collect();
        assert_eq!(analyze(&blank, W, H), vec![PhotoIssue::FaceTooSmall]);
    }
}
