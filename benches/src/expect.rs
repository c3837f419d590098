//! What a benchmark run must print, and the check of each run against it.
//! The `bench.end` import of the sightglass programs (host/bench.c,
//! host/bench.wat) writes one line `@@w2n-bench-ns <n>` to stderr; it is
//! taken out of stderr (and read as the in-benchmark time) before comparing.

use std::path::Path;

use crate::measure::Outcome;

/// The marker line `bench.end` writes to stderr.
pub const BENCH_MARKER: &[u8] = b"@@w2n-bench-ns ";

/// The expected result of a run.
#[derive(Clone, Debug)]
pub struct Expected {
    pub stdout: Vec<u8>,
    /// `None`: stderr is not compared.
    pub stderr: Option<Vec<u8>>,
    pub status: i32,
    /// Compare with trailing whitespace removed (sightglass's expected
    /// files often lack the final newline the program prints).
    pub trim_end: bool,
    /// Where the expectation comes from, for messages.
    pub source: String,
    /// Lines of stdout that differ between two reference runs (timings a
    /// program prints): their content is not compared, only their presence.
    pub volatile_lines: Vec<usize>,
}

impl Expected {
    /// Reads expected stdout (and stderr, when the file exists) from files.
    pub fn from_files(stdout: &Path, stderr: Option<&Path>, status: i32, trim_end: bool) -> Result<Expected, String> {
        let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read expected output {}: {e}", p.display()));
        Ok(Expected {
            stdout: read(stdout)?,
            stderr: match stderr {
                Some(p) if p.exists() => Some(read(p)?),
                _ => None,
            },
            status,
            trim_end,
            source: stdout.display().to_string(),
            volatile_lines: Vec::new(),
        })
    }

    /// Takes two reference runs' output (e.g. wasmtime's when the corpus
    /// has no expected file) as the expectation. Lines of stdout that differ
    /// between the two (a printed timing) are compared by presence only;
    /// stderr is compared only if both runs agree on it.
    pub fn from_references(a: &Outcome, b: &Outcome, who: &str) -> Result<Expected, String> {
        let (stderr_a, _) = strip_marker(&a.stderr);
        let (stderr_b, _) = strip_marker(&b.stderr);
        let (lines_a, lines_b) = (lines(&a.stdout), lines(&b.stdout));
        if lines_a.len() != lines_b.len() {
            return Err(format!("two runs of {who} print different numbers of lines: the output cannot be checked"));
        }
        let volatile_lines = (0..lines_a.len()).filter(|&i| lines_a[i] != lines_b[i]).collect();
        Ok(Expected {
            stdout: a.stdout.clone(),
            stderr: (stderr_a == stderr_b).then_some(stderr_a),
            status: a.status.code().unwrap_or(-1),
            trim_end: true,
            source: format!("the output of {who} (no expected file)"),
            volatile_lines,
        })
    }

    /// Checks a run; returns the in-benchmark time if `bench.end` reported one.
    pub fn check(&self, o: &Outcome) -> Result<Option<f64>, String> {
        let (stderr, ns) = strip_marker(&o.stderr);
        let code = o.status.code();
        if code != Some(self.status) {
            return Err(format!(
                "exit status {} (expected {}); stderr: {}",
                code.map_or_else(|| format!("{:?}", o.status), |c| c.to_string()),
                self.status,
                excerpt(&stderr, 0)
            ));
        }
        if self.volatile_lines.is_empty() {
            compare("stdout", &self.stdout, &o.stdout, self.trim_end, &self.source)?;
        } else {
            let (exp, got) = (lines(&self.stdout), lines(&o.stdout));
            if exp.len() != got.len() {
                return Err(format!("stdout has {} lines, {} expected ({})", got.len(), exp.len(), self.source));
            }
            for (i, (e, g)) in exp.iter().zip(&got).enumerate() {
                if !self.volatile_lines.contains(&i) {
                    compare(&format!("stdout line {}", i + 1), e, g, self.trim_end, &self.source)?;
                }
            }
        }
        if let Some(exp) = &self.stderr {
            compare("stderr", exp, &stderr, self.trim_end, &self.source)?;
        }
        Ok(ns.map(|n| n as f64 * 1e-9))
    }
}

/// Removes the `bench.end` marker line from stderr; returns the rest and the
/// nanoseconds it carried.
pub fn strip_marker(stderr: &[u8]) -> (Vec<u8>, Option<u64>) {
    let Some(at) = find(stderr, BENCH_MARKER) else { return (stderr.to_vec(), None) };
    let rest = &stderr[at + BENCH_MARKER.len()..];
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let ns = std::str::from_utf8(&rest[..end]).ok().and_then(|s| s.trim().parse().ok());
    let mut out = stderr[..at].to_vec();
    out.extend_from_slice(&rest[(end + 1).min(rest.len())..]);
    (out, ns)
}

/// The lines of an output, without a final empty line.
fn lines(b: &[u8]) -> Vec<&[u8]> {
    let b = trim_end(b);
    if b.is_empty() {
        return Vec::new();
    }
    b.split(|&c| c == b'\n').collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(0, |i| i + 1);
    &b[..n]
}

fn compare(what: &str, expected: &[u8], got: &[u8], trim: bool, source: &str) -> Result<(), String> {
    let (e, g) = if trim { (trim_end(expected), trim_end(got)) } else { (expected, got) };
    if e == g {
        return Ok(());
    }
    let at = e.iter().zip(g).position(|(a, b)| a != b).unwrap_or(e.len().min(g.len()));
    Err(format!(
        "{what} differs from {source} at byte {at} ({} bytes expected, {} got): expected {:?}, got {:?}",
        e.len(),
        g.len(),
        excerpt(e, at),
        excerpt(g, at)
    ))
}

/// Up to 60 bytes of `b` from `at`, lossily decoded.
fn excerpt(b: &[u8], at: usize) -> String {
    let from = at.min(b.len());
    let to = (from + 60).min(b.len());
    String::from_utf8_lossy(&b[from..to]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_is_removed_and_read() {
        let (rest, ns) = strip_marker(b"warn\n@@w2n-bench-ns 1234\nafter\n");
        assert_eq!(rest, b"warn\nafter\n");
        assert_eq!(ns, Some(1234));
        assert_eq!(strip_marker(b"plain"), (b"plain".to_vec(), None));
    }

    #[test]
    fn trailing_whitespace_is_ignored_only_when_asked() {
        assert!(compare("stdout", b"0", b"0\n", true, "x").is_ok());
        let err = compare("stdout", b"0", b"0\n", false, "x").unwrap_err();
        assert!(err.contains("at byte 1"), "{err}");
    }
}
