//! The one place that calls the YAML library (`serde_yaml`). Config files and front matter are
//! parsed here into `serde_json::Value`, so swapping the YAML crate touches this file only.

use serde_json::Value;

/// A YAML syntax error with the position reported by the parser (1-based, relative to the
/// text that was parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// Parse a YAML document into a JSON-like value. An empty document yields `Value::Null`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let loc = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line X column Y"; we report the position separately.
        if let Some(idx) = message.find(" at line ") {
            message.truncate(idx);
        }
        YamlError {
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chinese_mapping() {
        let v = parse("title: 英伟达发布 H200\ntags: [人工智能, GPU]\n").unwrap();
        assert_eq!(v["title"], "英伟达发布 H200");
        assert_eq!(v["tags"][1], "GPU");
    }

    #[test]
    fn reports_line_of_syntax_error() {
        let err = parse("title: 好\ntags: [a, b\nauthor: 张三\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn empty_is_null() {
        assert_eq!(parse("  \n").unwrap(), Value::Null);
    }
}
