//! The national site's views: its layout (the county site's head, stylesheet, skip link,
//! menu and language switcher, with the national menu) and one page type per page.

use maud::{Markup, PreEscaped, html};

use super::super::assets::{map_js_path, maplibre_css_path};
use super::super::error::WebError;
use super::super::extract::WebPage;
use super::super::links;
use super::super::pages::{
    Shell, View, bytes, dataset_title_in, facet_label, project_code_labels, shell, thousands,
};
use crate::national::catalog::{County, NationalCatalog, Version};
use crate::national::ledger::short;
use crate::national::map::LayerFacts;
use crate::national::search::split_id;
use crate::search::{FacetName, SearchQuery, SearchResults};

/// The national site's name, in the reader's language.
pub(super) fn site_name(v: &View) -> &'static str {
    v.t("National open data")
}

/// Every national page: the county site's layout with the national menu.
pub(super) fn layout(v: &View, title: &str, extra_head: Markup, body: Markup) -> Markup {
    shell(
        v,
        &Shell {
            title: &format!("{title} · {}", site_name(v)),
            name: html! { (site_name(v)) },
            menu: html! {
                a href="/counties" { (v.t("Counties side by side")) }
                a href="/catalogue" { (v.t("Catalogue")) }
                a href="/map" { (v.t("Map of projects")) }
                a href="/ledger.jsonl" { (v.t("National ledger")) }
            },
            search: ("/catalogue", v.t("Search every county's datasets")),
            footer: html! {
                p { (v.t("Every file here is a county's published bytes, unchanged: its sha256 is the one in that county's ledger.")) " " a href="/ledger.jsonl" { (v.t("The national ledger")) } }
                p { (v.t("For programs")) ": " a href="/catalog.jsonld" { "DCAT" } " · " a href="/data.json" { "data.json" } " · " a href="/api/3/action/package_list" { "CKAN API" } }
            },
        },
        extra_head,
        body,
    )
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
                            td { (v.day(&county.harvested_at)) }
                            td { a href={"/ledgers/" (county.code) "/ledger.jsonl"} { code translate="no" title=(county.county_head) { (short(&county.county_head)) } } " (" (county.county_entries) ")" }
                            td.num { (thousands(county.versions as u64)) }
                            td { @if let Some(site) = &county.site { a href=(site) rel="external" { (v.t("Open")) } } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}

/// A catalogue address: `/catalogue?…` with the words, `filters` and page.
pub(super) fn catalogue_href(
    query: &SearchQuery,
    filters: &[(FacetName, String)],
    page: usize,
) -> String {
    links::search_href("/catalogue", query, filters, page)
}

fn href_with(query: &SearchQuery, facet: FacetName, value: &str) -> String {
    links::search_href_with("/catalogue", query, facet, value)
}

fn href_without(query: &SearchQuery, facet: FacetName) -> String {
    links::search_href_without("/catalogue", query, facet)
}

/// A county dataset's page on this site.
pub(super) fn dataset_href(county: &str, dataset: &str) -> String {
    format!("/datasets/{county}/{dataset}")
}

/// A harvested version's page on this site; its files are below it.
pub(super) fn version_href(version: &Version) -> String {
    format!(
        "/datasets/{}/{}/v/{}",
        version.county, version.entry.dataset, version.entry.version
    )
}

/// The version on the county's own site, when the county was harvested from its site.
pub(super) fn county_version_href(county: Option<&County>, version: &Version) -> Option<String> {
    county?.site.as_ref().map(|site| {
        format!(
            "{site}/datasets/{}/v/{}",
            version.entry.dataset, version.entry.version
        )
    })
}

/// `/catalogue`: every county's datasets, searched, with facets by county and kind.
pub(super) struct CataloguePage<'a> {
    pub catalog: &'a NationalCatalog,
    pub query: &'a SearchQuery,
    pub results: &'a SearchResults,
}

