//! `kuaixun deploy`: the output folder to an S3-compatible bucket, incrementally, then the
//! search engines told. The door is [`deploy`] (and [`push_urls`] for `kuaixun push`).
//!
//! - `local.rs`: the output as it should be online (key, MD5, Content-Type, Cache-Control).
//! - `plan.rs`: the manifest kept in the bucket and the plan: what to upload in which
//!   order, what to delete.
//! - `store.rs`: the bucket through `rust-s3`, with retries and plain errors.
//! - `push.rs`: Baidu 普通收录 and IndexNow.

pub mod local;
pub mod plan;
pub mod push;
pub mod store;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::build::{self, BuildOptions};
use crate::config::{Config, DeployTarget};
use crate::error::{Error, Errors};
use local::{Kind, LocalFile};
use plan::{Entry, Manifest, Plan};
use store::Store;

/// Uploads between two manifest checkpoints: an interrupted deploy redoes at most these.
const CHECKPOINT_EVERY: usize = 2000;

#[derive(Debug, Clone)]
pub struct DeployOptions {
    pub root: PathBuf,
    /// The folder to deploy; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Target name from `deploy:`; may be left out when there is only one.
    pub target: Option<String>,
    pub dry_run: bool,
    /// Remove objects the output no longer has.
    pub delete: bool,
    /// Upload every file, whatever the bucket holds.
    pub force: bool,
    /// Run `kuaixun build` into the output first.
    pub build: bool,
    /// Tell the configured search engines afterwards.
    pub push: bool,
    pub progress: bool,
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default)]
pub struct DeployReport {
    /// `--dry-run`: one line per upload and deletion; push results.
    pub lines: Vec<String>,
    /// Push failures (printed as warnings; the deploy still succeeded).
    pub warnings: Vec<String>,
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub deleted: usize,
    pub skipped: usize,
    /// Objects the output no longer has, kept because `--delete` was not given.
    pub stale: usize,
    pub dry_run: bool,
    pub target: String,
    pub elapsed: Duration,
    /// Absolute URLs of new and changed articles.
    pub pushed_urls: Vec<String>,
}

impl std::fmt::Display for DeployReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.dry_run {
            "dry run: would upload"
        } else {
            "uploaded"
        };
        let del = if self.dry_run { "delete" } else { "deleted" };
        write!(
            f,
            "{} {verb} {} files / {}, {del} {}, skipped {} unchanged",
            self.target,
            self.uploaded,
            mb(self.uploaded_bytes),
            self.deleted,
            self.skipped,
        )?;
        if self.stale > 0 {
            write!(
                f,
                ", kept {} objects the build no longer has (--delete removes them)",
                self.stale
            )?;
        }
        write!(f, ", in {:.1} s", self.elapsed.as_secs_f64())
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

fn size(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} KB", bytes as f64 / 1000.0)
    } else {
        mb(bytes)
    }
}

/// The target named on the command line, or the only one.
fn pick<'a>(config: &'a Config, name: Option<&str>) -> Result<(String, &'a DeployTarget), Error> {
    let names = || {
        config
            .deploy
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        Some(n) => config
            .deploy
            .get(n)
            .map(|t| (n.to_string(), t))
            .ok_or_else(|| {
                Error::in_file(
                    crate::config::CONFIG_FILE,
                    format!("deploy: no target `{n}` (config.yaml has: {})", names()),
                )
            }),
        None => match config.deploy.len() {
            0 => Err(Error::in_file(
                crate::config::CONFIG_FILE,
                "deploy: no deploy target; add one under `deploy:` (see README, Deploy with kuaixun deploy)",
            )),
            1 => {
                let (n, t) = config.deploy.iter().next().expect("one target");
                Ok((n.clone(), t))
            }
            _ => Err(Error::in_file(
                crate::config::CONFIG_FILE,
                format!(
                    "deploy: several targets ({}); name one: kuaixun deploy NAME",
                    names()
                ),
            )),
        },
    }
}

