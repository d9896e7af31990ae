//! Reporting periods and due dates.
//!
//! A periodic kind publishes one dataset per period: a month (`2025-09`), a calendar
//! quarter (`2025-Q3`) or a fiscal year (`2025-26` when the year starts in July, `2025`
//! when it is the calendar year). The text form is part of the dataset id and of URLs, so
//! it never changes.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often a kind is disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
    /// A living register: one dataset, a new version whenever it changes.
    OnChange,
}

impl Frequency {
    pub fn is_periodic(self) -> bool {
        self != Self::OnChange
    }
}

impl Frequency {
    /// In words, for people: `monthly`, `on change`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Annual => "annual",
            Self::OnChange => "on change",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// A fiscal year named by the calendar year it starts in.
    FiscalYear {
        start_year: i32,
        start_month: u32,
    },
}

impl Period {
    /// Parses the text form for a kind of the given frequency.
    pub fn parse(text: &str, frequency: Frequency, fy_start_month: u32) -> Result<Self, String> {
        let bad = |expected: &str| format!("period `{text}` is not {expected}");
        match frequency {
            Frequency::Monthly => {
                let (y, m) = text
                    .split_once('-')
                    .ok_or_else(|| bad("a month such as 2025-09"))?;
                let (year, month) = (y.parse().ok(), m.parse().ok());
                match (year, month) {
                    (Some(year), Some(month))
                        if y.len() == 4 && m.len() == 2 && (1..=12).contains(&month) =>
                    {
                        Ok(Self::Month { year, month })
                    }
                    _ => Err(bad("a month such as 2025-09")),
                }
            }
            Frequency::Quarterly => {
                let (y, q) = text
                    .split_once("-Q")
                    .ok_or_else(|| bad("a quarter such as 2025-Q3"))?;
                match (y.parse().ok(), q.parse().ok()) {
                    (Some(year), Some(quarter)) if y.len() == 4 && (1..=4).contains(&quarter) => {
                        Ok(Self::Quarter { year, quarter })
                    }
                    _ => Err(bad("a quarter such as 2025-Q3")),
                }
            }
            Frequency::Annual => {
                let example = fiscal_example(fy_start_month);
                let expected = format!("a fiscal year such as {example}");
                let start_year: i32 = text
                    .get(..4)
                    .and_then(|y| y.parse().ok())
                    .ok_or_else(|| bad(&expected))?;
                let period = Self::FiscalYear {
                    start_year,
                    start_month: fy_start_month,
                };
                if period.to_string() == text {
                    Ok(period)
                } else {
                    Err(bad(&expected))
                }
            }
            Frequency::OnChange => Err(format!(
                "period `{text}` given, but this kind is a living register with no periods"
            )),
        }
    }

    /// The period of a given frequency that contains a date.
    pub fn containing(date: NaiveDate, frequency: Frequency, fy_start_month: u32) -> Option<Self> {
        let (year, month) = (date.year(), date.month());
        match frequency {
            Frequency::Monthly => Some(Self::Month { year, month }),
            Frequency::Quarterly => Some(Self::Quarter {
                year,
                quarter: (month - 1) / 3 + 1,
            }),
            Frequency::Annual => {
                let start_year = if month >= fy_start_month {
                    year
                } else {
                    year - 1
                };
                Some(Self::FiscalYear {
                    start_year,
                    start_month: fy_start_month,
                })
            }
            Frequency::OnChange => None,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Self::Month { year, month } => (year, month),
            Self::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            Self::FiscalYear {
                start_year,
                start_month,
            } => (start_year, start_month),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("periods hold valid months")
    }

    /// The last day inside the period.
    pub fn last_day(self) -> NaiveDate {
        let months = match self {
            Self::Month { .. } => 1,
            Self::Quarter { .. } => 3,
            Self::FiscalYear { .. } => 12,
        };
        (self.first_day() + Months::new(months))
            .pred_opt()
            .expect("dates after year 1")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The next period of the same frequency.
    pub fn next(self) -> Self {
        match self {
            Self::Month { year, month: 12 } => Self::Month {
                year: year + 1,
                month: 1,
            },
            Self::Month { year, month } => Self::Month {
                year,
                month: month + 1,
            },
            Self::Quarter { year, quarter: 4 } => Self::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Self::Quarter { year, quarter } => Self::Quarter {
                year,
                quarter: quarter + 1,
            },
            Self::FiscalYear {
                start_year,
                start_month,
            } => Self::FiscalYear {
                start_year: start_year + 1,
                start_month,
            },
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Self::FiscalYear {
                start_year,
                start_month: 1,
            } => write!(f, "{start_year:04}"),
            Self::FiscalYear { start_year, .. } => {
                write!(f, "{start_year:04}-{:02}", (start_year + 1) % 100)
            }
        }
    }
}

fn fiscal_example(fy_start_month: u32) -> &'static str {
    if fy_start_month == 1 {
        "2025"
    } else {
        "2025-26"
    }
}

/// When a period's disclosure is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DueRule {
    /// A number of days after the last day of the period.
    DaysAfterPeriodEnd(u32),
    /// A number of days after the first day of the period (0: due the day it starts, as
    /// for an approved budget, which must be out when its fiscal year opens).
    DaysAfterPeriodStart(u32),
    /// The first of these month-day dates (`"10-31"`) that falls after the period ends, as
    /// for Kenyan county quarterly reports (31 Oct, 31 Jan, 30 Apr, 31 Jul).
    Dates(Vec<String>),
}

