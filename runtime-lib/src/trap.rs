//! Traps: what they are ([`Trap`]), how embedders catch them
//! ([`catch_traps`]) and how host code raises one ([`raise_trap`]).
//!
//! A trap is recorded in a thread-local and the thread resumes at the
//! innermost active catch point (see `arch`); without one, the trap is
//! reported on stderr and the process exits with status 134.

use std::cell::Cell;
use std::ffi::c_void;
use std::fmt;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

use wasm2native_abi::TrapKind;

use crate::{arch, registry, report, signals, stack};

/// The most distinct frames a [`Trap`] records.
pub const MAX_FRAMES: usize = 32;

/// The most stack frames walked for one trap (deep recursion collapses
/// into repeated frames, which cost no slots).
const MAX_WALK: usize = 1 << 20;

/// One wasm frame of a trap's backtrace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Function index (imports included).
    pub func_index: u32,
    /// Offset of the PC (frame 0) or return address (callers) from the
    /// function's entry.
    pub offset: usize,
    /// The function's name from the `name` section, if any.
    pub name: Option<&'static str>,
    /// How many more identical frames follow this one (deep recursion).
    pub repeated: usize,
    /// The source file, line and column (`-g`).
    pub source: Option<(&'static str, u32, u32)>,
}

const NO_FRAME: Frame = Frame { func_index: 0, offset: 0, name: None, repeated: 0, source: None };

/// A wasm trap with the wasm frames active when it happened (innermost
/// first; host frames are not recorded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    /// Why it trapped.
    pub kind: TrapKind,
    /// The wasm frames, innermost first (at most [`MAX_FRAMES`] distinct
    /// ones).
    pub frames: Vec<Frame>,
}

impl Trap {
    /// A trap without backtrace.
    pub fn new(kind: TrapKind) -> Trap {
        Trap { kind, frames: Vec::new() }
    }

    /// The spec wording of the trap, e.g. `integer divide by zero`.
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }

    /// Writes the trap report (`wasm trap: ...` and the frames) to stderr.
    pub fn report(&self) {
        report::write_trap(self.kind, &self.frames);
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Trap {}

/// A trap as recorded in signal context: fixed size, no allocation.
#[derive(Clone, Copy)]
pub(crate) struct TrapRecord {
    kind: TrapKind,
    frames: [Frame; MAX_FRAMES],
    len: usize,
}

impl TrapRecord {
    pub(crate) const fn new(kind: TrapKind) -> TrapRecord {
        TrapRecord { kind, frames: [NO_FRAME; MAX_FRAMES], len: 0 }
    }

    fn frames(&self) -> &[Frame] {
        &self.frames[..self.len]
    }

    /// Records a frame, folding it into the previous one when identical.
    /// Returns false when there is no room left.
    fn push(&mut self, hit: registry::CodeHit, pc: usize) -> bool {
        let frame = Frame { func_index: hit.index, offset: pc - hit.start, name: hit.name, repeated: 0, source: hit.source };
        if let Some(last) = self.len.checked_sub(1).map(|i| &mut self.frames[i]) {
            if (last.func_index, last.offset) == (frame.func_index, frame.offset) {
                last.repeated += 1;
                return true;
            }
        }
        if self.len == MAX_FRAMES {
            return false;
        }
        self.frames[self.len] = frame;
        self.len += 1;
        true
    }

    #[cfg(test)]
    pub(crate) fn push_for_test(&mut self, hit: registry::CodeHit, pc: usize) {
        self.push(hit, pc);
    }

    #[cfg(test)]
    pub(crate) fn frames_for_test(&self) -> &[Frame] {
        self.frames()
    }

    fn to_trap(self) -> Trap {
        Trap { kind: self.kind, frames: self.frames().to_vec() }
    }
}

/// Builds the trap for a fault at `pc` with frame pointer `fp`: frame 0 is
/// the function containing `pc`, the callers come from the frame-pointer
/// chain (`[fp]` = caller's fp, `[fp + word]` = return address), up to the
/// first return address outside wasm code. Async-signal-safe.
///
/// # Safety
/// `fp` must be the frame pointer of the interrupted context of this thread.
pub(crate) unsafe fn capture(kind: TrapKind, pc: usize, fp: usize) -> TrapRecord {
    let mut trap = TrapRecord::new(kind);
    let Some(hit) = registry::lookup(pc) else { return trap };
    trap.push(hit, pc);
    let Some((lo, hi)) = stack::cached_stack_bounds() else { return trap };
    let word = std::mem::size_of::<usize>();
    let mut fp = fp;
    for _ in 0..MAX_WALK {
        if fp < lo || !fp.is_multiple_of(word) || fp.saturating_add(2 * word) > hi {
            break;
        }
        // SAFETY: `fp .. fp + 2 words` lies inside this thread's stack.
        let (next, ret) = unsafe { (*(fp as *const usize), *(fp as *const usize).add(1)) };
        let Some(hit) = registry::lookup(ret.wrapping_sub(1)) else { break };
        if !trap.push(hit, ret) || next <= fp {
            break;
        }
        fp = next;
    }
    trap
}

/// How a call into wasm code stopped without returning: what
/// [`catch_traps`] gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unwind {
    /// A wasm trap.
    Trap(Trap),
    /// The guest called `proc_exit(status)`.
    Exit(i32),
    /// A WASI guest error that ends the program under wasmtime (a bad
    /// pointer, flag or enum value, a limit passed):
    /// `wasi_snapshot_preview1::NAME: MESSAGE`.
    Wasi(String),
    /// A host function called `w2n_caller_trap` with this message.
    Host(String),
}

