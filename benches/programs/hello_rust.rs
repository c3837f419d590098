// The start-up benchmark's Rust hello-world, built for wasm32-wasip1
// (programs/hello_rust_p1.wasm) and as a wasm32-wasip2 component
// (programs/hello_rust_p2.wasm): the same source, to compare how a
// component and a preview-1 module start.
fn main() {
    println!("hello, world");
}
