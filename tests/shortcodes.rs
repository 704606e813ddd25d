//! Shortcodes, alerts, math and diagrams through `markdown::render`: the HTML each built-in
//! makes, escaping, errors at line:column, code left alone, word counts without markup,
//! site templates over the built-in ones.

mod common;

use kuaixun::config::Config;
use kuaixun::markdown::{render, Options, Rendered, Shortcodes};

fn md(src: &str) -> Rendered {
    render(src, &Options::default())
}

fn html(src: &str) -> String {
    let r = md(src);
    assert!(r.link_errors.is_empty(), "{:?}", r.link_errors);
    r.html
}

/// The first error's (line, column, message).
fn error(src: &str) -> (usize, usize, String) {
    let r = md(src);
    let e = r
        .link_errors
        .first()
        .unwrap_or_else(|| panic!("no error for {src}"));
    (e.line, e.column, e.message.clone())
}

#[test]
fn bilibili_is_a_click_to_play_placeholder() {
    let out =
        html("发布会回放：\n\n{{ bilibili(id=\"BV1GJ411x7h7\", page=2, start=90) }}\n\n以上。\n");
    assert!(
        out.contains("<figure class=\"kx-embed kx-embed-bilibili\" data-kx-embed=\"bilibili\" data-src=\"https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&amp;page=2&amp;autoplay=1&amp;t=90\">"),
        "{out}"
    );
    assert!(
        out.contains("<button type=\"button\" class=\"kx-embed-play\""),
        "{out}"
    );
    assert!(!out.contains("<iframe"), "{out}");
    assert!(
        !out.contains("<p><figure"),
        "a lone shortcode replaces its paragraph: {out}"
    );
    assert!(
        out.contains("https://www.bilibili.com/video/BV1GJ411x7h7/?p=2&amp;t=90"),
        "{out}"
    );
    let out = html("{{ bilibili(id=\"av170001\") }}\n");
    assert!(out.contains("player.html?aid=170001&amp;page=1"), "{out}");
}

#[test]
fn youtube_uses_nocookie() {
    let out = html("{{ youtube(id=\"dQw4w9WgXcQ\", start=30, title=\"芯片发布会\") }}\n");
    assert!(
        out.contains("data-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=30\""),
        "{out}"
    );
    assert!(
        out.contains("<span class=\"kx-embed-label\">芯片发布会</span>"),
        "{out}"
    );
}

#[test]
fn local_video_and_audio() {
    let r = render(
        "{{ video(src=\"/media/发布会.mp4\", poster=\"/media/封面.jpg\", title=\"现场\") }}\n\n{{ audio(src=\"podcast.mp3\") }}\n",
        &Options {
            base_path: "/news/".into(),
            ..Options::default()
        },
    );
    assert!(r.link_errors.is_empty(), "{:?}", r.link_errors);
    let out = r.html;
    assert!(out.contains("<video controls preload=\"none\" playsinline poster=\"/news/media/封面.jpg\"><source src=\"/news/media/发布会.mp4\" type=\"video/mp4\">"), "{out}");
    assert!(out.contains("<figcaption>现场</figcaption>"), "{out}");
    assert!(
        out.contains(
            "<audio controls preload=\"none\"><source src=\"podcast.mp3\" type=\"audio/mpeg\">"
        ),
        "{out}"
    );
}

