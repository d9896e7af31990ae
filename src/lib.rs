//! `disclose`: an open-data disclosure and project-tracking platform for local governments.
//!
//! The records a finance office and a works department already keep become validated,
//! versioned, tamper-evident open datasets under a disclosure protocol.
//!
//! | module | owns | must not |
//! |---|---|---|
//! | [`protocol`] | the disclosure protocol as data: kinds, Table Schemas, periods, due dates, redaction rules | read or write the store |
//! | [`pipeline`] | readers, column mapping and transforms, validation, redaction, writers | know about the web |
//! | [`analytics`] | the records audits need, read from the latest versions; red flags | know about HTTP |
//! | [`store`] | versions on disk, the hash-chained ledger, `verify`, row-level diffs | parse source exports |
//! | [`tiles`] | vector tiles: cutting MVT, PMTiles archives | know about HTTP |
//! | [`web`] | HTTP: routes, handlers, pages, downloads, error responses | be used by the other modules |
//! | [`demo`] | the deterministic synthetic municipality | be used by anything but the `demo` command and tests |
//!
//! The flow: raw export → [`pipeline::ingest`] (read, map, validate, redact, stage) →
//! [`store::Store::commit`] (one ledger line commits the version) → readers of the store
//! ([`web::app`] over an [`web::AppState`], served by [`web::serve`] on a bound listener).

#![recursion_limit = "256"]

pub mod analytics;
pub mod demo;
pub mod format;
pub mod pipeline;
pub mod protocol;
pub mod store;
pub mod tiles;
pub mod web;
