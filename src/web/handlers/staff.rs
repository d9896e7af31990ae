//! The staff workspace's handlers: sign-in and out, passwords, accounts, publishing from
//! the browser and the audit trail. Each checks the role on the server (through
//! [`Signed::require`] or the workspace's own rules), and each form's CSRF token before
//! it reads anything else ([`StaffForm`]); what they change, the staff service records.

use axum::extract::{FromRequest, Multipart, Path, Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use crate::staff::uploads::UploadedFile;
use crate::staff::{
    Account, AuditFilter, NewAccount, Outcome, Refusal, Role, SignInError, SignedIn, StaffError,
};
use crate::web::error::WebError;
use crate::web::extract::Ctx;
use crate::web::i18n::Lang;
use crate::web::session::{
    COOKIE, SIGN_IN_COOKIE, SignIn, Signed, StaffForm, client_addr, cookie, form_body, form_fields,
    safe_next, set_cookie, sign_in_answer, workspace,
};
use crate::web::staff_pages::{
    AUDIT_PAGE, AccountsPage, AuditPage, HomePage, KeysPage, PasswordPage, PublishPage, SignInPage,
    UploadPage,
};

/// A client's error shown on a staff form, in the reader's language: a refusal with its
/// figures filled, or a whole sentence with none (the password's) from the catalogue.
fn said(lang: Lang, e: &StaffError) -> String {
    match e {
        StaffError::Refused(r) | StaffError::Forbidden(r) => lang.staff_refusal(r),
        e => lang.t(&e.to_string()).to_string(),
    }
}

/// A response that also sets a cookie.
fn with_cookie(mut response: Response, value: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, value);
    response
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

pub async fn get_sign_in(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, WebError> {
    sign_in_answer(
        &ctx,
        SignIn {
            next: safe_next(&q.next),
            error: None,
            status: StatusCode::OK,
            kept: None,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    next: String,
    token: String,
}

pub async fn post_sign_in(ctx: Ctx, request: Request) -> Result<Response, WebError> {
    let ws = workspace(&ctx.state, "/staff/sign-in")?;
    let (parts, body) = request.into_parts();
    let addr = client_addr(&parts);
    let expected = cookie(&parts, SIGN_IN_COOKIE).unwrap_or_default();
    let form: SignInForm = serde_json::from_value(serde_json::Value::Object(form_fields(
        &form_body(body).await?,
    )))
    .map_err(|e| WebError::BadRequest(format!("the form: {e}")))?;
    if expected.is_empty() || expected != form.token {
        return Err(WebError::CsrfRejected);
    }
    let secure = ws.staff.config.is_https();
    let answer = |error: String, status: StatusCode| {
        ctx.page(&SignInPage {
            email: &form.email,
            next: safe_next(&form.next),
            token: &form.token,
            error: Some(error),
            status,
            kept: None,
        })
    };
    match ws.staff.sign_in(&form.email, &form.password, &addr).await {
        Ok(SignedIn { token, session }) => {
            let to = if session.account.must_change {
                "/staff/password"
            } else {
                safe_next(&form.next)
            };
            let response = with_cookie(
                Redirect::to(to).into_response(),
                set_cookie(COOKIE, &token, None, secure),
            );
            Ok(with_cookie(
                response,
                set_cookie(SIGN_IN_COOKIE, "", Some(0), secure),
            ))
        }
        Err(SignInError::Staff(e)) => Err(e.into()),
        Err(e @ SignInError::Locked { .. }) => answer(
            ctx.lang.t(&e.to_string()).to_string(),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => answer(
            ctx.lang.t(&e.to_string()).to_string(),
            StatusCode::UNAUTHORIZED,
        ),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Empty {}

pub async fn post_sign_out(f: StaffForm<Empty>) -> Result<Response, WebError> {
    let s = &f.signed;
    s.workspace.staff.sign_out(&s.session, &s.addr).await?;
    let secure = s.workspace.staff.config.is_https();
    Ok(with_cookie(
        Redirect::to("/staff/sign-in").into_response(),
        set_cookie(COOKIE, "", Some(0), secure),
    ))
}

pub async fn get_home(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    let uploads = s.workspace.recent_for(&s.session.account).await?;
    ctx.page(&HomePage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        uploads: &uploads,
    })
}

pub async fn get_password(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    ctx.page(&PasswordPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    again: String,
}

pub async fn post_password(ctx: Ctx, f: StaffForm<PasswordForm>) -> Result<Response, WebError> {
    let s = &f.signed;
    let again = |error: String| {
        ctx.page(&PasswordPage {
            account: &s.session.account,
            csrf: &s.session.csrf,
            error: Some(error),
        })
    };
    if f.form.new != f.form.again {
        return again(ctx.lang.t("The two new passwords differ.").to_string());
    }
    match s
        .workspace
        .staff
        .change_password(&s.session, &f.form.current, &f.form.new, &s.addr)
        .await
    {
        Ok(SignedIn { token, .. }) => {
            let staff = &s.workspace.staff;
            Ok(with_cookie(
                Redirect::to("/staff").into_response(),
                set_cookie(COOKIE, &token, None, staff.config.is_https()),
            ))
        }
        Err(e) if e.is_client_error() => again(said(ctx.lang, &e)),
        Err(e) => Err(e.into()),
    }
}

async fn accounts_page(
    ctx: &Ctx,
    s: &Signed,
    one_time: Option<(String, String)>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let accounts = s.workspace.staff.db.accounts().await?;
    let offices = s
        .workspace
        .staff
        .offices()
        .iter()
        .map(|(code, o)| (code.as_str(), o.name.as_str()))
        .collect();
    ctx.page(&AccountsPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        accounts: &accounts,
        offices,
        one_time,
        message,
    })
}

pub async fn list_accounts(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    s.require(Role::Admin, "account.list").await?;
    accounts_page(&ctx, &s, None, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    email: String,
    name: String,
    role: String,
    offices: String,
}

pub async fn post_account(ctx: Ctx, f: StaffForm<AccountForm>) -> Result<Response, WebError> {
    let s = &f.signed;
    s.require(Role::Admin, "account.add").await?;
    let role: Role = match f.form.role.parse() {
        Ok(r) => r,
        Err(e) => return accounts_page(&ctx, s, None, Some(said(ctx.lang, &e))).await,
    };
    let new = NewAccount {
        email: f.form.email.clone(),
        name: f.form.name.clone(),
        role,
        offices: f
            .form
            .offices
            .split([' ', ','])
            .map(str::to_string)
            .collect(),
    };
    match s.workspace.staff.add_account(&s.actor(), new, None).await {
        Ok((account, password)) => {
            let one_time = password.map(|p| (account.email, p));
            accounts_page(&ctx, s, one_time, None).await
        }
        Err(e) if e.is_client_error() => {
            accounts_page(&ctx, s, None, Some(said(ctx.lang, &e))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Office codes as typed: separated by spaces or commas.
fn offices(text: &str) -> Vec<String> {
    text.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The account an admin acts on, by id.
async fn target(s: &Signed, id: i64) -> Result<Account, WebError> {
    s.workspace
        .staff
        .db
        .account_by_id(id)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("no account {id}")))
}

pub async fn post_account_action(
    ctx: Ctx,
    Path((id, action)): Path<(i64, String)>,
    f: StaffForm<AccountForm>,
) -> Result<Response, WebError> {
    let s = &f.signed;
    s.require(Role::Admin, &format!("account.{action}")).await?;
    let account = target(s, id).await?;
    let staff = &s.workspace.staff;
    let actor = s.actor();
    let result = match action.as_str() {
        "disable" => staff
            .set_disabled(&actor, &account.email, true)
            .await
            .map(|_| None),
        "enable" => staff
            .set_disabled(&actor, &account.email, false)
            .await
            .map(|_| None),
        "reset" => staff
            .reset(&actor, &account.email)
            .await
            .map(|p| Some((account.email.clone(), p))),
        "role" => match f.form.role.parse() {
            Ok(role) => staff
                .set_role(&actor, &account.email, role, offices(&f.form.offices))
                .await
                .map(|_| None),
            Err(e) => Err(e),
        },
        _ => {
            return Err(WebError::NoRoute {
                path: format!("/staff/accounts/{id}/{action}"),
            });
        }
    };
    match result {
        Ok(one_time) => accounts_page(&ctx, s, one_time, None).await,
        Err(e) if e.is_client_error() => {
            accounts_page(&ctx, s, None, Some(said(ctx.lang, &e))).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn get_publish(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    s.require(Role::Publisher, "publish.open").await?;
    let choices = s.workspace.pipelines_for(&s.session.account)?;
    ctx.page(&PublishPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        choices: &choices,
        max_bytes: s.workspace.max_bytes(),
    })
}

/// Receives an upload: the CSRF token and the pipeline first, then the files, streamed
/// to disk under names of ours and hashed as they come, never past the size limit. Then
/// starts the check and sends the browser to the upload's page.
pub async fn post_publish(s: Signed, request: Request) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    receive(s, parts, body).await
}

async fn receive(
    s: Signed,
    parts: axum::http::request::Parts,
    body: axum::body::Body,
) -> Result<Response, WebError> {
    s.require(Role::Publisher, "upload.begin").await?;
    let limit = s.workspace.max_bytes();
    // A declared length over the limit is refused before a byte is read.
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit + 64 * 1024) {
        s.workspace
            .staff
            .db
            .audit(
                &s.actor(),
                "upload.begin",
                "",
                Outcome::Refused,
                &format!(
                    "{} bytes declared, over the limit of {limit}",
                    declared.unwrap_or(0)
                ),
            )
            .await?;
        return Err(WebError::TooLarge { limit });
    }
    let request = Request::from_parts(parts, body);
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| {
        WebError::BadRequest(format!("expected a multipart form: {}", e.body_text()))
    })?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!(
            "the upload was cut off or malformed: {}",
            e.body_text()
        ))
    };
    let mut csrf_ok = false;
    let (mut pipeline, mut period, mut note) = (String::new(), String::new(), String::new());
    let mut upload = None;
    let mut files: Vec<UploadedFile> = Vec::new();
    let mut total: u64 = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name != "files" {
            let value = field.text().await.map_err(bad)?;
            match name.as_str() {
                "csrf" => csrf_ok = s.session.csrf_matches(&value),
                "pipeline" => pipeline = value,
                "period" => period = value,
                "note" => note = value,
                _ => {}
            }
            continue;
        }
        if !csrf_ok {
            let _ = s
                .workspace
                .staff
                .db
                .audit(
                    &s.actor(),
                    "csrf.rejected",
                    "/staff/publish",
                    Outcome::Refused,
                    "files before a valid token",
                )
                .await;
            return Err(WebError::CsrfRejected);
        }
        let original = field.file_name().unwrap_or("").to_string();
        if original.is_empty() {
            // An empty file input sends a part with no name and no bytes.
            continue;
        }
        if upload.is_none() {
            upload = Some(
                s.workspace
                    .begin(&s.actor(), &s.session.account, &pipeline, &period, &note)
                    .await?,
            );
        }
        let Some(up) = upload.as_ref() else { continue };
        let (stored, path) = s.workspace.file_path(up, files.len(), &original);
        let mut out = tokio::fs::File::create(&path).await?;
        let mut bytes = 0u64;
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    drop(out);
                    s.workspace.discard(up, "the upload was cut off").await?;
                    return Err(bad(e));
                }
            };
            total += chunk.len() as u64;
            if total > limit {
                drop(out);
                s.workspace
                    .discard(up, &format!("over the limit of {limit} bytes"))
                    .await?;
                s.workspace
                    .staff
                    .db
                    .audit(
                        &s.actor(),
                        "upload.receive",
                        &up.id,
                        Outcome::Refused,
                        &format!("over the limit of {limit} bytes"),
                    )
                    .await?;
                return Err(WebError::TooLarge { limit });
            }
            bytes += chunk.len() as u64;
            out.write_all(&chunk).await?;
        }
        // Flushed, not synced: an upload is a working copy (a crash loses it, and the
        // officer sends it again); what is published is synced by the store.
        out.flush().await?;
        files.push(UploadedFile {
            name: original.chars().take(200).collect(),
            stored,
            // The check hashes each file as it reads it; that hash is the one recorded.
            sha256: String::new(),
            bytes,
        });
    }
    if !csrf_ok {
        return Err(WebError::CsrfRejected);
    }
    let Some(up) = upload else {
        return Err(StaffError::Refused(Refusal::NoFile).into());
    };
    s.workspace.received(&s.actor(), &up, &files).await?;
    let ws = s.workspace.clone();
    let actor = s.actor();
    let id = up.id.clone();
    tokio::spawn(async move {
        if let Err(e) = ws.check(&actor, &id).await {
            tracing::error!(error = %crate::format::chain(&e), upload = %id, "the check of an upload failed");
        }
    });
    Ok(Redirect::to(&format!("/staff/uploads/{}", up.id)).into_response())
}

/// `?page=`: a whole number from 1, 1 when absent.
fn page_param(page: Option<&str>) -> Result<usize, WebError> {
    let params = page
        .map(|p| [("page".to_string(), p.to_string())].into())
        .unwrap_or_default();
    Ok(crate::format::positive(&params, "page", 1, 1_000_000)?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: Option<String>,
}

pub async fn get_upload(
    ctx: Ctx,
    s: Signed,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let ws = &s.workspace;
    let upload = ws.get_for(&s.session.account, &id).await?;
    let page = page_param(q.page.as_deref())?;
    let report = if upload.status.is_running() {
        None
    } else {
        ws.report(&id).await?
    };
    let restates = if upload.status == crate::staff::UploadStatus::Checked {
        ws.latest_version(&upload.dataset)
    } else {
        None
    };
    ctx.page(&UploadPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        progress: ws.progress(&id),
        upload: &upload,
        report: report.as_ref(),
        page,
        restates,
    })
}

pub async fn get_upload_progress(s: Signed, Path(id): Path<String>) -> Result<Response, WebError> {
    let upload = s.workspace.get_for(&s.session.account, &id).await?;
    let body = serde_json::json!({
        "status": upload.status.as_str(),
        "running": upload.status.is_running(),
        "rows_read": s.workspace.progress(&id).unwrap_or(upload.rows_read as u64),
    });
    Ok(crate::web::cache::with_policy(
        axum::Json(body).into_response(),
        crate::web::cache::CachePolicy::NoStore,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    note: String,
}

pub async fn post_upload_publish(
    Path(id): Path<String>,
    f: StaffForm<PublishForm>,
) -> Result<Response, WebError> {
    let s = &f.signed;
    s.require(Role::Publisher, "upload.publish").await?;
    s.workspace
        .publish(&s.actor(), &s.session.account, &id, &f.form.note)
        .await?;
    Ok(Redirect::to(&format!("/staff/uploads/{id}")).into_response())
}

pub async fn post_upload_abandon(
    Path(id): Path<String>,
    f: StaffForm<Empty>,
) -> Result<Response, WebError> {
    let s = &f.signed;
    s.workspace
        .abandon(&s.actor(), &s.session.account, &id)
        .await?;
    Ok(Redirect::to("/staff").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    actor: String,
    action: String,
    outcome: String,
    target: String,
    since: String,
    until: String,
    page: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> Result<AuditFilter, WebError> {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let day = |name: &str, s: &str, plus: i64| -> Result<Option<i64>, WebError> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(|d| {
                    Some(
                        d.and_hms_opt(0, 0, 0)
                            .map_or(0, |t| t.and_utc().timestamp())
                            + plus,
                    )
                })
                .map_err(|_| {
                    WebError::BadRequest(format!("{name} `{s}` is not a date like 2026-11-28"))
                })
        };
        Ok(AuditFilter {
            actor: text(&self.actor),
            action: text(&self.action),
            outcome: text(&self.outcome),
            target: text(&self.target),
            since: day("since", &self.since, 0)?,
            until: day("until", &self.until, 86_400)?,
        })
    }

    /// The filter again as a query string, for links.
    fn query(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("actor", &self.actor)
            .append_pair("action", &self.action)
            .append_pair("outcome", &self.outcome)
            .append_pair("target", &self.target)
            .append_pair("since", &self.since)
            .append_pair("until", &self.until)
            .finish()
    }
}

pub async fn get_audit(
    ctx: Ctx,
    s: Signed,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    s.require(Role::Admin, "audit.read").await?;
    let filter = q.filter()?;
    let page = page_param(q.page.as_deref())? as i64;
    let db = &s.workspace.staff.db;
    let total = db.audit_count(&filter).await?;
    let rows = db
        .audit_rows(&filter, AUDIT_PAGE, (page - 1).saturating_mul(AUDIT_PAGE))
        .await?;
    ctx.page(&AuditPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        rows: &rows,
        filter: &filter,
        query: &q.query(),
        page,
        total,
    })
}

pub async fn get_audit_csv(s: Signed, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    s.require(Role::Admin, "audit.read").await?;
    let filter = q.filter()?;
    let db = &s.workspace.staff.db;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "seq",
        "at",
        "actor",
        "address",
        "action",
        "target",
        "outcome",
        "detail",
        "prev_hash",
        "hash",
    ])?;
    let mut offset = 0;
    loop {
        let rows = db.audit_rows(&filter, 10_000, offset).await?;
        if rows.is_empty() {
            break;
        }
        offset += rows.len() as i64;
        for r in &rows {
            out.write_record([
                r.seq.to_string().as_str(),
                &r.time(),
                &inert(&r.actor),
                &r.address,
                &r.action,
                &inert(&r.target),
                &r.outcome,
                &inert(&r.detail),
                &r.prev_hash,
                &r.hash,
            ])?;
        }
    }
    let body = out.into_inner().map_err(|e| WebError::Io(e.into_error()))?;
    Ok(crate::web::cache::with_policy(
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"staff-audit.csv\"",
                ),
            ],
            body,
        )
            .into_response(),
        crate::web::cache::CachePolicy::NoStore,
    ))
}

