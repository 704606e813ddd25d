//! Converting rendered HTML (kuaixun's own: Markdown output, already sanitized) into a
//! variant: text is converted; tags are copied, except the values of `alt`, `title` and
//! `aria-label` (converted) and of a link's `href` to a page of the site (moved into the
//! edition, `/posts/x/` → `/zh-tw/posts/x/`). Never converted: the content of `<pre>`,
//! `<code>`, `<kbd>`, `<samp>`, `<script>`, `<style>`, `<textarea>`, `<math>`, and of any element
//! with the class `kx-keep` (the `{{< keep >}}` shortcode), nor comments.

use super::opencc::Converter;

/// Where links to pages point in an edition.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// The site root's base path (`/` or `/news/`).
    pub root: &'a str,
    /// The edition's path under it (`zh-tw/`).
    pub prefix: &'a str,
    /// The site-relative URLs of the edition's pages when it lacks some (a language's
    /// untranslated articles: links to them stay in the main edition); `None`: all.
    pub exists: Option<&'a std::collections::HashSet<String>>,
}

impl Links<'_> {
    /// `href` moved into the edition when it is a root-relative link to a page (a path ending
    /// in `/`, `.html` or `.xml`, or whose last segment has no extension).
    pub fn page_href(&self, href: &str) -> Option<String> {
        let rest = href.strip_prefix(self.root)?;
        if href.starts_with("//") || rest.starts_with(self.prefix) {
            return None;
        }
        let path = rest.split(['#', '?']).next().unwrap_or_default();
        if let Some(exists) = self.exists {
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            if !exists.contains(path) && !exists.contains(decoded.as_ref()) {
                return None;
            }
        }
        let last = path.rsplit('/').next().unwrap_or_default();
        let page = last.is_empty()
            || last.ends_with(".html")
            || last.ends_with(".xml")
            || !last.contains('.');
        page.then(|| format!("{}{}{}", self.root, self.prefix, rest))
    }
}

/// Elements whose content is never converted.
const RAW: &[&str] = &[
    "pre", "code", "kbd", "samp", "script", "style", "textarea", "math",
];

/// Attributes whose value is text to convert.
const TEXT_ATTRS: &[&str] = &["alt", "title", "aria-label"];

/// `html` converted by `conv`, links moved by `links`.
pub fn convert(html: &str, conv: &Converter, links: Option<Links<'_>>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    convert_into(html, conv, links, &mut out);
    out
}

/// [`convert`], appending to `out`.
pub fn convert_into(html: &str, conv: &Converter, links: Option<Links<'_>>, out: &mut String) {
    if html.is_ascii() && links.is_none() {
        out.push_str(html);
        return;
    }
    // Inside a kept element: its name and how many of it are open.
    let mut keep: Option<(String, usize)> = None;
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<').map(|p| i + p) else {
            text(&html[i..], conv, keep.is_some(), out);
            break;
        };
        text(&html[i..lt], conv, keep.is_some(), out);
        if html[lt..].starts_with("<!--") {
            let end = html[lt..].find("-->").map_or(html.len(), |p| lt + p + 3);
            out.push_str(&html[lt..end]);
            i = end;
            continue;
        }
        let end = tag_end(html, lt);
        let tag = &html[lt..end];
        let (closing, name) = tag_name(tag);
        if name.is_empty() {
            // A `<` that opens no tag (`a < b` escaped wrongly, or text): text.
            text("<", conv, keep.is_some(), out);
            i = lt + 1;
            continue;
        }
        match &mut keep {
            Some((kept, depth)) => {
                out.push_str(tag);
                if name.eq_ignore_ascii_case(kept) {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            keep = None;
                        }
                    } else if !tag.ends_with("/>") {
                        *depth += 1;
                    }
                }
            }
            None => {
                let kept = !closing
                    && (RAW.iter().any(|r| name.eq_ignore_ascii_case(r)) || has_keep_class(tag));
                if closing {
                    out.push_str(tag);
                } else {
                    rewrite_tag(tag, name, conv, links, out);
                }
                if kept && !tag.ends_with("/>") && !is_void(name) {
                    keep = Some((name.to_ascii_lowercase(), 1));
                }
            }
        }
        i = end;
    }
}

fn text(t: &str, conv: &Converter, kept: bool, out: &mut String) {
    if kept || t.is_ascii() {
        out.push_str(t);
        return;
    }
    // URLs in text (an autolink's text, say) stay as written.
    let mut rest = t;
    while let Some(at) = rest.find("://") {
        let start = rest[..at]
            .rfind(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '+' | '-' | '.'))
            .map_or(0, |i| {
                i + rest[i..].chars().next().map_or(1, char::len_utf8)
            });
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || is_cjk_punctuation(c) || c == '<')
            .map_or(rest.len(), |i| at + i);
        conv.convert_into(&rest[..start], out);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    conv.convert_into(rest, out);
}

