//! The async ABI of a running component (`CanonicalABI.md`, `Async.md`):
//! the task of its `run` (or of a service's `handle`) when that is lifted
//! `async` with a callback, the built-ins its core modules import
//! (`task.return`, context slots, waitable sets, subtasks, streams and
//! futures), and the event loop that waits for what can wake a task.
//!
//! Copies between the guest and a host end of a pipe finish at once (the
//! host reads and writes block, as preview 1's do), so the events the loop
//! waits for are futures the host resolves when a stream ends, the
//! deadlines of `async`-lowered clock waits, host descriptors (socket
//! reads, accepts, connects), and host calls waiting for the guest to end
//! a stream or write a future (an HTTP request's body and trailers), all
//! of which become subtasks. A task waiting for a set that nothing can
//! wake is a deadlock, reported as an error.

use wasm2native_abi::canonical::handles::{Entry, Waitable, WaitableKind};
use wasm2native_abi::canonical::tasks::{callback_code, copy_result, event, pack_copy, subtask_state, Builtin, Pipe, BLOCKED};
use wasm2native_abi::canonical::values::{self, Trap, Val};
use wasm2native_abi::canonical::ValType;
use wasm2native_abi::meta::CanonOptions;
use wasm2native_wasi::p3::pipes::{FutureWrite, Read, Written};
use wasm2native_wasi::p3::{monotonic_now, Pipes};

use super::{CallGuest, State};
use crate::Func;

type Result<T> = std::result::Result<T, Trap>;

fn trap<T>(message: impl Into<String>) -> Result<T> {
    Err(Trap(message.into()))
}

/// A guest `future.read` waiting for the host to write the future.
struct BlockedRead {
    /// The guest's readable end.
    index: u32,
    /// The future.
    future: u32,
    /// Where the value goes, and the options to store it with.
    ptr: u32,
    options: CanonOptions,
}

/// A guest `stream.read` waiting for a host descriptor to be readable.
struct PendingRead {
    /// The guest's readable end.
    index: u32,
    /// The stream.
    stream: u32,
    /// Where the elements go, how many at most, and the options.
    ptr: u32,
    n: u32,
    options: CanonOptions,
    /// The descriptor.
    fd: i32,
}

/// What a pending host call waits for.
#[derive(Clone, Copy, Debug)]
pub(super) enum Wake {
    /// A host descriptor to be readable (or, `write`, writable).
    Fd { fd: i32, write: bool },
    /// The guest to end a stream the host buffers.
    Stream(u32),
    /// The guest to write (or give up) a future the host reads.
    Future(u32),
}

impl Wake {
    /// Whether what the call waits for in the guest has happened (never,
    /// for a descriptor).
    fn guest_ready(self, pipes: &mut Pipes) -> bool {
        match self {
            Wake::Fd { .. } => false,
            Wake::Stream(id) => pipes.ended(id),
            Wake::Future(id) => pipes.settled(id),
        }
    }
}

/// An `async` host call waiting for a host descriptor, or for the guest
/// to end a stream or write a future: made again, with the same
/// arguments, when that is done.
pub(super) struct PendingCall {
    /// What it waits for.
    pub(super) wake: Wake,
    /// The call.
    pub(super) interface: String,
    pub(super) name: String,
    pub(super) args: Vec<Val>,
    pub(super) ty: wasm2native_abi::canonical::FuncType,
    /// The lowering's options and flat arguments (the return pointer).
    pub(super) options: CanonOptions,
    pub(super) flat: Vec<u64>,
}

