//! The disclosure protocol: what must be published, in what shape, by whom and when.
//!
//! The protocol is data, in `protocol/protocol.toml` and one Frictionless Table Schema per
//! dataset kind in `protocol/schemas/`. This module loads and checks it and answers
//! questions about it (a kind's schema, its periods and due dates, its redactions; the
//! categories of citizen feedback). It reads files but writes none, and knows nothing of
//! pipelines, the store or the web.

pub mod compliance;
pub mod feedback;
pub mod period;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use feedback::{About, Category, CategoryText, Feedback};
pub use period::{DueRule, Frequency, Period};
pub use schema::{Field, FieldType, Schema, Value};

/// A protocol that could not be loaded. Each names the file, the key and what is expected.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    #[error(
        "cannot read {path}; pass --protocol DIR or set DISCLOSE_PROTOCOL to the protocol folder"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("unknown dataset kind `{kind}`; the protocol defines: {known}")]
    UnknownKind { kind: String, known: String },
}

/// The whole protocol, loaded and checked.
#[derive(Debug, Clone)]
pub struct Protocol {
    pub dir: PathBuf,
    pub jurisdiction: Jurisdiction,
    pub kinds: BTreeMap<String, Kind>,
    /// Thresholds of the red flags raised for social audits.
    pub audit: Audit,
    /// Days within which each service should be decided (the service charter), by the
    /// service's name as published.
    pub service_standards: BTreeMap<String, u32>,
    /// The offices that publish and answer, by code (`treasury-budget`).
    pub offices: BTreeMap<String, Office>,
    /// What citizens may report on, and who answers: `[feedback]`. No categories when the
    /// table is absent.
    pub feedback: Feedback,
}

/// One office of the government: `[offices.CODE]` of `protocol.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// As kinds name it in `office`, and as pages show it.
    pub name: String,
    /// The name in Swahili, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sw: Option<String>,
}

/// When a red flag is raised: the `[audit]` table of `protocol.toml`. Every key has a
/// default, documented there and on `/audit/flags`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Audit {
    /// Paid share of the contract may run this many percentage points ahead of the last
    /// inspected physical progress.
    pub ahead_of_progress_points: f64,
    /// Days past the planned end before an unfinished project is overdue.
    pub overdue_grace_days: i64,
    /// Current contract value above the original by more than this share is an overrun.
    pub cost_overrun_share: f64,
    /// Paid to date above the current contract value by more than this share.
    pub paid_beyond_contract_share: f64,
    /// A payment more than this many days after the last inspection before it.
    pub inspection_gap_days: i64,
    /// Economic items starting with this are capital spending, which should name a project.
    pub capital_item_prefix: String,
    /// The same payee paid the same amount within this many days.
    pub duplicate_window_days: i64,
    /// Payments at or above this need open tender.
    pub procurement_threshold: f64,
    /// Economic items bought by procurement (goods and services, assets), by prefix; only
    /// these can be split to avoid a tender.
    pub procurement_item_prefixes: Vec<String>,
    /// Payments to one payee within this many days, each within `split_margin_share` under
    /// the threshold, at least `split_min_payments` of them.
    pub split_window_days: i64,
    pub split_margin_share: f64,
    pub split_min_payments: usize,
    /// The last month of the fiscal year paying this many times the median month.
    pub year_end_spike_ratio: f64,
    /// Spent above the latest budget of the line by more than this share.
    pub budget_line_tolerance_share: f64,
    /// One contractor holding at least this share of a sector's contracts, and at least
    /// `concentration_min_contracts` of them.
    pub concentration_share: f64,
    pub concentration_min_contracts: usize,
}

impl Default for Audit {
    fn default() -> Self {
        Self {
            ahead_of_progress_points: 20.0,
            overdue_grace_days: 30,
            cost_overrun_share: 0.15,
            paid_beyond_contract_share: 0.01,
            inspection_gap_days: 120,
            capital_item_prefix: "31".into(),
            duplicate_window_days: 3,
            procurement_threshold: 1_000_000.0,
            procurement_item_prefixes: vec!["22".into(), "31".into()],
            split_window_days: 14,
            split_margin_share: 0.1,
            split_min_payments: 3,
            year_end_spike_ratio: 2.5,
            budget_line_tolerance_share: 0.1,
            concentration_share: 0.3,
            concentration_min_contracts: 5,
        }
    }
}

