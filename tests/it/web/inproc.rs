//! In process: the router itself, driven with `tower::ServiceExt::oneshot`, over a small
//! fixture store made in a temporary directory (the wards and the project register, and
//! two versions of one month's payments), so every door is checked in seconds, with no
//! demo store and no socket. Snapshots (insta, in `snapshots/`) pin the JSON each API
//! endpoint answers and one decoded vector tile; what changes from run to run (hashes,
//! ETags, publication times, today's date) is redacted.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use disclose::pipeline::{IngestOptions, Outcome};
use disclose::store::Store;
use disclose::web::{AppState, app};
use serde_json::Value;
use tower::ServiceExt;

use super::tile_of;
use crate::support::{EXPENDITURE_HEADER, fixture, payment, pipeline, protocol};

/// The month of payments with two versions.
const MONTH: &str = "expenditure-2025-09";
/// The host the requests name, so absolute links are the same on every run.
const HOST: &str = "disclose.test";

/// The fixture store, built once for the test process: wards and projects, then September
/// 2025's payments, published on time and restated a month later with one amount
/// corrected and one payment added. Publication times and the redaction key are fixed.
fn store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let data = crate::support::process_dir("web-fixture");
        let files = data.with_extension("inputs");
        let _ = std::fs::remove_dir_all(&files);
        std::fs::create_dir_all(&files).unwrap();
        publish(
            &data,
            "wards-geojson",
            &fixture("wards.geojson"),
            "2025-08-01T08:00:00Z",
            None,
        );
        publish(
            &data,
            "project-register-csv",
            &fixture("projects.csv"),
            "2025-08-01T08:30:00Z",
            None,
        );
        Store::open(&data)
            .unwrap()
            .set_redaction_key(&[7; 32])
            .unwrap();
        publish(
            &data,
            "ifmis-expenditure-csv",
            &fixture("expenditure.csv"),
            "2025-10-15T09:00:00Z",
            None,
        );
        let original = std::fs::read_to_string(fixture("expenditure.csv")).unwrap();
        assert!(original.starts_with(EXPENDITURE_HEADER));
        let restated = format!(
            "{}{}\n",
            original.replace("\"14,000.00\"", "\"15,500.00\""),
            payment("PV2025090000005", "Kito Traders Ltd", "2,750.00")
        );
        let file = files.join("expenditure-restated.csv");
        std::fs::write(&file, restated).unwrap();
        publish(
            &data,
            "ifmis-expenditure-csv",
            &file,
            "2025-11-20T10:00:00Z",
            Some("Restated: PV2025090000002 corrected, PV2025090000005 added"),
        );
        data
    })
}

fn publish(data: &Path, pipeline_name: &str, file: &Path, at: &str, note: Option<&str>) {
    let opts = IngestOptions {
        publisher: "test".into(),
        note: note.map(str::to_string),
        published_at: Some(at.parse().unwrap()),
        ..IngestOptions::default()
    };
    let report = disclose::pipeline::ingest(
        &protocol(),
        &pipeline(pipeline_name),
        &[file.to_path_buf()],
        data,
        &opts,
    )
    .expect("the ingest runs");
    assert!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "{pipeline_name}: {}",
        report.summary(20)
    );
}

/// The whole site over the fixture store, as `serve` would run it.
fn site() -> axum::Router {
    app(AppState::new(store(), protocol()).expect("the fixture store opens"))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One GET through the router, with the given extra headers.
async fn get_with(path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::get(path).header(header::HOST, HOST);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = site()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .expect("the router answers");
    let (parts, body) = response.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, 64 << 20).await.expect("a body"),
    }
}

async fn get(path: &str) -> Answer {
    get_with(path, &[]).await
}

/// A JSON answer that must be 200 with the given content type.
async fn json_ok(path: &str, content_type: &str) -> Value {
    let got = get(path).await;
    assert_eq!(got.status, StatusCode::OK, "{path}: {}", got.text());
    assert_eq!(got.header("content-type"), content_type, "{path}");
    got.json()
}

async fn api(path: &str) -> Value {
    json_ok(path, "application/json").await
}

/// A CKAN action, answered as CKAN does.
async fn ckan(action: &str) -> Value {
    json_ok(
        &format!("/api/3/action/{action}"),
        "application/json;charset=utf-8",
    )
    .await
}

