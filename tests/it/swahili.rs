//! Swahili everywhere: every page asked for in Swahili (`?lang=sw`) shows no English word
//! outside data values, proper names and codes.
//!
//! "English" is the site's own English: every message of the interface (the keys of
//! `src/web/sw.toml`), the code lists' values, the protocol's English titles and
//! descriptions, the red flags' explanations, and a few common English words. A word of
//! those on a Swahili page fails the test unless it is
//!   * part of a data value: a cell of a published dataset (except the code lists, which
//!     readers see translated), a ledger note or publisher; a text that is a piece of
//!     one (a chart's label cut short with "…") counts too;
//!   * part of a proper name: the jurisdiction, publisher, licence, offices and laws the
//!     protocol names;
//!   * a code: inside `<code>`, or a token with a digit, `_`, `-`, `.`, `/` or `@`, or in
//!     capitals (KES, CSV, OGC), or a dataset's name before its version (`projects v3`);
//!   * marked by the page as English (`lang="en"`: the language switch, an error's
//!     technical reason) or as not to be translated (`translate="no"`: the rows of a
//!     dataset and of a diff as published, a search hit's quotation of what matched), or
//!     one of the few words of [`ALLOWED`];
//!   * a word the Swahili texts use too (data, GeoJSON).
//!
//! Visible text is the text of the page outside `<script>` and `<style>`, and the
//! attributes a reader meets: `aria-label`, `placeholder`, `alt` and `title`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::support::protocol;

/// The pages checked, each with `lang=sw`.
const PAGES: &[&str] = &[
    "/",
    "/datasets",
    "/datasets?q=road",
    "/datasets/projects",
    "/datasets/expenditure-2025-09",
    "/datasets/service_requests-2025-Q1",
    "/datasets/budget-2024-25/v/1",
    "/datasets/budget-2024-25/diff/1..2",
    "/protocol",
    "/ledger",
    "/projects",
    "/projects/MLM-MK-0001",
    "/projects/map",
    "/wards",
    "/wards/MLM-01",
    "/budget",
    "/budget?across=month",
    "/budget?across=function",
    "/budget?across=ward",
    "/budget?unit=3711",
    "/budget/payments?fy=2025-26&row=3711",
    "/revenue",
    "/revenue?by=month",
    "/services",
    "/services?by=ward",
    "/audit",
    "/audit/flags",
    "/audit/projects/MLM-MK-0001/pack",
    "/audit/wards/MLM-01/pack",
    "/projects/MLM-MK-0001/notice",
    "/datasets/nothing",
];

/// English words a Swahili page may show: units and names of formats and standards that
/// Swahili writes the same way.
const ALLOWED: &[&str] = &["english"];

/// Fields whose values are a code list without an `enum` in the schema: shown
/// translated, so not data values here.
const CODE_LISTS: &[(&str, &str)] = &[
    ("projects", "funding_source"),
    ("service_requests", "service"),
];

/// Common English words, beyond those of the site's own texts.
const COMMON: &str = "the and for with from this that these those not all any per are was were has have had its \
    their there then than which what when where who how been being will would can could should may must each every \
    more most less only also but into over under about after before between out one two three new old yes other \
    same such some very our your you here page pages rows row show shown total none";

/// The demo store and server the web tests share.
fn server() -> &'static (String, PathBuf) {
    crate::web::demo()
}

fn get(path: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(format!("{}{path}", server().0))
        .call()
        .expect("the server answers");
    let body = response
        .body_mut()
        .with_config()
        .limit(16 << 20)
        .read_to_string()
        .expect("a body");
    (response.status().as_u16(), body)
}

/// Lower-case words of letters only, three letters or more.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
}