/// Run one deploy.
pub fn deploy(opts: &DeployOptions) -> Result<DeployReport, Errors> {
    let start = Instant::now();
    let config = build::load_config(&BuildOptions::new(&opts.root))?;
    let (name, target) = pick(&config, opts.target.as_deref())?;
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    if opts.build {
        let mut b = BuildOptions::new(&opts.root);
        b.output = Some(output.clone());
        b.progress = opts.progress;
        let report = build::build(&b)?;
        println!("{report}");
    }
    let local = local::scan(&output, &target.cache_control)?;
    let store = Store::connect(&name, target)?;
    let remote = store.list()?;
    let old = store
        .manifest(remote.contains_key(plan::MANIFEST_KEY))?
        .unwrap_or_default();
    let plan = plan::plan(&local, &old, &remote, opts.force, opts.delete);
    let mut report = DeployReport {
        skipped: plan.skipped,
        stale: plan.stale,
        dry_run: opts.dry_run,
        target: format!("{name}:"),
        ..DeployReport::default()
    };
    report.uploaded = plan.uploads().count();
    report.uploaded_bytes = plan.uploads().map(|u| local[u.file].size).sum();
    report.deleted = plan.deletes.len();
    let articles = article_fingerprints(&local, &plan);
    report.pushed_urls = articles
        .iter()
        .filter(|(key, fp)| old.files.get(*key).and_then(|e| e.article.as_ref()) != Some(fp))
        .map(|(key, _)| {
            let rel = key.strip_suffix("index.html").unwrap_or(key);
            crate::output::feeds::absolute(&config, rel)
        })
        .collect();
    let engines = opts.push && push::enabled(&config);
    if opts.dry_run {
        for u in plan.uploads() {
            let f = &local[u.file];
            report.lines.push(format!(
                "upload {}  {}  ({}; {}; {})",
                f.key,
                size(f.size),
                u.why.label(),
                f.content_type,
                f.cache_control
            ));
        }
        for (key, bytes) in &plan.deletes {
            report.lines.push(format!("delete {key}  {}", size(*bytes)));
        }
        if engines {
            for url in &report.pushed_urls {
                report.lines.push(format!("push {url}"));
            }
        }
        report.elapsed = start.elapsed();
        return Ok(report);
    }

    // Entries of objects that are still there; an upload replaces its entry when it succeeds.
    let old_len = old.files.len();
    let mut manifest = Manifest {
        version: 1,
        files: old
            .files
            .into_iter()
            .filter(|(k, _)| remote.contains_key(k))
            .collect(),
    };
    let bar = Bar::new(
        opts.progress,
        report.uploaded as u64 + report.deleted as u64,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(target.concurrency)
        .build()
        .map_err(|e| Error::new(format!("deploy: cannot start upload threads: {e}")))?;
    let shared = Mutex::new(std::mem::take(&mut manifest));
    let run = || -> Result<(), Errors> {
        let untouched = lock(&shared).files.len() == old_len;
        if untouched && plan.uploads().next().is_none() && plan.deletes.is_empty() {
            // Nothing to do, and the manifest is right as it is: send nothing.
            return Ok(());
        }
        for phase in plan.phases.iter().filter(|p| !p.is_empty()) {
            upload_phase(&pool, &store, &local, phase, &articles, &shared, &bar)?;
            checkpoint(&store, &shared)?;
        }
        let errors: Vec<Error> = pool.install(|| {
            plan.deletes
                .par_iter()
                .filter_map(|(key, _)| {
                    let r = store.delete(key);
                    bar.tick(0);
                    if r.is_ok() {
                        lock(&shared).files.remove(key);
                    }
                    r.err()
                })
                .collect()
        });
        if !errors.is_empty() {
            let _ = checkpoint(&store, &shared);
            return Err(first_errors(errors));
        }
        if plan.deletes.is_empty() {
            Ok(())
        } else {
            checkpoint(&store, &shared)
        }
    };
    let result = run();
    bar.finish();
    result?;
    report.elapsed = start.elapsed();
    if engines {
        for outcome in push::push(&config, &report.pushed_urls) {
            match outcome {
                push::Outcome::Done(m) => report.lines.push(m),
                push::Outcome::Failed(m) => report.warnings.push(m),
            }
        }
    }
    Ok(report)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn first_errors(mut errors: Vec<Error>) -> Errors {
    errors.truncate(10);
    Errors(errors)
}

fn checkpoint(store: &Store, shared: &Mutex<Manifest>) -> Result<(), Errors> {
    let snapshot = lock(shared).clone();
    store.put_manifest(&snapshot).map_err(Errors::from)
}

fn upload_phase(
    pool: &rayon::ThreadPool,
    store: &Store,
    local: &[LocalFile],
    phase: &[plan::Upload],
    articles: &BTreeMap<String, String>,
    shared: &Mutex<Manifest>,
    bar: &Bar,
) -> Result<(), Errors> {
    let done = AtomicUsize::new(0);
    let errors: Vec<Error> = pool.install(|| {
        phase
            .par_iter()
            .filter_map(|u| {
                let f = &local[u.file];
                let result = std::fs::read(&f.path)
                    .map_err(|e| Error::io(&f.path, e))
                    .and_then(|bytes| store.put(&f.key, &bytes, &f.content_type, &f.cache_control));
                bar.tick(f.size);
                match result {
                    Ok(etag) => {
                        lock(shared).files.insert(
                            f.key.clone(),
                            Entry {
                                md5: f.md5.clone(),
                                size: f.size,
                                etag,
                                content_type: f.content_type.clone(),
                                cache_control: f.cache_control.clone(),
                                article: articles.get(&f.key).cloned(),
                            },
                        );
                        if (done.fetch_add(1, Ordering::Relaxed) + 1)
                            .is_multiple_of(CHECKPOINT_EVERY)
                        {
                            if let Err(e) = checkpoint(store, shared) {
                                return e.0.into_iter().next();
                            }
                        }
                        None
                    }
                    Err(e) => Some(e),
                }
            })
            .collect()
    });
    if errors.is_empty() {
        Ok(())
    } else {
        // Keep what did go up, so a rerun starts from there.
        let _ = checkpoint(store, shared);
        Err(first_errors(errors))
    }
}

/// Uploaded article pages (those marked `og:type` `article`, as the default theme does):
/// key → hash of the article itself, without the prev/next links and related list, which
/// change when a neighbour is edited.
fn article_fingerprints(local: &[LocalFile], plan: &Plan) -> BTreeMap<String, String> {
    plan.uploads()
        .map(|u| &local[u.file])
        .filter(|f| f.kind == Kind::Page && f.key != "404.html")
        .filter_map(|f| {
            let html = std::fs::read_to_string(&f.path).ok()?;
            if !html.contains("<meta property=\"og:type\" content=\"article\">") {
                return None;
            }
            let own = strip_between(
                &strip_between(&html, "<nav class=\"post-nav\"", "</nav>"),
                "<section class=\"related\"",
                "</section>",
            );
            let own: String = own
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    !(l.starts_with("<link rel=\"prev\"") || l.starts_with("<link rel=\"next\""))
                })
                .collect();
            Some((f.key.clone(), format!("{:x}", md5::compute(own))))
        })
        .collect()
}

