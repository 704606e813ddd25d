//! What a successful build writes: pagination, tag and category pages, highlighting, drafts,
//! sub-path deploys, Markdown features and theme overrides, checked on fixture sites.

mod common;

use std::fs;

use common::*;

// ---------------------------------------------------------------------------------------
// 1. Index pagination
// ---------------------------------------------------------------------------------------

/// Title of the i-th weekly article (1 = oldest).
fn weekly_title(i: usize) -> String {
    format!("科技周报第{i:02}期：RISC-V 与“国产算力”的新进展")
}

/// Twelve articles dated 1..=12 November; file names are a permutation of the dates so that
/// file order and date order differ.
fn twelve_articles(paginate: usize) -> tempfile::TempDir {
    let config =
        format!("title: 快讯测试站\nbase_url: https://news.example.com/\npaginate: {paginate}\n");
    let dir = site(&[("config.yaml", config.as_str())]);
    for i in 1..=12 {
        let file = format!("content/posts/w{:02}.md", (i * 7) % 12);
        let front = format!(
            "title: {}\ndate: 2025-11-{i:02} 09:{i:02}\ntags: [芯片, 开源]\ncategories: [周报]",
            weekly_title(i)
        );
        let body = format!("本期第 {i} 条：开源芯片生态继续扩张，国产 GPU 出货量上升。\n");
        write(dir.path(), &file, md(&front, &body));
    }
    dir
}

#[test]
fn index_is_paginated_newest_first() {
    let dir = twelve_articles(5);
    let out = build_lib(dir.path(), |_| {});

    assert!(exists(&out, "index.html"));
    assert!(exists(&out, "page/2/index.html"));
    assert!(exists(&out, "page/3/index.html"));
    assert!(
        !exists(&out, "page/4"),
        "12 articles at 5 per page make 3 pages"
    );
    assert!(
        !exists(&out, "page/1"),
        "page 1 is the home page itself, not /page/1/"
    );

    let pages = [
        read(&out, "index.html"),
        read(&out, "page/2/index.html"),
        read(&out, "page/3/index.html"),
    ];
    let expect: [Vec<String>; 3] = [
        (8..=12).rev().map(weekly_title).collect(),
        (3..=7).rev().map(weekly_title).collect(),
        (1..=2).rev().map(weekly_title).collect(),
    ];
    for (n, (html, want)) in pages.iter().zip(&expect).enumerate() {
        assert_eq!(&list_titles(html), want, "titles on page {}", n + 1);
        let dates = list_dates(html);
        assert_eq!(
            dates.len(),
            want.len(),
            "one date per item on page {}",
            n + 1
        );
        assert!(
            dates.windows(2).all(|w| w[0] > w[1]),
            "dates newest first on page {}: {dates:?}",
            n + 1
        );
        assert_has(html, "共 12 篇文章");
    }
    assert_eq!(list_dates(&pages[0])[0], "2025-11-12T09:12:00+08:00");
    assert_eq!(list_dates(&pages[2])[1], "2025-11-01T09:01:00+08:00");
    // The last article on one page is newer than the first on the next.
    assert!(list_dates(&pages[0])[4] > list_dates(&pages[1])[0]);
    assert!(list_dates(&pages[1])[4] > list_dates(&pages[2])[0]);

    // Item links go to the articles.
    let (href, _) = &list_items(&pages[0])[0];
    let target = resolve(&out, "/", href).unwrap();
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains(&weekly_title(12)),
        "{href} → {}",
        target.display()
    );

    // Page 1: next only. Page 2: both. Page 3: prev only.
    let next = |html: &str| href_in_tag_with(html, "rel=\"next\" href=");
    let prev = |html: &str| href_in_tag_with(html, "rel=\"prev\" href=");
    assert_eq!(next(&pages[0]).as_deref(), Some("/page/2/"));
    assert_eq!(prev(&pages[0]), None);
    assert_has(&pages[0], "<span class=\"page-prev is-disabled\"");
    assert_eq!(prev(&pages[1]).as_deref(), Some("/"));
    assert_eq!(next(&pages[1]).as_deref(), Some("/page/3/"));
    assert_eq!(prev(&pages[2]).as_deref(), Some("/page/2/"));
    assert_eq!(next(&pages[2]), None);
    assert_has(&pages[2], "<span class=\"page-next is-disabled\"");
    for html in &pages {
        for link in [next(html), prev(html)].into_iter().flatten() {
            let file = resolve(&out, "/", &link).unwrap();
            assert!(
                file.is_file(),
                "pagination link {link} → {}",
                file.display()
            );
        }
        // Numbered page links too.
        let nav = &html[html
            .find("<nav class=\"pagination\"")
            .expect("pagination nav")..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        for link in attr_values(nav, "href") {
            let file = resolve(&out, "/", &link).unwrap();
            assert!(file.is_file(), "page link {link} → {}", file.display());
        }
    }
    assert_has(&pages[1], "第 2 / 3 页，共 12 篇");
    assert_has(&pages[1], "<title>第 2 页 - 快讯测试站</title>");
}

#[test]
fn exact_multiple_of_page_size_has_no_empty_last_page() {
    let dir = twelve_articles(6);
    let out = build_lib(dir.path(), |_| {});
    assert!(exists(&out, "page/2/index.html"));
    assert!(!exists(&out, "page/3"));
    let last = read(&out, "page/2/index.html");
    assert_eq!(list_titles(&last).len(), 6);
    assert_eq!(href_in_tag_with(&last, "rel=\"next\" href="), None);
    // One page only: no pagination at all.
    let dir = twelve_articles(12);
    let out = build_lib(dir.path(), |_| {});
    assert!(!exists(&out, "page"));
    let home = read(&out, "index.html");
    assert_eq!(list_titles(&home).len(), 12);
    assert_lacks(&home, "class=\"pagination\"");
}

// ---------------------------------------------------------------------------------------
// 2. Tags and categories with Chinese names
// ---------------------------------------------------------------------------------------

