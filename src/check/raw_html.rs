//! Warnings for what rendering changes in an article: raw HTML that `markdown.raw_html`
//! removes or escapes, and links and images shown as text because of a blocked URL scheme.

use super::{line_col, Kind, Problem, Source};
use crate::config::RawHtml;
use crate::markdown::safe_html;

pub(super) fn check(source: &Source, policy: RawHtml) -> Vec<Problem> {
    let doc = &source.doc;
    safe_html::changes(&doc.body, policy)
        .into_iter()
        .map(|c| {
            let (line, column) = line_col(&doc.body, c.offset, doc.body_line);
            Problem::new(Kind::RawHtml, Some(&doc.path), c.message).at(line, Some(column))
        })
        .collect()
}
