//! The build cache, `.kuaixun/cache/build/` in the site root: what one `kuaixun build`
//! remembers for the next, so an unchanged or slightly edited site builds in a fraction of a
//! cold build's time. It holds
//!
//! - `markdown.bin`: every article's rendered Markdown (HTML, summary, table of contents,
//!   plain text, counts), keyed by its source, the Markdown settings and the shortcode
//!   templates, and valid only while the other sources it links to keep their URLs
//!   (`markdown.rs`);
//! - `documents.bin`: every document's parsed front matter, keyed by its path and text, so
//!   only changed files' YAML is parsed again (`documents.rs`; read before the sources load);
//! - `search.bin`: the search index's tokenized runs of articles, each keyed by the text of
//!   its articles, so an edit tokenizes one run again instead of every article
//!   (`search::collect`);
//! - `output-<hash>.bin`, one per output folder: how each of its files was made (the key of a
//!   page's template and context, the hash of its bytes, its identity on disk), so pages whose
//!   context is unchanged are not rendered again and files whose bytes are unchanged are not
//!   rewritten (see `output/previous.rs`);
//! - `fresh-<hash>.bin`, beside it: what the last build into that output read (every input
//!   file's stamp) and until when its output holds, so a build with nothing changed stops
//!   after loading and rewrites nothing (`fresh.rs`).
//!
//! Every key includes [`build_id`] (kuaixun's version and the binary itself): a cache made by
//! another kuaixun is foreign. A foreign, damaged or truncated file is ignored with a one-line
//! notice, never an error. `kuaixun build --no-cache` reads nothing (and writes a fresh
//! cache). The cache only saves work: a warm build's output is byte-identical to a cold one's
//! (tests/build_cache.rs).

pub mod bytes;
pub mod documents;
pub mod fresh;
pub mod hash;
pub mod markdown;
pub mod pages;
pub mod store;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use markdown::Markdown;
pub use store::Store;

use crate::output::previous::Records;
use hash::Key;

/// The cache folder, relative to the site root.
pub const DIR: &str = ".kuaixun/cache/build";
/// Bumped when a file's layout changes.
const MAGIC: &[u8; 8] = b"KXBUILD1";

/// kuaixun's version and its binary (length and modification time): a rebuilt kuaixun may
/// render differently even under the same version number.
pub fn build_id() -> u128 {
    static ID: OnceLock<u128> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut k = Key::new();
        k.str(env!("CARGO_PKG_VERSION"));
        if let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|p| fs::metadata(p).ok())
        {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            k.u64(meta.len()).u128(mtime);
        }
        k.finish()
    })
}

/// The key of every file under `dirs` (relative to `root`, in path order): names and bytes.
pub fn tree_key(root: &Path, dirs: &[&str]) -> u128 {
    let mut k = Key::new();
    for dir in dirs {
        k.str(dir);
        let walk = walkdir::WalkDir::new(root.join(dir))
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            k.str(&rel.to_string_lossy());
            match fs::read(entry.path()) {
                Ok(bytes) => k.bytes(&bytes),
                Err(_) => k.str("\u{0}unreadable"),
            };
        }
    }
    k.finish()
}

/// One build's cache: what it read, and where it saves.
pub struct BuildCache {
    dir: PathBuf,
    /// The rendered Markdown of the last build, and what this one keeps.
    pub markdown: Markdown,
    /// The search index's tokenized runs of the last build, and what this one keeps.
    pub search: Store,
    /// The output folder's files as the last build into it recorded them.
    previous: Records,
    output_file: PathBuf,
    /// What the last build into the output read and made (`fresh.rs`).
    fresh: Option<fresh::Manifest>,
    fresh_file: PathBuf,
    /// A file of the cache could not be used (the build then runs, and saves a good one).
    spoiled: bool,
    /// Stores being saved on other threads.
    saving: Vec<std::thread::JoinHandle<()>>,
}

/// The search store's file.
const SEARCH_FILE: &str = "search.bin";

