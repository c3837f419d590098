//! `wasi:sockets` 0.2 (network, instance-network, tcp, tcp-create-socket,
//! udp, udp-create-socket, ip-name-lookup) on the socket core both
//! versions share (`crate::net`). 0.2's operations come in two halves
//! (`start-…`/`finish-…`) that never block: a guest that must wait polls
//! the socket's pollable (`poll.rs`) and calls the second half again,
//! which says `would-block` until then. A connection's data are
//! `input-stream`/`output-stream` resources on duplicates of its
//! descriptor.
//!
//! Without the network grant, sockets can be made but not bound,
//! connected or sent from (`access-denied`), and names do not resolve
//! (`permanent-resolver-failure`), as under wasmtime; WASI 0.3 has the same
//! rule.

use wasm2native_abi::canonical::values::{Trap, Val};
use wasm2native_abi::wasi_p2::Version;

use super::poll::Watch;
use super::{trap, Host, Object, Outcome};
use crate::net::{self, bad_state, Code, Fail, Tcp, TcpState, Udp};

/// `result<T, error-code>` of a socket outcome.
fn result(r: net::Outcome) -> Val {
    net::result(r, Version::P2)
}

fn fail<T>(c: Code) -> Result<T, Fail> {
    Err(Fail(c))
}

/// The second half of a two-phase operation: `state` goes from `started`
/// to `done`, or the first half was not made (`not-in-progress`).
fn finish<S: PartialEq>(state: &mut S, started: S, done: S) -> net::Outcome {
    if *state != started {
        return fail(Code::NotInProgress);
    }
    *state = done;
    Ok(None)
}

/// The name of a 0.2 query in 0.3's (and the core's) terms: 0.2's getters
/// have no `get-`.
fn core_name(m: &str) -> String {
    if m.starts_with("set-") {
        m.to_string()
    } else {
        format!("get-{m}")
    }
}

impl Host {
    /// A function of a `wasi:sockets` 0.2 interface (`iface` without
    /// version), if it is one.
    pub(crate) fn sockets_p2(&mut self, iface: &str, name: &str, args: &[Val]) -> Option<Outcome> {
        let r = match (iface, name, args) {
            ("wasi:sockets/instance-network", "instance-network", []) => return Some(Ok(Some(self.add(Object::Network)))),
            ("wasi:sockets/network", "network-error-code", [e]) => {
                let code = match self.get(e) {
                    Ok(Object::Error { socket: Some(c), .. }) => Some(Box::new(c.val(Version::P2))),
                    _ => None,
                };
                return Some(Ok(Some(Val::Variant(u32::from(code.is_some()), code))));
            }
            ("wasi:sockets/tcp-create-socket", "create-tcp-socket", [family]) => Tcp::new(family).map(|t| Some(self.add(Object::Tcp(t)))),
            ("wasi:sockets/udp-create-socket", "create-udp-socket", [family]) => Udp::new(family).map(|u| Some(self.add(Object::Udp(u)))),
            ("wasi:sockets/tcp", m, [s, rest @ ..]) if m.starts_with("[method]tcp-socket.") => {
                return Some(self.tcp_p2(&m["[method]tcp-socket.".len()..], s, rest));
            }
            ("wasi:sockets/udp", m, [s, rest @ ..]) if m.starts_with("[method]") => {
                return Some(self.udp_p2(&m["[method]".len()..], s, rest));
            }
            ("wasi:sockets/ip-name-lookup", "resolve-addresses", [network, Val::String(name)]) => {
                if let Err(t) = self.network_arg(network) {
                    return Some(Err(t));
                }
                let allowed = self.network;
                net::resolve(name, allowed).map(|ips| Some(self.add(Object::Addresses { ips, next: 0 })))
            }
            ("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address", [s]) => match self.get_mut(s) {
                Some(Object::Addresses { ips, next }) => {
                    let ip = ips.get(*next).map(|ip| Box::new(net::ip_val(*ip)));
                    *next += 1;
                    Ok(Some(Val::Variant(u32::from(ip.is_some()), ip)))
                }
                _ => return Some(trap("not a resolve-address-stream")),
            },
            // Lookups finish when they start.
            ("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe", [s]) => {
                return Some(self.get(s).map(|_| ()).map(|()| Some(self.pollable(Watch::Always))));
            }
            _ => return None,
        };
        Some(Ok(Some(result(r))))
    }

