//! The search tokenizer. `static/js/search.js` implements the same rules for queries; change
//! both together (and bump [`super::FORMAT_VERSION`]).
//!
//! Every character is first normalized: full-width ASCII (`Ｈ２００`, U+FF01–FF5E) becomes
//! ASCII. On a site with script editions (`variants:` in the config) every CJK character is
//! also **folded** Traditional → Simplified ([`fold_char`]: 發 髮 → 发, 軟 → 软), so an index
//! and a query match whatever script either is in; the fold is one character to one
//! character, so positions in a text stay where they were (the client applies the same
//! pairs, `search/fold.txt`, see [`fold_file`]). Then characters fall in three classes:
//!
//! * **CJK**: Han ideographs (with 々 and 〇), kana and Hangul ([`is_cjk`]). A maximal run of
//!   CJK characters yields its **bigrams** (`人工智能` → 人工 工智 智能) plus a **unigram of its
//!   last character** (能). A one-character run yields just its unigram. So every character
//!   of a run starts exactly one token, which is what lets a one-character query find it: the
//!   query `智` matches every token whose first character is 智 (智能, and 智 at a run's end),
//!   and [`shard_key`] keeps all those tokens in one shard file.
//! * **word characters**: any other letter or digit (`char::is_alphanumeric`, JS
//!   `[\p{Alphabetic}\p{N}]`). A run of them is a word part, lower-cased (`H200` → `h200`).
//!   Parts joined by a single `-`, `.` or `_` between two word characters form a compound
//!   (`GPT-5`, `3.5`, `RISC-V`): the compound (`gpt-5`) is a token and so is each part
//!   (`gpt`, `5`). Tokens longer than [`MAX_WORD`] characters are dropped (hashes, base64).
//! * everything else (spaces, punctuation, symbols, emoji) separates tokens.

/// Longest word token kept, in characters.
pub const MAX_WORD: usize = 32;

/// One token of indexed or query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A CJK bigram (`Some` second character) or unigram.
    Cjk(char, Option<char>),
    /// A lower-cased word or compound (`h200`, `gpt-5`).
    Word(&'a str),
}

impl Token<'_> {
    /// The token's text.
    pub fn text(&self) -> String {
        match *self {
            Token::Cjk(a, Some(b)) => [a, b].iter().collect(),
            Token::Cjk(a, None) => a.to_string(),
            Token::Word(w) => w.to_string(),
        }
    }
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
#[inline]
pub fn is_cjk(c: char) -> bool {
    let u = c as u32;
    if (0x4E00..=0x9FFF).contains(&u) {
        return true; // the common case first
    }
    if u < 0x1100 {
        return false;
    }
    matches!(u,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x3005 | 0x3007     // 々 〇
        | 0x3041..=0x3096     // Hiragana
        | 0x309D..=0x309F
        | 0x30A1..=0x30FA     // Katakana (not ・)
        | 0x30FC..=0x30FF     // ー ヽ ヾ ヿ
        | 0x3131..=0x318E     // Hangul compatibility Jamo
        | 0x31F0..=0x31FF     // Katakana phonetic extensions
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7A3     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0x20000..=0x323AF   // CJK extensions B–H
    )
}

