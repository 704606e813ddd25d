//! Token collection: articles → one encoded posting list per token, built in parallel.
//!
//! 1. [`tokenize`]: articles are tokenized in parallel, in runs of [`RUN`] consecutive
//!    articles. Each article's tokens are counted in a reusable hash map keyed by a `u64` (a
//!    CJK token packs its one or two code points, a word is a 63-bit hash of its text), so no
//!    token becomes a `String`; the distinct ones go to one of [`PARTS`] partition buckets
//!    chosen by their [`shard_key`]. A word's text is kept once per run.
//! 2. [`merge`]: each partition is merged in parallel by a counting sort on the token (runs
//!    are walked in order, so each list comes out in doc order) and encoded into one buffer.
//!
//! All tokens sharing a shard key land in one partition, so the shard layout computed later
//! (`super::layout`) can split or group whole partitions' tokens freely.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use rayon::prelude::*;

use super::postings::{Encoder, Posting, MAX_TF};
use super::table::KeyTable;
use super::tokenize::{fnv1a, shard_key, Token, Tokenizer};
use std::borrow::Borrow;

use crate::site::Article;

/// Partitions of the merge; all tokens with one shard key are in one partition.
pub const PARTS: usize = 64;
/// Articles tokenized per parallel task.
const RUN: usize = 64; // at most 4096: an entry holds 12 bits of doc index
const WORD_BIT: u64 = 1 << 63;

/// A small, fast hash for `u64` keys (multiply-rotate, with a full finalizer so the low bits
/// that pick a bucket depend on every key bit).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// One partition's tokens, sorted by key, and the buffer holding their encoded lists.
pub struct Part {
    pub tokens: Vec<TokenList>,
    pub bytes: Vec<u8>,
}

impl Part {
    /// The encoded posting list of `t` (ASCII, see `super::postings`).
    pub fn postings(&self, t: &TokenList) -> &[u8] {
        &self.bytes[t.postings.start as usize..t.postings.end as usize]
    }
}

/// One token and where its encoded posting list is.
pub struct TokenList {
    pub key: u64,
    /// A word's text (CJK tokens are rebuilt from `key`).
    pub word: Option<Box<str>>,
    /// FNV-1a of the token's shard key.
    pub key_hash: u32,
    /// Range in [`Part::bytes`].
    pub postings: Range<u32>,
    /// Number of documents.
    pub docs: u32,
}

impl TokenList {
    /// Calls `f` with the token's text (no allocation).
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.word {
            Some(w) => f(w),
            None => {
                let (a, b) = cjk_chars(self.key);
                let mut buf = [0u8; 8];
                let n = a.encode_utf8(&mut buf).len();
                let m = b.map_or(0, |b| b.encode_utf8(&mut buf[n..]).len());
                f(std::str::from_utf8(&buf[..n + m]).unwrap_or_default())
            }
        }
    }

    /// Calls `f` with the token's shard key (no allocation).
    pub fn with_shard_key<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.word {
            Some(w) => f(shard_key(w)),
            None => {
                let mut buf = [0u8; 4];
                f(cjk_chars(self.key).0.encode_utf8(&mut buf))
            }
        }
    }

    /// Bytes of the token's text.
    pub fn text_len(&self) -> usize {
        self.with_text(str::len)
    }

    /// Bytes of the encoded list.
    pub fn postings_len(&self) -> usize {
        (self.postings.end - self.postings.start) as usize
    }
}

fn cjk_key(a: char, b: Option<char>) -> u64 {
    (a as u64) << 21 | b.map_or(0, |b| b as u64)
}

fn cjk_chars(key: u64) -> (char, Option<char>) {
    let a = char::from_u32((key >> 21) as u32).unwrap_or('\u{fffd}');
    let b = (key & 0x1f_ffff) as u32;
    (a, (b != 0).then(|| char::from_u32(b).unwrap_or('\u{fffd}')))
}

fn word_key(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in w.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    WORD_BIT | h >> 1
}

/// The partition of a word (by the hash of its shard key).
fn word_part(w: &str) -> usize {
    fnv1a(shard_key(w).as_bytes()) as usize % PARTS
}

