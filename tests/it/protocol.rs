//! The protocol: the shipped one loads, and a broken one says which file and key.

use disclose::protocol::{About, Frequency, Period, Protocol, ProtocolError};

use crate::support::{protocol, repo};

#[test]
fn the_shipped_protocol_defines_the_eight_kinds() {
    let p = protocol();
    let kinds: Vec<&str> = p.kinds.keys().map(String::as_str).collect();
    assert_eq!(
        kinds,
        [
            "budget",
            "expenditure",
            "feedback",
            "project_progress",
            "projects",
            "revenue",
            "service_requests",
            "wards"
        ]
    );
    assert!(p.kind("projects").unwrap().is_spatial());
    assert!(p.kind("expenditure").unwrap().is_periodic());
}

#[test]
fn dataset_ids_resolve_to_their_kind_and_period() {
    let p = protocol();
    let (kind, period) = p.resolve_dataset("expenditure-2025-09").unwrap();
    assert_eq!(
        (kind.name.as_str(), period),
        (
            "expenditure",
            Some(Period::Month {
                year: 2025,
                month: 9
            })
        )
    );
    let (kind, period) = p.resolve_dataset("service_requests-2025-Q3").unwrap();
    assert_eq!(
        (kind.name.as_str(), period),
        (
            "service_requests",
            Some(Period::Quarter {
                year: 2025,
                quarter: 3
            })
        )
    );
    assert_eq!(
        p.resolve_dataset("projects").map(|(k, _)| k.name.as_str()),
        Some("projects")
    );
    assert!(p.resolve_dataset("expenditure").is_none());
    assert!(p.resolve_dataset("expenditure-2025-13").is_none());
}

#[test]
fn budgets_are_due_when_their_fiscal_year_opens() {
    let p = protocol();
    let budget = p.kind("budget").unwrap();
    let fy = Period::parse("2025-26", Frequency::Annual, 7).unwrap();
    assert_eq!(
        budget.spec.due.as_ref().unwrap().due_date(fy).to_string(),
        "2025-07-01"
    );
}

/// A copy of the shipped protocol with `edit` applied to one file.
fn edited(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    for entry in walk(&repo().join("protocol")) {
        let rel = entry.strip_prefix(repo().join("protocol")).unwrap();
        std::fs::copy(&entry, dir.path().join(rel)).unwrap();
    }
    let path = dir.path().join(file);
    std::fs::write(&path, edit(std::fs::read_to_string(&path).unwrap())).unwrap();
    dir
}

/// Copies the shipped protocol, applies `edit` to one file, and loads it.
fn try_load_edited(file: &str, edit: impl Fn(String) -> String) -> Result<Protocol, ProtocolError> {
    Protocol::load(edited(file, edit).path())
}

/// The error of a shipped protocol with one file edited, which must not load.
fn load_edited(file: &str, edit: impl Fn(String) -> String) -> String {
    try_load_edited(file, edit)
        .expect_err("the edited protocol should not load")
        .to_string()
}

/// The error of the shipped protocol with `edit` applied to `protocol.toml` as a table.
fn load_edited_toml(edit: impl Fn(&mut toml::Table)) -> String {
    load_edited("protocol.toml", |t| edit_toml(&t, &edit))
}

fn edit_toml(text: &str, edit: impl Fn(&mut toml::Table)) -> String {
    let mut table: toml::Table = text.parse().unwrap();
    edit(&mut table);
    toml::to_string(&table).unwrap()
}

/// The shipped protocol's feedback category `code`, to edit.
fn category<'a>(t: &'a mut toml::Table, code: &str) -> &'a mut toml::Table {
    t["feedback"]["categories"][code].as_table_mut().unwrap()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

#[test]
fn a_primary_key_naming_no_field_is_reported_with_file_and_key() {
    let err = load_edited("schemas/wards.json", |t| {
        let mut schema: serde_json::Value = serde_json::from_str(&t).unwrap();
        schema["primaryKey"] = serde_json::json!(["ward_code"]);
        schema.to_string()
    });
    assert!(
        err.contains("schemas/wards.json: `primaryKey`: names `ward_code`, which is not a field"),
        "{err}"
    );
}

