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
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for (f, v) in filters {
            out.append_pair(f.param(), v);
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        format!("/datasets?{}", out.finish())
    }

    fn href_with(&self, facet: FacetName, value: &str) -> String {
        let mut filters: Vec<_> = self
            .filters
            .iter()
            .filter(|(f, _)| *f != facet)
            .cloned()
            .collect();
        filters.push((facet, value.to_string()));
        filters.sort();
        self.href_parts(&filters, 1)
    }

    fn href_without(&self, facet: FacetName) -> String {
        let filters: Vec<_> = self
            .filters
            .iter()
            .filter(|(f, _)| *f != facet)
            .cloned()
            .collect();
        self.href_parts(&filters, 1)
    }

    fn href_page(&self, page: usize) -> String {
        self.href_parts(&self.filters, page)
    }
}