const T_H200: &str = "英伟达发布 H200：显存带宽再提升";
const T_RISCV: &str = "RISC-V 开源芯片量产在即";
const T_LLAMA: &str = "开源大模型许可证之争";
const T_COST: &str = "大模型 API 降价：推理成本一年降了多少？";

fn taxonomy_site(config_extra: &str) -> tempfile::TempDir {
    let config = format!("title: 快讯测试站\npaginate: 10\n{config_extra}");
    site(&[
        ("config.yaml", config.as_str()),
        (
            "content/posts/h200.md",
            &md(
                &format!("title: {T_H200}\ndate: 2025-11-20 10:30\ntags: [人工智能, 芯片]\ncategories: [芯片]"),
                "显存带宽提升了 40%。\n",
            ),
        ),
        (
            "content/posts/riscv.md",
            &md(
                &format!("title: {T_RISCV}\ndate: 2025-11-18\ntags: [芯片, 开源]\ncategories: [芯片]"),
                "开源指令集继续扩张。\n",
            ),
        ),
        (
            "content/posts/llama.md",
            &md(
                &format!("title: {T_LLAMA}\ndate: 2025-11-15 08:00\ntags: [人工智能, 开源]\ncategories: [科技资讯]"),
                "许可证条款引发讨论。\n",
            ),
        ),
        (
            "content/posts/cost.md",
            &md(
                &format!("title: {T_COST}\ndate: 2025-11-05 11:00\ntags: [人工智能]\ncategories: [科技资讯]"),
                "推理成本快速下降。\n",
            ),
        ),
    ])
}

#[test]
fn tag_and_category_pages_use_pinyin_slugs() {
    let dir = taxonomy_site("");
    let out = build_lib(dir.path(), |_| {});

    let tags = read(&out, "tags/index.html");
    assert_eq!(
        term_entries(&tags),
        vec![
            TermEntry {
                href: "/tags/ren-gong-zhi-neng/".into(),
                name: "人工智能".into(),
                count: 3
            },
            TermEntry {
                href: "/tags/kai-yuan/".into(),
                name: "开源".into(),
                count: 2
            },
            TermEntry {
                href: "/tags/xin-pian/".into(),
                name: "芯片".into(),
                count: 2
            },
        ],
        "tags sorted by count, then name (开 U+5F00 before 芯 U+82AF)"
    );
    assert_has(&tags, "共 3 个标签");
    for entry in term_entries(&tags) {
        assert!(
            resolve(&out, "/", &entry.href).unwrap().is_file(),
            "{entry:?}"
        );
    }

    assert_eq!(
        list_titles(&read(&out, "tags/ren-gong-zhi-neng/index.html")),
        vec![T_H200, T_LLAMA, T_COST]
    );
    assert_eq!(
        list_titles(&read(&out, "tags/kai-yuan/index.html")),
        vec![T_RISCV, T_LLAMA]
    );
    assert_eq!(
        list_titles(&read(&out, "tags/xin-pian/index.html")),
        vec![T_H200, T_RISCV]
    );
    let ai = read(&out, "tags/ren-gong-zhi-neng/index.html");
    assert_has(&ai, "<h1 class=\"list-title\">标签：人工智能</h1>");
    assert_has(&ai, "<title>标签：人工智能 - 快讯测试站</title>");

    let cats = read(&out, "categories/index.html");
    assert_eq!(
        term_entries(&cats),
        vec![
            TermEntry {
                href: "/categories/ke-ji-zi-xun/".into(),
                name: "科技资讯".into(),
                count: 2
            },
            TermEntry {
                href: "/categories/xin-pian/".into(),
                name: "芯片".into(),
                count: 2
            },
        ]
    );
    assert_eq!(
        list_titles(&read(&out, "categories/ke-ji-zi-xun/index.html")),
        vec![T_LLAMA, T_COST]
    );
    assert_eq!(
        list_titles(&read(&out, "categories/xin-pian/index.html")),
        vec![T_H200, T_RISCV]
    );

    // The article page links its terms.
    let h200 = read(&out, "posts/h200/index.html");
    assert_has(
        &h200,
        "<a class=\"tag\" rel=\"tag\" href=\"/tags/ren-gong-zhi-neng/\">人工智能</a>",
    );
    assert_has(
        &h200,
        "<a class=\"category\" href=\"/categories/xin-pian/\">芯片</a>",
    );
}

#[test]
fn config_slugs_move_terms() {
    let dir = taxonomy_site("slugs:\n  人工智能: ai\n  科技资讯: tech\n");
    let out = build_lib(dir.path(), |_| {});
    assert!(!exists(&out, "tags/ren-gong-zhi-neng"));
    assert!(!exists(&out, "categories/ke-ji-zi-xun"));
    assert_eq!(
        list_titles(&read(&out, "tags/ai/index.html")),
        vec![T_H200, T_LLAMA, T_COST]
    );
    assert_eq!(
        list_titles(&read(&out, "categories/tech/index.html")),
        vec![T_LLAMA, T_COST]
    );
    // Unmapped names keep their pinyin slug.
    assert!(exists(&out, "tags/xin-pian/index.html"));
    let tags = read(&out, "tags/index.html");
    assert_has(&tags, "href=\"/tags/ai/\"");
    assert_lacks(&tags, "ren-gong-zhi-neng");
    let h200 = read(&out, "posts/h200/index.html");
    assert_has(&h200, "href=\"/tags/ai/\">人工智能</a>");
    for html in html_files(&out) {
        let text = fs::read_to_string(&html).unwrap();
        assert_lacks(&text, "/tags/ren-gong-zhi-neng/");
    }
}

