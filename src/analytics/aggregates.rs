//! A version's dashboard aggregates: `aggregates.parquet`, written beside the version's
//! other files when it is published, so that a national office sums a few hundred rows
//! per county instead of running an engine over every payment.
//!
//! The rows are computed by the same code the county's own dashboards use ([`Records`],
//! [`super::spend`], [`super::flags`]), so the two cannot disagree. Money is in whole
//! cents, each row's amount rounded to the cent before summing: exact, as DuckDB's and
//! Spark's `DECIMAL(18, 2)` sums are. Response times are histograms (each distinct number
//! of days and how many had it), so medians and percentiles over many months or counties
//! are computed exactly from the merged histograms, never averaged.
//!
//! One long table for every kind (`measure` says what a row is):
//!
//! | measure | keys | `count` | `cents` |
//! |---|---|---|---|
//! | `budget` | fiscal_year, stage, office, item (economic item) | budget lines | amount |
//! | `spent` | fiscal_year, office, item (economic item) | payments | amount |
//! | `revenue_target`, `revenue_collected` | fiscal_year, item (revenue source code) | rows | amount |
//! | `service_days` | fiscal_year, item (service), days (decided − received) | requests | |
//! | `service_pending` | fiscal_year, item (service) | requests not decided | |
//! | `feedback_reports`, `feedback_open`, `feedback_overdue` | fiscal_year, office, item (category) | reports | |
//! | `feedback_acknowledge_days`, `feedback_resolve_days` | fiscal_year, office, item (category), days | reports | |
//! | `flags` | item (rule), severity | flags raised | |
//! | `flags_read` | dataset, version | 1 | |
//! | `flags_as_of` | item (the day the records run to) | 1 | |
//!
//! Red flags depend on several datasets (projects, inspections, payments, budgets), so they
//! are not a version's own figures: every version of a kind the rules read is published
//! with the flags of the store as it stands with that version (the latest version of every
//! dataset of those kinds), and `flags_read` names those versions. A county's current flags
//! are those of its latest such version.
//!
//! Plain types; this module writes and reads the file but knows nothing of the store's
//! commit or the national layout.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::spend::cents;
use super::{AnalyticsError, Records, cache, flags, read_error};
use crate::protocol::Protocol;
use crate::store::{Entry, FileRecord, Hashing};

/// The file's name in a version's folder.
pub const FILE: &str = "aggregates.parquet";

/// The kinds whose versions carry aggregates: those a dashboard reads, and those the red
/// flags read.
pub const KINDS: [&str; 7] = [
    "budget",
    "expenditure",
    "revenue",
    "service_requests",
    "feedback",
    "projects",
    "project_progress",
];

pub const BUDGET: &str = "budget";
pub const SPENT: &str = "spent";
pub const REVENUE_TARGET: &str = "revenue_target";
pub const REVENUE_COLLECTED: &str = "revenue_collected";
pub const SERVICE_DAYS: &str = "service_days";
pub const SERVICE_PENDING: &str = "service_pending";
pub const FEEDBACK_REPORTS: &str = "feedback_reports";
pub const FEEDBACK_OPEN: &str = "feedback_open";
pub const FEEDBACK_OVERDUE: &str = "feedback_overdue";
pub const ACKNOWLEDGE_DAYS: &str = "feedback_acknowledge_days";
pub const RESOLVE_DAYS: &str = "feedback_resolve_days";
pub const FLAGS: &str = "flags";
pub const FLAGS_READ: &str = "flags_read";
pub const FLAGS_AS_OF: &str = "flags_as_of";

/// One row of `aggregates.parquet`; a column a measure does not use is `None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub measure: String,
    pub fiscal_year: Option<String>,
    pub stage: Option<String>,
    pub office: Option<String>,
    pub item: Option<String>,
    pub severity: Option<String>,
    pub days: Option<f64>,
    pub dataset: Option<String>,
    pub version: Option<u32>,
    pub count: u64,
    pub cents: Option<i64>,
}

/// Rows grouped by their keys, with counts and cents summed.
#[derive(Debug, Default)]
struct Groups(BTreeMap<Key, (u64, Option<i64>)>);