/// Full-width ASCII → ASCII; every other character unchanged.
#[inline]
pub fn normalize(c: char) -> char {
    match c as u32 {
        u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Where the fold's pairs are, relative to the output folder (the manifest names it relative
/// to `search/`, as [`FOLD_NAME`]).
pub const FOLD_PATH: &str = "search/fold.txt";
/// [`FOLD_PATH`] as the manifest's `fold` names it.
pub const FOLD_NAME: &str = "fold.txt";

/// The Traditional → Simplified fold of [`fold_char`]: a dense table over the main Han
/// block and extension A, sorted pairs for the rest.
struct FoldTable {
    dense: Box<[char]>,
    rest: Box<[(char, char)]>,
}

const DENSE_FIRST: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

fn fold_table() -> &'static FoldTable {
    static TABLE: std::sync::OnceLock<FoldTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut dense: Vec<char> = (DENSE_FIRST..DENSE_END)
            .map(|u| char::from_u32(u).unwrap_or('\u{fffd}'))
            .collect();
        let mut rest = Vec::new();
        for &(t, s) in fold_pairs() {
            let u = t as u32;
            if (DENSE_FIRST..DENSE_END).contains(&u) {
                dense[(u - DENSE_FIRST) as usize] = s;
            } else {
                rest.push((t, s));
            }
        }
        FoldTable {
            dense: dense.into_boxed_slice(),
            rest: rest.into_boxed_slice(),
        }
    })
}

/// Every pair `(Traditional, Simplified)` that [`fold_char`] changes, sorted: OpenCC's
/// character table (`crate::variants::opencc::t2s_char`) between CJK characters, applied until
/// nothing changes (薴 → 苧 → 苎 folds to 苎), so folding twice is folding once; then each
/// regional variant (`crate::variants::opencc::variant_pairs`: zh-TW's 著 for 着, zh-HK's
/// 衞 for 衛) joins its standard character's class, whose fold is a Simplified character
/// where the class has one (衞, 衛 and 卫 all fold to 卫), else its lowest (擡 and 抬 to 抬).
pub fn fold_pairs() -> &'static [(char, char)] {
    static PAIRS: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        use crate::variants::opencc::{is_simplified, t2s_char, t2s_pairs, variant_pairs};
        let mut fold: std::collections::BTreeMap<char, char> = t2s_pairs()
            .into_iter()
            .filter_map(|(t, s)| {
                let mut s = s;
                for _ in 0..8 {
                    let n = t2s_char(s);
                    if n == s {
                        break;
                    }
                    s = n;
                }
                (t != s && is_cjk(t) && is_cjk(s)).then_some((t, s))
            })
            .collect();
        for (standard, regional) in variant_pairs() {
            if !(is_cjk(standard) && is_cjk(regional)) {
                continue;
            }
            let of = |c: char, fold: &std::collections::BTreeMap<char, char>| {
                fold.get(&c).copied().unwrap_or(c)
            };
            let (a, b) = (of(standard, &fold), of(regional, &fold));
            if a == b {
                continue;
            }
            // One class, folding to its Simplified character (else the lower code point:
            // 擡 and 抬 are both left alone by OpenCC's character tables).
            let key = |c: char| (!is_simplified(c), c);
            let (keep, gone) = if key(b) < key(a) { (b, a) } else { (a, b) };
            for v in fold.values_mut() {
                if *v == gone {
                    *v = keep;
                }
            }
            fold.insert(gone, keep);
        }
        fold.into_iter().filter(|(t, s)| t != s).collect()
    })
}

/// A CJK character folded Traditional → Simplified ([`fold_pairs`]); any other unchanged.
#[inline]
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    if u < DENSE_FIRST {
        return c;
    }
    let t = fold_table();
    if u < DENSE_END {
        return t.dense[(u - DENSE_FIRST) as usize];
    }
    match t.rest.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => t.rest[i].1,
        Err(_) => c,
    }
}

/// The contents of [`FOLD_PATH`]: every pair of [`fold_pairs`] as its two characters, one
/// string of alternating Traditional and Simplified characters (`發发髮发…`), UTF-8.
pub fn fold_file() -> Vec<u8> {
    let mut out = String::with_capacity(fold_pairs().len() * 6);
    for &(t, s) in fold_pairs() {
        out.push(t);
        out.push(s);
    }
    out.into_bytes()
}

/// `char::is_alphanumeric`, with the punctuation of Chinese text answered without a table
/// look-up (General Punctuation and CJK Symbols hold no letters or digits outside 々〆〇 and
/// the Hangzhou numerals).
#[inline]
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 => false,
        _ => c.is_alphanumeric(),
    }
}

