//! Who is asking on the staff side. [`Signed`] is a signed-in account (a page without one
//! redirects to the sign-in form); [`StaffForm`] is a form posted by one, refused with 403
//! unless it carries the session's CSRF token. The session cookie is HttpOnly,
//! SameSite=Strict, scoped to `/staff`, and Secure when the public address is https.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use super::error::WebError;
use super::extract::Ctx;
use super::staff_pages::SignInPage;
use super::state::AppState;
use crate::staff::{Actor, Outcome, Refusal, Role, Session, StaffError, Workspace};

/// The session cookie's name.
pub(super) const COOKIE: &str = "disclose_staff";
/// The sign-in form's own token (a cookie and a hidden field that must agree), so that
/// another site cannot sign a browser in to an account of its choosing.
pub(super) const SIGN_IN_COOKIE: &str = "disclose_signin";
/// The largest urlencoded staff form read (uploads are multipart and have their own).
const FORM_LIMIT: usize = 64 * 1024;

/// The client's address as the socket saw it, for the audit trail and sign-in limits.
pub(super) fn client_addr(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// A cookie's value from the request.
pub(super) fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .map(str::to_string)
}

/// `Set-Cookie` for a staff cookie: `value` for `max_age` seconds (0 deletes it), or,
/// with `None`, until the browser closes: on a shared office PC a session must not
/// outlive the browser, and the server ends it after the idle time anyway.
pub(super) fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let age = max_age.map_or_else(String::new, |s| format!("; Max-Age={s}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/staff; HttpOnly; SameSite=Strict{age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The workspace, or a 404 on a server without one.
pub(super) fn workspace(state: &AppState, path: &str) -> Result<Arc<Workspace>, WebError> {
    state.workspace().cloned().ok_or_else(|| WebError::NoRoute {
        path: path.to_string(),
    })
}

/// A signed-in staff member, the workspace, and where they are asking from.
#[derive(Debug)]
pub(super) struct Signed {
    pub session: Session,
    pub workspace: Arc<Workspace>,
    pub addr: String,
}

impl Signed {
    pub fn actor(&self) -> Actor {
        self.session.actor(&self.addr)
    }

    /// Refuses (403) and records a form posted to `path` without the session's CSRF
    /// token. [`StaffForm`] does it for urlencoded forms; multipart ones call it.
    pub async fn check_csrf(&self, path: &str, token: &str) -> Result<(), WebError> {
        if self.session.csrf_matches(token) {
            return Ok(());
        }
        let _ = self
            .workspace
            .staff
            .db
            .audit(
                &self.actor(),
                "csrf.rejected",
                path,
                Outcome::Refused,
                if token.is_empty() {
                    "no token"
                } else {
                    "wrong token"
                },
            )
            .await;
        Err(WebError::CsrfRejected)
    }

    /// Refuses (and records) an action the account's role does not allow.
    pub async fn require(&self, role: Role, action: &str) -> Result<(), WebError> {
        let account = &self.session.account;
        if account.role == role || account.role == Role::Admin {
            return Ok(());
        }
        let refusal = Refusal::NeedsRole {
            role,
            yours: account.role,
        };
        self.workspace
            .staff
            .db
            .audit(
                &self.actor(),
                action,
                "",
                Outcome::Refused,
                &refusal.to_string(),
            )
            .await?;
        Err(StaffError::Forbidden(refusal).into())
    }
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let workspace = workspace(state, parts.uri.path()).map_err(IntoResponse::into_response)?;
        let session = match cookie(parts, COOKIE) {
            Some(token) => workspace
                .staff
                .session(&token)
                .await
                .map_err(|e| WebError::from(e).into_response())?,
            None => None,
        };
        let Some(session) = session else {
            return Err(sign_in_first(parts));
        };
        let path = parts.uri.path();
        if session.account.must_change && path != "/staff/password" && path != "/staff/sign-out" {
            return Err(Redirect::to("/staff/password").into_response());
        }
        Ok(Self {
            session,
            workspace,
            addr: client_addr(parts),
        })
    }
}

/// To the sign-in form, coming back here after (pages); a 401 for anything else.
fn sign_in_first(parts: &Parts) -> Response {
    let wants_page = parts.method == axum::http::Method::GET
        && !parts.uri.path().ends_with(".csv")
        && !parts.uri.path().ends_with(".json");
    if wants_page {
        let next: String = form_urlencoded::byte_serialize(
            parts
                .uri
                .path_and_query()
                .map_or("/staff", |p| p.as_str())
                .as_bytes(),
        )
        .collect();
        Redirect::to(&format!("/staff/sign-in?next={next}")).into_response()
    } else {
        WebError::SignInRequired.into_response()
    }
}

/// A form sent after its session ended (idle too long, signed out elsewhere): nothing is
/// done, and the answer is the sign-in form (401), coming back to the page the form was
/// on, with what was typed in it shown to copy, so that a long response is not lost.
async fn session_ended(parts: &mut Parts, body: axum::body::Body, state: &AppState) -> Response {
    let ctx = match Ctx::from_request_parts(parts, state).await {
        Ok(ctx) => ctx,
        Err(never) => match never {},
    };
    let typed = match form_body(body).await {
        Ok(bytes) => form_fields(&bytes)
            .get("text")
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        Err(_) => None,
    };
    // The page the form was on (same origin, so the browser sends it).
    let from = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/staff");
    let message = ctx
        .lang
        .t("Your session had ended, so that was not saved. Sign in again and send it again.");
    sign_in_answer(
        &ctx,
        SignIn {
            next: safe_next(from),
            error: Some(message.to_string()),
            status: StatusCode::UNAUTHORIZED,
            kept: typed.as_deref(),
        },
    )
    .unwrap_or_else(IntoResponse::into_response)
}

/// Where to go after signing in: a path of the workspace, nothing else.
pub(super) fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff") && !next.starts_with("//") && !next.contains("://") {
        next
    } else {
        "/staff"
    }
}

