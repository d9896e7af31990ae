//! Views: one function per page over plain data, rendered with maud. Pages work without
//! JavaScript, use landmarks and table captions, load one small stylesheet, and speak
//! the reader's language ([`Lang`]).

use axum::http::{StatusCode, Uri};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::cache::CachePolicy;
use super::error::{Code, WebError};
use super::extract::WebPage;
use super::i18n::{Lang, with_lang};
use super::links::SearchLinks;
use crate::analytics::works::prop;
use crate::feedback::FeedbackError;
use crate::protocol::compliance::{Obligation, Status};
use crate::protocol::{FieldType, Kind, Period, Protocol};
use crate::query::{RowPage, RowQuery};
use crate::search::{SearchQuery, SearchResults};
use crate::staff::StaffError;
use crate::store::Catalog;
use crate::store::Entry;
use crate::store::FileRecord;
use crate::store::Indexed;

/// The stylesheet, served at a URL that changes with its content (so it caches forever),
/// without the comments that explain it in the source: a phone on a slow network is sent
/// only the rules.
pub static CSS: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| without_comments(include_str!("static/site.css")));

/// `css` without its `/* … */` comments and the lines they leave blank.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn css_path() -> String {
    use sha2::{Digest, Sha256};
    format!(
        "/static/site.{}.css",
        &hex::encode(Sha256::digest(CSS.as_bytes()))[..10]
    )
}

/// What every view needs besides its data: the protocol, the reader's language and the
/// address of the page (for the language switcher).
#[derive(Debug)]
pub struct View<'a> {
    pub protocol: &'a Protocol,
    pub lang: Lang,
    pub uri: &'a Uri,
}

impl View<'_> {
    pub(super) fn t(&self, en: &'static str) -> &'static str {
        self.lang.t(en)
    }

    /// A message with one number in it: `{}` in the message marks its place.
    pub(super) fn tf(&self, en: &'static str, n: impl std::fmt::Display) -> String {
        self.lang.t(en).replacen("{}", &n.to_string(), 1)
    }

    /// A message with a count in it, singular or plural by the count: `one` when it is 1,
    /// `other` otherwise ("1 month", "3 months"; "mwezi 1", "miezi 3").
    pub(super) fn tn(&self, one: &'static str, other: &'static str, n: u64) -> String {
        self.lang.tn(one, other, n)
    }

    /// A date as the reader writes it.
    pub(super) fn date(&self, d: chrono::NaiveDate) -> String {
        self.lang.date(d)
    }

    /// The day of an RFC 3339 timestamp, as the reader writes it.
    pub(super) fn day(&self, published_at: &str) -> String {
        published_at
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| published_at.to_string(), |d| self.date(d))
    }

    fn status(&self, s: &Status) -> &'static str {
        match s {
            Status::OnTime { .. } => self.t("on time"),
            Status::Late { .. } => self.t("late"),
            Status::Missing { .. } => self.t("missing"),
            Status::NotYetDue => self.t("not yet due"),
        }
    }
}

/// The language switch: the reader's language named, the others as links to this page
/// in them.
pub(super) fn lang_nav(v: &View) -> Markup {
    html! {
        nav.lang aria-label=(v.t("Language")) {
            @for l in Lang::ALL {
                @if l == v.lang { strong lang=(l.code()) aria-current="true" { (l.native_name()) } }
                @else { a href=(with_lang(v.uri.path(), v.uri.query(), l)) lang=(l.code()) hreflang=(l.code()) { (l.native_name()) } }
            }
        }
    }
}

pub(super) fn head(title: &str, extra: Markup) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            link rel="stylesheet" href=(css_path());
            (extra)
            // No favicon request: one fewer round trip on a slow line.
            link rel="icon" href="data:,";
        }
    }
}

pub(super) fn layout(v: &View, title: &str, body: Markup) -> Markup {
    layout_with(v, title, html! {}, body)
}

/// A page with more in its head (the interactive map's stylesheet and script).
pub(super) fn layout_with(v: &View, title: &str, extra_head: Markup, body: Markup) -> Markup {
    let j = &v.protocol.jurisdiction;
    shell(
        v,
        &Shell {
            title: &format!("{title} · {}", j.name),
            name: html! { (j.name) " " (v.t("open data")) },
            menu: html! {
                a href="/datasets" { (v.t("Datasets")) }
                a href="/budget" { (v.t("Budget")) }
                a href="/revenue" { (v.t("Revenue")) }
                a href="/services" { (v.t("Services")) }
                a href="/projects" { (v.t("Projects")) }
                a href="/wards" { (v.t("Wards")) }
                a href="/audit" { (v.t("Audit")) }
                @if !v.protocol.feedback.categories.is_empty() { a href="/reports" { (v.t("Reports")) } }
                a href="/protocol" { (v.t("Disclosure protocol")) }
                a href="/ledger" { (v.t("Ledger")) }
            },
            search: ("/datasets", v.t("Search datasets")),
            footer: html! {
                p { (v.t("Published by")) " " (j.publisher) " · " (v.t("Licence")) ": " a href=(j.licence.path) { (j.licence.title) } " · " (v.t("Every file is recorded with its sha256 in the")) " " a href="/ledger" { (v.t("ledger")) } "." }
                p { (v.t("For programs")) ": " a href="/api/openapi.json" { "JSON API" } " · " a href="/catalog.jsonld" { "DCAT" } " · " a href="/data.json" { "data.json" } " · " a href="/api/3/action/package_list" { "CKAN API" } }
            },
        },
        extra_head,
        body,
    )
}

/// What one site's pages differ in from another's (the county site, the national one).
pub(super) struct Shell<'a> {
    /// The whole `<title>`.
    pub title: &'a str,
    /// The site's name at the top, linking home.
    pub name: Markup,
    /// The main menu's links.
    pub menu: Markup,
    /// Where the search box sends its `q`, and its label.
    pub search: (&'a str, &'a str),
    pub footer: Markup,
}

