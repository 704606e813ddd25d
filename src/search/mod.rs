//! Search stage (part of output): the static Chinese full-text search index under `search/`,
//! read by `static/js/search.js` with nothing but static file fetches.
//!
//! * [`tokenize`]: CJK bigrams (plus each run's last character), lower-cased words and
//!   compounds (`gpt-5`, `gpt`, `5`); the client tokenizes queries by the same rules.
//! * [`collect`]: articles → one posting list per token, in parallel.
//! * [`postings`]: the compact posting encoding (delta doc ids, title/tag flags, capped tf).
//! * [`layout`]: tokens → shard files by a hash of their shard key, sized for the web.
//! * [`docs`]: per-document title, URL, date, tags and categories in small chunks, and each
//!   document's body text in a file of its own (phrase checks and snippets).
//! * [`query`]: the query evaluation of `static/js/search.js` in Rust, over the written files
//!   (tests and benchmarks hold the client to the same expectations).
//!
//! `search/manifest.json` ties them together:
//!
//! ```json
//! {"version":1,"docs":120,"shards":4,"files":5,"split":{"的":[4,1]},
//!  "chunk":10,"chunks":12,"text":20000,"years":[["2025",0,90]],"stamp":"9f3a…"}
//! ```
//!
//! On a site with script editions (`variants:` in the config) the index folds Traditional
//! characters to Simplified ([`tokenize::fold_char`]) and the manifest has `"fold":"fold.txt"`
//! before `stamp`, naming `search/fold.txt`: every changing pair as its two characters, one
//! UTF-8 string of alternating Traditional and Simplified (`發发髮发…`). The client folds the
//! query and the texts it checks phrases in by those pairs (never the text it shows). Without
//! editions there is neither the key nor the file.
//!
//! `stamp` changes whenever any index file does; the client adds it to file URLs so caches
//! never mix two builds. Doc ids are indices into `Site::articles` (newest first).
//! Set `KUAIXUN_TIMINGS=1` to print how long each step took to stderr.

pub mod collect;
pub mod docs;
pub mod facets;
pub mod layout;
pub mod postings;
pub mod query;
pub mod table;
#[cfg(test)]
mod tests;
pub mod tokenize;

use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::site::Site;

/// Version of the index format; the client refuses other versions.
pub const FORMAT_VERSION: u32 = 2;
/// The manifest, relative to the output folder.
pub const MANIFEST: &str = "search/manifest.json";

/// Files of the search index, paths relative to the output folder.
pub struct SearchIndex {
    pub files: Vec<(String, Vec<u8>)>,
}

impl SearchIndex {
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }
}

/// The filter kinds of an index written before `kinds` was.
fn default_kinds() -> Vec<(String, String)> {
    [("section", "栏目"), ("category", "分类"), ("tag", "标签")]
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect()
}

/// The parsed manifest (what the client reads first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub docs: usize,
    pub shards: u32,
    pub files: u32,
    pub split: std::collections::BTreeMap<String, (u32, u32)>,
    pub chunk: usize,
    pub chunks: usize,
    /// Characters of body text kept per document ([`docs::TEXT`]).
    pub text: usize,
    /// Year → the doc id range `[first, end)` of its articles (ids run newest first, so a
    /// year is one range): year filters and their counts need no other file.
    #[serde(default)]
    pub years: Vec<(String, u32, u32)>,
    /// Whether [`facets::PATH`] exists (section and taxonomy filters).
    #[serde(default)]
    pub facets: bool,
    /// The filter kinds after the year, with their labels, in chip-row order: `section`,
    /// `category`, `tag`, then the other taxonomies by name (`series`, `authors`).
    #[serde(default = "default_kinds")]
    pub kinds: Vec<(String, String)>,
    /// The fold file relative to `search/` ([`tokenize::FOLD_NAME`]), when the index folds
    /// Traditional characters to Simplified (a site with script editions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<String>,
    pub stamp: String,
}

impl Manifest {
    /// Every file the manifest refers to, relative to the output folder.
    pub fn paths(&self) -> Vec<String> {
        let shards = (0..self.files).map(layout::Layout::path);
        let chunks = (0..self.chunks).map(docs::path);
        let texts = (0..self.docs).map(docs::text_path);
        let facets = self.facets.then(|| facets::PATH.to_string());
        let fold = self.fold.as_ref().map(|f| format!("search/{f}"));
        shards
            .chain(chunks)
            .chain(texts)
            .chain(facets)
            .chain(fold)
            .collect()
    }

    /// The shard file holding `token`.
    pub fn file_of(&self, token: &str) -> String {
        let key = tokenize::shard_key(token);
        let n = match self.split.get(key) {
            Some(&(first, k)) => first + tokenize::fnv1a(token.as_bytes()) % k,
            None => tokenize::fnv1a(key.as_bytes()) % self.shards,
        };
        layout::Layout::path(n)
    }
}

