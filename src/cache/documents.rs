//! `documents.bin`: every document's parsed front matter and what loading derives from it
//! (slug, key lines, body line), keyed by the file's path and text, so a warm build parses
//! only the YAML of files that changed. An entry holds the document without its body (the
//! body is the end of the text, which the build reads anyway) in postcard form; dates are
//! timestamps, put back in the config's time zone (loading makes every date in it).

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

use super::hash::Key;
use super::store::Store;
use crate::config::Config;
use crate::content::front_matter::Source;
use crate::content::{Document, FrontMatter, Remembered};

pub const FILE: &str = "documents.bin";

/// The documents store, read before the sources load.
pub struct Documents<'a> {
    store: &'a Store,
    settings: u128,
    tz: TimeZone,
}

impl<'a> Documents<'a> {
    /// `store` for a build with `config`: what parsing reads besides the file (the time zone
    /// and slug style) and kuaixun itself are in every key.
    pub fn new(store: &'a Store, config: &Config) -> Documents<'a> {
        let mut k = Key::new();
        k.u128(super::build_id())
            .str(&config.timezone)
            .str(&format!("{:?}", config.slug_style));
        Documents {
            store,
            settings: k.finish(),
            tz: config.tz(),
        }
    }
}

impl Remembered for Documents<'_> {
    fn key(&self, rel: &Path, text: &str) -> u128 {
        let mut k = Key::new();
        k.u128(self.settings).str(&rel.to_string_lossy()).str(text);
        k.finish()
    }

    fn get(&self, key: u128, rel: &Path, text: &str) -> Option<Document> {
        let (_, bytes) = self.store.get_raw(key)?;
        let d: Doc = postcard::from_bytes(bytes).ok()?;
        let body = text.get(d.body_at..)?.to_string();
        let doc = d.into_document(rel, body, &self.tz)?;
        self.store.keep(key);
        Some(doc)
    }

    fn put(&self, key: u128, len: usize, doc: &Document) {
        if let Ok(bytes) = postcard::to_allocvec(&Doc::of(doc, len)) {
            self.store.put_raw(key, 0, bytes);
        }
    }
}

/// A date as seconds and nanoseconds since the epoch.
type Stamp = (i64, i32);

fn stamp(z: &ZonedDateTime) -> Stamp {
    let t = z.timestamp();
    (t.as_second(), t.subsec_nanosecond())
}

fn zoned(s: Stamp, tz: &TimeZone) -> Option<ZonedDateTime> {
    Some(Timestamp::new(s.0, s.1).ok()?.to_zoned_datetime(tz.clone()))
}

/// A [`Document`] as the store keeps it.
#[derive(Serialize, Deserialize)]
struct Doc {
    meta: Meta,
    slug: String,
    /// Where the body starts in the text.
    body_at: usize,
    body_line: usize,
    slug_line: usize,
    tags_line: usize,
    categories_line: usize,
    key_lines: Vec<(String, usize)>,
    bundle: bool,
}

/// A [`FrontMatter`] as the store keeps it (`extra` as JSON text).
#[derive(Serialize, Deserialize)]
struct Meta {
    title: String,
    date: Stamp,
    updated: Option<Stamp>,
    tags: Vec<String>,
    categories: Vec<String>,
    draft: bool,
    slug: Option<String>,
    url: Option<String>,
    summary: Option<String>,
    author: Option<String>,
    authors: Vec<String>,
    source: Option<String>,
    source_url: Option<String>,
    cover: Option<String>,
    cover_credit: Option<String>,
    expires: Option<Stamp>,
    toc: bool,
    sources: Vec<(String, Option<String>)>,
    page: bool,
    dated: bool,
    weight: Option<i64>,
    search: Option<bool>,
    comments: Option<bool>,
    pin: Option<i64>,
    pinned_until: Option<Stamp>,
    extra: String,
}

