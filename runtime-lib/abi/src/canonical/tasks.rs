//! The async canonical ABI's built-ins and codes (`CanonicalABI.md`:
//! `canon task.return`, waitable sets, subtasks, streams and futures, and
//! the callback loop of an `async` lift). The compiler binds each built-in
//! a core module imports to a host call of this kind; the runtime runs
//! them over the component's table and event loop. The numbers here are
//! the ones guests are compiled against.

use serde::{Deserialize, Serialize};

use super::CoreSignature;
use crate::meta::ValType::{I32, I64};

/// What a callback (or an async-lifted function's first call) returns, in
/// its low 4 bits; `WAIT` carries the waitable set's index above them.
pub mod callback_code {
    /// The task is done.
    pub const EXIT: u32 = 0;
    /// Call the callback again with no event, after others ran.
    pub const YIELD: u32 = 1;
    /// Call the callback with the next event of waitable set `code >> 4`.
    pub const WAIT: u32 = 2;
}

/// The events delivered to a callback, or by `waitable-set.wait`/`poll`.
pub mod event {
    /// No event (after `YIELD`, or a poll that found nothing).
    pub const NONE: u32 = 0;
    /// A subtask changed state; the payload is its state.
    pub const SUBTASK: u32 = 1;
    /// A `stream.read` finished; the payload is a copy result.
    pub const STREAM_READ: u32 = 2;
    /// A `stream.write` finished.
    pub const STREAM_WRITE: u32 = 3;
    /// A `future.read` finished.
    pub const FUTURE_READ: u32 = 4;
    /// A `future.write` finished.
    pub const FUTURE_WRITE: u32 = 5;
    /// The task was cancelled.
    pub const TASK_CANCELLED: u32 = 6;
}

/// The states of a subtask (an `async`-lowered call), as returned by the
/// call (with the subtask's index above the low 4 bits) and in events.
pub mod subtask_state {
    /// Not started yet: the arguments are still in the caller's memory.
    pub const STARTING: u32 = 0;
    /// Started: the arguments were read.
    pub const STARTED: u32 = 1;
    /// Returned: the results were written.
    pub const RETURNED: u32 = 2;
}

/// The outcome of a copy (`stream.read`/`write`, `future.read`/`write`),
/// in the low 4 bits, with the number of elements copied above them.
pub mod copy_result {
    /// The copy finished (the buffer was filled or consumed).
    pub const COMPLETED: u32 = 0;
    /// The other end was dropped.
    pub const DROPPED: u32 = 1;
    /// The copy was cancelled.
    pub const CANCELLED: u32 = 2;
}

/// What an `async` copy or cancellation returns when it cannot finish
/// now: its event comes later.
pub const BLOCKED: u32 = 0xffff_ffff;

/// A canonical built-in of the async ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Builtin {
    /// `task.return`: the task's result, flattened as parameters.
    TaskReturn,
    /// `task.cancel`.
    TaskCancel,
    /// `context.get i32 N`.
    ContextGet(u32),
    /// `context.set i32 N`.
    ContextSet(u32),
    /// `thread.yield`.
    Yield,
    /// `backpressure.inc`.
    BackpressureInc,
    /// `backpressure.dec`.
    BackpressureDec,
    /// `waitable-set.new`.
    WaitableSetNew,
    /// `waitable-set.wait`.
    WaitableSetWait,
    /// `waitable-set.poll`.
    WaitableSetPoll,
    /// `waitable-set.drop`.
    WaitableSetDrop,
    /// `waitable.join`.
    WaitableJoin,
    /// `subtask.drop`.
    SubtaskDrop,
    /// `subtask.cancel`, `async` or not.
    SubtaskCancel(bool),
    /// `stream.new` or `future.new`.
    New(Pipe),
    /// `stream.read` or `future.read`.
    Read(Pipe),
    /// `stream.write` or `future.write`.
    Write(Pipe),
    /// `stream.cancel-read` or `future.cancel-read`, `async` or not.
    CancelRead(Pipe, bool),
    /// `stream.cancel-write` or `future.cancel-write`, `async` or not.
    CancelWrite(Pipe, bool),
    /// `stream.drop-readable` or `future.drop-readable`.
    DropReadable(Pipe),
    /// `stream.drop-writable` or `future.drop-writable`.
    DropWritable(Pipe),
}