#[test]
fn social_cards_work_without_network() {
    let out = html("{% weibo(url=\"https://weibo.com/1642634100/Nq3xY7zAb\", author=\"某科技博主\", date=\"2026-11-30\") %}\n新品**今晚**发布。\n{% end %}\n");
    assert!(out.contains("<blockquote class=\"kx-card kx-card-weibo\" cite=\"https://weibo.com/1642634100/Nq3xY7zAb\">"), "{out}");
    assert!(
        out.contains("<span class=\"kx-card-author\">某科技博主</span>"),
        "{out}"
    );
    assert!(
        out.contains(
            "<div class=\"kx-card-text\">\n<p>新品<strong>今晚</strong>发布。</p>\n</div>"
        ),
        "{out}"
    );
    assert!(out.contains("<time>2026-11-30</time>"), "{out}");
    assert!(!out.contains("<script"), "{out}");
    // x without opting in: a static card; with embeds.load_scripts, upgradable
    let src = "{{ x(url=\"https://x.com/nvidia/status/1790000000000000000\") }}\n";
    let out = html(src);
    assert!(out.contains("class=\"kx-card kx-card-x\" cite="), "{out}");
    assert!(!out.contains("data-kx-script"), "{out}");
    let out = render(
        src,
        &Options {
            load_scripts: true,
            ..Options::default()
        },
    )
    .html;
    assert!(out.contains("twitter-tweet\" data-kx-embed=\"x\" data-kx-script=\"https://platform.twitter.com/widgets.js\""), "{out}");
    assert!(html("{{ tweet(url=\"https://twitter.com/a_b/status/12\") }}\n").contains("kx-card-x"));
}

#[test]
fn figures_share_the_numbering() {
    let out = html("![机房](/img/a.jpg)\n\n{{ figure(src=\"/img/b.png\", caption=\"新一代芯片\", credit=\"新华社\", source=\"https://example.cn/p\") }}\n\n![测试](/img/c.jpg)\n\n{{ gallery(src=[\"/img/1.jpg\", \"/img/2.jpg\"], caption=\"展台\") }}\n");
    assert!(out.contains("<figcaption>图 1：机房</figcaption>"), "{out}");
    assert!(out.contains("<figure class=\"kx-figure\"><img src=\"/img/b.png\" alt=\"新一代芯片\" loading=\"lazy\" decoding=\"async\"><figcaption>图 2：新一代芯片（来源：<a href=\"https://example.cn/p\" rel=\"noopener\">新华社</a>）</figcaption></figure>"), "{out}");
    assert!(out.contains("<figcaption>图 3：测试</figcaption>"), "{out}");
    assert!(
        out.contains("<img src=\"/img/2.jpg\" alt=\"展台 （2/2）\""),
        "{out}"
    );
    assert!(out.contains("<figcaption>图 4：展台</figcaption>"), "{out}");
}

#[test]
fn callouts_and_alerts() {
    let out = html("{% callout(type=\"warning\", title=\"注意风险\") %}\n投资有**风险**。\n\n- 第一条\n{% end %}\n\n后文。\n");
    assert!(out.starts_with("<aside class=\"kx-callout kx-callout-warning\" role=\"note\"><p class=\"kx-callout-title\">注意风险</p><div class=\"kx-callout-body\">\n<p>投资有<strong>风险</strong>。</p>\n<ul>\n<li>第一条</li>\n</ul>\n</div></aside>"), "{out}");
    assert!(out.ends_with("<p>后文。</p>\n"), "{out}");
    // default title: the Chinese label
    let out = html("{% callout(type=\"tip\") %}\n多备份。\n{% end %}\n");
    assert!(
        out.contains("<p class=\"kx-callout-title\">提示</p>"),
        "{out}"
    );
    for (kind, class, label) in [
        ("NOTE", "note", "注意"),
        ("TIP", "tip", "提示"),
        ("IMPORTANT", "important", "重要"),
        ("WARNING", "warning", "警告"),
        ("CAUTION", "caution", "小心"),
    ] {
        let out = html(&format!("> [!{kind}]\n> 固件升级前请**备份**。\n"));
        assert!(out.starts_with(&format!("<aside class=\"kx-callout kx-callout-{class}\" role=\"note\"><p class=\"kx-callout-title\">{label}</p><div class=\"kx-callout-body\">\n")), "{out}");
        assert!(
            out.contains("<p>固件升级前请<strong>备份</strong>。</p>"),
            "{out}"
        );
        assert!(!out.contains("blockquote"), "{out}");
    }
    // a plain quote stays a quote
    assert_eq!(
        html("> 引用一句话\n"),
        "<blockquote>\n<p>引用一句话</p>\n</blockquote>\n"
    );
}

