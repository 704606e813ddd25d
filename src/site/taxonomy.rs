//! Tags and categories: names → terms with slugs (config `slugs:` map first, then pinyin),
//! each term listing its articles newest first. Two names with one slug is an error.

use std::collections::HashMap;

use super::Article;
use crate::config::Config;
use crate::error::Error;

/// URL slug of a tag or category name: config `slugs:` map first, then the slug style.
pub fn term_slug(name: &str, config: &Config) -> String {
    config
        .slugs
        .get(name)
        .cloned()
        .unwrap_or_else(|| crate::content::slug::make(name, config.slug_style))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Tags,
    Categories,
}

impl TaxonomyKind {
    /// Output folder and URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Categories => "categories",
        }
    }

    /// Chinese label shown in the theme.
    pub fn label(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "标签",
            TaxonomyKind::Categories => "分类",
        }
    }

    /// Page kind of a single term (`tag`, `category`).
    pub fn term_kind(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tag",
            TaxonomyKind::Categories => "category",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `tags/<slug>/`
    pub url: String,
    /// Article indices, newest first.
    pub articles: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by article count (descending), then name.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// Gather the terms of `kind` from the (already sorted) articles: the taxonomy, each
    /// article's term indices (in front-matter order) and the slug problems found.
    pub fn collect(
        kind: TaxonomyKind,
        articles: &[Article],
        config: &Config,
    ) -> (Taxonomy, Vec<Vec<usize>>, Vec<Error>) {
        let mut errors = Vec::new();
        let errors = &mut errors;
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut first_file: Vec<usize> = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            let names = match kind {
                TaxonomyKind::Tags => &a.doc.meta.tags,
                TaxonomyKind::Categories => &a.doc.meta.categories,
            };
            for name in names {
                let t = *by_name.entry(name.as_str()).or_insert_with(|| {
                    let slug = term_slug(name, config);
                    terms.push(Term {
                        name: name.clone(),
                        url: format!("{}/{}/", kind.dir(), slug),
                        slug,
                        articles: Vec::new(),
                    });
                    first_file.push(i);
                    terms.len() - 1
                });
                terms[t].articles.push(i);
            }
        }
        // Slug problems: empty or unsafe slugs, and two names sharing one slug.
        let mut by_slug: HashMap<&str, usize> = HashMap::new();
        let line = |doc: &crate::content::Document| match kind {
            TaxonomyKind::Tags => doc.tags_line,
            TaxonomyKind::Categories => doc.categories_line,
        };
        for (t, term) in terms.iter().enumerate() {
            let doc = &articles[first_file[t]].doc;
            let file = &doc.path;
            if term.slug.is_empty() || crate::content::slug::check_slug(&term.slug).is_err() {
                errors.push(
                    Error::in_file(
                        file,
                        format!(
                            "{} `{}` has no usable URL slug; map it in config.yaml under `slugs:`",
                            kind.label(),
                            term.name
                        ),
                    )
                    .at(Some(line(doc)), None),
                );
                continue;
            }
            if let Some(&other) = by_slug.get(term.slug.as_str()) {
                let other_file = &articles[first_file[other]].doc.path;
                errors.push(Error::in_file(
                    file,
                    format!(
                        "{} `{}` and `{}` (in {}) both map to the URL /{}; rename one or give them distinct `slugs:` in config.yaml",
                        kind.label(),
                        term.name,
                        terms[other].name,
                        other_file.display(),
                        term.url
                    ),
                )
                .at(Some(line(doc)), None));
            } else {
                by_slug.insert(&term.slug, t);
            }
        }
        // Sort terms by count desc, then name, and remap indices.
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by(|&a, &b| {
            terms[b]
                .articles
                .len()
                .cmp(&terms[a].articles.len())
                .then_with(|| terms[a].name.cmp(&terms[b].name))
        });
        let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let sorted: Vec<Term> = order
            .iter()
            .map(|&old| slots[old].take().unwrap())
            .collect();
        let mut ids: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
        for (t, term) in sorted.iter().enumerate() {
            for &i in &term.articles {
                ids[i].push(t);
            }
        }
        // Keep each article's term order as written in its front matter.
        for (a, ids) in articles.iter().zip(&mut ids) {
            let names = match kind {
                TaxonomyKind::Tags => &a.doc.meta.tags,
                TaxonomyKind::Categories => &a.doc.meta.categories,
            };
            if ids.len() > 1 {
                ids.sort_by_key(|&t| names.iter().position(|n| *n == sorted[t].name));
            }
        }
        let errors = std::mem::take(errors);
        (
            Taxonomy {
                kind,
                terms: sorted,
            },
            ids,
            errors,
        )
    }
}
