//! Downloads: the recorded bytes with their hashes, filtered slices, GIS formats, and no
//! way out of the store.

#[cfg(feature = "gdal")]
use super::json;
use super::{demo, get, get_with, published_rows};

#[test]
fn downloads_are_the_recorded_bytes_with_strong_etags_and_immutable_caching() {
    let (_, data) = demo();
    let store = disclose::store::Store::open(data).unwrap();
    let entry = store.latest("projects").unwrap();
    let record = entry.file("data.csv").unwrap();
    let path = format!("/datasets/projects/v/{}/data.csv", entry.version);
    let file = get_with(&path, &[("accept-encoding", "gzip, br")]);
    assert_eq!(file.status, 200);
    assert_eq!(file.header("etag"), format!("\"sha256-{}\"", record.sha256));
    assert_eq!(file.header("content-length"), record.bytes.to_string());
    assert!(file.header("cache-control").contains("immutable"));
    assert!(file.header("content-type").starts_with("text/csv"));
    assert_eq!(
        file.header("content-encoding"),
        "",
        "downloads are served as recorded"
    );
    let (sha, _) = disclose::store::hash_file(
        &store
            .version_dir("projects", entry.version)
            .join("data.csv"),
    )
    .unwrap();
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&file.body)), sha);

    let again = get_with(&path, &[("if-none-match", file.header("etag"))]);
    assert_eq!(again.status, 304);
    let part = get_with(&path, &[("range", "bytes=0-9")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, file.body[..10]);
}

#[test]
fn a_projects_version_serves_its_oc4ids_package_as_json_and_lists_it() {
    let (_, data) = demo();
    let store = disclose::store::Store::open(data).unwrap();
    let entry = store.latest("projects").unwrap();
    let record = entry.file("oc4ids.json").unwrap();
    let path = format!("/datasets/projects/v/{}/oc4ids.json", entry.version);
    let file = get(&path);
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), "application/json");
    assert_eq!(file.header("etag"), format!("\"sha256-{}\"", record.sha256));
    let package: serde_json::Value = serde_json::from_slice(&file.body).unwrap();
    assert_eq!(package["version"], "0.9");
    assert_eq!(
        package["projects"].as_array().unwrap().len() as u64,
        entry.rows
    );
    let page = get(&format!("/datasets/projects/v/{}", entry.version));
    assert!(
        page.text().contains(&path),
        "the version page links its oc4ids.json"
    );
}

