//! The one route table. Handlers live with their resource (`handlers/`, `api.rs`,
//! `ckan.rs`, `ogc.rs`, `dcat.rs`, `tiles.rs`); this file only says which answers where,
//! and which layers wrap them.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::edge::{compression, outer_layers};
use super::handlers::{dashboards, datasets, feedback, staff, works};
use super::state::AppState;
use super::{api, cache, ckan, dcat, error, handlers, ogc, open311, page_cache, tiles};

/// The whole site as a router over `state`.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(datasets::get_home))
        .route("/datasets", get(datasets::list_datasets))
        .route("/datasets/{id}", get(datasets::get_dataset))
        .route(
            "/datasets/{id}/v/{version}",
            get(datasets::get_dataset_version),
        )
        .route("/datasets/{id}/diff/{range}", get(datasets::get_diff))
        .route("/projects", get(works::list_projects))
        .route("/projects/map", get(works::get_projects_map))
        .route("/projects/{id}", get(works::get_project))
        .route("/budget", get(dashboards::get_budget))
        .route("/budget.csv", get(dashboards::get_budget_csv))
        .route("/budget/payments", get(dashboards::get_budget_payments))
        .route("/revenue", get(dashboards::get_revenue))
        .route("/revenue.csv", get(dashboards::get_revenue_csv))
        .route("/services", get(dashboards::get_services))
        .route("/services.csv", get(dashboards::get_services_csv))
        .route(
            "/services/responses.csv",
            get(dashboards::get_services_responses_csv),
        )
        .route("/audit", get(works::list_flags))
        .route("/audit.csv", get(works::list_flags_csv))
        .route("/audit.json", get(works::list_flags_json))
        .route("/audit/flags", get(works::get_flag_rules))
        .route("/audit/projects/{id}/pack", get(works::get_project_pack))
        .route("/audit/wards/{code}/pack", get(works::get_ward_pack))
        .route("/projects/{id}/notice", get(works::get_project_notice))
        .route(
            "/report",
            // The report form may carry a photo: the handler limits its body itself
            // (`feedback.photo_max_bytes` and some text), answering 413 with a page.
            get(feedback::get_report_form)
                .post(feedback::post_report)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/reports", get(feedback::list_reports))
        .route("/reports.csv", get(feedback::list_reports_csv))
        .route("/reports.json", get(feedback::list_reports_json))
        .route("/reports/triage", get(feedback::get_triage))
        .route("/reports/{reference}", get(feedback::get_public_report))
        .route(
            "/reports/{reference}/photo.jpg",
            get(feedback::get_report_photo),
        )
        .route(
            "/reports/{reference}/follow",
            get(feedback::get_follow).post(feedback::post_follow),
        )
        .route("/track/{token}", get(feedback::get_track))
        .route(
            "/track/{token}/{what}",
            get(feedback::back_to_track).post(feedback::post_track),
        )
        .route("/wards", get(works::list_wards))
        .route("/wards/{code}", get(works::get_ward))
        .route("/protocol", get(datasets::get_compliance))
        .route("/protocol.csv", get(datasets::get_compliance_csv))
        .route("/ledger", get(datasets::get_ledger))
        .route("/ledger.jsonl", get(datasets::get_ledger_file))
        .route("/catalog.jsonld", get(dcat::get_catalog))
        .route("/data.json", get(dcat::get_data_json))
        .merge(ogc::routes())
        .route("/static/{*path}", get(handlers::get_static))
        .route("/tiles/{file}", get(tiles::get_tile_file))
        .route("/tiles/{layer}/{z}/{x}/{y}", get(tiles::get_tile))
        .layer(compression())
        // Outside the compression: a kept page is kept compressed.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ));
    let api = Router::new()
        .route("/search", get(api::search_catalogue))
        .route("/datasets", get(api::list_datasets))
        .route("/datasets/{id}", get(api::get_dataset))
        .route("/datasets/{id}/rows", get(api::get_latest_rows))
        .route(
            "/datasets/{id}/versions/{version}",
            get(api::get_dataset_version),
        )
        .route("/datasets/{id}/versions/{version}/rows", get(api::get_rows))
        .route("/datasets/{id}/diff/{range}", get(api::get_diff))
        .route("/compliance", get(api::get_compliance))
        .route("/openapi.json", get(api::get_openapi))
        .route("/problems", get(api::list_problems))
        .merge(ckan::routes())
        .fallback(handlers::no_route)
        .layer(axum::middleware::from_fn(error::render_problem))
        .layer(compression());
    // The staff workspace: private pages, never cached; uploads stream past the default
    // body limit under the workspace's own (uploads.max_bytes).
    let workspace = Router::new()
        .route("/staff", get(staff::get_home))
        .route(
            "/staff/sign-in",
            get(staff::get_sign_in).post(staff::post_sign_in),
        )
        .route("/staff/sign-out", post(staff::post_sign_out))
        .route(
            "/staff/password",
            get(staff::get_password).post(staff::post_password),
        )
        .route(
            "/staff/accounts",
            get(staff::list_accounts).post(staff::post_account),
        )
        .route(
            "/staff/accounts/{id}/{action}",
            post(staff::post_account_action),
        )
        .route(
            "/staff/publish",
            get(staff::get_publish)
                .post(staff::post_publish)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/staff/uploads/{id}", get(staff::get_upload))
        .route(
            "/staff/uploads/{id}/progress",
            get(staff::get_upload_progress),
        )
        .route(
            "/staff/uploads/{id}/publish",
            post(staff::post_upload_publish),
        )
        .route(
            "/staff/uploads/{id}/abandon",
            post(staff::post_upload_abandon),
        )
        .route("/staff/reports", get(feedback::get_queue))
        .route(
            "/staff/reports/new",
            // May carry a photo: limited by the handler, as the public form is.
            get(feedback::get_take)
                .post(feedback::post_take)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/staff/reports/{reference}",
            get(feedback::get_staff_report),
        )
        .route(
            "/staff/reports/{reference}/moderate",
            get(feedback::back_to_staff_report).post(feedback::post_moderate),
        )
        .route(
            "/staff/reports/{reference}/info/{id}",
            get(feedback::back_to_staff_report).post(feedback::post_moderate_info),
        )
        .route(
            "/staff/reports/{reference}/act",
            get(feedback::back_to_staff_report).post(feedback::post_act),
        )
        .route(
            "/staff/reports/{reference}/triage",
            get(feedback::back_to_staff_report).post(feedback::post_triage),
        )
        .route(
            "/staff/feedback",
            get(feedback::get_feedback_publish).post(feedback::post_feedback_publish),
        )
        .route(
            "/staff/reports/{reference}/photo",
            get(feedback::back_to_staff_report).post(feedback::post_photo),
        )
        .route(
            "/staff/reports/{reference}/photo.jpg",
            get(feedback::get_staff_photo),
        )
        .route("/staff/keys", get(staff::list_keys).post(staff::post_key))
        .route("/staff/keys/{id}/revoke", post(staff::post_revoke_key))
        .route("/staff/audit", get(staff::get_audit))
        .route("/staff/audit.csv", get(staff::get_audit_csv))
        .layer(axum::middleware::map_response(cache::private))
        .layer(compression());
    outer_layers(
        Router::new()
            .merge(pages)
            .merge(workspace)
            .merge(open311::routes())
            .nest("/api", api)
            // Downloads keep their bytes as recorded: no on-the-fly compression, ranges work.
            .route(
                "/datasets/{id}/v/{version}/{file}",
                get(datasets::download_file),
            )
            .fallback(handlers::no_route),
    )
    .with_state(state)
}
