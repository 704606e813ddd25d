//! Decoding, resizing and encoding one source into its variants. The decoder runs under
//! `image::Limits` (size and memory from `images.max_pixels`), EXIF orientation is applied,
//! and variants are encoded fresh by libwebp, so they carry no EXIF or GPS metadata. A
//! source with an alpha channel keeps it.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::plan::Op;
use super::probe::check_pixels;

/// Decoded pixels, oriented, 8 bits per channel.
pub struct Decoded {
    image: Image<'static>,
    alpha: bool,
}

/// Decode `bytes` with the pixel limit enforced by the decoder itself.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<Decoded, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let side = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    let mut limits = Limits::default();
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    // RGBA at 16 bits per channel, and room for the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h, max_pixels)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let alpha = img.color().has_alpha();
    let (w, h) = (img.width(), img.height());
    let (buf, pixel) = if alpha {
        (img.into_rgba8().into_raw(), PixelType::U8x4)
    } else {
        (img.into_rgb8().into_raw(), PixelType::U8x3)
    };
    let image = Image::from_vec_u8(w, h, buf, pixel).map_err(|e| e.to_string())?;
    Ok(Decoded { image, alpha })
}

impl Decoded {
    pub fn size(&self) -> (u32, u32) {
        (self.image.width(), self.image.height())
    }

    /// One variant, encoded as lossy WebP at `quality`.
    pub fn variant(&self, op: Op, quality: u8, resizer: &mut Resizer) -> Result<Vec<u8>, String> {
        let (w, h) = self.size();
        let (ow, oh) = op.output_size(w, h);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        let options = match op {
            Op::Fit(..) => options,
            Op::Fill(..) => options.fit_into_destination(Some((0.5, 0.5))),
            Op::Crop(..) => options.crop(
                f64::from((w - ow) / 2),
                f64::from((h - oh) / 2),
                f64::from(ow),
                f64::from(oh),
            ),
        };
        let pixels = if (ow, oh) == (w, h) {
            None
        } else {
            let mut dst = Image::new(ow, oh, self.image.pixel_type());
            resizer
                .resize(&self.image, &mut dst, &options)
                .map_err(|e| e.to_string())?;
            Some(dst)
        };
        let buf = pixels.as_ref().unwrap_or(&self.image).buffer();
        let encoder = if self.alpha {
            webp::Encoder::from_rgba(buf, ow, oh)
        } else {
            webp::Encoder::from_rgb(buf, ow, oh)
        };
        let out = encoder
            .encode_simple(false, f32::from(quality))
            .map_err(|e| format!("WebP encoding failed: {e:?}"))?;
        Ok(out.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, y| {
                image::Rgba([
                    (x % 256) as u8,
                    (y % 256) as u8,
                    90,
                    if x < w / 2 { 0 } else { 255 },
                ])
            }))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
            }))
        };
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("png");
        out
    }

    fn webp_size(bytes: &[u8]) -> (u32, u32, bool) {
        let img = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP)
            .expect("a WebP variant decodes");
        (img.width(), img.height(), img.color().has_alpha())
    }

    #[test]
    fn variants_have_their_sizes_and_keep_alpha() {
        let d = decode(&png(640, 360, true), 100_000_000).expect("decodes");
        let mut r = Resizer::new();
        let v = d.variant(Op::Fit(320, u32::MAX), 80, &mut r).expect("fit");
        assert_eq!(webp_size(&v), (320, 180, true));
        let v = d.variant(Op::Fill(100, 100), 80, &mut r).expect("fill");
        assert_eq!(webp_size(&v), (100, 100, true));
        let v = d.variant(Op::Crop(50, 40), 80, &mut r).expect("crop");
        assert_eq!(webp_size(&v), (50, 40, true));
        let d = decode(&png(64, 48, false), 100_000_000).expect("decodes");
        let v = d.variant(Op::Fit(32, u32::MAX), 80, &mut r).expect("fit");
        assert_eq!(webp_size(&v), (32, 24, false));
    }

    #[test]
    fn the_decoder_enforces_the_pixel_limit() {
        let e = decode(&png(200, 100, false), 10_000)
            .err()
            .expect("refused");
        assert!(e.contains("megapixels") || e.contains("limit"), "{e}");
    }
}
