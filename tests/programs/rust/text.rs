//! Strings and iterators: format! with width/fill/alignment/sign/radix,
//! Debug and Display of structs and enums, Unicode handling (chars, bytes,
//! case mapping), string building and splitting, and iterator adaptors
//! (chains, zips, scans, windows, peekable parsing, flat_map, rev).

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(i64),
    Ident(String),
    Op(char),
}

#[derive(Debug)]
struct Point {
    x: i32,
    y: i32,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if f.alternate() {
            write!(f, "Point[x={}, y={}]", self.x, self.y)
        } else {
            write!(f, "({}, {})", self.x, self.y)
        }
    }
}

fn formatting() {
    println!("== formatting");
    let n = 48879;
    println!("[{n}] [{n:>8}] [{n:<8}] [{n:^8}] [{n:*^9}] [{n:+}] [{n:08}]");
    println!("[{n:x}] [{n:X}] [{n:#x}] [{n:o}] [{n:#b}] [{n:#012x}] [{:e}]", n as f64);
    let neg = -42i8;
    println!("[{neg}] [{neg:5}] [{neg:<5}] [{neg:05}] [{:x}] [{:#b}]", neg, neg as u8);
    let s = "wasm";
    println!("[{s}] [{s:>8}] [{s:-<8}] [{s:^8}] [{s:.2}] [{s:>8.3}] [{:?}]", "quote\"tab\t\u{1F600}");
    let width = 10;
    let prec = 3;
    println!("[{:>width$.prec$}] [{:>1$}] [{:.*}]", std::f64::consts::E, 7, 2, 1.23456);
    let p = Point { x: 3, y: -4 };
    println!("{p} {p:#} {p:?}");
    println!("{p:#?}");
    let tokens = vec![Token::Num(12), Token::Ident("abc".into()), Token::Op('+')];
    println!("{tokens:?}");
    println!("{:?} {:?} {:?}", Some(1.5), None::<u8>, Ok::<&str, ()>("fine"));
    println!("{:?} {:?}", (1, "two", 3.0), [[1, 2], [3, 4]]);
    let mut out = String::new();
    for i in 0..5 {
        use std::fmt::Write;
        write!(out, "{i}^2={}{}", i * i, if i < 4 { ", " } else { "" }).unwrap();
    }
    println!("{out}");
}

fn unicode() {
    println!("== unicode");
    let s = "Grüße, 世界! ¿Qué tal? 🦀";
    println!("bytes={} chars={} upper={} lower={}", s.len(), s.chars().count(), s.to_uppercase(), s.to_lowercase());
    let rev: String = s.chars().rev().collect();
    println!("reversed: {rev}");
    for (i, c) in s.char_indices().filter(|(_, c)| !c.is_ascii()) {
        print!("{i}:{c}(U+{:04X},{}B) ", c as u32, c.len_utf8());
    }
    println!();
    println!("find 世={:?} starts={} ends={} contains={}", s.find('世'), s.starts_with("Grü"), s.ends_with("🦀"), s.contains("Qué"));
    let bytes = s.as_bytes();
    println!("first bytes: {:02x?}", &bytes[..6]);
    println!("from_utf8 invalid: {:?}", std::str::from_utf8(&bytes[..3]).is_err());
    println!("lossy: {}", String::from_utf8_lossy(&[b'a', 0xff, b'b', 0xc3]));
    let escaped: String = "tab\tnl\n\"q\" é".escape_default().collect();
    println!("escape_default: {escaped}");
}

fn splitting() {
    println!("== splitting and building");
    let csv = "name,age,city\nAda,36,London\nLinus,54,Portland\n\nGrace,85,Arlington";
    let rows: Vec<Vec<&str>> = csv.lines().filter(|l| !l.is_empty()).map(|l| l.split(',').collect()).collect();
    for row in &rows {
        println!("{:<8}|{:>4}|{:<10}|", row[0], row[1], row[2]);
    }
    let total_age: u32 = rows[1..].iter().map(|r| r[1].parse::<u32>().unwrap()).sum();
    println!("total age {total_age}");
    let words = "  several   spaces\tand\ttabs  ";
    println!("{:?}", words.split_whitespace().collect::<Vec<_>>());
    println!("{:?}", words.trim().splitn(3, ' ').collect::<Vec<_>>());
    println!("{:?}", "a-b_c-d".split(|c| c == '-' || c == '_').collect::<Vec<_>>());
    println!("{:?}", "key=value=more".split_once('='));
    println!("{:?}", "2024-01-31".rsplit('-').collect::<Vec<_>>());
    let replaced = "the cat and the hat".replace("the", "a").replacen('a', "A", 2);
    println!("{replaced}");
    let repeated = "ab".repeat(5);
    let joined = ["x", "y", "z"].join(" + ");
    println!("{repeated} {joined} {}", format!("{:?}", "trim me\n".trim_end()));
    let mut s = String::with_capacity(4);
    for i in 0..30 {
        s.push(char::from(b'a' + (i % 26) as u8));
        if i % 10 == 9 {
            s.push_str("|");
        }
    }
    s.insert(0, '>');
    s.truncate(25);
    println!("{s} len={} pop={:?}", s.len(), s.clone().pop());
}

fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = src.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_ascii_digit() {
            let mut v = 0i64;
            while let Some(d) = it.peek().and_then(|c| c.to_digit(10)) {
                v = v * 10 + d as i64;
                it.next();
            }
            out.push(Token::Num(v));
        } else if c.is_alphabetic() {
            let mut id = String::new();
            while let Some(&c) = it.peek().filter(|c| c.is_alphanumeric()) {
                id.push(c);
                it.next();
            }
            out.push(Token::Ident(id));
        } else {
            if !c.is_whitespace() {
                out.push(Token::Op(c));
            }
            it.next();
        }
    }
    out
}

fn iterators() {
    println!("== iterators");
    let v: Vec<u64> = (1..=20).collect();
    let evens_sq: Vec<u64> = v.iter().filter(|x| *x % 2 == 0).map(|x| x * x).collect();
    println!("even squares {evens_sq:?}");
    println!("sum={} product(1..=15)={} max_by_key={:?}", v.iter().sum::<u64>(), v[..15].iter().product::<u64>(),
             v.iter().max_by_key(|x| (*x % 7, *x)));
    let running: Vec<u64> = v.iter().scan(0, |acc, x| { *acc += x; Some(*acc) }).take_while(|s| *s < 100).collect();
    println!("running sums below 100 {running:?}");
    let zipped: Vec<(u64, char)> = v.iter().copied().zip("abcde".chars()).collect::<Vec<_>>().into_iter().rev().collect();
    println!("zip/rev {zipped:?}");
    let chained: Vec<u64> = v.iter().copied().step_by(7).chain(100..103).skip(1).collect();
    println!("step_by/chain/skip {chained:?}");
    let flat: Vec<String> = (1..4).flat_map(|i| (0..i).map(move |j| format!("{i}{j}"))).collect();
    println!("flat_map {flat:?}");
    let pos = v.iter().position(|x| x * x > 150);
    let any = v.iter().any(|x| x % 13 == 0);
    let all = v.iter().all(|x| *x < 21);
    println!("position={pos:?} any={any} all={all} count={}", v.iter().filter(|x| x.is_power_of_two()).count());
    let (small, big): (Vec<u64>, Vec<u64>) = v.iter().partition(|x| **x <= 10);
    println!("partition {} {} fold={}", small.len(), big.len(), v.iter().fold(String::new(), |acc, x| if x % 5 == 0 { acc + &x.to_string() } else { acc }));
    let mut fib = std::iter::successors(Some((0u64, 1u64)), |&(a, b)| Some((b, a + b))).map(|p| p.0);
    let first: Vec<u64> = fib.by_ref().take(15).collect();
    println!("fibonacci {first:?} next={:?}", fib.next());
    let tokens = tokenize("x1 = 42*(foo + 7) - bar9");
    println!("tokens {tokens:?}");
    let nums: i64 = tokens.iter().filter_map(|t| if let Token::Num(n) = t { Some(*n) } else { None }).sum();
    println!("numbers in tokens sum to {nums}");
    let text = "one two three two one two";
    let mut uniq: Vec<&str> = text.split(' ').collect();
    uniq.sort_unstable();
    uniq.dedup();
    println!("unique sorted {uniq:?} last={:?} nth(1)={:?}", uniq.last(), text.split(' ').nth(1));
    let min_max = v.iter().fold((u64::MAX, 0), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    println!("min_max {min_max:?} cmp={:?}", [1, 2, 3].iter().cmp([1, 2, 4].iter()));
}

fn main() {
    formatting();
    unicode();
    splitting();
    iterators();
}
