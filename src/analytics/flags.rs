//! Red flags: patterns in the published records that a forum member should go and look
//! at. A flag is not a finding of wrongdoing; it names its rule, its figures, the rows it
//! rests on (as links to the pinned dataset versions, filtered to exactly those rows) and
//! the versions. Thresholds come from the protocol's `[audit]` table.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::spend::Spend;
use super::{Payment, Records, Source};
use crate::protocol::Audit;

/// The rules, in the order `/audit/flags` explains them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    PaymentsAheadOfProgress,
    Overdue,
    CostOverrun,
    PaidBeyondContract,
    NoInspectionWhilePaying,
    CapitalWithoutProject,
    DuplicatePayment,
    SplitPayments,
    YearEndSpike,
    AboveBudgetLine,
    ContractorConcentration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Self; 3] = [Self::High, Self::Medium, Self::Low];

    pub fn id(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

impl Rule {
    pub const ALL: [Self; 11] = [
        Self::PaymentsAheadOfProgress,
        Self::Overdue,
        Self::CostOverrun,
        Self::PaidBeyondContract,
        Self::NoInspectionWhilePaying,
        Self::CapitalWithoutProject,
        Self::DuplicatePayment,
        Self::SplitPayments,
        Self::YearEndSpike,
        Self::AboveBudgetLine,
        Self::ContractorConcentration,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::PaymentsAheadOfProgress => "payments_ahead_of_progress",
            Self::Overdue => "overdue",
            Self::CostOverrun => "cost_overrun",
            Self::PaidBeyondContract => "paid_beyond_contract",
            Self::NoInspectionWhilePaying => "no_inspection_while_paying",
            Self::CapitalWithoutProject => "capital_without_project",
            Self::DuplicatePayment => "duplicate_payment",
            Self::SplitPayments => "split_payments",
            Self::YearEndSpike => "year_end_spike",
            Self::AboveBudgetLine => "above_budget_line",
            Self::ContractorConcentration => "contractor_concentration",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::PaymentsAheadOfProgress => "Payments ahead of physical progress",
            Self::Overdue => "Overdue project",
            Self::CostOverrun => "Cost overrun",
            Self::PaidBeyondContract => "Paid beyond the contract value",
            Self::NoInspectionWhilePaying => "Payments without a recent inspection",
            Self::CapitalWithoutProject => "Capital spending not linked to a project",
            Self::DuplicatePayment => "Possible duplicate payment",
            Self::SplitPayments => "Payments split under the tender threshold",
            Self::YearEndSpike => "Year-end spending spike",
            Self::AboveBudgetLine => "Spending above the budget line",
            Self::ContractorConcentration => "Contractor concentration",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Self::PaymentsAheadOfProgress
            | Self::PaidBeyondContract
            | Self::DuplicatePayment
            | Self::SplitPayments => Severity::High,
            Self::Overdue
            | Self::CostOverrun
            | Self::NoInspectionWhilePaying
            | Self::CapitalWithoutProject
            | Self::AboveBudgetLine => Severity::Medium,
            Self::YearEndSpike | Self::ContractorConcentration => Severity::Low,
        }
    }

    /// What the rule checks and what to do about it, in plain words, with the protocol's
    /// thresholds filled in.
    pub fn explain(self, a: &Audit) -> String {
        match self {
            Self::PaymentsAheadOfProgress => format!(
                "The share of the contract paid is more than {} percentage points ahead of the physical progress the last inspection found. Contractors are paid for work done; paying ahead of it leaves the county exposed if the work stops. On site: does the work look as far along as the money paid?",
                a.ahead_of_progress_points
            ),
            Self::Overdue => format!(
                "Works under way are past their planned end by more than {} days and not complete. Ask the works office why, and whether the contract was extended.",
                a.overdue_grace_days
            ),
            Self::CostOverrun => format!(
                "The current contract value is more than {:.0}% above the original. Variations must be approved and justified; ask to see them.",
                a.cost_overrun_share * 100.0
            ),
            Self::PaidBeyondContract => format!(
                "More has been paid than the current contract value (by more than {:.0}%). Either a variation is missing from the register or the contractor was overpaid.",
                a.paid_beyond_contract_share * 100.0
            ),
            Self::NoInspectionWhilePaying => format!(
                "A payment was made more than {} days after the last site inspection. Payments should follow inspections that certify the work.",
                a.inspection_gap_days
            ),
            Self::CapitalWithoutProject => format!(
                "A payment from a capital item (economic items starting {}) names no project, so no one can check what it bought or where.",
                a.capital_item_prefix
            ),
            Self::DuplicatePayment => format!(
                "The same payee was paid the same amount twice within {} days, under different vouchers. It may be a genuine repeat; it may be paid twice.",
                a.duplicate_window_days
            ),
            Self::SplitPayments => format!(
                "At least {} payments to one payee for goods, services or assets (economic items starting {}) within {} days, each just under the tender threshold of {:.0} (by less than {:.0}%). Splitting one purchase avoids open tender.",
                a.split_min_payments,
                a.procurement_item_prefixes.join(" or "),
                a.split_window_days,
                a.procurement_threshold,
                a.split_margin_share * 100.0
            ),
            Self::YearEndSpike => format!(
                "An office paid at least {} times its median month in the last month of the fiscal year, counting payments not tied to a project (those follow certified works): money rushed out before the year closes is often poorly spent.",
                a.year_end_spike_ratio
            ),
            Self::AboveBudgetLine => format!(
                "An office spent more on a budget line in the fiscal year than its latest budget (by more than {:.0}%) allows, without a supplementary budget to cover it.",
                a.budget_line_tolerance_share * 100.0
            ),
            Self::ContractorConcentration => format!(
                "One contractor holds at least {:.0}% of a sector's contracts (and at least {}). It may be the only capable firm; it may be favoured.",
                a.concentration_share * 100.0,
                a.concentration_min_contracts
            ),
        }
    }
}

