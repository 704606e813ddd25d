//! East Asian soft line breaks (pandoc `east_asian_line_breaks`, Hugo
//! `eastAsianLineBreaks=simple`).
//!
//! A soft line break inside a paragraph normally renders as a space. This pass drops it
//! when
//! 1. the character before or after it is U+200B ZERO WIDTH SPACE, or
//! 2. the characters on both sides are CJK characters ([`is_cjk`], wide punctuation
//!    included; `“ ” ‘ ’` are *not* CJK).
//!
//! Otherwise the break is kept (so `使用 AI⏎芯片` keeps its space next to Latin text).
//! "The character on each side" looks through inline markup: the last character of the
//! nearest preceding `Text`/`Code` event and the first character of the nearest following
//! one, skipping the start and end of emphasis, strong, strikethrough, super/subscript and
//! link tags. Anything else in between (an image, inline HTML, a footnote reference, another
//! break, a block boundary) means "no character" and the break is kept. Hard breaks are
//! never touched.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::cjk::is_cjk;

const ZWSP: char = '\u{200B}';

/// Inline tags whose boundaries are transparent when looking for the neighbouring
/// character of a soft break.
fn transparent(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
        ),
        _ => false,
    }
}

/// Last character of the text before `events[ix]`, looking through inline markup.
fn char_before(events: &[(Event<'_>, Range<usize>)], ix: usize) -> Option<char> {
    for (event, _) in events[..ix].iter().rev() {
        match event {
            Event::Text(t) | Event::Code(t) => match t.chars().next_back() {
                Some(c) => return Some(c),
                None => continue,
            },
            e if transparent(e) => continue,
            _ => return None,
        }
    }
    None
}

/// First character of the text after `events[ix]`, looking through inline markup.
fn char_after(events: &[(Event<'_>, Range<usize>)], ix: usize) -> Option<char> {
    for (event, _) in &events[ix + 1..] {
        match event {
            Event::Text(t) | Event::Code(t) => match t.chars().next() {
                Some(c) => return Some(c),
                None => continue,
            },
            e if transparent(e) => continue,
            _ => return None,
        }
    }
    None
}

/// Whether a soft break between `before` and `after` should render as nothing.
pub fn joins_without_space(before: Option<char>, after: Option<char>) -> bool {
    if before == Some(ZWSP) || after == Some(ZWSP) {
        return true;
    }
    matches!((before, after), (Some(b), Some(a)) if is_cjk(b) && is_cjk(a))
}

/// Drops every `SoftBreak` whose neighbouring characters are both CJK (or either is
/// U+200B); keeps all other events unchanged and in order.
///
/// Runs in linear time: each look-around stops at the first text or non-transparent
/// event, so an event is visited by at most the two breaks around it.
pub fn cjk_soft_breaks<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let drop: Vec<bool> = events
        .iter()
        .enumerate()
        .map(|(ix, (event, _))| {
            matches!(event, Event::SoftBreak)
                && joins_without_space(char_before(&events, ix), char_after(&events, ix))
        })
        .collect();
    if !drop.contains(&true) {
        return events;
    }
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(item, d)| (!d).then_some(item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::cjk_test_util::{parse, render_events};
    use super::*;

    fn render(src: &str) -> String {
        render_events(cjk_soft_breaks(parse(src)))
    }

    #[test]
    fn cjk_both_sides_join() {
        assert_eq!(render("中文\n中文"), "<p>中文中文</p>\n");
        assert_eq!(render("。\n中"), "<p>。中</p>\n");
        assert_eq!(render("中文，\n「引用」"), "<p>中文，「引用」</p>\n");
        assert_eq!(render("日本語\nです"), "<p>日本語です</p>\n");
        assert_eq!(render("한국어\n문장"), "<p>한국어문장</p>\n");
        assert_eq!(render("一\n二\n三"), "<p>一二三</p>\n");
    }

    #[test]
    fn latin_side_keeps_space() {
        assert_eq!(render("中文\nEnglish"), "<p>中文\nEnglish</p>\n");
        assert_eq!(render("English\n中文"), "<p>English\n中文</p>\n");
        assert_eq!(render("使用 AI\n芯片"), "<p>使用 AI\n芯片</p>\n");
        assert_eq!(render("plain\ntext"), "<p>plain\ntext</p>\n");
        assert_eq!(render("第1\n2个"), "<p>第1\n2个</p>\n");
    }

    #[test]
    fn quotes_are_not_cjk() {
        assert_eq!(render("“\n中"), "<p>“\n中</p>\n");
        assert_eq!(render("中\n“引用”"), "<p>中\n“引用”</p>\n");
        assert_eq!(render("……\n中"), "<p>……\n中</p>\n");
    }

    #[test]
    fn zero_width_space() {
        assert_eq!(render("abc\u{200B}\ndef"), "<p>abc\u{200B}def</p>\n");
        assert_eq!(render("abc\n\u{200B}def"), "<p>abc\u{200B}def</p>\n");
        assert_eq!(render("中\u{200B}\nEnglish"), "<p>中\u{200B}English</p>\n");
    }

    #[test]
    fn looks_through_markup() {
        assert_eq!(
            render("**强调**\n中文"),
            "<p><strong>强调</strong>中文</p>\n"
        );
        assert_eq!(render("中文\n*强调*"), "<p>中文<em>强调</em></p>\n");
        assert_eq!(
            render("[链接](http://a.b)\n中文"),
            "<p><a href=\"http://a.b\">链接</a>中文</p>\n"
        );
        assert_eq!(render("中文\n`代码`"), "<p>中文<code>代码</code></p>\n");
        assert_eq!(render("`code`\n中文"), "<p><code>code</code>\n中文</p>\n");
        assert_eq!(
            render("~~删除~~\n***中文***"),
            "<p><del>删除</del><em><strong>中文</strong></em></p>\n"
        );
        // An image or inline HTML is not text: keep the space.
        assert_eq!(render("中文<br>\n中文"), "<p>中文<br>\n中文</p>\n");
    }

    #[test]
    fn hard_breaks_untouched() {
        assert_eq!(render("中文  \n中文"), "<p>中文<br />\n中文</p>\n");
        assert_eq!(render("中文\\\n中文"), "<p>中文<br />\n中文</p>\n");
    }

    #[test]
    fn code_blocks_untouched() {
        assert_eq!(
            render("```\n中文\n中文\n```"),
            "<pre><code>中文\n中文\n</code></pre>\n"
        );
    }

    #[test]
    fn lists_and_quotes() {
        assert_eq!(render("- 中文\n  中文"), "<ul>\n<li>中文中文</li>\n</ul>\n");
        assert_eq!(
            render("> 中文\n> 中文"),
            "<blockquote>\n<p>中文中文</p>\n</blockquote>\n"
        );
    }
}