/// The async state of a component.
#[derive(Default)]
pub(super) struct Tasks {
    /// Its streams and futures.
    pub(super) pipes: Pipes,
    /// The task's context slots (`context.get`/`set`).
    context: [u32; 2],
    /// What `task.return` gave, once it was called.
    returned: Option<Option<Val>>,
    /// `backpressure.inc` minus `dec`.
    backpressure: u32,
    blocked: Vec<BlockedRead>,
    /// Subtasks waiting for a monotonic deadline: `(deadline, index)`.
    timers: Vec<(u64, u32)>,
    /// Stream reads waiting for host descriptors.
    reads: Vec<PendingRead>,
    /// Subtasks waiting for host descriptors, by table index.
    calls: Vec<(u32, PendingCall)>,
    /// Guest `future.write`s waiting for their reader: `(index, future)`.
    writes: Vec<(u32, u32)>,
}

impl Tasks {
    /// A subtask (an `async` host call) that returns at `deadline`; its
    /// table index.
    pub(super) fn start_timer(state: &mut State, deadline: u64) -> Result<u32> {
        let index = state.handles.add_entry(Entry::Waitable(Waitable::new(WaitableKind::Subtask(deadline as u32))))?;
        state.tasks.timers.push((deadline, index));
        Ok(index)
    }

    /// A subtask that waits for a host descriptor or a stream; its table
    /// index.
    pub(super) fn start_io(state: &mut State, call: PendingCall) -> Result<u32> {
        let tag = match call.wake {
            Wake::Fd { fd, .. } => fd as u32,
            Wake::Stream(id) | Wake::Future(id) => id,
        };
        let index = state.handles.add_entry(Entry::Waitable(Waitable::new(WaitableKind::Subtask(tag))))?;
        state.tasks.calls.push((index, call));
        Ok(index)
    }

    /// Whether subtask `index` has not resolved yet.
    fn in_progress(&self, index: u32) -> bool {
        self.timers.iter().any(|&(_, t)| t == index) || self.calls.iter().any(|(t, _)| *t == index)
    }
}

/// Whether a pending call waits for what the guest has done now.
fn guest_ready(state: &mut State) -> bool {
    let pipes = &mut state.tasks.pipes;
    state.tasks.calls.iter().any(|(_, c)| c.wake.guest_ready(pipes))
}

/// Waits at most `timeout_ms` (-1: as long as it takes) for the host
/// descriptors pending reads and calls wait for, and finishes those that
/// are ready (their events become pending), and the calls whose streams
/// ended.
fn poll_io(state: &mut State, timeout_ms: i32) -> Result<()> {
    let timeout_ms = if guest_ready(state) { 0 } else { timeout_ms };
    let call_fds = state.tasks.calls.iter().filter_map(|(_, c)| match c.wake {
        Wake::Fd { fd, write } => Some((fd, write)),
        Wake::Stream(_) | Wake::Future(_) => None,
    });
    let mut fds: Vec<libc::pollfd> = state
        .tasks
        .reads
        .iter()
        .map(|r| (r.fd, false))
        .chain(call_fds)
        .map(|(fd, write)| libc::pollfd { fd, events: if write { libc::POLLOUT } else { libc::POLLIN }, revents: 0 })
        .collect();
    if fds.is_empty() {
        if timeout_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(timeout_ms as u64));
        }
    } else {
        // SAFETY: `fds` is a valid array of `fds.len()` pollfds.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
        if n < 0 {
            fds.iter_mut().for_each(|p| p.revents = 0);
        }
    }
    let ready = |i: usize| fds[i].revents != 0;
    let nreads = state.tasks.reads.len();
    let reads: Vec<PendingRead> = std::mem::take(&mut state.tasks.reads);
    for (i, r) in reads.into_iter().enumerate() {
        if !ready(i) {
            state.tasks.reads.push(r);
            continue;
        }
        match read_into(state, r.stream, r.ptr, r.n, &r.options)? {
            Ok(result) => {
                let result = copied(state, r.index, result)?;
                notify(state, r.index, event::STREAM_READ, result)?
            }
            Err(fd) => state.tasks.reads.push(PendingRead { fd, ..r }),
        }
    }
    let calls = std::mem::take(&mut state.tasks.calls);
    let mut next_fd = nreads;
    for (index, c) in calls {
        let go = match c.wake {
            Wake::Fd { .. } => {
                next_fd += 1;
                ready(next_fd - 1)
            }
            wake => wake.guest_ready(&mut state.tasks.pipes),
        };
        if !go {
            state.tasks.calls.push((index, c));
            continue;
        }
        use wasm2native_wasi::p3::Call;
        let wake = match super::call_host(state, &c.interface, &c.name, &c.args)? {
            Call::Done(result) => {
                super::finish_async(state, &c.ty, &c.options, &c.flat, result)?;
                notify(state, index, event::SUBTASK, subtask_state::RETURNED)?;
                continue;
            }
            Call::WaitFd { fd, write } => Wake::Fd { fd, write },
            Call::WaitStream(id) => Wake::Stream(id),
            Call::WaitFuture(id) => Wake::Future(id),
            Call::Until(_) => return trap("a host call that waited for a descriptor then for a time"),
        };
        state.tasks.calls.push((index, PendingCall { wake, ..c }));
    }
    Ok(())
}

