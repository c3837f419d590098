//! `poll_oneoff`: waits until at least one subscription is ready.
//!
//! * Clocks: relative timeouts and absolute times on the realtime and
//!   monotonic clocks (an absolute realtime is converted to a monotonic
//!   deadline when the call starts).
//! * `fd_read`/`fd_write` on stdio (any kind of host descriptor: terminal,
//!   pipe, file, socket) wait with the host's `ppoll`.
//! * Files are always ready, as on every OS; a read event reports the bytes
//!   left before the end of file and `HANGUP` at the end (as wasmtime).
//!   Streams report the bytes the host says are buffered (`FIONREAD`).
//!
//! Errno choices follow wasmtime: no subscriptions is `EINVAL`; a bad
//! descriptor, or one of the wrong kind (a directory, stdout for reading),
//! fails the whole call with `EBADF`; a CPU-time clock is `EINVAL`. A single
//! relative clock subscription is a plain sleep.

use crate::clock;
use crate::ctx::{Handle, Stdio, WasiCtx};
use crate::errno::{cvt, WasiResult};
use crate::memory::{element, GuestMemory, Record};
use crate::types::layout::{event as ev, subscription as sub};
use crate::types::{clockid, eventrwflags, eventtype, rights, subclockflags, Errno};
use std::os::fd::RawFd;
use std::time::Duration;

/// What a subscription waits for.
enum Wait {
    /// The monotonic clock reaching this many nanoseconds.
    Deadline(u64),
    /// Readiness of a host stream, through `pollfds[index]`.
    Stream { index: usize, read: bool },
    /// A file: ready now.
    File { fd: RawFd, read: bool },
}

struct Subscription {
    userdata: u64,
    wait: Wait,
}

/// The outcome of one ready subscription.
struct Event {
    error: Errno,
    nbytes: u64,
    flags: u16,
}

/// Reads subscription `i` and turns it into something to wait for.
fn parse(
    cx: &WasiCtx,
    mem: &GuestMemory,
    subs: u32,
    i: u32,
    now: u64,
    pollfds: &mut Vec<libc::pollfd>,
) -> WasiResult<Subscription> {
    let rec = Record(mem.read_array::<{ sub::SIZE as usize }>(element(subs, i, sub::SIZE)?)?);
    let userdata = rec.get_u64(sub::USERDATA);
    let wait = match rec.get_u8(sub::TAG) {
        eventtype::CLOCK => {
            let timeout = rec.get_u64(sub::CLOCK_TIMEOUT);
            let absolute = rec.get_u16(sub::CLOCK_FLAGS) & subclockflags::ABSTIME != 0;
            let deadline = match (rec.get_u32(sub::CLOCK_ID), absolute) {
                (clockid::MONOTONIC | clockid::REALTIME, false) => now.saturating_add(timeout),
                (clockid::MONOTONIC, true) => timeout,
                (clockid::REALTIME, true) => {
                    now.saturating_add(timeout.saturating_sub(clock::now(clockid::REALTIME)?))
                }
                _ => return Err(Errno::INVAL),
            };
            Wait::Deadline(deadline)
        }
        tag @ (eventtype::FD_READ | eventtype::FD_WRITE) => {
            let read = tag == eventtype::FD_READ;
            let entry = cx.fds.get(rec.get_u32(sub::FD))?;
            match (&entry.handle, read) {
                (Handle::File(_), _) => {
                    entry.require(rights::POLL_FD_READWRITE)?;
                    Wait::File { fd: entry.raw_fd(), read }
                }
                (Handle::Stdio(Stdio::In, _), true) | (Handle::Stdio(Stdio::Out | Stdio::Err, _), false) => {
                    let events = if read { libc::POLLIN } else { libc::POLLOUT };
                    pollfds.push(libc::pollfd { fd: entry.raw_fd(), events, revents: 0 });
                    Wait::Stream { index: pollfds.len() - 1, read }
                }
                _ => return Err(Errno::BADF),
            }
        }
        _ => return Err(Errno::INVAL),
    };
    Ok(Subscription { userdata, wait })
}

/// Bytes ready to read on a host stream (0 when unknown).
fn readable_bytes(fd: RawFd) -> u64 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the valid pointer.
    match unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) } {
        0 => n.max(0) as u64,
        _ => 0,
    }
}

/// Bytes between a file's offset and its end.
fn file_bytes_left(fd: RawFd) -> WasiResult<u64> {
    // SAFETY: lseek on a descriptor the table owns; no memory is involved.
    let pos = cvt(unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) })?;
    let size = crate::filestat::Filestat::of_fd(fd)?.size;
    Ok(size.saturating_sub(pos as u64))
}

