//! A CKAN-compatible read API (the action API of CKAN 2.10) so that CKAN harvesters and
//! clients such as `ckanapi` work against the store unchanged: `status_show`,
//! `package_list`, `package_show`, `package_search`, `organization_list` and
//! `organization_show`, at `/api/3/action/NAME` and `/api/action/NAME`, by GET with
//! query parameters or POST with a JSON object.
//!
//! Each dataset is a package named by its id; its files are the resources of its latest
//! version (pinned URLs, with their sha256 as `hash`); each responsible office is an
//! organization; the kind's tags are its tags.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::error::WebError;
use super::extract::base_url;
use super::state::AppState;
use crate::protocol::Protocol;
use crate::search::{Catalogue, FacetName, SearchQuery, facet_values};
use crate::store::Entry;

/// The CKAN version whose API this follows.
const CKAN_VERSION: &str = "2.10.4";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/3/action/{action}", get(action).post(action))
        .route("/action/{action}", get(action).post(action))
}

/// One action's answer, wrapped as CKAN wraps it; a failure is the site's one error,
/// rendered as CKAN renders its own: `404` Not Found Error, `409` Validation Error or
/// Search Query Error, `400` for an unknown action, `500` for ours.
pub(super) fn answer(base: &str, action: &str, outcome: Result<Value, WebError>) -> Response {
    let help = format!("{base}/api/3/action/help_show?name={action}");
    let (status, body) = match outcome {
        Ok(result) => (
            StatusCode::OK,
            json!({ "help": help, "success": true, "result": result }),
        ),
        Err(e) => {
            e.log();
            let message = e.public_message(super::i18n::Lang::En);
            let (status, error) = match &e {
                WebError::InvalidField { field, message } => (
                    StatusCode::CONFLICT,
                    json!({ "__type": "Validation Error", field.as_str(): [message] }),
                ),
                WebError::BadQuery(_) | WebError::Search(_) if e.status().is_client_error() => (
                    StatusCode::CONFLICT,
                    json!({ "__type": "Search Query Error", "message": message }),
                ),
                WebError::UnknownAction { .. } => (
                    StatusCode::BAD_REQUEST,
                    json!({ "__type": "Bad request - Action name not known", "message": message }),
                ),
                _ if e.status() == StatusCode::NOT_FOUND => (
                    StatusCode::NOT_FOUND,
                    json!({ "__type": "Not Found Error", "message": message }),
                ),
                _ => (
                    e.status(),
                    json!({ "__type": "Internal Server Error", "message": message }),
                ),
            };
            (
                status,
                json!({ "help": help, "success": false, "error": error }),
            )
        }
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn action(
    State(state): State<AppState>,
    Path(action): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = base_url(&headers);
    let params = match params(query, &body) {
        Ok(p) => p,
        Err(e) => return answer(&base, &action, Err(e)),
    };
    let snapshot = state.snapshot().await;
    let catalogue = match state.catalogue().await {
        Ok(c) => c,
        Err(e) => return answer(&base, &action, Err(e)),
    };
    let protocol = state.protocol();
    let j = &protocol.jurisdiction;
    let packages = snapshot
        .datasets()
        .into_iter()
        .map(|e| {
            let office = protocol
                .kinds
                .get(&e.kind)
                .map_or("", |k| k.spec.office.as_str());
            Package {
                name: e.dataset.clone(),
                search_id: e.dataset.clone(),
                entry: e,
                first_published: snapshot
                    .resolve(&e.dataset, crate::store::VersionRef::Pinned(1))
                    .unwrap_or(e)
                    .published_at
                    .as_str(),
                page: format!("{base}/datasets/{}/v/{}", e.dataset, e.version),
                author: j.publisher.clone(),
                organization: office.to_string(),
                more: Vec::new(),
            }
        })
        .collect();
    let mut organizations: BTreeMap<String, (String, String)> = protocol
        .kinds
        .values()
        .map(|k| {
            let office = k.spec.office.clone();
            (
                office.clone(),
                (office, format!("{}, {}", k.spec.office, j.publisher)),
            )
        })
        .collect();
    organizations.retain(|o, _| !o.is_empty());
    let ckan = Ckan::new(
        protocol,
        packages,
        organizations,
        &catalogue,
        &base,
        format!("{} open data", j.name),
        snapshot
            .entries()
            .first()
            .map_or("", |e| e.published_at.as_str()),
    );
    answer(&base, &action, ckan.run(&action, &params))
}

/// An action's parameters: the query string, then the JSON body of a POST (which wins).
pub(super) fn params(
    query: HashMap<String, String>,
    body: &[u8],
) -> Result<Map<String, Value>, WebError> {
    let mut params: Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    if !body.is_empty() {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(posted)) => params.extend(posted),
            _ => {
                return Err(WebError::InvalidField {
                    field: "body".into(),
                    message: "the POST body must be a JSON object of parameters".into(),
                });
            }
        }
    }
    Ok(params)
}

