//! `wasm2native compare`: the user's own program, ahead-of-time compiled by
//! us, against wasmtime's JIT and wasmtime's precompiled `.cwasm`.
//!
//! Every run is a whole process, as a user runs it; the peers' runs are
//! interleaved (A, B, C, A, B, C, ...) so that machine noise hits all of
//! them alike, and each figure is the median with min and max.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{CompileError, Result};

/// What to compare.
pub struct CompareOptions {
    /// The module, as given (wasmtime reads it directly).
    pub input: PathBuf,
    /// Program arguments.
    pub args: Vec<String>,
    /// `--dir` grants, as `HOST[::GUEST]`.
    pub dirs: Vec<String>,
    /// `--env` grants, as `NAME=VALUE`.
    pub env: Vec<String>,
    /// Runs of each contender.
    pub runs: usize,
    /// wasmtime to compare with (`None`: skip the wasmtime rows).
    pub wasmtime: Option<PathBuf>,
}

/// Timings of one contender.
#[derive(Debug, Clone)]
pub struct Row {
    /// What ran.
    pub name: String,
    /// One-off preparation (compilation), if any.
    pub prepare: Option<Duration>,
    /// Process times of the runs, sorted.
    pub runs: Vec<Duration>,
}

impl Row {
    /// Median run.
    pub fn median(&self) -> Duration {
        self.runs[self.runs.len() / 2]
    }
}

/// A contender: how to run it once.
struct Contender {
    name: String,
    prepare: Option<Duration>,
    command: Box<dyn Fn() -> Command>,
}

/// Finds wasmtime on the PATH.
pub fn find_wasmtime() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("wasmtime")).find(|p| p.is_file())
}

fn time_command(mut cmd: Command, what: &str) -> Result<(Duration, Vec<u8>)> {
    let start = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| CompileError::io(format!("cannot run {what}"), e))?;
    Ok((start.elapsed(), out.stdout))
}

/// Runs the comparison; `exe` is our already compiled executable and
/// `compile_time` what compiling it took.
pub fn compare(opts: &CompareOptions, exe: &Path, compile_time: Duration, scratch: &Path) -> Result<Vec<Row>> {
    let mut contenders = vec![{
        let (exe, args) = (exe.to_path_buf(), opts.args.clone());
        Contender {
            name: "wasm2native (AOT executable)".into(),
            prepare: Some(compile_time),
            command: Box::new(move || {
                let mut c = Command::new(&exe);
                c.args(&args);
                c
            }),
        }
    }];
    if let Some(wt) = &opts.wasmtime {
        let mut grants = Vec::new();
        for d in &opts.dirs {
            grants.push("--dir".to_string());
            grants.push(d.clone());
        }
        for e in &opts.env {
            grants.push("--env".to_string());
            grants.push(e.clone());
        }
        let run_with = |module: PathBuf, extra: &'static [&'static str]| {
            let (wt, grants, args) = (wt.clone(), grants.clone(), opts.args.clone());
            Box::new(move || {
                let mut c = Command::new(&wt);
                c.arg("run").args(extra).args(&grants).arg(&module).args(&args);
                c
            }) as Box<dyn Fn() -> Command>
        };
        contenders.push(Contender {
            name: "wasmtime run (JIT)".into(),
            prepare: None,
            command: run_with(opts.input.clone(), &[]),
        });
        let cwasm = scratch.join("module.cwasm");
        let start = Instant::now();
        let status = Command::new(wt)
            .arg("compile")
            .arg(&opts.input)
            .arg("-o")
            .arg(&cwasm)
            .status()
            .map_err(|e| CompileError::io(format!("cannot run {}", wt.display()), e))?;
        if !status.success() {
            return Err(CompileError::Options(format!("`{} compile` failed on {}", wt.display(), opts.input.display())));
        }
        contenders.push(Contender {
            name: "wasmtime run (.cwasm)".into(),
            prepare: Some(start.elapsed()),
            command: run_with(cwasm, &["--allow-precompiled"]),
        });
    }

    let mut rows: Vec<Row> =
        contenders.iter().map(|c| Row { name: c.name.clone(), prepare: c.prepare, runs: Vec::new() }).collect();
    let mut reference: Option<Vec<u8>> = None;
    for _ in 0..opts.runs.max(1) {
        for (c, row) in contenders.iter().zip(&mut rows) {
            let (t, stdout) = time_command((c.command)(), &c.name)?;
            match &reference {
                None => reference = Some(stdout),
                Some(r) if *r != stdout => {
                    return Err(CompileError::Options(format!(
                        "{} printed something else than {}: the programs do not behave alike, so their times \
                         cannot be compared",
                        c.name, rows_first_name(&contenders)
                    )))
                }
                Some(_) => {}
            }
            row.runs.push(t);
        }
    }
    for r in &mut rows {
        r.runs.sort();
    }
    Ok(rows)
}