impl Doc {
    /// Every field is named, so a field added to `Document` or `FrontMatter` does not
    /// compile here until the store keeps it.
    fn of(d: &Document, len: usize) -> Doc {
        let Document {
            path: _,
            meta,
            slug,
            body,
            body_line,
            slug_line,
            tags_line,
            categories_line,
            key_lines,
            bundle,
            url: _,
            section: _,
        } = d;
        let FrontMatter {
            title,
            date,
            updated,
            tags,
            categories,
            draft,
            slug: meta_slug,
            url,
            summary,
            author,
            authors,
            source,
            source_url,
            cover,
            cover_credit,
            expires,
            toc,
            sources,
            page,
            dated,
            weight,
            search,
            comments,
            pin,
            pinned_until,
            extra,
        } = meta;
        Doc {
            meta: Meta {
                title: title.clone(),
                date: stamp(date),
                updated: updated.as_ref().map(stamp),
                tags: tags.clone(),
                categories: categories.clone(),
                draft: *draft,
                slug: meta_slug.clone(),
                url: url.clone(),
                summary: summary.clone(),
                author: author.clone(),
                authors: authors.clone(),
                source: source.clone(),
                source_url: source_url.clone(),
                cover: cover.clone(),
                cover_credit: cover_credit.clone(),
                expires: expires.as_ref().map(stamp),
                toc: *toc,
                sources: sources
                    .iter()
                    .map(|s| (s.name.clone(), s.url.clone()))
                    .collect(),
                page: *page,
                dated: *dated,
                weight: *weight,
                search: *search,
                comments: *comments,
                pin: *pin,
                pinned_until: pinned_until.as_ref().map(stamp),
                extra: serde_json::to_string(extra).unwrap_or_default(),
            },
            slug: slug.clone(),
            body_at: len - body.len(),
            body_line: *body_line,
            slug_line: *slug_line,
            tags_line: *tags_line,
            categories_line: *categories_line,
            key_lines: key_lines.clone(),
            bundle: *bundle,
        }
    }

    fn into_document(self, rel: &Path, body: String, tz: &TimeZone) -> Option<Document> {
        let m = self.meta;
        let opt = |s: Option<Stamp>| -> Option<Option<ZonedDateTime>> {
            match s {
                Some(s) => zoned(s, tz).map(Some),
                None => Some(None),
            }
        };
        let meta = FrontMatter {
            title: m.title,
            date: zoned(m.date, tz)?,
            updated: opt(m.updated)?,
            tags: m.tags,
            categories: m.categories,
            draft: m.draft,
            slug: m.slug,
            url: m.url,
            summary: m.summary,
            author: m.author,
            authors: m.authors,
            source: m.source,
            source_url: m.source_url,
            cover: m.cover,
            cover_credit: m.cover_credit,
            expires: opt(m.expires)?,
            toc: m.toc,
            sources: m
                .sources
                .into_iter()
                .map(|(name, url)| Source { name, url })
                .collect(),
            page: m.page,
            dated: m.dated,
            weight: m.weight,
            search: m.search,
            comments: m.comments,
            pin: m.pin,
            pinned_until: opt(m.pinned_until)?,
            extra: serde_json::from_str(&m.extra).ok()?,
        };
        Some(Document {
            path: PathBuf::from(rel),
            meta,
            slug: self.slug,
            body,
            body_line: self.body_line,
            slug_line: self.slug_line,
            tags_line: self.tags_line,
            categories_line: self.categories_line,
            key_lines: self.key_lines,
            bundle: self.bundle,
            url: String::new(),
            section: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether two documents are the same, field by field (`Document` has no `PartialEq`).
    fn same(a: &Document, b: &Document) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn documents_come_back_as_parsed() {
        let config = Config::parse("title: 快讯\ntimezone: Asia/Shanghai\n").unwrap();
        let tz = config.tz();
        let store = Store::default();
        let docs = Documents::new(&store, &config);
        let texts = [
            (
                "content/posts/xin-pian.md",
                "---\ntitle: 国产芯片量产，RISC-V 再进一步\ndate: 2025-11-20 10:30\nupdated: 2025-11-21T08:00:00+08:00\ntags: [芯片, RISC-V]\ncategories: 硬件\nauthor: 张伟\nsources:\n  - {name: 新华社, url: \"https://example.com/a\"}\ncover: /img/chip.jpg\nexpires: 2030-01-01\npinned: true\npinned_until: 2026-01-01\nweight: 3\neditor: 李娜\nrating: 4.5\nnested: {a: [1, 2], b: null}\n---\n正文第一段。\n\n第二段 **加粗**。\n",
            ),
            (
                "content/pages/about/index.md",
                "---\ntitle: 关于我们\nsearch: true\ncomments: false\n---\n\n快讯编辑部。\n",
            ),
        ];
        for (rel, text) in texts {
            let rel = Path::new(rel);
            let parsed =
                crate::content::parse_text(rel, text.to_string(), &tz, config.slug_style).unwrap();
            let key = docs.key(rel, text);
            assert!(docs.get(key, rel, text).is_none());
            let bytes = postcard::to_allocvec(&Doc::of(&parsed, text.len())).unwrap();
            let back: Doc = postcard::from_bytes(&bytes).unwrap();
            let body = text[back.body_at..].to_string();
            let again = back.into_document(rel, body, &tz).unwrap();
            assert!(same(&parsed, &again), "{parsed:?}\n{again:?}");
            assert_ne!(key, docs.key(rel, &format!("{text}。")));
            assert_ne!(key, docs.key(Path::new("content/posts/other.md"), text));
        }
    }
}
