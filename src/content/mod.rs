//! Load stage: walk `content/` for `.md` files (in parallel), decode them (UTF-8, BOM and CRLF
//! accepted), split and read the front matter, and decide each article's slug. Produces
//! [`Document`]s; no Markdown is rendered here.

pub mod date;
pub mod front_matter;
pub mod inventory;
pub mod pinyin;
pub mod place;
pub mod section;
pub mod slug;
pub mod symlinks;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, SlugStyle};
use crate::error::{Error, Errors};
pub use front_matter::FrontMatter;
pub use inventory::{Asset, Inventory};
pub use place::{place, SourceMap};
pub use section::{Section, SectionDoc, Sections, SortBy};
use symlinks::Hidden;

pub const CONTENT_DIR: &str = "content";

/// One article as read from disk: front matter plus the Markdown body.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the site root (`content/posts/a.md`), used in messages.
    pub path: PathBuf,
    pub meta: FrontMatter,
    /// Final slug (front matter, else ASCII file stem, else pinyin of the title).
    pub slug: String,
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// 1-based line the URL comes from, for messages about it: the `url:` line, else the
    /// `slug:` line, else the `title:` line when the slug is made from the title, else 1 (the
    /// file name).
    pub slug_line: usize,
    /// 1-based lines of the `tags:` and `categories:` keys (2, the first front-matter line,
    /// when absent), for messages about a term.
    pub tags_line: usize,
    pub categories_line: usize,
    /// 1-based lines of the other keys a taxonomy may read (`author`, `authors` and every
    /// key of `meta.extra`).
    pub key_lines: Vec<(String, usize)>,
    /// An `index.md` that makes its folder a page bundle (its other files are its assets).
    pub bundle: bool,
    /// URL path relative to the site root, no leading slash (`posts/x/`); set by [`place`]
    /// (empty before).
    pub url: String,
    /// The section it belongs to (index into [`Sections::list`]); set by [`place`].
    pub section: Option<usize>,
}

impl Document {
    /// A standalone page (`layout: page`, or under `content/pages/`).
    pub fn is_page(&self) -> bool {
        self.meta.page
    }

    /// Its pin rank at `now` (置顶, higher first): `None` when not pinned, or when its
    /// `pinned_until` has passed (compared as `expires` is).
    pub fn pin_at(&self, now: jiff::Timestamp) -> Option<i64> {
        let meta = &self.meta;
        meta.pin.filter(|_| {
            meta.pinned_until
                .as_ref()
                .is_none_or(|u| u.timestamp() > now)
        })
    }

    /// 1-based line of a front-matter key a taxonomy reads (2, the first front-matter
    /// line, when absent).
    pub fn line_of(&self, key: &str) -> usize {
        match key {
            "tags" => self.tags_line,
            "categories" => self.categories_line,
            _ => self
                .key_lines
                .iter()
                .find(|(k, _)| k == key)
                .map_or(2, |&(_, l)| l),
        }
    }

    /// The folder a bundle's relative links resolve against, relative to the site root with
    /// a trailing `/` (`posts/x/`; `2024/01/x/` for a `2024/01/x.html` URL); `None` when the
    /// document is not a bundle.
    pub fn bundle_url(&self) -> Option<String> {
        self.bundle.then(|| asset_folder(&self.url))
    }
}

/// The output folder of a page's assets: its URL when that is a folder, else the URL without
/// its `.html` extension (as Hexo's post_asset_folder).
pub fn asset_folder(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        return url.to_string();
    }
    let stem = match url.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => stem,
        _ => url,
    };
    format!("{stem}/")
}

/// Which hidden articles a build shows anyway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Visibility {
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
}

