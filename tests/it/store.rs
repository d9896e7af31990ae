//! The store: layout, the ledger, no-op republishing, verify against tampering, crash
//! safety at every step of a publish, and row-level diffs.

use disclose::pipeline::Outcome;
use disclose::store::verify::verify;

use crate::support::{EXPENDITURE_HEADER, Env, fixture, payment, stderr, stdout};

fn publish_month(env: &Env, rows: &[String]) -> disclose::pipeline::Report {
    let mut text = String::from(EXPENDITURE_HEADER);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    let file = env.write("payments.csv", text + "\n");
    env.ingest("ifmis-expenditure-csv", &[&file], None)
}

#[test]
fn a_publish_writes_every_format_and_one_chained_ledger_entry() {
    let env = Env::with_registers();
    let store = env.store();
    let projects = store.latest("projects").unwrap();
    let names: Vec<&str> = projects.files.iter().map(|f| f.path.as_str()).collect();
    let gis: &[&str] = if cfg!(feature = "gdal") {
        &["data.gpkg", "data.fgb", "data.kml", "data.shp.zip"]
    } else {
        &[]
    };
    assert_eq!(
        names,
        [
            &["data.parquet", "data.csv", "data.geojson"],
            gis,
            &["oc4ids.json", "datapackage.json", "aggregates.parquet"]
        ]
        .concat()
    );
    let wards = store.latest("wards").unwrap();
    assert_eq!((wards.seq, projects.seq), (1, 2));
    assert_eq!(projects.prev_hash, wards.hash);
    assert_eq!(projects.rows, 3);
    assert_eq!(projects.pipeline.as_deref(), Some("project-register-csv"));
    assert_eq!(projects.sources[0].name, "projects.csv");
    for f in &projects.files {
        let (sha, bytes) =
            disclose::store::hash_file(&store.version_dir("projects", 1).join(&f.path)).unwrap();
        assert_eq!(
            (sha.as_str(), bytes),
            (f.sha256.as_str(), f.bytes),
            "{}",
            f.path
        );
    }
    let package: serde_json::Value =
        serde_json::from_slice(&store.read_file(projects, "datapackage.json").unwrap()).unwrap();
    assert_eq!(package["resources"][0]["path"], "data.csv");
    assert_eq!(
        package["resources"][0]["hash"],
        format!("sha256:{}", projects.file("data.csv").unwrap().sha256)
    );
    assert_eq!(
        package["disclose"]["foreign_keys"][0]["reference"]["dataset"],
        "wards"
    );
    assert!(package["title"].as_str().unwrap().contains("SYNTHETIC"));
}

#[test]
fn a_projects_version_carries_an_oc4ids_project_package_in_its_ledger_entry() {
    let env = Env::with_registers();
    let store = env.store();
    let projects = store.latest("projects").unwrap();
    let record = projects
        .file("oc4ids.json")
        .expect("oc4ids.json in the ledger entry");
    let path = store.version_dir("projects", 1).join("oc4ids.json");
    let (sha, bytes) = disclose::store::hash_file(&path).unwrap();
    assert_eq!(
        (sha.as_str(), bytes),
        (record.sha256.as_str(), record.bytes)
    );

    let package: serde_json::Value =
        serde_json::from_slice(&store.read_file(projects, "oc4ids.json").unwrap()).unwrap();
    assert_eq!(package["version"], "0.9");
    assert_eq!(package["uri"], "/datasets/projects/v/1/oc4ids.json");
    assert_eq!(package["publishedDate"], projects.published_at.as_str());
    assert_eq!(
        package["publisher"]["name"],
        "Mlima County Government (synthetic)"
    );
    let list = package["projects"].as_array().unwrap();
    assert_eq!(
        list.len() as u64,
        projects.rows,
        "one OC4IDS project a register row"
    );

    // MLM-RD-0001: under way, its contract varied from 12.5 to 13.1 million.
    let road = &list[0];
    assert_eq!(road["id"], "oc4ids-kemlim-MLM-RD-0001");
    assert_eq!(road["status"], "implementation");
    assert_eq!(road["sector"], serde_json::json!(["transport.road"]));
    assert_eq!(road["locations"][0]["geometry"]["type"], "LineString");
    assert_eq!(road["locations"][0]["address"]["locality"], "MLM-01");
    assert_eq!(
        road["budget"]["amount"],
        serde_json::json!({"amount": 14000000, "currency": "KES"})
    );
    let process = &road["contractingProcesses"][0];
    assert_eq!(process["id"], "MLM/RD/2025-26/001");
    assert_eq!(process["summary"]["status"], "active");
    assert_eq!(
        process["summary"]["contractValue"],
        serde_json::json!({"amount": 12500000, "currency": "KES"})
    );
    assert_eq!(
        process["summary"]["suppliers"][0]["name"],
        "Jabali Contractors Ltd"
    );
    assert_eq!(
        process["summary"]["modifications"][0]["newContractValue"]["amount"],
        13100000
    );
    assert!(process["summary"].get("finalValue").is_none());
    let documents: Vec<&str> = road["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["url"].as_str().unwrap())
        .collect();
    assert!(documents.contains(&"/datasets/projects/v/1/data.csv"));
    assert!(documents.contains(&"/datasets/projects/v/1/datapackage.json"));

    // MLM-WT-0002: completed, so its contract is closed at its final value.
    let borehole = &list[1];
    assert_eq!(borehole["status"], "completion");
    assert_eq!(borehole["completion"]["endDate"], "2025-11-30T00:00:00Z");
    let summary = &borehole["contractingProcesses"][0]["summary"];
    assert_eq!(summary["status"], "closed");
    assert_eq!(summary["finalValue"]["amount"], 4200000);
    assert!(summary.get("modifications").is_none());

    // MLM-HL-0003: no contract yet, no location: neither is invented.
    let dispensary = &list[2];
    assert!(dispensary.get("contractingProcesses").is_none());
    assert!(dispensary["locations"][0].get("geometry").is_none());

    // The datapackage lists it among the other formats.
    let datapackage: serde_json::Value =
        serde_json::from_slice(&store.read_file(projects, "datapackage.json").unwrap()).unwrap();
    assert!(
        datapackage["disclose"]["other_formats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "oc4ids.json" && r["mediatype"] == "application/json")
    );

    // A flipped byte is caught by verify, naming the file.
    let original = std::fs::read(&path).unwrap();
    let mut edited = original.clone();
    edited[original.len() / 2] ^= 0x01;
    std::fs::write(&path, &edited).unwrap();
    let report = verify(&env.data).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("oc4ids.json") && p.contains("the file was changed")),
        "{:?}",
        report.problems
    );
    std::fs::write(&path, &original).unwrap();
    assert!(verify(&env.data).unwrap().is_clean());
}

