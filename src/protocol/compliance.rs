//! Compliance: every disclosure the protocol requires, period by period, and whether it
//! was published on time, late, not at all, or is not yet due.
//!
//! Pure logic over the protocol and the dates each dataset was first published; the
//! caller reads those from the ledger.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Period, Protocol};

/// One required disclosure.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    pub kind: String,
    pub office: String,
    pub period: String,
    pub dataset: String,
    pub due: NaiveDate,
    #[serde(flatten)]
    pub status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    OnTime {
        published: NaiveDate,
    },
    Late {
        published: NaiveDate,
        days_late: i64,
    },
    Missing {
        days_overdue: i64,
    },
    NotYetDue,
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Self::OnTime { .. } => "on time",
            Self::Late { .. } => "late",
            Self::Missing { .. } => "missing",
            Self::NotYetDue => "not yet due",
        }
    }
}

/// Assesses every periodic kind from the period containing `from` to the last period that
/// has begun by `as_of`. `first_published` maps a dataset id to the day its first version
/// was published.
pub fn assess(
    protocol: &Protocol,
    first_published: &HashMap<String, NaiveDate>,
    from: NaiveDate,
    as_of: NaiveDate,
) -> Vec<Obligation> {
    let fy = protocol.jurisdiction.fiscal_year_start_month;
    let mut out = Vec::new();
    for kind in protocol.kinds.values().filter(|k| k.is_periodic()) {
        let Some(rule) = &kind.spec.due else { continue };
        let Some(mut period) = Period::containing(from, kind.spec.frequency, fy) else {
            continue;
        };
        while period.first_day() <= as_of {
            let dataset = kind.dataset_id(Some(period));
            let due = rule.due_date(period);
            let status = match first_published.get(&dataset) {
                Some(&published) if published <= due => Status::OnTime { published },
                Some(&published) => Status::Late {
                    published,
                    days_late: (published - due).num_days(),
                },
                None if as_of > due => Status::Missing {
                    days_overdue: (as_of - due).num_days(),
                },
                None => Status::NotYetDue,
            };
            out.push(Obligation {
                kind: kind.name.clone(),
                office: kind.spec.office.clone(),
                period: period.to_string(),
                dataset,
                due,
                status,
            });
            period = period.next();
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.kind.cmp(&b.kind)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol() -> Protocol {
        Protocol::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol")).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_period_is_on_time_late_missing_or_not_yet_due() {
        let published: HashMap<String, NaiveDate> = [
            ("expenditure-2025-07".to_string(), d(2025, 8, 20)),
            ("expenditure-2025-08".to_string(), d(2025, 10, 20)),
        ]
        .into();
        let all = assess(&protocol(), &published, d(2025, 7, 1), d(2025, 10, 15));
        let status = |ds: &str| {
            all.iter()
                .find(|o| o.dataset == ds)
                .map(|o| o.status)
                .unwrap()
        };
        assert_eq!(
            status("expenditure-2025-07"),
            Status::OnTime {
                published: d(2025, 8, 20)
            }
        );
        assert_eq!(
            status("expenditure-2025-08"),
            Status::Late {
                published: d(2025, 10, 20),
                days_late: 20
            }
        );
        assert_eq!(status("expenditure-2025-09"), Status::NotYetDue);
        assert_eq!(
            status("budget-2025-26"),
            Status::Missing { days_overdue: 106 }
        );
        assert_eq!(status("service_requests-2025-Q3"), Status::NotYetDue);
        assert!(
            all.iter().all(|o| o.dataset != "expenditure-2025-11"),
            "periods not begun are not listed"
        );
        assert!(
            all.iter().all(|o| o.kind != "projects"),
            "living registers have no periods"
        );
    }
}
