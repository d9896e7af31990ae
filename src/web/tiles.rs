//! Vector tiles of the map layers (`projects`, `wards`) cut from their latest published
//! version: `/tiles/{layer}/{z}/{x}/{y}.mvt` and TileJSON at `/tiles/{layer}.json`.
//!
//! Geometries are projected to Web Mercator once per version; a tile keeps the
//! features meeting it (plus a buffer), clipped to the buffer, simplified to about a
//! pixel at its zoom, with only the attributes the map needs. Below zoom 13, points
//! are gathered on a grid: one point per cell, carrying how many it stands for. Tiles
//! are kept once cut (keyed by layer, version and address), answered with an ETag from
//! the version, `304` on a match, `204` when empty, `400` for an address off the grid.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use geo::{BooleanOps, BoundingRect, Coord, Geometry, MapCoords, MultiLineString, MultiPolygon, Rect, Simplify};
use geozero::mvt::{Message, TagsBuilder, Tile, TileValue, tile};
use geozero::ToMvt;
use serde_json::{Value, json};

use super::error::WebError;
use super::ogc::Indexed;
use super::routes::base_url;
use super::state::AppState;

/// The layers, each the latest version of a spatial register.
pub const LAYERS: [&str; 2] = ["projects", "wards"];
/// Attributes kept per layer.
fn attributes(layer: &str) -> &'static [&'static str] {
    match layer {
        "projects" => &["id", "title", "status", "sector", "ward", "fiscal_year"],
        _ => &["code", "name", "sub_county", "population"],
    }
}
const EXTENT: u32 = 4096;
const BUFFER: f64 = 64.0 / EXTENT as f64;
pub const MAX_ZOOM: u8 = 22;
/// Zooms below this gather points on a grid.
const CLUSTER_BELOW: u8 = 13;
const HALF_WORLD: f64 = 20_037_508.342_789_244;

