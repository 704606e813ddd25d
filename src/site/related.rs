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
        .map_init(Vec::new, |scores: &mut Vec<(usize, u32, bool)>, i| {
            scores.clear();
            let a = &articles[i];
            let first_cat = a.categories.first().copied();
            let add =
                |j: usize, tag_hit: bool, cat_hit: bool, scores: &mut Vec<(usize, u32, bool)>| {
                    if j == i {
                        return;
                    }
                    match scores.iter_mut().find(|s| s.0 == j) {
                        Some(s) => {
                            s.1 += u32::from(tag_hit);
                            s.2 |= cat_hit;
                        }
                        None => scores.push((j, u32::from(tag_hit), cat_hit)),
                    }
                };
            for &t in &a.tags {
                for &j in tags.terms[t].articles.iter().take(CANDIDATES_PER_TERM) {
                    add(j, true, false, scores);
                }
            }
            if let Some(c) = first_cat {
                for &j in categories.terms[c]
                    .articles
                    .iter()
                    .take(CANDIDATES_PER_TERM)
                {
                    add(j, false, true, scores);
                }
            }
            // Category hits found through tags also count.
            if let Some(c) = first_cat {
                for s in scores.iter_mut() {
                    s.2 |= articles[s.0].categories.first() == Some(&c);
                }
            }
            // Articles are sorted newest first, so a lower index is more recent.
            scores.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(x.0.cmp(&y.0)));
            scores.iter().take(MAX_RELATED).map(|s| s.0).collect()
        })
        .collect()
}
