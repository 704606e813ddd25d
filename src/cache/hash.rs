//! 128-bit XXH3 keys: of bytes, of several parts, and of Tera values (a page's context).
//!
//! Tera's maps iterate in a random order that differs between processes, so a map's key is
//! the wrapping sum of its entries' keys: the same entries give the same key in any order.

use std::collections::HashMap;

use tera::value::ValueKind;
use tera::Value;
use twox_hash::xxhash3_128::Hasher;

/// A key of several parts; each part is length-prefixed, so `("ab", "c")` ≠ `("a", "bc")`.
#[derive(Default, Clone)]
pub struct Key(Hasher);

impl Key {
    pub fn new() -> Key {
        Key(Hasher::new())
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut Key {
        self.0.write(&(b.len() as u64).to_le_bytes());
        self.0.write(b);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Key {
        self.bytes(s.as_bytes())
    }

    pub fn u128(&mut self, n: u128) -> &mut Key {
        self.0.write(&n.to_le_bytes());
        self
    }

    pub fn u64(&mut self, n: u64) -> &mut Key {
        self.0.write(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.finish_128()
    }
}

/// The key of a byte string.
pub fn of_bytes(b: &[u8]) -> u128 {
    Hasher::oneshot(b)
}

/// `std::hash::Hash` into a byte buffer (for Tera's map keys).
struct BufHasher<'a>(&'a mut Vec<u8>);

impl std::hash::Hasher for BufHasher<'_> {
    fn finish(&self) -> u64 {
        Hasher::oneshot(self.0) as u64
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// Keys of values already seen, by the address of their shared map (a clone of a
/// Tera value shares it): a list item on fifty pages is walked once.
#[derive(Default)]
pub struct Memo(HashMap<usize, u128>);

impl Memo {
    /// Remember the keys of `values` (they must outlive every use of the memo).
    pub fn remember<'a>(&mut self, values: impl IntoIterator<Item = &'a Value>) {
        for v in values {
            if let Some(at) = address(v) {
                let k = value_key(v, &Memo::default());
                self.0.insert(at, k);
            }
        }
    }

    /// [`Memo::remember`], walking the values on all threads.
    pub fn remember_par(&mut self, values: &[&Value]) {
        use rayon::prelude::*;
        let keys: Vec<(usize, u128)> = values
            .par_iter()
            .filter_map(|v| address(v).map(|at| (at, value_key(v, &Memo::default()))))
            .collect();
        self.0.extend(keys);
    }
}

/// Where a map value's entries live (shared by its clones). Only maps: an empty array's
/// address is the same for every empty array.
fn address(v: &Value) -> Option<usize> {
    v.as_map().map(|m| m as *const _ as usize)
}

thread_local! {
    /// The bytes a value is written as before they are hashed at once (one-shot XXH3 is many
    /// times faster than streaming the small parts a context is made of).
    static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(64 * 1024));
}

/// The key of one Tera value: kind, contents, and whether a string is marked safe.
pub fn value_key(v: &Value, memo: &Memo) -> u128 {
    with_buf(|buf| {
        write_value(buf, v, memo);
        Hasher::oneshot(buf)
    })
}

/// `f` with this thread's empty value buffer (a fresh one if it is in use further up).
pub fn with_buf<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            f(&mut buf)
        }
        Err(_) => f(&mut Vec::new()),
    })
}

/// Strings this long are written as their own key instead of their bytes.
const LONG: usize = 256;

