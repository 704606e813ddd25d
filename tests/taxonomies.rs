//! Issue 13 §1–§2: configurable taxonomies (a 专题 series read oldest first beside tags and
//! categories) and authors (a registry with Chinese names, `author: id` / `authors: [..]`,
//! author pages with bio, avatar and feed, linked bylines, JSON-LD `author.url`). Bad input
//! fails with file:line and leaves the old output as it was; `serve` updates term pages and
//! the series navigation of every article in a series when one article changes.

mod common;

use std::path::Path;

use common::server::{start, wait_for};
use common::*;

const CONFIG: &str = "\
title: 专题测试站
base_url: https://news.example.com/
paginate: 2
slugs:
  芯片战争: chip-war
  大模型价格战: llm-price-war
taxonomies:
  - name: series
    label: 专题
    paginate: 10
  - name: region
    label: 地区
    slug: diqu
    feed: false
    list: false
authors:
  zhangwei:
    name: 张伟
    bio: 半导体记者，关注光刻机与先进封装。
    avatar: /img/zhangwei.png
    links:
      - name: 微博
        url: https://weibo.example.com/zhangwei
  lina:
    name: 李娜
    bio: 大模型与云计算编辑。
";

fn art(root: &Path, slug: &str, date: &str, fm: &str) {
    write(
        root,
        &format!("content/posts/{slug}.md"),
        format!(
            "---\ntitle: {slug}号稿\ndate: {date}\nslug: {slug}\n{fm}---\n这是{slug}号稿的正文，讲芯片与大模型。\n"
        ),
    );
}

/// Five articles; the 芯片战争 series has three of them (c1, c2, c3 by date), written out of
/// order on disk.
fn fixture() -> tempfile::TempDir {
    let t = site(&[("config.yaml", CONFIG)]);
    let r = t.path();
    art(
        r,
        "c3",
        "2025-11-20",
        "series: 芯片战争\nauthor: zhangwei\ntags: [芯片]\nregion: 华东\n",
    );
    art(
        r,
        "c1",
        "2025-11-01",
        "series: [芯片战争]\nauthor: zhangwei\ntags: [芯片, 光刻机]\n",
    );
    art(
        r,
        "m1",
        "2025-11-10",
        "series: 大模型价格战\nauthors: [lina, zhangwei]\ntags: [大模型]\n",
    );
    art(
        r,
        "c2",
        "2025-11-15",
        "series: 芯片战争\nauthor: 张伟\ntags: [芯片]\nregion: [华东, 华南]\n",
    );
    art(r, "x1", "2025-11-25", "author: lina\ntags: [云计算]\n");
    t
}

fn series_block(html: &str) -> &str {
    let start = html
        .find("<nav class=\"series-nav\"")
        .expect("series navigation");
    let end = start + html[start..].find("</nav>").unwrap();
    &html[start..end]
}

