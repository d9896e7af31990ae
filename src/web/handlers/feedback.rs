//! Citizen feedback's handlers: the report form and its answer, following, the private
//! tracking link, the public record, the staff queue with moderation and the offices'
//! actions, and publishing a finished month's reports as the `feedback` dataset. Public
//! forms carry a token that must match a cookie (so another site cannot post them), a
//! field robots fill in and people do not see, and a size limit.

use std::sync::Arc;

use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::analytics::works::prop;
use crate::feedback::export::{self, PublishError, PublishMonth, Published};
use crate::feedback::{
    Action, Channel, Feedback, FeedbackError, Moderation, NewReport, Reason, Status,
};
use crate::staff::{Actor, Role};
use crate::web::error::WebError;
use crate::web::extract::{Ctx, Params};
use crate::web::feedback_pages::{
    FiledPage, FollowPage, QueuePage, REPORTS_PAGE, ReportForm, ReportPage, ReportsPage,
    SimilarPage, StaffReportPage, TakePage, TrackPage,
};
use crate::web::session::{Signed, StaffForm, client_addr, cookie, form_body, form_fields};
use crate::web::staff_pages::{FeedbackPublishPage, MonthPublished};

/// The public forms' cookie: a random token the form must repeat.
const FORM_COOKIE: &str = "disclose_form";

fn feedback(ctx: &Ctx) -> Result<Arc<Feedback>, WebError> {
    ctx.state
        .feedback()
        .cloned()
        .ok_or_else(|| WebError::NoRoute {
            path: ctx.uri.path().to_string(),
        })
}

/// A response with the public forms' cookie set to `token`.
fn with_form_cookie(mut response: Response, token: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{FORM_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400"
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The token a page's forms carry: the visitor's cookie's, or a new one.
fn form_token(parts: &axum::http::request::Parts) -> String {
    cookie(parts, FORM_COOKIE)
        .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>()))
}

/// A public form's fields, refused (403) unless its token matches the cookie.
async fn public_form(
    request: Request,
) -> Result<
    (
        axum::http::request::Parts,
        serde_json::Map<String, serde_json::Value>,
    ),
    WebError,
> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&form_body(body).await?);
    let expected = cookie(&parts, FORM_COOKIE).unwrap_or_default();
    let given = fields.get("token").and_then(|v| v.as_str()).unwrap_or("");
    if expected.is_empty() || expected != given {
        return Err(WebError::CsrfRejected);
    }
    Ok((parts, fields))
}

fn text<'a>(fields: &'a serde_json::Map<String, serde_json::Value>, key: &str) -> &'a str {
    fields
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .trim()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    project: String,
    ward: String,
    category: String,
}

/// Wards as (code, name), for the form.
async fn wards(ctx: &Ctx) -> Result<Vec<(String, String)>, WebError> {
    let works = ctx.state.works().await?;
    Ok(works
        .wards
        .iter()
        .map(|w| {
            (
                prop(&w.feature, "code").to_string(),
                prop(&w.feature, "name").to_string(),
            )
        })
        .collect())
}

pub async fn get_report_form(ctx: Ctx, request: Request) -> Result<Response, WebError> {
    feedback(&ctx)?;
    let (parts, _) = request.into_parts();
    let q: ReportQuery = Query::try_from_uri(&parts.uri)
        .map(|Query(q)| q)
        .unwrap_or_default();
    let token = form_token(&parts);
    let works = ctx.state.works().await?;
    let project = if q.project.is_empty() {
        None
    } else {
        Some(
            works
                .project(&q.project)
                .ok_or_else(|| WebError::UnknownProject {
                    id: q.project.clone(),
                })?,
        )
    };
    let new = NewReport {
        category: q.category,
        ward: q.ward,
        project_id: q.project.clone(),
        ..NewReport::default()
    };
    let wards = wards(&ctx).await?;
    let page = ctx.page(&ReportForm {
        new: &new,
        token: &token,
        error: None,
        project: project.map(|p| (q.project.as_str(), prop(&p.feature, "title"))),
        wards: &wards,
    })?;
    Ok(with_form_cookie(page, &token))
}

