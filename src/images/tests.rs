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
fn build_plans_variants_and_serve_only_sizes() {
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

    let serving = Images::for_serve(dir.path(), &config);
    let attrs = serving.document(path, body, 5, None).attrs(url, 0);
    assert_eq!(attrs.as_deref(), Some(" width=\"1000\" height=\"600\""));
    assert!(serving.is_empty(), "serve plans no variants");
    let s = serving.resize(url, 400, 300, Op::Fill(400, 300));
    assert_eq!((s.url.as_str(), s.width), (url, Some(1000)));
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
