//! Issue 19, script variants: a Simplified site built with `variants: [zh-TW, zh-HK]` gets
//! two more whole editions under /zh-tw/ and /zh-hk/, converted with OpenCC's tables.

mod common;
use common::{article, assert_has, assert_lacks, build_cli, build_fails, read, site, write};

use kuaixun::variants::opencc::{Converter, Table};

const CONFIG: &str = "title: 科技快讯\ndescription: 软件与信息的新闻\nbase_url: https://news.example.cn/\nvariants: [zh-TW, zh-HK]\nvariants_keep: [author]\n";

fn fixture() -> tempfile::TempDir {
    let dir = site(&[("config.yaml", CONFIG)]);
    article(
        dir.path(),
        "kaiyuan",
        "title: 开源软件的信息安全\ndate: 2025-11-20 10:00\ntags: [软件, 信息安全]\ncategories: [业界]\nauthor: 张发\nslug: kaiyuan",
        "这款软件的内存占用很低，详见[下一篇](/posts/dayinji/)，官网 <https://example.com/软件>。\n\n\
         行内代码 `软件 = \"信息\"` 不变。\n\n\
         ```python\n# 软件的注释\nprint(\"信息\")\n```\n\n\
         人名{{ keep(text=\"干将发\") }}保持原样，软件照常转换。\n\n\
         {% keep() %}\n这段引文不转换：软件与信息。\n{% end %}\n\n\
         ![鼠标的照片](/images/mouse.png \"鼠标\")",
    );
    article(
        dir.path(),
        "dayinji",
        "title: 打印机与鼠标\ndate: 2025-11-19 09:00\ntags: [硬件]\nslug: dayinji",
        "打印机驱动程序更新了。",
    );
    write(
        dir.path(),
        "data/links.yaml",
        "- name: 开源软件观察\n  url: https://oss.example.org/软件/\n",
    );
    write(
        dir.path(),
        "static/images/mouse.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82",
    );
    dir
}

#[test]
fn every_edition_is_converted_with_its_regional_phrases() {
    let dir = fixture();
    let out = build_cli(dir.path(), &[]);
    let cn = read(&out, "posts/kaiyuan/index.html");
    let tw = read(&out, "zh-tw/posts/kaiyuan/index.html");
    let hk = read(&out, "zh-hk/posts/kaiyuan/index.html");
    // The main edition is the source, untouched.
    assert_has(&cn, "<html lang=\"zh-CN\">");
    assert_has(&cn, "<h1 class=\"post-title\">开源软件的信息安全</h1>");
    // Taiwan phrases in zh-TW, Hong Kong characters in zh-HK.
    assert_has(&tw, "<html lang=\"zh-TW\">");
    assert_has(&tw, "開源軟體的資訊安全");
    assert_has(&tw, "這款軟體的記憶體佔用很低");
    assert_has(&hk, "<html lang=\"zh-HK\">");
    assert_has(&hk, "開源軟件的信息安全");
    assert_has(&hk, "這款軟件的內存佔用很低");
    // Theme words, site title and labels too.
    assert_has(&tw, "<title>開源軟體的資訊安全 - 科技快訊</title>");
    assert_has(&tw, ">軟體</a>");
    assert_has(&tw, "簡繁切換");
    // Code spans and blocks, kept passages, the kept byline and URLs are as written.
    for page in [&tw, &hk] {
        assert_has(page, "<code>软件 = \"信息\"</code>");
        assert_has(page, "软件的注释");
        assert_lacks(page, "註釋");
        assert_has(page, "<span class=\"kx-keep\">干将发</span>");
        assert_has(page, "这段引文不转换：软件与信息。");
        assert_has(page, "张发");
        assert_has(page, ">https://example.com/软件</a>");
        assert_lacks(page, "软件的内存");
    }
    // alt and title convert, the image stays where it is (one copy at the site root).
    assert_has(&tw, "alt=\"滑鼠的照片\"");
    assert_has(&tw, "title=\"滑鼠\"");
    assert_has(&tw, "src=\"/images/mouse.png\"");
    assert!(!out.join("zh-tw/images/mouse.png").exists());
    // Links between pages stay in the edition; the same slugs everywhere.
    assert_has(&tw, "href=\"/zh-tw/posts/dayinji/\"");
    assert_has(&cn, "href=\"/posts/dayinji/\"");
    assert_has(&tw, "href=\"/zh-tw/tags/ruan-jian/\"");
    assert!(out.join("zh-hk/tags/ruan-jian/index.html").exists());
    assert_has(&read(&out, "zh-tw/index.html"), "印表機與滑鼠");
    assert_has(&read(&out, "zh-tw/tags/index.html"), "軟體");
    // Data files shown by the theme (the footer's links) too; their URLs stay.
    assert_has(&tw, ">開源軟體觀察</a>");
    assert_has(&tw, "href=\"https://oss.example.org/软件/\"");
}

