//! Budget against actual for one fiscal year: drill from the whole budget to office →
//! programme → sub-programme → economic item, or look across by function (COFOG), ward
//! or month. Every row carries each budget stage side by side (never summed together),
//! what was spent, and where the payments behind it are (each month's pinned version,
//! filtered to exactly those rows).

use std::collections::BTreeMap;

use serde::Serialize;

use super::spend::Spend;
use super::{BudgetLine, Records, Source};

/// Where in the drill-down a view is: the codes chosen so far, outermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    pub unit: Option<String>,
    pub programme: Option<String>,
    pub sub: Option<String>,
    pub item: Option<String>,
}

/// What the rows of a view are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Across {
    /// The next level down the path: offices, programmes, sub-programmes, items.
    Drill,
    Function,
    Ward,
    Month,
}

impl Across {
    pub const ALL: [Self; 4] = [Self::Drill, Self::Function, Self::Ward, Self::Month];

    pub fn id(self) -> &'static str {
        match self {
            Self::Drill => "drill",
            Self::Function => "function",
            Self::Ward => "ward",
            Self::Month => "month",
        }
    }
}

/// The levels of the drill-down, outermost first, with the columns that name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Unit,
    Programme,
    Sub,
    Item,
}

impl Level {
    /// The expenditure column of the level's code (the row filter of its payments).
    pub fn column(self) -> &'static str {
        match self {
            Self::Unit => "org_unit_code",
            Self::Programme => "programme_code",
            Self::Sub => "sub_programme_code",
            Self::Item => "economic_item",
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Programme => "programme",
            Self::Sub => "sub",
            Self::Item => "item",
        }
    }

    fn line_key(self, l: &BudgetLine) -> (&str, &str) {
        match self {
            Self::Unit => (&l.org_unit_code, &l.org_unit),
            Self::Programme => (&l.programme_code, &l.programme),
            Self::Sub => (&l.sub_programme_code, &l.sub_programme),
            Self::Item => (&l.economic_item, &l.economic_item_name),
        }
    }

    fn spend_key(self, s: &Spend) -> (&str, &str) {
        match self {
            Self::Unit => (s.key("org_unit_code"), s.key("org_unit")),
            Self::Programme => (s.key("programme_code"), s.key("programme")),
            Self::Sub => (s.key("sub_programme_code"), ""),
            Self::Item => (s.key("economic_item"), s.key("economic_item_name")),
        }
    }
}

pub const LEVELS: [Level; 4] = [Level::Unit, Level::Programme, Level::Sub, Level::Item];

impl Path {
    /// The levels chosen, with their codes.
    pub fn chosen(&self) -> Vec<(Level, &str)> {
        LEVELS
            .iter()
            .zip([&self.unit, &self.programme, &self.sub, &self.item])
            .map_while(|(l, c)| c.as_deref().map(|c| (*l, c)))
            .collect()
    }

    /// The level the rows of a drill view are at; `None` below the item (the payments).
    pub fn next(&self) -> Option<Level> {
        LEVELS.get(self.chosen().len()).copied()
    }

    fn keeps_line(&self, l: &BudgetLine) -> bool {
        self.chosen()
            .iter()
            .all(|(level, code)| level.line_key(l).0 == *code)
    }

    fn keeps_spend(&self, s: &Spend) -> bool {
        self.chosen()
            .iter()
            .all(|(level, code)| level.spend_key(s).0 == *code)
    }
}

/// Payments of one version behind a figure: how many, what they sum to, and the filters
/// that show exactly them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behind {
    pub dataset: String,
    pub version: u32,
    pub hash: String,
    pub filters: Vec<(String, String)>,
    pub rows: usize,
    pub amount: f64,
}

impl Behind {
    pub fn url(&self) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.filters.iter())
            .finish();
        format!("/datasets/{}/v/{}?{query}", self.dataset, self.version)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    /// One amount per stage of [`Table::stages`], in order.
    pub budget: Vec<f64>,
    pub spent: f64,
    pub payments: usize,
}

impl Row {
    /// The latest stage's amount: what spending is measured against.
    pub fn current(&self) -> f64 {
        self.budget.last().copied().unwrap_or(0.0)
    }

    /// Spent as a share of the latest stage, in percent.
    pub fn absorption(&self) -> Option<f64> {
        (self.current() > 0.0).then(|| self.spent / self.current() * 100.0)
    }

