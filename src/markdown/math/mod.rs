//! Math and diagrams, at build time so pages need no script for formulas.
//!
//! * `$…$` and `$$…$$` (pulldown-cmark's `ENABLE_MATH`: an opening `$` must not be followed
//!   by a space and a closing one not preceded by one, so "售价 $999，折合 7000 元" stays
//!   text) become MathML through `pulldown-latex`, inline or as a block. A formula that does
//!   not parse is a warning at its line and column and shows as code.
//! * A ```` ```mermaid ```` block becomes `<pre class="mermaid">` with its source escaped;
//!   `js/embeds.js`, loaded by pages that have one, imports Mermaid from `data-kx-mermaid`
//!   (`embeds.mermaid_url`).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

mod checked;

use super::sources::LinkError;
use super::Spanned;
use checked::checked;

/// `s` escaped for HTML text and attribute values (the one Markdown escaper).
use super::highlight::escape_html as escape;

/// MathML for `tex`, or the parser's message.
pub fn mathml(tex: &str, block: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string());
    }
    let config = RenderConfig {
        display_mode: if block {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(tex.len() * 8);
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    checked(&out).ok_or_else(|| "the formula holds markup (`<` or `>` in a name)".to_string())
}

/// Whether `c` is Chinese, Japanese or Korean text or full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// `tex` without the groups of `\text{…}`-like commands (where prose belongs).
fn outside_text(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = [
        "\\text{",
        "\\mathrm{",
        "\\textrm{",
        "\\operatorname{",
        "\\mbox{",
    ]
    .iter()
    .filter_map(|c| rest.find(c).map(|i| (i, c.len())))
    .min()
    .map(|(i, n)| (i, i + n))
    {
        out.push_str(&rest[..i.0]);
        let mut depth = 1usize;
        let mut end = rest.len();
        for (k, c) in rest[i.1..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i.1 + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Dollar signs of prices, not formulas: pulldown-cmark pairs `售价$999，现价$899` into
/// `$999，现价$`. Inline math followed by a digit (pandoc's rule) or holding Chinese text
/// outside `\text{…}` goes back to the text it was written as. Runs right after parsing,
/// so the CJK passes and word counts see it.
pub(super) fn prose_dollars<'a>(events: Vec<Spanned<'a>>, source: &str) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::InlineMath(_)))
    {
        return events;
    }
    events
        .into_iter()
        .map(|(event, range)| match &event {
            Event::InlineMath(tex)
                if source[range.end..].starts_with(|c: char| c.is_ascii_digit())
                    || outside_text(tex).chars().any(is_wide) =>
            {
                let text = source.get(range.clone()).unwrap_or_default().to_string();
                (Event::Text(CowStr::from(text)), range)
            }
            _ => (event, range),
        })
        .collect()
}