/// The event of a subscription if it is ready now.
fn ready(s: &Subscription, now: u64, pollfds: &[libc::pollfd]) -> WasiResult<Option<Event>> {
    let ok = |nbytes, flags| Some(Event { error: Errno::SUCCESS, nbytes, flags });
    Ok(match s.wait {
        Wait::Deadline(d) => (now >= d).then_some(Event { error: Errno::SUCCESS, nbytes: 0, flags: 0 }),
        Wait::File { fd, read: true } => {
            let left = file_bytes_left(fd)?;
            ok(left, if left == 0 { eventrwflags::HANGUP } else { 0 })
        }
        Wait::File { read: false, .. } => ok(0, 0),
        // A stream that hung up is readable (reads return the rest, then
        // end of file); like wasmtime, no HANGUP flag is reported for stdio.
        Wait::Stream { index, read } => {
            let Some(p) = pollfds.get(index) else { return Ok(None) };
            if p.revents & libc::POLLNVAL != 0 {
                Some(Event { error: Errno::BADF, nbytes: 0, flags: 0 })
            } else if p.revents & libc::POLLERR != 0 {
                Some(Event { error: Errno::IO, nbytes: 0, flags: 0 })
            } else if p.revents != 0 {
                ok(if read { readable_bytes(p.fd) } else { 0 }, 0)
            } else {
                None
            }
        }
    })
}

/// One `ppoll` over the streams, for at most `timeout` (forever if `None`).
fn wait(pollfds: &mut [libc::pollfd], timeout: Option<u64>) -> WasiResult<()> {
    let ts = timeout.map(|ns| libc::timespec {
        tv_sec: (ns / 1_000_000_000).min(i64::MAX as u64) as libc::time_t,
        tv_nsec: (ns % 1_000_000_000) as _,
    });
    let ts_ptr = ts.as_ref().map_or(core::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `pollfds` is a valid array of its length; `ts_ptr` is null or
    // points to `ts`, alive for the call; no signal mask is changed.
    let ret = unsafe { libc::ppoll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, ts_ptr, core::ptr::null()) };
    match cvt(ret) {
        Ok(_) | Err(Errno::INTR) => Ok(()),
        Err(e) => Err(e),
    }
}

/// `poll_oneoff(in, out, nsubscriptions, nevents)`.
pub fn poll_oneoff(cx: &mut WasiCtx, mem: &mut GuestMemory, subs: u32, events: u32, nsubs: u32, nevents: u32) -> WasiResult<()> {
    if nsubs == 0 {
        // An indefinite sleep is not something preview 1 can express.
        return Err(Errno::INVAL);
    }
    mem.check_array(subs, nsubs, sub::SIZE)?;
    mem.check_array(events, nsubs, ev::SIZE)?;
    mem.check(nevents, 4)?;

    let start = clock::now(clockid::MONOTONIC)?;
    if nsubs == 1 {
        // A lone relative clock is a sleep, whatever the clock (wasmtime's
        // shortcut, which also accepts the CPU-time clocks here).
        let rec = Record(mem.read_array::<{ sub::SIZE as usize }>(subs)?);
        let relative = rec.get_u16(sub::CLOCK_FLAGS) & subclockflags::ABSTIME == 0;
        if rec.get_u8(sub::TAG) == eventtype::CLOCK && relative && rec.get_u32(sub::CLOCK_ID) <= clockid::THREAD_CPUTIME_ID {
            std::thread::sleep(Duration::from_nanos(rec.get_u64(sub::CLOCK_TIMEOUT)));
            // (wasmtime reports `nbytes` 1 for this event; so do we.)
            let event = Event { error: Errno::SUCCESS, nbytes: 1, flags: 0 };
            write_event(mem, events, rec.get_u64(sub::USERDATA), eventtype::CLOCK, &event)?;
            return mem.write_u32(nevents, 1);
        }
    }

    let mut pollfds = Vec::new();
    let parsed = (0..nsubs)
        .map(|i| parse(cx, mem, subs, i, start, &mut pollfds))
        .collect::<WasiResult<Vec<_>>>()?;
    let files_ready = parsed.iter().any(|s| matches!(s.wait, Wait::File { .. }));
    let earliest = parsed
        .iter()
        .filter_map(|s| match s.wait {
            Wait::Deadline(d) => Some(d),
            _ => None,
        })
        .min();

    loop {
        let now = clock::now(clockid::MONOTONIC)?;
        let timeout = if files_ready { Some(0) } else { earliest.map(|d| d.saturating_sub(now)) };
        for p in pollfds.iter_mut() {
            p.revents = 0;
        }
        wait(&mut pollfds, timeout)?;
        let now = clock::now(clockid::MONOTONIC)?;
        let mut count = 0u32;
        for s in &parsed {
            if let Some(event) = ready(s, now, &pollfds)? {
                let ty = match s.wait {
                    Wait::Deadline(_) => eventtype::CLOCK,
                    Wait::File { read, .. } | Wait::Stream { read, .. } => {
                        if read { eventtype::FD_READ } else { eventtype::FD_WRITE }
                    }
                };
                // `count < nsubs`: inside the checked events array.
                write_event(mem, element(events, count, ev::SIZE)?, s.userdata, ty, &event)?;
                count += 1;
            }
        }
        if count > 0 {
            return mem.write_u32(nevents, count);
        }
        // Woken early (a signal, or a deadline not quite reached): wait again.
    }
}

fn write_event(mem: &mut GuestMemory, ptr: u32, userdata: u64, ty: u8, e: &Event) -> WasiResult<()> {
    let mut rec = Record::<{ ev::SIZE as usize }>::default();
    rec.u64(ev::USERDATA, userdata)
        .u16(ev::ERROR, e.error.0)
        .u8(ev::TYPE, ty)
        .u64(ev::NBYTES, e.nbytes)
        .u16(ev::FLAGS, e.flags);
    mem.write_bytes(ptr, &rec.0)
}
