//! The raw-HTML policy (`markdown.raw_html`): `allow` passes raw HTML through, `sanitize`
//! (the default) keeps safe tags and attributes and drops everything else with `ammonia`,
//! `escape` shows raw HTML as text. `<!-- more -->` markers are kept under every policy.
//!
//! Raw HTML arrives in pieces: one `InlineHtml` event per tag, one `Html` event per line of
//! an HTML block, and Markdown in between (`<details>`, a blank line, Markdown, `</details>`).
//! Sanitizing piece by piece would close every tag where it opens. Instead all raw HTML of
//! a document goes through the sanitizer at once, with a placeholder for each run of Markdown
//! in between; the output is split at the placeholders and each part replaces its run of raw
//! HTML. When the placeholders do not come back once each, in order, and in text (an unclosed
//! `<script>` swallowed one, or an unclosed attribute value holds one), each run of raw HTML
//! is sanitized on its own instead, which is always balanced.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::more::is_more_marker;
use super::urls::{blocked_message, blocked_scheme, scheme, UrlUse};
use super::Spanned;
use crate::config::RawHtml;

/// Tags kept beyond ammonia's defaults (which include `details`, `summary`, `sup`, `sub`,
/// `kbd`, `mark`, `ruby`, `rt`, `rp`, `br`, tables, `figure` and `figcaption`).
const EXTRA_TAGS: &[&str] = &["video", "audio", "source", "picture", "track"];
const EXTRA_TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("details", &["open"]),
    (
        "video",
        &[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "loop",
            "muted",
            "playsinline",
            "preload",
        ],
    ),
    ("audio", &["src", "controls", "loop", "muted", "preload"]),
    ("source", &["src", "type", "media"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("img", &["loading", "decoding"]),
    ("ol", &["type", "reversed"]),
];
// no `id`: raw HTML could clobber the theme's ids (and the DOM globals they make)
const EXTRA_GENERIC_ATTRIBUTES: &[&str] = &["class", "dir"];
/// Attributes holding a URL, checked with [`blocked_scheme`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "cite"];

fn url_use(tag: &str, attribute: &str) -> UrlUse {
    match (tag, attribute) {
        ("img" | "video" | "audio" | "source" | "track", "src") | (_, "poster") => UrlUse::Image,
        _ => UrlUse::Link,
    }
}

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(EXTRA_TAGS)
            .add_generic_attributes(EXTRA_GENERIC_ATTRIBUTES)
            // `data:` images pass ammonia; the attribute filter below refuses the rest
            .add_url_schemes(["data"])
            .attribute_filter(|tag, attribute, value| {
                if URL_ATTRIBUTES.contains(&attribute)
                    && blocked_scheme(value, url_use(tag, attribute)).is_some()
                {
                    None
                } else {
                    Some(value.into())
                }
            });
        for (tag, attributes) in EXTRA_TAG_ATTRIBUTES {
            b.add_tag_attributes(tag, attributes.iter());
        }
        b
    })
}

fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

/// Raw HTML that the policy applies to (everything but `<!-- more -->`).
fn is_raw(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(h) | Event::InlineHtml(h) if !is_more_marker(h))
}

/// Applies `policy` to the raw HTML of `events`. Free when there is none.
pub(super) fn apply(events: Vec<Spanned<'_>>, policy: RawHtml) -> Vec<Spanned<'_>> {
    if policy == RawHtml::Allow || !events.iter().any(|(e, _)| is_raw(e)) {
        return events;
    }
    match policy {
        RawHtml::Allow => events,
        RawHtml::Escape => escape(events),
        RawHtml::Sanitize => sanitize_events(events),
    }
}

/// Raw HTML as text: inline HTML in place, an HTML block as a paragraph.
fn escape(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len());
    for (i, (event, range)) in events.iter().enumerate() {
        let event = match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)
                if block_has_raw(&events, i) =>
            {
                if matches!(event, Event::Start(_)) {
                    Event::Start(Tag::Paragraph)
                } else {
                    Event::End(TagEnd::Paragraph)
                }
            }
            Event::Html(h) | Event::InlineHtml(h) if !is_more_marker(h) => {
                let last_in_block = matches!(events.get(i + 1), Some((Event::End(_), _)));
                let text = if last_in_block { h.trim_end() } else { h };
                Event::Text(CowStr::from(text.to_string()))
            }
            other => other.clone(),
        };
        out.push((event, range.clone()));
    }
    out
}

