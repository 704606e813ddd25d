//! Every page the output holds, their URLs and output files, and list paginators.

use super::article::out_path_for;
use super::paginate::{self, Paginator};
use super::{Site, TaxonomyKind};

/// Every page the output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Home list page, 1-based page number.
    Index(usize),
    Article(usize),
    /// `/tags/` or `/categories/`.
    TermList(TaxonomyKind),
    /// One page of a term's article list.
    Term(TaxonomyKind, usize, usize),
    NotFound,
    /// `/search/` (only when search is on).
    Search,
    /// `/archives/`: every article grouped by year and month.
    Archives,
    /// One page of a section's list: section index, 1-based page number.
    Section(usize, usize),
    /// A standalone page (index into `Site::standalone`).
    Standalone(usize),
}

impl Site {
    /// Articles on the home list.
    pub fn home_len(&self) -> usize {
        match &self.structure.home {
            Some(list) => list.len(),
            None => self.articles.len(),
        }
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let index_pages = paginate::page_count(self.home_len(), self.paginate);
        pages.extend((1..=index_pages).map(Page::Index));
        pages.extend((0..self.articles.len()).map(Page::Article));
        let st = &self.structure;
        for (s, list) in st.section_articles.iter().enumerate() {
            let count = paginate::page_count(list.len(), st.paginate(s, self.paginate));
            pages.extend((1..=count).map(|n| Page::Section(s, n)));
        }
        pages.extend((0..self.standalone.len()).map(Page::Standalone));
        for tax in &self.taxonomies {
            let kind = tax.kind;
            if tax.def.list {
                pages.push(Page::TermList(kind));
            }
            let per_page = tax.def.paginate.unwrap_or(self.paginate);
            for (t, term) in tax.terms.iter().enumerate() {
                let count = paginate::page_count(term.articles.len(), per_page);
                pages.extend((1..=count).map(|p| Page::Term(kind, t, p)));
            }
        }
        pages.push(Page::Archives);
        pages.push(Page::NotFound);
        if self.search {
            pages.push(Page::Search);
        }
        pages
    }

    /// URL path (relative to the site root, no leading slash) of a page.
    pub fn page_url(&self, page: Page) -> String {
        match page {
            Page::Index(n) => paginate::page_url("", n),
            Page::Section(s, n) => paginate::page_url(&self.structure.sections.list[s].url, n),
            Page::Standalone(i) => self.standalone[i].url.clone(),
            Page::Article(i) => self.articles[i].url.clone(),
            Page::TermList(kind) => format!("{}/", self.taxonomy(kind).def.slug),
            Page::Term(kind, t, n) => paginate::page_url(&self.taxonomy(kind).terms[t].url, n),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::Archives => "archives/".into(),
        }
    }

    /// Output file of a page, relative to the output folder.
    pub fn page_out_path(&self, page: Page) -> String {
        match page {
            Page::Article(i) => self.articles[i].out_path.clone(),
            Page::Standalone(i) => self.standalone[i].out_path.clone(),
            Page::NotFound => "404.html".into(),
            other => out_path_for(&self.page_url(other)),
        }
    }

    /// The paginator for a list page.
    pub fn paginator(&self, page: Page) -> Option<Paginator<'_>> {
        match page {
            Page::Index(n) => {
                let all: &[usize] = &[];
                let list = self.structure.home.as_deref().unwrap_or(all);
                Some(Paginator::new(list, self.home_len(), "", n, self.paginate))
            }
            Page::Section(s, n) => {
                let list = &self.structure.section_articles[s];
                Some(Paginator::new(
                    list,
                    list.len(),
                    &self.structure.sections.list[s].url,
                    n,
                    self.structure.paginate(s, self.paginate),
                ))
            }
            Page::Term(kind, t, n) => {
                let tax = self.taxonomy(kind);
                let term = &tax.terms[t];
                Some(Paginator::new(
                    &term.articles,
                    term.articles.len(),
                    &term.url,
                    n,
                    tax.def.paginate.unwrap_or(self.paginate),
                ))
            }
            _ => None,
        }
    }

    /// How many of the items a list page shows lead it because they are pinned (置顶): the
    /// home and section lists pin, term lists do not.
    pub fn pinned_on(&self, page: Page, p: &Paginator<'_>) -> usize {
        let pinned = match page {
            Page::Index(_) => self.structure.home_pinned,
            Page::Section(s, _) => self.structure.section_pinned[s],
            _ => 0,
        };
        pinned.min(p.range.end).saturating_sub(p.range.start)
    }

    /// Articles grouped by (year, month), newest first: `[(year, month, [indices])]`.
    pub fn archives(&self) -> Vec<(i16, i8, Vec<usize>)> {
        let mut out: Vec<(i16, i8, Vec<usize>)> = Vec::new();
        for (i, a) in self.articles.iter().enumerate() {
            let (y, m) = (a.doc.meta.date.year(), a.doc.meta.date.month());
            match out.last_mut() {
                Some(last) if last.0 == y && last.1 == m => last.2.push(i),
                _ => out.push((y, m, vec![i])),
            }
        }
        out
    }
}
