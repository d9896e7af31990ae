//! The social-audit pages: `/audit` (every raised red flag, filtered by kind, ward,
//! office and severity; as CSV and JSON too) and `/audit/flags` (what each flag checks,
//! in plain words, with the protocol's thresholds).

use std::collections::HashMap;

use maud::{Markup, html};
use serde_json::json;

use super::error::WebError;
use super::extract::WebPage;
use super::pages::{View, layout, thousands};
use super::project_pages::{flag_list, severity_label};
use crate::analytics::flags::{Flag, Rule, Severity};
use crate::analytics::works::{Works, prop};
use crate::format::fill;

/// The filters of `/audit`, each optional.
#[derive(Debug, Clone)]
pub struct AuditFilters {
    pub rule: Option<Rule>,
    pub ward: Option<String>,
    pub office: Option<String>,
    pub severity: Option<Severity>,
    /// The page of the list, from 1 (the downloads hold every flag).
    pub page: usize,
}

const PARAMS: [&str; 4] = ["rule", "ward", "office", "severity"];

/// Flags on one page of `/audit`: a county can raise tens of thousands, and the page must
/// load on a phone: forty, even at over a kilobyte each, keep it under 60 KB with its
/// stylesheet.
const FLAGS_PAGE: usize = 40;

impl AuditFilters {
    /// Parses and checks the filters against what exists: an unknown rule, severity,
    /// ward or office is a 400 saying what exists.
    pub fn parse(params: &HashMap<String, String>, works: &Works) -> Result<Self, WebError> {
        if let Some(k) = params
            .keys()
            .find(|k| !PARAMS.contains(&k.as_str()) && !matches!(k.as_str(), "lang" | "page"))
        {
            return Err(WebError::BadRequest(format!(
                "`{k}` is not a filter of the red flags; the filters are {}",
                PARAMS.join(", ")
            )));
        }
        let given = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let rule = given("rule")
            .map(|id| {
                Rule::parse(id).ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "`{id}` is not a red flag; the flags are {}",
                        Rule::ALL.map(Rule::id).join(", ")
                    ))
                })
            })
            .transpose()?;
        let severity = given("severity")
            .map(|s| {
                Severity::ALL
                    .into_iter()
                    .find(|x| x.id() == s)
                    .ok_or_else(|| {
                        WebError::BadRequest(format!(
                            "`{s}` is not a severity; use high, medium or low"
                        ))
                    })
            })
            .transpose()?;
        let ward = given("ward").map(|w| {
            let known = works.wards.iter().any(|x| prop(&x.feature, "code") == w);
            if known {
                Ok(w.to_string())
            } else {
                Err(WebError::BadRequest(format!(
                    "`{w}` is not a ward code; /wards lists them"
                )))
            }
        });
        let office = given("office").map(|o| {
            if works.flag_offices.iter().any(|x| x == o) {
                Ok(o.to_string())
            } else {
                Err(WebError::BadRequest(format!(
                    "`{o}` is not an office any red flag names; leave it empty for all"
                )))
            }
        });
        Ok(Self {
            rule,
            ward: ward.transpose()?,
            office: office.transpose()?,
            severity,
            page: crate::format::positive(params, "page", 1, usize::MAX)?,
        })
    }

    fn keeps(&self, f: &Flag) -> bool {
        self.rule.is_none_or(|r| f.rule == r)
            && self.severity.is_none_or(|s| f.severity == s)
            && self
                .ward
                .as_ref()
                .is_none_or(|w| f.ward.as_ref() == Some(w))
            && self
                .office
                .as_ref()
                .is_none_or(|o| f.office.as_ref() == Some(o))
    }

    fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(r) = self.rule {
            q.append_pair("rule", r.id());
        }
        if let Some(w) = &self.ward {
            q.append_pair("ward", w);
        }
        if let Some(o) = &self.office {
            q.append_pair("office", o);
        }
        if let Some(s) = self.severity {
            q.append_pair("severity", s.id());
        }
        q.finish()
    }

    /// This list's page `page`.
    fn href(&self, page: usize) -> String {
        match (self.query(), page) {
            (q, 1) => format!("/audit?{q}"),
            (q, n) if q.is_empty() => format!("/audit?page={n}"),
            (q, n) => format!("/audit?{q}&page={n}"),
        }
    }

    pub fn select<'a>(&self, works: &'a Works) -> Vec<&'a Flag> {
        works.flags.iter().filter(|f| self.keeps(f)).collect()
    }
}

