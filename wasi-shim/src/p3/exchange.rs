//! Sending `wasi:http` requests (`wasi:http/client`'s `send`) and serving
//! them (the `wasi:http/service` world): between the values of `http.rs`
//! and the bytes of `wire.rs`, over TCP. A request the guest sends waits
//! until the guest has written its body (`Call::WaitStream`), then the
//! exchange is made at once, blocking; a response the guest's handler
//! returns is written once its body is complete. HTTPS requests go over
//! TLS (`tls.rs`).

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use wasm2native_abi::canonical::values::{Trap, Val};

use super::http::{method_name, method_val, Body, Request, Response};
use super::tls::{self, Conn, TlsError};
use super::wire::{self, FieldList, WireError};
use super::{Call, Pipes};
use crate::p2::{Host, Object};

/// `wasi:http/types.error-code` cases.
mod code {
    pub const DNS_ERROR: u32 = 1;
    pub const DESTINATION_UNAVAILABLE: u32 = 3;
    pub const CONNECTION_REFUSED: u32 = 6;
    pub const CONNECTION_TERMINATED: u32 = 7;
    pub const CONNECTION_TIMEOUT: u32 = 8;
    pub const CONNECTION_READ_TIMEOUT: u32 = 9;
    pub const TLS_PROTOCOL_ERROR: u32 = 12;
    pub const TLS_CERTIFICATE_ERROR: u32 = 13;
    pub const TLS_ALERT_RECEIVED: u32 = 14;
    pub const HTTP_REQUEST_DENIED: u32 = 15;
    pub const HTTP_REQUEST_BODY_SIZE: u32 = 17;
    pub const HTTP_REQUEST_URI_INVALID: u32 = 19;
    pub const HTTP_RESPONSE_INCOMPLETE: u32 = 25;
    pub const HTTP_PROTOCOL_ERROR: u32 = 35;
    pub const INTERNAL_ERROR: u32 = 38;
}

fn none() -> Val {
    Val::Variant(0, None)
}

fn some(v: Val) -> Val {
    Val::Variant(1, Some(Box::new(v)))
}

/// `err(error-code)` of case `case` with `payload`.
fn failure(case: u32, payload: Option<Val>) -> Val {
    Val::Variant(1, Some(Box::new(Val::Variant(case, payload.map(Box::new)))))
}

/// The `error-code` of a failed exchange after connecting.
fn wire_failure(e: WireError, body_len: usize) -> Val {
    match e {
        WireError::Io(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            failure(code::CONNECTION_READ_TIMEOUT, None)
        }
        WireError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => failure(code::HTTP_RESPONSE_INCOMPLETE, None),
        WireError::Io(_) => failure(code::CONNECTION_TERMINATED, None),
        WireError::Protocol(m) if m.starts_with("content-length") => failure(code::HTTP_REQUEST_BODY_SIZE, Some(some(Val::U64(body_len as u64)))),
        WireError::Protocol(_) => failure(code::HTTP_PROTOCOL_ERROR, None),
    }
}

/// The `error-code` of a TLS connection that could not be made.
fn tls_failure(e: TlsError) -> Val {
    match e {
        TlsError::Certificate => failure(code::TLS_CERTIFICATE_ERROR, None),
        TlsError::Alert { id, message } => {
            failure(code::TLS_ALERT_RECEIVED, Some(Val::Record(vec![some(Val::U8(id)), some(Val::String(message))])))
        }
        TlsError::Protocol(_) => failure(code::TLS_PROTOCOL_ERROR, None),
        TlsError::Setup(m) => failure(code::INTERNAL_ERROR, Some(some(Val::String(m)))),
    }
}

/// The host (an IPv6 address without its brackets) and the port, if any,
/// of an authority (`[userinfo@]host[:port]`).
fn host_and_port(authority: &str) -> (&str, Option<&str>) {
    let hp = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some((h, rest)) = hp.strip_prefix('[').and_then(|r| r.split_once(']')) {
        return (h, rest.strip_prefix(':'));
    }
    match hp.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        _ => (hp, None),
    }
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

fn nanos(ns: Option<u64>) -> Option<Duration> {
    ns.filter(|&n| n > 0).map(Duration::from_nanos)
}

/// Where the body of a request or response the guest made stands.
enum BodyState {
    /// Complete: the bytes and trailers.
    Ready(Vec<u8>, Option<FieldList>),
    /// Not yet: the call to wait with (for the stream or the trailers).
    Wait(Call),
    /// The guest's trailers are an error (`error-code`): the message is
    /// aborted.
    Failed(Val),
}

