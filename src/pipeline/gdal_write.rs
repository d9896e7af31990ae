//! GDAL writers (cargo feature `gdal`): a spatial version also as GeoPackage, zipped
//! Shapefile, KML and FlatGeobuf, converted from the version's own `data.geojson` while
//! it is staged, so the ledger records them with their checksums like every other file.
//!
//! The bytes depend only on the rows and the publish time, so a version can be made
//! again bit for bit: GeoPackage takes its timestamps from the publish time
//! (`OGR_CURRENT_DATE`), and the Shapefile's parts are zipped in name order with a fixed
//! date. A Shapefile holds one geometry type, so a layer mixing points, lines and
//! polygons becomes one Shapefile per type (`projects_points.shp`, …) in the zip.
//!
//! [`export_in_crs`] makes a GeoPackage or zipped Shapefile of a published version in
//! another CRS (the jurisdiction's national grid) on request: derived from the
//! version's `data.geojson` through [`crate::geo_crs`], the same arithmetic as the OGC
//! API's `crs`, never recorded in the ledger; the published files stay as they are.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use gdal::cpl::CslStringList;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{
    Feature, FieldDefn, FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType,
    OGRwkbGeometryType,
};
use gdal::{Dataset, DriverManager};

use crate::geo_crs::Crs;
use crate::store::FileRecord;
use crate::store::hash_file;

/// The files written, with the GDAL driver behind each.
pub const FORMATS: [(&str, &str); 4] = [
    ("data.gpkg", "GPKG"),
    ("data.fgb", "FlatGeobuf"),
    ("data.kml", "KML"),
    ("data.shp.zip", "ESRI Shapefile"),
];

/// One feature read back from the GeoJSON.
struct Row {
    values: Vec<Option<FieldValue>>,
    geometry: Option<Geometry>,
}

/// The layer to copy: its fields and features.
struct Source {
    fields: Vec<(String, OGRFieldType::Type)>,
    rows: Vec<Row>,
}

/// Writes every format next to `data.geojson` in `dir`; `label` names the field shown
/// as each KML placemark's name.
pub fn export(
    dir: &Path,
    layer: &str,
    label: &str,
    published_at: &str,
) -> Result<Vec<FileRecord>, String> {
    gdal::config::set_thread_local_config_option("OGR_CURRENT_DATE", published_at)
        .map_err(|e| e.to_string())?;
    // GDAL reports laundered Shapefile names and the like as warnings on stderr; the
    // conversions below check every result themselves.
    gdal::config::set_error_handler(|_, _, _| {});
    let result = export_all(dir, layer, label, published_at);
    gdal::config::remove_error_handler();
    let _ = gdal::config::clear_thread_local_config_option("OGR_CURRENT_DATE");
    result
}

fn export_all(
    dir: &Path,
    layer: &str,
    label: &str,
    published_at: &str,
) -> Result<Vec<FileRecord>, String> {
    let source = read(&dir.join("data.geojson"))
        .map_err(|e| format!("cannot read data.geojson back through GDAL: {e}"))?;
    let mut records = Vec::new();
    for (name, driver) in FORMATS {
        let path = dir.join(name);
        let target = Target {
            driver,
            path: &path,
            layer,
            ty: OGRwkbGeometryType::wkbUnknown,
            epsg: 4326,
            dataset_options: &[],
            layer_options: &[],
        };
        let written = match driver {
            "ESRI Shapefile" => shapefile_zip(&source, dir, layer, &path, published_at, 4326),
            "KML" => Target {
                dataset_options: &[&format!("NameField={label}"), "DescriptionField="],
                ..target
            }
            .write(&source, |_| true, |_| None)
            .map_err(|e| e.to_string()),
            _ => target
                .write(&source, |_| true, |_| None)
                .map_err(|e| e.to_string()),
        };
        written.map_err(|e| format!("cannot write {name} ({driver}): {e}"))?;
        let (sha256, bytes) =
            hash_file(&path).map_err(|e| format!("cannot read {name} back: {e}"))?;
        File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| format!("cannot sync {name}: {e}"))?;
        let rows = count(&path).map_err(|e| format!("cannot open {name} again: {e}"))?;
        records.push(FileRecord {
            path: name.to_string(),
            sha256,
            bytes,
            rows: Some(rows),
        });
    }
    Ok(records)
}

