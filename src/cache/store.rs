//! A cache file of entries by key: `markdown.bin` (rendered Markdown, see `markdown.rs`) and
//! `search.bin` (tokenized search runs, see `search::collect`). An entry is its key, a second
//! key its user checks before trusting it (for Markdown: what its links resolved to), and its
//! bytes. The old file is read whole (mapped, see `bytes.rs`) and entries are handed out as
//! slices of it; an entry this build used again is saved from those bytes as they are.
//!
//! New entries go to the next file as they come (they are not held in memory); the old
//! entries used again are added by [`Store::finish`]. When there is nothing new and every old
//! entry was used, the old file stays as it is: an unchanged site rewrites no cache file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::bytes::Bytes;
use super::FileWriter;

/// Bytes before each entry: its key, its check key and its length.
const HEAD: usize = 16 + 16 + 8;

/// The old file's entries, and what this build keeps of them or adds.
#[derive(Default)]
pub struct Store {
    old: Bytes,
    index: HashMap<u128, (u128, Range<usize>)>,
    /// Whether `old` was read from the file this store saves to.
    from_file: bool,
    /// Where [`Store::finish`] saves; `None`: nowhere.
    path: Option<PathBuf>,
    /// Old entries used again.
    kept: Mutex<Vec<u128>>,
    /// The next file, once there is a new entry, and the new entries' keys.
    next: Mutex<Next>,
}

#[derive(Default)]
enum Writer {
    #[default]
    NotStarted,
    Open(Box<FileWriter>),
    /// It could not be written (and that was reported).
    Failed,
}

#[derive(Default)]
struct Next {
    writer: Writer,
    added: HashSet<u128>,
}

