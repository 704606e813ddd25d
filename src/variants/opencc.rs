//! Simplified → Traditional conversion with OpenCC's own dictionaries (`opencc/*.txt`,
//! Apache-2.0, copied unchanged from the OpenCC project by way of `ferrous-opencc` 0.4.0).
//!
//! OpenCC converts by a chain of dictionaries; each step replaces, left to right, the longest
//! dictionary key that starts at the current position (forward maximum matching) with the
//! key's first value, and leaves characters no key starts with as they are:
//!
//! * `s2twp` (zh-TW): STPhrases + STCharacters → TWPhrases (软件 → 軟體) → TWVariants
//! * `s2hk` (zh-HK): STPhrases + STCharacters → HKVariants
//! * `s2t` (zh-Hant): STPhrases + STCharacters
//!
//! Each step is one leftmost-longest Aho–Corasick automaton (`daachorse`), which finds
//! exactly the matches forward maximum matching does, at 5–6× the speed of
//! `ferrous-opencc`'s FST look-ups (BENCHMARKS.md); `tests/variants.rs` holds the output
//! byte-identical to `ferrous-opencc` and to OpenCC's test cases. The automata are built
//! once per process, on first use (about 0.25 s for the phrase table: [`warm`] starts it
//! early on another thread).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

const ST_PHRASES: &str = include_str!("opencc/STPhrases.txt");
const ST_CHARACTERS: &str = include_str!("opencc/STCharacters.txt");
const TW_PHRASES: &str = include_str!("opencc/TWPhrases.txt");
const TW_VARIANTS: &str = include_str!("opencc/TWVariants.txt");
const HK_VARIANTS: &str = include_str!("opencc/HKVariants.txt");
const TS_CHARACTERS: &str = include_str!("opencc/TSCharacters.txt");

/// Which OpenCC configuration a variant uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `s2twp`: Taiwan characters and Taiwan phrases.
    S2twp,
    /// `s2hk`: Hong Kong characters.
    S2hk,
    /// `s2t`: OpenCC's standard Traditional characters, no regional phrases.
    S2t,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::S2twp => "s2twp",
            Table::S2hk => "s2hk",
            Table::S2t => "s2t",
        }
    }
}

/// One dictionary step: an automaton whose values index `values`.
struct Step {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    values: Vec<Box<str>>,
    /// No key holds an ASCII character, so no match spans one: ASCII runs are copied
    /// without running the automaton over them.
    ascii_free: bool,
    /// Bit per BMP character: whether a key starts with it (a text with none of them is
    /// copied as it is); `astral`: some key starts outside the BMP.
    starts: Vec<u64>,
    astral: bool,
    /// Few characters start a key (the regional steps): the automaton is run only from
    /// where one stands, the text between is copied ([`Step::apply_run`]).
    sparse: bool,
}

impl Step {
    /// A step from dictionary texts; on a key in two of them the earlier text wins (OpenCC's
    /// dictionary groups).
    fn new(texts: &[&str]) -> Step {
        Step::from_entries(
            texts
                .iter()
                .flat_map(|t| entries(t))
                .map(|(k, v)| (k, v.into())),
        )
    }

    /// Two steps in one: `phrases`, then `chars`, whose keys are all single characters
    /// (OpenCC's TWVariants). A character map applies to each piece of the first step's
    /// output on its own, so one leftmost-longest pass over `phrases` (values mapped by
    /// `chars`) and `chars` gives exactly what the two passes give.
    fn composed(phrases: &str, chars: &str) -> Step {
        let map: HashMap<char, &str> = entries(chars)
            .filter_map(|(k, v)| {
                let mut it = k.chars();
                let c = it.next()?;
                it.next().is_none().then_some((c, v))
            })
            .collect();
        assert_eq!(map.len(), entries(chars).count(), "single-character keys");
        let mapped = |v: &str| -> Box<str> {
            let mut out = String::with_capacity(v.len());
            for c in v.chars() {
                match map.get(&c) {
                    Some(s) => out.push_str(s),
                    None => out.push(c),
                }
            }
            out.into()
        };
        let first = entries(phrases).map(|(k, v)| (k, mapped(v)));
        let second = entries(chars).map(|(k, v)| (k, Box::<str>::from(v)));
        Step::from_entries(first.chain(second))
    }

