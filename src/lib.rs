//! `disclose`: an open-data disclosure and project-tracking platform for local governments.
//!
//! The records a finance office and a works department already keep become validated,
//! versioned, tamper-evident open datasets under a disclosure protocol.
//!
//! | module | owns | must not |
//! |---|---|---|
//! | [`protocol`] | the disclosure protocol as data: kinds, Table Schemas, periods, due dates, redaction rules, offices, feedback categories | read or write the store |
//! | [`pipeline`] | readers, column mapping and transforms, validation, redaction, writers | know about the web |
//! | [`store`] | versions on disk, the ledger, the read-only [`store::Catalog`], `verify`, diffs, a version's features | parse source exports; import `pipeline` |
//! | [`search`] | the catalogue's full-text index (tantivy) | know about HTTP or URLs |
//! | [`query`] | a version's rows: filter, sort, page, slice | know about HTTP |
//! | [`analytics`] | records for audits and dashboards; red flags; the works join; key figures; a version's `aggregates.parquet` | know about HTTP or the pipeline |
//! | [`tiles`] | vector tiles: cutting MVT, PMTiles archives, tile sources | know about HTTP |
//! | [`triage`] | suggestions for new reports: category model, language, duplicates; their evaluation | know about HTTP or the database |
//! | [`geo_crs`] | the coordinate reference systems offered (CRS84, EPSG:4326, EPSG:3857, national grids) and transforming GeoJSON geometries into them | name any other module |
//! | [`web`] | HTTP only: routes, extractors, handlers, pages, errors, cache policy | hold an engine; be used by the other modules |
//! | [`national`] | the national store: harvests of many counties, the national ledger, manifests, `verify --national`, the national dashboards | change a byte it copies; know about pipelines or the web |
//! | [`demo`] | the deterministic synthetic municipality | be used by anything but the `demo` command and tests |
//!
//! Dependencies point down: `web` → `search`, `query`, `analytics`, `tiles` → `store` →
//! `protocol`; `pipeline` → `analytics` (a version's aggregates) → `store`. Only `web` (and `main.rs`) name axum, http, tower or
//! maud.
//!
//! The flow: raw export → [`pipeline::ingest`] (read, map, validate, redact, stage) →
//! [`store::Store::commit`] (one ledger line commits the version) → readers of the store
//! ([`web::app`] over an [`web::AppState`], served by [`web::serve`] on a bound listener).
//! Many counties: [`national::harvest`] copies each county's versions into the national
//! store, which the national site reads ([`web::national_app`] over a
//! [`web::NationalState`], served by [`web::serve_national`]).

#![recursion_limit = "256"]

pub mod analytics;
pub mod config;
pub mod demo;
pub mod feedback;
pub mod format;
pub mod geo_crs;
pub mod national;
pub mod pipeline;
pub mod protocol;
pub mod query;
pub mod search;
pub mod staff;
pub mod store;
pub mod tiles;
pub mod triage;
pub mod web;
