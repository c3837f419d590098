//! `wasi:sockets` 0.3 (`types`): TCP and UDP sockets on host sockets
//! (socket2), non-blocking, so that a task waiting for a connection or a
//! datagram lets the event loop wait for the descriptor (`Call::WaitFd`)
//! instead of blocking the component. Addresses are checked as wasmtime
//! checks them: the family must be the socket's, no multicast or broadcast,
//! no IPv4-mapped IPv6 (IPv6 sockets are IPv6-only), no unspecified remote
//! address or port 0 to connect to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsRawFd;

use socket2::{Domain, SockAddr, Socket, Type};
use wasm2native_abi::canonical::values::{Trap, Val};

use super::pipes::{Done, Sink, Source};
use super::{Call, Pipes};
use crate::p2::{Host, Object};

/// The state of a TCP socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TcpState {
    Unbound,
    Bound,
    Connecting,
    Connected,
    Listening,
    /// A connection attempt failed: nothing more can be done with it.
    Closed,
}

/// A TCP socket.
pub(crate) struct Tcp {
    sock: Socket,
    v6: bool,
    state: TcpState,
    backlog: i32,
    /// `receive` and `send` were called (each may be called once).
    receiving: bool,
    sending: bool,
}

/// A UDP socket.
pub(crate) struct Udp {
    sock: Socket,
    v6: bool,
    bound: bool,
    remote: Option<SocketAddr>,
}

/// `error-code` cases.
mod code {
    pub const ACCESS_DENIED: u32 = 0;
    pub const NOT_SUPPORTED: u32 = 1;
    pub const INVALID_ARGUMENT: u32 = 2;
    pub const OUT_OF_MEMORY: u32 = 3;
    pub const TIMEOUT: u32 = 4;
    pub const INVALID_STATE: u32 = 5;
    pub const ADDRESS_NOT_BINDABLE: u32 = 6;
    pub const ADDRESS_IN_USE: u32 = 7;
    pub const REMOTE_UNREACHABLE: u32 = 8;
    pub const CONNECTION_REFUSED: u32 = 9;
    pub const CONNECTION_BROKEN: u32 = 10;
    pub const CONNECTION_RESET: u32 = 11;
    pub const CONNECTION_ABORTED: u32 = 12;
    pub const DATAGRAM_TOO_LARGE: u32 = 13;
    pub const OTHER: u32 = 14;
}

/// A failed socket operation: the `error-code` case.
struct Fail(u32);

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail(errno_code(&e))
    }
}

/// The `error-code` case of a host error.
fn errno_code(e: &std::io::Error) -> u32 {
    match e.raw_os_error().unwrap_or(0) {
        libc::EACCES | libc::EPERM => code::ACCESS_DENIED,
        libc::EOPNOTSUPP | libc::ENOPROTOOPT | libc::EAFNOSUPPORT | libc::EPROTONOSUPPORT => code::NOT_SUPPORTED,
        libc::EINVAL | libc::EDESTADDRREQ => code::INVALID_ARGUMENT,
        libc::ENOMEM | libc::ENOBUFS => code::OUT_OF_MEMORY,
        libc::ETIMEDOUT => code::TIMEOUT,
        libc::EISCONN | libc::ENOTCONN | libc::EALREADY => code::INVALID_STATE,
        libc::EADDRNOTAVAIL => code::ADDRESS_NOT_BINDABLE,
        libc::EADDRINUSE => code::ADDRESS_IN_USE,
        libc::EHOSTUNREACH | libc::ENETUNREACH | libc::ENETDOWN => code::REMOTE_UNREACHABLE,
        libc::ECONNREFUSED => code::CONNECTION_REFUSED,
        libc::EPIPE => code::CONNECTION_BROKEN,
        libc::ECONNRESET => code::CONNECTION_RESET,
        libc::ECONNABORTED => code::CONNECTION_ABORTED,
        libc::EMSGSIZE => code::DATAGRAM_TOO_LARGE,
        _ => code::OTHER,
    }
}

/// The `error-code` value of case `c`.
fn code_val(c: u32) -> Val {
    Val::Variant(c, (c == code::OTHER).then(|| Box::new(Val::Variant(0, None))))
}

