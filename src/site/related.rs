//! Related articles: up to [`MAX_RELATED`] per article, ranked by shared tags, then a shared
//! first category, then recency. Candidates come from the newest [`CANDIDATES_PER_TERM`]
//! entries of each of the article's term lists, so the cost is O(articles × tags), never
//! O(articles²).

use rayon::prelude::*;

use super::{Article, Taxonomy};

pub const MAX_RELATED: usize = 5;
pub const CANDIDATES_PER_TERM: usize = 64;

/// Related article indices for every article (same order as `articles`).
pub fn compute(articles: &[Article], tags: &Taxonomy, categories: &Taxonomy) -> Vec<Vec<usize>> {
    (0..articles.len())
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |(hits, scores): &mut (Vec<usize>, Vec<(usize, u32, bool)>), i| {
                let a = &articles[i];
                // Every candidate once per shared tag, then grouped: the run length is the
                // number of shared tags. Sorting a few hundred integers beats a hash map here.
                hits.clear();
                for &t in &a.tags {
                    hits.extend(
                        tags.terms[t]
                            .articles
                            .iter()
                            .take(CANDIDATES_PER_TERM)
                            .copied(),
                    );
                }
                let first_cat = a.categories.first().copied();
                if let Some(c) = first_cat {
                    // Category-only candidates count zero shared tags (marked by usize::MAX).
                    hits.extend(
                        categories.terms[c]
                            .articles
                            .iter()
                            .take(CANDIDATES_PER_TERM)
                            .map(|&j| j | CATEGORY_ONLY),
                    );
                }
                hits.sort_unstable_by_key(|&j| (j & !CATEGORY_ONLY, j & CATEGORY_ONLY));
                scores.clear();
                for &h in hits.iter() {
                    let j = h & !CATEGORY_ONLY;
                    if j == i {
                        continue;
                    }
                    let tag_hit = u32::from(h & CATEGORY_ONLY == 0);
                    match scores.last_mut() {
                        Some(s) if s.0 == j => s.1 += tag_hit,
                        _ => {
                            let same_cat = first_cat.is_some()
                                && articles[j].categories.first().copied() == first_cat;
                            scores.push((j, tag_hit, same_cat));
                        }
                    }
                }
                // Articles are sorted newest first, so a lower index is more recent.
                let key =
                    |s: &(usize, u32, bool)| (std::cmp::Reverse(s.1), std::cmp::Reverse(s.2), s.0);
                if scores.len() > MAX_RELATED {
                    scores.select_nth_unstable_by_key(MAX_RELATED, key);
                    scores.truncate(MAX_RELATED);
                }
                scores.sort_unstable_by_key(key);
                scores.iter().map(|s| s.0).collect()
            },
        )
        .collect()
}

/// High bit marking a candidate found through the category only.
const CATEGORY_ONLY: usize = 1 << (usize::BITS - 1);
