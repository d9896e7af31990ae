//! The national map's layers: the current version of every county's projects (from the
//! `projects-current.parquet` manifest) and wards, read from the harvested `data.geojson`
//! files, each feature tagged with its county's code, projected once for cutting vector
//! tiles ([`crate::tiles`]). Plain types; no HTTP.

use std::collections::BTreeMap;

use serde_json::Value;

use super::catalog::NationalCatalog;
use super::manifest;
use crate::tiles::{Projected, national_attributes};

/// What a national layer holds, county by county.
#[derive(Debug, Clone, Default)]
pub struct LayerFacts {
    /// `[west, south, east, north]` of each county's features, by code.
    pub bounds: BTreeMap<String, [f64; 4]>,
    /// Features per county, by code.
    pub counts: BTreeMap<String, usize>,
    /// The versions drawn: (county, version).
    pub versions: Vec<(String, u32)>,
}

impl LayerFacts {
    /// All counties' extent, `None` when nothing is drawn.
    pub fn bounds(&self, county: Option<&str>) -> Option<[f64; 4]> {
        match county {
            Some(code) => self.bounds.get(code).copied(),
            None => self.bounds.values().copied().reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            }),
        }
    }
}

/// Reads the layer `kind` (`projects` or `wards`): the manifest's current version of each
/// county, its `data.geojson` read one feature at a time: every county's features,
/// projected, and what they hold. A county whose current version has no GeoJSON is left
/// out (and logged).
pub fn layer(
    catalog: &NationalCatalog,
    kind: &str,
) -> Result<(Projected, LayerFacts), super::NationalError> {
    let path = catalog.root().join(super::manifest_name(kind));
    let rows = if path.exists() {
        manifest::read(&path)?
    } else {
        Vec::new()
    };
    let mut features: Vec<Value> = Vec::new();
    let mut bounds = BTreeMap::new();
    let mut counts = BTreeMap::new();
    let mut versions = Vec::new();
    for row in rows {
        let Some(version) = catalog
            .versions_of(&row.county, kind)
            .into_iter()
            .find(|v| v.entry.version == row.version)
        else {
            continue;
        };
        if version.entry.file("data.geojson").is_none() {
            tracing::warn!(county = %row.county, kind, version = row.version, "no data.geojson in the current version; left off the national map");
            continue;
        }
        let file = catalog.path(version, "data.geojson");
        let mut extent: Option<[f64; 4]> = None;
        let mut n = 0;
        crate::store::each_feature(&file, |mut f| {
            if let Some(props) = f.get_mut("properties").and_then(Value::as_object_mut) {
                props.insert("county".into(), Value::String(row.county.clone()));
            }
            if let Some(b) = f.get("geometry").and_then(geometry_bounds) {
                extent = Some(match extent {
                    Some(e) => [
                        e[0].min(b[0]),
                        e[1].min(b[1]),
                        e[2].max(b[2]),
                        e[3].max(b[3]),
                    ],
                    None => b,
                });
            }
            n += 1;
            features.push(f);
        })
        .map_err(|e| super::NationalError::Manifest {
            path: file.clone(),
            message: format!("cannot read its features ({e})"),
        })?;
        if let Some(e) = extent {
            bounds.insert(row.county.clone(), e);
        }
        counts.insert(row.county.clone(), n);
        versions.push((row.county, row.version));
    }
    let projected = Projected::keeping(national_attributes(kind), &features);
    Ok((
        projected,
        LayerFacts {
            bounds,
            counts,
            versions,
        },
    ))
}

/// The bounds of a GeoJSON geometry's positions, `[west, south, east, north]`.
fn geometry_bounds(geometry: &Value) -> Option<[f64; 4]> {
    fn walk(v: &Value, b: &mut Option<[f64; 4]>) {
        let Some(items) = v.as_array() else { return };
        if let [x, y, ..] = items.as_slice()
            && let (Some(x), Some(y)) = (x.as_f64(), y.as_f64())
        {
            *b = Some(match *b {
                Some(e) => [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)],
                None => [x, y, x, y],
            });
            return;
        }
        for item in items {
            walk(item, b);
        }
    }
    let mut b = None;
    walk(geometry.get("coordinates")?, &mut b);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_geometrys_bounds_cover_every_position() {
        let polygon = serde_json::json!({
            "type": "Polygon",
            "coordinates": [[[36.0, -1.0], [36.5, -1.2], [36.2, -0.5], [36.0, -1.0]]]
        });
        assert_eq!(geometry_bounds(&polygon), Some([36.0, -1.2, 36.5, -0.5]));
        let point = serde_json::json!({ "type": "Point", "coordinates": [37.1, 0.2] });
        assert_eq!(geometry_bounds(&point), Some([37.1, 0.2, 37.1, 0.2]));
        assert_eq!(
            geometry_bounds(&serde_json::json!({ "type": "Point" })),
            None
        );
    }
}
