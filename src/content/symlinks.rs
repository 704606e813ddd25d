//! The one symlink rule, used by every walk of `content/`, `static/` and `templates/` in
//! `build`, `serve` and `check`: a symlink (to a file or a folder, at any depth, the three
//! folders themselves included) is followed only when its fully resolved target is inside
//! the site folder or inside a folder listed in `allow_symlinks_to`. Anything else is an
//! error naming the link: a target outside, a link to nothing (dangling) or a loop. A link
//! in a contributor's pull request must not publish files of the machine that builds it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;

/// Every message about a refused link starts with this (see [`is_link_error`]).
const PREFIX: &str = "a symlink ";

/// "Too many levels of symbolic links" (std has no stable `ErrorKind` for it).
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

/// Whether a walk skips entries whose name starts with `.` (not descended, not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    Skip,
    Keep,
}

/// The site folder and the folders links may lead into, resolved once.
#[derive(Debug, Clone)]
pub struct Links {
    root: PathBuf,
    /// Canonical: the site folder first, then `allow_symlinks_to`.
    allowed: Vec<PathBuf>,
}

impl Links {
    pub fn new(root: &Path, config: &Config) -> Links {
        Links::with_allowed(root, &config.allow_symlinks_to)
    }

    /// `allow` as in `allow_symlinks_to`: absolute, or relative to `root`. Folders that
    /// cannot be resolved allow nothing (the config check reports them).
    pub fn with_allowed(root: &Path, allow: &[String]) -> Links {
        let allowed = std::iter::once(root.to_path_buf())
            .chain(allow.iter().map(|a| root.join(a)))
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Links {
            root: root.to_path_buf(),
            allowed,
        }
    }

    /// Every file under `root/dir` (`dir` relative to the root, e.g. `static`), as paths
    /// relative to the root, sorted by name, depth first, through the links the rule
    /// allows. A missing `dir` has no files. Errors name each refused link or unreadable
    /// folder; the files found elsewhere are still returned.
    pub fn files(&self, dir: &Path, hidden: Hidden) -> (Vec<PathBuf>, Vec<Error>) {
        let (found, errors) = self.found(dir, hidden);
        (found.into_iter().map(|f| f.rel).collect(), errors)
    }

    /// [`Links::files`], but a file reached by two paths (a link to a folder that is walked
    /// anyway) is listed once, under the path without a link when there is one.
    pub fn unique_files(&self, dir: &Path, hidden: Hidden) -> (Vec<PathBuf>, Vec<Error>) {
        let (found, errors) = self.found(dir, hidden);
        if !found.iter().any(|f| f.via_link) {
            return (found.into_iter().map(|f| f.rel).collect(), errors);
        }
        let mut keep = vec![false; found.len()];
        let mut seen = std::collections::HashSet::new();
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&i| found[i].via_link);
        for i in order {
            keep[i] = seen.insert(&found[i].canonical);
        }
        let files = found
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(f, _)| f.rel.clone())
            .collect();
        (files, errors)
    }

    fn found(&self, dir: &Path, hidden: Hidden) -> (Vec<Found>, Vec<Error>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        match self.check(dir) {
            Err(e) => errors.push(e),
            Ok(via_link) => {
                if let Ok(canonical) = self.root.join(dir).canonicalize() {
                    if canonical.is_dir() {
                        let mut stack = vec![canonical];
                        self.walk(dir, &mut stack, via_link, hidden, &mut files, &mut errors);
                    }
                }
            }
        }
        (files, errors)
    }

    /// Check every symlink on the way from the root to `rel` (a path relative to the root
    /// that need not exist); `true` when there is one.
    pub fn check(&self, rel: &Path) -> Result<bool, Error> {
        let mut prefix = PathBuf::new();
        let mut via_link = false;
        for part in rel.components() {
            prefix.push(part);
            match fs::symlink_metadata(self.root.join(&prefix)) {
                Ok(m) if m.file_type().is_symlink() => {
                    self.follow(&prefix)?;
                    via_link = true;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(via_link)
    }

    /// The folder `rel` (whose canonical path is the last of `stack`, the canonical folders
    /// of the walk so far): its files into `files`, its sub-folders walked.
    fn walk(
        &self,
        rel: &Path,
        stack: &mut Vec<PathBuf>,
        via_link: bool,
        hidden: Hidden,
        files: &mut Vec<Found>,
        errors: &mut Vec<Error>,
    ) {
        let unreadable = |e: std::io::Error| Error::in_file(rel, format!("cannot be read: {e}"));
        let mut entries = match fs::read_dir(self.root.join(rel)) {
            Ok(rd) => rd
                .filter_map(|e| e.map_err(|e| errors.push(unreadable(e))).ok())
                .collect::<Vec<_>>(),
            Err(e) => return errors.push(unreadable(e)),
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            if hidden == Hidden::Skip && name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = rel.join(&name);
            let kind = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    errors.push(Error::in_file(&path, format!("cannot be read: {e}")));
                    continue;
                }
            };
            let (canonical, is_dir, is_file) = if kind.is_symlink() {
                match self.follow(&path) {
                    Ok((target, meta)) => (target, meta.is_dir(), meta.is_file()),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            } else {
                let parent = stack.last().expect("walk starts with a folder");
                (parent.join(&name), kind.is_dir(), kind.is_file())
            };
            if is_dir {
                // A link to a folder the walk is already in would be walked forever.
                if kind.is_symlink() && stack.iter().any(|d| d.starts_with(&canonical)) {
                    errors.push(Error::in_file(
                        &path,
                        format!(
                            "{PREFIX}to {}, a folder that contains the link (a symlink loop)",
                            canonical.display()
                        ),
                    ));
                    continue;
                }
                stack.push(canonical);
                let via_link = via_link || kind.is_symlink();
                self.walk(&path, stack, via_link, hidden, files, errors);
                stack.pop();
            } else if is_file {
                files.push(Found {
                    rel: path,
                    canonical,
                    via_link: via_link || kind.is_symlink(),
                });
            }
        }
    }

    /// Resolve the symlink `rel`: its canonical target and the target's metadata when the
    /// rule allows it, else the error naming the link.
    fn follow(&self, rel: &Path) -> Result<(PathBuf, fs::Metadata), Error> {
        let abs = self.root.join(rel);
        let written = || {
            fs::read_link(&abs)
                .map(|t| t.display().to_string())
                .unwrap_or_default()
        };
        let target = abs.canonicalize().map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                format!("{PREFIX}to {}, which does not exist", written())
            } else if e.raw_os_error() == Some(ELOOP) {
                format!(
                    "{PREFIX}to {} that never ends: the links lead back to each other (a symlink loop)",
                    written()
                )
            } else {
                format!("cannot be read: {e}")
            };
            Error::in_file(rel, why)
        })?;
        if !self.allowed.iter().any(|a| target.starts_with(a)) {
            return Err(Error::in_file(
                rel,
                format!(
                    "{PREFIX}to {}, outside the site folder; kuaixun does not follow links out of the site (list the folder in allow_symlinks_to in config.yaml to allow it)",
                    target.display()
                ),
            ));
        }
        let meta = fs::metadata(&target).map_err(|e| Error::io(rel, e))?;
        Ok((target, meta))
    }
}

