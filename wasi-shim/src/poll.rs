//! `poll_oneoff`: waits until at least one subscription is ready.
//!
//! As in wasmtime 49:
//!
//! * no subscriptions is `EINVAL`; a single relative clock subscription
//!   (any clock id) is a plain sleep, reported with `nbytes` 1;
//! * otherwise the arrays are charged to the call's budget, and the
//!   subscriptions read one by one: an unknown tag, clock id or clock flag
//!   is `EINVAL`; a CPU-time clock is `EINVAL`; a descriptor that cannot be
//!   read (written) from — not open, a directory, stdout for reading — is
//!   `EBADF` for the whole call;
//! * absolute realtime deadlines become monotonic ones when the call starts;
//! * readiness: clock deadlines that passed, writes to files and standard
//!   streams are ready at once; reads of files and stdin are ready only
//!   when nothing was ready at once (wasmtime starts a background read for
//!   them first); stdin waits for the host's `ppoll`;
//! * events: `nbytes` is 1 for every descriptor event and 0 for clocks; a
//!   file read at the end of the file has `HANGUP`.

use crate::clock;
use crate::ctx::{Handle, Stdio, WasiCtx};
use crate::errno::{cvt, HostResult, WasiResult};
use crate::fd::file_size;
use crate::memory::{element, GuestMemory, Record};
use crate::types::layout::{event as ev, subscription as sub};
use crate::types::{clockid, eventrwflags, eventtype, subclockflags, Errno};
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

/// One decoded subscription.
struct Decoded {
    userdata: u64,
    kind: Kind,
}

enum Kind {
    Clock { id: u32, timeout: u64, absolute: bool },
    Fd { fd: u32, read: bool },
}

/// Reads the subscription at `ptr` (a 48-byte, 8-aligned structure; a bad
/// pointer ends the program) and decodes it (a bad field is `EINVAL`).
fn decode(mem: &GuestMemory, ptr: u32) -> WasiResult<Decoded> {
    let rec = Record(mem.read_typed::<{ sub::SIZE as usize }>(ptr, 8)?);
    let userdata = rec.get_u64(sub::USERDATA);
    let kind = match rec.get_u8(sub::TAG) {
        eventtype::CLOCK => {
            let id = rec.get_u32(sub::CLOCK_ID);
            let flags = rec.get_u16(sub::CLOCK_FLAGS);
            if id > clockid::THREAD_CPUTIME_ID || flags & !subclockflags::ABSTIME != 0 {
                return Err(Errno::INVAL.into());
            }
            Kind::Clock { id, timeout: rec.get_u64(sub::CLOCK_TIMEOUT), absolute: flags & subclockflags::ABSTIME != 0 }
        }
        tag @ (eventtype::FD_READ | eventtype::FD_WRITE) => {
            Kind::Fd { fd: rec.get_u32(sub::FD), read: tag == eventtype::FD_READ }
        }
        _ => return Err(Errno::INVAL.into()),
    };
    Ok(Decoded { userdata, kind })
}

/// What a subscription waits for.
enum Wait {
    /// The monotonic clock reaching this many nanoseconds.
    Deadline(u64),
    /// A write to a file or standard stream: ready at once.
    Write,
    /// A file read: ready once nothing else was ready at once.
    FileRead { fd: RawFd, position: u64 },
    /// Readable stdin: `pollfds[index]`.
    Stdin { index: usize },
}

/// One subscription, ready to wait for.
pub(crate) struct Subscription {
    userdata: u64,
    wait: Wait,
}

/// Turns a decoded subscription into something to wait for.
fn prepare(cx: &WasiCtx, d: Decoded, start: u64, pollfds: &mut Vec<libc::pollfd>) -> WasiResult<Subscription> {
    let wait = match d.kind {
        Kind::Clock { id, timeout, absolute } => Wait::Deadline(match (id, absolute) {
            (clockid::MONOTONIC, true) => timeout,
            (clockid::MONOTONIC | clockid::REALTIME, false) => start.saturating_add(timeout),
            (clockid::REALTIME, true) => {
                let now = clock::now(clockid::REALTIME)?;
                start.saturating_add(timeout.saturating_sub(now))
            }
            _ => return Err(Errno::INVAL.into()),
        }),
        Kind::Fd { fd, read: true } => match cx.fds.get(fd)? {
            Handle::File(f) => Wait::FileRead { fd: f.file.as_raw_fd(), position: f.position },
            Handle::Stdio(Stdio::In, raw) => {
                pollfds.push(libc::pollfd { fd: *raw, events: libc::POLLIN, revents: 0 });
                Wait::Stdin { index: pollfds.len() - 1 }
            }
            _ => return Err(Errno::BADF.into()),
        },
        Kind::Fd { fd, read: false } => match cx.fds.get(fd)? {
            Handle::File(_) | Handle::Stdio(Stdio::Out | Stdio::Err, _) => Wait::Write,
            _ => return Err(Errno::BADF.into()),
        },
    };
    Ok(Subscription { userdata: d.userdata, wait })
}

