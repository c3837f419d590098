//! HTTPS against TLS servers on loopback with certificates made here: one
//! of a CA given as the root (in place of the system's, which
//! `rustls-native-certs` reads), one of a CA nobody trusts, and a server
//! that does not speak TLS.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};
use wasm2native_abi::canonical::values::Val;

use super::*;
use crate::p2::{Host, Object};
use crate::p3::http::{Body, Request};

/// The roots the tests' client trusts.
pub(super) static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();

/// A CA's certificate and a server certificate it signed for `localhost`
/// and 127.0.0.1, with the server's key.
fn certificates() -> (CertificateDer<'static>, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    (ca.der().clone(), cert.der().clone(), PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())))
}

/// A server on loopback answering one connection per `replies`: over TLS
/// with `identity` (reading the request's head, answering `200 ok`), or
/// plain when `identity` is `None` (answering with bytes that are not TLS).
fn server(identity: Option<(CertificateDer<'static>, PrivateKeyDer<'static>)>, connections: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let config = identity.map(|(cert, key)| {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        Arc::new(config)
    });
    std::thread::spawn(move || {
        for _ in 0..connections {
            let Ok((mut tcp, _)) = listener.accept() else { return };
            match &config {
                None => {
                    let _ = tcp.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
                }
                Some(config) => {
                    let Ok(conn) = ServerConnection::new(config.clone()) else { continue };
                    let mut tls = StreamOwned::new(conn, tcp);
                    let mut reader = BufReader::new(&mut tls);
                    let mut line = String::new();
                    // A failed handshake (the client refused us) ends here.
                    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                        line.clear();
                    }
                    let _ = tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
                    let _ = tls.flush();
                }
            }
        }
    });
    addr
}

fn get(addr: SocketAddr, host: &str) -> Result<Conn, TlsError> {
    connect(TcpStream::connect(addr).unwrap(), host)
}

#[test]
fn https_checks_the_server_certificate_against_the_roots() {
    let (ca, cert, key) = certificates();
    // Read once per process, at the first connection: this test's.
    ROOTS.set(vec![ca]).unwrap();

    // Trusted, by name and by address.
    let addr = server(Some((cert.clone(), key.clone_key())), 3);
    for host in ["localhost", "127.0.0.1"] {
        let mut conn = get(addr, host).unwrap();
        conn.write_all(b"GET / HTTP/1.1\r\nhost: localhost\r\n\r\n").unwrap();
        let mut reply = String::new();
        conn.read_to_string(&mut reply).ok();
        assert!(reply.starts_with("HTTP/1.1 200 OK") && reply.ends_with("ok"), "{host}: {reply:?}");
    }
    // A name the certificate is not for.
    assert_eq!(get(addr, "example.com").err(), Some(TlsError::Certificate));

    // A certificate of a CA nobody trusts.
    let (_, other_cert, other_key) = certificates();
    let untrusted = server(Some((other_cert, other_key)), 1);
    assert_eq!(get(untrusted, "localhost").err(), Some(TlsError::Certificate));

    // A server that does not speak TLS.
    let plain = server(None, 1);
    assert!(matches!(get(plain, "localhost"), Err(TlsError::Protocol(_))));

    // Through `wasi:http`'s exchange: `https://localhost:PORT/`, and the
    // error code of an untrusted server.
    install(&CONNECTOR);
    let mut host = Host::new(vec![], vec![], &[]).unwrap();
    host.allow_network();
    let request = |port: u16| Request {
        method: Val::Variant(0, None),
        path_with_query: Some("/".into()),
        scheme: Some(Val::Variant(1, None)),
        authority: Some(format!("localhost:{port}")),
        headers: Vec::new(),
        options: None,
        body: Body::Consumed,
        sent: None,
    };
    let addr = server(Some((cert, key)), 1);
    let response = host.exchange(&request(addr.port()), b"", None);
    let Val::Variant(0, Some(handle)) = &response else { panic!("{response:?}") };
    match host.get_mut(handle) {
        Some(Object::Response(r)) => {
            assert_eq!(r.status, 200);
            assert!(matches!(&r.body, Body::Received { bytes, .. } if bytes == b"ok"));
        }
        _ => panic!("not a response"),
    }
    let (_, other_cert, other_key) = certificates();
    let untrusted = server(Some((other_cert, other_key)), 1);
    let refused = host.exchange(&request(untrusted.port()), b"", None);
    // Case 13 of `error-code`: `TLS-certificate-error`.
    assert_eq!(refused, Val::Variant(1, Some(Box::new(Val::Variant(13, None)))));
}
