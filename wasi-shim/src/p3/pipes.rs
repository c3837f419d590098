//! The streams and futures of a component (`CanonicalABI.md`: the shared
//! state of `stream<T>` and `future<T>`): each has a readable and a
//! writable end, held by the guest (in its table, as the runtime keeps
//! it) or by the host, which reads or writes host descriptors on its
//! behalf. Copies between the guest and a host end finish at once (host
//! reads and writes block, as preview 1's do); a future the host has not
//! written yet makes a guest read wait until it is.

use std::collections::VecDeque;
use std::os::fd::AsRawFd;

use wasm2native_abi::canonical::values::{Trap, Val};
use wasm2native_abi::canonical::ValType;

/// Who holds one end of a pipe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The guest (an entry of its table).
    Guest,
    /// The host.
    Host,
    /// Nobody: it was dropped.
    Dropped,
}

/// Where the host writes what the guest writes into a stream.
#[derive(Debug)]
pub enum Sink {
    /// A host descriptor (standard output or error), unbuffered.
    Fd(i32),
    /// A file, from `offset` on, or (`None`) at its end.
    File {
        /// The file.
        file: std::fs::File,
        /// Where the next write goes.
        offset: Option<u64>,
    },
    /// A connected socket (non-blocking: writes wait for room).
    Socket(socket2::Socket),
    /// Memory, until the host takes it ([`Pipes::take_buffer`]): an HTTP
    /// body, sent once complete.
    Buffer(Vec<u8>),
}

/// Where the host reads what the guest reads from a stream.
#[derive(Debug)]
pub enum Source {
    /// Host descriptor 0.
    Stdin,
    /// A file, from `offset` on.
    File {
        /// The file.
        file: std::fs::File,
        /// Where the next read starts.
        offset: u64,
    },
    /// Values the host has ready (a directory's entries).
    Values(VecDeque<Val>),
    /// Bytes the host has ready (an HTTP body it received).
    Bytes(VecDeque<u8>),
    /// A connected socket's incoming bytes (non-blocking).
    Socket(socket2::Socket),
    /// A listening socket's incoming connections (non-blocking).
    Accept(socket2::Socket),
}

/// A stream.
#[derive(Debug)]
struct Stream {
    reader: Holder,
    writer: Holder,
    /// Set when the host holds the readable end.
    sink: Option<Sink>,
    /// Set when the host holds the writable end.
    source: Option<Source>,
    /// The future the host resolves when the stream ends.
    done: Option<Done>,
    /// Its element type, once the host knows it.
    ty: Option<ValType>,
}

/// The future a host end of a stream resolves when the stream ends:
/// `ok`, or `err(error-code)` when a host read or write failed.
#[derive(Clone, Copy, Debug)]
pub struct Done {
    /// The future.
    pub future: u32,
    /// The interface's `error-code` of a host error.
    pub error: fn(&std::io::Error) -> Val,
}

/// A future.
#[derive(Debug)]
struct Future {
    reader: Holder,
    writer: Holder,
    /// Its value's type, once the host knows it (from the signature that
    /// passed the future).
    ty: Option<ValType>,
    /// The value, once written and until read.
    value: Option<Val>,
    /// The value was written by the guest (whose write waits until it is
    /// taken).
    guest_written: bool,
}

/// What a guest's write into a future gives.
#[derive(Debug, PartialEq)]
pub enum FutureWrite {
    /// The reader took the value.
    Taken,
    /// The reader is gone.
    Dropped,
    /// The reader (the guest) has not taken it yet: see
    /// [`Pipes::take_consumed`].
    Waiting,
}

/// What a guest's read of a stream gives.
#[derive(Debug)]
pub enum Read {
    /// Bytes (of a `stream<u8>`); at least one unless none were asked for.
    Bytes(Vec<u8>),
    /// Values of another element type.
    Values(Vec<Val>),
    /// The writer is gone: the stream ended.
    Dropped,
    /// Nothing yet: host descriptor `fd` becomes readable when there is.
    Blocked(i32),
    /// A connection a listening socket accepted (the host makes it a
    /// resource).
    Accepted(socket2::Socket),
}