#[inline]
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '_')
}

/// The part of a token that picks its shard: the first character of a CJK token, the first
/// two characters of a word (the whole word if shorter). Tokens sharing a key share a file,
/// so a query can match every token that starts with a key (prefix search).
pub fn shard_key(token: &str) -> &str {
    let mut it = token.char_indices();
    match it.next() {
        None => "",
        Some((_, c)) if is_cjk(c) => &token[..c.len_utf8()],
        Some(_) => match it.nth(1) {
            Some((i, _)) => &token[..i],
            None => token,
        },
    }
}

/// 32-bit FNV-1a over UTF-8 bytes: the stable hash behind shard file names.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Reusable buffers of [`Tokenizer::run`].
#[derive(Default)]
pub struct Tokenizer {
    /// The current word, normalized, parts separated by their joiners.
    raw: String,
    /// Byte offset in `raw` where each part starts.
    starts: Vec<usize>,
    lower: String,
    spans: Vec<(usize, usize)>,
    /// Whether CJK characters are folded Traditional → Simplified ([`fold_char`]).
    fold: bool,
}

impl Tokenizer {
    /// A tokenizer that folds CJK characters ([`fold_char`]) when `fold`, as the index of a
    /// site with script editions does ([`Tokenizer::default`] does not).
    pub fn new(fold: bool) -> Self {
        if fold {
            fold_table();
        }
        Tokenizer {
            fold,
            ..Tokenizer::default()
        }
    }

