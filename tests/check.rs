//! `kuaixun check`: every kind of problem is reported at once with file:line:column, warnings
//! alone do not fail the command, `--format json` is one parseable document, and nothing is
//! written (no output folder, no staging folder).

mod common;

use std::fs;
use std::path::Path;

use common::*;

const CONFIG: &str = "title: 检查测试站\nbase_url: https://news.example.com/news/\ncheck:\n  rules:\n    digit_spacing: true\n";

/// A site with one problem of each kind (errors only, plus one copywriting line and `！！`).
fn broken_site() -> tempfile::TempDir {
    let dir = site(&[("config.yaml", CONFIG)]);
    let root = dir.path();
    // Lines of content/posts/a.md are numbered in the comments.
    article(
        root,
        "a",
        "title: 英伟达发布新一代显卡\n\
         date: 2025-11-20 10:30:00\n\
         tags: [GPU, 人工智能]\n\
         cover: /images/missing-cover.png", // line 5
        "英伟达今天在发布会上介绍了新品。\n\
         \n\
         详见[旧闻](/posts/missing/)。\n\
         \n\
         另见[背景介绍](/posts/b/#不存在的小节)。\n\
         \n\
         ![现场图](/images/nope.png)\n\
         \n\
         报告原文：[下载](/files/report.pdf)\n\
         \n\
         还有一篇[草稿](/posts/draft/)没有发布。\n\
         \n\
         英伟达的市值已经超过3万亿美元。\n\
         \n\
         太惊人了！！", // lines 7..=21
    );
    article(
        root,
        "b",
        "title: 背景资料\ndate: 2025-11-19 09:00:00\ntags: [GPU]",
        "## 背景\n\n显卡市场的背景。",
    );
    // Same URL as b.md.
    article(
        root,
        "c",
        "title: 重复的文章\ndate: 2025-11-18 09:00:00\nslug: b",
        "内容与上一篇重复。",
    );
    article(
        root,
        "draft",
        "title: 未完成的稿子\ndate: 2025-11-17 09:00:00\ndraft: true",
        "还在写。",
    );
    article(root, "bad", "title: 日期写错了\ndate: 昨天下午", "正文。");
    // BOM and CRLF: lines are still counted from the top of the file.
    write(
        root,
        "content/posts/crlf.md",
        "\u{feff}---\r\ntitle: 换行测试\r\ndate: 2025-11-16\r\n---\r\n第一段。\r\n\r\n[坏链接](/posts/nowhere/)\r\n",
    );
    dir
}

