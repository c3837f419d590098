//! `proc_exit`, `proc_raise`, `sched_yield`, `random_get`.

use crate::ctx::WasiCtx;
use crate::errno::{cvt, Error, WasiResult};
use crate::memory::GuestMemory;
use crate::types::Errno;

/// The most bytes one `random_get` may ask for (wasmtime's limit).
pub const RANDOM_LIMIT: u32 = 64 << 20;

/// The message of a `proc_exit` status wasmtime refuses.
pub const INVALID_EXIT_STATUS: &str = "exit with invalid exit status outside of [0..126)";

/// `proc_exit(code)`: ends the program with `code` (see
/// [`set_end_hook`](crate::set_end_hook) for who sees it first). Guest
/// writes are unbuffered, so there is nothing to flush. Like wasmtime, a
/// status outside `0..126` is refused: it is reported and the program ends
/// with status 1.
pub fn proc_exit(code: u32) -> ! {
    if code >= 126 {
        crate::exports::end_program("proc_exit", INVALID_EXIT_STATUS);
    }
    crate::exports::exit_program(code)
}

/// `proc_raise(sig)`: `ENOTSUP`, as in wasmtime.
pub fn proc_raise(_cx: &mut WasiCtx, _mem: &mut GuestMemory, _sig: u8) -> WasiResult<()> {
    Err(Errno::NOTSUP.into())
}

/// `sched_yield()`.
pub fn sched_yield(_cx: &mut WasiCtx, _mem: &mut GuestMemory) -> WasiResult<()> {
    std::thread::yield_now();
    Ok(())
}

/// `random_get(buf, buf_len)`: at most 64 MiB per call (more ends the
/// program, as in wasmtime); fills the buffer from the host's `getrandom`.
/// An empty request touches nothing.
pub fn random_get(_cx: &mut WasiCtx, mem: &mut GuestMemory, buf: u32, buf_len: u32) -> WasiResult<()> {
    if buf_len > RANDOM_LIMIT {
        return Err(Error::trap(format!("requested len {buf_len} exceeds limit {RANDOM_LIMIT}")));
    }
    if buf_len == 0 {
        return Ok(());
    }
    let out = mem.slice_mut(buf, buf_len)?;
    let mut done = 0;
    while let Some(rest) = out.get_mut(done..).filter(|r| !r.is_empty()) {
        // SAFETY: `rest` is a valid, writable buffer of `rest.len()` bytes.
        match cvt(unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) }) {
            Ok(n) => done += n as usize,
            Err(Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
