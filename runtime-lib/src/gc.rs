//! The GC heap: where structs and arrays live, and the collector that
//! frees the unreachable ones.
//!
//! # Algorithm: copying (Cheney), over chunks
//!
//! Objects are bump-allocated (inline in generated code, see the
//! compiler's `translate/objects.rs`) in chunks of zeroed memory. A
//! collection copies every object reachable from the roots into one fresh
//! chunk, breadth first (Cheney's scan: the copy itself is the work
//! queue), leaving a forwarding address in each old header (bit 0 set),
//! and frees the old chunks. Why copying:
//!
//! * allocation is a pointer bump, the cheapest fast path there is, and
//!   memory comes back zeroed, so `struct.new_default`/`array.new_default`
//!   write only the header;
//! * the cost of a collection is proportional to the live objects, not
//!   the heap: the allocation-heavy programs GC languages produce (most
//!   objects die young) pay little;
//! * no free lists and no fragmentation; the price is that every root must
//!   be found exactly and updated, which the stack maps allow (Cranelift
//!   reloads spilled references after each call).
//!
//! The chunk a collection copies into is as large as everything allocated
//! before it (an upper bound of what survives); its untouched pages cost
//! no memory. A collection is due when the bytes allocated since the last
//! one reach twice what survived it (at least [`MIN_THRESHOLD`]), so the
//! heap stays within a small multiple of the live data; allocation from
//! the runtime itself (constant expressions at instantiation), where no
//! stack map describes the caller, adds a chunk instead of collecting.
//!
//! # Roots
//!
//! * the wasm frames of this thread, from the allocating call up to the
//!   first frame outside wasm code: each frame's stack map (code table)
//!   lists the slots holding references at its call;
//! * the globals, tables and element segments of the instances that can
//!   hold references (registered with [`add_root`]);
//! * the payloads of the live exceptions (`exceptions::visit_payload_refs`).
//!
//! Limits: one heap per thread; wasm frames above a host frame that called
//! back into wasm (a component adapter) are not walked, so a module whose
//! objects must survive such a call is not supported yet.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::cell::RefCell;
use std::rc::Weak;

use wasm2native_abi::gc::{self, VMGcHeap, VMGcType};
use wasm2native_abi::meta::{ElemItems, ValType};
use wasm2native_abi::{TrapKind, VMContext};

use crate::instance::InstanceInner;
use crate::{registry, stack, trap};

/// Collect no earlier than after this many bytes.
const MIN_THRESHOLD: usize = 4 << 20;
/// The smallest chunk.
const MIN_CHUNK: usize = 1 << 20;
/// The heap's maximum when the executable sets none.
pub(crate) const DEFAULT_MAX: usize = 4 << 30;

/// One block of zeroed memory objects are allocated in.
struct Chunk {
    start: *mut u8,
    size: usize,
}

impl Chunk {
    fn new(size: usize) -> Option<Chunk> {
        let size = size.max(MIN_CHUNK).next_multiple_of(4096);
        let layout = Layout::from_size_align(size, 4096).ok()?;
        // SAFETY: a non-zero size.
        let start = unsafe { alloc_zeroed(layout) };
        (!start.is_null()).then_some(Chunk { start, size })
    }

    fn contains(&self, p: usize) -> bool {
        (self.start as usize..self.start as usize + self.size).contains(&p)
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        // SAFETY: allocated in `Chunk::new` with this layout.
        unsafe { dealloc(self.start, Layout::from_size_align_unchecked(self.size, 4096)) }
    }
}

struct Heap {
    /// What generated code bumps (boxed: its address is in every vmctx).
    vm: Box<VMGcHeap>,
    /// The chunks in allocation order; the last is the current one.
    chunks: Vec<Chunk>,
    /// Bytes allocated in the chunks before the current one, and in the
    /// current one before `vm.top`.
    used_before_current: usize,
    /// Collect when the bytes allocated pass this.
    threshold: usize,
    /// The most bytes the live objects may take.
    max: usize,
    /// Instances whose globals, tables or segments may hold references.
    roots: Vec<Weak<InstanceInner>>,
}

