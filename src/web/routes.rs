//! The one route table, and the handlers: thin, named verb_noun, each turning a request
//! into a call on the snapshot and a page, a file or an error.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::error::WebError;
use super::i18n::{Lang, remember_lang};
use super::pages::View;
use super::rows::{RowPage, RowQuery, SliceFormat};
use super::search::SearchQuery;
use super::state::AppState;
use super::{api, ckan, dcat, files, ogc, pages};

/// What a page handler needs of the request besides its parameters: the reader's
/// language and the page's address.
#[derive(Debug)]
pub(super) struct Ctx {
    lang: Lang,
    uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            lang: Lang::of_request(parts),
            uri: parts.uri.clone(),
        })
    }
}

impl Ctx {
    fn view<'a>(&'a self, state: &'a AppState) -> View<'a> {
        View {
            protocol: state.protocol(),
            lang: self.lang,
            uri: &self.uri,
        }
    }
}

/// The whole site as a router over `state`.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(get_home))
        .route("/datasets", get(list_datasets))
        .route("/datasets/{id}", get(get_dataset))
        .route("/datasets/{id}/v/{version}", get(get_dataset_version))
        .route("/datasets/{id}/diff/{range}", get(get_diff))
        .route("/projects", get(list_projects))
        .route("/projects/map", get(get_projects_map))
        .route("/projects/{id}", get(get_project))
        .route("/budget", get(get_budget))
        .route("/budget.csv", get(get_budget_csv))
        .route("/budget/payments", get(get_budget_payments))
        .route("/revenue", get(get_revenue))
        .route("/revenue.csv", get(get_revenue_csv))
        .route("/services", get(get_services))
        .route("/services.csv", get(get_services_csv))
        .route("/audit", get(list_flags))
        .route("/audit.csv", get(list_flags_csv))
        .route("/audit.json", get(list_flags_json))
        .route("/audit/flags", get(get_flag_rules))
        .route("/audit/projects/{id}/pack", get(get_project_pack))
        .route("/audit/wards/{code}/pack", get(get_ward_pack))
        .route("/projects/{id}/notice", get(get_project_notice))
        .route("/wards", get(list_wards))
        .route("/wards/{code}", get(get_ward))
        .route("/protocol", get(get_compliance))
        .route("/protocol.csv", get(get_compliance_csv))
        .route("/ledger", get(get_ledger))
        .route("/ledger.jsonl", get(get_ledger_file))
        .route("/catalog.jsonld", get(dcat::get_catalog))
        .route("/data.json", get(dcat::get_data_json))
        .merge(ogc::routes())
        .route("/static/{*path}", get(get_static))
        .route("/tiles/{file}", get(super::tiles::get_tile_file))
        .route("/tiles/{layer}/{z}/{x}/{y}", get(super::tiles::get_tile))
        .layer(CompressionLayer::new());
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/datasets", get(api::list_datasets))
        .route("/datasets/{id}", get(api::get_dataset))
        .route("/datasets/{id}/rows", get(api::get_latest_rows))
        .route(
            "/datasets/{id}/versions/{version}",
            get(api::get_dataset_version),
        )
        .route("/datasets/{id}/versions/{version}/rows", get(api::get_rows))
        .route("/datasets/{id}/diff/{range}", get(api::get_diff))
        .route("/compliance", get(api::get_compliance))
        .route("/openapi.json", get(api::get_openapi))
        .merge(ckan::routes())
        .fallback(api::no_route)
        .layer(CompressionLayer::new());
    Router::new()
        .merge(pages)
        .nest("/api", api)
        // Downloads keep their bytes as recorded: no on-the-fly compression, ranges work.
        .route("/datasets/{id}/v/{version}/{file}", get(download_file))
        .fallback(no_route)
        .layer(axum::middleware::from_fn(remember_lang))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .with_state(state)
}

/// A page: HTML that may change, so it is revalidated.
fn page(markup: maud::Markup) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Html(markup.into_string()),
    )
        .into_response()
}

async fn get_home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let (_, obligations) = compliance(&state, &HashMap::new())?;
    let snapshot = state.snapshot();
    Ok(page(pages::home(
        &ctx.view(&state),
        &snapshot,
        &obligations,
    )))
}

async fn list_projects(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let filters = super::project_pages::ProjectFilters::parse(&params)?;
    let works = state.works().await.map_err(WebError::Internal)?;
    Ok(page(super::project_pages::projects_list(
        &ctx.view(&state),
        &works,
        &filters,
    )?))
}

