//! A CPU-bound job split over N threads (argument 1, default 1): counts the
//! primes below 6,000,000 (argument 2) by trial division, in blocks of
//! 1,000 numbers dealt to the threads in turn, so the work is even.
//! Prints the count, which does not depend on N. For `benches/`.
use std::thread;

const BLOCK: u64 = 1000;

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}

fn main() {
    let threads: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    let limit: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(6_000_000);
    let hs: Vec<_> = (0..threads)
        .map(|t| {
            thread::spawn(move || {
                let blocks = (0..limit.div_ceil(BLOCK)).skip(t as usize).step_by(threads as usize);
                blocks.map(|b| (b * BLOCK..((b + 1) * BLOCK).min(limit)).filter(|n| is_prime(*n)).count()).sum::<usize>()
            })
        })
        .collect();
    let count: usize = hs.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{count} primes below {limit}");
}