/// Rows a flag rests on: a dataset version filtered to exactly them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub dataset: String,
    pub version: u32,
    /// The version's ledger hash.
    pub hash: String,
    /// Column filters in the row-query syntax (`=text` exact, `a..b` a range), all of which
    /// a row must pass.
    pub filters: Vec<(String, String)>,
    pub rows: usize,
}

impl Evidence {
    fn new(source: &Source, filters: &[(&str, String)], rows: usize) -> Self {
        Self {
            dataset: source.dataset.clone(),
            version: source.version,
            hash: source.hash.clone(),
            filters: filters
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
            rows,
        }
    }

    /// The pinned version page, filtered to the rows.
    pub fn url(&self) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.filters.iter())
            .finish();
        format!("/datasets/{}/v/{}?{query}", self.dataset, self.version)
    }
}

/// One raised flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub rule: Rule,
    pub severity: Severity,
    /// What it is about: a project id, a payee, an office.
    pub subject: String,
    pub project: Option<String>,
    pub ward: Option<String>,
    /// The organisational unit (office) concerned.
    pub office: Option<String>,
    /// One sentence with the figures.
    pub summary: String,
    pub figures: Vec<(String, String)>,
    pub evidence: Vec<Evidence>,
}

fn exact(value: &str) -> String {
    format!("={value}")
}

fn money(v: f64) -> String {
    crate::format::number(v.round())
}

/// The kinds of dataset the rules read: [`Records::load`] of only these is enough.
pub const KINDS: [&str; 4] = ["projects", "project_progress", "expenditure", "budget"];

/// Every flag the records raise, as of `as_of` (for overdue projects), sorted by
/// severity, rule and subject.
pub fn find(records: &Records, audit: &Audit, as_of: NaiveDate) -> Vec<Flag> {
    let mut flags = Vec::new();
    project_flags(records, audit, as_of, &mut flags);
    payment_flags(records, audit, &mut flags);
    budget_flags(records, audit, &mut flags);
    concentration(records, audit, &mut flags);
    flags.sort_by(|a, b| (a.severity, a.rule, &a.subject).cmp(&(b.severity, b.rule, &b.subject)));
    flags
}

/// Evidence of a project's payments: each month's version filtered to the project.
fn project_payments(payments: &[&Payment], id: &str) -> Vec<Evidence> {
    let mut by_source: BTreeMap<&Source, usize> = BTreeMap::new();
    for p in payments {
        *by_source.entry(&p.source).or_default() += 1;
    }
    by_source
        .into_iter()
        .map(|(s, n)| Evidence::new(s, &[("project_id", exact(id))], n))
        .collect()
}

