//! The monthly `feedback` dataset: the reports received in a month, as they stood at a
//! given time, published through the same pipeline, store and ledger as any export.
//!
//! [`rows`] rebuilds each report of the month from its history (`report_events`) as it
//! stood at `as_of`: status, office, dates, responses and followers after `as_of` do not
//! count, so the same month exported twice from an unchanged database gives the same
//! rows. It reads the moderated text only, never the reporter's name, contact or original
//! words, and gives the place as the public record does ([`Report::public_point`]).
//!
//! [`publish_month`] writes the rows to a CSV file in a temporary folder and ingests it
//! with a built-in pipeline ([`spec`]: every column to the field of its name), so the
//! rows are validated against `protocol/schemas/feedback.json`, redacted by the kind's
//! rules (contacts inside texts masked), stored, recorded in the ledger, and then found
//! by search, DCAT and CKAN like any dataset. A month is published once it is over; a
//! month whose rows equal its latest version's publishes nothing; a month that changed
//! since (a report resolved after publication) is a restatement and needs a note.
//!
//! Times: the state database keeps Unix seconds, and the protocol names no time zone,
//! so months, dates and day counts are in UTC.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row as _;

use super::refusal::{Refusal, Written};
use super::{
    COLUMNS, EVENT_COLUMNS, Event, Feedback, FeedbackError, Report, Status, event_from_row,
    from_row,
};
use crate::pipeline::spec::{FieldSpec, Format, ReaderSpec};
use crate::pipeline::{self, IngestOptions, Outcome, PipelineError, PipelineSpec};
use crate::protocol::{Category, Frequency, Period, Protocol};
use crate::staff::audit::{Actor, Outcome as AuditOutcome};
use crate::store::Store;

/// The protocol kind the export publishes.
pub const KIND: &str = "feedback";

/// The export's columns, in order: the fields of `protocol/schemas/feedback.json`.
pub const FIELDS: [&str; 28] = [
    "reference",
    "received",
    "category",
    "category_name",
    "office",
    "ward",
    "project_id",
    "channel",
    "status",
    "status_as_of",
    "acknowledged",
    "resolved",
    "days_to_acknowledge",
    "days_to_resolve",
    "acknowledge_standard_days",
    "resolve_standard_days",
    "acknowledged_within_standard",
    "resolved_within_standard",
    "duplicate_of",
    "text",
    "moderation_reason",
    "responses",
    "followers",
    "latitude",
    "longitude",
    "category_suggested",
    "suggestion_accepted",
    "routed_automatically",
];

const DAY: i64 = 86_400;
/// The longest note of a version, in characters (as the staff workspace's).
pub const MAX_NOTE: usize = 2000;

/// One report as the month's dataset gives it. Dates are UTC days; days are to one
/// decimal; an empty value is `None` or an empty string.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub reference: String,
    pub received: NaiveDate,
    pub category: String,
    /// The category's name in English, or the code if the protocol no longer has it.
    pub category_name: String,
    /// The office responsible at `as_of` (a referral changes it).
    pub office: String,
    pub ward: String,
    pub project_id: String,
    pub channel: String,
    pub status: Status,
    pub status_as_of: NaiveDate,
    pub acknowledged: Option<NaiveDate>,
    pub resolved: Option<NaiveDate>,
    pub days_to_acknowledge: Option<f64>,
    pub days_to_resolve: Option<f64>,
    pub acknowledge_standard_days: Option<u32>,
    pub resolve_standard_days: Option<u32>,
    /// `None` until decidable: not acknowledged and the standard not yet passed, or a
    /// report rejected or marked as a duplicate without an acknowledgement.
    pub acknowledged_within_standard: Option<bool>,
    pub resolved_within_standard: Option<bool>,
    /// The reference of the report this one duplicates, if it is a duplicate at `as_of`.
    pub duplicate_of: String,
    /// The moderated text; empty while not published, and for rejected reports.
    pub text: String,
    pub moderation_reason: String,
    /// `YYYY-MM-DD office: text`, oldest first, separated by blank lines.
    pub responses: String,
    /// The reporter and everyone following the report at `as_of`.
    pub followers: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The category the triage assistant suggested (empty without a model).
    pub category_suggested: String,
    /// Whether a person accepted the suggestion, decided by `as_of`.
    pub suggestion_accepted: Option<bool>,
    /// Whether the assistant moved the report alone, by `as_of`.
    pub routed_automatically: bool,
}

