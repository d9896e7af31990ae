//! The site's pages as a reader meets them: home, catalogue, dataset and version pages,
//! diffs, the ledger, the protocol, languages, and the weight of each page.

use super::{demo, get, get_at, get_with, published_rows, start};
use crate::support::{Env, fixture};

#[test]
fn the_home_page_shows_figures_latest_disclosures_and_the_synthetic_label() {
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.text();
    assert!(
        html.contains("Synthetic data."),
        "the synthetic label is missing"
    );
    assert!(html.contains("Latest disclosures") && html.contains("published versions"));
    assert!(
        html.contains("<a class=\"skip\" href=\"#main\">"),
        "skip link"
    );
    let css_path = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = get(&css_path);
    assert_eq!(css.status, 200);
    assert!(css.header("cache-control").contains("immutable"));
    assert!(
        page.body.len() + css.body.len() < 60 * 1024,
        "home page and CSS are {} bytes",
        page.body.len() + css.body.len()
    );
}

#[test]
fn the_home_page_gives_the_latest_fiscal_years_figures() {
    let spent: f64 = (0..12)
        .map(|i| {
            let (year, month) = if i < 6 { (2025, 7 + i) } else { (2026, i - 5) };
            let id = format!("expenditure-{year}-{month:02}");
            let (_, data) = demo();
            let version = std::fs::read_dir(data.join(&id)).unwrap().count() as u32;
            published_rows(&id, version)
                .iter()
                .map(|r| r["amount"].parse::<f64>().unwrap())
                .sum::<f64>()
        })
        .sum();
    let shown = if spent >= 1e9 {
        format!("KES {:.2} bn", spent / 1e9)
    } else {
        format!("KES {:.2} m", spent / 1e6)
    };
    let html = get("/").text();
    assert!(html.contains("Fiscal year 2025-26"), "{html}");
    assert!(
        html.contains(&format!(
            "<strong>{shown}</strong>paid in 12 months published"
        )),
        "{shown} in {html}"
    );
    assert!(html.contains("of the budget paid") && html.contains("of target"));
    let swahili = get_with("/", &[("cookie", "lang=sw")]).text();
    assert!(swahili.contains("ya bajeti imelipwa"));
}

#[test]
fn the_catalogue_lists_filters_and_pages_datasets() {
    // The count and the number of pages come from the store, at twenty datasets a page.
    const PAGE: usize = 20;
    let total = disclose::store::Store::open(&demo().1)
        .unwrap()
        .datasets()
        .len();
    let pages = total.div_ceil(PAGE);
    assert!(pages > 1, "the demo fills more than one page");
    let all = get("/datasets").text();
    assert!(
        all.contains(&format!("{total} datasets · page 1 / {pages}")),
        "{all}"
    );
    assert_eq!(
        all.matches("<a class=\"title\"").count(),
        PAGE,
        "a full first page"
    );
    let last = get(&format!("/datasets?page={pages}")).text();
    assert!(
        last.contains(&format!("{total} datasets · page {pages} / {pages}")),
        "{last}"
    );
    assert_eq!(
        last.matches("<a class=\"title\"").count(),
        total - (pages - 1) * PAGE,
        "the last page holds the rest"
    );
    let budgets = get("/datasets?kind=budget").text();
    assert!(
        budgets.contains("/datasets/budget-2025-26")
            && budgets.contains("/datasets/budget-2024-25")
    );
    assert!(
        !budgets.contains("/datasets/expenditure-"),
        "the filter leaks other kinds"
    );
    let second = get("/datasets?page=2");
    assert_eq!(second.status, 200);
}

#[test]
fn a_count_of_one_is_singular_in_english_and_swahili() {
    // The register is a living kind: one dataset.
    let en = get("/datasets?kind=projects&lang=en").text();
    assert!(en.contains(">1 dataset<"), "{en}");
    let sw = get("/datasets?kind=projects&lang=sw").text();
    assert!(sw.contains(">seti ya data 1<"), "{sw}");
    let many = get("/datasets?kind=budget&lang=sw").text();
    assert!(many.contains(">seti za data 2<"), "{many}");
}

