//! Page signatures for the incremental rebuild: a hash of everything a page shows, so only
//! pages whose signature changed are rendered again.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::site::{Page, Site};

pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What an article contributes to any page that shows it: its file, and the names and
/// counts of its terms (list items show term counts).
pub(super) fn item_hashes(
    site: &Site,
    versions: &HashMap<PathBuf, u64>,
    generation: &HashMap<PathBuf, u64>,
) -> Vec<u64> {
    site.articles
        .par_iter()
        .map(|a| {
            let mut h = DefaultHasher::new();
            a.doc.path.as_os_str().hash(&mut h);
            versions.get(&a.doc.path).hash(&mut h);
            generation.get(&a.doc.path).hash(&mut h);
            a.doc.section.hash(&mut h);
            a.url.hash(&mut h);
            for (tax, ts) in site.taxonomies.iter().zip(&a.terms) {
                for &t in ts {
                    let term = &tax.terms[t];
                    term.name.hash(&mut h);
                    term.url.hash(&mut h);
                    term.articles.len().hash(&mut h);
                }
                0xffu8.hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// A hash of everything a page shows, or `None` for pages that are always re-rendered
/// (term lists, archives, 404, search: a handful of pages).
pub(super) fn page_sig(
    site: &Site,
    items: &[u64],
    page: Page,
    versions: &HashMap<PathBuf, u64>,
    generation: &HashMap<PathBuf, u64>,
) -> Option<u64> {
    let mut h = DefaultHasher::new();
    match page {
        Page::Standalone(i) => {
            let a = &site.standalone[i];
            3u8.hash(&mut h);
            a.doc.path.hash(&mut h);
            a.url.hash(&mut h);
            versions.get(&a.doc.path).hash(&mut h);
            generation.get(&a.doc.path).hash(&mut h);
        }
        Page::Article(i) => {
            let a = &site.articles[i];
            1u8.hash(&mut h);
            items[i].hash(&mut h);
            a.prev.map(|j| items[j]).hash(&mut h);
            a.next.map(|j| items[j]).hash(&mut h);
            for &r in &a.related {
                items[r].hash(&mut h);
            }
            // 专题 navigation: the series' length and the neighbours listed.
            for nav in site.series_of(i) {
                let list = &site.taxonomy(nav.kind).terms[nav.term].articles;
                (nav.kind, nav.term, nav.position, list.len()).hash(&mut h);
                for &j in &list[nav.window.clone()] {
                    items[j].hash(&mut h);
                }
            }
        }
        Page::Index(_) | Page::Term(..) | Page::Section(..) => {
            2u8.hash(&mut h);
            if let Page::Term(kind, t, _) = page {
                let term = &site.taxonomy(kind).terms[t];
                term.name.hash(&mut h);
                term.slug.hash(&mut h);
            }
            if let Page::Section(s, _) = page {
                site.structure.sections.list[s].url.hash(&mut h);
            }
            let p = site.paginator(page)?;
            p.number.hash(&mut h);
            p.total_pages.hash(&mut h);
            p.total_items.hash(&mut h);
            // Which items wear the 置顶 badge (a pin can end with `pinned_until`, the file
            // unchanged); the pinned order itself is the order of the items below.
            site.pinned_on(page, &p).hash(&mut h);
            for i in p.items() {
                items[i].hash(&mut h);
            }
        }
        _ => return None,
    }
    Some(h.finish())
}
