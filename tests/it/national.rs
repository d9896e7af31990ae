//! The national store: harvests of small counties into the partitioned layout, the
//! national ledger and manifests, `verify --national`, every bad input the harvest must
//! refuse (each naming the county, the entry and the file), two harvests at once, a source
//! that disappears, and a harvest killed at each step.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use disclose::national::manifest::{self, Current};
use disclose::national::source::Directory;
use disclose::national::{CountySource, Harvested, National, NationalError, Source, verify};
use disclose::pipeline::{self, IngestOptions, Outcome};
use disclose::store::ledger::{Entry, parse};
use disclose::store::{Store, hash_file};

use crate::support::{Env, fixture, pipeline, protocol, repo, stderr, stdout};

/// A small county: wards, projects and September 2025's payments, published by `who` (so
/// two counties built in the same second still have different ledgers).
fn county(who: &str) -> Env {
    let env = Env::new();
    publish(&env, who, "wards-geojson", &fixture("wards.geojson"), None);
    publish(
        &env,
        who,
        "project-register-csv",
        &fixture("projects.csv"),
        None,
    );
    publish(
        &env,
        who,
        "ifmis-expenditure-csv",
        &fixture("expenditure.csv"),
        None,
    );
    env
}

fn publish(env: &Env, who: &str, pipeline_name: &str, file: &Path, note: Option<&str>) -> u32 {
    let opts = IngestOptions {
        publisher: who.into(),
        note: note.map(str::to_string),
        ..IngestOptions::default()
    };
    let report = pipeline::ingest(
        &protocol(),
        &pipeline(pipeline_name),
        &[file.to_path_buf()],
        &env.data,
        &opts,
    )
    .expect("the ingest runs");
    match &report.outcome {
        Some(Outcome::Published { version, .. }) => *version,
        other => panic!("expected a publish, got {other:?}:\n{}", report.summary(10)),
    }
}

/// September's payments again with one amount changed: a restatement, v2.
fn restate(env: &Env, who: &str) {
    let text = fs::read_to_string(fixture("expenditure.csv"))
        .unwrap()
        .replace("\"14,000.00\"", "\"15,500.00\"");
    let file = env.write("restated.csv", text);
    let v = publish(
        env,
        who,
        "ifmis-expenditure-csv",
        &file,
        Some("Restatement: a subsistence allowance corrected"),
    );
    assert_eq!(v, 2);
}

fn national_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let national = dir.path().join("national");
    (dir, national)
}

fn source(code: &str, env: &Env) -> CountySource {
    CountySource {
        code: code.into(),
        source: Box::new(Directory(env.data.clone())),
    }
}

fn harvest_sources(
    national: &Path,
    sources: &[CountySource],
) -> Vec<Result<Harvested, NationalError>> {
    let (mut store, lock) = National::open_for_harvest(national, || {}).expect("the store opens");
    disclose::national::harvest(&mut store, &lock, sources)
}

fn harvest(national: &Path, code: &str, env: &Env) -> Result<Harvested, NationalError> {
    harvest_sources(national, &[source(code, env)]).remove(0)
}

fn harvest_ok(national: &Path, code: &str, env: &Env) -> Harvested {
    harvest(national, code, env).unwrap_or_else(|e| panic!("county {code} harvests: {e}"))
}

fn refused(national: &Path, code: &str, env: &Env) -> String {
    match harvest(national, code, env) {
        Err(e @ NationalError::Refused { .. }) => e.to_string(),
        other => panic!("county {code} should be refused, got {other:?}"),
    }
}

fn assert_verifies(national: &Path) {
    let report = verify(national).expect("verify runs");
    assert!(report.is_clean(), "{:#?}", report.problems);
}

