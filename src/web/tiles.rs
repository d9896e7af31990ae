//! Vector tiles over HTTP: `/tiles/{layer}/{z}/{x}/{y}.mvt` and TileJSON at
//! `/tiles/{layer}.json`, for the latest version of each layer. A tile comes from the
//! version's PMTiles archive under the tiles directory when `disclose tiles` has built
//! one (sent as stored, gzip), else it is cut on demand and kept (keyed by layer,
//! version and address). Answers carry an ETag from the version: `304` on a match, `204`
//! when empty, `400` for an address off the grid. The archives themselves are served at
//! `/tiles/{layer}-v{n}.pmtiles` with byte ranges, for PMTiles clients and for copying
//! (on disk their names also carry the version's hash; see [`archive::file_name`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::WebError;
use super::routes::base_url;
use super::state::AppState;
use crate::store::Entry;
use crate::tiles::archive::{self, Archive};
use crate::tiles::{LAYERS, MAX_ZOOM, Projected, attributes, cut};

/// A tile: its layer, the version's ledger hash, z, x, y.
type TileKey = (String, String, u8, u32, u32);

/// Tiles already cut, by layer, version hash and address; emptied when full.
#[derive(Debug, Default)]
pub struct TileCache {
    tiles: Mutex<HashMap<TileKey, Option<Bytes>>>,
    layers: Mutex<HashMap<(String, String), Arc<Projected>>>,
    /// Open PMTiles archives, by file name.
    archives: Mutex<HashMap<String, Arc<Archive>>>,
}

/// The archive `disclose tiles` built for a layer version, opened once; `None` when
/// there is none (looked for again on each request, so a new build is picked up).
async fn archive(state: &AppState, entry: &Entry) -> Option<Arc<Archive>> {
    let name = archive::file_name(&entry.dataset, entry.version, &entry.hash);
    let cache = state.tiles();
    if let Some(open) = cache
        .archives
        .lock()
        .ok()
        .and_then(|a| a.get(&name).cloned())
    {
        return Some(open);
    }
    let path = state.tiles_dir()?.join(&name);
    if !path.exists() {
        return None;
    }
    match Archive::open(&path).await {
        Ok(opened) => {
            let opened = Arc::new(opened);
            if let Ok(mut archives) = cache.archives.lock() {
                archives.insert(name, opened.clone());
            }
            Some(opened)
        }
        Err(e) => {
            tracing::warn!(
                "cannot read {}: {e}; cutting tiles on demand instead",
                path.display()
            );
            None
        }
    }
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|c| {
            let mut parts = c.split(';');
            parts.next().is_some_and(|name| name.trim() == "gzip")
                && !parts.any(|q| q.trim().replace(' ', "") == "q=0")
        })
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, WebError> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| WebError::Internal(format!("a stored tile is not gzip: {e}")))?;
    Ok(out)
}

const CACHED_TILES: usize = 20_000;

/// `{y}.mvt` → y; anything else is a bad address.
fn address(z: &str, x: &str, y: &str) -> Result<(u8, u32, u32), WebError> {
    let bad = || {
        WebError::BadRequest(format!(
            "/{z}/{x}/{y} is not a tile address: z from 0 to {MAX_ZOOM}, x and y from 0 to 2^z − 1, ending .mvt"
        ))
    };
    let y = y.strip_suffix(".mvt").ok_or_else(bad)?;
    let z: u8 = z.parse().ok().filter(|z| *z <= MAX_ZOOM).ok_or_else(bad)?;
    let n = 1u64 << z;
    let x: u32 = x
        .parse()
        .ok()
        .filter(|x| u64::from(*x) < n)
        .ok_or_else(bad)?;
    let y: u32 = y
        .parse()
        .ok()
        .filter(|y| u64::from(*y) < n)
        .ok_or_else(bad)?;
    Ok((z, x, y))
}

