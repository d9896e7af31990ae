//! Vector tiles of the map layers (`projects`, `wards`): cutting Mapbox Vector Tiles from
//! a version's features, and building whole pyramids into PMTiles archives
//! ([`archive`]). Plain types in, bytes out; only `web` knows about HTTP.
//!
//! Geometries are projected to Web Mercator once per version; a tile keeps the features
//! meeting it (plus a buffer), clipped to the buffer, simplified to about a pixel at its
//! zoom, with only the attributes the map needs. Below zoom 13, points, and lines and
//! areas smaller than two screen pixels, are gathered on a 64 × 64 grid: one point per
//! cell, carrying how many projects it stands for (`point_count`) and, when more than
//! one, no single project's id or title. A tile still over 50 KB compressed is cut
//! again gathering more, at any zoom, until it fits.

pub mod archive;
pub mod source;

pub use source::{TileAddress, TileError, TileSource, Tiles};

use std::collections::HashMap;

use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Geometry, MapCoords, MultiLineString, MultiPolygon,
    Rect, Simplify,
};
use geozero::ToMvt;
use geozero::mvt::{Message, TagsBuilder, Tile, TileValue, tile};
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

pub use crate::store::read_features;

/// WGS84 degrees to Web Mercator metres.
fn mercator(c: Coord) -> Coord {
    let lat = c.y.clamp(-85.051_128, 85.051_128).to_radians();
    Coord {
        x: c.x.to_radians() * 6_378_137.0,
        y: ((std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln()) * 6_378_137.0,
    }
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
                let geometry: Geometry =
                    serde_json::from_value::<geojson::Geometry>(geometry.clone())
                        .ok()?
                        .try_into()
                        .ok()?;
                let projected = geometry.map_coords(mercator);
                let bounds = projected.bounding_rect()?;
                let properties = f.get("properties")?;
                let tags = keep
                    .iter()
                    .filter_map(|k| match properties.get(*k)? {
                        Value::String(s) => Some((*k, TileValue::Str(s.clone()))),
                        Value::Number(n) => n
                            .as_i64()
                            .map(TileValue::Int)
                            .or_else(|| n.as_f64().map(TileValue::Double))
                            .map(|v| (*k, v)),
                        Value::Bool(b) => Some((*k, TileValue::Bool(*b))),
                        _ => None,
                    })
                    .collect();
                Some((projected, bounds, tags))
            })
            .collect::<Vec<Drawn>>();
        let extent = features.iter().map(|(_, r, _)| *r).reduce(|a, b| {
            Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        });
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
    Coord {
        x: (c.x / 6_378_137.0).to_degrees(),
        y: (2.0 * (c.y / 6_378_137.0).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
    }
}

/// Every tile address of zoom `z` that the features' extent (with the tile buffer) meets.
pub fn tile_range(data: &Projected, z: u8) -> impl Iterator<Item = (u8, u32, u32)> {
    let n = 1u32 << z;
    let size = 2.0 * HALF_WORLD / f64::from(n);
    let pad = size * BUFFER;
    let last = f64::from(n - 1);
    let index = |v: f64| (v / size).floor().clamp(0.0, last) as u32;
    let (x0, x1, y0, y1) = match data.extent {
        Some(e) => (
            index(e.min().x - pad + HALF_WORLD),
            index(e.max().x + pad + HALF_WORLD),
            index(HALF_WORLD - e.max().y - pad),
            index(HALF_WORLD - e.min().y + pad),
        ),
        None => (1, 0, 1, 0),
    };
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (z, x, y)))
}

/// The tile's bounds in Web Mercator metres.
pub fn tile_bounds(z: u8, x: u32, y: u32) -> Rect {
    let size = 2.0 * HALF_WORLD / f64::from(1u32 << z);
    let left = -HALF_WORLD + f64::from(x) * size;
    let top = HALF_WORLD - f64::from(y) * size;
    Rect::new(
        Coord {
            x: left,
            y: top - size,
        },
        Coord {
            x: left + size,
            y: top,
        },
    )
}