fn entries(env: &Env) -> Vec<Entry> {
    Store::open(&env.data).unwrap().entries().to_vec()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// Nothing of `code` is in the store: no partition, no mirror, no ledger line, nothing staged.
fn assert_nothing_of(national: &Path, code: &str) {
    let mut found = Vec::new();
    let mut stack = vec![national.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for item in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = item.path();
            if p.to_string_lossy().contains(&format!("county={code}"))
                || p.ends_with(Path::new("_ledgers").join(code))
            {
                found.push(p.clone());
            }
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    assert!(found.is_empty(), "county {code} left {found:?}");
    assert!(
        !read(&national.join("ledger.jsonl")).contains(&format!("\"county\":\"{code}\"")),
        "county {code} is in the national ledger"
    );
    let staged: Vec<_> = fs::read_dir(national.join(".staging"))
        .map(|d| d.flatten().map(|i| i.path()).collect())
        .unwrap_or_default();
    assert!(staged.is_empty(), "left in staging: {staged:?}");
}

/// Runs the real binary on the national store.
fn cli(national: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
    cmd.arg("--national-dir")
        .arg(national)
        .args(args)
        .current_dir(repo());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn two_counties_harvest_into_partitions_of_their_codes_with_bytes_unchanged_and_verify_clean() {
    let (a, b) = (county("Treasury A"), county("Treasury B"));
    let (_dir, national) = national_dir();
    let results = harvest_sources(&national, &[source("016", &a), source("047", &b)]);
    for r in &results {
        assert!(
            matches!(r, Ok(Harvested::Added { versions: 3, .. })),
            "{r:?}"
        );
    }

    for (code, env) in [("016", &a), ("047", &b)] {
        // Every file of every version is the county's bytes, where the layout says.
        for e in entries(env) {
            let dir = match &e.period {
                Some(p) => format!("{}/county={code}/period={p}/v={}", e.kind, e.version),
                None => format!("{}/county={code}/v={}", e.kind, e.version),
            };
            for f in &e.files {
                let copy = national.join(&dir).join(&f.path);
                assert_eq!(
                    hash_file(&copy).unwrap(),
                    (f.sha256.clone(), f.bytes),
                    "{}",
                    copy.display()
                );
                assert_eq!(
                    fs::read(&copy).unwrap(),
                    fs::read(e.path(&env.data, &f.path)).unwrap()
                );
            }
        }
        assert_eq!(
            read(&national.join("_ledgers").join(code).join("ledger.jsonl")),
            env.ledger(),
            "the mirror is the county's ledger, byte for byte"
        );
    }

    let rows = manifest::read(&national.join("expenditure-current.parquet")).unwrap();
    let sep = |code: &str, env: &Env| {
        let e = entries(env)
            .into_iter()
            .find(|e| e.kind == "expenditure")
            .unwrap();
        Current {
            county: code.into(),
            period: Some("2025-09".into()),
            version: 1,
            path: format!("expenditure/county={code}/period=2025-09/v=1/data.parquet"),
            sha256: e.file("data.parquet").unwrap().sha256.clone(),
            rows: e.rows,
        }
    };
    assert_eq!(rows, vec![sep("016", &a), sep("047", &b)]);
    let projects = manifest::read(&national.join("projects-current.parquet")).unwrap();
    assert_eq!(
        projects
            .iter()
            .map(|r| (r.county.as_str(), r.period.clone()))
            .collect::<Vec<_>>(),
        [("016", None), ("047", None)],
        "a living kind has no period"
    );

    let lines: Vec<serde_json::Value> = read(&national.join("ledger.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one line per county harvest");
    assert_eq!(lines[0]["county"], "016");
    assert_eq!(
        lines[0]["county_head"],
        Store::open(&a.data).unwrap().head_hash()
    );
    assert_eq!(lines[1]["prev_hash"], lines[0]["hash"]);
    assert_eq!(
        lines[0]["added"][2]["files"][0]["path"],
        "expenditure/county=016/period=2025-09/v=1/data.parquet"
    );
    assert_verifies(&national);
}

#[test]
fn a_second_harvest_with_nothing_new_writes_nothing() {
    let a = county("Treasury A");
    let (_dir, national) = national_dir();
    harvest_ok(&national, "016", &a);
    let ledger = read(&national.join("ledger.jsonl"));
    let manifest = fs::read(national.join("expenditure-current.parquet")).unwrap();
    let again = harvest_ok(&national, "016", &a);
    assert!(
        matches!(&again, Harvested::UpToDate { entries: 3, .. }),
        "{again:?}"
    );
    assert!(
        again.summary().contains("up to date"),
        "{}",
        again.summary()
    );
    assert_eq!(read(&national.join("ledger.jsonl")), ledger);
    assert_eq!(
        fs::read(national.join("expenditure-current.parquet")).unwrap(),
        manifest
    );
    assert_verifies(&national);
}

#[test]
fn a_restatement_supersedes_the_old_version_in_the_manifest_and_the_national_ledger() {
    let a = county("Treasury A");
    let (_dir, national) = national_dir();
    harvest_ok(&national, "016", &a);
    restate(&a, "Treasury A");
    let done = harvest_ok(&national, "016", &a);
    assert!(
        matches!(
            done,
            Harvested::Added {
                versions: 1,
                superseded: 1,
                seq: 2,
                ..
            }
        ),
        "{done:?}"
    );

    let rows = manifest::read(&national.join("expenditure-current.parquet")).unwrap();
    assert_eq!(rows.len(), 1, "one row per period: {rows:?}");
    assert_eq!(rows[0].version, 2);
    assert_eq!(
        rows[0].path,
        "expenditure/county=016/period=2025-09/v=2/data.parquet"
    );
    assert!(
        national
            .join("expenditure/county=016/period=2025-09/v=1/data.parquet")
            .exists(),
        "the superseded version stays, unchanged"
    );
    let last: serde_json::Value =
        serde_json::from_str(read(&national.join("ledger.jsonl")).lines().last().unwrap()).unwrap();
    assert_eq!(
        last["superseded"],
        serde_json::json!([{ "kind": "expenditure", "period": "2025-09", "version": 1, "by": 2 }])
    );
    assert_eq!(last["added"][0]["dataset"], "expenditure-2025-09");
    assert_eq!(last["added"][0]["county_seq"], 4);
    assert_verifies(&national);
}

#[test]
fn a_county_whose_ledger_was_edited_is_refused_naming_the_county_and_the_line() {
    let a = county("Treasury A");
    let text = a.ledger();
    let line2 = text.lines().nth(1).unwrap();
    let edited = line2.replacen("\"rows\":", "\"rows\":1", 1);
    fs::write(
        a.data.join("ledger.jsonl"),
        text.replacen(line2, &edited, 1),
    )
    .unwrap();
    let (_dir, national) = national_dir();
    let err = refused(&national, "016", &a);
    assert!(err.starts_with("county 016 ("), "{err}");
    assert!(err.contains("its ledger, line 2: hash mismatch"), "{err}");
    assert!(err.ends_with("nothing of 016 was harvested"), "{err}");
    assert_nothing_of(&national, "016");
}

#[test]
fn a_county_whose_ledger_was_reordered_is_refused() {
    let a = county("Treasury A");
    let lines: Vec<String> = a.ledger().lines().map(str::to_string).collect();
    let swapped = format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1]);
    fs::write(a.data.join("ledger.jsonl"), swapped).unwrap();
    let (_dir, national) = national_dir();
    let err = refused(&national, "016", &a);
    assert!(err.contains("its ledger, line 2: broken chain"), "{err}");
    assert_nothing_of(&national, "016");
}

#[test]
fn a_county_whose_ledger_was_truncated_is_refused() {
    let a = county("Treasury A");
    let (_dir, national) = national_dir();
    harvest_ok(&national, "016", &a);
    let text = a.ledger();

    // Cut mid-line: the chain itself says so.
    fs::write(a.data.join("ledger.jsonl"), &text[..text.len() - 40]).unwrap();
    let err = refused(&national, "016", &a);
    assert!(
        err.contains("line 3: the last line has no newline"),
        "{err}"
    );

    // Cut at a line: shorter than what was harvested.
    let two: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    fs::write(a.data.join("ledger.jsonl"), two).unwrap();
    let err = refused(&national, "016", &a);
    assert!(
        err.contains("its ledger has 2 entries but 3 were harvested already"),
        "{err}"
    );
    assert!(err.contains("the ledger was truncated"), "{err}");
    assert_verifies(&national);
}

#[test]
fn a_file_that_does_not_match_its_ledger_entry_is_refused_naming_entry_and_file() {
    let a = county("Treasury A");
    let e = entries(&a)
        .into_iter()
        .find(|e| e.kind == "expenditure")
        .unwrap();
    let csv = e.path(&a.data, "data.csv");
    let mut bytes = fs::read(&csv).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    fs::write(&csv, bytes).unwrap();
    let (_dir, national) = national_dir();
    let err = refused(&national, "016", &a);
    assert!(
        err.contains("ledger entry 3 (expenditure-2025-09 v1), file data.csv:"),
        "{err}"
    );
    assert!(
        err.contains("the file does not match its ledger entry"),
        "{err}"
    );
    assert_nothing_of(&national, "016");
}

#[test]
fn a_county_that_rewrote_an_old_version_is_refused_though_its_own_chain_holds() {
    let a = county("Treasury A");
    let (_dir, national) = national_dir();
    harvest_ok(&national, "016", &a);

    // The county changes projects v1 and re-seals every entry after it: its own ledger
    // verifies, but entry 2 is not the one the nation holds.
    let mut rewritten = Vec::new();
    let mut prev = disclose::store::ledger::GENESIS.to_string();
    for mut e in entries(&a) {
        if e.seq == 2 {
            e.body.rows += 1;
        }
        e.body.prev_hash = prev;
        let sealed = e.body.seal();
        prev = sealed.hash.clone();
        rewritten.push(sealed.to_line() + "\n");
    }
    fs::write(a.data.join("ledger.jsonl"), rewritten.concat()).unwrap();
    assert!(
        parse(&a.ledger()).1.is_empty(),
        "the county's own chain holds"
    );

    let err = refused(&national, "016", &a);
    assert!(
        err.contains("ledger entry 2 (projects v1) is not the one harvested"),
        "{err}"
    );
    assert!(err.contains("versions never change"), "{err}");
    assert_verifies(&national);
}

#[test]
fn a_county_code_that_collides_with_another_is_refused() {
    let (a, b) = (county("Treasury A"), county("Treasury B"));
    let (_dir, national) = national_dir();
    harvest_ok(&national, "016", &a);

    // Another county under a code already held.
    let err = refused(&national, "016", &b);
    assert!(err.contains("the code is held by another county"), "{err}");
    assert!(
        err.contains("by Treasury A") && err.contains("by Treasury B"),
        "{err}"
    );

    // The same county under a second code.
    let err = refused(&national, "017", &a);
    assert!(
        err.contains("it is the county already harvested as 016"),
        "{err}"
    );
    assert_nothing_of(&national, "017");

    // One code twice on one command line: refused before anything is read.
    let out = cli(
        &national,
        &[
            "harvest",
            &format!("047={}", a.data.display()),
            &format!("047={}", b.data.display()),
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("county 047 is given twice"),
        "{}",
        stderr(&out)
    );
    assert_nothing_of(&national, "047");
    assert_verifies(&national);
}

#[test]
fn a_second_harvest_waits_for_the_first() {
    let a = county("Treasury A");
    let (_dir, national) = national_dir();
    fs::create_dir_all(&national).unwrap();
    // This test is the first harvest: it holds the lock.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(national.join(".lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .arg("--national-dir")
        .arg(&national)
        .args(["harvest", &format!("016={}", a.data.display())])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the second harvest waits"
    );
    assert!(
        !national.join("ledger.jsonl").exists(),
        "and writes nothing meanwhile"
    );
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("waiting: another harvest holds"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("county 016: 3 new versions"),
        "{}",
        stdout(&out)
    );

    // Two real harvests at once: both land, chained one after the other.
    let (b, c) = (county("Treasury B"), county("Treasury C"));
    let spawn = |code: &str, env: &Env| {
        Command::new(env!("CARGO_BIN_EXE_disclose"))
            .arg("--national-dir")
            .arg(&national)
            .args(["harvest", &format!("{code}={}", env.data.display())])
            .output()
    };
    let (one, two) = std::thread::scope(|s| {
        let one = s.spawn(|| spawn("047", &b).unwrap());
        let two = s.spawn(|| spawn("022", &c).unwrap());
        (one.join().unwrap(), two.join().unwrap())
    });
    assert!(
        one.status.success() && two.status.success(),
        "{}{}",
        stderr(&one),
        stderr(&two)
    );
    assert_eq!(read(&national.join("ledger.jsonl")).lines().count(), 3);
    assert_verifies(&national);
}

/// A county directory that stops answering after `files` files.
struct Vanishing {
    inner: Directory,
    files: usize,
    opened: std::cell::Cell<usize>,
}

impl Source for Vanishing {
    fn location(&self) -> String {
        self.inner.location()
    }
    fn ledger(&self) -> io::Result<Vec<u8>> {
        self.inner.ledger()
    }
    fn open(&self, dataset: &str, version: u32, file: &str) -> io::Result<Box<dyn Read + '_>> {
        self.opened.set(self.opened.get() + 1);
        if self.opened.get() > self.files {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "the county's disk went away",
            ));
        }
        self.inner.open(dataset, version, file)
    }
}

