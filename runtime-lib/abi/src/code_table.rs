//! Code facts of the defined functions (code lengths and trap sites) as one
//! flat little-endian table that the runtime reads in place.
//!
//! Nothing here is decoded at start-up: a large program has millions of
//! trap sites, and only a trap ever needs one, so the signal handler
//! binary-searches the table where it lies in the executable.
//!
//! Layout, all integers little-endian `u32` unless said otherwise:
//!
//! ```text
//! n                          number of defined functions
//! code_len[n]                machine-code length of each function
//! first_site[n + 1]          index of each function's first trap site
//! site_offset[total]         trap sites' offsets from their function's entry,
//!                            ascending within a function
//! site_kind[total]           one byte each: a TrapKind
//! ```

use alloc::vec::Vec;

use crate::meta::{DecodeError, FuncInfo, TrapSite};
use crate::TrapKind;

/// A parsed view of a code table.
#[derive(Clone, Copy, Debug)]
pub struct CodeTable<'a> {
    bytes: &'a [u8],
    n: usize,
    total: usize,
}

fn u32_at(bytes: &[u8], index: usize) -> u32 {
    let at = index * 4;
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

impl<'a> CodeTable<'a> {
    /// Writes the table for `funcs` (each function's sites sorted by offset).
    pub fn encode(funcs: &[FuncInfo]) -> Vec<u8> {
        let total: usize = funcs.iter().map(|f| f.traps.len()).sum();
        let mut out = Vec::with_capacity(4 * (2 + 2 * funcs.len() + total) + total);
        let mut put = |v: u32| out.extend_from_slice(&v.to_le_bytes());
        put(funcs.len() as u32);
        funcs.iter().for_each(|f| put(f.code_len));
        let mut first = 0u32;
        for f in funcs {
            put(first);
            first += f.traps.len() as u32;
        }
        put(first);
        funcs.iter().flat_map(|f| &f.traps).for_each(|t| put(t.offset));
        out.extend(funcs.iter().flat_map(|f| &f.traps).map(|t| t.kind as u8));
        out
    }

    /// Checks the table's shape (sizes and monotonic site indices) so that
    /// later lookups cannot go out of bounds.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        if bytes.len() < 4 {
            return Err(DecodeError);
        }
        let n = u32_at(bytes, 0) as usize;
        let header = n.checked_mul(2).and_then(|w| w.checked_add(2)).and_then(|w| w.checked_mul(4)).ok_or(DecodeError)?;
        if bytes.len() < header {
            return Err(DecodeError);
        }
        let table = CodeTable { bytes, n, total: 0 };
        let total = table.first_site(n);
        if bytes.len() != header + total * 5 || table.first_site(0) != 0 {
            return Err(DecodeError);
        }
        // One pass over the raw `first_site` words: they must not decrease.
        let firsts = &bytes[4 * (1 + n)..4 * (2 + 2 * n)];
        let mut previous = 0u32;
        for word in firsts.chunks_exact(4) {
            let v = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
            if v < previous {
                return Err(DecodeError);
            }
            previous = v;
        }
        Ok(CodeTable { bytes, n, total })
    }

    fn first_site(&self, func: usize) -> usize {
        u32_at(self.bytes, 1 + self.n + func) as usize
    }

    fn site_offset(&self, site: usize) -> u32 {
        u32_at(self.bytes, 2 + 2 * self.n + site)
    }

    fn site_kind(&self, site: usize) -> Option<TrapKind> {
        TrapKind::from_u8(self.bytes[4 * (2 + 2 * self.n + self.total) + site])
    }

    /// Number of defined functions.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no defined functions.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Machine-code length of defined function `func`.
    pub fn code_len(&self, func: usize) -> u32 {
        u32_at(self.bytes, 1 + func)
    }

    /// The trap at `offset` in defined function `func`, if that is a trap
    /// site. No allocation: usable in a signal handler.
    pub fn trap_at(&self, func: usize, offset: u32) -> Option<TrapKind> {
        if func >= self.n {
            return None;
        }
        let (mut lo, mut hi) = (self.first_site(func), self.first_site(func + 1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.site_offset(mid).cmp(&offset) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return self.site_kind(mid),
            }
        }
        None
    }

    /// The trap sites of defined function `func`, in order.
    pub fn sites(&self, func: usize) -> impl Iterator<Item = TrapSite> + '_ {
        (self.first_site(func)..self.first_site(func + 1))
            .filter_map(move |s| Some(TrapSite { offset: self.site_offset(s), kind: self.site_kind(s)? }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn round_trip_and_lookup() {
        let funcs = vec![
            FuncInfo { code_len: 40, traps: vec![TrapSite { offset: 3, kind: TrapKind::Unreachable }] },
            FuncInfo { code_len: 7, traps: vec![] },
            FuncInfo {
                code_len: 100,
                traps: vec![
                    TrapSite { offset: 1, kind: TrapKind::StackOverflow },
                    TrapSite { offset: 50, kind: TrapKind::MemoryOutOfBounds },
                    TrapSite { offset: 99, kind: TrapKind::IntegerDivisionByZero },
                ],
            },
        ];
        let bytes = CodeTable::encode(&funcs);
        let t = CodeTable::parse(&bytes).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!((t.code_len(0), t.code_len(1), t.code_len(2)), (40, 7, 100));
        assert_eq!(t.trap_at(0, 3), Some(TrapKind::Unreachable));
        assert_eq!(t.trap_at(0, 4), None);
        assert_eq!(t.trap_at(1, 3), None);
        assert_eq!(t.trap_at(2, 50), Some(TrapKind::MemoryOutOfBounds));
        assert_eq!(t.trap_at(2, 99), Some(TrapKind::IntegerDivisionByZero));
        assert_eq!(t.trap_at(2, 1), Some(TrapKind::StackOverflow));
        assert_eq!(t.trap_at(3, 1), None);
        for (i, f) in funcs.iter().enumerate() {
            assert_eq!(t.sites(i).collect::<Vec<_>>(), f.traps);
        }
        assert!(CodeTable::parse(&CodeTable::encode(&[])).unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_tables() {
        let bytes = CodeTable::encode(&[FuncInfo {
            code_len: 1,
            traps: vec![TrapSite { offset: 0, kind: TrapKind::Unreachable }],
        }]);
        assert!(CodeTable::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(CodeTable::parse(&[]).is_err());
        assert!(CodeTable::parse(&[255, 255, 255, 255]).is_err());
        let mut bad = bytes.clone();
        bad[12] = 9; // first_site[1] beyond the sites
        assert!(CodeTable::parse(&bad).is_err());
    }
}
