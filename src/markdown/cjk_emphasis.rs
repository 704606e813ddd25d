//! CJK-friendly emphasis (the markdown-cjk-friendly amendments to CommonMark 0.31.2).
//!
//! pulldown-cmark 0.13 applies plain CommonMark, where `**定义？**大家` stays literal: the
//! closing `**` has punctuation before it and a letter after it, so it is not
//! right-flanking. The amendments only change the flanking definitions (see
//! [`flanking`]); everything else (rule of 3, `_` intraword rules, nesting, escapes, code
//! spans and links taking precedence) is CommonMark's.
//!
//! # How the pass works
//!
//! The event stream is cut into *inline segments*: the inline events directly inside one
//! block (paragraph, heading, table cell, tight list item, ...). Code blocks, HTML blocks
//! and metadata blocks are never touched. For each segment:
//!
//! 1. Every delimiter character is collected, with its source offset: the `*`/`_`
//!    characters pulldown-cmark left literal in `Text` events (only events whose text is
//!    exactly their source slice, so text from entities or escapes never becomes a
//!    delimiter, and only characters not preceded by an odd number of backslashes), and
//!    the delimiters of pulldown-cmark's own `Emphasis`/`Strong` events, which are
//!    *dissolved* back into their `*`/`_` characters. Contiguous characters form the
//!    CommonMark delimiter runs. `Code`, inline HTML, footnote references and the text of
//!    autolinks are atomic; link destinations are not text at all.
//! 2. Each run's can-open/can-close flags are computed twice, with CommonMark's and with
//!    the CJK-friendly flanking rules, from the characters around the run in the source
//!    (the start and end of a line count as whitespace). If no run's flags differ, the
//!    segment is emitted exactly as pulldown-cmark produced it. So any text without CJK
//!    characters next to a delimiter keeps pulldown-cmark's output event for event.
//! 3. Otherwise CommonMark's "process emphasis" algorithm (ported from pulldown-cmark's
//!    `InlineStack`, with its per-class lower bounds) is run over all runs of the segment
//!    with the CJK-friendly flags. Links, images, strikethrough and super/subscript are
//!    kept as pulldown-cmark built them and act as brackets: delimiters inside match only
//!    inside, those outside only outside.
//!
//! Why dissolve pulldown-cmark's emphasis instead of matching only the leftover
//! literals: plain CommonMark sometimes pairs the *wrong* runs in Chinese text, e.g.
//! `**第一。**中间**第二。**后` gives `**第一。<strong>中间</strong>第二。**后`; matching only
//! the leftovers would then nest `<strong>第一。<strong>中间</strong>第二。</strong>`. Re-running
//! the whole segment gives `<strong>第一。</strong>中间<strong>第二。</strong>后`.
//!
//! # `_` and CJK text
//!
//! The amendments keep CommonMark's intraword rule for `_`: a `_` run that is both left-
//! and right-flanking may open only if preceded by punctuation and close only if followed
//! by punctuation. CJK letters are letters (neither whitespace nor punctuation), so
//! `__下划线？__中文` stays literal (the closer is followed by `中`), while
//! `__下划线？__，中文` and `*`-emphasis work. `snake_case` inside Chinese text is thus safe.
//!
//! # Events and ranges
//!
//! Generated `Start`/`End` events get the same range pulldown-cmark gives its own: from the
//! first opening delimiter character to the last closing one. Text of a re-processed
//! segment is emitted as borrowed source slices (adjacent slices merged); text events that
//! do not map 1:1 to the source (entities, escapes) are passed through untouched.
//! Everything is iterative and linear-ish: no recursion, so 10,000-deep nesting is fine.

use std::cmp::min;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::cjk::{
    is_cjk, is_ideographic_variation_selector, is_non_cjk_punct, is_non_emoji_variation_selector,
    is_punctuation, is_unicode_whitespace,
};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Applies CJK-friendly emphasis to pulldown-cmark's offset events for `source`.
///
/// `events` must come from `Parser::new_ext(source, opts).into_offset_iter()` (any options),
/// unmodified by passes that change ranges or text. Returns the rewritten events.
pub fn cjk_emphasis<'a>(
    source: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    rewrite(source, events, false)
}

/// `force` re-runs the delimiter algorithm on every segment that has a delimiter run, even
/// when the CJK rules change nothing (used by tests to check the port against pulldown-cmark).
fn rewrite<'a>(source: &'a str, events: Vec<Spanned<'a>>, force: bool) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    // One entry per open block: true when its text is verbatim (code, HTML, metadata).
    let mut blocks: Vec<bool> = Vec::new();
    let mut segment: Vec<Spanned<'a>> = Vec::new();
    for (event, range) in events {
        if is_inline(&event) && !blocks.last().copied().unwrap_or(false) {
            segment.push((event, range));
            continue;
        }
        if !segment.is_empty() {
            process_segment(source, &mut segment, &mut out, force);
        }
        match &event {
            Event::Start(tag) => blocks.push(matches!(
                tag,
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)
            )),
            Event::End(_) => {
                blocks.pop();
            }
            _ => {}
        }
        out.push((event, range));
    }
    if !segment.is_empty() {
        process_segment(source, &mut segment, &mut out, force);
    }
    out
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_tag_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(tag) => is_inline_tag_end(tag),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Html(_) | Event::Rule => false,
    }
}