impl DueRule {
    /// Checks the rule's own form; the error says what is expected.
    pub fn check(&self) -> Result<(), String> {
        if let Self::Dates(dates) = self {
            if dates.is_empty() {
                return Err(
                    "`dates` lists no dates; give month-day dates such as \"10-31\"".into(),
                );
            }
            for d in dates {
                parse_month_day(d, 2024)?;
            }
        }
        Ok(())
    }

    /// The due date of a period's disclosure.
    pub fn due_date(&self, period: Period) -> NaiveDate {
        let end = period.last_day();
        match self {
            Self::DaysAfterPeriodEnd(days) => end + chrono::Days::new(u64::from(*days)),
            Self::DaysAfterPeriodStart(days) => {
                period.first_day() + chrono::Days::new(u64::from(*days))
            }
            Self::Dates(dates) => [end.year(), end.year() + 1]
                .into_iter()
                .flat_map(|year| {
                    dates
                        .iter()
                        .filter_map(move |d| parse_month_day(d, year).ok())
                })
                .filter(|d| *d > end)
                .min()
                .unwrap_or(end),
        }
    }
}

fn parse_month_day(text: &str, year: i32) -> Result<NaiveDate, String> {
    text.split_once('-')
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?))
        .ok_or_else(|| format!("due date `{text}` is not a month-day such as \"10-31\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_round_trip_through_their_text() {
        for (text, freq) in [
            ("2025-09", Frequency::Monthly),
            ("2025-Q3", Frequency::Quarterly),
            ("2025-26", Frequency::Annual),
        ] {
            assert_eq!(Period::parse(text, freq, 7).unwrap().to_string(), text);
        }
        assert_eq!(
            Period::parse("2025", Frequency::Annual, 1)
                .unwrap()
                .to_string(),
            "2025"
        );
        assert!(Period::parse("2025-13", Frequency::Monthly, 7).is_err());
        assert!(Period::parse("2025-27", Frequency::Annual, 7).is_err());
        assert!(Period::parse("2025", Frequency::Annual, 7).is_err());
    }

    #[test]
    fn a_july_fiscal_year_runs_to_the_end_of_june() {
        let fy = Period::containing(date(2026, 3, 15), Frequency::Annual, 7).unwrap();
        assert_eq!(fy.to_string(), "2025-26");
        assert_eq!(fy.first_day(), date(2025, 7, 1));
        assert_eq!(fy.last_day(), date(2026, 6, 30));
    }

    #[test]
    fn kenyan_quarterly_reports_fall_due_on_the_fixed_dates() {
        let rule = DueRule::Dates(
            ["10-31", "01-31", "04-30", "07-31"]
                .map(String::from)
                .to_vec(),
        );
        let q = |year, quarter| Period::Quarter { year, quarter };
        assert_eq!(rule.due_date(q(2025, 3)), date(2025, 10, 31));
        assert_eq!(rule.due_date(q(2025, 4)), date(2026, 1, 31));
        assert_eq!(rule.due_date(q(2026, 1)), date(2026, 4, 30));
        assert_eq!(rule.due_date(q(2026, 2)), date(2026, 7, 31));
    }

    #[test]
    fn monthly_disclosures_fall_due_days_after_the_month_ends() {
        let rule = DueRule::DaysAfterPeriodEnd(30);
        assert_eq!(
            rule.due_date(Period::Month {
                year: 2025,
                month: 9
            }),
            date(2025, 10, 30)
        );
    }
}
