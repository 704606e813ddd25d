//! Updating the output folder in place. A build that has the previous output's records (a
//! warm build, `previous.rs`) puts only the files whose bytes change into the staging folder;
//! unchanged files stay where they are. When the whole build succeeded, [`apply`] moves the
//! staged files into the output folder, removes what the build no longer makes, and removes
//! whatever was added to the output by hand since the last build, so the output is the same
//! tree a cold build (which swaps in a whole new folder) makes.
//!
//! - Strays are found by folder stamps (modification time and inode, [`DirStamp`]): a folder
//!   whose stamp is the one recorded after the last build still holds only what that build
//!   put there. Only the folders whose stamp changed are read.
//! - Before anything is moved, a journal beside the output (`.<name>.kuaixun-apply-<pid>`)
//!   names the staging folder and what is to be removed. A build killed while moving leaves
//!   it behind, and the next build finishes that update first ([`finish_interrupted`]), so the
//!   output is never left half old and half new. Someone reading the output while it is
//!   updated can see some pages new and others not yet, for the milliseconds it takes.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::at::{Dir, Identity};
use super::previous::{DirStamp, Entry, Previous, Records};

/// What [`apply`] works on.
pub(super) struct Update<'a> {
    /// The staging folder, holding the files to put in place.
    pub staging: &'a Dir,
    pub previous: &'a Previous,
    /// Every file of the new output (the last record of a path wins).
    pub written: &'a Records,
    /// Where the journal goes.
    pub journal: &'a Path,
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The folders that hold `files` (with `""`, the output folder itself).
pub(super) fn folders_of<'a>(files: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut set = HashSet::from([""]);
    for f in files {
        let mut p = f;
        while let Some((up, _)) = p.rsplit_once('/') {
            if !set.insert(up) {
                break;
            }
            p = up;
        }
    }
    set
}

/// The stamps of `folders` of `output`, read in parallel (a folder that is not there is
/// left out).
pub(super) fn stamps(output: &Dir, folders: &[&str]) -> Vec<(String, DirStamp)> {
    folders
        .par_iter()
        .filter_map(|d| output.dir_stamp(d).map(|s| (d.to_string(), s)))
        .collect()
}

/// The folders and files under `dir`, parents before their contents (names that are not
/// UTF-8 are not the build's and are left out).
fn walk(dir: &Path, dirs: &mut Vec<String>, files: &mut Vec<(String, Identity)>) {
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let Some(rel) = e.path().strip_prefix(dir).ok().and_then(Path::to_str) else {
            continue;
        };
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        if e.file_type().is_dir() {
            dirs.push(rel);
        } else {
            let id = e.metadata().ok().filter(|m| m.is_file());
            files.push((rel, id.map(|m| super::at::identity(&m))));
        }
    }
}

/// Make the folder `rel` in `output`; a file in its way is removed.
fn make_dir(output: &Path, rel: &str) -> io::Result<()> {
    let path = output.join(rel);
    match fs::create_dir(&path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if fs::symlink_metadata(&path)?.is_dir() {
                return Ok(());
            }
            fs::remove_file(&path)?;
            fs::create_dir(&path)
        }
        r => r,
    }
}

/// Move `rel` from `staging` to `output`; a folder in its way is removed.
fn move_in(staging: &Path, output: &Path, rel: &str) -> io::Result<()> {
    let (from, to) = (staging.join(rel), output.join(rel));
    match fs::rename(&from, &to) {
        Err(e) if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) => {
            fs::remove_dir_all(&to).map_err(|_| e)?;
            fs::rename(&from, &to)
        }
        r => r,
    }
}

