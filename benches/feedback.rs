//! Benchmark: citizen report intake through the real server (`disclose serve` as a child
//! process, SQLite in WAL mode), against raw single-row inserts of the same rows into
//! SQLite in the same run; and, while intake runs at full speed, the public pages' p99
//! at 64 connections (wrk).
//!
//! 1. The HTTP form (`POST /report`, token and cookie as a browser sends them) from 8
//!    clients at once; then Open311 (`POST /open311/v2/requests.json` with an API key).
//! 2. The peer: `INSERT` of the same rows, one statement and one transaction each, into a
//!    fresh SQLite database with the same schema, from 8 tasks at once. Target: intake at
//!    least 0.5 times the raw rate.
//! 3. wrk over public pages for 10 s while the form intake runs again. Target: p99 at
//!    most 20 ms.
//!
//! ```text
//! cargo bench --bench feedback                  # 2,000 reports a door
//! cargo bench --bench feedback -- --reports 500
//! ```

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use disclose::demo::{self, DemoOptions};
use disclose::protocol::Protocol;

mod support;

const CLIENTS: usize = 8;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let reports = args
        .iter()
        .position(|a| a == "--reports")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000usize);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_disclose"));
    let protocol = Protocol::load(&repo.join("protocol"))?;
    let temp = tempfile::tempdir()?;
    let data = temp.path().join("datasets");
    let state = temp.path().join("state");
    demo::run(
        &protocol,
        &repo.join("pipelines"),
        &data,
        &DemoOptions { scale: 1, seed: 42 },
    )?;
    let out = Command::new(&binary)
        .arg("--data-dir")
        .arg(&data)
        .arg("--state-dir")
        .arg(&state)
        .args(["staff", "key", "add", "Bench gateway"])
        .current_dir(&repo)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let key = stdout
        .split_whitespace()
        .find(|w| w.starts_with("dk_"))
        .ok_or_else(|| anyhow::anyhow!("no key printed: {stdout}"))?
        .to_string();

    let port = support::free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(&binary)
        .arg("--data-dir")
        .arg(&data)
        .arg("--state-dir")
        .arg(&state)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(&repo)
        .env("DISCLOSE_LOG", "warn")
        // The per-address limit would stop a benchmark from one address.
        .env("DISCLOSE_LIMITS_REPORTS_PER_MINUTE", "100000000")
        .stdout(Stdio::null())
        .spawn()?;
    support::wait_for(port, &mut server)?;
    let result = run(&base, &key, reports, temp.path());
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// The text of report `i`: different each time, so no two are alike.
fn text(i: usize) -> String {
    format!("Refuse not collected at stall {i} of the main market for three days")
}

