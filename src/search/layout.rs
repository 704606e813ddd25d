//! Shard layout: which file holds a token, and the shard files themselves.
//!
//! A token's **shard key** is its first CJK character or the first two characters of a word
//! (`super::tokenize::shard_key`); every token with one key is in one file, so a one-character
//! CJK query or a word prefix is answered by one file. Files are `search/shards/<n>.json`:
//!
//! * `n = fnv1a(key) % shards` for most keys; `shards` is a power of two chosen so that these
//!   files average about [`TARGET`] bytes;
//! * a key whose tokens together exceed [`SPLIT_AT`] (在, 的, "20" in a big corpus) gets `k`
//!   files of its own, numbered from `first`: `n = first + fnv1a(token) % k`. The manifest
//!   lists these as `"split": {key: [first, k]}`.
//!
//! Each file is one JSON object, token → encoded posting list (`super::postings`), with no
//! whitespace: `{"算力":"AAB","算法":"Cj"}`. Every numbered file exists, empty (`{}`) or not.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::collect::{KeyMap, Part, TokenList};
use super::tokenize::fnv1a;

/// Aimed-for size of a shard file.
pub const TARGET: usize = 24 * 1024;
/// A shard key with more bytes than this gets files of its own.
pub const SPLIT_AT: usize = 40 * 1024;
/// Most hashed shards.
pub const MAX_SHARDS: usize = 4096;

/// Where tokens go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Hashed shards (a power of two).
    pub shards: u32,
    /// Split shard keys → (first file number, file count).
    pub split: BTreeMap<String, (u32, u32)>,
    /// Number of files: `shards` plus all split files.
    pub files: u32,
}

impl Layout {
    /// The file number of a token whose shard key is `key` (hash `key_hash`).
    pub fn file_of(&self, key: &str, key_hash: u32, token: &str) -> u32 {
        match self.split.get(key) {
            Some(&(first, k)) => first + fnv1a(token.as_bytes()) % k,
            None => key_hash % self.shards,
        }
    }

    /// The path of file `n`, relative to the output folder.
    pub fn path(n: u32) -> String {
        format!("search/shards/{n}.json")
    }
}

/// Bytes a token adds to its file: `"tok":"list",`.
fn entry_len(t: &TokenList) -> usize {
    t.text_len() + t.postings_len() + 6
}

/// Chooses the layout from the collected lists.
pub fn plan(parts: &[Part]) -> Layout {
    plan_with(parts, TARGET, SPLIT_AT)
}

/// [`plan`] with other sizes (tests use small ones).
pub fn plan_with(parts: &[Part], target: usize, split_at: usize) -> Layout {
    // Per shard key bytes; keys never span partitions.
    let per_key: Vec<(String, usize)> = parts
        .par_iter()
        .flat_map_iter(|part| {
            let mut cjk: KeyMap<usize> = KeyMap::default();
            let mut words: HashMap<&str, usize> = HashMap::new();
            for t in &part.tokens {
                match &t.word {
                    Some(w) => {
                        *words.entry(super::tokenize::shard_key(w)).or_default() += entry_len(t)
                    }
                    None => *cjk.entry(t.key >> 21).or_default() += entry_len(t),
                }
            }
            let cjk = cjk.into_iter().map(|(c, n)| {
                (
                    char::from_u32(c as u32).unwrap_or('\u{fffd}').to_string(),
                    n,
                )
            });
            let words: Vec<_> = words.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
            cjk.chain(words).collect::<Vec<_>>()
        })
        .collect();
    let mut rest = 0usize;
    let mut heavy: Vec<(String, usize)> = Vec::new();
    for (key, n) in per_key {
        if n > split_at {
            heavy.push((key, n));
        } else {
            rest += n;
        }
    }
    heavy.sort();
    let shards = rest
        .div_ceil(target)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS) as u32;
    let mut split = BTreeMap::new();
    let mut files = shards;
    for (key, n) in heavy {
        let k = n.div_ceil(target) as u32;
        split.insert(key, (files, k));
        files += k;
    }
    Layout {
        shards,
        split,
        files,
    }
}

/// Serializes every shard file, in file number order.
pub fn write(parts: &[Part], layout: &Layout) -> Vec<(String, Vec<u8>)> {
    // Most tokens' keys are not split: rule them out by the key's hash before comparing text.
    let mut split_hashes: Vec<u32> = layout.split.keys().map(|k| fnv1a(k.as_bytes())).collect();
    split_hashes.sort_unstable();
    let file_ids: Vec<Vec<u32>> = parts
        .par_iter()
        .map(|part| {
            part.tokens
                .iter()
                .map(|t| {
                    if split_hashes.binary_search(&t.key_hash).is_err() {
                        return t.key_hash % layout.shards;
                    }
                    t.with_shard_key(|key| match layout.split.get(key) {
                        Some(&(first, k)) => t.with_text(|tok| first + fnv1a(tok.as_bytes()) % k),
                        None => t.key_hash % layout.shards,
                    })
                })
                .collect()
        })
        .collect();
    let mut buckets: Vec<Vec<(u32, u32)>> = vec![Vec::new(); layout.files as usize];
    for (p, ids) in file_ids.iter().enumerate() {
        for (i, &n) in ids.iter().enumerate() {
            buckets[n as usize].push((p as u32, i as u32));
        }
    }
    drop(file_ids);
    buckets
        .into_par_iter()
        .enumerate()
        .map(|(n, mut refs)| {
            refs.sort_unstable_by_key(|&(p, i)| parts[p as usize].tokens[i as usize].key);
            let len: usize = refs
                .iter()
                .map(|&(p, i)| entry_len(&parts[p as usize].tokens[i as usize]))
                .sum();
            let mut out = Vec::with_capacity(len + 2);
            out.push(b'{');
            for (j, &(p, i)) in refs.iter().enumerate() {
                let part = &parts[p as usize];
                let t = &part.tokens[i as usize];
                if j > 0 {
                    out.push(b',');
                }
                out.push(b'"');
                t.with_text(|tok| json_str(&mut out, tok));
                out.extend_from_slice(b"\":\"");
                out.extend_from_slice(part.postings(t));
                out.push(b'"');
            }
            out.push(b'}');
            (Layout::path(n as u32), out)
        })
        .collect()
}

/// Appends `s` JSON-escaped (tokens are letters and digits, so this rarely escapes).
fn json_str(out: &mut Vec<u8>, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}
