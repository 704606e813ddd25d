use std::path::Path;

use super::*;
use crate::config::{Config, SlugStyle};
use crate::content::parse_document;
use crate::markdown::{render, Options};

fn doc(name: &str, fm: &str) -> (Document, Rendered) {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let text = format!("---\n{fm}\n---\n正文：算力是新的电力。\n");
    let d = parse_document(Path::new(name), text.into_bytes(), &tz, SlugStyle::Pinyin).unwrap();
    let r = render(&d.body, &Options::default());
    (d, r)
}

fn config(extra: &str) -> Config {
    Config::parse(&format!("title: 测试站\npaginate: 2\n{extra}")).unwrap()
}

#[test]
fn sorted_newest_first_with_neighbours() {
    let site = Site::build(
        vec![
            doc("content/a.md", "title: 旧闻\ndate: 2025-01-01"),
            doc("content/b.md", "title: 新闻\ndate: 2025-03-01"),
            doc("content/c.md", "title: 中间\ndate: 2025-02-01"),
        ],
        &config(""),
    )
    .unwrap();
    let titles: Vec<_> = site
        .articles
        .iter()
        .map(|a| a.doc.meta.title.as_str())
        .collect();
    assert_eq!(titles, ["新闻", "中间", "旧闻"]);
    assert_eq!(site.articles[1].prev, Some(2));
    assert_eq!(site.articles[1].next, Some(0));
    assert_eq!(site.articles[0].next, None);
    assert_eq!(site.articles[2].prev, None);
}

#[test]
fn permalink_tokens() {
    let (d, _) = doc(
        "content/x.md",
        "title: 英伟达发布 H200\ndate: 2025-11-05 10:30\ncategories: [芯片]",
    );
    assert_eq!(
        permalink("/:year/:month/:day/:category/:slug/", &d, &config("")).unwrap(),
        "2025/11/05/xin-pian/x/"
    );
    assert_eq!(
        permalink("/news/:slug.html", &d, &config("")).unwrap(),
        "news/x.html"
    );
    assert_eq!(
        permalink("/:category/:slug/", &d, &config("slugs:\n  芯片: chips\n")).unwrap(),
        "chips/x/"
    );
    assert_eq!(out_path_for("news/x.html"), "news/x.html");
    assert_eq!(out_path_for("posts/x/"), "posts/x/index.html");
}

#[test]
fn taxonomies_with_chinese_names() {
    let site = Site::build(
        vec![
            doc(
                "content/a.md",
                "title: 一\ndate: 2025-01-01\ntags: [人工智能, 芯片]",
            ),
            doc(
                "content/b.md",
                "title: 二\ndate: 2025-01-02\ntags: [人工智能]\ncategories: [科技资讯]",
            ),
        ],
        &config("slugs:\n  芯片: chips\n"),
    )
    .unwrap();
    let names: Vec<_> = site
        .tags()
        .terms
        .iter()
        .map(|t| (t.name.as_str(), t.slug.as_str(), t.articles.len()))
        .collect();
    assert_eq!(
        names,
        [("人工智能", "ren-gong-zhi-neng", 2), ("芯片", "chips", 1)]
    );
    assert_eq!(site.categories().terms[0].url, "categories/ke-ji-zi-xun/");
    // Term article lists are newest first.
    assert_eq!(site.tags().terms[0].articles, vec![0, 1]);
}

#[test]
fn slug_clash_between_tags_names_both() {
    let err = Site::build(
        vec![
            // Different names, one pinyin slug (shi-ji).
            doc("content/a.md", "title: 一\ndate: 2025-01-01\ntags: [世纪]"),
            doc("content/b.md", "title: 二\ndate: 2025-01-02\ntags: [时机]"),
        ],
        &config(""),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("`世纪`") && msg.contains("`时机`") && msg.contains("/tags/shi-ji/"),
        "{msg}"
    );
}