/// `text` without the first `start`…`end` span (kept whole when there is none).
fn strip_between(text: &str, start: &str, end: &str) -> String {
    match text.find(start) {
        Some(a) => match text[a..].find(end) {
            Some(b) => format!("{}{}", &text[..a], &text[a + b + end.len()..]),
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

/// `kuaixun push`: tell the configured engines about `urls`; with none given, the articles
/// of `public/sitemap.xml` modified in the last two days.
pub fn push_urls(
    root: &std::path::Path,
    output: Option<PathBuf>,
    urls: Vec<String>,
    dry_run: bool,
) -> Result<DeployReport, Errors> {
    let config = build::load_config(&BuildOptions::new(root))?;
    if !push::enabled(&config) {
        return Err(Error::in_file(
            crate::config::CONFIG_FILE,
            "push: no search engine configured; add `push: {baidu: {}}` or `push: {indexnow: {key: …}}`",
        )
        .into());
    }
    let urls = if urls.is_empty() {
        let out = output.unwrap_or_else(|| root.join("public"));
        recent_from_sitemap(&out)?
    } else {
        urls
    };
    let mut report = DeployReport {
        dry_run,
        target: "push:".into(),
        pushed_urls: urls.clone(),
        ..DeployReport::default()
    };
    for url in &urls {
        report.lines.push(format!("push {url}"));
    }
    if !dry_run {
        report.lines.clear();
        for outcome in push::push(&config, &urls) {
            match outcome {
                push::Outcome::Done(m) => report.lines.push(m),
                push::Outcome::Failed(m) => report.warnings.push(m),
            }
        }
    }
    Ok(report)
}

/// `<loc>` of sitemap entries whose `<lastmod>` is within two days.
fn recent_from_sitemap(out: &std::path::Path) -> Result<Vec<String>, Error> {
    let path = out.join("sitemap.xml");
    let xml = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(48);
    let field = |s: &str, name: &str| -> Option<String> {
        let open = format!("<{name}>");
        let a = s.find(&open)? + open.len();
        let b = a + s[a..].find(&format!("</{name}>"))?;
        Some(s[a..b].to_string())
    };
    Ok(xml
        .split("<url>")
        .skip(1)
        .filter_map(|u| {
            let loc = field(u, "loc")?.replace("&amp;", "&");
            let lastmod: jiff::Timestamp = field(u, "lastmod")?.parse().ok()?;
            (lastmod >= since).then_some(loc)
        })
        .collect())
}

/// Lines of `config.yaml` holding a value that looks like a cloud access key (AWS `AKIA…`/
/// `ASIA…`, Aliyun `LTAI…`, Tencent `AKID…`), for `kuaixun check`: (line, message).
pub fn credential_warnings(text: &str) -> Vec<(usize, String)> {
    let looks_like_key = |w: &str| {
        let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
        let upper = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        };
        match w.get(..4) {
            Some("AKIA" | "ASIA") => w.len() == 20 && upper(w),
            Some("LTAI") => (16..=34).contains(&w.len()) && alnum(w),
            Some("AKID") => (36..=44).contains(&w.len()) && alnum(w),
            _ => false,
        }
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.split(|c: char| !c.is_ascii_alphanumeric())
                .any(looks_like_key)
        })
        .map(|(i, _)| {
            (
                i + 1,
                "this looks like a cloud access key; config.yaml is committed and published, so keep keys in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or ~/.aws/credentials, and rotate this one".to_string(),
            )
        })
        .collect()
}

/// Upload progress on a terminal: files and bytes.
struct Bar {
    bar: Option<ProgressBar>,
    bytes: AtomicU64,
}

impl Bar {
    fn new(enabled: bool, len: u64) -> Bar {
        let bar = (enabled && len > 0 && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(len);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Bar {
            bar,
            bytes: AtomicU64::new(0),
        }
    }

    fn tick(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
            bar.set_message(mb(total));
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_looking_values_are_found() {
        let text = "title: t\n# AKIAIOSFODNN7EXAMPLE\nauthor: LTAI5tAbCdEfGhIjKlMnOp\nslugs:\n  AKIA: akia\n";
        let lines: Vec<usize> = credential_warnings(text).iter().map(|w| w.0).collect();
        assert_eq!(lines, [2, 3]);
    }
}
