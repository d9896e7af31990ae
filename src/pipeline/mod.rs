//! Ingestion: source exports in, one validated, redacted, published version out.
//!
//! A pipeline spec (`pipelines/*.toml`, see [`spec`]) names a reader, maps source columns
//! to a kind's fields with transforms, and the kind's Table Schema validates every row.
//! Rows stream from the reader through mapping, validation and redaction into the writers
//! of a staged version; any error stops writing, the run reports every problem it finds,
//! and nothing is published. This module knows nothing of the web.
//!
//! [`ingest`] checks and publishes in one go under the publish lock. The staff workspace
//! does it in two steps: [`prepare`] checks and writes the files without the lock, so an
//! officer can read the report first, and [`publish`] commits them (`stage.rs`).

pub mod geometry;
pub mod oc4ids;
pub mod read;
pub mod redact;
pub mod report;
pub mod spec;
mod stage;
pub mod transform;
pub mod validate;
pub mod write;

#[cfg(feature = "gdal")]
pub mod gdal_read;
#[cfg(feature = "gdal")]
pub mod gdal_write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use crate::protocol::{FieldType, Kind, Period, Protocol, ProtocolError, Value};
use crate::store::FileRecord;
use crate::store::{Store, StoreError};
use read::{At, CellsRef, Loc, RowRef};
pub use report::{Issue, Outcome, Report};
use spec::FieldSpec;
pub use spec::PipelineSpec;
use stage::Job;
pub use stage::{Prepared, prepare, publish};
use validate::{FieldChecks, ForeignKeySet, ForeignRef, KeyChecks, key_hash};
use write::BackgroundWriters;

/// An ingest that could not run at all. Problems with the data itself are not errors but
/// [`Issue`]s in the [`Report`].
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("pipeline {path}: {message}")]
    Spec { path: PathBuf, message: String },
    #[error("pipeline {path} does not fit the protocol:\n  - {}", problems.join("\n  - "))]
    SpecInvalid {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("{path} is empty; expected a header row and then data")]
    EmptyFile { path: PathBuf },
    #[error("{path}: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error(
        "{path}: no sheet named `{sheet}`; the workbook has `{available}`; set reader.sheet in the pipeline"
    )]
    NoSuchSheet {
        path: PathBuf,
        sheet: String,
        available: String,
    },
    #[error(
        "{path}: expected a GeoJSON FeatureCollection, found `{found}`; wrap the features in {{\"type\": \"FeatureCollection\", \"features\": [...]}}"
    )]
    NotFeatureCollection { path: PathBuf, found: String },
    #[error("--period {period}: {message}")]
    BadPeriod { period: String, message: String },
    #[error("{dataset}: cannot write the GIS downloads, so nothing was published: {message}")]
    Export { dataset: String, message: String },
    #[error("{path} changed since it was checked, so nothing was published; check it again")]
    SourcesChanged { path: PathBuf },
    #[error("{path} is not empty; prepare a check into a new, empty directory")]
    DirNotEmpty { path: PathBuf },
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "{dataset}: cannot compute its dashboard aggregates, so nothing was published; run `disclose verify`"
    )]
    Aggregates {
        dataset: String,
        source: crate::analytics::AnalyticsError,
    },
}

impl PipelineError {
    /// Problems with one input file, reported as issues so the rest can still be checked.
    fn as_file_issue(&self) -> Option<Issue> {
        let (path, rule, hint) = match self {
            Self::EmptyFile { path } => (
                path,
                "empty_file",
                "export the data again; the file has no content",
            ),
            Self::Unreadable { path, .. } => (
                path,
                "unreadable",
                "check the file is the format the pipeline names",
            ),
            Self::NoSuchSheet { path, .. } => (
                path,
                "sheet",
                "name one of the workbook's sheets in reader.sheet",
            ),
            Self::NotFeatureCollection { path, .. } => (
                path,
                "not_feature_collection",
                "export the layer as a GeoJSON FeatureCollection",
            ),
            _ => return None,
        };
        let loc = Loc {
            file: path.display().to_string().into(),
            at: At::File,
        };
        let message = self.to_string();
        let message = message
            .strip_prefix(&format!("{}: ", path.display()))
            .unwrap_or(&message)
            .to_string();
        Some(Issue::row(loc, rule, message, hint))
    }
}

