//! Instant checks of a photographed document page, before it is uploaded, so the resident
//! retakes a bad page at once instead of hearing from the review days later. Simple, stated
//! measures on the page's pixels (RGBA, row-major), usually a scaled-down copy:
//!
//! - **Too small**: the picture's shorter side under [`MIN_SHORT_SIDE`] pixels (its own size,
//!   before any scaling): the text of an A4 page is unreadable below that.
//! - **Blank**: the spread of luma (its standard deviation, Rec. 601) under 6: one flat colour,
//!   a photo of a wall or of the table, or a lens cap.
//! - **Too dark**: mean luma under 60.

use serde::{Deserialize, Serialize};

/// The shorter side of a readable page photo, in pixels.
pub const MIN_SHORT_SIDE: u32 = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageIssue {
    TooSmall,
    Blank,
    TooDark,
}

/// The issues of a page whose full picture is `width` x `height`, judged on `rgba` (which may
/// be a scaled copy); empty when it passes.
pub fn analyze(width: u32, height: u32, rgba: &[u8]) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    if width.min(height) < MIN_SHORT_SIDE {
        issues.push(PageIssue::TooSmall);
    }
    let n = rgba.len() / 4;
    if n == 0 {
        issues.push(PageIssue::Blank);
        return issues;
    }
    let luma = |p: &[u8]| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
    let (sum, sum_sq) = rgba.chunks_exact(4).map(luma).fold((0.0, 0.0), |(s, q), l| (s + l, q + l * l));
    let mean = sum / n as f64;
    let spread = (sum_sq / n as f64 - mean * mean).max(0.0).sqrt();
    if spread < 6.0 {
        issues.push(PageIssue::Blank);
    }
    if mean < 60.0 {
        issues.push(PageIssue::TooDark);
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page: white paper with dark "text" lines every `gap` rows.
    fn page(w: usize, h: usize, paper: u8, ink: u8, gap: usize) -> Vec<u8> {
        (0..w * h).flat_map(|i| if (i / w) % gap == 0 { [ink, ink, ink, 255] } else { [paper, paper, paper, 255] }).collect()
    }

    #[test]
    fn a_readable_page_passes() {
        assert!(analyze(1200, 1600, &page(60, 80, 235, 20, 4)).is_empty());
    }

    #[test]
    fn a_small_picture_is_too_small_whatever_the_sample() {
        assert_eq!(analyze(599, 800, &page(60, 80, 235, 20, 4)), vec![PageIssue::TooSmall]);
        assert!(analyze(600, 600, &page(60, 80, 235, 20, 4)).is_empty());
    }

    #[test]
    fn a_flat_picture_is_blank_and_a_black_one_also_dark() {
        assert_eq!(analyze(1200, 1600, &[240, 240, 240, 255].repeat(400)), vec![PageIssue::Blank]);
        assert_eq!(analyze(1200, 1600, &[5, 5, 5, 255].repeat(400)), vec![PageIssue::Blank, PageIssue::TooDark]);
        assert_eq!(analyze(1200, 1600, &[]), vec![PageIssue::Blank]);
    }

    #[test]
    fn a_dim_page_with_text_is_too_dark() {
        assert_eq!(analyze(1200, 1600, &page(60, 80, 50, 5, 4)), vec![PageIssue::TooDark]);
    }
}
