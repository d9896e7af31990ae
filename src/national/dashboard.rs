//! National dashboards: counties side by side for one fiscal year, each figure a sum of the
//! `aggregates.parquet` the counties published with their versions and the national store
//! harvested (see [`crate::analytics::aggregates`]). No engine runs at request time.
//!
//! Per county: budget by stage and spent, and absorption (spent against the latest approved
//! stage: supplementary or revised where published, else approved); own revenue collected
//! against target; disclosure compliance of the year's periods (on time, late, missing,
//! not yet due), judged from the mirrored county ledger's publication times against the
//! protocol's due dates as of the national ledger's last harvest; response times to
//! service requests and to citizens' reports; red-flag counts. Every figure names the
//! harvested versions it was summed from.
//!
//! Exact: money (whole cents, summed as integers), counts, and medians and percentiles
//! (computed from merged histograms of days, never averaged). A figure whose versions
//! include one harvested without aggregates (a county on an older release) is not
//! available, and says which versions lack them; it is never shown as zero.
//!
//! The current versions are those of the manifests, read from the national ledger they
//! are derived from. [`DashboardCache`] keeps the dashboards per ledger head.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Added, National, NationalError, manifest, mirror_path};
use crate::analytics::aggregates::{self as agg, Histogram, Row};
use crate::protocol::compliance::Status;
use crate::protocol::{Frequency, Period, Protocol};

/// Budget stages from the least to the most current.
pub const STAGES: [&str; 4] = ["proposed", "approved", "supplementary", "revised"];

/// A harvested version a figure was summed from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct VersionRef {
    pub dataset: String,
    pub kind: String,
    pub period: Option<String>,
    pub version: u32,
    /// Its folder in the national store (`expenditure/county=901/period=2025-09/v=1`).
    pub dir: String,
}

impl VersionRef {
    fn of(county: &str, a: &Added) -> Self {
        Self {
            dataset: a.dataset.clone(),
            kind: a.kind.clone(),
            period: a.period.clone(),
            version: a.version,
            dir: super::version_dir(&a.kind, county, a.period.as_deref(), a.version),
        }
    }
}

/// A figure and the versions it was summed from. `value` is `None` when it is not
/// available: nothing published, or `without_aggregates` is not empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure<T> {
    pub value: Option<T>,
    pub from: Vec<VersionRef>,
    /// Versions that feed the figure but were harvested without `aggregates.parquet`.
    pub without_aggregates: Vec<VersionRef>,
}

impl<T> Figure<T> {
    fn none() -> Self {
        Self {
            value: None,
            from: Vec::new(),
            without_aggregates: Vec::new(),
        }
    }
}

/// Budget by stage and spending, in cents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Budget {
    /// Each stage published for the year, in [`STAGES`] order, with its total.
    pub stages: Vec<(String, i64)>,
    pub spent_cents: i64,
    pub payments: u64,
    /// Spent as a share of the latest approved stage, in percent ([`Budget::absorption`]).
    pub absorption_percent: Option<f64>,
}

impl Budget {
    /// The latest approved stage (supplementary or revised where published, else approved)
    /// and its total: what spending is measured against.
    pub fn approved(&self) -> Option<(&str, i64)> {
        self.stages
            .iter()
            .rev()
            .find(|(s, _)| s != "proposed")
            .map(|(s, c)| (s.as_str(), *c))
    }

    /// Spent as a share of the latest approved stage, in percent.
    pub fn absorption(&self) -> Option<f64> {
        let (_, budget) = self.approved()?;
        (budget > 0).then(|| self.spent_cents as f64 / budget as f64 * 100.0)
    }

    fn add(&mut self, other: &Self) {
        for (stage, cents) in &other.stages {
            match self.stages.iter_mut().find(|(s, _)| s == stage) {
                Some(slot) => slot.1 += cents,
                None => self.stages.push((stage.clone(), *cents)),
            }
        }
        self.stages
            .sort_by_key(|(s, _)| STAGES.iter().position(|x| x == s));
        self.spent_cents += other.spent_cents;
        self.payments += other.payments;
        self.absorption_percent = self.absorption();
    }
}

/// Own revenue, in cents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Revenue {
    pub target_cents: i64,
    pub collected_cents: i64,
    /// Collected as a share of target, in percent ([`Revenue::rate`]).
    pub rate_percent: Option<f64>,
}

impl Revenue {
    /// Collected as a share of target, in percent.
    pub fn rate(&self) -> Option<f64> {
        (self.target_cents > 0)
            .then(|| self.collected_cents as f64 / self.target_cents as f64 * 100.0)
    }
}