/// Reads up to `n` elements of stream `id` into guest memory at `ptr`:
/// the packed copy result, or (`Err`) the host descriptor to wait for when
/// nothing is there yet.
fn read_into(state: &mut State, id: u32, ptr: u32, n: u32, options: &CanonOptions) -> Result<std::result::Result<u32, i32>> {
    let read = state.host.read_stream(&mut state.tasks.pipes, id, n)?;
    let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
    use wasm2native_abi::canonical::values::Guest;
    Ok(Ok(match read {
        Read::Bytes(bytes) => {
            let range = values::mem_range(&mut guest, ptr, bytes.len() as u64)?;
            guest.memory()[range].copy_from_slice(&bytes);
            pack_copy(copy_result::COMPLETED, bytes.len() as u32)
        }
        Read::Values(vals) => {
            let Some(ty) = guest.pipes.stream_type(id)? else { return trap("a stream of values of unknown type") };
            let size = wasm2native_abi::canonical::size(&ty);
            for (i, v) in vals.iter().enumerate() {
                let at = u64::from(ptr) + i as u64 * u64::from(size);
                let at = u32::try_from(at).map_err(|_| Trap("stream buffer out of bounds".into()))?;
                values::store(&mut guest, options.encoding, &ty, v, at)?;
            }
            pack_copy(copy_result::COMPLETED, vals.len() as u32)
        }
        Read::Dropped => pack_copy(copy_result::DROPPED, 0),
        Read::Blocked(fd) => return Ok(Err(fd)),
        Read::Accepted(_) => return trap("an accepted connection reached the guest unconverted"),
    }))
}

/// Sleeps until the monotonic clock reaches `deadline`.
pub(super) fn sleep_until(deadline: u64) {
    let now = monotonic_now();
    if deadline > now {
        std::thread::sleep(std::time::Duration::from_nanos(deadline - now));
    }
}

/// How the event loop calls into the guest: a trap either ends the
/// process (a command) or is an error to the caller (a service's request).
pub(super) type Caller<'c> = dyn FnMut(&Func, &[u128]) -> Result<Vec<u128>> + 'c;

/// Runs the task of an `async`-lifted `run` to its end: `code` is what its
/// first call returned; the callback gets the events, called with `call`.
/// Returns what the task returned.
pub(super) fn drive(state: *mut State, mut code: u32, callback: &Func, call: &mut Caller<'_>) -> Result<Option<Val>> {
    loop {
        let event = match code & 0xf {
            callback_code::EXIT => break,
            callback_code::YIELD => (event::NONE, 0, 0),
            callback_code::WAIT => {
                // SAFETY: no wasm code runs while the state is borrowed.
                let state = unsafe { &mut *state };
                wait(state, code >> 4)?
            }
            other => return trap(format!("the callback returned an unknown code {other}")),
        };
        let args = [event.0, event.1, event.2].map(u128::from);
        code = call(callback, &args)?.first().copied().unwrap_or(0) as u32;
    }
    // SAFETY: as above.
    let state = unsafe { &mut *state };
    match state.tasks.returned.take() {
        Some(result) => Ok(result),
        None => trap("the task exited without calling `task.return`"),
    }
}