impl BuildCache {
    /// The cache of the site at `root` for a build into `output`. With `read` false
    /// (`--no-cache`) nothing is read. A file that cannot be used is reported in one line.
    pub fn open(root: &Path, output: &Path, read: bool) -> BuildCache {
        let dir = root.join(DIR);
        let abs = crate::output::resolve_path(output).unwrap_or_else(|| output.to_path_buf());
        let id = hash::of_bytes(abs.as_os_str().as_encoded_bytes()) as u64;
        let mut cache = BuildCache {
            markdown: Store::default(),
            search: Store::default(),
            previous: Records::default(),
            output_file: dir.join(format!("output-{id:016x}.bin")),
            fresh: None,
            fresh_file: dir.join(format!("fresh-{id:016x}.bin")),
            spoiled: false,
            saving: Vec::new(),
            dir,
        };
        if read {
            cache.read();
        }
        cache.markdown.save_to(&cache.dir.join(markdown::FILE));
        cache.search.save_to(&cache.dir.join(SEARCH_FILE));
        cache
    }

    fn read(&mut self) {
        let cache = self;
        let mut problems = Vec::new();
        for (file, store) in [
            (markdown::FILE, &mut cache.markdown),
            (SEARCH_FILE, &mut cache.search),
        ] {
            match Store::open(&cache.dir.join(file)) {
                Ok(s) => *store = s,
                Err(why) => problems.push((file.to_string(), why)),
            }
        }
        match read_value(&cache.output_file) {
            Ok(records) => cache.previous = records.unwrap_or_default(),
            Err(problem) => problems.push(problem),
        }
        match read_value(&cache.fresh_file) {
            Ok(manifest) => cache.fresh = manifest,
            Err(problem) => problems.push(problem),
        }
        if let Some((file, why)) = problems.first() {
            cache.spoiled = true;
            eprintln!(
                "note: the build cache {DIR}/{file} is {why}; it is ignored and this build starts cold"
            );
        }
    }

    /// Save `store` (the documents store, [`open_documents`]; `spoiled`: its file could not
    /// be used) on another thread, and wait for it with the others.
    pub fn save_documents(&mut self, (store, spoiled): (Store, bool)) {
        self.spoiled |= spoiled;
        self.saving.push(std::thread::spawn(move || store.finish()));
    }

    /// The output's files as the last build recorded them (once).
    pub fn take_previous(&mut self) -> Records {
        std::mem::take(&mut self.previous)
    }

    /// Save this build's renderings (those it used again or made), on another thread.
    pub fn finish_markdown(&mut self) {
        let store = std::mem::take(&mut self.markdown);
        self.saving.push(std::thread::spawn(move || store.finish()));
    }

    /// Save this build's search runs, on another thread.
    pub fn finish_search(&mut self) {
        let store = std::mem::take(&mut self.search);
        self.saving.push(std::thread::spawn(move || store.finish()));
    }

    /// The last build's summary, when a build with `key` and `inputs` at `now` would make
    /// the output it left at `output` and that output's folders are unchanged (`fresh.rs`;
    /// the output's files are checked by `Staging::previous_intact`).
    pub fn fresh(
        &self,
        key: u128,
        inputs: &fresh::Inputs,
        now: jiff::Timestamp,
        output: &Path,
    ) -> Option<fresh::Summary> {
        let m = self.fresh.as_ref().filter(|_| !self.spoiled)?;
        m.holds(key, inputs, now, output).then_some(m.summary)
    }

    /// Save the new output's records (after the swap) and what the build read (`None`: it
    /// cannot be taken as up to date later), and wait for the stores.
    pub fn save_output(&mut self, records: &Records, fresh: Option<fresh::Manifest>) {
        for handle in self.saving.drain(..) {
            let _ = handle.join();
        }
        // Gone first: a manifest must never outlive the records it was made with.
        let _ = fs::remove_file(&self.fresh_file);
        let payload = match postcard::to_allocvec(records) {
            Ok(p) => p,
            Err(_) => return,
        };
        if let Err(e) = write_file(&self.output_file, &payload) {
            warn_unsaved(&self.output_file, &e);
            return;
        }
        let Some(payload) = fresh.and_then(|m| postcard::to_allocvec(&m).ok()) else {
            return;
        };
        if let Err(e) = write_file(&self.fresh_file, &payload) {
            warn_unsaved(&self.fresh_file, &e);
        }
    }
}

impl Drop for BuildCache {
    /// A failed build still waits for the stores it started saving (a process that exits
    /// mid-write would leave a temporary file behind).
    fn drop(&mut self) {
        for handle in self.saving.drain(..) {
            let _ = handle.join();
        }
    }
}