#[test]
fn term_pages_are_paginated() {
    // 12 articles all tagged 芯片 and 开源, category 周报, 5 per page → 3 pages per term.
    let dir = twelve_articles(5);
    let out = build_lib(dir.path(), |_| {});
    for term in ["tags/xin-pian/", "tags/kai-yuan/", "categories/zhou-bao/"] {
        let p1 = read(&out, &format!("{term}index.html"));
        let p2 = read(&out, &format!("{term}page/2/index.html"));
        let p3 = read(&out, &format!("{term}page/3/index.html"));
        assert!(!exists(&out, &format!("{term}page/4")), "{term}");
        assert_eq!(
            list_titles(&p1),
            (8..=12).rev().map(weekly_title).collect::<Vec<_>>()
        );
        assert_eq!(
            list_titles(&p2),
            (3..=7).rev().map(weekly_title).collect::<Vec<_>>()
        );
        assert_eq!(list_titles(&p3), vec![weekly_title(2), weekly_title(1)]);
        assert_eq!(
            href_in_tag_with(&p1, "rel=\"next\" href=").unwrap(),
            format!("/{term}page/2/")
        );
        assert_eq!(
            href_in_tag_with(&p2, "rel=\"prev\" href=").unwrap(),
            format!("/{term}")
        );
        assert_eq!(
            href_in_tag_with(&p3, "rel=\"prev\" href=").unwrap(),
            format!("/{term}page/2/")
        );
        assert_has(&p2, "<small>第 2 页</small>");
    }
    let tags = read(&out, "tags/index.html");
    assert!(term_entries(&tags).iter().all(|t| t.count == 12));
}

// ---------------------------------------------------------------------------------------
// 3. Code highlighting
// ---------------------------------------------------------------------------------------

/// The `<pre …>…</pre>` block whose opening tag is `open`.
fn pre_block<'a>(html: &'a str, open: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open:?} in:\n{}", main_of(html)));
    let end = start + html[start..].find("</pre>").unwrap() + 6;
    &html[start..end]
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let body = r#"几种语言的代码：

```rust
fn main() {
    let 芯片 = "H200";
    println!("{}", 芯片);
}
```

```typescript
const count: number = 42;
export function 加一(x: number): number { return x + 1; }
```

```toml
[package]
name = "kuaixun"
version = "0.1.0"
```

```fooscript
if a < b && c > d { 打印("你好") }
```

```
没有语言 <b>标记</b>
```
"#;
    let dir = site(&[(
        "content/posts/code.md",
        &md("title: 代码高亮测试\ndate: 2025-11-20", body),
    )]);
    let out = build_lib(dir.path(), |_| {});
    let html = read(&out, "posts/code/index.html");

    let rust = pre_block(&html, "<pre class=\"code\" data-lang=\"rust\"><code>");
    assert_has(rust, "<span class=\"");
    assert_has(rust, ">fn</span>");
    assert_has(rust, "H200");
    let ts = pre_block(&html, "<pre class=\"code\" data-lang=\"typescript\"><code>");
    assert_has(ts, "<span class=\"");
    assert_has(ts, ">const</span>");
    let toml = pre_block(&html, "<pre class=\"code\" data-lang=\"toml\"><code>");
    assert_has(toml, "<span class=\"");
    assert_has(toml, "kuaixun");

    // Unknown language: plain, escaped, no spans.
    let foo = pre_block(&html, "<pre class=\"code\" data-lang=\"fooscript\"><code>");
    assert_lacks(foo, "<span");
    assert_has(
        foo,
        "if a &lt; b &amp;&amp; c &gt; d { 打印(&quot;你好&quot;) }",
    );
    // No language at all: plain and escaped too.
    let plain = pre_block(&html, "<pre class=\"code\"><code>");
    assert_has(plain, "没有语言 &lt;b&gt;标记&lt;/b&gt;");
    assert_lacks(&html, "<b>标记</b>");

    let css = read(&out, "css/syntax.css");
    assert!(css.len() > 200, "syntax.css too small: {css:?}");
    assert!(css.contains('{') && css.contains("color"), "{css}");
    // The classes used in the HTML have rules in the stylesheet.
    assert!(
        css.contains(".keyword") || css.contains(".storage"),
        "{css}"
    );
    // The page links the stylesheet (through its hashed name).
    let sheet = attr_values(&html, "href")
        .into_iter()
        .find(|h| h.starts_with("/css/syntax."))
        .expect("page links css/syntax.*.css");
    assert!(resolve(&out, "/", &sheet).unwrap().is_file(), "{sheet}");
}

// ---------------------------------------------------------------------------------------
// 4. Drafts
// ---------------------------------------------------------------------------------------

const DRAFT_TITLE: &str = "草稿：尚未核实的芯片传闻";

fn drafts_site() -> tempfile::TempDir {
    site(&[
        ("config.yaml", "title: 快讯测试站\nbase_url: https://news.example.com/\n"),
        (
            "content/posts/public.md",
            &md(
                &format!("title: {T_H200}\ndate: 2025-11-20 10:30\ntags: [人工智能, 芯片]"),
                "正式发布的新闻。\n",
            ),
        ),
        (
            "content/posts/secret.md",
            &md(
                &format!(
                    "title: {DRAFT_TITLE}\ndate: 2025-11-21\ntags: [人工智能, 独家爆料]\ncategories: [传闻]\ndraft: true"
                ),
                "这条消息还没有核实。\n",
            ),
        ),
    ])
}

fn assert_draft_absent(out: &std::path::Path) {
    assert!(!exists(out, "posts/secret"), "no draft page");
    assert!(
        !exists(out, "tags/du-jia-bao-liao"),
        "no draft-only tag page"
    );
    assert!(
        !exists(out, "categories/chuan-wen"),
        "no draft-only category"
    );
    let index = read(out, "index.html");
    assert_eq!(list_titles(&index), vec![T_H200]);
    let tags = read(out, "tags/index.html");
    assert_lacks(&tags, "独家爆料");
    let ai = term_entries(&tags)
        .into_iter()
        .find(|t| t.name == "人工智能")
        .unwrap();
    assert_eq!(ai.count, 1, "the draft is not counted");
    assert_eq!(
        list_titles(&read(out, "tags/ren-gong-zhi-neng/index.html")),
        vec![T_H200]
    );
    assert_lacks(&read(out, "categories/index.html"), "传闻");
    for file in files(out) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains("草稿：尚未核实") && !text.contains("posts/secret"),
            "draft leaks into {}",
            file.display()
        );
    }
}

