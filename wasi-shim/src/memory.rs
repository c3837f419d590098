//! Checked access to the guest's linear memory.
//!
//! Guest pointers are never trusted. Every access goes through
//! [`GuestMemory`], which checks the range against the length the memory
//! had when the WASI call started (in 64-bit arithmetic, so nothing wraps),
//! and the alignment of typed values. A bad pointer is a [`Trap`]: the
//! program ends, as under wasmtime, whose rules these are:
//!
//! * typed values (`u32`, `u64`, structures, `iovec` entries) must lie
//!   inside memory (checked first) and be aligned to their alignment;
//! * byte ranges the host reads (buffers to write out, path strings) must
//!   lie inside memory, even when empty;
//! * byte ranges the host fills are checked for the bytes actually stored:
//!   storing nothing never fails.
//!
//! Each call also has a copy budget of 128 MiB (wasmtime's "hostcall
//! fuel"): `iovec` arrays, the buffer a transfer uses, path strings and
//! `poll_oneoff`'s arrays are charged against it, and a call that would
//! exceed it fails with `ENOMEM`.
//!
//! This is the only module that turns guest addresses into host pointers.
//!
//! [`Trap`]: crate::errno::Trap

use crate::errno::{Error, WasiResult};
use crate::types::{layout::IOVEC_SIZE, Errno};
use wasm2native_abi::{VMContext, VMMemory};

/// The copy budget of one call, in bytes (wasmtime's default hostcall fuel).
pub const CALL_BUDGET: u64 = 128 << 20;

/// A view of linear memory 0 of the calling instance for the duration of one
/// WASI call.
pub struct GuestMemory {
    base: *mut u8,
    len: usize,
    /// Whether the instance has a memory at all.
    present: bool,
    /// What is left of the call's copy budget.
    budget: u64,
}

impl GuestMemory {
    /// Views `len` bytes at `base`.
    ///
    /// # Safety
    /// `base..base+len` must be valid for reads and writes for as long as
    /// this value is used, and nothing else may access it meanwhile.
    pub unsafe fn new(base: *mut u8, len: usize) -> GuestMemory {
        GuestMemory { base, len, present: true, budget: CALL_BUDGET }
    }

    /// The view of an instance without a memory.
    pub fn absent() -> GuestMemory {
        GuestMemory { base: core::ptr::null_mut(), len: 0, present: false, budget: CALL_BUDGET }
    }

    /// The WASI memory of `vmctx` (`wasi_memory`: exported as `memory`, else
    /// memory 0), with its length read now (memory may have grown since the
    /// last call). A module without a memory (null pointer) gets an
    /// [absent](GuestMemory::absent) view.
    ///
    /// # Safety
    /// `vmctx` must be null or point to a live [`VMContext`] whose
    /// `wasi_memory` is null or points to a live [`VMMemory`].
    pub unsafe fn from_vmctx(vmctx: *mut VMContext) -> GuestMemory {
        // SAFETY: the caller guarantees every pointer followed here is null
        // or valid; null at any step means "no memory".
        unsafe {
            if vmctx.is_null() {
                return GuestMemory::absent();
            }
            let mem: *mut VMMemory = (*vmctx).wasi_memory;
            if mem.is_null() {
                return GuestMemory::absent();
            }
            // A memory of size 0 may have a null base: it is still present.
            GuestMemory::new((*mem).base, (*mem).length)
        }
    }

    /// Whether the instance has a memory.
    pub fn is_present(&self) -> bool {
        self.present
    }

    /// Current size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the memory is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Charges `bytes` against the call's copy budget: `ENOMEM` once it
    /// would be exceeded.
    pub fn charge(&mut self, bytes: u64) -> WasiResult<()> {
        if bytes > self.budget {
            return Err(Errno::NOMEM.into());
        }
        self.budget -= bytes;
        Ok(())
    }

