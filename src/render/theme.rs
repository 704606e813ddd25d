//! The default theme, embedded in the binary: a site that lacks a template or theme asset
//! falls back to these, file by file.

/// Built-in templates, by Tera name (path under `templates/`).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "taxonomy_list.html",
        include_str!("../../templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_term.html",
        include_str!("../../templates/taxonomy_term.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "archives.html",
        include_str!("../../templates/archives.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "partials/item.html",
        include_str!("../../templates/partials/item.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/breadcrumb.html",
        include_str!("../../templates/partials/breadcrumb.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../../templates/partials/toc.html"),
    ),
    (
        "partials/series.html",
        include_str!("../../templates/partials/series.html"),
    ),
    (
        "partials/analytics.html",
        include_str!("../../templates/partials/analytics.html"),
    ),
    (
        "partials/comments.html",
        include_str!("../../templates/partials/comments.html"),
    ),
];

/// Built-in static assets, by path under `static/`.
pub const STATIC: &[(&str, &[u8])] = &[
    (
        "css/style.css",
        include_bytes!("../../static/css/style.css"),
    ),
    ("js/search.js", include_bytes!("../../static/js/search.js")),
    ("js/embeds.js", include_bytes!("../../static/js/embeds.js")),
];
