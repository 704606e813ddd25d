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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

pub use cache::CACHE_DIR;
pub use plan::Op;
use plan::{img_attrs, variant_name, width_ops};
use probe::{Kind, Probe};

use crate::config::{Config, ImagesConfig};
use crate::error::Error;
use crate::markdown::urls::has_scheme;
use crate::output::Staging;

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
    /// `kuaixun serve`: sizes only, no variants, nothing written.
    serving: bool,
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
            serving: false,
        }
    }

    /// For `kuaixun serve`: `<img>` gets `width`/`height` from the header, but no variants
    /// are planned or encoded, so the originals show at once and no edit waits for an
    /// encoder. Made afresh for each re-render, so an edited image is probed again.
    pub fn for_serve(root: &Path, config: &Config) -> Images {
        Images {
            serving: true,
            ..Images::new(root, config)
        }
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
        if let Some(memo) = self.cache.memo(&key, len, mtime).filter(|_| !self.serving) {
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
        let hash: String = if self.serving {
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
        if !self.serving {
            self.cache.keep(&key, memo);
        }
        Ok(Source { hash, probe })
    }

    fn warn(&self, used_in: &Path, line: Option<usize>, file: &Path, why: &str) {
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
        let variants: Vec<(Op, String)> = if s.probe.kind == Kind::Raster && !self.serving {
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
        if p.kind != Kind::Raster || width == 0 || height == 0 || self.serving {
            return as_is(Some(p.width), Some(p.height));
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

    /// Encode every planned variant the cache lacks, copy all of them into the staging
    /// folder's `_img/`, and prune the cache. Only an output that cannot be written fails.
    pub fn write(&self, staging: &Staging) -> Result<Report, Error> {
        let jobs = self.jobs.lock().map(|j| j.clone()).unwrap_or_default();
        let mut by_file: BTreeMap<&Path, Vec<(&String, &Job)>> = BTreeMap::new();
        for (name, job) in &jobs {
            by_file
                .entry(job.file.as_path())
                .or_default()
                .push((name, job));
        }
        let out_dir = staging.path().join(OUT_DIR);
        if !jobs.is_empty() {
            std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
            let cache_dir = self.cache.path("");
            std::fs::create_dir_all(&cache_dir).map_err(|e| Error::io(&cache_dir, e))?;
        }
        let groups: Vec<(&Path, Vec<(&String, &Job)>)> = by_file.into_iter().collect();
        let counts: Vec<Result<(usize, usize), Error>> = groups
            .par_iter()
            .map_init(fast_image_resize::Resizer::new, |resizer, (file, group)| {
                self.write_source(file, group, &out_dir, resizer)
            })
            .collect();
        let mut report = Report::default();
        for c in counts {
            let (processed, cached) = c?;
            report.processed += processed;
            report.cached += cached;
        }
        let names: BTreeSet<String> = jobs.keys().cloned().collect();
        if let Err(why) = self.cache.finish(&names) {
            self.warn(Path::new(CACHE_DIR), None, Path::new(CACHE_DIR), &why);
        }
        report.warnings = self.warnings.lock().map(|w| w.clone()).unwrap_or_default();
        Ok(report)
    }

    /// The variants of one source: copied from the cache, or decoded once and encoded.
    fn write_source(
        &self,
        file: &Path,
        group: &[(&String, &Job)],
        out_dir: &Path,
        resizer: &mut fast_image_resize::Resizer,
    ) -> Result<(usize, usize), Error> {
        let (mut processed, mut cached) = (0, 0);
        let mut decoded: Option<Result<process::Decoded, String>> = None;
        for (name, job) in group {
            let target = out_dir.join(name);
            let cached_file = self.cache.path(name);
            if std::fs::copy(&cached_file, &target).is_ok() {
                cached += 1;
                continue;
            }
            let d = decoded.get_or_insert_with(|| {
                std::fs::read(self.abs(file))
                    .map_err(|e| e.to_string())
                    .and_then(|b| process::decode(&b, self.conf.max_pixels))
            });
            let bytes = match d {
                Ok(d) => d.variant(job.op, self.conf.quality, resizer),
                Err(why) => Err(why.clone()),
            };
            match bytes {
                Ok(bytes) => {
                    processed += 1;
                    std::fs::write(&target, &bytes).map_err(|e| Error::io(&target, e))?;
                    // A variant that cannot be cached is encoded again next time.
                    let _ = cache::write_atomic(&cached_file, &bytes);
                }
                Err(why) => {
                    // The page already names the variant: it gets the original's bytes
                    // (browsers sniff image types), so the image still shows.
                    self.warn(&job.used_in, job.line, file, &why);
                    std::fs::copy(self.abs(file), &target).map_err(|e| Error::io(file, e))?;
                }
            }
        }
        Ok((processed, cached))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::ImageAttrs;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([30, 90, 160]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("png");
        out
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("static/图")).unwrap();
        std::fs::write(dir.path().join("static/图/机柜.png"), png(1000, 600)).unwrap();
        dir
    }

    #[test]
    fn build_plans_variants_and_serve_only_sizes() {
        let dir = site();
        let config = Config::default();
        let url = "/%E5%9B%BE/%E6%9C%BA%E6%9F%9C.png";
        let body = "正文\n\n![机柜](x)\n";
        let path = Path::new("content/posts/a.md");

        let images = Images::new(dir.path(), &config);
        let attrs = images
            .document(path, body, 5, None)
            .attrs(url, body.find('!').unwrap())
            .expect("a local image");
        assert!(
            attrs.starts_with(" width=\"1000\" height=\"600\" srcset=\""),
            "{attrs}"
        );
        assert!(!images.is_empty());

        let serving = Images::for_serve(dir.path(), &config);
        let attrs = serving.document(path, body, 5, None).attrs(url, 0);
        assert_eq!(attrs.as_deref(), Some(" width=\"1000\" height=\"600\""));
        assert!(serving.is_empty(), "serve plans no variants");
        let s = serving.resize(url, 400, 300, Op::Fill(400, 300));
        assert_eq!((s.url.as_str(), s.width), (url, Some(1000)));
    }

    #[test]
    fn urls_outside_the_site_are_left_alone() {
        let dir = site();
        let images = Images::new(dir.path(), &Config::default());
        for url in [
            "https://cdn.example.com/a.png",
            "//cdn.example.com/a.png",
            "/../etc/passwd",
            "/%2E%2E/static/%E5%9B%BE/%E6%9C%BA%E6%9F%9C.png",
            "relative.png",
            "/missing.png",
        ] {
            assert_eq!(images.resolve(url), None, "{url}");
        }
        assert!(images.is_empty());
    }

    #[test]
    fn a_bad_image_is_a_warning_at_its_line() {
        let dir = site();
        std::fs::write(
            dir.path().join("static/bad.png"),
            b"\x89PNG\r\n\x1a\nnot really",
        )
        .unwrap();
        let images = Images::new(dir.path(), &Config::default());
        let body = "第一行\n第二行\n![坏图](/bad.png)\n";
        let doc = images.document(Path::new("content/posts/b.md"), body, 4, None);
        assert_eq!(doc.attrs("/bad.png", body.find('!').unwrap()), None);
        let w = images.warnings.lock().unwrap().clone();
        assert_eq!(w.len(), 1);
        let text = w[0].to_string();
        assert!(
            text.starts_with("content/posts/b.md:6: image `static/bad.png`: "),
            "{text}"
        );
    }
}
