//! Running a child process with a time limit, capturing its output.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long a compiled test program may run.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the compiler may take for one module (debug builds are slow).
pub const COMPILE_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct Output {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    Signaled(i32),
    TimedOut,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Status::Exited(code) => write!(f, "exit status {code}"),
            Status::Signaled(sig) => write!(f, "killed by signal {sig}"),
            Status::TimedOut => write!(f, "timed out (killed)"),
        }
    }
}

fn status_of(status: ExitStatus) -> Status {
    if let Some(code) = status.code() {
        return Status::Exited(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return Status::Signaled(sig);
        }
    }
    Status::Exited(-1)
}

impl Output {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` (for `what`, in messages), which must exit with status 0;
/// panics with its output otherwise.
pub fn run_ok(what: &str, cmd: &mut Command, timeout: Duration) -> Output {
    let out = run(cmd, timeout).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(out.status, Status::Exited(0), "{what} failed:\n{}{}", out.stdout_text(), out.stderr_text());
    out
}

/// Runs `cmd` with stdin from /dev/null, capturing stdout and stderr; kills
/// it after `timeout`. Fails only if the process cannot be started.
pub fn run(cmd: &mut Command, timeout: Duration) -> Result<Output, String> {
    run_with_input(cmd, None, timeout)
}

/// Like [`run`], with `input` (if any) written to the process's stdin
/// through a pipe, which is then closed.
pub fn run_with_input(cmd: &mut Command, input: Option<&[u8]>, timeout: Duration) -> Result<Output, String> {
    let mut child = cmd
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
        let input = input.to_vec();
        // A program that stops reading early closes the pipe: ignore EPIPE.
        thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&input);
        });
    }
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status_of(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Status::TimedOut;
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {:?}: {e}", cmd.get_program())),
        }
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn captures_output_and_status() {
        let out = run(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]), RUN_TIMEOUT)
            .unwrap();
        assert_eq!(out.status, Status::Exited(3));
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
    }

    #[test]
    fn feeds_stdin() {
        let out = run_with_input(&mut Command::new("cat"), Some(b"piped\n"), RUN_TIMEOUT).unwrap();
        assert_eq!(out.stdout, b"piped\n");
    }

    #[test]
    fn kills_on_timeout() {
        let out = run(Command::new("sh").args(["-c", "exec sleep 30"]), Duration::from_millis(200))
            .unwrap();
        assert_eq!(out.status, Status::TimedOut);
    }

    #[test]
    fn reports_signals() {
        let out = run(Command::new("sh").args(["-c", "kill -SEGV $$"]), RUN_TIMEOUT).unwrap();
        assert_eq!(out.status, Status::Signaled(11));
    }
}
