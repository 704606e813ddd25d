//! Search index size benchmark (issue 6): reads a built site and reports
//!
//! * the index size against the size of the site's HTML (target: ≤ 25%), and
//! * for each query of a list of typical two-word queries, the bytes the search client
//!   downloads to show the first page of results: the manifest, the shard files of every
//!   query term, the doc chunks of the ten best hits, and the article page of each of those
//!   hits whose title and excerpt lack the query's words (its snippet is cut from the
//!   page) (target: ≤ 300 KB).
//!
//! ```sh
//! cargo bench --bench search_size -- /dev/shm/kuaixun-bench/out-10000 [QUERY…]
//! ```
//!
//! `benches/search.sh` generates the 10,000-article corpus, builds it and runs this. Without a
//! path (bare `cargo bench`) it builds `target/bench-corpus`, which `gen_corpus` writes first.
//!
//! Query terms follow `static/js/search.js` (`parse`, `shardFiles`, `rank`): a CJK word of
//! two or more characters is its bigrams, looked up exactly; a one-character CJK word is a
//! prefix (every token starting with it); a Latin word is its lower-cased compound, and the
//! last word of the query is also a prefix when it has two or more characters. Words here are
//! either all CJK or all Latin (the queries below are).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kuaixun::search::postings::{decode, Posting};
use kuaixun::search::tokenize::{is_cjk, shard_key};
use kuaixun::search::{docs, layout::Layout, Manifest, MANIFEST};

/// Typical two-word queries for the benchmark corpus (benches/gen_corpus.rs) plus a few a
/// reader of a real Chinese tech-news site would type.
const QUERIES: &[&str] = &[
    "算力 芯片",
    "开源 数据库",
    "液冷 服务器",
    "RISC-V 开发板",
    "自动驾驶 芯片",
    "端侧 大模型",
    "Rust 编译器",
    "量子 计算",
    "Kubernetes 发行版",
    "H200 显存",
    "5G 专网",
    "人工智能 监管",
];

const PAGE: usize = 10;
const BUDGET: usize = 300 * 1024;

struct Term {
    token: String,
    prefix: bool,
}

fn terms(query: &str) -> Vec<Term> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let chars: Vec<char> = w.chars().collect();
        if chars.first().is_some_and(|&c| is_cjk(c)) {
            if chars.len() == 1 {
                out.push(Term {
                    token: w.to_string(),
                    prefix: true,
                });
            }
            for pair in chars.windows(2) {
                out.push(Term {
                    token: pair.iter().collect(),
                    prefix: false,
                });
            }
        } else {
            let lower = w.to_lowercase();
            out.push(Term {
                prefix: last && lower.chars().count() >= 2,
                token: lower,
            });
        }
    }
    out
}

