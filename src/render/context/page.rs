//! One page's context: what a template sees besides the shared [`SiteValues`] (`page`,
//! `paginator`, `article`, `term`…), its series box, table of contents and JSON-LD.

use super::*;

/// The template name and context for one page.
pub fn page_context(
    site: &Site,
    v: &SiteValues,
    tr: &I18n,
    page: Page,
) -> (Cow<'static, str>, Context) {
    let mut ctx = Context::new();
    ctx.insert_value("site", v.site.clone());
    ctx.insert_value("data", v.data.clone());
    let url = site.page_url(page);
    let template = match page {
        Page::Index(_) => {
            let p = site.paginator(page).expect("index has a paginator");
            let title = if p.number > 1 {
                tr.tr("page_n", &[("n", &p.number)])
            } else {
                v.site_title.clone()
            };
            ctx.insert_value("page", v.page_value("index", &title, &url, &v.description));
            ctx.insert_value("paginator", v.paginator_value(&p, site.pinned_on(page, &p)));
            "index.html".into()
        }
        Page::Section(s, _) => {
            let p = site.paginator(page).expect("section has a paginator");
            let pinned = site.pinned_on(page, &p);
            let sec = &site.structure.sections.list[s];
            let mut title = sec.doc.title.clone();
            if p.number > 1 {
                title.push_str(&tr.tr("page_suffix_n", &[("n", &p.number)]));
            }
            let description = sec.doc.description.as_deref().unwrap_or(&v.description);
            let ancestry = site.structure.sections.ancestry(s);
            let mut crumbs = v.crumbs(site, &ancestry, tr);
            if p.number > 1 {
                if let Some(last) = crumbs.last_mut() {
                    last.url = url.clone();
                }
            }
            let page = v.page_obj("section", &title, &url, description);
            let page = v.page_in_sections(page, &crumbs, site, &ancestry);
            ctx.insert_value("page", Value::from(page));
            let mut m = v.sections[s].as_map().cloned().unwrap_or_default();
            m.insert(
                "content".into(),
                Value::safe_string(&site.structure.section_bodies[s].html),
            );
            m.insert(
                "ancestors".into(),
                v.section_list(&ancestry[..ancestry.len() - 1]),
            );
            ctx.insert_value("section", Value::from(m));
            ctx.insert_value("paginator", v.paginator_value(&p, pinned));
            match &sec.doc.template {
                Some(t) => Cow::Owned(t.clone()),
                None => "section.html".into(),
            }
        }
        Page::Standalone(i) => {
            let a = &site.standalone[i];
            let description = plain_summary(&a.summary_html);
            let mut crumbs = v.crumbs(site, &[], tr);
            crumbs.push(structure::Crumb {
                name: a.doc.meta.title.clone(),
                url: a.url.clone(),
                ld_name: a.doc.meta.title.clone(),
            });
            let page = v.page_obj("page", &a.doc.meta.title, &url, &description);
            let mut page = v.page_in_sections(page, &crumbs, site, &[]);
            structure::standalone_fields(&mut page, a, toc_value(a));
            page.insert(
                "comments",
                (v.comments && a.doc.meta.comments == Some(true)).into(),
            );
            ctx.insert_value("page", Value::from(page));
            "page.html".into()
        }
        Page::Article(i) => {
            let a = &site.articles[i];
            let ancestry = a
                .doc
                .section
                .map(|s| site.structure.sections.ancestry(s))
                .unwrap_or_default();
            let mut m = v.items[i].as_map().cloned().unwrap_or_default();
            m.insert("content".into(), Value::safe_string(&a.rendered.html));
            m.insert("toc".into(), toc_value(a));
            m.insert("ancestors".into(), v.section_list(&ancestry));
            m.insert("extra".into(), Value::from_serializable(&a.doc.meta.extra));
            m.insert("prev".into(), a.prev.map(|j| v.items[j].clone()).into());
            m.insert("next".into(), a.next.map(|j| v.items[j].clone()).into());
            m.insert(
                "related".into(),
                Value::from(
                    a.related
                        .iter()
                        .map(|&j| v.items[j].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            m.insert("series".into(), series_values(site, v, i));
            m.insert(
                "show_toc".into(),
                (a.doc.meta.toc && a.rendered.toc.len() >= 3).into(),
            );
            m.insert(
                "comments".into(),
                (v.comments && a.doc.meta.comments != Some(false)).into(),
            );
            let sources: Vec<Value> = a
                .doc
                .meta
                .sources
                .iter()
                .map(|s| {
                    let mut sm = Obj::new();
                    sm.insert("name", s.name.as_str().into());
                    sm.insert("url", opt(&safe_url(&s.url, UrlUse::Link)));
                    Value::from(sm)
                })
                .collect();
            m.insert("sources".into(), Value::from(sources));
            m.insert("cover_credit".into(), opt(&a.doc.meta.cover_credit));
            let cover_permalink =
                safe_url(&a.doc.meta.cover, UrlUse::Image).map(|c| v.absolute(&c));
            m.insert("cover_permalink".into(), opt(&cover_permalink));
            let description = plain_summary(&a.summary_html);
            m.insert(
                "json_ld".into(),
                Value::safe_string(&json_ld(a, &description, cover_permalink.as_deref(), v)),
            );
            let mut crumbs = v.crumbs(site, &ancestry, tr);
            // Outside any section the path is the first category, as before sections.
            if let (None, Some(&c)) = (a.doc.section, a.categories().first()) {
                let term = &site.categories().terms[c];
                crumbs.push(structure::Crumb {
                    name: term.name.clone(),
                    url: term.url.clone(),
                    ld_name: term.name.clone(),
                });
            }
            crumbs.push(structure::Crumb {
                name: tr.tr("article_crumb", &[]),
                url: a.url.clone(),
                ld_name: a.doc.meta.title.clone(),
            });
            let page = v.page_obj("article", &a.doc.meta.title, &url, &description);
            let page = v.page_in_sections(page, &crumbs, site, &ancestry);
            ctx.insert_value("page", Value::from(page));
            ctx.insert_value("article", Value::from(m));
            let section = a.doc.section.map(|s| &site.structure.sections.list[s]);
            match section.and_then(|s| s.article_template.as_ref()) {
                Some(t) => Cow::Owned(t.clone()),
                None => "article.html".into(),
            }
        }
        Page::TermList(kind) => {
            let def = &site.taxonomy(kind).def;
            ctx.insert_value(
                "page",
                v.page_value(&def.name, &label_of(def, &v.language), &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(def, &v.base_path, &v.language));
            ctx.insert_value("terms", Value::from(v.terms(kind).to_vec()));
            "taxonomy_list.html".into()
        }
        Page::Term(kind, t, _) => {
            let p = site.paginator(page).expect("term page has a paginator");
            let def = &site.taxonomy(kind).def;
            let term = &site.taxonomy(kind).terms[t];
            let mut title = tr.tr("label_colon", &[("label", &label_of(def, &v.language))]);
            title.push_str(&term.name);
            if p.number > 1 {
                title.push_str(&tr.tr("page_suffix_n", &[("n", &p.number)]));
            }
            ctx.insert_value(
                "page",
                v.page_value(&def.term_kind, &title, &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(def, &v.base_path, &v.language));
            ctx.insert_value("term", v.terms(kind)[t].clone());
            ctx.insert_value("paginator", v.paginator_value(&p, 0));
            "taxonomy_term.html".into()
        }
        Page::Archives => {
            ctx.insert_value(
                "page",
                v.page_value("archives", &tr.tr("archives", &[]), &url, &v.description),
            );
            let mut years: Vec<Value> = Vec::new();
            let mut current: Option<(i16, Vec<Value>)> = None;
            for (y, m, items) in site.archives() {
                let mut mm = Obj::new();
                mm.insert("year", y.into());
                mm.insert("month", m.into());
                mm.insert(
                    "label",
                    tr.tr(
                        "archive_month",
                        &[
                            ("year", &y),
                            ("month", &m),
                            ("mon", &MONTHS[(m as usize).clamp(1, 12) - 1]),
                        ],
                    )
                    .into(),
                );
                mm.insert(
                    "items",
                    Value::from(
                        items
                            .iter()
                            .map(|&i| v.items[i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                match &mut current {
                    Some((cy, months)) if *cy == y => months.push(Value::from(mm)),
                    _ => {
                        if let Some((cy, months)) = current.take() {
                            years.push(year_value(cy, months));
                        }
                        current = Some((y, vec![Value::from(mm)]));
                    }
                }
            }
            if let Some((cy, months)) = current {
                years.push(year_value(cy, months));
            }
            ctx.insert_value("archives", Value::from(years));
            "archives.html".into()
        }
        Page::Search => {
            ctx.insert_value(
                "page",
                v.page_value("search", &tr.tr("search", &[]), &url, &v.description),
            );
            "search.html".into()
        }
        Page::NotFound => {
            ctx.insert_value(
                "page",
                v.page_value("404", &tr.tr("not_found_title", &[]), &url, &v.description),
            );
            "404.html".into()
        }
    };
    (template, ctx)
}

/// `article.series`: one value per series (专题) the article is in: the term, its label,
/// `position` (1-based) and `count`, `items` (up to five neighbours on each side, the current
/// one with `current: true`; each {title, url, position, current}), and `prev` / `next`
/// within the series ({title, url}). Items are small on purpose: every article of a
/// series lists its neighbours, so full list items would be copied ten times per page.
fn series_values(site: &Site, v: &SiteValues, i: usize) -> Value {
    let navs = site.series_of(i);
    if navs.is_empty() {
        return Value::from(Vec::<Value>::new());
    }
    let link = |j: usize| -> Obj {
        let a = &site.articles[j];
        let mut m = Obj::new();
        m.insert("title", a.doc.meta.title.as_str().into());
        m.insert("url", join_url(&v.base_path, &a.url).into());
        m
    };
    Value::from(
        navs.into_iter()
            .map(|nav| {
                let tax = site.taxonomy(nav.kind);
                let list = &tax.terms[nav.term].articles;
                let mut m = v.terms[nav.kind.0][nav.term]
                    .as_map()
                    .cloned()
                    .unwrap_or_default();
                m.insert("label".into(), label_of(&tax.def, &v.language).into());
                m.insert("taxonomy".into(), tax.def.name.as_str().into());
                m.insert("position".into(), (nav.position + 1).into());
                m.insert("count".into(), list.len().into());
                let items: Vec<Value> = nav
                    .window
                    .clone()
                    .map(|p| {
                        let mut item = link(list[p]);
                        item.insert("position", (p + 1).into());
                        item.insert("current", (p == nav.position).into());
                        Value::from(item)
                    })
                    .collect();
                m.insert("items".into(), Value::from(items));
                m.insert("more_before".into(), (nav.window.start > 0).into());
                m.insert("more_after".into(), (nav.window.end < list.len()).into());
                m.insert(
                    "prev".into(),
                    nav.position
                        .checked_sub(1)
                        .map(|p| Value::from(link(list[p])))
                        .into(),
                );
                m.insert(
                    "next".into(),
                    list.get(nav.position + 1)
                        .map(|&j| Value::from(link(j)))
                        .into(),
                );
                Value::from(m)
            })
            .collect::<Vec<_>>(),
    )
}

/// A document's table of contents as a value.
fn toc_value(a: &Article) -> Value {
    Value::from(
        a.rendered
            .toc
            .iter()
            .map(|h| {
                let mut hm = Obj::new();
                hm.insert("level", h.level.into());
                hm.insert("id", h.id.as_str().into());
                hm.insert("title", h.title.as_str().into());
                Value::from(hm)
            })
            .collect::<Vec<_>>(),
    )
}

fn year_value(year: i16, months: Vec<Value>) -> Value {
    let count: usize = months
        .iter()
        .filter_map(|m| m.as_map())
        .filter_map(|m| m.get(&"items".into()).and_then(|v| v.len()))
        .sum();
    let mut m = Obj::new();
    m.insert("year", year.into());
    m.insert("count", count.into());
    m.insert("months", Value::from(months));
    Value::from(m)
}

/// JSON-LD `NewsArticle` for an article page, safe to place inside `<script>`.
fn json_ld(
    a: &crate::site::Article,
    description: &str,
    image: Option<&str>,
    v: &SiteValues,
) -> String {
    let meta = &a.doc.meta;
    // The article's author, else the site's; a site without one is credited as the
    // organisation that publishes it.
    let listed: Vec<serde_json::Value> = v
        .authors
        .map(|k| {
            a.terms_of(TaxonomyKind(k))
                .iter()
                .filter_map(|&t| {
                    let m = v.terms[k][t].as_map()?;
                    let name = m.get(&"name".into())?.as_str()?;
                    let url = m.get(&"permalink".into())?.as_str()?;
                    Some(serde_json::json!({
                        "@type": "Person",
                        "name": name,
                        "url": url,
                    }))
                })
                .collect()
        })
        .unwrap_or_default();
    let authors = if !listed.is_empty() {
        listed
    } else {
        vec![match meta.author.as_deref().or(v.site_author.as_deref()) {
            Some(name) => serde_json::json!({"@type": "Person", "name": name}),
            None => serde_json::json!({"@type": "Organization", "name": v.site_title}),
        }]
    };
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "description": description,
        "datePublished": rfc3339(&meta.date),
        "dateModified": rfc3339(meta.updated.as_ref().unwrap_or(&meta.date)),
        "author": authors,
        "publisher": {"@type": "Organization", "name": v.site_title, "url": v.base_url},
        "mainEntityOfPage": format!("{}{}", v.base_url, encode_path(&a.url)),
    });
    if let Some(img) = image {
        ld["image"] = serde_json::json!([img]);
    }
    if !meta.tags.is_empty() {
        ld["keywords"] = serde_json::json!(meta.tags);
    }
    structure::script_safe(&ld)
}

/// Summary HTML reduced to text for `<meta name="description">`.
fn plain_summary(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
