//! What earlier builds wrote into the output folder, so a build rewrites only the files whose
//! bytes change. Every file the staging folder receives is recorded as an [`Entry`]: the key
//! of what it was made from (a page's template and context, a copied file's source), the hash
//! of its bytes, and its identity on disk (length, modification time, inode). The build cache
//! (`src/cache/`) keeps these records between builds.
//!
//! A file whose key or bytes are the same as last time, and which is still exactly the file
//! that build wrote (same identity), is hard-linked from the current output into the staging
//! folder instead of being written again: it keeps its modification time, so `rsync`,
//! `deploy` and browsers see real changes only. A file edited, replaced or deleted by hand
//! since then no longer matches and is written again.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::at::Dir;

/// One output file, as a build wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What the file was made from (`None`: not known, e.g. a feed, compared by its bytes).
    pub key: Option<u128>,
    /// XXH3-128 of the bytes (`None` for a copied file, compared by its source's key).
    pub content: Option<u128>,
    pub len: u64,
    pub mtime_ns: u128,
    pub ino: u64,
}

impl Entry {
    /// The entry of a file just written (or linked) at `path`.
    pub fn of(meta: &fs::Metadata, key: Option<u128>, content: Option<u128>) -> Entry {
        let (len, mtime_ns, ino) = identity(meta);
        Entry {
            key,
            content,
            len,
            mtime_ns,
            ino,
        }
    }
}

use super::at::identity;

/// What one build recorded of its output.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Records {
    pub files: Vec<(String, Entry)>,
    /// Sets of files made together from one key (the search index), each file recorded
    /// with [`member_key`].
    pub groups: Vec<(u128, Vec<String>)>,
    /// Every folder of the output (`""` is the output folder) with its [`DirStamp`] after
    /// the build: a folder whose stamp is the same still holds only what the build put there
    /// (see `in_place.rs`).
    pub dirs: Vec<(String, DirStamp)>,
}

/// A folder's modification time (ns) and inode: adding, removing or renaming an entry in it
/// changes the first, replacing it the second.
pub type DirStamp = (u128, u64);

/// The key of the file `rel` of the group made from `group`.
pub fn member_key(group: u128, rel: &str) -> u128 {
    let mut h = twox_hash::xxhash3_128::Hasher::new();
    h.write(&group.to_le_bytes());
    h.write(rel.as_bytes());
    h.finish_128()
}

/// The files of the current output folder, as the last build recorded them.
#[derive(Debug, Default)]
pub struct Previous {
    /// The output folder (still the previous build's until the swap), open.
    root: Dir,
    files: HashMap<String, Entry>,
    groups: HashMap<u128, Vec<String>>,
    dirs: HashMap<String, DirStamp>,
}

/// How a staged file can come from the previous output.
pub enum Reuse {
    /// Hard-link it (from [`Previous::dir`]): the previous file is intact and made from the
    /// same thing.
    Link(Entry),
    No,
}

impl Previous {
    pub fn new(root: &Path, records: Records) -> Previous {
        Previous {
            root: Dir::open(root),
            files: records.files.into_iter().collect(),
            groups: records.groups.into_iter().collect(),
            dirs: records.dirs.into_iter().collect(),
        }
    }

    /// Every file of the record.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Every folder of the record, with its stamp.
    pub fn dirs(&self) -> &HashMap<String, DirStamp> {
        &self.dirs
    }

    /// The files of the group made from `key` last time.
    pub fn group(&self, key: u128) -> Option<&[String]> {
        self.groups.get(&key).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The total length of `files` as recorded.
    pub fn len_of(&self, files: &[String]) -> u64 {
        files
            .iter()
            .filter_map(|f| self.files.get(f))
            .map(|e| e.len)
            .sum()
    }

    /// The previous `rel`, if it was made from `key` and is still the file that build wrote.
    pub fn by_key(&self, rel: &str, key: u128) -> Reuse {
        match self.files.get(rel) {
            Some(e) if e.key == Some(key) => self.intact(rel, e),
            _ => Reuse::No,
        }
    }

    /// The previous `rel`, if it holds the bytes hashed `content` and is still the file that
    /// build wrote.
    pub fn by_content(&self, rel: &str, content: u128) -> Reuse {
        match self.files.get(rel) {
            Some(e) if e.content == Some(content) => self.intact(rel, e),
            _ => Reuse::No,
        }
    }

    /// Whether the record holds files and every one is still the file that build wrote
    /// (checked in parallel).
    pub fn all_intact(&self) -> bool {
        use rayon::prelude::*;
        !self.files.is_empty()
            && self
                .files
                .par_iter()
                .all(|(rel, e)| matches!(self.intact(rel, e), Reuse::Link(_)))
    }

    fn intact(&self, rel: &str, e: &Entry) -> Reuse {
        if self.root.path().as_os_str().is_empty() {
            return Reuse::No;
        }
        match self.root.identity(rel) {
            Ok(Some(id)) if id == (e.len, e.mtime_ns, e.ino) => Reuse::Link(e.clone()),
            _ => Reuse::No,
        }
    }

    /// The previous output folder (where [`Reuse::Link`] links from).
    pub fn dir(&self) -> &Dir {
        &self.root
    }
}
