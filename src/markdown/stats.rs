//! Word counts, plain text, reading time and automatic summaries.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::Spanned;

/// Han (URO, ext. A, compatibility, ext. B and later), Hiragana, Katakana and
/// Hangul letters: the characters counted as CJK words. Punctuation (`。`,
/// `，`, `「`, `・`, ...) is not included.
pub(super) fn is_cjk_char(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'     // CJK Unified Ideographs
        | '\u{3400}'..='\u{4DBF}'   // ext. A
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // ext. B.. and supplementary compatibility
        | '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3041}'..='\u{3096}'   // Hiragana
        | '\u{309D}'..='\u{309F}'   // ゝ ゞ ゟ
        | '\u{30A1}'..='\u{30FA}'   // Katakana
        | '\u{30FC}'..='\u{30FF}'   // ー ヽ ヾ ヿ
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{FF66}'..='\u{FF9D}'   // half-width Katakana
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3131}'..='\u{318E}'   // Hangul compatibility Jamo
    )
}

/// Characters of East Asian scripts and their (full-width) punctuation, next
/// to which a line break is not shown as a space in plain text.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
    )
}

/// A letter or digit of a "Latin" word: anything alphanumeric outside the
/// East Asian blocks (so Greek, Cyrillic and accented Latin count too), and
/// full-width ASCII letters and digits.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}') {
        return true;
    }
    // The cheap range checks first: CJK text would otherwise hit the slow Unicode table.
    !is_wide(c) && !is_cjk_char(c) && c.is_alphanumeric()
}

/// Length in bytes of a URL starting `s`, if `s` starts with one.
fn url_len(s: &str) -> Option<usize> {
    const SCHEMES: [&str; 4] = ["https://", "http://", "ftp://", "www."];
    let b = s.as_bytes();
    let hit = SCHEMES
        .iter()
        .any(|p| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()));
    if !hit {
        return None;
    }
    // A URL runs to the first whitespace or non-ASCII character (Chinese
    // prose usually puts no space after a URL).
    Some(
        s.find(|c: char| c.is_whitespace() || !c.is_ascii() || c == '<' || c == '>')
            .unwrap_or(s.len()),
    )
}

#[derive(Default)]
pub(super) struct Counter {
    pub cjk: usize,
    pub latin: usize,
    in_word: bool,
    last_digit: bool,
}

impl Counter {
    /// Counts one text run. Word state carries over to the next run, so
    /// `**H**200` is one word; [`Counter::boundary`] ends a word.
    pub fn text(&mut self, s: &str) {
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            let c = rest.chars().next().unwrap_or_default();
            let url = if !self.in_word && matches!(c, 'h' | 'H' | 'f' | 'F' | 'w' | 'W') {
                url_len(rest)
            } else {
                None
            };
            if let Some(n) = url {
                i += n;
                continue;
            }
            i += c.len_utf8();
            if is_word_char(c) {
                if !self.in_word {
                    self.latin += 1;
                    self.in_word = true;
                }
                self.last_digit = c.is_ascii_digit();
                continue;
            }
            // "3.5" and "1,000" are one word.
            if self.in_word
                && self.last_digit
                && (c == '.' || c == ',')
                && s[i..].starts_with(|n: char| n.is_ascii_digit())
            {
                continue;
            }
            self.boundary();
            if is_cjk_char(c) {
                self.cjk += 1;
            }
        }
    }

    pub fn boundary(&mut self) {
        self.in_word = false;
        self.last_digit = false;
    }
}

/// Builds the plain text: paragraphs (and other blocks) end with one `\n`; a soft
/// break the CJK pass kept, and every hard break, is a space, as on the page.
#[derive(Default)]
struct Plain {
    out: String,
    pending_space: bool,
}

