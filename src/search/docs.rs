//! Per-document data for showing results.
//!
//! * `search/docs/<n>.json` holds docs `n*CHUNK ..`, in chunks of [`CHUNK`], each as
//!   `[title, url, date, [tags…], [categories…]]`, where `url` is site-relative and
//!   percent-encoded (the client puts the base path in front) and `date` is `YYYY-MM-DD` in
//!   the site time zone. Doc ids run newest first, so recent results share chunks.
//! * `search/text/<id>.txt` is doc `id`'s searchable body text (front-matter summary, then the
//!   plain text, whitespace runs made one space), at most [`TEXT`] characters, UTF-8. The
//!   client reads it only for a result it shows: to check that a phrase is really there
//!   (adjacent characters, not just the same bigrams) and to cut the snippet around it.

use rayon::prelude::*;

use crate::render::encode_path;
use std::borrow::Borrow;

use crate::site::Article;

/// Documents per chunk file.
pub const CHUNK: usize = 10;
/// Characters of body text kept per document (longer texts are cut; the client then trusts
/// the posting lists for what it cannot see).
pub const TEXT: usize = 20_000;

/// The path of chunk `n`, relative to the output folder.
pub fn path(n: usize) -> String {
    format!("search/docs/{n}.json")
}

/// The path of doc `id`'s text, relative to the output folder.
pub fn text_path(id: usize) -> String {
    format!("search/text/{id}.txt")
}

/// All chunk files, in order, then every text file.
pub fn chunks<A: Borrow<Article> + Sync>(articles: &[A]) -> Vec<(String, Vec<u8>)> {
    let mut out = rows(articles);
    out.extend(texts(articles, 0));
    out
}

/// The text files of `articles`, the first being doc `first`.
pub fn texts<A: Borrow<Article> + Sync>(articles: &[A], first: usize) -> Vec<(String, Vec<u8>)> {
    articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let a: &Article = a.borrow();
            let t = text(a.doc.meta.summary.as_deref(), &a.rendered.plain_text, TEXT);
            (text_path(first + i), t.into_bytes())
        })
        .collect()
}

/// All chunk files, in order.
pub fn rows<A: Borrow<Article> + Sync>(articles: &[A]) -> Vec<(String, Vec<u8>)> {
    articles
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<_> = chunk
                .iter()
                .map(|a| {
                    let a: &Article = a.borrow();
                    (
                        a.doc.meta.title.as_str(),
                        encode_path(&a.url),
                        if a.doc.meta.dated {
                            a.doc.meta.date.strftime("%Y-%m-%d").to_string()
                        } else {
                            String::new()
                        },
                        &a.doc.meta.tags,
                        &a.doc.meta.categories,
                    )
                })
                .collect();
            let bytes = serde_json::to_vec(&rows).unwrap_or_else(|_| b"[]".to_vec());
            (path(n), bytes)
        })
        .collect()
}

/// Each year's doc id range `[first, end)`, newest year first (articles are newest first).
pub fn years<A: Borrow<Article>>(articles: &[A]) -> Vec<(String, u32, u32)> {
    let mut out: Vec<(String, u32, u32)> = Vec::new();
    for (id, a) in articles.iter().enumerate() {
        let a: &Article = a.borrow();
        // Undated documents (pages, after every article) are in no year.
        if !a.doc.meta.dated {
            continue;
        }
        let y = a.doc.meta.date.year().to_string();
        match out.last_mut() {
            Some(last) if last.0 == y => last.2 = id as u32 + 1,
            _ => out.push((y, id as u32, id as u32 + 1)),
        }
    }
    out
}

/// `summary` then `body`, whitespace runs made one space, at most `max` characters. Copies
/// each run between whitespace at once.
pub fn text(summary: Option<&str>, body: &str, max: usize) -> String {
    let mut out = String::with_capacity(body.len().min(max * 3) + 16);
    let mut n = 0;
    let mut space = false;
    for part in summary.into_iter().chain(std::iter::once(body)) {
        let mut rest = part;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            if start > 0 {
                space = !out.is_empty();
            }
            rest = &rest[start..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            rest = after;
            if n == max {
                return out;
            }
            if space {
                out.push(' ');
                n += 1;
                space = false;
                if n == max {
                    return out;
                }
            }
            let room = max - n;
            let len = word.chars().count();
            if len <= room {
                out.push_str(word);
                n += len;
            } else {
                let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
                out.push_str(&word[..cut]);
                return out;
            }
        }
        // The parts are apart.
        space = !out.is_empty();
    }
    out
}

/// The first version of [`text`], one character at a time (what the tests compare with).
#[cfg(test)]
fn text_by_char(summary: Option<&str>, body: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space = false;
    let text = summary.into_iter().chain(std::iter::once(body));
    for c in text.flat_map(|t| t.chars().chain(std::iter::once(' '))) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if n == max {
            return out;
        }
        if space {
            out.push(' ');
            n += 1;
            space = false;
            if n == max {
                return out;
            }
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
    fn text_copies_runs_as_the_per_character_version_did() {
        let parts = [
            "",
            " ",
            "\n\n",
            "芯片",
            "国产 芯片\t良率",
            "  前导空白",
            "尾部空白 \u{3000}",
            "a",
            "GPT-5 发布：速度提升 3 倍。",
            "\u{3000}全角空格\u{3000}分隔",
            "一二三四五六七八九十",
        ];
        for summary in [None, Some(""), Some(" 摘要 "), Some("要点：AI 芯片")] {
            for body in parts {
                for max in [0, 1, 2, 3, 5, 8, 13, 100] {
                    assert_eq!(
                        text(summary, body, max),
                        text_by_char(summary, body, max),
                        "{summary:?} {body:?} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn text_collapses_whitespace_and_truncates() {
        assert_eq!(
            text(None, "  第一段。\n第二段\t很短。 ", 100),
            "第一段。 第二段 很短。"
        );
        assert_eq!(text(Some("摘要"), "正文", 100), "摘要 正文");
        let long = "字".repeat(30);
        assert_eq!(text(None, &long, 20).chars().count(), 20);
        assert_eq!(text(None, "一二 三四", 3), "一二 ");
    }
}
