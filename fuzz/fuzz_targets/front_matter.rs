//! Arbitrary bytes as an article file: UTF-8/BOM/CRLF decoding, the `---` split, YAML and
//! the typed front-matter fields, dates and slugs. Errors are fine; panics are bugs. Every
//! error must name the file, and its line (when given) must lie inside the file.
#![no_main]

use std::path::Path;

use kuaixun::config::Config;
use kuaixun::content::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let tz = config.tz();
    let rel = Path::new("content/posts/fuzz.md");
    // Lines as an editor shows them: LF, CRLF and a lone CR each end one.
    let breaks = (0..data.len())
        .filter(|&i| data[i] == b'\n' || (data[i] == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = breaks + 1;
    match parse_document(rel, data.to_vec(), &tz, config.slug_style) {
        Ok(doc) => {
            assert!(
                kuaixun::content::slug::check_slug(&doc.slug).is_ok(),
                "{:?}",
                doc.slug
            );
            assert!(!doc.meta.title.trim().is_empty());
            assert!(doc.body_line >= 3);
        }
        Err(e) => {
            assert_eq!(e.file.as_deref(), Some(rel), "{e}");
            if let Some(line) = e.line {
                assert!(
                    (1..=lines + 1).contains(&line),
                    "line {line} of {lines}: {e}"
                );
            }
            assert!(!e.message.is_empty());
        }
    }
});
