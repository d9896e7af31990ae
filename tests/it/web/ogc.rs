//! OGC API Features over the spatial registers.

use super::{json, published_rows};

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
