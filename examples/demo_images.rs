//! Writes the demo site's generated photo, `static/images/gpu-cluster.jpg` (1920 × 1080): a
//! drawn machine room (rows of racks with status lights, a ceiling glow, a vignette and a
//! little deterministic grain), so the demo shows what the images stage does to a photo
//! without committing anyone's photograph.
//!
//! ```sh
//! cargo run --example demo_images            # from the repository root
//! ```

use std::path::Path;

use image::{codecs::jpeg::JpegEncoder, Rgb, RgbImage};

const W: u32 = 1920;
const H: u32 = 1080;

/// A small deterministic hash for the grain and the lights.
fn hash(x: u32, y: u32) -> u32 {
    let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77);
    h ^= h >> 15;
    h = h.wrapping_mul(0xC2B2_AE3D);
    h ^ (h >> 13)
}

fn pixel(x: u32, y: u32) -> [f32; 3] {
    let (fx, fy) = (x as f32 / W as f32, y as f32 / H as f32);
    // Floor and ceiling: a cool blue fading into the distance.
    let horizon = 0.45;
    let d = (fy - horizon).abs() / (1.0 - horizon);
    let mut c = [18.0 + 40.0 * d, 30.0 + 50.0 * d, 52.0 + 70.0 * d];
    // Two rows of racks converging on the vanishing point.
    let vx = 0.5;
    let spread = (fy - horizon).abs().max(0.02);
    for side in [-1.0f32, 1.0] {
        let near = vx + side * (0.08 + spread * 0.9);
        let far = vx + side * 0.08;
        let (lo, hi) = if side < 0.0 { (near, far) } else { (far, near) };
        let top = horizon - spread * 0.8;
        let bottom = horizon + spread * 0.9;
        if fx > lo && fx < hi && fy > top && fy < bottom {
            let depth = ((fx - vx).abs() - 0.08) / (spread * 0.9);
            let shade = 30.0 + 50.0 * depth;
            c = [shade * 0.6, shade * 0.65, shade * 0.75];
            // Rack doors and status lights.
            let door = ((fx - lo) / (hi - lo) * (6.0 + 30.0 * spread)).fract();
            if door < 0.04 {
                c = [c[0] * 0.5, c[1] * 0.5, c[2] * 0.5];
            }
            let h = hash(x / 6, y / 6);
            if h.is_multiple_of(97) {
                c = if h.is_multiple_of(3) {
                    [60.0, 230.0, 120.0]
                } else {
                    [70.0, 160.0, 255.0]
                };
            }
        }
    }
    // Ceiling light strip and a vignette.
    let glow = (-((fx - 0.5) * 9.0).powi(2) - ((fy - 0.08) * 30.0).powi(2)).exp();
    let v = 1.0 - 0.55 * ((fx - 0.5).powi(2) + (fy - 0.5).powi(2));
    let grain = (hash(x, y) % 5) as f32 - 2.0;
    [
        (c[0] + 200.0 * glow) * v + grain,
        (c[1] + 210.0 * glow) * v + grain,
        (c[2] + 230.0 * glow) * v + grain,
    ]
}

fn main() {
    let img = RgbImage::from_fn(W, H, |x, y| {
        let p = pixel(x, y);
        Rgb(p.map(|v| v.clamp(0.0, 255.0) as u8))
    });
    let out = Path::new("static/images/gpu-cluster.jpg");
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 80)
        .encode_image(&img)
        .expect("encode the demo photo");
    std::fs::write(out, &bytes).expect("write static/images/gpu-cluster.jpg");
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
}