/// CJK and full-width punctuation: where a URL written in Chinese text ends.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// The end (exclusive) of the tag starting at `lt`, quotes respected.
fn tag_end(html: &str, lt: usize) -> usize {
    let b = html.as_bytes();
    let mut quote = 0u8;
    let mut j = lt + 1;
    while j < b.len() {
        let c = b[j];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// Whether the tag closes, and its name (empty: not a tag).
fn tag_name(tag: &str) -> (bool, &str) {
    let inner = &tag[1..];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let n = inner
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
        .count();
    if n == 0 || !inner.as_bytes()[0].is_ascii_alphabetic() {
        return (closing, "");
    }
    (closing, &inner[..n])
}

fn is_void(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "br" | "hr" | "img" | "input" | "meta" | "link" | "source" | "wbr" | "col" | "embed"
    )
}

fn has_keep_class(tag: &str) -> bool {
    tag.contains("kx-keep")
        && attrs(tag).any(|(n, v)| {
            n.eq_ignore_ascii_case("class") && v.split_ascii_whitespace().any(|c| c == "kx-keep")
        })
}

/// The attributes of a tag: (name, value) with the value as written (entities kept).
fn attrs(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    attr_spans(tag).map(move |(n, v)| (&tag[n.0..n.1], v.map_or("", |v| &tag[v.0..v.1])))
}

type Span = (usize, usize);

/// Byte spans of each attribute's name and value (without quotes) in `tag`.
fn attr_spans(tag: &str) -> impl Iterator<Item = (Span, Option<Span>)> + '_ {
    let b = tag.as_bytes();
    let mut j = 1 + b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b'/')
        .count();
    std::iter::from_fn(move || {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            j += 1;
        }
        if j >= b.len() || b[j] == b'>' {
            return None;
        }
        let ns = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        let name = (ns, j);
        if j < b.len() && b[j] == b'=' {
            j += 1;
            let value = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                j = vs;
                while j < b.len() && b[j] != q {
                    j += 1;
                }
                let v = (vs, j.min(b.len()));
                j = (j + 1).min(b.len());
                v
            } else {
                let vs = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                (vs, j)
            };
            Some((name, Some(value)))
        } else {
            Some((name, None))
        }
    })
}

/// An opening tag copied to `out` with its text attributes converted and a page link moved.
fn rewrite_tag(
    tag: &str,
    name: &str,
    conv: &Converter,
    links: Option<Links<'_>>,
    out: &mut String,
) {
    if tag.is_ascii() && (links.is_none() || !name.eq_ignore_ascii_case("a")) {
        out.push_str(tag);
        return;
    }
    let mut last = 0;
    for (n, v) in attr_spans(tag) {
        let Some(v) = v else { continue };
        let attr = &tag[n.0..n.1];
        let value = &tag[v.0..v.1];
        let replaced = if TEXT_ATTRS.iter().any(|a| attr.eq_ignore_ascii_case(a)) {
            match conv.convert(value) {
                std::borrow::Cow::Owned(s) => Some(s),
                std::borrow::Cow::Borrowed(_) => None,
            }
        } else if attr.eq_ignore_ascii_case("href") && name.eq_ignore_ascii_case("a") {
            links.and_then(|l| l.page_href(value))
        } else {
            None
        };
        if let Some(r) = replaced {
            out.push_str(&tag[last..v.0]);
            out.push_str(&r);
            last = v.1;
        }
    }
    out.push_str(&tag[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variants::opencc::Table;

    fn tw(html: &str) -> String {
        let links = Links {
            root: "/news/",
            prefix: "zh-tw/",
            exists: None,
        };
        convert(html, &Converter::new(Table::S2twp), Some(links))
    }

    #[test]
    fn text_and_text_attributes_convert() {
        assert_eq!(
            tw(
                r#"<p title="软件">这个软件<img src="/news/a/软件.png" alt="内存条" data-x="软件"></p>"#
            ),
            r#"<p title="軟體">這個軟體<img src="/news/a/软件.png" alt="記憶體條" data-x="软件"></p>"#
        );
    }

    #[test]
    fn code_and_kept_passages_stay() {
        let html = "<p>软件 <code>软件</code></p><pre><code class=\"l\">// 软件\n</code></pre>\
                    <p><span class=\"kx-keep\">干将<span>软件</span></span>软件</p><!-- 软件 -->";
        assert_eq!(
            tw(html),
            "<p>軟體 <code>软件</code></p><pre><code class=\"l\">// 软件\n</code></pre>\
             <p><span class=\"kx-keep\">干将<span>软件</span></span>軟體</p><!-- 软件 -->"
        );
    }

    #[test]
    fn urls_in_text_stay() {
        assert_eq!(
            tw("<p>官网 <a href=\"https://x.cn/软件\">https://x.cn/软件</a>，软件见https://x.cn/软件。</p>"),
            "<p>官網 <a href=\"https://x.cn/软件\">https://x.cn/软件</a>，軟體見https://x.cn/软件。</p>"
        );
    }

    #[test]
    fn page_links_move_into_the_edition() {
        let html = r##"<a href="/news/posts/x/#h">x</a><a href="/news/posts/x/a.png">i</a><a href="https://example.com/">e</a><a href="#f">f</a><a href="/news/2024/01/y.html">y</a><a href="/news/zh-tw/z/">z</a>"##;
        assert_eq!(
            tw(html),
            r##"<a href="/news/zh-tw/posts/x/#h">x</a><a href="/news/posts/x/a.png">i</a><a href="https://example.com/">e</a><a href="#f">f</a><a href="/news/zh-tw/2024/01/y.html">y</a><a href="/news/zh-tw/z/">z</a>"##
        );
    }
}
