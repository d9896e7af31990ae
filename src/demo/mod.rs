//! The demo: a deterministic synthetic county ("Mlima County"), its offices' raw exports,
//! and two fiscal years of publications replayed through the same pipelines a publisher
//! uses.
//!
//! `run` writes the exports under `<data-dir>/inbox/`, then ingests them in the order and
//! on the (simulated) dates the offices would have published, so the ledger tells a
//! believable history: on-time and late disclosures, one missing, a restated budget. The
//! patterns planted for social auditors are listed in `<data-dir>/inbox/planted.json`.
//! Every file and every dataset says it is synthetic.
//!
//! Citizens' reports need the state database and the demo's staff accounts, so they are
//! seeded after `run`, by [`feedback::seed`], which publishes the `feedback` months and
//! records in the same marker that it did.

pub mod accounts;
pub mod counties;
mod exports;
pub mod feedback;
pub mod phrases;
pub mod triage;
pub mod world;
mod written;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use crate::protocol::{Frequency, Period, Protocol};
use crate::store::Store;
use world::{REGISTER_DATES, World, date};

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Multiplies the recurrent expenditure rows (1 gives about 32,000 payments).
    pub scale: u64,
    pub seed: u64,
}

/// What `inbox/demo.json` records, so a second run on the same data directory knows.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Marker {
    seed: u64,
    scale: u64,
    head: String,
    /// Set once the citizens' reports are seeded and their months published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    feedback: Option<FeedbackMark>,
}

/// What the marker records of the citizens' reports.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct FeedbackMark {
    reports: usize,
    published: usize,
}

fn marker_path(data_dir: &Path) -> PathBuf {
    data_dir.join("inbox").join("demo.json")
}