/// Options of one ingest run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The period the files are for; inferred from the first row when absent.
    pub period: Option<String>,
    /// Why this version exists (required in spirit for a restatement).
    pub note: Option<String>,
    pub publisher: String,
    /// Validate only; publish nothing.
    pub dry_run: bool,
    /// Overrides the publication time (the demo replays a history of publications).
    pub published_at: Option<DateTime<Utc>>,
    /// Rows read so far, across all files, for a progress bar: set to 0 when reading
    /// starts, then every 4,096 rows and at the end of each file (`Relaxed` loads suffice).
    pub progress: Option<Arc<AtomicU64>>,
}

/// Runs a pipeline over `files` and, if every row is valid, publishes one new version.
/// With `opts.dry_run`, only checks, and takes no lock.
pub fn ingest(
    protocol: &Protocol,
    spec: &PipelineSpec,
    files: &[PathBuf],
    data_dir: &Path,
    opts: &IngestOptions,
) -> Result<Report, PipelineError> {
    let job = Job::new(protocol, spec, files, opts)?;
    if opts.dry_run {
        let store = Store::open(data_dir)?;
        return Ok(job.check(&store, None)?.report);
    }
    let (mut store, lock) = Store::open_for_publish(data_dir)?;
    job.ingest_locked(&mut store, &lock)
}

#[derive(Debug, Clone)]
enum PeriodSource {
    Declared,
    FirstRow(String),
}

/// The state of one ingest as rows stream through.
struct Run<'a> {
    kind: &'a Kind,
    checks: FieldChecks,
    redactor: redact::Redactor,
    foreign: Vec<ForeignKeySet>,
    keys: KeyChecks,
    /// The files read so far, in order.
    files: Vec<FileRead>,
    period: Option<(Period, PeriodSource)>,
    period_field: Option<usize>,
    fy_start: u32,
    writers: Option<BackgroundWriters>,
    /// The row being checked.
    values: Vec<Value>,
    /// Room for a cell whose text a transform changed.
    scratch: String,
    progress: Option<&'a AtomicU64>,
    report: Report,
}

/// Rows read between updates of [`IngestOptions::progress`].
const PROGRESS_EVERY: u64 = 4096;

/// Where a target field's text comes from in a (possibly unpivoted) source row.
enum Input<'s> {
    Column(usize, &'s str),
    Constant(String),
}

/// A file of the run: its name as issues give it, and its sha256 if it was hashed as it
/// was read to the end.
struct FileRead {
    label: Arc<str>,
    sha256: Option<String>,
}

/// How one file's rows fill a kind's fields.
struct Feed<'s> {
    /// Target field, its spec, and where its text comes from.
    inputs: Vec<(usize, &'s FieldSpec, Input<'s>)>,
    /// Source columns of longitude, latitude and WKT, for a spatial kind.
    geometry: Option<(Option<usize>, Option<usize>, Option<usize>)>,
    /// Whether invalid polygons are repaired (`[geometry] repair`).
    repair: bool,
    /// Fields nothing fills, and the geometry field: `Null` until set.
    unfed: Vec<usize>,
}

