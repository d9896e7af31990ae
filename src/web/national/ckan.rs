//! The CKAN-compatible API of the national site, at the county site's paths: the county
//! site's actions ([`super::super::ckan`]) over every county's datasets. A package is a
//! county dataset named `<county>-<dataset>` (its latest version harvested), its
//! organization is its county (`organization:901`, or `county:901` in `fq`), and its
//! resources are the harvested files.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use super::super::ckan::{Ckan, Package, answer, params};
use super::super::extract::base_url;
use super::pages::version_href;
use super::state::NationalState;
use crate::national::search::document_id;

pub fn routes() -> Router<NationalState> {
    Router::new()
        .route("/api/3/action/{action}", get(action).post(action))
        .route("/api/action/{action}", get(action).post(action))
}

async fn action(
    State(state): State<NationalState>,
    Path(action): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = base_url(&headers);
    let params = match params(query, &body) {
        Ok(p) => p,
        Err(e) => return answer(&base, &action, Err(e)),
    };
    let snapshot = state.snapshot().await;
    let catalog = &snapshot.catalog;
    let packages = catalog
        .datasets(None)
        .into_iter()
        .map(|v| {
            let county = catalog.county(&v.county);
            Package {
                name: format!("{}-{}", v.county, v.entry.dataset),
                search_id: document_id(&v.county, &v.entry.dataset),
                entry: &v.entry,
                first_published: catalog
                    .versions_of(&v.county, &v.entry.dataset)
                    .first()
                    .map_or(v.entry.published_at.as_str(), |f| {
                        f.entry.published_at.as_str()
                    }),
                page: format!("{base}{}", version_href(v)),
                author: county.map_or(v.county.clone(), |c| c.label().to_string()),
                organization: v.county.clone(),
                more: vec![("county".to_string(), v.county.clone())],
            }
        })
        .collect();
    let organizations: BTreeMap<String, (String, String)> = catalog
        .counties()
        .iter()
        .map(|c| {
            let about = format!(
                "County {}, harvested from {}",
                c.code,
                c.site.as_deref().unwrap_or("its data directory")
            );
            (c.code.clone(), (c.label().to_string(), about))
        })
        .collect();
    let created = catalog
        .counties()
        .iter()
        .map(|c| c.harvested_at.as_str())
        .min()
        .unwrap_or("");
    let ckan = Ckan::new(
        state.protocol(),
        packages,
        organizations,
        &snapshot.catalogue,
        &base,
        "National open data".to_string(),
        created,
    );
    answer(&base, &action, ckan.run(&action, &params))
}
