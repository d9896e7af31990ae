//! Benchmark: the staff workspace, through the real server (`disclose serve` as a child
//! process on a loopback port) and a real cookie-keeping HTTP client.
//!
//! 1. Sign-in throughput with argon2id as shipped, against the bare argon2 verification
//!    of the same password in this process (the floor any sign-in pays).
//! 2. Publish from the browser (upload, check, read the report, publish) of a generated
//!    1,000,000-row IFMIS expenditure month, against `disclose ingest` of the same file in
//!    the same run, rounds alternating; target: within 1.2× of the CLI's time. Then the
//!    server's peak memory (VmHWM) over the whole run; target: under 1 GiB.
//!
//! ```text
//! cargo bench --bench staff                      # 1,000,000 rows, 3 rounds
//! cargo bench --bench staff -- --rows 100000 --rounds 1
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use disclose::demo::{self, DemoOptions};
use disclose::protocol::{Period, Protocol};

mod support;

const SEED: u64 = 42;
const ROWS_PER_SCALE: u64 = 1_316;
const EMAIL: &str = "bench@mlima.example";
const PASSWORD: &str = "benchmark-password-1";

fn main() -> anyhow::Result<()> {
    let rows = support::arg("--rows", 1_000_000);
    let rounds = support::arg("--rounds", 3).max(1) as u32;
    let sign_ins = support::arg("--sign-ins", 40).max(1);

    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_disclose"));
    let protocol = Protocol::load(&repo.join("protocol"))?;
    let temp = tempfile::tempdir()?;
    let work = temp.path();
    let data = work.join("datasets");
    let state = work.join("state");
    // The registers (wards, projects) that payments refer to, and more.
    demo::run(
        &protocol,
        &repo.join("pipelines"),
        &data,
        &DemoOptions {
            scale: 1,
            seed: SEED,
        },
    )?;
    // The months of the rounds come after the demo's history (which ends in July 2026), so
    // each is a first version.
    let rounds = rounds.min(4);
    let months: Vec<Period> = (0..rounds)
        .map(|r| Period::Month {
            year: 2026,
            month: 8 + r,
        })
        .collect();
    let mut inputs = Vec::new();
    for m in &months {
        let csv = work.join(format!("payments-{m}.csv"));
        let n = demo::write_expenditure_month(SEED, *m, rows.div_ceil(ROWS_PER_SCALE), &csv)?;
        std::fs::File::open(&csv)?.sync_all()?;
        inputs.push((csv, n));
    }
    println!(
        "input: {} rows a month, {:.1} MB IFMIS CSV",
        inputs[0].1,
        std::fs::metadata(&inputs[0].0)?.len() as f64 / 1e6
    );

    // An admin account, as `disclose staff add --password-stdin` makes it.
    let mut add = Command::new(&binary)
        .args(["--data-dir"])
        .arg(&data)
        .arg("--state-dir")
        .arg(&state)
        .args([
            "staff",
            "add",
            EMAIL,
            "--name",
            "Bench",
            "--role",
            "admin",
            "--password-stdin",
        ])
        .current_dir(&repo)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    writeln!(add.stdin.take().expect("stdin"), "{PASSWORD}")?;
    anyhow::ensure!(add.wait()?.success(), "disclose staff add failed");

    let mut server = support::serve_child(
        &binary,
        &repo,
        &data,
        &state,
        // A million payments are about 290 MB of CSV, over the 100 MB default.
        &[("DISCLOSE_UPLOADS_MAX_BYTES", "2000000000")],
    )?;
    let base = server.base.clone();

    // 1. Sign-in throughput.
    let start = Instant::now();
    for _ in 0..sign_ins {
        let b = Browser::new(&base);
        anyhow::ensure!(b.sign_in()? == 303, "a sign-in failed");
    }
    let ours = sign_ins as f64 / start.elapsed().as_secs_f64();
    let hash = disclose::staff::accounts::hash_password(PASSWORD)?;
    let start = Instant::now();
    for _ in 0..sign_ins {
        anyhow::ensure!(disclose::staff::accounts::verify_password(PASSWORD, &hash));
    }
    let peer = sign_ins as f64 / start.elapsed().as_secs_f64();
    println!("sign-in, {sign_ins} in a row:");
    println!("ours  (HTTP sign-in: form, argon2id, session, audit row): {ours:>8.1} /s");
    println!("peer  (bare argon2id verification, in process)        : {peer:>8.1} /s");
    println!(
        "ratio ours/peer                                       : {:>8.2}",
        ours / peer
    );

    // 2. Publishing: the browser's path against the CLI's, rounds alternating.
    let (mut web, mut cli) = (Vec::new(), Vec::new());
    for (round, (csv, n)) in inputs.iter().enumerate() {
        let copy = work.join(format!("cli-{round}"));
        support::copy_dir(&data, &copy)?;
        let start = Instant::now();
        let status = Command::new(&binary)
            .arg("--data-dir")
            .arg(&copy)
            .args([
                "ingest",
                "--pipeline",
                "pipelines/ifmis-expenditure-csv.toml",
            ])
            .arg(csv)
            .current_dir(&repo)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        cli.push(start.elapsed());
        anyhow::ensure!(status.success(), "disclose ingest failed");
        std::fs::remove_dir_all(&copy)?;

        let b = Browser::new(&base);
        anyhow::ensure!(b.sign_in()? == 303, "sign-in failed");
        let start = Instant::now();
        let version = b.publish(csv)?;
        web.push(start.elapsed());
        println!(
            "round {}: browser {:.2} s ({version}), CLI {:.2} s, {n} rows",
            round + 1,
            web[round].as_secs_f64(),
            cli[round].as_secs_f64()
        );
    }
    let peak = peak_kib(server.child.id())?;
    let (web, cli) = (median(&mut web), median(&mut cli));
    println!("median of {rounds} rounds:");
    println!(
        "ours  (browser: upload, check, report, publish): {:>6.2} s",
        web.as_secs_f64()
    );
    println!(
        "peer  (disclose ingest of the same file)       : {:>6.2} s",
        cli.as_secs_f64()
    );
    println!(
        "ratio ours/peer time                           : {:>6.2}  (target ≤ 1.2)",
        web.as_secs_f64() / cli.as_secs_f64()
    );
    println!(
        "server peak memory over the run: {:.0} MiB  (target < 1024 MiB)",
        peak as f64 / 1024.0
    );
    server.stop();
    Ok(())
}