/// Left- and right-flanking of a delimiter run. `prev`/`next` are the characters around
/// the run (`None` = start/end of line, which counts as whitespace); `prev2` is the
/// character before `prev` (used when `prev` is a variation selector).
///
/// CommonMark: left-flanking = not followed by whitespace, and either not followed by
/// punctuation or preceded by whitespace or punctuation (right-flanking mirrored).
///
/// CJK-friendly: left-flanking = not followed by whitespace, and either not followed by a
/// *non-CJK* punctuation character, or preceded by whitespace, a non-CJK punctuation
/// sequence, a CJK sequence or an ideographic variation selector. Right-flanking = not
/// preceded by whitespace, and either not preceded by a non-CJK punctuation sequence, or
/// followed by whitespace, non-CJK punctuation or a CJK character. A "sequence" is a
/// character optionally followed by a variation selector U+FE00–U+FE0E; `‘’“”` + U+FE01
/// (their fullwidth forms) count as CJK.
pub fn flanking(
    prev: Option<char>,
    prev2: Option<char>,
    next: Option<char>,
    cjk_friendly: bool,
) -> (bool, bool) {
    let prev_ws = prev.is_none_or(is_unicode_whitespace);
    let next_ws = next.is_none_or(is_unicode_whitespace);
    if !cjk_friendly {
        let prev_p = prev.is_some_and(is_punctuation);
        let next_p = next.is_some_and(is_punctuation);
        let left = !next_ws && (!next_p || prev_ws || prev_p);
        let right = !prev_ws && (!prev_p || next_ws || next_p);
        return (left, right);
    }
    let (base, ambiguous_cjk) = previous_sequence(prev, prev2);
    let prev_non_cjk_p = !ambiguous_cjk && base.is_some_and(is_non_cjk_punct);
    let prev_cjk = ambiguous_cjk || base.is_some_and(is_cjk);
    let prev_ivs = prev.is_some_and(is_ideographic_variation_selector);
    let next_non_cjk_p = next.is_some_and(is_non_cjk_punct);
    let next_cjk = next.is_some_and(is_cjk);
    let left = !next_ws && (!next_non_cjk_p || prev_ws || prev_non_cjk_p || prev_cjk || prev_ivs);
    let right = !prev_ws && (!prev_non_cjk_p || next_ws || next_non_cjk_p || next_cjk);
    (left, right)
}

/// The base character of the sequence before a run: `prev`, or `prev2` when `prev` is a
/// non-emoji variation selector. The flag tells whether it is `‘’“”` + U+FE01.
fn previous_sequence(prev: Option<char>, prev2: Option<char>) -> (Option<char>, bool) {
    match prev {
        Some(vs) if is_non_emoji_variation_selector(vs) => {
            let ambiguous = vs == '\u{FE01}' && matches!(prev2, Some('‘' | '’' | '“' | '”'));
            (prev2, ambiguous)
        }
        _ => (prev, false),
    }
}

/// Can-open and can-close for a run of `delim` (`*` or `_`), CommonMark rules 1–8 with the
/// chosen flanking definitions.
pub fn can_open_close(
    delim: u8,
    prev: Option<char>,
    prev2: Option<char>,
    next: Option<char>,
    cjk_friendly: bool,
) -> (bool, bool) {
    let (left, right) = flanking(prev, prev2, next, cjk_friendly);
    if delim == b'*' {
        return (left, right);
    }
    // `_`: preceded by a Unicode punctuation character (sequence) / followed by one.
    let prev_p = if cjk_friendly {
        previous_sequence(prev, prev2).0.is_some_and(is_punctuation)
    } else {
        prev.is_some_and(is_punctuation)
    };
    let next_p = next.is_some_and(is_punctuation);
    (left && (!right || prev_p), right && (!left || next_p))
}

/// A piece of an inline segment.
enum Piece {
    /// Event `ix` of the segment, passed through.
    Event(usize),
    /// Plain text: a slice of the source.
    Src(usize, usize),
    /// Delimiter run `ix`.
    Run(usize),
}