#[test]
fn series_authors_and_custom_taxonomy_pages() {
    let t = fixture();
    let out = build_cli(t.path(), &[]);

    // The series term page lists oldest first, on one page (its own `paginate: 10`).
    let series = read(&out, "series/chip-war/index.html");
    assert_eq!(list_titles(&series), ["c1号稿", "c2号稿", "c3号稿"]);
    assert_has(&series, "专题：芯片战争");
    assert!(!exists(&out, "series/chip-war/page/2/index.html"));
    // Terms list page, with counts.
    let list = read(&out, "series/index.html");
    assert_has(&list, "全部专题");
    assert!(list.find("芯片战争").unwrap() < list.find("大模型价格战").unwrap());

    // Series navigation on every article of the series: position, order, prev/next.
    for (slug, n, prev, next) in [
        ("c1", 1, None, Some("c2")),
        ("c2", 2, Some("c1"), Some("c3")),
        ("c3", 3, Some("c2"), None),
    ] {
        let html = read(&out, &format!("posts/{slug}/index.html"));
        let nav = series_block(&html);
        assert_has(nav, &format!("本专题第 {n} 篇，共 3 篇"));
        assert!(nav.find("c1号稿").unwrap() < nav.find("c2号稿").unwrap());
        assert!(nav.find("c2号稿").unwrap() < nav.find("c3号稿").unwrap());
        assert_has(
            nav,
            &format!("aria-current=\"page\"><span>{slug}号稿</span>"),
        );
        match prev {
            Some(p) => assert_has(nav, &format!("class=\"series-prev\" href=\"/posts/{p}/\"")),
            None => assert_lacks(nav, "series-prev"),
        }
        match next {
            Some(p) => assert_has(nav, &format!("class=\"series-next\" href=\"/posts/{p}/\"")),
            None => assert_lacks(nav, "series-next"),
        }
    }
    // Not in a series: no navigation.
    assert_lacks(&read(&out, "posts/x1/index.html"), "series-nav");

    // Series feed: newest first, like every feed.
    let feed = read(&out, "series/chip-war/atom.xml");
    assert!(feed.find("c3号稿").unwrap() < feed.find("c1号稿").unwrap());
    assert_has(&feed, "专题：芯片战争");

    // A third taxonomy: term pages at its slug, no feed, no list page (as configured).
    let east = read(&out, "diqu/hua-dong/index.html");
    assert_eq!(list_titles(&east), ["c3号稿", "c2号稿"]);
    assert!(exists(&out, "diqu/hua-nan/index.html"));
    assert!(!exists(&out, "diqu/hua-dong/atom.xml"));
    assert!(!exists(&out, "diqu/index.html"));
    assert_has(
        &read(&out, "posts/c2/index.html"),
        "<span class=\"term-label\">地区：</span>",
    );

    // Authors: list page with counts, an author's page with bio, avatar, links and feed,
    // paginated by the site's `paginate: 2`, newest first.
    let authors = read(&out, "authors/index.html");
    assert_has(&authors, "张伟");
    assert_has(&authors, "李娜");
    let zw = read(&out, "authors/zhangwei/index.html");
    assert_has(&zw, "作者：张伟");
    assert_has(&zw, "半导体记者，关注光刻机与先进封装。");
    assert_has(&zw, "src=\"/img/zhangwei.png\"");
    assert_has(&zw, "href=\"https://weibo.example.com/zhangwei\"");
    assert_has(&zw, "共 4 篇文章");
    assert_eq!(list_titles(&zw), ["c3号稿", "c2号稿"]);
    assert_eq!(
        list_titles(&read(&out, "authors/zhangwei/page/2/index.html")),
        ["m1号稿", "c1号稿"]
    );
    let zw_feed = read(&out, "authors/zhangwei/atom.xml");
    assert_has(&zw_feed, "<author><name>张伟</name></author>");
    assert!(zw_feed.find("c3号稿").unwrap() < zw_feed.find("c1号稿").unwrap());

    // Bylines link to the author pages, in front-matter order; `author: 张伟` (the name)
    // finds the id too.
    let m1 = read(&out, "posts/m1/index.html");
    assert_has(
        &m1,
        "作者：<a class=\"author-link\" rel=\"author\" href=\"/authors/lina/\">李娜</a>、<a class=\"author-link\" rel=\"author\" href=\"/authors/zhangwei/\">张伟</a>",
    );
    assert_has(
        &read(&out, "posts/c2/index.html"),
        "href=\"/authors/zhangwei/\">张伟</a>",
    );
    assert_has(
        &read(&out, "index.html"),
        "<a class=\"author-link\" href=\"/authors/lina/\">李娜</a>",
    );
    // JSON-LD: both authors, each with the URL of their page.
    assert_has(
        &m1,
        "\"author\":[{\"@type\":\"Person\",\"name\":\"李娜\",\"url\":\"https://news.example.com/authors/lina/\"},{\"@type\":\"Person\",\"name\":\"张伟\",\"url\":\"https://news.example.com/authors/zhangwei/\"}]",
    );
    // The sitemap lists term pages of every taxonomy.
    let sitemap = read(&out, "sitemap.xml");
    for u in ["series/chip-war/", "authors/zhangwei/", "diqu/hua-dong/"] {
        assert_has(&sitemap, &format!("https://news.example.com/{u}"));
    }
}

#[test]
fn authors_from_the_data_file_and_plain_names_without_a_registry() {
    // The registry in data/authors.yaml instead of config.yaml.
    let t = fixture();
    let r = t.path();
    let config = CONFIG.split("authors:\n").next().unwrap();
    write(r, "config.yaml", config);
    write(
        r,
        "data/authors.yaml",
        "zhangwei:\n  name: 张伟\n  bio: 数据文件里的简介。\nlina:\n  name: 李娜\n",
    );
    let out = build_cli(r, &[]);
    assert_has(
        &read(&out, "authors/zhangwei/index.html"),
        "数据文件里的简介。",
    );

    // No registry at all: `author:` is the name as written, and there are no author pages.
    std::fs::remove_file(r.join("data/authors.yaml")).unwrap();
    art(r, "m1", "2025-11-10", "author: 王编辑\n");
    art(r, "c1", "2025-11-01", "author: 王编辑\n");
    art(r, "c2", "2025-11-15", "author: 王编辑\n");
    art(r, "c3", "2025-11-20", "author: 王编辑\n");
    art(r, "x1", "2025-11-25", "author: 王编辑\n");
    let out = build_cli(r, &[]);
    assert!(!exists(&out, "authors/index.html"));
    let x1 = read(&out, "posts/x1/index.html");
    assert_has(&x1, "<span class=\"author\">作者：王编辑</span>");
    assert_has(
        &x1,
        "\"author\":[{\"@type\":\"Person\",\"name\":\"王编辑\"}]",
    );
}

