//! Slices: every row matching a query, written to a CSV or Parquet file.
//!
//! A first pass reads the filter (and sort) columns alone; then the matching rows are read
//! with the slice's columns, row group by row group. In stored order a slice streams: a
//! few row groups' matching rows at a time, written as they come. A sorted slice holds the
//! matching rows in memory to write them in order.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
    UInt64Array,
};
use arrow::compute::{concat_batches, take_record_batch};
use arrow::datatypes::{DataType, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::filter::epoch;
use super::scan::{BATCH_ROWS, Source, order};
use super::{QueryError, RowQuery, SliceFormat, previewable};
use crate::protocol::{Schema, Value};

/// Every row of `parquet` matching `query` (in its order; paging ignored) written to
/// `out`. CSV holds the columns of the preview, written as the published `data.csv` writes
/// them; Parquet every column, geometry included. Blocking: call it off the async threads.
pub fn slice(
    parquet: &Path,
    schema: &Schema,
    query: &RowQuery,
    format: SliceFormat,
    out: &Path,
) -> Result<(), QueryError> {
    let source = Source::open(parquet)?;
    let columns: Vec<usize> = source
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            format == SliceFormat::Parquet
                || schema
                    .fields
                    .iter()
                    .any(|s| &s.name == f.name() && previewable(s))
        })
        .map(|(i, _)| i)
        .collect();
    let projected: SchemaRef = Arc::new(
        source
            .schema()
            .project(&columns)
            .map_err(QueryError::read(parquet))?,
    );
    // Checked before the file is made.
    source.pass_columns(&query.filters, query.sort.as_ref())?;
    let mut sink = Sink::create(format, out, projected)?;
    match &query.sort {
        // In stored order: the matching rows of a few row groups at a time, written as
        // they come.
        None => {
            let t0 = std::time::Instant::now();
            let selected = if query.filters.is_empty() {
                source.every_group()
            } else {
                source.pass(&query.filters, None)?.selections()
            };
            eprintln!(
                "TIMING slice pass {:?} {} groups",
                t0.elapsed(),
                selected.len()
            );
            let mut wrote = std::time::Duration::ZERO;
            source.read(&selected, &columns, |batch| {
                let t = std::time::Instant::now();
                let r = sink.write(&batch);
                wrote += t.elapsed();
                r
            })?;
            eprintln!(
                "TIMING slice read+write {:?}, writing {wrote:?}",
                t0.elapsed()
            );
        }
        // Sorted: the matching rows read in stored order, held, and written in the sort's.
        Some(sort) => {
            let pass = source.pass(&query.filters, Some(sort))?;
            let values = pass.values.as_ref().expect("a sorted pass has values");
            let ranks: Vec<u64> = order(values, sort.descending, usize::MAX)
                .into_iter()
                .map(|i| i as u64)
                .collect();
            let positions = pass.positions(&ranks);
            let mut stored = positions.clone();
            stored.sort_unstable();
            let mut batches = Vec::new();
            source.read(&source.selection(&stored), &columns, |batch| {
                batches.push(batch);
                Ok(())
            })?;
            let rows =
                concat_batches(&sink.schema(), &batches).map_err(QueryError::read(parquet))?;
            drop(batches);
            let at: UInt64Array = positions
                .iter()
                .map(|p| stored.binary_search(p).expect("read") as u64)
                .collect();
            for start in (0..at.len()).step_by(BATCH_ROWS) {
                let len = BATCH_ROWS.min(at.len() - start);
                let batch = take_record_batch(&rows, &at.slice(start, len))
                    .map_err(QueryError::read(parquet))?;
                sink.write(&batch)?;
            }
        }
    }
    sink.finish()
}

/// Where a slice is written.
enum Sink {
    Csv {
        path: PathBuf,
        schema: SchemaRef,
        out: csv::Writer<BufWriter<File>>,
        record: csv::ByteRecord,
        text: String,
    },
    Parquet {
        path: PathBuf,
        schema: SchemaRef,
        out: ArrowWriter<BufWriter<File>>,
    },
}