#[test]
fn a_foreign_key_to_an_unknown_kind_is_reported() {
    let err = load_edited("schemas/project_progress.json", |t| {
        t.replace("\"resource\": \"projects\"", "\"resource\": \"works\"")
    });
    assert!(err.contains("project_progress.json: `foreignKeys.reference.resource`: `works` is not a kind in protocol.toml"), "{err}");
}

#[test]
fn an_unknown_key_in_protocol_toml_is_reported() {
    let err = load_edited("protocol.toml", |t| {
        t.replace("frequency = \"monthly\"", "frequncy = \"monthly\"")
    });
    assert!(
        err.contains("protocol.toml") && err.contains("frequncy"),
        "{err}"
    );
}

#[test]
fn a_periodic_kind_without_a_due_rule_is_reported() {
    let err = load_edited("protocol.toml", |t| {
        t.replacen(
            "due = { days_after_period_end = 30 }\nperiod_field = \"month\"",
            "period_field = \"month\"",
            1,
        )
    });
    assert!(
        err.contains("`kinds.revenue.due`: a periodic kind needs a due rule"),
        "{err}"
    );
}

#[test]
fn every_kind_field_and_redaction_of_the_shipped_protocol_has_its_swahili() {
    let p = protocol();
    for k in p.kinds.values() {
        let sw = k
            .spec
            .sw
            .as_ref()
            .unwrap_or_else(|| panic!("add [kinds.{}.sw] to protocol.toml", k.name));
        assert_ne!(k.title("sw"), k.title("en"), "{}", k.name);
        for f in &k.schema.fields {
            let t = sw.fields.get(&f.name).unwrap_or_else(|| {
                panic!(
                    "add {} to [kinds.{}.sw.fields] in protocol.toml",
                    f.name, k.name
                )
            });
            assert!(
                t.description.is_some() == f.description.is_some(),
                "{}.{}: a description in both languages, or in neither",
                k.name,
                f.name
            );
        }
        for r in &k.spec.redact {
            assert!(
                sw.redact.contains_key(&r.field),
                "add {} to [kinds.{}.sw.redact] in protocol.toml",
                r.field,
                k.name
            );
            assert_ne!(k.redaction_reason(r, "sw"), r.reason);
        }
    }
}

#[test]
fn a_swahili_text_for_a_field_that_does_not_exist_is_reported() {
    let err = load_edited("protocol.toml", |t| {
        t.replacen(
            "[kinds.wards.sw.fields]\n",
            "[kinds.wards.sw.fields]\nwidth = { title = \"Upana\" }\n",
            1,
        )
    });
    assert!(
        err.contains("`kinds.wards.sw.fields`: `width` is not a field of this kind"),
        "{err}"
    );
}

#[test]
fn the_shipped_protocol_has_feedback_categories_of_every_kind_in_both_languages() {
    let p = protocol();
    let categories = &p.feedback.categories;
    assert!(categories.len() >= 10, "{} categories", categories.len());
    assert_eq!(p.feedback.reference_prefix, "MLM");
    for about in [About::Project, About::Service, About::General] {
        assert!(
            categories.values().any(|c| c.about == about),
            "no {} category",
            about.as_str()
        );
    }
    for (code, c) in categories {
        assert_ne!(c.name_in("sw"), c.name_in("en"), "{code}");
        assert_ne!(c.description_in("sw"), c.description_in("en"), "{code}");
        assert!(p.offices.contains_key(&c.office), "{code}");
    }
    let stalled = p.category("works-stalled").unwrap();
    assert_eq!(
        (
            stalled.name_in("en"),
            stalled.about,
            stalled.office.as_str()
        ),
        ("Works stalled", About::Project, "roads-works")
    );
    assert_eq!(
        p.category("audit-observation").unwrap().name,
        "Observation from a social audit"
    );
    assert!(p.category("potholes-on-the-moon").is_none());
}