#[test]
fn no_path_reaches_outside_the_store() {
    for path in [
        "/datasets/projects/v/1/..%2F..%2Fledger.jsonl",
        "/datasets/projects/v/1/.redaction-key",
        "/datasets/..%2F..%2Fetc/v/1/passwd",
        "/datasets/projects/v/1/%2Fetc%2Fpasswd",
        "/static/..%2F..%2FCargo.toml",
    ] {
        let got = get(path);
        assert!(
            got.status == 404 || got.status == 400,
            "{path} → {}",
            got.status
        );
        assert!(
            !got.text().contains("root:") && !got.text().contains("[package]"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn filtered_slices_download_every_matching_row_as_csv_and_parquet() {
    let rows = published_rows("expenditure-2025-09", 1);
    let expected = rows
        .iter()
        .filter(|r| r["amount"].parse::<f64>().unwrap() >= 50_000.0)
        .count();
    assert!(expected > 25, "more than one page of rows");
    let csv_slice = get("/datasets/expenditure-2025-09/v/1/rows.csv?amount=%3E%3D50000");
    assert_eq!(csv_slice.status, 200);
    assert!(
        csv_slice
            .header("content-disposition")
            .contains("expenditure-2025-09-v1-rows.csv")
    );
    let mut reader = csv::Reader::from_reader(csv_slice.body.as_slice());
    assert!(reader.headers().unwrap().iter().any(|h| h == "payee"));
    assert_eq!(reader.records().count(), expected, "no row cap");
    let parquet = get("/datasets/expenditure-2025-09/v/1/rows.parquet?amount=%3E%3D50000");
    assert_eq!(parquet.status, 200);
    let counted: usize = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        bytes::Bytes::from(parquet.body),
    )
    .unwrap()
    .build()
    .unwrap()
    .map(|batch| batch.unwrap().num_rows())
    .sum();
    assert_eq!(counted, expected);
}

#[cfg(feature = "gdal")]
#[test]
fn a_geopackage_download_opens_in_ogrinfo_and_every_gis_format_is_listed() {
    let page = get("/datasets/projects").text();
    for title in ["GeoPackage", "Shapefile (zipped)", "KML", "FlatGeobuf"] {
        assert!(page.contains(title), "the dataset page lists {title}");
    }
    let (_, _, dataset) = json("/api/datasets/projects");
    let v = dataset["latest"]["version"]
        .as_u64()
        .expect("the API names the latest version");
    let gpkg = get(&format!("/datasets/projects/v/{v}/data.gpkg"));
    assert_eq!(gpkg.status, 200);
    assert_eq!(
        gpkg.header("content-type"),
        "application/geopackage+sqlite3"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("projects.gpkg");
    std::fs::write(&path, &gpkg.body).unwrap();
    let out = std::process::Command::new("ogrinfo")
        .args(["-so", "-al", "-ro"])
        .arg(&path)
        .output()
        .expect("ogrinfo (Debian's gdal-bin) is installed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Layer name: projects") && text.contains("Feature Count: 300"),
        "{text}"
    );
    let (_, _, catalog) = json("/catalog.jsonld");
    let formats: Vec<&str> = catalog["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["dcat:distribution"].as_array())
        .flatten()
        .flat_map(|d| [&d["dcat:mediaType"]["@id"], &d["dct:format"]["@id"]])
        .filter_map(serde_json::Value::as_str)
        .collect();
    let iana = "https://www.iana.org/assignments/media-types/application";
    assert!(
        formats.contains(&format!("{iana}/geopackage+sqlite3").as_str())
            && formats.contains(&format!("{iana}/vnd.flatgeobuf").as_str())
            && formats.contains(&"http://publications.europa.eu/resource/authority/file-type/GPKG"),
        "{formats:?}"
    );
}

#[test]
fn only_geopackage_and_shapefile_are_offered_in_the_national_grid() {
    for (path, said) in [
        (
            "/datasets/projects/v/3/data.gpkg?crs=EPSG:2136",
            "give EPSG:21037",
        ),
        (
            "/datasets/projects/v/3/data.csv?crs=EPSG:21037",
            "only data.gpkg and data.shp.zip",
        ),
        (
            "/datasets/projects/v/3/data.geojson?crs=EPSG:21037",
            "only data.gpkg and data.shp.zip",
        ),
    ] {
        let got = get(path);
        assert_eq!(got.status, 400, "{path}");
        assert!(got.text().contains(said), "{path}: {}", got.text());
    }
    // WGS 84 asked for by name is the published file itself.
    let plain =
        get("/datasets/projects/v/3/data.geojson?crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    assert_eq!(plain.status, 200);
    assert_eq!(plain.body, get("/datasets/projects/v/3/data.geojson").body);
}

/// ogrinfo's summary of a downloaded file.
#[cfg(feature = "gdal")]
fn ogrinfo(path: &std::path::Path) -> String {
    let out = std::process::Command::new("ogrinfo")
        .args(["-so", "-al", "-ro"])
        .arg(path)
        .output()
        .expect("ogrinfo (Debian's gdal-bin) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(feature = "gdal")]
#[test]
fn geopackage_and_shapefile_come_in_the_national_grid_on_request_and_the_published_bytes_stay() {
    let (_, data) = demo();
    let store = disclose::store::Store::open(data).unwrap();
    let entry = store.latest("projects").unwrap();
    let v = entry.version;
    let page = get(&format!("/datasets/projects/v/{v}")).text();
    assert!(
        page.contains(&format!(
            "href=\"/datasets/projects/v/{v}/data.gpkg?crs=EPSG:21037\""
        )),
        "the version page links the GeoPackage in the national grid"
    );
    let dir = tempfile::tempdir().unwrap();
    let gpkg = get(&format!(
        "/datasets/projects/v/{v}/data.gpkg?crs=EPSG:21037"
    ));
    assert_eq!(gpkg.status, 200);
    assert_eq!(
        gpkg.header("content-type"),
        "application/geopackage+sqlite3"
    );
    assert!(
        gpkg.header("content-disposition")
            .contains("projects-v3-data-EPSG21037.gpkg")
    );
    // Derived, so not the recorded file and without its hash.
    assert!(gpkg.header("x-content-sha256").is_empty());
    let path = dir.path().join("grid.gpkg");
    std::fs::write(&path, &gpkg.body).unwrap();
    let text = ogrinfo(&path);
    assert!(
        text.contains("Feature Count: 300")
            && text.contains("Arc 1960 / UTM zone 37S")
            && text.contains("ID[\"EPSG\",21037]"),
        "{text}"
    );
    // The extent is in metres of UTM 37S, inside the county.
    let extent = text.lines().find(|l| l.starts_with("Extent:")).unwrap();
    let numbers: Vec<f64> = extent
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        (280_000.0..350_000.0).contains(&numbers[0])
            && (9_800_000.0..9_880_000.0).contains(&numbers[1]),
        "{extent}"
    );
    // Made again, the same bytes.
    assert_eq!(
        get(&format!(
            "/datasets/projects/v/{v}/data.gpkg?crs=EPSG:21037"
        ))
        .body,
        gpkg.body
    );

    let shp = get(&format!(
        "/datasets/projects/v/{v}/data.shp.zip?crs=http://www.opengis.net/def/crs/EPSG/0/21037"
    ));
    assert_eq!(shp.status, 200);
    let path = dir.path().join("grid.shp.zip");
    std::fs::write(&path, &shp.body).unwrap();
    let text = ogrinfo(&std::path::Path::new("/vsizip/").join(&path));
    let features: u64 = text
        .lines()
        .filter_map(|l| l.strip_prefix("Feature Count: "))
        .map(|n| n.parse::<u64>().unwrap())
        .sum();
    assert_eq!(features, 300, "{text}");
    assert!(text.contains("Arc 1960 / UTM zone 37S"), "{text}");

    // The published files are untouched.
    for name in ["data.gpkg", "data.shp.zip"] {
        let record = entry.file(name).unwrap();
        let (sha256, _) =
            disclose::store::hash_file(&store.version_dir("projects", v).join(name)).unwrap();
        assert_eq!(sha256, record.sha256, "{name}");
    }
}
