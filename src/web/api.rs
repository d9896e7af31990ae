//! The JSON API under `/api/`: the same answers as the pages, for programs. Errors are
//! RFC 9457 `application/problem+json` with a stable `code` (see `docs/API.md`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::WebError;
use super::routes::{compliance, find_version, kind_param};
use super::state::AppState;
use crate::pipeline::write::FileRecord;
use crate::protocol::Protocol;
use crate::store::Entry;

/// A [`WebError`] answered as problem+json.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        Self(e)
    }
}

impl WebError {
    /// The stable code of this error in API answers.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownDataset(_) => "unknown_dataset",
            Self::UnknownVersion { .. } => "unknown_version",
            Self::UnknownFile { .. } => "unknown_file",
            Self::NoRoute(_) => "no_route",
            Self::BadRequest(_) => "bad_request",
            Self::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if let WebError::Internal(detail) = &self.0 {
            tracing::error!(error = %detail, "api request failed");
        }
        let detail = if status.is_server_error() { "the error was logged; try again in a moment".to_string() } else { self.0.to_string() };
        let code = self.0.code();
        let body = serde_json::json!({
            "type": format!("/api/problems#{code}"),
            "title": status.canonical_reason().unwrap_or("error"),
            "status": status.as_u16(),
            "detail": detail,
            "code": code,
        });
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

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
    super::pages::dataset_title(protocol.kinds.get(&e.kind), e)
}

fn file_response(e: &Entry, f: &FileRecord) -> FileResponse {
    FileResponse { path: f.path.clone(), bytes: f.bytes, sha256: f.sha256.clone(), url: format!("/datasets/{}/v/{}/{}", e.dataset, e.version, f.path) }
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

pub async fn list_datasets(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> ApiResult<DatasetListResponse> {
    let protocol = state.protocol();
    let kind = kind_param(protocol, &query)?;
    let snapshot = state.snapshot();
    let datasets: Vec<DatasetSummary> = snapshot
        .datasets()
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .map(|e| DatasetSummary {
            id: e.dataset.clone(),
            kind: e.kind.clone(),
            title: title(protocol, e),
            period: e.period.clone(),
            latest_version: e.version,
            published_at: e.published_at.clone(),
            rows: e.rows,
            url: format!("/api/datasets/{}", e.dataset),
        })
        .collect();
    Ok(Json(DatasetListResponse { count: datasets.len(), datasets }))
}

pub async fn get_dataset(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<DatasetResponse> {
    let snapshot = state.snapshot();
    let protocol = state.protocol();
    let latest = snapshot.latest(&id).ok_or_else(|| WebError::UnknownDataset(id.clone()))?;
    let kind = protocol.kinds.get(&latest.kind).ok_or_else(|| WebError::Internal(format!("kind {} is not in the protocol", latest.kind)))?;
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
        versions: snapshot.versions(&id).into_iter().map(version_response).collect(),
        schema: serde_json::to_value(&kind.schema).map_err(|e| WebError::Internal(e.to_string()))?,
    }))
}

pub async fn get_dataset_version(State(state): State<AppState>, Path((id, version)): Path<(String, String)>) -> ApiResult<VersionResponse> {
    let snapshot = state.snapshot();
    Ok(Json(version_response(find_version(&snapshot, &id, &version)?)))
}

pub async fn get_compliance(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let (as_of, obligations) = compliance(&state, &query)?;
    Ok(Json(serde_json::json!({ "as_of": as_of, "count": obligations.len(), "obligations": obligations })).into_response())
}

/// The OpenAPI 3.1 description of this API.
pub async fn get_openapi() -> Response {
    let problem = serde_json::json!({ "description": "problem details (RFC 9457)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
    let ok = |schema: &str| serde_json::json!({ "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    let path_param = |name: &str, description: &str, kind: &str| serde_json::json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": kind } });
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "disclose API", "version": env!("CARGO_PKG_VERSION"), "description": "Read-only access to published datasets, their versions and files, and protocol compliance. See docs/API.md." },
        "paths": {
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
            "/api/compliance": { "get": {
                "operationId": "get_compliance",
                "parameters": [{ "name": "as_of", "in": "query", "required": false, "description": "assess as of this date (default today)", "schema": { "type": "string", "format": "date" } }],
                "responses": { "200": ok("ComplianceResponse"), "400": problem },
            }},
        },
        "components": { "schemas": {
            "Problem": { "type": "object", "required": ["type", "title", "status", "detail", "code"], "properties": {
                "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                "code": { "type": "string", "enum": ["unknown_dataset", "unknown_version", "unknown_file", "no_route", "bad_request", "internal"] } } },
            "DatasetListResponse": { "type": "object", "properties": { "count": { "type": "integer" }, "datasets": { "type": "array", "items": { "$ref": "#/components/schemas/DatasetSummary" } } } },
            "DatasetSummary": { "type": "object", "properties": { "id": { "type": "string" }, "kind": { "type": "string" }, "title": { "type": "string" }, "period": { "type": ["string", "null"] }, "latest_version": { "type": "integer" }, "published_at": { "type": "string", "format": "date-time" }, "rows": { "type": "integer" }, "url": { "type": "string" } } },
            "File": { "type": "object", "properties": { "path": { "type": "string" }, "bytes": { "type": "integer" }, "sha256": { "type": "string" }, "url": { "type": "string" } } },
            "VersionResponse": { "type": "object", "properties": { "dataset": { "type": "string" }, "version": { "type": "integer" }, "period": { "type": ["string", "null"] }, "published_at": { "type": "string" }, "publisher": { "type": "string" }, "note": { "type": ["string", "null"] }, "rows": { "type": "integer" }, "ledger_seq": { "type": "integer" }, "ledger_hash": { "type": "string" }, "url": { "type": "string" }, "files": { "type": "array", "items": { "$ref": "#/components/schemas/File" } } } },
            "DatasetResponse": { "type": "object", "properties": { "id": { "type": "string" }, "kind": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" }, "period": { "type": ["string", "null"] }, "due": { "type": ["string", "null"] }, "frequency": { "type": "string" }, "legal_basis": { "type": "string" }, "office": { "type": "string" }, "licence": { "type": "string" }, "latest": { "$ref": "#/components/schemas/VersionResponse" }, "versions": { "type": "array", "items": { "$ref": "#/components/schemas/VersionResponse" } }, "schema": { "type": "object", "description": "Frictionless Table Schema" } } },
            "ComplianceResponse": { "type": "object", "properties": { "as_of": { "type": "string", "format": "date" }, "count": { "type": "integer" }, "obligations": { "type": "array", "items": { "type": "object", "properties": {
                "kind": { "type": "string" }, "office": { "type": "string" }, "period": { "type": "string" }, "dataset": { "type": "string" }, "due": { "type": "string", "format": "date" },
                "status": { "type": "string", "enum": ["on_time", "late", "missing", "not_yet_due"] }, "published": { "type": "string", "format": "date" }, "days_late": { "type": "integer" }, "days_overdue": { "type": "integer" } } } } } },
        }},
    });
    Json(doc).into_response()
}

pub async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError(WebError::NoRoute(uri.path().to_string()))
}
