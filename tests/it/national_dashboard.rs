//! National dashboards: each version's `aggregates.parquet` agrees with the county's own
//! dashboards, the national figures are the sums of each county's own figures to the cent,
//! they are kept per national ledger head, and a county on an older release (no
//! aggregates) still harvests and verifies, its figures "not available", never zero.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use disclose::analytics::aggregates;
use disclose::analytics::budget::{self, Across};
use disclose::analytics::cache::Cache;
use disclose::analytics::spend::cents;
use disclose::analytics::{Records, flags, revenue, services};
use disclose::national::dashboard::{self, DashboardCache};
use disclose::national::source::Directory;
use disclose::national::{CountySource, National, verify};
use disclose::pipeline::{self, IngestOptions, Outcome};
use disclose::protocol::compliance::Status;
use disclose::store::{Entry, Store, hash_file};

use crate::support::{Env, fixture, pipeline, protocol, repo};

/// What a county's own dashboards show for `year`, computed on its own store.
#[derive(Debug, PartialEq)]
struct Own {
    stages: Vec<(String, i64)>,
    spent: i64,
    payments: u64,
    target: i64,
    collected: i64,
    requests: u64,
    pending: u64,
    median_days: Option<f64>,
    p90_days: Option<f64>,
    flags: (u64, u64, u64),
    compliance: (usize, usize, usize, usize),
}

fn own(dir: &Path, year: &str, as_of: chrono::NaiveDate) -> Own {
    let protocol = protocol();
    let store = Store::open(dir).unwrap();
    let latest: Vec<&Entry> = store
        .datasets()
        .into_iter()
        .filter_map(|d| store.latest(d))
        .collect();
    let cache = Cache::default();
    let records = Records::load_summaries(&protocol, dir, &latest, &cache).unwrap();
    let table = budget::table(&records, year, &budget::Path::default(), Across::Drill);
    let (_, rev) = revenue::table(&records, year, revenue::By::Source);
    let (_, served) = services::table(&records, year, services::By::Service, &BTreeMap::new());
    // The flags as the county's works pages compute them.
    let read: Vec<&Entry> = latest
        .iter()
        .copied()
        .filter(|e| flags::KINDS.contains(&e.kind.as_str()))
        .collect();
    let all = Records::load(&protocol, dir, &read, &cache).unwrap();
    let raised = flags::find(&all, &protocol.audit, all.as_of().unwrap());
    let severity = |s: flags::Severity| raised.iter().filter(|f| f.severity == s).count() as u64;
    let mut compliance = (0, 0, 0, 0);
    for o in disclose::analytics::disclosures(&protocol, store.entries(), as_of) {
        let (_, period) = protocol.resolve_dataset(&o.dataset).unwrap();
        let fy = disclose::protocol::Period::containing(
            period.unwrap().first_day(),
            disclose::protocol::Frequency::Annual,
            protocol.jurisdiction.fiscal_year_start_month,
        )
        .unwrap()
        .to_string();
        if fy != year {
            continue;
        }
        match o.status {
            Status::OnTime { .. } => compliance.0 += 1,
            Status::Late { .. } => compliance.1 += 1,
            Status::Missing { .. } => compliance.2 += 1,
            Status::NotYetDue => compliance.3 += 1,
        }
    }
    let mut stages: Vec<(String, i64)> = table
        .stages
        .iter()
        .zip(&table.total.budget)
        .map(|(s, v)| (s.clone(), cents(*v)))
        .collect();
    stages.sort_by_key(|(s, _)| dashboard::STAGES.iter().position(|x| x == s));
    Own {
        stages,
        spent: cents(table.total.spent),
        payments: table.total.payments as u64,
        target: cents(rev.target),
        collected: cents(rev.collected),
        requests: served.requests as u64,
        pending: served.pending as u64,
        median_days: served.median_days,
        p90_days: served.p90_days,
        flags: (
            severity(flags::Severity::High),
            severity(flags::Severity::Medium),
            severity(flags::Severity::Low),
        ),
        compliance,
    }
}

