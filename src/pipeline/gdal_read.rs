//! GDAL reader (cargo feature `gdal`): Shapefile, GeoPackage, KML and any other vector
//! format GDAL opens, in any coordinate reference system, reprojected to WGS84
//! longitude/latitude order before anything else sees it.

use std::path::Path;

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::LayerAccess;
use geozero::ToGeo;

use super::PipelineError;
use super::geometry::SourceGeometry;

/// Text cells and a geometry (or why it is unusable) per feature.
pub type Features = (
    Vec<String>,
    Vec<(Vec<String>, Result<Option<SourceGeometry>, String>)>,
);

/// Reads one layer whole.
pub fn read_layer(path: &Path, layer: Option<&str>) -> Result<Features, PipelineError> {
    let unreadable = |message: String| PipelineError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let dataset =
        gdal::Dataset::open(path).map_err(|e| unreadable(format!("GDAL cannot open it: {e}")))?;
    let names: Vec<String> = dataset.layers().map(|l| l.name()).collect();
    let mut layer = match layer {
        Some(name) => dataset.layer_by_name(name).map_err(|_| {
            unreadable(format!(
                "no layer named `{name}`; the layers are: {}; set reader.layer",
                names.join(", ")
            ))
        })?,
        None => dataset
            .layer(0)
            .map_err(|_| unreadable("it has no layers".into()))?,
    };
    let headers: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let mut wgs84 = SpatialRef::from_epsg(4326).map_err(|e| unreadable(e.to_string()))?;
    wgs84.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let transform = match layer.spatial_ref() {
        Some(mut srs) => {
            srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
            Some(
                CoordTransform::new(&srs, &wgs84)
                    .map_err(|e| unreadable(format!("cannot reproject to WGS84: {e}")))?,
            )
        }
        None => None,
    };
    let mut rows = Vec::new();
    for feature in layer.features() {
        let cells = (0..headers.len())
            .map(|i| {
                feature
                    .field_as_string(i)
                    .ok()
                    .flatten()
                    .unwrap_or_default()
            })
            .collect();
        let geometry = match geometry(&feature) {
            None => Ok(None),
            Some(g) => {
                let projected = match &transform {
                    Some(t) => g
                        .transform(t)
                        .map_err(|e| format!("cannot reproject to WGS84: {e}")),
                    None => Ok(g.clone()),
                };
                projected.and_then(|g| {
                    let wkb = geozero::wkb::Wkb(
                        g.wkb().map_err(|e| format!("unreadable geometry: {e}"))?,
                    );
                    // GDAL keeps a ring a GeoPackage or GeoJSON left open; geo closes it, so
                    // which were open is noted first, for the geometry check.
                    let geometry = wkb
                        .to_geo()
                        .map_err(|e| format!("unreadable geometry: {e}"))?;
                    Ok(Some(SourceGeometry {
                        geometry,
                        open_rings: super::geometry::open_rings(&wkb),
                    }))
                })
            }
        };
        rows.push((cells, geometry));
    }
    Ok((headers, rows))
}

/// A feature's geometry, if it has one. (gdal 0.19 hands back a wrapper of a null
/// pointer for a feature without one; GDAL calls that type `wkbUnknown`, which no real
/// geometry has.)
pub fn geometry<'a>(feature: &'a gdal::vector::Feature<'_>) -> Option<&'a gdal::vector::Geometry> {
    feature
        .geometry()
        .filter(|g| g.geometry_type() != gdal::vector::OGRwkbGeometryType::wkbUnknown)
}
