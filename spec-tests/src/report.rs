//! Counting and printing results.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// The result of one file.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// Name of the file as reported.
    pub name: String,
    /// Commands that passed.
    pub passed: usize,
    /// Commands that failed.
    pub failed: usize,
    /// The first failures: line (0: the file as a whole) and message.
    pub failures: Vec<(usize, String)>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl FileReport {
    /// An empty report for `name`.
    pub fn new(name: &str) -> FileReport {
        FileReport {
            name: name.to_string(),
            ..Default::default()
        }
    }

    /// Counts a failure, keeping its message if fewer than `keep` are kept.
    pub fn add_failure(&mut self, line: usize, message: String, keep: usize) {
        self.failed += 1;
        if self.failures.len() < keep {
            self.failures.push((line, message));
        }
    }

    /// `name.wast: P passed, F failed` and the kept failures, indented.
    pub fn render(&self) -> String {
        let mut s = format!(
            "{}: {} passed, {} failed\n",
            self.name, self.passed, self.failed
        );
        for (line, message) in &self.failures {
            let mut lines = message.lines();
            let first = lines.next().unwrap_or("");
            if *line == 0 {
                let _ = writeln!(s, "    {first}");
            } else {
                let _ = writeln!(s, "    line {line}: {first}");
            }
            for more in lines.take(12) {
                let _ = writeln!(s, "      {more}");
            }
        }
        s
    }
}

/// Totals over many files, overall and per folder.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Commands passed.
    pub passed: usize,
    /// Commands failed.
    pub failed: usize,
    /// Per folder of the file names (`.` for the top level): passed, failed,
    /// files.
    pub folders: BTreeMap<String, (usize, usize, usize)>,
}

impl Summary {
    /// Adds a file.
    pub fn add(&mut self, r: &FileReport) {
        self.passed += r.passed;
        self.failed += r.failed;
        let folder = match r.name.rsplit_once('/') {
            Some((dir, _)) => dir.to_string(),
            None => ".".to_string(),
        };
        let e = self.folders.entry(folder).or_default();
        e.0 += r.passed;
        e.1 += r.failed;
        e.2 += 1;
    }

    /// One line per folder.
    pub fn render_folders(&self) -> String {
        let mut s = String::new();
        for (folder, (p, f, n)) in &self.folders {
            let _ = writeln!(s, "{folder}/ ({n} files): {p} passed, {f} failed");
        }
        s
    }

    /// The last line: `N passed, N failed`.
    pub fn render_total(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_sums() {
        let mut r = FileReport::new("proposals/x/a.wast");
        r.passed = 3;
        r.add_failure(12, "assert_return: result 0\nmore".into(), 1);
        r.add_failure(13, "dropped".into(), 1);
        assert_eq!(r.render(), "proposals/x/a.wast: 3 passed, 2 failed\n    line 12: assert_return: result 0\n      more\n");
        let mut s = Summary::default();
        s.add(&r);
        s.add(&FileReport {
            name: "b.wast".into(),
            passed: 1,
            ..Default::default()
        });
        assert_eq!(s.render_total(), "4 passed, 2 failed");
        assert_eq!(
            s.render_folders(),
            "./ (1 files): 1 passed, 0 failed\nproposals/x/ (1 files): 3 passed, 2 failed\n"
        );
    }
}