fn national_of(c: &dashboard::County) -> Own {
    let b = c.budget.value.as_ref().expect("budget available");
    let r = c.revenue.value.as_ref().expect("revenue available");
    let s = c.services.value.as_ref().expect("services available");
    let f = c.flags.value.as_ref().expect("flags available");
    Own {
        stages: b.stages.clone(),
        spent: b.spent_cents,
        payments: b.payments,
        target: r.target_cents,
        collected: r.collected_cents,
        requests: s.requests,
        pending: s.pending,
        median_days: s.median_days,
        p90_days: s.p90_days,
        flags: (f.high, f.medium, f.low),
        compliance: (
            c.compliance.on_time,
            c.compliance.late,
            c.compliance.missing,
            c.compliance.not_yet_due,
        ),
    }
}

/// Two demo counties harvested, built once for the test process: (counties, national).
fn national_demo() -> &'static (PathBuf, PathBuf) {
    static DEMO: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DEMO.get_or_init(|| {
        use disclose::demo::counties;
        let dir = crate::support::process_dir("national-demo");
        let (home, root) = (dir.join("counties"), dir.join("national"));
        let list = counties::counties(2, 42, 1).unwrap();
        counties::run(&protocol(), &repo().join("pipelines"), &home, &root, &list).unwrap();
        (home, root)
    })
}

#[test]
fn national_figures_are_the_sums_of_each_countys_own_dashboards_to_the_cent() {
    let (home, root) = national_demo();
    let (home, root) = (home.clone(), root.clone());

    // Every dashboard kind's version carries its aggregates, recorded in its ledger entry
    // like every other file, and harvested byte for byte.
    let store = Store::open(&home.join("901")).unwrap();
    for e in store.entries() {
        let recorded = e.file(aggregates::FILE);
        assert_eq!(
            recorded.is_some(),
            aggregates::KINDS.contains(&e.kind.as_str()),
            "{} v{}",
            e.dataset,
            e.version
        );
        if let Some(f) = recorded {
            let (sha256, bytes) = hash_file(&e.path(store.root(), aggregates::FILE)).unwrap();
            assert_eq!((sha256.as_str(), bytes), (f.sha256.as_str(), f.bytes));
        }
    }
    let report = verify(&root).unwrap();
    assert!(report.is_clean(), "{:#?}", report.problems);

    let national = National::open(&root).unwrap();
    let board = dashboard::compute(&national, &protocol(), None).unwrap();
    let year = board.fiscal_year.clone().expect("a fiscal year");
    let as_of = board.as_of.unwrap();
    assert_eq!(board.counties.len(), 2);
    let mut summed = Own {
        stages: Vec::new(),
        spent: 0,
        payments: 0,
        target: 0,
        collected: 0,
        requests: 0,
        pending: 0,
        median_days: None,
        p90_days: None,
        flags: (0, 0, 0),
        compliance: (0, 0, 0, 0),
    };
    for c in &board.counties {
        let theirs = own(&home.join(&c.code), &year, as_of);
        let ours = national_of(c);
        assert_eq!(ours, theirs, "county {}", c.code);
        assert!(ours.spent > 0 && ours.target > 0 && ours.requests > 0);
        assert!(!ours.stages.is_empty() && ours.flags.0 + ours.flags.1 > 0);
        assert_eq!(
            c.name.as_deref(),
            Some(
                format!(
                    "{} County (synthetic demonstration)",
                    if c.code == "901" { "Mlima" } else { "Ziwani" }
                )
                .as_str()
            )
        );
        // Each figure names the harvested versions it was summed from.
        let months = c.budget.value.as_ref().map(|_| &c.budget.from).unwrap();
        assert!(
            months
                .iter()
                .any(|v| v.kind == "expenditure"
                    && root.join(&v.dir).join(aggregates::FILE).is_file())
        );
        summed.spent += ours.spent;
        summed.payments += ours.payments;
        summed.target += ours.target;
        summed.collected += ours.collected;
        summed.requests += ours.requests;
        summed.flags.0 += ours.flags.0;
        summed.compliance.1 += ours.compliance.1;
    }
    let t = &board.totals;
    assert_eq!(
        (
            t.budget.1.spent_cents,
            t.budget.1.payments,
            t.revenue.1.target_cents,
            t.revenue.1.collected_cents,
            t.services.1.requests,
            t.flags.1.high,
            t.compliance.1.late
        ),
        (
            summed.spent,
            summed.payments,
            summed.target,
            summed.collected,
            summed.requests,
            summed.flags.0,
            summed.compliance.1
        )
    );
    assert_eq!((t.budget.0, t.services.0), (2, 2));

    // Kept per ledger head: warm is the same dashboard; a new harvest line recomputes.
    let cache = DashboardCache::default();
    let cold = cache.get(&root, &protocol(), None).unwrap();
    let warm = cache.get(&root, &protocol(), None).unwrap();
    assert!(std::sync::Arc::ptr_eq(&cold, &warm));
    assert_eq!(*cold, board);
    let older = cache.get(&root, &protocol(), board.years.last().map(String::as_str));
    assert!(older.is_ok());
    let err = cache.get(&root, &protocol(), Some("1999-00")).unwrap_err();
    assert!(err.to_string().contains("the years are"), "{err}");
}