#[test]
fn case_and_width_variants_are_one_term() {
    // Site order is newest first: d, c, b, a.
    let site = Site::build(
        vec![
            doc(
                "content/a.md",
                "title: 一\ndate: 2025-01-01\ntags: [Javascript, swift]\ncategories: [ＡＩ]",
            ),
            doc(
                "content/b.md",
                "title: 二\ndate: 2025-01-02\ntags: [JavaScript, Swift]\ncategories: [AI]",
            ),
            doc(
                "content/c.md",
                "title: 三\ndate: 2025-01-03\ntags: [JavaScript, 芯片, javascript]\ncategories: [ai]",
            ),
            doc("content/d.md", "title: 四\ndate: 2025-01-04\ntags: [芯片, SWIFT]"),
        ],
        &config(""),
    )
    .unwrap();
    let tags: Vec<_> = site
        .tags()
        .terms
        .iter()
        .map(|t| (t.name.as_str(), t.url.as_str(), t.articles.clone()))
        .collect();
    assert_eq!(
        tags,
        [
            // The most used spelling is shown; c.md names two spellings and counts once.
            ("JavaScript", "tags/javascript/", vec![1, 2, 3]),
            // One use each: the first seen in site order (d.md, the newest).
            ("SWIFT", "tags/swift/", vec![0, 2, 3]),
            ("芯片", "tags/xin-pian/", vec![0, 1]),
        ]
    );
    // Full-width ＡＩ and AI and ai are one category too (a tie: c.md's `ai` comes first).
    assert_eq!(site.categories().terms.len(), 1);
    assert_eq!(site.categories().terms[0].name, "ai");
    assert_eq!(site.categories().terms[0].articles, vec![1, 2, 3]);
    // Each article lists its terms in front-matter order.
    let c = &site.articles[1];
    let names: Vec<_> = c
        .tags()
        .iter()
        .map(|&t| site.tags().terms[t].name.as_str())
        .collect();
    assert_eq!(names, ["JavaScript", "芯片"]);
}

#[test]
fn a_slugs_entry_of_any_spelling_names_the_term() {
    let site = Site::build(
        vec![
            doc("content/a.md", "title: 一\ndate: 2025-01-01\ntags: [Rust]"),
            doc(
                "content/b.md",
                "title: 二\ndate: 2025-01-02\ntags: [rust, Rust]",
            ),
        ],
        &config("slugs:\n  rust: rust-lang\n"),
    )
    .unwrap();
    assert_eq!(site.tags().terms.len(), 1);
    assert_eq!(site.tags().terms[0].name, "Rust");
    assert_eq!(site.tags().terms[0].url, "tags/rust-lang/");
}

#[test]
fn duplicate_article_urls_name_both_files() {
    let err = Site::build(
        vec![
            doc("content/a.md", "title: 一\ndate: 2025-01-01\nslug: same"),
            doc("content/b.md", "title: 二\ndate: 2025-01-02\nslug: same"),
        ],
        &config(""),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("content/a.md") && msg.contains("content/b.md"),
        "{msg}"
    );
}

