//! `w2n_error`: why a call into a library or an instantiation failed.
//!
//! Every failing function of the C API returns a new error the host owns
//! (and frees with [`w2n_error_free`]); success is a null error. An error
//! has a kind ([`ErrorKind`]), a message and, for traps, the wasm
//! backtrace. The message is what an executable of the same module prints
//! on stderr for the same failure, without the final newline: a trap's
//! report (`wasm trap: ...` and its frames), or, for the other kinds, the
//! text an executable prints after `error: `.

use std::ffi::{c_char, CString};

use crate::trap::{Trap, Unwind};
use crate::{report, CallError};

/// What kind of failure an error is (`w2n_error_kind`; the C header
/// spells them `W2N_ERROR_*`).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A wasm trap (`w2n_error_trap_code` says which).
    Trap = 1,
    /// The guest called `proc_exit` (`w2n_error_exit_status`).
    Exit = 2,
    /// A WASI call met a guest error an executable ends for (a bad pointer,
    /// flag or enum value).
    Wasi = 3,
    /// A host function trapped with `w2n_caller_trap`.
    Host = 4,
    /// The instance could not be created (a directory grant that cannot
    /// be opened, memory that cannot be reserved, WASI imports without a
    /// configuration, a CPU without the features the code uses).
    Instantiation = 5,
    /// The API was misused (a null instance).
    Usage = 6,
}

/// An error (`w2n_error` in C).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: CString,
    backtrace: CString,
    trap_code: i32,
    exit_status: Option<i32>,
}

fn c_string(s: String) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: c_string(message.into()), backtrace: CString::default(), trap_code: 0, exit_status: None }
    }

    /// The error for a wasm trap.
    pub fn trap(trap: &Trap) -> Error {
        let mut report_text = String::new();
        let _ = report::format_trap(trap.kind, &trap.frames, &mut report_text);
        // The report is the `wasm trap:` line, then the frame lines.
        let backtrace = report_text.split_once('\n').map_or("", |(_, frames)| frames).trim_end().to_string();
        Error {
            kind: ErrorKind::Trap,
            message: c_string(report_text.trim_end().to_string()),
            backtrace: c_string(backtrace),
            trap_code: trap.kind as i32,
            exit_status: None,
        }
    }

    /// The error for a call that ended without returning.
    pub fn unwind(u: Unwind) -> Error {
        match u {
            Unwind::Trap(t) => Error::trap(&t),
            Unwind::Exit(status) => Error {
                exit_status: Some(status),
                ..Error::new(ErrorKind::Exit, Unwind::Exit(status).to_string())
            },
            Unwind::Wasi(line) => Error::new(ErrorKind::Wasi, line),
            host @ Unwind::Host(_) => Error::new(ErrorKind::Host, host.to_string()),
        }
    }

    /// The error for a failed call.
    pub fn call(e: CallError) -> Error {
        match e {
            CallError::Unwind(u) => Error::unwind(u),
            other => Error::new(ErrorKind::Usage, other.to_string()),
        }
    }

    /// Hands the error to C.
    pub fn into_raw(self) -> *mut Error {
        Box::into_raw(Box::new(self))
    }

    /// Its kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Its message.
    pub fn message(&self) -> &str {
        self.message.to_str().unwrap_or("")
    }
}

/// Calls `f` on the error `err` points to; `default` for null.
///
/// # Safety
/// `err` is null or a live error.
unsafe fn with<R>(err: *const Error, default: R, f: impl FnOnce(&Error) -> R) -> R {
    // SAFETY: as the caller guarantees.
    match unsafe { err.as_ref() } {
        Some(e) => f(e),
        None => default,
    }
}

/// The error's kind (`W2N_ERROR_*`); 0 for null.
///
/// # Safety
/// `err` is null or a live error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_kind(err: *const Error) -> i32 {
    // SAFETY: as the caller guarantees.
    unsafe { with(err, 0, |e| e.kind as i32) }
}

/// The error's message (valid until the error is freed); `""` for null.
///
/// # Safety
/// `err` is null or a live error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_message(err: *const Error) -> *const c_char {
    // SAFETY: as the caller guarantees.
    unsafe { with(err, c"".as_ptr(), |e| e.message.as_ptr()) }
}

/// A trap's wasm backtrace, one frame per line, innermost first, as in the
/// message (`  0: func[12] <divide>+0x1c`); `""` for other errors.
///
/// # Safety
/// `err` is null or a live error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_backtrace(err: *const Error) -> *const c_char {
    // SAFETY: as the caller guarantees.
    unsafe { with(err, c"".as_ptr(), |e| e.backtrace.as_ptr()) }
}

/// A trap's code (`W2N_TRAP_*`); 0 for other errors.
///
/// # Safety
/// `err` is null or a live error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_trap_code(err: *const Error) -> i32 {
    // SAFETY: as the caller guarantees.
    unsafe { with(err, 0, |e| e.trap_code) }
}

/// Whether the guest called `proc_exit`; then `*status` (when not null) is
/// its status.
///
/// # Safety
/// `err` is null or a live error; `status` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_exit_status(err: *const Error, status: *mut i32) -> bool {
    // SAFETY: as the caller guarantees.
    let found = unsafe { with(err, None, |e| e.exit_status) };
    match found {
        Some(s) => {
            if !status.is_null() {
                // SAFETY: as the caller guarantees.
                unsafe { *status = s };
            }
            true
        }
        None => false,
    }
}

/// Frees an error.
///
/// # Safety
/// `err` is null or an error the C API returned, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_error_free(err: *mut Error) {
    if !err.is_null() {
        // SAFETY: as the caller guarantees, we own it.
        drop(unsafe { Box::from_raw(err) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trap::Frame;
    use wasm2native_abi::TrapKind;

    #[test]
    fn errors_carry_kind_message_backtrace_and_status() {
        let trap = Trap {
            kind: TrapKind::IntegerDivisionByZero,
            frames: vec![Frame { func_index: 3, offset: 0x1c, name: Some("divide"), repeated: 0, source: None }],
        };
        let e = Error::call(CallError::from(trap)).into_raw();
        let exit = Error::unwind(Unwind::Exit(3)).into_raw();
        // SAFETY: live errors from `into_raw`, freed once.
        unsafe {
            let text = |p: *const c_char| std::ffi::CStr::from_ptr(p).to_str().unwrap().to_string();
            assert_eq!(w2n_error_kind(e), ErrorKind::Trap as i32);
            assert_eq!(text(w2n_error_message(e)), "wasm trap: integer divide by zero\n  0: func[3] <divide>+0x1c");
            assert_eq!(text(w2n_error_backtrace(e)), "  0: func[3] <divide>+0x1c");
            assert_eq!(w2n_error_trap_code(e), TrapKind::IntegerDivisionByZero as i32);
            let mut status = -1;
            assert!(!w2n_error_exit_status(e, &mut status));
            assert!(w2n_error_exit_status(exit, &mut status));
            assert_eq!(status, 3);
            assert_eq!(w2n_error_kind(exit), ErrorKind::Exit as i32);
            assert_eq!(w2n_error_kind(std::ptr::null()), 0);
            assert_eq!(text(w2n_error_message(std::ptr::null())), "");
            w2n_error_free(e);
            w2n_error_free(exit);
            w2n_error_free(std::ptr::null_mut());
        }
    }
}
