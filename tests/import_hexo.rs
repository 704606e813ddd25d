//! `kuaixun import hexo`: a fixture Hexo site with Chinese posts, a draft, hierarchical
//! categories, tag plugins and an asset folder is converted, then built.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use kuaixun::config::Config;

const HEXO_CONFIG: &str = "\
title: 极客早报
subtitle: 每天三分钟，看懂科技圈
author: 小明
language: zh-cn
timezone: Asia/Shanghai
url: https://news.example.com
permalink: :year/:month/:day/:title/
per_page: 5
theme: next
";

const COOLING: &str = "\
---
title: 液冷走进数据中心：一笔散热账
date: 2024-01-02 10:00:00
updated: 2024-01-03 09:30:00
tags: [数据中心, 液冷]
categories: [科技, 基础设施]
excerpt: 风冷压不住新一代 GPU 的热量。
editor: 王编辑
---
单机柜功率从十几千瓦涨到上百千瓦，机房的散热方式也得跟着换。

<!-- more -->

## 机房现场

{% asset_img rack.png 机柜照片 %}

{% codeblock 查看温度 lang:bash %}
sensors | grep 温度
{% endcodeblock %}

{% youtube abc123 %}

{% blockquote 运维负责人, 东湖智算中心 %}
风冷像是用电扇给一锅开水降温。
{% endblockquote %}

相关阅读：{% post_link 国产芯片 %}。
";

const CHIPS: &str = "\
title: 国产芯片的 2024
date: 2024/3/5 8:00:00
tags: 芯片
categories:
  - [科技, 芯片]
  - 评论
---
晶圆厂的扩产节奏决定了这一年的故事。

![晶圆](/images/wafer.png)

{% vimeo 123456 %}
";

const DRAFT: &str = "\
---
title: \"AI 手机: 噱头还是刚需？\"
date: 2024-06-01
published: false
---
草稿正文：还在等厂商的回复。
";