fn warn_unsaved(path: &Path, e: &std::io::Error) {
    eprintln!(
        "warning: the build cache could not be saved to {} ({e}); the next build starts cold",
        path.display()
    );
}

/// The documents store of the site at `root` (`documents.bin`), read first: loading uses it.
/// With `read` false (`--no-cache`) nothing is read. A file that cannot be used is reported
/// in one line, and `true` returned with the (empty) store.
pub fn open_documents(root: &Path, read: bool) -> (Store, bool) {
    let path = root.join(DIR).join(documents::FILE);
    let found = if read {
        Store::open(&path)
    } else {
        Ok(Store::default())
    };
    let (mut store, spoiled) = match found {
        Ok(s) => (s, false),
        Err(why) => {
            eprintln!(
                "note: the build cache {DIR}/{} is {why}; it is ignored and this build starts cold",
                documents::FILE
            );
            (Store::default(), true)
        }
    };
    store.save_to(&path);
    (store, spoiled)
}

/// A cache file is `MAGIC`, [`build_id`], the payload, the payload's length (8 bytes) and its
/// XXH3-128 (16 bytes): written front to back, checked back to front.
const HEAD: usize = 8 + 16;
const TAIL: usize = 8 + 16;

/// A cache file's bytes, and where its payload is in them.
type Payload = (bytes::Bytes, std::ops::Range<usize>);

/// A cache file's bytes and where its payload is in them: `None` when there is none, `Err`
/// with what is wrong.
fn read_file(path: &Path) -> Result<Option<Payload>, String> {
    let bytes = match bytes::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("unreadable ({e})")),
    };
    if bytes.len() < HEAD || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a kuaixun build cache file (or from an older kuaixun)".into());
    }
    let id = u128::from_le_bytes(bytes[8..HEAD].try_into().unwrap_or_default());
    if id != build_id() {
        return Err("from another kuaixun version".into());
    }
    if bytes.len() < HEAD + TAIL {
        return Err("truncated".into());
    }
    let end = bytes.len() - TAIL;
    let len = u64::from_le_bytes(bytes[end..end + 8].try_into().unwrap_or_default());
    if len != (end - HEAD) as u64 {
        return Err("truncated".into());
    }
    let sum = u128::from_le_bytes(bytes[end + 8..].try_into().unwrap_or_default());
    if hash::of_bytes(&bytes[HEAD..end]) != sum {
        return Err("damaged (checksum mismatch)".into());
    }
    Ok(Some((bytes, HEAD..end)))
}

/// The value a cache file holds (postcard), if there is one; else its name and what is wrong.
fn read_value<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, (String, String)> {
    let name = || {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match read_file(path) {
        Ok(Some((bytes, payload))) => postcard::from_bytes(&bytes[payload])
            .map(Some)
            .map_err(|e| (name(), format!("damaged ({e})"))),
        Ok(None) => Ok(None),
        Err(why) => Err((name(), why)),
    }
}

/// A cache file written front to back into a temporary file, renamed over the old one when
/// complete (so a reader sees the old file or the new one, never half of one).
pub struct FileWriter {
    file: std::io::BufWriter<fs::File>,
    tmp: PathBuf,
    path: PathBuf,
    sum: twox_hash::xxhash3_128::Hasher,
    len: u64,
    done: bool,
}

impl Drop for FileWriter {
    /// A file not finished (the build failed first) is not left behind.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

impl FileWriter {
    pub fn create(path: &Path) -> std::io::Result<FileWriter> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let mut file = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(&tmp)?);
        use std::io::Write;
        file.write_all(MAGIC)?;
        file.write_all(&build_id().to_le_bytes())?;
        Ok(FileWriter {
            file,
            tmp,
            path: path.to_path_buf(),
            sum: twox_hash::xxhash3_128::Hasher::new(),
            len: 0,
            done: false,
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        self.sum.write(bytes);
        self.len += bytes.len() as u64;
        self.file.write_all(bytes)
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        use std::io::Write;
        let done = (|| {
            self.file.write_all(&self.len.to_le_bytes())?;
            self.file.write_all(&self.sum.finish_128().to_le_bytes())?;
            self.file.flush()?;
            fs::rename(&self.tmp, &self.path)
        })();
        self.done = done.is_ok();
        done
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Write a whole cache file.
fn write_file(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    let mut w = FileWriter::create(path)?;
    w.write(payload)?;
    w.finish()
}
