//! Query evaluation, exactly as `static/js/search.js` does it, over the written index files.
//! The client is the product; this module exists so Rust tests and benchmarks can check
//! results, their order and their snippets at the index level. Change both together.
//!
//! **Parsing.** A query is read into *units* by [`units`] (the same rules as the index
//! tokenizer: a CJK character is a unit, a word part is a unit, `C++`, `C#`, `.NET` stay
//! whole, plurals fold). Units then form *groups*: a run of adjacent CJK characters, or a
//! word with its compound parts (`gpt-5`). Outside double quotes every group is a *clause*
//! of its own; a quoted `"开源 数据库"` is one clause of all its groups.
//!
//! **Matching.** Every clause must match (AND). A clause's *terms* are looked up in the
//! posting lists: a CJK group's bigrams (一 character: every token starting with it), a
//! word's whole (folded) token. A word with no postings at all, last in the query, falls back
//! to a prefix (`nvid` → `nvidia`). Clauses whose terms can occur apart — CJK runs of three
//! or more characters and quoted phrases of several groups — are *checked*: the result's
//! title, tags or body text (`search/text/<id>.txt`) must hold the clause contiguously
//! (CJK characters strictly adjacent; the groups of a phrase apart by at most whitespace).
//! A body text cut at [`super::docs::TEXT`] characters cannot refute a match.
//!
//! **Ranking.** For doc `d` of `N`, with `tf` the body frequency (capped at 3) and `df` a
//! term's document count:
//!
//! ```text
//! score = 100 · [every clause is contiguous in the title]        (exact title phrase)
//!       +  40 · [every term in the title, but not contiguously]  (all terms in title)
//!       +  20 · [every term in the tags]
//!       + Σ_clause mean_term idf · tf · (k1 + 1) / (tf + k1)      (BM25 body, k1 = 1.2,
//!                         idf = ln(1 + (N − df + 0.5) / (df + 0.5)), no length norm)
//!       +   3 · (1 − d / N)                                       (recency: ids are newest first)
//! ```
//!
//! Ties go to the newer doc; `sort=date` orders by doc id. Before a checked doc's files are
//! read its title bonus is assumed exact, so its score can only fall once checked: results
//! are taken from a max-heap, a popped unchecked doc is checked (its files fetched, in
//! batches of a page) and pushed back with its real score, and only checked docs are shown.
//! The total is exact when nothing needs checking, else an upper bound until all are checked.
//!
//! **Filters.** A year (the manifest's id ranges) and at most one tag, category and section
//! (`search/facets.json`, [`super::facets`], fetched only once a query filters by one or
//! the first results are on screen) keep the candidates in all of them. The chips' counts are taken over the candidates before checking: each kind counts those passing every
//! other active filter, so a chip tells how many results choosing it leaves.
//!
//! **Folding.** When the manifest names a `fold` file (a site with script editions), every
//! character of the query and of each title, tag and body text it is matched against is
//! folded by its pairs (Traditional → Simplified, [`Fold`]) as the index was, where
//! full-width characters are normalized (the client's `norm`): `開源軟件` finds `开源软件`
//! and the reverse. The fold is one character to one, so spans stay where they were, and
//! titles and snippets show the text as it is.
//!
//! **Snippets** come from the body text: a window of [`SNIPPET`] characters around the spot
//! where the most clauses match (the first such), widened or narrowed to whole words, with
//! every complete match inside it marked. A doc that matches only in its title or tags shows
//! its title (marked) before the start of its text.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::path::PathBuf;

use super::facets::Facet;
use super::postings::decode;
use super::tokenize::{fold, is_cjk, normalize, shard_key, MAX_WORD};
use super::{layout::Layout, Manifest, MANIFEST};

/// Characters in a snippet window.
pub const SNIPPET: usize = 120;
/// Results per page.
pub const PAGE: usize = 10;
const K1: f64 = 1.2;

/// Where the index files come from (paths relative to the output folder).
pub trait Source {
    fn get(&self, path: &str) -> Option<Vec<u8>>;
}

/// An output folder on disk.
pub struct Dir(pub PathBuf);

impl Source for Dir {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.0.join(path)).ok()
    }
}

impl Source for HashMap<String, Vec<u8>> {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        HashMap::get(self, path).cloned()
    }
}

/// How two units are apart: nothing, a compound's joiner, whitespace only, anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    None,
    Join(char),
    Space,
    Other,
}