#[test]
fn a_source_that_disappears_half_way_leaves_nothing_half_written() {
    let (a, b) = (county("Treasury A"), county("Treasury B"));
    let (_dir, national) = national_dir();
    harvest_ok(&national, "047", &b);
    let before = read(&national.join("ledger.jsonl"));
    let vanishing = CountySource {
        code: "016".into(),
        source: Box::new(Vanishing {
            inner: Directory(a.data.clone()),
            files: 5,
            opened: 0.into(),
        }),
    };
    let err = harvest_sources(&national, &[vanishing])
        .remove(0)
        .unwrap_err()
        .to_string();
    // The sixth file, whichever it is in this build (GDAL adds formats).
    let (e, f) = entries(&a)
        .into_iter()
        .flat_map(|e| e.files.clone().into_iter().map(move |f| (e.clone(), f)))
        .nth(5)
        .unwrap();
    assert!(
        err.contains(&format!(
            "ledger entry {} ({} v{}), file {}: cannot fetch it (the county's disk went away)",
            e.seq, e.dataset, e.version, f.path
        )),
        "{err}"
    );
    assert!(
        err.contains("the source disappeared or is unreachable"),
        "{err}"
    );
    assert_nothing_of(&national, "016");
    assert_eq!(read(&national.join("ledger.jsonl")), before);
    assert_verifies(&national);

    // Back again, it harvests whole.
    harvest_ok(&national, "016", &a);
    assert_verifies(&national);
}