/// Remove `rel` from `output`, whatever it is; one already gone is fine.
fn remove(output: &Path, rel: &str) -> io::Result<()> {
    let path = output.join(rel);
    let r = match fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(&path),
        Ok(_) => fs::remove_file(&path),
        Err(e) => Err(e),
    };
    match r {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// The journal: the staging folder's name, then `f`, `d` or `m` and the path of each file
/// or folder to remove or file to move in, all separated by NUL bytes. Written whole, then
/// renamed into place.
fn write_journal(journal: &Path, staging: &Path, lists: [(&str, &[&str]); 3]) -> io::Result<()> {
    let mut text = staging
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (kind, list) in lists {
        for rel in list {
            text.push('\0');
            text.push_str(kind);
            text.push('\0');
            text.push_str(rel);
        }
    }
    let mut tmp = journal.as_os_str().to_owned();
    tmp.push(".tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, journal)
}

/// Update `output` (the previous output's folder) to the new output; the stamps of its
/// folders afterwards. `between` runs right after the first file is moved (the
/// fault-injection point).
pub(super) fn apply(u: &Update<'_>, between: impl FnOnce()) -> io::Result<Vec<(String, DirStamp)>> {
    let output = u.previous.dir();
    let out = output.path();
    let finals: HashMap<&str, &Entry> = u
        .written
        .files
        .iter()
        .map(|(rel, e)| (rel.as_str(), e))
        .collect();
    let (mut staged_dirs, mut staged_files) = (Vec::new(), Vec::new());
    walk(u.staging.path(), &mut staged_dirs, &mut staged_files);
    let mut folders = folders_of(finals.keys().copied());
    folders.extend(staged_dirs.iter().map(String::as_str));

    // Which recorded folders changed since the last build (before this one touches them).
    let recorded = u.previous.dirs();
    let checked: Vec<(&str, bool)> = recorded
        .par_iter()
        .map(|(rel, stamp)| (rel.as_str(), output.dir_stamp(rel) == Some(*stamp)))
        .collect();
    let mut dirty: Vec<String> = checked
        .iter()
        .filter(|(rel, same)| !same && folders.contains(rel))
        .map(|(rel, _)| rel.to_string())
        .collect();
    if recorded.is_empty() {
        dirty.push(String::new());
    }

    // A staged file is moved in unless a later record of its path kept the previous file.
    let moves: Vec<&str> = staged_files
        .iter()
        .filter(|(rel, id)| {
            finals
                .get(rel.as_str())
                .is_none_or(|e| *id == Some((e.len, e.mtime_ns, e.ino)))
        })
        .map(|(rel, _)| rel.as_str())
        .collect();
    let mut gone_files: Vec<&str> = u
        .previous
        .files()
        .filter(|rel| !finals.contains_key(rel))
        .collect();
    gone_files.sort_unstable();
    let mut gone_dirs: Vec<&str> = recorded
        .keys()
        .map(String::as_str)
        .filter(|d| !folders.contains(d))
        .collect();
    // Deepest first, so a folder is removed before its parent is looked at.
    gone_dirs.sort_unstable_by_key(|d| std::cmp::Reverse(d.len()));
    let lists = [
        ("f", &gone_files[..]),
        ("d", &gone_dirs[..]),
        ("m", &moves[..]),
    ];
    write_journal(u.journal, u.staging.path(), lists)?;

    // What cannot be removed (a mount point, a folder of another user) is a warning: the new
    // output is complete without it.
    let mut stuck: Vec<(String, io::Error)> = gone_files
        .par_iter()
        .filter_map(|rel| remove(out, rel).err().map(|e| (rel.to_string(), e)))
        .collect();
    for d in &gone_dirs {
        if let Err(e) = remove(out, d) {
            stuck.push((d.to_string(), e));
        }
    }
    for d in &staged_dirs {
        make_dir(out, d)?;
    }
    if let Some((first, rest)) = moves.split_first() {
        move_in(u.staging.path(), out, first)?;
        between();
        rest.par_iter()
            .try_for_each(|rel| move_in(u.staging.path(), out, rel))?;
    }

    // Strays: in each changed folder, whatever the new output does not hold. A folder of the
    // new output that the record lacks was made by hand or by this build: it is read too.
    let mut cleaned: Vec<String> = Vec::new();
    while let Some(dir) = dirty.pop() {
        let Ok(entries) = fs::read_dir(out.join(&dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let rel = name.to_str().map(|n| join(&dir, n));
            let kind = e.file_type().ok();
            let keep = match (&rel, kind) {
                (Some(rel), Some(t)) if t.is_dir() && folders.contains(rel.as_str()) => {
                    if !recorded.contains_key(rel) {
                        dirty.push(rel.clone());
                    }
                    true
                }
                (Some(rel), Some(t)) if t.is_file() => finals.contains_key(rel.as_str()),
                _ => false,
            };
            if !keep {
                let path = e.path();
                let r = match kind {
                    Some(t) if t.is_dir() => fs::remove_dir_all(&path),
                    _ => fs::remove_file(&path),
                };
                match r {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        let rel = join(&dir, &name.to_string_lossy());
                        stuck.push((rel, e));
                    }
                    _ => {}
                }
            }
        }
        cleaned.push(dir);
    }

    // The new stamps: read again where this update changed something, else as checked.
    let mut touched: HashSet<&str> = HashSet::new();
    touched.extend(moves.iter().map(|rel| parent(rel)));
    touched.extend(gone_files.iter().map(|rel| parent(rel)));
    touched.extend(gone_dirs.iter().map(|rel| parent(rel)));
    touched.extend(cleaned.iter().map(String::as_str));
    for d in &staged_dirs {
        touched.insert(d);
        touched.insert(parent(d));
    }
    let same: HashSet<&str> = checked
        .iter()
        .filter(|(_, same)| *same)
        .map(|(rel, _)| *rel)
        .collect();
    let (keep, read): (Vec<&str>, Vec<&str>) = folders
        .iter()
        .partition(|d| same.contains(*d) && !touched.contains(*d));
    let mut result = stamps(output, &read);
    result.extend(keep.iter().map(|d| (d.to_string(), recorded[*d])));
    let _ = fs::remove_file(u.journal);
    for (rel, e) in stuck {
        crate::error::warn(format_args!(
            "{}: cannot remove {}, which is not part of the new output ({}); delete it by hand",
            out.display(),
            out.join(rel).display(),
            super::staging::os_text(&e)
        ));
    }
    Ok(result)
}

/// Finish the in-place update a killed build left (its journal `journal` beside `output`):
/// remove what it was to remove and move in what its staging folder still holds. Whether
/// there was one.
pub(super) fn finish_interrupted(journal: &Path, output: &Path) -> bool {
    let Ok(text) = fs::read_to_string(journal) else {
        return false;
    };
    let mut parts = text.split('\0');
    let staging = parts
        .next()
        .filter(|n| !n.is_empty() && !n.contains('/'))
        .and_then(|n| Some(journal.parent()?.join(n)));
    let finished = match staging {
        Some(staging) if staging.is_dir() && output.is_dir() => {
            let rest: Vec<&str> = parts.collect();
            let safe = |rel: &&str| !rel.split('/').any(|c| c == ".." || c.is_empty());
            for pair in rest.chunks(2) {
                match pair {
                    ["f" | "d", rel] if safe(rel) => {
                        let _ = remove(output, rel);
                    }
                    ["m", rel] if safe(rel) => {
                        let _ = fs::create_dir_all(output.join(parent(rel)));
                        let _ = move_in(&staging, output, rel);
                    }
                    _ => {}
                }
            }
            true
        }
        _ => false,
    };
    let _ = fs::remove_file(journal);
    finished
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_files() {
        let mut f: Vec<&str> =
            folders_of(["index.html", "posts/芯片/index.html", "posts/a/b/c.css"].into_iter())
                .into_iter()
                .collect();
        f.sort();
        assert_eq!(f, ["", "posts", "posts/a", "posts/a/b", "posts/芯片"]);
    }
}
