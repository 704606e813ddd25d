//! Tags and categories: names → terms with slugs (config `slugs:` map first, then pinyin),
//! each term listing its articles newest first. Names that differ only by case or by
//! full-width/half-width form (`AI`, `ＡＩ`, `ai`) are one term shown in its most used
//! spelling (`check` warns about the others); two different names with one slug is an error.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Article;
use crate::config::taxonomies::AUTHORS;
use crate::config::{Config, TaxonomyDef, TermSort};
use crate::content::Document;
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

/// Which taxonomy: an index into [`crate::config::Config::taxonomies`] (and
/// [`super::Site::taxonomies`]). `tags` and `categories` are always the first two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxonomyKind(pub usize);

impl TaxonomyKind {
    pub const TAGS: TaxonomyKind = TaxonomyKind(crate::config::taxonomies::TAGS);
    pub const CATEGORIES: TaxonomyKind = TaxonomyKind(crate::config::taxonomies::CATEGORIES);
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `tags/<slug>/`
    pub url: String,
    /// Article indices, in the taxonomy's order (newest first; oldest first for a series).
    pub articles: Vec<usize>,
    /// An author's id in the registry (`authors:`), for the bio, avatar and links.
    pub author: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    pub def: TaxonomyDef,
    /// Sorted by article count (descending), then name.
    pub terms: Vec<Term>,
}

/// The names an article gives a taxonomy, as written (ids for registered authors).
pub fn values_of<'a>(doc: &'a Document, def: &TaxonomyDef) -> Result<Cow<'a, [String]>, String> {
    Ok(match def.name.as_str() {
        "tags" => Cow::Borrowed(&doc.meta.tags),
        "categories" => Cow::Borrowed(&doc.meta.categories),
        AUTHORS => Cow::Borrowed(&doc.meta.authors),
        name => match doc.meta.extra.get(name) {
            None => Cow::Borrowed(&[]),
            Some(v) => Cow::Owned(crate::content::front_matter::names(Some(v.clone()), name)?),
        },
    })
}

/// The front-matter key an article's values of `def` come from (for messages).
pub fn key_of<'a>(doc: &Document, def: &'a TaxonomyDef) -> &'a str {
    if def.is_authors() {
        if doc.key_lines.iter().any(|(k, _)| k == "authors") {
            "authors"
        } else {
            "author"
        }
    } else {
        &def.name
    }
}

impl Taxonomy {
    /// Gather the terms of `kind` from the (already sorted) articles: the taxonomy, each
    /// article's term indices (in front-matter order) and the problems found (slugs,
    /// unknown author ids, values of the wrong type).
    pub fn collect(
        kind: TaxonomyKind,
        articles: &[Article],
        config: &Config,
    ) -> (Taxonomy, Vec<Vec<usize>>, Vec<Error>) {
        let def = config.taxonomies[kind.0].clone();
        let mut errors = Vec::new();
        let registry = (def.is_authors() && !config.authors.is_empty()).then_some(&config.authors);
        let values: Vec<Cow<[String]>> = articles
            .iter()
            .map(|a| {
                values_of(&a.doc, &def).unwrap_or_else(|why| {
                    let line = a.doc.line_of(key_of(&a.doc, &def));
                    errors.push(Error::in_file(&a.doc.path, why).at(Some(line), None));
                    Cow::Borrowed(&[])
                })
            })
            .collect();
        let mut values = values;
        if let Some(registry) = registry {
            // An author may be named by id or by the registered name (`author: 林知远`).
            for names in &mut values {
                if names.iter().any(|n| !registry.contains_key(n.as_str())) {
                    let ids: Vec<String> = names
                        .iter()
                        .map(|n| {
                            registry
                                .iter()
                                .find(|(id, a)| *id == n || a.name.trim() == n)
                                .map_or_else(|| n.clone(), |(id, _)| id.clone())
                        })
                        .collect();
                    *names = Cow::Owned(ids);
                }
            }
            for (a, names) in articles.iter().zip(&values) {
                for id in names
                    .iter()
                    .filter(|id| !registry.contains_key(id.as_str()))
                {
                    let known: Vec<&str> = registry.keys().map(String::as_str).collect();
                    errors.push(
                        Error::in_file(
                            &a.doc.path,
                            format!(
                                "unknown author `{id}`: not an id or name in the author registry ({}; see `authors:` in config.yaml or data/authors.yaml)",
                                known.join(", ")
                            ),
                        )
                        .at(Some(a.doc.line_of(key_of(&a.doc, &def))), None),
                    );
                }
            }
        }
        let errors = &mut errors;
        // Names that differ only by case or full-width/half-width form are one term: group
        // them by their folded form, counting each spelling (in site order).
        let mut by_fold: HashMap<String, usize> = HashMap::new();
        // Per group: spellings with their use counts, first seen first.
        let mut spellings: Vec<Vec<(&str, usize)>> = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut first_file: Vec<usize> = Vec::new();
        for (i, names) in values.iter().enumerate() {
            for name in names.iter() {
                if registry.is_some_and(|r| !r.contains_key(name.as_str())) {
                    continue;
                }
                let t = *by_fold.entry(fold(name)).or_insert_with(|| {
                    spellings.push(Vec::new());
                    terms.push(Term {
                        name: String::new(),
                        slug: String::new(),
                        url: String::new(),
                        articles: Vec::new(),
                        author: None,
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
            if let Some(author) = registry.and_then(|r| r.get(main.0)) {
                term.author = Some(main.0.to_string());
                term.name = author.name.trim().to_string();
                term.slug = match &author.slug {
                    Some(s) => s.trim().to_string(),
                    None => term_slug(main.0, config),
                };
                term.url = format!("{}/{}/", def.slug, term.slug);
                continue;
            }
            term.slug = group
                .iter()
                .map(|(n, _)| *n)
                .find(|n| *n != main.0 && config.slugs.contains_key(*n))
                .filter(|_| !config.slugs.contains_key(main.0))
                .map(|n| term_slug(n, config))
                .unwrap_or_else(|| term_slug(main.0, config));
            term.url = format!("{}/{}/", def.slug, term.slug);
        }
        // Slug problems: empty or unsafe slugs, and two names sharing one slug.
        let mut by_slug: HashMap<&str, usize> = HashMap::new();
        let line = |doc: &Document| doc.line_of(key_of(doc, &def));
        for (t, term) in terms.iter().enumerate() {
            let doc = &articles[first_file[t]].doc;
            let file = &doc.path;
            if term.slug.is_empty() || crate::content::slug::check_slug(&term.slug).is_err() {
                errors.push(
                    Error::in_file(
                        file,
                        format!(
                            "{} `{}` has no usable URL slug; map it in config.yaml under `slugs:`",
                            def.label, term.name
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
                        def.label,
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
        // A series reads oldest first; articles of one moment stay in file order.
        if def.sort == TermSort::Oldest {
            for t in &mut terms {
                t.articles
                    .sort_by_key(|&i| articles[i].doc.meta.date.timestamp());
            }
        }
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
        for (names, ids) in values.iter().zip(&mut ids) {
            if ids.len() > 1 {
                let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
                ids.sort_by_key(|&t| {
                    let term = &sorted[t];
                    let key = fold(term.author.as_deref().unwrap_or(&term.name));
                    folded.iter().position(|n| *n == key)
                });
            }
        }
        let errors = std::mem::take(errors);
        (
            Taxonomy {
                kind,
                def,
                terms: sorted,
            },
            ids,
            errors,
        )
    }
}
