//! Maps drawn on the server: features as SVG paths in a box of a given width, for the
//! project, ward and county maps and the printed packs.

use serde_json::Value;

/// Draws features as SVG in a box `width` wide, in an equirectangular projection of
/// `bbox` scaled for its latitude. Coordinates are rounded to the pixel (a tenth of one
/// on small maps) and lines simplified to a pixel (Ramer–Douglas–Peucker, `geo`),
/// so a county map stays a few kilobytes however detailed its boundaries: a surveyed
/// ward of 20,000 vertices draws in a few dozen.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    bbox: [f64; 4],
    /// Pixels per degree of latitude; a degree of longitude is `kx` of that.
    scale: f64,
    kx: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    pub fn new(bbox: [f64; 4], width: f64) -> Self {
        let [w, s, e, n] = bbox;
        let kx = ((s + n) / 2.0).to_radians().cos().max(0.1);
        let scale = width / ((e - w) * kx).max(1e-9);
        Self {
            bbox,
            scale,
            kx,
            width,
            height: ((n - s) * scale).round(),
        }
    }

    /// A square box around `inner`, with room around it, at least about a kilometre.
    pub fn around(inner: [f64; 4], width: f64) -> Self {
        let [w, s, e, n] = inner;
        let span = (e - w).max(n - s).max(0.01) * 0.6;
        let (cx, cy) = ((w + e) / 2.0, (s + n) / 2.0);
        Self::new([cx - span, cy - span, cx + span, cy + span], width)
    }

    /// Whole pixels on a map wider than 400 pixels, tenths on smaller ones.
    fn round(&self, v: f64) -> f64 {
        if self.width > 400.0 {
            v.round()
        } else {
            (v * 10.0).round() / 10.0
        }
    }

    /// A position on the map, unrounded.
    fn exact(&self, p: &Value) -> Option<(f64, f64)> {
        let (x, y) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
        Some((
            (x - self.bbox[0]) * self.kx * self.scale,
            (self.bbox[3] - y) * self.scale,
        ))
    }

    fn xy(&self, p: &Value) -> Option<(f64, f64)> {
        self.exact(p).map(|(x, y)| (self.round(x), self.round(y)))
    }

    /// The points of a line or ring on the map: projected, simplified to a pixel (a tenth
    /// on small maps, whose coordinates are in tenths), then rounded, without repeats.
    fn points(&self, line: &Value) -> Vec<(f64, f64)> {
        use geo::Simplify;
        let exact: Vec<(f64, f64)> = line
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| self.exact(p))
            .collect();
        let tolerance = if self.width > 400.0 { 1.0 } else { 0.1 };
        let simple = if exact.len() > 3 {
            geo::LineString::from(exact)
                .simplify(tolerance)
                .0
                .into_iter()
                .map(|c| (c.x, c.y))
                .collect()
        } else {
            exact
        };
        let mut pts: Vec<(f64, f64)> = Vec::with_capacity(simple.len());
        for (x, y) in simple {
            let p = (self.round(x), self.round(y));
            if pts.last() != Some(&p) {
                pts.push(p);
            }
        }
        pts
    }

    /// SVG path data for a line: `M x y x y …` (the points after the first are lines).
    fn path(pts: &[(f64, f64)]) -> String {
        let mut d = String::with_capacity(pts.len() * 8);
        for (i, (x, y)) in pts.iter().enumerate() {
            d.push_str(if i == 0 { "M" } else { " " });
            d.push_str(&format!("{x} {y}"));
        }
        d
    }

    fn ring(&self, ring: &Value) -> String {
        Self::path(&self.points(ring))
    }

    /// A polygon's rings as path data, dropping rings smaller than a pixel (a closed
    /// ring needs three distinct points and a fourth to close it).
    fn rings<'a>(&self, rings: impl Iterator<Item = &'a Value>) -> String {
        rings
            .map(|r| self.points(r))
            .filter(|pts| pts.len() >= 4)
            .map(|pts| Self::path(&pts) + "Z")
            .collect()
    }

    /// An SVG element for a GeoJSON geometry (`None` without one), of `class` (none when
    /// empty: inside a group of that class, which saves bytes on a map of many shapes).
    pub fn shape(&self, geometry: &Value, class: &str, title: &str) -> Option<String> {
        let coords = geometry.get("coordinates")?;
        let title = maud::html! { title { (title) } }.into_string();
        // No class: the shape takes its colours from the group it is drawn in.
        let class_attr = |extra: &str| match (class, extra) {
            ("", "") => String::new(),
            ("", e) => format!(r#" class="{e}""#),
            (c, "") => format!(r#" class="{c}""#),
            (c, e) => format!(r#" class="{c} {e}""#),
        };
        let plain = class_attr("");
        Some(match geometry.get("type")?.as_str()? {
            "Point" => {
                let (x, y) = self.xy(coords)?;
                // About 2 % of the map's width: 6 px on a phone's county map.
                let r = (self.width / 50.0).clamp(4.0, 14.0).round();
                format!(r#"<circle{plain} cx="{x}" cy="{y}" r="{r}">{title}</circle>"#)
            }
            "LineString" => format!(
                r#"<path{} d="{}">{title}</path>"#,
                class_attr("line"),
                self.ring(coords)
            ),
            "Polygon" => {
                let d = self.rings(coords.as_array()?.iter());
                if d.is_empty() {
                    return None;
                }
                format!(r#"<path{plain} d="{d}">{title}</path>"#)
            }
            "MultiPolygon" => {
                let d = self.rings(
                    coords
                        .as_array()?
                        .iter()
                        .flat_map(|p| p.as_array().into_iter().flatten()),
                );
                if d.is_empty() {
                    return None;
                }
                format!(r#"<path{plain} d="{d}">{title}</path>"#)
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ward of `n` vertices: a wobbly circle of radius 0.1° around (37.3, -1.4).
    fn detailed_ward(n: usize) -> Value {
        let ring: Vec<Value> = (0..=n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.1 + 0.002 * (a * 40.0).sin() + 0.0005 * (a * 997.0).sin();
                serde_json::json!([37.3 + r * a.cos(), -1.4 + r * a.sin()])
            })
            .collect();
        serde_json::json!({"type": "Polygon", "coordinates": [ring]})
    }

    #[test]
    fn a_detailed_boundary_draws_in_a_few_hundred_points_and_keeps_its_extent() {
        let map = Projection::new([37.05, -1.75, 37.65, -1.15], 640.0);
        let ward = detailed_ward(50_000);
        let svg = map.shape(&ward, "ward", "Kisima").unwrap();
        let points = svg.matches(' ').count() / 2;
        assert!(svg.len() < 12_000, "{} bytes, {points} points", svg.len());
        // Its extent on the map is the same, to the pixel.
        let numbers: Vec<f64> = svg
            .split(['"', 'M', 'Z', ' '])
            .filter_map(|t| t.parse().ok())
            .collect();
        let xs: Vec<f64> = numbers.iter().step_by(2).copied().collect();
        let (lo, hi) = (
            xs.iter().copied().fold(f64::INFINITY, f64::min),
            xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let lons: Vec<f64> = ward["coordinates"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_f64().unwrap())
            .collect();
        let x = |lon: f64| (lon - 37.05) * map.kx * map.scale;
        let (west, east) = (
            x(lons.iter().copied().fold(f64::INFINITY, f64::min)),
            x(lons.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        );
        assert!(
            (lo - west).abs() <= 1.5 && (hi - east).abs() <= 1.5,
            "{lo} {hi} against {west} {east}"
        );
    }

    #[test]
    fn a_ring_smaller_than_a_pixel_is_left_out_and_a_shape_of_only_those_is_none() {
        let map = Projection::new([37.05, -1.75, 37.65, -1.15], 640.0);
        let speck = serde_json::json!({"type": "Polygon", "coordinates": [[
            [37.3, -1.4], [37.30001, -1.4], [37.30001, -1.40001], [37.3, -1.4]
        ]]});
        assert_eq!(map.shape(&speck, "ward", "speck"), None);
        let with_island = serde_json::json!({"type": "MultiPolygon", "coordinates": [
            detailed_ward(100)["coordinates"].clone(),
            speck["coordinates"].clone()
        ]});
        let svg = map.shape(&with_island, "ward", "w").unwrap();
        assert_eq!(svg.matches('Z').count(), 1, "{svg}");
    }
}