#[test]
fn every_problem_reported_with_its_location() {
    let dir = broken_site();
    let out = check_cli(dir.path(), &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    let expected = [
        "error: content/posts/a.md:5:8: cover image /images/missing-cover.png does not exist (no static/images/missing-cover.png)",
        "error: content/posts/a.md:9:8: link to /posts/missing/ does not exist",
        "error: content/posts/a.md:11:10: anchor #不存在的小节 does not exist on /news/posts/b/",
        "error: content/posts/a.md:13:8: image /images/nope.png does not exist (no static/images/nope.png)",
        "error: content/posts/a.md:15:11: link to file /files/report.pdf does not exist (no static/files/report.pdf)",
        "error: content/posts/a.md:17:10: link to /posts/draft/ goes to content/posts/draft.md, which is a draft: that page is not in the published site",
        "warning: content/posts/a.md:19:11: missing space: `经超过3万亿美` → `经超过 3 万亿美`",
        "warning: content/posts/a.md:21:5: repeated punctuation `！！`: use a single `！`",
        "error: content/posts/crlf.md:7:7: link to /posts/nowhere/ does not exist",
    ];
    for line in expected {
        assert!(
            text.lines().any(|l| l == line),
            "missing line:\n{line}\nin:\n{text}"
        );
    }
    // Front matter error and the URL clash (their exact wording belongs to the loaders).
    let bad = text
        .lines()
        .find(|l| l.starts_with("error: content/posts/bad.md:3:"))
        .unwrap_or_else(|| panic!("no date error in:\n{text}"));
    assert!(bad.contains("昨天下午"), "{bad}");
    let clash = text
        .lines()
        .find(|l| l.contains("same URL /posts/b/"))
        .unwrap_or_else(|| panic!("no URL clash in:\n{text}"));
    assert!(
        clash.starts_with("error: content/posts/c.md") && clash.contains("content/posts/b.md"),
        "{clash}"
    );
    // Reported once each, and nothing about the good links.
    assert_eq!(text.matches("/posts/missing/").count(), 1, "{text}");
    assert!(!text.contains("#背景"), "{text}");
    let errors = text.lines().filter(|l| l.starts_with("error: ")).count();
    let warnings = text.lines().filter(|l| l.starts_with("warning: ")).count();
    assert_eq!(errors, 9, "{text}");
    assert_eq!(
        text.lines().last(),
        Some(format!("{errors} errors, {warnings} warnings").as_str()),
        "{text}"
    );
}

#[test]
fn clean_site_passes() {
    let dir = site(&[
        ("config.yaml", CONFIG),
        (
            "static/images/chip.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("static/files/report.pdf", "%PDF-1.4"),
    ]);
    let root = dir.path();
    article(
        root,
        "a",
        "title: 国产 AI 芯片量产\ndate: 2025-11-20 10:30:00\ntags: [GPU, 人工智能]\ncover: /images/chip.svg",
        "## 小节一\n\n\
         关于背景，参见[上一篇](/posts/b/)、[背景一节](/posts/b/#背景)、\
         [编码后的锚点](/posts/b/#%E8%83%8C%E6%99%AF)、[相对链接](../b/)和[本节](#小节一)。\n\n\
         更多内容见[GPU 标签](/tags/gpu/)、[归档](/archives/)、[首页](/)、[订阅](/atom.xml)、\
         [完整地址](https://news.example.com/news/posts/b/)与[外部报道](https://example.org/a)。\n\n\
         ![芯片示意图](/images/chip.svg)\n\n\
         附件：[报告](/files/report.pdf)，邮件 <tips@example.com>。\n\n\
         <a href=\"/news/posts/b/\">原始 HTML 链接</a>\n\n\
         ```rust\nlet s = \"中文abc,不检查！！\"; // [不是链接](/nowhere/)\n```\n\n\
         行内代码 `中文abc,不检查` 也不检查。",
    );
    article(
        root,
        "b",
        "title: 背景资料\ndate: 2025-11-19 09:00:00\ntags: [GPU]",
        "## 背景\n\n显卡市场的背景，回到[第一篇](/posts/a/#小节一)。",
    );
    let out = check_cli(root, &[]);
    assert_success(&out);
    assert_eq!(stdout(&out), "0 errors, 0 warnings\n");
}

#[test]
fn warnings_alone_exit_zero() {
    // Unicode slugs keep `AI` and `ＡＩ` on different URLs, so only the warning remains.
    let dir = site(&[("config.yaml", "title: 警告测试\nslug_style: unicode\n")]);
    let root = dir.path();
    article(
        root,
        "a",
        "title: 苹果发布iPhone新品\ndate: 2025-11-20\ntags: [AI]",
        "正文。",
    );
    article(
        root,
        "b",
        "title: 另一篇\ndate: 2025-11-19\ntags: [ＡＩ]",
        "正文，使用了Rust语言。",
    );
    let out = check_cli(root, &[]);
    assert_success(&out);
    let text = stdout(&out);
    assert_eq!(
        text,
        "warning: content/posts/b.md:4:8: tag `ＡＩ` differs from `AI` (content/posts/a.md:4) only by case or full-width/half-width form; use one spelling\n\
         warning: content/posts/a.md:2:12: missing space: `果发布iPhone新品` → `果发布 iPhone 新品`\n\
         warning: content/posts/b.md:6:7: missing space: `使用了Rust语言。` → `使用了 Rust 语言。`\n\
         0 errors, 3 warnings\n"
    );
}

#[test]
fn json_report_parses() {
    let dir = broken_site();
    let out = check_cli(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)));
    let errors = json["errors"].as_array().expect("errors array");
    let warnings = json["warnings"].as_array().expect("warnings array");
    assert_eq!(errors.len(), 9);
    assert_eq!(warnings.len(), 2);
    for p in errors.iter().chain(warnings) {
        for key in ["file", "line", "column", "message", "kind"] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
    }
    let missing = errors
        .iter()
        .find(|p| p["message"] == "link to /posts/missing/ does not exist")
        .expect("broken link");
    assert_eq!(missing["file"], "content/posts/a.md");
    assert_eq!(missing["line"], 9);
    assert_eq!(missing["column"], 8);
    assert_eq!(missing["kind"], "broken_link");
    let kinds: std::collections::BTreeSet<&str> = errors
        .iter()
        .chain(warnings)
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    let want = [
        "broken_anchor",
        "broken_link",
        "copywriting",
        "duplicate_url",
        "front_matter",
        "missing_file",
    ];
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), want);
    assert!(warnings.iter().all(|w| w["kind"] == "copywriting"));
}

#[test]
fn nothing_is_written() {
    let dir = broken_site();
    let root = dir.path();
    let before = files(root);
    let out = check_cli(root, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!root.join("public").exists(), "check created public/");
    assert_eq!(files(root), before);
    assert!(leftover_build_folders(root).is_empty());

    // An existing output folder is left exactly as it was.
    write(root, "public/index.html", "旧的首页");
    let out = check_cli(root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        files(&root.join("public")),
        vec![root.join("public/index.html")]
    );
    assert_eq!(read(&root.join("public"), "index.html"), "旧的首页");
    assert!(leftover_build_folders(root).is_empty());
}