/// The `error-code` of a host error on a socket stream.
fn stream_error(e: &std::io::Error) -> Val {
    code_val(errno_code(e))
}

type Outcome = Result<Option<Val>, Fail>;

/// `result<T, error-code>` of an outcome.
fn result(r: Outcome) -> Val {
    match r {
        Ok(v) => Val::Variant(0, v.map(Box::new)),
        Err(Fail(c)) => Val::Variant(1, Some(Box::new(code_val(c)))),
    }
}

fn invalid<T>() -> Result<T, Fail> {
    Err(Fail(code::INVALID_ARGUMENT))
}

fn bad_state<T>() -> Result<T, Fail> {
    Err(Fail(code::INVALID_STATE))
}

/// The socket address of an `ip-socket-address` value.
fn addr_of(v: &Val) -> Result<SocketAddr, Fail> {
    let Val::Variant(case, Some(payload)) = v else { return invalid() };
    let Val::Record(f) = &**payload else { return invalid() };
    let u16_of = |v: &Val| if let Val::U16(n) = v { Ok(*n) } else { invalid() };
    let u32_of = |v: &Val| if let Val::U32(n) = v { Ok(*n) } else { invalid() };
    match (case, &f[..]) {
        (0, [port, Val::Record(a)]) => {
            let b: Vec<u8> = a.iter().map(|x| if let Val::U8(b) = x { *b } else { 0 }).collect();
            let [a, b2, c, d] = b[..] else { return invalid() };
            Ok(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(a, b2, c, d), u16_of(port)?)))
        }
        (1, [port, flow, Val::Record(a), scope]) => {
            let s: Vec<u16> = a.iter().map(|x| if let Val::U16(n) = x { *n } else { 0 }).collect();
            let [a, b, c, d, e, f2, g, h] = s[..] else { return invalid() };
            let ip = Ipv6Addr::new(a, b, c, d, e, f2, g, h);
            Ok(SocketAddr::V6(SocketAddrV6::new(ip, u16_of(port)?, u32_of(flow)?, u32_of(scope)?)))
        }
        _ => invalid(),
    }
}

/// The `ip-socket-address` value of a socket address.
fn addr_val(a: SocketAddr) -> Val {
    match a {
        SocketAddr::V4(a) => Val::Variant(
            0,
            Some(Box::new(Val::Record(vec![
                Val::U16(a.port()),
                Val::Record(a.ip().octets().iter().map(|&b| Val::U8(b)).collect()),
            ]))),
        ),
        SocketAddr::V6(a) => Val::Variant(
            1,
            Some(Box::new(Val::Record(vec![
                Val::U16(a.port()),
                Val::U32(a.flowinfo()),
                Val::Record(a.ip().segments().iter().map(|&s| Val::U16(s)).collect()),
                Val::U32(a.scope_id()),
            ]))),
        ),
    }
}

/// Checks an address for a socket of family `v6`: the family matches, the
/// address is unicast and not IPv4-mapped.
fn check_addr(a: SocketAddr, v6: bool) -> Result<(), Fail> {
    match a.ip() {
        IpAddr::V4(ip) if !v6 => {
            if ip.is_multicast() || ip.is_broadcast() {
                return invalid();
            }
        }
        IpAddr::V6(ip) if v6 => {
            if ip.is_multicast() || ip.to_ipv4_mapped().is_some() {
                return invalid();
            }
        }
        _ => return invalid(),
    }
    Ok(())
}

/// Checks a remote address to connect or send to.
fn check_remote(a: SocketAddr, v6: bool) -> Result<(), Fail> {
    check_addr(a, v6)?;
    if a.ip().is_unspecified() || a.port() == 0 {
        return invalid();
    }
    Ok(())
}

fn local_addr(sock: &Socket) -> Result<SocketAddr, Fail> {
    sock.local_addr()?.as_socket().ok_or(Fail(code::NOT_SUPPORTED))
}

/// A new non-blocking socket of family `v6`.
fn new_socket(v6: bool, ty: Type) -> Result<Socket, Fail> {
    let sock = Socket::new(if v6 { Domain::IPV6 } else { Domain::IPV4 }, ty, None)?;
    if v6 {
        sock.set_only_v6(true)?;
    }
    sock.set_nonblocking(true)?;
    Ok(sock)
}