fn assert_draft_present(out: &std::path::Path) {
    let page = read(out, "posts/secret/index.html");
    assert_has(
        &page,
        &format!("<h1 class=\"post-title\">{DRAFT_TITLE}</h1>"),
    );
    assert_has(&page, "<span class=\"badge badge-draft\">草稿</span>");
    let index = read(out, "index.html");
    assert_eq!(list_titles(&index), vec![DRAFT_TITLE, T_H200]);
    let tags = term_entries(&read(out, "tags/index.html"));
    assert_eq!(tags.iter().find(|t| t.name == "人工智能").unwrap().count, 2);
    assert_eq!(tags.iter().find(|t| t.name == "独家爆料").unwrap().count, 1);
    assert_eq!(
        list_titles(&read(out, "tags/du-jia-bao-liao/index.html")),
        vec![DRAFT_TITLE]
    );
    assert!(exists(out, "categories/chuan-wen/index.html"));
}

#[test]
fn drafts_hidden_by_default_cli() {
    let dir = drafts_site();
    let out = build_cli(dir.path(), &[]);
    assert_draft_absent(&out);
}

#[test]
fn drafts_shown_with_flag_cli() {
    let dir = drafts_site();
    let out = build_cli(dir.path(), &["--drafts"]);
    assert_draft_present(&out);
}

#[test]
fn drafts_option_of_the_library() {
    let dir = drafts_site();
    let out = build_lib(dir.path(), |o| o.drafts = false);
    assert_draft_absent(&out);
    let out = build_lib(dir.path(), |o| o.drafts = true);
    assert_draft_present(&out);
}

// ---------------------------------------------------------------------------------------
// 5. Sub-path deploys
// ---------------------------------------------------------------------------------------

fn sub_path_site() -> tempfile::TempDir {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    site(&[
        ("config.yaml", "title: 快讯测试站\nbase_url: https://example.com/\npaginate: 1\nslugs:\n  人工智能: ai\n"),
        ("static/images/chip.svg", svg),
        ("static/files/白皮书.txt", "白皮书内容"),
        (
            "content/posts/h200.md",
            &md(
                &format!("title: {T_H200}\ndate: 2025-11-20 10:30\ntags: [人工智能, 芯片]\ncategories: [芯片]\ncover: /images/chip.svg"),
                "导语。\n\n<!-- more -->\n\n## 规格\n\n![芯片示意图](/images/chip.svg)\n\n详见[上一篇](/posts/riscv/)、[白皮书](/files/白皮书.txt)和[标签页](/tags/ai/#top)。\n\n## 价格\n\n暂无。\n\n## 上市\n\n明年。\n",
            ),
        ),
        (
            "content/posts/riscv.md",
            &md(
                &format!("title: {T_RISCV}\ndate: 2025-11-18\ntags: [芯片, 开源]\ncategories: [芯片]"),
                "开源指令集继续扩张。[外链](https://riscv.org/)\n",
            ),
        ),
    ])
}

#[test]
fn base_url_sub_path_prefixes_every_link() {
    let dir = sub_path_site();
    let out = build_cli(dir.path(), &["--base-url", "https://user.github.io/news/"]);
    let mut checked = 0;
    for file in html_files(&out) {
        let html = fs::read_to_string(&file).unwrap();
        let mut values = links(&html);
        values.extend(attr_values(&html, "action"));
        for link in values {
            if link.starts_with('/') && !link.starts_with("//") {
                assert!(
                    link.starts_with("/news/"),
                    "{}: link {link:?} lacks the base path",
                    file.display()
                );
                let target = resolve(&out, "/news/", &link).unwrap();
                assert!(
                    target.is_file(),
                    "{}: {link} → missing {}",
                    file.display(),
                    target.display()
                );
                checked += 1;
            }
        }
        // Canonical and og:url use the full sub-path URL.
        if let Some(canonical) = href_in_tag_with(&html, "rel=\"canonical\"") {
            assert!(
                canonical.starts_with("https://user.github.io/news/"),
                "{}: canonical {canonical}",
                file.display()
            );
        }
    }
    assert!(checked > 100, "only {checked} root-relative links checked");

    let h200 = read(&out, "posts/h200/index.html");
    assert_has(&h200, "src=\"/news/images/chip.svg\"");
    assert_has(&h200, "href=\"/news/posts/riscv/\"");
    assert_has(&h200, "href=\"/news/tags/ai/#top\"");
    assert_has(&h200, "href=\"https://user.github.io/news/posts/h200/\"");
    assert_has(
        &read(&out, "posts/riscv/index.html"),
        "href=\"https://riscv.org/\"",
    );
    let index = read(&out, "index.html");
    assert_eq!(
        href_in_tag_with(&index, "rel=\"next\" href=").as_deref(),
        Some("/news/page/2/")
    );
    assert_has(&index, "<a class=\"site-title\" href=\"/news/\"");
    // The output itself is not nested under news/.
    assert!(exists(&out, "index.html") && !exists(&out, "news"));
}

#[test]
fn non_ascii_base_path_is_percent_encoded() {
    let dir = sub_path_site();
    let out = build_cli(dir.path(), &["--base-url", "https://example.com/新闻/"]);
    // sitemaps.org: every <loc> must be an escaped URL.
    let sitemap = read(&out, "sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1) {
        let loc = &loc[..loc.find("</loc>").unwrap()];
        assert!(loc.is_ascii(), "sitemap <loc> not percent-encoded: {loc}");
    }
    // In HTML the part after the base path is percent-encoded; the base path should be too,
    // so that every link is one consistently encoded URL.
    let index = read(&out, "index.html");
    assert_has(&index, "href=\"/%E6%96%B0%E9%97%BB/tags/\"");
    assert_lacks(&index, "href=\"/新闻/");
}

// ---------------------------------------------------------------------------------------
// Permalinks
// ---------------------------------------------------------------------------------------

