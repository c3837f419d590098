//! Architecture-specific code: the catch point (a naked function that saves
//! the callee-saved registers on its own frame, records its stack pointer,
//! and calls a callback), the landing pad a trap resumes at, access to
//! the registers of a signal context, and the exception entries (the
//! `throw` builtins' stubs, the jump to a landing pad).
//!
//! Protocol: [`call_with_catch`] pushes the callee-saved registers, stores
//! the resulting stack pointer in `*sp_slot`, calls `callback(data)` and
//! returns 0. To abandon the callback, set the stack pointer to that saved
//! value and jump to [`landing`] (from a signal handler: rewrite the
//! context; from ordinary code: [`resume`]); it pops the registers and
//! returns 1 from `call_with_catch`.

use core::ffi::c_void;

use wasm2native_abi::{VMContext, VMExn};

/// Registers of an interrupted context.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Regs {
    /// Program counter.
    pub pc: usize,
    /// Frame pointer (`rbp` / `x29`).
    pub fp: usize,
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::*;

    /// Calls `callback(data)` with a catch point; see the module docs.
    ///
    /// # Safety
    /// `sp_slot` must be writable; `callback` must be safe to call with
    /// `data`.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn call_with_catch(
        sp_slot: *mut usize,
        callback: unsafe extern "C" fn(*mut c_void),
        data: *mut c_void,
    ) -> u32 {
        core::arch::naked_asm!(
            "push rbp",
            "mov rbp, rsp",
            "push rbx",
            "push r12",
            "push r13",
            "push r14",
            "push r15",
            // Realign to 16 bytes for the call.
            "sub rsp, 8",
            "mov [rdi], rsp",
            "mov rdi, rdx",
            "call rsi",
            "xor eax, eax",
            "jmp {epilogue}",
            epilogue = sym epilogue,
        )
    }

    /// The landing pad: entered with the stack pointer saved by
    /// [`call_with_catch`]; returns 1 from it.
    ///
    /// # Safety
    /// Only to be entered as described in the module docs.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn landing() {
        core::arch::naked_asm!("mov eax, 1", "jmp {epilogue}", epilogue = sym epilogue)
    }

    /// The end of [`call_with_catch`], shared with [`landing`]: restores the
    /// saved registers and returns `eax` to its caller.
    ///
    /// # Safety
    /// Only to be jumped to with the stack pointer saved by
    /// [`call_with_catch`].
    #[unsafe(naked)]
    unsafe extern "C" fn epilogue() {
        core::arch::naked_asm!(
            "add rsp, 8",
            "pop r15",
            "pop r14",
            "pop r13",
            "pop r12",
            "pop rbx",
            "pop rbp",
            "ret",
        )
    }

    /// Abandons the current computation and resumes at the catch point
    /// whose saved stack pointer is `sp`.
    ///
    /// # Safety
    /// `sp` must be the value saved by an active [`call_with_catch`] further
    /// up this thread's stack; the frames in between are discarded without
    /// running destructors.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn resume(sp: usize) -> ! {
        core::arch::naked_asm!("mov rsp, rdi", "jmp {landing}", landing = sym landing)
    }

    /// The `throw` builtin's entry: passes the calling wasm frame's frame
    /// pointer and return address on to
    /// [`throw_impl`](crate::exceptions::throw_impl) as its 4th and 5th
    /// arguments (a tail jump: the builtin's frame is the caller's call).
    /// Cranelift's `tail` convention, which generated code calls it with,
    /// passes the first arguments in the C convention's registers here.
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::throw`, with the
    /// `tail` convention.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn throw_entry(_vmctx: *mut VMContext, _tag: u32, _values: *const u128) {
        core::arch::naked_asm!("mov rcx, rbp", "mov r8, [rsp]", "jmp {imp}", imp = sym crate::exceptions::throw_impl)
    }

    /// The `gc_alloc` builtin's entry (C convention): adds the calling wasm
    /// frame's frame pointer and return address as the 3rd and 4th
    /// arguments and jumps to
    /// [`gc_alloc_impl`](crate::gc::gc_alloc_impl), whose collection walks
    /// the stack from there.
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::gc_alloc`.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn gc_alloc_entry(_vmctx: *mut VMContext, _size: u64) -> *mut u8 {
        core::arch::naked_asm!(
            "mov rdx, rbp",
            "mov rcx, [rsp]",
            "jmp {imp}",
            imp = sym crate::gc::gc_alloc_impl
        )
    }

    /// The `throw_ref` builtin's entry, like [`throw_entry`].
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::throw_ref`.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn throw_ref_entry(_vmctx: *mut VMContext, _exn: *mut VMExn) {
        core::arch::naked_asm!(
            "mov rdx, rbp",
            "mov rcx, [rsp]",
            "jmp {imp}",
            imp = sym crate::exceptions::throw_ref_impl
        )
    }

    /// Continues at a landing pad: stack pointer `sp`, frame pointer `fp`,
    /// `payload` in the first exception payload register (`rax`).
    ///
    /// # Safety
    /// `pc`, `sp` and `fp` must be a landing pad and the frame of the
    /// covered call it belongs to, further up this thread's stack.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn resume_at_handler(_pc: usize, _sp: usize, _fp: usize, _payload: usize) -> ! {
        core::arch::naked_asm!("mov rsp, rsi", "mov rbp, rdx", "mov rax, rcx", "jmp rdi")
    }

    /// The callee-saved registers' current values (roots for the exception
    /// collector).
    #[inline(always)]
    pub(crate) fn callee_saved_registers() -> [usize; 6] {
        let (a, b, c, d, e, f): (usize, usize, usize, usize, usize, usize);
        // SAFETY: only reads registers into outputs.
        unsafe {
            core::arch::asm!(
                "mov {a}, rbx", "mov {b}, rbp", "mov {c}, r12", "mov {d}, r13", "mov {e}, r14", "mov {f}, r15",
                a = out(reg) a, b = out(reg) b, c = out(reg) c, d = out(reg) d, e = out(reg) e, f = out(reg) f,
                options(nomem, nostack, preserves_flags),
            )
        };
        [a, b, c, d, e, f]
    }

    /// Reads the registers of a signal context.
    ///
    /// # Safety
    /// `ctx` must be the `ucontext_t` passed to an `SA_SIGINFO` handler.
    #[cfg(target_os = "linux")]
    pub(crate) unsafe fn context_regs(ctx: *mut c_void) -> Option<Regs> {
        // SAFETY: the caller passes the kernel-provided context.
        let gregs = unsafe { &(*ctx.cast::<libc::ucontext_t>()).uc_mcontext.gregs };
        Some(Regs { pc: gregs[libc::REG_RIP as usize] as usize, fp: gregs[libc::REG_RBP as usize] as usize })
    }

    /// Makes the signal context resume at [`landing`] with stack pointer
    /// `sp`.
    ///
    /// # Safety
    /// As for [`context_regs`]; `sp` as for [`resume`].
    #[cfg(target_os = "linux")]
    pub(crate) unsafe fn redirect_to_landing(ctx: *mut c_void, sp: usize) -> bool {
        // SAFETY: the caller passes the kernel-provided context.
        let gregs = unsafe { &mut (*ctx.cast::<libc::ucontext_t>()).uc_mcontext.gregs };
        gregs[libc::REG_RIP as usize] = landing as *const () as usize as i64;
        gregs[libc::REG_RSP as usize] = sp as i64;
        true
    }
}

#[cfg(target_arch = "aarch64")]
mod imp {
    use super::*;

    /// Calls `callback(data)` with a catch point; see the module docs.
    ///
    /// # Safety
    /// `sp_slot` must be writable; `callback` must be safe to call with
    /// `data`.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn call_with_catch(
        sp_slot: *mut usize,
        callback: unsafe extern "C" fn(*mut c_void),
        data: *mut c_void,
    ) -> u32 {
        core::arch::naked_asm!(
            "stp x29, x30, [sp, #-160]!",
            "mov x29, sp",
            "stp x19, x20, [sp, #16]",
            "stp x21, x22, [sp, #32]",
            "stp x23, x24, [sp, #48]",
            "stp x25, x26, [sp, #64]",
            "stp x27, x28, [sp, #80]",
            "stp d8, d9, [sp, #96]",
            "stp d10, d11, [sp, #112]",
            "stp d12, d13, [sp, #128]",
            "stp d14, d15, [sp, #144]",
            "mov x9, sp",
            "str x9, [x0]",
            "mov x0, x2",
            "blr x1",
            "mov w0, #0",
            "b {epilogue}",
            epilogue = sym epilogue,
        )
    }

    /// The landing pad: entered with the stack pointer saved by
    /// [`call_with_catch`]; returns 1 from it.
    ///
    /// # Safety
    /// Only to be entered as described in the module docs.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn landing() {
        core::arch::naked_asm!("mov w0, #1", "b {epilogue}", epilogue = sym epilogue)
    }

    /// The end of [`call_with_catch`], shared with [`landing`]: restores the
    /// saved registers and returns `w0` to its caller.
    ///
    /// # Safety
    /// Only to be branched to with the stack pointer saved by
    /// [`call_with_catch`].
    #[unsafe(naked)]
    unsafe extern "C" fn epilogue() {
        core::arch::naked_asm!(
            "ldp d14, d15, [sp, #144]",
            "ldp d12, d13, [sp, #128]",
            "ldp d10, d11, [sp, #112]",
            "ldp d8, d9, [sp, #96]",
            "ldp x27, x28, [sp, #80]",
            "ldp x25, x26, [sp, #64]",
            "ldp x23, x24, [sp, #48]",
            "ldp x21, x22, [sp, #32]",
            "ldp x19, x20, [sp, #16]",
            "ldp x29, x30, [sp], #160",
            "ret",
        )
    }

    /// Abandons the current computation and resumes at the catch point
    /// whose saved stack pointer is `sp`.
    ///
    /// # Safety
    /// `sp` must be the value saved by an active [`call_with_catch`] further
    /// up this thread's stack; the frames in between are discarded without
    /// running destructors.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn resume(sp: usize) -> ! {
        core::arch::naked_asm!("mov sp, x0", "b {landing}", landing = sym landing)
    }

    /// The `throw` builtin's entry: moves the arguments from where
    /// Cranelift's `tail` convention passes them (from `x2` up: it reserves
    /// `x0` and `x1`) to the C convention's registers, adds the calling wasm
    /// frame's frame pointer and return address as the 4th and 5th, and
    /// branches to [`throw_impl`](crate::exceptions::throw_impl).
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::throw`, with the
    /// `tail` convention.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn throw_entry(_vmctx: *mut VMContext, _tag: u32, _values: *const u128) {
        core::arch::naked_asm!(
            "mov x0, x2",
            "mov x1, x3",
            "mov x2, x4",
            "mov x3, x29",
            "mov x4, x30",
            "b {imp}",
            imp = sym crate::exceptions::throw_impl
        )
    }

    /// The `gc_alloc` builtin's entry (C convention), as on x86-64.
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::gc_alloc`.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn gc_alloc_entry(_vmctx: *mut VMContext, _size: u64) -> *mut u8 {
        core::arch::naked_asm!(
            "mov x2, x29",
            "mov x3, x30",
            "b {imp}",
            imp = sym crate::gc::gc_alloc_impl
        )
    }

    /// The `throw_ref` builtin's entry, like [`throw_entry`].
    ///
    /// # Safety
    /// Only called by generated code, as `VMBuiltins::throw_ref`, with the
    /// `tail` convention.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn throw_ref_entry(_vmctx: *mut VMContext, _exn: *mut VMExn) {
        core::arch::naked_asm!(
            "mov x0, x2",
            "mov x1, x3",
            "mov x2, x29",
            "mov x3, x30",
            "b {imp}",
            imp = sym crate::exceptions::throw_ref_impl
        )
    }

    /// Continues at a landing pad: stack pointer `sp`, frame pointer `fp`,
    /// `payload` in the first exception payload register (`x0`).
    ///
    /// # Safety
    /// `pc`, `sp` and `fp` must be a landing pad and the frame of the
    /// covered call it belongs to, further up this thread's stack.
    #[unsafe(naked)]
    pub(crate) unsafe extern "C" fn resume_at_handler(_pc: usize, _sp: usize, _fp: usize, _payload: usize) -> ! {
        core::arch::naked_asm!("mov x16, x0", "mov sp, x1", "mov x29, x2", "mov x0, x3", "br x16")
    }

    /// The callee-saved registers' current values (roots for the exception
    /// collector).
    #[inline(always)]
    pub(crate) fn callee_saved_registers() -> [usize; 11] {
        let mut r = [0usize; 11];
        // SAFETY: stores registers into our own array.
        unsafe {
            core::arch::asm!(
                "stp x19, x20, [{p}]", "stp x21, x22, [{p}, #16]", "stp x23, x24, [{p}, #32]",
                "stp x25, x26, [{p}, #48]", "stp x27, x28, [{p}, #64]", "str x29, [{p}, #80]",
                p = in(reg) r.as_mut_ptr(),
                options(nostack, preserves_flags),
            )
        };
        r
    }

    /// Reads the registers of a signal context.
    ///
    /// # Safety
    /// `ctx` must be the `ucontext_t` passed to an `SA_SIGINFO` handler.
    #[cfg(target_os = "linux")]
    pub(crate) unsafe fn context_regs(ctx: *mut c_void) -> Option<Regs> {
        // SAFETY: the caller passes the kernel-provided context.
        let mc = unsafe { &(*ctx.cast::<libc::ucontext_t>()).uc_mcontext };
        Some(Regs { pc: mc.pc as usize, fp: mc.regs[29] as usize })
    }

    /// Makes the signal context resume at [`landing`] with stack pointer
    /// `sp`.
    ///
    /// # Safety
    /// As for [`context_regs`]; `sp` as for [`resume`].
    #[cfg(target_os = "linux")]
    pub(crate) unsafe fn redirect_to_landing(ctx: *mut c_void, sp: usize) -> bool {
        // SAFETY: the caller passes the kernel-provided context.
        let mc = unsafe { &mut (*ctx.cast::<libc::ucontext_t>()).uc_mcontext };
        mc.pc = landing as *const () as usize as _;
        mc.sp = sp as _;
        true
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod imp {
    use super::*;

    /// Calls `callback(data)`; traps cannot be caught on this architecture.
    ///
    /// # Safety
    /// `callback` must be safe to call with `data`.
    pub(crate) unsafe extern "C" fn call_with_catch(
        _sp_slot: *mut usize,
        callback: unsafe extern "C" fn(*mut c_void),
        data: *mut c_void,
    ) -> u32 {
        // SAFETY: forwarded from the caller.
        unsafe { callback(data) };
        0
    }

    /// Unsupported here: aborts.
    ///
    /// # Safety
    /// None needed; it never returns.
    pub(crate) unsafe extern "C" fn resume(_sp: usize) -> ! {
        std::process::abort()
    }
}

#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
mod ctx {
    use super::*;

    /// Signal contexts cannot be read on this platform.
    ///
    /// # Safety
    /// Always safe; `unsafe` for signature parity.
    pub(crate) unsafe fn context_regs(_ctx: *mut c_void) -> Option<Regs> {
        None
    }

    /// Signal contexts cannot be rewritten on this platform.
    ///
    /// # Safety
    /// Always safe; `unsafe` for signature parity.
    pub(crate) unsafe fn redirect_to_landing(_ctx: *mut c_void, _sp: usize) -> bool {
        false
    }
}

#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
pub(crate) use ctx::{context_regs, redirect_to_landing};
pub(crate) use imp::*;
