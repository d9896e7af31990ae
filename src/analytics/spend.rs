//! Spending aggregated per published month: one polars lazy group-by over a version's
//! `data.parquet`, reading only the columns it needs, to one row per office, programme,
//! sub-programme, economic item, function and ward, with the sum and the count. A
//! version never changes, so its aggregate is computed once and kept ([`SpendCache`]);
//! the budget dashboard is then built from a few thousand rows whatever the size of the
//! months.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use polars::prelude::*;

use super::Source;

/// The columns grouped by, in order.
pub const KEYS: [&str; 9] = ["org_unit_code", "org_unit", "programme_code", "programme", "sub_programme_code", "economic_item", "economic_item_name", "function", "ward"];

/// Payments of one month sharing every key.
#[derive(Debug, Clone, PartialEq)]
pub struct Spend {
    /// The values of [`KEYS`], in order; empty where null.
    pub keys: [String; 9],
    pub amount: f64,
    pub payments: u64,
    pub fiscal_year: Arc<str>,
    /// The month the version covers, `YYYY-MM`.
    pub month: Arc<str>,
    pub source: Arc<Source>,
}

impl Spend {
    pub fn key(&self, column: &str) -> &str {
        KEYS.iter().position(|k| *k == column).map_or("", |i| self.keys[i].as_str())
    }
}

/// Groups one month's payments. Blocking (polars runs its own threads).
pub fn aggregate(parquet: &Path, fiscal_year: &str, month: &str, source: &Arc<Source>) -> Result<Vec<Spend>, String> {
    let fail = |e: PolarsError| format!("{}: {e}", parquet.display());
    let lf = LazyFrame::scan_parquet(PlPath::new(&parquet.to_string_lossy()), ScanArgsParquet::default()).map_err(fail)?;
    let df = lf
        .group_by(KEYS.map(col))
        .agg([col("amount").sum().alias("amount"), len().alias("payments")])
        .collect()
        .map_err(fail)?;
    let strings: Vec<&StringChunked> = KEYS.iter().map(|k| df.column(k).and_then(|c| c.str())).collect::<Result<_, _>>().map_err(fail)?;
    let amounts = df.column("amount").and_then(|c| c.f64()).map_err(fail)?;
    let counts = df.column("payments").and_then(|c| c.cast(&DataType::UInt64)).map_err(fail)?;
    let counts = counts.u64().map_err(fail)?;
    let (year, month): (Arc<str>, Arc<str>) = (Arc::from(fiscal_year), Arc::from(month));
    Ok((0..df.height())
        .map(|i| Spend {
            keys: std::array::from_fn(|k| strings[k].get(i).unwrap_or("").to_string()),
            amount: amounts.get(i).unwrap_or(0.0),
            payments: counts.get(i).unwrap_or(0),
            fiscal_year: year.clone(),
            month: month.clone(),
            source: source.clone(),
        })
        .collect())
}

/// A version's aggregate, shared.
type Aggregate = Arc<Vec<Spend>>;

/// Aggregates kept by version; versions never change, so entries never go stale.
#[derive(Debug, Default)]
pub struct SpendCache {
    kept: Mutex<HashMap<(String, u32), Aggregate>>,
}

impl SpendCache {
    /// The aggregate of a version, computed on first use.
    pub fn get(&self, parquet: &Path, fiscal_year: &str, month: &str, source: &Arc<Source>) -> Result<Arc<Vec<Spend>>, String> {
        let key = (source.dataset.clone(), source.version);
        if let Some(found) = self.kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
            return Ok(found);
        }
        let computed = Arc::new(aggregate(parquet, fiscal_year, month, source)?);
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, computed.clone());
        }
        Ok(computed)
    }

    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