#[test]
fn spatial_parquet_is_geoparquet_with_a_bounding_box() {
    let env = Env::with_registers();
    let store = env.store();
    let file = std::fs::File::open(store.version_dir("projects", 1).join("data.parquet")).unwrap();
    let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
    use parquet::file::reader::FileReader;
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 3);
    let geo = meta
        .key_value_metadata()
        .unwrap()
        .iter()
        .find(|kv| kv.key == "geo")
        .and_then(|kv| kv.value.clone())
        .expect("geo metadata");
    let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["columns"]["geometry"]["encoding"], "WKB");
    assert_eq!(
        geo["columns"]["geometry"]["bbox"],
        serde_json::json!([37.12, -1.68, 37.25, -1.65])
    );
    assert_eq!(
        geo["columns"]["geometry"]["geometry_types"],
        serde_json::json!(["LineString", "Point"])
    );
}

#[test]
fn spatial_parquet_has_a_bbox_covering_column_last() {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::Float64Type;
    let env = Env::with_registers();
    let store = env.store();
    let file = std::fs::File::open(store.version_dir("projects", 1).join("data.parquet")).unwrap();
    let builder =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let geo = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .iter()
        .find(|kv| kv.key == "geo")
        .and_then(|kv| kv.value.clone())
        .expect("geo metadata");
    let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
    assert_eq!(
        geo["columns"]["geometry"]["covering"],
        serde_json::json!({"bbox": {
            "xmin": ["bbox", "xmin"],
            "ymin": ["bbox", "ymin"],
            "xmax": ["bbox", "xmax"],
            "ymax": ["bbox", "ymax"],
        }})
    );
    // Every schema field in its order, then the bbox column, which is no schema field.
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let package: serde_json::Value = serde_json::from_slice(
        &std::fs::read(store.version_dir("projects", 1).join("datapackage.json")).unwrap(),
    )
    .unwrap();
    let mut fields: Vec<String> = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    fields.push("bbox".into());
    assert_eq!(names, fields);
    let batch = builder.build().unwrap().next().unwrap().unwrap();
    let bbox = batch.column_by_name("bbox").unwrap().as_struct();
    let corners = |row: usize| -> Option<Vec<f64>> {
        bbox.is_valid(row).then(|| {
            ["xmin", "ymin", "xmax", "ymax"]
                .iter()
                .map(|f| {
                    bbox.column_by_name(f)
                        .unwrap()
                        .as_primitive::<Float64Type>()
                        .value(row)
                })
                .collect()
        })
    };
    // The road's line, the borehole's point, and the dispensary with no location.
    assert_eq!(corners(0), Some(vec![37.12, -1.68, 37.18, -1.65]));
    assert_eq!(corners(1), Some(vec![37.25, -1.65, 37.25, -1.65]));
    assert_eq!(corners(2), None);
}