struct Run {
    delim: u8,
    /// Source offset of the first character.
    start: usize,
    len: usize,
    /// Preceded / followed by a line boundary instead of a source character.
    line_start: bool,
    line_end: bool,
    can_open: bool,
    can_close: bool,
    /// Characters `lo..hi` of the run are still literal; closers consume from `lo`,
    /// openers from `hi`.
    lo: usize,
    hi: usize,
    /// (strong, range) of matched closers, innermost first = left to right.
    closes: Vec<(bool, Range<usize>)>,
    /// (strong, range) of matched openers, innermost first = right to left.
    opens: Vec<(bool, Range<usize>)>,
}

/// Delimiter stack with pulldown-cmark's lower bounds ("openers bottom") per class:
/// `[_ not-both, * not-both, * len%3 (3), _ len%3 (3)]`.
struct Matcher {
    stack: Vec<(usize, usize)>,
    lower: [usize; 8],
    frames: Vec<(usize, [usize; 8])>,
}

impl Matcher {
    fn class(delim: u8) -> (usize, usize) {
        if delim == b'_' {
            (0, 5)
        } else {
            (1, 2)
        }
    }

    fn lower_bound(&self, delim: u8, run_len: usize, both: bool) -> usize {
        let (not_both, base) = Self::class(delim);
        let mod3 = self.lower[base + run_len % 3];
        if both {
            mod3
        } else {
            min(mod3, self.lower[not_both])
        }
    }

    fn set_lower_bound(&mut self, delim: u8, run_len: usize, both: bool, bound: usize) {
        let (not_both, base) = Self::class(delim);
        self.lower[base + run_len % 3] = bound;
        if !both {
            self.lower[not_both] = bound;
        }
    }

    fn truncate(&mut self, len: usize) {
        self.stack.truncate(len);
        for bound in &mut self.lower {
            *bound = min(*bound, len);
        }
    }

    /// Enter a link/image/strikethrough: openers below are out of reach.
    fn push_frame(&mut self) {
        self.frames.push((self.stack.len(), self.lower));
        self.lower = [self.stack.len(); 8];
    }

    /// Leave it: unmatched openers inside stay literal.
    fn pop_frame(&mut self) {
        if let Some((base, lower)) = self.frames.pop() {
            self.stack.truncate(base);
            self.lower = lower;
        }
    }

    fn find_match(&mut self, runs: &[Run], closer: usize) -> Option<(usize, usize)> {
        let c = &runs[closer];
        let both = c.can_open && c.can_close;
        let bottom = min(self.stack.len(), self.lower_bound(c.delim, c.len, both));
        let found = self.stack[bottom..].iter().rposition(|&(o, _)| {
            let o = &runs[o];
            // Rule of 3: when either run can both open and close, the sum of the run
            // lengths must not be a multiple of 3 unless both lengths are.
            let either_both = both || (o.can_open && o.can_close);
            o.delim == c.delim
                && (!either_both || !(c.len + o.len).is_multiple_of(3) || c.len.is_multiple_of(3))
        });
        match found {
            Some(p) => {
                let ix = bottom + p;
                let el = self.stack[ix];
                self.truncate(ix);
                Some(el)
            }
            None => {
                self.set_lower_bound(c.delim, c.len, both, self.stack.len());
                None
            }
        }
    }

    fn process_run(&mut self, runs: &mut [Run], r: usize) {
        let mut count = runs[r].len;
        if runs[r].can_close {
            while let Some((o, o_count)) = self.find_match(runs, r) {
                let matched = min(count, o_count);
                let mut left = matched;
                while left > 0 {
                    let inc = if left >= 2 { 2 } else { 1 };
                    runs[o].hi -= inc;
                    let open_at = runs[o].start + runs[o].hi;
                    let close_at = runs[r].start + runs[r].lo;
                    runs[r].lo += inc;
                    let range = open_at..close_at + inc;
                    runs[o].opens.push((inc == 2, range.clone()));
                    runs[r].closes.push((inc == 2, range));
                    left -= inc;
                }
                if o_count > matched {
                    self.stack.push((o, o_count - matched));
                }
                count -= matched;
                if count == 0 {
                    break;
                }
            }
        }
        if count > 0 && runs[r].can_open {
            self.stack.push((r, count));
        }
    }
}

/// Whether the byte at `pos` is preceded by an odd number of backslashes.
fn is_escaped(bytes: &[u8], pos: usize) -> bool {
    let backslashes = bytes[..pos]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    backslashes % 2 == 1
}

/// The delimiter characters of a pulldown-cmark `Emphasis` (n = 1) or `Strong` (n = 2)
/// event with `range`: (delimiter, offset of the first opening or closing character).
fn dissolve(bytes: &[u8], range: &Range<usize>, n: usize, start: bool) -> Option<(u8, usize)> {
    if range.end > bytes.len() || range.len() < 2 * n {
        return None;
    }
    let d = bytes[range.start];
    let ok = (d == b'*' || d == b'_')
        && bytes[range.start..range.start + n].iter().all(|&b| b == d)
        && bytes[range.end - n..range.end].iter().all(|&b| b == d);
    ok.then(|| (d, if start { range.start } else { range.end - n }))
}