fn meets(a: &Rect, b: &Rect) -> bool {
    a.min().x <= b.max().x
        && a.max().x >= b.min().x
        && a.min().y <= b.max().y
        && a.max().y >= b.min().y
}

/// How much of a tile's detail to keep.
#[derive(Debug, Clone, Copy)]
struct Detail {
    /// Gather points (and lines and areas drawn as points) on a grid this many cells a side.
    grid: Option<f64>,
    /// Lines and areas less than this many screen pixels across are drawn as points.
    tiny_pixels: f64,
}

/// From most detail to least. Low zooms start at the second; a tile over the budget is
/// cut again with the next, until it fits.
const DETAILS: [Detail; 5] = [
    Detail {
        grid: None,
        tiny_pixels: 0.0,
    },
    Detail {
        grid: Some(64.0),
        tiny_pixels: 2.0,
    },
    Detail {
        grid: Some(64.0),
        tiny_pixels: 16.0,
    },
    Detail {
        grid: Some(32.0),
        tiny_pixels: f64::INFINITY,
    },
    Detail {
        grid: Some(16.0),
        tiny_pixels: f64::INFINITY,
    },
];

/// The most a tile may weigh, gzip-compressed.
pub const TILE_BUDGET: usize = 50 * 1024;

/// Cuts one tile; `None` when nothing falls in it. Below zoom 13 points are gathered;
/// at any zoom, a tile heavier than [`TILE_BUDGET`] compressed is cut again with less
/// detail (more gathered), so dense places stay light on a phone.
pub fn cut(layer: &str, data: &Projected, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
    cut_both(layer, data, z, x, y).map(|(raw, _)| raw)
}

/// [`cut`], gzip-compressed (as PMTiles archives store tiles).
pub fn cut_gzip(layer: &str, data: &Projected, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
    cut_both(layer, data, z, x, y).map(|(_, gzipped)| gzipped)
}

fn cut_both(layer: &str, data: &Projected, z: u8, x: u32, y: u32) -> Option<(Vec<u8>, Vec<u8>)> {
    let first = usize::from(z < CLUSTER_BELOW);
    let mut tile = None;
    for detail in &DETAILS[first..] {
        let raw = cut_with(layer, data, z, x, y, *detail)?;
        let gzipped = gzip(&raw);
        let fits = gzipped.len() <= TILE_BUDGET;
        tile = Some((raw, gzipped));
        if fits {
            break;
        }
    }
    tile
}