#[test]
fn config_and_template_errors_do_not_hide_the_rest() {
    let dir = site(&[("config.yaml", "title: 配置有误\ntitel: 拼错的键\n")]);
    let root = dir.path();
    article(
        root,
        "ok",
        "title: 正常\ndate: 2025-11-20",
        "正文，提到了GPU。",
    );
    article(root, "bad", "title: 坏的\ndate: 2025-13-45", "正文。");
    let out = check_cli(root, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("error: config.yaml:2: ") && l.contains("titel")),
        "{text}"
    );
    assert!(text.contains("error: content/posts/bad.md:3:"), "{text}");
    assert!(
        text.contains("warning: content/posts/ok.md:5:7: missing space"),
        "{text}"
    );

    // A template that does not compile is an error naming the template.
    let dir = site(&[("templates/article.html", "{% if %}\n")]);
    article(dir.path(), "a", "title: 模板\ndate: 2025-11-20", "正文。");
    let out = check_cli(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let e = &json["errors"][0];
    assert_eq!(e["kind"], "template", "{json}");
    assert_eq!(e["file"], "templates/article.html", "{json}");
}

#[test]
fn static_file_clashing_with_a_page() {
    let dir = site(&[("static/posts/a/index.html", "<p>手写的页面</p>")]);
    article(dir.path(), "a", "title: 文章\ndate: 2025-11-20", "正文。");
    let out = check_cli(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("error: static/posts/a/index.html: two things would be written to the same URL /posts/a/: static/posts/a/index.html and content/posts/a.md\n"),
        "{text}"
    );
}

