//! The national map: `/map` (every county's current projects on the county site's
//! interactive map, filtered by county with `?county=`), and its vector tiles,
//! `/tiles/{layer}/{z}/{x}/{y}.mvt` with TileJSON at `/tiles/{layer}.json`, cut on
//! demand from every county's current harvested version (each tile kept once cut).
//! Tiles carry the county's code as the `county` attribute.

use std::collections::HashMap;

use super::super::tiles::{TileJson, tile_json};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::super::error::WebError;
use super::super::extract::{BaseUrl, Params};
use super::handlers::{Ctx, county_of};
use super::pages::MapPage;
use super::state::NationalState;
use crate::tiles::{TileAddress, TileSource, national_attributes};

/// The layers of the national map.
const LAYERS: [&str; 2] = ["projects", "wards"];

fn unknown_layer(layer: &str) -> WebError {
    WebError::NotFound(format!(
        "no tile layer `{layer}`; the layers are {}: TileJSON at /tiles/projects.json and /tiles/wards.json",
        LAYERS.join(", ")
    ))
}

/// `/map`, or `/map?county=901` for one county.
pub async fn get_map(ctx: Ctx, Params(params): Params) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let county = match params
        .get("county")
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        Some(code) => Some(county_of(&snapshot.catalog, code)?.code.clone()),
        None => None,
    };
    if let Some(other) = params
        .keys()
        .find(|k| !["county", "lang"].contains(&k.as_str()))
    {
        return Err(WebError::BadRequest(format!(
            "the map takes `county` (a county code) and nothing else, not `{other}`"
        )));
    }
    ctx.page(&MapPage {
        catalog: &snapshot.catalog,
        projects: &snapshot.projects.facts,
        county: county.as_deref(),
    })
}

/// A tile of a national layer: ETag from the national ledger head, `304` on a match,
/// `204` when empty.
pub async fn get_tile(
    State(state): State<NationalState>,
    Path((layer, z, x, y)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await;
    let source = snapshot
        .layer(&layer)
        .ok_or_else(|| unknown_layer(&layer))?;
    let at = TileAddress::parse(&z, &x, &y)?;
    let head = snapshot.catalog.head();
    let etag = format!(
        "\"{}-{layer}-{}-{}-{}\"",
        &head[..16.min(head.len())],
        at.z,
        at.x,
        at.y
    );
    let etag_header = [(header::ETAG, etag.clone())];
    if super::super::cache::is_fresh(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, etag_header).into_response());
    }
    let Some(tile) = source.source.tile(at).await? else {
        return Ok((StatusCode::NO_CONTENT, etag_header).into_response());
    };
    let mvt = (header::CONTENT_TYPE, "application/vnd.mapbox-vector-tile");
    let bytes = if tile.is_gzip() {
        tile.gunzipped()?
    } else {
        tile.bytes
    };
    Ok((etag_header, [mvt], bytes).into_response())
}

/// `/tiles/{layer}.json`: TileJSON 3.0 of a national layer.
pub async fn get_tile_json(
    State(state): State<NationalState>,
    Path(file): Path<String>,
    BaseUrl(base): BaseUrl,
) -> Result<Response, WebError> {
    let layer = file
        .strip_suffix(".json")
        .filter(|l| LAYERS.contains(l))
        .ok_or_else(|| unknown_layer(&file))?;
    let snapshot = state.snapshot().await;
    let facts = &snapshot
        .layer(layer)
        .ok_or_else(|| unknown_layer(layer))?
        .facts;
    let [w, s, e, n] = facts
        .bounds(None)
        .unwrap_or(state.protocol().jurisdiction.bbox);
    let cut_from: HashMap<&str, u32> = facts
        .versions
        .iter()
        .map(|(c, v)| (c.as_str(), *v))
        .collect();
    let mut versions: Vec<String> = cut_from
        .iter()
        .map(|(c, v)| format!("county {c} v{v}"))
        .collect();
    versions.sort();
    Ok(tile_json(&TileJson {
        base: &base,
        layer,
        attributes: national_attributes(layer),
        description: format!(
            "Cut from the current {layer} of every county: {}",
            versions.join(", ")
        ),
        attribution: format!(
            "Each county — {}",
            state.protocol().jurisdiction.licence.name
        ),
        bounds: [w, s, e, n],
        zoom: 7,
    }))
}
