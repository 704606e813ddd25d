//! `kuaixun serve`: pages name the same variants a build would, and the server answers for
//! them from the cache. Variants are encoded on a background thread ([`Images::encode_pending`],
//! one source at a time), never on the reload path; until a variant is ready, its URL answers
//! with the original image, so every image shows at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{cache, process, Images, Job};
use crate::error::Error;

/// What the server sends for one `_img/` name.
#[derive(Debug)]
pub struct Served {
    pub bytes: Vec<u8>,
    /// The file whose extension gives the content type: the variant, or the original while
    /// the variant is not encoded yet (or could not be).
    pub type_of: PathBuf,
    /// The encoded variant (not its original).
    pub ready: bool,
}

impl Images {
    /// The bytes for the variant `name` (the part of the URL after `_img/`), if a page of this
    /// session planned it.
    pub fn served(&self, name: &str) -> Option<Served> {
        let job = self.jobs.lock().ok()?.get(name).cloned()?;
        let cached = self.cache.path(name);
        if let Ok(bytes) = std::fs::read(&cached) {
            return Some(Served {
                bytes,
                type_of: PathBuf::from(name),
                ready: true,
            });
        }
        let bytes = std::fs::read(self.abs(&job.file)).ok()?;
        Some(Served {
            bytes,
            type_of: job.file,
            ready: false,
        })
    }

    /// Encode every planned variant the cache lacks, one source at a time; returns how many
    /// were encoded and a warning (at the first article using it) for each source that
    /// cannot be decoded, which is not tried again in this session.
    pub fn encode_pending(&self) -> (usize, Vec<Error>) {
        let jobs = self.jobs.lock().map(|j| j.clone()).unwrap_or_default();
        let failed = self.failed.lock().map(|f| f.clone()).unwrap_or_default();
        let mut by_file: BTreeMap<&Path, Vec<(&String, &Job)>> = BTreeMap::new();
        for (name, job) in &jobs {
            if !failed.contains(name) && !self.cache.path(name).exists() {
                by_file
                    .entry(job.file.as_path())
                    .or_default()
                    .push((name, job));
            }
        }
        let mut warnings = Vec::new();
        if by_file.is_empty() || std::fs::create_dir_all(self.cache.path("")).is_err() {
            return (0, warnings);
        }
        let mut resizer = fast_image_resize::Resizer::new();
        let mut encoded = 0;
        for (file, group) in by_file {
            let decoded = std::fs::read(self.abs(file))
                .map_err(|e| e.to_string())
                .and_then(|b| process::decode(&b, self.conf.max_pixels));
            let mut warned = false;
            for (name, job) in group {
                let bytes = match &decoded {
                    Ok(d) => d.variant(job.op, self.conf.quality, &mut resizer),
                    Err(why) => Err(why.clone()),
                };
                let why = match bytes.map(|b| cache::write_atomic(&self.cache.path(name), &b)) {
                    Ok(Ok(())) => {
                        encoded += 1;
                        continue;
                    }
                    Ok(Err(why)) | Err(why) => why,
                };
                if let Ok(mut f) = self.failed.lock() {
                    f.insert(name.clone());
                }
                if !std::mem::replace(&mut warned, true) {
                    let e = Error::in_file(
                        &job.used_in,
                        format!(
                            "image `{}`: {why}; the original is shown as it is",
                            file.display()
                        ),
                    );
                    warnings.push(e.at(job.line, None));
                }
            }
        }
        (encoded, warnings)
    }
}
