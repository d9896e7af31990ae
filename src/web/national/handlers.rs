//! The national site's handlers, named verb_noun as the county site's are.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::cache::{CachePolicy, with_policy};
use super::super::error::WebError;
use super::super::extract::WebPage;
use super::super::i18n::Lang;
use super::super::pages::View;
use super::pages::HomePage;
use super::state::NationalState;

/// The reader's language and the page's address, with the national state.
#[derive(Debug)]
pub(super) struct Ctx {
    pub lang: Lang,
    pub uri: Uri,
    pub state: NationalState,
}

impl FromRequestParts<NationalState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &NationalState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self {
            lang: Lang::of_request(parts),
            uri: parts.uri.clone(),
            state: state.clone(),
        })
    }
}

impl Ctx {
    pub fn view(&self) -> View<'_> {
        View {
            protocol: self.state.protocol(),
            lang: self.lang,
            uri: &self.uri,
        }
    }

    /// A page as an HTML response with its status and cache policy.
    pub fn page(&self, page: &impl WebPage) -> Result<Response, WebError> {
        let markup = page.render(&self.view())?;
        let response = (page.status(), Html(markup.into_string())).into_response();
        Ok(with_policy(response, page.cache_policy()))
    }
}

/// `/`: the counties harvested.
pub async fn get_home(ctx: Ctx) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    ctx.page(&HomePage {
        catalog: &snapshot.catalog,
    })
}

/// `/datasets`: the county site's catalogue address; here the federated catalogue.
pub async fn redirect_datasets() -> Redirect {
    Redirect::permanent("/catalogue")
}

/// `/ledger.jsonl`: the national ledger as it is on disk.
pub async fn get_ledger_file(State(state): State<NationalState>) -> Result<Response, WebError> {
    let path = state.root().join("ledger.jsonl");
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(WebError::Io(e)),
    };
    Ok(with_policy(
        (
            [(header::CONTENT_TYPE, "application/jsonl; charset=utf-8")],
            bytes,
        )
            .into_response(),
        CachePolicy::Revalidate,
    ))
}
