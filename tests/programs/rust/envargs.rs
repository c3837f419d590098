//! std::env: arguments (args and args_os), the environment (vars sorted,
//! var for present, empty and absent names, and names that exist only in
//! the host environment), set_var/remove_var, and current_dir.

use std::env;

fn main() {
    let args: Vec<String> = env::args().collect();
    println!("{} args", args.len());
    for (i, a) in args.iter().enumerate() {
        println!("  arg {i}: {a:?} ({} chars)", a.chars().count());
    }
    let flags: Vec<&str> = args.iter().skip(1).filter(|a| a.starts_with("--")).map(|a| a.as_str()).collect();
    let numbers: Vec<i64> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
    println!("flags={flags:?} numbers={numbers:?} sum={}", numbers.iter().sum::<i64>());
    println!("args_os count {}", env::args_os().count());

    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    println!("{} environment variables:", vars.len());
    for (k, v) in &vars {
        println!("  {k}={v:?}");
    }
    for name in ["APP_MODE", "APP_EMPTY", "APP_LIST", "W2N_HOST_SECRET", "HOME", "USER"] {
        match env::var(name) {
            Ok(v) => println!("var {name} = {v:?}"),
            Err(e) => println!("var {name}: {e}"),
        }
    }
    if let Ok(list) = env::var("APP_LIST") {
        let parts: Vec<&str> = list.split(':').collect();
        println!("APP_LIST split: {parts:?}");
    }
    // SAFETY: single-threaded program.
    unsafe {
        env::set_var("APP_ADDED", "yes");
        env::remove_var("APP_MODE");
    }
    println!("after changes: APP_ADDED={:?} APP_MODE={:?}", env::var("APP_ADDED").ok(), env::var("APP_MODE").ok());
    match env::current_dir() {
        Ok(d) => println!("current_dir: {}", d.display()),
        Err(e) => println!("current_dir: error {:?}", e.kind()),
    }
    eprintln!("envargs done: {} args", args.len());
}
