//! The content model end to end (issue 12): nested sections with Chinese names, standalone
//! pages, page bundles with images in sub-folders, links between sources in every form,
//! menus; and the bad inputs that must fail with file:line and leave the old output alone.

mod common;

use common::{assert_has, assert_lacks, build_cli, exists, read, run, site, stderr, write};

const PNG: &[u8] = include_bytes!("../content/posts/edge-ai-box/diagram.png");

const CONFIG: &str = "title: 栏目测试站\nbase_url: https://news.example.com/sub/\npaginate: 2\nmenu:\n  - name: 科技资讯\n    section: 科技资讯\n  - name: 芯片\n    section: 科技资讯/芯片\n  - name: 关于我们\n    page: about\n  - name: 外链\n    url: https://example.org/\nfooter_menu:\n  - name: 投稿\n    page: 投稿\n";

fn fixture() -> tempfile::TempDir {
    let tmp = site(&[
        ("config.yaml", CONFIG),
        (
            "content/科技资讯/_index.md",
            "---\ntitle: 科技资讯\ndescription: 每日科技要闻\nweight: 1\n---\n本栏目收录**科技**新闻，另见[芯片专栏](芯片/_index.md)。\n",
        ),
        (
            "content/科技资讯/芯片/_index.md",
            "---\ntitle: 芯片\nslug: chips\nsort: weight\n---\n芯片产业链动态。\n",
        ),
        (
            "content/周报/_index.md",
            "---\ntitle: 周报\nslug: weekly\npermalink: /:section/:year/:slug/\nin_home: false\nweight: 2\n---\n",
        ),
        (
            "content/科技资讯/算力调度.md",
            "---\ntitle: 算力调度进入新阶段\ndate: 2025-11-20 10:00\nslug: scheduler\n---\n## 背景\n\n调度器升级。详见[芯片一](芯片/chip-a.md#参数)和[周报](@/周报/第一期.md)。\n",
        ),
        (
            "content/科技资讯/芯片/chip-a.md",
            "---\ntitle: 芯片 A 流片\ndate: 2025-11-18\nweight: 2\n---\n## 参数\n\n回到[调度](../算力调度.md)。\n",
        ),
        (
            "content/科技资讯/芯片/chip-b.md",
            "---\ntitle: 芯片 B 量产\ndate: 2025-11-19\nweight: 1\n---\n量产消息。\n",
        ),
        (
            "content/周报/第一期.md",
            "---\ntitle: 周报第一期\ndate: 2025-11-21\nslug: issue-1\n---\n本周要闻：[拆解](@/科技资讯/拆解/index.md)。\n",
        ),
        (
            "content/科技资讯/拆解/index.md",
            "---\ntitle: 拆解一台边缘盒子\ndate: 2025-11-17\nslug: teardown\ncover: cover.png\n---\n![结构图](diagram.png)\n\n![特写](img/detail.png \"特写\")\n\n[原始数据](files/data.csv)\n",
        ),
        (
            "content/科技资讯/拆解/files/data.csv",
            "项目,数值\n功耗,12W\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: 关于我们\n---\n我们是一家科技媒体。投稿请看[投稿指南](投稿.md)。\n",
        ),
        (
            "content/pages/投稿.md",
            "---\ntitle: 投稿指南\nslug: contribute\nsearch: true\n---\n欢迎投稿。\n",
        ),
        (
            "content/posts/plain.md",
            "---\ntitle: 不在栏目里的文章\ndate: 2025-11-16\n---\n正文。\n",
        ),
    ]);
    for name in ["cover.png", "diagram.png", "img/detail.png"] {
        write(tmp.path(), &format!("content/科技资讯/拆解/{name}"), PNG);
    }
    tmp
}

