//! The doors catalogue harvesters use: CKAN's action API and the DCAT / data.json
//! catalogues.

use super::{agent, demo, get, json};

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
        .find(|d| {
            d["@type"] == serde_json::json!(["dcat:Dataset", "dcat:DatasetSeries"])
                && d["dct:title"] == "Payments made"
        })
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
        .find(|d| {
            d["dct:format"]["@id"]
                == "http://publications.europa.eu/resource/authority/file-type/CSV"
        })
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
        csv["spdx:checksum"]["spdx:checksumValue"]["@value"]
            .as_str()
            .unwrap()
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
