//! Code facts of the defined functions (code lengths, trap sites and
//! exception handler sites) as one flat little-endian table that the runtime
//! reads in place.
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
//! (padding to 4 bytes)
//! first_handler[n + 1]       index of each function's first handler site
//! handler_ret[h]             return-address offsets of covered calls,
//!                            ascending within a function
//! handler_target[h]          landing-pad offsets
//! handler_sp[h]              frame pointer minus stack pointer at the call
//! first_map[n + 1]           index of each function's first stack map
//! map_ret[m]                 return-address offsets of calls with live GC
//!                            references, ascending within a function
//! map_frame[m]               frame pointer minus stack pointer at the call
//! first_slot[m + 1]          index of each stack map's first slot
//! slot[s]                    the slots' offsets from the stack pointer at
//!                            the call
//! ```

use alloc::vec::Vec;

use crate::meta::{DecodeError, FuncInfo, HandlerSite, StackMapSite, TrapSite};
use crate::TrapKind;

/// A parsed view of a code table.
#[derive(Clone, Copy, Debug)]
pub struct CodeTable<'a> {
    bytes: &'a [u8],
    n: usize,
    total: usize,
    /// Word index of `first_handler[0]`.
    handlers_at: usize,
    /// Number of handler sites.
    handlers: usize,
    /// Word index of `first_map[0]`.
    maps_at: usize,
    /// Number of stack maps.
    maps: usize,
}

