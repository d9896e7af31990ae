//! `/revenue` (targets against collections by source, month or ward, with the
//! shortfall) and `/services` (turnaround per service, ward or month: median, 90th
//! percentile, share decided within the service charter's standard). Each is a URL with
//! its table, downloads as CSV, and links every line to the rows behind it.

use std::collections::HashMap;

use maud::{Markup, html};

use super::budget_pages::{Bar, hbars, swatch};
use super::error::WebError;
use super::extract::WebPage;
use super::pages::{View, code_label, layout, number};
use crate::analytics::{Records, Source, responses, revenue, services};

/// `fy` and `by` of a page, checked: an unknown year or grouping is a 400 naming the
/// ones that exist.
pub fn parse<B: Copy>(
    params: &HashMap<String, String>,
    years: &[String],
    all: &[B],
    id: impl Fn(B) -> &'static str,
) -> Result<(String, B), WebError> {
    if let Some(k) = params
        .keys()
        .find(|k| !matches!(k.as_str(), "fy" | "by" | "lang"))
    {
        return Err(WebError::BadRequest(format!(
            "`{k}` is not a parameter here; use fy and by"
        )));
    }
    let year = match params.get("fy").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        Some(y) if years.iter().any(|x| x == y) => y.to_string(),
        Some(y) => {
            return Err(WebError::BadRequest(format!(
                "no records for fiscal year `{y}`; the years are {}",
                years.join(", ")
            )));
        }
        None => years.first().cloned().ok_or_else(|| {
            WebError::NotFound("nothing has been published for this page yet".into())
        })?,
    };
    let by = match params.get("by").map(|b| b.trim()).filter(|b| !b.is_empty()) {
        None => all[0],
        Some(b) => all.iter().copied().find(|x| id(*x) == b).ok_or_else(|| {
            WebError::BadRequest(format!(
                "by `{b}`: use {}",
                all.iter().map(|x| id(*x)).collect::<Vec<_>>().join(", ")
            ))
        })?,
    };
    Ok((year, by))
}

fn percent(x: Option<f64>) -> String {
    x.map(|p| format!("{p:.0}%")).unwrap_or_default()
}

fn days(x: Option<f64>) -> String {
    x.map(|d| format!("{d:.0}")).unwrap_or_default()
}

/// The rows of each version behind a line, filtered on `column`.
fn behind_links<'a>(
    sources: impl Iterator<Item = (&'a Source, Option<usize>)>,
    column: &str,
    code: &str,
) -> Markup {
    let value: String = form_urlencoded::byte_serialize(format!("={code}").as_bytes()).collect();
    html! {
        @for (i, (s, n)) in sources.enumerate() {
            @if i > 0 { ", " }
            a href={"/datasets/" (s.dataset) "/v/" (s.version) "?" (column) "=" (value) "#rows"} title=(s.hash) { (s.dataset) " v" (s.version) }
            @if let Some(n) = n { " (" (n) ")" }
        }
    }
}

