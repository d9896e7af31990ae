//! The payments the red flags look at, and only those: a month of ten million payments
//! is read once, lightly (date, payee, amount and a few tests per row), and a full
//! [`Payment`] is made only for rows some rule can use. Those are payments for a project,
//! capital payments without one, payments just under the tender threshold for procured
//! items, and payments that repeat a payee and amount within the duplicate window (found
//! in date order, across month boundaries). The rules that work on sums (the year-end
//! spike, spending above the budget line) read the months' aggregates instead.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{Array, AsArray, DictionaryArray, StringArray};
use arrow::datatypes::{Date32Type, Float64Type, Int32Type};
use arrow::record_batch::RecordBatch;
use chrono::{Days, NaiveDate};

use super::{Payment, Source, epoch_day, read_dictionaries};
use crate::protocol::Audit;

/// One month to read: its file, fiscal year and version.
#[derive(Debug, Clone)]
pub struct MonthFile {
    pub parquet: PathBuf,
    pub fiscal_year: Arc<str>,
    /// The month's first day: months are read in order.
    pub first_day: NaiveDate,
    pub source: Arc<Source>,
}

const TEXT: [&str; 8] = ["voucher_id", "payee", "org_unit_code", "org_unit", "economic_item", "economic_item_name", "ward", "project_id"];

/// A batch's text columns as dictionaries.
struct Columns<'a>([Option<&'a DictionaryArray<Int32Type>>; 8]);

impl<'a> Columns<'a> {
    fn of(batch: &'a RecordBatch) -> Self {
        Self(TEXT.map(|c| batch.column_by_name(c).and_then(|a| a.as_dictionary_opt::<Int32Type>())))
    }

    /// Column `k`'s text in row `i`; empty when null.
    fn get(&self, k: usize, i: usize) -> &'a str {
        match self.0[k] {
            Some(d) if d.is_valid(i) => d.values().as_any().downcast_ref::<StringArray>().map_or("", |v| v.value(d.keys().value(i) as usize)),
            _ => "",
        }
    }
}

fn full(columns: &Columns, i: usize, date: NaiveDate, amount: f64, month: &MonthFile) -> Payment {
    let at = |k: usize| -> Arc<str> { Arc::from(columns.get(k, i)) };
    Payment {
        date,
        voucher: at(0),
        payee: at(1),
        org_unit_code: at(2),
        org_unit: at(3),
        economic_item: at(4),
        economic_item_name: at(5),
        ward: at(6),
        project_id: at(7),
        amount,
        fiscal_year: month.fiscal_year.clone(),
        source: month.source.clone(),
    }
}

/// A payment seen lately, by payee and amount (in cents), for the duplicate window.
enum Seen {
    /// In the month being read: batch, row, and whether it is kept already.
    Here(usize, usize, bool),
    /// Carried from the month before, made whole, and whether it is kept already.
    Before(Box<Payment>, bool),
}

/// Payments seen within the duplicate window, by payee and amount in cents.
type Window = HashMap<(Arc<str>, i64), Vec<(NaiveDate, Seen)>>;

/// What a read of the months gives: the payments the rules can use, in date order, and
/// the date of the latest payment of all.
#[derive(Debug, Default)]
pub struct Loaded {
    pub kept: Vec<Payment>,
    pub latest: Option<NaiveDate>,
}

/// Reads the months (in any order; they are read in date order).
pub fn load(months: &[MonthFile], audit: &Audit) -> Result<Loaded, String> {
    let mut months: Vec<&MonthFile> = months.iter().collect();
    months.sort_by_key(|m| m.first_day);
    let floor = audit.procurement_threshold * (1.0 - audit.split_margin_share);
    let window = Days::new(audit.duplicate_window_days.max(0) as u64);
    let mut kept: Vec<Payment> = Vec::new();
    let mut carried: Window = HashMap::new();
    let mut latest: Option<NaiveDate> = None;
    for month in months {
        let batches = read_dictionaries(&month.parquet, &[&TEXT[..], &["payment_date", "amount"]].concat())?;
        let columns: Vec<Columns> = batches.iter().map(Columns::of).collect();
        // (date, batch, row, amount, payee, wanted by a rule other than duplicates)
        let mut rows: Vec<(NaiveDate, usize, usize, f64, Arc<str>, bool)> = Vec::new();
        for (b, batch) in batches.iter().enumerate() {
            let (Some(dates), Some(amounts)) = (batch.column_by_name("payment_date"), batch.column_by_name("amount")) else { continue };
            let (dates, amounts) = (dates.as_primitive::<Date32Type>(), amounts.as_primitive::<Float64Type>());
            let payees: Vec<Arc<str>> = columns[b].0[1].map(|d| d.values().as_string::<i32>().iter().map(|v| Arc::from(v.unwrap_or(""))).collect()).unwrap_or_default();
            for i in (0..batch.num_rows()).filter(|&i| dates.is_valid(i) && amounts.is_valid(i)) {
                let (item, project, amount) = (columns[b].get(4, i), columns[b].get(7, i), amounts.value(i));
                let wanted = !project.is_empty()
                    || (!audit.capital_item_prefix.is_empty() && item.starts_with(audit.capital_item_prefix.as_str()))
                    || (amount >= floor && amount < audit.procurement_threshold && audit.procurement_item_prefixes.iter().any(|p| item.starts_with(p.as_str())));
                let payee = columns[b].0[1].filter(|d| d.is_valid(i)).and_then(|d| payees.get(d.keys().value(i) as usize).cloned()).unwrap_or_else(|| Arc::from(""));
                rows.push((epoch_day(dates.value(i)), b, i, amount, payee, wanted));
            }
        }
        rows.sort_by_key(|r| r.0);
        latest = latest.max(rows.last().map(|r| r.0));
        let mut keep: Vec<bool> = rows.iter().map(|r| r.5).collect();
        let mut seen = std::mem::take(&mut carried);
        for (n, (date, b, i, amount, payee, _)) in rows.iter().enumerate() {
            let slot = seen.entry((payee.clone(), (amount * 100.0).round() as i64)).or_default();
            for (_, earlier) in slot.iter_mut().filter(|(when, _)| *when + window >= *date) {
                match earlier {
                    Seen::Here(_, _, marked) => *marked = true,
                    Seen::Before(payment, marked) => {
                        if !*marked {
                            kept.push((**payment).clone());
                            *marked = true;
                        }
                    }
                }
                keep[n] = true;
            }
            slot.push((*date, Seen::Here(*b, *i, false)));
        }
        // Rows marked as the earlier half of a pair are kept too.
        let marked: std::collections::HashSet<(usize, usize)> = seen.values().flatten().filter_map(|(_, s)| match s {
            Seen::Here(b, i, true) => Some((*b, *i)),
            _ => None,
        }).collect();
        let last = rows.last().map(|r| r.0);
        for (n, (date, b, i, amount, _, _)) in rows.iter().enumerate() {
            let keeping = keep[n] || marked.contains(&(*b, *i));
            if keeping {
                kept.push(full(&columns[*b], *i, *date, *amount, month));
            }
            // The last days of the month are carried, whole, for the next month's check.
            if last.is_some_and(|l| *date + window >= l) {
                carried.entry((rows[n].4.clone(), (amount * 100.0).round() as i64)).or_default().push((*date, Seen::Before(Box::new(full(&columns[*b], *i, *date, *amount, month)), keeping)));
            }
        }
    }
    kept.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.voucher.cmp(&b.voucher)));
    Ok(Loaded { kept, latest })
}
