//! Posting lists, encoded as JSON-safe text.
//!
//! A posting says that a token occurs in a document: the doc id (its index in date order,
//! newest first), how often it occurs in the body (capped at 3) and whether it occurs in the
//! title or the tags. A list is in increasing doc id order; each posting is one number
//!
//! ```text
//! v = (gap << 2) | code     gap = id − previous id − 1 (the first "previous id" is −1)
//! code 0, 1, 2: body only, term frequency 1, 2, ≥3
//! code 3:       another number follows: (tf << 2) | (title << 1) | tag, tf 0..=3
//! ```
//!
//! and each number is a little-endian base-32 varint written with the URL-safe base64
//! alphabet: characters 0–31 (`A`–`f`) end a number, 32–63 (`g`–`_`) carry 5 more bits. A
//! token found in every document costs one character per document.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Body term frequency is capped at this.
pub const MAX_TF: u8 = 3;

/// One occurrence record. `bits` packs `tf << 2 | title << 1 | tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub bits: u8,
}

impl Posting {
    pub const TITLE: u8 = 0b10;
    pub const TAG: u8 = 0b01;

    pub fn new(doc: u32, tf: u8, title: bool, tag: bool) -> Posting {
        Posting {
            doc,
            bits: tf.min(MAX_TF) << 2 | (title as u8) << 1 | tag as u8,
        }
    }
    pub fn tf(self) -> u8 {
        self.bits >> 2
    }
    pub fn title(self) -> bool {
        self.bits & Self::TITLE != 0
    }
    pub fn tag(self) -> bool {
        self.bits & Self::TAG != 0
    }
}

/// Appends postings, in increasing doc order, to an encoded list held by the caller (many
/// lists can share one buffer).
#[derive(Debug, Default, Clone, Copy)]
pub struct Encoder {
    next: u32,
}

impl Encoder {
    /// Adds a posting; `doc` must exceed the previous one.
    #[inline]
    pub fn push(&mut self, out: &mut Vec<u8>, p: Posting) {
        debug_assert!(p.doc >= self.next, "postings out of order");
        let gap = u64::from(p.doc - self.next);
        self.next = p.doc + 1;
        let tf = p.tf();
        if p.bits & 0b11 == 0 && tf >= 1 {
            varint(out, gap << 2 | u64::from(tf - 1));
        } else {
            varint(out, gap << 2 | 3);
            varint(out, u64::from(p.bits));
        }
    }
}

#[inline]
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 32 {
        out.push(ALPHABET[(32 | (v & 31)) as usize]);
        v >>= 5;
    }
    out.push(ALPHABET[v as usize]);
}

/// Encodes a whole list (tests and tools).
pub fn encode(postings: &[Posting]) -> String {
    let (mut e, mut out) = (Encoder::default(), Vec::new());
    for &p in postings {
        e.push(&mut out, p);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Decodes a list; `None` on malformed text.
pub fn decode(text: &str) -> Option<Vec<Posting>> {
    let mut nums = text.bytes().map(|b| ALPHABET.iter().position(|&a| a == b));
    let mut next_num = || -> Option<Option<u64>> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let d = match nums.next() {
                None if shift == 0 => return Some(None),
                None => return None,
                Some(d) => d? as u64,
            };
            if shift > 60 {
                return None;
            }
            v |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                return Some(Some(v));
            }
        }
    };
    let mut out = Vec::new();
    let mut next: u64 = 0;
    while let Some(v) = next_num()? {
        let doc = next + (v >> 2);
        let bits = match v & 3 {
            3 => next_num()?? as u8,
            tf => ((tf + 1) << 2) as u8,
        };
        out.push(Posting {
            doc: u32::try_from(doc).ok()?,
            bits,
        });
        next = doc + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let lists = [
            vec![],
            vec![Posting::new(0, 1, false, false)],
            vec![
                Posting::new(0, 3, false, false),
                Posting::new(1, 2, false, false),
                Posting::new(2, 1, true, false),
                Posting::new(40, 0, false, true),
                Posting::new(41, 9, true, true),
                Posting::new(5_000, 1, false, false),
                Posting::new(1_000_000, 2, false, false),
                Posting::new(u32::MAX - 1, 1, false, false),
            ],
        ];
        for list in lists {
            let text = encode(&list);
            assert!(text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert_eq!(decode(&text).unwrap(), list, "{text}");
        }
        assert_eq!(Posting::new(3, 9, true, false).tf(), MAX_TF);
    }

    #[test]
    fn dense_lists_cost_one_char_per_doc() {
        let list: Vec<_> = (0..100).map(|d| Posting::new(d, 1, false, false)).collect();
        let text = encode(&list);
        assert_eq!(text.len(), 100);
        assert_eq!(&text[..3], "AAA");
        // Doc 0 with tf 2: v = 1 → "B". Doc 9 (gap 8) in the title with tf 1: v = 8 << 2 | 3
        // = 35 → "j" (3, more follows) "B" (1), then the bits 1 << 2 | 0b10 = 6 → "G".
        let text = encode(&[
            Posting::new(0, 2, false, false),
            Posting::new(9, 1, true, false),
        ]);
        assert_eq!(text, "BjBG");
    }

    #[test]
    fn malformed_text_is_rejected() {
        assert!(decode("g").is_none(), "unfinished varint");
        assert!(decode("D").is_none(), "code 3 without its flags");
        assert!(decode("A!").is_none(), "character outside the alphabet");
    }
}
