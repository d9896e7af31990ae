//! Response times on `/services`, from published `feedback` months: a hand-made month is
//! published through a pipeline, restated, and the page and its CSV give the figures of
//! the head version, computed by hand below, with links to the versions behind them.

use std::path::{Path, PathBuf};

use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::Protocol;
use disclose::web::{AppState, serve};

use crate::support::{Env, repo};

/// The repository's protocol, with the `feedback` kind declared if this tree does not
/// declare it yet (its Table Schema is the contract of the monthly export).
fn protocol_with_feedback(dir: &Path) -> Protocol {
    let to = dir.join("protocol");
    std::fs::create_dir_all(to.join("schemas")).unwrap();
    for entry in std::fs::read_dir(repo().join("protocol/schemas")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join("schemas").join(entry.file_name())).unwrap();
    }
    let mut toml = std::fs::read_to_string(repo().join("protocol/protocol.toml")).unwrap();
    if !toml.contains("[kinds.feedback]") {
        toml.push_str(
            r#"
[kinds.feedback]
title = "Citizens' reports and response times"
description = "The month's reports from residents, with the office responsible and the times to acknowledge and resolve them."
legal_basis = "Constitution of Kenya 2010, Article 35"
office = "County Public Service Delivery and Customer Care Unit"
frequency = "monthly"
due = { days_after_period_end = 15 }
period_field = "received"
schema = "schemas/feedback.json"
tags = ["feedback", "services"]
"#,
        );
    }
    std::fs::write(to.join("protocol.toml"), toml).unwrap();
    Protocol::load(&to).expect("the protocol with the feedback kind loads")
}

/// A pipeline that reads the published columns as they are.
fn feedback_pipeline(dir: &Path) -> PipelineSpec {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("protocol/schemas/feedback.json")).unwrap(),
    )
    .unwrap();
    let mut spec = String::from(
        "name = \"feedback-test-csv\"\ntitle = \"Feedback export (test)\"\nkind = \"feedback\"\n\n[reader]\nformat = \"csv\"\n",
    );
    for f in schema["fields"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        spec.push_str(&format!("\n[fields.{name}]\nfrom = \"{name}\"\n"));
    }
    let path = dir.join("feedback-test-csv.toml");
    std::fs::write(&path, spec).unwrap();
    PipelineSpec::load(&path).expect("the test pipeline loads")
}

const HEADER: &str = "reference,received,category,category_name,office,ward,project_id,channel,status,status_as_of,acknowledged,resolved,days_to_acknowledge,days_to_resolve,acknowledge_standard_days,resolve_standard_days,acknowledged_within_standard,resolved_within_standard,duplicate_of,text,moderation_reason,responses,followers,latitude,longitude,category_suggested,suggestion_accepted,routed_automatically";

/// August 2025 as exported on 15 September: works-stalled (3 and 30 days) answered by
/// roads-works, refuse (2 and 7 days) by water-environment.
const AUGUST_V1: &str = "\
MLM-2025-000001,2025-08-01,works-stalled,Works stalled,roads-works,,,web,resolved,2025-09-15,2025-08-03,2025-08-21,2,20,3,30,true,true,,Works stopped,,,1,,,,,false
MLM-2025-000002,2025-08-05,works-stalled,Works stalled,roads-works,,,sms,resolved,2025-09-15,2025-08-15,2025-09-14,10,40,3,30,false,false,,Works stopped again,,,1,,,,,false
MLM-2025-000003,2025-08-10,works-stalled,Works stalled,roads-works,,,counter,open,2025-09-15,,,,,3,30,false,false,,No workers,,,2,,,,,false
MLM-2025-000004,2025-08-20,refuse,Refuse collection,water-environment,,,web,resolved,2025-09-15,2025-08-21,2025-08-23,1,3,2,7,true,true,,Skip full,,,1,,,,,false
MLM-2025-000005,2025-08-25,refuse,Refuse collection,water-environment,,,web,rejected,2025-09-15,,,,,2,7,,,,,abusive,,1,,,,,false
";

/// The restatement on 1 October: the open report was acknowledged on day 37 and
/// resolved on day 41.
const AUGUST_V2: &str = "\
MLM-2025-000001,2025-08-01,works-stalled,Works stalled,roads-works,,,web,resolved,2025-10-01,2025-08-03,2025-08-21,2,20,3,30,true,true,,Works stopped,,,1,,,,,false
MLM-2025-000002,2025-08-05,works-stalled,Works stalled,roads-works,,,sms,resolved,2025-10-01,2025-08-15,2025-09-14,10,40,3,30,false,false,,Works stopped again,,,1,,,,,false
MLM-2025-000003,2025-08-10,works-stalled,Works stalled,roads-works,,,counter,resolved,2025-10-01,2025-09-16,2025-09-20,37,41,3,30,false,false,,No workers,,,2,,,,,false
MLM-2025-000004,2025-08-20,refuse,Refuse collection,water-environment,,,web,resolved,2025-10-01,2025-08-21,2025-08-23,1,3,2,7,true,true,,Skip full,,,1,,,,,false
MLM-2025-000005,2025-08-25,refuse,Refuse collection,water-environment,,,web,rejected,2025-10-01,,,,,2,7,,,,,abusive,,1,,,,,false
";

