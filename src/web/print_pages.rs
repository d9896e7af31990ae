//! Paper for the field: a social-audit pack per project and per ward (A4: the disclosed
//! facts with the dataset version and short hash of each, a map, money against progress,
//! the raised flags, a checklist with blanks for what was observed, and a QR code to the
//! pinned record), and a site notice per project (A4/A3 poster for the signboard and the
//! notice board). `disclose print` writes the same pages to files.

use std::path::{Path, PathBuf};

use maud::{Markup, html};

use super::extract::WebPage;
use super::pages::{View, code_label, layout, named, number};
use super::project_pages::{flag_list, id_of, progress_chart, project_map, summary};
use super::qr;
use crate::analytics::flags::Flag;
use crate::analytics::works::{Works, number as num, prop};
use crate::store::Catalog;
use crate::store::Entry;
use crate::store::Indexed;

/// Where a figure came from: `projects v3 · c072f49a`.
fn source(entry: Option<&Entry>) -> Markup {
    html! {
        @if let Some(e) = entry {
            small.source { a href={"/datasets/" (e.dataset) "/v/" (e.version)} { (e.dataset) " v" (e.version) } " · " code title=(e.hash) { (&e.hash[..8]) } }
        }
    }
}

fn money(v: &View, x: f64) -> String {
    format!("{} {}", v.protocol.jurisdiction.currency, number(x.round()))
}

/// The pinned record of a project: its row in the register's version.
fn pinned(base: &str, entry: Option<&Entry>, column: &str, value: &str) -> String {
    match entry {
        Some(e) => format!(
            "{base}/datasets/{}/v/{}?{column}=%3D{}",
            e.dataset,
            e.version,
            form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        ),
        None => format!("{base}/datasets"),
    }
}

/// A line to write on.
fn blank() -> Markup {
    html! { span.blank {} }
}

