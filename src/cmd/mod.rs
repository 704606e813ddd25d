//! Command-line entry points, one small file per command: parse nothing, print little,
//! call the library.

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
