//! Exceptions at run time: the `throw` and `throw_ref` builtins, the
//! exception objects they allocate, and unwinding to a landing pad.
//!
//! How an exception travels is described in the compiler's
//! `translate/exceptions.rs`; this is the runtime's half:
//!
//! * The builtins' entries (`arch::throw_entry`, `arch::throw_ref_entry`)
//!   are assembly stubs that add the caller's frame pointer and return
//!   address to the arguments and jump here, so the walk starts at the
//!   throwing wasm frame.
//! * [`unwind`] walks the frame-pointer chain. A return address inside wasm
//!   code whose call is covered (the code table's handler sites) is the
//!   handler: the stack pointer becomes `fp - sp_offset` and control jumps
//!   to the landing pad with the exception in the first payload register
//!   (`arch::resume_at_handler`). The first return address outside wasm
//!   code (the entry trampoline the host called) means nothing catches it:
//!   the call ends as by a trap, [`TrapKind::UncaughtException`], with the
//!   backtrace of the throw.
//!
//! # Exception objects
//!
//! A [`VMExn`] is allocated per `throw` and lives on this thread's
//! exception heap until a collection finds it unreachable. Collections run
//! when the number of objects doubles since the last one (at least
//! [`MIN_COLLECTION`]), so a loop that throws and catches keeps its memory
//! flat. Roots: every word of this thread's stack from the collector's
//! frame up (wasm frames, spilled and callee-saved registers), the
//! callee-saved registers themselves, the `exnref` globals and tables of
//! this thread's instances, and the payloads of reachable objects. Stack
//! words are scanned conservatively (any word equal to an object's address
//! keeps it): nothing reachable is ever freed, and a stale word only delays
//! a free. GC objects' fields are roots too: the words of the GC heap
//! (`gc`) are read the same way. (Moving these objects into the GC heap,
//! with precise roots, is left for later; the GC heap in turn takes the
//! payloads of these objects as its roots.)

use std::alloc::{alloc, dealloc, Layout};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Weak;

use wasm2native_abi::meta::ValType;
use wasm2native_abi::{TrapKind, VMContext, VMExn, VMTag, EXN_PAYLOAD_OFFSET};

use crate::instance::InstanceInner;
use crate::{arch, registry, stack, trap};

/// Fewest objects alive before a collection is considered.
const MIN_COLLECTION: usize = 1024;

/// This thread's exception objects.
struct Heap {
    /// Addresses of the live objects.
    objects: HashSet<usize>,
    /// Collect when `objects` reaches this many.
    threshold: usize,
    /// Instances whose globals or tables may hold `exnref`s.
    roots: Vec<Weak<InstanceInner>>,
}

thread_local! {
    static HEAP: RefCell<Heap> =
        RefCell::new(Heap { objects: HashSet::new(), threshold: MIN_COLLECTION, roots: Vec::new() });
}

fn layout(len: u32) -> Layout {
    Layout::from_size_align(EXN_PAYLOAD_OFFSET + 16 * len as usize, 16).expect("exception layout")
}

/// Registers an instance whose globals or tables hold `exnref`s as a root
/// of this thread's exception heap.
pub(crate) fn add_root(instance: Weak<InstanceInner>) {
    HEAP.with(|h| h.borrow_mut().roots.push(instance));
}

/// Allocates an exception of `tag` with `len` payload slots copied from
/// `values`.
///
/// # Safety
/// `values` must be readable for `len` slots.
unsafe fn allocate(tag: *const VMTag, len: u32, values: *const u128) -> *mut VMExn {
    let due = HEAP.with(|h| {
        let h = h.borrow();
        h.objects.len() >= h.threshold
    });
    if due {
        collect();
    }
    let layout = layout(len);
    // SAFETY: the layout has a non-zero size (the header).
    let exn = unsafe { alloc(layout) }.cast::<VMExn>();
    if exn.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    // SAFETY: `exn` is a fresh allocation of the header plus `len` slots;
    // the caller guarantees `values`.
    unsafe {
        exn.write(VMExn { tag, len, mark: 0 });
        std::ptr::copy_nonoverlapping(values, exn.cast::<u8>().add(EXN_PAYLOAD_OFFSET).cast::<u128>(), len as usize);
    }
    HEAP.with(|h| h.borrow_mut().objects.insert(exn as usize));
    exn
}

/// The marking state of one collection.
struct Marker<'h> {
    objects: &'h HashSet<usize>,
    marked: HashSet<usize>,
    pending: Vec<usize>,
}

impl Marker<'_> {
    /// Marks `word` if it is the address of an object not yet marked.
    fn visit(&mut self, word: usize) {
        if self.objects.contains(&word) && self.marked.insert(word) {
            self.pending.push(word);
        }
    }
}