thread_local! {
    static HEAP: RefCell<Heap> = RefCell::new(Heap {
        vm: Box::new(VMGcHeap { top: std::ptr::null_mut(), limit: std::ptr::null_mut() }),
        chunks: Vec::new(),
        used_before_current: 0,
        threshold: MIN_THRESHOLD,
        max: DEFAULT_MAX,
        roots: Vec::new(),
    });
}

/// This thread's heap, for `VMContext::gc_heap`; `max` (bytes, from the
/// executable's `--gc-heap-max`) bounds the live objects.
pub(crate) fn heap_for_vmctx(max: usize) -> *mut VMGcHeap {
    HEAP.with(|h| {
        let mut h = h.borrow_mut();
        h.max = max;
        &mut *h.vm as *mut VMGcHeap
    })
}

/// Registers an instance whose globals, tables or element segments may
/// hold GC references as a root.
pub(crate) fn add_root(instance: Weak<InstanceInner>) {
    HEAP.with(|h| h.borrow_mut().roots.push(instance));
}

/// Why an allocation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AllocError {
    /// Larger than the heap may ever be.
    TooLarge,
    /// The live objects fill the heap's maximum.
    Exhausted,
}

impl AllocError {
    fn trap(self) -> TrapKind {
        match self {
            AllocError::TooLarge => TrapKind::AllocationTooLarge,
            AllocError::Exhausted => TrapKind::GcHeapExhausted,
        }
    }
}

/// The innermost wasm frame of a collection's stack walk: its frame
/// pointer and the return address of its call.
#[derive(Clone, Copy)]
struct WasmFrame {
    fp: usize,
    ret: usize,
}

impl Heap {
    fn used(&self) -> usize {
        let current = self.chunks.last().map_or(0, |c| self.vm.top as usize - c.start as usize);
        self.used_before_current + current
    }

    /// Makes a chunk of at least `size` bytes the current one.
    fn push_chunk(&mut self, size: usize) -> Result<(), AllocError> {
        let used = self.used();
        let grow = self.chunks.last().map_or(MIN_CHUNK, |c| (2 * c.size).min(64 << 20));
        let chunk = Chunk::new(size.max(grow)).ok_or(AllocError::Exhausted)?;
        self.used_before_current = used;
        self.vm.top = chunk.start;
        // SAFETY: one past the chunk's end.
        self.vm.limit = unsafe { chunk.start.add(chunk.size) };
        self.chunks.push(chunk);
        Ok(())
    }

    /// `size` zeroed bytes; collects first when due and `frame` lets it.
    fn allocate(&mut self, size: usize, frame: Option<WasmFrame>) -> Result<*mut u8, AllocError> {
        if size > self.max {
            return Err(AllocError::TooLarge);
        }
        let used = self.used();
        if let Some(frame) = frame {
            if used + size > self.threshold || used + size > self.max {
                // SAFETY: `frame` is the allocating wasm frame of this thread.
                unsafe { self.collect(frame)? };
            }
        }
        if self.used() + size > self.max {
            return Err(AllocError::Exhausted);
        }
        let room = self.vm.limit as usize - self.vm.top as usize;
        if self.chunks.is_empty() || room < size {
            self.push_chunk(size)?;
        }
        let p = self.vm.top;
        // SAFETY: `size` bytes fit before `limit`.
        self.vm.top = unsafe { p.add(size) };
        Ok(p)
    }

