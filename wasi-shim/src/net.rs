//! The socket core WASI 0.2 (`p2::sockets`) and 0.3 (`p3::sockets`) share:
//! TCP and UDP sockets on host sockets (socket2), non-blocking, with one
//! state machine per kind, the address checks, the options, and the error
//! codes of both versions. Each version only maps its own function names
//! and encodings onto these.
//!
//! Addresses are checked as wasmtime checks them: the family must be the
//! socket's, no multicast or broadcast, no IPv4-mapped IPv6 (IPv6 sockets
//! are IPv6-only), no unspecified remote address or port 0 to connect to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsRawFd;

use socket2::{Domain, SockAddr, Socket, Type};
use wasm2native_abi::canonical::values::Val;
use wasm2native_abi::wasi_p2::Version;

/// A socket error: the cases of both versions' `error-code` (each encodes
/// the ones it has, [`Code::val`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    AccessDenied,
    NotSupported,
    InvalidArgument,
    OutOfMemory,
    Timeout,
    InvalidState,
    AddressNotBindable,
    AddressInUse,
    RemoteUnreachable,
    ConnectionRefused,
    ConnectionBroken,
    ConnectionReset,
    ConnectionAborted,
    DatagramTooLarge,
    /// `other` (0.3), `unknown` (0.2).
    Other,
    // WASI 0.2 only: its two-phase operations and name lookup.
    ConcurrencyConflict,
    NotInProgress,
    WouldBlock,
    NewSocketLimit,
    NameUnresolvable,
    TemporaryResolverFailure,
    PermanentResolverFailure,
}

impl Code {
    /// The `error-code` value of this error in WASI `version`.
    pub(crate) fn val(self, version: Version) -> Val {
        use Code::*;
        match version {
            // An enum, in this order.
            Version::P2 => Val::Variant(
                match self {
                    Other | ConnectionBroken => 0,
                    AccessDenied => 1,
                    NotSupported => 2,
                    InvalidArgument => 3,
                    OutOfMemory => 4,
                    Timeout => 5,
                    ConcurrencyConflict => 6,
                    NotInProgress => 7,
                    WouldBlock => 8,
                    InvalidState => 9,
                    NewSocketLimit => 10,
                    AddressNotBindable => 11,
                    AddressInUse => 12,
                    RemoteUnreachable => 13,
                    ConnectionRefused => 14,
                    ConnectionReset => 15,
                    ConnectionAborted => 16,
                    DatagramTooLarge => 17,
                    NameUnresolvable => 18,
                    TemporaryResolverFailure => 19,
                    PermanentResolverFailure => 20,
                },
                None,
            ),
            // A variant whose last case, `other`, has an optional message.
            Version::P3 => {
                let case = match self {
                    AccessDenied => 0,
                    NotSupported => 1,
                    InvalidArgument => 2,
                    OutOfMemory => 3,
                    Timeout => 4,
                    InvalidState | NotInProgress | ConcurrencyConflict => 5,
                    AddressNotBindable => 6,
                    AddressInUse => 7,
                    RemoteUnreachable => 8,
                    ConnectionRefused => 9,
                    ConnectionBroken => 10,
                    ConnectionReset => 11,
                    ConnectionAborted => 12,
                    DatagramTooLarge => 13,
                    Other | WouldBlock | NewSocketLimit | NameUnresolvable | TemporaryResolverFailure | PermanentResolverFailure => 14,
                };
                Val::Variant(case, (case == 14).then(|| Box::new(Val::Variant(0, None))))
            }
        }
    }
}

