//! The one error type at the web edge, and the one catalogue of its codes.
//!
//! Every failure a handler meets is a [`WebError`]: a domain module's own error (store,
//! search, rows, analytics, tiles) converted with `?`, or one of the few the web layer
//! finds itself (an unknown project, a bad parameter). Each has one [`Code`] from
//! [`CODES`], which gives its HTTP status, its title and its anchor in `docs/API.md`;
//! that table also fills the OpenAPI enum, `/api/problems` and the table in the docs
//! (a test fails when they disagree).
//!
//! People get a page that says what went wrong and offers a way on; programs get RFC 9457
//! `application/problem+json`; the OGC API and the CKAN API render the same error in
//! their own formats. A 5xx answer never shows internal detail: it is logged once, with
//! its whole chain of causes, where it is turned into a response.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::i18n::Lang;
use crate::analytics::AnalyticsError;
use crate::feedback::FeedbackError;
use crate::query::QueryError;
use crate::search::SearchError;
use crate::staff::StaffError;
use crate::store::StoreError;
use crate::tiles::TileError;

/// A stable error code of the API. Never renamed: programs match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    UnknownDataset,
    UnknownVersion,
    UnknownFile,
    NoRoute,
    NotFound,
    BadRequest,
    SignInRequired,
    Forbidden,
    CsrfRejected,
    Conflict,
    TooLarge,
    TooManyRequests,
    Internal,
}

/// One row of the code catalogue.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    /// The value of `code` in a problem document.
    pub name: &'static str,
    pub status: StatusCode,
    pub title: &'static str,
    /// What it means and what to do, for `/api/problems` and `docs/API.md`.
    pub meaning: &'static str,
}

/// Every code, in the order the docs list them.
pub const CODES: [CodeInfo; 13] = [
    CodeInfo {
        code: Code::UnknownDataset,
        name: "unknown_dataset",
        status: StatusCode::NOT_FOUND,
        title: "Unknown dataset",
        meaning: "No dataset of that id is published; `/api/datasets` lists them.",
    },
    CodeInfo {
        code: Code::UnknownVersion,
        name: "unknown_version",
        status: StatusCode::NOT_FOUND,
        title: "Unknown version",
        meaning: "The dataset has no such version; the message names its latest.",
    },
    CodeInfo {
        code: Code::UnknownFile,
        name: "unknown_file",
        status: StatusCode::NOT_FOUND,
        title: "Unknown file",
        meaning: "The version has no file of that name; its `files[]` lists them.",
    },
    CodeInfo {
        code: Code::NoRoute,
        name: "no_route",
        status: StatusCode::NOT_FOUND,
        title: "No such endpoint",
        meaning: "Nothing answers at that path; `/api/openapi.json` lists the paths.",
    },
    CodeInfo {
        code: Code::NotFound,
        name: "not_found",
        status: StatusCode::NOT_FOUND,
        title: "Not found",
        meaning: "The project, ward, layer or file named is not published.",
    },
    CodeInfo {
        code: Code::BadRequest,
        name: "bad_request",
        status: StatusCode::BAD_REQUEST,
        title: "Bad request",
        meaning: "A parameter is malformed or out of range; the message names it.",
    },
    CodeInfo {
        code: Code::SignInRequired,
        name: "sign_in_required",
        status: StatusCode::UNAUTHORIZED,
        title: "Sign-in required",
        meaning: "The staff workspace needs a signed-in account: `/staff/sign-in`.",
    },
    CodeInfo {
        code: Code::Forbidden,
        name: "forbidden",
        status: StatusCode::FORBIDDEN,
        title: "Forbidden",
        meaning: "The account's role or offices do not allow this; an admin can change them.",
    },
    CodeInfo {
        code: Code::CsrfRejected,
        name: "csrf_rejected",
        status: StatusCode::FORBIDDEN,
        title: "Form token rejected",
        meaning: "The form's security token is missing or stale; reload the form and send it again.",
    },
    CodeInfo {
        code: Code::Conflict,
        name: "conflict",
        status: StatusCode::CONFLICT,
        title: "Conflict",
        meaning: "The request clashes with what exists (an account of that e-mail); the message says what.",
    },
    CodeInfo {
        code: Code::TooLarge,
        name: "too_large",
        status: StatusCode::PAYLOAD_TOO_LARGE,
        title: "Too large",
        meaning: "The body is over the limit (`uploads.max_bytes` for uploads, `feedback.photo_max_bytes` for a report's photo); send less.",
    },
    CodeInfo {
        code: Code::TooManyRequests,
        name: "too_many_requests",
        status: StatusCode::TOO_MANY_REQUESTS,
        title: "Too many attempts",
        meaning: "Too many failed sign-ins, or submissions from one address; wait (`Retry-After` says how long).",
    },
    CodeInfo {
        code: Code::Internal,
        name: "internal",
        status: StatusCode::INTERNAL_SERVER_ERROR,
        title: "Internal error",
        meaning: "The server failed; the detail is logged. Try again in a moment.",
    },
];

