//! `/sitemap.xml` (sitemaps.org) with `lastmod` for every page, split into a sitemap index
//! past 50,000 URLs, optionally with Baidu's mobile namespace; and `/robots.txt`.

use std::fmt::Write;

use super::feeds::{absolute, last_modified, xml_escape};
use crate::config::Config;
use crate::site::{Page, Site};

/// Most URLs one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

/// (absolute URL, lastmod) of every page worth indexing.
pub fn entries(site: &Site, config: &Config) -> Vec<(String, String)> {
    let newest = (0..site.articles.len())
        .map(|i| last_modified(&site.articles[i]))
        .max();
    let fallback = newest
        .clone()
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    site.pages()
        .into_iter()
        .filter(|p| !matches!(p, Page::NotFound))
        .map(|page| {
            let lastmod = match page {
                Page::Article(i) => last_modified(&site.articles[i]),
                Page::Index(_) | Page::Term(..) => site
                    .paginator(page)
                    .and_then(|p| p.items().map(|i| last_modified(&site.articles[i])).max())
                    .unwrap_or_else(|| fallback.clone()),
                _ => fallback.clone(),
            };
            (absolute(config, &site.page_url(page)), lastmod)
        })
        .collect()
}

/// The sitemap files: (output path, XML).
pub fn files(site: &Site, config: &Config) -> Vec<(String, String)> {
    split(&entries(site, config), config)
}

/// One `sitemap.xml`, or a sitemap index over `sitemap-N.xml` files of at most
/// [`MAX_URLS`] URLs each.
fn split(entries: &[(String, String)], config: &Config) -> Vec<(String, String)> {
    if entries.len() <= MAX_URLS {
        return vec![(
            "sitemap.xml".into(),
            urlset(entries, config.sitemap_baidu_mobile),
        )];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let lastmod = chunk
            .iter()
            .map(|(_, l)| l.as_str())
            .max()
            .unwrap_or_default();
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc><lastmod>{}</lastmod></sitemap>",
            xml_escape(&absolute(config, &name)),
            lastmod
        );
        files.push((name, urlset(chunk, config.sitemap_baidu_mobile)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index));
    files
}

fn urlset(entries: &[(String, String)], baidu_mobile: bool) -> String {
    let mut out = String::with_capacity(64 + entries.len() * 120);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if baidu_mobile {
        out.push_str(" xmlns:mobile=\"http://www.baidu.com/schemas/sitemap-mobile/1/\"");
    }
    out.push_str(">\n");
    for (loc, lastmod) in entries {
        let _ = write!(
            out,
            "  <url><loc>{}</loc><lastmod>{}</lastmod>",
            xml_escape(loc),
            lastmod
        );
        if baidu_mobile {
            out.push_str("<mobile:mobile type=\"pc,mobile\"/>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `/robots.txt` allowing everything and pointing at the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute(config, "sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_past_fifty_thousand_urls() {
        let config = Config::parse("base_url: https://a.example/news/\n").unwrap();
        let entries: Vec<(String, String)> = (0..MAX_URLS + 10)
            .map(|i| {
                (
                    format!("https://a.example/news/posts/{i}/"),
                    "2025-11-20T10:30:00+08:00".into(),
                )
            })
            .collect();
        let files = split(&entries, &config);
        let names: Vec<_> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert!(files[2].1.contains("<sitemapindex"));
        assert!(files[2]
            .1
            .contains("<loc>https://a.example/news/sitemap-2.xml</loc>"));
        assert_eq!(files[1].1.matches("<url>").count(), 10);
    }

    #[test]
    fn urlset_with_baidu_namespace() {
        let xml = urlset(
            &[(
                "https://a.example/posts/%E4%B8%AD/".into(),
                "2025-11-20T10:30:00+08:00".into(),
            )],
            true,
        );
        assert!(xml.contains("xmlns:mobile=\"http://www.baidu.com/schemas/sitemap-mobile/1/\""));
        assert!(xml.contains("<mobile:mobile type=\"pc,mobile\"/>"));
        assert!(xml.contains("<lastmod>2025-11-20T10:30:00+08:00</lastmod>"));
    }
}
