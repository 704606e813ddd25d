//! `markdown.bin`: rendered Markdown by key, in a [`Store`]. An entry's key covers the source
//! and everything its rendering reads (see [`doc_key`]), its check key is what its links to
//! other sources resolved to, and its bytes are the `Rendered` value in postcard form,
//! decoded only when asked for.

use std::path::{Path, PathBuf};

use super::hash::Key;
use super::store::Store;
use crate::markdown::Rendered;

pub const FILE: &str = "markdown.bin";

/// The rendered-Markdown store.
pub type Markdown = Store;

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

impl Store {
    /// The rendering saved under `key`, if its links still resolve as they did
    /// (`links_now` gives the [`links_key`] of its `source_links` today). It is kept for the
    /// next build.
    pub fn get(&self, key: u128, links_now: impl Fn(&[PathBuf]) -> u128) -> Option<Rendered> {
        let (links, bytes) = self.get_raw(key)?;
        let r: Rendered = postcard::from_bytes(bytes).ok()?;
        if links_now(&r.source_links) != links {
            return None;
        }
        self.keep(key);
        Some(r)
    }

    /// Keep a new rendering for the next build (`links`: its [`links_key`]).
    pub fn put(&self, key: u128, links: u128, r: &Rendered) {
        if let Ok(bytes) = postcard::to_allocvec(r) {
            self.put_raw(key, links, bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reopen(path: &Path) -> Markdown {
        Store::open(path).unwrap()
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
        let next = reopen(&path);
        assert_eq!(next.len(), 1);
        assert_eq!(next.get(7, |_| 12), None, "a link now resolves elsewhere");
        assert_eq!(next.get(8, |_| 11), None);
        assert_eq!(next.get(7, |_| 11), Some(r.clone()));
        next.finish();
        // Reused entries are saved again, from the old bytes; others are dropped.
        let again = reopen(&path);
        assert_eq!(again.len(), 1);
        assert_eq!(again.get(7, |_| 11), Some(r));
    }
}
