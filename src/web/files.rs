//! Downloads of published files: immutable, with a strong ETag from the file's sha256,
//! `Content-Length`, and byte ranges, so journalists can resume and cite.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::error::WebError;
use crate::store::Entry;

/// Cache policy of anything whose URL changes when its content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn content_type(name: &str) -> &'static str {
    match crate::store::file_format(name).media_type {
        "text/csv" => "text/csv; charset=utf-8",
        other => other,
    }
}

/// Serves one recorded file of a version. `name` is looked up in the ledger entry, never
/// joined to a path as given, so no request can reach outside the store.
pub async fn serve_file(
    data_dir: &std::path::Path,
    entry: &Entry,
    name: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let Some(record) = entry.file(name) else {
        return Err(WebError::UnknownFile {
            dataset: entry.dataset.clone(),
            version: entry.version,
            file: name.to_string(),
        });
    };
    let etag = format!("\"sha256-{}\"", record.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, IMMUTABLE.to_string()),
            ],
        )
            .into_response());
    }
    let path = data_dir
        .join(&entry.dataset)
        .join(format!("v{}", entry.version))
        .join(&record.path);
    let mut request = Request::new(Body::empty());
    if let Some(range) = headers.get(header::RANGE) {
        request.headers_mut().insert(header::RANGE, range.clone());
    }
    let mut response = ServeFile::new(&path)
        .oneshot(request)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map(Body::new);
    if response.status() == StatusCode::NOT_FOUND {
        return Err(WebError::Internal(format!(
            "{} is in the ledger but missing on disk; run disclose verify",
            path.display()
        )));
    }
    let h = response.headers_mut();
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert(
        "x-content-sha256",
        HeaderValue::from_str(&record.sha256).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    h.remove(header::LAST_MODIFIED);
    let disposition = format!(
        "attachment; filename=\"{}-v{}-{}\"",
        entry.dataset, entry.version, record.path
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// Serves a derived file that is not in the ledger (a PMTiles archive) with byte ranges
/// and `Last-Modified`; clients revalidate, since it may be rebuilt.
pub async fn serve_path(
    path: &std::path::Path,
    content_type: &'static str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let mut request = Request::new(Body::empty());
    for name in [header::RANGE, header::IF_MODIFIED_SINCE, header::IF_RANGE] {
        if let Some(value) = headers.get(&name) {
            request.headers_mut().insert(name, value.clone());
        }
    }
    let mut response = ServeFile::new(path)
        .oneshot(request)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map(Body::new);
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// Serves a file made for one request (a slice of rows) as an attachment, then removes
/// it: the open file lives on until its body is sent.
pub async fn serve_temporary(file: tempfile::TempPath, name: &str) -> Result<Response, WebError> {
    let mut response = ServeFile::new(&file)
        .oneshot(Request::new(Body::empty()))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map(Body::new);
    drop(file);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.remove(header::LAST_MODIFIED);
    let disposition = format!("attachment; filename=\"{name}\"");
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    Ok(response)
}
