//! End to end: the real server on a loopback port over a real demo store, a real HTTP
//! client, every page and download as a user meets them, and bad requests.

use std::path::PathBuf;
use std::sync::OnceLock;

use disclose::web::{AppState, serve};

use crate::support::{Env, fixture, protocol, repo};

/// Starts the server over `data` on 127.0.0.1:0 in a thread of its own; returns the base URL.
fn start(data: PathBuf) -> String {
    start_with(data, None)
}

/// Like [`start`], with tiles answered from the PMTiles archives in `tiles` when given.
fn start_with(data: PathBuf, tiles: Option<PathBuf>) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port");
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            let mut state = AppState::new(&data, protocol()).expect("the store opens");
            if let Some(tiles) = &tiles {
                state = state.with_tiles_dir(tiles);
            }
            serve(listener, state).await.expect("the server runs");
        });
    });
    rx.recv().expect("the server started")
}

/// One demo store and one server for the whole test process.
fn demo() -> &'static (String, PathBuf) {
    static DEMO: OnceLock<(String, PathBuf)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("web-demo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        disclose::demo::run(
            &protocol(),
            &repo().join("pipelines"),
            &data,
            &disclose::demo::DemoOptions { scale: 1, seed: 42 },
        )
        .expect("the demo builds");
        (start(data.clone()), data)
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

struct Got {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn get_with(path: &str, headers: &[(&str, &str)]) -> Got {
    let (base, _) = demo();
    get_at(base, path, headers)
}

fn get_at(base: &str, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut request = agent().get(format!("{base}{path}"));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut response = request.call().expect("the server answers");
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .expect("a body");
    Got {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body,
    }
}

fn get(path: &str) -> Got {
    get_with(path, &[])
}

#[test]
fn the_home_page_shows_figures_latest_disclosures_and_the_synthetic_label() {
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.text();
    assert!(
        html.contains("Synthetic data."),
        "the synthetic label is missing"
    );
    assert!(html.contains("Latest disclosures") && html.contains("published versions"));
    assert!(
        html.contains("<a class=\"skip\" href=\"#main\">"),
        "skip link"
    );
    let css_path = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = get(&css_path);
    assert_eq!(css.status, 200);
    assert!(css.header("cache-control").contains("immutable"));
    assert!(
        page.body.len() + css.body.len() < 60 * 1024,
        "home page and CSS are {} bytes",
        page.body.len() + css.body.len()
    );
}

#[test]
fn the_catalogue_lists_filters_and_pages_datasets() {
    let all = get("/datasets").text();
    assert!(
        all.contains("/datasets/expenditure-2025-09") || all.contains("page 1 / "),
        "{all}"
    );
    let budgets = get("/datasets?kind=budget").text();
    assert!(
        budgets.contains("/datasets/budget-2025-26")
            && budgets.contains("/datasets/budget-2024-25")
    );
    assert!(
        !budgets.contains("/datasets/expenditure-"),
        "the filter leaks other kinds"
    );
    let second = get("/datasets?page=2");
    assert_eq!(second.status, 200);
}

#[test]
fn bad_catalogue_parameters_are_400_pages_that_say_why() {
    for (path, says) in [
        ("/datasets?kind=nope", "kind `nope` is not one of"),
        ("/datasets?page=0", "is not a whole number"),
        ("/datasets?page=abc", "is not a whole number"),
        ("/datasets?page=99999", "past the end"),
    ] {
        let page = get(path);
        assert_eq!(page.status, 400, "{path}");
        assert!(page.text().contains(says), "{path}: {}", page.text());
        assert!(page.text().contains("href=\"/datasets\""), "a way on");
    }
}

#[test]
fn a_dataset_page_shows_facts_schema_versions_and_downloads() {
    let page = get("/datasets/budget-2024-25");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("link"),
        "</datasets/budget-2024-25/v/3>; rel=\"canonical\""
    );
    let html = page.text();
    for needle in [
        "Version 3 / 3",
        "Restatement",
        "Responsible office",
        "Legal basis",
        "line_code",
        "/datasets/budget-2024-25/v/3/data.parquet",
        "sha256",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let pinned = get("/datasets/budget-2024-25/v/1").text();
    assert!(pinned.contains("Version 1 / 3") && pinned.contains("this address never changes"));
}

#[test]
fn unknown_datasets_and_versions_are_404_pages_with_a_way_on() {
    let page = get("/datasets/nothing-here");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("no dataset `nothing-here`"));
    let page = get("/datasets/budget-2025-26/v/9");
    assert_eq!(page.status, 404);
    assert!(
        page.text()
            .contains("budget-2025-26 has no version 9; its versions are 1 to 2")
    );
    assert!(
        page.text()
            .contains("href=\"/datasets/budget-2025-26/v/2\"")
    );
    assert_eq!(get("/datasets/budget-2025-26/v/abc").status, 400);
    assert_eq!(get("/datasets/budget-2025-26/v/0").status, 400);
    assert_eq!(get("/no/such/page").status, 404);
}

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
fn pages_are_compressed_when_the_client_asks() {
    let page = get_with("/ledger", &[("accept-encoding", "gzip")]);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-encoding"), "gzip");
}

#[test]
fn the_ledger_page_explains_checking_and_the_raw_ledger_is_served() {
    let (_, data) = demo();
    let page = get("/ledger").text();
    assert!(page.contains("sha256sum data.csv") && page.contains("Head of the chain"));
    let raw = get("/ledger.jsonl");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.body, std::fs::read(data.join("ledger.jsonl")).unwrap());
}

#[test]
fn a_publish_while_serving_shows_up_without_a_restart() {
    let env = Env::with_registers();
    let base = start(env.data.clone());
    assert_eq!(
        get_at(&base, "/datasets/expenditure-2025-09", &[]).status,
        404
    );
    env.ingest_ok(
        "ifmis-expenditure-csv",
        &[&fixture("expenditure.csv")],
        None,
    );
    let page = get_at(&base, "/datasets/expenditure-2025-09", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Version 1 / 1"));
}

#[test]
fn a_diff_page_shows_each_changed_value_and_downloads_as_csv() {
    let page = get("/datasets/budget-2024-25/diff/2..3");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<strong>3</strong>changed"), "{html}");
    assert!(html.contains("<del>") && html.contains("<ins>"));
    assert!(
        get("/datasets/budget-2024-25")
            .text()
            .contains("href=\"/datasets/budget-2024-25/diff/2..3\""),
        "versions link their diff"
    );
    let csv = get("/datasets/budget-2024-25/diff/2..3.csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(text.starts_with("change,key,field,old,new\n"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("changed,")).count(),
        3
    );
}

#[test]
fn bad_diff_ranges_are_400_or_404_with_reasons() {
    assert_eq!(get("/datasets/budget-2024-25/diff/2-3").status, 400);
    assert_eq!(get("/datasets/budget-2024-25/diff/2..x").status, 400);
    assert_eq!(get("/datasets/budget-2024-25/diff/2..9").status, 404);
    assert_eq!(get("/datasets/nothing/diff/1..2").status, 404);
}

#[test]
fn the_protocol_page_finds_the_late_and_the_missing_disclosures() {
    let page = get("/protocol?as_of=2026-07-31");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<strong>late</strong> by 52 days"),
        "expenditure-2025-11 was published 52 days late"
    );
    assert!(
        html.contains("revenue-2026-03</td>") && html.contains("<strong>missing</strong>"),
        "revenue-2026-03 is missing"
    );
    let csv = get("/protocol.csv?as_of=2026-07-31").text();
    assert!(
        csv.starts_with("kind,office,period,dataset,due,status,published,days_late,days_overdue\n")
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",expenditure-2025-11,2025-12-30,late,2026-02-20,52,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",revenue-2026-03,2026-04-30,missing,,,92")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",expenditure-2025-09,") && l.contains(",on time,"))
    );
    assert_eq!(get("/protocol?as_of=yesterday").status, 400);
}