/// Streams and futures share their built-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pipe {
    /// `stream<T>`.
    Stream,
    /// `future<T>`.
    Future,
}

impl Builtin {
    /// The core signature of the built-in; `None` for `task.return`,
    /// whose parameters are the task's flattened result.
    pub fn core_signature(self) -> Option<CoreSignature> {
        let sig = |params: &[crate::meta::ValType], results: &[crate::meta::ValType]| CoreSignature {
            params: params.to_vec(),
            results: results.to_vec(),
        };
        Some(match self {
            Builtin::TaskReturn => return None,
            Builtin::TaskCancel | Builtin::BackpressureInc | Builtin::BackpressureDec => sig(&[], &[]),
            Builtin::ContextGet(_) | Builtin::WaitableSetNew | Builtin::Yield => sig(&[], &[I32]),
            Builtin::ContextSet(_) | Builtin::WaitableSetDrop | Builtin::SubtaskDrop => sig(&[I32], &[]),
            Builtin::DropReadable(_) | Builtin::DropWritable(_) => sig(&[I32], &[]),
            Builtin::WaitableSetWait | Builtin::WaitableSetPoll => sig(&[I32, I32], &[I32]),
            Builtin::WaitableJoin => sig(&[I32, I32], &[]),
            Builtin::SubtaskCancel(_) | Builtin::CancelRead(..) | Builtin::CancelWrite(..) => sig(&[I32], &[I32]),
            Builtin::New(_) => sig(&[], &[I64]),
            Builtin::Read(Pipe::Stream) | Builtin::Write(Pipe::Stream) => sig(&[I32, I32, I32], &[I32]),
            Builtin::Read(Pipe::Future) | Builtin::Write(Pipe::Future) => sig(&[I32, I32], &[I32]),
        })
    }

    /// The built-in's name in the text format.
    pub fn name(self) -> alloc::string::String {
        let pipe = |p: Pipe| match p {
            Pipe::Stream => "stream",
            Pipe::Future => "future",
        };
        match self {
            Builtin::TaskReturn => "task.return".into(),
            Builtin::TaskCancel => "task.cancel".into(),
            Builtin::ContextGet(n) => alloc::format!("context.get {n}"),
            Builtin::ContextSet(n) => alloc::format!("context.set {n}"),
            Builtin::Yield => "thread.yield".into(),
            Builtin::BackpressureInc => "backpressure.inc".into(),
            Builtin::BackpressureDec => "backpressure.dec".into(),
            Builtin::WaitableSetNew => "waitable-set.new".into(),
            Builtin::WaitableSetWait => "waitable-set.wait".into(),
            Builtin::WaitableSetPoll => "waitable-set.poll".into(),
            Builtin::WaitableSetDrop => "waitable-set.drop".into(),
            Builtin::WaitableJoin => "waitable.join".into(),
            Builtin::SubtaskDrop => "subtask.drop".into(),
            Builtin::SubtaskCancel(_) => "subtask.cancel".into(),
            Builtin::New(p) => alloc::format!("{}.new", pipe(p)),
            Builtin::Read(p) => alloc::format!("{}.read", pipe(p)),
            Builtin::Write(p) => alloc::format!("{}.write", pipe(p)),
            Builtin::CancelRead(p, _) => alloc::format!("{}.cancel-read", pipe(p)),
            Builtin::CancelWrite(p, _) => alloc::format!("{}.cancel-write", pipe(p)),
            Builtin::DropReadable(p) => alloc::format!("{}.drop-readable", pipe(p)),
            Builtin::DropWritable(p) => alloc::format!("{}.drop-writable", pipe(p)),
        }
    }
}

/// Packs a copy's outcome: `result` with the count above it.
pub fn pack_copy(result: u32, count: u32) -> u32 {
    result | (count << 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn signatures_follow_the_spec() {
        assert_eq!(Builtin::TaskReturn.core_signature(), None);
        assert_eq!(Builtin::New(Pipe::Stream).core_signature().unwrap().results, vec![I64]);
        assert_eq!(Builtin::Read(Pipe::Future).core_signature().unwrap().params, vec![I32, I32]);
        assert_eq!(Builtin::Write(Pipe::Stream).core_signature().unwrap().params, vec![I32, I32, I32]);
        assert_eq!(Builtin::CancelRead(Pipe::Stream, true).name(), "stream.cancel-read");
        assert_eq!(pack_copy(copy_result::DROPPED, 3), 0x31);
    }
}