/// Snapshots `value` under `name`, with what changes between runs redacted: hashes and
/// ETags (wherever a string holds a sha256), publication and answer times, today's date.
/// (The fixture pins its publication times, so dates that follow from them, such as
/// compliance, stay visible.)
fn snapshot(name: &str, value: &Value) {
    let mut value = value.clone();
    redact_strings(&mut value, &chrono::Utc::now().date_naive().to_string());
    insta::assert_json_snapshot!(name, value, {
        ".**.sha256" => "[sha256]",
        ".**.hash" => "[hash]",
        ".**.ledger_hash" => "[ledger hash]",
        ".**.etag" => "[etag]",
        ".**.published_at" => "[published at]",
        ".**.metadata_created" => "[published at]",
        ".**.metadata_modified" => "[published at]",
        ".**.created" => "[published at]",
        ".**.last_modified" => "[published at]",
        ".timeStamp" => "[now]",
    });
}

/// Replaces, in every string, each sha256 by `[sha256]` and today's date by `[today]`.
fn redact_strings(value: &mut Value, today: &str) {
    static SHA256: OnceLock<regex::Regex> = OnceLock::new();
    let sha256 = SHA256.get_or_init(|| regex::Regex::new(r"\b[0-9a-f]{64}\b").unwrap());
    match value {
        Value::String(s) => {
            *s = sha256.replace_all(s, "[sha256]").replace(today, "[today]");
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_strings(v, today)),
        Value::Object(members) => members.values_mut().for_each(|v| redact_strings(v, today)),
        _ => {}
    }
}

#[tokio::test]
async fn the_home_page_lists_the_latest_disclosures() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.text();
    let store = Store::open(store()).unwrap();
    let latest: Vec<_> = store
        .datasets()
        .into_iter()
        .filter_map(|d| store.latest(d))
        .collect();
    let rows: u64 = latest.iter().map(|e| e.rows).sum();
    for figure in [
        format!("<strong>{}</strong>datasets", latest.len()),
        format!(
            "<strong>{}</strong>published versions",
            store.entries().len()
        ),
        format!("<strong>{rows}</strong>rows in the latest versions"),
    ] {
        assert!(html.contains(&figure), "{figure} in {html}");
    }
    assert!(html.contains("Latest disclosures"), "{html}");
    for id in ["wards", "projects", MONTH] {
        assert!(
            html.contains(&format!("href=\"/datasets/{id}\"")),
            "{id} in {html}"
        );
    }
}

#[tokio::test]
async fn the_catalogue_lists_every_dataset_of_the_store_on_one_page() {
    let page = get("/datasets").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("3 datasets") && !html.contains("page 1 / "),
        "{html}"
    );
    for id in ["wards", "projects", MONTH] {
        assert!(
            html.contains(&format!("href=\"/datasets/{id}\"")),
            "{id} in {html}"
        );
    }
    let payments = get("/datasets?kind=expenditure").await.text();
    assert!(
        payments.contains("1 dataset<") || payments.contains("1 dataset "),
        "{payments}"
    );
    assert!(
        !payments.contains("href=\"/datasets/wards\""),
        "the filter leaks other kinds"
    );
}

