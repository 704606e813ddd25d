//! A cache file of entries by key: `markdown.bin` (rendered Markdown, see `markdown.rs`),
//! `search.bin` (tokenized search runs, see `search::collect`) and `documents.bin`. An entry
//! is its key, a second key its user checks before trusting it (for Markdown: what its links
//! resolved to), and its bytes. The old file is read whole (mapped, see `bytes.rs`) and
//! entries are handed out as slices of it; an entry this build used again is saved from those
//! bytes as they are.
//!
//! A store is its file and, once a build changed a few of its entries, a delta file beside it
//! (`markdown.delta.bin`): the entries added since the file was written, and the keys of the
//! file's entries dropped since. A build that edits one article writes a delta of a few
//! kilobytes instead of the whole file again (tens of megabytes for 10,000 articles). When
//! the delta grows past a quarter of the file, or half the file's bytes are dropped ones, the
//! two are written as one new file. A delta names the file it belongs to by that file's
//! checksum, and is ignored beside any other.
//!
//! New entries go to the next file (or delta) as they come (they are not held in memory);
//! the old entries used again are added by [`Store::finish`]. When there is nothing new and
//! every old entry was used, nothing is written: an unchanged site rewrites no cache file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::bytes::Bytes;
use super::FileWriter;

/// Bytes before each entry: its key, its check key and its length.
const HEAD: usize = 16 + 16 + 8;
/// A delta's end: how many keys it drops (8 bytes) and its file's checksum (16).
const DELTA_TAIL: usize = 8 + 16;

/// The file a store's delta is kept in.
fn delta_path(path: &Path) -> PathBuf {
    path.with_extension("delta.bin")
}

/// Which bytes an entry is in.
const FILE: u8 = 0;
const DELTA: u8 = 1;

/// The old file's (and delta's) entries, and what this build keeps of them or adds.
#[derive(Default)]
pub struct Store {
    /// The old file's bytes and its delta's.
    old: [Bytes; 2],
    index: HashMap<u128, (u128, u8, Range<usize>)>,
    /// The old file's own entries (key, length), live or dropped by its delta.
    file_keys: Vec<(u128, usize)>,
    /// The old file's checksum (what its delta names) and payload length.
    file_sum: u128,
    file_len: usize,
    /// Whether `old` was read from the file this store saves to.
    from_file: bool,
    /// Where [`Store::finish`] saves; `None`: nowhere.
    path: Option<PathBuf>,
    /// Old entries used again.
    kept: Mutex<Vec<u128>>,
    /// The next file (or delta), once there is a new entry, and the new entries' keys.
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
    added_bytes: usize,
}