/// The error code of a host error.
pub(crate) fn errno_code(e: &std::io::Error) -> Code {
    match e.raw_os_error().unwrap_or(0) {
        libc::EACCES | libc::EPERM => Code::AccessDenied,
        libc::EOPNOTSUPP | libc::ENOPROTOOPT | libc::EAFNOSUPPORT | libc::EPROTONOSUPPORT | libc::EPFNOSUPPORT | libc::EPROTOTYPE => {
            Code::NotSupported
        }
        libc::EINVAL => Code::InvalidArgument,
        libc::ENOMEM | libc::ENOBUFS => Code::OutOfMemory,
        libc::ETIMEDOUT => Code::Timeout,
        libc::EISCONN | libc::ENOTCONN | libc::EDESTADDRREQ => Code::InvalidState,
        libc::EALREADY => Code::ConcurrencyConflict,
        libc::EAGAIN | libc::EINTR => Code::WouldBlock,
        libc::EMFILE | libc::ENFILE => Code::NewSocketLimit,
        libc::EADDRNOTAVAIL => Code::AddressNotBindable,
        libc::EADDRINUSE => Code::AddressInUse,
        libc::EHOSTUNREACH | libc::EHOSTDOWN | libc::ENETUNREACH | libc::ENETDOWN | libc::ENONET => Code::RemoteUnreachable,
        libc::ECONNREFUSED => Code::ConnectionRefused,
        libc::EPIPE => Code::ConnectionBroken,
        libc::ECONNRESET => Code::ConnectionReset,
        libc::ECONNABORTED => Code::ConnectionAborted,
        libc::EMSGSIZE => Code::DatagramTooLarge,
        _ => Code::Other,
    }
}

/// A failed socket operation.
#[derive(Debug)]
pub(crate) struct Fail(pub Code);

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail(errno_code(&e))
    }
}

/// What a socket operation gives back.
pub(crate) type Outcome = Result<Option<Val>, Fail>;

/// `result<T, error-code>` of an outcome, in WASI `version`.
pub(crate) fn result(r: Outcome, version: Version) -> Val {
    match r {
        Ok(v) => Val::Variant(0, v.map(Box::new)),
        Err(Fail(c)) => Val::Variant(1, Some(Box::new(c.val(version)))),
    }
}

pub(crate) fn invalid<T>() -> Result<T, Fail> {
    Err(Fail(Code::InvalidArgument))
}

pub(crate) fn bad_state<T>() -> Result<T, Fail> {
    Err(Fail(Code::InvalidState))
}

/// The socket address of an `ip-socket-address` value.
pub(crate) fn addr_of(v: &Val) -> Result<SocketAddr, Fail> {
    let Val::Variant(case, Some(payload)) = v else {
        return invalid();
    };
    let Val::Record(f) = &**payload else {
        return invalid();
    };
    let u16_of = |v: &Val| {
        if let Val::U16(n) = v {
            Ok(*n)
        } else {
            invalid()
        }
    };
    let u32_of = |v: &Val| {
        if let Val::U32(n) = v {
            Ok(*n)
        } else {
            invalid()
        }
    };
    match (case, &f[..]) {
        (0, [port, Val::Record(a)]) => {
            let b: Vec<u8> = a.iter().map(|x| if let Val::U8(b) = x { *b } else { 0 }).collect();
            let [a, b2, c, d] = b[..] else {
                return invalid();
            };
            Ok(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(a, b2, c, d), u16_of(port)?)))
        }
        (1, [port, flow, Val::Record(a), scope]) => {
            let s: Vec<u16> = a.iter().map(|x| if let Val::U16(n) = x { *n } else { 0 }).collect();
            let [a, b, c, d, e, f2, g, h] = s[..] else {
                return invalid();
            };
            let ip = Ipv6Addr::new(a, b, c, d, e, f2, g, h);
            Ok(SocketAddr::V6(SocketAddrV6::new(ip, u16_of(port)?, u32_of(flow)?, u32_of(scope)?)))
        }
        _ => invalid(),
    }
}

/// The `ip-address` value of an address.
pub(crate) fn ip_val(ip: IpAddr) -> Val {
    match ip {
        IpAddr::V4(ip) => Val::Variant(0, Some(Box::new(Val::Record(ip.octets().iter().map(|&b| Val::U8(b)).collect())))),
        IpAddr::V6(ip) => Val::Variant(1, Some(Box::new(Val::Record(ip.segments().iter().map(|&s| Val::U16(s)).collect())))),
    }
}

