//! Linear memories.
//!
//! Two allocation strategies, matching the code's bounds-check mode:
//!
//! * **guard**: one `PROT_NONE` reservation of [`GUARD_RESERVATION`] bytes;
//!   the accessible prefix is made readable and writable, growth extends it
//!   with `mprotect`, and the base never moves. Any access past the
//!   accessible prefix faults and becomes a trap.
//! * **explicit**: a mapping of exactly the accessible size, which may move
//!   when it grows (generated code compares every access with the length).
//!
//! 64-bit memories and memories of one-byte pages are always allocated in
//! explicit mode (see [`MemoryType::bounds_checks`]).
//!
//! Fresh pages come zeroed from the kernel. The [`VMMemory`] generated code
//! reads lives inside the shared allocation, so its address is stable and
//! every instance importing the memory sees growth.

use std::fmt;
use std::ptr::NonNull;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use wasm2native_abi::meta::{BoundsChecks, Limits, MemoryType};
use wasm2native_abi::{VMMemory, GUARD_RESERVATION};

use crate::vmctx::VmSlot;
use crate::{checked_range, OutOfBounds};


/// Why a memory could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryError {
    /// The minimum exceeds the maximum or what this runtime supports.
    TooLarge {
        /// Requested minimum in pages.
        min: u64,
        /// The effective maximum in pages.
        max: u64,
    },
    /// The operating system refused the mapping (`errno`).
    Os(i32),
}

impl fmt::Display for MemoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryError::TooLarge { min, max } => {
                write!(f, "memory size {min} pages exceeds the maximum of {max} pages")
            }
            MemoryError::Os(errno) => write!(f, "cannot map memory (errno {errno})"),
        }
    }
}

impl std::error::Error for MemoryError {}

const EMPTY: VMMemory = VMMemory { base: NonNull::dangling().as_ptr(), length: 0 };

/// A linear memory, shared by handle: cloning gives another handle to the
/// same memory. It is unmapped when the last handle goes away. A handle
/// stays on its thread; a shared memory crosses threads as a
/// [`SharedMemory`].
#[derive(Clone)]
pub struct Memory(Arc<MemoryInner>, PhantomData<*const ()>);

/// A handle to a shared memory (threads proposal) that may be sent to and
/// used from other threads: another thread's instances import it. Every
/// shared memory, defined or imported, has its own `VMMemory` (instances
/// reach it through their pointer array), so any can become one.
#[derive(Clone)]
pub struct SharedMemory(Arc<MemoryInner>);

// SAFETY: a `SharedMemory` only wraps a shared memory whose `VMMemory` is
// its own allocation (no `Rc` to an instance inside); such a memory never
// moves, and its growth is serialized by `grow_lock`, the length published
// atomically. Wasm code on several threads accessing the same bytes is
// what shared memories are for.
unsafe impl Send for SharedMemory {}
// SAFETY: as above.
unsafe impl Sync for SharedMemory {}

impl SharedMemory {
    /// `memory` as a handle for other threads, if it is a shared memory.
    /// (The `VMMemory` check holds for all of them; it guards the `Send`
    /// claim above.)
    pub fn new(memory: &Memory) -> Option<SharedMemory> {
        (memory.0.ty.shared && memory.0.vm.is_own()).then(|| SharedMemory(memory.0.clone()))
    }

    /// A handle for this thread.
    pub fn memory(&self) -> Memory {
        Memory(self.0.clone(), PhantomData)
    }
}

struct MemoryInner {
    /// What generated code reads; updated on growth.
    vm: VmSlot<VMMemory>,
    /// The declared type.
    ty: MemoryType,
    /// How it is allocated.
    mode: BoundsChecks,
    /// Growth limit in pages.
    max_pages: u64,
    /// Bytes mapped at `vm.base` (the reservation in guard mode); 0 when
    /// nothing is mapped.
    mapped: AtomicUsize,
    /// Serializes the growth of a shared memory (unshared ones grow on
    /// their only thread, without it).
    grow_lock: Mutex<()>,
    /// The memory never moves: it grows inside a reservation made at
    /// creation (guard mode, and shared memories in either mode, whose
    /// reservation covers their maximum).
    fixed: bool,
}

impl Memory {
    /// Creates a memory of type `ty` with `ty.limits.min` zeroed pages,
    /// allocated for code compiled with bounds-check mode `mode`.
    pub fn new(ty: MemoryType, mode: BoundsChecks) -> Result<Memory, MemoryError> {
        Memory::new_in(ty, mode, VmSlot::own(EMPTY))
    }

