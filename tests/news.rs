//! Issue "a real news site": feeds, sitemap, robots, archives, scheduling, metadata, article
//! furniture and sub-path deploys, checked on fixture sites built into temp folders.

use std::fs;
use std::path::{Path, PathBuf};

use kuaixun::build::{build, BuildOptions};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn article(root: &Path, name: &str, fm: &str, body: &str) {
    write(
        root,
        &format!("content/posts/{name}.md"),
        &format!("---\n{fm}\n---\n{body}\n"),
    );
}

const CONFIG: &str = "title: 快讯测试站\ndescription: 测试用的中文科技新闻站\nbase_url: https://news.example.com/\npaginate: 3\nauthor: 编辑部\n";

/// A site of six articles: one draft, one future, one expired.
fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "config.yaml", CONFIG);
    article(r, "h200", "title: 英伟达发布 H200：显存带宽再提升\ndate: 2025-11-20 10:30:00\ntags: [GPU, 芯片, 人工智能]\ncategories: [芯片]\nauthor: 张三\nsource: 示例通讯社\nsource_url: https://source.example/h200\ncover: /images/cover.svg\ncover_credit: 示例图库", "## 一\n\n显存带宽提升。\n\n## 二\n\n功耗 <控制> & 优化。\n\n## 三\n\n![机柜示意](/images/rack.svg)\n");
    article(r, "riscv", "title: RISC-V 芯片量产\ndate: 2025-11-18\ntags: [芯片, RISC-V]\ncategories: [芯片]\nsources:\n  - name: 甲媒体\n    url: https://a.example/1\n  - name: 乙媒体", "开源指令集继续扩张。\n");
    article(r, "datacenter", "title: 液冷数据中心\ndate: 2025-11-10 09:00\ntags: [人工智能, 数据中心]\ncategories: [科技资讯]\ntoc: false", "## 甲\n\n一。\n\n## 乙\n\n二。\n\n## 丙\n\n三。\n");
    article(
        r,
        "draft",
        "title: 草稿不应出现\ndate: 2025-11-11\ntags: [秘密标签]\ndraft: true",
        "草稿正文。\n",
    );
    article(
        r,
        "future",
        "title: 未来的文章\ndate: 2999-01-01\ntags: [未来标签]",
        "未来正文。\n",
    );
    article(
        r,
        "expired",
        "title: 过期的促销\ndate: 2025-01-01\nexpires: 2025-02-01\ntags: [过期标签]",
        "过期正文。\n",
    );
    tmp
}

fn build_into(root: &Path, out: &Path, tweak: impl FnOnce(&mut BuildOptions)) {
    let mut opts = BuildOptions::new(root);
    opts.output = Some(out.to_path_buf());
    tweak(&mut opts);
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn feeds_are_valid_xml_with_absolute_urls_and_offsets() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    for feed in ["atom.xml", "rss.xml", "tags/xin-pian/atom.xml"] {
        let xml = read(&out, feed);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert!(
            xml.contains("https://news.example.com/posts/h200/"),
            "{feed}"
        );
        assert!(
            !xml.contains("草稿不应出现")
                && !xml.contains("未来的文章")
                && !xml.contains("过期的促销"),
            "{feed}"
        );
        let _ = doc;
    }
    let atom = read(&out, "atom.xml");
    assert!(atom.contains("<published>2025-11-20T10:30:00+08:00</published>"));
    // HTML content is escaped once more inside XML.
    assert!(
        atom.contains("功耗 &amp;lt;控制&amp;gt; &amp;amp; 优化"),
        "escaped HTML content"
    );
    let rss = read(&out, "rss.xml");
    assert!(rss.contains("<pubDate>Thu, 20 Nov 2025 10:30:00 +0800</pubDate>"));
    let tag_feed = read(&out, "tags/xin-pian/atom.xml");
    assert!(tag_feed.contains("RISC-V 芯片量产") && !tag_feed.contains("液冷数据中心"));
}

#[test]
fn sitemap_robots_and_404() {
    let site = fixture();
    write(
        site.path(),
        "config.yaml",
        &format!("{CONFIG}sitemap_baidu_mobile: true\n"),
    );
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    let xml = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let lastmods = doc
        .descendants()
        .filter(|n| n.has_tag_name("lastmod"))
        .count();
    assert_eq!(locs.len(), lastmods, "every URL has a lastmod");
    for expected in [
        "https://news.example.com/",
        "https://news.example.com/posts/h200/",
        "https://news.example.com/tags/",
        "https://news.example.com/archives/",
    ] {
        assert!(locs.contains(&expected), "missing {expected} in {locs:?}");
    }
    assert!(locs
        .iter()
        .all(|l| !l.contains("draft") && !l.contains("future") && !l.contains("expired")));
    assert!(xml.contains("<mobile:mobile type=\"pc,mobile\"/>"));
    // Every listed page exists.
    for loc in &locs {
        let rel = loc.trim_start_matches("https://news.example.com/");
        let path = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let decoded = percent_encoding::percent_decode_str(&path)
            .decode_utf8()
            .unwrap()
            .to_string();
        assert!(out.join(&decoded).exists(), "{loc}");
    }
    assert!(read(&out, "robots.txt").contains("Sitemap: https://news.example.com/sitemap.xml"));
    assert!(read(&out, "404.html").contains("页面不存在"));
}

