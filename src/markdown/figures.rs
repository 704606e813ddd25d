//! Images: lazy loading everywhere, numbered `<figure>`s for standalone
//! images with alt text.
//!
//! * An image with alt text that is the only content of its paragraph (or of
//!   a tight list item's text; whitespace and soft breaks ignored) becomes
//!   `<figure><img …><figcaption>图 N：alt</figcaption></figure>`, replacing
//!   the paragraph (a `<figure>` inside `<p>` would be invalid HTML). Figures
//!   are numbered per article from 1, in document order.
//! * A linked image standing alone (`[![alt](a.png)](b/)`) is a figure too,
//!   with the link kept around the `<img>` inside it; the caption is outside
//!   the link.
//! * Any other image — inside text, in a heading or table cell, or with empty
//!   alt text — is rendered as `<img … loading="lazy" decoding="async">`
//!   only. Only figures are numbered: inline images do not use up a number.
//!
//! Alt text is the plain text of the image description (emphasis, code spans
//! and nested images flattened to their text, line breaks to spaces, raw
//! inline HTML dropped), trimmed. The image title, if any, is kept as
//! `title="…"`. Every attribute value and the caption are HTML-escaped; URLs
//! are escaped the way pulldown-cmark escapes them. This pass runs after the
//! base-path rewrite, so it renders the rewritten URLs.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::highlight::escape_html;
use super::shortcodes::parse::markers as shortcode_markers;
use super::sources::ImageAttrs;
use super::Spanned;

/// Bytes that are written as they are in an href; everything else is
/// percent-encoded, except `&` and `'`, which become entities. The same
/// table as `pulldown_cmark_escape::escape_href` (0.11), which pulldown-cmark
/// 0.13 uses for links but does not re-export.
static HREF_SAFE: [u8; 128] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, //
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, //
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, //
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, //
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, //
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, //
];

/// Appends `s` escaped for a double-quoted `href`/`src` value, exactly as
/// pulldown-cmark's renderer does for links and images.
fn escape_href(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut mark = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b < 0x80 && HREF_SAFE[b as usize] == 1 {
            continue;
        }
        if mark < i {
            // (`mark` can be inside a multi-byte character being encoded)
            out.push_str(&s[mark..i]);
        }
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
        }
        mark = i + 1;
    }
    out.push_str(&s[mark..]);
}

