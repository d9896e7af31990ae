//! Red flags on the demo county: every planted pattern is found, clean projects raise
//! none, and nothing else is raised.

use std::collections::BTreeSet;

use disclose::analytics::Records;
use disclose::analytics::flags::{self, Flag, Rule};
use disclose::demo::{self, DemoOptions};

use crate::support::{Env, protocol, repo};

fn demo_flags() -> (Vec<Flag>, serde_json::Value) {
    let env = Env::new();
    demo::run(
        &protocol(),
        &repo().join("pipelines"),
        &env.data,
        &DemoOptions { scale: 1, seed: 42 },
    )
    .expect("the demo builds");
    let store = env.store();
    let latest: Vec<_> = store
        .datasets()
        .into_iter()
        .filter_map(|d| store.latest(d))
        .collect();
    let records = Records::load(
        &protocol(),
        &env.data,
        &latest,
        &disclose::analytics::cache::Cache::default(),
    )
    .unwrap();
    let as_of = records.as_of().unwrap();
    let planted =
        serde_json::from_slice(&std::fs::read(env.data.join("inbox/planted.json")).unwrap())
            .unwrap();
    (flags::find(&records, &protocol().audit, as_of), planted)
}

fn subjects(flags: &[Flag], rule: Rule) -> BTreeSet<String> {
    flags
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.subject.clone())
        .collect()
}

/// The payee a payment note of planted.json names: `2025-10: Ofisi Supplies Ltd paid …`.
fn payee(note: &str) -> String {
    let (_, said) = note.split_once(": ").unwrap_or_else(|| panic!("{note}"));
    said.split_once(" paid ")
        .unwrap_or_else(|| panic!("{note}"))
        .0
        .to_string()
}

/// The code a note gives after `word`: `… vote 3712 …` → `3712`.
fn number_after(note: &str, word: &str) -> String {
    let after = note
        .split_once(word)
        .unwrap_or_else(|| panic!("no `{word}` in {note}"))
        .1;
    after.chars().take_while(char::is_ascii_digit).collect()
}

/// The fiscal year (July to June) of a month: `2026-06` → `2025-26`.
fn fiscal_year(month: &str) -> String {
    let (year, month) = month.split_once('-').unwrap();
    let (year, month): (u32, u32) = (year.parse().unwrap(), month.parse().unwrap());
    let start = if month >= 7 { year } else { year - 1 };
    format!("{start}-{:02}", (start + 1) % 100)
}

