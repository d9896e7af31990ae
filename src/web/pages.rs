//! Views: one function per page over plain data, rendered with maud. Pages work without
//! JavaScript, use landmarks and table captions, and load one small stylesheet.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, html};

use super::error::WebError;
use super::state::Snapshot;
use crate::pipeline::write::FileRecord;
use crate::protocol::{Kind, Period, Protocol};
use crate::store::Entry;

/// The stylesheet, served at a URL that changes with its content (so it caches forever).
pub const CSS: &str = include_str!("static/site.css");

pub fn css_path() -> String {
    use sha2::{Digest, Sha256};
    format!("/static/site.{}.css", &hex::encode(Sha256::digest(CSS.as_bytes()))[..10])
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            link rel="stylesheet" href=(css_path());
        }
    }
}

fn layout(protocol: &Protocol, title: &str, body: Markup) -> Markup {
    let j = &protocol.jurisdiction;
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · {}", j.name)))
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.name href="/" { (j.name) " open data" }
                    nav aria-label="Main" {
                        a href="/datasets" { "Datasets" }
                        a href="/protocol" { "Disclosure protocol" }
                        a href="/ledger" { "Ledger" }
                    }
                }
                @if j.synthetic {
                    p.synthetic role="note" { strong { "Synthetic data. " } "Everything on this site is generated for demonstration: no real place, person or payment." }
                }
                main #main { (body) }
                footer.site {
                    p { "Published by " (j.publisher) " under " a href=(j.licence.path) { (j.licence.title) } ". Every file is recorded with its sha256 in the " a href="/ledger" { "ledger" } "." }
                }
            }
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / f64::from(1 << 10)),
        n => format!("{n} bytes"),
    }
}

fn day(published_at: &str) -> &str {
    published_at.get(..10).unwrap_or(published_at)
}

/// "Payments made — 2025-09": the kind's title and the period.
pub(super) fn dataset_title(kind: Option<&Kind>, entry: &Entry) -> String {
    match (kind, &entry.period) {
        (Some(k), Some(p)) => format!("{} — {p}", k.spec.title),
        (Some(k), None) => k.spec.title.clone(),
        (None, _) => entry.dataset.clone(),
    }
}

pub fn home(protocol: &Protocol, snapshot: &Snapshot) -> Markup {
    let datasets = snapshot.datasets();
    let rows: u64 = datasets.iter().map(|e| e.rows).sum();
    let body = html! {
        h1 { "Open data of " (protocol.jurisdiction.name) }
        p.lead { "Budgets, revenue, payments, public works and services, published under a disclosure protocol: validated, versioned, and recorded in a hash-chained ledger that anyone can check." }
        ul.figures aria-label="Key figures" {
            li { strong { (thousands(datasets.len() as u64)) } "datasets" }
            li { strong { (thousands(snapshot.entries.len() as u64)) } "published versions" }
            li { strong { (thousands(rows)) } "rows in the latest versions" }
        }
        h2 { "Latest disclosures" }
        (disclosure_table(protocol, snapshot.entries.iter().rev().take(10), "The ten most recent publications"))
        p { a href="/datasets" { "All datasets" } " · " a href="/ledger" { "The ledger and how to verify it" } }
    };
    layout(protocol, "Open data", body)
}

fn disclosure_table<'a>(protocol: &Protocol, entries: impl Iterator<Item = &'a Entry>, caption: &str) -> Markup {
    html! {
        div.wide {
            table {
                caption { (caption) }
                thead { tr { th scope="col" { "Dataset" } th scope="col" { "Version" } th scope="col" { "Published" } th.num scope="col" { "Rows" } } }
                tbody {
                    @for e in entries {
                        tr {
                            td { a href={"/datasets/" (e.dataset)} { (dataset_title(protocol.kinds.get(&e.kind), e)) } }
                            td { a href={"/datasets/" (e.dataset) "/v/" (e.version)} { "v" (e.version) } }
                            td { (day(&e.published_at)) }
                            td.num { (thousands(e.rows)) }
                        }
                    }
                }
            }
        }
    }
}

/// Datasets per page of the catalogue.
pub const PAGE_SIZE: usize = 50;

