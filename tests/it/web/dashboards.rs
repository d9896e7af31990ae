//! The county's dashboards: projects and their map, wards, the budget drill-down,
//! revenue and services.

use super::{demo, get, get_with, published_rows};

/// Every link on a page, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
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
fn wards_without_payments_are_listed_by_name_not_an_empty_table() {
    // A county that has published its wards and nothing else yet.
    let env = crate::support::Env::new();
    env.ingest_ok(
        "wards-geojson",
        &[&crate::support::fixture("wards.geojson")],
        None,
    );
    let base = super::start(env.data.clone());
    let page = super::get_at(&base, "/wards", &[]);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("No payments with a ward have been published yet"),
        "{html}"
    );
    assert!(!html.contains("in fiscal year ."), "no empty year: {html}");
    let rows = html
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    assert_eq!(rows.matches("<tr>").count(), 2, "both wards: {rows}");
    assert!(
        rows.contains("/wards/MLM-01") && rows.contains("—"),
        "{rows}"
    );
}

#[test]
fn wards_with_surveyed_boundaries_stay_within_the_page_budget() {
    // Two wards of 40,000 vertices each, as surveyed wards have: drawn vertex by vertex
    // they would take 800 KB.
    let mut wards: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::fixture("wards.geojson")).unwrap(),
    )
    .unwrap();
    for (i, f) in wards["features"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let (cx, cy) = (37.2 + 0.25 * i as f64, -1.45);
        let n = 40_000;
        let ring: Vec<serde_json::Value> = (0..=n)
            .map(|k| {
                let a = (k % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.1 + 0.003 * (a * 60.0).sin() + 0.0004 * (a * 1500.0).sin();
                serde_json::json!([cx + r * a.cos(), cy + r * a.sin()])
            })
            .collect();
        f["geometry"] = serde_json::json!({"type": "Polygon", "coordinates": [ring]});
    }
    let env = crate::support::Env::new();
    let file = env.write("wards.geojson", wards.to_string());
    env.ingest_ok("wards-geojson", &[&file], None);
    let base = super::start(env.data.clone());
    for path in ["/wards", "/wards/MLM-01"] {
        let page = super::get_at(&base, path, &[]);
        assert_eq!(page.status, 200, "{path}");
        let html = page.text();
        assert!(html.len() < 60_000, "{path}: {} bytes", html.len());
        assert!(html.contains("<path"), "{path} draws the ward");
    }
}