/// The year's required disclosures and how each went.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Compliance {
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub not_yet_due: usize,
    /// The mirrored county ledger the publication times were read from.
    pub ledger: String,
}

/// Days to decide service requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Services {
    pub requests: u64,
    pub decided: u64,
    pub pending: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    #[serde(skip)]
    days: Histogram,
}

impl Services {
    fn finish(mut self) -> Self {
        self.decided = self.days.count();
        self.requests = self.decided + self.pending;
        self.median_days = self.days.quantile(0.5);
        self.p90_days = self.days.quantile(0.9);
        self
    }
}

/// Days to acknowledge and resolve citizens' reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Feedback {
    pub reports: u64,
    pub open: u64,
    pub overdue: u64,
    pub median_acknowledge_days: Option<f64>,
    pub p90_acknowledge_days: Option<f64>,
    pub median_resolve_days: Option<f64>,
    pub p90_resolve_days: Option<f64>,
    #[serde(skip)]
    acknowledge: Histogram,
    #[serde(skip)]
    resolve: Histogram,
}

impl Feedback {
    fn finish(mut self) -> Self {
        self.median_acknowledge_days = self.acknowledge.quantile(0.5);
        self.p90_acknowledge_days = self.acknowledge.quantile(0.9);
        self.median_resolve_days = self.resolve.quantile(0.5);
        self.p90_resolve_days = self.resolve.quantile(0.9);
        self
    }
}

/// Red flags raised, by severity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Flags {
    pub high: u64,
    pub medium: u64,
    pub low: u64,
    pub total: u64,
    /// The day the county's records ran to when the flags were computed.
    pub as_of: Option<String>,
    /// The county versions the rules read: dataset and version.
    pub read: Vec<(String, u32)>,
}

/// One county's figures for the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct County {
    pub code: String,
    /// The jurisdiction its latest harvested version names, if it says.
    pub name: Option<String>,
    /// Its own site, when it was harvested from one.
    pub site: Option<String>,
    pub budget: Figure<Budget>,
    pub revenue: Figure<Revenue>,
    pub compliance: Compliance,
    pub services: Figure<Services>,
    pub feedback: Figure<Feedback>,
    pub flags: Figure<Flags>,
}

/// The sums over every county whose figure is available, and how many those are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub budget: (usize, Budget),
    pub revenue: (usize, Revenue),
    pub compliance: (usize, Compliance),
    pub services: (usize, Services),
    pub feedback: (usize, Feedback),
    pub flags: (usize, Flags),
}

/// The national dashboards of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// The national ledger head the figures were computed at.
    pub head: String,
    /// `2025-26`; `None` when nothing is harvested yet.
    pub fiscal_year: Option<String>,
    /// Every fiscal year with a harvested version, latest first.
    pub years: Vec<String>,
    /// The day of the last harvest: compliance is judged as of it.
    pub as_of: Option<NaiveDate>,
    pub counties: Vec<County>,
    pub totals: Totals,
}

/// Why a dashboard cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error(transparent)]
    National(#[from] NationalError),
    #[error(
        "cannot read the harvested aggregates of county {county}; run `disclose verify --national`"
    )]
    Aggregates {
        county: String,
        source: crate::analytics::AnalyticsError,
    },
    #[error("no harvested version is of fiscal year `{asked}`; the years are {years}")]
    UnknownYear { asked: String, years: String },
}

/// The fiscal year of a periodic version (`None` for a living kind).
fn fiscal_year(protocol: &Protocol, dataset: &str) -> Option<String> {
    let (_, period) = protocol.resolve_dataset(dataset)?;
    let fy = protocol.jurisdiction.fiscal_year_start_month;
    Some(Period::containing(period?.first_day(), Frequency::Annual, fy)?.to_string())
}

/// The kinds whose versions a year's figures are summed from.
const YEAR_KINDS: [&str; 5] = [
    "budget",
    "expenditure",
    "revenue",
    "service_requests",
    "feedback",
];

