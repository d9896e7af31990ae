//! The federated catalogue's search index: one document per county dataset (its latest
//! harvested version), searched as a county's catalogue is ([`crate::search`]), with the
//! county as a facet. A document's id is `<county>/<dataset>` ([`document_id`]).

use crate::protocol::Protocol;
use crate::search::{Catalogue, Document, FacetName, SearchError, document_text_at, facet_values};

use super::catalog::NationalCatalog;

/// A county dataset's id in the national index: `901/expenditure-2025-09`.
pub fn document_id(county: &str, dataset: &str) -> String {
    format!("{county}/{dataset}")
}

/// The county and dataset of a document id.
pub fn split_id(id: &str) -> Option<(&str, &str)> {
    id.split_once('/')
}

/// Indexes the latest version of every county dataset, newest publication first; the
/// county's code and name are searchable, and the code is the `county` facet.
pub fn catalogue(protocol: &Protocol, catalog: &NationalCatalog) -> Result<Catalogue, SearchError> {
    let documents = catalog
        .datasets(None)
        .into_iter()
        .map(|v| {
            let county = catalog.county(&v.county);
            let name = county.map_or(v.county.as_str(), |c| c.label());
            let mut text = document_text_at(protocol, &catalog.path(v, "data.csv"), &v.entry);
            text.title = format!("{} · {name}", text.title);
            text.body = format!(
                "{} county {} {name}. {}",
                text.body, v.county, v.entry.publisher
            );
            let mut facets = vec![(FacetName::County, v.county.clone())];
            facets.extend(facet_values(protocol, &v.entry));
            Document {
                id: document_id(&v.county, &v.entry.dataset),
                text,
                facets,
            }
        })
        .collect();
    Catalogue::from_documents(documents, &FacetName::NATIONAL)
}
