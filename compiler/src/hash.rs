//! A small, stable content hash (128 bits, two independent 64-bit lanes
//! fed eight bytes at a time) for cache keys. Not cryptographic: it names
//! cache entries, it does not authenticate them.

/// The hasher.
#[derive(Clone)]
pub struct Hash128 {
    a: u64,
    b: u64,
}

impl Default for Hash128 {
    fn default() -> Self {
        Hash128 { a: 0xcbf2_9ce4_8422_2325, b: 0x8422_2325_cbf2_9ce4 }
    }
}

impl Hash128 {
    fn word(&mut self, w: u64) {
        self.a = (self.a ^ w).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
        self.b = (self.b ^ w.rotate_left(32)).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(31);
    }

    /// Feeds bytes, preceded by their length so that concatenations differ.
    pub fn update(&mut self, bytes: &[u8]) -> &mut Self {
        self.word(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.word(u64::from_le_bytes(last));
        self
    }

    /// The hash as 32 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}{:016x}", self.a, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_boundaries_and_is_stable() {
        let a = Hash128::default().update(b"ab").update(b"c").hex();
        let b = Hash128::default().update(b"a").update(b"bc").hex();
        assert_ne!(a, b);
        assert_eq!(a, Hash128::default().update(b"ab").update(b"c").hex());
        assert_ne!(Hash128::default().update(b"12345678x").hex(), Hash128::default().update(b"12345678y").hex());
        assert_eq!(a.len(), 32);
    }
}
