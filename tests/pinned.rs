//! 置顶 (issue 13 §3): `pinned: true`, Hexo's `sticky: N` / `top: N` and `pinned_until`.
//! Pinned articles lead the home list and their sections' lists (pin rank first, then the
//! list's order; composed with `sort: weight`) and wear a 置顶 badge there; tag pages,
//! archives, feeds and prev/next stay by date. A bad value fails with file:line, and
//! `serve` re-orders the home page when a pin is toggled.

mod common;

use std::path::Path;

use common::server::{get, start, wait_for};
use common::*;

const CONFIG: &str = "title: 置顶测试站\nbase_url: https://news.example.com/\npaginate: 10\n";
const BADGE: &str = "<span class=\"badge badge-pinned\">置顶</span>";

/// Six articles, newest first: 丙新闻, 丁新闻 (its pin has ended), 权一 (weight 1),
/// 权二 (weight 2, `top: 1`), 乙新闻 (`sticky: 2`), 甲新闻 (`pinned: true`).
fn fixture() -> tempfile::TempDir {
    site(&[
        ("config.yaml", CONFIG),
        ("content/科技/_index.md", "---\ntitle: 科技\nslug: tech\n---\n"),
        (
            "content/科技/芯片/_index.md",
            "---\ntitle: 芯片\nslug: chips\nsort: weight\n---\n",
        ),
        (
            "content/科技/c.md",
            "---\ntitle: 丙新闻\ndate: 2025-11-20\nslug: c\ntags: [芯片]\n---\n丙。\n",
        ),
        (
            "content/科技/d.md",
            "---\ntitle: 丁新闻\ndate: 2025-11-19\nslug: d\ntags: [芯片]\npinned: true\npinned_until: 2020-01-01\n---\n丁。\n",
        ),
        (
            "content/科技/芯片/w1.md",
            "---\ntitle: 权一\ndate: 2025-11-18\nslug: w1\ntags: [芯片]\nweight: 1\n---\n权一。\n",
        ),
        (
            "content/科技/芯片/w2.md",
            "---\ntitle: 权二\ndate: 2025-11-17\nslug: w2\ntags: [芯片]\nweight: 2\ntop: 1\n---\n权二。\n",
        ),
        (
            "content/科技/b.md",
            "---\ntitle: 乙新闻\ndate: 2025-11-16\nslug: b\ntags: [芯片]\nsticky: 2\n---\n乙。\n",
        ),
        (
            "content/科技/a.md",
            "---\ntitle: 甲新闻\ndate: 2025-11-15\nslug: a\ntags: [芯片]\npinned: true\n---\n甲。\n",
        ),
    ])
}

/// The titles of a list page's items, in order, each with whether it wears the badge.
fn items(html: &str) -> Vec<(String, bool)> {
    html.split("<h2 class=\"item-title\">")
        .skip(1)
        .map(|item| {
            let head = &item[..item.find("</h2>").unwrap()];
            let a = head.find("<a href=").unwrap();
            let text = &head[a..];
            let title = &text[text.find('>').unwrap() + 1..text.find("</a>").unwrap()];
            (title.to_string(), head[..a].contains(BADGE))
        })
        .collect()
}

fn titles(html: &str) -> Vec<String> {
    items(html).into_iter().map(|(t, _)| t).collect()
}

fn pinned(html: &str) -> Vec<String> {
    items(html)
        .into_iter()
        .filter(|(_, p)| *p)
        .map(|(t, _)| t)
        .collect()
}

