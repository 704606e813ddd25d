//! `.kuaixun/cache/images/` in the site root: every variant ever encoded, named by content
//! hash + operation + quality (`plan::variant_name`), and `index.json`, which remembers each
//! source's hash and probe by path, length and modification time, so a second build reads no
//! image it has seen. Variants and index entries this build did not use are removed at its
//! end.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::probe::Probe;

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".kuaixun/cache/images";
const INDEX: &str = "index.json";
/// Bumped when the index's shape or the variants' encoding changes.
const VERSION: u32 = 1;

/// What is remembered of one source file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Memo {
    pub len: u64,
    pub mtime_ns: u128,
    /// 16 hex digits of the content's MD5.
    pub hash: String,
    pub probe: Probe,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    sources: BTreeMap<String, Memo>,
}

/// The cache of one build.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    old: Index,
    /// The entries this build used (only these are saved).
    used: Mutex<BTreeMap<String, Memo>>,
}

/// Length and modification time of a file, the index's key.
pub fn stamp(meta: &fs::Metadata) -> (u64, u128) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), mtime)
}

impl Cache {
    /// The cache under `root`; reads the index if there is one (a broken one is ignored).
    pub fn open(root: &Path) -> Cache {
        let dir = root.join(CACHE_DIR);
        let old = fs::read(dir.join(INDEX))
            .ok()
            .and_then(|b| serde_json::from_slice::<Index>(&b).ok())
            .filter(|i| i.version == VERSION)
            .unwrap_or_default();
        Cache {
            dir,
            old,
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// The remembered probe of `key` (a source path) if its length and time still match:
    /// from this run (a `serve` session probes again after each edit) or the saved index.
    pub fn memo(&self, key: &str, len: u64, mtime_ns: u128) -> Option<Memo> {
        let fresh = |m: &&Memo| m.len == len && m.mtime_ns == mtime_ns;
        if let Some(m) = self.used.lock().ok()?.get(key).filter(fresh) {
            return Some(m.clone());
        }
        self.old.sources.get(key).filter(fresh).cloned()
    }

    /// Remember `memo` for `key` in this build's index.
    pub fn keep(&self, key: &str, memo: Memo) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_string(), memo);
        }
    }

    /// Where the variant `name` is cached.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Save this build's index and remove every variant not in `names`. Failures only cost
    /// the next build some re-encoding, so they are returned as one message for a warning.
    pub fn finish(&self, names: &BTreeSet<String>) -> Result<(), String> {
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        if used.is_empty() && !self.dir.exists() {
            return Ok(());
        }
        fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name != INDEX && !names.contains(&name) {
                    // a file another build is writing is `.tmp`-named and skipped
                    if !name.ends_with(".tmp") {
                        let _ = fs::remove_file(e.path());
                    }
                }
            }
        }
        let index = Index {
            version: VERSION,
            sources: used,
        };
        let json = serde_json::to_vec(&index).map_err(|e| e.to_string())?;
        write_atomic(&self.dir.join(INDEX), &json)
    }
}

/// Write through a temporary file and rename, so a killed build leaves no half file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            format!("{}: {e}", path.display())
        })
}
