//! `/projects` and `/projects/{id}`: where the money goes, on a map drawn on the server
//! (SVG: no JavaScript, prints, a few kilobytes), and one project's promise, payments
//! and progress side by side.

use std::collections::HashMap;

use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use serde_json::Value;

use super::error::WebError;
use super::extract::WebPage;
use super::i18n::Lang;
use super::map::Projection;
use super::pages::{
    View, code_label, layout, layout_with, named, number, project_code_labels, project_link,
    ward_link,
};
use crate::analytics::flags::{Flag, Rule, Severity};
use crate::analytics::works::{Works, number as num, prop};
use crate::store::Indexed;

/// Projects per page of the list (with the map of every project, under 60 KB).
pub const PROJECTS_PAGE: usize = 20;

/// The list's filters, each a property of the register.
pub const FILTERS: [&str; 4] = ["status", "sector", "ward", "fiscal_year"];

#[derive(Debug, Clone, Default)]
pub struct ProjectFilters {
    pub chosen: Vec<(&'static str, String)>,
    /// A red flag the projects raise: a rule, or any.
    pub flag: Option<FlagFilter>,
    pub page: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagFilter {
    Any,
    Rule(Rule),
}

impl FlagFilter {
    fn id(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Rule(r) => r.id(),
        }
    }
}

/// The rules a project can raise.
pub const PROJECT_RULES: [Rule; 5] = [
    Rule::PaymentsAheadOfProgress,
    Rule::Overdue,
    Rule::CostOverrun,
    Rule::PaidBeyondContract,
    Rule::NoInspectionWhilePaying,
];

impl ProjectFilters {
    pub fn parse(params: &HashMap<String, String>) -> Result<Self, WebError> {
        let mut chosen = Vec::new();
        for name in FILTERS {
            if let Some(v) = params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                chosen.push((name, v.to_string()));
            }
        }
        if let Some(k) = params.keys().find(|k| {
            !FILTERS.contains(&k.as_str()) && !matches!(k.as_str(), "page" | "lang" | "flag")
        }) {
            return Err(WebError::BadRequest(format!(
                "`{k}` is not a filter of the project list; the filters are {}, flag",
                FILTERS.join(", ")
            )));
        }
        let flag = match params
            .get("flag")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            None => None,
            Some("any") => Some(FlagFilter::Any),
            Some(id) => Some(FlagFilter::Rule(
                PROJECT_RULES
                    .into_iter()
                    .find(|r| r.id() == id)
                    .ok_or_else(|| {
                        WebError::BadRequest(format!(
                            "`{id}` is not a red flag of projects; use any, or one of {}",
                            PROJECT_RULES.map(Rule::id).join(", ")
                        ))
                    })?,
            )),
        };
        Ok(Self {
            chosen,
            flag,
            page: crate::format::positive(params, "page", 1, usize::MAX)?,
        })
    }

    fn keeps(&self, works: &Works, f: &Indexed) -> bool {
        self.chosen.iter().all(|(k, v)| prop(&f.feature, k) == v)
            && match self.flag {
                None => true,
                Some(FlagFilter::Any) => works.flags_of(id_of(f)).next().is_some(),
                Some(FlagFilter::Rule(r)) => works.flags_of(id_of(f)).any(|x| x.rule == r),
            }
    }

    fn href(&self, page: usize) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.chosen {
            q.append_pair(k, v);
        }
        if let Some(flag) = self.flag {
            q.append_pair("flag", flag.id());
        }
        if page > 1 {
            q.append_pair("page", &page.to_string());
        }
        format!("/projects?{}", q.finish())
    }
}

fn money(v: &View, x: f64) -> String {
    format!("{} {}", v.protocol.jurisdiction.currency, number(x.round()))
}

fn status_class(status: &str) -> &'static str {
    match status {
        "identification" | "preparation" => "s-planned",
        "implementation" => "s-underway",
        "completion" => "s-done",
        _ => "s-other",
    }
}

pub(super) fn id_of(f: &Indexed) -> &str {
    f.feature.get("id").and_then(Value::as_str).unwrap_or("")
}

/// The wards as SVG shapes of class `ward`, each titled with its name and code: the ground
/// of the county's drawn maps.
pub(super) fn ward_shapes(map: &Projection, wards: &[Indexed]) -> String {
    wards
        .iter()
        .filter_map(|w| {
            let title = format!(
                "{} ({})",
                prop(&w.feature, "name"),
                prop(&w.feature, "code")
            );
            map.shape(w.feature.get("geometry")?, "ward", &title)
        })
        .collect()
}