/// Writes `file` (`data.gpkg` or `data.shp.zip`) of the version in `version_dir` with its
/// geometries in `crs`, as `out_dir/file`; the rows and fields are those of the
/// published file, and the bytes depend only on them and the publish time.
pub fn export_in_crs(
    version_dir: &Path,
    layer: &str,
    published_at: &str,
    file: &str,
    crs: &Crs,
    out_dir: &Path,
) -> Result<std::path::PathBuf, String> {
    let epsg = crs
        .epsg()
        .ok_or_else(|| format!("{} has no EPSG code", crs.code))?;
    let text = fs::read_to_string(version_dir.join("data.geojson"))
        .map_err(|e| format!("cannot read data.geojson: {e}"))?;
    let mut doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("data.geojson is not JSON: {e}"))?;
    for feature in doc["features"].as_array_mut().into_iter().flatten() {
        if let Some(g) = feature.get("geometry").filter(|g| g.is_object()) {
            feature["geometry"] = crs.project_geometry(g).map_err(|e| e.to_string())?;
        }
    }
    // GeoJSON 2008's CRS member, so that GDAL reads the coordinates as they are.
    doc["crs"] = serde_json::json!({ "type": "name", "properties": { "name": format!("urn:ogc:def:crs:EPSG::{epsg}") } });
    let projected = out_dir.join("projected.geojson");
    fs::write(&projected, doc.to_string()).map_err(|e| e.to_string())?;
    gdal::config::set_thread_local_config_option("OGR_CURRENT_DATE", published_at)
        .map_err(|e| e.to_string())?;
    gdal::config::set_error_handler(|_, _, _| {});
    let result = (|| {
        let source =
            read(&projected).map_err(|e| format!("cannot read the projected rows: {e}"))?;
        let path = out_dir.join(file);
        match file {
            "data.gpkg" => Target {
                driver: "GPKG",
                path: &path,
                layer,
                ty: OGRwkbGeometryType::wkbUnknown,
                epsg,
                dataset_options: &[],
                layer_options: &[],
            }
            .write(&source, |_| true, |_| None)
            .map_err(|e| e.to_string())?,
            "data.shp.zip" => shapefile_zip(&source, out_dir, layer, &path, published_at, epsg)?,
            other => return Err(format!("{other} cannot be made in another CRS")),
        }
        Ok(path)
    })();
    gdal::config::remove_error_handler();
    let _ = gdal::config::clear_thread_local_config_option("OGR_CURRENT_DATE");
    result
}

/// Features in every layer of a written file, as a reader will find them. FlatGeobuf
/// leaves out rows without a geometry: its spatial index needs a box for each.
fn count(path: &Path) -> gdal::errors::Result<u64> {
    let opened = if path.extension().is_some_and(|e| e == "zip") {
        Dataset::open(Path::new("/vsizip/").join(path))
    } else {
        Dataset::open(path)
    }?;
    Ok(opened.layers().map(|l| l.feature_count()).sum())
}

fn read(path: &Path) -> gdal::errors::Result<Source> {
    let dataset = Dataset::open(path)?;
    let mut layer = dataset.layer(0)?;
    let fields = layer
        .defn()
        .fields()
        .map(|f| (f.name(), f.field_type()))
        .collect();
    let rows = layer
        .features()
        .map(|f| Row {
            values: f.fields().map(|(_, v)| v).collect(),
            geometry: super::gdal_read::geometry(&f).cloned(),
        })
        .collect();
    Ok(Source { fields, rows })
}

/// One dataset of one layer to write.
struct Target<'a> {
    driver: &'a str,
    path: &'a Path,
    layer: &'a str,
    ty: OGRwkbGeometryType::Type,
    /// The layer's CRS.
    epsg: u32,
    dataset_options: &'a [&'a str],
    layer_options: &'a [&'a str],
}

impl Target<'_> {
    /// Writes the rows passing `keep`, text field `i` `width(i)` wide where given.
    fn write(
        &self,
        source: &Source,
        keep: impl Fn(&Row) -> bool,
        width: impl Fn(usize) -> Option<i32>,
    ) -> gdal::errors::Result<()> {
        let mut options = CslStringList::new();
        for option in self.dataset_options {
            options.add_string(option)?;
        }
        let driver = DriverManager::get_driver_by_name(self.driver)?;
        let mut out =
            driver.create_with_band_type_with_options::<u8, _>(self.path, 0, 0, 0, &options)?;
        if self.driver == "GPKG" {
            let mut transaction = out.start_transaction()?;
            self.fill(&mut transaction, source, keep, width)?;
            transaction.commit()
        } else {
            self.fill(&mut out, source, keep, width)
        }
    }

    fn fill(
        &self,
        out: &mut Dataset,
        source: &Source,
        keep: impl Fn(&Row) -> bool,
        width: impl Fn(usize) -> Option<i32>,
    ) -> gdal::errors::Result<()> {
        let mut srs = SpatialRef::from_epsg(self.epsg)?;
        srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
        let output = out.create_layer(LayerOptions {
            name: self.layer,
            srs: Some(&srs),
            ty: self.ty,
            options: Some(self.layer_options),
        })?;
        for (i, (name, field_type)) in source.fields.iter().enumerate() {
            let defn = FieldDefn::new(name, *field_type)?;
            if let Some(w) = width(i) {
                defn.set_width(w);
            }
            defn.add_to_layer(&output)?;
        }
        let defn = output.defn();
        for row in source.rows.iter().filter(|r| keep(r)) {
            let mut feature = Feature::new(defn)?;
            for (i, value) in row.values.iter().enumerate() {
                if let Some(v) = value {
                    feature.set_field(i, v)?;
                }
            }
            if let Some(g) = &row.geometry {
                feature.set_geometry(g.clone())?;
            }
            feature.create(&output)?;
        }
        Ok(())
    }
}