#[test]
fn a_protocol_without_feedback_loads_with_no_categories() {
    let p = try_load_edited("protocol.toml", |t| {
        edit_toml(&t, |t| {
            t.remove("feedback");
        })
    })
    .unwrap();
    assert!(p.feedback.categories.is_empty());
    assert_eq!(p.feedback.reference_prefix, "MLM", "derived from the name");
    assert_eq!(p.kinds.len(), protocol().kinds.len());
}

#[test]
fn a_feedback_category_answered_by_an_unknown_office_is_reported() {
    let err = load_edited_toml(|t| {
        category(t, "refuse").insert("office".into(), "sanitation".into());
    });
    assert!(
        err.contains(
            "protocol.toml: `feedback.categories.refuse.office`: `sanitation` is not the code \
             of any [offices] entry; use one of: customer-care, internal-audit"
        ),
        "{err}"
    );
}

#[test]
fn a_feedback_category_code_with_capitals_or_spaces_is_reported() {
    let err = load_edited_toml(|t| {
        let categories = t["feedback"]["categories"].as_table_mut().unwrap();
        let refuse = categories.remove("refuse").unwrap();
        categories.insert("Refuse Collection".into(), refuse);
    });
    assert!(
        err.contains(
            "`feedback.categories.Refuse Collection`: category codes are lower-case letters, \
             digits and hyphens"
        ),
        "{err}"
    );
}

#[test]
fn a_feedback_category_resolved_before_it_is_acknowledged_is_reported() {
    let err = load_edited_toml(|t| {
        category(t, "water-supply").insert("resolve_days".into(), 0.into());
    });
    assert!(
        err.contains(
            "`feedback.categories.water-supply.resolve_days`: 0 days to resolve is less than \
             the 1 days to acknowledge"
        ),
        "{err}"
    );
}

#[test]
fn a_feedback_category_acknowledged_in_no_days_is_reported() {
    let err = load_edited_toml(|t| {
        category(t, "market-fees").insert("acknowledge_days".into(), 0.into());
    });
    assert!(
        err.contains("`feedback.categories.market-fees.acknowledge_days`: expected at least 1"),
        "{err}"
    );
}

#[test]
fn a_feedback_category_without_a_swahili_name_is_reported() {
    let err = load_edited_toml(|t| {
        category(t, "site-safety")["sw"]
            .as_table_mut()
            .unwrap()
            .remove("name");
    });
    assert!(
        err.contains(
            "`feedback.categories.site-safety.sw.name`: a feedback category needs a Swahili name"
        ),
        "{err}"
    );
    let err = load_edited_toml(|t| {
        category(t, "site-safety").remove("sw");
    });
    assert!(
        err.contains("`feedback.categories.site-safety.sw.name`"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_in_a_feedback_category_is_reported() {
    let err = load_edited_toml(|t| {
        category(t, "refuse").insert("ofice".into(), "roads-works".into());
    });
    assert!(
        err.contains("protocol.toml") && err.contains("ofice"),
        "{err}"
    );
}

#[test]
fn disclose_check_reports_a_broken_feedback_category() {
    let dir = edited("protocol.toml", |t| {
        edit_toml(&t, |t| {
            category(t, "refuse").insert("office".into(), "sanitation".into());
        })
    });
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(repo())
        .arg("--protocol")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("`feedback.categories.refuse.office`: `sanitation` is not the code"),
        "{stderr}"
    );
}

#[test]
fn the_national_grid_must_be_a_known_one_used_in_the_jurisdiction() {
    let err = load_edited("protocol.toml", |t| {
        t.replace("crs = \"EPSG:21037\"", "crs = \"EPSG:99999\"")
    });
    assert!(
        err.contains("`jurisdiction.crs`")
            && err.contains("EPSG:21037")
            && err.contains("EPSG:2136"),
        "{err}"
    );
    // Ghana's grid for a Kenyan county is a mistake the loader catches.
    let err = load_edited("protocol.toml", |t| {
        t.replace("crs = \"EPSG:21037\"", "crs = \"EPSG:2136\"")
    });
    assert!(
        err.contains(
            "EPSG:2136 (Accra / Ghana National Grid) is not used inside jurisdiction.bbox"
        ),
        "{err}"
    );
}