impl Code {
    pub fn info(self) -> &'static CodeInfo {
        CODES
            .iter()
            .find(|c| c.code == self)
            .unwrap_or(&CODES[CODES.len() - 1])
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn status(self) -> StatusCode {
        self.info().status
    }

    /// The documentation of this code: an anchor of `/api/problems`.
    pub fn link(self) -> String {
        format!("/api/problems#{}", self.name())
    }
}

/// Every way a request can fail. Closed: a new failure is a new variant or a new
/// conversion, never a string.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Analytics(#[from] AnalyticsError),
    #[error(transparent)]
    Tile(#[from] TileError),
    #[error(transparent)]
    Budget(#[from] crate::analytics::budget::BudgetError),
    /// The national store could not be read.
    #[error(transparent)]
    National(Box<crate::national::NationalError>),
    #[error("no page at {path}")]
    NoRoute { path: String },
    #[error("no project `{id}` in the register; /projects lists them all")]
    UnknownProject { id: String },
    #[error("no ward `{code}`; /wards lists them all")]
    UnknownWard { code: String },
    /// Something else asked for that is not published, said in full.
    #[error("{0}")]
    NotFound(String),
    /// A parameter that is malformed or out of range, said in full: which and why.
    #[error("{0}")]
    BadRequest(String),
    /// A search query (CKAN's `fq`) that cannot be parsed, said in full.
    #[error("{0}")]
    BadQuery(String),
    #[error(
        "`{action}` is not an action here; the actions are status_show, package_list, package_show, package_search, organization_list and organization_show"
    )]
    UnknownAction { action: String },
    /// A named field of a request body or action that is missing or malformed.
    #[error("{field}: {message}")]
    InvalidField { field: String, message: String },
    #[error(transparent)]
    Param(#[from] crate::format::ParamError),
    #[error(transparent)]
    Protocol(#[from] crate::protocol::ProtocolError),
    #[error(transparent)]
    Features(#[from] crate::store::FeaturesError),
    #[error("cannot read or write a file")]
    Io(#[from] std::io::Error),
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    #[error("a worker thread stopped before it answered")]
    Worker(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error(transparent)]
    Feedback(#[from] FeedbackError),
    #[error(transparent)]
    FeedbackPublish(#[from] crate::feedback::export::PublishError),
    #[error("sign in to the staff workspace first: /staff/sign-in")]
    SignInRequired,
    /// The account may not do this, said in full.
    #[error("{0}")]
    Forbidden(String),
    #[error("the form's security token is missing or stale; reload the form and send it again")]
    CsrfRejected,
    #[error(
        "the upload is over the limit of {limit} bytes (uploads.max_bytes); send a smaller file or split it"
    )]
    TooLarge { limit: u64 },
    #[error("too many from your address; try again in {seconds} second{}", if *seconds == 1 { "" } else { "s" })]
    RateLimited { seconds: u64 },
}

impl WebError {
    pub fn code(&self) -> Code {
        match self {
            Self::Store(e) => match e {
                StoreError::UnknownDataset { .. } => Code::UnknownDataset,
                StoreError::UnknownVersion { .. } => Code::UnknownVersion,
                StoreError::UnknownFile { .. } => Code::UnknownFile,
                StoreError::BadVersion { .. } => Code::BadRequest,
                StoreError::Io { .. } | StoreError::Damaged { .. } => Code::Internal,
            },
            Self::Search(e) if e.is_client_error() => Code::BadRequest,
            Self::Query(e) if e.is_client_error() => Code::BadRequest,
            Self::Budget(_) => Code::BadRequest,
            Self::Tile(e @ TileError::UnknownLayer { .. }) if e.is_client_error() => Code::NotFound,
            Self::Tile(e) if e.is_client_error() => Code::BadRequest,
            Self::NoRoute { .. } => Code::NoRoute,
            Self::UnknownProject { .. } | Self::UnknownWard { .. } | Self::NotFound(_) => {
                Code::NotFound
            }
            Self::BadRequest(_)
            | Self::Param(_)
            | Self::BadQuery(_)
            | Self::UnknownAction { .. }
            | Self::InvalidField { .. } => Code::BadRequest,
            Self::Staff(e) => match e {
                StaffError::Forbidden(_) => Code::Forbidden,
                StaffError::Refused(crate::staff::Refusal::AccountExists { .. }) => Code::Conflict,
                StaffError::UnknownAccount(_) => Code::NotFound,
                StaffError::Invalid(_) | StaffError::Refused(_) => Code::BadRequest,
                _ => Code::Internal,
            },
            Self::Feedback(e) => match e {
                FeedbackError::Invalid(_) | FeedbackError::Refused(_) => Code::BadRequest,
                FeedbackError::UnknownReport(_) => Code::NotFound,
                FeedbackError::Forbidden(_) => Code::Forbidden,
                FeedbackError::Staff(StaffError::Forbidden(_)) => Code::Forbidden,
                FeedbackError::Photo(crate::feedback::PhotoError::TooLarge { .. }) => {
                    Code::TooLarge
                }
                FeedbackError::Photo(p) if p.is_client_error() => Code::BadRequest,
                // Training with too few confirmed reports is the staff's to fix.
                FeedbackError::Triage(crate::triage::TriageError::TooFew(_)) => Code::BadRequest,
                FeedbackError::Photo(_) | FeedbackError::Staff(_) | FeedbackError::Triage(_) => {
                    Code::Internal
                }
            },
            Self::FeedbackPublish(e) if e.is_client_error() => Code::BadRequest,
            Self::FeedbackPublish(_) => Code::Internal,
            Self::SignInRequired => Code::SignInRequired,
            Self::Forbidden(_) => Code::Forbidden,
            Self::CsrfRejected => Code::CsrfRejected,
            Self::TooLarge { .. } => Code::TooLarge,
            Self::RateLimited { .. } => Code::TooManyRequests,
            Self::Search(_)
            | Self::Protocol(_)
            | Self::Features(_)
            | Self::Query(_)
            | Self::Analytics(_)
            | Self::National(_)
            | Self::Tile(_)
            | Self::Io(_)
            | Self::Csv(_)
            | Self::Json(_)
            | Self::Worker(_) => Code::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.code().status()
    }

    /// What a reader may see: the message for a client's error, nothing internal for ours.
    pub fn public_message(&self, lang: Lang) -> String {
        if self.status().is_server_error() {
            lang.t("The error was logged. Please try again in a moment.")
                .to_string()
        } else {
            self.to_string()
        }
    }

    /// Logs a server-side failure once, with its chain of causes.
    pub fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %chain(self), code = self.code().name(), "request failed");
        }
    }

    /// The latest version of the dataset a 404 was about, for a recovery link.
    pub fn latest_version(&self) -> Option<(&str, u32)> {
        match self {
            Self::Store(StoreError::UnknownVersion {
                dataset, latest, ..
            }) => Some((dataset, *latest)),
            _ => None,
        }
    }
}

pub use crate::format::chain;

impl IntoResponse for WebError {
    /// Logs a server-side failure once, then answers as a page for people (in English;
    /// the language middleware redraws it in the reader's). The error itself rides in the
    /// response's extensions, so that the API and OGC doors can answer it in their own
    /// formats instead ([`render_problem`], [`render_ogc`]).
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let page = super::pages::error_page(Lang::En, &self);
        let mut response = (status, page).into_response();
        if let Self::RateLimited { seconds } = &self
            && let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

/// The error a response answers, if it answers one and no door has rendered it yet.
fn take_error(response: &mut Response) -> Option<Arc<WebError>> {
    response.extensions_mut().remove::<Arc<WebError>>()
}

/// The `/api` door: an error is RFC 9457 `application/problem+json` with its stable code.
pub async fn render_problem(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let Some(error) = take_error(&mut response) else {
        return response;
    };
    let (status, code) = (error.status(), error.code());
    let body = serde_json::json!({
        "type": code.link(),
        "title": code.info().title,
        "status": status.as_u16(),
        "detail": error.public_message(Lang::En),
        "code": code.name(),
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// The `/ogc` door: an error is `{code, description}` as OGC API – Features answers.
pub async fn render_ogc(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let Some(error) = take_error(&mut response) else {
        return response;
    };
    let status = error.status();
    let code = match status {
        StatusCode::BAD_REQUEST => "InvalidParameterValue",
        StatusCode::NOT_FOUND => "NotFound",
        _ => "ServerError",
    };
    let body = serde_json::json!({
        "code": code,
        "description": error.public_message(Lang::En),
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_row_and_a_distinct_name() {
        for (i, a) in CODES.iter().enumerate() {
            assert_eq!(a.code.info().name, a.name);
            for b in &CODES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.code, b.code);
            }
        }
    }

    /// The table in `docs/API.md` is the catalogue, row for row.
    #[test]
    fn the_docs_list_exactly_the_codes_of_the_catalogue() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/API.md"))
            .expect("docs/API.md");
        let start = docs
            .find("<!-- codes:")
            .expect("a codes table in docs/API.md");
        let end = docs
            .find("<!-- /codes -->")
            .expect("the end of the codes table");
        let rows: Vec<String> = docs[start..end]
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(str::to_string)
            .collect();
        let expected: Vec<String> = CODES
            .iter()
            .map(|c| {
                format!(
                    "| `{}` | {} | {} | {} |",
                    c.name,
                    c.status.as_u16(),
                    c.title,
                    c.meaning
                )
            })
            .collect();
        let mut problems = Vec::new();
        for row in &expected {
            if !rows.contains(row) {
                problems.push(format!("missing or different in docs/API.md: {row}"));
            }
        }
        for row in &rows {
            if !expected.contains(row) {
                problems.push(format!("in docs/API.md but not in CODES: {row}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_error_maps_to_a_code_in_the_catalogue() {
        let errors = [
            WebError::NoRoute { path: "/x".into() },
            WebError::UnknownProject { id: "P".into() },
            WebError::BadRequest("b".into()),
            WebError::Store(StoreError::UnknownDataset {
                dataset: "d".into(),
            }),
            WebError::Store(StoreError::BadVersion { text: "x".into() }),
            WebError::Io(std::io::Error::other("x")),
        ];
        for e in errors {
            let code = e.code();
            assert!(CODES.iter().any(|c| c.code == code), "{e:?}");
            assert_eq!(e.status(), code.info().status);
        }
    }

    #[test]
    fn server_errors_show_nothing_internal() {
        let e = WebError::Io(std::io::Error::other("/secret/path is gone"));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.public_message(Lang::En).contains("secret"));
        let e = WebError::BadRequest("page `x` is not a whole number from 1".into());
        assert_eq!(
            e.public_message(Lang::En),
            "page `x` is not a whole number from 1"
        );
    }

    #[test]
    fn a_chain_prints_each_cause_once() {
        let e = WebError::Store(StoreError::Io {
            action: "cannot read",
            path: "/d/ledger.jsonl".into(),
            source: std::io::Error::other("disk on fire"),
        });
        assert_eq!(chain(&e), "cannot read /d/ledger.jsonl: disk on fire");
    }
}
