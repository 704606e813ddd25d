//! New sites and new articles: the commented `config.yaml`, the sample sections, articles and
//! page of `kuaixun init`, and the front matter of `kuaixun new`.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::Value;

use super::{shown, write_new};
use crate::config::{Config, CONFIG_FILE};
use crate::content::{slug, CONTENT_DIR};
use crate::error::{Error, Errors};
use crate::output::assets::STATIC_DIR;
use crate::render::theme;
use crate::yaml;

/// The values written into a new `config.yaml`; the other keys get their defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub timezone: String,
    pub paginate: usize,
    pub permalink: String,
    pub author: Option<String>,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "我的快讯".into(),
            description: "用 kuaixun 搭建的中文科技新闻站点".into(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            timezone: "Asia/Shanghai".into(),
            paginate: 10,
            permalink: "/posts/:slug/".into(),
            author: None,
        }
    }
}

/// `key: value` with the value quoted as YAML needs.
fn line(key: &str, value: impl Into<Value>) -> String {
    yaml::front_matter(&[(key.to_string(), value.into())])
}

/// A commented `config.yaml` holding `s` and every other key at its default.
pub fn config_yaml(s: &SiteSettings) -> String {
    let author = match &s.author {
        Some(a) => line("author", a.as_str()),
        None => "# author: 快讯编辑部\n".into(),
    };
    format!(
        "# kuaixun 站点配置。未知的键会报错（写错的键不会被悄悄忽略）。\n\
         \n\
         # 站点标题与简介\n\
         {title}{description}\
         \n\
         # 站点根地址，可以带子路径，例如 https://user.github.io/news/\n\
         {base_url}\
         # 页面语言（<html lang>）\n\
         {language}\
         # 不带时区的日期按这个时区理解，页面上的日期也用它显示（IANA 名称）\n\
         {timezone}\
         # 繁體版：整站再出一份，构建时转换（zh-TW 台湾正体含词汇：软件 → 軟體；zh-HK 香港繁体），\n\
         # 放在 /zh-tw/、/zh-hk/ 下，每页有简/繁切换与 hreflang\n\
         # variants: [zh-TW, zh-HK]\n\
         \n\
         # 列表页每页的文章数\n\
         paginate: {paginate}\n\
         # 文章网址，可用 :year :month :day :slug :category\n\
         {permalink}\
         # 网址别名：pinyin（人工智能 → ren-gong-zhi-neng）或 unicode（网址里保留中文）\n\
         slug_style: pinyin\n\
         \n\
         # 默认作者（文章里的 author: 优先）\n\
         {author}\
         \n\
         # 标签、分类的固定网址别名\n\
         # slugs:\n\
         #   人工智能: ai\n\
         \n\
         # 代码高亮主题（syntect）\n\
         highlight_theme: InspiredGitHub\n\
         \n\
         # 订阅源（atom.xml / rss.xml）的条数；full 输出全文，summary 只输出摘要\n\
         feed_limit: 20\n\
         feed_content: full\n\
         # 站点地图加上百度移动适配声明\n\
         sitemap_baidu_mobile: false\n\
         # 站内全文搜索（/search/）\n\
         search: true\n\
         # 阅读时间按每分钟读多少中文字、多少英文单词估算\n\
         reading_speed:\n  cjk: 300\n  latin: 200\n\
         \n\
         # kuaixun check 的中文排版检查：off 关闭，warn 警告，error 当作错误\n\
         check:\n  copywriting: warn\n  rules:\n\
         \x20   digit_spacing: false        # 中文与数字之间加空格（2018 年）\n\
         \x20   latin_spacing: true         # 中文与英文之间加空格\n\
         \x20   punctuation_spacing: true   # 全角标点两边不加空格\n\
         \x20   punctuation_width: true     # 中文里用全角标点\n\
         \x20   fullwidth_alnum: true       # 字母数字用半角\n\
         \x20   repeated_punctuation: true  # 不连用！！？？\n",
        title = line("title", s.title.as_str()),
        description = line("description", s.description.as_str()),
        base_url = line("base_url", s.base_url.as_str()),
        language = line("language", s.language.as_str()),
        timezone = line("timezone", s.timezone.as_str()),
        paginate = s.paginate,
        permalink = line("permalink", s.permalink.as_str()),
    )
}