/// A parameter as text (CKAN clients send numbers as strings or numbers).
fn text_param<'a>(params: &'a Map<String, Value>, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    match params.get(name)? {
        Value::String(s) => Some(s.as_str().into()),
        Value::Null => None,
        other => Some(other.to_string().into()),
    }
}

fn number_param(
    params: &Map<String, Value>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, WebError> {
    match text_param(params, name) {
        None => Ok(default),
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(WebError::InvalidField {
                field: name.into(),
                message: format!("must be at most {max}"),
            }),
            Err(_) => Err(WebError::InvalidField {
                field: name.into(),
                message: format!("`{text}` is not a whole number"),
            }),
        },
    }
}

fn flag_param(params: &Map<String, Value>, name: &str) -> bool {
    text_param(params, name)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// `Finance Department` → `finance-department`: an office as a CKAN name.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// One package as the API shows it: a dataset's latest version, wherever it is kept.
pub(super) struct Package<'a> {
    /// Its CKAN name and id.
    pub name: String,
    /// Its id in the search index.
    pub search_id: String,
    pub entry: &'a Entry,
    /// When its first version was published.
    pub first_published: &'a str,
    /// The version's page, absolute; its files are below it.
    pub page: String,
    pub author: String,
    /// The organization that publishes it (an office; a county on the national site).
    pub organization: String,
    /// More `fq` and facet fields (`county` on the national site).
    pub more: Vec<(String, String)>,
}

/// The CKAN API over a list of packages and their search index.
pub(super) struct Ckan<'a> {
    protocol: &'a Protocol,
    packages: Vec<Package<'a>>,
    /// Package by name, and by search id.
    by_name: HashMap<String, usize>,
    by_search_id: HashMap<String, usize>,
    /// Every organization (name → title and description), with or without packages.
    organizations: BTreeMap<String, (String, String)>,
    catalogue: &'a Catalogue,
    base: &'a str,
    title: String,
    created: &'a str,
}