fn position(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Formulas to MathML and Mermaid blocks to `<pre class="mermaid">`. Free when the document
/// has neither.
pub(super) fn render<'a>(
    events: Vec<Spanned<'a>>,
    source: &str,
    warnings: &mut Vec<LinkError>,
    mermaid_url: &str,
) -> Vec<Spanned<'a>> {
    let is_mermaid = |e: &Event<'_>| {
        matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            if info.split_whitespace().next() == Some("mermaid"))
    };
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)) || is_mermaid(e))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut mermaid: Option<(String, std::ops::Range<usize>)> = None;
    for (event, range) in events {
        if let Some((text, start)) = &mut mermaid {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    let mut html = String::from(
                        "<pre class=\"mermaid\" data-kx-embed=\"mermaid\" data-kx-mermaid=\"",
                    );
                    escape(&mut html, mermaid_url);
                    html.push_str("\">");
                    escape(&mut html, text);
                    html.push_str("</pre>\n");
                    out.push((Event::Html(CowStr::from(html)), start.start..range.end));
                    mermaid = None;
                }
                Event::Text(t) => text.push_str(&t),
                _ => {}
            }
            continue;
        }
        let (tex, block) = match &event {
            Event::InlineMath(t) => (t, false),
            Event::DisplayMath(t) => (t, true),
            e if is_mermaid(e) => {
                mermaid = Some((String::new(), range));
                continue;
            }
            _ => {
                out.push((event, range));
                continue;
            }
        };
        let html = match mathml(tex, block) {
            Ok(m) if block => format!("<div class=\"math math-display\">{m}</div>"),
            Ok(m) => format!("<span class=\"math math-inline\">{m}</span>"),
            Err(message) => {
                let (line, column) = position(source, range.start);
                warnings.push(LinkError {
                    line,
                    column,
                    message: format!("formula does not parse, shown as code: {message}"),
                    hidden: false,
                });
                let mut h = String::from("<code class=\"math-error\">");
                escape(&mut h, tex);
                h.push_str("</code>");
                h
            }
        };
        out.push((Event::InlineHtml(CowStr::from(html)), range));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{render as md, Options};

    #[test]
    fn formulas_become_mathml() {
        let r = md(
            "质能方程 $E=mc^2$ 众所周知。\n\n$$\\frac{a}{b} = \\sqrt{x}$$\n",
            &Options::default(),
        );
        assert!(
            r.html.contains("<span class=\"math math-inline\"><math"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<msup>"), "{}", r.html);
        assert!(
            r.html.contains("<mfrac>") && r.html.contains("<msqrt>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("display=\"block\""), "{}", r.html);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn prices_stay_text() {
        for src in [
            "售价 $999，折合 7000 元。\n",
            "国行 $999 起，美版 $ 899 起。\n",
            "从 $5 降到 $3。\n",
            "售价$999，现价$899。\n",
            "国行版 $1,099 起；美版 $999 起。\n",
            "$5 到 $8\n",
            "首发价$499，两周后$449。\n",
        ] {
            let r = md(src, &Options::default());
            assert!(!r.html.contains("<math"), "{src}: {}", r.html);
            assert!(r.html.contains('$'), "{src}: {}", r.html);
        }
    }

    #[test]
    fn bad_formula_is_a_warning_and_code() {
        let r = md("第一行\n\n公式 $a^^b$ 坏了\n", &Options::default());
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!((r.warnings[0].line, r.warnings[0].column), (3, 4));
        assert!(
            r.html.contains("<code class=\"math-error\">a^^b</code>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn chinese_text_math_is_kept() {
        let out = md("速度 $v = \\text{路程} / t$ 不变。\n", &Options::default()).html;
        assert!(out.contains("<mtext>路程</mtext>"), "{out}");
        let r = md("售价$999，现价$899。\n", &Options::default());
        assert_eq!(r.cjk_chars, 4, "{}", r.plain_text);
        assert_eq!(r.plain_text, "售价$999，现价$899。");
    }

    #[test]
    fn markup_in_formulas_is_escaped_or_refused() {
        let r = md("$a < b > c$ 与 $\\text{<script>}$\n", &Options::default());
        assert!(
            r.html.contains("<mo>&lt;</mo>") && r.html.contains("<mo>&gt;</mo>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("&lt;script&gt;") && !r.html.contains("<script"),
            "{}",
            r.html
        );
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        for tex in [
            "\\operatorname{<b>}",
            "\\operatorname{x</mi><img src=x onerror=alert(1)><mi>}",
            "\\operatorname{</mi><mi onclick=\"alert(1)\">}",
        ] {
            let r = md(&format!("公式 ${tex}$\n"), &Options::default());
            assert!(
                !r.html.contains("<img")
                    && !r.html.contains("<b>")
                    && !r.html.contains("onclick=\""),
                "{tex}: {}",
                r.html
            );
            assert_eq!(r.warnings.len(), 1, "{tex}: {}", r.html);
        }
    }

    #[test]
    fn mermaid_blocks() {
        let r = md(
            "```mermaid\ngraph TD\n  A[芯片] --> B<br>\n```\n",
            &Options::default(),
        );
        assert!(r.html.starts_with("<pre class=\"mermaid\" data-kx-embed=\"mermaid\" data-kx-mermaid=\"https://cdn.jsdelivr.net/"), "{}", r.html);
        assert!(r.html.contains("A[芯片] --&gt; B&lt;br&gt;"), "{}", r.html);
    }
}
