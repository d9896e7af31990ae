//! The payments the red flags look at, and only those. A full [`Payment`] is made only
//! for rows some rule can use: payments for a project, capital payments without one,
//! payments just under the tender threshold for procured items, and payments that
//! repeat a payee and amount within the duplicate window. The rules that work on sums
//! (the year-end spike, spending above the budget line) read the months' aggregates
//! instead.
//!
//! Each month's version is read once, on its own ([`pass`]), and what it gives is kept
//! by version ([`super::cache`]): after a publish only the new month is read. Rows are
//! compared as numbers (a payee's index, the amount in cents, the day), never as text.
//! A repeat can straddle two months, so a pass also keeps the rows within the window of
//! its month's ends, lightly; [`load`] matches those of neighbouring months (kept by
//! pair of versions) and reads in full only the few rows that matched.

use super::AnalyticsError;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{Array, AsArray, DictionaryArray, StringArray};
use arrow::datatypes::{Date32Type, Float64Type, Int32Type};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;

use super::cache::Cache;
use super::{Payment, Source, epoch_day, read_dictionaries};
use crate::protocol::Audit;

/// One month to read: its file, fiscal year, period and version.
#[derive(Debug, Clone)]
pub struct MonthFile {
    pub parquet: PathBuf,
    pub fiscal_year: Arc<str>,
    /// The first and last day of the period the version covers.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub source: Arc<Source>,
}

/// Text columns read as dictionaries (values repeat), in this order.
const TEXT: [&str; 7] = [
    "payee",
    "org_unit_code",
    "org_unit",
    "economic_item",
    "economic_item_name",
    "ward",
    "project_id",
];
const PAYEE: usize = 0;
const ITEM: usize = 3;
const PROJECT: usize = 6;
/// Read as plain text: every voucher is different, so a dictionary would only cost.
const VOUCHER: &str = "voucher_id";

/// A batch's text columns: the dictionaries, and the vouchers.
struct Columns<'a> {
    text: [Option<&'a DictionaryArray<Int32Type>>; 7],
    voucher: Option<&'a StringArray>,
}

impl<'a> Columns<'a> {
    fn of(batch: &'a RecordBatch) -> Self {
        Self {
            text: TEXT.map(|c| {
                batch
                    .column_by_name(c)
                    .and_then(|a| a.as_dictionary_opt::<Int32Type>())
            }),
            voucher: batch
                .column_by_name(VOUCHER)
                .and_then(|a| a.as_string_opt::<i32>()),
        }
    }

    fn values(&self, k: usize) -> Option<&'a StringArray> {
        self.text[k].and_then(|d| d.values().as_any().downcast_ref::<StringArray>())
    }

    /// Column `k`'s dictionary key in row `i`; none when null or absent.
    fn key(&self, k: usize, i: usize) -> Option<usize> {
        self.text[k]
            .filter(|d| d.is_valid(i))
            .map(|d| d.keys().value(i) as usize)
    }

    /// Column `k`'s text in row `i`; empty when null.
    fn get(&self, k: usize, i: usize) -> &'a str {
        match (self.key(k, i), self.values(k)) {
            (Some(key), Some(values)) => values.value(key),
            _ => "",
        }
    }

    fn voucher(&self, i: usize) -> &'a str {
        self.voucher
            .filter(|v| v.is_valid(i))
            .map_or("", |v| v.value(i))
    }

    /// A test of column `k`'s every dictionary value, to look up by key.
    fn test(&self, k: usize, test: impl Fn(&str) -> bool) -> Vec<bool> {
        self.values(k)
            .map(|v| v.iter().map(|s| test(s.unwrap_or(""))).collect())
            .unwrap_or_default()
    }
}

/// A month's payments as read: the batches, and where each starts in the month's rows.
struct Read {
    batches: Vec<RecordBatch>,
    starts: Vec<usize>,
}

impl Read {
    fn of(month: &MonthFile) -> Result<Self, AnalyticsError> {
        let batches = read_dictionaries(
            &month.parquet,
            &[&TEXT[..], &[VOUCHER, "payment_date", "amount"]].concat(),
            &[VOUCHER],
        )?;
        let starts = batches
            .iter()
            .scan(0, |at, b| Some(std::mem::replace(at, *at + b.num_rows())))
            .collect();
        Ok(Self { batches, starts })
    }