fn json(path: &str) -> (u16, String, serde_json::Value) {
    let got = get(path);
    let value = serde_json::from_slice(&got.body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", got.text()));
    (got.status, got.header("content-type").to_string(), value)
}

#[test]
fn the_api_lists_datasets_and_describes_each_version_with_its_files() {
    let (status, _, list) = json("/api/datasets?kind=budget");
    assert_eq!(status, 200);
    assert_eq!(list["count"], 2);
    let (_, _, dataset) = json("/api/datasets/budget-2024-25");
    assert_eq!(dataset["latest"]["version"], 3);
    assert_eq!(dataset["versions"].as_array().unwrap().len(), 3);
    assert_eq!(dataset["due"], "2024-07-01");
    assert_eq!(
        dataset["schema"]["primaryKey"],
        serde_json::json!(["fiscal_year", "stage", "line_code"])
    );
    let (_, _, version) = json("/api/datasets/budget-2024-25/versions/1");
    let csv = version["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "data.csv")
        .unwrap();
    let file = get(csv["url"].as_str().unwrap());
    use sha2::Digest;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&file.body)),
        csv["sha256"].as_str().unwrap()
    );
    let (_, _, compliance) = json("/api/compliance?as_of=2026-07-31");
    assert!(
        compliance["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["dataset"] == "revenue-2026-03" && o["status"] == "missing")
    );
}

#[test]
fn api_errors_are_problem_json_with_stable_codes() {
    for (path, status, code) in [
        ("/api/datasets/nothing", 404, "unknown_dataset"),
        (
            "/api/datasets/budget-2024-25/versions/9",
            404,
            "unknown_version",
        ),
        (
            "/api/datasets/budget-2024-25/versions/x",
            400,
            "bad_request",
        ),
        ("/api/datasets?kind=nope", 400, "bad_request"),
        ("/api/compliance?as_of=soon", 400, "bad_request"),
        ("/api/nothing/here", 404, "no_route"),
    ] {
        let (got, content_type, problem) = json(path);
        assert_eq!(got, status, "{path}");
        assert_eq!(content_type, "application/problem+json", "{path}");
        assert_eq!(problem["code"], code, "{path}");
        assert_eq!(problem["status"], status, "{path}");
        assert!(
            problem["detail"].as_str().unwrap().len() > 10,
            "{path}: {problem}"
        );
    }
}

