//! A WASI 0.2 command (Rust's `wasm32-wasip2` target): arguments, an
//! environment variable, stdout, stderr and an exit status.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("hello from a component: {args:?}");
    match std::env::var("GREETING") {
        Ok(g) => println!("GREETING={g}"),
        Err(_) => println!("no GREETING"),
    }
    eprintln!("to stderr");
    if args.iter().any(|a| a == "fail") {
        std::process::exit(1);
    }
}
