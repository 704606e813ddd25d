//! Images stage: width/height on every local `<img>`, responsive WebP variants with
//! `srcset`, cover crops for sharing and lists (the `image()` template function), all kept in
//! `.kuaixun/cache/images/` between builds.
//!
//! The one door is [`Images`]: `build` makes one per build, hands [`Images::document`] to
//! each document's Markdown rendering (the figures pass asks it for each image's attributes,
//! which probes the file's header and plans its variants by content hash), gives it to the
//! renderer for `image()`, and after the pages calls [`Images::write`], which encodes what
//! the cache lacks (in parallel) and copies the rest into the output's `_img/` folder.
//!
//! Bad input never fails a build: a missing, truncated, corrupt, unsupported or oversized
//! image is a warning at the article's line, and the original is used as it is.
//!
//! Files: `probe.rs` (header-only size, SVG attributes), `plan.rs` (operations, names,
//! `srcset`), `process.rs` (decode under limits, orientation, resize, WebP), `cache.rs`.

mod cache;
mod plan;
mod probe;
mod process;
mod serve;
#[cfg(test)]
mod tests;
mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use cache::CACHE_DIR;
pub use plan::Op;
use plan::{img_attrs, variant_name, width_ops};
use probe::{Kind, Probe};
pub use serve::Served;

use crate::config::{Config, ImagesConfig};
use crate::error::Error;
use crate::markdown::urls::has_scheme;

/// The output folder of every variant.
pub const OUT_DIR: &str = "_img";

/// One build's images: what was probed, the variants planned, the warnings so far.
#[derive(Debug)]
pub struct Images {
    root: PathBuf,
    conf: ImagesConfig,
    /// `/` or `/news/`.
    base_path: String,
    /// `https://example.com/news/` (or `/` without a host).
    base_url: String,
    cache: cache::Cache,
    /// A bundle's or section's output folder (`posts/x/`, no base path) → its source folder.
    folders: Mutex<HashMap<String, PathBuf>>,
    sources: Mutex<HashMap<PathBuf, Arc<Result<Source, String>>>>,
    /// Variant name → how to make it.
    jobs: Mutex<BTreeMap<String, Job>>,
    warnings: Mutex<Vec<Error>>,
    /// Sources already warned about (a template's use of one is not reported again).
    warned: Mutex<HashSet<PathBuf>>,
    /// `kuaixun check`: sizes and warnings only, no hashes, no variants.
    probe_only: bool,
    /// Variants `serve` could not encode (it shows their originals and does not try again).
    failed: Mutex<HashSet<String>>,
}

/// A probed source file.
#[derive(Debug)]
struct Source {
    hash: String,
    probe: Probe,
}

/// One variant to write.
#[derive(Debug, Clone)]
struct Job {
    /// The source, relative to the site root.
    file: PathBuf,
    op: Op,
    /// The first use, for a warning: the article (or template) and line.
    used_in: PathBuf,
    line: Option<usize>,
}

/// A processed image as `image()` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sized {
    pub url: String,
    pub permalink: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What [`Images::write`] did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Variants encoded this build.
    pub processed: usize,
    /// Variants copied from the cache.
    pub cached: usize,
    /// Bad images, each at the article and line that uses it.
    pub warnings: Vec<Error>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "images: {} processed, {} from cache",
            self.processed, self.cached
        )
    }
}

impl Images {
    /// The images of a build of the site at `root`; reads nothing until the first image.
    pub fn new(root: &Path, config: &Config) -> Images {
        Images {
            root: root.to_path_buf(),
            conf: config.images.clone(),
            base_path: config.base_path(),
            base_url: config.base_url_slash(),
            cache: cache::Cache::open(root),
            folders: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
            jobs: Mutex::new(BTreeMap::new()),
            warnings: Mutex::new(Vec::new()),
            warned: Mutex::new(HashSet::new()),
            probe_only: false,
            failed: Mutex::new(HashSet::new()),
        }
    }

    /// For `kuaixun check`: `<img>` gets `width`/`height` from the header and bad images are
    /// warnings, but nothing is hashed or planned.
    pub fn for_check(root: &Path, config: &Config) -> Images {
        Images {
            probe_only: true,
            ..Images::new(root, config)
        }
    }

    /// `kuaixun serve` keeps one `Images` while the config is unchanged (variants planned by
    /// earlier renders stay servable): before each re-render, forget the probed sources, so
    /// an edited image is read again (unchanged ones are found by size and time), and the
    /// warnings already shown.
    pub fn refresh(&self) {
        if let Ok(mut s) = self.sources.lock() {
            s.clear();
        }
        if let Ok(mut w) = self.warnings.lock() {
            w.clear();
        }
        if let Ok(mut w) = self.warned.lock() {
            w.clear();
        }
    }