impl Visibility {
    /// Whether `doc` is published at `now`: not a draft, not dated in the future, not expired
    /// (each unless the matching flag asks for it).
    pub fn shows(&self, doc: &Document, now: jiff::Timestamp) -> bool {
        let meta = &doc.meta;
        (self.drafts || !meta.draft)
            && (self.future || meta.date.timestamp() <= now)
            && (self.expired || meta.expires.as_ref().is_none_or(|e| e.timestamp() > now))
    }
}

/// What `root/content` holds, sorted by role ([`inventory`]), hidden entries skipped,
/// symlinks followed as [`symlinks`] allows.
pub fn find_files(root: &Path, config: &Config) -> Result<Inventory, Errors> {
    let (inv, errors) = walk(root, config);
    if errors.is_empty() {
        Ok(inv)
    } else {
        Err(Errors(errors))
    }
}

/// [`find_files`], with what was found despite the errors (for `check`). An article
/// reached twice (`content/featured` a link to `content/posts/2026`) is loaded once.
pub fn walk(root: &Path, config: &Config) -> (Inventory, Vec<Error>) {
    let (files, mut errors) =
        symlinks::Links::new(root, config).unique_files(Path::new(CONTENT_DIR), Hidden::Skip);
    let (inv, more) = inventory::sort_with(files, &language_codes(config));
    errors.extend(more);
    (inv, errors)
}

/// The codes of the site's `languages:` (whose translation files are set apart).
pub fn language_codes(config: &Config) -> Vec<String> {
    config
        .editions
        .iter()
        .filter(|e| e.translated)
        .map(|e| e.code.clone())
        .collect()
}

/// A translation file, parsed: an article or page, or a section's `_index.<code>.md`.
#[derive(Debug)]
pub enum Translation {
    Document(Box<Document>),
    Section(Box<SectionDoc>),
}

/// Everything `content/` holds, parsed: documents (with their Markdown bodies), sections
/// and assets. Every broken file is reported at once.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<Document>,
    pub sections: Vec<SectionDoc>,
    pub assets: Vec<Asset>,
    /// Translation files: (language code, the original's path, the translation).
    pub translations: Vec<(String, PathBuf, Translation)>,
    /// With [`load_with`]'s `remembered`: every file `content/` holds that the build reads
    /// (documents, sections, translations, assets), each with its [`Stamp`] as it was read;
    /// `None` when it could not be had (see `cache::fresh`).
    pub stamps: Option<Vec<(PathBuf, Stamp)>>,
}

/// A file's identity: length, modification and change times (ns since the epoch) and inode.
/// A file written again gets a new one (its change time cannot be set back by hand).
pub type Stamp = (u64, u128, u128, u64);

/// The [`Stamp`] of a file's metadata.
pub fn stamp(meta: &std::fs::Metadata) -> Stamp {
    let ns = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    };
    #[cfg(unix)]
    let (ctime, ino) = {
        use std::os::unix::fs::MetadataExt;
        let c = (meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128).max(0);
        (c as u128, meta.ino())
    };
    #[cfg(not(unix))]
    let (ctime, ino) = (0, 0);
    (meta.len(), ns(meta.modified()), ctime, ino)
}

/// A file's bytes and its [`Stamp`] from the same open file (taken before it is read, so a
/// write during the read shows as a newer stamp next time).
fn read_stamped(path: &Path) -> std::io::Result<(Vec<u8>, Stamp)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    f.read_to_end(&mut bytes)?;
    Ok((bytes, stamp(&meta)))
}

/// The translation files of the site's `languages:` (from [`find_files`]), parsed.
pub fn load_translations(
    root: &Path,
    config: &Config,
) -> Result<Vec<(String, PathBuf, Translation)>, Errors> {
    let inv = find_files(root, config)?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for r in read_translations(root, config, &inv.translations) {
        match r {
            Ok(t) => out.push(t),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Errors(errors))
    }
}

