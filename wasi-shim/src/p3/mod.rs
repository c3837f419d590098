//! WASI 0.3 host interfaces, for components: the functions of
//! [`PROVIDED_P3`], on the same host state as WASI 0.2's
//! ([`crate::p2::Host`]: arguments, environment, grants, objects). Where a
//! 0.3 function is its 0.2 namesake (arguments, random numbers, terminals)
//! it is that function; the standard streams are `stream<u8>`s on
//! [`Pipes`], and the waits of `wasi:clocks` are deadlines the runtime's
//! event loop keeps.

pub mod pipes;
pub mod exchange;
pub(crate) mod http;
pub(crate) mod sockets;
pub mod tls;
pub(crate) mod wire;

use wasm2native_abi::canonical::values::{Trap, Val};
pub use wasm2native_abi::wasi_p2::PROVIDED_P3;
use wasm2native_abi::wasi_p2::{interface_of, Version};

use crate::p2::{clock_ns, Host};
pub use pipes::Pipes;
use pipes::{Done, Sink, Source};

/// What a WASI 0.3 call gives.
#[derive(Debug, PartialEq)]
pub enum Call {
    /// Its result, now.
    Done(Option<Val>),
    /// Nothing until the monotonic clock reaches this many nanoseconds
    /// (an `async` function that waits).
    Until(u64),
    /// Nothing until host descriptor `fd` is readable (or, `write`,
    /// writable): then the same call again.
    WaitFd {
        /// The descriptor.
        fd: i32,
        /// Wait to write rather than to read.
        write: bool,
    },
    /// Nothing until the guest ends stream `0` (whose readable end the
    /// host buffers, [`Pipes::ended`]): then the same call again.
    WaitStream(u32),
    /// Nothing until the guest writes future `0` (whose readable end the
    /// host holds, [`Pipes::settled`]) or drops its writer: then the same
    /// call again.
    WaitFuture(u32),
}

/// The nanoseconds of the monotonic clock (`wasi:clocks/monotonic-clock`'s
/// `now`), by which [`Call::Until`] deadlines count.
pub fn monotonic_now() -> u64 {
    clock_ns(libc::CLOCK_MONOTONIC)
}

/// `wasi:cli/types.error-code` of a host error on a standard stream.
fn cli_error(e: &std::io::Error) -> Val {
    Val::Variant(
        match e.raw_os_error() {
            Some(libc::EILSEQ) => 1,
            Some(libc::EPIPE) => 2,
            _ => 0,
        },
        None,
    )
}

/// `wasi:filesystem/types.error-code` (0.3) of a host error on a file
/// stream.
fn fs_error(e: &std::io::Error) -> Val {
    crate::p2::filesystem::error_code_val(crate::types::Errno::from_host(e.raw_os_error().unwrap_or(libc::EIO)), Version::P3)
}

