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
    serde_json::from_slice(
        &std::fs::read(store.version_dir("wards", 1).join("data.geojson")).unwrap(),
    )
    .unwrap()
}

fn assert_back_in_wgs84(env: &Env) {
    let fc = published_wards(env);
    let ring = &fc["features"][0]["geometry"]["coordinates"][0];
    let expected = [
        [37.10, -1.70],
        [37.20, -1.70],
        [37.20, -1.60],
        [37.10, -1.60],
    ];
    let coords: Vec<[f64; 2]> = ring
        .as_array()
        .unwrap()
        .iter()
        .map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()])
        .collect();
    for e in expected {
        assert!(
            coords
                .iter()
                .any(|c| (c[0] - e[0]).abs() < 1e-6 && (c[1] - e[1]).abs() < 1e-6),
            "{e:?} not in {coords:?}"
        );
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
    assert!(
        issue.message.contains("GDAL cannot open it"),
        "{}",
        issue.message
    );
}

/// `ogrinfo -so -al` of a file: its layers and their feature counts, with the output.
fn ogrinfo(path: &str) -> (Vec<(String, u64)>, String) {
    let out = Command::new("ogrinfo")
        .args(["-so", "-al", "-ro", path])
        .output()
        .expect("ogrinfo (Debian's gdal-bin) is installed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ogrinfo {path} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut layers = Vec::new();
    let mut name = String::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Layer name: ") {
            name = n.to_string();
        } else if let Some(n) = line.strip_prefix("Feature Count: ") {
            layers.push((name.clone(), n.trim().parse().unwrap()));
        }
    }
    (layers, text)
}

#[test]
fn a_spatial_version_is_also_published_as_geopackage_shapefile_kml_and_flatgeobuf() {
    let env = Env::new();
    env.ingest_ok("wards-geojson", &[&fixture("wards.geojson")], None);
    let store = env.store();
    let entry = store.latest("wards").unwrap();
    let dir = store.version_dir("wards", 1);
    for (name, rows) in [
        ("data.gpkg", 2),
        ("data.fgb", 2),
        ("data.kml", 2),
        ("data.shp.zip", 2),
    ] {
        let record = entry
            .file(name)
            .unwrap_or_else(|| panic!("{name} is recorded in the ledger"));
        assert_eq!(record.rows, Some(rows), "{name}");
        let path = if name.ends_with(".zip") {
            format!("/vsizip/{}", dir.join(name).display())
        } else {
            dir.join(name).display().to_string()
        };
        let (layers, text) = ogrinfo(&path);
        assert_eq!(layers, [("wards".to_string(), rows)], "{name}: {text}");
        assert!(text.contains("code"), "{name} keeps the attributes: {text}");
        if name != "data.kml" {
            assert!(
                text.contains("population: Integer"),
                "{name} keeps the types: {text}"
            );
        }
    }
    let package: serde_json::Value =
        serde_json::from_slice(&store.read_file(entry, "datapackage.json").unwrap()).unwrap();
    let formats: Vec<&str> = package["disclose"]["other_formats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    for f in ["gpkg", "flatgeobuf", "kml", "shapefile"] {
        assert!(formats.contains(&f), "{f} in {formats:?}");
    }
    // Like every other file, an edited byte in a download is caught.
    let gpkg = dir.join("data.gpkg");
    let mut bytes = std::fs::read(&gpkg).unwrap();
    bytes[200] ^= 1;
    std::fs::write(&gpkg, bytes).unwrap();
    let out = env.cli(&["verify"]);
    assert!(!out.status.success());
    assert!(
        crate::support::stdout(&out).contains("data.gpkg")
            || crate::support::stderr(&out).contains("data.gpkg")
    );
}

#[test]
fn mixed_geometries_become_one_shapefile_per_type_and_rows_without_a_place_are_kept() {
    let env = Env::with_registers();
    let store = env.store();
    let entry = store
        .latest("projects")
        .expect("the registers publish projects");
    let dir = store.version_dir("projects", entry.version);
    let geojson: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("data.geojson")).unwrap()).unwrap();
    let features = geojson["features"].as_array().unwrap();
    for f in features {
        assert!(
            f["properties"].get("geometry").is_none(),
            "the geometry is never a property: {f}"
        );
    }
    let placed = features.iter().filter(|f| !f["geometry"].is_null()).count() as u64;
    let (layers, text) = ogrinfo(&format!("/vsizip/{}", dir.join("data.shp.zip").display()));
    assert_eq!(
        layers.iter().map(|(_, n)| n).sum::<u64>(),
        features.len() as u64,
        "{text}"
    );
    let mut types: Vec<&str> = features
        .iter()
        .filter_map(|f| f["geometry"]["type"].as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    assert!(
        types.len() >= 2,
        "the fixture mixes geometry types: {types:?}"
    );
    assert_eq!(
        layers.len(),
        types.len(),
        "one Shapefile per geometry type: {layers:?}"
    );
    assert!(
        layers.iter().all(|(name, _)| name.starts_with("projects_")),
        "{layers:?}"
    );
    let (gpkg, _) = ogrinfo(&dir.join("data.gpkg").display().to_string());
    assert_eq!(gpkg, [("projects".to_string(), features.len() as u64)]);
    let (fgb, _) = ogrinfo(&dir.join("data.fgb").display().to_string());
    assert_eq!(fgb, [("projects".to_string(), placed)]);
}
