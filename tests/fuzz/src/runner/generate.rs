//! Campaign inputs, from a random stream: for `compile_bytes` the bytes of
//! a module (random, or a byte-level mutant of a seed); for `wat` a text
//! (random, or a token-level mutant of a seed text); for the other targets
//! the random bytes their own decoding turns into a test.

use super::rng::Rng;
use crate::mutate::{mutate_bytes, Choices};
use crate::seeds::{seeds, texts};
use crate::Target;

/// The input for `target` drawn from `rng`.
pub fn input(target: Target, rng: &mut Rng) -> Vec<u8> {
    match target {
        Target::CompileBytes => module_bytes(rng),
        Target::Wat => text(rng),
        Target::CompileSmith => random(rng, 64, 4096),
        Target::CompileMutated => random(rng, 16, 512),
        Target::WasiShim => random(rng, 256, 12 * 1024),
    }
}

/// `lo..hi` random bytes.
fn random(rng: &mut Rng, lo: usize, hi: usize) -> Vec<u8> {
    let n = lo + rng.below(hi - lo);
    rng.bytes(n)
}

/// Random bytes (sometimes behind a wasm header), or mostly a seed with
/// one to a few byte-level mutations.
fn module_bytes(rng: &mut Rng) -> Vec<u8> {
    let seeds = seeds();
    match rng.below(16) {
        0 => random(rng, 0, 256),
        1 => {
            let mut v = b"\0asm\x01\0\0\0".to_vec();
            v.extend(random(rng, 0, 256));
            v
        }
        _ => {
            // Half of the time one of the C/Rust programs: their mutants
            // are what used to trip Cranelift up.
            let programs: Vec<_> = seeds
                .iter()
                .filter(|s| s.name.starts_with("programs/"))
                .collect();
            let seed = if rng.below(2) == 0 {
                &programs[rng.below(programs.len())].wasm
            } else {
                &seeds[rng.below(seeds.len())].wasm
            };
            let other = &seeds[rng.below(seeds.len())].wasm;
            // Mostly one or two mutations: a module with many is rejected
            // by the first, and the interesting failures need most of the
            // module to stay intact.
            let rounds = [1, 1, 1, 2, 2, 3, 4, 8][rng.below(8)];
            mutate_bytes(seed, other, rounds, rng)
        }
    }
}

/// Tokens to insert into texts.
const KEYWORDS: &[&str] = &[
    "(",
    ")",
    "(module",
    "(func",
    "(param i32)",
    "(result i64)",
    "(local v128)",
    "block",
    "loop",
    "if",
    "else",
    "end",
    "br 0",
    "br_if 1",
    "br_table 0 1",
    "return",
    "unreachable",
    "i32.const 0",
    "i64.const -1",
    "f32.const nan",
    "v128.const i32x4 0 0 0 0",
    "drop",
    "select",
    "local.get 0",
    "global.get 0",
    "call 0",
    "call_indirect",
    "return_call 0",
    "try_table",
    "(catch_all 0)",
    "throw 0",
    "memory.grow",
    "i32.load offset=4294967295",
    "(memory 1)",
    "(memory i64 1)",
    "(table 1 funcref)",
    "(elem",
    "(data",
    "(export \"x\"",
    "(import \"a\" \"b\"",
    "(type",
    "ref.null func",
    "ref.func 0",
    "0x7fffffff",
    "-0",
    "$x",
    "\"",
    ";;",
    "(;",
    ";)",
];

/// A random text, or a seed text with token-level mutations.
fn text(rng: &mut Rng) -> Vec<u8> {
    let texts = texts();
    if rng.below(16) == 0 {
        let n = rng.below(512);
        return (0..n)
            .map(|_| KEYWORDS[rng.below(KEYWORDS.len())].as_bytes()[0] ^ (rng.below(2) as u8))
            .collect();
    }
    let base = texts[rng.below(texts.len())];
    let mut tokens: Vec<String> = base
        .split_inclusive(char::is_whitespace)
        .map(str::to_string)
        .collect();
    for _ in 0..1 + rng.below(4) {
        if tokens.is_empty() {
            break;
        }
        let at = rng.below(tokens.len());
        match rng.below(8) {
            0 => {
                tokens.remove(at);
            }
            1 => {
                let t = tokens[rng.below(tokens.len())].clone();
                tokens.insert(at, t);
            }
            2 => tokens.insert(at, format!("{} ", KEYWORDS[rng.below(KEYWORDS.len())])),
            3 | 4 => {
                // A number replaced by an edge value, keeping what follows
                // it (closing parentheses, the white space).
                let token = &tokens[at];
                let digits = token
                    .trim_start_matches('-')
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                if digits > 0 {
                    let n = [
                        0i64,
                        1,
                        -1,
                        255,
                        65536,
                        i32::MAX as i64,
                        u32::MAX as i64,
                        i64::MIN,
                    ][rng.below(8)];
                    let rest = token.trim_start_matches('-')[digits..].to_string();
                    tokens[at] = format!("{n}{rest}");
                }
            }
            5 => {
                let b = rng.below(tokens.len());
                tokens.swap(at, b);
            }
            6 => tokens.truncate(at.max(1)),
            _ => {
                // A token replaced by another of the same text.
                let t = tokens[rng.below(tokens.len())].clone();
                tokens[at] = t;
            }
        }
    }
    tokens.concat().into_bytes()
}
