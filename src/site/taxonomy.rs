//! Tags and categories: names → terms with slugs (config `slugs:` map first, then pinyin),
//! each term listing its articles newest first. Names that differ only by case or by
//! full-width/half-width form (`AI`, `ＡＩ`, `ai`) are one term shown in its most used
//! spelling (`check` warns about the others); two different names with one slug is an error.

use std::collections::HashMap;

use super::Article;
use crate::config::Config;
use crate::error::Error;

/// URL slug of a tag or category name: config `slugs:` map first, then the slug style.
pub use crate::content::slug::term_slug;

/// The comparison key of a term name: full-width ASCII forms folded to ASCII, the
/// ideographic space to a space, lower-cased, outer space trimmed. Names with one key are
/// one term.
pub fn fold(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim()
        .to_string()
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
    pub fn collect<'a>(
        kind: TaxonomyKind,
        articles: &'a [Article],
        config: &Config,
    ) -> (Taxonomy, Vec<Vec<usize>>, Vec<Error>) {
        let mut errors = Vec::new();
        let errors = &mut errors;
        let names_of = |a: &'a Article| match kind {
            TaxonomyKind::Tags => &a.doc.meta.tags,
            TaxonomyKind::Categories => &a.doc.meta.categories,
        };
        // Names that differ only by case or full-width/half-width form are one term: group
        // them by their folded form, counting each spelling (in site order).
        let mut by_fold: HashMap<String, usize> = HashMap::new();
        // Per group: spellings with their use counts, first seen first.
        let mut spellings: Vec<Vec<(&str, usize)>> = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut first_file: Vec<usize> = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            for name in names_of(a) {
                let t = *by_fold.entry(fold(name)).or_insert_with(|| {
                    spellings.push(Vec::new());
                    terms.push(Term {
                        name: String::new(),
                        slug: String::new(),
                        url: String::new(),
                        articles: Vec::new(),
                    });
                    first_file.push(i);
                    terms.len() - 1
                });
                match spellings[t].iter_mut().find(|(n, _)| *n == name.as_str()) {
                    Some((_, count)) => *count += 1,
                    None => spellings[t].push((name.as_str(), 1)),
                }
                // An article naming two spellings of one term is listed once.
                if terms[t].articles.last() != Some(&i) {
                    terms[t].articles.push(i);
                }
            }
        }
        // Each term shows its most used spelling (the first seen on a tie); its slug is the
        // `slugs:` entry of that spelling, else of any other spelling, else derived.
        for (term, group) in terms.iter_mut().zip(&spellings) {
            let mut main = group[0];
            for &(n, c) in &group[1..] {
                if c > main.1 {
                    main = (n, c);
                }
            }
            term.name = main.0.to_string();
            term.slug = group
                .iter()
                .map(|(n, _)| *n)
                .find(|n| *n != main.0 && config.slugs.contains_key(*n))
                .filter(|_| !config.slugs.contains_key(main.0))
                .map(|n| term_slug(n, config))
                .unwrap_or_else(|| term_slug(main.0, config));
            term.url = format!("{}/{}/", kind.dir(), term.slug);
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
            if ids.len() > 1 {
                let folded: Vec<String> = names_of(a).iter().map(|n| fold(n)).collect();
                ids.sort_by_key(|&t| {
                    let key = fold(&sorted[t].name);
                    folded.iter().position(|n| *n == key)
                });
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