#[test]
fn permalink_tokens() {
    let dir = taxonomy_site("permalink: /:year/:month/:day/:category/:slug.html\n");
    let out = build_lib(dir.path(), |_| {});
    assert!(exists(&out, "2025/11/20/xin-pian/h200.html"));
    assert!(exists(&out, "2025/11/05/ke-ji-zi-xun/cost.html"));
    let index = read(&out, "index.html");
    let (href, title) = &list_items(&index)[0];
    assert_eq!(
        (href.as_str(), title.as_str()),
        ("/2025/11/20/xin-pian/h200.html", T_H200)
    );
    assert!(resolve(&out, "/", href).unwrap().is_file());
}

#[test]
fn permalink_category_uses_config_slugs() {
    let dir =
        taxonomy_site("permalink: /:category/:slug/\nslugs:\n  科技资讯: tech\n  芯片: chips\n");
    let out = build_lib(dir.path(), |_| {});
    assert!(exists(&out, "categories/tech/index.html"));
    assert!(exists(&out, "categories/chips/index.html"));
    assert!(
        exists(&out, "tech/cost/index.html"),
        "article under its category's configured slug"
    );
    assert!(exists(&out, "chips/h200/index.html"));
    assert!(!exists(&out, "ke-ji-zi-xun"));
}

// ---------------------------------------------------------------------------------------
// 7. Markdown features, word counts, summaries, theme overrides
// ---------------------------------------------------------------------------------------

const FEATURES: &str = r#"导语：英伟达今天发布 H200 芯片，显存带宽大幅提升。

<!-- more -->

## 发布会要点

今天的发布会
信息量很大。

**应该怎么定义？**大家众说纷纭。

| 型号 | 显存 | 带宽 |
|------|------|------|
| H100 | 80GB | 3.35TB/s |
| H200 | 141GB | 4.8TB/s |

### Rust 1.80 发布

据报道[^src]，旧方案已经~~停止维护~~。

- [x] 完成流片
- [ ] 开始量产

## 自定义锚点 {#custom-anchor}

结束。

[^src]: 来源：示例通讯社。
"#;

#[test]
fn markdown_features_render() {
    let dir = site(&[(
        "content/posts/features.md",
        &md(
            "title: Markdown 功能测试：表格、脚注与中文排版\ndate: 2025-11-20 10:30",
            FEATURES,
        ),
    )]);
    let out = build_lib(dir.path(), |_| {});
    let html = read(&out, "posts/features/index.html");

    // Table.
    assert_has(&html, "<table>");
    assert_has(&html, "<th>型号</th><th>显存</th><th>带宽</th>");
    assert_has(&html, "<td>H200</td><td>141GB</td><td>4.8TB/s</td>");
    // Footnote: the reference points at the definition's id.
    let fref = pre_or_panic(&html, "<sup class=\"footnote-reference\">");
    let target = attr_values(fref, "href").into_iter().next().unwrap();
    let id = target
        .strip_prefix('#')
        .expect("footnote link is a fragment");
    assert_has(&html, &format!("class=\"footnote-definition\" id=\"{id}\""));
    assert_has(&html, "来源：示例通讯社。");
    // Strikethrough and task list.
    assert_has(&html, "<del>停止维护</del>");
    assert_has(
        &html,
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
    );
    assert_has(&html, "<input disabled=\"\" type=\"checkbox\"/>");
    // Heading ids (Chinese kept, ASCII lower-cased, explicit ids honoured) and the toc.
    assert_has(&html, "<h2 id=\"发布会要点\">发布会要点</h2>");
    assert_has(&html, "<h3 id=\"rust-1-80-发布\">Rust 1.80 发布</h3>");
    assert_has(&html, "<h2 id=\"custom-anchor\">自定义锚点</h2>");
    assert_has(&html, "<a href=\"#发布会要点\">发布会要点</a>");
    assert_has(&html, "<a href=\"#custom-anchor\">自定义锚点</a>");
    // CJK line break adds no space; emphasis next to CJK punctuation works.
    assert_has(&html, "<p>今天的发布会信息量很大。</p>");
    assert_has(&html, "<strong>应该怎么定义？</strong>大家众说纷纭");
    assert_lacks(&html, "**应该");
    // The more marker is removed from the article but splits the summary.
    assert_lacks(&html, "<!-- more -->");
    assert_has(&html, "导语：英伟达今天发布 H200 芯片");
    let index = read(&out, "index.html");
    let summary = pre_or_panic(&index, "<div class=\"item-summary\">");
    assert!(
        summary.contains("导语：英伟达今天发布 H200 芯片，显存带宽大幅提升。"),
        "{summary}"
    );
    assert!(!summary.contains("信息量很大"), "{summary}");
    assert!(!summary.contains("<table>"), "{summary}");
}

#[test]
fn duplicate_headings_get_unique_ids() {
    let dir = site(&[(
        "content/posts/h.md",
        &md(
            "title: 重复标题\ndate: 2025-11-20",
            "## 背景\n\n一。\n\n## 背景\n\n二。\n\n## 背景\n\n三。\n",
        ),
    )]);
    let out = build_lib(dir.path(), |_| {});
    let html = read(&out, "posts/h/index.html");
    assert_has(&html, "<h2 id=\"背景\">背景</h2>");
    assert_has(&html, "<h2 id=\"背景-1\">背景</h2>");
    assert_has(&html, "<h2 id=\"背景-2\">背景</h2>");
}

#[test]
fn heading_and_footnote_ids_do_not_clash() {
    let dir = site(&[(
        "content/posts/f.md",
        &md(
            "title: 编号标题与脚注\ndate: 2025-11-20",
            "## 1\n\n第一部分，据报道[^1]。\n\n## 2\n\n第二部分。\n\n[^1]: 示例通讯社。\n",
        ),
    )]);
    let out = build_lib(dir.path(), |_| {});
    let html = read(&out, "posts/f/index.html");
    let ids = attr_values(&html, "id");
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(id), "duplicate id {id:?} in {ids:?}");
    }
}

/// The element starting at `open` up to its first closing `</…>` of the same tag name.
fn pre_or_panic<'a>(html: &'a str, open: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open:?} in:\n{}", main_of(html)));
    let name: String = open[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{name}>");
    let end = start + html[start..].find(&close).unwrap() + close.len();
    &html[start..end]
}