#[test]
fn alternates_switch_and_sitemap_tie_the_editions_together() {
    let dir = fixture();
    let out = build_cli(dir.path(), &[]);
    for rel in [
        "posts/kaiyuan/index.html",
        "zh-tw/posts/kaiyuan/index.html",
        "zh-hk/posts/kaiyuan/index.html",
    ] {
        let page = read(&out, rel);
        assert_has(
            &page,
            "<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://news.example.cn/posts/kaiyuan/\">",
        );
        assert_has(
            &page,
            "<link rel=\"alternate\" hreflang=\"zh-TW\" href=\"https://news.example.cn/zh-tw/posts/kaiyuan/\">",
        );
        assert_has(
            &page,
            "<link rel=\"alternate\" hreflang=\"zh-HK\" href=\"https://news.example.cn/zh-hk/posts/kaiyuan/\">",
        );
        assert_has(
            &page,
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://news.example.cn/posts/kaiyuan/\">",
        );
    }
    // The switch keeps the reader on the same article.
    let tw = read(&out, "zh-tw/posts/kaiyuan/index.html");
    let switch = &tw[tw.find("edition-switch").unwrap()..];
    let switch = &switch[..switch.find("</nav>").unwrap()];
    assert_has(switch, "href=\"/posts/kaiyuan/\"");
    assert_has(switch, "href=\"/zh-hk/posts/kaiyuan/\"");
    assert_has(switch, "aria-current=\"true\">繁體（台灣）");
    assert_has(
        &tw,
        "<link rel=\"canonical\" href=\"https://news.example.cn/zh-tw/posts/kaiyuan/\">",
    );

    // One sitemap at the root lists every edition's pages with their alternates.
    let xml = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let loc = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let tw_url = urls
        .iter()
        .find(|u| loc(u) == "https://news.example.cn/zh-tw/posts/kaiyuan/")
        .expect("zh-TW article in the sitemap");
    let alts: Vec<(String, String)> = tw_url
        .children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|c| {
            (
                c.attribute("hreflang").unwrap().to_string(),
                c.attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(alts.contains(&(
        "zh-HK".into(),
        "https://news.example.cn/zh-hk/posts/kaiyuan/".into()
    )));
    assert!(alts.contains(&(
        "x-default".into(),
        "https://news.example.cn/posts/kaiyuan/".into()
    )));
    assert_eq!(alts.len(), 4, "{alts:?}");
    let cn_pages = urls.iter().filter(|u| !loc(u).contains("/zh-")).count();
    assert_eq!(urls.len(), cn_pages * 3);
    assert!(!out.join("zh-tw/sitemap.xml").exists());
    assert!(!out.join("zh-tw/robots.txt").exists());
}

#[test]
fn feeds_search_and_scripts_exist_per_edition() {
    let dir = fixture();
    let out = build_cli(dir.path(), &[]);
    let atom = read(&out, "zh-tw/atom.xml");
    assert_has(&atom, "xml:lang=\"zh-TW\"");
    assert_has(&atom, "開源軟體的資訊安全");
    assert_has(&atom, "https://news.example.cn/zh-tw/posts/kaiyuan/");
    assert_has(&read(&out, "zh-hk/rss.xml"), "開源軟件的信息安全");
    // Each edition has its own index, with its own titles.
    let manifest = read(&out, "zh-tw/search/manifest.json");
    assert_has(&manifest, "\"docs\":2");
    let search_page = read(&out, "zh-tw/search/index.html");
    assert_has(&search_page, "data-base=\"/zh-tw/\"");
    // search.js's messages are converted in the edition's copy; CSS is shared.
    let script = common::attr_values(&search_page, "src")
        .into_iter()
        .find(|s| s.contains("search"))
        .unwrap();
    assert!(script.starts_with("/zh-tw/js/search."), "{script}");
    let js = read(&out, script.trim_start_matches('/'));
    assert_has(&js, "沒有找到");
    assert_lacks(&js, "没有找到");
    assert_has(
        &search_page,
        &format!(
            "href=\"/{}\"",
            common::attr_values(&read(&out, "index.html"), "href")
                .into_iter()
                .find(|h| h.contains("css/style."))
                .unwrap()
                .trim_start_matches('/')
        ),
    );
}

#[test]
fn unknown_or_doubled_variants_fail_at_their_config_line() {
    let dir = site(&[("config.yaml", "title: t\nvariants:\n  - zh-TW\n  - zh-XX\n")]);
    article(dir.path(), "a", "title: 一\ndate: 2025-01-01", "正文");
    let err = build_fails(dir.path());
    assert_has(&err, "config.yaml:4");
    assert_has(&err, "unknown variant `zh-XX`");
    assert_has(&err, "zh-TW, zh-HK");
    assert!(!dir.path().join("public").exists());

    write(
        dir.path(),
        "config.yaml",
        "language: en\nvariants: [zh-TW]\n",
    );
    assert_has(&common::check_fails(dir.path()), "config.yaml:2");
}

#[test]
fn an_article_inside_an_editions_path_is_an_error() {
    let dir = site(&[("config.yaml", "variants: [zh-TW]\n")]);
    article(
        dir.path(),
        "a",
        "title: 一\ndate: 2025-01-01\nurl: /zh-tw/about/",
        "正文",
    );
    let err = build_fails(dir.path());
    assert_has(&err, "content/posts/a.md:4");
    assert_has(&err, "zh-TW");
}

/// OpenCC's own test cases for the three tables kuaixun uses.
#[test]
fn conversion_matches_opencc_test_cases() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("data/opencc_cases.json")).unwrap();
    let mut checked = 0;
    for case in cases["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        for (name, table) in [
            ("s2twp", Table::S2twp),
            ("s2hk", Table::S2hk),
            ("s2t", Table::S2t),
        ] {
            if let Some(want) = case["expected"][name].as_str() {
                assert_eq!(
                    Converter::new(table).convert(input),
                    want,
                    "{name}: {input}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 70, "{checked}");
}

/// Byte for byte what ferrous-opencc (OpenCC's algorithm over the same dictionaries) gives,
/// on the demo site's articles and on mixed Chinese/Latin news text.
#[test]
fn conversion_matches_ferrous_opencc() {
    use ferrous_opencc::{config::BuiltinConfig, OpenCC};
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    text.push_str(
        "华为发布了新一代麒麟芯片，采用 5nm 工艺；苹果的 iOS 18 软件更新修复了内存泄漏。\
         他的头发白了，发展中国家的互联网用户在2025年达到了30亿。乾隆皇帝下令编纂《四库全书》。\
         台湾的鼠标、打印机、服务器、数据库和程序员；香港的的士与巴士。干燥的天气，干部，树干。",
    );
    assert!(text.chars().count() > 5_000);
    for (ours, theirs) in [
        (Table::S2twp, BuiltinConfig::S2twp),
        (Table::S2hk, BuiltinConfig::S2hk),
        (Table::S2t, BuiltinConfig::S2t),
    ] {
        let reference = OpenCC::from_config(theirs).unwrap().convert(&text);
        assert!(
            Converter::new(ours).convert(&text) == reference,
            "{}",
            ours.name()
        );
    }
}

/// `kuaixun serve` serves every edition; an edit shows in each, converted.
#[test]
fn serve_serves_every_edition_and_converts_edits() {
    use common::server::{start, wait_for};
    let dir = fixture();
    let srv = start(dir.path(), &[]);
    let tw = srv.body("/zh-tw/posts/kaiyuan/").expect("zh-TW page");
    assert_has(&tw, "開源軟體的資訊安全");
    assert_has(&tw, "href=\"/zh-tw/posts/dayinji/\"");
    let hk = srv.body("/zh-hk/posts/kaiyuan/").expect("zh-HK page");
    assert_has(&hk, "開源軟件的信息安全");
    wait_for(5.0, "the zh-TW feed", || {
        srv.body("/zh-tw/atom.xml")
            .is_some_and(|b| b.contains("開源軟體的資訊安全"))
    });
    article(
        dir.path(),
        "dayinji",
        "title: 打印机与鼠标的新软件\ndate: 2025-11-19 09:00\ntags: [硬件]\nslug: dayinji",
        "打印机驱动程序更新了。",
    );
    wait_for(5.0, "the edit in zh-TW", || {
        srv.body("/zh-tw/posts/dayinji/")
            .is_some_and(|b| b.contains("印表機與滑鼠的新軟體"))
    });
    wait_for(5.0, "the edit in zh-HK", || {
        srv.body("/zh-hk/posts/dayinji/")
            .is_some_and(|b| b.contains("打印機與鼠標的新軟件"))
    });
    assert_has(
        &srv.body("/posts/dayinji/").unwrap(),
        "打印机与鼠标的新软件",
    );
}

/// `variants_keep: [author]` keeps the authors' names as written; their bios and the labels
/// of their links are prose and are converted like any text.
#[test]
fn kept_author_names_still_convert_their_bios() {
    let config = "title: 科技快讯\nbase_url: https://news.example.cn/\nvariants: [zh-TW]\n\
                  variants_keep: [author]\n\
                  authors:\n  zhangfa:\n    name: 张发\n    bio: 软件与信息安全记者\n    \
                  links: {个人主页: 'https://example.com/软件'}\n";
    let dir = site(&[("config.yaml", config)]);
    article(
        dir.path(),
        "kaiyuan",
        "title: 开源软件\ndate: 2025-11-20 10:00\nauthor: zhangfa\nslug: kaiyuan",
        "正文。",
    );
    let out = build_cli(dir.path(), &[]);
    let tw = read(&out, "zh-tw/authors/zhangfa/index.html");
    assert_has(&tw, "张发");
    assert_lacks(&tw, "張發");
    assert_has(&tw, "軟體與資訊安全記者");
    assert_lacks(&tw, "软件与信息安全记者");
    assert_has(&tw, "個人主頁");
    assert_has(&tw, "https://example.com/软件");
    let cn = read(&out, "authors/zhangfa/index.html");
    assert_has(&cn, "软件与信息安全记者");
}
