//! Public works as pages: the projects and wards with their maps, one project's
//! promises, payments and inspections, the red flags, and the printed packs and notices.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::store::Indexed;
use crate::web::audit_pages::{AuditPage, FlagRulesPage};
use crate::web::error::WebError;
use crate::web::extract::{AuditQuery, Ctx, ProjectsQuery, SiteUrl};
use crate::web::handlers::datasets::csv_download;
use crate::web::print_pages::{PrintPage, Printed};
use crate::web::project_pages::{
    ProjectPage, ProjectsMapPage, ProjectsPage, WardPage, WardsPage, project_csv,
};

pub async fn list_projects(ctx: Ctx, q: ProjectsQuery) -> Result<Response, WebError> {
    ctx.page(&ProjectsPage {
        works: &q.works,
        filters: &q.filters,
    })
}

pub async fn get_projects_map(ctx: Ctx, q: ProjectsQuery) -> Result<Response, WebError> {
    ctx.page(&ProjectsMapPage {
        works: &q.works,
        filters: &q.filters,
    })
}

/// `/projects/{id}`, or `{id}.geojson` / `{id}.csv` for the project alone.
pub async fn get_project(ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let (id, format) = match id.rsplit_once('.') {
        Some((id, ext @ ("geojson" | "csv"))) => (id.to_string(), Some(ext)),
        _ => (id, None),
    };
    let works = ctx.state.works().await?;
    let project = works
        .project(&id)
        .ok_or_else(|| WebError::UnknownProject { id: id.clone() })?;
    match format {
        Some("geojson") => Ok((
            [
                (header::CONTENT_TYPE, "application/geo+json".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{id}.geojson\""),
                ),
            ],
            project.feature.to_string(),
        )
            .into_response()),
        Some(_) => Ok(csv_download(&format!("{id}.csv"), project_csv(project)?)),
        None => {
            let reports = match ctx.state.feedback() {
                Some(fb) => {
                    fb.list(&crate::feedback::Filter {
                        project: Some(id.clone()),
                        public_only: true,
                        ..Default::default()
                    })
                    .await?
                }
                None => Vec::new(),
            };
            ctx.page(&ProjectPage {
                works: &works,
                project,
                reports: &reports,
            })
        }
    }
}

pub async fn list_wards(ctx: Ctx) -> Result<Response, WebError> {
    let works = ctx.state.works().await?;
    ctx.page(&WardsPage { works: &works })
}

pub async fn get_ward(ctx: Ctx, Path(code): Path<String>) -> Result<Response, WebError> {
    let works = ctx.state.works().await?;
    let ward = works
        .ward(&code)
        .ok_or_else(|| WebError::UnknownWard { code: code.clone() })?;
    let snapshot = ctx.state.snapshot().await;
    ctx.page(&WardPage {
        works: &works,
        snapshot: &snapshot,
        ward,
    })
}

pub async fn list_flags(ctx: Ctx, q: AuditQuery) -> Result<Response, WebError> {
    ctx.page(&AuditPage {
        works: &q.works,
        filters: &q.filters,
    })
}

pub async fn list_flags_csv(q: AuditQuery) -> Result<Response, WebError> {
    let body = crate::web::audit_pages::flags_csv(&q.filters.select(&q.works))?;
    Ok(csv_download("red-flags.csv", body))
}

pub async fn list_flags_json(q: AuditQuery) -> Response {
    let body = crate::web::audit_pages::flags_json(&q.works, &q.filters.select(&q.works));
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

pub async fn get_flag_rules(ctx: Ctx) -> Result<Response, WebError> {
    let works = ctx.state.works().await?;
    ctx.page(&FlagRulesPage { works: &works })
}

/// A project's audit pack or site notice, or a ward's pack.
async fn print_page(
    ctx: &Ctx,
    base: &str,
    pick: impl FnOnce(&crate::analytics::works::Works) -> Result<Printed<'_>, WebError>,
) -> Result<Response, WebError> {
    let works = ctx.state.works().await?;
    let snapshot = ctx.state.snapshot().await;
    let printed = pick(&works)?;
    ctx.page(&PrintPage {
        works: &works,
        snapshot: &snapshot,
        printed,
        base,
    })
}

/// One project's printed page (its pack or its notice).
async fn print_project(
    ctx: &Ctx,
    base: &str,
    id: &str,
    printed: impl for<'w> FnOnce(&'w Indexed) -> Printed<'w>,
) -> Result<Response, WebError> {
    print_page(ctx, base, |works| {
        works
            .project(id)
            .map(printed)
            .ok_or_else(|| WebError::UnknownProject { id: id.to_string() })
    })
    .await
}

pub async fn get_project_pack(
    ctx: Ctx,
    Path(id): Path<String>,
    SiteUrl(base): SiteUrl,
) -> Result<Response, WebError> {
    print_project(&ctx, &base, &id, |p| Printed::ProjectPack(p)).await
}

pub async fn get_project_notice(
    ctx: Ctx,
    Path(id): Path<String>,
    SiteUrl(base): SiteUrl,
) -> Result<Response, WebError> {
    print_project(&ctx, &base, &id, |p| Printed::Notice(p)).await
}

pub async fn get_ward_pack(
    ctx: Ctx,
    Path(code): Path<String>,
    SiteUrl(base): SiteUrl,
) -> Result<Response, WebError> {
    print_page(&ctx, &base, |works| {
        works
            .ward(&code)
            .map(Printed::WardPack)
            .ok_or_else(|| WebError::UnknownWard { code: code.clone() })
    })
    .await
}
