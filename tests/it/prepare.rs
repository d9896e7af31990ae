//! Publishing in two steps, as the staff workspace does: a check that writes the version's
//! files outside the store, then a publish that commits them, or checks again when the
//! store moved on, and refuses sources that changed since their check.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use disclose::pipeline::{self, IngestOptions, Outcome, PipelineError, Prepared, Report};
use disclose::store::verify::verify;

use crate::support::{EXPENDITURE_HEADER, Env, payment, pipeline, protocol};

const PIPELINE: &str = "ifmis-expenditure-csv";
const DATASET: &str = "expenditure-2025-09";

/// The same options for every step, so two stores given the same input match byte for byte.
fn options(progress: Option<Arc<AtomicU64>>) -> IngestOptions {
    IngestOptions {
        publisher: "test".into(),
        published_at: Some("2025-10-05T09:30:00Z".parse().unwrap()),
        progress,
        ..IngestOptions::default()
    }
}

fn month(env: &Env, name: &str, rows: &[String]) -> PathBuf {
    env.write(name, format!("{EXPENDITURE_HEADER}\n{}\n", rows.join("\n")))
}

/// An environment with the registers published and a known redaction key, so two of them
/// pseudonymise alike.
fn env() -> Env {
    let env = Env::with_registers();
    env.store().set_redaction_key(&[7; 32]).unwrap();
    env
}

fn prepare(env: &Env, files: &[PathBuf], into: &Path, opts: &IngestOptions) -> Prepared {
    pipeline::prepare(
        &protocol(),
        &pipeline(PIPELINE),
        files,
        &env.data,
        opts,
        into,
    )
    .expect("the check runs")
}

fn publish(
    env: &Env,
    prepared: Prepared,
    files: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Report, PipelineError> {
    pipeline::publish(
        &protocol(),
        &pipeline(PIPELINE),
        prepared,
        files,
        &env.data,
        opts,
    )
}

/// A month's export of one valid payment.
fn one_payment(env: &Env) -> Vec<PathBuf> {
    vec![month(
        env,
        "payments.csv",
        &[payment("PV1", "Ofisi Supplies Ltd", "1,000.00")],
    )]
}

/// One payment checked, with what its publish needs: the files, the options and the
/// counter its reading reports to.
struct Checked {
    files: Vec<PathBuf>,
    opts: IngestOptions,
    progress: Arc<AtomicU64>,
    prepared: Prepared,
}

fn check_one_payment(env: &Env, into: &Path) -> Checked {
    let files = one_payment(env);
    let progress = Arc::new(AtomicU64::new(0));
    let opts = options(Some(progress.clone()));
    let prepared = prepare(env, &files, into, &opts);
    assert!(
        matches!(
            prepared.report.outcome,
            Some(Outcome::Checked { rows: 1, .. })
        ),
        "{}",
        prepared.report.summary(10)
    );
    Checked {
        files,
        opts,
        progress,
        prepared,
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn staged(env: &Env) -> Vec<String> {
    entries(&env.data.join(".staging"))
}

#[test]
fn a_prepared_publish_commits_the_same_entry_as_a_plain_ingest() {
    let rows = [
        payment("PV1", "Ofisi Supplies Ltd", "1,000.00"),
        payment("PV2", "Wanjiru Kamau", "250.00").replace(",CO,", ",IND,"),
    ];
    let opts = options(None);

    let plain = env();
    let file = month(&plain, "payments.csv", &rows);
    let report = pipeline::ingest(
        &protocol(),
        &pipeline(PIPELINE),
        &[file],
        &plain.data,
        &opts,
    )
    .unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::Published { version: 1, .. })),
        "{}",
        report.summary(10)
    );

    let two_step = env();
    let files = vec![month(&two_step, "payments.csv", &rows)];
    let outside = tempfile::tempdir().unwrap();
    let before = two_step.ledger();
    let prepared = prepare(&two_step, &files, outside.path(), &opts);
    assert!(
        matches!(&prepared.report.outcome, Some(Outcome::Checked { dataset, rows: 2 }) if dataset == DATASET),
        "{}",
        prepared.report.summary(10)
    );
    assert_eq!(prepared.dataset.as_deref(), Some(DATASET));
    assert_eq!(prepared.head, two_step.store().head_hash());
    assert_eq!(prepared.sources[0].name, "payments.csv");
    assert!(entries(outside.path()).contains(&"data.csv".to_string()));
    assert!(!entries(outside.path()).contains(&"datapackage.json".to_string()));
    assert_eq!(two_step.ledger(), before, "a check publishes nothing");

    let report = publish(&two_step, prepared, &files, &opts).unwrap();
    assert!(
        matches!(
            report.outcome,
            Some(Outcome::Published {
                version: 1,
                rows: 2,
                ..
            })
        ),
        "{report:?}"
    );
    assert!(
        !outside.path().exists(),
        "the prepared folder moved into the store"
    );
    let (a, b) = (plain.store(), two_step.store());
    let (a, b) = (a.latest(DATASET).unwrap(), b.latest(DATASET).unwrap());
    assert_eq!(a.file("data.csv"), b.file("data.csv"));
    assert_eq!(
        (&a.files, &a.sources, a.rows, &a.schema_hash),
        (&b.files, &b.sources, b.rows, &b.schema_hash)
    );
    assert!(verify(&two_step.data).unwrap().is_clean());
    assert!(staged(&two_step).is_empty());
}

