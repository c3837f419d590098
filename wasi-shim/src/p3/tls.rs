//! HTTPS for `wasi:http/client`: TLS 1.2 and 1.3 with rustls (ring as its
//! cryptography), the server's certificate checked against the system's
//! root certificates, as curl checks it: `SSL_CERT_FILE` / `SSL_CERT_DIR`
//! when set, else the platform's store (`rustls-native-certs`). The roots
//! are read once per process, at the first HTTPS request.
//!
//! The TLS code is reached only through [`CONNECTOR`], which the runtime
//! [`install`]s when the compiler's glue points at it (a component that
//! sends requests): other executables do not carry rustls and ring.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

/// A connection to a server: plain TCP, or TLS over it (behind a trait
/// object, so that only the connector refers to the TLS code).
pub enum Conn {
    /// `http`.
    Plain(TcpStream),
    /// `https`.
    Tls(Box<dyn Stream>),
}

/// A byte stream both ways.
pub trait Stream: Read + Write {}

impl<T: Read + Write> Stream for T {}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(c) => c.read(buf),
            Conn::Tls(c) => c.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(c) => c.write(buf),
            Conn::Tls(c) => c.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Plain(c) => c.flush(),
            Conn::Tls(c) => c.flush(),
        }
    }
}

/// Why a TLS connection could not be made, as `wasi:http` tells it.
#[derive(Debug, PartialEq, Eq)]
pub enum TlsError {
    /// The server's certificate is not trusted, expired, or for another
    /// name (`TLS-certificate-error`).
    Certificate,
    /// The server sent alert `id` (`TLS-alert-received`).
    Alert {
        /// The alert's number.
        id: u8,
        /// Its name.
        message: String,
    },
    /// Anything else of the handshake (`TLS-protocol-error`), or the
    /// connection failed during it.
    Protocol(String),
    /// TLS cannot be set up on this machine (no root certificates).
    Setup(String),
}

/// How the HTTP client makes TLS connections.
pub struct Connector {
    connect: fn(TcpStream, &str) -> Result<Conn, TlsError>,
}

/// The connector, under the symbol the compiler's glue refers to
/// (`wasm2native_abi::TLS_CONNECTOR_SYMBOL`).
#[export_name = "wasm2native_tls_connector"]
pub static CONNECTOR: Connector = Connector { connect };

static INSTALLED: OnceLock<&'static Connector> = OnceLock::new();

/// Makes HTTPS requests possible, with `connector` (the program's
/// [`CONNECTOR`]).
pub fn install(connector: &'static Connector) {
    let _ = INSTALLED.set(connector);
}

/// TLS over `tcp` to `host` with the installed connector.
pub(crate) fn connect_installed(tcp: TcpStream, host: &str) -> Result<Conn, TlsError> {
    match INSTALLED.get() {
        Some(c) => (c.connect)(tcp, host),
        None => Err(TlsError::Setup("this executable was built without TLS (a bug in wasm2native)".into())),
    }
}

/// The client configuration: the system's roots, rustls' safe defaults.
fn config() -> Result<Arc<ClientConfig>, TlsError> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    let made = CONFIG.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        #[cfg(test)]
        let found = tests::ROOTS.get().cloned().unwrap_or_default();
        #[cfg(not(test))]
        let found = rustls_native_certs::load_native_certs().certs;
        // Unreadable or malformed entries are skipped, as curl skips them.
        let (added, _ignored) = roots.add_parsable_certificates(found);
        if added == 0 {
            return Err("no root certificates (install the system's CA certificates, or set SSL_CERT_FILE)".into());
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    });
    made.clone().map_err(TlsError::Setup)
}

/// TLS over `tcp` to server `host` (a name or an IP address, without
/// port or brackets), the handshake done.
fn connect(mut tcp: TcpStream, host: &str) -> Result<Conn, TlsError> {
    let name = ServerName::try_from(host.to_string()).map_err(|_| TlsError::Protocol(format!("`{host}` is not a server name")))?;
    let mut conn = ClientConnection::new(config()?, name).map_err(|e| TlsError::Protocol(e.to_string()))?;
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut tcp) {
            return Err(classify(&e));
        }
    }
    Ok(Conn::Tls(Box::new(StreamOwned::new(conn, tcp))))
}

/// The TLS error an I/O error of the handshake carries.
fn classify(e: &io::Error) -> TlsError {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        Some(rustls::Error::InvalidCertificate(_)) => TlsError::Certificate,
        Some(rustls::Error::AlertReceived(alert)) => TlsError::Alert { id: u8::from(*alert), message: format!("{alert:?}") },
        Some(other) => TlsError::Protocol(other.to_string()),
        None => TlsError::Protocol(e.to_string()),
    }
}

#[cfg(test)]
mod tests;