#[test]
fn a_harvest_killed_at_any_point_leaves_a_store_that_verifies_and_a_next_harvest_completes() {
    for (point, committed) in [
        ("harvest-staged-file", false),
        ("harvest-torn-ledger", false),
        ("harvest-committed", true),
        ("harvest-moving", true),
        ("harvest-manifests", true),
    ] {
        let (a, b) = (county("Treasury A"), county("Treasury B"));
        let (_dir, national) = national_dir();
        harvest_ok(&national, "047", &b);
        let out = cli(
            &national,
            &["harvest", &format!("016={}", a.data.display())],
            &[("DISCLOSE_FAILPOINT", point)],
        );
        assert!(
            !out.status.success(),
            "the harvest should have died at {point}"
        );

        let verified = cli(&national, &["verify", "--national"], &[]);
        assert!(
            verified.status.success(),
            "verify after a kill at {point}: {}{}",
            stdout(&verified),
            stderr(&verified)
        );
        let said = stdout(&verified);
        if committed {
            assert!(
                said.contains("recovered: finished the interrupted harvest of county 016"),
                "{point}: {said}"
            );
            assert!(
                said.contains("ok: 2 harvests of 2 counties"),
                "{point}: {said}"
            );
            assert_eq!(
                manifest::read(&national.join("expenditure-current.parquet"))
                    .unwrap()
                    .len(),
                2
            );
        } else {
            assert!(
                said.contains("recovered: discarded an uncommitted harvest of county 016"),
                "{point}: {said}"
            );
            assert!(
                said.contains("ok: 1 harvests of 1 counties"),
                "{point}: {said}"
            );
            assert_nothing_of(&national, "016");
        }

        let again = harvest_ok(&national, "016", &a);
        assert_eq!(
            matches!(again, Harvested::UpToDate { .. }),
            committed,
            "{point}: {again:?}"
        );
        assert_verifies(&national);
    }
}

