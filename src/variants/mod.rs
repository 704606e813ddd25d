//! Script variants (`variants: [zh-TW, zh-HK]`): whole editions of the site in Traditional
//! script, converted at build time from the Simplified source with OpenCC's tables.

pub mod html;
pub mod opencc;
pub mod site;

use opencc::Converter;

use crate::config::Config;
use crate::error::Error;
use crate::site::Site;

/// An article or page whose URL is inside an edition's path (`/zh-tw/…`) would be hidden by
/// that edition: an error at its URL line.
pub fn inside_editions(site: &Site, config: &Config) -> Vec<Error> {
    let mut errors = Vec::new();
    for e in config.editions.iter().skip(1) {
        for a in site.articles.iter().chain(&site.standalone) {
            if a.url.starts_with(&e.prefix) {
                errors.push(
                    Error::in_file(
                        &a.doc.path,
                        format!(
                            "its URL /{} is inside /{}, where the {} edition is (variants:); \
                             give it another URL",
                            a.url, e.prefix, e.code
                        ),
                    )
                    .at(Some(a.doc.slug_line), None),
                );
            }
        }
    }
    errors
}

/// A Tera template with its literal text (the theme's words, 阅读全文) converted; what is
/// inside `{{ }}`, `{% %}` and `{# #}` stays as written.
pub fn convert_template(text: &str, conv: &Converter) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let close = match rest.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                conv.convert_into(&rest[..at + 1], &mut out);
                rest = &rest[at + 1..];
                continue;
            }
        };
        conv.convert_into(&rest[..at], &mut out);
        let end = rest[at + 2..]
            .find(close)
            .map_or(rest.len(), |p| at + 2 + p + 2);
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
    }
    conv.convert_into(rest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_convert_their_words_not_their_code() {
        let conv = Converter::new(opencc::Table::S2twp);
        assert_eq!(
            convert_template(
                r#"<a title="软件">阅读全文</a>{{ x | default(value="软件") }}{% if a %}软件{% endif %}{# 软件 #}{ 软件 }"#,
                &conv
            ),
            r#"<a title="軟體">閱讀全文</a>{{ x | default(value="软件") }}{% if a %}軟體{% endif %}{# 软件 #}{ 軟體 }"#
        );
    }
}