impl Run<'_> {
    fn file(&mut self, spec: &PipelineSpec, path: &Path) -> Result<(), PipelineError> {
        self.files.push(FileRead {
            label: path.display().to_string().into(),
            sha256: None,
        });
        let source = match read::open(path, &spec.reader) {
            Ok(s) => s,
            Err(e) => match e.as_file_issue() {
                Some(issue) => {
                    self.report.push(issue);
                    return Ok(());
                }
                None => return Err(e),
            },
        };
        let file_loc = Loc {
            file: path.display().to_string().into(),
            at: At::File,
        };
        let mut headers = source.headers.clone();
        let unpivot: Vec<(usize, String)> = match &spec.unpivot {
            Some(u) => u
                .columns
                .iter()
                .filter_map(|(col, label)| find_column(&headers, col).map(|i| (i, label.clone())))
                .collect(),
            None => Vec::new(),
        };
        if let Some(u) = &spec.unpivot {
            headers.push(u.key.clone());
            headers.push(u.value.clone());
        }
        // Every column the spec reads must be there; name each missing one and its nearest.
        let mut missing = false;
        for col in spec.source_columns() {
            if find_column(&headers, col).is_none() {
                missing = true;
                let names: Vec<&str> = source.headers.iter().map(String::as_str).collect();
                let hint = match spec::closest(col, &names) {
                    Some(c) => format!(
                        "the closest column is `{c}`; rename it in the file or change `from` in {}",
                        spec.path.display()
                    ),
                    None => format!("the file's columns are: {}", names.join(", ")),
                };
                self.report.push(Issue::row(
                    file_loc.clone(),
                    "missing_column",
                    format!("column `{col}` is missing"),
                    &hint,
                ));
            }
        }
        if missing {
            return Ok(());
        }
        let used = spec.source_columns();
        let unknown: Vec<&str> = source
            .headers
            .iter()
            .filter(|h| !h.is_empty() && !used.iter().any(|u| same_name(u, h)))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            self.report.push(
                Issue::row(
                    file_loc.clone(),
                    "unknown_column",
                    format!(
                        "columns not used by the pipeline, left out: {}",
                        unknown.join(", ")
                    ),
                    "map them in the pipeline if they should be published",
                )
                .warning(),
            );
        }

        let period_text = self
            .period
            .as_ref()
            .filter(|(_, s)| matches!(s, PeriodSource::Declared))
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        if period_text.is_empty()
            && spec
                .fields
                .values()
                .any(|f| f.value.as_deref().is_some_and(|v| v.contains("{period}")))
        {
            self.report.push(Issue::row(
                file_loc,
                "period",
                "the pipeline fills a field with {period}, but no period was given".into(),
                "pass --period, e.g. --period 2025-26",
            ));
            return Ok(());
        }
        let inputs: Vec<(usize, &FieldSpec, Input)> = spec
            .fields
            .iter()
            .filter_map(|(name, fs)| {
                let index = self.kind.schema.index_of(name)?;
                let input = match (&fs.from, &fs.value) {
                    (Some(col), _) => Input::Column(find_column(&headers, col)?, col.as_str()),
                    (None, Some(v)) => Input::Constant(v.replace("{period}", &period_text)),
                    (None, None) => return None,
                };
                Some((index, fs, input))
            })
            .collect();
        let geometry = spec.geometry.as_ref().filter(|g| g.has_columns()).map(|g| {
            let col = |c: &Option<String>| c.as_deref().and_then(|c| find_column(&headers, c));
            (col(&g.lon), col(&g.lat), col(&g.wkt))
        });
        let unfed = (0..self.kind.schema.fields.len())
            .filter(|i| !inputs.iter().any(|(j, _, _)| j == i))
            .collect();
        let feed = Feed {
            inputs,
            geometry,
            repair: spec.repair(),
            unfed,
        };

        let mut rows_in_file = 0u64;
        let mut rows = source.rows;
        let digest = source.sha256;
        // Once the parser has guessed the file's rows, the key tables are sized for them:
        // growing a table of millions of keys step by step costs more than checking them.
        let mut estimate = source.rows_estimate;
        while let Some(result) = rows.next_row() {
            self.report.rows_read += 1;
            rows_in_file += 1;
            if self.report.rows_read.is_multiple_of(PROGRESS_EVERY) {
                self.show_progress();
            }
            if let Some(rows) = estimate.as_deref().and_then(|e| e.get()) {
                self.keys.reserve(*rows as usize);
                estimate = None;
            }
            let row = match result {
                Ok(row) => row,
                Err(issue) => {
                    self.report.push(*issue);
                    continue;
                }
            };
            if unpivot.is_empty() {
                self.row(&row, row.cells, &feed);
            } else {
                let skip_empty = spec.unpivot.as_ref().is_some_and(|u| u.skip_empty);
                for (col, label) in &unpivot {
                    let cell = row.cells.get(*col).unwrap_or_default();
                    if skip_empty && cell.trim().is_empty() {
                        continue;
                    }
                    let mut cells = row.cells.to_cells();
                    cells.push(label);
                    cells.push(cell);
                    self.row(&row, cells.view(), &feed);
                }
            }
        }
        self.check_keys();
        self.show_progress();
        if let Some(file) = self.files.last_mut() {
            file.sha256 = digest.as_deref().and_then(|d| d.get()).cloned();
        }
        if rows_in_file == 0 && spec.allow_empty {
            self.report.push(
                Issue::row(
                    file_loc,
                    "no_rows",
                    "the file has a header but no data rows; an empty version is published".into(),
                    "nothing to do if there was nothing to disclose",
                )
                .warning(),
            );
        } else if rows_in_file == 0 {
            self.report.push(Issue::row(
                file_loc,
                "no_rows",
                "the file has a header but no data rows".into(),
                "export the data again, including its rows",
            ));
        }
        Ok(())
    }

    fn show_progress(&self) {
        if let Some(p) = self.progress {
            p.store(self.report.rows_read, Ordering::Relaxed);
        }
    }

    fn row(&mut self, source: &RowRef, cells: CellsRef, feed: &Feed) {
        // One row buffer for the whole run, filled in place: it stays in cache, and its
        // strings keep their capacity from row to row.
        let mut values = std::mem::take(&mut self.values);
        values.resize(self.kind.schema.fields.len(), Value::Null);
        for &i in &feed.unfed {
            values[i] = Value::Null;
        }
        let valid = self.check_row(source, cells, feed, &mut values);
        if let Some(w) = &mut self.writers
            && valid
            && !self.report.has_errors()
        {
            self.redactor.apply(&mut values);
            if let Err(e) = w.write(&mut values) {
                self.report.push(Issue::row(
                    source.loc(),
                    "write",
                    format!("cannot write the staged version: {e}"),
                    "check free disk space in the data directory",
                ));
            }
        }
        self.values = values;
    }

    /// Parses and checks one row into `values`; true if it is valid.
    fn check_row(
        &mut self,
        source: &RowRef,
        cells: CellsRef,
        feed: &Feed,
        values: &mut [Value],
    ) -> bool {
        let schema = &self.kind.schema;
        let inputs = &feed.inputs;
        let mut ok = true;
        for (index, fs, input) in inputs {
            let (raw, column) = match input {
                Input::Column(i, name) => (cells.get(*i).unwrap_or_default(), Some(*name)),
                Input::Constant(v) => (v.as_str(), None),
            };
            let field = &schema.fields[*index];
            if let Err(message) = transform::parse_into(
                transform::clean_text(raw, fs, &mut self.scratch),
                field.kind,
                fs,
                &mut values[*index],
            ) {
                ok = false;
                let hint = type_hint(field.kind);
                self.report.push(
                    Issue::row(source.loc(), "type", message, hint)
                        .with_field(&field.name, column)
                        .with_value(raw),
                );
            }
        }
        // The geometry field, if its geometry was refused (and so is not also missing).
        let mut refused = None;
        if let Some(gi) = schema.geometry_index() {
            let geometry = match (feed.geometry, source.geometry) {
                (Some((Some(lon), Some(lat), _)), _) => transform::point(
                    cells.get(lon).unwrap_or_default(),
                    cells.get(lat).unwrap_or_default(),
                ),
                (Some((_, _, Some(wkt))), _) => transform::wkt(cells.get(wkt).unwrap_or_default()),
                (_, Some(g)) => g.clone(),
                _ => Ok(None),
            };
            let field = &schema.fields[gi].name;
            match geometry {
                Ok(None) => values[gi] = Value::Null,
                Ok(Some(g)) => match geometry::prepare(g, feed.repair) {
                    Ok(prepared) => {
                        for repair in &prepared.repairs {
                            let message = format!("{repair}{}", self.naming(values));
                            let issue = Issue::row(
                                source.loc(),
                                "geometry_repaired",
                                message,
                                repair.hint(),
                            )
                            .with_field(field, None)
                            .warning();
                            self.report.push(issue);
                        }
                        values[gi] = Value::Geom(prepared.geometry);
                    }
                    Err(fault) => {
                        ok = false;
                        refused = Some(gi);
                        let hint = if feed.repair || !fault.repairable() {
                            "fix the geometry in the source (QGIS: Vector › Geometry Tools › Fix Geometries)"
                        } else {
                            "set `repair = true` under `[geometry]` in the pipeline to repair it as it is read, or fix it in the source (QGIS: Vector › Geometry Tools › Fix Geometries)"
                        };
                        let message = format!("invalid geometry: {fault}{}", self.naming(values));
                        self.report.push(
                            Issue::row(source.loc(), "geometry", message, hint)
                                .with_field(field, None),
                        );
                    }
                },
                Err(message) => {
                    ok = false;
                    refused = Some(gi);
                    self.report.push(Issue::row(source.loc(), "geometry", message, "fix the geometry in the source (QGIS: Fix Geometries), or leave it empty if it is optional").with_field(field, None));
                }
            }
        }
        for (i, value) in values.iter().enumerate() {
            // A value that failed to parse is already reported; do not also call it missing.
            if value.is_null()
                && !ok
                && (inputs.iter().any(|(j, _, _)| *j == i) || refused == Some(i))
            {
                continue;
            }
            if let Some((rule, message, hint)) = self.checks.check(self.kind, i, value) {
                ok = false;
                let column = inputs
                    .iter()
                    .find(|(j, _, _)| *j == i)
                    .and_then(|(_, fs, _)| fs.from.as_deref());
                let mut issue = Issue::row(source.loc(), rule, message, &hint)
                    .with_field(&schema.fields[i].name, column);
                if !value.is_null() && !matches!(value, Value::Geom(_)) {
                    issue = issue.with_value(&value.to_text());
                }
                self.report.push(issue);
            }
        }
        if !ok {
            return false;
        }
        ok &= self.check_period(source, values);
        for fk in &self.foreign {
            if let Some((rule, message, hint)) = fk.check(values) {
                ok = false;
                let field = fk
                    .reference
                    .fields
                    .iter()
                    .map(|&i| schema.fields[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.report
                    .push(Issue::row(source.loc(), rule, message, &hint).with_field(&field, None));
            }
        }
        if ok {
            self.report.rows_valid += 1;
        }
        let file = self.files.len().saturating_sub(1);
        if self.keys.queue(values, pack(file, source.at), ok) {
            self.check_keys();
        }
        ok
    }

    fn check_period(&mut self, source: &RowRef, values: &[Value]) -> bool {
        let Some(pf) = self.period_field else {
            return true;
        };
        let freq = self.kind.spec.frequency;
        let field = &self.kind.schema.fields[pf];
        let row_period = match &values[pf] {
            Value::Date(d) => Period::containing(*d, freq, self.fy_start),
            Value::Str(s) if field.kind == FieldType::Yearmonth => {
                chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                    .ok()
                    .and_then(|d| Period::containing(d, freq, self.fy_start))
            }
            Value::Str(s) => match Period::parse(s, freq, self.fy_start) {
                Ok(p) => Some(p),
                Err(message) => {
                    self.report.push(
                        Issue::row(
                            source.loc(),
                            "period",
                            message,
                            "use the period form the protocol expects",
                        )
                        .with_field(&field.name, None)
                        .with_value(s),
                    );
                    return false;
                }
            },
            _ => None,
        };
        let Some(row_period) = row_period else {
            return true;
        };
        match &self.period {
            None => {
                self.period = Some((row_period, PeriodSource::FirstRow(source.loc().to_string())));
                true
            }
            Some((p, _)) if *p == row_period => true,
            Some((p, from)) => {
                let why = match from {
                    PeriodSource::Declared => "declared with --period".to_string(),
                    PeriodSource::FirstRow(at) => format!("taken from the first row, {at}"),
                };
                let message = format!(
                    "row belongs to period {row_period}, but this dataset is for {p} ({why})"
                );
                self.report.push(
                    Issue::row(
                        source.loc(),
                        "period",
                        message,
                        "split the export by period, or correct the date",
                    )
                    .with_field(&field.name, None)
                    .with_value(&values[pf].to_text()),
                );
                false
            }
        }
    }

    /// ` (code KE-300)`: the row's primary key, to name a feature in a message beside its
    /// number; empty for a kind without one or a key not yet read.
    fn naming(&self, values: &[Value]) -> String {
        let schema = &self.kind.schema;
        let parts: Vec<String> = schema
            .primary_key
            .iter()
            .filter_map(|name| {
                let text = values.get(schema.index_of(name)?)?.text();
                (!text.is_empty()).then(|| format!("{name} {text}"))
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }

    /// Looks up the keys queued by the rows checked since last time, and reports those
    /// seen before. A repeated row no longer counts as valid.
    fn check_keys(&mut self) {
        for repeat in self.keys.check() {
            if repeat.valid {
                self.report.rows_valid -= 1;
            }
            let (loc, first) = (self.unpack(repeat.at), self.unpack(repeat.first));
            let names: Vec<&str> = self
                .keys
                .fields(repeat.set)
                .iter()
                .map(|&i| self.kind.schema.fields[i].name.as_str())
                .collect();
            let issue = if self.keys.is_primary(repeat.set) {
                let message = format!(
                    "primary key ({}) = ({}) repeats the row at {first}",
                    names.join(", "),
                    repeat.text
                );
                Issue::row(
                    loc,
                    "primary_key",
                    message,
                    "each row needs its own key; remove the duplicate row or correct the key",
                )
                .with_field(&names.join(", "), None)
            } else {
                let message = format!("`{}` repeats the value at {first}", repeat.text);
                Issue::row(
                    loc,
                    "unique",
                    message,
                    "values in this field must be unique",
                )
                .with_field(&names.join(", "), None)
                .with_value(&repeat.text)
            };
            self.report.push(issue);
        }
    }

    fn unpack(&self, position: u64) -> Loc {
        let (file, at) = unpack(position);
        Loc {
            file: self
                .files
                .get(file)
                .map_or_else(|| "(input)".into(), |f| f.label.clone()),
            at,
        }
    }
}

/// A row's place in one number, for the key tables: file (14 bits), kind of place (2 bits)
/// and number (48 bits).
fn pack(file: usize, at: At) -> u64 {
    let (kind, n) = match at {
        At::File => (0, 0),
        At::Line(n) => (1, n),
        At::Row(n) => (2, n),
        At::Feature(n) => (3, n),
    };
    ((file as u64 & 0x3fff) << 50) | (kind << 48) | (n & ((1 << 48) - 1))
}

fn unpack(position: u64) -> (usize, At) {
    let n = position & ((1 << 48) - 1);
    let at = match (position >> 48) & 3 {
        1 => At::Line(n),
        2 => At::Row(n),
        3 => At::Feature(n),
        _ => At::File,
    };
    ((position >> 50) as usize, at)
}

fn type_hint(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Date => {
            "give the date in one of the formats listed, or add its format to `date_format` in the pipeline"
        }
        FieldType::Number | FieldType::Integer => {
            "give a plain number; for amounts with separators or (negatives) set `amount = true` in the pipeline"
        }
        FieldType::Yearmonth => "give the month as YYYY-MM",
        FieldType::Boolean => "use true or false",
        FieldType::String | FieldType::Geojson => "correct the value",
    }
}

/// Finds a column by name: exact, then ignoring case and runs of white space.
fn find_column(headers: &[String], name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h == name)
        .or_else(|| headers.iter().position(|h| same_name(h, name)))
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Loads the key sets of every dataset this kind's foreign keys reference.
fn foreign_key_sets(
    store: &Store,
    kind: &Kind,
    report: &mut Report,
) -> Result<Vec<ForeignKeySet>, PipelineError> {
    let mut sets = Vec::new();
    for fk in &kind.schema.foreign_keys {
        let target = &fk.reference.resource;
        let Some(entry) = store.latest(target) else {
            let loc = Loc {
                file: "(store)".into(),
                at: At::File,
            };
            report.push(Issue::row(
                loc,
                "foreign_key",
                format!(
                    "{} references {target}, which has no published version",
                    fk.fields.join(", ")
                ),
                &format!("publish {target} first"),
            ));
            continue;
        };
        let path = store.version_dir(target, entry.version).join("data.csv");
        let file = std::fs::File::open(&path).map_err(|source| PipelineError::Io {
            path: path.clone(),
            source,
        })?;
        let mut reader = csv::Reader::from_reader(std::io::BufReader::new(file));
        let headers = reader
            .headers()
            .map_err(|e| PipelineError::Unreadable {
                path: path.clone(),
                message: e.to_string(),
            })?
            .clone();
        let cols: Vec<usize> = fk
            .reference
            .fields
            .iter()
            .filter_map(|f| headers.iter().position(|h| h == f))
            .collect();
        let mut keys = std::collections::HashSet::with_hasher(validate::ByKeyHash::default());
        for record in reader.records() {
            let record = record.map_err(|e| PipelineError::Unreadable {
                path: path.clone(),
                message: e.to_string(),
            })?;
            keys.insert(key_hash(cols.iter().map(|&i| record.get(i).unwrap_or(""))));
        }
        sets.push(ForeignKeySet {
            reference: ForeignRef {
                fields: fk
                    .fields
                    .iter()
                    .filter_map(|f| kind.schema.index_of(f))
                    .collect(),
                target: target.clone(),
                target_version: entry.version,
                target_fields: fk.reference.fields.clone(),
            },
            keys,
        });
    }
    Ok(sets)
}

/// The Frictionless Data Package of a version.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; a struct would only rename them"
)]
fn datapackage(
    protocol: &Protocol,
    kind: &Kind,
    dataset: &str,
    version: u32,
    period: Option<Period>,
    published_at: &str,
    opts: &IngestOptions,
    files: &[FileRecord],
    foreign: &[ForeignRef],
) -> serde_json::Value {
    let j = &protocol.jurisdiction;
    let synthetic = if j.synthetic {
        " (SYNTHETIC DEMONSTRATION DATA)"
    } else {
        ""
    };
    let title = match period {
        Some(p) => format!("{} — {p}{synthetic}", kind.spec.title),
        None => format!("{}{synthetic}", kind.spec.title),
    };
    let mut description = kind.spec.description.clone();
    if j.synthetic {
        description.push_str("\n\nThis dataset is synthetic: generated for demonstration, describing no real place, person or payment.");
    }
    let due = period.and_then(|p| kind.spec.due.as_ref().map(|d| d.due_date(p).to_string()));
    let resource = |f: &FileRecord| -> serde_json::Value {
        let crate::store::FileFormat {
            name: format,
            media_type: mediatype,
            ..
        } = crate::store::file_format(&f.path);
        let mut r = serde_json::json!({
            "name": format!("{}-{format}", dataset.to_lowercase()),
            "path": f.path,
            "format": format,
            "mediatype": mediatype,
            "bytes": f.bytes,
            "hash": format!("sha256:{}", f.sha256),
        });
        if format == "csv" {
            r["profile"] = "tabular-data-resource".into();
            r["encoding"] = "utf-8".into();
            // Foreign keys point at other datasets, which a package cannot contain; they are
            // recorded under `disclose.foreign_keys` with the version they were checked against.
            let mut schema = kind.schema.clone();
            schema.foreign_keys.clear();
            r["schema"] = serde_json::to_value(&schema).expect("schemas serialise");
        }
        r
    };
    let csv: Vec<serde_json::Value> = files
        .iter()
        .filter(|f| f.path.ends_with(".csv"))
        .map(resource)
        .collect();
    let others: Vec<serde_json::Value> = files
        .iter()
        .filter(|f| !f.path.ends_with(".csv"))
        .map(resource)
        .collect();
    serde_json::json!({
        "profile": "tabular-data-package",
        // Frictionless names are lower-case; the dataset id itself may hold a `Q`.
        "name": dataset.to_lowercase(),
        "id": dataset,
        "title": title,
        "description": description,
        "version": version.to_string(),
        "created": published_at,
        "keywords": kind.spec.tags,
        "licenses": [{ "name": j.licence.name, "title": j.licence.title, "path": j.licence.path }],
        "contributors": [{ "title": j.publisher, "role": "publisher" }, { "title": opts.publisher, "role": "author" }],
        "resources": csv,
        "disclose": {
            "kind": kind.name,
            "period": period.map(|p| p.to_string()),
            "due_date": due,
            "frequency": kind.spec.frequency.to_string(),
            "legal_basis": kind.spec.legal_basis,
            "office": kind.spec.office,
            "jurisdiction": j.name,
            "currency": j.currency,
            "synthetic": j.synthetic,
            "note": opts.note,
            "foreign_keys": foreign.iter().map(|fk| serde_json::json!({
                "fields": fk.fields.iter().map(|&i| kind.schema.fields[i].name.as_str()).collect::<Vec<_>>(),
                "reference": { "dataset": fk.target, "version": fk.target_version, "fields": fk.target_fields },
            })).collect::<Vec<_>>(),
            "redactions": kind.spec.redact.iter().map(|r| serde_json::json!({ "field": r.field, "reason": r.reason })).collect::<Vec<_>>(),
            "other_formats": others,
        },
    })
}

