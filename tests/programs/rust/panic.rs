//! A Rust panic: the panic message goes to stderr, then the wasm program
//! aborts through an `unreachable` instruction (panic=abort on wasm32-wasip1),
//! which is a trap. The output before the panic must be complete.

use std::collections::BTreeMap;

fn parse_record(line: &str) -> (String, u32) {
    let (name, score) = line.split_once(':').expect("record without a colon");
    let score = score.trim().parse::<u32>().unwrap_or_else(|e| panic!("bad score {score:?} for {name}: {e}"));
    (name.to_string(), score)
}

fn main() {
    let input = "alice: 90\nbob: 72\ncarol: 85\ndave: 9x1\nerin: 60";
    let mut scores = BTreeMap::new();
    for line in input.lines() {
        let (name, score) = parse_record(line);
        println!("parsed {name} = {score}");
        scores.insert(name, score);
    }
    println!("never printed: {scores:?}");
}