pub const GITIGNORE: &str = "# kuaixun build output\npublic/\n# a build's staging folders and lock file beside it (.public.kuaixun-tmp-<pid>, …)\n.*.kuaixun-*\n# the build cache and processed images, kept between builds (src/cache/, src/images/)\n.kuaixun/\n";

/// The header menu of a new site, appended to [`config_yaml`] by `kuaixun init` (not by the
/// Hexo import, whose sites have other sections).
pub const INIT_MENU: &str = "\n\
# 页头菜单，从左到右。section 指向栏目（content/ 下带 _index.md 的文件夹），\n\
# page 指向独立页面（content/pages/ 下的文件，不带 .md），url 可以是任意网址\n\
menu:\n\
\x20 - name: 快讯\n\
\x20   section: kuaixun\n\
\x20 - name: 深度\n\
\x20   section: shendu\n\
\x20 - name: 归档\n\
\x20   url: /archives/\n\
\x20 - name: 关于我们\n\
\x20   page: about\n\
# 页脚菜单，写法同上；不写时页脚显示默认的几个链接\n\
# footer_menu:\n\
#   - name: 关于我们\n\
#     page: about\n";

/// Commented-out examples of the site furniture (备案, analytics, comments), appended by
/// `kuaixun init`.
pub const INIT_FURNITURE: &str = "\n\
# 备案号，显示在页脚：icp 链接到工信部备案系统，police 链接到公安备案查询\n\
# beian:\n\
#   icp: 京ICP备12345678号-1\n\
#   police: 京公网安备11010502000001号\n\
\n\
# 统计：只写各家的 id（不写就不加载）；kuaixun serve 里默认不加载，in_serve: true 打开\n\
# analytics:\n\
#   baidu: 0123456789abcdef0123456789abcdef   # 百度统计 hm.js? 后面的 32 位\n\
#   la51: JgUcbQWkSPuYrBzZ                    # 51.la\n\
#   google: G-XXXXXXXXXX                      # Google Analytics 4\n\
#   plausible:\n\
#     domain: example.com\n\
#   umami:\n\
#     website_id: 94db1cb1-74f4-4a40-ad6c-962362670409\n\
#     src: https://umami.example.com/script.js\n\
\n\
# 评论：读者滚动到文章底部时才加载。provider 可选 waline、twikoo、giscus；\n\
# 文章 front matter 写 comments: false 关闭，独立页面写 comments: true 打开\n\
# comments:\n\
#   provider: waline\n\
#   server_url: https://waline.example.com   # twikoo 写环境 id 或服务地址\n\
#   # script: https://…/waline.js            # 换掉默认的 CDN 脚本\n\
#   # giscus 的写法（数值从 https://giscus.app 复制）：\n\
#   # provider: giscus\n\
#   # giscus:\n\
#   #   repo: owner/repo\n\
#   #   repo_id: R_kgDOxxxxxx\n\
#   #   category: Announcements\n\
#   #   category_id: DIC_kwDOxxxxxx\n";

/// The taxonomies of a new site: tags and categories (always there) and a 专题 series,
/// appended by `kuaixun init`.
pub const INIT_TAXONOMIES: &str = "\n\
# 分类方式：tags（标签）和 categories（分类）总是有，这里加一个“专题”：\n\
# 文章写 series: 专题名，专题页按发布先后排列，文章页显示“本专题第 N 篇，共 M 篇”。\n\
# 作者页（/authors/）来自 data/authors.yaml。\n\
taxonomies:\n\
\x20 - name: series\n\
\x20   label: 专题\n\
\x20   sort: oldest\n";

/// The `config.yaml` that `kuaixun init` writes: [`config_yaml`], [`INIT_MENU`],
/// [`INIT_TAXONOMIES`] and [`INIT_FURNITURE`].
pub fn init_config_yaml(s: &SiteSettings) -> String {
    format!(
        "{}{INIT_MENU}{INIT_TAXONOMIES}{INIT_FURNITURE}",
        config_yaml(s)
    )
}

