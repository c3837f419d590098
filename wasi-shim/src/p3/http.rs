//! `wasi:http/types` 0.3, the values without the network: `fields`
//! (headers and trailers, names checked as RFC 9110 tokens and compared
//! without case, values as field content, hop-by-hop names forbidden),
//! `request`, `response` and `request-options`, each made immutable where
//! wasmtime makes it so (the headers of a request or response, the
//! options of a request), with their bodies and trailers. Sending and
//! serving them is `exchange.rs`.

use wasm2native_abi::canonical::values::{Trap, Val};

use super::{Call, Pipes};
use crate::p2::{Host, Object};

/// Header or trailer fields: `(lower-case name, value)` in order.
pub(crate) struct Fields {
    entries: Vec<(String, Vec<u8>)>,
    immutable: bool,
}

impl Fields {
    /// The entries.
    pub(crate) fn entries(self) -> Vec<(String, Vec<u8>)> {
        self.entries
    }
}

/// A request.
pub(crate) struct Request {
    pub(crate) method: Val,
    pub(crate) path_with_query: Option<String>,
    pub(crate) scheme: Option<Val>,
    pub(crate) authority: Option<String>,
    pub(crate) headers: Vec<(String, Vec<u8>)>,
    pub(crate) options: Option<Timeouts>,
    pub(crate) body: Body,
    /// The future `request.new` gave, resolved when the request is sent
    /// (or fails to be).
    pub(crate) sent: Option<u32>,
}

/// A response.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, Vec<u8>)>,
    pub(crate) body: Body,
    /// The future `response.new` gave, resolved when the response is
    /// sent (or fails to be).
    pub(crate) sent: Option<u32>,
}

/// The body and trailers of a request or response.
pub(crate) enum Body {
    /// Received by the host: the bytes and trailers.
    Received { bytes: Vec<u8>, trailers: Option<Vec<(String, Vec<u8>)>> },
    /// Written by the guest: a stream the host buffers (`None`: no
    /// contents) and the future of its trailers, whose readable end the
    /// host holds.
    Guest { stream: Option<u32>, trailers: u32 },
    /// Taken by `consume-body`.
    Consumed,
}

/// The method's name of a `method` value.
pub(crate) fn method_name(m: &Val) -> String {
    match m {
        Val::Variant(9, Some(other)) => text(other).to_string(),
        Val::Variant(c, _) => METHODS.get(*c as usize).unwrap_or(&"GET").to_string(),
        _ => "GET".into(),
    }
}

/// The `method` value of a method's name.
pub(crate) fn method_val(name: &str) -> Val {
    match METHODS.iter().position(|m| *m == name) {
        Some(c) => Val::Variant(c as u32, None),
        None => Val::Variant(9, Some(Box::new(Val::String(name.to_string())))),
    }
}

/// Request options: the three timeouts, in nanoseconds.
#[derive(Clone, Copy, Default)]
pub(crate) struct Timeouts {
    pub(crate) connect: Option<u64>,
    pub(crate) first_byte: Option<u64>,
    pub(crate) between_bytes: Option<u64>,
}

/// Request options, mutable or not.
pub(crate) struct Options {
    timeouts: Timeouts,
    immutable: bool,
}

/// `header-error` cases.
const INVALID_SYNTAX: u32 = 0;
const FORBIDDEN: u32 = 1;
const IMMUTABLE: u32 = 2;

/// Names a guest may not set: hop-by-hop fields and `host` (as wasmtime).
const FORBIDDEN_NAMES: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "http2-settings",
    "host",
];

/// An RFC 9110 token character.
fn tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The field name `name` lower-cased, if it is a token.
fn field_name(name: &str) -> Result<String, u32> {
    if name.is_empty() || !name.bytes().all(tchar) {
        return Err(INVALID_SYNTAX);
    }
    Ok(name.to_ascii_lowercase())
}

/// A name that may be set.
fn settable_name(name: &str) -> Result<String, u32> {
    let name = field_name(name)?;
    if FORBIDDEN_NAMES.contains(&name.as_str()) {
        return Err(FORBIDDEN);
    }
    Ok(name)
}

/// Field content: visible characters, spaces, tabs and obs-text.
fn field_value(v: &[u8]) -> Result<(), u32> {
    if v.iter().all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f)) {
        Ok(())
    } else {
        Err(INVALID_SYNTAX)
    }
}

