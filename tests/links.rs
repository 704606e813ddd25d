//! Browsability: every internal link of a built site leads to a file that exists, and a
//! reader can walk home → article → tag page → home. Checked on a fixture site (at the root
//! and under a sub-path) and on the demo site in the repository.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// Check every `href`/`src` of every HTML file under `out` that starts with `base_path`
/// (or with the full `base_url`, when given). Returns how many links were checked.
fn check_links(out: &Path, base_path: &str, base_url: Option<&str>) -> usize {
    let mut broken = Vec::new();
    let mut checked = 0;
    let pages = html_files(out);
    assert!(!pages.is_empty(), "no HTML in {}", out.display());
    for file in &pages {
        let html = fs::read_to_string(file).unwrap();
        for link in links(&html) {
            let local = if let Some(rest) = base_url.and_then(|u| link.strip_prefix(u)) {
                format!("{base_path}{rest}")
            } else if link.starts_with(base_path) && !link.starts_with("//") {
                link.clone()
            } else {
                continue;
            };
            checked += 1;
            let target = resolve(out, base_path, &local).unwrap();
            if !target.is_file() {
                broken.push(format!(
                    "{}: {link} → {}",
                    file.strip_prefix(out).unwrap().display(),
                    target.display()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    checked
}

fn read_file(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// home → first article → its first tag page (which lists the article) → home.
fn walk_home_article_tag_home(out: &Path, base_path: &str) {
    let home = read_file(&out.join("index.html"));
    let (article_href, article_title) = list_items(&home)
        .into_iter()
        .next()
        .expect("home lists articles");
    let article_file = resolve(out, base_path, &article_href).unwrap();
    let article = read_file(&article_file);
    assert_has(&article, &format!(">{article_title}</h1>"));

    let tag_href = href_in_tag_with(&article, "rel=\"tag\"").expect("the article links a tag page");
    assert!(
        tag_href.starts_with(&format!("{base_path}tags/")),
        "{tag_href}"
    );
    let tag_file = resolve(out, base_path, &tag_href).unwrap();
    let tag_page = read_file(&tag_file);
    assert!(
        list_items(&tag_page)
            .iter()
            .any(|(href, title)| href == &article_href && title == &article_title),
        "tag page {tag_href} lists {article_title}"
    );

    let home_href = href_in_tag_with(&tag_page, "class=\"site-title\"").expect("home link");
    assert_eq!(home_href, base_path);
    let back: PathBuf = resolve(out, base_path, &home_href).unwrap();
    assert_eq!(back, out.join("index.html"));
    // And the article links home as well.
    assert_eq!(
        href_in_tag_with(&article, "class=\"site-title\"").as_deref(),
        Some(base_path)
    );
}

fn fixture() -> tempfile::TempDir {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>";
    let mut files: Vec<(String, String)> = vec![
        (
            "config.yaml".into(),
            "title: 快讯测试站\nbase_url: https://news.example.com/\npaginate: 2\nslugs:\n  人工智能: ai\n"
                .into(),
        ),
        ("static/images/芯片 图.svg".into(), svg.into()),
    ];
    let tags = [
        "[人工智能, 芯片]",
        "[开源, C++]",
        "[芯片, 开源, RISC-V]",
        "[大模型, 人工智能]",
        "[芯片]",
    ];
    for (i, t) in tags.iter().enumerate() {
        let i = i + 1;
        files.push((
            format!("content/posts/{i}-新闻.md"),
            md(
                &format!(
                    "title: 第{i}条：国产芯片与开源（{i}）\ndate: 2025-11-{:02} 10:00\ntags: {t}\ncategories: [科技资讯]",
                    10 + i
                ),
                &format!(
                    "导语{i}。\n\n## 正文\n\n![芯片示意图](/images/芯片%20图.svg)\n\n见[首页](/)与[标签](/tags/ai/)。\n\n## 结尾\n\n## 附录\n\n完。\n"
                ),
            ),
        ));
    }
    // A title-only slug (pinyin from the title, file name not ASCII).
    files.push((
        "content/weekly/第一周.md".into(),
        md(
            "title: 周报：AI 芯片\ndate: 2025-11-01\ntags: [人工智能]\ncategories: [周报]",
            "本周要闻。\n",
        ),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    site(&refs)
}

#[test]
fn fixture_site_links_all_resolve() {
    let dir = fixture();
    let out = build_lib(dir.path(), |_| {});
    let n = check_links(&out, "/", Some("https://news.example.com/"));
    assert!(n > 200, "only {n} links checked");
    walk_home_article_tag_home(&out, "/");
    // The slug made from a Chinese title.
    assert!(exists(&out, "posts/zhou-bao-ai-xin-pian/index.html"));
}

#[test]
fn fixture_site_links_all_resolve_under_sub_path() {
    let dir = fixture();
    let out = build_cli(dir.path(), &["--base-url", "https://user.github.io/news/"]);
    let n = check_links(&out, "/news/", Some("https://user.github.io/news/"));
    assert!(n > 200, "only {n} links checked");
    walk_home_article_tag_home(&out, "/news/");
}

#[test]
fn fixture_site_links_with_unicode_slugs() {
    let dir = fixture();
    write(
        dir.path(),
        "config.yaml",
        "title: 快讯测试站\nbase_url: https://news.example.com/\npaginate: 2\nslug_style: unicode\nslugs:\n  人工智能: ai\n",
    );
    let out = build_lib(dir.path(), |_| {});
    assert!(exists(&out, "tags/芯片/index.html"));
    assert!(exists(&out, "tags/芯片/page/2/index.html"));
    assert!(exists(&out, "tags/ai/index.html"));
    assert!(exists(&out, "categories/科技资讯/page/3/index.html"));
    let n = check_links(&out, "/", Some("https://news.example.com/"));
    assert!(n > 200, "only {n} links checked");
    // Chinese in links is percent-encoded.
    let home = read(&out, "index.html");
    assert_has(&home, "href=\"/tags/%E8%8A%AF%E7%89%87/\"");
    walk_home_article_tag_home(&out, "/");
}

#[test]
fn demo_site_links_all_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let out = run([
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("-o"),
        out_dir.as_os_str(),
    ]);
    assert_success(&out);
    // Not the full base URL: two demo articles cite sources at https://example.com/news/….
    let n = check_links(&out_dir, "/", None);
    assert!(n > 500, "only {n} links checked");
    walk_home_article_tag_home(&out_dir, "/");
    // The demo maps 人工智能 to `ai`.
    assert!(exists(&out_dir, "tags/ai/index.html"));
    // The staging folder beside the output is gone.
    assert!(
        leftover_build_folders(tmp.path()).is_empty(),
        "{:?}",
        leftover_build_folders(tmp.path())
    );
}

#[test]
fn demo_site_links_all_resolve_under_sub_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let out = run([
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("-o"),
        out_dir.as_os_str(),
        OsStr::new("--base-url"),
        OsStr::new("https://user.github.io/news/"),
    ]);
    assert_success(&out);
    let n = check_links(&out_dir, "/news/", Some("https://user.github.io/news/"));
    assert!(n > 500, "only {n} links checked");
    for file in html_files(&out_dir) {
        let html = fs::read_to_string(&file).unwrap();
        for link in links(&html) {
            assert!(
                !link.starts_with('/') || link.starts_with("/news/") || link.starts_with("//"),
                "{}: {link}",
                file.display()
            );
        }
    }
    walk_home_article_tag_home(&out_dir, "/news/");
}
