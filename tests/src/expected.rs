//! Expected results of a case, recorded from wasmtime, and the comparison
//! of an actual run against them.
//!
//! A directory per case (`expected/CASE/`) with these files:
//! - `stdout`: exactly what the program writes to stdout.
//! - `status`: the exit status, in decimal (134 for a trap).
//! - `stderr`: without a trap, exactly what the program writes to stderr;
//!   with a trap, what the program itself wrote to stderr before trapping
//!   (e.g. a Rust panic message), which must be a prefix of ours.
//! - `trap` (traps only): the trap message our executable must print, as
//!   the line `wasm trap: <message>` right after that prefix.
//! - `wasmtime-stderr` (traps only): wasmtime's whole stderr, for the record.

use crate::diff::diff;
use crate::process::{Output, Status};
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
    pub trap: Option<String>,
    pub wasmtime_stderr: Option<Vec<u8>>,
}

/// wasmtime's wording for a trap where it differs from ours, and the
/// messages it stands for. wasmtime reports every out-of-range table index
/// the same way; the spec says "undefined element" for `call_indirect` and
/// "out of bounds table access" for the table instructions, so such cases
/// must name their message with a `trap` directive.
const WASMTIME_TRAP_WORDING: &[(&str, &[&str])] = &[
    ("wasm `unreachable` instruction executed", &["unreachable"]),
    ("undefined element: out of bounds table access", &["undefined element", "out of bounds table access"]),
    ("null reference", &["null function reference", "null reference"]),
];

/// How wasmtime (and we) name an exception that reached the host.
const UNCAUGHT_EXCEPTION: &str = "thrown Wasm exception";

/// wasmtime's exit status then.
const UNCAUGHT_EXCEPTION_STATUS: i32 = 1;

/// Where wasmtime's own error report starts on stderr.
const WASMTIME_ERROR_START: &str = "Error: failed to run main module";

impl Expected {
    pub fn load(dir: &Path) -> Result<Expected, String> {
        let read = |name: &str| std::fs::read(dir.join(name));
        let must = |name: &str| read(name).map_err(|e| format!("{}: {e}", dir.join(name).display()));
        let status_text = String::from_utf8(must("status")?).map_err(|e| e.to_string())?;
        Ok(Expected {
            stdout: must("stdout")?,
            stderr: must("stderr")?,
            status: status_text.trim().parse().map_err(|e| format!("{}/status: {e}", dir.display()))?,
            trap: read("trap").ok().map(|t| String::from_utf8_lossy(&t).trim_end().to_string()),
            wasmtime_stderr: read("wasmtime-stderr").ok(),
        })
    }

    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("stdout"), &self.stdout)?;
        std::fs::write(dir.join("stderr"), &self.stderr)?;
        std::fs::write(dir.join("status"), format!("{}\n", self.status))?;
        for (name, content) in [
            ("trap", self.trap.as_ref().map(|t| format!("{t}\n").into_bytes())),
            ("wasmtime-stderr", self.wasmtime_stderr.clone()),
        ] {
            match content {
                Some(bytes) => std::fs::write(dir.join(name), bytes)?,
                None if dir.join(name).exists() => std::fs::remove_file(dir.join(name))?,
                None => {}
            }
        }
        Ok(())
    }

    /// Interprets a wasmtime run: a trap (status 134 and a `wasm trap:`
    /// line in wasmtime's report) or a normal exit. `declared_trap` is the
    /// case's `trap` directive, required where wasmtime's wording is ambiguous.
    pub fn from_wasmtime(out: &Output, declared_trap: Option<&str>) -> Result<Expected, String> {
        let Status::Exited(status) = out.status else {
            return Err(format!("wasmtime {}", out.status));
        };
        let report_at = out.stderr.windows(WASMTIME_ERROR_START.len()).rposition(|w| w == WASMTIME_ERROR_START.as_bytes());
        let Some(report_at) = report_at else {
            if let Some(trap) = declared_trap {
                return Err(format!("the case declares the trap {trap:?} but wasmtime did not trap"));
            }
            return Ok(Expected {
                stdout: out.stdout.clone(),
                stderr: out.stderr.clone(),
                status,
                trap: None,
                wasmtime_stderr: None,
            });
        };
        let report = String::from_utf8_lossy(&out.stderr[report_at..]);
        // An uncaught exception: wasmtime's report ends its cause chain with
        // this line, and it exits with 1; ours is `wasm trap: <the same>`.
        if status == UNCAUGHT_EXCEPTION_STATUS && report.lines().any(|l| l.trim_end().ends_with(UNCAUGHT_EXCEPTION)) {
            return Ok(Expected {
                stdout: out.stdout.clone(),
                stderr: out.stderr[..report_at].to_vec(),
                status,
                trap: Some(UNCAUGHT_EXCEPTION.to_string()),
                wasmtime_stderr: Some(out.stderr.clone()),
            });
        }
        let wasmtime_message = report
            .lines()
            .find_map(|l| l.split_once("wasm trap: ").map(|(_, m)| m.trim().to_string()))
            .ok_or_else(|| format!("wasmtime failed without a trap:\n{report}"))?;
        if status != crate::TRAP_STATUS {
            return Err(format!("wasmtime trapped with status {status}"));
        }
        let message = our_trap_message(&wasmtime_message, declared_trap)?;
        Ok(Expected {
            stdout: out.stdout.clone(),
            stderr: out.stderr[..report_at].to_vec(),
            status,
            trap: Some(message),
            wasmtime_stderr: Some(out.stderr.clone()),
        })
    }

    /// Compares an actual run; returns one readable message per mismatch.
    pub fn compare(&self, actual: &Output) -> Vec<String> {
        let mut problems = Vec::new();
        if actual.status != Status::Exited(self.status) {
            problems.push(format!("status: expected exit status {}, got {}", self.status, actual.status));
        }
        if actual.stdout != self.stdout {
            problems.push(format!("stdout differs (- expected, + actual):\n{}", diff(&self.stdout, &actual.stdout)));
        }
        match &self.trap {
            None if actual.stderr != self.stderr => {
                problems.push(format!("stderr differs (- expected, + actual):\n{}", diff(&self.stderr, &actual.stderr)));
            }
            None => {}
            Some(message) => problems.extend(self.compare_trap_stderr(message, &actual.stderr)),
        }
        problems
    }

    fn compare_trap_stderr(&self, message: &str, actual: &[u8]) -> Option<String> {
        let want_line = format!("wasm trap: {message}");
        let Some(rest) = actual.strip_prefix(self.stderr.as_slice()) else {
            let n = self.stderr.len().min(actual.len());
            return Some(format!(
                "stderr: the program's own stderr before the trap differs (- expected, + actual):\n{}",
                diff(&self.stderr, &actual[..n])
            ));
        };
        let rest = String::from_utf8_lossy(rest);
        let first = rest.lines().next().unwrap_or("");
        if first == want_line {
            return None;
        }
        let head: Vec<&str> = rest.lines().take(6).collect();
        Some(format!(
            "stderr: expected the line {want_line:?} after the program's own stderr, got:\n    {}",
            if head.is_empty() { "(nothing)".to_string() } else { head.join("\n    ") }
        ))
    }
}

