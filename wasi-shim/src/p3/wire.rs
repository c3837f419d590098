//! HTTP/1.1 on the wire for `wasi:http`: message heads parsed with
//! `httparse`, bodies framed by `content-length`, `chunked` transfer
//! coding (with trailers) or the end of the connection, and messages
//! written with the same framings. Whole messages are read and written at
//! once: bodies are held in memory.

use std::io::{BufRead, BufReader, Read, Write};

/// Header or trailer fields: `(lower-case name, value)`.
pub(crate) type FieldList = Vec<(String, Vec<u8>)>;

/// The most header fields a message may have.
const MAX_HEADERS: usize = 128;
/// The largest head accepted.
const MAX_HEAD: usize = 1 << 20;
/// The largest body accepted (bodies are held in memory).
const MAX_BODY: u64 = 1 << 30;

/// A wire error: the message is not HTTP/1.1 as it should be, or the
/// connection failed.
#[derive(Debug)]
pub(crate) enum WireError {
    /// The connection failed or ended early.
    Io(std::io::Error),
    /// The bytes are not a valid message.
    Protocol(String),
}

impl From<std::io::Error> for WireError {
    fn from(e: std::io::Error) -> WireError {
        WireError::Io(e)
    }
}

fn protocol<T>(message: impl Into<String>) -> Result<T, WireError> {
    Err(WireError::Protocol(message.into()))
}

/// A message: its start line's parts, fields, body and trailers.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Message {
    /// A request's method, or a response's status code as text.
    pub(crate) method_or_status: String,
    /// A request's target (path with query); empty for a response.
    pub(crate) target: String,
    pub(crate) headers: FieldList,
    pub(crate) body: Vec<u8>,
    /// Trailers, if the body was chunked and had any.
    pub(crate) trailers: Option<FieldList>,
}

/// Reads the head: the bytes up to and with the empty line.
fn read_head(r: &mut impl BufRead) -> Result<Vec<u8>, WireError> {
    let mut head = Vec::new();
    loop {
        // No line, however long, is read past the limit.
        let room = (MAX_HEAD + 1).saturating_sub(head.len()) as u64;
        let n = r.by_ref().take(room).read_until(b'\n', &mut head)?;
        if n == 0 {
            return if head.is_empty() { Err(WireError::Io(std::io::ErrorKind::UnexpectedEof.into())) } else { protocol("the head ended early") };
        }
        if head.ends_with(b"\r\n\r\n") || head.ends_with(b"\n\n") || head == b"\r\n" {
            if head == b"\r\n" {
                // An empty line before a message is ignored (RFC 9112 2.2).
                head.clear();
                continue;
            }
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return protocol("the head is too large");
        }
    }
}

fn fields(parsed: &[httparse::Header<'_>]) -> FieldList {
    parsed.iter().map(|h| (h.name.to_ascii_lowercase(), h.value.to_vec())).collect()
}

fn header<'f>(fields: &'f FieldList, name: &str) -> Option<&'f [u8]> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
}

/// Whether the fields say the body is chunked.
fn chunked(fields: &FieldList) -> bool {
    header(fields, "transfer-encoding").is_some_and(|v| String::from_utf8_lossy(v).to_ascii_lowercase().contains("chunked"))
}

fn content_length(fields: &FieldList) -> Result<Option<usize>, WireError> {
    match header(fields, "content-length") {
        None => Ok(None),
        Some(v) => match std::str::from_utf8(v).ok().and_then(|s| s.trim().parse::<usize>().ok()) {
            Some(n) => Ok(Some(n)),
            None => protocol("an invalid content-length"),
        },
    }
}

/// Reads a chunked body and its trailers.
fn read_chunked(r: &mut impl BufRead) -> Result<(Vec<u8>, Option<FieldList>), WireError> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return protocol("the chunked body ended early");
        }
        let size = line.trim_end().split(';').next().unwrap_or("").trim();
        let Ok(size) = u64::from_str_radix(size, 16) else { return protocol(format!("an invalid chunk size `{}`", line.trim_end())) };
        if size == 0 {
            break;
        }
        read_exactly(r, size, &mut body)?;
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return protocol("a chunk not ended by CRLF");
        }
    }
    let mut trailers = FieldList::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else { return protocol(format!("an invalid trailer `{line}`")) };
        trailers.push((name.trim().to_ascii_lowercase(), value.trim().as_bytes().to_vec()));
    }
    Ok((body, (!trailers.is_empty()).then_some(trailers)))
}

/// Reads a body framed as `fields` say; without framing, a request has
/// none and a response runs to the end of the connection.
fn read_body(r: &mut impl BufRead, fields: &FieldList, to_end: bool) -> Result<(Vec<u8>, Option<FieldList>), WireError> {
    if chunked(fields) {
        return read_chunked(r);
    }
    let mut body = Vec::new();
    match content_length(fields)? {
        Some(n) => read_exactly(r, n as u64, &mut body)?,
        None if to_end => {
            r.by_ref().take(MAX_BODY + 1).read_to_end(&mut body)?;
            if body.len() as u64 > MAX_BODY {
                return protocol("the body is too large");
            }
        }
        None => {}
    }
    Ok((body, None))
}