/// The `ip-socket-address` value of a socket address.
pub(crate) fn addr_val(a: SocketAddr) -> Val {
    let Val::Variant(case, Some(ip)) = ip_val(a.ip()) else { unreachable!("an ip-address has a payload") };
    let fields = match a {
        SocketAddr::V4(_) => vec![Val::U16(a.port()), *ip],
        SocketAddr::V6(a) => vec![Val::U16(a.port()), Val::U32(a.flowinfo()), *ip, Val::U32(a.scope_id())],
    };
    Val::Variant(case, Some(Box::new(Val::Record(fields))))
}

/// Checks an address for a socket of family `v6`: the family matches, the
/// address is unicast and not IPv4-mapped.
pub(crate) fn check_addr(a: SocketAddr, v6: bool) -> Result<(), Fail> {
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
pub(crate) fn check_remote(a: SocketAddr, v6: bool) -> Result<(), Fail> {
    check_addr(a, v6)?;
    if a.ip().is_unspecified() || a.port() == 0 {
        return invalid();
    }
    Ok(())
}

fn local_addr(sock: &Socket) -> Result<SocketAddr, Fail> {
    sock.local_addr()?.as_socket().ok_or(Fail(Code::NotSupported))
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

/// Whether an `ip-address-family` value is IPv6.
pub(crate) fn family_of(v: &Val) -> Result<bool, Fail> {
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
    let r = unsafe { libc::setsockopt(sock.as_raw_fd(), level, name, (&value as *const i32).cast(), std::mem::size_of::<i32>() as u32) };
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

/// The options both kinds of socket have: hop limit and buffer sizes
/// (getters named as in 0.3, `get-…`).
fn common_option(sock: &Socket, v6: bool, name: &str, args: &[Val]) -> Option<Outcome> {
    let (level, hop) = if v6 { (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS) } else { (libc::IPPROTO_IP, libc::IP_TTL) };
    Some(match (name, args) {
        ("get-hop-limit" | "get-unicast-hop-limit", []) => getsockopt(sock, level, hop).map(|n| Some(Val::U8(n as u8))),
        ("set-hop-limit" | "set-unicast-hop-limit", [v]) => positive(v).and_then(|n| setsockopt(sock, level, hop, n as i32)).map(|()| None),
        // Linux doubles what is set (for its bookkeeping) and reports that;
        // the guest gets back what it set.
        ("get-receive-buffer-size", []) => sock.recv_buffer_size().map(|n| Some(Val::U64(n as u64 / 2))).map_err(Fail::from),
        ("set-receive-buffer-size", [v]) => {
            positive(v).and_then(|n| Ok(sock.set_recv_buffer_size(n.min(i32::MAX as u64 / 2) as usize)?)).map(|()| None)
        }
        ("get-send-buffer-size", []) => sock.send_buffer_size().map(|n| Some(Val::U64(n as u64 / 2))).map_err(Fail::from),
        ("set-send-buffer-size", [v]) => positive(v).and_then(|n| Ok(sock.set_send_buffer_size(n.min(i32::MAX as u64 / 2) as usize)?)).map(|()| None),
        _ => return None,
    })
}

/// The state of a TCP socket. The `…Started` states are WASI 0.2's first
/// halves of its two-phase operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TcpState {
    Unbound,
    BindStarted,
    Bound,
    Connecting,
    Connected,
    ListenStarted,
    Listening,
    /// A connection attempt failed: nothing more can be done with it.
    Closed,
}

/// A TCP socket.
pub(crate) struct Tcp {
    pub(crate) sock: Socket,
    v6: bool,
    pub(crate) state: TcpState,
    backlog: i32,
    /// `receive` and `send` were called (0.3: each may be called once).
    pub(crate) receiving: bool,
    pub(crate) sending: bool,
}

impl Tcp {
    /// A new socket of family `family` (an `ip-address-family`).
    pub(crate) fn new(family: &Val) -> Result<Tcp, Fail> {
        let v6 = family_of(family)?;
        let sock = new_socket(v6, Type::STREAM)?;
        Ok(Tcp { sock, v6, state: TcpState::Unbound, backlog: 128, receiving: false, sending: false })
    }

    /// A connection a listening socket accepted.
    pub(crate) fn accepted(conn: Socket) -> Tcp {
        let v6 = matches!(conn.local_addr().ok().and_then(|a| a.as_socket()), Some(SocketAddr::V6(_)));
        let _ = conn.set_nonblocking(true);
        Tcp { sock: conn, v6, state: TcpState::Connected, backlog: 128, receiving: false, sending: false }
    }

    /// Binds to `a` (an `ip-socket-address`).
    pub(crate) fn bind(&mut self, a: &Val) -> Result<(), Fail> {
        let a = addr_of(a)?;
        check_addr(a, self.v6)?;
        if self.state != TcpState::Unbound {
            return bad_state();
        }
        // A port just closed (in TIME_WAIT) may be bound again, as on
        // Windows (and as wasmtime does).
        self.sock.set_reuse_address(true)?;
        self.sock.bind(&SockAddr::from(a))?;
        self.state = TcpState::Bound;
        Ok(())
    }

    /// Starts connecting to `a`: `true` when connected at once, `false`
    /// when the socket becomes writable once the attempt ends
    /// ([`Tcp::finish_connect`]).
    pub(crate) fn start_connect(&mut self, a: &Val) -> Result<bool, Fail> {
        let a = addr_of(a)?;
        check_remote(a, self.v6)?;
        if !matches!(self.state, TcpState::Unbound | TcpState::Bound) {
            return bad_state();
        }
        match self.sock.connect(&SockAddr::from(a)) {
            Ok(()) => {
                self.state = TcpState::Connected;
                Ok(true)
            }
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
                self.state = TcpState::Connecting;
                Ok(false)
            }
            Err(e) => {
                self.state = TcpState::Closed;
                Err(e.into())
            }
        }
    }

    /// How a connection attempt went, once the socket is writable.
    pub(crate) fn finish_connect(&mut self) -> Result<(), Fail> {
        match self.sock.take_error() {
            Ok(None) => {
                self.state = TcpState::Connected;
                Ok(())
            }
            Ok(Some(e)) | Err(e) => {
                self.state = TcpState::Closed;
                Err(e.into())
            }
        }
    }

    /// Starts listening (an unbound socket is bound by the host, as
    /// `listen(2)` does).
    pub(crate) fn listen(&mut self) -> Result<(), Fail> {
        if !matches!(self.state, TcpState::Unbound | TcpState::Bound) {
            return bad_state();
        }
        self.sock.listen(self.backlog)?;
        self.state = TcpState::Listening;
        Ok(())
    }

    /// Whether the socket is writable now, or readable for `!write`.
    pub(crate) fn ready(&self, write: bool) -> bool {
        ready(self.sock.as_raw_fd(), write)
    }

    /// The options and queries of a socket, named as in 0.3 (`get-…`).
    pub(crate) fn option(&mut self, name: &str, args: &[Val]) -> Option<Outcome> {
        let t = self;
        let ns = |s: i32| Some(Val::U64(s as u64 * 1_000_000_000));
        let keep = |t: &Tcp, opt: i32, v: &Val, f: fn(u64) -> i32| positive(v).and_then(|n| setsockopt(&t.sock, libc::IPPROTO_TCP, opt, f(n)));
        Some(match (name, args) {
            ("get-local-address", []) => {
                if matches!(t.state, TcpState::Unbound | TcpState::BindStarted) {
                    bad_state()
                } else {
                    local_addr(&t.sock).map(|a| Some(addr_val(a)))
                }
            }
            ("get-remote-address", []) => {
                if t.state == TcpState::Connected {
                    let peer = t.sock.peer_addr().map_err(Fail::from);
                    peer.and_then(|a| a.as_socket().ok_or(Fail(Code::NotSupported))).map(|a| Some(addr_val(a)))
                } else {
                    bad_state()
                }
            }
            ("get-is-listening", []) => Ok(Some(Val::Bool(t.state == TcpState::Listening))),
            ("get-address-family", []) => Ok(Some(Val::Variant(u32::from(t.v6), None))),
            ("set-listen-backlog-size", [v]) => positive(v).and_then(|n| {
                t.backlog = n.min(i32::MAX as u64) as i32;
                match t.state {
                    TcpState::Listening => t.sock.listen(t.backlog)?,
                    TcpState::Connected | TcpState::Connecting => return bad_state(),
                    _ => {}
                }
                Ok(None)
            }),
            ("get-keep-alive-enabled", []) => t.sock.keepalive().map(|b| Some(Val::Bool(b))).map_err(Fail::from),
            ("set-keep-alive-enabled", [Val::Bool(b)]) => t.sock.set_keepalive(*b).map(|()| None).map_err(Fail::from),
            ("get-keep-alive-idle-time", []) => getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE).map(ns),
            ("set-keep-alive-idle-time", [v]) => keep(t, libc::TCP_KEEPIDLE, v, |n| seconds(n) as i32).map(|()| None),
            ("get-keep-alive-interval", []) => getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL).map(ns),
            ("set-keep-alive-interval", [v]) => keep(t, libc::TCP_KEEPINTVL, v, |n| seconds(n) as i32).map(|()| None),
            ("get-keep-alive-count", []) => getsockopt(&t.sock, libc::IPPROTO_TCP, libc::TCP_KEEPCNT).map(|n| Some(Val::U32(n as u32))),
            ("set-keep-alive-count", [v]) => keep(t, libc::TCP_KEEPCNT, v, |n| n.min(127) as i32).map(|()| None),
            (m, args) => return common_option(&t.sock, t.v6, m, args),
        })
    }
}