/// Our message for wasmtime's, checked against the declared one if any.
fn our_trap_message(wasmtime_message: &str, declared: Option<&str>) -> Result<String, String> {
    let candidates: Vec<&str> = match WASMTIME_TRAP_WORDING.iter().find(|(theirs, _)| *theirs == wasmtime_message) {
        Some((_, ours)) => ours.to_vec(),
        None if crate::trap_messages().contains(&wasmtime_message) => vec![wasmtime_message],
        None => return Err(format!("unknown wasmtime trap message {wasmtime_message:?}")),
    };
    match (declared, candidates.as_slice()) {
        (Some(d), _) if candidates.contains(&d) => Ok(d.to_string()),
        (Some(d), _) => Err(format!("the case declares the trap {d:?}, wasmtime says {wasmtime_message:?}")),
        (None, [only]) => Ok(only.to_string()),
        (None, _) => Err(format!(
            "wasmtime's {wasmtime_message:?} may be any of {candidates:?}: declare one with a `trap` directive"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(status: i32, stdout: &str, stderr: &str) -> Output {
        Output { status: Status::Exited(status), stdout: stdout.into(), stderr: stderr.into() }
    }

    const WASMTIME_TRAP: &str = "panicked here\nError: failed to run main module `x.wasm`\n\n\
        Caused by:\n    0: failed to invoke command default\n    1: error while executing at wasm backtrace:\n\
        \x20   0:    0x1d4 - <unknown>!f\n    2: wasm trap: wasm `unreachable` instruction executed\n";

    #[test]
    fn parses_a_wasmtime_trap() {
        let e = Expected::from_wasmtime(&output(134, "out\n", WASMTIME_TRAP), None).unwrap();
        assert_eq!(e.trap.as_deref(), Some("unreachable"));
        assert_eq!(e.stderr, b"panicked here\n");
        assert_eq!(e.status, 134);
    }

    #[test]
    fn checks_our_trap_output() {
        let e = Expected::from_wasmtime(&output(134, "out\n", WASMTIME_TRAP), None).unwrap();
        let good = output(134, "out\n", "panicked here\nwasm trap: unreachable\n  0: func[3] <f>\n");
        assert!(e.compare(&good).is_empty());
        let wrong = output(134, "out\n", "panicked here\nwasm trap: integer overflow\n");
        assert_eq!(e.compare(&wrong).len(), 1);
        let all_wrong = output(1, "other\n", "nothing\n");
        assert_eq!(e.compare(&all_wrong).len(), 3);
    }

    #[test]
    fn plain_runs_compare_exactly() {
        let e = Expected::from_wasmtime(&output(3, "a\nb\n", "warn\n"), None).unwrap();
        assert!(e.trap.is_none());
        assert!(e.compare(&output(3, "a\nb\n", "warn\n")).is_empty());
        let problems = e.compare(&output(3, "a\nc\n", "warn\n"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("- b\n") && problems[0].contains("+ c\n"), "{}", problems[0]);
    }

    #[test]
    fn rejects_unknown_trap_wording() {
        let text = "Error: failed to run main module `x`\n    2: wasm trap: something new\n";
        assert!(Expected::from_wasmtime(&output(134, "", text), None).is_err());
    }

    #[test]
    fn ambiguous_table_traps_need_a_declaration() {
        let text = "Error: failed to run main module `x`\n    2: wasm trap: undefined element: out of bounds table access\n";
        let out = output(134, "", text);
        assert!(Expected::from_wasmtime(&out, None).is_err());
        let e = Expected::from_wasmtime(&out, Some("out of bounds table access")).unwrap();
        assert_eq!(e.trap.as_deref(), Some("out of bounds table access"));
        assert!(Expected::from_wasmtime(&out, Some("unreachable")).is_err());
        assert!(Expected::from_wasmtime(&output(0, "", ""), Some("unreachable")).is_err());
    }
}