/// The government whose records these are, declared once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// ISO 4217 currency code of every amount.
    pub currency: String,
    /// Month (1–12) the fiscal year starts in: 7 in Kenya, 1 in Ghana.
    pub fiscal_year_start_month: u32,
    /// `[west, south, east, north]` in WGS84 degrees; every geometry must fall inside.
    pub bbox: [f64; 4],
    /// The national grid, as `EPSG:n` (`EPSG:21037`, Arc 1960 / UTM zone 37S, in
    /// Kenya; `EPSG:2136`, Accra / Ghana National Grid): offered by the OGC API beside
    /// CRS84, EPSG:4326 and EPSG:3857, and for GeoPackage and Shapefile downloads.
    #[serde(default)]
    pub crs: Option<String>,
    /// True for the demo: every page and file says the data is synthetic.
    #[serde(default)]
    pub synthetic: bool,
    /// Default licence of every dataset.
    pub licence: Licence,
    /// The publishing body, as named in catalogues.
    pub publisher: String,
    #[serde(default)]
    pub homepage: Option<String>,
    /// Where readers write about the data (catalogues require a contact point).
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The first day from which disclosures are required (compliance starts with the
    /// periods containing it); default: the earliest period published.
    #[serde(default)]
    pub disclosures_from: Option<chrono::NaiveDate>,
}

impl Jurisdiction {
    /// The declared national grid (checked against the known ones when the protocol
    /// loads).
    pub fn national_crs(&self) -> Option<&'static crate::geo_crs::Crs> {
        self.crs.as_deref().and_then(crate::geo_crs::lookup)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// SPDX identifier, e.g. `CC-BY-4.0`.
    pub name: String,
    pub title: String,
    pub path: String,
}

/// One dataset kind as `protocol.toml` declares it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    pub title: String,
    pub description: String,
    pub legal_basis: String,
    pub office: String,
    pub frequency: Frequency,
    /// When a period's disclosure is due; living kinds may say how soon after a change.
    #[serde(default)]
    pub due: Option<DueRule>,
    /// The date or yearmonth field that places each row in its period (periodic kinds).
    #[serde(default)]
    pub period_field: Option<String>,
    /// Path of the Table Schema, relative to the protocol folder.
    pub schema: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub redact: Vec<Redaction>,
    /// The kind's texts in Swahili (`[kinds.NAME.sw]`): its title and description, each
    /// field's title and description, each redaction's reason. Shown on Swahili pages;
    /// English where a text is missing.
    #[serde(default)]
    pub sw: Option<KindText>,
}

/// A kind's reader-facing texts in another language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindText {
    pub title: String,
    pub description: String,
    /// By field name: `amount = { title = "...", description = "..." }`.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldText>,
    /// By the redacted field's name: why it is redacted.
    #[serde(default)]
    pub redact: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldText {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// How a personal field is redacted before anything is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redaction {
    pub field: String,
    pub rule: RedactionRule,
    /// Redact only rows where another field has this value (e.g. payee_type = individual).
    #[serde(default)]
    pub when: Option<Condition>,
    /// Why, in plain words; shown on the dataset page.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub equals: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RedactionRule {
    /// Replace the value with this text.
    Replace(String),
    /// Replace the value with a stable keyed pseudonym (`individual-3fa2c1d9`), so the same
    /// person is the same pseudonym across rows and versions but cannot be named.
    Pseudonymise,
    /// Replace phone numbers and e-mail addresses found inside free text.
    MaskContacts,
}

/// A kind with its schema loaded.
#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    pub spec: KindSpec,
    pub schema: Schema,
}

impl Kind {
    pub fn is_spatial(&self) -> bool {
        self.schema.geometry_index().is_some()
    }

    pub fn is_periodic(&self) -> bool {
        self.spec.frequency.is_periodic()
    }

    /// The texts in `lang` (an ISO 639-1 code) when the protocol has them: `sw` only.
    fn text(&self, lang: &str) -> Option<&KindText> {
        (lang == "sw").then_some(self.spec.sw.as_ref()).flatten()
    }

    /// The kind's title in `lang`, or in English.
    pub fn title(&self, lang: &str) -> &str {
        self.text(lang).map_or(&self.spec.title, |t| &t.title)
    }

