//! What a deploy does: the manifest kuaixun keeps in the bucket, the remote listing, and
//! the plan (uploads in phases, deletions) that makes the bucket equal the output folder.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::local::{Kind, LocalFile};

/// The manifest object, beside the site's files under the target's prefix.
pub const MANIFEST_KEY: &str = ".kuaixun-deploy.json";

/// What kuaixun uploaded: per key, the content hash and headers it sent and the ETag the
/// bucket answered. An entry is added only after its upload succeeded, so the manifest
/// never claims more than the bucket holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub md5: String,
    pub size: u64,
    pub etag: String,
    pub content_type: String,
    pub cache_control: String,
    /// For article pages: a hash of the article without the parts that show other articles
    /// (prev/next, related), so that a neighbour's edit is not pushed to search engines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// An object of the remote listing (key relative to the prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteObject {
    pub etag: String,
    pub size: u64,
}

/// Why a file is uploaded (shown by `--dry-run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    New,
    Changed,
    Headers,
    Forced,
}

impl Why {
    pub fn label(self) -> &'static str {
        match self {
            Why::New => "new",
            Why::Changed => "changed",
            Why::Headers => "headers",
            Why::Forced => "forced",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Index into the local file list.
    pub file: usize,
    pub why: Why,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// 0: assets, then new pages; 1: changed pages; 2: feeds, sitemaps, search manifest.
    pub phases: [Vec<Upload>; 3],
    /// Remote keys the output no longer has (only with `--delete`), with their sizes.
    pub deletes: Vec<(String, u64)>,
    /// Remote keys the output no longer has, left alone (no `--delete`).
    pub stale: usize,
    pub skipped: usize,
}

impl Plan {
    pub fn uploads(&self) -> impl Iterator<Item = &Upload> {
        self.phases.iter().flatten()
    }
}

/// Lower-case ETag without quotes (`"9E10…"` → `9e10…`).
pub fn normalize_etag(etag: &str) -> String {
    etag.trim().trim_matches('"').to_ascii_lowercase()
}

/// A file is skipped only when the manifest records this content and these headers, and the
/// listing shows the object with the ETag recorded at upload (nobody changed it since).
pub fn plan(
    local: &[LocalFile],
    manifest: &Manifest,
    remote: &HashMap<String, RemoteObject>,
    force: bool,
    delete: bool,
) -> Plan {
    let mut plan = Plan::default();
    for (i, f) in local.iter().enumerate() {
        let r = remote.get(&f.key);
        let m = manifest.files.get(&f.key);
        let why = if force {
            Some(Why::Forced)
        } else {
            match (r, m) {
                (None, _) => Some(Why::New),
                (Some(_), None) => Some(Why::Changed),
                (Some(r), Some(m)) => {
                    if m.md5 != f.md5 || m.etag != r.etag || m.size != r.size {
                        Some(Why::Changed)
                    } else if m.content_type != f.content_type || m.cache_control != f.cache_control
                    {
                        Some(Why::Headers)
                    } else {
                        None
                    }
                }
            }
        };
        let Some(why) = why else {
            plan.skipped += 1;
            continue;
        };
        let phase = match f.kind {
            Kind::Late => 2,
            Kind::Page if r.is_some() => 1,
            _ => 0,
        };
        plan.phases[phase].push(Upload { file: i, why });
    }
    // Assets before new pages, so a new page never links to a missing image or style sheet.
    plan.phases[0].sort_by_key(|u| (local[u.file].kind, u.file));
    let keys: HashSet<&str> = local.iter().map(|f| f.key.as_str()).collect();
    let mut gone: Vec<(String, u64)> = remote
        .iter()
        .filter(|(k, _)| k.as_str() != MANIFEST_KEY && !keys.contains(k.as_str()))
        .map(|(k, r)| (k.clone(), r.size))
        .collect();
    gone.sort();
    if delete {
        plan.deletes = gone;
    } else {
        plan.stale = gone.len();
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::local;

    fn file(key: &str, md5: &str) -> LocalFile {
        LocalFile {
            key: key.into(),
            path: key.into(),
            size: 3,
            md5: md5.into(),
            content_type: local::content_type(key),
            cache_control: local::cache_control(key, &[]),
            kind: local::kind(key),
        }
    }

    fn uploaded(files: &[LocalFile]) -> (Manifest, HashMap<String, RemoteObject>) {
        let mut m = Manifest::default();
        let mut r = HashMap::new();
        for f in files {
            m.files.insert(
                f.key.clone(),
                Entry {
                    md5: f.md5.clone(),
                    size: f.size,
                    etag: f.md5.clone(),
                    content_type: f.content_type.clone(),
                    cache_control: f.cache_control.clone(),
                    article: None,
                },
            );
            r.insert(
                f.key.clone(),
                RemoteObject {
                    etag: f.md5.clone(),
                    size: f.size,
                },
            );
        }
        (m, r)
    }

    #[test]
    fn first_deploy_orders_assets_pages_then_feeds() {
        let local = vec![
            file("atom.xml", "a"),
            file("css/style.1ebe309b.css", "b"),
            file("index.html", "c"),
            file("posts/a/index.html", "d"),
            file("search/manifest.json", "e"),
            file("search/shards/1.json", "f"),
        ];
        let p = plan(&local, &Manifest::default(), &HashMap::new(), false, false);
        let keys = |ph: usize| -> Vec<&str> {
            p.phases[ph]
                .iter()
                .map(|u| local[u.file].key.as_str())
                .collect()
        };
        assert_eq!(
            keys(0),
            [
                "css/style.1ebe309b.css",
                "search/shards/1.json",
                "index.html",
                "posts/a/index.html"
            ]
        );
        assert!(keys(1).is_empty());
        assert_eq!(keys(2), ["atom.xml", "search/manifest.json"]);
    }

    #[test]
    fn unchanged_is_skipped_and_changes_are_found() {
        let local = vec![file("index.html", "a"), file("posts/a/index.html", "b")];
        let (m, mut r) = uploaded(&local);
        let p = plan(&local, &m, &r, false, false);
        assert_eq!(p.uploads().count(), 0);
        assert_eq!(p.skipped, 2);
        // Changed by hand in the bucket: the listing's ETag differs from the manifest's.
        r.get_mut("index.html").unwrap().etag = "zzz".into();
        r.insert(
            "old/index.html".into(),
            RemoteObject {
                etag: "q".into(),
                size: 1,
            },
        );
        let p = plan(&local, &m, &r, false, true);
        assert_eq!(
            p.phases[1],
            [Upload {
                file: 0,
                why: Why::Changed
            }]
        );
        assert_eq!(p.deletes, [("old/index.html".to_string(), 1)]);
        let p = plan(&local, &m, &r, false, false);
        assert!(p.deletes.is_empty());
        assert_eq!(p.stale, 1);
        let p = plan(&local, &m, &r, true, false);
        assert_eq!(p.uploads().count(), 2);
    }

    #[test]
    fn header_change_re_uploads() {
        let local = vec![file("index.html", "a")];
        let (mut m, r) = uploaded(&local);
        m.files.get_mut("index.html").unwrap().cache_control = "no-cache".into();
        let p = plan(&local, &m, &r, false, false);
        assert_eq!(p.phases[1][0].why, Why::Headers);
    }
}