#[test]
fn hidden_articles_appear_nowhere_unless_asked() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    for file in all_files(&out) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for hidden in [
            "草稿不应出现",
            "未来的文章",
            "过期的促销",
            "秘密标签",
            "未来标签",
            "过期标签",
        ] {
            assert!(
                !text.contains(hidden),
                "{hidden} leaked into {}",
                file.display()
            );
        }
    }
    assert!(read(&out, "tags/index.html").contains("芯片"));

    let out2 = site.path().join("out2");
    build_into(site.path(), &out2, |o| {
        o.drafts = true;
        o.future = true;
        o.expired = true;
    });
    for slug in ["draft", "future", "expired"] {
        assert!(
            out2.join(format!("posts/{slug}/index.html")).exists(),
            "{slug}"
        );
    }
}

#[test]
fn article_furniture_and_metadata() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    let html = read(&out, "posts/h200/index.html");
    // Breadcrumb outside any section: 首页 > first category > 正文, linked.
    let crumbs = &html[html.find("class=\"breadcrumb\"").expect("breadcrumb")..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(
        crumbs.contains("href=\"/categories/xin-pian/\">芯片</a>"),
        "breadcrumb category link: {crumbs}"
    );
    assert!(crumbs.contains("正文"));
    // Byline and source block.
    assert!(html.contains("张三") && html.contains("2025年11月20日 10:30"));
    assert!(
        html.contains("来源：")
            && html.contains("示例通讯社")
            && html.contains("https://source.example/h200")
    );
    assert!(html.contains("题图：示例图库"));
    // Figures: numbered caption, lazy loading.
    assert!(html.contains("loading=\"lazy\""), "lazy images");
    assert!(
        html.contains("<figcaption>图 1：机柜示意</figcaption>"),
        "numbered figure caption"
    );
    // Table of contents with 3 headings; related; tags linked.
    assert!(html.contains("class=\"toc\""));
    assert!(html.contains("相关阅读") && html.contains("RISC-V 芯片量产"));
    assert!(html.contains("href=\"/tags/gpu/\""));
    // Head metadata.
    for needle in [
        "<link rel=\"canonical\" href=\"https://news.example.com/posts/h200/\">",
        "property=\"og:type\" content=\"article\"",
        "property=\"og:image\" content=\"https://news.example.com/images/cover.svg\"",
        "property=\"article:published_time\" content=\"2025-11-20T10:30:00+08:00\"",
        "property=\"article:tag\" content=\"人工智能\"",
        "name=\"twitter:card\"",
        "name=\"applicable-device\" content=\"pc,mobile\"",
        "\"@type\":\"NewsArticle\"",
        "\"datePublished\":\"2025-11-20T10:30:00+08:00\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // JSON-LD parses as JSON.
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(ld["headline"], "英伟达发布 H200：显存带宽再提升");
    assert_eq!(ld["author"][0]["name"], "张三");
    // Sources list rendered for `sources:`; toc: false hides the toc.
    let riscv = read(&out, "posts/riscv/index.html");
    assert!(
        riscv.contains("甲媒体")
            && riscv.contains("https://a.example/1")
            && riscv.contains("乙媒体")
    );
    assert!(!read(&out, "posts/datacenter/index.html").contains("class=\"toc\""));
}

#[test]
fn archives_group_by_year_and_month() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    let html = read(&out, "archives/index.html");
    assert!(html.contains("2025年11月"));
    let pos = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(pos("英伟达发布 H200") < pos("RISC-V 芯片量产"));
    assert!(pos("RISC-V 芯片量产") < pos("液冷数据中心"));
}

#[test]
fn sub_path_deploy_prefixes_every_url() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |o| {
        o.base_url = Some("https://user.github.io/news/".into())
    });
    for file in all_files(&out) {
        let name = file.to_string_lossy().to_string();
        let text = fs::read_to_string(&file).unwrap_or_default();
        if name.ends_with(".html") {
            for attr in ["href=\"/", "src=\"/"] {
                for (i, _) in text.match_indices(attr) {
                    let rest = &text[i + attr.len() - 1..];
                    assert!(
                        rest.starts_with("/news/"),
                        "{name}: {}",
                        &rest[..rest.len().min(60)]
                    );
                }
            }
        }
        if name.ends_with(".xml") || name.ends_with("robots.txt") {
            for (i, _) in text.match_indices("https://") {
                let rest = &text[i..];
                let ok = rest.starts_with("https://user.github.io/news/")
                    || !rest.starts_with("https://user.github.io");
                assert!(ok, "{name}: {}", &rest[..rest.len().min(60)]);
            }
            assert!(
                !text.contains("news.example.com"),
                "{name} still uses the config base_url"
            );
        }
    }
    let css = read(&out, "index.html");
    assert!(
        css.contains("/news/css/style."),
        "hashed stylesheet under the sub-path"
    );
}

#[test]
fn theme_assets_are_content_hashed() {
    let site = fixture();
    let out = site.path().join("out");
    build_into(site.path(), &out, |_| {});
    let html = read(&out, "index.html");
    let start = html.find("href=\"/css/style.").unwrap() + "href=\"/".len();
    let end = start + html[start..].find('"').unwrap();
    let hashed = &html[start..end];
    assert!(hashed.len() == "css/style.12345678.css".len(), "{hashed}");
    assert_eq!(read(&out, hashed), read(&out, "css/style.css"));
}
