//! The site's structure beyond the dated list: which articles each section lists and in what
//! order, which the home list shows (`in_home`), where bundle and section assets are
//! written, and the resolved menus.

use std::collections::HashMap;
use std::path::PathBuf;

use super::menu::{self, MenuItem};
use super::Article;
use crate::config::Config;
use crate::content::{asset_folder, Asset, Sections, SortBy};
use crate::error::Error;
use crate::markdown::Rendered;

/// What the content and Markdown stages hand the model besides documents.
#[derive(Debug, Default)]
pub struct Inputs {
    pub sections: Sections,
    /// Rendered `_index.md` bodies, one per section (same order as `sections.list`).
    pub section_bodies: Vec<Rendered>,
    /// Bundle and section assets found under `content/`.
    pub assets: Vec<Asset>,
    /// The build's moment: an article whose `pinned_until` is before it is not pinned.
    pub now: jiff::Timestamp,
}

impl Inputs {
    /// A fingerprint of the sections' files and URLs and the asset files.
    pub fn shape(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for s in &self.sections.list {
            s.doc.path.hash(&mut h);
            s.url.hash(&mut h);
        }
        self.assets.hash(&mut h);
        h.finish()
    }
}

/// An asset with the output path it is copied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedAsset {
    /// Source file relative to the site root.
    pub file: PathBuf,
    /// The document it belongs to.
    pub owner: PathBuf,
    /// Output path relative to the output folder (`posts/x/img/a.png`).
    pub out: String,
}

#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub sections: Sections,
    pub section_bodies: Vec<Rendered>,
    /// Per section: the articles its list shows (its own and its sub-sections'), in its order.
    pub section_articles: Vec<Vec<usize>>,
    /// The articles of the home list; `None` when it shows every article (in site order).
    pub home: Option<Vec<usize>>,
    /// How many articles lead the home list because they are pinned (置顶), and per
    /// section how many lead `section_articles`. Lists show pinned articles first (by pin
    /// rank, then in the list's order), then the rest in the list's order.
    pub home_pinned: usize,
    pub section_pinned: Vec<usize>,
    /// Assets of published documents and sections, by output path.
    pub assets: Vec<PlacedAsset>,
    pub menu: Vec<MenuItem>,
    pub footer_menu: Vec<MenuItem>,
    /// The inputs' assets as found and moment (given back by [`Structure::into_inputs`]).
    found_assets: Vec<Asset>,
    now: jiff::Timestamp,
}

impl Structure {
    /// The inputs' assets as found (bundles' and sections' files).
    pub fn found_assets(&self) -> &[Asset] {
        &self.found_assets
    }

