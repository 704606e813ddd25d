//! Search filters by section (栏目) and by the terms of every taxonomy (tag, category, 专题,
//! author…): `search/facets.json`.
//!
//! The file is a JSON array of `[kind, key, name, docs]`: `kind` is `section`, `tag`,
//! `category` or another taxonomy's name (the manifest's `kinds` lists them with their
//! labels); `key` is what the search URL carries (`?tag=gpu`, `?section=tech/chips`: a
//! term's slug, a section's URL path without its outer slashes); `name` is what the chip
//! shows; `docs` is the sorted doc ids holding it, as base-36 gaps joined by commas (`0,3,a`
//! is docs 0, 3 and 13). A section holds the documents of its sub-sections too. The
//! [`MAX_TERMS`] most used terms of each taxonomy are kept (enough chips for a page; the
//! rest are reachable from the tag pages), and every section.
//!
//! Counts shown for a query are computed by the client from the candidates: each kind
//! counts the candidates that pass every *other* active filter, so a chip says how many
//! results clicking it gives (the year chips work the same way).

use std::borrow::Borrow;

use crate::content::Sections;
use crate::site::{Article, Taxonomy};

/// The facets file, relative to the output folder.
pub const PATH: &str = "search/facets.json";
/// Tags (and categories) kept per kind, most used first.
pub const MAX_TERMS: usize = 30;

/// One filter value: kind, key, name and its documents (sorted ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub kind: String,
    pub key: String,
    pub name: String,
    pub docs: Vec<u32>,
}

/// The filter kind of a taxonomy, as the search URL names it: `tag` and `category` for the
/// built-in two, the taxonomy's name for the others (`?series=chip-war`).
pub fn kind_of(tax: &Taxonomy) -> String {
    match tax.def.name.as_str() {
        "tags" => "tag".into(),
        "categories" => "category".into(),
        other => other.into(),
    }
}

/// The filter kinds after the year, with their labels, in chip-row order: sections, then
/// categories, tags and the other taxonomies (the manifest's `kinds`).
pub fn kinds(taxonomies: &[Taxonomy]) -> Vec<(String, String)> {
    let mut out = vec![("section".to_string(), "栏目".to_string())];
    let mut order: Vec<&Taxonomy> = taxonomies.iter().collect();
    // Categories before tags, as the chips always were; the others in config order.
    order.sort_by_key(|t| match t.def.name.as_str() {
        "categories" => 0,
        "tags" => 1,
        _ => 2,
    });
    out.extend(order.into_iter().map(|t| (kind_of(t), t.def.label.clone())));
    out
}

/// Every facet of the indexed documents (doc id = position), in file order: sections (site
/// order), then each taxonomy's terms in [`kinds`] order (most used first).
pub fn collect<A: Borrow<Article>>(
    docs: &[A],
    taxonomies: &[Taxonomy],
    sections: &Sections,
) -> Vec<Facet> {
    let mut out = Vec::new();
    let mut by_section: Vec<Vec<u32>> = vec![Vec::new(); sections.list.len()];
    let mut by_term: Vec<Vec<Vec<u32>>> = taxonomies
        .iter()
        .map(|t| vec![Vec::new(); t.terms.len()])
        .collect();
    for (id, a) in docs.iter().enumerate() {
        let a: &Article = a.borrow();
        let id = id as u32;
        if let Some(s) = a.doc.section {
            if s < sections.list.len() {
                for p in sections.ancestry(s) {
                    by_section[p].push(id);
                }
            }
        }
        // Standalone pages have no term indices: they are in no taxonomy.
        for (lists, ids) in by_term.iter_mut().zip(&a.terms) {
            for &t in ids {
                if let Some(list) = lists.get_mut(t) {
                    list.push(id);
                }
            }
        }
    }
    for (s, ids) in by_section.into_iter().enumerate() {
        if !ids.is_empty() {
            let sec = &sections.list[s];
            out.push(Facet {
                kind: "section".into(),
                key: sec.url.trim_matches('/').to_string(),
                name: sec.doc.title.clone(),
                docs: ids,
            });
        }
    }
    let mut per_tax: Vec<(String, Vec<Facet>)> = Vec::new();
    for (tax, lists) in taxonomies.iter().zip(by_term) {
        let kind = kind_of(tax);
        // Terms are sorted by use already; a term can have fewer documents here than in
        // the site (none are hidden today, but pages and articles share one id space).
        let mut found: Vec<(usize, Vec<u32>)> = lists
            .into_iter()
            .enumerate()
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        found.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let facets = found
            .into_iter()
            .take(MAX_TERMS)
            .map(|(t, ids)| {
                let term = &tax.terms[t];
                Facet {
                    kind: kind.clone(),
                    key: term.slug.clone(),
                    name: term.name.clone(),
                    docs: ids,
                }
            })
            .collect();
        per_tax.push((kind, facets));
    }
    for (kind, _) in kinds(taxonomies).iter().skip(1) {
        if let Some((_, facets)) = per_tax.iter_mut().find(|(k, _)| k == kind) {
            out.append(facets);
        }
    }
    out
}

/// The file's bytes, or `None` when there is nothing to filter by.
pub fn file(facets: &[Facet]) -> Option<Vec<u8>> {
    if facets.is_empty() {
        return None;
    }
    let rows: Vec<[String; 4]> = facets
        .iter()
        .map(|f| {
            [
                f.kind.clone(),
                f.key.clone(),
                f.name.clone(),
                encode(&f.docs),
            ]
        })
        .collect();
    serde_json::to_vec(&rows).ok()
}

/// Parses the file back (the Rust client in [`super::query`]).
pub fn parse(bytes: &[u8]) -> Option<Vec<Facet>> {
    let rows: Vec<[String; 4]> = serde_json::from_slice(bytes).ok()?;
    rows.into_iter()
        .map(|[kind, key, name, docs]| {
            Some(Facet {
                kind,
                key,
                name,
                docs: decode(&docs)?,
            })
        })
        .collect()
}

/// Sorted ids as base-36 gaps: `[0, 3, 13]` → `0,3,a`.
pub fn encode(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len() * 3);
    let mut prev = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let gap = if i == 0 { id } else { id - prev };
        push_base36(&mut out, gap);
        prev = id;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// The inverse of [`encode`].
pub fn decode(s: &str) -> Option<Vec<u32>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut prev = 0u32;
    for (i, part) in s.split(',').enumerate() {
        let gap = u32::from_str_radix(part, 36).ok()?;
        let id = if i == 0 { gap } else { prev.checked_add(gap)? };
        out.push(id);
        prev = id;
    }
    Some(out)
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn gaps_round_trip() {
        for ids in [vec![], vec![0], vec![0, 3, 13], vec![5, 36, 1295, 100_000]] {
            assert_eq!(decode(&encode(&ids)), Some(ids.clone()));
        }
        assert_eq!(encode(&[0, 3, 13]), "0,3,a");
        assert_eq!(decode("0,x!"), None);
    }
}
