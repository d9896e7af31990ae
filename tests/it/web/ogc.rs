//! OGC API Features over the spatial registers.

use std::collections::HashSet;

use super::{demo, get, json, published_rows};

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const EPSG: &str = "http://www.opengis.net/def/crs/EPSG/0/";

/// The ids of the demo's latest projects that have a location: the collection's features.
fn located_projects() -> HashSet<String> {
    let (_, data) = demo();
    let text = std::fs::read_to_string(data.join("projects/v3/data.geojson")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"].is_object())
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
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

    let located = located_projects();
    let projects: Vec<_> = published_rows("projects", 3)
        .into_iter()
        .filter(|p| located.contains(&p["id"]))
        .collect();
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

/// The first position of a feature's geometry, whatever its type.
fn first_position(feature: &serde_json::Value) -> [f64; 2] {
    let mut c = &feature["geometry"]["coordinates"];
    while c[0].is_array() {
        c = &c[0];
    }
    [c[0].as_f64().unwrap(), c[1].as_f64().unwrap()]
}

#[test]
fn ogc_api_features_gives_the_national_grid_and_wgs84_in_either_axis_order() {
    let (_, _, conformance) = json("/ogc/conformance");
    assert!(
        conformance["conformsTo"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs")
    );
    let (_, _, collection) = json("/ogc/collections/projects");
    let utm = format!("{EPSG}21037");
    assert_eq!(
        collection["crs"],
        serde_json::json!([CRS84, format!("{EPSG}4326"), format!("{EPSG}3857"), utm])
    );
    assert_eq!(collection["storageCrs"], CRS84);

    // The default is CRS84, and the response says so.
    let plain = get("/ogc/collections/projects/items?limit=5");
    assert_eq!(plain.header("content-crs"), format!("<{CRS84}>"));
    let plain: serde_json::Value = serde_json::from_slice(&plain.body).unwrap();
    let [lon, lat] = first_position(&plain["features"][0]);

    // EPSG:4326 is latitude first.
    let wgs = get(&format!(
        "/ogc/collections/projects/items?limit=5&crs={EPSG}4326"
    ));
    assert_eq!(wgs.header("content-crs"), format!("<{EPSG}4326>"));
    let wgs: serde_json::Value = serde_json::from_slice(&wgs.body).unwrap();
    assert_eq!(first_position(&wgs["features"][0]), [lat, lon]);

    // The national grid: eastings and northings of Arc 1960 / UTM 37S, to the millimetre
    // of the projection module (whose control points are PROJ's).
    let grid = get(&format!(
        "/ogc/collections/projects/items?limit=5&crs={utm}"
    ));
    assert_eq!(grid.header("content-crs"), format!("<{utm}>"));
    let grid: serde_json::Value = serde_json::from_slice(&grid.body).unwrap();
    let [x, y] = first_position(&grid["features"][0]);
    let [ex, ey] = disclose::geo_crs::lookup("EPSG:21037")
        .unwrap()
        .from_crs84(lon, lat)
        .unwrap();
    assert!(
        (x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3,
        "{x},{y} against {ex},{ey}"
    );
    assert!((250_000.0..400_000.0).contains(&x) && (9_800_000.0..9_900_000.0).contains(&y));
    // The paging links keep the CRS.
    assert!(
        grid["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["rel"] == "next" && l["href"].as_str().unwrap().contains("crs=http"))
    );

    // One feature, in Web Mercator.
    let id = plain["features"][0]["id"].as_str().unwrap();
    let one = get(&format!(
        "/ogc/collections/projects/items/{id}?crs={EPSG}3857"
    ));
    assert_eq!(
        (one.status, one.header("content-crs")),
        (200, format!("<{EPSG}3857>").as_str())
    );
    let one: serde_json::Value = serde_json::from_slice(&one.body).unwrap();
    let [mx, my] = first_position(&one);
    assert!((mx - lon.to_radians() * 6_378_137.0).abs() < 1e-3, "{mx}");
    assert!(my < 0.0, "south of the equator: {my}");

    // bbox in EPSG:4326 (latitude first), in CRS84, with heights, and in the grid.
    let count = |query: &str| {
        let (status, _, page) = json(&format!(
            "/ogc/collections/projects/items?limit=1000&{query}"
        ));
        assert_eq!(status, 200, "{query}: {page}");
        page["numberMatched"].as_u64().unwrap()
    };
    let west = count("bbox=37.05,-1.75,37.3,-1.15");
    assert!(
        west > 0 && (west as usize) < located_projects().len(),
        "{west}"
    );
    assert_eq!(
        count(&format!("bbox=-1.75,37.05,-1.15,37.3&bbox-crs={EPSG}4326")),
        west
    );
    assert_eq!(count("bbox=37.05,-1.75,0,37.3,-1.15,10"), west);
    let everything = count("bbox=250000,9790000,360000,9890000&bbox-crs=EPSG:21037");
    assert_eq!(everything as usize, located_projects().len());

    // A CRS not offered, in either parameter, is the client's error, said in full.
    for path in [
        "/ogc/collections/projects/items?crs=EPSG:2136".to_string(),
        format!("/ogc/collections/projects/items?crs={EPSG}27700"),
        "/ogc/collections/projects/items?crs=wgs84".to_string(),
        "/ogc/collections/projects/items?bbox=1,2,3,4&bbox-crs=EPSG:32737".to_string(),
        format!("/ogc/collections/projects/items/{id}?crs=EPSG:2136"),
    ] {
        let (status, _, problem) = json(&path);
        assert_eq!(status, 400, "{path}");
        let message = problem["description"].as_str().unwrap();
        assert!(
            message.contains("is not offered") && message.contains(&utm),
            "{path}: {message}"
        );
    }
    // Longitude first in EPSG:4326 is a box far north of the county: nothing in it.
    assert_eq!(
        count(&format!("bbox=37.05,-1.75,37.3,-1.15&bbox-crs={EPSG}4326")),
        0
    );
    // And a latitude out of range says which order EPSG:4326 has.
    let (status, _, problem) = json(&format!(
        "/ogc/collections/projects/items?bbox=100,37,101,38&bbox-crs={EPSG}4326"
    ));
    assert_eq!(status, 400);
    assert!(
        problem["description"]
            .as_str()
            .unwrap()
            .contains("latitude first"),
        "{problem}"
    );

    let (_, _, api) = json("/ogc/api");
    let parameters = api["paths"]["/collections/projects/items"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let bbox = parameters.iter().find(|p| p["name"] == "bbox").unwrap();
    assert_eq!(
        (
            bbox["schema"]["minItems"].as_u64(),
            bbox["schema"]["maxItems"].as_u64()
        ),
        (Some(4), Some(6))
    );
    for name in ["crs", "bbox-crs"] {
        let p = parameters.iter().find(|p| p["name"] == name).unwrap();
        assert!(
            p["schema"]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| *u == utm),
            "{name}"
        );
    }
}

#[test]
fn projects_without_a_location_are_in_the_enclosed_files_not_in_the_collection() {
    let located = located_projects();
    let all = published_rows("projects", 3);
    let unlocated: Vec<&String> = all
        .iter()
        .map(|p| &p["id"])
        .filter(|id| !located.contains(*id))
        .collect();
    assert!(
        !unlocated.is_empty(),
        "the demo has projects without a location"
    );

    // Every feature served has a geometry, so the suite's GeoJSON schema holds.
    let (_, _, page) = json("/ogc/collections/projects/items?limit=1000");
    let features = page["features"].as_array().unwrap();
    assert_eq!(features.len(), located.len());
    assert!(features.iter().all(|f| f["geometry"]["type"].is_string()));

    // Asked for by id, an unlocated project says where it is.
    let (status, _, problem) = json(&format!("/ogc/collections/projects/items/{}", unlocated[0]));
    assert_eq!(status, 404);
    assert!(
        problem["description"]
            .as_str()
            .unwrap()
            .contains("has no location")
            && problem["description"]
                .as_str()
                .unwrap()
                .contains("/datasets/projects/v/3"),
        "{problem}"
    );

    // The collection links the version's files, which hold every project.
    let (_, _, collection) = json("/ogc/collections/projects");
    let enclosures: Vec<&str> = collection["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["rel"] == "enclosure")
        .map(|l| l["href"].as_str().unwrap())
        .collect();
    let geojson = enclosures
        .iter()
        .find(|h| h.ends_with("/datasets/projects/v/3/data.geojson"))
        .unwrap_or_else(|| panic!("{enclosures:?}"));
    let path = &geojson[geojson.find("/datasets").unwrap()..];
    let file = get(path);
    assert_eq!(file.status, 200);
    let doc: serde_json::Value = serde_json::from_slice(&file.body).unwrap();
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), all.len());
    assert_eq!(
        features.iter().filter(|f| f["geometry"].is_null()).count(),
        unlocated.len()
    );
    #[cfg(feature = "gdal")]
    assert!(
        enclosures.iter().any(|h| h.ends_with("data.gpkg")),
        "{enclosures:?}"
    );
}
