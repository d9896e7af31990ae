//! The JSON API under `/api/`: datasets, versions, rows, search, diffs, compliance, the
//! OpenAPI document, and errors as problem+json.

use super::{get, get_with, json, published_rows};

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
        // The problem's type is a page that documents the code, with its anchor.
        let link = problem["type"].as_str().unwrap();
        assert_eq!(link, format!("/api/problems#{code}"));
        let page = get_with(link.split('#').next().unwrap(), &[("accept", "text/html")]);
        assert_eq!(page.status, 200, "{link}");
        assert!(
            page.header("content-type").starts_with("text/html"),
            "{link}"
        );
        assert!(page.text().contains(&format!("id=\"{code}\"")), "{link}");
    }
}

#[test]
fn the_code_catalogue_answers_as_json_and_lists_what_the_openapi_enum_lists() {
    let (status, content_type, codes) = json("/api/problems");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"));
    let names: Vec<&str> = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    let (_, _, doc) = json("/api/openapi.json");
    let listed: Vec<&str> = doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(names, listed);
    for c in codes["codes"].as_array().unwrap() {
        assert_eq!(
            c["type"].as_str().unwrap(),
            format!("/api/problems#{}", c["code"].as_str().unwrap())
        );
    }
}

#[test]
fn every_path_in_the_openapi_document_answers_as_documented() {
    let (status, _, doc) = json("/api/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    // The eight read endpoints and /api/problems, the catalogue of error codes.
    assert_eq!(paths.len(), 9);
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
