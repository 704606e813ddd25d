//! What to make of one image, decided from its probed size alone (before any pixel is
//! decoded): the operations, their output sizes and file names, and the `<img>` attributes
//! that point at them. Names are content-addressed, so the HTML can be written while the
//! variants are still to be encoded (or are already in the cache).

use super::probe::Probe;

/// The `sizes` attribute: the article column is `--measure: 40em` wide (static/css/style.css).
pub const SIZES: &str = "(max-width: 40em) 100vw, 40em";

/// How a variant is cut from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Scaled to fit inside width × height, aspect kept (`w` variants are `Fit(w, u32::MAX)`).
    Fit(u32, u32),
    /// Scaled and centre-cropped to fill width × height exactly (covers, thumbnails).
    Fill(u32, u32),
    /// The centre width × height, not scaled.
    Crop(u32, u32),
}

impl Op {
    /// `fit`, `fill` or `crop` of the Tera `image()` function.
    pub fn parse(op: &str, width: u32, height: u32) -> Option<Op> {
        match op {
            "fit" => Some(Op::Fit(width, height)),
            "fill" => Some(Op::Fill(width, height)),
            "crop" => Some(Op::Crop(width, height)),
            _ => None,
        }
    }

    /// The output size for a `w` × `h` source; never larger than the source. A fill or crop
    /// larger than the source keeps its aspect at the largest size that fits.
    pub fn output_size(self, w: u32, h: u32) -> (u32, u32) {
        match self {
            Op::Fit(bw, bh) => {
                let scale = (f64::from(bw) / f64::from(w))
                    .min(f64::from(bh) / f64::from(h))
                    .min(1.0);
                let ow = (f64::from(w) * scale).round() as u32;
                let oh = (f64::from(h) * scale).round() as u32;
                (ow.max(1), oh.max(1))
            }
            Op::Fill(bw, bh) => {
                let scale = (f64::from(w) / f64::from(bw))
                    .min(f64::from(h) / f64::from(bh))
                    .min(1.0);
                let ow = (f64::from(bw) * scale).floor() as u32;
                let oh = (f64::from(bh) * scale).floor() as u32;
                (ow.clamp(1, w), oh.clamp(1, h))
            }
            Op::Crop(bw, bh) => (bw.min(w).max(1), bh.min(h).max(1)),
        }
    }

    /// The operation as it appears in a file name: `w480`, `fill1200x630`.
    fn tag(self) -> String {
        match self {
            Op::Fit(w, u32::MAX) => format!("w{w}"),
            Op::Fit(w, h) => format!("fit{w}x{h}"),
            Op::Fill(w, h) => format!("fill{w}x{h}"),
            Op::Crop(w, h) => format!("crop{w}x{h}"),
        }
    }
}

/// A variant's file name, the same in the cache and the output (`_img/<name>`): the source's
/// content hash, the operation and the quality, so any change makes a new name.
pub fn variant_name(hash: &str, op: Op, quality: u8) -> String {
    format!("{hash}-{}-q{quality}.webp", op.tag())
}

/// The responsive width variants of a `w`-wide image: each configured width below it, and the
/// image at full size when it is narrower than the widest configured width (so wide screens
/// get a WebP too). Empty for an image no wider than the smallest width.
pub fn width_ops(probe: &Probe, widths: &[u32]) -> Vec<Op> {
    let mut ws: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|&x| x < probe.width)
        .collect();
    ws.sort_unstable();
    ws.dedup();
    if ws.is_empty() {
        return Vec::new();
    }
    if widths.iter().any(|&x| x >= probe.width) {
        ws.push(probe.width);
    }
    ws.into_iter().map(|w| Op::Fit(w, u32::MAX)).collect()
}

/// ` width="…" height="…"` and, with variants, ` srcset="…" sizes="…"`; `url` names each
/// variant (already escaped for an attribute: the names are ASCII).
pub fn img_attrs(probe: &Probe, variants: &[(Op, String)]) -> String {
    if probe.width == 0 || probe.height == 0 {
        return String::new();
    }
    let mut out = format!(" width=\"{}\" height=\"{}\"", probe.width, probe.height);
    if !variants.is_empty() {
        out.push_str(" srcset=\"");
        for (i, (op, url)) in variants.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let (w, _) = op.output_size(probe.width, probe.height);
            out.push_str(url);
            out.push(' ');
            out.push_str(&w.to_string());
            out.push('w');
        }
        out.push_str("\" sizes=\"");
        out.push_str(SIZES);
        out.push('"');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::probe::Kind;
    use super::*;

    fn probe(w: u32, h: u32) -> Probe {
        Probe {
            kind: Kind::Raster,
            width: w,
            height: h,
        }
    }

    #[test]
    fn widths_never_upscale() {
        let widths = [480, 960, 1600];
        let tags = |w, h| -> Vec<String> {
            width_ops(&probe(w, h), &widths)
                .into_iter()
                .map(Op::tag)
                .collect()
        };
        assert_eq!(tags(4000, 3000), ["w480", "w960", "w1600"]);
        assert_eq!(tags(1200, 800), ["w480", "w960", "w1200"]);
        assert!(tags(300, 200).is_empty());
        assert_eq!(Op::Fit(960, u32::MAX).output_size(1200, 800), (960, 640));
        assert_eq!(Op::Fit(960, u32::MAX).output_size(500, 400), (500, 400));
    }

    #[test]
    fn fill_and_crop_sizes() {
        assert_eq!(Op::Fill(1200, 630).output_size(4000, 3000), (1200, 630));
        // A small source keeps the aspect at the largest size it holds.
        assert_eq!(Op::Fill(1200, 630).output_size(600, 600), (600, 315));
        assert_eq!(Op::Crop(300, 200).output_size(250, 400), (250, 200));
        assert_eq!(Op::Fit(100, 100).output_size(400, 200), (100, 50));
        assert_eq!(Op::parse("fill", 1, 2), Some(Op::Fill(1, 2)));
        assert_eq!(Op::parse("拉伸", 1, 2), None);
    }

    #[test]
    fn attrs_list_each_variant() {
        let p = probe(1200, 800);
        let ops = width_ops(&p, &[480, 960, 1600]);
        let v: Vec<(Op, String)> = ops
            .iter()
            .map(|&op| (op, format!("/_img/{}", variant_name("abc", op, 80))))
            .collect();
        assert_eq!(
            img_attrs(&p, &v),
            " width=\"1200\" height=\"800\" srcset=\"/_img/abc-w480-q80.webp 480w, \
             /_img/abc-w960-q80.webp 960w, /_img/abc-w1200-q80.webp 1200w\" \
             sizes=\"(max-width: 40em) 100vw, 40em\""
        );
        assert_eq!(img_attrs(&p, &[]), " width=\"1200\" height=\"800\"");
    }
}