/// A CJK character or a word part of a text, lower-cased; `start..end` in characters of the
/// original text; `gap` separates it from the unit before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    pub cjk: bool,
    pub start: usize,
    pub end: usize,
    pub gap: Gap,
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The character fold of an index (the manifest's `fold` file: Traditional → Simplified);
/// the default folds nothing (an index without one).
#[derive(Debug, Clone, Default)]
pub struct Fold(HashMap<char, char>);

impl Fold {
    /// The pairs of a fold file: a string of alternating characters, each Traditional one
    /// followed by its Simplified one (`super::tokenize::fold_file`).
    pub fn parse(text: &str) -> Fold {
        let mut map = HashMap::new();
        let mut it = text.chars();
        while let (Some(t), Some(s)) = (it.next(), it.next()) {
            map.insert(t, s);
        }
        Fold(map)
    }

    /// Whether it folds anything.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `c` normalized (full-width ASCII → ASCII) and folded (the client's `norm`).
    #[inline]
    pub fn norm(&self, c: char) -> char {
        let c = normalize(c);
        if self.0.is_empty() {
            return c;
        }
        self.0.get(&c).copied().unwrap_or(c)
    }
}

/// Splits `text` into units by the rules of `super::tokenize`.
pub fn units(text: &str) -> Vec<Unit> {
    units_in(text, &Fold::default())
}

/// [`units`] with every character folded by `cfold` (as the index was).
pub fn units_in(text: &str, cfold: &Fold) -> Vec<Unit> {
    let chars: Vec<char> = text.chars().map(|c| cfold.norm(c)).collect();
    let mut out: Vec<Unit> = Vec::new();
    let mut gap = Gap::None;
    let mut i = 0;
    let n = chars.len();
    let at = |k: usize| chars.get(k).copied().unwrap_or(' ');
    while i < n {
        let c = chars[i];
        if is_cjk(c) {
            out.push(Unit {
                text: c.to_string(),
                cjk: true,
                start: i,
                end: i + 1,
                gap,
            });
            gap = Gap::None;
            i += 1;
            continue;
        }
        let dot = c == '.' && at(i + 1).is_ascii_alphabetic() && !(i > 0 && word_char(at(i - 1)));
        if word_char(c) || dot {
            let start = i;
            let mut j = if dot { i + 1 } else { i };
            while j < n && word_char(chars[j]) {
                j += 1;
            }
            let mut end = j;
            // Symbol suffixes and possessives (tokenize::symbol_suffix).
            if at(j) == '#' && !word_char(at(j + 1)) {
                end = j + 1;
            } else if at(j) == '+' && at(j + 1) == '+' && !word_char(at(j + 2)) {
                end = j + 2;
            }
            let mut text: String = chars[start..end].iter().collect();
            text = text.to_lowercase();
            out.push(Unit {
                text,
                cjk: false,
                start,
                end,
                gap,
            });
            gap = Gap::None;
            i = end;
            if end == j
                && matches!(at(j), '\'' | '\u{2019}')
                && matches!(at(j + 1), 's' | 'S')
                && !word_char(at(j + 2))
            {
                i = j + 2;
                gap = Gap::Other;
                continue;
            }
            if end == j && matches!(at(j), '-' | '.' | '_') && word_char(at(j + 1)) {
                gap = Gap::Join(at(j));
                i = j + 1;
            }
            continue;
        }
        gap = match gap {
            Gap::None | Gap::Space if c.is_whitespace() => Gap::Space,
            _ => Gap::Other,
        };
        i += 1;
    }
    out
}

/// A run of adjacent CJK characters, or a word and its compound parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    Cjk(Vec<String>),
    Word { parts: Vec<String>, seps: Vec<char> },
}