    /// Each batch's dates and amounts, where both columns are there.
    fn dated(
        batch: &RecordBatch,
    ) -> Option<(
        &arrow::array::PrimitiveArray<Date32Type>,
        &arrow::array::PrimitiveArray<Float64Type>,
    )> {
        Some((
            batch
                .column_by_name("payment_date")?
                .as_primitive_opt::<Date32Type>()?,
            batch
                .column_by_name("amount")?
                .as_primitive_opt::<Float64Type>()?,
        ))
    }

    /// The payments in the month's rows `rows` (ascending), made whole.
    fn payments(&self, rows: &[u32], month: &MonthFile) -> Vec<Payment> {
        let mut out = Vec::with_capacity(rows.len());
        for (batch, start) in self.batches.iter().zip(&self.starts) {
            let (Some((dates, amounts)), columns) = (Self::dated(batch), Columns::of(batch)) else {
                continue;
            };
            let end = start + batch.num_rows();
            let from = rows.partition_point(|&r| (r as usize) < *start);
            for &row in rows[from..].iter().take_while(|&&r| (r as usize) < end) {
                let i = row as usize - start;
                let at = |k: usize| -> Arc<str> { Arc::from(columns.get(k, i)) };
                out.push(Payment {
                    date: epoch_day(dates.value(i)),
                    voucher: Arc::from(columns.voucher(i)),
                    payee: at(0),
                    org_unit_code: at(1),
                    org_unit: at(2),
                    economic_item: at(3),
                    economic_item_name: at(4),
                    ward: at(5),
                    project_id: at(6),
                    amount: amounts.value(i),
                    fiscal_year: month.fiscal_year.clone(),
                    source: month.source.clone(),
                });
            }
        }
        out
    }
}

/// A row near its month's ends, which may repeat a payment of the month before or after.
#[derive(Debug, Clone, Copy)]
struct Edge {
    /// Index into [`Pass::payees`].
    payee: u32,
    cents: i64,
    day: i32,
    /// The row in the month.
    row: u32,
    /// Whether the row is kept already.
    kept: bool,
}

/// What one month's version gives on its own.
#[derive(Debug, Default)]
pub struct Pass {
    /// The payments a rule can use, as far as this month alone tells.
    kept: Vec<Payment>,
    edges: Vec<Edge>,
    payees: Vec<Arc<str>>,
    latest: Option<NaiveDate>,
}

/// The index of `name` in `names`, added if new.
fn intern<'a>(ids: &mut HashMap<&'a str, u32>, names: &mut Vec<Arc<str>>, name: &'a str) -> u32 {
    *ids.entry(name).or_insert_with(|| {
        names.push(Arc::from(name));
        (names.len() - 1) as u32
    })
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

