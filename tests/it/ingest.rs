//! Ingest: every broken input gets a clear, located error and publishes nothing; valid
//! messy exports publish.

use disclose::pipeline::Outcome;
use disclose::pipeline::report::Severity;

use crate::support::{EXPENDITURE_HEADER, Env, fixture, issues, payment, pipeline, rejected_with};

fn expenditure_file(env: &Env, rows: &[String]) -> std::path::PathBuf {
    let mut text = String::from(EXPENDITURE_HEADER);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    env.write("payments.csv", text)
}

/// Asserts nothing beyond the registers was published.
fn nothing_published(env: &Env, before: &str) {
    assert_eq!(env.ledger(), before, "the ledger changed");
    let staging = std::fs::read_dir(env.data.join(".staging"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(staging, 0, "a staged version was left behind");
}

#[test]
fn a_messy_ifmis_export_publishes_with_codes_split_and_amounts_parsed() {
    let env = Env::with_registers();
    env.ingest_ok(
        "ifmis-expenditure-csv",
        &[&fixture("expenditure.csv")],
        None,
    );
    let store = env.store();
    let entry = store
        .latest("expenditure-2025-09")
        .expect("the month's dataset");
    assert_eq!(entry.rows, 4);
    let csv = std::fs::read_to_string(store.version_dir("expenditure-2025-09", 1).join("data.csv"))
        .unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("payment_date,voucher_id,payee,payee_type,org_unit_code,org_unit")
    );
    let salaries = lines.next().unwrap();
    assert!(salaries.contains("2025-09-05,PV2025090000001,County Payroll Account,government,3711,Office of the Governor"), "{salaries}");
    assert!(
        salaries.contains("2110101,Basic Salaries - Permanent Employees"),
        "{salaries}"
    );
    assert!(
        salaries.contains(",4496770.06,equitable share"),
        "{salaries}"
    );
    assert!(
        csv.contains(",-12500,equitable share"),
        "accounting negatives parse: {csv}"
    );
}

#[test]
fn an_empty_file_is_refused_by_name() {
    let env = Env::with_registers();
    let before = env.ledger();
    let file = env.write("empty.csv", "");
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "empty_file");
    assert!(issue.file.ends_with("empty.csv"));
    assert!(issue.message.contains("is empty"), "{}", issue.message);
    nothing_published(&env, &before);
}

#[test]
fn a_header_without_rows_is_refused() {
    let env = Env::with_registers();
    let before = env.ledger();
    let file = expenditure_file(&env, &[]);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "no_rows");
    assert!(issue.message.contains("no data rows"));
    nothing_published(&env, &before);
}

#[test]
fn a_missing_column_is_named_with_the_closest_match() {
    let env = Env::with_registers();
    let before = env.ledger();
    let text = format!(
        "{}\n{}\n",
        EXPENDITURE_HEADER.replace("Payment Date", "Paymnt Date"),
        payment("PV1", "Ofisi Supplies Ltd", "100.00")
    );
    let file = env.write("payments.csv", text);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "missing_column");
    assert!(
        issue.message.contains("`Payment Date`"),
        "{}",
        issue.message
    );
    assert!(issue.hint.contains("`Paymnt Date`"), "{}", issue.hint);
    nothing_published(&env, &before);
}

#[test]
fn an_unknown_column_is_a_warning_and_is_not_published() {
    let env = Env::with_registers();
    let text = format!(
        "{EXPENDITURE_HEADER},Approver Phone\n{},0722 000 111\n",
        payment("PV1", "Ofisi Supplies Ltd", "100.00")
    );
    let file = env.write("payments.csv", text);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    assert!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "{}",
        report.summary(10)
    );
    let warning = &issues(&report, "unknown_column")[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("Approver Phone"));
    let csv = std::fs::read_to_string(
        env.store()
            .version_dir("expenditure-2025-09", 1)
            .join("data.csv"),
    )
    .unwrap();
    assert!(
        !csv.contains("0722"),
        "an unmapped column leaked into the published file"
    );
}