#[test]
fn every_planted_pattern_raises_its_flag_and_nothing_else_is_raised() {
    let (flags, planted) = demo_flags();
    let ids = |name: &str| -> BTreeSet<String> {
        planted["patterns"][name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let project_patterns = [
        ("payments_ahead_of_progress", Rule::PaymentsAheadOfProgress),
        ("overdue_projects", Rule::Overdue),
        ("cost_overrun", Rule::CostOverrun),
        ("paid_beyond_contract_value", Rule::PaidBeyondContract),
        (
            "no_recent_inspection_while_paying",
            Rule::NoInspectionWhilePaying,
        ),
    ];
    let mut patterned = BTreeSet::new();
    for (pattern, rule) in project_patterns {
        let raised = subjects(&flags, rule);
        assert!(
            raised.is_superset(&ids(pattern)),
            "{}: planted {:?}, raised {raised:?}",
            rule.id(),
            ids(pattern)
        );
        patterned.extend(ids(pattern));
    }
    // A project with one planted pattern may rightly raise another (payments that go on
    // without inspections also run ahead of the progress last found), but no project
    // without a pattern raises anything.
    for f in flags.iter().filter(|f| f.project.is_some()) {
        assert!(
            patterned.contains(&f.subject),
            "{} raised {} without a planted pattern: {}",
            f.subject,
            f.rule.id(),
            f.summary
        );
    }
    // The payment patterns are described in words in planted.json; what each flag must
    // name is read from them, so that this holds for any seed.
    let one = |rule: Rule| -> BTreeSet<String> { subjects(&flags, rule) };
    let notes = |name: &str| -> Vec<String> {
        let notes: Vec<String> = planted["patterns"][name]
            .as_array()
            .unwrap_or_else(|| panic!("planted.json lists {name}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert!(!notes.is_empty(), "{name} is planted");
        notes
    };
    let payees =
        |name: &str| -> BTreeSet<String> { notes(name).iter().map(|n| payee(n)).collect() };
    assert_eq!(one(Rule::DuplicatePayment), payees("duplicate_payments"));
    assert_eq!(
        one(Rule::SplitPayments),
        payees("split_payments_under_threshold")
    );
    let spikes: Vec<(String, String)> = notes("year_end_spike")
        .iter()
        .map(|n| (number_after(n, "vote "), fiscal_year(&n[..7])))
        .collect();
    assert_eq!(
        one(Rule::YearEndSpike),
        spikes
            .iter()
            .map(|(vote, _)| vote.clone())
            .collect::<BTreeSet<_>>(),
        "{:#?}",
        flags
            .iter()
            .filter(|f| f.rule == Rule::YearEndSpike)
            .map(|f| &f.summary)
            .collect::<Vec<_>>()
    );
    // The catering line is planted; the June spike also pushes one of its vote's lines
    // over budget, in the same year, which is true of the data and so no false flag.
    let lines: BTreeSet<String> = notes("spending_above_budget_line")
        .iter()
        .map(|n| format!("{}/{}", number_after(n, "vote "), number_after(n, "item ")))
        .collect();
    let over = one(Rule::AboveBudgetLine);
    assert!(over.is_superset(&lines), "{over:?} holds {lines:?}");
    for f in flags
        .iter()
        .filter(|f| f.rule == Rule::AboveBudgetLine && !lines.contains(&f.subject))
    {
        assert!(
            spikes.iter().any(|(vote, year)| {
                f.subject.starts_with(&format!("{vote}/")) && f.figures[0].1 == *year
            }),
            "{}",
            f.summary
        );
    }
    assert_eq!(
        one(Rule::ContractorConcentration),
        notes("contractor_concentration")
            .iter()
            .map(|n| n.split(" holds ").next().unwrap().to_string())
            .collect::<BTreeSet<_>>()
    );
    // `… Ltd paid KES 4,800,000 and 3,250,000 from item …`: one flag per payment.
    let unpaired: Vec<(String, usize)> = notes("capital_spending_without_project")
        .iter()
        .map(|n| {
            let amounts = n.split(" paid KES ").nth(1).unwrap();
            let amounts = amounts.split(" from ").next().unwrap();
            (payee(n), amounts.split(" and ").count())
        })
        .collect();
    let unlinked: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.rule == Rule::CapitalWithoutProject)
        .collect();
    assert_eq!(
        unlinked.len(),
        unpaired.iter().map(|(_, n)| n).sum::<usize>(),
        "{unlinked:#?}"
    );
    assert!(
        unlinked.iter().all(|f| unpaired
            .iter()
            .any(|(p, _)| f.summary.starts_with(p.as_str()))),
        "{unlinked:#?}"
    );

    let clean = ids("clean_projects");
    let dirty: Vec<String> = flags
        .iter()
        .filter(|f| f.project.as_ref().is_some_and(|p| clean.contains(p)))
        .map(|f| format!("{} {}: {}", f.subject, f.rule.id(), f.summary))
        .collect();
    assert!(dirty.is_empty(), "clean projects raised flags: {dirty:#?}");
    assert!(clean.len() > 100);
    // Every flag names its figures and the rows it rests on, pinned to a version.
    for f in &flags {
        assert!(!f.figures.is_empty() && !f.evidence.is_empty(), "{f:#?}");
        for e in &f.evidence {
            assert!(
                e.url()
                    .starts_with(&format!("/datasets/{}/v/{}?", e.dataset, e.version)),
                "{}",
                e.url()
            );
            assert_eq!(e.hash.len(), 64);
        }
    }
}

/// A month of payments, each (date as dd/mm/yyyy, voucher, payee, amount).
fn month(env: &Env, name: &str, rows: &[(&str, &str, &str, &str)]) {
    let mut text = String::from(crate::support::EXPENDITURE_HEADER);
    for (date, voucher, payee, amount) in rows {
        text.push('\n');
        text.push_str(&crate::support::payment(voucher, payee, amount).replacen(
            "10/09/2025",
            date,
            1,
        ));
    }
    let file = env.write(name, text + "\n");
    env.ingest_ok("ifmis-expenditure-csv", &[&file], None);
}

fn kept_vouchers(env: &Env, cache: &disclose::analytics::cache::Cache) -> Vec<String> {
    let store = env.store();
    let latest: Vec<_> = store
        .datasets()
        .into_iter()
        .filter_map(|d| store.latest(d))
        .collect();
    let records = Records::load(&protocol(), &env.data, &latest, cache).unwrap();
    records
        .payments
        .iter()
        .map(|p| p.voucher.to_string())
        .collect()
}

#[test]
fn a_duplicate_across_a_month_boundary_is_found_and_ordinary_payments_are_not_kept() {
    let env = Env::with_registers();
    month(
        &env,
        "sep.csv",
        &[
            ("30/09/2025", "PV1", "Kito Traders Ltd", "250,000.00"),
            ("30/09/2025", "PV2", "Other Supplies Ltd", "12,345.00"),
            ("30/09/2025", "PV3", "Kito Traders Ltd", "99.00"),
        ],
    );
    month(
        &env,
        "oct.csv",
        &[
            ("01/10/2025", "PV4", "Kito Traders Ltd", "250,000.00"),
            ("01/10/2025", "PV5", "Other Supplies Ltd", "54,321.00"),
        ],
    );
    let store = env.store();
    let latest: Vec<_> = store
        .datasets()
        .into_iter()
        .filter_map(|d| store.latest(d))
        .collect();
    let records = Records::load(
        &protocol(),
        &env.data,
        &latest,
        &disclose::analytics::cache::Cache::default(),
    )
    .unwrap();
    let kept: Vec<&str> = records.payments.iter().map(|p| &*p.voucher).collect();
    assert_eq!(
        kept,
        ["PV1", "PV4"],
        "only the two halves of the duplicate are held"
    );
    let as_of = records.as_of().unwrap();
    let found = flags::find(&records, &protocol().audit, as_of);
    let duplicate = found
        .iter()
        .find(|f| f.rule == Rule::DuplicatePayment)
        .expect("the duplicate across September and October");
    assert_eq!(duplicate.subject, "Kito Traders Ltd");
    assert_eq!(
        duplicate.evidence.len(),
        2,
        "one row in each month's version"
    );
}

#[test]
fn repeats_across_months_are_matched_to_the_day_and_a_publish_reads_only_the_new_month() {
    let env = Env::with_registers();
    // Three days apart (the protocol's window) is a repeat; four days apart is not.
    month(
        &env,
        "sep.csv",
        &[
            ("27/09/2025", "PV1", "Kito Traders Ltd", "250,000.00"),
            ("30/09/2025", "PV2", "Other Supplies Ltd", "12,345.00"),
        ],
    );
    month(
        &env,
        "oct.csv",
        &[
            ("01/10/2025", "PV4", "Kito Traders Ltd", "250,000.00"),
            ("03/10/2025", "PV5", "Other Supplies Ltd", "12,345.00"),
            ("31/10/2025", "PV6", "Kito Traders Ltd", "500.00"),
        ],
    );
    let cache = disclose::analytics::cache::Cache::default();
    assert_eq!(kept_vouchers(&env, &cache), ["PV2", "PV5"]);
    assert_eq!(cache.payments.len(), 2, "one pass per month, kept");

    // November repeats October's last payment: found with October's pass taken from the
    // cache, and the same as a fresh read of every month.
    month(
        &env,
        "nov.csv",
        &[("02/11/2025", "PV7", "Kito Traders Ltd", "500.00")],
    );
    let after = kept_vouchers(&env, &cache);
    assert_eq!(after, ["PV2", "PV5", "PV6", "PV7"]);
    assert_eq!(cache.payments.len(), 3, "only November was read");
    assert_eq!(
        after,
        kept_vouchers(&env, &disclose::analytics::cache::Cache::default())
    );
}