fn push_delim(
    pieces: &mut Vec<Piece>,
    runs: &mut Vec<Run>,
    segment: &[Spanned<'_>],
    delim: u8,
    pos: usize,
) {
    if let Some(&Piece::Run(r)) = pieces.last() {
        let run = &mut runs[r];
        if run.delim == delim && run.start + run.len == pos {
            run.len += 1;
            return;
        }
    }
    let line_start = match pieces.last() {
        None => true,
        Some(&Piece::Event(ix)) => matches!(
            segment[ix].0,
            Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_)
        ),
        Some(_) => false,
    };
    pieces.push(Piece::Run(runs.len()));
    runs.push(Run {
        delim,
        start: pos,
        len: 1,
        line_start,
        line_end: false,
        can_open: false,
        can_close: false,
        lo: 0,
        hi: 0,
        closes: Vec::new(),
        opens: Vec::new(),
    });
}

/// Pass-through for events inside segments; `Some((is_start, n))` for pulldown-cmark's
/// own emphasis (n = 1) and strong (n = 2) events.
fn emphasis_event(event: &Event<'_>) -> Option<(bool, usize)> {
    match event {
        Event::Start(Tag::Emphasis) => Some((true, 1)),
        Event::Start(Tag::Strong) => Some((true, 2)),
        Event::End(TagEnd::Emphasis) => Some((false, 1)),
        Event::End(TagEnd::Strong) => Some((false, 2)),
        _ => None,
    }
}

fn process_segment<'a>(
    source: &'a str,
    segment: &mut Vec<Spanned<'a>>,
    out: &mut Vec<Spanned<'a>>,
    force: bool,
) {
    let bytes = source.as_bytes();
    let mut pieces: Vec<Piece> = Vec::with_capacity(segment.len());
    let mut runs: Vec<Run> = Vec::new();
    let mut in_autolink = false;

    // 1. Pieces and delimiter runs.
    for (ix, (event, range)) in segment.iter().enumerate() {
        if let Some((is_start, n)) = emphasis_event(event) {
            if let Some((delim, pos)) = dissolve(bytes, range, n, is_start) {
                for k in 0..n {
                    push_delim(&mut pieces, &mut runs, segment, delim, pos + k);
                }
                continue;
            }
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink = true,
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(text) if !in_autolink && source.get(range.clone()) == Some(&**text) => {
                let mut last = 0;
                for (j, &b) in text.as_bytes().iter().enumerate() {
                    if (b == b'*' || b == b'_') && !is_escaped(bytes, range.start + j) {
                        if j > last {
                            pieces.push(Piece::Src(range.start + last, range.start + j));
                        }
                        push_delim(&mut pieces, &mut runs, segment, b, range.start + j);
                        last = j + 1;
                    }
                }
                if last < text.len() {
                    pieces.push(Piece::Src(range.start + last, range.end));
                }
                continue;
            }
            _ => {}
        }
        pieces.push(Piece::Event(ix));
    }
    if runs.is_empty() {
        out.append(segment);
        return;
    }

    // 2. Flags, CommonMark and CJK-friendly; keep pulldown-cmark's result if they agree.
    for k in 0..pieces.len() {
        if let Piece::Run(r) = pieces[k] {
            runs[r].line_end = match pieces.get(k + 1) {
                None => true,
                Some(&Piece::Event(ix)) => matches!(segment[ix].0, Event::SoftBreak),
                Some(_) => false,
            };
        }
    }
    let mut differs = false;
    for run in &mut runs {
        let (prev, prev2) = if run.line_start {
            (None, None)
        } else {
            let mut before = source[..run.start].chars().rev();
            (before.next(), before.next())
        };
        let end = run.start + run.len;
        let next = if run.line_end {
            None
        } else {
            source[end..].chars().next()
        };
        let standard = can_open_close(run.delim, prev, prev2, next, false);
        let friendly = can_open_close(run.delim, prev, prev2, next, true);
        differs |= standard != friendly;
        (run.can_open, run.can_close) = friendly;
        run.hi = run.len;
    }
    if !differs && !force {
        out.append(segment);
        return;
    }

    // 3. Process emphasis over the whole segment.
    let mut matcher = Matcher {
        stack: Vec::new(),
        lower: [0; 8],
        frames: Vec::new(),
    };
    for piece in &pieces {
        match *piece {
            Piece::Run(r) => matcher.process_run(&mut runs, r),
            Piece::Event(ix) => match &segment[ix].0 {
                Event::Start(tag) if is_inline_tag(tag) => matcher.push_frame(),
                Event::End(tag) if is_inline_tag_end(tag) => matcher.pop_frame(),
                _ => {}
            },
            Piece::Src(..) => {}
        }
    }

    // 4. Emit.
    let mut events: Vec<Option<Spanned<'a>>> = segment.drain(..).map(Some).collect();
    let mut text: Option<Range<usize>> = None;
    let flush = |text: &mut Option<Range<usize>>, out: &mut Vec<Spanned<'a>>| {
        if let Some(r) = text.take() {
            out.push((Event::Text(CowStr::Borrowed(&source[r.clone()])), r));
        }
    };
    let push_text =
        |text: &mut Option<Range<usize>>, out: &mut Vec<Spanned<'a>>, r: Range<usize>| match text {
            Some(t) if t.end == r.start => t.end = r.end,
            _ => {
                flush(text, out);
                *text = Some(r);
            }
        };
    for piece in pieces {
        match piece {
            Piece::Event(ix) => {
                flush(&mut text, out);
                if let Some(item) = events[ix].take() {
                    out.push(item);
                }
            }
            Piece::Src(a, b) => push_text(&mut text, out, a..b),
            Piece::Run(r) => {
                let run = &runs[r];
                for (strong, range) in &run.closes {
                    flush(&mut text, out);
                    let end = if *strong {
                        TagEnd::Strong
                    } else {
                        TagEnd::Emphasis
                    };
                    out.push((Event::End(end), range.clone()));
                }
                if run.lo < run.hi {
                    push_text(&mut text, out, run.start + run.lo..run.start + run.hi);
                }
                for (strong, range) in run.opens.iter().rev() {
                    flush(&mut text, out);
                    let tag = if *strong { Tag::Strong } else { Tag::Emphasis };
                    out.push((Event::Start(tag), range.clone()));
                }
            }
        }
    }
    flush(&mut text, out);
}