/// `err(error-code)` of a failure to start a file stream.
fn fs_failure(e: crate::errno::Error) -> Val {
    crate::p2::filesystem::result(Err(e), Version::P3)
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

impl Host {
    /// The guest reads up to `max` elements of stream `id`; a connection a
    /// listening socket accepted becomes a `tcp-socket` resource here.
    pub fn read_stream(&mut self, pipes: &mut Pipes, id: u32, max: u32) -> Result<pipes::Read, Trap> {
        Ok(match pipes.guest_read(id, max)? {
            pipes::Read::Accepted(conn) => pipes::Read::Values(vec![self.accepted(conn)]),
            other => other,
        })
    }

    /// Calls `name` of the WASI 0.3 `interface` (versioned) with `args`;
    /// streams and futures it passes are on `pipes`.
    pub fn call_p3(&mut self, interface: &str, name: &str, args: &[Val], pipes: &mut Pipes) -> Result<Call, Trap> {
        let Some((iface, Version::P3)) = interface_of(interface) else {
            return trap(format!("{interface} is not a WASI 0.3 interface"));
        };
        let done = |v: Val| Ok(Call::Done(Some(v)));
        match (iface, name, args) {
            ("wasi:cli/stdout" | "wasi:cli/stderr", "write-via-stream", [Val::Pipe(stream)]) => {
                let fd = if iface == "wasi:cli/stdout" { 1 } else { 2 };
                let future = pipes.host_future();
                pipes.host_sink(*stream, Sink::Fd(fd), Some(Done { future, error: cli_error }))?;
                done(Val::Pipe(future))
            }
            ("wasi:cli/stdin", "read-via-stream", []) => {
                let future = pipes.host_future();
                let stream = pipes.host_source(Source::Stdin, Some(Done { future, error: cli_error }));
                done(Val::Record(vec![Val::Pipe(stream), Val::Pipe(future)]))
            }
            ("wasi:clocks/monotonic-clock", "wait-until", [Val::U64(when)]) => Ok(Call::Until(*when)),
            ("wasi:clocks/monotonic-clock", "wait-for", [Val::U64(how_long)]) => {
                Ok(Call::Until(monotonic_now().saturating_add(*how_long)))
            }
            ("wasi:clocks/monotonic-clock" | "wasi:clocks/system-clock", "get-resolution", []) => done(Val::U64(1)),
            ("wasi:clocks/system-clock", "now", []) => {
                let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
                // SAFETY: `ts` is a valid timespec to write.
                unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
                done(Val::Record(vec![Val::S64(ts.tv_sec), Val::U32(ts.tv_nsec as u32)]))
            }
            ("wasi:filesystem/types", "[method]descriptor.read-via-stream", [d, Val::U64(offset)]) => {
                let future = pipes.host_future();
                let stream = match self.file_of(d) {
                    Ok(file) => pipes.host_source(Source::File { file, offset: *offset }, Some(Done { future, error: fs_error })),
                    Err(e) => pipes.failed_source(future, fs_failure(e)),
                };
                done(Val::Record(vec![Val::Pipe(stream), Val::Pipe(future)]))
            }
            ("wasi:filesystem/types", "[method]descriptor.write-via-stream" | "[method]descriptor.append-via-stream", [d, Val::Pipe(stream), rest @ ..]) => {
                let offset = match rest {
                    [Val::U64(offset)] => Some(*offset),
                    _ => None,
                };
                let future = pipes.host_future();
                match self.file_of(d) {
                    Ok(file) => pipes.host_sink(*stream, Sink::File { file, offset }, Some(Done { future, error: fs_error }))?,
                    Err(e) => pipes.host_refuse(*stream, future, fs_failure(e))?,
                }
                done(Val::Pipe(future))
            }
            ("wasi:filesystem/types", "[method]descriptor.read-directory", [d]) => {
                let future = pipes.host_future();
                let stream = match self.directory_entries(d, Version::P3) {
                    Ok(entries) => pipes.host_source(Source::Values(entries.into()), Some(Done { future, error: fs_error })),
                    Err(e) => pipes.failed_source(future, fs_failure(e)),
                };
                done(Val::Record(vec![Val::Pipe(stream), Val::Pipe(future)]))
            }
            ("wasi:sockets/types", ..) => self.sockets(name, args, pipes),
            ("wasi:http/types", ..) => self.http(name, args, pipes),
            ("wasi:http/client", "send", [request]) => self.send(request, pipes),
            ("wasi:filesystem/preopens" | "wasi:filesystem/types", ..) => match self.filesystem(Version::P3, iface, name, args) {
                Some(outcome) => outcome.map(Call::Done),
                None => trap(format!("{interface}: `{name}` is not implemented by this host, or got wrong arguments")),
            },
            // The rest are their WASI 0.2 namesakes.
            _ => {
                let name = match name {
                    "get-initial-cwd" => "initial-cwd",
                    "get-insecure-seed" => "insecure-seed",
                    other => other,
                };
                self.call(&format!("{iface}@0.2.0"), name, args).map(Call::Done)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> Host {
        Host::new(vec!["prog".into(), "a".into()], vec![("K".into(), "V".into())], &[]).unwrap()
    }

    #[test]
    fn namesakes_and_clocks() {
        let mut h = host();
        let mut p = Pipes::new();
        let args = h.call_p3("wasi:cli/environment@0.3.0", "get-arguments", &[], &mut p).unwrap();
        assert_eq!(args, Call::Done(Some(Val::List(vec![Val::String("prog".into()), Val::String("a".into())]))));
        let cwd = h.call_p3("wasi:cli/environment@0.3.0", "get-initial-cwd", &[], &mut p).unwrap();
        assert_eq!(cwd, Call::Done(Some(Val::Variant(0, None))));
        let before = monotonic_now();
        let Call::Until(t) = h.call_p3("wasi:clocks/monotonic-clock@0.3.0", "wait-for", &[Val::U64(5_000)], &mut p).unwrap()
        else {
            panic!("wait-for waits")
        };
        assert!(t >= before + 5_000);
        let Call::Done(Some(Val::Record(now))) = h.call_p3("wasi:clocks/system-clock@0.3.0", "now", &[], &mut p).unwrap() else {
            panic!("now is an instant")
        };
        assert!(matches!(now[..], [Val::S64(s), Val::U32(_)] if s > 1_600_000_000));
        assert!(h.call_p3("wasi:cli/environment@0.2.0", "get-arguments", &[], &mut p).is_err());
    }

    #[test]
    fn standard_streams_are_pipes() {
        let mut h = host();
        let mut p = Pipes::new();
        let Call::Done(Some(Val::Record(parts))) = h.call_p3("wasi:cli/stdin@0.3.0", "read-via-stream", &[], &mut p).unwrap()
        else {
            panic!("a stream and a future")
        };
        assert!(matches!(parts[..], [Val::Pipe(_), Val::Pipe(_)]));
        let s = p.new_stream();
        let r = h.call_p3("wasi:cli/stderr@0.3.0", "write-via-stream", &[Val::Pipe(s)], &mut p).unwrap();
        let Call::Done(Some(Val::Pipe(f))) = r else { panic!("a future") };
        assert_eq!(p.guest_write(s, b"").unwrap(), pipes::Written::All);
        p.drop_stream_end(s, false).unwrap();
        assert_eq!(p.guest_read_future(f).unwrap(), Some((Val::Variant(0, None), None)));
    }
}
