//! `markdown.bin`: rendered Markdown by key. An entry is its key (the source and everything
//! its rendering reads, see [`doc_key`]), the key of what its links to other sources resolved
//! to, and the `Rendered` value in postcard form. Entries are decoded only when asked for;
//! an entry this build reused is saved from the old file's bytes as they are.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::hash::Key;
use super::FileWriter;
use crate::markdown::Rendered;

pub const FILE: &str = "markdown.bin";

/// The old file's entries, and the new file being written.
#[derive(Default)]
pub struct Markdown {
    old: Vec<u8>,
    index: HashMap<u128, (u128, Range<usize>)>,
    /// The next file: this build's entries (reused or new), appended as they come.
    next: Mutex<Option<FileWriter>>,
}

/// The key of one document's rendering: `settings` (see [`settings_key`]), its source path,
/// its bundle's folder URL, the line its body starts on, and the body.
pub fn doc_key(
    settings: u128,
    path: &Path,
    bundle: Option<&str>,
    body_line: usize,
    body: &str,
) -> u128 {
    let mut k = Key::new();
    k.u128(settings)
        .str(&path.to_string_lossy())
        .str(bundle.unwrap_or("\u{0}"))
        .u64(body_line as u64)
        .str(body);
    k.finish()
}

/// The key of everything besides the document that rendering reads: kuaixun itself, the
/// Markdown options (the base path, the raw-HTML policy…), the config file and `--base-url`
/// (for the rest), and the shortcode templates.
pub fn settings_key(root: &Path, options: &str, config_text: &str, base_url: Option<&str>) -> u128 {
    let mut k = Key::new();
    k.u128(super::build_id())
        .str(options)
        .str(config_text)
        .str(base_url.unwrap_or("\u{0}"))
        .u128(super::tree_key(root, &["templates/shortcodes"]));
    k.finish()
}

/// The key of what a rendering's links to other sources resolved to (`target` gives each
/// source's URL, and whether it is hidden).
pub fn links_key(links: &[PathBuf], target: impl Fn(&Path) -> Option<(bool, String)>) -> u128 {
    let mut k = Key::new();
    for p in links {
        k.str(&p.to_string_lossy());
        match target(p) {
            Some((hidden, url)) => k.u64(1 + u64::from(hidden)).str(&url),
            None => k.u64(0),
        };
    }
    k.finish()
}

impl Markdown {
    /// The entries of a `markdown.bin` file, whose payload is `bytes[payload]`.
    pub fn parse(bytes: Vec<u8>, payload: Range<usize>) -> Result<Markdown, String> {
        let mut index = HashMap::new();
        let mut at = payload.start;
        let damaged = || "damaged (an entry runs past the end)".to_string();
        while at < payload.end {
            let head = bytes.get(at..at + 40).ok_or_else(damaged)?;
            let word = |r: Range<usize>| -> Result<u128, String> {
                let mut b = [0u8; 16];
                b[..r.len()].copy_from_slice(&head[r]);
                Ok(u128::from_le_bytes(b))
            };
            let (key, links, len) = (word(0..16)?, word(16..32)?, word(32..40)? as usize);
            let start = at + 40;
            let end = start.checked_add(len).filter(|&e| e <= payload.end);
            let end = end.ok_or_else(damaged)?;
            index.insert(key, (links, start..end));
            at = end;
        }
        Ok(Markdown {
            old: bytes,
            index,
            next: Mutex::new(None),
        })
    }

    /// Write this build's entries to `path` (a failure to create it is a warning: the build
    /// goes on without saving).
    pub fn save_to(&mut self, path: &Path) {
        match FileWriter::create(path) {
            Ok(w) => self.next = Mutex::new(Some(w)),
            Err(e) => super::warn_unsaved(path, &e),
        }
    }

    /// How many entries the old file had.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The rendering saved under `key`, if its links still resolve as they did
    /// (`links_now` gives the [`links_key`] of its `source_links` today). It is kept for the
    /// next build.
    pub fn get(&self, key: u128, links_now: impl Fn(&[PathBuf]) -> u128) -> Option<Rendered> {
        let (links, range) = self.index.get(&key)?;
        let bytes = &self.old[range.clone()];
        let r: Rendered = postcard::from_bytes(bytes).ok()?;
        if links_now(&r.source_links) != *links {
            return None;
        }
        self.keep(key, *links, bytes);
        Some(r)
    }

    /// Keep a new rendering for the next build (`links`: its [`links_key`]).
    pub fn put(&self, key: u128, links: u128, r: &Rendered) {
        if let Ok(bytes) = postcard::to_allocvec(r) {
            self.keep(key, links, &bytes);
        }
    }

    fn keep(&self, key: u128, links: u128, bytes: &[u8]) {
        let Ok(mut next) = self.next.lock() else {
            return;
        };
        let Some(w) = next.as_mut() else {
            return;
        };
        let mut head = [0u8; 40];
        head[..16].copy_from_slice(&key.to_le_bytes());
        head[16..32].copy_from_slice(&links.to_le_bytes());
        head[32..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
        if let Err(e) = w.write(&head).and_then(|()| w.write(bytes)) {
            super::warn_unsaved(w.path(), &e);
            *next = None;
        }
    }

    /// Complete the next file (and free the old one).
    pub fn finish(self) {
        let next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = next {
            let path = w.path().to_path_buf();
            if let Err(e) = w.finish() {
                super::warn_unsaved(&path, &e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reopen(path: &Path) -> Markdown {
        let (bytes, payload) = super::super::read_file(path).unwrap().unwrap();
        Markdown::parse(bytes, payload).unwrap()
    }

    #[test]
    fn entries_round_trip_and_links_are_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE);
        let mut m = Markdown::default();
        m.save_to(&path);
        let r = Rendered {
            html: "<p>华为发布新款芯片</p>\n".into(),
            source_links: vec![PathBuf::from("content/posts/a.md")],
            cjk_chars: 8,
            ..Rendered::default()
        };
        m.put(7, 11, &r);
        m.finish();
        let mut next = reopen(&path);
        assert_eq!(next.len(), 1);
        assert_eq!(next.get(7, |_| 12), None, "a link now resolves elsewhere");
        assert_eq!(next.get(8, |_| 11), None);
        next.save_to(&path);
        assert_eq!(next.get(7, |_| 11), Some(r.clone()));
        next.finish();
        // Reused entries are saved again, from the old bytes; others are dropped.
        let again = reopen(&path);
        assert_eq!(again.len(), 1);
        assert_eq!(again.get(7, |_| 11), Some(r));
    }

    #[test]
    fn a_cut_or_changed_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE);
        let mut m = Markdown::default();
        m.save_to(&path);
        m.put(1, 2, &Rendered::default());
        m.finish();
        let good = std::fs::read(&path).unwrap();
        std::fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert!(super::super::read_file(&path).is_err());
        let mut bad = good.clone();
        bad[30] ^= 1;
        std::fs::write(&path, &bad).unwrap();
        assert!(super::super::read_file(&path).is_err());
    }
}