/// The Shapefile family of a geometry: a name suffix and the layer type.
fn family(g: &Geometry) -> Option<(&'static str, OGRwkbGeometryType::Type)> {
    match gdal::vector::geometry_type_flatten(g.geometry_type()) {
        OGRwkbGeometryType::wkbPoint => Some(("points", OGRwkbGeometryType::wkbPoint)),
        OGRwkbGeometryType::wkbMultiPoint => {
            Some(("multipoints", OGRwkbGeometryType::wkbMultiPoint))
        }
        // A Shapefile's arc and polygon types each hold the single and the multi form.
        OGRwkbGeometryType::wkbLineString | OGRwkbGeometryType::wkbMultiLineString => {
            Some(("lines", OGRwkbGeometryType::wkbLineString))
        }
        OGRwkbGeometryType::wkbPolygon | OGRwkbGeometryType::wkbMultiPolygon => {
            Some(("polygons", OGRwkbGeometryType::wkbPolygon))
        }
        _ => None,
    }
}

/// One Shapefile per geometry type present, zipped; rows without a geometry go, with a
/// null shape, into the first. Text fields are as wide as their longest value (up to
/// dBASE's 254) so nothing is cut short, and the dBASE header carries the publish date.
fn shapefile_zip(
    source: &Source,
    dir: &Path,
    layer: &str,
    path: &Path,
    published_at: &str,
    epsg: u32,
) -> Result<(), String> {
    let parts = dir.join(".shp");
    fs::create_dir_all(&parts).map_err(|e| e.to_string())?;
    let widths: Vec<Option<i32>> = (0..source.fields.len())
        .map(|i| {
            (source.fields[i].1 == OGRFieldType::OFTString).then(|| {
                let longest = source
                    .rows
                    .iter()
                    .filter_map(|r| r.values[i].clone()?.into_string())
                    .map(|s| s.len())
                    .max()
                    .unwrap_or(1);
                longest.clamp(1, 254) as i32
            })
        })
        .collect();
    let mut families: Vec<(&str, OGRwkbGeometryType::Type)> = source
        .rows
        .iter()
        .filter_map(|r| r.geometry.as_ref().and_then(family))
        .collect();
    families.sort_unstable();
    families.dedup();
    if families.is_empty() {
        families.push(("points", OGRwkbGeometryType::wkbPoint));
    }
    let dated = format!(
        "DBF_DATE_LAST_UPDATE={}",
        published_at.get(..10).unwrap_or(published_at)
    );
    let layer_options = [dated.as_str(), "ENCODING=UTF-8"];
    for (n, (suffix, ty)) in families.iter().enumerate() {
        let name = if families.len() == 1 {
            layer.to_string()
        } else {
            format!("{layer}_{suffix}")
        };
        let file = parts.join(format!("{name}.shp"));
        let keep = |r: &Row| match r.geometry.as_ref() {
            Some(g) => family(g).is_some_and(|(s, _)| s == *suffix),
            None => n == 0,
        };
        Target {
            driver: "ESRI Shapefile",
            path: &file,
            layer: &name,
            ty: *ty,
            epsg,
            dataset_options: &[],
            layer_options: &layer_options,
        }
        .write(source, keep, |i| widths[i])
        .map_err(|e| e.to_string())?;
    }
    let mut names: Vec<_> = fs::read_dir(&parts)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    let mut zip = zip::ZipWriter::new(File::create(path).map_err(|e| e.to_string())?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for name in names {
        zip.start_file(name.to_string_lossy(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(&fs::read(parts.join(&name)).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    fs::remove_dir_all(&parts).map_err(|e| e.to_string())
}