pub fn datasets(protocol: &Protocol, snapshot: &Snapshot, kind: Option<&str>, page: usize) -> Markup {
    let all: Vec<&Entry> = snapshot.datasets().into_iter().filter(|e| kind.is_none_or(|k| e.kind == k)).collect();
    let pages = all.len().div_ceil(PAGE_SIZE).max(1);
    let shown = all.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).copied();
    let query = |p: usize| match kind {
        Some(k) => format!("/datasets?kind={k}&page={p}"),
        None => format!("/datasets?page={p}"),
    };
    let body = html! {
        h1 { "Datasets" }
        form.filters method="get" action="/datasets" {
            div {
                label for="kind" { "Kind" }
                select #kind name="kind" {
                    option value="" { "All kinds" }
                    @for (name, k) in &protocol.kinds {
                        option value=(name) selected[kind == Some(name.as_str())] { (k.spec.title) }
                    }
                }
            }
            button type="submit" { "Show" }
        }
        p { (thousands(all.len() as u64)) " datasets" @if pages > 1 { ", page " (page) " of " (pages) } "." }
        (disclosure_table(protocol, shown, "Datasets, latest version of each, newest first"))
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page > 1 { a href=(query(page - 1)) rel="prev" { "← Previous" } }
                @if page < pages { a href=(query(page + 1)) rel="next" { "Next →" } }
            }
        }
    };
    layout(protocol, "Datasets", body)
}