/// The partition of a CJK token: its first character (its shard key) mod [`PARTS`]. Any
/// function of the shard key would do; this one needs no hashing.
#[inline]
fn cjk_part(key: u64) -> usize {
    (key >> 21) as usize % PARTS
}

fn cjk_key_hash(a: char) -> u32 {
    let mut buf = [0u8; 4];
    fnv1a(a.encode_utf8(&mut buf).as_bytes())
}

/// A run of articles' distinct tokens, bucketed by partition.
pub struct Run {
    /// First doc id of the run.
    first: u32,
    parts: Vec<RunPart>,
}

/// A run's tokens of one partition.
#[derive(Default)]
struct RunPart {
    /// In doc order: each entry's token as a [`short_key`] (the merge overwrites it with the
    /// token's id) …
    keys: Vec<u32>,
    /// … and `doc_in_run << 4 | bits` ([`Posting::bits`]).
    vals: Vec<u16>,
    /// The words first seen in this run, with their text.
    words: Vec<(u64, Box<str>)>,
    /// Keys too long for a [`short_key`].
    long: Vec<u64>,
}

const LONG: u32 = 1 << 31;

/// A key in partition `p`, in 32 bits: a CJK token of BMP characters whose first character
/// is `≡ p (mod PARTS)` keeps `c1 / PARTS` and `c2`; other keys are `LONG | index` into
/// `Run::long`.
#[inline]
fn short_key(key: u64, long: &mut Vec<u64>) -> u32 {
    let (c1, c2) = (key >> 21, key & 0x1f_ffff);
    if key & WORD_BIT == 0 && c1 <= 0xFFFF && c2 <= 0xFFFF {
        ((c1 / PARTS as u64) << 16 | c2) as u32
    } else {
        long.push(key);
        LONG | (long.len() - 1) as u32
    }
}

#[inline]
fn full_key(short: u32, p: usize, long: &[u64]) -> u64 {
    if short & LONG != 0 {
        long[(short & !LONG) as usize]
    } else {
        let c1 = u64::from(short >> 16) * PARTS as u64 + p as u64;
        c1 << 21 | u64::from(short & 0xFFFF)
    }
}

struct Scratch {
    tokenizer: Tokenizer,
    /// The current document's tokens → field bits (small: stays in L1 cache).
    doc: KeyTable<u8>,
    /// Words seen in this run → their partition.
    words: KeyTable<u8>,
}

impl Scratch {
    fn new(fold: bool) -> Self {
        Scratch {
            tokenizer: Tokenizer::new(fold),
            doc: KeyTable::default(),
            words: KeyTable::default(),
        }
    }
}

/// Field flags / tf, packed as in [`Posting::bits`].
const BODY: u8 = 1 << 2;

/// Builds every token's posting list, grouped in [`PARTS`] partitions by shard key.
/// Doc ids are indices into `articles`. Indexed: title, tags and categories, the front-matter
/// summary and the body's plain text (no code blocks, no markup).
pub fn collect<A: Borrow<Article> + Sync>(articles: &[A]) -> Vec<Part> {
    merge(tokenize(articles))
}

/// Step 1: every article's distinct tokens, bucketed by partition.
pub fn tokenize<A: Borrow<Article> + Sync>(articles: &[A]) -> Vec<Run> {
    tokenize_with(articles, false)
}

/// [`tokenize`], folding CJK characters Traditional → Simplified if `fold`
/// (`super::tokenize::fold_char`: a site with script editions).
pub fn tokenize_with<A: Borrow<Article> + Sync>(articles: &[A], fold: bool) -> Vec<Run> {
    articles
        .par_chunks(RUN)
        .enumerate()
        .map_init(
            || Scratch::new(fold),
            |s, (r, chunk)| tokenize_run(s, r * RUN, chunk),
        )
        .collect()
}

/// Output files: path relative to the output folder, bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// [`tokenize`], freeing each article's plain text once it is tokenized (after its text file,
/// `super::docs::texts`, is made from it: the texts are never held twice).
pub fn tokenize_freeing(articles: &mut [Article]) -> (Vec<Run>, Files) {
    tokenize_freeing_with(articles, false)
}

