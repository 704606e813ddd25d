//! A cache file's bytes: mapped into memory when it is large, read otherwise.
//!
//! A warm build reads every cache file whole (100+ MB at 10,000 articles). Reading copies
//! them into fresh heap pages, which the kernel first zeroes; mapping hands the build the
//! file's own pages. The files are never changed in place (a new file is written beside the
//! old one and renamed over it, see [`super::FileWriter`]) and a build holds the site's
//! build lock while it reads them, so a mapped file does not change under the build. Someone
//! rewriting a cache file by hand during a build could still change what the build sees, as
//! with any file a program maps.

use std::fs;
use std::io;
use std::ops::Deref;
use std::path::Path;

/// Files at least this long are mapped.
const MAP_FROM: u64 = 1 << 20;

/// The bytes of a cache file.
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Read(Vec::new())
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes::Read(v)
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Read(v) => v,
        }
    }
}

/// The bytes of the file at `path`, mapped when it is large (not on Windows, where a mapped
/// file cannot be renamed over, as saving the next cache file does).
pub fn read(path: &Path) -> io::Result<Bytes> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len < MAP_FROM || cfg!(windows) {
        use std::io::Read;
        let mut v = Vec::with_capacity(len as usize);
        (&file).read_to_end(&mut v)?;
        return Ok(Bytes::Read(v));
    }
    // SAFETY: see the module docs: cache files are replaced by renaming, never changed in
    // place, and the build lock keeps other kuaixun builds of the site from writing them.
    // `populate`: the build reads every page (the checksum), so they are mapped at once.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file)? };
    Ok(Bytes::Mapped(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_are_read_and_large_ones_mapped_with_the_same_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let small = tmp.path().join("small.bin");
        fs::write(&small, "快讯缓存".as_bytes()).unwrap();
        let b = read(&small).unwrap();
        assert!(matches!(b, Bytes::Read(_)));
        assert_eq!(&*b, "快讯缓存".as_bytes());
        let large = tmp.path().join("large.bin");
        let bytes: Vec<u8> = (0..MAP_FROM as usize + 7)
            .map(|i| (i % 251) as u8)
            .collect();
        fs::write(&large, &bytes).unwrap();
        let b = read(&large).unwrap();
        assert_eq!(matches!(b, Bytes::Mapped(_)), !cfg!(windows));
        assert_eq!(&*b, &bytes[..]);
        // Replaced the way the cache replaces its files: the mapped bytes stay the old ones.
        let next = tmp.path().join("large.tmp");
        fs::write(&next, b"new").unwrap();
        fs::rename(&next, &large).unwrap();
        assert_eq!(&*b, &bytes[..]);
        assert_eq!(read(&large).unwrap().len(), 3);
    }
}
