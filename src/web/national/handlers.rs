//! The national site's handlers, named verb_noun as the county site's are.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::super::SEARCH_PAGE;
use super::super::cache::{CachePolicy, with_policy};
use super::super::error::WebError;
use super::super::extract::{Params, SiteState};
use super::super::files::serve_recorded;
use super::pages::{CataloguePage, DatasetPage, HomePage};
use super::state::NationalState;
use crate::national::catalog::{County, NationalCatalog, Version};
use crate::protocol::Protocol;
use crate::search::{FacetName, SearchQuery};

/// The reader's language and the page's address, with the national state.
pub(super) type Ctx = super::super::extract::Ctx<NationalState>;

impl SiteState for NationalState {
    fn protocol(&self) -> &Protocol {
        NationalState::protocol(self)
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

/// `/ledgers/{county}/ledger.jsonl`: a county's ledger as harvested (its mirror), so that
/// anyone can check its chain and the sha256 of every file served here.
pub async fn get_county_ledger_file(
    State(state): State<NationalState>,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await;
    let county = county_of(&snapshot.catalog, &code)?;
    let path = crate::national::mirror_path(state.root(), &county.code);
    let bytes = tokio::fs::read(&path).await?;
    Ok(with_policy(
        (
            [(header::CONTENT_TYPE, "application/jsonl; charset=utf-8")],
            bytes,
        )
            .into_response(),
        CachePolicy::Revalidate,
    ))
}

/// `/catalogue`: every county's datasets, searched (`q`), narrowed by facet (`county`,
/// `kind`, …) and paged (`page`).
pub async fn search_catalogue(ctx: Ctx, Params(params): Params) -> Result<Response, WebError> {
    let query = SearchQuery::from_params_of(
        ctx.state.protocol(),
        &params,
        SEARCH_PAGE,
        &FacetName::NATIONAL,
    )?;
    let snapshot = ctx.state.snapshot().await;
    if let Some(code) = query.filter(FacetName::County) {
        county_of(&snapshot.catalog, code)?;
    }
    let results = snapshot.catalogue.search(&query)?;
    ctx.page(&CataloguePage {
        catalog: &snapshot.catalog,
        query: &query,
        results: &results,
    })
}

/// A harvested county, or a 404 that says where the counties are listed.
pub(super) fn county_of<'a>(
    catalog: &'a NationalCatalog,
    code: &str,
) -> Result<&'a County, WebError> {
    if crate::national::check_code(code).is_err() {
        return Err(WebError::BadRequest(
            "`county` is not a county code: 1 to 32 letters, digits or hyphens (e.g. 016); the home page / lists the counties".into(),
        ));
    }
    catalog.county(code).ok_or_else(|| {
        WebError::NotFound(format!(
            "no county `{code}` is harvested here; the home page / lists the {} that are",
            catalog.counties().len()
        ))
    })
}

/// Every version of a county's dataset, or a 404 naming what is missing.
fn versions_of<'a>(
    catalog: &'a NationalCatalog,
    code: &str,
    dataset: &str,
) -> Result<Vec<&'a Version>, WebError> {
    county_of(catalog, code)?;
    let versions = catalog.versions_of(code, dataset);
    if versions.is_empty() {
        return Err(WebError::NotFound(format!(
            "county {code} has no dataset `{dataset}`; /catalogue?county={code} lists its datasets"
        )));
    }
    Ok(versions)
}

/// `v/{n}`: a version number from 1, or a 400 naming it.
fn version_number(text: &str) -> Result<u32, WebError> {
    text.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
        WebError::BadRequest(format!(
            "version `{text}` is not a whole number from 1 (write v/1, v/2, …)"
        ))
    })
}

/// One version of a county's dataset, or a 404 naming its versions.
fn pinned<'a>(
    versions: &[&'a Version],
    code: &str,
    dataset: &str,
    n: u32,
) -> Result<&'a Version, WebError> {
    versions
        .iter()
        .find(|v| v.entry.version == n)
        .copied()
        .ok_or_else(|| {
            let latest = versions.last().map_or(0, |v| v.entry.version);
            WebError::NotFound(format!(
                "county {code}'s {dataset} has no version {n}; its versions are 1 to {latest}: /datasets/{code}/{dataset}/v/{latest}"
            ))
        })
}

/// `/datasets/{county}`: that county's datasets in the catalogue.
pub async fn redirect_county(
    State(state): State<NationalState>,
    Path(code): Path<String>,
) -> Result<Redirect, WebError> {
    let snapshot = state.snapshot().await;
    county_of(&snapshot.catalog, &code)?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("county", &code);
    Ok(Redirect::to(&format!("/catalogue?{}", query.finish())))
}

/// `/datasets/{county}/{dataset}`: the latest version harvested.
pub async fn get_dataset(
    ctx: Ctx,
    Path((code, dataset)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let snapshot = ctx.state.snapshot().await;
    let versions = versions_of(&snapshot.catalog, &code, &dataset)?;
    let shown = *versions.last().expect("not empty");
    ctx.page(&DatasetPage {
        catalog: &snapshot.catalog,
        shown,
        versions,
        pinned: false,
    })
}

/// `/datasets/{county}/{dataset}/v/{n}`: one version, at an address that never changes.
pub async fn get_dataset_version(
    ctx: Ctx,
    Path((code, dataset, n)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let n = version_number(&n)?;
    let snapshot = ctx.state.snapshot().await;
    let versions = versions_of(&snapshot.catalog, &code, &dataset)?;
    let shown = pinned(&versions, &code, &dataset, n)?;
    ctx.page(&DatasetPage {
        catalog: &snapshot.catalog,
        shown,
        versions,
        pinned: true,
    })
}

/// `/datasets/{county}/{dataset}/v/{n}/{file}`: a harvested file, byte for byte, with
/// the sha256 of the county's ledger entry as its ETag; immutable, with ranges.
pub async fn download_file(
    State(state): State<NationalState>,
    Path((code, dataset, n, file)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let n = version_number(&n)?;
    let snapshot = state.snapshot().await;
    let versions = versions_of(&snapshot.catalog, &code, &dataset)?;
    let version = pinned(&versions, &code, &dataset, n)?;
    let (record, path) = snapshot.catalog.recorded(version, &file).ok_or_else(|| {
        let names: Vec<&str> = version
            .entry
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect();
        WebError::NotFound(format!(
            "county {code}'s {dataset} v{n} has no file `{file}`; its files are {}",
            names.join(", ")
        ))
    })?;
    let download = format!("{code}-{dataset}-v{n}-{}", record.path);
    serve_recorded(record, &path, &download, &headers).await
}
