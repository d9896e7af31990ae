//! The catalogue and its datasets as pages and files: the home page, search, a dataset's
//! latest and pinned versions, downloads and row slices, diffs, the ledger and the
//! disclosure protocol's compliance.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::query::{PAGE_ROWS, RowPage, RowQuery, SliceFormat};
use crate::search::SearchQuery;
use crate::store::diff::Diff;
use crate::store::{Entry, VersionRef};
use crate::web::cache::{CachePolicy, with_policy};
use crate::web::error::WebError;
use crate::web::extract::{AsOfQuery, Ctx, Params};
use crate::web::pages::{
    CompliancePage, DatasetPage, DatasetsPage, DiffPage, HomePage, LedgerPage,
};
use crate::web::state::{AppState, Snapshot};
use crate::web::{SEARCH_PAGE, files};

pub async fn get_home(ctx: Ctx) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let today = chrono::Utc::now().date_naive();
    let obligations =
        crate::analytics::disclosures(ctx.state.protocol(), snapshot.entries(), today);
    let figures = ctx.state.figures().await;
    ctx.page(&HomePage {
        snapshot: &snapshot,
        figures: figures.as_ref().as_ref(),
        obligations: &obligations,
    })
}

pub async fn list_datasets(ctx: Ctx, Params(params): Params) -> Result<Response, WebError> {
    let query = SearchQuery::from_params(ctx.state.protocol(), &params, SEARCH_PAGE)?;
    let snapshot = ctx.state.snapshot().await;
    let results = ctx.state.catalogue().await?.search(&query)?;
    ctx.page(&DatasetsPage {
        snapshot: &snapshot,
        query: &query,
        results: &results,
    })
}

/// The rows of a version that `query` asks for, read off the async threads; the first
/// page of a version, which every visit shows, is kept.
pub(crate) async fn read_rows(
    state: &AppState,
    snapshot: &Snapshot,
    entry: &Entry,
    query: &RowQuery,
) -> Result<RowPage, WebError> {
    let kind = state.protocol().kind(&entry.kind)?;
    let key = (entry.dataset.clone(), entry.version);
    let first_look = query.is_first_look();
    if first_look && let Some(page) = state.first_page(&key) {
        return Ok(page);
    }
    let parquet = snapshot.path(entry, "data.parquet");
    let (schema, rows, query) = (kind.schema.clone(), entry.rows, query.clone());
    let page =
        tokio::task::spawn_blocking(move || crate::query::page(&parquet, &schema, rows, &query))
            .await??;
    if first_look {
        state.keep_first_page(key, &page);
    }
    Ok(page)
}

/// A version's page: its facts, files, versions and a preview of its rows. A bad filter
/// is shown in place of the rows (and answered 400); anything else fails the page.
async fn dataset_page(
    ctx: &Ctx,
    snapshot: &Snapshot,
    entry: &Entry,
    at: VersionRef,
    params: &std::collections::HashMap<String, String>,
) -> Result<Response, WebError> {
    let kind = ctx.state.protocol().kind(&entry.kind)?;
    let query = RowQuery::parse(&kind.schema, params, PAGE_ROWS)?;
    let preview = match read_rows(&ctx.state, snapshot, entry, &query).await {
        Err(e) if e.status().is_server_error() => return Err(e),
        other => other,
    };
    ctx.page(&DatasetPage {
        snapshot,
        entry,
        pinned: at.is_pinned(),
        preview: &preview,
        query: &query,
    })
}

pub async fn get_dataset(
    ctx: Ctx,
    Path(id): Path<String>,
    Params(params): Params,
) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let entry = snapshot.resolve(&id, VersionRef::Latest)?;
    let mut response = dataset_page(&ctx, &snapshot, entry, VersionRef::Latest, &params).await?;
    let pinned = format!(
        "</datasets/{}/v/{}>; rel=\"canonical\"",
        entry.dataset, entry.version
    );
    if let Ok(v) = HeaderValue::from_str(&pinned) {
        response.headers_mut().insert(header::LINK, v);
    }
    Ok(response)
}

pub async fn get_dataset_version(
    ctx: Ctx,
    Path((id, version)): Path<(String, String)>,
    Params(params): Params,
) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let at = VersionRef::parse(&version)?;
    let entry = snapshot.resolve(&id, at)?;
    dataset_page(&ctx, &snapshot, entry, at, &params).await
}