fn rows_first_name(c: &[Contender]) -> &str {
    &c[0].name
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The terminal table.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let w = rows.iter().map(|r| r.name.len()).max().unwrap_or(0).max(10);
    writeln!(out, "{:<w$}  {:>12}  {:>10}  {:>10}  {:>10}  {:>8}", "", "compile ms", "median ms", "min ms", "max ms", "vs AOT").unwrap();
    let base = rows[0].median().as_secs_f64();
    for r in rows {
        writeln!(
            out,
            "{:<w$}  {:>12}  {:>10}  {:>10}  {:>10}  {:>7.2}x",
            r.name,
            r.prepare.map(ms).unwrap_or_else(|| "-".into()),
            ms(r.median()),
            ms(r.runs[0]),
            ms(*r.runs.last().expect("at least one run")),
            r.median().as_secs_f64() / base,
        )
        .unwrap();
    }
    out
}

/// A horizontal bar chart of the medians (with min–max whiskers) as SVG.
pub fn svg(rows: &[Row], title: &str) -> String {
    let (width, bar, gap, left, top) = (720.0, 28.0, 14.0, 230.0, 50.0);
    let height = top + rows.len() as f64 * (bar + gap) + 40.0;
    let max = rows.iter().map(|r| r.runs.last().unwrap().as_secs_f64()).fold(0.0, f64::max).max(1e-9);
    let scale = (width - left - 90.0) / max;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"24\" font-size=\"15\" text-anchor=\"middle\">{}</text>\n",
        width / 2.0,
        esc(title)
    );
    let colors = ["#2b7bb9", "#e0812f", "#58a55c", "#9b59b6"];
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * (bar + gap);
        let m = r.median().as_secs_f64();
        let (lo, hi) = (r.runs[0].as_secs_f64(), r.runs.last().unwrap().as_secs_f64());
        write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n\
             <rect x=\"{left}\" y=\"{y}\" width=\"{:.1}\" height=\"{bar}\" fill=\"{}\"/>\n\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"black\"/>\n\
             <text x=\"{:.1}\" y=\"{}\">{} ms</text>\n",
            left - 8.0,
            y + bar * 0.65,
            esc(&r.name),
            m * scale,
            colors[i % colors.len()],
            left + lo * scale,
            left + hi * scale,
            y + bar / 2.0,
            y + bar / 2.0,
            left + hi * scale + 6.0,
            y + bar * 0.65,
            ms(r.median()),
        )
        .unwrap();
    }
    writeln!(
        out,
        "<text x=\"{left}\" y=\"{}\" fill=\"#555\">median process time; whiskers: min to max</text>\n</svg>",
        height - 12.0
    )
    .unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, ms: &[u64]) -> Row {
        Row { name: name.into(), prepare: None, runs: ms.iter().map(|m| Duration::from_millis(*m)).collect() }
    }

    #[test]
    fn table_and_chart_show_every_contender() {
        let rows = vec![row("aot", &[1, 2, 3]), row("jit <x>", &[10, 20, 30])];
        let t = table(&rows);
        assert!(t.contains("aot") && t.contains("10.00x"), "{t}");
        let s = svg(&rows, "demo");
        assert!(s.starts_with("<svg") && s.contains("jit &lt;x&gt;") && s.contains("20.00 ms"), "{s}");
    }
}