/// A row's keys in column order; days ordered by their value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    measure: &'static str,
    fiscal_year: Option<String>,
    stage: Option<String>,
    office: Option<String>,
    item: Option<String>,
    severity: Option<String>,
    days: Option<Days>,
    dataset: Option<String>,
    version: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Days(f64);

impl Eq for Days {}

impl PartialOrd for Days {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Days {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Key {
    fn new(measure: &'static str) -> Self {
        Self {
            measure,
            fiscal_year: None,
            stage: None,
            office: None,
            item: None,
            severity: None,
            days: None,
            dataset: None,
            version: None,
        }
    }

    fn year(mut self, fiscal_year: &str) -> Self {
        self.fiscal_year = Some(fiscal_year.to_string());
        self
    }

    fn office(mut self, office: &str) -> Self {
        self.office = Some(office.to_string());
        self
    }

    fn item(mut self, item: &str) -> Self {
        self.item = Some(item.to_string());
        self
    }
}

impl Groups {
    fn count(&mut self, key: Key, n: u64) {
        self.0.entry(key).or_insert((0, None)).0 += n;
    }

    fn money(&mut self, key: Key, cents: i64) {
        let slot = self.0.entry(key).or_insert((0, Some(0)));
        slot.0 += 1;
        slot.1 = Some(slot.1.unwrap_or(0) + cents);
    }

