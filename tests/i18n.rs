//! Theme words come from per-language files (`src/render/i18n/<lang>.yaml`, a site's
//! `i18n/<lang>.yaml` over them): an English site, script variants with a file (zh-TW) and
//! without one (zh-HK, converted), a site override, and a malformed site file.

mod common;
use common::{
    article, assert_has, assert_lacks, build_cli, html_files, main_of, read, run, site, stderr,
    write,
};

/// A small site with two articles on one tag (so list pages have two pages), a category
/// and a standalone page.
fn fixture(config: &str) -> tempfile::TempDir {
    let dir = site(&[("config.yaml", config)]);
    article(
        dir.path(),
        "first",
        "title: First story\ndate: 2025-11-19 09:00\ntags: [rust]\ncategories: [tech]\nslug: first",
        "The first story.",
    );
    article(
        dir.path(),
        "second",
        "title: Second story\ndate: 2025-11-20 10:00\ntags: [rust]\ncategories: [tech]\nslug: second",
        "The second story.",
    );
    write(
        dir.path(),
        "content/pages/about.md",
        "---\ntitle: About\n---\nAbout us.\n",
    );
    dir
}

/// Chinese characters and full-width punctuation in `text`.
fn cjk(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        let is_cjk = matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}');
        if is_cjk {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[test]
fn an_english_site_gets_english_theme_words_and_no_chinese_ones() {
    let dir = fixture(
        "title: Tech Daily\nbase_url: https://en.example.com/\nlanguage: en\npaginate: 1\n",
    );
    let out = build_cli(dir.path(), &[]);
    let art = read(&out, "posts/second/index.html");
    assert_has(&art, "<html lang=\"en\">");
    assert_has(&art, "<span class=\"post-nav-label\">Previous</span>");
    assert_has(&art, "<span class=\"post-nav-label\">Next</span>");
    assert_has(&art, "<span class=\"term-label\">Tags: </span>");
    assert_has(&art, "<span class=\"published\">Published <time");
    assert_has(&art, "Nov 20, 2025 10:00</time>");
    assert_has(&art, "<a href=\"/tags/\">Tags</a>");
    let index = read(&out, "index.html");
    assert_has(&index, "<h1 class=\"list-title\">Latest news");
    assert_has(&index, ">Next ›</a>");
    assert_has(&index, "<p class=\"page-info\">Page 1 of 2, 2 articles</p>");
    assert_has(
        &read(&out, "page/2/index.html"),
        "<title>Page 2 - Tech Daily</title>",
    );
    let tag = read(&out, "tags/rust/index.html");
    assert_has(&tag, "<title>Tags: rust - Tech Daily</title>");
    assert_has(
        &read(&out, "tags/index.html"),
        "<h1 class=\"list-title\">All Tags</h1>",
    );
    assert_has(&read(&out, "404.html"), "Page not found");
    // Not one Chinese theme word on any page.
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let left = cjk(&html);
        assert!(
            left.is_empty(),
            "{}: Chinese words left: {left:?}\n{}",
            file.display(),
            main_of(&html)
        );
    }
}