fn project_flags(records: &Records, audit: &Audit, as_of: NaiveDate, flags: &mut Vec<Flag>) {
    let mut paid: HashMap<&str, Vec<&Payment>> = HashMap::new();
    for p in records.payments.iter().filter(|p| !p.project_id.is_empty()) {
        paid.entry(&p.project_id).or_default().push(p);
    }
    let no_payments = Vec::new();
    for project in &records.projects {
        let payments = paid.get(project.id.as_str()).unwrap_or(&no_payments);
        let total: f64 = payments.iter().map(|p| p.amount).sum();
        let inspections = records
            .inspections
            .get(&project.id)
            .map_or(&[][..], Vec::as_slice);
        let progress = inspections.last().map_or(0.0, |i| i.progress);
        let complete =
            project.actual_end.is_some() || project.status == "completion" || progress >= 100.0;
        let evidence_payments = || project_payments(payments, &project.id);
        let inspection_evidence = || {
            records
                .inspections_source
                .as_ref()
                .map(|s| Evidence::new(s, &[("project_id", exact(&project.id))], inspections.len()))
                .into_iter()
                .collect::<Vec<_>>()
        };
        let register = || {
            records
                .projects_source
                .as_ref()
                .map(|s| Evidence::new(s, &[("id", exact(&project.id))], 1))
                .into_iter()
                .collect::<Vec<_>>()
        };
        let mut raise =
            |rule: Rule, summary: String, figures: Vec<(&str, String)>, evidence: Vec<Evidence>| {
                flags.push(Flag {
                    rule,
                    severity: rule.severity(),
                    subject: project.id.clone(),
                    project: Some(project.id.clone()),
                    ward: Some(project.ward.clone()).filter(|w| !w.is_empty()),
                    office: Some(project.office.clone()).filter(|o| !o.is_empty()),
                    summary,
                    figures: figures
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                    evidence,
                });
            };
        if let Some(value) = project.value_current.filter(|v| *v > 0.0) {
            let share = total / value * 100.0;
            if !payments.is_empty() && share > progress + audit.ahead_of_progress_points {
                let evidence = [evidence_payments(), inspection_evidence()].concat();
                raise(
                    Rule::PaymentsAheadOfProgress,
                    format!(
                        "{} paid {share:.0}% of its contract while the last inspection found {progress:.0}% of the work done.",
                        project.title
                    ),
                    vec![
                        ("Paid", money(total)),
                        ("Contract value", money(value)),
                        ("Paid share", format!("{share:.0}%")),
                        ("Physical progress", format!("{progress:.0}%")),
                    ],
                    evidence,
                );
            }
            if total > value * (1.0 + audit.paid_beyond_contract_share) {
                raise(
                    Rule::PaidBeyondContract,
                    format!(
                        "{} has been paid {} against a contract of {}.",
                        project.title,
                        money(total),
                        money(value)
                    ),
                    vec![
                        ("Paid", money(total)),
                        ("Contract value", money(value)),
                        ("Excess", money(total - value)),
                    ],
                    [evidence_payments(), register()].concat(),
                );
            }
            if let Some(original) = project
                .value_original
                .filter(|o| *o > 0.0 && value > *o * (1.0 + audit.cost_overrun_share))
            {
                raise(
                    Rule::CostOverrun,
                    format!(
                        "{}'s contract grew from {} to {} ({:+.0}%).",
                        project.title,
                        money(original),
                        money(value),
                        (value / original - 1.0) * 100.0
                    ),
                    vec![
                        ("Original", money(original)),
                        ("Current", money(value)),
                        (
                            "Increase",
                            format!("{:+.0}%", (value / original - 1.0) * 100.0),
                        ),
                    ],
                    register(),
                );
            }
        }
        // Only works under way can be overdue; one never started is not late but stuck.
        let started = project.actual_start.is_some()
            || matches!(project.status.as_str(), "implementation" | "suspended")
            || !inspections.is_empty();
        if let Some(end) = project.planned_end
            && started
            && !complete
        {
            let late = (as_of - end).num_days();
            if late > audit.overdue_grace_days {
                raise(
                    Rule::Overdue,
                    format!(
                        "{} was due to finish on {end} and is not complete {late} days later (last inspection: {progress:.0}%).",
                        project.title
                    ),
                    vec![
                        ("Planned end", end.to_string()),
                        ("Days overdue", late.to_string()),
                        ("Physical progress", format!("{progress:.0}%")),
                    ],
                    [register(), inspection_evidence()].concat(),
                );
            }
        }
        // Payments made long after the last inspection before them.
        let gaps: Vec<(&Payment, Option<NaiveDate>)> = payments
            .iter()
            .map(|p| {
                (
                    *p,
                    inspections
                        .iter()
                        .rev()
                        .find(|i| i.date <= p.date)
                        .map(|i| i.date),
                )
            })
            .filter(|(p, last)| match last {
                Some(d) => (p.date - *d).num_days() > audit.inspection_gap_days,
                None => true,
            })
            .collect();
        if !gaps.is_empty() && !inspections.is_empty() {
            let gap_total: f64 = gaps.iter().map(|(p, _)| p.amount).sum();
            let last = inspections.last().map(|i| i.date);
            let longest = gaps
                .iter()
                .filter_map(|(p, d)| d.map(|d| (p.date - d).num_days()))
                .max()
                .unwrap_or(0);
            raise(
                Rule::NoInspectionWhilePaying,
                format!(
                    "{} received {} payments ({}) more than {} days after an inspection; the longest gap is {longest} days.",
                    project.title,
                    gaps.len(),
                    money(gap_total),
                    audit.inspection_gap_days
                ),
                vec![
                    ("Payments", gaps.len().to_string()),
                    ("Amount", money(gap_total)),
                    ("Longest gap (days)", longest.to_string()),
                    (
                        "Last inspection",
                        last.map(|d| d.to_string()).unwrap_or_default(),
                    ),
                ],
                [evidence_payments(), inspection_evidence()].concat(),
            );
        }
    }
}

