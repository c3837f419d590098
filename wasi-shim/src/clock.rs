//! `clock_res_get` and `clock_time_get`, and the clock readings `poll_oneoff`
//! uses.

use crate::ctx::WasiCtx;
use crate::errno::{cvt, HostResult, WasiResult};
use crate::memory::GuestMemory;
use crate::types::{clockid, Errno};

/// The host clock behind a WASI clock id. The CPU-time clocks are `EBADF`,
/// as in wasmtime 49 (which has no such clocks); an id above them cannot
/// reach here (argument decoding ends the program).
fn host_clock(id: u32) -> HostResult<libc::clockid_t> {
    match id {
        clockid::REALTIME => Ok(libc::CLOCK_REALTIME),
        clockid::MONOTONIC => Ok(libc::CLOCK_MONOTONIC),
        _ => Err(Errno::BADF),
    }
}

fn nanos(ts: libc::timespec) -> HostResult<u64> {
    u64::try_from(ts.tv_sec)
        .ok()
        .and_then(|s| s.checked_mul(1_000_000_000))
        .and_then(|ns| ns.checked_add(u64::try_from(ts.tv_nsec).ok()?))
        .ok_or(Errno::OVERFLOW)
}

fn read(id: u32, call: unsafe extern "C" fn(libc::clockid_t, *mut libc::timespec) -> libc::c_int) -> HostResult<u64> {
    let clock = host_clock(id)?;
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `call` is clock_gettime or clock_getres with a valid clock id
    // and a valid out-pointer.
    cvt(unsafe { call(clock, &mut ts) })?;
    nanos(ts)
}

/// The time of clock `id` (realtime or monotonic) in nanoseconds.
pub(crate) fn now(id: u32) -> HostResult<u64> {
    read(id, libc::clock_gettime)
}

/// `clock_res_get(id, resolution)`.
pub fn clock_res_get(_cx: &mut WasiCtx, mem: &mut GuestMemory, id: u32, resolution: u32) -> WasiResult<()> {
    let res = read(id, libc::clock_getres)?;
    mem.write_u64(resolution, res)
}

/// `clock_time_get(id, precision, time)`; the precision hint is ignored.
pub fn clock_time_get(_cx: &mut WasiCtx, mem: &mut GuestMemory, id: u32, _precision: u64, time: u32) -> WasiResult<()> {
    let t = now(id)?;
    mem.write_u64(time, t)
}