/// Whether the HTML block that starts or ends at `i` has raw HTML other than a more marker.
fn block_has_raw(events: &[Spanned<'_>], i: usize) -> bool {
    let inside = |e: &Event<'_>| matches!(e, Event::Html(_));
    let before = events[..i].iter().rev().take_while(|(e, _)| inside(e));
    let after = events[i + 1..].iter().take_while(|(e, _)| inside(e));
    before.chain(after).any(|(e, _)| is_raw(e))
}

const PH_OPEN: char = '\u{E000}';
const PH_CLOSE: char = '\u{E001}';

/// The runs of raw HTML of a document: `runs[k]` are the indices of the raw events right
/// before Markdown run `k` (`runs[n]`: after the last one), and `markdown_at[k]` the index
/// where Markdown run `k` starts.
struct Runs {
    runs: Vec<Vec<usize>>,
    markdown_at: Vec<usize>,
}

fn runs(events: &[Spanned<'_>]) -> Runs {
    let (mut runs, mut markdown_at, mut current) = (Vec::new(), Vec::new(), Vec::new());
    let mut in_markdown = false;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            // render nothing themselves
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            e if is_raw(e) => {
                in_markdown = false;
                current.push(i);
            }
            _ => {
                if !in_markdown {
                    in_markdown = true;
                    runs.push(std::mem::take(&mut current));
                    markdown_at.push(i);
                }
            }
        }
    }
    runs.push(current);
    Runs { runs, markdown_at }
}

fn html_of<'e>(events: &'e [Spanned<'_>], run: &'e [usize]) -> impl Iterator<Item = &'e str> {
    run.iter().map(move |&i| match &events[i].0 {
        Event::Html(h) | Event::InlineHtml(h) => &**h,
        _ => "",
    })
}

/// The sanitized HTML of every run, sanitized together (see the module comment) when that
/// keeps the placeholders intact.
fn sanitized_parts(events: &[Spanned<'_>], r: &Runs) -> Vec<String> {
    let mut joined = String::new();
    let mut forged = false;
    for (k, run) in r.runs.iter().enumerate() {
        for h in html_of(events, run) {
            forged |= h.contains([PH_OPEN, PH_CLOSE]);
            joined.push_str(h);
        }
        if k < r.markdown_at.len() {
            joined.push(PH_OPEN);
            joined.push_str(&k.to_string());
            joined.push(PH_CLOSE);
        }
    }
    if !forged {
        if let Some(parts) = split_placeholders(&sanitize(&joined), r.markdown_at.len()) {
            return parts;
        }
    }
    r.runs
        .iter()
        .map(|run| {
            if run.is_empty() {
                String::new()
            } else {
                sanitize(&html_of(events, run).collect::<String>())
            }
        })
        .collect()
}

/// Splits sanitized HTML at placeholders `0..n`, or `None` unless each is there once, in
/// order, in text (not in a tag). The serializer quotes every attribute value with `"` and
/// escapes `<`, `>` in text and `"` in values, so a quote-aware scan finds the tags.
fn split_placeholders(html: &str, n: usize) -> Option<Vec<String>> {
    let mut parts = Vec::with_capacity(n + 1);
    let (mut in_tag, mut in_quote, mut part_start) = (false, false, 0);
    let mut i = 0;
    while let Some(c) = html[i..].chars().next() {
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quote = !in_quote,
            '>' if in_tag && !in_quote => in_tag = false,
            PH_OPEN => {
                let rest = &html[i + PH_OPEN.len_utf8()..];
                let close = rest.find(PH_CLOSE)?;
                if in_tag || rest[..close] != parts.len().to_string() {
                    return None;
                }
                parts.push(html[part_start..i].to_string());
                part_start = i + PH_OPEN.len_utf8() + close + PH_CLOSE.len_utf8();
                i = part_start;
                continue;
            }
            PH_CLOSE => return None,
            _ => {}
        }
        i += c.len_utf8();
    }
    parts.push(html[part_start..].to_string());
    (parts.len() == n + 1).then_some(parts)
}

