//! End to end: the real server on a loopback port over a real demo store, a real HTTP
//! client, every page and download as a user meets them, and bad requests.

use std::path::PathBuf;
use std::sync::OnceLock;

use disclose::web::{AppState, serve};

use crate::support::{Env, fixture, protocol, repo};

/// Starts the server over `data` on 127.0.0.1:0 in a thread of its own; returns the base URL.
fn start(data: PathBuf) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
            tx.send(format!("http://{}", listener.local_addr().unwrap())).unwrap();
            let state = AppState::new(&data, protocol()).expect("the store opens");
            serve(listener, state).await.expect("the server runs");
        });
    });
    rx.recv().expect("the server started")
}

/// One demo store and one server for the whole test process.
fn demo() -> &'static (String, PathBuf) {
    static DEMO: OnceLock<(String, PathBuf)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("web-demo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        disclose::demo::run(&protocol(), &repo().join("pipelines"), &data, &disclose::demo::DemoOptions { scale: 1, seed: 42 }).expect("the demo builds");
        (start(data.clone()), data)
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
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
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
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
    let body = response.body_mut().with_config().limit(64 << 20).read_to_vec().expect("a body");
    Got { status: response.status().as_u16(), headers: response.headers().clone(), body }
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
    assert!(html.contains("Synthetic data."), "the synthetic label is missing");
    assert!(html.contains("Latest disclosures") && html.contains("published versions"));
    assert!(html.contains("<a class=\"skip\" href=\"#main\">"), "skip link");
    let css_path = html.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let css = get(&css_path);
    assert_eq!(css.status, 200);
    assert!(css.header("cache-control").contains("immutable"));
    assert!(page.body.len() + css.body.len() < 60 * 1024, "home page and CSS are {} bytes", page.body.len() + css.body.len());
}

#[test]
fn the_catalogue_lists_filters_and_pages_datasets() {
    let all = get("/datasets").text();
    assert!(all.contains("/datasets/expenditure-2025-09") || all.contains("page 1 of"), "{all}");
    let budgets = get("/datasets?kind=budget").text();
    assert!(budgets.contains("/datasets/budget-2025-26") && budgets.contains("/datasets/budget-2024-25"));
    assert!(!budgets.contains("/datasets/expenditure-"), "the filter leaks other kinds");
    let second = get("/datasets?page=2");
    assert_eq!(second.status, 200);
}

#[test]
fn bad_catalogue_parameters_are_400_pages_that_say_why() {
    for (path, says) in [
        ("/datasets?kind=nope", "kind `nope` is not one of"),
        ("/datasets?page=0", "is not a page number"),
        ("/datasets?page=abc", "is not a page number"),
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
    assert_eq!(page.header("link"), "</datasets/budget-2024-25/v/3>; rel=\"canonical\"");
    let html = page.text();
    for needle in ["Version 3 of 3", "Restatement", "Responsible office", "Legal basis", "line_code", "/datasets/budget-2024-25/v/3/data.parquet", "sha256"] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let pinned = get("/datasets/budget-2024-25/v/1").text();
    assert!(pinned.contains("Version 1 of 3") && pinned.contains("this address never changes"));
}

#[test]
fn unknown_datasets_and_versions_are_404_pages_with_a_way_on() {
    let page = get("/datasets/nothing-here");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("no dataset `nothing-here`"));
    let page = get("/datasets/budget-2025-26/v/9");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("budget-2025-26 has no version 9; its versions are 1 to 2"));
    assert!(page.text().contains("href=\"/datasets/budget-2025-26/v/2\""));
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
    assert_eq!(file.header("content-encoding"), "", "downloads are served as recorded");
    let (sha, _) = disclose::store::hash_file(&store.version_dir("projects", entry.version).join("data.csv")).unwrap();
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
        assert!(got.status == 404 || got.status == 400, "{path} → {}", got.status);
        assert!(!got.text().contains("root:") && !got.text().contains("[package]"), "{path} leaked a file");
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
    assert_eq!(get_at(&base, "/datasets/expenditure-2025-09", &[]).status, 404);
    env.ingest_ok("ifmis-expenditure-csv", &[&fixture("expenditure.csv")], None);
    let page = get_at(&base, "/datasets/expenditure-2025-09", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Version 1 of 1"));
}