pub fn audit(v: &View, works: &Works, filters: &AuditFilters) -> Result<Markup, WebError> {
    let shown = filters.select(works);
    let pages = shown.len().div_ceil(FLAGS_PAGE).max(1);
    if filters.page > pages {
        return Err(WebError::BadRequest(format!(
            "page {} is past the end; there are {pages}",
            filters.page
        )));
    }
    let query = filters.query();
    // By name, with the code after ("Kiriko (MLM-20)").
    let mut wards: Vec<(&str, String)> = works
        .wards
        .iter()
        .map(|w| {
            let code = prop(&w.feature, "code");
            (code, super::pages::named(works.ward_name(code), code))
        })
        .collect();
    wards.sort_unstable_by(|a, b| a.1.cmp(&b.1));
    let body = html! {
        h1 { (v.t("Red flags for social audit")) }
        p.lead {
            (v.t("Patterns in the published records that are worth a closer look: each names its rule, its figures and the rows it rests on. A flag is a question to ask, not a finding of wrongdoing."))
            @if let Some(as_of) = works.as_of { " " (v.t("The records run to")) " " (v.date(as_of)) "." }
        }
        ul.figures aria-label=(v.t("Summary")) {
            @for s in Severity::ALL { li { strong { (works.flags.iter().filter(|f| f.severity == s).count()) } (v.t(severity_label(s))) } }
        }
        form.filters method="get" action="/audit" {
            div { label for="rule" { (v.t("Red flag")) } select #rule name="rule" {
                option value="" { (v.t("all")) }
                @for r in Rule::ALL { option value=(r.id()) selected[filters.rule == Some(r)] { (v.t(r.title())) } }
            } }
            div { label for="severity" { (v.t("Severity")) } select #severity name="severity" {
                option value="" { (v.t("all")) }
                @for s in Severity::ALL { option value=(s.id()) selected[filters.severity == Some(s)] { (v.t(severity_label(s))) } }
            } }
            div { label for="ward" { (v.t("Ward")) } select #ward name="ward" {
                option value="" { (v.t("all")) }
                @for (code, label) in &wards { option value=(code) selected[filters.ward.as_deref() == Some(*code)] { (label) } }
            } }
            div { label for="office" { (v.t("Office")) } select #office name="office" {
                option value="" { (v.t("all")) }
                @for o in &works.flag_offices { option value=(o) selected[filters.office.as_ref() == Some(o)] { (o) } }
            } }
            button type="submit" { (v.t("Show")) }
        }
        p {
            (thousands(shown.len() as u64)) " " (v.t("red flags"))
            @if pages > 1 { " · " (v.t("page")) " " (filters.page) " / " (thousands(pages as u64)) }
            " · "
            a href={"/audit.csv?" (query)} download { (v.t("Download as CSV")) } " · "
            a href={"/audit.json?" (query)} { "JSON" } " · "
            a href="/audit/flags" { (v.t("What the red flags are")) }
        }
        @if shown.is_empty() {
            p { (v.t("No red flag matches these filters.")) }
        } @else {
            (flag_list(v, works, &shown[(filters.page - 1) * FLAGS_PAGE..shown.len().min(filters.page * FLAGS_PAGE)]))
        }
        @if pages > 1 {
            nav.pager aria-label=(v.t("Pages")) {
                @if filters.page > 1 { a href=(filters.href(filters.page - 1)) rel="prev" { "← " (v.t("Previous")) } }
                @if filters.page < pages { a href=(filters.href(filters.page + 1)) rel="next" { (v.t("Next")) " →" } }
            }
        }
    };
    Ok(layout(v, v.t("Red flags for social audit"), body))
}

