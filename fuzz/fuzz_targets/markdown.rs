//! Arbitrary text through the Markdown stage with the CJK passes on (the default options,
//! raw HTML sanitized), and once more under a base path with raw HTML escaped, so the link
//! rewriting and the escape policy run. `render` never fails, so any panic is a bug.
#![no_main]

use kuaixun::config::RawHtml;
use kuaixun::markdown::{render, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = render(text, &Options::default());
    assert!(r.summary_html.as_ref().is_none_or(|s| !s.trim().is_empty()));
    let opts = Options {
        base_path: "/news/".to_string(),
        raw_html: RawHtml::Escape,
        ..Options::default()
    };
    let _ = render(text, &opts);
});
