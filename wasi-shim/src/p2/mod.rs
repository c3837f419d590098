//! WASI 0.2 host interfaces, for components: the functions of
//! [`PROVIDED`] (listed in the ABI crate, which the compiler checks
//! components against), on lifted component values
//! ([`wasm2native_abi::canonical::values::Val`]). Resources are host
//! objects in a table of this module ([`Host`]); a component holds them
//! through its handle table, whose representations are this table's
//! indices.
//!
//! The command interfaces: `wasi:cli` (arguments, environment, exit,
//! standard streams, terminals where the descriptors are ones),
//! `wasi:io` (streams on the standard descriptors, files and sockets,
//! pollables that wait for them or for a clock, `poll.rs`, and errors),
//! `wasi:random` (all three interfaces), `wasi:clocks`, `wasi:filesystem`
//! (`filesystem.rs`, on the preview-1 capability core, shared with WASI
//! 0.3) and `wasi:sockets` (`sockets.rs`, on the socket core shared with
//! 0.3). HTTP is not provided for 0.2.

use wasm2native_abi::canonical::values::{Trap, Val};

pub use wasm2native_abi::wasi_p2::{interface_of, provides, Version, PROVIDED};

/// Checked writes and reads at most this many bytes at once.
pub(crate) const CHUNK: u64 = 1 << 16;

/// A host object a component holds a handle to.
pub(crate) enum Object {
    /// Reads from host descriptor 0.
    Stdin,
    /// Writes to host descriptor 1 or 2.
    Output(i32),
    /// Ready when what it watches is.
    Pollable(poll::Watch),
    /// An I/O error, with its message, and its codes for the file system
    /// and sockets (`filesystem-error-code`, `network-error-code`).
    Error {
        message: String,
        errno: Option<crate::types::Errno>,
        socket: Option<crate::net::Code>,
    },
    /// A standard stream that is a terminal (no methods in WASI 0.2).
    Terminal,
    /// A file or directory (`wasi:filesystem` descriptor).
    Descriptor(crate::ctx::Handle),
    /// Reads a file from `offset` on.
    FileIn { file: std::fs::File, offset: u64 },
    /// Writes a file from `offset` on, or (`None`) at its end.
    FileOut { file: std::fs::File, offset: Option<u64> },
    /// A directory's entries (`directory-entry` records), and the next one.
    DirEntries { entries: Vec<Val>, next: usize },
    /// A `wasi:sockets` TCP socket.
    Tcp(crate::net::Tcp),
    /// A `wasi:sockets` UDP socket.
    Udp(crate::net::Udp),
    /// WASI 0.2's `network`: what sockets are bound and connected in.
    Network,
    /// Reads from a connected TCP socket (a duplicate of its descriptor).
    SocketIn(socket2::Socket),
    /// Writes to a connected TCP socket.
    SocketOut(socket2::Socket),
    /// A UDP socket's incoming datagrams (WASI 0.2).
    UdpIn(crate::net::Udp),
    /// A UDP socket's outgoing datagrams (WASI 0.2).
    UdpOut(crate::net::Udp),
    /// The addresses a name resolved to, and the next one.
    Addresses { ips: Vec<std::net::IpAddr>, next: usize },
    /// `wasi:http` fields (headers or trailers).
    Fields(crate::p3::http::Fields),
    /// A `wasi:http` request.
    Request(Box<crate::p3::http::Request>),
    /// A `wasi:http` response.
    Response(Box<crate::p3::http::Response>),
    /// `wasi:http` request options.
    RequestOptions(crate::p3::http::Options),
}

pub(crate) mod filesystem;
pub(crate) mod poll;
pub(crate) mod sockets;

/// The host state of a component: its arguments and environment, and the
/// objects it holds.
pub struct Host {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    /// The granted directories and their guest names.
    pub(crate) preopens: Vec<(cap_std::fs::Dir, String)>,
    objects: Vec<Option<Object>>,
    /// The insecure seed, once asked for.
    seed: Option<(u64, u64)>,
    /// The host's network may be used (`wasi:sockets`).
    pub(crate) network: bool,
}

/// A host failure that is no guest error (a directory that cannot be
/// duplicated).
fn io_trap() -> Trap {
    Trap("the host could not complete the call".into())
}

