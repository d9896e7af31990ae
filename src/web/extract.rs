//! Extractors: what handlers take from a request besides its path. [`Ctx`] carries the
//! reader's language and the page's address, and renders page types; the `*Query`
//! types load what a view reads and parse its parameters against it, once, so that a
//! handler is one line of work and a bad parameter is a 400 naming it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;

use super::cache::{CachePolicy, with_policy};
use super::error::WebError;
use super::i18n::Lang;
use super::pages::View;
use super::state::AppState;
use crate::analytics::Records;
use crate::analytics::works::Works;
use crate::protocol::Protocol;

/// One page of the site: it renders itself and knows its status and cache policy.
pub(super) trait WebPage {
    /// The page drawn for a reader; an error when what the request asked for cannot be
    /// shown (a page past the end).
    fn render(&self, v: &View) -> Result<maud::Markup, WebError>;

    fn status(&self) -> axum::http::StatusCode {
        axum::http::StatusCode::OK
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::Revalidate
    }
}

/// A site's state as pages read it: the protocol they are drawn against. The county
/// site's [`AppState`] and the national site's state both are.
pub(super) trait SiteState: Clone + Send + Sync + 'static {
    fn protocol(&self) -> &Protocol;
}

impl SiteState for AppState {
    fn protocol(&self) -> &Protocol {
        AppState::protocol(self)
    }
}

/// The reader's language and the page's address, with the state they are read against
/// (the county site's unless said otherwise).
#[derive(Debug)]
pub(super) struct Ctx<S = AppState> {
    pub lang: Lang,
    pub uri: Uri,
    pub state: S,
}

impl<S: SiteState> FromRequestParts<S> for Ctx<S> {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            lang: Lang::of_request(parts),
            uri: parts.uri.clone(),
            state: state.clone(),
        })
    }
}

impl<S: SiteState> Ctx<S> {
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

/// The query string as a map: for views whose parameters are open-ended (row filters are
/// one per column). Malformed query strings are a 400 naming the problem.
pub(super) struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Query(p)| Self(p))
            .map_err(|e| WebError::BadRequest(e.body_text()))
    }
}

/// The site's own address as the client reached it (`http://host:port`), for the
/// absolute links catalogues need. Behind a proxy, `X-Forwarded-Proto` and `-Host` win.
#[derive(Debug, Clone)]
pub(super) struct BaseUrl(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(base_url(&parts.headers)))
    }
}

pub(super) fn base_url(headers: &HeaderMap) -> String {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or("").trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let host = header("x-forwarded-host")
        .or_else(|| header("host"))
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or_else(|| "localhost".to_string());
    let scheme = header("x-forwarded-proto")
        .filter(|p| p == "https")
        .unwrap_or_else(|| "http".to_string());
    format!("{scheme}://{host}")
}

/// The site's public address for links that leave the screen: printed packs and notices,
/// and the private tracking link a reporter writes down or is sent by SMS. The configured
/// `public_url` when there is one (behind a proxy the request's own address may be an
/// internal one), else [`BaseUrl`]'s.
#[derive(Debug, Clone)]
pub(super) struct SiteUrl(pub String);

impl FromRequestParts<AppState> for SiteUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(state.site_url(&parts.headers)))
    }
}

/// `?as_of=YYYY-MM-DD` (default today), for the compliance views.
#[derive(Debug, Clone, Copy)]
pub(super) struct AsOfQuery(pub NaiveDate);

impl<S: Send + Sync> FromRequestParts<S> for AsOfQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Params(params) = Params::from_request_parts(parts, state).await?;
        match params.get("as_of").filter(|v| !v.is_empty()) {
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Self)
                .map_err(|_| {
                    WebError::BadRequest(format!("as_of `{text}` is not a date such as 2026-07-31"))
                }),
            None => Ok(Self(chrono::Utc::now().date_naive())),
        }
    }
}

/// The works join and the `/projects` filters parsed against it.
pub(super) struct ProjectsQuery {
    pub works: Arc<Works>,
    pub filters: super::project_pages::ProjectFilters,
}

impl FromRequestParts<AppState> for ProjectsQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let Params(params) = Params::from_request_parts(parts, state).await?;
        let filters = super::project_pages::ProjectFilters::parse(&params)?;
        Ok(Self {
            works: state.works().await?,
            filters,
        })
    }
}

/// The works join and the `/audit` filters parsed against it.
pub(super) struct AuditQuery {
    pub works: Arc<Works>,
    pub filters: super::audit_pages::AuditFilters,
}

impl FromRequestParts<AppState> for AuditQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let Params(params) = Params::from_request_parts(parts, state).await?;
        let works = state.works().await?;
        let filters = super::audit_pages::AuditFilters::parse(&params, &works)?;
        Ok(Self { works, filters })
    }
}

/// The dashboards' records and the `/budget` view parsed against them.
pub(super) struct BudgetQuery {
    pub records: Arc<Records>,
    pub query: super::budget_pages::BudgetQuery,
}

impl FromRequestParts<AppState> for BudgetQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let Params(params) = Params::from_request_parts(parts, state).await?;
        let records = state.dashboard().await?;
        let query = super::budget_pages::BudgetQuery::parse(&params, &records)?;
        Ok(Self { records, query })
    }
}

/// The dashboards' records and a year and grouping parsed against them, for the revenue
/// and services views.
async fn year_and_grouping<B: Copy>(
    parts: &mut Parts,
    state: &AppState,
    years: fn(&Records) -> Vec<String>,
    all: &[B],
    id: fn(B) -> &'static str,
) -> Result<(Arc<Records>, String, B), WebError> {
    let Params(params) = Params::from_request_parts(parts, state).await?;
    let records = state.dashboard().await?;
    let (year, by) = super::revenue_pages::parse(&params, &years(&records), all, id)?;
    Ok((records, year, by))
}

/// The dashboards' records and the `/revenue` year and grouping.
pub(super) struct RevenueQuery {
    pub records: Arc<Records>,
    pub year: String,
    pub by: crate::analytics::revenue::By,
}

impl FromRequestParts<AppState> for RevenueQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        use crate::analytics::revenue::{By, years};
        let (records, year, by) = year_and_grouping(parts, state, years, &By::ALL, By::id).await?;
        Ok(Self { records, year, by })
    }
}

/// The dashboards' records and the `/services` year and grouping.
pub(super) struct ServicesQuery {
    pub records: Arc<Records>,
    pub year: String,
    pub by: crate::analytics::services::By,
}

impl FromRequestParts<AppState> for ServicesQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        use crate::analytics::services::By;
        let (records, year, by) =
            year_and_grouping(parts, state, service_years, &By::ALL, By::id).await?;
        Ok(Self { records, year, by })
    }
}

/// The years `/services` shows: those with requests or with citizens' reports.
fn service_years(records: &Records) -> Vec<String> {
    let mut years = crate::analytics::services::years(records);
    years.extend(crate::analytics::responses::years(&records.replies));
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// The dashboards' records and the `/services/responses.csv` year and grouping.
pub(super) struct ResponsesQuery {
    pub records: Arc<Records>,
    pub year: String,
    pub by: crate::analytics::responses::By,
}

impl FromRequestParts<AppState> for ResponsesQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        use crate::analytics::responses::By;
        let (records, year, by) =
            year_and_grouping(parts, state, service_years, &By::ALL, By::id).await?;
        Ok(Self { records, year, by })
    }
}