impl WebPage for CataloguePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let (catalog, query, results) = (self.catalog, self.query, self.results);
        let pages = results.total.div_ceil(query.size).max(1);
        let label = |facet: FacetName, value: &str| match facet {
            FacetName::County => catalog
                .county(value)
                .map_or_else(|| value.to_string(), |c| c.label().to_string()),
            _ => facet_label(v, facet, value),
        };
        let body = html! {
            h1 { (v.t("Catalogue")) }
            p.lead { (v.t("Every county's datasets, as each county published them: search them, narrow them by county or kind, and download the files.")) }
            form.filters role="search" method="get" action="/catalogue" {
                div.grow {
                    label for="q" { (v.t("Search titles, descriptions, fields and contents")) }
                    input #q type="search" name="q" value=(query.q) maxlength="500";
                }
                @for (name, value) in &query.filters { input type="hidden" name=(name.param()) value=(value); }
                button type="submit" { (v.t("Search")) }
            }
            div.catalogue {
                aside aria-label=(v.t("Refine")) {
                    @for facet in results.facets.iter().filter(|f| !f.values.is_empty()) {
                        @let chosen = query.filter(facet.name);
                        section.facet {
                            h2 { (v.t(facet.name.title())) }
                            ul {
                                @if chosen.is_some() { li { a href=(href_without(query, facet.name)) { "× " (v.t("any")) } } }
                                @for (value, count) in &facet.values {
                                    li {
                                        @if chosen == Some(value.as_str()) { strong { (label(facet.name, value)) " (" (count) ")" } }
                                        @else { a href=(href_with(query, facet.name, value)) { (label(facet.name, value)) } " (" (count) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
                div.results {
                    p aria-live="polite" {
                        (v.tn("{} dataset", "{} datasets", results.total as u64))
                        @if !query.q.is_empty() { " " (v.t("match")) " “" span translate="no" { (query.q) } "”" }
                        @if pages > 1 { " · " (v.t("page")) " " (query.page) " / " (pages) }
                    }
                    @if results.hits.is_empty() { p { (v.t("Nothing matches. Try fewer words, or remove a filter.")) } }
                    ol.hits start=((query.page - 1) * query.size + 1) {
                        @for hit in &results.hits {
                            @if let Some(version) = split_id(&hit.dataset).and_then(|(c, d)| catalog.latest(c, d)) {
                                @let e = &version.entry;
                                @let county = catalog.county(&version.county);
                                li {
                                    a.title href=(dataset_href(&version.county, &e.dataset)) { (dataset_title_in(v, v.protocol.kinds.get(&e.kind), e)) }
                                    p.meta {
                                        (county.map_or(version.county.as_str(), County::label)) " · " code { (e.dataset) } " · v" (e.version) " · " (v.tn("{} row", "{} rows", e.rows)) " · " (v.day(&e.published_at))
                                    }
                                    p.meta {
                                        @for f in e.files.iter().filter(|f| f.path != "datapackage.json") {
                                            a href={(version_href(version)) "/" (f.path)} translate="no" { (f.path) } " "
                                        }
                                        @if let Some(own) = county_version_href(county, version) { "· " a href=(own) rel="external" { (v.t("on the county's site")) } }
                                    }
                                    @if !hit.snippet.is_empty() { p.snippet translate="no" { (PreEscaped(&hit.snippet)) } }
                                }
                            }
                        }
                    }
                    @if pages > 1 {
                        nav.pager aria-label=(v.t("Pages")) {
                            @if query.page > 1 { a href=(catalogue_href(query, &query.filters, query.page - 1)) rel="prev" { "← " (v.t("Previous")) } }
                            @if query.page < pages { a href=(catalogue_href(query, &query.filters, query.page + 1)) rel="next" { (v.t("Next")) " →" } }
                        }
                    }
                }
            }
        };
        Ok(layout(v, v.t("Catalogue"), html! {}, body))
    }
}

/// `/datasets/{county}/{dataset}` (the latest version) and `…/v/{n}` (pinned): the
/// version's facts and files, and every version harvested.
pub(super) struct DatasetPage<'a> {
    pub catalog: &'a NationalCatalog,
    pub shown: &'a Version,
    pub versions: Vec<&'a Version>,
    pub pinned: bool,
}

impl WebPage for DatasetPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let (version, e) = (self.shown, &self.shown.entry);
        let county = self.catalog.county(&version.county);
        let county_name = county.map_or(version.county.as_str(), County::label);
        let kind = v.protocol.kinds.get(&e.kind);
        let title = dataset_title_in(v, kind, e);
        let latest = self.versions.last().map_or(e.version, |l| l.entry.version);
        let body = html! {
            h1 { (title) }
            p { (county_name) " · " (v.t("Version")) " " (e.version) " / " (latest)
                @if self.pinned { " · " (v.t("this address never changes")) }
                @else { " · " (v.t("latest; cite")) " " a href=(version_href(version)) { (version_href(version)) } }
            }
            @if let Some(k) = kind { p.lead { (k.description(v.lang.code())) } }
            h2 { (v.t("About this version")) }
            dl.facts {
                dt { (v.t("County")) } dd { a href={"/catalogue?county=" (version.county)} { (county_name) } " (" span translate="no" { (version.county) } ")" }
                dt { (v.t("Dataset")) } dd { code { (e.dataset) } }
                @if let Some(p) = &e.period { dt { (v.t("Period")) } dd { (p) } }
                dt { (v.t("Published")) } dd { (v.day(&e.published_at)) " · " (e.publisher) }
                @if let Some(note) = &e.note { dt { (v.t("Note")) } dd { (note) } }
                dt { (v.t("Rows")) } dd { (thousands(e.rows)) }
                dt { (v.t("County ledger entry")) } dd { (e.seq) " · " code translate="no" title=(e.hash) { (short(&e.hash)) } }
                dt { (v.t("In the national store")) } dd { code translate="no" { (version.dir) } }
                @if let Some(own) = county_version_href(county, version) { dt { (v.t("On the county's site")) } dd { a href=(own) rel="external" { (own) } } }
            }
            h2 #downloads { (v.t("Downloads")) }
            div.wide tabindex="0" {
                table {
                    caption { (v.t("The county's files, byte for byte, with the sha256 its ledger records")) }
                    thead { tr { th scope="col" { (v.t("File")) } th.num scope="col" { (v.t("Size")) } th scope="col" { "sha256" } } }
                    tbody {
                        @for f in &e.files {
                            tr {
                                td { a href={(version_href(version)) "/" (f.path)} translate="no" { (f.path) } }
                                td.num { (bytes(f.bytes)) }
                                td { code translate="no" title=(f.sha256) { (short(&f.sha256)) } }
                            }
                        }
                    }
                }
            }
            h2 #versions { (v.t("Versions")) }
            div.wide tabindex="0" {
                table {
                    caption { (v.t("Every version harvested")) }
                    thead { tr { th scope="col" { (v.t("Version")) } th scope="col" { (v.t("Published")) } th.num scope="col" { (v.t("Rows")) } th scope="col" { (v.t("Note")) } } }
                    tbody {
                        @for other in self.versions.iter().rev() {
                            tr {
                                td { @if other.entry.version == e.version { strong { "v" (other.entry.version) } } @else { a href=(version_href(other)) { "v" (other.entry.version) } } }
                                td { (v.day(&other.entry.published_at)) }
                                td.num { (thousands(other.entry.rows)) }
                                td { (other.entry.note.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            p { a href=(dataset_href(&version.county, &e.dataset)) { (v.t("The latest version")) } " · " a href={"/catalogue?county=" (version.county)} { (v.t("All datasets of this county")) } " · " a href="/catalogue" { (v.t("Catalogue")) } }
        };
        Ok(layout(v, &title, html! {}, body))
    }
}

/// `/map`: every county's current projects on the county site's interactive map, with a
/// county to narrow to; without JavaScript, the table of what each county has drawn.
pub(super) struct MapPage<'a> {
    pub catalog: &'a NationalCatalog,
    pub projects: &'a LayerFacts,
    pub county: Option<&'a str>,
}

impl WebPage for MapPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let [w, s, e, n] = self
            .projects
            .bounds(self.county)
            .unwrap_or(v.protocol.jurisdiction.bbox);
        let extra = html! {
            link rel="stylesheet" href=(maplibre_css_path());
            script type="module" src=(map_js_path()) {}
        };
        let chosen = self.county.and_then(|c| self.catalog.county(c));
        let body = html! {
            h1 { (v.t("Map of projects")) @if let Some(c) = chosen { ": " (c.label()) } }
            form.filters method="get" action="/map" {
                div {
                    label for="county" { (v.t("County")) }
                    select #county name="county" {
                        option value="" { (v.t("Every county")) }
                        @for c in self.catalog.counties() {
                            option value=(c.code) selected[self.county == Some(c.code.as_str())] { (c.code) " " (c.label()) }
                        }
                    }
                }
                button type="submit" { (v.t("Show")) }
            }
            div #map .interactive data-bounds=(format!("[[{w},{s}],[{e},{n}]]")) data-attribution=(v.t("Each county's own data")) data-more=(v.t("{} projects here: zoom in")) data-labels=(project_code_labels(v, &[])) {
                noscript { p { (v.t("The interactive map needs JavaScript.")) " " (v.t("The table below lists what each county has published.")) } }
            }
            div.wide tabindex="0" {
                table {
                    caption { (v.t("Projects on the map, county by county")) }
                    thead { tr { th scope="col" { (v.t("County")) } th.num scope="col" { (v.t("Projects")) } th scope="col" { (v.t("Version")) } } }
                    tbody {
                        @for (code, version) in self.projects.versions.iter().filter(|(c, _)| self.county.is_none_or(|want| want == c)) {
                            @let label = self.catalog.county(code).map_or(code.as_str(), County::label);
                            tr {
                                td { a href={"/map?county=" (code)} { (label) } }
                                td.num { (self.projects.counts.get(code).copied().unwrap_or(0)) }
                                td { a href={"/datasets/" (code) "/projects/v/" (version)} { "v" (version) } }
                            }
                        }
                    }
                }
            }
            p { @if self.county.is_some() { a href="/map" { (v.t("Every county")) } " · " } a href="/tiles/projects.json" { "TileJSON" } }
        };
        Ok(layout(v, v.t("Map of projects"), extra, body))
    }
}
