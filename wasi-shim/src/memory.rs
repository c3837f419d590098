//! Checked access to the guest's linear memory.
//!
//! Guest pointers are never trusted. Every access goes through
//! [`GuestMemory`], which checks `ptr + len` (in 64-bit arithmetic, so it
//! cannot wrap) against the length the memory had when the WASI call
//! started, and answers `EFAULT` when the range is not inside. This is the
//! only module that turns guest addresses into host pointers.

use crate::errno::WasiResult;
use crate::types::{layout::IOVEC_SIZE, Errno};
use wasm2native_abi::{VMContext, VMMemory};

/// The most buffers handed to one `readv`/`writev` (Linux's `IOV_MAX`);
/// fewer buffers just mean a shorter transfer, which WASI allows.
const IOV_MAX: usize = 1024;

/// A view of linear memory 0 of the calling instance for the duration of one
/// WASI call.
pub struct GuestMemory {
    base: *mut u8,
    len: usize,
}

impl GuestMemory {
    /// Views `len` bytes at `base`.
    ///
    /// # Safety
    /// `base..base+len` must be valid for reads and writes for as long as
    /// this value is used, and nothing else may access it meanwhile.
    pub unsafe fn new(base: *mut u8, len: usize) -> GuestMemory {
        GuestMemory { base, len }
    }

    /// Memory 0 of `vmctx`, with its length read now (memory may have grown
    /// since the last call). A module without a memory (null pointers) gets
    /// an empty view, so that every non-empty access fails with `EFAULT`.
    ///
    /// # Safety
    /// `vmctx` must be null or point to a live [`VMContext`] whose
    /// `memories` is null or points to at least one (possibly null) memory
    /// pointer.
    pub unsafe fn from_vmctx(vmctx: *mut VMContext) -> GuestMemory {
        // SAFETY: the caller guarantees every pointer followed here is null
        // or valid; null at any step means "no memory".
        unsafe {
            if vmctx.is_null() || (*vmctx).memories.is_null() {
                return GuestMemory::new(core::ptr::null_mut(), 0);
            }
            let mem: *mut VMMemory = *(*vmctx).memories;
            if mem.is_null() || (*mem).base.is_null() {
                return GuestMemory::new(core::ptr::null_mut(), 0);
            }
            GuestMemory::new((*mem).base, (*mem).length)
        }
    }

    /// Current size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the memory is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Checks that `ptr..ptr+len` lies inside the memory; returns the start
    /// offset as a host `usize`.
    pub fn check(&self, ptr: u32, len: u32) -> WasiResult<usize> {
        self.check_u64(ptr, u64::from(len))
    }

    fn check_u64(&self, ptr: u32, len: u64) -> WasiResult<usize> {
        let end = u64::from(ptr).checked_add(len).ok_or(Errno::FAULT)?;
        if end > self.len as u64 {
            return Err(Errno::FAULT);
        }
        // `ptr <= end <= self.len`, a usize: the cast is lossless.
        Ok(ptr as usize)
    }

    /// Checks an array of `count` elements of `size` bytes at `ptr`.
    pub fn check_array(&self, ptr: u32, count: u32, size: u32) -> WasiResult<usize> {
        self.check_u64(ptr, u64::from(count) * u64::from(size))
    }

    /// The bytes `ptr..ptr+len`.
    pub fn slice(&self, ptr: u32, len: u32) -> WasiResult<&[u8]> {
        let start = self.check(ptr, len)?;
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
        let start = self.check(ptr, len)?;
        if len == 0 {
            return Ok(&mut []);
        }
        // SAFETY: as in `slice`; `&mut self` makes this the only view.
        Ok(unsafe { core::slice::from_raw_parts_mut(self.base.add(start), len as usize) })
    }

