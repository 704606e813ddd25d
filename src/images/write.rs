//! After the pages: every planned variant copied from the cache or encoded (sources in
//! parallel, each decoded once), into the staging folder's `_img/`; then the cache pruned.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{cache, process, Images, Job, Report, CACHE_DIR, OUT_DIR};
use crate::error::Error;
use crate::output::Staging;

impl Images {
    /// Encode every planned variant the cache lacks, copy all of them into the staging
    /// folder's `_img/`, and prune the cache. Only an output that cannot be written fails.
    pub fn write(&self, staging: &Staging) -> Result<Report, Error> {
        let jobs = self.jobs.lock().map(|j| j.clone()).unwrap_or_default();
        let mut by_file: BTreeMap<&Path, Vec<(&String, &Job)>> = BTreeMap::new();
        for (name, job) in &jobs {
            by_file
                .entry(job.file.as_path())
                .or_default()
                .push((name, job));
        }
        let out_dir = staging.path().join(OUT_DIR);
        if !jobs.is_empty() {
            std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
            let cache_dir = self.cache.path("");
            std::fs::create_dir_all(&cache_dir).map_err(|e| Error::io(&cache_dir, e))?;
        }
        let groups: Vec<(&Path, Vec<(&String, &Job)>)> = by_file.into_iter().collect();
        let counts: Vec<Result<(usize, usize), Error>> = groups
            .par_iter()
            .map_init(fast_image_resize::Resizer::new, |resizer, (file, group)| {
                self.write_source(file, group, staging, resizer)
            })
            .collect();
        let mut report = Report::default();
        for c in counts {
            let (processed, cached) = c?;
            report.processed += processed;
            report.cached += cached;
        }
        let names: BTreeSet<String> = jobs.keys().cloned().collect();
        if let Err(why) = self.cache.finish(&names) {
            self.warn(Path::new(CACHE_DIR), None, Path::new(CACHE_DIR), &why);
        }
        report.warnings = self.warnings.lock().map(|w| w.clone()).unwrap_or_default();
        // Documents render in parallel: report in file and line order.
        report
            .warnings
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(report)
    }

    /// The variants of one source: copied from the cache, or decoded once and encoded.
    fn write_source(
        &self,
        file: &Path,
        group: &[(&String, &Job)],
        staging: &Staging,
        resizer: &mut fast_image_resize::Resizer,
    ) -> Result<(usize, usize), Error> {
        let (mut processed, mut cached) = (0, 0);
        let mut decoded: Option<Result<process::Decoded, String>> = None;
        let mut warned = false;
        for (name, job) in group {
            // Through the staging folder: a variant unchanged since the last build keeps its
            // file (and modification time) in the output.
            let target = format!("{OUT_DIR}/{name}");
            let cached_file = self.cache.path(name);
            if staging.copy(&target, &cached_file).is_ok() {
                cached += 1;
                continue;
            }
            let d = decoded.get_or_insert_with(|| {
                std::fs::read(self.abs(file))
                    .map_err(|e| e.to_string())
                    .and_then(|b| process::decode(&b, self.conf.max_pixels))
            });
            let bytes = match d {
                Ok(d) => d.variant(job.op, self.conf.quality, resizer),
                Err(why) => Err(why.clone()),
            };
            match bytes {
                Ok(bytes) => {
                    processed += 1;
                    staging.write(&target, &bytes)?;
                    // A variant that cannot be cached is encoded again next time.
                    let _ = cache::write_atomic(&cached_file, &bytes);
                }
                Err(why) => {
                    // The page already names the variant: it gets the original's bytes
                    // (browsers sniff image types), so the image still shows.
                    if !std::mem::replace(&mut warned, true) {
                        self.warn(&job.used_in, job.line, file, &why);
                    }
                    staging.copy(&target, &self.abs(file))?;
                }
            }
        }
        Ok((processed, cached))
    }
}