#[test]
fn nested_bodies_and_inline_calls() {
    let out = html(
        "{% callout(type=\"note\") %}\n视频：\n\n{{ youtube(id=\"dQw4w9WgXcQ\") }}\n{% end %}\n",
    );
    assert!(out.contains("<div class=\"kx-callout-body\">\n<p>视频：</p>\n<figure class=\"kx-embed kx-embed-youtube\""), "{out}");
    assert!(out.ends_with("</figure>\n</div></aside>\n"), "{out}");
    let out = html("行内 {{ figure(src=\"/a.png\") }} 图。\n");
    assert!(
        out.starts_with("<p>行内 <figure class=\"kx-figure\">"),
        "{out}"
    );
}

#[test]
fn arguments_are_escaped() {
    let out = html("{{ youtube(id=\"dQw4w9WgXcQ\", title=\"\\\"><script>alert(1)</script>\") }}\n");
    assert!(!out.contains("<script>"), "{out}");
    assert!(
        out.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{out}"
    );
    let out = html("{{ figure(src=\"/a.png\", caption=\"<b>粗</b> & 细\") }}\n");
    assert!(
        out.contains("图 1：&lt;b&gt;粗&lt;/b&gt; &amp; 细"),
        "{out}"
    );
}

#[test]
fn urls_and_ids_are_validated() {
    for (src, needle) in [
        (
            "{{ bilibili(id=\"javascript:alert(1)\") }}",
            "Bilibili video ID",
        ),
        ("{{ bilibili(id=\"BV1GJ411x7h\") }}", "Bilibili video ID"),
        (
            "{{ youtube(id=\"x\\\" onload=\\\"1\") }}",
            "YouTube video ID",
        ),
        (
            "{{ video(src=\"javascript:alert(1).mp4\") }}",
            "file of this site",
        ),
        (
            "{{ video(src=\"https://evil.example/a.mp4\") }}",
            "file of this site",
        ),
        ("{{ video(src=\"/a.avi\") }}", "file of this site"),
        (
            "{{ weibo(url=\"https://weibo.com.evil.cn/1/abc\") }}",
            "Weibo post URL",
        ),
        (
            "{{ x(url=\"https://x.com/a/status/1?x=<script>\") }}",
            "x.com",
        ),
        (
            "{{ figure(src=\"javascript:alert(1)\") }}",
            "not an image URL",
        ),
        (
            "{{ figure(src=\"/a.png\", link=\"javascript:alert(1)\") }}",
            "https:// URL",
        ),
        ("{{ callout(type=\"danger\") }}", "needs a body"),
    ] {
        let (_, _, message) = error(&format!("{src}\n"));
        assert!(message.contains(needle), "{src}: {message}");
        let r = md(&format!("{src}\n"));
        assert!(!r.html.contains("javascript:"), "{src}: {}", r.html);
    }
    let (_, _, m) = error("{% callout(type=\"danger\") %}\n文字\n{% end %}\n");
    assert!(m.contains("note, tip, important, warning, caution"), "{m}");
}

#[test]
fn errors_name_line_and_column() {
    let (line, column, m) = error("第一段。\n\n第二段 {{ bilbili(id=\"BV1GJ411x7h7\") }}\n");
    assert_eq!((line, column), (3, 5));
    assert!(
        m.contains("unknown shortcode `bilbili`") && m.contains("bilibili"),
        "{m}"
    );

    let (line, column, m) = error("前言\n\n{% callout(type=\"note\") %}\n没有结尾\n");
    assert_eq!((line, column), (3, 1));
    assert!(m.contains("not closed"), "{m}");

    let (line, column, m) = error("{{ bilibili(id=\"BV1GJ411x7h7\", page=\"二\") }}\n");
    assert_eq!((line, column), (1, 32));
    assert!(m.contains("`page` must be a number, not a string"), "{m}");

    let (line, column, m) = error("视频 {{ bilibili(id=BV1GJ411x7h7) }}\n");
    assert_eq!((line, column), (1, 19));
    assert!(m.contains("quote strings"), "{m}");

    let (_, _, m) = error("{{ youtube(id=\"dQw4w9WgXcQ\", size=3) }}\n");
    assert!(m.contains("no argument `size`"), "{m}");
}

