//! Service delivery: how long requests take to be decided, per service, ward or month
//! of receipt (median, 90th percentile, and the share decided within the service
//! charter's standard), with the requests still pending.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Records, Request, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Service,
    Ward,
    Month,
}

impl By {
    pub const ALL: [Self; 3] = [Self::Service, Self::Ward, Self::Month];

    pub fn id(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Ward => "ward",
            Self::Month => "month",
        }
    }

    fn key(self, r: &Request) -> String {
        match self {
            Self::Service => r.service.clone(),
            Self::Ward => r.ward.clone(),
            Self::Month => format!("{}-{:02}", r.received.year(), r.received.month()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Line {
    pub key: String,
    pub requests: usize,
    pub decided: usize,
    pub pending: usize,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Decided requests of services with a standard, and how many met it.
    pub with_standard: usize,
    pub within_standard: usize,
    pub sources: BTreeSet<Source>,
}

impl Line {
    /// Share of decided requests (with a standard) decided within it, in percent.
    pub fn within_share(&self) -> Option<f64> {
        (self.with_standard > 0)
            .then(|| self.within_standard as f64 / self.with_standard as f64 * 100.0)
    }
}

/// The `q` quantile of sorted values (nearest rank).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Fiscal years with requests (by the day received), latest first.
pub fn years(records: &Records) -> Vec<String> {
    super::latest_first(records.requests.iter().map(|r| r.fiscal_year.as_str()))
}

fn line(key: String, requests: &[&Request], standards: &BTreeMap<String, u32>) -> Line {
    let mut days: Vec<f64> = Vec::new();
    let mut out = Line {
        key,
        requests: requests.len(),
        ..Line::default()
    };
    for r in requests {
        out.sources.insert((*r.source).clone());
        let Some(decided) = r.decided else {
            out.pending += 1;
            continue;
        };
        let taken = (decided - r.received).num_days() as f64;
        days.push(taken);
        out.decided += 1;
        if let Some(standard) = standards.get(&r.service) {
            out.with_standard += 1;
            if taken <= f64::from(*standard) {
                out.within_standard += 1;
            }
        }
    }
    days.sort_by(f64::total_cmp);
    out.median_days = quantile(&days, 0.5);
    out.p90_days = quantile(&days, 0.9);
    out
}

/// The lines of a year by `by`, and the whole year.
pub fn table(
    records: &Records,
    fiscal_year: &str,
    by: By,
    standards: &BTreeMap<String, u32>,
) -> (Vec<Line>, Line) {
    let year: Vec<&Request> = records
        .requests
        .iter()
        .filter(|r| r.fiscal_year == fiscal_year)
        .collect();
    let mut groups: BTreeMap<String, Vec<&Request>> = BTreeMap::new();
    for r in &year {
        groups.entry(by.key(r)).or_default().push(r);
    }
    let lines = groups
        .into_iter()
        .map(|(k, rs)| line(k, &rs, standards))
        .collect();
    (lines, line(String::new(), &year, standards))
}

/// The day the requests run to (the latest decision or receipt).
pub fn as_of(records: &Records) -> Option<NaiveDate> {
    records
        .requests
        .iter()
        .map(|r| r.decided.unwrap_or(r.received))
        .max()
}
