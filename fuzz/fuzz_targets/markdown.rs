//! Arbitrary text through the Markdown stage with the CJK passes on (the default options),
//! and once more under a base path so the link rewriting runs. `render` never fails, so any
//! panic is a bug.
#![no_main]

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
        ..Options::default()
    };
    let _ = render(text, &opts);
});
