//! 专题 navigation: where an article stands in each series it belongs to (a taxonomy read
//! oldest first, `sort: oldest`), with a window of its neighbours for the theme's list.

use std::ops::Range;

use super::{Site, TaxonomyKind};
use crate::config::TermSort;

/// Neighbours shown on each side of the current article in a series list.
pub const WINDOW: usize = 5;

/// One series an article belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesNav {
    pub kind: TaxonomyKind,
    /// Index into the taxonomy's terms.
    pub term: usize,
    /// 0-based place of the article in the series (oldest first).
    pub position: usize,
    /// The part of the series the theme lists: up to [`WINDOW`] articles on each side.
    pub window: Range<usize>,
}

impl Site {
    /// The series article `i` belongs to, in taxonomy then front-matter order.
    pub fn series_of(&self, i: usize) -> Vec<SeriesNav> {
        let a = &self.articles[i];
        let mut out = Vec::new();
        for tax in self
            .taxonomies
            .iter()
            .filter(|t| t.def.sort == TermSort::Oldest)
        {
            for &t in a.terms_of(tax.kind) {
                let list = &tax.terms[t].articles;
                let Some(position) = list.iter().position(|&j| j == i) else {
                    continue;
                };
                let start = position.saturating_sub(WINDOW);
                let end = (position + WINDOW + 1).min(list.len());
                out.push(SeriesNav {
                    kind: tax.kind,
                    term: t,
                    position,
                    window: start..end,
                });
            }
        }
        out
    }
}