    /// The latest stage less spent; `None` in a year without a budget yet.
    pub fn variance(&self) -> Option<f64> {
        (!self.budget.is_empty()).then(|| self.current() - self.spent)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub fiscal_year: String,
    /// Budget stages in the order the budget gives them (approved, supplementary, …).
    pub stages: Vec<String>,
    /// The names of the chosen path, outermost first: (level, code, name).
    pub path: Vec<(Level, String, String)>,
    pub across: Across,
    /// The rows' level, for drill views that can go further down.
    pub level: Option<Level>,
    pub rows: Vec<Row>,
    pub total: Row,
    /// The budget versions the figures come from.
    pub budget_sources: Vec<Source>,
}

/// Why a view cannot be made: each says what exists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("no budget or payments for fiscal year `{0}`; the years are {1}")]
    UnknownYear(String, String),
    #[error("no {level} `{code}` in the {year} budget or its payments")]
    UnknownCode {
        level: &'static str,
        code: String,
        year: String,
    },
    #[error(
        "`{0}` is chosen without the level above it; choose unit, then programme, then sub, then item"
    )]
    Gap(&'static str),
}

/// Fiscal years with a budget or payments, latest first. A new year's first months of
/// payments are published before its budget: such a year has payments and no stages.
pub fn years(records: &Records) -> Vec<String> {
    super::latest_first(
        records
            .budget
            .iter()
            .map(|l| l.fiscal_year.as_str())
            .chain(records.spend.iter().map(|s| &*s.fiscal_year)),
    )
}

/// Fiscal years with a budget, latest first.
pub fn budgeted_years(records: &Records) -> Vec<String> {
    super::latest_first(records.budget.iter().map(|l| l.fiscal_year.as_str()))
}

/// Checks a path: no gaps, and every code exists in the year's budget or payments.
pub fn check(records: &Records, fiscal_year: &str, path: &Path) -> Result<(), BudgetError> {
    if !years(records).iter().any(|y| y == fiscal_year) {
        return Err(BudgetError::UnknownYear(
            fiscal_year.to_string(),
            years(records).join(", "),
        ));
    }
    let given = [&path.unit, &path.programme, &path.sub, &path.item];
    if let Some(i) = given.iter().position(|c| c.is_none())
        && let Some(j) = given.iter().skip(i).position(|c| c.is_some())
    {
        return Err(BudgetError::Gap(LEVELS[i + j].param()));
    }
    let mut above = Path::default();
    for (level, code) in path.chosen() {
        let in_budget = records.budget.iter().any(|l| {
            l.fiscal_year == fiscal_year && above.keeps_line(l) && level.line_key(l).0 == code
        });
        let in_payments = records.spend.iter().any(|s| {
            &*s.fiscal_year == fiscal_year && above.keeps_spend(s) && level.spend_key(s).0 == code
        });
        if !in_budget && !in_payments {
            return Err(BudgetError::UnknownCode {
                level: level.param(),
                code: code.to_string(),
                year: fiscal_year.to_string(),
            });
        }
        let slot = match level {
            Level::Unit => &mut above.unit,
            Level::Programme => &mut above.programme,
            Level::Sub => &mut above.sub,
            Level::Item => &mut above.item,
        };
        *slot = Some(code.to_string());
    }
    Ok(())
}

/// The view: rows by the next level (or across), each with every stage and what was
/// spent. Call [`check`] first.
pub fn table(records: &Records, fiscal_year: &str, path: &Path, across: Across) -> Table {
    let lines: Vec<&BudgetLine> = records
        .budget
        .iter()
        .filter(|l| l.fiscal_year == fiscal_year && path.keeps_line(l))
        .collect();
    let spend: Vec<&Spend> = records
        .spend
        .iter()
        .filter(|s| &*s.fiscal_year == fiscal_year && path.keeps_spend(s))
        .collect();
    let mut stages: Vec<String> = Vec::new();
    for l in records
        .budget
        .iter()
        .filter(|l| l.fiscal_year == fiscal_year)
    {
        if !stages.contains(&l.stage) {
            stages.push(l.stage.clone());
        }
    }
    let level = if across == Across::Drill {
        path.next()
    } else {
        None
    };
    let key_line = |l: &BudgetLine| -> (String, String) {
        match (across, level) {
            (Across::Drill, Some(level)) => {
                let (c, n) = level.line_key(l);
                (c.to_string(), n.to_string())
            }
            (Across::Function, _) => (l.function.clone(), String::new()),
            (Across::Ward, _) => (l.ward.clone(), String::new()),
            _ => (String::new(), String::new()),
        }
    };
    let key_spend = |s: &Spend| -> (String, String) {
        match (across, level) {
            (Across::Drill, Some(level)) => {
                let (c, n) = level.spend_key(s);
                (c.to_string(), n.to_string())
            }
            (Across::Function, _) => (s.key("function").to_string(), String::new()),
            (Across::Ward, _) => (s.key("ward").to_string(), String::new()),
            // Below the item, and across months: the month.
            (Across::Drill, None) | (Across::Month, _) => (s.month.to_string(), String::new()),
        }
    };
    let blank = |code: String, name: String| Row {
        code,
        name,
        budget: vec![0.0; stages.len()],
        spent: 0.0,
        payments: 0,
    };
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut total = blank(String::new(), String::new());
    for l in &lines {
        let s = stages.iter().position(|x| *x == l.stage).unwrap_or(0);
        total.budget[s] += l.amount;
        if across != Across::Month && !(across == Across::Drill && level.is_none()) {
            let (code, name) = key_line(l);
            let row = rows
                .entry(code.clone())
                .or_insert_with(|| blank(code, name.clone()));
            if row.name.is_empty() {
                row.name = name;
            }
            row.budget[s] += l.amount;
        }
    }
    for s in &spend {
        total.spent += s.amount;
        total.payments += s.payments as usize;
        let (code, name) = key_spend(s);
        let row = rows
            .entry(code.clone())
            .or_insert_with(|| blank(code, name.clone()));
        if row.name.is_empty() {
            row.name = name;
        }
        row.spent += s.amount;
        row.payments += s.payments as usize;
    }
    let mut budget_sources: Vec<Source> = lines.iter().map(|l| (*l.source).clone()).collect();
    budget_sources.sort();
    budget_sources.dedup();
    let names = path_names(records, fiscal_year, path);
    Table {
        fiscal_year: fiscal_year.to_string(),
        stages,
        path: names,
        across,
        level,
        rows: rows.into_values().collect(),
        total,
        budget_sources,
    }
}