#[test]
fn verify_national_finds_a_changed_copy_a_wrong_manifest_an_extra_file_and_an_edited_ledger() {
    let (a, b) = (county("Treasury A"), county("Treasury B"));
    let (_dir, national) = national_dir();
    harvest_sources(&national, &[source("016", &a), source("047", &b)]);
    restate(&a, "Treasury A");
    harvest_ok(&national, "016", &a);
    assert_verifies(&national);

    let copy = national.join("expenditure/county=047/period=2025-09/v=1/data.csv");
    let mut bytes = fs::read(&copy).unwrap();
    bytes[10] ^= 1;
    fs::write(&copy, bytes).unwrap();
    // A stale manifest, as the first two harvests gave it: v1 of 016's restated September.
    let lines = read(&national.join("ledger.jsonl"));
    let first_two = &disclose::national::ledger::parse(&lines).0[..2];
    manifest::write(&national, first_two, &["expenditure"]).unwrap();
    fs::write(
        national.join("expenditure/county=016/period=2025-09/v=9.csv"),
        "x",
    )
    .unwrap();

    let out = cli(&national, &["verify", "--national"], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("FAIL county 047, expenditure/county=047/period=2025-09/v=1/data.csv:")
            && err.contains("the file was changed"),
        "{err}"
    );
    assert!(
        err.contains("expenditure-current.parquet: 2 rows where the national ledger gives 2; row 1 is county 016 period 2025-09 v1"),
        "{err}"
    );
    assert!(
        err.contains("v=9.csv: extra file, not in the national ledger"),
        "{err}"
    );

    // An edited national ledger line.
    let text = read(&national.join("ledger.jsonl")).replacen(
        "\"county\":\"047\"",
        "\"county\":\"048\"",
        1,
    );
    fs::write(national.join("ledger.jsonl"), text).unwrap();
    let err = stderr(&cli(&national, &["verify", "--national"], &[]));
    assert!(err.contains("ledger.jsonl line 2: hash mismatch"), "{err}");
}

