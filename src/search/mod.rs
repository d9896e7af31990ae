//! The catalogue's full-text search: a tantivy index in memory over the latest version of
//! every dataset, built once per snapshot of the store (off the web's async threads) and
//! then only read: one reader for the life of the index, a fresh searcher per search.
//!
//! Plain types in and out ([`SearchQuery`] → [`SearchResults`] or [`SearchError`]); it
//! knows nothing of HTTP, pages or URLs.
//!
//! Each dataset is one document: its title, its id and period, the kind's description,
//! office, tags and field names and descriptions, and, for small datasets, the text
//! inside them (project titles, contractor names, wards). Facets (kind, office, fiscal
//! year, spatial or not, format) are counted over the matches; a chosen facet value
//! filters them. The same search answers the catalogue page, `/api/search` and CKAN's
//! `package_search`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{FAST, Facet, FacetOptions, Field, IndexRecordOption, STRING, Schema, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use crate::format::{ParamError, positive};
use crate::protocol::Kind;
use crate::protocol::{FieldType, Frequency, Period, Protocol};
use crate::store::Entry;

/// Datasets with at most this many rows have their text indexed too.
const CONTENT_ROWS: u64 = 5_000;
/// And at most this much of it (snippets are cut from it on every search).
const CONTENT_BYTES: usize = 32 << 10;

/// The facets of the catalogue, each also a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FacetName {
    Kind,
    Office,
    FiscalYear,
    Spatial,
    Format,
    /// The county a dataset comes from: the national catalogue's facet, not a county's.
    County,
}

impl FacetName {
    pub const ALL: [FacetName; 5] = [
        Self::Kind,
        Self::Office,
        Self::FiscalYear,
        Self::Spatial,
        Self::Format,
    ];

    /// The national catalogue's facets: the county first, then a county catalogue's.
    pub const NATIONAL: [FacetName; 6] = [
        Self::County,
        Self::Kind,
        Self::Office,
        Self::FiscalYear,
        Self::Spatial,
        Self::Format,
    ];

    /// The query parameter, and the facet's root in the index.
    pub fn param(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Office => "office",
            Self::FiscalYear => "fiscal_year",
            Self::Spatial => "spatial",
            Self::Format => "format",
            Self::County => "county",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Kind => "Kind",
            Self::Office => "Organisational unit",
            Self::FiscalYear => "Fiscal year",
            Self::Spatial => "Locations",
            Self::Format => "Format",
            Self::County => "County",
        }
    }

    pub fn from_param(name: &str) -> Option<Self> {
        Self::NATIONAL.into_iter().find(|f| f.param() == name)
    }

    fn root(self) -> String {
        format!("/{}", self.param())
    }
}

/// A search that could not be run; each says what to change.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("kind `{kind}` is not one of: {known}")]
    UnknownKind { kind: String, known: String },
    #[error("the search text is longer than 500 characters; use fewer words")]
    TooLong,
    #[error("`{param}` is longer than 100 characters; no facet value is that long")]
    TooLongValue { param: &'static str },
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("page {page} is past the end; there {} {pages}", if *pages == 1 { "is" } else { "are" })]
    PastTheEnd { page: usize, pages: usize },
    #[error("cannot build or read the search index")]
    Index(#[from] tantivy::TantivyError),
}

impl SearchError {
    /// True when the search asked for was at fault, not the index.
    pub fn is_client_error(&self) -> bool {
        !matches!(self, Self::Index(_))
    }
}

/// A search as asked: words, chosen facet values, and the page wanted.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub q: String,
    pub filters: Vec<(FacetName, String)>,
    pub page: usize,
    pub size: usize,
}

/// The most results one page may ask for.
pub const MAX_PAGE_SIZE: usize = 1000;

impl SearchQuery {
    /// From query parameters: `q`, one per facet, `page` (from 1) and, for programs,
    /// `size` (`default_size` if absent).
    pub fn from_params(
        protocol: &Protocol,
        params: &HashMap<String, String>,
        default_size: usize,
    ) -> Result<Self, SearchError> {
        Self::from_params_of(protocol, params, default_size, &FacetName::ALL)
    }