/// A cell a spreadsheet will not run as a formula: what someone typed (an e-mail at a
/// failed sign-in) lands in this file, so a leading `=`, `+`, `-` or `@` gets a `'`.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

async fn keys_page(
    ctx: &Ctx,
    s: &Signed,
    issued: Option<String>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let keys = s.workspace.staff.keys().await?;
    ctx.page(&KeysPage {
        account: &s.session.account,
        csrf: &s.session.csrf,
        keys: &keys,
        issued,
        message,
    })
}

pub async fn list_keys(ctx: Ctx, s: Signed) -> Result<Response, WebError> {
    s.require(Role::Admin, "key.list").await?;
    keys_page(&ctx, &s, None, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KeyForm {
    label: String,
}

pub async fn post_key(ctx: Ctx, f: StaffForm<KeyForm>) -> Result<Response, WebError> {
    let s = &f.signed;
    s.require(Role::Admin, "key.issue").await?;
    match s.workspace.staff.issue_key(&s.actor(), &f.form.label).await {
        Ok((key, _)) => keys_page(&ctx, s, Some(key), None).await,
        Err(e) if e.is_client_error() => keys_page(&ctx, s, None, Some(said(ctx.lang, &e))).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn post_revoke_key(
    ctx: Ctx,
    Path(id): Path<i64>,
    f: StaffForm<Empty>,
) -> Result<Response, WebError> {
    let s = &f.signed;
    s.require(Role::Admin, "key.revoke").await?;
    match s.workspace.staff.revoke_key(&s.actor(), id).await {
        Ok(()) => keys_page(&ctx, s, None, None).await,
        Err(e) if e.is_client_error() => keys_page(&ctx, s, None, Some(said(ctx.lang, &e))).await,
        Err(e) => Err(e.into()),
    }
}