/// The county map: wards, then the projects kept, coloured by status.
fn county_map(v: &View, works: &Works, shown: &[&Indexed]) -> Markup {
    let map = Projection::new(v.protocol.jurisdiction.bbox, 640.0);
    let mut svg = ward_shapes(&map, &works.wards);
    // One group per status, its colour on the group: a map of every project stays within
    // the page's budget. Each link is named by its shape's <title> (the project's title).
    for class in ["s-planned", "s-underway", "s-done", "s-other"] {
        svg.push_str(&format!(r#"<g class="{class}">"#));
        for p in shown
            .iter()
            .filter(|p| status_class(prop(&p.feature, "status")) == class)
        {
            let title = prop(&p.feature, "title");
            if let Some(shape) = p
                .feature
                .get("geometry")
                .and_then(|g| map.shape(g, "", title))
            {
                svg.push_str(&format!(r#"<a href="/projects/{}">{shape}</a>"#, id_of(p)));
            }
        }
        svg.push_str("</g>");
    }
    html! {
        figure.map {
            // A group, not an image: it holds a link per project (an image's content is
            // hidden from assistive technology, so links inside one are unreachable).
            svg viewBox={"0 0 " (map.width) " " (map.height)} role="group" aria-label=(v.t("Map of the wards and the projects listed")) { (PreEscaped(svg)) }
            figcaption {
                // The statuses' own words, as the filter and the list say them.
                span.key.s-planned { "●" } " " (code_label(v, "status", "identification")) ", " (code_label(v, "status", "preparation")) " · "
                span.key.s-underway { "●" } " " (code_label(v, "status", "implementation")) " · "
                span.key.s-done { "●" } " " (code_label(v, "status", "completion")) " · "
                (v.t("Projects without a location are in the list only."))
            }
        }
    }
}

pub fn projects_list(
    v: &View,
    works: &Works,
    filters: &ProjectFilters,
) -> Result<Markup, WebError> {
    let shown: Vec<&Indexed> = works
        .projects
        .iter()
        .filter(|p| filters.keeps(works, p))
        .collect();
    let pages = shown.len().div_ceil(PROJECTS_PAGE).max(1);
    if filters.page > pages {
        return Err(WebError::BadRequest(format!(
            "page {} is past the end; there are {pages}",
            filters.page
        )));
    }
    let body = html! {
        h1 { (v.t("Public works projects")) }
        p.lead { (v.t("Every project in the register: where it is, what it was contracted for, and what has been paid for it so far.")) }
        (filter_form(v, works, filters, "/projects"))
        (county_map(v, works, &shown))
        p { a href=(filters.href(1).replacen("/projects?", "/projects/map?", 1)) { (v.t("Open the interactive map")) } " " small { "(" (v.t("loads about 600 KB of JavaScript")) ")" } }
        p { (v.tn("{} project", "{} projects", shown.len() as u64)) @if pages > 1 { " · " (v.t("page")) " " (filters.page) " / " (pages) } }
        // One card per project on a phone, a table on a wider screen.
        table.cards {
            caption { (v.t("Projects, with what was paid to date")) }
            thead { tr {
                th scope="col" { (v.t("Project")) } th scope="col" { (v.t("Sector")) } th scope="col" { (v.t("Ward")) } th scope="col" { (v.t("Status")) }
                th.num scope="col" { (v.t("Contract value")) } th.num scope="col" { (v.t("Paid to date")) }
            } }
            tbody {
                @for p in shown.iter().skip((filters.page - 1) * PROJECTS_PAGE).take(PROJECTS_PAGE) {
                    @let id = id_of(p);
                    tr {
                        td { a href={"/projects/" (id)} { (prop(&p.feature, "title")) } " " small { code { (id) } } }
                        td.tag { (code_label(v, "sector", prop(&p.feature, "sector"))) }
                        @let ward = prop(&p.feature, "ward");
                        td.tag { (works.ward_name(ward).unwrap_or(ward)) }
                        td.tag { (code_label(v, "status", prop(&p.feature, "status"))) }
                        td.num data-label=(v.t("Contract value")) { (num(&p.feature, "contract_value_current").map(number).unwrap_or_default()) }
                        td.num data-label=(v.t("Paid to date")) { (number(works.paid(id).round())) }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label=(v.t("Pages")) {
                @if filters.page > 1 { a href=(filters.href(filters.page - 1)) rel="prev" { "← " (v.t("Previous")) } }
                @if filters.page < pages { a href=(filters.href(filters.page + 1)) rel="next" { (v.t("Next")) " →" } }
            }
        }
        p { (v.t("The same projects for GIS")) ": " a href="/ogc/collections/projects/items" { "OGC API – Features" } " · " a href="/datasets/projects" { (v.t("the register and its downloads")) } }
    };
    Ok(layout(v, v.t("Public works projects"), body))
}

/// `/projects/map`: the same filters, on an interactive map (MapLibre GL JS over the
/// site's vector tiles). Without JavaScript it says so and links back to the drawn map.
pub fn projects_map(v: &View, works: &Works, filters: &ProjectFilters) -> Markup {
    let [w, s, e, n] = v.protocol.jurisdiction.bbox;
    let extra = html! {
        link rel="stylesheet" href=(super::assets::maplibre_css_path());
        script type="module" src=(super::assets::map_js_path()) {}
    };
    let ids = filters.flag.map(|_| {
        serde_json::Value::from(
            works
                .projects
                .iter()
                .filter(|p| filters.keeps(works, p))
                .map(|p| id_of(p).to_string())
                .collect::<Vec<_>>(),
        )
        .to_string()
    });
    let body = html! {
        h1 { (v.t("Public works projects")) ": " (v.t("interactive map")) }
        (filter_form(v, works, filters, "/projects/map"))
        div #map .interactive data-bounds=(format!("[[{w},{s}],[{e},{n}]]")) data-attribution=(v.protocol.jurisdiction.publisher) data-more=(v.t("{} projects here: zoom in")) data-labels=(project_code_labels(v, &works.wards)) data-ids=[ids] {
            noscript { p { (v.t("The interactive map needs JavaScript.")) " " a href=(filters.href(1)) { (v.t("The drawn map and the list work without it.")) } } }
        }
        p { a href=(filters.href(1)) { (v.t("Back to the drawn map and the list")) } " · " a href="/tiles/projects.json" { "TileJSON" } }
    };
    layout_with(v, v.t("Public works projects"), extra, body)
}

/// The list's filters as a GET form to `action`, each a choice of the register's values.
fn filter_form(v: &View, works: &Works, filters: &ProjectFilters, action: &str) -> Markup {
    // Each value with its label: wards by name and code ("Kiriko (MLM-20)"), in the
    // order of their names; code lists in the reader's language.
    let values = |name: &str| {
        let mut all: Vec<(&str, String)> = works
            .projects
            .iter()
            .map(|p| prop(&p.feature, name))
            .filter(|s| !s.is_empty())
            .map(|value| {
                let label = match name {
                    "ward" => named(works.ward_name(value), value),
                    _ => code_label(v, name, value),
                };
                (value, label)
            })
            .collect();
        all.sort_unstable_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
        all.dedup();
        all
    };
    let chosen = |name: &str| {
        filters
            .chosen
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    html! {
        form.filters method="get" action=(action) {
            @for name in FILTERS {
                div {
                    label for=(name) { (v.t(filter_label(name))) }
                    select #(name) name=(name) {
                        option value="" { (v.t("all")) }
                        @for (value, label) in values(name) { option value=(value) selected[chosen(name) == Some(value)] { (label) } }
                    }
                }
            }
            div {
                label for="flag" { (v.t("Red flag")) }
                select #flag name="flag" {
                    option value="" { (v.t("all")) }
                    option value="any" selected[filters.flag == Some(FlagFilter::Any)] { (v.t("any red flag")) }
                    @for rule in PROJECT_RULES { option value=(rule.id()) selected[filters.flag == Some(FlagFilter::Rule(rule))] { (v.t(rule.title())) } }
                }
            }
            button type="submit" { (v.t("Show")) }
        }
    }
}

/// A project's raised flags, each with its figures and the rows behind it.
pub fn flag_list(v: &View, works: &Works, flags: &[&Flag]) -> Markup {
    html! {
        ul.flags {
            @for f in flags {
                li class={"flag " (f.severity.id())} {
                    strong { a href={"/audit/flags#" (f.rule.id())} { (v.t(f.rule.title())) } } " "
                    small.severity { "(" (v.t(severity_label(f.severity))) ")" }
                    @if let Some(p) = &f.project { " · " (project_link(works.project_title(p), p)) }
                    @if let Some(w) = &f.ward { " · " (ward_link(works.ward_name(w), w)) }
                    br;
                    (summary(v, f))
                    br;
                    small {
                        (v.t("Rows behind it")) ": "
                        @for (i, e) in f.evidence.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={(e.url()) "#rows"} { (e.dataset) " v" (e.version) } " " code title=(e.hash) { (&e.hash[..8]) }
                        }
                    }
                }
            }
        }
    }
}

/// A flag's figures in a sentence in English; in other languages, as labelled figures
/// (the sentence is English).
pub fn summary(v: &View, f: &Flag) -> Markup {
    html! {
        @if v.lang == Lang::En {
            (f.summary)
        } @else {
            @for (i, (label, value)) in f.figures.iter().enumerate() {
                @if i > 0 { " · " }
                (v.lang.t(label)) ": " (figure_value(v, label, value))
            }
        }
    }
}

/// A flag's figure in the reader's language: a sector is a code list, and the word that
/// joins two dates ("2025-10-14 and 2025-10-16") or counts ("18 of 53") is translated.
/// Other figures (names, amounts) are data, shown as published.
fn figure_value(v: &View, label: &str, value: &str) -> String {
    match label {
        "Sector" => code_label(v, "sector", value),
        "Dates" => value.replacen(" and ", &format!(" {} ", v.t("and")), 1),
        "Contracts" => value.replacen(" of ", &format!(" {} ", v.t("of")), 1),
        _ => value.to_string(),
    }
}

pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

fn filter_label(name: &str) -> &'static str {
    match name {
        "status" => "Status",
        "sector" => "Sector",
        "ward" => "Ward",
        _ => "Fiscal year",
    }
}

/// Physical progress from inspections against the share of the contract paid, over
/// time, as a small SVG chart.
pub(super) fn progress_chart(
    v: &View,
    works: &Works,
    id: &str,
    contract: Option<f64>,
) -> Option<Markup> {
    let inspections = works
        .inspections
        .get(id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let payments = works
        .payments
        .get(id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let contract = contract.filter(|c| *c > 0.0);
    let dates: Vec<NaiveDate> = inspections
        .iter()
        .map(|i| i.date)
        .chain(payments.iter().map(|p| p.date))
        .collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    let span = (last - first).num_days().max(1) as f64;
    // Drawn for a phone: 340 units wide, shown at about a pixel each on a 360 px screen.
    let (w, h, left, right, top, bottom) =
        (super::budget_pages::CHART_W, 210.0, 42.0, 8.0, 10.0, 26.0);
    let x = |d: NaiveDate| left + (d - first).num_days() as f64 / span * (w - left - right);
    let y = |pct: f64| top + (1.0 - pct.clamp(0.0, 120.0) / 120.0) * (h - top - bottom);
    let line = |points: &[(f64, f64)]| {
        points
            .iter()
            .enumerate()
            .map(|(i, (px, py))| format!("{}{px:.1} {py:.1}", if i == 0 { "M" } else { "L" }))
            .collect::<String>()
    };
    let built = line(
        &inspections
            .iter()
            .map(|i| (x(i.date), y(i.progress)))
            .collect::<Vec<_>>(),
    );
    // The share of the contract paid after each payment, for the line and the table.
    let mut cumulative = 0.0;
    let shares: Vec<(NaiveDate, f64)> = contract
        .map(|c| {
            payments
                .iter()
                .map(|p| {
                    cumulative += p.amount;
                    (p.date, 100.0 * cumulative / c)
                })
                .collect()
        })
        .unwrap_or_default();
    let paid = (!shares.is_empty()).then(|| {
        line(
            &shares
                .iter()
                .map(|(d, s)| (x(*d), y(*s)))
                .collect::<Vec<_>>(),
        )
    });
    // The same figures as a table, by date: progress found, share paid so far.
    let mut rows: Vec<(NaiveDate, Option<f64>, Option<f64>)> = inspections
        .iter()
        .map(|i| (i.date, Some(i.progress), None))
        .chain(shares.iter().map(|(d, s)| (*d, None, Some(*s))))
        .collect();
    rows.sort_by_key(|r| r.0);
    let short = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Some(html! {
        figure.chart {
            svg viewBox={"0 0 " (w) " " (h)} role="img" aria-label=(v.t("Physical progress and share of the contract paid, over time")) {
                @for pct in [0.0, 50.0, 100.0] {
                    line.grid x1=(left) x2=(w - right) y1=(y(pct)) y2=(y(pct)) {}
                    text x=(left - 4.0) y=(y(pct) + 4.5) text-anchor="end" { (pct) "%" }
                }
                text x=(left) y=(h - 6.0) { (short(first)) }
                text x=(w - right) y=(h - 6.0) text-anchor="end" { (short(last)) }
                path.built d=(built) {}
                @if let Some(p) = &paid { path.paid d=(p) {} }
            }
            figcaption { span.key.built { "━" } " " (v.t("built (inspections)")) " · " span.key.paid { "━" } " " (v.t("paid, as a share of the contract")) }
            details {
                summary { (v.t("The figures in this chart")) }
                div.wide tabindex="0" { table {
                    caption { (v.t("Physical progress and share of the contract paid, over time")) }
                    thead { tr { th scope="col" { (v.t("Date")) } th.num scope="col" { (v.t("built (inspections)")) } th.num scope="col" { (v.t("paid, as a share of the contract")) } } }
                    tbody { @for (d, built, paid) in &rows { tr {
                        td { (short(*d)) }
                        td.num { @if let Some(b) = built { (format!("{b:.0}%")) } }
                        td.num { @if let Some(p) = paid { (format!("{p:.0}%")) } }
                    } } }
                } }
            }
        }
    })
}

/// A small map of the project in its ward.
pub(super) fn project_map(v: &View, works: &Works, p: &Indexed) -> Option<Markup> {
    let f = &p.feature;
    let ward = works
        .wards
        .iter()
        .find(|w| prop(&w.feature, "code") == prop(f, "ward"));
    let map = p
        .bbox
        .or(ward.and_then(|w| w.bbox))
        .map(|b| Projection::around(b, 320.0))?;
    Some(html! {
        figure.map.small {
            svg viewBox={"0 0 " (map.width) " " (map.height)} role="img" aria-label=(v.t("Where the project is")) {
                @if let Some(w) = ward { @if let Some(shape) = w.feature.get("geometry").and_then(|g| map.shape(g, "ward", prop(&w.feature, "name"))) { (PreEscaped(shape)) } }
                @if let Some(shape) = f.get("geometry").and_then(|g| map.shape(g, status_class(prop(f, "status")), prop(f, "title"))) { (PreEscaped(shape)) }
            }
        }
    })
}

pub fn project(
    v: &View,
    works: &Works,
    p: &Indexed,
    reports: &[crate::feedback::Report],
) -> Markup {
    let f = &p.feature;
    let id = id_of(p);
    let paid = works.paid(id);
    let (original, current, budget) = (
        num(f, "contract_value_original"),
        num(f, "contract_value_current"),
        num(f, "budget"),
    );
    let fact = |label: &'static str, name: &str| {
        let value = prop(f, name);
        let shown = match name {
            "ward" => named(works.ward_name(value), value),
            _ => code_label(v, name, value),
        };
        (v.t(label), shown)
    };
    let facts = [
        fact("Project", "id"),
        fact("Sector", "sector"),
        fact("Status", "status"),
        fact("Ward", "ward"),
        fact("Implementing office", "implementing_unit"),
        fact("Contractor", "contractor"),
        fact("Contract", "contract_id"),
        fact("Funding source", "funding_source"),
        fact("Fiscal year", "fiscal_year"),
        fact("Planned start", "planned_start"),
        fact("Planned end", "planned_end"),
        fact("Actual start", "actual_start"),
        fact("Actual end", "actual_end"),
    ];
    let body = html! {
        h1 { (prop(f, "title")) }
        p.lead { (prop(f, "description")) }
        @if !v.protocol.feedback.categories.is_empty() {
            p { a.button href={"/report?project=" (prop(f, "id"))} { (v.t("Report a problem or an observation")) } }
        }
        div.split {
            dl.facts { @for (label, value) in &facts { @if !value.is_empty() { dt { (label) } dd { (value) } } } }
            @if let Some(map) = project_map(v, works, p) { (map) }
        }
        h2 { (v.t("Money")) }
        table.money {
            caption { (v.t("What was budgeted, contracted and paid")) }
            tbody {
                tr { th scope="row" { (v.t("Budget")) } td.num { (budget.map(|x| money(v, x)).unwrap_or_default()) } }
                tr { th scope="row" { (v.t("Original contract")) } td.num { (original.map(|x| money(v, x)).unwrap_or_default()) } }
                tr { th scope="row" { (v.t("Current contract")) } td.num {
                    (current.map(|x| money(v, x)).unwrap_or_default())
                    @if let (Some(o), Some(c)) = (original, current) { @if o > 0.0 && (c - o).abs() > 0.5 { br; small { (format!("{:+.1}%", 100.0 * (c - o) / o)) " " (v.t("variation")) } } }
                } }
                tr { th scope="row" { (v.t("Paid to date")) } td.num { (money(v, paid)) } }
                tr { th scope="row" { (v.t("Share of the contract paid")) } td.num { @if let Some(c) = current.filter(|c| *c > 0.0) { (format!("{:.0}%", 100.0 * paid / c)) } } }
            }
        }
        h2 #flags { (v.t("Red flags")) }
        @let raised: Vec<&Flag> = works.flags_of(id).collect();
        @if raised.is_empty() {
            p { (v.t("This project raises none of the red flags the protocol defines.")) " " a href="/audit/flags" { (v.t("What the red flags are")) } }
        } @else {
            (flag_list(v, works, &raised))
        }
        @if let Some(chart) = progress_chart(v, works, id, current) {
            h2 { (v.t("Progress and payments over time")) }
            (chart)
        }
        h2 { (v.t("Payments")) }
        @match works.payments.get(id) {
            None => { p { (v.t("No payment for this project has been published.")) } }
            Some(payments) => { div.wide tabindex="0" { table {
                caption { (v.t("Payments for this project, from the monthly payment datasets")) }
                thead { tr { th scope="col" { (v.t("Date")) } th scope="col" { (v.t("Voucher")) } th scope="col" { (v.t("Payee")) } th.num scope="col" { (v.t("Amount")) } th scope="col" { (v.t("Source")) } } }
                tbody { @for pay in payments { tr {
                    td { (pay.date) } td { (pay.voucher) } td { (pay.payee) } td.num { (number(pay.amount)) }
                    td { a href={"/datasets/" (pay.source.dataset) "/v/" (pay.source.version) "?voucher_id=%3D" (pay.voucher) "#rows"} { (pay.source.dataset) " v" (pay.source.version) } }
                } } }
            } } }
        }
        h2 { (v.t("Site inspections")) }
        @if works.inspections.get(id).is_some_and(|l| l.iter().any(|i| !i.photo.is_empty() && !i.photo.starts_with("http"))) {
            p { small { (v.t("Photos are named as the works office files them; ask the office to see them, or compare them with what you find on site.")) } }
        }
        @match works.inspections.get(id) {
            None => { p { (v.t("No inspection of this project has been published.")) } }
            Some(inspections) => { div.wide tabindex="0" { table {
                caption { (v.t("Inspections, with the progress found on site")) }
                thead { tr { th scope="col" { (v.t("Date")) } th.num scope="col" { (v.t("Progress")) } th scope="col" { (v.t("Notes")) } th scope="col" { (v.t("Photos")) } } }
                tbody { @for i in inspections { tr {
                    td { (i.date) } td.num { (i.progress) "%" } td { (i.notes) }
                    td { @if i.photo.starts_with("https://") || i.photo.starts_with("http://") { a href=(i.photo) rel="noopener" { (v.t("photos")) } } @else { small { (i.photo) } } }
                } } }
            } } }
        }
        @if !v.protocol.feedback.categories.is_empty() {
            h2 { (v.t("Reports from the public")) }
            @if reports.is_empty() { p { (v.t("No published report about this project yet.")) } }
            @else {
                ul.reports { @for r in reports { li {
                    a href={"/reports/" (r.reference)} { (r.reference) } " · "
                    (super::feedback_pages::status_label(v, r.status)) " · "
                    (chrono::DateTime::from_timestamp(r.received_at, 0).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default())
                    p { (r.text_public.chars().take(200).collect::<String>()) }
                } } }
            }
            p { a href={"/reports?project=" (prop(f, "id"))} { (v.t("All reports about this project")) } }
        }
        h2 { (v.t("Sources and downloads")) }
        p {
            (v.t("The figures on this page come from")) ": "
            @for (i, (dataset, version)) in works.sources.iter().filter(|(d, _)| d == "projects" || d == "wards" || d == "project_progress" || works.payments.get(id).is_some_and(|ps| ps.iter().any(|p| &p.source.dataset == d))).enumerate() {
                @if i > 0 { ", " }
                a href={"/datasets/" (dataset) "/v/" (version)} { (dataset) " v" (version) }
            }
            "."
        }
        p { (v.t("This project")) ": " a href={"/projects/" (id) ".geojson"} download { "GeoJSON" } " · " a href={"/projects/" (id) ".csv"} download { "CSV" } " · " a href={"/ogc/collections/projects/items/" (id)} { "OGC API" } }
    };
    layout(v, prop(f, "title"), body)
}

/// One project's properties as a one-row CSV.
pub fn project_csv(p: &Indexed) -> Result<Vec<u8>, WebError> {
    let props = p
        .feature
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(props.keys())?;
    w.write_record(props.values().map(|v| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }))?;
    w.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

/// Payments per resident of a ward in a fiscal year.
fn per_resident(year_spending: &HashMap<String, f64>, w: &Indexed) -> Option<(f64, f64)> {
    let code = prop(&w.feature, "code");
    let paid = year_spending.get(code).copied().unwrap_or(0.0);
    let people = num(&w.feature, "population").filter(|p| *p > 0.0)?;
    Some((paid, paid / people))
}

/// `/wards`: the wards ranked by what was paid in them per resident in the latest
/// fiscal year, on a map shaded the same way. Every ward is listed: one without a
/// population, or a store without payments yet, shows "—" and the wards by name.
pub fn wards_index(v: &View, works: &Works) -> Markup {
    let latest = works.latest_ward_spending();
    let year = latest.map_or("", |(y, _)| y);
    let mut ranked: Vec<(&Indexed, Option<f64>, Option<f64>)> = works
        .wards
        .iter()
        .map(|w| match latest {
            Some((_, spending)) => {
                let paid = spending
                    .get(prop(&w.feature, "code"))
                    .copied()
                    .unwrap_or(0.0);
                (
                    w,
                    Some(paid),
                    per_resident(spending, w).map(|(_, each)| each),
                )
            }
            None => (w, None, None),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.2.unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.2.unwrap_or(f64::NEG_INFINITY))
            .then_with(|| prop(&a.0.feature, "name").cmp(prop(&b.0.feature, "name")))
    });
    let most = ranked.iter().filter_map(|r| r.2).fold(1.0f64, f64::max);
    let map = Projection::new(v.protocol.jurisdiction.bbox, 640.0);
    let mut svg = String::new();
    for (w, _, each) in &ranked {
        let (class, title) = match each {
            Some(each) => (
                format!("ward q{}", ((each / most) * 4.0).floor().min(4.0) as u8),
                format!(
                    "{} ({}): {} {}",
                    prop(&w.feature, "name"),
                    prop(&w.feature, "code"),
                    number(each.round()),
                    v.t("per resident")
                ),
            ),
            None => (
                "ward".to_string(),
                format!(
                    "{} ({})",
                    prop(&w.feature, "name"),
                    prop(&w.feature, "code")
                ),
            ),
        };
        if let Some(shape) = w
            .feature
            .get("geometry")
            .and_then(|g| map.shape(g, &class, &title))
        {
            svg.push_str(&format!(
                r#"<a href="/wards/{}">{shape}</a>"#,
                prop(&w.feature, "code")
            ));
        }
    }
    let dash = || html! { "—" };
    let body = html! {
        h1 { (v.t("Wards")) }
        @if latest.is_some() {
            p.lead { (v.t("What the county paid in each ward per resident, in fiscal year")) " " (year) ". " (v.t("Payments without a ward (salaries, county-wide services) are not counted.")) }
        } @else {
            p.lead { (v.t("No payments with a ward have been published yet: the wards are listed by name.")) }
        }
        figure.map {
            svg viewBox={"0 0 " (map.width) " " (map.height)} role="group" aria-label=(v.t("Map of the wards, darker where more was paid per resident")) { (PreEscaped(svg)) }
            @if latest.is_some() { figcaption { (v.t("Darker: more paid per resident.")) } }
        }
        div.wide tabindex="0" {
            table {
                caption { (v.t("Wards by payments per resident")) @if latest.is_some() { ", " (year) } }
                thead { tr { th.num scope="col" { "#" } th scope="col" { (v.t("Ward")) } th scope="col" { (v.t("Sub-county")) } th.num scope="col" { (v.t("Residents")) } th.num scope="col" { (v.t("Paid in the ward")) } th.num scope="col" { (v.t("Per resident")) } th.num scope="col" { (v.t("Projects")) } } }
                tbody {
                    @for (i, (w, paid, each)) in ranked.iter().enumerate() {
                        @let code = prop(&w.feature, "code");
                        tr {
                            td.num { (i + 1) }
                            td { a href={"/wards/" (code)} { (prop(&w.feature, "name")) } " " small { code { (code) } } }
                            td { (prop(&w.feature, "sub_county")) }
                            td.num { (num(&w.feature, "population").map(number).unwrap_or_else(|| "—".into())) }
                            td.num { @match paid { Some(p) => (money(v, *p)), None => (dash()) } }
                            td.num { @match each { Some(e) => (money(v, *e)), None => (dash()) } }
                            td.num { (works.projects.iter().filter(|p| prop(&p.feature, "ward") == code).count()) }
                        }
                    }
                }
            }
        }
    };
    layout(v, v.t("Wards"), body)
}

/// `/wards/{code}`: the ward on a map with its projects, what was paid in it, and every
/// dataset that records wards, filtered to it.
pub fn ward(v: &View, works: &Works, snapshot: &crate::store::Catalog, w: &Indexed) -> Markup {
    let code = prop(&w.feature, "code");
    let empty = HashMap::new();
    let (year, spending) = works.latest_ward_spending().unwrap_or(("", &empty));
    let paid = per_resident(spending, w);
    let projects: Vec<&Indexed> = works
        .projects
        .iter()
        .filter(|p| prop(&p.feature, "ward") == code)
        .collect();
    let map = w.bbox.map(|b| Projection::around(b, 360.0));
    let kinds: Vec<&crate::protocol::Kind> = v
        .protocol
        .kinds
        .values()
        .filter(|k| k.schema.fields.iter().any(|f| f.name == "ward"))
        .collect();
    let title = format!("{} ({code})", prop(&w.feature, "name"));
    let body = html! {
        h1 { (title) }
        @if !v.protocol.feedback.categories.is_empty() {
            p { a.button href={"/report?ward=" (code)} { (v.t("Report a problem or an observation")) } }
        }
        div.split {
            dl.facts {
                dt { (v.t("Sub-county")) } dd { (prop(&w.feature, "sub_county")) }
                dt { (v.t("Residents")) } dd { (num(&w.feature, "population").map(number).unwrap_or_default()) }
                dt { (v.t("Area")) } dd { (num(&w.feature, "area_km2").map(number).unwrap_or_default()) " km²" }
                @if let Some((total, each)) = paid {
                    dt { (v.t("Paid in the ward")) } dd { (money(v, total)) " (" (year) ")" }
                    dt { (v.t("Per resident")) } dd { (money(v, each)) }
                }
                dt { (v.t("Projects")) } dd { a href={"/projects?ward=" (code)} { (projects.len()) } }
            }
            @if let Some(map) = map {
                figure.map.small {
                    svg viewBox={"0 0 " (map.width) " " (map.height)} role="group" aria-label=(v.t("The ward and its projects")) {
                        @if let Some(shape) = w.feature.get("geometry").and_then(|g| map.shape(g, "ward", prop(&w.feature, "name"))) { (PreEscaped(shape)) }
                        @for p in &projects {
                            @if let Some(shape) = p.feature.get("geometry").and_then(|g| map.shape(g, status_class(prop(&p.feature, "status")), prop(&p.feature, "title"))) {
                                a href={"/projects/" (id_of(p))} { (PreEscaped(shape)) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (v.t("Projects")) }
        table.cards {
            caption { (v.t("Projects in the ward")) }
            thead { tr { th scope="col" { (v.t("Project")) } th scope="col" { (v.t("Sector")) } th scope="col" { (v.t("Status")) } th.num scope="col" { (v.t("Contract value")) } th.num scope="col" { (v.t("Paid to date")) } } }
            tbody {
                @for p in &projects {
                    tr {
                        td { a href={"/projects/" (id_of(p))} { (prop(&p.feature, "title")) } }
                        td.tag { (code_label(v, "sector", prop(&p.feature, "sector"))) }
                        td.tag { (code_label(v, "status", prop(&p.feature, "status"))) }
                        td.num data-label=(v.t("Contract value")) { (num(&p.feature, "contract_value_current").map(number).unwrap_or_default()) }
                        td.num data-label=(v.t("Paid to date")) { (number(works.paid(id_of(p)).round())) }
                    }
                }
            }
        }
        h2 { (v.t("Data for this ward")) }
        ul {
            @for k in &kinds {
                @if let Some(latest) = snapshot.datasets().into_iter().find(|e| e.kind == k.name) {
                    li { a href={"/datasets/" (latest.dataset) "?ward=%3D" (code) "#rows"} { (super::pages::dataset_title_in(v, Some(k), latest)) } " — " (v.t("rows in this ward")) }
                }
            }
            li { a href={"/ogc/collections/projects/items?ward=" (code)} { (v.t("Its projects as GeoJSON (OGC API)")) } }
        }
        p { a href="/wards" { (v.t("All wards, ranked")) } }
    };
    layout(v, &title, body)
}

/// `/projects`: the register with its filters, a map and a page of the list.
pub(super) struct ProjectsPage<'a> {
    pub works: &'a Works,
    pub filters: &'a ProjectFilters,
}

impl WebPage for ProjectsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        projects_list(v, self.works, self.filters)
    }
}

/// `/projects/map`: the interactive map (the one page with a script).
pub(super) struct ProjectsMapPage<'a> {
    pub works: &'a Works,
    pub filters: &'a ProjectFilters,
}

impl WebPage for ProjectsMapPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(projects_map(v, self.works, self.filters))
    }
}

/// `/projects/{id}`: what was promised, paid and built.
pub(super) struct ProjectPage<'a> {
    pub works: &'a Works,
    pub project: &'a Indexed,
    /// Published reports from the public about it, newest first.
    pub reports: &'a [crate::feedback::Report],
}

impl WebPage for ProjectPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(project(v, self.works, self.project, self.reports))
    }
}

/// `/wards`: every ward and what was paid there.
pub(super) struct WardsPage<'a> {
    pub works: &'a Works,
}

impl WebPage for WardsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(wards_index(v, self.works))
    }
}

/// `/wards/{code}`: one ward's projects, payments and datasets.
pub(super) struct WardPage<'a> {
    pub works: &'a Works,
    pub snapshot: &'a crate::store::Catalog,
    pub ward: &'a Indexed,
}

impl WebPage for WardPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(ward(v, self.works, self.snapshot, self.ward))
    }
}