impl Host {
    /// The body of a request or response: its bytes and trailers, once
    /// the guest has ended its stream and written its trailers.
    fn body(&mut self, body: &Body, pipes: &mut Pipes) -> Result<BodyState, Trap> {
        match *body {
            Body::Received { ref bytes, ref trailers } => Ok(BodyState::Ready(bytes.clone(), trailers.clone())),
            Body::Consumed => trap("the body was consumed already"),
            Body::Guest { stream, trailers } => {
                if let Some(id) = stream.filter(|&id| !pipes.ended(id)) {
                    return Ok(BodyState::Wait(Call::WaitStream(id)));
                }
                if !pipes.settled(trailers) {
                    return Ok(BodyState::Wait(Call::WaitFuture(trailers)));
                }
                let bytes = match stream {
                    Some(id) => pipes.take_buffer(id)?.0,
                    None => Vec::new(),
                };
                // `result<option<trailers>, error-code>` (none if the
                // writer went away without writing).
                let fields = match pipes.take_future_value(trailers)? {
                    Some(Val::Variant(0, Some(t))) => match *t {
                        Val::Variant(1, Some(f)) => Some(self.take_fields_of(&f)?),
                        _ => None,
                    },
                    Some(Val::Variant(1, Some(e))) => return Ok(BodyState::Failed(*e)),
                    _ => None,
                };
                Ok(BodyState::Ready(bytes, fields))
            }
        }
    }

    /// The entries of an owned `fields` value, which goes away.
    fn take_fields_of(&mut self, f: &Val) -> Result<FieldList, Trap> {
        match self.take(f) {
            Some(Object::Fields(f)) => Ok(f.entries()),
            _ => trap("trailers that are not fields"),
        }
    }

    /// `wasi:http/client`'s `send`.
    pub(crate) fn send(&mut self, request: &Val, pipes: &mut Pipes) -> Result<Call, Trap> {
        let Some(Object::Request(req)) = self.get_mut(request) else { return trap("not a request") };
        let body = std::mem::replace(&mut req.body, Body::Consumed);
        let state = self.body(&body, pipes)?;
        if let BodyState::Wait(call) = state {
            // Made again once the guest has written it.
            if let Some(Object::Request(req)) = self.get_mut(request) {
                req.body = body;
            }
            return Ok(call);
        }
        let Some(Object::Request(req)) = self.take(request) else { return trap("not a request") };
        let result = match state {
            BodyState::Ready(bytes, trailers) => self.exchange(&req, &bytes, trailers.as_ref()),
            BodyState::Failed(e) => Val::Variant(1, Some(Box::new(e))),
            BodyState::Wait(_) => unreachable!("returned above"),
        };
        // The request's `sent` future: whether it went out.
        if let Some(sent) = req.sent {
            let outcome = match &result {
                Val::Variant(0, _) => Val::Variant(0, None),
                failed => failed.clone(),
            };
            pipes.resolve(sent, outcome);
        }
        Ok(Call::Done(Some(result)))
    }

