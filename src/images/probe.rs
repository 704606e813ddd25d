//! What an image file is, read cheaply: its format, its displayed size (EXIF orientation
//! applied) and whether it is animated, from the header only; SVG from the `<svg>` tag's
//! `width`/`height` or `viewBox`. No pixels are decoded here, so a decompression bomb costs
//! nothing: its claimed size is checked against `images.max_pixels` before any decoding.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};
use serde::{Deserialize, Serialize};

/// How an image is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// JPEG, PNG, a still GIF or WebP: decoded, resized and encoded.
    Raster,
    /// An animated GIF or WebP: copied as it is.
    Animated,
    /// SVG: sized from its attributes, copied as it is.
    Svg,
}

/// A probed image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub kind: Kind,
    /// As displayed (after EXIF orientation).
    pub width: u32,
    pub height: u32,
}

/// Probe `bytes`; `svg` when the file is named `*.svg`. The error says why the image is left
/// as it is (unsupported, truncated, over the pixel limit).
pub fn probe(bytes: &[u8], svg: bool, max_pixels: u64) -> Result<Probe, String> {
    if svg {
        // An SVG with no size of its own (an icon sized by CSS) is fine as it is: 0 × 0
        // means "no width/height attributes".
        let (width, height) = svg_size(bytes).unwrap_or((0, 0));
        return Ok(Probe {
            kind: Kind::Svg,
            width,
            height,
        });
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)) => {
            f
        }
        Some(f) => return Err(format!("unsupported format {f:?}")),
        None => return Err("not an image format kuaixun reads (JPEG, PNG, GIF, WebP, SVG)".into()),
    };
    // Only the header is read here; pixel decoding has its limits set in `process`.
    reader.no_limits();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("cannot read the image header: {e}"))?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h, max_pixels)?;
    if w == 0 || h == 0 {
        return Err("the image has no pixels".into());
    }
    if !complete(bytes, format) {
        return Err("the file is truncated".into());
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    drop(decoder);
    let kind = if animated(bytes, format) {
        Kind::Animated
    } else {
        Kind::Raster
    };
    Ok(Probe {
        kind,
        width,
        height,
    })
}

/// A width × height over `max_pixels` is refused with both numbers.
pub fn check_pixels(w: u32, h: u32, max_pixels: u64) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(format!(
            "{w} × {h} is {:.1} megapixels, over the limit of {:.1} (images.max_pixels)",
            pixels as f64 / 1e6,
            max_pixels as f64 / 1e6
        ));
    }
    Ok(())
}

/// Orientations that turn the image by a quarter.
pub fn swaps_sides(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation as O;
    matches!(
        o,
        O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH
    )
}

/// The format's end marker is there: a truncated download or copy is caught before any HTML
/// points at variants that could not be made.
fn complete(bytes: &[u8], format: ImageFormat) -> bool {
    match format {
        // EOI, allowing trailing padding some cameras add.
        ImageFormat::Jpeg => bytes.windows(2).rev().take(4096).any(|w| w == [0xFF, 0xD9]),
        // The IEND chunk: length 0, type, CRC.
        ImageFormat::Png => {
            bytes.len() >= 12 && &bytes[bytes.len() - 12..bytes.len() - 4] == b"\0\0\0\0IEND"
        }
        ImageFormat::Gif => bytes.last() == Some(&0x3B),
        // RIFF size covers the rest of the file.
        ImageFormat::WebP => {
            bytes.len() >= 8
                && u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize + 8
                    <= bytes.len()
        }
        _ => true,
    }
}

/// A GIF with more than one frame, or a WebP with the animation flag.
fn animated(bytes: &[u8], format: ImageFormat) -> bool {
    match format {
        ImageFormat::Gif => {
            use image::AnimationDecoder;
            match image::codecs::gif::GifDecoder::new(Cursor::new(bytes)) {
                Ok(d) => d.into_frames().take(2).count() > 1,
                Err(_) => false,
            }
        }
        ImageFormat::WebP => image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))
            .map(|d| d.has_animation())
            .unwrap_or(false),
        _ => false,
    }
}

/// An SVG's size: `width`/`height` in pixels (or unitless) on the root element, else its
/// `viewBox` (width and height scaled to the given one when only one is set).
pub fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes.get(..bytes.len().min(64 * 1024))?)
        .or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]))
        .ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let length = |name: &str| {
        attr(tag, name).and_then(|v| {
            let v = v.trim().trim_end_matches("px");
            v.parse::<f64>().ok().filter(|n| *n > 0.0 && n.is_finite())
        })
    };
    let view = attr(tag, "viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split([' ', ',', '\t', '\n'])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
    });
    let (w, h) = match (length("width"), length("height"), view) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some(v)) => v,
        _ => return None,
    };
    let round = |x: f64| (x.round() as u32).max(1);
    Some((round(w), round(h)))
}

/// The value of attribute `name` in a tag's text (`name="v"` or `name='v'`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = after.trim_start();
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &after[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes() {
        let s = |t: &str| svg_size(t.as_bytes());
        assert_eq!(s(r#"<svg width="120" height="80"></svg>"#), Some((120, 80)));
        assert_eq!(s(r#"<svg width="120px" height='80px'>"#), Some((120, 80)));
        assert_eq!(s(r#"<svg viewBox="0 0 300 150">"#), Some((300, 150)));
        assert_eq!(
            s(r#"<svg width="600" viewBox="0,0,300,150">"#),
            Some((600, 300))
        );
        assert_eq!(
            s(r#"<?xml version="1.0"?><svg stroke-width="2" viewBox="0 0 24 24">"#),
            Some((24, 24))
        );
        assert_eq!(s(r#"<svg width="100%">"#), None);
        assert_eq!(s("不是 SVG"), None);
    }

    #[test]
    fn pixel_limit_names_both_numbers() {
        let e = check_pixels(20_000, 20_000, 100_000_000).unwrap_err();
        assert!(e.contains("20000 × 20000 is 400.0 megapixels"), "{e}");
        assert!(check_pixels(10_000, 10_000, 100_000_000).is_ok());
    }

    #[test]
    fn unknown_bytes_are_refused() {
        let e = probe(b"\x00\x01\x02\x03 not an image", false, 1_000_000).unwrap_err();
        assert!(e.contains("not an image format"), "{e}");
    }
}
