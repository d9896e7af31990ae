//! `/budget`: budget against actual for a fiscal year, drilled down by office, programme,
//! sub-programme and economic item, or across by function, ward or month. Every view is
//! a URL with its table, a chart drawn on the server, and a CSV download; every amount
//! spent links to the payments behind it (`/budget/payments`), each month's pinned
//! version filtered to exactly them.

use std::collections::HashMap;
use std::fmt::Write;

use maud::{Markup, PreEscaped, html};

use super::error::WebError;
use super::extract::WebPage;
use super::pages::{View, layout, number};
use crate::analytics::Records;
use crate::analytics::budget::{self, Across, Path, Table};

/// A view's address: the year, the path, what the rows are.
#[derive(Debug, Clone)]
pub struct BudgetQuery {
    pub year: String,
    pub path: Path,
    pub across: Across,
    /// For `/budget/payments`: the row whose payments to show.
    pub row: Option<String>,
}

const PARAMS: [&str; 8] = [
    "fy",
    "unit",
    "programme",
    "sub",
    "item",
    "across",
    "row",
    "lang",
];

impl BudgetQuery {
    pub fn parse(params: &HashMap<String, String>, records: &Records) -> Result<Self, WebError> {
        if let Some(k) = params.keys().find(|k| !PARAMS.contains(&k.as_str())) {
            return Err(WebError::BadRequest(format!(
                "`{k}` is not a parameter of the budget; they are fy, unit, programme, sub, item, across"
            )));
        }
        let given = |name: &str| {
            params
                .get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let years = budget::years(records);
        let year = match given("fy") {
            Some(y) => y,
            None => years
                .first()
                .cloned()
                .ok_or_else(|| WebError::NotFound("no budget has been published yet".into()))?,
        };
        let path = Path {
            unit: given("unit"),
            programme: given("programme"),
            sub: given("sub"),
            item: given("item"),
        };
        let across = match given("across") {
            None => Across::Drill,
            Some(a) => Across::ALL
                .into_iter()
                .find(|x| x.id() == a)
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "across `{a}`: use drill, function, ward or month"
                    ))
                })?,
        };
        budget::check(records, &year, &path).map_err(|e| WebError::BadRequest(e.to_string()))?;
        Ok(Self {
            year,
            path,
            across,
            row: given("row"),
        })
    }

    /// The query string of this view with some parameters changed (`None` removes).
    fn with(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("fy", self.year.clone())];
        for (level, code) in self.path.chosen() {
            pairs.push((level.param(), code.to_string()));
        }
        if self.across != Across::Drill {
            pairs.push(("across", self.across.id().to_string()));
        }
        for (name, value) in changes {
            pairs.retain(|(k, _)| k != name);
            if let Some(v) = value {
                pairs.push((name, (*v).to_string()));
            }
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

fn percent(x: Option<f64>) -> String {
    x.map(|p| format!("{p:.0}%")).unwrap_or_default()
}

/// Stacked horizontal bars, one per row, as long as the larger of the latest budget and
/// spent: spent within the budget, then what is left of the budget, or what was spent
/// beyond it.
fn bars(v: &View, table: &Table) -> Option<Markup> {
    let rows: Vec<_> = table.rows.iter().take(40).collect();
    let max = rows
        .iter()
        .map(|r| r.current().max(r.spent))
        .fold(0.0, f64::max);
    if rows.is_empty() || max <= 0.0 {
        return None;
    }
    let (label_w, bar_w, row_h) = (220.0, 420.0, 22.0);
    let scale = |x: f64| x / max * bar_w;
    let mut svg = String::new();
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * row_h;
        let name = if r.name.is_empty() {
            r.code.clone()
        } else {
            r.name.clone()
        };
        let short: String = name.chars().take(34).collect();
        let (budget, spent) = (r.current().max(0.0), r.spent.max(0.0));
        let within = spent.min(budget);
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\" class=\"label\">{}</text>",
            label_w - 6.0,
            y + 13.0,
            maud::html! { (short) }.into_string()
        );
        let _ = write!(
            svg,
            "<rect x=\"{label_w}\" y=\"{:.0}\" width=\"{:.1}\" height=\"14\" class=\"spent\"/>",
            y + 2.0,
            scale(within)
        );
        if budget > spent {
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.0}\" width=\"{:.1}\" height=\"14\" class=\"left\"/>",
                label_w + scale(within),
                y + 2.0,
                scale(budget - spent)
            );
        } else if spent > budget {
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.0}\" width=\"{:.1}\" height=\"14\" class=\"over\"/>",
                label_w + scale(within),
                y + 2.0,
                scale(spent - budget)
            );
        }
    }
    let height = rows.len() as f64 * row_h + 4.0;
    Some(html! {
        figure.chart {
            svg viewBox={"0 0 " (label_w + bar_w + 10.0) " " (height)} role="img" aria-label=(v.t("Stacked bars per row: spent within the latest budget, then the budget left, or the spending beyond it; the table below has the figures")) { (PreEscaped(svg)) }
            figcaption { small { span.key.spent { "■" } " " (v.t("spent")) " " span.key.left { "■" } " " (v.t("budget left")) " " span.key.over { "■" } " " (v.t("spent beyond the budget")) } }
        }
    })
}

