//! OpenCC conversion throughput: every Markdown file under a folder (default: the demo site's
//! `content/`), read once, converted by each table in turn, best of five.
//!
//! ```sh
//! cargo bench --bench opencc                                       # the demo's content/
//! cargo bench --bench opencc -- /dev/shm/kuaixun-bench/corpus-10000/content
//! ```
//!
//! Rows: the shared first step (`base`, STPhrases + STCharacters), the regional steps after it
//! (what each edition of a two-variant build runs), and each whole table.

use std::time::Instant;

use kuaixun::variants::opencc::{Converter, Table};

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/content").to_string());
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.unwrap_or_else(|e| panic!("{dir}: {e}"));
        if e.path().extension().is_some_and(|x| x == "md") {
            texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    assert!(bytes > 0, "{dir}: no Markdown files");
    let base = Converter::base();
    let based: Vec<String> = texts.iter().map(|t| base.convert(t).into_owned()).collect();
    println!(
        "{} files, {:.1} MB, {:.2} M characters from {dir}",
        texts.len(),
        bytes as f64 / 1e6,
        chars as f64 / 1e6
    );
    let rows: [(&str, Converter, &[String]); 6] = [
        ("base (STPhrases + STCharacters)", base.clone(), &texts),
        (
            "zh-TW after base",
            Converter::after_base(Table::S2twp),
            &based,
        ),
        (
            "zh-HK after base",
            Converter::after_base(Table::S2hk),
            &based,
        ),
        ("s2twp, whole", Converter::new(Table::S2twp), &texts),
        ("s2hk, whole", Converter::new(Table::S2hk), &texts),
        ("s2t, whole", Converter::new(Table::S2t), &texts),
    ];
    for (name, conv, input) in rows {
        let mut best = f64::MAX;
        let mut out_bytes = 0;
        for _ in 0..5 {
            let t = Instant::now();
            out_bytes = input.iter().map(|x| conv.convert(x).len()).sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name:34} {:8.1} ms  {:6.0} MB/s  {:5.1} ns/char  ({:.1} MB out)",
            best * 1e3,
            bytes as f64 / 1e6 / best,
            best * 1e9 / chars as f64,
            out_bytes as f64 / 1e6
        );
    }
}
