//! `kuaixun init` and `kuaixun new`: new sites and articles, written through the binary and
//! then built.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use kuaixun::config::Config;
use kuaixun::render::theme;

fn tmp() -> tempfile::TempDir {
    site(&[])
}

/// `kuaixun init <dir> <extra…>`.
fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["init".to_string(), dir.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

/// `kuaixun new --root <root> <extra…> -- <title>` (`--` lets a title start with `-`).
fn new(root: &Path, title: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "new".to_string(),
        "--root".into(),
        root.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--".to_string(), title.to_string()]);
    run(&args)
}

/// A fresh site made by `init` in `<tmp>/site`.
fn fresh_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tmp();
    let root = t.path().join("site");
    assert_success(&init(&root, &[]));
    (t, root)
}

#[test]
fn init_creates_a_site_that_builds() {
    let t = tmp();
    let root = t.path().join("新站点");
    let out = init(&root, &[]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.contains("next steps"), "{text}");
    assert!(text.contains("kuaixun new"), "{text}");

    let config = Config::load(&root).unwrap();
    assert_eq!(config.language, "zh-CN");
    assert_eq!(config.timezone, "Asia/Shanghai");
    assert_eq!(config.paginate, 10);
    let config_text = fs::read_to_string(root.join("config.yaml")).unwrap();
    assert!(config_text.contains("# "), "config.yaml is commented");
    assert!(fs::read_to_string(root.join(".gitignore"))
        .unwrap()
        .contains("public/"));
    assert!(!root.join("templates").exists());
    assert!(!root.join("static").exists());

    // Two sections with a sample article each, and an about page.
    for rel in [
        "content/kuaixun/_index.md",
        "content/kuaixun/hello-kuaixun.md",
        "content/shendu/_index.md",
        "content/shendu/content-model.md",
        "content/pages/about.md",
        "data/links.yaml",
        "data/authors.yaml",
    ] {
        assert!(root.join(rel).is_file(), "{rel}");
    }
    let shendu = fs::read_to_string(root.join("content/shendu/_index.md")).unwrap();
    assert!(
        shendu.starts_with("---\ntitle: 深度\n") && shendu.contains("\nweight: 2\nsort: date\n"),
        "{shendu}"
    );
    assert!(
        config_text.contains(
            "menu:\n  - name: 快讯\n    section: kuaixun\n  - name: 深度\n    section: shendu\n  - name: 归档\n    url: /archives/\n  - name: 关于我们\n    page: about\n"
        ),
        "{config_text}"
    );

    let public = build_cli(&root, &[]);
    let page = read(&public, "posts/hello-kuaixun/index.html");
    assert_has(&page, "你好，快讯：第一篇稿件");
    assert_has(&page, "文章的结构");
    // Breadcrumb through the section, the section in the byline, the menu entry of the section.
    assert_has(
        &page,
        "<a href=\"/kuaixun/\">快讯</a><span class=\"breadcrumb-sep\" aria-hidden=\"true\">›</span><span aria-current=\"page\">正文</span>",
    );
    assert_has(
        &page,
        "<a class=\"section-link\" href=\"/kuaixun/\">快讯</a>",
    );
    assert_has(
        &page,
        "<a href=\"/kuaixun/\" aria-current=\"true\">快讯</a>",
    );
    assert_has(&page, "<a href=\"/shendu/\">深度</a>");
    assert_has(&page, "<a href=\"/archives/\">归档</a>");
    // The `.md` links between the samples become URLs.
    assert_has(&page, "href=\"/posts/content-model/\"");
    let deep = read(&public, "posts/content-model/index.html");
    assert_has(&deep, "栏目、页面与链接：站点内容怎样组织");
    assert_has(&deep, "href=\"/posts/hello-kuaixun/\"");
    assert_has(&deep, "href=\"/about/\"");
    assert!(!deep.contains(".md\""), "{deep}");

    let home = read(&public, "index.html");
    assert_has(&home, "你好，快讯：第一篇稿件");
    // The example data file is the footer's 友情链接.
    assert_has(
        &home,
        "<a href=\"https://example.com/kuaixun/\" rel=\"noopener\">kuaixun 文档</a>",
    );
    assert_has(&home, "栏目、页面与链接：站点内容怎样组织");
    assert_eq!(home.matches("class=\"item-title\"").count(), 2, "{home}");

    let kuaixun = read(&public, "kuaixun/index.html");
    assert_has(&kuaixun, "<span aria-current=\"page\">快讯</span>");
    assert_has(&kuaixun, "短平快的科技消息");
    assert_has(&kuaixun, "显示在栏目文章列表的上方");
    assert_has(&kuaixun, "你好，快讯：第一篇稿件");
    assert!(!kuaixun.contains("栏目、页面与链接"), "{kuaixun}");
    assert_has(
        &kuaixun,
        "<a href=\"/kuaixun/\" aria-current=\"page\">快讯</a>",
    );
    assert!(exists(&public, "kuaixun/atom.xml"));
    let shendu = read(&public, "shendu/index.html");
    assert_has(&shendu, "栏目、页面与链接：站点内容怎样组织");
    assert!(!shendu.contains("你好，快讯：第一篇稿件"), "{shendu}");

    let about = read(&public, "about/index.html");
    assert_has(&about, "<h1 class=\"post-title\">关于我们</h1>");
    assert_has(
        &about,
        "<a href=\"/about/\" aria-current=\"page\">关于我们</a>",
    );
    assert!(!read(&public, "atom.xml").contains("<title>关于我们</title>"));
    assert!(!read(&public, "archives/index.html").contains("关于我们</a></li>"));

    // The two samples are a 专题, by an author from data/authors.yaml.
    assert!(
        config_text.contains("taxonomies:\n  - name: series\n"),
        "{config_text}"
    );
    assert_has(&page, "本专题第 1 篇，共 2 篇");
    assert_has(&deep, "本专题第 2 篇，共 2 篇");
    assert_has(&page, "href=\"/authors/bianjibu/\">快讯编辑部</a>");
    let series = read(&public, "series/shang-shou-kuaixun/index.html");
    assert_eq!(
        list_titles(&series),
        [
            "你好，快讯：第一篇稿件",
            "栏目、页面与链接：站点内容怎样组织"
        ]
    );
    assert_has(
        &read(&public, "authors/bianjibu/index.html"),
        "负责选题、审稿和专题策划。",
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let t = site(&[("笔记.txt", "旧文件")]);
    let out = init(t.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&t.path().display().to_string()), "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(!t.path().join("config.yaml").exists());
}

#[test]
fn hidden_entries_do_not_count() {
    let t = site(&[(".git/HEAD", "ref: refs/heads/main\n")]);
    assert_success(&init(t.path(), &[]));
    assert!(t.path().join("config.yaml").is_file());
}

#[test]
fn force_keeps_existing_files() {
    let t = site(&[
        ("config.yaml", "title: 老站点\n"),
        ("笔记.txt", "旧文件"),
        (
            "content/kuaixun/hello-kuaixun.md",
            "---\ntitle: 我自己的第一篇\ndate: 2024-05-01\n---\n原有正文\n",
        ),
    ]);
    let out = init(t.path(), &["--force"]);
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.contains("skipped config.yaml"), "{text}");
    assert!(
        text.contains("skipped content/kuaixun/hello-kuaixun.md"),
        "{text}"
    );
    assert!(
        !text.contains("skipped content/kuaixun/_index.md"),
        "{text}"
    );
    assert!(t.path().join("content/shendu/content-model.md").is_file());
    assert_eq!(
        fs::read_to_string(t.path().join("config.yaml")).unwrap(),
        "title: 老站点\n"
    );
    assert_eq!(
        fs::read_to_string(t.path().join("笔记.txt")).unwrap(),
        "旧文件"
    );
    assert!(t.path().join(".gitignore").is_file());
    let public = build_cli(t.path(), &[]);
    assert_has(&read(&public, "posts/hello-kuaixun/index.html"), "原有正文");
}