/// A county on a release before aggregates: its entries list no `aggregates.parquet`.
fn older_release_county() -> Env {
    let env = Env::new();
    for (name, file) in [
        ("wards-geojson", "wards.geojson"),
        ("project-register-csv", "projects.csv"),
        ("ifmis-expenditure-csv", "expenditure.csv"),
    ] {
        let report = pipeline::ingest(
            &protocol(),
            &pipeline(name),
            &[fixture(file)],
            &env.data,
            &IngestOptions {
                publisher: "Treasury Old".into(),
                ..IngestOptions::default()
            },
        )
        .unwrap();
        assert!(matches!(report.outcome, Some(Outcome::Published { .. })));
    }
    // The same versions as an older release wrote them: no aggregates, the chain sealed
    // without them.
    let mut lines = Vec::new();
    let mut prev = disclose::store::ledger::GENESIS.to_string();
    for mut e in Store::open(&env.data).unwrap().entries().to_vec() {
        if e.file(aggregates::FILE).is_some() {
            fs::remove_file(e.path(&env.data, aggregates::FILE)).unwrap();
        }
        e.body.files.retain(|f| f.path != aggregates::FILE);
        e.body.prev_hash = prev;
        let sealed = e.body.seal();
        prev = sealed.hash.clone();
        lines.push(sealed.to_line() + "\n");
    }
    fs::write(env.data.join("ledger.jsonl"), lines.concat()).unwrap();
    env
}

#[test]
fn a_county_on_an_older_release_harvests_and_verifies_and_its_figures_say_not_available() {
    let old = older_release_county();
    assert!(
        disclose::store::verify::verify(&old.data)
            .unwrap()
            .is_clean()
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("national");
    let (mut national, lock) = National::open_for_harvest(&root, || {}).unwrap();
    let results = disclose::national::harvest(
        &mut national,
        &lock,
        &[CountySource {
            code: "016".into(),
            source: Box::new(Directory(old.data.clone())),
        }],
    );
    assert!(results[0].is_ok(), "{:?}", results[0]);
    drop(lock);
    let report = verify(&root).unwrap();
    assert!(report.is_clean(), "{:#?}", report.problems);

    let board = dashboard::compute(&National::open(&root).unwrap(), &protocol(), None).unwrap();
    let c = &board.counties[0];
    assert_eq!(c.budget.value, None, "not available, never zero");
    assert_eq!(
        c.budget
            .without_aggregates
            .iter()
            .map(|v| (v.dataset.as_str(), v.version))
            .collect::<Vec<_>>(),
        [("expenditure-2025-09", 1)]
    );
    assert_eq!(c.flags.value, None);
    assert!(!c.flags.without_aggregates.is_empty());
    // Nothing published is not available either, and names no version.
    assert_eq!(c.revenue.value, None);
    assert!(c.revenue.from.is_empty() && c.revenue.without_aggregates.is_empty());
    assert_eq!(board.totals.budget.0, 0);
}

/// The national site on 127.0.0.1:0 over the national demo; returns its base URL.
fn national_site() -> &'static str {
    static SITE: OnceLock<String> = OnceLock::new();
    SITE.get_or_init(|| crate::national_site::start(national_demo().1.clone()))
}