/// What a host call gives back: its result, or a trap.
pub type Outcome = Result<Option<Val>, Trap>;

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

fn u64_of(v: &Val) -> Result<u64, Trap> {
    match v {
        Val::U64(n) => Ok(*n),
        _ => trap("expected a u64 argument"),
    }
}

fn ok(v: Option<Val>) -> Val {
    Val::Variant(0, v.map(Box::new))
}

impl Host {
    /// A host with the guest's `args` and `env` and the granted
    /// directories `preopens` (`(host directory, guest path)`, opened as
    /// preview 1 opens them).
    pub fn new(args: Vec<String>, env: Vec<(String, String)>, preopens: &[(std::path::PathBuf, String)]) -> Result<Host, String> {
        let mut dirs = Vec::new();
        for (host, guest) in preopens {
            let dir = cap_std::fs::Dir::open_ambient_dir(host, cap_std::ambient_authority())
                .map_err(|e| format!("cannot open directory {}: {e}", host.display()))?;
            dirs.push((dir, guest.clone()));
        }
        Ok(Host { args, env, preopens: dirs, objects: Vec::new(), seed: None, network: false })
    }

    /// Forgets the instance: drops every host object and the insecure
    /// seed (a service's request is over; its instance goes, with what it
    /// held, and the next one is new).
    pub fn clear_objects(&mut self) {
        self.objects.clear();
        self.seed = None;
    }

    /// Lets the component use the host's network (`wasi:sockets`).
    pub fn allow_network(&mut self) {
        self.network = true;
    }

    pub(crate) fn add(&mut self, o: Object) -> Val {
        self.objects.push(Some(o));
        Val::Own(self.objects.len() as u32 - 1)
    }

    pub(crate) fn get(&self, v: &Val) -> Result<&Object, Trap> {
        let (Val::Borrow(rep) | Val::Own(rep)) = v else { return trap("expected a resource argument") };
        self.objects.get(*rep as usize).and_then(Option::as_ref).map_or_else(|| trap("unknown resource"), Ok)
    }

    /// Takes the host object of handle `v` out of the table.
    pub(crate) fn take(&mut self, v: &Val) -> Option<Object> {
        let (Val::Borrow(rep) | Val::Own(rep)) = v else { return None };
        self.objects.get_mut(*rep as usize).and_then(Option::take)
    }

    pub(crate) fn get_mut(&mut self, v: &Val) -> Option<&mut Object> {
        let (Val::Borrow(rep) | Val::Own(rep)) = v else { return None };
        self.objects.get_mut(*rep as usize).and_then(Option::as_mut)
    }

    /// Drops the host object `rep` (its last handle went away).
    pub fn drop_object(&mut self, rep: u32) {
        if let Some(slot) = self.objects.get_mut(rep as usize) {
            *slot = None;
        }
    }

    /// `option<terminal>` for host descriptor `fd`.
    pub(crate) fn terminal(&mut self, fd: i32) -> Val {
        // SAFETY: `isatty` only inspects the descriptor.
        if unsafe { libc::isatty(fd) } == 1 {
            Val::Variant(1, Some(Box::new(self.add(Object::Terminal))))
        } else {
            Val::Variant(0, None)
        }
    }

    /// An error result of a stream operation: `last-operation-failed`
    /// with an error resource.
    fn stream_error(&mut self, e: std::io::Error) -> Val {
        let message = e.to_string();
        let socket = Some(crate::net::errno_code(&e));
        let errno = Some(crate::types::Errno::from(e));
        let error = self.add(Object::Error { message, errno, socket });
        Val::Variant(1, Some(Box::new(Val::Variant(0, Some(Box::new(error))))))
    }