fn bytes(v: &Val) -> Vec<u8> {
    match v {
        Val::List(items) => items.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect(),
        _ => Vec::new(),
    }
}

fn list(b: &[u8]) -> Val {
    Val::List(b.iter().map(|&b| Val::U8(b)).collect())
}

fn text(v: &Val) -> &str {
    match v {
        Val::String(s) => s,
        _ => "",
    }
}

/// `result<T, header-error>`.
fn header_result(r: Result<Option<Val>, u32>) -> Val {
    match r {
        Ok(v) => Val::Variant(0, v.map(Box::new)),
        Err(case) => Val::Variant(1, Some(Box::new(Val::Variant(case, None)))),
    }
}

/// `option<T>` of an option.
fn option(v: Option<Val>) -> Val {
    Val::Variant(u32::from(v.is_some()), v.map(Box::new))
}

/// An `option<T>` argument.
fn option_of(v: &Val) -> Option<&Val> {
    match v {
        Val::Variant(1, Some(x)) => Some(x),
        _ => None,
    }
}

/// The `(name, value)` pairs of a `list<tuple<field-name, field-value>>`.
fn pairs(v: &Val) -> Vec<(String, Vec<u8>)> {
    match v {
        Val::List(items) => items
            .iter()
            .filter_map(|p| match p {
                Val::Record(f) if f.len() == 2 => Some((text(&f[0]).to_string(), bytes(&f[1]))),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// RFC 3986 `unreserved`, `%` (of `pct-encoded`) and `sub-delims`.
fn uri_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b)
}

/// A path with query (absolute or relative): `pchar`s, `/` and `?`, and
/// non-ASCII characters (sent as they are, as the `http` crate does).
fn valid_path(p: &str) -> bool {
    p.bytes().all(|b| uri_char(b) || b":@/?".contains(&b) || b >= 0x80)
}

/// An authority: `[userinfo@]host[:port]`, the host not empty, the port
/// digits.
fn valid_authority(a: &str) -> bool {
    let (user, host_port) = match a.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, a),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    user.is_none_or(|u| u.bytes().all(|b| uri_char(b) || b == b':'))
        && !host.is_empty()
        && host.bytes().all(uri_char)
        && port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// The standard methods, in the `method` variant's order.
const METHODS: [&str; 9] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

/// A scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn valid_scheme(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic()) && b.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
}

fn trap<T>(message: impl Into<String>) -> Result<T, Trap> {
    Err(Trap(message.into()))
}

fn ok(v: Option<Val>) -> Result<Call, Trap> {
    Ok(Call::Done(v))
}

/// `result` (no payloads).
fn unit_result(good: bool) -> Val {
    Val::Variant(u32::from(!good), None)
}

/// The body of a request or response the guest makes: its `contents`
/// (an `option<stream<u8>>`, buffered by the host) and `trailers` future.
fn guest_body(pipes: &mut Pipes, contents: &Val, trailers: u32) -> Result<Body, Trap> {
    let stream = match option_of(contents) {
        Some(Val::Pipe(id)) => {
            pipes.host_sink(*id, super::pipes::Sink::Buffer(Vec::new()), None)?;
            Some(*id)
        }
        Some(_) => return trap("contents that are not a stream"),
        None => None,
    };
    Ok(Body::Guest { stream, trailers })
}

impl Host {
    fn fields(&mut self, v: &Val) -> Result<&mut Fields, Trap> {
        match self.get_mut(v) {
            Some(Object::Fields(f)) => Ok(f),
            _ => trap("not a fields resource"),
        }
    }

    fn request(&mut self, v: &Val) -> Result<&mut Request, Trap> {
        match self.get_mut(v) {
            Some(Object::Request(r)) => Ok(r),
            _ => trap("not a request"),
        }
    }

    fn options(&mut self, v: &Val) -> Result<&mut Options, Trap> {
        match self.get_mut(v) {
            Some(Object::RequestOptions(o)) => Ok(o),
            _ => trap("not a request-options resource"),
        }
    }

    /// Takes the entries of the owned `fields` resource `v`.
    fn take_fields(&mut self, v: &Val) -> Result<Vec<(String, Vec<u8>)>, Trap> {
        let entries = std::mem::take(&mut self.fields(v)?.entries);
        if let Val::Own(rep) = v {
            self.drop_object(*rep);
        }
        Ok(entries)
    }

    pub(crate) fn new_fields(&mut self, entries: Vec<(String, Vec<u8>)>, immutable: bool) -> Val {
        self.add(Object::Fields(Fields { entries, immutable }))
    }

    /// A function of `wasi:http/types` 0.3.
    pub(crate) fn http(&mut self, name: &str, args: &[Val], pipes: &mut Pipes) -> Result<Call, Trap> {
        match (name, args) {
            ("[constructor]fields", []) => ok(Some(self.new_fields(Vec::new(), false))),
            ("[static]fields.from-list", [entries]) => {
                let mut checked = Vec::new();
                for (n, v) in pairs(entries) {
                    match settable_name(&n).and_then(|n| field_value(&v).map(|()| n)) {
                        Ok(n) => checked.push((n, v)),
                        Err(e) => return ok(Some(header_result(Err(e)))),
                    }
                }
                let f = self.new_fields(checked, false);
                ok(Some(header_result(Ok(Some(f)))))
            }
            ("[method]fields.get", [f, n]) => {
                let n = field_name(text(n)).ok();
                let f = self.fields(f)?;
                let values = f.entries.iter().filter(|(k, _)| Some(k) == n.as_ref()).map(|(_, v)| list(v)).collect();
                ok(Some(Val::List(values)))
            }
            ("[method]fields.has", [f, n]) => {
                let n = field_name(text(n)).ok();
                let f = self.fields(f)?;
                ok(Some(Val::Bool(f.entries.iter().any(|(k, _)| Some(k) == n.as_ref()))))
            }
            ("[method]fields.copy-all", [f]) => {
                let f = self.fields(f)?;
                let all = f.entries.iter().map(|(k, v)| Val::Record(vec![Val::String(k.clone()), list(v)])).collect();
                ok(Some(Val::List(all)))
            }
            ("[method]fields.clone", [f]) => {
                let entries = self.fields(f)?.entries.clone();
                ok(Some(self.new_fields(entries, false)))
            }
            ("[method]fields.set" | "[method]fields.append" | "[method]fields.delete" | "[method]fields.get-and-delete", [f, n, rest @ ..]) => {
                let f = self.fields(f)?;
                let r = (|| {
                    let n = match name {
                        "[method]fields.delete" | "[method]fields.get-and-delete" => field_name(text(n))?,
                        _ => settable_name(text(n))?,
                    };
                    let values: Vec<Vec<u8>> = match (name, rest) {
                        ("[method]fields.set", [Val::List(vs)]) => vs.iter().map(bytes).collect(),
                        ("[method]fields.append", [v]) => vec![bytes(v)],
                        _ => Vec::new(),
                    };
                    for v in &values {
                        field_value(v)?;
                    }
                    if f.immutable {
                        return Err(IMMUTABLE);
                    }
                    let old: Vec<Vec<u8>> = if name == "[method]fields.append" {
                        Vec::new()
                    } else {
                        let (gone, kept) = std::mem::take(&mut f.entries).into_iter().partition(|(k, _)| *k == n);
                        f.entries = kept;
                        gone.into_iter().map(|(_, v): (String, Vec<u8>)| v).collect()
                    };
                    f.entries.extend(values.into_iter().map(|v| (n.clone(), v)));
                    Ok((name == "[method]fields.get-and-delete").then(|| Val::List(old.iter().map(|v| list(v)).collect())))
                })();
                ok(Some(header_result(r)))
            }
            ("[static]request.new", [headers, contents, Val::Pipe(trailers), options]) => {
                let body = guest_body(pipes, contents, *trailers)?;
                let headers = self.take_fields(headers)?;
                let options = match option_of(options) {
                    Some(o) => {
                        let t = self.options(o)?.timeouts;
                        if let Val::Own(rep) = o {
                            self.drop_object(*rep);
                        }
                        Some(t)
                    }
                    None => None,
                };
                let mut request = Request {
                    method: Val::Variant(0, None),
                    path_with_query: None,
                    scheme: None,
                    authority: None,
                    headers,
                    options,
                    body,
                    sent: None,
                };
                let sent = pipes.host_future();
                request.sent = Some(sent);
                let r = self.add(Object::Request(Box::new(request)));
                ok(Some(Val::Record(vec![r, Val::Pipe(sent)])))
            }
            ("[static]response.new", [headers, contents, Val::Pipe(trailers)]) => {
                let body = guest_body(pipes, contents, *trailers)?;
                let headers = self.take_fields(headers)?;
                let sent = pipes.host_future();
                let r = self.add(Object::Response(Box::new(Response { status: 200, headers, body, sent: Some(sent) })));
                ok(Some(Val::Record(vec![r, Val::Pipe(sent)])))
            }
            ("[method]request.get-method", [r]) => ok(Some(self.request(r)?.method.clone())),
            ("[method]request.set-method", [r, m]) => {
                // `other("GET")` is `get` (as the method is parsed).
                let m = match m {
                    Val::Variant(9, Some(other)) => method_val(text(other)),
                    _ => m.clone(),
                };
                let good = match &m {
                    Val::Variant(9, Some(other)) => field_name(text(other)).is_ok(),
                    Val::Variant(c, _) => *c < 9,
                    _ => false,
                };
                if good {
                    self.request(r)?.method = m;
                }
                ok(Some(unit_result(good)))
            }
            ("[method]request.get-path-with-query", [r]) => ok(Some(option(self.request(r)?.path_with_query.clone().map(Val::String)))),
            ("[method]request.set-path-with-query", [r, p]) => {
                // An empty path is the root.
                let p = option_of(p).map(|p| if text(p).is_empty() { "/".to_string() } else { text(p).to_string() });
                let good = p.as_deref().is_none_or(valid_path);
                if good {
                    self.request(r)?.path_with_query = p;
                }
                ok(Some(unit_result(good)))
            }
            ("[method]request.get-scheme", [r]) => ok(Some(option(self.request(r)?.scheme.clone()))),
            ("[method]request.set-scheme", [r, s]) => {
                // `other("https")` is `HTTPS` (as the scheme is parsed).
                let s = option_of(s).cloned().map(|s| match &s {
                    Val::Variant(2, Some(other)) if text(other).eq_ignore_ascii_case("http") => Val::Variant(0, None),
                    Val::Variant(2, Some(other)) if text(other).eq_ignore_ascii_case("https") => Val::Variant(1, None),
                    _ => s,
                });
                let good = match &s {
                    Some(Val::Variant(2, Some(other))) => valid_scheme(text(other)),
                    _ => true,
                };
                if good {
                    self.request(r)?.scheme = s;
                }
                ok(Some(unit_result(good)))
            }
            ("[method]request.get-authority", [r]) => ok(Some(option(self.request(r)?.authority.clone().map(Val::String)))),
            ("[method]request.set-authority", [r, a]) => {
                let a = option_of(a).map(|a| text(a).to_string());
                let good = a.as_deref().is_none_or(valid_authority);
                if good {
                    self.request(r)?.authority = a;
                }
                ok(Some(unit_result(good)))
            }
            ("[method]request.get-headers", [r]) => {
                let headers = self.request(r)?.headers.clone();
                ok(Some(self.new_fields(headers, true)))
            }
            ("[method]request.get-options", [r]) => {
                let options = self.request(r)?.options;
                let v = options.map(|timeouts| self.add(Object::RequestOptions(Options { timeouts, immutable: true })));
                ok(Some(option(v)))
            }
            ("[method]response.get-status-code", [r]) => match self.get_mut(r) {
                Some(Object::Response(r)) => ok(Some(Val::U16(r.status))),
                _ => trap("not a response"),
            },
            ("[method]response.set-status-code", [r, Val::U16(code)]) => {
                let good = (100..=599).contains(code);
                match self.get_mut(r) {
                    Some(Object::Response(r)) => {
                        if good {
                            r.status = *code;
                        }
                        ok(Some(unit_result(good)))
                    }
                    _ => trap("not a response"),
                }
            }
            ("[method]response.get-headers", [r]) => {
                let headers = match self.get_mut(r) {
                    Some(Object::Response(r)) => r.headers.clone(),
                    _ => return trap("not a response"),
                };
                ok(Some(self.new_fields(headers, true)))
            }
            ("[static]request.consume-body" | "[static]response.consume-body", [r, Val::Pipe(_res)]) => {
                let Val::Own(rep) = r else { return trap("consume-body takes an owned request or response") };
                let body = match self.get_mut(r) {
                    Some(Object::Request(req)) => std::mem::replace(&mut req.body, Body::Consumed),
                    Some(Object::Response(resp)) => std::mem::replace(&mut resp.body, Body::Consumed),
                    _ => return trap("not a request or response"),
                };
                self.drop_object(*rep);
                let (bytes, trailers) = match body {
                    Body::Received { bytes, trailers } => (bytes, trailers),
                    Body::Guest { .. } => {
                        return trap("consuming a body the component itself writes is not supported yet (streams with both ends in the guest)");
                    }
                    Body::Consumed => return trap("the body was consumed already"),
                };
                let trailers = trailers.map(|t| self.new_fields(t, true));
                let future = pipes.host_future();
                pipes.resolve(future, Val::Variant(0, Some(Box::new(option(trailers)))));
                let stream = pipes.host_source(super::pipes::Source::Bytes(bytes.into()), None);
                ok(Some(Val::Record(vec![Val::Pipe(stream), Val::Pipe(future)])))
            }
            ("[constructor]request-options", []) => {
                ok(Some(self.add(Object::RequestOptions(Options { timeouts: Timeouts::default(), immutable: false }))))
            }
            ("[method]request-options.clone", [o]) => {
                let timeouts = self.options(o)?.timeouts;
                ok(Some(self.add(Object::RequestOptions(Options { timeouts, immutable: false }))))
            }
            (m, [o, rest @ ..]) if m.starts_with("[method]request-options.") => {
                let what = &m["[method]request-options.".len()..];
                let o = self.options(o)?;
                let (get, field) = match what.split_once('-') {
                    Some((g @ ("get" | "set"), f)) => (g == "get", f),
                    _ => return trap(format!("wasi:http/types: `{m}` is not implemented by this host")),
                };
                let slot = match field {
                    "connect-timeout" => &mut o.timeouts.connect,
                    "first-byte-timeout" => &mut o.timeouts.first_byte,
                    "between-bytes-timeout" => &mut o.timeouts.between_bytes,
                    _ => return trap(format!("wasi:http/types: `{m}` is not implemented by this host")),
                };
                if get {
                    return ok(Some(option(slot.map(Val::U64))));
                }
                // `request-options-error`: not-supported, immutable, other.
                if o.immutable {
                    return ok(Some(Val::Variant(1, Some(Box::new(Val::Variant(1, None))))));
                }
                *slot = rest.first().and_then(option_of).and_then(|v| if let Val::U64(n) = v { Some(*n) } else { None });
                ok(Some(Val::Variant(0, None)))
            }
            _ => trap(format!("wasi:http/types: `{name}` is not implemented by this host, or got wrong arguments")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_values_and_authorities_are_checked() {
        assert_eq!(field_name("Content-Type"), Ok("content-type".into()));
        assert_eq!(field_name("hey ho"), Err(INVALID_SYNTAX));
        assert_eq!(field_name(""), Err(INVALID_SYNTAX));
        assert_eq!(settable_name("Transfer-Encoding"), Err(FORBIDDEN));
        assert!(field_value(b" \tok\x80").is_ok());
        assert_eq!(field_value(b"a\nb"), Err(INVALID_SYNTAX));
        assert!(valid_authority("user:pass%20@localhost:80"));
        for bad in ["::", ":@", "@@", "@:", " ", "", "#", "localhost:what", "["] {
            assert!(!valid_authority(bad), "{bad}");
        }
        assert!(valid_path("/a/../b?x=1") && valid_path("a/b") && !valid_path("/ "));
        assert!(valid_scheme("x") && !valid_scheme("1"));
    }

    #[test]
    fn fields_keep_order_and_fold_case() {
        let mut h = Host::new(vec![], vec![], &[]).unwrap();
        let mut p = Pipes::new();
        let Call::Done(Some(f)) = h.http("[constructor]fields", &[], &mut p).unwrap() else { panic!() };
        let s = |x: &str| Val::String(x.into());
        let b = |x: &[u8]| list(x);
        h.http("[method]fields.append", &[f.clone(), s("foo"), b(b"1")], &mut p).unwrap();
        h.http("[method]fields.append", &[f.clone(), s("FOO"), b(b"2")], &mut p).unwrap();
        let Call::Done(Some(Val::List(all))) = h.http("[method]fields.copy-all", std::slice::from_ref(&f), &mut p).unwrap() else { panic!() };
        assert_eq!(all.len(), 2);
        let Call::Done(Some(got)) = h.http("[method]fields.get-and-delete", &[f.clone(), s("Foo")], &mut p).unwrap() else { panic!() };
        assert_eq!(got, Val::Variant(0, Some(Box::new(Val::List(vec![b(b"1"), b(b"2")])))));
        let Call::Done(Some(Val::Bool(false))) = h.http("[method]fields.has", &[f, s("foo")], &mut p).unwrap() else { panic!() };
    }
}
