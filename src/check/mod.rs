//! `kuaixun check`: every problem of a site at once, with nothing written.
//!
//! Runs the same stages as [`crate::build::build`] (config, load, Markdown, site model,
//! page rendering) in memory, but keeps going past a broken article so one run reports
//! everything:
//! - errors: config, front matter and data file (`data/`) problems, links to pages or
//!   `#anchors` that are not in the site, images and files that are not in `static/`, two
//!   pages on one URL, template errors;
//! - warnings: tags or categories spelled two ways (`AI` / `ＡＩ` / `ai`), Chinese copywriting
//!   (spaces between Chinese and Latin text, half-width punctuation in Chinese text, `！！`),
//!   raw HTML that `markdown.raw_html` changes and links shown as text (`javascript:`).
//!
//! Every problem names the file, line and column (where known). Drafts, future and expired
//! articles are checked too; a published article that links to one of them gets an error,
//! because that page is missing from the published site.

mod copywriting;
pub mod fix;
mod links;
mod raw_html;
mod terms;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::build::{self, BuildOptions};
use crate::config::{Config, LintLevel};
use crate::content::{self, symlinks, Document};
use crate::error::{Error, Errors};
use crate::markdown;
use crate::output::assets::STATIC_DIR;
use crate::render::TEMPLATES_DIR;
use crate::site::Site;

/// What kind of problem (the `kind` field of the JSON report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `config.yaml` cannot be read or is invalid.
    Config,
    /// An article's front matter (or encoding) is broken, or `content/` cannot be walked.
    FrontMatter,
    /// A link to a page that is not in the site.
    BrokenLink,
    /// A link to an `#id` that the target page does not have.
    BrokenAnchor,
    /// An image, cover or file link whose file is not in `static/`.
    MissingFile,
    /// Two things would be written to one URL (or another site-model error).
    DuplicateUrl,
    /// A template fails to compile or render.
    Template,
    /// Tag or category names that differ only by case or full-width form.
    TermVariant,
    /// Chinese copywriting (spacing, punctuation).
    Copywriting,
    /// A symlink in `content/`, `static/` or `templates/` that is not followed: it leads
    /// outside the site folder (and `allow_symlinks_to`), nowhere, or round in a loop.
    Symlink,
    /// Raw HTML changed by `markdown.raw_html`, or a link with a blocked URL scheme.
    RawHtml,
    /// A value in `config.yaml` that looks like an access key (it belongs in the environment).
    Credential,
    /// A file in `data/` that cannot be read or parsed, or two files for one `data.<name>`.
    Data,
    /// A local image or cover that is truncated, corrupt, over `images.max_pixels` or of an
    /// unsupported format (the build uses it as it is).
    Image,
}

impl Kind {
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            Kind::TermVariant | Kind::Copywriting | Kind::RawHtml | Kind::Credential | Kind::Image
        )
    }
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Path relative to the site root (`content/posts/a.md`), when the problem is in a file.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub kind: Kind,
    /// The copywriting rule (`latin_spacing`, …), for copywriting findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
}

impl Problem {
    pub fn new(kind: Kind, file: Option<&Path>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.map(Path::to_path_buf),
            line: None,
            column: None,
            message: message.into(),
            kind,
            rule: None,
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Problem {
        self.line = Some(line);
        self.column = column;
        self
    }

    fn from_error(kind: Kind, e: Error) -> Problem {
        Problem {
            file: e.file,
            line: e.line,
            column: e.column,
            message: e.message,
            kind,
            rule: None,
        }
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Kind, &str) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.kind,
            &self.message,
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = Error {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: self.message.clone(),
        };
        write!(f, "{e}")
    }
}

