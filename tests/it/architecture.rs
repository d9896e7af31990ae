//! The layering of `src/` as rules that fail the build's tests when broken: only the web
//! edge names HTTP, the store does not reach up into the pipeline, the route table
//! exports only `app`, and `Cache-Control` is written in one place. Each test lists every
//! offending line at once.

use std::path::{Path, PathBuf};

use crate::support::repo;

/// Every `.rs` file under `dir`, with its path relative to the repository.
fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).expect("a source folder").flatten() {
            let path: PathBuf = item.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let name = path
                    .strip_prefix(repo())
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push((name, text));
            }
        }
    }
    out.sort();
    out
}

/// Lines of code (not comments) that match `pred`, as `file:line: text`.
fn offending(files: &[(String, String)], pred: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in files {
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if pred(code) {
                found.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

fn names_http(code: &str) -> bool {
    ["axum", "maud", "tower", "http::"].iter().any(|w| {
        code.match_indices(w).any(|(at, _)| {
            let before = code[..at].chars().last();
            // A whole path segment, not part of a longer word (`tower_http` counts).
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_') || w.ends_with("::")
        })
    })
}

#[test]
fn only_the_web_edge_and_main_name_http_crates() {
    let files: Vec<_> = rust_files(&repo().join("src"))
        .into_iter()
        .filter(|(name, _)| !name.starts_with("src/web/") && name != "src/main.rs")
        .collect();
    let found = offending(&files, names_http);
    assert!(
        found.is_empty(),
        "HTTP outside src/web/:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_store_imports_nothing_from_the_pipeline() {
    let files = rust_files(&repo().join("src/store"));
    let found = offending(&files, |code| code.contains("pipeline::"));
    assert!(found.is_empty(), "store → pipeline:\n{}", found.join("\n"));
}

#[test]
fn engines_import_nothing_from_the_web() {
    let files: Vec<_> = rust_files(&repo().join("src"))
        .into_iter()
        .filter(|(name, _)| !name.starts_with("src/web/") && name != "src/main.rs")
        .collect();
    let found = offending(&files, |code| {
        code.contains("crate::web") || code.contains("super::web")
    });
    assert!(
        found.is_empty(),
        "an engine reaching up into web:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_route_table_exports_only_app() {
    let text = std::fs::read_to_string(repo().join("src/web/routes.rs")).expect("routes.rs");
    let public: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("pub"))
        .collect();
    assert_eq!(
        public,
        ["pub fn app(state: AppState) -> Router {"],
        "routes.rs exports more than app"
    );
}

#[test]
fn cache_control_is_written_in_one_place() {
    let files = rust_files(&repo().join("src"));
    let found = offending(&files, |code| {
        code.contains("CACHE_CONTROL") || code.to_ascii_lowercase().contains("\"cache-control\"")
    });
    assert_eq!(
        found
            .iter()
            .filter(|f| !f.starts_with("src/web/cache.rs"))
            .count(),
        0,
        "Cache-Control written outside src/web/cache.rs:\n{}",
        found.join("\n")
    );
    assert_eq!(found.len(), 1, "{}", found.join("\n"));
}
