//! Analytics over the published store: the records the audit tools need, read from the
//! latest version of each dataset (only the columns needed), and the red flags
//! ([`flags`]). Plain types in and out; only `web` knows about HTTP.

pub mod aggregates;
pub mod budget;
pub mod cache;
pub mod figures;
pub mod flags;
pub mod payments;
pub mod responses;
pub mod revenue;
pub mod services;
pub mod spend;
pub mod works;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, AsArray};
use arrow::datatypes::{Date32Type, Float64Type};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::protocol::{Frequency, Period, Protocol};
use crate::store::Entry;

/// A published file that analytics could not read as expected; names the file.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: ReadError,
    },
    #[error("{path} has no `{column}` column; run `disclose verify` and check the protocol")]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error(transparent)]
    Features(#[from] crate::store::FeaturesError),
    #[error("a worker reading the published files stopped unexpectedly")]
    Worker,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error(transparent)]
    Arrow(#[from] arrow::error::ArrowError),
}

/// A closure turning a read error on `path` into an [`AnalyticsError`].
fn read_error<E: Into<ReadError>>(path: &Path) -> impl Fn(E) -> AnalyticsError + '_ {
    move |e| AnalyticsError::Read {
        path: path.to_path_buf(),
        source: e.into(),
    }
}

/// Distinct fiscal years, latest first.
fn latest_first<'a>(years: impl Iterator<Item = &'a str>) -> Vec<String> {
    let years: std::collections::BTreeSet<&str> = years.collect();
    years.into_iter().rev().map(str::to_string).collect()
}

/// Reads only `columns` of a Parquet file; absent columns are left out.
pub fn read_columns(path: &Path, columns: &[&str]) -> Result<Vec<RecordBatch>, AnalyticsError> {
    let file = std::fs::File::open(path).map_err(read_error(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(read_error(path))?;
    let wanted: Vec<usize> = builder
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| columns.contains(&f.name().as_str()))
        .map(|(i, _)| i)
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted);
    let reader = builder
        .with_projection(mask)
        .build()
        .map_err(read_error(path))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error(path))
}

/// Reads only `columns` of a Parquet file, text columns as Arrow dictionaries (as
/// Parquet stores them) except those in `as_text`, in large batches.
pub fn read_dictionaries(
    path: &Path,
    columns: &[&str],
    as_text: &[&str],
) -> Result<Vec<RecordBatch>, AnalyticsError> {
    use arrow::datatypes::{DataType, Field, Schema};
    use parquet::arrow::arrow_reader::ArrowReaderOptions;
    let file = std::fs::File::open(path).map_err(read_error(path))?;
    let plain =
        ParquetRecordBatchReaderBuilder::try_new(file.try_clone().map_err(read_error(path))?)
            .map_err(read_error(path))?;
    let fields: Vec<Field> = plain
        .schema()
        .fields()
        .iter()
        .map(|f| {
            if f.data_type() == &DataType::Utf8 && !as_text.contains(&f.name().as_str()) {
                Field::new(
                    f.name(),
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                    f.is_nullable(),
                )
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(
        file,
        ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields))),
    )
    .map_err(read_error(path))?;
    let wanted: Vec<usize> = builder
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| columns.contains(&f.name().as_str()))
        .map(|(i, _)| i)
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(64 * 1024)
        .build()
        .map_err(read_error(path))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error(path))
}

/// One row's text cell; empty when null or absent.
pub fn text(batch: &RecordBatch, name: &str, i: usize) -> String {
    batch
        .column_by_name(name)
        .filter(|c| !c.is_null(i))
        .map(|c| c.as_string::<i32>().value(i).to_string())
        .unwrap_or_default()
}

fn number(batch: &RecordBatch, name: &str, i: usize) -> Option<f64> {
    batch
        .column_by_name(name)
        .filter(|c| !c.is_null(i))
        .map(|c| c.as_primitive::<Float64Type>().value(i))
}