#[test]
fn republishing_identical_content_is_a_no_op_that_says_so() {
    let env = Env::with_registers();
    let before = env.ledger();
    let report = env.ingest("project-register-csv", &[&fixture("projects.csv")], None);
    assert!(
        matches!(report.outcome, Some(Outcome::Unchanged { version: 1, .. })),
        "{:?}",
        report.outcome
    );
    assert_eq!(env.ledger(), before);
    let out = env.cli(&[
        "ingest",
        "--pipeline",
        "pipelines/project-register-csv.toml",
        fixture("projects.csv").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("unchanged: the content equals projects v1; nothing published"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_clean_store_verifies() {
    let env = Env::with_registers();
    let report = verify(&env.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    let per_version = if cfg!(feature = "gdal") { 8 } else { 4 };
    // The projects version has an oc4ids.json besides, and the dashboard aggregates (the
    // red flags read projects; wards feed no dashboard).
    assert_eq!((report.entries, report.files), (2, 2 * per_version + 2));
}

#[test]
fn editing_any_single_byte_of_any_published_file_fails_verify_naming_the_file() {
    let env = Env::with_registers();
    let store = env.store();
    for entry in store.entries() {
        for f in &entry.files {
            let path = store
                .version_dir(&entry.dataset, entry.version)
                .join(&f.path);
            let original = std::fs::read(&path).unwrap();
            for at in [0, original.len() / 2, original.len() - 1] {
                let mut edited = original.clone();
                edited[at] ^= 0x01;
                std::fs::write(&path, &edited).unwrap();
                let report = verify(&env.data).unwrap();
                assert!(
                    report
                        .problems
                        .iter()
                        .any(|p| p.contains(&path.display().to_string())
                            && p.contains("the file was changed")),
                    "byte {at} of {}: {:?}",
                    path.display(),
                    report.problems
                );
            }
            std::fs::write(&path, &original).unwrap();
        }
    }
    assert!(verify(&env.data).unwrap().is_clean());
}

#[test]
fn editing_any_single_byte_of_the_ledger_fails_verify_naming_the_line() {
    let env = Env::with_registers();
    let path = env.data.join("ledger.jsonl");
    let original = std::fs::read(&path).unwrap();
    // Every byte position: letters, digits, quotes, braces and the newlines too.
    for at in 0..original.len() {
        let mut edited = original.clone();
        edited[at] = if edited[at] == b'0' {
            b'1'
        } else if edited[at] == b'\n' {
            b' '
        } else {
            b'0'
        };
        std::fs::write(&path, &edited).unwrap();
        let report = verify(&env.data).unwrap();
        assert!(!report.is_clean(), "an edit at byte {at} went unnoticed");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("ledger.jsonl line")),
            "byte {at}: {:?}",
            report.problems
        );
    }
    std::fs::write(&path, &original).unwrap();
    assert!(verify(&env.data).unwrap().is_clean());
}

#[test]
fn reordered_and_truncated_ledgers_fail_verify() {
    let env = Env::with_registers();
    let path = env.data.join("ledger.jsonl");
    let original = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    std::fs::write(&path, format!("{}\n{}\n", lines[1], lines[0])).unwrap();
    let report = verify(&env.data).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("broken chain")),
        "{:?}",
        report.problems
    );
    std::fs::write(&path, format!("{}\n", lines[0])).unwrap();
    let report = verify(&env.data).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("projects/v1: extra version, not in the ledger")),
        "{:?}",
        report.problems
    );
    std::fs::write(&path, &original[..original.len() - 10]).unwrap();
    let report = verify(&env.data).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("line 2") && p.contains("truncated")),
        "{:?}",
        report.problems
    );
}

