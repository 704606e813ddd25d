//! Search index size benchmark (issues 6 and 18): reads a built site and reports
//!
//! * the index size against the size of the site's HTML (target: ≤ 25%), and
//! * for each query of a fixed list, the gzipped bytes the search client downloads to show
//!   the first page of ten results (manifest, shard files of every term, the doc chunks and
//!   body texts it reads to check phrases and cut snippets; target: median ≤ 80 KB), and
//!   for each following page ("显示更多", up to five; target: ≤ 40 KB per page median).
//!
//! What is fetched is what `kuaixun::search::query` fetches: it evaluates queries exactly as
//! `static/js/search.js` does (tests/browser_search.rs checks that they agree). Each file is
//! counted once per query, gzipped with `gzip -6` (what a static host serves).
//!
//! ```sh
//! cargo bench --bench search_size -- /dev/shm/kuaixun-bench/out-10000 [QUERY…]
//! ```
//!
//! `benches/search.sh` generates the 10,000-article corpus, builds it and runs this. Without a
//! path (bare `cargo bench`) it builds `target/bench-corpus`, which `gen_corpus` writes first.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use kuaixun::search::query::{Dir, Searcher, Sort, PAGE};
use kuaixun::search::{Manifest, MANIFEST};

/// Typical queries for the benchmark corpus (benches/gen_corpus.rs) plus a few a reader of a
/// real Chinese tech-news site would type (phrases of three or more characters, symbols).
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
    "浏览器",
    "数据库",
    "大模型",
    "C++",
];

const FIRST: usize = 80 * 1024;
const MORE: usize = 40 * 1024;
const MORE_PAGES: usize = 5;

struct Gz {
    out: PathBuf,
    sizes: HashMap<String, usize>,
}

impl Gz {
    fn size(&mut self, rel: &str) -> usize {
        if let Some(&n) = self.sizes.get(rel) {
            return n;
        }
        let bytes = fs::read(self.out.join(rel)).unwrap_or_default();
        let mut child = Command::new("gzip")
            .arg("-6c")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("gzip");
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let out = child.wait_with_output().expect("gzip");
        let _ = writer.join();
        self.sizes.insert(rel.to_string(), out.stdout.len());
        out.stdout.len()
    }
}

fn median(v: &mut [usize]) -> usize {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
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
    let mut gz = Gz {
        out: out.clone(),
        sizes: HashMap::new(),
    };
    println!();
    println!(
        "| query | hits | files, first 10 | KB gz, first 10 | KB gz per \"show more\" (files) |"
    );
    println!("|---|---:|---:|---:|---|");
    let (mut firsts, mut mores) = (Vec::new(), Vec::new());
    let mut worst_first = 0;
    let mut worst_more = 0;
    for q in &queries {
        let Some(mut s) = Searcher::new(Dir(out.clone())) else {
            eprintln!("cannot read the index");
            return ExitCode::FAILURE;
        };
        let mut run = s.start(q, Sort::Relevance);
        let hits = s.next_page(&mut run, PAGE);
        let first: usize = s.fetched.iter().map(|p| gz.size(p)).sum();
        let first_files = s.fetched.len();
        let mut seen = s.fetched.len();
        let mut pages = Vec::new();
        for _ in 0..MORE_PAGES {
            if s.next_page(&mut run, PAGE).is_empty() {
                break;
            }
            let b: usize = s.fetched[seen..].iter().map(|p| gz.size(p)).sum();
            pages.push(format!(
                "{:.1} ({})",
                b as f64 / 1024.0,
                s.fetched.len() - seen
            ));
            seen = s.fetched.len();
            worst_more = worst_more.max(b);
            mores.push(b);
        }
        println!(
            "| {q} | {}{} | {first_files} | {:.1} | {} |",
            if run.exact { "" } else { "≤" },
            run.total,
            first as f64 / 1024.0,
            pages.join(", ")
        );
        let _ = hits;
        worst_first = worst_first.max(first);
        firsts.push(first);
    }
    let (mf, mm) = (median(&mut firsts), median(&mut mores));
    println!();
    println!(
        "first 10: median {:.1} KB, max {:.1} KB gzipped (target: median ≤ {} KB)",
        mf as f64 / 1024.0,
        worst_first as f64 / 1024.0,
        FIRST / 1024
    );
    println!(
        "per \"show more\": median {:.1} KB, max {:.1} KB gzipped (target ≤ {} KB)",
        mm as f64 / 1024.0,
        worst_more as f64 / 1024.0,
        MORE / 1024
    );
    if out.join(kuaixun::search::facets::PATH).exists() {
        // Fetched once per visit, after the first results are shown (filter chips).
        println!(
            "filters (search/facets.json, once per visit after the first results): {:.1} KB gzipped",
            gz.size(kuaixun::search::facets::PATH) as f64 / 1024.0
        );
    }
    if ratio > 25.0 || mf > FIRST || mm > MORE {
        println!("TARGET MISSED");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
