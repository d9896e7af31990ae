//! Geometry repair: a pipeline with `[geometry] repair = true` publishes a real boundary
//! file with invalid polygons (Kenya's provinces from Natural Earth, with defects put in:
//! see tests/fixtures/README.md), every repair a warning naming the feature and what
//! changed; without it the same file is refused with located errors and nothing is
//! published. GeoJSON, CSV with WKT, and a GeoPackage through GDAL (feature `gdal`).

use std::path::Path;

use disclose::pipeline::{self, IngestOptions, Issue, Outcome, PipelineSpec, Report};
use disclose::protocol::Protocol;
use geo::{Validation, Winding};

use crate::support::{Env, fixture, issues, protocol};

const PROVINCES: &str = "ke-admin1-defects.geojson";

/// The repository's protocol with a bounding box around Kenya, so the provinces are in it.
fn kenya() -> Protocol {
    let mut p = protocol();
    p.jurisdiction.bbox = [33.5, -5.0, 42.0, 5.5];
    p
}

/// A pipeline from the provinces' `iso_3166_2` and `name` to the wards kind; `geometry`
/// is the `[geometry]` table, if any.
fn pipeline_spec(env: &Env, name: &str, format: &str, geometry: Option<&str>) -> PipelineSpec {
    let mut toml = format!(
        "name = \"{name}\"\ntitle = \"Kenya's provinces (Natural Earth admin-1)\"\nkind = \"wards\"\n\n[reader]\nformat = \"{format}\"\n\n[fields.code]\nfrom = \"iso_3166_2\"\n\n[fields.name]\nfrom = \"name\"\n"
    );
    if let Some(g) = geometry {
        toml.push_str(&format!("\n[geometry]\n{g}\n"));
    }
    let path = env.write(&format!("{name}.toml"), toml);
    PipelineSpec::load(&path).expect("the test pipeline loads")
}

fn ingest(env: &Env, spec: &PipelineSpec, file: &Path) -> Report {
    let opts = IngestOptions {
        publisher: "test".into(),
        ..IngestOptions::default()
    };
    pipeline::ingest(&kenya(), spec, &[file.to_path_buf()], &env.data, &opts)
        .expect("the ingest runs")
}

/// Where an issue is: its line (CSV) or feature (GeoJSON, GDAL).
fn place(issue: &Issue) -> u64 {
    issue.line.or(issue.feature).expect("a located issue")
}

/// The repair warnings at one place, as text.
fn repairs_at(report: &Report, at: u64) -> Vec<&str> {
    issues(report, "geometry_repaired")
        .into_iter()
        .filter(|i| place(i) == at)
        .map(|i| i.message.as_str())
        .collect()
}

/// Checks the warnings of a repaired run whose feature `n` is at `at(n)`: each defective
/// province has its own, naming it, and the two left as published have none.
fn assert_located_repairs(report: &Report, at: impl Fn(u64) -> u64) {
    assert!(
        matches!(report.outcome, Some(Outcome::Published { rows: 8, .. })),
        "{:?}\n{}",
        report.outcome,
        report.summary(40)
    );
    assert_eq!(report.error_count, 0, "{}", report.summary(40));
    for issue in issues(report, "geometry_repaired") {
        assert_eq!(
            issue.severity,
            disclose::pipeline::report::Severity::Warning
        );
        assert_eq!(issue.field.as_deref(), Some("geometry"));
    }
    let expect = |n: u64, code: &str, what: &[&str]| {
        let found = repairs_at(report, at(n));
        for w in what {
            assert!(
                found
                    .iter()
                    .any(|m| m.contains(w) && m.ends_with(&format!("(code {code})"))),
                "feature {n}: no warning with `{w}` naming {code} in {found:?}"
            );
        }
    };
    expect(
        1,
        "KE-110",
        &[
            "self-intersection of the exterior ring at (",
            "resolved: 1 polygon became",
        ],
    );
    expect(
        2,
        "KE-200",
        &["4 repeated positions removed from the exterior ring"],
    );
    expect(
        3,
        "KE-300",
        &[
            "polygons 2 and 3 overlap at (",
            "resolved: 3 polygons became 2 polygons",
        ],
    );
    expect(
        6,
        "KE-600",
        &["the exterior ring closed: the source left it open"],
    );
    expect(7, "KE-700", &["hole 1 dropped: it has no area"]);
    expect(
        8,
        "KE-800",
        &["the exterior ring reversed to counterclockwise (RFC 7946 winding)"],
    );
    for n in [4, 5] {
        assert_eq!(repairs_at(report, at(n)), Vec::<&str>::new(), "feature {n}");
    }
}

