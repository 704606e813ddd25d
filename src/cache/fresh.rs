//! Up-to-date builds (`fresh-<hash>.bin`, one per output folder, beside `output-<hash>.bin`):
//! when nothing a build reads has changed since the last build into the same output, and that
//! output is still exactly as the last build left it, the build stops after loading the
//! sources and rewrites nothing (make and cargo do the same with their inputs' times).
//!
//! What "nothing changed" means, all of it checked:
//! - the same kuaixun ([`super::build_id`]), site root and build options (`--base-url`,
//!   `--drafts`, `--future`, `--expired`, `--minify`);
//! - the same input files, each with the same [`Stamp`] (length, modification and change
//!   times, inode): every file of `content/` the build reads, `config.yaml`, and everything
//!   under `templates/`, `static/`, `data/` and `i18n/` (symbolic links followed). A file
//!   whose stamp is less than [`TRUST`] older than the build that recorded it is not trusted
//!   (the "racily clean" rule of git: a second write within one tick of the file system's
//!   clock would keep the stamp), so the next build looks at everything again;
//! - no moment has passed at which the output would change by itself: an article's `date`
//!   (a future article appears), `expires`, `pinned_until`, or the end of its two days in
//!   the news sitemap. A build that showed a relative date (`cn_date(style="relative")`) or
//!   printed a warning is never taken as up to date later (its warnings show again);
//! - every file of the output is still the file that build wrote (`output/previous.rs`),
//!   and the output folder and its top-level folders have not changed since (a file added by
//!   hand there shows; one added deeper down is not looked for).
//!
//! Anything else, and the build runs as usual, using the rest of the cache.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::content::{stamp, Document, Stamp};

/// The folders a build reads besides `content/` (walked whole), and its config file.
const TREES: [&str; 4] = [
    crate::render::TEMPLATES_DIR,
    crate::output::assets::STATIC_DIR,
    crate::data::DATA_DIR,
    crate::render::i18n::I18N_DIR,
];

/// How much older than the build an input file must be for its stamp to be trusted.
pub const TRUST: Duration = Duration::from_secs(1);

/// Every input file of one build (relative to the site root, with `/`, sorted), with its
/// stamp; `None`: too new to be trusted.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs(Vec<(String, Option<Stamp>)>);

impl Inputs {
    /// The inputs of a build that started at `started`: `content` holds the stamps loading
    /// took (`content::Loaded::stamps`); the other inputs are looked at now. `None` when a
    /// file cannot be looked at.
    pub fn collect(
        root: &Path,
        content: Vec<(PathBuf, Stamp)>,
        started: SystemTime,
    ) -> Option<Inputs> {
        let mut all: Vec<(String, Stamp)> = Vec::with_capacity(content.len() + 64);
        for (rel, s) in content {
            all.push((slashed(&rel), s));
        }
        match fs::metadata(root.join(crate::config::CONFIG_FILE)) {
            Ok(m) => all.push((crate::config::CONFIG_FILE.to_string(), stamp(&m))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) => return None,
        }
        for tree in TREES {
            let dir = root.join(tree);
            match fs::metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                _ => return None,
            }
            for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
                let entry = entry.ok()?;
                if entry.file_type().is_dir() {
                    continue;
                }
                let meta = entry.metadata().ok()?;
                let rel = entry.path().strip_prefix(root).ok()?;
                all.push((slashed(rel), stamp(&meta)));
            }
        }
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let trusted_before = started
            .checked_sub(TRUST)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let trusted = |s: &Stamp| s.1 < trusted_before && s.2 < trusted_before;
        Some(Inputs(
            all.into_iter()
                .map(|(p, s)| (p, trusted(&s).then_some(s)))
                .collect(),
        ))
    }

    fn all_trusted(&self) -> bool {
        self.0.iter().all(|(_, s)| s.is_some())
    }
}

fn slashed(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The first moment after `now` at which the output of these documents would change by
/// itself (see the module comment); `None`: never.
pub fn until<'a>(
    docs: impl Iterator<Item = &'a Document>,
    now: jiff::Timestamp,
    news_sitemap: bool,
) -> Option<i128> {
    let news = jiff::SignedDuration::from_hours(48);
    let mut first: Option<jiff::Timestamp> = None;
    let mut consider = |t: jiff::Timestamp| {
        if t > now && first.is_none_or(|f| t < f) {
            first = Some(t);
        }
    };
    for d in docs {
        let m = &d.meta;
        let date = m.date.timestamp();
        consider(date);
        if news_sitemap {
            if let Ok(end) = date.checked_add(news) {
                consider(end);
            }
        }
        for t in [&m.expires, &m.pinned_until].into_iter().flatten() {
            consider(t.timestamp());
        }
    }
    first.map(|t| t.as_nanosecond())
}

/// The key of what a build makes its output from besides its input files.
pub fn key(root: &Path, options: &str) -> u128 {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut k = super::hash::Key::new();
    k.u128(super::build_id())
        .str(&root.to_string_lossy())
        .str(options);
    k.finish()
}

/// What a build reported, given again by an up-to-date build.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Summary {
    pub articles: usize,
    pub pages: usize,
    pub static_files: usize,
    pub search_bytes: usize,
}

