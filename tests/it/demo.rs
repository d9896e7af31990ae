//! The demo county: deterministic, verifiable, and carrying the planted audit patterns.

use std::collections::HashMap;

use disclose::demo::{self, DemoOptions};
use disclose::store::verify::verify;

use crate::support::{Env, protocol, repo, stderr, stdout};

fn build(env: &Env, seed: u64) -> String {
    demo::run(
        &protocol(),
        &repo().join("pipelines"),
        &env.data,
        &DemoOptions { scale: 1, seed },
    )
    .expect("the demo builds")
}

/// Sums of payments per project across every published expenditure month.
fn paid_by_project(env: &Env) -> HashMap<String, f64> {
    let store = env.store();
    let mut paid = HashMap::new();
    for dataset in store
        .datasets()
        .into_iter()
        .filter(|d| d.starts_with("expenditure-"))
    {
        let entry = store.latest(dataset).unwrap();
        let mut reader =
            csv::Reader::from_path(store.version_dir(dataset, entry.version).join("data.csv"))
                .unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            if !record[13].is_empty() {
                *paid.entry(record[13].to_string()).or_insert(0.0) +=
                    record[15].parse::<f64>().unwrap();
            }
        }
    }
    paid
}

/// (current contract value, latest inspected progress) per project.
fn projects(env: &Env) -> HashMap<String, (f64, f64)> {
    let store = env.store();
    let latest = store.latest("projects").unwrap();
    let mut out = HashMap::new();
    let mut reader = csv::Reader::from_path(
        store
            .version_dir("projects", latest.version)
            .join("data.csv"),
    )
    .unwrap();
    for r in reader.records() {
        let r = r.unwrap();
        out.insert(r[0].to_string(), (r[11].parse().unwrap_or(0.0), 0.0));
    }
    let progress = store.latest("project_progress").unwrap();
    let mut reader = csv::Reader::from_path(
        store
            .version_dir("project_progress", progress.version)
            .join("data.csv"),
    )
    .unwrap();
    for r in reader.records() {
        let r = r.unwrap();
        if let Some(p) = out.get_mut(&r[0]) {
            p.1 = r[2].parse().unwrap();
        }
    }
    out
}