/// The published boundaries, by code.
fn published(env: &Env) -> Vec<(String, geo::Geometry<f64>)> {
    let store = env.store();
    let latest = store.latest("wards").expect("wards are published");
    let fc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            store
                .version_dir("wards", latest.version)
                .join("data.geojson"),
        )
        .unwrap(),
    )
    .unwrap();
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let value: geojson::GeometryValue =
                serde_json::from_value(f["geometry"].clone()).unwrap();
            let code = f["properties"]["code"].as_str().unwrap().to_string();
            (code, geo::Geometry::try_from(&value).unwrap())
        })
        .collect()
}

fn parts(g: &geo::Geometry<f64>) -> Vec<&geo::Polygon<f64>> {
    match g {
        geo::Geometry::Polygon(p) => vec![p],
        geo::Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        other => panic!("not a polygon: {other:?}"),
    }
}

/// Every published boundary is valid (by geo's own check) and wound as RFC 7946 asks.
fn assert_published_valid_and_wound(env: &Env) {
    let boundaries = published(env);
    assert_eq!(boundaries.len(), 8);
    for (code, g) in &boundaries {
        assert!(g.is_valid(), "{code}: {:?}", g.check_validation());
        for p in parts(g) {
            assert!(
                p.exterior().is_ccw(),
                "{code}: exterior not counterclockwise"
            );
            assert!(
                p.interiors().iter().all(|h| h.is_cw()),
                "{code}: hole not clockwise"
            );
        }
    }
    let by_code = |c: &str| &boundaries.iter().find(|(code, _)| code == c).unwrap().1;
    assert!(parts(by_code("KE-110")).len() >= 2, "the bow-tie is split");
    assert_eq!(
        parts(by_code("KE-300")).len(),
        2,
        "the overlapping parts are one"
    );
    assert!(
        parts(by_code("KE-700"))[0].interiors().is_empty(),
        "the flat hole is gone"
    );
}

#[test]
fn a_real_boundary_file_with_invalid_polygons_is_repaired_with_located_warnings() {
    let env = Env::new();
    let spec = pipeline_spec(&env, "provinces-geojson", "geojson", Some("repair = true"));
    let report = ingest(&env, &spec, &fixture(PROVINCES));
    assert_located_repairs(&report, |n| n);
    assert_published_valid_and_wound(&env);
}

#[test]
fn without_repair_the_same_file_is_refused_with_located_errors_and_nothing_published() {
    let env = Env::new();
    let spec = pipeline_spec(&env, "provinces-geojson", "geojson", None);
    let report = ingest(&env, &spec, &fixture(PROVINCES));
    assert!(
        matches!(report.outcome, Some(Outcome::Rejected)),
        "{:?}",
        report.outcome
    );
    let errors: Vec<(u64, &str)> = issues(&report, "geometry")
        .into_iter()
        .map(|i| (place(i), i.message.as_str()))
        .collect();
    let at = |n: u64| {
        errors
            .iter()
            .filter(|(f, _)| *f == n)
            .map(|(_, m)| *m)
            .collect::<Vec<_>>()
    };
    let bow_tie = at(1);
    assert!(
        bow_tie.len() == 1
            && bow_tie[0].starts_with(
                "invalid geometry: self-intersection of the exterior ring at (36.748076, -1.229340)"
            )
            && bow_tie[0].ends_with("(code KE-110)"),
        "{bow_tie:?}"
    );
    assert!(
        at(3)[0].contains("polygons 2 and 3 overlap at ("),
        "{:?}",
        at(3)
    );
    assert!(
        at(6)[0].contains("the exterior ring is not closed"),
        "{:?}",
        at(6)
    );
    assert!(at(7)[0].contains("hole 1"), "{:?}", at(7));
    // Repeated positions are allowed by the rules (geo agrees), and the winding is turned
    // silently (RFC 7946: a parser must not reject the other): neither is an error.
    for n in [2, 4, 5, 8] {
        assert_eq!(at(n), Vec::<&str>::new(), "feature {n}");
    }
    assert_eq!(report.warning_count, 0, "{}", report.summary(40));
    let hint = &issues(&report, "geometry")[0].hint;
    assert!(
        hint.contains("`repair = true` under `[geometry]`"),
        "{hint}"
    );
    assert!(env.ledger().is_empty(), "nothing published");
}