#[test]
fn bad_catalogue_parameters_are_400_pages_that_say_why() {
    for (path, says) in [
        ("/datasets?kind=nope", "kind `nope` is not one of"),
        ("/datasets?page=0", "is not a whole number"),
        ("/datasets?page=abc", "is not a whole number"),
        ("/datasets?page=99999", "past the end"),
    ] {
        let page = get(path);
        assert_eq!(page.status, 400, "{path}");
        assert!(page.text().contains(says), "{path}: {}", page.text());
        assert!(page.text().contains("href=\"/datasets\""), "a way on");
    }
}

#[test]
fn the_catalogue_searches_inside_small_datasets_and_highlights_the_match() {
    // A contractor's name appears only inside the project register, not in any title.
    let projects = published_rows("projects", 1);
    let contractor = projects
        .iter()
        .map(|r| r["contractor"].clone())
        .find(|c| c.split_whitespace().count() >= 2)
        .expect("a contractor");
    let word = contractor.split_whitespace().next().unwrap().to_string();
    let page = get(&format!("/datasets?q={}", word.replace(' ', "+")));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("href=\"/datasets/projects\""),
        "searching `{word}` finds the register: {html}"
    );
    assert!(
        html.contains(&format!("<b>{word}</b>")),
        "the match is highlighted"
    );
    let none = get("/datasets?q=zzzqqqxxy").text();
    assert!(none.contains("Nothing matches"), "{none}");
}

#[test]
fn a_dataset_page_shows_facts_schema_versions_and_downloads() {
    let page = get("/datasets/budget-2024-25");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("link"),
        "</datasets/budget-2024-25/v/3>; rel=\"canonical\""
    );
    let html = page.text();
    for needle in [
        "Version 3 / 3",
        "Restatement",
        "Responsible office",
        "Legal basis",
        "line_code",
        "/datasets/budget-2024-25/v/3/data.parquet",
        "sha256",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let pinned = get("/datasets/budget-2024-25/v/1").text();
    assert!(pinned.contains("Version 1 / 3") && pinned.contains("this address never changes"));
}

#[test]
fn unknown_datasets_and_versions_are_404_pages_with_a_way_on() {
    let page = get("/datasets/nothing-here");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("no dataset `nothing-here`"));
    let page = get("/datasets/budget-2025-26/v/9");
    assert_eq!(page.status, 404);
    assert!(
        page.text()
            .contains("budget-2025-26 has no version 9; its versions are 1 to 2")
    );
    assert!(
        page.text()
            .contains("href=\"/datasets/budget-2025-26/v/2\"")
    );
    assert_eq!(get("/datasets/budget-2025-26/v/abc").status, 400);
    assert_eq!(get("/datasets/budget-2025-26/v/0").status, 400);
    assert_eq!(get("/no/such/page").status, 404);
}

