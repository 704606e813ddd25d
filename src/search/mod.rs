//! Search stage (part of output): builds the static Chinese full-text search index.
//! STUB: to be replaced by the real implementation.

use crate::config::Config;
use crate::site::Site;

/// Files of the search index, paths relative to the output folder.
pub struct SearchIndex {
    pub files: Vec<(String, Vec<u8>)>,
}

impl SearchIndex {
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }
}

pub fn build_index(_site: &Site, _config: &Config) -> SearchIndex {
    SearchIndex { files: Vec::new() }
}