#[test]
fn every_path_in_the_openapi_document_answers_as_documented() {
    let (status, _, doc) = json("/api/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 8);
    for (path, item) in paths {
        let concrete = path
            .replace("{id}", "budget-2024-25")
            .replace("{version}", "2")
            .replace("{range}", "1..2");
        let (status, content_type, _) = json(&concrete);
        assert_eq!(status, 200, "{concrete}");
        assert!(content_type.starts_with("application/json"), "{concrete}");
        assert!(
            item["get"]["responses"]["200"].is_object(),
            "{path} documents its answer"
        );
    }
}

/// The demo's published CSV of a version, as records keyed by column name.
fn published_rows(dataset: &str, version: u32) -> Vec<std::collections::HashMap<String, String>> {
    let (_, data) = demo();
    let mut reader = csv::Reader::from_path(
        data.join(dataset)
            .join(format!("v{version}"))
            .join("data.csv"),
    )
    .unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(str::to_string)
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn the_catalogue_searches_inside_small_datasets_and_highlights_the_match() {
    // A contractor's name appears only inside the project register, not in any title.
    let projects = published_rows("projects", 1);
    let contractor = projects
        .iter()
        .map(|r| r["contractor"].clone())
        .find(|c| c.split_whitespace().count() >= 2)
        .expect("a contractor");
    let word = contractor.split_whitespace().next().unwrap().to_string();
    let page = get(&format!("/datasets?q={}", word.replace(' ', "+")));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("href=\"/datasets/projects\""),
        "searching `{word}` finds the register: {html}"
    );
    assert!(
        html.contains(&format!("<b>{word}</b>")),
        "the match is highlighted"
    );
    let none = get("/datasets?q=zzzqqqxxy").text();
    assert!(none.contains("Nothing matches"), "{none}");
}

#[test]
fn catalogue_facets_count_and_filter_the_matches() {
    let (status, _, all) = json("/api/search?size=1000");
    assert_eq!(status, 200);
    let total = all["total"].as_u64().unwrap();
    let kinds = all["facets"]["kind"].as_array().unwrap();
    assert_eq!(
        kinds
            .iter()
            .map(|k| k["count"].as_u64().unwrap())
            .sum::<u64>(),
        total,
        "every dataset has one kind"
    );
    let expenditure = kinds.iter().find(|k| k["value"] == "expenditure").unwrap()["count"]
        .as_u64()
        .unwrap();
    assert_eq!(expenditure, 24);
    let (_, _, fy) = json("/api/search?kind=expenditure&fiscal_year=2025-26");
    assert_eq!(fy["total"], 12, "July 2025 to June 2026");
    assert!(
        fy["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "expenditure")
    );
    let (_, _, spatial) = json("/api/search?spatial=yes");
    let ids: Vec<&str> = spatial["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"projects")
            && ids.contains(&"wards")
            && !ids.iter().any(|i| i.starts_with("expenditure")),
        "{ids:?}"
    );
    let page = get("/datasets?kind=expenditure").text();
    assert!(
        page.contains("24 datasets") && page.contains("Fiscal year") && page.contains("2025-26"),
        "{page}"
    );
    // The page of results is cut, the count is not.
    let (_, _, paged) = json("/api/search?kind=expenditure&size=5&page=2");
    assert_eq!(
        (
            paged["total"].as_u64(),
            paged["results"].as_array().unwrap().len()
        ),
        (Some(24), 5)
    );
}

#[test]
fn the_preview_filters_sorts_and_pages_on_the_server() {
    let rows = published_rows("expenditure-2025-09", 1);
    let big: Vec<f64> = rows
        .iter()
        .map(|r| r["amount"].parse::<f64>().unwrap())
        .filter(|a| *a > 100_000.0)
        .collect();
    let (status, _, page) = json(
        "/api/datasets/expenditure-2025-09/versions/1/rows?amount=%3E100000&_sort=-amount&_size=7",
    );
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"].as_u64().unwrap() as usize, big.len());
    let amounts: Vec<f64> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_f64().unwrap())
        .collect();
    assert_eq!(amounts.len(), 7.min(big.len()));
    assert!(
        amounts.windows(2).all(|w| w[0] >= w[1]),
        "sorted descending: {amounts:?}"
    );
    assert_eq!(amounts[0], big.iter().cloned().fold(f64::MIN, f64::max));
    // A sort alone, on a later page: the same rows as sorting the CSV.
    let mut payees: Vec<&str> = rows.iter().map(|r| r["payee"].as_str()).collect();
    payees.sort_unstable();
    let (_, _, sorted) =
        json("/api/datasets/expenditure-2025-09/versions/1/rows?_sort=payee&_page=3&_size=5");
    let got: Vec<&str> = sorted["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["payee"].as_str().unwrap())
        .collect();
    assert_eq!(got, payees[10..15]);
    // Text filters match any case; `=` matches exactly.
    let ward = rows
        .iter()
        .map(|r| r["ward"].clone())
        .find(|w| !w.is_empty())
        .expect("a payment in a ward");
    let exact = rows.iter().filter(|r| r["ward"] == ward).count();
    let (_, _, by_ward) = json(&format!(
        "/api/datasets/expenditure-2025-09/rows?ward=%3D{ward}"
    ));
    assert_eq!(by_ward["total"].as_u64().unwrap() as usize, exact);
    let payee = rows
        .iter()
        .map(|r| r["payee"].clone())
        .find(|p| p.len() > 6)
        .unwrap();
    let part = payee[1..5].to_lowercase();
    let containing = rows
        .iter()
        .filter(|r| r["payee"].to_lowercase().contains(&part))
        .count();
    let (_, _, by_payee) = json(&format!(
        "/api/datasets/expenditure-2025-09/rows?payee={}",
        part.replace(' ', "%20")
    ));
    assert_eq!(by_payee["total"].as_u64().unwrap() as usize, containing);
    // Dates take ranges.
    let september = rows
        .iter()
        .filter(|r| ("2025-09-10".."2025-09-21").contains(&r["payment_date"].as_str()))
        .count();
    let (_, _, dated) =
        json("/api/datasets/expenditure-2025-09/rows?payment_date=2025-09-10..2025-09-20");
    assert_eq!(dated["total"].as_u64().unwrap() as usize, september);
    // The page shows the same, with the filter kept in the form and the links.
    let html = get("/datasets/expenditure-2025-09?amount=%3E100000&_sort=-amount").text();
    assert!(
        html.contains(&format!("{} matching rows", big.len())),
        "{html}"
    );
    assert!(
        html.contains("value=\"&gt;100000\""),
        "the filter stays in its box"
    );
    assert!(
        html.contains("rows.csv?amount=%3E100000&amp;_sort=-amount"),
        "the slice links carry the filter"
    );
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
    use polars::prelude::*;
    let df = ParquetReader::new(std::io::Cursor::new(parquet.body))
        .finish()
        .unwrap();
    assert_eq!(df.height(), expected);
}

#[test]
fn bad_row_queries_are_400s_that_name_the_problem() {
    for (path, says) in [
        (
            "/datasets/expenditure-2025-09?amount=lots",
            "is not a number",
        ),
        (
            "/datasets/expenditure-2025-09?colour=red",
            "`colour` is not a column",
        ),
        (
            "/datasets/expenditure-2025-09?_sort=colour",
            "cannot sort by `colour`",
        ),
        ("/datasets/expenditure-2025-09?_page=99999", "past the end"),
        (
            "/datasets/expenditure-2025-09?payment_date=%3E2025-13-01",
            "is not a date",
        ),
        (
            "/datasets/expenditure-2025-09/v/1/rows.csv?amount=%3Cx",
            "is not a number",
        ),
    ] {
        let page = get(path);
        assert_eq!(page.status, 400, "{path}: {}", page.text());
        assert!(page.text().contains(says), "{path}: {}", page.text());
    }
    for (path, status) in [
        ("/api/datasets/expenditure-2025-09/rows?_size=100000", 400),
        ("/api/datasets/expenditure-2025-09/rows?_page=-1", 400),
        ("/api/datasets/expenditure-2025-09/versions/7/rows", 404),
        ("/api/datasets/..%2F..%2Fetc/rows", 404),
        ("/datasets/..%2Fledger.jsonl/v/1/rows.csv", 404),
        ("/api/search?size=0", 400),
        ("/api/search?page=100000", 400),
        ("/api/datasets/budget-2024-25/diff/1..9", 404),
        ("/api/datasets/budget-2024-25/diff/one-two", 400),
    ] {
        let got = get(path);
        assert_eq!(got.status, status, "{path}");
        if path.starts_with("/api") {
            assert_eq!(
                got.header("content-type"),
                "application/problem+json",
                "{path}"
            );
        }
    }
}

#[test]
fn the_api_diff_lists_changed_cells() {
    let (status, _, diff) = json("/api/datasets/budget-2024-25/diff/1..2");
    assert_eq!(status, 200);
    assert_eq!(
        (diff["from"].as_u64(), diff["to"].as_u64()),
        (Some(1), Some(2))
    );
    let counts = &diff["counts"];
    assert!(
        ["changed", "added", "removed"]
            .iter()
            .map(|c| counts[c].as_u64().unwrap())
            .sum::<u64>()
            > 0,
        "{counts}"
    );
    for list in ["changed", "added", "removed"] {
        assert_eq!(
            diff[list].as_array().unwrap().len() as u64,
            counts[list].as_u64().unwrap(),
            "every {list} row is listed"
        );
    }
}

fn ckan(action: &str, query: &str) -> (u16, serde_json::Value) {
    let (status, _, body) = json(&format!("/api/3/action/{action}?{query}"));
    (status, body)
}

#[test]
fn the_ckan_api_answers_as_ckan_does() {
    let (status, body) = ckan("status_show", "");
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    assert!(
        body["result"]["ckan_version"]
            .as_str()
            .unwrap()
            .starts_with("2.")
    );
    let (_, list) = ckan("package_list", "");
    let names = list["result"].as_array().unwrap();
    assert!(
        names.iter().any(|n| n == "projects") && names.iter().any(|n| n == "expenditure-2025-09")
    );
    let (_, show) = ckan("package_show", "id=budget-2024-25");
    let package = &show["result"];
    assert_eq!(package["name"], "budget-2024-25");
    assert_eq!(package["version"], "3");
    let csv = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["format"] == "CSV")
        .unwrap();
    let file = get(csv["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(demo().0.as_str()));
    use sha2::Digest;
    assert_eq!(
        format!("sha256:{}", hex::encode(sha2::Sha256::digest(&file.body))),
        csv["hash"].as_str().unwrap()
    );
    let org = package["organization"]["name"]
        .as_str()
        .unwrap()
        .to_string();

    let (_, search) = ckan(
        "package_search",
        &format!(
            "q=*:*&fq=organization:{org}&rows=2&start=1&facet.field=%5B%22res_format%22,%22tags%22%5D"
        ),
    );
    let result = &search["result"];
    assert_eq!(
        result["count"], 2,
        "the budget office publishes two budgets"
    );
    assert_eq!(
        result["results"].as_array().unwrap().len(),
        1,
        "start=1 skips one"
    );
    assert_eq!(result["facets"]["res_format"]["CSV"], 2);
    assert_eq!(
        result["search_facets"]["tags"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == "budget")
            .unwrap()["count"],
        2
    );

    let (_, orgs) = ckan("organization_list", "all_fields=true");
    let budget_office = orgs["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == org.as_str())
        .unwrap()
        .clone();
    assert_eq!(budget_office["package_count"], 2);
    let (_, shown) = ckan(
        "organization_show",
        &format!("id={org}&include_datasets=true"),
    );
    assert_eq!(shown["result"]["packages"].as_array().unwrap().len(), 2);

    // ckanapi posts a JSON object to /api/action/NAME.
    let mut response = agent()
        .post(format!("{}/api/action/package_search", demo().0))
        .content_type("application/json")
        .send(r#"{"q": "payments", "rows": 3, "fq": "kind:expenditure"}"#)
        .unwrap();
    let posted: serde_json::Value =
        serde_json::from_slice(&response.body_mut().read_to_vec().unwrap()).unwrap();
    assert_eq!(posted["result"]["count"], 24);
    assert_eq!(posted["result"]["results"].as_array().unwrap().len(), 3);

    for (action, query, status, kind) in [
        ("package_show", "id=nothing", 404, "Not Found Error"),
        ("package_show", "", 409, "Validation Error"),
        ("package_search", "fq=colour:red", 409, "Search Query Error"),
        ("package_search", "rows=lots", 409, "Validation Error"),
        ("organization_show", "id=nobody", 404, "Not Found Error"),
        (
            "package_delete",
            "id=projects",
            400,
            "Bad request - Action name not known",
        ),
    ] {
        let (got, body) = ckan(action, query);
        assert_eq!(got, status, "{action}?{query}: {body}");
        assert_eq!(
            (body["success"].as_bool(), body["error"]["__type"].as_str()),
            (Some(false), Some(kind)),
            "{action}?{query}"
        );
    }
}

#[test]
fn the_dcat_catalogue_lists_series_datasets_and_checksummed_distributions() {
    let (status, content_type, catalog) = json("/catalog.jsonld");
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/ld+json");
    let items = catalog["dcat:dataset"].as_array().unwrap();
    let series = items
        .iter()
        .find(|d| d["@type"] == "dcat:DatasetSeries" && d["dct:title"] == "Payments made")
        .expect("a series for payments");
    let september = items
        .iter()
        .find(|d| d["dct:identifier"] == "expenditure-2025-09")
        .unwrap();
    assert_eq!(september["dcat:inSeries"]["@id"], series["@id"]);
    assert_eq!(
        september["dct:temporal"]["dcat:startDate"]["@value"],
        "2025-09-01"
    );
    let base = &demo().0;
    let csv = september["dcat:distribution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dct:format"] == "CSV")
        .unwrap();
    let url = csv["dcat:downloadURL"]["@id"].as_str().unwrap();
    assert!(
        url.starts_with(base.as_str()),
        "absolute URLs on this host: {url}"
    );
    let file = get(url.trim_start_matches(base.as_str()));
    use sha2::Digest;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&file.body)),
        csv["spdx:checksum"]["spdx:checksumValue"].as_str().unwrap()
    );

    let (status, _, data) = json("/data.json");
    assert_eq!(status, 200);
    assert_eq!(
        data["conformsTo"],
        "https://project-open-data.cio.gov/v1.1/schema"
    );
    let (_, _, all) = json("/api/datasets");
    let datasets = data["dataset"].as_array().unwrap();
    assert_eq!(datasets.len() as u64, all["count"].as_u64().unwrap());
    for d in datasets {
        for required in [
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "identifier",
            "accessLevel",
            "distribution",
        ] {
            assert!(
                !d[required].is_null(),
                "{required} missing in {}",
                d["identifier"]
            );
        }
    }
}

#[test]
fn pages_speak_swahili_when_asked_and_remember_it() {
    let english = get("/datasets").text();
    assert!(english.contains("<html lang=\"en\">") && english.contains("Datasets"));
    let asked = get_with(
        "/datasets",
        &[("accept-language", "sw-KE,sw;q=0.9,en;q=0.5")],
    );
    assert!(
        asked.text().contains("<html lang=\"sw\">") && asked.text().contains("Seti za data"),
        "{}",
        asked.text()
    );
    assert!(asked.header("vary").contains("Accept-Language"));
    let chosen = get("/protocol?lang=sw");
    assert!(
        chosen.header("set-cookie").starts_with("lang=sw"),
        "the switcher's choice is remembered"
    );
    assert!(chosen.text().contains("Itifaki ya ufichuzi"));
    let remembered = get_with("/ledger", &[("cookie", "lang=sw")]);
    assert!(remembered.text().contains("Daftari"));
    // Dates are written out in the reader's language.
    let due = get_with("/protocol?as_of=2026-07-31", &[("cookie", "lang=sw")]).text();
    assert!(
        due.contains("Julai 2026") || due.contains("Agosti 2026"),
        "{due}"
    );
    // The switcher links to the same page in the other language.
    assert!(english.contains("href=\"/datasets?lang=sw\""));
    let missing = get_with("/datasets/nothing", &[("cookie", "lang=sw")]);
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Haikupatikana"),
        "{}",
        missing.text()
    );
}

