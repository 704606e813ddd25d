//! kuaixun (快讯): a static site generator for Chinese tech-news sites.
//!
//! The pipeline runs one way, one module per stage:
//! [`config`] → [`content`] (walk + front matter) and [`data`] (data files) → [`markdown`] → [`site`] (model) →
//! [`render`] (Tera) → [`output`] (write). [`build`] owns the order of the stages;
//! [`cmd`] holds the thin command-line entry points.

pub mod build;
pub mod cache;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod data;
pub mod deploy;
pub mod error;
pub mod images;
pub mod import;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod timings;
pub mod utf8;
pub mod variants;
pub mod yaml;
