//! Red flags for social auditors: the audit pages and downloads, flags on projects, and
//! the printed packs and site notices with their QR codes.

use super::{demo, get, json};
use crate::support::repo;

fn planted() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(demo().1.join("inbox/planted.json")).unwrap()).unwrap()
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

/// The first note of a planted pattern, and the payee or contractor it opens with
/// (`2025-10: Ofisi Supplies Ltd paid …`, `Jabali Contractors Ltd holds …`).
fn planted_note(name: &str) -> (String, String) {
    let note = planted()["patterns"][name][0]
        .as_str()
        .unwrap_or_else(|| panic!("planted.json lists {name}"))
        .to_string();
    let after_month = note
        .split_once(": ")
        .map_or(note.as_str(), |(_, rest)| rest);
    let who = after_month
        .split(" paid ")
        .next()
        .and_then(|s| s.split(" holds ").next())
        .unwrap()
        .to_string();
    (note, who)
}

#[test]
fn the_audit_page_lists_red_flags_filters_them_and_exports_them() {
    let project = planted()["patterns"]["payments_ahead_of_progress"][0]
        .as_str()
        .unwrap()
        .to_string();
    let (duplicate_note, duplicated) = planted_note("duplicate_payments");
    let (_, splitter) = planted_note("split_payments_under_threshold");
    let (_, contractor) = planted_note("contractor_concentration");
    // `… paid KES 487,350.00 on …`: the amount as the preview shows it.
    let amount = duplicate_note
        .split("KES ")
        .nth(1)
        .and_then(|a| a.split_whitespace().next())
        .unwrap()
        .trim_end_matches(".00")
        .to_string();
    let all = get("/audit");
    assert_eq!(all.status, 200);
    let html = all.text();
    for id in [&project, &duplicated, &splitter, &contractor] {
        assert!(html.contains(id.as_str()), "/audit names {id}");
    }
    let duplicates = get("/audit?rule=duplicate_payment").text();
    assert!(duplicates.contains(&duplicated) && !duplicates.contains(&splitter));
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
        rows.text().contains(&duplicated) && rows.text().contains(&amount),
        "{evidence} shows the duplicate of {amount}"
    );
    let csv = get("/audit.csv?rule=split_payments");
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(
        text.starts_with("rule,severity,subject,project,ward,office,summary,figures,rows,versions")
    );
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains(&splitter));
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