#[tokio::test]
async fn a_dataset_page_shows_its_latest_version_and_links_the_diff() {
    let page = get(&format!("/datasets/{MONTH}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("link"),
        format!("</datasets/{MONTH}/v/2>; rel=\"canonical\"")
    );
    let html = page.text();
    for needle in [
        "Version 2 / 2",
        "Restated: PV2025090000002 corrected",
        &format!("/datasets/{MONTH}/v/2/data.csv"),
        &format!("href=\"/datasets/{MONTH}/diff/1..2\""),
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[tokio::test]
async fn a_pinned_version_shows_that_version_and_says_its_address_never_changes() {
    let page = get(&format!("/datasets/{MONTH}/v/1")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Version 1 / 2") && html.contains("this address never changes"));
    assert!(
        html.contains("14,000"),
        "the first version's amount: {html}"
    );
    let missing = get(&format!("/datasets/{MONTH}/v/3")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains(&format!(
        "{MONTH} has no version 3; its versions are 1 to 2"
    )));
}

#[tokio::test]
async fn a_diff_shows_the_corrected_amount_and_the_added_payment() {
    let page = get(&format!("/datasets/{MONTH}/diff/1..2")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for count in [
        "<strong>1</strong>changed",
        "<strong>1</strong>added",
        "<strong>0</strong>removed",
        "<strong>3</strong>unchanged",
    ] {
        assert!(html.contains(count), "{count} in {html}");
    }
    assert!(
        html.contains("PV2025090000005"),
        "the added voucher is listed"
    );
    let csv = get(&format!("/datasets/{MONTH}/diff/1..2.csv")).await;
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(text.starts_with("change,key,field,old,new\n"), "{text}");
    let changed: Vec<&str> = text.lines().filter(|l| l.starts_with("changed,")).collect();
    assert_eq!(changed.len(), 1, "{text}");
    assert!(
        changed[0].contains("PV2025090000002") && changed[0].contains(",amount,14000"),
        "{text}"
    );
}

#[tokio::test]
async fn the_ledger_page_shows_the_head_of_the_chain_and_the_raw_ledger_is_served() {
    let store = Store::open(store()).unwrap();
    assert_eq!(store.entries().len(), 4);
    let page = get("/ledger").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains(&format!(
            "<span class=\"hash\">{}</span>",
            store.head_hash()
        )),
        "{html}"
    );
    for entry in store.entries() {
        assert!(
            html.contains(entry.short_hash()),
            "entry {} is listed",
            entry.seq
        );
    }
    let raw = get("/ledger.jsonl").await;
    assert_eq!(raw.status, StatusCode::OK);
    assert_eq!(
        raw.body.as_ref(),
        std::fs::read(store.root().join("ledger.jsonl")).unwrap()
    );
}

#[tokio::test]
async fn a_download_has_a_strong_etag_answers_304_to_it_and_serves_ranges() {
    let store = Store::open(store()).unwrap();
    let entry = store.version(MONTH, 1).unwrap();
    let record = entry.file("data.csv").unwrap();
    let path = format!("/datasets/{MONTH}/v/1/data.csv");
    let file = get(&path).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("etag"), format!("\"sha256-{}\"", record.sha256));
    assert_eq!(file.header("content-length"), record.bytes.to_string());
    assert!(file.header("cache-control").contains("immutable"));
    assert!(file.header("content-type").starts_with("text/csv"));
    assert_eq!(
        file.body.as_ref(),
        std::fs::read(store.version_dir(MONTH, 1).join("data.csv")).unwrap()
    );
    let etag = file.header("etag").to_string();
    let again = get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let part = get_with(&path, &[("range", "bytes=5-14")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.body.as_ref(), &file.body[5..15]);
    assert_eq!(
        part.header("content-range"),
        format!("bytes 5-14/{}", record.bytes)
    );
}

#[tokio::test]
async fn the_api_lists_the_datasets_and_searches_them() {
    let list = api("/api/datasets").await;
    assert_eq!(list["count"], 3);
    let ids: Vec<&str> = list["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    for id in ["wards", "projects", MONTH] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let found = api("/api/search?q=borehole").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["results"][0]["id"], "projects");
    let none = api("/api/search?q=zzzqqqxxy").await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn api_errors_are_problem_json_404s_and_400s() {
    for (path, status, code) in [
        (
            "/api/datasets/nothing",
            StatusCode::NOT_FOUND,
            "unknown_dataset",
        ),
        (
            "/api/datasets/expenditure-2025-09/versions/9",
            StatusCode::NOT_FOUND,
            "unknown_version",
        ),
        ("/api/nothing/here", StatusCode::NOT_FOUND, "no_route"),
        (
            "/api/datasets?kind=nope",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/datasets/expenditure-2025-09/versions/x",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let got = get(path).await;
        assert_eq!(got.status, status, "{path}");
        assert_eq!(
            got.header("content-type"),
            "application/problem+json",
            "{path}"
        );
        let problem = got.json();
        assert_eq!(problem["code"], code, "{path}");
        assert_eq!(problem["status"], status.as_u16(), "{path}");
    }
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404_with_a_way_on() {
    for path in ["/no/such/page", "/datasets/nothing-here"] {
        let got = get(path).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            got.header("content-type").starts_with("text/html"),
            "{path}"
        );
        assert!(got.text().contains("<html lang=\"en\">"), "{path}");
    }
    assert!(
        get("/datasets/nothing-here")
            .await
            .text()
            .contains("no dataset `nothing-here`")
    );
}

#[tokio::test]
async fn the_dcat_catalogue_lists_each_dataset_with_checksummed_distributions() {
    let catalog = json_ok("/catalog.jsonld", "application/ld+json").await;
    let items = catalog["dcat:dataset"].as_array().unwrap();
    let month = items
        .iter()
        .find(|d| d["dct:identifier"] == MONTH)
        .expect("the month is listed");
    let store = Store::open(store()).unwrap();
    let latest = store.latest(MONTH).unwrap();
    let csv = month["dcat:distribution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["dct:format"]["@id"]
                == "http://publications.europa.eu/resource/authority/file-type/CSV"
        })
        .unwrap();
    assert_eq!(
        csv["dcat:downloadURL"]["@id"],
        format!("http://{HOST}/datasets/{MONTH}/v/2/data.csv")
    );
    assert_eq!(
        csv["spdx:checksum"]["spdx:checksumValue"],
        serde_json::json!({ "@value": latest.file("data.csv").unwrap().sha256, "@type": "xsd:hexBinary" })
    );
    assert_eq!(
        csv["dcat:mediaType"]["@id"],
        "https://www.iana.org/assignments/media-types/text/csv"
    );
    for id in ["wards", "projects"] {
        assert!(items.iter().any(|d| d["dct:identifier"] == id), "{id}");
    }
}

#[tokio::test]
async fn ckan_package_show_describes_a_dataset_with_its_resources() {
    let shown = ckan(&format!("package_show?id={MONTH}")).await;
    assert_eq!(shown["success"], true);
    let package = &shown["result"];
    assert_eq!(package["name"], MONTH);
    assert_eq!(package["version"], "2");
    let store = Store::open(store()).unwrap();
    let record = store.latest(MONTH).unwrap().file("data.csv").unwrap();
    let csv = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["format"] == "CSV")
        .unwrap();
    assert_eq!(csv["hash"], format!("sha256:{}", record.sha256));
    assert_eq!(
        csv["url"],
        format!("http://{HOST}/datasets/{MONTH}/v/2/data.csv")
    );
    let missing = get("/api/3/action/package_show?id=nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["__type"], "Not Found Error");
}

#[tokio::test]
async fn ogc_collections_are_the_spatial_registers() {
    let collections = api("/ogc/collections").await;
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["projects", "wards"]);
    let items = json_ok("/ogc/collections/wards/items", "application/geo+json").await;
    assert_eq!(items["numberMatched"], 2);
}

// Snapshots of the API: one answer per endpoint.

#[tokio::test]
async fn the_openapi_document_is_as_recorded() {
    // Nothing in it changes between runs, and its schemas have members named like the
    // values redacted elsewhere (`sha256`, `published_at`): taken as it is.
    insta::assert_json_snapshot!("openapi", api("/api/openapi.json").await);
}

#[tokio::test]
async fn the_dataset_list_is_as_recorded() {
    snapshot("api_datasets", &api("/api/datasets").await);
}

#[tokio::test]
async fn a_dataset_with_its_versions_is_as_recorded() {
    snapshot("api_dataset", &api(&format!("/api/datasets/{MONTH}")).await);
}

#[tokio::test]
async fn a_version_with_its_files_is_as_recorded() {
    snapshot(
        "api_version",
        &api(&format!("/api/datasets/{MONTH}/versions/1")).await,
    );
}

#[tokio::test]
async fn a_page_of_rows_is_as_recorded() {
    snapshot(
        "api_rows",
        &api(&format!(
            "/api/datasets/{MONTH}/versions/2/rows?_sort=-amount&_size=3"
        ))
        .await,
    );
}

#[tokio::test]
async fn a_search_is_as_recorded() {
    let mut found = api("/api/search?q=road").await;
    // Built with the `gdal` feature, spatial versions also carry GeoPackage, KML and
    // FlatGeobuf files; the snapshot is of what every build answers.
    const GDAL_ONLY: [&str; 4] = ["flatgeobuf", "gpkg", "kml", "shapefile"];
    if let Some(formats) = found["facets"]["format"].as_array_mut() {
        formats.retain(|f| !GDAL_ONLY.contains(&f["value"].as_str().unwrap_or("")));
    }
    snapshot("api_search", &found);
}

#[tokio::test]
async fn a_diff_is_as_recorded() {
    snapshot(
        "api_diff",
        &api(&format!("/api/datasets/{MONTH}/diff/1..2")).await,
    );
}

#[tokio::test]
async fn the_compliance_on_a_fixed_day_is_as_recorded() {
    snapshot(
        "api_compliance",
        &api("/api/compliance?as_of=2025-12-31").await,
    );
}

#[tokio::test]
async fn a_ckan_package_is_as_recorded() {
    snapshot(
        "ckan_package_show",
        &ckan(&format!("package_show?id={MONTH}")).await,
    );
}

#[tokio::test]
async fn an_ogc_items_page_is_as_recorded() {
    snapshot(
        "ogc_items",
        &json_ok(
            "/ogc/collections/projects/items?limit=2",
            "application/geo+json",
        )
        .await,
    );
}

#[tokio::test]
async fn a_problem_is_as_recorded() {
    let got = get(&format!("/api/datasets/{MONTH}/versions/9")).await;
    assert_eq!(got.status, StatusCode::NOT_FOUND);
    assert_eq!(got.header("content-type"), "application/problem+json");
    snapshot("api_problem", &got.json());
}

/// MVT geometry commands to rings of points in tile coordinates (MoveTo starts a ring,
/// LineTo extends it, ClosePath repeats its first point).
fn decode_geometry(commands: &[u32]) -> Vec<Vec<[i64; 2]>> {
    let zigzag = |n: u32| i64::from(n >> 1) ^ -i64::from(n & 1);
    let (mut x, mut y) = (0i64, 0i64);
    let mut rings: Vec<Vec<[i64; 2]>> = Vec::new();
    let mut i = 0;
    while i < commands.len() {
        let (command, count) = (commands[i] & 7, commands[i] >> 3);
        i += 1;
        match command {
            1 | 2 => {
                for _ in 0..count {
                    x += zigzag(commands[i]);
                    y += zigzag(commands[i + 1]);
                    i += 2;
                    if command == 1 {
                        rings.push(Vec::new());
                    }
                    rings.last_mut().unwrap().push([x, y]);
                }
            }
            7 => {
                let ring = rings.last_mut().unwrap();
                ring.push(ring[0]);
            }
            other => panic!("unknown MVT command {other}"),
        }
    }
    rings
}

fn tile_value(v: &geozero::mvt::tile::Value) -> Value {
    if let Some(s) = &v.string_value {
        Value::from(s.as_str())
    } else if let Some(b) = v.bool_value {
        Value::from(b)
    } else if let Some(n) = v.int_value.or(v.sint_value) {
        Value::from(n)
    } else if let Some(n) = v.uint_value {
        Value::from(n)
    } else if let Some(n) = v.double_value {
        Value::from(n)
    } else if let Some(n) = v.float_value {
        Value::from(f64::from(n))
    } else {
        Value::Null
    }
}

#[tokio::test]
async fn a_vector_tile_decodes_to_the_recorded_layer_features_and_geometries() {
    use geozero::mvt::{Message, Tile};
    // The tile at zoom 11 holding the borehole, which also holds the road.
    let (x, y) = tile_of(37.25, -1.65, 11);
    let got = get(&format!("/tiles/projects/11/{x}/{y}.mvt")).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text());
    assert_eq!(
        got.header("content-type"),
        "application/vnd.mapbox-vector-tile"
    );
    let tile = Tile::decode(got.body.as_ref()).expect("an MVT tile");
    let layers: Vec<Value> = tile
        .layers
        .iter()
        .map(|layer| {
            let features: Vec<Value> = layer
                .features
                .iter()
                .map(|f| {
                    let properties: serde_json::Map<String, Value> = f
                        .tags
                        .chunks(2)
                        .map(|kv| {
                            (
                                layer.keys[kv[0] as usize].clone(),
                                tile_value(&layer.values[kv[1] as usize]),
                            )
                        })
                        .collect();
                    serde_json::json!({
                        "id": f.id,
                        "type": f.r#type,
                        "properties": properties,
                        "geometry": decode_geometry(&f.geometry),
                    })
                })
                .collect();
            serde_json::json!({
                "name": layer.name,
                "version": layer.version,
                "extent": layer.extent,
                "keys": layer.keys,
                "feature_count": layer.features.len(),
                "features": features,
            })
        })
        .collect();
    snapshot(
        "tile_projects",
        &serde_json::json!({ "z": 11, "x": x, "y": y, "layers": layers }),
    );
}