    /// Calls `name` of `interface` (versioned) with `args`.
    pub fn call(&mut self, interface: &str, name: &str, args: &[Val]) -> Outcome {
        let Some((iface, Version::P2)) = interface_of(interface) else {
            return trap(format!("{interface} is not a WASI 0.2 interface"));
        };
        if let Some(outcome) = self.filesystem(Version::P2, iface, name, args) {
            return outcome;
        }
        if let Some(outcome) = self.sockets_p2(iface, name, args) {
            return outcome;
        }
        let string = |s: &str| Val::String(s.to_string());
        Ok(match (iface, name, args) {
            ("wasi:cli/environment", "get-arguments", []) => Some(Val::List(self.args.iter().map(|a| string(a)).collect())),
            ("wasi:cli/environment", "get-environment", []) => Some(Val::List(
                self.env.iter().map(|(k, v)| Val::Record(vec![string(k), string(v)])).collect(),
            )),
            ("wasi:cli/environment", "initial-cwd", []) => Some(Val::Variant(0, None)),
            // Nothing is buffered: the process can end here.
            ("wasi:cli/exit", "exit", [Val::Variant(case, _)]) => std::process::exit(if *case == 0 { 0 } else { 1 }),
            ("wasi:cli/stdin", "get-stdin", []) => Some(self.add(Object::Stdin)),
            ("wasi:cli/stdout", "get-stdout", []) => Some(self.add(Object::Output(1))),
            ("wasi:cli/stderr", "get-stderr", []) => Some(self.add(Object::Output(2))),
            // A terminal where the descriptor is one (as wasmtime), none for
            // pipes and files.
            ("wasi:cli/terminal-stdin", "get-terminal-stdin", []) => Some(self.terminal(0)),
            ("wasi:cli/terminal-stdout", "get-terminal-stdout", []) => Some(self.terminal(1)),
            ("wasi:cli/terminal-stderr", "get-terminal-stderr", []) => Some(self.terminal(2)),
            ("wasi:io/error", "[method]error.to-debug-string", [e]) => match self.get(e)? {
                Object::Error { message, .. } => Some(string(message)),
                _ => return trap("not an error"),
            },
            ("wasi:io/poll", "[method]pollable.block", [p]) => {
                self.poll(std::slice::from_ref(p))?;
                None
            }
            ("wasi:io/poll", "[method]pollable.ready", [p]) => Some(Val::Bool(self.is_ready(p)?)),
            ("wasi:io/poll", "poll", [Val::List(list)]) => Some(Val::List(self.poll(list)?.into_iter().map(Val::U32).collect())),
            ("wasi:clocks/monotonic-clock", "subscribe-instant", [when]) => Some(self.pollable(poll::Watch::Until(u64_of(when)?))),
            ("wasi:clocks/monotonic-clock", "subscribe-duration", [d]) => {
                let when = clock_ns(libc::CLOCK_MONOTONIC).saturating_add(u64_of(d)?);
                Some(self.pollable(poll::Watch::Until(when)))
            }
            ("wasi:io/streams", "[method]input-stream.subscribe" | "[method]output-stream.subscribe", [s]) => Some(self.subscribe(s)?),
            ("wasi:io/streams", "[method]input-stream.read" | "[method]input-stream.blocking-read", [s, len]) => {
                let mut buf = vec![0u8; u64_of(len)?.min(CHUNK) as usize];
                if name.ends_with("blocking-read") && !buf.is_empty() {
                    // Sockets (and standard input) wait here; a socket
                    // stream's `read` does not.
                    self.block_on(s)?;
                }
                let read = match self.get_mut(s) {
                    Some(Object::Stdin) => {
                        // SAFETY: `buf` is valid for its length.
                        let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
                        if n < 0 { Err(std::io::Error::last_os_error()) } else { Ok(n as usize) }
                    }
                    Some(Object::FileIn { file, offset }) => {
                        let r = std::os::unix::fs::FileExt::read_at(file, &mut buf, *offset);
                        if let Ok(n) = r {
                            *offset += n as u64;
                        }
                        r
                    }
                    Some(Object::SocketIn(sock)) => match std::io::Read::read(&mut &*sock, &mut buf) {
                        // Nothing yet: an empty read, not the end.
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            return Ok(Some(ok(Some(Val::List(Vec::new())))));
                        }
                        r => r,
                    },
                    _ => return trap("not an input stream"),
                };
                Some(match read {
                    // End of file: the stream is `closed`.
                    Ok(0) if !buf.is_empty() => Val::Variant(1, Some(Box::new(Val::Variant(1, None)))),
                    Ok(n) => ok(Some(Val::List(buf[..n].iter().map(|&b| Val::U8(b)).collect()))),
                    Err(e) => self.stream_error(e),
                })
            }
            ("wasi:io/streams", "[method]output-stream.check-write", [s]) => match self.get(s)? {
                Object::Output(_) | Object::FileOut { .. } => Some(ok(Some(Val::U64(CHUNK)))),
                // A socket takes what its buffer has room for.
                Object::SocketOut(sock) => {
                    let room = crate::net::ready(std::os::fd::AsRawFd::as_raw_fd(sock), true);
                    Some(ok(Some(Val::U64(if room { CHUNK } else { 0 }))))
                }
                _ => return trap("not an output stream"),
            },
            ("wasi:io/streams", "[method]output-stream.write" | "[method]output-stream.blocking-write-and-flush", [s, Val::List(bytes)]) => {
                let bytes: Vec<u8> = bytes.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect();
                let written = match self.get_mut(s) {
                    Some(Object::Output(fd)) => write_all(*fd, &bytes),
                    Some(Object::FileOut { file, offset }) => write_file(file, offset, &bytes),
                    // A write the guest was permitted is never cut short.
                    Some(Object::SocketOut(sock)) => crate::p3::pipes::send_all(sock, &bytes),
                    _ => return trap("not an output stream"),
                };
                Some(match written {
                    Ok(()) => ok(None),
                    Err(e) => self.stream_error(e),
                })
            }
            ("wasi:io/streams", "[method]output-stream.flush" | "[method]output-stream.blocking-flush", [s]) => {
                let (Object::Output(_) | Object::FileOut { .. } | Object::SocketOut(_)) = self.get(s)? else {
                    return trap("not an output stream");
                };
                Some(ok(None))
            }
            // The insecure sources are the secure one: as good, and cheap
            // enough here.
            ("wasi:random/random", "get-random-bytes", [len]) | ("wasi:random/insecure", "get-insecure-random-bytes", [len]) => {
                let mut buf = vec![0u8; u64_of(len)?.min(1 << 24) as usize];
                fill_random(&mut buf)?;
                Some(Val::List(buf.into_iter().map(Val::U8).collect()))
            }
            // One seed per instance, as the interface intends (wasmtime
            // too): a hash table seeded twice still agrees with itself.
            ("wasi:random/insecure-seed", "insecure-seed", []) => {
                let (a, b) = match self.seed {
                    Some(seed) => seed,
                    None => {
                        let mut buf = [0u8; 16];
                        fill_random(&mut buf)?;
                        let (a, b) = buf.split_at(8);
                        let seed = (
                            u64::from_le_bytes(a.try_into().expect("8 bytes")),
                            u64::from_le_bytes(b.try_into().expect("8 bytes")),
                        );
                        *self.seed.insert(seed)
                    }
                };
                Some(Val::Record(vec![Val::U64(a), Val::U64(b)]))
            }
            ("wasi:random/random", "get-random-u64", []) | ("wasi:random/insecure", "get-insecure-random-u64", []) => {
                let mut buf = [0u8; 8];
                fill_random(&mut buf)?;
                Some(Val::U64(u64::from_le_bytes(buf)))
            }
            ("wasi:clocks/monotonic-clock", "now", []) => Some(Val::U64(clock_ns(libc::CLOCK_MONOTONIC))),
            ("wasi:clocks/monotonic-clock", "resolution", []) => Some(Val::U64(1)),
            ("wasi:clocks/wall-clock", "now", []) => {
                let ns = clock_ns(libc::CLOCK_REALTIME);
                Some(Val::Record(vec![Val::U64(ns / 1_000_000_000), Val::U32((ns % 1_000_000_000) as u32)]))
            }
            ("wasi:clocks/wall-clock", "resolution", []) => Some(Val::Record(vec![Val::U64(0), Val::U32(1)])),
            _ => return trap(format!("{interface}: `{name}` is not implemented by this host, or got wrong arguments")),
        })
    }
}

