//! Row queries over a version's `data.parquet`: one page of rows, filtered and sorted,
//! for the preview and the API, or every matching row as a CSV or Parquet slice. This
//! module owns the filter syntax ([`RowQuery::parse`]), the reading of only what a query
//! needs, and the slice formats; plain types in and out, failures as [`QueryError`]. It
//! must not know about HTTP (no axum, http, tower or maud, nothing of `web`) nor write to
//! the store.
//!
//! The filter syntax is one parameter per column, the same on the page and in the API:
//! for text, `word` keeps rows containing it (any case) and `=word` rows equal to it; for
//! numbers, dates and booleans, `5000` or `=5000`, `>5000`, `>=5000`, `<5000`, `<=5000`,
//! and `1000..5000` (inclusive). Several filters all apply. `_sort=field` or `_sort=-field`
//! (descending) orders the rows, nulls last; `_page` and `_size` page them.
//!
//! Only the columns and row groups a query needs are read, with the Parquet reader over
//! Arrow: the first page of ten million rows reads one row group; a filter first reads
//! its columns alone, a sort its column with the filters', row group by row group on a
//! few threads; then the rows of the page alone are read with the shown columns.

mod error;
mod filter;
mod scan;
mod slice;

use std::collections::HashMap;
use std::path::Path;

pub use error::QueryError;
pub use slice::slice;

use crate::protocol::{Field, FieldType, Schema};
use filter::Filter;
use scan::{Source, rows_at};

/// Rows per page on the preview; the API may ask for up to [`MAX_PAGE_ROWS`].
pub const PAGE_ROWS: usize = 25;
pub const MAX_PAGE_ROWS: usize = 1000;

/// The longest filter, in bytes.
const MAX_FILTER: usize = 200;