/// Gzip at the default level with a zeroed header time, so equal tiles give equal bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn cut_with(
    layer: &str,
    data: &Projected,
    z: u8,
    x: u32,
    y: u32,
    detail: Detail,
) -> Option<Vec<u8>> {
    let bounds = tile_bounds(z, x, y);
    let size = bounds.width();
    let pad = size * BUFFER;
    let clip = Rect::new(
        Coord {
            x: bounds.min().x - pad,
            y: bounds.min().y - pad,
        },
        Coord {
            x: bounds.max().x + pad,
            y: bounds.max().y + pad,
        },
    );
    let clip_polygon = clip.to_polygon();
    let tolerance = size / f64::from(EXTENT);
    // A screen pixel at this zoom (tiles show 256 pixels wide).
    let pixel = size / 256.0;
    let mut features = Vec::new();
    let mut kept: Vec<&[(&'static str, TileValue)]> = Vec::new();
    let mut cells: HashMap<(i64, i64), usize> = HashMap::new();
    // How many projects each feature stands for (more than one when gathered).
    let mut counts: Vec<u64> = Vec::new();
    for (geometry, rect, attributes) in data.features.iter().filter(|(_, r, _)| meets(r, &clip)) {
        let tiny =
            rect.width() < detail.tiny_pixels * pixel && rect.height() < detail.tiny_pixels * pixel;
        let clipped: Geometry = match (geometry, detail.grid) {
            (
                Geometry::Point(_)
                | Geometry::LineString(_)
                | Geometry::MultiLineString(_)
                | Geometry::Polygon(_)
                | Geometry::MultiPolygon(_),
                Some(grid),
            ) if tiny || matches!(geometry, Geometry::Point(_)) => {
                let at = rect.center();
                if !clip.contains(&at) {
                    continue;
                }
                let cell = (
                    ((at.x - bounds.min().x) / size * grid).floor() as i64,
                    ((at.y - bounds.min().y) / size * grid).floor() as i64,
                );
                if let Some(&first) = cells.get(&cell) {
                    counts[first] += 1;
                    continue;
                }
                cells.insert(cell, features.len());
                Geometry::Point(at.into())
            }
            (Geometry::Point(p), _) => Geometry::Point(*p),
            (Geometry::LineString(_) | Geometry::MultiLineString(_), _) => {
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
            (Geometry::Polygon(_) | Geometry::MultiPolygon(_), _) => {
                let polygons: MultiPolygon = match geometry {
                    Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                    Geometry::MultiPolygon(m) => m.clone(),
                    _ => unreachable!("matched above"),
                };
                let simplified = polygons.simplify(tolerance);
                let inside = if rect.min().x >= clip.min().x
                    && rect.max().x <= clip.max().x
                    && rect.min().y >= clip.min().y
                    && rect.max().y <= clip.max().y
                {
                    simplified
                } else {
                    simplified.intersection(&clip_polygon)
                };
                if inside.0.is_empty() {
                    continue;
                }
                Geometry::MultiPolygon(inside)
            }
            _ => continue,
        };
        let Ok(feature) = clipped.to_mvt(
            EXTENT,
            bounds.min().x,
            bounds.min().y,
            bounds.max().x,
            bounds.max().y,
        ) else {
            continue;
        };
        if feature.geometry.is_empty() {
            continue;
        }
        features.push(feature);
        kept.push(attributes);
        counts.push(1);
    }
    if features.is_empty() {
        return None;
    }
    // A gathered point stands for many projects: it keeps what the map colours and
    // filters by, and how many it stands for, but no one project's id or title.
    let mut tags = TagsBuilder::new();
    for ((feature, attributes), n) in features.iter_mut().zip(kept).zip(counts) {
        for (key, value) in attributes
            .iter()
            .filter(|(k, _)| n == 1 || !matches!(*k, "id" | "title"))
        {
            let (k, v) = tags.insert_ref(key, value.clone());
            feature.tags.extend([k, v]);
        }
        if n > 1 {
            let (k, v) = tags.insert_ref("point_count", TileValue::Uint(n));
            feature.tags.extend([k, v]);
        }
    }
    let (keys, values) = tags.into_tags();
    let tile = Tile {
        layers: vec![tile::Layer {
            version: 2,
            name: layer.to_string(),
            features,
            keys,
            values: values.into_iter().map(Into::into).collect(),
            extent: Some(EXTENT),
        }],
    };
    Some(tile.encode_to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(id: &str, geometry: Value) -> Value {
        serde_json::json!({ "type": "Feature", "geometry": geometry, "properties": { "id": id, "title": format!("Project {id}"), "status": "implementation", "sector": "roads", "ward": "W-01", "fiscal_year": "2025-26" } })
    }

    /// Each feature of the tile: its geometry type (1 point, 2 line, 3 polygon) and tags.
    fn decoded(tile: &[u8]) -> Vec<(i32, HashMap<String, String>)> {
        let tile = Tile::decode(tile).unwrap();
        let layer = &tile.layers[0];
        let value = |v: &tile::Value| {
            v.string_value
                .clone()
                .or(v.uint_value.map(|u| u.to_string()))
                .unwrap_or_default()
        };
        layer
            .features
            .iter()
            .map(|f| {
                (
                    f.r#type.unwrap_or(0),
                    f.tags
                        .chunks(2)
                        .map(|kv| {
                            (
                                layer.keys[kv[0] as usize].clone(),
                                value(&layer.values[kv[1] as usize]),
                            )
                        })
                        .collect(),
                )
            })
            .collect()
    }

    fn tile_at(lon: f64, lat: f64, z: u8) -> (u32, u32) {
        let m = mercator(Coord { x: lon, y: lat });
        let size = 2.0 * HALF_WORLD / f64::from(1u32 << z);
        (
            ((m.x + HALF_WORLD) / size) as u32,
            ((HALF_WORLD - m.y) / size) as u32,
        )
    }

    #[test]
    fn low_zooms_gather_points_and_tiny_lines_without_any_one_title_and_high_zooms_keep_each() {
        let features = [
            feature(
                "A",
                serde_json::json!({ "type": "Point", "coordinates": [37.30001, -1.40001] }),
            ),
            feature(
                "B",
                serde_json::json!({ "type": "Point", "coordinates": [37.30002, -1.40002] }),
            ),
            feature(
                "C",
                serde_json::json!({ "type": "LineString", "coordinates": [[37.30003, -1.40003], [37.30005, -1.40004]] }),
            ),
            feature(
                "D",
                serde_json::json!({ "type": "LineString", "coordinates": [[37.0, -1.5], [37.6, -1.3]] }),
            ),
        ];
        let data = Projected::new("projects", &features);
        let (x, y) = tile_at(37.30002, -1.40002, 10);
        let low = decoded(&cut("projects", &data, 10, x, y).unwrap());
        let gathered: Vec<_> = low
            .iter()
            .filter(|(_, t)| t.contains_key("point_count"))
            .collect();
        assert_eq!(gathered.len(), 1, "{low:?}");
        assert_eq!(
            (gathered[0].0, gathered[0].1["point_count"].as_str()),
            (1, "3"),
            "two points and a tiny road as one point"
        );
        assert!(!gathered[0].1.contains_key("title") && !gathered[0].1.contains_key("id"));
        assert_eq!(
            gathered[0].1["status"], "implementation",
            "what the map colours by is kept"
        );
        let long = low
            .iter()
            .find(|(_, t)| t.get("id").map(String::as_str) == Some("D"))
            .expect("the long road stays a line");
        assert_eq!(long.0, 2);
        let (x, y) = tile_at(37.30002, -1.40002, 16);
        let high = decoded(&cut("projects", &data, 16, x, y).unwrap());
        let mut ids: Vec<&str> = high
            .iter()
            .filter_map(|(_, t)| t.get("id").map(String::as_str))
            .collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            ["A", "B", "C", "D"],
            "at street level each project is its own feature (the long road passes through)"
        );
        assert!(high.iter().all(|(_, t)| !t.contains_key("point_count")));
        let (x, y) = tile_at(0.0, 51.5, 10);
        assert!(
            cut("projects", &data, 10, x, y).is_none(),
            "nothing in London"
        );
    }

    #[test]
    fn dense_places_stay_under_the_budget_at_every_zoom() {
        // 30,000 projects within about 5 km: points, and roads of a few hundred metres.
        let mut features = Vec::new();
        for i in 0..30_000u32 {
            let (dx, dy) = (f64::from(i % 173) * 0.00026, f64::from(i / 173) * 0.00026);
            let (x, y) = (37.3 + dx, -1.42 + dy);
            let geometry = if i % 3 == 0 {
                serde_json::json!({ "type": "LineString", "coordinates": [[x, y], [x + 0.003, y + 0.002], [x + 0.004, y - 0.001]] })
            } else {
                serde_json::json!({ "type": "Point", "coordinates": [x, y] })
            };
            features.push(feature(&format!("P{i:05}"), geometry));
        }
        let data = Projected::new("projects", &features);
        let mut cut_any = 0;
        for z in [4u8, 8, 10, 12, 13, 14] {
            for (z, x, y) in tile_range(&data, z) {
                if let Some(tile) = cut_gzip("projects", &data, z, x, y) {
                    assert!(
                        tile.len() <= TILE_BUDGET,
                        "{z}/{x}/{y} is {} bytes",
                        tile.len()
                    );
                    cut_any += 1;
                }
            }
        }
        assert!(cut_any > 10);
    }

    #[test]
    fn mercator_puts_the_tile_corners_where_tiles_say() {
        let b = tile_bounds(1, 1, 0);
        assert!((b.min().x).abs() < 1e-6 && (b.max().y - HALF_WORLD).abs() < 1e-3);
        let m = mercator(Coord { x: 180.0, y: 0.0 });
        assert!((m.x - HALF_WORLD).abs() < 1e-3 && m.y.abs() < 1e-6);
    }
}
