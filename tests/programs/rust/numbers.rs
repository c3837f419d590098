//! Integer and float arithmetic in Rust: wrapping/checked/saturating/
//! overflowing operations, bit manipulation, i128/u128, float formatting
//! (shortest round-trip Display, exponent forms, precision), float parsing,
//! and float-to-int `as` casts (which saturate in Rust).

use std::hint::black_box;

fn integer_ops() {
    println!("== integer ops");
    let xs: [i32; 6] = black_box([0, 1, -1, i32::MAX, i32::MIN, 123_456_789]);
    for &x in &xs {
        let y = black_box(-7i32);
        println!(
            "{x}: wrap_add={} wrap_mul={} checked_mul={:?} sat_add={} sat_sub={} ovf_neg={:?} \
             checked_div={:?} rem_euclid={} div_euclid={} abs_diff={}",
            x.wrapping_add(i32::MAX),
            x.wrapping_mul(y),
            x.checked_mul(y),
            x.saturating_add(i32::MAX),
            x.saturating_sub(i32::MAX),
            x.overflowing_neg(),
            x.checked_div(if x == i32::MIN { -1 } else { y }),
            x.rem_euclid(y),
            x.div_euclid(y),
            x.abs_diff(y)
        );
    }
    let us: [u64; 5] = black_box([0, 1, u64::MAX, 1 << 63, 0x0123_4567_89ab_cdef]);
    for &u in &us {
        println!(
            "{u:#x}: lz={} tz={} ones={} rotl9={:#x} rotr9={:#x} swap={:#x} rev={:#x} pow3={} sqrt~{}",
            u.leading_zeros(),
            u.trailing_zeros(),
            u.count_ones(),
            u.rotate_left(9),
            u.rotate_right(9),
            u.swap_bytes(),
            u.reverse_bits(),
            u.wrapping_pow(3),
            (u as f64).sqrt() as u64
        );
    }
    let a: i128 = black_box(-170141183460469231731687303715884105728);
    let b: u128 = black_box(340282366920938463463374607431768211455);
    println!("i128 min={a} /7={} %7={} u128 max={b} /10^20={} checked_add={:?}", a / 7, a % 7,
             b / 100_000_000_000_000_000_000, b.checked_add(1));
    let fact: u128 = (1..=30u128).product();
    println!("30! = {fact} = {fact:#x}");
    println!("gcd(1071, 462) = {}", gcd(black_box(1071), black_box(462)));
    println!("pow: {} {} {:?}", 3u64.pow(40), (-2i64).pow(63), 10u32.checked_pow(10));
    println!("parse: {:?} {:?} {:?} {:?}", "-128".parse::<i8>(), "128".parse::<i8>(),
             "ff".parse::<u8>(), u8::from_str_radix("ff", 16));
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn float_formatting() {
    println!("== float formatting");
    let fs: [f64; 12] = black_box([0.1 + 0.2, 1.0 / 3.0, 1e21, 1e-7, 123456789.0, -0.0, 2.5,
                                   f64::MAX, f64::MIN_POSITIVE, 5e-324, f64::EPSILON, 100.0]);
    for &f in &fs {
        println!("{f} | {f:?} | {f:e} | {f:.3} | {f:>12.2e} | {:.0}", f);
    }
    let inf = black_box(f64::INFINITY);
    let nan = black_box(f64::NAN);
    println!("inf={inf} -inf={} nan={} nan.is_nan={} inf>max={}", -inf, nan.abs(), nan.is_nan(), inf > f64::MAX);
    let f32s: [f32; 4] = black_box([0.1, 16777217.0, 3.4028235e38, 1.0e-45]);
    for f in f32s {
        println!("f32 {f} {f:?} {:e} as f64 {}", f, f as f64);
    }
    println!("rounding: {:.1} {:.1} {:.1} {:.2} {:.0} {:.0}", 0.25, 0.35, -0.45, 1.005, 0.5, 1.5);
}

fn float_math() {
    println!("== float math");
    let xs: [f64; 6] = black_box([0.5, 2.0, -3.7, 10.0, 1e-3, 7.25]);
    for &x in &xs {
        println!(
            "{x}: floor={} ceil={} round={} trunc={} fract={:.6} sqrt={:.10} powi3={} powf={:.10} \
             exp={:.10} ln={:.10} sin={:.10} atan2={:.10} hypot={:.10} mul_add={}",
            x.floor(), x.ceil(), x.round(), x.trunc(), x.fract(), x.abs().sqrt(), x.powi(3),
            x.abs().powf(0.75), x.exp(), x.abs().ln(), x.sin(), x.atan2(1.5), x.hypot(2.0),
            x.mul_add(3.0, 1.0)
        );
    }
    println!("min/max: {} {} {} {}", f64::NAN.min(1.0), 2.0f64.max(f64::NAN), (-0.0f64).max(0.0),
             1.0f64.copysign(-0.0));
    println!("clamp: {} {} rem: {} {}", 5.5f64.clamp(0.0, 3.0), (-1.0f64).clamp(0.0, 3.0),
             black_box(7.5f64) % 2.0, black_box(-7.5f64).rem_euclid(2.0));
    let mut sum = 0.0f64;
    let mut comp = 0.0f64;
    for i in 1..=100_000 {
        let term = 1.0 / (i as f64 * i as f64);
        let y = term - comp;
        let t = sum + y;
        comp = (t - sum) - y;
        sum = t;
    }
    println!("basel sum (kahan) = {sum:.15} (pi^2/6 = {:.15})", std::f64::consts::PI.powi(2) / 6.0);
}

fn casts() {
    println!("== casts");
    let fs: [f64; 8] = black_box([3.99, -3.99, 1e20, -1e20, f64::NAN, 255.5, -0.5, 4294967296.0]);
    for &f in &fs {
        println!("{f} as i32={} u32={} i64={} u8={} i8={}", f as i32, f as u32, f as i64, f as u8, f as i8);
    }
    let is: [i64; 4] = black_box([-1, 300, i64::MIN, 9007199254740993]);
    for &i in &is {
        println!("{i} as u8={} i16={} u32={} f64={} f32={}", i as u8, i as i16, i as u32, i as f64, i as f32);
    }
    println!("bits: {:#x} {:#x} {}", 1.5f64.to_bits(), (-2.0f32).to_bits(), f64::from_bits(0x4009_21fb_5444_2d18));
}

fn parse_floats() {
    println!("== parsing");
    for s in ["3.14", "1e400", "-0", "inf", "-NaN", "0x10", "1_000", " 1", "2.5E-3", ".5", "5."] {
        match s.parse::<f64>() {
            Ok(v) => println!("{s:?} -> {v:?}"),
            Err(e) => println!("{s:?} -> error: {e}"),
        }
    }
}

fn main() {
    integer_ops();
    float_formatting();
    float_math();
    casts();
    parse_floats();
}