/// The server's peak resident set, from the kernel's high-water mark.
fn peak_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmHWM"))
}

struct Browser {
    agent: ureq::Agent,
    base: String,
}

impl Browser {
    fn new(base: &str) -> Self {
        Self {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into(),
            base: base.to_string(),
        }
    }

    fn get(&self, path: &str) -> anyhow::Result<(u16, String, String)> {
        let mut r = self.agent.get(format!("{}{path}", self.base)).call()?;
        let location = header(&r, "location");
        Ok((
            r.status().as_u16(),
            location,
            r.body_mut().read_to_string()?,
        ))
    }

    fn post(&self, path: &str, fields: &[(&str, &str)]) -> anyhow::Result<(u16, String)> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let r = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body)?;
        Ok((r.status().as_u16(), header(&r, "location")))
    }

    fn sign_in(&self) -> anyhow::Result<u16> {
        let (_, _, page) = self.get("/staff/sign-in")?;
        let token = field(&page, "token")?;
        Ok(self
            .post(
                "/staff/sign-in",
                &[
                    ("email", EMAIL),
                    ("password", PASSWORD),
                    ("token", &token),
                    ("next", "/staff"),
                ],
            )?
            .0)
    }

    /// Uploads, waits for the check as the page's script does, reads the report, publishes.
    fn publish(&self, csv: &Path) -> anyhow::Result<String> {
        let (_, _, form) = self.get("/staff/publish")?;
        let csrf = field(&form, "csrf")?;
        // The body streams from the file, as a browser sends it.
        let boundary = "bench-boundary-3k1Zt0";
        let mut head = Vec::new();
        for (k, v) in [
            ("csrf", csrf.as_str()),
            ("pipeline", "ifmis-expenditure-csv.toml"),
            ("period", ""),
            ("note", ""),
        ] {
            head.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        head.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"payments.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        let tail = format!("\r\n--{boundary}--\r\n").into_bytes();
        let length = head.len() as u64 + std::fs::metadata(csv)?.len() + tail.len() as u64;
        let mut body = std::io::Read::chain(
            std::io::Read::chain(&head[..], std::fs::File::open(csv)?),
            &tail[..],
        );
        let t0 = Instant::now();
        let r = self
            .agent
            .post(format!("{}/staff/publish", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("content-length", length.to_string())
            .send(ureq::SendBody::from_reader(&mut body))?;
        anyhow::ensure!(r.status() == 303, "upload answered {}", r.status());
        let page = header(&r, "location");
        let id = page.rsplit('/').next().unwrap_or("").to_string();
        let uploaded = t0.elapsed();
        loop {
            let mut p = self
                .agent
                .get(format!("{}{page}/progress", self.base))
                .call()?;
            let v: serde_json::Value = serde_json::from_str(&p.body_mut().read_to_string()?)?;
            if v["running"] != true {
                anyhow::ensure!(v["status"] == "checked", "the check ended {}", v["status"]);
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let checked = t0.elapsed();
        let (_, _, report) = self.get(&page)?;
        let csrf = field(&report, "csrf")?;
        let (status, _) = self.post(
            &format!("/staff/uploads/{id}/publish"),
            &[("csrf", &csrf), ("note", "")],
        )?;
        anyhow::ensure!(status == 303, "publish answered {status}");
        let published = t0.elapsed();
        println!(
            "  phases: upload {:.2} s, check {:.2} s, report and publish {:.2} s",
            uploaded.as_secs_f64(),
            (checked - uploaded).as_secs_f64(),
            (published - checked).as_secs_f64()
        );
        let (_, _, done) = self.get(&page)?;
        let link = regex::Regex::new(r#"/datasets/([a-z0-9-]+)/v/(\d+)"#)?;
        let c = link
            .captures(&done)
            .ok_or_else(|| anyhow::anyhow!("no published version on the page"))?;
        Ok(format!("{} v{}", &c[1], &c[2]))
    }
}

fn header(r: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn field(html: &str, name: &str) -> anyhow::Result<String> {
    let re = regex::Regex::new(&format!(r#"name="{name}" value="([^"]*)""#))?;
    Ok(re
        .captures(html)
        .ok_or_else(|| anyhow::anyhow!("no {name} field"))?[1]
        .to_string())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
