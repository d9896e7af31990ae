//! Links the pages build from a request's own parameters: this catalogue search with a
//! facet added, removed, or another page.

use crate::search::{FacetName, SearchQuery};

/// The catalogue's links for a search as asked.
pub(super) trait SearchLinks {
    /// This search with `facet` set to `value`, from its first page.
    fn href_with(&self, facet: FacetName, value: &str) -> String;
    fn href_without(&self, facet: FacetName) -> String;
    fn href_page(&self, page: usize) -> String;
    fn href_parts(&self, filters: &[(FacetName, String)], page: usize) -> String;
}

impl SearchLinks for SearchQuery {
    fn href_parts(&self, filters: &[(FacetName, String)], page: usize) -> String {
        search_href("/datasets", self, filters, page)
    }

    fn href_with(&self, facet: FacetName, value: &str) -> String {
        search_href_with("/datasets", self, facet, value)
    }

    fn href_without(&self, facet: FacetName) -> String {
        search_href_without("/datasets", self, facet)
    }

    fn href_page(&self, page: usize) -> String {
        self.href_parts(&self.filters, page)
    }
}

/// The search page at `base` (the county catalogue's `/datasets`, the national
/// `/catalogue`) for `query`'s words with `filters`, at `page`.
pub(super) fn search_href(
    base: &str,
    query: &SearchQuery,
    filters: &[(FacetName, String)],
    page: usize,
) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if !query.q.is_empty() {
        out.append_pair("q", &query.q);
    }
    for (f, v) in filters {
        out.append_pair(f.param(), v);
    }
    if page > 1 {
        out.append_pair("page", &page.to_string());
    }
    format!("{base}?{}", out.finish())
}

/// `query` at `base` with `facet` set to `value`, from its first page.
pub(super) fn search_href_with(
    base: &str,
    query: &SearchQuery,
    facet: FacetName,
    value: &str,
) -> String {
    let mut filters = others(query, facet);
    filters.push((facet, value.to_string()));
    filters.sort();
    search_href(base, query, &filters, 1)
}

/// `query` at `base` without `facet`, from its first page.
pub(super) fn search_href_without(base: &str, query: &SearchQuery, facet: FacetName) -> String {
    search_href(base, query, &others(query, facet), 1)
}

fn others(query: &SearchQuery, facet: FacetName) -> Vec<(FacetName, String)> {
    query
        .filters
        .iter()
        .filter(|(f, _)| *f != facet)
        .cloned()
        .collect()
}
