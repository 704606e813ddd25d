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

/// Serialize a value as a YAML document (block style, quoted where YAML needs it).
pub fn to_string(value: &Value) -> String {
    // Serializing a JSON value cannot fail: every key is a string.
    serde_yaml::to_string(value).unwrap_or_else(|_| format!("{value}\n"))
}

/// Front-matter lines for `entries`, in the given order: `key: value` per entry, short text
/// plain (`date: 2025-11-20 10:30:00`), lists of names in flow style (`tags: [人工智能, GPU]`),
/// anything else in block style, quoted wherever YAML needs it. The text always parses back
/// to exactly `entries` (each candidate form is checked by parsing it).
pub fn front_matter(entries: &[(String, Value)]) -> String {
    let mut out = String::new();
    for (key, value) in entries {
        let mut single = serde_json::Map::new();
        single.insert(key.clone(), value.clone());
        let expect = Value::Object(single);
        let key_text = to_string(&Value::String(key.clone()));
        let key_text = key_text.trim_end();
        let short = match value {
            Value::String(s) if plain_ok(s) => Some(format!("{key_text}: {s}\n")),
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|item| match item {
                    Value::String(s) if plain_ok(s) => Some(s.clone()),
                    Value::String(s) => Some(Value::String(s.clone()).to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(|items| format!("{key_text}: [{}]\n", items.join(", "))),
            _ => None,
        };
        let line = short
            .filter(|l| parse(l).ok().as_ref() == Some(&expect))
            .unwrap_or_else(|| to_string(&expect));
        out.push_str(&line);
    }
    out
}

/// Text that may be written unquoted, also inside a flow list (the caller still checks that
/// it reads back as the same string: `true`, `12` or `null` do not).
fn plain_ok(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', '!', '&', '*', '|', '>', '%', '@', '`', '\'', '"',
        ])
        && !s.contains([',', '[', ']', '{', '}', '#', '\n', '\r', '\t', '"', '\''])
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
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

    fn entries(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn front_matter_is_readable_and_round_trips() {
        let e = entries(&[
            ("title", Value::from("英伟达发布 H200：显存带宽再提升")),
            ("date", Value::from("2025-11-20 10:30:00")),
            ("tags", serde_json::json!(["人工智能", "GPU"])),
            ("draft", Value::Bool(true)),
        ]);
        let text = front_matter(&e);
        assert_eq!(
            text,
            "title: 英伟达发布 H200：显存带宽再提升\ndate: 2025-11-20 10:30:00\ntags: [人工智能, GPU]\ndraft: true\n"
        );
    }

    #[test]
    fn awkward_values_are_quoted() {
        let tricky = [
            "Rust: 为什么快",
            "“引号”与 \"quotes\" 和 'single'",
            "# 不是注释",
            "C# 与 F#",
            "- 列表？",
            "true",
            "2077",
            "null",
            "~",
            " 前后空格 ",
            "a, b",
            "[括号]",
            "{花括号}",
            "多行\n标题",
            "@提及",
            "`代码`",
            "百分之 100%",
            "? 问号",
            "结尾冒号:",
        ];
        for s in tricky {
            let e = entries(&[
                ("title", Value::from(s)),
                ("tags", serde_json::json!([s, "普通"])),
            ]);
            let text = front_matter(&e);
            let back = parse(&text).unwrap_or_else(|err| panic!("{s:?}: {err:?}\n{text}"));
            assert_eq!(back["title"], s, "{text}");
            assert_eq!(back["tags"][0], s, "{text}");
            assert_eq!(back["tags"][1], "普通", "{text}");
        }
    }

    #[test]
    fn nested_values_use_block_style() {
        let e = entries(&[
            (
                "sources",
                serde_json::json!([{"name": "示例社", "url": "https://a.example/"}]),
            ),
            ("题注", serde_json::json!({"作者": "张三"})),
        ]);
        let text = front_matter(&e);
        let back = parse(&text).unwrap();
        assert_eq!(back["sources"][0]["name"], "示例社");
        assert_eq!(back["题注"]["作者"], "张三");
    }
}