#[test]
fn a_source_edited_after_its_check_is_refused_and_nothing_is_published() {
    let env = env();
    let into = tempfile::tempdir().unwrap();
    let before = env.ledger();
    let Checked {
        files,
        opts,
        prepared,
        ..
    } = check_one_payment(&env, into.path());
    month(
        &env,
        "payments.csv",
        &[payment("PV1", "Ofisi Supplies Ltd", "9,000.00")],
    );
    let err = publish(&env, prepared, &files, &opts).unwrap_err();
    assert!(
        matches!(&err, PipelineError::SourcesChanged { path } if *path == files[0]),
        "{err:?}"
    );
    assert!(err.to_string().contains("check it again"), "{err}");
    assert_eq!(env.ledger(), before, "nothing published");
    assert!(staged(&env).is_empty());
    assert!(!into.path().exists(), "the stale check is discarded");
}

#[test]
fn a_publish_after_another_version_was_committed_checks_again_and_the_chain_verifies() {
    let env = env();
    let into = tempfile::tempdir().unwrap();
    let Checked {
        files,
        opts,
        progress,
        prepared,
    } = check_one_payment(&env, into.path());
    let head = prepared.head.clone();

    let other = month(
        &env,
        "other.csv",
        &[payment("PV9", "Mawe Traders", "70.00")],
    );
    assert_eq!(env.ingest_ok(PIPELINE, &[&other], None), 1);
    assert_ne!(env.store().head_hash(), head);

    progress.store(0, Ordering::Relaxed);
    let report = publish(&env, prepared, &files, &opts).unwrap();
    assert!(
        matches!(
            report.outcome,
            Some(Outcome::Published {
                version: 2,
                rows: 1,
                ..
            })
        ),
        "{report:?}"
    );
    assert_eq!(
        progress.load(Ordering::Relaxed),
        1,
        "the rows were read again"
    );
    let store = env.store();
    let entry = store.latest(DATASET).unwrap();
    assert_eq!(
        entry.prev_hash,
        store.entries()[store.entries().len() - 2].hash
    );
    assert!(verify(&env.data).unwrap().is_clean());
    assert!(!into.path().exists());
    assert!(staged(&env).is_empty());
}

#[test]
fn a_publish_onto_an_unmoved_store_reads_nothing_again() {
    let env = env();
    let into = tempfile::tempdir().unwrap();
    let Checked {
        files,
        opts,
        progress,
        prepared,
    } = check_one_payment(&env, into.path());
    progress.store(0, Ordering::Relaxed);
    let report = publish(&env, prepared, &files, &opts).unwrap();
    assert!(matches!(
        report.outcome,
        Some(Outcome::Published { version: 1, .. })
    ));
    assert_eq!(progress.load(Ordering::Relaxed), 0);
}

