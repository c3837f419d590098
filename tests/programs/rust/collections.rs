//! Standard collections with deterministic output: BTreeMap/BTreeSet,
//! HashMap/HashSet with a fixed (FNV) hasher, Vec sorting and searching,
//! VecDeque, BinaryHeap, and a small graph search built from them.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, VecDeque};
use std::cmp::Reverse;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fixed hasher, so HashMap iteration order is reproducible.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf29ce484222325;
        }
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x100000001b3);
        }
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

const TEXT: &str = "the quick brown fox jumps over the lazy dog the dog barks \
                    and the fox runs away quick quick said the bird";

fn word_counts() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in TEXT.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    println!("btreemap: {} distinct words", counts.len());
    for (w, c) in &counts {
        print!("{w}:{c} ");
    }
    println!();
    let range: Vec<_> = counts.range("c".."p").map(|(k, _)| *k).collect();
    println!("range c..p: {range:?}");
    println!("first={:?} last={:?}", counts.first_key_value(), counts.last_key_value());

    let mut hashed: FnvMap<String, Vec<usize>> = FnvMap::default();
    for (i, w) in TEXT.split_whitespace().enumerate() {
        hashed.entry(w.to_uppercase()).or_default().push(i);
    }
    // Iteration order of a HashMap with a fixed hasher is fixed too.
    let order: Vec<_> = hashed.keys().take(6).cloned().collect();
    println!("hashmap iteration order (first 6): {order:?}");
    let mut by_len: Vec<_> = hashed.iter().collect();
    by_len.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (w, pos) in by_len.iter().take(4) {
        println!("  {w:>6} at {pos:?}");
    }
    println!("contains FOX={} CAT={}", hashed.contains_key("FOX"), hashed.contains_key("CAT"));
    hashed.retain(|k, v| v.len() > 1 && k.len() > 3);
    let mut kept: Vec<_> = hashed.into_keys().collect();
    kept.sort();
    println!("retained: {kept:?}");
}

fn sets() {
    let a: BTreeSet<u32> = (1..40).filter(|n| n % 3 == 0).collect();
    let b: BTreeSet<u32> = (1..40).filter(|n| n % 4 == 0).collect();
    println!("union={:?}", a.union(&b).collect::<Vec<_>>());
    println!("intersection={:?}", a.intersection(&b).collect::<Vec<_>>());
    println!("difference={:?}", a.difference(&b).count());
    println!("symmetric={:?}", a.symmetric_difference(&b).max());
    let h: FnvSet<u64> = (0..1000u64).map(|x| x * x % 97).collect();
    let mut residues: Vec<_> = h.into_iter().collect();
    residues.sort_unstable();
    println!("quadratic residues mod 97: {} (first {:?})", residues.len(), &residues[..8]);
}

fn vectors() {
    let mut v: Vec<i64> = (0..50).map(|i| (i * 37 + 11) % 23 - 11).collect();
    println!("vec: {:?}", &v[..10]);
    v.sort();
    v.dedup();
    println!("sorted+dedup: {v:?}");
    println!("binary_search(5)={:?} binary_search(100)={:?}", v.binary_search(&5), v.binary_search(&100));
    let mut words: Vec<&str> = TEXT.split(' ').collect();
    words.sort_by_key(|w| (std::cmp::Reverse(w.len()), *w));
    words.dedup();
    println!("longest words: {:?}", &words[..5]);
    let sums: Vec<i64> = v.windows(3).map(|w| w.iter().sum()).collect();
    println!("window sums: {sums:?}");
    let chunks: Vec<Vec<i64>> = v.chunks(4).map(|c| c.to_vec()).collect();
    println!("chunks: {chunks:?}");
    v.rotate_left(3);
    v.swap(0, 1);
    v.truncate(6);
    v.insert(2, 99);
    v.extend_from_slice(&[7, 8]);
    let removed = v.remove(0);
    println!("after edits: {v:?} (removed {removed})");
    let (even, odd): (Vec<i64>, Vec<i64>) = v.iter().partition(|x| *x % 2 == 0);
    println!("even={even:?} odd={odd:?}");
    let mut matrix = vec![vec![0u32; 5]; 5];
    for (i, row) in matrix.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = (i as u32 + 1) * (j as u32 + 1);
        }
    }
    println!("matrix diagonal: {:?}", (0..5).map(|i| matrix[i][i]).collect::<Vec<_>>());
}

fn queues() {
    let mut dq: VecDeque<u32> = VecDeque::new();
    for i in 0..10 {
        if i % 2 == 0 {
            dq.push_back(i);
        } else {
            dq.push_front(i);
        }
    }
    println!("deque: {dq:?}");
    dq.rotate_left(3);
    println!("rotated: {dq:?} front={:?} back={:?}", dq.front(), dq.back());
    let mut heap = BinaryHeap::new();
    for x in [5, 1, 8, 3, 9, 2, 7] {
        heap.push(x);
    }
    let mut drained = Vec::new();
    while let Some(x) = heap.pop() {
        drained.push(x);
    }
    println!("max-heap order: {drained:?}");
    let mut min_heap: BinaryHeap<Reverse<(u32, &str)>> = BinaryHeap::new();
    for (p, name) in [(3, "c"), (1, "a"), (2, "b"), (1, "aa")] {
        min_heap.push(Reverse((p, name)));
    }
    print!("min-heap order:");
    while let Some(Reverse((p, n))) = min_heap.pop() {
        print!(" {p}{n}");
    }
    println!();
}

/// Dijkstra on a small grid graph, using a BinaryHeap and a BTreeMap of edges.
fn shortest_paths() {
    let n = 8usize;
    let mut edges: BTreeMap<usize, Vec<(usize, u32)>> = BTreeMap::new();
    for r in 0..n {
        for c in 0..n {
            let id = r * n + c;
            let w = ((r * 7 + c * 13) % 9 + 1) as u32;
            if c + 1 < n {
                edges.entry(id).or_default().push((id + 1, w));
                edges.entry(id + 1).or_default().push((id, w));
            }
            if r + 1 < n {
                edges.entry(id).or_default().push((id + n, w + 2));
                edges.entry(id + n).or_default().push((id, w + 2));
            }
        }
    }
    let mut dist = vec![u32::MAX; n * n];
    let mut prev = vec![usize::MAX; n * n];
    let mut heap = BinaryHeap::new();
    dist[0] = 0;
    heap.push(Reverse((0u32, 0usize)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if d > dist[u] {
            continue;
        }
        for &(v, w) in &edges[&u] {
            if d + w < dist[v] {
                dist[v] = d + w;
                prev[v] = u;
                heap.push(Reverse((dist[v], v)));
            }
        }
    }
    let mut path = vec![n * n - 1];
    while *path.last().unwrap() != 0 {
        path.push(prev[*path.last().unwrap()]);
    }
    path.reverse();
    println!("dijkstra: dist to corner = {}, path length {}", dist[n * n - 1], path.len());
    println!("path: {path:?}");
    println!("row 3 distances: {:?}", &dist[3 * n..4 * n]);
}

fn main() {
    word_counts();
    sets();
    vectors();
    queues();
    shortest_paths();
}