/// The provinces as CSV with a WKT column, written from the GeoJSON's own positions so
/// every defect (the open ring, the repeated positions) is kept.
fn provinces_csv(env: &Env) -> std::path::PathBuf {
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(PROVINCES)).unwrap()).unwrap();
    let ring = |r: &serde_json::Value| {
        let positions: Vec<String> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|p| format!("{} {}", p[0], p[1]))
            .collect();
        format!("({})", positions.join(", "))
    };
    let polygon = |p: &serde_json::Value| {
        let rings: Vec<String> = p.as_array().unwrap().iter().map(ring).collect();
        format!("({})", rings.join(", "))
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["iso_3166_2", "name", "boundary"])
        .unwrap();
    for f in fc["features"].as_array().unwrap() {
        let g = &f["geometry"];
        let wkt = match g["type"].as_str().unwrap() {
            "Polygon" => format!("POLYGON {}", polygon(&g["coordinates"])),
            _ => {
                let parts: Vec<String> = g["coordinates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(polygon)
                    .collect();
                format!("MULTIPOLYGON ({})", parts.join(", "))
            }
        };
        let p = &f["properties"];
        csv.write_record([
            p["iso_3166_2"].as_str().unwrap(),
            p["name"].as_str().unwrap(),
            &wkt,
        ])
        .unwrap();
    }
    env.write("provinces.csv", csv.into_inner().unwrap())
}

#[test]
fn csv_with_wkt_is_repaired_with_warnings_located_by_line() {
    let env = Env::new();
    let file = provinces_csv(&env);
    let spec = pipeline_spec(
        &env,
        "provinces-csv",
        "csv",
        Some("wkt = \"boundary\"\nrepair = true"),
    );
    let report = ingest(&env, &spec, &file);
    // The header is line 1: feature n is on line n + 1.
    assert_located_repairs(&report, |n| n + 1);
    assert_published_valid_and_wound(&env);

    let env = Env::new();
    let file = provinces_csv(&env);
    let spec = pipeline_spec(&env, "provinces-csv", "csv", Some("wkt = \"boundary\""));
    let report = ingest(&env, &spec, &file);
    let open = issues(&report, "geometry")
        .into_iter()
        .find(|i| i.line == Some(7))
        .expect("the open ring is refused");
    assert!(
        open.message.contains("the exterior ring is not closed"),
        "{}",
        open.message
    );
    assert!(env.ledger().is_empty());
}

#[cfg(feature = "gdal")]
#[test]
fn a_geopackage_is_repaired_with_warnings_located_by_feature() {
    let env = Env::new();
    let gpkg = env.dir.path().join("provinces.gpkg");
    // ogr2ogr keeps every defect (it warns of the open ring, and writes it as it is).
    let status = std::process::Command::new("ogr2ogr")
        .args(["-f", "GPKG"])
        .arg(&gpkg)
        .arg(fixture(PROVINCES))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("ogr2ogr (Debian's gdal-bin) is installed");
    assert!(status.success());
    let report = ingest(
        &env,
        &pipeline_spec(&env, "provinces-gdal", "gdal", Some("repair = true")),
        &gpkg,
    );
    assert_located_repairs(&report, |n| n);
    assert_published_valid_and_wound(&env);

    let env = Env::new();
    let report = ingest(
        &env,
        &pipeline_spec(&env, "provinces-gdal", "gdal", None),
        &gpkg,
    );
    assert!(matches!(report.outcome, Some(Outcome::Rejected)));
    assert!(env.ledger().is_empty());
}