    /// A step from (key, value) pairs; a key seen again is ignored.
    fn from_entries<'a>(pairs: impl Iterator<Item = (&'a str, Box<str>)>) -> Step {
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut keys: Vec<&str> = Vec::new();
        let mut values: Vec<Box<str>> = Vec::new();
        for (key, value) in pairs {
            if index.contains_key(key) {
                continue;
            }
            index.insert(key, values.len() as u32);
            keys.push(key);
            values.push(value);
        }
        let ascii_free = keys.iter().all(|k| !k.bytes().any(|b| b.is_ascii()));
        let mut starts = vec![0u64; 0x10000 / 64];
        let mut astral = false;
        for k in &keys {
            if let Some(ch) = k.chars().next() {
                let u = ch as usize;
                if u < 0x10000 {
                    starts[u / 64] |= 1 << (u % 64);
                } else {
                    astral = true;
                }
            }
        }
        let sparse = !astral && starts.iter().map(|w| w.count_ones()).sum::<u32>() < SPARSE;
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)))
            .expect("OpenCC dictionaries build an automaton");
        Step {
            automaton,
            values,
            ascii_free,
            starts,
            astral,
            sparse,
        }
    }

    /// Whether a key may match in `text` (some character starts a key).
    fn may_match(&self, text: &str) -> bool {
        text.chars().any(|c| self.starts_with(c))
    }

    /// Appends the converted `text` to `out`.
    fn apply(&self, text: &str, out: &mut String) {
        if !self.ascii_free {
            return self.apply_run(text, out);
        }
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let ascii = b[i..].iter().take_while(|c| c.is_ascii()).count();
            out.push_str(&text[i..i + ascii]);
            i += ascii;
            let run = b[i..].iter().take_while(|c| !c.is_ascii()).count();
            if run > 0 {
                self.apply_run(&text[i..i + run], out);
                i += run;
            }
        }
    }

    /// Whether a key starts with `c`.
    #[inline]
    fn starts_with(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x10000 {
            self.starts[u / 64] & (1 << (u % 64)) != 0
        } else {
            self.astral
        }
    }

    fn apply_run(&self, text: &str, out: &mut String) {
        if self.sparse {
            return self.apply_sparse(text, out);
        }
        let mut last = 0;
        for m in self.automaton.leftmost_find_iter(text) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&self.values[m.value() as usize]);
            last = m.end();
        }
        out.push_str(&text[last..]);
    }

    /// [`Step::apply_run`] for a step few characters start a key of: from the next character
    /// that starts one, the leftmost-longest match of the rest of the text is the same as
    /// the whole text's (no match starts before it), so the automaton runs only from there.
    fn apply_sparse(&self, text: &str, out: &mut String) {
        let mut last = 0;
        let mut from = 0;
        while let Some(p) = text[from..]
            .char_indices()
            .find(|&(_, c)| self.starts_with(c))
            .map(|(i, _)| from + i)
        {
            let Some(m) = self.automaton.leftmost_find_iter(&text[p..]).next() else {
                break;
            };
            out.push_str(&text[last..p + m.start()]);
            out.push_str(&self.values[m.value() as usize]);
            last = p + m.end();
            from = last;
        }
        out.push_str(&text[last..]);
    }
}

/// A step with fewer characters than this starting its keys runs [`Step::apply_sparse`].
const SPARSE: u32 = 1024;

/// The (key, first value) lines of a dictionary text.
fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        if line.starts_with('#') {
            return None;
        }
        let (key, vals) = line.split_once('\t')?;
        let first = vals.split(' ').next().unwrap_or_default();
        (!key.is_empty() && !first.is_empty()).then_some((key, first))
    })
}

fn step(cell: &'static OnceLock<Arc<Step>>, texts: &[&str]) -> Arc<Step> {
    cell.get_or_init(|| Arc::new(Step::new(texts))).clone()
}

static ST: OnceLock<Arc<Step>> = OnceLock::new();
static TWP: OnceLock<Arc<Step>> = OnceLock::new();
static HKV: OnceLock<Arc<Step>> = OnceLock::new();

/// A converter for one [`Table`]; cheap to clone, `Sync`.
#[derive(Clone)]
pub struct Converter {
    table: Table,
    steps: Vec<Arc<Step>>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Converter({})", self.table.name())
    }
}

impl Converter {
    pub fn new(table: Table) -> Converter {
        let st = step(&ST, &[ST_PHRASES, ST_CHARACTERS]);
        let steps = match table {
            // TWPhrases then TWVariants, as one pass.
            Table::S2twp => vec![
                st,
                TWP.get_or_init(|| Arc::new(Step::composed(TW_PHRASES, TW_VARIANTS)))
                    .clone(),
            ],
            Table::S2hk => vec![st, step(&HKV, &[HK_VARIANTS])],
            Table::S2t => vec![st],
        };
        Converter { table, steps }
    }

    /// No conversion at all (a `languages:` edition, whose links still move).
    pub fn identity() -> Converter {
        Converter {
            table: Table::S2t,
            steps: Vec::new(),
        }
    }

    /// Only the first step, shared by every table: STPhrases + STCharacters (= `s2t`).
    pub fn base() -> Converter {
        Converter {
            table: Table::S2t,
            steps: vec![step(&ST, &[ST_PHRASES, ST_CHARACTERS])],
        }
    }

    /// The steps of `table` after [`Converter::base`]: `base` then `after_base(t)` converts
    /// exactly as `new(t)` does.
    pub fn after_base(table: Table) -> Converter {
        let mut c = Converter::new(table);
        c.steps.remove(0);
        c
    }

    pub fn table(&self) -> Table {
        self.table
    }

