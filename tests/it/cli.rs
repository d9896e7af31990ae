//! The command line as a user meets it: exit statuses, messages, `log` and `check`.

use crate::support::{Env, fixture, repo, stderr, stdout};

#[test]
fn a_rejected_ingest_exits_non_zero_and_prints_located_errors() {
    let env = Env::with_registers();
    let file = env.write("bad.csv", "Payment Date,PV No\n01/09/2025,PV1\n");
    let report = env.dir.path().join("report.json");
    let out = env.cli(&[
        "ingest",
        "--pipeline",
        "pipelines/ifmis-expenditure-csv.toml",
        file.to_str().unwrap(),
        "--report-json",
        report.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    // Every column the pipeline reads and the file lacks is named, each on its own line
    // after the file's path; there are no other errors.
    let spec = crate::support::pipeline("ifmis-expenditure-csv");
    let missing: Vec<&str> = spec
        .source_columns()
        .into_iter()
        .filter(|c| !["Payment Date", "PV No"].contains(c))
        .collect();
    assert!(missing.contains(&"Payee Name"), "{missing:?}");
    for column in &missing {
        let line = format!(
            "error: {}: column `{column}` is missing [missing_column]\n",
            file.display()
        );
        assert!(err.contains(&line), "{line} in:\n{err}");
    }
    assert_eq!(err.matches("error: ").count(), missing.len(), "{err}");
    assert!(err.contains("rejected: nothing was published"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    assert_eq!(json["outcome"]["status"], "rejected");
    assert_eq!(
        json["error_count"].as_u64().unwrap() as usize,
        missing.len()
    );
    assert_eq!(json["issues"][0]["rule"], "missing_column");
}

#[test]
fn an_ingest_prints_what_it_published() {
    let env = Env::with_registers();
    let out = env.cli(&[
        "ingest",
        "--pipeline",
        "pipelines/ifmis-expenditure-csv.toml",
        fixture("expenditure.csv").to_str().unwrap(),
        "--publisher",
        "County Treasury",
        "--note",
        "first",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "published expenditure-2025-09 v1 (4 rows)\n");
    let log = stdout(&env.cli(&["log", "expenditure-2025-09"]));
    assert!(
        log.contains("expenditure-2025-09")
            && log.contains("County Treasury")
            && log.contains("note: first"),
        "{log}"
    );
}

#[test]
fn a_missing_input_file_is_an_error_that_names_it() {
    let env = Env::with_registers();
    let out = env.cli(&[
        "ingest",
        "--pipeline",
        "pipelines/ifmis-expenditure-csv.toml",
        "no-such.csv",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot read no-such.csv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_period_says_what_form_is_expected() {
    let env = Env::with_registers();
    let out = env.cli(&[
        "ingest",
        "--pipeline",
        "pipelines/ifmis-expenditure-csv.toml",
        fixture("expenditure.csv").to_str().unwrap(),
        "--period",
        "Sept 2025",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("period `Sept 2025` is not a month such as 2025-09"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn log_of_an_unknown_dataset_is_an_error() {
    let env = Env::with_registers();
    let out = env.cli(&["log", "nothing-here"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no dataset `nothing-here`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_passes_on_the_shipped_protocol_and_pipelines() {
    let env = Env::new();
    let out = env.cli(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("ok: protocol (8 kinds)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_reports_every_pipeline_that_does_not_fit_the_protocol() {
    let env = Env::new();
    let dir = env.dir.path().join("pipelines");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(repo().join("pipelines")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let spec = dir.join("ifmis-expenditure-csv.toml");
    let text = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("[fields.payee_type]", "[fields.payee_typ]");
    std::fs::write(&spec, text).unwrap();
    let out = env.cli(&["check", "--pipelines", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("ifmis-expenditure-csv.toml: `fields.payee_typ`: kind `expenditure` has no field `payee_typ` (did you mean `payee_type`?)"), "{err}");
    assert!(
        err.contains("required field `payee_type` of kind `expenditure` is not filled"),
        "{err}"
    );
}

#[test]
fn a_missing_protocol_folder_says_how_to_point_at_one() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["--protocol", "/nonexistent", "check"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("DISCLOSE_PROTOCOL"),
        "{}",
        stderr(&out)
    );
}