#[test]
fn a_ragged_row_is_located_by_line() {
    let env = Env::with_registers();
    let before = env.ledger();
    let file = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            "10/09/2025,PV2,short row".into(),
            payment("PV3", "B Ltd", "2.00"),
        ],
    );
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "ragged_row");
    assert_eq!(issue.line, Some(3));
    assert!(
        issue.message.contains("3 cells, the header has 14"),
        "{}",
        issue.message
    );
    nothing_published(&env, &before);
}

#[test]
fn an_unbalanced_quote_is_reported_with_a_hint_about_the_quote() {
    let env = Env::with_registers();
    let before = env.ledger();
    let broken = payment("PV2", "\"Unclosed Ltd", "2.00");
    let file = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            broken,
            payment("PV3", "B Ltd", "3.00"),
        ],
    );
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    assert!(matches!(report.outcome, Some(Outcome::Rejected)));
    let issue = report
        .issues
        .iter()
        .find(|i| i.line == Some(3))
        .expect("an issue at the line the quote opens");
    assert!(issue.hint.contains("quote"), "{issue}");
    nothing_published(&env, &before);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_transparently() {
    let env = Env::with_registers();
    let text = format!(
        "\u{feff}{EXPENDITURE_HEADER}\r\n{}\r\n",
        payment("PV1", "Ofisi Supplies Ltd", "1,000.00")
    );
    let file = env.write("payments.csv", text);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    assert!(
        matches!(report.outcome, Some(Outcome::Published { rows: 1, .. })),
        "{}",
        report.summary(10)
    );
    let csv = std::fs::read_to_string(
        env.store()
            .version_dir("expenditure-2025-09", 1)
            .join("data.csv"),
    )
    .unwrap();
    assert!(!csv.contains('\r') && !csv.contains('\u{feff}'));
}

#[test]
fn windows_1252_bytes_in_a_utf8_pipeline_are_refused_with_the_encoding_hint() {
    let env = Env::with_registers();
    let before = env.ledger();
    let mut bytes = format!("{EXPENDITURE_HEADER}\n").into_bytes();
    // "Ng’ang’a Traders" with Windows-1252 right single quotes (0x92).
    bytes.extend(
        payment("PV1", "Ng\u{1}ang\u{1}a Traders", "5.00")
            .replace('\u{1}', "\u{92}")
            .chars()
            .map(|c| if c == '\u{92}' { 0x92 } else { c as u8 }),
    );
    bytes.push(b'\n');
    let file = env.write("payments.csv", bytes);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "encoding");
    assert_eq!(issue.line, Some(2));
    assert!(issue.message.contains("0x92"), "{}", issue.message);
    assert!(issue.hint.contains("windows-1252"), "{}", issue.hint);
    nothing_published(&env, &before);
}

#[test]
fn a_windows_1252_pipeline_decodes_the_same_file() {
    let env = Env::with_registers();
    let mut bytes = format!("{EXPENDITURE_HEADER}\n").into_bytes();
    bytes.extend(
        payment("PV1", "Ng\u{1}ang\u{1}a Traders", "5.00")
            .chars()
            .map(|c| if c == '\u{1}' { 0x92 } else { c as u8 }),
    );
    let file = env.write("payments.csv", bytes);
    let mut spec = pipeline("ifmis-expenditure-csv");
    spec.reader.encoding = "windows-1252".into();
    let report = env.ingest_spec(&spec, &[&file], None);
    assert!(
        matches!(report.outcome, Some(Outcome::Published { .. })),
        "{}",
        report.summary(10)
    );
    let csv = std::fs::read_to_string(
        env.store()
            .version_dir("expenditure-2025-09", 1)
            .join("data.csv"),
    )
    .unwrap();
    assert!(csv.contains("Ng\u{2019}ang\u{2019}a Traders"), "{csv}");
}

