//! `kuaixun build`: one full build, one summary line.

use crate::build::{build, BuildOptions};
use crate::error::Errors;

pub fn run(opts: BuildOptions) -> Result<(), Errors> {
    let report = build(&opts)?;
    for w in report.images.iter().flat_map(|r| &r.warnings) {
        crate::error::warn(w);
    }
    println!("{report}");
    Ok(())
}