#[test]
fn code_is_left_alone_and_escapes_are_literal() {
    let src = "代码 `{{ bilibili(id=\"x\") }}` 不变。\n\n```\n{% callout() %}\n{{ nothing() }}\n```\n\n    {{ indented() }}\n\n写法：{{/* bilibili(id=\"BV1GJ411x7h7\") */}}\n";
    let r = md(src);
    assert!(r.link_errors.is_empty(), "{:?}", r.link_errors);
    assert!(
        r.html.contains("<code>{{ bilibili(id=\"x\") }}</code>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre class=\"code\"><code>{% callout() %}\n{{ nothing() }}\n</code></pre>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("{{ indented() }}"), "{}", r.html);
    assert!(
        r.html
            .contains("写法：{{ bilibili(id=&quot;BV1GJ411x7h7&quot;) }}</p>"),
        "{}",
        r.html
    );
    // an escape alone in its paragraph is still a paragraph
    assert_eq!(
        html("{%/* callout(type=\"tip\") */%}\n"),
        "<p>{% callout(type=&quot;tip&quot;) %}</p>\n"
    );
    // template-like text that is no call stays text
    assert_eq!(
        html("Vue 的 {{ message }} 语法\n"),
        "<p>Vue 的 {{ message }} 语法</p>\n"
    );
}

#[test]
fn word_counts_see_text_not_markup() {
    let plain = md("芯片发布。\n\n{{ figure(src=\"/a.png\", caption=\"新一代芯片\") }}\n\n{% callout(type=\"note\") %}\n注意散热。\n{% end %}\n");
    // 芯片发布 (4) + 新一代芯片 (5) + 注意 (title label, 2) + 注意散热 (4)
    assert_eq!(plain.cjk_chars, 15, "{}", plain.plain_text);
    assert_eq!(plain.latin_words, 0, "{}", plain.plain_text);
    assert_eq!(plain.plain_text, "芯片发布。\n新一代芯片\n注意\n注意散热。");
    let r = md("{{ bilibili(id=\"BV1GJ411x7h7\") }}\n");
    assert_eq!((r.cjk_chars, r.latin_words), (0, 0), "{}", r.plain_text);
    assert_eq!(r.plain_text, "");
}

#[test]
fn documents_without_shortcodes_are_unchanged() {
    let src = "# 标题\n\n正文 **加粗** 与 [链接](https://example.cn)。\n\n> 引用\n\n```rust\nfn main() {}\n```\n";
    let r = md(src);
    assert!(r.link_errors.is_empty());
    assert!(
        r.html.contains("<blockquote>\n<p>引用</p>\n</blockquote>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("kx-"), "{}", r.html);
}

#[test]
fn math_and_prices() {
    let out = html("面积 $\\pi r^2$，售价 $999，折合 7000 元。\n");
    assert!(out.contains("<math"), "{out}");
    assert!(out.contains("售价 $999，折合 7000 元。"), "{out}");
}

#[test]
fn site_templates_override_and_add() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("templates/shortcodes");
    std::fs::create_dir_all(&sc).unwrap();
    std::fs::write(
        sc.join("stock.html"),
        "<span class=\"stock\">{{ code }}：{{ price }} 元{% if up %}↑{% endif %}</span>",
    )
    .unwrap();
    std::fs::write(
        sc.join("callout.html"),
        "<div class=\"my-callout\">{{ title }}|{{ body | safe }}</div>",
    )
    .unwrap();
    std::fs::write(sc.join("broken.html"), "{{ missing_value }}").unwrap();
    let shortcodes = Shortcodes::load(dir.path(), &Config::default()).unwrap();
    let opts = Options {
        shortcodes,
        ..Options::default()
    };
    let r = render(
        "股价 {{ stock(code=\"<688981>\", price=85.5, up=true) }} 收盘。\n\n{% callout(type=\"tip\") %}\n正文\n{% end %}\n",
        &opts,
    );
    assert!(r.link_errors.is_empty(), "{:?}", r.link_errors);
    assert!(
        r.html
            .contains("<span class=\"stock\">&lt;688981&gt;：85.5 元↑</span>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<div class=\"my-callout\">提示|\n<p>正文</p>\n</div>"),
        "{}",
        r.html
    );
    // a template error inside the shortcode names the call and the template
    let r = render("第一行\n\n又一行 {{ broken() }}\n", &opts);
    let e = &r.link_errors[0];
    assert_eq!((e.line, e.column), (3, 5));
    assert!(
        e.message.contains("templates/shortcodes/broken.html"),
        "{}",
        e.message
    );
}

#[test]
fn broken_site_template_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("templates/shortcodes");
    std::fs::create_dir_all(&sc).unwrap();
    std::fs::write(sc.join("bad.html"), "{% if %}").unwrap();
    let e = Shortcodes::load(dir.path(), &Config::default()).unwrap_err();
    let text = e.0[0].to_string();
    assert!(text.contains("templates/shortcodes/bad.html"), "{text}");
}

#[test]
fn serve_renders_again_when_a_shortcode_template_changes() {
    let site = common::site(&[
        (
            "config.yaml",
            "title: 快讯测试站\nbase_url: https://news.example.com/\n",
        ),
        (
            "content/posts/stock.md",
            &common::md(
                "title: 收盘行情\ndate: 2025-11-20\nslug: stock",
                "今日 {{ stock(code=\"688981\") }} 收涨。\n",
            ),
        ),
        (
            "templates/shortcodes/stock.html",
            "<span class=\"stock-v1\">{{ code }}</span>\n",
        ),
    ]);
    let srv = common::server::start(site.path(), &[]);
    let page = || srv.body("/posts/stock/").unwrap_or_default();
    assert!(
        page().contains("<span class=\"stock-v1\">688981</span>"),
        "{}",
        page()
    );
    common::write(
        site.path(),
        "templates/shortcodes/stock.html",
        "<b class=\"stock-v2\">股票 {{ code }}</b>\n",
    );
    common::server::wait_for(20.0, "the edited shortcode template", || {
        page().contains("<b class=\"stock-v2\">股票 688981</b>")
    });
    // the built-in ones can be overridden while serving too
    common::write(
        site.path(),
        "content/posts/stock.md",
        common::md(
            "title: 收盘行情\ndate: 2025-11-20\nslug: stock",
            "{% callout(type=\"tip\") %}\n注意仓位。\n{% end %}\n",
        ),
    );
    common::server::wait_for(20.0, "the callout", || page().contains("kx-callout-tip"));
    common::write(
        site.path(),
        "templates/shortcodes/callout.html",
        "<div class=\"site-callout\">{{ title }}{{ body | safe }}</div>\n",
    );
    common::server::wait_for(20.0, "the site's callout template", || {
        page().contains("<div class=\"site-callout\">提示")
    });
}

#[test]
fn embeds_config_key() {
    let c = Config::parse("title: 站\nembeds:\n  load_scripts: true\n").unwrap();
    assert!(c.embeds.load_scripts);
    assert_eq!(c.embeds.mermaid_url, kuaixun::markdown::MERMAID_URL);
    let e = Config::parse("title: 站\nembeds:\n  mermaid_url: javascript:alert(1)\n").unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.message
            .contains("embeds: mermaid_url: must be an https:// URL"),
        "{e}"
    );
    let e = Config::parse("title: 站\nembeds:\n  load_script: true\n").unwrap_err();
    assert!(e.message.contains("unknown field `load_script`"), "{e}");
}