fn sanitize_events(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let r = runs(&events);
    let parts = sanitized_parts(&events, &r);
    // first raw event of a run → its part; the other raw events → removed
    let mut replace: HashMap<usize, String> = HashMap::new();
    let mut remove: HashSet<usize> = HashSet::new();
    // parts of empty runs (a closing tag the sanitizer added) go in before their Markdown
    let mut insert: HashMap<usize, String> = HashMap::new();
    let mut trailing = None;
    for (k, (run, part)) in r.runs.iter().zip(parts).enumerate() {
        if let Some((&first, rest)) = run.split_first() {
            replace.insert(first, part);
            remove.extend(rest);
        } else if !part.is_empty() {
            match r.markdown_at.get(k) {
                Some(&at) => {
                    insert.insert(at, part);
                }
                None => trailing = Some(part),
            }
        }
    }
    let end = events.last().map_or(0, |(_, r)| r.end);
    let mut out = Vec::with_capacity(events.len());
    for (i, (event, range)) in events.into_iter().enumerate() {
        if let Some(part) = insert.remove(&i) {
            out.push((Event::InlineHtml(part.into()), range.start..range.start));
        }
        if remove.contains(&i) {
            continue;
        }
        match replace.remove(&i) {
            Some(part) => {
                let event = match event {
                    Event::Html(_) => Event::Html(part.into()),
                    _ => Event::InlineHtml(part.into()),
                };
                out.push((event, range));
            }
            None => out.push((event, range)),
        }
    }
    if let Some(part) = trailing {
        out.push((Event::Html(part.into()), end..end));
    }
    out
}

/// One change a policy makes to a document: the byte offset in the source and what changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub offset: usize,
    pub message: String,
}

/// What rendering `source` under `policy` changes: raw HTML the policy removes or escapes,
/// and links and images whose URL scheme is blocked (under every policy). For `check`.
pub fn changes(source: &str, policy: RawHtml) -> Vec<Change> {
    let events: Vec<Spanned<'_>> = Parser::new_ext(source, super::parser_options())
        .into_offset_iter()
        .collect();
    let mut out = Vec::new();
    for (event, range) in &events {
        let (url, what) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, UrlUse::Link),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, UrlUse::Image),
            _ => continue,
        };
        if let Some(s) = blocked_scheme(url, what) {
            let shown = if what == UrlUse::Link {
                "link shown as text"
            } else {
                "image shown as its alt text"
            };
            out.push(Change {
                offset: range.start,
                message: format!("{shown}: {}", blocked_message(&s)),
            });
        }
    }
    if policy == RawHtml::Allow || !events.iter().any(|(e, _)| is_raw(e)) {
        return out;
    }
    let prefix = match policy {
        RawHtml::Escape => "raw HTML changed by markdown.raw_html: escape",
        _ => "raw HTML changed by markdown.raw_html: sanitize",
    };
    for run in runs(&events).runs.iter().filter(|r| !r.is_empty()) {
        if policy == RawHtml::Escape {
            let first = html_of(&events, run).next().unwrap_or("");
            let line = first.lines().next().unwrap_or("").trim();
            let short: String = line.chars().take(40).collect();
            let more = if short.len() < line.len() { "…" } else { "" };
            out.push(Change {
                offset: events[run[0]].1.start,
                message: format!("{prefix}: `{short}{more}` is shown as text"),
            });
            continue;
        }
        // offsets in the joined HTML → in the source
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut joined = String::new();
        for (&i, h) in run.iter().zip(html_of(&events, run)) {
            pieces.push((joined.len(), events[i].1.start));
            joined.push_str(h);
        }
        for (at, what) in removals(&joined) {
            let piece = pieces.iter().rev().find(|(from, _)| *from <= at);
            let offset = piece.map_or(0, |(from, src)| src + (at - from));
            let mut offset = offset.min(source.len());
            while !source.is_char_boundary(offset) {
                offset -= 1;
            }
            out.push(Change {
                offset,
                message: format!("{prefix}: {what}"),
            });
        }
    }
    out.sort_by_key(|c| c.offset);
    out
}