/// Write one entry.
fn entry(w: &mut FileWriter, key: u128, check: u128, bytes: &[u8]) -> std::io::Result<()> {
    let mut head = [0u8; HEAD];
    head[..16].copy_from_slice(&key.to_le_bytes());
    head[16..32].copy_from_slice(&check.to_le_bytes());
    head[32..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    w.write(&head).and_then(|()| w.write(bytes))
}

fn word(b: &[u8]) -> u128 {
    let mut w = [0u8; 16];
    w[..b.len()].copy_from_slice(b);
    u128::from_le_bytes(w)
}

/// The entries in `bytes[range]`: (key, check key, where its bytes are).
fn entries(bytes: &[u8], range: Range<usize>) -> Result<Vec<(u128, u128, Range<usize>)>, String> {
    let mut out = Vec::new();
    let mut at = range.start;
    let damaged = || "damaged (an entry runs past the end)".to_string();
    while at < range.end {
        let head = bytes.get(at..at + HEAD).ok_or_else(damaged)?;
        let (key, check, len) = (
            word(&head[0..16]),
            word(&head[16..32]),
            word(&head[32..40]) as usize,
        );
        let start = at + HEAD;
        let end = start.checked_add(len).filter(|&e| e <= range.end);
        let end = end.ok_or_else(damaged)?;
        out.push((key, check, start..end));
        at = end;
    }
    Ok(out)
}

impl Store {
    /// The entries of a cache file, whose payload is `bytes[payload]` (its delta, if any, is
    /// not read: [`Store::open`] reads both).
    pub fn parse(bytes: impl Into<Bytes>, payload: Range<usize>) -> Result<Store, String> {
        let bytes: Bytes = bytes.into();
        let found = entries(&bytes, payload.clone())?;
        let mut index = HashMap::with_capacity(found.len());
        let mut file_keys = Vec::with_capacity(found.len());
        for (key, check, range) in found {
            file_keys.push((key, range.len()));
            index.insert(key, (check, FILE, range));
        }
        let file_sum = bytes
            .get(payload.end + 8..payload.end + 24)
            .map(word)
            .unwrap_or_default();
        Ok(Store {
            old: [bytes, Bytes::default()],
            index,
            file_keys,
            file_sum,
            file_len: payload.len(),
            from_file: true,
            ..Store::default()
        })
    }

    /// Apply the delta `bytes[payload]`, if it belongs to this store's file (else it is
    /// stale, and ignored).
    fn apply_delta(&mut self, bytes: Bytes, payload: Range<usize>) -> Result<(), String> {
        let damaged = || "damaged (its delta file's end is cut)".to_string();
        let tail = payload
            .end
            .checked_sub(DELTA_TAIL)
            .filter(|&t| t >= payload.start)
            .ok_or_else(damaged)?;
        if word(&bytes[tail + 8..payload.end]) != self.file_sum {
            return Ok(());
        }
        let dropped = word(&bytes[tail..tail + 8]) as usize;
        let keys_at = dropped
            .checked_mul(16)
            .and_then(|n| tail.checked_sub(n))
            .filter(|&k| k >= payload.start)
            .ok_or_else(damaged)?;
        for k in bytes[keys_at..tail].chunks_exact(16) {
            let key = word(k);
            if matches!(self.index.get(&key), Some((_, FILE, _))) {
                self.index.remove(&key);
            }
        }
        for (key, check, range) in entries(&bytes, payload.start..keys_at)? {
            self.index.insert(key, (check, DELTA, range));
        }
        self.old[1] = bytes;
        Ok(())
    }

    /// The store saved at `path` and its delta (empty if there is none), saving back to it.
    pub fn open(path: &Path) -> Result<Store, String> {
        let mut store = match super::read_file(path)? {
            Some((bytes, payload)) => Store::parse(bytes, payload)?,
            None => Store::default(),
        };
        if store.from_file {
            let delta =
                super::read_file(&delta_path(path)).map_err(|why| format!("{why} (its delta)"))?;
            if let Some((bytes, payload)) = delta {
                store.apply_delta(bytes, payload)?;
            }
        }
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
        let (check, seg, range) = self.index.get(&key)?;
        Some((*check, &self.old[*seg as usize][range.clone()]))
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

    /// Keep a new entry for the next build (written to the next file, or the delta, now).
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
            let to = if self.from_file {
                delta_path(path)
            } else {
                path.to_path_buf()
            };
            next.writer = match FileWriter::create(&to) {
                Ok(w) => Writer::Open(Box::new(w)),
                Err(e) => {
                    super::warn_unsaved(&to, &e);
                    Writer::Failed
                }
            };
        }
        next.added_bytes += HEAD + bytes.len();
        if let Writer::Open(w) = &mut next.writer {
            if let Err(e) = entry(w, key, check, &bytes) {
                super::warn_unsaved(path, &e);
                next.writer = Writer::Failed;
            }
        }
    }

    /// Save what this build keeps, unless it is what the old file (and delta) hold: as a
    /// new delta, or a new file when the delta would grow too large. A failure is a warning:
    /// the next build starts cold.
    pub fn finish(self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let kept = std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()));
        let next = std::mem::take(&mut *self.next.lock().unwrap_or_else(|e| e.into_inner()));
        let kept: HashSet<u128> = kept.into_iter().collect();
        let unchanged = next.added.is_empty() && self.index.keys().all(|k| kept.contains(k));
        if matches!(next.writer, Writer::Failed) || (self.from_file && unchanged) {
            return;
        }
        let result = if self.from_file {
            self.finish_delta(&path, kept, next)
        } else {
            self.finish_file(&path, kept, next)
        };
        if let Err((file, e)) = result {
            super::warn_unsaved(&file, &e);
        }
    }

    /// A whole new file: the new entries (already written) and the old ones kept.
    fn finish_file(
        &self,
        path: &Path,
        kept: HashSet<u128>,
        next: Next,
    ) -> Result<(), (PathBuf, std::io::Error)> {
        let failed = |e| (path.to_path_buf(), e);
        let mut w = match next.writer {
            Writer::Open(w) => *w,
            _ => FileWriter::create(path).map_err(failed)?,
        };
        for key in kept.iter().filter(|k| !next.added.contains(k)) {
            if let Some((check, seg, range)) = self.index.get(key) {
                let bytes = &self.old[*seg as usize][range.clone()];
                entry(&mut w, *key, *check, bytes).map_err(failed)?;
            }
        }
        w.finish().map_err(failed)?;
        // A delta beside it belonged to the old file.
        let _ = std::fs::remove_file(delta_path(path));
        Ok(())
    }

    /// A new delta: the new entries (already written), the old delta's entries kept, and the
    /// keys of the old file's entries no longer kept; then one new file if it grew too large.
    fn finish_delta(
        &self,
        path: &Path,
        kept: HashSet<u128>,
        next: Next,
    ) -> Result<(), (PathBuf, std::io::Error)> {
        let to = delta_path(path);
        let failed = |e| (to.clone(), e);
        let mut w = match next.writer {
            Writer::Open(w) => *w,
            _ => FileWriter::create(&to).map_err(failed)?,
        };
        let mut delta_bytes = next.added_bytes;
        for (key, (check, seg, range)) in &self.index {
            if *seg == DELTA && kept.contains(key) && !next.added.contains(key) {
                entry(&mut w, *key, *check, &self.old[1][range.clone()]).map_err(failed)?;
                delta_bytes += HEAD + range.len();
            }
        }
        let live = |key: &u128| {
            kept.contains(key)
                && !next.added.contains(key)
                && matches!(self.index.get(key), Some((_, FILE, _)))
        };
        let (mut dropped, mut dead_bytes) = (0u64, 0usize);
        for (key, len) in self.file_keys.iter().filter(|(k, _)| !live(k)) {
            w.write(&key.to_le_bytes()).map_err(failed)?;
            dropped += 1;
            dead_bytes += HEAD + len;
        }
        w.write(&dropped.to_le_bytes()).map_err(failed)?;
        w.write(&self.file_sum.to_le_bytes()).map_err(failed)?;
        w.finish().map_err(failed)?;
        if delta_bytes > self.file_len / 4 || dead_bytes > self.file_len / 2 {
            // Written as one file again, from the two just saved.
            let whole = Store::open(path)
                .map_err(|why| (path.to_path_buf(), std::io::Error::other(why)))?;
            let all = whole.index.keys().copied().collect();
            whole.finish_file(path, all, Next::default())?;
        }
        Ok(())
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

    fn mtime(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_small_change_goes_to_the_delta_and_the_file_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("store.bin");
        let big = vec![b'x'; 4000];
        let entries: Vec<(u128, u128, &[u8])> = (0..10).map(|k| (k, k * 10, &big[..])).collect();
        saved(&path, &entries);
        let file_time = mtime(&path);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // One entry replaced by another, one dropped.
        let s = reopen(&path);
        for k in 0..8 {
            s.keep(k);
        }
        s.put_raw(100, 1000, "新条目".as_bytes().to_vec());
        s.finish();
        assert_eq!(mtime(&path), file_time, "the file is not rewritten");
        assert!(delta_path(&path).exists());
        let s = reopen(&path);
        assert_eq!(s.len(), 9);
        assert_eq!(s.get_raw(100), Some((1000, "新条目".as_bytes())));
        assert_eq!(s.get_raw(3), Some((30, &big[..])));
        assert_eq!(s.get_raw(8), None);
        assert_eq!(s.get_raw(9), None);
        // The next small change carries the delta's kept entries over.
        for k in 1..8 {
            s.keep(k);
        }
        s.keep(100);
        s.put_raw(101, 1010, b"more".to_vec());
        s.finish();
        assert_eq!(mtime(&path), file_time);
        let s = reopen(&path);
        assert_eq!(s.len(), 9);
        assert_eq!(s.get_raw(0), None);
        assert_eq!(s.get_raw(100), Some((1000, "新条目".as_bytes())));
        assert_eq!(s.get_raw(101), Some((1010, &b"more"[..])));
        // Unchanged: neither is written.
        let delta_time = mtime(&delta_path(&path));
        s.keep_all();
        s.finish();
        assert_eq!(mtime(&delta_path(&path)), delta_time);
        // Most entries replaced: one new file, no delta.
        let s = reopen(&path);
        s.keep(1);
        for k in 200..210 {
            s.put_raw(k, k, big.clone());
        }
        s.finish();
        assert_ne!(mtime(&path), file_time);
        assert!(!delta_path(&path).exists());
        let s = reopen(&path);
        assert_eq!(s.len(), 11);
        assert_eq!(s.get_raw(1), Some((10, &big[..])));
        assert_eq!(s.get_raw(205), Some((205, &big[..])));
        assert_eq!(s.get_raw(100), None);
    }

    #[test]
    fn a_delta_of_another_file_is_ignored_and_a_cut_one_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("store.bin");
        let big = vec![b'y'; 4000];
        saved(&path, &[(1, 1, &big[..]), (2, 2, &big[..])]);
        let s = reopen(&path);
        s.keep(1);
        s.put_raw(3, 3, b"three".to_vec());
        s.finish();
        let delta = std::fs::read(delta_path(&path)).unwrap();
        // The file written again by someone else: the delta is not its own.
        saved(&path, &[(1, 1, &big[..]), (2, 2, "另一个".as_bytes())]);
        std::fs::write(delta_path(&path), &delta).unwrap();
        let s = reopen(&path);
        assert_eq!(s.len(), 2);
        assert_eq!(s.get_raw(3), None);
        assert_eq!(s.get_raw(2), Some((2, "另一个".as_bytes())));
        // A cut delta is a damaged store.
        std::fs::write(delta_path(&path), &delta[..delta.len() - 3]).unwrap();
        assert!(Store::open(&path).is_err());
    }
}