/// One office's month: what it paid, and one of its aggregates (for its names and version).
type Month<'a> = (f64, &'a Spend);
/// An office's months in a fiscal year, by `YYYY-MM`.
type Months<'a> = BTreeMap<&'a str, Month<'a>>;

fn payment_flags(records: &Records, audit: &Audit, flags: &mut Vec<Flag>) {
    let payment_flag = |rule: Rule,
                        subject: &str,
                        office: &Payment,
                        summary: String,
                        figures: Vec<(&str, String)>,
                        evidence: Vec<Evidence>| Flag {
        rule,
        severity: rule.severity(),
        subject: subject.to_string(),
        project: None,
        ward: Some(office.ward.to_string()).filter(|w| !w.is_empty()),
        office: Some(office.org_unit.to_string()).filter(|o| !o.is_empty()),
        summary,
        figures: figures
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        evidence,
    };
    // Capital spending without a project.
    for p in records.payments.iter().filter(|p| {
        p.project_id.is_empty()
            && !audit.capital_item_prefix.is_empty()
            && p.economic_item.starts_with(&audit.capital_item_prefix)
    }) {
        flags.push(payment_flag(
            Rule::CapitalWithoutProject,
            &p.voucher,
            p,
            format!(
                "{} was paid {} on {} from capital item {} ({}) with no project named.",
                p.payee,
                money(p.amount),
                p.date,
                p.economic_item,
                p.economic_item_name
            ),
            vec![
                ("Payee", p.payee.to_string()),
                ("Amount", money(p.amount)),
                ("Date", p.date.to_string()),
                ("Economic item", p.economic_item.to_string()),
                ("Voucher", p.voucher.to_string()),
            ],
            vec![Evidence::new(
                &p.source,
                &[("voucher_id", exact(&p.voucher))],
                1,
            )],
        ));
    }
    // Payments by payee, in date order.
    let mut by_payee: HashMap<&str, Vec<&Payment>> = HashMap::new();
    for p in &records.payments {
        by_payee.entry(&p.payee).or_default().push(p);
    }
    let mut payees: Vec<_> = by_payee.into_iter().collect();
    payees.sort_by_key(|(payee, _)| *payee);
    let floor = audit.procurement_threshold * (1.0 - audit.split_margin_share);
    for (payee, list) in payees {
        // Duplicates: the same amount again within the window, under another voucher.
        for (i, a) in list.iter().enumerate() {
            for b in list[i + 1..]
                .iter()
                .take_while(|b| (b.date - a.date).num_days() <= audit.duplicate_window_days)
            {
                if (a.amount - b.amount).abs() < 0.005 && a.voucher != b.voucher {
                    let evidence = if a.source == b.source {
                        vec![Evidence::new(
                            &a.source,
                            &[
                                ("payee", exact(payee)),
                                ("amount", format!("{:.2}", a.amount)),
                            ],
                            2,
                        )]
                    } else {
                        vec![
                            Evidence::new(&a.source, &[("voucher_id", exact(&a.voucher))], 1),
                            Evidence::new(&b.source, &[("voucher_id", exact(&b.voucher))], 1),
                        ]
                    };
                    flags.push(payment_flag(
                        Rule::DuplicatePayment,
                        payee,
                        a,
                        format!(
                            "{payee} was paid {} on {} and again on {} (vouchers {} and {}).",
                            money(a.amount),
                            a.date,
                            b.date,
                            a.voucher,
                            b.voucher
                        ),
                        vec![
                            ("Payee", payee.to_string()),
                            ("Amount", money(a.amount)),
                            ("Dates", format!("{} and {}", a.date, b.date)),
                            ("Vouchers", format!("{}, {}", a.voucher, b.voucher)),
                        ],
                        evidence,
                    ));
                }
            }
        }
        // Splits: runs of payments just under the threshold within the window.
        let near: Vec<&&Payment> = list
            .iter()
            .filter(|p| {
                p.amount < audit.procurement_threshold
                    && p.amount >= floor
                    && audit
                        .procurement_item_prefixes
                        .iter()
                        .any(|x| p.economic_item.starts_with(x.as_str()))
            })
            .collect();
        let mut start = 0;
        while start < near.len() {
            let mut end = start;
            while end + 1 < near.len()
                && (near[end + 1].date - near[start].date).num_days() <= audit.split_window_days
            {
                end += 1;
            }
            let run = &near[start..=end];
            if run.len() >= audit.split_min_payments {
                let total: f64 = run.iter().map(|p| p.amount).sum();
                let (first, last) = (run[0], run[run.len() - 1]);
                let mut by_source: BTreeMap<&Source, usize> = BTreeMap::new();
                for p in run {
                    *by_source.entry(&p.source).or_default() += 1;
                }
                let evidence = by_source
                    .into_iter()
                    .map(|(s, n)| {
                        Evidence::new(
                            s,
                            &[
                                ("payee", exact(payee)),
                                (
                                    "amount",
                                    format!(
                                        "{floor:.2}..{:.2}",
                                        audit.procurement_threshold - 0.01
                                    ),
                                ),
                            ],
                            n,
                        )
                    })
                    .collect();
                flags.push(payment_flag(
                    Rule::SplitPayments,
                    payee,
                    first,
                    format!("{payee} was paid {} times between {} and {}, each just under {}: {} in all.", run.len(), first.date, last.date, money(audit.procurement_threshold), money(total)),
                    vec![("Payee", payee.to_string()), ("Payments", run.len().to_string()), ("Total", money(total)), ("From", first.date.to_string()), ("To", last.date.to_string())],
                    evidence,
                ));
                start = end + 1;
            } else {
                start += 1;
            }
        }
    }
    // Year-end spikes: the last month of each complete fiscal year against the median
    // month, from the months' aggregates. Payments for projects follow certified work
    // (and are checked against progress by the project flags), so the spike is looked
    // for in the rest.
    let mut monthly: BTreeMap<(&str, &str), Months> = BTreeMap::new();
    for s in records.spend.iter().filter(|s| !s.linked) {
        let slot = monthly
            .entry((&s.fiscal_year, s.key("org_unit_code")))
            .or_default()
            .entry(&s.month)
            .or_insert((0.0, s));
        slot.0 += s.amount;
    }
    for ((year, office), months) in &monthly {
        if months.len() < 12 {
            continue;
        }
        let Some((&month, &(last, sample))) = months.iter().next_back() else {
            continue;
        };
        let mut others: Vec<f64> = months.values().map(|(v, _)| *v).collect();
        others.pop();
        others.sort_by(f64::total_cmp);
        let median = others[others.len() / 2];
        if median > 0.0 && last >= median * audit.year_end_spike_ratio {
            let name = sample.key("org_unit");
            flags.push(Flag {
                rule: Rule::YearEndSpike,
                severity: Rule::YearEndSpike.severity(),
                subject: office.to_string(),
                project: None,
                ward: None,
                office: Some(name.to_string()).filter(|n| !n.is_empty()),
                summary: format!("{name} paid {} in {month}, the last month of {year}: {:.1} times its median month ({}).", money(last), last / median, money(median)),
                figures: vec![("Office".into(), format!("{office} {name}")), ("Last month".into(), money(last)), ("Median month".into(), money(median)), ("Ratio".into(), format!("{:.1}×", last / median))],
                evidence: vec![Evidence::new(&sample.source, &[("org_unit_code", exact(office))], 0)],
            });
        }
    }
}