#[test]
fn a_diff_page_shows_each_changed_value_and_downloads_as_csv() {
    let page = get("/datasets/budget-2024-25/diff/2..3");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<strong>3</strong>changed"), "{html}");
    assert!(html.contains("<del>") && html.contains("<ins>"));
    assert!(get("/datasets/budget-2024-25").text().contains("href=\"/datasets/budget-2024-25/diff/2..3\""), "versions link their diff");
    let csv = get("/datasets/budget-2024-25/diff/2..3.csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(text.starts_with("change,key,field,old,new\n"));
    assert_eq!(text.lines().filter(|l| l.starts_with("changed,")).count(), 3);
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
    assert!(html.contains("<strong>late</strong> by 52 days"), "expenditure-2025-11 was published 52 days late");
    assert!(html.contains("revenue-2026-03</td>") && html.contains("<strong>missing</strong>"), "revenue-2026-03 is missing");
    let csv = get("/protocol.csv?as_of=2026-07-31").text();
    assert!(csv.starts_with("kind,office,period,dataset,due,status,published,days_late,days_overdue\n"));
    assert!(csv.lines().any(|l| l.contains(",expenditure-2025-11,2025-12-30,late,2026-02-20,52,")), "{csv}");
    assert!(csv.lines().any(|l| l.contains(",revenue-2026-03,2026-04-30,missing,,,92")), "{csv}");
    assert!(csv.lines().any(|l| l.contains(",expenditure-2025-09,") && l.contains(",on time,")));
    assert_eq!(get("/protocol?as_of=yesterday").status, 400);
}

fn json(path: &str) -> (u16, String, serde_json::Value) {
    let got = get(path);
    let value = serde_json::from_slice(&got.body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", got.text()));
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
    assert_eq!(dataset["schema"]["primaryKey"], serde_json::json!(["fiscal_year", "stage", "line_code"]));
    let (_, _, version) = json("/api/datasets/budget-2024-25/versions/1");
    let csv = version["files"].as_array().unwrap().iter().find(|f| f["path"] == "data.csv").unwrap();
    let file = get(csv["url"].as_str().unwrap());
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&file.body)), csv["sha256"].as_str().unwrap());
    let (_, _, compliance) = json("/api/compliance?as_of=2026-07-31");
    assert!(compliance["obligations"].as_array().unwrap().iter().any(|o| o["dataset"] == "revenue-2026-03" && o["status"] == "missing"));
}

#[test]
fn api_errors_are_problem_json_with_stable_codes() {
    for (path, status, code) in [
        ("/api/datasets/nothing", 404, "unknown_dataset"),
        ("/api/datasets/budget-2024-25/versions/9", 404, "unknown_version"),
        ("/api/datasets/budget-2024-25/versions/x", 400, "bad_request"),
        ("/api/datasets?kind=nope", 400, "bad_request"),
        ("/api/compliance?as_of=soon", 400, "bad_request"),
        ("/api/nothing/here", 404, "no_route"),
    ] {
        let (got, content_type, problem) = json(path);
        assert_eq!(got, status, "{path}");
        assert_eq!(content_type, "application/problem+json", "{path}");
        assert_eq!(problem["code"], code, "{path}");
        assert_eq!(problem["status"], status, "{path}");
        assert!(problem["detail"].as_str().unwrap().len() > 10, "{path}: {problem}");
    }
}

#[test]
fn every_path_in_the_openapi_document_answers_as_documented() {
    let (status, _, doc) = json("/api/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 4);
    for (path, item) in paths {
        let concrete = path.replace("{id}", "budget-2024-25").replace("{version}", "2");
        let (status, content_type, _) = json(&concrete);
        assert_eq!(status, 200, "{concrete}");
        assert!(content_type.starts_with("application/json"), "{concrete}");
        assert!(item["get"]["responses"]["200"].is_object(), "{path} documents its answer");
    }
}
