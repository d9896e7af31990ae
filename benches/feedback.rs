//! Benchmark: citizen report intake through the real server (`disclose serve` as a child
//! process, SQLite in WAL mode), against raw single-row inserts of the same rows into
//! SQLite in the same run; and, while intake runs at full speed, the public pages' p99
//! at 64 connections (wrk).
//!
//! 1. The HTTP form (`POST /report`, its token and cookie as a browser sends them), then
//!    Open311 (`POST /open311/v2/requests.json` with an API key), each posted by wrk
//!    from 8 connections for a while. Every report answered 2xx must then be in the
//!    database: the run fails if one is missing or one answer was an error.
//! 2. The peer: `INSERT` of as many rows as the form filed, one statement and one
//!    transaction each, into a fresh SQLite database with the same schema, from 8 tasks
//!    at once. Target: intake at least 0.5 times the raw rate.
//! 3. wrk over public pages for 10 s while the form intake runs again. Target: p99 at
//!    most 20 ms.
//!
//! wrk is the load generator for both: a client written in C on one thread, so that on
//! a two-core machine the measurement spends its CPU on the server, not on the clients.
//!
//! ```text
//! cargo bench --bench feedback                  # 5 s a door
//! cargo bench --bench feedback -- --seconds 2
//! ```

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use disclose::demo::{self, DemoOptions};
use disclose::protocol::Protocol;

mod support;

/// Connections posting reports at once.
const CLIENTS: u32 = 8;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let seconds = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(5u64);
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

    let server = support::serve_child(
        &binary,
        &repo,
        &data,
        &state,
        // The per-address limit would stop a benchmark from one address.
        &[("DISCLOSE_LIMITS_REPORTS_PER_MINUTE", "100000000")],
    )?;
    run(&server.base, &key, seconds, &state, temp.path())
}

/// The text of report `i`: different each time, so no two are alike.
fn text(i: usize) -> String {
    format!("Refuse not collected at stall {i} of the main market for three days")
}

/// Reports in the server's state database (read beside it: SQLite in WAL mode).
fn filed(state: &std::path::Path) -> anyhow::Result<u64> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let db = disclose::staff::Db::open(&format!(
            "sqlite:{}",
            state.join("disclose.sqlite").display()
        ))
        .await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
            .fetch_one(db.pool())
            .await?;
        db.close().await;
        Ok(u64::try_from(n)?)
    })
}

/// The report form as a browser posts it: its token, and the cookie it must match.
fn form_post(base: &str) -> anyhow::Result<support::Post> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut page = agent.get(format!("{base}/report")).call()?;
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("disclose_form="))
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("the form set no cookie"))?
        .to_string();
    let page = page.body_mut().read_to_string()?;
    let token = regex::Regex::new(r#"name="token" value="([^"]+)""#)?
        .captures(&page)
        .ok_or_else(|| anyhow::anyhow!("no token"))?[1]
        .to_string();
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", &token)
        .append_pair("category", "refuse")
        .append_pair("text", &text(0))
        .append_pair("ward", "MLM-01")
        .append_pair("confirm", "1")
        .finish();
    Ok(support::Post {
        body,
        content_type: "application/x-www-form-urlencoded".into(),
        cookie,
    })
}

fn run(
    base: &str,
    key: &str,
    seconds: u64,
    state: &std::path::Path,
    work: &std::path::Path,
) -> anyhow::Result<()> {
    let form = form_post(base)?;
    let open311 = support::Post {
        body: form_urlencoded::Serializer::new(String::new())
            .append_pair("api_key", key)
            .append_pair("service_code", "refuse")
            .append_pair("lat", "-1.42")
            .append_pair("long", "37.30")
            .append_pair("description", &text(1))
            .finish(),
        content_type: "application/x-www-form-urlencoded".into(),
        cookie: String::new(),
    };
    // Each door for `seconds`; what was answered 2xx must be in the database, all of it.
    let intake = |path: &str, post: &support::Post| -> anyhow::Result<(u64, f64)> {
        let before = filed(state)?;
        let m = support::wrk_post(base, path, post, seconds, CLIENTS, work)?;
        let kept = filed(state)? - before;
        anyhow::ensure!(m.errors == 0, "{path}: {} errors", m.errors);
        // Nothing answered is lost; wrk stops without reading the last answers, whose
        // reports (one a connection at most) are filed all the same.
        anyhow::ensure!(
            (m.requests..=m.requests + u64::from(CLIENTS)).contains(&kept),
            "{path}: {} answered, {kept} kept",
            m.requests
        );
        Ok((kept, m.rps))
    };
    let (n_form, form_rate) = intake("/report", &form)?;
    let (n_open311, open311_rate) = intake("/open311/v2/requests.json", &open311)?;

    // The peer: as many rows as the form filed, one INSERT each, 8 at once.
    let n = usize::try_from(n_form)?;
    let raw = raw_inserts(work, n)?;
    let raw_rate = n as f64 / raw.as_secs_f64();
    println!("intake for {seconds} s a door, {CLIENTS} connections at once (wrk):");
    println!(
        "ours  (HTTP form, POST /report)                 : {form_rate:>8.0} reports/s ({n_form} filed, all kept)"
    );
    println!(
        "ours  (Open311, POST requests.json with a key)   : {open311_rate:>8.0} reports/s ({n_open311} filed, all kept)"
    );
    println!(
        "peer  (raw single-row INSERTs into SQLite, WAL)  : {raw_rate:>8.0} rows/s ({n} rows)"
    );
    println!(
        "ratio form/raw {:.2}, Open311/raw {:.2}  (target ≥ 0.5)",
        form_rate / raw_rate,
        open311_rate / raw_rate
    );

    // Public pages while the form intake runs at full speed.
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
    // A site in use has its pages kept: each is asked for once before measuring, as
    // the first visitors after a start would.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for p in &paths {
        agent
            .get(format!("{base}{p}"))
            .header("accept-encoding", "gzip, br")
            .call()?;
    }
    let (measured, under_load) = std::thread::scope(|s| {
        let intake = s.spawn(|| support::wrk_post(base, "/report", &form, 12, CLIENTS, work));
        std::thread::sleep(Duration::from_secs(1));
        let measured = support::wrk(base, &paths, 10, work, Some("gzip, br"));
        (measured, intake.join().expect("the intake"))
    });
    let measured = measured?;
    let under_load = under_load?;
    println!(
        "public pages under intake ({:.0} reports/s meanwhile): {:.0} requests/s at {} connections, p50 {:.1} ms, p99 {:.1} ms, {} errors  (target p99 ≤ 20 ms)",
        under_load.rps,
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
        let clients = CLIENTS as usize;
        for c in 0..clients {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move {
                for i in (c..n).step_by(clients) {
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