    /// `text` converted; ASCII text (nothing to convert) is borrowed.
    pub fn convert<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.is_ascii() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.convert_into(text, &mut out);
        Cow::Owned(out)
    }

    /// Appends `text` converted to `out`.
    pub fn convert_into(&self, text: &str, out: &mut String) {
        if text.is_ascii() {
            out.push_str(text);
            return;
        }
        // A step whose keys start with none of the text's characters leaves it as it is
        // (most texts, for the small regional steps).
        let mut cur: Cow<'_, str> = Cow::Borrowed(text);
        let last = self.steps.len().saturating_sub(1);
        for (i, step) in self.steps.iter().enumerate() {
            if !step.may_match(&cur) {
                continue;
            }
            if i == last {
                step.apply(&cur, out);
                return;
            }
            let mut next = String::with_capacity(cur.len() + cur.len() / 8 + 16);
            step.apply(&cur, &mut next);
            cur = Cow::Owned(next);
        }
        out.push_str(&cur);
    }
}

/// Build the automata of `tables` now, on the calling thread (`kuaixun build` calls it on
/// a thread of its own at start, so they are ready when the site model is).
pub fn warm(tables: &[Table]) {
    for &t in tables {
        Converter::new(t);
    }
}

/// Traditional → Simplified, character by character (OpenCC's TSCharacters, first value):
/// what the search index and the search box fold both scripts to. Characters with no entry
/// (and every Simplified one) are their own fold.
pub fn t2s_char(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    t2s_table().get(&c).copied().unwrap_or(c)
}

/// OpenCC's regional character variants, (standard Traditional, regional form): TWVariants
/// (着 → 著, 裏 → 裡) and HKVariants (衛 → 衞, 敘 → 敍), single characters only. The search
/// fold (`crate::search::tokenize::fold_pairs`) puts each regional form in its standard
/// character's class, so `卫星` finds the zh-HK edition's `衞星`.
pub fn variant_pairs() -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = [TW_VARIANTS, HK_VARIANTS]
        .iter()
        .flat_map(|t| entries(t))
        .filter_map(|(k, v)| {
            let (mut k, mut v) = (k.chars(), v.trim().chars());
            match (k.next(), k.next(), v.next(), v.next()) {
                (Some(a), None, Some(b), None) if a != b => Some((a, b)),
                _ => None,
            }
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether `c` is a Simplified character by OpenCC's tables: Simplified → Traditional
/// changes it (软 → 軟), or some Traditional character folds to it.
pub fn is_simplified(c: char) -> bool {
    let mut buf = [0u8; 4];
    let s: &str = c.encode_utf8(&mut buf);
    Converter::base().convert(s) != s || t2s_table().values().any(|&v| v == c)
}

/// The pairs of [`t2s_char`] that change a character, sorted by the Traditional one.
pub fn t2s_pairs() -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = t2s_table().iter().map(|(&t, &s)| (t, s)).collect();
    v.sort_unstable();
    v
}

fn t2s_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = HashMap::new();
        for line in TS_CHARACTERS.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((key, vals)) = line.split_once('\t') else {
                continue;
            };
            let mut k = key.chars();
            let mut v = vals.split(' ').next().unwrap_or_default().chars();
            if let (Some(t), None, Some(s), None) = (k.next(), k.next(), v.next(), v.next()) {
                if t != s {
                    m.entry(t).or_insert(s);
                }
            }
        }
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_phrases() {
        let tw = Converter::new(Table::S2twp);
        let hk = Converter::new(Table::S2hk);
        let t = Converter::new(Table::S2t);
        assert_eq!(tw.convert("软件和信息，内存"), "軟體和資訊，記憶體");
        assert_eq!(hk.convert("软件和信息，内存"), "軟件和信息，內存");
        assert_eq!(t.convert("软件"), "軟件");
        assert_eq!(tw.convert("头发的发展"), "頭髮的發展");
        assert_eq!(tw.convert("Rust 1.80"), "Rust 1.80");
        assert!(matches!(tw.convert("plain ascii"), Cow::Borrowed(_)));
    }

    #[test]
    fn base_then_after_base_is_the_whole_table() {
        let text = "鼠标和软件的信息，头发与发展，SQL注入攻击，U盘里的内存条。";
        for t in [Table::S2twp, Table::S2hk, Table::S2t] {
            let two = Converter::after_base(t)
                .convert(&Converter::base().convert(text))
                .into_owned();
            assert_eq!(two, Converter::new(t).convert(text), "{}", t.name());
        }
    }

    #[test]
    fn fold_to_simplified_by_character() {
        assert_eq!(t2s_char('發'), '发');
        assert_eq!(t2s_char('髮'), '发');
        assert_eq!(t2s_char('软'), '软');
        assert_eq!(t2s_char('a'), 'a');
        let folded: String = "軟體開發".chars().map(t2s_char).collect();
        assert_eq!(folded, "软体开发");
        assert!(t2s_pairs().len() > 2000);
    }
}