#[cfg(test)]
mod tests {
    use super::super::cjk_test_util::{parse, render_cjk, render_events, render_plain};
    use super::*;

    fn render(src: &str) -> String {
        render_events(cjk_emphasis(src, parse(src)))
    }

    fn render_forced(src: &str) -> String {
        render_events(rewrite(src, parse(src), true))
    }

    #[test]
    fn must_become_strong() {
        let cases = [
            (
                "**应该怎么定义？**大家",
                "<p><strong>应该怎么定义？</strong>大家</p>\n",
            ),
            (
                "论文题目叫做**《降落伞研究》**，",
                "<p>论文题目叫做<strong>《降落伞研究》</strong>，</p>\n",
            ),
            (
                "这是**我想做的事。**所以继续",
                "<p>这是<strong>我想做的事。</strong>所以继续</p>\n",
            ),
            ("**真，**她", "<p><strong>真，</strong>她</p>\n"),
            ("*斜体。*字", "<p><em>斜体。</em>字</p>\n"),
            ("**「重要」**です", "<p><strong>「重要」</strong>です</p>\n"),
            (
                "**이 용어(This term)**를 강조",
                "<p><strong>이 용어(This term)</strong>를 강조</p>\n",
            ),
            ("**“引用”**中文", "<p><strong>“引用”</strong>中文</p>\n"),
            ("中文**“引用”**", "<p>中文<strong>“引用”</strong></p>\n"),
            ("我**(注)**你", "<p>我<strong>(注)</strong>你</p>\n"),
            (
                "***粗斜。***后",
                "<p><em><strong>粗斜。</strong></em>后</p>\n",
            ),
            ("前**粗体。**", "<p>前<strong>粗体。</strong></p>\n"),
        ];
        for (src, want) in cases {
            assert_eq!(render(src), want, "{src}");
        }
    }

    #[test]
    fn plain_commonmark_pairs_wrong_runs() {
        let src = "**第一。**中间**第二。**后";
        assert_eq!(
            render_plain(src),
            "<p>**第一。<strong>中间</strong>第二。**后</p>\n"
        );
        assert_eq!(
            render(src),
            "<p><strong>第一。</strong>中间<strong>第二。</strong>后</p>\n"
        );
        assert_eq!(
            render("*这是**我想做的事。**所以*"),
            "<p><em>这是<strong>我想做的事。</strong>所以</em></p>\n"
        );
    }

    #[test]
    fn underscore_rules() {
        // Closing `__` is intraword (CJK letter after it): stays literal, as the spec says.
        assert_eq!(render("__下划线？__中文"), "<p>__下划线？__中文</p>\n");
        // Followed by punctuation: it may close.
        assert_eq!(
            render("__下划线？__，中文"),
            "<p><strong>下划线？</strong>，中文</p>\n"
        );
        assert_eq!(render("_斜体。_"), "<p><em>斜体。</em></p>\n");
        assert_eq!(
            render("中文_snake_case_中文"),
            "<p>中文_snake_case_中文</p>\n"
        );
        assert_eq!(render("snake_case_name"), "<p>snake_case_name</p>\n");
        assert_eq!(
            render("变量 snake_case_name 很长"),
            "<p>变量 snake_case_name 很长</p>\n"
        );
    }

