//! The national site end to end: the real server (`serve_national` on 127.0.0.1:0) over a
//! national store of two demo counties, one harvested from its own site (so its URL is
//! known) and one from its data directory, checked with a real HTTP client: the home
//! page, the federated catalogue and its county facet, downloads byte for byte, DCAT and
//! CKAN, the map's tiles, Swahili, and bad and hostile requests.

use std::path::PathBuf;
use std::sync::OnceLock;

use disclose::national::{CountySource, National};
use disclose::web::{NationalState, serve_national};
use sha2::Digest;

use crate::support::{Got, fetch, protocol, repo, serve_on_loopback, tile_of};

/// The national store and the servers the tests share: (national site, county 901's own
/// site, the national folder).
struct Fixture {
    base: String,
    county_site: String,
    national: PathBuf,
    /// The counties' data directories.
    counties: Vec<PathBuf>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = crate::support::process_dir("national-site");
        let counties_dir = dir.join("counties");
        let list = disclose::demo::counties::counties(2, 42, 1).expect("two demo counties");
        // The demo harvests them from their data directories; the site's store harvests
        // 901 from its own site, so that its URL is known, and 902 from its directory.
        disclose::demo::counties::run(
            &protocol(),
            &repo().join("pipelines"),
            &counties_dir,
            &dir.join("by-directory"),
            &list,
        )
        .expect("the demo counties build");
        let county_site =
            crate::web::start(disclose::demo::counties::data_dir(&counties_dir, &list[0]));
        let national = dir.join("national");
        let (mut store, lock) = National::open_for_harvest(&national, || {}).unwrap();
        let sources = [
            CountySource::parse(&format!("901={county_site}")).unwrap(),
            CountySource::parse(&format!(
                "902={}",
                disclose::demo::counties::data_dir(&counties_dir, &list[1]).display()
            ))
            .unwrap(),
        ];
        for result in disclose::national::harvest(&mut store, &lock, &sources) {
            result.expect("each county harvests");
        }
        drop(lock);
        let base = start(national.clone());
        Fixture {
            base,
            county_site,
            national,
            counties: list
                .iter()
                .map(|c| disclose::demo::counties::data_dir(&counties_dir, c))
                .collect(),
        }
    })
}

