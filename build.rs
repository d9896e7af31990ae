//! Link settings only.
//!
//! The state database links SQLite into the binary (sqlx's bundled build, so a fresh
//! machine needs no SQLite headers), and GDAL links the system's `libsqlite3.so`. An ELF
//! executable exports every symbol a shared library it links against refers to, so
//! GDAL's calls would land in our copy of SQLite, built with other options, and crash.
//! `--exclude-libs ALL` keeps the symbols of the static libraries inside the binary:
//! each side calls its own SQLite.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo::rustc-link-arg=-Wl,--exclude-libs,ALL");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
