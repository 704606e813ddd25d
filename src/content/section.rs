//! Sections (栏目): a folder under `content/` with an `_index.md`. This file reads the
//! `_index.md` front matter and arranges the sections into a tree: each section's URL (its
//! parent's URL plus its slug), the settings its articles inherit (`permalink`,
//! `article_template`, `in_home`), and which section a file belongs to (the nearest folder
//! above it that is one).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::front_matter::{self, opt_bool, opt_int, opt_string};
use crate::config::{check_permalink, key_line, Config, SlugStyle};
use crate::error::{Error, Errors};

/// The file that makes a folder a section.
pub const SECTION_FILE: &str = "_index.md";

/// How a section orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Newest first (the site order).
    #[default]
    Date,
    /// `weight` ascending (articles without one last), then newest first.
    Weight,
}

/// A section's `_index.md`, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDoc {
    /// `content/科技资讯/_index.md`.
    pub path: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub permalink: Option<String>,
    pub paginate: Option<usize>,
    pub sort: SortBy,
    pub template: Option<String>,
    pub article_template: Option<String>,
    pub in_home: bool,
    pub feed: bool,
    pub weight: i64,
    pub extra: Map<String, Value>,
    pub body: String,
    pub body_line: usize,
}

impl SectionDoc {
    /// The section's folder (`content/科技资讯`).
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }
}

/// Parse an `_index.md` (already decoded). `rel` names it in errors.
pub fn parse(rel: &Path, text: &str) -> Result<SectionDoc, Error> {
    let with_file = |e: Error| Error {
        file: Some(rel.to_path_buf()),
        ..e
    };
    let (fm_text, body, body_line) = front_matter::split(text).map_err(with_file)?;
    let mut map = front_matter::mapping(fm_text).map_err(with_file)?;
    let line = |key: &str| key_line(fm_text, key).map(|l| l + 1);
    let err = |key: &str, msg: String| with_file(Error::new(msg).at(line(key), None));
    let title =
        match opt_string(&mut map, "title").map_err(|m| err("title", m))? {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            Some(_) => return Err(err("title", "`title` is empty".into())),
            None => return Err(with_file(
                Error::new(
                    "missing required field `title` (a section's `_index.md` names the section)",
                )
                .at(Some(2), None),
            )),
        };
    let mut get = |key: &str| opt_string(&mut map, key).map_err(|m| err(key, m));
    let description = get("description")?;
    let slug = get("slug")?.map(|s| s.trim().to_string());
    if let Some(s) = &slug {
        super::slug::check_slug(s).map_err(|m| err("slug", m))?;
    }
    let permalink = get("permalink")?;
    if let Some(p) = &permalink {
        check_permalink(p).map_err(|m| err("permalink", m))?;
    }
    let template = get("template")?;
    let article_template = get("article_template")?;
    let sort = match get("sort")?.as_deref().map(str::trim) {
        None | Some("date") => SortBy::Date,
        Some("weight") => SortBy::Weight,
        Some(other) => {
            return Err(err(
                "sort",
                format!("unknown `sort: {other}` (use `date`, newest first, or `weight`)"),
            ))
        }
    };
    let paginate = match opt_int(&mut map, "paginate").map_err(|m| err("paginate", m))? {
        Some(n) if n >= 1 => Some(n as usize),
        Some(_) => return Err(err("paginate", "`paginate` must be at least 1".into())),
        None => None,
    };
    let weight = opt_int(&mut map, "weight")
        .map_err(|m| err("weight", m))?
        .unwrap_or(0);
    let in_home = opt_bool(&mut map, "in_home")
        .map_err(|m| err("in_home", m))?
        .unwrap_or(true);
    let feed = opt_bool(&mut map, "feed")
        .map_err(|m| err("feed", m))?
        .unwrap_or(true);
    Ok(SectionDoc {
        path: rel.to_path_buf(),
        title,
        description,
        slug,
        permalink,
        paginate,
        sort,
        template,
        article_template,
        in_home,
        feed,
        weight,
        extra: map,
        body: body.to_string(),
        body_line,
    })
}

/// One section with what it inherits worked out.
#[derive(Debug, Clone)]
pub struct Section {
    pub doc: SectionDoc,
    /// The URL segment.
    pub slug: String,
    /// URL path relative to the site root, ending in `/` (`keji-zixun/xinpian/`).
    pub url: String,
    pub parent: Option<usize>,
    /// Sub-sections, by weight then title.
    pub children: Vec<usize>,
    /// Permalink pattern of its articles (its own, else the nearest parent's, else the site's).
    pub permalink: String,
    /// Template of its articles (its own, else the nearest parent's).
    pub article_template: Option<String>,
    /// Whether its articles are on the home list (false if it or a parent says no).
    pub in_home: bool,
}

/// Every section of the site, parents before children.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub list: Vec<Section>,
    by_dir: HashMap<PathBuf, usize>,
    /// Top-level sections by weight then title.
    pub roots: Vec<usize>,
}

