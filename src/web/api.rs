//! The JSON API under `/api/`: the same answers as the pages, for programs. Errors are
//! RFC 9457 `application/problem+json` with a stable `code` (see `docs/API.md`).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Serialize;

use super::SEARCH_PAGE;
use super::error::{CODES, WebError};
use super::extract::{AsOfQuery, Params};
use super::handlers::datasets::{compute_diff, read_rows};
use super::state::AppState;
use crate::protocol::Protocol;
use crate::query::{PAGE_ROWS, RowQuery};
use crate::search::SearchQuery;
use crate::store::{Entry, FileRecord, VersionRef};

/// An answer of the API: JSON, or an error the `/api` door renders as problem+json.
type ApiResult<T> = Result<Json<T>, WebError>;

#[derive(Debug, Serialize)]
pub struct DatasetSummary {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub period: Option<String>,
    pub latest_version: u32,
    pub published_at: String,
    pub rows: u64,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct DatasetListResponse {
    pub count: usize,
    pub datasets: Vec<DatasetSummary>,
}

#[derive(Debug, Serialize)]
pub struct FileResponse {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct VersionResponse {
    pub dataset: String,
    pub version: u32,
    pub period: Option<String>,
    pub published_at: String,
    pub publisher: String,
    pub note: Option<String>,
    pub rows: u64,
    pub ledger_seq: u64,
    pub ledger_hash: String,
    pub url: String,
    pub files: Vec<FileResponse>,
}

#[derive(Debug, Serialize)]
pub struct DatasetResponse {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub period: Option<String>,
    pub due: Option<String>,
    pub frequency: String,
    pub legal_basis: String,
    pub office: String,
    pub licence: String,
    pub latest: VersionResponse,
    pub versions: Vec<VersionResponse>,
    pub schema: serde_json::Value,
}

fn title(protocol: &Protocol, e: &Entry) -> String {
    crate::search::dataset_title(protocol.kinds.get(&e.kind), e)
}

fn file_response(e: &Entry, f: &FileRecord) -> FileResponse {
    FileResponse {
        path: f.path.clone(),
        bytes: f.bytes,
        sha256: f.sha256.clone(),
        url: format!("/datasets/{}/v/{}/{}", e.dataset, e.version, f.path),
    }
}

fn version_response(e: &Entry) -> VersionResponse {
    VersionResponse {
        dataset: e.dataset.clone(),
        version: e.version,
        period: e.period.clone(),
        published_at: e.published_at.clone(),
        publisher: e.publisher.clone(),
        note: e.note.clone(),
        rows: e.rows,
        ledger_seq: e.seq,
        ledger_hash: e.hash.clone(),
        url: format!("/datasets/{}/v/{}", e.dataset, e.version),
        files: e.files.iter().map(|f| file_response(e, f)).collect(),
    }
}

pub async fn list_datasets(
    State(state): State<AppState>,
    Params(query): Params,
) -> ApiResult<DatasetListResponse> {
    let protocol = state.protocol();
    let kind = query
        .get("kind")
        .map(String::as_str)
        .filter(|k| !k.is_empty());
    if let Some(k) = kind {
        protocol.kind(k).map_err(|_| {
            let known: Vec<&str> = protocol.kinds.keys().map(String::as_str).collect();
            WebError::BadRequest(format!("kind `{k}` is not one of: {}", known.join(", ")))
        })?;
    }
    let snapshot = state.snapshot().await;
    let datasets: Vec<DatasetSummary> = snapshot
        .datasets()
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .map(|e| summary(protocol, e))
        .collect();
    Ok(Json(DatasetListResponse {
        count: datasets.len(),
        datasets,
    }))
}

pub async fn get_dataset(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<DatasetResponse> {
    let snapshot = state.snapshot().await;
    let protocol = state.protocol();
    let latest = snapshot.resolve(&id, VersionRef::Latest)?;
    let kind = protocol.kind(&latest.kind)?;
    let period = protocol.resolve_dataset(&id).and_then(|(_, p)| p);
    Ok(Json(DatasetResponse {
        id: id.clone(),
        kind: kind.name.clone(),
        title: title(protocol, latest),
        description: kind.spec.description.clone(),
        period: latest.period.clone(),
        due: period.and_then(|p| kind.spec.due.as_ref().map(|d| d.due_date(p).to_string())),
        frequency: kind.spec.frequency.to_string(),
        legal_basis: kind.spec.legal_basis.clone(),
        office: kind.spec.office.clone(),
        licence: protocol.jurisdiction.licence.name.clone(),
        latest: version_response(latest),
        versions: snapshot
            .versions(&id)
            .into_iter()
            .map(version_response)
            .collect(),
        schema: serde_json::to_value(&kind.schema)?,
    }))
}

pub async fn get_dataset_version(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
) -> ApiResult<VersionResponse> {
    let snapshot = state.snapshot().await;
    let entry = snapshot.resolve(&id, VersionRef::parse(&version)?)?;
    Ok(Json(version_response(entry)))
}

#[derive(Debug, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub dataset: DatasetSummary,
    /// HTML: the matched words in `<b>`.
    pub snippet: String,
}

#[derive(Debug, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct SearchResponse {
    pub total: usize,
    pub page: usize,
    pub size: usize,
    pub results: Vec<SearchHit>,
    pub facets: serde_json::Map<String, serde_json::Value>,
}

pub(super) fn summary(protocol: &Protocol, e: &Entry) -> DatasetSummary {
    DatasetSummary {
        id: e.dataset.clone(),
        kind: e.kind.clone(),
        title: title(protocol, e),
        period: e.period.clone(),
        latest_version: e.version,
        published_at: e.published_at.clone(),
        rows: e.rows,
        url: format!("/api/datasets/{}", e.dataset),
    }
}

/// The catalogue search: `q`, facet filters, `page`, `size`.
pub async fn search_catalogue(
    State(state): State<AppState>,
    Params(params): Params,
) -> ApiResult<SearchResponse> {
    let protocol = state.protocol();
    let query = SearchQuery::from_params(protocol, &params, SEARCH_PAGE)?;
    let snapshot = state.snapshot().await;
    let results = state.catalogue().await?.search(&query)?;
    let hits = results
        .hits
        .into_iter()
        .filter_map(|h| {
            snapshot.latest(&h.dataset).map(|e| SearchHit {
                dataset: summary(protocol, e),
                snippet: h.snippet,
            })
        })
        .collect();
    let facets = results
        .facets
        .into_iter()
        .map(|f| {
            (
                f.name.param().to_string(),
                serde_json::to_value(
                    f.values
                        .into_iter()
                        .map(|(value, count)| FacetValue { value, count })
                        .collect::<Vec<_>>(),
                )
                .unwrap_or_default(),
            )
        })
        .collect();
    Ok(Json(SearchResponse {
        total: results.total,
        page: query.page,
        size: query.size,
        results: hits,
        facets,
    }))
}

#[derive(Debug, Serialize)]
pub struct RowsResponse {
    pub dataset: String,
    pub version: u32,
    pub total: u64,
    pub page: usize,
    pub size: usize,
    pub pages: u64,
    pub fields: Vec<String>,
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

async fn rows_of(
    state: &AppState,
    id: &str,
    at: VersionRef,
    params: &std::collections::HashMap<String, String>,
) -> ApiResult<RowsResponse> {
    let snapshot = state.snapshot().await;
    let entry = snapshot.resolve(id, at)?;
    let kind = state.protocol().kind(&entry.kind)?;
    let query = RowQuery::parse(&kind.schema, params, PAGE_ROWS)?;
    let page = read_rows(state, &snapshot, entry, &query).await?;
    let rows = page
        .rows
        .into_iter()
        .map(|r| page.fields.iter().cloned().zip(r).collect())
        .collect();
    Ok(Json(RowsResponse {
        dataset: entry.dataset.clone(),
        version: entry.version,
        total: page.total,
        page: query.page,
        size: query.size,
        pages: page.pages,
        fields: page.fields,
        rows,
    }))
}

pub async fn get_rows(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    Params(params): Params,
) -> ApiResult<RowsResponse> {
    rows_of(&state, &id, VersionRef::parse(&version)?, &params).await
}

pub async fn get_latest_rows(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Params(params): Params,
) -> ApiResult<RowsResponse> {
    rows_of(&state, &id, VersionRef::Latest, &params).await
}

pub async fn get_diff(
    State(state): State<AppState>,
    Path((id, range)): Path<(String, String)>,
) -> ApiResult<crate::store::diff::Diff> {
    Ok(Json(compute_diff(&state, &id, &range).await?))
}

pub async fn get_compliance(
    State(state): State<AppState>,
    AsOfQuery(as_of): AsOfQuery,
) -> Response {
    let snapshot = state.snapshot().await;
    let obligations = crate::analytics::disclosures(state.protocol(), snapshot.entries(), as_of);
    Json(serde_json::json!({ "as_of": as_of, "count": obligations.len(), "obligations": obligations })).into_response()
}

/// The catalogue of error codes: JSON for programs, a page for people (a browser, whose
/// `Accept` asks for `text/html`, or `?f=html`), each code an anchor that problem
/// documents link to.
pub async fn list_problems(headers: axum::http::HeaderMap, Params(params): Params) -> Response {
    let browser = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let json = match params.get("f").map(String::as_str) {
        Some("json") => true,
        Some("html") => false,
        _ => !browser,
    };
    if json {
        let codes: Vec<serde_json::Value> = CODES
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.name,
                    "status": c.status.as_u16(),
                    "title": c.title,
                    "meaning": c.meaning,
                    "type": c.code.link(),
                })
            })
            .collect();
        return Json(serde_json::json!({ "codes": codes })).into_response();
    }
    let page = html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "API error codes — disclose" }
                link rel="stylesheet" href=(super::pages::css_path());
            }
            body {
                main #main {
                    h1 { "API error codes" }
                    p { "Every error of the JSON API is an RFC 9457 problem document (" code { "application/problem+json" } ") whose " code { "code" } " is one of these. Codes are never renamed." }
                    div.table-scroll {
                        table {
                            thead { tr { th scope="col" { "code" } th scope="col" { "status" } th scope="col" { "title" } th scope="col" { "meaning" } } }
                            tbody {
                                @for c in &CODES {
                                    tr id=(c.name) {
                                        th scope="row" { code { (c.name) } }
                                        td { (c.status.as_u16()) }
                                        td { (c.title) }
                                        // `backticked` parts of the meaning are code.
                                        td { @for (i, part) in c.meaning.split('`').enumerate() { @if i % 2 == 1 { code { (part) } } @else { (part) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Html(page.into_string()).into_response()
}

/// The OpenAPI 3.1 description of this API.
pub async fn get_openapi() -> Response {
    let problem = serde_json::json!({ "description": "problem details (RFC 9457)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
    let ok = |schema: &str| serde_json::json!({ "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    let path_param = |name: &str, description: &str, kind: &str| serde_json::json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": kind } });
    let query_param = |name: &str, description: &str, kind: &str| serde_json::json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": kind } });
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "disclose API", "version": env!("CARGO_PKG_VERSION"), "description": "Read-only access to the catalogue, published datasets, their versions, files and rows, diffs, and protocol compliance. See docs/API.md. A CKAN-compatible action API is at /api/3/action/ and DCAT catalogues at /catalog.jsonld and /data.json." },
        "paths": {
            "/api/search": { "get": {
                "operationId": "search",
                "description": "Full-text search of the catalogue, with facet counts over the matches.",
                "parameters": [
                    query_param("q", "words to find in titles, descriptions, fields and the text of small datasets", "string"),
                    query_param("kind", "only datasets of this kind", "string"),
                    query_param("office", "only datasets of this responsible office", "string"),
                    query_param("fiscal_year", "only datasets of this fiscal year, e.g. 2025-26", "string"),
                    query_param("spatial", "yes or no: only datasets with (or without) locations", "string"),
                    query_param("format", "only datasets with a file of this format: csv, parquet, geojson; with GDAL, also gpkg, shapefile, kml, flatgeobuf", "string"),
                    query_param("page", "page of results, from 1", "integer"),
                    query_param("size", "results per page, 1 to 1000 (default 20)", "integer"),
                ],
                "responses": { "200": ok("SearchResponse"), "400": problem },
            }},
            "/api/datasets": { "get": {
                "operationId": "list_datasets",
                "parameters": [{ "name": "kind", "in": "query", "required": false, "description": "only datasets of this kind", "schema": { "type": "string" } }],
                "responses": { "200": ok("DatasetListResponse"), "400": problem },
            }},
            "/api/datasets/{id}": { "get": {
                "operationId": "get_dataset",
                "parameters": [path_param("id", "dataset id, e.g. expenditure-2025-09", "string")],
                "responses": { "200": ok("DatasetResponse"), "404": problem },
            }},
            "/api/datasets/{id}/versions/{version}": { "get": {
                "operationId": "get_dataset_version",
                "parameters": [path_param("id", "dataset id", "string"), path_param("version", "version number, from 1", "integer")],
                "responses": { "200": ok("VersionResponse"), "400": problem, "404": problem },
            }},
            "/api/datasets/{id}/rows": { "get": {
                "operationId": "get_latest_rows",
                "description": "Rows of the latest version, filtered, sorted and paged as for /api/datasets/{id}/versions/{version}/rows.",
                "parameters": [path_param("id", "dataset id", "string"), query_param("_sort", "column to sort by; -column for descending", "string"), query_param("_page", "page, from 1", "integer"), query_param("_size", "rows per page, 1 to 1000 (default 25)", "integer")],
                "responses": { "200": ok("RowsResponse"), "400": problem, "404": problem },
            }},
            "/api/datasets/{id}/versions/{version}/rows": { "get": {
                "operationId": "get_rows",
                "description": "One page of a version's rows. Any column name is also a filter parameter.",
                "parameters": [path_param("id", "dataset id", "string"), path_param("version", "version number, from 1", "integer"),
                    query_param("{field}", "one per column: text matches rows containing it (=text: exactly); numbers and dates take 5000, >5000, >=5000, <5000, <=5000 or 1000..5000", "string"),
                    query_param("_sort", "column to sort by; -column for descending", "string"),
                    query_param("_page", "page, from 1", "integer"),
                    query_param("_size", "rows per page, 1 to 1000 (default 25)", "integer")],
                "responses": { "200": ok("RowsResponse"), "400": problem, "404": problem },
            }},
            "/api/datasets/{id}/diff/{range}": { "get": {
                "operationId": "get_diff",
                "parameters": [path_param("id", "dataset id", "string"), path_param("range", "two versions, e.g. 1..2", "string")],
                "responses": { "200": ok("Diff"), "400": problem, "404": problem },
            }},
            "/api/problems": { "get": {
                "operationId": "list_problems",
                "description": "The catalogue of error codes: each code's status, title and meaning. JSON, or a page for a browser (Accept: text/html) or with f=html.",
                "parameters": [query_param("f", "json or html (default: json, or html when Accept asks for text/html)", "string")],
                "responses": { "200": ok("ProblemCodes") },
            }},
            "/api/compliance": { "get": {
                "operationId": "get_compliance",
                "parameters": [{ "name": "as_of", "in": "query", "required": false, "description": "assess as of this date (default today)", "schema": { "type": "string", "format": "date" } }],
                "responses": { "200": ok("ComplianceResponse"), "400": problem },
            }},
        },
        "components": { "schemas": {
            "Problem": { "type": "object", "required": ["type", "title", "status", "detail", "code"], "properties": {
                "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                "code": { "type": "string", "enum": CODES.iter().map(|c| c.name).collect::<Vec<_>>() } } },
            "ProblemCodes": { "type": "object", "properties": { "codes": { "type": "array", "items": { "type": "object", "properties": { "code": { "type": "string" }, "status": { "type": "integer" }, "title": { "type": "string" }, "meaning": { "type": "string" }, "type": { "type": "string" } } } } } },
            "DatasetListResponse": { "type": "object", "properties": { "count": { "type": "integer" }, "datasets": { "type": "array", "items": { "$ref": "#/components/schemas/DatasetSummary" } } } },
            "DatasetSummary": { "type": "object", "properties": { "id": { "type": "string" }, "kind": { "type": "string" }, "title": { "type": "string" }, "period": { "type": ["string", "null"] }, "latest_version": { "type": "integer" }, "published_at": { "type": "string", "format": "date-time" }, "rows": { "type": "integer" }, "url": { "type": "string" } } },
            "File": { "type": "object", "properties": { "path": { "type": "string" }, "bytes": { "type": "integer" }, "sha256": { "type": "string" }, "url": { "type": "string" } } },
            "VersionResponse": { "type": "object", "properties": { "dataset": { "type": "string" }, "version": { "type": "integer" }, "period": { "type": ["string", "null"] }, "published_at": { "type": "string" }, "publisher": { "type": "string" }, "note": { "type": ["string", "null"] }, "rows": { "type": "integer" }, "ledger_seq": { "type": "integer" }, "ledger_hash": { "type": "string" }, "url": { "type": "string" }, "files": { "type": "array", "items": { "$ref": "#/components/schemas/File" } } } },
            "DatasetResponse": { "type": "object", "properties": { "id": { "type": "string" }, "kind": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" }, "period": { "type": ["string", "null"] }, "due": { "type": ["string", "null"] }, "frequency": { "type": "string" }, "legal_basis": { "type": "string" }, "office": { "type": "string" }, "licence": { "type": "string" }, "latest": { "$ref": "#/components/schemas/VersionResponse" }, "versions": { "type": "array", "items": { "$ref": "#/components/schemas/VersionResponse" } }, "schema": { "type": "object", "description": "Frictionless Table Schema" } } },
            "SearchResponse": { "type": "object", "properties": { "total": { "type": "integer" }, "page": { "type": "integer" }, "size": { "type": "integer" },
                "results": { "type": "array", "items": { "allOf": [{ "$ref": "#/components/schemas/DatasetSummary" }, { "type": "object", "properties": { "snippet": { "type": "string", "description": "HTML with the matched words in <b>" } } }] } },
                "facets": { "type": "object", "description": "per facet (kind, office, fiscal_year, spatial, format), its values and counts over the matches", "additionalProperties": { "type": "array", "items": { "type": "object", "properties": { "value": { "type": "string" }, "count": { "type": "integer" } } } } } } },
            "RowsResponse": { "type": "object", "properties": { "dataset": { "type": "string" }, "version": { "type": "integer" }, "total": { "type": "integer", "description": "rows matching the filters" }, "page": { "type": "integer" }, "size": { "type": "integer" }, "pages": { "type": "integer" }, "fields": { "type": "array", "items": { "type": "string" } }, "rows": { "type": "array", "items": { "type": "object" } } } },
            "Diff": { "type": "object", "properties": { "dataset": { "type": "string" }, "from": { "type": "integer" }, "to": { "type": "integer" }, "key": { "type": "array", "items": { "type": "string" } }, "fields": { "type": "array", "items": { "type": "string" } },
                "counts": { "type": "object", "properties": { "added": { "type": "integer" }, "removed": { "type": "integer" }, "changed": { "type": "integer" }, "unchanged": { "type": "integer" } } },
                "added": { "type": "array", "items": { "type": "array", "items": { "type": "string" } } }, "removed": { "type": "array", "items": { "type": "array", "items": { "type": "string" } } },
                "changed": { "type": "array", "items": { "type": "object", "properties": { "key": { "type": "string" }, "changes": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "old": { "type": "string" }, "new": { "type": "string" } } } } } } } } },
            "ComplianceResponse": { "type": "object", "properties": { "as_of": { "type": "string", "format": "date" }, "count": { "type": "integer" }, "obligations": { "type": "array", "items": { "type": "object", "properties": {
                "kind": { "type": "string" }, "office": { "type": "string" }, "period": { "type": "string" }, "dataset": { "type": "string" }, "due": { "type": "string", "format": "date" },
                "status": { "type": "string", "enum": ["on_time", "late", "missing", "not_yet_due"] }, "published": { "type": "string", "format": "date" }, "days_late": { "type": "integer" }, "days_overdue": { "type": "integer" } } } } } },
        }},
    });
    Json(doc).into_response()
}