/// Groups of a unit sequence.
fn groups(us: &[Unit]) -> Vec<(Group, Gap)> {
    let mut out: Vec<(Group, Gap)> = Vec::new();
    for u in us {
        let joined = match out.last_mut() {
            Some((Group::Cjk(cs), _)) if u.cjk && u.gap == Gap::None => {
                cs.push(u.text.clone());
                true
            }
            Some((Group::Word { parts, seps }, _)) if !u.cjk => match u.gap {
                Gap::Join(j) => {
                    parts.push(u.text.clone());
                    seps.push(j);
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !joined {
            let g = if u.cjk {
                Group::Cjk(vec![u.text.clone()])
            } else {
                Group::Word {
                    parts: vec![u.text.clone()],
                    seps: vec![],
                }
            };
            out.push((g, u.gap));
        }
    }
    out
}

impl Group {
    fn len(&self) -> usize {
        match self {
            Group::Cjk(cs) => cs.len(),
            Group::Word { parts, .. } => parts.len(),
        }
    }

    /// The whole word, lower-cased and folded (`gpt-5`, `database`).
    fn word(&self) -> String {
        match self {
            Group::Cjk(cs) => cs.concat(),
            Group::Word { parts, seps } => {
                let mut w = parts[0].clone();
                for (p, s) in parts[1..].iter().zip(seps) {
                    w.push(*s);
                    w.push_str(p);
                }
                fold(&w).into_owned()
            }
        }
    }

    /// Units `us[i..i+len]` if this group matches there (`.net` may start one unit early
    /// in characters: `asp.net`), as a character span.
    fn match_at(&self, us: &[Unit], i: usize, prefix: bool) -> Option<(usize, usize)> {
        match self {
            Group::Cjk(cs) => {
                if i + cs.len() > us.len() {
                    return None;
                }
                for (k, c) in cs.iter().enumerate() {
                    let u = &us[i + k];
                    if !u.cjk || u.text != *c || (k > 0 && u.gap != Gap::None) {
                        return None;
                    }
                }
                Some((us[i].start, us[i + cs.len() - 1].end))
            }
            Group::Word { parts, seps } => {
                if i + parts.len() > us.len() {
                    return None;
                }
                let u = &us[i];
                if u.cjk {
                    return None;
                }
                if parts.len() == 1 {
                    let p = &parts[0];
                    if prefix {
                        return u.text.starts_with(p.as_str()).then_some((u.start, u.end));
                    }
                    if fold(&u.text) == fold(p) {
                        return Some((u.start, u.end));
                    }
                    if let Some(rest) = p.strip_prefix('.') {
                        if u.text == rest && u.gap == Gap::Join('.') {
                            return Some((u.start - 1, u.end));
                        }
                    }
                    return None;
                }
                for (k, p) in parts.iter().enumerate() {
                    let u = &us[i + k];
                    if u.cjk || u.text != *p || (k > 0 && u.gap != Gap::Join(seps[k - 1])) {
                        return None;
                    }
                }
                Some((us[i].start, us[i + parts.len() - 1].end))
            }
        }
    }
}

/// One clause: its groups (several only in quotes), its terms, whether it must be checked.
#[derive(Debug, Clone)]
pub struct Clause {
    pub groups: Vec<Group>,
    /// Term indices.
    terms: Vec<usize>,
    /// Whether its terms' postings alone do not prove a contiguous match.
    pub checked: bool,
    /// A word looked up as a prefix.
    prefix: bool,
}

impl Clause {
    /// Every span in `us` where the clause matches.
    fn spans(&self, us: &[Unit]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..us.len() {
            let mut k = i;
            let mut span: Option<(usize, usize)> = None;
            for (n, g) in self.groups.iter().enumerate() {
                if n > 0 && !(k < us.len() && matches!(us[k].gap, Gap::None | Gap::Space)) {
                    span = None;
                    break;
                }
                match g.match_at(us, k, self.prefix) {
                    Some((a, b)) => {
                        span = Some((span.map_or(a, |s| s.0), b));
                        k += g.len();
                    }
                    None => {
                        span = None;
                        break;
                    }
                }
            }
            if let Some(s) = span {
                out.push(s);
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
struct Term {
    token: String,
    prefix: bool,
}

/// A parsed query.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub clauses: Vec<Clause>,
    terms: Vec<Term>,
}

/// Most terms of a query.
pub const MAX_TERMS: usize = 12;

/// Parses a query (see the module documentation).
pub fn parse(q: &str) -> Parsed {
    parse_in(q, &Fold::default())
}

/// [`parse`] with the query's characters folded by `cfold`.
pub fn parse_in(q: &str, cfold: &Fold) -> Parsed {
    let mut clauses: Vec<Clause> = Vec::new();
    for (n, seg) in q.split('"').enumerate() {
        let gs = groups(&units_in(seg, cfold));
        if gs.is_empty() {
            continue;
        }
        let gs: Vec<Group> = gs.into_iter().map(|(g, _)| g).collect();
        if n % 2 == 1 {
            clauses.push(Clause {
                groups: gs,
                terms: vec![],
                checked: false,
                prefix: false,
            });
        } else {
            for g in gs {
                clauses.push(Clause {
                    groups: vec![g],
                    terms: vec![],
                    checked: false,
                    prefix: false,
                });
            }
        }
    }
    let mut terms: Vec<Term> = Vec::new();
    for c in &mut clauses {
        let mut tokens: Vec<(String, bool)> = Vec::new();
        for g in &c.groups {
            match g {
                Group::Cjk(cs) if cs.len() == 1 => tokens.push((cs[0].clone(), true)),
                Group::Cjk(cs) => {
                    for w in cs.windows(2) {
                        tokens.push((w.concat(), false));
                    }
                }
                Group::Word { parts, .. } => {
                    let w = g.word();
                    if w.chars().count() <= MAX_WORD {
                        tokens.push((w, false));
                    } else {
                        for p in parts {
                            if p.chars().count() <= MAX_WORD {
                                tokens.push((fold(p).into_owned(), false));
                            }
                        }
                    }
                }
            }
        }
        let several = c.groups.len() > 1
            || c.groups
                .iter()
                .any(|g| matches!(g, Group::Cjk(cs) if cs.len() >= 3));
        c.checked = several;
        for (token, prefix) in tokens {
            if terms.len() >= MAX_TERMS {
                break;
            }
            let id = match terms
                .iter()
                .position(|t| t.token == token && t.prefix == prefix)
            {
                Some(id) => id,
                None => {
                    terms.push(Term { token, prefix });
                    terms.len() - 1
                }
            };
            if !c.terms.contains(&id) {
                c.terms.push(id);
            }
        }
    }
    clauses.retain(|c| !c.terms.is_empty());
    Parsed { clauses, terms }
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// One doc's row of `search/docs/<n>.json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Row(
    pub String,
    pub String,
    pub String,
    pub Vec<String>,
    pub Vec<String>,
);

/// A shown result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub title_html: String,
    pub snippet_html: String,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    doc: u32,
    score: f64,
    key: f64,
    checked: bool,
}

impl PartialEq for Cand {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cand {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key
            .total_cmp(&o.key)
            .then_with(|| o.doc.cmp(&self.doc))
    }
}

/// Per doc and term: body tf and field flags.
#[derive(Debug, Clone, Copy, Default)]
struct Hits {
    tf: u8,
    title: bool,
    tag: bool,
}

/// The index of one output folder, read the way the client reads it; remembers every file it
/// fetched, in order (benchmarks count their bytes).
pub struct Searcher<S: Source> {
    src: S,
    pub manifest: Manifest,
    shards: HashMap<String, BTreeMap<String, String>>,
    rows: HashMap<usize, Vec<Row>>,
    texts: HashMap<u32, String>,
    /// The manifest's character fold (empty without one).
    fold: std::sync::Arc<Fold>,
    /// The facets file and each doc's facet indices, once a query needed them.
    facets: Option<Facets>,
    pub fetched: Vec<String>,
    seen: HashSet<String>,
}

/// The facets file and, per doc, the indices of the facets holding it.
type Facets = (Vec<Facet>, HashMap<u32, Vec<usize>>);

/// What to keep: a year and at most one section and one term of each taxonomy, by the keys
/// the search URL carries (`?year=2025&tag=gpu&category=xinpian&section=tech/chips`,
/// `&series=chip-war` for the other taxonomies, in `others` by kind).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub year: Option<String>,
    pub tag: Option<String>,
    pub category: Option<String>,
    pub section: Option<String>,
    pub others: std::collections::BTreeMap<String, String>,
}

impl Filter {
    /// The key chosen for a facet kind, if any.
    pub fn get(&self, kind: &str) -> Option<&String> {
        match kind {
            "tag" => self.tag.as_ref(),
            "category" => self.category.as_ref(),
            "section" => self.section.as_ref(),
            other => self.others.get(other),
        }
    }

    fn any_facet(&self) -> bool {
        self.tag.is_some()
            || self.category.is_some()
            || self.section.is_some()
            || !self.others.is_empty()
    }
}

/// A filter chip for the current query: how many candidates choosing it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub kind: String,
    pub key: String,
    pub name: String,
    pub count: usize,
}

/// A query being paged through.
pub struct Run {
    pub parsed: Parsed,
    pub sort: Sort,
    heap: BinaryHeap<Cand>,
    /// Candidates not yet refuted (exact once `exact`).
    pub total: usize,
    pub exact: bool,
    /// Candidates per year (before the year filter), newest year first.
    pub years: Vec<(String, usize)>,
    /// Section and term chips with a count, in the manifest's kind order: sections in site
    /// order, then each taxonomy's terms, most candidates first.
    pub facets: Vec<FacetCount>,
    /// Per filter (the year, then the manifest's `kinds`): the candidates every other
    /// filter allows (the count of its "全部" chip).
    pub alls: Vec<usize>,
    flags: HashMap<u32, Vec<Hits>>,
    idf: Vec<f64>,
}

impl<S: Source> Searcher<S> {
    pub fn new(src: S) -> Option<Self> {
        let m: Manifest = serde_json::from_slice(&src.get(MANIFEST)?).ok()?;
        let mut s = Searcher {
            src,
            manifest: m,
            shards: HashMap::new(),
            rows: HashMap::new(),
            texts: HashMap::new(),
            fold: Default::default(),
            facets: None,
            fetched: vec![MANIFEST.to_string()],
            seen: HashSet::new(),
        };
        s.seen.insert(MANIFEST.to_string());
        s.load_fold();
        Some(s)
    }

    /// Reads the manifest's fold file, if it names one (the client fetches it before it
    /// evaluates the first query).
    fn load_fold(&mut self) {
        let Some(name) = self.manifest.fold.clone() else {
            return;
        };
        let path = format!("search/{name}");
        self.note(&path);
        let text = self.src.get(&path).unwrap_or_default();
        self.fold = std::sync::Arc::new(Fold::parse(&String::from_utf8_lossy(&text)));
    }

    /// The fold applied to queries and the texts they are matched against.
    pub fn fold(&self) -> &Fold {
        &self.fold
    }

    fn note(&mut self, path: &str) {
        if self.seen.insert(path.to_string()) {
            self.fetched.push(path.to_string());
        }
    }

    fn shard(&mut self, path: &str) -> &BTreeMap<String, String> {
        self.note(path);
        if !self.shards.contains_key(path) {
            let map = self
                .src
                .get(path)
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
            self.shards.insert(path.to_string(), map);
        }
        &self.shards[path]
    }

    fn row(&mut self, doc: u32) -> Option<Row> {
        let n = doc as usize / self.manifest.chunk.max(1);
        let path = super::docs::path(n);
        self.note(&path);
        if !self.rows.contains_key(&n) {
            let rows = self
                .src
                .get(&path)
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
            self.rows.insert(n, rows);
        }
        self.rows[&n]
            .get(doc as usize % self.manifest.chunk.max(1))
            .cloned()
    }

    fn text(&mut self, doc: u32) -> String {
        let path = super::docs::text_path(doc as usize);
        self.note(&path);
        if !self.texts.contains_key(&doc) {
            let t = self
                .src
                .get(&path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            self.texts.insert(doc, t);
        }
        self.texts[&doc].clone()
    }

    /// Loads `search/facets.json` (once) when the index has it. A query loads it only when
    /// it filters by a facet; the client fetches it after showing the first results (so
    /// they cost no more bytes) and then counts the chips, as a caller does by calling this
    /// before [`Searcher::start_filtered`].
    pub fn load_facets(&mut self) {
        if self.facets.is_some() || !self.manifest.facets {
            return;
        }
        let path = super::facets::PATH;
        self.note(path);
        let list = self
            .src
            .get(path)
            .and_then(|b| super::facets::parse(&b))
            .unwrap_or_default();
        let mut member: HashMap<u32, Vec<usize>> = HashMap::new();
        for (f, facet) in list.iter().enumerate() {
            for &d in &facet.docs {
                member.entry(d).or_default().push(f);
            }
        }
        self.facets = Some((list, member));
    }

    /// The files that can hold tokens starting with `token` (all of them if exact).
    fn files_of(&self, token: &str, prefix: bool) -> Vec<String> {
        let key = shard_key(token);
        match self.manifest.split.get(key) {
            Some(&(first, k)) if prefix => (first..first + k).map(Layout::path).collect(),
            _ => vec![self.manifest.file_of(token)],
        }
    }

    /// Postings of one term: doc → hits (a prefix term merges every token it starts).
    fn term(&mut self, t: &Term) -> HashMap<u32, Hits> {
        let mut out: HashMap<u32, Hits> = HashMap::new();
        for f in self.files_of(&t.token, t.prefix) {
            let shard = self.shard(&f);
            let lists: Vec<&String> = if t.prefix {
                shard
                    .range(t.token.clone()..)
                    .take_while(|(k, _)| k.starts_with(t.token.as_str()))
                    .map(|(_, v)| v)
                    .collect()
            } else {
                shard.get(&t.token).into_iter().collect()
            };
            for list in lists {
                for p in decode(list).unwrap_or_default() {
                    let h = out.entry(p.doc).or_default();
                    h.tf = h.tf.max(p.tf());
                    h.title |= p.title();
                    h.tag |= p.tag();
                }
            }
        }
        out
    }

    /// Starts a query: looks up every term and ranks the candidates by their upper bounds.
    pub fn start(&mut self, q: &str, sort: Sort) -> Run {
        self.start_in(q, sort, None)
    }

    /// [`Searcher::start`] keeping only the articles of `year` (the manifest's year ranges);
    /// [`Run::years`] counts the candidates of every year either way.
    pub fn start_in(&mut self, q: &str, sort: Sort, year: Option<&str>) -> Run {
        let filter = Filter {
            year: year.map(str::to_string),
            ..Filter::default()
        };
        self.start_filtered(q, sort, &filter)
    }

    /// [`Searcher::start`] keeping only the candidates `filter` allows; [`Run::years`] and
    /// [`Run::facets`] count, per kind, the candidates every other active filter allows.
    pub fn start_filtered(&mut self, q: &str, sort: Sort, filter: &Filter) -> Run {
        if filter.any_facet() {
            self.load_facets();
        }
        let kinds: Vec<String> = self.manifest.kinds.iter().map(|k| k.0.clone()).collect();
        let loaded = self.facets.is_some();
        let empty = (Vec::new(), HashMap::new());
        let (facet_list, member) = self.facets.take().unwrap_or(empty);
        // The facet each active filter names (`Some(None)`: a key the index does not know,
        // which keeps nothing).
        let wanted: Vec<Option<Option<usize>>> = kinds
            .iter()
            .map(|kind| {
                filter.get(kind).map(|k| {
                    facet_list
                        .iter()
                        .position(|f| f.kind == *kind && f.key == *k)
                })
            })
            .collect();
        // Kinds the index does not have filter nothing (as the client ignores `utm_source`).
        // Each facet's kind index.
        let facet_kind: Vec<usize> = facet_list
            .iter()
            .map(|f| kinds.iter().position(|k| *k == f.kind).unwrap_or(0))
            .collect();
        let mut facet_counts = vec![0usize; facet_list.len()];
        let mut alls = vec![0usize; 1 + kinds.len()];
        let year = filter.year.as_deref();
        let range = year.map(|y| {
            self.manifest
                .years
                .iter()
                .find(|r| r.0 == y)
                .map_or((0, 0), |r| (r.1, r.2))
        });
        let mut years: Vec<(String, usize)> = self
            .manifest
            .years
            .iter()
            .map(|r| (r.0.clone(), 0))
            .collect();
        let mut parsed = parse_in(q, &self.fold);
        let terms = parsed.terms.clone();
        let mut lists: Vec<HashMap<u32, Hits>> = terms.iter().map(|t| self.term(t)).collect();
        // A last word without postings is looked up as a prefix.
        if let Some(c) = parsed.clauses.last_mut() {
            if let [Group::Word { parts, .. }] = c.groups.as_slice() {
                let id = c.terms[0];
                if c.terms.len() == 1 && lists[id].is_empty() && parts.len() == 1 {
                    let t = &mut parsed.terms[id];
                    if t.token.chars().count() >= 2 && !t.token.starts_with('.') {
                        t.token = parts[0].clone();
                        t.prefix = true;
                        c.prefix = true;
                        let t = t.clone();
                        lists[id] = self.term(&t);
                    }
                }
            }
        }
        let n = self.manifest.docs.max(1) as f64;
        let idf: Vec<f64> = lists
            .iter()
            .map(|l| {
                let df = l.len() as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let mut heap = BinaryHeap::new();
        let mut flags = HashMap::new();
        let any_checked = parsed.clauses.iter().any(|c| c.checked);
        if !lists.is_empty() {
            let smallest = (0..lists.len())
                .min_by_key(|&i| lists[i].len())
                .unwrap_or(0);
            let mut docs: Vec<u32> = lists[smallest]
                .keys()
                .copied()
                .filter(|d| lists.iter().all(|l| l.contains_key(d)))
                .collect();
            docs.sort_unstable();
            let no_facets = Vec::new();
            for d in docs {
                let of_doc = member.get(&d).unwrap_or(&no_facets);
                // Which filters refuse d: bit 0 the year, bits 1.. the facet kinds.
                let mut refused = 0u64;
                if range.is_some_and(|(a, b)| d < a || d >= b) {
                    refused |= 1;
                }
                for (k, w) in wanted.iter().enumerate() {
                    if let Some(f) = w {
                        if !f.is_some_and(|f| of_doc.contains(&f)) {
                            refused |= 2 << k;
                        }
                    }
                }
                for (b, all) in alls.iter_mut().enumerate() {
                    if refused & !(1 << b) == 0 {
                        *all += 1;
                    }
                }
                if refused & !1 == 0 {
                    if let Some(i) = self.manifest.years.iter().position(|r| r.1 <= d && d < r.2) {
                        years[i].1 += 1;
                    }
                }
                for &f in of_doc {
                    let k = facet_kind[f];
                    if refused & !(2 << k) == 0 {
                        facet_counts[f] += 1;
                    }
                }
                if refused != 0 {
                    continue;
                }
                let hs: Vec<Hits> = lists.iter().map(|l| l[&d]).collect();
                let title_all = hs.iter().all(|h| h.title);
                let score = score(&parsed, &hs, &idf, d, n, title_all, title_all);
                let key = match sort {
                    Sort::Relevance => score,
                    Sort::Date => -f64::from(d),
                };
                heap.push(Cand {
                    doc: d,
                    score,
                    key,
                    checked: !any_checked,
                });
                flags.insert(d, hs);
            }
        }
        years.retain(|y| y.1 > 0);
        let mut facets: Vec<FacetCount> = facet_list
            .iter()
            .zip(&facet_counts)
            .filter(|(_, &n)| n > 0)
            .map(|(f, &count)| FacetCount {
                kind: f.kind.clone(),
                key: f.key.clone(),
                name: f.name.clone(),
                count,
            })
            .collect();
        // Sections keep site order; categories and tags go most candidates first.
        facets.sort_by(|a, b| {
            let ka = kinds.iter().position(|k| *k == a.kind);
            let kb = kinds.iter().position(|k| *k == b.kind);
            ka.cmp(&kb).then(if a.kind == "section" {
                Ordering::Equal
            } else {
                b.count.cmp(&a.count)
            })
        });
        if loaded {
            self.facets = Some((facet_list, member));
        }
        Run {
            years,
            facets,
            alls,
            total: heap.len(),
            exact: !any_checked,
            parsed,
            sort,
            heap,
            flags,
            idf,
        }
    }

    /// Checks a candidate: `None` if refuted, else its real score.
    fn check(&mut self, run: &Run, doc: u32) -> Option<f64> {
        let row = self.row(doc)?;
        let fold = self.fold.clone();
        let title = units_in(&row.0, &fold);
        let tags: Vec<Vec<Unit>> = row
            .3
            .iter()
            .chain(&row.4)
            .map(|t| units_in(t, &fold))
            .collect();
        let mut in_title = true;
        let mut text: Option<String> = None;
        for c in &run.parsed.clauses {
            if !c.checked {
                in_title &= c.terms.iter().all(|&t| run.flags[&doc][t].title);
                continue;
            }
            if !c.spans(&title).is_empty() {
                continue;
            }
            in_title = false;
            if tags.iter().any(|t| !c.spans(t).is_empty()) {
                continue;
            }
            let t = text.get_or_insert_with(|| self.text(doc));
            if c.spans(&units_in(t, &fold)).is_empty() && t.chars().count() < self.manifest.text {
                return None;
            }
        }
        let hs = &run.flags[&doc];
        let title_all = hs.iter().all(|h| h.title);
        let n = self.manifest.docs.max(1) as f64;
        Some(score(
            &run.parsed,
            hs,
            &run.idf,
            doc,
            n,
            title_all,
            in_title,
        ))
    }

    /// The next `k` results of `run`, checked, in order.
    pub fn next_page(&mut self, run: &mut Run, k: usize) -> Vec<Hit> {
        let mut out: Vec<Cand> = Vec::new();
        while out.len() < k {
            match run.heap.peek() {
                None => break,
                Some(c) if c.checked => {
                    out.push(*c);
                    run.heap.pop();
                    continue;
                }
                Some(_) => {}
            }
            // Check a batch: the best unchecked candidates, as many as still wanted.
            let mut batch = Vec::new();
            while batch.len() < k - out.len() {
                match run.heap.pop() {
                    Some(c) => batch.push(c),
                    None => break,
                }
            }
            for mut c in batch {
                if c.checked {
                    run.heap.push(c);
                    continue;
                }
                match self.check(run, c.doc) {
                    None => run.total -= 1,
                    Some(s) => {
                        c.score = s;
                        if run.sort == Sort::Relevance {
                            c.key = s;
                        }
                        c.checked = true;
                        run.heap.push(c);
                    }
                }
            }
        }
        if run.heap.iter().all(|c| c.checked) {
            run.exact = true;
        }
        out.into_iter()
            .filter_map(|c| self.hit(&run.parsed, c))
            .collect()
    }

    fn hit(&mut self, parsed: &Parsed, c: Cand) -> Option<Hit> {
        let row = self.row(c.doc)?;
        let text = self.text(c.doc);
        let fold = self.fold.clone();
        let title_html = highlight_in(&row.0, parsed, &fold);
        let tags: Vec<String> = row.3.iter().chain(&row.4).cloned().collect();
        let snippet_html = snippet_in(&text, &row.0, &tags, parsed, &fold);
        Some(Hit {
            doc: c.doc,
            score: c.score,
            title_html,
            snippet_html,
            title: row.0,
            url: row.1,
            date: row.2,
            tags: row.3,
            categories: row.4,
        })
    }

    /// Convenience: the first `k` results of `q`.
    pub fn search(&mut self, q: &str, sort: Sort, k: usize) -> (Vec<Hit>, usize) {
        let mut run = self.start(q, sort);
        let hits = self.next_page(&mut run, k);
        (hits, run.total)
    }
}

/// The formula of the module documentation.
fn score(
    parsed: &Parsed,
    hs: &[Hits],
    idf: &[f64],
    doc: u32,
    n: f64,
    title_all: bool,
    title_phrase: bool,
) -> f64 {
    let mut s = 0.0;
    if title_phrase && title_all {
        s += 100.0;
    } else if title_all {
        s += 40.0;
    }
    if hs.iter().all(|h| h.tag) {
        s += 20.0;
    }
    for c in &parsed.clauses {
        let sum: f64 = c
            .terms
            .iter()
            .map(|&t| {
                let tf = f64::from(hs[t].tf);
                idf[t] * tf * (K1 + 1.0) / (tf + K1)
            })
            .sum();
        s += sum / c.terms.len().max(1) as f64;
    }
    s + 3.0 * (1.0 - f64::from(doc) / n)
}

/// Every span where some clause matches in `us`, sorted, overlaps dropped.
fn all_spans(us: &[Unit], parsed: &Parsed) -> Vec<(usize, usize, usize)> {
    let mut v: Vec<(usize, usize, usize)> = Vec::new();
    for (n, c) in parsed.clauses.iter().enumerate() {
        v.extend(c.spans(us).into_iter().map(|(a, b)| (a, b, n)));
    }
    v.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for s in v {
        if out.last().is_none_or(|l| s.0 >= l.1) {
            out.push(s);
        }
    }
    out
}

fn escape(out: &mut String, s: impl Iterator<Item = char>) {
    out.push_str(&crate::site::escape_html(&s.collect::<String>()));
}

/// `chars[a..b]` escaped, with the spans (inside it) in `<mark>`.
fn marked(chars: &[char], a: usize, b: usize, spans: &[(usize, usize, usize)]) -> String {
    let mut out = String::new();
    let mut at = a;
    for &(s, e, _) in spans {
        if s < a || e > b {
            continue;
        }
        escape(&mut out, chars[at..s].iter().copied());
        out.push_str("<mark>");
        escape(&mut out, chars[s..e].iter().copied());
        out.push_str("</mark>");
        at = e;
    }
    escape(&mut out, chars[at..b].iter().copied());
    out
}

/// `text` escaped with every match marked (titles).
pub fn highlight(text: &str, parsed: &Parsed) -> String {
    highlight_in(text, parsed, &Fold::default())
}

/// [`highlight`], matching `text` folded by `cfold` (the marked text is `text` as it is).
pub fn highlight_in(text: &str, parsed: &Parsed, cfold: &Fold) -> String {
    let chars: Vec<char> = text.chars().collect();
    marked(
        &chars,
        0,
        chars.len(),
        &all_spans(&units_in(text, cfold), parsed),
    )
}

fn is_word(c: char) -> bool {
    word_char(normalize(c))
}

/// The snippet of a result (see the module documentation).
pub fn snippet(text: &str, title: &str, tags: &[String], parsed: &Parsed) -> String {
    snippet_in(text, title, tags, parsed, &Fold::default())
}

/// [`snippet`], matching the texts folded by `cfold` (the snippet shows them as they are).
pub fn snippet_in(
    text: &str,
    title: &str,
    tags: &[String],
    parsed: &Parsed,
    cfold: &Fold,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let spans = all_spans(&units_in(text, cfold), parsed);
    let len = chars.len();
    let Some(anchor) = best(&spans) else {
        // No match in the body: the title, else the tags, holds it.
        let mut out = if all_spans(&units_in(title, cfold), parsed).is_empty() && !tags.is_empty() {
            let tags: Vec<String> = tags
                .iter()
                .map(|t| highlight_in(t, parsed, cfold))
                .collect();
            format!("标签：{}", tags.join("、"))
        } else {
            highlight_in(title, parsed, cfold)
        };
        out.push_str(" — ");
        let (a, b) = window(&chars, 0, 0);
        out.push_str(&marked(&chars, a, b, &[]));
        if b < len {
            out.push('…');
        }
        return out;
    };
    let (s, e) = (spans[anchor].0, spans[anchor].1);
    let (a, b) = window(&chars, s, e);
    let mut out = String::new();
    if a > 0 {
        out.push('…');
    }
    out.push_str(&marked(&chars, a, b, &spans));
    if b < len {
        out.push('…');
    }
    out
}

/// The span to centre on: the first one whose window holds the most distinct clauses.
fn best(spans: &[(usize, usize, usize)]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, s) in spans.iter().enumerate().take(200) {
        let mut seen: Vec<usize> = spans[i..]
            .iter()
            .take_while(|t| t.1 <= s.0 + SNIPPET)
            .map(|t| t.2)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        if best.is_none_or(|(_, n)| seen.len() > n) {
            best = Some((i, seen.len()));
        }
    }
    best.map(|(i, _)| i)
}

/// A window of about [`SNIPPET`] characters around `s..e`, not cutting words.
fn window(chars: &[char], s: usize, e: usize) -> (usize, usize) {
    let len = chars.len();
    let w = SNIPPET.max(e - s);
    let mut a = s.saturating_sub((w - (e - s)) / 2);
    let mut b = (a + w).min(len);
    a = b.saturating_sub(w).min(a);
    // Never start or end inside a word.
    while a > 0 && a < s && is_word(chars[a - 1]) && is_word(chars[a]) {
        a += 1;
    }
    while b < len && b > e && is_word(chars[b - 1]) && is_word(chars[b]) {
        b -= 1;
    }
    while a < s && chars[a].is_whitespace() {
        a += 1;
    }
    while b > e && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        units(q).into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn units_follow_the_tokenizer() {
        assert_eq!(texts("C++ 与 C#、.NET"), ["c++", "与", "c#", ".net"]);
        assert_eq!(texts("Ｃ＋＋"), ["c++"]);
        assert_eq!(texts("ASP.NET GPT-5"), ["asp", "net", "gpt", "5"]);
        assert_eq!(texts("Google's gmail.com"), ["google", "gmail", "com"]);
        let u = units("大模型，模");
        assert_eq!(u[1].gap, Gap::None);
        assert_eq!(u[3].gap, Gap::Other);
    }

    #[test]
    fn phrases_match_contiguously() {
        let p = parse("大模型");
        assert!(p.clauses[0].checked);
        assert_eq!(p.clauses[0].spans(&units("四大模块与模型")), []);
        assert_eq!(p.clauses[0].spans(&units("端侧大模型")), [(2, 5)]);
        let p = parse("\"开源 数据库\"");
        assert_eq!(p.clauses.len(), 1);
        assert_eq!(
            p.clauses[0].spans(&units("开源数据库与开源的数据库")),
            [(0, 5)]
        );
        assert_eq!(p.clauses[0].spans(&units("开源 数据库")), [(0, 6)]);
        let p = parse("AI");
        assert!(p.clauses[0].spans(&units("gmail")).is_empty());
        let p = parse(".net");
        assert_eq!(
            p.clauses[0].spans(&units("ASP.NET 与 .NET")),
            [(3, 7), (10, 14)]
        );
        let p = parse("databases");
        assert_eq!(p.clauses[0].spans(&units("a database")), [(2, 10)]);
    }

    #[test]
    fn snippets_centre_on_whole_words() {
        let p = parse("rust");
        let text = format!("{} Rust {}", "word ".repeat(40), "tail ".repeat(40));
        let s = snippet(&text, "标题", &[], &p);
        assert!(s.contains("<mark>Rust</mark>"), "{s}");
        assert!(s.starts_with("…word") && s.ends_with("tail…"), "{s}");
        let p = parse("芯片");
        let s = snippet("没有匹配", "新芯片", &[], &p);
        assert_eq!(s, "新<mark>芯片</mark> — 没有匹配");
    }

    #[test]
    fn a_fold_matches_either_script_and_shows_the_text_as_it_is() {
        let f = Fold::parse("軟软開开發发髮发");
        assert!(!f.is_empty() && Fold::default().is_empty());
        assert_eq!(f.norm('發'), '发');
        assert_eq!(f.norm('Ａ'), 'A');
        let p = parse_in("軟件開發", &f);
        assert_eq!(
            p.clauses[0].groups,
            [Group::Cjk(vec![
                "软".into(),
                "件".into(),
                "开".into(),
                "发".into()
            ])]
        );
        let text = "这款軟件開發很快";
        assert_eq!(p.clauses[0].spans(&units_in(text, &f)), [(2, 6)]);
        assert!(
            p.clauses[0].spans(&units(text)).is_empty(),
            "no fold, no match"
        );
        let s = snippet_in(text, "标题", &[], &parse_in("软件开发", &f), &f);
        assert_eq!(s, "这款<mark>軟件開發</mark>很快");
        assert_eq!(
            highlight_in("開發者", &parse_in("开发", &f), &f),
            "<mark>開發</mark>者"
        );
    }
}