fn read_translations(
    root: &Path,
    config: &Config,
    files: &[PathBuf],
) -> Vec<Result<(String, PathBuf, Translation), Error>> {
    let tz = config.tz();
    let codes = language_codes(config);
    files
        .par_iter()
        .map(|rel| {
            let (code, original) =
                inventory::translation_of(rel, &codes).expect("sorted as a translation");
            let t = if original
                .file_name()
                .is_some_and(|n| n == section::SECTION_FILE)
            {
                Translation::Section(Box::new(read_section(root, rel)?))
            } else {
                let bytes = std::fs::read(root.join(rel)).map_err(|e| read_error(rel, e))?;
                Translation::Document(Box::new(parse_document(
                    rel,
                    bytes,
                    &tz,
                    config.slug_style,
                )?))
            };
            Ok((code, original, t))
        })
        .collect()
}

/// Read and parse all of `root/content` in parallel.
pub fn load(root: &Path, config: &Config) -> Result<Loaded, Errors> {
    load_with(root, config, None)
}

/// Documents parsed before, by their file's text: what [`load_with`] may reuse instead of
/// parsing the front matter again (the build cache, `cache::documents`).
pub trait Remembered: Sync {
    /// The key of `rel` holding `text`.
    fn key(&self, rel: &Path, text: &str) -> u128;
    /// The document remembered under `key`, made from `text` (its body is the end of it).
    fn get(&self, key: u128, rel: &Path, text: &str) -> Option<Document>;
    /// Remember `doc`, parsed from a text of `len` bytes, under `key`.
    fn put(&self, key: u128, len: usize, doc: &Document);
}

/// [`load`], reusing the documents `remembered` holds and giving it every new one.
pub fn load_with(
    root: &Path,
    config: &Config,
    remembered: Option<&dyn Remembered>,
) -> Result<Loaded, Errors> {
    let inv = find_files(root, config)?;
    let tz = config.tz();
    let docs: Vec<Result<(Document, Option<Stamp>), Error>> = inv
        .docs
        .par_iter()
        .map(|rel| {
            let Some(r) = remembered else {
                let bytes = std::fs::read(root.join(rel)).map_err(|e| read_error(rel, e))?;
                let text = decode_document(rel, bytes)?;
                return Ok((parse_text(rel, text, &tz, config.slug_style)?, None));
            };
            let (bytes, stamp) = read_stamped(&root.join(rel)).map_err(|e| read_error(rel, e))?;
            let text = decode_document(rel, bytes)?;
            let key = r.key(rel, &text);
            if let Some(doc) = r.get(key, rel, &text) {
                return Ok((doc, Some(stamp)));
            }
            let len = text.len();
            let doc = parse_text(rel, text, &tz, config.slug_style)?;
            r.put(key, len, &doc);
            Ok((doc, Some(stamp)))
        })
        .collect();
    let sections: Vec<Result<SectionDoc, Error>> = inv
        .sections
        .par_iter()
        .map(|rel| read_section(root, rel))
        .collect();
    let translations = read_translations(root, config, &inv.translations);
    let mut errors = Vec::new();
    // The other files' stamps. Taken after the files were read, which is safe: a file
    // written during the build is too new to be trusted (`cache::fresh`).
    let others = remembered.map(|_| {
        let files = inv.sections.iter().chain(&inv.translations);
        let files = files.chain(inv.assets.iter().map(|a| &a.file));
        files
            .map(|rel| {
                let meta = std::fs::metadata(root.join(rel)).ok()?;
                Some((rel.clone(), stamp(&meta)))
            })
            .collect::<Option<Vec<_>>>()
    });
    let mut out = Loaded {
        assets: inv.assets,
        ..Loaded::default()
    };
    let mut stamps = others.flatten().map(|mut v| {
        v.reserve(docs.len());
        v
    });
    for r in translations {
        match r {
            Ok(t) => out.translations.push(t),
            Err(e) => errors.push(e),
        }
    }
    for (r, rel) in docs.into_iter().zip(&inv.docs) {
        match r {
            Ok((d, stamp)) => {
                if let (Some(all), Some(stamp)) = (stamps.as_mut(), stamp) {
                    all.push((rel.clone(), stamp));
                }
                out.docs.push(d)
            }
            Err(e) => errors.push(e),
        }
    }
    out.stamps = stamps;
    for r in sections {
        match r {
            Ok(s) => out.sections.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Errors(errors))
    }
}