/// One `ppoll` over stdin, for at most `timeout` (forever if `None`).
fn wait(pollfds: &mut [libc::pollfd], timeout: Option<u64>) -> HostResult<()> {
    for p in pollfds.iter_mut() {
        p.revents = 0;
    }
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

/// The event of subscription `s` if it is ready: `(type, nbytes, flags)`.
/// `late` is whether reads may be reported (nothing was ready at once).
fn ready(s: &Subscription, now: u64, late: bool, pollfds: &[libc::pollfd]) -> HostResult<Option<(u8, u64, u16)>> {
    Ok(match s.wait {
        Wait::Deadline(d) => (now >= d).then_some((eventtype::CLOCK, 0, 0)),
        Wait::Write => Some((eventtype::FD_WRITE, 1, 0)),
        Wait::FileRead { fd, position } if late => {
            let at_end = file_size(fd)? <= position;
            Some((eventtype::FD_READ, 1, if at_end { eventrwflags::HANGUP } else { 0 }))
        }
        Wait::Stdin { index } if late => {
            pollfds.get(index).filter(|p| p.revents != 0).map(|_| (eventtype::FD_READ, 1, 0))
        }
        _ => None,
    })
}

/// Writes the 32-byte, 8-aligned event `i` of the array at `events`.
fn write_event(mem: &mut GuestMemory, events: u32, i: u32, userdata: u64, (ty, nbytes, flags): (u8, u64, u16)) -> WasiResult<()> {
    let mut rec = Record::<{ ev::SIZE as usize }>::default();
    rec.u64(ev::USERDATA, userdata)
        .u16(ev::ERROR, Errno::SUCCESS.0)
        .u8(ev::TYPE, ty)
        .u64(ev::NBYTES, nbytes)
        .u16(ev::FLAGS, flags);
    mem.write_typed(element(events, i, ev::SIZE)?, 8, &rec.0)
}

/// A `poll_oneoff(in, out, nsubscriptions, nevents)` whose subscriptions are read and whose descriptors are
/// resolved: what is left (waiting, and writing the events) needs no WASI
/// context, so a threaded program's other threads may make WASI calls
/// meanwhile.
enum Waiting {
    /// A single relative clock: a plain sleep.
    Sleep { userdata: u64, timeout: u64 },
    /// Anything else.
    Poll { parsed: Vec<Subscription>, pollfds: Vec<libc::pollfd> },
}

/// `poll_oneoff(in, out, nsubscriptions, nevents)`: with the WASI context,
/// decodes the subscriptions and resolves their descriptors; the waiting
/// and the events are left to [`Polling`], which needs no context.
pub(crate) fn poll_oneoff(cx: &mut WasiCtx, mem: &mut GuestMemory, subs: u32, events: u32, nsubs: u32, nevents: u32) -> WasiResult<Polling> {
    Ok(Polling { waiting: prepare_poll(cx, mem, subs, nsubs)?, events, nevents })
}

/// The rest of a `poll_oneoff` call: wait, then write the events.
pub(crate) struct Polling {
    waiting: Waiting,
    events: u32,
    nevents: u32,
}

impl crate::exports::Unlocked for Polling {
    fn finish(self, mem: &mut GuestMemory) -> WasiResult<()> {
        self.waiting.finish(mem, self.events, self.nevents)
    }
}

/// The part of `poll_oneoff` that reads the WASI context: decodes the
/// subscriptions and resolves their descriptors; [`Waiting::finish`] does
/// the rest.
fn prepare_poll(cx: &WasiCtx, mem: &mut GuestMemory, subs: u32, nsubs: u32) -> WasiResult<Waiting> {
    if nsubs == 0 {
        // An indefinite sleep is not something preview 1 can express.
        return Err(Errno::INVAL.into());
    }
    if nsubs == 1 {
        let d = decode(mem, subs)?;
        if let Kind::Clock { timeout, absolute: false, .. } = d.kind {
            return Ok(Waiting::Sleep { userdata: d.userdata, timeout });
        }
    }
    mem.charge(u64::from(nsubs) * u64::from(sub::SIZE))?;
    mem.charge(u64::from(nsubs) * u64::from(ev::SIZE))?;

    let start = clock::now(clockid::MONOTONIC)?;
    let mut pollfds = Vec::new();
    let mut parsed = Vec::new();
    for i in 0..nsubs {
        let d = decode(mem, element(subs, i, sub::SIZE)?)?;
        parsed.push(prepare(cx, d, start, &mut pollfds)?);
    }
    Ok(Waiting::Poll { parsed, pollfds })
}

impl Waiting {
    /// Waits until something is ready and writes the events.
    fn finish(self, mem: &mut GuestMemory, events: u32, nevents: u32) -> WasiResult<()> {
        match self {
            Waiting::Sleep { userdata, timeout } => {
                std::thread::sleep(Duration::from_nanos(timeout));
                write_event(mem, events, 0, userdata, (eventtype::CLOCK, 1, 0))?;
                mem.write_u32(nevents, 1)
            }
            Waiting::Poll { parsed, pollfds } => wait_ready(mem, events, nevents, parsed, pollfds),
        }
    }
}

/// The waiting loop of `poll_oneoff`.
fn wait_ready(
    mem: &mut GuestMemory,
    events: u32,
    nevents: u32,
    parsed: Vec<Subscription>,
    mut pollfds: Vec<libc::pollfd>,
) -> WasiResult<()> {
    let has_file_reads = parsed.iter().any(|s| matches!(s.wait, Wait::FileRead { .. }));
    let earliest = parsed
        .iter()
        .filter_map(|s| match s.wait {
            Wait::Deadline(d) => Some(d),
            _ => None,
        })
        .min();

    let mut late = false;
    loop {
        let now = clock::now(clockid::MONOTONIC)?;
        let mut count = 0u32;
        for s in &parsed {
            if let Some(event) = ready(s, now, late, &pollfds)? {
                write_event(mem, events, count, s.userdata, event)?;
                count += 1;
            }
        }
        if count > 0 {
            return mem.write_u32(nevents, count);
        }
        // Nothing ready: wait for stdin or the earliest deadline (not at
        // all when file reads become ready now).
        let timeout = if has_file_reads { Some(0) } else { earliest.map(|d| d.saturating_sub(now)) };
        wait(&mut pollfds, timeout)?;
        late = true;
    }
}