    /// As [`SearchQuery::from_params`], for a catalogue with the facets `facets` (the
    /// national one adds the county).
    pub fn from_params_of(
        protocol: &Protocol,
        params: &HashMap<String, String>,
        default_size: usize,
        facets: &[FacetName],
    ) -> Result<Self, SearchError> {
        let mut filters = Vec::new();
        for &facet in facets {
            if let Some(value) = params
                .get(facet.param())
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                if value.len() > 100 {
                    return Err(SearchError::TooLongValue {
                        param: facet.param(),
                    });
                }
                if facet == FacetName::Kind && !protocol.kinds.contains_key(value) {
                    let known: Vec<&str> = protocol.kinds.keys().map(String::as_str).collect();
                    return Err(SearchError::UnknownKind {
                        kind: value.to_string(),
                        known: known.join(", "),
                    });
                }
                filters.push((facet, value.to_string()));
            }
        }
        let page = positive(params, "page", 1, usize::MAX)?;
        let size = positive(params, "size", default_size, MAX_PAGE_SIZE)?;
        let q = params
            .get("q")
            .map(|q| q.trim().to_string())
            .unwrap_or_default();
        if q.len() > 500 {
            return Err(SearchError::TooLong);
        }
        Ok(Self {
            q,
            filters,
            page,
            size,
        })
    }

    pub fn filter(&self, facet: FacetName) -> Option<&str> {
        self.filters
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub dataset: String,
    /// HTML: escaped text with the matched words in `<b>`; empty when the match was in
    /// the title alone.
    pub snippet: String,
}

#[derive(Debug, Clone)]
pub struct FacetCounts {
    pub name: FacetName,
    /// Values by count, largest first.
    pub values: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetCounts>,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    /// The dataset's place in `Catalogue::ids`, a fast field: reading it costs no
    /// document fetch.
    rank: Field,
    title: Field,
    body: Field,
    content: Field,
    facets: Field,
}

/// The search index over one snapshot.
pub struct Catalogue {
    reader: IndexReader,
    parser: QueryParser,
    fields: Fields,
    /// Dataset ids by publication, newest first: the order when nothing is typed.
    ids: Vec<String>,
    /// Their text, in the same order, to cut snippets from without a document fetch,
    /// with an ASCII-lowercased copy of the content to find where to cut.
    texts: Vec<(DocumentText, String)>,
    /// The facets counted, in the order shown.
    facet_names: Vec<FacetName>,
}

/// One document of a catalogue: an id the results give back, its text, its facet values.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub text: DocumentText,
    pub facets: Vec<(FacetName, String)>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("datasets", &self.ids.len())
            .finish_non_exhaustive()
    }
}

/// The facet values of one dataset.
pub fn facet_values(protocol: &Protocol, entry: &Entry) -> Vec<(FacetName, String)> {
    let mut out = vec![(FacetName::Kind, entry.kind.clone())];
    if let Some(kind) = protocol.kinds.get(&entry.kind) {
        out.push((FacetName::Office, kind.spec.office.clone()));
        out.push((
            FacetName::Spatial,
            if kind.is_spatial() { "yes" } else { "no" }.to_string(),
        ));
    }
    if let Some((_, Some(period))) = protocol.resolve_dataset(&entry.dataset)
        && let Some(fy) = Period::containing(
            period.first_day(),
            Frequency::Annual,
            protocol.jurisdiction.fiscal_year_start_month,
        )
    {
        out.push((FacetName::FiscalYear, fy.to_string()));
    }
    for f in &entry.files {
        let format = crate::store::file_format(&f.path).name;
        if format != "json" {
            out.push((FacetName::Format, format.to_string()));
        }
    }
    out
}

impl Catalogue {
    /// Indexes the latest version of each dataset in `latest` (newest first).
    pub fn build(
        protocol: &Protocol,
        data_dir: &Path,
        latest: &[&Entry],
    ) -> Result<Self, SearchError> {
        let documents = latest
            .iter()
            .map(|entry| Document {
                id: entry.dataset.clone(),
                text: document_text(protocol, data_dir, entry),
                facets: facet_values(protocol, entry),
            })
            .collect();
        Self::from_documents(documents, &FacetName::ALL)
    }

