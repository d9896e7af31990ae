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
        // Without a year: the latest with a budget, so that a new year's first payments
        // (published before its budget) do not empty the first view.
        let year = match given("fy") {
            Some(y) => y,
            None => budget::budgeted_years(records)
                .into_iter()
                .chain(budget::years(records))
                .next()
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

fn variance(r: &budget::Row) -> String {
    r.variance().map(|x| number(x.round())).unwrap_or_default()
}

/// Width of every chart's drawing, in SVG units: a 360 px phone draws it at about one unit
/// to the pixel, so text set at 13 units reads at 12–13 px there (and larger elsewhere).
pub(super) const CHART_W: f64 = 340.0;
/// Text size in chart units (see [`CHART_W`]), and the width of a character, roughly.
const TEXT: f64 = 13.0;
const CHAR_W: f64 = 7.2;

/// One row of a horizontal bar chart: a label on its own line above the bar (so long
/// names never collide), a figure at the right of that line, the bar's parts end to end
/// (a class each), and an optional mark (a target).
pub(super) struct Bar {
    pub label: String,
    pub note: String,
    pub parts: Vec<(&'static str, f64)>,
    pub mark: Option<f64>,
}

/// `text` cut to about `room` units wide, with an ellipsis when cut.
fn fit(text: &str, room: f64) -> String {
    crate::format::clipped(text, (room / CHAR_W).floor().max(4.0) as usize)
}

/// Horizontal bars, labels above them, scaled to `max`; the SVG only (the caller gives
/// the key and the table with the same figures).
pub(super) fn hbars(bars: &[Bar], max: f64, label: &str) -> Markup {
    let row_h = 40.0;
    let bar_h = 12.0;
    let mut svg = String::new();
    let scale = |x: f64| (x.max(0.0) / max * CHART_W).min(CHART_W);
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * row_h;
        let note_w = b.note.chars().count() as f64 * CHAR_W;
        let text = |x: f64, anchor: &str, class: &str, t: &str| {
            format!(
                "<text x=\"{x:.0}\" y=\"{:.0}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
                y + TEXT,
                maud::html! { (t) }.into_string()
            )
        };
        svg.push_str(&text(
            0.0,
            "start",
            "label",
            &fit(&b.label, CHART_W - note_w - 10.0),
        ));
        if !b.note.is_empty() {
            svg.push_str(&text(CHART_W, "end", "value", &b.note));
        }
        let mut x = 0.0;
        for (class, amount) in &b.parts {
            let w = scale(*amount);
            if w > 0.0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{:.0}\" width=\"{w:.1}\" height=\"{bar_h}\" class=\"{class}\"/>",
                    y + TEXT + 5.0
                );
            }
            x = (x + w).min(CHART_W);
        }
        if let Some(m) = b.mark {
            let mx = scale(m).clamp(1.0, CHART_W - 1.0);
            let _ = write!(
                svg,
                "<path d=\"M{mx:.1} {:.0}v{:.0}\" class=\"target\"/>",
                y + TEXT + 2.0,
                bar_h + 6.0
            );
        }
    }
    let height = bars.len() as f64 * row_h;
    html! {
        svg viewBox={"0 0 " (CHART_W) " " (height)} role="img" aria-label=(label) { (PreEscaped(svg)) }
    }
}

/// A key's swatch: a small square in a chart's colour.
pub(super) fn swatch(class: &str) -> Markup {
    html! { span class={"swatch " (class)} aria-hidden="true" {} }
}

/// Rows drawn as bars: the largest few, so the chart stays short on a phone.
const BARS_SHOWN: usize = 12;