/// A published file, or `rows.csv` / `rows.parquet`: the rows matching the preview's
/// filters, every one of them, in a file made for this request.
pub async fn download_file(
    State(state): State<AppState>,
    Path((id, version, file)): Path<(String, String, String)>,
    Params(params): Params,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await;
    let entry = snapshot.resolve(&id, VersionRef::parse(&version)?)?;
    if let Some(crs) = params.get("crs") {
        return download_in_crs(&state, &snapshot, entry, &file, crs, &headers).await;
    }
    let format = match file.as_str() {
        "rows.csv" => SliceFormat::Csv,
        "rows.parquet" => SliceFormat::Parquet,
        _ => return files::serve_file(&snapshot, entry, &file, &headers).await,
    };
    let kind = state.protocol().kind(&entry.kind)?;
    let query = RowQuery::parse(&kind.schema, &params, PAGE_ROWS)?;
    let parquet = snapshot.path(entry, "data.parquet");
    let schema = kind.schema.clone();
    let out = tempfile::Builder::new()
        .prefix("disclose-slice-")
        .suffix(&format!(".{}", format.extension()))
        .tempfile()?
        .into_temp_path();
    let path = out.to_path_buf();
    tokio::task::spawn_blocking(move || {
        crate::query::slice(&parquet, &schema, &query, format, &path)
    })
    .await??;
    let name = format!(
        "{}-v{}-rows.{}",
        entry.dataset,
        entry.version,
        format.extension()
    );
    // The file is open once served; removing its name then frees it when the body ends.
    files::serve_temporary(out, &name).await
}

/// A GeoPackage or zipped Shapefile of a version in the jurisdiction's national grid
/// (`?crs=EPSG:21037`): made on request from the published version, never recorded (the
/// published, hashed files stay the only ones). CRS84 or EPSG:4326 is the published
/// file itself.
async fn download_in_crs(
    state: &AppState,
    snapshot: &Snapshot,
    entry: &Entry,
    file: &str,
    value: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let asked = crate::geo_crs::lookup(value);
    if asked.is_some_and(|c| c.is_geographic()) {
        return files::serve_file(snapshot, entry, file, headers).await;
    }
    let national = state.protocol().jurisdiction.national_crs();
    let Some(crs) = asked.filter(|c| Some(*c) == national) else {
        return Err(WebError::BadRequest(match national {
            Some(n) => format!(
                "crs `{value}` is not offered for downloads; give {} ({}), the national grid, or leave crs out for WGS 84",
                n.code, n.name
            ),
            None => format!(
                "crs `{value}` is not offered: this portal declares no national grid (jurisdiction.crs in protocol.toml), so downloads are in WGS 84 only"
            ),
        }));
    };
    if !["data.gpkg", "data.shp.zip"].contains(&file) {
        return Err(WebError::BadRequest(format!(
            "only data.gpkg and data.shp.zip can be had in {}; `{file}` is WGS 84 only (the OGC API at /ogc gives features in {} with crs)",
            crs.code, crs.code
        )));
    }
    // The published file must exist: the derived one stands for it.
    snapshot.recorded(entry, file)?;
    export_in_crs(snapshot, entry, file, crs).await
}

#[cfg(feature = "gdal")]
async fn export_in_crs(
    snapshot: &Snapshot,
    entry: &Entry,
    file: &str,
    crs: &'static crate::geo_crs::Crs,
) -> Result<Response, WebError> {
    let version_dir = snapshot.path(entry, "data.geojson");
    let version_dir = version_dir
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let (layer, published_at, owned) = (
        entry.dataset.clone(),
        entry.published_at.clone(),
        file.to_string(),
    );
    let work = tempfile::Builder::new().prefix("disclose-crs-").tempdir()?;
    let out = tempfile::Builder::new()
        .prefix("disclose-crs-")
        .tempfile()?
        .into_temp_path();
    let (work_dir, out_path) = (work.path().to_path_buf(), out.to_path_buf());
    tokio::task::spawn_blocking(move || {
        crate::pipeline::gdal_write::export_in_crs(
            &version_dir,
            &layer,
            &published_at,
            &owned,
            crs,
            &work_dir,
        )
        .and_then(|made| std::fs::rename(&made, &out_path).map_err(|e| e.to_string()))
    })
    .await?
    .map_err(|e| std::io::Error::other(format!("cannot make {file} in {}: {e}", crs.code)))?;
    drop(work);
    let code = crs.code.replace(':', "");
    let name = match file.strip_suffix(".shp.zip") {
        Some(stem) => format!("{}-v{}-{stem}-{code}.shp.zip", entry.dataset, entry.version),
        None => format!(
            "{}-v{}-{}",
            entry.dataset,
            entry.version,
            file.replace(".gpkg", &format!("-{code}.gpkg"))
        ),
    };
    files::serve_temporary(out, &name).await
}