/// Spending above the latest budget of each line (office × economic item) in a year.
fn budget_flags(records: &Records, audit: &Audit, flags: &mut Vec<Flag>) {
    // The latest stage per fiscal year: the stage of the last row of the latest version.
    let mut budgets: BTreeMap<(&str, &str, &str), (f64, &super::BudgetLine)> = BTreeMap::new();
    let mut stage_of_year: HashMap<&str, &str> = HashMap::new();
    for line in &records.budget {
        stage_of_year.insert(&line.fiscal_year, &line.stage);
    }
    for line in records
        .budget
        .iter()
        .filter(|l| stage_of_year.get(l.fiscal_year.as_str()) == Some(&l.stage.as_str()))
    {
        budgets
            .entry((&line.fiscal_year, &line.org_unit_code, &line.economic_item))
            .or_insert((0.0, line))
            .0 += line.amount;
    }
    let mut spent: BTreeMap<(&str, &str, &str), (f64, Vec<&Spend>)> = BTreeMap::new();
    for s in &records.spend {
        let slot = spent
            .entry((
                &s.fiscal_year,
                s.key("org_unit_code"),
                s.key("economic_item"),
            ))
            .or_default();
        slot.0 += s.amount;
        slot.1.push(s);
    }
    for (key, (total, parts)) in &spent {
        let Some((budgeted, line)) = budgets.get(key) else {
            continue;
        };
        if *budgeted > 0.0 && *total > budgeted * (1.0 + audit.budget_line_tolerance_share) {
            let (year, office, item) = *key;
            let mut by_source: BTreeMap<&Source, usize> = BTreeMap::new();
            for s in parts {
                *by_source.entry(&s.source).or_default() += s.payments as usize;
            }
            let mut evidence = vec![Evidence::new(
                &line.source,
                &[
                    ("org_unit_code", exact(office)),
                    ("economic_item", exact(item)),
                    ("stage", exact(&line.stage)),
                ],
                0,
            )];
            evidence.extend(by_source.into_iter().map(|(s, n)| {
                Evidence::new(
                    s,
                    &[
                        ("org_unit_code", exact(office)),
                        ("economic_item", exact(item)),
                    ],
                    n,
                )
            }));
            flags.push(Flag {
                rule: Rule::AboveBudgetLine,
                severity: Rule::AboveBudgetLine.severity(),
                subject: format!("{office}/{item}"),
                project: None,
                ward: None,
                office: Some(line.org_unit.clone()),
                summary: format!(
                    "{} spent {} on {} ({item}) in {year} against a {} budget of {} ({:.1} times).",
                    line.org_unit,
                    money(*total),
                    line.economic_item_name,
                    line.stage,
                    money(*budgeted),
                    total / budgeted
                ),
                figures: vec![
                    ("Fiscal year".into(), year.to_string()),
                    ("Budget".into(), money(*budgeted)),
                    ("Spent".into(), money(*total)),
                    ("Over by".into(), money(total - budgeted)),
                ],
                evidence,
            });
        }
    }
}

