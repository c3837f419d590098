//! Byte-level mutations of a module: the damage a truncated download, a
//! bad linker or a hostile producer does, which structure-aware mutators
//! never produce.
//!
//! The choices come from a [`Choices`] source: the target's input bytes
//! (through [`arbitrary::Unstructured`]) or the campaign's random numbers.

use arbitrary::Unstructured;

/// A source of decisions.
pub trait Choices {
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize;
    /// An arbitrary byte.
    fn byte(&mut self) -> u8 {
        self.below(256) as u8
    }
}

impl Choices for Unstructured<'_> {
    fn below(&mut self, n: usize) -> usize {
        // An exhausted input answers 0: the result stays deterministic.
        self.choose_index(n).unwrap_or(0)
    }
}

/// Bytes worth writing over others: LEB128 edge cases, section ids,
/// opcodes that open or close blocks, type codes.
const INTERESTING: &[u8] = &[
    0x00, 0x01, 0x02, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x1a, 0x20, 0x40, 0x41, 0x60, 0x6f,
    0x70, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
];

/// Applies `rounds` random byte-level mutations to `wasm`; `other` is a
/// second module to splice from.
pub fn mutate_bytes(wasm: &[u8], other: &[u8], rounds: usize, c: &mut impl Choices) -> Vec<u8> {
    let mut out = wasm.to_vec();
    for _ in 0..rounds {
        mutate_once(&mut out, other, c);
    }
    out
}

/// One mutation.
fn mutate_once(out: &mut Vec<u8>, other: &[u8], c: &mut impl Choices) {
    if out.is_empty() {
        out.push(c.byte());
        return;
    }
    let at = c.below(out.len());
    let len = 1 + c.below(out.len().min(16));
    let end = (at + len).min(out.len());
    match c.below(8) {
        0 => out[at] ^= 1 << c.below(8),
        1 => out[at] = INTERESTING[c.below(INTERESTING.len())],
        2 => {
            let bytes: Vec<u8> = (0..len).map(|_| c.byte()).collect();
            out.splice(at..at, bytes);
        }
        3 => {
            out.drain(at..end);
        }
        4 => {
            for b in &mut out[at..end] {
                *b = c.byte();
            }
        }
        5 => {
            let copy = out[at..end].to_vec();
            let to = c.below(out.len() + 1);
            out.splice(to..to, copy);
        }
        6 => {
            // An LEB128 length or index made larger or smaller.
            out[at] = out[at].wrapping_add(c.byte() % 5).wrapping_sub(2);
        }
        _ => {
            // Splice: our prefix, the other module's suffix.
            if !other.is_empty() {
                let from = c.below(other.len());
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_change_something() {
        let wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0";
        let data = [7u8; 64];
        let a = mutate_bytes(wasm, wasm, 4, &mut Unstructured::new(&data));
        let b = mutate_bytes(wasm, wasm, 4, &mut Unstructured::new(&data));
        assert_eq!(a, b);
        let empty = mutate_bytes(&[], &[], 1, &mut Unstructured::new(&[]));
        assert_eq!(empty.len(), 1);
    }
}