#[test]
fn every_page_with_its_stylesheet_stays_under_60_kb() {
    let home = get("/").text();
    let css_href = home
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = get(&css_href).body.len();
    for path in [
        "/",
        "/datasets",
        "/datasets?q=road",
        "/datasets/projects",
        "/datasets/expenditure-2025-09",
        "/datasets/budget-2024-25/v/1",
        "/datasets/budget-2024-25/diff/1..2",
        "/protocol",
        "/ledger",
        "/datasets/nothing",
        "/projects",
        "/projects?status=implementation",
        "/wards",
        "/wards/MLM-01",
        "/audit",
        "/audit/flags",
        "/projects/MLM-MK-0001",
        "/budget",
        "/budget?across=month",
        "/budget?unit=3711",
        "/revenue",
        "/services",
    ] {
        for lang in ["en", "sw"] {
            let page = get_with(path, &[("cookie", &format!("lang={lang}"))]);
            assert!(page.status < 500, "{path}");
            let total = page.body.len() + css;
            assert!(
                total < 60 * 1024,
                "{path} ({lang}) is {total} bytes with its CSS"
            );
            assert!(
                !page.text().contains("<script"),
                "{path} needs no JavaScript"
            );
        }
    }
}

#[test]
fn the_home_page_gives_the_latest_fiscal_years_figures() {
    let spent: f64 = (0..12)
        .map(|i| {
            let (year, month) = if i < 6 { (2025, 7 + i) } else { (2026, i - 5) };
            let id = format!("expenditure-{year}-{month:02}");
            let (_, data) = demo();
            let version = std::fs::read_dir(data.join(&id)).unwrap().count() as u32;
            published_rows(&id, version)
                .iter()
                .map(|r| r["amount"].parse::<f64>().unwrap())
                .sum::<f64>()
        })
        .sum();
    let shown = if spent >= 1e9 {
        format!("KES {:.2} bn", spent / 1e9)
    } else {
        format!("KES {:.2} m", spent / 1e6)
    };
    let html = get("/").text();
    assert!(html.contains("Fiscal year 2025-26"), "{html}");
    assert!(
        html.contains(&format!(
            "<strong>{shown}</strong>paid in 12 months published"
        )),
        "{shown} in {html}"
    );
    assert!(html.contains("of the budget paid") && html.contains("of target"));
    let swahili = get_with("/", &[("cookie", "lang=sw")]).text();
    assert!(swahili.contains("ya bajeti imelipwa"));
}

#[test]
fn ogc_api_features_serves_the_spatial_registers_with_paging_and_filters() {
    let (status, _, landing) = json("/ogc");
    assert_eq!(status, 200);
    let rels: Vec<&str> = landing["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    for rel in ["self", "service-desc", "conformance", "data"] {
        assert!(rels.contains(&rel), "{rel} in {rels:?}");
    }
    let (_, _, conformance) = json("/ogc/conformance");
    assert!(
        conformance["conformsTo"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c.as_str().unwrap().ends_with("/conf/geojson"))
    );
    let (_, _, collections) = json("/ogc/collections");
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["projects", "wards"]);

    let projects = published_rows("projects", 3);
    let (status, content_type, page) = json("/ogc/collections/projects/items?limit=50&offset=100");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/geo+json")
    );
    assert_eq!(
        page["numberMatched"].as_u64().unwrap() as usize,
        projects.len()
    );
    assert_eq!(page["numberReturned"], 50);
    let links = page["links"].as_array().unwrap();
    let next = links.iter().find(|l| l["rel"] == "next").unwrap()["href"]
        .as_str()
        .unwrap();
    assert!(
        next.contains("offset=150") && next.contains("limit=50"),
        "{next}"
    );
    assert!(links.iter().any(|l| l["rel"] == "prev"));

    // Property filters, exact.
    let sector = projects[0]["sector"].clone();
    let (_, _, roads) = json(&format!(
        "/ogc/collections/projects/items?sector={sector}&limit=1000"
    ));
    assert_eq!(
        roads["numberMatched"].as_u64().unwrap() as usize,
        projects.iter().filter(|p| p["sector"] == sector).count()
    );
    // bbox: the wards whose boundary touches a box in the county's west.
    let (_, _, west) = json("/ogc/collections/wards/items?bbox=37.05,-1.75,37.2,-1.6");
    let matched = west["numberMatched"].as_u64().unwrap();
    assert!((1..20).contains(&matched), "{matched} wards");
    // datetime: projects running at some time in FY 2025-26 exclude those ended before.
    let (_, _, running) =
        json("/ogc/collections/projects/items?datetime=2025-07-01/2026-06-30&limit=1000");
    let ended_before = projects.iter().filter(|p| {
        let end = if p["actual_end"].is_empty() {
            &p["planned_end"]
        } else {
            &p["actual_end"]
        };
        !end.is_empty() && end.as_str() < "2025-07-01"
    });
    assert_eq!(
        running["numberMatched"].as_u64().unwrap() as usize,
        projects.len() - ended_before.count()
    );
    let id = &projects[0]["id"];
    let (status, _, one) = json(&format!("/ogc/collections/projects/items/{id}"));
    assert_eq!((status, one["id"].as_str()), (200, Some(id.as_str())));

    let (_, _, api) = json("/ogc/api");
    assert_eq!(api["openapi"], "3.0.3");
    assert!(
        api["paths"]["/collections/projects/items"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "bbox")
    );

    for (path, status) in [
        ("/ogc/collections/projects/items?colour=red", 400),
        ("/ogc/collections/projects/items?bbox=1,2,3", 400),
        ("/ogc/collections/projects/items?limit=0", 400),
        ("/ogc/collections/projects/items?limit=1000000", 400),
        ("/ogc/collections/projects/items?datetime=soon", 400),
        ("/ogc/collections/projects/items?f=xml", 400),
        ("/ogc/collections/budget", 404),
        ("/ogc/collections/projects/items/NOPE", 404),
    ] {
        let (got, _, problem) = json(path);
        assert_eq!(got, status, "{path}");
        assert!(
            problem["description"].as_str().unwrap().len() > 10,
            "{path}: {problem}"
        );
    }
}