/// Stacked horizontal bars, one per row (the largest), as long as the larger of the
/// latest budget and spent: spent within the budget, then what is left of the budget, or
/// what was spent beyond it. The share spent is written above each bar.
fn bars(v: &View, table: &Table) -> Option<Markup> {
    let mut rows: Vec<_> = table.rows.iter().collect();
    rows.sort_by(|a, b| {
        b.current()
            .max(b.spent)
            .total_cmp(&a.current().max(a.spent))
    });
    rows.truncate(BARS_SHOWN);
    let max = rows
        .iter()
        .map(|r| r.current().max(r.spent))
        .fold(0.0, f64::max);
    if rows.is_empty() || max <= 0.0 {
        return None;
    }
    // A year without a budget yet: what was spent, with nothing to be within or beyond.
    let unbudgeted = table.stages.is_empty();
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let (budget, spent) = (r.current().max(0.0), r.spent.max(0.0));
            let within = if unbudgeted { spent } else { spent.min(budget) };
            let mut parts = vec![("spent", within)];
            if unbudgeted {
            } else if budget > spent {
                parts.push(("left", budget - spent));
            } else if spent > budget {
                parts.push(("over", spent - budget));
            }
            Bar {
                label: if r.name.is_empty() {
                    r.code.clone()
                } else {
                    r.name.clone()
                },
                note: percent(r.absorption()),
                parts,
                mark: None,
            }
        })
        .collect();
    Some(html! {
        figure.chart {
            @if unbudgeted {
                (hbars(&bars, max, v.t("Bars per row: what was spent; the table below has the figures")))
            } @else {
                (hbars(&bars, max, v.t("Stacked bars per row: spent within the latest budget, then the budget left, or the spending beyond it; the table below has the figures")))
            }
            figcaption { small {
                @if unbudgeted { (swatch("spent")) " " (v.t("spent")) ". " } @else {
                    (swatch("spent")) " " (v.t("spent")) " " (swatch("left")) " " (v.t("budget left")) " " (swatch("over")) " " (v.t("spent beyond the budget")) ". "
                    (v.t("The figure above each bar is the share of the budget spent.")) " "
                }
                @if table.rows.len() > rows.len() { (v.tf("The {} largest rows; the table below has every row and its figures.", rows.len())) }
                @else { (v.t("The table below has the figures.")) }
            } }
        }
    })
}

/// Cumulative spending by month against the even-spend line, with the budget's quarters
/// marked and the first and last month named.
fn curve(v: &View, table: &Table) -> Option<Markup> {
    let budget = table.total.current();
    if table.rows.is_empty() || budget <= 0.0 {
        return None;
    }
    let (w, h, left, bottom, top_pad) = (CHART_W, 210.0, 44.0, 24.0, 8.0);
    let plot_w = w - left - 6.0;
    let months = 12.0;
    let top = budget.max(table.total.spent) * 1.05;
    let y = |amount: f64| top_pad + (h - bottom - top_pad) * (1.0 - amount / top);
    let x = |i: f64| left + i / months * plot_w;
    let mut cumulative = 0.0;
    let mut points = vec![format!("{:.1},{:.1}", x(0.0), y(0.0))];
    for (i, r) in table.rows.iter().enumerate() {
        cumulative += r.spent;
        points.push(format!("{:.1},{:.1}", x((i + 1) as f64), y(cumulative)));
    }
    let first = table.rows.first().map(|r| r.code.as_str()).unwrap_or("");
    let last = table.rows.last().map(|r| r.code.as_str()).unwrap_or("");
    Some(html! {
        figure.chart {
            svg viewBox={"0 0 " (w) " " (h)} role="img" aria-label=(v.t("Cumulative spending by month (solid) against spending the budget evenly over the year (dashed)")) {
                @for share in [0.0, 0.5, 1.0] {
                    line.grid x1=(left) x2=(w - 6.0) y1=(format!("{:.1}", y(budget * share))) y2=(format!("{:.1}", y(budget * share))) {}
                    text x=(left - 4.0) y=(format!("{:.1}", y(budget * share) + 4.5)) text-anchor="end" { (format!("{:.0}%", share * 100.0)) }
                }
                line x1=(x(0.0)) y1=(format!("{:.1}", y(0.0))) x2=(x(months)) y2=(format!("{:.1}", y(budget))) class="even" {}
                polyline points=(points.join(" ")) class="spent-line" {}
                text x=(left) y=(h - 6.0) { (first) }
                text x=(w - 6.0) y=(h - 6.0) text-anchor="end" { (last) }
            }
            figcaption { small { (v.t("Solid: spent so far. Dashed: the budget spent evenly over twelve months.")) " " (v.t("Up the side: the share of the latest budget.")) " " (v.t("The table below has the figures.")) } }
        }
    })
}