/// WGS84 degrees to Web Mercator metres.
fn mercator(c: Coord) -> Coord {
    let lat = c.y.clamp(-85.051_128, 85.051_128).to_radians();
    Coord { x: c.x.to_radians() * 6_378_137.0, y: ((std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln()) * 6_378_137.0 }
}

/// One feature in Web Mercator, its bounds, and the attributes a tile carries.
type Drawn = (Geometry, Rect, Vec<(&'static str, TileValue)>);

/// A layer's features, projected.
#[derive(Debug)]
pub struct Projected {
    features: Vec<Drawn>,
}

impl Projected {
    pub fn new(layer: &str, features: &[Indexed]) -> Self {
        let keep = attributes(layer);
        let features = features
            .iter()
            .filter_map(|f| {
                let geometry = f.feature.get("geometry").filter(|g| !g.is_null())?;
                let geometry: Geometry = serde_json::from_value::<geojson::Geometry>(geometry.clone()).ok()?.try_into().ok()?;
                let projected = geometry.map_coords(mercator);
                let bounds = projected.bounding_rect()?;
                let properties = f.feature.get("properties")?;
                let tags = keep
                    .iter()
                    .filter_map(|k| match properties.get(*k)? {
                        Value::String(s) => Some((*k, TileValue::Str(s.clone()))),
                        Value::Number(n) => n.as_i64().map(TileValue::Int).or_else(|| n.as_f64().map(TileValue::Double)).map(|v| (*k, v)),
                        Value::Bool(b) => Some((*k, TileValue::Bool(*b))),
                        _ => None,
                    })
                    .collect();
                Some((projected, bounds, tags))
            })
            .collect();
        Self { features }
    }
}

/// The tile's bounds in Web Mercator metres.
fn tile_bounds(z: u8, x: u32, y: u32) -> Rect {
    let size = 2.0 * HALF_WORLD / f64::from(1u32 << z);
    let left = -HALF_WORLD + f64::from(x) * size;
    let top = HALF_WORLD - f64::from(y) * size;
    Rect::new(Coord { x: left, y: top - size }, Coord { x: left + size, y: top })
}

fn meets(a: &Rect, b: &Rect) -> bool {
    a.min().x <= b.max().x && a.max().x >= b.min().x && a.min().y <= b.max().y && a.max().y >= b.min().y
}

/// Cuts one tile; `None` when nothing falls in it.
pub fn cut(layer: &str, data: &Projected, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
    let bounds = tile_bounds(z, x, y);
    let size = bounds.width();
    let pad = size * BUFFER;
    let clip = Rect::new(Coord { x: bounds.min().x - pad, y: bounds.min().y - pad }, Coord { x: bounds.max().x + pad, y: bounds.max().y + pad });
    let clip_polygon = clip.to_polygon();
    let tolerance = size / f64::from(EXTENT);
    let mut features = Vec::new();
    let mut tags = TagsBuilder::new();
    let mut cells: HashMap<(i64, i64), usize> = HashMap::new();
    // How many points each feature stands for (more than one when gathered).
    let mut counts: Vec<u64> = Vec::new();
    for (geometry, rect, attributes) in data.features.iter().filter(|(_, r, _)| meets(r, &clip)) {
        let clipped: Geometry = match geometry {
            Geometry::Point(p) => {
                if z < CLUSTER_BELOW {
                    let cell = (((p.x() - bounds.min().x) / size * 64.0).floor() as i64, ((p.y() - bounds.min().y) / size * 64.0).floor() as i64);
                    if let Some(&at) = cells.get(&cell) {
                        counts[at] += 1;
                        continue;
                    }
                    cells.insert(cell, features.len());
                }
                Geometry::Point(*p)
            }
            Geometry::LineString(_) | Geometry::MultiLineString(_) => {
                let lines: MultiLineString = match geometry {
                    Geometry::LineString(l) => MultiLineString(vec![l.clone()]),
                    Geometry::MultiLineString(m) => m.clone(),
                    _ => unreachable!("matched above"),
                };
                let inside = clip_polygon.clip(&lines.simplify(tolerance), false);
                if inside.0.is_empty() {
                    continue;
                }
                Geometry::MultiLineString(inside)
            }
            Geometry::Polygon(_) | Geometry::MultiPolygon(_) => {
                let polygons: MultiPolygon = match geometry {
                    Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                    Geometry::MultiPolygon(m) => m.clone(),
                    _ => unreachable!("matched above"),
                };
                let simplified = polygons.simplify(tolerance);
                let inside = if rect.min().x >= clip.min().x && rect.max().x <= clip.max().x && rect.min().y >= clip.min().y && rect.max().y <= clip.max().y { simplified } else { simplified.intersection(&clip_polygon) };
                if inside.0.is_empty() {
                    continue;
                }
                Geometry::MultiPolygon(inside)
            }
            _ => continue,
        };
        let Ok(mut feature) = clipped.to_mvt(EXTENT, bounds.min().x, bounds.min().y, bounds.max().x, bounds.max().y) else { continue };
        if feature.geometry.is_empty() {
            continue;
        }
        for (key, value) in attributes {
            let (k, v) = tags.insert_ref(key, value.clone());
            feature.tags.extend([k, v]);
        }
        features.push(feature);
        counts.push(1);
    }
    if features.is_empty() {
        return None;
    }
    for (f, n) in features.iter_mut().zip(counts).filter(|(_, n)| *n > 1) {
        let (k, v) = tags.insert_ref("point_count", TileValue::Uint(n));
        f.tags.extend([k, v]);
    }
    let (keys, values) = tags.into_tags();
    let tile = Tile { layers: vec![tile::Layer { version: 2, name: layer.to_string(), features, keys, values: values.into_iter().map(Into::into).collect(), extent: Some(EXTENT) }] };
    Some(tile.encode_to_vec())
}

/// A tile: its layer, the version's ledger hash, z, x, y.
type TileKey = (String, String, u8, u32, u32);

/// Tiles already cut, by layer, version hash and address; emptied when full.
#[derive(Debug, Default)]
pub struct TileCache {
    tiles: Mutex<HashMap<TileKey, Option<Bytes>>>,
    layers: Mutex<HashMap<(String, String), Arc<Projected>>>,
}

const CACHED_TILES: usize = 20_000;

/// `{y}.mvt` → y; anything else is a bad address.
fn address(z: &str, x: &str, y: &str) -> Result<(u8, u32, u32), WebError> {
    let bad = || WebError::BadRequest(format!("/{z}/{x}/{y} is not a tile address: z from 0 to {MAX_ZOOM}, x and y from 0 to 2^z − 1, ending .mvt"));
    let y = y.strip_suffix(".mvt").ok_or_else(bad)?;
    let z: u8 = z.parse().ok().filter(|z| *z <= MAX_ZOOM).ok_or_else(bad)?;
    let n = 1u64 << z;
    let x: u32 = x.parse().ok().filter(|x| u64::from(*x) < n).ok_or_else(bad)?;
    let y: u32 = y.parse().ok().filter(|y| u64::from(*y) < n).ok_or_else(bad)?;
    Ok((z, x, y))
}

pub async fn get_tile(State(state): State<AppState>, Path((layer, z, x, y)): Path<(String, String, String, String)>, headers: HeaderMap) -> Result<Response, WebError> {
    if !LAYERS.contains(&layer.as_str()) {
        return Err(WebError::NotFound(format!("no tile layer `{layer}`; the layers are {}", LAYERS.join(", "))));
    }
    let (z, x, y) = address(&z, &x, &y)?;
    let snapshot = state.snapshot();
    let Some(entry) = snapshot.latest(&layer).cloned() else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let etag = format!("\"{}-{z}-{x}-{y}\"", &entry.hash[..16]);
    let cache_headers = [(header::ETAG, etag.clone()), (header::CACHE_CONTROL, "no-cache".to_string())];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == etag)) {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers).into_response());
    }
    let key = (layer.clone(), entry.hash.clone(), z, x, y);
    let cache = state.tiles();
    let cached = cache.tiles.lock().ok().and_then(|t| t.get(&key).cloned());
    let tile = match cached {
        Some(tile) => tile,
        None => {
            let projected = {
                let found = cache.layers.lock().ok().and_then(|l| l.get(&(layer.clone(), entry.hash.clone())).cloned());
                match found {
                    Some(p) => p,
                    None => {
                        let features = state.features(&entry).await.map_err(WebError::Internal)?;
                        let name = layer.clone();
                        let projected = Arc::new(tokio::task::spawn_blocking(move || Projected::new(&name, &features)).await.map_err(|e| WebError::Internal(e.to_string()))?);
                        if let Ok(mut layers) = cache.layers.lock() {
                            layers.retain(|(l, _), _| l != &layer);
                            layers.insert((layer.clone(), entry.hash.clone()), projected.clone());
                        }
                        projected
                    }
                }
            };
            let name = layer.clone();
            let tile = tokio::task::spawn_blocking(move || cut(&name, &projected, z, x, y).map(Bytes::from)).await.map_err(|e| WebError::Internal(e.to_string()))?;
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
        Some(bytes) => (cache_headers, [(header::CONTENT_TYPE, "application/vnd.mapbox-vector-tile")], bytes).into_response(),
    })
}