    fn rows(self) -> Vec<Row> {
        self.0
            .into_iter()
            .map(|(k, (count, cents))| Row {
                measure: k.measure.to_string(),
                fiscal_year: k.fiscal_year,
                stage: k.stage,
                office: k.office,
                item: k.item,
                severity: k.severity,
                days: k.days.map(|d| d.0),
                dataset: k.dataset,
                version: k.version,
                count,
                cents,
            })
            .collect()
    }
}

/// The rows of one version's own records (all but the flags): `records` holds that
/// version only.
fn own_rows(records: &Records, groups: &mut Groups) {
    for l in &records.budget {
        let mut key = Key::new(BUDGET)
            .year(&l.fiscal_year)
            .office(&l.org_unit_code)
            .item(&l.economic_item);
        key.stage = Some(l.stage.clone());
        groups.money(key, cents(l.amount));
    }
    for s in &records.spend {
        let key = Key::new(SPENT)
            .year(&s.fiscal_year)
            .office(s.key("org_unit_code"))
            .item(s.key("economic_item"));
        let slot = groups.0.entry(key).or_insert((0, Some(0)));
        slot.0 += s.payments;
        slot.1 = Some(slot.1.unwrap_or(0) + s.cents);
    }
    for c in &records.revenue {
        let key = Key::new(REVENUE_TARGET)
            .year(&c.fiscal_year)
            .item(&c.source_code);
        groups.money(key.clone(), cents(c.target));
        groups.money(
            Key {
                measure: REVENUE_COLLECTED,
                ..key
            },
            cents(c.collected),
        );
    }
    for r in &records.requests {
        let key = Key::new(SERVICE_PENDING)
            .year(&r.fiscal_year)
            .item(&r.service);
        match r.decided {
            Some(decided) => {
                let taken = (decided - r.received).num_days() as f64;
                groups.count(
                    Key {
                        measure: SERVICE_DAYS,
                        days: Some(Days(taken)),
                        ..key
                    },
                    1,
                );
            }
            None => groups.count(key, 1),
        }
    }
    for r in records.replies.iter().filter(|r| r.counts()) {
        let key = Key::new(FEEDBACK_REPORTS)
            .year(&r.fiscal_year)
            .office(&r.office)
            .item(&r.category);
        let with = |measure| Key {
            measure,
            ..key.clone()
        };
        groups.count(with(FEEDBACK_REPORTS), 1);
        if r.is_open() {
            groups.count(with(FEEDBACK_OPEN), 1);
        }
        if r.is_overdue() {
            groups.count(with(FEEDBACK_OVERDUE), 1);
        }
        for (measure, days) in [
            (ACKNOWLEDGE_DAYS, r.days_to_acknowledge),
            (RESOLVE_DAYS, r.days_to_resolve),
        ] {
            if let Some(d) = days {
                groups.count(
                    Key {
                        days: Some(Days(d)),
                        ..with(measure)
                    },
                    1,
                );
            }
        }
    }
}

/// The aggregates of `new`, a version about to be published whose files are in
/// `folder`, in a store whose committed versions are in `data_dir` and whose latest
/// version of every dataset is `latest`. `None` for a kind outside [`KINDS`]. Blocking.
pub fn compute(
    protocol: &Protocol,
    data_dir: &Path,
    latest: &[&Entry],
    new: &Entry,
    folder: &Path,
) -> Result<Option<Vec<Row>>, AnalyticsError> {
    if !KINDS.contains(&new.kind.as_str()) {
        return Ok(None);
    }
    let cache = kept(data_dir);
    let own = Records::load_folders(protocol, &[(new, folder.to_path_buf())], &cache, false)?;
    let mut groups = Groups::default();
    own_rows(&own, &mut groups);
    if flags::KINDS.contains(&new.kind.as_str()) {
        let mut read: Vec<(&Entry, PathBuf)> = latest
            .iter()
            .filter(|e| flags::KINDS.contains(&e.kind.as_str()) && e.dataset != new.dataset)
            .map(|e| (*e, e.dir(data_dir)))
            .collect();
        read.push((new, folder.to_path_buf()));
        flag_rows(protocol, &read, &cache, &mut groups)?;
    }
    Ok(Some(groups.rows()))
}

/// What [`compute`] read of committed versions, kept for the one data directory published
/// to last, for the life of the process: a publisher publishing month after month (the
/// demo, a backfill) reads each month's payments once, not once per later month. A
/// version never changes once committed; [`forget`] drops what was kept when a publish
/// fails after computing, as its version number will be used again.
static KEPT: std::sync::Mutex<Option<(PathBuf, Arc<cache::Cache>)>> = std::sync::Mutex::new(None);

fn kept(data_dir: &Path) -> Arc<cache::Cache> {
    let Ok(mut kept) = KEPT.lock() else {
        return Arc::default();
    };
    match kept.as_ref() {
        Some((dir, cache)) if dir == data_dir => cache.clone(),
        _ => {
            let cache = Arc::new(cache::Cache::default());
            *kept = Some((data_dir.to_path_buf(), cache.clone()));
            cache
        }
    }
}

/// Drops what [`compute`] kept for `data_dir`: its last publish failed.
pub fn forget(data_dir: &Path) {
    if let Ok(mut kept) = KEPT.lock()
        && kept.as_ref().is_some_and(|(dir, _)| dir == data_dir)
    {
        *kept = None;
    }
}

/// The flags the versions `read` raise, counted by rule, with the versions read and the
/// day the records run to.
fn flag_rows(
    protocol: &Protocol,
    read: &[(&Entry, PathBuf)],
    cache: &cache::Cache,
    groups: &mut Groups,
) -> Result<(), AnalyticsError> {
    let records = Records::load_folders(protocol, read, cache, true)?;
    for (e, _) in read {
        let mut key = Key::new(FLAGS_READ);
        key.dataset = Some(e.dataset.clone());
        key.version = Some(e.version);
        groups.count(key, 1);
    }
    let Some(as_of) = records.as_of() else {
        return Ok(());
    };
    groups.count(Key::new(FLAGS_AS_OF).item(&as_of.to_string()), 1);
    for f in flags::find(&records, &protocol.audit, as_of) {
        let mut key = Key::new(FLAGS).item(f.rule.id());
        key.severity = Some(f.severity.id().to_string());
        groups.count(key, 1);
    }
    Ok(())
}

fn schema() -> Arc<Schema> {
    let text = |name| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("measure", DataType::Utf8, false),
        text("fiscal_year"),
        text("stage"),
        text("office"),
        text("item"),
        text("severity"),
        Field::new("days", DataType::Float64, true),
        text("dataset"),
        Field::new("version", DataType::Int32, true),
        Field::new("count", DataType::Int64, false),
        Field::new("cents", DataType::Int64, true),
    ]))
}

