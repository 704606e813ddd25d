//! A small open-addressing hash table for the index's `u64` token keys: linear probing,
//! Fibonacci hashing, key 0 marks an empty slot (no token key is 0). It remembers its filled
//! slots, so clearing and iterating cost the number of entries, not the capacity — which is
//! what counting a document's tokens, thousands of times over, needs.

/// `u64` key (never 0) → `V`, in insertion order.
#[derive(Debug, Clone)]
pub struct KeyTable<V> {
    keys: Vec<u64>,
    vals: Vec<V>,
    /// Filled slots, in insertion order.
    used: Vec<u32>,
    shift: u32,
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> Self {
        Self::with_capacity(1024)
    }
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table that holds `n` entries before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let slots = (n.max(8) * 2).next_power_of_two();
        KeyTable {
            keys: vec![0; slots],
            vals: vec![V::default(); slots],
            used: Vec::with_capacity(n),
            shift: 64 - slots.trailing_zeros(),
        }
    }

    pub fn len(&self) -> usize {
        self.used.len()
    }

    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }

    /// Empties the table, keeping its capacity.
    pub fn clear(&mut self) {
        for &i in &self.used {
            self.keys[i as usize] = 0;
        }
        self.used.clear();
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The value of `key`, inserted as `new()` if absent; `true` if it was inserted.
    #[inline]
    pub fn entry(&mut self, key: u64, new: impl FnOnce() -> V) -> (&mut V, bool) {
        debug_assert_ne!(key, 0, "key 0 marks empty slots");
        if (self.used.len() + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = self.home(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return (&mut self.vals[i], false);
            }
            if k == 0 {
                self.keys[i] = key;
                self.vals[i] = new();
                self.used.push(i as u32);
                return (&mut self.vals[i], true);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `key`, if present.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        let mask = self.keys.len() - 1;
        let mut i = self.home(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.vals[i]);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.used
            .iter()
            .map(|&i| (self.keys[i as usize], self.vals[i as usize]))
    }

    fn grow(&mut self) {
        let mut bigger = Self::with_capacity(self.keys.len());
        for (k, v) in self.iter() {
            *bigger.entry(k, || v).0 = v;
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_grow_clear() {
        let mut t: KeyTable<u32> = KeyTable::with_capacity(2);
        for k in 1..=1000u64 {
            let (v, new) = t.entry(k * 7919, || 0);
            assert!(new);
            *v = k as u32;
        }
        assert_eq!(t.len(), 1000);
        for k in 1..=1000u64 {
            assert_eq!(t.get(k * 7919), Some(k as u32));
            assert!(!t.entry(k * 7919, || 0).1);
        }
        assert_eq!(t.get(3), None);
        let order: Vec<u64> = t.iter().map(|(k, _)| k / 7919).take(3).collect();
        assert_eq!(order, [1, 2, 3], "insertion order");
        t.clear();
        assert!(t.is_empty() && t.get(7919).is_none());
        assert!(t.entry(7919, || 5).1);
    }
}