    #[test]
    fn must_stay_literal() {
        let cases = [
            ("\\*\\*转义\\*\\*", "<p>**转义**</p>\n"),
            ("\\*\\*转义。\\*\\*中文", "<p>**转义。**中文</p>\n"),
            ("`**代码**`", "<p><code>**代码**</code></p>\n"),
            ("`**代码。**`中文", "<p><code>**代码。**</code>中文</p>\n"),
            ("F**k you", "<p>F**k you</p>\n"),
            ("中文 F**k you", "<p>中文 F**k you</p>\n"),
            ("&ast;&ast;实体。&ast;&ast;中文", "<p>**实体。**中文</p>\n"),
            ("中文 * 星号 * 中文", "<p>中文 * 星号 * 中文</p>\n"),
            (
                "<http://a.b/**。**x>中文",
                "<p><a href=\"http://a.b/**%E3%80%82**x\">http://a.b/**。**x</a>中文</p>\n",
            ),
            (
                "中文<span title=\"**\">。**中文",
                "<p>中文<span title=\"**\">。**中文</p>\n",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(render(src), want, "{src}");
        }
    }

    #[test]
    fn links_stay_atomic() {
        assert_eq!(
            render("[**链接**](http://a.b/**x**)"),
            "<p><a href=\"http://a.b/**x**\"><strong>链接</strong></a></p>\n"
        );
        assert_eq!(
            render("[**链接。**](http://a.b/**x。**y)文字"),
            "<p><a href=\"http://a.b/**x%E3%80%82**y\"><strong>链接。</strong></a>文字</p>\n"
        );
        // Delimiters cannot match across link brackets: the `**` inside the link text
        // stays literal, the two outside pair up around the link.
        assert_eq!(
            render("**前[链接。**](u)后。**"),
            "<p><strong>前<a href=\"u\">链接。**</a>后。</strong></p>\n"
        );
        assert_eq!(
            render("前[链接**。](u)**后"),
            "<p>前<a href=\"u\">链接**。</a>**后</p>\n"
        );
        assert_eq!(
            render("**[链接](u)。**后"),
            "<p><strong><a href=\"u\">链接</a>。</strong>后</p>\n"
        );
    }

    #[test]
    fn blocks_and_containers() {
        assert_eq!(
            render("# 标题**重点。**后 {#id}"),
            "<h1 id=\"id\">标题<strong>重点。</strong>后</h1>\n"
        );
        assert_eq!(
            render("- **第一。**项\n- **第二。**项\n  - **嵌套。**项"),
            "<ul>\n<li><strong>第一。</strong>项</li>\n<li><strong>第二。</strong>项\n<ul>\n<li><strong>嵌套。</strong>项</li>\n</ul>\n</li>\n</ul>\n"
        );
        assert_eq!(
            render("> **引用。**文字\n> 续行**强调。**完"),
            "<blockquote>\n<p><strong>引用。</strong>文字\n续行<strong>强调。</strong>完</p>\n</blockquote>\n"
        );
        assert_eq!(
            render("| 列 | 列 |\n|---|---|\n| **单元。**格 | *斜。*体 |"),
            "<table><thead><tr><th>列</th><th>列</th></tr></thead><tbody>\n<tr><td><strong>单元。</strong>格</td><td><em>斜。</em>体</td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            render("```\n**代码。**中文\n```"),
            "<pre><code>**代码。**中文\n</code></pre>\n"
        );
        assert_eq!(
            render("- [ ] **任务。**中"),
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\"/>\n<strong>任务。</strong>中</li>\n</ul>\n"
        );
        // Emphasis spans soft breaks inside one paragraph, never two paragraphs.
        assert_eq!(
            render("**第一行\n第二行。**中"),
            "<p><strong>第一行\n第二行。</strong>中</p>\n"
        );
        assert_eq!(
            render("**第一段\n\n第二段。**中"),
            "<p>**第一段</p>\n<p>第二段。**中</p>\n"
        );
    }

    #[test]
    fn both_passes_together() {
        assert_eq!(
            render_cjk("这是**我想做的事。**\n所以继续"),
            "<p>这是<strong>我想做的事。</strong>所以继续</p>\n"
        );
    }

    #[test]
    fn ranges_are_sensible() {
        let src = "这是**我想做的事。**所以继续";
        let events = cjk_emphasis(src, parse(src));
        let got: Vec<(String, &str)> = events
            .iter()
            .map(|(e, r)| (format!("{e:?}"), &src[r.clone()]))
            .collect();
        let strong = "**我想做的事。**";
        assert_eq!(
            got,
            vec![
                ("Start(Paragraph)".to_string(), src),
                ("Text(Borrowed(\"这是\"))".to_string(), "这是"),
                ("Start(Strong)".to_string(), strong),
                (
                    "Text(Borrowed(\"我想做的事。\"))".to_string(),
                    "我想做的事。"
                ),
                ("End(Strong)".to_string(), strong),
                ("Text(Borrowed(\"所以继续\"))".to_string(), "所以继续"),
                ("End(Paragraph)".to_string(), src),
            ]
        );
        // Every Text event is its own source slice when it was one before.
        for (e, r) in cjk_emphasis(src, parse(src)) {
            if let Event::Text(t) = e {
                assert_eq!(&src[r], &*t);
            }
        }
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let n = 10_000;
        let src = format!("{}中文。{}字", "*".repeat(n), "*".repeat(n));
        let html = render(&src);
        assert!(html.starts_with("<p><strong><strong>"), "{}", &html[..40]);
        assert_eq!(html.matches("<strong>").count(), n / 2);
        let src = format!("{}中文。{}字", "[*".repeat(3000), "*](u)".repeat(3000));
        let html = render(&src);
        assert_eq!(html.matches("<em>").count(), 3000);
        let src = format!("{}**中文。**字", "> ".repeat(5000));
        assert!(render(&src).contains("<strong>中文。</strong>字"));
    }

    #[test]
    fn long_input_is_fast() {
        let src = "中文**强调。**中 a * b _c_ ".repeat(20_000);
        let start = std::time::Instant::now();
        let html = render(&src);
        assert_eq!(html.matches("<strong>").count(), 20_000);
        assert!(start.elapsed().as_secs() < 10);
        let src = "**。".repeat(20_000);
        let _ = render(&src);
        let src = "_*".repeat(20_000);
        let _ = render(&src);
        assert!(start.elapsed().as_secs() < 20);
    }

    /// Non-CJK CommonMark inputs: the pass must not change pulldown-cmark's HTML, neither
    /// through the fast path nor when the delimiter algorithm is forced to re-run.
    const ASCII_CASES: &[&str] = &[
        // CommonMark 0.31.2 section 6.2 and friends.
        "*foo bar*",
        "a * foo bar*",
        "a*\"foo\"*",
        "* a *",
        "*$*alpha.\n\n*£*bravo.\n\n*€*charlie.",
        "foo*bar*",
        "5*6*78",
        "_foo bar_",
        "_ foo bar_",
        "a_\"foo\"_",
        "foo_bar_",
        "5_6_78",
        "пристаням_стремятся_",
        "aa_\"bb\"_cc",
        "foo-_(bar)_",
        "_foo*",
        "*foo bar *",
        "*foo bar\n*",
        "*(*foo)",
        "*(*foo*)*",
        "*foo*bar",
        "_foo bar _",
        "_(_foo)",
        "_(_foo_)_",
        "_foo_bar",
        "_пристаням_стремятся",
        "_foo_bar_baz_",
        "_(bar)_.",
        "**foo bar**",
        "** foo bar**",
        "a**\"foo\"**",
        "foo**bar**",
        "__foo bar__",
        "__ foo bar__",
        "__\nfoo bar__",
        "a__\"foo\"__",
        "foo__bar__",
        "5__6__78",
        "__foo, __bar__, baz__",
        "foo-__(bar)__",
        "**foo bar **",
        "**(**foo)",
        "*(**foo**)*",
        "**Gomphocarpus (*Gomphocarpus physocarpus*, syn.\n*Asclepias physocarpa*)**",
        "**foo \"*bar*\" foo**",
        "**foo**bar",
        "__foo bar __",
        "__(__foo)",
        "_(__foo__)_",
        "__foo__bar",
        "__foo__bar__baz__",
        "__(bar)__.",
        "*foo [bar](/url)*",
        "*foo\nbar*",
        "_foo __bar__ baz_",
        "_foo _bar_ baz_",
        "__foo_ bar_",
        "*foo *bar**",
        "*foo **bar** baz*",
        "*foo**bar**baz*",
        "*foo**bar*",
        "***foo** bar*",
        "*foo **bar***",
        "*foo**bar***",
        "foo***bar***baz",
        "foo******bar*********baz",
        "*foo **bar *baz* bim** bop*",
        "*foo [*bar*](/url)*",
        "** is not an empty emphasis",
        "**** is not an empty strong emphasis",
        "**foo [bar](/url)**",
        "**foo\nbar**",
        "__foo _bar_ baz__",
        "__foo __bar__ baz__",
        "____foo__ bar__",
        "**foo **bar****",
        "**foo *bar* baz**",
        "**foo*bar*baz**",
        "***foo* bar**",
        "**foo *bar***",
        "**foo *bar **baz**\nbim* bop**",
        "**foo [*bar*](/url)**",
        "__ is not an empty emphasis",
        "____ is not an empty strong emphasis",
        "foo ***",
        "foo *\\**",
        "foo *_*",
        "foo *****",
        "foo **\\***",
        "foo **_**",
        "foo ___",
        "foo _\\__",
        "foo _*_",
        "foo _____",
        "foo __\\___",
        "foo __*__",
        "**foo*",
        "*foo**",
        "__foo_",
        "_foo__",
        "***foo**",
        "****foo*",
        "**foo***",
        "*foo****",
        "foo***",
        "*a***b*",
        "_____foo_____",
        "*foo _bar* baz_",
        "*foo __bar *baz bim__ bam*",
        "**foo **bar baz**",
        "*foo *bar baz*",
        "*[bar*](/url)",
        "_foo [bar_](/url)",
        "*<img src=\"foo\" title=\"*\"/>",
        "**<a href=\"**\">",
        "__<a href=\"__\">",
        "*a `*`*",
        "_a `_`_",
        "**a<http://foo.bar/?q=**>",
        "__a<http://foo.bar/?q=__>",
        // Escapes, entities, code, links, other blocks.
        "\\*not emphasized*",
        "\\\\*emphasis*",
        "&ast;foo*",
        "*foo&ast;",
        "`**code**` and **strong**",
        "[**link**](http://a.b/**x**) **after**",
        "![*alt* **text**](img.png \"*t*\")",
        "F**k you",
        "snake_case_name and __init__",
        "# Heading *em* **strong** #",
        "Setext *em*\n===",
        "- *a*\n- **b**\n  - ***c***",
        "> *quote\n> more*",
        "| *a* | **b** |\n|---|---|\n| *c*|**d**|",
        "|*.*|x|\n|-|-|\n|_a_|b|",
        "~~*strike*~~ and *~~x~~*",
        "*a ~~b* c~~",
        "foo[^1] *bar*\n\n[^1]: *note* **x**",
        "*foo  \nbar*",
        "*foo\\\nbar*",
        "- [ ] *todo*",
        "*ĉu vi* **ĉesos**? «*ne*»",
        "“*quoted*” and ‘**single**’",
        "*a* *b* *c* **d** _e_ __f__",
        "a * b ** c *** d",
        "*a\n\nb*",
    ];

    #[test]
    fn ascii_output_is_unchanged() {
        assert!(ASCII_CASES.len() >= 60);
        for src in ASCII_CASES {
            assert_eq!(render(src), render_plain(src), "fast path: {src:?}");
            assert_eq!(parse(src), cjk_emphasis(src, parse(src)), "events: {src:?}");
        }
    }

    #[test]
    fn forced_reprocessing_matches_pulldown() {
        for src in ASCII_CASES {
            assert_eq!(render_forced(src), render_plain(src), "forced: {src:?}");
        }
    }
}

#[cfg(test)]
mod fuzz {
    use super::super::cjk_test_util::{parse, render_events, render_plain};
    use super::*;

