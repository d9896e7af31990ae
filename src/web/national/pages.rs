//! The national site's views: its layout (the county site's head, stylesheet, skip link,
//! menu and language switcher, with the national menu) and one page type per page.

use maud::{DOCTYPE, Markup, html};

use super::super::error::WebError;
use super::super::extract::WebPage;
use super::super::i18n::{Lang, with_lang};
use super::super::pages::{View, head, thousands};
use crate::national::catalog::{County, NationalCatalog};

/// The national site's name, in the reader's language.
pub(super) fn site_name(v: &View) -> &'static str {
    v.t("National open data")
}

/// Every national page: the county site's layout with the national menu.
pub(super) fn layout(v: &View, title: &str, extra_head: Markup, body: Markup) -> Markup {
    let j = &v.protocol.jurisdiction;
    html! {
        (DOCTYPE)
        html lang=(v.lang.code()) {
            (head(&format!("{title} · {}", site_name(v)), extra_head))
            body {
                a.skip href="#main" { (v.t("Skip to content")) }
                header.site {
                    a.name href="/" { (site_name(v)) }
                    details.menu {
                        summary { (v.t("Menu")) }
                        nav aria-label=(v.t("Main")) {
                            a href="/counties" { (v.t("Counties side by side")) }
                            a href="/catalogue" { (v.t("Catalogue")) }
                            a href="/map" { (v.t("Map of projects")) }
                            a href="/ledger.jsonl" { (v.t("National ledger")) }
                        }
                    }
                    nav.lang aria-label=(v.t("Language")) {
                        @for l in Lang::ALL {
                            @if l == v.lang { strong lang=(l.code()) aria-current="true" { (l.native_name()) } }
                            @else { a href=(with_lang(v.uri.path(), v.uri.query(), l)) lang=(l.code()) hreflang=(l.code()) { (l.native_name()) } }
                        }
                    }
                    form.search role="search" method="get" action="/catalogue" {
                        label.visually-hidden for="site-q" { (v.t("Search every county's datasets")) }
                        input #site-q type="search" name="q" placeholder=(v.t("Search every county's datasets"));
                        button type="submit" { (v.t("Search")) }
                    }
                }
                @if j.synthetic {
                    p.synthetic role="note" { strong { (v.t("Synthetic data.")) } " " (v.t("Everything on this site is generated for demonstration: no real place, person or payment.")) }
                }
                main #main { (body) }
                footer.site {
                    p { (v.t("Every file here is a county's published bytes, unchanged: its sha256 is the one in that county's ledger.")) " " a href="/ledger.jsonl" { (v.t("The national ledger")) } }
                    p { (v.t("For programs")) ": " a href="/catalog.jsonld" { "DCAT" } " · " a href="/data.json" { "data.json" } " · " a href="/api/3/action/package_list" { "CKAN API" } }
                }
            }
        }
    }
}

/// The day of an RFC 3339 timestamp, as the reader writes it.
pub(super) fn day(v: &View, at: &str) -> String {
    at.get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| at.to_string(), |d| v.date(d))
}

/// The first 12 hex digits of a hash.
pub(super) fn short(hash: &str) -> &str {
    &hash[..12.min(hash.len())]
}

/// `/`: the counties harvested and the ways in.
pub(super) struct HomePage<'a> {
    pub catalog: &'a NationalCatalog,
}

impl WebPage for HomePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let c = self.catalog;
        let body = html! {
            h1 { (site_name(v)) }
            p.lead { (v.t("Every county's open data in one place: budgets, payments, revenue, projects and services, harvested from each county's own site and checked against its ledger.")) }
            ul.figures aria-label=(v.t("Key figures")) {
                li { strong { (c.counties().len()) } (v.t("counties")) }
                li { strong { (thousands(c.versions().len() as u64)) } (v.t("versions harvested")) }
                li { strong { (thousands(c.harvests() as u64)) } (v.t("harvests in the national ledger")) }
            }
            nav aria-label=(v.t("Ways in")) {
                ul {
                    li { a href="/counties" { (v.t("Counties side by side")) } ": " (v.t("budget absorption, own revenue, disclosure on time, response times and red flags")) }
                    li { a href="/catalogue" { (v.t("Catalogue")) } ": " (v.t("search every county's datasets and download the files")) }
                    li { a href="/map" { (v.t("Map of projects")) } ": " (v.t("every county's public works on one map")) }
                }
            }
            h2 { (v.t("Counties")) }
            @if c.counties().is_empty() {
                p { (v.t("No county has been harvested yet: run disclose harvest.")) }
            } @else {
                (county_table(v, c.counties()))
            }
            p { (v.t("National ledger head")) ": " code translate="no" { (short(c.head())) } }
        };
        Ok(layout(v, v.t("Counties"), html! {}, body))
    }
}

fn county_table(v: &View, counties: &[County]) -> Markup {
    html! {
        div.wide tabindex="0" {
            table {
                caption { (v.t("Every county harvested, with its last harvest")) }
                thead { tr {
                    th scope="col" { (v.t("Code")) }
                    th scope="col" { (v.t("County")) }
                    th scope="col" { (v.t("Last harvested")) }
                    th scope="col" { (v.t("County ledger head")) }
                    th.num scope="col" { (v.t("Versions")) }
                    th scope="col" { (v.t("Own site")) }
                } }
                tbody {
                    @for county in counties {
                        tr {
                            td translate="no" { (county.code) }
                            td { a href={"/catalogue?county=" (county.code)} { (county.label()) } }
                            td { (day(v, &county.harvested_at)) }
                            td { code translate="no" title=(county.county_head) { (short(&county.county_head)) } " (" (county.county_entries) ")" }
                            td.num { (thousands(county.versions as u64)) }
                            td { @if let Some(site) = &county.site { a href=(site) rel="external" { (v.t("Open")) } } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}
