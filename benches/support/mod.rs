//! What the benchmarks share: their numeric options, a free port, waiting for a peer to listen, our server
//! in-process, wrk over a list of paths, a peer script's JSON answer, and copying a store.

#![allow(dead_code, reason = "each benchmark uses what it needs of these")]

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use disclose::protocol::Protocol;
use disclose::web::AppState;

/// The number after `name` on the command line (`-- --scale 4`), or `default`.
pub fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Concurrent connections of every wrk run.
pub const CONNECTIONS: u32 = 64;

pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

pub fn wait_for(port: u16, child: &mut Child) -> anyhow::Result<()> {
    for _ in 0..300 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        anyhow::ensure!(
            child.try_wait()?.is_none(),
            "the peer server exited before listening"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    anyhow::bail!("nothing listens on port {port} after 30 s")
}

/// `disclose serve` as a child process over `data` and `state`, on a free loopback
/// port, with `env` set; stopped when dropped. Returns once it listens.
pub fn serve_child(
    binary: &Path,
    repo: &Path,
    data: &Path,
    state: &Path,
    env: &[(&str, &str)],
) -> anyhow::Result<Server> {
    let port = free_port()?;
    let mut server = Server {
        child: Command::new(binary)
            .arg("--data-dir")
            .arg(data)
            .arg("--state-dir")
            .arg(state)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .current_dir(repo)
            .env("DISCLOSE_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .spawn()?,
        base: format!("http://127.0.0.1:{port}"),
    };
    wait_for(port, &mut server.child)?;
    Ok(server)
}

/// A server child ([`serve_child`]), stopped on drop.
#[derive(Debug)]
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Our server, in this process, on its own runtime.
pub fn start_ours(repo: &Path, data: &Path, tiles_dir: Option<&Path>) -> anyhow::Result<String> {
    let protocol = Protocol::load(&repo.join("protocol"))?;
    let mut state = AppState::new(data, protocol)?;
    if let Some(dir) = tiles_dir {
        state = state.with_tiles_dir(dir);
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    listener.set_nonblocking(true)?;
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("the listener");
            disclose::web::serve(listener, state)
                .await
                .expect("the server runs");
        });
    });
    Ok(url)
}

#[derive(Debug)]
pub struct Measured {
    /// Requests answered (errors included).
    pub requests: u64,
    pub rps: f64,
    pub p50: f64,
    pub p99: f64,
    pub errors: u64,
}

/// wrk at [`CONNECTIONS`] over `paths`; `accept_encoding`, when given, is sent as
/// browsers do.
pub fn wrk(
    base: &str,
    paths: &[String],
    seconds: u64,
    work: &Path,
    accept_encoding: Option<&str>,
) -> anyhow::Result<Measured> {
    run_wrk(
        base,
        paths,
        seconds,
        (2, CONNECTIONS),
        work,
        &[("WRK_ACCEPT_ENCODING", accept_encoding.unwrap_or(""))],
    )
}

/// A form or an API call posted over and over by wrk: `body` (of `content_type`, with
/// `cookie` if any) to `path`, from `connections` at once for `seconds`.
pub fn wrk_post(
    base: &str,
    path: &str,
    post: &Post,
    seconds: u64,
    connections: u32,
    work: &Path,
) -> anyhow::Result<Measured> {
    run_wrk(
        base,
        &[path.to_string()],
        seconds,
        (1, connections),
        work,
        &[
            ("WRK_METHOD", "POST"),
            ("WRK_BODY", &post.body),
            ("WRK_CONTENT_TYPE", &post.content_type),
            ("WRK_COOKIE", &post.cookie),
            ("WRK_ACCEPT_ENCODING", "gzip"),
        ],
    )
}

/// What [`wrk_post`] sends.
#[derive(Debug, Clone)]
pub struct Post {
    pub body: String,
    pub content_type: String,
    pub cookie: String,
}

fn run_wrk(
    base: &str,
    paths: &[String],
    seconds: u64,
    (threads, connections): (u32, u32),
    work: &Path,
    env: &[(&str, &str)],
) -> anyhow::Result<Measured> {
    // Each run its own list: runs may overlap (pages under intake).
    static RUNS: AtomicU32 = AtomicU32::new(0);
    let list = work.join(format!(
        "paths-{}.txt",
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::File::create(&list)?.write_all(paths.join("\n").as_bytes())?;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/wrk_paths.lua");
    let out = Command::new("wrk")
        .env("WRK_PATHS", &list)
        .envs(env.iter().copied())
        .args([
            &format!("-t{threads}"),
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(script)
        .arg(base)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "wrk printed no result: {stdout} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    let v: serde_json::Value = serde_json::from_str(line)?;
    Ok(Measured {
        requests: v["requests"].as_u64().unwrap_or(0),
        rps: v["requests_per_s"].as_f64().unwrap_or(0.0),
        p50: v["latency_ms"]["p50"].as_f64().unwrap_or(0.0),
        p99: v["latency_ms"]["p99"].as_f64().unwrap_or(0.0),
        errors: v["errors"].as_u64().unwrap_or(0),
    })
}

/// Copies a directory tree (a store of registers, a few megabytes).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs a peer's script and reads the JSON object it prints on a line of its own; `what`
/// names the script in the error when it fails.
pub fn peer_json(command: &mut Command, what: &str) -> anyhow::Result<serde_json::Value> {
    let out = command.output()?;
    anyhow::ensure!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(
        out.stdout
            .split(|b| *b == b'\n')
            .find(|l| l.starts_with(b"{"))
            .unwrap_or_default(),
    )?)
}
