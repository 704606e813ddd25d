//! Bare URLs become links, as on GitHub (GFM "extended autolinks"): `https://…`, `http://…`
//! and `www.…` (linked as `http://www.…`) in prose text.
//!
//! GFM's rules, plus Chinese text: a URL starts at the start of a text, after whitespace, after
//! `*`, `_`, `~` or `(`, or after a CJK character or full-width punctuation; it needs a domain
//! with at least one `.` and no `_` in its last two labels; it ends at whitespace, `<`, or a
//! CJK character or full-width punctuation (`详见https://example.com/a，其中` links
//! `https://example.com/a`). Then trailing `?!.,:*_~'"` are dropped, a trailing `)` when the
//! URL has more `)` than `(`, and a trailing entity-like `&name;`.
//!
//! Not inside code, existing links (Markdown or a raw `<a>`), image alt text or raw HTML.
//! Runs after the stats, so word counts and plain text are the same as without it.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::Spanned;

/// CJK characters, CJK and full-width punctuation, and the quotes, dash and ellipsis Chinese
/// text uses: a URL never contains them, so they end it (and may come right before it).
fn is_cjk_boundary(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{2014}' | '\u{2018}'..='\u{201F}' | '\u{2026}'
        | '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
    )
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.')
        || (!c.is_ascii() && !is_cjk_boundary(c) && c.is_alphanumeric())
}

/// GFM's valid domain: labels separated by `.`, at least two of them, no `_` in the last two.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.trim_end_matches('.').split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && labels[labels.len() - 2..].iter().all(|l| !l.contains('_'))
}

/// Length of the scheme part of a URL starting `s` (`https://`, `http://`, or 0 for `www.`).
fn prefix_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    for p in ["https://", "http://"] {
        if b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()) {
            return Some(p.len());
        }
    }
    s.starts_with("www.").then_some(0)
}

/// Where the trailing punctuation of the URL `url` starts.
fn trim_end(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let u = &url[..end];
        match u.chars().next_back() {
            Some('?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"') => end -= 1,
            Some(')') if u.matches(')').count() > u.matches('(').count() => end -= 1,
            Some(';') => {
                let name = u[..end - 1]
                    .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                    .len();
                if name < end - 1 && u[..name].ends_with('&') {
                    end = name - 1;
                } else {
                    return end;
                }
            }
            _ => return end,
        }
    }
}

/// The URLs in `text`: (start, end, link destination).
fn find_urls(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices();
    while let Some((at, c)) = iter.next() {
        let starts_ok = prev.is_none_or(|p| {
            p.is_whitespace() || matches!(p, '*' | '_' | '~' | '(') || is_cjk_boundary(p)
        });
        prev = Some(c);
        if !starts_ok || !matches!(c, 'h' | 'H' | 'w') {
            continue;
        }
        let rest = &text[at..];
        let Some(scheme) = prefix_len(rest) else {
            continue;
        };
        let len = rest
            .find(|c: char| c.is_whitespace() || c == '<' || is_cjk_boundary(c))
            .unwrap_or(rest.len());
        let url = &rest[..trim_end(&rest[..len])];
        let domain_len = url[scheme..]
            .find(|c: char| !is_domain_char(c))
            .unwrap_or(url.len() - scheme);
        if !valid_domain(&url[scheme..scheme + domain_len]) {
            continue;
        }
        let dest = if scheme == 0 {
            format!("http://{url}")
        } else {
            url.to_string()
        };
        found.push((at, at + url.len(), dest));
        // continue after the URL
        let end = at + url.len();
        for (i, ch) in iter.by_ref() {
            prev = Some(ch);
            if i + ch.len_utf8() >= end {
                break;
            }
        }
    }
    found
}

fn may_hold_url(t: &str) -> bool {
    t.contains("://") || t.contains("www.")
}

/// Whether an inline HTML token opens (`Some(true)`) or closes (`Some(false)`) an `<a>`.
fn html_a(html: &str) -> Option<bool> {
    let b = html.as_bytes();
    let (close, at) = if b.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    let is_a = b.first() == Some(&b'<')
        && matches!(b.get(at), Some(b'a' | b'A'))
        && b.get(at + 1)
            .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'));
    is_a.then_some(!close)
}

