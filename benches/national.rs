//! Benchmark: the national store at Kenya's size, 47 demo counties of 24 months each at
//! demo scale 1 (about 1.5 million payments), against the floor each step has, in the
//! same run.
//!
//! ```text
//! cargo bench --bench national                      # 47 counties, scale 1
//! cargo bench --bench national -- --counties 5 --reps 3
//! ```
//!
//! - harvest from scratch: against `cp -r` of the same version folders and `sha256sum` of
//!   every copied file (the least any verified copy costs);
//! - a second harvest with nothing new;
//! - the national dashboards, cold (every current version's `aggregates.parquet` read and
//!   summed, every mirrored ledger's compliance judged) and warm (kept per ledger head),
//!   against DuckDB summing the raw `data.parquet` files of the same fiscal year with the
//!   manifest semi-join (payments, budget by stage, revenue), each run on a fresh
//!   connection;
//! - `verify --national`: against `sha256sum -c` over the same files.
//!
//! Needs DuckDB in `~/.cache/disclose-venv` (or `DISCLOSE_VENV`). The store is built in a
//! temporary folder and removed at the end.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use disclose::demo::{self, DemoOptions, counties};
use disclose::national::dashboard::DashboardCache;
use disclose::national::source::Directory;
use disclose::national::{CountySource, Harvested, National, harvest, verify};
use disclose::protocol::Protocol;