/// Appends exactly `n` more bytes of `r` to `body` (which grows as they
/// arrive: a size the peer claims is not allocated up front).
fn read_exactly(r: &mut impl BufRead, n: u64, body: &mut Vec<u8>) -> Result<(), WireError> {
    if (body.len() as u64).saturating_add(n) > MAX_BODY {
        return protocol("the body is too large");
    }
    let got = r.by_ref().take(n).read_to_end(body)?;
    if (got as u64) < n {
        return Err(WireError::Io(std::io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(())
}

/// How `httparse` took a whole head (`what`: a request or response).
fn parsed(r: httparse::Result<usize>, what: &str) -> Result<(), WireError> {
    match r {
        Ok(httparse::Status::Complete(_)) => Ok(()),
        Ok(httparse::Status::Partial) => protocol(format!("an incomplete {what} head")),
        Err(e) => protocol(format!("an invalid {what}: {e}")),
    }
}

/// Reads a request from `conn`.
pub(crate) fn read_request(conn: impl Read) -> Result<Message, WireError> {
    let mut r = BufReader::new(conn);
    let head = read_head(&mut r)?;
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    parsed(req.parse(&head), "request")?;
    let (Some(method), Some(target)) = (req.method, req.path) else { return protocol("a request without a method or target") };
    let headers = fields(req.headers);
    let (body, trailers) = read_body(&mut r, &headers, false)?;
    Ok(Message { method_or_status: method.to_string(), target: target.to_string(), headers, body, trailers })
}

/// Reads the response to a request from `conn` (`head`: to a `HEAD`
/// request, so without a body).
pub(crate) fn read_response(conn: impl Read, head: bool) -> Result<Message, WireError> {
    let mut r = BufReader::new(conn);
    loop {
        let bytes = read_head(&mut r)?;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut resp = httparse::Response::new(&mut headers);
        parsed(resp.parse(&bytes), "response")?;
        let Some(status) = resp.code else { return protocol("a response without a status") };
        // Interim responses (`100 Continue`) precede the final one.
        if (100..200).contains(&status) {
            continue;
        }
        let headers = fields(resp.headers);
        let no_body = head || status == 204 || status == 304;
        let (body, trailers) = if no_body { (Vec::new(), None) } else { read_body(&mut r, &headers, true)? };
        return Ok(Message { method_or_status: status.to_string(), target: String::new(), headers, body, trailers });
    }
}

/// Writes fields as `name: value` lines.
fn write_fields(out: &mut Vec<u8>, fields: &FieldList) {
    for (name, value) in fields {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
}

/// The fields of a message with `body` and `trailers`, framed: chunked
/// when there are trailers, else with a `content-length` (the guest's,
/// if it gave one that is right).
fn framed(mut fields: FieldList, body: &[u8], trailers: Option<&FieldList>, head_only: bool) -> Result<FieldList, String> {
    fields.retain(|(n, _)| n != "transfer-encoding" && n != "connection");
    if trailers.is_some_and(|t| !t.is_empty()) {
        fields.retain(|(n, _)| n != "content-length");
        fields.push(("transfer-encoding".into(), b"chunked".to_vec()));
    } else if let Some(given) = content_length(&fields).map_err(|_| "an invalid content-length".to_string())? {
        if given != body.len() && !head_only {
            return Err(format!("content-length {given} given for a body of {} bytes", body.len()));
        }
    } else {
        fields.push(("content-length".into(), body.len().to_string().into_bytes()));
    }
    fields.push(("connection".into(), b"close".to_vec()));
    Ok(fields)
}

/// Writes the body, chunked when there are trailers.
fn write_body(out: &mut Vec<u8>, body: &[u8], trailers: Option<&FieldList>) {
    match trailers.filter(|t| !t.is_empty()) {
        Some(t) => {
            if !body.is_empty() {
                out.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
                out.extend_from_slice(body);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n");
            write_fields(out, t);
            out.extend_from_slice(b"\r\n");
        }
        None => out.extend_from_slice(body),
    }
}

/// Writes a message: its start line, its `fields` framed for `body` and
/// `trailers`, and (unless `head_only`) the body.
fn write_message(
    mut conn: impl Write,
    start: String,
    fields: FieldList,
    body: &[u8],
    trailers: Option<&FieldList>,
    head_only: bool,
) -> Result<(), WireError> {
    let fields = framed(fields, body, trailers, head_only).map_err(WireError::Protocol)?;
    let mut out = start.into_bytes();
    write_fields(&mut out, &fields);
    out.extend_from_slice(b"\r\n");
    if !head_only {
        write_body(&mut out, body, trailers);
    }
    conn.write_all(&out)?;
    conn.flush()?;
    Ok(())
}

/// Writes a request to `conn`.
pub(crate) fn write_request(
    conn: impl Write,
    method: &str,
    target: &str,
    authority: &str,
    headers: FieldList,
    body: &[u8],
    trailers: Option<&FieldList>,
) -> Result<(), WireError> {
    let mut fields = vec![("host".to_string(), authority.as_bytes().to_vec())];
    fields.extend(headers.into_iter().filter(|(n, _)| n != "host"));
    write_message(conn, format!("{method} {target} HTTP/1.1\r\n"), fields, body, trailers, false)
}

/// The reason phrase of a status code (any text is valid; these are the
/// usual ones).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes a response to `conn` (`head_only`: to a `HEAD` request, so
/// without its body).
pub(crate) fn write_response(
    conn: impl Write,
    status: u16,
    headers: FieldList,
    body: &[u8],
    trailers: Option<&FieldList>,
    head_only: bool,
) -> Result<(), WireError> {
    write_message(conn, format!("HTTP/1.1 {status} {}\r\n", reason(status)), headers, body, trailers, head_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_with_both_framings() {
        let mut wire = Vec::new();
        let headers = vec![("x-a".to_string(), b"1".to_vec())];
        write_request(&mut wire, "POST", "/echo?q", "localhost:80", headers.clone(), b"ping", None).unwrap();
        let m = read_request(&wire[..]).unwrap();
        assert_eq!((m.method_or_status.as_str(), m.target.as_str(), &m.body[..]), ("POST", "/echo?q", &b"ping"[..]));
        assert_eq!(header(&m.headers, "host"), Some(&b"localhost:80"[..]));
        assert_eq!(header(&m.headers, "content-length"), Some(&b"4"[..]));
        let trailers = vec![("x-sum".to_string(), b"abc".to_vec())];
        let mut wire = Vec::new();
        write_request(&mut wire, "PUT", "/", "h", headers, b"payload", Some(&trailers)).unwrap();
        let m = read_request(&wire[..]).unwrap();
        assert_eq!(m.body, b"payload");
        assert_eq!(m.trailers, Some(trailers));
    }

    #[test]
    fn responses_are_framed_or_read_to_the_end() {
        let raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\none\r\n3\r\ntwo\r\n0\r\nX-Parts: 2\r\n\r\n";
        let m = read_response(&raw[..], false).unwrap();
        assert_eq!((m.method_or_status.as_str(), &m.body[..]), ("200", &b"onetwo"[..]));
        assert_eq!(m.trailers, Some(vec![("x-parts".to_string(), b"2".to_vec())]));
        let m = read_response(&b"HTTP/1.0 404 Not Found\r\n\r\nall the rest"[..], false).unwrap();
        assert_eq!(m.body, b"all the rest");
        let m = read_response(&b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"[..], true).unwrap();
        assert!(m.body.is_empty());
        assert!(matches!(read_response(&b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"[..], false), Err(WireError::Io(_))));
        assert!(matches!(read_response(&b"nonsense\r\n\r\n"[..], false), Err(WireError::Protocol(_))));
        let mut wire = Vec::new();
        write_response(&mut wire, 404, vec![("content-length".into(), b"5".to_vec())], b"short", None, false).unwrap();
        assert!(String::from_utf8_lossy(&wire).starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(write_response(Vec::new(), 200, vec![("content-length".into(), b"9".to_vec())], b"short", None, false).is_err());
    }

    #[test]
    fn claimed_sizes_are_not_trusted() {
        let huge = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc";
        assert!(matches!(read_request(&huge[..]), Err(WireError::Protocol(_))));
        let long = b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\nabc";
        assert!(matches!(read_request(&long[..]), Err(WireError::Protocol(_))));
        let short = b"POST / HTTP/1.1\r\nContent-Length: 9999\r\n\r\nabc";
        assert!(matches!(read_request(&short[..]), Err(WireError::Io(_))));
        let endless = vec![b'a'; MAX_HEAD + 10];
        assert!(matches!(read_request(&endless[..]), Err(WireError::Protocol(_))));
    }

    /// Mutations of valid messages: an error or a message, never a panic.
    #[test]
    fn mutated_messages_never_panic() {
        let seeds: [&[u8]; 3] = [
            b"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nping",
            b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
        ];
        let mut state = 0x9e3779b97f4a7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let mut m = seeds[(next() % 3) as usize].to_vec();
            for _ in 0..=(next() % 4) {
                let at = (next() as usize) % m.len();
                match next() % 3 {
                    0 => m[at] = next() as u8,
                    1 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, b"0123456789abcdef:\r\n;"[(next() % 20) as usize]),
                }
                if m.is_empty() {
                    m.push(b'x');
                }
            }
            let _ = read_request(&m[..]);
            let _ = read_response(&m[..], false);
        }
    }
}