    /// Work out the structure of sorted `articles` and the `pages`.
    pub fn new(
        inputs: Inputs,
        articles: &[Article],
        pages: &[Article],
        config: &Config,
    ) -> (Structure, Vec<Error>) {
        let Inputs {
            sections,
            section_bodies,
            assets: found_assets,
            now,
        } = inputs;
        let mut section_articles: Vec<Vec<usize>> = vec![Vec::new(); sections.list.len()];
        let mut all_home = true;
        let mut home = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            let in_home = match a.doc.section {
                Some(s) => {
                    let mut cur = Some(s);
                    while let Some(c) = cur {
                        section_articles[c].push(i);
                        cur = sections.list[c].parent;
                    }
                    sections.list[s].in_home
                }
                None => true,
            };
            if in_home {
                home.push(i);
            } else {
                all_home = false;
            }
        }
        for (s, list) in section_articles.iter_mut().enumerate() {
            if sections.list[s].doc.sort == SortBy::Weight {
                // Stable: equal weights stay newest first.
                list.sort_by_key(|&i| {
                    let w = articles[i].doc.meta.weight;
                    (w.is_none(), w)
                });
            }
        }
        let pins: HashMap<usize, i64> = articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.doc.pin_at(now).map(|r| (i, r)))
            .collect();
        let section_pinned: Vec<usize> = section_articles
            .iter_mut()
            .map(|list| pin_first(list, &pins))
            .collect();
        let home_pinned = if !pins.is_empty() && home.iter().any(|i| pins.contains_key(i)) {
            all_home = false;
            pin_first(&mut home, &pins)
        } else {
            0
        };
        // Only the documents that own assets need their folder worked out.
        let owners: std::collections::HashSet<&std::path::Path> =
            found_assets.iter().map(|a| a.owner.as_path()).collect();
        let mut urls: HashMap<&std::path::Path, String> = HashMap::new();
        if !owners.is_empty() {
            for a in articles.iter().chain(pages) {
                if owners.contains(a.doc.path.as_path()) {
                    urls.insert(a.doc.path.as_path(), asset_folder(&a.url));
                }
            }
            for s in &sections.list {
                urls.insert(s.doc.path.as_path(), s.url.clone());
            }
        }
        let placed = found_assets
            .iter()
            .filter_map(|a| {
                let folder = urls.get(a.owner.as_path())?;
                Some(PlacedAsset {
                    file: a.file.clone(),
                    owner: a.owner.clone(),
                    out: format!("{folder}{}", a.rel),
                })
            })
            .collect();
        let mut errors = Vec::new();
        let (menu, e) = menu::resolve("menu", &config.menu, &sections, pages, config);
        errors.extend(e);
        let (footer_menu, e) =
            menu::resolve("footer_menu", &config.footer_menu, &sections, pages, config);
        errors.extend(e);
        let menu = if config.menu.is_empty() {
            menu::default_menu(&sections, config)
        } else {
            menu
        };
        (
            Structure {
                sections,
                section_bodies,
                section_articles,
                home: (!all_home).then_some(home),
                home_pinned,
                section_pinned,
                assets: placed,
                menu,
                footer_menu,
                found_assets,
                now,
            },
            errors,
        )
    }

    /// Back to what [`Structure::new`] was made from.
    pub fn into_inputs(self) -> Inputs {
        Inputs {
            sections: self.sections,
            section_bodies: self.section_bodies,
            assets: self.found_assets,
            now: self.now,
        }
    }

    /// The first `limit` articles of the home list (`s` `None`) or of section `s` in the
    /// list's own order, pins left out of it: what the feeds show.
    pub fn unpinned_head(
        &self,
        s: Option<usize>,
        articles: &[Article],
        limit: usize,
    ) -> Vec<usize> {
        let (list, pinned) = match s {
            None => match &self.home {
                Some(list) => (list.as_slice(), self.home_pinned),
                None => return (0..articles.len().min(limit)).collect(),
            },
            Some(s) => (self.section_articles[s].as_slice(), self.section_pinned[s]),
        };
        if pinned == 0 {
            return list.iter().copied().take(limit).collect();
        }
        // The rest is in the list's order already: the head is among the pins and the
        // first `limit` of the rest.
        let mut head: Vec<usize> = list[..pinned]
            .iter()
            .chain(list[pinned..].iter().take(limit))
            .copied()
            .collect();
        let by_weight = s.is_some_and(|s| self.sections.list[s].doc.sort == SortBy::Weight);
        head.sort_by_key(|&i| {
            let w = articles[i].doc.meta.weight.filter(|_| by_weight);
            (by_weight && w.is_none(), w, i)
        });
        head.truncate(limit);
        head
    }

    /// Articles per list page of section `s`.
    pub fn paginate(&self, s: usize, config_paginate: usize) -> usize {
        self.sections.list[s]
            .doc
            .paginate
            .unwrap_or(config_paginate)
    }
}

/// Move the pinned articles of `list` to its front, highest rank first (equal ranks, and the
/// rest, keep their order); how many are pinned.
fn pin_first(list: &mut [usize], pins: &HashMap<usize, i64>) -> usize {
    if pins.is_empty() || !list.iter().any(|i| pins.contains_key(i)) {
        return 0;
    }
    // Stable: equal keys keep the list's order.
    list.sort_by_key(|i| std::cmp::Reverse(pins.get(i).copied()));
    list.iter().take_while(|i| pins.contains_key(i)).count()
}
