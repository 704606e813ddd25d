//! Images (src/images/): width/height on every local `<img>`, WebP variants with `srcset`,
//! cover crops for sharing and lists, the cache between builds, and bad input as warnings.
//! Every fixture is generated here with the `image` crate (no binary files committed).

mod common;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use common::*;
use image::{DynamicImage, ImageDecoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format)
        .expect("encode fixture");
    out
}

/// A landscape gradient, `w` × `h`.
fn gradient(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    })
}

/// One IFD entry: tag, type, count, value (or offset), little-endian.
fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
    out.extend(tag.to_le_bytes());
    out.extend(kind.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(value);
}

/// An APP1 Exif segment: IFD0 with Orientation = `orientation` and a GPS IFD
/// (GPSVersionID 2.3, latitude N 39°54′, longitude E 116°23′).
fn exif_app1(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0 at 8: 2 entries (2 + 2×12 + 4 = 30 bytes), the GPS IFD at 38.
    tiff.extend(2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut tiff, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, 38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 38);
    // GPS IFD: 5 entries (2 + 60 + 4 = 66 bytes), rationals from 104.
    tiff.extend(5u16.to_le_bytes());
    entry(&mut tiff, 0x0000, 1, 4, [2, 3, 0, 0]);
    entry(&mut tiff, 0x0001, 2, 2, [b'N', 0, 0, 0]);
    entry(&mut tiff, 0x0002, 5, 3, 104u32.to_le_bytes());
    entry(&mut tiff, 0x0003, 2, 2, [b'E', 0, 0, 0]);
    entry(&mut tiff, 0x0004, 5, 3, 128u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 104);
    for (num, den) in [(39, 1), (54, 1), (0, 1), (116, 1), (23, 1), (0, 1)] {
        tiff.extend((num as u32).to_le_bytes());
        tiff.extend((den as u32).to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((payload.len() + 2) as u16).to_be_bytes());
    seg.extend(payload);
    seg
}

/// A JPEG stored `w` × `h` with an EXIF block (orientation 6: shown turned a quarter
/// clockwise, so `h` × `w`) and GPS coordinates.
fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let jpeg = encode(&DynamicImage::ImageRgb8(gradient(w, h)), ImageFormat::Jpeg);
    assert_eq!(&jpeg[..2], [0xFF, 0xD8]);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1(6));
    out.extend(&jpeg[2..]);
    out
}

fn png_with_alpha(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([
            200,
            (y * 255 / h) as u8,
            40,
            if x < w / 2 { 0 } else { 255 },
        ])
    });
    encode(&DynamicImage::ImageRgba8(img), ImageFormat::Png)
}

fn animated_gif(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut out);
        let frames = (0..2u8).map(|i| {
            let img = RgbaImage::from_pixel(w, h, Rgba([i * 120, 60, 200, 255]));
            image::Frame::new(img)
        });
        enc.encode_frames(frames).expect("gif");
    }
    out
}

/// A PNG whose header claims `w` × `h` (no pixel data worth the name): a decompression bomb.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180"><rect width="320" height="180" fill="#c00"/></svg>
"##;

/// The fixture site: one article using every kind of image, a bundle, a cover.
fn image_site() -> tempfile::TempDir {
    let dir = site(&[(
        "config.yaml",
        "title: 图片快讯\nbase_url: https://kx.example.com/\n",
    )]);
    let root = dir.path();
    write(root, "static/images/exif.jpg", jpeg_with_exif(1200, 800));
    write(root, "static/images/alpha.png", png_with_alpha(1000, 500));
    write(root, "static/images/anim.gif", animated_gif(600, 300));
    write(root, "static/images/logo.svg", SVG);
    let jpeg = encode(
        &DynamicImage::ImageRgb8(gradient(800, 600)),
        ImageFormat::Jpeg,
    );
    write(root, "static/images/broken.jpg", &jpeg[..jpeg.len() / 3]);
    write(
        root,
        "static/images/bomb.png",
        png_claiming(100_000, 100_000),
    );
    write(
        root,
        "static/images/cover.jpg",
        encode(
            &DynamicImage::ImageRgb8(gradient(2000, 1500)),
            ImageFormat::Jpeg,
        ),
    );
    article(
        root,
        "tu-pian",
        "title: 发布会图集\ndate: 2026-11-30T10:00:00+08:00\ncover: /images/cover.jpg",
        "第一段正文。\n\n\
         ![手机拍摄的发布会现场](/images/exif.jpg)\n\n\
         ![半透明标志](/images/alpha.png)\n\n\
         ![动图演示](/images/anim.gif)\n\n\
         ![矢量标志](/images/logo.svg)\n\n\
         ![损坏的图片](/images/broken.jpg)\n\n\
         ![超大图片](/images/bomb.png)\n\n\
         ![远程图片](https://cdn.example.com/a.jpg)\n",
    );
    write(
        root,
        "content/posts/zu-tu/index.md",
        md(
            "title: 组图报道\ndate: 2026-11-29",
            "![机房全景](panorama.png)\n",
        ),
    );
    write(
        root,
        "content/posts/zu-tu/panorama.png",
        encode(
            &DynamicImage::ImageRgb8(gradient(1700, 500)),
            ImageFormat::Png,
        ),
    );
    dir
}

