//! The one error type at the web edge. People get a page that says what went wrong and
//! offers a way on; 5xx pages say nothing internal (the detail goes to the log).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::i18n::Lang;
use super::pages;

#[derive(Debug, Clone, thiserror::Error)]
pub enum WebError {
    #[error("no dataset `{0}` is published here")]
    UnknownDataset(String),
    #[error("{dataset} has no version {version}; its versions are 1 to {latest}")]
    UnknownVersion {
        dataset: String,
        version: u32,
        latest: u32,
    },
    #[error("{dataset} v{version} has no file `{file}`")]
    UnknownFile {
        dataset: String,
        version: u32,
        file: String,
    },
    #[error("no page at {0}")]
    NoRoute(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownDataset(_)
            | Self::UnknownVersion { .. }
            | Self::UnknownFile { .. }
            | Self::NoRoute(_)
            | Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<std::io::Error> for WebError {
    fn from(e: std::io::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<csv::Error> for WebError {
    fn from(e: csv::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Internal(detail) = &self {
            tracing::error!(error = %detail, "request failed");
        }
        let page = pages::error_page(Lang::En, status, &self.to_string(), &self);
        let mut response = (status, page).into_response();
        // The language middleware re-renders the page in the reader's language.
        response.extensions_mut().insert(self);
        response
    }
}