#[test]
fn a_check_made_invalid_by_a_later_version_of_a_register_is_rejected_at_publish() {
    let env = env();
    let row = payment("PV1", "Roads Works Ltd", "5,000.00").replace(",,,,", ",,MLM-RD-0001,,");
    let files = vec![month(&env, "payments.csv", &[row])];
    let into = tempfile::tempdir().unwrap();
    let prepared = prepare(&env, &files, into.path(), &options(None));
    assert!(
        matches!(prepared.report.outcome, Some(Outcome::Checked { .. })),
        "{}",
        prepared.report.summary(10)
    );

    // A new register without the project the payment names.
    let projects = std::fs::read_to_string(crate::support::fixture("projects.csv")).unwrap();
    let without: Vec<&str> = projects
        .lines()
        .filter(|l| !l.starts_with("MLM-RD-0001,"))
        .collect();
    let register = env.write("projects.csv", without.join("\n") + "\n");
    assert_eq!(env.ingest_ok("project-register-csv", &[&register], None), 2);

    let before = env.ledger();
    let report = publish(&env, prepared, &files, &options(None)).unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::Rejected)),
        "{report:?}"
    );
    assert!(
        report
            .issues
            .iter()
            .any(|i| i.rule == "foreign_key" && i.message.contains("projects v2")),
        "{}",
        report.summary(10)
    );
    assert_eq!(env.ledger(), before);
    assert!(staged(&env).is_empty());
}

#[test]
fn two_publishes_of_one_dataset_at_once_leave_a_valid_chain() {
    let env = env();
    let a = one_payment(&env);
    let b = vec![month(
        &env,
        "b.csv",
        &[payment("PV2", "Mawe Traders", "2,000.00")],
    )];
    let (into_a, into_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let opts = options(None);
    let prepared_a = prepare(&env, &a, into_a.path(), &opts);
    let prepared_b = prepare(&env, &b, into_b.path(), &opts);
    assert_eq!(prepared_a.head, prepared_b.head);

    let reports = std::thread::scope(|s| {
        let ta = s.spawn(|| publish(&env, prepared_a, &a, &opts));
        let tb = s.spawn(|| publish(&env, prepared_b, &b, &opts));
        [ta.join().unwrap().unwrap(), tb.join().unwrap().unwrap()]
    });
    let mut versions: Vec<u32> = reports
        .iter()
        .map(|r| match r.outcome {
            Some(Outcome::Published { version, .. }) => version,
            ref other => panic!("expected a publish, got {other:?}"),
        })
        .collect();
    versions.sort();
    assert_eq!(versions, [1, 2]);
    let report = verify(&env.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert!(staged(&env).is_empty());
}

#[test]
fn a_check_with_errors_is_rejected_and_leaves_its_directory_without_data_files() {
    let env = env();
    let files = vec![month(
        &env,
        "payments.csv",
        &[payment("PV1", "Ofisi Supplies Ltd", "lots")],
    )];
    let into = tempfile::tempdir().unwrap();
    let before = env.ledger();
    let prepared = prepare(&env, &files, into.path(), &options(None));
    assert!(
        matches!(prepared.report.outcome, Some(Outcome::Rejected)),
        "{:?}",
        prepared.report.outcome
    );
    assert!(prepared.report.has_errors());
    assert_eq!(entries(into.path()), Vec::<String>::new());

    let report = publish(&env, prepared, &files, &options(None)).unwrap();
    assert!(matches!(report.outcome, Some(Outcome::Rejected)));
    assert_eq!(env.ledger(), before);
    assert!(staged(&env).is_empty());
}

#[test]
fn a_check_of_the_latest_content_is_unchanged_and_writes_nothing() {
    let env = env();
    let rows = [payment("PV1", "Ofisi Supplies Ltd", "1,000.00")];
    let file = month(&env, "payments.csv", &rows);
    assert_eq!(env.ingest_ok(PIPELINE, &[&file], None), 1);
    let into = tempfile::tempdir().unwrap();
    let prepared = prepare(&env, &[file], into.path(), &options(None));
    assert!(
        matches!(&prepared.report.outcome, Some(Outcome::Unchanged { dataset, version: 1 }) if dataset == DATASET),
        "{:?}",
        prepared.report.outcome
    );
    assert_eq!(entries(into.path()), Vec::<String>::new());
}

#[test]
fn a_check_into_a_directory_that_is_not_empty_is_refused() {
    let env = env();
    let files = one_payment(&env);
    let into = tempfile::tempdir().unwrap();
    std::fs::write(into.path().join("keep.txt"), "mine").unwrap();
    let err = pipeline::prepare(
        &protocol(),
        &pipeline(PIPELINE),
        &files,
        &env.data,
        &options(None),
        into.path(),
    )
    .unwrap_err();
    assert!(matches!(err, PipelineError::DirNotEmpty { .. }), "{err:?}");
    assert_eq!(entries(into.path()), ["keep.txt"]);
}

#[test]
fn the_progress_counter_ends_at_the_rows_read() {
    let env = env();
    let rows: Vec<String> = (0..10_000)
        .map(|i| payment(&format!("PV{i}"), "Ofisi Supplies Ltd", "10.00"))
        .collect();
    let (first, second) = rows.split_at(6_000);
    let files = vec![
        month(&env, "first.csv", first),
        month(&env, "second.csv", second),
    ];
    let progress = Arc::new(AtomicU64::new(0));
    let into = tempfile::tempdir().unwrap();
    let prepared = prepare(&env, &files, into.path(), &options(Some(progress.clone())));
    assert_eq!(prepared.report.rows_read, 10_000);
    assert_eq!(progress.load(Ordering::Relaxed), 10_000);

    // The one-step ingest counts too.
    let progress = Arc::new(AtomicU64::new(0));
    let opts = IngestOptions {
        dry_run: true,
        ..options(Some(progress.clone()))
    };
    let report =
        pipeline::ingest(&protocol(), &pipeline(PIPELINE), &files, &env.data, &opts).unwrap();
    assert!(matches!(
        report.outcome,
        Some(Outcome::DryRun { rows: 10_000, .. })
    ));
    assert_eq!(progress.load(Ordering::Relaxed), 10_000);
}

/// A folder on another filesystem than the data directory (tmpfs at /dev/shm), so the
/// publish copies rather than renames; `None` where there is none.
fn other_filesystem(data: &Path) -> Option<tempfile::TempDir> {
    use std::os::unix::fs::MetadataExt;
    let shm = Path::new("/dev/shm");
    let dev = |p: &Path| std::fs::metadata(p).ok().map(|m| m.dev());
    let data_dev = dev(data.parent()?)?;
    (dev(shm)? != data_dev)
        .then(|| tempfile::tempdir_in(shm).ok())
        .flatten()
}

#[test]
fn a_check_prepared_on_another_filesystem_publishes() {
    let env = env();
    let Some(into) = other_filesystem(&env.data) else {
        eprintln!("no second filesystem at /dev/shm; the copy across filesystems is not tested");
        return;
    };
    let Checked {
        files,
        opts,
        prepared,
        ..
    } = check_one_payment(&env, into.path());
    let report = publish(&env, prepared, &files, &opts).unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::Published { version: 1, .. })),
        "{report:?}"
    );
    assert!(
        !into.path().exists(),
        "the original is removed after the copy"
    );
    assert!(verify(&env.data).unwrap().is_clean());
    assert!(staged(&env).is_empty());
}

