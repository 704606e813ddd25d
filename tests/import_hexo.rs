//! `kuaixun import hexo`: fixture Hexo sites with Chinese posts, a draft, hierarchical
//! categories, tag plugins, asset folders, pages and a theme menu are converted; the sites
//! without pages and bundles are also built (the others need the issue-12 core, which reads
//! `content/pages/`, bundles, `@/` links and `menu:`).

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

{% bilibili BV1GJ411x7h7 %}

{% note warning %}
液冷管路需要**定期**检查。
{% endnote %}

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

{% fancybox /images/a.png %}

{% fancybox /images/b.png %}
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
fn converts_posts_drafts_and_config() {
    let hexo = hexo_site();
    let out_dir = tempfile::tempdir().unwrap();
    let root = out_dir.path().join("kuaixun-site");
    // Hexo formats URL dates in the computer's zone: here the blog's own.
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    let err = stderr(&out);
    let text = stdout(&out);
    assert!(
        text.contains("imported 2 posts, 1 drafts and 1 pages (1 bundles with 1 files, 1 static files, 1 post links, 0 menu entries)"),
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
        "source/_posts/国产芯片.md:{}: unsupported Hexo tag {{% fancybox %}}",
        line_of(CHIPS, "{% fancybox")
    );
    assert!(err.contains(&vimeo), "{vimeo}\n{err}");
    // each unsupported tag once, with its count
    assert!(
        err.contains(&format!(
            "{vimeo}: used 2 times in the site, left as written"
        )),
        "{err}"
    );
    assert_eq!(err.matches("{% fancybox %}").count(), 1, "{err}");
    assert!(
        err.contains(&format!("{yt}: used once in the site")),
        "{err}"
    );
    assert!(
        !err.contains("bilibili") && !err.contains("{% note"),
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
    // With an asset folder the post is a bundle.
    let cooling = fs::read_to_string(root.join("content/posts/liquid-cooling/index.md")).unwrap();
    for needle in [
        "---\ntitle: 液冷走进数据中心：一笔散热账\ndate: 2024-01-02 10:00:00\nupdated: 2024-01-03 09:30:00\n",
        "tags: [数据中心, 液冷]\n",
        "categories: [科技]\n",
        "hexo_categories: [科技 > 基础设施]\n",
        "summary: 风冷压不住新一代 GPU 的热量。\n",
        "editor: 王编辑\n",
        "<!-- more -->",
        "![机柜照片](rack.png)",
        "*查看温度*\n\n```bash\nsensors | grep 温度\n```",
        "> 风冷像是用电扇给一锅开水降温。\n>\n> —— 运维负责人，东湖智算中心",
        "{% youtube abc123 %}",
        "{{ bilibili(id=\"BV1GJ411x7h7\") }}",
        "{% callout(type=\"warning\") %}\n液冷管路需要**定期**检查。\n{% end %}",
        "相关阅读：[国产芯片的 2024](@/posts/国产芯片.md)。",
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
    assert_eq!(
        fs::read(root.join("content/posts/liquid-cooling/rack.png")).unwrap(),
        b"\x89PNG fake"
    );
    assert!(!root.join("static/2024").exists());
    assert!(root.join("static/images/wafer.png").is_file());
    assert_eq!(
        fs::read_to_string(root.join("content/pages/about/index.md")).unwrap(),
        "---\ntitle: 关于\n---\n关于本站\n"
    );
    assert!(fs::read_to_string(root.join(".gitignore"))
        .unwrap()
        .contains("public/"));

    // The shortcodes build: a click-to-play Bilibili card and a callout.
    let public = build_cli(&root, &[]);
    let page = files(&public)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("liquid-cooling") && p.ends_with("index.html"))
        .map(|p| fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(page.contains("data-kx-embed=\"bilibili\""), "{page}");
    assert!(
        page.contains("<aside class=\"kx-callout kx-callout-warning\""),
        "{page}"
    );
    assert!(page.contains("{% youtube abc123 %}"), "{page}");
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
    // `author: {name, link}`: the name is the author, the link kept beside it.
    assert!(!err.contains("author"), "{err}");
    assert!(
        stdout(&out).contains("1 post(s) had `author` as a mapping"),
        "{}",
        stdout(&out)
    );
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
    assert!(hello.contains("author: 小明\n"), "{hello}");
    assert!(
        hello.contains("hexo_author:\n  link: https://example.com\n"),
        "{hello}"
    );
    let plain = fs::read_to_string(root.join("content/posts/no front matter.md")).unwrap();
    assert!(plain.contains("title: no front matter\n"), "{plain}");
    let public = build_cli(&root, &[]);
    // The post keeps its Hexo URL; the archives page still has its own.
    assert!(exists(&public, "archives/hello.html"));
    assert!(exists(&public, "archives/index.html"));
    assert!(exists(
        &public,
        &format!("{}/no front matter/index.html", year_month_day(&plain))
    ));
}

/// `2025/01/02` from a converted post's `date:` line.
fn year_month_day(post: &str) -> String {
    let date = post.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    date[..10].replace('-', "/")
}

/// `kuaixun import hexo` on a computer in the zone `tz` (Hexo formats URL dates there).
fn import_in_zone(hexo: &Path, into: &Path, tz: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kuaixun"))
        .args(["import".as_ref(), "hexo".as_ref(), hexo.as_os_str()])
        .args(["--into".as_ref(), into.as_os_str()])
        .env("TZ", tz)
        .output()
        .unwrap()
}

/// Every file name under `public/` that is an HTML page, relative, sorted.
fn pages(public: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".html"))
        .collect();
    out.sort();
    out
}