/// Whether the index of a site built with `config` folds Traditional characters to
/// Simplified: when it has script editions (`variants:`).
pub fn folds(config: &Config) -> bool {
    !config.variants.is_empty()
}

/// Builds the whole index. Of `config` only [`folds`] matters: the index is independent of
/// the base URL (the client joins URLs with the page's base path).
pub fn build_index(site: &Site, config: &Config) -> SearchIndex {
    let fold = folds(config);
    if site.standalone.iter().any(searchable) {
        // Pages with `search: true` come after every article.
        let all: Vec<&crate::site::Article> = site
            .articles
            .iter()
            .chain(site.standalone.iter().filter(|p| searchable(p)))
            .collect();
        return index_of(&all, site, fold);
    }
    index_of(&site.articles, site, fold)
}

/// The index of `docs` (doc id = position), keeping each document's text.
fn index_of<A: std::borrow::Borrow<crate::site::Article> + Sync>(
    docs: &[A],
    site: &Site,
    fold: bool,
) -> SearchIndex {
    let t0 = Instant::now();
    let chunk_files = docs::chunks(docs);
    let years = docs::years(docs);
    let facets = facets_file(docs, site);
    let t1 = Instant::now();
    let runs = collect::tokenize_with(docs, fold);
    finish(
        docs.len(),
        runs,
        chunk_files,
        (years, facets, fold),
        [t0, t1],
    )
}

/// The facets file of the indexed documents (doc id = position in `docs`).
fn facets_file<A: std::borrow::Borrow<crate::site::Article>>(
    docs: &[A],
    site: &Site,
) -> Option<(Vec<u8>, Kinds)> {
    let list = facets::collect(docs, &site.taxonomies, &site.structure.sections);
    Some((facets::file(&list)?, facets::kinds(&site.taxonomies)))
}

/// A standalone page that asked to be searchable (`search: true`).
/// What the index of a site is made from besides the tokenized text, made once: the
/// documents' row chunks, years and facets (as the index files hold them). With the build
/// cache, [`Prepared::key`] of them is the index's key.
pub struct Prepared {
    rows: Vec<(String, Vec<u8>)>,
    years: Years,
    facets: Option<(Vec<u8>, Kinds)>,
}

/// The documents of the index, in doc id order: the articles, then the pages with
/// `search: true`.
fn documents(site: &Site) -> Vec<&crate::site::Article> {
    site.articles
        .iter()
        .chain(site.standalone.iter().filter(|p| searchable(p)))
        .collect()
}

/// [`Prepared`] for `site`.
pub fn prepare(site: &Site) -> Prepared {
    let docs = documents(site);
    let (rows, (years, facets)) = rayon::join(
        || docs::rows(&docs),
        || (docs::years(&docs), facets_file(&docs, site)),
    );
    Prepared {
        rows,
        years,
        facets,
    }
}

impl Prepared {
    /// The key of everything the index of `site` is made from: the rows, years and facets,
    /// plus what the tokenizer reads of each document (title, tags, categories, summary,
    /// plain text), the fold setting and the index format. The same key means the same index
    /// files (the build cache reuses them; `src/cache/`).
    pub fn key(&self, site: &Site, config: &Config) -> u128 {
        use crate::cache::hash::Key;
        let docs = documents(site);
        let mut k = Key::new();
        k.u128(crate::cache::build_id())
            .u64(FORMAT_VERSION.into())
            .u64(u64::from(folds(config)))
            .u64(docs.len() as u64);
        for (path, bytes) in &self.rows {
            k.str(path).bytes(bytes);
        }
        for (y, a, b) in &self.years {
            k.str(y).u64((*a).into()).u64((*b).into());
        }
        if let Some((bytes, kinds)) = &self.facets {
            k.bytes(bytes);
            for (a, b) in kinds {
                k.str(a).str(b);
            }
        }
        let per_doc: Vec<u128> = docs
            .par_iter()
            .map(|a| {
                let m = &a.doc.meta;
                let mut k = Key::new();
                k.str(&m.title);
                k.u64(m.tags.len() as u64);
                for t in m.tags.iter().chain(&m.categories) {
                    k.str(t);
                }
                k.str(m.summary.as_deref().unwrap_or("\u{0}"))
                    .str(&a.rendered.plain_text);
                k.finish()
            })
            .collect();
        for d in per_doc {
            k.u128(d);
        }
        k.finish()
    }
}

fn searchable(page: &crate::site::Article) -> bool {
    page.doc.meta.search == Some(true)
}

/// [`build_index`] for a build's last stage: each article's plain text is freed as soon as
/// it is tokenized, so the posting runs reuse its memory (100,000 articles hold ~400 MB of
/// plain text; this keeps the build's peak memory down).
pub fn build_index_freeing(site: &mut Site, config: &Config) -> SearchIndex {
    build_index_cached(site, config, None, None)
}

