//! The `wasm2native` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use wasm2native::compare;
use wasm2native::driver::{self, Emit};
use wasm2native::link::LinkOptions;
use wasm2native::options::{CompileOptions, Cpu, DirGrant, OptLevel};
use wasm2native_abi::meta::BoundsChecks;

const EXAMPLES: &str = "\
Examples:
  wasm2native compile app.wasm -o app            # native executable for this machine
  ./app arg1 arg2                                # runs the module's _start
  wasm2native compile app.wat -o app --dir data::/data --env HOME=/data
  wasm2native compile app.wasm --emit obj -o app.o
  wasm2native compile --target aarch64-unknown-linux-musl app.wasm -o app   # static ARM executable
  wasm2native targets                            # what this machine can build for
  wasm2native run app.wasm --dir . -- arg1 arg2  # compile (cached) and run
  wasm2native compile app.wasm --emit staticlib -o libapp.a   # a C library (also sharedlib)
  wasm2native header app.wasm > app.h            # its C header (and the imports to implement)
  cc host.c libapp.a -lm -lpthread -ldl -o host  # a host program calling app_instantiate, app_<export>
  wasm2native compare app.wasm --plot cmp.svg -- args   # AOT vs wasmtime JIT and .cwasm
  wasm2native compile app.wasm --link host.c -o app

A trap prints `wasm trap: <reason>` and a wasm backtrace on stderr and exits
with status 134; proc_exit(n) exits with n.";