impl PartialEq for Read {
    /// Sockets are never equal; the rest by value.
    fn eq(&self, other: &Read) -> bool {
        match (self, other) {
            (Read::Bytes(a), Read::Bytes(b)) => a == b,
            (Read::Values(a), Read::Values(b)) => a == b,
            (Read::Dropped, Read::Dropped) => true,
            (Read::Blocked(a), Read::Blocked(b)) => a == b,
            _ => false,
        }
    }
}

/// What a guest's write into a stream gives.
#[derive(Debug, PartialEq)]
pub enum Written {
    /// All of it was taken.
    All,
    /// The reader is gone (or failed: the stream's future says how).
    Dropped,
}

/// The pipes of one component.
#[derive(Debug, Default)]
pub struct Pipes {
    streams: Vec<Option<Stream>>,
    futures: Vec<Option<Future>>,
    /// Futures written since [`Pipes::take_written`] was last called.
    written: Vec<u32>,
    /// Futures whose guest-written value was taken since
    /// [`Pipes::take_consumed`] was last called.
    consumed: Vec<u32>,
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

/// `ok` of a `result<_, E>`.
fn ok() -> Val {
    Val::Variant(0, None)
}

impl Pipes {
    /// No pipes.
    pub fn new() -> Pipes {
        Pipes::default()
    }

    /// A new stream, both ends held by the guest (`stream.new`).
    pub fn new_stream(&mut self) -> u32 {
        self.streams.push(Some(Stream {
            reader: Holder::Guest,
            writer: Holder::Guest,
            sink: None,
            source: None,
            done: None,
            ty: None,
        }));
        self.streams.len() as u32 - 1
    }

    /// A new future, both ends held by the guest (`future.new`).
    pub fn new_future(&mut self) -> u32 {
        self.futures.push(Some(Future { reader: Holder::Guest, writer: Holder::Guest, ty: None, value: None, guest_written: false }));
        self.futures.len() as u32 - 1
    }

    fn stream(&mut self, id: u32) -> Result<&mut Stream, Trap> {
        match self.streams.get_mut(id as usize) {
            Some(Some(s)) => Ok(s),
            _ => trap(format!("unknown stream {id}")),
        }
    }

    fn future(&mut self, id: u32) -> Result<&mut Future, Trap> {
        match self.futures.get_mut(id as usize) {
            Some(Some(f)) => Ok(f),
            _ => trap(format!("unknown future {id}")),
        }
    }

    /// A stream the host writes from `source`, read by the guest; `done`
    /// (a future) is resolved when it ends.
    pub fn host_source(&mut self, source: Source, done: Option<Done>) -> u32 {
        let id = self.new_stream();
        let s = self.streams[id as usize].as_mut().expect("just made");
        s.writer = Holder::Host;
        s.source = Some(source);
        s.done = done;
        id
    }

    /// The host takes the readable end of the guest's stream `id` and
    /// writes what arrives to `sink`; `done` is resolved when the guest's
    /// writer ends it (or the sink fails).
    pub fn host_sink(&mut self, id: u32, sink: Sink, done: Option<Done>) -> Result<(), Trap> {
        let s = self.stream(id)?;
        s.reader = Holder::Host;
        s.sink = Some(sink);
        s.done = done;
        Ok(())
    }

    /// A future the host writes (later, with [`Pipes::resolve`]), read by
    /// the guest.
    pub fn host_future(&mut self) -> u32 {
        let id = self.new_future();
        self.futures[id as usize].as_mut().expect("just made").writer = Holder::Host;
        id
    }

    /// Writes `value` into the host's future `id`, if it still waits.
    pub fn resolve(&mut self, id: u32, value: Val) {
        if let Ok(f) = self.future(id) {
            if f.writer == Holder::Host && f.value.is_none() {
                f.value = Some(value);
                f.writer = Holder::Dropped;
                self.written.push(id);
            }
        }
    }

    /// The futures written since the last call: guest reads waiting on
    /// them can finish.
    pub fn take_written(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.written)
    }

    /// The host refuses the readable end of the guest's stream `id` it
    /// was given (the guest's writes find it dropped), resolving `future`
    /// with `outcome` (the error).
    pub fn host_refuse(&mut self, id: u32, future: u32, outcome: Val) -> Result<(), Trap> {
        self.stream(id)?.reader = Holder::Dropped;
        self.resolve(future, outcome);
        Ok(())
    }

