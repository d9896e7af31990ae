//! Benchmark: the preview of a ten-million-row version, as a reader meets it: the first
//! page, a deep page, a sort, filters, and a filtered slice download, each timed through
//! the real server on a loopback port.
//!
//! ```text
//! cargo bench --bench preview                    # 10,000,000 rows
//! cargo bench --bench preview -- --rows 1000000
//! ```

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use disclose::demo::{self, DemoOptions};
use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::{Period, Protocol};
use disclose::web::AppState;

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SEED: u64 = 42;
const ROWS_PER_SCALE: u64 = 1_316;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let rows = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(10_000_000);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let protocol = Protocol::load(&repo.join("protocol"))?;
    let work = tempfile::tempdir()?;
    let data = work.path().join("datasets");
    demo::run(
        &protocol,
        &repo.join("pipelines"),
        &data,
        &DemoOptions {
            scale: 1,
            seed: SEED,
        },
    )?;
    let csv = work.path().join("payments.csv");
    let written = demo::write_expenditure_month(
        SEED,
        Period::Month {
            year: 2025,
            month: 9,
        },
        rows.div_ceil(ROWS_PER_SCALE),
        &csv,
    )?;
    let spec = PipelineSpec::load(&repo.join("pipelines/ifmis-expenditure-csv.toml"))?;
    let started = Instant::now();
    let report = pipeline::ingest(
        &protocol,
        &spec,
        std::slice::from_ref(&csv),
        &data,
        &IngestOptions {
            publisher: "bench".into(),
            ..IngestOptions::default()
        },
    )?;
    anyhow::ensure!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "the publish failed:\n{}",
        report.summary(5)
    );
    std::fs::remove_file(&csv)?;
    println!(
        "expenditure-2025-09 v2: {written} rows published in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    let state = AppState::new(&data, protocol)?;
    // The red flags and dashboards the server builds as it starts, built first, so that
    // the requests below are not timed against that work.
    let started = Instant::now();
    tokio::runtime::Runtime::new()?.block_on(state.clone().warm());
    println!(
        "red flags and dashboards built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    listener.set_nonblocking(true)?;
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .expect("a runtime")
            .block_on(async move {
                disclose::web::serve(
                    tokio::net::TcpListener::from_std(listener).expect("the listener"),
                    state,
                )
                .await
                .expect("the server runs");
            })
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let v = "/datasets/expenditure-2025-09/v/2";
    let deep = written / 25 / 2;
    println!(
        "\n{:<64} {:>8} {:>10} {:>10}",
        "request", "status", "first ms", "again ms"
    );
    for (what, path) in [
        ("first page", v.to_string()),
        ("a page in the middle", format!("{v}?_page={deep}")),
        (
            "sorted by amount, largest first",
            format!("{v}?_sort=-amount"),
        ),
        (
            "sorted by amount, page 40",
            format!("{v}?_sort=-amount&_page=40"),
        ),
        ("amount > 1,000,000", format!("{v}?amount=%3E1000000")),
        ("payee contains 'water'", format!("{v}?payee=water")),
        (
            "ward = a ward, sorted by date",
            format!("{v}?ward=%3DMLM-08&_sort=payment_date"),
        ),
        (
            "API: 1,000 rows, amount 10,000..20,000",
            "/api/datasets/expenditure-2025-09/versions/2/rows?amount=10000..20000&_size=1000"
                .to_string(),
        ),
        (
            "slice: rows.csv, amount > 1,000,000",
            format!("{v}/rows.csv?amount=%3E1000000"),
        ),
        (
            "slice: rows.parquet, payee contains 'water'",
            format!("{v}/rows.parquet?payee=water"),
        ),
    ] {
        let mut times = Vec::new();
        let mut status = 0;
        let mut bytes = 0;
        for _ in 0..2 {
            let start = Instant::now();
            let mut response = agent.get(format!("{base}{path}")).call()?;
            status = response.status().as_u16();
            let mut body = Vec::new();
            response.body_mut().as_reader().read_to_end(&mut body)?;
            bytes = body.len();
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "{:<64} {:>8} {:>10.0} {:>10.0}   {} KB",
            what,
            status,
            times[0],
            times[1],
            bytes / 1024
        );
    }
    Ok(())
}