/// `kuaixun build`: stdout and stderr.
fn build_out(root: &Path) -> (String, String) {
    let out = build_ok(root, &[]);
    (stdout(&out), stderr(&out))
}

/// The `<img …>` tag whose alt text is `alt`.
fn img_tag<'a>(html: &'a str, alt: &str) -> &'a str {
    let at = html
        .find(&format!("alt=\"{alt}\""))
        .unwrap_or_else(|| panic!("no image {alt} in {html}"));
    let start = html[..at].rfind("<img").expect("img start");
    let end = at + html[at..].find('>').expect("img end");
    &html[start..=end]
}

/// The URLs in a tag's `srcset`, with their widths.
fn srcset(tag: &str) -> Vec<(String, u32)> {
    let Some(at) = tag.find("srcset=\"") else {
        return Vec::new();
    };
    let rest = &tag[at + 8..];
    rest[..rest.find('"').unwrap()]
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

fn decode(out: &Path, url: &str) -> DynamicImage {
    let bytes = fs::read(out.join(url.trim_start_matches('/'))).expect("variant written");
    image::load_from_memory_with_format(&bytes, ImageFormat::WebP).expect("variant decodes")
}

#[test]
fn images_get_sizes_variants_and_a_cache() {
    let dir = image_site();
    let root = dir.path();
    let (stdout1, stderr1) = build_out(root);
    let out = root.join("public");
    let html = read(&out, "posts/tu-pian/index.html");

    // EXIF orientation 6: stored 1200 × 800, shown 800 × 1200.
    let tag = img_tag(&html, "手机拍摄的发布会现场");
    assert_has(tag, "width=\"800\" height=\"1200\"");
    assert_has(tag, "src=\"/images/exif.jpg\"");
    assert_has(tag, "sizes=\"");
    let set = srcset(tag);
    assert_eq!(
        set.iter().map(|s| s.1).collect::<Vec<_>>(),
        [480, 800],
        "{tag}"
    );
    for (url, w) in &set {
        let v = decode(&out, url);
        assert_eq!((v.width(), v.height()), (*w, w * 3 / 2), "{url}");
        let bytes = fs::read(out.join(url.trim_start_matches('/'))).unwrap();
        assert!(
            !bytes.windows(4).any(|b| b == b"EXIF" || b == b"Exif"),
            "{url} has EXIF"
        );
        let mut d = image::codecs::webp::WebPDecoder::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(d.exif_metadata().unwrap(), None, "{url}");
    }
    // The original is kept as the fallback, GPS and all.
    assert!(exists(&out, "images/exif.jpg"));

    // PNG with alpha: 480, 960 and full size, alpha kept.
    let tag = img_tag(&html, "半透明标志");
    assert_has(tag, "width=\"1000\" height=\"500\"");
    let set = srcset(tag);
    assert_eq!(
        set.iter().map(|s| s.1).collect::<Vec<_>>(),
        [480, 960, 1000]
    );
    let v = decode(&out, &set[0].0);
    assert_eq!((v.width(), v.height()), (480, 240));
    assert!(v.color().has_alpha());
    let rgba = v.to_rgba8();
    assert!(
        rgba.get_pixel(10, 120)[3] < 20,
        "left half stays transparent"
    );
    assert!(rgba.get_pixel(470, 120)[3] > 235, "right half stays opaque");

    // Animated GIF and SVG: sized, copied as they are, no variants.
    let tag = img_tag(&html, "动图演示");
    assert_has(tag, "width=\"600\" height=\"300\"");
    assert!(srcset(tag).is_empty(), "{tag}");
    assert_eq!(
        fs::read(out.join("images/anim.gif")).unwrap(),
        animated_gif(600, 300)
    );
    let tag = img_tag(&html, "矢量标志");
    assert_has(tag, "width=\"320\" height=\"180\"");
    assert!(srcset(tag).is_empty(), "{tag}");

    // Bad images and remote ones are left as they are; each bad one is a warning at the
    // article's line.
    for alt in ["损坏的图片", "超大图片", "远程图片"] {
        let tag = img_tag(&html, alt);
        assert_lacks(tag, "width=");
        assert_lacks(tag, "srcset=");
    }
    assert_has(
        &stderr1,
        "warning: content/posts/tu-pian.md:16: image `static/images/broken.jpg`: the file is truncated",
    );
    assert_has(&stderr1, "content/posts/tu-pian.md:18: image `static/images/bomb.png`: 100000 × 100000 is 10000.0 megapixels");
    assert_eq!(stderr1.matches("warning:").count(), 2, "{stderr1}");

    // A bundle's relative image.
    let bundle = read(&out, "posts/zu-tu/index.html");
    let tag = img_tag(&bundle, "机房全景");
    assert_has(tag, "src=\"/posts/zu-tu/panorama.png\"");
    assert_has(tag, "width=\"1700\" height=\"500\"");
    let set = srcset(tag);
    assert_eq!(
        set.iter().map(|s| s.1).collect::<Vec<_>>(),
        [480, 960, 1600]
    );
    let v = decode(&out, &set[2].0);
    assert_eq!((v.width(), v.height()), (1600, 471));

    // The cover: a 1200 × 630 crop for sharing, a responsive cover on the page, thumbnails.
    let og = html
        .split("<meta property=\"og:image\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("og:image");
    assert!(og.starts_with("https://kx.example.com/_img/"), "{og}");
    assert_has(&html, "<meta property=\"og:image:width\" content=\"1200\">");
    assert_has(&html, "<meta property=\"og:image:height\" content=\"630\">");
    assert_has(
        &html,
        &format!("<meta name=\"twitter:image\" content=\"{og}\">"),
    );
    let v = decode(&out, og.trim_start_matches("https://kx.example.com"));
    assert_eq!((v.width(), v.height()), (1200, 630));
    let cover = img_tag(&html, "发布会图集");
    assert_has(cover, "width=\"2000\" height=\"1500\"");
    assert_eq!(srcset(cover).len(), 3, "{cover}");
    let home = read(&out, "index.html");
    let thumb = &home[home.find("class=\"item-cover\"").expect("thumbnail")..];
    let thumb = &thumb[..thumb.find("</a>").unwrap()];
    assert_has(thumb, "width=\"400\" height=\"250\"");
    let set = srcset(thumb);
    assert_eq!(
        set.iter().map(|s| s.1).collect::<Vec<_>>(),
        [400, 800],
        "{thumb}"
    );
    let v = decode(&out, &set[1].0);
    assert_eq!((v.width(), v.height()), (800, 500));

    // Report: every variant encoded once (shared ones, like the cover's, counted once).
    let line = stdout1
        .lines()
        .find(|l| l.starts_with("images:"))
        .expect("images line");
    let processed: usize = line["images: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // exif 2 + alpha 3 + bundle 3 + share crop 1 + cover 3 + thumbnails 2
    assert_eq!(processed, 14, "{line}");
    assert!(line.ends_with(", 0 from cache"), "{line}");
    let variants = fs::read_dir(out.join("_img")).unwrap().count();
    assert_eq!(variants, processed, "one file per variant");

    // Second build, nothing changed: nothing encoded, every variant from the cache.
    let (stdout2, _) = build_out(root);
    assert_has(
        &stdout2,
        &format!("images: 0 processed, {processed} from cache"),
    );
    assert_eq!(read(&out, "posts/tu-pian/index.html"), html);

    // One image changed, one removed: only the changed one is encoded, stale entries pruned.
    write(root, "static/images/alpha.png", png_with_alpha(1000, 400));
    let text = fs::read_to_string(root.join("content/posts/zu-tu/index.md")).unwrap();
    write(
        root,
        "content/posts/zu-tu/index.md",
        text.replace("![机房全景](panorama.png)", "无图。"),
    );
    let (stdout3, _) = build_out(root);
    assert_has(
        &stdout3,
        &format!("images: 3 processed, {} from cache", processed - 6),
    );
    let cached = fs::read_dir(root.join(".kuaixun/cache/images"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "index.json")
        .count();
    assert_eq!(cached, processed - 3, "stale variants pruned");
}

#[test]
fn a_site_without_images_has_no_image_line_and_no_cache() {
    let dir = site(&[("config.yaml", "title: 快讯\n")]);
    article(
        dir.path(),
        "wen-zi",
        "title: 纯文字\ndate: 2026-11-30",
        "只有文字。",
    );
    let (stdout, stderr) = build_out(dir.path());
    assert!(!stdout.contains("images:"), "{stdout}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // The build cache is there; the image cache is not.
    assert!(dir.path().join(".kuaixun/cache/build").is_dir());
    assert!(!dir.path().join(".kuaixun/cache/images").exists());
}

#[test]
fn images_can_be_turned_off_and_configured() {
    let dir = site(&[("config.yaml", "title: 快讯\nimages:\n  enabled: false\n")]);
    let root = dir.path();
    write(root, "static/a.png", png_with_alpha(1000, 500));
    article(
        root,
        "tu",
        "title: 图\ndate: 2026-11-30",
        "![示意图](/a.png)",
    );
    let (stdout, _) = build_out(root);
    assert!(!stdout.contains("images:"), "{stdout}");
    let html = read(&root.join("public"), "posts/tu/index.html");
    assert_lacks(img_tag(&html, "示意图"), "width=");

    write(
        root,
        "config.yaml",
        "title: 快讯\nimages:\n  widths: [300]\n  quality: 60\n",
    );
    let (stdout, _) = build_out(root);
    assert_has(&stdout, "images: 1 processed, 0 from cache");
    let html = read(&root.join("public"), "posts/tu/index.html");
    let set = srcset(img_tag(&html, "示意图"));
    assert_eq!(set.iter().map(|s| s.1).collect::<Vec<_>>(), [300]);
    assert!(set[0].0.ends_with("-w300-q60.webp"), "{set:?}");
}

#[test]
fn bad_image_config_is_an_error_at_its_line() {
    for (config, want) in [
        (
            "title: 快讯\nimages:\n  quality: 0\n",
            "config.yaml:3: images: quality: must be from 1 to 100",
        ),
        (
            "title: 快讯\nimages:\n  format: avif\n",
            "config.yaml:3: images: format: `avif` is not supported",
        ),
        (
            "title: 快讯\nimages:\n  widths: []\n",
            "config.yaml:3: images: widths: needs one or more widths",
        ),
        (
            "title: 快讯\nimages:\n  size: 3\n",
            "config.yaml:3: config: unknown field `size`",
        ),
    ] {
        let dir = site(&[("config.yaml", config)]);
        let out = run(["build".as_ref(), "--root".as_ref(), dir.path().as_os_str()]);
        assert!(!out.status.success(), "{config}");
        assert_has(&stderr(&out), want);
    }
}

#[test]
fn init_ignores_the_image_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("新站");
    assert_success(&run([std::ffi::OsStr::new("init"), root.as_os_str()]));
    let text = fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(text.lines().any(|l| l == ".kuaixun/"), "{text}");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
    };
    match git(&["init", "-q"]) {
        Ok(init) if init.status.success() => {
            let out = git(&[
                "check-ignore",
                "-q",
                "--no-index",
                ".kuaixun/cache/images/index.json",
            ])
            .unwrap();
            assert!(out.status.success(), "the cache is ignored by git");
        }
        _ => println!("SKIPPED: git check-ignore (no git); the line is in .gitignore"),
    }
}

#[test]
fn the_image_function_fits_fills_and_crops() {
    let dir = site(&[(
        "config.yaml",
        "title: 快讯\nbase_url: https://kx.example.com/\n",
    )]);
    let root = dir.path();
    write(root, "static/images/tu.png", png_with_alpha(900, 600));
    write(
        root,
        "templates/page.html",
        "{% set a = image(path=\"/images/tu.png\", width=300, height=300) %}\
         {% set b = image(path=\"/images/tu.png\", width=300, height=300, op=\"fill\") %}\
         {% set c = image(path=\"/images/tu.png\", width=200, height=100, op=\"crop\") %}\
         {% set d = image(path=\"https://cdn.example.com/远程.png\", width=200) %}\
         <p id=\"fit\">{{ a.url }} {{ a.width }}x{{ a.height }}</p>\
         <p id=\"fill\">{{ b.permalink }} {{ b.width }}x{{ b.height }}</p>\
         <p id=\"crop\">{{ c.url }} {{ c.width }}x{{ c.height }}</p>\
         <p id=\"remote\">{{ d.url }} {% if d.width %}{{ d.width }}{% else %}无尺寸{% endif %}</p>",
    );
    write(
        root,
        "content/pages/guanyu.md",
        md("title: 关于我们", "关于。"),
    );
    let (_, warnings) = build_out(root);
    assert!(!warnings.contains("warning"), "{warnings}");
    let out = root.join("public");
    let html = read(&out, "guanyu/index.html");
    let field = |id: &str| -> Vec<String> {
        let at = html.find(&format!("<p id=\"{id}\">")).expect(id) + id.len() + 9;
        html[at..at + html[at..].find("</p>").unwrap()]
            .split(' ')
            .map(str::to_string)
            .collect()
    };
    let fit = field("fit");
    assert_eq!(fit[1], "300x200");
    assert!(fit[0].ends_with("-fit300x300-q80.webp"), "{fit:?}");
    assert_eq!(
        (
            decode(&out, &fit[0]).width(),
            decode(&out, &fit[0]).height()
        ),
        (300, 200)
    );
    let fill = field("fill");
    assert_eq!(fill[1], "300x300");
    assert!(
        fill[0].starts_with("https://kx.example.com/_img/"),
        "{fill:?}"
    );
    let v = decode(&out, fill[0].trim_start_matches("https://kx.example.com"));
    assert_eq!((v.width(), v.height()), (300, 300));
    let crop = field("crop");
    assert_eq!(crop[1], "200x100");
    let v = decode(&out, &crop[0]);
    assert_eq!((v.width(), v.height()), (200, 100));
    // The crop is the centre, unscaled: its left half is the fixture's transparent half.
    assert!(v.to_rgba8().get_pixel(20, 50)[3] < 20);
    assert!(v.to_rgba8().get_pixel(180, 50)[3] > 235);
    assert_eq!(
        field("remote"),
        ["https://cdn.example.com/远程.png", "无尺寸"]
    );

    write(
        root,
        "templates/page.html",
        "{% set x = image(path=\"/images/tu.png\", width=10, height=10, op=\"stretch\") %}{{ x.url }}",
    );
    let out = run(["build".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert!(!out.status.success());
    assert_has(&stderr(&out), "unknown op \"stretch\"");
}

#[test]
fn serve_names_variants_and_encodes_them_in_the_background() {
    let dir = image_site();
    let root = dir.path();
    let server = common::server::start(root, &[]);
    let html = server.body("/posts/tu-pian/").expect("article page");
    let tag = img_tag(&html, "手机拍摄的发布会现场");
    assert_has(tag, "width=\"800\" height=\"1200\"");
    let set = srcset(tag);
    assert_eq!(set.len(), 2, "{tag}");
    // The page is there before any variant: a variant URL answers at once, with the
    // original until the background encoder has made the WebP.
    let (url, width) = set[0].clone();
    let path = url
        .split_once("/_img/")
        .map(|(_, n)| format!("/_img/{n}"))
        .expect("a variant URL");
    let (status, _) = common::server::get_bytes(server.port, &path).expect("answers");
    assert_eq!(status, 200);
    let mut webp = Vec::new();
    common::server::wait_for(60.0, "the variant to be encoded", || {
        webp = common::server::get_bytes(server.port, &path)
            .map(|(_, b)| b)
            .unwrap_or_default();
        webp.get(8..12) == Some(b"WEBP")
    });
    let img = image::load_from_memory_with_format(&webp, ImageFormat::WebP).expect("decodes");
    assert_eq!(img.width(), width);
    // The cover crop of the share image too, from the template's `image()`.
    let share = &html[html.find("og:image\" content=\"").expect("og:image") + 19..];
    let share = &share[..share.find('"').unwrap()];
    assert_has(share, "/_img/");
    // Nothing was written into the site's output folder.
    assert!(!root.join("public").exists());
}

#[test]
fn a_bad_cover_is_a_warning_at_the_article_in_build_and_check() {
    let dir = site(&[("config.yaml", "title: 快讯\n")]);
    let root = dir.path();
    write(root, "static/images/half.jpg", {
        let jpeg = encode(
            &DynamicImage::ImageRgb8(gradient(900, 600)),
            ImageFormat::Jpeg,
        );
        jpeg[..jpeg.len() / 4].to_vec()
    });
    article(
        root,
        "feng-mian",
        "title: 封面损坏的稿件\ndate: 2026-11-30\ncover: /images/half.jpg",
        "正文只有一句。",
    );
    let (_, warnings) = build_out(root);
    assert_has(
        &warnings,
        "warning: content/posts/feng-mian.md:4: image `static/images/half.jpg`: the file is truncated",
    );
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    assert!(!warnings.contains("templates"), "{warnings}");

    let out = run(["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert_success(&out);
    let text = stdout(&out) + &stderr(&out);
    assert_has(
        &text,
        "content/posts/feng-mian.md:4: image `static/images/half.jpg`: the file is truncated",
    );
    let json = run([
        "check".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_has(&stdout(&json), "\"kind\": \"image\"");
}
