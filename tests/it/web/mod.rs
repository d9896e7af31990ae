//! The web site, in two layers. End to end: the real server on a loopback port over a
//! real demo store, a real HTTP client, every page and download as a user meets them, and
//! bad requests; this module holds what those areas share (the server, the demo store,
//! requests), and each area has its file. In process (`inproc`): the router driven
//! directly over a small fixture store, with snapshots of the API, in seconds.

use std::path::PathBuf;
use std::sync::OnceLock;

use disclose::web::{AppState, serve};

use crate::support::{Got, fetch, protocol, repo, serve_on_loopback, tile_of};

mod api;
mod audit;
mod ckan;
mod dashboards;
mod downloads;
mod inproc;
mod ogc;
mod pages;
mod tiles;

/// Starts the server over `data` on 127.0.0.1:0 in a thread of its own; returns the base URL.
pub(crate) fn start(data: PathBuf) -> String {
    start_with(data, None)
}

/// Like [`start`], with tiles answered from the PMTiles archives in `tiles` when given.
fn start_with(data: PathBuf, tiles: Option<PathBuf>) -> String {
    serve_on_loopback(move |listener| async move {
        let mut state = AppState::new(&data, protocol()).expect("the store opens");
        if let Some(tiles) = &tiles {
            state = state.with_tiles_dir(tiles);
        }
        serve(listener, state).await.expect("the server runs");
    })
}

/// One demo store and one server for the whole test process.
pub(crate) fn demo() -> &'static (String, PathBuf) {
    static DEMO: OnceLock<(String, PathBuf)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let data = crate::support::process_dir("web-demo");
        disclose::demo::run(
            &protocol(),
            &repo().join("pipelines"),
            &data,
            &disclose::demo::DemoOptions { scale: 1, seed: 42 },
        )
        .expect("the demo builds");
        (start(data.clone()), data)
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn get_with(path: &str, headers: &[(&str, &str)]) -> Got {
    let (base, _) = demo();
    get_at(base, path, headers)
}

fn get_at(base: &str, path: &str, headers: &[(&str, &str)]) -> Got {
    fetch(&agent(), &format!("{base}{path}"), headers)
}

fn get(path: &str) -> Got {
    get_with(path, &[])
}

fn json(path: &str) -> (u16, String, serde_json::Value) {
    let got = get(path);
    let value = serde_json::from_slice(&got.body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", got.text()));
    (got.status, got.header("content-type").to_string(), value)
}

/// The demo's published CSV of a version, as records keyed by column name.
fn published_rows(dataset: &str, version: u32) -> Vec<std::collections::HashMap<String, String>> {
    let (_, data) = demo();
    let mut reader = csv::Reader::from_path(
        data.join(dataset)
            .join(format!("v{version}"))
            .join("data.csv"),
    )
    .unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(str::to_string)
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}