/// What the sign-in form says besides its fields.
pub(super) struct SignIn<'a> {
    pub next: &'a str,
    pub error: Option<String>,
    pub status: StatusCode,
    pub kept: Option<&'a str>,
}

/// The sign-in form with a fresh token, in the page and in its cookie (an hour).
pub(super) fn sign_in_answer(ctx: &Ctx, s: SignIn<'_>) -> Result<Response, WebError> {
    let ws = workspace(&ctx.state, "/staff/sign-in")?;
    let token = hex::encode(rand::random::<[u8; 16]>());
    let mut page = ctx.page(&SignInPage {
        email: "",
        next: s.next,
        token: &token,
        error: s.error,
        status: s.status,
        kept: s.kept,
    })?;
    page.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SIGN_IN_COOKIE,
            &token,
            Some(3600),
            ws.staff.config.is_https(),
        ),
    );
    Ok(page)
}

/// A urlencoded form's fields as text, by name (the last of a repeated name wins).
pub(super) fn form_fields(bytes: &[u8]) -> serde_json::Map<String, serde_json::Value> {
    form_urlencoded::parse(bytes)
        .into_owned()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect()
}

/// Reads a form body of at most [`FORM_LIMIT`] bytes.
pub(super) async fn form_body(body: axum::body::Body) -> Result<axum::body::Bytes, WebError> {
    axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| WebError::TooLarge {
            limit: FORM_LIMIT as u64,
        })
}

/// A form posted by a signed-in account, with its CSRF token checked before anything
/// else is read from it. `T`'s fields are text, defaulted when absent.
#[derive(Debug)]
pub(super) struct StaffForm<T> {
    pub signed: Signed,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for StaffForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let signed = match Signed::from_request_parts(&mut parts, state).await {
            Ok(signed) => signed,
            Err(refused) if refused.status() == StatusCode::UNAUTHORIZED => {
                return Err(session_ended(&mut parts, body, state).await);
            }
            Err(refused) => return Err(refused),
        };
        let bytes = form_body(body).await.map_err(IntoResponse::into_response)?;
        let fields = form_fields(&bytes);
        let token = fields.get("csrf").and_then(|v| v.as_str()).unwrap_or("");
        signed
            .check_csrf(parts.uri.path(), token)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|e| WebError::BadRequest(format!("the form: {e}")).into_response())?;
        Ok(Self { signed, form })
    }
}