/// Starts the national site over `national` on 127.0.0.1:0 in a thread of its own.
pub(crate) fn start(national: PathBuf) -> String {
    serve_on_loopback(move |listener| async move {
        let state = tokio::task::spawn_blocking(move || {
            NationalState::new(&national, protocol()).expect("the national store opens")
        })
        .await
        .unwrap();
        serve_national(listener, state)
            .await
            .expect("the server runs");
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn get_with(path: &str, headers: &[(&str, &str)]) -> Got {
    fetch(&agent(), &format!("{}{path}", fixture().base), headers)
}

fn get(path: &str) -> Got {
    get_with(path, &[])
}

/// A county's own ledger entries, as it published them.
fn county_entries(code: &str) -> Vec<disclose::store::Entry> {
    let text = std::fs::read_to_string(
        fixture()
            .national
            .join(format!("_ledgers/{code}/ledger.jsonl")),
    )
    .unwrap();
    disclose::store::ledger::parse(&text).0
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn the_home_page_lists_every_county_with_its_ledger_head_and_own_site() {
    let f = fixture();
    let home = get("/");
    assert_eq!(home.status, 200);
    let html = home.text();
    for (code, name) in [("901", "Mlima County"), ("902", "Ziwani County")] {
        assert!(html.contains(&format!(">{code}<")), "{code} listed");
        assert!(html.contains(name), "{name} listed");
        let head = county_entries(code).last().unwrap().hash.clone();
        assert!(html.contains(&head[..12]), "{code}'s ledger head shown");
    }
    assert!(
        html.contains(&format!("href=\"{}\"", f.county_site)),
        "the site 901 was harvested from is linked"
    );
    for link in ["href=\"/counties\"", "href=\"/catalogue\"", "href=\"/map\""] {
        assert!(html.contains(link), "{link}");
    }
    assert!(
        !html.contains("<script"),
        "the home page needs no JavaScript"
    );
}

#[test]
fn the_catalogue_searches_every_county_and_its_county_facet_narrows_to_one() {
    let all = get("/catalogue?q=borehole").text();
    assert!(
        all.contains("/datasets/901/projects") && all.contains("/datasets/902/projects"),
        "both counties' registers mention boreholes"
    );
    assert!(all.contains("<b>borehole</b>"), "the match is highlighted");
    let one = get("/catalogue?q=borehole&county=902").text();
    assert!(one.contains("/datasets/902/projects"));
    assert!(
        !one.contains("/datasets/901/"),
        "the county facet keeps 902 only"
    );
    // The facet counts every dataset of each county.
    let facets = get("/catalogue").text();
    let per_county = county_entries("901")
        .iter()
        .map(|e| e.dataset.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(
        facets.contains(&format!(
            "Mlima County (synthetic demonstration)</a> ({per_county})"
        )),
        "901 has {per_county} datasets in the county facet"
    );
    let budgets = get("/catalogue?kind=budget&county=901").text();
    assert!(budgets.contains("/datasets/901/budget-"));
    assert!(!budgets.contains("/datasets/901/expenditure-"));
}

#[test]
fn a_file_downloaded_through_the_national_site_has_the_sha256_of_the_county_ledger_entry() {
    for code in ["901", "902"] {
        let entry = county_entries(code)
            .into_iter()
            .rev()
            .find(|e| e.kind == "expenditure")
            .unwrap();
        for f in &entry.files {
            let path = format!(
                "/datasets/{code}/{}/v/{}/{}",
                entry.dataset, entry.version, f.path
            );
            let got = get(&path);
            assert_eq!(got.status, 200, "{path}");
            assert_eq!(sha256(&got.body), f.sha256, "{path}");
            assert_eq!(got.body.len() as u64, f.bytes, "{path}");
            assert_eq!(
                got.header("cache-control"),
                "public, max-age=31536000, immutable"
            );
            assert_eq!(got.header("x-content-sha256"), f.sha256);
            let etag = got.header("etag").to_string();
            assert_eq!(
                get_with(&path, &[("if-none-match", &etag)]).status,
                304,
                "{path}"
            );
        }
    }
    // Ranges work, as on a county's site.
    let entry = county_entries("902")
        .into_iter()
        .find(|e| e.kind == "projects")
        .unwrap();
    let path = format!("/datasets/902/projects/v/{}/data.csv", entry.version);
    let part = get_with(&path, &[("range", "bytes=0-9")]);
    assert_eq!((part.status, part.body.len()), (206, 10));
}

#[test]
fn the_national_dcat_catalogue_names_each_county_as_publisher_with_checksummed_files() {
    let got = get("/catalog.jsonld");
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), "application/ld+json");
    let catalog = got.json();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    let items = catalog["dcat:dataset"].as_array().unwrap();
    let datasets: Vec<_> = items
        .iter()
        .filter(|d| d["@type"] == "dcat:Dataset")
        .collect();
    let expected: usize = ["901", "902"]
        .iter()
        .map(|c| {
            county_entries(c)
                .iter()
                .map(|e| e.dataset.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        })
        .sum();
    assert_eq!(datasets.len(), expected, "one dataset per county dataset");
    let september = datasets
        .iter()
        .find(|d| {
            d["@id"]
                .as_str()
                .unwrap()
                .ends_with("/datasets/902/expenditure-2025-09")
        })
        .expect("902's September payments");
    assert_eq!(
        september["dct:publisher"]["foaf:name"],
        "Ziwani County (synthetic demonstration)"
    );
    assert_eq!(
        september["dct:temporal"]["dcat:startDate"]["@value"],
        "2025-09-01"
    );
    let series = september["dcat:inSeries"]["@id"].as_str().unwrap();
    assert!(
        items.iter().any(|d| d["@id"] == series),
        "its series is in the catalogue"
    );
    let entry = county_entries("902")
        .into_iter()
        .rev()
        .find(|e| e.dataset == "expenditure-2025-09")
        .unwrap();
    for d in september["dcat:distribution"].as_array().unwrap() {
        let url = d["dcat:downloadURL"]["@id"].as_str().unwrap();
        assert!(
            url.starts_with(&fixture().base),
            "absolute on this host: {url}"
        );
        let name = url.rsplit('/').next().unwrap();
        let recorded = entry.file(name).unwrap();
        assert_eq!(
            d["spdx:checksum"]["spdx:checksumValue"]["@value"],
            recorded.sha256.as_str()
        );
        let file = get(url.trim_start_matches(fixture().base.as_str()));
        assert_eq!(sha256(&file.body), recorded.sha256, "{url}");
    }
    let data_json = get("/data.json").json();
    assert_eq!(data_json["dataset"].as_array().unwrap().len(), expected);
    let publisher = data_json["dataset"][0]["publisher"]["name"]
        .as_str()
        .unwrap();
    assert!(
        publisher.ends_with("(synthetic demonstration)"),
        "a county publishes each dataset: {publisher}"
    );
}

fn ckan(query: &str) -> (u16, serde_json::Value) {
    let got = get(&format!("/api/3/action/{query}"));
    (got.status, got.json())
}

#[test]
fn the_national_ckan_api_answers_as_ckan_does_with_counties_as_organizations() {
    let (status, body) = ckan("status_show");
    assert_eq!((status, &body["success"]), (200, &serde_json::json!(true)));
    let (_, list) = ckan("package_list");
    let names: Vec<&str> = list["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(names.contains(&"901-projects") && names.contains(&"902-expenditure-2025-09"));
    let (_, show) = ckan("package_show?id=902-projects");
    let package = &show["result"];
    assert_eq!(package["organization"]["name"], "902");
    assert_eq!(
        package["organization"]["title"],
        "Ziwani County (synthetic demonstration)"
    );
    let csv = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["format"] == "CSV")
        .unwrap();
    let file = get(csv["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(fixture().base.as_str()));
    assert_eq!(
        format!("sha256:{}", sha256(&file.body)),
        csv["hash"].as_str().unwrap()
    );
    // fq by county, by either name, with facets.
    let per_county = list["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n.as_str().unwrap().starts_with("901-"))
        .count();
    for fq in ["county:901", "organization:901"] {
        let (_, search) = ckan(&format!(
            "package_search?q=*:*&fq={fq}&rows=3&facet.field=%5B%22county%22%5D"
        ));
        let result = &search["result"];
        assert_eq!(result["count"], per_county, "{fq}");
        assert_eq!(result["results"].as_array().unwrap().len(), 3);
        assert!(
            result["results"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["name"].as_str().unwrap().starts_with("901-"))
        );
        assert_eq!(result["facets"]["county"]["901"], per_county);
    }
    let (_, search) = ckan("package_search?q=borehole&fq=county:902");
    assert_eq!(search["result"]["count"], 1);
    assert_eq!(search["result"]["results"][0]["name"], "902-projects");
    let (_, orgs) = ckan("organization_list");
    assert_eq!(orgs["result"], serde_json::json!(["901", "902"]));
    for (query, status, kind) in [
        ("package_show?id=903-projects", 404, "Not Found Error"),
        ("package_show", 409, "Validation Error"),
        ("package_search?fq=colour:red", 409, "Search Query Error"),
        ("package_search?rows=lots", 409, "Validation Error"),
        ("organization_show?id=903", 404, "Not Found Error"),
        (
            "package_delete?id=901-projects",
            400,
            "Bad request - Action name not known",
        ),
    ] {
        let (got, body) = ckan(query);
        assert_eq!(got, status, "{query}: {body}");
        assert_eq!(
            (body["success"].as_bool(), body["error"]["__type"].as_str()),
            (Some(false), Some(kind)),
            "{query}"
        );
    }
}

#[test]
fn a_tile_over_a_countys_projects_decodes_and_carries_that_countys_projects() {
    use geozero::mvt::{Message, Tile, tile::Value as TagValue};
    let tilejson = get("/tiles/projects.json").json();
    assert!(
        tilejson["vector_layers"][0]["fields"]["county"].is_string(),
        "tiles carry the county"
    );
    // A located project of 902, from its own published GeoJSON.
    let entry = county_entries("902")
        .into_iter()
        .rev()
        .find(|e| e.kind == "projects")
        .unwrap();
    let geojson: serde_json::Value = serde_json::from_slice(
        &get(&format!(
            "/datasets/902/projects/v/{}/data.geojson",
            entry.version
        ))
        .body,
    )
    .unwrap();
    let point = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["geometry"]["type"] == "Point")
        .expect("a project located at a point");
    let (lon, lat) = (
        point["geometry"]["coordinates"][0].as_f64().unwrap(),
        point["geometry"]["coordinates"][1].as_f64().unwrap(),
    );
    let id = point["properties"]["id"].as_str().unwrap();
    let (x, y) = tile_of(lon, lat, 14);
    let got = get(&format!("/tiles/projects/14/{x}/{y}.mvt"));
    assert_eq!(got.status, 200);
    assert_eq!(
        got.header("content-type"),
        "application/vnd.mapbox-vector-tile"
    );
    let tile = Tile::decode(got.body.as_slice()).unwrap();
    let layer = &tile.layers[0];
    assert_eq!(layer.name, "projects");
    let key = |name: &str| layer.keys.iter().position(|k| k == name).unwrap() as u32;
    let (county_key, id_key) = (key("county"), key("id"));
    let tag = |f: &geozero::mvt::tile::Feature, k: u32| -> Option<&TagValue> {
        f.tags
            .chunks(2)
            .find(|kv| kv[0] == k)
            .map(|kv| &layer.values[kv[1] as usize])
    };
    let found = layer.features.iter().find(|f| {
        tag(f, id_key).and_then(|v| v.string_value.as_deref()) == Some(id)
            && tag(f, county_key).and_then(|v| v.string_value.as_deref()) == Some("902")
    });
    assert!(
        found.is_some(),
        "902's project {id} is in its tile, tagged 902"
    );
    let etag = got.header("etag").to_string();
    assert_eq!(
        get_with(
            &format!("/tiles/projects/14/{x}/{y}.mvt"),
            &[("if-none-match", &etag)]
        )
        .status,
        304
    );
    let (x, y) = tile_of(0.0, 51.5, 10);
    assert_eq!(
        get(&format!("/tiles/projects/10/{x}/{y}.mvt")).status,
        204,
        "nothing in London"
    );
    for bad in ["/tiles/projects/23/0/0.mvt", "/tiles/projects/x/0/0.mvt"] {
        assert_eq!(get(bad).status, 400, "{bad}");
    }
    assert_eq!(get("/tiles/roads/2/0/0.mvt").status, 404);
    assert_eq!(get("/tiles/roads.json").status, 404);
    // The map page: the county site's map script, served by this binary, and a county
    // filter; without JavaScript a table of what each county drew.
    let map = get("/map?county=902").text();
    let script = map
        .split("script type=\"module\" src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the map script");
    let js = get(script);
    assert_eq!(js.status, 200);
    assert!(
        js.text().contains("'county'"),
        "the script filters by county"
    );
    assert!(map.contains("<option value=\"902\" selected>"));
    // Its pop-ups' status words in the page's language, as on a county's map.
    let sw = get("/map?county=902&lang=sw").text();
    assert!(
        sw.contains("&quot;implementation&quot;:&quot;utekelezaji&quot;"),
        "{sw}"
    );
    assert!(map.contains("href=\"/datasets/902/projects/v/"));
    assert!(
        !map.contains("href=\"/datasets/901/projects/v/"),
        "902 only"
    );
}

#[test]
fn national_pages_speak_swahili_when_asked_and_remember_it() {
    let entry = county_entries("901")
        .into_iter()
        .find(|e| e.kind == "projects")
        .unwrap();
    for path in [
        "/".to_string(),
        "/catalogue?q=borehole".to_string(),
        "/map".to_string(),
        format!("/datasets/901/projects/v/{}", entry.version),
    ] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let page = get(&format!("{path}{sep}lang=sw"));
        assert_eq!(page.status, 200, "{path}");
        let html = page.text();
        assert!(html.contains("<html lang=\"sw\">"), "{path}");
        assert!(
            html.contains("Data huria ya kitaifa"),
            "{path}: the site's name"
        );
        for english in [
            "National open data",
            "Skip to content",
            "Counties side by side",
            "Every county",
        ] {
            assert!(
                !html.contains(english),
                "{path}: “{english}” on a Swahili page"
            );
        }
        assert!(page.header("set-cookie").starts_with("lang=sw"), "{path}");
    }
    let remembered = get_with("/catalogue", &[("cookie", "lang=sw")]).text();
    assert!(remembered.contains("Orodha ya data"));
    let missing = get_with("/datasets/999/projects", &[("cookie", "lang=sw")]);
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Haikupatikana"),
        "{}",
        missing.text()
    );
}

#[test]
fn unknown_counties_datasets_versions_and_files_are_404_pages_and_bad_parameters_400() {
    for (path, status, says) in [
        (
            "/datasets/999/projects",
            404,
            "no county `999` is harvested here",
        ),
        (
            "/catalogue?county=999",
            404,
            "no county `999` is harvested here",
        ),
        ("/map?county=999", 404, "no county `999` is harvested here"),
        (
            "/datasets/901/nothing",
            404,
            "county 901 has no dataset `nothing`",
        ),
        (
            "/datasets/901/projects/v/99",
            404,
            "county 901's projects has no version 99",
        ),
        (
            "/datasets/901/projects/v/1/secrets.txt",
            404,
            "has no file `secrets.txt`",
        ),
        (
            "/datasets/901/projects/v/abc",
            400,
            "version `abc` is not a whole number",
        ),
        (
            "/datasets/901/projects/v/0/data.csv",
            400,
            "version `0` is not a whole number",
        ),
        ("/catalogue?page=0", 400, "page `0`"),
        ("/catalogue?page=999", 400, "past the end"),
        (
            "/catalogue?kind=spaceships",
            400,
            "kind `spaceships` is not one of",
        ),
        ("/map?colour=red", 400, "not `colour`"),
        ("/nowhere", 404, "no page at /nowhere"),
    ] {
        let got = get(path);
        assert_eq!(got.status, status, "{path}: {}", got.text());
        assert!(
            got.header("content-type").starts_with("text/html"),
            "{path}"
        );
        assert!(got.text().contains(says), "{path}: {}", got.text());
        assert!(got.text().contains("href=\"/\""), "{path}: a way on");
    }
    // The county site's catalogue address leads to the national one.
    let moved = get("/datasets");
    assert_eq!(
        (moved.status, moved.header("location")),
        (308, "/catalogue")
    );
    let county = get("/datasets/901");
    assert_eq!(
        (county.status, county.header("location")),
        (303, "/catalogue?county=901")
    );
}

#[test]
fn hostile_input_gets_a_clear_answer_and_never_a_server_error() {
    let long = "x".repeat(5000);
    let dots = "..%2F..%2F..%2Fetc%2Fpasswd".to_string();
    for path in [
        "/catalogue?q=%27%20OR%201%3D1--".to_string(),
        "/catalogue?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_string(),
        "/catalogue?q=title%3A%22unclosed".to_string(),
        "/catalogue?q=*%3A*%20AND%20(((".to_string(),
        format!("/catalogue?q={long}"),
        format!("/catalogue?county={long}"),
        format!("/catalogue?office={long}"),
        format!("/map?county={long}"),
        "/catalogue?county=..%2F..".to_string(),
        format!("/datasets/901/{dots}"),
        format!("/datasets/901/projects/v/1/{dots}"),
        "/datasets/901/projects/v/99999999999999999999".to_string(),
        format!("/api/3/action/package_search?q={long}"),
        "/api/3/action/package_search?fq=county:%22901".to_string(),
        "/api/3/action/package_show?id=..%2F..%2Fledger".to_string(),
        "/catalogue?page=18446744073709551616".to_string(),
        "/catalogue?%zz=1".to_string(),
    ] {
        let got = get(&path);
        assert!(
            (200..500).contains(&got.status),
            "{path}: HTTP {}",
            got.status
        );
        let text = got.text();
        assert!(
            !text.contains("<script>alert"),
            "{path}: the input is escaped"
        );
        assert!(!text.contains("/etc/passwd") || got.status >= 400, "{path}");
    }
    let xss = get("/catalogue?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").text();
    assert!(xss.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(get(&format!("/catalogue?q={long}")).status, 400);
    assert_eq!(get(&format!("/catalogue?county={long}")).status, 400);
    assert_eq!(get(&format!("/map?county={long}")).status, 400);
}

#[test]
fn every_national_page_with_its_stylesheet_stays_under_60_kb() {
    let home = get("/").text();
    let css_href = home
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let css = get(&css_href);
    assert_eq!(
        css.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let entry = county_entries("902")
        .into_iter()
        .rev()
        .find(|e| e.kind == "expenditure")
        .unwrap();
    for path in [
        "/".to_string(),
        "/catalogue".to_string(),
        "/catalogue?q=road".to_string(),
        "/catalogue?county=901&kind=expenditure".to_string(),
        format!("/datasets/902/{}", entry.dataset),
        format!("/datasets/902/{}/v/{}", entry.dataset, entry.version),
        "/map".to_string(),
        "/datasets/999/x".to_string(),
    ] {
        for lang in ["en", "sw"] {
            let page = get_with(&path, &[("cookie", &format!("lang={lang}"))]);
            assert!(page.status < 500, "{path}");
            assert_eq!(
                page.header("cache-control"),
                "no-cache",
                "{path}: revalidated"
            );
            let total = page.body.len() + css.body.len();
            assert!(
                total < 60 * 1024,
                "{path} ({lang}) is {total} bytes with its CSS"
            );
            // The map page loads its script only to draw the map; every other page needs none.
            assert!(
                path == "/map" || !page.text().contains("<script"),
                "{path} needs no JavaScript"
            );
        }
    }
}

#[test]
fn serve_national_over_a_folder_with_no_national_ledger_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["serve", "--national"])
        .arg(dir.path())
        .args(["--addr", "127.0.0.1:0"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("holds no national ledger") && err.contains("disclose demo --counties 3"),
        "{err}"
    );
}

#[test]
fn a_harvest_while_serving_shows_up_without_a_restart() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let national = dir.path().join("national");
    let harvest = |code: &str, source: &std::path::Path| {
        let (mut store, lock) = National::open_for_harvest(&national, || {}).unwrap();
        let source = CountySource::parse(&format!("{code}={}", source.display())).unwrap();
        disclose::national::harvest(&mut store, &lock, &[source])
            .remove(0)
            .expect("the county harvests");
    };
    harvest("901", &f.counties[0]);
    let base = start(national.clone());
    let home = |path: &str| {
        let mut response = agent().get(format!("{base}{path}")).call().unwrap();
        response.body_mut().read_to_string().unwrap()
    };
    assert!(home("/").contains("Mlima County") && !home("/").contains("Ziwani County"));
    harvest("902", &f.counties[1]);
    assert!(
        home("/").contains("Ziwani County"),
        "902 is listed after its harvest"
    );
    assert!(
        home("/catalogue?county=902").contains("/datasets/902/projects"),
        "and its datasets are searchable"
    );
}
