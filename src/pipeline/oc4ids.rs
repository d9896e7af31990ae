//! `oc4ids.json`: the projects register as an OC4IDS 0.9 project package (Open Contracting
//! for Infrastructure Data Standard), written into every version of the `projects` kind
//! before the version is committed, so it is recorded in the ledger and verified like the
//! version's other files.
//!
//! Built from the version's own `data.csv` (canonical text, the geometry as GeoJSON), with
//! a fixed key order and no time but the version's publication time, so its bytes depend
//! on the version alone. Fields the register does not have are omitted, never invented.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::protocol::Protocol;
use crate::store::FileRecord;

/// The kind whose versions carry an `oc4ids.json`.
pub const KIND: &str = "projects";
/// The file's name in a version.
pub const FILE: &str = "oc4ids.json";
/// The OC4IDS schema version the package follows (major.minor).
pub const VERSION: &str = "0.9";

/// The local project identifier prefix: `oc4ids-` and six lower-case letters or digits, the
/// country code and the start of the jurisdiction's name. A county that registers a prefix
/// with the Open Contracting Partnership would use that one instead.
pub fn prefix(protocol: &Protocol) -> String {
    let j = &protocol.jurisdiction;
    let mut code: String = j.country.to_lowercase();
    code.extend(
        j.name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase()),
    );
    code.extend(std::iter::repeat_n('0', 6));
    format!("oc4ids-{}", &code[..6])
}

/// OC4IDS's projectSector codes for ours.
fn sector(ours: &str) -> Option<&'static str> {
    Some(match ours {
        "roads" => "transport.road",
        "water" => "waterAndWaste",
        "health" => "health",
        "education" => "education",
        "agriculture" | "markets" => "economy",
        "energy" => "energy",
        "housing" => "socialHousing",
        "governance" => "governance",
        "environment" => "naturalResources",
        _ => return None,
    })
}

/// OC4IDS's projectStatus codes for ours: stalled works (`suspended`) are still in
/// implementation, the closed codelist having no code for a pause.
fn status(ours: &str) -> Option<&'static str> {
    Some(match ours {
        "identification" => "identification",
        "preparation" => "preparation",
        "implementation" | "suspended" => "implementation",
        "completion" => "completion",
        "cancelled" => "cancelled",
        _ => return None,
    })
}

/// A date (`YYYY-MM-DD`) as the date-time OC4IDS wants.
fn date_time(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.to_string()
    }
}

fn amount(text: &str, currency: &str) -> Option<Value> {
    let n: f64 = text.parse().ok()?;
    let amount = if n.fract() == 0.0 && n.abs() < 9e15 {
        json!(n as i64)
    } else {
        json!(n)
    };
    Some(json!({ "amount": amount, "currency": currency }))
}

/// Reads the staged `data.csv` in `dir` and builds the package. `files` are the version's
/// files written so far; `datapackage.json`, written after, is listed too.
pub fn package(
    protocol: &Protocol,
    dataset: &str,
    version: u32,
    published_at: &str,
    dir: &Path,
    files: &[FileRecord],
) -> io::Result<Value> {
    let j = &protocol.jurisdiction;
    let base = format!("/datasets/{dataset}/v/{version}");
    let mut names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    names.push("datapackage.json");
    let documents: Vec<Value> = names
        .iter()
        .map(|name| {
            let format = crate::store::file_format(name);
            json!({
                "id": name,
                "documentType": "other",
                "title": format!("Development projects register, version {version} ({})", format.title),
                "url": format!("{base}/{name}"),
                "datePublished": published_at,
                "format": format.media_type,
            })
        })
        .collect();

    let mut reader = csv::Reader::from_path(dir.join("data.csv"))?;
    let header: HashMap<String, usize> = reader
        .headers()?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let prefix = prefix(protocol);
    let mut projects = Vec::new();
    for record in reader.records() {
        let record = record?;
        let get = |name: &str| {
            header
                .get(name)
                .and_then(|&i| record.get(i))
                .filter(|s| !s.is_empty())
        };
        projects.push(project(&prefix, &j.currency, &get, &documents)?);
    }

    Ok(json!({
        "uri": format!("{base}/{FILE}"),
        "publishedDate": published_at,
        "publisher": { "name": j.publisher },
        "license": j.licence.path,
        "version": VERSION,
        "projects": projects,
    }))
}

