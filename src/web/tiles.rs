//! Vector tiles over HTTP: `/tiles/{layer}/{z}/{x}/{y}.mvt` and TileJSON at
//! `/tiles/{layer}.json`, for the latest version of each layer. A tile comes from the
//! version's PMTiles archive under the tiles directory when `disclose tiles` has built
//! one (sent as stored, gzip), else it is cut on demand and kept (keyed by layer,
//! version and address). Answers carry an ETag from the version: `304` on a match, `204`
//! when empty, `400` for an address off the grid. The archives themselves are served at
//! `/tiles/{layer}-v{n}.pmtiles` with byte ranges, for PMTiles clients and for copying
//! (on disk their names also carry the version's hash; see [`crate::tiles::archive::file_name`]).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::WebError;
use super::extract::BaseUrl;
use super::state::AppState;
use crate::store::VersionRef;
use crate::tiles::{LAYERS, TileAddress, TileError, attributes};

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

/// A tile of the latest version of a layer, from the tile source the state picks
/// (archive or on-demand): ETag from the version, `304` on a match, `204` when empty,
/// gzip passed through to clients that take it.
pub async fn get_tile(
    State(state): State<AppState>,
    Path((layer, z, x, y)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if !LAYERS.contains(&layer.as_str()) {
        return Err(TileError::UnknownLayer { layer }.into());
    }
    let at = TileAddress::parse(&z, &x, &y)?;
    let snapshot = state.snapshot().await;
    let Some(entry) = snapshot.latest(&layer).cloned() else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let etag = format!("\"{}-{}-{}-{}\"", &entry.hash[..16], at.z, at.x, at.y);
    let etag_header = [(header::ETAG, etag.clone())];
    if super::cache::is_fresh(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, etag_header).into_response());
    }
    let tiles = state.tiles();
    let Some(tile) = tiles
        .tile(state.data_dir(), state.features(), &entry, at)
        .await?
    else {
        return Ok((StatusCode::NO_CONTENT, etag_header).into_response());
    };
    let mvt = (header::CONTENT_TYPE, "application/vnd.mapbox-vector-tile");
    if !tile.is_gzip() {
        return Ok((etag_header, [mvt], tile.bytes).into_response());
    }
    let vary = (header::VARY, "accept-encoding");
    Ok(if accepts_gzip(&headers) {
        (
            etag_header,
            [mvt, vary, (header::CONTENT_ENCODING, "gzip")],
            tile.bytes,
        )
            .into_response()
    } else {
        (etag_header, [mvt, vary], tile.gunzipped()?).into_response()
    })
}

/// `/tiles/{layer}.json` (TileJSON 3.0) or `/tiles/{layer}-v{n}.pmtiles` (an archive).
pub async fn get_tile_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    BaseUrl(base): BaseUrl,
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
    let snapshot = state.snapshot().await;
    let version = snapshot
        .latest(layer)
        .map(|e| format!("{} v{}", e.dataset, e.version));
    Ok(tile_json(&TileJson {
        base: &base,
        layer,
        attributes: attributes(layer),
        description: version.map(|v| format!("Cut from {v}")).unwrap_or_default(),
        attribution: format!(
            "{} — {}",
            protocol.jurisdiction.publisher, protocol.jurisdiction.licence.name
        ),
        bounds: [w, s, e, n],
        zoom: 10,
    }))
}

/// What a layer's TileJSON says that differs by site and layer.
pub(super) struct TileJson<'a> {
    /// The site's address, for the tiles' URL template.
    pub base: &'a str,
    pub layer: &'a str,
    /// The features' properties (all strings).
    pub attributes: &'a [&'a str],
    pub description: String,
    pub attribution: String,
    /// West, south, east, north.
    pub bounds: [f64; 4],
    /// The zoom of the centre a viewer opens at.
    pub zoom: u8,
}

/// A layer's TileJSON 3.0 document, tiles at `{base}/tiles/{layer}/{z}/{x}/{y}.mvt`, zoom 0
/// to 16.
pub(super) fn tile_json(t: &TileJson) -> Response {
    let [w, s, e, n] = t.bounds;
    let fields: serde_json::Map<String, Value> = t
        .attributes
        .iter()
        .map(|a| ((*a).to_string(), json!("String")))
        .collect();
    let layer = t.layer;
    let doc = json!({
        "tilejson": "3.0.0",
        "name": layer,
        "description": t.description,
        "attribution": t.attribution,
        "tiles": [format!("{}/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt", t.base)],
        "minzoom": 0,
        "maxzoom": 16,
        "bounds": [w, s, e, n],
        "center": [(w + e) / 2.0, (s + n) / 2.0, t.zoom],
        "vector_layers": [{ "id": layer, "fields": fields, "minzoom": 0, "maxzoom": 16 }],
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.to_string(),
    )
        .into_response()
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
    let snapshot = state.snapshot().await;
    let entry = snapshot
        .resolve(layer, VersionRef::Pinned(version))
        .ok()
        .filter(|_| LAYERS.contains(&layer))
        .ok_or_else(missing)?;
    let path = state.tiles().archive_path(entry).ok_or_else(missing)?;
    super::files::serve_path(&path, "application/vnd.pmtiles", headers).await
}