fn concentration(records: &Records, audit: &Audit, flags: &mut Vec<Flag>) {
    let mut by_sector: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for p in records.projects.iter().filter(|p| !p.contractor.is_empty()) {
        *by_sector
            .entry(&p.sector)
            .or_default()
            .entry(&p.contractor)
            .or_default() += 1;
    }
    for (sector, contractors) in by_sector {
        let total: usize = contractors.values().sum();
        for (contractor, n) in contractors {
            if n >= audit.concentration_min_contracts
                && n as f64 >= total as f64 * audit.concentration_share
            {
                flags.push(Flag {
                    rule: Rule::ContractorConcentration,
                    severity: Rule::ContractorConcentration.severity(),
                    subject: contractor.to_string(),
                    project: None,
                    ward: None,
                    office: None,
                    summary: format!(
                        "{contractor} holds {n} of the {total} {sector} contracts ({:.0}%).",
                        n as f64 / total as f64 * 100.0
                    ),
                    figures: vec![
                        ("Contractor".into(), contractor.to_string()),
                        ("Sector".into(), sector.to_string()),
                        ("Contracts".into(), format!("{n} of {total}")),
                    ],
                    evidence: records
                        .projects_source
                        .as_ref()
                        .map(|s| {
                            Evidence::new(
                                s,
                                &[("contractor", exact(contractor)), ("sector", exact(sector))],
                                n,
                            )
                        })
                        .into_iter()
                        .collect(),
                });
            }
        }
    }
}
