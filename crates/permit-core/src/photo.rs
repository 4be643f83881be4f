//! The standard ID photo: 358 x 441 px (26 x 32 mm at 350 dpi), 24-bit colour JPEG, plain
//! white background, full face, roughly 14-30 KB. The backend rejects anything but a 358 x 441
//! JPEG of at most 30 KB; under 14 KB is a warning (likely over-compressed).

use serde::{Deserialize, Serialize};

pub const WIDTH: u32 = 358;
pub const HEIGHT: u32 = 441;
pub const MAX_BYTES: usize = 30 * 1024;
pub const WARN_BELOW_BYTES: usize = 14 * 1024;

/// What is known of an uploaded file before looking at its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoFile {
    pub is_jpeg: bool,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum PhotoProblem {
    NotJpeg,
    WrongSize { width: u32, height: u32 },
    TooLarge { bytes: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum PhotoWarning {
    /// Under 14 KB: probably compressed too hard to show the face clearly.
    SmallFile { bytes: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoCheck {
    pub problems: Vec<PhotoProblem>,
    pub warnings: Vec<PhotoWarning>,
}

impl PhotoCheck {
    pub fn accepted(&self) -> bool {
        self.problems.is_empty()
    }
}

pub fn check(file: PhotoFile) -> PhotoCheck {
    let mut out = PhotoCheck::default();
    if !file.is_jpeg {
        out.problems.push(PhotoProblem::NotJpeg);
        return out;
    }
    if (file.width, file.height) != (WIDTH, HEIGHT) {
        out.problems.push(PhotoProblem::WrongSize { width: file.width, height: file.height });
    }
    if file.bytes > MAX_BYTES {
        out.problems.push(PhotoProblem::TooLarge { bytes: file.bytes });
    } else if file.bytes < WARN_BELOW_BYTES {
        out.warnings.push(PhotoWarning::SmallFile { bytes: file.bytes });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32, bytes: usize) -> PhotoFile {
        PhotoFile { is_jpeg: true, width, height, bytes }
    }

    #[test]
    fn a_standard_photo_passes_cleanly() {
        assert_eq!(check(jpeg(358, 441, 20 * 1024)), PhotoCheck::default());
        assert!(check(jpeg(358, 441, 30 * 1024)).accepted(), "30 KB exactly is accepted");
    }

    #[test]
    fn one_byte_over_30_kb_is_rejected() {
        let c = check(jpeg(358, 441, 30 * 1024 + 1));
        assert_eq!(c.problems, vec![PhotoProblem::TooLarge { bytes: 30 * 1024 + 1 }]);
    }

    #[test]
    fn small_files_are_accepted_with_a_warning() {
        // The rule: under 14 KB may be too blurry for the review.
        let c = check(jpeg(358, 441, 14 * 1024 - 1));
        assert!(c.accepted());
        assert_eq!(c.warnings.len(), 1);
        assert!(check(jpeg(358, 441, 14 * 1024)).warnings.is_empty());
    }

    #[test]
    fn wrong_size_and_wrong_type_are_rejected() {
        let c = check(jpeg(441, 358, 20_000));
        assert_eq!(c.problems, vec![PhotoProblem::WrongSize { width: 441, height: 358 }]);
        let png = PhotoFile { is_jpeg: false, width: 358, height: 441, bytes: 20_000 };
        assert_eq!(check(png).problems, vec![PhotoProblem::NotJpeg]);
    }
}
