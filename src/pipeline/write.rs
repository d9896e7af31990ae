//! Writers: typed rows out to the published formats, streaming, each file hashed as it is
//! written.
//!
//! - `data.parquet`: one column per field, typed; for spatial kinds GeoParquet 1.1 (WKB
//!   geometry, `geo` file metadata with the bounding box and geometry types).
//! - `data.csv`: UTF-8, header row, canonical text ([`Value::to_text`]).
//! - `data.geojson`: RFC 7946 FeatureCollection, for spatial kinds.
//!
//! Every file is fsynced before [`RowWriters::finish`] returns.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow::array::{ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow::datatypes::{DataType, Field as ArrowField, Schema as ArrowSchema};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::protocol::{FieldType, Kind, Value};

const BATCH_ROWS: usize = 64 * 1024;

/// A file of a published version, as the ledger records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// Data rows in the file; absent for metadata files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

/// A writer that hashes and counts what passes through it.
pub struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Self { inner, hasher: Sha256::new(), bytes: 0 }
    }

    pub fn finish(self) -> (W, String, u64) {
        (self.inner, hex::encode(self.hasher.finalize()), self.bytes)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn create(dir: &Path, name: &str) -> io::Result<Hashing<BufWriter<File>>> {
    Ok(Hashing::new(BufWriter::with_capacity(1 << 16, File::create(dir.join(name))?)))
}

/// Flushes, fsyncs and describes a finished file.
fn seal(w: Hashing<BufWriter<File>>, name: &str, rows: Option<u64>) -> io::Result<FileRecord> {
    let (buf, sha256, bytes) = w.finish();
    let file = buf.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(FileRecord { path: name.to_string(), sha256, bytes, rows })
}

/// Writes a small file whole (e.g. `datapackage.json`), fsynced.
pub fn write_small(dir: &Path, name: &str, content: &[u8]) -> io::Result<FileRecord> {
    let mut w = create(dir, name)?;
    w.write_all(content)?;
    seal(w, name, None)
}

/// All writers of one version being staged.
pub struct RowWriters {
    kind: Arc<Kind>,
    rows: u64,
    text: String,
    csv: csv::Writer<Hashing<BufWriter<File>>>,
    parquet: ParquetSink,
    geojson: Option<GeoJsonSink>,
}

impl RowWriters {
    pub fn create(dir: &Path, kind: Arc<Kind>) -> io::Result<Self> {
        let mut csv = csv::WriterBuilder::new().from_writer(create(dir, "data.csv")?);
        csv.write_record(kind.schema.fields.iter().map(|f| f.name.as_str()))?;
        let parquet = ParquetSink::create(dir, &kind)?;
        let geojson = if kind.is_spatial() { Some(GeoJsonSink::create(dir, &kind.name)?) } else { None };
        Ok(Self { kind, rows: 0, text: String::new(), csv, parquet, geojson })
    }

    pub fn write(&mut self, row: &[Value]) -> io::Result<()> {
        for value in row {
            self.text.clear();
            value.write_text(&mut self.text);
            self.csv.write_field(&self.text)?;
        }
        self.csv.write_record(None::<&[u8]>)?;
        self.parquet.push(row)?;
        if let Some(g) = &mut self.geojson {
            g.push(&self.kind, row)?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Closes every file; returns their records, data.parquet first.
    pub fn finish(self) -> io::Result<Vec<FileRecord>> {
        let rows = Some(self.rows);
        let mut files = vec![self.parquet.finish(rows)?];
        let csv = self.csv.into_inner().map_err(|e| e.into_error())?;
        files.push(seal(csv, "data.csv", rows)?);
        if let Some(g) = self.geojson {
            files.push(g.finish(rows)?);
        }
        Ok(files)
    }
}

enum Column {
    Str(StringBuilder),
    Int(Int64Builder),
    Num(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
    Wkb(BinaryBuilder),
}

struct ParquetSink {
    writer: ArrowWriter<Hashing<BufWriter<File>>>,
    schema: Arc<ArrowSchema>,
    columns: Vec<Column>,
    pending: usize,
    geometry: Option<(String, GeoStats)>,
}

#[derive(Default)]
struct GeoStats {
    bbox: Option<[f64; 4]>,
    types: BTreeSet<&'static str>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")
}

impl ParquetSink {
    fn create(dir: &Path, kind: &Kind) -> io::Result<Self> {
        let fields: Vec<ArrowField> = kind
            .schema
            .fields
            .iter()
            .map(|f| {
                let dt = match f.kind {
                    FieldType::String | FieldType::Yearmonth => DataType::Utf8,
                    FieldType::Integer => DataType::Int64,
                    FieldType::Number => DataType::Float64,
                    FieldType::Boolean => DataType::Boolean,
                    FieldType::Date => DataType::Date32,
                    FieldType::Geojson => DataType::Binary,
                };
                ArrowField::new(&f.name, dt, !f.constraints.required)
            })
            .collect();
        let schema = Arc::new(ArrowSchema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).expect("a valid level")))
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_created_by(format!("disclose {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(create(dir, "data.parquet")?, schema.clone(), Some(props)).map_err(io::Error::other)?;
        let columns = Self::builders(kind);
        let geometry = kind.schema.geometry_index().map(|i| (kind.schema.fields[i].name.clone(), GeoStats::default()));
        Ok(Self { writer, schema, columns, pending: 0, geometry })
    }

    fn builders(kind: &Kind) -> Vec<Column> {
        kind.schema
            .fields
            .iter()
            .map(|f| match f.kind {
                FieldType::String | FieldType::Yearmonth => Column::Str(StringBuilder::new()),
                FieldType::Integer => Column::Int(Int64Builder::new()),
                FieldType::Number => Column::Num(Float64Builder::new()),
                FieldType::Boolean => Column::Bool(BooleanBuilder::new()),
                FieldType::Date => Column::Date(Date32Builder::new()),
                FieldType::Geojson => Column::Wkb(BinaryBuilder::new()),
            })
            .collect()
    }

    fn push(&mut self, row: &[Value]) -> io::Result<()> {
        for (col, value) in self.columns.iter_mut().zip(row) {
            match (col, value) {
                (Column::Str(b), Value::Str(s)) => b.append_value(s),
                (Column::Int(b), Value::Int(i)) => b.append_value(*i),
                (Column::Num(b), v @ (Value::Num(_) | Value::Int(_))) => b.append_option(v.as_f64()),
                (Column::Bool(b), Value::Bool(x)) => b.append_value(*x),
                (Column::Date(b), Value::Date(d)) => b.append_value((*d - epoch()).num_days() as i32),
                (Column::Wkb(b), Value::Geom(g)) => {
                    use geozero::{CoordDimensions, ToWkb};
                    let wkb = g.to_wkb(CoordDimensions::xy()).map_err(io::Error::other)?;
                    b.append_value(wkb);
                    if let Some((_, stats)) = &mut self.geometry {
                        stats.add(g);
                    }
                }
                (Column::Str(b), _) => b.append_null(),
                (Column::Int(b), _) => b.append_null(),
                (Column::Num(b), _) => b.append_null(),
                (Column::Bool(b), _) => b.append_null(),
                (Column::Date(b), _) => b.append_null(),
                (Column::Wkb(b), _) => b.append_null(),
            }
        }
        self.pending += 1;
        if self.pending >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|c| -> ArrayRef {
                match c {
                    Column::Str(b) => Arc::new(b.finish()),
                    Column::Int(b) => Arc::new(b.finish()),
                    Column::Num(b) => Arc::new(b.finish()),
                    Column::Bool(b) => Arc::new(b.finish()),
                    Column::Date(b) => Arc::new(b.finish()),
                    Column::Wkb(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(io::Error::other)?;
        self.writer.write(&batch).map_err(io::Error::other)?;
        self.pending = 0;
        Ok(())
    }

    fn finish(mut self, rows: Option<u64>) -> io::Result<FileRecord> {
        self.flush()?;
        if let Some((column, stats)) = &self.geometry {
            let mut col = serde_json::json!({
                "encoding": "WKB",
                "geometry_types": stats.types.iter().collect::<Vec<_>>(),
            });
            if let Some(bbox) = stats.bbox {
                col["bbox"] = serde_json::json!(bbox);
            }
            let geo = serde_json::json!({ "version": "1.1.0", "primary_column": column, "columns": { column: col } });
            self.writer.append_key_value_metadata(KeyValue::new("geo".to_string(), geo.to_string()));
        }
        let inner = self.writer.into_inner().map_err(io::Error::other)?;
        seal(inner, "data.parquet", rows)
    }
}

impl GeoStats {
    fn add(&mut self, g: &geo::Geometry<f64>) {
        use geo::BoundingRect;
        self.types.insert(match g {
            geo::Geometry::Point(_) => "Point",
            geo::Geometry::LineString(_) | geo::Geometry::Line(_) => "LineString",
            geo::Geometry::Polygon(_) | geo::Geometry::Rect(_) | geo::Geometry::Triangle(_) => "Polygon",
            geo::Geometry::MultiPoint(_) => "MultiPoint",
            geo::Geometry::MultiLineString(_) => "MultiLineString",
            geo::Geometry::MultiPolygon(_) => "MultiPolygon",
            geo::Geometry::GeometryCollection(_) => "GeometryCollection",
        });
        if let Some(r) = g.bounding_rect() {
            let [w, s, e, n] = self.bbox.get_or_insert([f64::MAX, f64::MAX, f64::MIN, f64::MIN]);
            *w = w.min(r.min().x);
            *s = s.min(r.min().y);
            *e = e.max(r.max().x);
            *n = n.max(r.max().y);
        }
    }
}

struct GeoJsonSink {
    out: Hashing<BufWriter<File>>,
    first: bool,
}

impl GeoJsonSink {
    fn create(dir: &Path, name: &str) -> io::Result<Self> {
        let mut out = create(dir, "data.geojson")?;
        write!(out, "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[", serde_json::Value::from(name))?;
        Ok(Self { out, first: true })
    }

    fn push(&mut self, kind: &Kind, row: &[Value]) -> io::Result<()> {
        let mut properties = serde_json::Map::new();
        let mut geometry = serde_json::Value::Null;
        for (field, value) in kind.schema.fields.iter().zip(row) {
            let json = match value {
                // The geometry field is the feature's geometry, never a property.
                Value::Null if field.kind == FieldType::Geojson => continue,
                Value::Null => serde_json::Value::Null,
                Value::Int(i) => (*i).into(),
                Value::Num(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
                Value::Bool(b) => (*b).into(),
                Value::Geom(g) => {
                    geometry = serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(g))).map_err(io::Error::other)?;
                    continue;
                }
                Value::Str(_) | Value::Date(_) => value.to_text().into(),
            };
            properties.insert(field.name.clone(), json);
        }
        let id: Vec<String> = kind.schema.primary_key.iter().filter_map(|k| kind.schema.index_of(k)).map(|i| row[i].to_text()).collect();
        let feature = serde_json::json!({ "type": "Feature", "id": id.join("/"), "geometry": geometry, "properties": properties });
        self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, &feature)?;
        self.first = false;
        Ok(())
    }

    fn finish(mut self, rows: Option<u64>) -> io::Result<FileRecord> {
        self.out.write_all(b"\n]}\n")?;
        seal(self.out, "data.geojson", rows)
    }
}

/// [`RowWriters`] on their own thread: rows go over a bounded channel in batches, so
/// encoding, compression and hashing overlap with reading and validation.
pub struct BackgroundWriters {
    tx: Option<std::sync::mpsc::SyncSender<Vec<Vec<Value>>>>,
    batch: Vec<Vec<Value>>,
    rows: u64,
    handle: Option<std::thread::JoinHandle<io::Result<Vec<FileRecord>>>>,
}

const CHANNEL_BATCH: usize = 4096;

impl BackgroundWriters {
    pub fn create(dir: &Path, kind: Arc<Kind>) -> io::Result<Self> {
        let mut writers = RowWriters::create(dir, kind)?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<Value>>>(4);
        let handle = std::thread::Builder::new().name("disclose-writer".into()).spawn(move || {
            for batch in rx {
                for row in &batch {
                    writers.write(row)?;
                }
            }
            writers.finish()
        })?;
        Ok(Self { tx: Some(tx), batch: Vec::with_capacity(CHANNEL_BATCH), rows: 0, handle: Some(handle) })
    }

    pub fn write(&mut self, row: Vec<Value>) -> io::Result<()> {
        self.batch.push(row);
        self.rows += 1;
        if self.batch.len() >= CHANNEL_BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> io::Result<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(CHANNEL_BATCH));
        match &self.tx {
            // A closed channel means the writer thread stopped on an error; `finish` reports it.
            Some(tx) => tx.send(batch).or(Ok(())),
            None => Ok(()),
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes the last batch, waits for the thread, and returns the files' records.
    pub fn finish(mut self) -> io::Result<Vec<FileRecord>> {
        self.send()?;
        self.tx = None;
        let handle = self.handle.take().expect("finish runs once");
        handle.join().map_err(|_| io::Error::other("the writer thread panicked"))?
    }
}