/// The 快讯 section of a new site.
pub const KUAIXUN_INDEX_PATH: &str = "content/kuaixun/_index.md";
/// The 深度 section of a new site.
pub const SHENDU_INDEX_PATH: &str = "content/shendu/_index.md";
/// The sample article of the 快讯 section.
pub const SAMPLE_PATH: &str = "content/kuaixun/hello-kuaixun.md";
/// The sample article of the 深度 section.
pub const SHENDU_SAMPLE_PATH: &str = "content/shendu/content-model.md";
/// The about page of a new site.
pub const ABOUT_PATH: &str = "content/pages/about.md";

/// An example data file: every template reads it as `data.links` (the theme's footer).
pub const LINKS_PATH: &str = "data/links.yaml";
const LINKS: &str = "# 数据文件：data/ 下的 YAML、JSON、TOML、CSV 文件在模板里是 data.<文件名>。
# 这个文件是 data.links，默认主题把它显示为页脚的“友情链接”；不需要就删掉。
- name: kuaixun 文档
  url: https://example.com/kuaixun/
";

/// The author registry of a new site: articles name an author by id (`author: bianjibu`).
pub const AUTHORS_PATH: &str = crate::config::taxonomies::AUTHORS_DATA_FILE;
const AUTHORS: &str =
    "# 作者：id → 名字、简介、头像、链接。文章写 author: bianjibu（几位作者写 authors: [a, b]）。
# 每位作者有自己的页面 /authors/<id>/ 和订阅源；文章署名链接到作者页。
bianjibu:
  name: 快讯编辑部
  bio: 负责选题、审稿和专题策划。
  # avatar: /images/bianjibu.png
  links:
    - name: 邮箱
      url: mailto:editor@example.com
";

const KUAIXUN_INDEX: &str = r#"---
title: 快讯
description: 短平快的科技消息，一条稿件说清一件事
weight: 1
---

这里是 `content/kuaixun/_index.md` 的正文，显示在栏目文章列表的上方。文件夹里放一个 `_index.md`，它就成了一个栏目；文件夹里的文章都属于这个栏目。
"#;

const SHENDU_INDEX: &str = r#"---
title: 深度
description: 长篇分析与专题报道
weight: 2
sort: date
---
"#;

const ABOUT_PAGE: &str = r#"---
title: 关于我们
---

这是 `content/pages/about.md`，一个独立页面：它不进首页列表、订阅源和归档，网址是 `/about/`。

在这里介绍你的站点：报道哪些领域、编辑部有谁、怎样投稿和联系你们。
"#;

fn sample_article(date: &str) -> String {
    format!(
        r#"---
title: 你好，快讯：第一篇稿件
date: {date}
tags: [kuaixun, 建站]
categories: [站务]
series: 上手 kuaixun
author: bianjibu
---

欢迎使用 kuaixun（快讯）。这篇稿件由 `kuaixun init` 生成，用来演示一篇文章由哪几部分组成；看完就可以删掉它。

<!-- more -->

## 文章的结构

每篇文章都是 `content/` 下的一个 Markdown 文件。开头两行 `---` 之间是 YAML 写的前言（front matter）：

- `title` 和 `date` 必填，没写时区的日期按 `config.yaml` 里的 `timezone` 理解；
- `tags`、`categories` 决定文章出现在哪些标签页和分类页；
- 写上 `draft: true` 的草稿，只在 `kuaixun serve` 预览或 `kuaixun build --drafts` 时出现。

正文里 `<!-- more -->` 之前的部分，会作为首页和列表页上的摘要。

## 中文排版

段落里两个汉字之间的换行
不会变成多余的空格；**加粗**紧挨着中文标点也能正常显示，比如**这样**。

## 代码

```rust
fn main() {{
    println!("你好，快讯！");
}}
```

## 下一步

用 `kuaixun new "新文章的标题"` 新建稿件，再用 `kuaixun serve` 一边写一边预览。栏目和页面怎样组织，见[深度栏目的示例稿件](../shendu/content-model.md)。
"#
    )
}

