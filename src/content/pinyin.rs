//! Pinyin by word: a run of Han characters is cut into the longest words of a phrase
//! dictionary, each word read as a whole, so polyphonic characters take the reading of the
//! word they are in (重庆 chong-qing, 银行 yin-hang, 音乐 yin-yue, 了不起 liao-bu-qi).
//! Characters outside any word take their most common reading.
//!
//! The tables (`pinyin/chars.txt`, `pinyin/phrases.txt`) are pypinyin's (MIT; its readings come
//! from the pinyin-data and phrase-pinyin-data projects, MIT), written toneless by
//! `benches/pinyin/gen_data.py`; the word cutting follows pypinyin's forward maximum matching
//! over the same dictionary, so slugs agree with `lazy_pinyin` (`benches/pinyin/`), except
//! for the few tech-news words of `pinyin/extra.txt` that it reads wrong.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const CHARS: &str = include_str!("pinyin/chars.txt");
const PHRASES: &str = include_str!("pinyin/phrases.txt");
/// kuaixun's own readings of tech-news words the phrase table gets wrong or lacks (长文本 is
/// cháng wénběn, 重构 chónggòu, 命令行 mìnglìngháng); they win over `phrases.txt`.
const EXTRA: &str = include_str!("pinyin/extra.txt");

struct Tables {
    chars: HashMap<char, &'static str>,
    /// Phrase → its syllables, space-separated.
    phrases: HashMap<&'static str, &'static str>,
    /// Every leading part of every phrase (the phrases themselves included).
    prefixes: HashSet<&'static str>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut chars = HashMap::with_capacity(42_000);
    for line in CHARS.lines() {
        let mut it = line.chars();
        if let Some(c) = it.next() {
            chars.insert(c, it.as_str());
        }
    }
    let mut phrases = HashMap::with_capacity(48_000);
    let mut prefixes = HashSet::with_capacity(120_000);
    for line in PHRASES.lines().chain(EXTRA.lines()) {
        let Some((phrase, reading)) = line.split_once(' ') else {
            continue;
        };
        phrases.insert(phrase, reading);
        for (i, c) in phrase.char_indices() {
            prefixes.insert(&phrase[..i + c.len_utf8()]);
        }
    }
    Tables {
        chars,
        phrases,
        prefixes,
    }
});

/// Whether `c` has a pinyin reading.
pub fn is_han(c: char) -> bool {
    TABLES.chars.contains_key(&c)
}

/// The syllables of `run` (Han characters only), each passed to `out` in order.
pub fn syllables(run: &str, mut out: impl FnMut(&'static str)) {
    let t = &*TABLES;
    let mut emit = |word: &str| match t.phrases.get(word) {
        Some(reading) => reading.split(' ').for_each(&mut out),
        None => {
            for c in word.chars() {
                if let Some(r) = t.chars.get(&c) {
                    out(r);
                }
            }
        }
    };
    let mut rest = run;
    while !rest.is_empty() {
        // The longest phrase that starts here, found by growing a prefix of the dictionary.
        let mut longest = 0;
        let mut ended = false;
        for (i, c) in rest.char_indices() {
            let end = i + c.len_utf8();
            let word = &rest[..end];
            if !t.prefixes.contains(word) {
                ended = true;
                break;
            }
            if t.phrases.contains_key(word) {
                longest = end;
            }
        }
        if longest > 0 {
            emit(&rest[..longest]);
            rest = &rest[longest..];
        } else if ended {
            let first = rest.chars().next().map_or(rest.len(), char::len_utf8);
            emit(&rest[..first]);
            rest = &rest[first..];
        } else {
            // All of the rest leads into some phrase but contains none: read it by character.
            emit(rest);
            rest = "";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> String {
        let mut out = Vec::new();
        syllables(s, |p| out.push(p));
        out.join("-")
    }

    #[test]
    fn polyphones_read_by_word() {
        for (text, want) in [
            ("重庆银行", "chong-qing-yin-hang"),
            (
                "长江存储的长期规划",
                "chang-jiang-cun-chu-de-chang-qi-gui-hua",
            ),
            ("了不起的音乐人", "liao-bu-qi-de-yin-yue-ren"),
            ("行业报告", "hang-ye-bao-gao"),
            ("处理长文本行", "chu-li-chang-wen-ben-xing"),
            (
                "代码重构与命令行工具",
                "dai-ma-chong-gou-yu-ming-ling-hang-gong-ju",
            ),
            ("一行代码调参", "yi-hang-dai-ma-tiao-can"),
            ("重新", "chong-xin"),
            ("重量", "zhong-liang"),
            ("成长", "cheng-zhang"),
            ("银行行长", "yin-hang-hang-zhang"),
            ("快乐", "kuai-le"),
            ("调查", "diao-cha"),
            ("调整", "tiao-zheng"),
            ("处长", "chu-zhang"),
            ("还款", "huan-kuan"),
            ("还是", "hai-shi"),
            ("传记", "zhuan-ji"),
            ("传输", "chuan-shu"),
            ("差距", "cha-ju"),
            ("出差", "chu-chai"),
            ("参差", "cen-ci"),
            ("曾经", "ceng-jing"),
            ("朝阳", "zhao-yang"),
            ("朝代", "chao-dai"),
            ("降价", "jiang-jia"),
            ("投降", "tou-xiang"),
            ("强大", "qiang-da"),
            ("勉强", "mian-qiang"),
            ("效率", "xiao-lv"),
            ("率先", "shuai-xian"),
            ("觉得", "jue-de"),
            ("睡觉", "shui-jiao"),
            ("得到", "de-dao"),
            ("地图", "di-tu"),
            ("便宜", "pian-yi"),
            ("方便", "fang-bian"),
            ("只有", "zhi-you"),
            ("一只", "yi-zhi"),
            ("着陆", "zhuo-lu"),
            ("发展", "fa-zhan"),
            ("头发", "tou-fa"),
            ("系统", "xi-tong"),
            ("模型", "mo-xing"),
            ("模样", "mu-yang"),
            ("薄弱", "bo-ruo"),
            ("应用", "ying-yong"),
            ("应该", "ying-gai"),
            ("因为", "yin-wei"),
            ("都市", "du-shi"),
            ("首都", "shou-du"),
        ] {
            assert_eq!(read(text), want, "{text}");
        }
    }

    #[test]
    fn characters_outside_words_take_their_common_reading() {
        assert_eq!(read("人"), "ren");
        assert_eq!(read("绿"), "lv");
        assert!(is_han('重') && !is_han('A') && !is_han('，'));
    }
}