impl Sections {
    /// Arrange parsed `_index.md` files into the tree.
    pub fn new(mut docs: Vec<SectionDoc>, config: &Config) -> Result<Sections, Errors> {
        // Parents first: a folder sorts before everything under it.
        docs.sort_by(|a, b| a.dir().cmp(b.dir()));
        let mut out = Sections::default();
        let mut errors = Vec::new();
        for doc in docs {
            let dir = doc.dir().to_path_buf();
            if dir == Path::new(super::CONTENT_DIR) {
                errors.push(
                    Error::in_file(
                        &doc.path,
                        "`content/_index.md`: the home page is not a section; put sections in folders (`content/快讯/_index.md`)",
                    )
                    .at(Some(1), None),
                );
                continue;
            }
            let parent = out.nearest(dir.parent().unwrap_or(Path::new("")));
            let slug = match &doc.slug {
                Some(s) => s.clone(),
                None => section_slug(&dir, &doc.title, config.slug_style),
            };
            if slug.is_empty() {
                errors.push(Error::in_file(
                    &doc.path,
                    "cannot make a URL slug from the section's title; add a `slug:` field",
                ));
                continue;
            }
            let (url, permalink, article_template, in_home) = match parent {
                Some(p) => {
                    let p = &out.list[p];
                    (
                        format!("{}{slug}/", p.url),
                        doc.permalink.clone().unwrap_or_else(|| p.permalink.clone()),
                        doc.article_template
                            .clone()
                            .or_else(|| p.article_template.clone()),
                        p.in_home && doc.in_home,
                    )
                }
                None => (
                    format!("{slug}/"),
                    doc.permalink
                        .clone()
                        .unwrap_or_else(|| config.permalink.clone()),
                    doc.article_template.clone(),
                    doc.in_home,
                ),
            };
            let i = out.list.len();
            out.by_dir.insert(dir, i);
            out.list.push(Section {
                doc,
                slug,
                url,
                parent,
                children: Vec::new(),
                permalink,
                article_template,
                in_home,
            });
            match parent {
                Some(p) => out.list[p].children.push(i),
                None => out.roots.push(i),
            }
        }
        let list = &out.list;
        let order = |a: &usize, b: &usize| {
            let (a, b) = (&list[*a], &list[*b]);
            (a.doc.weight, &a.doc.title, &a.url).cmp(&(b.doc.weight, &b.doc.title, &b.url))
        };
        let mut children: Vec<Vec<usize>> = list.iter().map(|s| s.children.clone()).collect();
        for c in &mut children {
            c.sort_by(order);
        }
        out.roots.sort_by(order);
        for (s, c) in out.list.iter_mut().zip(children) {
            s.children = c;
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Errors(errors))
        }
    }

    /// The section a file in `dir` belongs to: `dir` itself or the nearest folder above it
    /// that is a section.
    pub fn nearest(&self, dir: &Path) -> Option<usize> {
        let mut d = Some(dir);
        while let Some(p) = d {
            if let Some(&i) = self.by_dir.get(p) {
                return Some(i);
            }
            d = p.parent();
        }
        None
    }

    /// The section whose folder is `dir` exactly.
    pub fn at(&self, dir: &Path) -> Option<usize> {
        self.by_dir.get(dir).copied()
    }

    /// The sections from the top down to `i` (outermost first).
    pub fn ancestry(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut cur = self.list[i].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.list[p].parent;
        }
        out.reverse();
        out
    }

    /// A section named the way `menu:` entries name one: its folder under `content/`
    /// (`科技资讯/芯片`) or its URL path (`tech/chips`), slashes around it ignored.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim().trim_matches('/');
        let by_folder = Path::new(super::CONTENT_DIR).join(name);
        self.at(&by_folder).or_else(|| {
            self.list
                .iter()
                .position(|s| s.url.trim_end_matches('/') == name)
        })
    }
}

/// A section's default slug: its folder name when that is ASCII, else the title's pinyin.
fn section_slug(dir: &Path, title: &str, style: SlugStyle) -> String {
    let name = dir.file_name().and_then(|s| s.to_str()).unwrap_or("");
    if !name.is_empty() && name.is_ascii() {
        let s = super::slug::slugify(name);
        if !s.is_empty() {
            return s;
        }
    }
    super::slug::make(title, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, fm: &str) -> SectionDoc {
        parse(Path::new(path), &format!("---\n{fm}\n---\n正文\n")).unwrap()
    }

    #[test]
    fn nested_sections_inherit_urls_and_settings() {
        let config = Config::parse("title: t\npermalink: /posts/:slug/\n").unwrap();
        let s = Sections::new(
            vec![
                doc("content/科技资讯/芯片/_index.md", "title: 芯片"),
                doc(
                    "content/科技资讯/_index.md",
                    "title: 科技资讯\npermalink: /tech/:slug/\nin_home: false",
                ),
                doc("content/weekly/_index.md", "title: 周报\nweight: -1"),
            ],
            &config,
        )
        .unwrap();
        let chips = s.nearest(Path::new("content/科技资讯/芯片/2025")).unwrap();
        assert_eq!(s.list[chips].url, "ke-ji-zi-xun/xin-pian/");
        assert_eq!(s.list[chips].permalink, "/tech/:slug/");
        assert!(!s.list[chips].in_home);
        let names: Vec<&str> = s
            .roots
            .iter()
            .map(|&i| s.list[i].doc.title.as_str())
            .collect();
        assert_eq!(names, ["周报", "科技资讯"]);
        assert_eq!(s.ancestry(chips).len(), 2);
        assert_eq!(s.find("科技资讯/芯片"), Some(chips));
        assert_eq!(s.find("/ke-ji-zi-xun/xin-pian/"), Some(chips));
        assert_eq!(s.nearest(Path::new("content/other")), None);
    }

    #[test]
    fn bad_section_front_matter() {
        let e = parse(
            Path::new("content/a/_index.md"),
            "---\ndescription: x\n---\n",
        )
        .unwrap_err();
        assert!(e.message.contains("title"), "{e:?}");
        assert_eq!(e.line, Some(2));
        let e = parse(
            Path::new("content/a/_index.md"),
            "---\ntitle: a\nsort: hot\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        let e = parse(
            Path::new("content/a/_index.md"),
            "---\ntitle: a\npermalink: /x/:nope/\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
    }
}
