// rust-embed needs the folder to exist when the server compiles, or debug builds never
// serve it even after the front end is built; and release builds must re-embed when the
// front end changes.
fn main() {
    let dist = std::path::Path::new("../frontend/dist");
    if let Err(e) = std::fs::create_dir_all(dist) {
        println!("cargo:warning=cannot create {}: {e}", dist.display());
    }
    println!("cargo:rerun-if-changed=../frontend/dist");
}
