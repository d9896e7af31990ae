//! Shared test fixtures: a temporary data directory, the repository's protocol and
//! pipelines, and helpers to ingest and to run the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use disclose::pipeline::{self, IngestOptions, Issue, Outcome, PipelineSpec, Report};
use disclose::protocol::Protocol;
use disclose::store::Store;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folders fixtures built once per test process keep under cargo's temporary folder,
/// named `{prefix}-{pid}` (and `{prefix}-{pid}.inputs`).
const PROCESS_DIRS: [&str; 4] = ["web-fixture", "web-demo", "national-site", "national-demo"];

/// An empty folder `{prefix}-{pid}` under cargo's temporary folder, for a fixture built
/// once for the test process. Such a fixture lives in a static, which is never dropped,
/// so its folder outlives the process: the first call also removes those that processes
/// no longer running left, or repeated runs would fill the disk (they did: 15 GB).
pub fn process_dir(prefix: &str) -> PathBuf {
    assert!(
        PROCESS_DIRS.contains(&prefix),
        "add {prefix} to PROCESS_DIRS"
    );
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(|| {
        for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((kind, pid)) = name.rsplit_once('-') else {
                continue;
            };
            let pid = pid.trim_end_matches(".inputs");
            let running = Path::new("/proc").join(pid).exists();
            if PROCESS_DIRS.contains(&kind) && pid.parse::<u32>().is_ok() && !running {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
    let dir = tmp.join(format!("{prefix}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub fn protocol() -> Protocol {
    Protocol::load(&repo().join("protocol")).expect("the repository's protocol loads")
}

pub fn pipeline(name: &str) -> PipelineSpec {
    PipelineSpec::load(&repo().join("pipelines").join(format!("{name}.toml")))
        .expect("the pipeline loads")
}

/// A temporary workspace with its own data directory.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("datasets");
        Self { dir, data }
    }

    /// A workspace with wards and projects published, so foreign keys resolve.
    pub fn with_registers() -> Self {
        let env = Self::new();
        env.ingest_ok("wards-geojson", &[&fixture("wards.geojson")], None);
        env.ingest_ok("project-register-csv", &[&fixture("projects.csv")], None);
        env
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write a test file");
        path
    }

    pub fn ingest(&self, pipeline_name: &str, files: &[&Path], period: Option<&str>) -> Report {
        self.ingest_spec(&pipeline(pipeline_name), files, period)
    }

    pub fn ingest_spec(
        &self,
        spec: &PipelineSpec,
        files: &[&Path],
        period: Option<&str>,
    ) -> Report {
        let files: Vec<PathBuf> = files.iter().map(|f| f.to_path_buf()).collect();
        let opts = IngestOptions {
            period: period.map(str::to_string),
            publisher: "test".into(),
            ..IngestOptions::default()
        };
        pipeline::ingest(&protocol(), spec, &files, &self.data, &opts).expect("the ingest runs")
    }

    /// Ingests and asserts a version was published; returns its version number.
    pub fn ingest_ok(&self, pipeline_name: &str, files: &[&Path], period: Option<&str>) -> u32 {
        let report = self.ingest(pipeline_name, files, period);
        match &report.outcome {
            Some(Outcome::Published { version, .. }) => *version,
            other => panic!("expected a publish, got {other:?}:\n{}", report.summary(20)),
        }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.data).expect("the store opens")
    }

    pub fn ledger(&self) -> String {
        std::fs::read_to_string(self.data.join("ledger.jsonl")).unwrap_or_default()
    }

    /// Runs the real `disclose` binary against this workspace.
    pub fn cli(&self, args: &[&str]) -> Output {
        self.cli_env(args, &[])
    }

    pub fn cli_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
        cmd.arg("--data-dir")
            .arg(&self.data)
            .arg("--protocol")
            .arg(repo().join("protocol"))
            .arg("--tiles-dir")
            .arg(self.dir.path().join("tiles"))
            .args(args)
            .current_dir(repo());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().expect("the binary runs")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The issues of a report with the given rule.
pub fn issues<'a>(report: &'a Report, rule: &str) -> Vec<&'a Issue> {
    report.issues.iter().filter(|i| i.rule == rule).collect()
}

/// Asserts the report was rejected with at least one issue of `rule`, and returns the first.
pub fn rejected_with<'a>(report: &'a Report, rule: &str) -> &'a Issue {
    assert!(
        matches!(report.outcome, Some(Outcome::Rejected)),
        "expected a rejection, got {:?}:\n{}",
        report.outcome,
        report.summary(20)
    );
    issues(report, rule)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no `{rule}` issue in:\n{}", report.summary(20)))
}

/// The expenditure fixture's header line.
pub const EXPENDITURE_HEADER: &str = "Payment Date,PV No,Payee Name,Payee Type,Vote,Programme,Sub-Programme,Economic Item,COFOG,Ward Code,Project Code,Contract No,Amount (KES),Source of Funds";

/// A valid IFMIS payment row for September 2025 with the given voucher, payee and amount.
pub fn payment(voucher: &str, payee: &str, amount: &str) -> String {
    format!(
        "10/09/2025,{voucher},{payee},CO,3712 - Finance,37121 - Administration,371211 - Administration Services,2211101 - General Office Supplies,01.1.2,,,,\"{amount}\",Equitable Share"
    )
}

/// An answer read whole: status, headers and body.
pub struct Got {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Got {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// GET `url` with `headers` through `agent`, the body read whole (up to 64 MiB).
pub fn fetch(agent: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Got {
    let mut request = agent.get(url);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut response = request.call().expect("the server answers");
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .expect("a body");
    Got {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body,
    }
}

/// Runs a server on 127.0.0.1:0 in a thread of its own, on a runtime of its own, and
/// returns its base URL once the port is bound; `serve` gets the bound listener (and
/// builds its state there: requests wait in the listener's queue until it serves).
pub fn serve_on_loopback<F, Fut>(serve: F) -> String
where
    F: FnOnce(tokio::net::TcpListener) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port");
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            serve(listener).await;
        });
    });
    rx.recv().expect("the server started")
}

/// The tile address holding a point, at a zoom (the web Mercator formula, written
/// apart from the tiler's).
pub fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let lat = lat.to_radians();
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor()
        as u32;
    (x, y)
}