#[test]
fn missing_and_extra_files_fail_verify() {
    let env = Env::with_registers();
    let dir = env.store().version_dir("projects", 1);
    std::fs::rename(dir.join("data.geojson"), env.dir.path().join("moved")).unwrap();
    std::fs::write(dir.join("notes.txt"), "added").unwrap();
    let report = verify(&env.data).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("data.geojson") && p.contains("ledger line 2 records it")),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("notes.txt: extra file")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_verify_command_exits_non_zero_and_says_where() {
    let env = Env::with_registers();
    assert!(env.cli(&["verify"]).status.success());
    let csv = env.store().version_dir("wards", 1).join("data.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes[10] ^= 0x20;
    std::fs::write(&csv, bytes).unwrap();
    let out = env.cli(&["verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("wards/v1/data.csv: sha256"),
        "{}",
        stderr(&out)
    );
}

/// Runs a publish that aborts at `point`, then checks the store is readable and verifies clean.
fn crash_at(point: &str) -> Env {
    let env = Env::with_registers();
    let out = env.cli_env(
        &[
            "ingest",
            "--pipeline",
            "pipelines/ifmis-expenditure-csv.toml",
            fixture("expenditure.csv").to_str().unwrap(),
        ],
        &[("DISCLOSE_FAILPOINT", point)],
    );
    assert!(
        !out.status.success(),
        "the process should have died at {point}"
    );
    let verified = env.cli(&["verify"]);
    assert!(
        verified.status.success(),
        "verify after a crash at {point}: {}{}",
        stdout(&verified),
        stderr(&verified)
    );
    env
}

#[test]
fn a_crash_after_staging_publishes_nothing_and_verifies_clean() {
    let env = crash_at("staged");
    assert!(env.store().latest("expenditure-2025-09").is_none());
    assert_eq!(
        std::fs::read_dir(env.data.join(".staging"))
            .unwrap()
            .count(),
        0,
        "the staged version was discarded"
    );
}

#[test]
fn a_crash_while_appending_to_the_ledger_publishes_nothing_and_verifies_clean() {
    let env = crash_at("torn-ledger");
    assert!(env.store().latest("expenditure-2025-09").is_none());
    assert_eq!(env.store().entries().len(), 2);
}

#[test]
fn a_crash_after_the_ledger_commit_finishes_the_publish_on_next_open() {
    let env = crash_at("committed");
    let store = env.store();
    let entry = store
        .latest("expenditure-2025-09")
        .expect("the committed version");
    assert!(
        store
            .version_dir(&entry.dataset, 1)
            .join("data.parquet")
            .exists()
    );
}

#[test]
fn a_publish_after_a_crash_continues_the_chain() {
    let env = crash_at("torn-ledger");
    env.ingest_ok(
        "ifmis-expenditure-csv",
        &[&fixture("expenditure.csv")],
        None,
    );
    assert!(verify(&env.data).unwrap().is_clean());
    assert_eq!(env.store().entries().len(), 3);
}

#[test]
fn a_diff_shows_added_removed_and_changed_rows_by_key() {
    let env = Env::with_registers();
    let v1 = [
        payment("PV1", "A Ltd", "1.00"),
        payment("PV2", "B Ltd", "2.00"),
        payment("PV3", "C Ltd", "3.00"),
    ];
    assert!(matches!(
        publish_month(&env, &v1).outcome,
        Some(Outcome::Published { version: 1, .. })
    ));
    let v2 = [
        payment("PV1", "A Ltd", "1.00"),
        payment("PV2", "B Ltd", "2,500.00"),
        payment("PV4", "D Ltd", "4.00"),
    ];
    let report = publish_month(&env, &v2);
    assert!(
        matches!(report.outcome, Some(Outcome::Published { version: 2, .. })),
        "{}",
        report.summary(5)
    );

    let text = stdout(&env.cli(&["diff", "expenditure-2025-09", "1", "2"]));
    assert!(text.starts_with("expenditure-2025-09 v1 → v2: 1 added, 1 removed, 1 changed, 1 unchanged (key: voucher_id)"), "{text}");
    assert!(
        text.contains("~ PV2\n    amount: \"2\" → \"2500\""),
        "{text}"
    );
    assert!(text.contains("+ PV4") && text.contains("- PV3"), "{text}");

    let csv = stdout(&env.cli(&["diff", "expenditure-2025-09", "1", "2", "--format", "csv"]));
    assert!(
        csv.starts_with("change,key,field,old,new\nchanged,PV2,amount,2,2500\n"),
        "{csv}"
    );
    assert!(
        csv.contains("added,PV4,payee,,D Ltd") && csv.contains("removed,PV3,payee,C Ltd,"),
        "{csv}"
    );

    let json: serde_json::Value = serde_json::from_str(&stdout(&env.cli(&[
        "diff",
        "expenditure-2025-09",
        "1",
        "2",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        json["counts"],
        serde_json::json!({"added": 1, "removed": 1, "changed": 1, "unchanged": 1})
    );
}

#[test]
fn a_diff_of_an_unknown_version_says_which_versions_exist() {
    let env = Env::with_registers();
    let out = env.cli(&["diff", "projects", "1", "7"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("projects has no version 7; its versions are 1 to 1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn each_source_is_recorded_with_the_sha256_of_its_bytes() {
    let env = Env::with_registers();
    assert!(matches!(
        publish_month(&env, &[payment("PV1", "Acme Ltd", "1,000.00")]).outcome,
        Some(Outcome::Published { .. })
    ));
    let store = env.store();
    let entry = store.latest("expenditure-2025-09").unwrap();
    let (sha256, _) = disclose::store::hash_file(&env.dir.path().join("payments.csv")).unwrap();
    assert_eq!(entry.sources.len(), 1);
    assert_eq!(
        (
            entry.sources[0].name.as_str(),
            entry.sources[0].sha256.as_str()
        ),
        ("payments.csv", sha256.as_str())
    );
}
