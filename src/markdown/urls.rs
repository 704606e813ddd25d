//! The one URL scheme check used for everything kuaixun prints as a link or image: Markdown
//! links, images and autolinks, front-matter URLs (`source_url`, `sources[].url`, `cover`) and
//! raw HTML attributes under `markdown.raw_html: sanitize`.
//!
//! Blocked: `javascript:`, `vbscript:`, `file:` and `data:`, except `data:image/png`, `gif`,
//! `jpeg` and `webp` for images. The scheme is read the way a browser reads it: case-
//! insensitively, with ASCII whitespace and control characters anywhere in it ignored, and
//! after decoding character references (`java&#x09;script:`, `&#106;avascript:`).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Spanned;

/// What a URL is used for: `data:` images are allowed, `data:` links are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    Link,
    Image,
}

const BLOCKED: &[&str] = &["javascript", "vbscript", "file", "data"];
const DATA_IMAGES: &[&str] = &["image/png", "image/gif", "image/jpeg", "image/webp"];

/// The scheme of `url`, lowercased, and the byte offset just after its `:`; `None` when `url`
/// has no scheme (relative URLs, `//host/x`, `#frag`).
pub(super) fn scheme(url: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        let (c, len) = if c == '&' {
            char_ref(rest)?
        } else {
            (c, c.len_utf8())
        };
        rest = &rest[len..];
        if c <= ' ' || c == '\u{7f}' {
            continue;
        }
        if c == ':' {
            let starts_with_letter = out.starts_with(|c: char| c.is_ascii_alphabetic());
            return starts_with_letter.then(|| (out, url.len() - rest.len()));
        }
        // no scheme kuaixun blocks is longer than this
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) || out.len() > 16 {
            return None;
        }
        out.push(c.to_ascii_lowercase());
    }
    None
}

/// A character reference at the start of `s` (`&#x09;`, `&#106`, `&Tab;`, `&colon;`): the
/// character and the length of the reference. Only the named references that can hide a
/// scheme are known; any other `&` ends the scheme.
fn char_ref(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[start..start + digits];
        let n = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let mut len = start + digits;
        if b.get(len) == Some(&b';') {
            len += 1;
        }
        return Some((char::from_u32(n).unwrap_or('\u{fffd}'), len));
    }
    for (name, c) in [("&tab;", '\t'), ("&newline;", '\n'), ("&colon;", ':')] {
        if b.len() >= name.len() && b[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some((c, name.len()));
        }
    }
    None
}

/// The blocked scheme of `url` with its colon (`javascript:`), or `None` when `url` may be
/// printed as a link (`UrlUse::Link`) or an image source (`UrlUse::Image`).
pub fn blocked_scheme(url: &str, usage: UrlUse) -> Option<String> {
    let (scheme, after) = scheme(url)?;
    if !BLOCKED.contains(&scheme.as_str()) {
        return None;
    }
    if scheme == "data" && usage == UrlUse::Image {
        let rest: String = url[after..]
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase();
        let ok = DATA_IMAGES.iter().any(|m| {
            rest.strip_prefix(m)
                .is_some_and(|t| t.starts_with([';', ',']))
        });
        if ok {
            return None;
        }
    }
    Some(format!("{scheme}:"))
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `tel:`): a letter, then letters,
/// digits, `+`, `-` or `.`, then `:`. (`dir/a:b.png` and `@/posts/a.md` have none.)
pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The message for a blocked URL: "the URL scheme `javascript:` is not allowed".
pub fn blocked_message(scheme: &str) -> String {
    format!("the URL scheme `{scheme}` is not allowed")
}