/// Sets `index`'s undelivered event.
fn notify(state: &mut State, index: u32, code: u32, payload: u32) -> Result<()> {
    state.handles.waitable(index)?.pending = Some((code, payload));
    Ok(())
}

/// Finishes the guest reads of futures written since, and the guest
/// writes whose values were taken.
fn complete_reads(state: &mut State) -> Result<()> {
    for future in state.tasks.pipes.take_consumed() {
        let (done, waiting): (Vec<_>, Vec<_>) = state.tasks.writes.iter().partition(|&&(_, f)| f == future);
        state.tasks.writes = waiting;
        for (index, _) in done {
            notify(state, index, event::FUTURE_WRITE, copy_result::COMPLETED)?;
        }
    }
    let written = state.tasks.pipes.take_written();
    if written.is_empty() {
        return Ok(());
    }
    let (ready, waiting): (Vec<_>, Vec<_>) =
        std::mem::take(&mut state.tasks.blocked).into_iter().partition(|r| written.contains(&r.future));
    state.tasks.blocked = waiting;
    for r in ready {
        store_future(state, r.future, r.ptr, &r.options)?;
        notify(state, r.index, event::FUTURE_READ, copy_result::COMPLETED)?;
    }
    Ok(())
}

/// Stores the value of the host's future `future` (written) at `ptr`.
fn store_future(state: &mut State, future: u32, ptr: u32, options: &CanonOptions) -> Result<bool> {
    let Some((value, ty)) = state.tasks.pipes.guest_read_future(future)? else { return Ok(false) };
    if let Some(ty) = ty {
        let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
        values::store(&mut guest, options.encoding, &ty, &value, ptr)?;
    }
    Ok(true)
}

/// Takes an event of a member of set `set`: `(code, index, payload)`.
fn take_event(state: &mut State, set: u32) -> Option<(u32, u32, u32)> {
    let (index, w) = state.handles.members(set).find(|(_, w)| w.pending.is_some())?;
    let (code, payload) = w.pending.take().expect("found");
    if matches!(w.kind, WaitableKind::Readable(..) | WaitableKind::Writable(..)) {
        w.busy = false;
        let future_done = matches!(w.kind, WaitableKind::Readable(Pipe::Future, _) | WaitableKind::Writable(Pipe::Future, _))
            && payload == copy_result::COMPLETED;
        w.done |= payload & 0xf == copy_result::DROPPED || future_done;
    }
    Some((code, index, payload))
}

/// Ends the subtasks whose deadline has passed (all by `until`).
fn expire_timers(state: &mut State, until: u64) -> Result<()> {
    let (due, later): (Vec<_>, Vec<_>) = state.tasks.timers.iter().partition(|(d, _)| *d <= until);
    state.tasks.timers = later;
    for (_, index) in due {
        notify(state, index, event::SUBTASK, subtask_state::RETURNED)?;
    }
    Ok(())
}

/// Waits for an event of a member of set `set`.
fn wait(state: &mut State, set: u32) -> Result<(u32, u32, u32)> {
    state.handles.waitable_set(set)?;
    loop {
        complete_reads(state)?;
        expire_timers(state, monotonic_now())?;
        if let Some(e) = take_event(state, set) {
            return Ok(e);
        }
        let deadline = state.tasks.timers.iter().map(|&(d, _)| d).min();
        // Only the guest can end a stream or write a future, and it is
        // waiting.
        let io = state.tasks.calls.iter().any(|(_, c)| matches!(c.wake, Wake::Fd { .. }));
        if deadline.is_none() && state.tasks.reads.is_empty() && !io && !guest_ready(state) {
            return trap("deadlock: the task waits for a waitable set nothing can wake");
        }
        // Until the earliest deadline (rounded up to a millisecond), or
        // as long as the descriptors take.
        let timeout = deadline.map_or(-1, |d| d.saturating_sub(monotonic_now()).div_ceil(1_000_000).min(i32::MAX as u64) as i32);
        poll_io(state, timeout)?;
    }
}