impl<'a> Ckan<'a> {
    pub(super) fn new(
        protocol: &'a Protocol,
        packages: Vec<Package<'a>>,
        organizations: BTreeMap<String, (String, String)>,
        catalogue: &'a Catalogue,
        base: &'a str,
        title: String,
        created: &'a str,
    ) -> Self {
        let by_name = packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        let by_search_id = packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.search_id.clone(), i))
            .collect();
        Self {
            protocol,
            packages,
            by_name,
            by_search_id,
            organizations,
            catalogue,
            base,
            title,
            created,
        }
    }

    /// Answers one action.
    pub(super) fn run(&self, action: &str, params: &Map<String, Value>) -> Result<Value, WebError> {
        match action {
            "status_show" => Ok(self.status_show()),
            "package_list" => self.package_list(params),
            "package_show" => self.package_show(params),
            "package_search" => self.package_search(params),
            "organization_list" => self.organization_list(params),
            "organization_show" => self.organization_show(params),
            other => Err(WebError::UnknownAction {
                action: other.to_string(),
            }),
        }
    }

    fn status_show(&self) -> Value {
        json!({
            "site_title": self.title,
            "site_description": "Budgets, revenue, payments, public works and services under a disclosure protocol.",
            "site_url": self.base,
            "ckan_version": CKAN_VERSION,
            "error_emails_to": null,
            "locale_default": "en",
            "extensions": [],
        })
    }

    /// Every organization, with its packages.
    fn offices(&self) -> BTreeMap<&str, Vec<&Package<'a>>> {
        let mut out: BTreeMap<&str, Vec<&Package<'a>>> = self
            .organizations
            .keys()
            .map(|o| (o.as_str(), Vec::new()))
            .collect();
        for p in self.packages.iter().filter(|p| !p.organization.is_empty()) {
            out.entry(p.organization.as_str()).or_default().push(p);
        }
        out
    }

    fn organization(&self, office: &str, count: usize) -> Value {
        let (title, description) = self
            .organizations
            .get(office)
            .cloned()
            .unwrap_or_else(|| (office.to_string(), String::new()));
        json!({
            "id": slug(office),
            "name": slug(office),
            "title": title,
            "display_name": title,
            "description": description,
            "type": "organization",
            "is_organization": true,
            "state": "active",
            "approval_status": "approved",
            "image_url": "",
            "created": self.created,
            "package_count": count,
        })
    }

    fn package(&self, p: &Package) -> Value {
        let e = p.entry;
        let kind = self.protocol.kinds.get(&e.kind);
        let j = &self.protocol.jurisdiction;
        let office = kind.map_or("", |k| k.spec.office.as_str());
        let tags: Vec<Value> = kind.map(|k| k.spec.tags.clone()).unwrap_or_default().into_iter().map(|t| json!({ "id": t, "name": t, "display_name": t, "state": "active", "vocabulary_id": null })).collect();
        let resources: Vec<Value> = e
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let format = crate::store::file_format(&f.path).name.to_ascii_uppercase();
                json!({
                    "id": format!("{}-v{}-{}", p.name, e.version, f.path),
                    "package_id": p.name,
                    "name": f.path,
                    "description": format!("{} of version {}; sha256 {}", f.path, e.version, f.sha256),
                    "url": format!("{}/{}", p.page, f.path),
                    "format": format,
                    "mimetype": super::files::content_type(&f.path).split(';').next().unwrap_or(""),
                    "size": f.bytes,
                    "hash": format!("sha256:{}", f.sha256),
                    "created": e.published_at,
                    "last_modified": e.published_at,
                    "position": i,
                    "state": "active",
                    "url_type": null,
                })
            })
            .collect();
        let mut extras = vec![
            json!({ "key": "kind", "value": e.kind }),
            json!({ "key": "ledger_hash", "value": e.hash }),
            json!({ "key": "rows", "value": e.rows.to_string() }),
        ];
        if let Some(period) = &e.period {
            extras.push(json!({ "key": "period", "value": period }));
        }
        for (key, value) in &p.more {
            extras.push(json!({ "key": key, "value": value }));
        }
        if let Some(k) = kind {
            extras.push(json!({ "key": "legal_basis", "value": k.spec.legal_basis }));
            extras.push(json!({ "key": "frequency", "value": k.spec.frequency.label() }));
        }
        json!({
            "id": p.name,
            "name": p.name,
            "title": crate::search::dataset_title(kind, e),
            "notes": kind.map_or("", |k| k.spec.description.as_str()),
            "type": "dataset",
            "state": "active",
            "private": false,
            "version": e.version.to_string(),
            "url": p.page,
            "license_id": j.licence.name,
            "license_title": j.licence.title,
            "license_url": j.licence.path,
            "author": p.author,
            "author_email": j.contact_email,
            "maintainer": office,
            "maintainer_email": j.contact_email,
            "metadata_created": p.first_published,
            "metadata_modified": e.published_at,
            "owner_org": slug(&p.organization),
            "organization": self.organization(&p.organization, 0),
            "tags": tags,
            "num_tags": tags_len(kind),
            "resources": resources,
            "num_resources": e.files.len(),
            "extras": extras,
            "groups": [],
            "relationships_as_object": [],
            "relationships_as_subject": [],
            "isopen": true,
        })
    }

    fn package_list(&self, params: &Map<String, Value>) -> Result<Value, WebError> {
        let limit = number_param(params, "limit", self.packages.len(), usize::MAX)?;
        let offset = number_param(params, "offset", 0, usize::MAX)?;
        let mut names: Vec<&str> = self.packages.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        Ok(json!(
            names
                .into_iter()
                .skip(offset)
                .take(limit)
                .collect::<Vec<_>>()
        ))
    }

    fn package_show(&self, params: &Map<String, Value>) -> Result<Value, WebError> {
        let id = text_param(params, "id")
            .or_else(|| text_param(params, "name"))
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| WebError::InvalidField {
                field: "id".into(),
                message: "Missing value".into(),
            })?;
        let package = self
            .by_name
            .get(id.as_ref())
            .map(|&i| &self.packages[i])
            .ok_or_else(|| {
                WebError::NotFound(format!("no dataset `{id}`; package_list names them all"))
            })?;
        Ok(self.package(package))
    }

    /// Solr-style search: `q` words (`*:*` for all), `fq` filters (`field:value`, with
    /// `organization`, `owner_org`, `tags`, `res_format`, `license_id`, `name`, `kind` and
    /// `dataset_type`), `rows`, `start` and `facet.field`.
    fn package_search(&self, params: &Map<String, Value>) -> Result<Value, WebError> {
        let q = text_param(params, "q")
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty() && q != "*:*" && q != "*")
            .unwrap_or_default();
        let rows = number_param(params, "rows", 10, 1000)?;
        let start = number_param(params, "start", 0, usize::MAX)?;
        let filters = text_param(params, "fq")
            .map(|fq| parse_fq(&fq))
            .transpose()?
            .unwrap_or_default();
        let facet_fields: Vec<String> = match params.get("facet.field") {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(s)) => {
                serde_json::from_str::<Vec<String>>(s).map_err(|_| WebError::InvalidField {
                    field: "facet.field".into(),
                    message: "must be a JSON list such as [\"organization\",\"tags\"]".into(),
                })?
            }
            Some(_) => {
                return Err(WebError::InvalidField {
                    field: "facet.field".into(),
                    message: "must be a JSON list of field names".into(),
                });
            }
        };
        let facet_limit = number_param(params, "facet.limit", 50, 1000)?;

        let everything = SearchQuery {
            q,
            filters: Vec::new(),
            page: 1,
            size: self.packages.len().max(1),
        };
        let found = self.catalogue.search(&everything)?;
        let mut matched = Vec::new();
        for hit in found.hits {
            let Some(&i) = self.by_search_id.get(&hit.dataset) else {
                continue;
            };
            let e = &self.packages[i];
            let values = self.field_values(e);
            if filters.iter().all(|(field, value)| {
                values
                    .iter()
                    .any(|(f, v)| f == field && v.eq_ignore_ascii_case(value))
            }) {
                matched.push((e, values));
            }
        }
        let mut facets = Map::new();
        let mut search_facets = Map::new();
        for field in &facet_fields {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, values) in &matched {
                for (_, v) in values.iter().filter(|(f, _)| f == field) {
                    *counts.entry(v.as_str()).or_default() += 1;
                }
            }
            let mut items: Vec<(&str, usize)> = counts.into_iter().collect();
            items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            items.truncate(facet_limit);
            facets.insert(
                field.clone(),
                Value::Object(
                    items
                        .iter()
                        .map(|(v, n)| (v.to_string(), json!(n)))
                        .collect(),
                ),
            );
            search_facets.insert(field.clone(), json!({ "title": field, "items": items.iter().map(|(v, n)| json!({ "name": v, "display_name": v, "count": n })).collect::<Vec<_>>() }));
        }
        Ok(json!({
            "count": matched.len(),
            "sort": "score desc, metadata_modified desc",
            "results": matched.iter().skip(start).take(rows).map(|(e, _)| self.package(e)).collect::<Vec<_>>(),
            "facets": facets,
            "search_facets": search_facets,
        }))
    }

    /// A dataset's values of the fields `fq` and `facet.field` can name.
    fn field_values(&self, p: &Package) -> Vec<(String, String)> {
        let e = p.entry;
        let kind = self.protocol.kinds.get(&e.kind);
        let mut out = vec![
            ("name".to_string(), p.name.clone()),
            ("dataset_type".to_string(), "dataset".to_string()),
            (
                "license_id".to_string(),
                self.protocol.jurisdiction.licence.name.clone(),
            ),
        ];
        out.push(("organization".to_string(), slug(&p.organization)));
        out.push(("owner_org".to_string(), slug(&p.organization)));
        if let Some(k) = kind {
            out.extend(k.spec.tags.iter().map(|t| ("tags".to_string(), t.clone())));
        }
        out.extend(p.more.iter().cloned());
        for (facet, value) in facet_values(self.protocol, e) {
            match facet {
                FacetName::Format => {
                    out.push(("res_format".to_string(), value.to_ascii_uppercase()))
                }
                FacetName::Office | FacetName::County => {}
                other => out.push((other.param().to_string(), value)),
            }
        }
        out
    }

    fn organization_list(&self, params: &Map<String, Value>) -> Result<Value, WebError> {
        let offices = self.offices();
        let limit = number_param(params, "limit", offices.len(), usize::MAX)?;
        let offset = number_param(params, "offset", 0, usize::MAX)?;
        let shown = offices.iter().skip(offset).take(limit);
        Ok(if flag_param(params, "all_fields") {
            json!(
                shown
                    .map(|(o, d)| self.organization(o, d.len()))
                    .collect::<Vec<_>>()
            )
        } else {
            json!(shown.map(|(o, _)| slug(o)).collect::<Vec<_>>())
        })
    }

    fn organization_show(&self, params: &Map<String, Value>) -> Result<Value, WebError> {
        let id = text_param(params, "id")
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| WebError::InvalidField {
                field: "id".into(),
                message: "Missing value".into(),
            })?;
        let offices = self.offices();
        let (office, datasets) = offices
            .iter()
            .find(|(o, _)| slug(o) == id.as_ref() || **o == id.as_ref())
            .ok_or_else(|| {
                WebError::NotFound(format!(
                    "no organization `{id}`; organization_list names them all"
                ))
            })?;
        let mut org = self.organization(office, datasets.len());
        if flag_param(params, "include_datasets") {
            org["packages"] = json!(datasets.iter().map(|p| self.package(p)).collect::<Vec<_>>());
        }
        Ok(org)
    }
}