/// A UDP socket.
pub(crate) struct Udp {
    pub(crate) sock: Socket,
    v6: bool,
    pub(crate) bound: bool,
    /// WASI 0.2's `start-bind` was called, `finish-bind` not yet.
    pub(crate) binding: bool,
    pub(crate) remote: Option<SocketAddr>,
}

impl Udp {
    /// A new socket of family `family` (an `ip-address-family`).
    pub(crate) fn new(family: &Val) -> Result<Udp, Fail> {
        let v6 = family_of(family)?;
        let sock = new_socket(v6, Type::DGRAM)?;
        Ok(Udp { sock, v6, bound: false, binding: false, remote: None })
    }

    /// The same socket, through a duplicate of its descriptor (for a
    /// datagram stream).
    pub(crate) fn duplicate(&self) -> Result<Udp, Fail> {
        Ok(Udp { sock: self.sock.try_clone()?, v6: self.v6, bound: self.bound, binding: self.binding, remote: self.remote })
    }

    /// Binds to `a` (an `ip-socket-address`).
    pub(crate) fn bind(&mut self, a: &Val) -> Result<(), Fail> {
        let a = addr_of(a)?;
        check_addr(a, self.v6)?;
        if self.bound || self.binding {
            return bad_state();
        }
        self.sock.bind(&SockAddr::from(a))?;
        self.bound = true;
        Ok(())
    }

