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
    /// The national store that `disclose harvest` writes and `verify --national` checks.
    #[arg(
        long,
        global = true,
        env = "DISCLOSE_NATIONAL_DIR",
        default_value = "national"
    )]
    national_dir: PathBuf,
    /// The settings file (see the README); a missing `disclose.toml` is fine.
    #[arg(long, global = true, env = "DISCLOSE_CONFIG")]
    config: Option<PathBuf>,
    /// The state database: sqlite:PATH or postgres://USER@HOST/NAME (also
    /// DISCLOSE_DATABASE; default sqlite in the state directory).
    #[arg(long, global = true)]
    database: Option<String>,
    /// Where the state database and uploads live (also DISCLOSE_STATE_DIR; default state).
    #[arg(long, global = true)]
    state_dir: Option<PathBuf>,
    /// The site's public address; https makes staff cookies Secure (also
    /// DISCLOSE_PUBLIC_URL).
    #[arg(long, global = true)]
    public_url: Option<String>,
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
    Verify {
        /// Check the national store (--national-dir) instead: its ledger, every mirrored
        /// county ledger, every file and every manifest.
        #[arg(long)]
        national: bool,
    },
    /// Copy what is new in each county into the national store (--national-dir), after
    /// checking the county's chain and every file against its ledger. A county that does
    /// not verify is refused, and nothing of it is written.
    Harvest {
        /// CODE=DIRECTORY (a county's data directory) or CODE=URL (its public site), e.g.
        /// 016=/srv/county/datasets or 047=https://opendata.county.example.
        #[arg(required = true)]
        sources: Vec<String>,
    },
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
    /// Serve the web site over the data directory, with the staff workspace; or, with
    /// --national [DIR], the national site over a national store, read-only.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "DISCLOSE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// The pipelines folder, which the staff workspace publishes with.
        #[arg(long, default_value = "pipelines")]
        pipelines: PathBuf,
        /// Serve the national site over this national store (what `disclose harvest`
        /// writes; without DIR, --national-dir, where `demo --counties N` harvests)
        /// instead of a county's site: counties side by side, the federated catalogue and
        /// the national map, read-only, with no staff workspace.
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        national: Option<Option<PathBuf>>,
    },
    /// Citizen feedback: publish a month's reports as the `feedback` dataset.
    Feedback {
        #[command(subcommand)]
        command: FeedbackCommand,
    },
    /// The triage assistant: train its category model, measure it.
    Triage {
        #[command(subcommand)]
        command: TriageCommand,
    },
    /// Staff accounts and the staff audit trail.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
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
        /// Build this many synthetic counties instead (different names, seeds, sizes and
        /// planted patterns), each its own data directory under --counties-dir, and
        /// harvest them into --national-dir; nothing is served.
        #[arg(long)]
        counties: Option<usize>,
        /// Where --counties puts the counties' data directories, one per code.
        #[arg(long, default_value = "counties")]
        counties_dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Add an account; prints a one-time password, to be replaced at the first sign-in.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        /// admin, publisher, officer or moderator.
        #[arg(long)]
        role: String,
        /// An office code of the protocol's [offices]; repeat for several.
        #[arg(long = "office")]
        offices: Vec<String>,
        /// Read the password from standard input instead (the account need not change it).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List,
    /// Disable an account; its sessions end at once.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// Give an account a new one-time password; its sessions end.
    Reset { email: String },
    /// Change an account's role and offices.
    Role {
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long = "office")]
        offices: Vec<String>,
    },
    /// Check the staff audit trail's chain of hashes.
    VerifyAudit,
    /// API keys of programs that file reports through Open311.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