/// Ahead-of-time compiler from WebAssembly to native executables.
#[derive(Parser)]
#[command(name = "wasm2native", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a .wasm or .wat module to a native executable or object file.
    #[command(after_help = EXAMPLES)]
    Compile {
        /// The module (.wasm binary or .wat text).
        input: PathBuf,
        /// Where to write the result.
        #[arg(short, long)]
        output: PathBuf,
        /// What to write.
        #[arg(long, value_enum, default_value = "exe")]
        emit: EmitArg,
        /// The C name prefix of a library's functions (`NAME_instantiate`,
        /// `NAME_<export>`); default: the input's file stem made an
        /// identifier.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        grants: GrantArgs,
    },
    /// Compile (into a cache keyed by content and options) and run a module.
    #[command(after_help = EXAMPLES)]
    Run {
        /// The module (.wasm binary or .wat text).
        input: PathBuf,
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        grants: GrantArgs,
        /// Arguments for the program (after `--`).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Compare our executable with wasmtime (JIT and precompiled .cwasm) on
    /// your own program: compile time and median/min/max process time.
    Compare {
        /// The module (.wasm binary or .wat text).
        input: PathBuf,
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        grants: GrantArgs,
        /// Runs of each contender (interleaved).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10000))]
        runs: u64,
        /// The wasmtime CLI to compare with (default: `wasmtime` on the PATH).
        #[arg(long)]
        wasmtime: Option<PathBuf>,
        /// Also write a chart (SVG) to this file.
        #[arg(long, value_name = "FILE")]
        plot: Option<PathBuf>,
        /// Arguments for the program (after `--`).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// List the supported targets and whether this machine has each one's
    /// runtime library and linker.
    Targets,
    /// Print the C header of a module compiled as a library: the
    /// wasm2native C API, one function per export (with its wasm type) and
    /// the host functions it imports (everything but WASI), which a host
    /// program or `--link` code implements.
    Header {
        /// The module (.wasm binary or .wat text).
        input: PathBuf,
        /// The C name prefix (as given to `compile --name`); default: the
        /// input's file stem made an identifier.
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum EmitArg {
    /// A linked executable.
    Exe,
    /// An object file.
    Obj,
    /// A static library (`libNAME.a`) with a C interface; see `header`.
    Staticlib,
    /// A shared library (`libNAME.so`) with a C interface; see `header`.
    Sharedlib,
}

#[derive(Clone, Copy, ValueEnum)]
enum BoundsArg {
    /// Guard pages: no checks in code (default on 64-bit hosts).
    Guard,
    /// An explicit compare before each access.
    Explicit,
}

#[derive(Clone, Copy, ValueEnum)]
enum CpuArg {
    /// A portable baseline (x86-64-v2, ARMv8.0).
    Baseline,
    /// Everything this machine has.
    Native,
}

#[derive(Args)]
struct CodegenArgs {
    /// Target triple (default: this machine).
    #[arg(long)]
    target: Option<String>,
    /// Optimization level: 0 (none), 1 (speed), 2 (speed and size).
    #[arg(short = 'O', value_parser = clap::value_parser!(u8).range(0..=2), default_value_t = 2)]
    opt_level: u8,
    /// Bounds-check strategy for linear memory.
    #[arg(long, value_enum)]
    bounds_checks: Option<BoundsArg>,
    /// Compile threads (default: all cores).
    #[arg(short, long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    jobs: Option<u64>,
    /// CPU features the code may use.
    #[arg(long, value_enum, default_value = "baseline")]
    cpu: CpuArg,
    /// The C compiler driver used to link (default: found for the target).
    #[arg(long)]
    linker: Option<PathBuf>,
    /// Host code implementing non-WASI imports: a C source, an object or an
    /// archive (repeatable). `wasm2native header` prints what to implement.
    #[arg(long = "link", value_name = "FILE")]
    link: Vec<PathBuf>,
    /// The most memory the live GC objects (structs, arrays) may take, in
    /// bytes or with a K, M or G suffix; an allocation past it traps
    /// (default 4G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    gc_heap_max: Option<u64>,
    /// Show function names in trap backtraces as the module's name section
    /// spells them (`_ZN3std2rt10lang_start17h...E`) instead of demangling
    /// Rust and C++ names (`std::rt::lang_start`).
    #[arg(long)]
    no_demangle: bool,
    /// Native debug info: translate the module's DWARF (as `clang -g` or
    /// rustc emit it) so gdb and perf see source files, lines and functions.
    #[arg(short = 'g', long = "debug-info", conflicts_with = "strip")]
    debug_info: bool,
    /// Inline small leaf functions into their callers (experimental: off
    /// by default until it pays on every benchmark; inlined frames are not
    /// in trap backtraces).
    #[arg(long)]
    inline: bool,
    /// Leave the symbol table out of the executable or shared library: a
    /// smaller file, but profilers and debuggers see no function names.
    #[arg(long)]
    strip: bool,
    /// No progress bar (one is drawn on a terminal when compiling takes
    /// more than a second or two).
    #[arg(short, long)]
    quiet: bool,
}

/// `4096`, `64K`, `512M`, `2G`: a size in bytes.
fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let (digits, unit) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&s[..i], c.to_ascii_uppercase()),
        _ => (s, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown unit `{unit}` (use K, M or G)")),
    };
    let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a size (e.g. 4096, 64K, 512M, 2G)"))?;
    n.checked_mul(1 << shift).filter(|&b| b > 0).ok_or_else(|| format!("`{s}`: the size must be above 0 and below 16E"))
}

impl CodegenArgs {
    fn link_options(&self) -> LinkOptions {
        LinkOptions { linker: self.linker.clone(), inputs: self.link.clone(), strip: self.strip, ..LinkOptions::default() }
    }
}

#[derive(Args)]
struct GrantArgs {
    /// Grant the program a directory: HOST[::GUEST] (repeatable).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Give the program an environment variable NAME=VALUE (repeatable).
    #[arg(long = "env", value_name = "NAME=VALUE")]
    env: Vec<String>,
    /// Pass the host environment through to the program.
    #[arg(long)]
    inherit_env: bool,
    /// Do not let the person running the executable add grants through
    /// WASM2NATIVE_DIR / WASM2NATIVE_ENV_* / WASM2NATIVE_INHERIT_NETWORK
    /// variables.
    #[arg(long)]
    no_runtime_grants: bool,
    /// Let a component use the host's network: wasi:sockets (TCP, UDP,
    /// name lookup) and wasi:http requests (as wasmtime's -S
    /// inherit-network,allow-ip-name-lookup). Without it, binding,
    /// connecting and sending are refused with access-denied. (A
    /// wasi:http/service component serves on `./app --addr HOST:PORT`
    /// either way.)
    #[arg(long)]
    inherit_network: bool,
}

fn options(codegen: &CodegenArgs, grants: &GrantArgs) -> Result<CompileOptions> {
    let mut opts = CompileOptions::default();
    if let Some(t) = &codegen.target {
        opts.target = t.parse().map_err(|e| {
            anyhow::anyhow!("invalid target triple `{t}`: {e} (see `rustc --print target-list` for the spelling)")
        })?;
    }
    opts.opt_level = match codegen.opt_level {
        0 => OptLevel::None,
        1 => OptLevel::Speed,
        _ => OptLevel::SpeedAndSize,
    };
    if let Some(b) = codegen.bounds_checks {
        opts.bounds_checks = match b {
            BoundsArg::Guard => BoundsChecks::Guard,
            BoundsArg::Explicit => BoundsChecks::Explicit,
        };
    }
    opts.jobs = codegen.jobs.map(|j| j as usize);
    opts.gc_heap_max = codegen.gc_heap_max.unwrap_or(0);
    opts.raw_names = codegen.no_demangle;
    opts.progress = !codegen.quiet;
    opts.debug_info = codegen.debug_info;
    opts.inline = codegen.inline;
    opts.cpu = match codegen.cpu {
        CpuArg::Baseline => Cpu::Baseline,
        CpuArg::Native => Cpu::Native,
    };
    for d in &grants.dirs {
        let g = DirGrant::parse(d).map_err(anyhow::Error::msg)?;
        if !std::path::Path::new(&g.host).is_dir() {
            anyhow::bail!("--dir {d}: `{}` is not a directory", g.host);
        }
        opts.dirs.push(g);
    }
    for e in &grants.env {
        let (k, v) = e
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .with_context(|| format!("invalid --env `{e}`: expected NAME=VALUE"))?;
        opts.env.push((k.to_string(), v.to_string()));
    }
    opts.inherit_env = grants.inherit_env;
    opts.runtime_grants = !grants.no_runtime_grants;
    opts.inherit_network = grants.inherit_network;
    Ok(opts)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Compile { input, output, emit, name, codegen, grants } => {
            let mut opts = options(&codegen, &grants)?;
            let wasm = wasm2native::read_input(&input)?;
            let emit = match emit {
                EmitArg::Exe => Emit::Exe,
                EmitArg::Obj => Emit::Obj,
                EmitArg::Staticlib => Emit::StaticLib,
                EmitArg::Sharedlib => Emit::SharedLib,
            };
            if codegen.strip && matches!(emit, Emit::Obj | Emit::StaticLib) {
                anyhow::bail!(
                    "--strip makes executables and shared libraries smaller; an object or a static library needs its symbols to be linked"
                );
            }
            if matches!(emit, Emit::StaticLib | Emit::SharedLib) {
                opts.library = Some(name.unwrap_or_else(|| wasm2native::library::names::default_name(&input)));
            } else if name.is_some() {
                anyhow::bail!("--name names a library's C functions: use it with --emit staticlib or sharedlib");
            }
            driver::build(&wasm, &output, &opts, emit, &codegen.link_options())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { input, codegen, grants, args } => {
            let opts = options(&codegen, &grants)?;
            if opts.target != target_lexicon::Triple::host() {
                anyhow::bail!("`run` executes on this machine; --target must be the host ({})", target_lexicon::Triple::host());
            }
            let wasm = wasm2native::read_input(&input)?;
            let exe = driver::cached_executable(&wasm, &opts, &codegen.link_options())?;
            exec(&exe, &input, &args)
        }
        Command::Compare { input, codegen, grants, runs, wasmtime, plot, args } => {
            let opts = options(&codegen, &grants)?;
            if opts.target != target_lexicon::Triple::host() {
                anyhow::bail!("`compare` runs on this machine; --target must be the host ({})", target_lexicon::Triple::host());
            }
            let wasm = wasm2native::read_input(&input)?;
            let scratch = tempfile::tempdir().context("cannot create a temporary directory")?;
            let exe = scratch.path().join("app");
            let start = std::time::Instant::now();
            driver::build(&wasm, &exe, &opts, Emit::Exe, &codegen.link_options())?;
            let compile_time = start.elapsed();
            let wasmtime = wasmtime.or_else(compare::find_wasmtime);
            if wasmtime.is_none() {
                eprintln!("note: wasmtime not found on the PATH (name it with --wasmtime): timing our executable alone");
            }
            let copts = compare::CompareOptions {
                input: input.clone(),
                args,
                dirs: grants.dirs.clone(),
                env: grants.env.clone(),
                runs: runs as usize,
                wasmtime,
            };
            let rows = compare::compare(&copts, &exe, compile_time, scratch.path())?;
            print!("{}", compare::table(&rows));
            if let Some(plot) = plot {
                let title = format!("{}: process time, {} runs each", input.display(), runs);
                std::fs::write(&plot, compare::svg(&rows, &title))
                    .with_context(|| format!("cannot write {}", plot.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Targets => {
            print!("{}", wasm2native::targets::report());
            Ok(ExitCode::SUCCESS)
        }
        Command::Header { input, name } => {
            let wasm = wasm2native::read_input(&input)?;
            let name = name.unwrap_or_else(|| wasm2native::library::names::default_name(&input));
            print!("{}", driver::header(&wasm, &name, &input.display().to_string())?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Replaces this process with the program, so signals and the exit status
/// are the program's own; argv[0] is the module's path, as wasmtime passes.
fn exec(exe: &std::path::Path, input: &std::path::Path, args: &[String]) -> Result<ExitCode> {
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.arg0(input);
        let err = cmd.exec();
        Err(anyhow::Error::new(err).context(format!("cannot run {}", exe.display())))
    }
    #[cfg(not(unix))]
    {
        let _ = input;
        let status = cmd.status().with_context(|| format!("cannot run {}", exe.display()))?;
        Ok(ExitCode::from(status.code().unwrap_or(1) as u8))
    }
}

fn main() -> ExitCode {
    // A bug must still end as a clean `error:` line and status 1.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal compiler error: {info}\nThis is a bug in wasm2native; please report it with the input module.");
        std::process::exit(1);
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
