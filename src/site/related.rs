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
    let n = articles.len();
    // Each article's first category, packed (u32::MAX: none): read for every candidate.
    let first_cats: Vec<u32> = articles
        .iter()
        .map(|a| a.categories().first().map_or(u32::MAX, |&c| c as u32))
        .collect();
    (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: shared-tag count + 1 for each candidate seen (0 = not seen), and
            // the candidates seen, so resetting costs what was touched, not `n`.
            || {
                (
                    vec![0u32; n],
                    Vec::new(),
                    Vec::with_capacity(MAX_RELATED + 1),
                )
            },
            |(seen, touched, scores): &mut (Vec<u32>, Vec<usize>, Vec<Key>), i| {
                let a = &articles[i];
                let mut visit = |j: usize, tag_hit: u32| {
                    if j != i {
                        if seen[j] == 0 {
                            touched.push(j);
                            seen[j] = 1;
                        }
                        seen[j] += tag_hit;
                    }
                };
                for &t in a.tags() {
                    for &j in tags.terms[t].articles.iter().take(CANDIDATES_PER_TERM) {
                        visit(j, 1);
                    }
                }
                let first_cat = a.categories().first().copied();
                if let Some(c) = first_cat {
                    for &j in categories.terms[c]
                        .articles
                        .iter()
                        .take(CANDIDATES_PER_TERM)
                    {
                        visit(j, 0);
                    }
                }
                // The best MAX_RELATED by (shared tags, same first category, recency), kept
                // sorted while scanning: cheaper than sorting every candidate.
                let key = |j: usize| {
                    let same_cat = first_cat.is_some_and(|c| first_cats[j] == c as u32);
                    // Articles are sorted newest first, so a lower index is more recent.
                    (
                        std::cmp::Reverse(seen[j] - 1),
                        std::cmp::Reverse(same_cat),
                        j,
                    )
                };
                scores.clear();
                for &j in touched.iter() {
                    let k = key(j);
                    if scores.len() < MAX_RELATED || k < scores[scores.len() - 1] {
                        let at = scores.partition_point(|s| *s < k);
                        if scores.len() == MAX_RELATED {
                            scores.pop();
                        }
                        scores.insert(at, k);
                    }
                }
                for &j in touched.iter() {
                    seen[j] = 0;
                }
                touched.clear();
                scores.iter().map(|s| s.2).collect()
            },
        )
        .collect()
}

/// Ranking key of a candidate: more shared tags, then the same first category, then newer.
type Key = (std::cmp::Reverse<u32>, std::cmp::Reverse<bool>, usize);
