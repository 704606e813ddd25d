//! Site model micro-benchmark: loads and renders a corpus once, then times the stages
//! `serve` reruns after an edit (best of `RUNS`, so a busy machine disturbs it less).
//!
//! ```sh
//! cargo bench --bench model -- /dev/shm/kuaixun-bench/corpus-10000
//! ```
//!
//! Without a path (bare `cargo bench`) it uses `target/bench-corpus`, which the
//! `gen_corpus` bench writes just before.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kuaixun::site::{prepare, related, Site, Taxonomy, TaxonomyKind};

const RUNS: usize = 15;

fn best<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        // Bare `cargo bench` runs gen_corpus first, which writes this 1,000-article site.
        .unwrap_or_else(|| PathBuf::from("target/bench-corpus"));
    if !root.join("config.yaml").is_file() {
        eprintln!(
            "model: no site at {} (usage: cargo bench --bench model -- SITE_ROOT; \
             `cargo bench --bench gen_corpus` writes target/bench-corpus)",
            root.display()
        );
        std::process::exit(2);
    }
    let config = kuaixun::config::Config::load(&root).expect("config");
    let loaded = kuaixun::content::load(&root, &config).expect("content");
    let content = kuaixun::build::render_content(
        &root,
        loaded,
        &config,
        kuaixun::content::Visibility::default(),
        jiff::Timestamp::now(),
    )
    .expect("content");
    let articles: Vec<_> = content
        .items
        .into_iter()
        .map(|(d, r)| prepare(d, r, &config).expect("prepare"))
        .collect();
    let site = Site::assemble(articles, content.inputs, &config, None).expect("site");
    println!("{} articles, best of {RUNS}:", site.articles.len());
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "  tags collect      {}",
        ms(best(|| Taxonomy::collect(
            TaxonomyKind::TAGS,
            &site.articles,
            &config
        )))
    );
    println!(
        "  related           {}",
        ms(best(|| related::compute(
            &site.articles,
            site.tags(),
            site.categories()
        )))
    );
    println!(
        "  site values       {}",
        ms(best(|| kuaixun::render::SiteValues::new(&site, &config)))
    );
    let renderer =
        kuaixun::render::Renderer::new(&root, &config, &Default::default()).expect("templates");
    let values = kuaixun::render::SiteValues::new(&site, &config);
    for (name, page) in [
        ("render archives", kuaixun::site::Page::Archives),
        ("render index p1", kuaixun::site::Page::Index(1)),
        ("render article  ", kuaixun::site::Page::Article(0)),
        (
            "render tag p1   ",
            kuaixun::site::Page::Term(TaxonomyKind::TAGS, 0, 1),
        ),
        (
            "render tag list ",
            kuaixun::site::Page::TermList(TaxonomyKind::TAGS),
        ),
    ] {
        let t = best(|| {
            let mut buf = Vec::new();
            renderer
                .render_page(&site, &values, page, &mut buf)
                .expect("render");
            buf.len()
        });
        println!("  {name}  {}", ms(t));
    }
    drop(values);
    let mut site = Some(site);
    let mut assemble = |reuse: bool| {
        best(|| {
            let (articles, model, inputs) = site.take().expect("site").into_parts();
            let prev = reuse.then_some(model);
            site = Some(Site::assemble(articles, inputs, &config, prev).expect("site"));
        })
    };
    println!("  assemble (new)    {}", ms(assemble(false)));
    println!("  assemble (reuse)  {}", ms(assemble(true)));
}
