//! Benchmark: validated publish of a generated IFMIS expenditure export against a bare
//! polars CSV → Parquet conversion of the same file, in the same run (rounds alternating
//! the two; medians reported); then the peak memory of ingesting a much larger month
//! through the real binary.
//!
//! ```text
//! cargo bench --bench publish --features bench-peers     # 1,000,000 rows, 3 rounds; 10,000,000 for memory
//! cargo bench --bench publish --features bench-peers -- --rows 200000 --memory-rows 0
//! cargo bench --bench publish --features bench-peers -- --memory-rows 0 --keep /tmp/bench
//! ```
//!
//! polars, the peer, is built only with the `bench-peers` feature (the server does not use
//! it), so the bench needs it.
//!
//! Data is generated (the demo county, seed 42) under a temporary folder; nothing is kept.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use disclose::demo::{self, DemoOptions};
use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::{Period, Protocol};
use polars::prelude::*;

/// The allocator the `disclose` binary uses, so the in-process figure is the binary's.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

mod support;

const SEED: u64 = 42;
const ROWS_PER_SCALE: u64 = 1_316;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let rows = support::arg("--rows", 1_000_000);
    let memory_rows = support::arg("--memory-rows", 10_000_000);
    let rounds = support::arg("--rounds", 3).max(1) as usize;

    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let protocol = Protocol::load(&repo.join("protocol"))?;
    // `--keep DIR` leaves the store and the exports in DIR, to profile `disclose ingest` on them.
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let temp = tempfile::tempdir()?;
    let work = keep.as_deref().unwrap_or(temp.path());
    let data = work.join("datasets");
    // The registers (wards, projects) that payments refer to.
    demo::run(
        &protocol,
        &repo.join("pipelines"),
        &data,
        &DemoOptions {
            scale: 1,
            seed: SEED,
        },
    )?;

    let month = Period::Month {
        year: 2025,
        month: 9,
    };
    let csv = work.join("payments.csv");
    let written = demo::write_expenditure_month(SEED, month, rows.div_ceil(ROWS_PER_SCALE), &csv)?;
    let bytes = std::fs::metadata(&csv)?.len();
    println!(
        "input: {written} rows, {:.1} MB IFMIS CSV (BOM, CRLF, thousands separators, code-name cells)",
        bytes as f64 / 1e6
    );
    // Both sides start from the same state: the input on disk and in the page cache, no
    // write-back of it still under way.
    std::fs::File::open(&csv)?.sync_all()?;

    // Rounds alternate ours and the peer's, so a slow spell of a shared machine falls on
    // both; each of ours publishes into a fresh copy of the registers' store.
    let spec = PipelineSpec::load(&repo.join("pipelines/ifmis-expenditure-csv.toml"))?;
    let opts = IngestOptions {
        publisher: "bench".into(),
        ..IngestOptions::default()
    };
    let (mut ours, mut peer) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        // Ours: read, map, validate (types, constraints, keys, foreign keys, period),
        // redact, write Parquet + CSV + datapackage, fsync, commit to the ledger.
        let store = work.join(format!("round-{round}"));
        support::copy_dir(&data, &store)?;
        let start = Instant::now();
        let report = pipeline::ingest(&protocol, &spec, std::slice::from_ref(&csv), &store, &opts)?;
        ours.push(start.elapsed());
        anyhow::ensure!(
            matches!(report.outcome, Some(Outcome::Published { .. })),
            "the publish failed:\n{}",
            report.summary(5)
        );

        // Peer: polars reads the same CSV and writes Parquet, with no checks at all.
        let out = work.join(format!("polars-{round}.parquet"));
        let start = Instant::now();
        let sink = SinkOptions {
            sync_on_close: polars::prelude::sync_on_close::SyncOnCloseType::All,
            ..SinkOptions::default()
        };
        LazyCsvReader::new(PlPath::new(csv.to_str().expect("a UTF-8 temp path")))
            .with_has_header(true)
            .finish()?
            .sink_parquet(
                SinkTarget::Path(PlPath::new(out.to_str().expect("a UTF-8 temp path"))),
                ParquetWriteOptions::default(),
                None,
                sink,
            )?
            .collect()?;
        peer.push(start.elapsed());
        println!(
            "round {round}: ours {:.2} s, peer {:.2} s",
            ours[round - 1].as_secs_f64(),
            peer[round - 1].as_secs_f64()
        );
        std::fs::remove_dir_all(&store)?;
    }

    let rate = |d: Duration| written as f64 / d.as_secs_f64();
    let (ours, peer) = (median(&mut ours), median(&mut peer));
    println!("median of {rounds} rounds:");
    println!(
        "ours  (disclose validated publish): {:>10.0} rows/s  ({:.2} s)",
        rate(ours),
        ours.as_secs_f64()
    );
    println!(
        "peer  (polars CSV → Parquet)      : {:>10.0} rows/s  ({:.2} s)",
        rate(peer),
        peer.as_secs_f64()
    );
    println!(
        "ratio ours/peer throughput        : {:>10.2}  (target ≥ 0.5)",
        rate(ours) / rate(peer)
    );

    if memory_rows > 0 {
        let big = work.join("payments-big.csv");
        let n = demo::write_expenditure_month(
            SEED,
            Period::Month {
                year: 2025,
                month: 10,
            },
            memory_rows.div_ceil(ROWS_PER_SCALE),
            &big,
        )?;
        let (peak_kib, elapsed) = ingest_peak_memory(&repo, &data, &big)?;
        println!(
            "memory: ingest of {n} rows through the binary: peak RSS {:.0} MiB in {:.1} s ({:.0} rows/s)  (target < 2048 MiB)",
            peak_kib as f64 / 1024.0,
            elapsed.as_secs_f64(),
            n as f64 / elapsed.as_secs_f64()
        );
    }
    Ok(())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs `disclose ingest` on `file` as a child process and samples its peak resident set
/// (VmHWM, a high-water mark kept by the kernel) until it exits.
fn ingest_peak_memory(repo: &Path, data: &Path, file: &Path) -> anyhow::Result<(u64, Duration)> {
    // Cargo builds the binary with the bench, in the same profile.
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_disclose"));
    let start = Instant::now();
    let mut child = Command::new(&binary)
        .arg("--data-dir")
        .arg(data)
        .arg("--protocol")
        .arg(repo.join("protocol"))
        .args(["ingest", "--pipeline"])
        .arg(repo.join("pipelines/ifmis-expenditure-csv.toml"))
        .arg(file)
        .spawn()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait()? {
            anyhow::ensure!(status.success(), "the ingest failed");
            return Ok((peak, start.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
