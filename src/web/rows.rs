//! Rows of a version: one page of them, sorted and filtered on the server, for the preview
//! table and `/api/…/rows`; or every matching row as a CSV or Parquet slice.
//!
//! Queries run lazily with polars over the version's `data.parquet`, so only the columns
//! and row groups a query needs are read: the first page of ten million rows reads one row
//! group, a filter reads its columns, a sort its column plus the page.
//!
//! The filter syntax is one query parameter per column, the same on the page and in the
//! API: for text, `word` keeps rows containing it (any case) and `=word` rows equal to it;
//! for numbers and dates, `5000` or `=5000`, `>5000`, `>=5000`, `<5000`, `<=5000`, and
//! `1000..5000` (inclusive). `_sort=field` or `_sort=-field` (descending) orders them,
//! `_page` and `_size` page them.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use super::error::WebError;
use crate::protocol::{Field as SchemaField, FieldType, Schema};

/// Rows per page on the preview; the API may ask for up to [`MAX_PAGE_ROWS`].
pub const PAGE_ROWS: usize = 25;
pub const MAX_PAGE_ROWS: usize = 1000;

/// Whether a field appears in the preview and the API's rows (geometries are on the map
/// and in the GeoJSON and GeoParquet files).
pub fn previewable(f: &SchemaField) -> bool {
    f.kind != FieldType::Geojson
}

#[derive(Debug, Clone)]
enum Literal {
    Text(String),
    Integer(i64),
    Number(f64),
    Date(NaiveDate),
    Boolean(bool),
}