async fn get_projects_map(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let filters = super::project_pages::ProjectFilters::parse(&params)?;
    let works = state.works().await.map_err(WebError::Internal)?;
    Ok(page(super::project_pages::projects_map(
        &ctx.view(&state),
        &works,
        &filters,
    )))
}

/// `/projects/{id}`, or `{id}.geojson` / `{id}.csv` for the project alone.
async fn get_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (id, format) = match id.rsplit_once('.') {
        Some((id, ext @ ("geojson" | "csv"))) => (id.to_string(), Some(ext)),
        _ => (id, None),
    };
    let works = state.works().await.map_err(WebError::Internal)?;
    let project = works.find_project(&id)?;
    let attachment = |ext: &str| format!("attachment; filename=\"{id}.{ext}\"");
    match format {
        Some("geojson") => Ok((
            [
                (header::CONTENT_TYPE, "application/geo+json".to_string()),
                (header::CONTENT_DISPOSITION, attachment("geojson")),
            ],
            project.feature.to_string(),
        )
            .into_response()),
        Some(_) => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, attachment("csv")),
            ],
            super::project_pages::project_csv(project)?,
        )
            .into_response()),
        None => Ok(page(super::project_pages::project(
            &ctx.view(&state),
            &works,
            project,
        ))),
    }
}

async fn get_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let query = super::budget_pages::BudgetQuery::parse(&params, &records)?;
    Ok(page(super::budget_pages::dashboard(
        &ctx.view(&state),
        &records,
        &query,
    )))
}

async fn get_budget_csv(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let query = super::budget_pages::BudgetQuery::parse(&params, &records)?;
    let body = super::budget_pages::csv(&records, &query)?;
    Ok(csv_download(&format!("budget-{}.csv", query.year), body))
}

async fn get_budget_payments(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let query = super::budget_pages::BudgetQuery::parse(&params, &records)?;
    Ok(page(super::budget_pages::payments(
        &ctx.view(&state),
        &records,
        &query,
    )))
}

async fn get_revenue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    use crate::analytics::revenue;
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let (year, by) = super::revenue_pages::parse(
        &params,
        &revenue::years(&records),
        &revenue::By::ALL,
        revenue::By::id,
    )?;
    Ok(page(super::revenue_pages::revenue_page(
        &ctx.view(&state),
        &records,
        &year,
        by,
    )))
}

async fn get_revenue_csv(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    use crate::analytics::revenue;
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let (year, by) = super::revenue_pages::parse(
        &params,
        &revenue::years(&records),
        &revenue::By::ALL,
        revenue::By::id,
    )?;
    let body = super::revenue_pages::revenue_csv(&records, &year, by)?;
    Ok(csv_download(
        &format!("revenue-{year}-by-{}.csv", by.id()),
        body,
    ))
}

async fn get_services(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    use crate::analytics::services;
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let (year, by) = super::revenue_pages::parse(
        &params,
        &services::years(&records),
        &services::By::ALL,
        services::By::id,
    )?;
    Ok(page(super::revenue_pages::services_page(
        &ctx.view(&state),
        &records,
        &year,
        by,
    )))
}

async fn get_services_csv(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    use crate::analytics::services;
    let records = state.dashboard().await.map_err(WebError::Internal)?;
    let (year, by) = super::revenue_pages::parse(
        &params,
        &services::years(&records),
        &services::By::ALL,
        services::By::id,
    )?;
    let body = super::revenue_pages::services_csv(state.protocol(), &records, &year, by)?;
    Ok(csv_download(
        &format!("services-{year}-by-{}.csv", by.id()),
        body,
    ))
}

/// A CSV made for this request, as a download.
fn csv_download(name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn list_flags(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let filters = super::audit_pages::AuditFilters::parse(&params, &works)?;
    Ok(page(super::audit_pages::audit(
        &ctx.view(&state),
        &works,
        &filters,
    )?))
}

async fn list_flags_csv(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let filters = super::audit_pages::AuditFilters::parse(&params, &works)?;
    let body = super::audit_pages::flags_csv(&filters.select(&works))?;
    Ok(csv_download("red-flags.csv", body))
}

async fn list_flags_json(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let filters = super::audit_pages::AuditFilters::parse(&params, &works)?;
    let body = super::audit_pages::flags_json(&works, &filters.select(&works));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.to_string(),
    )
        .into_response())
}

async fn get_flag_rules(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    Ok(page(super::audit_pages::rules(&ctx.view(&state), &works)))
}

async fn get_project_pack(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let project = works.find_project(&id)?;
    Ok(page(super::print_pages::project_pack(
        &ctx.view(&state),
        &works,
        &state.snapshot(),
        project,
        &base_url(&headers),
    )))
}