/// Writes all of `bytes` to `file` at `offset`, advancing it, or (`None`)
/// at its end.
pub(crate) fn write_file(file: &std::fs::File, offset: &mut Option<u64>, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let at = match offset {
        Some(at) => *at,
        None => file.metadata()?.len(),
    };
    file.write_all_at(bytes, at)?;
    if let Some(at) = offset.as_mut() {
        *at += bytes.len() as u64;
    }
    Ok(())
}

/// Writes all of `bytes` to host descriptor `fd`, unbuffered (as
/// preview 1's standard streams: nothing is lost when the program ends).
pub(crate) fn write_all(fd: i32, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is valid for its length.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        bytes = &bytes[n as usize..];
    }
    Ok(())
}

fn fill_random(buf: &mut [u8]) -> Result<(), Trap> {
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: the pointer and length describe the unfilled rest of `buf`.
        let n = unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return trap("getrandom failed");
        }
        filled += n as usize;
    }
    Ok(())
}

pub(crate) fn clock_ns(clock: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid timespec to write.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    (ts.tv_sec as u64).wrapping_mul(1_000_000_000).wrapping_add(ts.tv_nsec as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_names_are_matched() {
        assert!(provides("wasi:cli/stdout@0.2.6", "get-stdout"));
        assert!(provides("wasi:io/streams@0.2.0", "[method]output-stream.write"));
        assert!(!provides("wasi:io/streams@0.3.0-rc-2025-09-16", "[method]output-stream.write"));
        assert!(provides("wasi:filesystem/types@0.2.6", "[method]descriptor.stat"));
        assert!(provides("wasi:sockets/tcp@0.2.6", "[method]tcp-socket.start-connect"));
        assert!(!provides("wasi:sockets/tcp@0.2.6", "[method]tcp-socket.connect"));
        // WASI 0.3: its own list, and the descriptor methods both share.
        assert!(provides("wasi:filesystem/types@0.3.0", "[method]descriptor.stat"));
        assert!(provides("wasi:filesystem/types@0.2.6", "[method]descriptor.is-same-object"));
        assert!(!provides("wasi:filesystem/types@0.3.0", "[method]descriptor.read"));
        assert!(provides("wasi:sockets/types@0.3.0", "[static]tcp-socket.create"));
        assert!(provides("wasi:http/types@0.3.0", "[constructor]fields"));
        assert!(!provides("wasi:http/handler@0.3.0", "handle"));
    }

    #[test]
    fn arguments_environment_and_streams() {
        let mut h = Host::new(vec!["prog".into(), "a".into()], vec![("K".into(), "V".into())], &[]).unwrap();
        let args = h.call("wasi:cli/environment@0.2.6", "get-arguments", &[]).unwrap();
        assert_eq!(args, Some(Val::List(vec![Val::String("prog".into()), Val::String("a".into())])));
        let env = h.call("wasi:cli/environment@0.2.6", "get-environment", &[]).unwrap();
        assert_eq!(env, Some(Val::List(vec![Val::Record(vec![Val::String("K".into()), Val::String("V".into())])])));
        let Some(Val::Own(out)) = h.call("wasi:cli/stderr@0.2.6", "get-stderr", &[]).unwrap() else { panic!() };
        let w = h.call("wasi:io/streams@0.2.6", "[method]output-stream.check-write", &[Val::Borrow(out)]).unwrap();
        assert_eq!(w, Some(ok(Some(Val::U64(CHUNK)))));
        let written = h.call("wasi:io/streams@0.2.6", "[method]output-stream.write", &[Val::Borrow(out), Val::List(vec![])]);
        assert_eq!(written.unwrap(), Some(ok(None)));
        h.drop_object(out);
        assert!(h.call("wasi:io/streams@0.2.6", "[method]output-stream.blocking-flush", &[Val::Borrow(out)]).is_err());
        assert!(h.call("wasi:sockets/tcp@0.2.6", "x", &[]).is_err());
        // A terminal exactly where the descriptor is one.
        // SAFETY: `isatty` only inspects the descriptor.
        let tty = unsafe { libc::isatty(2) } == 1;
        let t = h.call("wasi:cli/terminal-stderr@0.2.6", "get-terminal-stderr", &[]).unwrap();
        assert!(matches!(t, Some(Val::Variant(case, _)) if case == u32::from(tty)), "{t:?}");
    }
}
