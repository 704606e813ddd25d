//! Site furniture a Chinese site needs: 备案 numbers in the footer, analytics ids, and
//! comments loaded lazily under articles (config keys `beian`, `analytics`, `comments`).

mod common;

use std::path::Path;

use common::{article, assert_success, build_cli, read, run, site, stderr, write};

const ANALYTICS: &str = "analytics:\n  baidu: 0123456789abcdef0123456789abcdef\n  la51: JgUcbQWkSPuYrBzZ\n  google: G-ABC123XYZ\n  plausible:\n    domain: news.example.com\n  umami:\n    website_id: 94db1cb1-74f4-4a40-ad6c-962362670409\n    src: https://umami.example.com/script.js\n";

const GISCUS: &str = "comments:\n  provider: giscus\n  giscus:\n    repo: someone/news-comments\n    repo_id: R_kgDOabc123\n    category: \"公告 & <讨论>\"\n    category_id: DIC_kwDOabc123\n";

/// A site with `config` (after a title line), two articles (one with `comments: false`) and a
/// standalone page.
fn fixture(config: &str) -> tempfile::TempDir {
    let dir = site(&[(
        "config.yaml",
        &format!("title: 快讯测试\nbase_url: https://news.example.com/\n{config}"),
    )]);
    let r = dir.path();
    article(
        r,
        "open",
        "title: 开放评论\ndate: 2025-11-20\nslug: open",
        "正文。",
    );
    article(
        r,
        "closed",
        "title: 关闭评论\ndate: 2025-11-19\nslug: closed\ncomments: false",
        "正文。",
    );
    write(
        r,
        "content/pages/about.md",
        "---\ntitle: 关于\n---\n关于我们。\n",
    );
    write(
        r,
        "content/pages/guestbook.md",
        "---\ntitle: 留言板\ncomments: true\n---\n欢迎留言。\n",
    );
    dir
}

fn build(root: &Path) -> std::path::PathBuf {
    build_cli(root, &[])
}