async fn get_project_notice(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let project = works.find_project(&id)?;
    Ok(page(super::print_pages::notice(
        &ctx.view(&state),
        &works,
        &state.snapshot(),
        project,
        &base_url(&headers),
    )))
}

async fn get_ward_pack(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let ward = works
        .wards
        .iter()
        .find(|w| super::projects::prop(&w.feature, "code") == code)
        .ok_or_else(|| WebError::NotFound(format!("no ward `{code}`; /wards lists them all")))?;
    Ok(page(super::print_pages::ward_pack(
        &ctx.view(&state),
        &works,
        &state.snapshot(),
        ward,
        &base_url(&headers),
    )))
}

async fn list_wards(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    Ok(page(super::project_pages::wards_index(
        &ctx.view(&state),
        &works,
    )))
}

async fn get_ward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let works = state.works().await.map_err(WebError::Internal)?;
    let ward = works
        .ward(&code)
        .ok_or_else(|| WebError::NotFound(format!("no ward `{code}`; /wards lists them all")))?;
    let snapshot = state.snapshot();
    Ok(page(super::project_pages::ward(
        &ctx.view(&state),
        &works,
        &snapshot,
        ward,
    )))
}

/// Catalogue results per page.
pub(super) const SEARCH_PAGE: usize = 20;

/// Runs a catalogue search, checking the page asked for exists.
pub(super) fn run_search(
    snapshot: &super::state::Snapshot,
    query: &SearchQuery,
) -> Result<super::search::SearchResults, WebError> {
    let catalogue = snapshot
        .catalogue
        .as_ref()
        .map_err(|e| WebError::Internal(format!("no search index: {e}")))?;
    let results = catalogue.search(query)?;
    let pages_total = results.total.div_ceil(query.size).max(1);
    if query.page > pages_total {
        return Err(WebError::BadRequest(format!(
            "page {} is past the end; there {} {pages_total}",
            query.page,
            if pages_total == 1 { "is" } else { "are" }
        )));
    }
    Ok(results)
}

async fn list_datasets(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let query = SearchQuery::from_params(state.protocol(), &params, SEARCH_PAGE)?;
    let snapshot = state.snapshot();
    let results = run_search(&snapshot, &query)?;
    Ok(page(pages::datasets(
        &ctx.view(&state),
        &snapshot,
        &query,
        &results,
    )))
}

/// The rows of a version that `params` ask for, read off the async threads. A bad
/// filter is the caller's error; the page shows it in place of the rows.
pub(super) async fn read_rows(
    state: &AppState,
    entry: &crate::store::Entry,
    query: &RowQuery,
) -> Result<RowPage, WebError> {
    let kind = kind_of(state, entry)?;
    let parquet = state
        .data_dir()
        .join(&entry.dataset)
        .join(format!("v{}", entry.version))
        .join("data.parquet");
    let first_look = query.is_first_look();
    if first_look && let Some(page) = state.first_page(&entry.dataset, entry.version) {
        return Ok(page);
    }
    let (schema, rows, query) = (kind.schema.clone(), entry.rows, query.clone());
    let page =
        tokio::task::spawn_blocking(move || super::rows::page(&parquet, &schema, rows, &query))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))??;
    if first_look {
        state.keep_first_page(&entry.dataset, entry.version, &page);
    }
    Ok(page)
}

pub(super) fn kind_of<'a>(
    state: &'a AppState,
    entry: &crate::store::Entry,
) -> Result<&'a crate::protocol::Kind, WebError> {
    state
        .protocol()
        .kinds
        .get(&entry.kind)
        .ok_or_else(|| WebError::Internal(format!("kind {} is not in the protocol", entry.kind)))
}

async fn dataset_page(
    state: &AppState,
    ctx: &Ctx,
    entry: &crate::store::Entry,
    pinned: bool,
    params: &HashMap<String, String>,
) -> Result<Response, WebError> {
    let kind = kind_of(state, entry)?;
    let query = RowQuery::parse(&kind.schema, params, super::rows::PAGE_ROWS)?;
    let preview = read_rows(state, entry, &query).await;
    if let Err(WebError::Internal(_)) = &preview {
        return Err(preview.err().unwrap_or(WebError::Internal(String::new())));
    }
    let snapshot = state.snapshot();
    let markup =
        pages::dataset_version(&ctx.view(state), &snapshot, entry, pinned, &preview, &query);
    let mut response = page(markup);
    if preview.is_err() {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(response)
}

async fn get_dataset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot();
    let entry = snapshot.latest(&id).ok_or(WebError::UnknownDataset(id))?;
    let mut response = dataset_page(&state, &ctx, entry, false, &params).await?;
    let pinned = format!(
        "</datasets/{}/v/{}>; rel=\"canonical\"",
        entry.dataset, entry.version
    );
    if let Ok(v) = HeaderValue::from_str(&pinned) {
        response.headers_mut().insert(header::LINK, v);
    }
    Ok(response)
}

