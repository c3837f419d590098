//! The WASI 0.2 functions the host implements for components (in
//! `wasi-shim`'s `p2` module): what the compiler lets a component import.

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
];

/// The interface of a versioned name (`wasi:io/streams@0.2.6` →
/// `wasi:io/streams`), if it is a WASI 0.2 one.
pub fn interface_of(versioned: &str) -> Option<&str> {
    let (name, version) = versioned.split_once('@')?;
    version.starts_with("0.2.").then_some(name)
}

/// Whether this host implements `name` of `interface` (versioned).
pub fn provides(interface: &str, name: &str) -> bool {
    interface_of(interface).is_some_and(|i| PROVIDED.contains(&(i, name)))
}