    /// Calls `emit` for every token of `text`, in order. Allocates only for non-ASCII words.
    pub fn run(&mut self, text: &str, emit: impl FnMut(Token<'_>)) {
        if self.fold {
            self.run_with::<true>(text, emit)
        } else {
            self.run_with::<false>(text, emit)
        }
    }

    /// [`Tokenizer::run`], folding CJK characters if `FOLD` (two copies, so the loop of a site
    /// without editions has no fold test in it).
    #[inline(always)]
    fn run_with<const FOLD: bool>(&mut self, text: &str, mut emit: impl FnMut(Token<'_>)) {
        let mut prev_cjk: Option<char> = None;
        let mut joiner: Option<char> = None;
        self.raw.clear();
        self.starts.clear();
        let mut it = text.chars();
        while let Some(c) = it.next() {
            let c = normalize(c);
            if is_cjk(c) {
                let c = if FOLD { fold_char(c) } else { c };
                self.flush_word(&mut emit);
                joiner = None;
                if let Some(p) = prev_cjk {
                    emit(Token::Cjk(p, Some(c)));
                }
                prev_cjk = Some(c);
                continue;
            }
            if let Some(p) = prev_cjk.take() {
                emit(Token::Cjk(p, None));
            }
            if is_word_char(c) {
                if let Some(j) = joiner.take() {
                    self.raw.push(j);
                    self.starts.push(self.raw.len());
                } else if self.raw.is_empty() {
                    self.starts.push(0);
                }
                self.raw.push(c);
                continue;
            }
            if joiner.is_none() && !self.raw.is_empty() {
                match symbol_suffix(c, &it) {
                    Suffix::Symbol(n) => {
                        self.raw.push(c);
                        for _ in 1..n {
                            self.raw.push(c);
                            it.next();
                        }
                        self.flush_word(&mut emit);
                        continue;
                    }
                    Suffix::Possessive => {
                        it.next();
                        self.flush_word(&mut emit);
                        continue;
                    }
                    Suffix::None => {}
                }
            }
            if is_joiner(c) && !self.raw.is_empty() && joiner.is_none() {
                joiner = Some(c);
            } else if c == '.' && self.raw.is_empty() && leading_dot(&it) {
                // `.NET`: a dot before letters, after no word, starts the word.
                self.starts.push(0);
                self.raw.push('.');
            } else {
                self.flush_word(&mut emit);
                joiner = None;
            }
        }
        if let Some(p) = prev_cjk {
            emit(Token::Cjk(p, None));
        }
        self.flush_word(&mut emit);
    }

    fn flush_word(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        if self.raw.is_empty() {
            return;
        }
        self.lower.clear();
        self.spans.clear();
        for (i, &start) in self.starts.iter().enumerate() {
            let end = self.starts.get(i + 1).map_or(self.raw.len(), |&s| s - 1);
            if i > 0 {
                self.lower.push_str(&self.raw[start - 1..start]);
            }
            let part = &self.raw[start..end];
            let at = self.lower.len();
            if part.is_ascii() {
                self.lower.push_str(part);
                self.lower[at..].make_ascii_lowercase();
            } else {
                self.lower.push_str(&part.to_lowercase());
            }
            self.spans.push((at, self.lower.len()));
        }
        for &(a, b) in &self.spans {
            emit_word(&self.lower[a..b], emit);
        }
        if self.spans.len() > 1 {
            emit_word(&self.lower, emit);
            // `asp.net`, `node.js`: the last part after a dot is also `.net`, `.js`.
            let (a, b) = self.spans[self.spans.len() - 1];
            let last = &self.lower[a - 1..b];
            if last.starts_with('.') && last[1..].bytes().all(|c| c.is_ascii_lowercase()) {
                emit_word(last, emit);
            }
        }
        self.raw.clear();
        self.starts.clear();
    }
}

enum Suffix {
    None,
    /// `++` (2) or `#` (1) right after a word, and no word character after it: `C++`, `C#`.
    Symbol(usize),
    /// `'s` or `’s` ending a word: dropped.
    Possessive,
}

/// What the non-word character `c` after a word starts; `rest` follows `c`.
#[inline]
fn symbol_suffix(c: char, rest: &std::str::Chars<'_>) -> Suffix {
    let word_after = |mut r: std::str::Chars<'_>| {
        r.next()
            .map(normalize)
            .is_some_and(|d| is_word_char(d) && !is_cjk(d))
    };
    match c {
        '#' if !word_after(rest.clone()) => Suffix::Symbol(1),
        '+' => {
            let mut r = rest.clone();
            if r.next().map(normalize) == Some('+') && !word_after(r) {
                Suffix::Symbol(2)
            } else {
                Suffix::None
            }
        }
        '\'' | '\u{2019}' => {
            let mut r = rest.clone();
            if matches!(r.next().map(normalize), Some('s' | 'S')) && !word_after(r) {
                Suffix::Possessive
            } else {
                Suffix::None
            }
        }
        _ => Suffix::None,
    }
}

/// Whether a dot not after a word starts one: an ASCII letter follows (`.NET`, not `.5`).
#[inline]
fn leading_dot(rest: &std::str::Chars<'_>) -> bool {
    rest.clone()
        .next()
        .is_some_and(|d| normalize(d).is_ascii_alphabetic())
}

/// Light English normalisation of a whole word token: plural endings are stripped from
/// words of four or more ASCII letters (`databases` → `database`, `libraries` → `library`,
/// `boxes` → `box`), but not from `-ss`, `-us`, `-is`, `-os`, `-as` (`class`, `linux`…
/// `macos`). No stemmer: `running` stays `running`.
pub fn fold(w: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let b = w.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) || b[b.len() - 1] != b's' {
        return Cow::Borrowed(w);
    }
    let n = b.len();
    if matches!(b[n - 2], b's' | b'u' | b'i' | b'o' | b'a') {
        return Cow::Borrowed(w);
    }
    if n > 4 && w.ends_with("ies") {
        return Cow::Owned(format!("{}y", &w[..n - 3]));
    }
    if w.ends_with("sses") || w.ends_with("shes") || w.ends_with("xes") || w.ends_with("zzes") {
        return Cow::Borrowed(&w[..n - 2]);
    }
    Cow::Borrowed(&w[..n - 1])
}