/// `/tiles/{layer}.json`: TileJSON 3.0.
pub async fn get_tilejson(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Result<Response, WebError> {
    let layer = file.strip_suffix(".json").filter(|l| LAYERS.contains(l)).ok_or_else(|| WebError::NotFound(format!("no tile layer `{file}`; TileJSON is at /tiles/projects.json and /tiles/wards.json")))?;
    let protocol = state.protocol();
    let [w, s, e, n] = protocol.jurisdiction.bbox;
    let snapshot = state.snapshot();
    let version = snapshot.latest(layer).map(|e| format!("{} v{}", e.dataset, e.version));
    let fields: serde_json::Map<String, Value> = attributes(layer).iter().map(|a| ((*a).to_string(), json!("String"))).collect();
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
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], doc.to_string()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_off_the_grid_are_refused() {
        assert_eq!(address("0", "0", "0.mvt").unwrap(), (0, 0, 0));
        assert_eq!(address("12", "2470", "2064.mvt").unwrap(), (12, 2470, 2064));
        for (z, x, y) in [("23", "0", "0.mvt"), ("2", "4", "0.mvt"), ("2", "0", "4.mvt"), ("2", "0", "1.png"), ("a", "0", "0.mvt"), ("2", "-1", "0.mvt")] {
            assert!(address(z, x, y).is_err(), "{z}/{x}/{y}");
        }
    }

    #[test]
    fn mercator_puts_the_tile_corners_where_tiles_say() {
        let b = tile_bounds(1, 1, 0);
        assert!((b.min().x).abs() < 1e-6 && (b.max().y - HALF_WORLD).abs() < 1e-3);
        let m = mercator(Coord { x: 180.0, y: 0.0 });
        assert!((m.x - HALF_WORLD).abs() < 1e-3 && m.y.abs() < 1e-6);
    }
}
