//! The site's own static files, embedded in the binary: the stylesheet, the map script
//! and MapLibre GL JS (vendored from the npm registry by `scripts/vendor.sh`, pinned by
//! `web/package-lock.json`). Every URL changes with its content (a hash, or the library's
//! version in the path), so every file is cached forever.

use sha2::{Digest, Sha256};

/// MapLibre's files live under its version, so its worker, which it loads relative to
/// itself, is found.
pub const MAPLIBRE_DIR: &str = "vendor/maplibre-gl-6.17.0";
const MAPLIBRE: [(&str, &[u8]); 4] = [
    (
        "maplibre-gl.mjs",
        include_bytes!("static/vendor/maplibre-gl-6.17.0/maplibre-gl.mjs"),
    ),
    (
        "maplibre-gl-worker.mjs",
        include_bytes!("static/vendor/maplibre-gl-6.17.0/maplibre-gl-worker.mjs"),
    ),
    (
        "maplibre-gl.css",
        include_bytes!("static/vendor/maplibre-gl-6.17.0/maplibre-gl.css"),
    ),
    (
        "LICENSE.txt",
        include_bytes!("static/vendor/maplibre-gl-6.17.0/LICENSE.txt"),
    ),
];
pub const MAP_JS: &str = include_str!("static/map.js");

fn hashed(name: &str, ext: &str, content: &[u8]) -> String {
    format!(
        "/static/{name}.{}.{ext}",
        &hex::encode(Sha256::digest(content))[..10]
    )
}

/// Shows a running check's progress without reloading the page (the page reloads
/// itself without JavaScript).
pub const STAFF_JS: &str = include_str!("static/staff.js");

/// "Use my location" on the report form.
pub const REPORT_JS: &str = include_str!("static/report.js");

pub fn report_js_path() -> String {
    hashed("report", "js", REPORT_JS.as_bytes())
}

pub fn staff_js_path() -> String {
    hashed("staff", "js", STAFF_JS.as_bytes())
}

pub fn map_js_path() -> String {
    hashed("map", "js", MAP_JS.as_bytes())
}

pub fn maplibre_css_path() -> String {
    format!("/static/{MAPLIBRE_DIR}/maplibre-gl.css")
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The file at `/static/{path}`, with its content type.
pub fn find(path: &str) -> Option<(&'static [u8], &'static str)> {
    let full = format!("/static/{path}");
    if full == super::pages::css_path() {
        return Some((super::pages::CSS.as_bytes(), content_type(path)));
    }
    if full == map_js_path() {
        return Some((MAP_JS.as_bytes(), content_type(path)));
    }
    if full == staff_js_path() {
        return Some((STAFF_JS.as_bytes(), content_type(path)));
    }
    if full == report_js_path() {
        return Some((REPORT_JS.as_bytes(), content_type(path)));
    }
    let name = path.strip_prefix(MAPLIBRE_DIR)?.strip_prefix('/')?;
    MAPLIBRE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| (*bytes, content_type(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_library_is_the_one_recorded() {
        let sums = include_str!("static/vendor/maplibre-gl-6.17.0/SHA256SUMS");
        assert_eq!(sums.lines().count(), MAPLIBRE.len());
        for line in sums.lines() {
            let (sum, name) = line.split_once("  ").expect("sha256sum lines");
            let (_, bytes) = MAPLIBRE
                .iter()
                .find(|(n, _)| *n == name)
                .expect("every recorded file is embedded");
            assert_eq!(
                hex::encode(Sha256::digest(bytes)),
                sum,
                "{name} differs from SHA256SUMS; run scripts/vendor.sh"
            );
        }
        assert!(find(&format!("{MAPLIBRE_DIR}/maplibre-gl-worker.mjs")).is_some());
        assert!(find("vendor/../../etc/passwd").is_none());
    }
}