/// The URLs below are the ones Hexo 7.3 gave the same posts in benches/hexo/compare.sh
/// (run with TZ=Etc/UTC).
#[test]
fn posts_keep_their_hexo_urls() {
    // Sub-folders and date-prefixed names under `new_post_name: :year-:month-:day-:title.md`,
    // an overflowing date, a date-only post formatted in the computer's zone.
    let next = site(&[
        (
            "_config.yml",
            "title: 快讯测试博客\nauthor: 小明\ntimezone: Asia/Shanghai\nurl: https://blog.example.com\npermalink: :year/:month/:day/:title/\nnew_post_name: :year-:month-:day-:title.md\npost_asset_folder: true\n",
        ),
        (
            "source/_posts/diarys/a.md",
            "---\ntitle: 日记一则\ndate: 2017-10-11 08:30:00\ntags: [JavaScript, swift]\n---\n正文\n",
        ),
        (
            "source/_posts/2023-09-19-奇怪的日期.md",
            "---\ntitle: 奇怪的日期\ndate: 2023-09-19 21:43:79\ntags: [Javascript, Swift]\n---\n正文\n",
        ),
        (
            "source/_posts/no-date.md",
            "---\ntitle: 另一篇文章\ndate: 2022-01-02\nslug: ignored-slug\n---\nHexo 7 不用前言里的 slug。\n",
        ),
        ("source/_posts/2024-03-05-资产文件夹.md", "---\ntitle: 资产\ndate: 2024-03-05 10:00:00\n---\n![机柜](rack.png)\n"),
    ]);
    write(
        next.path(),
        "source/_posts/2024-03-05-资产文件夹/rack.png",
        b"png",
    );
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("next");
    let out = import_in_zone(next.path(), &root, "Etc/UTC");
    assert_success(&out);
    let err = stderr(&out);
    assert!(
        err.contains("2023-09-19-奇怪的日期.md:3: date `2023-09-19 21:43:79` is not a valid time; read as 2023-09-19 21:44:19"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("dates are read in Asia/Shanghai (timezone in _config.yml"),
        "{}",
        stdout(&out)
    );
    let odd = fs::read_to_string(root.join("content/posts/2023-09-19-奇怪的日期.md")).unwrap();
    assert!(odd.contains("date: 2023-09-19 21:44:19\n"), "{odd}");
    let public = build_cli(&root, &[]);
    let got = pages(&public);
    for url in [
        "2017/10/11/diarys-a/index.html",
        "2023/09/19/奇怪的日期/index.html",
        // 2022-01-02 00:00 in Shanghai is 2022-01-01 in UTC, where "Hexo ran".
        "2022/01/01/no-date/index.html",
        "2024/03/05/资产文件夹/index.html",
    ] {
        assert!(got.contains(&url.to_string()), "{url} not in {got:#?}");
    }
    // The asset folder made the post a bundle; the URL is kept with `url:`, which the
    // current core reads already (the bundle's files need the issue-12 core).
    assert!(root
        .join("content/posts/2024-03-05-资产文件夹/rack.png")
        .is_file());
    // Case variants are one tag each (JavaScript/Javascript, swift/Swift): the site builds.
    assert!(exists(&public, "tags/javascript/index.html"));
    assert!(exists(&public, "tags/swift/index.html"));

    // Sub-folders under the default new_post_name stay in :title.
    let plain = site(&[
        ("_config.yml", "title: 博客\ntimezone: Asia/Shanghai\n"),
        (
            "source/_posts/diarys/a.md",
            "---\ntitle: 日记\ndate: 2017-10-11 12:00:00\n---\n正文\n",
        ),
    ]);
    let root = into.path().join("plain");
    assert_success(&import_in_zone(plain.path(), &root, "Asia/Shanghai"));
    let public = build_cli(&root, &[]);
    assert!(
        exists(&public, "2017/10/11/diarys/a/index.html"),
        "{:#?}",
        pages(&public)
    );

    // :abbrlink, :hash, :post_title, :i_month, :category paths, permalink_defaults, root.
    let abbr = site(&[
        ("_config.yml", "title: 缩写\nurl: https://abbr.example.com\npermalink: posts/:abbrlink.html\n"),
        ("source/_posts/第一篇.md", "---\ntitle: 第一篇文章\ndate: 2020-05-06 07:08:09\nabbrlink: 4744\ntags: [AI]\n---\n正文一。\n"),
        ("source/_posts/second.md", "---\ntitle: Second\ndate: 2021-12-31 23:59:59\nabbrlink: a1b2c3\ntags: [ai, ＡＩ]\n---\n正文二。\n"),
    ]);
    let root = into.path().join("abbr");
    assert_success(&import_in_zone(abbr.path(), &root, "Etc/UTC"));
    let public = build_cli(&root, &[]);
    assert!(exists(&public, "posts/4744.html"), "{:#?}", pages(&public));
    assert!(exists(&public, "posts/a1b2c3.html"));
    let fluid = site(&[
        (
            "_config.yml",
            "title: Fluid\nurl: https://fluid.example.com\nroot: /blog/\ntimezone: America/New_York\npermalink: :lang/:category/:year/:i_month/:i_day/:post_title-:hash.html\npermalink_defaults:\n  lang: zh\n",
        ),
        ("source/_posts/技术/rust-入门.md", "---\ntitle: Rust 入门：所有权\ndate: 2024-01-02 03:04:05\ncategories: [编程, Rust]\n---\n所有权。\n"),
        ("source/_posts/lang.md", "---\ntitle: 默认语言\ndate: 2024-07-08 09:10:11\n---\n没有分类。\n"),
        ("source/_posts/misc.md", "---\ntitle: 时间\ndate: 2018-06-07 22:33:44\npermalink: custom/name-style.html\n---\n自定义。\n"),
    ]);
    let root = into.path().join("fluid");
    assert_success(&import_in_zone(fluid.path(), &root, "Etc/UTC"));
    assert_eq!(
        Config::load(&root).unwrap().base_url,
        "https://fluid.example.com/blog"
    );
    let public = build_cli(&root, &[]);
    let got = pages(&public);
    for url in [
        "zh/编程/Rust/2024/1/2/rust-入门：所有权-b479940290e1.html",
        "zh/uncategorized/2024/7/8/默认语言-a4bbba79f095.html",
        "custom/name-style.html",
    ] {
        assert!(got.contains(&url.to_string()), "{url} not in {got:#?}");
    }
}

#[test]
fn time_tokens_and_the_computers_zone() {
    // No `timezone`: Hexo reads and formats dates in the computer's zone, so the URL has the
    // time as written, and the import says which zone it used.
    let hexo = site(&[
        (
            "_config.yml",
            "title: 杂项\npermalink: archives/:year:month:day-:hour:minute:second-:name/\n",
        ),
        (
            "source/_posts/笔记/学习笔记.md",
            "---\ntitle: 学习笔记\ndate: 2018-06-07 22:33:44\ntags: [Go, go]\n---\nGo 语言笔记。\n",
        ),
        (
            "source/_posts/no-link.md",
            "---\ntitle: 无\ndate: 2018-06-08 12:00:00\n---\n正文\n",
        ),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    assert!(
        stdout(&out).contains("no timezone; dates are read in Asia/Shanghai, this computer's zone"),
        "{}",
        stdout(&out)
    );
    assert_eq!(Config::load(&root).unwrap().timezone, "Asia/Shanghai");
    let public = build_cli(&root, &[]);
    assert!(
        exists(&public, "archives/20180607-223344-学习笔记/index.html"),
        "{:#?}",
        pages(&public)
    );
    assert!(exists(
        &public,
        "archives/20180608-120000-no-link/index.html"
    ));
}

#[test]
fn json_ld_author_is_the_article_or_site_author() {
    let hexo = site(&[
        (
            "_config.yml",
            "title: 极客早报\nauthor: 小明\ntimezone: Asia/Shanghai\n",
        ),
        (
            "source/_posts/a.md",
            "---\ntitle: 甲\ndate: 2024-01-02 12:00:00\n---\n正文\n",
        ),
        (
            "source/_posts/b.md",
            "---\ntitle: 乙\ndate: 2024-01-03 12:00:00\nauthor: 王编辑\n---\n正文\n",
        ),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    assert_success(&import(hexo.path(), &root));
    let public = build_cli(&root, &[]);
    let a = read(&public, "2024/01/02/a/index.html");
    assert_has(&a, r#""author":[{"@type":"Person","name":"小明"}]"#);
    let b = read(&public, "2024/01/03/b/index.html");
    assert_has(&b, r#""author":[{"@type":"Person","name":"王编辑"}]"#);
    // Without any author, the publisher is credited, not a person named like the site.
    fs::write(
        root.join("config.yaml"),
        fs::read_to_string(root.join("config.yaml"))
            .unwrap()
            .replace("author: 小明", ""),
    )
    .unwrap();
    fs::remove_file(root.join("content/posts/b.md")).unwrap();
    let public = build_cli(&root, &[]);
    let a = read(&public, "2024/01/02/a/index.html");
    assert_has(
        &a,
        r#""author":[{"@type":"Organization","name":"极客早报"}]"#,
    );
}

#[test]
fn tag_plugins_in_lists_sizes_and_indented_fences() {
    let post = "\
---
title: 列表与代码
date: 2024-03-05 12:00:00
---
- 第一项
- 第二项，附代码：

  {% codeblock lang:js %}
  console.log(\"你好\");
  {% endcodeblock %}

- 第三项

1. 列表中的图片：

   {% img /images/chip.png 600 %}

2. 单行代码块：{% codeblock %}echo 1{% endcodeblock %} 之后的文字

- 列表项

  ```js
  const a = 1;
```
## 后面的标题

正文。
";
    let hexo = site(&[
        ("_config.yml", "title: 博客\ntimezone: Asia/Shanghai\n"),
        ("source/_posts/list.md", post),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    assert!(!stderr(&out).contains("codeblock"), "{}", stderr(&out));
    let public = build_cli(&root, &[]);
    let page = read(&public, "2024/03/05/list/index.html");
    // The code stays in the second item and the list goes on with the third.
    let body = &page[page.find(r#"<div class="post-content">"#).unwrap()..];
    let list = &body[body.find("第一项").unwrap()..body.find("第三项").unwrap()];
    assert!(list.contains("<pre"), "{list}");
    assert!(!list.contains("</ul>"), "{list}");
    assert_has(&page, r#"<img src="/images/chip.png" width="600">"#);
    assert_has(&page, "<code>echo 1</code> 之后的文字");
    assert!(!page.contains("{%"), "{page}");
    // The fence closed at column 0 does not swallow the heading.
    assert_has(&page, r#"<h2 id="后面的标题">"#);
}

#[test]
fn unknown_tokens_are_reported() {
    // :id is Hexo's internal database id unless the post has `id:`; a plugin field the
    // post lacks is `undefined` in Hexo's URL too.
    let hexo = site(&[
        (
            "_config.yml",
            "title: 博客\ntimezone: Asia/Shanghai\npermalink: p/:id/\n",
        ),
        (
            "source/_posts/a.md",
            "---\ntitle: 甲\ndate: 2024-01-02 12:00:00\nid: 42\n---\n正文\n",
        ),
        (
            "source/_posts/b.md",
            "---\ntitle: 乙\ndate: 2024-01-03 12:00:00\n---\n正文\n",
        ),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    let err = stderr(&out);
    assert!(
        err.contains("source/_posts/b.md: the permalink uses :id"),
        "{err}"
    );
    let public = build_cli(&root, &[]);
    assert!(exists(&public, "p/42/index.html"), "{:#?}", pages(&public));
    assert!(
        exists(&public, "2024/01/03/b/index.html"),
        "{:#?}",
        pages(&public)
    );

    let hexo = site(&[
        (
            "_config.yml",
            "title: 博客\ntimezone: Asia/Shanghai\npermalink: posts/:abbrlink/\n",
        ),
        (
            "source/_posts/c.md",
            "---\ntitle: 丙\ndate: 2024-01-04 12:00:00\n---\n正文\n",
        ),
    ]);
    let root = into.path().join("site2");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    assert!(
        stderr(&out).contains("the permalink uses :abbrlink but the post has no such field"),
        "{}",
        stderr(&out)
    );
    let public = build_cli(&root, &[]);
    assert!(exists(&public, "posts/undefined/index.html"));
}

/// A NexT blog with pages, asset folders, links between posts and a theme menu (issue 12
/// §5). The URLs are the ones Hexo 7.3 gave the same layout in benches/hexo/compare.sh
/// (fixture pages-blog). The core that reads pages, bundles and `@/` links is not there yet,
/// so the files are checked, not a build.
#[test]
fn pages_bundles_links_and_menu() {
    let hexo = site(&[
        (
            "_config.yml",
            "title: 边缘计算周刊\nlanguage: zh-CN\ntimezone: Asia/Shanghai\nurl: https://edge.example.com\npermalink: :year/:month/:day/:title/\npost_asset_folder: true\ntheme: next\nskip_render: README.md\n",
        ),
        (
            "_config.next.yml",
            "menu:\n  home: / || fa fa-home\n  about: /about/ || fa fa-user\n  友情链接: /links.html || fa fa-link\n  archives: /archives/ || fa fa-archive\n  GitHub: https://github.com/example || fab fa-github\n",
        ),
        (
            "source/_posts/基站下沉.md",
            "---\ntitle: 算力下沉到基站旁\ndate: 2024-05-06 08:00:00\ntags: [边缘计算]\n---\n运营商把小型服务器柜装进了基站机房。\n\n{% asset_img 机柜 right img/柜体.jpg 480 320 \"基站机柜\" \"机柜内部\" %}\n\n{% asset_img 封面.png 改造前后 %}\n\n测试数据：{% asset_link data/延迟.csv 延迟测量 %}。\n\n背景见 {% post_link 网络/五个数字 %}，也可以读 {% post_link 网络/五个数字 这篇短评 %}。\n\n{% post_link 还没写的文章 %}\n",
        ),
        (
            "source/_posts/网络/五个数字.md",
            "---\ntitle: 五个数字看边缘网络\ndate: 2024-04-01 12:00:00\n---\n时延、带宽、功耗、成本和覆盖。\n\n下一篇：{% post_link 基站下沉 %}\n",
        ),
        (
            "source/about/index.md",
            "---\ntitle: 关于周刊\nlayout: page\ncomments: false\n---\n每周一期，讲边缘计算的落地。\n\n![编辑部](合影.jpg)\n",
        ),
        (
            "source/links.md",
            "---\ntitle: 友情链接\ndate: 2024-01-01\n---\n- [开源边缘平台](https://example.com/edge)\n",
        ),
        ("source/README.md", "# 源码说明\n"),
        ("source/tags/index.md", "---\ntitle: 标签\ntype: tags\n---\n"),
    ]);
    write(hexo.path(), "source/_posts/基站下沉/img/柜体.jpg", b"jpg");
    write(hexo.path(), "source/_posts/基站下沉/封面.png", b"png");
    write(
        hexo.path(),
        "source/_posts/基站下沉/data/延迟.csv",
        b"ms\n12\n",
    );
    write(hexo.path(), "source/about/合影.jpg", b"photo");
    write(hexo.path(), "source/images/logo.png", b"logo");
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    let text = stdout(&out);
    let err = stderr(&out);
    assert!(
        text.contains("imported 2 posts, 0 drafts and 2 pages (2 bundles with 4 files, 2 static files, 3 post links, 5 menu entries)"),
        "{text}"
    );
    assert!(
        text.contains("menu: 5 entries from _config.next.yml"),
        "{text}"
    );
    let unknown = format!(
        "source/_posts/基站下沉.md:{}: Hexo tag {{% post_link %}} names no post: `还没写的文章`",
        line_of(
            &fs::read_to_string(hexo.path().join("source/_posts/基站下沉.md")).unwrap(),
            "还没写的文章"
        )
    );
    assert!(err.contains(&unknown), "{unknown}\n{err}");
    assert!(
        err.contains("source/tags/index.md:3: not imported: the theme's `type: tags` page"),
        "{err}"
    );

    let read_site = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
    // The post with an asset folder is a bundle; its assets are relative to it.
    assert_eq!(
        read_site("content/posts/基站下沉/index.md"),
        "---\ntitle: 算力下沉到基站旁\ndate: 2024-05-06 08:00:00\ntags: [边缘计算]\nslug: 基站下沉\n---\n运营商把小型服务器柜装进了基站机房。\n\n<img src=\"img/柜体.jpg\" alt=\"基站机柜 机柜内部\" width=\"480\" height=\"320\">\n\n![改造前后](封面.png)\n\n测试数据：[延迟测量](data/延迟.csv)。\n\n背景见 [五个数字看边缘网络](@/posts/网络/五个数字.md)，也可以读 [这篇短评](@/posts/网络/五个数字.md)。\n\n{% post_link 还没写的文章 %}\n"
    );
    for (file, bytes) in [
        ("img/柜体.jpg", &b"jpg"[..]),
        ("封面.png", b"png"),
        ("data/延迟.csv", b"ms\n12\n"),
    ] {
        assert_eq!(
            fs::read(root.join("content/posts/基站下沉").join(file)).unwrap(),
            bytes
        );
    }
    // A post in a sub-folder keeps its Hexo URL; its link goes to the bundle's index.md.
    assert_eq!(
        read_site("content/posts/网络/五个数字.md"),
        "---\ntitle: 五个数字看边缘网络\ndate: 2024-04-01 12:00:00\nslug: 五个数字\nurl: /2024/04/01/网络/五个数字/\n---\n时延、带宽、功耗、成本和覆盖。\n\n下一篇：[算力下沉到基站旁](@/posts/基站下沉/index.md)\n"
    );
    // Pages: `about/index.md` is a bundle at /about/ (Hexo's about/index.html); links.md
    // keeps Hexo's /links.html.
    assert_eq!(
        read_site("content/pages/about/index.md"),
        "---\ntitle: 关于周刊\ncomments: false\n---\n每周一期，讲边缘计算的落地。\n\n![编辑部](合影.jpg)\n"
    );
    assert_eq!(
        fs::read(root.join("content/pages/about/合影.jpg")).unwrap(),
        b"photo"
    );
    assert_eq!(
        read_site("content/pages/links.md"),
        "---\ntitle: 友情链接\ndate: 2024-01-01 00:00:00\nurl: /links.html\n---\n- [开源边缘平台](https://example.com/edge)\n"
    );
    assert!(!root.join("content/pages/tags").exists());
    // Other files, and skip_render's, are copied as they are.
    assert_eq!(read_site("static/README.md"), "# 源码说明\n");
    assert!(root.join("static/images/logo.png").is_file());
    assert!(!root.join("static/about").exists());
    assert!(!root.join("static/2024").exists());
    // The NexT menu: icons dropped, NexT's keys in Chinese, pages by their path.
    let config = read_site("config.yaml");
    assert!(
        config.ends_with("\n# 导航菜单（由 Hexo 主题的 menu 转换）\nmenu:\n  - name: 首页\n    url: /\n  - name: 关于\n    page: about\n  - name: 友情链接\n    page: links\n  - name: 归档\n    url: /archives/\n  - name: GitHub\n    url: https://github.com/example\n"),
        "{config}"
    );
}

/// Pages Hexo renders without a title or front matter, a folder page with other pages in
/// it, a page `permalink`, fields Hexo ignores on pages, and Markdown in an asset folder
/// (Hexo renders it as a post of its own).
#[test]
fn page_edge_cases() {
    let hexo = site(&[
        (
            "_config.yml",
            "title: 博客\ntimezone: Asia/Shanghai\npost_asset_folder: true\n",
        ),
        (
            "source/_posts/a.md",
            "---\ntitle: 甲\ndate: 2024-01-02 12:00:00\n---\n正文\n",
        ),
        ("source/_posts/a/附录.md", "附录正文\n"),
        ("source/说明.md", "没有前言的页面。\n"),
        (
            "source/docs/index.md",
            "---\nlayout: false\nslug: ignored\n---\n目录\n",
        ),
        (
            "source/docs/install.md",
            "---\ntitle: 安装\npermalink: /setup/\n---\n步骤\n",
        ),
        ("source/docs/logo.png", "png"),
        ("source/index.md", "---\ntitle: 首页\n---\n"),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    let err = stderr(&out);
    for needle in [
        "source/说明.md:1: no front matter (Hexo renders it as an untitled page all the same); kuaixun pages need a title: used `说明`",
        "source/docs/index.md:1: no title; kuaixun pages need a title: used `docs`",
        "source/docs/index.md: written as content/pages/docs.md",
        "source/docs/index.md:2: layout `false` kept as hexo_layout",
        "source/index.md: not imported: a page at / would replace kuaixun's home page",
        "source/_posts/a/附录.md: not imported: Markdown in an asset folder, which Hexo renders as a post of its own",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    let read_site = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
    assert_eq!(
        read_site("content/pages/说明.md"),
        "---\ntitle: 说明\nurl: /说明.html\n---\n没有前言的页面。\n"
    );
    assert_eq!(
        read_site("content/pages/docs.md"),
        "---\ntitle: docs\nhexo_layout: false\nhexo_slug: ignored\n---\n目录\n"
    );
    assert_eq!(
        read_site("content/pages/docs/install.md"),
        "---\ntitle: 安装\nurl: /setup/\n---\n步骤\n"
    );
    // Not a bundle: the file stays where Hexo copied it.
    assert!(root.join("static/docs/logo.png").is_file());
    assert!(!root.join("content/posts/a/附录.md").exists());
    assert!(!root.join("static/2024").exists());
    assert!(!root.join("content/pages/index.md").exists());
}

/// A blog's own `source/robots.txt` goes to `static/`, is kept in the output with the sitemap
/// line added, and the imported site passes its own `check` (issue 15, item 7).
#[test]
fn own_robots_txt_survives_the_import() {
    let hexo = site(&[
        (
            "_config.yml",
            "title: 测试博客\nurl: https://blog.example.com\npermalink: :year/:month/:day/:title/\n",
        ),
        (
            "source/_posts/第一篇.md",
            "---\ntitle: 第一篇\ndate: 2024-01-02 10:00:00\n---\n正文。\n",
        ),
        ("source/robots.txt", "User-agent: *\nDisallow: /tmp/\n"),
    ]);
    let into = tempfile::tempdir().unwrap();
    let dest = into.path().join("kx");
    assert_success(&import(hexo.path(), &dest));
    let out = build_cli(&dest, &[]);
    assert_eq!(
        read(&out, "robots.txt"),
        "User-agent: *\nDisallow: /tmp/\n\nSitemap: https://blog.example.com/sitemap.xml\n"
    );
    let c = run(["check", "--root", dest.to_str().unwrap()]);
    assert!(c.status.success(), "{}", stdout(&c));
}

#[test]
fn sticky_and_top_pin_and_category_urls_stay() {
    let hexo = site(&[
        (
            "_config.yml",
            "title: 置顶\ntimezone: Asia/Shanghai\npermalink: :category/:title/\n",
        ),
        (
            "source/_posts/old.md",
            "---\ntitle: 旧闻置顶\ndate: 2024-01-01 08:00:00\ncategories: [科技, 芯片]\nsticky: 5\n---\n旧。\n",
        ),
        (
            "source/_posts/top.md",
            "---\ntitle: 次置顶\ndate: 2024-01-02 08:00:00\ncategories: 评论\ntop: true\n---\n次。\n",
        ),
        (
            "source/_posts/new.md",
            "---\ntitle: 最新\ndate: 2024-01-03 08:00:00\ncategories: 评论\n---\n新。\n",
        ),
        (
            "source/_posts/bad.md",
            "---\ntitle: 坏置顶\ndate: 2023-12-01 08:00:00\nsticky: abc\n---\n坏。\n",
        ),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    assert!(
        stdout(&out).contains("2 post(s) pinned with Hexo's `sticky`/`top`"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("source/_posts/bad.md:4: `sticky` kept as `hexo_sticky`"),
        "{err}"
    );
    let old = fs::read_to_string(root.join("content/posts/old.md")).unwrap();
    assert!(old.contains("sticky: 5\n"), "{old}");
    // `:category` is the whole hierarchy in Hexo's URL, which is kept though only the top
    // level becomes the category.
    assert!(
        old.contains("categories:\n- 科技\n") || old.contains("categories: [科技]"),
        "{old}"
    );
    assert!(old.contains("url: /科技/芯片/old/\n"), "{old}");
    let top = fs::read_to_string(root.join("content/posts/top.md")).unwrap();
    assert!(top.contains("top: true\n"), "{top}");
    let bad = fs::read_to_string(root.join("content/posts/bad.md")).unwrap();
    assert!(bad.contains("hexo_sticky: abc\n"), "{bad}");

    let public = build_cli(&root, &[]);
    assert!(exists(&public, "科技/芯片/old/index.html"));
    assert!(exists(&public, "评论/top/index.html"));
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    let at = |t: &str| {
        home.find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t}"))
    };
    assert!(
        at("旧闻置顶") < at("次置顶") && at("次置顶") < at("最新") && at("最新") < at("坏置顶")
    );
    assert_eq!(home.matches("badge-pinned").count(), 2);
}

#[test]
fn theme_tags_become_markdown_and_leave_no_raw_syntax() {
    // NexT / Butterfly theme tags, as a themed blog's posts use them.
    let post = "---\ntitle: 主题标签大全\ndate: 2024-05-01 10:00:00\ntags: [博客]\n---\n\
版本 {% label primary@v2.0 %} 已发布，{% button https://example.com/dl, 下载客户端, download %}\n\n\
{% tabs 安装方式 %}\n<!-- tab npm -->\n```bash\nnpm i kuaixun\n```\n<!-- endtab -->\n<!-- tab 源码 @code -->\n从 {% label 仓库 green %} 编译。\n<!-- endtab -->\n{% endtabs %}\n\n\
{% centerquote %}好的工具让人忘记它的存在。{% endcenterquote %}\n\n\
{% note info %}\n记得备份。\n{% endnote %}\n\n\
{% grouppicture 2-1 %}\n![机房](/images/room.png)\n![机柜](/images/rack.png)\n{% endgrouppicture %}\n\n\
{% gist octocat/abc123 hello.rs %}\n\n\
按 {% kbd Ctrl %} 保存；{% link 官方文档 https://hexo.io/docs/ %}；{% vimeo 123456 %}\n\n\
{% hideToggle 查看答案 %}\n答案是 **42**。\n{% endhideToggle %}\n\n\
{% pullquote %}\n引用一句。\n{% endpullquote %}\n\n\
{% mermaid %}\ngraph LR\n  A --> B\n{% endmermaid %}\n";
    let hexo = site(&[
        ("_config.yml", "title: 主题站\ntimezone: Asia/Shanghai\n"),
        ("source/_posts/theme.md", post),
    ]);
    let into = tempfile::tempdir().unwrap();
    let root = into.path().join("site");
    let out = import_in_zone(hexo.path(), &root, "Asia/Shanghai");
    assert_success(&out);
    let err = stderr(&out);
    assert!(!err.contains("unsupported Hexo tag"), "{err}");
    let public = build_cli(&root, &[]);
    let page = html_files(&public)
        .into_iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .find(|h| h.contains("<h1 class=\"post-title\">主题标签大全</h1>"))
        .expect("the post's page");
    let body = main_of(&page);
    assert!(!body.contains("{%") && !body.contains("%}"), "{body}");
    for want in [
        "<strong>v2.0</strong>",
        "<a href=\"https://example.com/dl\">下载客户端</a>",
        "<strong>npm</strong>",
        "data-lang=\"bash\"",
        "<strong>源码</strong>",
        "<strong>仓库</strong>",
        "<blockquote>\n<p>好的工具让人忘记它的存在。</p>",
        "记得备份。",
        "alt=\"机房\"",
        "alt=\"机柜\"",
        "href=\"https://gist.github.com/octocat/abc123#file-hello-rs\"",
        "<kbd>Ctrl</kbd>",
        "<a href=\"https://hexo.io/docs/\">官方文档</a>",
        "href=\"https://vimeo.com/123456\"",
        "<strong>查看答案</strong>",
        "答案是 <strong>42</strong>",
        "<blockquote>\n<p>引用一句。</p>",
        "<pre class=\"mermaid\" data-kx-embed=\"mermaid\"",
    ] {
        assert!(body.contains(want), "{want}: {body}");
    }
}