    /// A stream the host could not start: it ends at once, `future`
    /// resolved with `outcome` (the error).
    pub fn failed_source(&mut self, future: u32, outcome: Val) -> u32 {
        let id = self.host_source(Source::Values(VecDeque::new()), None);
        self.resolve(future, outcome);
        id
    }

    /// Records the element type of stream `id` (from the signature that
    /// passes it).
    pub fn set_stream_type(&mut self, id: u32, ty: Option<ValType>) -> Result<(), Trap> {
        self.stream(id)?.ty = ty;
        Ok(())
    }

    /// The element type of stream `id`, if known.
    pub fn stream_type(&mut self, id: u32) -> Result<Option<ValType>, Trap> {
        Ok(self.stream(id)?.ty.clone())
    }

    /// Records the value type of future `id` (from the signature that
    /// passes it).
    pub fn set_future_type(&mut self, id: u32, ty: Option<ValType>) -> Result<(), Trap> {
        self.future(id)?.ty = ty;
        Ok(())
    }

    /// The guest reads up to `max` elements of stream `id`.
    pub fn guest_read(&mut self, id: u32, max: u32) -> Result<Read, Trap> {
        let s = self.stream(id)?;
        if s.writer == Holder::Dropped {
            return Ok(Read::Dropped);
        }
        let Some(source) = s.source.as_mut() else {
            return trap("reading a stream whose writable end the component holds itself is not supported yet");
        };
        let mut buf = vec![0u8; (max as usize).min(1 << 16)];
        let n = match source {
            Source::Values(values) => {
                if values.is_empty() {
                    return Ok(self.end_source(id, ok()));
                }
                let n = values.len().min(max as usize);
                return Ok(Read::Values(values.drain(..n).collect()));
            }
            _ if max == 0 => return Ok(Read::Bytes(Vec::new())),
            Source::Bytes(bytes) => {
                if bytes.is_empty() {
                    return Ok(self.end_source(id, ok()));
                }
                let n = bytes.len().min(max as usize);
                return Ok(Read::Bytes(bytes.drain(..n).collect()));
            }
            Source::Accept(listener) => {
                return Ok(match listener.accept() {
                    Ok((conn, _)) => Read::Accepted(conn),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Read::Blocked(listener.as_raw_fd()),
                    Err(e) => {
                        let error = self.stream(id)?.done.map(|d| (d.error)(&e));
                        self.end_source(id, Val::Variant(1, error.map(Box::new)))
                    }
                });
            }
            Source::Socket(sock) => {
                use std::io::Read as _;
                match sock.read(&mut buf) {
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(Read::Blocked(sock.as_raw_fd())),
                    r => r,
                }
            }
            Source::Stdin => loop {
                // SAFETY: `buf` is valid for its length.
                let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
                if n >= 0 {
                    break Ok(n as usize);
                }
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    break Err(e);
                }
            },
            Source::File { file, offset } => {
                let r = std::os::unix::fs::FileExt::read_at(file, &mut buf, *offset);
                if let Ok(n) = r {
                    *offset += n as u64;
                }
                r
            }
        };
        Ok(match n {
            Ok(0) => self.end_source(id, ok()),
            Ok(n) => {
                buf.truncate(n);
                Read::Bytes(buf)
            }
            Err(e) => {
                let error = self.stream(id)?.done.map(|d| (d.error)(&e));
                self.end_source(id, Val::Variant(1, error.map(Box::new)))
            }
        })
    }

    /// The host's writer of stream `id` ends with `outcome`.
    fn end_source(&mut self, id: u32, outcome: Val) -> Read {
        if let Ok(s) = self.stream(id) {
            s.writer = Holder::Dropped;
            s.source = None;
            if let Some(done) = s.done.take() {
                self.resolve(done.future, outcome);
            }
        }
        Read::Dropped
    }

    /// The guest writes `bytes` into stream `id`.
    pub fn guest_write(&mut self, id: u32, bytes: &[u8]) -> Result<Written, Trap> {
        let s = self.stream(id)?;
        if s.reader == Holder::Dropped {
            return Ok(Written::Dropped);
        }
        let Some(sink) = s.sink.as_mut() else {
            return trap("writing a stream whose readable end the component holds itself is not supported yet");
        };
        let r = match sink {
            Sink::Fd(fd) => crate::p2::write_all(*fd, bytes),
            Sink::File { file, offset } => crate::p2::write_file(file, offset, bytes),
            Sink::Socket(sock) => send_all(sock, bytes),
            Sink::Buffer(buf) => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
        };
        match r {
            Ok(()) => Ok(Written::All),
            Err(e) => {
                s.reader = Holder::Dropped;
                s.sink = None;
                if let Some(done) = s.done.take() {
                    self.resolve(done.future, Val::Variant(1, Some(Box::new((done.error)(&e)))));
                }
                Ok(Written::Dropped)
            }
        }
    }

    /// The guest drops its end of stream `id`.
    pub fn drop_stream_end(&mut self, id: u32, readable: bool) -> Result<(), Trap> {
        let s = self.stream(id)?;
        // A socket's halves end as POSIX `shutdown` ends them.
        if readable {
            s.reader = Holder::Dropped;
            if let Some(Source::Socket(sock)) = s.source.take() {
                let _ = sock.shutdown(std::net::Shutdown::Read);
            }
        } else {
            s.writer = Holder::Dropped;
            if let Some(Sink::Socket(sock)) = &s.sink {
                let _ = sock.shutdown(std::net::Shutdown::Write);
                s.sink = None;
            }
        }
        // A host end whose partner is gone ends the stream well; a buffer
        // stays until the host takes it.
        let done = s.done.take();
        let gone = s.reader != Holder::Guest && s.writer != Holder::Guest && !matches!(s.sink, Some(Sink::Buffer(_)));
        if let Some(done) = done {
            self.resolve(done.future, ok());
        }
        if gone {
            self.streams[id as usize] = None;
        }
        Ok(())
    }

    /// Whether the guest's writer of stream `id` is gone (it ended).
    pub fn ended(&mut self, id: u32) -> bool {
        self.stream(id).map_or(true, |s| s.writer != Holder::Guest)
    }

    /// Takes what the guest wrote into stream `id`, whose sink is a
    /// buffer: the bytes, and whether the stream ended. An ended stream is
    /// gone afterwards.
    pub fn take_buffer(&mut self, id: u32) -> Result<(Vec<u8>, bool), Trap> {
        let s = self.stream(id)?;
        let Some(Sink::Buffer(buf)) = s.sink.as_mut() else { return trap(format!("stream {id} is not buffered by the host")) };
        let bytes = std::mem::take(buf);
        let ended = s.writer != Holder::Guest;
        if ended {
            self.streams[id as usize] = None;
        }
        Ok((bytes, ended))
    }

    /// Whether the guest has written future `id` or dropped its writer.
    pub fn settled(&mut self, id: u32) -> bool {
        self.future(id).map_or(true, |f| f.value.is_some() || f.writer != Holder::Guest)
    }

    /// Takes the value the guest wrote into future `id`, whose readable
    /// end the host holds, if it was written.
    pub fn take_future_value(&mut self, id: u32) -> Result<Option<Val>, Trap> {
        // Gone: its writer went away without writing.
        let Ok(f) = self.future(id) else { return Ok(None) };
        if f.reader != Holder::Host {
            return trap(format!("future {id} is not the host's to read"));
        }
        let value = f.value.take();
        if value.is_some() && f.writer != Holder::Guest {
            self.futures[id as usize] = None;
        }
        Ok(value)
    }

    /// The guest reads future `id`: its value and type, once written.
    pub fn guest_read_future(&mut self, id: u32) -> Result<Option<(Val, Option<ValType>)>, Trap> {
        let f = self.future(id)?;
        let taken = f.value.take().map(|v| (v, f.ty.clone()));
        if taken.is_some() && f.guest_written {
            self.consumed.push(id);
        }
        Ok(taken)
    }

    /// The guest writes `value` into future `id`.
    pub fn guest_write_future(&mut self, id: u32, value: Val) -> Result<FutureWrite, Trap> {
        let f = self.future(id)?;
        Ok(match f.reader {
            Holder::Host => {
                f.value = Some(value);
                f.writer = Holder::Dropped;
                FutureWrite::Taken
            }
            Holder::Dropped => FutureWrite::Dropped,
            Holder::Guest => {
                f.value = Some(value);
                f.guest_written = true;
                self.written.push(id);
                FutureWrite::Waiting
            }
        })
    }

    /// The host takes the readable end of the guest's future `id` (and a
    /// value the guest has written into it).
    pub fn host_takes_future(&mut self, id: u32) -> Result<(), Trap> {
        let f = self.future(id)?;
        f.reader = Holder::Host;
        if f.value.is_some() && f.guest_written {
            self.consumed.push(id);
        }
        Ok(())
    }

    /// The futures whose guest-written value was taken since the last
    /// call: the guest's writes waiting on them are done.
    pub fn take_consumed(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.consumed)
    }

    /// The value type of future `id`, if known.
    pub fn future_type(&mut self, id: u32) -> Result<Option<ValType>, Trap> {
        Ok(self.future(id)?.ty.clone())
    }

    /// The guest drops its end of future `id`.
    pub fn drop_future_end(&mut self, id: u32, readable: bool) -> Result<(), Trap> {
        let f = self.future(id)?;
        if readable {
            f.reader = Holder::Dropped;
        } else {
            f.writer = Holder::Dropped;
        }
        // A value the host is to read stays until it does.
        let host_reads = f.reader == Holder::Host && f.value.is_some();
        if f.reader != Holder::Guest && f.writer != Holder::Guest && !host_reads {
            self.futures[id as usize] = None;
        }
        Ok(())
    }
}

