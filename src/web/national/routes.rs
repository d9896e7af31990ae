//! The national site's one route table.

use axum::Router;
use axum::routing::get;

use super::super::edge::{compression, outer_layers};
use super::super::handlers as county;
use super::state::NationalState;
use super::{ckan, counties, dcat, handlers, map};

/// The national site as a router over `state`: read-only, no staff workspace.
pub fn national_app(state: NationalState) -> Router {
    outer_layers(
        Router::new()
            .route("/", get(handlers::get_home))
            .route("/counties", get(counties::list_counties))
            .route(
                "/api/counties",
                get(counties::list_counties_api).layer(axum::middleware::from_fn(
                    super::super::error::render_problem,
                )),
            )
            .route("/catalogue", get(handlers::search_catalogue))
            .route("/datasets", get(handlers::redirect_datasets))
            .route("/datasets/{county}", get(handlers::redirect_county))
            .route("/datasets/{county}/{dataset}", get(handlers::get_dataset))
            .route(
                "/datasets/{county}/{dataset}/v/{version}",
                get(handlers::get_dataset_version),
            )
            .route("/ledger.jsonl", get(handlers::get_ledger_file))
            .route(
                "/ledgers/{county}/ledger.jsonl",
                get(handlers::get_county_ledger_file),
            )
            .route("/catalog.jsonld", get(dcat::get_catalog))
            .route("/data.json", get(dcat::get_data_json))
            .merge(ckan::routes())
            .route("/map", get(map::get_map))
            .route("/tiles/{file}", get(map::get_tile_json))
            .route("/tiles/{layer}/{z}/{x}/{y}", get(map::get_tile))
            .route("/static/{*path}", get(county::get_static))
            .layer(compression())
            // Downloads keep their bytes as recorded: no on-the-fly compression, ranges work.
            .route(
                "/datasets/{county}/{dataset}/v/{version}/{file}",
                get(handlers::download_file),
            )
            .fallback(county::no_route),
    )
    .with_state(state)
}