pub fn dataset_version(protocol: &Protocol, snapshot: &Snapshot, entry: &Entry, pinned: bool) -> Markup {
    let kind = protocol.kinds.get(&entry.kind);
    let title = dataset_title(kind, entry);
    let versions = snapshot.versions(&entry.dataset);
    let latest = versions.last().map_or(entry.version, |e| e.version);
    let period: Option<Period> = protocol.resolve_dataset(&entry.dataset).and_then(|(_, p)| p);
    let due = period.and_then(|p| kind.and_then(|k| k.spec.due.as_ref()).map(|d| d.due_date(p)));
    let base = format!("/datasets/{}/v/{}", entry.dataset, entry.version);
    let body = html! {
        h1 { (title) }
        p {
            "Version " (entry.version) " of " (latest)
            @if pinned { " · this address never changes" } @else { " · latest; cite " a href=(base) { (base) } }
            @if entry.version < latest { " · " a href={"/datasets/" (entry.dataset)} { "see the latest version" } }
        }
        @if let Some(k) = kind { p.lead { (k.spec.description) } }
        h2 { "About this version" }
        dl.facts {
            dt { "Dataset" } dd { code { (entry.dataset) } }
            @if let Some(p) = &entry.period { dt { "Period" } dd { (p) } }
            @if let Some(d) = due { dt { "Due" } dd { (d) } }
            dt { "Published" } dd { (entry.published_at) " by " (entry.publisher) }
            @if let Some(note) = &entry.note { dt { "Note" } dd { (note) } }
            dt { "Rows" } dd { (thousands(entry.rows)) }
            @if let Some(k) = kind {
                dt { "Frequency" } dd { (k.spec.frequency) }
                dt { "Responsible office" } dd { (k.spec.office) }
                dt { "Legal basis" } dd { (k.spec.legal_basis) }
            }
            dt { "Licence" } dd { a href=(protocol.jurisdiction.licence.path) { (protocol.jurisdiction.licence.title) } }
            dt { "Ledger entry" } dd { "#" (entry.seq) " " span.hash { (entry.hash) } }
        }
        h2 { "Downloads" }
        (files_table(&base, &entry.files))
        @if let Some(k) = kind {
            @if !k.spec.redact.is_empty() {
                h2 { "Redactions" }
                ul { @for r in &k.spec.redact { li { code { (r.field) } ": " (r.reason) } } }
            }
            h2 { "Fields" }
            div.wide {
                table {
                    caption { "Schema (Frictionless Table Schema)" }
                    thead { tr { th scope="col" { "Field" } th scope="col" { "Type" } th scope="col" { "Description" } th scope="col" { "Rules" } } }
                    tbody {
                        @for f in &k.schema.fields {
                            tr {
                                td { code { (f.name) } }
                                td { (f.kind) }
                                td { (f.title.as_deref().unwrap_or("")) @if let Some(d) = &f.description { ": " (d) } }
                                td { (rules(f)) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Versions" }
        div.wide {
            table {
                caption { "Every version of " (entry.dataset) }
                thead { tr { th scope="col" { "Version" } th scope="col" { "Published" } th.num scope="col" { "Rows" } th scope="col" { "Note" } th scope="col" { "Changes" } th scope="col" { "sha256 of data.csv" } } }
                tbody {
                    @for v in versions.iter().rev() {
                        tr {
                            td { a href={"/datasets/" (v.dataset) "/v/" (v.version)} { "v" (v.version) } }
                            td { (day(&v.published_at)) }
                            td.num { (thousands(v.rows)) }
                            td { (v.note.as_deref().unwrap_or("")) }
                            td { @if v.version > 1 { a href={"/datasets/" (v.dataset) "/diff/" (v.version - 1) ".." (v.version)} { "from v" (v.version - 1) } } }
                            td.hash { (v.file("data.csv").map_or("", |f| &f.sha256[..16])) "…" }
                        }
                    }
                }
            }
        }
    };
    layout(protocol, &title, body)
}

fn rules(f: &crate::protocol::Field) -> String {
    let c = &f.constraints;
    let mut out = Vec::new();
    if c.required {
        out.push("required".to_string());
    }
    if c.unique {
        out.push("unique".to_string());
    }
    if let Some(e) = &c.allowed {
        out.push(format!("one of {}", e.join(", ")));
    }
    if let Some(m) = c.minimum {
        out.push(format!("≥ {m}"));
    }
    if let Some(m) = c.maximum {
        out.push(format!("≤ {m}"));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("pattern {p}"));
    }
    out.join("; ")
}

fn files_table(base: &str, files: &[FileRecord]) -> Markup {
    html! {
        div.wide {
            table {
                caption { "Files of this version, with their sha256" }
                thead { tr { th scope="col" { "File" } th.num scope="col" { "Size" } th scope="col" { "sha256" } } }
                tbody {
                    @for f in files {
                        tr {
                            td { a href={(base) "/" (f.path)} download { (f.path) } }
                            td.num { (bytes(f.bytes)) }
                            td.hash { (f.sha256) }
                        }
                    }
                }
            }
        }
    }
}

pub fn compliance(protocol: &Protocol, snapshot: &Snapshot, as_of: chrono::NaiveDate, obligations: &[crate::protocol::compliance::Obligation]) -> Markup {
    use crate::protocol::compliance::Status;
    let count = |kind: Option<&str>, label: &str| obligations.iter().filter(|o| kind.is_none_or(|k| o.kind == k) && o.status.label() == label).count();
    let labels = ["on time", "late", "missing", "not yet due"];
    let body = html! {
        h1 { "Disclosure protocol: what must be published, and what was" }
        p.lead { "Every periodic disclosure the protocol requires, with its due date, and whether it was published on time, late or not at all, as of " (as_of) "." }
        form.filters method="get" action="/protocol" {
            div { label for="as_of" { "As of" } input #as_of type="date" name="as_of" value=(as_of); }
            button type="submit" { "Show" }
            a href={"/protocol.csv?as_of=" (as_of)} download { "Download as CSV" }
        }
        ul.figures aria-label="Summary" {
            @for l in labels { li { strong { (count(None, l)) } (l) } }
        }
        h2 { "By kind" }
        div.wide {
            table {
                caption { "Disclosures by kind and status" }
                thead { tr { th scope="col" { "Kind" } th scope="col" { "Office" } th scope="col" { "Frequency" } @for l in labels { th.num scope="col" { (l) } } } }
                tbody {
                    @for k in protocol.kinds.values().filter(|k| k.is_periodic()) {
                        tr {
                            th scope="row" { (k.spec.title) }
                            td { (k.spec.office) }
                            td { (k.spec.frequency) }
                            @for l in labels { td.num { (count(Some(&k.name), l)) } }
                        }
                    }
                }
            }
        }
        h2 { "Every required disclosure" }
        div.wide {
            table {
                caption { "Each period's disclosure, by due date" }
                thead { tr { th scope="col" { "Disclosure" } th scope="col" { "Period" } th scope="col" { "Due" } th scope="col" { "Status" } th scope="col" { "Published" } } }
                tbody {
                    @for o in obligations.iter().rev() {
                        tr {
                            td {
                                @if snapshot.latest(&o.dataset).is_some() { a href={"/datasets/" (o.dataset)} { (o.dataset) } } @else { (o.dataset) }
                            }
                            td { (o.period) }
                            td { (o.due) }
                            td {
                                @match o.status {
                                    Status::OnTime { .. } => { "on time" }
                                    Status::Late { days_late, .. } => { strong { "late" } " by " (days_late) " days" }
                                    Status::Missing { days_overdue } => { strong { "missing" } ", " (days_overdue) " days overdue" }
                                    Status::NotYetDue => { "not yet due" }
                                }
                            }
                            td {
                                @match o.status {
                                    Status::OnTime { published } | Status::Late { published, .. } => { (published) }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(protocol, "Disclosure protocol", body)
}

/// Added and removed rows shown on the diff page; the CSV has them all.
const DIFF_ROWS_SHOWN: usize = 500;

pub fn diff(protocol: &Protocol, d: &crate::store::diff::Diff) -> Markup {
    let c = &d.counts;
    let base = format!("/datasets/{}", d.dataset);
    let title = format!("{}: changes from v{} to v{}", d.dataset, d.from, d.to);
    let body = html! {
        h1 { (title) }
        p {
            a href={(base) "/v/" (d.from)} { "v" (d.from) } " → " a href={(base) "/v/" (d.to)} { "v" (d.to) }
            " · rows matched by " (d.key.join(", "))
            " · " a href={(base) "/diff/" (d.from) ".." (d.to) ".csv"} download { "download as CSV" }
        }
        ul.figures aria-label="Summary" {
            li { strong { (thousands(c.changed)) } "changed" }
            li { strong { (thousands(c.added)) } "added" }
            li { strong { (thousands(c.removed)) } "removed" }
            li { strong { (thousands(c.unchanged)) } "unchanged" }
        }
        @if !d.changed.is_empty() {
            h2 { "Changed rows" }
            div.wide {
                table {
                    caption { "Each changed value, old and new" }
                    thead { tr { th scope="col" { "Row" } th scope="col" { "Field" } th scope="col" { "Was" } th scope="col" { "Now" } } }
                    tbody {
                        @for row in &d.changed {
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
        @for (name, rows) in [("Added rows", &d.added), ("Removed rows", &d.removed)] {
            @if !rows.is_empty() {
                h2 { (name) }
                @if rows.len() > DIFF_ROWS_SHOWN { p { "The first " (DIFF_ROWS_SHOWN) " of " (thousands(rows.len() as u64)) "; the CSV has every one." } }
                div.wide {
                    table {
                        caption { (name) }
                        thead { tr { @for f in &d.fields { th scope="col" { (f) } } } }
                        tbody { @for r in rows.iter().take(DIFF_ROWS_SHOWN) { tr { @for v in r { td { (v) } } } } }
                    }
                }
            }
        }
        @if c.changed + c.added + c.removed == 0 { p { "The two versions hold the same rows." } }
    };
    layout(protocol, &title, body)
}

pub fn ledger(protocol: &Protocol, snapshot: &Snapshot) -> Markup {
    let body = html! {
        h1 { "The ledger" }
        p.lead { "Every published version is one line of " a href="/ledger.jsonl" { code { "ledger.jsonl" } } ". Each line records every file's sha256, size and row count, and the hash of the line before it, so a changed, missing or reordered byte anywhere shows." }
        h2 { "Check it yourself" }
        ol {
            li { "Download a file and its version's line from " code { "ledger.jsonl" } "; " code { "sha256sum data.csv" } " must print the line's " code { "sha256" } " for that file." }
            li { "Each line's " code { "hash" } " is the sha256 of the line without its " code { "\"hash\":…" } " member (the JSON exactly as written, minus " code { ",\"hash\":\"…\"" } " at the end); its " code { "prev_hash" } " is the line before's " code { "hash" } "." }
            li { "Or run " code { "disclose verify" } " on a copy of the data folder." }
        }
        p { "Head of the chain: " span.hash { (snapshot.head) } }
        div.wide {
            table {
                caption { "Ledger entries, newest first" }
                thead { tr { th.num scope="col" { "#" } th scope="col" { "Dataset" } th scope="col" { "Published" } th scope="col" { "Publisher" } th scope="col" { "Hash" } th scope="col" { "Previous" } } }
                tbody {
                    @for e in snapshot.entries.iter().rev() {
                        tr {
                            td.num { (e.seq) }
                            td { a href={"/datasets/" (e.dataset) "/v/" (e.version)} { (e.dataset) " v" (e.version) } }
                            td { (day(&e.published_at)) }
                            td { (e.publisher) }
                            td.hash { (e.short_hash()) }
                            td.hash { (&e.prev_hash[..12]) }
                        }
                    }
                }
            }
        }
    };
    layout(protocol, "Ledger", body)
}

/// A page for a request that failed, with ways on. Rendered without the store, so it
/// works whatever failed.
pub fn error_page(status: StatusCode, message: &str, error: &WebError) -> Markup {
    let title = match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::BAD_REQUEST => "That request cannot be answered",
        _ => "Something went wrong on our side",
    };
    let shown = if status.is_server_error() { "The error was logged. Please try again in a moment." } else { message };
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main #main {
                    h1 { (title) }
                    p { (shown) }
                    @if let WebError::UnknownVersion { dataset, latest, .. } = error {
                        p { a href={"/datasets/" (dataset) "/v/" (latest)} { "The latest version, v" (latest) } }
                    }
                    p { a href="/datasets" { "All datasets" } " · " a href="/" { "Home" } }
                }
            }
        }
    }
}