/// Everything [`check`] found. Errors would fail (or break) the build; warnings would not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    fn push(&mut self, p: Problem) {
        if p.kind.is_error() {
            self.errors.push(p);
        } else {
            self.warnings.push(p);
        }
    }

    fn push_errors(&mut self, kind: Kind, errors: Errors) {
        for e in errors.0 {
            self.push(Problem::from_error(kind, e));
        }
    }

    /// Sort by file and position, drop exact repeats.
    fn finish(&mut self) {
        for list in [&mut self.errors, &mut self.warnings] {
            list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            list.dedup();
        }
    }

    /// `2 errors, 5 warnings`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}",
            plural(self.errors.len(), "error"),
            plural(self.warnings.len(), "warning")
        )
    }

    /// Every error (`error: …`, in file order), then the warnings grouped by kind and rule
    /// with at most [`SHOWN`] of each and a count of the rest, then the summary line.
    pub fn to_text(&self) -> String {
        self.text(false)
    }

    /// Like [`Report::to_text`], every warning listed (`check --verbose`).
    pub fn to_text_verbose(&self) -> String {
        self.text(true)
    }

    fn text(&self, verbose: bool) -> String {
        let mut out = String::new();
        let mut errors: Vec<&Problem> = self.errors.iter().collect();
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        for p in errors {
            out.push_str(&format!("error: {p}\n"));
        }
        let mut groups: Vec<(GroupKey, Vec<&Problem>)> = Vec::new();
        for p in &self.warnings {
            let key = (p.kind, p.rule);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(p),
                None => groups.push((key, vec![p])),
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for ((kind, rule), mut list) in groups {
            list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let shown = if verbose { list.len() } else { SHOWN };
            for p in list.iter().take(shown) {
                out.push_str(&format!("warning: {p}\n"));
            }
            if list.len() > shown {
                let what = match rule {
                    Some(r) => format!("{} (check.rules.{r})", copywriting::label_of(r)),
                    None => kind_label(kind).to_string(),
                };
                out.push_str(&format!(
                    "warning: … and {} more of the same kind: {what}; `kuaixun check --verbose` lists them all\n",
                    list.len() - shown
                ));
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `{"errors": [...], "warnings": [...]}`, each problem with file, line, column, message
    /// and kind (absent values are `null`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Warnings are grouped by kind and copywriting rule in the text report.
type GroupKey<'a> = (Kind, Option<&'a str>);

/// Warnings of one kind and rule listed before the rest are counted.
pub const SHOWN: usize = 3;

/// What a group of warnings of `kind` is about, in the text report.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::TermVariant => "tags or categories spelled two ways",
        Kind::Copywriting => "copywriting",
        Kind::RawHtml => "raw HTML changed by markdown.raw_html, or links shown as text",
        Kind::Credential => "values in config.yaml that look like access keys",
        Kind::Image => "images that are used as they are (bad or too large)",
        _ => "other warnings",
    }
}

/// An article as loaded for checking: the document and its front matter text.
struct Source {
    doc: Document,
    /// The YAML between the `---` lines (starts on line 2 of the file).
    front: String,
}

/// Check the site at `root`. `Err` only when the check cannot run at all (no such folder).
pub fn check(root: &Path) -> Result<Report, Errors> {
    if !root.is_dir() {
        return Err(Error::in_file(root, "the site folder does not exist (check --root)").into());
    }
    let mut report = Report::default();
    let opts = BuildOptions::new(root);
    let config = match build::load_config(&opts) {
        Ok(c) => Some(c),
        Err(errors) => {
            report.push_errors(Kind::Config, errors);
            None
        }
    };
    // A config that parses but lists a missing `allow_symlinks_to` folder still says which
    // folders links may lead into: judging links by the defaults would add false errors.
    let config_or_default = config.clone().unwrap_or_else(|| {
        std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
            .ok()
            .and_then(|text| Config::parse(&text).ok())
            .unwrap_or_default()
    });

    if let Ok(text) = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)) {
        for (line, message) in crate::deploy::credential_warnings(&text) {
            report.push(
                Problem::new(
                    Kind::Credential,
                    Some(Path::new(crate::config::CONFIG_FILE)),
                    message,
                )
                .at(line, None),
            );
        }
    }
    let (sources, sections, assets) = load(root, &config_or_default, &mut report);
    // Templates are still rendered without the data of a broken data file.
    let links = symlinks::Links::new(root, &config_or_default);
    let data = crate::data::load(root, &links).unwrap_or_else(|errors| {
        for e in errors.0 {
            report.push(Problem::from_error(walk_kind(&e, Kind::Data), e));
        }
        crate::data::empty()
    });
    symlink_problems(root, &config_or_default, &mut report);

    for p in terms::variants(&sources, &config_or_default) {
        report.push(p);
    }
    let lint = &config_or_default.check;
    if lint.copywriting != LintLevel::Off {
        let copy: Vec<Vec<Problem>> = sources
            .par_iter()
            .map(|s| copywriting::check(s, &lint.rules))
            .collect();
        for p in copy.into_iter().flatten() {
            if lint.copywriting == LintLevel::Error {
                report.errors.push(p);
            } else {
                report.warnings.push(p);
            }
        }
    }
    let policy = config_or_default.markdown.raw_html;
    let html: Vec<Vec<Problem>> = sources
        .par_iter()
        .map(|s| raw_html::check(s, policy))
        .collect();
    for p in html.into_iter().flatten() {
        report.push(p);
    }

    // Links need the site model, which needs a valid config.
    if let Some(config) = &config {
        for p in site_checks(root, config, &sources, sections, assets, &data) {
            report.push(p);
        }
    }
    report.finish();
    Ok(report)
}