#[cfg(not(feature = "gdal"))]
async fn export_in_crs(
    _: &Snapshot,
    _: &Entry,
    file: &str,
    crs: &'static crate::geo_crs::Crs,
) -> Result<Response, WebError> {
    Err(WebError::NotFound(format!(
        "{file} in {} is made by GDAL, which this server was built without (cargo feature `gdal`)",
        crs.code
    )))
}

/// The row-level diff `{a}..{b}` of a dataset, computed off the async threads.
pub(crate) async fn compute_diff(
    state: &AppState,
    id: &str,
    range: &str,
) -> Result<Diff, WebError> {
    let Some((a, b)) = range.split_once("..") else {
        return Err(WebError::BadRequest(format!(
            "`{range}` is not a range of versions such as 1..2"
        )));
    };
    let snapshot = state.snapshot().await;
    let (from, to) = (VersionRef::parse(a)?, VersionRef::parse(b)?);
    let from = snapshot.resolve(id, from)?.clone();
    let to = snapshot.resolve(id, to)?.version;
    let key = state
        .protocol()
        .kind(&from.kind)?
        .schema
        .primary_key
        .clone();
    let dataset = id.to_string();
    Ok(tokio::task::spawn_blocking(move || {
        crate::store::diff::diff(&snapshot, &dataset, from.version, to, &key)
    })
    .await??)
}

/// `/datasets/{id}/diff/{a}..{b}` as a page, or `…/{a}..{b}.csv` as long CSV. Both
/// versions are immutable, so is their diff.
pub async fn get_diff(
    ctx: Ctx,
    Path((id, range)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (range, csv) = match range.strip_suffix(".csv") {
        Some(r) => (r.to_string(), true),
        None => (range, false),
    };
    let diff = compute_diff(&ctx.state, &id, &range).await?;
    if csv {
        let mut out = Vec::new();
        diff.write_csv(&mut out)?;
        let name = format!("{id}-diff-{}-{}.csv", diff.from, diff.to);
        return Ok(with_policy(
            csv_download(&name, out),
            CachePolicy::Immutable,
        ));
    }
    ctx.page(&DiffPage { diff: &diff })
}

/// A CSV made for this request, as a download.
pub(crate) fn csv_download(name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn get_compliance(ctx: Ctx, AsOfQuery(as_of): AsOfQuery) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let obligations =
        crate::analytics::disclosures(ctx.state.protocol(), snapshot.entries(), as_of);
    ctx.page(&CompliancePage {
        snapshot: &snapshot,
        as_of,
        obligations: &obligations,
    })
}

pub async fn get_compliance_csv(
    State(state): State<AppState>,
    AsOfQuery(as_of): AsOfQuery,
) -> Result<Response, WebError> {
    use crate::protocol::compliance::Status;
    let snapshot = state.snapshot().await;
    let obligations = crate::analytics::disclosures(state.protocol(), snapshot.entries(), as_of);
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
    let body = w.into_inner().map_err(|e| WebError::Io(e.into_error()))?;
    Ok(csv_download(&format!("compliance-{as_of}.csv"), body))
}

pub async fn get_ledger(ctx: Ctx) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    ctx.page(&LedgerPage {
        snapshot: &snapshot,
    })
}

/// The raw ledger, with the head's hash as its ETag.
pub async fn get_ledger_file(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await;
    let etag = format!("\"{}\"", snapshot.head());
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
            (header::ETAG, etag),
        ],
        text,
    )
        .into_response())
}