/// Writes `rows` as `aggregates.parquet` in `dir`, fsynced; the same rows always give the
/// same bytes. Returns what the ledger records of it, hashed as it was written.
pub fn write(dir: &Path, rows: &[Row]) -> Result<FileRecord, AnalyticsError> {
    let path = dir.join(FILE);
    let text = |f: fn(&Row) -> Option<&str>| {
        Arc::new(StringArray::from_iter(rows.iter().map(f))) as Arc<dyn Array>
    };
    let batch = RecordBatch::try_new(
        schema(),
        vec![
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| &r.measure),
            )),
            text(|r| r.fiscal_year.as_deref()),
            text(|r| r.stage.as_deref()),
            text(|r| r.office.as_deref()),
            text(|r| r.item.as_deref()),
            text(|r| r.severity.as_deref()),
            Arc::new(Float64Array::from_iter(rows.iter().map(|r| r.days))),
            text(|r| r.dataset.as_deref()),
            Arc::new(Int32Array::from_iter(
                rows.iter().map(|r| r.version.map(|v| v as i32)),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| r.count as i64),
            )),
            Arc::new(Int64Array::from_iter(rows.iter().map(|r| r.cents))),
        ],
    )
    .expect("the columns match the schema");
    let file = Hashing::new(File::create(&path).map_err(read_error(&path))?);
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let mut writer =
        ArrowWriter::try_new(file, schema(), Some(props)).map_err(read_error(&path))?;
    writer.write(&batch).map_err(read_error(&path))?;
    let (file, sha256, bytes) = writer.into_inner().map_err(read_error(&path))?.finish();
    file.sync_all().map_err(read_error(&path))?;
    Ok(FileRecord {
        path: FILE.to_string(),
        sha256,
        bytes,
        rows: Some(rows.len() as u64),
    })
}

/// Reads an `aggregates.parquet` back.
pub fn read(path: &Path) -> Result<Vec<Row>, AnalyticsError> {
    let file = File::open(path).map_err(read_error(path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(read_error(path))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(read_error(path))?;
        let column = |name: &'static str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| AnalyticsError::MissingColumn {
                    path: path.to_path_buf(),
                    column: name,
                })
        };
        let text = |name: &'static str| -> Result<&StringArray, AnalyticsError> {
            column(name)?
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| AnalyticsError::MissingColumn {
                    path: path.to_path_buf(),
                    column: name,
                })
        };
        let get = |a: &StringArray, i: usize| a.is_valid(i).then(|| a.value(i).to_string());
        let (measure, year, stage, office, item, severity, dataset) = (
            text("measure")?,
            text("fiscal_year")?,
            text("stage")?,
            text("office")?,
            text("item")?,
            text("severity")?,
            text("dataset")?,
        );
        let typed = |name: &'static str| AnalyticsError::MissingColumn {
            path: path.to_path_buf(),
            column: name,
        };
        let days = column("days")?
            .as_any()
            .downcast_ref::<Float64Array>()
            .ok_or_else(|| typed("days"))?;
        let version = column("version")?
            .as_any()
            .downcast_ref::<Int32Array>()
            .ok_or_else(|| typed("version"))?;
        let count = column("count")?
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| typed("count"))?;
        let money = column("cents")?
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| typed("cents"))?;
        for i in 0..batch.num_rows() {
            rows.push(Row {
                measure: measure.value(i).to_string(),
                fiscal_year: get(year, i),
                stage: get(stage, i),
                office: get(office, i),
                item: get(item, i),
                severity: get(severity, i),
                days: days.is_valid(i).then(|| days.value(i)),
                dataset: get(dataset, i),
                version: version.is_valid(i).then(|| version.value(i) as u32),
                count: count.value(i) as u64,
                cents: money.is_valid(i).then(|| money.value(i)),
            });
        }
    }
    Ok(rows)
}

/// A histogram of days: each distinct value and how many had it. Merging two is adding
/// their counts, so a median over many months or counties is exact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram(BTreeMap<Days, u64>);

impl Histogram {
    pub fn add(&mut self, days: f64, count: u64) {
        *self.0.entry(Days(days)).or_default() += count;
    }

    pub fn merge(&mut self, other: &Self) {
        for (d, n) in &other.0 {
            *self.0.entry(*d).or_default() += n;
        }
    }

    pub fn count(&self) -> u64 {
        self.0.values().sum()
    }