fn shendu_article(date: &str) -> String {
    format!(
        r#"---
title: 栏目、页面与链接：站点内容怎样组织
date: {date}
tags: [kuaixun]
categories: [站务]
series: 上手 kuaixun
author: bianjibu
---

这篇稿件在 `content/shendu/` 里，所以属于「深度」栏目。它演示 kuaixun 的内容组织方式。

<!-- more -->

## 栏目

`content/` 下带 `_index.md` 的文件夹就是栏目。`_index.md` 的前言写栏目名（`title`）、简介（`description`）和排序（`weight`、`sort`），正文显示在栏目列表上方。栏目可以嵌套，每个栏目都有自己的分页列表和订阅源。

## 独立页面

`content/pages/` 下的文件是独立页面，比如[关于我们](@/pages/about.md)。独立页面没有日期也可以，不进首页列表和订阅源。

## 文章之间的链接

链接直接写目标的 Markdown 文件，构建时换成它的网址：

- 相对于当前文件：[第一篇稿件](../kuaixun/hello-kuaixun.md)；
- 从 `content/` 算起：[同一篇稿件](@/kuaixun/hello-kuaixun.md)。

目标不存在时构建会报错，并指出是哪个文件的哪一行。

## 专题与作者

这篇稿件和[第一篇稿件](../kuaixun/hello-kuaixun.md)的前言里都写了 `series: 上手 kuaixun`，它们组成一个专题：专题页按发布先后列出文章，文章页上方显示“本专题第 N 篇，共 M 篇”和专题内的上一篇、下一篇。专题在 `config.yaml` 的 `taxonomies:` 里配置，也可以照样加别的分类方式。

`author: bianjibu` 指向 `data/authors.yaml` 里登记的作者：署名链接到作者页，作者页有简介和这位作者的全部文章。
"#
    )
}

/// What `kuaixun init` should do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Also copy the embedded theme's templates/ and static/.
    pub with_theme: bool,
    /// Accept a non-empty folder (existing files are still never overwritten).
    pub force: bool,
}

/// What `kuaixun init` did: files written and files left alone because they existed.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
}

/// Names in `dir` that make it "not empty" (hidden entries such as `.git` do not count).
fn visible_entries(dir: &Path) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Create a new site in `opts.dir` (created if missing). Refuses a folder with visible files
/// unless `force`; never overwrites a file, skipped ones are listed in the report.
pub fn init_site(opts: &InitOptions) -> Result<InitReport, Errors> {
    init_site_at(opts, Timestamp::now())
}

/// [`init_site`] with the sample articles dated `now`.
pub fn init_site_at(opts: &InitOptions, now: Timestamp) -> Result<InitReport, Errors> {
    let dir = &opts.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::in_file(dir, "exists and is not a folder").into());
    }
    if dir.is_dir() && !opts.force {
        let names = visible_entries(dir)?;
        if !names.is_empty() {
            let mut listed = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            if names.len() > 5 {
                listed.push_str(", …");
            }
            return Err(Error::in_file(
                dir,
                format!(
                    "the folder is not empty ({listed}); use --force to create the site in it anyway (existing files are kept)"
                ),
            )
            .into());
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;

    let settings = SiteSettings::default();
    let tz = TimeZone::get(&settings.timezone).unwrap_or(TimeZone::UTC);
    let date = format_date(now, &tz);
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (CONFIG_FILE.into(), init_config_yaml(&settings).into_bytes()),
        (".gitignore".into(), GITIGNORE.as_bytes().to_vec()),
        (KUAIXUN_INDEX_PATH.into(), KUAIXUN_INDEX.as_bytes().to_vec()),
        (SAMPLE_PATH.into(), sample_article(&date).into_bytes()),
        (SHENDU_INDEX_PATH.into(), SHENDU_INDEX.as_bytes().to_vec()),
        (
            SHENDU_SAMPLE_PATH.into(),
            shendu_article(&date).into_bytes(),
        ),
        (ABOUT_PATH.into(), ABOUT_PAGE.as_bytes().to_vec()),
        (LINKS_PATH.into(), LINKS.as_bytes().to_vec()),
        (AUTHORS_PATH.into(), AUTHORS.as_bytes().to_vec()),
    ];
    if opts.with_theme {
        for (name, text) in theme::TEMPLATES {
            files.push((Path::new("templates").join(name), text.as_bytes().to_vec()));
        }
        for (name, bytes) in theme::STATIC {
            files.push((Path::new(STATIC_DIR).join(name), bytes.to_vec()));
        }
    }
    let mut report = InitReport::default();
    for (rel, bytes) in files {
        if write_new(&dir.join(&rel), &bytes)? {
            report.created.push(rel);
        } else {
            report.skipped.push(rel);
        }
    }
    Ok(report)
}