/// Write one entry.
fn entry(w: &mut FileWriter, key: u128, check: u128, bytes: &[u8]) -> std::io::Result<()> {
    let mut head = [0u8; HEAD];
    head[..16].copy_from_slice(&key.to_le_bytes());
    head[16..32].copy_from_slice(&check.to_le_bytes());
    head[32..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    w.write(&head).and_then(|()| w.write(bytes))
}

impl Store {
    /// The entries of a cache file, whose payload is `bytes[payload]`.
    pub fn parse(bytes: impl Into<Bytes>, payload: Range<usize>) -> Result<Store, String> {
        let bytes: Bytes = bytes.into();
        let mut index = HashMap::new();
        let mut at = payload.start;
        let damaged = || "damaged (an entry runs past the end)".to_string();
        while at < payload.end {
            let head = bytes.get(at..at + HEAD).ok_or_else(damaged)?;
            let word = |r: Range<usize>| -> u128 {
                let mut b = [0u8; 16];
                b[..r.len()].copy_from_slice(&head[r]);
                u128::from_le_bytes(b)
            };
            let (key, check, len) = (word(0..16), word(16..32), word(32..40) as usize);
            let start = at + HEAD;
            let end = start.checked_add(len).filter(|&e| e <= payload.end);
            let end = end.ok_or_else(damaged)?;
            index.insert(key, (check, start..end));
            at = end;
        }
        Ok(Store {
            old: bytes,
            index,
            from_file: true,
            ..Store::default()
        })
    }

    /// The store saved at `path` (empty if there is none), saving back to it.
    pub fn open(path: &Path) -> Result<Store, String> {
        let mut store = match super::read_file(path)? {
            Some((bytes, payload)) => Store::parse(bytes, payload)?,
            None => Store::default(),
        };
        store.save_to(path);
        Ok(store)
    }

    /// Save this build's entries to `path` when finished.
    pub fn save_to(&mut self, path: &Path) {
        self.path = Some(path.to_path_buf());
    }

    /// How many entries the old file had.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The old entry under `key`: its check key and bytes. Not kept unless [`Store::keep`]
    /// is called.
    pub fn get_raw(&self, key: u128) -> Option<(u128, &[u8])> {
        let (check, range) = self.index.get(&key)?;
        Some((*check, &self.old[range.clone()]))
    }

    /// Keep the old entry under `key` for the next build.
    pub fn keep(&self, key: u128) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.push(key);
        }
    }

    /// Keep every old entry for the next build (this build used what they made as a whole).
    pub fn keep_all(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.extend(self.index.keys());
        }
    }

    /// Keep a new entry for the next build (written to the next file now).
    pub fn put_raw(&self, key: u128, check: u128, bytes: Vec<u8>) {
        let Some(path) = self.path.as_deref() else {
            return;
        };
        let Ok(mut next) = self.next.lock() else {
            return;
        };
        let next = &mut *next;
        if !next.added.insert(key) {
            return;
        }
        if let Writer::NotStarted = next.writer {
            next.writer = match FileWriter::create(path) {
                Ok(w) => Writer::Open(Box::new(w)),
                Err(e) => {
                    super::warn_unsaved(path, &e);
                    Writer::Failed
                }
            };
        }
        if let Writer::Open(w) = &mut next.writer {
            if let Err(e) = entry(w, key, check, &bytes) {
                super::warn_unsaved(path, &e);
                next.writer = Writer::Failed;
            }
        }
    }

    /// Save the next file, unless it would hold the same entries as the old one (a failure
    /// is a warning: the next build starts cold).
    pub fn finish(self) {
        let Some(path) = self.path.as_deref() else {
            return;
        };
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        let kept: HashSet<u128> = kept.into_iter().collect();
        let mut w = match next.writer {
            Writer::Failed => return,
            Writer::Open(w) => *w,
            Writer::NotStarted if self.from_file && kept.len() == self.index.len() => return,
            Writer::NotStarted => match FileWriter::create(path) {
                Ok(w) => w,
                Err(e) => return super::warn_unsaved(path, &e),
            },
        };
        let mut write = || -> std::io::Result<()> {
            for key in kept.iter().filter(|k| !next.added.contains(k)) {
                if let Some((check, range)) = self.index.get(key) {
                    entry(&mut w, *key, *check, &self.old[range.clone()])?;
                }
            }
            Ok(())
        };
        if let Err(e) = write().and_then(|()| w.finish()) {
            super::warn_unsaved(path, &e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reopen(path: &Path) -> Store {
        Store::open(path).unwrap()
    }

    /// A new store at `path` holding `entries` (key, check key, bytes).
    fn saved(path: &Path, entries: &[(u128, u128, &[u8])]) {
        let mut s = Store::default();
        s.save_to(path);
        for (key, check, bytes) in entries {
            s.put_raw(*key, *check, bytes.to_vec());
        }
        s.finish();
    }

    #[test]
    fn kept_and_added_entries_are_saved_and_others_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("store.bin");
        saved(&path, &[(1, 10, "华为".as_bytes()), (2, 20, b"two")]);
        let s = reopen(&path);
        assert_eq!(s.len(), 2);
        assert_eq!(s.get_raw(1), Some((10, "华为".as_bytes())));
        s.keep(1);
        s.keep(1);
        s.put_raw(3, 30, b"three".to_vec());
        s.finish();
        let s = reopen(&path);
        assert_eq!(s.len(), 2);
        assert_eq!(s.get_raw(1), Some((10, "华为".as_bytes())));
        assert_eq!(s.get_raw(2), None);
        assert_eq!(s.get_raw(3), Some((30, &b"three"[..])));
    }

    #[test]
    fn an_unchanged_store_is_not_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("store.bin");
        saved(&path, &[(1, 10, b"one")]);
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = reopen(&path);
        s.keep(1);
        s.finish();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        // Dropping an entry is a change.
        reopen(&path).finish();
        assert!(reopen(&path).is_empty());
    }

    #[test]
    fn a_cut_or_changed_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("store.bin");
        saved(&path, &[(1, 2, b"entry")]);
        let good = std::fs::read(&path).unwrap();
        std::fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert!(super::super::read_file(&path).is_err());
        let mut bad = good.clone();
        bad[30] ^= 1;
        std::fs::write(&path, &bad).unwrap();
        assert!(super::super::read_file(&path).is_err());
    }
}