/// Every article that loads, every section file and the bundle assets, with front matter
/// errors (one per broken file) in `report`.
fn load(
    root: &Path,
    config: &Config,
    report: &mut Report,
) -> (Vec<Source>, Vec<content::SectionDoc>, Vec<content::Asset>) {
    let (inv, errors) = content::walk(root, config);
    for e in errors {
        report.push(Problem::from_error(walk_kind(&e, Kind::FrontMatter), e));
    }
    // Translations (`languages:`): each needs its original, and front matter that parses.
    let codes = content::language_codes(config);
    for rel in &inv.translations {
        let Some((_, original)) = content::inventory::translation_of(rel, &codes) else {
            continue;
        };
        if !inv.docs.contains(&original) && !inv.sections.contains(&original) {
            report.push(Problem::from_error(
                Kind::FrontMatter,
                Error::in_file(
                    rel,
                    format!(
                        "a translation of `{}`, which does not exist (a translation is named after its original: `foo.en.md` beside `foo.md`)",
                        original.display()
                    ),
                )
                .at(Some(1), None),
            ));
            continue;
        }
        let parsed = std::fs::read(root.join(rel))
            .map_err(|e| Error::io(rel, e))
            .and_then(|b| content::parse_document(rel, b, &config.tz(), config.slug_style));
        if let Err(e) = parsed {
            if original.file_name().is_some_and(|n| n != "_index.md") {
                report.push(Problem::from_error(Kind::FrontMatter, e));
            }
        }
    }
    let mut sections = Vec::new();
    for rel in &inv.sections {
        match content::read_section(root, rel) {
            Ok(s) => sections.push(s),
            Err(e) => report.push(Problem::from_error(Kind::FrontMatter, e)),
        }
    }
    let tz = config.tz();
    let results: Vec<Result<Source, Error>> = inv
        .docs
        .par_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(rel)).map_err(|e| Error::io(rel, e))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let doc = content::parse_document(rel, bytes, &tz, config.slug_style)?;
            let text = text
                .strip_prefix('\u{feff}')
                .unwrap_or(&text)
                .replace("\r\n", "\n");
            let front = content::front_matter::split(&text)
                .map(|(fm, _, _)| fm.to_string())
                .unwrap_or_default();
            Ok(Source { doc, front })
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(s) => sources.push(s),
            Err(e) => report.push(Problem::from_error(Kind::FrontMatter, e)),
        }
    }
    (sources, sections, inv.assets)
}

/// [`Kind::Symlink`] for a refused symlink, else `other`.
fn walk_kind(e: &Error, other: Kind) -> Kind {
    if symlinks::is_link_error(e) {
        Kind::Symlink
    } else {
        other
    }
}

/// Refused symlinks in `static/` and `templates/`, reported even when the site model
/// cannot be built (the same problems found again by the page checks are dropped as
/// repeats).
fn symlink_problems(root: &Path, config: &Config, report: &mut Report) {
    let links = symlinks::Links::new(root, config);
    let dirs = [
        (STATIC_DIR, symlinks::Hidden::Keep),
        (TEMPLATES_DIR, symlinks::Hidden::Skip),
    ];
    for (dir, hidden) in dirs {
        for e in links.files(Path::new(dir), hidden).1 {
            if symlinks::is_link_error(&e) {
                report.push(Problem::from_error(Kind::Symlink, e));
            }
        }
    }
}

/// Why a hidden article is not in the published site.
fn hidden_reason(doc: &Document, now: jiff::Timestamp) -> Option<&'static str> {
    let published = content::Visibility::default();
    if published.shows(doc, now) {
        None
    } else if doc.meta.draft {
        Some("a draft")
    } else if doc.meta.date.timestamp() > now {
        Some("dated in the future")
    } else {
        Some("expired")
    }
}