    /// Indexes `documents` (in the order shown when nothing is typed), counting `facets`.
    pub fn from_documents(
        documents: Vec<Document>,
        facets: &[FacetName],
    ) -> Result<Self, SearchError> {
        let mut builder = Schema::builder();
        let fields = Fields {
            id: builder.add_text_field("id", STRING),
            rank: builder.add_u64_field("rank", FAST),
            title: builder.add_text_field("title", TEXT),
            body: builder.add_text_field("body", TEXT),
            content: builder.add_text_field("content", TEXT),
            facets: builder.add_facet_field("facets", FacetOptions::default()),
        };
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        let mut texts = Vec::with_capacity(documents.len());
        let mut ids = Vec::with_capacity(documents.len());
        for (rank, document) in documents.into_iter().enumerate() {
            let text = document.text;
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.id, &document.id);
            doc.add_u64(fields.rank, rank as u64);
            doc.add_text(fields.title, &text.title);
            doc.add_text(fields.body, &text.body);
            doc.add_text(fields.content, &text.content);
            let lower = text.content.to_ascii_lowercase();
            texts.push((text, lower));
            for (facet, value) in document.facets {
                doc.add_facet(
                    fields.facets,
                    Facet::from_path([facet.param(), value.as_str()]),
                );
            }
            writer.add_document(doc)?;
            ids.push(document.id);
        }
        writer.commit()?;
        let reader = index.reader()?;
        let mut parser =
            QueryParser::for_index(&index, vec![fields.title, fields.body, fields.content]);
        parser.set_field_boost(fields.title, 3.0);
        parser.set_conjunction_by_default();
        Ok(Self {
            reader,
            parser,
            fields,
            ids,
            texts,
            facet_names: facets.to_vec(),
        })
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// One page of the datasets matching `query`, best first, with facet counts; a page
    /// past the last is an error (the first page always exists, even when empty).
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let results = self.run(query)?;
        let pages = results.total.div_ceil(query.size).max(1);
        if query.page > pages {
            return Err(SearchError::PastTheEnd {
                page: query.page,
                pages,
            });
        }
        Ok(results)
    }

    fn run(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let words: Box<dyn Query> = if query.q.is_empty() {
            Box::new(AllQuery)
        } else {
            self.parser.parse_query_lenient(&query.q).0
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words.box_clone())];
        for (facet, value) in &query.filters {
            let term = Term::from_facet(
                self.fields.facets,
                &Facet::from_path([facet.param(), value.as_str()]),
            );
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let filtered = BooleanQuery::new(clauses);
        let mut facets = FacetCollector::for_field("facets");
        for f in &self.facet_names {
            facets.add_facet(f.root().as_str());
        }
        let everything = self.ids.len().max(1);
        let (scored, total, counts) = searcher.search(
            &filtered,
            &(
                TopDocs::with_limit(everything).order_by_score(),
                Count,
                facets,
            ),
        )?;
        // Best match first; with no words, or equal scores, the newest first.
        let mut ranks = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            ranks.push(segment.fast_fields().u64("rank")?);
        }
        let mut ranked: Vec<(f32, usize, tantivy::DocAddress)> = scored
            .into_iter()
            .map(|(score, address)| {
                let rank = ranks[address.segment_ord as usize]
                    .first(address.doc_id)
                    .map_or(usize::MAX, |r| r as usize);
                (if query.q.is_empty() { 0.0 } else { score }, rank, address)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let offset = (query.page - 1).saturating_mul(query.size);
        let page: Vec<_> = ranked
            .into_iter()
            .skip(offset)
            .take(query.size)
            .filter(|(_, rank, _)| *rank < self.ids.len())
            .collect();
        let mut hits = Vec::with_capacity(page.len());
        if query.q.is_empty() {
            hits.extend(page.into_iter().map(|(_, rank, _)| Hit {
                dataset: self.ids[rank].clone(),
                snippet: String::new(),
            }));
        } else {
            let generators = [self.fields.content, self.fields.body].map(|field| {
                SnippetGenerator::create(&searcher, &*words, field).map(|mut g| {
                    g.set_max_num_chars(180);
                    g
                })
            });
            let typed: Vec<String> = query
                .q
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 1)
                .map(str::to_ascii_lowercase)
                .collect();
            for (_, rank, _) in page {
                let (text, lower) = &self.texts[rank];
                // Tokenizing a whole dataset's text for each hit is the dear part of a
                // search: cut around the first typed word first.
                let content = window(&text.content, lower, &typed);
                let snippet = generators
                    .iter()
                    .zip([content, &text.body])
                    .filter_map(|(g, t)| Some(g.as_ref().ok()?.snippet(t)))
                    .find(|s| !s.is_empty())
                    .map(|s| s.to_html())
                    .unwrap_or_default();
                hits.push(Hit {
                    dataset: self.ids[rank].clone(),
                    snippet,
                });
            }
        }
        let facets = self
            .facet_names
            .iter()
            .map(|&name| {
                let mut values: Vec<(String, usize)> = counts
                    .get(&name.root())
                    .filter_map(|(facet, n)| {
                        Some((facet.to_path().last()?.to_string(), n as usize))
                    })
                    .collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                FacetCounts { name, values }
            })
            .collect();
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}

