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

pub async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError(WebError::NoRoute(uri.path().to_string()))
}