#[test]
fn the_projects_page_maps_and_lists_the_register_with_filters() {
    let projects = published_rows("projects", 3);
    let page = get("/projects");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<svg") && html.contains("class=\"ward\""),
        "a map drawn on the server"
    );
    assert!(html.contains(&format!("{} projects", projects.len())));
    let located = projects
        .iter()
        .filter(|p| !p["geometry"].is_empty())
        .count();
    let svg = html
        .split("<svg")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(
        svg.matches("<a href=\"/projects/").count(),
        located,
        "every located project is on the map, linked"
    );
    let sector = projects[0]["sector"].clone();
    let filtered = get(&format!("/projects?sector={sector}")).text();
    assert!(filtered.contains(&format!(
        "{} projects",
        projects.iter().filter(|p| p["sector"] == sector).count()
    )));
    assert_eq!(get("/projects?colour=red").status, 400);
    assert_eq!(get("/projects?page=999").status, 400);
}

#[test]
fn a_project_page_puts_budget_contract_payments_and_progress_side_by_side() {
    // The project with the most payments across the months published.
    let mut paid: std::collections::HashMap<String, (usize, f64)> =
        std::collections::HashMap::new();
    let (_, data) = demo();
    for entry in std::fs::read_dir(data).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with("expenditure-") {
            continue;
        }
        let version = std::fs::read_dir(entry.path()).unwrap().count() as u32;
        for r in published_rows(&name, version)
            .into_iter()
            .filter(|r| !r["project_id"].is_empty())
        {
            let e = paid.entry(r["project_id"].clone()).or_default();
            e.0 += 1;
            e.1 += r["amount"].parse::<f64>().unwrap();
        }
    }
    let (id, (count, total)) = paid
        .iter()
        .max_by_key(|(_, (n, _))| *n)
        .map(|(k, v)| (k.clone(), *v))
        .unwrap();
    let page = get(&format!("/projects/{id}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    let total_shown = format!("KES {}", {
        let whole = total.round() as u64;
        let digits = whole.to_string();
        digits
            .chars()
            .enumerate()
            .fold(String::new(), |mut out, (i, c)| {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
                out
            })
    });
    assert!(
        html.contains(&total_shown),
        "paid to date {total_shown} in {html}"
    );
    assert_eq!(
        html.matches("?voucher_id=%3D").count(),
        count,
        "every payment listed with a link to its row"
    );
    for needle in [
        "Original contract",
        "Current contract",
        "Share of the contract paid",
        "Site inspections",
        "path class=\"built\"",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    let geojson = get(&format!("/projects/{id}.geojson"));
    let feature: serde_json::Value = serde_json::from_slice(&geojson.body).unwrap();
    assert_eq!(feature["id"], id.as_str());
    let csv = get(&format!("/projects/{id}.csv")).text();
    assert!(csv.starts_with("id,title,") && csv.contains(&id));
    assert_eq!(get("/projects/NOPE-1").status, 404);
    assert!(
        get_with(&format!("/projects/{id}"), &[("cookie", "lang=sw")])
            .text()
            .contains("Kilicholipwa hadi sasa")
    );
}

#[test]
fn wards_are_ranked_by_payments_per_resident_and_each_has_its_page() {
    let wards = published_rows("wards", 1);
    // What was paid in each ward in 2025-26, from the published CSVs.
    let mut paid: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for i in 0..12 {
        let (year, month) = if i < 6 { (2025, 7 + i) } else { (2026, i - 5) };
        let id = format!("expenditure-{year}-{month:02}");
        let version = std::fs::read_dir(demo().1.join(&id)).unwrap().count() as u32;
        for r in published_rows(&id, version)
            .into_iter()
            .filter(|r| !r["ward"].is_empty())
        {
            *paid.entry(r["ward"].clone()).or_default() += r["amount"].parse::<f64>().unwrap();
        }
    }
    let per_resident = |w: &std::collections::HashMap<String, String>| {
        paid.get(&w["code"]).copied().unwrap_or(0.0) / w["population"].parse::<f64>().unwrap()
    };
    let top = wards
        .iter()
        .max_by(|a, b| per_resident(a).total_cmp(&per_resident(b)))
        .unwrap();
    let index = get("/wards");
    assert_eq!(index.status, 200);
    let html = index.text();
    assert!(html.contains("2025-26"));
    let first_row = html
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        first_row.contains(&format!("/wards/{}", top["code"])),
        "the top ward first: {first_row}"
    );
    let page = get(&format!("/wards/{}", top["code"]));
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(
        text.contains(&top["name"])
            && text.contains(&format!("/datasets/projects?ward=%3D{}", top["code"])),
        "links to datasets filtered to the ward"
    );
    assert_eq!(get("/wards/NOWHERE").status, 404);
}

/// The tile address holding a point, at a zoom.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let lat = lat.to_radians();
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor()
        as u32;
    (x, y)
}

#[test]
fn vector_tiles_cover_the_county_under_50_kb_and_answer_by_the_rules() {
    use geozero::mvt::{Message, Tile};
    let (status, _, tilejson) = json("/tiles/projects.json");
    assert_eq!(status, 200);
    assert_eq!(tilejson["tilejson"], "3.0.0");
    assert!(
        tilejson["tiles"][0]
            .as_str()
            .unwrap()
            .ends_with("/tiles/projects/{z}/{x}/{y}.mvt")
    );
    let [w, s, e, n]: [f64; 4] = serde_json::from_value(tilejson["bounds"].clone()).unwrap();
    let projects = published_rows("projects", 3);
    let located = projects
        .iter()
        .filter(|p| !p["geometry"].is_empty())
        .count();
    for layer in ["projects", "wards"] {
        for z in [8u8, 10, 12, 14] {
            let (x0, y0) = tile_of(w, n, z);
            let (x1, y1) = tile_of(e, s, z);
            let mut features = 0;
            for x in x0..=x1 {
                for y in y0..=y1 {
                    let tile = get_with(
                        &format!("/tiles/{layer}/{z}/{x}/{y}.mvt"),
                        &[("accept-encoding", "gzip")],
                    );
                    assert!(
                        tile.status == 200 || tile.status == 204,
                        "{layer} {z}/{x}/{y}: {}",
                        tile.status
                    );
                    assert!(
                        tile.body.len() < 50 * 1024,
                        "{layer} {z}/{x}/{y} is {} bytes compressed",
                        tile.body.len()
                    );
                    if tile.status == 200 {
                        assert_eq!(tile.header("content-encoding"), "gzip");
                        let mut raw = Vec::new();
                        std::io::Read::read_to_end(
                            &mut flate2::read::GzDecoder::new(tile.body.as_slice()),
                            &mut raw,
                        )
                        .unwrap();
                        let decoded = Tile::decode(raw.as_slice()).unwrap();
                        assert_eq!(decoded.layers[0].name, layer);
                        features += decoded.layers[0].features.len();
                    }
                }
            }
            assert!(features > 0, "{layer} at z{z} shows something");
            if layer == "projects" && z == 14 {
                assert!(
                    features >= located,
                    "at z14 every located project is drawn ({features} of {located}; buffers repeat some)"
                );
            }
        }
    }
    let (x, y) = tile_of(0.0, 51.5, 10);
    let far = get(&format!("/tiles/projects/10/{x}/{y}.mvt"));
    assert_eq!(far.status, 204, "nothing in London");
    let (x, y) = tile_of((w + e) / 2.0, (s + n) / 2.0, 9);
    let first = get(&format!("/tiles/wards/9/{x}/{y}.mvt"));
    assert_eq!(first.status, 200);
    let etag = first.header("etag").to_string();
    assert_eq!(
        get_with(
            &format!("/tiles/wards/9/{x}/{y}.mvt"),
            &[("if-none-match", &etag)]
        )
        .status,
        304
    );
    for bad in [
        "/tiles/projects/23/0/0.mvt",
        "/tiles/projects/2/4/0.mvt",
        "/tiles/projects/2/0/0.png",
        "/tiles/projects/x/0/0.mvt",
    ] {
        assert_eq!(get(bad).status, 400, "{bad}");
    }
    assert_eq!(get("/tiles/roads/2/0/0.mvt").status, 404);
    assert_eq!(get("/tiles/roads.json").status, 404);
}

