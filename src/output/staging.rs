//! The staging folder: a build writes everything into `.<name>.kuaixun-tmp-<pid>` beside the
//! output folder `<name>` and swaps it in only when the whole build succeeded. A build with
//! the previous output's records writes only the files whose bytes change there, and updates
//! the output in place instead (`in_place.rs`).
//!
//! - The swap is one atomic exchange where the OS has one (`renameat2(RENAME_EXCHANGE)` on
//!   Linux), so the output folder always exists; elsewhere, or when the file system refuses
//!   the exchange, it is two renames through `.<name>.kuaixun-old-<pid>`, and a build killed
//!   between them is repaired by the next one.
//! - A lock file `.<name>.kuaixun-lock` beside the output serialises builds into one output.
//!   Whoever holds it owns every staging and old folder of that output, so leftovers of
//!   killed builds are removed when the lock is taken.
//! - A full disk or a read-only location is one error naming the output folder.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::in_place;
use super::previous::{member_key, Entry, Previous, Records, Reuse};
use crate::error::{Error, Errors};

/// How long a build waits for another build into the same output before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(300);

/// A folder being filled; removed on drop unless committed.
pub struct Staging {
    /// The staging folder, open: files are made relative to it (`at.rs`).
    at: super::at::Dir,
    output: PathBuf,
    /// The first write failure that dooms the whole build (full disk, read-only file system).
    fatal: OnceLock<Error>,
    committed: bool,
    lock: Option<BuildLock>,
    /// The current output's files as the last build recorded them (empty without a cache).
    previous: Previous,
    /// What this build put into the staging folder, for the next build.
    written: Mutex<Records>,
    /// The output is updated in place (`in_place.rs`): the staging folder receives only the
    /// files whose bytes change.
    in_place: bool,
}

/// The names a build uses beside the output folder.
struct Names {
    parent: PathBuf,
    name: String,
}

impl Names {
    fn of(output: &Path) -> Names {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Names { parent, name }
    }

    fn tmp_prefix(&self) -> String {
        format!(".{}.kuaixun-tmp-", self.name)
    }

    fn old_prefix(&self) -> String {
        format!(".{}.kuaixun-old-", self.name)
    }

    fn staging(&self) -> PathBuf {
        self.parent
            .join(format!("{}{}", self.tmp_prefix(), std::process::id()))
    }

    fn old(&self) -> PathBuf {
        self.parent
            .join(format!("{}{}", self.old_prefix(), std::process::id()))
    }

    fn journal_prefix(&self) -> String {
        format!(".{}.kuaixun-apply-", self.name)
    }

    fn journal(&self) -> PathBuf {
        self.parent
            .join(format!("{}{}", self.journal_prefix(), std::process::id()))
    }

    fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.kuaixun-lock", self.name))
    }
}

impl Staging {
    /// Create the staging folder next to `output`, after taking the build lock and removing
    /// what killed builds left behind. Refuses an output that is a file, that would contain
    /// the site's own sources, or that cannot be written.
    pub fn create(output: &Path, root: &Path) -> Result<Staging, Error> {
        if output.exists() && !output.is_dir() {
            return Err(Error::in_file(
                output,
                "the output path exists and is not a folder",
            ));
        }
        if let (Some(out), Ok(site)) = (super::resolve(output), root.canonicalize()) {
            let sources = ["content", "templates", "static"].map(|d| site.join(d));
            if site.starts_with(&out) || sources.iter().any(|s| out.starts_with(s)) {
                return Err(Error::in_file(
                    output,
                    "the output folder would replace the site's own sources (the site root, content/, templates/ or static/); choose another folder",
                ));
            }
        }
        let names = Names::of(output);
        // `-o notes.txt/public`: say which part is in the way instead of "File exists".
        if let Some(file) = names.parent.ancestors().find(|a| a.exists()) {
            if !file.is_dir() {
                return Err(Error::in_file(
                    file,
                    format!(
                        "is a file, so the output folder `{}` cannot be created inside it",
                        output.display()
                    ),
                ));
            }
        }
        let fail = |e: io::Error, phase: &str| match disk_cause(&e) {
            Some(cause) => output_error(output, cause, &e, phase),
            None => Error::io(output, e),
        };
        let before = ", so the output cannot be written";
        fs::create_dir_all(&names.parent).map_err(|e| fail(e, before))?;
        writable(&names.parent).map_err(|e| fail(e, before))?;
        if output.is_dir() {
            writable(output).map_err(|e| match e.kind() {
                io::ErrorKind::PermissionDenied => output_error(
                    output,
                    "the output folder is not writable by this user",
                    &e,
                    ", so it cannot be replaced",
                ),
                _ => fail(e, before),
            })?;
        }
        let lock = BuildLock::acquire(&names, output)?;
        finish_interrupted(&names, output);
        clean_stale(&names, output);
        let dir = names.staging();
        fs::create_dir(&dir).map_err(|e| fail(e, before))?;
        Ok(Staging {
            at: super::at::Dir::open(&dir),
            output: output.to_path_buf(),
            fatal: OnceLock::new(),
            committed: false,
            lock: Some(lock),
            previous: Previous::default(),
            written: Mutex::new(Records::default()),
            in_place: false,
        })
    }