/// Every page of either site: the head, skip link, the menu (it opens without
/// JavaScript; on a wide screen it is always open), the language switcher, the search box,
/// the synthetic-data notice, the page and the footer.
pub(super) fn shell(v: &View, s: &Shell, extra_head: Markup, body: Markup) -> Markup {
    let (action, label) = s.search;
    html! {
        (DOCTYPE)
        html lang=(v.lang.code()) {
            (head(s.title, extra_head))
            body {
                a.skip href="#main" { (v.t("Skip to content")) }
                header.site {
                    a.name href="/" { (s.name) }
                    details.menu {
                        summary { (v.t("Menu")) }
                        nav aria-label=(v.t("Main")) { (s.menu) }
                    }
                    (lang_nav(v))
                    form.search role="search" method="get" action=(action) {
                        label.visually-hidden for="site-q" { (label) }
                        input #site-q type="search" name="q" placeholder=(label);
                        button type="submit" { (v.t("Search")) }
                    }
                }
                @if v.protocol.jurisdiction.synthetic {
                    p.synthetic role="note" { strong { (v.t("Synthetic data.")) } " " (v.t("Everything on this site is generated for demonstration: no real place, person or payment.")) }
                }
                main #main { (body) }
                footer.site { (s.footer) }
            }
        }
    }
}

pub use crate::format::{number, thousands};

/// A file's size, its figure and unit held together (a no-break space): `1.2 MB`.
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1}\u{a0}MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.0}\u{a0}KB", n as f64 / f64::from(1 << 10)),
        n => format!("{n}\u{a0}B"),
    }
}

/// A dataset's title in the reader's language: the protocol's Swahili title of its kind
/// on Swahili pages (catalogues and the API keep [`crate::search::dataset_title`]).
pub(super) fn dataset_title_in(v: &View, kind: Option<&Kind>, entry: &Entry) -> String {
    match (kind, &entry.period) {
        (Some(k), Some(p)) => format!("{} — {p}", k.title(v.lang.code())),
        (Some(k), None) => k.title(v.lang.code()).to_string(),
        (None, _) => entry.dataset.clone(),
    }
}

/// A ward or project as people know it: its name with its code after, `Kiriko (MLM-20)`;
/// the code alone when the published boundaries or register do not name it.
pub(super) fn named(name: Option<&str>, code: &str) -> String {
    match name {
        Some(name) if name != code => format!("{name} ({code})"),
        _ => code.to_string(),
    }
}

/// A link to a ward's page, by its name with its code after.
pub(super) fn ward_link(name: Option<&str>, code: &str) -> Markup {
    named_link("/wards/", name, code)
}

/// A link to a project's page, by its title with its id after.
pub(super) fn project_link(title: Option<&str>, id: &str) -> Markup {
    named_link("/projects/", title, id)
}

/// A link to `prefix` + `code`, by `name` with the code after, or by the code alone.
fn named_link(prefix: &str, name: Option<&str>, code: &str) -> Markup {
    html! { a href={(prefix) (code)} { (name.unwrap_or(code)) } @if name.is_some() { " " small { code { (code) } } } }
}

/// A value of a code list (a project's status or sector, a payee type, a service, a
/// request's outcome) as the reader says it: `sw.toml` holds `"{list}:{value}"` in
/// Swahili; English pages, and values the catalogue lacks, show the value as published.
pub(super) fn code_label(v: &View, list: &str, value: &str) -> String {
    match v.lang {
        Lang::En => value.to_string(),
        lang => {
            let key = format!("{list}:{value}");
            match lang.t(&key) {
                t if t == key => value.to_string(),
                t => t.to_string(),
            }
        }
    }
}

/// The projects' status and sector words in the reader's language, as JSON for the
/// interactive map's pop-ups (`data-labels`), so that they say what the legend and the
/// filter say: `{"status": {"implementation": "utekelezaji", …}, "sector": {…}}`, every
/// value of the schema's code list whose word differs from its code (none in English);
/// and `"ward"`, each of `wards` by name and code (`"MLM-20": "Pembe (MLM-20)"`).
pub(super) fn project_code_labels(v: &View, wards: &[Indexed]) -> String {
    let schema = v.protocol.kinds.get("projects").map(|k| &k.schema);
    let mut lists: serde_json::Map<String, serde_json::Value> = ["status", "sector"]
        .into_iter()
        .map(|list| {
            let codes = schema
                .and_then(|s| s.field(list))
                .and_then(|f| f.constraints.allowed.as_deref())
                .unwrap_or_default();
            let words: serde_json::Map<String, serde_json::Value> = codes
                .iter()
                .map(|code| (code.clone(), code_label(v, list, code)))
                .filter(|(code, word)| code != word)
                .map(|(code, word)| (code, word.into()))
                .collect();
            (list.to_string(), words.into())
        })
        .collect();
    // A ward as the project pages say it, "Pembe (MLM-20)", where the pop-up said "MLM-20".
    let named_wards: serde_json::Map<String, serde_json::Value> = wards
        .iter()
        .map(|w| {
            let code = prop(&w.feature, "code");
            let name = prop(&w.feature, "name");
            (
                code.to_string(),
                named((!name.is_empty()).then_some(name), code),
            )
        })
        .filter(|(code, word)| code != word)
        .map(|(code, word)| (code, word.into()))
        .collect();
    if !named_wards.is_empty() {
        lists.insert("ward".into(), named_wards.into());
    }
    serde_json::Value::Object(lists).to_string()
}

/// A budget stage as the reader says it (`approved` → `v.t("approved")`).
pub(super) fn stage_label(stage: &str) -> &'static str {
    match stage {
        "proposed" => "proposed",
        "approved" => "approved",
        "supplementary" => "supplementary",
        "revised" => "revised",
        _ => "current",
    }
}

