//! Files named relative to an open folder (the `*at` system calls on Unix): the staging
//! folder and the previous output are opened once, and each of the tens of thousands of
//! links, folders, new files and checks a build makes walks only the part of the path inside
//! them (`posts/x/index.html`), not the whole path from `/` each time. Elsewhere, and for a
//! name the calls cannot take, the same operations go through `std::fs` by full path.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// An open folder, and its path (the default: none, which nothing is made in).
#[derive(Debug, Default)]
pub struct Dir {
    path: PathBuf,
    #[cfg(unix)]
    fd: Option<std::os::fd::OwnedFd>,
}

/// A file's length, modification time (ns since the epoch) and inode; `None` for anything
/// but a regular file.
pub type Identity = Option<(u64, u128, u64)>;

impl Dir {
    /// `path`, opened if it can be (else every operation goes by full path).
    pub fn open(path: &Path) -> Dir {
        Dir {
            path: path.to_path_buf(),
            #[cfg(unix)]
            fd: File::open(path).ok().map(std::os::fd::OwnedFd::from),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The identity of `rel` (symbolic links are not followed).
    pub fn identity(&self, rel: &str) -> io::Result<Identity> {
        #[cfg(unix)]
        if let Some((fd, name)) = self.at(rel) {
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            // SAFETY: `name` is a NUL-terminated string and `st` a writable `stat`.
            let r = unsafe { libc::fstatat(fd, name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) };
            if r != 0 {
                return Err(io::Error::last_os_error());
            }
            if st.st_mode & libc::S_IFMT != libc::S_IFREG {
                return Ok(None);
            }
            let mtime = (st.st_mtime as i128 * 1_000_000_000 + st.st_mtime_nsec as i128).max(0);
            return Ok(Some((st.st_size as u64, mtime as u128, st.st_ino as u64)));
        }
        let m = std::fs::symlink_metadata(self.path.join(rel))?;
        Ok(m.is_file().then(|| identity(&m)))
    }

    /// The [`super::previous::DirStamp`] of the folder `rel` (`""`: this folder), `None`
    /// when it is missing or not a folder (symbolic links are not followed).
    pub fn dir_stamp(&self, rel: &str) -> Option<super::previous::DirStamp> {
        #[cfg(unix)]
        if let Some((fd, name)) = self.at(rel) {
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            // SAFETY: `name` is a NUL-terminated string and `st` a writable `stat`.
            let r = unsafe { libc::fstatat(fd, name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) };
            if r != 0 || st.st_mode & libc::S_IFMT != libc::S_IFDIR {
                return None;
            }
            let mtime = (st.st_mtime as i128 * 1_000_000_000 + st.st_mtime_nsec as i128).max(0);
            return Some((mtime as u128, st.st_ino as u64));
        }
        let path = if rel.is_empty() {
            self.path.clone()
        } else {
            self.path.join(rel)
        };
        let m = std::fs::symlink_metadata(path).ok()?;
        let (_, mtime, ino) = identity(&m);
        m.is_dir().then_some((mtime, ino))
    }

    /// Create the folders `rel`'s parent needs.
    pub fn create_parents(&self, rel: &str) -> io::Result<()> {
        let Some((parent, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        #[cfg(unix)]
        if let Some((fd, name)) = self.at(parent) {
            // SAFETY: `name` is a NUL-terminated string.
            let mkdir = || unsafe { libc::mkdirat(fd, name.as_ptr(), 0o777) };
            if mkdir() == 0 {
                return Ok(());
            }
            let e = io::Error::last_os_error();
            return match e.raw_os_error() {
                Some(libc::EEXIST) => Ok(()),
                Some(libc::ENOENT) => {
                    self.create_parents(parent)?;
                    if mkdir() == 0 {
                        return Ok(());
                    }
                    let e = io::Error::last_os_error();
                    if e.raw_os_error() == Some(libc::EEXIST) {
                        Ok(())
                    } else {
                        Err(e)
                    }
                }
                _ => Err(e),
            };
        }
        std::fs::create_dir_all(self.path.join(parent))
    }

    /// A hard link at `rel` here to `from`'s `rel`.
    pub fn link_from(&self, from: &Dir, rel: &str) -> io::Result<()> {
        #[cfg(unix)]
        if let (Some((to_fd, name)), Some((from_fd, _))) = (self.at(rel), from.at(rel)) {
            // SAFETY: both names are NUL-terminated strings.
            let r = unsafe { libc::linkat(from_fd, name.as_ptr(), to_fd, name.as_ptr(), 0) };
            return if r == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            };
        }
        std::fs::hard_link(from.path.join(rel), self.path.join(rel))
    }

    /// A new file at `rel`, which must not exist yet.
    pub fn create_new(&self, rel: &str) -> io::Result<File> {
        #[cfg(unix)]
        if let Some((fd, name)) = self.at(rel) {
            use std::os::fd::FromRawFd;
            let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC;
            // SAFETY: `name` is a NUL-terminated string; a returned descriptor is ours.
            let r = unsafe { libc::openat(fd, name.as_ptr(), flags, 0o666 as libc::c_uint) };
            if r < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `r` is an open descriptor nobody else owns.
            return Ok(unsafe { File::from_raw_fd(r) });
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.path.join(rel))
    }

    /// The folder's descriptor and `rel` as a C string, when both can be used.
    #[cfg(unix)]
    fn at(&self, rel: &str) -> Option<(std::os::fd::RawFd, std::ffi::CString)> {
        use std::os::fd::AsRawFd;
        let fd = self.fd.as_ref()?.as_raw_fd();
        if rel.is_empty() || rel.starts_with('/') {
            return None;
        }
        Some((fd, std::ffi::CString::new(rel).ok()?))
    }
}

/// A file's identity from its metadata (see [`Identity`]).
pub fn identity(meta: &std::fs::Metadata) -> (u64, u128, u64) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0;
    (meta.len(), mtime, ino)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_operations_match_the_full_path_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("旧"), tmp.path().join("新"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let (old, new) = (Dir::open(&a), Dir::open(&b));
        let rel = "文章/2025/芯片/index.html";
        old.create_parents(rel).unwrap();
        old.create_parents(rel).unwrap();
        {
            use std::io::Write;
            let mut f = old.create_new(rel).unwrap();
            f.write_all("<p>国产芯片</p>".as_bytes()).unwrap();
        }
        assert!(
            old.create_new(rel).is_err(),
            "an existing file is not opened"
        );
        let meta = std::fs::symlink_metadata(a.join(rel)).unwrap();
        assert_eq!(old.identity(rel).unwrap(), Some(identity(&meta)));
        assert_eq!(old.identity("文章/2025").unwrap(), None, "a folder");
        assert!(old.identity("没有.html").is_err());
        new.create_parents(rel).unwrap();
        new.link_from(&old, rel).unwrap();
        assert_eq!(
            std::fs::read_to_string(b.join(rel)).unwrap(),
            "<p>国产芯片</p>"
        );
        assert_eq!(new.identity(rel).unwrap(), old.identity(rel).unwrap());
        // A top-level file has no parent to make.
        new.create_parents("index.html").unwrap();
    }
}