    /// The current output's files as the last build into it recorded them (from the build
    /// cache): unchanged files then stay, and the output is updated in place (`in_place.rs`).
    pub fn use_previous(&mut self, records: Records) {
        self.previous = Previous::new(&self.output, records);
        self.in_place = !self.previous.is_empty()
            && fs::symlink_metadata(&self.output).is_ok_and(|m| m.is_dir());
    }

    /// Whether the previous output is exactly what its record says (see `cache::fresh`).
    pub fn previous_intact(&self) -> bool {
        self.previous.all_intact()
    }

    /// How many files the previous output's record holds.
    pub fn previous_len(&self) -> usize {
        self.previous.len()
    }

    fn record(&self, rel: &str, entry: Entry) {
        if let Ok(mut w) = self.written.lock() {
            w.files.push((rel.to_string(), entry));
        }
    }

    /// Put every file of the group made from `key` last time in place, if all of them are
    /// intact; their total size. `None`: the caller has to make them ([`Staging::write_group`]).
    pub fn reuse_group(&self, key: u128) -> Option<u64> {
        use rayon::prelude::*;
        let files = self.previous.group(key)?;
        let linked: Vec<bool> = files
            .par_iter()
            .map(|rel| self.reuse(rel, member_key(key, rel)))
            .collect();
        if !linked.iter().all(|&l| l) {
            return None;
        }
        if let Ok(mut w) = self.written.lock() {
            w.groups.push((key, files.to_vec()));
        }
        let bytes = self.previous.len_of(files);
        Some(bytes)
    }