    /// Sends only to (and receives only from) `a`.
    pub(crate) fn connect(&mut self, a: &Val) -> Result<(), Fail> {
        let a = addr_of(a)?;
        check_remote(a, self.v6)?;
        self.sock.connect(&SockAddr::from(a))?;
        self.bound = true;
        self.remote = Some(a);
        Ok(())
    }

    /// Undoes [`Udp::connect`].
    pub(crate) fn disconnect(&mut self) -> Result<(), Fail> {
        if self.remote.is_none() {
            return Ok(());
        }
        let unspec = libc::sockaddr { sa_family: libc::AF_UNSPEC as u16, sa_data: [0; 14] };
        // SAFETY: connecting to AF_UNSPEC dissolves the association; the
        // address is a valid `sockaddr` of the size given.
        let r = unsafe { libc::connect(self.sock.as_raw_fd(), &unspec, std::mem::size_of::<libc::sockaddr>() as u32) };
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EAFNOSUPPORT) {
                return Err(e.into());
            }
        }
        self.remote = None;
        Ok(())
    }

    /// Sends a datagram to `remote` (an `option<ip-socket-address>`), or
    /// to the connected address: `false` when the socket's buffer is full.
    pub(crate) fn send(&mut self, data: &[u8], remote: &Val) -> Result<bool, Fail> {
        let to = match remote {
            Val::Variant(1, Some(a)) => {
                let a = addr_of(a)?;
                check_remote(a, self.v6)?;
                if self.remote.is_some_and(|r| r != a) {
                    return invalid();
                }
                Some(a)
            }
            _ => None,
        };
        let sent = match (to, self.remote) {
            (_, Some(_)) => self.sock.send_with_flags(data, libc::MSG_NOSIGNAL),
            (Some(a), None) => self.sock.send_to(data, &SockAddr::from(a)),
            (None, None) => return invalid(),
        };
        match sent {
            Ok(_) => {
                self.bound = true;
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Receives a datagram (an `incoming-datagram` record), if one waits.
    pub(crate) fn receive(&mut self) -> Result<Option<Val>, Fail> {
        if !self.bound {
            return bad_state();
        }
        let mut buf = vec![std::mem::MaybeUninit::<u8>::uninit(); 65536];
        match self.sock.recv_from(&mut buf) {
            Ok((n, from)) => {
                // SAFETY: `recv_from` initialized the first `n` bytes.
                let data: Vec<Val> = buf[..n].iter().map(|b| Val::U8(unsafe { b.assume_init() })).collect();
                let from = from.as_socket().unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
                Ok(Some(Val::Record(vec![Val::List(data), addr_val(from)])))
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The options and queries of a socket, named as in 0.3 (`get-…`).
    pub(crate) fn option(&mut self, name: &str, args: &[Val]) -> Option<Outcome> {
        Some(match (name, args) {
            ("get-local-address", []) => {
                if self.bound {
                    local_addr(&self.sock).map(|a| Some(addr_val(a)))
                } else {
                    bad_state()
                }
            }
            ("get-remote-address", []) => match self.remote {
                Some(a) => Ok(Some(addr_val(a))),
                None => bad_state(),
            },
            ("get-address-family", []) => Ok(Some(Val::Variant(u32::from(self.v6), None))),
            (m, args) => return common_option(&self.sock, self.v6, m, args),
        })
    }
}

/// Whether descriptor `fd` is writable now (or readable, for `!write`),
/// or has an error or hang-up to report.
pub(crate) fn ready(fd: i32, write: bool) -> bool {
    crate::p3::pipes::wait_fd(fd, write, 0)
}

/// The addresses `name` (a host name or an IP address literal) resolves
/// to, by the host's resolver; a valid name that may not be looked up
/// (`!allowed`) is a `permanent-resolver-failure`, as under wasmtime.
pub(crate) fn resolve(name: &str, allowed: bool) -> Result<Vec<IpAddr>, Fail> {
    let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    let ip = literal.parse::<IpAddr>().ok();
    // A name is letters, digits, hyphens, underscores and dots (IDNA
    // names come here already encoded).
    let valid = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if ip.is_none() && !valid {
        return invalid();
    }
    if !allowed {
        return Err(Fail(Code::PermanentResolverFailure));
    }
    if let Some(ip) = ip {
        return Ok(vec![ip]);
    }
    let mut ips: Vec<IpAddr> = Vec::new();
    for a in getaddrinfo(name)? {
        // No IPv4-mapped IPv6 addresses, as the interface promises.
        let ip = match a.ip() {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            ip => ip,
        };
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    if ips.is_empty() {
        return Err(Fail(Code::NameUnresolvable));
    }
    Ok(ips)
}

/// The host resolver's addresses for `name`, with its error kinds.
fn getaddrinfo(name: &str) -> Result<Vec<SocketAddr>, Fail> {
    let c_name = std::ffi::CString::new(name).map_err(|_| Fail(Code::InvalidArgument))?;
    // SAFETY: a zeroed `addrinfo` is a valid hints value (no flags, any
    // family).
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_socktype = libc::SOCK_STREAM;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: the name is NUL-terminated, the hints valid, and `list` is
    // written only on success.
    let r = unsafe { libc::getaddrinfo(c_name.as_ptr(), std::ptr::null(), &hints, &mut list) };
    match r {
        0 => {}
        libc::EAI_NONAME | libc::EAI_NODATA => return Err(Fail(Code::NameUnresolvable)),
        libc::EAI_AGAIN => return Err(Fail(Code::TemporaryResolverFailure)),
        libc::EAI_MEMORY => return Err(Fail(Code::OutOfMemory)),
        _ => return Err(Fail(Code::PermanentResolverFailure)),
    }
    let mut addrs = Vec::new();
    let mut at = list;
    while !at.is_null() {
        // SAFETY: `at` is an entry of the list getaddrinfo returned, which
        // is freed only below.
        let entry = unsafe { &*at };
        let len = (entry.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        // SAFETY: `ai_addr` points to `ai_addrlen` bytes of a socket
        // address of the entry's family; at most the storage's size is
        // copied.
        let addr = unsafe {
            SockAddr::try_init(|storage, out_len| {
                std::ptr::copy_nonoverlapping(entry.ai_addr.cast::<u8>(), storage.cast::<u8>(), len);
                *out_len = len as libc::socklen_t;
                Ok(())
            })
        };
        if let Ok(((), a)) = addr {
            addrs.extend(a.as_socket());
        }
        at = entry.ai_next;
    }
    // SAFETY: `list` came from a successful getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip_and_are_checked() {
        for a in ["127.0.0.1:80", "[::1]:8080"] {
            let a: SocketAddr = a.parse().unwrap();
            assert_eq!(addr_of(&addr_val(a)).unwrap(), a);
        }
        let v4: SocketAddr = "0.0.0.0:0".parse().unwrap();
        assert!(check_addr(v4, false).is_ok());
        assert!(check_addr(v4, true).is_err(), "family");
        assert!(check_remote(v4, false).is_err(), "unspecified remote");
        let mapped: SocketAddr = "[::ffff:127.0.0.1]:1".parse().unwrap();
        assert!(check_addr(mapped, true).is_err(), "IPv4-mapped");
    }

    #[test]
    fn error_codes_in_both_versions() {
        assert_eq!(Code::WouldBlock.val(Version::P2), Val::Variant(8, None));
        assert_eq!(Code::AccessDenied.val(Version::P2), Val::Variant(1, None));
        assert_eq!(Code::AccessDenied.val(Version::P3), Val::Variant(0, None));
        assert_eq!(Code::Other.val(Version::P3), Val::Variant(14, Some(Box::new(Val::Variant(0, None)))));
        let refused = std::io::Error::from_raw_os_error(libc::ECONNREFUSED);
        assert_eq!(errno_code(&refused), Code::ConnectionRefused);
    }

    #[test]
    fn names_resolve_or_are_refused() {
        assert_eq!(resolve("127.0.0.1", true).unwrap(), vec![IpAddr::from([127, 0, 0, 1])]);
        assert_eq!(resolve("[::1]", true).unwrap(), vec!["::1".parse::<IpAddr>().unwrap()]);
        assert_eq!(resolve("a b", true).unwrap_err().0, Code::InvalidArgument);
        assert_eq!(resolve("", false).unwrap_err().0, Code::InvalidArgument);
        assert_eq!(resolve("no-such-host.invalid", true).unwrap_err().0, Code::NameUnresolvable);
        assert_eq!(resolve("localhost", false).unwrap_err().0, Code::PermanentResolverFailure);
    }

    #[test]
    fn a_tcp_connection_on_loopback() {
        let family = Val::Variant(0, None);
        let mut listener = Tcp::new(&family).unwrap();
        listener.bind(&addr_val("127.0.0.1:0".parse().unwrap())).unwrap();
        listener.listen().unwrap();
        let Some(Ok(Some(addr))) = listener.option("get-local-address", &[]) else { panic!() };
        let mut client = Tcp::new(&family).unwrap();
        if !client.start_connect(&addr).unwrap() {
            while !client.ready(true) {
                std::thread::yield_now();
            }
            client.finish_connect().unwrap();
        }
        assert_eq!(client.state, TcpState::Connected);
        assert_eq!(client.option("get-remote-address", &[]).unwrap().unwrap(), Some(addr));
        assert!(listener.option("get-remote-address", &[]).unwrap().is_err());
    }
}
