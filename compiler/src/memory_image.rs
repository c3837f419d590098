//! Initial-memory images: each defined memory's active data segments
//! merged into one block aligned to [`MEMORY_IMAGE_ALIGN`] in memory and in
//! the object, which the runtime maps copy-on-write from the executable
//! instead of copying the segments one by one at every start (see
//! `runtime-lib/src/image.rs`).

use wasm2native_abi::meta::{ConstOp, DataSegment, MemoryImage, SegmentMode};
use wasm2native_abi::MEMORY_IMAGE_ALIGN;

use crate::module_info::ModuleInfo;

/// Below this many bytes of active data, copying at instantiation costs less
/// than opening and mapping the executable.
pub const MIN_DATA_BYTES: u64 = 64 << 10;

/// The images of a module: where each goes, and all their bytes one after
/// the other (each image a multiple of the alignment long).
#[derive(Debug, PartialEq)]
pub struct Images {
    /// Where each image goes (`at` into `bytes`), in memory order.
    pub placements: Vec<MemoryImage>,
    /// The images' bytes.
    pub bytes: Vec<u8>,
}

/// The images of the active segments in `data`, emptying the bytes of the
/// segments they hold (their offsets stay, so the bounds checks and the
/// order of instantiation are unchanged). None at all unless every active
/// segment lies at a constant offset inside the initial size of a defined
/// memory (so none can trap, and placing the images first changes nothing);
/// then one per memory with at least [`MIN_DATA_BYTES`] of data whose image
/// would not be mostly zeros.
pub fn build(info: &ModuleInfo<'_>, data: &mut [DataSegment<'_>]) -> Option<Images> {
    let mut spans: Vec<Vec<(usize, u64, u64)>> = vec![Vec::new(); info.memories.len()];
    for (i, segment) in data.iter().enumerate() {
        let SegmentMode::Active { index, offset } = &segment.mode else { continue };
        let start = match offset.0.as_slice() {
            [ConstOp::I32(start)] => u64::from(*start as u32),
            [ConstOp::I64(start)] => *start as u64,
            _ => return None,
        };
        let memory = info.memories.get(*index as usize)?;
        if *index < info.num_imported_memories || memory.shared {
            return None;
        }
        let size = memory.limits.min.checked_mul(memory.page_size())?;
        let end = start.checked_add(segment.bytes.len() as u64)?;
        if end > size {
            return None;
        }
        spans[*index as usize].push((i, start, end));
    }
    let mut images = Images { placements: Vec::new(), bytes: Vec::new() };
    for (memory, spans) in spans.iter().enumerate() {
        let total: u64 = spans.iter().map(|(_, s, e)| e - s).sum();
        let Some(lo) = spans.iter().map(|s| s.1).min() else { continue };
        let lo = lo / MEMORY_IMAGE_ALIGN * MEMORY_IMAGE_ALIGN;
        let hi = spans.iter().map(|s| s.2).max()?.div_ceil(MEMORY_IMAGE_ALIGN) * MEMORY_IMAGE_ALIGN;
        let size = info.memories[memory].limits.min.checked_mul(info.memories[memory].page_size())?;
        // An image must stay inside the memory; rounding up to the
        // alignment can pass the end of a memory of one-byte pages.
        if total < MIN_DATA_BYTES || hi - lo > 4 * total || hi > size {
            continue;
        }
        let at = images.bytes.len();
        images.bytes.resize(at + (hi - lo) as usize, 0);
        let bytes = &mut images.bytes[at..];
        for &(i, start, end) in spans {
            // Later segments overwrite earlier ones, as applying them in order does.
            bytes[(start - lo) as usize..(end - lo) as usize].copy_from_slice(data[i].bytes);
            data[i].bytes = &[];
        }
        images.placements.push(MemoryImage { memory: memory as u32, offset: lo, len: hi - lo, at: at as u64 });
    }
    (!images.placements.is_empty()).then_some(images)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_info::parse;

    fn image_of(wat: &str) -> (Option<Images>, Vec<usize>) {
        let wasm = wat::parse_str(wat).unwrap();
        let info = parse(&wasm, Default::default()).unwrap();
        let mut data = info.data.clone();
        let image = build(&info, &mut data);
        (image, data.iter().map(|d| d.bytes.len()).collect())
    }

    fn big(n: usize, byte: char) -> String {
        std::iter::repeat_n(byte, n).collect()
    }

    #[test]
    fn merges_active_segments_in_order() {
        let wat = format!(
            r#"(module (memory 4)
                (data (i32.const 70000) "{a}")
                (data "passive")
                (data (i32.const 70002) "bb"))"#,
            a = big(70000, 'a')
        );
        let (image, lens) = image_of(&wat);
        let image = image.expect("an image");
        assert_eq!(image.placements, vec![MemoryImage { memory: 0, offset: 65536, len: 2 * 65536, at: 0 }]);
        assert_eq!(image.bytes.len(), 2 * 65536);
        let at = |addr: usize| image.bytes[addr - 65536];
        assert_eq!((at(69999), at(70000), at(70001), at(70002), at(70003), at(70004)), (0, b'a', b'a', b'b', b'b', b'a'));
        assert_eq!(at(140000), 0);
        assert_eq!(lens, vec![0, 7, 0], "active segments emptied, passive kept");
    }

    #[test]
    fn only_when_it_pays_and_cannot_change_behaviour() {
        let a = big(70000, 'a');
        for (why, wat) in [
            ("too little data", r#"(module (memory 1) (data (i32.const 0) "x"))"#.to_string()),
            ("imported memory", format!(r#"(module (import "m" "m" (memory 4)) (data (i32.const 0) "{a}"))"#)),
            (
                "a segment of another memory could trap",
                format!(r#"(module (memory 4) (memory 1) (data (i32.const 0) "{a}") (data (memory 1) (i32.const 65535) "zz"))"#),
            ),
            ("offset from a global", format!(r#"(module (import "m" "g" (global i32)) (memory 4) (data (global.get 0) "{a}"))"#)),
            ("traps: past the initial size", format!(r#"(module (memory 1 4) (data (i32.const 0) "{a}"))"#)),
            ("mostly zeros", format!(r#"(module (memory 100) (data (i32.const 0) "{a}") (data (i32.const 6000000) "z"))"#)),
        ] {
            let (image, lens) = image_of(&wat);
            assert!(image.is_none(), "{why}");
            assert!(lens.iter().all(|&l| l > 0), "{why}: segments untouched");
        }
    }

    #[test]
    fn one_image_per_memory() {
        let (a, b) = (big(70000, 'a'), big(66000, 'b'));
        let wat = format!(
            r#"(module (memory 2) (memory i64 3) (memory 1)
                (data (memory 1) (i64.const 65536) "{b}")
                (data (memory 0) (i32.const 0) "{a}")
                (data (memory 2) (i32.const 0) "small"))"#
        );
        let (image, lens) = image_of(&wat);
        let image = image.expect("images");
        assert_eq!(
            image.placements,
            vec![
                MemoryImage { memory: 0, offset: 0, len: 2 * 65536, at: 0 },
                MemoryImage { memory: 1, offset: 65536, len: 2 * 65536, at: 2 * 65536 },
            ]
        );
        assert_eq!(image.bytes[69999], b'a');
        assert_eq!(image.bytes[2 * 65536], b'b');
        assert_eq!(lens, vec![0, 0, 5], "the small memory keeps its segment");
    }
}
