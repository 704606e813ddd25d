//! What `content/` holds, sorted by role: Markdown documents (articles and pages), section
//! files (`_index.md`), and the assets of page bundles and sections.
//!
//! A folder with an `index.md` is a **page bundle**: that file is the article (or page) and
//! every other file in the folder and its sub-folders is one of its assets, copied next to
//! the output page. Another Markdown file inside a bundle is an error (a bundle holds one
//! document). Files directly in a section's folder that are not Markdown are the section's
//! assets. Any other non-Markdown file under `content/` is left alone, as before.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::section::SECTION_FILE;
use super::CONTENT_DIR;
use crate::error::Error;

/// A file copied with a bundle or section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Asset {
    /// The file, relative to the site root (`content/posts/x/img/a.png`).
    pub file: PathBuf,
    /// The document it belongs to: the bundle's `index.md` or the section's `_index.md`.
    pub owner: PathBuf,
    /// Its path below the owner's folder, with `/` (`img/a.png`).
    pub rel: String,
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Articles and pages (every `.md` but `_index.md`), sorted.
    pub docs: Vec<PathBuf>,
    /// `_index.md` files, sorted.
    pub sections: Vec<PathBuf>,
    pub assets: Vec<Asset>,
    /// Translations (`foo.en.md`, `index.en.md`, `_index.en.md` for a `languages:` code),
    /// sorted: see [`translation_of`].
    pub translations: Vec<PathBuf>,
}

/// For a translation file (`content/posts/foo.en.md`, with `en` among `codes`, compared
/// without case): its language code as configured and the original it translates
/// (`content/posts/foo.md`).
pub fn translation_of(p: &Path, codes: &[String]) -> Option<(String, PathBuf)> {
    if !is_md(p) {
        return None;
    }
    let stem = p.file_stem()?.to_str()?;
    let (name, code) = stem.rsplit_once('.')?;
    let code = codes.iter().find(|c| c.eq_ignore_ascii_case(code))?;
    if name.is_empty() {
        return None;
    }
    Some((code.clone(), p.with_file_name(format!("{name}.md"))))
}

/// Whether `p` is an `index.md` that makes its folder a bundle. `content/index.md` and
/// `content/pages/index.md` do not: those folders hold many documents.
pub fn is_bundle_index(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n == "index.md")
        && p.parent().is_some_and(|d| {
            d != Path::new(CONTENT_DIR) && d != Path::new(CONTENT_DIR).join("pages")
        })
}

fn is_md(p: &Path) -> bool {
    p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md"))
}

/// An article or page source: Markdown that is not a section's `_index.md`.
pub fn is_document(p: &Path) -> bool {
    is_md(p) && p.file_name().is_some_and(|n| n != SECTION_FILE)
}

/// The bundle folder (innermost) that holds `p`, if any, other than `p`'s own index.
fn bundle_of<'a>(p: &Path, bundles: &'a BTreeSet<PathBuf>) -> Option<&'a PathBuf> {
    let mut dir = p.parent();
    while let Some(d) = dir {
        if let Some(b) = bundles.get(d) {
            return Some(b);
        }
        dir = d.parent();
    }
    None
}

/// Sort `files` (relative to the site root, all under `content/`) by role.
pub fn sort(files: Vec<PathBuf>) -> (Inventory, Vec<Error>) {
    sort_with(files, &[])
}

/// [`sort`], with the translation files of the languages `codes` set apart.
pub fn sort_with(files: Vec<PathBuf>, codes: &[String]) -> (Inventory, Vec<Error>) {
    let bundles: BTreeSet<PathBuf> = files
        .iter()
        .filter(|p| is_bundle_index(p))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let section_dirs: HashSet<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == SECTION_FILE))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let mut inv = Inventory::default();
    let mut errors = Vec::new();
    for p in files {
        if translation_of(&p, codes).is_some() {
            inv.translations.push(p);
            continue;
        }
        let own_dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        let in_bundle = if is_bundle_index(&p) {
            // A bundle inside another bundle: the inner index.md is a second document there.
            own_dir.parent().and_then(|d| {
                let mut dir = Some(d);
                while let Some(x) = dir {
                    if let Some(b) = bundles.get(x) {
                        return Some(b.clone());
                    }
                    dir = x.parent();
                }
                None
            })
        } else {
            bundle_of(&p, &bundles).cloned()
        };
        if is_md(&p) {
            if let Some(b) = in_bundle {
                errors.push(Error::in_file(
                    &p,
                    format!(
                        "this Markdown file is inside the page bundle `{}/` (the folder has an `index.md`, so every other file in it is an asset of that one page); move it out of the folder, or rename `{}/index.md`",
                        b.display(),
                        b.display()
                    ),
                ));
                continue;
            }
            if !is_document(&p) {
                if bundles.contains(&own_dir) {
                    errors.push(Error::in_file(
                        &p,
                        format!(
                            "the folder `{}/` has both `_index.md` (a section) and `index.md` (a page bundle); keep one",
                            own_dir.display()
                        ),
                    ));
                    continue;
                }
                inv.sections.push(p);
            } else {
                inv.docs.push(p);
            }
            continue;
        }
        if let Some(b) = in_bundle {
            let rel = p.strip_prefix(&b).unwrap_or(&p);
            inv.assets.push(Asset {
                rel: slash_path(rel),
                owner: b.join("index.md"),
                file: p,
            });
        } else if section_dirs.contains(&own_dir) {
            let rel = p.file_name().map(PathBuf::from).unwrap_or_default();
            inv.assets.push(Asset {
                rel: slash_path(&rel),
                owner: own_dir.join(SECTION_FILE),
                file: p,
            });
        }
    }
    inv.docs.sort();
    inv.sections.sort();
    inv.assets.sort();
    inv.translations.sort();
    (inv, errors)
}

/// A relative path written with `/`.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn roles() {
        let (inv, errors) = sort(files(&[
            "content/index.md",
            "content/pages/index.md",
            "content/pages/about.md",
            "content/tech/_index.md",
            "content/tech/banner.png",
            "content/tech/a.md",
            "content/tech/x/index.md",
            "content/tech/x/diagram.png",
            "content/tech/x/img/detail.png",
            "content/tech/y/notes.txt",
        ]));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            inv.docs,
            files(&[
                "content/index.md",
                "content/pages/about.md",
                "content/pages/index.md",
                "content/tech/a.md",
                "content/tech/x/index.md"
            ])
        );
        assert_eq!(inv.sections, files(&["content/tech/_index.md"]));
        let assets: Vec<(&str, &str)> = inv
            .assets
            .iter()
            .map(|a| (a.owner.to_str().unwrap(), a.rel.as_str()))
            .collect();
        assert_eq!(
            assets,
            [
                ("content/tech/_index.md", "banner.png"),
                ("content/tech/x/index.md", "diagram.png"),
                ("content/tech/x/index.md", "img/detail.png"),
            ]
        );
    }

    #[test]
    fn markdown_inside_a_bundle_is_an_error() {
        let (inv, errors) = sort(files(&[
            "content/p/x/index.md",
            "content/p/x/part.md",
            "content/p/x/sub/index.md",
        ]));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("content/p/x/"), "{errors:?}");
        assert_eq!(inv.docs, files(&["content/p/x/index.md"]));
    }
}
