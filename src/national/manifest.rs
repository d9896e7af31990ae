//! The manifests: `<kind>-current.parquet`, one row per county and period naming its
//! current version's `data.parquet` (county, period, version, path, sha256, rows).
//!
//! A restated period has several versions on disk, so a bare glob over a kind double-counts
//! it; readers semi-join the manifest to read the current ones only. A manifest is derived
//! from the national ledger alone ([`current`]), written to `.staging/` and renamed into
//! place, so a reader sees the old one or the new one, never half of either.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::{Added, Harvest, NationalError, STAGING, io_err, manifest_name, move_synced};

/// The file a manifest row points at, in every version.
pub const DATA_FILE: &str = "data.parquet";

/// One row of a manifest: a period's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub county: String,
    /// `None` for a living kind (projects, wards), which has no periods.
    pub period: Option<String>,
    pub version: u32,
    /// The version's `data.parquet`, relative to the national root.
    pub path: String,
    pub sha256: String,
    pub rows: u64,
}

/// The latest version of every (kind, county, period) the ledger added, as of its end.
pub fn latest(harvests: &[Harvest]) -> BTreeMap<(&str, &str, Option<&str>), &Added> {
    let mut latest = BTreeMap::new();
    for h in harvests {
        for a in &h.added {
            latest.insert((a.kind.as_str(), h.county.as_str(), a.period.as_deref()), a);
        }
    }
    latest
}

/// Every kind's manifest rows, ordered by county and period.
pub fn current(harvests: &[Harvest]) -> BTreeMap<String, Vec<Current>> {
    let mut out: BTreeMap<String, Vec<Current>> = BTreeMap::new();
    for ((kind, county, period), added) in latest(harvests) {
        let Some(file) = added
            .files
            .iter()
            .find(|f| f.path.rsplit('/').next() == Some(DATA_FILE))
        else {
            continue;
        };
        out.entry(kind.to_string()).or_default().push(Current {
            county: county.to_string(),
            period: period.map(str::to_string),
            version: added.version,
            path: file.path.clone(),
            sha256: file.sha256.clone(),
            rows: added.rows,
        });
    }
    out
}

fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("county", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, true),
        Field::new("version", DataType::Int32, false),
        Field::new("path", DataType::Utf8, false),
        Field::new("sha256", DataType::Utf8, false),
        Field::new("rows", DataType::Int64, false),
    ]))
}

/// Rewrites the manifests of `kinds` from the national ledger `harvests`.
pub fn write(root: &Path, harvests: &[Harvest], kinds: &[&str]) -> Result<(), NationalError> {
    let current = current(harvests);
    for kind in kinds {
        let rows = current.get(*kind).map_or(&[][..], Vec::as_slice);
        write_one(root, kind, rows)?;
    }
    Ok(())
}

fn write_one(root: &Path, kind: &str, rows: &[Current]) -> Result<(), NationalError> {
    let name = manifest_name(kind);
    let temp = root.join(STAGING).join(&name);
    let batch = RecordBatch::try_new(
        schema(),
        vec![
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| &r.county),
            )),
            Arc::new(StringArray::from_iter(
                rows.iter().map(|r| r.period.as_deref()),
            )),
            Arc::new(Int32Array::from_iter_values(
                rows.iter().map(|r| r.version as i32),
            )),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r.path))),
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| &r.sha256),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| r.rows as i64),
            )),
        ],
    )
    .expect("the columns match the schema");
    let file = File::create(&temp).map_err(io_err("cannot create", &temp))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let parquet_err = |e: parquet::errors::ParquetError| NationalError::Manifest {
        path: temp.clone(),
        message: e.to_string(),
    };
    let mut writer = ArrowWriter::try_new(file, schema(), Some(props)).map_err(parquet_err)?;
    writer.write(&batch).map_err(parquet_err)?;
    let file = writer.into_inner().map_err(parquet_err)?;
    file.sync_all().map_err(io_err("cannot sync", &temp))?;
    move_synced(&temp, &root.join(name))
}

/// Reads a manifest back.
pub fn read(path: &Path) -> Result<Vec<Current>, NationalError> {
    let bad = |message: String| NationalError::Manifest {
        path: path.to_path_buf(),
        message,
    };
    let file = File::open(path).map_err(io_err("cannot read", path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| bad(format!("not a readable Parquet file ({e})")))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(format!("not a readable Parquet file ({e})")))?;
        if batch.schema().fields() != schema().fields() {
            return Err(bad(format!(
                "columns {:?}, where a manifest has county, period, version, path, sha256, rows",
                batch
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
            )));
        }
        let text = |i: usize| {
            batch
                .column(i)
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("checked above")
        };
        let (county, period, path, sha256) = (text(0), text(1), text(3), text(4));
        let version = batch
            .column(2)
            .as_any()
            .downcast_ref::<Int32Array>()
            .expect("checked above");
        let count = batch
            .column(5)
            .as_any()
            .downcast_ref::<Int64Array>()
            .expect("checked above");
        for i in 0..batch.num_rows() {
            rows.push(Current {
                county: county.value(i).to_string(),
                period: period.is_valid(i).then(|| period.value(i).to_string()),
                version: version.value(i) as u32,
                path: path.value(i).to_string(),
                sha256: sha256.value(i).to_string(),
                rows: count.value(i) as u64,
            });
        }
    }
    Ok(rows)
}