/// Index of the `End` matching the `Start` at `start` (or the last index if
/// the list is cut short). Iterative: a depth counter, no recursion.
fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (k, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The plain text of the events strictly between `range.start` and
/// `range.end`, trimmed.
fn alt_text(events: &[Spanned<'_>], range: Range<usize>) -> String {
    let mut alt = String::new();
    for (event, _) in &events[range.start + 1..range.end] {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                alt.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt.trim().to_string()
}

/// Whitespace-only text or a soft break: ignored around a standalone image.
fn is_blank(event: &Event<'_>) -> bool {
    match event {
        Event::SoftBreak => true,
        Event::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// Events that end the text of a tight list item: the item's end, or a
/// block nested in it.
fn ends_item_text(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(TagEnd::Item)
            | Event::Rule
            | Event::Start(
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::FootnoteDefinition(_)
                    | Tag::Table(_)
                    | Tag::DefinitionList
                    | Tag::MetadataBlock(_)
            )
    )
}

/// A standalone image: where it is and what it renders as.
struct Standalone {
    /// The index of the `Start(Link)` around the image, if it is linked.
    link: Option<usize>,
    /// `Start(Image)`..`End(Image)` indices.
    image: Range<usize>,
    alt: String,
    /// The index of the event that ended the run (`End(Paragraph)`, or what
    /// ended a tight item's text).
    terminator: usize,
}

/// Checks whether the inline run starting at `from` is just one image with
/// alt text (possibly inside a link that holds nothing else), surrounded by
/// blanks and ended by an event for which `is_end` holds.
fn standalone(
    events: &[Spanned<'_>],
    from: usize,
    is_end: impl Fn(&Event<'_>) -> bool,
) -> Option<Standalone> {
    let skip_blanks = |mut j: usize| {
        while j < events.len() && is_blank(&events[j].0) {
            j += 1;
        }
        j
    };
    let mut j = skip_blanks(from);
    let mut link = None;
    if let Event::Start(Tag::Link { .. }) = events.get(j)?.0 {
        link = Some(j);
        j = skip_blanks(j + 1);
    }
    let Event::Start(Tag::Image { .. }) = events.get(j)?.0 else {
        return None;
    };
    let image = j..matching_end(events, j);
    j = skip_blanks(image.end + 1);
    if link.is_some() {
        let Event::End(TagEnd::Link) = events.get(j)?.0 else {
            return None;
        };
        j = skip_blanks(j + 1);
    }
    if !is_end(&events.get(j)?.0) {
        return None;
    }
    let alt = alt_text(events, image.clone());
    if alt.is_empty() {
        return None;
    }
    Some(Standalone {
        link,
        image,
        alt,
        terminator: j,
    })
}

/// Appends `<img src alt [title] loading decoding>` for the `Start(Image)`
/// event `image`, with the already flattened `alt`.
/// `extra` is the images stage's attributes (width, height, srcset), if any.
fn push_img(out: &mut String, image: &Event<'_>, alt: &str, extra: Option<String>) {
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = image
    else {
        return;
    };
    out.push_str("<img src=\"");
    escape_href(out, dest_url);
    out.push_str("\" alt=\"");
    escape_html(out, alt);
    if !title.is_empty() {
        out.push_str("\" title=\"");
        escape_html(out, title);
    }
    out.push('"');
    if let Some(extra) = extra {
        out.push_str(&extra);
    }
    out.push_str(" loading=\"lazy\" decoding=\"async\">");
}

/// The images stage's attributes for the `Start(Image)` event at `at`.
fn extra_attrs(
    events: &[Spanned<'_>],
    at: usize,
    images: Option<&dyn ImageAttrs>,
) -> Option<String> {
    let (Event::Start(Tag::Image { dest_url, .. }), range) = &events[at] else {
        return None;
    };
    images?.attrs(dest_url, range.start)
}

/// The `<figure>` for a standalone image, numbered `number`.
fn figure_html(
    events: &[Spanned<'_>],
    s: &Standalone,
    number: usize,
    images: Option<&dyn ImageAttrs>,
) -> String {
    let mut out = String::with_capacity(128 + 2 * s.alt.len());
    out.push_str("<figure>");
    let link = s.link.map(|k| &events[k].0);
    if let Some(Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        ..
    })) = link
    {
        out.push_str("<a href=\"");
        if *link_type == LinkType::Email {
            out.push_str("mailto:");
        }
        escape_href(&mut out, dest_url);
        if !title.is_empty() {
            out.push_str("\" title=\"");
            escape_html(&mut out, title);
        }
        out.push_str("\">");
    }
    let extra = extra_attrs(events, s.image.start, images);
    push_img(&mut out, &events[s.image.start].0, &s.alt, extra);
    if link.is_some() {
        out.push_str("</a>");
    }
    out.push_str("<figcaption>图 ");
    out.push_str(&number.to_string());
    out.push('：');
    escape_html(&mut out, &s.alt);
    out.push_str("</figcaption></figure>");
    out
}

fn span(events: &[Spanned<'_>], from: usize, to: usize) -> Range<usize> {
    events[from].1.start..events[to].1.end
}

/// Replaces every image with lazy-loading HTML, and standalone images with
/// alt text with numbered figures (see the module docs), local images with their
/// dimensions and variants (`images`). Shortcodes that take a number (`numbered[call]`:
/// `figure`, `gallery`) share the sequence: returns each call's number (0 for none), for
/// the shortcode pass that renders them.
pub(super) fn figures<'a>(
    mut events: Vec<Spanned<'a>>,
    shortcodes: &[bool],
    images: Option<&dyn ImageAttrs>,
) -> (Vec<Spanned<'a>>, Vec<usize>) {
    let mut numbers = vec![0usize; shortcodes.len()];
    let any_shortcode = shortcodes.iter().any(|n| *n);
    if !any_shortcode
        && !events
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return (events, numbers);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut numbered = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Paragraph) => {
                let found = standalone(&events, i + 1, |e| {
                    matches!(e, Event::End(TagEnd::Paragraph))
                });
                if let Some(s) = found {
                    numbered += 1;
                    let mut html = figure_html(&events, &s, numbered, images);
                    html.push('\n');
                    out.push((
                        Event::Html(CowStr::from(html)),
                        span(&events, i, s.terminator),
                    ));
                    i = s.terminator + 1;
                    continue;
                }
            }
            Event::Start(Tag::Item) => {
                // A tight item's text is not wrapped in a paragraph; a
                // `<figure>` directly in the `<li>` is valid.
                if let Some(s) = standalone(&events, i + 1, ends_item_text) {
                    numbered += 1;
                    let html = figure_html(&events, &s, numbered, images);
                    let first = s.link.unwrap_or(s.image.start);
                    let last = s.terminator - 1;
                    let item = std::mem::replace(&mut events[i].0, Event::SoftBreak);
                    out.push((item, events[i].1.clone()));
                    out.push((
                        Event::InlineHtml(CowStr::from(html)),
                        span(&events, first, last),
                    ));
                    i = s.terminator;
                    continue;
                }
            }
            Event::Start(Tag::Image { .. }) => {
                let end = matching_end(&events, i);
                let alt = alt_text(&events, i..end);
                let mut html = String::with_capacity(64 + alt.len());
                let extra = extra_attrs(&events, i, images);
                push_img(&mut html, &events[i].0, &alt, extra);
                out.push((Event::InlineHtml(CowStr::from(html)), span(&events, i, end)));
                i = end + 1;
                continue;
            }
            Event::Text(t) if any_shortcode => {
                for (k, _) in shortcode_markers(t) {
                    if shortcodes.get(k) == Some(&true) {
                        numbered += 1;
                        numbers[k] = numbered;
                    }
                }
            }
            _ => {}
        }
        let event = std::mem::replace(&mut events[i].0, Event::SoftBreak);
        out.push((event, events[i].1.clone()));
        i += 1;
    }
    (out, numbers)
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn html(src: &str) -> String {
        render(src, &Options::default()).html
    }

    const IMG: &str = "loading=\"lazy\" decoding=\"async\"";

    #[test]
    fn standalone_image_becomes_figure() {
        let out = html("![数据中心机柜示意](/images/rack.png)\n");
        assert_eq!(
            out,
            format!(
                "<figure><img src=\"/images/rack.png\" alt=\"数据中心机柜示意\" {IMG}>\
                 <figcaption>图 1：数据中心机柜示意</figcaption></figure>\n"
            )
        );
        // whitespace and soft breaks around it are ignored; the title is kept
        let out = html("  ![发布会现场](/img/gtc.jpg \"GTC 2025\")  \n\n");
        assert_eq!(
            out,
            format!(
                "<figure><img src=\"/img/gtc.jpg\" alt=\"发布会现场\" title=\"GTC 2025\" {IMG}>\
                 <figcaption>图 1：发布会现场</figcaption></figure>\n"
            )
        );
        assert!(!out.contains("<p>"), "{out}");
    }

    #[test]
    fn figures_are_numbered_in_order() {
        let out = html(
            "英伟达发布新一代芯片。\n\n![数据中心机柜示意](a.png)\n\n中间段落。\n\n![液冷系统](b.png)\n",
        );
        assert!(
            out.contains("<figcaption>图 1：数据中心机柜示意</figcaption>"),
            "{out}"
        );
        assert!(
            out.contains("<figcaption>图 2：液冷系统</figcaption>"),
            "{out}"
        );
        assert!(out.find("图 1").unwrap() < out.find("图 2").unwrap());
        assert_eq!(out.matches("<p>").count(), 2, "{out}");
    }

    #[test]
    fn inline_image_is_not_a_figure_and_not_numbered() {
        let out = html("芯片外观 ![芯片图标](chip.png) 如图。\n\n![数据中心机柜示意](rack.png)\n");
        assert!(
            out.starts_with(&format!(
                "<p>芯片外观 <img src=\"chip.png\" alt=\"芯片图标\" {IMG}> 如图。</p>\n"
            )),
            "{out}"
        );
        assert_eq!(out.matches("<figure>").count(), 1, "{out}");
        assert!(out.contains("图 1：数据中心机柜示意"), "{out}");
        // two images in one paragraph: neither is standalone
        let out = html("![甲](a.png) ![乙](b.png)\n");
        assert!(!out.contains("<figure>"), "{out}");
        assert_eq!(out.matches(IMG).count(), 2, "{out}");
        // in a heading: inline
        let out = html("## ![标志](logo.png)\n");
        assert!(!out.contains("<figure>"), "{out}");
        assert!(
            out.contains(&format!("<img src=\"logo.png\" alt=\"标志\" {IMG}>")),
            "{out}"
        );
    }

    #[test]
    fn image_without_alt_is_a_plain_lazy_img() {
        let out = html("![](/images/a.png)\n");
        assert_eq!(
            out,
            format!("<p><img src=\"/images/a.png\" alt=\"\" {IMG}></p>\n")
        );
        let out = html("![   ](/images/a.png \"标题\")\n");
        assert_eq!(
            out,
            format!("<p><img src=\"/images/a.png\" alt=\"\" title=\"标题\" {IMG}></p>\n")
        );
        // and does not use up a figure number
        let out = html("![](a.png)\n\n![数据中心机柜示意](b.png)\n");
        assert!(out.contains("图 1：数据中心机柜示意"), "{out}");
    }

    #[test]
    fn alt_markup_is_flattened() {
        let out = html("![**强调**的`代码`与*斜体*\n换行](a.png)\n");
        assert!(out.contains("alt=\"强调的代码与斜体换行\""), "{out}");
        assert!(
            out.contains("<figcaption>图 1：强调的代码与斜体换行</figcaption>"),
            "{out}"
        );
        assert!(!out.contains("<strong>"), "{out}");
        // Latin words keep the space of the line break; raw HTML is dropped
        let out = html("![GPU <b>集群</b>\nH200](a.png)\n");
        assert!(out.contains("alt=\"GPU 集群 H200\""), "{out}");
        // with the CJK passes off, `**强调**` next to CJK is still flattened
        let r = render(
            "![**强调**：示意](a.png)\n",
            &Options {
                cjk: false,
                ..Options::default()
            },
        );
        assert!(r.html.contains("图 1："), "{}", r.html);
        assert!(!r.html.contains("<strong>"), "{}", r.html);
    }

    #[test]
    fn escaping() {
        let out = html("![引号\"<标签>&符号'](a.png)\n");
        assert!(
            out.contains("alt=\"引号&quot;&lt;标签&gt;&amp;符号&#39;\""),
            "{out}"
        );
        assert!(
            out.contains("<figcaption>图 1：引号&quot;&lt;标签&gt;&amp;符号&#39;</figcaption>"),
            "{out}"
        );
        let out = html("![图](<a\"b\\<c\\>&d'e 图.png> \"t\\\"<>&\")\n");
        assert!(
            out.contains("src=\"a%22b%3Cc%3E&amp;d&#x27;e%20%E5%9B%BE.png\""),
            "{out}"
        );
        assert!(out.contains("title=\"t&quot;&lt;&gt;&amp;\""), "{out}");
        // same escaping for inline images
        let out = html("文字 ![\"<>&](a&b.png) 文字\n");
        assert!(
            out.contains(&format!(
                "<img src=\"a&amp;b.png\" alt=\"&quot;&lt;&gt;&amp;\" {IMG}>"
            )),
            "{out}"
        );
    }

    #[test]
    fn href_escaping_matches_pulldown() {
        // the local copy of escape_href must agree with pulldown-cmark's own
        let url = "/a b/\"<>&'`{}|\\^[]\u{7f}\u{1}图?x=1#f%20";
        let mut theirs = String::new();
        pulldown_cmark::html::push_html(
            &mut theirs,
            [Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: url.into(),
                title: "".into(),
                id: "".into(),
            })]
            .into_iter(),
        );
        let mut ours = String::from("<a href=\"");
        escape_href(&mut ours, url);
        ours.push_str("\">");
        assert_eq!(theirs, ours);
    }

    #[test]
    fn linked_image_keeps_link_inside_figure() {
        let out = html("[![数据中心机柜示意](rack.png)](https://example.com/rack \"原图\")\n");
        assert_eq!(
            out,
            format!(
                "<figure><a href=\"https://example.com/rack\" title=\"原图\">\
                 <img src=\"rack.png\" alt=\"数据中心机柜示意\" {IMG}></a>\
                 <figcaption>图 1：数据中心机柜示意</figcaption></figure>\n"
            )
        );
        // a link with more than the image: inline
        let out = html("[![图标](i.png) 详情](https://example.com/)\n");
        assert!(!out.contains("<figure>"), "{out}");
        assert!(
            out.contains(&format!(
                "<a href=\"https://example.com/\"><img src=\"i.png\" alt=\"图标\" {IMG}> 详情</a>"
            )),
            "{out}"
        );
    }

    #[test]
    fn figure_in_blockquote_and_list_item() {
        let out = html("> ![数据中心机柜示意](rack.png)\n");
        assert_eq!(
            out,
            format!(
                "<blockquote>\n<figure><img src=\"rack.png\" alt=\"数据中心机柜示意\" {IMG}>\
                 <figcaption>图 1：数据中心机柜示意</figcaption></figure>\n</blockquote>\n"
            )
        );
        // tight list item
        let out = html("- ![液冷系统](a.png)\n- 文字\n");
        assert_eq!(
            out,
            format!(
                "<ul>\n<li><figure><img src=\"a.png\" alt=\"液冷系统\" {IMG}>\
                 <figcaption>图 1：液冷系统</figcaption></figure></li>\n<li>文字</li>\n</ul>\n"
            )
        );
        // loose list item
        let out = html("1. ![液冷系统](a.png)\n\n2. ![机柜](b.png)\n");
        assert!(out.contains("<li><figure>"), "{out}");
        assert!(out.contains("图 2：机柜"), "{out}");
        assert!(!out.contains("<p>"), "{out}");
        // tight item with a nested list after the image
        let out = html("- ![液冷系统](a.png)\n  - 子项\n");
        assert!(out.contains("<li><figure>"), "{out}");
        assert!(out.contains("</figure>\n<ul>"), "{out}");
        // task item: the checkbox is content, so the image is inline
        let out = html("- [x] ![液冷系统](a.png)\n");
        assert!(!out.contains("<figure>"), "{out}");
    }

    #[test]
    fn deep_blockquote_with_image() {
        let src = format!("{}![数据中心机柜示意](a.png)\n", "> ".repeat(10_000));
        let out = html(&src);
        assert!(out.contains("图 1：数据中心机柜示意"));
        assert_eq!(out.matches("</blockquote>").count(), 10_000);
        let src = format!("{}文字 ![图](a.png) 文字\n", ">".repeat(10_000));
        assert!(html(&src).contains(IMG));
        // on a small stack, as on build worker threads
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let src = format!("{}![机柜](a.png)\n", "- ".repeat(10_000));
                html(&src)
            })
            .unwrap();
        assert!(handle.join().unwrap().contains("图 1：机柜"));
    }

    #[test]
    fn summary_has_the_same_figures() {
        let src = "![数据中心机柜示意](/images/rack.png)\n\n<!-- more -->\n\n![液冷系统](b.png)\n";
        let r = render(
            src,
            &Options {
                base_path: "/news/".into(),
                ..Options::default()
            },
        );
        let summary = r.summary_html.unwrap();
        assert!(
            summary.starts_with("<figure><img src=\"/news/images/rack.png\""),
            "{summary}"
        );
        assert!(r.html.starts_with(&summary), "{}", r.html);
        assert!(r.html.contains("图 2：液冷系统"), "{}", r.html);
    }

    #[test]
    fn nested_image_in_alt() {
        let out = html("![外层 ![内层](i.png) 说明](o.png)\n");
        assert!(
            out.contains("src=\"o.png\" alt=\"外层 内层 说明\""),
            "{out}"
        );
        assert_eq!(out.matches("<img").count(), 1, "{out}");
    }
}