/// What the last build into an output read and made.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    key: u128,
    inputs: Inputs,
    /// [`until`], in ns since the epoch.
    until: Option<i128>,
    /// The output folder's and its top-level folders' modification times and inodes.
    dirs: Vec<(String, u128, u64)>,
    pub summary: Summary,
}

impl Manifest {
    /// The manifest of a build just swapped in at `output`; `None` when the output's folders
    /// cannot be looked at.
    pub fn new(
        key: u128,
        inputs: Inputs,
        until: Option<i128>,
        output: &Path,
        summary: Summary,
    ) -> Option<Manifest> {
        Some(Manifest {
            key,
            inputs,
            until,
            dirs: output_dirs(output)?,
            summary,
        })
    }

    /// Whether a build with `key` and `inputs` at `now` would make the output this manifest
    /// describes, and `output`'s folders are as that build left them. (Its files are checked
    /// against the output's records: `Staging::previous_intact`.)
    pub fn holds(&self, key: u128, inputs: &Inputs, now: jiff::Timestamp, output: &Path) -> bool {
        self.key == key
            && self.until.is_none_or(|u| now.as_nanosecond() < u)
            && inputs.all_trusted()
            && self.inputs == *inputs
            && output_dirs(output).is_some_and(|d| d == self.dirs)
    }
}

/// The output folder (`""`) and each folder directly in it, with modification time and inode.
fn output_dirs(output: &Path) -> Option<Vec<(String, u128, u64)>> {
    let id = |m: &fs::Metadata| {
        let (_, mtime, ino) = crate::output::at::identity(m);
        (mtime, ino)
    };
    let root = fs::symlink_metadata(output).ok()?;
    let (mtime, ino) = id(&root);
    let mut dirs = vec![(String::new(), mtime, ino)];
    for entry in fs::read_dir(output).ok()? {
        let entry = entry.ok()?;
        if entry.file_type().ok()?.is_dir() {
            let (mtime, ino) = id(&entry.metadata().ok()?);
            dirs.push((entry.file_name().to_string_lossy().into_owned(), mtime, ino));
        }
    }
    dirs.sort_unstable();
    Some(dirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn new_files_are_not_trusted_and_old_ones_are() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("templates/partials")).unwrap();
        fs::write(
            root.join("templates/partials/页脚.html"),
            "<footer>快讯</footer>",
        )
        .unwrap();
        fs::write(root.join("config.yaml"), "title: 快讯\n").unwrap();
        // Started long after the files were written: all trusted, in path order.
        let later = SystemTime::now() + Duration::from_secs(60);
        let a = Inputs::collect(root, Vec::new(), later).unwrap();
        assert!(a.all_trusted());
        let names: Vec<&str> = a.0.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["config.yaml", "templates/partials/页脚.html"]);
        // Started right after they were written: not trusted, so never up to date.
        let b = Inputs::collect(root, Vec::new(), SystemTime::now()).unwrap();
        assert!(!b.all_trusted());
        // A file written again has another stamp.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(root.join("config.yaml"), "title: 快讯周刊\n").unwrap();
        let c = Inputs::collect(root, Vec::new(), later + Duration::from_secs(1)).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn the_first_moment_the_output_changes_by_itself() {
        let now = ts("2026-12-01T00:00:00Z");
        let doc = |front: &str| {
            let text = format!("---\ntitle: 芯片快讯\n{front}---\n正文\n");
            crate::content::parse_text(
                Path::new("content/posts/a.md"),
                text,
                &jiff::tz::TimeZone::UTC,
                Default::default(),
            )
            .unwrap()
        };
        let old = doc("date: 2026-11-01T00:00:00Z\n");
        assert_eq!(until([&old].into_iter(), now, true), None);
        let recent = doc("date: 2026-11-30T12:00:00Z\n");
        let news_end = ts("2026-12-02T12:00:00Z").as_nanosecond();
        assert_eq!(until([&recent].into_iter(), now, true), Some(news_end));
        assert_eq!(until([&recent].into_iter(), now, false), None);
        let future = doc("date: 2026-12-05T00:00:00Z\n");
        let expiring = doc("date: 2026-11-01T00:00:00Z\nexpires: 2026-12-03T00:00:00Z\n");
        let pinned =
            doc("date: 2026-11-01T00:00:00Z\npin: 1\npinned_until: 2026-12-01T08:00:00Z\n");
        let all = [&old, &recent, &future, &expiring, &pinned];
        assert_eq!(
            until(all.into_iter(), now, true),
            Some(ts("2026-12-01T08:00:00Z").as_nanosecond())
        );
        assert_eq!(
            until([&future, &expiring].into_iter(), now, false),
            Some(ts("2026-12-03T00:00:00Z").as_nanosecond())
        );
    }

    #[test]
    fn a_folder_added_to_the_output_shows() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("posts")).unwrap();
        let m = Manifest::new(7, Inputs::default(), None, &out, Summary::default()).unwrap();
        let now = jiff::Timestamp::now();
        assert!(m.holds(7, &Inputs::default(), now, &out));
        assert!(!m.holds(8, &Inputs::default(), now, &out), "another key");
        std::thread::sleep(Duration::from_millis(20));
        fs::write(out.join("posts/手写.html"), "x").unwrap();
        assert!(!m.holds(7, &Inputs::default(), now, &out));
    }
}