/// [`tokenize_freeing`], folding CJK characters if `fold` (as [`tokenize_with`]); the text
/// files keep the articles' own characters.
pub fn tokenize_freeing_with(articles: &mut [Article], fold: bool) -> (Vec<Run>, Files) {
    tokenize_freeing_cached(articles, fold, None)
}

/// [`tokenize_freeing_with`] through the build cache's search store: a run whose articles
/// have the same indexed text as a run saved there is decoded instead of tokenized.
pub fn tokenize_freeing_cached(
    articles: &mut [Article],
    fold: bool,
    store: Option<&crate::cache::Store>,
) -> (Vec<Run>, Files) {
    let done: Vec<(Run, Files)> = articles
        .par_chunks_mut(RUN)
        .enumerate()
        .map_init(
            || Scratch::new(fold),
            |s, (r, chunk)| {
                let run = match store {
                    Some(store) => {
                        let key = run_key(fold, r * RUN, chunk);
                        match store
                            .get_raw(key)
                            .and_then(|(_, b)| Run::decode(b, r * RUN))
                        {
                            Some(run) => {
                                store.keep(key);
                                run
                            }
                            None => {
                                let run = tokenize_run(s, r * RUN, chunk);
                                store.put_raw(key, 0, run.encode());
                                run
                            }
                        }
                    }
                    None => tokenize_run(s, r * RUN, chunk),
                };
                let texts = super::docs::texts(chunk, r * RUN);
                for a in chunk {
                    a.rendered.plain_text = String::new();
                }
                (run, texts)
            },
        )
        .collect();
    let mut runs = Vec::with_capacity(done.len());
    let mut texts = Vec::with_capacity(articles.len());
    for (run, t) in done {
        runs.push(run);
        texts.extend(t);
    }
    (runs, texts)
}

/// Reads [`Run::encode`]'s bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A length: at most the bytes there are.
    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?)
            .ok()
            .filter(|&n| n <= self.bytes.len())
    }
}

/// The key of a run: everything [`tokenize_run`] reads (kuaixun itself, the fold, where the
/// run starts, and each article's title, tags, categories, summary and plain text).
fn run_key(fold: bool, first: usize, chunk: &[Article]) -> u128 {
    let mut k = crate::cache::hash::Key::new();
    k.u128(crate::cache::build_id())
        .u64(u64::from(fold))
        .u64(first as u64)
        .u64(chunk.len() as u64);
    for a in chunk {
        let m = &a.doc.meta;
        k.str(&m.title).u64(m.tags.len() as u64);
        for t in &m.tags {
            k.str(t);
        }
        k.u64(m.categories.len() as u64);
        for c in &m.categories {
            k.str(c);
        }
        k.str(m.summary.as_deref().unwrap_or("\u{0}"))
            .str(&a.rendered.plain_text);
    }
    k.finish()
}