#[test]
fn variants_get_their_file_or_the_converted_zh_cn_words() {
    let dir =
        fixture("title: 科技快讯\nbase_url: https://news.example.cn/\nvariants: [zh-TW, zh-HK]\n");
    let out = build_cli(dir.path(), &[]);
    let cn = read(&out, "posts/second/index.html");
    let tw = read(&out, "zh-tw/posts/second/index.html");
    let hk = read(&out, "zh-hk/posts/second/index.html");
    // zh-CN: the built-in zh-CN file.
    assert_has(&cn, "<span class=\"breadcrumb-label\">当前位置：</span>");
    assert_has(&cn, "<a href=\"#top\">回到顶部</a>");
    // zh-TW: its own file's words (Taiwan usage, not a conversion of zh-CN's).
    assert_has(&tw, "<span class=\"breadcrumb-label\">目前位置：</span>");
    assert_has(&tw, "<a href=\"#top\">回到頂端</a>");
    assert_has(&tw, "<span class=\"term-label\">標籤：</span>");
    assert_lacks(&tw, "當前位置");
    // zh-HK has no file: zh-CN's words converted with its table.
    assert_has(&hk, "<span class=\"breadcrumb-label\">當前位置：</span>");
    assert_has(&hk, "<a href=\"#top\">回到頂部</a>");
    assert_lacks(&hk, "目前位置");
    // The words Rust writes follow too.
    assert_has(
        &read(&out, "zh-tw/archives/index.html"),
        "<title>歸檔 - 科技快訊</title>",
    );
    assert_has(
        &read(&out, "zh-hk/404.html"),
        "<h1 class=\"list-title\">頁面不存在</h1>",
    );
    assert_has(
        &read(&out, "zh-tw/404.html"),
        "<h1 class=\"list-title\">找不到網頁</h1>",
    );
}

#[test]
fn a_site_file_overrides_one_key() {
    let dir = fixture("title: 科技快讯\nbase_url: https://news.example.cn/\n");
    write(
        dir.path(),
        "i18n/zh-CN.yaml",
        "# 本站用词\nprev_article: 前一篇\n",
    );
    let out = build_cli(dir.path(), &[]);
    let art = read(&out, "posts/second/index.html");
    assert_has(&art, "<span class=\"post-nav-label\">前一篇</span>");
    assert_lacks(&art, ">上一篇<");
    // Every other word stays the built-in one.
    assert_has(&art, "<span class=\"post-nav-label\">下一篇</span>");
}

#[test]
fn a_key_missing_from_a_site_language_file_warns_once() {
    let dir = fixture("title: Nouvelles\nbase_url: https://fr.example.com/\nlanguage: fr\n");
    write(dir.path(), "i18n/fr.yaml", "prev_article: Précédent\n");
    let root = dir.path().as_os_str();
    let out_dir = dir.path().join("public");
    let out = run([
        std::ffi::OsStr::new("build"),
        std::ffi::OsStr::new("--root"),
        root,
        std::ffi::OsStr::new("-o"),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let warning = "warning: i18n/fr.yaml: missing key `next_article` (using zh-CN)";
    assert_eq!(err.matches(warning).count(), 1, "{err}");
    let art = read(&out_dir, "posts/first/index.html");
    assert_has(&art, "<span class=\"post-nav-label\">Précédent</span>");
    assert_has(&art, "<span class=\"post-nav-label\">下一篇</span>");
}

#[test]
fn a_malformed_site_file_fails_the_build_at_its_line() {
    let dir = fixture("title: Tech Daily\nbase_url: https://en.example.com/\nlanguage: en\n");
    write(
        dir.path(),
        "i18n/en.yaml",
        "home: Front page\nrelated: [Read more\nnext_article: On\n",
    );
    let out_dir = dir.path().join("public");
    let out = run([
        std::ffi::OsStr::new("build"),
        std::ffi::OsStr::new("--root"),
        dir.path().as_os_str(),
        std::ffi::OsStr::new("-o"),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("i18n/en.yaml:"), "{err}");
    let line: usize = err
        .split("i18n/en.yaml:")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line in: {err}"));
    assert!((2..=4).contains(&line), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(!out_dir.join("index.html").exists());
}

#[test]
fn an_unknown_key_is_a_template_error_at_its_line() {
    let dir = fixture("title: 科技快讯\nbase_url: https://news.example.cn/\n");
    write(
        dir.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ t(key=\"no_such_word\") }}</p>\n{% endblock content %}\n",
    );
    let out = run([
        std::ffi::OsStr::new("build"),
        std::ffi::OsStr::new("--root"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("templates/404.html:3"), "{err}");
    assert!(err.contains("`no_such_word`"), "{err}");
}