impl Unwind {
    /// The wasm trap, if it is one.
    pub fn trap(&self) -> Option<&Trap> {
        match self {
            Unwind::Trap(t) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
impl Unwind {
    /// The wasm trap; panics on any other ending.
    pub(crate) fn into_trap(self) -> Trap {
        match self {
            Unwind::Trap(t) => t,
            other => panic!("expected a trap, got {other:?}"),
        }
    }
}

impl fmt::Display for Unwind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unwind::Trap(t) => write!(f, "wasm trap: {t}"),
            Unwind::Exit(status) => write!(f, "the guest exited with status {status}"),
            Unwind::Wasi(line) => f.write_str(line),
            Unwind::Host(message) => write!(f, "wasm trap: {message}"),
        }
    }
}

impl std::error::Error for Unwind {}

impl From<Trap> for Unwind {
    fn from(t: Trap) -> Unwind {
        Unwind::Trap(t)
    }
}

thread_local! {
    /// Stack pointer saved by the innermost active catch point; 0 if none.
    static CATCH_SP: Cell<usize> = const { Cell::new(0) };
    /// The trap the last abandoned catch point resumed with.
    static LAST_TRAP: Cell<Option<TrapRecord>> = const { Cell::new(None) };
    /// An ending that is not a trap, for the catch point being resumed.
    static PENDING: std::cell::RefCell<Option<Unwind>> = const { std::cell::RefCell::new(None) };
}

/// Whether a catch point is active on this thread (a call from an embedder
/// rather than an executable's entry).
pub(crate) fn catching() -> bool {
    CATCH_SP.with(Cell::get) != 0
}

/// Ends a host function's call with `message`: inside an embedder's call,
/// its catch point is resumed with [`Unwind::Host`]; in an executable, the
/// process ends, `line` written on stderr, with `status`.
///
/// # Safety
/// Called only from a host function that wasm code called on this thread,
/// whose frames (and the wasm ones up to the catch point) own nothing that
/// needs dropping.
pub(crate) unsafe fn end_host_call(message: String, line: impl FnOnce(&str) -> String, status: i32) -> ! {
    if !catching() {
        crate::report::write_line(&line(&message));
        // SAFETY: `_exit` never returns; nothing is buffered.
        unsafe { libc::_exit(status) }
    }
    // SAFETY: a catch point is active and, as the caller guarantees, the
    // frames up to it can be abandoned.
    unsafe { unwind_to_catch(Unwind::Host(message)) }
}

/// The WASI shim's end hook ([`wasm2native_wasi::set_end_hook`]): inside an
/// embedder's call, `proc_exit` and WASI guest errors end the call, not the
/// process; otherwise (an executable's entry) the ending goes back to the
/// shim, which ends the process.
pub(crate) fn wasi_end_hook(end: wasm2native_wasi::End) -> wasm2native_wasi::End {
    if !catching() {
        return end;
    }
    let unwind = match end {
        wasm2native_wasi::End::Exit(status) => Unwind::Exit(status),
        wasm2native_wasi::End::Error(line) => Unwind::Wasi(line),
    };
    // SAFETY: a catch point is active; the shim holds nothing that needs
    // dropping when it calls the hook.
    unsafe { unwind_to_catch(unwind) }
}