impl Run {
    /// The run's partitions in bytes (little-endian, each list after its length), for the
    /// build cache.
    fn encode(&self) -> Vec<u8> {
        let size: usize = self
            .parts
            .iter()
            .map(|p| {
                32 + p.keys.len() * 4
                    + p.vals.len() * 2
                    + p.long.len() * 8
                    + p.words.iter().map(|(_, w)| 16 + w.len()).sum::<usize>()
            })
            .sum();
        let mut out = Vec::with_capacity(size);
        let len = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u64).to_le_bytes());
        for p in &self.parts {
            len(&mut out, p.keys.len());
            out.extend(p.keys.iter().flat_map(|k| k.to_le_bytes()));
            len(&mut out, p.vals.len());
            out.extend(p.vals.iter().flat_map(|v| v.to_le_bytes()));
            len(&mut out, p.long.len());
            out.extend(p.long.iter().flat_map(|k| k.to_le_bytes()));
            len(&mut out, p.words.len());
            for (key, w) in &p.words {
                out.extend_from_slice(&key.to_le_bytes());
                len(&mut out, w.len());
                out.extend_from_slice(w.as_bytes());
            }
        }
        out
    }

    /// [`Run::encode`]'s bytes back into the run starting at doc `first`; `None` if they are
    /// not a run's.
    fn decode(bytes: &[u8], first: usize) -> Option<Run> {
        let mut r = Reader { bytes, at: 0 };
        let mut parts = Vec::with_capacity(PARTS);
        for _ in 0..PARTS {
            let n = r.count()?;
            let keys = r
                .take(n.checked_mul(4)?)?
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let n = r.count()?;
            let vals = r
                .take(n.checked_mul(2)?)?
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let n = r.count()?;
            let long: Vec<u64> = r
                .take(n.checked_mul(8)?)?
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect();
            let n = r.count()?;
            let mut words = Vec::with_capacity(n);
            for _ in 0..n {
                let key = r.u64()?;
                let len = r.count()?;
                let w = std::str::from_utf8(r.take(len)?).ok()?;
                words.push((key, Box::from(w)));
            }
            parts.push(RunPart {
                keys,
                vals,
                words,
                long,
            });
        }
        let at = r.at;
        // Every key that points into `long` must be there, and the bytes must be used up.
        let sound = parts.iter().all(|p: &RunPart| {
            p.keys.len() == p.vals.len()
                && p.keys
                    .iter()
                    .all(|&k| k & LONG == 0 || ((k & !LONG) as usize) < p.long.len())
        });
        (sound && at == bytes.len()).then_some(Run {
            first: first as u32,
            parts,
        })
    }
}

/// Step 2: the posting lists of each partition.
pub fn merge(runs: Vec<Run>) -> Vec<Part> {
    let mut by_part: Vec<Vec<(u32, RunPart)>> = (0..PARTS).map(|_| Vec::new()).collect();
    for run in runs {
        for (p, part) in run.parts.into_iter().enumerate() {
            by_part[p].push((run.first, part));
        }
    }
    by_part
        .into_par_iter()
        .enumerate()
        .map(|(p, parts)| merge_part(parts, p))
        .collect()
}

fn tokenize_run<A: Borrow<Article>>(s: &mut Scratch, first: usize, chunk: &[A]) -> Run {
    let mut run = Run {
        first: first as u32,
        parts: (0..PARTS).map(|_| RunPart::default()).collect(),
    };
    s.words.clear();
    let Scratch {
        tokenizer,
        doc: counts,
        words,
    } = s;
    for (i, a) in chunk.iter().enumerate() {
        let a: &Article = a.borrow();
        counts.clear();
        let mut add = |t: Token<'_>, field: u8| {
            let key = match t {
                Token::Cjk(a, b) => cjk_key(a, b),
                Token::Word(w) => {
                    let key = word_key(w);
                    words.entry(key, || {
                        let p = word_part(w);
                        run.parts[p].words.push((key, w.into()));
                        p as u8
                    });
                    key
                }
            };
            let bits = counts.entry(key, || 0).0;
            if field == BODY {
                if *bits >> 2 < MAX_TF {
                    *bits += BODY;
                }
            } else {
                *bits |= field;
            }
        };
        tokenizer.run(&a.doc.meta.title, |t| add(t, Posting::TITLE));
        for tag in a.doc.meta.tags.iter().chain(&a.doc.meta.categories) {
            tokenizer.run(tag, |t| add(t, Posting::TAG));
        }
        if let Some(summary) = &a.doc.meta.summary {
            tokenizer.run(summary, |t| add(t, BODY));
        }
        tokenizer.run(&a.rendered.plain_text, |t| add(t, BODY));
        if i == 0 {
            // Later articles are about as long: size the buckets once.
            let guess = counts.len() * chunk.len() / PARTS * 5 / 4;
            for part in &mut run.parts {
                part.keys.reserve(guess);
                part.vals.reserve(guess);
            }
        }
        let doc = (i as u16) << 4;
        for (key, bits) in counts.iter() {
            let p = if key & WORD_BIT == 0 {
                cjk_part(key)
            } else {
                usize::from(words.get(key).unwrap_or_default())
            };
            let part = &mut run.parts[p];
            let short = short_key(key, &mut part.long);
            part.keys.push(short);
            part.vals.push(doc | u16::from(bits));
        }
    }
    run
}

