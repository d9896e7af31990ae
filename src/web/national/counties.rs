//! `/counties`: the counties side by side for a fiscal year (budget absorption, own
//! revenue against target, disclosures on time, response times, red flags), and its JSON
//! twin `/api/counties`. The figures are [`crate::national::dashboard`]'s, sums of the
//! aggregates the counties published; this file only draws them and links each to the
//! harvested versions it came from.
//!
//! Phone-first: one narrow table whose first column stays put while the rest scrolls,
//! every cell a short figure; the amounts and the versions behind each figure are in a
//! folded section per county below it. No script.

use axum::Json;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Serialize;

use super::super::error::WebError;
use super::super::extract::{Params, WebPage};
use super::super::pages::{View, thousands};
use super::handlers::Ctx;
use super::pages::layout;
use super::state::NationalState;
use crate::national::dashboard::{County, Dashboard, DashboardError, Figure, Totals, VersionRef};

/// The dashboards of the `year` asked for (default: the latest), computed off the async
/// threads when the national ledger changed since they were last kept.
async fn dashboards(
    state: &NationalState,
    params: &std::collections::HashMap<String, String>,
) -> Result<std::sync::Arc<Dashboard>, WebError> {
    let year = params.get("year").map(|y| y.trim().to_string());
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        state
            .dashboards()
            .get(state.root(), state.protocol(), year.as_deref())
    })
    .await
    .map_err(|e| WebError::Io(std::io::Error::other(e.to_string())))?
    .map_err(|e| match e {
        DashboardError::UnknownYear { .. } => WebError::BadRequest(format!(
            "year: {e}; write ?year= one of them, or leave it out for the latest"
        )),
        DashboardError::National(n) => WebError::National(Box::new(n)),
        DashboardError::Aggregates { source, .. } => WebError::Analytics(source),
    })
}

/// `/counties`: the counties side by side.
pub async fn list_counties(ctx: Ctx, Params(params): Params) -> Result<Response, WebError> {
    let board = dashboards(&ctx.state, &params).await?;
    ctx.page(&CountiesPage { board: &board })
}

/// Where a harvested version is shown on this site.
fn version_href(county: &str, v: &VersionRef) -> String {
    format!("/datasets/{county}/{}/v/{}", v.dataset, v.version)
}

/// `/api/counties`: the same figures as JSON, money in cents, each figure with the
/// versions it was summed from.
#[derive(Debug, Serialize)]
pub struct CountiesResponse<'a> {
    #[serde(flatten)]
    pub board: &'a Dashboard,
    /// How to reach a version and its files on this site.
    pub links: Links,
}

#[derive(Debug, Serialize)]
pub struct Links {
    pub version: &'static str,
    pub file: &'static str,
    pub page: &'static str,
}

pub async fn list_counties_api(
    axum::extract::State(state): axum::extract::State<NationalState>,
    Params(params): Params,
) -> Result<Response, WebError> {
    let board = dashboards(&state, &params).await?;
    Ok(Json(CountiesResponse {
        board: &board,
        links: Links {
            version: "/datasets/{county}/{dataset}/v/{version}",
            file: "/datasets/{county}/{dataset}/v/{version}/{file}",
            page: "/counties?year={fiscal_year}",
        },
    })
    .into_response())
}

struct CountiesPage<'a> {
    board: &'a Dashboard,
}

fn percent(x: Option<f64>) -> Option<String> {
    x.map(|p| format!("{p:.0}%"))
}

fn days(x: Option<f64>) -> Option<String> {
    x.map(|d| {
        if d.fract() == 0.0 {
            format!("{d:.0}")
        } else {
            format!("{d:.1}")
        }
    })
}

fn money(v: &View, cents: i64) -> String {
    v.lang
        .money(&v.protocol.jurisdiction.currency, cents as f64 / 100.0)
}

/// A table cell: the figure linked to the county's section, "not available" (never zero)
/// when it is not.
fn cell<T>(
    v: &View,
    code: &str,
    figure: &Figure<T>,
    short: impl Fn(&T) -> Option<String>,
) -> Markup {
    let value = figure.value.as_ref().and_then(&short);
    html! {
        td.num {
            @match value {
                Some(text) => a href={"#c-" (code)} { (text) },
                None => span.muted { (v.t("not available")) },
            }
        }
    }
}

