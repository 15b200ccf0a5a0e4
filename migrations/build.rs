// embed_migrations! does not notice a new migration folder by itself (diesel docs).
fn main() {
    println!("cargo:rerun-if-changed=sqlite");
    println!("cargo:rerun-if-changed=postgres");
}
