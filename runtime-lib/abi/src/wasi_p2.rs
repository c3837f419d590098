//! The WASI 0.2 and 0.3 functions the host implements for components (in
//! `wasi-shim`'s `p2` and `p3` modules): what the compiler lets a
//! component import.

/// The functions the host implements, `(interface without version,
/// name)`; versions `0.2.*` of each interface are accepted.
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
    ("wasi:filesystem/types", "[method]descriptor.get-type"),
    ("wasi:filesystem/types", "[method]descriptor.get-flags"),
    ("wasi:filesystem/types", "[method]descriptor.stat"),
    ("wasi:filesystem/types", "[method]descriptor.stat-at"),
    ("wasi:filesystem/types", "[method]descriptor.metadata-hash"),
    ("wasi:filesystem/types", "[method]descriptor.metadata-hash-at"),
    ("wasi:filesystem/types", "[method]descriptor.open-at"),
    ("wasi:filesystem/types", "[method]descriptor.read-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.write-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.append-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.read"),
    ("wasi:filesystem/types", "[method]descriptor.write"),
    ("wasi:filesystem/types", "[method]descriptor.set-size"),
    ("wasi:filesystem/types", "[method]descriptor.sync"),
    ("wasi:filesystem/types", "[method]descriptor.sync-data"),
    ("wasi:filesystem/types", "[method]descriptor.create-directory-at"),
    ("wasi:filesystem/types", "[method]descriptor.remove-directory-at"),
    ("wasi:filesystem/types", "[method]descriptor.unlink-file-at"),
    ("wasi:filesystem/types", "[method]descriptor.rename-at"),
    ("wasi:filesystem/types", "[method]descriptor.read-directory"),
    ("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry"),
    ("wasi:filesystem/types", "[method]descriptor.link-at"),
    ("wasi:filesystem/types", "[method]descriptor.symlink-at"),
    ("wasi:filesystem/types", "[method]descriptor.readlink-at"),
    ("wasi:filesystem/types", "[method]descriptor.set-times"),
    ("wasi:filesystem/types", "[method]descriptor.set-times-at"),
    ("wasi:filesystem/types", "[method]descriptor.advise"),
    ("wasi:filesystem/types", "[method]descriptor.is-same-object"),
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
    ("wasi:filesystem/preopens", "get-directories"),
    ("wasi:filesystem/types", "[resource-drop]descriptor"),
    ("wasi:filesystem/types", "[method]descriptor.get-type"),
    ("wasi:filesystem/types", "[method]descriptor.get-flags"),
    ("wasi:filesystem/types", "[method]descriptor.stat"),
    ("wasi:filesystem/types", "[method]descriptor.stat-at"),
    ("wasi:filesystem/types", "[method]descriptor.metadata-hash"),
    ("wasi:filesystem/types", "[method]descriptor.metadata-hash-at"),
    ("wasi:filesystem/types", "[method]descriptor.open-at"),
    ("wasi:filesystem/types", "[method]descriptor.read-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.write-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.append-via-stream"),
    ("wasi:filesystem/types", "[method]descriptor.set-size"),
    ("wasi:filesystem/types", "[method]descriptor.sync"),
    ("wasi:filesystem/types", "[method]descriptor.sync-data"),
    ("wasi:filesystem/types", "[method]descriptor.create-directory-at"),
    ("wasi:filesystem/types", "[method]descriptor.remove-directory-at"),
    ("wasi:filesystem/types", "[method]descriptor.unlink-file-at"),
    ("wasi:filesystem/types", "[method]descriptor.rename-at"),
    ("wasi:filesystem/types", "[method]descriptor.read-directory"),
    ("wasi:filesystem/types", "[method]descriptor.link-at"),
    ("wasi:filesystem/types", "[method]descriptor.symlink-at"),
    ("wasi:filesystem/types", "[method]descriptor.readlink-at"),
    ("wasi:filesystem/types", "[method]descriptor.set-times"),
    ("wasi:filesystem/types", "[method]descriptor.set-times-at"),
    ("wasi:filesystem/types", "[method]descriptor.advise"),
    ("wasi:filesystem/types", "[method]descriptor.is-same-object"),
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
    match interface_of(interface) {
        Some((i, Version::P2)) => PROVIDED.contains(&(i, name)),
        Some((i, Version::P3)) => PROVIDED_P3.contains(&(i, name)),
        None => false,
    }
}

