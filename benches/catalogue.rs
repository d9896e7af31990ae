//! Benchmark: catalogue search and dataset pages at 64 concurrent connections, ours
//! against Datasette serving the same catalogue as a SQLite table with full-text search,
//! in the same run.
//!
//! ```text
//! cargo bench --bench catalogue                  # 1,000 datasets, 10 s per measurement
//! cargo bench --bench catalogue -- --datasets 300 --seconds 5
//! ```
//!
//! Needs `wrk` (Debian: `apt-get install wrk`) and a Python environment with Datasette
//! (`pip install datasette sqlite-utils`), by default `~/.cache/disclose-venv`, or the one
//! `DISCLOSE_VENV` names. The catalogue is generated: the demo county plus monthly payment
//! datasets back to the 1950s, about 1,300 rows each. Both servers index the same text
//! per dataset (title; description, office, tags and fields; the text inside), and both
//! answer with a full HTML page of 20 results.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use disclose::demo::{self, DemoOptions};
use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::{Period, Protocol};
use disclose::search::document_text;
use disclose::store::Store;
use support::{CONNECTIONS, free_port, start_ours, wait_for, wrk};

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SEED: u64 = 7;

fn main() -> anyhow::Result<()> {
    let datasets = support::arg("--datasets", 1000) as usize;
    let seconds = support::arg("--seconds", 10);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var_os("DISCLOSE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/disclose-venv")
        });
    anyhow::ensure!(
        Command::new("wrk").arg("--version").output().is_ok(),
        "wrk is not installed (Debian: apt-get install wrk)"
    );
    anyhow::ensure!(
        venv.join("bin/datasette").exists(),
        "no Datasette in {}: python3 -m venv {0} && {0}/bin/pip install datasette sqlite-utils",
        venv.display()
    );

    let protocol = Protocol::load(&repo.join("protocol"))?;
    let work = tempfile::tempdir()?;
    let data = work.path().join("datasets");
    let started = Instant::now();
    let count = generate(&protocol, &repo, &data, work.path(), datasets)?;
    println!(
        "catalogue: {count} datasets generated in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    // The same catalogue for Datasette: one row per dataset, the same text.
    let store = Store::open(&data)?;
    let csv_path = work.path().join("catalogue.csv");
    let mut csv = csv::Writer::from_path(&csv_path)?;
    csv.write_record([
        "id",
        "title",
        "description",
        "office",
        "tags",
        "content",
        "rows",
    ])?;
    let mut latest: Vec<&disclose::store::Entry> = Vec::new();
    for e in store.entries().iter().rev() {
        if !latest.iter().any(|l| l.dataset == e.dataset) {
            latest.push(e);
        }
    }
    let mut words: Vec<String> = Vec::new();
    for e in &latest {
        let text = document_text(&protocol, &data, e);
        let kind = protocol.kinds.get(&e.kind);
        let office = kind.map_or(String::new(), |k| k.spec.office.clone());
        let tags = kind.map_or(String::new(), |k| k.spec.tags.join(" "));
        csv.write_record([
            e.dataset.as_str(),
            &text.title,
            &text.body,
            &office,
            &tags,
            &text.content,
            &e.rows.to_string(),
        ])?;
        words.extend(text.content.split(" · ").take(3).filter_map(|v| {
            v.split_whitespace()
                .find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
                .map(str::to_lowercase)
        }));
    }
    csv.flush()?;
    words.extend(
        [
            "payments",
            "budget",
            "revenue",
            "roads",
            "water",
            "inspections",
            "permits",
            "wards",
            "health",
            "education",
        ]
        .map(String::from),
    );
    words.sort();
    words.dedup();
    println!(
        "queries: {} distinct words from titles, descriptions and contents",
        words.len()
    );

    let ours = start_ours(&repo, &data, None)?;
    let peer_port = free_port()?;
    let mut peer = Command::new(venv.join("bin/python"))
        .arg(repo.join("benches/datasette_catalogue.py"))
        .arg(&csv_path)
        .arg(peer_port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let peer_url = format!("http://127.0.0.1:{peer_port}");
    wait_for(peer_port, &mut peer)?;

    let search_ours: Vec<String> = words.iter().map(|w| format!("/datasets?q={w}")).collect();
    let search_peer: Vec<String> = words
        .iter()
        .map(|w| format!("/catalogue/datasets?_search={w}&_size=20"))
        .collect();
    let ids: Vec<&str> = latest.iter().map(|e| e.dataset.as_str()).collect();
    let page_ours: Vec<String> = ids.iter().map(|id| format!("/datasets/{id}")).collect();
    let page_peer: Vec<String> = ids
        .iter()
        .map(|id| format!("/catalogue/datasets/{id}"))
        .collect();

    println!(
        "\n{CONNECTIONS} connections, {seconds} s each, wrk on the same 2 cores as the servers\n"
    );
    println!(
        "{:<34} {:>10} {:>9} {:>9} {:>7}",
        "", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let mut results = Vec::new();
    for (name, ours_paths, peer_paths) in [
        ("search", &search_ours, &search_peer),
        ("dataset page", &page_ours, &page_peer),
    ] {
        let a = wrk(&ours, ours_paths, seconds, work.path(), None)?;
        let b = wrk(&peer_url, peer_paths, seconds, work.path(), None)?;
        println!(
            "{:<34} {:>10.0} {:>9.2} {:>9.2} {:>7}",
            format!("{name}: disclose"),
            a.rps,
            a.p50,
            a.p99,
            a.errors
        );
        println!(
            "{:<34} {:>10.0} {:>9.2} {:>9.2} {:>7}",
            format!("{name}: Datasette"),
            b.rps,
            b.p50,
            b.p99,
            b.errors
        );
        results.push((name, a, b));
    }
    println!();
    for (name, a, b) in &results {
        println!(
            "{name}: throughput ratio disclose/Datasette {:.1}×; disclose p99 {:.1} ms",
            a.rps / b.rps,
            a.p99
        );
    }
    println!("targets: search ≥ 5× Datasette's throughput, p99 under 20 ms");
    let _ = peer.kill();
    let _ = peer.wait();
    Ok(())
}

/// The demo county, then monthly payments back from June 2024 until there are `target`
/// datasets. Returns how many there are.
fn generate(
    protocol: &Protocol,
    repo: &Path,
    data: &Path,
    work: &Path,
    target: usize,
) -> anyhow::Result<usize> {
    demo::run(
        protocol,
        &repo.join("pipelines"),
        data,
        &DemoOptions {
            scale: 1,
            seed: SEED,
        },
    )?;
    let spec = PipelineSpec::load(&repo.join("pipelines/ifmis-expenditure-csv.toml"))?;
    let opts = IngestOptions {
        publisher: "bench".into(),
        ..IngestOptions::default()
    };
    let mut count = Store::open(data)?
        .entries()
        .iter()
        .map(|e| e.dataset.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut month = Period::Month {
        year: 2024,
        month: 6,
    };
    let csv = work.join("month.csv");
    while count < target {
        demo::write_expenditure_month(SEED, month, 1, &csv)?;
        let report = pipeline::ingest(protocol, &spec, std::slice::from_ref(&csv), data, &opts)?;
        anyhow::ensure!(
            matches!(report.outcome, Some(Outcome::Published { .. })),
            "publishing {month} failed:\n{}",
            report.summary(5)
        );
        count += 1;
        month = previous(month);
    }
    Ok(count)
}

fn previous(p: Period) -> Period {
    match p {
        Period::Month { year, month: 1 } => Period::Month {
            year: year - 1,
            month: 12,
        },
        Period::Month { year, month } => Period::Month {
            year,
            month: month - 1,
        },
        other => other,
    }
}