#[test]
fn a_ten_megabyte_field_is_refused_without_exhausting_anything() {
    let env = Env::with_registers();
    let before = env.ledger();
    let huge = "x".repeat(10 << 20);
    let file = expenditure_file(&env, &[payment("PV1", &huge, "1.00")]);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "field_too_large");
    assert_eq!(issue.line, Some(2));
    assert!(issue.message.contains("`Payee Name`"), "{}", issue.message);
    assert!(issue.hint.contains("max_field_bytes"), "{}", issue.hint);
    nothing_published(&env, &before);
}

#[test]
fn a_wrong_sheet_name_lists_the_sheets_there_are() {
    let env = Env::with_registers();
    let before = env.ledger();
    let path = env.dir.path().join("budget.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Sheet1")
        .unwrap()
        .write_string(0, 0, "Vote")
        .unwrap();
    book.save(&path).unwrap();
    let report = env.ingest("approved-estimates-xlsx", &[&path], Some("2025-26"));
    let issue = rejected_with(&report, "sheet");
    assert!(
        issue.message.contains("no sheet named `Estimates`") && issue.message.contains("`Sheet1`"),
        "{}",
        issue.message
    );
    nothing_published(&env, &before);
}

#[test]
fn a_geojson_that_is_not_a_feature_collection_is_refused() {
    let env = Env::new();
    let file = env.write(
        "ward.geojson",
        r#"{"type": "Feature", "properties": {}, "geometry": null}"#,
    );
    let report = env.ingest("wards-geojson", &[&file], None);
    let issue = rejected_with(&report, "not_feature_collection");
    assert!(
        issue.message.contains("found `Feature`"),
        "{}",
        issue.message
    );
    assert!(env.ledger().is_empty());
}

#[test]
fn an_unclosed_polygon_is_located_by_feature() {
    let env = Env::new();
    let text = std::fs::read_to_string(fixture("wards.geojson"))
        .unwrap()
        .replacen(
            "[37.20, -1.60], [37.10, -1.60], [37.10, -1.70]]",
            "[37.20, -1.60], [37.10, -1.60]]",
            1,
        );
    let file = env.write("wards.geojson", text);
    let report = env.ingest("wards-geojson", &[&file], None);
    let issue = rejected_with(&report, "geometry");
    assert_eq!(issue.feature, Some(1));
    assert!(issue.message.contains("not closed"), "{}", issue.message);
    assert!(env.ledger().is_empty());
}

#[test]
fn a_self_intersecting_polygon_is_invalid() {
    let env = Env::new();
    let bowtie = "[[37.10, -1.70], [37.20, -1.60], [37.20, -1.70], [37.10, -1.60], [37.10, -1.70]]";
    let text = std::fs::read_to_string(fixture("wards.geojson"))
        .unwrap()
        .replacen(
            "[[37.10, -1.70], [37.20, -1.70], [37.20, -1.60], [37.10, -1.60], [37.10, -1.70]]",
            bowtie,
            1,
        );
    let file = env.write("wards.geojson", text);
    let issue = rejected_with(&env.ingest("wards-geojson", &[&file], None), "geometry").clone();
    assert!(
        issue.message.contains("invalid geometry"),
        "{}",
        issue.message
    );
}

#[test]
fn a_geometry_outside_the_jurisdiction_is_refused_with_a_swap_hint() {
    let env = Env::new();
    let text = std::fs::read_to_string(fixture("wards.geojson"))
        .unwrap()
        .replace(
            "[37.20, -1.70], [37.30, -1.70], [37.30, -1.60], [37.20, -1.60], [37.20, -1.70]",
            "[-1.70, 37.20], [-1.70, 37.30], [-1.60, 37.30], [-1.60, 37.20], [-1.70, 37.20]",
        );
    let file = env.write("wards.geojson", text);
    let issue = rejected_with(&env.ingest("wards-geojson", &[&file], None), "extent").clone();
    assert_eq!(issue.feature, Some(2));
    assert!(issue.hint.contains("swapped"), "{}", issue.hint);
}