fn run(base: &str, key: &str, reports: usize, work: &std::path::Path) -> anyhow::Result<()> {
    let form = |stop: Option<Arc<AtomicBool>>| -> anyhow::Result<(usize, Duration)> {
        let start = Instant::now();
        let done = std::thread::scope(|s| {
            let handles: Vec<_> = (0..CLIENTS)
                .map(|c| {
                    let stop = stop.clone();
                    s.spawn(move || -> anyhow::Result<usize> {
                        let agent: ureq::Agent = ureq::Agent::config_builder()
                            .http_status_as_error(false)
                            .build()
                            .into();
                        let page = agent
                            .get(format!("{base}/report"))
                            .call()?
                            .body_mut()
                            .read_to_string()?;
                        let token = regex::Regex::new(r#"name="token" value="([^"]+)""#)?
                            .captures(&page)
                            .ok_or_else(|| anyhow::anyhow!("no token"))?[1]
                            .to_string();
                        let mut n = 0;
                        for i in (c..).step_by(CLIENTS) {
                            let more = match &stop {
                                Some(stop) => !stop.load(Ordering::Relaxed),
                                None => i < reports,
                            };
                            if !more {
                                break;
                            }
                            let body = form_urlencoded::Serializer::new(String::new())
                                .append_pair("token", &token)
                                .append_pair("category", "refuse")
                                .append_pair("text", &text(i))
                                .append_pair("ward", "MLM-01")
                                .append_pair("confirm", "1")
                                .finish();
                            let r = agent
                                .post(format!("{base}/report"))
                                .header("content-type", "application/x-www-form-urlencoded")
                                .send(body)?;
                            anyhow::ensure!(r.status() == 200, "a report answered {}", r.status());
                            n += 1;
                        }
                        Ok(n)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a client"))
                .sum::<anyhow::Result<usize>>()
        })?;
        Ok((done, start.elapsed()))
    };

    let (n_form, t_form) = form(None)?;
    let start = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|c| {
                s.spawn(move || -> anyhow::Result<()> {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    for i in (c..reports).step_by(CLIENTS) {
                        let body = form_urlencoded::Serializer::new(String::new())
                            .append_pair("api_key", key)
                            .append_pair("service_code", "refuse")
                            .append_pair("lat", "-1.42")
                            .append_pair("long", "37.30")
                            .append_pair("description", &text(i))
                            .finish();
                        let r = agent
                            .post(format!("{base}/open311/v2/requests.json"))
                            .header("content-type", "application/x-www-form-urlencoded")
                            .send(body)?;
                        anyhow::ensure!(r.status() == 201, "a request answered {}", r.status());
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("a client"))
    })?;
    let t_open311 = start.elapsed();

    // The peer: the same rows, one INSERT each, into SQLite in WAL mode, 8 at once.
    let raw = raw_inserts(work, reports)?;

    let rate = |n: usize, t: Duration| n as f64 / t.as_secs_f64();
    let (form_rate, open311_rate, raw_rate) = (
        rate(n_form, t_form),
        rate(reports, t_open311),
        rate(reports, raw),
    );
    println!("intake of {reports} reports a door, {CLIENTS} clients at once:");
    println!("ours  (HTTP form, POST /report)                 : {form_rate:>8.0} reports/s");
    println!("ours  (Open311, POST requests.json with a key)   : {open311_rate:>8.0} reports/s");
    println!("peer  (raw single-row INSERTs into SQLite, WAL)  : {raw_rate:>8.0} rows/s");
    println!(
        "ratio form/raw {:.2}, Open311/raw {:.2}  (target ≥ 0.5)",
        form_rate / raw_rate,
        open311_rate / raw_rate
    );

    // Public pages while the form intake runs at full speed.
    let stop = Arc::new(AtomicBool::new(false));
    let paths: Vec<String> = [
        "/",
        "/projects",
        "/reports",
        "/datasets",
        "/audit",
        "/budget",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    let (measured, under_load) = std::thread::scope(|s| {
        let intake = {
            let stop = stop.clone();
            s.spawn(move || form(Some(stop)))
        };
        let measured = support::wrk(base, &paths, 10, work, Some("gzip, br"));
        stop.store(true, Ordering::Relaxed);
        (measured, intake.join().expect("the intake"))
    });
    let measured = measured?;
    let (n, t) = under_load?;
    println!(
        "public pages under intake ({:.0} reports/s meanwhile): {:.0} requests/s at {} connections, p50 {:.1} ms, p99 {:.1} ms, {} errors  (target p99 ≤ 20 ms)",
        rate(n, t),
        measured.rps,
        support::CONNECTIONS,
        measured.p50,
        measured.p99,
        measured.errors
    );
    Ok(())
}

/// Inserts `n` report rows one statement at a time into a fresh SQLite database with
/// the state schema, from [`CLIENTS`] tasks at once; the time it took.
fn raw_inserts(work: &std::path::Path, n: usize) -> anyhow::Result<Duration> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let db = disclose::staff::Db::open(&format!(
            "sqlite:{}",
            work.join("raw.sqlite").display()
        ))
        .await?;
        let pool = db.pool().clone();
        let start = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..CLIENTS {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move {
                for i in (c..n).step_by(CLIENTS) {
                    sqlx::query(
                        "INSERT INTO reports (reference, token_hash, category, office, status, channel, text_original, \
                         ward, received_at, updated_at) VALUES ($1, $2, 'refuse', 'water-environment', 'submitted', 'web', $3, 'MLM-01', $4, $4)",
                    )
                    .bind(format!("RAW-{i}"))
                    .bind(format!("{i:064}"))
                    .bind(text(i))
                    .bind(disclose::staff::now())
                    .execute(&pool)
                    .await?;
                }
                Ok::<_, sqlx::Error>(())
            }));
        }
        for t in tasks {
            t.await??;
        }
        let took = start.elapsed();
        db.close().await;
        Ok(took)
    })
}
