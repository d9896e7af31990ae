//! Slices: every row matching a query, written to a CSV or Parquet file.
//!
//! In stored order a slice streams, row group by row group on a few threads: a group's
//! filter columns are read first, then its other columns for the passing rows only, and
//! its rows are turned into CSV on the thread that read them; groups are written in order
//! as they come, a few read ahead at most, so memory stays bounded. A sorted slice first
//! passes over the filter and sort columns for the order, then reads the matching rows and
//! holds them in memory to write them in that order.

use std::fs::File;
use std::io::{BufWriter, Write};
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
use super::scan::{BATCH_ROWS, Source};
use super::{QueryError, RowQuery, SliceFormat, previewable};
use crate::protocol::{Schema, Value};

/// Every row of `parquet` matching `query` (in its order; paging ignored) written to
/// `out`. CSV holds the columns of the preview, written as the published `data.csv` writes
/// them; Parquet every column of the schema, geometry included. Blocking: call it off the async threads.
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
        // The schema's columns only: not the published file's bbox column, which without
        // the file's `geo` metadata would be a column of unexplained numbers.
        .filter(|(_, f)| {
            schema
                .fields
                .iter()
                .any(|s| &s.name == f.name() && (format == SliceFormat::Parquet || previewable(s)))
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
    let text = format == SliceFormat::Csv;
    let render = |batch: RecordBatch| -> Result<Rendered, QueryError> {
        Ok(if text {
            Rendered::Text(csv_text(&batch, out)?)
        } else {
            Rendered::Batch(batch)
        })
    };
    match &query.sort {
        // In stored order: a few row groups at a time, each batch turned into CSV on the
        // thread that read it, and written in order as they come.
        None => source.read(
            &source.every_group(),
            &columns,
            &query.filters,
            render,
            |rendered| sink.put(rendered),
        )?,
        // Sorted: the matching rows read in stored order, held, and written in the sort's.
        Some(sort) => {
            let positions = source
                .pass(&query.filters, Some(sort), usize::MAX)?
                .sorted
                .expect("a sorted pass");
            let mut stored = positions.clone();
            stored.sort_unstable();
            let mut batches = Vec::new();
            source.read(&source.selection(&stored), &columns, &[], Ok, |batch| {
                batches.push(batch);
                Ok(())
            })?;
            let rows = concat_batches(&sink.schema, &batches).map_err(QueryError::read(parquet))?;
            drop(batches);
            let at: UInt64Array = positions
                .iter()
                .map(|p| stored.binary_search(p).expect("read") as u64)
                .collect();
            for start in (0..at.len()).step_by(BATCH_ROWS) {
                let len = BATCH_ROWS.min(at.len() - start);
                let batch = take_record_batch(&rows, &at.slice(start, len))
                    .map_err(QueryError::read(parquet))?;
                sink.put(render(batch)?)?;
            }
        }
    }
    sink.finish()
}

/// Rows ready for a sink: CSV text, or a batch for the Parquet writer.
enum Rendered {
    Text(Vec<u8>),
    Batch(RecordBatch),
}

/// Where a slice is written.
struct Sink {
    path: PathBuf,
    schema: SchemaRef,
    out: Out,
}

enum Out {
    Csv(BufWriter<File>),
    /// Boxed: the Parquet writer is many times the size of a buffered file.
    Parquet(Box<ArrowWriter<BufWriter<File>>>),
}

impl Sink {
    /// The file, with its header when CSV.
    fn create(format: SliceFormat, path: &Path, schema: SchemaRef) -> Result<Self, QueryError> {
        let mut file = BufWriter::new(File::create(path).map_err(QueryError::write(path))?);
        let out = match format {
            SliceFormat::Csv => {
                // The csv crate's defaults, as `data.csv` is written.
                let mut header = csv::Writer::from_writer(Vec::new());
                header
                    .write_record(schema.fields().iter().map(|f| f.name()))
                    .map_err(QueryError::write(path))?;
                let header = header
                    .into_inner()
                    .map_err(|e| QueryError::write(path)(e.into_error()))?;
                file.write_all(&header).map_err(QueryError::write(path))?;
                Out::Csv(file)
            }
            SliceFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(
                        ZstdLevel::try_new(3).expect("a valid level"),
                    ))
                    .set_max_row_group_row_count(Some(128 * 1024))
                    .set_created_by(format!("disclose {}", env!("CARGO_PKG_VERSION")))
                    .build();
                Out::Parquet(Box::new(
                    ArrowWriter::try_new(file, schema.clone(), Some(props))
                        .map_err(QueryError::write(path))?,
                ))
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            schema,
            out,
        })
    }

    fn put(&mut self, rendered: Rendered) -> Result<(), QueryError> {
        let path = &self.path;
        match (&mut self.out, rendered) {
            (Out::Csv(out), Rendered::Text(text)) => {
                out.write_all(&text).map_err(QueryError::write(path))
            }
            (Out::Parquet(out), Rendered::Batch(batch)) => {
                out.write(&batch).map_err(QueryError::write(path))
            }
            _ => unreachable!("a slice renders rows for its own format"),
        }
    }

    fn finish(self) -> Result<(), QueryError> {
        let path = &self.path;
        let mut file = match self.out {
            Out::Csv(out) => out,
            Out::Parquet(out) => (*out).into_inner().map_err(QueryError::write(path))?,
        };
        file.flush().map_err(QueryError::write(path))
    }
}

/// A batch as CSV records, cells as `data.csv` has them.
fn csv_text(batch: &RecordBatch, path: &Path) -> Result<Vec<u8>, QueryError> {
    let cells = batch
        .columns()
        .iter()
        .zip(batch.schema().fields())
        .map(|(c, f)| {
            Cells::of(c).ok_or_else(|| QueryError::ColumnType {
                path: path.to_path_buf(),
                field: f.name().clone(),
                found: c.data_type().to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = csv::Writer::from_writer(Vec::with_capacity(batch.num_rows() * 64));
    let mut record = csv::ByteRecord::new();
    let mut text = String::new();
    for r in 0..batch.num_rows() {
        record.clear();
        for c in &cells {
            match c {
                Cells::Str(a) if a.is_valid(r) => record.push_field(a.value(r).as_bytes()),
                _ => {
                    text.clear();
                    c.write_text(r, &mut text);
                    record.push_field(text.as_bytes());
                }
            }
        }
        out.write_byte_record(&record)
            .map_err(QueryError::write(path))?;
    }
    out.into_inner()
        .map_err(|e| QueryError::write(path)(e.into_error()))
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
