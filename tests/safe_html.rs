//! Raw HTML and links end to end through the binary: the `markdown.raw_html` policies
//! (`sanitize` by default, `escape`, `allow`), dangerous URL schemes in Markdown and front
//! matter never becoming live links, `check` listing what the policy changes, and bare URLs
//! becoming links (Chinese text and punctuation around them).

mod common;

use std::fs;
use std::path::Path;

use common::*;

const CONFIG: &str = "title: 安全测试站\nbase_url: https://news.example.com/\n";

/// Every XSS vector of issue 22 in one article body. Lines are numbered for `check`.
const VECTORS: &str = "\
导语。

<script>alert('script')</script>

<img src=x onerror=alert(1)>

正文 <img src=\"/images/a.png\" onerror=\"alert(2)\"> 行内。

<a href=\"javascript:alert(3)\">坏链接</a> 和 <a href=\"https://example.com/ok\">好链接</a>

[点我](javascript:alert(4))

[点我二](JaVa&#x09;ScRiPt:alert(5))

[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)

[旧脚本](vbscript:msgbox(7))

[引用式][bad]

<svg onload=alert(8)><circle r=1></circle></svg>

<iframe src=\"https://evil.example.com/\"></iframe>

<style>body { display: none }</style>

<form action=\"https://evil.example.com/\"><input name=q></form>

<span onclick=\"alert(9)\">可点</span> <a href=\"java&#x09;script:alert(10)\">实体</a>

![图](javascript:alert(11))

[bad]: javascript:alert(12)
";

const SAFE: &str = "\
<details>
<summary>展开全文</summary>

**折叠的正文**

</details>

按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制，H<sub>2</sub>O，x<sup>2</sup>，<mark>重点</mark>。

<table><tr><th>公司</th><td colspan=\"2\">英伟达</td></tr></table>

<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>

<figure><img src=\"/images/chip.png\" alt=\"芯片\"><figcaption>芯片示意</figcaption></figure>
";

fn vector_site(config: &str) -> tempfile::TempDir {
    let dir = site(&[("config.yaml", config)]);
    article(
        dir.path(),
        "xss",
        "title: 攻击向量\ndate: 2025-11-20 10:00:00",
        VECTORS,
    );
    article(
        dir.path(),
        "safe",
        "title: 安全标签\ndate: 2025-11-19 10:00:00",
        SAFE,
    );
    dir
}

/// The theme's own scripts: the search script and the JSON-LD block.
fn without_theme_scripts(text: &str) -> String {
    let mut t = text.replace("<script type=\"application/ld+json\">", "");
    while let Some(i) = t.find("<script src=\"") {
        let end = t[i..].find("></script>").map_or(t.len(), |e| i + e + 10);
        let tag = t[i..end].to_string();
        assert!(tag.contains("/js/search."), "unexpected script {tag}");
        t.replace_range(i..end, "");
    }
    t
}

/// No output file holds anything live from the vectors.
fn assert_nothing_live(out: &Path) {
    for file in files(out) {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let text = without_theme_scripts(&text).to_ascii_lowercase();
        for bad in [
            "javascript:",
            "vbscript:",
            "data:text",
            "onerror",
            "onload",
            "onclick",
            "<script",
            "<svg",
            "<iframe",
            // the theme has forms and a `<style>` of its own
            "<form action",
            "<input name=q",
            "<style>body",
            "display: none }",
            "alert(",
        ] {
            if let Some(at) = text.find(bad) {
                let from = text.floor_char_boundary(at.saturating_sub(200));
                let to = text.floor_char_boundary(at + 200);
                panic!("{} contains {bad:?}:\n{}", file.display(), &text[from..to]);
            }
        }
    }
}

#[test]
fn sanitize_is_the_default_and_nothing_is_live() {
    let dir = vector_site(CONFIG);
    let out = build_cli(dir.path(), &[]);
    assert_nothing_live(&out);
    let page = read(&out, "posts/xss/index.html");
    // what is kept: the text of removed links, safe tags without their handlers
    assert_has(&page, "<p>点我</p>");
    assert_has(&page, "<p>点我二</p>");
    assert_has(&page, "<p>引用式</p>");
    assert_has(&page, "<span>可点</span>");
    assert_has(&page, "<img src=\"/images/a.png\">");
    assert_has(
        &page,
        "<a href=\"https://example.com/ok\" rel=\"noopener noreferrer\">好链接</a>",
    );
}

#[test]
fn safe_tags_survive_sanitize() {
    let dir = vector_site(CONFIG);
    let out = build_cli(dir.path(), &[]);
    let page = main_of(&read(&out, "posts/safe/index.html")).to_string();
    assert_has(
        &page,
        "<details>\n<summary>展开全文</summary>\n<p><strong>折叠的正文</strong></p>\n</details>",
    );
    assert_has(
        &page,
        "按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制，H<sub>2</sub>O，x<sup>2</sup>，<mark>重点</mark>。",
    );
    assert_has(&page, "<th>公司</th><td colspan=\"2\">英伟达</td>");
    assert_has(&page, "<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>");
    assert_has(&page, "<figcaption>芯片示意</figcaption>");
}

#[test]
fn escape_shows_the_tags_as_text() {
    let dir = vector_site(&format!("{CONFIG}markdown:\n  raw_html: escape\n"));
    let out = build_cli(dir.path(), &[]);
    let page = read(&out, "posts/xss/index.html");
    assert_has(&page, "<p>&lt;script&gt;alert('script')&lt;/script&gt;</p>");
    assert_has(&page, "<p>&lt;img src=x onerror=alert(1)&gt;</p>");
    assert_has(&page, "&lt;span onclick=\"alert(9)\"&gt;可点&lt;/span&gt;");
    let safe = read(&out, "posts/safe/index.html");
    assert_has(&safe, "按 &lt;kbd&gt;Ctrl&lt;/kbd&gt;");
    // nothing live: every tag of the vectors is text
    for file in files(&out) {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let text = without_theme_scripts(&text);
        for bad in [
            "<script",
            "<img src=x",
            "<svg",
            "<iframe",
            "<form action",
            "<style>body",
            "<span onclick",
            "<a href=\"javascript",
        ] {
            assert!(!text.contains(bad), "{} contains {bad:?}", file.display());
        }
    }
}

#[test]
fn allow_keeps_raw_html_but_not_markdown_script_links() {
    let dir = vector_site(&format!("{CONFIG}markdown:\n  raw_html: allow\n"));
    let out = build_cli(dir.path(), &[]);
    let page = read(&out, "posts/xss/index.html");
    assert_has(&page, "<span onclick=\"alert(9)\">可点</span>");
    assert_has(&page, "<script>alert('script')</script>");
    // Markdown links and images are not raw HTML: still no live scheme
    assert_has(&page, "<p>点我</p>");
    assert_has(&page, "<p>点我二</p>");
    assert_has(&page, "<p>数据</p>");
    assert_has(&page, "<p>旧脚本</p>");
    assert_has(&page, "<p>引用式</p>");
    assert_has(&page, "<p>图</p>");
    for n in [4, 5, 6, 7, 11, 12] {
        assert_lacks(&page, &format!("alert({n})"));
    }
}

#[test]
fn markdown_autolinks_with_script_schemes_are_text() {
    let dir = site(&[("config.yaml", CONFIG)]);
    article(
        dir.path(),
        "auto",
        "title: 自动链接\ndate: 2025-11-20 10:00:00",
        "<javascript:alert(1)> 和 <VBScript:msgbox(1)> 和 <data:text/html,x>",
    );
    let out = build_cli(dir.path(), &[]);
    for file in files(&out) {
        let text = fs::read_to_string(&file)
            .unwrap_or_default()
            .to_ascii_lowercase();
        for bad in ["href=\"javascript", "href=\"vbscript", "href=\"data"] {
            assert!(!text.contains(bad), "{} contains {bad:?}", file.display());
        }
    }
    let page = read(&out, "posts/auto/index.html");
    assert_has(
        &page,
        "<p>javascript:alert(1) 和 VBScript:msgbox(1) 和 data:text/html,x</p>",
    );
}

#[test]
fn front_matter_script_urls_are_errors() {
    for (front, line, message) in [
        (
            "title: 坏来源\ndate: 2025-11-20 10:00:00\nsource: 某社\nsource_url: \"javascript:alert(1)\"",
            5,
            "source_url: the URL scheme `javascript:` is not allowed",
        ),
        (
            "title: 坏来源\ndate: 2025-11-20 10:00:00\nsources:\n  - name: 某社\n    url: \" JaVa&#x09;ScRiPt:alert(1)\"",
            6,
            "sources: `某社`: the URL scheme `javascript:` is not allowed",
        ),
        (
            "title: 坏题图\ndate: 2025-11-20 10:00:00\ncover: \"data:text/html,x\"",
            4,
            "cover: the URL scheme `data:` is not allowed",
        ),
    ] {
        let dir = site(&[("config.yaml", CONFIG)]);
        article(dir.path(), "x", front, "正文。");
        let root = dir.path().to_str().unwrap();
        let out = run(["build", "--root", root]);
        assert!(!out.status.success(), "{front}");
        let want = format!("content/posts/x.md:{line}: {message}");
        assert!(stderr(&out).contains(&want), "want {want}\ngot {}", stderr(&out));
        let out = run(["check", "--root", root]);
        assert!(stdout(&out).contains(&want), "want {want}\ngot {}", stdout(&out));
    }
}

#[test]
fn check_lists_what_the_policy_changes() {
    let dir = vector_site(CONFIG);
    let root = dir.path().to_str().unwrap();
    let out = run(["check", "--verbose", "--root", root]);
    let text = stdout(&out);
    // The front matter takes lines 1..=4, so the body starts on line 5.
    let p = "warning: content/posts/xss.md";
    let s = "raw HTML changed by markdown.raw_html: sanitize";
    for want in [
        format!("{p}:7:1: {s}: removed `<script>` and its content"),
        format!("{p}:9:1: {s}: removed `onerror` attribute of `<img>`"),
        format!("{p}:11:4: {s}: removed `onerror` attribute of `<img>`"),
        format!("{p}:13:1: {s}: removed `href` attribute of `<a>`: the URL scheme `javascript:` is not allowed"),
        format!("{p}:15:1: link shown as text: the URL scheme `javascript:` is not allowed"),
        format!("{p}:17:1: link shown as text: the URL scheme `javascript:` is not allowed"),
        format!("{p}:19:1: link shown as text: the URL scheme `data:` is not allowed"),
        format!("{p}:21:1: link shown as text: the URL scheme `vbscript:` is not allowed"),
        format!("{p}:23:1: link shown as text: the URL scheme `javascript:` is not allowed"),
        format!("{p}:25:1: {s}: removed `<svg>` tag"),
        format!("{p}:27:1: {s}: removed `<iframe>` tag"),
        format!("{p}:29:1: {s}: removed `<style>` and its content"),
        format!("{p}:31:1: {s}: removed `<form>` tag"),
        format!("{p}:31:42: {s}: removed `<input>` tag"),
        format!("{p}:33:1: {s}: removed `onclick` attribute of `<span>`"),
        format!("{p}:33:36: {s}: removed `href` attribute of `<a>`: the URL scheme `javascript:` is not allowed"),
        format!("{p}:35:1: image shown as its alt text: the URL scheme `javascript:` is not allowed"),
    ] {
        assert!(text.contains(&want), "missing {want}\nin:\n{text}");
    }
    // safe HTML is not reported
    assert!(!text.contains("warning: content/posts/safe.md"), "{text}");
    // a link shown as text is not also a broken link
    assert!(!text.contains("ScRiPt:alert(5) does not exist"), "{text}");
    assert!(!text.contains("script:alert(10) does not exist"), "{text}");
    // under allow only the Markdown links are listed
    fs::write(
        dir.path().join("config.yaml"),
        format!("{CONFIG}markdown:\n  raw_html: allow\n"),
    )
    .unwrap();
    let text = stdout(&run(["check", "--verbose", "--root", root]));
    assert!(!text.contains("raw HTML changed"), "{text}");
    assert!(
        text.contains(&format!("{p}:15:1: link shown as text")),
        "{text}"
    );
    // escape lists every piece of raw HTML
    fs::write(
        dir.path().join("config.yaml"),
        format!("{CONFIG}markdown:\n  raw_html: escape\n"),
    )
    .unwrap();
    let text = stdout(&run(["check", "--verbose", "--root", root]));
    assert!(
        text.contains("warning: content/posts/safe.md:5:1: raw HTML changed by markdown.raw_html: escape: `<details>` is shown as text"),
        "{text}"
    );
}

#[test]
fn bare_urls_become_links() {
    let dir = site(&[("config.yaml", CONFIG)]);
    let body = "\
原文：https://example.com/news/2026/ai。

详见https://example.com/a，其中提到（https://example.com/b）与「www.example.org/c」。

维基（https://en.wikipedia.org/wiki/Python_(programming_language)）和 https://example.com/d).

代码 `https://example.com/code` 不链接。

```
https://example.com/block
```

[已有链接 https://example.com/inner](https://example.com/outer) 与 <https://example.com/angle>。

<a href=\"https://example.com/raw\">https://example.com/raw</a>";
    article(
        dir.path(),
        "links",
        "title: 裸链接\ndate: 2025-11-20 10:00:00",
        body,
    );
    // the same text without the URLs, for the word count
    // (the Wikipedia URL is split at its `_`s, where word counting sees words: as before)
    let plain = "原文：。\n\n详见，其中提到（）与「」。\n\n维基（https://en.wikipedia.org/wiki/Python_(programming_language)）和 ).\n\n代码 `x` 不链接。\n\n[已有链接 ](/) 与 。";
    article(
        dir.path(),
        "plain",
        "title: 对照\ndate: 2025-11-19 10:00:00",
        plain,
    );
    let out = build_cli(dir.path(), &[]);
    let page = main_of(&read(&out, "posts/links/index.html")).to_string();
    assert_has(&page, "<p>原文：<a href=\"https://example.com/news/2026/ai\">https://example.com/news/2026/ai</a>。</p>");
    assert_has(&page, "详见<a href=\"https://example.com/a\">https://example.com/a</a>，其中提到（<a href=\"https://example.com/b\">https://example.com/b</a>）与「<a href=\"http://www.example.org/c\">www.example.org/c</a>」。");
    assert_has(&page, "维基（<a href=\"https://en.wikipedia.org/wiki/Python_(programming_language)\">https://en.wikipedia.org/wiki/Python_(programming_language)</a>）和 <a href=\"https://example.com/d\">https://example.com/d</a>).");
    assert_has(&page, "<code>https://example.com/code</code>");
    assert_lacks(&page, "href=\"https://example.com/code\"");
    assert_lacks(&page, "href=\"https://example.com/block\"");
    assert_lacks(&page, "href=\"https://example.com/inner\"");
    assert_has(
        &page,
        "<a href=\"https://example.com/outer\">已有链接 https://example.com/inner</a>",
    );
    assert_has(
        &page,
        "<a href=\"https://example.com/angle\">https://example.com/angle</a>",
    );
    assert_eq!(
        page.matches("href=\"https://example.com/raw\"").count(),
        1,
        "{page}"
    );

    let count = |page: &str| {
        let i =
            page.find("<span class=\"reading\">约 ").unwrap() + "<span class=\"reading\">约 ".len();
        page[i..page[i..].find(' ').unwrap() + i].to_string()
    };
    let with_urls = read(&out, "posts/links/index.html");
    let without = read(&out, "posts/plain/index.html");
    assert_eq!(count(&with_urls), count(&without));
}