/// The walkthrough's first month of a new fiscal year: July 2026's payments published
/// before the 2026-27 budget. The home page said "paid in 1 months published" and lost
/// the budget and absorption; `/budget?fy=2026-27` was a 400.
#[test]
fn a_new_fiscal_years_first_payments_keep_the_last_budget_in_view_and_have_their_own_page() {
    use crate::support::{EXPENDITURE_HEADER, Env, payment, protocol, repo};
    let env = Env::new();
    disclose::demo::run(
        &protocol(),
        &repo().join("pipelines"),
        &env.data,
        &disclose::demo::DemoOptions { scale: 1, seed: 42 },
    )
    .expect("the demo builds");
    let july = [
        payment("PV-2026-07-001", "Mlima Traders", "1000000"),
        payment("PV-2026-07-002", "Kiriko Builders", "250000"),
    ]
    .map(|r| r.replacen("10/09/2025", "10/07/2026", 1));
    let file = env.write(
        "july.csv",
        format!("{EXPENDITURE_HEADER}\n{}\n", july.join("\n")),
    );
    env.ingest_ok("ifmis-expenditure-csv", &[&file], None);
    assert!(env.store().latest("expenditure-2026-07").is_some());
    let base = super::start(env.data.clone());
    let sw = [("cookie", "lang=sw")];

    let home = super::get_at(&base, "/", &[]).text();
    assert!(
        home.contains("Fiscal year 2026-27")
            && home.contains("KES 1.25 m")
            && home.contains("paid in 1 month published"),
        "the new year's payments, singular: {home}"
    );
    assert!(!home.contains(" 1 months"), "no '1 months'");
    assert!(
        home.contains("The budget of fiscal year 2026-27 is not yet published")
            && home.contains("href=\"/budget?fy=2026-27\"")
            && home.contains("href=\"/budget?fy=2025-26\""),
        "says so plainly and links both years"
    );
    assert!(
        home.contains("Fiscal year 2025-26")
            && home.contains("of the budget paid")
            && home.contains("paid in 12 months published"),
        "the last budgeted year keeps its budget and absorption"
    );
    let home_sw = super::get_at(&base, "/", &sw).text();
    assert!(
        home_sw.contains("zimelipwa katika mwezi 1 uliochapishwa")
            && home_sw.contains("miezi 12")
            && !home_sw.contains("miezi 1 "),
        "singular and plural in Swahili too"
    );
    assert!(home_sw.contains("Bajeti ya mwaka wa fedha 2026-27 bado haijachapishwa"));

    let year = super::get_at(&base, "/budget?fy=2026-27", &[]);
    assert_eq!(year.status, 200, "{}", year.text());
    let html = year.text();
    assert!(
        html.contains("The budget of fiscal year 2026-27 is not yet published")
            && html.contains("1,250,000")
            && html.contains("href=\"/budget?fy=2025-26\""),
        "what was paid, and why there is no absorption: {html}"
    );
    assert!(
        !html.contains("Absorption") && !html.contains("spent beyond the budget"),
        "nothing measured against a budget that is not there"
    );
    let year_sw = super::get_at(&base, "/budget?fy=2026-27", &sw);
    assert_eq!(year_sw.status, 200);
    assert!(
        year_sw
            .text()
            .contains("Bajeti ya mwaka wa fedha 2026-27 bado haijachapishwa")
    );
    let csv = super::get_at(&base, "/budget.csv?fy=2026-27", &[]).text();
    assert!(
        csv.starts_with("fiscal_year,code,name,spent,payments,absorption_pct,variance\n")
            && csv.contains("\n2026-27,TOTAL,,1250000.00,2,,\n"),
        "{csv}"
    );
    let default = super::get_at(&base, "/budget", &[]).text();
    assert!(
        default.contains("Budget and spending 2025-26") && default.contains("Absorption"),
        "without a year, the latest with a budget"
    );
    assert!(default.contains("2026-27 (payments only)"));
    assert_eq!(
        super::get_at(&base, "/budget?fy=1999-00", &[]).status,
        400,
        "a year with neither is still refused"
    );
}

/// The walkthrough: the `/projects` ward filter listed MLM-01 … MLM-20 where people know
/// names, and red-flag cards showed project and ward codes only.
#[test]
fn wards_and_projects_are_shown_by_name_with_their_codes() {
    let wards = published_rows("wards", 1);
    let projects = published_rows("projects", 3);
    let html = get("/projects").text();
    let select = html
        .split("<select id=\"ward\" name=\"ward\">")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    let mut labels = Vec::new();
    for w in wards
        .iter()
        .filter(|w| projects.iter().any(|p| p["ward"] == w["code"]))
    {
        let option = format!(
            "<option value=\"{}\">{} ({})</option>",
            w["code"], w["name"], w["code"]
        );
        assert!(select.contains(&option), "{option} in {select}");
        labels.push(format!("{} ({})", w["name"], w["code"]));
    }
    let shown: Vec<&str> = select
        .split("\">")
        .skip(2)
        .filter_map(|s| s.split("</option>").next())
        .collect();
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    assert_eq!(shown, sorted, "in the order of their names");
    assert_eq!(shown.len(), labels.len());

    let title = |id: &str| {
        projects
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["title"].replace('&', "&amp;"))
            .unwrap()
    };
    let audit = get("/audit").text();
    let project_links =
        regex::Regex::new(r#"<a href="/projects/([A-Z0-9-]+)">([^<]*)</a>"#).unwrap();
    let mut seen = 0;
    for c in project_links.captures_iter(&audit) {
        assert_eq!(c[2], title(&c[1]), "a red flag names its project");
        seen += 1;
    }
    assert!(seen > 0, "red flags with projects on /audit");
    let ward_links = regex::Regex::new(r#"<a href="/wards/([A-Z0-9-]+)">([^<]*)</a>"#).unwrap();
    for c in ward_links.captures_iter(&audit) {
        let w = wards.iter().find(|w| w["code"] == c[1]).unwrap();
        assert_eq!(c[2], w["name"], "a red flag names its ward");
    }
    let id = &projects[0]["id"];
    let ward = wards
        .iter()
        .find(|w| w["code"] == projects[0]["ward"])
        .unwrap();
    assert!(
        get(&format!("/projects/{id}"))
            .text()
            .contains(&format!("{} ({})", ward["name"], ward["code"])),
        "a project's ward by name"
    );
}