fn publish(env: &Env, protocol: &Protocol, spec: &PipelineSpec, rows: &str, note: Option<&str>) {
    let file: PathBuf = env.write("feedback.csv", format!("{HEADER}\n{rows}"));
    let options = IngestOptions {
        period: Some("2025-08".into()),
        note: note.map(str::to_string),
        publisher: "test".into(),
        ..IngestOptions::default()
    };
    let report = pipeline::ingest(protocol, spec, &[file], &env.data, &options).unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "{}",
        report.summary(20)
    );
}

fn start(data: PathBuf, protocol: Protocol) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            let state = AppState::new(&data, protocol).expect("the store opens");
            serve(listener, state).await.expect("the server runs");
        });
    });
    rx.recv().expect("the server started")
}

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

#[test]
fn services_shows_response_times_of_the_head_version_of_each_feedback_month() {
    let env = Env::with_registers();
    let protocol = protocol_with_feedback(env.dir.path());
    let spec = feedback_pipeline(env.dir.path());
    publish(&env, &protocol, &spec, AUGUST_V1, None);
    publish(
        &env,
        &protocol,
        &spec,
        AUGUST_V2,
        Some("Restatement: MLM-2025-000003 resolved after the first publication"),
    );
    let url = start(env.data.clone(), protocol);

    let (status, page) = get(&format!("{url}/services"));
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Response to citizens&#39; reports")
            || page.contains("Response to citizens' reports"),
        "{page}"
    );
    assert!(page.contains("Department of Roads, Public Works and Infrastructure"));
    assert!(page.contains("Works stalled"));
    assert!(
        page.contains("/datasets/feedback-2025-08/v/2?office="),
        "each line links to the version it came from"
    );
    assert!(
        !page.contains("/datasets/feedback-2025-08/v/1?"),
        "only head versions count"
    );

    let (status, csv) = get(&format!(
        "{url}/services/responses.csv?fy=2025-26&by=office"
    ));
    assert_eq!(status, 200, "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |key: &str| {
        rows.iter()
            .find(|r| &r[1] == key)
            .unwrap_or_else(|| panic!("no {key} in {csv}"))
            .iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // reports, acknowledged, resolved, median/p90 ack, ack %, median/p90 resolve,
    // resolve %, open, overdue, versions. Roads: ack days 2, 10, 37 (median the 2nd,
    // 90th percentile the 3rd); resolve days 20, 40, 41; one of three within each.
    assert_eq!(
        row("roads-works")[2..],
        [
            "3",
            "3",
            "3",
            "10.0",
            "37.0",
            "33.3",
            "40.0",
            "41.0",
            "33.3",
            "0",
            "0",
            "feedback-2025-08/v2"
        ]
    );
    // The rejected report is not counted.
    assert_eq!(
        row("water-environment")[2..],
        [
            "1",
            "1",
            "1",
            "1.0",
            "1.0",
            "100.0",
            "3.0",
            "3.0",
            "100.0",
            "0",
            "0",
            "feedback-2025-08/v2"
        ]
    );
    // All: ack 1, 2, 10, 37 → median 2 (rank 2), p90 37 (rank 4); resolve 3, 20, 40, 41.
    assert_eq!(
        row("TOTAL")[2..],
        [
            "4",
            "4",
            "4",
            "2.0",
            "37.0",
            "50.0",
            "20.0",
            "41.0",
            "50.0",
            "0",
            "0",
            "feedback-2025-08/v2"
        ]
    );

    let (_, by_category) = get(&format!(
        "{url}/services/responses.csv?fy=2025-26&by=category"
    ));
    assert!(
        by_category
            .lines()
            .any(|l| l.starts_with("2025-26,works-stalled,3,")),
        "{by_category}"
    );
    let (status, _) = get(&format!("{url}/services/responses.csv?fy=2025-26&by=ward"));
    assert_eq!(status, 400, "an unknown grouping is the reader's to fix");

    let (_, swahili) = get(&format!("{url}/services?lang=sw"));
    assert!(
        swahili.contains("Majibu kwa ripoti za wananchi"),
        "{swahili}"
    );
    assert!(
        swahili.contains("Kazi imekwama"),
        "category names in Swahili"
    );
}

#[test]
fn the_first_version_counts_the_open_report_as_overdue_on_its_status_date() {
    let env = Env::with_registers();
    let protocol = protocol_with_feedback(env.dir.path());
    let spec = feedback_pipeline(env.dir.path());
    publish(&env, &protocol, &spec, AUGUST_V1, None);
    let url = start(env.data.clone(), protocol);
    // Only the first version: the open report is overdue on its status date.
    let (_, csv) = get(&format!(
        "{url}/services/responses.csv?fy=2025-26&by=office"
    ));
    let roads = csv.lines().find(|l| l.contains(",roads-works,")).unwrap();
    assert!(roads.ends_with(",1,1,feedback-2025-08/v1"), "{roads}");
    let (status, _) = get(&format!("{url}/services?fy=2024-25"));
    assert_eq!(
        status, 400,
        "a year with nothing published is refused with the years there are"
    );
}