pub fn project_pack(
    v: &View,
    works: &Works,
    snapshot: &Catalog,
    p: &Indexed,
    base: &str,
) -> Markup {
    let f = &p.feature;
    let id = id_of(p);
    let register = snapshot.latest("projects");
    let progress_source = snapshot.latest("project_progress");
    let inspections = works
        .inspections
        .get(id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let last = inspections.last();
    let paid = works.paid(id);
    let current = num(f, "contract_value_current");
    let flags: Vec<&Flag> = works.flags_of(id).collect();
    let payment_sources: Vec<&Entry> = {
        let mut names: Vec<&str> = works
            .payments
            .get(id)
            .map(|ps| ps.iter().map(|p| p.source.dataset.as_str()).collect())
            .unwrap_or_default();
        names.dedup();
        names
            .into_iter()
            .filter_map(|d| snapshot.latest(d))
            .collect()
    };
    let facts = [
        ("Contractor", "contractor"),
        ("Contract", "contract_id"),
        ("Ward", "ward"),
        ("Implementing office", "implementing_unit"),
        ("Funding source", "funding_source"),
        ("Planned start", "planned_start"),
        ("Planned end", "planned_end"),
        ("Actual start", "actual_start"),
        ("Actual end", "actual_end"),
    ];
    let url = pinned(base, register, "id", id);
    let body = html! {
        article.pack {
            p.kicker { (v.t("Social audit pack")) " · " (v.protocol.jurisdiction.name) }
            h1 { (prop(f, "title")) " " small { code { (id) } } }
            p { (prop(f, "description")) }
            div.split {
                div.wide tabindex="0" { table.facts {
                    caption { (v.t("What was disclosed")) }
                    tbody {
                        @for (label, name) in facts { @if !prop(f, name).is_empty() { tr { th scope="row" { (v.t(label)) } td { @if name == "ward" { (named(works.ward_name(prop(f, name)), prop(f, name))) } @else { (code_label(v, name, prop(f, name))) } } td { (source(register)) } } } }
                        @if let Some(b) = num(f, "budget") { tr { th scope="row" { (v.t("Budget")) } td { (money(v, b)) } td { (source(register)) } } }
                        @if let Some(o) = num(f, "contract_value_original") { tr { th scope="row" { (v.t("Original contract")) } td { (money(v, o)) } td { (source(register)) } } }
                        @if let Some(c) = current { tr { th scope="row" { (v.t("Current contract")) } td { (money(v, c)) } td { (source(register)) } } }
                        tr { th scope="row" { (v.t("Paid to date")) } td { (money(v, paid)) @if let Some(c) = current.filter(|c| *c > 0.0) { " (" (format!("{:.0}%", 100.0 * paid / c)) ")" } } td { @for e in &payment_sources { (source(Some(e))) " " } } }
                        @if let Some(i) = last { tr { th scope="row" { (v.t("Last inspected progress")) } td { (i.progress) "% (" (v.date(i.date)) ")" } td { (source(progress_source)) } } }
                    }
                } }
                div {
                    @if let Some(map) = project_map(v, works, p) { (map) }
                    @if let Some(code) = qr::code(&url, v.t("QR code: the disclosed record of this project")) { (code) }
                }
            }
            @if let Some(chart) = progress_chart(v, works, id, current) {
                h2 { (v.t("Progress and payments over time")) }
                (chart)
            }
            h2 { (v.t("Red flags")) }
            @if flags.is_empty() { p { (v.t("This project raises none of the red flags the protocol defines.")) } } @else { (flag_list(v, works, &flags)) }
            h2 { (v.t("Checklist on site")) }
            div.wide tabindex="0" { table.checklist {
                caption { (v.t("Write what you find next to what was disclosed")) }
                thead { tr { th scope="col" { (v.t("Check")) } th scope="col" { (v.t("Disclosed")) } th scope="col" { (v.t("Observed")) } } }
                tbody {
                    tr { td { (v.t("Is there a signboard with the title, contractor and contract sum?")) } td { (prop(f, "title")) } td { (blank()) } }
                    tr { td { (v.t("Does the work match the description?")) } td { (prop(f, "description")) } td { (blank()) } }
                    tr { td { (v.t("How far along is the work, in your estimate?")) } td { @if let Some(i) = last { (i.progress) "%" } } td { (blank()) "%" } }
                    tr { td { (v.t("Is the contractor on site? Who?")) } td { (prop(f, "contractor")) } td { (blank()) } }
                    tr { td { (v.t("Quality: cracks, drainage, materials, safety")) } td {} td { (blank()) } }
                    tr { td { (v.t("What do residents say?")) } td {} td { (blank()) } }
                    @for flag in &flags { tr { td { (v.t(flag.rule.title())) } td { (summary(v, flag)) } td { (blank()) } } }
                }
            } }
            p { (v.t("Audited by")) ": " (blank()) " " (v.t("Date")) ": " (blank()) }
        }
    };
    layout(
        v,
        &format!("{} — {}", v.t("Social audit pack"), prop(f, "title")),
        body,
    )
}

pub fn notice(v: &View, works: &Works, snapshot: &Catalog, p: &Indexed, base: &str) -> Markup {
    let f = &p.feature;
    let id = id_of(p);
    let register = snapshot.latest("projects");
    let last = works.inspections.get(id).and_then(|l| l.last());
    let url = pinned(base, register, "id", id);
    let body = html! {
        article.notice {
            p.kicker { (v.protocol.jurisdiction.name) " · " (v.t("Public notice of works")) }
            h1 { (prop(f, "title")) }
            dl.facts {
                dt { (v.t("Contractor")) } dd { (prop(f, "contractor")) }
                dt { (v.t("Contract sum")) } dd { (num(f, "contract_value_current").map(|c| money(v, c)).unwrap_or_default()) }
                dt { (v.t("Funding source")) } dd { (code_label(v, "funding_source", prop(f, "funding_source"))) }
                dt { (v.t("Planned start")) } dd { (prop(f, "planned_start")) }
                dt { (v.t("Planned end")) } dd { (prop(f, "planned_end")) }
                dt { (v.t("Last verified progress")) } dd { @match last { Some(i) => { (i.progress) "% (" (v.date(i.date)) ")" } None => { (v.t("not yet inspected")) } } }
            }
            div.split {
                @if let Some(code) = qr::code(&url, v.t("QR code: the disclosed record of this project")) { (code) }
                p {
                    (v.t("Check this project yourself: scan the code, or visit the address under it.")) br;
                    (v.t("Ledger entry")) ": " @if let Some(e) = register { code { (e.hash) } }
                }
            }
        }
    };
    layout(
        v,
        &format!("{} — {}", v.t("Public notice of works"), prop(f, "title")),
        body,
    )
}

pub fn ward_pack(v: &View, works: &Works, snapshot: &Catalog, w: &Indexed, base: &str) -> Markup {
    let code = prop(&w.feature, "code");
    let projects: Vec<&Indexed> = works
        .projects
        .iter()
        .filter(|p| prop(&p.feature, "ward") == code)
        .collect();
    let flags: Vec<&Flag> = works
        .flags
        .iter()
        .filter(|f| f.ward.as_deref() == Some(code))
        .collect();
    let wards = snapshot.latest("wards");
    let url = pinned(base, wards, "code", code);
    let body = html! {
        article.pack {
            p.kicker { (v.t("Social audit pack")) " · " (v.protocol.jurisdiction.name) }
            h1 { (prop(&w.feature, "name")) " " small { code { (code) } } }
            div.split {
                dl.facts {
                    dt { (v.t("Sub-county")) } dd { (prop(&w.feature, "sub_county")) " " (source(wards)) }
                    dt { (v.t("Residents")) } dd { (num(&w.feature, "population").map(number).unwrap_or_default()) " " (source(wards)) }
                    dt { (v.t("Projects")) } dd { (projects.len()) " " (source(snapshot.latest("projects"))) }
                }
                @if let Some(code) = qr::code(&url, v.t("QR code: the disclosed record of this ward")) { (code) }
            }
            h2 { (v.t("Projects in the ward")) }
            div.wide tabindex="0" { table.checklist {
                caption { (v.t("Write what you find next to what was disclosed")) }
                thead { tr { th scope="col" { (v.t("Project")) } th scope="col" { (v.t("Status")) } th.num scope="col" { (v.t("Contract value")) } th.num scope="col" { (v.t("Paid to date")) } th.num scope="col" { (v.t("Progress")) } th scope="col" { (v.t("Observed")) } } }
                tbody {
                    @for p in &projects {
                        @let id = id_of(p);
                        tr {
                            td { (prop(&p.feature, "title")) br; small { code { (id) } } }
                            td { (code_label(v, "status", prop(&p.feature, "status"))) }
                            td.num { (num(&p.feature, "contract_value_current").map(number).unwrap_or_default()) }
                            td.num { (number(works.paid(id).round())) }
                            td.num { @if let Some(i) = works.inspections.get(id).and_then(|l| l.last()) { (i.progress) "%" } }
                            td { (blank()) }
                        }
                    }
                }
            } }
            h2 { (v.t("Red flags")) }
            @if flags.is_empty() { p { (v.t("No red flag matches these filters.")) } } @else { (flag_list(v, works, &flags)) }
            p { (v.t("Audited by")) ": " (blank()) " " (v.t("Date")) ": " (blank()) }
        }
    };
    layout(
        v,
        &format!(
            "{} — {}",
            v.t("Social audit pack"),
            prop(&w.feature, "name")
        ),
        body,
    )
}

/// What `disclose print` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection<'a> {
    /// A ward's pack, and the pack and notice of each of its projects.
    Ward(&'a str),
    /// Every ward's pack, and every project's pack and notice.
    All,
}

/// Why `disclose print` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Analytics(#[from] crate::analytics::AnalyticsError),
    #[error(
        "no ward `{code}` in the published wards; `disclose print` without --ward prints them all"
    )]
    UnknownWard { code: String },
    #[error(
        "no wards are published yet, so there is nothing to print; publish the wards register and the projects first"
    )]
    NoWards,
    #[error("`{uri}` is not a page address")]
    Address { uri: String },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Renders packs and notices to standalone HTML files in `out` (stylesheet inlined, QR
/// codes to `base`). Blocking.
pub fn print(
    data_dir: &Path,
    protocol: &crate::protocol::Protocol,
    selection: Selection,
    out: &Path,
    base: &str,
) -> Result<Vec<PathBuf>, PrintError> {
    let snapshot = Catalog::read(data_dir)?;
    let works = Works::build(
        protocol,
        data_dir,
        &snapshot.datasets(),
        &crate::store::FeatureCache::default(),
        &crate::analytics::cache::Cache::default(),
    )?;
    let wards: Vec<&Indexed> = match selection {
        Selection::Ward(code) => vec![works.ward(code).ok_or_else(|| PrintError::UnknownWard {
            code: code.to_string(),
        })?],
        Selection::All => works.wards.iter().collect(),
    };
    if wards.is_empty() {
        return Err(PrintError::NoWards);
    }
    std::fs::create_dir_all(out).map_err(|source| PrintError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    let mut write =
        |name: String, uri: String, render: &dyn Fn(&View) -> Markup| -> Result<(), PrintError> {
            let uri: axum::http::Uri = uri.parse().map_err(|_| PrintError::Address { uri })?;
            let view = View {
                protocol,
                lang: super::i18n::Lang::En,
                uri: &uri,
            };
            let html = render(&view).into_string();
            let link = format!(
                "<link rel=\"stylesheet\" href=\"{}\">",
                super::pages::css_path()
            );
            let html = html.replacen(&link, &format!("<style>{}</style>", *super::pages::CSS), 1);
            let path = out.join(name);
            std::fs::write(&path, html).map_err(|source| PrintError::Write {
                path: path.clone(),
                source,
            })?;
            written.push(path);
            Ok(())
        };
    for w in wards {
        let code = prop(&w.feature, "code");
        write(
            format!("ward-{code}-pack.html"),
            format!("/audit/wards/{code}/pack"),
            &|v| ward_pack(v, &works, &snapshot, w, base),
        )?;
        for p in works
            .projects
            .iter()
            .filter(|p| prop(&p.feature, "ward") == code)
        {
            let id = id_of(p);
            write(
                format!("project-{id}-pack.html"),
                format!("/audit/projects/{id}/pack"),
                &|v| project_pack(v, &works, &snapshot, p, base),
            )?;
            write(
                format!("project-{id}-notice.html"),
                format!("/projects/{id}/notice"),
                &|v| notice(v, &works, &snapshot, p, base),
            )?;
        }
    }
    Ok(written)
}

/// Which printed page: a project's audit pack, its site notice, or a ward's pack.
#[derive(Debug, Clone, Copy)]
pub(super) enum Printed<'a> {
    ProjectPack(&'a Indexed),
    Notice(&'a Indexed),
    WardPack(&'a Indexed),
}

/// A printed page, with the site's address for its QR codes.
pub(super) struct PrintPage<'a> {
    pub works: &'a Works,
    pub snapshot: &'a Catalog,
    pub printed: Printed<'a>,
    pub base: &'a str,
}

impl WebPage for PrintPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, super::error::WebError> {
        Ok(match self.printed {
            Printed::ProjectPack(p) => project_pack(v, self.works, self.snapshot, p, self.base),
            Printed::Notice(p) => notice(v, self.works, self.snapshot, p, self.base),
            Printed::WardPack(w) => ward_pack(v, self.works, self.snapshot, w, self.base),
        })
    }
}
