//! Pinyin slugs: prints the slug of every title (for `benches/pinyin/compare.py`) or times
//! 10,000 of them.
//!
//! ```sh
//! cargo bench --bench pinyin_slugs                        # time 10,000 titles
//! cargo bench --bench pinyin_slugs -- --print titles.txt   # one slug per line
//! ```
//!
//! Without a file it uses `benches/pinyin/headlines.txt`.

use std::time::Instant;

use kuaixun::content::slug::slugify;

fn main() {
    let mut print = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--print" => print = true,
            "--bench" => {}
            other => path = Some(other.to_string()),
        }
    }
    let path = path.unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/benches/pinyin/headlines.txt").to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let titles: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if print {
        let mut out = String::new();
        for t in &titles {
            out.push_str(&slugify(t));
            out.push('\n');
        }
        print!("{out}");
        return;
    }
    let t = Instant::now();
    let first = slugify(titles[0]);
    let load = t.elapsed();
    let n = 10_000;
    let t = Instant::now();
    let mut bytes = first.len();
    for i in 0..n {
        bytes += std::hint::black_box(slugify(titles[i % titles.len()])).len();
    }
    let all = t.elapsed();
    println!(
        "pinyin slugs: first call (loads the tables) {:.1} ms; {n} titles in {:.1} ms ({:.2} µs each, {bytes} bytes)",
        load.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e6 / n as f64
    );
}