/// `2025-11-20 10:30:00` in `tz`, the form front matter uses.
pub fn format_date(now: Timestamp, tz: &TimeZone) -> String {
    now.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Split `a,b`, `a，b` or `a、b` into trimmed, non-empty, distinct names.
pub fn split_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in text.split([',', '，', '、']) {
        let name = name.trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// What `kuaixun new` should write.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    pub root: PathBuf,
    pub title: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// File name (and URL slug) to use instead of the slug of the title.
    pub slug: Option<String>,
}

/// Write `content/posts/<slug>.md` with its front matter filled in; returns its path (root
/// joined). Refuses to overwrite an existing file.
pub fn new_article(opts: &NewOptions) -> Result<PathBuf, Error> {
    new_article_at(opts, Timestamp::now())
}

/// [`new_article`] dated `now`.
pub fn new_article_at(opts: &NewOptions, now: Timestamp) -> Result<PathBuf, Error> {
    let root = &opts.root;
    if !root.join(CONFIG_FILE).is_file() && !root.join(CONTENT_DIR).is_dir() {
        return Err(Error::in_file(
            root,
            "is not a kuaixun site (no config.yaml or content/): run `kuaixun init` first or pass --root",
        ));
    }
    let config = Config::load(root)?;
    let title = opts.title.trim();
    if title.is_empty() {
        return Err(Error::new("the title is empty"));
    }
    let slug = match &opts.slug {
        Some(s) => {
            let s = s.trim();
            slug::check_slug(s).map_err(Error::new)?;
            s.to_string()
        }
        None => slug::make(title, config.slug_style),
    };
    if slug.is_empty() {
        return Err(Error::new(format!(
            "cannot make a file name from the title `{title}`; pass --slug"
        )));
    }
    let mut fm: Vec<(String, Value)> = vec![
        ("title".into(), title.into()),
        ("date".into(), format_date(now, &config.tz()).into()),
    ];
    if let Some(c) = opts.category.as_deref().map(str::trim) {
        if !c.is_empty() {
            fm.push(("categories".into(), Value::Array(vec![c.into()])));
        }
    }
    if !opts.tags.is_empty() {
        let tags = opts.tags.iter().map(|t| Value::from(t.as_str())).collect();
        fm.push(("tags".into(), Value::Array(tags)));
    }
    if opts.draft {
        fm.push(("draft".into(), Value::Bool(true)));
    }
    let text = format!("---\n{}---\n\n", yaml::front_matter(&fm));
    let rel = Path::new(CONTENT_DIR)
        .join("posts")
        .join(format!("{slug}.md"));
    let path = shown(root, &rel);
    if !write_new(&root.join(&rel), text.as_bytes())? {
        return Err(Error::in_file(
            &path,
            "already exists; choose another title or pass --slug (the file was not changed)",
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_loads_with_every_key() {
        let text = config_yaml(&SiteSettings::default());
        let c = Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(c.title, "我的快讯");
        assert_eq!(c.timezone, "Asia/Shanghai");
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.permalink, "/posts/:slug/");
        assert!(c.author.is_none());
    }

    #[test]
    fn config_values_are_quoted() {
        let s = SiteSettings {
            title: "极客: 日报 # 第一期".into(),
            description: "'引号' 与 \"双引号\"".into(),
            author: Some("true".into()),
            paginate: 7,
            permalink: "/:year/:month/:slug/".into(),
            ..SiteSettings::default()
        };
        let c = Config::parse(&config_yaml(&s)).unwrap();
        assert_eq!(c.title, s.title);
        assert_eq!(c.description, s.description);
        assert_eq!(c.author.as_deref(), Some("true"));
        assert_eq!(c.paginate, 7);
        assert_eq!(c.permalink, s.permalink);
    }

    #[test]
    fn names_split_on_both_commas() {
        assert_eq!(
            split_names(" 人工智能，GPU, 芯片、 ,GPU"),
            vec!["人工智能", "GPU", "芯片"]
        );
        assert!(split_names(" ， ").is_empty());
    }

    #[test]
    fn init_furniture_examples_load_when_uncommented() {
        let text = init_config_yaml(&SiteSettings::default());
        assert!(text.contains("# beian:") && text.contains("# comments:"));
        let furniture: String = INIT_FURNITURE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase() || c == ' ') => {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let uncommented = format!(
            "{}{INIT_MENU}{furniture}",
            config_yaml(&SiteSettings::default())
        );
        let c = Config::parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(c.beian.police_code().as_deref(), Some("11010502000001"));
        assert_eq!(c.analytics.google.as_deref(), Some("G-XXXXXXXXXX"));
        assert!(c.analytics.umami.is_some());
        assert_eq!(
            c.comments.map(|c| c.provider),
            Some(crate::config::CommentProvider::Waline)
        );
    }

    #[test]
    fn init_config_has_the_menu() {
        let text = init_config_yaml(&SiteSettings::default());
        assert!(text.starts_with(&config_yaml(&SiteSettings::default())));
        let c = Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(c.title, "我的快讯");
        let value = yaml::parse(&text).unwrap();
        let menu: Vec<(String, String, String)> = value["menu"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let name = e["name"].as_str().unwrap().to_string();
                let (key, target) = e
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(k, _)| *k != "name")
                    .unwrap();
                (name, key.clone(), target.as_str().unwrap().to_string())
            })
            .collect();
        let expected = [
            ("快讯", "section", "kuaixun"),
            ("深度", "section", "shendu"),
            ("归档", "url", "/archives/"),
            ("关于我们", "page", "about"),
        ];
        assert_eq!(
            menu,
            expected
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect::<Vec<_>>()
        );
        assert!(value.get("footer_menu").is_none());
    }

    /// The front matter of a sample file, as YAML.
    fn front_matter(text: &str) -> Value {
        let fm = text
            .strip_prefix("---\n")
            .unwrap()
            .split("\n---\n")
            .next()
            .unwrap();
        yaml::parse(fm).unwrap()
    }

    #[test]
    fn section_indexes_have_title_weight_and_sort() {
        let k = front_matter(KUAIXUN_INDEX);
        assert_eq!(k["title"], "快讯");
        assert_eq!(k["weight"], 1);
        assert!(k["description"].as_str().is_some_and(|d| !d.is_empty()));
        let s = front_matter(SHENDU_INDEX);
        assert_eq!(s["title"], "深度");
        assert_eq!(s["weight"], 2);
        assert_eq!(s["sort"], "date");
        let about = front_matter(ABOUT_PAGE);
        assert_eq!(about["title"], "关于我们");
        assert!(about.get("date").is_none());
    }

    #[test]
    fn sample_articles_parse() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        for (path, text, slug) in [
            (
                SAMPLE_PATH,
                sample_article("2025-11-20 10:30:00"),
                "hello-kuaixun",
            ),
            (
                SHENDU_SAMPLE_PATH,
                shendu_article("2025-11-20 10:30:00"),
                "content-model",
            ),
        ] {
            let doc = crate::content::parse_document(
                Path::new(path),
                text.into_bytes(),
                &tz,
                crate::config::SlugStyle::Pinyin,
            )
            .unwrap();
            assert_eq!(doc.slug, slug);
            assert_eq!(doc.meta.categories, vec!["站务"]);
        }
    }

    #[test]
    fn sample_links_name_files_init_writes() {
        let hello = sample_article("2025-11-20 10:30:00");
        let deep = shendu_article("2025-11-20 10:30:00");
        // Relative links go up from content/<section>/; `@/` links start under content/.
        let up = |p: &str| format!("](../{})", p.strip_prefix("content/").unwrap());
        let at = |p: &str| format!("](@/{})", p.strip_prefix("content/").unwrap());
        assert!(hello.contains(&up(SHENDU_SAMPLE_PATH)), "{hello}");
        assert!(deep.contains(&up(SAMPLE_PATH)), "{deep}");
        assert!(deep.contains(&at(SAMPLE_PATH)), "{deep}");
        assert!(deep.contains(&at(ABOUT_PATH)), "{deep}");
    }

    #[test]
    fn date_in_zone() {
        let ts: Timestamp = "2025-11-20T02:30:05Z".parse().unwrap();
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(format_date(ts, &tz), "2025-11-20 10:30:05");
    }
}
