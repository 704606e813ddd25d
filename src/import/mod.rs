//! Authoring and import: new sites (`kuaixun init`, [`scaffold::init_site`]), new articles
//! (`kuaixun new`, [`scaffold::new_article`]) and conversions of other generators' sites into
//! kuaixun sites ([`hexo`]). The commands in `cmd/` only parse arguments and print.

pub mod hexo;
pub mod scaffold;

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Write `bytes` to `path` only if no file is there yet (parent folders are created).
/// `Ok(false)` when the file already existed and was left alone.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            f.write_all(bytes).map_err(|e| Error::io(path, e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// `root/rel` shown as the user would type it (`./` dropped).
pub(crate) fn shown(root: &Path, rel: impl AsRef<Path>) -> PathBuf {
    if root == Path::new(".") {
        rel.as_ref().to_path_buf()
    } else {
        root.join(rel)
    }
}
