//! What a `serve` rebuild is asked to do ([`Changes`], from the watcher) and what it did
//! ([`Diff`] to the served [`Snapshot`], [`RebuildReport`]).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Output path (relative, `posts/x/index.html`) → bytes. Swapped whole after each build.
pub type Snapshot = HashMap<String, Arc<Vec<u8>>>;

/// Changes to the served snapshot after one build.
#[derive(Debug, Default)]
pub struct Diff {
    /// Start from an empty snapshot (after a config change).
    pub clear: bool,
    pub remove: Vec<String>,
    pub insert: Vec<(String, Arc<Vec<u8>>)>,
}

impl Diff {
    pub fn apply(self, snapshot: &mut Snapshot) {
        if self.clear {
            snapshot.clear();
        }
        for k in &self.remove {
            snapshot.remove(k);
        }
        snapshot.extend(self.insert);
    }
}

/// What changed on disk since the last successful build.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub config: bool,
    pub templates: bool,
    /// A data file in `data/` changed, appeared or vanished (or the folder did).
    pub data: bool,
    /// Re-scan all of `content/` (a folder moved or vanished).
    pub all_content: bool,
    /// Changed `.md` files, relative to the root (`content/posts/a.md`).
    pub content: HashSet<PathBuf>,
    /// Changed files under `static/`, relative to `static/` (`css/style.css`).
    pub statics: HashSet<String>,
    /// Re-read all of `static/` (the folder itself appeared or vanished).
    pub all_static: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.templates
            && !self.data
            && !self.all_content
            && self.content.is_empty()
            && self.statics.is_empty()
            && !self.all_static
    }

    pub(super) fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.data |= other.data;
        self.all_content |= other.all_content;
        self.content.extend(other.content);
        self.statics.extend(other.statics);
        self.all_static |= other.all_static;
    }
}

/// What one successful rebuild did.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    pub pages_rendered: usize,
    pub pages_total: usize,
    pub files_read: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for RebuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rebuilt {} of {} pages ({} files read) in {} ms",
            self.pages_rendered,
            self.pages_total,
            self.files_read,
            self.elapsed.as_millis()
        )
    }
}
