//! Files and directories through WASI 0.2: write, read back, append,
//! metadata, a directory listing, rename, remove; and attempts to leave the
//! granted directory (`..`, an absolute path outside it, a symbolic link
//! pointing out), which must fail as under wasmtime. Run with the granted
//! directory's guest path as argument; the test puts `secret.txt` beside it
//! and `link` (to `../secret.txt`) inside it.
use std::fs;
use std::io::Write;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let base = format!("{dir}/w2n-fs-test");
    let _ = fs::remove_dir_all(&base);
    fs::create_dir(&base).unwrap();
    fs::write(format!("{base}/a.txt"), "first line\n").unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(format!("{base}/a.txt")).unwrap();
    f.write_all(b"second line\n").unwrap();
    drop(f);
    print!("{}", fs::read_to_string(format!("{base}/a.txt")).unwrap());
    let meta = fs::metadata(format!("{base}/a.txt")).unwrap();
    println!("size {} file {} dir {}", meta.len(), meta.is_file(), meta.is_dir());
    fs::create_dir(format!("{base}/sub")).unwrap();
    fs::write(format!("{base}/sub/b.txt"), [0u8, 1, 2, 255]).unwrap();
    fs::rename(format!("{base}/sub/b.txt"), format!("{base}/c.bin")).unwrap();
    let mut names: Vec<String> = fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    println!("entries {names:?}");
    println!("c.bin {:?}", fs::read(format!("{base}/c.bin")).unwrap());
    match fs::read_to_string(format!("{base}/missing")) {
        Ok(_) => println!("missing exists?"),
        Err(e) => println!("missing: {:?}", e.kind()),
    }
    for outside in [format!("{dir}/../secret.txt"), "/secret.txt".to_string(), format!("{dir}/link")] {
        match fs::read_to_string(&outside) {
            Ok(text) => println!("{outside}: escaped, read {text:?}"),
            Err(e) => println!("{outside}: {:?}", e.kind()),
        }
    }
    fs::remove_file(format!("{base}/c.bin")).unwrap();
    fs::remove_dir_all(&base).unwrap();
    println!("cleaned up: {}", fs::metadata(&base).is_err());
}
