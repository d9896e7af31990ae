//! Vector tiles, cut on demand and from PMTiles archives, and the interactive map that
//! reads them.

use super::{demo, get, get_at, get_with, json, published_rows, start_with, tile_of};
use crate::support::repo;

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
