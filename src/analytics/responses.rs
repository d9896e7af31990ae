//! Response times to citizens' reports, computed from the published `feedback` datasets
//! (the head version of each month), never from the state database: every figure on
//! `/services` can be traced to the versions it came from, and reads the same to anyone
//! who downloads them.
//!
//! Per office or per category, and for the whole year: how many reports, the median and
//! 90th percentile days to acknowledge and to resolve (nearest rank, as [`super::services`]),
//! the share acknowledged and resolved within the category's service standard, and how
//! many were still open, and open past the standard, on the date each month's data gives
//! its status (`status_as_of`). A later version of a month restates these.
//!
//! What counts: reports that entered the public workflow. Reports still waiting for a
//! moderator or rejected by one are not answered by an office, and a duplicate is answered
//! through the report it duplicates, so none of these is counted.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::Source;
use super::services::quantile;

/// One published report, as the response times need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub reference: String,
    pub category: String,
    pub office: String,
    pub status: String,
    pub received: NaiveDate,
    /// The fiscal year of `received`, e.g. `2025-26`.
    pub fiscal_year: String,
    /// The date the row's status and times were taken.
    pub status_as_of: NaiveDate,
    pub days_to_acknowledge: Option<f64>,
    pub days_to_resolve: Option<f64>,
    pub acknowledge_standard_days: Option<f64>,
    pub resolve_standard_days: Option<f64>,
    /// As published: whether acknowledged within the standard; empty while not yet due.
    pub acknowledged_within_standard: Option<bool>,
    pub resolved_within_standard: Option<bool>,
    pub source: Arc<Source>,
}

impl Reply {
    /// Whether the row counts: it entered the public workflow and is not a duplicate.
    pub fn counts(&self) -> bool {
        !matches!(
            self.status.as_str(),
            "submitted" | "rejected" | "duplicate" | ""
        )
    }

    /// Still waiting for the office on `status_as_of`.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status.as_str(),
            "open" | "acknowledged" | "in_progress" | "reopened"
        )
    }

    /// Open on `status_as_of` and past the days to resolve of its standard.
    pub fn is_overdue(&self) -> bool {
        self.is_open()
            && self.resolve_standard_days.is_some_and(|standard| {
                ((self.status_as_of - self.received).num_days() as f64) > standard
            })
    }

    /// Acknowledged within the standard: the published flag, else judged from the days
    /// and the standard (`None` while it cannot be judged yet).
    fn acknowledged_within(&self) -> Option<bool> {
        self.acknowledged_within_standard.or_else(|| {
            judged(
                self.days_to_acknowledge,
                self.acknowledge_standard_days,
                self,
            )
        })
    }

    fn resolved_within(&self) -> Option<bool> {
        self.resolved_within_standard
            .or_else(|| judged(self.days_to_resolve, self.resolve_standard_days, self))
    }
}

/// Within a standard: done within it; not done and past it; otherwise not yet known.
fn judged(days: Option<f64>, standard: Option<f64>, r: &Reply) -> Option<bool> {
    let standard = standard?;
    match days {
        Some(d) => Some(d <= standard),
        None => ((r.status_as_of - r.received).num_days() as f64 > standard).then_some(false),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Office,
    Category,
}

impl By {
    pub const ALL: [Self; 2] = [Self::Office, Self::Category];

    /// The grouping's name, which is also the published column it groups on.
    pub fn id(self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Category => "category",
        }
    }

    fn key(self, r: &Reply) -> &str {
        match self {
            Self::Office => &r.office,
            Self::Category => &r.category,
        }
    }
}

/// The response times of one office, one category, or all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Line {
    pub key: String,
    pub reports: usize,
    pub acknowledged: usize,
    pub resolved: usize,
    pub open: usize,
    pub overdue: usize,
    pub median_acknowledge_days: Option<f64>,
    pub p90_acknowledge_days: Option<f64>,
    pub median_resolve_days: Option<f64>,
    pub p90_resolve_days: Option<f64>,
    /// Reports whose acknowledgement can be judged against the standard, and how many
    /// met it.
    pub acknowledge_judged: usize,
    pub acknowledged_within: usize,
    pub resolve_judged: usize,
    pub resolved_within: usize,
    /// The versions the line was computed from.
    pub sources: BTreeSet<Source>,
}

impl Line {
    /// Share acknowledged within the standard, in percent, of those that can be judged.
    pub fn acknowledged_share(&self) -> Option<f64> {
        share(self.acknowledged_within, self.acknowledge_judged)
    }