/// How many disclosures have each status.
fn status_counts(obligations: &[Obligation], kind: Option<&str>) -> [usize; 4] {
    let mut counts = [0; 4];
    for o in obligations
        .iter()
        .filter(|o| kind.is_none_or(|k| o.kind == k))
    {
        counts[match o.status {
            Status::OnTime { .. } => 0,
            Status::Late { .. } => 1,
            Status::Missing { .. } => 2,
            Status::NotYetDue => 3,
        }] += 1;
    }
    counts
}

fn status_labels(v: &View) -> [&'static str; 4] {
    [
        v.t("on time"),
        v.t("late"),
        v.t("missing"),
        v.t("not yet due"),
    ]
}

pub fn home(
    v: &View,
    snapshot: &Catalog,
    figures: Option<&crate::analytics::figures::KeyFigures>,
    obligations: &[Obligation],
) -> Markup {
    let datasets = snapshot.datasets();
    let rows: u64 = datasets.iter().map(|e| e.rows).sum();
    let counts = status_counts(obligations, None);
    let body = html! {
        h1 { (v.t("Open data of")) " " (v.protocol.jurisdiction.name) }
        p.lead { (v.t("Budgets, revenue, payments, public works and services, published under a disclosure protocol: validated, versioned, and recorded in a hash-chained ledger that anyone can check.")) }
        ul.figures aria-label=(v.t("Key figures")) {
            li { strong { (thousands(datasets.len() as u64)) } (v.t("datasets")) }
            li { strong { (thousands(snapshot.entries().len() as u64)) } (v.t("published versions")) }
            li { strong { (thousands(rows)) } (v.t("rows in the latest versions")) }
        }
        @if let Some(f) = figures {
            @let currency = &v.protocol.jurisdiction.currency;
            @if let Some((year, spent, months)) = &f.unbudgeted {
                h2 { (v.t("Fiscal year")) " " (year) }
                ul.figures aria-label=(v.t("Key figures of the new fiscal year")) {
                    li { strong { (v.lang.money(currency, *spent)) } (v.tn("paid in {} month published", "paid in {} months published", *months as u64)) }
                }
                p {
                    (v.tf("The budget of fiscal year {} is not yet published; the figures below are of the last year with a budget.", year)) " "
                    a href={"/budget?fy=" (year)} { (v.tf("Payments of {} so far", year)) } " · "
                    a href={"/budget?fy=" (f.fiscal_year)} { (v.tf("Budget and spending {}", &f.fiscal_year)) }
                }
            }
            h2 { (v.t("Fiscal year")) " " (f.fiscal_year) }
            ul.figures aria-label=(v.t("Key figures of the latest fiscal year")) {
                @if let Some((stage, amount)) = &f.budget { li { strong { (v.lang.money(currency, *amount)) } (v.t("budget")) " (" (v.t(stage_label(stage))) ")" } }
                @if let Some((spent, months)) = f.spent {
                    li { strong { (v.lang.money(currency, spent)) } (v.tn("paid in {} month published", "paid in {} months published", months as u64)) }
                    @if let Some((_, budget)) = &f.budget { @if *budget > 0.0 { li { strong { (format!("{:.0}%", 100.0 * spent / budget)) } (v.t("of the budget paid")) } } }
                }
                @if let Some((collected, target, months)) = f.revenue {
                    li { strong { (v.lang.money(currency, collected)) } (v.tn("revenue collected in {} month", "revenue collected in {} months", months as u64)) @if target > 0.0 { " (" (format!("{:.0}%", 100.0 * collected / target)) " " (v.t("of target")) ")" } }
                }
            }
        }
        h2 { (v.t("Disclosure protocol at a glance")) }
        ul.figures aria-label=(v.t("Disclosures by status")) {
            @for (label, n) in status_labels(v).iter().zip(counts) { li { strong { (n) } (label) } }
        }
        p { a href="/protocol" { (v.t("Every required disclosure and its status")) } }
        h2 { (v.t("Latest disclosures")) }
        (disclosure_table(v, snapshot.entries().iter().rev().take(10), v.t("The ten most recent publications")))
        p { a href="/datasets" { (v.t("All datasets")) } " · " a href="/ledger" { (v.t("The ledger and how to verify it")) } }
    };
    layout(v, v.t("Open data"), body)
}

fn disclosure_table<'a>(
    v: &View,
    entries: impl Iterator<Item = &'a Entry>,
    caption: &str,
) -> Markup {
    html! {
        div.wide tabindex="0" {
            table {
                caption { (caption) }
                thead { tr { th scope="col" { (v.t("Dataset")) } th scope="col" { (v.t("Version")) } th scope="col" { (v.t("Published")) } th.num scope="col" { (v.t("Rows")) } } }
                tbody {
                    @for e in entries {
                        tr {
                            td { a href={"/datasets/" (e.dataset)} { (dataset_title_in(v, v.protocol.kinds.get(&e.kind), e)) } }
                            td { a href={"/datasets/" (e.dataset) "/v/" (e.version)} { "v" (e.version) } }
                            td { (v.day(&e.published_at)) }
                            td.num { (thousands(e.rows)) }
                        }
                    }
                }
            }
        }
    }
}