/// Resumes the innermost catch point with `unwind`, which must not be a
/// [`Unwind::Trap`] (those carry their own record).
///
/// # Safety
/// A catch point must be active ([`catching`]); as for [`raise_trap`],
/// every frame up to it is abandoned without running destructors.
pub(crate) unsafe fn unwind_to_catch(unwind: Unwind) -> ! {
    debug_assert!(catching());
    PENDING.with(|p| *p.borrow_mut() = Some(unwind));
    // SAFETY: as the caller guarantees.
    unsafe { deliver(TrapRecord::new(TrapKind::Unreachable)) }
}

/// Delivers `trap` from a signal handler: makes `ctx` resume at the active
/// catch point, or reports the trap and exits when there is none.
/// Async-signal-safe.
///
/// # Safety
/// `ctx` must be the context passed to the running `SA_SIGINFO` handler.
pub(crate) unsafe fn deliver_from_signal(trap: TrapRecord, ctx: *mut c_void) {
    let sp = CATCH_SP.with(Cell::get);
    if sp != 0 {
        LAST_TRAP.with(|t| t.set(Some(trap)));
        // SAFETY: `sp` was saved by the active catch point on this thread.
        if unsafe { arch::redirect_to_landing(ctx, sp) } {
            return;
        }
    }
    exit_with(&trap)
}

fn exit_with(trap: &TrapRecord) -> ! {
    report::write_trap(trap.kind, trap.frames());
    // SAFETY: `_exit` is async-signal-safe and never returns.
    unsafe { libc::_exit(trap.kind.exit_status()) }
}

/// Runs `f`, catching wasm traps raised on this thread while it runs:
/// returns `Err(Unwind::Trap(trap))` when one happened (with the backtrace
/// of wasm frames), `Err` with the other [`Unwind`]s when the guest exited
/// or host code ended the call, else `f`'s result. Panics in `f` propagate. Catch points nest. Also makes
/// sure the signal handlers are installed and this thread has an alternate
/// signal stack.
///
/// # Safety
/// A trap abandons every frame between the catch point and the trapping
/// code without running destructors (like `longjmp`): `f` and whatever it
/// calls up to the wasm code must not hold values whose destructors matter
/// (calling an array-call trampoline directly, as [`crate::Func::call`]
/// does, is fine).
pub unsafe fn catch_traps<F: FnOnce() -> R, R>(f: F) -> Result<R, Unwind> {
    signals::prepare_thread();
    struct Call<F, R> {
        f: Option<F>,
        result: Option<std::thread::Result<R>>,
    }
    unsafe extern "C" fn trampoline<F: FnOnce() -> R, R>(data: *mut c_void) {
        // SAFETY: `data` is the `Call` of the `catch_traps` frame below us.
        let call = unsafe { &mut *data.cast::<Call<F, R>>() };
        if let Some(f) = call.f.take() {
            call.result = Some(catch_unwind(AssertUnwindSafe(f)));
        }
    }
    let mut call = Call { f: Some(f), result: None };
    let slot = CATCH_SP.with(|c| c.as_ptr());
    // SAFETY: reading our own thread-local slot.
    let previous = unsafe { *slot };
    let callback: unsafe extern "C" fn(*mut c_void) = trampoline::<F, R>;
    // SAFETY: `slot` is this thread's catch slot; `callback` matches `call`.
    let status = unsafe { arch::call_with_catch(slot, callback, (&mut call as *mut Call<F, R>).cast()) };
    // SAFETY: as above.
    unsafe { *slot = previous };
    if status != 0 {
        let record = LAST_TRAP.with(Cell::take).unwrap_or(TrapRecord::new(TrapKind::Unreachable));
        if let Some(unwind) = PENDING.with(|p| p.borrow_mut().take()) {
            return Err(unwind);
        }
        return Err(Unwind::Trap(record.to_trap()));
    }
    match call.result {
        Some(Ok(r)) => Ok(r),
        Some(Err(panic)) => resume_unwind(panic),
        None => unreachable!("catch callback did not run"),
    }
}