    /// Checks a `borrow<network>` argument.
    fn network_arg(&self, v: &Val) -> Result<(), Trap> {
        match self.get(v)? {
            Object::Network => Ok(()),
            _ => trap("not a network"),
        }
    }

    /// Denied without the network grant.
    pub(crate) fn granted(&self) -> Result<(), Fail> {
        if self.network {
            Ok(())
        } else {
            fail(Code::AccessDenied)
        }
    }

    /// A connected socket's streams: `tuple<input-stream, output-stream>`.
    fn socket_streams(&mut self, sock: &socket2::Socket) -> Result<Val, Fail> {
        let (input, output) = (sock.try_clone()?, sock.try_clone()?);
        Ok(Val::Record(vec![self.add(Object::SocketIn(input)), self.add(Object::SocketOut(output))]))
    }

    fn tcp_p2(&mut self, m: &str, s: &Val, args: &[Val]) -> Outcome {
        let r = match (m, args) {
            ("start-bind", [network, a]) => {
                self.network_arg(network)?;
                let granted = self.granted();
                let t = self.tcp(s)?;
                granted.and_then(|()| match t.state {
                    TcpState::BindStarted => fail(Code::ConcurrencyConflict),
                    _ => t.bind(a).map(|()| {
                        t.state = TcpState::BindStarted;
                        None
                    }),
                })
            }
            ("finish-bind", []) => finish(&mut self.tcp(s)?.state, TcpState::BindStarted, TcpState::Bound),
            ("start-connect", [network, a]) => {
                self.network_arg(network)?;
                let granted = self.granted();
                let t = self.tcp(s)?;
                granted.and_then(|()| match t.state {
                    TcpState::Connecting => fail(Code::ConcurrencyConflict),
                    TcpState::Connected => bad_state(),
                    _ => t.start_connect(a).map(|_| None),
                })
            }
            ("finish-connect", []) => {
                let t = self.tcp(s)?;
                let connected = match t.state {
                    TcpState::Connecting if !t.ready(true) => fail(Code::WouldBlock),
                    TcpState::Connecting => t.finish_connect(),
                    // Connected at once by `start-connect`: the streams are
                    // given once.
                    TcpState::Connected if !t.receiving => Ok(()),
                    _ => fail(Code::NotInProgress),
                };
                let sock = connected.and_then(|()| {
                    t.receiving = true;
                    t.sending = true;
                    Ok(t.sock.try_clone()?)
                });
                sock.and_then(|sock| self.socket_streams(&sock).map(Some))
            }
            ("start-listen", []) => {
                let t = self.tcp(s)?;
                match t.state {
                    TcpState::ListenStarted => fail(Code::ConcurrencyConflict),
                    TcpState::Bound => t.listen().map(|()| {
                        t.state = TcpState::ListenStarted;
                        None
                    }),
                    _ => bad_state(),
                }
            }
            ("finish-listen", []) => finish(&mut self.tcp(s)?.state, TcpState::ListenStarted, TcpState::Listening),
            ("accept", []) => {
                let t = self.tcp(s)?;
                if t.state != TcpState::Listening {
                    bad_state()
                } else {
                    match t.sock.accept() {
                        Ok((conn, _)) => {
                            let conn = Tcp::accepted(conn);
                            let streams = self.socket_streams(&conn.sock);
                            streams.map(|streams| {
                                let Val::Record(mut fields) = streams else { unreachable!("a tuple") };
                                let mut conn = conn;
                                conn.receiving = true;
                                conn.sending = true;
                                fields.insert(0, self.add(Object::Tcp(conn)));
                                Some(Val::Record(fields))
                            })
                        }
                        Err(e) => Err(e.into()),
                    }
                }
            }
            ("subscribe", []) => return self.subscribe(s).map(Some),
            ("shutdown", [Val::Variant(how, None)]) => {
                let t = self.tcp(s)?;
                let how = match how {
                    0 => std::net::Shutdown::Read,
                    1 => std::net::Shutdown::Write,
                    _ => std::net::Shutdown::Both,
                };
                if t.state == TcpState::Connected {
                    t.sock.shutdown(how).map(|()| None).map_err(Fail::from)
                } else {
                    bad_state()
                }
            }
            // Plain values, not results.
            ("is-listening" | "address-family", []) => {
                let t = self.tcp(s)?;
                return Ok(t.option(&core_name(m), args).and_then(Result::ok).flatten());
            }
            (m, args) => match self.tcp(s)?.option(&core_name(m), args) {
                Some(r) => r,
                None => return trap(format!("wasi:sockets/tcp: `[method]tcp-socket.{m}` is not implemented by this host, or got wrong arguments")),
            },
        };
        Ok(Some(result(r)))
    }