/// Checks every pipeline in `dir` against the protocol, and that every kind has a
/// pipeline. `built_in` are the specs of kinds the platform exports itself (citizen
/// feedback, from the state database): each is checked like a file, and covers its kind.
/// Returns every problem, each naming its file.
pub fn check_all(
    protocol: &Protocol,
    dir: &Path,
    built_in: &[PipelineSpec],
) -> Result<Vec<String>, PipelineError> {
    let mut problems = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for spec in built_in {
        covered.insert(spec.kind.clone());
        problems.extend(
            spec.check(protocol)
                .into_iter()
                .map(|p| format!("{}: {p}", spec.path.display())),
        );
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| PipelineError::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for path in &paths {
        match PipelineSpec::load(path) {
            Ok(spec) => {
                covered.insert(spec.kind.clone());
                let expected = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                if expected.as_deref() != Some(spec.name.as_str()) {
                    problems.push(format!(
                        "{}: `name` is `{}`; name it after its file, `{}`",
                        path.display(),
                        spec.name,
                        expected.unwrap_or_default()
                    ));
                }
                problems.extend(
                    spec.check(protocol)
                        .into_iter()
                        .map(|p| format!("{}: {p}", path.display())),
                );
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    for kind in protocol.kinds.keys().filter(|k| !covered.contains(*k)) {
        problems.push(format!(
            "kind `{kind}` has no pipeline in {}; publishers cannot ingest it",
            dir.display()
        ));
    }
    Ok(problems)
}