    /// Sends `req` with `body` and `trailers` and reads the response:
    /// `result<response, error-code>`.
    pub(crate) fn exchange(&mut self, req: &Request, body: &[u8], trailers: Option<&FieldList>) -> Val {
        if !self.network {
            return failure(code::HTTP_REQUEST_DENIED, None);
        }
        let https = match &req.scheme {
            None | Some(Val::Variant(0, None)) => false,
            Some(Val::Variant(1, None)) => true,
            Some(_) => return failure(code::HTTP_PROTOCOL_ERROR, None),
        };
        let Some(authority) = req.authority.as_deref() else { return failure(code::HTTP_REQUEST_URI_INVALID, None) };
        let (host, port) = host_and_port(authority);
        let port = port.unwrap_or(if https { "443" } else { "80" });
        let with_port = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        let dns_error = || failure(code::DNS_ERROR, Some(Val::Record(vec![some(Val::String("address not available".into())), none()])));
        let addrs: Vec<_> = match with_port.to_socket_addrs() {
            Ok(a) => a.collect(),
            Err(_) => return dns_error(),
        };
        let Some(addr) = addrs.first() else { return dns_error() };
        let timeouts = req.options.unwrap_or_default();
        let conn = match nanos(timeouts.connect) {
            Some(t) => TcpStream::connect_timeout(addr, t),
            None => TcpStream::connect(addr),
        };
        let conn = match conn {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => return failure(code::CONNECTION_REFUSED, None),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => return failure(code::CONNECTION_TIMEOUT, None),
            Err(_) => return failure(code::DESTINATION_UNAVAILABLE, None),
        };
        let _ = conn.set_read_timeout(nanos(timeouts.first_byte.or(timeouts.between_bytes)));
        let mut conn = if https {
            match tls::connect_installed(conn, host) {
                Ok(c) => c,
                Err(e) => return tls_failure(e),
            }
        } else {
            Conn::Plain(conn)
        };
        let method = method_name(&req.method);
        let target = req.path_with_query.clone().unwrap_or_else(|| "/".into());
        if let Err(e) = wire::write_request(&mut conn, &method, &target, authority, req.headers.clone(), body, trailers) {
            return wire_failure(e, body.len());
        }
        let m = match wire::read_response(&mut conn, method == "HEAD") {
            Ok(m) => m,
            Err(e) => return wire_failure(e, body.len()),
        };
        let status = m.method_or_status.parse().unwrap_or(500);
        let response = Response { status, headers: m.headers, body: Body::Received { bytes: m.body, trailers: m.trailers }, sent: None };
        Val::Variant(0, Some(Box::new(self.add(Object::Response(Box::new(response))))))
    }

    /// Reads a request a service received on `conn`: the `request`
    /// resource (its representation) and the connection to respond on.
    pub fn receive_request(&mut self, conn: TcpStream) -> Result<(u32, Responder), String> {
        // A client that sends nothing does not hold the server.
        let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
        let m = wire::read_request(&conn).map_err(|e| format!("a bad request: {e:?}"))?;
        let authority = m
            .headers
            .iter()
            .find(|(n, _)| n == "host")
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            .or_else(|| conn.local_addr().ok().map(|a| a.to_string()));
        let head = m.method_or_status == "HEAD";
        let request = Request {
            method: method_val(&m.method_or_status),
            path_with_query: Some(m.target),
            scheme: Some(Val::Variant(0, None)),
            authority,
            headers: m.headers,
            options: None,
            body: Body::Received { bytes: m.body, trailers: m.trailers },
            sent: None,
        };
        let Val::Own(rep) = self.add(Object::Request(Box::new(request))) else { unreachable!("a new object is owned") };
        Ok((rep, Responder { conn, head }))
    }

    /// Responds on `to` with what the handler returned
    /// (`result<response, error-code>`; an error is a 500, as under
    /// wasmtime).
    pub fn respond(&mut self, pipes: &mut Pipes, to: Responder, result: Option<Val>) -> Result<(), String> {
        let response = match result {
            Some(Val::Variant(0, Some(r))) => match self.take(&r) {
                Some(Object::Response(r)) => Some(r),
                _ => return Err("the handler returned something that is not a response".into()),
            },
            _ => None,
        };
        let (status, headers, body, trailers, sent) = match response {
            Some(r) => {
                let (body, trailers) = match self.body(&r.body, pipes).map_err(|t| t.0)? {
                    BodyState::Ready(b, t) => (b, t),
                    // The task ended without ending the body: what it
                    // wrote, without trailers.
                    BodyState::Wait(Call::WaitStream(stream)) => (pipes.take_buffer(stream).map_err(|t| t.0)?.0, None),
                    BodyState::Wait(_) => (Vec::new(), None),
                    BodyState::Failed(_) => {
                        // An aborted response: the connection is reset.
                        let _ = to.conn.shutdown(std::net::Shutdown::Both);
                        return Ok(());
                    }
                };
                (r.status, r.headers, body, trailers, r.sent)
            }
            None => (500, Vec::new(), Vec::new(), None, None),
        };
        let written = wire::write_response(&to.conn, status, headers, &body, trailers.as_ref(), to.head);
        if let Some(sent) = sent {
            let outcome = if written.is_ok() { Val::Variant(0, None) } else { failure(code::CONNECTION_TERMINATED, None) };
            pipes.resolve(sent, outcome);
        }
        let _ = to.conn.shutdown(std::net::Shutdown::Both);
        written.map_err(|e| format!("{e:?}"))
    }
}

/// Where a service responds to a request.
pub struct Responder {
    conn: TcpStream,
    /// The request was a `HEAD`: no body goes back.
    head: bool,
}
