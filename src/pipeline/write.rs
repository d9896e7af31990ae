//! Writers: typed rows out to the published formats, streaming, each file hashed as it is
//! written.
//!
//! - `data.parquet`: one column per field, typed; for spatial kinds GeoParquet 1.1 (WKB
//!   geometry, `geo` file metadata with the bounding box and geometry types, and
//!   `orientation: counterclockwise` where there are polygons), with a last
//!   `bbox` column (a struct of `xmin`, `ymin`, `xmax`, `ymax`, null with no geometry)
//!   declared as the geometry's bbox covering, so readers can skip row groups by place.
//!   Over [`SPATIAL_ORDER_FROM`] rows, its rows are in Hilbert order of their places, in
//!   row groups of [`SPATIAL_ROW_GROUP`], so that those skips happen; `data.csv` and
//!   `data.geojson` keep the source's order.
//! - `data.csv`: UTF-8, header row, canonical text ([`Value::to_text`]).
//! - `data.geojson`: RFC 7946 FeatureCollection, for spatial kinds.
//!
//! Every file is fsynced before [`BackgroundWriters::finish`] returns.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BinaryBuilder, BooleanArray, BooleanBuilder, Date32Array, Date32Builder,
    Float64Array, Float64Builder, Int64Array, Int64Builder, StringArray, StringBuilder,
    StructArray,
};
use arrow::buffer::NullBuffer;
use arrow::datatypes::{DataType, Field as ArrowField, Fields, Schema as ArrowSchema};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::protocol::{FieldType, Kind, Value};
use crate::store::{FileRecord, Hashing};

fn create(dir: &Path, name: &str) -> io::Result<Hashing<BufWriter<File>>> {
    Ok(Hashing::new(BufWriter::with_capacity(
        1 << 16,
        File::create(dir.join(name))?,
    )))
}

/// Flushes, fsyncs and describes a finished file.
fn seal(w: Hashing<BufWriter<File>>, name: &str, rows: Option<u64>) -> io::Result<FileRecord> {
    let (buf, sha256, bytes) = w.finish();
    let file = buf.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(FileRecord {
        path: name.to_string(),
        sha256,
        bytes,
        rows,
    })
}

/// Writes a small file whole (e.g. `datapackage.json`), fsynced.
pub fn write_small(dir: &Path, name: &str, content: &[u8]) -> io::Result<FileRecord> {
    let mut w = create(dir, name)?;
    w.write_all(content)?;
    seal(w, name, None)
}

/// Typed rows gathered into Arrow columns, a batch at a time. Built on the thread that
/// validates (one row buffer, filled again for every row, stays in cache), written on
/// another.
struct Columns {
    schema: Arc<ArrowSchema>,
    columns: Vec<Column>,
    /// The geometry of each row, for spatial kinds: its WKB is in the column, but the
    /// CSV, GeoJSON and the file's bounding box want the shape.
    geometries: Option<Vec<Option<geo::Geometry<f64>>>>,
    /// Each row's bounding box, for spatial kinds: the `bbox` covering column.
    bboxes: Option<Vec<Option<[f64; 4]>>>,
    len: usize,
}

/// A batch of rows on its way to the files.
struct Batch {
    records: RecordBatch,
    geometries: Vec<Option<geo::Geometry<f64>>>,
}

enum Column {
    Str(StringBuilder),
    Int(Int64Builder),
    Num(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
    Wkb(BinaryBuilder),
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")
}

/// The fields of a bbox covering column, in GeoParquet 1.1's names.
const BBOX_FIELDS: [&str; 4] = ["xmin", "ymin", "xmax", "ymax"];

fn bbox_fields() -> Fields {
    BBOX_FIELDS
        .iter()
        .map(|n| ArrowField::new(*n, DataType::Float64, false))
        .collect()
}

/// The name of a spatial kind's bbox covering column: `bbox`, unless a field has that
/// name (then `bbox_`, `bbox__`, ...). Not a schema field: an addition for spatial readers,
/// last in the file.
pub fn bbox_column(kind: &Kind) -> Option<String> {
    kind.is_spatial().then(|| {
        let mut name = "bbox".to_string();
        while kind.schema.fields.iter().any(|f| f.name == name) {
            name.push('_');
        }
        name
    })
}

/// Whether the bbox column may hold nulls: when the geometry may.
fn bbox_nullable(kind: &Kind) -> bool {
    kind.schema
        .geometry_index()
        .is_none_or(|i| !kind.schema.fields[i].constraints.required)
}

/// The Arrow schema of a kind: one typed column per field, WKB for geometry; for spatial
/// kinds, the bbox covering column last.
fn arrow_schema(kind: &Kind) -> Arc<ArrowSchema> {
    let mut fields: Vec<ArrowField> = kind
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
    if let Some(name) = bbox_column(kind) {
        // As nullable as the geometry it covers, as GeoParquet 1.1 asks.
        fields.push(ArrowField::new(
            name,
            DataType::Struct(bbox_fields()),
            bbox_nullable(kind),
        ));
    }
    Arc::new(ArrowSchema::new(fields))
}

impl Columns {
    fn new(kind: &Kind) -> Self {
        let columns = kind
            .schema
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
            .collect();
        Self {
            schema: arrow_schema(kind),
            columns,
            geometries: kind.is_spatial().then(Vec::new),
            bboxes: kind.is_spatial().then(Vec::new),
            len: 0,
        }
    }