#[test]
fn a_diff_page_shows_each_changed_value_and_downloads_as_csv() {
    let page = get("/datasets/budget-2024-25/diff/2..3");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<strong>3</strong>changed"), "{html}");
    assert!(html.contains("<del>") && html.contains("<ins>"));
    assert!(
        get("/datasets/budget-2024-25")
            .text()
            .contains("href=\"/datasets/budget-2024-25/diff/2..3\""),
        "versions link their diff"
    );
    let csv = get("/datasets/budget-2024-25/diff/2..3.csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let text = csv.text();
    assert!(text.starts_with("change,key,field,old,new\n"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("changed,")).count(),
        3
    );
}

#[test]
fn bad_diff_ranges_are_400_or_404_with_reasons() {
    assert_eq!(get("/datasets/budget-2024-25/diff/2-3").status, 400);
    assert_eq!(get("/datasets/budget-2024-25/diff/2..x").status, 400);
    assert_eq!(get("/datasets/budget-2024-25/diff/2..9").status, 404);
    assert_eq!(get("/datasets/nothing/diff/1..2").status, 404);
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
fn the_protocol_page_finds_the_late_and_the_missing_disclosures() {
    let page = get("/protocol?as_of=2026-07-31");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<strong>late</strong> by 52 days"),
        "expenditure-2025-11 was published 52 days late"
    );
    assert!(
        html.contains("revenue-2026-03</td>") && html.contains("<strong>missing</strong>"),
        "revenue-2026-03 is missing"
    );
    let csv = get("/protocol.csv?as_of=2026-07-31").text();
    assert!(
        csv.starts_with("kind,office,period,dataset,due,status,published,days_late,days_overdue\n")
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",expenditure-2025-11,2025-12-30,late,2026-02-20,52,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",revenue-2026-03,2026-04-30,missing,,,92")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",expenditure-2025-09,") && l.contains(",on time,"))
    );
    assert_eq!(get("/protocol?as_of=yesterday").status, 400);
}

#[test]
fn a_publish_while_serving_shows_up_without_a_restart() {
    let env = Env::with_registers();
    let base = start(env.data.clone());
    assert_eq!(
        get_at(&base, "/datasets/expenditure-2025-09", &[]).status,
        404
    );
    env.ingest_ok(
        "ifmis-expenditure-csv",
        &[&fixture("expenditure.csv")],
        None,
    );
    let page = get_at(&base, "/datasets/expenditure-2025-09", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Version 1 / 1"));
}

#[test]
fn pages_are_compressed_when_the_client_asks_and_it_is_worth_it() {
    let page = get_with("/ledger", &[("accept-encoding", "gzip")]);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-encoding"), "gzip");
    // A page of a kilobyte or two goes as it is: compressing it costs more than it saves.
    let small = get_with("/no/such/page", &[("accept-encoding", "gzip, br")]);
    assert_eq!(small.status, 404);
    assert!(small.body.len() < 4096, "{} bytes", small.body.len());
    assert_eq!(small.header("content-encoding"), "");
}

#[test]
fn pages_speak_swahili_when_asked_and_remember_it() {
    let english = get("/datasets").text();
    assert!(english.contains("<html lang=\"en\">") && english.contains("Datasets"));
    let asked = get_with(
        "/datasets",
        &[("accept-language", "sw-KE,sw;q=0.9,en;q=0.5")],
    );
    assert!(
        asked.text().contains("<html lang=\"sw\">") && asked.text().contains("Seti za data"),
        "{}",
        asked.text()
    );
    assert!(asked.header("vary").contains("Accept-Language"));
    let chosen = get("/protocol?lang=sw");
    assert!(
        chosen.header("set-cookie").starts_with("lang=sw"),
        "the switcher's choice is remembered"
    );
    assert!(chosen.text().contains("Itifaki ya ufichuzi"));
    let remembered = get_with("/ledger", &[("cookie", "lang=sw")]);
    assert!(remembered.text().contains("Daftari"));
    // Dates are written out in the reader's language: the day asked for, and each
    // disclosure's due and publication dates, as the compliance CSV gives them.
    let due = get_with("/protocol?as_of=2026-07-31", &[("cookie", "lang=sw")]).text();
    assert!(
        due.contains(&format!(" {}.</p>", swahili_date("2026-07-31"))),
        "{due}"
    );
    let rows: Vec<&str> = due.split("<tr>").skip(1).collect();
    let listed = get("/protocol.csv?as_of=2026-07-31").body;
    let mut compliance = csv::Reader::from_reader(listed.as_slice())
        .into_deserialize::<std::collections::HashMap<String, String>>()
        .map(Result::unwrap)
        .peekable();
    assert!(compliance.peek().is_some(), "obligations to check");
    for obligation in compliance {
        let dataset = &obligation["dataset"];
        let row = rows
            .iter()
            .find(|r| r.contains(&format!(">{dataset}</")))
            .unwrap_or_else(|| panic!("{dataset} has its row"));
        let mut dates = vec![&obligation["due"]];
        dates.extend(Some(&obligation["published"]).filter(|p| !p.is_empty()));
        for date in dates {
            assert!(
                row.contains(&format!("<td>{}</td>", swahili_date(date))),
                "{dataset}: {date} in Swahili in {row}"
            );
        }
    }
    // The switcher links to the same page in the other language.
    assert!(english.contains("href=\"/datasets?lang=sw\""));
    let missing = get_with("/datasets/nothing", &[("cookie", "lang=sw")]);
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Haikupatikana"),
        "{}",
        missing.text()
    );
}

#[test]
fn every_page_with_its_stylesheet_stays_under_60_kb() {
    let home = get("/").text();
    let css_href = home
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let css = get(&css_href).body.len();
    for path in [
        "/",
        "/datasets",
        "/datasets?q=road",
        "/datasets/projects",
        "/datasets/expenditure-2025-09",
        "/datasets/budget-2024-25/v/1",
        "/datasets/budget-2024-25/diff/1..2",
        "/protocol",
        "/ledger",
        "/datasets/nothing",
        "/projects",
        "/projects?status=implementation",
        "/wards",
        "/wards/MLM-01",
        "/audit",
        "/audit/flags",
        "/projects/MLM-MK-0001",
        "/budget",
        "/budget?across=month",
        "/budget?unit=3711",
        "/revenue",
        "/services",
    ] {
        for lang in ["en", "sw"] {
            let page = get_with(path, &[("cookie", &format!("lang={lang}"))]);
            assert!(page.status < 500, "{path}");
            let total = page.body.len() + css;
            assert!(
                total < 60 * 1024,
                "{path} ({lang}) is {total} bytes with its CSS"
            );
            assert!(
                !page.text().contains("<script"),
                "{path} needs no JavaScript"
            );
        }
    }
}

/// `2026-07-31` → `31 Julai 2026`, as the site writes a date for a Swahili reader.
fn swahili_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba",
        "Oktoba", "Novemba", "Desemba",
    ];
    let date = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
    use chrono::Datelike;
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