    /// Copies what the roots reach into one new chunk and frees the rest.
    ///
    /// # Safety
    /// `frame` must be the innermost wasm frame of this thread, stopped at
    /// a call with a stack map.
    unsafe fn collect(&mut self, frame: WasmFrame) -> Result<(), AllocError> {
        let to = Chunk::new(self.used()).ok_or(AllocError::Exhausted)?;
        let mut copier = Copier { from: &self.chunks, to_start: to.start as usize, top: to.start as usize };
        // SAFETY: the caller's frame is a wasm frame stopped at a call.
        unsafe { walk_stack(frame, &mut |slot| copier.forward(slot)) };
        self.roots.retain(|r| r.strong_count() > 0);
        for inst in self.roots.iter().filter_map(Weak::upgrade) {
            visit_instance(&inst, &mut |slot| copier.forward(slot));
        }
        crate::exceptions::visit_payload_refs(&mut |slot| copier.forward(slot));
        copier.scan();
        let (top, live) = (copier.top, copier.top - copier.to_start);
        self.chunks.clear();
        self.vm.top = top as *mut u8;
        self.vm.limit = (to.start as usize + to.size) as *mut u8;
        self.used_before_current = 0;
        self.chunks.push(to);
        self.threshold = (2 * live).max(MIN_THRESHOLD);
        Ok(())
    }
}

/// One collection's copying state.
struct Copier<'h> {
    from: &'h [Chunk],
    to_start: usize,
    top: usize,
}

impl Copier<'_> {
    /// Points the reference at `slot` to its object's copy.
    fn forward(&mut self, slot: *mut u64) {
        // SAFETY: roots and traced fields are valid, aligned words.
        let word = unsafe { *slot };
        if !gc::is_object(word) || !self.from.iter().any(|c| c.contains(word as usize)) {
            return;
        }
        // SAFETY: a word into the from-chunks is an object's address.
        unsafe { *slot = self.copy(word as usize) as u64 };
    }

    /// The new address of the object at `obj`, copying it the first time.
    ///
    /// # Safety
    /// `obj` must be an object in the from-chunks.
    unsafe fn copy(&mut self, obj: usize) -> usize {
        // SAFETY: every object starts with its header word.
        let header = unsafe { *(obj as *const usize) };
        if header & 1 != 0 {
            return header & !1;
        }
        // SAFETY: an unforwarded header points to the object's type.
        let size = unsafe { object_size(obj, &*(header as *const VMGcType)) };
        let new = self.top;
        // SAFETY: the to-chunk holds everything allocated, so the copy
        // fits; the two never overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(obj as *const u8, new as *mut u8, size);
            *(obj as *mut usize) = new | 1;
        }
        self.top += size;
        new
    }

    /// Traces the copies until no new ones appear.
    fn scan(&mut self) {
        let mut p = self.to_start;
        while p < self.top {
            // SAFETY: `p` is the start of a copied object, whose header is
            // its type (copies are never forwarded).
            let ty = unsafe { &*(*(p as *const usize) as *const VMGcType) };
            // SAFETY: as above.
            let size = unsafe { object_size(p, ty) };
            // SAFETY: `refs` has `num_refs` entries.
            let refs = unsafe { std::slice::from_raw_parts(ty.refs, ty.num_refs as usize) };
            if ty.kind == gc::KIND_STRUCT {
                for &at in refs {
                    self.forward((p + at as usize) as *mut u64);
                }
            } else if !refs.is_empty() {
                // SAFETY: an array's length follows its header.
                let len = unsafe { *((p + gc::ARRAY_LEN_OFFSET as usize) as *const u32) } as usize;
                for i in 0..len {
                    self.forward((p + gc::ARRAY_ELEMS_OFFSET as usize + 8 * i) as *mut u64);
                }
            }
            p += size;
        }
    }
}

/// The size of the object at `obj`, of type `ty`.
///
/// # Safety
/// `obj` must be a live (or copied) object of type `ty`.
unsafe fn object_size(obj: usize, ty: &VMGcType) -> usize {
    if ty.kind == gc::KIND_STRUCT {
        return ty.size as usize;
    }
    // SAFETY: an array's length follows its header.
    let len = unsafe { *((obj + gc::ARRAY_LEN_OFFSET as usize) as *const u32) };
    gc::array_size(ty.size, len).unwrap_or(0) as usize
}