/// The pipe of the readable (or writable) end of kind `pipe` at `index`,
/// checked to be idle and not done.
fn end_of(state: &mut State, index: u32, readable: bool, pipe: Pipe) -> Result<u32> {
    let w = state.handles.waitable(index)?;
    let id = pipe_of(w, index, readable, pipe)?;
    if w.busy {
        return trap("a copy is already in progress on this end");
    }
    if w.done {
        return trap("this end is done: it can only be dropped");
    }
    Ok(id)
}

/// The pipe whose readable (or writable) end of kind `pipe` waitable `w`
/// (at `index`) is.
fn pipe_of(w: &Waitable, index: u32, readable: bool, pipe: Pipe) -> Result<u32> {
    match (w.kind, readable) {
        (WaitableKind::Readable(p, id), true) | (WaitableKind::Writable(p, id), false) if p == pipe => Ok(id),
        _ => {
            let end = if readable { "readable" } else { "writable" };
            trap(format!("handle index {index} is not the {end} end of a {pipe:?}").to_lowercase())
        }
    }
}

/// Records what a finished stream copy on end `index` means for it (a
/// dropped other end leaves it done) and returns the packed `result`.
fn copied(state: &mut State, index: u32, result: u32) -> Result<u32> {
    if result & 0xf == copy_result::DROPPED {
        state.handles.waitable(index)?.done = true;
    }
    Ok(result)
}