/// The site's English words, less the words its Swahili uses too.
fn english() -> HashSet<String> {
    let catalogue: HashMap<String, String> =
        toml::from_str(include_str!("../../src/web/sw.toml")).unwrap();
    let protocol = protocol();
    let mut english: HashSet<String> = words(COMMON).collect();
    let mut swahili: HashSet<String> = HashSet::new();
    for (key, sw) in &catalogue {
        // "status:implementation": the value; "flag-help:rule": Swahili only.
        let en = match key.split_once(':') {
            Some(("flag-help", _)) => "",
            Some((list, value)) if !list.contains(' ') => value,
            _ => key,
        };
        english.extend(words(en));
        swahili.extend(words(sw));
    }
    for kind in protocol.kinds.values() {
        english.extend(words(&kind.spec.title));
        english.extend(words(&kind.spec.description));
        for f in &kind.schema.fields {
            english.extend(f.title.iter().flat_map(|t| words(t)));
            english.extend(f.description.iter().flat_map(|t| words(t)));
        }
        for r in &kind.spec.redact {
            english.extend(words(&r.reason));
        }
        if let Some(sw) = &kind.spec.sw {
            swahili.extend(words(&sw.title));
            swahili.extend(words(&sw.description));
            for t in sw.fields.values() {
                swahili.extend(words(&t.title));
                swahili.extend(t.description.iter().flat_map(|d| words(d)));
            }
            for r in sw.redact.values() {
                swahili.extend(words(r));
            }
        }
    }
    for rule in disclose::analytics::flags::Rule::ALL {
        english.extend(words(&rule.explain(&protocol.audit)));
    }
    english.retain(|w| !swahili.contains(w) && !ALLOWED.contains(&w.as_str()));
    english
}

/// Data values and proper names, indexed by the English words in them.
fn names_and_values(english: &HashSet<String>) -> HashMap<String, Vec<String>> {
    let protocol = protocol();
    let data = &server().1;
    let mut values: HashSet<String> = HashSet::new();
    let j = &protocol.jurisdiction;
    values.extend([j.name.clone(), j.publisher.clone(), j.licence.title.clone()]);
    for kind in protocol.kinds.values() {
        values.insert(kind.spec.office.clone());
        values.extend(
            kind.spec
                .legal_basis
                .split(';')
                .map(|s| s.trim().to_string()),
        );
        values.insert(kind.spec.legal_basis.clone());
    }
    let ledger = std::fs::read_to_string(data.join("ledger.jsonl")).unwrap();
    let mut latest: HashMap<String, u32> = HashMap::new();
    for line in ledger.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in ["note", "publisher"] {
            if let Some(s) = e[key].as_str() {
                values.insert(s.to_string());
            }
        }
        latest.insert(
            e["dataset"].as_str().unwrap().to_string(),
            e["version"].as_u64().unwrap() as u32,
        );
    }
    for (dataset, version) in &latest {
        let Some((kind, _)) = protocol.resolve_dataset(dataset) else {
            continue;
        };
        let coded: Vec<&str> = kind
            .schema
            .fields
            .iter()
            .filter(|f| {
                f.constraints.allowed.is_some()
                    || CODE_LISTS.contains(&(kind.name.as_str(), f.name.as_str()))
            })
            .map(|f| f.name.as_str())
            .collect();
        // Every version's values: pinned and older versions show them too.
        for v in 1..=*version {
            let path = data.join(dataset).join(format!("v{v}")).join("data.csv");
            let mut reader = csv::Reader::from_path(&path).unwrap();
            let headers = reader.headers().unwrap().clone();
            for record in reader.records() {
                for (name, cell) in headers.iter().zip(record.unwrap().iter()) {
                    if !coded.contains(&name) && cell.chars().any(char::is_alphabetic) {
                        values.insert(cell.to_string());
                    }
                }
            }
        }
    }
    let mut index: HashMap<String, Vec<String>> = HashMap::new();
    for value in values {
        let mut seen = HashSet::new();
        for w in words(&value).filter(|w| english.contains(w)) {
            if seen.insert(w.clone()) {
                index.entry(w).or_default().push(value.clone());
            }
        }
    }
    index
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The texts a reader meets on a page: text nodes outside `<script>`, `<style>` and
/// `<code>` and outside anything marked `lang="en"`, and the readable attributes.
fn visible_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Open elements that hide their text: (tag name, depth of that tag when opened).
    let mut hidden: Vec<String> = Vec::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    let attr = regex::Regex::new(r#"([a-zA-Z-]+)(?:="([^"]*)")?"#).unwrap();
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if hidden.is_empty() && !text.trim().is_empty() {
            out.push(unescape(text.trim()));
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_lowercase();
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                for (_, hides) in stack.drain(pos..) {
                    if hides {
                        hidden.pop();
                    }
                }
            }
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_lowercase();
        let mut english = false;
        for c in attr.captures_iter(&tag[name.len()..]) {
            let (key, value) = (&c[1], c.get(2).map_or("", |m| m.as_str()));
            match key {
                "lang" if value == "en" => english = true,
                "translate" if value == "no" => english = true,
                "aria-label" | "placeholder" | "alt" | "title" if hidden.is_empty() => {
                    out.push(unescape(value))
                }
                _ => {}
            }
        }
        let void = tag.ends_with('/')
            || matches!(
                name.as_str(),
                "meta" | "link" | "input" | "br" | "img" | "hr" | "source" | "col" | "wbr"
            );
        if void {
            continue;
        }
        let hides = english || matches!(name.as_str(), "script" | "style" | "code");
        if hides {
            hidden.push(name.clone());
        }
        stack.push((name, hides));
        // Raw text: skip to the closing tag.
        if matches!(stack.last().map(|s| s.0.as_str()), Some("script" | "style")) {
            let close = format!("</{}", stack.last().unwrap().0);
            if let Some(end) = rest.find(&close) {
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Whether `token` is a code: digits, separators, or capitals.
fn is_code(token: &str) -> bool {
    token
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '_' | '-' | '.' | '/' | '@' | '=' | '#'))
        || (token.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && token
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase))
}