#[derive(Debug, Subcommand)]
enum TriageCommand {
    /// Train a new category model from the reports whose category staff confirmed, keep
    /// it as the next state/triage/model-NNNN.json and print its held-out scores. A
    /// running server picks it up within seconds.
    Train {
        /// The share of each category kept apart to calibrate and score the model.
        #[arg(long, default_value_t = 0.2)]
        held_out: f64,
    },
    /// Measure the model in use on the hand-written fixture (and print its held-out
    /// scores): accuracy, macro F1, per category, the confusion matrix; language
    /// detection; duplicate detection's precision and recall.
    Eval {
        /// A folder with reports.csv and one or more *pairs.csv (duplicate_pairs.csv, …);
        /// default the fixture built into the binary (tests/fixtures/triage).
        #[arg(long)]
        fixture: Option<PathBuf>,
    },
    /// Write the possible duplicates staff judged (the same problem, or another) as
    /// labelled pairs, OUT/judged_pairs.csv; `disclose triage eval --fixture OUT` then
    /// measures the duplicate finder on this county's own verdicts.
    Pairs {
        /// The folder to write into (made if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum FeedbackCommand {
    /// Publish the reports received in a month, as they stand now, as a version of
    /// `feedback-YYYY-MM`: validated, redacted and recorded in the ledger like any dataset.
    /// Nothing is published if the month is unchanged since its latest version.
    Publish {
        /// The month (UTC), e.g. 2026-07; it must be over.
        #[arg(long)]
        period: String,
        /// Why this version exists; required when the month already has a version
        /// (e.g. "reports resolved since the first publication").
        #[arg(long)]
        note: Option<String>,
        /// Who publishes (recorded in the ledger); default the office the protocol names
        /// for the feedback kind.
        #[arg(long, env = "DISCLOSE_PUBLISHER")]
        publisher: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum KeyCommand {
    /// Issue a key; prints it once.
    Add {
        /// What uses it: "SMS gateway", "Kiosk at the market".
        label: String,
    },
    /// List the keys (never the keys themselves).
    List,
    /// Revoke a key by its number.
    Revoke { id: i64 },
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
    // Read now, used only by the commands that need settings (an unreadable file must not
    // stop `verify`).
    let config = load_config(&cli);
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
        Command::Verify { national: true } => {
            let report = disclose::national::verify(&cli.national_dir)?;
            for note in &report.recovered {
                println!("recovered: {note}");
            }
            if report.is_clean() {
                println!(
                    "ok: {} harvests of {} counties, {} versions, {} files ({} bytes) and every manifest match; head {}",
                    report.harvests,
                    report.counties,
                    report.versions,
                    report.files,
                    report.bytes,
                    report.head
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &report.problems {
                    eprintln!("FAIL {p}");
                }
                eprintln!(
                    "verify --national failed: {} problem{}",
                    report.problems.len(),
                    if report.problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Harvest { sources } => {
            use disclose::national::{CountySource, National};
            let sources = sources
                .iter()
                .map(|s| CountySource::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            CountySource::check_distinct(&sources)?;
            let (mut national, lock) = National::open_for_harvest(&cli.national_dir, || {
                eprintln!(
                    "waiting: another harvest holds {}",
                    cli.national_dir.join(".lock").display()
                )
            })?;
            for note in &national.recovered {
                println!("recovered: {note}");
            }
            let results = disclose::national::harvest(&mut national, &lock, &sources);
            let mut refused = 0;
            for result in results {
                match result {
                    Ok(done) => println!("{}", done.summary()),
                    Err(e) => {
                        refused += 1;
                        eprintln!("error: {e}");
                    }
                }
            }
            if refused == sources.len() {
                eprintln!("harvest: every county was refused; nothing was written");
                return Ok(ExitCode::FAILURE);
            }
            if refused > 0 {
                eprintln!(
                    "harvest: {refused} of {} counties refused; the others are harvested (national ledger head {})",
                    sources.len(),
                    national.head()
                );
                return Ok(ExitCode::FAILURE);
            }
            println!("national ledger head {}", national.head());
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { national: false } => {
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
            let problems =
                pipeline::check_all(&protocol, &pipelines, &[disclose::feedback::export::spec()])?;
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
        Command::Serve {
            addr,
            national: Some(national),
            ..
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let dir = national.unwrap_or_else(|| cli.national_dir.clone());
            serve_national(&dir, protocol, &addr)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            addr,
            pipelines,
            national: None,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            let config = config?;
            serve(
                &cli.data_dir,
                &cli.tiles_dir,
                &pipelines,
                protocol,
                config,
                &addr,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff { command } => {
            let protocol = load_protocol(&cli.protocol)?;
            staff(&command, config?, &protocol)
        }
        Command::Feedback { command } => {
            let protocol = load_protocol(&cli.protocol)?;
            feedback(command, config?, protocol, &cli.data_dir)
        }
        Command::Triage { command } => {
            let protocol = load_protocol(&cli.protocol)?;
            triage(command, config?, protocol)
        }
        Command::Demo {
            scale,
            seed,
            no_serve,
            pipelines,
            addr,
            counties,
            counties_dir,
        } => {
            let protocol = load_protocol(&cli.protocol)?;
            if let Some(n) = counties {
                let counties = disclose::demo::counties::counties(n, seed, scale)?;
                let summary = disclose::demo::counties::run(
                    &protocol,
                    &pipelines,
                    &counties_dir,
                    &cli.national_dir,
                    &counties,
                )?;
                println!("{summary}");
                return Ok(ExitCode::SUCCESS);
            }
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
            let config = config?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let accounts = runtime.block_on(async {
                let staff =
                    disclose::staff::Staff::open(config.clone(), protocol.offices.clone()).await?;
                let answering = protocol.feedback.answering_offices();
                let accounts = disclose::demo::accounts::create(&staff, &answering).await?;
                let photos = disclose::feedback::PhotoStore::configured(&config);
                let seeded = disclose::demo::feedback::seed(
                    &staff,
                    photos,
                    &protocol,
                    &cli.data_dir,
                    seed,
                    &disclose::demo::feedback::SeedOptions::default(),
                )
                .await?;
                match seeded {
                    Some(s) => println!("{}", s.summary()),
                    None => println!("citizen reports: already seeded"),
                }
                let demo = disclose::staff::Actor {
                    name: "demo".into(),
                    address: "local".into(),
                };
                let (key, _) = staff
                    .issue_key(&demo, "Demo SMS gateway (synthetic)")
                    .await?;
                staff.db.close().await;
                Ok::<_, anyhow::Error>((accounts, key))
            })?;
            let (accounts, key) = accounts;
            drop(runtime);
            let list = format!(
                "{}\nOpen311 API key (Demo SMS gateway): {key}\n",
                disclose::demo::accounts::describe(&accounts)
            );
            let file = config.state_dir.join("demo-accounts.txt");
            std::fs::write(&file, &list)
                .with_context(|| format!("cannot write {}", file.display()))?;
            println!(
                "staff accounts (synthetic; also in {}), sign in at /staff/sign-in:\n{list}",
                file.display()
            );
            if !no_serve {
                serve(
                    &cli.data_dir,
                    &cli.tiles_dir,
                    &pipelines,
                    protocol,
                    config,
                    &addr,
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The settings: the file, then DISCLOSE_* variables, then the global flags.
fn load_config(cli: &Cli) -> anyhow::Result<disclose::config::Config> {
    let (file, named) = match &cli.config {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from("disclose.toml"), false),
    };
    let loaded = disclose::config::Config::load(&file, named, |name| std::env::var(name).ok())?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut config = loaded.config;
    if let Some(d) = &cli.database {
        config.database = Some(d.clone());
    }
    if let Some(d) = &cli.state_dir {
        config.state_dir = d.clone();
    }
    if let Some(u) = &cli.public_url {
        config.public_url = Some(u.clone());
    }
    Ok(config)
}

/// `disclose staff …`: account changes from the command line, recorded in the audit
/// trail as the local user.
fn staff(
    command: &StaffCommand,
    config: disclose::config::Config,
    protocol: &Protocol,
) -> anyhow::Result<ExitCode> {
    use disclose::staff::{Actor, NewAccount, Staff};
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let staff = Staff::open(config, protocol.offices.clone()).await?;
        let actor = Actor::cli();
        let code = match command {
            StaffCommand::Add {
                email,
                name,
                role,
                offices,
                password_stdin,
            } => {
                let password = if *password_stdin {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .context("cannot read the password from standard input")?;
                    Some(line.trim_end_matches(['\r', '\n']).to_string())
                } else {
                    None
                };
                let new = NewAccount {
                    email: email.clone(),
                    name: name.clone(),
                    role: role.parse()?,
                    offices: offices.clone(),
                };
                let (account, one_time) =
                    staff.add_account(&actor, new, password.as_deref()).await?;
                println!("added {} ({})", account.email, account.role);
                if let Some(p) = one_time {
                    println!("one-time password (shown once; to be changed at the first sign-in): {p}");
                }
                ExitCode::SUCCESS
            }
            StaffCommand::List => {
                for a in staff.db.accounts().await? {
                    println!(
                        "{:<36} {:<10} {:<28} {}{}",
                        a.email,
                        a.role,
                        a.offices.join(","),
                        a.name,
                        if a.disabled { "  [disabled]" } else if a.must_change { "  [one-time password]" } else { "" }
                    );
                }
                ExitCode::SUCCESS
            }
            StaffCommand::Disable { email } => {
                let a = staff.set_disabled(&actor, email, true).await?;
                println!("disabled {}; their sessions ended", a.email);
                ExitCode::SUCCESS
            }
            StaffCommand::Enable { email } => {
                let a = staff.set_disabled(&actor, email, false).await?;
                println!("enabled {}", a.email);
                ExitCode::SUCCESS
            }
            StaffCommand::Reset { email } => {
                let p = staff.reset(&actor, email).await?;
                println!("one-time password for {email} (shown once; to be changed at the first sign-in): {p}");
                ExitCode::SUCCESS
            }
            StaffCommand::Role {
                email,
                role,
                offices,
            } => {
                let a = staff
                    .set_role(&actor, email, role.parse()?, offices.clone())
                    .await?;
                println!("{} is now {} ({})", a.email, a.role, a.offices.join(", "));
                ExitCode::SUCCESS
            }
            StaffCommand::Key { command } => match command {
                KeyCommand::Add { label } => {
                    let (key, record) = staff.issue_key(&actor, label).await?;
                    println!("key {} for {}: {key}", record.id, record.label);
                    println!("(shown once; programs send it as api_key to /open311/v2/requests.json)");
                    ExitCode::SUCCESS
                }
                KeyCommand::List => {
                    for k in staff.keys().await? {
                        println!(
                            "{:>4}  {:<40} {:<30} {}",
                            k.id,
                            k.label,
                            k.created_by,
                            if k.revoked { "revoked" } else { "active" }
                        );
                    }
                    ExitCode::SUCCESS
                }
                KeyCommand::Revoke { id } => {
                    staff.revoke_key(&actor, *id).await?;
                    println!("revoked key {id}");
                    ExitCode::SUCCESS
                }
            },
            StaffCommand::VerifyAudit => {
                let check = staff.db.verify_audit().await?;
                if check.problems.is_empty() {
                    println!("ok: {} audit rows, the chain holds", check.rows);
                    ExitCode::SUCCESS
                } else {
                    for p in &check.problems {
                        eprintln!("FAIL {p}");
                    }
                    eprintln!("verify-audit failed: {} problems in {} rows", check.problems.len(), check.rows);
                    ExitCode::FAILURE
                }
            }
        };
        staff.db.close().await;
        Ok(code)
    })
}

/// `disclose feedback …`: a month of reports from the state database into the store,
/// recorded in the staff audit trail as the local user.
fn feedback(
    command: FeedbackCommand,
    config: disclose::config::Config,
    protocol: Protocol,
    data_dir: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use disclose::feedback::export::{self, PublishMonth, Published};
    let FeedbackCommand::Publish {
        period,
        note,
        publisher,
    } = command;
    let publisher = publisher.unwrap_or_else(|| {
        protocol
            .kinds
            .get(export::KIND)
            .map_or_else(|| "unnamed publisher".into(), |k| k.spec.office.clone())
    });
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let db = disclose::staff::Db::open(&config.database_url()).await?;
        let photos = disclose::feedback::PhotoStore::configured(&config);
        let feedback = disclose::feedback::Feedback::new(db.clone(), protocol, photos);
        let options = PublishMonth {
            publisher,
            note,
            published_at: None,
        };
        let result =
            export::publish_month(&feedback, data_dir, &period, feedback.now(), &options).await;
        let audited =
            export::audit(&feedback, &disclose::staff::Actor::cli(), &period, &result).await;
        db.close().await;
        audited?;
        match result? {
            Published::Published {
                dataset,
                version,
                rows,
            } => println!("published {dataset} v{version} ({rows} rows)"),
            Published::Unchanged { dataset, version } => println!(
                "unchanged: the reports of {period} equal {dataset} v{version}; nothing published"
            ),
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn triage(
    command: TriageCommand,
    config: disclose::config::Config,
    protocol: Protocol,
) -> anyhow::Result<ExitCode> {
    use disclose::triage::{Triage, eval};
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let triage = std::sync::Arc::new(Triage::open(&config.state_dir));
        match command {
            TriageCommand::Train { held_out } => {
                if !(0.05..=0.5).contains(&held_out) {
                    anyhow::bail!("--held-out {held_out}: keep between 0.05 and 0.5 of each category apart");
                }
                let db = disclose::staff::Db::open(&config.database_url()).await?;
                let feedback = disclose::feedback::Feedback::new(
                    db.clone(),
                    protocol,
                    disclose::feedback::PhotoStore::configured(&config),
                )
                .with_triage(triage);
                let started = std::time::Instant::now();
                let trained = feedback.train_triage(held_out, None).await;
                db.close().await;
                let m = trained?;
                println!(
                    "trained model {} on {} confirmed reports in {:.1} s; held out {}: accuracy {:.3}, macro F1 {:.3}",
                    m.version,
                    m.trained_on,
                    started.elapsed().as_secs_f64(),
                    m.held_out.reports,
                    m.held_out.accuracy,
                    m.held_out.macro_f1
                );
                match &m.duplicates {
                    None => println!(
                        "possible duplicates: the shipped finder (fewer than {} verdicts of staff, or too few of one kind, to fit one on)",
                        disclose::triage::duplicates::MIN_VERDICTS
                    ),
                    Some(f) => println!(
                        "possible duplicates: fitted on {} verdicts of staff ({} the same problem); held out: precision {:.3}, recall {:.3} against the shipped finder's {:.3}, {:.3}: {}",
                        f.verdicts,
                        f.same,
                        f.held_out.0,
                        f.held_out.1,
                        f.shipped.0,
                        f.shipped.1,
                        if f.adopted {
                            format!("used, from score {:.2}", f.threshold)
                        } else {
                            "not used, the shipped finder did as well".into()
                        }
                    ),
                }
            }
            TriageCommand::Pairs { out } => {
                let db = disclose::staff::Db::open(&config.database_url()).await?;
                let feedback = disclose::feedback::Feedback::new(
                    db.clone(),
                    protocol,
                    disclose::feedback::PhotoStore::configured(&config),
                );
                let pairs = feedback.judged_pairs().await;
                db.close().await;
                let pairs = pairs?;
                if pairs.is_empty() {
                    anyhow::bail!(
                        "no possible duplicate has been judged yet: staff judge them on a report's page (\"The same problem\" or \"Not the same problem\", beside the possible duplicates and the other reports the finder compared)"
                    );
                }
                let same = pairs.iter().filter(|p| p.duplicate == "yes").count();
                let path = eval::write_pairs(&out, &pairs)?;
                println!(
                    "wrote {} judged {} ({same} the same problem, {} another) to {}; measure the finder on them with `disclose triage eval --fixture {}`",
                    pairs.len(),
                    if pairs.len() == 1 { "pair" } else { "pairs" },
                    pairs.len() - same,
                    path.display(),
                    out.display()
                );
            }
            TriageCommand::Eval { fixture } => {
                let builtin = fixture.is_none();
                let (title, fixture) = match fixture {
                    Some(dir) => (dir.display().to_string(), eval::Fixture::load(&dir)?),
                    None => (
                        "hand-written fixture (never trained on)".to_string(),
                        eval::Fixture::builtin()?,
                    ),
                };
                let model = triage.model();
                if let Some(m) = &model {
                    let s = &m.held_out;
                    println!(
                        "model {} ({} confirmed reports trained on)\n\nheld-out split of the confirmed reports: {} reports, accuracy {:.3}, macro F1 {:.3}",
                        m.version, m.trained_on, s.reports, s.accuracy, s.macro_f1
                    );
                    println!("{}", m.held_out_confusion().render());
                }
                let now = chrono::Utc::now().timestamp();
                // /reports/triage publishes the built-in fixture's figures only.
                let e = if builtin {
                    triage.evaluate(&protocol, &fixture, now)?
                } else {
                    triage.measure(&protocol, &fixture, now)?
                };
                println!("{}", e.render(&title));
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DISCLOSE_LOG")
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// Binds `addr` and serves the national site over the national store `dir`, read-only,
/// until Ctrl-C or SIGTERM.
fn serve_national(dir: &std::path::Path, protocol: Protocol, addr: &str) -> anyhow::Result<()> {
    init_tracing();
    if !dir.join("ledger.jsonl").is_file() {
        bail!(
            "{} holds no national ledger (ledger.jsonl): harvest counties into it first with `disclose --national-dir {} harvest CODE=SOURCE…`, or build a demo with `disclose demo --counties 3`",
            dir.display(),
            dir.display()
        );
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let started = std::time::Instant::now();
        let (root, p) = (dir.to_path_buf(), protocol);
        let state =
            tokio::task::spawn_blocking(move || disclose::web::NationalState::new(&root, p))
                .await?
                .map_err(|e| anyhow::anyhow!(disclose::format::chain(&e)))
                .with_context(|| format!("cannot read the national store {}", dir.display()))?;
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("cannot listen on {addr}; is another server using it? choose one with --addr")
        })?;
        println!(
            "serving the national store {} on http://{} (read and indexed in {:.1} s)",
            dir.display(),
            listener.local_addr()?,
            started.elapsed().as_secs_f64()
        );
        disclose::web::serve_national(listener, state)
            .await
            .context("the server stopped")
    })
}

/// Binds `addr` and serves the site, with the staff workspace, until Ctrl-C or SIGTERM.
fn serve(
    data_dir: &std::path::Path,
    tiles_dir: &std::path::Path,
    pipelines: &std::path::Path,
    protocol: Protocol,
    config: disclose::config::Config,
    addr: &str,
) -> anyhow::Result<()> {
    init_tracing();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let staff = disclose::staff::Staff::open(config, protocol.offices.clone()).await?;
        let workspace = std::sync::Arc::new(disclose::staff::Workspace::new(
            std::sync::Arc::new(staff),
            protocol.clone(),
            pipelines,
            data_dir,
        ));
        let photos = disclose::feedback::PhotoStore::configured(&workspace.staff.config);
        let triage = disclose::triage::Triage::open(&workspace.staff.config.state_dir);
        // Load the language models now, not on the first report.
        tokio::task::spawn_blocking(disclose::triage::language::warm_up);
        let feedback = std::sync::Arc::new(
            disclose::feedback::Feedback::new(workspace.staff.db.clone(), protocol.clone(), photos)
                .with_triage(std::sync::Arc::new(triage)),
        );
        let state = disclose::web::AppState::new(data_dir, protocol)?
            .with_tiles_dir(tiles_dir)
            .with_workspace(workspace)
            .with_feedback(feedback);
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