/// One row's number cell whether the column is a number or an integer; empty when null,
/// absent or of another type.
fn any_number(batch: &RecordBatch, name: &str, i: usize) -> Option<f64> {
    use arrow::datatypes::{DataType, Int64Type};
    let c = batch.column_by_name(name).filter(|c| !c.is_null(i))?;
    match c.data_type() {
        DataType::Float64 => Some(c.as_primitive::<Float64Type>().value(i)),
        DataType::Int64 => Some(c.as_primitive::<Int64Type>().value(i) as f64),
        _ => None,
    }
}

/// One row's boolean cell; empty when null, absent or of another type.
fn boolean(batch: &RecordBatch, name: &str, i: usize) -> Option<bool> {
    let c = batch.column_by_name(name).filter(|c| !c.is_null(i))?;
    (c.data_type() == &arrow::datatypes::DataType::Boolean).then(|| c.as_boolean().value(i))
}

fn day(batch: &RecordBatch, name: &str, i: usize) -> Option<NaiveDate> {
    batch
        .column_by_name(name)
        .filter(|c| !c.is_null(i))
        .map(|c| epoch_day(c.as_primitive::<Date32Type>().value(i)))
}

pub fn epoch_day(days: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date") + chrono::Days::new(days.max(0) as u64)
}

/// A dataset version: where a figure came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Source {
    pub dataset: String,
    pub version: u32,
    /// The version's ledger hash.
    pub hash: String,
}

impl Source {
    fn of(e: &Entry) -> Arc<Self> {
        Arc::new(Self {
            dataset: e.dataset.clone(),
            version: e.version,
            hash: e.hash.clone(),
        })
    }
}

/// One payment, as the red flags need it. Text that repeats across rows (payees,
/// offices, items, wards) is shared, not copied per row.
#[derive(Debug, Clone)]
pub struct Payment {
    pub date: NaiveDate,
    pub voucher: Arc<str>,
    pub payee: Arc<str>,
    pub org_unit_code: Arc<str>,
    pub org_unit: Arc<str>,
    pub economic_item: Arc<str>,
    pub economic_item_name: Arc<str>,
    pub ward: Arc<str>,
    pub project_id: Arc<str>,
    pub amount: f64,
    pub fiscal_year: Arc<str>,
    pub source: Arc<Source>,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub sector: String,
    pub status: String,
    pub ward: String,
    pub office: String,
    pub contractor: String,
    pub value_original: Option<f64>,
    pub value_current: Option<f64>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Inspection {
    pub date: NaiveDate,
    pub progress: f64,
    pub notes: String,
    /// The photographs' reference: a link, or where the office files them.
    pub photo: String,
}

#[derive(Debug, Clone)]
pub struct BudgetLine {
    pub fiscal_year: String,
    pub stage: String,
    pub org_unit_code: String,
    pub org_unit: String,
    pub programme_code: String,
    pub programme: String,
    pub sub_programme_code: String,
    pub sub_programme: String,
    pub economic_item: String,
    pub economic_item_name: String,
    pub function: String,
    pub ward: String,
    pub amount: f64,
    pub source: Arc<Source>,
}

/// One revenue source's month at one collection point.
#[derive(Debug, Clone)]
pub struct Collection {
    pub fiscal_year: String,
    /// `YYYY-MM`.
    pub month: String,
    pub source_code: String,
    pub source_name: String,
    pub ward: String,
    pub target: f64,
    pub collected: f64,
    pub source: Arc<Source>,
}

/// One request for a service.
#[derive(Debug, Clone)]
pub struct Request {
    pub service: String,
    pub received: NaiveDate,
    pub decided: Option<NaiveDate>,
    pub outcome: String,
    pub ward: String,
    pub fiscal_year: String,
    pub source: Arc<Source>,
}

/// What the red flags are computed from: the latest version of each dataset.
#[derive(Debug, Default)]
pub struct Records {
    pub projects: Vec<Project>,
    pub projects_source: Option<Arc<Source>>,
    /// The payments a red-flag rule can use (see [`payments`]), in date order; empty
    /// for [`Records::load_summaries`].
    pub payments: Vec<Payment>,
    pub inspections: HashMap<String, Vec<Inspection>>,
    pub inspections_source: Option<Arc<Source>>,
    pub budget: Vec<BudgetLine>,
    pub revenue: Vec<Collection>,
    pub requests: Vec<Request>,
    /// Citizens' reports as the `feedback` months publish them (see [`responses`]).
    pub replies: Vec<responses::Reply>,
    /// Every month's payments aggregated (see [`spend`]).
    pub spend: Vec<spend::Spend>,
    /// The date of the latest payment of all (not only those kept).
    pub last_payment: Option<NaiveDate>,
}

impl Records {
    /// Reads the datasets of `latest` (each dataset's latest entry). Blocking.
    pub fn load(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
        cache: &cache::Cache,
    ) -> Result<Self, AnalyticsError> {
        Self::load_scoped(protocol, data_dir, latest, cache, true)
    }