/// The part of `text` around the first of `words` in it (`lower` is `text` in ASCII
/// lower case, so byte offsets agree); its start when none is found.
fn window<'t>(text: &'t str, lower: &str, words: &[String]) -> &'t str {
    const BEFORE: usize = 200;
    const AFTER: usize = 400;
    let at = words
        .iter()
        .filter_map(|w| lower.find(w.as_str()))
        .min()
        .unwrap_or(0);
    let mut start = at.saturating_sub(BEFORE);
    let mut end = (at + AFTER).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// "Payments made — 2025-09": the kind's title and the period; the id when the kind is
/// unknown.
pub fn dataset_title(kind: Option<&Kind>, entry: &Entry) -> String {
    match (kind, &entry.period) {
        (Some(k), Some(p)) => format!("{} — {p}", k.spec.title),
        (Some(k), None) => k.spec.title.clone(),
        (None, _) => entry.dataset.clone(),
    }
}

/// The searchable text of one dataset.
#[derive(Debug, Clone, Default)]
pub struct DocumentText {
    pub title: String,
    /// Id, period, the kind's description, office, tags, fields and the version's note.
    pub body: String,
    /// The distinct text values inside a small dataset; empty for a large one.
    pub content: String,
}

pub fn document_text(protocol: &Protocol, data_dir: &Path, entry: &Entry) -> DocumentText {
    document_text_at(protocol, &entry.path(data_dir, "data.csv"), entry)
}

/// As [`document_text`], with the version's `data.csv` at `csv` (the national store lays
/// versions out its own way).
pub fn document_text_at(protocol: &Protocol, csv: &Path, entry: &Entry) -> DocumentText {
    let kind = protocol.kinds.get(&entry.kind);
    let mut body = format!(
        "{} {}",
        entry.dataset,
        entry.period.as_deref().unwrap_or("")
    );
    if let Some(k) = kind {
        body.push_str(&format!(
            ". {} Office: {}. Tags: {}. Fields:",
            k.spec.description,
            k.spec.office,
            k.spec.tags.join(", ")
        ));
        for f in &k.schema.fields {
            body.push_str(&format!(
                " {} ({}{}{});",
                f.name,
                f.title.as_deref().unwrap_or(""),
                if f.description.is_some() { ": " } else { "" },
                f.description.as_deref().unwrap_or("")
            ));
        }
    }
    if let Some(note) = &entry.note {
        body.push_str(&format!(" Note: {note}"));
    }
    let content = match kind.filter(|_| entry.rows <= CONTENT_ROWS) {
        Some(k) => content_text(csv, &k.schema).unwrap_or_else(|e| {
            tracing::warn!(dataset = %entry.dataset, error = %e, "cannot index the text inside; searching its description only");
            String::new()
        }),
        None => String::new(),
    };
    DocumentText {
        title: dataset_title(kind, entry),
        body,
        content,
    }
}

/// The distinct text values of a small dataset's string fields, from its CSV.
fn content_text(path: &Path, schema: &crate::protocol::Schema) -> Result<String, csv::Error> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let text_columns: Vec<usize> = headers
        .iter()
        .enumerate()
        // Names, titles and descriptions; not identifiers, which are unique to a row.
        .filter(|(_, name)| {
            schema.fields.iter().any(|f| {
                f.name == *name
                    && f.kind == FieldType::String
                    && !f.constraints.unique
                    && !schema.primary_key.contains(&f.name)
            })
        })
        .map(|(i, _)| i)
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = String::new();
    for record in reader.records() {
        let record = record?;
        for &i in &text_columns {
            let value = record.get(i).unwrap_or("").trim();
            if value.is_empty() || !seen.insert(value.to_string()) {
                continue;
            }
            out.push_str(value);
            out.push_str(" · ");
        }
        if out.len() > CONTENT_BYTES {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_cut_around_the_first_word_typed_on_character_boundaries() {
        let text = format!(
            "{}Kisumu Ndogo borehole · {}",
            "é".repeat(300),
            "x".repeat(1000)
        );
        let lower = text.to_ascii_lowercase();
        let cut = window(&text, &lower, &["borehole".to_string()]);
        assert!(cut.contains("Kisumu Ndogo borehole"));
        assert!(cut.len() <= 602 && cut.len() >= 500);
        assert_eq!(
            window("short text", "short text", &["none".to_string()]),
            "short text"
        );
    }
}