#[test]
fn the_demo_publishes_a_history_that_verifies_and_is_the_same_for_the_same_seed() {
    let (a, b) = (Env::new(), Env::new());
    let summary = build(&a, 42);
    assert!(summary.contains("SYNTHETIC"), "{summary}");
    build(&b, 42);
    let report = verify(&a.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(
        a.store().head_hash(),
        b.store().head_hash(),
        "same seed, same ledger"
    );
    assert!(
        a.data
            .join("inbox/expenditure/ifmis_payments_2025-09.csv")
            .exists(),
        "raw exports are kept in the inbox"
    );

    let store = a.store();
    assert_eq!(store.latest("projects").unwrap().version, 3);
    assert_eq!(store.latest("budget-2025-26").unwrap().version, 2);
    assert!(store.latest("expenditure-2025-09").unwrap().rows > 1000);
    assert_eq!(
        store
            .datasets()
            .iter()
            .filter(|d| d.starts_with("expenditure-"))
            .count(),
        24
    );

    // A second run on the same folder knows the demo is there.
    assert!(build(&a, 42).contains("already published"));
    let other = demo::run(
        &protocol(),
        &repo().join("pipelines"),
        &a.data,
        &DemoOptions { scale: 1, seed: 7 },
    );
    assert!(
        other
            .unwrap_err()
            .to_string()
            .contains("already holds published data")
    );
}

#[test]
fn the_demo_plants_the_patterns_auditors_look_for_and_leaves_clean_projects_clean() {
    let env = Env::new();
    build(&env, 42);
    let planted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.data.join("inbox/planted.json")).unwrap())
            .unwrap();
    let ids = |name: &str| -> Vec<String> {
        planted["patterns"][name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let paid = paid_by_project(&env);
    let projects = projects(&env);

    for id in ids("payments_ahead_of_progress") {
        let (value, progress) = projects[&id];
        let share = paid[&id] / value * 100.0;
        assert!(
            share >= progress + 30.0,
            "{id}: paid {share:.0}% at {progress}% progress"
        );
    }
    for id in ids("paid_beyond_contract_value") {
        assert!(
            paid[&id] > projects[&id].0 * 1.05,
            "{id}: paid {} of {}",
            paid[&id],
            projects[&id].0
        );
    }
    let clean = ids("clean_projects");
    assert!(clean.len() > 100, "most projects are clean");
    for id in &clean {
        let (value, progress) = projects[id];
        let share = paid.get(id).copied().unwrap_or(0.0) / value * 100.0;
        assert!(
            share <= progress + 0.5 && share <= 100.0 + 1e-6,
            "{id}: paid {share:.1}% at {progress}% progress"
        );
    }

    let store = env.store();
    let late = store.latest("expenditure-2025-11").unwrap();
    assert_eq!(late.published_at, "2026-02-20T09:30:00Z");
    assert!(
        store.latest("revenue-2026-03").is_none(),
        "the missing disclosure is missing"
    );
    let restated = store.version("budget-2024-25", 3).unwrap();
    assert!(restated.note.as_deref().unwrap().starts_with("Restatement"));

    let october =
        std::fs::read_to_string(store.version_dir("expenditure-2025-10", 1).join("data.csv"))
            .unwrap();
    let duplicates = october
        .lines()
        .filter(|l| l.contains("Ofisi Supplies Ltd") && l.contains(",487350,"))
        .count();
    assert_eq!(duplicates, 2);
    assert!(
        !october.contains(",IND,") && october.contains("individual-"),
        "individual payees are pseudonymised"
    );
}

#[test]
fn the_demo_command_builds_without_serving() {
    let env = Env::new();
    let state = env.dir.path().join("state");
    let state = state.to_str().unwrap();
    let out = env.cli(&["--state-dir", state, "demo", "--no-serve"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("demo published: "),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("citizen reports: ")
            && stdout(&out).contains("feedback versions published"),
        "{}",
        stdout(&out)
    );
    let again = env.cli(&["--state-dir", state, "demo", "--no-serve"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("already published")
            && stdout(&again).contains("citizen reports: already seeded"),
        "a second run publishes and seeds nothing: {}",
        stdout(&again)
    );
    let store = env.store();
    let projects = store.latest("projects").unwrap();
    let archive = env
        .dir
        .path()
        .join("tiles")
        .join(disclose::tiles::archive::file_name(
            "projects",
            projects.version,
            &projects.hash,
        ));
    assert!(
        std::fs::read(&archive).is_ok_and(|b| b.starts_with(b"PMTiles")),
        "the demo builds the map tile archives: {}",
        archive.display()
    );
    let verified = env.cli(&["verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
}

/// A page of a server, its status and body.
fn fetch(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .unwrap();
    (status, body)
}

#[test]
fn the_demo_seeds_citizen_reports_that_the_site_shows_and_publishes_month_by_month() {
    use std::sync::Arc;

    use disclose::config::Config;
    use disclose::demo::feedback::{SeedOptions, seed};
    use disclose::feedback::{Feedback, PhotoStore};
    use disclose::staff::Staff;
    use disclose::web::{AppState, serve};

    let env = Env::new();
    build(&env, 42);
    let protocol = protocol();
    let state = env.dir.path().join("state");
    let mut config = Config {
        state_dir: state.clone(),
        ..Config::default()
    };
    config.database = Some(format!(
        "sqlite:{}",
        state.join("disclose.sqlite").display()
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (seeded, url) = runtime.block_on(async {
        let staff = Staff::open(config, protocol.offices.clone())
            .await
            .expect("the state database opens");
        let answering = protocol.feedback.answering_offices();
        demo::accounts::create(&staff, &answering).await.unwrap();
        let options = SeedOptions { background: 80 };
        let photos = || PhotoStore::new(state.join("photos"), 10 << 20);
        let seeded = seed(&staff, photos(), &protocol, &env.data, 42, &options)
            .await
            .expect("the reports are seeded")
            .expect("a first run seeds");
        assert!(
            seed(&staff, photos(), &protocol, &env.data, 42, &options)
                .await
                .unwrap()
                .is_none(),
            "a second run seeds nothing"
        );
        let audit = staff.db.verify_audit().await.unwrap();
        assert!(audit.problems.is_empty(), "{:?}", audit.problems);
        assert!(
            audit.rows as usize > seeded.reports,
            "every action is in the audit trail: {} rows",
            audit.rows
        );
        let feedback = Arc::new(Feedback::new(staff.db.clone(), protocol.clone(), photos()));
        let state = AppState::new(&env.data, protocol.clone())
            .unwrap()
            .with_feedback(feedback);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { serve(listener, state).await });
        (seeded, url)
    });
    println!(
        "{} (planted: {})",
        seeded.summary(),
        serde_json::to_string(&seeded.planted).unwrap()
    );

    // Every month from July 2024 to June 2026 on its due date, and one restatement.
    assert_eq!(seeded.published.len(), 25, "{:?}", seeded.published);
    assert!(seeded.published[..24].iter().all(|v| v.ends_with(" v1")));
    assert!(
        seeded.published[24].ends_with(" v2"),
        "{:?}",
        seeded.published
    );
    let store = env.store();
    let july = store
        .latest("feedback-2024-07")
        .expect("July 2024 is published");
    assert!(
        july.published_at.starts_with("2024-08-15"),
        "{}",
        july.published_at
    );
    let report = verify(&env.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert!(
        build(&env, 42).contains("already published"),
        "a second demo run knows the demo, reports included"
    );

    // What was planted, and what the figures say.
    let planted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.data.join("inbox/planted.json")).unwrap())
            .unwrap();
    let fb = &planted["patterns"]["feedback"];
    let stalled = &fb["stalled_project"];
    let project = stalled["project"].as_str().unwrap();
    let stalled_refs: Vec<&str> = stalled["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(stalled_refs.len() >= 4, "{stalled}");
    assert!(
        stalled["median_days_to_acknowledge"].as_f64().unwrap() > 3.0,
        "{stalled}"
    );
    let market = &fb["market_refuse_on_time"];
    assert!(
        market["median_days_to_resolve"].as_f64().unwrap() <= 7.0,
        "{market}"
    );
    let market_ref = market["references"][0].as_str().unwrap();
    assert!(!fb["duplicates"].as_array().unwrap().is_empty(), "{fb}");
    assert!(
        fb["restated_month"]
            .as_str()
            .unwrap()
            .contains("Restatement"),
        "{fb}"
    );
    let abusive = fb["abusive_report_rejected"][0].as_str().unwrap();

    let (status, list) = fetch(&format!(
        "{url}/reports?ward={}",
        market["ward"].as_str().unwrap()
    ));
    assert_eq!(status, 200, "{list}");
    let latest = market["references"].as_array().unwrap().last().unwrap();
    assert!(
        list.contains(latest.as_str().unwrap()),
        "/reports lists the market's latest report"
    );
    let (_, all) = fetch(&format!("{url}/reports.csv"));
    assert!(all.contains(market_ref), "the market's reports are public");
    assert!(!all.contains(abusive), "the abusive report is not public");
    assert!(
        !all.contains("0700 000")
            && !all.contains("Demo Resident")
            && !all.contains("@example.org"),
        "no reporter's name or contact is public"
    );
    assert!(all.contains("[phone number removed]") || all.contains("[namba ya simu imeondolewa]"));
    let (status, _) = fetch(&format!("{url}/reports/{abusive}"));
    assert_eq!(status, 404);
    let (status, page) = fetch(&format!("{url}/projects/{project}"));
    assert_eq!(status, 200);
    assert!(
        page.contains(stalled_refs[0]),
        "the stalled project's page lists its reports"
    );
    let (_, swahili) = fetch(&format!("{url}/reports.csv?project={project}"));
    assert!(
        [" ya ", " na ", " kwa ", "hakuna", "Hakuna"]
            .iter()
            .any(|w| swahili.contains(w)),
        "reports in Swahili too: {swahili}"
    );

    let (status, services) = fetch(&format!("{url}/services?fy=2025-26"));
    assert_eq!(status, 200);
    assert!(services.contains("Response times by office"), "{services}");
    assert!(
        services.contains("/datasets/feedback-2025-"),
        "figures link to their versions"
    );
    let (_, csv) = fetch(&format!(
        "{url}/services/responses.csv?fy=2025-26&by=category"
    ));
    let works = csv
        .lines()
        .find(|l| l.starts_with("2025-26,works-stalled,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(works.contains("feedback-2025-"), "{works}");
}