#[test]
fn swahili_pages_show_no_english_outside_data_names_and_codes() {
    let english = english();
    let values = names_and_values(&english);
    let mut found: Vec<String> = Vec::new();
    for page in PAGES {
        let path = format!(
            "{page}{}lang=sw",
            if page.contains('?') { '&' } else { '?' }
        );
        let (status, html) = get(&path);
        assert!(
            status == 200 || *page == "/datasets/nothing",
            "{path}: HTTP {status}"
        );
        assert!(
            html.contains("<html lang=\"sw\">"),
            "{path} is not in Swahili"
        );
        let mut on_page: Vec<String> = Vec::new();
        for text in visible_texts(&html) {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let piece = text.trim_end_matches('…');
            for (i, token) in tokens.iter().enumerate() {
                let dataset_name = tokens.get(i + 1).is_some_and(|next| {
                    next.len() > 1
                        && next.starts_with('v')
                        && next[1..].chars().all(|c| c.is_ascii_digit())
                });
                if is_code(token) || dataset_name {
                    continue;
                }
                for w in words(token).filter(|w| english.contains(w)) {
                    let in_value = values.get(&w).is_some_and(|vs| {
                        vs.iter()
                            .any(|v| text.contains(v.as_str()) || v.contains(piece))
                    });
                    if !in_value {
                        let context: String = text.chars().take(90).collect();
                        on_page.push(format!("“{w}” in “{context}”"));
                    }
                }
            }
        }
        on_page.dedup();
        if !on_page.is_empty() {
            found.push(format!(
                "{path}: {} English word(s):\n    {}",
                on_page.len(),
                on_page
                    .iter()
                    .take(12)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n    ")
            ));
        }
    }
    assert!(
        found.is_empty(),
        "English on Swahili pages (translate it in src/web/sw.toml or protocol.toml):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_english_when_there_is_some() {
    // The checker itself: an untranslated message and a code-list value are found; a data
    // value, a code and a language name are not.
    let english = english();
    let texts = visible_texts(
        "<html lang=\"sw\"><head><style>a{}</style></head><body><h1>Budget and spending</h1>\
         <td>implementation</td><code>fiscal_year</code><a lang=\"en\">English</a>\
         <td>MLM-01</td><span aria-label=\"Skip to content\"></span></body></html>",
    );
    let flagged: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split_whitespace().filter(|t| !is_code(t)).flat_map(words))
        .filter(|w| english.contains(w))
        .collect();
    assert_eq!(
        flagged,
        [
            "budget",
            "and",
            "spending",
            "implementation",
            "skip",
            "content"
        ]
    );
}