fn year_form(
    v: &View,
    action: &str,
    years: &[String],
    year: &str,
    bys: &[(&'static str, &'static str)],
    by: &str,
) -> Markup {
    html! {
        form.filters method="get" action=(action) {
            div { label for="fy" { (v.t("Fiscal year")) } select #fy name="fy" { @for y in years { option value=(y) selected[y == year] { (y) } } } }
            div { label for="by" { (v.t("Rows")) } select #by name="by" { @for (id, label) in bys { option value=(id) selected[*id == by] { (v.t(label)) } } } }
            button type="submit" { (v.t("Show")) }
        }
    }
}

/// Rows drawn as bars: the largest few, so a chart stays short on a phone.
const BARS_SHOWN: usize = 12;

/// Collected against target per line (the largest targets): the bar is what was
/// collected, the mark the target, the figure above it the share of the target.
fn revenue_chart(v: &View, lines: &[revenue::Line]) -> Markup {
    let mut shown: Vec<&revenue::Line> = lines.iter().collect();
    shown.sort_by(|a, b| {
        b.target
            .max(b.collected)
            .total_cmp(&a.target.max(a.collected))
    });
    shown.truncate(BARS_SHOWN);
    let max = shown
        .iter()
        .map(|l| l.target.max(l.collected))
        .fold(0.0, f64::max);
    if shown.is_empty() || max <= 0.0 {
        return html! {};
    }
    let bars: Vec<Bar> = shown
        .iter()
        .map(|l| Bar {
            label: if l.name.is_empty() {
                l.code.clone()
            } else {
                l.name.clone()
            },
            note: percent(l.rate()),
            parts: vec![("spent", l.collected)],
            mark: (l.target > 0.0).then_some(l.target),
        })
        .collect();
    html! {
        figure.chart {
            (hbars(&bars, max, v.t("Collected (bars) against target (marks) per row; the table below has the figures")))
            figcaption { small {
                (swatch("spent")) " " (v.t("collected")) " " (swatch("target")) " " (v.t("target")) ". "
                (v.t("The figure above each bar is the share of the target collected.")) " "
                @if lines.len() > shown.len() { (v.tf("The {} largest rows; the table below has every row and its figures.", shown.len())) }
                @else { (v.t("The table below has the figures.")) }
            } }
        }
    }
}

/// The share decided within the charter's standard, per line.
fn services_chart(v: &View, lines: &[services::Line], by: services::By) -> Markup {
    let bars: Vec<Bar> = lines
        .iter()
        .filter_map(|l| {
            let share = l.within_share()?;
            Some(Bar {
                label: service_key(v, by, &l.key),
                note: percent(Some(share)),
                parts: vec![("spent", share), ("left", 100.0 - share)],
                mark: None,
            })
        })
        .take(BARS_SHOWN)
        .collect();
    if bars.is_empty() {
        return html! {};
    }
    html! {
        figure.chart {
            (hbars(&bars, 100.0, v.t("Share of the requests decided within the standard, per row; the table below has the figures")))
            figcaption { small {
                (swatch("spent")) " " (v.t("decided within the standard")) " " (swatch("left")) " " (v.t("later, or not yet")) ". "
                @if lines.len() > bars.len() { (v.tf("The first {} rows; the table below has every row and its figures.", bars.len())) }
                @else { (v.t("The table below has the figures.")) }
            } }
        }
    }
}

/// A line's key as the reader says it: a service's name is a code list.
fn service_key(v: &View, by: services::By, key: &str) -> String {
    match by {
        services::By::Service => code_label(v, "service", key),
        _ => key.to_string(),
    }
}

pub fn revenue_page(v: &View, records: &Records, year: &str, by: revenue::By) -> Markup {
    let (lines, total) = revenue::table(records, year, by);
    let bys = [
        ("source", "by source"),
        ("month", "by month"),
        ("ward", "by ward"),
    ];
    let body = html! {
        h1 { (v.t("Revenue")) " " (year) }
        p.lead { (v.t("What each source of own revenue was expected to bring in, what was collected, and the shortfall.")) }
        (year_form(v, "/revenue", &revenue::years(records), year, &bys, by.id()))
        ul.figures aria-label=(v.t("Summary")) {
            li { strong { (number(total.target.round())) } (v.t("target")) }
            li { strong { (number(total.collected.round())) } (v.t("collected")) }
            li { strong { (percent(total.rate())) } (v.t("of target")) }
        }
        (revenue_chart(v, &lines))
        p { a href={"/revenue.csv?fy=" (year) "&by=" (by.id())} download { (v.t("Download as CSV")) } }
        div.wide tabindex="0" { table {
            caption { (v.t("Revenue")) " " (year) ", " (v.t("amounts in")) " " (v.protocol.jurisdiction.currency) }
            thead { tr { th scope="col" { (v.t("Row")) } th.num scope="col" { (v.t("Target")) } th.num scope="col" { (v.t("Collected")) } th.num scope="col" { (v.t("Shortfall")) } th.num scope="col" { (v.t("Of target")) } th scope="col" { (v.t("Rows behind it")) } } }
            tbody { @for l in &lines { tr {
                td { @if l.name.is_empty() { (if l.code.is_empty() { v.t("(none)") } else { &l.code }) } @else { (l.name) " " small { code { (l.code) } } } }
                td.num { (number(l.target.round())) } td.num { (number(l.collected.round())) } td.num { (number(l.shortfall().round())) } td.num { (percent(l.rate())) }
                td { small { @if !l.code.is_empty() { (behind_links(l.behind.iter().map(|(s, n)| (s, Some(*n))), by.column(), &l.code)) } } }
            } } }
            tfoot { tr { th scope="row" { (v.t("Total")) } td.num { (number(total.target.round())) } td.num { (number(total.collected.round())) } td.num { (number(total.shortfall().round())) } td.num { (percent(total.rate())) } td {} } }
        } }
    };
    layout(v, &format!("{} {year}", v.t("Revenue")), body)
}

pub fn services_page(v: &View, records: &Records, year: &str, by: services::By) -> Markup {
    let standards = &v.protocol.service_standards;
    let (lines, total) = services::table(records, year, by, standards);
    let bys = [
        ("service", "by service"),
        ("ward", "by ward"),
        ("month", "by month received"),
    ];
    let body = html! {
        h1 { (v.t("Service delivery")) " " (year) }
        p.lead { (v.t("How long the county takes to decide requests and applications, and how many it decides within the time its service charter promises.")) }
        (year_form(v, "/services", &services::years(records), year, &bys, by.id()))
        ul.figures aria-label=(v.t("Summary")) {
            li { strong { (total.requests) } (v.t("requests")) }
            li { strong { (days(total.median_days)) } (v.t("median days to decide")) }
            li { strong { (percent(total.within_share())) } (v.t("decided within the standard")) }
            li { strong { (total.pending) } (v.t("pending")) }
        }
        (services_chart(v, &lines, by))
        p { a href={"/services.csv?fy=" (year) "&by=" (by.id())} download { (v.t("Download as CSV")) } }
        div.wide tabindex="0" { table {
            caption { (v.t("Service delivery")) " " (year) }
            thead { tr {
                th scope="col" { (v.t("Row")) } @if by == services::By::Service { th.num scope="col" { (v.t("Standard (days)")) } }
                th.num scope="col" { (v.t("Requests")) } th.num scope="col" { (v.t("Decided")) } th.num scope="col" { (v.t("Pending")) }
                th.num scope="col" { (v.t("Median days")) } th.num scope="col" { (v.t("90th percentile days")) } th.num scope="col" { (v.t("Within the standard")) }
            } }
            tbody { @for l in &lines { tr {
                td {
                    @let column = match by { services::By::Service => "service", services::By::Ward => "ward", services::By::Month => "" };
                    @let shown = service_key(v, by, &l.key);
                    @if column.is_empty() || l.key.is_empty() { (shown) } @else { (shown) br; small { (behind_links(l.sources.iter().map(|s| (s, None)), column, &l.key)) } }
                }
                @if by == services::By::Service { td.num { (standards.get(&l.key).map(|d| d.to_string()).unwrap_or_default()) } }
                td.num { (l.requests) } td.num { (l.decided) } td.num { (l.pending) }
                td.num { (days(l.median_days)) } td.num { (days(l.p90_days)) } td.num { (percent(l.within_share())) }
            } } }
        } }
        p { small { (v.t("Standards come from the service charter in the disclosure protocol; requests still pending are not counted in the days.")) } }
        (responses_section(v, records, year))
    };
    layout(v, &format!("{} {year}", v.t("Service delivery")), body)
}

/// Response times to citizens' reports in `year`, per office and per category, from the
/// published `feedback` months; each line links to the versions it was computed from.
fn responses_section(v: &View, records: &Records, year: &str) -> Markup {
    let (_, total) = responses::table(&records.replies, year, responses::By::Office);
    html! {
        section #responses aria-labelledby="responses-title" {
            h2 #responses-title { (v.t("Response to citizens' reports")) " " (year) }
            @if total.reports == 0 {
                p { (v.t("No report of this year has been published yet.")) " " a href="/reports" { (v.t("Reports")) } }
            } @else {
                p { (v.t("How fast the county's offices acknowledge and resolve the reports residents file, against each category's service standard, computed from the monthly feedback datasets.")) }
                @if let Some((from, to)) = responses::as_of(&records.replies, year) {
                    p { small { (v.t("Status as of")) " " (v.date(from)) @if from != to { " – " (v.date(to)) " " (v.t("(each month as its latest version states it)")) } } }
                }
                ul.figures aria-label=(v.t("Summary")) {
                    li { strong { (total.reports) } (v.tn("report", "reports", total.reports as u64)) }
                    li { strong { (days(total.median_resolve_days)) } (v.t("median days to resolve")) }
                    li { strong { (percent(total.resolved_share())) } (v.t("resolved within the standard")) }
                    li { strong { (total.overdue) } (v.t("open and overdue")) }
                }
                @for by in responses::By::ALL {
                    (responses_table(v, records, year, by))
                }
                p { a href={"/services/responses.csv?fy=" (year) "&by=office"} download { (v.t("Download by office as CSV")) } " · " a href={"/services/responses.csv?fy=" (year) "&by=category"} download { (v.t("Download by category as CSV")) } }
                p { small { (v.t("Reports waiting for moderation, rejected or marked as duplicates are not counted. Medians and 90th percentiles are of the reports acknowledged or resolved; shares within the standard count the reports still open past it as late. Open and overdue counts are as each month's latest version states them.")) } }
            }
        }
    }
}

fn responses_table(v: &View, records: &Records, year: &str, by: responses::By) -> Markup {
    let (lines, total) = responses::table(&records.replies, year, by);
    let (caption, head) = match by {
        responses::By::Office => (v.t("Response times by office"), v.t("Office")),
        responses::By::Category => (v.t("Response times by category"), v.t("Category")),
    };
    let name = |key: &str| -> String {
        match by {
            responses::By::Office => {
                super::feedback_pages::office_name(v, v.protocol, key).to_string()
            }
            responses::By::Category => {
                super::feedback_pages::category_name(v, v.protocol, key).to_string()
            }
        }
    };
    html! {
        div.wide tabindex="0" { table {
            caption { (caption) " " (year) }
            thead { tr {
                th scope="col" { (head) } th.num scope="col" { (v.t("Reports")) }
                th.num scope="col" { (v.t("Median days to acknowledge")) } th.num scope="col" { (v.t("90th percentile days to acknowledge")) } th.num scope="col" { (v.t("Acknowledged within the standard")) }
                th.num scope="col" { (v.t("Median days to resolve")) } th.num scope="col" { (v.t("90th percentile days to resolve")) } th.num scope="col" { (v.t("Resolved within the standard")) }
                th.num scope="col" { (v.t("Open")) } th.num scope="col" { (v.t("Overdue")) }
            } }
            tbody {
                @for l in &lines { tr {
                    td { (name(&l.key)) br; small { (behind_links(l.sources.iter().map(|s| (s, None)), by.id(), &l.key)) } }
                    (responses_cells(l))
                } }
            }
            tfoot { tr { th scope="row" { (v.t("All")) } (responses_cells(&total)) } }
        } }
    }
}

fn responses_cells(l: &responses::Line) -> Markup {
    html! {
        td.num { (l.reports) }
        td.num { (days(l.median_acknowledge_days)) } td.num { (days(l.p90_acknowledge_days)) } td.num { (percent(l.acknowledged_share())) }
        td.num { (days(l.median_resolve_days)) } td.num { (days(l.p90_resolve_days)) } td.num { (percent(l.resolved_share())) }
        td.num { (l.open) } td.num { (l.overdue) }
    }
}

/// `/services/responses.csv`: the response times of a year by office or category, with
/// the versions each line was computed from.
pub fn responses_csv(
    records: &Records,
    year: &str,
    by: responses::By,
) -> Result<Vec<u8>, WebError> {
    let (lines, total) = responses::table(&records.replies, year, by);
    let mut out = csv::Writer::from_writer(Vec::new());
    let bad = WebError::Csv;
    out.write_record([
        "fiscal_year",
        by.id(),
        "reports",
        "acknowledged",
        "resolved",
        "median_days_to_acknowledge",
        "p90_days_to_acknowledge",
        "acknowledged_within_standard_pct",
        "median_days_to_resolve",
        "p90_days_to_resolve",
        "resolved_within_standard_pct",
        "open",
        "overdue",
        "versions",
    ])
    .map_err(bad)?;
    let one = |x: Option<f64>| x.map(|d| format!("{d:.1}")).unwrap_or_default();
    for (key, l) in lines
        .iter()
        .map(|l| (l.key.as_str(), l))
        .chain(std::iter::once(("TOTAL", &total)))
    {
        let versions = l
            .sources
            .iter()
            .map(|s| format!("{}/v{}", s.dataset, s.version))
            .collect::<Vec<_>>()
            .join(" ");
        out.write_record([
            year,
            key,
            &l.reports.to_string(),
            &l.acknowledged.to_string(),
            &l.resolved.to_string(),
            &one(l.median_acknowledge_days),
            &one(l.p90_acknowledge_days),
            &one(l.acknowledged_share()),
            &one(l.median_resolve_days),
            &one(l.p90_resolve_days),
            &one(l.resolved_share()),
            &l.open.to_string(),
            &l.overdue.to_string(),
            &versions,
        ])
        .map_err(bad)?;
    }
    out.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

pub fn revenue_csv(records: &Records, year: &str, by: revenue::By) -> Result<Vec<u8>, WebError> {
    let (lines, total) = revenue::table(records, year, by);
    let mut out = csv::Writer::from_writer(Vec::new());
    let bad = WebError::Csv;
    out.write_record([
        "fiscal_year",
        by.id(),
        "name",
        "target",
        "collected",
        "shortfall",
        "of_target_pct",
    ])
    .map_err(bad)?;
    for (code, l) in lines
        .iter()
        .map(|l| (l.code.as_str(), l))
        .chain(std::iter::once(("TOTAL", &total)))
    {
        out.write_record([
            year,
            code,
            &l.name,
            &format!("{:.2}", l.target),
            &format!("{:.2}", l.collected),
            &format!("{:.2}", l.shortfall()),
            &l.rate().map(|r| format!("{r:.1}")).unwrap_or_default(),
        ])
        .map_err(bad)?;
    }
    out.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

pub fn services_csv(
    v: &crate::protocol::Protocol,
    records: &Records,
    year: &str,
    by: services::By,
) -> Result<Vec<u8>, WebError> {
    let (lines, total) = services::table(records, year, by, &v.service_standards);
    let mut out = csv::Writer::from_writer(Vec::new());
    let bad = WebError::Csv;
    out.write_record([
        "fiscal_year",
        by.id(),
        "requests",
        "decided",
        "pending",
        "median_days",
        "p90_days",
        "within_standard_pct",
    ])
    .map_err(bad)?;
    for (key, l) in lines
        .iter()
        .map(|l| (l.key.as_str(), l))
        .chain(std::iter::once(("TOTAL", &total)))
    {
        out.write_record([
            year,
            key,
            &l.requests.to_string(),
            &l.decided.to_string(),
            &l.pending.to_string(),
            &days(l.median_days),
            &days(l.p90_days),
            &l.within_share()
                .map(|p| format!("{p:.1}"))
                .unwrap_or_default(),
        ])
        .map_err(bad)?;
    }
    out.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

/// `/revenue`: collections against target, by source, point, ward or month.
pub(super) struct RevenuePage<'a> {
    pub records: &'a Records,
    pub year: &'a str,
    pub by: revenue::By,
}

impl WebPage for RevenuePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(revenue_page(v, self.records, self.year, self.by))
    }
}

/// `/services`: how long requests for services took.
pub(super) struct ServicesPage<'a> {
    pub records: &'a Records,
    pub year: &'a str,
    pub by: services::By,
}

impl WebPage for ServicesPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(services_page(v, self.records, self.year, self.by))
    }
}