#[test]
fn with_theme_copies_templates_and_static() {
    let t = tmp();
    let root = t.path().join("site");
    assert_success(&init(&root, &["--with-theme"]));
    for (name, text) in theme::TEMPLATES {
        assert_eq!(
            fs::read_to_string(root.join("templates").join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
    for (name, bytes) in theme::STATIC {
        assert_eq!(fs::read(root.join("static").join(name)).unwrap(), *bytes);
    }
    // An edited template is used by the build.
    let base = root.join("templates/base.html");
    let edited = fs::read_to_string(&base)
        .unwrap()
        .replace("</body>", "<p>本站由主题副本渲染</p></body>");
    fs::write(&base, edited).unwrap();
    let public = build_cli(&root, &[]);
    assert_has(&read(&public, "index.html"), "本站由主题副本渲染");
}

#[test]
fn new_writes_front_matter_and_builds() {
    let (_t, root) = fresh_site();
    let out = new(
        &root,
        "英伟达发布 H200：显存带宽再提升",
        &["--category", "芯片", "--tags", "人工智能，GPU, 芯片 ,"],
    );
    assert_success(&out);
    let rel = "content/posts/ying-wei-da-fa-bu-h200-xian-cun-dai-kuan-zai-ti-sheng.md";
    let path = root.join(rel);
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("---\ntitle: 英伟达发布 H200：显存带宽再提升\ndate: "),
        "{text}"
    );
    assert!(
        text.contains("\ncategories: [芯片]\ntags: [人工智能, GPU, 芯片]\n---\n"),
        "{text}"
    );
    assert!(!text.contains("draft"), "{text}");
    let date = text.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    let b = date.as_bytes();
    assert_eq!(date.len(), 19, "{date}");
    assert!(b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':' && b[16] == b':');

    let public = build_cli(&root, &[]);
    let page = read(
        &public,
        "posts/ying-wei-da-fa-bu-h200-xian-cun-dai-kuan-zai-ti-sheng/index.html",
    );
    assert_has(&page, "英伟达发布 H200：显存带宽再提升");
    assert!(exists(&public, "tags/ren-gong-zhi-neng/index.html"));
    assert!(exists(&public, "categories/xin-pian/index.html"));
}

#[test]
fn new_refuses_to_overwrite() {
    let (_t, root) = fresh_site();
    assert_success(&new(&root, "开源大模型周报", &[]));
    let path = root.join("content/posts/kai-yuan-da-mo-xing-zhou-bao.md");
    fs::write(
        &path,
        "---\ntitle: 已改\ndate: 2024-01-01\n---\n编辑过的正文\n",
    )
    .unwrap();
    let out = new(&root, "开源大模型周报", &["--draft"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("kai-yuan-da-mo-xing-zhou-bao.md"), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert!(fs::read_to_string(&path).unwrap().contains("编辑过的正文"));
}

#[test]
fn new_draft_is_hidden_until_drafts() {
    let (_t, root) = fresh_site();
    let out = new(&root, "尚未定稿的评论", &["--draft", "--tags", "评论"]);
    assert_success(&out);
    let text =
        fs::read_to_string(root.join("content/posts/shang-wei-ding-gao-de-ping-lun.md")).unwrap();
    assert!(text.contains("\ndraft: true\n"), "{text}");
    let public = build_cli(&root, &[]);
    assert!(!exists(
        &public,
        "posts/shang-wei-ding-gao-de-ping-lun/index.html"
    ));
    let public = build_cli(&root, &["--drafts"]);
    assert!(exists(
        &public,
        "posts/shang-wei-ding-gao-de-ping-lun/index.html"
    ));
}

#[test]
fn awkward_titles_round_trip() {
    let (_t, root) = fresh_site();
    for (title, file) in [
        ("Rust: \"快\" 的秘密 #1", "rust-kuai-de-mi-mi-1"),
        (
            "'单引号' 与 [方括号], {花括号}",
            "dan-yin-hao-yu-fang-kuo-hao-hua-kuo-hao",
        ),
        ("- 列表开头？", "lie-biao-kai-tou"),
        ("2077", "2077"),
    ] {
        let out = new(&root, title, &[]);
        assert_success(&out);
        let path = root.join(format!("content/posts/{file}.md"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{title}: {e}"));
        let fm = text.split("---\n").nth(1).unwrap();
        let value = kuaixun::yaml::parse(fm).unwrap();
        assert_eq!(value["title"].as_str(), Some(title), "{text}");
    }
    let public = build_cli(&root, &[]);
    assert_has(
        &read(&public, "posts/rust-kuai-de-mi-mi-1/index.html"),
        "Rust: &quot;快&quot; 的秘密 #1",
    );
}

#[test]
fn new_follows_slug_style_and_slug_flag() {
    let (_t, root) = fresh_site();
    let config = root.join("config.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("slug_style: pinyin", "slug_style: unicode");
    fs::write(&config, text).unwrap();
    assert_success(&new(&root, "国产 GPU 的突围", &[]));
    assert!(root.join("content/posts/国产-gpu-的突围.md").is_file());
    assert_success(&new(&root, "？！", &["--slug", "wen-hao"]));
    assert!(root.join("content/posts/wen-hao.md").is_file());
    let out = new(&root, "？！", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--slug"), "{}", stderr(&out));
    let public = build_cli(&root, &[]);
    assert!(exists(&public, "posts/国产-gpu-的突围/index.html"));
}

/// Polyphonic characters take the reading of their word, in the file name `new` writes, the
/// article URL and the tag and category URLs.
#[test]
fn polyphones_read_by_word_in_new_and_term_urls() {
    let (_t, root) = fresh_site();
    let out = new(
        &root,
        "重庆银行发布新App：长期规划与行业调查",
        &["--category", "银行", "--tags", "重构,长文本,音乐,调试"],
    );
    assert_success(&out);
    let name = "chong-qing-yin-hang-fa-bu-xin-app-chang-qi-gui-hua-yu-hang-ye-diao-cha";
    assert!(
        root.join(format!("content/posts/{name}.md")).is_file(),
        "{}",
        stdout(&out)
    );
    let public = build_cli(&root, &[]);
    assert!(exists(&public, &format!("posts/{name}/index.html")));
    for term in [
        "categories/yin-hang",
        "tags/chong-gou",
        "tags/chang-wen-ben",
        "tags/yin-yue",
        "tags/tiao-shi",
    ] {
        assert!(exists(&public, &format!("{term}/index.html")), "{term}");
    }
}

#[test]
fn new_outside_a_site_fails() {
    let t = tmp();
    let out = new(t.path(), "无处安放的稿件", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("kuaixun init"), "{}", stderr(&out));
}
