//! The door's own tests: planning in build and serve, URLs it refuses, warnings.

use super::*;
use crate::markdown::ImageAttrs;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([30, 90, 160]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("static/图")).unwrap();
    std::fs::write(dir.path().join("static/图/机柜.png"), png(1000, 600)).unwrap();
    dir
}

#[test]
fn build_plans_variants_and_check_only_sizes() {
    let dir = site();
    let config = Config::default();
    let url = "/%E5%9B%BE/%E6%9C%BA%E6%9F%9C.png";
    let body = "正文\n\n![机柜](x)\n";
    let path = Path::new("content/posts/a.md");

    let images = Images::new(dir.path(), &config);
    let attrs = images
        .document(path, body, 5, None)
        .attrs(url, body.find('!').unwrap())
        .expect("a local image");
    assert!(
        attrs.starts_with(" width=\"1000\" height=\"600\" srcset=\""),
        "{attrs}"
    );
    assert!(!images.is_empty());

    let checking = Images::for_check(dir.path(), &config);
    let attrs = checking.document(path, body, 5, None).attrs(url, 0);
    assert_eq!(attrs.as_deref(), Some(" width=\"1000\" height=\"600\""));
    assert!(checking.is_empty(), "check plans no variants");
    let s = checking.resize(url, 400, 300, Op::Fill(400, 300));
    assert_eq!((s.url.as_str(), s.width), (url, Some(1000)));
}

#[test]
fn serve_shows_the_original_until_the_background_encoder_is_done() {
    let dir = site();
    let images = Images::new(dir.path(), &Config::default());
    let url = "/%E5%9B%BE/%E6%9C%BA%E6%9F%9C.png";
    let sized = images.resize(url, 400, 300, Op::Fill(400, 300));
    let name = sized
        .url
        .strip_prefix("/_img/")
        .expect("a variant URL")
        .to_string();
    assert!(images.served("not-planned.webp").is_none());

    let before = images.served(&name).expect("planned");
    assert!(!before.ready);
    assert_eq!(before.type_of, Path::new("static/图/机柜.png"));
    assert!(before.bytes.starts_with(b"\x89PNG"));

    let (encoded, warnings) = images.encode_pending();
    assert_eq!((encoded, warnings.len()), (1, 0));
    let after = images.served(&name).expect("planned");
    assert!(after.ready);
    assert_eq!(&after.bytes[8..12], b"WEBP");
    let decoded = image::load_from_memory(&after.bytes).expect("a WebP");
    assert_eq!((decoded.width(), decoded.height()), (400, 300));
    assert_eq!(images.encode_pending().0, 0, "nothing left to encode");

    // An edited image is probed again after `refresh`: the new content gets a new name.
    std::fs::write(dir.path().join("static/图/机柜.png"), png(800, 800)).unwrap();
    images.refresh();
    let again = images.resize(url, 400, 300, Op::Fill(400, 300));
    assert_ne!(again.url, sized.url);
}

#[test]
fn a_bad_cover_is_reported_at_the_article_not_the_template() {
    let dir = site();
    std::fs::write(
        dir.path().join("static/bad.jpg"),
        b"\xff\xd8\xff\xe0 broken",
    )
    .unwrap();
    let images = Images::new(dir.path(), &Config::default());
    let text = "---\ntitle: 封面坏了\ndate: 2026-12-01\ncover: /bad.jpg\n---\n正文\n";
    let doc = crate::content::parse_document(
        Path::new("content/posts/c.md"),
        text.as_bytes().to_vec(),
        &jiff::tz::TimeZone::UTC,
        Default::default(),
    )
    .expect("parses");
    images.covers(std::iter::once(&doc));
    // The list template crops it too: no second warning.
    let s = images.resize("/bad.jpg", 400, 250, Op::Fill(400, 250));
    assert_eq!(s.url, "/bad.jpg");
    let w = images.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    let text = w[0].to_string();
    assert!(
        text.starts_with("content/posts/c.md:4: image `static/bad.jpg`: "),
        "{text}"
    );
}

#[test]
fn urls_outside_the_site_are_left_alone() {
    let dir = site();
    let images = Images::new(dir.path(), &Config::default());
    for url in [
        "https://cdn.example.com/a.png",
        "//cdn.example.com/a.png",
        "/../etc/passwd",
        "/%2E%2E/static/%E5%9B%BE/%E6%9C%BA%E6%9F%9C.png",
        "relative.png",
        "/missing.png",
    ] {
        assert_eq!(images.resolve(url), None, "{url}");
    }
    assert!(images.is_empty());
}

#[test]
fn a_bad_image_is_a_warning_at_its_line() {
    let dir = site();
    std::fs::write(
        dir.path().join("static/bad.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let images = Images::new(dir.path(), &Config::default());
    let body = "第一行\n第二行\n![坏图](/bad.png)\n";
    let doc = images.document(Path::new("content/posts/b.md"), body, 4, None);
    assert_eq!(doc.attrs("/bad.png", body.find('!').unwrap()), None);
    let w = images.warnings.lock().unwrap().clone();
    assert_eq!(w.len(), 1);
    let text = w[0].to_string();
    assert!(
        text.starts_with("content/posts/b.md:6: image `static/bad.png`: "),
        "{text}"
    );
}