/// The `kind` query parameter: absent, empty, or a kind the protocol defines.
pub(super) fn kind_param<'q>(
    protocol: &crate::protocol::Protocol,
    query: &'q HashMap<String, String>,
) -> Result<Option<&'q str>, WebError> {
    let kind = query
        .get("kind")
        .map(String::as_str)
        .filter(|k| !k.is_empty());
    if let Some(k) = kind.filter(|k| !protocol.kinds.contains_key(*k)) {
        let known: Vec<&str> = protocol.kinds.keys().map(String::as_str).collect();
        return Err(WebError::BadRequest(format!(
            "kind `{k}` is not one of: {}",
            known.join(", ")
        )));
    }
    Ok(kind)
}

fn parse_version(text: &str) -> Result<u32, WebError> {
    text.parse::<u32>().ok().filter(|v| *v >= 1).ok_or_else(|| {
        WebError::BadRequest(format!(
            "version `{text}` is not a version number (1, 2, …)"
        ))
    })
}

pub(super) fn find_version<'a>(
    snapshot: &'a super::state::Snapshot,
    id: &str,
    version: &str,
) -> Result<&'a crate::store::Entry, WebError> {
    let version = parse_version(version)?;
    let latest = snapshot
        .latest(id)
        .ok_or_else(|| WebError::UnknownDataset(id.to_string()))?;
    snapshot
        .version(id, version)
        .ok_or(WebError::UnknownVersion {
            dataset: id.to_string(),
            version,
            latest: latest.version,
        })
}

async fn get_dataset_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, version)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot();
    let entry = find_version(&snapshot, &id, &version)?;
    // The version is immutable, but the page lists later versions, so it is revalidated.
    dataset_page(&state, &ctx, entry, true, &params).await
}

/// A published file, or `rows.csv` / `rows.parquet`: the rows matching the preview's
/// filters, every one of them, in a file made for this request.
async fn download_file(
    State(state): State<AppState>,
    Path((id, version, file)): Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot();
    let entry = find_version(&snapshot, &id, &version)?;
    let format = match file.as_str() {
        "rows.csv" => SliceFormat::Csv,
        "rows.parquet" => SliceFormat::Parquet,
        _ => return files::serve_file(state.data_dir(), entry, &file, &headers).await,
    };
    let kind = kind_of(&state, entry)?;
    let query = RowQuery::parse(&kind.schema, &params, super::rows::PAGE_ROWS)?;
    let parquet = state
        .data_dir()
        .join(&entry.dataset)
        .join(format!("v{}", entry.version))
        .join("data.parquet");
    let schema = kind.schema.clone();
    let out = tempfile::Builder::new()
        .prefix("disclose-slice-")
        .suffix(&format!(".{}", format.extension()))
        .tempfile()?
        .into_temp_path();
    let path = out.to_path_buf();
    tokio::task::spawn_blocking(move || {
        super::rows::slice(&parquet, &schema, &query, format, &path)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    let name = format!(
        "{}-v{}-rows.{}",
        entry.dataset,
        entry.version,
        format.extension()
    );
    // The file is open once served; removing its name then frees it when the body ends.
    files::serve_temporary(out, &name).await
}

/// `/datasets/{id}/diff/{a}..{b}` as a page, or `…/{a}..{b}.csv` as long CSV.
/// The row-level diff of `{a}..{b}` of a dataset, computed off the async threads.
pub(super) async fn compute_diff(
    state: &AppState,
    id: &str,
    range: &str,
) -> Result<crate::store::diff::Diff, WebError> {
    let Some((a, b)) = range.split_once("..") else {
        return Err(WebError::BadRequest(format!(
            "`{range}` is not a range of versions such as 1..2"
        )));
    };
    let snapshot = state.snapshot();
    let from = find_version(&snapshot, id, a)?;
    let to = find_version(&snapshot, id, b)?;
    let key = kind_of(state, from)?.schema.primary_key.clone();
    let (data_dir, versions, dataset) = (
        state.data_dir().to_path_buf(),
        (from.version, to.version),
        id.to_string(),
    );
    tokio::task::spawn_blocking(
        move || -> Result<crate::store::diff::Diff, crate::store::StoreError> {
            let store = crate::store::Store::open(&data_dir)?;
            crate::store::diff::diff(&store, &dataset, versions.0, versions.1, &key)
        },
    )
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))
}

