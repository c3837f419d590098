//! A small, stable content hash (FNV-1a, 128-bit) for cache keys. Not
//! cryptographic: it names cache entries, it does not authenticate them.

/// FNV-1a over 128 bits.
#[derive(Clone)]
pub struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Fnv128 {
    /// Feeds bytes, preceded by their length so that concatenations differ.
    pub fn update(&mut self, bytes: &[u8]) -> &mut Self {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
        self
    }

    /// The hash as 32 hex digits.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_boundaries_and_is_stable() {
        let a = Fnv128::default().update(b"ab").update(b"c").hex();
        let b = Fnv128::default().update(b"a").update(b"bc").hex();
        assert_ne!(a, b);
        assert_eq!(a, Fnv128::default().update(b"ab").update(b"c").hex());
        assert_eq!(a.len(), 32);
    }
}
