//! Character classes for Chinese/Japanese/Korean text.
//!
//! Definitions follow the CommonMark CJK-friendly amendments (see `/work/shared/cjk.md`):
//!
//! * a **CJK character** has East Asian Width (UAX #11) `W`, `F` or `H` and is not a
//!   default-emoji-presentation emoji, or belongs to the Hangul script;
//! * **Unicode punctuation** is CommonMark 0.31.2's definition: general category `P*` or
//!   `S*` (this is also what pulldown-cmark 0.13 uses, so the two agree on every character);
//! * a **CJK punctuation character** is punctuation that is also a CJK character
//!   (`。，、；：？！「」『』（）《》【】`), every other punctuation character is
//!   **non-CJK punctuation** (ASCII `.,;:!?()*`, and also `“ ” ‘ ’ — …`, whose width is `A`);
//! * **Unicode whitespace** is CommonMark's: category `Zs`, tab, LF, FF or CR.
//!
//! No crate in our dependency set exposes the East Asian Width property, so the wide,
//! fullwidth and halfwidth ranges are kept here as a sorted table (Unicode 16, plus the
//! Unicode 17 Tangut/Khitan additions) searched with binary search. Unassigned code
//! points inside the CJK ideograph blocks count as `W`, as UAX #11 prescribes.

use std::cmp::Ordering;

/// The East Asian Width classes that make a character "wide" for our purposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WideClass {
    /// `W`: wide (ideographs, kana, CJK punctuation, wide emoji...).
    Wide,
    /// `F`: fullwidth (U+3000, U+FF01–FF60, U+FFE0–FFE6).
    Fullwidth,
    /// `H`: halfwidth (U+20A9, halfwidth katakana/Hangul, U+FFE8–FFEE).
    Halfwidth,
}

/// Range kinds in [`EAW_TABLE`]: `E` marks `W` characters that are default
/// emoji-presentation emoji (and therefore not CJK).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    W,
    F,
    H,
    E,
}