impl Sink {
    fn create(format: SliceFormat, path: &Path, schema: SchemaRef) -> Result<Self, QueryError> {
        let file = BufWriter::new(File::create(path).map_err(QueryError::write(path))?);
        Ok(match format {
            SliceFormat::Csv => {
                // The csv crate's defaults, as `data.csv` is written.
                let mut out = csv::Writer::from_writer(file);
                out.write_record(schema.fields().iter().map(|f| f.name()))
                    .map_err(QueryError::write(path))?;
                Self::Csv {
                    path: path.to_path_buf(),
                    schema,
                    out,
                    record: csv::ByteRecord::new(),
                    text: String::new(),
                }
            }
            SliceFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(
                        ZstdLevel::try_new(3).expect("a valid level"),
                    ))
                    .set_max_row_group_row_count(Some(128 * 1024))
                    .set_created_by(format!("disclose {}", env!("CARGO_PKG_VERSION")))
                    .build();
                Self::Parquet {
                    path: path.to_path_buf(),
                    out: ArrowWriter::try_new(file, schema.clone(), Some(props))
                        .map_err(QueryError::write(path))?,
                    schema,
                }
            }
        })
    }

    fn schema(&self) -> SchemaRef {
        match self {
            Self::Csv { schema, .. } | Self::Parquet { schema, .. } => schema.clone(),
        }
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<(), QueryError> {
        match self {
            Self::Parquet { path, out, .. } => out.write(batch).map_err(QueryError::write(path)),
            Self::Csv {
                path,
                out,
                record,
                text,
                ..
            } => {
                let cells = batch
                    .columns()
                    .iter()
                    .zip(batch.schema().fields())
                    .map(|(c, f)| {
                        Cells::of(c).ok_or_else(|| QueryError::ColumnType {
                            path: path.clone(),
                            field: f.name().clone(),
                            found: c.data_type().to_string(),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                for r in 0..batch.num_rows() {
                    record.clear();
                    for c in &cells {
                        match c {
                            Cells::Str(a) if a.is_valid(r) => {
                                record.push_field(a.value(r).as_bytes())
                            }
                            _ => {
                                text.clear();
                                c.write_text(r, text);
                                record.push_field(text.as_bytes());
                            }
                        }
                    }
                    out.write_byte_record(record)
                        .map_err(QueryError::write(path))?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<(), QueryError> {
        use std::io::Write;
        match self {
            Self::Csv { path, out, .. } => out
                .into_inner()
                .map_err(|e| QueryError::write(&path)(e.into_error()))?
                .flush()
                .map_err(QueryError::write(&path)),
            Self::Parquet { path, out, .. } => out
                .into_inner()
                .map_err(QueryError::write(&path))?
                .flush()
                .map_err(QueryError::write(&path)),
        }
    }
}

/// A batch's column, looked up once, to write row by row.
enum Cells<'a> {
    Str(&'a StringArray),
    Int(&'a Int64Array),
    Num(&'a Float64Array),
    Bool(&'a BooleanArray),
    Date(&'a Date32Array),
}

impl<'a> Cells<'a> {
    fn of(column: &'a ArrayRef) -> Option<Self> {
        let any = column.as_any();
        Some(match column.data_type() {
            DataType::Utf8 => Self::Str(any.downcast_ref()?),
            DataType::Int64 => Self::Int(any.downcast_ref()?),
            DataType::Float64 => Self::Num(any.downcast_ref()?),
            DataType::Boolean => Self::Bool(any.downcast_ref()?),
            DataType::Date32 => Self::Date(any.downcast_ref()?),
            _ => return None,
        })
    }

    /// Appends the cell's text as `data.csv` has it ([`Value::write_text`]); empty when null.
    fn write_text(&self, r: usize, out: &mut String) {
        let value = match self {
            Self::Str(a) if a.is_valid(r) => Value::Str(a.value(r).to_string()),
            Self::Int(a) if a.is_valid(r) => Value::Int(a.value(r)),
            Self::Num(a) if a.is_valid(r) => Value::Num(a.value(r)),
            Self::Bool(a) if a.is_valid(r) => Value::Bool(a.value(r)),
            Self::Date(a) if a.is_valid(r) => {
                match epoch().checked_add_signed(chrono::TimeDelta::days(i64::from(a.value(r)))) {
                    Some(d) => Value::Date(d),
                    None => Value::Null,
                }
            }
            _ => Value::Null,
        };
        value.write_text(out);
    }
}