/// The versions a figure was summed from, as links, and any harvested without
/// aggregates.
fn sources<T>(v: &View, code: &str, figure: &Figure<T>) -> Markup {
    html! {
        @if !figure.from.is_empty() {
            details {
                summary {
                    @if figure.from.len() == 1 { (v.t("From 1 version")) }
                    @else { (v.tn("From {} version", "From {} versions", figure.from.len() as u64)) }
                }
                ul.versions {
                    @for r in &figure.from {
                        li { a href=(version_href(code, r)) translate="no" { (r.dataset) " v" (r.version) } }
                    }
                }
            }
        }
        @if !figure.without_aggregates.is_empty() {
            p {
                (v.t("Not available: these versions were published without aggregates (an older release):"))
                " "
                @for (i, r) in figure.without_aggregates.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(version_href(code, r)) translate="no" { (r.dataset) " v" (r.version) }
                }
            }
        }
        @if figure.from.is_empty() && figure.without_aggregates.is_empty() {
            p { (v.t("Nothing published for this year.")) }
        }
    }
}

fn county_section(v: &View, c: &County) -> Markup {
    let code = c.code.as_str();
    html! {
        section.county id={"c-" (code)} {
            h3 {
                (c.name.as_deref().unwrap_or(code)) " "
                small translate="no" { "(" (code) ")" }
            }
            p {
                a href={"/catalogue?county=" (code)} { (v.t("Its datasets in the national catalogue")) }
                @if let Some(site) = &c.site { " · " a href=(site) rel="external" { (v.t("Its own site")) } }
            }
            dl.facts {
                dt { (v.t("Budget and spending")) }
                dd {
                    @if let Some(b) = &c.budget.value {
                        @for (stage, cents) in &b.stages {
                            (v.t(super::super::pages::stage_label(stage))) ": " (money(v, *cents)) br;
                        }
                        (v.t("Spent")) ": " (money(v, b.spent_cents)) " (" (v.tn("{} payment", "{} payments", b.payments)) ")"
                        @if let Some(p) = percent(b.absorption_percent) { br; (v.t("Absorption")) ": " (p) }
                    }
                    (sources(v, code, &c.budget))
                }
                dt { (v.t("Own revenue")) }
                dd {
                    @if let Some(r) = &c.revenue.value {
                        (v.t("Collected")) ": " (money(v, r.collected_cents)) br;
                        (v.t("Target")) ": " (money(v, r.target_cents))
                    }
                    (sources(v, code, &c.revenue))
                }
                dt { (v.t("Disclosures of the year")) }
                dd {
                    (v.t("on time")) ": " (c.compliance.on_time) ", "
                    (v.t("late")) ": " (c.compliance.late) ", "
                    (v.t("missing")) ": " (c.compliance.missing) ", "
                    (v.t("not yet due")) ": " (c.compliance.not_yet_due)
                    br;
                    a href={"/ledgers/" (code) "/ledger.jsonl"} { (v.t("Judged from the county's ledger as harvested")) }
                }
                dt { (v.t("Service requests")) }
                dd {
                    @if let Some(s) = &c.services.value {
                        (v.tn("{} request", "{} requests", s.requests)) ", " (v.tf("{} pending", thousands(s.pending)))
                        @if let Some(d) = days(s.median_days) { br; (v.t("Median days to decide")) ": " (d) }
                        @if let Some(d) = days(s.p90_days) { ", " (v.t("90th percentile")) ": " (d) }
                    }
                    (sources(v, code, &c.services))
                }
                dt { (v.t("Citizens' reports")) }
                dd {
                    @if let Some(f) = &c.feedback.value {
                        (v.tn("{} report", "{} reports", f.reports)) ", " (v.tf("{} open", thousands(f.open))) ", " (v.tf("{} overdue", thousands(f.overdue)))
                        @if let Some(d) = days(f.median_acknowledge_days) { br; (v.t("Median days to acknowledge")) ": " (d) }
                        @if let Some(d) = days(f.median_resolve_days) { br; (v.t("Median days to resolve")) ": " (d) }
                    }
                    (sources(v, code, &c.feedback))
                }
                dt { (v.t("Red flags")) }
                dd {
                    @if let Some(f) = &c.flags.value {
                        (v.t("high")) ": " (f.high) ", " (v.t("medium")) ": " (f.medium) ", " (v.t("low")) ": " (f.low)
                        @if let Some(d) = &f.as_of { br; (v.t("As the records ran to")) ": " (d) }
                    }
                    (sources(v, code, &c.flags))
                }
            }
        }
    }
}