#[test]
fn sections_pages_bundles_and_links() {
    let tmp = fixture();
    let out = build_cli(tmp.path(), &[]);

    // Sections: list pages (paginated), nested URL, feed, sitemap.
    let tech = read(&out, "ke-ji-zi-xun/index.html");
    assert_has(&tech, "每日科技要闻");
    assert_has(&tech, "<strong>科技</strong>");
    assert_has(&tech, "href=\"/sub/ke-ji-zi-xun/chips/\"");
    // Its own articles and its sub-section's, newest first, two per page.
    assert!(exists(&out, "ke-ji-zi-xun/page/2/index.html"));
    assert!(!exists(&out, "ke-ji-zi-xun/page/3/index.html"));
    let chips = read(&out, "ke-ji-zi-xun/chips/index.html");
    // `sort: weight`: B (weight 1) before A (weight 2).
    let (b, a) = (
        chips.find("芯片 B 量产").unwrap(),
        chips.find("芯片 A 流片").unwrap(),
    );
    assert!(b < a, "weight order");
    let feed = read(&out, "ke-ji-zi-xun/chips/atom.xml");
    assert_has(&feed, "芯片 A 流片");
    assert_lacks(&feed, "算力调度进入新阶段");
    let sitemap = read(&out, "sitemap.xml");
    for url in ["ke-ji-zi-xun/chips/", "about/", "contribute/", "weekly/"] {
        assert_has(
            &sitemap,
            &format!("https://news.example.com/sub/{url}</loc>"),
        );
    }

    // Section permalink with :section; `in_home: false` keeps it off the home list and feed.
    assert!(exists(&out, "weekly/2025/issue-1/index.html"));
    let home = read(&out, "index.html");
    assert_lacks(&home, "周报第一期");
    assert_lacks(&read(&out, "atom.xml"), "周报第一期");
    assert_has(&read(&out, "weekly/atom.xml"), "周报第一期");

    // Breadcrumbs and JSON-LD on an article in a nested section.
    let a = read(&out, "posts/chip-a/index.html");
    let crumbs = &a[a.find("class=\"breadcrumb\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let texts = common::strip_tags(crumbs);
    assert!(
        texts.contains("首页")
            && texts.find("科技资讯") < texts.find("芯片")
            && texts.contains("正文"),
        "{texts}"
    );
    assert_has(&a, "\"@type\":\"BreadcrumbList\"");
    assert_has(&a, "https://news.example.com/sub/ke-ji-zi-xun/chips/");
    // Links between sources: relative with anchor, back up a folder, and `@/`.
    let s = read(&out, "posts/scheduler/index.html");
    assert_has(&s, "href=\"/sub/posts/chip-a/#%E5%8F%82%E6%95%B0\"");
    assert_has(&s, "href=\"/sub/weekly/2025/issue-1/\"");
    assert_has(&a, "href=\"/sub/posts/scheduler/\"");
    assert_has(
        &read(&out, "weekly/2025/issue-1/index.html"),
        "href=\"/sub/posts/teardown/\"",
    );

    // Bundle: assets copied (sub-folders too), relative URLs resolved, cover too.
    for f in [
        "cover.png",
        "diagram.png",
        "img/detail.png",
        "files/data.csv",
    ] {
        assert!(exists(&out, &format!("posts/teardown/{f}")), "{f}");
    }
    assert_eq!(
        std::fs::read(out.join("posts/teardown/img/detail.png")).unwrap(),
        PNG
    );
    let t = read(&out, "posts/teardown/index.html");
    assert_has(&t, "src=\"/sub/posts/teardown/diagram.png\"");
    assert_has(&t, "src=\"/sub/posts/teardown/img/detail.png\"");
    assert_has(&t, "href=\"/sub/posts/teardown/files/data.csv\"");
    assert_has(&t, "https://news.example.com/sub/posts/teardown/cover.png");
    // Feeds carry absolute URLs.
    assert_has(
        &read(&out, "ke-ji-zi-xun/atom.xml"),
        "src=&quot;https://news.example.com/sub/posts/teardown/diagram.png&quot;",
    );

    // Pages: URL from the path (slug overrides), in no list or feed, template page.html.
    let about = read(&out, "about/index.html");
    assert_has(&about, "我们是一家科技媒体");
    assert_has(&about, "href=\"/sub/contribute/\"");
    assert_has(&about, "page-page");
    assert_lacks(&home, "关于我们</a></h2>");
    assert_lacks(&read(&out, "atom.xml"), "关于我们");
    assert_lacks(&read(&out, "archives/index.html"), "投稿指南");
    // In search only with `search: true`.
    let docs: String = common::files(&out.join("search"))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert_has(&docs, "投稿指南");
    assert_has(&docs, "欢迎投稿");
    assert_lacks(&docs, "我们是一家科技媒体");

    // Menus: resolved with the base path, current page marked.
    assert_has(&about, "href=\"/sub/ke-ji-zi-xun/chips/\"");
    assert_has(&about, "href=\"https://example.org/\"");
    let nav = &about[about.find("site-nav").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert_has(nav, "href=\"/sub/about/\" aria-current=\"page\"");
    assert_has(&about, "href=\"/sub/contribute/\"");

    // Outside any section: as before.
    assert!(exists(&out, "posts/plain/index.html"));
    assert_has(&read(&out, "archives/index.html"), "不在栏目里的文章");

    // check agrees.
    let check = run(["check", "--root", tmp.path().to_str().unwrap()]);
    assert!(check.status.success(), "{}", common::stdout(&check));
}

/// Each bad input fails with file:line, exit 1, and the previous output untouched.
#[test]
fn bad_inputs_fail_and_keep_the_old_output() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "content/科技资讯/_index.md",
            "---\ndescription: 没有标题\n---\n",
            "content/科技资讯/_index.md:2:",
            "missing required field `title`",
        ),
        (
            "config.yaml",
            "title: 栏目测试站\nmenu:\n  - name: 科技资讯\n    section: 科技资讯\n  - name: 不存在\n    page: nowhere\n",
            "config.yaml:5:",
            "no page `nowhere`",
        ),
        (
            "content/科技资讯/算力调度.md",
            "---\ntitle: 算力调度进入新阶段\ndate: 2025-11-20 10:00\nslug: scheduler\n---\n正文第一行。\n\n见[旧文](../旧文.md)。\n",
            "content/科技资讯/算力调度.md:8:2:",
            "does not exist",
        ),
        (
            "content/科技资讯/拆解/index.html",
            "<p>与生成的页面同名</p>",
            "content/科技资讯/拆解/index.html",
            "same URL",
        ),
        (
            "content/科技资讯/拆解/notes.md",
            "---\ntitle: 捆绑包里的第二篇\ndate: 2025-11-01\n---\n",
            "content/科技资讯/拆解/notes.md",
            "inside the page bundle",
        ),
    ];
    for (file, text, place, what) in cases {
        let tmp = fixture();
        let out = build_cli(tmp.path(), &[]);
        let before = common::files(&out);
        let page = read(&out, "posts/scheduler/index.html");
        write(tmp.path(), file, text);
        let r = run([
            "build",
            "--root",
            tmp.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.status.code(), Some(1), "{file}");
        let err = stderr(&r);
        assert!(err.contains(place) && err.contains(what), "{file}: {err}");
        assert_eq!(common::files(&out), before, "{file}: output changed");
        assert_eq!(read(&out, "posts/scheduler/index.html"), page);
        // check reports the same problem.
        let c = run(["check", "--root", tmp.path().to_str().unwrap()]);
        assert!(!c.status.success(), "check passed with {file}");
        assert!(
            common::stdout(&c).contains(what),
            "check on {file}: {}",
            common::stdout(&c)
        );
    }
}

/// A link to a draft is an error in the build that leaves the draft out.
#[test]
fn links_to_drafts_fail_unless_drafts_are_built() {
    let tmp = fixture();
    write(
        tmp.path(),
        "content/科技资讯/草稿.md",
        "---\ntitle: 未发布\ndate: 2025-11-01\ndraft: true\nslug: draft\n---\n",
    );
    write(
        tmp.path(),
        "content/posts/plain.md",
        "---\ntitle: 不在栏目里的文章\ndate: 2025-11-16\n---\n见[草稿](@/科技资讯/草稿.md)。\n",
    );
    let root = tmp.path().to_str().unwrap();
    let r = run(["build", "--root", root]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("content/posts/plain.md:5:2:"),
        "{}",
        stderr(&r)
    );
    assert!(stderr(&r).contains("leaves out"), "{}", stderr(&r));
    let out = build_cli(tmp.path(), &["--drafts"]);
    assert_has(
        &read(&out, "posts/plain/index.html"),
        "href=\"/sub/posts/draft/\"",
    );
}

/// serve picks up a section edit, a new page and a new bundle image without a restart.
#[test]
fn serve_updates_sections_pages_and_bundle_files() {
    use common::server::{get_bytes, start, wait_for};
    let tmp = fixture();
    let root = tmp.path();
    let server = start(root, &[]);
    let port = server.port;
    let body = |target: &str| server.body(target);
    // serve is at the root whatever base_url says.
    assert!(body("/ke-ji-zi-xun/").is_some_and(|b| b.contains("每日科技要闻")));

    write(
        root,
        "content/科技资讯/_index.md",
        "---\ntitle: 科技资讯\ndescription: 改过的栏目介绍\nweight: 1\n---\n新的栏目正文。\n",
    );
    wait_for(5.0, "section edit served", || {
        body("/ke-ji-zi-xun/")
            .is_some_and(|b| b.contains("改过的栏目介绍") && b.contains("新的栏目正文"))
    });

    write(
        root,
        "content/pages/隐私.md",
        "---\ntitle: 隐私政策\nslug: privacy\n---\n我们不收集个人信息。\n",
    );
    wait_for(5.0, "new page served", || {
        body("/privacy/").is_some_and(|b| b.contains("我们不收集个人信息"))
    });

    assert_eq!(
        get_bytes(port, "/posts/teardown/img/new.png").map(|r| r.0),
        Some(404)
    );
    write(root, "content/科技资讯/拆解/img/new.png", PNG);
    wait_for(5.0, "new bundle image served", || {
        get_bytes(port, "/posts/teardown/img/new.png").is_some_and(|(s, b)| s == 200 && b == PNG)
    });

    // A link that moves with its target: renaming the target's slug updates the linking page.
    write(
        root,
        "content/科技资讯/芯片/chip-a.md",
        "---\ntitle: 芯片 A 流片\ndate: 2025-11-18\nweight: 2\nslug: chip-a-v2\n---\n## 参数\n\n回到[调度](../算力调度.md)。\n",
    );
    wait_for(5.0, "linking page follows the moved target", || {
        body("/posts/scheduler/").is_some_and(|b| b.contains("href=\"/posts/chip-a-v2/#"))
    });
}

/// `check` names a bundle's missing file where it belongs, as written in the article.
#[test]
fn check_names_missing_bundle_files_in_the_bundle() {
    let tmp = fixture();
    std::fs::remove_file(tmp.path().join("content/科技资讯/拆解/img/detail.png")).unwrap();
    let c = run(["check", "--root", tmp.path().to_str().unwrap()]);
    assert!(!c.status.success());
    let out = common::stdout(&c);
    assert!(
        out.contains("content/科技资讯/拆解/index.md:9:")
            && out.contains(
                "image img/detail.png does not exist (no content/科技资讯/拆解/img/detail.png)"
            ),
        "{out}"
    );
}