fn path_names(records: &Records, fiscal_year: &str, path: &Path) -> Vec<(Level, String, String)> {
    path.chosen()
        .into_iter()
        .map(|(level, code)| {
            let name = records
                .budget
                .iter()
                .filter(|l| l.fiscal_year == fiscal_year)
                .map(|l| level.line_key(l))
                .find(|(c, _)| *c == code)
                .map(|(_, n)| n.to_string())
                .unwrap_or_default();
            (level, code.to_string(), name)
        })
        .collect()
}

/// The payments behind a row (or the whole view when `row` is `None`): per month's
/// version, the filters that show exactly them.
pub fn behind(
    records: &Records,
    fiscal_year: &str,
    path: &Path,
    across: Across,
    row: Option<&str>,
) -> Vec<Behind> {
    let level = if across == Across::Drill {
        path.next()
    } else {
        None
    };
    let mut filters: Vec<(String, String)> = path
        .chosen()
        .iter()
        .map(|(l, c)| (l.column().to_string(), format!("={c}")))
        .collect();
    if let Some(code) = row {
        match (across, level) {
            (Across::Drill, Some(level)) => {
                filters.push((level.column().to_string(), format!("={code}")))
            }
            (Across::Function, _) => filters.push(("function".into(), format!("={code}"))),
            (Across::Ward, _) => filters.push(("ward".into(), format!("={code}"))),
            // A month is its own version: the path's filters are exact within it.
            (Across::Drill, None) | (Across::Month, _) => {}
        }
    }
    let keeps = |s: &Spend| -> bool {
        let Some(code) = row else { return true };
        match (across, level) {
            (Across::Drill, Some(level)) => level.spend_key(s).0 == code,
            (Across::Function, _) => s.key("function") == code,
            (Across::Ward, _) => s.key("ward") == code,
            (Across::Drill, None) | (Across::Month, _) => &*s.month == code,
        }
    };
    let mut by_source: BTreeMap<&Source, (usize, f64)> = BTreeMap::new();
    for s in records
        .spend
        .iter()
        .filter(|s| &*s.fiscal_year == fiscal_year && path.keeps_spend(s) && keeps(s))
    {
        let slot = by_source.entry(&s.source).or_default();
        slot.0 += s.payments as usize;
        slot.1 += s.amount;
    }
    by_source
        .into_iter()
        .map(|(s, (rows, amount))| Behind {
            dataset: s.dataset.clone(),
            version: s.version,
            hash: s.hash.clone(),
            filters: filters.clone(),
            rows,
            amount,
        })
        .collect()
}

/// The budget rows behind a budget figure: the year's budget version filtered to the
/// path, the row and the stage. `None` by month (budgets are yearly) or when the row has
/// no code to filter on.
pub fn budget_rows(table: &Table, path: &Path, row: Option<&str>, stage: &str) -> Option<String> {
    let source = table.budget_sources.first()?;
    let mut filters: Vec<(String, String)> = path
        .chosen()
        .iter()
        .map(|(l, c)| (l.column().to_string(), format!("={c}")))
        .collect();
    if let Some(code) = row {
        let column = match (table.across, table.level) {
            (Across::Drill, Some(level)) => level.column(),
            (Across::Function, _) => "function",
            (Across::Ward, _) => "ward",
            _ => return None,
        };
        if code.is_empty() {
            return None;
        }
        filters.push((column.to_string(), format!("={code}")));
    }
    filters.push(("stage".into(), format!("={stage}")));
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(filters.iter())
        .finish();
    Some(format!(
        "/datasets/{}/v/{}?{query}",
        source.dataset, source.version
    ))
}