pub fn dashboard(v: &View, records: &Records, q: &BudgetQuery) -> Markup {
    let table = budget::table(records, &q.year, &q.path, q.across);
    let years = budget::years(records);
    let budgeted = budget::budgeted_years(records);
    // A year whose payments came out before its budget: what was paid, and no stage to
    // measure it against yet.
    let unbudgeted = table.stages.is_empty();
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
        @if unbudgeted {
            p.alert role="status" {
                (v.tf("The budget of fiscal year {} is not yet published: what was paid in the months published so far is shown, without the absorption and variance that are measured against a budget.", &q.year))
                @if let Some(last) = budgeted.first() { " " a href={"/budget?fy=" (last)} { (v.tf("Budget and spending {}", last)) } }
            }
        }
        form.filters method="get" action="/budget" {
            div { label for="fy" { (v.t("Fiscal year")) } select #fy name="fy" { @for y in &years { option value=(y) selected[*y == q.year] { (y) @if !budgeted.contains(y) { " (" (v.t("payments only")) ")" } } } } }
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
        div.wide tabindex="0" {
            table {
                caption { (v.t("Budget and spending")) " " (q.year) }
                thead { tr {
                    th scope="col" { (v.t("Row")) }
                    @for s in &table.stages { th.num scope="col" { (v.t(super::pages::stage_label(s))) } }
                    th.num scope="col" { (v.t("Spent")) }
                    @if !unbudgeted { th.num scope="col" { (v.t("Absorption")) } th.num scope="col" { (v.t("Variance")) } }
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
                            @if !unbudgeted { td.num { (percent(r.absorption())) } td.num { (variance(r)) } }
                        }
                    }
                }
                tfoot { tr {
                    th scope="row" { (v.t("Total")) }
                    @for (stage, amount) in table.stages.iter().zip(&table.total.budget) { td.num {
                        @match budget::budget_rows(&table, &q.path, None, stage) { Some(href) => { a href={(href) "#rows"} { (number(amount.round())) } } None => { (number(amount.round())) } }
                    } }
                    td.num { a href=(payments_link(None)) { (number(table.total.spent.round())) } }
                    @if !unbudgeted { td.num { (percent(table.total.absorption())) } td.num { (variance(&table.total)) } }
                } }
            }
        }
        p { small {
            @if !unbudgeted {
                (v.t("Budget from")) " "
                @for (i, s) in table.budget_sources.iter().enumerate() { @if i > 0 { ", " } a href={"/datasets/" (s.dataset) "/v/" (s.version)} { (s.dataset) " v" (s.version) } " " code title=(s.hash) { (&s.hash[..8]) } }
                ". "
            }
            (v.t("Spent: every payment of the year in the monthly payment datasets; absorption is spent as a share of the latest stage; variance is the latest stage less spent.")) " " (v.t("Amounts in")) " " (v.protocol.jurisdiction.currency) "."
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
        p.lead { (v.tn("{} payment", "{} payments", count as u64)) ", " (v.protocol.jurisdiction.currency) " " (number(total.round())) ". " (v.t("Each link opens a month's published version, filtered to exactly these payments.")) }
        p { a href={"/budget?" (q.with(&[("row", None)]))} { "← " (v.t("Back to the budget")) } }
        div.wide tabindex="0" { table {
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
            r.variance().map(|x| format!("{x:.2}")).unwrap_or_default(),
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