/// Runs built-in `b` with the flat arguments `args`; returns its flat
/// results.
pub(super) fn builtin(state: &mut State, b: Builtin, options: &CanonOptions, args: &[u64]) -> Result<Vec<u64>> {
    let arg = |i: usize| args.get(i).map_or(0, |&a| a as u32);
    let none = Ok(Vec::new());
    match b {
        Builtin::TaskReturn => {
            if state.tasks.returned.is_some() {
                return trap("`task.return` called twice");
            }
            let run = &state.meta.run;
            let ty = wasm2native_abi::canonical::FuncType {
                params: run.ty.result.iter().map(|t| (String::new(), t.clone())).collect(),
                result: None,
            };
            let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
            let vals = values::lift_args(&mut guest, options.encoding, &ty, args, false)?;
            guest.end_lends();
            state.tasks.returned = Some(vals.into_iter().next());
            none
        }
        Builtin::TaskCancel => trap("`task.cancel` called by a task that was not cancelled"),
        Builtin::ContextGet(slot) => match state.tasks.context.get(slot as usize) {
            Some(&v) => Ok(vec![u64::from(v)]),
            None => trap(format!("context slot {slot} does not exist")),
        },
        Builtin::ContextSet(slot) => match state.tasks.context.get_mut(slot as usize) {
            Some(v) => {
                *v = arg(0);
                none
            }
            None => trap(format!("context slot {slot} does not exist")),
        },
        // Nothing else runs: the task goes on, not cancelled.
        Builtin::Yield => Ok(vec![0]),
        Builtin::BackpressureInc => {
            state.tasks.backpressure = state.tasks.backpressure.checked_add(1).filter(|&b| b < 1 << 16).ok_or(Trap("backpressure overflow".into()))?;
            none
        }
        Builtin::BackpressureDec => {
            state.tasks.backpressure = state.tasks.backpressure.checked_sub(1).ok_or(Trap("backpressure underflow".into()))?;
            none
        }
        Builtin::WaitableSetNew => Ok(vec![u64::from(state.handles.add_entry(Entry::WaitableSet)?)]),
        Builtin::WaitableSetWait | Builtin::WaitableSetPoll => {
            let set = arg(0);
            let e = if b == Builtin::WaitableSetWait {
                wait(state, set)?
            } else {
                state.handles.waitable_set(set)?;
                poll_io(state, 0)?;
                complete_reads(state)?;
                expire_timers(state, monotonic_now())?;
                take_event(state, set).unwrap_or((event::NONE, 0, 0))
            };
            let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
            let record = ValType::Tuple(vec![ValType::U32, ValType::U32]);
            values::store(&mut guest, options.encoding, &record, &Val::Record(vec![Val::U32(e.1), Val::U32(e.2)]), arg(1))?;
            Ok(vec![u64::from(e.0)])
        }
        Builtin::WaitableSetDrop => {
            let set = arg(0);
            state.handles.waitable_set(set)?;
            if state.handles.members(set).next().is_some() {
                return trap("cannot drop a waitable set with waitables in it");
            }
            state.handles.remove_if(set, "a waitable set", |e| matches!(e, Entry::WaitableSet))?;
            none
        }
        Builtin::WaitableJoin => {
            let (w, set) = (arg(0), arg(1));
            if set != 0 {
                state.handles.waitable_set(set)?;
            }
            state.handles.waitable(w)?.set = (set != 0).then_some(set);
            none
        }
        Builtin::SubtaskDrop => {
            let i = arg(0);
            let w = state.handles.waitable(i)?;
            if !matches!(w.kind, WaitableKind::Subtask(_)) {
                return trap(format!("handle index {i} is not a subtask"));
            }
            if w.pending.is_some() || state.tasks.in_progress(i) {
                return trap("cannot drop a subtask which has not yet resolved");
            }
            state.handles.remove_if(i, "a subtask", |e| matches!(e, Entry::Waitable(_)))?;
            none
        }
        Builtin::SubtaskCancel(_) => {
            let i = arg(0);
            let w = state.handles.waitable(i)?;
            if !matches!(w.kind, WaitableKind::Subtask(_)) {
                return trap(format!("handle index {i} is not a subtask"));
            }
            if let Some((_, payload)) = w.pending.take() {
                return Ok(vec![u64::from(payload)]);
            }
            if !state.tasks.in_progress(i) {
                return trap("the subtask has already resolved");
            }
            state.tasks.timers.retain(|&(_, t)| t != i);
            state.tasks.calls.retain(|(t, _)| *t != i);
            // A wait has nothing to undo: it ends, cancelled, now.
            Ok(vec![4])
        }
        Builtin::New(pipe) => {
            let id = match pipe {
                Pipe::Stream => state.tasks.pipes.new_stream(),
                Pipe::Future => state.tasks.pipes.new_future(),
            };
            let r = state.handles.add_entry(Entry::Waitable(Waitable::new(WaitableKind::Readable(pipe, id))))?;
            let w = state.handles.add_entry(Entry::Waitable(Waitable::new(WaitableKind::Writable(pipe, id))))?;
            Ok(vec![u64::from(r) | (u64::from(w) << 32)])
        }
        Builtin::Read(Pipe::Stream) => {
            let (index, ptr, n) = (arg(0), arg(1), arg(2));
            let id = end_of(state, index, true, Pipe::Stream)?;
            let result = match read_into(state, id, ptr, n, options)? {
                Ok(result) => result,
                Err(fd) => {
                    // Nothing yet: the event loop reads when the host
                    // descriptor is ready.
                    state.handles.waitable(index)?.busy = true;
                    state.tasks.reads.push(PendingRead { index, stream: id, ptr, n, options: options.clone(), fd });
                    return Ok(vec![u64::from(BLOCKED)]);
                }
            };
            complete_reads(state)?;
            Ok(vec![u64::from(copied(state, index, result)?)])
        }
        Builtin::Write(Pipe::Stream) => {
            let (index, ptr, n) = (arg(0), arg(1), arg(2));
            let id = end_of(state, index, false, Pipe::Stream)?;
            let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
            let range = values::mem_range(&mut guest, ptr, u64::from(n))?;
            use wasm2native_abi::canonical::values::Guest;
            let bytes = guest.memory()[range].to_vec();
            let result = match state.tasks.pipes.guest_write(id, &bytes)? {
                Written::All => pack_copy(copy_result::COMPLETED, n),
                Written::Dropped => pack_copy(copy_result::DROPPED, 0),
            };
            complete_reads(state)?;
            Ok(vec![u64::from(copied(state, index, result)?)])
        }
        Builtin::Read(Pipe::Future) => {
            let (index, ptr) = (arg(0), arg(1));
            let id = end_of(state, index, true, Pipe::Future)?;
            if store_future(state, id, ptr, options)? {
                state.handles.waitable(index)?.done = true;
                return Ok(vec![u64::from(copy_result::COMPLETED)]);
            }
            state.handles.waitable(index)?.busy = true;
            state.tasks.blocked.push(BlockedRead { index, future: id, ptr, options: options.clone() });
            Ok(vec![u64::from(BLOCKED)])
        }
        Builtin::Write(Pipe::Future) => {
            let (index, ptr) = (arg(0), arg(1));
            let id = end_of(state, index, false, Pipe::Future)?;
            let value = match state.tasks.pipes.future_type(id)? {
                Some(ty) => {
                    let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
                    values::load(&mut guest, options.encoding, &ty, ptr)?
                }
                None => Val::Record(Vec::new()),
            };
            let result = match state.tasks.pipes.guest_write_future(id, value)? {
                FutureWrite::Taken => copy_result::COMPLETED,
                FutureWrite::Dropped => copy_result::DROPPED,
                FutureWrite::Waiting => {
                    // Done when the reader takes it (the host, when the
                    // future is passed to it, or the guest itself).
                    state.handles.waitable(index)?.busy = true;
                    state.tasks.writes.push((index, id));
                    complete_reads(state)?;
                    return Ok(vec![u64::from(BLOCKED)]);
                }
            };
            state.handles.waitable(index)?.done = true;
            Ok(vec![u64::from(result)])
        }
        Builtin::CancelRead(pipe, _) | Builtin::CancelWrite(pipe, _) => {
            let index = arg(0);
            let w = state.handles.waitable(index)?;
            if let Some((_, payload)) = w.pending.take() {
                w.busy = false;
                return Ok(vec![u64::from(payload)]);
            }
            if !w.busy {
                return trap(format!("no {pipe:?} copy in progress to cancel").to_lowercase());
            }
            w.busy = false;
            state.tasks.blocked.retain(|r| r.index != index);
            state.tasks.reads.retain(|r| r.index != index);
            state.tasks.writes.retain(|&(i, _)| i != index);
            Ok(vec![u64::from(copy_result::CANCELLED)])
        }
        Builtin::DropReadable(pipe) | Builtin::DropWritable(pipe) => {
            let index = arg(0);
            let readable = matches!(b, Builtin::DropReadable(_));
            let w = state.handles.waitable(index)?;
            let id = pipe_of(w, index, readable, pipe)?;
            if w.busy {
                return trap("cannot drop an end with a copy in progress");
            }
            state.handles.remove_if(index, "a waitable", |e| matches!(e, Entry::Waitable(_)))?;
            state.tasks.blocked.retain(|r| r.index != index);
            state.tasks.reads.retain(|r| r.index != index);
            match pipe {
                Pipe::Stream => state.tasks.pipes.drop_stream_end(id, readable)?,
                Pipe::Future => state.tasks.pipes.drop_future_end(id, readable)?,
            }
            complete_reads(state)?;
            none
        }
    }
}