/// Computes the dashboards of `year` (default: the latest year with a budget or payments)
/// from the national store. Blocking.
pub fn compute(
    national: &National,
    protocol: &Protocol,
    year: Option<&str>,
) -> Result<Dashboard, DashboardError> {
    let root = national.root();
    let latest = manifest::latest(national.harvests());
    let mut years: Vec<String> = Vec::new();
    let mut main_years: Vec<String> = Vec::new();
    for ((kind, _, _), added) in &latest {
        if !YEAR_KINDS.contains(kind) {
            continue;
        }
        if let Some(fy) = fiscal_year(protocol, &added.dataset) {
            if matches!(*kind, "budget" | "expenditure") {
                main_years.push(fy.clone());
            }
            years.push(fy);
        }
    }
    years.sort();
    years.dedup();
    years.reverse();
    let fiscal_year = match year {
        Some(y) if years.iter().any(|x| x == y) => Some(y.to_string()),
        Some(y) => {
            return Err(DashboardError::UnknownYear {
                asked: y.to_string(),
                years: years.join(", "),
            });
        }
        None => main_years
            .into_iter()
            .max()
            .or_else(|| years.first().cloned()),
    };
    let as_of = national
        .harvests()
        .last()
        .and_then(|h| chrono::DateTime::parse_from_rfc3339(&h.harvested_at).ok())
        .map(|t| t.date_naive());

    let counties = national.counties();
    let mut out: Vec<Option<Result<County, DashboardError>>> =
        (0..counties.len()).map(|_| None).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(counties.len())
        .max(1);
    std::thread::scope(|scope| {
        let chunks: Vec<_> = out
            .chunks_mut(counties.len().div_ceil(workers).max(1))
            .collect();
        let mut start = 0;
        for chunk in chunks {
            let codes = &counties[start..start + chunk.len()];
            start += chunk.len();
            let (latest, fiscal_year) = (&latest, &fiscal_year);
            scope.spawn(move || {
                for (slot, code) in chunk.iter_mut().zip(codes) {
                    *slot = Some(county(
                        national,
                        root,
                        protocol,
                        latest,
                        code,
                        fiscal_year.as_deref(),
                        as_of,
                    ));
                }
            });
        }
    });
    let counties: Vec<County> = out
        .into_iter()
        .map(|c| c.expect("every county computed"))
        .collect::<Result<_, _>>()?;
    let totals = totals(&counties);
    Ok(Dashboard {
        head: national.head().to_string(),
        fiscal_year,
        years,
        as_of,
        counties,
        totals,
    })
}

fn totals(counties: &[County]) -> Totals {
    let mut t = Totals::default();
    for c in counties {
        if let Some(b) = &c.budget.value {
            t.budget.0 += 1;
            t.budget.1.add(b);
        }
        if let Some(r) = &c.revenue.value {
            t.revenue.0 += 1;
            t.revenue.1.target_cents += r.target_cents;
            t.revenue.1.collected_cents += r.collected_cents;
            t.revenue.1.rate_percent = t.revenue.1.rate();
        }
        t.compliance.0 += 1;
        t.compliance.1.on_time += c.compliance.on_time;
        t.compliance.1.late += c.compliance.late;
        t.compliance.1.missing += c.compliance.missing;
        t.compliance.1.not_yet_due += c.compliance.not_yet_due;
        if let Some(s) = &c.services.value {
            t.services.0 += 1;
            t.services.1.pending += s.pending;
            t.services.1.days.merge(&s.days);
        }
        if let Some(f) = &c.feedback.value {
            t.feedback.0 += 1;
            t.feedback.1.reports += f.reports;
            t.feedback.1.open += f.open;
            t.feedback.1.overdue += f.overdue;
            t.feedback.1.acknowledge.merge(&f.acknowledge);
            t.feedback.1.resolve.merge(&f.resolve);
        }
        if let Some(f) = &c.flags.value {
            t.flags.0 += 1;
            t.flags.1.high += f.high;
            t.flags.1.medium += f.medium;
            t.flags.1.low += f.low;
            t.flags.1.total += f.total;
        }
    }
    t.services.1 = std::mem::take(&mut t.services.1).finish();
    t.feedback.1 = std::mem::take(&mut t.feedback.1).finish();
    t
}

type Latest<'a> = BTreeMap<(&'a str, &'a str, Option<&'a str>), &'a Added>;

/// The aggregates of `versions`, or the versions without them.
struct Read {
    rows: Vec<Row>,
    from: Vec<VersionRef>,
    without: Vec<VersionRef>,
}

fn read_all(root: &Path, code: &str, versions: &[&Added]) -> Result<Read, DashboardError> {
    let mut read = Read {
        rows: Vec::new(),
        from: Vec::new(),
        without: Vec::new(),
    };
    for a in versions {
        let r = VersionRef::of(code, a);
        let file = a
            .files
            .iter()
            .find(|f| f.path.rsplit('/').next() == Some(agg::FILE));
        match file {
            Some(f) => {
                let rows = agg::read(&root.join(&f.path)).map_err(|source| {
                    DashboardError::Aggregates {
                        county: code.to_string(),
                        source,
                    }
                })?;
                read.rows.extend(rows);
                read.from.push(r);
            }
            None => read.without.push(r),
        }
    }
    Ok(read)
}