    /// [`Memory::new`] with its `VMMemory` in `slot` (inside the defining
    /// instance's context).
    pub(crate) fn new_in(ty: MemoryType, mode: BoundsChecks, slot: VmSlot<VMMemory>) -> Result<Memory, MemoryError> {
        let cap = ty.max_pages_supported();
        let max_pages = ty.limits.max.map_or(cap, |m| m.min(cap));
        if ty.limits.min > max_pages {
            return Err(MemoryError::TooLarge { min: ty.limits.min, max: max_pages });
        }
        let mode = ty.bounds_checks(mode);
        let reservation = match mode {
            BoundsChecks::Guard => Some(GUARD_RESERVATION as usize),
            // A shared memory never moves (other threads hold its address),
            // so explicit mode reserves its maximum up front.
            BoundsChecks::Explicit if ty.shared => {
                let bytes = max_pages.checked_mul(ty.page_size()).and_then(|b| usize::try_from(b).ok());
                let page = page_size();
                Some(bytes.and_then(|b| b.checked_next_multiple_of(page)).ok_or(MemoryError::TooLarge {
                    min: ty.limits.min,
                    max: max_pages,
                })?)
            }
            BoundsChecks::Explicit => None,
        };
        let inner = MemoryInner {
            vm: slot.init(EMPTY),
            ty,
            mode,
            max_pages,
            mapped: AtomicUsize::new(0),
            grow_lock: Mutex::new(()),
            fixed: reservation.is_some(),
        };
        if let Some(len) = reservation.filter(|&len| len > 0) {
            let base = map(len, libc::PROT_NONE)?;
            inner.mapped.store(len, Ordering::Relaxed);
            // SAFETY: `inner` is not shared yet; `base` is our fresh mapping.
            unsafe { (*inner.vm.get()).base = base };
        }
        // An `Arc` although `MemoryInner` is not `Send`: only a
        // `SharedMemory` crosses threads, under the conditions its `Send`
        // impl states.
        #[allow(clippy::arc_with_non_send_sync)]
        let memory = Memory(Arc::new(inner), PhantomData);
        if ty.limits.min > 0 && memory.grow(ty.limits.min).is_none() {
            return Err(MemoryError::Os(last_errno()));
        }
        Ok(memory)
    }

    /// The declared type.
    pub fn ty(&self) -> MemoryType {
        self.0.ty
    }

    /// The type for import matching: the minimum is the current size.
    pub fn current_type(&self) -> MemoryType {
        MemoryType {
            limits: Limits { min: self.size_pages(), max: self.0.ty.limits.max },
            ..self.0.ty
        }
    }

    /// How the memory is allocated (its plan: [`MemoryType::bounds_checks`]).
    pub fn bounds_checks(&self) -> BoundsChecks {
        self.0.mode
    }

    /// Current size in bytes.
    pub fn data_size(&self) -> usize {
        if self.0.ty.shared {
            // SAFETY: as in `grow`: another thread may be growing it.
            return unsafe { AtomicUsize::from_ptr(&raw mut (*self.0.vm.get()).length).load(Ordering::Acquire) };
        }
        // SAFETY: `vm` is only written by `grow`, never concurrently (an
        // unshared memory lives on one thread).
        unsafe { (*self.0.vm.get()).length }
    }

    /// Current size in pages.
    pub fn size_pages(&self) -> u64 {
        self.data_size() as u64 >> self.0.ty.page_size_log2
    }

    /// The start of the memory (moves on growth in explicit mode).
    pub fn data_ptr(&self) -> *mut u8 {
        // SAFETY: as in `data_size`.
        unsafe { (*self.0.vm.get()).base }
    }

    /// The `VMMemory` generated code reads (stable address).
    pub fn vm(&self) -> *mut VMMemory {
        self.0.vm.get()
    }