    /// Checks that `ptr..ptr+len` lies inside the memory (an empty range
    /// too: its start must not be past the end); returns the start offset.
    pub fn region(&self, ptr: u32, len: u64) -> WasiResult<usize> {
        let end = u64::from(ptr) + len;
        if end > self.len as u64 {
            return Err(out_of_bounds(ptr, len, self.len));
        }
        // `ptr <= end <= self.len`, a usize: the cast is lossless.
        Ok(ptr as usize)
    }

    /// Like [`GuestMemory::region`], for a typed value of `size` bytes that
    /// must be aligned to `align`.
    pub fn typed(&self, ptr: u32, size: u32, align: u32) -> WasiResult<usize> {
        let at = self.region(ptr, u64::from(size))?;
        if ptr & (align - 1) != 0 {
            return Err(Error::trap(format!("pointer not aligned to {align}: {size} bytes at {ptr:#x}")));
        }
        Ok(at)
    }

    /// The bytes `ptr..ptr+len`, for the host to read.
    pub fn slice(&self, ptr: u32, len: u32) -> WasiResult<&[u8]> {
        let start = self.region(ptr, u64::from(len))?;
        if len == 0 {
            return Ok(&[]);
        }
        // SAFETY: `start + len <= self.len` was checked and `base..base+len`
        // is valid (constructor contract); the borrow of `self` keeps
        // mutable views from coexisting.
        Ok(unsafe { core::slice::from_raw_parts(self.base.add(start), len as usize) })
    }

    /// The bytes `ptr..ptr+len`, writable.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> WasiResult<&mut [u8]> {
        let start = self.region(ptr, u64::from(len))?;
        if len == 0 {
            return Ok(&mut []);
        }
        // SAFETY: as in `slice`; `&mut self` makes this the only view.
        Ok(unsafe { core::slice::from_raw_parts_mut(self.base.add(start), len as usize) })
    }

    /// The UTF-8 string `ptr..ptr+len` (paths): `EILSEQ` if it is not UTF-8,
    /// as wasmtime. Not charged against the budget (see [`Self::path`]).
    pub fn str(&self, ptr: u32, len: u32) -> WasiResult<&str> {
        core::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::ILSEQ.into())
    }

    /// A path argument: charged against the budget, then read as
    /// [`Self::str`], copied out.
    pub fn path(&mut self, ptr: u32, len: u32) -> WasiResult<String> {
        self.charge(u64::from(len))?;
        self.str(ptr, len).map(str::to_owned)
    }

    /// Stores `bytes` at `ptr` (storing nothing never fails).
    pub fn write_bytes(&mut self, ptr: u32, bytes: &[u8]) -> WasiResult<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let len = u32::try_from(bytes.len()).map_err(|_| out_of_bounds(ptr, bytes.len() as u64, self.len))?;
        self.slice_mut(ptr, len)?.copy_from_slice(bytes);
        Ok(())
    }

    /// Reads the `N`-byte value at `ptr`, aligned to `align`.
    pub fn read_typed<const N: usize>(&self, ptr: u32, align: u32) -> WasiResult<[u8; N]> {
        let start = self.typed(ptr, N as u32, align)?;
        let mut out = [0u8; N];
        // SAFETY: `start + N <= self.len` was checked; `out` is a distinct
        // local buffer.
        unsafe { core::ptr::copy_nonoverlapping(self.base.add(start), out.as_mut_ptr(), N) };
        Ok(out)
    }

    /// Stores the `N`-byte value `bytes` at `ptr`, aligned to `align`.
    pub fn write_typed<const N: usize>(&mut self, ptr: u32, align: u32, bytes: &[u8; N]) -> WasiResult<()> {
        let start = self.typed(ptr, N as u32, align)?;
        // SAFETY: `start + N <= self.len` was checked; `bytes` is a host
        // buffer, not guest memory.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.base.add(start), N) };
        Ok(())
    }

    /// Reads a little-endian `u32` (4-aligned).
    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        self.read_typed(ptr, 4).map(u32::from_le_bytes)
    }

    /// Writes a little-endian `u32` (4-aligned).
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write_typed(ptr, 4, &v.to_le_bytes())
    }

    /// Writes a little-endian `u64` (8-aligned).
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write_typed(ptr, 8, &v.to_le_bytes())
    }

    /// The first non-empty buffer of the `iovec` array (`count` entries of
    /// `{buf: u32, buf_len: u32}` at `ptr`), as wasmtime picks it: the array
    /// is charged to the budget, then read entry by entry up to the first
    /// non-empty buffer, whose length is charged too. The buffer itself is
    /// not checked here. `(0, 0)` when every buffer is empty.
    pub fn first_buffer(&mut self, ptr: u32, count: u32) -> WasiResult<(u32, u32)> {
        self.charge(u64::from(count) * u64::from(IOVEC_SIZE))?;
        for i in 0..count {
            let iov = self.read_typed::<8>(element(ptr, i, IOVEC_SIZE)?, 4)?;
            let buf = u32::from_le_bytes([iov[0], iov[1], iov[2], iov[3]]);
            let len = u32::from_le_bytes([iov[4], iov[5], iov[6], iov[7]]);
            if len != 0 {
                self.charge(u64::from(len))?;
                return Ok((buf, len));
            }
        }
        Ok((0, 0))
    }

    /// The host address of `ptr`, after [`Self::region`] checked
    /// `ptr..ptr+len`: for system calls that move data straight between the
    /// OS and guest memory.
    pub fn host_ptr(&mut self, ptr: u32, len: u32) -> WasiResult<*mut u8> {
        let start = self.region(ptr, u64::from(len))?;
        if len == 0 {
            return Ok(core::ptr::NonNull::dangling().as_ptr());
        }
        // SAFETY: `start + len <= self.len` was just checked.
        Ok(unsafe { self.base.add(start) })
    }
}