#[test]
fn type_errors_name_the_line_the_column_and_the_value() {
    let env = Env::with_registers();
    let before = env.ledger();
    let bad_date = payment("PV1", "A Ltd", "1.00").replacen("10/09/2025", "31/02/2025", 1);
    let bad_amount = payment("PV2", "B Ltd", "12,34.5.6");
    let file = expenditure_file(&env, &[bad_date, bad_amount]);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let types = issues(&report, "type");
    assert_eq!(types.len(), 2, "{}", report.summary(10));
    assert_eq!(
        (
            types[0].line,
            types[0].column.as_deref(),
            types[0].field.as_deref(),
            types[0].value.as_deref()
        ),
        (
            Some(2),
            Some("Payment Date"),
            Some("payment_date"),
            Some("31/02/2025")
        )
    );
    assert_eq!(
        (
            types[1].line,
            types[1].column.as_deref(),
            types[1].value.as_deref()
        ),
        (Some(3), Some("Amount (KES)"), Some("12,34.5.6"))
    );
    assert!(types[0].hint.contains("date_format"));
    nothing_published(&env, &before);
}

#[test]
fn constraints_report_required_enum_and_pattern_with_their_rule() {
    let env = Env::with_registers();
    let before = env.ledger();
    let no_payee = payment("PV1", "", "1.00");
    let bad_type = payment("PV2", "A Ltd", "1.00").replacen(",CO,", ",XX,", 1);
    let bad_item =
        payment("PV3", "B Ltd", "1.00").replacen("2211101 - General", "22111 - General", 1);
    let file = expenditure_file(&env, &[no_payee, bad_type, bad_item]);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    assert_eq!(rejected_with(&report, "required").line, Some(2));
    let e = rejected_with(&report, "enum");
    assert_eq!((e.line, e.value.as_deref()), (Some(3), Some("XX")));
    assert!(
        e.hint.contains("individual, company, government, ngo"),
        "{}",
        e.hint
    );
    assert_eq!(rejected_with(&report, "pattern").line, Some(4));
    nothing_published(&env, &before);
}

#[test]
fn a_number_below_its_minimum_is_refused() {
    let env = Env::with_registers();
    let file = env.write("inspections.csv", "Project Code,Date of Inspection,Physical Progress,Inspected By,Remarks,Photo Ref\nMLM-RD-0001,01.10.2025,145%,Joyce Wafula,,\n");
    let issue = rejected_with(&env.ingest("inspections-csv", &[&file], None), "maximum").clone();
    assert!(
        issue.message.contains("145 is above the maximum 100"),
        "{}",
        issue.message
    );
}

#[test]
fn a_repeated_primary_key_points_at_the_first_row() {
    let env = Env::with_registers();
    let before = env.ledger();
    let file = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            payment("PV2", "B Ltd", "2.00"),
            payment("pv1", "C Ltd", "3.00"),
        ],
    );
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "primary_key");
    assert_eq!(issue.line, Some(4));
    assert!(
        issue.message.contains("(PV1) repeats the row at") && issue.message.ends_with(":2"),
        "{}",
        issue.message
    );
    nothing_published(&env, &before);
}

#[test]
fn a_key_repeated_in_a_second_file_names_the_first_file_and_every_repeat_is_counted() {
    let env = Env::with_registers();
    let before = env.ledger();
    let first = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            payment("PV2", "B Ltd", "2.00"),
        ],
    );
    let first = {
        let renamed = first.with_file_name("first.csv");
        std::fs::rename(&first, &renamed).unwrap();
        renamed
    };
    // Enough rows that the repeats fall in different groups of the key checks.
    let mut rows: Vec<String> = (3..200)
        .map(|n| payment(&format!("PV{n}"), "C Ltd", "3.00"))
        .collect();
    rows.insert(100, payment("PV2", "D Ltd", "4.00"));
    rows.push(payment("PV150", "E Ltd", "5.00"));
    let second = expenditure_file(&env, &rows);
    let report = env.ingest("ifmis-expenditure-csv", &[&first, &second], None);
    let repeats = issues(&report, "primary_key");
    assert_eq!(repeats.len(), 2, "{}", report.summary(10));
    assert_eq!(repeats[0].line, Some(102));
    assert!(
        repeats[0].message.contains("(PV2) repeats the row at")
            && repeats[0].message.ends_with("first.csv:3"),
        "{}",
        repeats[0].message
    );
    assert!(
        repeats[1].message.contains("(PV150) repeats the row at")
            && repeats[1].message.ends_with("payments.csv:150"),
        "{}",
        repeats[1].message
    );
    assert_eq!((report.rows_read, report.rows_valid), (2 + 199, 2 + 197));
    nothing_published(&env, &before);
}