fn project<'a>(
    prefix: &str,
    currency: &str,
    get: &impl Fn(&str) -> Option<&'a str>,
    documents: &[Value],
) -> io::Result<Value> {
    let ours = get("id").ok_or_else(|| io::Error::other("a project without an id"))?;
    let mut p = Map::new();
    p.insert("id".into(), json!(format!("{prefix}-{ours}")));
    if let Some(t) = get("title") {
        p.insert("title".into(), json!(t));
    }
    if let Some(d) = get("description") {
        p.insert("description".into(), json!(d));
    }
    if let Some(s) = get("status").and_then(status) {
        p.insert("status".into(), json!(s));
    }
    if let Some(s) = get("sector").and_then(sector) {
        p.insert("sector".into(), json!([s]));
    }
    let mut period = Map::new();
    if let Some(d) = get("planned_start") {
        period.insert("startDate".into(), json!(date_time(d)));
    }
    if let Some(d) = get("planned_end") {
        period.insert("endDate".into(), json!(date_time(d)));
    }
    if !period.is_empty() {
        p.insert("period".into(), Value::Object(period));
    }
    let geometry = match get("geometry") {
        Some(g) => Some(serde_json::from_str::<Value>(g).map_err(io::Error::other)?),
        None => None,
    };
    let ward = get("ward");
    if geometry.is_some() || ward.is_some() {
        let mut location = Map::new();
        location.insert("id".into(), json!("1"));
        if let Some(w) = ward {
            location.insert("description".into(), json!(format!("Ward {w}")));
        }
        if let Some(g) = geometry {
            location.insert("geometry".into(), g);
        }
        if let Some(w) = ward {
            location.insert("address".into(), json!({ "locality": w }));
        }
        p.insert("locations".into(), json!([Value::Object(location)]));
    }
    if let Some(b) = get("budget").and_then(|b| amount(b, currency)) {
        p.insert("budget".into(), json!({ "amount": b }));
    }
    let mut parties = Vec::new();
    if let Some(u) = get("implementing_unit") {
        parties.push(json!({ "id": "publicAuthority-1", "name": u, "roles": ["publicAuthority"] }));
    }
    if let Some(c) = get("contractor") {
        parties.push(json!({ "id": "supplier-1", "name": c, "roles": ["supplier"] }));
    }
    if !parties.is_empty() {
        p.insert("parties".into(), json!(parties));
    }
    p.insert("documents".into(), json!(documents));

    let original = get("contract_value_original").and_then(|v| amount(v, currency));
    let current = get("contract_value_current").and_then(|v| amount(v, currency));
    let contractor = get("contractor");
    let contract = get("contract_id");
    if contract.is_some() || contractor.is_some() || original.is_some() || current.is_some() {
        let mut summary = Map::new();
        if let Some(c) = contract {
            summary.insert("externalReference".into(), json!(c));
        }
        if let Some(t) = get("title") {
            summary.insert("title".into(), json!(t));
        }
        let cp_status = match get("status") {
            Some("implementation" | "suspended") => Some("active"),
            Some("completion") => Some("closed"),
            _ => None,
        };
        if let Some(s) = cp_status {
            summary.insert("status".into(), json!(s));
        }
        if let Some(c) = contractor {
            summary.insert(
                "suppliers".into(),
                json!([{ "id": "supplier-1", "name": c }]),
            );
        }
        if let Some(v) = original.clone().or_else(|| current.clone()) {
            summary.insert("contractValue".into(), v);
        }
        if cp_status == Some("closed")
            && let Some(v) = current.clone().or_else(|| original.clone())
        {
            summary.insert("finalValue".into(), v);
        }
        if let (Some(old), Some(new)) = (&original, &current)
            && old != new
        {
            summary.insert(
                "modifications".into(),
                json!([{
                    "id": "1",
                    "description": "Contract value varied from the value at signature.",
                    "type": "value",
                    "oldContractValue": old,
                    "newContractValue": new,
                }]),
            );
        }
        p.insert(
            "contractingProcesses".into(),
            json!([{ "id": contract.unwrap_or("1"), "summary": Value::Object(summary) }]),
        );
    }
    if let Some(d) = get("actual_end") {
        p.insert("completion".into(), json!({ "endDate": date_time(d) }));
    }
    Ok(Value::Object(p))
}

/// Writes `oc4ids.json` into the staged version in `dir`.
pub fn write(
    protocol: &Protocol,
    dataset: &str,
    version: u32,
    published_at: &str,
    dir: &Path,
    files: &[FileRecord],
) -> io::Result<FileRecord> {
    let package = package(protocol, dataset, version, published_at, dir, files)?;
    let mut bytes = serde_json::to_vec(&package).map_err(io::Error::other)?;
    bytes.push(b'\n');
    super::write::write_small(dir, FILE, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sector_and_status_of_the_schema_has_an_oc4ids_code() {
        for s in [
            "roads",
            "water",
            "health",
            "education",
            "agriculture",
            "markets",
            "energy",
            "housing",
            "governance",
            "environment",
        ] {
            assert!(sector(s).is_some(), "{s}");
        }
        for s in [
            "identification",
            "preparation",
            "implementation",
            "completion",
            "suspended",
            "cancelled",
        ] {
            assert!(status(s).is_some(), "{s}");
        }
        assert_eq!(status("suspended"), Some("implementation"));
    }

    #[test]
    fn amounts_are_whole_when_whole_and_dates_become_date_times() {
        assert_eq!(
            amount("12500000", "KES"),
            Some(json!({"amount": 12500000, "currency": "KES"}))
        );
        assert_eq!(amount("0.5", "KES").unwrap()["amount"], json!(0.5));
        assert_eq!(amount("", "KES"), None);
        assert_eq!(date_time("2025-11-30"), "2025-11-30T00:00:00Z");
    }
}
