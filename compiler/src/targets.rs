//! The targets wasm2native supports, how each is linked, and what of that
//! this machine has (`wasm2native targets`).

use std::path::PathBuf;
use std::process::Command;

use target_lexicon::Triple;

use crate::error::{CompileError, Result};
use crate::runtime_lib;

/// How executables for a target are linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linker {
    /// The system C compiler driver for the target (found by the `cc`
    /// crate): dynamic glibc executables.
    CcDriver,
    /// rustup's `rust-lld` with the musl C library and start files that
    /// `rustup target add` installs: fully static executables, no system
    /// cross toolchain needed.
    RustLldMusl,
    /// None: only object files (`--emit obj`) are produced.
    ObjectOnly,
}

/// One supported target.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The triple.
    pub triple: &'static str,
    /// How it links.
    pub linker: Linker,
    /// What it is, for `wasm2native targets`.
    pub description: &'static str,
}

/// Every supported target.
pub const TARGETS: &[Target] = &[
    Target { triple: "x86_64-unknown-linux-gnu", linker: Linker::CcDriver, description: "x86-64 Linux, glibc (dynamic)" },
    Target { triple: "x86_64-unknown-linux-musl", linker: Linker::RustLldMusl, description: "x86-64 Linux, fully static" },
    Target { triple: "aarch64-unknown-linux-gnu", linker: Linker::CcDriver, description: "AArch64 Linux, glibc (dynamic)" },
    Target { triple: "aarch64-unknown-linux-musl", linker: Linker::RustLldMusl, description: "AArch64 Linux, fully static" },
    Target { triple: "x86_64-apple-darwin", linker: Linker::ObjectOnly, description: "x86-64 macOS, Mach-O objects" },
    Target { triple: "aarch64-apple-darwin", linker: Linker::ObjectOnly, description: "AArch64 macOS, Mach-O objects" },
    Target { triple: "x86_64-pc-windows-msvc", linker: Linker::ObjectOnly, description: "x86-64 Windows, COFF objects" },
    Target { triple: "aarch64-pc-windows-msvc", linker: Linker::ObjectOnly, description: "AArch64 Windows, COFF objects" },
];

/// The supported target `triple` names, or an error listing them.
pub fn lookup(triple: &Triple) -> Result<&'static Target> {
    let name = triple.to_string();
    TARGETS.iter().find(|t| t.triple == name).ok_or_else(|| {
        CompileError::Target(format!(
            "unsupported target `{name}`; supported: {} (see `wasm2native targets`)",
            TARGETS.iter().map(|t| t.triple).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// Where rustup's pieces for static musl linking are.
pub struct MuslToolchain {
    /// `rust-lld`.
    pub lld: PathBuf,
    /// `lib/rustlib/<target>/lib/self-contained`: crt objects, libc.a, libunwind.a.
    pub self_contained: PathBuf,
}

/// Rust sysroots to look in: the one the compiler was built with, then the
/// one `rustc` on the PATH reports.
fn sysroots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    let built = env!("WASM2NATIVE_BUILD_SYSROOT");
    if !built.is_empty() {
        roots.push(PathBuf::from(built));
    }
    if let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() {
        if out.status.success() {
            roots.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
        }
    }
    roots
}

/// Finds `rust-lld` and the musl files for `target`.
pub fn musl_toolchain(target: &str) -> Result<MuslToolchain> {
    let host = runtime_lib::HOST_TRIPLE;
    for root in sysroots() {
        let lld = root.join("lib/rustlib").join(host).join("bin/rust-lld");
        let self_contained = root.join("lib/rustlib").join(target).join("lib/self-contained");
        if lld.is_file() && self_contained.join("libc.a").is_file() {
            return Ok(MuslToolchain { lld, self_contained });
        }
    }
    Err(CompileError::Link(format!(
        "linking for `{target}` needs rust-lld and the musl C library from a Rust toolchain: \
         install rustup (https://rustup.rs) and run `rustup target add {target}`"
    )))
}

/// What this machine has for `target`: (runtime embedded, linker found or why not).
pub fn availability(t: &Target) -> (bool, std::result::Result<String, String>) {
    let triple: Triple = t.triple.parse().expect("table triples parse");
    let runtime = runtime_lib::embedded(&triple).is_some();
    let linker = match t.linker {
        Linker::ObjectOnly => Ok("objects only".to_string()),
        Linker::RustLldMusl => musl_toolchain(t.triple).map(|m| m.lld.display().to_string()).map_err(|e| e.to_string()),
        Linker::CcDriver => crate::link::find_linker(&triple, &Default::default())
            .and_then(|(path, _)| {
                which(&path).ok_or_else(|| CompileError::Link(format!("`{}` is not installed", path.display())))
            })
            .map(|p| p.display().to_string())
            .map_err(|e| e.to_string()),
    };
    (runtime, linker)
}

/// Resolves a program name on the PATH.
fn which(program: &std::path::Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return program.is_file().then(|| program.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(program)).find(|p| p.is_file())
}

/// The `wasm2native targets` report.
pub fn report() -> String {
    let mut out = String::from("target                      runtime  linker\n");
    for t in TARGETS {
        let (runtime, linker) = availability(t);
        let rt = match (t.linker, runtime) {
            (Linker::ObjectOnly, _) => "-",
            (_, true) => "yes",
            (_, false) => "no",
        };
        let link = match linker {
            Ok(l) => l,
            Err(e) => format!("missing: {e}"),
        };
        out += &format!("{:<27} {:<8} {}\n    {}\n", t.triple, rt, link, t.description);
        if !runtime && t.linker != Linker::ObjectOnly {
            out += &format!(
                "    to get its runtime: `rustup target add {}`, then reinstall wasm2native\n",
                t.triple
            );
        }
    }
    out
}