/// Raises a trap from host code called by wasm (e.g. a host function that
/// must trap): resumes at the innermost catch point, or reports and exits
/// with status 134 when there is none.
///
/// # Safety
/// As for [`catch_traps`]: every frame up to the catch point is abandoned
/// without running destructors.
pub unsafe fn raise_trap(kind: TrapKind) -> ! {
    // SAFETY: as the caller guarantees.
    unsafe { deliver(TrapRecord::new(kind)) }
}

/// [`raise_trap`] from a runtime entry called by wasm code, with the
/// backtrace from the calling wasm frame: `pc` is the return address into
/// it, `fp` its frame pointer.
///
/// # Safety
/// As for [`raise_trap`]; `fp` must be a frame pointer of this thread.
pub(crate) unsafe fn raise_trap_at(kind: TrapKind, pc: usize, fp: usize) -> ! {
    // SAFETY: as the caller guarantees.
    unsafe { deliver(capture(kind, pc, fp)) }
}

/// Resumes at the innermost catch point with `trap`, or reports it and
/// exits.
///
/// # Safety
/// As for [`raise_trap`].
unsafe fn deliver(trap: TrapRecord) -> ! {
    let sp = CATCH_SP.with(Cell::get);
    if sp != 0 {
        LAST_TRAP.with(|t| t.set(Some(trap)));
        // SAFETY: `sp` was saved by the active catch point on this thread.
        unsafe { arch::resume(sp) }
    }
    exit_with(&trap)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::registry::{register, FuncCode, Registration};
    use wasm2native_abi::meta::TrapSite;

    /// Test "wasm code": naked functions with known layouts.
    #[cfg(target_arch = "x86_64")]
    pub(crate) mod code {
        /// `ud2` at offset 4 after a frame setup (`push rbp; mov rbp, rsp`).
        #[unsafe(naked)]
        pub extern "C" fn trap_at_4() {
            core::arch::naked_asm!("push rbp", "mov rbp, rsp", "ud2", "pop rbp", "ret")
        }
        pub const TRAP_AT_4_LEN: usize = 8;

        /// Loads from the address in the first argument (offset 4).
        #[unsafe(naked)]
        pub extern "C" fn load(_addr: usize) -> u32 {
            core::arch::naked_asm!("push rbp", "mov rbp, rsp", "mov eax, [rdi]", "pop rbp", "ret")
        }
        pub const LOAD_LEN: usize = 8;

        /// Calls the function in the first argument with a frame (the return
        /// address is at offset 12).
        #[unsafe(naked)]
        pub extern "C" fn call_through(_f: usize, _arg: usize) {
            core::arch::naked_asm!("push rbp", "mov rbp, rsp", "mov rax, rdi", "mov rdi, rsi", "call rax", "pop rbp", "ret")
        }
        pub const CALL_THROUGH_LEN: usize = 14;
        pub const CALL_THROUGH_RET: usize = 12;

        /// Recurses forever with a stack-limit check against
        /// `vmctx.stack_limit` in its prologue (`ud2` when exceeded).
        #[unsafe(naked)]
        pub extern "C" fn recurse(_vmctx: *mut wasm2native_abi::VMContext) {
            core::arch::naked_asm!(
                "push rbp",
                "mov rbp, rsp",
                "cmp rsp, [rdi + {off}]",
                "jae 2f",
                "ud2",
                "2:",
                "call {me}",
                "pop rbp",
                "ret",
                off = const core::mem::offset_of!(wasm2native_abi::VMContext, stack_limit),
                me = sym recurse,
            )
        }
        pub const RECURSE_LEN: usize = 19;
        /// The trapping instruction's bytes.
        pub const TRAP_BYTES: &[u8] = &[0x0f, 0x0b];
    }

    #[cfg(target_arch = "aarch64")]
    pub(crate) mod code {
        /// `udf` at offset 8 after a frame setup (named for the x86 layout).
        #[unsafe(naked)]
        pub extern "C" fn trap_at_4() {
            core::arch::naked_asm!("stp x29, x30, [sp, #-16]!", "mov x29, sp", "udf #0", "ldp x29, x30, [sp], #16", "ret")
        }
        pub const TRAP_AT_4_LEN: usize = 20;

        /// Loads from the address in the first argument.
        #[unsafe(naked)]
        pub extern "C" fn load(_addr: usize) -> u32 {
            core::arch::naked_asm!("stp x29, x30, [sp, #-16]!", "mov x29, sp", "ldr w0, [x0]", "ldp x29, x30, [sp], #16", "ret")
        }
        pub const LOAD_LEN: usize = 20;

        /// Calls the function in the first argument with a frame.
        #[unsafe(naked)]
        pub extern "C" fn call_through(_f: usize, _arg: usize) {
            core::arch::naked_asm!(
                "stp x29, x30, [sp, #-16]!",
                "mov x29, sp",
                "mov x9, x0",
                "mov x0, x1",
                "blr x9",
                "ldp x29, x30, [sp], #16",
                "ret"
            )
        }
        pub const CALL_THROUGH_LEN: usize = 28;
        pub const CALL_THROUGH_RET: usize = 20;

        /// Recurses forever with a stack-limit check against
        /// `vmctx.stack_limit` in its prologue (`udf` when exceeded).
        #[unsafe(naked)]
        pub extern "C" fn recurse(_vmctx: *mut wasm2native_abi::VMContext) {
            core::arch::naked_asm!(
                "stp x29, x30, [sp, #-16]!",
                "mov x29, sp",
                "ldr x9, [x0, #{off}]",
                "mov x10, sp",
                "cmp x10, x9",
                "b.hs 2f",
                "udf #0",
                "2:",
                "bl {me}",
                "ldp x29, x30, [sp], #16",
                "ret",
                off = const core::mem::offset_of!(wasm2native_abi::VMContext, stack_limit),
                me = sym recurse,
            )
        }
        pub const RECURSE_LEN: usize = 44;
        /// The trapping instruction's bytes.
        pub const TRAP_BYTES: &[u8] = &[0, 0, 0, 0];
    }

    /// Offset of the first trapping instruction in `code[..len]`.
    pub(crate) fn find_trap(code: *const u8, len: usize) -> u32 {
        // SAFETY: reading our own test function's machine code.
        let bytes = unsafe { std::slice::from_raw_parts(code, len) };
        let step = if cfg!(target_arch = "aarch64") { 4 } else { 1 };
        (0..len - code::TRAP_BYTES.len())
            .step_by(step)
            .find(|&i| &bytes[i..i + code::TRAP_BYTES.len()] == code::TRAP_BYTES)
            .expect("trap instruction") as u32
    }

    /// Offset of the trapping instruction in `trap_at_4`.
    #[cfg(target_arch = "x86_64")]
    pub(crate) const TRAP_OFFSET: u32 = 4;
    #[cfg(target_arch = "aarch64")]
    pub(crate) const TRAP_OFFSET: u32 = 8;

    /// Registers the test code as wasm functions 0 (`trap_at_4`), 1 (`load`)
    /// and 2 (`call_through`).
    pub(crate) fn register_test_code() -> Registration {
        let f = |start: usize, len: usize, index: u32, name| FuncCode { start, end: start + len, index, name, defined: index };
        register(code::trap_at_4 as *const () as usize, || {
            let sites = vec![TrapSite { offset: TRAP_OFFSET, kind: TrapKind::Unreachable }];
            crate::registry::Code {
                funcs: vec![
                    f(code::trap_at_4 as *const () as usize, code::TRAP_AT_4_LEN, 0, Some("trapper")),
                    f(code::load as *const () as usize, code::LOAD_LEN, 1, None),
                    f(code::call_through as *const () as usize, code::CALL_THROUGH_LEN, 2, Some("caller")),
                ],
                table: crate::registry::tests::table(&[
                    (code::TRAP_AT_4_LEN as u32, sites),
                    (code::LOAD_LEN as u32, vec![]),
                    (code::CALL_THROUGH_LEN as u32, vec![]),
                ]),
                lines: Default::default(),
            }
        })
    }

    #[test]
    fn catches_trap_site_with_backtrace() {
        let _r = register_test_code();
        for _ in 0..3 {
            // SAFETY: the callee is test code that traps; no destructors are
            // skipped.
            let err = unsafe {
                catch_traps(|| code::call_through(code::trap_at_4 as *const () as usize, 0)).unwrap_err().into_trap()
            };
            assert_eq!(err.kind, TrapKind::Unreachable);
            assert_eq!(err.to_string(), "unreachable");
            let frames = &err.frames;
            assert_eq!(frames.len(), 2, "{err:?}");
            let frame = |func_index, offset, name| Frame { func_index, offset, name, repeated: 0, source: None };
            assert_eq!(frames[0], frame(0, TRAP_OFFSET as usize, Some("trapper")));
            assert_eq!(frames[1], frame(2, code::CALL_THROUGH_RET, Some("caller")));
        }
    }

    #[test]
    fn faults_in_wasm_code_are_out_of_bounds() {
        let _r = register_test_code();
        let mem = crate::Memory::new(
            wasm2native_abi::meta::MemoryType::new(wasm2native_abi::meta::Limits { min: 1, max: None }, false),
            wasm2native_abi::meta::BoundsChecks::Guard,
        )
        .unwrap();
        // SAFETY: the loads either succeed or fault in registered code.
        unsafe {
            assert_eq!(catch_traps(|| code::load(mem.data_ptr() as usize + 16)).unwrap(), 0);
            let err = catch_traps(|| code::load(mem.data_ptr() as usize + 65536)).unwrap_err().into_trap();
            assert_eq!(err.kind, TrapKind::MemoryOutOfBounds);
            assert_eq!(err.frames[0].func_index, 1);
            let err = catch_traps(|| code::load(0)).unwrap_err().into_trap();
            assert_eq!(err.kind, TrapKind::MemoryOutOfBounds);
        }
    }

    #[test]
    fn catch_points_nest_and_return_values() {
        let _r = register_test_code();
        // SAFETY: test code traps; nothing with a destructor is skipped.
        unsafe {
            let outer = catch_traps(|| {
                let inner = catch_traps(|| code::trap_at_4());
                assert_eq!(inner.unwrap_err().into_trap().kind, TrapKind::Unreachable);
                let ok = catch_traps(|| 41 + 1);
                assert_eq!(ok.unwrap(), 42);
                code::trap_at_4();
                7
            });
            assert_eq!(outer.unwrap_err().into_trap().kind, TrapKind::Unreachable);
            assert_eq!(catch_traps(|| 5).unwrap(), 5);
        }
    }

    #[test]
    fn raise_trap_from_host_code() {
        // SAFETY: nothing with a destructor is live in the closure.
        let err = unsafe { catch_traps(|| -> () { raise_trap(TrapKind::IntegerOverflow) }) }.unwrap_err().into_trap();
        assert_eq!(err.kind, TrapKind::IntegerOverflow);
        assert!(err.frames.is_empty());
    }

    #[test]
    fn panics_propagate() {
        // SAFETY: no trap happens.
        let r = std::panic::catch_unwind(|| unsafe { catch_traps(|| panic!("boom")) });
        assert!(r.is_err());
        // SAFETY: as above.
        assert_eq!(unsafe { catch_traps(|| 1) }.unwrap(), 1);
    }

    #[test]
    fn uncaught_trap_child() {
        if crate::testutil::is_child("trap::tests::uncaught_trap_child") {
            let _r = register_test_code();
            signals::prepare_thread();
            code::call_through(code::trap_at_4 as *const () as usize, 0);
        }
    }

    #[test]
    fn uncaught_traps_report_and_exit_134() {
        let out = crate::testutil::run_child("trap::tests::uncaught_trap_child");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(wasm2native_abi::TRAP_EXIT_STATUS), "{stderr}");
        let expected = format!(
            "wasm trap: unreachable\n  0: func[0] <trapper>+{:#x}\n  1: func[2] <caller>+{:#x}\n",
            TRAP_OFFSET,
            code::CALL_THROUGH_RET
        );
        assert!(stderr.ends_with(&expected), "{stderr}");
    }

    #[test]
    fn real_crash_child() {
        if crate::testutil::is_child("trap::tests::real_crash_child") {
            let _r = register_test_code();
            signals::prepare_thread();
            // SAFETY: deliberately crashes (outside wasm code).
            unsafe { std::ptr::read_volatile(std::ptr::null::<u32>().wrapping_add(2)) };
        }
    }

    #[test]
    fn real_crashes_are_not_traps() {
        use std::os::unix::process::ExitStatusExt;
        let out = crate::testutil::run_child("trap::tests::real_crash_child");
        assert_eq!(out.status.signal(), Some(libc::SIGSEGV), "{:?}", out);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("wasm trap"));
    }

    #[test]
    fn traps_on_other_threads() {
        let _r = register_test_code();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..100 {
                        // SAFETY: test code traps; nothing is skipped.
                        let e = unsafe { catch_traps(|| code::trap_at_4()) }.unwrap_err().into_trap();
                        assert_eq!(e.kind, TrapKind::Unreachable);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }
}
