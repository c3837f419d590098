//! std::process::exit(42) from deep inside a computation: destructors do not
//! run, the exit status is 42, and output written with a newline before the
//! exit has reached stdout.

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

fn search(depth: u32, acc: u64) -> u64 {
    let _guard = Noisy("frame (must not be printed)");
    if acc % 1000 == 42 || depth > 60 {
        println!("found acc={acc} at depth {depth}; exiting with 42");
        eprintln!("about to exit");
        std::process::exit(42);
    }
    search(depth + 1, acc.wrapping_mul(31).wrapping_add(depth as u64 + 7)) + 1
}

fn main() {
    let _outer = Noisy("main (must not be printed)");
    {
        let _scoped = Noisy("scoped (expected)");
        println!("scoped guard dropped at end of block:");
    }
    let r = search(0, 1);
    println!("unreachable {r}");
}
