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
    /// What the parser was inside when it failed and the line where that starts
    /// (`while parsing a flow sequence`, 3): often where the real mistake is.
    pub context: Option<(String, usize)>,
}

impl YamlError {
    /// The message with its context, lines shifted by `line_offset` (the line of the file
    /// before the parsed text): `did not find expected ',' or ']' (while parsing a flow
    /// sequence that starts on line 3)`.
    pub fn describe(&self, line_offset: usize) -> String {
        match &self.context {
            Some((what, line)) => format!(
                "{} ({what} that starts on line {})",
                self.message,
                line + line_offset
            ),
            None => self.message.clone(),
        }
    }
}

/// Parse a YAML document into a JSON-like value. An empty document yields `Value::Null`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let loc = e.location();
        let full = e.to_string();
        // serde_yaml writes "<problem> at line X column Y[, <context> at line N column M]";
        // the position is reported separately, the context's line is kept.
        let (message, context) = match full.find(" at line ") {
            Some(idx) => {
                let rest = &full[idx..];
                let context = rest.find(", ").and_then(|c| {
                    let ctx = &rest[c + 2..];
                    let at = ctx.find(" at line ")?;
                    let line: usize = ctx[at + 9..].split(' ').next()?.parse().ok()?;
                    Some((ctx[..at].to_string(), line))
                });
                (full[..idx].to_string(), context)
            }
            None => (full.clone(), None),
        };
        let mut line = loc.as_ref().map(|l| l.line());
        let mut column = loc.as_ref().map(|l| l.column());
        let mut message = message;
        // An alias bomb (`&a [..]`, `&b [*a, *a, …]`, …) fails with no position: point at
        // the first alias that is used.
        if line.is_none()
            && (message.contains("repetition limit") || message.contains("recursion limit"))
        {
            if let Some((l, c)) = first_alias(text) {
                line = Some(l);
                column = Some(c);
            }
            message = format!(
                "{message}: aliases (`*name`) expand to too much data; write the values out instead"
            );
        }
        YamlError {
            line,
            column,
            message,
            context,
        }
    })
}

/// 1-based line and column of the first `*name` alias whose `&name` anchor comes before it.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    let token = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    };
    let mut anchors: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut prev = ' ';
        for (col, c) in line.char_indices() {
            let starts = prev.is_whitespace() || matches!(prev, '[' | ',' | '{' | ':' | '-');
            if starts && (c == '&' || c == '*') {
                let name = token(&line[col + 1..]);
                if name.is_empty() {
                } else if c == '&' {
                    anchors.push(name);
                } else if anchors.contains(&name) {
                    return Some((i + 1, line[..col].chars().count() + 1));
                }
            }
            prev = c;
        }
    }
    None
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
    fn alias_bomb_names_a_line() {
        let mut text = String::from("title: 炸弹\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
            ("h", "g"),
            ("i", "h"),
        ] {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(8)), "{e:?}");
        assert!(e.message.contains("aliases"), "{}", e.message);
    }

    #[test]
    fn keeps_the_context_line() {
        let e = parse("title: 标题\ntags: [芯片, 开源\ndate: 2025-01-01\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        let (what, line) = e.context.clone().expect("context");
        assert!(what.contains("flow sequence"), "{what}");
        assert_eq!(line, 2);
        assert!(
            e.describe(1).ends_with("that starts on line 3)"),
            "{}",
            e.describe(1)
        );
    }

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
