//! Maps drawn on the server: features as SVG paths in a box of a given width, for the
//! project, ward and county maps and the printed packs.

use serde_json::Value;

/// Draws features as SVG in a box `width` wide, in an equirectangular projection of
/// `bbox` scaled for its latitude. Coordinates are rounded to the pixel (a tenth of one
/// on small maps), so a county map stays a few kilobytes.
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

    fn xy(&self, p: &Value) -> Option<(f64, f64)> {
        let (x, y) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
        // Whole pixels on a map wider than 400 pixels, tenths on smaller ones.
        let round = |v: f64| {
            if self.width > 400.0 {
                v.round()
            } else {
                (v * 10.0).round() / 10.0
            }
        };
        Some((
            round((x - self.bbox[0]) * self.kx * self.scale),
            round((self.bbox[3] - y) * self.scale),
        ))
    }

    fn ring(&self, ring: &Value) -> String {
        let mut d = String::new();
        for (i, p) in ring
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| self.xy(p))
            .enumerate()
        {
            d.push_str(&format!(
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                p.0,
                p.1
            ));
        }
        d
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
            "Polygon" => format!(
                r#"<path{plain} d="{}Z">{title}</path>"#,
                coords
                    .as_array()?
                    .iter()
                    .map(|r| self.ring(r))
                    .collect::<Vec<_>>()
                    .join("Z")
            ),
            "MultiPolygon" => format!(
                r#"<path{plain} d="{}Z">{title}</path>"#,
                coords
                    .as_array()?
                    .iter()
                    .flat_map(|p| p.as_array().into_iter().flatten())
                    .map(|r| self.ring(r))
                    .collect::<Vec<_>>()
                    .join("Z")
            ),
            _ => return None,
        })
    }
}
