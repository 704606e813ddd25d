//! Pagination: which slice of a list a page shows and the URLs of its neighbours. O(1) per
//! page: a page holds a range into a shared index list, never a copy of the articles.

/// Number of pages for `len` items (at least one, so an empty site still has a home page).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// URL of page `n` of a list rooted at `base` (`tags/ai/` → `tags/ai/page/2/`).
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// One page of a list: `indices[range]` are the articles it shows (for the home page the list
/// is all articles, given as an empty slice meaning "identity").
#[derive(Debug, Clone)]
pub struct Paginator<'a> {
    indices: &'a [usize],
    pub base: String,
    pub number: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub range: std::ops::Range<usize>,
}

impl<'a> Paginator<'a> {
    pub fn new(
        indices: &'a [usize],
        total: usize,
        base: &str,
        number: usize,
        per_page: usize,
    ) -> Self {
        let total_pages = page_count(total, per_page);
        let start = ((number - 1) * per_page).min(total);
        let end = (start + per_page).min(total);
        Paginator {
            indices,
            base: base.to_string(),
            number,
            total_pages,
            total_items: total,
            range: start..end,
        }
    }

    /// Article indices on this page, newest first.
    pub fn items(&self) -> impl Iterator<Item = usize> + '_ {
        self.range.clone().map(|i| {
            if self.indices.is_empty() {
                i
            } else {
                self.indices[i]
            }
        })
    }

    pub fn url(&self, n: usize) -> String {
        page_url(&self.base, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_urls() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_url("", 1), "");
        assert_eq!(page_url("", 2), "page/2/");
        assert_eq!(page_url("tags/ai/", 3), "tags/ai/page/3/");
    }

    #[test]
    fn slices() {
        let idx = [5, 4, 3, 2, 1];
        let p = Paginator::new(&idx, 5, "tags/x/", 2, 2);
        assert_eq!(p.items().collect::<Vec<_>>(), vec![3, 2]);
        assert_eq!(p.total_pages, 3);
        let home = Paginator::new(&[], 5, "", 3, 2);
        assert_eq!(home.items().collect::<Vec<_>>(), vec![4]);
    }
}