/// Sums rows into a figure, unless a version lacks aggregates or there are none.
fn figure<T>(read: Read, sum: impl FnOnce(&[Row]) -> T) -> Figure<T> {
    if read.from.is_empty() && read.without.is_empty() {
        return Figure::none();
    }
    Figure {
        value: read.without.is_empty().then(|| sum(&read.rows)),
        from: read.from,
        without_aggregates: read.without,
    }
}

fn county(
    national: &National,
    root: &Path,
    protocol: &Protocol,
    latest: &Latest<'_>,
    code: &str,
    year: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<County, DashboardError> {
    let of_year = |kinds: &[&str]| -> Vec<&Added> {
        latest
            .iter()
            .filter(|((k, c, _), a)| {
                *c == code
                    && kinds.contains(k)
                    && year.is_some()
                    && fiscal_year(protocol, &a.dataset).as_deref() == year
            })
            .map(|(_, a)| *a)
            .collect()
    };
    let in_year = |r: &&Row| r.fiscal_year.as_deref() == year;

    let budget = figure(
        read_all(root, code, &of_year(&["budget", "expenditure"]))?,
        |rows| {
            let mut b = Budget::default();
            let mut stages: BTreeMap<usize, (String, i64)> = BTreeMap::new();
            for r in rows.iter().filter(in_year) {
                let cents = r.cents.unwrap_or(0);
                match r.measure.as_str() {
                    agg::BUDGET => {
                        let stage = r.stage.clone().unwrap_or_default();
                        let at = STAGES
                            .iter()
                            .position(|s| *s == stage)
                            .unwrap_or(STAGES.len());
                        stages.entry(at).or_insert((stage, 0)).1 += cents;
                    }
                    agg::SPENT => {
                        b.spent_cents += cents;
                        b.payments += r.count;
                    }
                    _ => {}
                }
            }
            b.stages = stages.into_values().collect();
            b.absorption_percent = b.absorption();
            b
        },
    );
    let revenue = figure(read_all(root, code, &of_year(&["revenue"]))?, |rows| {
        let mut v = Revenue::default();
        for r in rows.iter().filter(in_year) {
            match r.measure.as_str() {
                agg::REVENUE_TARGET => v.target_cents += r.cents.unwrap_or(0),
                agg::REVENUE_COLLECTED => v.collected_cents += r.cents.unwrap_or(0),
                _ => {}
            }
        }
        v.rate_percent = v.rate();
        v
    });
    let services = figure(
        read_all(root, code, &of_year(&["service_requests"]))?,
        |rows| {
            let mut s = Services::default();
            for r in rows.iter().filter(in_year) {
                match (r.measure.as_str(), r.days) {
                    (agg::SERVICE_DAYS, Some(d)) => s.days.add(d, r.count),
                    (agg::SERVICE_PENDING, _) => s.pending += r.count,
                    _ => {}
                }
            }
            s.finish()
        },
    );
    let feedback = figure(read_all(root, code, &of_year(&["feedback"]))?, |rows| {
        let mut f = Feedback::default();
        for r in rows.iter().filter(in_year) {
            match (r.measure.as_str(), r.days) {
                (agg::FEEDBACK_REPORTS, _) => f.reports += r.count,
                (agg::FEEDBACK_OPEN, _) => f.open += r.count,
                (agg::FEEDBACK_OVERDUE, _) => f.overdue += r.count,
                (agg::ACKNOWLEDGE_DAYS, Some(d)) => f.acknowledge.add(d, r.count),
                (agg::RESOLVE_DAYS, Some(d)) => f.resolve.add(d, r.count),
                _ => {}
            }
        }
        f.finish()
    });

    // The flags of the county's latest version of a kind the rules read.
    let flag_version = latest
        .iter()
        .filter(|((k, c, _), _)| *c == code && crate::analytics::flags::KINDS.contains(k))
        .map(|(_, a)| *a)
        .max_by_key(|a| a.county_seq);
    let flags = match flag_version {
        Some(a) => figure(read_all(root, code, &[a])?, |rows| {
            let mut f = Flags::default();
            for r in rows {
                match r.measure.as_str() {
                    agg::FLAGS => match r.severity.as_deref() {
                        Some("high") => f.high += r.count,
                        Some("medium") => f.medium += r.count,
                        _ => f.low += r.count,
                    },
                    agg::FLAGS_AS_OF => f.as_of = r.item.clone(),
                    agg::FLAGS_READ => {
                        if let (Some(d), Some(v)) = (&r.dataset, r.version) {
                            f.read.push((d.clone(), v));
                        }
                    }
                    _ => {}
                }
            }
            f.total = f.high + f.medium + f.low;
            f
        }),
        None => Figure::none(),
    };

    let (entries, ledger) = mirrored(root, code)?;
    let mut compliance = Compliance {
        ledger,
        ..Compliance::default()
    };
    if let (Some(as_of), Some(year)) = (as_of, year) {
        for o in crate::analytics::disclosures(protocol, &entries, as_of) {
            if fiscal_year(protocol, &o.dataset).as_deref() != Some(year) {
                continue;
            }
            match o.status {
                Status::OnTime { .. } => compliance.on_time += 1,
                Status::Late { .. } => compliance.late += 1,
                Status::Missing { .. } => compliance.missing += 1,
                Status::NotYetDue => compliance.not_yet_due += 1,
            }
        }
    }

    let last = national.harvests().iter().rev().find(|h| h.county == code);
    let site = last
        .map(|h| h.source.as_str())
        .filter(|s| s.starts_with("http://") || s.starts_with("https://"))
        .map(|s| s.trim_end_matches('/').to_string());
    let name = latest
        .iter()
        .filter(|((_, c, _), _)| *c == code)
        .map(|(_, a)| *a)
        .max_by_key(|a| a.county_seq)
        .and_then(|a| jurisdiction(root, a));
    Ok(County {
        code: code.to_string(),
        name,
        site,
        budget,
        revenue,
        compliance,
        services,
        feedback,
        flags,
    })
}

/// The county's mirrored ledger, and its path relative to the national root.
fn mirrored(root: &Path, code: &str) -> Result<(Vec<crate::store::Entry>, String), DashboardError> {
    let entries = super::read_mirror(root, code)?;
    let path = mirror_path(root, code);
    let relative = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(&path));
    Ok((entries, relative.display().to_string()))
}

