//! Revenue against target for a fiscal year, by source, month or ward, with the
//! shortfall, and the rows behind each figure (each month's pinned version, filtered).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Collection, Records, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Source,
    Month,
    Ward,
}

impl By {
    pub const ALL: [Self; 3] = [Self::Source, Self::Month, Self::Ward];

    pub fn id(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Month => "month",
            Self::Ward => "ward",
        }
    }

    /// The dataset column that selects a row's records.
    pub fn column(self) -> &'static str {
        match self {
            Self::Source => "source_code",
            Self::Month => "month",
            Self::Ward => "ward",
        }
    }

    fn key(self, c: &Collection) -> (&str, &str) {
        match self {
            Self::Source => (&c.source_code, &c.source_name),
            Self::Month => (&c.month, ""),
            Self::Ward => (&c.ward, ""),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Line {
    pub code: String,
    pub name: String,
    pub target: f64,
    pub collected: f64,
    /// Each month's version behind the line, with how many rows it holds.
    pub behind: Vec<(Source, usize)>,
}

impl Line {
    pub fn shortfall(&self) -> f64 {
        self.target - self.collected
    }

    pub fn rate(&self) -> Option<f64> {
        (self.target > 0.0).then(|| self.collected / self.target * 100.0)
    }
}

/// Fiscal years with revenue, latest first.
pub fn years(records: &Records) -> Vec<String> {
    super::latest_first(records.revenue.iter().map(|c| c.fiscal_year.as_str()))
}

/// The lines of a year by `by`, and their total.
pub fn table(records: &Records, fiscal_year: &str, by: By) -> (Vec<Line>, Line) {
    let mut lines: BTreeMap<&str, Line> = BTreeMap::new();
    let mut total = Line::default();
    let mut behind: BTreeMap<&str, BTreeMap<&Source, usize>> = BTreeMap::new();
    for c in records
        .revenue
        .iter()
        .filter(|c| c.fiscal_year == fiscal_year)
    {
        let (code, name) = by.key(c);
        let line = lines.entry(code).or_insert_with(|| Line {
            code: code.to_string(),
            name: name.to_string(),
            ..Line::default()
        });
        line.target += c.target;
        line.collected += c.collected;
        total.target += c.target;
        total.collected += c.collected;
        *behind
            .entry(code)
            .or_default()
            .entry(&c.source)
            .or_default() += 1;
    }
    for (code, sources) in behind {
        if let Some(line) = lines.get_mut(code) {
            line.behind = sources.into_iter().map(|(s, n)| (s.clone(), n)).collect();
        }
    }
    (lines.into_values().collect(), total)
}
