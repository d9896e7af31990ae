//! The key figures of the latest fiscal year, for the home page: the current budget,
//! what was paid against it, and revenue collected against target. Read from the
//! published Parquet files, only the columns summed, once per snapshot of the store.

use std::collections::HashMap;
use std::path::Path;

use arrow::array::{Array, AsArray};
use arrow::datatypes::Float64Type;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::errors::ParquetError;

use crate::protocol::{Frequency, Period, Protocol};
use crate::store::Entry;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyFigures {
    /// `2025-26`: the latest fiscal year with a budget published (or, when no budget is,
    /// the latest with payments).
    pub fiscal_year: String,
    /// The latest budget stage published for the year and its total.
    pub budget: Option<(String, f64)>,
    /// Payments in the year's published months, and how many months.
    pub spent: Option<(f64, usize)>,
    /// Revenue collected and its target, over the year's published months.
    pub revenue: Option<(f64, f64, usize)>,
    /// A later fiscal year whose payments are published before its budget (the first
    /// months of a new year): the year, what was paid and in how many months.
    pub unbudgeted: Option<(String, f64, usize)>,
}

/// Stages from the least to the most current.
const STAGES: [&str; 4] = ["proposed", "approved", "supplementary", "revised"];

fn parquet(data_dir: &Path, e: &Entry) -> std::path::PathBuf {
    e.path(data_dir, "data.parquet")
}

/// The sums of number columns, grouped by a text column if one is given.
fn sums(
    path: &Path,
    group: Option<&str>,
    columns: &[&str],
) -> Result<HashMap<String, Vec<f64>>, ParquetError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path)?)?;
    let wanted: Vec<usize> = builder
        .schema()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| group == Some(f.name().as_str()) || columns.contains(&f.name().as_str()))
        .map(|(i, _)| i)
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted);
    let mut out: HashMap<String, Vec<f64>> = HashMap::new();
    for batch in builder.with_projection(mask).build()? {
        let batch = batch?;
        let keys = group
            .and_then(|g| batch.column_by_name(g))
            .map(|c| c.as_string::<i32>().clone());
        for (j, name) in columns.iter().enumerate() {
            let Some(values) = batch.column_by_name(name) else {
                continue;
            };
            let values = values.as_primitive::<Float64Type>();
            for i in 0..values.len() {
                if values.is_null(i) {
                    continue;
                }
                let key = keys
                    .as_ref()
                    .map_or("", |k| if k.is_null(i) { "" } else { k.value(i) });
                let totals = out
                    .entry(key.to_string())
                    .or_insert_with(|| vec![0.0; columns.len()]);
                totals[j] += values.value(i);
            }
        }
    }
    Ok(out)
}

fn total(sums: &HashMap<String, Vec<f64>>, column: usize) -> f64 {
    sums.values().map(|v| v[column]).sum()
}

impl KeyFigures {
    /// The figures of the latest fiscal year with a budget, so that the budget and what
    /// was paid against it stay side by side when a new year's first payments come out
    /// before its budget; those are in [`KeyFigures::unbudgeted`]. Without any budget,
    /// the latest year with payments. `None` when neither is published.
    pub fn compute(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
    ) -> Result<Option<Self>, ParquetError> {
        let fy_start = protocol.jurisdiction.fiscal_year_start_month;
        let fiscal_year = |e: &Entry| -> Option<String> {
            let (_, period) = protocol.resolve_dataset(&e.dataset)?;
            Some(Period::containing(period?.first_day(), Frequency::Annual, fy_start)?.to_string())
        };
        let latest_of = |kind: &str| {
            latest
                .iter()
                .filter(|e| e.kind == kind)
                .filter_map(|e| fiscal_year(e))
                .max()
        };
        let (budgeted, paid) = (latest_of("budget"), latest_of("expenditure"));
        let Some(year) = budgeted.clone().or_else(|| paid.clone()) else {
            return Ok(None);
        };
        let unbudgeted = match paid {
            Some(newer) if budgeted.is_some_and(|b| newer > b) => {
                let mut sum = 0.0;
                let mut months = 0;
                for e in latest.iter().filter(|e| {
                    e.kind == "expenditure" && fiscal_year(e).as_deref() == Some(newer.as_str())
                }) {
                    sum += total(&sums(&parquet(data_dir, e), None, &["amount"])?, 0);
                    months += 1;
                }
                Some((newer, sum, months))
            }
            _ => None,
        };
        let mut figures = Self {
            fiscal_year: year.clone(),
            unbudgeted,
            ..Self::default()
        };
        for e in latest
            .iter()
            .filter(|e| fiscal_year(e).as_deref() == Some(year.as_str()))
        {
            match e.kind.as_str() {
                "budget" => {
                    let by_stage = sums(&parquet(data_dir, e), Some("stage"), &["amount"])?;
                    figures.budget = by_stage
                        .into_iter()
                        .map(|(stage, v)| (stage, v[0]))
                        .max_by_key(|(s, _)| STAGES.iter().position(|x| x == s));
                }
                "expenditure" => {
                    let spent = total(&sums(&parquet(data_dir, e), None, &["amount"])?, 0);
                    let (sum, months) = figures.spent.unwrap_or((0.0, 0));
                    figures.spent = Some((sum + spent, months + 1));
                }
                "revenue" => {
                    let s = sums(&parquet(data_dir, e), None, &["collected", "target"])?;
                    let (collected, target, months) = figures.revenue.unwrap_or((0.0, 0.0, 0));
                    figures.revenue =
                        Some((collected + total(&s, 0), target + total(&s, 1), months + 1));
                }
                _ => {}
            }
        }
        Ok(Some(figures))
    }
}