/// The site model, rendered pages and links: duplicate URLs, template errors, broken links,
/// anchors and missing files.
fn site_checks(
    root: &Path,
    config: &Config,
    sources: &[Source],
    sections: Vec<content::SectionDoc>,
    assets: Vec<content::Asset>,
    data: &tera::Value,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let md_opts = match build::markdown_options(root, config) {
        Ok(o) => o,
        Err(errors) => {
            problems.extend(
                errors
                    .0
                    .into_iter()
                    .map(|e| Problem::from_error(Kind::Template, e)),
            );
            markdown::Options::default()
        }
    };
    let sections = match content::Sections::new(sections, config) {
        Ok(s) => s,
        Err(errors) => {
            problems.extend(
                errors
                    .0
                    .into_iter()
                    .map(|e| Problem::from_error(Kind::FrontMatter, e)),
            );
            content::Sections::default()
        }
    };
    let now = jiff::Timestamp::now();
    let mut docs: Vec<Document> = sources.iter().map(|s| s.doc.clone()).collect();
    for e in content::place(&mut docs, &sections, config) {
        problems.push(Problem::from_error(Kind::FrontMatter, e));
    }
    let published = content::Visibility::default();
    let source_map = content::SourceMap::new(
        docs.iter().filter(|d| published.shows(d, now)),
        docs.iter().filter(|d| !published.shows(d, now)),
        &sections,
    );
    let link_problem = |path: &Path, body_line: usize, e: &markdown::LinkError| {
        Problem::from_error(
            Kind::BrokenLink,
            Error::in_file(path, e.message.clone())
                .at(Some(body_line + e.line - 1), Some(e.column)),
        )
    };
    // Bad images are warnings, as in `build` (sizes only: nothing is hashed or encoded).
    let images = config
        .images
        .enabled
        .then(|| crate::images::Images::for_check(root, config));
    let section_bodies: Vec<markdown::Rendered> = sections
        .list
        .iter()
        .map(|s| {
            let doc_images = images
                .as_ref()
                .map(|i| i.document(&s.doc.path, &s.doc.body, s.doc.body_line, Some(&s.url)));
            let env = markdown::LinkEnv {
                from: Some(&s.doc.path),
                bundle: Some(&s.url),
                sources: Some(&source_map),
                images: doc_images.as_ref().map(|i| i as &dyn markdown::ImageAttrs),
            };
            let r = markdown::render_in(&s.doc.body, &md_opts, &env);
            for e in r.link_errors.iter().filter(|e| !e.hidden) {
                problems.push(link_problem(&s.doc.path, s.doc.body_line, e));
            }
            r
        })
        .collect();
    let inputs = crate::site::Inputs {
        sections,
        section_bodies,
        assets,
        now: jiff::Timestamp::now(),
    };
    // Every article goes in, drafts and scheduled ones too: they are checked like the rest
    // (and `serve` shows drafts), and links to them from published articles are flagged.
    // When the model cannot be built, the articles named in its errors first lose their
    // tags and categories (a term clash), then are left out (a URL clash), so the links of
    // all the others can still be checked.
    let mut keep: Vec<Keep> = vec![Keep::All; sources.len()];
    let mut site = None;
    // Markdown is rendered once; each round below only re-assembles the model.
    let rendered: Vec<_> = docs
        .par_iter()
        .map(|d| {
            let bundle = d.bundle_url();
            let doc_images = images
                .as_ref()
                .map(|i| i.document(&d.path, &d.body, d.body_line, bundle.as_deref()));
            let env = markdown::LinkEnv {
                from: Some(&d.path),
                bundle: bundle.as_deref(),
                sources: Some(&source_map),
                images: doc_images.as_ref().map(|i| i as &dyn markdown::ImageAttrs),
            };
            markdown::render_in(&d.body, &md_opts, &env)
        })
        .collect();
    for (d, r) in docs.iter().zip(&rendered) {
        for e in r.link_errors.iter().filter(|e| !e.hidden) {
            problems.push(link_problem(&d.path, d.body_line, e));
        }
    }
    // Each round moves at least one article a step (All → NoTerms → Out), so this ends
    // after at most two rounds per article, with every problem reported.
    loop {
        let items: Vec<_> = docs
            .par_iter()
            .zip(keep.par_iter())
            .zip(rendered.par_iter())
            .filter(|((_, k), _)| **k != Keep::Out)
            .map(|((d, k), rendered)| {
                let mut doc = d.clone();
                if *k == Keep::NoTerms {
                    doc.meta.tags.clear();
                    doc.meta.authors.clear();
                    for t in &config.taxonomies[2..] {
                        doc.meta.extra.remove(&t.name);
                    }
                    if !config.permalink.contains(":category") {
                        doc.meta.categories.clear();
                    }
                }
                (doc, rendered.clone())
            })
            .collect();
        let inputs = crate::site::Inputs {
            sections: inputs.sections.clone(),
            section_bodies: inputs.section_bodies.clone(),
            assets: inputs.assets.clone(),
            now: inputs.now,
        };
        match Site::build_with(items, inputs, config) {
            Ok(s) => {
                site = Some(s);
                break;
            }
            Err(errors) => {
                let named: HashSet<PathBuf> =
                    errors.0.iter().filter_map(|e| e.file.clone()).collect();
                problems.extend(model_problems(errors));
                let mut changed = false;
                for (s, k) in sources.iter().zip(keep.iter_mut()) {
                    if named.contains(&s.doc.path) && *k != Keep::Out {
                        *k = if *k == Keep::All {
                            Keep::NoTerms
                        } else {
                            Keep::Out
                        };
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
    }
    let Some(site) = site else {
        return problems;
    };
    if let Some(images) = &images {
        images.covers(site.articles.iter().chain(&site.standalone).map(|a| &a.doc));
        problems.extend(
            images
                .warnings()
                .into_iter()
                .map(|e| Problem::from_error(Kind::Image, e)),
        );
    }

    let hidden: HashMap<&Path, &'static str> = sources
        .iter()
        .filter_map(|s| hidden_reason(&s.doc, now).map(|r| (s.doc.path.as_path(), r)))
        .collect();
    let (mut index, found) = links::SiteIndex::new(root, config, &site, data);
    index.sources = source_map;
    problems.extend(found);
    problems.extend(index.clashes_with_static(&site));
    let fronts: HashMap<&Path, &str> = sources
        .iter()
        .map(|s| (s.doc.path.as_path(), s.front.as_str()))
        .collect();
    let found: Vec<Vec<Problem>> = site
        .articles
        .par_iter()
        .chain(site.standalone.par_iter())
        .map(|a| {
            let front = fronts.get(a.doc.path.as_path()).copied().unwrap_or("");
            let from_hidden = hidden.contains_key(a.doc.path.as_path());
            index.check_article(a, front, from_hidden, &hidden)
        })
        .collect();
    problems.extend(found.into_iter().flatten());
    // Articles left out of the model (e.g. on a clashing URL) still get their files checked.
    for (s, _) in sources.iter().zip(&keep).filter(|(_, k)| **k == Keep::Out) {
        problems.extend(index.check_files_only(&s.doc, &s.front));
    }
    problems
}

/// How much of an article goes into the site model (see [`site_checks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    NoTerms,
    Out,
}

/// Site-model errors as problems: URL clashes, and permalink or term slug problems. Two term
/// pages on one URL is the echo of a term slug clash reported (with its file) in the same
/// batch, so it is left out.
fn model_problems(errors: Errors) -> Vec<Problem> {
    let echo = |e: &Error| {
        e.file.is_none()
            && e.message
                .strip_prefix("two pages would be written to the same URL ")
                .and_then(|rest| rest.split(':').next())
                .is_some_and(|url| {
                    let needle = format!("the URL {url}");
                    errors.0.iter().any(|o| o.message.contains(&needle))
                })
    };
    errors
        .0
        .iter()
        .filter(|e| !echo(e))
        .map(|e| {
            let clash = e.message.contains("same URL") || e.message.contains("map to the URL");
            let kind = if clash {
                Kind::DuplicateUrl
            } else if e.file.as_deref() == Some(Path::new(crate::config::CONFIG_FILE)) {
                // A `menu:` entry that points nowhere.
                Kind::Config
            } else {
                Kind::FrontMatter
            };
            Problem::from_error(kind, e.clone())
        })
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` in `text`, where `text` starts
/// on line `first_line` of its file.
pub(crate) fn line_col(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = first_line + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "第一行\n中文abc[链接](/x/)\n";
        let at = text.find("[链接]").unwrap();
        assert_eq!(line_col(text, at, 5), (6, 6));
        assert_eq!(line_col(text, 0, 1), (1, 1));
    }

    #[test]
    fn summary_and_text_order() {
        let mut r = Report::default();
        r.push(
            Problem::new(
                Kind::Copywriting,
                Some(Path::new("content/b.md")),
                "missing space",
            )
            .at(3, Some(2)),
        );
        r.push(
            Problem::new(
                Kind::BrokenLink,
                Some(Path::new("content/a.md")),
                "link to /x/ does not exist",
            )
            .at(12, Some(5)),
        );
        r.finish();
        assert_eq!(r.summary(), "1 error, 1 warning");
        assert_eq!(
            r.to_text(),
            "error: content/a.md:12:5: link to /x/ does not exist\n\
             warning: content/b.md:3:2: missing space\n\
             1 error, 1 warning\n"
        );
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["errors"][0]["kind"], "broken_link");
        assert_eq!(json["errors"][0]["line"], 12);
        assert_eq!(json["warnings"][0]["file"], "content/b.md");
        assert!(Report::default().summary() == "0 errors, 0 warnings");
    }
}