#[test]
fn a_payment_to_an_unknown_project_breaks_the_foreign_key() {
    let env = Env::with_registers();
    let before = env.ledger();
    let row =
        payment("PV1", "A Ltd", "1.00").replacen(",,,,\"1.00\"", ",,MLM-XX-9999,,\"1.00\"", 1);
    let file = expenditure_file(&env, &[row]);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    let issue = rejected_with(&report, "foreign_key");
    assert!(
        issue.message.contains("no id `MLM-XX-9999` in projects v1"),
        "{}",
        issue.message
    );
    nothing_published(&env, &before);
}

#[test]
fn foreign_keys_need_the_referenced_dataset_published_first() {
    let env = Env::new();
    let report = env.ingest("project-register-csv", &[&fixture("projects.csv")], None);
    let issue = rejected_with(&report, "foreign_key");
    assert!(issue.hint.contains("publish wards first"), "{}", issue.hint);
}

#[test]
fn a_row_outside_the_declared_period_is_refused() {
    let env = Env::with_registers();
    let before = env.ledger();
    let file = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            payment("PV2", "B Ltd", "2.00").replacen("10/09/2025", "01/10/2025", 1),
        ],
    );
    let report = env.ingest("ifmis-expenditure-csv", &[&file], Some("2025-09"));
    let issue = rejected_with(&report, "period");
    assert_eq!(issue.line, Some(3));
    assert!(
        issue.message.contains(
            "belongs to period 2025-10, but this dataset is for 2025-09 (declared with --period)"
        ),
        "{}",
        issue.message
    );
    nothing_published(&env, &before);
}

#[test]
fn rows_spanning_two_months_are_refused_when_the_period_is_inferred() {
    let env = Env::with_registers();
    let file = expenditure_file(
        &env,
        &[
            payment("PV1", "A Ltd", "1.00"),
            payment("PV2", "B Ltd", "2.00").replacen("10/09/2025", "01/10/2025", 1),
        ],
    );
    let issue = rejected_with(
        &env.ingest("ifmis-expenditure-csv", &[&file], None),
        "period",
    )
    .clone();
    assert!(
        issue.message.contains("taken from the first row"),
        "{}",
        issue.message
    );
}

#[test]
fn every_error_is_counted_but_only_the_first_thousand_are_kept() {
    let env = Env::with_registers();
    let rows: Vec<String> = (0..1500)
        .map(|i| payment(&format!("PV{i}"), "", "1.00"))
        .collect();
    let file = expenditure_file(&env, &rows);
    let report = env.ingest("ifmis-expenditure-csv", &[&file], None);
    assert_eq!(report.error_count, 1500);
    assert_eq!(report.issues.len(), 1000);
    assert!(
        report.summary(5).contains("… and 1495 more"),
        "{}",
        report.summary(5)
    );
}

#[test]
fn personal_payees_are_pseudonymised_and_companies_are_named() {
    let env = Env::with_registers();
    let individual = payment("PV1", "Amina  Kamau", "14,000.00").replacen(",CO,", ",IND,", 1);
    let again = payment("PV2", "amina kamau", "9,000.00").replacen(",CO,", ",IND,", 1);
    let file = expenditure_file(
        &env,
        &[
            individual,
            again,
            payment("PV3", "Ofisi Supplies Ltd", "5.00"),
        ],
    );
    env.ingest_ok("ifmis-expenditure-csv", &[&file], None);
    let dir = env.store().version_dir("expenditure-2025-09", 1);
    let csv = std::fs::read_to_string(dir.join("data.csv")).unwrap();
    assert!(
        !csv.to_lowercase().contains("amina"),
        "a private individual's name was published: {csv}"
    );
    let pseudonyms: Vec<&str> = csv
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert!(pseudonyms[0].starts_with("individual-"), "{csv}");
    assert_eq!(pseudonyms[0], pseudonyms[1], "one person, one pseudonym");
    assert!(csv.contains("Ofisi Supplies Ltd"));
    for name in ["data.parquet", "data.csv", "datapackage.json"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes)
                .to_lowercase()
                .contains("amina"),
            "{name} holds the raw name"
        );
    }
}