#[test]
fn the_projects_map_legend_uses_the_status_words_of_the_filter_and_the_list() {
    let html = get("/projects?lang=sw").text();
    let caption = html
        .split("<figcaption>")
        .nth(1)
        .and_then(|c| c.split("</figcaption>").next())
        .expect("the map's legend");
    for word in ["utambuzi", "maandalizi", "utekelezaji", "umekamilika"] {
        assert!(caption.contains(word), "{word} missing from {caption}");
    }
    for other in ["imepangwa", "inaendelea", "imekamilika"] {
        assert!(!caption.contains(other), "{other} in {caption}");
    }
    let english = get("/projects?lang=en").text();
    assert!(
        english.contains("</span> identification, preparation · "),
        "the English legend names the statuses as published too"
    );
}

/// The interactive map's `data-labels`: the status and sector words its pop-ups show.
fn map_labels(html: &str) -> serde_json::Value {
    let attribute = html
        .split("data-labels=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the map's labels");
    serde_json::from_str(&attribute.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

#[test]
fn the_interactive_maps_pop_ups_use_the_status_words_of_the_legend() {
    let legend = get("/projects?lang=sw").text();
    let map = get("/projects/map?lang=sw").text();
    let labels = map_labels(&map);
    for (code, word) in [
        ("identification", "utambuzi"),
        ("preparation", "maandalizi"),
        ("implementation", "utekelezaji"),
        ("completion", "umekamilika"),
    ] {
        assert_eq!(labels["status"][code], word, "{labels}");
        assert!(legend.contains(word), "the legend says {word}");
    }
    assert_eq!(labels["sector"]["roads"], "barabara", "{labels}");
    // A ward by name and code, as the project pages say it, where it showed its code.
    let ward = regex::Regex::new(r#"<a href="/wards/([^"]+)">([^<]+)</a>"#)
        .unwrap()
        .captures(&get("/wards?lang=sw").text())
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .expect("a ward named in the list of wards");
    assert_eq!(
        labels["ward"][&ward.0],
        format!("{} ({})", ward.1, ward.0),
        "{labels}"
    );
    // In English the codes are the words: nothing to carry but the wards' names.
    let english = map_labels(&get("/projects/map?lang=en").text());
    assert_eq!(english["status"], serde_json::json!({}));
    assert_eq!(english["sector"], serde_json::json!({}));
    assert_eq!(english["ward"], labels["ward"]);
    // The script puts them in its pop-ups.
    let script = map
        .split("script type=\"module\" src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the map script");
    let js = get(script).text();
    assert!(
        js.contains("element.dataset.labels")
            && js.contains("label('status', p.status)")
            && js.contains("label('ward', p.ward)"),
        "{js}"
    );
}

#[test]
fn a_datasets_files_stack_on_a_phone_with_the_whole_hash_and_sizes_unbroken() {
    let html = get("/datasets/expenditure-2025-09?lang=sw").text();
    let table = html
        .split(r#"<table class="cards files">"#)
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the files as cards on a phone");
    let hash =
        regex::Regex::new(r#"<td class="hash" data-label="sha256">[0-9a-f]{64}</td>"#).unwrap();
    assert!(hash.is_match(table), "{table}");
    assert!(
        regex::Regex::new("data-label=\"Ukubwa\">[0-9.]+\u{a0}(KB|MB|B)</td>")
            .unwrap()
            .is_match(table),
        "a size's figure and unit stay on one line: {table}"
    );
}
