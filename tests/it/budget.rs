//! The budget dashboard's figures reconcile: every drill level sums to its parent, and
//! what is spent is exactly the payments its links show.

use disclose::analytics::Records;
use disclose::analytics::budget::{self, Across, LEVELS, Path};
use disclose::demo::{self, DemoOptions};

use crate::support::{Env, protocol, repo};

/// The demo county, and its records as the site loads them.
fn demo_records() -> (Env, Records) {
    let env = Env::new();
    demo::run(
        &protocol(),
        &repo().join("pipelines"),
        &env.data,
        &DemoOptions { scale: 1, seed: 42 },
    )
    .unwrap();
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
    (env, records)
}

/// Every payment of a fiscal year (`2025-26`), summed from the published CSV files.
fn paid_in(env: &Env, year: &str) -> f64 {
    let start: i32 = year[..4].parse().unwrap();
    let store = env.store();
    let mut total = 0.0;
    for dataset in store
        .datasets()
        .into_iter()
        .filter(|d| d.starts_with("expenditure-"))
    {
        let (y, m): (i32, u32) = (
            dataset[12..16].parse().unwrap(),
            dataset[17..19].parse().unwrap(),
        );
        if (y == start && m >= 7) || (y == start + 1 && m <= 6) {
            let entry = store.latest(dataset).unwrap();
            let mut reader =
                csv::Reader::from_path(store.version_dir(dataset, entry.version).join("data.csv"))
                    .unwrap();
            total += reader
                .records()
                .map(|r| r.unwrap()[15].parse::<f64>().unwrap())
                .sum::<f64>();
        }
    }
    total
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01 * (1.0 + a.abs().max(b.abs()) * 1e-9)
}

#[test]
fn every_level_sums_to_its_parent_and_spent_is_the_payments_behind_it() {
    let (env, records) = demo_records();
    let years = budget::years(&records);
    assert_eq!(years, ["2025-26", "2024-25"]);
    let year = &years[0];
    let root = budget::table(&records, year, &Path::default(), Across::Drill);
    assert_eq!(
        root.stages,
        ["approved", "supplementary"],
        "stages side by side, in the budget's order"
    );
    let year_payments = paid_in(&env, year);
    assert!(close(root.total.spent, year_payments) && root.total.spent > 0.0);

    // Down one branch to the payments, checking each level against the row above it.
    let mut path = Path::default();
    let mut parent = root.total.clone();
    for level in LEVELS {
        let table = budget::table(&records, year, &path, Across::Drill);
        for s in 0..table.stages.len() {
            assert!(
                close(
                    table.rows.iter().map(|r| r.budget[s]).sum(),
                    table.total.budget[s]
                ),
                "{level:?} stage {s}"
            );
            assert!(
                close(table.total.budget[s], parent.budget[s]),
                "{level:?}: the level's total is its parent row"
            );
        }
        assert!(close(
            table.rows.iter().map(|r| r.spent).sum(),
            table.total.spent
        ));
        assert!(close(table.total.spent, parent.spent));
        let row = table
            .rows
            .iter()
            .filter(|r| r.spent > 0.0 && r.current() > 0.0)
            .max_by(|a, b| a.spent.total_cmp(&b.spent))
            .expect("a row with budget and spending")
            .clone();
        let behind = budget::behind(&records, year, &path, Across::Drill, Some(&row.code));
        assert!(
            close(behind.iter().map(|b| b.amount).sum(), row.spent),
            "{level:?} {}: spent is the payments its links show",
            row.code
        );
        assert_eq!(behind.iter().map(|b| b.rows).sum::<usize>(), row.payments);
        assert!(
            behind.iter().all(|b| b
                .url()
                .contains(&format!("{}=%3D{}", level.column(), row.code))),
            "the links filter to the row"
        );
        match level {
            budget::Level::Unit => path.unit = Some(row.code.clone()),
            budget::Level::Programme => path.programme = Some(row.code.clone()),
            budget::Level::Sub => path.sub = Some(row.code.clone()),
            budget::Level::Item => path.item = Some(row.code.clone()),
        }
        budget::check(&records, year, &path).unwrap();
        parent = row;
    }
    // Across function, ward and month, the rows sum to the same total.
    for across in [Across::Function, Across::Ward, Across::Month] {
        let table = budget::table(&records, year, &Path::default(), across);
        assert!(
            close(table.rows.iter().map(|r| r.spent).sum(), root.total.spent),
            "{across:?}"
        );
        assert!(close(table.total.current(), root.total.current()));
    }
    assert_eq!(
        budget::table(&records, year, &Path::default(), Across::Month)
            .rows
            .len(),
        12
    );

    for (bad, path) in [
        ("2030-31", Path::default()),
        (
            year.as_str(),
            Path {
                unit: Some("9999".into()),
                ..Path::default()
            },
        ),
        (
            year.as_str(),
            Path {
                programme: Some("37111".into()),
                ..Path::default()
            },
        ),
    ] {
        assert!(
            budget::check(&records, bad, &path).is_err(),
            "{bad} {path:?}"
        );
    }
}

#[test]
fn revenue_lines_sum_to_the_year_and_service_turnaround_follows_the_charter() {
    use disclose::analytics::{revenue, services};
    let (_env, records) = demo_records();

    let year = revenue::years(&records)[0].clone();
    let collected: f64 = records
        .revenue
        .iter()
        .filter(|c| c.fiscal_year == year)
        .map(|c| c.collected)
        .sum();
    for by in revenue::By::ALL {
        let (lines, total) = revenue::table(&records, &year, by);
        assert!(close(total.collected, collected) && collected > 0.0);
        assert!(
            close(lines.iter().map(|l| l.collected).sum(), total.collected),
            "{by:?}"
        );
        assert!(
            close(lines.iter().map(|l| l.target).sum(), total.target),
            "{by:?}"
        );
        assert!(lines.iter().all(|l| !l.behind.is_empty()));
    }
    let (months, _) = revenue::table(&records, "2025-26", revenue::By::Month);
    assert_eq!(
        months.len(),
        11,
        "2025-26 has eleven months of revenue: March 2026 was never published"
    );

    let standards = &protocol().service_standards;
    let year = services::years(&records)[0].clone();
    let (lines, total) = services::table(&records, &year, services::By::Service, standards);
    assert_eq!(
        lines.iter().map(|l| l.requests).sum::<usize>(),
        total.requests
    );
    assert_eq!(total.requests, total.decided + total.pending);
    for l in &lines {
        assert!(
            standards.contains_key(&l.key),
            "every demo service has a standard: {}",
            l.key
        );
        let (median, p90) = (l.median_days.unwrap(), l.p90_days.unwrap());
        assert!(median <= p90, "{}", l.key);
        let standard = f64::from(standards[&l.key]);
        // The demo decides each service in 0.4 to 2.2 times its standard.
        assert!(
            median > 0.4 * standard && median < 2.2 * standard,
            "{}: median {median}, standard {standard}",
            l.key
        );
        let share = l.within_share().unwrap();
        assert!(share > 20.0 && share < 80.0, "{}: {share}% within", l.key);
    }
}
