//! GDAL import (feature `gdal`): Shapefile, GeoPackage and KML in a projected CRS are
//! reprojected to WGS84. The test layers are made with Debian's `ogr2ogr` (gdal-bin).

use std::process::Command;

use crate::support::{Env, fixture};

/// Converts the wards fixture to `driver` in `srs` with ogr2ogr.
fn convert(env: &Env, driver: &str, ext: &str, srs: &str) -> std::path::PathBuf {
    let out = env.dir.path().join(format!("wards.{ext}"));
    let status = Command::new("ogr2ogr")
        .args(["-f", driver, "-t_srs", srs])
        .arg(&out)
        .arg(fixture("wards.geojson"))
        .status()
        .expect("ogr2ogr (Debian's gdal-bin) is installed");
    assert!(status.success(), "ogr2ogr failed for {driver}");
    out
}

fn published_wards(env: &Env) -> serde_json::Value {
    let store = env.store();
    serde_json::from_slice(&std::fs::read(store.version_dir("wards", 1).join("data.geojson")).unwrap()).unwrap()
}

fn assert_back_in_wgs84(env: &Env) {
    let fc = published_wards(env);
    let ring = &fc["features"][0]["geometry"]["coordinates"][0];
    let expected = [[37.10, -1.70], [37.20, -1.70], [37.20, -1.60], [37.10, -1.60]];
    let coords: Vec<[f64; 2]> = ring.as_array().unwrap().iter().map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()]).collect();
    for e in expected {
        assert!(coords.iter().any(|c| (c[0] - e[0]).abs() < 1e-6 && (c[1] - e[1]).abs() < 1e-6), "{e:?} not in {coords:?}");
    }
    assert_eq!(fc["features"][0]["properties"]["code"], "MLM-01");
    assert_eq!(fc["features"][1]["properties"]["population"], 28950);
}

#[test]
fn a_shapefile_in_arc_1960_utm_37s_is_reprojected_to_wgs84() {
    let env = Env::new();
    let shp = convert(&env, "ESRI Shapefile", "shp", "EPSG:21037");
    env.ingest_ok("wards-gdal", &[&shp], None);
    assert_back_in_wgs84(&env);
}

#[test]
fn a_geopackage_in_ghana_meter_grid_is_reprojected_to_wgs84() {
    let env = Env::new();
    let gpkg = convert(&env, "GPKG", "gpkg", "EPSG:2136");
    env.ingest_ok("wards-gdal", &[&gpkg], None);
    assert_back_in_wgs84(&env);
}

#[test]
fn a_kml_file_is_read() {
    let env = Env::new();
    let kml = convert(&env, "KML", "kml", "EPSG:4326");
    env.ingest_ok("wards-gdal", &[&kml], None);
    assert_back_in_wgs84(&env);
}

#[test]
fn a_file_gdal_cannot_open_is_a_located_error() {
    let env = Env::new();
    let junk = env.write("wards.shp", "not a shapefile");
    let report = env.ingest("wards-gdal", &[&junk], None);
    let issue = crate::support::rejected_with(&report, "unreadable");
    assert!(issue.message.contains("GDAL cannot open it"), "{}", issue.message);
}