/// Whether a field appears in the preview and the API's rows (geometries are on the map
/// and in the GeoJSON and GeoParquet files).
pub fn previewable(f: &Field) -> bool {
    f.kind != FieldType::Geojson
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The query that `params` (a page's or the API's query string) ask for: a filter per
    /// column parameter, `_sort`, `_page` and `_size` (`default_size` when absent).
    pub fn parse(
        schema: &Schema,
        params: &HashMap<String, String>,
        default_size: usize,
    ) -> Result<Self, QueryError> {
        let columns = || {
            schema
                .fields
                .iter()
                .filter(|f| previewable(f))
                .map(|f| f.name.clone())
                .collect::<Vec<_>>()
        };
        let mut query = Self {
            page: crate::format::positive(params, "_page", 1, usize::MAX)?,
            size: crate::format::positive(params, "_size", default_size, MAX_PAGE_ROWS)?,
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
                return Err(QueryError::UnknownColumn {
                    name: name.clone(),
                    columns: columns(),
                });
            };
            if value.trim().is_empty() {
                continue;
            }
            if value.len() > MAX_FILTER {
                return Err(QueryError::TooLong {
                    field: name.clone(),
                    max: MAX_FILTER,
                });
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
                return Err(QueryError::UnknownSort {
                    name: name.to_string(),
                    columns: columns(),
                });
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
        let sort = |descending| Sort {
            field: field.to_string(),
            descending,
        };
        match &self.sort {
            Some(s) if s.field == field && !s.descending => (sort(true), " ▲"),
            Some(s) if s.field == field => (sort(false), " ▼"),
            _ => (sort(false), ""),
        }
    }

    /// The heading's `aria-sort`.
    pub fn aria_sort(&self, field: &str) -> &'static str {
        match &self.sort {
            Some(s) if s.field == field && s.descending => "descending",
            Some(s) if s.field == field => "ascending",
            _ => "none",
        }
    }
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

/// One page of the rows of `parquet` (which holds `rows` rows) that match `query`, with
/// the columns a preview shows. Blocking: call it off the async threads.
pub fn page(
    parquet: &Path,
    schema: &Schema,
    rows: u64,
    query: &RowQuery,
) -> Result<RowPage, QueryError> {
    let source = Source::open(parquet)?;
    let shown: Vec<usize> = source
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
        .map(|&i| source.schema().field(i).name().clone())
        .collect();
    let size = query.size.max(1);
    let offset = query.page.saturating_sub(1) as u64 * size as u64;
    let within = |total: u64| {
        let pages = total.div_ceil(size as u64).max(1);
        if query.page as u64 > pages {
            return Err(QueryError::PastTheEnd {
                page: query.page,
                total,
                pages,
                size,
            });
        }
        Ok(pages)
    };
    // Which rows: by position in stored order, or by a first pass over only the filter
    // and sort columns; then those rows alone are read with the shown columns.
    let (total, pages, positions) = if query.filters.is_empty() && query.sort.is_none() {
        let pages = within(rows)?;
        (
            rows,
            pages,
            (offset..(offset + size as u64).min(rows)).collect(),
        )
    } else {
        let end = usize::try_from(offset + size as u64).unwrap_or(usize::MAX);
        let pass = source.pass(&query.filters, query.sort.as_ref(), end)?;
        let pages = within(pass.total)?;
        let positions = match &pass.sorted {
            Some(sorted) => sorted.iter().skip(offset as usize).copied().collect(),
            None => {
                let ranks: Vec<u64> = (offset..(offset + size as u64).min(pass.total)).collect();
                pass.positions(&ranks)
            }
        };
        (pass.total, pages, positions)
    };
    let rows = rows_at(&source, &shown, &positions)?;
    Ok(RowPage {
        rows,
        fields,
        total,
        pages,
    })
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

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::path::PathBuf;
    use std::sync::Arc;

    use arrow::array::{
        Array, ArrayRef, AsArray, BinaryArray, BooleanArray, Date32Array, Float64Array, Int64Array,
        RecordBatch, StringArray,
    };
    use arrow::datatypes::DataType;
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::properties::WriterProperties;
    use serde_json::{Value as J, json};

    use super::*;

    /// The payees of the fixture, by position; `None` is a null.
    const PAYEES: [Option<&str>; 10] = [
        Some("Nairobi Water Co"),
        Some("ÉCOLE Primaire"),
        Some("water works"),
        None,
        Some("Kisumu Roads, Ltd"),
        Some("Water \"Best\" Supplies"),
        Some("Lamu Port"),
        Some("Mombasa WATER"),
        Some("nairobi water co"),
        Some("Zed"),
    ];
    const AMOUNTS: [Option<f64>; 10] = [
        Some(5000.0),
        Some(1250.5),
        None,
        Some(99.99),
        Some(250000.0),
        Some(5000.0),
        Some(-12.5),
        Some(75000.25),
        Some(0.1 + 0.2),
        None,
    ];
    const COUNTS: [Option<i64>; 10] = [
        Some(3),
        Some(1),
        Some(7),
        None,
        Some(2),
        Some(5),
        Some(0),
        Some(9),
        Some(-4),
        Some(6),
    ];
    const PAID: [Option<bool>; 10] = [
        Some(true),
        Some(false),
        Some(true),
        None,
        Some(false),
        Some(true),
        Some(true),
        Some(false),
        Some(true),
        Some(false),
    ];
    /// Days from 1970-01-01: 2025-09-01 is 20332.
    const DAYS: [Option<i32>; 10] = [
        Some(20332),
        Some(20341),
        Some(20346),
        None,
        Some(20361),
        Some(-1),
        Some(20351),
        Some(20332),
        Some(20340),
        Some(20355),
    ];

    fn schema() -> Schema {
        serde_json::from_value(json!({"fields": [
            {"name": "payee", "type": "string"},
            {"name": "amount", "type": "number"},
            {"name": "count", "type": "integer"},
            {"name": "paid", "type": "boolean"},
            {"name": "paid_on", "type": "date"},
            {"name": "month", "type": "yearmonth"},
            {"name": "site", "type": "geojson"},
        ]}))
        .unwrap()
    }

    /// Ten rows of every column type, some null, in four row groups (3, 3, 3, 1 rows).
    fn fixture() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.parquet");
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("payee", Arc::new(StringArray::from(PAYEES.to_vec()))),
            ("amount", Arc::new(Float64Array::from(AMOUNTS.to_vec()))),
            ("count", Arc::new(Int64Array::from(COUNTS.to_vec()))),
            ("paid", Arc::new(BooleanArray::from(PAID.to_vec()))),
            ("paid_on", Arc::new(Date32Array::from(DAYS.to_vec()))),
            (
                "month",
                Arc::new(StringArray::from(
                    (0..10)
                        .map(|i| (i != 3).then_some(if i % 4 == 2 { "2025-08" } else { "2025-09" }))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "site",
                Arc::new(BinaryArray::from_iter(
                    (0..10u8).map(|i| (i % 3 != 1).then(|| vec![1, 1, 0, 0, 0, i])),
                )),
            ),
        ];
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(3))
            .build();
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), Some(props))
            .unwrap();
        w.write(&batch).unwrap();
        let meta = w.close().unwrap();
        assert_eq!(meta.num_row_groups(), 4);
        (dir, path)
    }

    fn query(params: &[(&str, &str)]) -> Result<RowQuery, QueryError> {
        let params: HashMap<String, String> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        RowQuery::parse(&schema(), &params, PAGE_ROWS)
    }

    fn page_of(path: &Path, params: &[(&str, &str)]) -> Result<RowPage, QueryError> {
        page(path, &schema(), 10, &query(params)?)
    }

    /// The cells of one column of a page.
    fn cells(page: &RowPage, name: &str) -> Vec<J> {
        let i = page.fields.iter().position(|f| f == name).unwrap();
        page.rows.iter().map(|r| r[i].clone()).collect()
    }

    fn payees(rows: &[usize]) -> Vec<J> {
        rows.iter().map(|&i| json!(PAYEES[i])).collect()
    }

    #[test]
    fn the_first_page_is_in_stored_order_with_the_shown_columns_and_every_type() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[]).unwrap();
        assert_eq!(
            page.fields,
            ["payee", "amount", "count", "paid", "paid_on", "month"]
        );
        assert_eq!((page.total, page.pages, page.rows.len()), (10, 1, 10));
        assert_eq!(
            page.rows[0],
            [
                json!("Nairobi Water Co"),
                json!(5000.0),
                json!(3),
                json!(true),
                json!("2025-09-01"),
                json!("2025-09")
            ]
        );
        assert_eq!(
            page.rows[3],
            [J::Null, json!(99.99), J::Null, J::Null, J::Null, J::Null],
            "nulls"
        );
        assert_eq!(page.rows[5][4], json!("1969-12-31"), "a date before 1970");
    }

    #[test]
    fn a_page_in_stored_order_runs_across_row_groups() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[("_size", "4"), ("_page", "2")]).unwrap();
        assert_eq!((page.total, page.pages), (10, 3));
        assert_eq!(cells(&page, "payee"), payees(&[4, 5, 6, 7]));
        let last = page_of(&path, &[("_size", "4"), ("_page", "3")]).unwrap();
        assert_eq!(cells(&last, "payee"), payees(&[8, 9]));
    }

    #[test]
    fn a_text_filter_matches_any_case() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[("payee", "  WaTeR ")]).unwrap();
        assert_eq!(page.total, 5);
        assert_eq!(cells(&page, "payee"), payees(&[0, 2, 5, 7, 8]));
        let page = page_of(&path, &[("payee", "école")]).unwrap();
        assert_eq!(cells(&page, "payee"), payees(&[1]));
    }

    #[test]
    fn an_equals_filter_matches_text_exactly() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[("payee", "=nairobi water co")]).unwrap();
        assert_eq!(cells(&page, "payee"), payees(&[8]));
        let page = page_of(&path, &[("month", "=2025-08")]).unwrap();
        assert_eq!(cells(&page, "payee"), payees(&[2, 6]));
    }

    #[test]
    fn numbers_dates_and_booleans_take_comparisons_and_inclusive_ranges() {
        let (_dir, path) = fixture();
        for (params, rows) in [
            (("amount", "5000"), vec![0, 5]),
            (("amount", ">=5,000"), vec![0, 4, 5, 7]),
            (("amount", "<0"), vec![6]),
            (("amount", "-12.5..1250.5"), vec![1, 3, 6, 8]),
            (("count", "<=2"), vec![1, 4, 6, 8]),
            (("count", "=7"), vec![2]),
            (("paid", "yes"), vec![0, 2, 5, 6, 8]),
            (("paid", "=false"), vec![1, 4, 7, 9]),
            (("paid_on", "2025-09-10..2025-09-20"), vec![1, 2, 6]),
            (("paid_on", "<2025-09-01"), vec![5]),
        ] {
            let page = page_of(&path, &[params]).unwrap();
            assert_eq!(cells(&page, "payee"), payees(&rows), "{params:?}");
            assert_eq!(page.total, rows.len() as u64);
        }
    }

    #[test]
    fn several_filters_all_apply() {
        let (_dir, path) = fixture();
        let page = page_of(
            &path,
            &[("payee", "water"), ("amount", ">1000"), ("paid", "true")],
        )
        .unwrap();
        assert_eq!(cells(&page, "payee"), payees(&[0, 5]));
    }

    #[test]
    fn an_ascending_sort_puts_nulls_last_and_ties_in_stored_order() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[("_sort", "amount")]).unwrap();
        assert_eq!(
            cells(&page, "payee"),
            payees(&[6, 8, 3, 1, 0, 5, 7, 4, 2, 9])
        );
        let page = page_of(&path, &[("_sort", "paid_on")]).unwrap();
        assert_eq!(
            cells(&page, "payee"),
            payees(&[5, 0, 7, 8, 1, 2, 6, 9, 4, 3])
        );
    }

    #[test]
    fn a_descending_sort_puts_nulls_last() {
        let (_dir, path) = fixture();
        let page = page_of(&path, &[("_sort", "-amount")]).unwrap();
        assert_eq!(
            cells(&page, "payee"),
            payees(&[4, 7, 0, 5, 1, 3, 8, 6, 2, 9])
        );
        // Text sorts by its bytes; the null payee comes last.
        let page = page_of(&path, &[("_sort", "-payee")]).unwrap();
        assert_eq!(
            cells(&page, "payee"),
            payees(&[1, 2, 8, 9, 5, 0, 7, 6, 4, 3])
        );
        let page = page_of(&path, &[("_sort", "-paid")]).unwrap();
        assert_eq!(
            cells(&page, "payee"),
            payees(&[0, 2, 5, 6, 8, 1, 4, 7, 9, 3])
        );
    }

    #[test]
    fn a_sorted_and_filtered_query_pages_through_its_rows_in_order() {
        let (_dir, path) = fixture();
        let mut seen = Vec::new();
        for n in ["1", "2"] {
            let page = page_of(
                &path,
                &[
                    ("count", ">0"),
                    ("_sort", "-count"),
                    ("_size", "3"),
                    ("_page", n),
                ],
            )
            .unwrap();
            assert_eq!((page.total, page.pages), (7, 3));
            seen.extend(cells(&page, "count"));
        }
        assert_eq!(
            seen,
            [json!(9), json!(7), json!(6), json!(5), json!(3), json!(2)]
        );
    }

    #[test]
    fn a_page_past_the_end_names_the_last_page() {
        let (_dir, path) = fixture();
        let e = page_of(&path, &[("_size", "3"), ("_page", "5")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "page 5 is past the end; 10 rows match, 4 pages of 3"
        );
        assert!(e.is_client_error());
        let e = page_of(&path, &[("payee", "water"), ("_size", "3"), ("_page", "3")]).unwrap_err();
        assert!(matches!(
            e,
            QueryError::PastTheEnd {
                total: 5,
                pages: 2,
                ..
            }
        ));
        // No match at all is one empty page, not an error.
        let page = page_of(&path, &[("payee", "nothing like it")]).unwrap();
        assert_eq!((page.total, page.pages, page.rows.len()), (0, 1, 0));
    }

    #[test]
    fn bad_queries_are_the_clients_errors_and_say_what_is_wrong() {
        let long = "x".repeat(201);
        for (params, says) in [
            (
                ("amount", "lots"),
                "filter on `amount`: `lots` is not a number",
            ),
            (("count", "1.5"), "is not a whole number such as 5000"),
            (
                ("colour", "red"),
                "`colour` is not a column to filter on; the columns are payee, amount, count, paid, paid_on, month",
            ),
            (("site", "x"), "`site` is not a column"),
            (("_sort", "-colour"), "cannot sort by `colour`"),
            (("paid_on", ">2025-13-01"), "is not a date"),
            (("paid", "maybe"), "is not true or false"),
            (
                ("_size", "100000"),
                "_size 100000 is more than the most allowed, 1000",
            ),
            (("_page", "-1"), "_page `-1` is not a whole number from 1"),
            (("_page", "0"), "is not a whole number from 1"),
            (
                ("payee", long.as_str()),
                "the filter on `payee` is longer than 200 characters",
            ),
        ] {
            let e = query(&[params]).unwrap_err();
            assert!(e.to_string().contains(says), "{params:?}: {e}");
            assert!(e.is_client_error(), "{params:?}");
        }
    }

    #[test]
    fn the_query_keeps_what_was_typed_for_the_form_and_its_links() {
        let q = query(&[
            ("payee", " water "),
            ("amount", ">5000"),
            ("_sort", "-amount"),
        ])
        .unwrap();
        assert_eq!(q.raw("payee"), "water");
        assert_eq!(q.raw("count"), "");
        assert_eq!(
            q.href(2, q.sort.as_ref()),
            "amount=%3E5000&payee=water&_sort=-amount&_page=2"
        );
        assert_eq!(q.aria_sort("amount"), "descending");
        assert_eq!(q.next_sort("amount").0.param(), "amount");
        assert_eq!(
            q.next_sort("payee"),
            (
                Sort {
                    field: "payee".into(),
                    descending: false
                },
                ""
            )
        );
        assert!(!q.is_first_look());
        assert!(
            query(&[("lang", "sw"), ("payee", "")])
                .unwrap()
                .is_first_look()
        );
    }

    #[test]
    fn a_column_stored_with_another_type_is_a_read_error_not_a_panic() {
        let (_dir, path) = fixture();
        // The schema says `amount` is whole numbers and `site` text; the file disagrees.
        let mut schema = schema();
        schema.fields[1].kind = FieldType::Integer;
        schema.fields[6].kind = FieldType::String;
        let params = |k: &str, v: &str| HashMap::from([(k.to_string(), v.to_string())]);
        let q = RowQuery::parse(&schema, &params("amount", "5"), PAGE_ROWS).unwrap();
        let e = page(&path, &schema, 10, &q).unwrap_err();
        assert!(!e.is_client_error());
        assert!(
            e.to_string().contains("column `amount`") && e.to_string().contains("Float64"),
            "{e}"
        );
        let q = RowQuery::parse(&schema, &params("_sort", "site"), PAGE_ROWS).unwrap();
        let e = page(&path, &schema, 10, &q).unwrap_err();
        assert!(
            matches!(&e, QueryError::ColumnType { field, .. } if field == "site"),
            "{e}"
        );
        let q = RowQuery::parse(&schema, &params("site", "x"), PAGE_ROWS).unwrap();
        let e = slice(
            &path,
            &schema,
            &q,
            SliceFormat::Csv,
            &path.with_extension("csv"),
        )
        .unwrap_err();
        assert!(matches!(e, QueryError::ColumnType { .. }), "{e}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_read_error_naming_it_with_its_cause_once() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("data.parquet");
        let e = page_of(&missing, &[]).unwrap_err();
        assert!(matches!(e, QueryError::Read { .. }));
        assert!(!e.is_client_error());
        let cause = std::error::Error::source(&e).unwrap().to_string();
        assert!(e.to_string().contains("data.parquet"), "{e}");
        assert!(!e.to_string().contains(&cause), "{e}");
        let chain = crate::format::chain(&e);
        assert_eq!(chain.matches(&cause).count(), 1, "{chain}");
        std::fs::write(&missing, b"not parquet").unwrap();
        let e = page_of(&missing, &[("_sort", "amount")]).unwrap_err();
        assert!(matches!(e, QueryError::Read { .. }), "{e}");
    }

    fn read_csv(path: &Path) -> Vec<Vec<String>> {
        csv::Reader::from_path(path)
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    fn read_parquet(path: &Path) -> RecordBatch {
        let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
        let schema = builder.schema().clone();
        let reader = builder.build().unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        arrow::compute::concat_batches(&schema, &batches).unwrap()
    }

    #[test]
    fn slices_hold_every_matching_row_in_csv_and_parquet() {
        let (dir, path) = fixture();
        let q = query(&[("payee", "water"), ("_size", "2"), ("_page", "2")]).unwrap();
        let out = dir.path().join("rows.csv");
        slice(&path, &schema(), &q, SliceFormat::Csv, &out).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with("payee,amount,count,paid,paid_on,month\n"),
            "{text}"
        );
        assert!(
            text.contains("Nairobi Water Co,5000,3,true,2025-09-01,2025-09\n"),
            "numbers and dates as data.csv has them: {text}"
        );
        assert!(
            text.contains("\"Water \"\"Best\"\" Supplies\",5000,5,true,1969-12-31,"),
            "{text}"
        );
        assert!(
            text.contains("water works,,7,true,2025-09-15,2025-08\n"),
            "{text}"
        );
        assert!(
            text.contains("nairobi water co,0.3,-4,"),
            "float noise cut: {text}"
        );
        let rows = read_csv(&out);
        assert_eq!(rows.len(), 5, "paging ignored");

        let out = dir.path().join("rows.parquet");
        slice(&path, &schema(), &q, SliceFormat::Parquet, &out).unwrap();
        let batch = read_parquet(&out);
        assert_eq!(batch.num_rows(), 5);
        assert_eq!(batch.num_columns(), 7, "every column, geometry included");
        let site = batch.column_by_name("site").unwrap().as_binary::<i32>();
        assert_eq!(site.value(0), [1, 1, 0, 0, 0, 0]);
        assert!(site.is_null(3), "row 7's site is null");
        assert_eq!(
            batch.column_by_name("paid_on").unwrap().data_type(),
            &DataType::Date32
        );
    }

    #[test]
    fn a_sorted_slice_is_written_in_the_sort_order() {
        let (dir, path) = fixture();
        let q = query(&[("_sort", "-amount")]).unwrap();
        let out = dir.path().join("rows.csv");
        slice(&path, &schema(), &q, SliceFormat::Csv, &out).unwrap();
        let amounts: Vec<String> = read_csv(&out).into_iter().map(|r| r[1].clone()).collect();
        assert_eq!(
            amounts,
            [
                "250000", "75000.25", "5000", "5000", "1250.5", "99.99", "0.3", "-12.5", "", ""
            ]
        );
        let out = dir.path().join("rows.parquet");
        let q = query(&[("paid", "true"), ("_sort", "payee")]).unwrap();
        slice(&path, &schema(), &q, SliceFormat::Parquet, &out).unwrap();
        let batch = read_parquet(&out);
        let got: Vec<Option<&str>> = batch.column(0).as_string::<i32>().iter().collect();
        assert_eq!(got, [PAYEES[6], PAYEES[0], PAYEES[5], PAYEES[8], PAYEES[2]]);
        let site = batch.column_by_name("site").unwrap().as_binary::<i32>();
        assert_eq!(
            site.value(1),
            [1, 1, 0, 0, 0, 0],
            "each row keeps its geometry"
        );
        // Nothing matching is a file with the header alone.
        let q = query(&[("payee", "nothing like it"), ("_sort", "amount")]).unwrap();
        let out = dir.path().join("none.csv");
        slice(&path, &schema(), &q, SliceFormat::Csv, &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "payee,amount,count,paid,paid_on,month\n"
        );
    }

    #[test]
    fn an_unfiltered_csv_slice_is_the_published_data_csv_byte_for_byte() {
        use crate::pipeline::write::BackgroundWriters;
        use crate::protocol::{Protocol, Value};
        let protocol =
            Protocol::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol")).unwrap();
        let mut schema = schema();
        schema.fields.pop();
        let kind = crate::protocol::Kind {
            name: "test".into(),
            spec: protocol.kinds.values().next().unwrap().spec.clone(),
            schema: schema.clone(),
        };
        let dir = tempfile::tempdir().unwrap();
        let mut writers = BackgroundWriters::create(dir.path(), Arc::new(kind)).unwrap();
        let date = |d: Option<i32>| {
            d.map_or(Value::Null, |d| {
                Value::Date(filter::epoch() + chrono::TimeDelta::days(d.into()))
            })
        };
        for i in 0..5000 {
            let r = i % 10;
            let mut row = vec![
                PAYEES[r].map_or(Value::Null, |p| Value::Str(format!("{p}, line\n{i}"))),
                AMOUNTS[r].map_or(Value::Null, |a| Value::Num(a * i as f64 / 7.0)),
                COUNTS[r].map_or(Value::Null, |c| Value::Int(c * i as i64)),
                PAID[r].map_or(Value::Null, Value::Bool),
                date(DAYS[r]),
                Value::Str(format!("2025-{:02}", i % 12 + 1)),
            ];
            writers.write(&mut row).unwrap();
        }
        writers.finish().unwrap();
        let out = dir.path().join("rows.csv");
        let q = RowQuery::parse(&schema, &HashMap::new(), PAGE_ROWS).unwrap();
        slice(
            &dir.path().join("data.parquet"),
            &schema,
            &q,
            SliceFormat::Csv,
            &out,
        )
        .unwrap();
        let published = std::fs::read(dir.path().join("data.csv")).unwrap();
        assert!(
            std::fs::read(&out).unwrap() == published,
            "the slice is data.csv"
        );
    }

    #[test]
    fn a_large_sorted_page_picks_the_same_rows_as_a_full_sort() {
        // More rows than a batch, in several row groups, with ties and nulls.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.parquet");
        let n = 150_000usize;
        let amounts: Vec<Option<f64>> = (0..n)
            .map(|i| (i % 97 != 0).then(|| ((i * 7919) % 10_007) as f64 / 4.0))
            .collect();
        let payees: Vec<String> = (0..n)
            .map(|i| format!("payee {}", (i * 31) % 1000))
            .collect();
        let batch = RecordBatch::try_from_iter([
            (
                "payee",
                Arc::new(StringArray::from(payees.clone())) as ArrayRef,
            ),
            (
                "amount",
                Arc::new(Float64Array::from(amounts.clone())) as ArrayRef,
            ),
        ])
        .unwrap();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(40_000))
            .build();
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), batch.schema(), Some(props))
            .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let schema: Schema = serde_json::from_value(json!({"fields": [
            {"name": "payee", "type": "string"}, {"name": "amount", "type": "number"}]}))
        .unwrap();
        let mut want: Vec<usize> = (0..n).filter(|i| payees[*i].contains("payee 1")).collect();
        want.sort_by(|&a, &b| match (amounts[a], amounts[b]) {
            (Some(x), Some(y)) => y.total_cmp(&x).then(a.cmp(&b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        });
        let params = HashMap::from([
            ("payee".to_string(), "PAYEE 1".to_string()),
            ("_sort".to_string(), "-amount".to_string()),
            ("_size".to_string(), "1000".to_string()),
            ("_page".to_string(), "3".to_string()),
        ]);
        let q = RowQuery::parse(&schema, &params, PAGE_ROWS).unwrap();
        let got = page(&path, &schema, n as u64, &q).unwrap();
        assert_eq!(got.total, want.len() as u64);
        let expected: Vec<J> = want[2000..3000]
            .iter()
            .map(|&i| json!([payees[i], amounts[i]]))
            .collect();
        let got: Vec<J> = got.rows.iter().map(|r| json!(r)).collect();
        assert_eq!(got, expected);
    }
}