/// A build that must fail: exit 1, the message at `file:line`, the previous output intact.
fn fails(root: &Path, at: &str, says: &str) {
    let before = read(&root.join("public"), "index.html");
    let out = run(["build".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{at}: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(at), "expected {at}: {err}");
    assert!(err.contains(says), "expected {says}: {err}");
    assert_eq!(
        read(&root.join("public"), "index.html"),
        before,
        "old output kept"
    );
}

#[test]
fn bad_taxonomy_and_author_input_fails_with_file_and_line() {
    let t = fixture();
    let r = t.path();
    build_cli(r, &[]);

    // An author id (or name) not in the registry.
    art(r, "x1", "2025-11-25", "tags: [云计算]\nauthor: wangwu\n");
    fails(r, "content/posts/x1.md:6:", "unknown author `wangwu`");
    art(r, "x1", "2025-11-25", "authors: [lina, 赵六]\n");
    fails(r, "content/posts/x1.md:5:", "unknown author `赵六`");
    art(r, "x1", "2025-11-25", "author: lina\n");

    // A custom taxonomy's value of the wrong type.
    art(r, "c3", "2025-11-20", "series: {名: 芯片}\n");
    fails(
        r,
        "content/posts/c3.md:5:",
        "`series` must be a list of names",
    );
    art(r, "c3", "2025-11-20", "series: 芯片战争\n");

    // A taxonomy named after a front-matter field, and two taxonomies on one URL.
    write(
        r,
        "config.yaml",
        CONFIG.replace("name: region", "name: title"),
    );
    fails(r, "config.yaml:11:", "`title` is a front-matter field");
    write(r, "config.yaml", CONFIG.replace("slug: diqu", "slug: tags"));
    fails(r, "config.yaml:11:", "both use the URL segment `/tags/`");
    // An author without a name in the registry.
    write(r, "config.yaml", CONFIG.replace("    name: 李娜\n", ""));
    fails(r, "config.yaml:24:", "missing field `name`");
    // A malformed data/authors.yaml.
    let config = CONFIG.split("authors:\n").next().unwrap();
    write(r, "config.yaml", config);
    write(
        r,
        "data/authors.yaml",
        "zhangwei:\n  name: 张伟\n  links: 42\n",
    );
    fails(r, "data/authors.yaml:3:", "`zhangwei.links`");
    write(
        r,
        "data/authors.yaml",
        "zhangwei:\n  name: 张伟\n  bio: [未闭合\n",
    );
    fails(r, "data/authors.yaml:", "invalid YAML");
}

#[test]
fn check_reports_unknown_authors_and_series_spelling_variants() {
    let t = fixture();
    let r = t.path();
    art(r, "x1", "2025-11-25", "series: 芯片战争\nauthor: lina\n");
    art(
        r,
        "c3",
        "2025-11-20",
        "series: 芯片戰爭\nauthor: zhangwei\n",
    );
    art(r, "m1", "2025-11-10", "series: ＡＩ周报\nauthor: lina\n");
    art(r, "c1", "2025-11-01", "series: AI周报\nauthor: lina\n");
    art(r, "c2", "2025-11-15", "series: ai周报\nauthor: nobody\n");
    let out = check_cli(r, &[]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content/posts/c2.md:6:") && text.contains("unknown author `nobody`"),
        "{text}"
    );
    assert!(
        text.contains("series `ＡＩ周报` differs from `ai周报`"),
        "{text}"
    );
    assert!(
        text.contains("series `AI周报` differs from `ai周报`"),
        "{text}"
    );
}

#[test]
fn serve_updates_series_navigation_and_author_pages() {
    let t = fixture();
    let r = t.path();
    let srv = start(r, &[]);
    let c1 = srv.body("/posts/c1/").unwrap();
    assert_has(series_block(&c1), "本专题第 1 篇，共 3 篇");
    // x1 joins the series (as its newest article) and changes author.
    art(
        r,
        "x1",
        "2025-11-25",
        "series: 芯片战争\nauthor: zhangwei\ntags: [云计算]\n",
    );
    wait_for(20.0, "series navigation of c1 updated", || {
        srv.body("/posts/c1/")
            .is_some_and(|h| h.contains("本专题第 1 篇，共 4 篇"))
    });
    let c3 = srv.body("/posts/c3/").unwrap();
    let nav = series_block(&c3);
    assert_has(nav, "本专题第 3 篇，共 4 篇");
    assert_has(nav, "class=\"series-next\" href=\"/posts/x1/\"");
    let x1 = srv.body("/posts/x1/").unwrap();
    assert_has(series_block(&x1), "本专题第 4 篇，共 4 篇");
    assert_has(&x1, "href=\"/authors/zhangwei/\">张伟</a>");
    let series = srv.body("/series/chip-war/").unwrap();
    assert_eq!(
        list_titles(&series),
        ["c1号稿", "c2号稿", "c3号稿", "x1号稿"]
    );
    assert_has(&srv.body("/authors/zhangwei/").unwrap(), "共 5 篇文章");
    assert_has(&srv.body("/authors/lina/").unwrap(), "共 1 篇文章");
    // Leaving the series shrinks every article's navigation again.
    art(r, "x1", "2025-11-25", "author: lina\ntags: [云计算]\n");
    wait_for(20.0, "x1 left the series", || {
        srv.body("/posts/c2/")
            .is_some_and(|h| h.contains("本专题第 2 篇，共 3 篇"))
    });
    assert_lacks(&srv.body("/posts/x1/").unwrap(), "series-nav");
    assert_has(&srv.body("/authors/lina/").unwrap(), "共 2 篇文章");
}
