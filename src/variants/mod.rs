//! Script variants (`variants: [zh-TW, zh-HK]`): whole editions of the site in Traditional
//! script, converted at build time from the Simplified source with OpenCC's tables.

pub mod opencc;