pub fn rules(v: &View, works: &Works) -> Markup {
    let body = html! {
        h1 { (v.t("What the red flags are")) }
        p.lead { (v.t("Each flag is a rule applied to the published records, with thresholds the disclosure protocol sets. A raised flag links to the rows it rests on, in the dataset version it was computed from, so anyone can check it.")) }
        @for r in Rule::ALL {
            section #(r.id()) {
                h2 { (v.t(r.title())) }
                p { small.severity { (v.t("Severity")) ": " (v.t(severity_label(r.severity()))) } }
                p { (explain(v, r)) }
                p { a href={"/audit?rule=" (r.id())} { (v.tf("{} raised", works.flags.iter().filter(|f| f.rule == r).count())) } }
            }
        }
    };
    layout(v, v.t("What the red flags are"), body)
}

/// The flags as CSV: one row each, with its figures and the rows behind it.
pub fn flags_csv(flags: &[&Flag]) -> Result<Vec<u8>, WebError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let bad = WebError::Csv;
    out.write_record([
        "rule", "severity", "subject", "project", "ward", "office", "summary", "figures", "rows",
        "versions",
    ])
    .map_err(bad)?;
    for f in flags {
        let figures: Vec<String> = f.figures.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let rows: Vec<String> = f.evidence.iter().map(|e| e.url()).collect();
        let versions: Vec<String> = f
            .evidence
            .iter()
            .map(|e| format!("{} v{} {}", e.dataset, e.version, e.hash))
            .collect();
        out.write_record([
            f.rule.id(),
            f.severity.id(),
            &f.subject,
            f.project.as_deref().unwrap_or(""),
            f.ward.as_deref().unwrap_or(""),
            f.office.as_deref().unwrap_or(""),
            &f.summary,
            &figures.join("; "),
            &rows.join(" "),
            &versions.join("; "),
        ])
        .map_err(bad)?;
    }
    out.into_inner().map_err(|e| WebError::Io(e.into_error()))
}

pub fn flags_json(works: &Works, flags: &[&Flag]) -> serde_json::Value {
    json!({
        "as_of": works.as_of,
        "count": flags.len(),
        "flags": flags.iter().map(|f| {
            let mut value = serde_json::to_value(f).unwrap_or_default();
            value["title"] = f.rule.title().into();
            value["figures"] = f.figures.iter().map(|(k, v)| json!({ "name": k, "value": v })).collect();
            value["evidence"] = f.evidence.iter().map(|e| json!({ "dataset": e.dataset, "version": e.version, "hash": e.hash, "filters": e.filters.iter().map(|(k, v)| json!({ "column": k, "value": v })).collect::<Vec<_>>(), "rows": e.rows, "url": e.url() })).collect();
            value
        }).collect::<Vec<_>>(),
    })
}

/// What a rule checks, in the page's language. The catalogue holds each rule's text as a
/// template (`flag-help:{rule}`) with the protocol's thresholds as `{name}`s; English is
/// the rule's own.
pub fn explain(v: &View, rule: Rule) -> String {
    let key = format!("flag-help:{}", rule.id());
    match v.lang.t(&key) {
        template if template != key => fill(template, &thresholds(&v.protocol.audit, v.lang)),
        _ => rule.explain(&v.protocol.audit),
    }
}

/// The `[audit]` thresholds, named as the templates use them and written as the English
/// text writes them.
fn thresholds(a: &crate::protocol::Audit, lang: super::i18n::Lang) -> Vec<(&'static str, String)> {
    let share = |x: f64| format!("{:.0}", x * 100.0);
    vec![
        ("points", a.ahead_of_progress_points.to_string()),
        ("grace_days", a.overdue_grace_days.to_string()),
        ("overrun", share(a.cost_overrun_share)),
        ("beyond", share(a.paid_beyond_contract_share)),
        ("gap_days", a.inspection_gap_days.to_string()),
        ("capital_prefix", a.capital_item_prefix.clone()),
        ("duplicate_days", a.duplicate_window_days.to_string()),
        ("split_min", a.split_min_payments.to_string()),
        (
            "procured_prefixes",
            a.procurement_item_prefixes
                .join(&format!(" {} ", lang.t("or"))),
        ),
        ("split_days", a.split_window_days.to_string()),
        ("threshold", crate::format::number(a.procurement_threshold)),
        ("margin", share(a.split_margin_share)),
        ("spike_ratio", a.year_end_spike_ratio.to_string()),
        ("tolerance", share(a.budget_line_tolerance_share)),
        ("concentration", share(a.concentration_share)),
        (
            "concentration_min",
            a.concentration_min_contracts.to_string(),
        ),
    ]
}

