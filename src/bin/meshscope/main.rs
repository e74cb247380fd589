//! `meshscope`: the command-line tool over the MeshScope engine.

fn main() {
    println!("meshscope {}", env!("CARGO_PKG_VERSION"));
}
