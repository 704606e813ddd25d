//! Output stage: everything is written into a staging folder beside the output folder and
//! swapped in only when the whole build succeeded, so a failed build leaves the previous
//! output exactly as it was (see `staging`). Feeds, sitemap and static assets live in the
//! other sub-modules.

pub mod assets;
pub(crate) mod at;
pub mod feeds;
mod in_place;
pub mod previous;
pub mod sitemap;
mod staging;

pub use staging::{Staging, Swapped};

use std::path::{Path, PathBuf};

/// Absolute form of a path that may not exist yet (see `resolve`).
pub fn resolve_path(path: &Path) -> Option<PathBuf> {
    resolve(path)
}

/// Absolute form of a path that may not exist yet: its nearest existing ancestor resolved
/// (symlinks included), the rest appended.
fn resolve(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}