    /// The warnings collected since the start (or the last [`Images::refresh`]).
    pub fn warnings(&self) -> Vec<Error> {
        let mut w = self.warnings.lock().map(|w| w.clone()).unwrap_or_default();
        // Documents render in parallel: report in file and line order.
        w.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        w
    }

    /// Probe the local covers of the articles' `docs` (bundle covers already made absolute by
    /// the site model) in parallel, so a bad cover is a warning at the
    /// article's `cover:` line rather than at the template that crops it. Plans nothing: the
    /// templates' `image()` calls do.
    pub fn covers<'a>(&self, docs: impl Iterator<Item = &'a crate::content::Document>) {
        use rayon::prelude::*;
        let covers: Vec<(String, &Path, usize)> = docs
            .filter_map(|d| {
                let cover = d.meta.cover.as_deref()?;
                cover.starts_with('/').then(|| {
                    let url = crate::render::join_url(&self.base_path, cover);
                    (url, d.path.as_path(), d.line_of("cover"))
                })
            })
            .collect();
        covers.par_iter().for_each(|(url, article, line)| {
            if let Some(file) = self.resolve(url) {
                if let Err(why) = self.source(&file).as_ref() {
                    self.warn(article, Some(*line), &file, why);
                }
            }
        });
    }

    /// The attributes source for one document's Markdown: `path` is its source file, `body`
    /// its Markdown (offsets become lines from `body_line`), `folder_url` its bundle's (or
    /// section's) output folder, whose relative images live next to `path`.
    pub fn document<'a>(
        &'a self,
        path: &'a Path,
        body: &'a str,
        body_line: usize,
        folder_url: Option<&str>,
    ) -> DocImages<'a> {
        if let (Some(url), Some(dir)) = (folder_url, path.parent()) {
            if let Ok(mut f) = self.folders.lock() {
                f.insert(url.trim_matches('/').to_string(), dir.to_path_buf());
            }
        }
        DocImages {
            images: self,
            path,
            body,
            body_line,
        }
    }

    /// The local file a printed URL names (`/news/posts/x/a.png`, `/images/b.jpg`), relative
    /// to the site root; `None` for remote, relative or missing images.
    fn resolve(&self, url: &str) -> Option<PathBuf> {
        if has_scheme(url) || url.starts_with("//") {
            return None;
        }
        let path = url.split(['?', '#']).next()?;
        let rel = path.strip_prefix(self.base_path.as_str())?;
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8()
            .ok()?
            .into_owned();
        if rel
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.contains('\\'))
        {
            return None;
        }
        let folders = self.folders.lock().ok()?;
        let in_folder = rel
            .match_indices('/')
            .rev()
            .find_map(|(i, _)| folders.get(&rel[..i]).map(|dir| dir.join(&rel[i + 1..])));
        drop(folders);
        let file =
            in_folder.unwrap_or_else(|| Path::new(crate::output::assets::STATIC_DIR).join(&rel));
        let abs = self.abs(&file);
        std::fs::symlink_metadata(&abs)
            .is_ok_and(|m| m.is_file())
            .then_some(file)
    }

    fn abs(&self, file: &Path) -> PathBuf {
        if file.is_absolute() {
            file.to_path_buf()
        } else {
            self.root.join(file)
        }
    }

    /// The probe and hash of `file`, from this build's table, the cache index, or the file.
    fn source(&self, file: &Path) -> Arc<Result<Source, String>> {
        if let Some(s) = self.sources.lock().ok().and_then(|m| m.get(file).cloned()) {
            return s;
        }
        let s = Arc::new(self.probe(file));
        if let Ok(mut m) = self.sources.lock() {
            m.insert(file.to_path_buf(), s.clone());
        }
        s
    }

    fn probe(&self, file: &Path) -> Result<Source, String> {
        let abs = self.abs(file);
        let meta = std::fs::metadata(&abs).map_err(|e| e.to_string())?;
        let (len, mtime) = cache::stamp(&meta);
        let key = file.to_string_lossy().into_owned();
        if let Some(memo) = self
            .cache
            .memo(&key, len, mtime)
            .filter(|_| !self.probe_only)
        {
            let s = Source {
                hash: memo.hash.clone(),
                probe: memo.probe.clone(),
            };
            self.cache.keep(&key, memo);
            return Ok(s);
        }
        let bytes = std::fs::read(&abs).map_err(|e| e.to_string())?;
        let svg = abs
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        let probe = probe::probe(&bytes, svg, self.conf.max_pixels)?;
        let hash: String = if self.probe_only {
            String::new()
        } else {
            let digest = md5::compute(&bytes);
            format!("{digest:x}").chars().take(16).collect()
        };
        let memo = cache::Memo {
            len,
            mtime_ns: mtime,
            hash: hash.clone(),
            probe: probe.clone(),
        };
        if !self.probe_only {
            self.cache.keep(&key, memo);
        }
        Ok(Source { hash, probe })
    }

    fn warn(&self, used_in: &Path, line: Option<usize>, file: &Path, why: &str) {
        // Each article that uses a bad image hears of it; a template (the cover crops of
        // every list) only when no article did.
        let first = self
            .warned
            .lock()
            .map(|mut w| w.insert(file.to_path_buf()))
            .unwrap_or(true);
        if !first && used_in == Path::new(crate::render::TEMPLATES_DIR) {
            return;
        }
        let e = Error::in_file(
            used_in,
            format!(
                "image `{}`: {why}; the original is used as it is",
                file.display()
            ),
        )
        .at(line, None);
        if let Ok(mut w) = self.warnings.lock() {
            w.push(e);
        }
    }

    /// Plan `op` on `file`; returns the variant's URL.
    fn plan(&self, file: &Path, hash: &str, op: Op, used_in: &Path, line: Option<usize>) -> String {
        let name = variant_name(hash, op, self.conf.quality);
        let url = format!("{}{OUT_DIR}/{name}", self.base_path);
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.entry(name).or_insert_with(|| Job {
                file: file.to_path_buf(),
                op,
                used_in: used_in.to_path_buf(),
                line,
            });
        }
        url
    }

    /// The `<img>` attributes for `url`, used in `used_in` at `line`.
    fn attrs(&self, url: &str, used_in: &Path, line: Option<usize>) -> Option<String> {
        let file = self.resolve(url)?;
        let source = self.source(&file);
        let s = match source.as_ref() {
            Ok(s) => s,
            Err(why) => {
                self.warn(used_in, line, &file, why);
                return None;
            }
        };
        let variants: Vec<(Op, String)> = if s.probe.kind == Kind::Raster && !self.probe_only {
            width_ops(&s.probe, &self.conf.widths)
                .into_iter()
                .map(|op| (op, self.plan(&file, &s.hash, op, used_in, line)))
                .collect()
        } else {
            Vec::new()
        };
        Some(img_attrs(&s.probe, &variants))
    }

    /// `image_attrs(path=…)`: the same ` width height srcset sizes` attributes Markdown
    /// images get, for a template's own `<img>` (the article page's cover).
    pub fn attrs_in_template(&self, url: &str) -> Option<String> {
        self.attrs(url, Path::new(crate::render::TEMPLATES_DIR), None)
    }

    /// `image(path=…, width=…, height=…, op=…)`: the variant of a local image, or the image
    /// as it is (with its size when known) when it is remote, vector, animated or bad.
    pub fn resize(&self, url: &str, width: u32, height: u32, op: Op) -> Sized {
        let as_is = |w, h| Sized {
            url: url.to_string(),
            permalink: self.permalink(url),
            width: w,
            height: h,
        };
        let Some(file) = self.resolve(url) else {
            return as_is(None, None);
        };
        let template = Path::new(crate::render::TEMPLATES_DIR);
        let source = self.source(&file);
        let s = match source.as_ref() {
            Ok(s) => s,
            Err(why) => {
                self.warn(template, None, &file, why);
                return as_is(None, None);
            }
        };
        let p = &s.probe;
        if p.kind != Kind::Raster || width == 0 || height == 0 || self.probe_only {
            let known = |n: u32| (p.width > 0 && p.height > 0).then_some(n);
            return as_is(known(p.width), known(p.height));
        }
        let (w, h) = op.output_size(p.width, p.height);
        let url = self.plan(&file, &s.hash, op, template, None);
        Sized {
            permalink: self.permalink(&url),
            url,
            width: Some(w),
            height: Some(h),
        }
    }

    /// An absolute URL for `url` (printed, base path included).
    fn permalink(&self, url: &str) -> String {
        match url.strip_prefix(self.base_path.as_str()) {
            Some(rest) if !has_scheme(url) && !url.starts_with("//") => {
                format!("{}{rest}", self.base_url)
            }
            _ => url.to_string(),
        }
    }

    /// Whether any image was planned (nothing to write otherwise).
    pub fn is_empty(&self) -> bool {
        self.jobs.lock().map(|j| j.is_empty()).unwrap_or(true)
    }
}

/// One document's view of [`Images`] for the Markdown figures pass.
#[derive(Debug)]
pub struct DocImages<'a> {
    images: &'a Images,
    path: &'a Path,
    body: &'a str,
    body_line: usize,
}

impl crate::markdown::ImageAttrs for DocImages<'_> {
    fn attrs(&self, url: &str, offset: usize) -> Option<String> {
        let before = self.body.get(..offset.min(self.body.len())).unwrap_or("");
        let line = self.body_line + before.matches('\n').count();
        self.images.attrs(url, self.path, Some(line))
    }
}