/// The fixture Hexo site.
fn hexo_site() -> tempfile::TempDir {
    let t = site(&[
        ("_config.yml", HEXO_CONFIG),
        ("source/_posts/liquid-cooling.md", COOLING),
        ("source/_posts/国产芯片.md", CHIPS),
        ("source/_drafts/ai-phone.md", DRAFT),
        ("source/about/index.md", "---\ntitle: 关于\n---\n关于本站\n"),
    ]);
    write(
        t.path(),
        "source/_posts/liquid-cooling/rack.png",
        b"\x89PNG fake",
    );
    write(t.path(), "source/images/wafer.png", b"\x89PNG wafer");
    t
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn import(hexo: &Path, into: &Path) -> std::process::Output {
    run([
        "import".as_ref(),
        "hexo".as_ref(),
        hexo.as_os_str(),
        "--into".as_ref(),
        into.as_os_str(),
    ])
}

#[test]
fn converts_and_builds() {
    let hexo = hexo_site();
    let out_dir = tempfile::tempdir().unwrap();
    let root = out_dir.path().join("kuaixun-site");
    let out = import(hexo.path(), &root);
    assert_success(&out);
    let err = stderr(&out);
    let text = stdout(&out);
    assert!(
        text.contains("imported 2 posts and 1 drafts (1 asset files, 1 static files)"),
        "{text}"
    );
    assert!(text.contains("theme `next`"), "{text}");
    assert!(text.contains("nested Hexo categories"), "{text}");

    // Warnings name the Hexo file and line.
    let yt = format!(
        "source/_posts/liquid-cooling.md:{}: unsupported Hexo tag {{% youtube %}}",
        line_of(COOLING, "{% youtube")
    );
    assert!(err.contains(&yt), "{yt}\n{err}");
    let vimeo = format!(
        "source/_posts/国产芯片.md:{}: unsupported Hexo tag {{% vimeo %}}",
        line_of(CHIPS, "{% vimeo")
    );
    assert!(err.contains(&vimeo), "{vimeo}\n{err}");
    assert!(
        err.contains("source/about/index.md: Hexo page not imported"),
        "{err}"
    );
    assert!(
        !err.contains("codeblock") && !err.contains("blockquote"),
        "{err}"
    );

    // config.yaml
    let config = Config::load(&root).unwrap();
    assert_eq!(config.title, "极客早报");
    assert_eq!(config.description, "每天三分钟，看懂科技圈");
    assert_eq!(config.author.as_deref(), Some("小明"));
    assert_eq!(config.language, "zh-CN");
    assert_eq!(config.base_url, "https://news.example.com");
    assert_eq!(config.permalink, "/:year/:month/:day/:slug/");
    assert_eq!(config.paginate, 5);

    // The converted posts.
    let cooling = fs::read_to_string(root.join("content/posts/liquid-cooling.md")).unwrap();
    for needle in [
        "---\ntitle: 液冷走进数据中心：一笔散热账\ndate: 2024-01-02 10:00:00\nupdated: 2024-01-03 09:30:00\n",
        "tags: [数据中心, 液冷]\n",
        "categories: [科技]\n",
        "hexo_categories: [科技 > 基础设施]\n",
        "summary: 风冷压不住新一代 GPU 的热量。\n",
        "editor: 王编辑\n",
        "<!-- more -->",
        "![机柜照片](/2024/01/02/liquid-cooling/rack.png)",
        "*查看温度*\n\n```bash\nsensors | grep 温度\n```",
        "> 风冷像是用电扇给一锅开水降温。\n>\n> —— 运维负责人，东湖智算中心",
        "{% youtube abc123 %}",
        "相关阅读：[国产芯片的 2024](/2024/03/05/国产芯片/)。",
    ] {
        assert!(cooling.contains(needle), "{needle:?} in\n{cooling}");
    }
    assert!(!cooling.contains("\nslug:"), "{cooling}");
    let chips = fs::read_to_string(root.join("content/posts/国产芯片.md")).unwrap();
    for needle in [
        "title: 国产芯片的 2024\n",
        "date: 2024-03-05 08:00:00\n",
        "tags: [芯片]\n",
        "categories: [科技, 评论]\n",
        "slug: 国产芯片\n",
    ] {
        assert!(chips.contains(needle), "{needle:?} in\n{chips}");
    }
    let draft = fs::read_to_string(root.join("content/drafts/ai-phone.md")).unwrap();
    assert!(draft.contains("\ndraft: true\n"), "{draft}");
    assert!(!draft.contains("published"), "{draft}");
    let fm = draft.split("---\n").nth(1).unwrap();
    assert_eq!(
        kuaixun::yaml::parse(fm).unwrap()["title"],
        "AI 手机: 噱头还是刚需？"
    );
    assert!(root
        .join("static/2024/01/02/liquid-cooling/rack.png")
        .is_file());
    assert!(root.join("static/images/wafer.png").is_file());
    assert!(!root.join("content/about").exists());
    assert!(fs::read_to_string(root.join(".gitignore"))
        .unwrap()
        .contains("public/"));

    // The result builds and shows the content.
    let public = build_cli(&root, &[]);
    let page = read(&public, "2024/01/02/liquid-cooling/index.html");
    assert_has(&page, "液冷走进数据中心：一笔散热账");
    assert_has(&page, "机房现场");
    assert_has(&page, "sensors");
    assert_has(&page, "<blockquote>");
    assert_has(&page, "—— 运维负责人，东湖智算中心");
    assert_has(&page, "/2024/01/02/liquid-cooling/rack.png");
    assert_has(&page, "%E5%9B%BD%E4%BA%A7%E8%8A%AF%E7%89%87");
    assert_eq!(
        fs::read(public.join("2024/01/02/liquid-cooling/rack.png")).unwrap(),
        b"\x89PNG fake"
    );
    let chips_page = read(&public, "2024/03/05/国产芯片/index.html");
    assert_has(&chips_page, "晶圆厂的扩产节奏");
    assert!(exists(&public, "images/wafer.png"));
    assert!(exists(&public, "categories/ke-ji/index.html"));
    assert!(exists(&public, "categories/ping-lun/index.html"));
    assert!(!exists(&public, "2024/06/01/ai-phone/index.html"));
    let public = build_cli(&root, &["--drafts"]);
    assert_has(
        &read(&public, "2024/06/01/ai-phone/index.html"),
        "还在等厂商的回复",
    );
}

#[test]
fn refuses_to_overwrite_an_existing_site() {
    let hexo = hexo_site();
    let target = site(&[("config.yaml", "title: 已有站点\n")]);
    let out = import(hexo.path(), target.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("config.yaml"), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        fs::read_to_string(target.path().join("config.yaml")).unwrap(),
        "title: 已有站点\n"
    );
    assert!(!target.path().join("content").exists());
}

#[test]
fn not_a_hexo_site() {
    let empty = site(&[("README.md", "不是 Hexo 站点")]);
    let into = tempfile::tempdir().unwrap();
    let out = import(empty.path(), &into.path().join("x"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("source/_posts"), "{}", stderr(&out));
}

#[test]
fn odd_front_matter_is_kept_or_reported() {
    let hexo = site(&[
        (
            "source/_posts/Hello_World.md",
            "---\ntitle: 你好，世界\ndate: 明天\nauthor:\n  name: 小明\n  link: https://example.com\npermalink: /archives/hello.html\n---\n正文\n",
        ),
        (
            "source/_posts/no front matter.md",
            "只有正文，没有前言。\n",
        ),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import(hexo.path(), &root);
    assert_success(&out);
    let err = stderr(&out);
    assert!(
        err.contains("source/_posts/Hello_World.md:3: cannot read date `明天`"),
        "{err}"
    );
    assert!(err.contains("`author` kept as `hexo_author`"), "{err}");
    assert!(
        !err.contains("permalink"),
        "a post's permalink is kept as is: {err}"
    );
    assert!(
        err.contains("no front matter.md:1: no front matter"),
        "{err}"
    );
    let hello = fs::read_to_string(root.join("content/posts/Hello_World.md")).unwrap();
    assert!(hello.contains("url: /archives/hello.html\n"), "{hello}");
    assert!(hello.contains("hexo_author:"), "{hello}");
    let plain = fs::read_to_string(root.join("content/posts/no front matter.md")).unwrap();
    assert!(plain.contains("title: no front matter\n"), "{plain}");
    let public = build_cli(&root, &[]);
    // The post keeps its Hexo URL; the archives page still has its own.
    assert!(exists(&public, "archives/hello.html"));
    assert!(exists(&public, "archives/index.html"));
    assert!(exists(
        &public,
        &format!("{}/no-front-matter/index.html", year_month_day(&plain))
    ));
}

/// `2025/01/02` from a converted post's `date:` line.
fn year_month_day(post: &str) -> String {
    let date = post.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    date[..10].replace('-', "/")
}
