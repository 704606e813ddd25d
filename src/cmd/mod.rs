//! Command-line entry points, one small file per command: parse nothing, print little,
//! call the library.

pub mod build;
pub mod serve;