    /// Write the files of the group made from `key` (in parallel).
    pub fn write_group(&self, key: u128, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|(rel, bytes)| {
            self.write_keyed(rel, Some(member_key(key, rel)), bytes)
        })?;
        if let Ok(mut w) = self.written.lock() {
            w.groups
                .push((key, files.iter().map(|(rel, _)| rel.clone()).collect()));
        }
        Ok(())
    }

    fn parent_of(&self, rel: &str) -> Result<(), Error> {
        self.at
            .create_parents(rel)
            .map_err(|e| self.write_error(rel, e))
    }

    /// Put the previous output's `rel` in place when it was made from `key` and is intact;
    /// `false` when the caller has to make it.
    pub fn reuse(&self, rel: &str, key: u128) -> bool {
        let Reuse::Link(entry) = self.previous.by_key(rel, key) else {
            return false;
        };
        if !self.in_place
            && (self.parent_of(rel).is_err()
                || self.at.link_from(self.previous.dir(), rel).is_err())
        {
            return false;
        }
        self.record(rel, entry);
        true
    }

    pub fn path(&self) -> &Path {
        self.at.path()
    }

    /// Write one file (creating parent folders) at `rel` inside the staging folder. Errors
    /// name the file as it will be in the output folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.write_keyed(rel, None, bytes)
    }

    /// [`Staging::write`] of a file made from `key` (see [`Staging::reuse`]). When the
    /// previous output holds the same bytes there, that file is linked instead, so it keeps
    /// its modification time.
    pub fn write_keyed(&self, rel: &str, key: Option<u128>, bytes: &[u8]) -> Result<(), Error> {
        let content = twox_hash::xxhash3_128::Hasher::oneshot(bytes);
        if let Reuse::Link(entry) = self.previous.by_content(rel, content) {
            if self.in_place {
                self.record(rel, Entry { key, ..entry });
                return Ok(());
            }
            self.parent_of(rel)?;
            if self.at.link_from(self.previous.dir(), rel).is_ok() {
                self.record(rel, Entry { key, ..entry });
                return Ok(());
            }
        }
        self.parent_of(rel)?;
        let meta = create_new(&self.at, rel)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.metadata()
            })
            .map_err(|e| self.write_error(rel, e))?;
        self.record(rel, Entry::of(&meta, key, Some(content)));
        Ok(())
    }

    /// Copy the file `from` to `rel`; linked from the previous output instead when `from`
    /// has the same path, length and modification time as when that output was made, or the
    /// same bytes.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let source = fs::metadata(from).map_err(|e| Error::io(from, e))?;
        let mtime = source
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let mut h = twox_hash::xxhash3_128::Hasher::new();
        h.write(from.as_os_str().as_encoded_bytes());
        h.write(&source.len().to_le_bytes());
        h.write(&mtime.to_le_bytes());
        let key = h.finish_128();
        if self.reuse(rel, key) {
            return Ok(());
        }
        let bytes = fs::read(from).map_err(|e| Error::io(from, e))?;
        self.write_keyed(rel, Some(key), &bytes)
    }

    fn write_error(&self, rel: &str, e: io::Error) -> Error {
        match disk_cause(&e) {
            Some(cause) => self
                .fatal
                .get_or_init(|| {
                    output_error(&self.output, cause, &e, " while writing the new output")
                })
                .clone(),
            None => Error::io(self.output.join(rel), e),
        }
    }

    /// The errors of a failed build as they should be reported: when the disk filled up (or
    /// the file system turned read-only), that one error instead of one per file, including
    /// errors from writers that do not go through [`Staging::write`].
    pub fn explain(&self, errors: Errors) -> Errors {
        if let Some(e) = self.fatal.get() {
            return e.clone().into();
        }
        for e in &errors.0 {
            if let Some((cause, io)) = disk_cause_in(&e.message) {
                return output_error(&self.output, cause, &io, " while writing the new output")
                    .into();
            }
        }
        errors
    }

    /// Swap the staging folder in as the output folder. The previous output is removed on a
    /// background thread; [`Swapped::finish`] waits for it.
    ///
    /// Fault injection for tests: `KUAIXUN_FAULT=commit` aborts the process right after the
    /// first step of the swap; `commit-fallback` does the same on the two-rename path.
    pub fn commit(mut self) -> Result<Swapped, Error> {
        let fault = std::env::var("KUAIXUN_FAULT").unwrap_or_default();
        if self.in_place {
            return self.commit_in_place(&fault);
        }
        let old = swap(
            self.at.path(),
            &self.output,
            &Names::of(&self.output).old(),
            fault != "commit-fallback",
            || {
                if fault.starts_with("commit") {
                    std::process::abort();
                }
            },
        )
        .map_err(|e| match disk_cause(&e) {
            Some(cause) => {
                output_error(&self.output, cause, &e, " while swapping in the new output")
            }
            None => Error::io(&self.output, e),
        })?;
        self.committed = true;
        let removal = old.map(|old| {
            let at = old.clone();
            (at, std::thread::spawn(move || remove_tree(&old)))
        });
        Ok(Swapped {
            output: self.output.clone(),
            removal,
            _lock: self.lock.take(),
            written: self.take_written(),
            stamped: false,
        })
    }

    fn take_written(&self) -> Records {
        std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// [`Staging::commit`] of an output updated in place (`in_place.rs`). The fault
    /// `commit` aborts right after the first file is moved in.
    fn commit_in_place(mut self, fault: &str) -> Result<Swapped, Error> {
        let mut written = self.take_written();
        let journal = Names::of(&self.output).journal();
        let update = in_place::Update {
            staging: &self.at,
            previous: &self.previous,
            written: &written,
            journal: &journal,
        };
        let dirs = in_place::apply(&update, || {
            if fault.starts_with("commit") {
                std::process::abort();
            }
        })
        .map_err(|e| match disk_cause(&e) {
            Some(cause) => output_error(&self.output, cause, &e, " while updating the output"),
            None => Error::io(&self.output, e),
        })?;
        written.dirs = dirs;
        self.committed = true;
        let staging = self.at.path().to_path_buf();
        let at = staging.clone();
        Ok(Swapped {
            output: self.output.clone(),
            removal: Some((at, std::thread::spawn(move || remove_tree(&staging)))),
            _lock: self.lock.take(),
            written,
            stamped: true,
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(self.at.path());
        }
    }
}

/// Remove the folder `dir` and everything in it, on all threads (tens of thousands of files
/// go twice as fast on two cores). Symbolic links are removed, not followed. Whatever one
/// pass leaves (an error midway) is left to `remove_dir_all`.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    fn pass(dir: &Path) -> io::Result<()> {
        let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
        entries.par_iter().try_for_each(|e| {
            if e.file_type()?.is_dir() {
                pass(&e.path())
            } else {
                fs::remove_file(e.path())
            }
        })?;
        fs::remove_dir(dir)
    }
    pass(dir).or_else(|_| fs::remove_dir_all(dir))
}

