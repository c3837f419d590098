//! The machine a run happened on: date, cores, CPU model, memory, load, and
//! the commit measured. Recorded with every report so that numbers from
//! different machines are not compared by mistake.

use std::path::Path;
use std::process::Command;

/// A description of this machine and checkout.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Machine {
    /// UTC date and time (`date -u`).
    pub date: String,
    pub cores: usize,
    pub cpu: String,
    /// Total memory, GiB.
    pub memory_gib: f64,
    pub kernel: String,
    /// `git describe`-style commit of the checkout.
    pub commit: String,
}

impl Machine {
    /// Describes this machine; fields it cannot read say "unknown".
    pub fn describe(workspace: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_string()))
            .unwrap_or_else(|| "unknown".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        Machine {
            date: run("date", &["-u", "+%Y-%m-%d %H:%M UTC"], workspace),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            memory_gib: memory_kib / (1024.0 * 1024.0),
            kernel: run("uname", &["-sr"], workspace),
            commit: run("git", &["log", "-1", "--format=%h (%cd)", "--date=short"], workspace),
        }
    }
}

/// The 1-minute load average (how busy the machine is right now).
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

fn run(program: &str, args: &[&str], cwd: &Path) -> String {
    Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}