/// Append `v`'s key material to `buf`.
pub fn write_value(buf: &mut Vec<u8>, v: &Value, memo: &Memo) {
    if let Some(k) = address(v).and_then(|at| memo.0.get(&at)) {
        buf.push(0xfe);
        buf.extend_from_slice(&k.to_le_bytes());
        return;
    }
    match v.kind() {
        ValueKind::String => {
            let s = v.as_str().unwrap_or_default();
            buf.push(if v.is_safe() { 1 } else { 2 });
            write_bytes(buf, s.as_bytes());
        }
        ValueKind::Bool => buf.extend_from_slice(&[3, u8::from(v.as_bool() == Some(true))]),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            buf.push(4);
            buf.extend_from_slice(&v.as_i128().unwrap_or_default().to_le_bytes());
        }
        ValueKind::F64 => {
            buf.push(5);
            buf.extend_from_slice(&v.as_f64().unwrap_or_default().to_bits().to_le_bytes());
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            buf.push(6);
            buf.extend_from_slice(&(items.len() as u64).to_le_bytes());
            for item in items {
                write_value(buf, item, memo);
            }
        }
        ValueKind::Map => {
            // Each entry is hashed on its own and the keys summed: any order, same key.
            let mut sum = 0u128;
            let map = v.as_map();
            let start = buf.len();
            for (k, val) in map.into_iter().flatten() {
                std::hash::Hash::hash(k, &mut BufHasher(buf));
                write_value(buf, val, memo);
                sum = sum.wrapping_add(Hasher::oneshot(&buf[start..]));
                buf.truncate(start);
            }
            buf.push(7);
            buf.extend_from_slice(&(map.map_or(0, |m| m.len()) as u64).to_le_bytes());
            buf.extend_from_slice(&sum.to_le_bytes());
        }
        ValueKind::Bytes => {
            buf.push(8);
            write_bytes(buf, v.as_bytes().unwrap_or_default());
        }
        ValueKind::None => buf.push(9),
        // Undefined, and kinds a later Tera adds: by their printed form.
        _ => {
            buf.push(10);
            write_bytes(buf, format!("{:?}", v.kind()).as_bytes());
            write_bytes(buf, v.to_string().as_bytes());
        }
    }
}

/// Length-prefixed bytes; long ones as their key (marked, so they never equal short ones).
fn write_bytes(buf: &mut Vec<u8>, b: &[u8]) {
    buf.extend_from_slice(&(b.len() as u64).to_le_bytes());
    if b.len() >= LONG {
        buf.extend_from_slice(&Hasher::oneshot(b).to_le_bytes());
    } else {
        buf.extend_from_slice(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        let mut m = tera::Map::default();
        for (k, v) in pairs {
            m.insert((*k).to_string().into(), v.clone());
        }
        Value::from(m)
    }

    #[test]
    fn maps_key_the_same_in_any_order() {
        let a = map(&[("标题", "快讯".into()), ("n", 3.into())]);
        let b = map(&[("n", 3.into()), ("标题", "快讯".into())]);
        let memo = Memo::default();
        assert_eq!(value_key(&a, &memo), value_key(&b, &memo));
    }

    #[test]
    fn every_difference_changes_the_key() {
        let memo = Memo::default();
        let base = map(&[("title", "深度报道".into()), ("n", 3.into())]);
        let variants = [
            map(&[("title", "深度报道".into()), ("n", 4.into())]),
            map(&[("title", "深度報道".into()), ("n", 3.into())]),
            map(&[("title", Value::safe_string("深度报道")), ("n", 3.into())]),
            map(&[("titlf", "深度报道".into()), ("n", 3.into())]),
            map(&[("title", "深度报道".into())]),
            map(&[("title", "深度报道".into()), ("n", "3".into())]),
            Value::from(vec![Value::from("深度报道"), Value::from(3)]),
        ];
        let k = value_key(&base, &memo);
        for v in &variants {
            assert_ne!(k, value_key(v, &memo), "{v:?}");
        }
        // Nested arrays: ["ab"] + ["c"] is not ["a"] + ["bc"].
        let x = Value::from(vec![Value::from("ab"), Value::from("c")]);
        let y = Value::from(vec![Value::from("a"), Value::from("bc")]);
        assert_ne!(value_key(&x, &memo), value_key(&y, &memo));
    }

    #[test]
    fn a_remembered_value_keys_as_when_walked() {
        let item = map(&[
            ("title", "芯片".into()),
            ("tags", vec![Value::from("半导体")].into()),
        ]);
        let page = Value::from(vec![item.clone(), item.clone()]);
        let walked = value_key(&page, &Memo::default());
        let mut memo = Memo::default();
        memo.remember([&item]);
        // Memoised parts are written as their key, so the page key differs from the walked
        // one, but it is stable and still changes when the item does.
        let a = value_key(&page, &memo);
        assert_eq!(
            a,
            value_key(&Value::from(vec![item.clone(), item.clone()]), &memo)
        );
        assert_ne!(a, walked);
        let other = map(&[
            ("title", "芯片".into()),
            ("tags", vec![Value::from("AI")].into()),
        ]);
        let mut memo2 = Memo::default();
        memo2.remember([&other]);
        assert_ne!(
            a,
            value_key(&Value::from(vec![other.clone(), other]), &memo2)
        );
    }
}