/// A new file at `path`. One already there (written earlier in this build, perhaps a link to
/// the previous output's file, which must not change) is replaced, not written through.
fn create_new(dir: &super::at::Dir, rel: &str) -> io::Result<File> {
    match dir.create_new(rel) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(dir.path().join(rel))?;
            dir.create_new(rel)
        }
        r => r,
    }
}

/// The new output is in place; the previous one is being removed, and the build lock is held
/// until that is done.
pub struct Swapped {
    output: PathBuf,
    removal: Option<(PathBuf, JoinHandle<io::Result<()>>)>,
    _lock: Option<BuildLock>,
    written: Records,
    /// `written.dirs` holds the folders' stamps already (an update in place made them).
    stamped: bool,
}

impl Swapped {
    /// Every file of the new output with how it was made (for the build cache); the last
    /// record of a path written twice wins.
    pub fn take_records(&mut self) -> Records {
        let mut written = std::mem::take(&mut self.written);
        if !self.stamped {
            let files = written.files.iter().map(|(rel, _)| rel.as_str());
            let folders: Vec<&str> = in_place::folders_of(files).into_iter().collect();
            written.dirs = in_place::stamps(&super::at::Dir::open(&self.output), &folders);
        }
        written
    }

    /// Wait until the previous output is removed; a failure is a warning, not an error.
    pub fn finish(mut self) {
        self.join();
    }

    fn join(&mut self) {
        let Some((at, handle)) = self.removal.take() else {
            return;
        };
        let result = handle
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the removal panicked")));
        if let Err(e) = result {
            if at.exists() {
                eprintln!(
                    "warning: {}: the new output is in place, but the previous one could not be removed from {} ({}); delete that folder by hand",
                    self.output.display(),
                    at.display(),
                    os_text(&e)
                );
            }
        }
    }
}

impl Drop for Swapped {
    fn drop(&mut self) {
        self.join();
    }
}

/// Put `staging` in place of `output`; returns where the previous output now is (`None` for
/// a first build). With `exchange` the swap is atomic where the OS allows it, else it goes
/// through `old`; `between` runs right after the first step (the fault-injection point).
pub(super) fn swap(
    staging: &Path,
    output: &Path,
    old: &Path,
    exchange: bool,
    between: impl FnOnce(),
) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(output).is_err() {
        fs::rename(staging, output)?;
        between();
        return Ok(None);
    }
    if exchange {
        match exchange_paths(staging, output) {
            Ok(()) => {
                between();
                return Ok(Some(staging.to_path_buf()));
            }
            Err(e) if !exchange_unsupported(&e) => return Err(e),
            Err(_) => {}
        }
    }
    fs::rename(output, old)?;
    between();
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(old, output);
        return Err(e);
    }
    Ok(Some(old.to_path_buf()))
}