/// The catalogue: a search box, facets with counts, and one page of results.
pub fn datasets(
    v: &View,
    snapshot: &Catalog,
    query: &SearchQuery,
    results: &SearchResults,
) -> Markup {
    let pages = results.total.div_ceil(query.size).max(1);
    let body = html! {
        h1 { (v.t("Datasets")) }
        form.filters role="search" method="get" action="/datasets" {
            div.grow {
                label for="q" { (v.t("Search titles, descriptions, fields and contents")) }
                input #q type="search" name="q" value=(query.q);
            }
            @for (name, value) in &query.filters { input type="hidden" name=(name.param()) value=(value); }
            button type="submit" { (v.t("Search")) }
        }
        div.catalogue {
            aside aria-label=(v.t("Refine")) {
                @for facet in &results.facets {
                    @let chosen = query.filter(facet.name);
                    section.facet {
                        h2 { (v.t(facet.name.title())) }
                        ul {
                            @if chosen.is_some() { li { a href=(query.href_without(facet.name)) { "× " (v.t("any")) } } }
                            @for (value, count) in &facet.values {
                                li {
                                    @if chosen == Some(value.as_str()) { strong { (facet_label(v, facet.name, value)) " (" (count) ")" } }
                                    @else { a href=(query.href_with(facet.name, value)) { (facet_label(v, facet.name, value)) } " (" (count) ")" }
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
                        @if let Some(e) = snapshot.latest(&hit.dataset) {
                            li {
                                a.title href={"/datasets/" (e.dataset)} { (dataset_title_in(v, v.protocol.kinds.get(&e.kind), e)) }
                                p.meta { code { (e.dataset) } " · v" (e.version) " · " (v.tn("{} row", "{} rows", e.rows)) " · " (v.day(&e.published_at)) }
                                // A quotation of the text that matched, as indexed (verbatim).
                                @if !hit.snippet.is_empty() { p.snippet translate="no" { (PreEscaped(&hit.snippet)) } }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    nav.pager aria-label=(v.t("Pages")) {
                        @if query.page > 1 { a href=(query.href_page(query.page - 1)) rel="prev" { "← " (v.t("Previous")) } }
                        @if query.page < pages { a href=(query.href_page(query.page + 1)) rel="next" { (v.t("Next")) " →" } }
                    }
                }
            }
        }
    };
    layout(v, v.t("Datasets"), body)
}

pub(super) fn facet_label(v: &View, facet: crate::search::FacetName, value: &str) -> String {
    use crate::search::FacetName;
    match facet {
        FacetName::Kind => v
            .protocol
            .kinds
            .get(value)
            .map_or_else(|| value.to_string(), |k| k.title(v.lang.code()).to_string()),
        FacetName::Spatial => (if value == "yes" {
            v.t("with locations")
        } else {
            v.t("without locations")
        })
        .to_string(),
        _ => value.to_string(),
    }
}

pub fn dataset_version(
    v: &View,
    snapshot: &Catalog,
    entry: &Entry,
    pinned: bool,
    preview: &Result<RowPage, WebError>,
    query: &RowQuery,
) -> Markup {
    let kind = v.protocol.kinds.get(&entry.kind);
    let title = dataset_title_in(v, kind, entry);
    let versions = snapshot.versions(&entry.dataset);
    let latest = versions.last().map_or(entry.version, |e| e.version);
    let period: Option<Period> = v
        .protocol
        .resolve_dataset(&entry.dataset)
        .and_then(|(_, p)| p);
    let due = period.and_then(|p| {
        kind.and_then(|k| k.spec.due.as_ref())
            .map(|d| d.due_date(p))
    });
    let base = format!("/datasets/{}/v/{}", entry.dataset, entry.version);
    let here = if pinned {
        base.clone()
    } else {
        format!("/datasets/{}", entry.dataset)
    };
    let body = html! {
        h1 { (title) }
        p {
            (v.t("Version")) " " (entry.version) " / " (latest)
            @if pinned { " · " (v.t("this address never changes")) } @else { " · " (v.t("latest; cite")) " " a href=(base) { (base) } }
            @if entry.version < latest { " · " a href={"/datasets/" (entry.dataset)} { (v.t("see the latest version")) } }
        }
        @if let Some(k) = kind { p.lead { (k.description(v.lang.code())) } }
        nav.toc aria-label=(v.t("On this page")) {
            a href="#rows" { (v.t("Rows")) } " · " a href="#downloads" { (v.t("Downloads")) } " · " a href="#fields" { (v.t("Fields")) } " · " a href="#versions" { (v.t("Versions")) }
        }
        h2 { (v.t("About this version")) }
        dl.facts {
            dt { (v.t("Dataset")) } dd { code { (entry.dataset) } }
            @if let Some(p) = &entry.period { dt { (v.t("Period")) } dd { (p) } }
            @if let Some(d) = due { dt { (v.t("Due")) } dd { (v.date(d)) } }
            dt { (v.t("Published")) } dd { (v.day(&entry.published_at)) " · " (entry.publisher) }
            @if let Some(note) = &entry.note { dt { (v.t("Note")) } dd { (note) } }
            dt { (v.t("Rows")) } dd { (thousands(entry.rows)) }
            @if let Some(k) = kind {
                dt { (v.t("Frequency")) } dd { (v.t(k.spec.frequency.label())) }
                dt { (v.t("Responsible office")) } dd { (k.spec.office) }
                dt { (v.t("Legal basis")) } dd { (k.spec.legal_basis) }
            }
            dt { (v.t("Licence")) } dd { a href=(v.protocol.jurisdiction.licence.path) { (v.protocol.jurisdiction.licence.title) } }
            dt { (v.t("Ledger entry")) } dd { "#" (entry.seq) " " span.hash { (entry.hash) } }
            dt { "API" } dd { a href={"/api/datasets/" (entry.dataset) "/versions/" (entry.version)} { "JSON" } " · " a href={"/api/datasets/" (entry.dataset) "/versions/" (entry.version) "/rows"} { (v.t("rows as JSON")) } }
        }
        h2 #rows { (v.t("Rows")) }
        (rows_preview(v, &here, &base, kind, preview, query))
        h2 #downloads { (v.t("Downloads")) }
        (files_table(v, &base, &entry.files))
        @if let Some(k) = kind {
            @if !k.spec.redact.is_empty() {
                h2 { (v.t("Redactions")) }
                ul { @for r in &k.spec.redact { li { code { (r.field) } ": " (k.redaction_reason(r, v.lang.code())) } } }
            }
            h2 #fields { (v.t("Fields")) }
            div.wide tabindex="0" {
                table {
                    caption { (v.t("Schema (Frictionless Table Schema)")) }
                    thead { tr { th scope="col" { (v.t("Field")) } th scope="col" { (v.t("Type")) } th scope="col" { (v.t("Description")) } th scope="col" { (v.t("Rules")) } } }
                    tbody {
                        @for f in &k.schema.fields {
                            @let (title, description) = k.field_text(f, v.lang.code());
                            tr {
                                td { code { (f.name) } }
                                td { (v.t(type_label(f.kind))) }
                                td { (title.unwrap_or("")) @if let Some(d) = description { ": " (d) } }
                                td { (rules(v, f)) }
                            }
                        }
                    }
                }
            }
        }
        h2 #versions { (v.t("Versions")) }
        div.wide tabindex="0" {
            table {
                caption { (v.t("Every version of")) " " code { (entry.dataset) } }
                thead { tr { th scope="col" { (v.t("Version")) } th scope="col" { (v.t("Published")) } th.num scope="col" { (v.t("Rows")) } th scope="col" { (v.t("Note")) } th scope="col" { (v.t("Changes")) } th scope="col" { (v.t("sha256 of data.csv")) } } }
                tbody {
                    @for ver in versions.iter().rev() {
                        tr {
                            td { a href={"/datasets/" (ver.dataset) "/v/" (ver.version)} { "v" (ver.version) } }
                            td { (v.day(&ver.published_at)) }
                            td.num { (thousands(ver.rows)) }
                            td { (ver.note.as_deref().unwrap_or("")) }
                            td { @if ver.version > 1 { a href={"/datasets/" (ver.dataset) "/diff/" (ver.version - 1) ".." (ver.version)} { (v.t("from")) " v" (ver.version - 1) } } }
                            td.hash { (ver.file("data.csv").map_or("", |f| &f.sha256[..16])) "…" }
                        }
                    }
                }
            }
        }
    };
    layout(v, &title, body)
}

/// The preview: one page of rows, sortable by any column, with a filter per column (a
/// plain GET form), and the matching rows as CSV or Parquet.
fn rows_preview(
    v: &View,
    here: &str,
    base: &str,
    kind: Option<&Kind>,
    preview: &Result<RowPage, WebError>,
    query: &RowQuery,
) -> Markup {
    let Some(kind) = kind else { return html! {} };
    let fields: Vec<&crate::protocol::Field> = kind
        .schema
        .fields
        .iter()
        .filter(|f| crate::query::previewable(f))
        .collect();
    html! {
        p.hint { (v.t("Filter: a word matches text containing it; =word matches exactly; numbers and dates take 5000, >5000, <=5000 or 1000..5000.")) }
        form.rows method="get" action={(here) "#rows"} {
            @if let Some(s) = &query.sort { input type="hidden" name="_sort" value=(s.param()); }
            div.wide tabindex="0" {
                table.rows {
                    caption {
                        @match preview {
                            Ok(page) => {
                                (thousands(page.total)) " " (v.t("matching rows"))
                                @if page.pages > 1 { " · " (v.t("page")) " " (query.page) " / " (thousands(page.pages)) }
                            }
                            Err(_) => { (v.t("Rows")) }
                        }
                    }
                    thead {
                        tr {
                            @for f in &fields {
                                @let (next, mark) = query.next_sort(&f.name);
                                th scope="col" aria-sort=(query.aria_sort(&f.name)) { a href={(here) "?" (query.href(1, Some(&next))) "#rows"} { (column_name(v, kind, f)) } (mark) }
                            }
                        }
                        tr.filter {
                            @for f in &fields {
                                td { input type="text" name=(f.name) value=(query.raw(&f.name)) aria-label={(v.t("Filter")) " " (column_name(v, kind, f))} size="6"; }
                            }
                        }
                    }
                    // The rows as published, verbatim (codes and values untranslated).
                    tbody translate="no" {
                        @match preview {
                            Ok(page) => {
                                @for row in &page.rows {
                                    tr { @for (cell, f) in row.iter().zip(&fields) { td.num[matches!(f.kind, FieldType::Number | FieldType::Integer)] { (super::rows::cell_text(cell)) } } }
                                }
                            }
                            Err(e) => { tr { td colspan=(fields.len()) { strong { (e.to_string()) } } } }
                        }
                    }
                }
            }
            button type="submit" { (v.t("Filter")) }
            " " a href={(here) "#rows"} { (v.t("Clear")) }
        }
        @if let Ok(page) = preview {
            @if page.pages > 1 {
                nav.pager aria-label=(v.t("Pages of rows")) {
                    @if query.page > 1 { a href={(here) "?" (query.href(query.page - 1, query.sort.as_ref())) "#rows"} rel="prev" { "← " (v.t("Previous")) } }
                    @if (query.page as u64) < page.pages { a href={(here) "?" (query.href(query.page + 1, query.sort.as_ref())) "#rows"} rel="next" { (v.t("Next")) " →" } }
                }
            }
        }
        p {
            (v.t("Download these rows")) ": "
            a href={(base) "/rows.csv?" (query.href(1, query.sort.as_ref()))} download { "CSV" } " · "
            a href={(base) "/rows.parquet?" (query.href(1, query.sort.as_ref()))} download { "Parquet" }
        }
    }
}

/// A field type as the reader says it.
fn type_label(t: FieldType) -> &'static str {
    match t {
        FieldType::String => "text",
        FieldType::Number => "number",
        FieldType::Integer => "whole number",
        FieldType::Date => "date",
        FieldType::Yearmonth => "year and month",
        FieldType::Boolean => "yes or no",
        FieldType::Geojson => "GeoJSON geometry",
    }
}

/// A field's constraints in words; the allowed values and patterns are codes.
/// A column's heading in the row preview: the field's name (what the CSV calls it) on
/// English pages, its title in the reader's language on the others.
fn column_name<'a>(v: &View, kind: &'a Kind, f: &'a crate::protocol::Field) -> &'a str {
    match v.lang {
        Lang::En => &f.name,
        lang => kind.field_text(f, lang.code()).0.unwrap_or(&f.name),
    }
}

fn rules(v: &View, f: &crate::protocol::Field) -> Markup {
    let c = &f.constraints;
    let mut words: Vec<Markup> = Vec::new();
    if c.required {
        words.push(html! { (v.t("required")) });
    }
    if c.unique {
        words.push(html! { (v.t("unique")) });
    }
    if let Some(e) = &c.allowed {
        words.push(html! { (v.t("one of")) " " @for (i, x) in e.iter().enumerate() { @if i > 0 { ", " } code { (x) } } });
    }
    if let Some(m) = c.minimum {
        words.push(html! { "≥ " (m) });
    }
    if let Some(m) = c.maximum {
        words.push(html! { "≤ " (m) });
    }
    if let Some(p) = &c.pattern {
        words.push(html! { (v.t("pattern")) " " code { (p) } });
    }
    html! { @for (i, w) in words.iter().enumerate() { @if i > 0 { "; " } (w) } }
}

fn files_table(v: &View, base: &str, files: &[FileRecord]) -> Markup {
    // GeoPackage and Shapefile can also be had in the national grid, made on request.
    let grid = v.protocol.jurisdiction.national_crs();
    let reprojectable = |path: &str| grid.is_some() && matches!(path, "data.gpkg" | "data.shp.zip");
    // One card per file on a phone (the hash on a line of its own, whole, to select and
    // copy), a table on a wider screen.
    html! {
        table.cards.files {
            caption { (v.t("Files of this version, with their sha256")) }
            thead { tr { th scope="col" { (v.t("File")) } th scope="col" { (v.t("Format")) } th.num scope="col" { (v.t("Size")) } th scope="col" { "sha256" } } }
            tbody {
                @for f in files {
                    tr {
                        td { a href={(base) "/" (f.path)} download { (f.path) } }
                        td data-label=(v.t("Format")) {
                            (v.t(crate::store::file_format(&f.path).title))
                            @if let Some(g) = grid.filter(|_| reprojectable(&f.path)) {
                                " · " a href={(base) "/" (f.path) "?crs=" (g.code)} download title=(g.name) { (v.t("in the national grid")) " (" (g.code) ")" }
                            }
                        }
                        td.num data-label=(v.t("Size")) { (bytes(f.bytes)) }
                        td.hash data-label="sha256" { (f.sha256) }
                    }
                }
            }
        }
    }
}

pub fn compliance(
    v: &View,
    snapshot: &Catalog,
    as_of: chrono::NaiveDate,
    obligations: &[Obligation],
) -> Markup {
    let labels = status_labels(v);
    let body = html! {
        h1 { (v.t("Disclosure protocol: what must be published, and what was")) }
        p.lead { (v.t("Every periodic disclosure the protocol requires, with its due date, and whether it was published on time, late or not at all, as of")) " " (v.date(as_of)) "." }
        form.filters method="get" action="/protocol" {
            div { label for="as_of" { (v.t("As of")) } input #as_of type="date" name="as_of" value=(as_of); }
            button type="submit" { (v.t("Show")) }
            a href={"/protocol.csv?as_of=" (as_of)} download { (v.t("Download as CSV")) }
        }
        ul.figures aria-label=(v.t("Summary")) {
            @for (label, n) in labels.iter().zip(status_counts(obligations, None)) { li { strong { (n) } (label) } }
        }
        h2 { (v.t("By kind")) }
        div.wide tabindex="0" {
            table {
                caption { (v.t("Disclosures by kind and status")) }
                thead { tr { th scope="col" { (v.t("Kind")) } th scope="col" { (v.t("Office")) } th scope="col" { (v.t("Frequency")) } @for l in labels { th.num scope="col" { (l) } } } }
                tbody {
                    @for k in v.protocol.kinds.values().filter(|k| k.is_periodic()) {
                        tr {
                            th scope="row" { (k.title(v.lang.code())) }
                            td { (k.spec.office) }
                            td { (v.t(k.spec.frequency.label())) }
                            @for n in status_counts(obligations, Some(&k.name)) { td.num { (n) } }
                        }
                    }
                }
            }
        }
        h2 { (v.t("Every required disclosure")) }
        div.wide tabindex="0" {
            table {
                caption { (v.t("Each period's disclosure, by due date")) }
                thead { tr { th scope="col" { (v.t("Disclosure")) } th scope="col" { (v.t("Period")) } th scope="col" { (v.t("Due")) } th scope="col" { (v.t("Status")) } th scope="col" { (v.t("Published")) } } }
                tbody {
                    @for o in obligations.iter().rev() {
                        tr {
                            td {
                                @if snapshot.latest(&o.dataset).is_some() { a href={"/datasets/" (o.dataset)} { (o.dataset) } } @else { (o.dataset) }
                            }
                            td { (o.period) }
                            td { (v.date(o.due)) }
                            td {
                                @match o.status {
                                    Status::OnTime { .. } | Status::NotYetDue => { (v.status(&o.status)) }
                                    Status::Late { days_late, .. } => { strong { (v.status(&o.status)) } " " (v.tn("by {} day", "by {} days", days_late.unsigned_abs())) }
                                    Status::Missing { days_overdue } => { strong { (v.status(&o.status)) } ", " (v.tn("{} day overdue", "{} days overdue", days_overdue.unsigned_abs())) }
                                }
                            }
                            td {
                                @match o.status {
                                    Status::OnTime { published } | Status::Late { published, .. } => { (v.date(published)) }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(v, v.t("Disclosure protocol"), body)
}

/// Added and removed rows shown on the diff page; the CSV has them all.
const DIFF_ROWS_SHOWN: usize = 100;

pub fn diff(v: &View, d: &crate::store::diff::Diff) -> Markup {
    let c = &d.counts;
    let base = format!("/datasets/{}", d.dataset);
    let title = format!("{}: v{} → v{}", d.dataset, d.from, d.to);
    let body = html! {
        h1 { (title) }
        p {
            a href={(base) "/v/" (d.from)} { "v" (d.from) } " → " a href={(base) "/v/" (d.to)} { "v" (d.to) }
            " · " (v.t("rows matched by")) " " code { (d.key.join(", ")) }
            " · " a href={(base) "/diff/" (d.from) ".." (d.to) ".csv"} download { (v.t("Download as CSV")) }
            " · " a href={"/api" (base) "/diff/" (d.from) ".." (d.to)} { "JSON" }
        }
        ul.figures aria-label=(v.t("Summary")) {
            li { strong { (thousands(c.changed)) } (v.t("changed")) }
            li { strong { (thousands(c.added)) } (v.t("added")) }
            li { strong { (thousands(c.removed)) } (v.t("removed")) }
            li { strong { (thousands(c.unchanged)) } (v.t("unchanged")) }
        }
        @if !d.changed.is_empty() {
            h2 { (v.t("Changed rows")) }
            div.wide tabindex="0" {
                table {
                    caption { (v.t("Each changed value, old and new")) }
                    thead { tr { th scope="col" { (v.t("Row")) } th scope="col" { (v.t("Field")) } th scope="col" { (v.t("Was")) } th scope="col" { (v.t("Now")) } } }
                    tbody translate="no" {
                        @for row in d.changed.iter().take(DIFF_ROWS_SHOWN) {
                            @for (i, ch) in row.changes.iter().enumerate() {
                                tr {
                                    @if i == 0 { th scope="row" rowspan=(row.changes.len()) { (row.key) } }
                                    td { code { (ch.field) } }
                                    td { del { (ch.old) } }
                                    td { ins { (ch.new) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @for (name, rows) in [(v.t("Added rows"), &d.added), (v.t("Removed rows"), &d.removed)] {
            @if !rows.is_empty() {
                h2 { (name) }
                div.wide tabindex="0" {
                    table {
                        caption { (name) }
                        thead { tr { @for f in &d.fields { th scope="col" { code { (f) } } } } }
                        tbody translate="no" { @for r in rows.iter().take(DIFF_ROWS_SHOWN) { tr { @for cell in r { td { (cell) } } } } }
                    }
                }
            }
        }
        @if [c.changed, c.added, c.removed].iter().any(|n| *n as usize > DIFF_ROWS_SHOWN) {
            p { (v.t("Long lists are cut at")) " " (DIFF_ROWS_SHOWN) " " (v.t("rows; the CSV has every one.")) }
        }
        @if c.changed + c.added + c.removed == 0 { p { (v.t("The two versions hold the same rows.")) } }
    };
    layout(v, &title, body)
}

pub fn ledger(v: &View, snapshot: &Catalog) -> Markup {
    let body = html! {
        h1 { (v.t("The ledger")) }
        p.lead { (v.t("Every published version is one line of")) " " a href="/ledger.jsonl" { code { "ledger.jsonl" } } ". " (v.t("Each line records every file's sha256, size and row count, and the hash of the line before it, so a changed, missing or reordered byte anywhere shows.")) }
        h2 { (v.t("Check it yourself")) }
        ol {
            li { (v.t("Download a file and its version's line from")) " " code { "ledger.jsonl" } "; " code { "sha256sum data.csv" } " " (v.t("must print the line's sha256 for that file.")) }
            li { (v.t("Each line's hash is the sha256 of the line without its hash member (the JSON exactly as written, minus")) " " code { ",\"hash\":\"…\"" } " " (v.t("at the end); its prev_hash is the hash of the line before.")) }
            li { (v.t("Or run")) " " code { "disclose verify" } " " (v.t("on a copy of the data folder.")) }
        }
        p { (v.t("Head of the chain")) ": " span.hash { (snapshot.head()) } }
        div.wide tabindex="0" {
            table {
                caption { (v.t("Ledger entries, newest first")) }
                thead { tr { th.num scope="col" { "#" } th scope="col" { (v.t("Dataset")) } th scope="col" { (v.t("Published")) } th scope="col" { (v.t("Publisher")) } th scope="col" { (v.t("Hash")) } th scope="col" { (v.t("Previous")) } } }
                tbody {
                    @for e in snapshot.entries().iter().rev() {
                        tr {
                            td.num { (e.seq) }
                            td { a href={"/datasets/" (e.dataset) "/v/" (e.version)} { (e.dataset) " v" (e.version) } }
                            td { (v.day(&e.published_at)) }
                            td { (e.publisher) }
                            td.hash { (e.short_hash()) }
                            td.hash { (&e.prev_hash[..12]) }
                        }
                    }
                }
            }
        }
    };
    layout(v, v.t("Ledger"), body)
}

/// A page for a request that failed, with ways on. Rendered without the store, so it
/// works whatever failed.
pub fn error_page(lang: Lang, error: &WebError) -> Markup {
    let status = error.status();
    let code = error.code();
    let title = match status {
        StatusCode::NOT_FOUND => lang.t("Not found"),
        StatusCode::UNAUTHORIZED => lang.t("Sign in first"),
        StatusCode::FORBIDDEN => lang.t("Not allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => lang.t("Too large"),
        StatusCode::TOO_MANY_REQUESTS => lang.t("Too many at once"),
        s if s.is_server_error() => lang.t("Something went wrong on our side"),
        _ => lang.t("That request cannot be answered"),
    };
    let message = error.to_string();
    // In English the reason itself; in other languages, what the reader can do, and the
    // reason in English after it.
    let wait = match error {
        WebError::RateLimited { seconds } => lang.tn(
            "Too many from your address: wait {} second and try again.",
            "Too many from your address: wait {} seconds and try again.",
            *seconds,
        ),
        _ => lang
            .t("Too many from your address: wait a minute and try again.")
            .to_string(),
    };
    // A refusal (another office's report or upload, a moderator's step, a page for
    // another role) says itself in the reader's language, its figures filled.
    let refusal = match error {
        WebError::Feedback(FeedbackError::Refused(r) | FeedbackError::Forbidden(r)) => {
            Some(lang.refusal(r))
        }
        WebError::Staff(StaffError::Refused(r) | StaffError::Forbidden(r)) => {
            Some(lang.staff_refusal(r))
        }
        _ => None,
    };
    let shown = if status.is_server_error() {
        lang.t("The error was logged. Please try again in a moment.")
    } else if let Some(said) = &refusal {
        said.as_str()
    } else if lang == Lang::En {
        message.as_str()
    } else {
        match code {
            _ if status == StatusCode::NOT_FOUND => lang.t("Nothing is published at this address."),
            Code::CsrfRejected => lang.t(
                "The form had expired, or was not sent from this site. Go back, reload the page and send it again.",
            ),
            Code::TooManyRequests => wait.as_str(),
            Code::TooLarge => lang.t("The file is over the limit: send a smaller one."),
            Code::SignInRequired => lang.t("Sign in to the staff workspace first."),
            Code::Forbidden => lang.t(
                "Your account's role or offices do not allow this; an administrator can change them.",
            ),
            _ => lang.t("Something in the request is not as expected."),
        }
    };
    // The reason is written in English: other languages say so, and mark it as English.
    let detail = (lang != Lang::En && !status.is_server_error() && refusal.is_none())
        .then_some(message.as_str());
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(title, html! {}))
            body {
                main #main {
                    h1 { (title) }
                    p { (shown) }
                    @if let Some(d) = detail { p { (lang.t("In English")) ": " small lang="en" { (d) } } }
                    @if let Some((dataset, latest)) = error.latest_version() {
                        p { a href={"/datasets/" (dataset) "/v/" (latest)} { (lang.t("The latest version")) ", v" (latest) } }
                    }
                    p { a href="/datasets" { (lang.t("All datasets")) } " · " a href="/" { (lang.t("Home")) } }
                }
            }
        }
    }
}

/// `/`: the key figures, the disclosures by status, the latest publications.
pub(super) struct HomePage<'a> {
    pub snapshot: &'a Catalog,
    pub figures: Option<&'a crate::analytics::figures::KeyFigures>,
    pub obligations: &'a [Obligation],
}

impl WebPage for HomePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(home(v, self.snapshot, self.figures, self.obligations))
    }
}

/// `/datasets`: the catalogue search.
pub(super) struct DatasetsPage<'a> {
    pub snapshot: &'a Catalog,
    pub query: &'a SearchQuery,
    pub results: &'a SearchResults,
}

impl WebPage for DatasetsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(datasets(v, self.snapshot, self.query, self.results))
    }
}

/// `/datasets/{id}` and `/datasets/{id}/v/{n}`: a version with a preview of its rows.
/// The version is immutable, but the page lists later versions, so it is revalidated;
/// a filter the rows cannot take makes it a 400 that shows why in place of the rows.
pub(super) struct DatasetPage<'a> {
    pub snapshot: &'a Catalog,
    pub entry: &'a Entry,
    pub pinned: bool,
    pub preview: &'a Result<RowPage, WebError>,
    pub query: &'a RowQuery,
}

impl WebPage for DatasetPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(dataset_version(
            v,
            self.snapshot,
            self.entry,
            self.pinned,
            self.preview,
            self.query,
        ))
    }

    fn status(&self) -> StatusCode {
        match self.preview {
            Ok(_) => StatusCode::OK,
            Err(e) => e.status(),
        }
    }
}

/// `/datasets/{id}/diff/{a}..{b}`: both versions are immutable, so is their diff.
pub(super) struct DiffPage<'a> {
    pub diff: &'a crate::store::diff::Diff,
}

impl WebPage for DiffPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(diff(v, self.diff))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::Immutable
    }
}

/// `/protocol`: every required disclosure and its status.
pub(super) struct CompliancePage<'a> {
    pub snapshot: &'a Catalog,
    pub as_of: chrono::NaiveDate,
    pub obligations: &'a [Obligation],
}

impl WebPage for CompliancePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(compliance(v, self.snapshot, self.as_of, self.obligations))
    }
}

/// `/ledger`: the chain, newest first.
pub(super) struct LedgerPage<'a> {
    pub snapshot: &'a Catalog,
}

impl WebPage for LedgerPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(ledger(v, self.snapshot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_sent_with_its_rules_and_without_its_comments() {
        let source = include_str!("static/site.css");
        assert!(source.contains("/* Charts:"), "the source explains itself");
        assert!(!CSS.contains("/*") && !CSS.contains("*/"));
        assert!(CSS.contains("table.cards td[data-label]::before"));
        assert!(CSS.contains("@media print"));
        // Every rule kept: as many braces.
        assert_eq!(CSS.matches('{').count(), source.matches('{').count());
        assert!(
            CSS.len() + 800 < source.len(),
            "{} of {}",
            CSS.len(),
            source.len()
        );
        assert_eq!(
            without_comments("a { b: c; } /* x */\n/* y\n z */\nd { e: f; }"),
            "a { b: c; }\nd { e: f; }"
        );
    }
}