/// The index in `lo..hi` whose key is `target`, keys ascending.
fn find(mut lo: usize, mut hi: usize, key: impl Fn(usize) -> u32, target: u32) -> Option<usize> {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match key(mid).cmp(&target) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
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
        out.resize(out.len().next_multiple_of(4), 0);
        let mut put = |v: u32| out.extend_from_slice(&v.to_le_bytes());
        let mut first = 0u32;
        for f in funcs {
            put(first);
            first += f.handlers.len() as u32;
        }
        put(first);
        let handlers = || funcs.iter().flat_map(|f| &f.handlers);
        handlers().for_each(|h| put(h.ret_offset));
        handlers().for_each(|h| put(h.handler_offset));
        handlers().for_each(|h| put(h.sp_offset));
        let mut first = 0u32;
        for f in funcs {
            put(first);
            first += f.stack_maps.len() as u32;
        }
        put(first);
        let maps = || funcs.iter().flat_map(|f| &f.stack_maps);
        maps().for_each(|m| put(m.ret_offset));
        maps().for_each(|m| put(m.frame_size));
        let mut first = 0u32;
        for m in maps() {
            put(first);
            first += m.slots.len() as u32;
        }
        put(first);
        maps().flat_map(|m| &m.slots).for_each(|s| put(*s));
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
        let table = CodeTable { bytes, n, total: 0, handlers_at: 0, handlers: 0, maps_at: 0, maps: 0 };
        let total = table.first_site(n);
        let sites_end = header.checked_add(total.checked_mul(5).ok_or(DecodeError)?).ok_or(DecodeError)?;
        let handlers_at = sites_end.div_ceil(4);
        if bytes.len() < 4 * (handlers_at + n + 1) || table.first_site(0) != 0 {
            return Err(DecodeError);
        }
        let handlers = u32_at(bytes, handlers_at + n) as usize;
        let maps_at = (handlers_at + n + 1).checked_add(handlers.checked_mul(3).ok_or(DecodeError)?).ok_or(DecodeError)?;
        let word = |i: usize| if bytes.len() >= 4 * (i + 1) { Ok(u32_at(bytes, i) as usize) } else { Err(DecodeError) };
        let maps = word(maps_at.checked_add(n).ok_or(DecodeError)?)?;
        let slots_at = (maps_at + n + 1).checked_add(maps.checked_mul(2).ok_or(DecodeError)?).ok_or(DecodeError)?;
        let slots = word(slots_at.checked_add(maps).ok_or(DecodeError)?)?;
        let expected = (slots_at + maps + 1).checked_add(slots).and_then(|w| w.checked_mul(4)).ok_or(DecodeError)?;
        if bytes.len() != expected || u32_at(bytes, handlers_at) != 0 || word(maps_at)? != 0 || word(slots_at)? != 0 {
            return Err(DecodeError);
        }
        // The raw `first_site` and `first_handler` words must not decrease.
        let monotonic = |words: &[u8]| {
            let mut previous = 0u32;
            words.chunks_exact(4).all(|w| {
                let v = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
                let ok = v >= previous;
                previous = v;
                ok
            })
        };
        if !monotonic(&bytes[4 * (1 + n)..4 * (2 + 2 * n)])
            || !monotonic(&bytes[4 * handlers_at..4 * (handlers_at + n + 1)])
            || !monotonic(&bytes[4 * maps_at..4 * (maps_at + n + 1)])
            || !monotonic(&bytes[4 * slots_at..4 * (slots_at + maps + 1)])
        {
            return Err(DecodeError);
        }
        Ok(CodeTable { bytes, n, total, handlers_at, handlers, maps_at, maps })
    }

    fn first_map(&self, func: usize) -> usize {
        u32_at(self.bytes, self.maps_at + func) as usize
    }

    fn map_ret(&self, m: usize) -> u32 {
        u32_at(self.bytes, self.maps_at + self.n + 1 + m)
    }

    /// The stack map of the call of defined function `func` whose return
    /// address is at `ret_offset`: the frame size (frame pointer minus
    /// stack pointer at the call) and the live GC reference slots (offsets
    /// from that stack pointer); `None` when nothing is live there. No
    /// allocation.
    pub fn stack_map_at(&self, func: usize, ret_offset: u32) -> Option<(u32, impl Iterator<Item = u32> + '_)> {
        let slots_at = self.maps_at + self.n + 1 + 2 * self.maps;
        let m = (func < self.n)
            .then(|| find(self.first_map(func), self.first_map(func + 1), |m| self.map_ret(m), ret_offset))
            .flatten()?;
        let (lo, hi) = (u32_at(self.bytes, slots_at + m) as usize, u32_at(self.bytes, slots_at + m + 1) as usize);
        let base = slots_at + self.maps + 1;
        let frame_size = u32_at(self.bytes, self.maps_at + self.n + 1 + self.maps + m);
        Some((frame_size, (lo..hi).map(move |s| u32_at(self.bytes, base + s))))
    }

    /// The stack maps of defined function `func`, in order.
    pub fn stack_maps(&self, func: usize) -> impl Iterator<Item = StackMapSite> + '_ {
        (self.first_map(func)..self.first_map(func + 1)).filter_map(move |m| {
            let ret_offset = self.map_ret(m);
            let (frame_size, slots) = self.stack_map_at(func, ret_offset)?;
            Some(StackMapSite { ret_offset, frame_size, slots: slots.collect() })
        })
    }

    fn first_handler(&self, func: usize) -> usize {
        u32_at(self.bytes, self.handlers_at + func) as usize
    }

    fn handler(&self, h: usize) -> HandlerSite {
        let base = self.handlers_at + self.n + 1;
        HandlerSite {
            ret_offset: u32_at(self.bytes, base + h),
            handler_offset: u32_at(self.bytes, base + self.handlers + h),
            sp_offset: u32_at(self.bytes, base + 2 * self.handlers + h),
        }
    }

    /// The handler covering the call of defined function `func` whose
    /// return address is at `ret_offset`, if that call is inside a
    /// `try_table` or `try`. No allocation.
    pub fn handler_at(&self, func: usize, ret_offset: u32) -> Option<HandlerSite> {
        if func >= self.n {
            return None;
        }
        let (lo, hi) = (self.first_handler(func), self.first_handler(func + 1));
        find(lo, hi, |h| self.handler(h).ret_offset, ret_offset).map(|h| self.handler(h))
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
        let (lo, hi) = (self.first_site(func), self.first_site(func + 1));
        find(lo, hi, |site| self.site_offset(site), offset).and_then(|site| self.site_kind(site))
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
            FuncInfo {
                code_len: 40,
                traps: vec![TrapSite { offset: 3, kind: TrapKind::Unreachable }],
                handlers: vec![HandlerSite { ret_offset: 9, handler_offset: 30, sp_offset: 16 }],
                stack_maps: vec![StackMapSite { ret_offset: 9, frame_size: 32, slots: vec![0, 8] }],
            },
            FuncInfo { code_len: 7, traps: vec![], handlers: vec![], stack_maps: vec![] },
            FuncInfo {
                code_len: 100,
                traps: vec![
                    TrapSite { offset: 1, kind: TrapKind::StackOverflow },
                    TrapSite { offset: 50, kind: TrapKind::MemoryOutOfBounds },
                    TrapSite { offset: 99, kind: TrapKind::IntegerDivisionByZero },
                ],
                handlers: vec![
                    HandlerSite { ret_offset: 5, handler_offset: 80, sp_offset: 32 },
                    HandlerSite { ret_offset: 60, handler_offset: 90, sp_offset: 48 },
                ],
                stack_maps: vec![
                    StackMapSite { ret_offset: 5, frame_size: 48, slots: vec![16] },
                    StackMapSite { ret_offset: 70, frame_size: 48, slots: vec![] },
                    StackMapSite { ret_offset: 80, frame_size: 64, slots: vec![24, 32, 40] },
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
            for h in &f.handlers {
                assert_eq!(t.handler_at(i, h.ret_offset), Some(*h));
            }
            assert_eq!(t.stack_maps(i).collect::<Vec<_>>(), f.stack_maps);
        }
        let (frame, slots) = t.stack_map_at(2, 80).unwrap();
        assert_eq!((frame, slots.collect::<Vec<_>>()), (64, vec![24, 32, 40]));
        assert!(t.stack_map_at(2, 81).is_none());
        assert!(t.stack_map_at(5, 80).is_none());
        assert_eq!(t.handler_at(0, 10), None);
        assert_eq!(t.handler_at(1, 9), None);
        assert_eq!(t.handler_at(2, 6), None);
        assert!(CodeTable::parse(&CodeTable::encode(&[])).unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_tables() {
        let bytes = CodeTable::encode(&[FuncInfo {
            code_len: 1,
            traps: vec![TrapSite { offset: 0, kind: TrapKind::Unreachable }],
            handlers: vec![],
            stack_maps: vec![StackMapSite { ret_offset: 0, frame_size: 16, slots: vec![8] }],
        }]);
        assert!(CodeTable::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(CodeTable::parse(&[]).is_err());
        assert!(CodeTable::parse(&[255, 255, 255, 255]).is_err());
        let mut bad = bytes.clone();
        bad[12] = 9; // first_site[1] beyond the sites
        assert!(CodeTable::parse(&bad).is_err());
    }
}
