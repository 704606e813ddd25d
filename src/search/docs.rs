//! Per-document metadata for showing results, in chunks of [`CHUNK`] documents:
//! `search/docs/<n>.json` holds docs `n*CHUNK ..`, each as
//! `[title, url, date, [tags…], excerpt]`, where `url` is site-relative and percent-encoded
//! (the client puts the base path in front), `date` is `YYYY-MM-DD` in the site time zone and
//! `excerpt` is the start of the front-matter summary and body text, whitespace collapsed,
//! at most [`EXCERPT`] characters. Doc ids run newest first, so recent results share chunks.

use rayon::prelude::*;

use crate::render::encode_path;
use crate::site::Article;

/// Documents per chunk file.
pub const CHUNK: usize = 10;
/// Characters of text kept per document for snippets.
pub const EXCERPT: usize = 140;

/// The path of chunk `n`, relative to the output folder.
pub fn path(n: usize) -> String {
    format!("search/docs/{n}.json")
}

/// All chunk files, in order.
pub fn chunks(articles: &[Article]) -> Vec<(String, Vec<u8>)> {
    articles
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<_> = chunk
                .iter()
                .map(|a| {
                    (
                        a.doc.meta.title.as_str(),
                        encode_path(&a.url),
                        a.doc.meta.date.strftime("%Y-%m-%d").to_string(),
                        &a.doc.meta.tags,
                        excerpt(a.doc.meta.summary.as_deref(), &a.rendered.plain_text),
                    )
                })
                .collect();
            let bytes = serde_json::to_vec(&rows).unwrap_or_else(|_| b"[]".to_vec());
            (path(n), bytes)
        })
        .collect()
}

/// The first [`EXCERPT`] characters of `summary` then `body`, whitespace runs made one space.
pub fn excerpt(summary: Option<&str>, body: &str) -> String {
    let mut out = String::with_capacity(EXCERPT * 3);
    let mut n = 0;
    let mut space = false;
    let text = summary.into_iter().chain(std::iter::once(body));
    for c in text.flat_map(|t| t.chars().chain(std::iter::once(' '))) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if n == EXCERPT {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            n += 1;
            space = false;
        }
        out.push(c);
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_collapses_whitespace_and_truncates() {
        assert_eq!(
            excerpt(None, "  第一段。\n第二段\t很短。 "),
            "第一段。 第二段 很短。"
        );
        assert_eq!(excerpt(Some("摘要"), "正文"), "摘要 正文");
        let long = "字".repeat(EXCERPT + 5);
        let e = excerpt(None, &long);
        assert_eq!(e.chars().count(), EXCERPT + 1);
        assert!(e.ends_with('…'));
        assert_eq!(
            excerpt(None, &"字".repeat(EXCERPT)).chars().count(),
            EXCERPT
        );
    }
}
