//! `wasi:sockets` 0.3 (`types`) on the shared socket core (`crate::net`):
//! a task waiting for a connection or a datagram lets the event loop wait
//! for the descriptor (`Call::WaitFd`) instead of blocking the component,
//! and a connection's data are streams.
//!
//! Without the network grant sockets can be made and configured but not
//! bound, connected, listened on or sent from (`access-denied`), as for
//! WASI 0.2.

use std::os::fd::AsRawFd;

use wasm2native_abi::canonical::values::{Trap, Val};
use wasm2native_abi::wasi_p2::Version;

use super::pipes::{Done, Sink, Source};
use super::{Call, Pipes};
use crate::net::{self, bad_state, errno_code, Fail, Outcome, Tcp, TcpState, Udp};
use crate::p2::{Host, Object};

/// `result<T, error-code>` of an outcome.
fn result(r: Outcome) -> Val {
    net::result(r, Version::P3)
}

/// The `error-code` of a host error on a socket stream.
fn stream_error(e: &std::io::Error) -> Val {
    errno_code(e).val(Version::P3)
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

impl Host {
    /// A connection a listening socket accepted, as a new `tcp-socket`.
    pub(crate) fn accepted(&mut self, conn: socket2::Socket) -> Val {
        self.add(Object::Tcp(Tcp::accepted(conn)))
    }

    pub(crate) fn tcp(&mut self, v: &Val) -> Result<&mut Tcp, Trap> {
        match self.get_mut(v) {
            Some(Object::Tcp(t)) => Ok(t),
            _ => trap("not a tcp-socket"),
        }
    }

    pub(crate) fn udp(&mut self, v: &Val) -> Result<&mut Udp, Trap> {
        match self.get_mut(v) {
            Some(Object::Udp(u)) => Ok(u),
            _ => trap("not a udp-socket"),
        }
    }

    /// A function of `wasi:sockets/types` 0.3.
    pub(crate) fn sockets(&mut self, name: &str, args: &[Val], pipes: &mut Pipes) -> Result<Call, Trap> {
        let done = |r: Outcome| Ok(Call::Done(Some(result(r))));
        let uses_network = matches!(
            name,
            "[method]tcp-socket.bind" | "[method]tcp-socket.connect" | "[method]tcp-socket.listen" | "[method]udp-socket.bind"
                | "[method]udp-socket.connect" | "[method]udp-socket.send"
        );
        if uses_network {
            if let Err(e) = self.granted() {
                return done(Err(e));
            }
        }
        match (name, args) {
            ("[static]tcp-socket.create", [family]) => {
                let r = Tcp::new(family).map(|t| Some(self.add(Object::Tcp(t))));
                done(r)
            }
            ("[static]udp-socket.create", [family]) => {
                let r = Udp::new(family).map(|u| Some(self.add(Object::Udp(u))));
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
            ("bind", [a]) => done(t.bind(a).map(|()| None)),
            ("connect", [a]) => {
                if t.state == TcpState::Connecting {
                    // The retry once the socket is writable: how it went.
                    return done(t.finish_connect().map(|()| None));
                }
                match t.start_connect(a) {
                    Ok(false) => Ok(Call::WaitFd { fd: t.sock.as_raw_fd(), write: true }),
                    Ok(true) => done(Ok(None)),
                    Err(e) => done(Err(e)),
                }
            }
            ("listen", []) => match t.listen().and_then(|()| Ok(t.sock.try_clone()?)) {
                Ok(listener) => {
                    let stream = pipes.host_source(Source::Accept(listener), None);
                    done(Ok(Some(Val::Pipe(stream))))
                }
                Err(e) => done(Err(e)),
            },
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
            // Not results: plain values.
            ("get-is-listening" | "get-address-family", []) => Ok(Call::Done(t.option(m, args).and_then(|r| r.ok()).flatten())),
            (m, args) => match t.option(m, args) {
                Some(r) => done(r),
                None => trap(format!("wasi:sockets/types: `[method]tcp-socket.{m}` is not implemented by this host, or got wrong arguments")),
            },
        }
    }

    fn udp_method(&mut self, m: &str, s: &Val, args: &[Val]) -> Result<Call, Trap> {
        let u = self.udp(s)?;
        let done = |r: Outcome| Ok(Call::Done(Some(result(r))));
        match (m, args) {
            ("bind", [a]) => done(u.bind(a).map(|()| None)),
            ("connect", [a]) => done(u.connect(a).map(|()| None)),
            ("disconnect", []) => done(if u.remote.is_none() { bad_state() } else { u.disconnect().map(|()| None) }),
            ("send", [Val::List(bytes), remote]) => {
                let data: Vec<u8> = bytes.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect();
                match u.send(&data, remote) {
                    Ok(false) => Ok(Call::WaitFd { fd: u.sock.as_raw_fd(), write: true }),
                    Ok(true) => done(Ok(None)),
                    Err(e) => done(Err(e)),
                }
            }
            ("receive", []) => match u.receive() {
                Ok(None) => Ok(Call::WaitFd { fd: u.sock.as_raw_fd(), write: false }),
                r => done(r),
            },
            ("get-address-family", []) => Ok(Call::Done(u.option(m, args).and_then(|r| r.ok()).flatten())),
            (m, args) => match u.option(m, args) {
                Some(r) => done(r),
                None => trap(format!("wasi:sockets/types: `[method]udp-socket.{m}` is not implemented by this host, or got wrong arguments")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_grant_sockets_are_made_but_not_used() {
        let mut h = Host::new(vec![], vec![], &[]).unwrap();
        let mut p = Pipes::new();
        let ipv4 = Val::Variant(0, None);
        let Call::Done(Some(Val::Variant(0, Some(sock)))) = h.sockets("[static]tcp-socket.create", std::slice::from_ref(&ipv4), &mut p).unwrap() else {
            panic!("a socket is made")
        };
        let sock = Val::Borrow(match *sock {
            Val::Own(rep) => rep,
            other => panic!("{other:?}"),
        });
        let set = h.sockets("[method]tcp-socket.set-hop-limit", &[sock.clone(), Val::U8(42)], &mut p).unwrap();
        assert_eq!(set, Call::Done(Some(Val::Variant(0, None))));
        let addr = net::addr_val("127.0.0.1:0".parse().unwrap());
        let denied = Call::Done(Some(Val::Variant(1, Some(Box::new(Val::Variant(0, None))))));
        for (m, args) in [("bind", vec![sock.clone(), addr.clone()]), ("listen", vec![sock.clone()])] {
            assert_eq!(h.sockets(&format!("[method]tcp-socket.{m}"), &args, &mut p).unwrap(), denied, "{m}");
        }
        h.allow_network();
        let bound = h.sockets("[method]tcp-socket.bind", &[sock, addr], &mut p).unwrap();
        assert_eq!(bound, Call::Done(Some(Val::Variant(0, None))));
    }
}