    /// What the dashboards need: budgets, the months' spending aggregates, revenue and
    /// requests, but not every payment (which only the red flags read). Blocking.
    pub fn load_summaries(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
        cache: &cache::Cache,
    ) -> Result<Self, AnalyticsError> {
        Self::load_scoped(protocol, data_dir, latest, cache, false)
    }

    fn load_scoped(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
        cache: &cache::Cache,
        payments: bool,
    ) -> Result<Self, AnalyticsError> {
        let versions: Vec<(&Entry, PathBuf)> =
            latest.iter().map(|e| (*e, e.dir(data_dir))).collect();
        Self::load_folders(protocol, &versions, cache, payments)
    }

    /// Reads the versions given with the folder each one's files are in (a version being
    /// published is still in the store's staging); `payments` as for [`Records::load`].
    /// Blocking.
    pub fn load_folders(
        protocol: &Protocol,
        versions: &[(&Entry, PathBuf)],
        cache: &cache::Cache,
        payments: bool,
    ) -> Result<Self, AnalyticsError> {
        let mut records = Self::default();
        let mut months = Vec::new();
        let mut payment_months = Vec::new();
        let fy_start = protocol.jurisdiction.fiscal_year_start_month;
        let folders: HashMap<(&str, u32), &Path> = versions
            .iter()
            .map(|(e, dir)| ((e.dataset.as_str(), e.version), dir.as_path()))
            .collect();
        let file = |e: &Entry| folders[&(e.dataset.as_str(), e.version)].join("data.parquet");
        for (e, _) in versions {
            let e = *e;
            let source = Source::of(e);
            match e.kind.as_str() {
                "projects" => {
                    for b in read_columns(
                        &file(e),
                        &[
                            "id",
                            "title",
                            "sector",
                            "status",
                            "ward",
                            "implementing_unit",
                            "contractor",
                            "contract_value_original",
                            "contract_value_current",
                            "planned_end",
                            "actual_start",
                            "actual_end",
                        ],
                    )? {
                        for i in 0..b.num_rows() {
                            records.projects.push(Project {
                                id: text(&b, "id", i),
                                title: text(&b, "title", i),
                                sector: text(&b, "sector", i),
                                status: text(&b, "status", i),
                                ward: text(&b, "ward", i),
                                office: text(&b, "implementing_unit", i),
                                contractor: text(&b, "contractor", i),
                                value_original: number(&b, "contract_value_original", i),
                                value_current: number(&b, "contract_value_current", i),
                                planned_end: day(&b, "planned_end", i),
                                actual_start: day(&b, "actual_start", i),
                                actual_end: day(&b, "actual_end", i),
                            });
                        }
                    }
                    records.projects_source = Some(source);
                }
                "project_progress" => {
                    for b in read_columns(
                        &file(e),
                        &[
                            "project_id",
                            "inspection_date",
                            "progress_pct",
                            "notes",
                            "photo_ref",
                        ],
                    )? {
                        for i in 0..b.num_rows() {
                            let Some(date) = day(&b, "inspection_date", i) else {
                                continue;
                            };
                            records
                                .inspections
                                .entry(text(&b, "project_id", i))
                                .or_default()
                                .push(Inspection {
                                    date,
                                    progress: number(&b, "progress_pct", i).unwrap_or(0.0),
                                    notes: text(&b, "notes", i),
                                    photo: text(&b, "photo_ref", i),
                                });
                        }
                    }
                    records.inspections_source = Some(source);
                }
                "expenditure" => {
                    let period = protocol.resolve_dataset(&e.dataset).and_then(|(_, p)| p);
                    let fiscal_year = period
                        .and_then(|p| {
                            Period::containing(p.first_day(), Frequency::Annual, fy_start)
                        })
                        .map(|p| p.to_string())
                        .unwrap_or_default();
                    let month = period
                        .map(|p| p.first_day().format("%Y-%m").to_string())
                        .unwrap_or_default();
                    months.push(spend::Month {
                        parquet: file(e),
                        fiscal_year: fiscal_year.clone(),
                        month,
                        source: source.clone(),
                    });
                    if let Some(p) = period {
                        payment_months.push(payments::MonthFile {
                            parquet: file(e),
                            fiscal_year: Arc::from(fiscal_year.as_str()),
                            first_day: p.first_day(),
                            last_day: p.last_day(),
                            source: source.clone(),
                        });
                    }
                }
                "budget" => {
                    for b in read_columns(
                        &file(e),
                        &[
                            "fiscal_year",
                            "stage",
                            "org_unit_code",
                            "org_unit",
                            "programme_code",
                            "programme",
                            "sub_programme_code",
                            "sub_programme",
                            "economic_item",
                            "economic_item_name",
                            "function",
                            "ward",
                            "amount",
                        ],
                    )? {
                        for i in 0..b.num_rows() {
                            records.budget.push(BudgetLine {
                                fiscal_year: text(&b, "fiscal_year", i),
                                stage: text(&b, "stage", i),
                                org_unit_code: text(&b, "org_unit_code", i),
                                org_unit: text(&b, "org_unit", i),
                                programme_code: text(&b, "programme_code", i),
                                programme: text(&b, "programme", i),
                                sub_programme_code: text(&b, "sub_programme_code", i),
                                sub_programme: text(&b, "sub_programme", i),
                                economic_item: text(&b, "economic_item", i),
                                economic_item_name: text(&b, "economic_item_name", i),
                                function: text(&b, "function", i),
                                ward: text(&b, "ward", i),
                                amount: number(&b, "amount", i).unwrap_or(0.0),
                                source: source.clone(),
                            });
                        }
                    }
                }
                "revenue" => {
                    for b in read_columns(
                        &file(e),
                        &[
                            "fiscal_year",
                            "month",
                            "source_code",
                            "source",
                            "ward",
                            "target",
                            "collected",
                        ],
                    )? {
                        for i in 0..b.num_rows() {
                            records.revenue.push(Collection {
                                fiscal_year: text(&b, "fiscal_year", i),
                                month: text(&b, "month", i),
                                source_code: text(&b, "source_code", i),
                                source_name: text(&b, "source", i),
                                ward: text(&b, "ward", i),
                                target: number(&b, "target", i).unwrap_or(0.0),
                                collected: number(&b, "collected", i).unwrap_or(0.0),
                                source: source.clone(),
                            });
                        }
                    }
                }
                "service_requests" => {
                    for b in read_columns(
                        &file(e),
                        &["service", "received", "decided", "outcome", "ward"],
                    )? {
                        for i in 0..b.num_rows() {
                            let Some(received) = day(&b, "received", i) else {
                                continue;
                            };
                            let fiscal_year =
                                Period::containing(received, Frequency::Annual, fy_start)
                                    .map(|p| p.to_string())
                                    .unwrap_or_default();
                            records.requests.push(Request {
                                service: text(&b, "service", i),
                                received,
                                decided: day(&b, "decided", i),
                                outcome: text(&b, "outcome", i),
                                ward: text(&b, "ward", i),
                                fiscal_year,
                                source: source.clone(),
                            });
                        }
                    }
                }
                "feedback" => {
                    for b in read_columns(
                        &file(e),
                        &[
                            "reference",
                            "category",
                            "office",
                            "status",
                            "received",
                            "status_as_of",
                            "days_to_acknowledge",
                            "days_to_resolve",
                            "acknowledge_standard_days",
                            "resolve_standard_days",
                            "acknowledged_within_standard",
                            "resolved_within_standard",
                        ],
                    )? {
                        for i in 0..b.num_rows() {
                            let (Some(received), Some(status_as_of)) =
                                (day(&b, "received", i), day(&b, "status_as_of", i))
                            else {
                                continue;
                            };
                            let fiscal_year =
                                Period::containing(received, Frequency::Annual, fy_start)
                                    .map(|p| p.to_string())
                                    .unwrap_or_default();
                            records.replies.push(responses::Reply {
                                reference: text(&b, "reference", i),
                                category: text(&b, "category", i),
                                office: text(&b, "office", i),
                                status: text(&b, "status", i),
                                received,
                                fiscal_year,
                                status_as_of,
                                days_to_acknowledge: any_number(&b, "days_to_acknowledge", i),
                                days_to_resolve: any_number(&b, "days_to_resolve", i),
                                acknowledge_standard_days: any_number(
                                    &b,
                                    "acknowledge_standard_days",
                                    i,
                                ),
                                resolve_standard_days: any_number(&b, "resolve_standard_days", i),
                                acknowledged_within_standard: boolean(
                                    &b,
                                    "acknowledged_within_standard",
                                    i,
                                ),
                                resolved_within_standard: boolean(
                                    &b,
                                    "resolved_within_standard",
                                    i,
                                ),
                                source: source.clone(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        for aggregate in cache.spend.get_all(
            &months,
            |m| &m.source,
            |m| spend::aggregate(&m.parquet, &m.fiscal_year, &m.month, &m.source),
        )? {
            records.spend.extend(aggregate.iter().cloned());
        }
        if payments {
            let loaded = payments::load(&payment_months, &protocol.audit, cache)?;
            records.payments = loaded.kept;
            records.last_payment = loaded.latest;
        }
        for list in records.inspections.values_mut() {
            list.sort_by_key(|i| i.date);
        }
        Ok(records)
    }

    /// The day the records run to: the latest payment or inspection.
    pub fn as_of(&self) -> Option<NaiveDate> {
        let paid = self.last_payment;
        let inspected = self
            .inspections
            .values()
            .filter_map(|l| l.last())
            .map(|i| i.date)
            .max();
        paid.max(inspected)
    }
}

/// Every disclosure the protocol requires from its first period (the jurisdiction's
/// `disclosures_from`, else the earliest published period) up to `as_of`, and whether
/// each was published on time, late, or is missing, judged by when version 1 of its
/// dataset entered the ledger.
pub fn disclosures(
    protocol: &Protocol,
    entries: &[Entry],
    as_of: NaiveDate,
) -> Vec<crate::protocol::compliance::Obligation> {
    let mut first_published = HashMap::new();
    let mut earliest: Option<NaiveDate> = None;
    for e in entries.iter().filter(|e| e.version == 1) {
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&e.published_at) {
            first_published.insert(e.dataset.clone(), at.date_naive());
        }
        if let Some((_, Some(period))) = protocol.resolve_dataset(&e.dataset) {
            earliest = Some(earliest.map_or(period.first_day(), |d| d.min(period.first_day())));
        }
    }
    let from = protocol
        .jurisdiction
        .disclosures_from
        .or(earliest)
        .unwrap_or(as_of);
    crate::protocol::compliance::assess(protocol, &first_published, from, as_of)
}