#[test]
fn a_spatial_register_publishes_in_two_steps_with_its_gis_downloads() {
    let env = env();
    let projects = std::fs::read_to_string(crate::support::fixture("projects.csv")).unwrap();
    let files = vec![env.write(
        "projects.csv",
        projects.replace(
            "Grading and gravelling",
            "Grading and gravelling with culverts",
        ),
    )];
    let spec = pipeline("project-register-csv");
    let into = tempfile::tempdir().unwrap();
    let opts = options(None);
    let prepared =
        pipeline::prepare(&protocol(), &spec, &files, &env.data, &opts, into.path()).unwrap();
    assert!(
        matches!(prepared.report.outcome, Some(Outcome::Checked { .. })),
        "{}",
        prepared.report.summary(10)
    );
    let written = entries(into.path());
    assert!(written.contains(&"data.geojson".to_string()), "{written:?}");
    if cfg!(feature = "gdal") {
        assert!(written.contains(&"data.gpkg".to_string()), "{written:?}");
    }
    let report = pipeline::publish(&protocol(), &spec, prepared, &files, &env.data, &opts).unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::Published { version: 2, .. })),
        "{report:?}"
    );
    let store = env.store();
    let entry = store.latest("projects").unwrap();
    let mut recorded: Vec<String> = entry.files.iter().map(|f| f.path.clone()).collect();
    recorded.sort();
    assert_eq!(recorded, entries(&store.version_dir("projects", 2)));
    let report = verify(&env.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}