#[test]
fn phone_numbers_in_inspection_notes_are_masked() {
    let env = Env::with_registers();
    let file = env.write("inspections.csv", "Project Code,Date of Inspection,Physical Progress,Inspected By,Remarks,Photo Ref\nMLM-RD-0001,01.10.2025,45%,Joyce Wafula,\"Chair (0722 555 123, chair@example.org) confirmed works\",IMG_1.jpg\n");
    env.ingest_ok("inspections-csv", &[&file], None);
    let csv = std::fs::read_to_string(
        env.store()
            .version_dir("project_progress", 1)
            .join("data.csv"),
    )
    .unwrap();
    assert!(
        csv.contains("Chair ([redacted], [redacted]) confirmed works"),
        "{csv}"
    );
    assert!(csv.contains(",45,"), "percent parsed: {csv}");
}

#[test]
fn a_budget_workbook_with_merged_headers_unpivots_one_row_per_stage() {
    let env = Env::with_registers();
    let path = env.dir.path().join("estimates.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Estimates").unwrap();
    sheet
        .write_string(0, 0, "MLIMA COUNTY (SYNTHETIC)")
        .unwrap();
    sheet.write_string(1, 0, "ESTIMATES FY 2025/26").unwrap();
    for (c, h) in [
        "Vote",
        "Programme",
        "Sub-Programme",
        "Economic Item",
        "Account Code",
        "COFOG",
        "Fund",
        "Ward",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    sheet
        .merge_range(
            3,
            8,
            3,
            9,
            "Estimates (KES '000)",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    sheet.write_string(4, 8, "Approved").unwrap();
    sheet.write_string(4, 9, "Supplementary").unwrap();
    for (c, v) in [
        "3717 - Roads",
        "37172 - Roads Development",
        "371721 - Roads Infrastructure",
        "3110504 - Other Infrastructure and Civil Works",
        "3110504-00001001-371721-37170001",
        "04.5.1",
        "Equitable Share",
        "mlm-01",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(5, c as u16, *v).unwrap();
    }
    sheet.write_number(5, 8, 12_500.5).unwrap();
    sheet.write_number(5, 9, 13_000.0).unwrap();
    book.save(&path).unwrap();
    let report = env.ingest("approved-estimates-xlsx", &[&path], Some("2025-26"));
    assert!(
        matches!(report.outcome, Some(Outcome::Published { rows: 2, .. })),
        "{}",
        report.summary(10)
    );
    let csv = std::fs::read_to_string(
        env.store()
            .version_dir("budget-2025-26", 1)
            .join("data.csv"),
    )
    .unwrap();
    assert!(csv.contains("2025-26,approved,3110504-00001001-371721-37170001,3717,Roads,37172,Roads Development,371721,Roads Infrastructure,3110504,Other Infrastructure and Civil Works,04.5.1,equitable share,MLM-01,12500500"), "{csv}");
    assert!(
        csv.contains("2025-26,supplementary,") && csv.contains(",13000000"),
        "{csv}"
    );
}

#[test]
fn a_budget_pipeline_needs_the_period_it_fills_in() {
    let env = Env::with_registers();
    let path = env.dir.path().join("estimates.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Estimates").unwrap();
    for (c, h) in [
        "Vote",
        "Programme",
        "Sub-Programme",
        "Economic Item",
        "Account Code",
        "COFOG",
        "Fund",
        "Ward",
        "Estimates (KES '000)",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    sheet.write_string(4, 8, "Approved").unwrap();
    sheet.write_string(4, 9, "Supplementary").unwrap();
    sheet.write_string(5, 0, "3717 - Roads").unwrap();
    book.save(&path).unwrap();
    let issue = rejected_with(
        &env.ingest("approved-estimates-xlsx", &[&path], None),
        "period",
    )
    .clone();
    assert!(issue.hint.contains("--period"), "{}", issue.hint);
}

#[test]
fn a_project_register_workbook_builds_points_from_latitude_and_longitude() {
    let env = Env::new();
    env.ingest_ok("wards-geojson", &[&fixture("wards.geojson")], None);
    let path = env.dir.path().join("register.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Register").unwrap();
    sheet.write_string(0, 0, "PROJECT REGISTER").unwrap();
    let heads = [
        "Project Code",
        "Project Name",
        "Description",
        "Sector",
        "Status",
        "Ward Code",
        "Implementing Department",
        "Contractor",
        "Contract No",
        "Contract Value (KES)",
        "",
        "Budget (KES)",
        "Funding Source",
        "FY",
        "Planned Start",
        "Planned End",
        "Actual Start",
        "Actual End",
        "Latitude",
        "Longitude",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.write_string(2, 9, "Original").unwrap();
    sheet.write_string(2, 10, "Current").unwrap();
    let row = [
        "mlm-ed-0009",
        "Kisima ECDE classrooms",
        "",
        "ECDE",
        "In Progress",
        "MLM-01",
        "Education",
        "Upendo Builders Ltd",
        "C-9",
        "2,000,000.00",
        "2,100,000.00",
        "2,500,000.00",
        "Equitable Share",
        "2025/26",
        "01/08/2025",
        "31/03/2026",
        "04/08/2025",
        "",
    ];
    for (c, v) in row.iter().enumerate() {
        sheet.write_string(3, c as u16, *v).unwrap();
    }
    sheet.write_number(3, 18, -1.65).unwrap();
    sheet.write_number(3, 19, 37.15).unwrap();
    book.save(&path).unwrap();
    env.ingest_ok("project-register-xlsx", &[&path], None);
    let geojson =
        std::fs::read_to_string(env.store().version_dir("projects", 1).join("data.geojson"))
            .unwrap();
    assert!(
        geojson.contains(
            r#""id":"MLM-ED-0009","geometry":{"type":"Point","coordinates":[37.15,-1.65]}"#
        ),
        "{geojson}"
    );
    assert!(
        geojson.contains(r#""sector":"education","status":"implementation""#),
        "{geojson}"
    );
}

#[test]
fn service_request_logs_never_publish_applicants() {
    let env = Env::with_registers();
    let file = env.write("applications.csv", "Ref No,Service,Date Received,Date Decided,Status,Ward,Applicant Name,Phone\nsr-1,Building Permit ,05-Sep-2025,20-Sep-2025,Granted,mlm-01,Faith Chebet,0711 222 333\n");
    env.ingest_ok("service-requests-csv", &[&file], None);
    let store = env.store();
    let entry = store
        .latest("service_requests-2025-Q3")
        .expect("a quarterly dataset");
    let csv =
        std::fs::read_to_string(store.version_dir(&entry.dataset, 1).join("data.csv")).unwrap();
    assert_eq!(
        csv.lines().nth(1),
        Some("SR-1,building permit,2025-09-05,2025-09-20,approved,MLM-01")
    );
}

#[test]
fn a_dry_run_validates_and_publishes_nothing() {
    let env = Env::with_registers();
    let before = env.ledger();
    let opts = disclose::pipeline::IngestOptions {
        dry_run: true,
        publisher: "test".into(),
        ..Default::default()
    };
    let report = disclose::pipeline::ingest(
        &crate::support::protocol(),
        &pipeline("ifmis-expenditure-csv"),
        &[fixture("expenditure.csv")],
        &env.data,
        &opts,
    )
    .unwrap();
    assert!(
        matches!(report.outcome, Some(Outcome::DryRun { rows: 4, .. })),
        "{:?}",
        report.outcome
    );
    nothing_published(&env, &before);
}
