//! Public works, joined up: the project register with each project's payments (from
//! every month's expenditure), its site inspections and the red flags, for the project
//! pages, the audit tools and the printed packs.
//!
//! The join is built once per snapshot of the store from the latest version of each
//! dataset, reading only the columns it needs; the payments and inspections are the
//! records the red flags read ([`Records`]), not a second read.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use super::flags::{self, Flag};
use super::{AnalyticsError, Inspection, Payment, Records};
use crate::protocol::Protocol;
use crate::store::{Entry, FeatureCache, Indexed};

/// The register, its map layers and what each project was paid and found on site.
#[derive(Debug, Default)]
pub struct Works {
    pub projects: Arc<Vec<Indexed>>,
    pub wards: Arc<Vec<Indexed>>,
    pub payments: HashMap<String, Vec<Payment>>,
    pub inspections: HashMap<String, Vec<Inspection>>,
    /// The versions the figures came from: (dataset, version).
    pub sources: Vec<(String, u32)>,
    /// Payments per ward code, by fiscal year (`2025-26`).
    pub ward_spending: HashMap<String, HashMap<String, f64>>,
    /// Every red flag the latest versions raise, and the day the records run to.
    pub flags: Vec<Flag>,
    pub as_of: Option<NaiveDate>,
    /// Every office a flag names, sorted (for the audit page's filter).
    pub flag_offices: Vec<String>,
}

pub fn prop<'a>(f: &'a Value, name: &str) -> &'a str {
    f.get("properties")
        .and_then(|p| p.get(name))
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn number(f: &Value, name: &str) -> Option<f64> {
    f.get("properties")
        .and_then(|p| p.get(name))
        .and_then(Value::as_f64)
}

impl Works {
    /// Joins the latest versions of the datasets in `latest`. Blocking: reads files.
    pub fn build(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
        features: &FeatureCache,
        cache: &super::cache::Cache,
    ) -> Result<Self, AnalyticsError> {
        let mut works = Self::default();
        for &e in latest {
            match e.kind.as_str() {
                "projects" => works.projects = features.get(data_dir, e)?,
                "wards" => works.wards = features.get(data_dir, e)?,
                // Payments and inspections come from the records below, read once for
                // the flags too.
                "expenditure" | "project_progress" => {}
                _ => continue,
            }
            works.sources.push((e.dataset.clone(), e.version));
        }
        works.sources.sort();
        let read: Vec<&Entry> = latest
            .iter()
            .copied()
            .filter(|e| flags::KINDS.contains(&e.kind.as_str()))
            .collect();
        let records = Records::load(protocol, data_dir, &read, cache)?;
        // Every project payment is among the records kept (in date order), and the
        // months' aggregates hold what was paid in each ward.
        for p in records.payments.iter().filter(|p| !p.project_id.is_empty()) {
            works
                .payments
                .entry(p.project_id.to_string())
                .or_default()
                .push(p.clone());
        }
        works.inspections = records.inspections.clone();
        for list in works.inspections.values_mut() {
            list.sort_by_key(|i| i.date);
        }
        for s in &records.spend {
            *works
                .ward_spending
                .entry(s.fiscal_year.to_string())
                .or_default()
                .entry(s.key("ward").to_string())
                .or_default() += s.amount;
        }
        works.as_of = records.as_of();
        if let Some(as_of) = works.as_of {
            works.flags = flags::find(&records, &protocol.audit, as_of);
        }
        let offices: std::collections::BTreeSet<&str> = works
            .flags
            .iter()
            .filter_map(|f| f.office.as_deref())
            .collect();
        works.flag_offices = offices.into_iter().map(str::to_string).collect();
        Ok(works)
    }

    /// The flags a project raises.
    pub fn flags_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Flag> {
        self.flags
            .iter()
            .filter(move |f| f.project.as_deref() == Some(id))
    }

    pub fn project(&self, id: &str) -> Option<&Indexed> {
        self.projects
            .iter()
            .find(|p| p.feature.get("id").and_then(Value::as_str) == Some(id))
    }

    /// The latest fiscal year with payments by ward, and those payments.
    pub fn latest_ward_spending(&self) -> Option<(&str, &HashMap<String, f64>)> {
        self.ward_spending
            .iter()
            .max_by(|a, b| a.0.cmp(b.0))
            .map(|(y, m)| (y.as_str(), m))
    }

    pub fn ward(&self, code: &str) -> Option<&Indexed> {
        self.wards.iter().find(|w| prop(&w.feature, "code") == code)
    }

    /// A ward's name in the published boundaries; `None` when they do not name it.
    pub fn ward_name(&self, code: &str) -> Option<&str> {
        self.ward(code)
            .map(|w| prop(&w.feature, "name"))
            .filter(|n| !n.is_empty())
    }

    /// A project's title in the published register; `None` when it does not give one.
    pub fn project_title(&self, id: &str) -> Option<&str> {
        self.project(id)
            .map(|p| prop(&p.feature, "title"))
            .filter(|t| !t.is_empty())
    }

    pub fn paid(&self, id: &str) -> f64 {
        self.payments
            .get(id)
            .map_or(0.0, |p| p.iter().map(|p| p.amount).sum())
    }
}