/// Reads one month: the rows a rule can use, repeats within the month, and the rows
/// near its ends. Blocking.
pub fn pass(month: &MonthFile, audit: &Audit) -> Result<Pass, AnalyticsError> {
    let read = Read::of(month)?;
    let floor = audit.procurement_threshold * (1.0 - audit.split_margin_share);
    let window = audit.duplicate_window_days.max(0) as i32;
    let rows_in_month = read
        .batches
        .iter()
        .map(RecordBatch::num_rows)
        .sum::<usize>();
    let mut keep = vec![false; rows_in_month];
    // (payee, cents, day, row) of every dated payment with an amount.
    let mut rows: Vec<(u32, i64, i32, u32)> = Vec::with_capacity(rows_in_month);
    let mut payee_ids: HashMap<&str, u32> = HashMap::new();
    let mut payees: Vec<Arc<str>> = Vec::new();
    for (batch, start) in read.batches.iter().zip(&read.starts) {
        let Some((dates, amounts)) = Read::dated(batch) else {
            continue;
        };
        let columns = Columns::of(batch);
        let payee_of: Vec<u32> = columns
            .values(PAYEE)
            .map(|v| {
                v.iter()
                    .map(|name| intern(&mut payee_ids, &mut payees, name.unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        let no_payee = intern(&mut payee_ids, &mut payees, "");
        let named = columns.test(PROJECT, |p| !p.is_empty());
        let capital = columns.test(ITEM, |item| {
            !audit.capital_item_prefix.is_empty()
                && item.starts_with(audit.capital_item_prefix.as_str())
        });
        let procured = columns.test(ITEM, |item| {
            audit
                .procurement_item_prefixes
                .iter()
                .any(|p| item.starts_with(p.as_str()))
        });
        for i in (0..batch.num_rows()).filter(|&i| dates.is_valid(i) && amounts.is_valid(i)) {
            let (amount, item) = (amounts.value(i), columns.key(ITEM, i));
            let is = |tests: &[bool], key: Option<usize>| {
                key.is_some_and(|k| tests.get(k).copied().unwrap_or(false))
            };
            let row = start + i;
            keep[row] = is(&named, columns.key(PROJECT, i))
                || is(&capital, item)
                || (amount >= floor && amount < audit.procurement_threshold && is(&procured, item));
            let payee = columns
                .key(PAYEE, i)
                .and_then(|k| payee_of.get(k).copied())
                .unwrap_or(no_payee);
            rows.push((payee, cents(amount), dates.value(i), row as u32));
        }
    }
    // Repeats within the month: sorted by payee, amount and day, a row with a partner
    // within the window has one next to it.
    rows.sort_unstable();
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.0 == b.0 && a.1 == b.1 && b.2 - a.2 <= window {
            keep[a.3 as usize] = true;
            keep[b.3 as usize] = true;
        }
    }
    let day = |d: NaiveDate| (d - epoch_day(0)).num_days() as i32;
    let (first, last) = (day(month.first_day), day(month.last_day));
    let edges = rows
        .iter()
        .filter(|r| r.2 < first + window || r.2 > last - window)
        .map(|&(payee, cents, day, row)| Edge {
            payee,
            cents,
            day,
            row,
            kept: keep[row as usize],
        })
        .collect();
    let kept_rows: Vec<u32> = (0..rows_in_month as u32)
        .filter(|&r| keep[r as usize])
        .collect();
    Ok(Pass {
        kept: read.payments(&kept_rows, month),
        edges,
        payees,
        latest: rows.iter().map(|r| r.2).max().map(epoch_day),
    })
}

/// What a read of the months gives: the payments the rules can use, in date order, and
/// the date of the latest payment of all.
#[derive(Debug, Default)]
pub struct Loaded {
    pub kept: Vec<Payment>,
    pub latest: Option<NaiveDate>,
}

/// The payments of `months` the rules can use: each month's pass and each pair of
/// neighbouring months' repeats taken from `cache`, or computed (on every core) and kept
/// there.
pub fn load(months: &[MonthFile], audit: &Audit, cache: &Cache) -> Result<Loaded, AnalyticsError> {
    let passes = cache
        .payments
        .get_all(months, |m| &m.source, |m| pass(m, audit))?;
    let window = audit.duplicate_window_days.max(0);
    let mut kept: Vec<Payment> = passes.iter().flat_map(|p| p.kept.iter().cloned()).collect();
    // Months close enough for a repeat to straddle them (with a window of days, each
    // month and the next), in date order.
    let mut order: Vec<(&MonthFile, &Arc<Pass>)> = months.iter().zip(&passes).collect();
    order.sort_by_key(|(m, _)| m.first_day);
    for (n, &earlier) in order.iter().enumerate() {
        for &later in order[n + 1..]
            .iter()
            .take_while(|(m, _)| (m.first_day - earlier.0.last_day).num_days() <= window)
        {
            kept.extend(
                cache
                    .repeats
                    .get(&earlier.0.source, &later.0.source, || {
                        repeats(earlier, later, window as i32)
                    })?
                    .iter()
                    .cloned(),
            );
        }
    }
    kept.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.voucher.cmp(&b.voucher)));
    Ok(Loaded {
        kept,
        latest: passes.iter().filter_map(|p| p.latest).max(),
    })
}

/// Payments of two months that repeat one in the other within `window` days and are not
/// kept already, read in full.
fn repeats(
    (a, pass_a): (&MonthFile, &Arc<Pass>),
    (b, pass_b): (&MonthFile, &Arc<Pass>),
    window: i32,
) -> Result<Vec<Payment>, AnalyticsError> {
    let mut by_key: HashMap<(&str, i64), Vec<(i32, &Edge)>> = HashMap::new();
    for e in &pass_b.edges {
        by_key
            .entry((&pass_b.payees[e.payee as usize], e.cents))
            .or_default()
            .push((e.day, e));
    }
    let (mut rows_a, mut rows_b): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for e in &pass_a.edges {
        let Some(partners) = by_key.get(&(&*pass_a.payees[e.payee as usize], e.cents)) else {
            continue;
        };
        for (_, partner) in partners
            .iter()
            .filter(|(day, _)| (day - e.day).abs() <= window)
        {
            if !e.kept {
                rows_a.push(e.row);
            }
            if !partner.kept {
                rows_b.push(partner.row);
            }
        }
    }
    let mut found = Vec::new();
    for (month, mut rows) in [(a, rows_a), (b, rows_b)]
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
    {
        rows.sort_unstable();
        rows.dedup();
        found.extend(Read::of(month)?.payments(&rows, month));
    }
    Ok(found)
}