    /// Whether both handles refer to the same memory.
    pub fn same(&self, other: &Memory) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// `memory.grow`: adds `delta` zeroed pages. Returns the old size in
    /// pages, or `None` when the maximum would be exceeded or the system
    /// refuses.
    pub fn grow(&self, delta: u64) -> Option<u64> {
        // Threads sharing the memory grow it one at a time.
        let _serialized = self.0.ty.shared.then(|| self.0.grow_lock.lock().unwrap_or_else(PoisonError::into_inner));
        let old_pages = self.size_pages();
        let new_pages = old_pages.checked_add(delta)?;
        if new_pages > self.0.max_pages {
            return None;
        }
        if delta == 0 {
            return Some(old_pages);
        }
        let old_len = self.data_size();
        let new_len = usize::try_from(new_pages.checked_mul(self.0.ty.page_size())?).ok()?;
        let base = self.data_ptr();
        let new_base = match self.0.fixed {
            true => {
                // SAFETY: `old_len .. new_len` lies inside our reservation
                // (at most 4 GiB of the 8 GiB reserved in guard mode; the
                // maximum, for a shared memory).
                let r = unsafe {
                    libc::mprotect(
                        base.add(old_len).cast(),
                        new_len - old_len,
                        libc::PROT_READ | libc::PROT_WRITE,
                    )
                };
                if r != 0 {
                    return None;
                }
                base
            }
            false => {
                let new_base = if self.0.mapped.load(Ordering::Relaxed) == 0 {
                    map(new_len, libc::PROT_READ | libc::PROT_WRITE).ok()?
                } else {
                    // SAFETY: `base` maps exactly `old_len` bytes we own.
                    unsafe { remap(base, old_len, new_len)? }
                };
                self.0.mapped.store(new_len, Ordering::Relaxed);
                new_base
            }
        };
        if self.0.ty.shared {
            // Other threads read the length while we grow: publish it
            // atomically, after the pages are accessible (the base of a
            // shared memory never changes).
            // SAFETY: `length` is an aligned `usize` inside our `VMMemory`.
            unsafe { AtomicUsize::from_ptr(&raw mut (*self.0.vm.get()).length).store(new_len, Ordering::Release) };
        } else {
            // SAFETY: no other reference to `vm` is live (an unshared memory
            // lives on one thread; generated code is not running inside
            // this call).
            unsafe { *self.0.vm.get() = VMMemory { base: new_base, length: new_len } };
        }
        Some(old_pages)
    }

    /// Copies `buf.len()` bytes starting at `offset` out of the memory.
    pub fn read(&self, offset: u64, buf: &mut [u8]) -> Result<(), OutOfBounds> {
        let range = checked_range(offset, buf.len() as u64, self.data_size()).ok_or(OutOfBounds)?;
        // SAFETY: the range is inside the accessible part of the memory.
        unsafe {
            std::ptr::copy_nonoverlapping(self.data_ptr().add(range.start), buf.as_mut_ptr(), buf.len())
        };
        Ok(())
    }

    /// Copies `data` into the memory starting at `offset`.
    pub fn write(&self, offset: u64, data: &[u8]) -> Result<(), OutOfBounds> {
        let range = checked_range(offset, data.len() as u64, self.data_size()).ok_or(OutOfBounds)?;
        // SAFETY: the range is inside the accessible part of the memory.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), self.data_ptr().add(range.start), data.len()) };
        Ok(())
    }
}

impl fmt::Debug for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memory").field("pages", &self.size_pages()).field("ty", &self.0.ty).finish()
    }
}

impl Drop for MemoryInner {
    fn drop(&mut self) {
        let mapped = *self.mapped.get_mut();
        if mapped != 0 {
            // SAFETY: `base .. base + mapped` is our mapping and nothing
            // refers to it any more (the slot outlives this call: fields
            // drop after `drop`).
            unsafe { libc::munmap((*self.vm.get()).base.cast(), mapped) };
        }
    }
}

/// The system's page size.
fn page_size() -> usize {
    // SAFETY: `sysconf` has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(p).ok().filter(|&p| p > 0).unwrap_or(4096)
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// A fresh private anonymous mapping of `len` bytes.
fn map(len: usize, prot: libc::c_int) -> Result<*mut u8, MemoryError> {
    // SAFETY: an anonymous mapping at an address of the kernel's choice
    // touches no existing memory.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            prot,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(MemoryError::Os(last_errno()));
    }
    Ok(p.cast())
}

/// Resizes the mapping `base .. base + old_len` to `new_len` bytes, possibly
/// moving it. The new tail is zero.
///
/// # Safety
/// `base` must be a mapping of exactly `old_len` bytes owned by the caller.
#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe fn remap(base: *mut u8, old_len: usize, new_len: usize) -> Option<*mut u8> {
    // SAFETY: the caller owns the mapping; MREMAP_MAYMOVE keeps the contents.
    let p = unsafe { libc::mremap(base.cast(), old_len, new_len, libc::MREMAP_MAYMOVE) };
    if p == libc::MAP_FAILED {
        return None;
    }
    Some(p.cast())
}