/// Cumulative spending by month against the even-spend line.
fn curve(v: &View, table: &Table) -> Option<Markup> {
    let budget = table.total.current();
    if table.rows.is_empty() || budget <= 0.0 {
        return None;
    }
    let (w, h, months) = (600.0, 220.0, 12.0);
    let top = budget.max(table.total.spent) * 1.05;
    let y = |amount: f64| h - amount / top * h;
    let mut cumulative = 0.0;
    let mut points = vec![format!("0,{:.1}", y(0.0))];
    for (i, r) in table.rows.iter().enumerate() {
        cumulative += r.spent;
        points.push(format!(
            "{:.1},{:.1}",
            (i + 1) as f64 / months * w,
            y(cumulative)
        ));
    }
    Some(html! {
        figure.chart {
            svg viewBox={"0 0 " (w) " " (h)} role="img" aria-label=(v.t("Cumulative spending by month (solid) against spending the budget evenly over the year (dashed)")) {
                line x1="0" y1=(format!("{:.1}", y(0.0))) x2=(w) y2=(format!("{:.1}", y(budget))) class="even" {}
                polyline points=(points.join(" ")) class="spent-line" {}
            }
            figcaption { small { (v.t("Solid: spent so far. Dashed: the budget spent evenly over twelve months.")) } }
        }
    })
}

pub fn dashboard(v: &View, records: &Records, q: &BudgetQuery) -> Markup {
    let table = budget::table(records, &q.year, &q.path, q.across);
    let years = budget::years(records);
    let drill_link = |code: &str| -> Option<String> {
        table
            .level
            .map(|level| format!("/budget?{}", q.with(&[(level.param(), Some(code))])))
    };
    let payments_link =
        |code: Option<&str>| format!("/budget/payments?{}", q.with(&[("row", code)]));
    let body = html! {
        h1 { (v.t("Budget and spending")) " " (q.year) }
        p.lead { (v.t("What each budget stage gave, what was spent from the monthly payments, and how much of the latest budget that is. Stages are shown side by side and never added together.")) }
        form.filters method="get" action="/budget" {
            div { label for="fy" { (v.t("Fiscal year")) } select #fy name="fy" { @for y in &years { option value=(y) selected[*y == q.year] { (y) } } } }
            div { label for="across" { (v.t("Rows")) } select #across name="across" {
                option value="drill" selected[q.across == Across::Drill] { (v.t("office, then programme, sub-programme and item")) }
                option value="function" selected[q.across == Across::Function] { (v.t("by function")) }
                option value="ward" selected[q.across == Across::Ward] { (v.t("by ward")) }
                option value="month" selected[q.across == Across::Month] { (v.t("by month")) }
            } }
            @for (level, code) in q.path.chosen() { input type="hidden" name=(level.param()) value=(code); }
            button type="submit" { (v.t("Show")) }
        }
        nav.crumbs aria-label=(v.t("Where you are")) {
            a href={"/budget?" (q.with(&[("unit", None), ("programme", None), ("sub", None), ("item", None)]))} { (v.t("Whole budget")) }
            @for (i, (_, code, name)) in table.path.iter().enumerate() {
                " › "
                @let deeper: Vec<(&str, Option<&str>)> = budget::LEVELS[i + 1..].iter().map(|l| (l.param(), None)).collect();
                a href={"/budget?" (q.with(&deeper))} { @if name.is_empty() { (code) } @else { (name) } } " " small { code { (code) } }
            }
        }
        @if q.across == Across::Month { @if let Some(c) = curve(v, &table) { (c) } } @else { @if let Some(b) = bars(v, &table) { (b) } }
        p {
            a href={"/budget.csv?" (q.with(&[]))} download { (v.t("Download as CSV")) } " · "
            a href=(payments_link(None)) { (v.t("Every payment behind this view")) }
        }
        div.wide {
            table {
                caption { (v.t("Budget and spending")) " " (q.year) }
                thead { tr {
                    th scope="col" { (v.t("Row")) }
                    @for s in &table.stages { th.num scope="col" { (s) } }
                    th.num scope="col" { (v.t("Spent")) } th.num scope="col" { (v.t("Absorption")) } th.num scope="col" { (v.t("Variance")) }
                } }
                tbody {
                    @for r in &table.rows {
                        tr {
                            td {
                                @let label = if r.name.is_empty() { r.code.as_str() } else { r.name.as_str() };
                                @match drill_link(&r.code) { Some(href) if !r.code.is_empty() => { a href=(href) { (label) } } _ => { (if label.is_empty() { v.t("(none)") } else { label }) } }
                                @if !r.code.is_empty() && !r.name.is_empty() { " " small { code { (r.code) } } }
                            }
                            @for (stage, amount) in table.stages.iter().zip(&r.budget) { td.num {
                                @match budget::budget_rows(&table, &q.path, Some(&r.code), stage).filter(|_| *amount != 0.0) { Some(href) => { a href={(href) "#rows"} { (number(amount.round())) } } None => { (number(amount.round())) } }
                            } }
                            td.num { @if r.code.is_empty() { (number(r.spent.round())) } @else { a href=(payments_link(Some(&r.code))) { (number(r.spent.round())) } } }
                            td.num { (percent(r.absorption())) }
                            td.num { (number(r.variance().round())) }
                        }
                    }
                }
                tfoot { tr {
                    th scope="row" { (v.t("Total")) }
                    @for (stage, amount) in table.stages.iter().zip(&table.total.budget) { td.num {
                        @match budget::budget_rows(&table, &q.path, None, stage) { Some(href) => { a href={(href) "#rows"} { (number(amount.round())) } } None => { (number(amount.round())) } }
                    } }
                    td.num { a href=(payments_link(None)) { (number(table.total.spent.round())) } }
                    td.num { (percent(table.total.absorption())) }
                    td.num { (number(table.total.variance().round())) }
                } }
            }
        }
        p { small {
            (v.t("Budget from")) " "
            @for (i, s) in table.budget_sources.iter().enumerate() { @if i > 0 { ", " } a href={"/datasets/" (s.dataset) "/v/" (s.version)} { (s.dataset) " v" (s.version) } " " code title=(s.hash) { (&s.hash[..8]) } }
            ". " (v.t("Spent: every payment of the year in the monthly payment datasets; absorption is spent as a share of the latest stage; variance is the latest stage less spent.")) " " (v.t("Amounts in")) " " (v.protocol.jurisdiction.currency) "."
        } }
    };
    layout(
        v,
        &format!("{} {}", v.t("Budget and spending"), q.year),
        body,
    )
}