/// What the sanitizer removes from `html`, by offset: tags not on the list, attributes not on
/// the list and URLs with a scheme it refuses. A tokenizer for messages only; the output is
/// always ammonia's.
fn removals(html: &str) -> Vec<(usize, String)> {
    let b = builder();
    let (tags, tag_attributes) = (b.clone_tags(), b.clone_tag_attributes());
    let (generic, schemes) = (b.clone_generic_attributes(), b.clone_url_schemes());
    let content_tags = b.clone_clean_content_tags();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = at + 4 + comment.find("-->").map_or(comment.len(), |e| e + 3);
            continue;
        }
        let Some(tag) = parse_tag(rest) else {
            i = at + 1;
            continue;
        };
        i = at + tag.len;
        if tag.closing {
            continue;
        }
        let name = tag.name.as_str();
        if content_tags.contains(name) {
            out.push((at, format!("removed `<{name}>` and its content")));
            let close = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).unwrap_or(lower.len());
            continue;
        }
        if !tags.contains(name) {
            out.push((at, format!("removed `<{name}>` tag")));
            continue;
        }
        for (attribute, value) in &tag.attributes {
            let attribute = attribute.as_str();
            let allowed = generic.contains(attribute)
                || tag_attributes
                    .get(name)
                    .is_some_and(|a| a.contains(attribute));
            if !allowed {
                out.push((at, format!("removed `{attribute}` attribute of `<{name}>`")));
                continue;
            }
            if !URL_ATTRIBUTES.contains(&attribute) {
                continue;
            }
            let refused = blocked_scheme(value, url_use(name, attribute)).or_else(|| {
                scheme(value)
                    .filter(|(s, _)| !schemes.contains(s.as_str()))
                    .map(|(s, _)| format!("{s}:"))
            });
            if let Some(s) = refused {
                out.push((
                    at,
                    format!(
                        "removed `{attribute}` attribute of `<{name}>`: {}",
                        blocked_message(&s)
                    ),
                ));
            }
        }
    }
    out
}

struct ParsedTag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
    len: usize,
}