#[cfg(target_os = "linux")]
fn exchange_paths(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_paths(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The kernel or the file system has no atomic exchange: use the two renames.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(unix)]
fn c_path(p: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    Ok(std::ffi::CString::new(p.as_os_str().as_bytes())?)
}

/// Whether this process may create and remove entries in `dir` (checked with the effective
/// user, so a read-only mount fails even for root).
#[cfg(unix)]
fn writable(dir: &Path) -> io::Result<()> {
    let c = c_path(dir)?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    let r = unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c.as_ptr(),
            libc::W_OK | libc::X_OK,
            libc::AT_EACCESS,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn writable(_: &Path) -> io::Result<()> {
    Ok(())
}

/// What an I/O error says about the output location as a whole, if anything.
fn disk_cause(e: &io::Error) -> Option<&'static str> {
    match e.kind() {
        io::ErrorKind::StorageFull => Some("the disk is full"),
        io::ErrorKind::QuotaExceeded => Some("the disk quota is exceeded"),
        io::ErrorKind::ReadOnlyFilesystem => Some("the file system is read-only"),
        io::ErrorKind::PermissionDenied => Some("the output location is not writable by this user"),
        _ => None,
    }
}

/// [`disk_cause`] for an error that reached us as text (`Error::io` of another writer).
fn disk_cause_in(message: &str) -> Option<(&'static str, io::Error)> {
    #[cfg(unix)]
    for code in [libc::ENOSPC, libc::EDQUOT, libc::EROFS] {
        let e = io::Error::from_raw_os_error(code);
        if message == e.to_string() {
            return disk_cause(&e).map(|c| (c, e));
        }
    }
    let _ = message;
    None
}

/// `public: the disk is full (No space left on device) while writing the new output; the
/// previous output is unchanged`.
fn output_error(output: &Path, cause: &str, e: &io::Error, phase: &str) -> Error {
    let tail = if output.exists() {
        "the previous output is unchanged"
    } else {
        "no output was written"
    };
    Error::in_file(output, format!("{cause} ({}){phase}; {tail}", os_text(e)))
}

/// `No space left on device`, without Rust's ` (os error 28)`.
pub(super) fn os_text(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Remove what killed builds into this output left behind. Only called with the lock held, so
/// none of these folders belongs to a running build. A previous output parked by an
/// interrupted two-rename swap is put back first when the output folder is missing.
/// Finish the in-place updates killed builds left unfinished (`in_place.rs`), before their
/// staging folders are removed as leftovers.
fn finish_interrupted(names: &Names, output: &Path) {
    let Ok(entries) = fs::read_dir(&names.parent) else {
        return;
    };
    let prefix = names.journal_prefix();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&prefix) {
            continue;
        }
        if name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        } else if in_place::finish_interrupted(&entry.path(), output) {
            eprintln!(
                "warning: {}: an interrupted build was updating the output folder; that update is finished",
                output.display()
            );
        }
    }
}

fn clean_stale(names: &Names, output: &Path) {
    let Ok(entries) = fs::read_dir(&names.parent) else {
        return;
    };
    let (tmp, old) = (names.tmp_prefix(), names.old_prefix());
    let mut stale: Vec<PathBuf> = Vec::new();
    let mut parked: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&old) {
            parked.push(entry.path());
        } else if name.starts_with(&tmp) {
            stale.push(entry.path());
        }
    }
    if parked.len() == 1 && fs::symlink_metadata(output).is_err() {
        let from = parked.pop().unwrap();
        match fs::rename(&from, output) {
            Ok(()) => eprintln!(
                "warning: {}: an interrupted build had moved the output folder aside; it is restored",
                output.display()
            ),
            Err(_) => parked.push(from),
        }
    }
    for path in stale.into_iter().chain(parked) {
        if let Err(e) = fs::remove_dir_all(&path) {
            if path.exists() {
                eprintln!(
                    "warning: {}: cannot remove {}, left by an interrupted build ({}); delete that folder by hand",
                    output.display(),
                    path.display(),
                    os_text(&e)
                );
            }
        }
    }
}

/// An exclusive lock on `.<name>.kuaixun-lock` beside the output, held for the whole build and
/// released when the process ends, however it ends. The file holds the holder's pid.
struct BuildLock {
    _file: File,
}