/// The jurisdiction a version's `datapackage.json` names.
fn jurisdiction(root: &Path, a: &Added) -> Option<String> {
    let file = a
        .files
        .iter()
        .find(|f| f.path.ends_with("/datapackage.json"))?;
    let text = std::fs::read(root.join(&file.path)).ok()?;
    let package: serde_json::Value = serde_json::from_slice(&text).ok()?;
    package["disclose"]["jurisdiction"]
        .as_str()
        .map(str::to_string)
}

/// The dashboards kept per national ledger head and fiscal year. The ledger only grows
/// (a harvest appends one line), so its length and modification time name its head
/// without reading it: a warm request costs one `stat`.
#[derive(Debug, Default)]
pub struct DashboardCache {
    kept: Mutex<Option<Kept>>,
}

#[derive(Debug)]
struct Kept {
    stamp: (u64, Option<std::time::SystemTime>),
    by_year: BTreeMap<Option<String>, Arc<Dashboard>>,
}

impl DashboardCache {
    /// The dashboards of `year` for the national store at `root`: kept, or computed
    /// (cold) and kept. Blocking.
    pub fn get(
        &self,
        root: &Path,
        protocol: &Protocol,
        year: Option<&str>,
    ) -> Result<Arc<Dashboard>, DashboardError> {
        let ledger = root.join(super::LEDGER);
        let stamp = std::fs::metadata(&ledger)
            .map(|m| (m.len(), m.modified().ok()))
            .unwrap_or((0, None));
        let key = year.map(str::to_string);
        if let Ok(kept) = self.kept.lock()
            && let Some(k) = kept.as_ref()
            && k.stamp == stamp
            && let Some(found) = k.by_year.get(&key)
        {
            return Ok(found.clone());
        }
        let national = National::open(root)?;
        let computed = Arc::new(compute(&national, protocol, year)?);
        if let Ok(mut kept) = self.kept.lock() {
            let k = kept.get_or_insert_with(|| Kept {
                stamp,
                by_year: BTreeMap::new(),
            });
            if k.stamp != stamp {
                *k = Kept {
                    stamp,
                    by_year: BTreeMap::new(),
                };
            }
            k.by_year.insert(key, computed.clone());
        }
        Ok(computed)
    }

    /// Whether anything is kept (for tests and benchmarks of cold and warm).
    pub fn is_warm(&self) -> bool {
        self.kept
            .lock()
            .is_ok_and(|k| k.as_ref().is_some_and(|k| !k.by_year.is_empty()))
    }
}
