//! The national catalogue for catalogues, at the county site's paths and in its shapes
//! ([`super::super::dcat`]): `/catalog.jsonld` (DCAT-AP 3.0.0), one catalogue whose
//! datasets are every county's, each with its county as `dct:publisher`; and `/data.json`
//! (DCAT-US 1.1). Distributions are the harvested files with the county ledger's sha256.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::super::dcat::{
    DcatDataset, catalog_node, dataset_node, json_ld, series_nodes, us_catalog, us_dataset,
};
use super::super::extract::base_url;
use super::pages::{dataset_href, version_href};
use super::state::{NationalSnapshot, NationalState};
use crate::protocol::Protocol;

/// Who publishes the national catalogue itself.
const PUBLISHER: &str = "National open data";

fn datasets<'a>(
    protocol: &'a Protocol,
    snapshot: &'a NationalSnapshot,
    base: &str,
) -> Vec<DcatDataset<'a>> {
    let catalog = &snapshot.catalog;
    catalog
        .datasets(None)
        .into_iter()
        .filter_map(|v| {
            let kind = protocol.kinds.get(&v.entry.kind)?;
            Some(DcatDataset {
                entry: &v.entry,
                kind,
                id: format!("{base}{}", dataset_href(&v.county, &v.entry.dataset)),
                page: format!("{base}{}", version_href(v)),
                first_published: catalog
                    .versions_of(&v.county, &v.entry.dataset)
                    .first()
                    .map_or(v.entry.published_at.as_str(), |f| {
                        f.entry.published_at.as_str()
                    }),
                publisher: catalog
                    .county(&v.county)
                    .map_or_else(|| v.county.clone(), |c| c.label().to_string()),
                series_base: format!("{base}/catalogue"),
                bbox: None,
            })
        })
        .collect()
}

pub async fn get_catalog(State(state): State<NationalState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let protocol = state.protocol();
    let snapshot = state.snapshot().await;
    let mut items = series_nodes(protocol, &format!("{base}/catalogue"), PUBLISHER);
    items.extend(
        datasets(protocol, &snapshot, &base)
            .iter()
            .map(|d| dataset_node(protocol, d)),
    );
    let catalog = catalog_node(
        protocol,
        &base,
        PUBLISHER,
        "Every county's budgets, revenue, payments, public works and services, harvested byte for byte from each county and checked against its hash-chained ledger.",
        PUBLISHER,
        items,
    );
    json_ld(catalog, "application/ld+json")
}

pub async fn get_data_json(State(state): State<NationalState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let protocol = state.protocol();
    let snapshot = state.snapshot().await;
    let datasets = datasets(protocol, &snapshot, &base)
        .iter()
        .map(|d| us_dataset(protocol, d))
        .collect();
    json_ld(us_catalog(&base, datasets), "application/json")
}
