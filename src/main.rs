//! The `disclose` command line: parses arguments, calls the library, prints results and
//! the error chain. All logic lives in the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};

use disclose::pipeline::{self, IngestOptions, Outcome, PipelineSpec};
use disclose::protocol::Protocol;
use disclose::store::{self, Store};

/// mimalloc: the ingest moves millions of small values between threads, where the system
/// allocator spends a third of the time.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Validated, versioned, tamper-evident open data for local governments.
#[derive(Debug, Parser)]
#[command(name = "disclose", version, about)]
struct Cli {
    /// The data directory: published versions and the ledger.
    #[arg(
        long,
        global = true,
        env = "DISCLOSE_DATA_DIR",
        default_value = "datasets"
    )]
    data_dir: PathBuf,
    /// The protocol directory: protocol.toml and schemas/.
    #[arg(
        long,
        global = true,
        env = "DISCLOSE_PROTOCOL",
        default_value = "protocol"
    )]
    protocol: PathBuf,
    /// Where `disclose tiles` writes PMTiles archives and the server looks for them.
    #[arg(
        long,
        global = true,
        env = "DISCLOSE_TILES_DIR",
        default_value = "tiles"
    )]
    tiles_dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate export files with a pipeline and publish them as a new version.
    Ingest {
        /// The pipeline spec, e.g. pipelines/ifmis-expenditure-csv.toml.
        #[arg(long)]
        pipeline: PathBuf,
        /// The export files; all go into one version.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The reporting period (2025-09, 2025-Q3, 2025-26); taken from the first row if absent.
        #[arg(long)]
        period: Option<String>,
        /// Why this version exists; say so for a restatement.
        #[arg(long)]
        note: Option<String>,
        /// Who publishes (recorded in the ledger).
        #[arg(long, env = "DISCLOSE_PUBLISHER", default_value = "unnamed publisher")]
        publisher: String,
        /// Validate and report only; publish nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also write the full validation report as JSON to this path.
        #[arg(long)]
        report_json: Option<PathBuf>,
        /// How many issues to print.
        #[arg(long, default_value_t = 20)]
        max_issues: usize,
    },
    /// Recompute every hash and check the store against its ledger.
    Verify,
    /// Show the publication history, of one dataset or of all.
    Log { dataset: Option<String> },
    /// Show the row-level difference between two versions of a dataset.
    Diff {
        dataset: String,
        v1: u32,
        v2: u32,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Check that the protocol and the pipelines agree with each other.
    Check {
        /// The pipelines folder.
        #[arg(long, default_value = "pipelines")]
        pipelines: PathBuf,
    },
    /// Pre-build every version of the map layers (projects, wards) as a PMTiles archive
    /// in the tiles directory; the server then answers tiles from it, and the file can be
    /// copied to a phone or a static host. Archives already built are kept.
    Tiles {
        /// The lowest zoom in the archives.
        #[arg(long, default_value_t = 0)]
        min_zoom: u8,
        /// The highest zoom in the archives; the server cuts deeper tiles on demand.
        #[arg(long, default_value_t = 14)]
        max_zoom: u8,
    },
    /// Render social-audit packs and site notices to HTML files for printing: a ward's
    /// pack with the pack and notice of each of its projects, or every ward's.
    Print {
        /// Only this ward (its code, e.g. MLM-01); default every ward.
        #[arg(long)]
        ward: Option<String>,
        /// Where to write the files.
        #[arg(long, default_value = "print")]
        out: PathBuf,
        /// The site's public address, which the QR codes open.
        #[arg(
            long,
            env = "DISCLOSE_BASE_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base_url: String,
    },
    /// Serve the web site over the data directory.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "DISCLOSE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Build the synthetic demo municipality and publish it, then serve it.
    Demo {
        /// Multiplies the expenditure rows (1 gives about 40,000 payments).
        #[arg(long, default_value_t = 1)]
        scale: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Build only; do not start the web site.
        #[arg(long)]
        no_serve: bool,
        /// Address to serve on.
        #[arg(long, env = "DISCLOSE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// The pipelines folder.
        #[arg(long, default_value = "pipelines")]
        pipelines: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader such as `head` that stops early is not a failure.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest {
            pipeline,
            files,
            period,
            note,
            publisher,
            dry_run,
            report_json,
            max_issues,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let spec = PipelineSpec::load(&pipeline)?;
            let opts = IngestOptions {
                period,
                note,
                publisher,
                dry_run,
                published_at: None,
                progress: None,
            };
            let report = pipeline::ingest(&protocol, &spec, &files, &cli.data_dir, &opts)?;
            if let Some(path) = report_json {
                let json = serde_json::to_vec_pretty(&report)?;
                std::fs::write(&path, json)
                    .with_context(|| format!("cannot write the report to {}", path.display()))?;
            }
            eprint!("{}", report.summary(max_issues));
            Ok(match report.outcome {
                Some(Outcome::Published {
                    dataset,
                    version,
                    rows,
                }) => {
                    println!("published {dataset} v{version} ({rows} rows)");
                    ExitCode::SUCCESS
                }
                Some(Outcome::Unchanged { dataset, version }) => {
                    println!(
                        "unchanged: the content equals {dataset} v{version}; nothing published"
                    );
                    ExitCode::SUCCESS
                }
                Some(Outcome::DryRun { dataset, rows } | Outcome::Checked { dataset, rows }) => {
                    println!("dry run: {dataset} would be published ({rows} rows)");
                    ExitCode::SUCCESS
                }
                Some(Outcome::Rejected) | None => {
                    eprintln!(
                        "rejected: nothing was published; fix the errors above and run again"
                    );
                    ExitCode::FAILURE
                }
            })
        }
        Command::Verify => {
            let report = store::verify::verify(&cli.data_dir)?;
            for note in &report.recovered {
                println!("recovered: {note}");
            }
            if report.is_clean() {
                println!(
                    "ok: {} ledger entries, {} files ({} bytes) match; head {}",
                    report.entries, report.files, report.bytes, report.head
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &report.problems {
                    eprintln!("FAIL {p}");
                }
                eprintln!(
                    "verify failed: {} problem{}",
                    report.problems.len(),
                    if report.problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Log { dataset } => {
            let store = Store::open(&cli.data_dir)?;
            let mut out = std::io::stdout().lock();
            let entries: Vec<_> = store
                .entries()
                .iter()
                .filter(|e| dataset.as_ref().is_none_or(|d| &e.dataset == d))
                .collect();
            if let Some(d) = &dataset
                && entries.is_empty()
            {
                bail!(
                    "no dataset `{d}` in {}; `disclose log` lists every dataset",
                    cli.data_dir.display()
                );
            }
            for e in entries {
                writeln!(
                    out,
                    "#{:<4} {} {:<28} v{:<3} {:>9} rows  {}  {}",
                    e.seq,
                    &e.published_at,
                    e.dataset,
                    e.version,
                    e.rows,
                    e.short_hash(),
                    e.publisher
                )?;
                if let Some(note) = &e.note {
                    writeln!(out, "      note: {note}")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            dataset,
            v1,
            v2,
            format,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let store = Store::open(&cli.data_dir)?;
            let entry = store.version(&dataset, v1)?;
            let kind = protocol.kind(&entry.kind)?;
            let diff =
                store::diff::diff(store.catalog(), &dataset, v1, v2, &kind.schema.primary_key)?;
            let mut out = std::io::stdout().lock();
            match format {
                DiffFormat::Text => diff.write_text(&mut out)?,
                DiffFormat::Csv => diff.write_csv(&mut out)?,
                DiffFormat::Json => serde_json::to_writer_pretty(&mut out, &diff)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { pipelines } => {
            let protocol = load_protocol(&cli.protocol)?;
            let problems = pipeline::check_all(&protocol, &pipelines)?;
            if problems.is_empty() {
                println!(
                    "ok: protocol ({} kinds) and pipelines in {} agree",
                    protocol.kinds.len(),
                    pipelines.display()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    eprintln!("FAIL {p}");
                }
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Tiles { min_zoom, max_zoom } => {
            if min_zoom > max_zoom || max_zoom > disclose::tiles::MAX_ZOOM {
                bail!(
                    "--min-zoom {min_zoom} --max-zoom {max_zoom}: zooms go from 0 to {}, the lowest first",
                    disclose::tiles::MAX_ZOOM
                );
            }
            let protocol = load_protocol(&cli.protocol)?;
            let store = Store::open(&cli.data_dir)?;
            let outcomes = disclose::tiles::archive::build_missing(
                &store,
                &cli.tiles_dir,
                min_zoom..=max_zoom,
                &attribution(&protocol),
            )?;
            if outcomes.is_empty() {
                println!("no map layers published yet (projects, wards); nothing to build");
            }
            for outcome in outcomes {
                match outcome {
                    disclose::tiles::archive::Outcome::Built(b) => {
                        let (size, (z, x, y)) = b.largest;
                        println!(
                            "built {}: {} tiles, {} bytes, largest tile {size} bytes at {z}/{x}/{y}, {:.1} s",
                            b.path.display(),
                            b.tiles,
                            b.bytes,
                            b.seconds
                        );
                    }
                    disclose::tiles::archive::Outcome::Present(path) => {
                        println!("kept {} (already built)", path.display())
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Print {
            ward,
            out,
            base_url,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let selection = ward.as_deref().map_or(
                disclose::web::Selection::All,
                disclose::web::Selection::Ward,
            );
            let written = disclose::web::print(
                &cli.data_dir,
                &protocol,
                selection,
                &out,
                base_url.trim_end_matches('/'),
            )?;
            println!(
                "wrote {} pages to {}; open them in a browser and print (A4)",
                written.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { addr } => {
            let protocol = load_protocol(&cli.protocol)?;
            serve(&cli.data_dir, &cli.tiles_dir, protocol, &addr)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            scale,
            seed,
            no_serve,
            pipelines,
            addr,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let summary = disclose::demo::run(
                &protocol,
                &pipelines,
                &cli.data_dir,
                &disclose::demo::DemoOptions { scale, seed },
            )?;
            println!("{summary}");
            let store = Store::open(&cli.data_dir)?;
            let built = disclose::tiles::archive::build_missing(
                &store,
                &cli.tiles_dir,
                0..=14,
                &attribution(&protocol),
            )?;
            println!(
                "map tiles: {} PMTiles archives in {}",
                built.len(),
                cli.tiles_dir.display()
            );
            if !no_serve {
                serve(&cli.data_dir, &cli.tiles_dir, protocol, &addr)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Binds `addr` and serves the site until Ctrl-C or SIGTERM.
fn serve(
    data_dir: &std::path::Path,
    tiles_dir: &std::path::Path,
    protocol: Protocol,
    addr: &str,
) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DISCLOSE_LOG")
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let state = disclose::web::AppState::new(data_dir, protocol)?.with_tiles_dir(tiles_dir);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("cannot listen on {addr}; is another server using it? choose one with --addr")
        })?;
        println!(
            "serving {} on http://{}",
            data_dir.display(),
            listener.local_addr()?
        );
        disclose::web::serve(listener, state)
            .await
            .context("the server stopped")
    })
}

/// Whom map tiles credit, and under what licence.
fn attribution(protocol: &Protocol) -> String {
    let j = &protocol.jurisdiction;
    format!("{} — {}", j.publisher, j.licence.name)
}

fn load_protocol(dir: &std::path::Path) -> anyhow::Result<Protocol> {
    Protocol::load(dir).with_context(|| format!("cannot load the protocol from {}", dir.display()))
}