    const TOKENS: &[&str] = &[
        "*",
        "*",
        "*",
        "**",
        "_",
        "_",
        "__",
        "a",
        "b",
        " ",
        " ",
        ".",
        "\n",
        "\n\n",
        "\\",
        "[",
        "](u)",
        "![",
        "`",
        "~~",
        "~",
        "|",
        "&ast;",
        "<b>",
        "- ",
        "> ",
        "(",
        ")",
        "\"",
        "#",
        "<http://a*b>",
        "[^1]",
        "\n[^1]: ",
        "\n|-|-|\n",
        "\t",
        "\u{3000}",
        "中",
        "。",
        "“",
        "》",
        "\u{FE00}",
        "\u{E0100}",
        "😀",
    ];

    /// Deterministic random snippets: the output is well formed (balanced tags, ranges in
    /// bounds, text events that are source slices stay so), pure-ASCII snippets render
    /// exactly as plain pulldown-cmark, also when the delimiter algorithm is forced to run.
    #[test]
    fn random_snippets() {
        let ascii: Vec<&str> = TOKENS.iter().copied().filter(|t| t.is_ascii()).collect();
        let mut seed: u64 = 0x6b75_6169_7875_6e21;
        let mut rand = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for i in 0..20_000 {
            let tokens: &[&str] = if i % 2 == 0 { TOKENS } else { &ascii };
            let len = 1 + rand() % 24;
            let src: String = (0..len).map(|_| tokens[rand() % tokens.len()]).collect();
            let events = cjk_emphasis(&src, parse(&src));
            let mut depth = 0i64;
            for (event, range) in &events {
                assert!(
                    range.start <= range.end && range.end <= src.len(),
                    "{src:?}"
                );
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{src:?}");
            }
            assert_eq!(depth, 0, "{src:?}");
            let html = render_events(events);
            if i % 2 == 1 {
                let plain = render_plain(&src);
                assert_eq!(html, plain, "fast path: {src:?}");
                let forced = render_events(rewrite(&src, parse(&src), true));
                assert_eq!(forced, plain, "forced: {src:?}");
            }
        }
    }
}
