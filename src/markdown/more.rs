//! The `<!-- more -->` summary marker.

use pulldown_cmark::{Event, TagEnd};

use super::Spanned;

/// True for an HTML comment that says `more` (any case, any spaces, any
/// number of extra dashes): `<!-- more -->`, `<!--more-->`, `<!--- MORE --->`.
pub(super) fn is_more_marker(html: &str) -> bool {
    let Some(rest) = html.trim().strip_prefix("<!--") else {
        return false;
    };
    let rest = rest.trim_start_matches('-').trim_start();
    let Some(word) = rest.get(..4) else {
        return false;
    };
    if !word.eq_ignore_ascii_case("more") {
        return false;
    }
    let Some(tail) = rest[4..].trim_start().strip_suffix('>') else {
        return false;
    };
    tail.len() >= 2 && tail.bytes().all(|b| b == b'-')
}

/// The events to render, with every marker removed, and, if a marker was
/// found, the events before the first one followed by `End`s closing every
/// element still open there (a marker inside a paragraph or list item).
pub(super) struct Split<'a> {
    pub body: Vec<Event<'a>>,
    pub summary: Option<Vec<Event<'a>>>,
}

pub(super) fn split_at_more(events: Vec<Spanned<'_>>) -> Split<'_> {
    let mut body = Vec::with_capacity(events.len());
    let mut summary = None;
    // Ends of the elements open at the current position; only needed until
    // the first marker, so it is dropped after that.
    let mut open: Option<Vec<TagEnd>> = Some(Vec::new());
    for (event, _) in events {
        match &event {
            Event::Html(h) | Event::InlineHtml(h) if is_more_marker(h) => {
                if let Some(open) = open.take() {
                    let mut before = Vec::with_capacity(body.len() + open.len());
                    before.extend(body.iter().cloned());
                    before.extend(open.into_iter().rev().map(Event::End));
                    summary = Some(before);
                }
                continue;
            }
            Event::Start(tag) => {
                if let Some(open) = open.as_mut() {
                    open.push(tag.to_end());
                }
            }
            Event::End(_) => {
                if let Some(open) = open.as_mut() {
                    open.pop();
                }
            }
            _ => {}
        }
        body.push(event);
    }
    Split { body, summary }
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    #[test]
    fn marker_forms() {
        for ok in [
            "<!-- more -->",
            "<!--more-->",
            "<!--- MORE --->",
            "<!--  More  -->\n",
            "<!--\tmore\n-->",
            "<!----more---->",
        ] {
            assert!(is_more_marker(ok), "{ok:?}");
        }
        for bad in [
            "<!-- more than this -->",
            "<!-- mor -->",
            "<!-- more ->",
            "<!- more -->",
            "<!-- more --> 正文",
            "<!-- 更多 -->",
            "<!---->",
            "<div>",
        ] {
            assert!(!is_more_marker(bad), "{bad:?}");
        }
    }

    #[test]
    fn block_marker_splits_summary() {
        let src = "英伟达发布 H200 芯片。\n\n<!-- more -->\n\n## 详情\n\n性能提升 90%。\n";
        let r = render(src, &Options::default());
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>英伟达发布 H200 芯片。</p>\n")
        );
        assert!(!r.html.contains("more"), "{}", r.html);
        assert!(
            r.html.starts_with("<p>英伟达发布 H200 芯片。</p>\n"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"详情\">详情</h2>"), "{}", r.html);
    }

    #[test]
    fn variants_all_split() {
        for marker in ["<!--more-->", "<!--- MORE --->", "<!--   More   -->"] {
            let src = format!("导语。\n\n{marker}\n\n正文。\n");
            let r = render(&src, &Options::default());
            assert_eq!(
                r.summary_html.as_deref(),
                Some("<p>导语。</p>\n"),
                "{marker}"
            );
            assert_eq!(r.html, "<p>导语。</p>\n<p>正文。</p>\n", "{marker}");
        }
    }

    #[test]
    fn inline_marker_closes_open_tags() {
        let src = "> 导语**重点**<!-- more -->后文。\n\n正文。\n";
        let r = render(src, &Options::default());
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<blockquote>\n<p>导语<strong>重点</strong></p>\n</blockquote>\n")
        );
        assert_eq!(
            r.html,
            "<blockquote>\n<p>导语<strong>重点</strong>后文。</p>\n</blockquote>\n<p>正文。</p>\n"
        );
    }

    #[test]
    fn no_marker_no_summary_and_only_first_splits() {
        let r = render("只有一段。\n", &Options::default());
        assert_eq!(r.summary_html, None);
        let r = render(
            "一。\n\n<!-- more -->\n\n二。\n\n<!-- more -->\n\n三。\n",
            &Options::default(),
        );
        assert_eq!(r.summary_html.as_deref(), Some("<p>一。</p>\n"));
        assert_eq!(r.html, "<p>一。</p>\n<p>二。</p>\n<p>三。</p>\n");
    }

    #[test]
    fn marker_in_code_is_not_a_marker() {
        let r = render(
            "```html\n<!-- more -->\n```\n\n`<!-- more -->`\n",
            &Options::default(),
        );
        assert_eq!(r.summary_html, None);
        assert!(r.html.contains("more"));
    }
}