fn tags_len(kind: Option<&crate::protocol::Kind>) -> usize {
    kind.map_or(0, |k| k.spec.tags.len())
}

/// `organization:finance +tags:"water" AND res_format:CSV` → its field/value pairs.
fn parse_fq(fq: &str) -> Result<Vec<(String, String)>, WebError> {
    const FIELDS: [&str; 11] = [
        "organization",
        "owner_org",
        "tags",
        "res_format",
        "license_id",
        "name",
        "dataset_type",
        "kind",
        "fiscal_year",
        "spatial",
        "county",
    ];
    let mut out = Vec::new();
    let mut rest = fq.trim();
    while !rest.is_empty() {
        if let Some(r) = rest
            .strip_prefix("AND")
            .filter(|r| r.starts_with(char::is_whitespace))
        {
            rest = r.trim_start();
            continue;
        }
        let clause = rest.strip_prefix('+').unwrap_or(rest);
        let Some((field, after)) = clause.split_once(':') else {
            return Err(WebError::BadQuery(format!(
                "cannot read the filter `{rest}`; write field:value, e.g. organization:finance"
            )));
        };
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').ok_or_else(|| {
                WebError::BadQuery(format!("unclosed quote in the filter `{rest}`"))
            })?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let field = field.trim();
        if !FIELDS.contains(&field) {
            return Err(WebError::BadQuery(format!(
                "cannot filter on `{field}`; the fields are {}",
                FIELDS.join(", ")
            )));
        }
        out.push((field.to_string(), value.to_string()));
        rest = remaining.trim_start();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_queries_read_as_field_value_pairs() {
        let pairs =
            parse_fq(r#"+organization:finance-department AND tags:"public works" res_format:CSV"#)
                .unwrap();
        assert_eq!(
            pairs,
            [
                ("organization".into(), "finance-department".into()),
                ("tags".into(), "public works".into()),
                ("res_format".into(), "CSV".into())
            ]
        );
        assert!(matches!(parse_fq("colour:red"), Err(WebError::BadQuery(_))));
        assert!(matches!(
            parse_fq("tags:\"open"),
            Err(WebError::BadQuery(_))
        ));
        assert!(matches!(parse_fq("justwords"), Err(WebError::BadQuery(_))));
    }

    #[test]
    fn offices_become_url_safe_names() {
        assert_eq!(
            slug("Department of Roads, Transport & Public Works"),
            "department-of-roads-transport-public-works"
        );
        assert_eq!(slug("  Finance "), "finance");
    }
}