pub fn payments(v: &View, records: &Records, q: &BudgetQuery) -> Markup {
    let behind = budget::behind(records, &q.year, &q.path, q.across, q.row.as_deref());
    let total: f64 = behind.iter().map(|b| b.amount).sum();
    let count: usize = behind.iter().map(|b| b.rows).sum();
    let body = html! {
        h1 { (v.t("Payments behind the figure")) }
        p.lead { (number(count as f64)) " " (v.t("payments")) ", " (v.protocol.jurisdiction.currency) " " (number(total.round())) ". " (v.t("Each link opens a month's published version, filtered to exactly these payments.")) }
        p { a href={"/budget?" (q.with(&[("row", None)]))} { "← " (v.t("Back to the budget")) } }
        div.wide { table {
            caption { (v.t("Payments by month, in their pinned versions")) }
            thead { tr { th scope="col" { (v.t("Dataset version")) } th.num scope="col" { (v.t("Payments")) } th.num scope="col" { (v.t("Amount")) } } }
            tbody { @for b in &behind { tr {
                td { a href={(b.url()) "#rows"} { (b.dataset) " v" (b.version) } " " code title=(b.hash) { (&b.hash[..8]) } }
                td.num { (b.rows) } td.num { (number(b.amount.round())) }
            } } }
        } }
    };
    layout(v, v.t("Payments behind the figure"), body)
}

pub fn csv(records: &Records, q: &BudgetQuery) -> Result<Vec<u8>, WebError> {
    let table = budget::table(records, &q.year, &q.path, q.across);
    let mut out = csv::Writer::from_writer(Vec::new());
    let bad = WebError::Csv;
    let mut header = vec!["fiscal_year".to_string(), "code".into(), "name".into()];
    header.extend(table.stages.iter().cloned());
    header.extend([
        "spent".into(),
        "payments".into(),
        "absorption_pct".into(),
        "variance".into(),
    ]);
    out.write_record(&header).map_err(bad)?;
    for r in table.rows.iter().chain(std::iter::once(&table.total)) {
        let mut record = vec![
            q.year.clone(),
            if std::ptr::eq(r, &table.total) {
                "TOTAL".into()
            } else {
                r.code.clone()
            },
            r.name.clone(),
        ];
        record.extend(r.budget.iter().map(|a| format!("{a:.2}")));
        record.extend([
            format!("{:.2}", r.spent),
            r.payments.to_string(),
            r.absorption()
                .map(|p| format!("{p:.1}"))
                .unwrap_or_default(),
            format!("{:.2}", r.variance()),
        ]);
        out.write_record(&record).map_err(bad)?;
    }
    out.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

/// `/budget`: budget against payments, drilled down and across.
pub(super) struct BudgetPage<'a> {
    pub records: &'a Records,
    pub query: &'a BudgetQuery,
}

impl WebPage for BudgetPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(dashboard(v, self.records, self.query))
    }
}

/// `/budget/payments`: the payments behind one cell of the budget view.
pub(super) struct BudgetPaymentsPage<'a> {
    pub records: &'a Records,
    pub query: &'a BudgetQuery,
}

impl WebPage for BudgetPaymentsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(payments(v, self.records, self.query))
    }
}