/// [`build_index_freeing`] with the build cache's store of tokenized runs (see
/// [`collect::tokenize_freeing_cached`]), and what [`prepare`] made of the same site (made
/// here when `None`).
pub fn build_index_cached(
    site: &mut Site,
    config: &Config,
    store: Option<&crate::cache::Store>,
    prepared: Option<Prepared>,
) -> SearchIndex {
    let prepared = prepared.unwrap_or_else(|| prepare(site));
    if site.standalone.iter().any(searchable) {
        // Pages with `search: true` join the articles for the index (after all of them),
        // then go back where they were.
        let pages = std::mem::take(&mut site.standalone);
        let n = site.articles.len();
        let (found, rest): (Vec<_>, Vec<_>) = pages
            .into_iter()
            .enumerate()
            .partition(|(_, p)| searchable(p));
        let order: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
        site.articles.extend(found.into_iter().map(|(_, p)| p));
        let index = build_index_all_freeing(site, config, store, prepared);
        let mut back: Vec<(usize, crate::site::Article)> =
            order.into_iter().zip(site.articles.split_off(n)).collect();
        back.extend(rest);
        back.sort_by_key(|(i, _)| *i);
        site.standalone = back.into_iter().map(|(_, p)| p).collect();
        return index;
    }
    build_index_all_freeing(site, config, store, prepared)
}

fn build_index_all_freeing(
    site: &mut Site,
    config: &Config,
    store: Option<&crate::cache::Store>,
    prepared: Prepared,
) -> SearchIndex {
    let fold = folds(config);
    let t0 = Instant::now();
    let Prepared {
        rows: mut chunk_files,
        years,
        facets,
    } = prepared;
    let t1 = Instant::now();
    let (runs, texts) = collect::tokenize_freeing_cached(&mut site.articles, fold, store);
    chunk_files.extend(texts);
    finish(
        site.articles.len(),
        runs,
        chunk_files,
        (years, facets, fold),
        [t0, t1],
    )
}

/// Year → doc id range (see [`Manifest::years`]).
type Years = Vec<(String, u32, u32)>;
/// Filter kinds with their labels ([`Manifest::kinds`]).
type Kinds = Vec<(String, String)>;

/// Merges the runs, lays out the shards and writes the manifest (with the fold file if
/// `fold`). `t` = start, docs done.
fn finish(
    docs: usize,
    runs: Vec<collect::Run>,
    chunk_files: Vec<(String, Vec<u8>)>,
    (years, facets, fold): (Years, Option<(Vec<u8>, Kinds)>, bool),
    t: [Instant; 2],
) -> SearchIndex {
    let ta = Instant::now();
    let parts = collect::merge(runs);
    let t1 = Instant::now();
    let layout = layout::plan(&parts);
    let mut files = layout::write(&parts, &layout);
    let t2 = Instant::now();
    let chunks = docs.div_ceil(docs::CHUNK);
    files.extend(chunk_files);
    let has_facets = facets.is_some();
    let (facets, kinds) = match facets {
        Some((f, kinds)) => (Some(f), kinds),
        None => (None, default_kinds()),
    };
    files.extend(facets.map(|f| (facets::PATH.to_string(), f)));
    if fold {
        files.push((tokenize::FOLD_PATH.to_string(), tokenize::fold_file()));
    }
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs,
        shards: layout.shards,
        files: layout.files,
        split: layout.split,
        chunk: docs::CHUNK,
        chunks,
        text: docs::TEXT,
        years,
        facets: has_facets,
        kinds,
        fold: fold.then(|| tokenize::FOLD_NAME.to_string()),
        stamp: format!("{:016x}", stamp(&files)),
    };
    let json = serde_json::to_vec(&manifest).unwrap_or_default();
    files.push((MANIFEST.to_string(), json));
    if crate::timings::enabled() {
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        let total: usize = files.iter().map(|(_, b)| b.len()).sum();
        let tokens: usize = parts.iter().map(|p| p.tokens.len()).sum();
        let postings: u64 = parts
            .iter()
            .flat_map(|p| &p.tokens)
            .map(|t| u64::from(t.docs))
            .sum();
        eprintln!(
            "search index: docs {:.1} ms, tokenize {:.1} ms, merge {:.1} ms, shards {:.1} ms, \
             total {:.1} ms; {} tokens, {} postings; {} files, {:.1} KB ({} shards, {} split keys)",
            ms(t[0], t[1]),
            ms(t[1], ta),
            ms(ta, t1),
            ms(t1, t2),
            ms(t[0], Instant::now()),
            tokens,
            postings,
            files.len(),
            total as f64 / 1024.0,
            manifest.shards,
            manifest.split.len(),
        );
    }
    SearchIndex { files }
}

/// A fast 64-bit fingerprint of every file (not cryptographic: it only busts caches).
fn stamp(files: &[(String, Vec<u8>)]) -> u64 {
    use rayon::prelude::*;
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|(path, bytes)| {
            let mut h = fold(0x9e37_79b9_7f4a_7c15, path.as_bytes());
            h = fold(h, bytes);
            h ^ bytes.len() as u64
        })
        .collect();
    hashes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ x).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn fold(mut h: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h.rotate_left(23) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(23) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}