/// Calls `visit` with every stack slot holding a reference in the wasm
/// frames from `frame` up to the first frame outside wasm code.
///
/// # Safety
/// `frame` must be a wasm frame of this thread stopped at a call.
unsafe fn walk_stack(frame: WasmFrame, visit: &mut dyn FnMut(*mut u64)) {
    let Some((lo, hi)) = stack::cached_stack_bounds() else { return };
    let word = std::mem::size_of::<usize>();
    let WasmFrame { mut fp, mut ret } = frame;
    loop {
        // The stack map locates slots from the stack pointer at the call,
        // a fixed distance below the frame pointer (Cranelift reserves
        // outgoing arguments in the frame).
        let walked = registry::stack_map(ret, |frame_size, at| {
            visit((fp - frame_size as usize + at as usize) as *mut u64)
        });
        if !walked {
            break;
        }
        if fp < lo || !fp.is_multiple_of(word) || fp.saturating_add(2 * word) > hi {
            break;
        }
        // SAFETY: `fp .. fp + 2 words` lies inside this thread's stack: the
        // saved frame pointer and return address of the frame's caller.
        let (next_fp, next_ret) = unsafe { (*(fp as *const usize), *(fp as *const usize).add(1)) };
        if next_fp <= fp {
            break;
        }
        (fp, ret) = (next_fp, next_ret);
    }
}

/// Calls `visit` with every slot of `inst`'s globals, tables and element
/// segments that may hold a reference.
fn visit_instance(inst: &InstanceInner, visit: &mut dyn FnMut(*mut u64)) {
    let traced = |v: ValType| gc::is_traced(v, crate::types::kind);
    for g in inst.globals.iter().filter(|g| traced(g.ty().ty)) {
        // A reference lies in the first word of the global's storage.
        visit(g.vm().cast::<u64>());
    }
    for t in inst.tables.iter().filter(|t| traced(t.ty().element)) {
        // SAFETY: nothing else touches the table during a collection.
        unsafe { t.with_elements(|e| e.iter_mut().for_each(|w| visit(w as *mut usize as *mut u64))) };
    }
    for (segment, items) in inst.meta.elems.iter().zip(inst.elems.iter()) {
        if matches!(segment.items, ElemItems::Exprs(_)) && traced(crate::types::canonical(segment.element, inst.type_ids())) {
            if let Ok(mut items) = items.try_borrow_mut() {
                items.iter_mut().for_each(|w| visit(w as *mut usize as *mut u64));
            }
        }
    }
}

/// `gc_alloc`, after the assembly entry added the caller's frame.
///
/// # Safety
/// Called only through `arch::gc_alloc_entry` from generated code: `fp`
/// and `ret` are the calling wasm frame's.
pub(crate) unsafe extern "C" fn gc_alloc_impl(_vmctx: *mut VMContext, size: u64, fp: usize, ret: usize) -> *mut u8 {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let frame = WasmFrame { fp, ret };
    match HEAP.with(|h| h.borrow_mut().allocate(size, Some(frame))) {
        Ok(p) => p,
        // SAFETY: abandons the frames up to the catch point, as traps do.
        Err(e) => unsafe { trap::raise_trap_at(e.trap(), ret, fp) },
    }
}

/// A new object from the runtime (constant expressions): `size` zeroed
/// bytes with `ty` in the header. Never collects.
pub(crate) fn allocate_object(ty: &'static VMGcType, size: usize) -> Result<*mut u8, TrapKind> {
    let p = HEAP.with(|h| h.borrow_mut().allocate(size, None)).map_err(AllocError::trap)?;
    // SAFETY: a fresh allocation of at least a header.
    unsafe { *(p as *mut *const VMGcType) = ty };
    Ok(p)
}

/// Calls `visit` with every word of this thread's GC heap (the exception
/// collector's conservative scan of object fields).
pub(crate) fn visit_heap_words(visit: &mut dyn FnMut(usize)) {
    HEAP.with(|h| {
        let h = h.borrow();
        let n = h.chunks.len();
        for (i, c) in h.chunks.iter().enumerate() {
            let end = if i + 1 == n { h.vm.top as usize } else { c.start as usize + c.size };
            let mut p = c.start as usize;
            while p + 8 <= end {
                // SAFETY: inside an allocated chunk.
                visit(unsafe { *(p as *const usize) });
                p += 8;
            }
        }
    });
}
