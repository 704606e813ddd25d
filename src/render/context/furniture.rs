//! The site furniture a Chinese site needs, as `site.*` values: 备案 numbers, analytics and
//! comments (issue 13, section 6).

use super::*;

/// `site.beian`: `{icp, police, police_code}`, or none.
pub(super) fn beian_value(config: &Config) -> Value {
    let b = &config.beian;
    if b.icp.is_none() && b.police.is_none() {
        return Value::none();
    }
    let mut m = Obj::new();
    m.insert("icp", opt(&b.icp.as_ref().map(|s| s.trim().to_string())));
    m.insert(
        "police",
        opt(&b.police.as_ref().map(|s| s.trim().to_string())),
    );
    m.insert("police_code", opt(&b.police_code()));
    Value::from(m)
}

/// `site.analytics`: the configured ids (checked by the config), or none when there are
/// none, and in `kuaixun serve` unless `analytics.in_serve: true`.
pub(super) fn analytics_value(config: &Config) -> Value {
    let a = &config.analytics;
    if !a.any() || (config.serving && !a.in_serve) {
        return Value::none();
    }
    let mut m = Obj::new();
    m.insert("baidu", opt(&a.baidu));
    m.insert("la51", opt(&a.la51));
    m.insert("google", opt(&a.google));
    m.insert(
        "plausible",
        match &a.plausible {
            Some(p) => {
                let mut pm = Obj::new();
                pm.insert("domain", p.domain.replace(' ', "").into());
                pm.insert(
                    "src",
                    p.src
                        .as_deref()
                        .unwrap_or("https://plausible.io/js/script.js")
                        .into(),
                );
                Value::from(pm)
            }
            None => Value::none(),
        },
    );
    m.insert(
        "umami",
        match &a.umami {
            Some(u) => {
                let mut um = Obj::new();
                um.insert("website_id", u.website_id.as_str().into());
                um.insert("src", u.src.as_str().into());
                Value::from(um)
            }
            None => Value::none(),
        },
    );
    Value::from(m)
}

/// `site.comments`: `{provider, script, css, server_url, giscus}`, or none.
pub(super) fn comments_value(config: &Config) -> Value {
    let Some(c) = &config.comments else {
        return Value::none();
    };
    let mut m = Obj::new();
    m.insert("provider", c.provider.name().into());
    m.insert("script", c.script_url().into());
    m.insert("css", c.css_url().map(str::to_string).into());
    m.insert("server_url", opt(&c.server_url));
    m.insert(
        "giscus",
        match &c.giscus {
            Some(g) => {
                let mut gm = Obj::new();
                gm.insert("repo", g.repo.as_str().into());
                gm.insert("repo_id", g.repo_id.as_str().into());
                gm.insert("category", g.category.as_str().into());
                gm.insert("category_id", g.category_id.as_str().into());
                gm.insert("mapping", g.mapping.as_str().into());
                Value::from(gm)
            }
            None => Value::none(),
        },
    );
    Value::from(m)
}
