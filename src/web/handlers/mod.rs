//! The handlers of the pages and files, grouped by resource and named verb_noun. Each
//! takes typed extractors, calls the engines through the state, and returns a page type,
//! a file or a [`super::error::WebError`]. The JSON API, CKAN, OGC, DCAT and tiles have
//! their own modules beside this one.

pub mod dashboards;
pub mod datasets;
pub mod feedback;
pub mod staff;
pub mod works;

use axum::extract::Path;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};

use super::cache::{CachePolicy, with_policy};
use super::error::WebError;

/// A static asset. Their names carry a hash of their content, so they never change.
pub async fn get_static(Path(path): Path<String>) -> Result<Response, WebError> {
    let (bytes, content_type) = super::assets::find(&path).ok_or_else(|| WebError::NoRoute {
        path: format!("/static/{path}"),
    })?;
    Ok(with_policy(
        ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        CachePolicy::Immutable,
    ))
}

pub async fn no_route(uri: Uri) -> WebError {
    WebError::NoRoute {
        path: uri.path().to_string(),
    }
}