mod support;

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn sh(script: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let out = Command::new("sh").args(["-c", script]).output()?;
    anyhow::ensure!(
        out.status.success(),
        "`{script}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(started.elapsed().as_secs_f64())
}

fn harvest_all(root: &Path, sources: &[CountySource]) -> anyhow::Result<Vec<Harvested>> {
    let (mut national, lock) = National::open_for_harvest(root, || {})?;
    harvest(&mut national, &lock, sources)
        .into_iter()
        .map(|r| r.map_err(anyhow::Error::from))
        .collect()
}

fn main() -> anyhow::Result<()> {
    let n = support::arg("--counties", 47) as usize;
    let scale = support::arg("--scale", 1);
    let reps = support::arg("--reps", 5) as usize;
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("DISCLOSE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/disclose-venv")
        })
        .join("bin/python");
    anyhow::ensure!(
        Command::new(&python)
            .args(["-c", "import duckdb"])
            .status()?
            .success(),
        "no DuckDB at {}: pip install duckdb there",
        python.display()
    );
    let protocol = Protocol::load(&repo.join("protocol"))?;
    let work = tempfile::tempdir()?;
    let (home, root) = (work.path().join("counties"), work.path().join("national"));

    // Every county at the same scale, each its own name, seed and patterns.
    let list: Vec<counties::DemoCounty> = counties::counties(n, 42, scale)?
        .into_iter()
        .map(|c| counties::DemoCounty { scale, ..c })
        .collect();
    let started = Instant::now();
    for c in &list {
        let mut own = protocol.clone();
        own.jurisdiction.name = format!("{} (synthetic demonstration)", c.name);
        demo::run_as(
            &own,
            &repo.join("pipelines"),
            &counties::data_dir(&home, c),
            &DemoOptions {
                scale: c.scale,
                seed: c.seed,
            },
            &c.name,
        )?;
    }
    println!(
        "{n} demo counties at scale {scale} built in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let sources: Vec<CountySource> = list
        .iter()
        .map(|c| CountySource {
            code: c.code.clone(),
            source: Box::new(Directory(counties::data_dir(&home, c))),
        })
        .collect();

    // Harvest from scratch.
    let started = Instant::now();
    let done = harvest_all(&root, &sources)?;
    let harvest_s = started.elapsed().as_secs_f64();
    let national = National::open(&root)?;
    let (mut versions, mut files, mut bytes, mut payments) = (0, 0, 0u64, 0u64);
    let mut folders = String::new();
    let mut sums = String::new();
    for h in national.harvests() {
        for a in &h.added {
            versions += 1;
            if a.kind == "expenditure" {
                payments += a.rows;
            }
            writeln!(folders, "{}/{}/v{}", h.county, a.dataset, a.version)?;
            for f in &a.files {
                files += 1;
                bytes += f.bytes;
                writeln!(sums, "{}  {}", f.sha256, f.path)?;
            }
        }
    }
    assert_eq!(done.len(), n);
    println!(
        "the store: {versions} versions, {files} files, {:.0} MB; {payments} payments in all versions\n",
        bytes as f64 / 1e6
    );
    std::fs::write(work.path().join("folders.txt"), &folders)?;
    std::fs::write(work.path().join("sha256sums.txt"), &sums)?;

    // The floor: copy the same version folders and hash every file.
    let peer = work.path().join("peer");
    std::fs::create_dir(&peer)?;
    let cp_s = sh(&format!(
        "cd '{home}' && xargs -d '\\n' -a '{list}' cp -r --parents -t '{peer}' && cd '{peer}' && find . -type f -print0 | xargs -0 sha256sum > /dev/null",
        home = home.display(),
        list = work.path().join("folders.txt").display(),
        peer = peer.display()
    ))?;
    std::fs::remove_dir_all(&peer)?;
    println!(
        "harvest from scratch     ours {harvest_s:>8.2} s   cp -r + sha256sum {cp_s:>8.2} s   ratio {:.2}",
        harvest_s / cp_s
    );

    // A second harvest: nothing new.
    let mut again = Vec::new();
    for _ in 0..reps {
        let started = Instant::now();
        let done = harvest_all(&root, &sources)?;
        again.push(started.elapsed().as_secs_f64());
        assert!(done.iter().all(|h| matches!(h, Harvested::UpToDate { .. })));
    }
    println!(
        "second harvest, nothing  ours {:>8.3} s   (median of {reps})",
        median(again)
    );

    // The national dashboards, cold and warm.
    let mut cold = Vec::new();
    let mut board = None;
    for _ in 0..reps {
        let cache = DashboardCache::default();
        let started = Instant::now();
        board = Some(cache.get(&root, &protocol, None)?);
        cold.push(started.elapsed().as_secs_f64());
    }
    let board = board.expect("reps ≥ 1");
    let cache = DashboardCache::default();
    cache.get(&root, &protocol, None)?;
    let mut warm = Vec::new();
    for _ in 0..reps * 20 {
        let started = Instant::now();
        let kept = cache.get(&root, &protocol, None)?;
        warm.push(started.elapsed().as_secs_f64());
        assert_eq!(kept.head, board.head);
    }
    let year = board.fiscal_year.clone().unwrap_or_default();
    let first: i32 = year.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2025);
    let months: Vec<String> = (0..12)
        .map(|i| {
            let (y, m) = (first + (6 + i) / 12, (6 + i) % 12 + 1);
            format!("{y}-{m:02}")
        })
        .collect();
    let peer = support::peer_json(
        Command::new(&python)
            .arg(repo.join("benches/duckdb_national.py"))
            .arg(reps.to_string())
            .arg(work.path())
            .arg(&year)
            .args(&months),
        "duckdb_national.py",
    )?;
    let duck: Vec<f64> = peer["seconds"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default();
    // The same money, to the cent.
    for c in &board.counties {
        let ours = c.budget.value.as_ref().map(|b| b.spent_cents);
        let theirs = peer["spent"][&c.code].as_i64();
        anyhow::ensure!(
            ours == theirs,
            "county {}: spent {ours:?} cents from aggregates, DuckDB {theirs:?}",
            c.code
        );
    }
    let (cold_s, warm_s, duck_s) = (median(cold), median(warm), median(duck));
    println!(
        "dashboards {year}, cold    ours {cold_s:>8.3} s   DuckDB on data.parquet {duck_s:>8.3} s   ratio {:.3}",
        cold_s / duck_s
    );
    println!(
        "dashboards {year}, warm    ours {:>8.1} µs  DuckDB on data.parquet {duck_s:>8.3} s   ratio {:.6}",
        warm_s * 1e6,
        warm_s / duck_s
    );
    println!(
        "  ({} counties; spent per county equal to DuckDB's to the cent)",
        board.counties.len()
    );

    // verify --national.
    let mut ours = Vec::new();
    for _ in 0..reps.min(3) {
        let started = Instant::now();
        let report = verify(&root)?;
        ours.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(report.is_clean(), "{:?}", report.problems);
    }
    let mut floor = Vec::new();
    for _ in 0..reps.min(3) {
        floor.push(sh(&format!(
            "cd '{}' && sha256sum -c --quiet '{}'",
            root.display(),
            work.path().join("sha256sums.txt").display()
        ))?);
    }
    let (ours, floor) = (median(ours), median(floor));
    println!(
        "verify --national        ours {ours:>8.2} s   sha256sum -c       {floor:>8.2} s   ratio {:.2}",
        ours / floor
    );
    drop(work);
    Ok(())
}