impl BuildLock {
    fn acquire(names: &Names, output: &Path) -> Result<BuildLock, Error> {
        let path = names.lock();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            // Another user's lock file (in a shared folder) still locks when opened to read.
            .or_else(|e| match e.kind() {
                io::ErrorKind::PermissionDenied => File::open(&path).map_err(|_| e),
                _ => Err(e),
            })
            .map_err(|e| match disk_cause(&e) {
                Some(cause) => output_error(output, cause, &e, ", so the output cannot be written"),
                None => Error::io(&path, e),
            })?;
        let wait = std::env::var("KUAIXUN_LOCK_WAIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(LOCK_WAIT, Duration::from_secs);
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            let holder = holder_pid(&path).map_or(String::new(), |p| format!(" (pid {p})"));
            if start.elapsed() >= wait {
                return Err(Error::in_file(
                    output,
                    format!(
                        "another kuaixun build{holder} is still writing this output after {} s; try again when it has finished",
                        wait.as_secs()
                    ),
                ));
            }
            if !told {
                eprintln!(
                    "waiting for another kuaixun build into {}/{holder}…",
                    output.display()
                );
                told = true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        Ok(BuildLock { _file: file })
    }
}

fn holder_pid(path: &Path) -> Option<u32> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entry names of `dir`, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn failed_build_leaves_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "旧的").unwrap();
        {
            let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
            s.write("index.html", "新的".as_bytes()).unwrap();
            // dropped without commit
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "旧的");
        assert_eq!(
            entries(tmp.path()),
            [".public.kuaixun-lock", "public"],
            "staging folder removed"
        );
        let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
        s.write("a/b/index.html", "新的".as_bytes()).unwrap();
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "新的"
        );
        assert!(!out.join("index.html").exists());
        assert_eq!(
            entries(tmp.path()),
            [".public.kuaixun-lock", "public"],
            "old output removed"
        );
    }

    #[test]
    fn output_that_is_a_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::write(&out, "x").unwrap();
        let err = Staging::create(&out, tmp.path()).err().unwrap();
        assert!(err.message.contains("not a folder"));
        // A file further up the path is named too, and nothing is created.
        let nested = out.join("site/public");
        let err = Staging::create(&nested, tmp.path()).err().unwrap();
        assert_eq!(err.file.as_deref(), Some(out.as_path()));
        assert_eq!(
            err.message,
            format!(
                "is a file, so the output folder `{}` cannot be created inside it",
                nested.display()
            )
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "x");
        assert_eq!(entries(tmp.path()), ["public"]);
    }

    /// A folder `name` under `dir` holding one file `index.html` with `text`.
    fn tree(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        fs::create_dir(&p).unwrap();
        fs::write(p.join("index.html"), text).unwrap();
        p
    }

    #[test]
    fn swap_by_exchange_and_by_two_renames() {
        for exchange in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tree(tmp.path(), "public", "旧的");
            let staging = tree(tmp.path(), ".public.kuaixun-tmp-1", "新的");
            let old = tmp.path().join(".public.kuaixun-old-1");
            let mut seen = None;
            let parked = swap(&staging, &out, &old, exchange, || {
                seen = Some(entries(tmp.path()));
            })
            .unwrap()
            .unwrap();
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "新的");
            assert_eq!(
                fs::read_to_string(parked.join("index.html")).unwrap(),
                "旧的"
            );
            let seen = seen.unwrap();
            if exchange && cfg!(target_os = "linux") {
                // One step: the output never went missing.
                assert_eq!(parked, staging);
                assert_eq!(seen, [".public.kuaixun-tmp-1", "public"]);
            } else {
                assert_eq!(parked, old);
                assert_eq!(seen, [".public.kuaixun-old-1", ".public.kuaixun-tmp-1"]);
            }
        }
    }

    #[test]
    fn first_swap_is_one_rename() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = tree(tmp.path(), ".public.kuaixun-tmp-1", "新的");
        let old = tmp.path().join(".public.kuaixun-old-1");
        assert_eq!(swap(&staging, &out, &old, true, || {}).unwrap(), None);
        assert_eq!(entries(tmp.path()), ["public"]);
    }

    #[test]
    fn leftovers_are_removed_and_a_parked_output_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        tree(tmp.path(), ".public.kuaixun-old-999999", "旧的");
        tree(tmp.path(), ".public.kuaixun-tmp-999999", "半个");
        tree(tmp.path(), ".other.kuaixun-tmp-999999", "别人的");
        let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "旧的");
        let mut want = vec![
            ".other.kuaixun-tmp-999999".to_string(),
            format!(".public.kuaixun-tmp-{}", std::process::id()),
            ".public.kuaixun-lock".into(),
            "public".into(),
        ];
        want.sort();
        assert_eq!(entries(tmp.path()), want);
        drop(s);
    }

    #[cfg(unix)]
    #[test]
    fn a_full_disk_is_one_error_naming_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
        let full = io::Error::from_raw_os_error(libc::ENOSPC);
        let from_elsewhere = Error::io("static/a.png", io::Error::from_raw_os_error(libc::ENOSPC));
        let other = Error::new("templates/page.html:3: unknown filter");
        let explained = s.explain(Errors(vec![other.clone(), from_elsewhere]));
        let want = format!(
            "{}: the disk is full (No space left on device) while writing the new output; no output was written",
            out.display()
        );
        assert_eq!(explained.0.len(), 1);
        assert_eq!(explained.0[0].to_string(), want);
        assert_eq!(s.explain(Errors(vec![other.clone()])), Errors(vec![other]));
        let e = s.write_error("a/index.html", full);
        assert_eq!(e.to_string(), want);
        let e = s.write_error("a/index.html", io::Error::from_raw_os_error(libc::EISDIR));
        assert_eq!(e.file.as_deref(), Some(out.join("a/index.html").as_path()));
    }
}