/// Frees every exception object no root reaches.
#[inline(never)]
fn collect() {
    let regs = arch::callee_saved_registers();
    HEAP.with(|h| {
        let mut heap = h.borrow_mut();
        heap.roots.retain(|r| r.strong_count() > 0);
        let instances: Vec<_> = heap.roots.iter().filter_map(Weak::upgrade).collect();
        let mut m = Marker { objects: &heap.objects, marked: HashSet::new(), pending: Vec::new() };
        regs.iter().for_each(|w| m.visit(*w));
        // The stack from this frame up to the thread's stack top.
        let here = &regs as *const _ as usize;
        if let Some((_, hi)) = stack::cached_stack_bounds() {
            let word = size_of::<usize>();
            let mut p = here & !(word - 1);
            while p + word <= hi {
                // SAFETY: `p` lies in this thread's live stack, between our
                // own frame and the stack's top.
                m.visit(unsafe { (p as *const usize).read_volatile() });
                p += word;
            }
        }
        for inst in &instances {
            for g in inst.globals.iter().filter(|g| g.ty().ty == ValType::ExnRef) {
                m.visit(g.get() as usize);
            }
            for t in inst.tables.iter().filter(|t| t.ty().element == ValType::ExnRef) {
                for i in 0..t.size() {
                    m.visit(t.get(i).unwrap_or(0));
                }
            }
        }
        // GC objects' fields may hold `exnref`s: their words, read
        // conservatively like the stack's.
        crate::gc::visit_heap_words(&mut |w| m.visit(w));
        while let Some(obj) = m.pending.pop() {
            // SAFETY: `obj` is a live object of this heap.
            let len = unsafe { (*(obj as *const VMExn)).len } as usize;
            for i in 0..len {
                // SAFETY: slot `i` of a live object with `len` slots; an
                // `exnref` payload keeps its low word.
                m.visit(unsafe { *((obj + EXN_PAYLOAD_OFFSET + 16 * i) as *const usize) });
            }
        }
        let marked = m.marked;
        drop(instances);
        let dead: Vec<usize> = heap.objects.iter().copied().filter(|o| !marked.contains(o)).collect();
        for obj in dead {
            heap.objects.remove(&obj);
            // SAFETY: unreachable from every root, so nothing uses it; it
            // was allocated by `allocate` with this length.
            unsafe {
                let len = (*(obj as *const VMExn)).len;
                dealloc(obj as *mut u8, layout(len));
            }
        }
        heap.threshold = (2 * heap.objects.len()).max(MIN_COLLECTION);
    });
}

/// Calls `visit` with every payload slot of this thread's exceptions whose
/// tag type makes it a GC reference (a root of the GC heap's collections).
pub(crate) fn visit_payload_refs(visit: &mut dyn FnMut(*mut u64)) {
    HEAP.with(|h| {
        let heap = h.borrow();
        for &obj in &heap.objects {
            // SAFETY: a live object of this heap points to its live tag.
            let type_id = unsafe { (*(*(obj as *const VMExn)).tag).type_id };
            let Some(ty) = crate::types::func_type(type_id) else { continue };
            for (i, p) in ty.params.iter().enumerate() {
                if wasm2native_abi::gc::is_traced(*p, crate::types::kind) {
                    visit((obj + EXN_PAYLOAD_OFFSET + 16 * i) as *mut u64);
                }
            }
        }
    });
}

/// `throw`, after the assembly entry added the caller's frame.
///
/// # Safety
/// Called only through `arch::throw_entry` from generated code: `vmctx`
/// is the caller's context, `values` holds the tag's payload, `fp`/`pc`
/// are the caller's frame pointer and return address.
pub(crate) unsafe extern "C" fn throw_impl(
    vmctx: *mut VMContext,
    tag: u32,
    values: *const u128,
    fp: usize,
    pc: usize,
) -> ! {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { InstanceInner::from_vmctx(vmctx) };
    let Some(tag) = inst.tag_ptr(tag) else {
        // SAFETY: abandons the frames up to the catch point, as traps do.
        unsafe { trap::raise_trap_at(TrapKind::Unreachable, pc, fp) }
    };
    // SAFETY: a live tag of this instance; the payload has its arity.
    let exn = unsafe { allocate(tag, (*tag).arity, values) };
    // SAFETY: as the caller guarantees.
    unsafe { unwind(exn, fp, pc) }
}

/// `throw_ref`, after the assembly entry added the caller's frame.
///
/// # Safety
/// As for [`throw_impl`]; `exn` is null or an object of this heap.
pub(crate) unsafe extern "C" fn throw_ref_impl(_vmctx: *mut VMContext, exn: *mut VMExn, fp: usize, pc: usize) -> ! {
    if exn.is_null() {
        // SAFETY: as for traps raised by host code.
        unsafe { trap::raise_trap_at(TrapKind::NullExceptionReference, pc, fp) }
    }
    // SAFETY: as the caller guarantees.
    unsafe { unwind(exn, fp, pc) }
}

/// Resumes at the landing pad of the innermost covered call, or ends the
/// call as an uncaught exception.
///
/// # Safety
/// `fp` and `pc` are the frame pointer and return address of a wasm frame
/// of this thread.
unsafe fn unwind(exn: *mut VMExn, fp: usize, pc: usize) -> ! {
    let (throw_fp, throw_pc) = (fp, pc);
    let word = size_of::<usize>();
    let (mut fp, mut pc) = (fp, pc);
    let bounds = stack::cached_stack_bounds();
    while let Some((start, site)) = registry::covered_call(pc) {
        if let Some(site) = site {
            let sp = fp - site.sp_offset as usize;
            let target = start + site.handler_offset as usize;
            // SAFETY: the code table says this frame's call at `pc` is
            // covered by the landing pad at `target`, which expects this
            // stack and frame pointer and the exception in the first
            // payload register; the frames below are abandoned (they are
            // wasm frames and runtime frames without destructors).
            unsafe { arch::resume_at_handler(target, sp, fp, exn as usize) }
        }
        let Some((lo, hi)) = bounds else { break };
        if fp < lo || !fp.is_multiple_of(word) || fp.saturating_add(2 * word) > hi {
            break;
        }
        // SAFETY: `fp .. fp + 2 words` lies inside this thread's stack.
        let (next, ret) = unsafe { (*(fp as *const usize), *(fp as *const usize).add(1)) };
        if next <= fp {
            break;
        }
        (fp, pc) = (next, ret);
    }
    // SAFETY: as for traps raised by host code.
    unsafe { trap::raise_trap_at(TrapKind::UncaughtException, throw_pc, throw_fp) }
}