fn merge_part(mut runs: Vec<(u32, RunPart)>, p: usize) -> Part {
    // Pass 1: a dense id per token (replacing the entries' keys), each token's doc count.
    let total: usize = runs.iter().map(|(_, r)| r.keys.len()).sum();
    let mut ids: KeyTable<u32> = KeyTable::with_capacity(total / 8);
    let mut keys: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for (_, run) in &mut runs {
        for short in &mut run.keys {
            let key = full_key(*short, p, &run.long);
            let id = *ids
                .entry(key, || {
                    keys.push(key);
                    counts.push(0);
                    (keys.len() - 1) as u32
                })
                .0;
            counts[id as usize] += 1;
            *short = id;
        }
    }
    drop(ids);
    // Tokens in key order; each token's slot range in `flat`.
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_unstable_by_key(|&id| keys[id as usize]);
    let mut cursor = vec![0u32; keys.len()];
    let mut at = 0u32;
    for &id in &order {
        cursor[id as usize] = at;
        at += counts[id as usize];
    }
    // Pass 2: counting sort of the entries by token, keeping doc order within a token.
    let mut flat = vec![0u32; total];
    let mut words: KeyMap<Box<str>> = KeyMap::default();
    for (first, run) in runs {
        for (&id, &v) in run.keys.iter().zip(&run.vals) {
            let c = &mut cursor[id as usize];
            flat[*c as usize] = (first + u32::from(v >> 4)) << 4 | u32::from(v & 15);
            *c += 1;
        }
        for (k, w) in run.words {
            words.entry(k).or_insert(w);
        }
    }
    // Encode every list into one buffer, in key order.
    let mut bytes = Vec::with_capacity(total * 3 / 2);
    let mut tokens = Vec::with_capacity(keys.len());
    let mut slot = 0usize;
    for &id in &order {
        let key = keys[id as usize];
        let n = counts[id as usize] as usize;
        let start = bytes.len() as u32;
        let mut enc = Encoder::default();
        for &v in &flat[slot..slot + n] {
            let posting = Posting {
                doc: v >> 4,
                bits: (v & 15) as u8,
            };
            enc.push(&mut bytes, posting);
        }
        slot += n;
        let word = (key & WORD_BIT != 0).then(|| words.remove(&key).unwrap_or_default());
        let key_hash = match &word {
            Some(w) => fnv1a(shard_key(w).as_bytes()),
            None => cjk_key_hash(cjk_chars(key).0),
        };
        tokens.push(TokenList {
            key,
            word,
            key_hash,
            postings: start..bytes.len() as u32,
            docs: n as u32,
        });
    }
    Part { tokens, bytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_round_trips_and_damaged_bytes_are_refused() {
        let mut run = Run {
            first: 64,
            parts: (0..PARTS).map(|_| RunPart::default()).collect(),
        };
        run.parts[3].keys = vec![7, LONG];
        run.parts[3].vals = vec![1 << 4 | 4, 2 << 4 | 1];
        run.parts[3].long = vec![WORD_BIT | 99];
        run.parts[3].words = vec![(WORD_BIT | 99, "risc-v".into())];
        run.parts[9].keys = vec![1];
        run.parts[9].vals = vec![4];
        let bytes = run.encode();
        let back = Run::decode(&bytes, 64).unwrap();
        assert_eq!(back.first, 64);
        for (a, b) in run.parts.iter().zip(&back.parts) {
            assert_eq!((&a.keys, &a.vals, &a.long), (&b.keys, &b.vals, &b.long));
            assert_eq!(a.words, b.words);
        }
        // Cut short, one byte too many, a key pointing past `long`: not a run.
        assert!(Run::decode(&bytes[..bytes.len() - 1], 64).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Run::decode(&longer, 64).is_none());
        run.parts[3].keys[1] = LONG | 5;
        assert!(Run::decode(&run.encode(), 64).is_none());
    }
}