/// Read and parse one `_index.md`.
pub fn read_section(root: &Path, rel: &Path) -> Result<SectionDoc, Error> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| read_error(rel, e))?;
    let text = decode(bytes).map_err(|(line, col)| {
        Error::in_file(rel, "file is not valid UTF-8 (save it as UTF-8)").at(Some(line), Some(col))
    })?;
    section::parse(rel, &text)
}

/// Decode and parse one file's bytes. `rel` names the file in errors.
pub fn parse_document(
    rel: &Path,
    bytes: Vec<u8>,
    tz: &jiff::tz::TimeZone,
    style: SlugStyle,
) -> Result<Document, Error> {
    parse_text(rel, decode_document(rel, bytes)?, tz, style)
}

/// A document file's bytes as text (BOM and CRLF removed). `rel` names the file in errors.
pub fn decode_document(rel: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    decode(bytes).map_err(|(line, col)| {
        Error::in_file(rel, "file is not valid UTF-8 (save it as UTF-8)").at(Some(line), Some(col))
    })
}

/// Parse one document's text ([`decode_document`]). `rel` names the file in errors.
pub fn parse_text(
    rel: &Path,
    text: String,
    tz: &jiff::tz::TimeZone,
    style: SlugStyle,
) -> Result<Document, Error> {
    let with_file = |e: Error| Error {
        file: Some(rel.to_path_buf()),
        ..e
    };
    let (fm_text, body, body_line) = front_matter::split(&text).map_err(with_file)?;
    let in_pages = rel.starts_with(Path::new(CONTENT_DIR).join("pages"));
    let meta = front_matter::parse_as(fm_text, tz, in_pages).map_err(with_file)?;
    // Front matter starts on file line 2.
    let fm_line = |key: &str| crate::config::key_line(fm_text, key).map(|l| l + 1);
    let (slug, slug_line) = match &meta.slug {
        Some(s) => {
            // Check what will be used: `" .. "` must not pass as `..` once trimmed.
            let s = s.trim();
            let line = fm_line("slug");
            slug::check_slug(s).map_err(|m| with_file(Error::new(m).at(line, None)))?;
            (s.to_string(), line.unwrap_or(2))
        }
        None => match default_slug(rel, &meta.title, style) {
            (s, true) => (s, 1),
            (s, false) => (s, fm_line("title").unwrap_or(2)),
        },
    };
    if slug.is_empty() {
        return Err(with_file(
            Error::new("cannot make a URL slug from the title; add a `slug:` field")
                .at(Some(slug_line), None),
        ));
    }
    // With `url:` the URL comes from that line, not from the slug.
    let slug_line = match &meta.url {
        Some(_) => fm_line("url").unwrap_or(slug_line),
        None => slug_line,
    };
    let body = body.to_string();
    let key_lines = ["author", "authors", "cover"]
        .into_iter()
        .chain(meta.extra.keys().map(String::as_str))
        .filter_map(|k| Some((k.to_string(), fm_line(k)?)))
        .collect();
    Ok(Document {
        path: rel.to_path_buf(),
        meta,
        slug,
        body,
        body_line,
        slug_line,
        tags_line: fm_line("tags").unwrap_or(2),
        categories_line: fm_line("categories").unwrap_or(2),
        key_lines,
        bundle: inventory::is_bundle_index(rel),
        url: String::new(),
        section: None,
    })
}

/// A file that cannot be read: the path, and why.
fn read_error(rel: &Path, e: std::io::Error) -> Error {
    Error::in_file(rel, format!("cannot be read: {e}"))
}