/// A GET on the national site: status, content type and body.
fn fetch(path: &str) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let got = crate::support::fetch(&agent, &format!("{}{path}", national_site()), &[]);
    (
        got.status,
        got.header("content-type").to_string(),
        got.text(),
    )
}

#[test]
fn the_counties_page_shows_every_county_side_by_side_linked_to_its_versions_in_both_languages() {
    let root = &national_demo().1;
    let board = dashboard::compute(&National::open(root).unwrap(), &protocol(), None).unwrap();
    let (status, kind, page) = fetch("/counties");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("Counties side by side"), "{page}");
    assert!(!page.contains("<script"), "the page needs no script");
    // Phone-first: one table in a scroller whose first column stays put, a row per county.
    assert!(page.contains("<div class=\"wide\" tabindex=\"0\"><table>"));
    for c in &board.counties {
        let name = c.name.as_deref().unwrap();
        assert!(page.contains(name), "{name}");
        assert!(page.contains(&format!("id=\"c-{}\"", c.code)));
        let absorption = format!(
            "{:.0}%",
            c.budget.value.as_ref().unwrap().absorption_percent.unwrap()
        );
        assert!(page.contains(&absorption), "{} {absorption}", c.code);
        // Every figure links to the harvested versions it was summed from, and they open.
        let month = c
            .budget
            .from
            .iter()
            .find(|v| v.kind == "expenditure")
            .unwrap();
        let href = format!("/datasets/{}/{}/v/{}", c.code, month.dataset, month.version);
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}");
        assert_eq!(fetch(&href).0, 200, "{href}");
        // Compliance links the county ledger it was judged from.
        let ledger = format!("/ledgers/{}/ledger.jsonl", c.code);
        assert!(page.contains(&format!("href=\"{ledger}\"")), "{ledger}");
        assert_eq!(fetch(&ledger).0, 200, "{ledger}");
    }
    // The demo counties publish no citizens' reports: "not available", never zero.
    assert!(page.contains("not available"));

    let (status, _, sw) = fetch("/counties?lang=sw");
    assert_eq!(status, 200);
    assert!(sw.contains("Kaunti bega kwa bega") && sw.contains("haipatikani"));
    assert!(!sw.contains("Counties side by side") && !sw.contains("not available"));

    let (status, _, other) = fetch(&format!("/counties?year={}", board.years.last().unwrap()));
    assert_eq!(status, 200);
    assert!(other.contains(&format!("Fiscal year {}", board.years.last().unwrap())));
    let (status, _, bad) = fetch("/counties?year=1999-00");
    assert_eq!(status, 400);
    assert!(bad.contains("the years are"), "{bad}");
}

#[test]
fn the_counties_json_twin_gives_the_same_figures_in_cents_with_their_versions() {
    let root = &national_demo().1;
    let board = dashboard::compute(&National::open(root).unwrap(), &protocol(), None).unwrap();
    let (status, kind, body) = fetch("/api/counties");
    assert_eq!((status, kind.as_str()), (200, "application/json"));
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["fiscal_year"], board.fiscal_year.clone().unwrap());
    assert_eq!(json["head"], board.head);
    for (c, j) in board
        .counties
        .iter()
        .zip(json["counties"].as_array().unwrap())
    {
        assert_eq!(j["code"], c.code);
        let b = c.budget.value.as_ref().unwrap();
        assert_eq!(j["budget"]["value"]["spent_cents"], b.spent_cents);
        assert_eq!(
            j["revenue"]["value"]["collected_cents"],
            c.revenue.value.as_ref().unwrap().collected_cents
        );
        assert_eq!(j["feedback"]["value"], serde_json::Value::Null);
        assert!(
            j["budget"]["from"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v["kind"] == "budget" && v["version"].is_u64())
        );
    }
    assert_eq!(
        json["totals"]["budget"][1]["spent_cents"],
        board.totals.budget.1.spent_cents
    );
    let (status, kind, body) = fetch("/api/counties?year=1999-00");
    assert_eq!((status, kind.as_str()), (400, "application/problem+json"));
    assert!(body.contains("the years are"), "{body}");
}
