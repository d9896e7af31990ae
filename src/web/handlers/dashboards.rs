//! The dashboards: budget against payments, revenue against target, services' times,
//! each as a page and as the CSV of exactly what the page shows.

use axum::response::Response;

use crate::web::budget_pages::{BudgetPage, BudgetPaymentsPage};
use crate::web::error::WebError;
use crate::web::extract::{BudgetQuery, Ctx, ResponsesQuery, RevenueQuery, ServicesQuery};
use crate::web::handlers::datasets::csv_download;
use crate::web::revenue_pages::{RevenuePage, ServicesPage};

pub async fn get_budget(ctx: Ctx, q: BudgetQuery) -> Result<Response, WebError> {
    ctx.page(&BudgetPage {
        records: &q.records,
        query: &q.query,
    })
}

pub async fn get_budget_csv(q: BudgetQuery) -> Result<Response, WebError> {
    let body = crate::web::budget_pages::csv(&q.records, &q.query)?;
    Ok(csv_download(&format!("budget-{}.csv", q.query.year), body))
}

pub async fn get_budget_payments(ctx: Ctx, q: BudgetQuery) -> Result<Response, WebError> {
    ctx.page(&BudgetPaymentsPage {
        records: &q.records,
        query: &q.query,
    })
}

pub async fn get_revenue(ctx: Ctx, q: RevenueQuery) -> Result<Response, WebError> {
    ctx.page(&RevenuePage {
        records: &q.records,
        year: &q.year,
        by: q.by,
    })
}

pub async fn get_revenue_csv(q: RevenueQuery) -> Result<Response, WebError> {
    let body = crate::web::revenue_pages::revenue_csv(&q.records, &q.year, q.by)?;
    Ok(csv_download(
        &format!("revenue-{}-by-{}.csv", q.year, q.by.id()),
        body,
    ))
}

pub async fn get_services(ctx: Ctx, q: ServicesQuery) -> Result<Response, WebError> {
    ctx.page(&ServicesPage {
        records: &q.records,
        year: &q.year,
        by: q.by,
    })
}

pub async fn get_services_csv(ctx: Ctx, q: ServicesQuery) -> Result<Response, WebError> {
    let body =
        crate::web::revenue_pages::services_csv(ctx.state.protocol(), &q.records, &q.year, q.by)?;
    Ok(csv_download(
        &format!("services-{}-by-{}.csv", q.year, q.by.id()),
        body,
    ))
}

/// `/services/responses.csv`: the response times to citizens' reports that `/services`
/// shows, by office or category, with the versions behind each line.
pub async fn get_services_responses_csv(q: ResponsesQuery) -> Result<Response, WebError> {
    let body = crate::web::revenue_pages::responses_csv(&q.records, &q.year, q.by)?;
    Ok(csv_download(
        &format!("responses-{}-by-{}.csv", q.year, q.by.id()),
        body,
    ))
}