/// ASCII file stem (or folder name for `index.md`) when there is one, else pinyin of the title;
/// `true` when the slug came from the file name.
fn default_slug(rel: &Path, title: &str, style: SlugStyle) -> (String, bool) {
    let mut stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == "index" {
        stem = rel
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
    }
    if !stem.is_empty() && stem.is_ascii() {
        let s = slug::slugify(stem);
        if !s.is_empty() {
            return (s, true);
        }
    }
    (slug::make(title, style), false)
}

/// UTF-8 decode with BOM removed and line ends normalised to `\n` (CRLF, and a lone CR as
/// the YAML parser and CommonMark read it, so every stage counts the same lines); on failure,
/// the 1-based line and column of the first bad byte.
fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    let text = match crate::utf8::string(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = &bytes[..valid];
            // A CR ends a line unless an LF follows (the bad byte is never an LF).
            let is_break = |i: usize| match prefix[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            let line = (0..valid).filter(|&i| is_break(i)).count() + 1;
            let line_start = (0..valid).rev().find(|&i| is_break(i)).map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&prefix[line_start..])
                .chars()
                .count()
                + 1;
            return Err((line, col));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn visibility_rules() {
        let now: jiff::Timestamp = "2025-06-01T00:00:00Z".parse().unwrap();
        let doc = |fm: &str| {
            parse_document(
                Path::new("content/v.md"),
                format!("---\ntitle: 排期\n{fm}\n---\n").into_bytes(),
                &tz(),
                SlugStyle::Pinyin,
            )
            .unwrap()
        };
        let normal = Visibility::default();
        assert!(normal.shows(&doc("date: 2025-05-01"), now));
        assert!(!normal.shows(&doc("date: 2025-05-01\ndraft: true"), now));
        assert!(!normal.shows(&doc("date: 2025-07-01"), now));
        assert!(!normal.shows(&doc("date: 2025-05-01\nexpires: 2025-05-20"), now));
        assert!(normal.shows(&doc("date: 2025-05-01\nexpires: 2025-12-31"), now));
        let all = Visibility {
            drafts: true,
            future: true,
            expired: true,
        };
        assert!(all.shows(
            &doc("date: 2025-07-01\ndraft: true\nexpires: 2025-01-01"),
            now
        ));
    }

    #[test]
    fn bom_and_crlf_accepted() {
        let bytes =
            "\u{feff}---\r\ntitle: 微软开源新工具\r\ndate: 2025-11-20\r\n---\r\n正文第一段\r\n"
                .as_bytes()
                .to_vec();
        let d = parse_document(Path::new("content/a.md"), bytes, &tz(), SlugStyle::Pinyin).unwrap();
        assert_eq!(d.meta.title, "微软开源新工具");
        assert_eq!(d.body, "正文第一段\n");
        assert_eq!(d.slug, "a");
    }

    #[test]
    fn lone_cr_ends_a_line_everywhere() {
        // Fuzz find (front_matter): the YAML parser counts a lone CR as a line break, so its
        // error said line 5 of a file we counted as 3 lines. Lone CRs are now line ends.
        let e = parse_document(
            Path::new("content/cr.md"),
            b"---\ns:\r\rm\n---".to_vec(),
            &tz(),
            SlugStyle::Pinyin,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/cr.md:5:1: invalid YAML in front matter: could not find expected ':' (while scanning a simple key that starts on line 4)"
        );
        // Old Mac line ends read like any others.
        let d = parse_document(
            Path::new("content/mac.md"),
            "---\rtitle: 旧式换行\rdate: 2025-11-20\r---\r正文\r\r第二段\r".into(),
            &tz(),
            SlugStyle::Pinyin,
        )
        .unwrap();
        assert_eq!(d.meta.title, "旧式换行");
        assert_eq!((d.body.as_str(), d.body_line), ("正文\n\n第二段\n", 5));
        // A bad byte after lone CRs and a CRLF is placed on the line an editor shows.
        let e = parse_document(
            Path::new("content/b.md"),
            b"---\r\ntitle: a\r\rxy\xff".to_vec(),
            &tz(),
            SlugStyle::Pinyin,
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
    }

    #[test]
    fn non_utf8_names_line() {
        let mut bytes = b"---\ntitle: ok\n".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        let e =
            parse_document(Path::new("content/b.md"), bytes, &tz(), SlugStyle::Pinyin).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("content/b.md:3:1: "), "{e}");
    }

    #[test]
    fn slug_line_points_at_the_slug_source() {
        let doc = |name: &str, fm: &str| {
            parse_document(
                Path::new(name),
                format!("---\n{fm}\n---\n").into_bytes(),
                &tz(),
                SlugStyle::Pinyin,
            )
            .unwrap()
        };
        let fm = "date: 2025-01-01\ntitle: 芯片新闻";
        assert_eq!(doc("content/芯片.md", fm).slug_line, 3, "from the title");
        assert_eq!(
            doc("content/chip.md", fm).slug_line,
            1,
            "from the file name"
        );
        let fm = "title: 芯片新闻\ndate: 2025-01-01\nslug: h200";
        assert_eq!(doc("content/芯片.md", fm).slug_line, 4, "the slug line");
        // A title with nothing to make a slug from names the title's line.
        let e = parse_document(
            Path::new("content/表情.md"),
            "---\ndate: 2025-01-01\ntitle: ？！——\n---\n".into(),
            &tz(),
            SlugStyle::Pinyin,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/表情.md:3: cannot make a URL slug from the title; add a `slug:` field"
        );
    }

    #[test]
    fn unreadable_files_and_folders_are_named() {
        let e = read_error(
            Path::new("content/a.md"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(
            e.to_string(),
            "content/a.md: cannot be read: permission denied"
        );
        // A dangling symlink cannot be followed: the walk names it.
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/posts")).unwrap();
        std::os::unix::fs::symlink("nowhere.md", tmp.path().join("content/posts/gone.md")).unwrap();
        let e = find_files(tmp.path(), &Config::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: content/posts/gone.md: a symlink to nowhere.md, which does not exist"
        );
    }

    #[test]
    fn slug_rules() {
        let doc = |name: &str, fm: &str| {
            parse_document(
                Path::new(name),
                format!("---\n{fm}\n---\n").into_bytes(),
                &tz(),
                SlugStyle::Pinyin,
            )
        };
        assert_eq!(
            doc(
                "content/芯片.md",
                "title: AI 芯片：英伟达 H200 发布\ndate: 2025-01-01"
            )
            .unwrap()
            .slug,
            "ai-xin-pian-ying-wei-da-h200-fa-bu"
        );
        assert_eq!(
            doc("content/My-Post.md", "title: 标题\ndate: 2025-01-01")
                .unwrap()
                .slug,
            "my-post"
        );
        assert_eq!(
            doc("content/x/index.md", "title: 标题\ndate: 2025-01-01")
                .unwrap()
                .slug,
            "x"
        );
        assert_eq!(
            doc("content/a.md", "title: 标题\ndate: 2025-01-01\nslug: h200")
                .unwrap()
                .slug,
            "h200"
        );
        let e = doc(
            "content/a.md",
            "title: 标题\ndate: 2025-01-01\nslug: ../../etc",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("escape"));
        // Padding does not smuggle `..` or `.` past the check: the trimmed slug is checked.
        for padded in ["\" .. \"", "\"\\t.\"", "\" a/b \""] {
            let e = doc(
                "content/a.md",
                &format!("title: 标题\ndate: 2025-01-01\nslug: {padded}"),
            )
            .unwrap_err();
            assert_eq!(e.line, Some(4), "{padded}");
            assert!(e.message.contains("escape"), "{padded}: {}", e.message);
        }
    }
}