/// Sorted, non-overlapping inclusive ranges of East Asian Width W/F/H (UAX #11).
#[rustfmt::skip]
const EAW_TABLE: &[(u32, u32, K)] = &[
    (0x1100, 0x115F, K::W), // Hangul Jamo leading consonants
    (0x20A9, 0x20A9, K::H), // WON SIGN (halfwidth)
    (0x231A, 0x231B, K::E), // watch, hourglass
    (0x2329, 0x232A, K::W), // angle brackets
    (0x23E9, 0x23EC, K::E),
    (0x23F0, 0x23F0, K::E),
    (0x23F3, 0x23F3, K::E),
    (0x25FD, 0x25FE, K::E),
    (0x2614, 0x2615, K::E),
    (0x2630, 0x2637, K::W), // Yijing trigrams (W since Unicode 16)
    (0x2648, 0x2653, K::E), // zodiac
    (0x267F, 0x267F, K::E),
    (0x268A, 0x268F, K::W), // Yijing monograms/digrams (W since Unicode 16)
    (0x2693, 0x2693, K::E),
    (0x26A1, 0x26A1, K::E),
    (0x26AA, 0x26AB, K::E),
    (0x26BD, 0x26BE, K::E),
    (0x26C4, 0x26C5, K::E),
    (0x26CE, 0x26CE, K::E),
    (0x26D4, 0x26D4, K::E),
    (0x26EA, 0x26EA, K::E),
    (0x26F2, 0x26F3, K::E),
    (0x26F5, 0x26F5, K::E),
    (0x26FA, 0x26FA, K::E),
    (0x26FD, 0x26FD, K::E),
    (0x2705, 0x2705, K::E),
    (0x270A, 0x270B, K::E),
    (0x2728, 0x2728, K::E),
    (0x274C, 0x274C, K::E),
    (0x274E, 0x274E, K::E),
    (0x2753, 0x2755, K::E),
    (0x2757, 0x2757, K::E),
    (0x2795, 0x2797, K::E),
    (0x27B0, 0x27B0, K::E),
    (0x27BF, 0x27BF, K::E),
    (0x2B1B, 0x2B1C, K::E),
    (0x2B50, 0x2B50, K::E),
    (0x2B55, 0x2B55, K::E),
    (0x2E80, 0x2E99, K::W), // CJK Radicals Supplement
    (0x2E9B, 0x2EF3, K::W),
    (0x2F00, 0x2FD5, K::W), // Kangxi Radicals
    (0x2FF0, 0x2FFF, K::W), // Ideographic Description Characters
    (0x3000, 0x3000, K::F), // IDEOGRAPHIC SPACE
    (0x3001, 0x303E, K::W), // CJK Symbols and Punctuation (U+303F is N)
    (0x3041, 0x3096, K::W), // Hiragana
    (0x3099, 0x30FF, K::W), // Hiragana marks, Katakana
    (0x3105, 0x312F, K::W), // Bopomofo
    (0x3131, 0x318E, K::W), // Hangul Compatibility Jamo
    (0x3190, 0x31E5, K::W), // Kanbun, Bopomofo Extended, CJK Strokes
    (0x31EF, 0x321E, K::W), // IDC subtraction, Katakana ext, enclosed CJK
    (0x3220, 0x3247, K::W),
    (0x3250, 0x4DBF, K::W), // enclosed CJK, CJK compatibility, Ext A
    (0x4DC0, 0x4DFF, K::W), // Yijing hexagrams (W since Unicode 16)
    (0x4E00, 0x9FFF, K::W), // CJK Unified Ideographs
    (0xA000, 0xA48C, K::W), // Yi Syllables
    (0xA490, 0xA4C6, K::W), // Yi Radicals
    (0xA960, 0xA97C, K::W), // Hangul Jamo Extended-A
    (0xAC00, 0xD7A3, K::W), // Hangul Syllables
    (0xF900, 0xFAFF, K::W), // CJK Compatibility Ideographs
    (0xFE10, 0xFE19, K::W), // Vertical Forms
    (0xFE30, 0xFE52, K::W), // CJK Compatibility Forms, Small Form Variants
    (0xFE54, 0xFE66, K::W),
    (0xFE68, 0xFE6B, K::W),
    (0xFF01, 0xFF60, K::F), // Fullwidth ASCII variants and brackets
    (0xFF61, 0xFFBE, K::H), // Halfwidth CJK punctuation, Katakana, Hangul
    (0xFFC2, 0xFFC7, K::H),
    (0xFFCA, 0xFFCF, K::H),
    (0xFFD2, 0xFFD7, K::H),
    (0xFFDA, 0xFFDC, K::H),
    (0xFFE0, 0xFFE6, K::F), // fullwidth signs
    (0xFFE8, 0xFFEE, K::H), // halfwidth forms
    (0x16FE0, 0x16FE4, K::W), // Ideographic Symbols and Punctuation
    (0x16FF0, 0x16FF6, K::W),
    (0x17000, 0x18CD5, K::W), // Tangut, Tangut Components, Khitan
    (0x18CFF, 0x18D1E, K::W), // Khitan, Tangut Supplement
    (0x18D80, 0x18DF2, K::W), // Tangut Components Supplement (Unicode 17)
    (0x1AFF0, 0x1AFF3, K::W), // Kana Extended-B
    (0x1AFF5, 0x1AFFB, K::W),
    (0x1AFFD, 0x1AFFE, K::W),
    (0x1B000, 0x1B122, K::W), // Kana Supplement, Kana Extended-A
    (0x1B132, 0x1B132, K::W),
    (0x1B150, 0x1B152, K::W), // Small Kana Extension
    (0x1B155, 0x1B155, K::W),
    (0x1B164, 0x1B167, K::W),
    (0x1B170, 0x1B2FB, K::W), // Nushu
    (0x1D300, 0x1D356, K::W), // Tai Xuan Jing (W since Unicode 16)
    (0x1D360, 0x1D376, K::W), // Counting Rod Numerals (W since Unicode 16)
    (0x1F004, 0x1F004, K::E), // mahjong red dragon
    (0x1F0CF, 0x1F0CF, K::E),
    (0x1F18E, 0x1F18E, K::E),
    (0x1F191, 0x1F19A, K::E),
    (0x1F200, 0x1F200, K::W), // Enclosed Ideographic Supplement
    (0x1F201, 0x1F201, K::E),
    (0x1F202, 0x1F202, K::W), // text presentation by default
    (0x1F210, 0x1F219, K::W),
    (0x1F21A, 0x1F21A, K::E),
    (0x1F21B, 0x1F22E, K::W),
    (0x1F22F, 0x1F22F, K::E),
    (0x1F230, 0x1F231, K::W),
    (0x1F232, 0x1F236, K::E),
    (0x1F237, 0x1F237, K::W), // text presentation by default
    (0x1F238, 0x1F23A, K::E),
    (0x1F23B, 0x1F23B, K::W),
    (0x1F240, 0x1F248, K::W),
    (0x1F250, 0x1F251, K::E),
    (0x1F260, 0x1F265, K::W), // Chinese folk religion symbols
    (0x1F300, 0x1F320, K::E), // emoji (Emoji_Presentation)
    (0x1F32D, 0x1F335, K::E),
    (0x1F337, 0x1F37C, K::E),
    (0x1F37E, 0x1F393, K::E),
    (0x1F3A0, 0x1F3CA, K::E),
    (0x1F3CF, 0x1F3D3, K::E),
    (0x1F3E0, 0x1F3F0, K::E),
    (0x1F3F4, 0x1F3F4, K::E),
    (0x1F3F8, 0x1F43E, K::E),
    (0x1F440, 0x1F440, K::E),
    (0x1F442, 0x1F4FC, K::E),
    (0x1F4FF, 0x1F53D, K::E),
    (0x1F54B, 0x1F54E, K::E),
    (0x1F550, 0x1F567, K::E),
    (0x1F57A, 0x1F57A, K::E),
    (0x1F595, 0x1F596, K::E),
    (0x1F5A4, 0x1F5A4, K::E),
    (0x1F5FB, 0x1F64F, K::E),
    (0x1F680, 0x1F6C5, K::E),
    (0x1F6CC, 0x1F6CC, K::E),
    (0x1F6D0, 0x1F6D2, K::E),
    (0x1F6D5, 0x1F6D7, K::E),
    (0x1F6DC, 0x1F6DF, K::E),
    (0x1F6EB, 0x1F6EC, K::E),
    (0x1F6F4, 0x1F6FC, K::E),
    (0x1F7E0, 0x1F7EB, K::E),
    (0x1F7F0, 0x1F7F0, K::E),
    (0x1F90C, 0x1F93A, K::E),
    (0x1F93C, 0x1F945, K::E),
    (0x1F947, 0x1F9FF, K::E),
    (0x1FA70, 0x1FA7C, K::E),
    (0x1FA80, 0x1FA89, K::E),
    (0x1FA8F, 0x1FAC6, K::E),
    (0x1FACE, 0x1FADC, K::E),
    (0x1FADF, 0x1FAE9, K::E),
    (0x1FAF0, 0x1FAF8, K::E),
    (0x20000, 0x2FFFD, K::W), // CJK Ext B–F, I, Compatibility Supplement (+ unassigned)
    (0x30000, 0x3FFFD, K::W), // CJK Ext G, H, J (+ unassigned)
];