#[test]
fn the_interactive_map_loads_maplibre_from_this_site_only_when_asked() {
    let list = get("/projects?status=completion").text();
    assert!(
        !list.contains("<script"),
        "the first view needs no JavaScript"
    );
    assert!(
        list.contains("href=\"/projects/map?status=completion\""),
        "the interactive map keeps the filters"
    );
    let page = get("/projects/map?status=completion");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<noscript>") && html.contains("data-bounds=\"[["));
    let script = html
        .split("<script type=\"module\" src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(2)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    for path in [
        script.as_str(),
        css.as_str(),
        "/static/vendor/maplibre-gl-6.17.0/maplibre-gl.mjs",
        "/static/vendor/maplibre-gl-6.17.0/maplibre-gl-worker.mjs",
    ] {
        assert!(path.starts_with('/'), "served by this site, no CDN: {path}");
        let got = get_with(path, &[("accept-encoding", "gzip")]);
        assert_eq!(got.status, 200, "{path}");
        assert!(got.header("cache-control").contains("immutable"), "{path}");
        assert!(
            got.header("content-type")
                .starts_with(if path.ends_with(".css") {
                    "text/css"
                } else {
                    "text/javascript"
                }),
            "{path}"
        );
    }
    let map_js = get(&script).text();
    assert!(
        map_js.contains("from '/static/vendor/maplibre-gl-6.17.0/maplibre-gl.mjs'")
            && map_js.contains("/tiles/projects.json")
    );
    assert!(
        !map_js.contains("http://") && !map_js.contains("https://"),
        "no external requests"
    );
    assert_eq!(
        get("/static/vendor/maplibre-gl-6.17.0/../../../Cargo.toml").status,
        404
    );
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
        .filter_map(|d| d["dct:format"].as_str())
        .collect();
    assert!(
        formats.contains(&"GeoPackage") && formats.contains(&"FlatGeobuf"),
        "{formats:?}"
    );
}

fn published_versions(dataset: &str) -> usize {
    disclose::store::Store::open(&demo().1)
        .unwrap()
        .latest(dataset)
        .map_or(0, |e| e.version as usize)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut raw).unwrap();
    raw
}

