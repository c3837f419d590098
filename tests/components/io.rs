//! stdin, clocks and randomness through WASI 0.2: echoes stdin upper-cased
//! with line numbers, checks that clocks move forward and that a HashMap
//! (randomly seeded) works.
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let start = Instant::now();
    let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.unwrap();
        for w in line.split_whitespace() {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
        writeln!(out, "{}: {}", i + 1, line.to_uppercase()).unwrap();
    }
    let mut words: Vec<_> = counts.into_iter().collect();
    words.sort();
    writeln!(out, "words: {words:?}").unwrap();
    writeln!(out, "wall clock after 2020: {}", wall.as_secs() > 1_577_836_800).unwrap();
    writeln!(out, "monotonic clock moves: {}", start.elapsed().as_nanos() < 60_000_000_000).unwrap();
    // A random seed (wasi:random), however it falls: only that it works.
    let seeded = std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), 1u32);
    writeln!(out, "random state works: {}", seeded == seeded).unwrap();
}