#[test]
fn article_cannot_take_a_generated_page_url() {
    let err = Site::build(
        vec![doc(
            "content/a.md",
            "title: 标签\ndate: 2025-01-01\nslug: tags",
        )],
        &config("permalink: /:slug/\n"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("/tags/"), "{err}");
}

#[test]
fn related_by_shared_tags_then_category_then_recency() {
    let site = Site::build(
        vec![
            doc(
                "content/a.md",
                "title: 本文\ndate: 2025-01-10\ntags: [芯片, 算力, 开源]\ncategories: [科技]",
            ),
            doc(
                "content/b.md",
                "title: 两个标签\ndate: 2025-01-01\ntags: [芯片, 算力]",
            ),
            doc(
                "content/c.md",
                "title: 一个标签同分类\ndate: 2025-01-02\ntags: [开源]\ncategories: [科技]",
            ),
            doc(
                "content/d.md",
                "title: 一个标签较新\ndate: 2025-01-09\ntags: [芯片]",
            ),
            doc(
                "content/e.md",
                "title: 一个标签较旧\ndate: 2025-01-03\ntags: [算力]",
            ),
            doc(
                "content/f.md",
                "title: 无关\ndate: 2025-01-08\ntags: [航天]",
            ),
        ],
        &config(""),
    )
    .unwrap();
    let me = site
        .articles
        .iter()
        .position(|a| a.doc.meta.title == "本文")
        .unwrap();
    let titles: Vec<_> = site.articles[me]
        .related
        .iter()
        .map(|&j| site.articles[j].doc.meta.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["两个标签", "一个标签同分类", "一个标签较新", "一个标签较旧"]
    );
}

#[test]
fn pages_are_paginated() {
    let docs = (1..=5)
        .map(|i| {
            doc(
                &format!("content/{i}.md"),
                &format!("title: 第{i}篇\ndate: 2025-01-0{i}\ntags: [开源]"),
            )
        })
        .collect();
    let site = Site::build(docs, &config("")).unwrap();
    let pages = site.pages();
    let index: Vec<_> = pages
        .iter()
        .filter(|p| matches!(p, Page::Index(_)))
        .collect();
    assert_eq!(index.len(), 3);
    assert_eq!(site.page_out_path(Page::Index(3)), "page/3/index.html");
    assert_eq!(
        site.page_out_path(Page::Term(TaxonomyKind::TAGS, 0, 2)),
        "tags/kai-yuan/page/2/index.html"
    );
    let p = site.paginator(Page::Index(3)).unwrap();
    assert_eq!(p.items().count(), 1);
}

#[test]
fn summary_prefers_front_matter_then_more_then_auto() {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let mk = |fm: &str, body: &str| {
        let d = parse_document(
            Path::new("content/s.md"),
            format!("---\ntitle: 摘要\ndate: 2025-01-01\n{fm}---\n{body}").into_bytes(),
            &tz,
            SlugStyle::Pinyin,
        )
        .unwrap();
        let r = render(&d.body, &Options::default());
        Site::build(vec![(d, r)], &config(""))
            .unwrap()
            .articles
            .remove(0)
            .summary_html
    };
    assert_eq!(
        mk("summary: 手写<摘要>\n", "正文。\n"),
        "<p>手写&lt;摘要&gt;</p>"
    );
    assert!(mk("", "导语。\n\n<!-- more -->\n\n其余。\n").contains("导语"));
    assert!(!mk("", "导语。\n\n<!-- more -->\n\n其余。\n").contains("其余"));
    assert!(mk("", "第一句。第二句。\n").contains("第一句。"));
}

/// The URL table's generated files are the files the other stages really write: every feed,
/// sitemap, robots.txt, syntax CSS and search index file `build` produces is covered.
#[test]
fn generated_files_cover_what_build_writes() {
    generated_files_cover_what_build_writes_with("");
    generated_files_cover_what_build_writes_with(
        "news_sitemap: true\npush:\n  indexnow:\n    key: abcdef123456\n",
    );
}

fn generated_files_cover_what_build_writes_with(config_text: &str) {
    let config = config(config_text);
    let site = Site::build(
        vec![
            doc(
                "content/a.md",
                "title: 旧闻\ndate: 2025-01-01\ntags: [芯片, 开源]",
            ),
            doc(
                "content/b.md",
                "title: 新闻\ndate: 2025-03-01\ntags: [芯片]",
            ),
        ],
        &config,
    )
    .unwrap();
    let generated = generated_files(&site);
    let covered = |path: &str| {
        generated
            .iter()
            .any(|(g, _)| g == path || (g.ends_with('/') && path.starts_with(g.as_str())))
    };
    let (files, _) = crate::build::site_files(&site, &config, None);
    let assets = crate::build::generated_assets(&config).unwrap();
    let paths: Vec<String> = files.into_iter().chain(assets).map(|(p, _)| p).collect();
    assert!(paths.len() > 8, "{paths:?}");
    for p in &paths {
        assert!(covered(p), "{p} is written but not in the URL table");
    }
}

#[test]
fn pinned_articles_lead_home_and_sections_not_terms_or_feeds() {
    let site = Site::build(
        vec![
            doc(
                "content/a.md",
                "title: 甲\ndate: 2025-01-01\ntags: [芯片]\npinned: true",
            ),
            doc(
                "content/b.md",
                "title: 乙\ndate: 2025-01-02\ntags: [芯片]\nsticky: 2",
            ),
            doc("content/c.md", "title: 丙\ndate: 2025-01-03\ntags: [芯片]"),
            doc(
                "content/d.md",
                "title: 丁\ndate: 2025-01-04\ntags: [芯片]\ntop: true\npinned_until: 2025-01-05",
            ),
        ],
        &config(""),
    )
    .unwrap();
    let titles = |ids: &[usize]| -> Vec<&str> {
        ids.iter()
            .map(|&i| site.articles[i].doc.meta.title.as_str())
            .collect()
    };
    // Site order (and prev/next, archives, term lists) stays by date.
    assert_eq!(titles(&[0, 1, 2, 3]), ["丁", "丙", "乙", "甲"]);
    // `Site::build` has no moment: pinned_until has not passed at the epoch.
    assert_eq!(
        titles(site.structure.home.as_ref().unwrap()),
        ["乙", "丁", "甲", "丙"]
    );
    assert_eq!(site.structure.home_pinned, 3);
    assert_eq!(
        titles(&site.tags().terms[0].articles),
        ["丁", "丙", "乙", "甲"]
    );
    assert_eq!(
        titles(&site.structure.unpinned_head(None, &site.articles, 3)),
        ["丁", "丙", "乙"]
    );
    let p = site.paginator(Page::Index(2)).unwrap();
    assert_eq!(site.pinned_on(Page::Index(2), &p), 1);
}