async fn get_diff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, range)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (range, csv) = match range.strip_suffix(".csv") {
        Some(r) => (r.to_string(), true),
        None => (range, false),
    };
    let diff = compute_diff(&state, &id, &range).await?;
    let versions = (diff.from, diff.to);
    if csv {
        let mut out = Vec::new();
        diff.write_csv(&mut out)?;
        let name = format!(
            "attachment; filename=\"{id}-diff-{}-{}.csv\"",
            versions.0, versions.1
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, name),
                (header::CACHE_CONTROL, files::IMMUTABLE.to_string()),
            ],
            out,
        )
            .into_response());
    }
    let mut response = page(pages::diff(&ctx.view(&state), &diff));
    // Both versions are immutable, so is their diff.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(files::IMMUTABLE),
    );
    Ok(response)
}

/// Every required disclosure and its status, as of `?as_of=YYYY-MM-DD` (default today).
pub(super) fn compliance(
    state: &AppState,
    query: &HashMap<String, String>,
) -> Result<
    (
        chrono::NaiveDate,
        Vec<crate::protocol::compliance::Obligation>,
    ),
    WebError,
> {
    let as_of = match query.get("as_of").filter(|v| !v.is_empty()) {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            WebError::BadRequest(format!("as_of `{text}` is not a date such as 2026-07-31"))
        })?,
        None => chrono::Utc::now().date_naive(),
    };
    let snapshot = state.snapshot();
    let protocol = state.protocol();
    let mut first_published = HashMap::new();
    let mut earliest: Option<chrono::NaiveDate> = None;
    for e in snapshot.entries.iter().filter(|e| e.version == 1) {
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&e.published_at) {
            first_published.insert(e.dataset.clone(), at.date_naive());
        }
        if let Some((_, Some(period))) = protocol.resolve_dataset(&e.dataset) {
            earliest = Some(earliest.map_or(period.first_day(), |d| d.min(period.first_day())));
        }
    }
    let from = protocol
        .jurisdiction
        .disclosures_from
        .or(earliest)
        .unwrap_or(as_of);
    Ok((
        as_of,
        crate::protocol::compliance::assess(protocol, &first_published, from, as_of),
    ))
}

async fn get_compliance(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (as_of, obligations) = compliance(&state, &query)?;
    let snapshot = state.snapshot();
    Ok(page(pages::compliance(
        &ctx.view(&state),
        &snapshot,
        as_of,
        &obligations,
    )))
}

async fn get_compliance_csv(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (as_of, obligations) = compliance(&state, &query)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "office",
        "period",
        "dataset",
        "due",
        "status",
        "published",
        "days_late",
        "days_overdue",
    ])?;
    for o in &obligations {
        use crate::protocol::compliance::Status;
        let (published, late, overdue) = match o.status {
            Status::OnTime { published } => (published.to_string(), String::new(), String::new()),
            Status::Late {
                published,
                days_late,
            } => (published.to_string(), days_late.to_string(), String::new()),
            Status::Missing { days_overdue } => {
                (String::new(), String::new(), days_overdue.to_string())
            }
            Status::NotYetDue => (String::new(), String::new(), String::new()),
        };
        w.write_record([
            o.kind.as_str(),
            &o.office,
            &o.period,
            &o.dataset,
            &o.due.to_string(),
            o.status.label(),
            &published,
            &late,
            &overdue,
        ])?;
    }
    let body = w
        .into_inner()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("attachment; filename=\"compliance-{as_of}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        body,
    )
        .into_response())
}

async fn get_ledger(State(state): State<AppState>, ctx: Ctx) -> Response {
    let snapshot = state.snapshot();
    page(pages::ledger(&ctx.view(&state), &snapshot))
}

async fn get_ledger_file(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot();
    let etag = format!("\"{}\"", snapshot.head);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let text = match tokio::fs::read(state.data_dir().join("ledger.jsonl")).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/jsonl; charset=utf-8".to_string(),
            ),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (header::ETAG, etag),
        ],
        text,
    )
        .into_response())
}

async fn get_static(Path(path): Path<String>) -> Result<Response, WebError> {
    let (bytes, content_type) =
        super::assets::find(&path).ok_or_else(|| WebError::NoRoute(format!("/static/{path}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, files::IMMUTABLE),
        ],
        bytes,
    )
        .into_response())
}

async fn no_route(uri: Uri) -> WebError {
    WebError::NoRoute(uri.path().to_string())
}

/// The site's own address as the client reached it (`http://host:port`), for the absolute
/// links catalogues need. Behind a proxy, `X-Forwarded-Proto` and `-Host` win.
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
