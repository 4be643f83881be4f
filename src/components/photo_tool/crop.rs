//! The crop: which part of the picked picture becomes the 358 x 441 photo. Held as the
//! source pixels per output pixel (`scale`) and the crop's centre in source pixels, always
//! inside the picture and never enlarging it (scale at least 1).

use crate::platform::image::SourceRect;
use permit_core::photo::{HEIGHT, WIDTH};

pub const OUT_W: f64 = WIDTH as f64;
pub const OUT_H: f64 = HEIGHT as f64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crop {
    pub image_w: f64,
    pub image_h: f64,
    pub scale: f64,
    pub cx: f64,
    pub cy: f64,
}

impl Crop {
    /// The largest centred crop, or `None` when the picture is smaller than the standard.
    pub fn fit(image_w: f64, image_h: f64) -> Option<Self> {
        if image_w < OUT_W || image_h < OUT_H {
            return None;
        }
        Some(Self { image_w, image_h, scale: f64::INFINITY, cx: image_w / 2.0, cy: image_h / 2.0 }.clamped())
    }

    fn max_scale(&self) -> f64 {
        (self.image_w / OUT_W).min(self.image_h / OUT_H)
    }

    fn clamped(mut self) -> Self {
        self.scale = within(self.scale, 1.0, self.max_scale());
        let (half_w, half_h) = (OUT_W * self.scale / 2.0, OUT_H * self.scale / 2.0);
        self.cx = within(self.cx, half_w, self.image_w - half_w);
        self.cy = within(self.cy, half_h, self.image_h - half_h);
        self
    }

    /// Moves the picture under the frame by `dx`, `dy` output pixels (a drag to the right
    /// shows more of the left).
    pub fn pan(self, dx: f64, dy: f64) -> Self {
        Self { cx: self.cx - dx * self.scale, cy: self.cy - dy * self.scale, ..self }.clamped()
    }

    /// Zooms in by `factor` (above 1 shows less of the picture, larger).
    pub fn zoom(self, factor: f64) -> Self {
        Self { scale: self.scale / factor.max(0.01), ..self }.clamped()
    }

    pub fn source(&self) -> SourceRect {
        let (w, h) = (OUT_W * self.scale, OUT_H * self.scale);
        SourceRect { x: self.cx - w / 2.0, y: self.cy - h / 2.0, width: w, height: h }
    }
}

/// `value` kept between `lo` and `hi`; when rounding leaves `lo` a hair above `hi` (a crop
/// exactly as tall as the picture), `hi` wins instead of `f64::clamp`'s panic.
fn within(value: f64, lo: f64, hi: f64) -> f64 {
    value.max(lo).min(hi)
}