fn totals_row(v: &View, t: &Totals) -> Markup {
    // A national figure over the counties that have it, and how many those are.
    let total = |value: Option<String>, count: usize| match (value, count) {
        (Some(text), n) if n > 0 => {
            html! { td.num { (text) br; small { (v.tn("{} county", "{} counties", n as u64)) } } }
        }
        _ => html! { td.num { span.muted { (v.t("not available")) } } },
    };
    let c = &t.compliance.1;
    html! {
        tr {
            th scope="row" { (v.t("All counties")) }
            (total(percent(t.budget.1.absorption_percent), t.budget.0))
            (total(percent(t.revenue.1.rate_percent), t.revenue.0))
            (total(Some(format!("{} / {}", c.on_time, c.on_time + c.late + c.missing)), t.compliance.0))
            (total(days(t.services.1.median_days), t.services.0))
            (total(days(t.feedback.1.median_resolve_days), t.feedback.0))
            (total(Some(t.flags.1.total.to_string()), t.flags.0))
        }
    }
}

impl WebPage for CountiesPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let b = self.board;
        let year = b.fiscal_year.as_deref().unwrap_or_default();
        let body = html! {
            h1 { (v.t("Counties side by side")) }
            @if b.counties.is_empty() {
                p { (v.t("No county has been harvested yet: run disclose harvest.")) }
            } @else {
                p.lead {
                    (v.tf("Fiscal year {}", year))
                    @if let Some(d) = b.as_of { ", " (v.t("as of the last harvest on")) " " (v.date(d)) }
                    ". " (v.t("Every figure is summed from the aggregates each county published with its versions: follow it to the versions it came from."))
                }
                @if b.years.len() > 1 {
                    form.year method="get" action="/counties" {
                        label for="year" { (v.t("Fiscal year")) } " "
                        select #year name="year" {
                            @for y in &b.years {
                                option value=(y) selected[y == year] { (y) }
                            }
                        }
                        " " button type="submit" { (v.t("Show")) }
                    }
                }
                div.wide tabindex="0" {
                    table {
                        caption { (v.tf("Counties side by side, fiscal year {}", year)) }
                        thead { tr {
                            th scope="col" { (v.t("County")) }
                            th.num scope="col" { (v.t("Budget spent")) }
                            th.num scope="col" { (v.t("Revenue against target")) }
                            th.num scope="col" { (v.t("Disclosed on time")) }
                            th.num scope="col" { (v.t("Days to decide a request")) }
                            th.num scope="col" { (v.t("Days to resolve a report")) }
                            th.num scope="col" { (v.t("Red flags")) }
                        } }
                        tbody {
                            @for c in &b.counties {
                                tr {
                                    th scope="row" {
                                        @match &c.site {
                                            Some(site) => a href=(site) rel="external" { (c.name.as_deref().unwrap_or(&c.code)) },
                                            None => a href={"/catalogue?county=" (c.code)} { (c.name.as_deref().unwrap_or(&c.code)) },
                                        }
                                        " " small translate="no" { (c.code) }
                                    }
                                    (cell(v, &c.code, &c.budget, |x| percent(x.absorption_percent)))
                                    (cell(v, &c.code, &c.revenue, |x| percent(x.rate_percent)))
                                    td.num { a href={"#c-" (c.code)} { (c.compliance.on_time) " / " (c.compliance.on_time + c.compliance.late + c.compliance.missing) } }
                                    (cell(v, &c.code, &c.services, |x| days(x.median_days)))
                                    (cell(v, &c.code, &c.feedback, |x| days(x.median_resolve_days)))
                                    @match (&c.flags.value, c.flags.from.first()) {
                                        (Some(f), Some(r)) => td.num { a href=(version_href(&c.code, r)) { (f.total) } },
                                        _ => td.num { span.muted { (v.t("not available")) } },
                                    }
                                }
                            }
                        }
                        tfoot { (totals_row(v, &b.totals)) }
                    }
                }
                p { (v.t("Budget spent: payments against the latest approved budget (revised or supplementary where published). Disclosed on time: the year's required publications out of those due. Days: the median. Money and counts are exact sums; medians come from every county's full distribution, not an average of medians.")) }
                p { a href={"/api/counties?year=" (year)} { (v.t("These figures as JSON")) } }
                h2 { (v.t("Each county's figures and where they come from")) }
                @for c in &b.counties { (county_section(v, c)) }
                p { (v.t("National ledger head")) ": " code translate="no" { (crate::national::ledger::short(&b.head)) } }
            }
        };
        Ok(layout(v, v.t("Counties side by side"), html! {}, body))
    }
}