#[test]
fn word_count_and_reading_time() {
    // 9 + 2 CJK characters and 2 Latin words (GPU, H200) = 13; punctuation not counted.
    let short = "今天英伟达发布新品。\n\nGPU H200 很强！\n";
    // 1,500 CJK characters → 5 minutes at 300 per minute.
    let long = "人工智能芯片。".repeat(250);
    // Code is not prose: it adds nothing.
    let with_code = format!("{short}\n```rust\nfn 函数() {{ let x = 1; }}\n```\n");
    let dir = site(&[
        (
            "content/posts/short.md",
            &md("title: 短讯\ndate: 2025-11-20", short),
        ),
        (
            "content/posts/long.md",
            &md("title: 长文\ndate: 2025-11-19", &long),
        ),
        (
            "content/posts/code.md",
            &md("title: 带代码的短讯\ndate: 2025-11-18", &with_code),
        ),
    ]);
    let out = build_lib(dir.path(), |_| {});
    assert_has(
        &read(&out, "posts/short/index.html"),
        "<span class=\"reading\">约 13 字 · 阅读 1 分钟</span>",
    );
    assert_has(
        &read(&out, "posts/long/index.html"),
        "<span class=\"reading\">约 1,500 字 · 阅读 5 分钟</span>",
    );
    assert_has(
        &read(&out, "posts/code/index.html"),
        "<span class=\"reading\">约 13 字 · 阅读 1 分钟</span>",
    );
    // reading_speed in config changes it.
    write(
        dir.path(),
        "config.yaml",
        "reading_speed:\n  cjk: 100\n  latin: 100\n",
    );
    let out = build_lib(dir.path(), |_| {});
    assert_has(
        &read(&out, "posts/long/index.html"),
        "<span class=\"reading\">约 1,500 字 · 阅读 15 分钟</span>",
    );
    // The index shows reading time per item.
    assert_has(
        &read(&out, "index.html"),
        "<span class=\"reading\">阅读 15 分钟</span>",
    );
}

#[test]
fn front_matter_summary_wins_over_more_marker() {
    let dir = site(&[(
        "content/posts/s.md",
        &md(
            "title: 摘要测试\ndate: 2025-11-20\nsummary: 一句话摘要：<芯片> & 算力",
            "正文导语。\n\n<!-- more -->\n\n正文其余部分。\n",
        ),
    )]);
    let out = build_lib(dir.path(), |_| {});
    let index = read(&out, "index.html");
    let summary = pre_or_panic(&index, "<div class=\"item-summary\">");
    assert!(
        summary.contains("一句话摘要：&lt;芯片&gt; &amp; 算力"),
        "summary is escaped text: {summary}"
    );
    assert!(!summary.contains("正文导语"), "{summary}");
}

const OVERRIDE: &str = r#"{% extends "base.html" %}
{% block content %}
<article class="fixture-article">
  <h1 class="fixture-title">{{ article.title }}</h1>
  <p class="fixture-editor">本文编辑：{{ article.extra.editor }}</p>
  <p class="fixture-desk">{{ article.extra.desk.name }} / {{ article.extra.priority }}</p>
  {{ article.content | safe }}
</article>
{% endblock content %}
"#;

#[test]
fn site_template_overrides_one_file_and_sees_extra_fields() {
    let dir = site(&[
        ("config.yaml", "title: 快讯测试站\n"),
        ("templates/article.html", OVERRIDE),
        (
            "content/posts/x.md",
            &md(
                "title: 自定义模板：编辑署名\ndate: 2025-11-20\neditor: 王小明\ndesk:\n  name: 芯片组\npriority: 2\ntags: [芯片]",
                "正文。\n",
            ),
        ),
    ]);
    let out = build_lib(dir.path(), |_| {});
    let page = read(&out, "posts/x/index.html");
    assert_has(&page, "<p class=\"fixture-editor\">本文编辑：王小明</p>");
    assert_has(&page, "<p class=\"fixture-desk\">芯片组 / 2</p>");
    assert_has(
        &page,
        "<h1 class=\"fixture-title\">自定义模板：编辑署名</h1>",
    );
    assert_has(&page, "<p>正文。</p>");
    // The site's article.html replaced the built-in one…
    assert_lacks(&page, "class=\"post-title\"");
    // …but base.html still comes from the built-in theme.
    assert_has(&page, "<title>自定义模板：编辑署名 - 快讯测试站</title>");
    assert_has(&page, "由 kuaixun（快讯）静态生成");
    // Other pages use the built-in templates, and the built-in stylesheet is written.
    let index = read(&out, "index.html");
    assert_has(&index, "<ol class=\"item-list\">");
    assert_eq!(list_titles(&index), vec!["自定义模板：编辑署名"]);
    assert!(read(&out, "css/style.css").len() > 100);
    assert_has(&read(&out, "tags/xin-pian/index.html"), "标签：芯片");
}

#[test]
fn site_static_and_partial_override() {
    let dir = site(&[
        ("static/css/style.css", "/* 本站样式 */ body { color: #333; }"),
        ("static/robots-extra.txt", "额外文件"),
        (
            "templates/partials/item.html",
            "<li class=\"fixture-item\"><h2 class=\"item-title\"><a href=\"{{ item.url }}\">{{ item.title }}</a></h2></li>\n",
        ),
        (
            "content/posts/x.md",
            &md("title: 静态文件覆盖\ndate: 2025-11-20", "正文。\n"),
        ),
    ]);
    let out = build_lib(dir.path(), |_| {});
    assert_eq!(
        read(&out, "css/style.css"),
        "/* 本站样式 */ body { color: #333; }"
    );
    assert_eq!(read(&out, "robots-extra.txt"), "额外文件");
    let index = read(&out, "index.html");
    assert_has(&index, "<li class=\"fixture-item\">");
    assert_eq!(list_titles(&index), vec!["静态文件覆盖"]);
}

// ---------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------