/// The trap for a range outside memory.
fn out_of_bounds(ptr: u32, len: u64, mem_len: usize) -> Error {
    Error::trap(format!("pointer out of bounds: {len} bytes at {ptr:#x} (memory is {mem_len} bytes)"))
}

/// The guest address of element `i` of an array of `size`-byte elements at
/// `ptr` (a trap if it is not a 32-bit address).
pub fn element(ptr: u32, i: u32, size: u32) -> WasiResult<u32> {
    i.checked_mul(size)
        .and_then(|off| ptr.checked_add(off))
        .ok_or_else(|| Error::trap(format!("pointer out of bounds: element {i} of the array at {ptr:#x} wraps")))
}

/// `ptr + n` as a guest address (a trap if it wraps past 4 GiB).
pub fn advance(ptr: u32, n: u32) -> WasiResult<u32> {
    ptr.checked_add(n).ok_or_else(|| Error::trap(format!("pointer out of bounds: {ptr:#x} + {n} wraps")))
}

/// A structure of `N` bytes assembled (or parsed) on the host, then copied to
/// (or from) guest memory in one checked access: field offsets apply to this
/// local buffer, never to guest addresses.
pub struct Record<const N: usize>(pub [u8; N]);

impl<const N: usize> Default for Record<N> {
    fn default() -> Self {
        Record([0; N])
    }
}

impl<const N: usize> Record<N> {
    fn put(&mut self, off: u32, bytes: &[u8]) -> &mut Self {
        let off = off as usize;
        // Offsets are the constants of `types::layout`; an offset beyond the
        // record would be a bug in this crate, and is ignored, not a panic.
        if let Some(dst) = off.checked_add(bytes.len()).and_then(|end| self.0.get_mut(off..end)) {
            dst.copy_from_slice(bytes);
        }
        self
    }