fn eaw_lookup(c: char) -> Option<K> {
    let cp = c as u32;
    if cp < 0x1100 {
        return None;
    }
    EAW_TABLE
        .binary_search_by(|&(lo, hi, _)| {
            if hi < cp {
                Ordering::Less
            } else if lo > cp {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .ok()
        .map(|i| EAW_TABLE[i].2)
}

/// East Asian Width class of `c` if it is `W`, `F` or `H`; `None` for `Na`, `A`, `N`.
pub fn wide_class(c: char) -> Option<WideClass> {
    match eaw_lookup(c)? {
        K::W | K::E => Some(WideClass::Wide),
        K::F => Some(WideClass::Fullwidth),
        K::H => Some(WideClass::Halfwidth),
    }
}

/// A wide character that is a default-emoji-presentation emoji (🌏, ⭐, 🈚...).
pub fn is_wide_emoji(c: char) -> bool {
    eaw_lookup(c) == Some(K::E)
}

/// Hangul-script characters (Jamo, compatibility Jamo, syllables, halfwidth Hangul,
/// parenthesized and circled Hangul).
pub fn is_hangul(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF
            | 0x302E..=0x302F
            | 0x3131..=0x318E
            | 0x3200..=0x321E
            | 0x3260..=0x327E
            | 0xA960..=0xA97C
            | 0xAC00..=0xD7A3
            | 0xD7B0..=0xD7C6
            | 0xD7CB..=0xD7FB
            | 0xFFA0..=0xFFBE
            | 0xFFC2..=0xFFC7
            | 0xFFCA..=0xFFCF
            | 0xFFD2..=0xFFD7
            | 0xFFDA..=0xFFDC
    )
}

/// A CJK character: East Asian Width W, F or H and not a default-emoji-presentation
/// emoji, or any Hangul character. `“ ” ‘ ’` (width A) are *not* CJK.
pub fn is_cjk(c: char) -> bool {
    match eaw_lookup(c) {
        Some(K::E) => false,
        Some(_) => true,
        None => is_hangul(c),
    }
}

/// Ideographic Variation Selectors U+E0100–U+E01EF (they follow ideographs).
pub fn is_ideographic_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xE0100..=0xE01EF)
}