#[test]
fn bom_and_crlf_article_builds() {
    let text = "\u{feff}---\r\ntitle: 微软开源新工具：支持 Windows 与 Linux\r\ndate: 2025-11-20 10:30\r\ntags: [开源]\r\n---\r\n第一段\r\n继续。\r\n\r\n## 小标题\r\n\r\n正文。\r\n";
    let dir = site(&[("content/posts/crlf.md", text)]);
    let out = build_cli(dir.path(), &[]);
    let page = read(&out, "posts/crlf/index.html");
    assert_has(
        &page,
        "<h1 class=\"post-title\">微软开源新工具：支持 Windows 与 Linux</h1>",
    );
    assert_has(&page, "<p>第一段继续。</p>");
    assert_has(&page, "<h2 id=\"小标题\">小标题</h2>");
    assert_lacks(&page, "\r");
    assert_lacks(&page, "\u{feff}");
    assert_eq!(
        list_titles(&read(&out, "index.html")),
        vec!["微软开源新工具：支持 Windows 与 Linux"]
    );
    assert!(exists(&out, "tags/kai-yuan/index.html"));
}

#[test]
fn bom_and_crlf_config_is_read() {
    let dir = site(&[
        (
            "config.yaml",
            "\u{feff}title: 快讯（Windows 版）\r\npaginate: 1\r\nslugs:\r\n  开源: open-source\r\n",
        ),
        (
            "content/posts/a.md",
            &md("title: 甲\ndate: 2025-11-20\ntags: [开源]", "正文。\n"),
        ),
        (
            "content/posts/b.md",
            &md("title: 乙\ndate: 2025-11-19\ntags: [开源]", "正文。\n"),
        ),
    ]);
    let out = build_cli(dir.path(), &[]);
    assert_has(
        &read(&out, "index.html"),
        "<title>快讯（Windows 版）</title>",
    );
    assert!(exists(&out, "page/2/index.html"));
    assert!(exists(&out, "tags/open-source/index.html"));
}

// ---------------------------------------------------------------------------------------
// `--minify`
// ---------------------------------------------------------------------------------------

