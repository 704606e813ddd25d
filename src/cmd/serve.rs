//! `kuaixun serve`: a live-reloading preview server (see `crate::serve`).

use crate::error::Errors;
use crate::serve::{self, ServeOptions};

pub fn run(opts: ServeOptions) -> Result<(), Errors> {
    serve::run(opts)
}