/// A file of a walk.
struct Found {
    /// Relative to the site root, as walked.
    rel: PathBuf,
    canonical: PathBuf,
    /// Reached through a symlink (to the file or a folder on the way).
    via_link: bool,
}

/// Whether `e` is a refused symlink (rather than, say, an unreadable file).
pub fn is_link_error(e: &Error) -> bool {
    e.message.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|p| p.display().to_string()).collect()
    }

    fn messages(errors: &[Error]) -> Vec<String> {
        errors.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn inside_links_are_followed_and_outside_ones_refused() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("static/images")).unwrap();
        fs::write(root.join("static/images/a.png"), "png").unwrap();
        symlink("images/a.png", root.join("static/latest.png")).unwrap();
        symlink("images", root.join("static/pics")).unwrap();
        symlink(outside.path().join("secret.txt"), root.join("static/x.txt")).unwrap();
        symlink(outside.path(), root.join("static/out")).unwrap();
        let links = Links::with_allowed(root, &[]);
        let (files, errors) = links.files(Path::new("static"), Hidden::Keep);
        assert_eq!(
            names(&files),
            [
                "static/images/a.png",
                "static/latest.png",
                "static/pics/a.png"
            ]
        );
        let target = outside.path().canonicalize().unwrap();
        let tail = "outside the site folder; kuaixun does not follow links out of the site (list the folder in allow_symlinks_to in config.yaml to allow it)";
        assert_eq!(
            messages(&errors),
            [
                format!("static/out: a symlink to {}, {tail}", target.display()),
                format!(
                    "static/x.txt: a symlink to {}, {tail}",
                    target.join("secret.txt").display()
                ),
            ]
        );
        assert!(errors.iter().all(is_link_error));

        // Listed, the outside folder is followed.
        let allow = [outside.path().display().to_string()];
        let (files, errors) =
            Links::with_allowed(root, &allow).files(Path::new("static"), Hidden::Keep);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(names(&files).contains(&"static/out/secret.txt".to_string()));
        assert!(names(&files).contains(&"static/x.txt".to_string()));
    }

    #[test]
    fn loops_and_dangling_links_are_named() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content/posts")).unwrap();
        symlink("b.md", root.join("content/a.md")).unwrap();
        symlink("a.md", root.join("content/b.md")).unwrap();
        symlink("nowhere.md", root.join("content/posts/gone.md")).unwrap();
        symlink("..", root.join("content/posts/up")).unwrap();
        let (files, errors) =
            Links::with_allowed(root, &[]).files(Path::new("content"), Hidden::Skip);
        assert!(files.is_empty(), "{files:?}");
        let content = root.join("content").canonicalize().unwrap();
        assert_eq!(
            messages(&errors),
            [
                "content/a.md: a symlink to b.md that never ends: the links lead back to each other (a symlink loop)".to_string(),
                "content/b.md: a symlink to a.md that never ends: the links lead back to each other (a symlink loop)".to_string(),
                "content/posts/gone.md: a symlink to nowhere.md, which does not exist".to_string(),
                format!("content/posts/up: a symlink to {}, a folder that contains the link (a symlink loop)", content.display()),
            ]
        );
        // One path at a time (serve): each link on the way is checked.
        let links = Links::with_allowed(root, &[]);
        assert_eq!(links.check(Path::new("content/posts/new.md")), Ok(false));
        assert!(links.check(Path::new("content/posts/gone.md")).is_err());
        assert_eq!(links.check(Path::new("content/posts/up/x.md")), Ok(true));
    }
}
