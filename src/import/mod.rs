//! Import: converts sites of other generators into kuaixun sites (see `cmd::import`).