fn emit_word(w: &str, emit: &mut impl FnMut(Token<'_>)) {
    if w.len() <= MAX_WORD || w.chars().count() <= MAX_WORD {
        emit(Token::Word(&fold(w)));
    }
}

/// All tokens of `text` as strings (tests and tools; the index uses [`Tokenizer::run`]).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Tokenizer::default().run(text, |t| out.push(t.text()));
    out
}

/// [`tokens`] with CJK characters folded ([`fold_char`]), as a site with editions indexes.
pub fn tokens_folded(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Tokenizer::new(true).run(text, |t| out.push(t.text()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_bigrams_and_run_end_unigram() {
        assert_eq!(tokens("人工智能"), ["人工", "工智", "智能", "能"]);
        assert_eq!(tokens("算力"), ["算力", "力"]);
        assert_eq!(tokens("在"), ["在"]);
        assert_eq!(
            tokens("算力，芯片。"),
            ["算力", "力", "芯片", "片"],
            "CJK punctuation splits runs"
        );
    }

    #[test]
    fn partial_words_are_tokens_of_the_whole() {
        let t = tokens("人工智能芯片");
        for part in ["智能", "人工", "芯片", "能芯"] {
            assert!(t.iter().any(|x| x == part), "{part} in {t:?}");
        }
    }

    #[test]
    fn mixed_text() {
        let t = tokens("英伟达发布 H200 芯片，GPT-5 推理成本下降");
        let want = [
            "英伟", "伟达", "达发", "发布", "布", "h200", "芯片", "片", "gpt", "5", "gpt-5",
            "推理", "理成", "成本", "本下", "下降", "降",
        ];
        assert_eq!(t, want);
    }

    #[test]
    fn latin_words_lowercased_and_compounds() {
        assert_eq!(tokens("Hello, World!"), ["hello", "world"]);
        assert_eq!(tokens("RISC-V"), ["risc", "v", "risc-v"]);
        assert_eq!(tokens("Llama 3.1 405B"), ["llama", "3", "1", "3.1", "405b"]);
        // A trailing joiner is punctuation, a doubled one splits.
        assert_eq!(tokens("H200. A--B"), ["h200", "a", "b"]);
        assert_eq!(tokens("gpt-4o-mini"), ["gpt", "4o", "mini", "gpt-4o-mini"]);
    }

    #[test]
    fn latin_next_to_cjk_without_spaces() {
        assert_eq!(
            tokens("英伟达H200芯片"),
            ["英伟", "伟达", "达", "h200", "芯片", "片"]
        );
        assert_eq!(tokens("2025年"), ["2025", "年"]);
    }

    #[test]
    fn fullwidth_and_non_ascii_letters() {
        assert_eq!(tokens("ＧＰＴ－５"), ["gpt", "5", "gpt-5"]);
        assert_eq!(
            tokens("Ünïcode ΣΟΦΟΣ"),
            ["ünïcode", "\u{3c3}\u{3bf}\u{3c6}\u{3bf}\u{3c2}"]
        );
    }

    #[test]
    fn japanese_and_korean_are_cjk_runs() {
        assert_eq!(tokens("データ"), ["デー", "ータ", "タ"]);
        assert_eq!(tokens("한국어"), ["한국", "국어", "어"]);
    }

    #[test]
    fn code_symbols_and_long_words() {
        assert!(tokens("a".repeat(MAX_WORD + 1).as_str()).is_empty());
        assert_eq!(tokens("a".repeat(MAX_WORD).as_str()).len(), 1);
        assert!(tokens("→ ★ 😀 ！？").is_empty());
    }

    #[test]
    fn punctuation_fast_path_agrees_with_the_unicode_tables() {
        for u in (0..0x80).chain(0x2000..0x2070).chain(0x3000..0x3040) {
            let c = char::from_u32(u).unwrap();
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
        }
    }

    #[test]
    fn symbol_names_stay_whole() {
        assert_eq!(
            tokens("C++ 和 C# 以及 F#"),
            ["c++", "和", "c#", "以及", "及", "f#"]
        );
        assert_eq!(tokens("Ｃ＋＋"), ["c++"]);
        assert_eq!(
            tokens("C++20"),
            ["c", "20"],
            "++ before a word is not a suffix"
        );
        assert_eq!(tokens("c/c++"), ["c", "c++"]);
        assert_eq!(tokens("用.NET开发"), ["用", ".net", "开发", "发"]);
        assert_eq!(tokens("ASP.NET"), ["asp", "net", "asp.net", ".net"]);
        assert_eq!(tokens("node.js"), ["node", "js", "node.js", ".js"]);
        assert_eq!(tokens("v3.5"), ["v3", "5", "v3.5"]);
        assert_eq!(tokens("a+b #tag"), ["a", "b", "tag"]);
        assert_eq!(tokens("Gmail.com"), ["gmail", "com", "gmail.com", ".com"]);
    }

    #[test]
    fn plurals_and_possessives_fold() {
        assert_eq!(tokens("databases Database's"), ["database", "database"]);
        assert_eq!(
            tokens("libraries boxes processes"),
            ["library", "box", "process"]
        );
        assert_eq!(
            tokens("class linux macOS bus chips"),
            ["class", "linux", "macos", "bus", "chip"]
        );
        assert_eq!(tokens("it's"), ["it"]);
        assert_eq!(fold("models"), "model");
        assert_eq!(fold("news"), "new");
        assert_eq!(fold("h200s"), "h200s", "only letters fold");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("算力"), "算");
        assert_eq!(shard_key("力"), "力");
        assert_eq!(shard_key("gpt-5"), "gp");
        assert_eq!(shard_key("5"), "5");
        assert_eq!(shard_key("ünï"), "ün");
    }

    #[test]
    fn traditional_folds_to_simplified_only_when_asked() {
        assert_eq!(tokens_folded("軟件開發"), tokens("软件开发"));
        assert_eq!(tokens_folded("頭髮的發展"), tokens("头发的发展"));
        assert_eq!(tokens("軟件"), ["軟件", "件"], "no fold by default");
        assert_eq!(
            tokens_folded("發布 GPT-5，開源"),
            ["发布", "布", "gpt", "5", "gpt-5", "开源", "源"]
        );
        assert_eq!(fold_char('發'), '发');
        assert_eq!(fold_char('髮'), '发');
        assert_eq!(fold_char('发'), '发');
        assert_eq!(fold_char('A'), 'A');
        assert_eq!(fold_char('薴'), '苎', "chains are followed to the end");
        // Regional variants join their standard character's class.
        for c in ['衞', '衛', '卫'] {
            assert_eq!(fold_char(c), '卫', "{c}");
        }
        assert_eq!(fold_char('敍'), fold_char('敘'));
        assert_eq!(fold_char('著'), fold_char('着'));
        assert_eq!(fold_char('擡'), '抬');
        assert_eq!(fold_char('枱'), '台');
        for &(t, s) in fold_pairs() {
            assert_eq!(fold_char(t), s, "{t}");
            assert_eq!(fold_char(s), s, "{s} folds once");
            assert!(is_cjk(t) && is_cjk(s));
        }
        assert!(fold_pairs().len() > 3000);
        assert!(fold_pairs().windows(2).all(|w| w[0].0 < w[1].0));
        let file = String::from_utf8(fold_file()).unwrap();
        assert!(file.starts_with(&format!("{}{}", fold_pairs()[0].0, fold_pairs()[0].1)));
        assert_eq!(file.chars().count(), 2 * fold_pairs().len());
    }

    #[test]
    fn fnv1a_is_the_standard_function() {
        assert_eq!(fnv1a(b""), 0x811c9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9cf968);
    }
}