#[test]
fn a_clockwise_ward_is_turned_silently_without_repair_and_the_geoparquet_says_so() {
    let env = Env::new();
    let text = std::fs::read_to_string(fixture("wards.geojson"))
        .unwrap()
        .replacen(
            "[[37.10, -1.70], [37.20, -1.70], [37.20, -1.60], [37.10, -1.60], [37.10, -1.70]]",
            "[[37.10, -1.70], [37.10, -1.60], [37.20, -1.60], [37.20, -1.70], [37.10, -1.70]]",
            1,
        );
    let file = env.write("wards.geojson", text);
    let report = env.ingest("wards-geojson", &[&file], None);
    assert!(matches!(report.outcome, Some(Outcome::Published { .. })));
    assert_eq!(report.warning_count, 0, "{}", report.summary(20));
    let store = env.store();
    let fc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(store.version_dir("wards", 1).join("data.geojson")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        fc["features"][0]["geometry"]["coordinates"][0],
        serde_json::json!([
            [37.1, -1.7],
            [37.2, -1.7],
            [37.2, -1.6],
            [37.1, -1.6],
            [37.1, -1.7]
        ])
    );
    let parquet = std::fs::File::open(store.version_dir("wards", 1).join("data.parquet")).unwrap();
    use parquet::file::reader::FileReader;
    let reader = parquet::file::reader::SerializedFileReader::new(parquet).unwrap();
    let geo: serde_json::Value = serde_json::from_str(
        reader
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .unwrap()
            .iter()
            .find(|kv| kv.key == "geo")
            .and_then(|kv| kv.value.as_deref())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        geo["columns"]["geometry"]["orientation"],
        "counterclockwise"
    );
}

#[test]
fn two_surveyed_wards_of_forty_thousand_vertices_are_checked_in_seconds() {
    // geo's validity check took about seven minutes on these (issue 17).
    let env = Env::new();
    let mut wards: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("wards.geojson")).unwrap()).unwrap();
    for (i, f) in wards["features"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let (cx, cy, n) = (37.2 + 0.25 * i as f64, -1.45, 40_000);
        let ring: Vec<[f64; 2]> = (0..=n)
            .map(|k| {
                let a = (k % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.1 + 0.003 * (a * 60.0).sin() + 0.0004 * (a * 1500.0).sin();
                [cx + r * a.cos(), cy + r * a.sin()]
            })
            .collect();
        f["geometry"] = serde_json::json!({"type": "Polygon", "coordinates": [ring]});
    }
    let file = env.write("wards.geojson", wards.to_string());
    let started = std::time::Instant::now();
    env.ingest_ok("wards-geojson", &[&file], None);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn repair_is_the_one_geometry_key_a_feature_reader_takes() {
    let env = Env::new();
    let protocol = protocol();
    let problems = |format: &str, geometry: &str| {
        pipeline_spec(&env, "p", format, Some(geometry)).check(&protocol)
    };
    assert_eq!(problems("geojson", "repair = true"), Vec::<String>::new());
    assert_eq!(problems("gdal", "repair = true"), Vec::<String>::new());
    let lonlat = problems("geojson", "lon = \"x\"\nlat = \"y\"\nrepair = true");
    assert!(
        lonlat.iter().any(|p| p.contains("only `repair` applies")),
        "{lonlat:?}"
    );
    let csv = problems("csv", "repair = true");
    assert!(
        csv.iter()
            .any(|p| p.contains("give either both `lon` and `lat`, or `wkt`")),
        "{csv:?}"
    );
    assert_eq!(
        problems("csv", "wkt = \"boundary\"\nrepair = true"),
        Vec::<String>::new()
    );
}
