//! Trap reports on stderr, written without allocating (usable from a signal
//! handler):
//!
//! ```text
//! wasm trap: integer divide by zero
//!   0: func[12] <divide>+0x1c
//!   1: func[3] <main>+0x40
//! ```

use std::fmt::{self, Write};

use wasm2native_abi::TrapKind;

use crate::trap::Frame;

/// A fixed buffer that flushes to a file descriptor (stderr) with raw
/// `write(2)` when full.
struct StderrBuf {
    fd: i32,
    buf: [u8; 256],
    len: usize,
}

impl StderrBuf {
    const fn new() -> StderrBuf {
        StderrBuf { fd: 2, buf: [0; 256], len: 0 }
    }

    fn flush(&mut self) {
        let mut done = 0;
        while done < self.len {
            // SAFETY: writing initialized bytes of our buffer to fd 2.
            let n = unsafe { libc::write(self.fd, self.buf[done..].as_ptr().cast(), self.len - done) };
            if n <= 0 {
                break;
            }
            done += n as usize;
        }
        self.len = 0;
    }
}

impl Write for StderrBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for chunk in s.as_bytes().chunks(self.buf.len()) {
            if self.len + chunk.len() > self.buf.len() {
                self.flush();
            }
            self.buf[self.len..self.len + chunk.len()].copy_from_slice(chunk);
            self.len += chunk.len();
        }
        Ok(())
    }
}

/// Formats the report of a trap into `out`.
pub(crate) fn format_trap(kind: TrapKind, frames: &[Frame], out: &mut impl Write) -> fmt::Result {
    writeln!(out, "wasm trap: {}", kind.message())?;
    let mut number = 0;
    for frame in frames {
        write!(out, "  {number}: func[{}]", frame.func_index)?;
        if let Some(name) = frame.name {
            write!(out, " <{name}>")?;
        }
        write!(out, "+{:#x}", frame.offset)?;
        if let Some((file, line, column)) = frame.source {
            write!(out, " at {file}:{line}")?;
            if column > 0 {
                write!(out, ":{column}")?;
            }
        }
        writeln!(out)?;
        if frame.repeated > 0 {
            writeln!(out, "  ... the same frame {} more times", frame.repeated)?;
        }
        number += 1 + frame.repeated;
    }
    Ok(())
}

/// Writes the report of a trap to stderr. Async-signal-safe.
pub(crate) fn write_trap(kind: TrapKind, frames: &[Frame]) {
    let mut out = StderrBuf::new();
    let _ = format_trap(kind, frames, &mut out);
    out.flush();
}

/// Writes `msg` and a newline to stderr. Async-signal-safe.
pub(crate) fn write_line(msg: &str) {
    let mut out = StderrBuf::new();
    let _ = out.write_str(msg);
    let _ = out.write_str("\n");
    out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::CodeHit;
    use crate::trap::TrapRecord;

    #[test]
    fn report_format() {
        let mut trap = TrapRecord::new(TrapKind::IntegerDivisionByZero);
        let source = Some(("calc.c", 7, 12));
        trap.push_for_test(CodeHit { index: 12, start: 0x1000, name: Some("divide"), trap: None, source }, 0x101c);
        for _ in 0..3 {
            trap.push_for_test(CodeHit { index: 3, start: 0x2000, name: None, trap: None, source: None }, 0x2040);
        }
        let source = Some(("main.c", 3, 0));
        trap.push_for_test(CodeHit { index: 4, start: 0x3000, name: None, trap: None, source }, 0x3001);
        let mut s = String::new();
        format_trap(TrapKind::IntegerDivisionByZero, trap.frames_for_test(), &mut s).unwrap();
        assert_eq!(
            s,
            "wasm trap: integer divide by zero\n  0: func[12] <divide>+0x1c at calc.c:7:12\n  1: func[3]+0x40\n  \
             ... the same frame 2 more times\n  4: func[4]+0x1 at main.c:3\n"
        );
    }

    #[test]
    fn long_output_is_chunked() {
        let null = std::fs::File::create("/dev/null").unwrap();
        let mut out = StderrBuf { fd: std::os::fd::AsRawFd::as_raw_fd(&null), ..StderrBuf::new() };
        let long = "x".repeat(1000);
        out.write_str(&long).unwrap();
        assert!(out.len <= 256);
        out.flush();
        assert_eq!(out.len, 0);
    }
}
