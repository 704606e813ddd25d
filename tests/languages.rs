//! Issue 19 §2, translated editions: `languages: [en]` makes `foo.en.md` beside `foo.md` the
//! English edition of that article, at `/en/` + the original's URL; untranslated articles
//! are simply absent there.

mod common;
use common::{article, assert_has, assert_lacks, build_cli, build_fails, read, site, write};

fn fixture() -> tempfile::TempDir {
    let dir = site(&[(
        "config.yaml",
        "title: 科技快讯\nbase_url: https://news.example.cn/\nlanguages:\n  - {code: en, title: Kuaixun Tech News}\n",
    )]);
    article(
        dir.path(),
        "kaiyuan",
        "title: 开源软件的信息安全\ndate: 2025-11-20 10:00\ntags: [软件]",
        "正文，另见[打印机](dayinji.md)。",
    );
    write(
        dir.path(),
        "content/posts/kaiyuan.en.md",
        "---\ntitle: Open-source software security\ndate: 2025-11-20 10:00\ntags: [software]\n---\nSee [printers](dayinji.md) and [itself](kaiyuan.en.md).\n",
    );
    article(
        dir.path(),
        "dayinji",
        "title: 打印机与鼠标\ndate: 2025-11-19 10:00",
        "只有中文版。",
    );
    write(
        dir.path(),
        "content/posts/bundle/index.md",
        "---\ntitle: 图片包\ndate: 2025-11-18 10:00\n---\n![图](a.svg)\n",
    );
    write(
        dir.path(),
        "content/posts/bundle/index.en.md",
        "---\ntitle: A bundle\ndate: 2025-11-18 10:00\n---\n![picture](a.svg)\n",
    );
    write(
        dir.path(),
        "content/posts/bundle/a.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    dir
}

#[test]
fn translations_make_an_edition_at_their_originals_urls() {
    let dir = fixture();
    let out = build_cli(dir.path(), &[]);
    let en = read(&out, "en/posts/kaiyuan/index.html");
    assert_has(&en, "<html lang=\"en\">");
    assert_has(&en, "Open-source software security");
    assert_has(&en, "Kuaixun Tech News");
    // Links: to a translated article inside the edition, to an untranslated one in the
    // main edition.
    assert_has(&en, "href=\"/en/posts/kaiyuan/\"");
    assert_has(&en, "href=\"/posts/dayinji/\"");
    assert!(!out.join("en/posts/dayinji/index.html").exists());
    // A translated bundle shares its original's files.
    let bundle = read(&out, "en/posts/bundle/index.html");
    assert_has(&bundle, "src=\"/posts/bundle/a.svg\"");
    // The edition's own lists, terms and feeds.
    assert_has(
        &read(&out, "en/index.html"),
        "Open-source software security",
    );
    assert_lacks(&read(&out, "en/index.html"), "打印机与鼠标");
    assert!(out.join("en/tags/software/index.html").exists());
    assert_has(&read(&out, "en/atom.xml"), "xml:lang=\"en\"");
    // The main edition is unchanged by the translations.
    assert_has(
        &read(&out, "posts/kaiyuan/index.html"),
        "开源软件的信息安全",
    );
    assert!(!out.join("posts/kaiyuan-en/index.html").exists());
}

#[test]
fn alternates_and_sitemap_list_only_the_editions_that_have_the_page() {
    let dir = fixture();
    let out = build_cli(dir.path(), &[]);
    let cn = read(&out, "posts/kaiyuan/index.html");
    assert_has(
        &cn,
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://news.example.cn/en/posts/kaiyuan/\">",
    );
    assert_has(
        &cn,
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://news.example.cn/posts/kaiyuan/\">",
    );
    let switch = &cn[cn.find("edition-switch").unwrap()..];
    let switch = &switch[..switch.find("</nav>").unwrap()];
    assert_has(switch, "href=\"/en/posts/kaiyuan/\"");
    assert_has(switch, ">English</a>");
    // The untranslated article has no alternates and no switch.
    let only = read(&out, "posts/dayinji/index.html");
    assert_lacks(&only, "hreflang=\"en\"");
    assert_lacks(&only, "edition-switch");
    let xml = read(&out, "sitemap.xml");
    assert_has(&xml, "<loc>https://news.example.cn/en/posts/kaiyuan/</loc>");
    assert_lacks(&xml, "https://news.example.cn/en/posts/dayinji/");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let url = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.children()
                    .any(|c| c.text() == Some("https://news.example.cn/posts/dayinji/"))
        })
        .unwrap();
    assert_eq!(
        url.children()
            .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
            .count(),
        0
    );
}

#[test]
fn a_translation_without_its_original_fails_in_build_and_check() {
    let dir = fixture();
    write(
        dir.path(),
        "content/posts/orphan.en.md",
        "---\ntitle: Orphan\ndate: 2025-01-01\n---\nNo original.\n",
    );
    let err = build_fails(dir.path());
    assert_has(&err, "content/posts/orphan.en.md:1: a translation of `content/posts/orphan.md`, which does not exist");
    assert!(!dir.path().join("public").exists());
    assert_has(
        &common::check_fails(dir.path()),
        "content/posts/orphan.en.md:1",
    );
}

#[test]
fn bad_languages_fail_at_their_config_line() {
    let dir = site(&[("config.yaml", "title: t\nlanguages:\n  - en\n  - 英文\n")]);
    article(dir.path(), "a", "title: 一\ndate: 2025-01-01", "正文");
    let err = build_fails(dir.path());
    assert_has(&err, "config.yaml:4");
    assert_has(&err, "not a language tag");
}

/// `kuaixun serve` serves the language editions and picks up a new translation.
#[test]
fn serve_serves_translations_and_picks_up_new_ones() {
    use common::server::{start, wait_for};
    let dir = fixture();
    let srv = start(dir.path(), &[]);
    let en = srv.body("/en/posts/kaiyuan/").expect("English page");
    assert_has(&en, "Open-source software security");
    assert_has(&en, "href=\"/posts/dayinji/\"");
    // A translation is not an article of the main edition.
    assert!(srv
        .body("/posts/kaiyuan-en/")
        .is_none_or(|b| !b.contains("Open-source")));
    write(
        dir.path(),
        "content/posts/dayinji.en.md",
        "---\ntitle: Printers and mice\ndate: 2025-11-19 10:00\n---\nNow in English.\n",
    );
    wait_for(5.0, "the new translation", || {
        srv.body("/en/posts/dayinji/")
            .is_some_and(|b| b.contains("Printers and mice"))
    });
    // Its original now links to it, and the English article's link moved into /en/.
    wait_for(5.0, "the original's alternate", || {
        srv.body("/posts/dayinji/")
            .is_some_and(|b| b.contains("hreflang=\"en\""))
    });
    wait_for(5.0, "the moved link", || {
        srv.body("/en/posts/kaiyuan/")
            .is_some_and(|b| b.contains("href=\"/en/posts/dayinji/\""))
    });
}
