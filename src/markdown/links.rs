//! Sub-path deploys: root-relative link and image URLs get the site's base
//! path in front.
//!
//! Articles are written against the site root (`/images/a.svg`,
//! `/posts/x/`), so the same Markdown works wherever the site is deployed.
//! When the site lives under a sub-path (`base_path` `/news/`), those URLs
//! become `/news/images/a.svg`. Everything else is left exactly as written:
//! protocol-relative URLs (`//host/x`, and `/\host/x`, which browsers treat
//! the same way), absolute URLs (`https:`, `mailto:`, ...), fragments
//! (`#frag`), queries and relative paths. URLs that already start with the
//! base path are prefixed too (the rule is "root-relative means relative to
//! the site root", with no guessing). Nothing is percent-encoded here; the
//! renderer escapes URLs as usual. Raw HTML (`<img src="/x">`) is not touched.

use pulldown_cmark::{CowStr, Event, Tag};

use super::Spanned;

/// The prefix to put in front of root-relative URLs for `base_path`, or
/// `None` when the site is deployed at the root (`/`, or empty). The prefix
/// starts with `/` and has no trailing slash: `/news/` → `/news`,
/// `news` → `/news`.
fn prefix_for(base_path: &str) -> Option<String> {
    let trimmed = base_path.trim().trim_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    Some(format!("/{trimmed}"))
}

/// True for a root-relative URL: one `/` that does not start a
/// protocol-relative URL (`//host`, `/\host`).
fn is_root_relative(url: &str) -> bool {
    let b = url.as_bytes();
    b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\'))
}

/// Rewrites the destination of every link and image whose URL is
/// root-relative so that it starts with `base_path`. A no-op for `/`.
pub(super) fn rewrite_root_relative(events: &mut [Spanned<'_>], base_path: &str) {
    let Some(prefix) = prefix_for(base_path) else {
        return;
    };
    for (event, _) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if is_root_relative(dest) {
            let mut url = String::with_capacity(prefix.len() + dest.len());
            url.push_str(&prefix);
            url.push_str(dest);
            *dest = CowStr::from(url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn opts(base: &str) -> Options {
        Options {
            base_path: base.to_string(),
            ..Options::default()
        }
    }

    fn html(src: &str, base: &str) -> String {
        render(src, &opts(base)).html
    }

    #[test]
    fn prefix_normalisation() {
        assert_eq!(prefix_for("/"), None);
        assert_eq!(prefix_for(""), None);
        assert_eq!(prefix_for("  //  "), None);
        assert_eq!(prefix_for("/news/").as_deref(), Some("/news"));
        assert_eq!(prefix_for("/news").as_deref(), Some("/news"));
        assert_eq!(prefix_for("news/").as_deref(), Some("/news"));
        assert_eq!(prefix_for("/a/b/").as_deref(), Some("/a/b"));
    }

    #[test]
    fn root_relative_detection() {
        assert!(is_root_relative("/"));
        assert!(is_root_relative("/images/a.svg"));
        assert!(is_root_relative("/?q=1"));
        assert!(is_root_relative("/#top"));
        assert!(!is_root_relative("//cdn.example.com/a.png"));
        assert!(!is_root_relative("/\\evil.example.com"));
        assert!(!is_root_relative("https://example.com/a"));
        assert!(!is_root_relative("mailto:tips@example.com"));
        assert!(!is_root_relative("#frag"));
        assert!(!is_root_relative("images/a.png"));
        assert!(!is_root_relative("../a/"));
        assert!(!is_root_relative(""));
    }

    #[test]
    fn rewrites_links_and_images() {
        let out = html(
            "详见[上一篇报道](/posts/h200/)，配图：![示意](/images/a.svg \"说明\") 。\n",
            "/news/",
        );
        assert!(
            out.contains("<a href=\"/news/posts/h200/\">上一篇报道</a>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<img src=\"/news/images/a.svg\" alt=\"示意\" title=\"说明\" loading=\"lazy\" decoding=\"async\">"
            ),
            "{out}"
        );
        // reference-style links and the site root itself
        let out = html("[首页][home]\n\n[home]: /\n", "/news");
        assert!(out.contains("<a href=\"/news/\">首页</a>"), "{out}");
        // the same input at the root is untouched
        let out = html("[上一篇](/posts/h200/)\n", "/");
        assert!(out.contains("<a href=\"/posts/h200/\">"), "{out}");
    }

    #[test]
    fn standalone_figure_uses_rewritten_url() {
        let out = html("![数据中心机柜示意](/images/rack.png)\n", "/news/");
        assert_eq!(
            out,
            "<figure><img src=\"/news/images/rack.png\" alt=\"数据中心机柜示意\" loading=\"lazy\" decoding=\"async\"><figcaption>图 1：数据中心机柜示意</figcaption></figure>\n"
        );
        // a linked figure: both URLs rewritten
        let out = html("[![机柜](/images/rack.png)](/posts/rack/)\n", "/news/");
        assert!(
            out.contains("<a href=\"/news/posts/rack/\"><img src=\"/news/images/rack.png\""),
            "{out}"
        );
    }

    #[test]
    fn exceptions_are_left_alone() {
        let src = "[a](//cdn.example.com/x) [b](https://example.com/y) [c](#背景) \
                   [d](mailto:tips@example.com) [e](posts/x/) [f](../up/) \
                   <https://example.com/auto> <tips@example.com> \
                   ![g](//cdn.example.com/g.png) ![h](https://example.com/h.png) ![i](img/i.png)\n";
        let out = html(src, "/news/");
        for href in [
            "href=\"//cdn.example.com/x\"",
            "href=\"https://example.com/y\"",
            "href=\"#%E8%83%8C%E6%99%AF\"",
            "href=\"mailto:tips@example.com\"",
            "href=\"posts/x/\"",
            "href=\"../up/\"",
            "href=\"https://example.com/auto\"",
            "src=\"//cdn.example.com/g.png\"",
            "src=\"https://example.com/h.png\"",
            "src=\"img/i.png\"",
        ] {
            assert!(out.contains(href), "{href} in {out}");
        }
        assert!(!out.contains("/news"), "{out}");
    }

    #[test]
    fn urls_are_kept_as_written() {
        // only the prefix is added: no normalisation, and no encoding beyond
        // the renderer's usual href escaping
        let out = html("[报告](</报告/2025 年.pdf?a=1&b=2#第二节>)\n", "/news/");
        assert!(
            out.contains(
                "<a href=\"/news/%E6%8A%A5%E5%91%8A/2025%20%E5%B9%B4.pdf?a=1&amp;b=2#%E7%AC%AC%E4%BA%8C%E8%8A%82\">"
            ),
            "{out}"
        );
        let out = html("[x](/a//b/./c)\n", "/news/");
        assert!(out.contains("<a href=\"/news/a//b/./c\">"), "{out}");
    }

    #[test]
    fn raw_html_untouched() {
        let out = html("<img src=\"/images/a.png\" alt=\"原始\">\n", "/news/");
        assert!(out.contains("src=\"/images/a.png\""), "{out}");
    }
}