#[test]
fn a_county_harvests_from_its_public_site_as_from_its_data_directory() {
    let (a, b) = (county("Treasury A"), county("Treasury B"));
    let site = crate::web::start(a.data.clone());
    let (_d1, by_url) = national_dir();
    let (_d2, by_dir) = national_dir();
    let out = cli(&by_url, &["harvest", &format!("016={site}")], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("county 016: 3 new versions"),
        "{}",
        stdout(&out)
    );
    harvest_ok(&by_dir, "016", &a);

    let lines = read(&by_url.join("ledger.jsonl"));
    let line = &disclose::national::ledger::parse(&lines).0[0];
    assert_eq!(line.source, site);
    let files: Vec<&str> = line
        .added
        .iter()
        .flat_map(|a| &a.files)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        files.len(),
        entries(&a).iter().map(|e| e.files.len()).sum::<usize>()
    );
    for f in files {
        assert_eq!(
            fs::read(by_url.join(f)).unwrap(),
            fs::read(by_dir.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(
        read(&by_url.join("_ledgers/016/ledger.jsonl")),
        read(&by_dir.join("_ledgers/016/ledger.jsonl"))
    );
    for kind in ["wards", "projects", "expenditure"] {
        let name = format!("{kind}-current.parquet");
        assert_eq!(
            manifest::read(&by_url.join(&name)).unwrap(),
            manifest::read(&by_dir.join(&name)).unwrap()
        );
    }
    assert_verifies(&by_url);

    // A site serving a file that does not match its ledger is refused like a directory.
    let e = entries(&b)
        .into_iter()
        .find(|e| e.kind == "projects")
        .unwrap();
    let geojson = e.path(&b.data, "data.geojson");
    let text = read(&geojson).replacen("\"type\"", "\"TYPE\"", 1);
    fs::write(&geojson, text).unwrap();
    let site = crate::web::start(b.data.clone());
    let out = cli(&by_url, &["harvest", &format!("047={site}")], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: county 047 ({site}): ledger entry 2 (projects v1), file data.geojson:"
        )),
        "{err}"
    );
    assert!(
        err.contains("harvest: every county was refused; nothing was written"),
        "{err}"
    );
    assert_nothing_of(&by_url, "047");

    // A site that is not there.
    let out = cli(&by_url, &["harvest", "022=http://127.0.0.1:9"], &[]);
    assert!(
        stderr(&out).contains("county 022 (http://127.0.0.1:9): cannot read its ledger"),
        "{}",
        stderr(&out)
    );
    assert_verifies(&by_url);
}

