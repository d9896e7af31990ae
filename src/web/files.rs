//! Downloads of published files: immutable, with a strong ETag from the file's sha256,
//! `Content-Length`, and byte ranges, so journalists can resume and cite.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::cache::{CachePolicy, with_policy};
use super::error::WebError;
use crate::store::{Catalog, Entry};

pub fn content_type(name: &str) -> &'static str {
    match crate::store::file_format(name).media_type {
        "text/csv" => "text/csv; charset=utf-8",
        other => other,
    }
}

/// Serves one recorded file of a version. `name` is looked up in the ledger entry, never
/// joined to a path as given, so no request can reach outside the store.
pub async fn serve_file(
    catalog: &Catalog,
    entry: &Entry,
    name: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let (record, path) = catalog.recorded(entry, name)?;
    let download = format!("{}-v{}-{}", entry.dataset, entry.version, record.path);
    serve_recorded(record, &path, &download, headers).await
}

/// Serves a recorded file at `path` (its record gives the name, the sha256 for the strong
/// ETag and `X-Content-Sha256`), named `download` when saved: immutable, with ranges.
pub async fn serve_recorded(
    record: &crate::store::FileRecord,
    path: &std::path::Path,
    download: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let name = record.path.as_str();
    let etag = format!("\"sha256-{}\"", record.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok(with_policy(
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response(),
            CachePolicy::Immutable,
        ));
    }
    let mut request = Request::new(Body::empty());
    if let Some(range) = headers.get(header::RANGE) {
        request.headers_mut().insert(header::RANGE, range.clone());
    }
    let mut response = serve(path, request).await?;
    if response.status() == StatusCode::NOT_FOUND {
        return Err(WebError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{} is in the ledger but missing on disk; run disclose verify",
                path.display()
            ),
        )));
    }
    let h = response.headers_mut();
    h.insert(header::ETAG, header_value(&etag)?);
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert("x-content-sha256", header_value(&record.sha256)?);
    h.remove(header::LAST_MODIFIED);
    let disposition = format!("attachment; filename=\"{download}\"");
    h.insert(header::CONTENT_DISPOSITION, header_value(&disposition)?);
    Ok(with_policy(response, CachePolicy::Immutable))
}

/// A header value from text we made; a name with characters a header cannot carry is a
/// client's 404, never a panic.
fn header_value(text: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(text)
        .map_err(|_| WebError::NotFound(format!("`{text}` cannot be served under that name")))
}

/// Runs `ServeFile` on one path (it cannot fail: errors are its responses).
async fn serve(path: &std::path::Path, request: Request<Body>) -> Result<Response, WebError> {
    let response = ServeFile::new(path).oneshot(request).await;
    Ok(match response {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    })
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
    let mut response = serve(path, request).await?;
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// Serves a file made for one request (a slice of rows) as an attachment, then removes
/// it: the open file lives on until its body is sent.
pub async fn serve_temporary(file: tempfile::TempPath, name: &str) -> Result<Response, WebError> {
    let mut response = serve(&file, Request::new(Body::empty())).await?;
    drop(file);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.remove(header::LAST_MODIFIED);
    let disposition = format!("attachment; filename=\"{name}\"");
    h.insert(header::CONTENT_DISPOSITION, header_value(&disposition)?);
    Ok(response)
}