/// The words search.js highlights: each query word (lower-cased), and a CJK word's bigrams.
fn marks(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in query.split_whitespace() {
        let chars: Vec<char> = w.chars().collect();
        out.push(w.to_lowercase());
        if chars.len() > 2 && chars.first().is_some_and(|&c| is_cjk(c)) {
            out.extend(chars.windows(2).map(|p| p.iter().collect::<String>()));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn shard_files(m: &Manifest, t: &Term) -> Vec<String> {
    let key = shard_key(&t.token);
    match m.split.get(key) {
        Some(&(first, k)) if t.prefix => (first..first + k).map(Layout::path).collect(),
        _ => vec![m.file_of(&t.token)],
    }
}

fn weight(p: &Posting) -> f64 {
    f64::from(8 * u8::from(p.title()) + 4 * u8::from(p.tag()) + p.tf())
}

struct Site {
    out: PathBuf,
    manifest: Manifest,
    shards: HashMap<String, BTreeMap<String, String>>,
}

impl Site {
    fn size(&self, rel: &str) -> usize {
        fs::metadata(self.out.join(rel)).map_or(0, |m| m.len() as usize)
    }

    fn shard(&mut self, rel: &str) -> &BTreeMap<String, String> {
        let out = &self.out;
        self.shards.entry(rel.to_string()).or_insert_with(|| {
            let text = fs::read_to_string(out.join(rel)).unwrap_or_default();
            serde_json::from_str(&text).unwrap_or_default()
        })
    }

    /// (files fetched, bytes, hits) for `query`.
    fn query(&mut self, query: &str) -> (usize, usize, usize) {
        let terms = terms(query);
        let mut fetched: BTreeSet<String> = BTreeSet::new();
        fetched.insert(MANIFEST.to_string());
        let mut sets: Vec<HashMap<u32, f64>> = Vec::new();
        for t in &terms {
            let mut scores: HashMap<u32, f64> = HashMap::new();
            for rel in shard_files(&self.manifest, t) {
                fetched.insert(rel.clone());
                let cjk = t.token.chars().next().is_some_and(is_cjk);
                for (tok, list) in self.shard(&rel) {
                    let hit = if t.prefix {
                        tok.starts_with(&t.token)
                    } else {
                        *tok == t.token
                    };
                    if !hit {
                        continue;
                    }
                    let factor = if cjk || *tok == t.token { 1.0 } else { 0.5 };
                    for p in decode(list).unwrap_or_default() {
                        let w = weight(&p) * factor;
                        let e = scores.entry(p.doc).or_insert(0.0);
                        *e = e.max(w);
                    }
                }
            }
            sets.push(scores);
        }
        sets.sort_by_key(|s| s.len());
        let mut hits: Vec<(u32, f64)> = match sets.split_first() {
            None => Vec::new(),
            Some((first, rest)) => first
                .iter()
                .filter_map(|(&doc, &s)| {
                    rest.iter()
                        .try_fold(s, |acc, set| set.get(&doc).map(|x| acc + x))
                        .map(|score| (doc, score))
                })
                .collect(),
        };
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let marks = marks(query);
        for &(doc, _) in hits.iter().take(PAGE) {
            let chunk = docs::path(doc as usize / self.manifest.chunk);
            fetched.insert(chunk.clone());
            // As static/js/search.js: a result whose title and excerpt lack every query word
            // gets its snippet from the article page, which is fetched too.
            let rows: Vec<serde_json::Value> = serde_json::from_str(
                &fs::read_to_string(self.out.join(&chunk)).unwrap_or_default(),
            )
            .unwrap_or_default();
            let row = &rows[doc as usize % self.manifest.chunk];
            let excerpt = row[4].as_str().unwrap_or_default().to_lowercase();
            let title = row[0].as_str().unwrap_or_default().to_lowercase();
            if !marks
                .iter()
                .any(|m| excerpt.contains(m.as_str()) || title.contains(m.as_str()))
            {
                let url = percent_decode(row[1].as_str().unwrap_or_default());
                fetched.insert(format!("{url}index.html"));
            }
        }
        let bytes = fetched.iter().map(|rel| self.size(rel)).sum();
        (fetched.len(), bytes, hits.len())
    }
}

fn sum_sizes(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> (usize, usize) {
    let (mut n, mut bytes) = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() && keep(e.path()) {
            n += 1;
            bytes += e.metadata().map_or(0, |m| m.len() as usize);
        }
    }
    (n, bytes)
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; skip flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let out = match args.first() {
        Some(out) => PathBuf::from(out),
        // Bare `cargo bench`: build the site gen_corpus has just written and measure that.
        None => {
            let root = PathBuf::from("target/bench-corpus");
            let out = PathBuf::from("target/bench-corpus-out");
            let mut opts = kuaixun::build::BuildOptions::new(&root);
            opts.output = Some(out.clone());
            if let Err(e) = kuaixun::build::build(&opts) {
                eprintln!(
                    "search_size: cannot build {} ({e}); usage: cargo bench --bench search_size \
                     -- OUTPUT_DIR [QUERY…]",
                    root.display()
                );
                return ExitCode::from(2);
            }
            out
        }
    };
    let manifest: Manifest = match fs::read_to_string(out.join(MANIFEST))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{}: {e}", out.join(MANIFEST).display());
            return ExitCode::FAILURE;
        }
    };
    let (html_n, html) = sum_sizes(&out, &|p| p.extension().is_some_and(|e| e == "html"));
    let (index_n, index) = sum_sizes(&out.join("search"), &|_| true);
    let ratio = index as f64 / html as f64 * 100.0;
    println!(
        "{} docs; HTML {html_n} files {:.1} MB; search index {index_n} files {:.1} MB = {ratio:.1}% of HTML (target ≤ 25%)",
        manifest.docs,
        html as f64 / 1e6,
        index as f64 / 1e6,
    );
    let queries: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        QUERIES.iter().map(|q| q.to_string()).collect()
    };
    let mut site = Site {
        out,
        manifest,
        shards: HashMap::new(),
    };
    println!();
    println!("| query | hits | files | KB fetched |");
    println!("|---|---:|---:|---:|");
    let mut worst = 0;
    let mut all = Vec::new();
    for q in &queries {
        let (files, bytes, hits) = site.query(q);
        println!("| {q} | {hits} | {files} | {:.1} |", bytes as f64 / 1024.0);
        worst = worst.max(bytes);
        all.push(bytes);
    }
    all.sort_unstable();
    let median = all.get(all.len() / 2).copied().unwrap_or(0);
    println!();
    println!(
        "per query: median {:.1} KB, max {:.1} KB (target ≤ {} KB)",
        median as f64 / 1024.0,
        worst as f64 / 1024.0,
        BUDGET / 1024
    );
    if ratio > 25.0 || worst > BUDGET {
        println!("TARGET MISSED");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