/// Resizes the mapping `base .. base + old_len` to `new_len` bytes by
/// mapping anew and copying.
///
/// # Safety
/// `base` must be a mapping of exactly `old_len` bytes owned by the caller.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
unsafe fn remap(base: *mut u8, old_len: usize, new_len: usize) -> Option<*mut u8> {
    let new = map(new_len, libc::PROT_READ | libc::PROT_WRITE).ok()?;
    // SAFETY: both mappings are ours and at least `old_len` long; the old
    // one is released afterwards and not used again.
    unsafe {
        std::ptr::copy_nonoverlapping(base, new, old_len);
        libc::munmap(base.cast(), old_len);
    }
    Some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(min: u64, max: Option<u64>) -> MemoryType {
        MemoryType::new(Limits { min, max }, false)
    }

    fn exercise(mode: BoundsChecks) {
        let m = Memory::new(ty(1, Some(3)), mode).unwrap();
        assert_eq!(m.size_pages(), 1);
        assert_eq!(m.data_size(), 65536);
        let mut buf = [1u8; 4];
        m.read(65532, &mut buf).unwrap();
        assert_eq!(buf, [0; 4]);
        m.write(100, b"hello").unwrap();
        assert_eq!(m.read(65533, &mut buf), Err(OutOfBounds));
        assert_eq!(m.write(u64::MAX, b"x"), Err(OutOfBounds));
        let base = m.data_ptr();
        assert_eq!(m.grow(0), Some(1));
        assert_eq!(m.grow(2), Some(1));
        assert_eq!(m.size_pages(), 3);
        assert_eq!(m.grow(1), None);
        assert_eq!(m.grow(u64::MAX), None);
        if mode == BoundsChecks::Guard {
            assert_eq!(m.data_ptr(), base);
        }
        let mut hello = [0u8; 5];
        m.read(100, &mut hello).unwrap();
        assert_eq!(&hello, b"hello");
        m.read(3 * 65536 - 4, &mut buf).unwrap();
        assert_eq!(buf, [0; 4]);
        // SAFETY: `vm` points at the live VMMemory.
        let vm = unsafe { &*m.vm() };
        assert_eq!(vm.length, 3 * 65536);
        assert_eq!(vm.base, m.data_ptr());
        assert_eq!(m.current_type().limits.min, 3);
    }

    #[test]
    fn shared_memories_never_move() {
        for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
            let ty = MemoryType { shared: true, ..MemoryType::new(Limits { min: 1, max: Some(40) }, false) };
            let m = Memory::new(ty, mode).unwrap();
            let base = m.data_ptr();
            m.write(10, b"x").unwrap();
            assert_eq!(m.grow(39), Some(1));
            assert_eq!(m.grow(1), None);
            assert_eq!(m.data_ptr(), base, "{mode:?}");
            m.write(40 * 65536 - 1, b"y").unwrap();
            let empty = MemoryType { shared: true, ..MemoryType::new(Limits { min: 0, max: Some(0) }, false) };
            assert_eq!(Memory::new(empty, mode).unwrap().grow(1), None);
        }
    }

    #[test]
    fn guard_memory_grows_in_place() {
        exercise(BoundsChecks::Guard);
    }

    #[test]
    fn explicit_memory_grows() {
        exercise(BoundsChecks::Explicit);
    }

    #[test]
    fn empty_memories() {
        for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
            let m = Memory::new(ty(0, None), mode).unwrap();
            assert_eq!(m.data_size(), 0);
            assert_eq!(m.read(0, &mut []), Ok(()));
            assert_eq!(m.read(0, &mut [0]), Err(OutOfBounds));
            assert_eq!(m.grow(1), Some(0));
            m.write(65535, &[7]).unwrap();
            assert_eq!(m.grow(65536), None);
            assert_eq!(m.grow(65535), Some(1));
            assert_eq!(m.size_pages(), 65536);
            assert_eq!(m.grow(1), None);
        }
    }

    #[test]
    fn limits_are_checked() {
        assert!(matches!(
            Memory::new(ty(2, Some(1)), BoundsChecks::Guard),
            Err(MemoryError::TooLarge { .. })
        ));
        assert!(Memory::new(ty(65537, None), BoundsChecks::Explicit).is_err());
        let m64 = MemoryType { memory64: true, ..ty(1, None) };
        let m = Memory::new(m64, BoundsChecks::Guard).unwrap();
        assert_eq!(m.bounds_checks(), BoundsChecks::Explicit);
    }

    #[test]
    fn many_memories_are_released() {
        // 8 GiB reservations: thousands only fit if they are unmapped.
        for _ in 0..20_000 {
            let m = Memory::new(ty(1, None), BoundsChecks::Guard).unwrap();
            m.write(0, &[1]).unwrap();
        }
    }

    #[test]
    fn handles_share() {
        let a = Memory::new(ty(1, None), BoundsChecks::Explicit).unwrap();
        let b = a.clone();
        assert!(a.same(&b));
        b.grow(1).unwrap();
        assert_eq!(a.size_pages(), 2);
        assert_eq!(a.vm(), b.vm());
    }
}