    /// Share resolved within the standard, in percent, of those that can be judged.
    pub fn resolved_share(&self) -> Option<f64> {
        share(self.resolved_within, self.resolve_judged)
    }
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

fn line(key: String, rows: &[&Reply]) -> Line {
    let mut out = Line {
        key,
        ..Line::default()
    };
    let (mut ack, mut res) = (Vec::new(), Vec::new());
    for r in rows.iter().filter(|r| r.counts()) {
        out.reports += 1;
        out.sources.insert((*r.source).clone());
        if let Some(d) = r.days_to_acknowledge {
            out.acknowledged += 1;
            ack.push(d);
        }
        if let Some(d) = r.days_to_resolve {
            out.resolved += 1;
            res.push(d);
        }
        if r.is_open() {
            out.open += 1;
        }
        if r.is_overdue() {
            out.overdue += 1;
        }
        if let Some(within) = r.acknowledged_within() {
            out.acknowledge_judged += 1;
            out.acknowledged_within += usize::from(within);
        }
        if let Some(within) = r.resolved_within() {
            out.resolve_judged += 1;
            out.resolved_within += usize::from(within);
        }
    }
    ack.sort_by(f64::total_cmp);
    res.sort_by(f64::total_cmp);
    out.median_acknowledge_days = quantile(&ack, 0.5);
    out.p90_acknowledge_days = quantile(&ack, 0.9);
    out.median_resolve_days = quantile(&res, 0.5);
    out.p90_resolve_days = quantile(&res, 0.9);
    out
}

/// Fiscal years with reports (by the day received), latest first.
pub fn years(rows: &[Reply]) -> Vec<String> {
    super::latest_first(rows.iter().map(|r| r.fiscal_year.as_str()))
}

/// The lines of a fiscal year by `by` (in code order), and the whole year.
pub fn table(rows: &[Reply], fiscal_year: &str, by: By) -> (Vec<Line>, Line) {
    let year: Vec<&Reply> = rows
        .iter()
        .filter(|r| r.fiscal_year == fiscal_year)
        .collect();
    let mut groups: BTreeMap<&str, Vec<&Reply>> = BTreeMap::new();
    for r in year.iter().filter(|r| r.counts()) {
        groups.entry(by.key(r)).or_default().push(r);
    }
    let lines = groups
        .into_iter()
        .map(|(k, rs)| line(k.to_string(), &rs))
        .collect();
    (lines, line(String::new(), &year))
}

/// The earliest and latest dates the statuses of a year's rows were taken on (each month
/// as its head version states it: its due date, or the date of a restatement).
pub fn as_of(rows: &[Reply], fiscal_year: &str) -> Option<(NaiveDate, NaiveDate)> {
    let dates = rows
        .iter()
        .filter(|r| r.fiscal_year == fiscal_year)
        .map(|r| r.status_as_of);
    Some((dates.clone().min()?, dates.max()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn source(dataset: &str, version: u32) -> Arc<Source> {
        Arc::new(Source {
            dataset: dataset.into(),
            version,
            hash: format!("h{version}"),
        })
    }

    /// A resolved report of `category`/`office` with its days; standards 3 and 30.
    fn reply(category: &str, office: &str, ack: Option<f64>, res: Option<f64>) -> Reply {
        Reply {
            reference: String::new(),
            category: category.into(),
            office: office.into(),
            status: if res.is_some() {
                "resolved"
            } else if ack.is_some() {
                "acknowledged"
            } else {
                "open"
            }
            .into(),
            received: d("2025-08-01"),
            fiscal_year: "2025-26".into(),
            status_as_of: d("2025-09-15"),
            days_to_acknowledge: ack,
            days_to_resolve: res,
            acknowledge_standard_days: Some(3.0),
            resolve_standard_days: Some(30.0),
            acknowledged_within_standard: None,
            resolved_within_standard: None,
            source: source("feedback-2025-08", 1),
        }
    }

    #[test]
    fn median_and_90th_percentile_are_nearest_rank() {
        // Days to resolve 1..=10: the median is the 5th value, the 90th percentile the 9th.
        let rows: Vec<Reply> = (1..=10)
            .map(|n| reply("refuse", "water", Some(1.0), Some(f64::from(n))))
            .collect();
        let (lines, total) = table(&rows, "2025-26", By::Office);
        assert_eq!(lines.len(), 1);
        assert_eq!(total.reports, 10);
        assert_eq!(total.median_resolve_days, Some(5.0));
        assert_eq!(total.p90_resolve_days, Some(9.0));
        assert_eq!(total.median_acknowledge_days, Some(1.0));
        // Three values: median the 2nd, 90th percentile the 3rd (rank ceil(2.7) = 3).
        let rows = vec![
            reply("refuse", "water", Some(4.0), None),
            reply("refuse", "water", Some(0.5), None),
            reply("refuse", "water", Some(2.0), None),
        ];
        let (_, total) = table(&rows, "2025-26", By::Category);
        assert_eq!(total.median_acknowledge_days, Some(2.0));
        assert_eq!(total.p90_acknowledge_days, Some(4.0));
        assert_eq!(total.median_resolve_days, None);
    }

    #[test]
    fn shares_within_standard_count_the_late_ones_still_open() {
        let mut late_open = reply("works-stalled", "roads", None, None);
        // Received 2025-08-01, status taken 2025-09-15: 45 days, past both standards.
        late_open.status = "open".into();
        let rows = vec![
            reply("works-stalled", "roads", Some(2.0), Some(10.0)), // both within
            reply("works-stalled", "roads", Some(5.0), Some(40.0)), // both late
            reply("works-stalled", "roads", Some(3.0), Some(30.0)), // on the day: within
            late_open,
        ];
        let (_, total) = table(&rows, "2025-26", By::Office);
        assert_eq!(total.reports, 4);
        assert_eq!(
            (total.acknowledged_within, total.acknowledge_judged),
            (2, 4)
        );
        assert_eq!(total.acknowledged_share(), Some(50.0));
        assert_eq!((total.resolved_within, total.resolve_judged), (2, 4));
        assert_eq!((total.open, total.overdue), (1, 1));
    }

    #[test]
    fn published_flags_win_over_the_days_and_pending_reports_are_not_judged() {
        // Acknowledged on day 5 of a 3-day standard, yet published as within it.
        let mut flagged = reply("refuse", "water", Some(5.0), None);
        flagged.received = d("2025-09-10");
        flagged.acknowledged_within_standard = Some(true);
        let mut young = reply("refuse", "water", None, None);
        young.received = d("2025-09-14");
        let rows = vec![flagged, young];
        let (_, total) = table(&rows, "2025-26", By::Office);
        assert_eq!(total.acknowledged_share(), Some(100.0));
        assert_eq!(
            total.acknowledge_judged, 1,
            "a report one day old is not late yet"
        );
        assert_eq!(total.resolve_judged, 0);
        assert_eq!(total.resolved_share(), None);
        assert_eq!((total.open, total.overdue), (2, 0));
    }

    #[test]
    fn lines_group_by_office_or_category_and_keep_their_versions() {
        let mut other = reply("water-supply", "water", Some(1.0), Some(2.0));
        other.source = source("feedback-2025-09", 2);
        let rows = vec![
            reply("refuse", "water", Some(1.0), Some(3.0)),
            other,
            reply("works-stalled", "roads", Some(9.0), None),
        ];
        let (by_office, _) = table(&rows, "2025-26", By::Office);
        let keys: Vec<&str> = by_office.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["roads", "water"]);
        assert_eq!(by_office[1].reports, 2);
        assert_eq!(
            by_office[1]
                .sources
                .iter()
                .map(|s| (s.dataset.as_str(), s.version))
                .collect::<Vec<_>>(),
            [("feedback-2025-08", 1), ("feedback-2025-09", 2)]
        );
        let (by_category, total) = table(&rows, "2025-26", By::Category);
        assert_eq!(by_category.len(), 3);
        assert_eq!(total.reports, 3);
        assert_eq!(years(&rows), ["2025-26"]);
        assert_eq!(
            as_of(&rows, "2025-26"),
            Some((d("2025-09-15"), d("2025-09-15")))
        );
    }

    #[test]
    fn rejected_unmoderated_and_duplicate_reports_are_not_counted() {
        let mut rows = vec![reply("refuse", "water", Some(1.0), Some(2.0))];
        for status in ["rejected", "submitted", "duplicate"] {
            let mut r = reply("refuse", "water", None, None);
            r.status = status.into();
            rows.push(r);
        }
        let (lines, total) = table(&rows, "2025-26", By::Category);
        assert_eq!(total.reports, 1);
        assert_eq!(lines.len(), 1);
        assert_eq!((total.open, total.overdue), (0, 0));
    }

    #[test]
    fn an_empty_year_has_no_lines_and_no_figures() {
        let (lines, total) = table(&[], "2025-26", By::Office);
        assert!(lines.is_empty());
        assert_eq!(total.reports, 0);
        assert_eq!(total.median_acknowledge_days, None);
        assert_eq!(total.p90_resolve_days, None);
        assert_eq!(total.acknowledged_share(), None);
        assert!(years(&[]).is_empty());
        assert_eq!(as_of(&[], "2025-26"), None);
        let rows = vec![reply("refuse", "water", Some(1.0), None)];
        assert!(table(&rows, "2024-25", By::Office).0.is_empty());
    }
}
