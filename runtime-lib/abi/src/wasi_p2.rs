//! The WASI 0.2 and 0.3 functions the host implements for components (in
//! `wasi-shim`'s `p2` and `p3` modules): what the compiler lets a
//! component import.

/// The functions the host implements, `(interface without version,
/// name)`, besides [`DESCRIPTOR_METHODS`]; versions `0.2.*` of each
/// interface are accepted.
pub const PROVIDED: &[(&str, &str)] = &[
    ("wasi:cli/environment", "get-arguments"),
    ("wasi:cli/environment", "get-environment"),
    ("wasi:cli/environment", "initial-cwd"),
    ("wasi:cli/exit", "exit"),
    ("wasi:cli/stdin", "get-stdin"),
    ("wasi:cli/stdout", "get-stdout"),
    ("wasi:cli/stderr", "get-stderr"),
    ("wasi:cli/terminal-stdin", "get-terminal-stdin"),
    ("wasi:cli/terminal-stdout", "get-terminal-stdout"),
    ("wasi:cli/terminal-stderr", "get-terminal-stderr"),
    ("wasi:cli/terminal-input", "[resource-drop]terminal-input"),
    ("wasi:cli/terminal-output", "[resource-drop]terminal-output"),
    ("wasi:io/error", "[resource-drop]error"),
    ("wasi:io/error", "[method]error.to-debug-string"),
    ("wasi:io/poll", "[resource-drop]pollable"),
    ("wasi:io/poll", "[method]pollable.block"),
    ("wasi:io/poll", "[method]pollable.ready"),
    ("wasi:io/streams", "[resource-drop]input-stream"),
    ("wasi:io/streams", "[resource-drop]output-stream"),
    ("wasi:io/streams", "[method]input-stream.read"),
    ("wasi:io/streams", "[method]input-stream.blocking-read"),
    ("wasi:io/streams", "[method]input-stream.subscribe"),
    ("wasi:io/streams", "[method]output-stream.check-write"),
    ("wasi:io/streams", "[method]output-stream.write"),
    ("wasi:io/streams", "[method]output-stream.blocking-write-and-flush"),
    ("wasi:io/streams", "[method]output-stream.flush"),
    ("wasi:io/streams", "[method]output-stream.blocking-flush"),
    ("wasi:io/streams", "[method]output-stream.subscribe"),
    ("wasi:random/random", "get-random-bytes"),
    ("wasi:random/random", "get-random-u64"),
    ("wasi:random/insecure", "get-insecure-random-bytes"),
    ("wasi:random/insecure", "get-insecure-random-u64"),
    ("wasi:random/insecure-seed", "insecure-seed"),
    ("wasi:clocks/monotonic-clock", "now"),
    ("wasi:clocks/monotonic-clock", "resolution"),
    ("wasi:clocks/wall-clock", "now"),
    ("wasi:clocks/wall-clock", "resolution"),
    ("wasi:filesystem/preopens", "get-directories"),
    ("wasi:filesystem/types", "filesystem-error-code"),
    ("wasi:filesystem/types", "[resource-drop]descriptor"),
    ("wasi:filesystem/types", "[resource-drop]directory-entry-stream"),
    ("wasi:filesystem/types", "[method]descriptor.read"),
    ("wasi:filesystem/types", "[method]descriptor.write"),
    ("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry"),
];

/// The `wasi:filesystem/types` descriptor methods both versions provide
/// (as `[method]descriptor.NAME`), with the same arguments (0.3 returns
/// streams where 0.2 returns stream resources).
pub const DESCRIPTOR_METHODS: &[&str] = &[
    "get-type",
    "get-flags",
    "stat",
    "stat-at",
    "metadata-hash",
    "metadata-hash-at",
    "open-at",
    "read-via-stream",
    "write-via-stream",
    "append-via-stream",
    "set-size",
    "sync",
    "sync-data",
    "create-directory-at",
    "remove-directory-at",
    "unlink-file-at",
    "rename-at",
    "read-directory",
    "link-at",
    "symlink-at",
    "readlink-at",
    "set-times",
    "set-times-at",
    "advise",
    "is-same-object",
];