    /// The UTF-8 string `ptr..ptr+len` (paths): `EILSEQ` if it is not UTF-8,
    /// as wasmtime.
    pub fn str(&self, ptr: u32, len: u32) -> WasiResult<&str> {
        core::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::ILSEQ)
    }

    /// Copies `bytes` to `ptr`.
    pub fn write_bytes(&mut self, ptr: u32, bytes: &[u8]) -> WasiResult<()> {
        let len = u32::try_from(bytes.len()).map_err(|_| Errno::FAULT)?;
        self.slice_mut(ptr, len)?.copy_from_slice(bytes);
        Ok(())
    }

    /// Reads `N` bytes at `ptr` (a whole structure, parsed with [`Record`]).
    pub fn read_array<const N: usize>(&self, ptr: u32) -> WasiResult<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(out)
    }

    /// Reads a little-endian `u8` (guest pointers need not be aligned).
    pub fn read_u8(&self, ptr: u32) -> WasiResult<u8> {
        Ok(self.read_array::<1>(ptr)?[0])
    }

    /// Reads a little-endian `u16`.
    pub fn read_u16(&self, ptr: u32) -> WasiResult<u16> {
        self.read_array(ptr).map(u16::from_le_bytes)
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        self.read_array(ptr).map(u32::from_le_bytes)
    }

    /// Reads a little-endian `u64`.
    pub fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        self.read_array(ptr).map(u64::from_le_bytes)
    }

    /// Writes a `u8`.
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> WasiResult<()> {
        self.write_bytes(ptr, &[v])
    }

    /// Writes a little-endian `u16`.
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> WasiResult<()> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// Writes a little-endian `u32`.
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// Writes a little-endian `u64`.
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// Turns the guest's `iovec` array (`count` entries of `{buf, buf_len}`
    /// at `ptr`) into host `iovec`s pointing into guest memory, for
    /// `readv`/`writev` straight to and from the OS.
    ///
    /// Every entry is checked, also those beyond the first `IOV_MAX` (1024)
    /// non-empty ones, which are left out of the result (a short transfer).
    /// The host pointers stay valid while `self` is mutably borrowed, which
    /// the returned [`HostIovecs`] ensures; overlapping guest buffers are
    /// fine since no Rust reference is formed over them.
    pub fn iovecs(&mut self, ptr: u32, count: u32) -> WasiResult<HostIovecs<'_>> {
        self.check_array(ptr, count, IOVEC_SIZE)?;
        let mut iovs = Vec::new();
        for i in 0..count {
            let iov = Record(self.read_array::<8>(element(ptr, i, IOVEC_SIZE)?)?);
            let (buf, buf_len) = (iov.get_u32(0), iov.get_u32(4));
            let start = self.check(buf, buf_len)?;
            if buf_len == 0 || iovs.len() == IOV_MAX {
                continue;
            }
            iovs.push(libc::iovec {
                // SAFETY: `start + buf_len <= self.len` was just checked.
                iov_base: unsafe { self.base.add(start) }.cast(),
                iov_len: buf_len as usize,
            });
        }
        Ok(HostIovecs { iovs, _memory: core::marker::PhantomData })
    }
}

/// The guest address of element `i` of an array of `size`-byte elements at
/// `ptr` (`EFAULT` if it is not a 32-bit address).
pub fn element(ptr: u32, i: u32, size: u32) -> WasiResult<u32> {
    i.checked_mul(size).and_then(|off| ptr.checked_add(off)).ok_or(Errno::FAULT)
}

/// Host `iovec`s into guest memory, borrowed from a [`GuestMemory`].
pub struct HostIovecs<'a> {
    iovs: Vec<libc::iovec>,
    _memory: core::marker::PhantomData<&'a mut GuestMemory>,
}

impl HostIovecs<'_> {
    /// The `iovec` array for `readv`/`writev`.
    pub fn as_ptr(&self) -> *const libc::iovec {
        self.iovs.as_ptr()
    }

    /// Number of non-empty buffers.
    pub fn count(&self) -> libc::c_int {
        // At most IOV_MAX entries.
        self.iovs.len() as libc::c_int
    }

    /// Total bytes of all buffers.
    pub fn total_len(&self) -> usize {
        self.iovs.iter().map(|v| v.iov_len).sum()
    }
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