fn family_of(v: &Val) -> Result<bool, Fail> {
    match v {
        Val::Variant(0, None) => Ok(false),
        Val::Variant(1, None) => Ok(true),
        _ => invalid(),
    }
}

/// A `u64`, `u32` or `u8` argument, not 0 (sizes, counts, limits).
fn positive(v: &Val) -> Result<u64, Fail> {
    let n = match v {
        Val::U64(n) => *n,
        Val::U32(n) => u64::from(*n),
        Val::U8(n) => u64::from(*n),
        _ => return invalid(),
    };
    if n == 0 {
        return invalid();
    }
    Ok(n)
}

/// Durations are nanoseconds; the host's keep-alive times are whole
/// seconds, at most Linux's 32767 (longer ones are clamped, as wasmtime).
fn seconds(ns: u64) -> u32 {
    (ns / 1_000_000_000).clamp(1, 32767) as u32
}

fn setsockopt(sock: &Socket, level: i32, name: i32, value: i32) -> Result<(), Fail> {
    // SAFETY: an int option of the right size on an open socket.
    let r = unsafe {
        libc::setsockopt(sock.as_raw_fd(), level, name, (&value as *const i32).cast(), std::mem::size_of::<i32>() as u32)
    };
    if r < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok(())
}

fn getsockopt(sock: &Socket, level: i32, name: i32) -> Result<i32, Fail> {
    let mut value = 0i32;
    let mut len = std::mem::size_of::<i32>() as u32;
    // SAFETY: an int option of the right size on an open socket.
    let r = unsafe { libc::getsockopt(sock.as_raw_fd(), level, name, (&mut value as *mut i32).cast(), &mut len) };
    if r < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok(value)
}

/// The hop-limit option of a socket of family `v6`.
fn hop_option(v6: bool) -> (i32, i32) {
    if v6 {
        (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS)
    } else {
        (libc::IPPROTO_IP, libc::IP_TTL)
    }
}