    /// The kind's description in `lang`, or in English.
    pub fn description(&self, lang: &str) -> &str {
        self.text(lang)
            .map_or(&self.spec.description, |t| &t.description)
    }

    /// A field's title and description in `lang`, or in English (the schema's).
    pub fn field_text<'a>(
        &'a self,
        field: &'a Field,
        lang: &str,
    ) -> (Option<&'a str>, Option<&'a str>) {
        match self.text(lang).and_then(|t| t.fields.get(&field.name)) {
            Some(t) => (Some(&t.title), t.description.as_deref()),
            None => (field.title.as_deref(), field.description.as_deref()),
        }
    }

    /// Why a field is redacted, in `lang`, or in English.
    pub fn redaction_reason<'a>(&'a self, r: &'a Redaction, lang: &str) -> &'a str {
        self.text(lang)
            .and_then(|t| t.redact.get(&r.field))
            .map_or(&r.reason, String::as_str)
    }

    /// The dataset id for a period: `expenditure-2025-09`; a living kind's id is its name.
    pub fn dataset_id(&self, period: Option<Period>) -> String {
        match period {
            Some(p) => format!("{}-{p}", self.name),
            None => self.name.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProtocolFile {
    jurisdiction: Jurisdiction,
    kinds: BTreeMap<String, KindSpec>,
    #[serde(default)]
    audit: Audit,
    #[serde(default)]
    service_standards: BTreeMap<String, u32>,
    #[serde(default)]
    offices: BTreeMap<String, Office>,
    #[serde(default)]
    feedback: feedback::FeedbackFile,
}

impl Protocol {
    /// Loads `DIR/protocol.toml` and every schema it names, and checks them together.
    pub fn load(dir: &Path) -> Result<Self, ProtocolError> {
        let path = dir.join("protocol.toml");
        let text = read(&path)?;
        let file: ProtocolFile = toml::from_str(&text).map_err(|e| ProtocolError::Parse {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let mut kinds = BTreeMap::new();
        for (name, spec) in file.kinds {
            let schema_path = dir.join(&spec.schema);
            let schema_text = read(&schema_path)?;
            let schema: Schema =
                serde_json::from_str(&schema_text).map_err(|e| ProtocolError::Parse {
                    path: schema_path.clone(),
                    message: e.to_string(),
                })?;
            kinds.insert(name.clone(), Kind { name, spec, schema });
        }
        let feedback = file.feedback.resolve(&file.jurisdiction.name);
        let protocol = Self {
            dir: dir.to_path_buf(),
            jurisdiction: file.jurisdiction,
            kinds,
            audit: file.audit,
            service_standards: file.service_standards,
            offices: file.offices,
            feedback,
        };
        protocol.check()?;
        Ok(protocol)
    }

    pub fn kind(&self, name: &str) -> Result<&Kind, ProtocolError> {
        self.kinds
            .get(name)
            .ok_or_else(|| ProtocolError::UnknownKind {
                kind: name.to_string(),
                known: self.kinds.keys().cloned().collect::<Vec<_>>().join(", "),
            })
    }

    /// The code of the office that publishes `kind`, if the protocol lists it.
    pub fn office_of(&self, kind: &Kind) -> Option<&str> {
        self.offices
            .iter()
            .find(|(_, o)| o.name == kind.spec.office)
            .map(|(code, _)| code.as_str())
    }

    /// The feedback category with this code (`works-stalled`), if the protocol has it.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.feedback.categories.get(code)
    }

    /// The feedback categories' codes, for a message naming the choices
    /// (`audit-observation, corruption-concern, …`).
    pub fn category_codes(&self) -> String {
        let codes: Vec<&str> = self
            .feedback
            .categories
            .keys()
            .map(String::as_str)
            .collect();
        codes.join(", ")
    }

    /// Finds the kind and period a dataset id names (`expenditure-2025-09`, `projects`).
    pub fn resolve_dataset(&self, dataset: &str) -> Option<(&Kind, Option<Period>)> {
        if let Some(kind) = self.kinds.get(dataset) {
            return (!kind.is_periodic()).then_some((kind, None));
        }
        self.kinds
            .values()
            .filter(|k| k.is_periodic())
            .find_map(|kind| {
                let rest = dataset.strip_prefix(&kind.name)?.strip_prefix('-')?;
                let period = Period::parse(
                    rest,
                    kind.spec.frequency,
                    self.jurisdiction.fiscal_year_start_month,
                )
                .ok()?;
                Some((kind, Some(period)))
            })
    }

    /// Checks every rule that ties the protocol's parts together, reporting the first broken one.
    fn check(&self) -> Result<(), ProtocolError> {
        let toml_path = self.dir.join("protocol.toml");
        let invalid = |path: &Path, key: String, message: String| ProtocolError::Invalid {
            path: path.to_path_buf(),
            key,
            message,
        };
        let j = &self.jurisdiction;
        if !(1..=12).contains(&j.fiscal_year_start_month) {
            return Err(invalid(
                &toml_path,
                "jurisdiction.fiscal_year_start_month".into(),
                "expected a month from 1 to 12".into(),
            ));
        }
        let [w, s, e, n] = j.bbox;
        if !(-180.0..=180.0).contains(&w)
            || !(-180.0..=180.0).contains(&e)
            || !(-90.0..=90.0).contains(&s)
            || !(-90.0..=90.0).contains(&n)
            || w >= e
            || s >= n
        {
            return Err(invalid(&toml_path, "jurisdiction.bbox".into(), "expected [west, south, east, north] in WGS84 degrees, west < east and south < north".into()));
        }
        if let Some(code) = &j.crs {
            match crate::geo_crs::lookup(code).filter(|c| c.national) {
                None => {
                    return Err(invalid(
                        &toml_path,
                        "jurisdiction.crs".into(),
                        format!(
                            "`{code}` is not a national grid known here; one of {}",
                            crate::geo_crs::national_codes().join(", ")
                        ),
                    ));
                }
                Some(c) if !c.covers(j.bbox) => {
                    return Err(invalid(
                        &toml_path,
                        "jurisdiction.crs".into(),
                        format!(
                            "{} ({}) is not used inside jurisdiction.bbox",
                            c.code, c.name
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        for code in self.offices.keys() {
            if code.is_empty()
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(invalid(
                    &toml_path,
                    format!("offices.{code}"),
                    "office codes are lower-case letters, digits and hyphens".into(),
                ));
            }
        }
        for (name, kind) in &self.kinds {
            let key = |k: &str| format!("kinds.{name}.{k}");
            if !self.offices.is_empty() && self.office_of(kind).is_none() {
                return Err(invalid(
                    &toml_path,
                    key("office"),
                    format!(
                        "`{}` is not the name of any [offices] entry; use one of: {}",
                        kind.spec.office,
                        self.offices
                            .values()
                            .map(|o| o.name.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ));
            }
            let schema_path = self.dir.join(&kind.spec.schema);
            if !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(invalid(
                    &toml_path,
                    format!("kinds.{name}"),
                    "kind names are lower-case letters and underscores".into(),
                ));
            }
            let schema = &kind.schema;
            if schema.fields.is_empty() {
                return Err(invalid(
                    &schema_path,
                    "fields".into(),
                    "a schema needs at least one field".into(),
                ));
            }
            for (i, f) in schema.fields.iter().enumerate() {
                if schema.fields[..i].iter().any(|g| g.name == f.name) {
                    return Err(invalid(
                        &schema_path,
                        format!("fields.{}", f.name),
                        "field names must be unique".into(),
                    ));
                }
                if let Some(p) = &f.constraints.pattern
                    && let Err(e) = regex::Regex::new(&format!("^(?:{p})$"))
                {
                    return Err(invalid(
                        &schema_path,
                        format!("fields.{}.constraints.pattern", f.name),
                        format!("not a valid regular expression: {e}"),
                    ));
                }
            }
            if schema
                .fields
                .iter()
                .filter(|f| f.kind == FieldType::Geojson)
                .count()
                > 1
            {
                return Err(invalid(
                    &schema_path,
                    "fields".into(),
                    "at most one geojson field per schema".into(),
                ));
            }
            if schema.primary_key.is_empty() {
                return Err(invalid(
                    &schema_path,
                    "primaryKey".into(),
                    "every kind needs a primary key so versions can be diffed row by row".into(),
                ));
            }
            for pk in &schema.primary_key {
                match schema.field(pk) {
                    None => {
                        return Err(invalid(
                            &schema_path,
                            "primaryKey".into(),
                            format!("names `{pk}`, which is not a field"),
                        ));
                    }
                    Some(f) if !f.constraints.required => {
                        return Err(invalid(
                            &schema_path,
                            format!("fields.{pk}.constraints.required"),
                            "primary key fields must be required".into(),
                        ));
                    }
                    Some(_) => {}
                }
            }
            for fk in &schema.foreign_keys {
                for f in &fk.fields {
                    if schema.field(f).is_none() {
                        return Err(invalid(
                            &schema_path,
                            "foreignKeys".into(),
                            format!("names `{f}`, which is not a field"),
                        ));
                    }
                }
                let Some(target) = self.kinds.get(&fk.reference.resource) else {
                    return Err(invalid(
                        &schema_path,
                        "foreignKeys.reference.resource".into(),
                        format!("`{}` is not a kind in protocol.toml", fk.reference.resource),
                    ));
                };
                if target.is_periodic() {
                    return Err(invalid(
                        &schema_path,
                        "foreignKeys.reference.resource".into(),
                        format!(
                            "`{}` is periodic; foreign keys may only reference living kinds",
                            fk.reference.resource
                        ),
                    ));
                }
                for f in &fk.reference.fields {
                    if target.schema.field(f).is_none() {
                        return Err(invalid(
                            &schema_path,
                            "foreignKeys.reference.fields".into(),
                            format!("`{f}` is not a field of `{}`", fk.reference.resource),
                        ));
                    }
                }
                if fk.fields.len() != fk.reference.fields.len() {
                    return Err(invalid(
                        &schema_path,
                        "foreignKeys".into(),
                        "fields and reference.fields must be the same length".into(),
                    ));
                }
            }
            match (kind.spec.frequency.is_periodic(), &kind.spec.period_field) {
                (true, None) => return Err(invalid(&toml_path, key("period_field"), "a periodic kind names the date or yearmonth field that places each row in its period".into())),
                (true, Some(pf)) => match schema.field(pf) {
                    Some(f) if matches!(f.kind, FieldType::Date | FieldType::Yearmonth | FieldType::String) => {}
                    Some(f) => return Err(invalid(&toml_path, key("period_field"), format!("`{pf}` is a {} field; expected a date, yearmonth or period string", f.kind))),
                    None => return Err(invalid(&toml_path, key("period_field"), format!("`{pf}` is not a field of {}", kind.spec.schema))),
                },
                (false, Some(_)) => return Err(invalid(&toml_path, key("period_field"), "a living (on_change) kind has no period field".into())),
                (false, None) => {}
            }
            if kind.spec.frequency.is_periodic() && kind.spec.due.is_none() {
                return Err(invalid(
                    &toml_path,
                    key("due"),
                    "a periodic kind needs a due rule, e.g. due = { days_after_period_end = 30 }"
                        .into(),
                ));
            }
            if let Some(due) = &kind.spec.due {
                due.check()
                    .map_err(|m| invalid(&toml_path, key("due"), m))?;
            }
            if let Some(sw) = &kind.spec.sw {
                if let Some(f) = sw.fields.keys().find(|f| schema.field(f).is_none()) {
                    return Err(invalid(
                        &toml_path,
                        key("sw.fields"),
                        format!("`{f}` is not a field of this kind"),
                    ));
                }
                if let Some(f) = sw
                    .redact
                    .keys()
                    .find(|f| !kind.spec.redact.iter().any(|r| &r.field == *f))
                {
                    return Err(invalid(
                        &toml_path,
                        key("sw.redact"),
                        format!("`{f}` is not a redacted field of this kind"),
                    ));
                }
            }
            for r in &kind.spec.redact {
                if schema
                    .field(&r.field)
                    .is_none_or(|f| f.kind != FieldType::String)
                {
                    return Err(invalid(
                        &toml_path,
                        key("redact.field"),
                        format!("`{}` is not a string field of this kind", r.field),
                    ));
                }
                if let Some(c) = &r.when
                    && schema.field(&c.field).is_none()
                {
                    return Err(invalid(
                        &toml_path,
                        key("redact.when.field"),
                        format!("`{}` is not a field of this kind", c.field),
                    ));
                }
            }
        }
        self.feedback
            .check(&self.offices)
            .map_err(|(key, message)| invalid(&toml_path, key, message))?;
        Ok(())
    }
}

fn read(path: &Path) -> Result<String, ProtocolError> {
    std::fs::read_to_string(path).map_err(|source| ProtocolError::Read {
        path: path.to_path_buf(),
        source,
    })
}