/// The tag at the start of `s` (`<img src=x onerror="a">`, `</b>`), names lowercased.
fn parse_tag(s: &str) -> Option<ParsedTag> {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let mut i = if closing { 2 } else { 1 };
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = i + s[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len() - i);
    let name = s[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attributes = Vec::new();
    loop {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        match b.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            _ => {}
        }
        let attr_end = i + s[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '=' | '/'))
            .unwrap_or(s.len() - i);
        let attr_end = attr_end.max(i + 1).min(s.len());
        let attribute = s[i..attr_end].to_ascii_lowercase();
        i = attr_end;
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = s[i + 1..].find(q as char).map_or(s.len(), |e| i + 1 + e);
                    value = s[i + 1..end].to_string();
                    i = (end + 1).min(s.len());
                }
                _ => {
                    let end = i + s[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(s.len() - i);
                    value = s[i..end].to_string();
                    i = end;
                }
            }
        }
        attributes.push((attribute, value));
    }
    Some(ParsedTag {
        name,
        closing,
        attributes,
        len: i,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn with(policy: RawHtml, src: &str) -> String {
        render(
            src,
            &Options {
                raw_html: policy,
                ..Options::default()
            },
        )
        .html
    }

    fn html(src: &str) -> String {
        with(RawHtml::Sanitize, src)
    }

    #[test]
    fn default_is_sanitize() {
        assert_eq!(Options::default().raw_html, RawHtml::Sanitize);
    }

    #[test]
    fn dangerous_html_is_removed() {
        for (src, bad) in [
            ("<script>alert(1)</script>\n", "alert"),
            ("正文<script>alert(1)</script>正文\n", "<script"),
            ("<img src=x onerror=alert(1)>\n", "onerror"),
            ("图 <img src=x onerror=alert(1)> 图\n", "onerror"),
            ("<a href=\"javascript:alert(1)\">x</a>\n", "javascript"),
            (
                "点 <a href=\"java&#x09;script:alert(1)\">x</a>\n",
                "script:",
            ),
            ("<svg onload=alert(1)></svg>\n", "svg"),
            (
                "<iframe src=\"https://evil.example.com\"></iframe>\n",
                "iframe",
            ),
            ("<style>body{display:none}</style>\n", "display"),
            (
                "<form action=\"https://evil.example.com\"><input></form>\n",
                "form",
            ),
            ("<a href=\"data:text/html,x\">x</a>\n", "data:"),
            ("<a href=\"vbscript:msgbox\">x</a>\n", "vbscript"),
            ("<span onclick=\"alert(1)\">点我</span>\n", "onclick"),
        ] {
            let out = html(src);
            assert!(!out.contains(bad), "{src} → {out}");
        }
    }

    #[test]
    fn safe_html_survives() {
        let out = html("<details>\n<summary>展开</summary>\n\n**正文**\n\n</details>\n");
        assert_eq!(
            out,
            "<details>\n<summary>展开</summary>\n<p><strong>正文</strong></p>\n</details>\n"
        );
        let out = html(
            "按 <kbd>Ctrl</kbd>+<kbd>C</kbd>，H<sub>2</sub>O，x<sup>2</sup>，<mark>重点</mark>\n",
        );
        assert_eq!(
            out,
            "<p>按 <kbd>Ctrl</kbd>+<kbd>C</kbd>，H<sub>2</sub>O，x<sup>2</sup>，<mark>重点</mark></p>\n"
        );
        let out = html("<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>换行<br>了\n");
        assert!(
            out.contains("<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>"),
            "{out}"
        );
        assert!(out.contains("<br>"), "{out}");
        let out = html("<table><tr><td colspan=\"2\">格</td></tr></table>\n");
        assert!(out.contains("<td colspan=\"2\">格</td>"), "{out}");
        let out =
            html("<figure><img src=\"/a.png\" alt=\"图\"><figcaption>说明</figcaption></figure>\n");
        assert!(out.contains("<figcaption>说明</figcaption>"), "{out}");
        assert!(out.contains("src=\"/a.png\""), "{out}");
        let out = html(
            "<video controls src=\"/v.mp4\"><source src=\"/v.webm\" type=\"video/webm\"></video>\n",
        );
        assert!(
            out.contains("<video controls=\"\" src=\"/v.mp4\">"),
            "{out}"
        );
        assert!(
            out.contains("<source src=\"/v.webm\" type=\"video/webm\">"),
            "{out}"
        );
        let out = html("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"点\">\n");
        assert!(
            out.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""),
            "{out}"
        );
    }

    #[test]
    fn attributes_are_filtered_not_tags() {
        assert_eq!(
            html("<span onclick=\"alert(1)\" class=\"x\">点我</span>\n"),
            "<p><span class=\"x\">点我</span></p>\n"
        );
        assert_eq!(
            html("正文 <img src=\"/a.png\" onerror=\"alert(1)\"> 完\n"),
            "<p>正文 <img src=\"/a.png\"> 完</p>\n"
        );
    }

    #[test]
    fn unbalanced_html_is_closed() {
        let out = html("<b>粗 *强调* 字\n\n下一段\n");
        assert!(out.ends_with("</b>"), "{out}");
        // an unclosed `<script>` swallows the rest of the raw HTML: per-run fallback
        let out = html("正文 <script> 正文 *强调* </script>\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("<em>强调</em>"), "{out}");
        // an unclosed attribute value must not swallow the Markdown after it
        let out = html("<div title=\"\n\n[链接](https://example.com/)\n\n<div>\">\n");
        assert!(
            out.contains("<p><a href=\"https://example.com/\">链接</a></p>"),
            "{out}"
        );
        assert!(!out.contains("title"), "{out}");
    }

    #[test]
    fn forged_placeholders() {
        let out = html("<b>\u{E000}0\u{E001}</b> 正文 <i>斜</i>\n");
        assert!(out.contains("<i>斜</i>"), "{out}");
    }

    #[test]
    fn more_marker_is_kept() {
        for policy in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Allow] {
            let r = render(
                "导语 <b>粗</b>\n\n<!-- more -->\n\n正文\n",
                &Options {
                    raw_html: policy,
                    ..Options::default()
                },
            );
            assert!(r.summary_html.is_some(), "{policy:?}");
            assert!(!r.html.contains("more"), "{policy:?} {}", r.html);
        }
    }

    #[test]
    fn escape_shows_tags() {
        assert_eq!(
            with(
                RawHtml::Escape,
                "<div class=\"x\">\n<script>alert(1)</script>\n</div>\n"
            ),
            "<p>&lt;div class=\"x\"&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;</p>\n"
        );
        assert_eq!(
            with(RawHtml::Escape, "按 <kbd>Ctrl</kbd>\n"),
            "<p>按 &lt;kbd&gt;Ctrl&lt;/kbd&gt;</p>\n"
        );
    }

    #[test]
    fn allow_passes_through() {
        let src = "<div onclick=\"x()\">\n<script>ok()</script>\n</div>\n\n按 <kbd onclick=\"y()\">K</kbd>\n";
        let out = with(RawHtml::Allow, src);
        assert!(
            out.contains("<div onclick=\"x()\">\n<script>ok()</script>\n</div>"),
            "{out}"
        );
        assert!(out.contains("<kbd onclick=\"y()\">K</kbd>"), "{out}");
    }

    #[test]
    fn no_raw_html_no_change() {
        let src = "# 标题\n\n正文 **粗** [链接](/a/)\n";
        for policy in [RawHtml::Sanitize, RawHtml::Escape] {
            assert_eq!(with(policy, src), with(RawHtml::Allow, src));
        }
    }

    /// Random documents from pieces of Markdown and HTML: nothing live ever comes out (every
    /// `<` in the output starts a tag, as text `<` is escaped).
    #[test]
    fn random_documents_stay_safe() {
        const PIECES: &[&str] = &[
            "<details>",
            "</details>",
            "<summary>",
            "<b>",
            "</b>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "<script>",
            "</script>",
            "<style>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">",
            "</a>",
            "<div title=\"",
            "\">",
            "<!--",
            "-->",
            "<!-- more -->",
            "<svg onload=alert(1)>",
            "<textarea>",
            "<kbd>",
            "</kbd>",
            "<p>",
            "<iframe>",
            "<xmp>",
            "<plaintext>",
            "<select>",
            "<math>",
            "<noscript>",
            "<template>",
            "\u{E000}0\u{E001}",
            "\n\n",
            "\n",
            "> ",
            "- ",
            "**",
            "`",
            "```\n",
            "[x](",
            ")",
            "javascript:alert(1)",
            "https://example.com/a",
            "正文",
            "onerror=alert(1)",
            " ",
            "&#x6A;",
            "<a href=",
            "'",
            "\"",
            "![i](",
            "<br/>",
            "<span onclick=x>",
            "</span>",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let n = (next() % 24) as usize;
            let src: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let out = html(&src);
            // every tag of the output, quote-aware (both serializers quote with `"`)
            let (mut tags, mut tag, mut in_quote) = (Vec::new(), None::<String>, false);
            for c in out.chars() {
                match (&mut tag, c) {
                    (None, '<') => tag = Some(String::new()),
                    (Some(t), '"') => {
                        in_quote = !in_quote;
                        t.push(c);
                    }
                    (Some(_), '>') if !in_quote => tags.extend(tag.take()),
                    (Some(t), _) => t.push(c.to_ascii_lowercase()),
                    (None, _) => {}
                }
            }
            for tag in tags {
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(
                    ![
                        "script",
                        "style",
                        "svg",
                        "iframe",
                        "textarea",
                        "xmp",
                        "plaintext",
                        "select",
                        "math",
                        "noscript",
                        "template",
                    ]
                    .contains(&name.as_str()),
                    "{src:?} → {out}"
                );
                // attribute names: the tag without its quoted values
                let names: String = tag.split('"').step_by(2).collect();
                for bad in [" onerror", " onload", " onclick"] {
                    assert!(!names.contains(bad), "{src:?} → {out}");
                }
                for bad in ["href=\"javascript", "src=\"javascript"] {
                    assert!(!tag.contains(bad), "{src:?} → {out}");
                }
            }
        }
    }

    #[test]
    fn changes_are_described() {
        let src = "正文\n\n<img src=x onerror=alert(1)>\n\n按 <span onclick=\"x\">K</span>\n\n<script>a()</script>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(1)\">x</a>\n";
        let c = changes(src, RawHtml::Sanitize);
        let messages: Vec<(usize, &str)> = c
            .iter()
            .map(|c| {
                (
                    src[..c.offset].matches('\n').count() + 1,
                    c.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                (3, "raw HTML changed by markdown.raw_html: sanitize: removed `onerror` attribute of `<img>`"),
                (5, "raw HTML changed by markdown.raw_html: sanitize: removed `onclick` attribute of `<span>`"),
                (7, "raw HTML changed by markdown.raw_html: sanitize: removed `<script>` and its content"),
                (9, "link shown as text: the URL scheme `javascript:` is not allowed"),
                (11, "raw HTML changed by markdown.raw_html: sanitize: removed `href` attribute of `<a>`: the URL scheme `javascript:` is not allowed"),
            ]
        );
        assert!(changes(
            "<kbd>K</kbd> <details><summary>s</summary></details>\n",
            RawHtml::Sanitize
        )
        .is_empty());
        let c = changes("<div>\n</div>\n", RawHtml::Escape);
        assert_eq!(
            c[0].message,
            "raw HTML changed by markdown.raw_html: escape: `<div>` is shown as text"
        );
        assert!(changes("<script>x</script>\n", RawHtml::Allow).is_empty());
    }
}