/// Sends all of `bytes` on the non-blocking `sock`, waiting for room
/// (without `SIGPIPE` when the peer is gone: that is an error).
pub(crate) fn send_all(sock: &socket2::Socket, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match sock.send_with_flags(bytes, libc::MSG_NOSIGNAL) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                wait_fd(sock.as_raw_fd(), true, -1);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Waits until host descriptor `fd` is readable (or `write`: writable),
/// or has an error or hang-up to report, at most `timeout_ms` (-1:
/// forever); whether it is.
pub fn wait_fd(fd: i32, write: bool, timeout_ms: i32) -> bool {
    let mut p = libc::pollfd { fd, events: if write { libc::POLLOUT } else { libc::POLLIN }, revents: 0 };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut p, 1, timeout_ms) > 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sink_resolves_its_future_when_the_writer_drops() {
        let mut p = Pipes::new();
        let s = p.new_stream();
        let f = p.host_future();
        let file = tempfile_in_target();
        p.host_sink(s, Sink::File { file, offset: Some(0) }, Some(Done { future: f, error: |_| Val::U8(0) })).unwrap();
        assert_eq!(p.guest_write(s, b"abc").unwrap(), Written::All);
        assert_eq!(p.guest_read_future(f).unwrap(), None);
        p.drop_stream_end(s, false).unwrap();
        assert_eq!(p.take_written(), vec![f]);
        assert_eq!(p.guest_read_future(f).unwrap(), Some((ok(), None)));
    }

    #[test]
    fn a_source_of_values_ends_with_dropped() {
        let mut p = Pipes::new();
        let f = p.host_future();
        let done = Some(Done { future: f, error: |_| Val::U8(0) });
        let s = p.host_source(Source::Values(VecDeque::from([Val::U8(1), Val::U8(2), Val::U8(3)])), done);
        assert_eq!(p.guest_read(s, 2).unwrap(), Read::Values(vec![Val::U8(1), Val::U8(2)]));
        assert_eq!(p.guest_read(s, 2).unwrap(), Read::Values(vec![Val::U8(3)]));
        assert_eq!(p.guest_read(s, 2).unwrap(), Read::Dropped);
        assert_eq!(p.guest_read(s, 2).unwrap(), Read::Dropped);
        assert_eq!(p.take_written(), vec![f]);
    }

    #[test]
    fn guest_to_guest_pipes_are_refused_clearly() {
        let mut p = Pipes::new();
        let s = p.new_stream();
        assert!(p.guest_write(s, b"x").unwrap_err().0.contains("not supported yet"));
        assert!(p.guest_read(s, 1).unwrap_err().0.contains("not supported yet"));
        assert!(p.guest_read(99, 1).unwrap_err().0.contains("unknown stream"));
    }

    fn tempfile_in_target() -> std::fs::File {
        let path = std::env::temp_dir().join(format!("w2n-pipes-{}", std::process::id()));
        let file = std::fs::OpenOptions::new().create(true).truncate(true).read(true).write(true).open(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        file
    }
}
