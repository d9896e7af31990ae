//! Vector tiles of the map layers (`projects`, `wards`): cutting Mapbox Vector Tiles from
//! a version's features, and building whole pyramids into PMTiles archives
//! ([`archive`]). Plain types in, bytes out; only `web` knows about HTTP.
//!
//! Geometries are projected to Web Mercator once per version; a tile keeps the features
//! meeting it (plus a buffer), clipped to the buffer, simplified to about a pixel at its
//! zoom, with only the attributes the map needs. Below zoom 13, points are gathered on a
//! grid: one point per cell, carrying how many it stands for (`point_count`).

pub mod archive;

use std::collections::HashMap;

use geo::{BooleanOps, BoundingRect, Coord, Geometry, MapCoords, MultiLineString, MultiPolygon, Rect, Simplify};
use geozero::mvt::{Message, TagsBuilder, Tile, TileValue, tile};
use geozero::ToMvt;
use serde_json::Value;

/// The layers, each the latest version of a spatial register.
pub const LAYERS: [&str; 2] = ["projects", "wards"];
/// Attributes kept per layer.
pub fn attributes(layer: &str) -> &'static [&'static str] {
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

/// The features of a GeoJSON FeatureCollection, such as a version's `data.geojson`.
pub fn read_features(path: &std::path::Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut collection: Value = serde_json::from_slice(&text).map_err(|e| format!("{} is not GeoJSON: {e}", path.display()))?;
    match collection.get_mut("features").map(Value::take) {
        Some(Value::Array(features)) => Ok(features),
        _ => Err(format!("{} is not a FeatureCollection: it has no `features` array", path.display())),
    }
}

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
    /// The bounds of every feature, in Web Mercator.
    extent: Option<Rect>,
}

impl Projected {
    /// Projects GeoJSON features (`{"geometry": …, "properties": …}`), keeping the
    /// layer's attributes; features without a usable geometry are left out.
    pub fn new<'a>(layer: &str, features: impl IntoIterator<Item = &'a Value>) -> Self {
        let keep = attributes(layer);
        let features = features
            .into_iter()
            .filter_map(|f| {
                let geometry = f.get("geometry").filter(|g| !g.is_null())?;
                let geometry: Geometry = serde_json::from_value::<geojson::Geometry>(geometry.clone()).ok()?.try_into().ok()?;
                let projected = geometry.map_coords(mercator);
                let bounds = projected.bounding_rect()?;
                let properties = f.get("properties")?;
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
            .collect::<Vec<Drawn>>();
        let extent = features.iter().map(|(_, r, _)| *r).reduce(|a, b| Rect::new(Coord { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) }, Coord { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) }));
        Self { features, extent }
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// `[west, south, east, north]` in degrees.
    pub fn bounds_wgs84(&self) -> Option<[f64; 4]> {
        let e = self.extent?;
        let (sw, ne) = (unmercator(e.min()), unmercator(e.max()));
        Some([sw.x, sw.y, ne.x, ne.y])
    }
}

/// Web Mercator metres to WGS84 degrees.
fn unmercator(c: Coord) -> Coord {
    Coord { x: (c.x / 6_378_137.0).to_degrees(), y: (2.0 * (c.y / 6_378_137.0).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees() }
}

/// Every tile address of zoom `z` that the features' extent (with the tile buffer) meets.
pub fn tile_range(data: &Projected, z: u8) -> impl Iterator<Item = (u8, u32, u32)> {
    let n = 1u32 << z;
    let size = 2.0 * HALF_WORLD / f64::from(n);
    let pad = size * BUFFER;
    let last = f64::from(n - 1);
    let index = |v: f64| (v / size).floor().clamp(0.0, last) as u32;
    let (x0, x1, y0, y1) = match data.extent {
        Some(e) => (index(e.min().x - pad + HALF_WORLD), index(e.max().x + pad + HALF_WORLD), index(HALF_WORLD - e.max().y - pad), index(HALF_WORLD - e.min().y + pad)),
        None => (1, 0, 1, 0),
    };
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (z, x, y)))
}

/// The tile's bounds in Web Mercator metres.
pub fn tile_bounds(z: u8, x: u32, y: u32) -> Rect {
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


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_puts_the_tile_corners_where_tiles_say() {
        let b = tile_bounds(1, 1, 0);
        assert!((b.min().x).abs() < 1e-6 && (b.max().y - HALF_WORLD).abs() < 1e-3);
        let m = mercator(Coord { x: 180.0, y: 0.0 });
        assert!((m.x - HALF_WORLD).abs() < 1e-3 && m.y.abs() < 1e-6);
    }
}
