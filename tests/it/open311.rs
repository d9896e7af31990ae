//! Open311 GeoReport v2 end to end: services, service definitions, requests and one
//! request in JSON and XML, filing with and without an API key, and the spec's errors.
//! (`.ci/run` also reads it with the PyPI client `georeport`.)

use disclose::feedback::Moderation;
use disclose::staff::{Actor, Role};
use serde_json::Value;

use crate::staff::{Browser, Site};

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The spec's error list: one `{code, description}`.
fn error_code(body: &str) -> u64 {
    json(body)[0]["code"]
        .as_u64()
        .unwrap_or_else(|| panic!("not an Open311 error: {body}"))
}

fn key(site: &Site) -> String {
    site.runtime
        .block_on(site.staff.issue_key(&Actor::cli(), "Test SMS gateway"))
        .unwrap()
        .0
}

#[test]
fn services_and_their_definitions_in_json_and_xml() {
    let site = Site::new();
    let b = Browser::new(&site);
    let services = b.get("/open311/v2/services.json");
    assert_eq!(services.status, 200, "{}", services.body);
    let list = json(&services.body);
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"works-stalled") && codes.contains(&"water-supply"),
        "{codes:?}"
    );
    let xml = b.get("/open311/v2/services.xml");
    assert!(
        xml.body.starts_with("<?xml") && xml.body.contains("<services><service><service_code>"),
        "{}",
        xml.body
    );
    let def = json(&b.get("/open311/v2/services/works-stalled.json").body);
    let attrs: Vec<&str> = def["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(attrs, ["ward", "project"]);
    let missing = b.get("/open311/v2/services/no-such.json");
    assert_eq!((missing.status, error_code(&missing.body)), (404, 404));
    let discovery = json(&b.get("/open311/v2/discovery.json").body);
    assert!(
        discovery["endpoints"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/open311/v2")
    );
    assert_eq!(b.get("/open311/v2/services.html").status, 404);
}

#[test]
fn filing_needs_a_key_and_a_real_service_and_the_request_is_public_once_moderated() {
    let site = Site::new();
    let b = Browser::new(&site);
    let fields = |k: &str, code: &str| {
        vec![
            ("api_key".to_string(), k.to_string()),
            ("service_code".to_string(), code.to_string()),
            ("lat".to_string(), "-1.42".to_string()),
            ("long".to_string(), "37.30".to_string()),
            (
                "description".to_string(),
                "Standpipe dry since Monday (via SMS)".to_string(),
            ),
            ("phone".to_string(), "+254700000003".to_string()),
        ]
    };
    let post = |f: Vec<(String, String)>| {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        b.post("/open311/v2/requests.json", &pairs)
    };
    let no_key = post(fields("", "water-supply"));
    assert_eq!((no_key.status, error_code(&no_key.body)), (403, 403));
    assert_eq!(post(fields("dk_wrong", "water-supply")).status, 403);
    let key = key(&site);
    let bad_code = post(fields(&key, "no-such"));
    assert_eq!((bad_code.status, error_code(&bad_code.body)), (404, 404));
    let mut outside = fields(&key, "water-supply");
    outside[2].1 = "51.5".into();
    assert_eq!(post(outside).status, 400);
    let mut nowhere = fields(&key, "water-supply");
    nowhere.retain(|(k, _)| k != "lat" && k != "long");
    assert_eq!(post(nowhere).status, 400);
    assert_eq!(site.report_count(), 0, "nothing refused was kept");

    let filed = post(fields(&key, "water-supply"));
    assert_eq!(filed.status, 201, "{}", filed.body);
    let answer = json(&filed.body);
    let id = answer[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = answer[0]["token"].as_str().unwrap().to_string();
    // The notice carries the whole private link, for the gateway to send on.
    let notice = answer[0]["service_notice"].as_str().unwrap();
    assert!(
        notice.ends_with(&format!("{}/track/{token}", site.url)),
        "{notice}"
    );
    let by_token = json(&b.get(&format!("/open311/v2/tokens/{token}.json")).body);
    assert_eq!(by_token[0]["service_request_id"], id.as_str());
    assert_eq!(site.feedback_status(&id), "submitted");
    assert_eq!(
        b.get(&format!("/open311/v2/requests/{id}.json")).status,
        404,
        "not public before moderation"
    );

    site.account(
        "mod@mlima.example",
        Role::Moderator,
        &[],
        "moderator-password-1",
    );
    let moderator = site
        .runtime
        .block_on(site.staff.db.account_by_email("mod@mlima.example"))
        .unwrap()
        .unwrap();
    site.runtime
        .block_on(
            site.feedback
                .moderate(&Actor::cli(), &moderator, &id, Moderation::Publish),
        )
        .unwrap();
    let one = json(&b.get(&format!("/open311/v2/requests/{id}.json")).body);
    assert_eq!(one[0]["status"], "open");
    assert_eq!(one[0]["extended_attributes"]["detailed_status"], "open");
    assert_eq!(one[0]["extended_attributes"]["channel"], "open311");
    assert!(
        !one.to_string().contains("254700000003"),
        "no contact in the public request"
    );
    let all = json(
        &b.get("/open311/v2/requests.json?status=open&service_code=water-supply")
            .body,
    );
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert!(
        json(&b.get("/open311/v2/requests.json?status=closed").body)
            .as_array()
            .unwrap()
            .is_empty()
    );
    let xml = b.get(&format!("/open311/v2/requests.xml?service_request_id={id}"));
    assert!(
        xml.body.contains(&format!(
            "<service_requests><request><service_request_id>{id}</service_request_id>"
        )),
        "{}",
        xml.body
    );
    // The spec's 400s: a malformed date, a range of more than 90 days, an unknown status.
    for bad in [
        "start_date=yesterday",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "status=pending",
    ] {
        let r = b.get(&format!("/open311/v2/requests.json?{bad}"));
        assert_eq!(
            (r.status, error_code(&r.body)),
            (400, 400),
            "{bad}: {}",
            r.body
        );
    }
    let r = b.get(&format!(
        "/open311/v2/requests.xml?{}",
        "start_date=yesterday"
    ));
    assert!(
        r.body.contains("<errors><error><code>400</code>"),
        "{}",
        r.body
    );
    assert_eq!(site.audit("report").len(), 1, "the moderation");
}