impl Plain {
    fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.pending_space {
            self.pending_space = false;
            // Breaks that join CJK text were dropped by the CJK pass before this one; every
            // break left shows as a space on the page, so it is one here too.
            let before = self.out.chars().next_back();
            let after = s.chars().next();
            let space =
                before.is_some_and(char::is_whitespace) || after.is_some_and(char::is_whitespace);
            if !space && before.is_some() {
                self.out.push(' ');
            }
        }
        self.out.push_str(s);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    /// A separator that is always a space (between table cells).
    fn separate(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    fn end_block(&mut self) {
        self.pending_space = false;
        while self.out.ends_with([' ', '\t']) {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}

pub(super) struct Stats {
    pub cjk_chars: usize,
    pub latin_words: usize,
    pub plain_text: String,
}

/// Walks the events once: counts prose (skipping code blocks, inline code,
/// HTML, image alt text and autolinked URLs) and collects the plain text
/// (skipping code blocks, HTML and image alt text; inline code is kept).
/// Shortcode placeholders in text count as their call's text (`texts`, see
/// `shortcodes::visible`), never as markup.
pub(super) fn collect(events: &[Spanned<'_>], texts: &[String]) -> Stats {
    let mut counter = Counter::default();
    let mut plain = Plain::default();
    let mut in_code_block = false;
    let mut image_depth = 0usize;
    let mut in_autolink = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                counter.boundary();
                plain.end_block();
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            // Links never nest, so a flag is enough.
            Event::Start(Tag::Link { link_type, .. }) => {
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
            }
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(t) if !in_code_block && image_depth == 0 => {
                let t = super::shortcodes::visible(t, texts);
                let t = t.as_ref();
                if !in_autolink {
                    counter.text(t);
                } else {
                    counter.boundary();
                }
                plain.push(t);
            }
            Event::Code(t) if image_depth == 0 => {
                counter.boundary();
                plain.push(t);
            }
            Event::SoftBreak | Event::HardBreak => {
                counter.boundary();
                plain.space();
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => {
                counter.boundary();
                plain.end_block();
            }
            Event::End(TagEnd::TableCell) => {
                counter.boundary();
                plain.separate();
            }
            Event::Rule => {
                counter.boundary();
                plain.end_block();
            }
            Event::Html(_) | Event::InlineHtml(_) => counter.boundary(),
            _ => {}
        }
    }
    let mut plain_text = plain.out;
    while plain_text.ends_with(char::is_whitespace) {
        plain_text.pop();
    }
    Stats {
        cjk_chars: counter.cjk,
        latin_words: counter.latin,
        plain_text,
    }
}

/// Minutes to read `cjk_chars` CJK characters and `latin_words` words:
/// `ceil(c / cjk_per_min + l / latin_per_min)`, at least 1. Exact integer
/// arithmetic; a rate of 0 is treated as 1.
pub fn reading_time(
    cjk_chars: usize,
    latin_words: usize,
    cjk_per_min: u32,
    latin_per_min: u32,
) -> u32 {
    let cpm = u128::from(cjk_per_min.max(1));
    let lpm = u128::from(latin_per_min.max(1));
    let num = cjk_chars as u128 * lpm + latin_words as u128 * cpm;
    let den = cpm * lpm;
    let minutes = num.div_ceil(den);
    u32::try_from(minutes).unwrap_or(u32::MAX).max(1)
}

/// Closing quotes and brackets that stay with the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | '》' | '】' | ')' | '"' | '\''
    )
}

/// The first ~`max_chars` characters of `plain_text` (trimmed). If the text is
/// longer, it is cut at a character boundary, preferably right after the last
/// sentence end (`。！？`, or `.!?` followed by a space) or paragraph end in
/// the second half of that span, else at the last space there for Latin text,
/// else hard; `…` is appended when cut. Text that fits is returned whole.
pub fn auto_summary(plain_text: &str, max_chars: usize) -> String {
    let text = plain_text.trim();
    if max_chars == 0 {
        return String::new();
    }
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let half = head
        .char_indices()
        .nth(max_chars / 2)
        .map_or(head.len(), |(i, _)| i);

    let mut sentence_end = None;
    let mut space = None;
    let mut chars = head
        .char_indices()
        .skip_while(|&(i, _)| i < half)
        .peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let next = text[end..].chars().next();
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => next.is_none_or(|n| n.is_whitespace() || is_closer(n)),
            '\n' => {
                if i > 0 {
                    sentence_end = Some(i);
                }
                false
            }
            _ => false,
        };
        if c.is_whitespace() && i > 0 {
            space = Some(i);
        }
        if ends {
            let mut end = end;
            while let Some(&(j, n)) = chars.peek() {
                if !is_closer(n) {
                    break;
                }
                end = j + n.len_utf8();
                chars.next();
            }
            sentence_end = Some(end);
        }
    }

    let split_word = |at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        before.is_some_and(is_word_char) && after.is_some_and(is_word_char)
    };
    let at = sentence_end
        .or_else(|| if split_word(cut) { space } else { None })
        .unwrap_or(cut);
    let mut out = text[..at].trim_end().to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn counts(src: &str) -> (usize, usize) {
        let r = render(src, &Options::default());
        (r.cjk_chars, r.latin_words)
    }

    #[test]
    fn mixed_text_counts() {
        // 英伟达发布 (5) + 芯片 (2) + 性能提升 (4); H200, 90
        assert_eq!(counts("英伟达发布 H200 芯片，性能提升 90%"), (11, 2));
        assert_eq!(counts("英伟达发布 H200 芯片"), (7, 1));
        assert_eq!(counts("OpenAI 发布 GPT-5：推理能力大幅提升。"), (10, 3));
        assert_eq!(counts("ソニーは新型カメラを発表した。"), (14, 0));
        assert_eq!(counts("삼성전자 실적 발표"), (8, 0));
        assert_eq!(counts("营收 3.5 亿美元，同比增长 1,200%"), (9, 2));
        assert_eq!(counts("「你好」、《世界》——！？"), (4, 0));
        assert_eq!(counts("Café naïve résumé"), (0, 3));
        assert_eq!(counts("𠀀㐀"), (2, 0));
    }

    #[test]
    fn code_html_and_urls_are_not_counted() {
        let src = "# 标题 Title\n\n使用 `cargo build --release` 编译。\n\n```rust\nfn 主函数() { let x = 1; }\n```\n\n    缩进代码 indented code\n\n<div class=\"note\">HTML 块</div>\n\n详见 <https://example.com/新闻> 与 https://kuaixun.dev/posts/h200，或 [官网](https://nvidia.com) 和 <span>内联</span>。\n";
        let r = render(src, &Options::default());
        // 标题 使用 编译 详见 与 或 官网 和 内联 = 2+2+2+2+1+1+2+1+2 (the two
        // URLs, the code and the HTML are skipped)
        assert_eq!(r.cjk_chars, 15, "{}", r.plain_text);
        // Title
        assert_eq!(r.latin_words, 1, "{}", r.plain_text);
        assert!(!r.plain_text.contains("主函数"));
        assert!(!r.plain_text.contains("缩进代码"));
        assert!(!r.plain_text.contains("HTML 块"));
        assert!(r.plain_text.contains("使用 cargo build --release 编译。"));
    }

    #[test]
    fn plain_text_paragraphs() {
        let src = "## 小标题\n\n第一段第一行\n第一段第二行。\n\nFirst line\nsecond line.\n\n- 列表一\n- 列表二\n\n> 引用，**加粗**与*强调*。\n\n| 公司 | 股价 |\n|---|---|\n| 英伟达 | 120 |\n\n![图片说明](a.png)\n";
        let r = render(src, &Options::default());
        assert_eq!(
            r.plain_text,
            "小标题\n第一段第一行第一段第二行。\nFirst line second line.\n列表一\n列表二\n引用，加粗与强调。\n公司 股价\n英伟达 120"
        );
        assert_eq!(r.cjk_chars, 3 + 12 + 6 + 7 + 4 + 3);
        assert_eq!(r.latin_words, 4 + 1);
    }

    #[test]
    fn reading_time_rounds_up_with_minimum_one() {
        assert_eq!(reading_time(0, 0, 300, 200), 1);
        assert_eq!(reading_time(1, 0, 300, 200), 1);
        assert_eq!(reading_time(300, 0, 300, 200), 1);
        assert_eq!(reading_time(301, 0, 300, 200), 2);
        assert_eq!(reading_time(150, 100, 300, 200), 1);
        assert_eq!(reading_time(151, 100, 300, 200), 2);
        assert_eq!(
            reading_time(100, 0, 300, 200) + reading_time(200, 0, 300, 200),
            2
        );
        // 1/3 + 2/3 is exactly 1 (no float rounding up to 2)
        assert_eq!(reading_time(1, 2, 3, 3), 1);
        assert_eq!(reading_time(3000, 400, 300, 200), 12);
        assert_eq!(reading_time(10, 10, 0, 0), 20);
        assert_eq!(reading_time(usize::MAX, usize::MAX, 1, 1), u32::MAX);
    }

    #[test]
    fn auto_summary_prefers_sentence_end() {
        let text = "英伟达今日发布新一代芯片。性能比上一代提升九成，功耗下降三成！市场反应热烈，股价上涨。";
        // 35 chars: the last sentence end in the second half is the "！" (31st char).
        assert_eq!(
            auto_summary(text, 35),
            "英伟达今日发布新一代芯片。性能比上一代提升九成，功耗下降三成！…"
        );
        // fits: returned whole, no ellipsis
        assert_eq!(auto_summary(text, 100), text);
        assert_eq!(auto_summary("  短文。\n", 10), "短文。");
        // sentence end only in the first half: hard cut
        assert_eq!(
            auto_summary("好。一二三四五六七八九十一二三四五六七八", 10),
            "好。一二三四五六七八…"
        );
    }

    #[test]
    fn auto_summary_keeps_closing_quotes_and_latin_rules() {
        let text = "他说：“我们会继续投入。”随后离开了会场，没有回答问题。";
        assert_eq!(auto_summary(text, 16), "他说：“我们会继续投入。”…");
        let text = "Nvidia ships the H200. It is 1.5x faster than the previous generation chips";
        assert_eq!(auto_summary(text, 40), "Nvidia ships the H200.…");
        // no sentence end: cut at a space instead of inside a word
        let text = "alpha beta gamma delta epsilon zeta eta theta";
        assert_eq!(auto_summary(text, 20), "alpha beta gamma…");
        // a decimal point is not a sentence end
        assert_eq!(
            auto_summary("版本号为 1.5.3 的更新包含大量修复内容和改进", 12),
            "版本号为 1.5.3 的…"
        );
    }

    #[test]
    fn auto_summary_never_splits_a_character() {
        let text = "🚀火箭发射成功😀".repeat(20);
        for n in 1..60 {
            let s = auto_summary(&text, n);
            assert!(s.ends_with('…'));
            assert!(s.chars().count() <= n + 1, "{n}: {s}");
        }
        assert_eq!(auto_summary("中文", 0), "");
        assert_eq!(auto_summary("", 10), "");
    }

    #[test]
    fn auto_summary_on_render_output() {
        let r = render(
            "# 标题\n\n第一段很短。\n\n第二段稍微长一些，讲了更多的细节内容。\n",
            &Options::default(),
        );
        assert_eq!(auto_summary(&r.plain_text, 12), "标题\n第一段很短。…");
    }
}