#[test]
fn demo_counties_are_separate_instances_with_their_own_names_seeds_sizes_and_patterns_harvested() {
    use disclose::demo::counties;
    let dir = tempfile::tempdir().unwrap();
    let (home, national) = (dir.path().join("counties"), dir.path().join("national"));
    let list = counties::counties(2, 42, 1).unwrap();
    assert_eq!(
        list.iter()
            .map(|c| (c.code.as_str(), c.name.as_str(), c.seed, c.scale))
            .collect::<Vec<_>>(),
        [
            ("901", "Mlima County", 42, 1),
            ("902", "Ziwani County", 43, 2)
        ]
    );
    let started = std::time::Instant::now();
    let summary = counties::run(
        &protocol(),
        &repo().join("pipelines"),
        &home,
        &national,
        &list,
    )
    .unwrap();
    eprintln!(
        "two demo counties built and harvested in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(summary.contains("county 901: 66 new versions"), "{summary}");
    assert!(summary.contains("county 902: 66 new versions"), "{summary}");

    let package = |code: &str| -> serde_json::Value {
        let path = national.join(format!("wards/county={code}/v=1/datapackage.json"));
        serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
    };
    assert_eq!(
        package("901")["disclose"]["jurisdiction"],
        "Mlima County (synthetic demonstration)"
    );
    assert_eq!(
        package("902")["disclose"]["jurisdiction"],
        "Ziwani County (synthetic demonstration)"
    );
    let planted = |code: &str| read(&home.join(code).join("inbox/planted.json"));
    assert_ne!(
        planted("901"),
        planted("902"),
        "each county plants its own patterns"
    );
    let rows = manifest::read(&national.join("expenditure-current.parquet")).unwrap();
    let paid = |code: &str| {
        rows.iter()
            .filter(|r| r.county == code)
            .map(|r| r.rows)
            .sum::<u64>()
    };
    assert!(
        paid("902") > paid("901") * 3 / 2,
        "sizes differ: {} and {}",
        paid("901"),
        paid("902")
    );
    assert_verifies(&national);

    // Again: the counties are kept, and nothing new is harvested.
    let again = counties::run(
        &protocol(),
        &repo().join("pipelines"),
        &home,
        &national,
        &list,
    )
    .unwrap();
    assert!(again.contains("county 901: up to date"), "{again}");
    assert_eq!(read(&national.join("ledger.jsonl")).lines().count(), 2);
    assert!(counties::counties(0, 42, 1).is_err() && counties::counties(48, 42, 1).is_err());
    // As many as Kenya has counties, each its own name and code.
    let all = counties::counties(47, 42, 1).unwrap();
    let names: std::collections::BTreeSet<_> = all.iter().map(|c| &c.name).collect();
    assert_eq!((names.len(), all[46].code.as_str()), (47, "947"));
}

#[test]
fn a_county_with_an_empty_ledger_or_none_is_refused() {
    let empty = Env::new();
    fs::create_dir_all(&empty.data).unwrap();
    fs::write(empty.data.join("ledger.jsonl"), "").unwrap();
    let (_dir, national) = national_dir();
    let err = refused(&national, "016", &empty);
    assert!(err.contains("its ledger has no entries"), "{err}");
    fs::remove_file(empty.data.join("ledger.jsonl")).unwrap();
    let err = refused(&national, "016", &empty);
    assert!(err.contains("cannot read its ledger ("), "{err}");
    assert!(err.contains("ledger.jsonl: No such file"), "{err}");
    assert_nothing_of(&national, "016");
}