    /// Appends a row; its geometry is moved out of it.
    fn push(&mut self, row: &mut [Value]) -> io::Result<()> {
        for (col, value) in self.columns.iter_mut().zip(row.iter_mut()) {
            match (col, value) {
                (Column::Str(b), Value::Str(s)) => b.append_value(s),
                (Column::Int(b), Value::Int(i)) => b.append_value(*i),
                (Column::Num(b), v @ (Value::Num(_) | Value::Int(_))) => {
                    b.append_option(v.as_f64())
                }
                (Column::Bool(b), Value::Bool(x)) => b.append_value(*x),
                (Column::Date(b), Value::Date(d)) => {
                    b.append_value((*d - epoch()).num_days() as i32)
                }
                (Column::Wkb(b), v @ Value::Geom(_)) => {
                    use geozero::{CoordDimensions, ToWkb};
                    let Value::Geom(g) = std::mem::take(v) else {
                        unreachable!("matched a geometry")
                    };
                    b.append_value(g.to_wkb(CoordDimensions::xy()).map_err(io::Error::other)?);
                    self.bboxes.get_or_insert_default().push(bbox_of(&g));
                    self.geometries.get_or_insert_default().push(Some(g));
                }
                (Column::Wkb(b), _) => {
                    b.append_null();
                    self.bboxes.get_or_insert_default().push(None);
                    self.geometries.get_or_insert_default().push(None);
                }
                (Column::Str(b), _) => b.append_null(),
                (Column::Int(b), _) => b.append_null(),
                (Column::Num(b), _) => b.append_null(),
                (Column::Bool(b), _) => b.append_null(),
                (Column::Date(b), _) => b.append_null(),
            }
        }
        self.len += 1;
        Ok(())
    }