    fn udp_p2(&mut self, m: &str, s: &Val, args: &[Val]) -> Outcome {
        let r = match (m, args) {
            ("udp-socket.start-bind", [network, a]) => {
                self.network_arg(network)?;
                let granted = self.granted();
                let u = self.udp(s)?;
                granted.and_then(|()| {
                    u.bind(a)?;
                    u.binding = true;
                    Ok(None)
                })
            }
            ("udp-socket.finish-bind", []) => finish(&mut self.udp(s)?.binding, true, false),
            ("udp-socket.stream", [remote]) => {
                let granted = self.granted();
                let u = self.udp(s)?;
                let streams = (|| {
                    if !u.bound || u.binding {
                        return bad_state();
                    }
                    match remote {
                        Val::Variant(1, Some(a)) => {
                            granted?;
                            u.disconnect()?;
                            u.connect(a)?;
                        }
                        _ => u.disconnect()?,
                    }
                    Ok((u.duplicate()?, u.duplicate()?))
                })();
                streams.map(|(input, output)| Some(Val::Record(vec![self.add(Object::UdpIn(input)), self.add(Object::UdpOut(output))])))
            }
            ("udp-socket.subscribe" | "incoming-datagram-stream.subscribe" | "outgoing-datagram-stream.subscribe", []) => {
                return self.subscribe(s).map(Some);
            }
            ("incoming-datagram-stream.receive", [Val::U64(max)]) => {
                let Some(Object::UdpIn(u)) = self.get_mut(s) else { return trap("not an incoming-datagram-stream") };
                let mut datagrams = Vec::new();
                let mut failure = None;
                while (datagrams.len() as u64) < *max {
                    match u.receive() {
                        Ok(Some(d)) => datagrams.push(d),
                        Ok(None) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                match failure {
                    Some(e) if datagrams.is_empty() => Err(e),
                    _ => Ok(Some(Val::List(datagrams))),
                }
            }
            ("outgoing-datagram-stream.check-send", []) => {
                let Some(Object::UdpOut(u)) = self.get(s).ok() else { return trap("not an outgoing-datagram-stream") };
                let writable = crate::net::ready(std::os::fd::AsRawFd::as_raw_fd(&u.sock), true);
                Ok(Some(Val::U64(if writable { 16 } else { 0 })))
            }
            ("outgoing-datagram-stream.send", [Val::List(datagrams)]) => {
                let granted = self.network;
                let Some(Object::UdpOut(u)) = self.get_mut(s) else { return trap("not an outgoing-datagram-stream") };
                let mut sent = 0u64;
                let mut failure = None;
                for d in datagrams {
                    let Val::Record(fields) = d else { return trap("not an outgoing-datagram") };
                    let [Val::List(data), remote] = &fields[..] else { return trap("not an outgoing-datagram") };
                    let data: Vec<u8> = data.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect();
                    let r = if granted { u.send(&data, remote) } else { fail(Code::AccessDenied) };
                    match r {
                        Ok(true) => sent += 1,
                        Ok(false) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                match failure {
                    Some(e) if sent == 0 => Err(e),
                    _ => Ok(Some(Val::U64(sent))),
                }
            }
            ("udp-socket.address-family", []) => {
                let u = self.udp(s)?;
                return Ok(u.option(&core_name("address-family"), args).and_then(Result::ok).flatten());
            }
            (m, args) if m.starts_with("udp-socket.") => match self.udp(s)?.option(&core_name(&m["udp-socket.".len()..]), args) {
                Some(r) => r,
                None => return trap(format!("wasi:sockets/udp: `[method]{m}` is not implemented by this host, or got wrong arguments")),
            },
            _ => return trap(format!("wasi:sockets/udp: `[method]{m}` is not implemented by this host, or got wrong arguments")),
        };
        Ok(Some(result(r)))
    }
}
