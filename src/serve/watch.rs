//! File watching: notify with a short debounce, and sorting changed paths into the kinds of
//! rebuild they need.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::state::Changes;
use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::data::{is_data_file, DATA_DIR};
use crate::output::assets::STATIC_DIR;
use crate::render::TEMPLATES_DIR;

/// Quiet time after the last change before a rebuild starts (an editor's save is a burst of
/// events a few milliseconds apart; a repeat within the window is absorbed by the byte hash).
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// A steady stream of changes still rebuilds this often.
pub const MAX_WAIT: Duration = Duration::from_millis(500);

pub type Watcher = RecommendedWatcher;

/// Watch the site's sources; changed paths go to `on_change` as they happen (reads and
/// opens are ignored, so the build reading files does not trigger another build).
pub fn watch(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, String> {
    let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            ) {
                on_change(event.paths);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    for dir in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, DATA_DIR] {
        let p = root.join(dir);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    // The root itself (not recursive) sees config.yaml and new top-level folders.
    w.watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    Ok(w)
}

/// Block for the next batch of changes: the first one, then everything that follows until
/// [`DEBOUNCE`] passes quietly (or [`MAX_WAIT`] in all). `None` when the watcher is gone.
pub fn next_batch(rx: &Receiver<Vec<PathBuf>>) -> Option<(Instant, Vec<PathBuf>)> {
    let mut paths = rx.recv().ok()?;
    let first = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(DEBOUNCE.min(left)) {
            Ok(more) => paths.extend(more),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some((first, paths))
}

/// Start watching any of the source folders that appeared since `watch` began (harmless
/// for folders already watched).
pub fn watch_new_folders(watcher: &mut Watcher, root: &Path, paths: &[PathBuf]) {
    for dir in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, DATA_DIR] {
        let p = root.join(dir);
        if paths.contains(&p) && p.is_dir() {
            if let Err(e) = watcher.watch(&p, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {e}", p.display());
            }
        }
    }
}

/// Sort absolute changed paths (under the canonical `root`) into [`Changes`].
pub fn classify(root: &Path, paths: &[PathBuf]) -> Changes {
    let mut ch = Changes::default();
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let comps: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(first) = comps.first() else { continue };
        let name = comps.last().map(String::as_str).unwrap_or("");
        // Editor droppings: hidden files, backups, vim's write test.
        let junk = comps.iter().skip(1).any(|c| c.starts_with('.'))
            || name.ends_with('~')
            || name == "4913"
            || name.ends_with(".swp")
            || name.ends_with(".tmp");
        match first.as_str() {
            CONFIG_FILE if comps.len() == 1 => ch.config = true,
            CONTENT_DIR if comps.len() == 1 => ch.all_content = true,
            // Every path goes in: Markdown files, bundle and section assets, and folders that
            // appeared, moved or vanished (the build looks for documents under them). Any
            // symlink goes in too, for the symlink rule to judge.
            CONTENT_DIR if !junk => {
                ch.content.insert(rel.to_path_buf());
            }
            TEMPLATES_DIR if !junk => {
                ch.templates = true;
                // Shortcode templates are rendered into the Markdown: render it all again.
                if comps.get(1).map(String::as_str) == Some("shortcodes") {
                    ch.all_content = true;
                }
            }
            DATA_DIR if comps.len() == 1 => ch.data = true,
            // The author registry is part of the config (ids → names, pages).
            DATA_DIR if !junk && rel == Path::new(crate::config::taxonomies::AUTHORS_DATA_FILE) => {
                ch.data = true;
                ch.config = true;
            }
            DATA_DIR if !junk && comps.len() == 2 && is_data_file(Path::new(name)) => {
                ch.data = true
            }
            STATIC_DIR if comps.len() == 1 => ch.all_static = true,
            STATIC_DIR if !junk && (!p.is_dir() || p.is_symlink()) => {
                ch.statics.insert(comps[1..].join("/"));
            }
            _ => {}
        }
    }
    ch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sorted_by_kind() {
        let root = Path::new("/site");
        let ch = classify(
            root,
            &[
                root.join("content/posts/a.md"),
                root.join("content/posts/.a.md.swp"),
                root.join("templates/base.html"),
                root.join("static/css/style.css"),
                root.join("public/index.html"),
                PathBuf::from("/elsewhere/x.md"),
            ],
        );
        assert!(!ch.config && ch.templates && !ch.all_content);
        assert_eq!(
            ch.content.into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("content/posts/a.md")]
        );
        assert_eq!(
            ch.statics.into_iter().collect::<Vec<_>>(),
            vec!["css/style.css".to_string()]
        );
        assert!(classify(root, &[root.join("config.yaml")]).config);
        assert!(classify(root, &[root.join("data/links.yaml")]).data);
        assert!(!classify(root, &[root.join("data/links.yaml")]).config);
        // The author registry reloads the config (names, author pages).
        let authors = classify(root, &[root.join("data/authors.yaml")]);
        assert!(authors.config && authors.data);
        assert!(classify(root, &[root.join("data")]).data);
        let ignored = classify(
            root,
            &[
                root.join("data/README.md"),
                root.join("data/old/links.yaml"),
                root.join("data/links.yaml~"),
            ],
        );
        assert!(ignored.is_empty(), "{ignored:?}");
    }
}