/// The WASI 0.3 functions the host implements (`wasm2native_wasi::p3`),
/// as [`PROVIDED`]; versions `0.3.*` are accepted.
pub const PROVIDED_P3: &[(&str, &str)] = &[
    ("wasi:cli/environment", "get-arguments"),
    ("wasi:cli/environment", "get-environment"),
    ("wasi:cli/environment", "get-initial-cwd"),
    ("wasi:cli/exit", "exit"),
    ("wasi:cli/stdin", "read-via-stream"),
    ("wasi:cli/stdout", "write-via-stream"),
    ("wasi:cli/stderr", "write-via-stream"),
    ("wasi:cli/terminal-stdin", "get-terminal-stdin"),
    ("wasi:cli/terminal-stdout", "get-terminal-stdout"),
    ("wasi:cli/terminal-stderr", "get-terminal-stderr"),
    ("wasi:cli/terminal-input", "[resource-drop]terminal-input"),
    ("wasi:cli/terminal-output", "[resource-drop]terminal-output"),
    ("wasi:random/random", "get-random-bytes"),
    ("wasi:random/random", "get-random-u64"),
    ("wasi:random/insecure", "get-insecure-random-bytes"),
    ("wasi:random/insecure", "get-insecure-random-u64"),
    ("wasi:random/insecure-seed", "get-insecure-seed"),
    ("wasi:clocks/monotonic-clock", "now"),
    ("wasi:clocks/monotonic-clock", "get-resolution"),
    ("wasi:clocks/monotonic-clock", "wait-until"),
    ("wasi:clocks/monotonic-clock", "wait-for"),
    ("wasi:clocks/system-clock", "now"),
    ("wasi:clocks/system-clock", "get-resolution"),
    ("wasi:sockets/types", "[static]tcp-socket.create"),
    ("wasi:sockets/types", "[resource-drop]tcp-socket"),
    ("wasi:sockets/types", "[method]tcp-socket.bind"),
    ("wasi:sockets/types", "[method]tcp-socket.connect"),
    ("wasi:sockets/types", "[method]tcp-socket.listen"),
    ("wasi:sockets/types", "[method]tcp-socket.send"),
    ("wasi:sockets/types", "[method]tcp-socket.receive"),
    ("wasi:sockets/types", "[method]tcp-socket.get-local-address"),
    ("wasi:sockets/types", "[method]tcp-socket.get-remote-address"),
    ("wasi:sockets/types", "[method]tcp-socket.get-is-listening"),
    ("wasi:sockets/types", "[method]tcp-socket.get-address-family"),
    ("wasi:sockets/types", "[method]tcp-socket.set-listen-backlog-size"),
    ("wasi:sockets/types", "[method]tcp-socket.get-keep-alive-enabled"),
    ("wasi:sockets/types", "[method]tcp-socket.set-keep-alive-enabled"),
    ("wasi:sockets/types", "[method]tcp-socket.get-keep-alive-idle-time"),
    ("wasi:sockets/types", "[method]tcp-socket.set-keep-alive-idle-time"),
    ("wasi:sockets/types", "[method]tcp-socket.get-keep-alive-interval"),
    ("wasi:sockets/types", "[method]tcp-socket.set-keep-alive-interval"),
    ("wasi:sockets/types", "[method]tcp-socket.get-keep-alive-count"),
    ("wasi:sockets/types", "[method]tcp-socket.set-keep-alive-count"),
    ("wasi:sockets/types", "[method]tcp-socket.get-hop-limit"),
    ("wasi:sockets/types", "[method]tcp-socket.set-hop-limit"),
    ("wasi:sockets/types", "[method]tcp-socket.get-receive-buffer-size"),
    ("wasi:sockets/types", "[method]tcp-socket.set-receive-buffer-size"),
    ("wasi:sockets/types", "[method]tcp-socket.get-send-buffer-size"),
    ("wasi:sockets/types", "[method]tcp-socket.set-send-buffer-size"),
    ("wasi:sockets/types", "[static]udp-socket.create"),
    ("wasi:sockets/types", "[resource-drop]udp-socket"),
    ("wasi:sockets/types", "[method]udp-socket.bind"),
    ("wasi:sockets/types", "[method]udp-socket.connect"),
    ("wasi:sockets/types", "[method]udp-socket.disconnect"),
    ("wasi:sockets/types", "[method]udp-socket.send"),
    ("wasi:sockets/types", "[method]udp-socket.receive"),
    ("wasi:sockets/types", "[method]udp-socket.get-local-address"),
    ("wasi:sockets/types", "[method]udp-socket.get-remote-address"),
    ("wasi:sockets/types", "[method]udp-socket.get-address-family"),
    ("wasi:sockets/types", "[method]udp-socket.get-unicast-hop-limit"),
    ("wasi:sockets/types", "[method]udp-socket.set-unicast-hop-limit"),
    ("wasi:sockets/types", "[method]udp-socket.get-receive-buffer-size"),
    ("wasi:sockets/types", "[method]udp-socket.set-receive-buffer-size"),
    ("wasi:sockets/types", "[method]udp-socket.get-send-buffer-size"),
    ("wasi:sockets/types", "[method]udp-socket.set-send-buffer-size"),
    ("wasi:http/types", "[constructor]fields"),
    ("wasi:http/types", "[constructor]request-options"),
    ("wasi:http/types", "[method]fields.append"),
    ("wasi:http/types", "[method]fields.clone"),
    ("wasi:http/types", "[method]fields.copy-all"),
    ("wasi:http/types", "[method]fields.delete"),
    ("wasi:http/types", "[method]fields.get"),
    ("wasi:http/types", "[method]fields.get-and-delete"),
    ("wasi:http/types", "[method]fields.has"),
    ("wasi:http/types", "[method]fields.set"),
    ("wasi:http/types", "[method]request-options.clone"),
    ("wasi:http/types", "[method]request-options.get-between-bytes-timeout"),
    ("wasi:http/types", "[method]request-options.get-connect-timeout"),
    ("wasi:http/types", "[method]request-options.get-first-byte-timeout"),
    ("wasi:http/types", "[method]request-options.set-between-bytes-timeout"),
    ("wasi:http/types", "[method]request-options.set-connect-timeout"),
    ("wasi:http/types", "[method]request-options.set-first-byte-timeout"),
    ("wasi:http/types", "[method]request.get-authority"),
    ("wasi:http/types", "[method]request.get-headers"),
    ("wasi:http/types", "[method]request.get-method"),
    ("wasi:http/types", "[method]request.get-options"),
    ("wasi:http/types", "[method]request.get-path-with-query"),
    ("wasi:http/types", "[method]request.get-scheme"),
    ("wasi:http/types", "[method]request.set-authority"),
    ("wasi:http/types", "[method]request.set-method"),
    ("wasi:http/types", "[method]request.set-path-with-query"),
    ("wasi:http/types", "[method]request.set-scheme"),
    ("wasi:http/types", "[method]response.get-headers"),
    ("wasi:http/types", "[method]response.get-status-code"),
    ("wasi:http/types", "[method]response.set-status-code"),
    ("wasi:http/types", "[resource-drop]fields"),
    ("wasi:http/types", "[resource-drop]request"),
    ("wasi:http/types", "[resource-drop]request-options"),
    ("wasi:http/types", "[resource-drop]response"),
    ("wasi:http/types", "[static]fields.from-list"),
    ("wasi:http/types", "[static]request.new"),
    ("wasi:http/types", "[static]response.new"),
    ("wasi:filesystem/preopens", "get-directories"),
    ("wasi:filesystem/types", "[resource-drop]descriptor"),
];

/// A WASI version the host implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// WASI 0.2 (`0.2.*`).
    P2,
    /// WASI 0.3 (`0.3.*`).
    P3,
}

/// The interface and WASI version of a versioned name
/// (`wasi:io/streams@0.2.6` → `wasi:io/streams`, 0.2), if it is a version
/// the host implements.
pub fn interface_of(versioned: &str) -> Option<(&str, Version)> {
    let (name, version) = versioned.split_once('@')?;
    if version.starts_with("0.2.") {
        Some((name, Version::P2))
    } else if version.starts_with("0.3.") {
        Some((name, Version::P3))
    } else {
        None
    }
}

/// Whether this host implements `name` of `interface` (versioned).
pub fn provides(interface: &str, name: &str) -> bool {
    let descriptor_method = |i: &str| {
        i == "wasi:filesystem/types" && name.strip_prefix("[method]descriptor.").is_some_and(|m| DESCRIPTOR_METHODS.contains(&m))
    };
    match interface_of(interface) {
        Some((i, Version::P2)) => PROVIDED.contains(&(i, name)) || descriptor_method(i),
        Some((i, Version::P3)) => PROVIDED_P3.contains(&(i, name)) || descriptor_method(i),
        None => false,
    }
}

