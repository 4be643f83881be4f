//! Synthetic ID photos for the demo personas: a drawn head-and-shoulders figure on the plain
//! white background of the standard, 358 x 441, encoded as a colour JPEG. Nobody's likeness.

use jpeg_encoder::{ColorType, Encoder};
use permit_core::photo::{HEIGHT, WIDTH};

/// A portrait whose hair, skin and clothing vary with `seed`.
pub fn synthetic(seed: u32) -> Vec<u8> {
    let (w, h) = (WIDTH as i32, HEIGHT as i32);
    let skins = [[236, 200, 170], [224, 184, 150], [210, 165, 130], [241, 210, 185]];
    let clothes = [[38, 52, 82], [60, 60, 64], [92, 40, 48], [30, 70, 60], [240, 240, 240]];
    let skin = skins[seed as usize % skins.len()];
    let cloth = clothes[(seed / 3) as usize % clothes.len()];
    let hair = [24 + (seed % 20) as u8, 20, 18];
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    let mut noise = seed.wrapping_mul(2_654_435_761).max(1);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (f64::from(x - w / 2), f64::from(y - 190));
            let face = (dx / 88.0).powi(2) + (dy / 112.0).powi(2) <= 1.0;
            let hair_cap = (dx / 96.0).powi(2) + (f64::from(y - 160) / 112.0).powi(2) <= 1.0 && y < 165;
            let neck = dx.abs() < 38.0 && (290..340).contains(&y);
            let shoulders = y >= 330 && (dx / 175.0).powi(2) + (f64::from(y - 460) / 140.0).powi(2) <= 1.0;
            let mut px = if hair_cap {
                hair
            } else if face || neck {
                skin
            } else if shoulders {
                cloth
            } else {
                [255, 255, 255]
            };
            // A little sensor-like grain on the figure, none on the white background.
            if px != [255, 255, 255] {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                let g = (noise % 9) as i16 - 4;
                px = px.map(|c| (i16::from(c) + g).clamp(0, 255) as u8);
            }
            rgb.extend_from_slice(&px);
        }
    }
    let mut out = Vec::new();
    Encoder::new(&mut out, 88)
        .encode(&rgb, WIDTH as u16, HEIGHT as u16, ColorType::Rgb)
        .expect("encoding to memory does not fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portraits_meet_the_backend_photo_rules() {
        for seed in 0..10 {
            let jpeg = synthetic(seed);
            let size = imagesize::blob_size(&jpeg).unwrap();
            let check = permit_core::photo::check(permit_core::photo::PhotoFile {
                is_jpeg: matches!(imagesize::image_type(&jpeg), Ok(imagesize::ImageType::Jpeg)),
                width: size.width as u32,
                height: size.height as u32,
                bytes: jpeg.len(),
            });
            assert!(check.accepted(), "seed {seed}: {check:?}");
        }
    }
}