/// Reads a filed report from the form's fields, with the project's place when it names
/// one (a report on a project is where the project is).
async fn new_report(
    ctx: &Ctx,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<NewReport, WebError> {
    let mut new = NewReport {
        category: text(fields, "category").to_string(),
        text: text(fields, "text").to_string(),
        project_id: text(fields, "project").to_string(),
        ward: text(fields, "ward").to_string(),
        reporter_name: text(fields, "name").to_string(),
        reporter_contact: text(fields, "contact").to_string(),
        channel: Some(Channel::Web),
        ..NewReport::default()
    };
    let (lat, lon) = (text(fields, "lat"), text(fields, "lon"));
    if !lat.is_empty() || !lon.is_empty() {
        let parse = |name: &str, s: &str| {
            s.replace(',', ".").parse::<f64>().map_err(|_| {
                WebError::BadRequest(format!(
                    "{name} `{}` is not a number like -0.4512",
                    s.chars().take(30).collect::<String>()
                ))
            })
        };
        new.point = Some((parse("latitude", lat)?, parse("longitude", lon)?));
    }
    if !new.project_id.is_empty() {
        let works = ctx.state.works().await?;
        let project = works
            .project(&new.project_id)
            .ok_or_else(|| WebError::UnknownProject {
                id: new.project_id.clone(),
            })?;
        if let Some([w, s, e, n]) = project.bbox {
            new.point = Some(((s + n) / 2.0, (w + e) / 2.0));
        }
        new.ward = prop(&project.feature, "ward").to_string();
    } else if !new.ward.is_empty() && ctx.state.works().await?.ward(&new.ward).is_none() {
        return Err(WebError::UnknownWard {
            code: new.ward.clone(),
        });
    }
    Ok(new)
}

pub async fn post_report(ctx: Ctx, request: Request) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (parts, fields) = public_form(request).await?;
    if let Err(seconds) = ctx.state.report_limiter().check(&client_addr(&parts)) {
        return Err(WebError::RateLimited { seconds });
    }
    let token = text(&fields, "token").to_string();
    if !text(&fields, "website").is_empty() {
        // A robot filled in the field people cannot see: answer as if filed, keep nothing.
        return ctx.page(&FiledPage {
            reference: "—",
            link: "/reports",
            following: false,
        });
    }
    let new = match new_report(&ctx, &fields).await {
        Ok(n) => n,
        Err(e) if e.status().is_client_error() => {
            let wards = wards(&ctx).await?;
            return ctx.page(&ReportForm {
                new: &NewReport::default(),
                token: &token,
                error: Some(e.to_string()),
                project: None,
                wards: &wards,
            });
        }
        Err(e) => return Err(e),
    };
    if text(&fields, "confirm") != "1" {
        let similar = fb.nearby(&new.category, new.point, &new.project_id).await?;
        if !similar.is_empty() {
            return ctx.page(&SimilarPage {
                new: &new,
                token: &token,
                similar: &similar,
            });
        }
    }
    let actor = Actor {
        name: "public".into(),
        address: client_addr(&parts),
    };
    match fb.file(&actor, new.clone()).await {
        Ok(filed) => {
            let link = format!("/track/{}", filed.token);
            ctx.page(&FiledPage {
                reference: &filed.reference,
                link: &link,
                following: false,
            })
        }
        Err(FeedbackError::Invalid(message)) => {
            let wards = wards(&ctx).await?;
            let project_title;
            let project = if new.project_id.is_empty() {
                None
            } else {
                let works = ctx.state.works().await?;
                project_title = works
                    .project(&new.project_id)
                    .map(|p| prop(&p.feature, "title").to_string())
                    .unwrap_or_default();
                Some((new.project_id.as_str(), project_title.as_str()))
            };
            ctx.page(&ReportForm {
                new: &new,
                token: &token,
                error: Some(message),
                project,
                wards: &wards,
            })
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn get_follow(
    ctx: Ctx,
    Path(reference): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (parts, _) = request.into_parts();
    let report = fb
        .by_reference(&reference)
        .await?
        .filter(|r| r.status.is_public())
        .ok_or_else(|| WebError::NotFound(format!("no report {reference}")))?;
    let token = form_token(&parts);
    let page = ctx.page(&FollowPage {
        report: &report,
        token: &token,
    })?;
    Ok(with_form_cookie(page, &token))
}

pub async fn post_follow(
    ctx: Ctx,
    Path(reference): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    public_form(request).await?;
    let token = fb.follow(&reference).await?;
    let link = format!("/track/{token}");
    ctx.page(&FiledPage {
        reference: &reference,
        link: &link,
        following: true,
    })
}

pub async fn get_track(
    ctx: Ctx,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (parts, _) = request.into_parts();
    let report = fb.by_token(&token).await?.ok_or_else(|| {
        WebError::NotFound("no report follows this link; check it was copied whole".into())
    })?;
    let events = fb.history(&report, true).await?;
    let form = form_token(&parts);
    let link = format!("/track/{token}");
    let page = ctx.page(&TrackPage {
        report: &report,
        events: &events,
        link: &link,
        token: &form,
        message: None,
    })?;
    Ok(with_form_cookie(page, &form))
}

pub async fn post_track(
    ctx: Ctx,
    Path((token, what)): Path<(String, String)>,
    request: Request,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (_, fields) = public_form(request).await?;
    let form = text(&fields, "token").to_string();
    let body = text(&fields, "text");
    let (report, message) = match what.as_str() {
        "info" => (
            fb.add_info(&token, body).await?,
            ctx.lang.t("Thank you: the office will read it."),
        ),
        "reopen" => (
            fb.reopen(&token, body).await?,
            ctx.lang.t("The report is open again."),
        ),
        _ => {
            return Err(WebError::NoRoute {
                path: ctx.uri.path().to_string(),
            });
        }
    };
    let report = fb.by_id(report.id).await?.unwrap_or(report);
    let events = fb.history(&report, true).await?;
    let link = format!("/track/{token}");
    ctx.page(&TrackPage {
        report: &report,
        events: &events,
        link: &link,
        token: &form,
        message: Some(message.to_string()),
    })
}

pub async fn get_public_report(
    ctx: Ctx,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let report = fb
        .by_reference(&reference)
        .await?
        .filter(|r| r.status.is_public())
        .ok_or_else(|| WebError::NotFound(format!("no published report {reference}")))?;
    let events = fb.history(&report, true).await?;
    ctx.page(&ReportPage {
        report: &report,
        events: &events,
    })
}

/// The public list's filters.
fn filter(
    params: &std::collections::HashMap<String, String>,
) -> Result<crate::feedback::Filter, WebError> {
    let get = |k: &str| {
        params
            .get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let status = match get("status") {
        Some(s) => Some(Status::parse(&s).filter(|s| s.is_public()).ok_or_else(|| WebError::BadRequest(format!("status `{}` is not one of open, acknowledged, in_progress, resolved, closed_not_fixed, duplicate, reopened", s.chars().take(30).collect::<String>())))?),
        None => None,
    };
    Ok(crate::feedback::Filter {
        status,
        category: get("category"),
        ward: get("ward"),
        office: get("office"),
        project: get("project"),
        overdue: get("overdue").is_some_and(|v| v == "1" || v == "true"),
        public_only: true,
    })
}

pub async fn list_reports(ctx: Ctx, Params(params): Params) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let f = filter(&params)?;
    let page = crate::format::positive(&params, "page", 1, 100_000)?;
    let start = (page - 1) * REPORTS_PAGE;
    let (shown, total) = fb.page(&f, REPORTS_PAGE as i64, start as i64).await?;
    if start > 0 && start as i64 >= total {
        return Err(WebError::BadRequest(format!(
            "page {page} is past the last page"
        )));
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().filter(|(k, _)| k.as_str() != "page"))
        .finish();
    ctx.page(&ReportsPage {
        reports: &shown,
        page,
        total: usize::try_from(total).unwrap_or(0),
        query: &query,
    })
}

pub async fn list_reports_csv(ctx: Ctx, params: Params) -> Result<Response, WebError> {
    reports_data(ctx, params, "reports.csv").await
}

pub async fn list_reports_json(ctx: Ctx, params: Params) -> Result<Response, WebError> {
    reports_data(ctx, params, "reports.json").await
}

async fn reports_data(
    ctx: Ctx,
    Params(params): Params,
    format: &str,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let f = filter(&params)?;
    let all = fb.list(&f).await?;
    let rows: Vec<serde_json::Value> = all.iter().map(|r| fb.public_row(r)).collect();
    match format {
        "reports.json" => Ok(axum::Json(serde_json::json!({ "reports": rows })).into_response()),
        "reports.csv" => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(crate::feedback::PUBLIC_COLUMNS)?;
            for row in &rows {
                out.write_record(
                    crate::feedback::PUBLIC_COLUMNS
                        .iter()
                        .map(|c| match &row[*c] {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Null => String::new(),
                            v => v.to_string(),
                        }),
                )?;
            }
            let body = out.into_inner().map_err(|e| WebError::Io(e.into_error()))?;
            Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
        }
        _ => Err(WebError::NoRoute {
            path: ctx.uri.path().to_string(),
        }),
    }
}

pub async fn get_queue(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let a = &s.session.account;
    if !matches!(a.role, Role::Admin | Role::Moderator | Role::Officer) {
        s.require(Role::Officer, "report.queue").await?;
    }
    let reports = fb.queue(a).await?;
    ctx.page(&QueuePage { reports: &reports })
}

pub async fn get_staff_report(
    ctx: Ctx,
    s: Signed,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    staff_report(&ctx, &fb, &s, &reference, None).await
}

async fn staff_report(
    ctx: &Ctx,
    fb: &Feedback,
    s: &Signed,
    reference: &str,
    message: Option<String>,
) -> Result<Response, WebError> {
    let report = fb
        .by_reference(reference)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("no report {reference}")))?;
    let a = &s.session.account;
    let may_see = matches!(a.role, Role::Admin | Role::Moderator)
        || (a.role == Role::Officer && a.offices.contains(&report.office));
    if !may_see {
        return Err(WebError::Forbidden(format!(
            "{reference} is for another office"
        )));
    }
    let events = fb.history(&report, false).await?;
    ctx.page(&StaffReportPage {
        account: a,
        csrf: &s.session.csrf,
        report: &report,
        events: &events,
        message,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModerateForm {
    decision: String,
    text: String,
    reason: String,
}

pub async fn post_moderate(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<ModerateForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    s.require(Role::Moderator, "report.moderate").await?;
    let reason = Reason::parse(&f.form.reason);
    let need_reason = || WebError::BadRequest("choose the reason".into());
    let decision = match f.form.decision.as_str() {
        "publish" => Moderation::Publish,
        "publish_edited" => Moderation::PublishEdited {
            text: f.form.text.clone(),
            reason: reason.ok_or_else(need_reason)?,
        },
        "reject" => Moderation::Reject {
            reason: reason.ok_or_else(need_reason)?,
        },
        other => {
            return Err(WebError::BadRequest(format!(
                "decision `{}` is not publish, publish_edited or reject",
                other.chars().take(30).collect::<String>()
            )));
        }
    };
    match fb
        .moderate(&s.actor(), &s.session.account, &reference, decision)
        .await
    {
        Ok(()) => staff_report(&ctx, &fb, s, &reference, None).await,
        Err(FeedbackError::Invalid(m)) => staff_report(&ctx, &fb, s, &reference, Some(m)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActForm {
    action: String,
    text: String,
    other: String,
    office: String,
}

pub async fn post_act(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<ActForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    let form = &f.form;
    let action = match form.action.as_str() {
        "acknowledge" => Action::Acknowledge,
        "respond" => Action::Respond {
            text: form.text.clone(),
        },
        "start" => Action::Start,
        "resolve" => Action::Resolve {
            text: form.text.clone(),
        },
        "close" => Action::CloseNotFixed {
            text: form.text.clone(),
        },
        "duplicate" => Action::DuplicateOf {
            reference: form.other.clone(),
        },
        "refer" => Action::Refer {
            office: form.office.clone(),
            reason: form.text.clone(),
        },
        other => {
            return Err(WebError::BadRequest(format!(
                "action `{}` is not one of acknowledge, respond, start, resolve, close, duplicate, refer",
                other.chars().take(30).collect::<String>()
            )));
        }
    };
    match fb
        .act(&s.actor(), &s.session.account, &reference, action)
        .await
    {
        Ok(()) => staff_report(&ctx, &fb, s, &reference, None).await,
        Err(FeedbackError::Invalid(m)) => staff_report(&ctx, &fb, s, &reference, Some(m)).await,
        Err(e) => Err(e.into()),
    }
}

/// Staff who answer the public take reports for people who came, called or texted.
async fn may_take(s: &Signed) -> Result<(), WebError> {
    if s.session.account.role == Role::Publisher {
        s.require(Role::Officer, "report.take").await?;
    }
    Ok(())
}

pub async fn get_take(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    feedback(&ctx)?;
    may_take(&s).await?;
    let wards = wards(&ctx).await?;
    ctx.page(&TakePage {
        csrf: &s.session.csrf,
        wards: &wards,
        filed: None,
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TakeForm {
    channel: String,
    category: String,
    text: String,
    project: String,
    ward: String,
    name: String,
    contact: String,
}

pub async fn post_take(ctx: Ctx, f: StaffForm<TakeForm>) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    may_take(s).await?;
    let form = &f.form;
    let channel = Channel::parse(&form.channel)
        .filter(|c| !matches!(c, Channel::Web | Channel::Open311))
        .ok_or_else(|| WebError::BadRequest("channel: counter, phone, desk or sms".into()))?;
    let mut fields = serde_json::Map::new();
    for (k, v) in [
        ("category", &form.category),
        ("text", &form.text),
        ("project", &form.project),
        ("ward", &form.ward),
        ("name", &form.name),
        ("contact", &form.contact),
    ] {
        fields.insert(k.to_string(), serde_json::Value::String(v.clone()));
    }
    let wards = wards(&ctx).await?;
    let mut new = match new_report(&ctx, &fields).await {
        Ok(n) => n,
        Err(e) if e.status().is_client_error() => {
            return ctx.page(&TakePage {
                csrf: &s.session.csrf,
                wards: &wards,
                filed: None,
                error: Some(e.to_string()),
            });
        }
        Err(e) => return Err(e),
    };
    new.channel = Some(channel);
    new.taken_by = Some(s.session.account.id);
    match fb.file(&s.actor(), new).await {
        Ok(filed) => {
            let link = format!("/track/{}", filed.token);
            ctx.page(&TakePage {
                csrf: &s.session.csrf,
                wards: &wards,
                filed: Some((filed.reference, link)),
                error: None,
            })
        }
        Err(FeedbackError::Invalid(m)) => ctx.page(&TakePage {
            csrf: &s.session.csrf,
            wards: &wards,
            filed: None,
            error: Some(m),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Finished months as of `now`, newest first (two years), each with its dataset and the
/// dataset's latest version.
fn finished_months(
    state: &crate::web::state::AppState,
    now: i64,
) -> Vec<(String, String, Option<u32>)> {
    use chrono::Datelike;
    let today = chrono::DateTime::from_timestamp(now, 0)
        .map_or_else(|| chrono::Utc::now().date_naive(), |t| t.date_naive());
    let store = crate::store::Store::open(state.data_dir()).ok();
    let (mut year, mut month) = (today.year(), today.month());
    let mut out = Vec::new();
    for _ in 0..24 {
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
        let period = format!("{year:04}-{month:02}");
        let dataset = format!("{}-{period}", export::KIND);
        let latest = store
            .as_ref()
            .and_then(|s| s.latest(&dataset))
            .map(|e| e.version);
        out.push((period, dataset, latest));
    }
    out
}

/// Moderators and admins publish; others are refused, and the refusal recorded.
async fn may_publish_feedback(s: &Signed, action: &str) -> Result<(), WebError> {
    s.require(Role::Moderator, action).await
}

pub async fn get_feedback_publish(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    may_publish_feedback(&s, "feedback.open").await?;
    let months = finished_months(&ctx.state, fb.now());
    ctx.page(&FeedbackPublishPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        months: &months,
        period: "",
        note: "",
        done: None,
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackPublishForm {
    period: String,
    note: String,
}

/// Publishes a finished month as the account (the ledger names them), and records it.
pub async fn post_feedback_publish(
    ctx: Ctx,
    f: StaffForm<FeedbackPublishForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    may_publish_feedback(s, "feedback.publish").await?;
    let form = &f.form;
    let options = PublishMonth {
        publisher: s.session.account.name.clone(),
        note: Some(form.note.clone()),
        published_at: None,
    };
    let result =
        export::publish_month(&fb, ctx.state.data_dir(), &form.period, fb.now(), &options).await;
    export::audit(&fb, &s.actor(), &form.period, &result).await?;
    let (done, error) = match result {
        Ok(Published::Published {
            dataset,
            version,
            rows,
        }) => (
            Some(MonthPublished::Published {
                dataset,
                version,
                rows,
            }),
            None,
        ),
        Ok(Published::Unchanged { dataset, version }) => {
            (Some(MonthPublished::Unchanged { dataset, version }), None)
        }
        Err(e @ PublishError::Rejected { .. }) => (None, Some(e.to_string())),
        Err(e) if e.is_client_error() => (None, Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    let months = finished_months(&ctx.state, fb.now());
    let published = done.is_some();
    ctx.page(&FeedbackPublishPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        months: &months,
        period: &form.period,
        note: if published { "" } else { &form.note },
        done,
        error,
    })
}