/// Variation selectors U+FE00–U+FE0E: the "non-emoji general-use variation selectors"
/// of the CJK-friendly spec (U+FE0F, the emoji presentation selector, is excluded).
pub fn is_non_emoji_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0E)
}

/// CommonMark's Unicode whitespace: category Zs, tab, line feed, form feed, carriage return.
pub fn is_unicode_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// CommonMark 0.31.2 Unicode punctuation: general category P* or S*. For ASCII this is
/// exactly ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
pub fn is_punctuation(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_punctuation();
    }
    PUNCT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                Ordering::Less
            } else if lo > cp {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// Punctuation that is also a CJK character: `。，、；：？！「」『』（）《》【】` etc.
pub fn is_cjk_punct(c: char) -> bool {
    is_punctuation(c) && is_cjk(c)
}

/// Every other punctuation character: ASCII punctuation, `“”‘’—…·`, `¿`, `→`, emoji...
pub fn is_non_cjk_punct(c: char) -> bool {
    is_punctuation(c) && !is_cjk(c)
}

/// Non-ASCII ranges of general categories P* and S* (Unicode 16), sorted and inclusive.
/// Generated from the Unicode Character Database (the same set pulldown-cmark 0.13.6's
/// `puncttable.rs` encodes, which keeps our decisions in step with the parser's).
#[rustfmt::skip]
const PUNCT_RANGES: &[(u32, u32)] = &[
    (0x00A1, 0x00A9), (0x00AB, 0x00AC), (0x00AE, 0x00B1), (0x00B4, 0x00B4), (0x00B6, 0x00B8),
    (0x00BB, 0x00BB), (0x00BF, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x02C2, 0x02C5),
    (0x02D2, 0x02DF), (0x02E5, 0x02EB), (0x02ED, 0x02ED), (0x02EF, 0x02FF), (0x0375, 0x0375),
    (0x037E, 0x037E), (0x0384, 0x0385), (0x0387, 0x0387), (0x03F6, 0x03F6), (0x0482, 0x0482),
    (0x055A, 0x055F), (0x0589, 0x058A), (0x058D, 0x058F), (0x05BE, 0x05BE), (0x05C0, 0x05C0),
    (0x05C3, 0x05C3), (0x05C6, 0x05C6), (0x05F3, 0x05F4), (0x0606, 0x060F), (0x061B, 0x061B),
    (0x061D, 0x061F), (0x066A, 0x066D), (0x06D4, 0x06D4), (0x06DE, 0x06DE), (0x06E9, 0x06E9),
    (0x06FD, 0x06FE), (0x0700, 0x070D), (0x07F6, 0x07F9), (0x07FE, 0x07FF), (0x0830, 0x083E),
    (0x085E, 0x085E), (0x0888, 0x0888), (0x0964, 0x0965), (0x0970, 0x0970), (0x09F2, 0x09F3),
    (0x09FA, 0x09FB), (0x09FD, 0x09FD), (0x0A76, 0x0A76), (0x0AF0, 0x0AF1), (0x0B70, 0x0B70),
    (0x0BF3, 0x0BFA), (0x0C77, 0x0C77), (0x0C7F, 0x0C7F), (0x0C84, 0x0C84), (0x0D4F, 0x0D4F),
    (0x0D79, 0x0D79), (0x0DF4, 0x0DF4), (0x0E3F, 0x0E3F), (0x0E4F, 0x0E4F), (0x0E5A, 0x0E5B),
    (0x0F01, 0x0F17), (0x0F1A, 0x0F1F), (0x0F34, 0x0F34), (0x0F36, 0x0F36), (0x0F38, 0x0F38),
    (0x0F3A, 0x0F3D), (0x0F85, 0x0F85), (0x0FBE, 0x0FC5), (0x0FC7, 0x0FCC), (0x0FCE, 0x0FDA),
    (0x104A, 0x104F), (0x109E, 0x109F), (0x10FB, 0x10FB), (0x1360, 0x1368), (0x1390, 0x1399),
    (0x1400, 0x1400), (0x166D, 0x166E), (0x169B, 0x169C), (0x16EB, 0x16ED), (0x1735, 0x1736),
    (0x17D4, 0x17D6), (0x17D8, 0x17DB), (0x1800, 0x180A), (0x1940, 0x1940), (0x1944, 0x1945),
    (0x19DE, 0x19FF), (0x1A1E, 0x1A1F), (0x1AA0, 0x1AA6), (0x1AA8, 0x1AAD), (0x1B5A, 0x1B6A),
    (0x1B74, 0x1B7E), (0x1BFC, 0x1BFF), (0x1C3B, 0x1C3F), (0x1C7E, 0x1C7F), (0x1CC0, 0x1CC7),
    (0x1CD3, 0x1CD3), (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF),
    (0x1FED, 0x1FEF), (0x1FFD, 0x1FFE), (0x2010, 0x2027), (0x2030, 0x205E), (0x207A, 0x207E),
    (0x208A, 0x208E), (0x20A0, 0x20C0), (0x2100, 0x2101), (0x2103, 0x2106), (0x2108, 0x2109),
    (0x2114, 0x2114), (0x2116, 0x2118), (0x211E, 0x2123), (0x2125, 0x2125), (0x2127, 0x2127),
    (0x2129, 0x2129), (0x212E, 0x212E), (0x213A, 0x213B), (0x2140, 0x2144), (0x214A, 0x214D),
    (0x214F, 0x214F), (0x218A, 0x218B), (0x2190, 0x2426), (0x2440, 0x244A), (0x249C, 0x24E9),
    (0x2500, 0x2775), (0x2794, 0x2B73), (0x2B76, 0x2B95), (0x2B97, 0x2BFF), (0x2CE5, 0x2CEA),
    (0x2CF9, 0x2CFC), (0x2CFE, 0x2CFF), (0x2D70, 0x2D70), (0x2E00, 0x2E2E), (0x2E30, 0x2E5D),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF), (0x3001, 0x3004),
    (0x3008, 0x3020), (0x3030, 0x3030), (0x3036, 0x3037), (0x303D, 0x303F), (0x309B, 0x309C),
    (0x30A0, 0x30A0), (0x30FB, 0x30FB), (0x3190, 0x3191), (0x3196, 0x319F), (0x31C0, 0x31E3),
    (0x31EF, 0x31EF), (0x3200, 0x321E), (0x322A, 0x3247), (0x3250, 0x3250), (0x3260, 0x327F),
    (0x328A, 0x32B0), (0x32C0, 0x33FF), (0x4DC0, 0x4DFF), (0xA490, 0xA4C6), (0xA4FE, 0xA4FF),
    (0xA60D, 0xA60F), (0xA673, 0xA673), (0xA67E, 0xA67E), (0xA6F2, 0xA6F7), (0xA700, 0xA716),
    (0xA720, 0xA721), (0xA789, 0xA78A), (0xA828, 0xA82B), (0xA836, 0xA839), (0xA874, 0xA877),
    (0xA8CE, 0xA8CF), (0xA8F8, 0xA8FA), (0xA8FC, 0xA8FC), (0xA92E, 0xA92F), (0xA95F, 0xA95F),
    (0xA9C1, 0xA9CD), (0xA9DE, 0xA9DF), (0xAA5C, 0xAA5F), (0xAA77, 0xAA79), (0xAADE, 0xAADF),
    (0xAAF0, 0xAAF1), (0xAB5B, 0xAB5B), (0xAB6A, 0xAB6B), (0xABEB, 0xABEB), (0xFB29, 0xFB29),
    (0xFBB2, 0xFBC2), (0xFD3E, 0xFD4F), (0xFDCF, 0xFDCF), (0xFDFC, 0xFDFF), (0xFE10, 0xFE19),
    (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0xFFFC, 0xFFFD),
    (0x10100, 0x10102), (0x10137, 0x1013F), (0x10179, 0x10189), (0x1018C, 0x1018E), (0x10190, 0x1019C),
    (0x101A0, 0x101A0), (0x101D0, 0x101FC), (0x1039F, 0x1039F), (0x103D0, 0x103D0), (0x1056F, 0x1056F),
    (0x10857, 0x10857), (0x10877, 0x10878), (0x1091F, 0x1091F), (0x1093F, 0x1093F), (0x10A50, 0x10A58),
    (0x10A7F, 0x10A7F), (0x10AC8, 0x10AC8), (0x10AF0, 0x10AF6), (0x10B39, 0x10B3F), (0x10B99, 0x10B9C),
    (0x10EAD, 0x10EAD), (0x10F55, 0x10F59), (0x10F86, 0x10F89), (0x11047, 0x1104D), (0x110BB, 0x110BC),
    (0x110BE, 0x110C1), (0x11140, 0x11143), (0x11174, 0x11175), (0x111C5, 0x111C8), (0x111CD, 0x111CD),
    (0x111DB, 0x111DB), (0x111DD, 0x111DF), (0x11238, 0x1123D), (0x112A9, 0x112A9), (0x1144B, 0x1144F),
    (0x1145A, 0x1145B), (0x1145D, 0x1145D), (0x114C6, 0x114C6), (0x115C1, 0x115D7), (0x11641, 0x11643),
    (0x11660, 0x1166C), (0x116B9, 0x116B9), (0x1173C, 0x1173F), (0x1183B, 0x1183B), (0x11944, 0x11946),
    (0x119E2, 0x119E2), (0x11A3F, 0x11A46), (0x11A9A, 0x11A9C), (0x11A9E, 0x11AA2), (0x11B00, 0x11B09),
    (0x11C41, 0x11C45), (0x11C70, 0x11C71), (0x11EF7, 0x11EF8), (0x11F43, 0x11F4F), (0x11FD5, 0x11FF1),
    (0x11FFF, 0x11FFF), (0x12470, 0x12474), (0x12FF1, 0x12FF2), (0x16A6E, 0x16A6F), (0x16AF5, 0x16AF5),
    (0x16B37, 0x16B3F), (0x16B44, 0x16B45), (0x16E97, 0x16E9A), (0x16FE2, 0x16FE2), (0x1BC9C, 0x1BC9C),
    (0x1BC9F, 0x1BC9F), (0x1CF50, 0x1CFC3), (0x1D000, 0x1D0F5), (0x1D100, 0x1D126), (0x1D129, 0x1D164),
    (0x1D16A, 0x1D16C), (0x1D183, 0x1D184), (0x1D18C, 0x1D1A9), (0x1D1AE, 0x1D1EA), (0x1D200, 0x1D241),
    (0x1D245, 0x1D245), (0x1D300, 0x1D356), (0x1D6C1, 0x1D6C1), (0x1D6DB, 0x1D6DB), (0x1D6FB, 0x1D6FB),
    (0x1D715, 0x1D715), (0x1D735, 0x1D735), (0x1D74F, 0x1D74F), (0x1D76F, 0x1D76F), (0x1D789, 0x1D789),
    (0x1D7A9, 0x1D7A9), (0x1D7C3, 0x1D7C3), (0x1D800, 0x1D9FF), (0x1DA37, 0x1DA3A), (0x1DA6D, 0x1DA74),
    (0x1DA76, 0x1DA83), (0x1DA85, 0x1DA8B), (0x1E14F, 0x1E14F), (0x1E2FF, 0x1E2FF), (0x1E95E, 0x1E95F),
    (0x1ECAC, 0x1ECAC), (0x1ECB0, 0x1ECB0), (0x1ED2E, 0x1ED2E), (0x1EEF0, 0x1EEF1), (0x1F000, 0x1F02B),
    (0x1F030, 0x1F093), (0x1F0A0, 0x1F0AE), (0x1F0B1, 0x1F0BF), (0x1F0C1, 0x1F0CF), (0x1F0D1, 0x1F0F5),
    (0x1F10D, 0x1F1AD), (0x1F1E6, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251),
    (0x1F260, 0x1F265), (0x1F300, 0x1F6D7), (0x1F6DC, 0x1F6EC), (0x1F6F0, 0x1F6FC), (0x1F700, 0x1F776),
    (0x1F77B, 0x1F7D9), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F800, 0x1F80B), (0x1F810, 0x1F847),
    (0x1F850, 0x1F859), (0x1F860, 0x1F887), (0x1F890, 0x1F8AD), (0x1F8B0, 0x1F8B1), (0x1F900, 0x1FA53),
    (0x1FA60, 0x1FA6D), (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5),
    (0x1FACE, 0x1FADB), (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8), (0x1FB00, 0x1FB92), (0x1FB94, 0x1FBCA),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for w in EAW_TABLE.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{:X?}", w);
        }
        for w in PUNCT_RANGES.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{:X?}", w);
        }
    }

    #[test]
    fn cjk_characters() {
        for c in "中文汉字漢字ひらがなカタカナｱｶﾞ한국어가ᅡᆨ。，、；：？！「」『』（）《》【】〈〉～　〰〽㊗㊙🈂🈷㐀𠀀𪛖ㄅㆠ㇀⺀⼀⿰ꀀ︐︰﹐！＄￥￦₩"
            .chars()
        {
            assert!(is_cjk(c), "{c:?} U+{:04X} should be CJK", c as u32);
        }
        for c in "aZ09 .,;:!?()*_“”‘’—…·×é€©→😀🌏⭐🈚🉐✅\u{E0100}\u{FE00}\u{303F}\u{200B}".chars()
        {
            assert!(!is_cjk(c), "{c:?} U+{:04X} should not be CJK", c as u32);
        }
    }

    #[test]
    fn width_classes() {
        assert_eq!(wide_class('中'), Some(WideClass::Wide));
        assert_eq!(wide_class('\u{3000}'), Some(WideClass::Fullwidth));
        assert_eq!(wide_class('！'), Some(WideClass::Fullwidth));
        assert_eq!(wide_class('ｱ'), Some(WideClass::Halfwidth));
        assert_eq!(wide_class('₩'), Some(WideClass::Halfwidth));
        assert_eq!(wide_class('😀'), Some(WideClass::Wide));
        assert!(is_wide_emoji('😀'));
        assert!(!is_wide_emoji('中'));
        assert_eq!(wide_class('“'), None);
        assert_eq!(wide_class('a'), None);
        // Hangul Jamo vowels are N but still CJK by script.
        assert_eq!(wide_class('\u{1161}'), None);
        assert!(is_cjk('\u{1161}'));
    }

    #[test]
    fn punctuation_classes() {
        for c in "。，、；：？！「」『』（）《》【】～〈〉・".chars() {
            assert!(is_cjk_punct(c), "{c:?}");
            assert!(!is_non_cjk_punct(c), "{c:?}");
        }
        for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’—…·¿©€→😀".chars() {
            assert!(is_non_cjk_punct(c), "{c:?}");
            assert!(!is_cjk_punct(c), "{c:?}");
        }
        for c in "aZ09 中한ア\u{3000}é\u{E0100}".chars() {
            assert!(!is_punctuation(c), "{c:?}");
        }
        // ASCII punctuation is exactly CommonMark's list.
        for b in 0u8..128 {
            let c = b as char;
            assert_eq!(is_punctuation(c), c.is_ascii_punctuation(), "{c:?}");
        }
    }

    #[test]
    fn whitespace() {
        for c in " \t\n\r\u{0C}\u{A0}\u{3000}\u{2003}\u{202F}".chars() {
            assert!(is_unicode_whitespace(c), "{c:?}");
        }
        for c in "a\u{200B}\u{FEFF}中".chars() {
            assert!(!is_unicode_whitespace(c), "{c:?}");
        }
    }

    #[test]
    fn variation_selectors() {
        assert!(is_ideographic_variation_selector('\u{E0100}'));
        assert!(is_ideographic_variation_selector('\u{E01EF}'));
        assert!(!is_ideographic_variation_selector('\u{FE00}'));
        assert!(is_non_emoji_variation_selector('\u{FE00}'));
        assert!(is_non_emoji_variation_selector('\u{FE0E}'));
        assert!(!is_non_emoji_variation_selector('\u{FE0F}'));
    }
}