/// What triage suggested for a report and what a person decided, as the export reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    pub category: String,
    pub decision: super::Decision,
    pub decided_at: Option<i64>,
}

impl Row {
    /// The cell of one of [`FIELDS`], as the CSV gives it.
    fn cell(&self, field: &str) -> String {
        fn opt<T: ToString>(v: Option<T>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
        match field {
            "reference" => self.reference.clone(),
            "received" => self.received.to_string(),
            "category" => self.category.clone(),
            "category_name" => self.category_name.clone(),
            "office" => self.office.clone(),
            "ward" => self.ward.clone(),
            "project_id" => self.project_id.clone(),
            "channel" => self.channel.clone(),
            "status" => self.status.as_str().to_string(),
            "status_as_of" => self.status_as_of.to_string(),
            "acknowledged" => opt(self.acknowledged),
            "resolved" => opt(self.resolved),
            "days_to_acknowledge" => opt(self.days_to_acknowledge),
            "days_to_resolve" => opt(self.days_to_resolve),
            "acknowledge_standard_days" => opt(self.acknowledge_standard_days),
            "resolve_standard_days" => opt(self.resolve_standard_days),
            "acknowledged_within_standard" => opt(self.acknowledged_within_standard),
            "resolved_within_standard" => opt(self.resolved_within_standard),
            "duplicate_of" => self.duplicate_of.clone(),
            "text" => self.text.clone(),
            "moderation_reason" => self.moderation_reason.clone(),
            "responses" => self.responses.clone(),
            "followers" => self.followers.to_string(),
            "latitude" => opt(self.latitude),
            "longitude" => opt(self.longitude),
            "category_suggested" => self.category_suggested.clone(),
            "suggestion_accepted" => opt(self.suggestion_accepted),
            "routed_automatically" => self.routed_automatically.to_string(),
            _ => String::new(),
        }
    }
}

/// The UTC day of a Unix time.
fn day(at: i64) -> NaiveDate {
    DateTime::from_timestamp(at, 0).map_or(NaiveDate::MIN, |t| t.date_naive())
}

/// Unix seconds at the start (00:00 UTC) of a day.
fn start_of(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}

/// Seconds as days, to one decimal.
fn days(seconds: i64) -> f64 {
    (seconds.max(0) as f64 / DAY as f64 * 10.0).round() / 10.0
}

/// One report as it stood at `as_of`, from its current row and its history.
///
/// `events` are the report's recorded events oldest first (not the receipt, which is the
/// report's own `received_at`), `followers` the times its followers joined,
/// `duplicate_of` the reference of the report it duplicates (if it does now), and
/// `category` its category in the protocol (for the name and the service standard).
pub fn row_as_of(
    report: &Report,
    events: &[Event],
    followers: &[i64],
    duplicate_of: Option<&str>,
    category: Option<&Category>,
    suggested: Option<&Suggested>,
    as_of: i64,
) -> Row {
    // Every event records the office responsible when it happened (a referral or a new
    // category, the new one); before any, the office was the one the first referral took
    // it from.
    let first_referral = events
        .iter()
        .position(|e| e.kind == "referral" || e.kind == "category");
    let initial_office = match first_referral {
        None => report.office.clone(),
        Some(i) => events[..i].last().map_or_else(
            || category.map_or_else(|| report.office.clone(), |c| c.office.clone()),
            |e| e.office.clone(),
        ),
    };
    let mut office = initial_office;
    let mut status = Status::Submitted;
    let (mut acknowledged, mut resolved) = (None, None);
    let mut responses: Vec<(i64, String, String)> = Vec::new();
    for e in events.iter().filter(|e| e.at <= as_of) {
        match e.kind.as_str() {
            "status" => {
                let Some(to) = Status::parse(&e.status_to) else {
                    continue;
                };
                // As the database sets them: acknowledged once, by the first of these;
                // resolved by resolving or closing, and no longer after reopening.
                if acknowledged.is_none()
                    && matches!(
                        to,
                        Status::Acknowledged
                            | Status::InProgress
                            | Status::Resolved
                            | Status::ClosedNotFixed
                    )
                {
                    acknowledged = Some(e.at);
                }
                match to {
                    Status::Resolved | Status::ClosedNotFixed => {
                        resolved = Some(e.at);
                        // The text given on resolving or closing is the office's answer.
                        if e.public && !e.text.trim().is_empty() {
                            responses.push((e.at, e.office.clone(), e.text.clone()));
                        }
                    }
                    Status::Reopened => resolved = None,
                    _ => {}
                }
                status = to;
                office.clone_from(&e.office);
            }
            "response" => {
                if e.public {
                    responses.push((e.at, e.office.clone(), e.text.clone()));
                }
                office.clone_from(&e.office);
            }
            "referral" => {
                if e.public {
                    responses.push((
                        e.at,
                        office.clone(),
                        format!("referred to {}: {}", e.office, e.text),
                    ));
                }
                office.clone_from(&e.office);
            }
            _ => office.clone_from(&e.office),
        }
    }
    let received = report.received_at;
    let waited = |standard: u32| as_of - received > i64::from(standard) * DAY;
    let awaiting = status.is_open() || status == Status::Submitted;
    let within = |done: Option<i64>, standard: Option<u32>| match (done, standard) {
        (Some(at), Some(s)) => Some(at - received <= i64::from(s) * DAY),
        (None, Some(s)) if awaiting && waited(s) => Some(false),
        _ => None,
    };
    let ack_standard = category.map(|c| c.acknowledge_days);
    let resolve_standard = category.map(|c| c.resolve_days);
    let point = report.public_point();
    Row {
        reference: report.reference.clone(),
        received: day(received),
        category: category_as_of(report, events, as_of).to_string(),
        category_name: category.map_or_else(
            || category_as_of(report, events, as_of).to_string(),
            |c| c.name.clone(),
        ),
        office,
        ward: report.ward.clone(),
        project_id: report.project_id.clone(),
        channel: report.channel.clone(),
        status,
        status_as_of: day(as_of),
        acknowledged: acknowledged.map(day),
        resolved: resolved.map(day),
        days_to_acknowledge: acknowledged.map(|a| days(a - received)),
        days_to_resolve: resolved.map(|r| days(r - received)),
        acknowledge_standard_days: ack_standard,
        resolve_standard_days: resolve_standard,
        acknowledged_within_standard: within(acknowledged, ack_standard),
        resolved_within_standard: within(resolved, resolve_standard),
        duplicate_of: match (status, duplicate_of) {
            (Status::Duplicate, Some(r)) => r.to_string(),
            _ => String::new(),
        },
        text: if status.is_public() {
            report.text_public.clone()
        } else {
            String::new()
        },
        moderation_reason: if status == Status::Submitted {
            String::new()
        } else {
            report.moderation_reason.clone()
        },
        responses: responses
            .iter()
            .map(|(at, office, text)| format!("{} {office}: {text}", day(*at)))
            .collect::<Vec<_>>()
            .join("\n\n"),
        followers: 1 + followers.iter().filter(|t| **t <= as_of).count() as i64,
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        category_suggested: suggested.map_or_else(String::new, |t| t.category.clone()),
        suggestion_accepted: suggested
            .filter(|t| t.decided_at.is_some_and(|d| d <= as_of))
            .and_then(|t| match t.decision {
                super::Decision::Accepted => Some(true),
                super::Decision::Overridden => Some(false),
                _ => None,
            }),
        routed_automatically: events
            .iter()
            .any(|e| e.kind == "category" && e.text == "automatic" && e.at <= as_of),
    }
}

/// A report's category at `as_of`: the one a later change of category moved it from, or
/// its category now.
pub fn category_as_of<'a>(report: &'a Report, events: &'a [Event], as_of: i64) -> &'a str {
    events
        .iter()
        .find(|e| e.kind == "category" && e.at > as_of)
        .map_or(&report.category, |e| &e.status_from)
}

/// The reports received in `period` (a month, UTC) and by `as_of`, as they stood at
/// `as_of`, in the order received.
pub async fn rows(
    feedback: &Feedback,
    period: Period,
    as_of: i64,
) -> Result<Vec<Row>, FeedbackError> {
    let from = start_of(period.first_day());
    let until = start_of(period.next().first_day()).min(as_of.saturating_add(1));
    let pool = feedback.db.pool();
    const MONTH: &str = "r.received_at >= $1 AND r.received_at < $2";
    let reports: Vec<Report> = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM reports r WHERE {MONTH} ORDER BY r.received_at, r.id"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect::<Result<_, _>>()?;
    let mut events: HashMap<i64, Vec<Event>> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT e.report_id, {EVENT_COLUMNS} \
         FROM report_events e JOIN reports r ON r.id = e.report_id WHERE {MONTH} \
         ORDER BY e.report_id, e.at, e.id"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?
    {
        events
            .entry(r.try_get("report_id")?)
            .or_default()
            .push(event_from_row(&r)?);
    }
    let mut followers: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT f.report_id, f.created_at FROM report_followers f \
         JOIN reports r ON r.id = f.report_id WHERE {MONTH}"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?
    {
        followers
            .entry(r.try_get("report_id")?)
            .or_default()
            .push(r.try_get("created_at")?);
    }
    let mut references: HashMap<i64, String> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT d.id, d.reference FROM reports d WHERE d.id IN \
         (SELECT r.duplicate_of FROM reports r WHERE {MONTH} AND r.duplicate_of IS NOT NULL)"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?
    {
        references.insert(r.try_get("id")?, r.try_get("reference")?);
    }
    let mut suggested: HashMap<i64, Suggested> = HashMap::new();
    for r in sqlx::query(&format!(
        "SELECT t.report_id, t.category, t.decision, t.decided_at FROM report_triage t \
         JOIN reports r ON r.id = t.report_id WHERE {MONTH}"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?
    {
        suggested.insert(
            r.try_get("report_id")?,
            Suggested {
                category: r.try_get("category")?,
                decision: super::Decision::parse(&r.try_get::<String, _>("decision")?),
                decided_at: r.try_get("decided_at")?,
            },
        );
    }
    let protocol = feedback.protocol();
    Ok(reports
        .iter()
        .map(|report| {
            let events = events.get(&report.id).map_or(&[][..], Vec::as_slice);
            row_as_of(
                report,
                events,
                followers.get(&report.id).map_or(&[], Vec::as_slice),
                report
                    .duplicate_of
                    .and_then(|id| references.get(&id))
                    .map(String::as_str),
                protocol.category(category_as_of(report, events, as_of)),
                suggested.get(&report.id),
                as_of,
            )
        })
        .collect())
}

/// The built-in pipeline of the export: each of [`FIELDS`] from the column of its name,
/// taken as written (the texts keep their line breaks). `disclose check` checks it
/// against the protocol like the pipeline files.
pub fn spec() -> PipelineSpec {
    PipelineSpec {
        name: "feedback-export".into(),
        title: "Citizen reports, exported monthly from the state database".into(),
        kind: KIND.into(),
        reader: ReaderSpec {
            format: Format::Csv,
            encoding: "utf-8".into(),
            delimiter: ',',
            skip_rows: 0,
            header_rows: 1,
            sheet: None,
            layer: None,
            max_field_bytes: 1 << 20,
        },
        unpivot: None,
        geometry: None,
        fields: FIELDS
            .iter()
            .map(|f| {
                (
                    (*f).to_string(),
                    FieldSpec {
                        from: Some((*f).to_string()),
                        ..FieldSpec::default()
                    },
                )
            })
            .collect(),
        // A month without reports is published too: a disclosure of zero.
        allow_empty: true,
        path: PathBuf::from("feedback export (built in)"),
    }
}

/// How to publish a month.
#[derive(Debug, Clone, Default)]
pub struct PublishMonth {
    /// Who publishes, as the ledger records it.
    pub publisher: String,
    /// Why this version exists; required when the month already has a version.
    pub note: Option<String>,
    /// The publication time the ledger records; default now (the demo replays its own).
    pub published_at: Option<DateTime<Utc>>,
}

/// What [`publish_month`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// A new version.
    Published {
        dataset: String,
        version: u32,
        rows: u64,
    },
    /// The month's rows equal those of its latest version (all but `status_as_of`, the
    /// day they were taken): nothing was published.
    Unchanged { dataset: String, version: u32 },
}

/// Why a month was not published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "the protocol has no `feedback` kind; add [kinds.feedback] to protocol.toml, as the shipped protocol does"
    )]
    NoKind,
    /// A month malformed or not over, a note too long or missing: in a form each language
    /// can say.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("the check of {dataset} found errors, so nothing was published:\n{summary}")]
    Rejected { dataset: String, summary: String },
    #[error("cannot write the month's export in {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the export's thread stopped: {0}")]
    Thread(String),
    #[error(transparent)]
    Feedback(#[from] FeedbackError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

impl PublishError {
    /// A request that can be corrected (another month, a note), not the server's failure.
    pub fn is_client_error(&self) -> bool {
        matches!(self, Self::Refused(_))
    }
}

/// A month as `2026-07`, checked.
pub fn parse_period(protocol: &Protocol, text: &str) -> Result<Period, PublishError> {
    let text = text.trim();
    Period::parse(
        text,
        Frequency::Monthly,
        protocol.jurisdiction.fiscal_year_start_month,
    )
    .map_err(|_| {
        Refusal::NotAMonth {
            given: crate::format::clipped(text, 30),
        }
        .into()
    })
}

/// Publishes the reports received in `period` (`2026-07`) as they stood at `as_of`
/// (Unix seconds) as a version of `feedback-2026-07` in the store at `data_dir`.
///
/// Refuses a month not over at `as_of`. If the month already has a version and its rows
/// are the same (apart from `status_as_of`, the day they were taken), publishes nothing
/// and says which version holds them; if they differ, the new version restates the month
/// and needs `options.note`. The pipeline runs on a blocking thread.
pub async fn publish_month(
    feedback: &Feedback,
    data_dir: &Path,
    period: &str,
    as_of: i64,
    options: &PublishMonth,
) -> Result<Published, PublishError> {
    let protocol = feedback.protocol();
    protocol.kind(KIND).map_err(|_| PublishError::NoKind)?;
    let period = parse_period(protocol, period)?;
    let note = options
        .note
        .as_deref()
        .map_or(0, |n| n.trim().chars().count());
    if note > MAX_NOTE {
        return Err(Refusal::TooLong {
            text: Written::Note,
            max: MAX_NOTE,
            has: note,
        }
        .into());
    }
    let over = period.next().first_day();
    if as_of < start_of(over) {
        return Err(Refusal::MonthNotOver {
            period: period.to_string(),
            from: over,
        }
        .into());
    }
    let rows = rows(feedback, period, as_of).await?;
    let protocol = protocol.clone();
    let data_dir = data_dir.to_path_buf();
    let options = options.clone();
    tokio::task::spawn_blocking(move || {
        publish_rows(&protocol, &data_dir, period, &rows, as_of, &options)
    })
    .await
    .map_err(|e| PublishError::Thread(e.to_string()))?
}

/// Writes `rows` as the export's CSV, every row's `status_as_of` set to `as_of`.
fn write_csv(path: &Path, rows: &[Row], as_of: NaiveDate) -> Result<(), PublishError> {
    let io = |source: std::io::Error| PublishError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let csv_err = |e: csv::Error| io(std::io::Error::other(e.to_string()));
    out.write_record(FIELDS).map_err(csv_err)?;
    for row in rows {
        let row = Row {
            status_as_of: as_of,
            ..row.clone()
        };
        out.write_record(FIELDS.iter().map(|f| row.cell(f)))
            .map_err(csv_err)?;
    }
    out.flush().map_err(io)
}

/// The `status_as_of` of a published version's rows (the first row's; all share it), or
/// `None` for a version without rows.
fn taken_on(store: &Store, dataset: &str, version: u32) -> Result<Option<NaiveDate>, PublishError> {
    let path = store.version_dir(dataset, version).join("data.csv");
    let bad = |message: String| PipelineError::Unreadable {
        path: path.clone(),
        message,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
    let column = reader
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .position(|h| h == "status_as_of");
    let Some(record) = reader.records().next() else {
        return Ok(None);
    };
    let record = record.map_err(|e| bad(e.to_string()))?;
    Ok(column
        .and_then(|i| record.get(i))
        .and_then(|d| d.parse().ok()))
}

fn publish_rows(
    protocol: &Protocol,
    data_dir: &Path,
    period: Period,
    rows: &[Row],
    as_of: i64,
    options: &PublishMonth,
) -> Result<Published, PublishError> {
    let kind = protocol.kind(KIND).map_err(|_| PublishError::NoKind)?;
    let dataset = kind.dataset_id(Some(period));
    let spec = spec();
    let tmp = tempfile::Builder::new()
        .prefix("disclose-feedback-")
        .tempdir()
        .map_err(|source| PublishError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    // The file's name is the source the ledger records.
    let file = tmp.path().join(format!("{dataset}.csv"));
    let note = options
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let opts = IngestOptions {
        period: Some(period.to_string()),
        note: note.clone(),
        publisher: options.publisher.clone(),
        published_at: options.published_at,
        ..IngestOptions::default()
    };
    let rejected = |report: &pipeline::Report| PublishError::Rejected {
        dataset: dataset.clone(),
        summary: report.summary(20),
    };
    let store = Store::open(data_dir).map_err(PipelineError::from)?;
    if let Some(latest) = store.latest(&dataset) {
        // Compared as published (validated, redacted), taken on the same day as the
        // latest version: any difference is a change in the reports themselves.
        let version = latest.version;
        let taken = taken_on(&store, &dataset, version)?.unwrap_or(day(as_of));
        write_csv(&file, rows, taken)?;
        let into = tmp.path().join("check");
        std::fs::create_dir(&into).map_err(|source| PublishError::Io {
            path: into.clone(),
            source,
        })?;
        let check = pipeline::prepare(
            protocol,
            &spec,
            std::slice::from_ref(&file),
            data_dir,
            &opts,
            &into,
        )?;
        match check.report.outcome {
            Some(Outcome::Unchanged { dataset, version }) => {
                return Ok(Published::Unchanged { dataset, version });
            }
            Some(Outcome::Checked { .. }) if note.is_none() => {
                return Err(Refusal::MonthNeedsNote { dataset, version }.into());
            }
            Some(Outcome::Checked { .. }) => {}
            _ => return Err(rejected(&check.report)),
        }
    }
    write_csv(&file, rows, day(as_of))?;
    let report = pipeline::ingest(protocol, &spec, &[file], data_dir, &opts)?;
    match report.outcome {
        Some(Outcome::Published {
            dataset,
            version,
            rows,
        }) => Ok(Published::Published {
            dataset,
            version,
            rows,
        }),
        Some(Outcome::Unchanged { dataset, version }) => {
            Ok(Published::Unchanged { dataset, version })
        }
        _ => Err(rejected(&report)),
    }
}

/// Records a publication (or its refusal) in the staff audit trail, as
/// `feedback.publish` on the dataset: what the command line and the staff side call after
/// [`publish_month`].
pub async fn audit(
    feedback: &Feedback,
    actor: &Actor,
    period: &str,
    result: &Result<Published, PublishError>,
) -> Result<(), FeedbackError> {
    let target = format!(
        "{KIND}-{}",
        period.trim().chars().take(20).collect::<String>()
    );
    let (outcome, detail) = match result {
        Ok(Published::Published {
            dataset,
            version,
            rows,
        }) => (
            AuditOutcome::Ok,
            format!("{dataset} v{version}, {rows} rows"),
        ),
        Ok(Published::Unchanged { dataset, version }) => (
            AuditOutcome::Ok,
            format!("unchanged: equal to {dataset} v{version}; nothing published"),
        ),
        Err(e) if e.is_client_error() => (AuditOutcome::Refused, e.to_string()),
        Err(e) => (AuditOutcome::Failed, crate::format::chain(e)),
    };
    feedback
        .db
        .audit(actor, "feedback.publish", &target, outcome, &detail)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_783_670_400; // 2026-07-10 08:00 UTC

    fn report() -> Report {
        Report {
            id: 1,
            reference: "MLM-2026-000001".into(),
            category: "works-stalled".into(),
            office: "roads-works".into(),
            status: Status::Resolved,
            channel: "web".into(),
            text_original: "Wanjiru, 0700 000 001: the works stopped".into(),
            text_public: "The works stopped.".into(),
            moderation_reason: "personal_data".into(),
            project_id: String::new(),
            ward: "MLM-01".into(),
            point: Some((-1.234_567, 37.345_678)),
            reporter_name: "Wanjiru".into(),
            reporter_contact: "0700 000 001".into(),
            duplicate_of: None,
            duplicate_of_reference: None,
            received_at: T0,
            acknowledged_at: Some(T0 + 2 * DAY),
            resolved_at: Some(T0 + 40 * DAY),
            updated_at: T0 + 40 * DAY,
            followers: 2,
            photo: crate::feedback::PhotoStatus::None,
            photo_reason: String::new(),
            photo_size: (0, 0),
        }
    }

    fn event(at: i64, kind: &str, to: &str, office: &str, text: &str) -> Event {
        Event {
            id: at,
            at,
            kind: kind.into(),
            status_from: String::new(),
            status_to: to.into(),
            office: office.into(),
            text: text.into(),
            public: true,
            moderation: String::new(),
            moderation_reason: String::new(),
        }
    }

    fn category() -> Category {
        crate::protocol::Protocol::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"),
        )
        .unwrap()
        .category("works-stalled")
        .cloned()
        .unwrap()
    }

    fn history() -> Vec<Event> {
        vec![
            event(T0 + 3600, "status", "open", "roads-works", "personal_data"),
            event(T0 + 2 * DAY, "status", "acknowledged", "roads-works", ""),
            event(
                T0 + 3 * DAY,
                "response",
                "",
                "roads-works",
                "The contractor returns on Monday.",
            ),
            event(
                T0 + 5 * DAY,
                "referral",
                "",
                "planning-me",
                "an audit matter",
            ),
            event(
                T0 + 40 * DAY,
                "status",
                "resolved",
                "planning-me",
                "Works resumed.",
            ),
        ]
    }

    #[test]
    fn a_report_is_given_as_it_stood_on_the_day_asked() {
        let (r, h, c) = (report(), history(), category());
        let followers = [T0 + DAY, T0 + 50 * DAY];
        // Before moderation: received only, nothing public yet.
        let row = row_as_of(&r, &h, &followers, None, Some(&c), None, T0 + 60);
        assert_eq!(row.status, Status::Submitted);
        assert_eq!(
            (row.text.as_str(), row.moderation_reason.as_str()),
            ("", "")
        );
        assert_eq!(row.office, "roads-works");
        assert_eq!(row.followers, 1);
        assert_eq!(row.acknowledged_within_standard, None, "not yet decidable");
        // Acknowledged and answered, then referred: the new office, the answer, no
        // resolution yet even though the report is resolved today.
        let row = row_as_of(&r, &h, &followers, None, Some(&c), None, T0 + 10 * DAY);
        assert_eq!(row.status, Status::Acknowledged);
        assert_eq!(row.office, "planning-me");
        assert_eq!(row.text, "The works stopped.");
        assert_eq!(row.moderation_reason, "personal_data");
        assert_eq!(row.acknowledged, NaiveDate::from_ymd_opt(2026, 7, 12));
        assert_eq!(row.days_to_acknowledge, Some(2.0));
        assert_eq!(row.acknowledged_within_standard, Some(true));
        assert_eq!((row.resolved, row.days_to_resolve), (None, None));
        assert_eq!(row.resolved_within_standard, None, "30 days not yet passed");
        assert_eq!(
            row.responses,
            "2026-07-13 roads-works: The contractor returns on Monday.\n\n\
             2026-07-15 roads-works: referred to planning-me: an audit matter"
        );
        assert_eq!(row.followers, 2);
        assert_eq!(
            row.status_as_of,
            NaiveDate::from_ymd_opt(2026, 7, 20).unwrap()
        );
        // Past the standard and still open: known to be late.
        let row = row_as_of(&r, &h, &followers, None, Some(&c), None, T0 + 35 * DAY);
        assert_eq!(row.resolved_within_standard, Some(false));
        // Resolved, late.
        let row = row_as_of(&r, &h, &followers, None, Some(&c), None, T0 + 60 * DAY);
        assert_eq!(row.status, Status::Resolved);
        assert_eq!(row.days_to_resolve, Some(40.0));
        assert_eq!(row.resolved_within_standard, Some(false));
        assert!(row.responses.ends_with("planning-me: Works resumed."));
        assert_eq!(row.followers, 3);
    }

    #[test]
    fn reopening_clears_the_resolution_and_the_place_is_rounded() {
        let (r, c) = (report(), category());
        let mut h = history();
        h.push(event(
            T0 + 41 * DAY,
            "status",
            "reopened",
            "planning-me",
            "Stopped again; call me on 0700 000 001",
        ));
        let row = row_as_of(&r, &h, &[], None, Some(&c), None, T0 + 42 * DAY);
        assert_eq!(row.status, Status::Reopened);
        assert_eq!(row.resolved, None);
        assert_eq!(row.resolved_within_standard, Some(false));
        assert!(
            !row.responses.contains("0700"),
            "the reporter's words are not a response"
        );
        // Named, but on no project: the place is rounded like an anonymous one's.
        assert_eq!((row.latitude, row.longitude), (Some(-1.235), Some(37.346)));
        let on_project = Report {
            project_id: "MLM-RD-0001".into(),
            ..report()
        };
        let row = row_as_of(&on_project, &h, &[], None, Some(&c), None, T0 + 42 * DAY);
        assert_eq!(row.latitude, Some(-1.234_567));
    }

    #[test]
    fn rejected_and_duplicate_reports_publish_no_text_or_no_verdict() {
        let (r, c) = (report(), category());
        let h = vec![event(
            T0 + 3600,
            "status",
            "rejected",
            "roads-works",
            "spam",
        )];
        let rejected = Report {
            moderation_reason: "spam".into(),
            text_public: String::new(),
            ..r.clone()
        };
        let row = row_as_of(&rejected, &h, &[], None, Some(&c), None, T0 + 90 * DAY);
        assert_eq!(row.status, Status::Rejected);
        assert_eq!(
            (row.text.as_str(), row.moderation_reason.as_str()),
            ("", "spam")
        );
        assert_eq!(
            (
                row.acknowledged_within_standard,
                row.resolved_within_standard
            ),
            (None, None)
        );
        let h = vec![
            event(T0 + 3600, "status", "open", "roads-works", ""),
            event(
                T0 + DAY,
                "status",
                "duplicate",
                "roads-works",
                "MLM-2026-000000",
            ),
        ];
        let row = row_as_of(
            &r,
            &h,
            &[],
            Some("MLM-2026-000000"),
            Some(&c),
            None,
            T0 + 90 * DAY,
        );
        assert_eq!(row.duplicate_of, "MLM-2026-000000");
        assert_eq!(row.resolved_within_standard, None);
        let before = row_as_of(
            &r,
            &h,
            &[],
            Some("MLM-2026-000000"),
            Some(&c),
            None,
            T0 + 7200,
        );
        assert_eq!(before.duplicate_of, "", "not a duplicate yet");
    }

    #[test]
    fn the_export_fills_every_field_of_the_shipped_schema() {
        let protocol = crate::protocol::Protocol::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"),
        )
        .unwrap();
        let schema: Vec<&str> = protocol
            .kind(KIND)
            .unwrap()
            .schema
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(schema, FIELDS);
        assert_eq!(spec().check(&protocol), Vec::<String>::new());
    }

    #[test]
    fn the_triage_columns_say_what_was_suggested_and_decided_by_the_day_asked() {
        let mut r = report();
        // Filed as works-stalled; the assistant moved it to poor-workmanship on day 1, and
        // an officer accepted the suggestion on day 4.
        r.category = "poor-workmanship".into();
        let mut moved = event(
            T0 + DAY,
            "category",
            "poor-workmanship",
            "roads-works",
            "automatic",
        );
        moved.status_from = "works-stalled".into();
        let h = vec![event(T0 + 3600, "status", "open", "roads-works", ""), moved];
        let suggested = Suggested {
            category: "poor-workmanship".into(),
            decision: crate::feedback::Decision::Accepted,
            decided_at: Some(T0 + 4 * DAY),
        };
        let at = |t| row_as_of(&r, &h, &[], None, None, Some(&suggested), t);
        let before = at(T0 + 7200);
        assert_eq!(before.category, "works-stalled", "the category it had then");
        assert_eq!(before.category_suggested, "poor-workmanship");
        assert_eq!(
            (before.suggestion_accepted, before.routed_automatically),
            (None, false)
        );
        let moved = at(T0 + 2 * DAY);
        assert_eq!(moved.category, "poor-workmanship");
        assert_eq!(
            (moved.suggestion_accepted, moved.routed_automatically),
            (None, true)
        );
        let decided = at(T0 + 5 * DAY);
        assert_eq!(decided.suggestion_accepted, Some(true));
        assert_eq!(decided.cell("suggestion_accepted"), "true");
        assert_eq!(decided.cell("routed_automatically"), "true");
        let none = row_as_of(&r, &h[..1], &[], None, None, None, T0 + 5 * DAY);
        assert_eq!(
            (
                none.cell("category_suggested"),
                none.cell("suggestion_accepted"),
                none.cell("routed_automatically")
            ),
            (String::new(), String::new(), "false".to_string())
        );
    }
}