    /// The `q` quantile by nearest rank, as the county's dashboards compute it over the
    /// values themselves.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
        let mut seen = 0;
        for (d, count) in &self.0 {
            seen += count;
            if seen >= rank {
                return Some(d.0);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::services::quantile;

    #[test]
    fn a_merged_histogram_gives_the_quantiles_of_all_its_values() {
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.5];
        let (mut a, mut b) = (Histogram::default(), Histogram::default());
        for (i, v) in values.iter().enumerate() {
            if i % 2 == 0 { &mut a } else { &mut b }.add(*v, 1);
        }
        a.merge(&b);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        for q in [0.1, 0.5, 0.9, 1.0] {
            assert_eq!(a.quantile(q), quantile(&sorted, q), "q = {q}");
        }
        assert_eq!(Histogram::default().quantile(0.5), None);
    }

    #[test]
    fn response_time_histograms_give_the_countys_own_figures() {
        use crate::analytics::responses::{self, Reply};
        use chrono::NaiveDate;
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 8, d).unwrap();
        let source = Arc::new(crate::analytics::Source {
            dataset: "feedback-2025-08".into(),
            version: 1,
            hash: String::new(),
        });
        let reply = |i: u32, status: &str, ack: Option<f64>, res: Option<f64>| Reply {
            reference: format!("R{i}"),
            category: ["refuse", "water"][i as usize % 2].into(),
            office: ["health", "water"][i as usize % 3 / 2].into(),
            status: status.into(),
            received: day(1 + i % 20),
            fiscal_year: "2025-26".into(),
            status_as_of: day(31),
            days_to_acknowledge: ack,
            days_to_resolve: res,
            acknowledge_standard_days: Some(3.0),
            resolve_standard_days: Some(10.0),
            acknowledged_within_standard: None,
            resolved_within_standard: None,
            source: source.clone(),
        };
        let mut records = Records::default();
        for i in 0..40 {
            let ack = f64::from(i % 7) / 2.0;
            records.replies.push(match i % 5 {
                0 => reply(i, "open", None, None),
                1 => reply(i, "duplicate", Some(ack), None),
                2 => reply(i, "acknowledged", Some(ack), None),
                _ => reply(i, "resolved", Some(ack), Some(f64::from(i % 11) + 0.5)),
            });
        }
        let mut groups = Groups::default();
        own_rows(&records, &mut groups);
        let rows = groups.rows();
        let (mut ack, mut res) = (Histogram::default(), Histogram::default());
        let sum = |measure: &str| -> u64 {
            rows.iter()
                .filter(|r| r.measure == measure)
                .map(|r| r.count)
                .sum()
        };
        for r in &rows {
            match r.measure.as_str() {
                ACKNOWLEDGE_DAYS => ack.add(r.days.unwrap(), r.count),
                RESOLVE_DAYS => res.add(r.days.unwrap(), r.count),
                _ => {}
            }
        }
        let (_, own) = responses::table(&records.replies, "2025-26", responses::By::Office);
        assert_eq!(sum(FEEDBACK_REPORTS), own.reports as u64);
        assert_eq!(sum(FEEDBACK_OPEN), own.open as u64);
        assert_eq!(sum(FEEDBACK_OVERDUE), own.overdue as u64);
        assert_eq!(ack.quantile(0.5), own.median_acknowledge_days);
        assert_eq!(ack.quantile(0.9), own.p90_acknowledge_days);
        assert_eq!(res.quantile(0.5), own.median_resolve_days);
        assert_eq!(res.quantile(0.9), own.p90_resolve_days);
        assert!(own.reports > 0 && own.overdue > 0 && own.median_resolve_days.is_some());
    }

    #[test]
    fn rows_are_written_and_read_back_the_same_and_the_bytes_repeat() {
        let rows = vec![
            Row {
                measure: SPENT.into(),
                fiscal_year: Some("2025-26".into()),
                office: Some("3011".into()),
                item: Some("2211000".into()),
                count: 3,
                cents: Some(-12_345),
                ..Row::default()
            },
            Row {
                measure: FLAGS_READ.into(),
                dataset: Some("projects".into()),
                version: Some(2),
                count: 1,
                days: Some(0.5),
                ..Row::default()
            },
        ];
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write(a.path(), &rows).unwrap();
        let written = a.path().join(FILE);
        assert_eq!(read(&written).unwrap(), rows);
        write(b.path(), &rows).unwrap();
        let again = b.path().join(FILE);
        assert_eq!(
            std::fs::read(written).unwrap(),
            std::fs::read(again).unwrap()
        );
    }
}