/// Turns the bare URLs in prose text into links.
pub(super) fn autolink(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if may_hold_url(t)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let (mut in_code, mut in_link, mut in_html_a, mut image_depth) = (false, false, false, 0usize);
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Link { .. }) => in_link = true,
            Event::End(TagEnd::Link) => in_link = false,
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::InlineHtml(h) => {
                if let Some(open) = html_a(h) {
                    in_html_a = open;
                }
            }
            Event::Text(_) if !(in_code || in_link || in_html_a || image_depth > 0) => {
                // pulldown-cmark may split one run of text (at `_`, `*`, entities): join it
                let Event::Text(first) = event else {
                    unreachable!()
                };
                let mut run = vec![(first, range)];
                while let Some((Event::Text(_), _)) = events.peek() {
                    if let Some((Event::Text(t), r)) = events.next() {
                        run.push((t, r));
                    }
                }
                link_run(run, &mut out);
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Pushes a run of text events, with its URLs linked.
fn link_run<'a>(run: Vec<(CowStr<'a>, std::ops::Range<usize>)>, out: &mut Vec<Spanned<'a>>) {
    let text: Cow<'_, str> = if run.len() == 1 {
        Cow::Borrowed(&*run[0].0)
    } else {
        Cow::Owned(run.iter().map(|(t, _)| &**t).collect())
    };
    let urls = if may_hold_url(&text) {
        find_urls(&text)
    } else {
        Vec::new()
    };
    if urls.is_empty() {
        out.extend(run.into_iter().map(|(t, r)| (Event::Text(t), r)));
        return;
    }
    let whole = run[0].1.start..run[run.len() - 1].1.end;
    // Exact source ranges when the text is the source as written (no entities, no escapes).
    let exact = whole.len() == text.len();
    let span = |from: usize, to: usize| {
        if exact {
            whole.start + from..whole.start + to
        } else {
            whole.clone()
        }
    };
    let mut at = 0;
    for (start, end, dest) in urls {
        if start > at {
            out.push((
                Event::Text(text[at..start].to_string().into()),
                span(at, start),
            ));
        }
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            }),
            span(start, end),
        ));
        out.push((
            Event::Text(text[start..end].to_string().into()),
            span(start, end),
        ));
        out.push((Event::End(TagEnd::Link), span(start, end)));
        at = end;
    }
    if at < text.len() {
        out.push((
            Event::Text(text[at..].to_string().into()),
            span(at, text.len()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn html(src: &str) -> String {
        render(src, &Options::default()).html
    }

    fn urls(text: &str) -> Vec<(&str, String)> {
        find_urls(text)
            .into_iter()
            .map(|(s, e, d)| (&text[s..e], d))
            .collect()
    }

    #[test]
    fn gfm_examples() {
        assert_eq!(
            urls("Visit www.commonmark.org/help for more information."),
            [(
                "www.commonmark.org/help",
                "http://www.commonmark.org/help".into()
            )]
        );
        assert_eq!(
            urls("Visit www.commonmark.org."),
            [("www.commonmark.org", "http://www.commonmark.org".into())]
        );
        assert_eq!(
            urls("Visit www.commonmark.org/a.b."),
            [(
                "www.commonmark.org/a.b",
                "http://www.commonmark.org/a.b".into()
            )]
        );
        assert_eq!(
            urls("www.google.com/search?q=Markup+(business)")[0].0,
            "www.google.com/search?q=Markup+(business)"
        );
        assert_eq!(
            urls("www.google.com/search?q=Markup+(business)))")[0].0,
            "www.google.com/search?q=Markup+(business)"
        );
        assert_eq!(
            urls("(www.google.com/search?q=Markup+(business))")[0].0,
            "www.google.com/search?q=Markup+(business)"
        );
        assert_eq!(
            urls("(www.google.com/search?q=Markup+(business)")[0].0,
            "www.google.com/search?q=Markup+(business)"
        );
        assert_eq!(
            urls("www.google.com/search?q=(business))+ok")[0].0,
            "www.google.com/search?q=(business))+ok"
        );
        assert_eq!(
            urls("www.google.com/search?q=commonmark&hl=en")[0].0,
            "www.google.com/search?q=commonmark&hl=en"
        );
        assert_eq!(
            urls("www.google.com/search?q=commonmark&hl;")[0].0,
            "www.google.com/search?q=commonmark"
        );
        assert_eq!(
            urls("www.commonmark.org/he<lp")[0].0,
            "www.commonmark.org/he"
        );
        assert_eq!(urls("http://commonmark.org")[0].0, "http://commonmark.org");
        assert_eq!(
            urls("(Visit https://encrypted.google.com/search?q=Markup+(business))")[0].0,
            "https://encrypted.google.com/search?q=Markup+(business)"
        );
        assert!(urls("www.x_y.com").is_empty());
        assert!(urls("https://example").is_empty());
        assert!(urls("http://localhost:8080").is_empty());
        assert!(urls("xhttps://example.com").is_empty());
        assert!(urls("foo.www.example.com").is_empty());
        assert!(urls("https://").is_empty());
        assert!(urls("www.").is_empty());
    }

    #[test]
    fn chinese_text_around_urls() {
        assert_eq!(
            urls("详见https://example.com/a，其中"),
            [("https://example.com/a", "https://example.com/a".into())]
        );
        assert_eq!(
            urls("原文：https://example.com/news/2026/ai。")[0].0,
            "https://example.com/news/2026/ai"
        );
        assert_eq!(
            urls("（https://example.com/x）")[0].0,
            "https://example.com/x"
        );
        assert_eq!(urls("「www.example.com」")[0].0, "www.example.com");
        assert_eq!(
            urls("见“https://example.com/q”")[0].0,
            "https://example.com/q"
        );
        let two = urls("一 https://a.example.com/1、二 https://b.example.com/2；完");
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].0, "https://b.example.com/2");
    }

    #[test]
    fn renders_links() {
        assert_eq!(
            html("原文：https://example.com/news/2026/ai。\n"),
            "<p>原文：<a href=\"https://example.com/news/2026/ai\">https://example.com/news/2026/ai</a>。</p>\n"
        );
        assert_eq!(
            html("见 www.example.com/a_b_c 页\n"),
            "<p>见 <a href=\"http://www.example.com/a_b_c\">www.example.com/a_b_c</a> 页</p>\n"
        );
    }

    #[test]
    fn not_in_code_links_or_html() {
        let out = html("`https://example.com/code` 和\n\n```\nhttps://example.com/block\n```\n");
        assert!(!out.contains("<a"), "{out}");
        let out = html("[官网 https://example.com/x](https://example.com/y)\n");
        assert_eq!(out.matches("<a").count(), 1, "{out}");
        let out = html("<https://example.com/auto>\n");
        assert_eq!(out.matches("<a").count(), 1, "{out}");
        let out = html(
            "<a href=\"https://example.com/\">https://example.com/</a> 后 https://example.com/b\n",
        );
        assert_eq!(out.matches("<a").count(), 2, "{out}");
        assert!(out.contains("<a href=\"https://example.com/b\">"), "{out}");
        let out = html("<div>\nhttps://example.com/html\n</div>\n");
        assert!(!out.contains("<a"), "{out}");
        let out = html("![图 https://example.com/alt](/a.png)\n");
        assert!(!out.contains("<a"), "{out}");
    }

    #[test]
    fn counts_do_not_change() {
        let src = "据报道，详见https://example.com/a，其中 GPT-5 表现 www.example.com。\n";
        let with = render(src, &Options::default());
        assert!(with.html.contains("<a href=\"https://example.com/a\">"));
        let stats = super::super::stats::collect(&super::super::cjk_test_util::parse(src), &[]);
        assert_eq!(with.cjk_chars, stats.cjk_chars);
        assert_eq!(with.latin_words, stats.latin_words);
        assert_eq!(with.plain_text, stats.plain_text);
    }

    #[test]
    fn split_text_is_joined() {
        // `&amp;` makes pulldown-cmark split the text
        let out = html("https://example.com/?a=1&amp;b=2 后\n");
        assert!(
            out.contains("<a href=\"https://example.com/?a=1&amp;b=2\">https://example.com/?a=1&amp;b=2</a> 后"),
            "{out}"
        );
    }
}