/// Markdown links and images with a blocked URL lose their link: a link shows its text, an
/// image its alt text, as plain text. Links never nest, so each removed start's end is the
/// next link (image) end.
pub(super) fn neutralise(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let blocked = |e: &Event<'_>| match e {
        Event::Start(Tag::Link { dest_url, .. }) => {
            blocked_scheme(dest_url, UrlUse::Link).is_some()
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            blocked_scheme(dest_url, UrlUse::Image).is_some()
        }
        _ => false,
    };
    if !events.iter().any(|(e, _)| blocked(e)) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut drop_link_end = false;
    let mut image_depth = Vec::new();
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. }) if blocked(&event) => {
                drop_link_end = true;
                continue;
            }
            Event::End(TagEnd::Link) if drop_link_end => {
                drop_link_end = false;
                continue;
            }
            // images do nest (an image in an image's alt text)
            Event::Start(Tag::Image { .. }) => {
                let b = blocked(&event);
                image_depth.push(b);
                if b {
                    continue;
                }
            }
            Event::End(TagEnd::Image) if image_depth.pop() == Some(true) => continue,
            _ => {}
        }
        out.push((event, range));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Option<String> {
        blocked_scheme(url, UrlUse::Link)
    }

    fn image(url: &str) -> Option<String> {
        blocked_scheme(url, UrlUse::Image)
    }

    #[test]
    fn blocked_schemes() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "\tjava\nscript:alert(1)",
            "java\u{0}script:x",
            "java&#x09;script:alert(1)",
            "java&#X9script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "java&Tab;script:alert(1)",
            "javascript&colon;alert(1)",
        ] {
            assert_eq!(link(url).as_deref(), Some("javascript:"), "{url:?}");
            assert_eq!(image(url).as_deref(), Some("javascript:"), "{url:?}");
        }
        assert_eq!(link("VBScript:msgbox").as_deref(), Some("vbscript:"));
        assert_eq!(link("file:///etc/passwd").as_deref(), Some("file:"));
        assert_eq!(link("data:text/html,<script>").as_deref(), Some("data:"));
        assert_eq!(link("data:image/png;base64,AAAA").as_deref(), Some("data:"));
    }

    #[test]
    fn data_images() {
        for url in [
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/gif;base64,R0lG",
            "DATA:Image/JPEG;base64,/9j/",
            "data:image/webp,abc",
        ] {
            assert_eq!(image(url), None, "{url}");
        }
        for url in [
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/pngx;base64,AAAA",
            "data:,hello",
        ] {
            assert_eq!(image(url).as_deref(), Some("data:"), "{url}");
        }
    }

    #[test]
    fn allowed() {
        for url in [
            "https://example.com/javascript:alert(1)",
            "http://example.com",
            "mailto:tips@example.com",
            "/posts/javascript/",
            "posts/x/",
            "#javascript:alert(1)",
            "//cdn.example.com/a.png",
            "?q=javascript:",
            "",
            "java script",
            "a&b:c",
            "weixin://dl/chat",
            "1javascript:x",
        ] {
            assert_eq!(link(url), None, "{url}");
        }
    }

    fn html(src: &str) -> String {
        super::super::render(src, &super::super::Options::default()).html
    }

    #[test]
    fn markdown_links_are_unlinked() {
        for src in [
            "[点我](javascript:alert(1))\n",
            "[点我](JaVa&#x09;ScRiPt:alert(1))\n",
            "[点我]( javascript:alert(1) )\n",
            "<javascript:alert(1)>\n",
            "[点我][x]\n\n[x]: javascript:alert(1)\n",
            "[点我](data:text/html;base64,PHNjcmlwdD4=)\n",
            "[点我](vbscript:msgbox)\n",
            "[点我](file:///etc/passwd)\n",
            "![图](javascript:alert(1))\n",
            "![图](data:image/svg+xml,x)\n",
        ] {
            let out = html(src);
            assert!(!out.contains("<a"), "{src} → {out}");
            assert!(!out.contains("<img"), "{src} → {out}");
        }
        assert_eq!(html("[点我](javascript:alert(1))\n"), "<p>点我</p>\n");
        assert_eq!(html("![图](javascript:x)\n"), "<p>图</p>\n");
        let out = html("[![图](javascript:x)](https://example.com/)\n");
        assert_eq!(out, "<p><a href=\"https://example.com/\">图</a></p>\n");
        let out = html("![点](data:image/png;base64,iVBORw0KGgo=)\n");
        assert!(
            out.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\""),
            "{out}"
        );
    }

    #[test]
    fn message() {
        assert_eq!(
            blocked_message("javascript:"),
            "the URL scheme `javascript:` is not allowed"
        );
    }
}