/// Every `<tag …>…</tag>` block (non-greedy), e.g. all `<pre>` blocks of a page.
fn blocks(html: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let end = rest[i..]
            .find(close)
            .map_or(rest.len(), |e| i + e + close.len());
        out.push(rest[i..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// The page's text, `<style>` and `<script>` contents left out, whitespace runs as one space.
fn page_text(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        for b in blocks(&html.clone(), open, close) {
            html = html.replacen(&b, " ", 1);
        }
    }
    strip_tags(&html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn minify_shrinks_pages_and_keeps_code_json_ld_links_and_text() {
    let body = "## 背景\n\n液冷机柜的**功耗**在 2025 年翻了一番，`nvidia-smi  -q` 的输出\n显示温度稳定。\n\n\
                ```python\ndef 功耗(x):\n\n    return  x * 2   # 两个空格\n```\n\n\
                | 型号 | 功耗 |\n|---|---|\n| A  | 700 W |\n\n## 结论\n\n成本下降。\n";
    let fm = "title: 液冷机柜：功耗翻倍之后\ndate: 2025-11-20 10:30:00\ntags: [液冷, 数据中心]\ncategories: [硬件]\nauthor: 王五";
    let tmp = site(&[(
        "config.yaml",
        "title: 快讯\nbase_url: https://news.example.com/\n",
    )]);
    article(tmp.path(), "cooling", fm, body);
    article(
        tmp.path(),
        "chips",
        "title: RISC-V 开发板上市\ndate: 2025-11-19 09:00:00\ntags: [芯片]",
        "售价不到两百元。\n",
    );
    let plain = build_cli(tmp.path(), &[]);
    let plain_copy = tmp.path().join("plain");
    fs::rename(&plain, &plain_copy).unwrap();
    let minified = build_cli(tmp.path(), &["--minify"]);

    let pages = html_files(&plain_copy);
    assert!(pages.len() > 5, "{pages:?}");
    for page in pages {
        let rel = page
            .strip_prefix(&plain_copy)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let a = fs::read_to_string(&page).unwrap();
        let b = read(&minified, &rel);
        assert!(b.len() < a.len(), "{rel}: {} → {} bytes", a.len(), b.len());
        // Code blocks byte for byte (indentation, blank lines, double spaces).
        assert_eq!(
            blocks(&a, "<pre", "</pre>"),
            blocks(&b, "<pre", "</pre>"),
            "{rel}"
        );
        assert_eq!(
            blocks(&a, "<code>", "</code>"),
            blocks(&b, "<code>", "</code>"),
            "{rel}"
        );
        // JSON-LD unchanged and still JSON.
        let ld = "<script type=\"application/ld+json\">";
        assert_eq!(
            blocks(&a, ld, "</script>"),
            blocks(&b, ld, "</script>"),
            "{rel}"
        );
        for block in blocks(&b, ld, "</script>") {
            let json = &block[ld.len()..block.len() - "</script>".len()];
            serde_json::from_str::<serde_json::Value>(json).expect("JSON-LD parses");
        }
        // Same links and same text (modulo whitespace runs).
        assert_eq!(links(&a), links(&b), "{rel}");
        assert_eq!(page_text(&a), page_text(&b), "{rel}");
        // No indentation left outside <pre>.
        let outside_pre: String = b
            .split("<pre")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("</pre>").map_or("", |x| x.1)
                }
            })
            .collect();
        assert!(
            !outside_pre.lines().any(|l| l.starts_with("  ")),
            "{rel} keeps indentation:\n{b}"
        );
    }
    let article = read(&minified, "posts/cooling/index.html");
    let code = strip_tags(&blocks(&article, "<pre", "</pre>")[0]);
    assert_has(&code, "\n\n    return  x * 2   # 两个空格");
    assert_has(
        &article,
        "液冷机柜的<strong>功耗</strong>在 2025 年翻了一番",
    );
}

// ---------------------------------------------------------------------------------------
// Chinese text rules end to end (the unit tests in src/markdown/ cover each rule in depth)
// ---------------------------------------------------------------------------------------

#[test]
fn chinese_text_rules_end_to_end() {
    let body = "新的调度器支持\nGPU 分时复用，采用 Rust\n编写，延迟降低\n三成。\n\n\
                论文题目叫做**《降落伞研究》**，作者说**我想做的事。**接下来是**真，**的。\n\n\
                这些保持原样：F**k、foo_bar_baz、`**代码**`。\n";
    let long = "液冷技术正在从试点走向规模部署。".repeat(20);
    let dir = site(&[
        (
            "content/posts/rules.md",
            &md(
                "title: 中文排版规则\ndate: 2025-11-20 10:30\nslug: rules",
                body,
            ),
        ),
        (
            "content/posts/long.md",
            &md("title: 液冷长文\ndate: 2025-11-19 08:00\nslug: long", &long),
        ),
    ]);
    let out = build_lib(dir.path(), |_| {});
    let html = read(&out, "posts/rules/index.html");
    // Soft breaks: removed between CJK characters; next to Latin the line break stays (shown
    // as a space by the browser).
    assert_has(
        &html,
        "<p>新的调度器支持\nGPU 分时复用，采用 Rust\n编写，延迟降低三成。</p>",
    );
    // CJK-friendly emphasis.
    assert_has(&html, "论文题目叫做<strong>《降落伞研究》</strong>，");
    assert_has(&html, "作者说<strong>我想做的事。</strong>接下来");
    assert_has(&html, "是<strong>真，</strong>的。");
    // CommonMark cases that must not change.
    assert_has(&html, "F**k、foo_bar_baz、<code>**代码**</code>。");
    // Byline: Chinese date in the site zone, word count and reading time.
    assert_has(&html, "2025年11月20日 10:30");
    assert_has(&html, "字 · 阅读 1 分钟");

    // Automatic summary: about 120 characters, cut at a sentence end where possible, with "…".
    let index = read(&out, "index.html");
    let summaries: Vec<String> = index
        .split("<div class=\"item-summary\">")
        .skip(1)
        .map(|s| {
            strip_tags(&s[..s.find("</div>").unwrap()])
                .trim()
                .to_string()
        })
        .collect();
    let long_summary = summaries
        .iter()
        .find(|s| s.starts_with("液冷技术"))
        .unwrap_or_else(|| panic!("{summaries:?}"));
    let n = long_summary.chars().count();
    assert!((100..=125).contains(&n), "{n} characters: {long_summary}");
    assert!(long_summary.ends_with("。…"), "{long_summary}");
    let page = read(&out, "posts/long/index.html");
    // 20 × 15 Han characters (punctuation not counted) at 300 per minute.
    assert_has(&page, "约 300 字 · 阅读 1 分钟");
}

// ---------------------------------------------------------------------------------------
// `url:` in front matter
// ---------------------------------------------------------------------------------------

#[test]
fn front_matter_url_replaces_the_permalink() {
    let dir = site(&[
        (
            "config.yaml",
            "title: 快讯\nbase_url: https://news.example.com/报道/\n",
        ),
        (
            "content/about.md",
            &md(
                "title: 关于我们\ndate: 2025-11-01\nurl: /关于/",
                "编辑部介绍。",
            ),
        ),
        (
            "content/posts/old.md",
            &md(
                "title: 旧站迁移来的文章\ndate: 2019-05-01\nurl: /archives/2019/hello.html",
                "旧链接要继续有效。",
            ),
        ),
    ]);
    let out = build_lib(dir.path(), |_| {});
    assert_has(&read(&out, "关于/index.html"), "编辑部介绍。");
    assert_has(
        &read(&out, "archives/2019/hello.html"),
        "旧链接要继续有效。",
    );
    let index = read(&out, "index.html");
    assert_has(
        &index,
        "href=\"/%E6%8A%A5%E9%81%93/archives/2019/hello.html\"",
    );
    assert_has(&index, "href=\"/%E6%8A%A5%E9%81%93/%E5%85%B3%E4%BA%8E/\"");
    assert_has(
        &read(&out, "sitemap.xml"),
        "https://news.example.com/%E6%8A%A5%E9%81%93/archives/2019/hello.html",
    );
}

#[test]
fn front_matter_url_errors_name_the_line() {
    for (url, why) in [
        ("../../etc/", "`..` segments"),
        ("https://example.com/x/", "not a full URL"),
        ("/", "site root"),
        ("/a?b=1", "cannot contain"),
    ] {
        let dir = site(&[
            ("config.yaml", "title: 快讯\n"),
            (
                "content/a.md",
                &md(
                    &format!("title: 文章\ndate: 2025-11-01\nurl: \"{url}\""),
                    "正文",
                ),
            ),
        ]);
        let out = run([
            "build",
            "--root",
            dir.path().to_str().unwrap(),
            "-o",
            dir.path().join("public").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{url}");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: content/a.md:4: `url: "),
            "{url}: {err}"
        );
        assert!(err.contains(why), "{url}: {err}");
    }
    // A url that another page already has: a clash naming both, blamed on the url line.
    let dir = site(&[
        ("config.yaml", "title: 快讯\n"),
        (
            "content/a.md",
            &md("title: 标签页冒名\ndate: 2025-11-01\nurl: /tags/", "正文"),
        ),
    ]);
    let out = run([
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("public").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/a.md:4: two pages would be written to the same URL /tags/"),
        "{err}"
    );
}

/// A site's own `static/robots.txt` is kept (its rules are the author's), with the sitemap
/// line added when it names none; `check` accepts it.
#[test]
fn own_robots_txt_is_kept_with_the_sitemap() {
    let tmp = site(&[
        (
            "config.yaml",
            "title: 快讯\nbase_url: https://news.example.com/\n",
        ),
        (
            "content/posts/a.md",
            "---\ntitle: 第一篇\ndate: 2025-11-20\n---\n正文。\n",
        ),
        ("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n"),
    ]);
    let out = build_cli(tmp.path(), &[]);
    assert_eq!(
        read(&out, "robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://news.example.com/sitemap.xml\n"
    );
    let c = run(["check", "--root", tmp.path().to_str().unwrap()]);
    assert!(c.status.success(), "{}", stdout(&c));
}