impl Literal {
    fn parse(field: &SchemaField, text: &str) -> Result<Self, WebError> {
        let text = text.trim();
        let bad = |expected: &str| {
            WebError::BadRequest(format!(
                "filter on `{}`: `{text}` is not {expected}",
                field.name
            ))
        };
        Ok(match field.kind {
            FieldType::Integer => Self::Integer(
                text.replace(',', "")
                    .parse()
                    .map_err(|_| bad("a whole number such as 5000"))?,
            ),
            FieldType::Number => Self::Number(
                text.replace(',', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad("a number such as 1250.50"))?,
            ),
            FieldType::Date => Self::Date(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| bad("a date such as 2025-09-30"))?,
            ),
            FieldType::Boolean => Self::Boolean(match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => return Err(bad("true or false")),
            }),
            FieldType::String | FieldType::Yearmonth | FieldType::Geojson => {
                Self::Text(text.to_string())
            }
        })
    }

    fn expr(&self) -> Expr {
        match self {
            Self::Text(s) => lit(s.clone()),
            Self::Integer(i) => lit(*i),
            Self::Number(x) => lit(*x),
            Self::Date(d) => {
                lit((*d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")).num_days() as i32)
                    .cast(DataType::Date)
            }
            Self::Boolean(b) => lit(*b),
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Contains(String),
    Eq(Literal),
    Gt(Literal),
    GtEq(Literal),
    Lt(Literal),
    LtEq(Literal),
    Between(Literal, Literal),
}

#[derive(Debug, Clone)]
struct Filter {
    field: String,
    op: Op,
}

impl Filter {
    fn parse(field: &SchemaField, text: &str) -> Result<Self, WebError> {
        let text = text.trim();
        let textual = matches!(field.kind, FieldType::String | FieldType::Yearmonth);
        let op = if let Some(exact) = text.strip_prefix('=') {
            Op::Eq(Literal::parse(field, exact)?)
        } else if textual {
            Op::Contains(text.to_lowercase())
        } else if let Some(rest) = text.strip_prefix(">=") {
            Op::GtEq(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix("<=") {
            Op::LtEq(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix('>') {
            Op::Gt(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix('<') {
            Op::Lt(Literal::parse(field, rest)?)
        } else if let Some((lo, hi)) = text.split_once("..") {
            Op::Between(Literal::parse(field, lo)?, Literal::parse(field, hi)?)
        } else {
            Op::Eq(Literal::parse(field, text)?)
        };
        Ok(Self {
            field: field.name.clone(),
            op,
        })
    }

    fn expr(&self) -> Expr {
        let c = col(self.field.as_str());
        match &self.op {
            Op::Contains(s) => c
                .str()
                .to_lowercase()
                .str()
                .contains_literal(lit(s.clone())),
            Op::Eq(v) => c.eq(v.expr()),
            Op::Gt(v) => c.gt(v.expr()),
            Op::GtEq(v) => c.gt_eq(v.expr()),
            Op::Lt(v) => c.lt(v.expr()),
            Op::LtEq(v) => c.lt_eq(v.expr()),
            Op::Between(lo, hi) => c.clone().gt_eq(lo.expr()).and(c.lt_eq(hi.expr())),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

impl Sort {
    /// As the `_sort` parameter: `field` or `-field`.
    pub fn param(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.field)
    }
}

/// Which rows, in which order, which page.
#[derive(Debug, Clone, Default)]
pub struct RowQuery {
    filters: Vec<Filter>,
    /// Each filter as typed, to fill the form and build links.
    raw: Vec<(String, String)>,
    pub sort: Option<Sort>,
    pub page: usize,
    pub size: usize,
}

/// Parameters that are not column filters.
const RESERVED: [&str; 4] = ["_sort", "_page", "_size", "lang"];

impl RowQuery {
    pub fn parse(
        schema: &Schema,
        params: &HashMap<String, String>,
        default_size: usize,
    ) -> Result<Self, WebError> {
        let columns = || {
            schema
                .fields
                .iter()
                .filter(|f| previewable(f))
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut query = Self {
            page: super::search::positive(params, "_page", 1, usize::MAX)?,
            size: super::search::positive(params, "_size", default_size, MAX_PAGE_ROWS)?,
            ..Self::default()
        };
        let mut names: Vec<&String> = params.keys().collect();
        names.sort();
        for name in names {
            let value = &params[name];
            if RESERVED.contains(&name.as_str()) {
                continue;
            }
            let Some(field) = schema
                .fields
                .iter()
                .find(|f| &f.name == name && previewable(f))
            else {
                return Err(WebError::BadRequest(format!(
                    "`{name}` is not a column to filter on; the columns are {}",
                    columns()
                )));
            };
            if value.trim().is_empty() {
                continue;
            }
            if value.len() > 200 {
                return Err(WebError::BadRequest(format!(
                    "the filter on `{name}` is longer than 200 characters"
                )));
            }
            query.filters.push(Filter::parse(field, value)?);
            query.raw.push((name.clone(), value.trim().to_string()));
        }
        if let Some(text) = params
            .get("_sort")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            let (descending, name) = match text.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, text),
            };
            if !schema
                .fields
                .iter()
                .any(|f| f.name == name && previewable(f))
            {
                return Err(WebError::BadRequest(format!(
                    "cannot sort by `{name}`; the columns are {}",
                    columns()
                )));
            }
            query.sort = Some(Sort {
                field: name.to_string(),
                descending,
            });
        }
        Ok(query)
    }

    /// The first page, unfiltered and unsorted, of the default size: what every visit
    /// to a dataset page shows first.
    pub fn is_first_look(&self) -> bool {
        self.filters.is_empty() && self.sort.is_none() && self.page == 1 && self.size == PAGE_ROWS
    }

    /// The filter typed for `field`, or "".
    pub fn raw(&self, field: &str) -> &str {
        self.raw
            .iter()
            .find(|(f, _)| f == field)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The query string of these filters with `page` and `sort`.
    pub fn href(&self, page: usize, sort: Option<&Sort>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (f, v) in &self.raw {
            out.append_pair(f, v);
        }
        if let Some(s) = sort {
            out.append_pair("_sort", &s.param());
        }
        if page > 1 {
            out.append_pair("_page", &page.to_string());
        }
        out.finish()
    }

    /// The sort a click on `field`'s heading asks for (ascending, then descending), and
    /// the mark the heading shows now.
    pub fn next_sort(&self, field: &str) -> (Sort, &'static str) {
        match &self.sort {
            Some(s) if s.field == field && !s.descending => (
                Sort {
                    field: field.to_string(),
                    descending: true,
                },
                " ▲",
            ),
            Some(s) if s.field == field => (
                Sort {
                    field: field.to_string(),
                    descending: false,
                },
                " ▼",
            ),
            _ => (
                Sort {
                    field: field.to_string(),
                    descending: false,
                },
                "",
            ),
        }
    }

    pub fn aria_sort(&self, field: &str) -> &'static str {
        match &self.sort {
            Some(s) if s.field == field && s.descending => "descending",
            Some(s) if s.field == field => "ascending",
            _ => "none",
        }
    }

    fn plan(
        &self,
        parquet: &Path,
        schema: &Schema,
        all_columns: bool,
    ) -> Result<LazyFrame, WebError> {
        let path = PlPath::new(&parquet.to_string_lossy());
        let mut lf = LazyFrame::scan_parquet(path, ScanArgsParquet::default()).map_err(internal)?;
        if !all_columns {
            lf = lf.select(
                schema
                    .fields
                    .iter()
                    .filter(|f| previewable(f))
                    .map(|f| col(f.name.as_str()))
                    .collect::<Vec<_>>(),
            );
        }
        if let Some(predicate) = self.filters.iter().map(Filter::expr).reduce(Expr::and) {
            lf = lf.filter(predicate);
        }
        Ok(lf)
    }

    /// The rows' positions in the file, with the columns the filters and sort need.
    fn positions(&self, parquet: &Path) -> Result<LazyFrame, WebError> {
        let path = PlPath::new(&parquet.to_string_lossy());
        let mut lf = LazyFrame::scan_parquet(path, ScanArgsParquet::default())
            .map_err(internal)?
            .with_row_index(ROW, None);
        if let Some(predicate) = self.filters.iter().map(Filter::expr).reduce(Expr::and) {
            lf = lf.filter(predicate);
        }
        Ok(lf)
    }

    fn sorted(&self, lf: LazyFrame) -> LazyFrame {
        match &self.sort {
            Some(s) => lf.sort(
                [s.field.as_str()],
                SortMultipleOptions::default()
                    .with_order_descending(s.descending)
                    .with_nulls_last(true),
            ),
            None => lf,
        }
    }
}

fn internal(e: PolarsError) -> WebError {
    WebError::Internal(format!("rows: {e}"))
}

/// One page of rows.
#[derive(Debug, Clone)]
pub struct RowPage {
    pub fields: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
    /// Rows matching the filters.
    pub total: u64,
    pub pages: u64,
}

/// One page of the rows of `parquet` (which holds `rows` rows) that match `query`.
/// Blocking: call it off the async threads.
pub fn page(
    parquet: &Path,
    schema: &Schema,
    rows: u64,
    query: &RowQuery,
) -> Result<RowPage, WebError> {
    let lf = query.plan(parquet, schema, false)?;
    let total = if query.filters.is_empty() {
        rows
    } else {
        let counted = lf.clone().select([len()]).collect().map_err(internal)?;
        counted
            .column("len")
            .map_err(internal)?
            .get(0)
            .map_err(internal)?
            .extract::<u64>()
            .unwrap_or(0)
    };
    let pages = total.div_ceil(query.size as u64).max(1);
    if query.page as u64 > pages {
        return Err(WebError::BadRequest(format!(
            "page {} is past the end; {total} rows match, {pages} pages of {}",
            query.page, query.size
        )));
    }
    let offset = (query.page - 1) as u64 * query.size as u64;
    // Which rows: by position in stored order, or by a first pass over only the filter
    // and sort columns; then those rows alone are read whole.
    let positions: Vec<u64> = if query.filters.is_empty() && query.sort.is_none() {
        (offset..(offset + query.size as u64).min(total)).collect()
    } else if query.sort.is_none() {
        // Filtered in stored order: one pass, the filter pushed into the scan.
        let df = lf
            .slice(offset as i64, query.size as IdxSize)
            .collect()
            .map_err(internal)?;
        let fields: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let rows = (0..df.height())
            .map(|i| {
                df.get_columns()
                    .iter()
                    .map(|c| c.get(i).map(json).unwrap_or(serde_json::Value::Null))
                    .collect()
            })
            .collect();
        return Ok(RowPage {
            fields,
            rows,
            total,
            pages,
        });
    } else {
        let picked = query
            .sorted(query.positions(parquet)?)
            .select([col(ROW)])
            .slice(offset as i64, query.size as IdxSize)
            .collect()
            .map_err(internal)?;
        picked
            .column(ROW)
            .map_err(internal)?
            .idx()
            .map_err(internal)?
            .into_no_null_iter()
            .map(u64::from)
            .collect()
    };
    let (fields, rows) = rows_at(parquet, schema, &positions)?;
    Ok(RowPage {
        fields,
        rows,
        total,
        pages,
    })
}

/// The column of row positions in the first pass of a query.
const ROW: &str = "__row";

/// The rows at the given positions of the file (in any order; answered in that order),
/// read with the Parquet reader alone: only the row groups holding them are opened,
/// only the rows asked for and the shown columns are decoded. A page in stored order,
/// or the rows a sort picked, cost a few pages of each column.
fn rows_at(
    parquet: &Path,
    schema: &Schema,
    positions: &[u64],
) -> Result<(Vec<String>, Vec<Vec<serde_json::Value>>), WebError> {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{DataType as A, Date32Type, Float64Type, Int64Type};
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::{
        ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
    };

    let bad = |e: parquet::errors::ParquetError| {
        WebError::Internal(format!("rows of {}: {e}", parquet.display()))
    };
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(parquet)?).map_err(bad)?;
    let mut wanted: Vec<u64> = positions.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    // The row groups holding the wanted rows, and a selection over them.
    let (mut groups, mut selectors, mut start, mut next) = (Vec::new(), Vec::new(), 0u64, 0usize);
    for (i, group) in builder.metadata().row_groups().iter().enumerate() {
        let end = start + group.num_rows().max(0) as u64;
        let mut at = start;
        while next < wanted.len() && wanted[next] < end {
            if groups.last() != Some(&i) {
                groups.push(i);
                at = start;
            }
            if wanted[next] > at {
                selectors.push(RowSelector::skip((wanted[next] - at) as usize));
            }
            selectors.push(RowSelector::select(1));
            at = wanted[next] + 1;
            next += 1;
        }
        if groups.last() == Some(&i) && end > at {
            selectors.push(RowSelector::skip((end - at) as usize));
        }
        start = end;
    }
    let shown: Vec<usize> = builder
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            schema
                .fields
                .iter()
                .any(|s| &s.name == f.name() && previewable(s))
        })
        .map(|(i, _)| i)
        .collect();
    let fields: Vec<String> = shown
        .iter()
        .map(|&i| builder.schema().field(i).name().clone())
        .collect();
    if groups.is_empty() {
        return Ok((fields, Vec::new()));
    }
    let mask = ProjectionMask::roots(builder.parquet_schema(), shown);
    let reader = builder
        .with_row_groups(groups)
        .with_projection(mask)
        .with_row_selection(RowSelection::from(selectors))
        .with_batch_size(wanted.len())
        .build()
        .map_err(bad)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let mut found = Vec::with_capacity(wanted.len());
    for batch in reader {
        let batch =
            batch.map_err(|e| WebError::Internal(format!("rows of {}: {e}", parquet.display())))?;
        for i in 0..batch.num_rows() {
            found.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| {
                        if c.is_null(i) {
                            return serde_json::Value::Null;
                        }
                        match c.data_type() {
                            A::Utf8 => {
                                serde_json::Value::String(c.as_string::<i32>().value(i).to_string())
                            }
                            A::Int64 => {
                                serde_json::Value::from(c.as_primitive::<Int64Type>().value(i))
                            }
                            A::Float64 => {
                                serde_json::Value::from(c.as_primitive::<Float64Type>().value(i))
                            }
                            A::Boolean => serde_json::Value::Bool(c.as_boolean().value(i)),
                            A::Date32 => serde_json::Value::String(
                                (epoch
                                    + chrono::Days::new(
                                        c.as_primitive::<Date32Type>().value(i).max(0) as u64,
                                    ))
                                .to_string(),
                            ),
                            _ => serde_json::Value::Null,
                        }
                    })
                    .collect::<Vec<_>>(),
            );
        }
    }
    // Back in the order asked for.
    let rows = positions
        .iter()
        .filter_map(|p| {
            wanted
                .binary_search(p)
                .ok()
                .and_then(|i| found.get(i).cloned())
        })
        .collect();
    Ok((fields, rows))
}

/// A cell as JSON: numbers as numbers, dates as `YYYY-MM-DD`, empty as null.
fn json(value: AnyValue) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        AnyValue::Null => J::Null,
        AnyValue::Boolean(b) => J::Bool(b),
        AnyValue::Int8(i) => J::from(i),
        AnyValue::Int16(i) => J::from(i),
        AnyValue::Int32(i) => J::from(i),
        AnyValue::Int64(i) => J::from(i),
        AnyValue::UInt8(i) => J::from(i),
        AnyValue::UInt16(i) => J::from(i),
        AnyValue::UInt32(i) => J::from(i),
        AnyValue::UInt64(i) => J::from(i),
        AnyValue::Float32(x) => J::from(f64::from(x)),
        AnyValue::Float64(x) => J::from(x),
        AnyValue::Date(days) => J::String(
            (NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")
                + chrono::Days::new(days.max(0) as u64))
            .to_string(),
        ),
        AnyValue::String(s) => J::String(s.to_string()),
        AnyValue::StringOwned(s) => J::String(s.to_string()),
        other => J::String(other.str_value().into_owned()),
    }
}

/// A cell as the preview shows it.
pub fn cell_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), super::pages::number),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SliceFormat {
    Csv,
    Parquet,
}

impl SliceFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Parquet => "parquet",
        }
    }
}

/// Every row of `parquet` matching `query` (in its order; paging ignored) written to
/// `out`. CSV holds the columns of the preview; Parquet every column, geometry included.
/// Blocking: call it off the async threads.
pub fn slice(
    parquet: &Path,
    schema: &Schema,
    query: &RowQuery,
    format: SliceFormat,
    out: &Path,
) -> Result<(), WebError> {
    let lf = query.sorted(query.plan(parquet, schema, format == SliceFormat::Parquet)?);
    let target = SinkTarget::Path(PlPath::new(&out.to_string_lossy()));
    let sink = match format {
        SliceFormat::Csv => lf.sink_csv(
            target,
            CsvWriterOptions::default(),
            None,
            SinkOptions::default(),
        ),
        SliceFormat::Parquet => lf.sink_parquet(
            target,
            ParquetWriteOptions::default(),
            None,
            SinkOptions::default(),
        ),
    };
    sink.map_err(internal)?.collect().map_err(internal)?;
    Ok(())
}