    /// The rows gathered so far, as a batch; the builders start again empty.
    fn take(&mut self) -> io::Result<Batch> {
        let mut arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|c| -> ArrayRef {
                // Each builder starts again at the size of the batch it just built, rather
                // than growing (and copying) from nothing.
                let n = self.len;
                match c {
                    Column::Str(b) => {
                        let a = b.finish();
                        *b = StringBuilder::with_capacity(n, a.value_data().len());
                        Arc::new(a)
                    }
                    Column::Int(b) => {
                        Arc::new(std::mem::replace(b, Int64Builder::with_capacity(n)).finish())
                    }
                    Column::Num(b) => {
                        Arc::new(std::mem::replace(b, Float64Builder::with_capacity(n)).finish())
                    }
                    Column::Bool(b) => {
                        Arc::new(std::mem::replace(b, BooleanBuilder::with_capacity(n)).finish())
                    }
                    Column::Date(b) => {
                        Arc::new(std::mem::replace(b, Date32Builder::with_capacity(n)).finish())
                    }
                    Column::Wkb(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        if let Some(bboxes) = self.bboxes.as_mut() {
            let nullable = self.schema.fields().last().is_some_and(|f| f.is_nullable());
            arrays.push(Arc::new(bbox_array(&std::mem::take(bboxes), nullable)));
        }
        self.len = 0;
        let records =
            RecordBatch::try_new(self.schema.clone(), arrays).map_err(io::Error::other)?;
        Ok(Batch {
            records,
            geometries: self
                .geometries
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default(),
        })
    }
}

/// The bounding box of a shape, `[xmin, ymin, xmax, ymax]`; none for an empty one.
fn bbox_of(g: &geo::Geometry<f64>) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    g.bounding_rect()
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
}

/// The bbox covering column of a batch: a struct of four doubles, null where a row has no
/// bounding box (no geometry, or an empty one). In a column that may not be null (a
/// required geometry), an empty geometry's box is NaN, as GeoPandas writes it.
fn bbox_array(bboxes: &[Option<[f64; 4]>], nullable: bool) -> StructArray {
    let children: Vec<ArrayRef> = (0..4)
        .map(|i| -> ArrayRef {
            Arc::new(Float64Array::from_iter_values(
                bboxes.iter().map(|b| b.map_or(f64::NAN, |b| b[i])),
            ))
        })
        .collect();
    let nulls = NullBuffer::from_iter(bboxes.iter().map(Option::is_some));
    let nulls = (nullable && nulls.null_count() > 0).then_some(nulls);
    StructArray::new(bbox_fields(), children, nulls)
}

/// A batch's columns, each looked up once, to read back row by row.
enum Cells<'a> {
    Str(&'a StringArray),
    Int(&'a Int64Array),
    Num(&'a Float64Array),
    Bool(&'a BooleanArray),
    Date(&'a Date32Array),
    Geom,
}

impl<'a> Cells<'a> {
    /// The first `width` columns of `batch` (its schema's fields; the bbox column after
    /// them is for Parquet alone).
    fn of(batch: &'a RecordBatch, width: usize) -> io::Result<Vec<Self>> {
        fn get<T: 'static>(a: &ArrayRef) -> io::Result<&T> {
            a.as_any()
                .downcast_ref::<T>()
                .ok_or_else(|| io::Error::other("a column of an unexpected type"))
        }
        batch
            .columns()
            .iter()
            .take(width)
            .map(|a| {
                Ok(match a.data_type() {
                    DataType::Utf8 => Self::Str(get(a)?),
                    DataType::Int64 => Self::Int(get(a)?),
                    DataType::Float64 => Self::Num(get(a)?),
                    DataType::Boolean => Self::Bool(get(a)?),
                    DataType::Date32 => Self::Date(get(a)?),
                    _ => Self::Geom,
                })
            })
            .collect()
    }

    /// The value at row `r`, borrowing its text (geometry comes from the batch's shapes).
    fn value(&self, r: usize, geometries: &[Option<geo::Geometry<f64>>]) -> Value {
        let null = match self {
            Self::Str(a) => a.is_null(r),
            Self::Int(a) => a.is_null(r),
            Self::Num(a) => a.is_null(r),
            Self::Bool(a) => a.is_null(r),
            Self::Date(a) => a.is_null(r),
            Self::Geom => geometries.get(r).is_none_or(Option::is_none),
        };
        if null {
            return Value::Null;
        }
        match self {
            // Strings are written straight from the array; see `write_text`.
            Self::Str(a) => Value::Str(a.value(r).to_string()),
            Self::Int(a) => Value::Int(a.value(r)),
            Self::Num(a) => Value::Num(a.value(r)),
            Self::Bool(a) => Value::Bool(a.value(r)),
            Self::Date(a) => Value::Date(epoch() + chrono::TimeDelta::days(i64::from(a.value(r)))),
            Self::Geom => geometries[r].clone().map_or(Value::Null, Value::Geom),
        }
    }

    /// Appends the canonical text of row `r` ([`Value::to_text`]) to `out`.
    fn write_text(&self, r: usize, geometries: &[Option<geo::Geometry<f64>>], out: &mut String) {
        match self {
            Self::Str(a) if a.is_valid(r) => out.push_str(a.value(r)),
            Self::Str(_) => {}
            Self::Geom => {
                if let Some(Some(g)) = geometries.get(r) {
                    out.push_str(
                        &geojson::Geometry::new(geojson::GeometryValue::from(g)).to_string(),
                    );
                }
            }
            _ => self.value(r, geometries).write_text(out),
        }
    }
}

/// All writers of one version being staged.
/// A spatial dataset with more rows than this is written to `data.parquet` in Hilbert
/// order of its features' places.
pub const SPATIAL_ORDER_FROM: u64 = 100_000;
/// Rows per row group of a spatially ordered `data.parquet`: each group covers a compact
/// patch of the map, and its bbox statistics let a reader skip it.
pub const SPATIAL_ROW_GROUP: usize = 16 * 1024;

/// A spatial dataset's batches, held to the end to be written in order of place.
#[derive(Default)]
struct Held {
    batches: Vec<RecordBatch>,
    /// Each row's place: its bounding box's centre.
    centres: Vec<Option<(f64, f64)>>,
}

/// Row indices in Hilbert order of `centres` over `extent` (west, south, east, north);
/// rows without a place last, each group in the rows' own order.
fn hilbert_order(centres: &[Option<(f64, f64)>], [w, s, e, n]: [f64; 4]) -> Vec<u32> {
    const ORDER: u8 = 16;
    let cells = f64::from((1u32 << ORDER) - 1);
    let cell = |v: f64, lo: f64, hi: f64| {
        if hi > lo {
            ((v - lo) / (hi - lo) * cells).round().clamp(0.0, cells) as u32
        } else {
            0
        }
    };
    let mut keyed: Vec<(u64, u32)> = centres
        .iter()
        .zip(0u32..)
        .map(|(c, i)| {
            let key = c.map_or(u64::MAX, |(x, y)| {
                fast_hilbert::xy2h(cell(x, w, e), cell(y, s, n), ORDER)
            });
            (key, i)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

struct BatchWriters {
    kind: Arc<Kind>,
    rows: u64,
    text: String,
    csv: CsvOut<Hashing<BufWriter<File>>>,
    parquet: ArrowWriter<Hashing<BufWriter<File>>>,
    geometry: Option<(String, GeoStats)>,
    geojson: Option<GeoJsonSink>,
    /// A spatial kind's batches, written to `data.parquet` at the end.
    held: Option<Held>,
}

impl BatchWriters {
    fn create(dir: &Path, kind: Arc<Kind>) -> io::Result<Self> {
        let out = create(dir, "data.csv")?;
        let syncer = Syncer::start(out.get_ref().get_ref().try_clone()?)?;
        let mut csv = CsvOut {
            out,
            line: Vec::with_capacity(CSV_FLUSH + 4096),
            syncer: Some(syncer),
            unsynced: 0,
        };
        csv.record(kind.schema.fields.iter().map(|f| f.name.as_str()))?;
        let mut props = WriterProperties::builder();
        // A unique column has no repeats to gain from a dictionary; building one to throw
        // it away costs a hash per value.
        for f in kind
            .schema
            .fields
            .iter()
            .filter(|f| f.constraints.unique || kind.schema.primary_key == [f.name.clone()])
        {
            props = props.set_column_dictionary_enabled(
                parquet::schema::types::ColumnPath::from(f.name.as_str()),
                false,
            );
        }
        // Nor does a bounding box, nearly every one its own.
        if let Some(name) = bbox_column(&kind) {
            for f in BBOX_FIELDS {
                props = props.set_column_dictionary_enabled(
                    parquet::schema::types::ColumnPath::new(vec![name.clone(), f.to_string()]),
                    false,
                );
            }
        }
        let props = props
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(3).expect("a valid level"),
            ))
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_created_by(format!("disclose {}", env!("CARGO_PKG_VERSION")))
            .build();
        let parquet = ArrowWriter::try_new(
            create(dir, "data.parquet")?,
            arrow_schema(&kind),
            Some(props),
        )
        .map_err(io::Error::other)?;
        let geometry = kind
            .schema
            .geometry_index()
            .map(|i| (kind.schema.fields[i].name.clone(), GeoStats::default()));
        let geojson = if kind.is_spatial() {
            Some(GeoJsonSink::create(dir, &kind.name)?)
        } else {
            None
        };
        Ok(Self {
            kind,
            rows: 0,
            text: String::new(),
            csv,
            parquet,
            held: geometry.is_some().then(Held::default),
            geometry,
            geojson,
        })
    }

    fn write(&mut self, batch: &Batch) -> io::Result<()> {
        match &mut self.held {
            Some(held) => {
                use geo::BoundingRect;
                held.centres.extend(batch.geometries.iter().map(|g| {
                    let c = g.as_ref()?.bounding_rect()?.center();
                    Some((c.x, c.y))
                }));
                held.batches.push(batch.records.clone());
            }
            None => self
                .parquet
                .write(&batch.records)
                .map_err(io::Error::other)?,
        }
        if let Some((_, stats)) = &mut self.geometry {
            batch.geometries.iter().flatten().for_each(|g| stats.add(g));
        }
        let cells = Cells::of(&batch.records, self.kind.schema.fields.len())?;
        // A text column none of whose values needs quotes (codes, ids: most of them) is
        // copied without looking at each value: one wide scan of its bytes tells.
        let plain: Vec<bool> = cells
            .iter()
            .map(|c| matches!(c, Cells::Str(a) if !needs_quotes(a.value_data())))
            .collect();
        for r in 0..batch.records.num_rows() {
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    self.csv.line.push(b',');
                }
                match c {
                    Cells::Str(a) if plain[i] => {
                        self.csv.line.extend_from_slice(a.value(r).as_bytes())
                    }
                    // Text goes straight from the column to the file.
                    Cells::Str(a) if a.is_valid(r) => self.csv.field(a.value(r)),
                    _ => {
                        self.text.clear();
                        c.write_text(r, &batch.geometries, &mut self.text);
                        self.csv.field(&self.text);
                    }
                }
            }
            self.csv.end_record(cells.len())?;
            if let Some(g) = &mut self.geojson {
                g.push(&self.kind, &cells, r, &batch.geometries)?;
            }
        }
        self.rows += batch.records.num_rows() as u64;
        Ok(())
    }

    /// Closes every file; returns their records, data.parquet first.
    /// Writes a spatial kind's held batches: in order of place over
    /// [`SPATIAL_ORDER_FROM`] rows, as they came otherwise.
    fn write_held(&mut self, held: Held) -> io::Result<()> {
        let extent = self.geometry.as_ref().and_then(|(_, stats)| stats.bbox);
        match (extent, held.batches.first()) {
            (Some(extent), Some(first)) if self.rows > SPATIAL_ORDER_FROM => {
                let all = arrow::compute::concat_batches(&first.schema(), &held.batches)
                    .map_err(io::Error::other)?;
                let order = arrow::array::UInt32Array::from(hilbert_order(&held.centres, extent));
                let all =
                    arrow::compute::take_record_batch(&all, &order).map_err(io::Error::other)?;
                for at in (0..all.num_rows()).step_by(SPATIAL_ROW_GROUP) {
                    let n = SPATIAL_ROW_GROUP.min(all.num_rows() - at);
                    self.parquet
                        .write(&all.slice(at, n))
                        .map_err(io::Error::other)?;
                    self.parquet.flush().map_err(io::Error::other)?;
                }
            }
            _ => {
                for b in &held.batches {
                    self.parquet.write(b).map_err(io::Error::other)?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<Vec<FileRecord>> {
        if let Some(held) = self.held.take() {
            self.write_held(held)?;
        }
        let rows = Some(self.rows);
        if let Some((column, stats)) = &self.geometry {
            let mut col = serde_json::json!({
                "encoding": "WKB",
                "geometry_types": stats.types.iter().collect::<Vec<_>>(),
            });
            if let Some(bbox) = stats.bbox {
                col["bbox"] = serde_json::json!(bbox);
            }
            // Every polygon was turned to RFC 7946's winding as it was read
            // (`pipeline::geometry`), so the file can say so, as GeoParquet allows.
            if stats.types.contains("Polygon") || stats.types.contains("MultiPolygon") {
                col["orientation"] = "counterclockwise".into();
            }
            // GeoParquet 1.1: the bbox column covers the geometry.
            if let Some(name) = bbox_column(&self.kind) {
                let paths: serde_json::Map<String, serde_json::Value> = BBOX_FIELDS
                    .iter()
                    .map(|f| (f.to_string(), serde_json::json!([name, f])))
                    .collect();
                col["covering"] = serde_json::json!({ "bbox": paths });
            }
            let geo = serde_json::json!({ "version": "1.1.0", "primary_column": column, "columns": { column: col } });
            self.parquet
                .append_key_value_metadata(KeyValue::new("geo".to_string(), geo.to_string()));
        }
        let parquet = self.parquet.into_inner().map_err(io::Error::other)?;
        let mut files = vec![seal(parquet, "data.parquet", rows)?];
        files.push(seal(self.csv.finish()?, "data.csv", rows)?);
        if let Some(g) = self.geojson {
            files.push(g.finish(rows)?);
        }
        Ok(files)
    }
}

/// `data.csv` as the csv crate writes it by default (RFC 4180: a field is quoted when it
/// holds a comma, a quote or a line break, and quotes inside are doubled; records end in
/// `\n`), written a block of records at a time.
struct CsvOut<W> {
    out: W,
    line: Vec<u8>,
    /// Writes the file back to disk as it grows, so the fsync at the end has little left.
    syncer: Option<Syncer>,
    unsynced: usize,
}

/// Bytes of records gathered before they are written.
const CSV_FLUSH: usize = 1 << 16;

/// Whether any of `bytes` would make a CSV field need quotes: a comma, a quote or a line
/// break. Branch-free, so the compiler makes it wide.
fn needs_quotes(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |seen, &b| {
        seen | matches!(b, b',' | b'"' | b'\n' | b'\r')
    })
}

impl<W: Write> CsvOut<W> {
    fn field(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if !needs_quotes(bytes) {
            self.line.extend_from_slice(bytes);
            return;
        }
        // Quoted (names often hold commas): copied in runs, with each quote doubled.
        self.line.push(b'"');
        let mut runs = bytes.split(|&b| b == b'"');
        self.line.extend_from_slice(runs.next().unwrap_or_default());
        for run in runs {
            self.line.extend_from_slice(b"\"\"");
            self.line.extend_from_slice(run);
        }
        self.line.push(b'"');
    }

    /// Ends a record of `width` fields (the last written). A record of one empty field is
    /// written `""`, so it is not read back as a blank line.
    fn end_record(&mut self, width: usize) -> io::Result<()> {
        if width == 1 && self.line.last().is_none_or(|&b| b == b'\n') {
            self.line.extend_from_slice(b"\"\"");
        }
        self.line.push(b'\n');
        if self.line.len() >= CSV_FLUSH {
            self.out.write_all(&self.line)?;
            self.unsynced += self.line.len();
            self.line.clear();
            if self.unsynced >= SYNC_EVERY
                && let Some(s) = &self.syncer
            {
                s.nudge();
                self.unsynced = 0;
            }
        }
        Ok(())
    }

    fn record<'a>(&mut self, fields: impl ExactSizeIterator<Item = &'a str>) -> io::Result<()> {
        let width = fields.len();
        for (i, f) in fields.enumerate() {
            if i > 0 {
                self.line.push(b',');
            }
            self.field(f);
        }
        self.end_record(width)
    }

    fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.line)?;
        if let Some(s) = self.syncer.take() {
            s.stop()?;
        }
        Ok(self.out)
    }
}

/// Bytes written between nudges to the syncer.
const SYNC_EVERY: usize = 32 << 20;

/// A thread that writes a growing file back to disk when nudged (`fdatasync` on a clone of
/// its handle). The final fsync, which a publish waits for, then has only the last few
/// megabytes to write, rather than the whole file.
struct Syncer {
    nudge: Option<std::sync::mpsc::SyncSender<()>>,
    handle: std::thread::JoinHandle<io::Result<()>>,
}

impl Syncer {
    fn start(file: File) -> io::Result<Self> {
        let (nudge, nudged) = std::sync::mpsc::sync_channel::<()>(1);
        let handle = std::thread::Builder::new()
            .name("disclose-sync".into())
            .spawn(move || {
                for () in nudged {
                    file.sync_data()?;
                }
                Ok(())
            })?;
        Ok(Self {
            nudge: Some(nudge),
            handle,
        })
    }

    /// Asks for a write-back; a no-op if one is still under way.
    fn nudge(&self) {
        if let Some(n) = &self.nudge {
            let _ = n.try_send(());
        }
    }

    fn stop(mut self) -> io::Result<()> {
        self.nudge = None;
        self.handle
            .join()
            .map_err(|_| io::Error::other("the sync thread panicked"))?
    }
}

#[derive(Default)]
struct GeoStats {
    bbox: Option<[f64; 4]>,
    types: BTreeSet<&'static str>,
}

impl GeoStats {
    fn add(&mut self, g: &geo::Geometry<f64>) {
        use geo::BoundingRect;
        self.types.insert(match g {
            geo::Geometry::Point(_) => "Point",
            geo::Geometry::LineString(_) | geo::Geometry::Line(_) => "LineString",
            geo::Geometry::Polygon(_) | geo::Geometry::Rect(_) | geo::Geometry::Triangle(_) => {
                "Polygon"
            }
            geo::Geometry::MultiPoint(_) => "MultiPoint",
            geo::Geometry::MultiLineString(_) => "MultiLineString",
            geo::Geometry::MultiPolygon(_) => "MultiPolygon",
            geo::Geometry::GeometryCollection(_) => "GeometryCollection",
        });
        if let Some(r) = g.bounding_rect() {
            let [w, s, e, n] = self
                .bbox
                .get_or_insert([f64::MAX, f64::MAX, f64::MIN, f64::MIN]);
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
        write!(
            out,
            "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
            serde_json::Value::from(name)
        )?;
        Ok(Self { out, first: true })
    }

    fn push(
        &mut self,
        kind: &Kind,
        cells: &[Cells],
        r: usize,
        geometries: &[Option<geo::Geometry<f64>>],
    ) -> io::Result<()> {
        let mut properties = serde_json::Map::new();
        let mut geometry = serde_json::Value::Null;
        for (field, cell) in kind.schema.fields.iter().zip(cells) {
            let value = cell.value(r, geometries);
            let json = match value {
                // The geometry field is the feature's geometry, never a property.
                Value::Null if field.kind == FieldType::Geojson => continue,
                Value::Null => serde_json::Value::Null,
                Value::Int(i) => i.into(),
                Value::Num(n) => {
                    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, Into::into)
                }
                Value::Bool(b) => b.into(),
                Value::Geom(g) => {
                    geometry = serde_json::to_value(geojson::Geometry::new(
                        geojson::GeometryValue::from(&g),
                    ))
                    .map_err(io::Error::other)?;
                    continue;
                }
                Value::Str(s) => s.into(),
                Value::Date(_) => value.to_text().into(),
            };
            properties.insert(field.name.clone(), json);
        }
        let id: Vec<String> = kind
            .schema
            .primary_key
            .iter()
            .filter_map(|k| kind.schema.index_of(k))
            .map(|i| {
                let mut text = String::new();
                cells[i].write_text(r, geometries, &mut text);
                text
            })
            .collect();
        let feature = serde_json::json!({ "type": "Feature", "id": id.join("/"), "geometry": geometry, "properties": properties });
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, &feature)?;
        self.first = false;
        Ok(())
    }

    fn finish(mut self, rows: Option<u64>) -> io::Result<FileRecord> {
        self.out.write_all(b"\n]}\n")?;
        seal(self.out, "data.geojson", rows)
    }
}

/// The writers of a version on their own thread. Rows are gathered into Arrow columns
/// here, and each full batch goes over a bounded channel, so encoding, compression and
/// hashing overlap with reading and validation.
pub struct BackgroundWriters {
    tx: Option<std::sync::mpsc::SyncSender<Batch>>,
    columns: Columns,
    rows: u64,
    handle: Option<std::thread::JoinHandle<io::Result<Vec<FileRecord>>>>,
}

/// Rows to a batch: small enough that the writer has little left once the last row is read.
const CHANNEL_BATCH: usize = 4 * 1024;

impl BackgroundWriters {
    pub fn create(dir: &Path, kind: Arc<Kind>) -> io::Result<Self> {
        let columns = Columns::new(&kind);
        let mut writers = BatchWriters::create(dir, kind)?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        let handle = std::thread::Builder::new()
            .name("disclose-writer".into())
            .spawn(move || {
                for batch in rx {
                    writers.write(&batch)?;
                }
                writers.finish()
            })?;
        Ok(Self {
            tx: Some(tx),
            columns,
            rows: 0,
            handle: Some(handle),
        })
    }

    /// Adds a valid, redacted row; its geometry is moved out of it, its text copied.
    pub fn write(&mut self, row: &mut [Value]) -> io::Result<()> {
        self.columns.push(row)?;
        self.rows += 1;
        if self.columns.len >= CHANNEL_BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> io::Result<()> {
        if self.columns.len == 0 {
            return Ok(());
        }
        let batch = self.columns.take()?;
        match &self.tx {
            // A closed channel means the writer thread stopped on an error; `finish` reports it.
            Some(tx) => tx.send(batch).or(Ok(())),
            None => Ok(()),
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Sends the last rows, waits for the thread, and returns the files' records.
    pub fn finish(mut self) -> io::Result<Vec<FileRecord>> {
        self.send()?;
        self.tx = None;
        let handle = self.handle.take().expect("finish runs once");
        handle
            .join()
            .map_err(|_| io::Error::other("the writer thread panicked"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bbox_column_is_null_without_a_box_unless_its_geometry_is_required() {
        use arrow::array::AsArray;
        use arrow::datatypes::Float64Type;
        let line: geo::Geometry<f64> =
            geo::LineString::from(vec![(37.12, -1.68), (37.15, -1.66), (37.18, -1.65)]).into();
        let empty: geo::Geometry<f64> = geo::MultiPoint::<f64>::new(vec![]).into();
        let boxes = [bbox_of(&line), bbox_of(&empty), None];
        assert_eq!(boxes[0], Some([37.12, -1.68, 37.18, -1.65]));
        assert_eq!(boxes[1], None);
        let nullable = bbox_array(&boxes, true);
        assert_eq!(nullable.fields().len(), 4);
        assert!(nullable.is_valid(0) && nullable.is_null(1) && nullable.is_null(2));
        let xmax = nullable.column_by_name("xmax").unwrap();
        assert_eq!(xmax.as_primitive::<Float64Type>().value(0), 37.18);
        // A required geometry's column has no nulls: an empty shape's box is NaN.
        let required = bbox_array(&boxes[..2], false);
        assert_eq!(required.null_count(), 0);
        let xmin = required.column_by_name("xmin").unwrap();
        assert!(xmin.as_primitive::<Float64Type>().value(1).is_nan());
    }

    #[test]
    fn hilbert_order_keeps_neighbours_together_and_rows_without_a_place_last() {
        // A 4 × 4 grid given row by row, with a row without a place first.
        let mut centres = vec![None];
        for y in 0..4 {
            for x in 0..4 {
                centres.push(Some((f64::from(x), f64::from(y))));
            }
        }
        let order = hilbert_order(&centres, [0.0, 0.0, 3.0, 3.0]);
        assert_eq!(order.len(), 17);
        assert_eq!(order[16], 0, "no place: last");
        // Each step of the curve moves to an adjacent cell.
        for pair in order[..16].windows(2) {
            let (a, b) = (
                centres[pair[0] as usize].unwrap(),
                centres[pair[1] as usize].unwrap(),
            );
            assert_eq!((a.0 - b.0).abs() + (a.1 - b.1).abs(), 1.0, "{a:?} → {b:?}");
        }
    }

    #[test]
    fn a_large_spatial_dataset_is_written_by_place_in_small_row_groups() {
        use arrow::array::AsArray;
        use arrow::datatypes::Float64Type;
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let protocol = crate::protocol::Protocol::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"),
        )
        .unwrap();
        let kind = Arc::new(protocol.kind("projects").unwrap().clone());
        let dir = tempfile::tempdir().unwrap();
        let mut w = BackgroundWriters::create(dir.path(), kind.clone()).unwrap();
        let (side, rows) = (400usize, SPATIAL_ORDER_FROM as usize + 800);
        for i in 0..rows {
            // Scattered: a 400-wide raster of points, visited by a stride.
            let j = (i * 7_919) % rows;
            let point = geo::Point::new(
                36.0 + (j % side) as f64 * 1e-3,
                -1.0 - (j / side) as f64 * 1e-3,
            );
            let mut row: Vec<Value> = kind
                .schema
                .fields
                .iter()
                .map(|f| match f.kind {
                    FieldType::Geojson => Value::Geom(point.into()),
                    FieldType::String => Value::Str(format!("P{i}")),
                    FieldType::Integer => Value::Int(i as i64),
                    FieldType::Number => Value::Num(1.0),
                    _ => Value::Null,
                })
                .collect();
            w.write(&mut row).unwrap();
        }
        w.finish().unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(
            File::open(dir.path().join("data.parquet")).unwrap(),
        )
        .unwrap();
        let groups = reader.metadata().num_row_groups();
        assert_eq!(groups, rows.div_ceil(SPATIAL_ROW_GROUP));
        // Each row group covers a patch: far less than the whole extent.
        let bbox = bbox_column(&kind).unwrap();
        let (mut total, mut widest) = (0, 0.0f64);
        for batch in reader.with_batch_size(SPATIAL_ROW_GROUP).build().unwrap() {
            let batch = batch.unwrap();
            total += batch.num_rows();
            let b = batch.column_by_name(&bbox).unwrap().as_struct();
            let col = |n: &str| {
                b.column_by_name(n)
                    .unwrap()
                    .as_primitive::<Float64Type>()
                    .clone()
            };
            let (xs, ys) = (col("xmin"), col("ymin"));
            let span = |a: &arrow::array::Float64Array| {
                let (lo, hi) = a
                    .values()
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
                hi - lo
            };
            widest = widest.max(span(&xs) * span(&ys));
        }
        assert_eq!(total, rows);
        let whole = (side as f64 * 1e-3) * ((rows / side) as f64 * 1e-3);
        assert!(
            widest < whole / 2.0,
            "a row group spans {widest} of {whole}"
        );
        // The CSV keeps the source's order.
        let csv = std::fs::read_to_string(dir.path().join("data.csv")).unwrap();
        assert!(csv.lines().nth(1).unwrap().contains("P0"));
    }

    #[test]
    fn csv_is_written_byte_for_byte_as_the_csv_crate_writes_it() {
        let records: Vec<Vec<&str>> = vec![
            vec![
                "plain",
                "with,comma",
                "with \"quote\"",
                "line\nbreak",
                "cr\r",
                "",
                "Ünïcode",
            ],
            vec!["", "", "", "", "", "", ""],
            vec![""],
            vec!["only"],
            vec!["\"", ",", "a\r\nb"],
        ];
        let mut ours = CsvOut {
            out: Vec::new(),
            line: Vec::new(),
            syncer: None,
            unsynced: 0,
        };
        let mut theirs = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for r in &records {
            ours.record(r.iter().copied()).unwrap();
            theirs.write_record(r).unwrap();
        }
        assert_eq!(
            String::from_utf8(ours.finish().unwrap()).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }
}