pub async fn get_tile(
    State(state): State<AppState>,
    Path((layer, z, x, y)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if !LAYERS.contains(&layer.as_str()) {
        return Err(WebError::NotFound(format!(
            "no tile layer `{layer}`; the layers are {}",
            LAYERS.join(", ")
        )));
    }
    let (z, x, y) = address(&z, &x, &y)?;
    let snapshot = state.snapshot();
    let Some(entry) = snapshot.latest(&layer).cloned() else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let etag = format!("\"{}-{z}-{x}-{y}\"", &entry.hash[..16]);
    let cache_headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "no-cache".to_string()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers).into_response());
    }
    if let Some(archive) = archive(&state, &entry).await.filter(|a| z <= a.max_zoom) {
        let stored = archive.tile(z, x, y).await.map_err(|e| {
            WebError::Internal(format!(
                "cannot read tile {z}/{x}/{y} from the {layer} archive: {e}"
            ))
        })?;
        let Some(gzipped) = stored else {
            return Ok((StatusCode::NO_CONTENT, cache_headers).into_response());
        };
        let vary = (header::VARY, "accept-encoding".to_string());
        let mvt = (
            header::CONTENT_TYPE,
            "application/vnd.mapbox-vector-tile".to_string(),
        );
        return Ok(if accepts_gzip(&headers) {
            (
                cache_headers,
                [mvt, vary, (header::CONTENT_ENCODING, "gzip".to_string())],
                gzipped,
            )
                .into_response()
        } else {
            (cache_headers, [mvt, vary], gunzip(&gzipped)?).into_response()
        });
    }
    let key = (layer.clone(), entry.hash.clone(), z, x, y);
    let cache = state.tiles();
    let cached = cache.tiles.lock().ok().and_then(|t| t.get(&key).cloned());
    let tile = match cached {
        Some(tile) => tile,
        None => {
            let projected = {
                let found = cache
                    .layers
                    .lock()
                    .ok()
                    .and_then(|l| l.get(&(layer.clone(), entry.hash.clone())).cloned());
                match found {
                    Some(p) => p,
                    None => {
                        let features = state.features(&entry).await.map_err(WebError::Internal)?;
                        let name = layer.clone();
                        let projected = Arc::new(
                            tokio::task::spawn_blocking(move || {
                                Projected::new(&name, features.iter().map(|f| &f.feature))
                            })
                            .await
                            .map_err(|e| WebError::Internal(e.to_string()))?,
                        );
                        if let Ok(mut layers) = cache.layers.lock() {
                            layers.retain(|(l, _), _| l != &layer);
                            layers.insert((layer.clone(), entry.hash.clone()), projected.clone());
                        }
                        projected
                    }
                }
            };
            let name = layer.clone();
            let tile = tokio::task::spawn_blocking(move || {
                cut(&name, &projected, z, x, y).map(Bytes::from)
            })
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
            if let Ok(mut tiles) = cache.tiles.lock() {
                if tiles.len() >= CACHED_TILES {
                    tiles.clear();
                }
                tiles.insert(key, tile.clone());
            }
            tile
        }
    };
    Ok(match tile {
        None => (StatusCode::NO_CONTENT, cache_headers).into_response(),
        Some(bytes) => (
            cache_headers,
            [(header::CONTENT_TYPE, "application/vnd.mapbox-vector-tile")],
            bytes,
        )
            .into_response(),
    })
}

/// `/tiles/{layer}.json` (TileJSON 3.0) or `/tiles/{layer}-v{n}.pmtiles` (an archive).
pub async fn get_tile_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if file.ends_with(".pmtiles") {
        return get_archive(&state, &file, &headers).await;
    }
    let layer = file
        .strip_suffix(".json")
        .filter(|l| LAYERS.contains(l))
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "no tile layer `{file}`; TileJSON is at /tiles/projects.json and /tiles/wards.json"
            ))
        })?;
    let protocol = state.protocol();
    let [w, s, e, n] = protocol.jurisdiction.bbox;
    let snapshot = state.snapshot();
    let version = snapshot
        .latest(layer)
        .map(|e| format!("{} v{}", e.dataset, e.version));
    let fields: serde_json::Map<String, Value> = attributes(layer)
        .iter()
        .map(|a| ((*a).to_string(), json!("String")))
        .collect();
    let doc = json!({
        "tilejson": "3.0.0",
        "name": layer,
        "description": version.map(|v| format!("Cut from {v}")).unwrap_or_default(),
        "attribution": format!("{} — {}", protocol.jurisdiction.publisher, protocol.jurisdiction.licence.name),
        "tiles": [format!("{}/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt", base_url(&headers))],
        "minzoom": 0,
        "maxzoom": 16,
        "bounds": [w, s, e, n],
        "center": [(w + e) / 2.0, (s + n) / 2.0, 10],
        "vector_layers": [{ "id": layer, "fields": fields, "minzoom": 0, "maxzoom": 16 }],
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        doc.to_string(),
    )
        .into_response())
}

/// A PMTiles archive as a file, with byte ranges (what PMTiles readers ask for). Only
/// names `{layer}-v{n}.pmtiles` of a published version are served.
async fn get_archive(
    state: &AppState,
    file: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let missing = || {
        WebError::NotFound(format!(
            "no tile archive `{file}`; archives are named like projects-v3.pmtiles and are built by `disclose tiles`"
        ))
    };
    let (layer, version) = file
        .strip_suffix(".pmtiles")
        .and_then(|n| n.rsplit_once("-v"))
        .ok_or_else(missing)?;
    let version: u32 = version.parse().map_err(|_| missing())?;
    let snapshot = state.snapshot();
    let entry = snapshot
        .version(layer, version)
        .filter(|_| LAYERS.contains(&layer))
        .ok_or_else(missing)?;
    let path = state
        .tiles_dir()
        .map(|d| d.join(archive::file_name(layer, version, &entry.hash)))
        .filter(|p| p.exists())
        .ok_or_else(missing)?;
    super::files::serve_path(&path, "application/vnd.pmtiles", headers).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_off_the_grid_are_refused() {
        assert_eq!(address("0", "0", "0.mvt").unwrap(), (0, 0, 0));
        assert_eq!(address("12", "2470", "2064.mvt").unwrap(), (12, 2470, 2064));
        for (z, x, y) in [
            ("23", "0", "0.mvt"),
            ("2", "4", "0.mvt"),
            ("2", "0", "4.mvt"),
            ("2", "0", "1.png"),
            ("a", "0", "0.mvt"),
            ("2", "-1", "0.mvt"),
        ] {
            assert!(address(z, x, y).is_err(), "{z}/{x}/{y}");
        }
    }
}