#[test]
fn pinned_lead_home_and_sections_only() {
    let t = fixture();
    let out = build_cli(t.path(), &[]);
    let by_rank = ["乙新闻", "权二", "甲新闻", "丙新闻", "丁新闻", "权一"];

    // Home: sticky 2, then the rank-1 pins newest first, then the rest by date; the pin of
    // 丁新闻 ended with `pinned_until`.
    let home = read(&out, "index.html");
    assert_eq!(titles(&home), by_rank);
    assert_eq!(pinned(&home), ["乙新闻", "权二", "甲新闻"]);
    assert_eq!(home.matches(BADGE).count(), 3);

    // A section's list, and a `sort: weight` sub-section: the pin beats the weight.
    assert_eq!(titles(&read(&out, "tech/index.html")), by_rank);
    let chips = read(&out, "tech/chips/index.html");
    assert_eq!(titles(&chips), ["权二", "权一"]);
    assert_eq!(pinned(&chips), ["权二"]);

    // Tag pages, archives and feeds are by date, without badges.
    let by_date = ["丙新闻", "丁新闻", "权一", "权二", "乙新闻", "甲新闻"];
    let tag = read(&out, "tags/xin-pian/index.html");
    assert_eq!(titles(&tag), by_date);
    assert_lacks(&tag, "badge-pinned");
    let feed = read(&out, "atom.xml");
    let at = |t: &str| feed.find(&format!("<title>{t}</title>")).unwrap();
    assert!(
        at("丙新闻") < at("丁新闻") && at("权二") < at("乙新闻") && at("乙新闻") < at("甲新闻"),
        "feed by date"
    );
    let tech_feed = read(&out, "tech/atom.xml");
    let at = |t: &str| tech_feed.find(&format!("<title>{t}</title>")).unwrap();
    assert!(at("丙新闻") < at("乙新闻"), "section feed by date");
    let archives = read(&out, "archives/index.html");
    assert!(archives.find("丙新闻").unwrap() < archives.find("乙新闻").unwrap());
    assert_lacks(&archives, "badge-pinned");

    // prev/next stay by date: 乙新闻 sits between 权二 (newer) and 甲新闻 (older).
    let b = read(&out, "posts/b/index.html");
    let next = href_in_tag_with(&b, "rel=\"next\"");
    let prev = href_in_tag_with(&b, "rel=\"prev\"");
    let neighbours = [prev, next];
    assert!(
        neighbours.contains(&Some("/posts/w2/".to_string()))
            && neighbours.contains(&Some("/posts/a/".to_string())),
        "{neighbours:?}"
    );
    assert_lacks(&b, "badge-pinned");
}

#[test]
fn pins_move_to_the_first_page_of_a_paginated_list() {
    let t = fixture();
    write(t.path(), "config.yaml", CONFIG.replace("10", "2"));
    let out = build_cli(t.path(), &[]);
    assert_eq!(titles(&read(&out, "index.html")), ["乙新闻", "权二"]);
    let page2 = read(&out, "page/2/index.html");
    assert_eq!(titles(&page2), ["甲新闻", "丙新闻"]);
    assert_eq!(pinned(&page2), ["甲新闻"]);
    assert_eq!(
        pinned(&read(&out, "page/3/index.html")),
        Vec::<String>::new()
    );
}

#[test]
fn bad_pin_values_fail_with_file_and_line() {
    for (fm, key) in [
        ("sticky: abc", "sticky"),
        ("top: [1]", "top"),
        ("pinned: 是", "pinned"),
        ("pinned_until: 下周", "pinned_until"),
    ] {
        let t = fixture();
        write(
            t.path(),
            "content/科技/bad.md",
            format!("---\ntitle: 坏\ndate: 2025-11-01\n{fm}\n---\n正文\n"),
        );
        let out = run(["build".as_ref(), "--root".as_ref(), t.path().as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{fm}");
        let err = stderr(&out);
        assert!(err.contains("content/科技/bad.md:4:"), "{fm}: {err}");
        assert!(
            err.contains(&format!("`{key}`")) || err.contains("下周"),
            "{fm}: {err}"
        );
        assert!(
            !exists(t.path(), "public/index.html"),
            "{fm}: nothing written"
        );
        if key == "sticky" {
            assert!(
                err.contains("content/科技/bad.md:4: `sticky` must be a whole number of 0 or more (higher is pinned first) or true, found `abc`"),
                "{err}"
            );
        }
    }
}

/// The home page's titles, as `serve` has them.
fn served_titles(port: u16) -> Vec<String> {
    get(port, "/")
        .map(|(_, _, body)| titles(&String::from_utf8_lossy(&body)))
        .unwrap_or_default()
}

fn set_a(root: &Path, pin: &str) {
    write(
        root,
        "content/科技/a.md",
        format!("---\ntitle: 甲新闻\ndate: 2025-11-15\nslug: a\ntags: [芯片]\n{pin}---\n甲。\n"),
    );
}

#[test]
fn serve_reorders_the_home_page_when_a_pin_is_toggled() {
    let t = fixture();
    let root = t.path();
    let srv = start(root, &[]);
    let port = srv.port;
    assert_eq!(served_titles(port)[..3], ["乙新闻", "权二", "甲新闻"]);
    set_a(root, "");
    wait_for(20.0, "甲新闻 unpinned", || {
        served_titles(port) == ["乙新闻", "权二", "丙新闻", "丁新闻", "权一", "甲新闻"]
    });
    set_a(root, "sticky: 9\n");
    wait_for(20.0, "甲新闻 pinned above 乙新闻", || {
        served_titles(port)[..] == ["甲新闻", "乙新闻", "权二", "丙新闻", "丁新闻", "权一"]
    });
    let (_, _, section) = get(port, "/tech/").unwrap();
    assert_eq!(
        pinned(&String::from_utf8_lossy(&section)),
        ["甲新闻", "乙新闻", "权二"]
    );
}
