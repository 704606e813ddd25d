//! `static/` for serve: every file held in memory, re-read one by one as they change.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::build::generated_assets;
use crate::config::Config;
use crate::content::symlinks::{Hidden, Links};
use crate::error::{Error, Errors};
use crate::output::assets::STATIC_DIR;
use crate::render::theme;

/// `static/**` over the theme's assets, plus generated files, as bytes.
pub(super) fn load_statics(
    root: &Path,
    config: &Config,
    links: &Links,
) -> Result<HashMap<String, Arc<Vec<u8>>>, Errors> {
    let mut files = HashMap::new();
    for (name, bytes) in theme::STATIC {
        files.insert(name.to_string(), Arc::new(bytes.to_vec()));
    }
    let (found, mut errors) = links.files(Path::new(STATIC_DIR), Hidden::Keep);
    for rel in found {
        match std::fs::read(root.join(&rel)) {
            Ok(b) => {
                files.insert(static_name(&rel), Arc::new(b));
            }
            Err(err) => errors.push(Error::io(&rel, err)),
        }
    }
    for (name, bytes) in generated_assets(config)? {
        files.insert(name, Arc::new(bytes));
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(Errors(errors))
    }
}

/// `static/css/a.css` → `css/a.css`.
pub(super) fn static_name(rel: &Path) -> String {
    rel.strip_prefix(STATIC_DIR)
        .unwrap_or(rel)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Re-read one static file (or fall back to the theme's copy when it was deleted). A
/// folder (a symlink to one, say) is read whole; one that vanished takes its files along.
pub(super) fn update_static(
    files: &mut HashMap<String, Arc<Vec<u8>>>,
    root: &Path,
    links: &Links,
    name: &str,
) -> Result<(), Errors> {
    if name == "css/syntax.css" {
        return Ok(()); // generated; the config decides it
    }
    let rel = Path::new(STATIC_DIR).join(name);
    links.check(&rel)?;
    let path = root.join(&rel);
    if path.is_dir() {
        let (found, errors) = links.files(&rel, Hidden::Keep);
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        for f in found {
            let b = std::fs::read(root.join(&f)).map_err(|e| Error::io(&f, e))?;
            files.insert(static_name(&f), Arc::new(b));
        }
        return Ok(());
    }
    match std::fs::read(&path) {
        Ok(b) => {
            files.insert(name.to_string(), Arc::new(b));
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::IsADirectory =>
        {
            let under = format!("{name}/");
            files.retain(|n, _| !n.starts_with(&under));
            for (n, b) in theme::STATIC.iter().filter(|(n, _)| n.starts_with(&under)) {
                files.insert(n.to_string(), Arc::new(b.to_vec()));
            }
            match theme::STATIC.iter().find(|(n, _)| *n == name) {
                Some((_, b)) => {
                    files.insert(name.to_string(), Arc::new(b.to_vec()));
                }
                None => {
                    files.remove(name);
                }
            }
        }
        Err(e) => return Err(Error::io(rel, e).into()),
    }
    Ok(())
}