#[test]
fn beian_numbers_link_to_their_registries() {
    let dir = fixture("beian:\n  icp: 京ICP备12345678号-1\n  police: 京公网安备11010502000001号\n");
    let out = build(dir.path());
    for page in ["index.html", "posts/open/index.html", "about/index.html"] {
        let html = read(&out, page);
        assert!(
            html.contains(r#"<a class="beian-icp" href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">京ICP备12345678号-1</a>"#),
            "{page}: {html}"
        );
        assert!(
            html.contains(
                r#"href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001""#
            ),
            "{page}"
        );
        assert!(html.contains("京公网安备11010502000001号</a>"), "{page}");
        assert!(html.contains(r#"<svg class="beian-badge""#), "{page}");
    }
    // Only the ICP number: no police link.
    let dir = fixture("beian:\n  icp: 沪ICP备2024000001号\n");
    let html = read(&build(dir.path()), "index.html");
    assert!(html.contains("沪ICP备2024000001号</a>"));
    assert!(!html.contains("beian.mps.gov.cn"));
    // Nothing configured: no footer line.
    let dir = fixture("");
    let html = read(&build(dir.path()), "index.html");
    assert!(!html.contains("footer-beian"));
}

#[test]
fn police_number_without_digits_is_a_config_error() {
    let dir = fixture("beian:\n  icp: 京ICP备12345678号\n  police: 京公网安备号\n");
    let out = run(["build".as_ref(), "--root".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("config.yaml:5"), "{err}");
    assert!(err.contains("beian: police"), "{err}");
}

#[test]
fn analytics_load_in_build_only_when_configured() {
    let dir = fixture(ANALYTICS);
    let out = build(dir.path());
    for page in ["index.html", "posts/open/index.html", "tags/index.html"] {
        let html = read(&out, page);
        let head = &html[..html.find("</head>").unwrap()];
        for needle in [
            r#"<script async src="https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef"></script>"#,
            r#"src="https://sdk.51.la/js-sdk-pro.min.js""#,
            r#"LA.init({id: "JgUcbQWkSPuYrBzZ", ck: "JgUcbQWkSPuYrBzZ"})"#,
            r#"src="https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ""#,
            r#"gtag("config", "G-ABC123XYZ")"#,
            r#"<script defer data-domain="news.example.com" src="https://plausible.io/js/script.js"></script>"#,
            r#"<script defer src="https://umami.example.com/script.js" data-website-id="94db1cb1-74f4-4a40-ad6c-962362670409"></script>"#,
        ] {
            assert!(head.contains(needle), "{page}: missing {needle}\n{head}");
        }
    }
    let dir = fixture("");
    let html = read(&build(dir.path()), "index.html");
    for host in [
        "hm.baidu.com",
        "51.la",
        "googletagmanager",
        "plausible",
        "umami",
    ] {
        assert!(!html.contains(host), "{host} without config");
    }
}

#[test]
fn bad_analytics_ids_are_config_errors_at_their_line() {
    for (config, line, key) in [
        ("analytics:\n  baidu: \"abc\\\"></script><script>alert(1)\"\n", 4, "baidu"),
        ("analytics:\n  google: UA-1234\n", 4, "google"),
        ("analytics:\n  la51: \"x\\\");alert(1);//\"\n", 4, "la51"),
        ("analytics:\n  umami:\n    website_id: not-a-uuid\n    src: https://u.example/s.js\n", 5, "website_id"),
        ("analytics:\n  umami:\n    website_id: 94db1cb1-74f4-4a40-ad6c-962362670409\n    src: javascript:alert(1)\n", 6, "src"),
        ("analytics:\n  plausible:\n    domain: \"a.com\\\" onload=\\\"x\"\n", 5, "domain"),
    ] {
        let dir = fixture(config);
        let out = run([
            "build".as_ref(),
            "--root".as_ref(),
            dir.path().as_os_str(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{config}: {err}");
        assert!(err.contains(&format!("config.yaml:{line}")), "{config}: {err}");
        assert!(err.contains(key), "{config}: {err}");
    }
}

#[test]
fn analytics_stay_off_in_serve_unless_asked() {
    let dir = fixture(ANALYTICS);
    let server = common::server::start(dir.path(), &[]);
    let (status, _, body) = common::server::get(server.port, "/posts/open/").unwrap();
    let html = String::from_utf8_lossy(&body);
    assert_eq!(status, 200);
    assert!(html.contains("开放评论"));
    assert!(!html.contains("hm.baidu.com"), "{html}");
    assert!(!html.contains("googletagmanager"));
    drop(server);

    let dir = fixture(&format!("{ANALYTICS}  in_serve: true\n"));
    let server = common::server::start(dir.path(), &[]);
    let (_, _, body) = common::server::get(server.port, "/posts/open/").unwrap();
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains("hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef"));
    assert!(html.contains("G-ABC123XYZ"));
}

#[test]
fn comments_placeholder_on_articles_unless_turned_off() {
    let dir = fixture(GISCUS);
    let out = build(dir.path());
    let open = read(&out, "posts/open/index.html");
    assert!(open.contains(r#"<section id="comments""#), "{open}");
    assert!(open.contains(r#"data-provider="giscus""#));
    assert!(open.contains(r#"data-script="https://giscus.app/client.js""#));
    assert!(open.contains(r#"data-giscus-repo="someone/news-comments""#));
    assert!(open.contains(r#"data-giscus-repo-id="R_kgDOabc123""#));
    assert!(open.contains(r#"data-giscus-mapping="pathname""#));
    assert!(open.contains("IntersectionObserver"));
    // The category is text: escaped in its attribute, and nowhere raw.
    assert!(
        open.contains(r#"data-giscus-category="公告 &amp; &lt;讨论&gt;""#),
        "{open}"
    );
    assert!(!open.contains("<讨论>"));
    // The script is not loaded up front.
    assert!(!open.contains(r#"src="https://giscus.app/client.js""#));

    let closed = read(&out, "posts/closed/index.html");
    assert!(!closed.contains(r#"id="comments""#));
    // Standalone pages: only with `comments: true`.
    assert!(!read(&out, "about/index.html").contains(r#"id="comments""#));
    assert!(read(&out, "guestbook/index.html").contains(r#"<section id="comments""#));
    // Not configured: nothing anywhere.
    let dir = fixture("");
    let out = build(dir.path());
    assert!(!read(&out, "posts/open/index.html").contains(r#"id="comments""#));
    assert!(!read(&out, "guestbook/index.html").contains(r#"id="comments""#));
}

#[test]
fn waline_and_twikoo_settings() {
    let dir = fixture("comments:\n  provider: waline\n  server_url: https://waline.example.com\n");
    let html = read(&build(dir.path()), "posts/open/index.html");
    assert!(html.contains(r#"data-provider="waline""#));
    assert!(html.contains(r#"data-script="https://unpkg.com/@waline/client@v3/dist/waline.js""#));
    assert!(html.contains(r#"data-css="https://unpkg.com/@waline/client@v3/dist/waline.css""#));
    assert!(html.contains(r#"data-server="https://waline.example.com""#));

    let dir = fixture(
        "comments:\n  provider: twikoo\n  server_url: twikoo-abc123\n  script: https://cdn.example.com/twikoo.min.js\n",
    );
    let html = read(&build(dir.path()), "posts/open/index.html");
    assert!(html.contains(r#"data-provider="twikoo""#));
    assert!(html.contains(r#"data-script="https://cdn.example.com/twikoo.min.js""#));
    assert!(html.contains(r#"data-server="twikoo-abc123""#));

    for (config, line) in [
        ("comments:\n  provider: waline\n", 3),
        ("comments:\n  provider: waline\n  server_url: \"javascript:alert(1)\"\n", 5),
        ("comments:\n  provider: twikoo\n  server_url: https://t.example\n  script: //cdn.example/x.js\n", 6),
        ("comments:\n  provider: giscus\n  giscus:\n    repo: \"a/b\\\" x\"\n    repo_id: R_1\n    category: c\n    category_id: D_1\n", 6),
        ("comments:\n  provider: disqus\n", 4),
    ] {
        let dir = fixture(config);
        let out = run([
            "build".as_ref(),
            "--root".as_ref(),
            dir.path().as_os_str(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{config}: {err}");
        assert!(err.contains(&format!("config.yaml:{line}")), "{config}: {err}");
    }
}

#[test]
fn comments_front_matter_must_be_a_boolean() {
    let dir = fixture(GISCUS);
    article(
        dir.path(),
        "bad",
        "title: 坏\ndate: 2025-11-18\ncomments: 关",
        "正文。",
    );
    let out = run(["build".as_ref(), "--root".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`comments`"), "{}", stderr(&out));
    let _ = assert_success;
}
