//! Page keys: what a rendered page is a function of. Templates read nothing but their context
//! and the functions and filters the renderer registers (which read the config, the static
//! files' hashed names and the theme's words), so a page's key is the key of all of those
//! ([`settings_key`]) plus its output path, its template and every value in its context. The
//! one exception, `image()` planning variants, is never skipped (see `build.rs`).

use std::collections::HashMap;

use tera::{Context, Value};

use crate::render::SiteValues;

use super::hash::{of_bytes, with_buf, write_value, Key, Memo};
use crate::render::CONTEXT_KEYS;

/// Keys for the pages of one edition. It refers to the shared values by address, so it
/// must not outlive them: it borrows them.
pub struct PageKeys<'a> {
    settings: u128,
    memo: Memo,
    _values: std::marker::PhantomData<&'a SiteValues>,
}

/// The key of what every page's rendering reads besides its context: kuaixun itself, the
/// config file (and `--base-url`), the site's templates and theme words (`templates/`,
/// `i18n/`), the static files' hashed names, and the build's flags that reach the pages.
pub fn settings_key(
    root: &std::path::Path,
    config_text: &str,
    base_url: &str,
    hashed_assets: &HashMap<String, String>,
    flags: &str,
) -> u128 {
    let mut assets: Vec<(&String, &String)> = hashed_assets.iter().collect();
    assets.sort();
    let mut k = Key::new();
    k.u128(super::build_id())
        .str(config_text)
        .str(base_url)
        .str(flags)
        .u128(super::tree_key(root, &["templates", "i18n"]));
    for (from, to) in assets {
        k.str(from).str(to);
    }
    k.finish()
}

impl<'a> PageKeys<'a> {
    /// The values many contexts hold ([`SiteValues::shared`]) are walked once, here, in
    /// parallel.
    pub fn new(settings: u128, values: &'a SiteValues) -> PageKeys<'a> {
        let shared: Vec<&Value> = values.shared().collect();
        let mut memo = Memo::default();
        memo.remember_par(&shared);
        PageKeys {
            settings,
            memo,
            _values: std::marker::PhantomData,
        }
    }

    /// The key of the page written at `out` from `template` with `ctx`.
    pub fn key(&self, out: &str, template: &str, ctx: &Context) -> u128 {
        with_buf(|buf| {
            buf.extend_from_slice(&self.settings.to_le_bytes());
            for part in [out, template] {
                buf.extend_from_slice(&(part.len() as u64).to_le_bytes());
                buf.extend_from_slice(part.as_bytes());
            }
            for name in CONTEXT_KEYS {
                if let Some(v) = ctx.get(name) {
                    buf.extend_from_slice(&(name.len() as u64).to_le_bytes());
                    buf.extend_from_slice(name.as_bytes());
                    write_value(buf, v, &self.memo);
                }
            }
            of_bytes(buf)
        })
    }
}