#[test]
fn missing_root_fails() {
    let out = check_cli(Path::new("/nonexistent/kuaixun-site"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("the site folder does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn demo_site_has_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let public_before = fs::metadata(root.join("public"))
        .ok()
        .map(|m| m.modified().ok());
    let out = check_cli(root, &[]);
    assert_success(&out);
    assert!(
        stdout(&out)
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("0 errors"),
        "{}",
        stdout(&out)
    );
    let public_after = fs::metadata(root.join("public"))
        .ok()
        .map(|m| m.modified().ok());
    assert_eq!(public_before, public_after);
}

#[test]
fn case_variants_are_one_term_and_a_warning() {
    // `AI` and `ai` are one tag (shown as `AI`, first seen): only the spelling warning,
    // naming both places, and b.md's links are checked.
    let dir = site(&[]);
    let root = dir.path();
    article(
        root,
        "a",
        "title: 第一篇\ndate: 2025-11-20\ntags: [AI, 芯片]",
        "正文。",
    );
    article(
        root,
        "b",
        "title: 第二篇\ndate: 2025-11-19\ntags:\n  - 芯片\n  - ai",
        "正文，另见[第一篇](/posts/a/)和[标签](/tags/ai/)和[不存在的](/posts/nope/)。",
    );
    let out = check_cli(root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{json:#}");
    assert_eq!(errors[0]["kind"], "broken_link", "{json:#}");
    assert_eq!(errors[0]["message"], "link to /posts/nope/ does not exist");
    assert_eq!(errors[0]["line"], 8);
    assert_eq!(
        json["warnings"],
        serde_json::json!([{
            "file": "content/posts/b.md",
            "line": 6,
            "column": 5,
            "message": "tag `ai` differs from `AI` (content/posts/a.md:4) only by case or full-width/half-width form; use one spelling",
            "kind": "term_variant"
        }])
    );
}

#[test]
fn a_term_clash_in_many_articles_hides_nothing() {
    // `世纪` and `时机` both map to /tags/shi-ji/ in ten articles; every article's broken
    // link is still reported.
    let dir = site(&[]);
    let root = dir.path();
    for i in 0..10 {
        let tag = if i % 2 == 0 { "世纪" } else { "时机" };
        article(
            root,
            &format!("p{i}"),
            &format!("title: 第{i}篇\ndate: 2025-11-{:02}\ntags: [{tag}]", 10 + i),
            &format!("见[不存在的](/posts/nope-{i}/)。"),
        );
    }
    let out = check_cli(root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = json["errors"].as_array().unwrap();
    for i in 0..10 {
        let msg = format!("link to /posts/nope-{i}/ does not exist");
        assert!(
            errors.iter().any(|e| e["message"] == msg.as_str()),
            "{msg}: {json:#}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("/tags/shi-ji/")),
        "{json:#}"
    );
}

/// A site whose articles hold many copywriting findings of two rules, and one dead link.
fn noisy_site(config: &str) -> tempfile::TempDir {
    let dir = site(&[("config.yaml", config)]);
    for i in 0..6 {
        article(
            dir.path(),
            &format!("n{i}"),
            &format!("title: 第{i}篇\ndate: 2025-11-{:02}", i + 10),
            "我们使用Rust开发,速度很快。2018年发布。\n\n见[旧闻](/posts/missing/)。\n",
        );
    }
    dir
}

#[test]
fn errors_first_then_a_short_summary_of_each_rule() {
    let dir = noisy_site("title: 噪声站\n");
    let out = check_cli(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let first_warning = lines
        .iter()
        .position(|l| l.starts_with("warning: "))
        .unwrap();
    assert!(
        lines[..first_warning]
            .iter()
            .all(|l| l.starts_with("error: ")),
        "{text}"
    );
    assert_eq!(first_warning, 6, "{text}");
    // Two rules (Latin spacing, punctuation width), three shown of six each, then a count.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("more of the same kind"))
            .count(),
        2,
        "{text}"
    );
    assert_has(&text, "warning: … and 3 more of the same kind: space between Chinese and Latin letters (check.rules.latin_spacing); `kuaixun check --verbose` lists them all");
    assert_has(&text, "(check.rules.punctuation_width)");
    // Digit spacing is off by default: `2018年` is not flagged.
    assert_lacks(&text, "2018 年");
    assert_eq!(lines.last(), Some(&"6 errors, 12 warnings"));
    let verbose = stdout(&check_cli(dir.path(), &["--verbose"]));
    assert_eq!(
        verbose
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count(),
        12
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&check_cli(dir.path(), &["--format", "json"]))).unwrap();
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 12);
    assert!(warnings.iter().any(|w| w["rule"] == "latin_spacing"));
}

#[test]
fn copywriting_levels_and_rules_from_config() {
    let off = noisy_site("title: 噪声站\ncheck:\n  copywriting: off\n");
    let text = stdout(&check_cli(off.path(), &[]));
    assert_eq!(text.lines().last(), Some("6 errors, 0 warnings"), "{text}");
    let error = noisy_site("title: 噪声站\ncheck:\n  copywriting: error\n  rules:\n    punctuation_width: false\n    digit_spacing: true\n");
    let text = stdout(&check_cli(error.path(), &[]));
    assert_eq!(text.lines().last(), Some("24 errors, 0 warnings"), "{text}");
    assert_has(&text, "`018年发布` → `018 年发布`");
    assert_lacks(&text, "half-width punctuation");
    let bad = noisy_site("title: 噪声站\ncheck:\n  copywriting: sometimes\n");
    let out = check_cli(bad.path(), &[]);
    assert_has(&stdout(&out), "config.yaml:3: config: `check.copywriting`: unknown variant `sometimes`, expected one of `off`, `warn`, `error`");
}

#[test]
fn fix_changes_prose_only() {
    let dir = site(&[("config.yaml", "title: 修正站\n")]);
    let code = "```rust\nlet 中文a = \"Rust开发,\"; // 注释Rust开发!!\n```\n";
    let body = format!(
        "我们使用Rust开发,效果很好！！\n\n{code}\n见[Rust文档](https://example.com/Rust开发,x)和`Rust开发,`。\n\n<div class=\"x\">HTML里Rust开发,</div>\n"
    );
    write(
        dir.path(),
        "content/posts/a.md",
        format!("---\ntitle: 标题Rust开发\ndate: 2025-11-20\n---\n{body}").replace('\n', "\r\n"),
    );
    let out = check_cli(dir.path(), &["--fix"]);
    let text = stdout(&out);
    assert_has(&text, "--- a/content/posts/a.md\n+++ b/content/posts/a.md\n@@ -5 +5 @@\n-我们使用Rust开发,效果很好！！\n+我们使用 Rust 开发，效果很好！\n");
    assert_has(&text, "fixed 2 lines in 1 file");
    let after = fs::read_to_string(dir.path().join("content/posts/a.md")).unwrap();
    assert!(
        after.contains("\r\n") && !after.replace("\r\n", "").contains('\n'),
        "CRLF kept"
    );
    let after = after.replace("\r\n", "\n");
    // Front matter, code, URLs, inline code and HTML are byte-identical.
    assert_has(&after, "---\ntitle: 标题Rust开发\ndate: 2025-11-20\n---\n");
    assert_has(&after, code);
    assert_has(&after, "(https://example.com/Rust开发,x)");
    assert_has(&after, "`Rust开发,`");
    assert_has(&after, "<div class=\"x\">HTML里Rust开发,</div>");
    assert_has(&after, "我们使用 Rust 开发，效果很好！\n");
    assert_has(&after, "[Rust 文档]");
    // A second run finds nothing left to fix.
    assert_has(
        &stdout(&check_cli(dir.path(), &["--fix"])),
        "fixed 0 lines in 0 files",
    );
}
