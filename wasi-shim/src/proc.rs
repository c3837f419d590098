//! `proc_exit`, `proc_raise`, `sched_yield`, `random_get`.

use crate::ctx::WasiCtx;
use crate::errno::{cvt, WasiResult};
use crate::memory::GuestMemory;
use crate::types::{Errno, SIGNAL_MAX};

/// `proc_exit(code)`: ends the process with `code`. Guest writes are
/// unbuffered, so there is nothing to flush. Like wasmtime, a status
/// outside `0..126` is refused: it is reported and the process exits with
/// status 1.
pub fn proc_exit(code: u32) -> ! {
    if code >= 126 {
        let msg = b"Error: exit with invalid exit status outside of [0..126)\n";
        // SAFETY: writing a static buffer to the host's stderr; the result
        // does not matter, the process ends either way.
        unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
        std::process::exit(1);
    }
    std::process::exit(code as i32)
}

/// `proc_raise(sig)`: `ENOTSUP`, as in wasmtime (`EINVAL` for a number
/// that is no signal).
pub fn proc_raise(_cx: &mut WasiCtx, _mem: &mut GuestMemory, sig: u32) -> WasiResult<()> {
    if sig > u32::from(SIGNAL_MAX) {
        return Err(Errno::INVAL);
    }
    Err(Errno::NOTSUP)
}

/// `sched_yield()`.
pub fn sched_yield(_cx: &mut WasiCtx, _mem: &mut GuestMemory) -> WasiResult<()> {
    std::thread::yield_now();
    Ok(())
}

/// `random_get(buf, buf_len)`: fills the buffer from the host's
/// `getrandom`, straight into guest memory.
pub fn random_get(_cx: &mut WasiCtx, mem: &mut GuestMemory, buf: u32, buf_len: u32) -> WasiResult<()> {
    let out = mem.slice_mut(buf, buf_len)?;
    let mut done = 0;
    while let Some(rest) = out.get_mut(done..).filter(|r| !r.is_empty()) {
        // SAFETY: `rest` is a valid, writable buffer of `rest.len()` bytes.
        match cvt(unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) }) {
            Ok(n) => done += n as usize,
            Err(Errno::INTR) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