/// The options both kinds of socket have: hop limit and buffer sizes.
fn common_option(sock: &Socket, v6: bool, name: &str, args: &[Val]) -> Option<Outcome> {
    let (level, hop) = hop_option(v6);
    Some(match (name, args) {
        ("get-hop-limit" | "get-unicast-hop-limit", []) => getsockopt(sock, level, hop).map(|n| Some(Val::U8(n as u8))),
        ("set-hop-limit" | "set-unicast-hop-limit", [v]) => positive(v).and_then(|n| setsockopt(sock, level, hop, n as i32)).map(|()| None),
        // Linux doubles what is set (for its bookkeeping) and reports that;
        // the guest gets back what it set.
        ("get-receive-buffer-size", []) => sock.recv_buffer_size().map(|n| Some(Val::U64(n as u64 / 2))).map_err(Fail::from),
        ("set-receive-buffer-size", [v]) => positive(v)
            .and_then(|n| Ok(sock.set_recv_buffer_size(n.min(i32::MAX as u64 / 2) as usize)?))
            .map(|()| None),
        ("get-send-buffer-size", []) => sock.send_buffer_size().map(|n| Some(Val::U64(n as u64 / 2))).map_err(Fail::from),
        ("set-send-buffer-size", [v]) => positive(v)
            .and_then(|n| Ok(sock.set_send_buffer_size(n.min(i32::MAX as u64 / 2) as usize)?))
            .map(|()| None),
        _ => return None,
    })
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

impl Host {
    /// A connection a listening socket accepted, as a new `tcp-socket`.
    pub(crate) fn accepted(&mut self, conn: Socket) -> Val {
        let v6 = matches!(conn.local_addr().ok().and_then(|a| a.as_socket()), Some(SocketAddr::V6(_)));
        let _ = conn.set_nonblocking(true);
        self.add(Object::Tcp(Tcp { sock: conn, v6, state: TcpState::Connected, backlog: 128, receiving: false, sending: false }))
    }

    fn tcp(&mut self, v: &Val) -> Result<&mut Tcp, Trap> {
        match self.get_mut(v) {
            Some(Object::Tcp(t)) => Ok(t),
            _ => trap("not a tcp-socket"),
        }
    }

    fn udp(&mut self, v: &Val) -> Result<&mut Udp, Trap> {
        match self.get_mut(v) {
            Some(Object::Udp(u)) => Ok(u),
            _ => trap("not a udp-socket"),
        }
    }

    /// A function of `wasi:sockets/types` 0.3.
    pub(crate) fn sockets(&mut self, name: &str, args: &[Val], pipes: &mut Pipes) -> Result<Call, Trap> {
        let done = |r: Outcome| Ok(Call::Done(Some(result(r))));
        // Without the network grant no socket is made.
        if name.starts_with("[static]") && !self.network {
            return done(Err(Fail(code::ACCESS_DENIED)));
        }
        match (name, args) {
            ("[static]tcp-socket.create", [family]) => {
                let r = family_of(family).and_then(|v6| Ok((v6, new_socket(v6, Type::STREAM)?)));
                let r = r.map(|(v6, sock)| Some(self.add(Object::Tcp(Tcp { sock, v6, state: TcpState::Unbound, backlog: 128, receiving: false, sending: false }))));
                done(r)
            }
            ("[static]udp-socket.create", [family]) => {
                let r = family_of(family).and_then(|v6| Ok((v6, new_socket(v6, Type::DGRAM)?)));
                let r = r.map(|(v6, sock)| Some(self.add(Object::Udp(Udp { sock, v6, bound: false, remote: None }))));
                done(r)
            }
            (m, [s, rest @ ..]) if m.starts_with("[method]tcp-socket.") => self.tcp_method(&m["[method]tcp-socket.".len()..], s, rest, pipes),
            (m, [s, rest @ ..]) if m.starts_with("[method]udp-socket.") => self.udp_method(&m["[method]udp-socket.".len()..], s, rest),
            _ => trap(format!("wasi:sockets/types: `{name}` is not implemented by this host, or got wrong arguments")),
        }
    }

    fn tcp_method(&mut self, m: &str, s: &Val, args: &[Val], pipes: &mut Pipes) -> Result<Call, Trap> {
        let t = self.tcp(s)?;
        let done = |r: Outcome| Ok(Call::Done(Some(result(r))));
        match (m, args) {
            ("bind", [a]) => done((|| {
                let a = addr_of(a)?;
                check_addr(a, t.v6)?;
                if t.state != TcpState::Unbound {
                    return bad_state();
                }
                // A port just closed (in TIME_WAIT) may be bound again, as
                // on Windows (and as wasmtime does).
                t.sock.set_reuse_address(true)?;
                t.sock.bind(&SockAddr::from(a))?;
                t.state = TcpState::Bound;
                Ok(None)
            })()),
            ("connect", [a]) => {
                if t.state == TcpState::Connecting {
                    // The retry once the socket is writable: how it went.
                    let r = match t.sock.take_error() {
                        Ok(None) => {
                            t.state = TcpState::Connected;
                            Ok(None)
                        }
                        Ok(Some(e)) | Err(e) => {
                            t.state = TcpState::Closed;
                            Err(Fail::from(e))
                        }
                    };
                    return done(r);
                }
                let r = (|| {
                    let a = addr_of(a)?;
                    check_remote(a, t.v6)?;
                    if !matches!(t.state, TcpState::Unbound | TcpState::Bound) {
                        return bad_state();
                    }
                    match t.sock.connect(&SockAddr::from(a)) {
                        Ok(()) => {
                            t.state = TcpState::Connected;
                            Ok(true)
                        }
                        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
                            t.state = TcpState::Connecting;
                            Ok(false)
                        }
                        Err(e) => {
                            t.state = TcpState::Closed;
                            Err(Fail::from(e))
                        }
                    }
                })();
                match r {
                    Ok(false) => Ok(Call::WaitFd { fd: t.sock.as_raw_fd(), write: true }),
                    Ok(true) => done(Ok(None)),
                    Err(e) => done(Err(e)),
                }
            }
            ("listen", []) => {
                let r = (|| {
                    if !matches!(t.state, TcpState::Unbound | TcpState::Bound) {
                        return bad_state();
                    }
                    t.sock.listen(t.backlog)?;
                    t.state = TcpState::Listening;
                    Ok(t.sock.try_clone()?)
                })();
                match r {
                    Ok(listener) => {
                        let stream = pipes.host_source(Source::Accept(listener), None);
                        done(Ok(Some(Val::Pipe(stream))))
                    }
                    Err(e) => done(Err(e)),
                }
            }
            ("send", [Val::Pipe(stream)]) => {
                let future = pipes.host_future();
                let sock = if t.state == TcpState::Connected && !t.sending { t.sock.try_clone().map_err(Fail::from) } else { bad_state() };
                t.sending = true;
                match sock {
                    Ok(sock) => pipes.host_sink(*stream, Sink::Socket(sock), Some(Done { future, error: stream_error }))?,
                    Err(e) => pipes.host_refuse(*stream, future, result(Err(e)))?,
                }
                Ok(Call::Done(Some(Val::Pipe(future))))
            }
            ("receive", []) => {
                let future = pipes.host_future();
                let sock = if t.state == TcpState::Connected && !t.receiving { t.sock.try_clone().map_err(Fail::from) } else { bad_state() };
                t.receiving = true;
                let stream = match sock {
                    Ok(sock) => pipes.host_source(Source::Socket(sock), Some(Done { future, error: stream_error })),
                    Err(e) => pipes.failed_source(future, result(Err(e))),
                };
                Ok(Call::Done(Some(Val::Record(vec![Val::Pipe(stream), Val::Pipe(future)]))))
            }
            ("get-local-address", []) => done(if t.state == TcpState::Unbound { bad_state() } else { local_addr(&t.sock).map(|a| Some(addr_val(a))) }),
            ("get-remote-address", []) => done(if t.state == TcpState::Connected {
                t.sock.peer_addr().map_err(Fail::from).and_then(|a| a.as_socket().ok_or(Fail(code::NOT_SUPPORTED))).map(|a| Some(addr_val(a)))
            } else {
                bad_state()
            }),
            ("get-is-listening", []) => done(Ok(Some(Val::Bool(t.state == TcpState::Listening)))),
            ("get-address-family", []) => Ok(Call::Done(Some(Val::Variant(u32::from(t.v6), None)))),
            ("set-listen-backlog-size", [v]) => done(positive(v).and_then(|n| {
                t.backlog = n.min(i32::MAX as u64) as i32;
                match t.state {
                    TcpState::Listening => t.sock.listen(t.backlog)?,
                    TcpState::Connected | TcpState::Connecting => return bad_state(),
                    _ => {}
                }
                Ok(None)
            })),
            ("get-keep-alive-enabled", []) => done(t.sock.keepalive().map(|b| Some(Val::Bool(b))).map_err(Fail::from)),
            ("set-keep-alive-enabled", [Val::Bool(b)]) => done(t.sock.set_keepalive(*b).map(|()| None).map_err(Fail::from)),
            ("get-keep-alive-idle-time", []) => done(getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE)
                .map(|s| Some(Val::U64(s as u64 * 1_000_000_000)))),
            ("set-keep-alive-idle-time", [v]) => done(positive(v)
                .and_then(|ns| setsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, seconds(ns) as i32))
                .map(|()| None)),
            ("get-keep-alive-interval", []) => done(getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL)
                .map(|s| Some(Val::U64(s as u64 * 1_000_000_000)))),
            ("set-keep-alive-interval", [v]) => done(positive(v)
                .and_then(|ns| setsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, seconds(ns) as i32))
                .map(|()| None)),
            ("get-keep-alive-count", []) => done(getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPCNT).map(|n| Some(Val::U32(n as u32)))),
            ("set-keep-alive-count", [v]) => done(positive(v)
                .and_then(|n| setsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPCNT, n.min(127) as i32))
                .map(|()| None)),
            (m, args) => match common_option(&t.sock, t.v6, m, args) {
                Some(r) => done(r),
                None => trap(format!("wasi:sockets/types: `[method]tcp-socket.{m}` is not implemented by this host, or got wrong arguments")),
            },
        }
    }

    fn udp_method(&mut self, m: &str, s: &Val, args: &[Val]) -> Result<Call, Trap> {
        let u = self.udp(s)?;
        let done = |r: Outcome| Ok(Call::Done(Some(result(r))));
        match (m, args) {
            ("bind", [a]) => done((|| {
                let a = addr_of(a)?;
                check_addr(a, u.v6)?;
                if u.bound {
                    return bad_state();
                }
                u.sock.bind(&SockAddr::from(a))?;
                u.bound = true;
                Ok(None)
            })()),
            ("connect", [a]) => done((|| {
                let a = addr_of(a)?;
                check_remote(a, u.v6)?;
                u.sock.connect(&SockAddr::from(a))?;
                u.bound = true;
                u.remote = Some(a);
                Ok(None)
            })()),
            ("disconnect", []) => done((|| {
                if u.remote.is_none() {
                    return bad_state();
                }
                // SAFETY: connecting to AF_UNSPEC dissolves the association.
                let unspec = libc::sockaddr { sa_family: libc::AF_UNSPEC as u16, sa_data: [0; 14] };
                let r = unsafe { libc::connect(u.sock.as_raw_fd(), &unspec, std::mem::size_of::<libc::sockaddr>() as u32) };
                if r < 0 {
                    let e = std::io::Error::last_os_error();
                    if e.raw_os_error() != Some(libc::EAFNOSUPPORT) {
                        return Err(e.into());
                    }
                }
                u.remote = None;
                Ok(None)
            })()),
            ("send", [Val::List(bytes), remote]) => {
                let r = (|| {
                    let to = match remote {
                        Val::Variant(1, Some(a)) => {
                            let a = addr_of(a)?;
                            check_remote(a, u.v6)?;
                            if u.remote.is_some_and(|r| r != a) {
                                return invalid();
                            }
                            Some(a)
                        }
                        _ => None,
                    };
                    if to.is_none() && u.remote.is_none() {
                        return invalid();
                    }
                    let data: Vec<u8> = bytes.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect();
                    let sent = match (to, u.remote) {
                        (_, Some(_)) => u.sock.send_with_flags(&data, libc::MSG_NOSIGNAL),
                        (Some(a), None) => u.sock.send_to(&data, &SockAddr::from(a)),
                        (None, None) => unreachable!("checked"),
                    };
                    match sent {
                        Ok(_) => {
                            u.bound = true;
                            Ok(true)
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(false),
                        Err(e) => Err(e.into()),
                    }
                })();
                match r {
                    Ok(false) => Ok(Call::WaitFd { fd: u.sock.as_raw_fd(), write: true }),
                    Ok(true) => done(Ok(None)),
                    Err(e) => done(Err(e)),
                }
            }
            ("receive", []) => {
                if !u.bound {
                    return done(bad_state());
                }
                let mut buf = vec![std::mem::MaybeUninit::<u8>::uninit(); 65536];
                match u.sock.recv_from(&mut buf) {
                    Ok((n, from)) => {
                        // SAFETY: `recv_from` initialized the first `n` bytes.
                        let data: Vec<Val> = buf[..n].iter().map(|b| Val::U8(unsafe { b.assume_init() })).collect();
                        let from = from.as_socket().map(addr_val).unwrap_or_else(|| addr_val(SocketAddr::from(([0, 0, 0, 0], 0))));
                        done(Ok(Some(Val::Record(vec![Val::List(data), from]))))
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(Call::WaitFd { fd: u.sock.as_raw_fd(), write: false }),
                    Err(e) => done(Err(e.into())),
                }
            }
            ("get-local-address", []) => done(if u.bound { local_addr(&u.sock).map(|a| Some(addr_val(a))) } else { bad_state() }),
            ("get-remote-address", []) => done(match u.remote {
                Some(a) => Ok(Some(addr_val(a))),
                None => bad_state(),
            }),
            ("get-address-family", []) => Ok(Call::Done(Some(Val::Variant(u32::from(u.v6), None)))),
            (m, args) => match common_option(&u.sock, u.v6, m, args) {
                Some(r) => done(r),
                None => trap(format!("wasi:sockets/types: `[method]udp-socket.{m}` is not implemented by this host, or got wrong arguments")),
            },
        }
    }
}