#[test]
fn disclose_tiles_builds_pmtiles_archives_the_server_answers_from_and_serves_by_range() {
    use geozero::mvt::{Message, Tile};
    let (on_demand, data) = demo();
    let tiles = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
            .arg("--data-dir")
            .arg(data)
            .arg("--protocol")
            .arg(repo().join("protocol"))
            .arg("--tiles-dir")
            .arg(tiles.path())
            .arg("tiles")
            .args(args)
            .output()
            .expect("the binary runs")
    };
    let out = run(&["--max-zoom", "12"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let printed = crate::support::stdout(&out);
    let versions = published_versions("projects");
    assert_eq!(
        printed.matches("built ").count(),
        versions + published_versions("wards"),
        "one archive per layer version: {printed}"
    );
    let latest = disclose::store::Store::open(data)
        .unwrap()
        .latest("projects")
        .unwrap()
        .clone();
    let archive = tiles.path().join(disclose::tiles::archive::file_name(
        "projects",
        latest.version,
        &latest.hash,
    ));
    let first = std::fs::read(&archive).unwrap();
    assert_eq!(&first[..7], b"PMTiles");
    // A second run keeps what is there; a rebuild gives the same bytes.
    let again = run(&["--max-zoom", "12"]);
    assert!(
        crate::support::stdout(&again).contains("kept"),
        "{}",
        crate::support::stdout(&again)
    );
    std::fs::remove_file(&archive).unwrap();
    assert!(run(&["--max-zoom", "12"]).status.success());
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        first,
        "archives are reproducible"
    );
    let bad = run(&["--min-zoom", "9", "--max-zoom", "3"]);
    assert!(!bad.status.success() && crate::support::stderr(&bad).contains("--min-zoom"));

    let prebuilt = start_with(data.clone(), Some(tiles.path().to_path_buf()));
    let (_, _, tilejson) = json("/tiles/projects.json");
    let [w, s, e, n]: [f64; 4] = serde_json::from_value(tilejson["bounds"].clone()).unwrap();
    let mut compared = 0;
    for z in [6u8, 10, 12] {
        let (x0, y0) = tile_of(w, n, z);
        let (x1, y1) = tile_of(e, s, z);
        for x in x0..=x1 {
            for y in y0..=y1 {
                let path = format!("/tiles/projects/{z}/{x}/{y}.mvt");
                let stored = get_at(&prebuilt, &path, &[("accept-encoding", "gzip")]);
                let cut = get_at(on_demand, &path, &[]);
                assert_eq!(stored.status, cut.status, "{path}");
                if stored.status == 200 {
                    assert_eq!(
                        stored.header("content-encoding"),
                        "gzip",
                        "{path} is sent as stored"
                    );
                    assert!(stored.body.len() < 50 * 1024);
                    assert_eq!(
                        Tile::decode(gunzip(&stored.body).as_slice()).unwrap(),
                        Tile::decode(cut.body.as_slice()).unwrap(),
                        "{path}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 10, "compared {compared} tiles");
    // A client that cannot take gzip gets the plain tile; deeper zooms are cut on demand.
    let (x, y) = tile_of((w + e) / 2.0, (s + n) / 2.0, 12);
    let plain = get_at(
        &prebuilt,
        &format!("/tiles/wards/12/{x}/{y}.mvt"),
        &[("accept-encoding", "identity")],
    );
    assert_eq!(plain.status, 200);
    assert!(Tile::decode(plain.body.as_slice()).is_ok());
    let (x, y) = tile_of((w + e) / 2.0, (s + n) / 2.0, 15);
    assert_eq!(
        get_at(&prebuilt, &format!("/tiles/wards/15/{x}/{y}.mvt"), &[]).status,
        200
    );
    let etag = plain.header("etag").to_string();
    assert_eq!(
        get_at(
            &prebuilt,
            &format!(
                "/tiles/wards/12/{}/{}.mvt",
                tile_of((w + e) / 2.0, (s + n) / 2.0, 12).0,
                tile_of((w + e) / 2.0, (s + n) / 2.0, 12).1
            ),
            &[("if-none-match", &etag)]
        )
        .status,
        304
    );

    // The archive itself, by range, as PMTiles readers fetch it.
    let head = get_at(
        &prebuilt,
        &format!("/tiles/projects-v{versions}.pmtiles"),
        &[("range", "bytes=0-126")],
    );
    assert_eq!(head.status, 206);
    assert_eq!(head.body, first[..127]);
    assert_eq!(head.header("content-type"), "application/vnd.pmtiles");
    for missing in [
        "/tiles/projects-v999.pmtiles",
        "/tiles/roads-v1.pmtiles",
        "/tiles/projects-vx.pmtiles",
        "/tiles/..%2fledger.jsonl.pmtiles",
    ] {
        assert_eq!(get_at(&prebuilt, missing, &[]).status, 404, "{missing}");
    }
    assert_eq!(
        get(&format!("/tiles/projects-v{versions}.pmtiles")).status,
        404,
        "no archives without a tiles directory"
    );
}

fn planted() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(demo().1.join("inbox/planted.json")).unwrap()).unwrap()
}

#[test]
fn the_audit_page_lists_red_flags_filters_them_and_exports_them() {
    let all = get("/audit");
    assert_eq!(all.status, 200);
    let html = all.text();
    for id in [
        "MLM-MK-0001",
        "Ofisi Supplies Ltd",
        "Mbuyu Enterprises Ltd",
        "Jabali Contractors Ltd",
    ] {
        assert!(html.contains(id), "/audit names {id}");
    }
    let duplicates = get("/audit?rule=duplicate_payment").text();
    assert!(
        duplicates.contains("Ofisi Supplies Ltd") && !duplicates.contains("Mbuyu Enterprises Ltd")
    );
    let (status, content_type, json_flags) = json("/audit.json?severity=high");
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let flags = json_flags["flags"].as_array().unwrap();
    assert_eq!(json_flags["count"].as_u64().unwrap() as usize, flags.len());
    assert!(!flags.is_empty() && flags.iter().all(|f| f["severity"] == "high"));
    // Each flag's rows: the pinned version filtered to them, which the site serves.
    let evidence = flags
        .iter()
        .find(|f| f["rule"] == "duplicate_payment")
        .unwrap()["evidence"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let rows = get(&evidence);
    assert_eq!(rows.status, 200, "{evidence}");
    assert!(
        rows.text().contains("Ofisi Supplies Ltd") && rows.text().contains("487,350"),
        "{evidence} shows the duplicate"
    );
    let csv = get("/audit.csv?rule=split_payments");
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(
        text.starts_with("rule,severity,subject,project,ward,office,summary,figures,rows,versions")
    );
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Mbuyu Enterprises Ltd"));
    let by_ward = get("/audit?ward=MLM-01");
    assert_eq!(by_ward.status, 200);

    let rules = get("/audit/flags").text();
    for rule in [
        "payments_ahead_of_progress",
        "overdue",
        "cost_overrun",
        "paid_beyond_contract",
        "no_inspection_while_paying",
        "capital_without_project",
        "duplicate_payment",
        "split_payments",
        "year_end_spike",
        "above_budget_line",
        "contractor_concentration",
    ] {
        assert!(
            rules.contains(&format!("id=\"{rule}\"")),
            "/audit/flags explains {rule}"
        );
    }
    assert!(
        rules.contains("20 percentage points"),
        "thresholds come from the protocol"
    );
    // In Swahili: the rules explained with the same thresholds, and each flag's figures
    // under translated labels.
    let sw = get("/audit/flags?lang=sw").text();
    assert!(
        sw.contains("zaidi ya asilimia 20 mbele") && sw.contains("ndani ya siku 3"),
        "the rules in Swahili, thresholds filled in"
    );
    let sw = get("/audit?rule=duplicate_payment&lang=sw").text();
    assert!(
        sw.contains("Mlipwaji: ") && sw.contains("Hati za malipo: "),
        "a duplicate's figures under Swahili labels"
    );

    // One page of flags at a time; the downloads hold them all.
    let count = json("/audit.json").2["count"].as_u64().unwrap() as usize;
    assert!(
        get("/audit?page=1")
            .text()
            .contains(&format!("{count} red flags"))
    );
    assert_eq!(
        get(&format!("/audit?page={}", count.div_ceil(40) + 1)).status,
        400,
        "a page past the end"
    );
    for bad in [
        "/audit?page=0",
        "/audit?page=two",
        "/audit?rule=nope",
        "/audit?severity=urgent",
        "/audit?ward=%3Cscript%3E",
        "/audit?office=%27%3B%20DROP%20TABLE%20flags%3B--",
        "/audit?colour=red",
        "/audit.csv?rule=nope",
        "/audit.json?ward=MLM-99",
    ] {
        let got = get(bad);
        assert_eq!(got.status, 400, "{bad}");
        assert!(
            !got.text().contains("<script>"),
            "{bad} echoes nothing unescaped"
        );
    }
}

#[test]
fn projects_show_their_flags_and_the_list_filters_by_red_flag() {
    let planted = planted();
    let ahead: Vec<String> = planted["patterns"]["payments_ahead_of_progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let page = get(&format!("/projects/{}", ahead[0])).text();
    assert!(
        page.contains("Payments ahead of physical progress")
            && page.contains("/audit/flags#payments_ahead_of_progress"),
        "the project page shows its flag"
    );
    assert!(
        page.contains(&format!("IMG_{}_001.jpg", ahead[0].replace('-', ""))),
        "inspections show their photo references"
    );
    let clean = planted["patterns"]["clean_projects"][0].as_str().unwrap();
    assert!(
        get(&format!("/projects/{clean}"))
            .text()
            .contains("raises none of the red flags")
    );

    let flagged = get("/projects?flag=payments_ahead_of_progress").text();
    for id in &ahead {
        assert!(flagged.contains(id.as_str()), "{id} is listed");
    }
    assert!(
        !flagged.contains(&format!("/projects/{clean}\"")),
        "clean projects are not"
    );
    let any = get("/projects?flag=any").text();
    assert!(any.contains(ahead[0].as_str()));
    assert_eq!(get("/projects?flag=bogus").status, 400);
    assert_eq!(
        get("/projects?flag=duplicate_payment").status,
        400,
        "only project flags filter projects"
    );
}

/// Decodes the first QR code on a page: reads the dark modules back from its SVG path and
/// hands rqrr a greyscale picture of them.
fn decode_qr(html: &str) -> String {
    let svg = &html[html
        .find("<figure class=\"qr\">")
        .expect("a QR code on the page")..];
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = vec![false; size * size];
    for module in path.split('M').filter(|m| !m.is_empty()) {
        let xy = module.trim_end_matches("h1v1h-1z");
        let (x, y) = xy.split_once(' ').unwrap();
        dark[y.parse::<usize>().unwrap() * size + x.parse::<usize>().unwrap()] = true;
    }
    const SCALE: usize = 6;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size * SCALE, size * SCALE, |x, y| {
            if dark[(y / SCALE) * size + x / SCALE] {
                0
            } else {
                255
            }
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found");
    grids[0].decode().expect("the QR code decodes").1
}

#[test]
fn audit_packs_and_site_notices_print_with_qr_codes_that_open_the_pinned_record() {
    let (base, data) = demo();
    let id = planted()["patterns"]["payments_ahead_of_progress"][0]
        .as_str()
        .unwrap()
        .to_string();
    let store = disclose::store::Store::open(data).unwrap();
    let register = store.latest("projects").unwrap();
    let pinned = format!("{base}/datasets/projects/v/{}?id=%3D{id}", register.version);

    let pack = get(&format!("/audit/projects/{id}/pack"));
    assert_eq!(pack.status, 200);
    let html = pack.text();
    assert_eq!(decode_qr(&html), pinned);
    for expected in [
        "What was disclosed",
        "Checklist on site",
        "Payments ahead of physical progress",
        &register.hash[..8],
        "class=\"blank\"",
    ] {
        assert!(html.contains(expected), "the pack has {expected}");
    }
    let record = get(pinned.trim_start_matches(base.as_str()));
    assert_eq!(record.status, 200);
    assert!(
        record.text().contains(&id),
        "the QR code opens the project's row"
    );

    let notice = get(&format!("/projects/{id}/notice")).text();
    assert_eq!(decode_qr(&notice), pinned);
    assert!(
        notice.contains(&register.hash) && notice.contains("Last verified progress"),
        "the notice carries the ledger entry hash"
    );

    let ward_pack = get("/audit/wards/MLM-01/pack").text();
    let wards = store.latest("wards").unwrap();
    assert_eq!(
        decode_qr(&ward_pack),
        format!("{base}/datasets/wards/v/{}?code=%3DMLM-01", wards.version)
    );

    for missing in [
        "/audit/projects/NOPE/pack",
        "/projects/NOPE/notice",
        "/audit/wards/NOPE/pack",
        "/audit/projects/%3Cscript%3E/pack",
    ] {
        let got = get(missing);
        assert_eq!(got.status, 404, "{missing}");
        assert!(!got.text().contains("<script>"));
    }

    // `disclose print` writes the same pages, standalone, for a ward.
    let out = tempfile::tempdir().unwrap();
    let printed = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .arg("--data-dir")
        .arg(data)
        .arg("--protocol")
        .arg(repo().join("protocol"))
        .args([
            "print",
            "--ward",
            "MLM-01",
            "--base-url",
            "https://data.example.go.ke",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.contains(&"ward-MLM-01-pack.html".to_string()),
        "{files:?}"
    );
    let one = files
        .iter()
        .find(|f| f.ends_with("-notice.html"))
        .expect("notices for the ward's projects");
    let page = std::fs::read_to_string(out.path().join(one)).unwrap();
    assert!(
        page.contains("<style>") && !page.contains("rel=\"stylesheet\""),
        "standalone: the stylesheet is inlined"
    );
    assert!(decode_qr(&page).starts_with("https://data.example.go.ke/datasets/projects/v/"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .arg("--data-dir")
        .arg(data)
        .arg("--protocol")
        .arg(repo().join("protocol"))
        .args(["print", "--ward", "NOWHERE", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        !bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("no ward `NOWHERE`")
    );
}

#[test]
fn the_budget_drills_down_to_the_payments_and_refuses_bad_parameters() {
    let root = get("/budget");
    assert_eq!(root.status, 200);
    let html = root.text();
    assert!(
        html.contains("approved") && html.contains("supplementary") && html.contains("Absorption")
    );
    assert!(
        html.contains("role=\"img\""),
        "a chart for screen readers too"
    );
    // Follow a drill link down, level by level, to the payments.
    let mut page = html;
    for (depth, param) in ["unit=", "programme=", "sub=", "item="]
        .into_iter()
        .enumerate()
    {
        let next = links(&page)
            .into_iter()
            .find(|h| {
                h.starts_with("/budget?")
                    && h.contains(param)
                    && h.matches('=').count() == depth + 2
            })
            .unwrap_or_else(|| panic!("a link down with {param}"));
        let got = get(&next);
        assert_eq!(got.status, 200, "{next}");
        page = got.text();
    }
    let payments_link = links(&page)
        .into_iter()
        .find(|h| h.starts_with("/budget/payments?"))
        .expect("a link to the payments");
    let version_link = links(&get(&payments_link).text())
        .into_iter()
        .find(|h| h.starts_with("/datasets/expenditure-"))
        .expect("a pinned month");
    assert_eq!(get(&version_link).status, 200, "{version_link}");
    for across in ["function", "ward", "month"] {
        assert_eq!(get(&format!("/budget?across={across}")).status, 200);
    }
    // Budget figures link to the budget rows behind them, pinned and filtered by stage.
    let budget_link = links(&get("/budget?unit=3711").text())
        .into_iter()
        .find(|h| {
            h.starts_with("/datasets/budget-")
                && h.contains("org_unit_code=%3D3711")
                && h.contains("stage=%3Dapproved")
        })
        .expect("a budget figure's rows");
    let rows = get(budget_link.trim_end_matches("#rows"));
    assert_eq!(rows.status, 200, "{budget_link}");
    assert!(rows.text().contains("3711"));
    let csv = get("/budget.csv?fy=2025-26").text();
    assert!(
        csv.starts_with(
            "fiscal_year,code,name,approved,supplementary,spent,payments,absorption_pct,variance"
        ) && csv.contains("\n2025-26,TOTAL,"),
        "{csv}"
    );
    for bad in [
        "/budget?fy=1999-00",
        "/budget?unit=9999",
        "/budget?programme=37111",
        "/budget?across=sideways",
        "/budget?unit=%3Cscript%3E",
        "/budget?colour=red",
        "/budget.csv?fy=%27%20OR%201%3D1",
        "/budget/payments?unit=nope",
    ] {
        let got = get(bad);
        assert_eq!(got.status, 400, "{bad}");
        assert!(!got.text().contains("<script>"));
    }
}

/// Every link on a page, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

#[test]
fn revenue_and_service_pages_show_tables_link_their_rows_and_refuse_bad_parameters() {
    let revenue = get("/revenue");
    assert_eq!(revenue.status, 200);
    let html = revenue.text();
    assert!(html.contains("Land Rates") && html.contains("Shortfall"));
    let link = links(&html)
        .into_iter()
        .find(|h| h.starts_with("/datasets/revenue-") && h.contains("source_code=%3D"))
        .expect("rows behind a source");
    assert_eq!(get(&link).status, 200, "{link}");
    for by in ["month", "ward"] {
        assert_eq!(get(&format!("/revenue?by={by}")).status, 200);
    }
    let csv = get("/revenue.csv?fy=2025-26&by=source").text();
    assert!(
        csv.starts_with("fiscal_year,source,name,target,collected,shortfall,of_target_pct")
            && csv.contains("2025-26,TOTAL,"),
        "{csv}"
    );

    let services = get("/services").text();
    assert!(services.contains("building permit") && services.contains("Within the standard"));
    let link = links(&services)
        .into_iter()
        .find(|h| h.starts_with("/datasets/service_requests-") && h.contains("service=%3D"))
        .expect("rows behind a service");
    assert_eq!(get(&link).status, 200, "{link}");
    assert!(get("/services.csv?by=ward").text().starts_with(
        "fiscal_year,ward,requests,decided,pending,median_days,p90_days,within_standard_pct"
    ));

    for bad in [
        "/revenue?fy=1990-91",
        "/revenue?by=colour",
        "/services?by=%3Cscript%3E",
        "/services?fy=%27--",
        "/revenue?x=1",
        "/services.csv?by=nope",
    ] {
        let got = get(bad);
        assert_eq!(got.status, 400, "{bad}");
        assert!(!got.text().contains("<script>"));
    }
}

#[test]
fn the_first_viewport_of_the_interactive_map_loads_under_100_kb_of_tiles() {
    // The map opens fitted to the county: at a phone's 400 px width that is about zoom 9,
    // at a desktop's 1,100 px about zoom 11. Every tile of either view, both layers, gzip.
    let (_, _, tilejson) = json("/tiles/projects.json");
    let [w, s, e, n]: [f64; 4] = serde_json::from_value(tilejson["bounds"].clone()).unwrap();
    for z in [9u8, 11] {
        let (x0, y0) = tile_of(w, n, z);
        let (x1, y1) = tile_of(e, s, z);
        let mut bytes = 0;
        for layer in ["wards", "projects"] {
            for x in x0..=x1 {
                for y in y0..=y1 {
                    bytes += get_with(
                        &format!("/tiles/{layer}/{z}/{x}/{y}.mvt"),
                        &[("accept-encoding", "gzip")],
                    )
                    .body
                    .len();
                }
            }
        }
        assert!(
            bytes > 0 && bytes < 100 * 1024,
            "zoom {z}: {bytes} bytes of tiles"
        );
    }
}