    fn get<const M: usize>(&self, off: u32) -> [u8; M] {
        let off = off as usize;
        let mut out = [0u8; M];
        if let Some(src) = off.checked_add(M).and_then(|end| self.0.get(off..end)) {
            out.copy_from_slice(src);
        }
        out
    }

    /// Sets the `u8` at `off`.
    pub fn u8(&mut self, off: u32, v: u8) -> &mut Self {
        self.put(off, &[v])
    }

    /// Sets the little-endian `u16` at `off`.
    pub fn u16(&mut self, off: u32, v: u16) -> &mut Self {
        self.put(off, &v.to_le_bytes())
    }

    /// Sets the little-endian `u32` at `off`.
    pub fn u32(&mut self, off: u32, v: u32) -> &mut Self {
        self.put(off, &v.to_le_bytes())
    }

    /// Sets the little-endian `u64` at `off`.
    pub fn u64(&mut self, off: u32, v: u64) -> &mut Self {
        self.put(off, &v.to_le_bytes())
    }

    /// The `u8` at `off`.
    pub fn get_u8(&self, off: u32) -> u8 {
        self.get::<1>(off)[0]
    }

    /// The little-endian `u16` at `off`.
    pub fn get_u16(&self, off: u32) -> u16 {
        u16::from_le_bytes(self.get(off))
    }

    /// The little-endian `u32` at `off`.
    pub fn get_u32(&self, off: u32) -> u32 {
        u32::from_le_bytes(self.get(off))
    }

    /// The little-endian `u64` at `off`.
    pub fn get_u64(&self, off: u32) -> u64 {
        u64::from_le_bytes(self.get(off))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trapped(r: WasiResult<impl core::fmt::Debug>, what: &str) -> bool {
        matches!(r, Err(Error::Trap(ref t)) if t.0.contains(what))
    }

    #[test]
    fn ranges_types_and_budget() {
        let mut buf = vec![0u8; 64];
        // SAFETY: `buf` outlives the view and is not otherwise used.
        let mut m = unsafe { GuestMemory::new(buf.as_mut_ptr(), buf.len()) };
        assert_eq!(m.region(60, 4), Ok(60));
        assert_eq!(m.region(64, 0), Ok(64));
        assert!(trapped(m.region(65, 0), "out of bounds"));
        assert!(trapped(m.region(u32::MAX, 2), "out of bounds"));
        assert!(trapped(m.read_u32(62), "out of bounds"));
        assert!(trapped(m.read_u32(2), "not aligned to 4"));
        // Bounds are checked before alignment.
        assert!(trapped(m.write_u64(60, 1), "out of bounds"));
        assert_eq!(m.write_bytes(1000, &[]), Ok(()));
        assert!(trapped(m.write_bytes(63, b"ab"), "out of bounds"));
        m.write_u32(8, 0x1234).unwrap();
        assert_eq!(m.read_u32(8), Ok(0x1234));
        m.charge(CALL_BUDGET - 1).unwrap();
        assert_eq!(m.charge(2), Err(Errno::NOMEM.into()));
        assert!(trapped(element(u32::MAX - 4, 1, 8), "wraps"));
    }

    #[test]
    fn first_non_empty_buffer() {
        let mut buf = vec![0u8; 64];
        buf[8..16].copy_from_slice(&[40, 0, 0, 0, 3, 0, 0, 0]);
        // SAFETY: `buf` outlives the view and is not otherwise used.
        let mut m = unsafe { GuestMemory::new(buf.as_mut_ptr(), buf.len()) };
        // Entry 0 (at 0) is empty, entry 1 is used, entry 2 is never read.
        assert_eq!(m.first_buffer(0, 3), Ok((40, 3)));
        assert_eq!(m.first_buffer(0, 1), Ok((0, 0)));
        assert!(trapped(m.first_buffer(60, 1), "out of bounds"));
        assert_eq!(m.first_buffer(0, u32::MAX), Err(Errno::NOMEM.into()));
    }
}