/// The demo's marker in `data_dir`, when there is one and it reads.
fn marker(data_dir: &Path) -> Option<Marker> {
    std::fs::read(marker_path(data_dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
}

/// Records that the reports are seeded, with the ledger's new head (their months are
/// published), so a second run knows the demo, reports included.
fn mark_feedback(data_dir: &Path, mark: FeedbackMark) -> anyhow::Result<()> {
    let mut m = marker(data_dir).context("the demo's marker disappeared")?;
    m.head = Store::open(data_dir)?.head_hash().to_string();
    m.feedback = Some(mark);
    let path = marker_path(data_dir);
    std::fs::write(&path, serde_json::to_vec_pretty(&m)?)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Adds `value` under `patterns.<name>` of `inbox/planted.json`.
fn add_planted(data_dir: &Path, name: &str, value: &serde_json::Value) -> anyhow::Result<()> {
    let path = data_dir.join("inbox").join("planted.json");
    let mut planted: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", path.display()))?;
    if let Some(patterns) = planted
        .get_mut("patterns")
        .and_then(serde_json::Value::as_object_mut)
    {
        patterns.insert(name.to_string(), value.clone());
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&planted)?)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// One publication in the replayed history.
struct Event {
    on: NaiveDate,
    pipeline: &'static str,
    files: Vec<PathBuf>,
    period: Option<String>,
    note: Option<String>,
}

/// Builds and publishes the demo into `data_dir`. Returns a summary for people.
pub fn run(
    protocol: &Protocol,
    pipelines: &Path,
    data_dir: &Path,
    opts: &DemoOptions,
) -> anyhow::Result<String> {
    run_as(protocol, pipelines, data_dir, opts, COUNTY)
}

/// The demo county's name.
const COUNTY: &str = "Mlima County";

/// Builds and publishes a demo county named `county` (`Mlima County`; its publications say
/// `<county> (synthetic demo)`) into `data_dir`, as [`run`] does.
pub fn run_as(
    protocol: &Protocol,
    pipelines: &Path,
    data_dir: &Path,
    opts: &DemoOptions,
    county: &str,
) -> anyhow::Result<String> {
    if opts.scale == 0 {
        bail!("--scale must be at least 1");
    }
    let marker_path = marker_path(data_dir);
    let store = Store::open(data_dir)?;
    if !store.entries().is_empty() {
        return match marker(data_dir) {
            Some(m)
                if m.seed == opts.seed && m.scale == opts.scale && m.head == store.head_hash() =>
            {
                Ok(format!(
                    "the demo (seed {}, scale {}) is already published in {}; ledger head {}",
                    m.seed,
                    m.scale,
                    data_dir.display(),
                    m.head
                ))
            }
            _ => bail!(
                "{} already holds published data that is not this demo (seed {}, scale {}); choose an empty --data-dir, or remove that folder to rebuild",
                data_dir.display(),
                opts.seed,
                opts.scale
            ),
        };
    }
    if !protocol.jurisdiction.synthetic {
        bail!(
            "the protocol in {} is not marked synthetic; the demo publishes only under a protocol with jurisdiction.synthetic = true",
            protocol.dir.display()
        );
    }

    let world = World::build(opts.seed);
    let inbox = data_dir.join("inbox");
    let events = write_exports(&world, &inbox, opts.scale)?;
    std::fs::write(
        inbox.join("planted.json"),
        serde_json::to_vec_pretty(&planted(&world, county))?,
    )?;

    // Reproducible pseudonyms: the demo's redaction key comes from its seed.
    let (store, _lock) = Store::open_for_publish(data_dir)?;
    store.set_redaction_key(&world::rng(opts.seed, 99).random::<[u8; 32]>())?;
    drop((store, _lock));

    let mut published = 0;
    let mut rows = 0;
    for event in &events {
        let spec_path = pipelines.join(format!("{}.toml", event.pipeline));
        let spec = PipelineSpec::load(&spec_path)?;
        let at = Utc.from_utc_datetime(&event.on.and_hms_opt(9, 30, 0).expect("a valid time"));
        let options = IngestOptions {
            period: event.period.clone(),
            note: event.note.clone(),
            publisher: format!("{county} (synthetic demo)"),
            dry_run: false,
            published_at: Some(at),
            progress: None,
        };
        let report = pipeline::ingest(protocol, &spec, &event.files, data_dir, &options)?;
        match report.outcome {
            Some(Outcome::Published { rows: n, .. }) => {
                published += 1;
                rows += n;
            }
            _ => bail!(
                "the demo's own {} export was rejected:\n{}",
                event.pipeline,
                report.summary(10)
            ),
        }
    }
    let store = Store::open(data_dir)?;
    let marker = Marker {
        seed: opts.seed,
        scale: opts.scale,
        head: store.head_hash().to_string(),
        feedback: None,
    };
    std::fs::write(&marker_path, serde_json::to_vec_pretty(&marker)?)?;
    Ok(format!(
        "demo published: {published} versions of {} datasets, {rows} rows, in {} (SYNTHETIC data: {county} is not a real place)\nraw exports: {}\nplanted audit patterns: {}\nledger head {}",
        store.datasets().len(),
        data_dir.display(),
        inbox.display(),
        inbox.join("planted.json").display(),
        marker.head,
    ))
}

/// Writes every raw export and returns the publications, in date order.
fn write_exports(world: &World, inbox: &Path, scale: u64) -> anyhow::Result<Vec<Event>> {
    for sub in [
        "wards",
        "projects",
        "budget",
        "expenditure",
        "revenue",
        "inspections",
        "service_requests",
    ] {
        std::fs::create_dir_all(inbox.join(sub))
            .with_context(|| format!("cannot create {}", inbox.join(sub).display()))?;
    }
    let mut r = world::rng(world.seed, 2);
    let mut events = Vec::new();
    let event =
        |on, pipeline, files: Vec<PathBuf>, period: Option<String>, note: Option<&str>| Event {
            on,
            pipeline,
            files,
            period,
            note: note.map(str::to_string),
        };

    let wards = inbox.join("wards/mlima_wards.geojson");
    exports::wards_geojson(world, &wards)?;
    events.push(event(
        date(2024, 6, 10),
        "wards-geojson",
        vec![wards],
        None,
        None,
    ));

    for (i, day) in REGISTER_DATES.iter().enumerate() {
        let (path, pipeline) = if i == 0 {
            let p = inbox.join(format!(
                "projects/project_register_{}.xlsx",
                day.format("%Y%m%d")
            ));
            exports::register_xlsx(world, *day, &p, &mut r)?;
            (p, "project-register-xlsx")
        } else {
            let p = inbox.join(format!(
                "projects/project_register_{}.csv",
                day.format("%Y%m%d")
            ));
            exports::register_csv(world, *day, &p, &mut r)?;
            (p, "project-register-csv")
        };
        let note = match i {
            0 => None,
            1 => Some(
                "Register update: statuses, actual dates and contract variations; roads and sites digitised by the GIS unit",
            ),
            _ => Some("Register update at the close of FY 2025-26"),
        };
        events.push(event(*day, pipeline, vec![path], None, note));
    }
    for (i, until) in [date(2025, 6, 30), date(2026, 6, 30)]
        .into_iter()
        .enumerate()
    {
        let path = inbox.join(format!(
            "inspections/inspection_log_to_{}.csv",
            until.format("%Y%m%d")
        ));
        exports::inspections_csv(world, until, &path)?;
        let note = (i > 0).then_some("Inspections of FY 2025-26 added");
        events.push(event(
            until + Days::new(15),
            "inspections-csv",
            vec![path],
            None,
            note,
        ));
    }

    // Budgets: approved before the year opens, supplementary mid-year; FY 2024-25 restated
    // after its close when journal corrections came in.
    for fy_start in [date(2024, 7, 1), date(2025, 7, 1)] {
        let fy = Period::containing(fy_start, Frequency::Annual, 7)
            .expect("annual periods exist")
            .to_string();
        let label = fy.replace('-', "/");
        let mut lines = exports::budget_lines(world, fy_start, scale, &mut r);
        let approved = inbox.join(format!("budget/estimates_{fy}_approved.xlsx"));
        exports::budget_xlsx(&lines, &label, false, &approved, fy_start - Days::new(3))?;
        events.push(event(
            fy_start - Days::new(3),
            "approved-estimates-xlsx",
            vec![approved],
            Some(fy.clone()),
            None,
        ));
        let supp = inbox.join(format!("budget/estimates_{fy}_supplementary.xlsx"));
        exports::budget_xlsx(&lines, &label, true, &supp, fy_start + Days::new(234))?;
        events.push(event(
            fy_start + Days::new(234),
            "approved-estimates-xlsx",
            vec![supp],
            Some(fy.clone()),
            Some("Supplementary estimates approved by the County Assembly"),
        ));
        if fy_start.format("%Y").to_string() == "2024" {
            for line in lines
                .iter_mut()
                .filter(|l| l.vote.starts_with("3714"))
                .take(3)
            {
                line.supplementary = (line.supplementary * 0.93 / 1000.0).round() * 1000.0;
            }
            let restated = inbox.join(format!("budget/estimates_{fy}_restated.xlsx"));
            exports::budget_xlsx(&lines, &label, true, &restated, date(2025, 8, 5))?;
            events.push(event(date(2025, 8, 5), "approved-estimates-xlsx", vec![restated], Some(fy), Some("Restatement: three supplementary lines of vote 3714 corrected by journal entries after the year-end close")));
        }
    }

    let mut month = Period::Month {
        year: 2024,
        month: 7,
    };
    while month.first_day() <= world::last_day() {
        let path = inbox.join(format!("expenditure/ifmis_payments_{month}.csv"));
        exports::expenditure_csv(world, month, scale, &path)?;
        let late = month
            == Period::Month {
                year: 2025,
                month: 11,
            };
        let on = if late {
            date(2026, 2, 20)
        } else {
            month.last_day() + Days::new(r.random_range(8..26))
        };
        events.push(event(on, "ifmis-expenditure-csv", vec![path], None, None));
        // March 2026 revenue was never disclosed.
        if month
            != (Period::Month {
                year: 2026,
                month: 3,
            })
        {
            let path = inbox.join(format!("revenue/own_source_revenue_{month}.csv"));
            exports::revenue_csv(world, month, &path)?;
            events.push(event(
                month.last_day() + Days::new(r.random_range(5..25)),
                "revenue-monthly-csv",
                vec![path],
                None,
                None,
            ));
        }
        month = month.next();
    }
    let mut quarter = Period::Quarter {
        year: 2024,
        quarter: 3,
    };
    let due = crate::protocol::DueRule::Dates(
        ["10-31", "01-31", "04-30", "07-31"]
            .map(String::from)
            .to_vec(),
    );
    while quarter.first_day() <= world::last_day() {
        let path = inbox.join(format!("service_requests/applications_{quarter}.csv"));
        exports::service_requests_csv(world, quarter, &path)?;
        events.push(event(
            due.due_date(quarter) - Days::new(r.random_range(3..15)),
            "service-requests-csv",
            vec![path],
            None,
            None,
        ));
        quarter = quarter.next();
    }
    events.sort_by_key(|e| e.on);
    Ok(events)
}

/// Writes one month's IFMIS payments export of the county of `seed`, as `run` does, with
/// the recurrent payments multiplied by `scale` (about 1,300 rows per unit of scale).
/// Benchmarks use it to make large inputs that fit a published demo's registers.
pub fn write_expenditure_month(
    seed: u64,
    month: Period,
    scale: u64,
    path: &Path,
) -> std::io::Result<u64> {
    exports::expenditure_csv(&World::build(seed), month, scale, path)
}

fn planted(world: &World, county: &str) -> serde_json::Value {
    let mut p = world.planted.clone();
    for (name, note) in exports::planted_payment_notes() {
        let list = match name {
            "duplicate_payments" => &mut p.duplicate_payments,
            "split_payments_under_threshold" => &mut p.split_payments_under_threshold,
            "capital_spending_without_project" => &mut p.capital_spending_without_project,
            "year_end_spike" => &mut p.year_end_spike,
            _ => &mut p.spending_above_budget_line,
        };
        list.push(note);
    }
    p.late_disclosure
        .push("expenditure-2025-11: due 2025-12-30, published 2026-02-20".into());
    p.restated_budget
        .push("budget-2024-25 v3: restated after the year-end close".into());
    p.missing_disclosure
        .push("revenue-2026-03: never published".into());
    serde_json::json!({
        "synthetic": true,
        "about": format!("Patterns planted in the synthetic {county} data for audit tools to find. Project ids are in projects; the rest describe payments or publications."),
        "patterns": p,
    })
}