/// `/audit`: the red flags, filtered and paged.
pub(super) struct AuditPage<'a> {
    pub works: &'a Works,
    pub filters: &'a AuditFilters,
}

impl WebPage for AuditPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        audit(v, self.works, self.filters)
    }
}

/// `/audit/flags`: what each rule looks for, with the protocol's thresholds.
pub(super) struct FlagRulesPage<'a> {
    pub works: &'a Works,
}

impl WebPage for FlagRulesPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(rules(v, self.works))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn every_rule_is_explained_in_swahili_with_every_threshold_filled_in() {
        let protocol = crate::protocol::Protocol::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"),
        )
        .unwrap();
        let uri: axum::http::Uri = "/audit/flags".parse().unwrap();
        let v = View {
            protocol: &protocol,
            lang: Lang::Sw,
            uri: &uri,
        };
        for rule in Rule::ALL {
            let text = explain(&v, rule);
            assert_ne!(
                text,
                rule.explain(&protocol.audit),
                "{}: add flag-help:{0} to sw.toml",
                rule.id()
            );
            assert!(
                !text.contains('{'),
                "{}: a threshold is not filled in: {text}",
                rule.id()
            );
        }
        let english = View {
            lang: Lang::En,
            ..v
        };
        assert_eq!(
            explain(&english, Rule::DuplicatePayment),
            Rule::DuplicatePayment.explain(&protocol.audit)
        );
    }

    #[test]
    fn a_full_page_of_flags_stays_under_60_kb_with_its_stylesheet() {
        use crate::analytics::flags::Evidence;
        let protocol = crate::protocol::Protocol::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"),
        )
        .unwrap();
        let uri: axum::http::Uri = "/audit".parse().unwrap();
        // A long flag: a long title and office, four figures, three versions behind it.
        let evidence = Evidence {
            dataset: "expenditure-2025-09".into(),
            version: 12,
            hash: "9f".repeat(32),
            filters: vec![("project_id".into(), "=MLM-MK-0001".into())],
            rows: 14,
        };
        let flag = Flag {
            rule: Rule::PaymentsAheadOfProgress,
            severity: Severity::High,
            subject: "MLM-MK-0001".into(),
            project: Some("MLM-MK-0001".into()),
            ward: Some("MLM-01".into()),
            office: Some("Department of Roads, Transport, Public Works and Infrastructure".into()),
            summary: "Upgrading of the Mashimoni–Kibera link road to bitumen standard, with drainage and walkways (2.4 km) paid 87% of its contract while the last inspection found 35% of the work done.".into(),
            figures: vec![("Paid".into(), "41,250,000".into()), ("Contract value".into(), "47,400,000".into()), ("Paid share".into(), "87%".into()), ("Physical progress".into(), "35%".into())],
            evidence: vec![evidence; 3],
        };
        let works = Works {
            flags: vec![flag; 3 * FLAGS_PAGE],
            ..Works::default()
        };
        let filters = AuditFilters {
            rule: None,
            ward: None,
            office: None,
            severity: None,
            page: 2,
        };
        for lang in Lang::ALL {
            let v = View {
                protocol: &protocol,
                lang,
                uri: &uri,
            };
            let page = audit(&v, &works, &filters).unwrap().into_string();
            let total = page.len() + crate::web::pages::CSS.len();
            assert!(
                total < 60 * 1024,
                "a page of {FLAGS_PAGE} flags ({}) is {total} bytes with its CSS",
                lang.code()
            );
            assert_eq!(page.matches("class=\"flag ").count(), FLAGS_PAGE);
        }
    }
}
