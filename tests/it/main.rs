//! Integration and end-to-end tests: one test binary, a module per area (every extra
//! binary in `tests/` relinks the whole dependency tree).

mod architecture;
mod audit;
mod budget;
mod cli;
mod demo;
mod feedback;
#[cfg(feature = "gdal")]
mod gdal;
mod ingest;
mod national;
mod national_dashboard;
mod national_site;
mod open311;
mod prepare;
mod protocol;
mod repair;
mod responses;
mod staff;
mod store;
mod support;
mod swahili;
mod web;
