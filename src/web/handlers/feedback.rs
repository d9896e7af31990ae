//! Citizen feedback's handlers: the report form and its answer, following, the private
//! tracking link, the public record, the staff queue with moderation and the offices'
//! actions, and publishing a finished month's reports as the `feedback` dataset. Public
//! forms carry a token that must match a cookie (so another site cannot post them), a
//! field robots fill in and people do not see, and a size limit.
//!
//! The report form is multipart (it may carry a photo); its body is limited here to the
//! photo limit and [`FORM_MARGIN`] ([`capped`]): past it the answer is a 413 page, after
//! reading (and dropping) up to [`DRAIN_PHOTOS`] more photos' worth, so that a browser
//! that is still sending reads the page instead of a reset connection. The photo is checked
//! and re-encoded before anything is saved, so a bad photo leaves no report behind: the
//! form comes back, its text kept, saying what to choose instead. Photos are served to
//! the public only once approved, and to staff through `/staff/…`, never cached.

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::analytics::works::prop;
use crate::feedback::export::{self, PublishError, PublishMonth};
use crate::feedback::{
    Action, Channel, Feedback, FeedbackError, Moderation, NewReport, Photo, PhotoDecision,
    PhotoError, Reason, Refusal, Report, Status, not_ours,
};
use crate::staff::{Actor, Role};
use crate::web::cache::{CachePolicy, with_policy};
use crate::web::error::WebError;
use crate::web::extract::{Ctx, Params};
use crate::web::feedback_pages::{
    ActDraft, FiledPage, FollowPage, MAP_DOTS, Names, QueuePage, REPORTS_PAGE, ReportForm,
    ReportPage, ReportsPage, SimilarPage, StaffReportPage, TakePage, TrackPage, TriagePage,
};
use crate::web::i18n::{Lang, sentence};
use crate::web::session::{Signed, StaffForm, client_addr, cookie, form_body, form_fields};
use crate::web::staff_pages::FeedbackPublishPage;
use crate::web::state::AppState;

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

type Fields = serde_json::Map<String, serde_json::Value>;

/// Refuses (403) a public form whose token does not match the cookie.
fn check_form_token(parts: &axum::http::request::Parts, fields: &Fields) -> Result<(), WebError> {
    let expected = cookie(parts, FORM_COOKIE).unwrap_or_default();
    let given = fields.get("token").and_then(|v| v.as_str()).unwrap_or("");
    if expected.is_empty() || expected != given {
        return Err(WebError::CsrfRejected);
    }
    Ok(())
}

/// A public form's fields, refused (403) unless its token matches the cookie.
async fn public_form(request: Request) -> Result<(axum::http::request::Parts, Fields), WebError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&form_body(body).await?);
    check_form_token(&parts, &fields)?;
    Ok((parts, fields))
}

/// The private tracking link of `token`, whole: it is written on paper and sent by SMS,
/// where a path alone leads nowhere (the site's public address, [`SiteUrl`]'s).
///
/// [`SiteUrl`]: crate::web::extract::SiteUrl
fn tracking_link(ctx: &Ctx, parts: &axum::http::request::Parts, token: &str) -> String {
    format!("{}/track/{token}", ctx.state.site_url(&parts.headers))
}

/// What the report form's body may hold beyond its photo: the text fields and the
/// multipart framing.
pub const FORM_MARGIN: u64 = 64 * 1024;

/// How many photo limits of bytes past the body limit are read and dropped before the
/// 413 answer; a body declared longer than that is refused before it is read.
pub const DRAIN_PHOTOS: u64 = 4;

/// `body`, ending with an error once more than `limit` bytes came, after reading and
/// dropping up to `drain` more (so the sender has finished when the answer comes);
/// `over` says whether that happened.
fn capped(
    body: axum::body::Body,
    limit: u64,
    drain: u64,
    over: Arc<std::sync::atomic::AtomicBool>,
) -> axum::body::Body {
    use futures_util::StreamExt;
    let stream = futures_util::stream::unfold(
        (body.into_data_stream(), 0u64, false),
        move |(mut stream, seen, ended)| {
            let over = over.clone();
            async move {
                if ended {
                    return None;
                }
                match stream.next().await? {
                    Err(e) => Some((Err(std::io::Error::other(e)), (stream, seen, true))),
                    Ok(chunk) if seen + chunk.len() as u64 <= limit => {
                        let seen = seen + chunk.len() as u64;
                        Some((Ok(chunk), (stream, seen, false)))
                    }
                    Ok(_) => {
                        over.store(true, std::sync::atomic::Ordering::Relaxed);
                        let mut dropped = 0u64;
                        while dropped < drain {
                            match stream.next().await {
                                Some(Ok(c)) => dropped += c.len() as u64,
                                _ => break,
                            }
                        }
                        let e = std::io::Error::other("the body is over its limit");
                        Some((Err(e), (stream, seen, true)))
                    }
                }
            }
        },
    );
    axum::body::Body::from_stream(stream)
}

/// The photo a report form carried.
enum SentPhoto {
    None,
    Bytes(Vec<u8>),
    /// Over `feedback.photo_max_bytes` (the rest of its bytes were read and dropped).
    TooLarge,
}

/// A report form's fields and photo, its token not checked yet: multipart (the form,
/// with or without a file) or urlencoded (the similar-reports page, scripts). Text fields
/// together may have [`FORM_MARGIN`] bytes.
async fn read_report_form(
    request: Request,
    state: &AppState,
    photo_max: u64,
) -> Result<(axum::http::request::Parts, Fields, SentPhoto), WebError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    if !multipart {
        let (parts, body) = request.into_parts();
        let fields = form_fields(&form_body(body).await?);
        return Ok((parts, fields, SentPhoto::None));
    }
    let (parts, body) = request.into_parts();
    let too_large = || {
        WebError::Feedback(FeedbackError::Photo(PhotoError::TooLarge {
            limit: photo_max,
        }))
    };
    let limit = photo_max.saturating_add(FORM_MARGIN);
    let drain = photo_max.saturating_mul(DRAIN_PHOTOS);
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.saturating_add(drain)) {
        return Err(too_large());
    }
    let over = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let body = capped(body, limit, drain, over.clone());
    let unreadable = |detail: String| {
        WebError::BadRequest(format!(
            "the form could not be read ({detail}); reload the form and send it again"
        ))
    };
    let read_error = |e: axum::extract::multipart::MultipartError| {
        if over.load(std::sync::atomic::Ordering::Relaxed) {
            too_large()
        } else {
            unreadable(e.body_text())
        }
    };
    let mut form = Multipart::from_request(Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(|e| unreadable(e.body_text()))?;
    let mut fields = Fields::new();
    let mut photo = SentPhoto::None;
    let mut text_bytes = 0u64;
    while let Some(mut field) = form.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or("").to_string();
        let mut bytes = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            if name == "photo" {
                // Past the limit the rest is read (the body limit bounds it) and dropped,
                // so that the text fields after it still come back in the form.
                over = over || (bytes.len() + chunk.len()) as u64 > photo_max;
                if over {
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            } else {
                text_bytes += chunk.len() as u64;
                if text_bytes > FORM_MARGIN {
                    return Err(WebError::BadRequest(format!(
                        "the form's text is over {FORM_MARGIN} bytes; shorten the description"
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
        }
        if name == "photo" {
            photo = if over {
                SentPhoto::TooLarge
            } else if bytes.is_empty() {
                // A file input left empty still sends an empty part.
                SentPhoto::None
            } else {
                SentPhoto::Bytes(bytes)
            };
        } else {
            fields.insert(
                name,
                serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    Ok((parts, fields, photo))
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

/// The names of a report's project and ward, as the published register and boundaries
/// give them.
async fn names(ctx: &Ctx, r: &crate::feedback::Report) -> Result<Names, WebError> {
    if r.project_id.is_empty() && r.ward.is_empty() {
        return Ok(Names::default());
    }
    let works = ctx.state.works().await?;
    Ok(Names {
        project: works.project_title(&r.project_id).map(str::to_string),
        ward: works.ward_name(&r.ward).map(str::to_string),
    })
}

/// What the sender of a form can fix, in the reader's language; `None` for the server's
/// own failures. Staff-only checks (`Invalid`) are said in English.
fn fixable(lang: Lang, e: &FeedbackError) -> Option<String> {
    match e {
        FeedbackError::Refused(r) => Some(lang.refusal(r)),
        FeedbackError::Photo(p) => p.refusal().map(|r| lang.refusal(&r)),
        FeedbackError::Invalid(m) => Some(sentence(m)),
        _ => None,
    }
}

/// A client's error shown on a form, in the reader's language where it is a refusal.
fn said(lang: Lang, e: &WebError) -> String {
    match e {
        WebError::Feedback(f) => fixable(lang, f).unwrap_or_else(|| e.public_message(lang)),
        _ => e.public_message(lang),
    }
}

/// The report form with what was sent and what is wrong with it (400), or empty.
async fn report_form(
    ctx: &Ctx,
    fb: &Feedback,
    new: &NewReport,
    token: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let wards = wards(ctx).await?;
    let works = ctx.state.works().await?;
    let title = works
        .project(&new.project_id)
        .map(|p| prop(&p.feature, "title").to_string());
    ctx.page(&ReportForm {
        new,
        token,
        error,
        project: title
            .as_deref()
            .filter(|_| !new.project_id.is_empty())
            .map(|t| (new.project_id.as_str(), t)),
        wards: &wards,
        photo_limit: fb.photos().max_bytes,
    })
}

pub async fn get_report_form(ctx: Ctx, request: Request) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
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
        photo_limit: fb.photos().max_bytes,
    })?;
    Ok(with_form_cookie(page, &token))
}

/// What the report form's fields say, as typed: nothing checked, nothing looked up.
fn typed_report(fields: &serde_json::Map<String, serde_json::Value>) -> NewReport {
    NewReport {
        category: text(fields, "category").to_string(),
        text: text(fields, "text").to_string(),
        project_id: text(fields, "project").to_string(),
        ward: text(fields, "ward").to_string(),
        reporter_name: text(fields, "name").to_string(),
        reporter_contact: text(fields, "contact").to_string(),
        ..NewReport::default()
    }
}

/// [`typed_report`] with the place the form gave, when it is one: what comes back to the
/// sender in a form that was refused before it was read (an expired form, the rate limit).
fn typed_with_place(fields: &serde_json::Map<String, serde_json::Value>) -> NewReport {
    NewReport {
        point: text(fields, "lat")
            .parse::<f64>()
            .ok()
            .zip(text(fields, "lon").parse::<f64>().ok()),
        ..typed_report(fields)
    }
}

/// Reads a filed report from the form's fields, with the project's place when it names
/// one (a report on a project is where the project is).
async fn new_report(
    ctx: &Ctx,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<NewReport, WebError> {
    let mut new = NewReport {
        channel: Some(Channel::Web),
        ..typed_report(fields)
    };
    let (lat, lon) = (text(fields, "lat"), text(fields, "lon"));
    if !lat.is_empty() || !lon.is_empty() {
        let parse = |latitude: bool, s: &str| {
            s.replace(',', ".").parse::<f64>().map_err(|_| {
                WebError::from(FeedbackError::from(Refusal::NotANumber {
                    latitude,
                    given: s.chars().take(30).collect(),
                }))
            })
        };
        new.point = Some((parse(true, lat)?, parse(false, lon)?));
    }
    if !new.project_id.is_empty() {
        let works = ctx.state.works().await?;
        let project = works.project(&new.project_id).ok_or_else(|| {
            FeedbackError::from(Refusal::UnknownProject {
                id: new.project_id.chars().take(40).collect(),
            })
        })?;
        if let Some([w, s, e, n]) = project.bbox {
            new.point = Some(((s + n) / 2.0, (w + e) / 2.0));
        }
        new.ward = prop(&project.feature, "ward").to_string();
    } else if !new.ward.is_empty() && ctx.state.works().await?.ward(&new.ward).is_none() {
        return Err(FeedbackError::from(Refusal::UnknownWard {
            code: new.ward.chars().take(40).collect(),
        })
        .into());
    }
    Ok(new)
}

/// The sent photo checked and re-encoded (or the staged one the similar-reports page
/// carried back), or what is wrong with it.
async fn sent_photo(
    fb: &Feedback,
    sent: SentPhoto,
    staged: &str,
) -> Result<Option<Photo>, FeedbackError> {
    match sent {
        SentPhoto::Bytes(bytes) => Ok(Some(fb.process_photo(bytes).await?)),
        SentPhoto::TooLarge => Err(PhotoError::TooLarge {
            limit: fb.photos().max_bytes,
        }
        .into()),
        SentPhoto::None if staged.is_empty() => Ok(None),
        SentPhoto::None => fb.take_staged_photo(staged).await,
    }
}

pub async fn post_report(ctx: Ctx, request: Request) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (parts, fields, sent) =
        read_report_form(request, &ctx.state, fb.photos().max_bytes).await?;
    if check_form_token(&parts, &fields).is_err() {
        // Expired (the cookie lasts a day), cookies refused, or sent from another site:
        // nothing is filed, and what was typed comes back in a fresh form to check and
        // send, rather than being lost to an error page.
        let kept = typed_with_place(&fields);
        let token = form_token(&parts);
        let message = ctx.lang.t(
            "This form had expired, or was not sent from this site: nothing was filed. \
             Check what it says and send it again (a photo must be attached again).",
        );
        let mut page = report_form(&ctx, &fb, &kept, &token, Some(message.to_string())).await?;
        *page.status_mut() = StatusCode::FORBIDDEN;
        return Ok(with_form_cookie(page, &token));
    }
    let token = text(&fields, "token").to_string();
    if let Err(seconds) = ctx.state.report_limiter().check(&client_addr(&parts)) {
        // Nothing is filed; what was typed comes back in the form (the photo must be
        // chosen again, as after any other refusal), with how long to wait.
        let kept = typed_with_place(&fields);
        let message = ctx.lang.tn(
            "Too many reports from your address in a short time: nothing was filed. Wait {} second, then send it again (a photo must be attached again).",
            "Too many reports from your address in a short time: nothing was filed. Wait {} seconds, then send it again (a photo must be attached again).",
            seconds,
        );
        let mut page = report_form(&ctx, &fb, &kept, &token, Some(message)).await?;
        *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
            page.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(page);
    }
    if !text(&fields, "website").is_empty() {
        // A robot filled in the field people cannot see: answer as if filed, keep nothing.
        return ctx.page(&FiledPage {
            reference: "—",
            link: "/reports",
            following: false,
        });
    }
    let mut new = match new_report(&ctx, &fields).await {
        Ok(n) => n,
        Err(e) if e.status().is_client_error() => {
            // What was typed comes back, but a place or project that is not one.
            let kept = NewReport {
                project_id: String::new(),
                ward: String::new(),
                ..typed_report(&fields)
            };
            return report_form(&ctx, &fb, &kept, &token, Some(said(ctx.lang, &e))).await;
        }
        Err(e) => return Err(e),
    };
    // Sent without a category (a browser that ignores `required`) or with one that is
    // not (a form changed by hand): what to do, with all the rest kept, rather than the
    // list of codes the API answers with.
    if fb.protocol().category(&new.category).is_none() {
        new.category.clear();
        let why = ctx.lang.refusal(&Refusal::NoCategory);
        return report_form(&ctx, &fb, &new, &token, Some(why)).await;
    }
    // Sent again (a refresh of the answer, a second tap on a slow network): the answer
    // it got the first time, before its photo is read again.
    new.sent_with = Some(token.clone());
    if let Some(filed) = fb.filed_before(&new).await? {
        let link = tracking_link(&ctx, &parts, &filed.token);
        return ctx.page(&FiledPage {
            reference: &filed.reference,
            link: &link,
            following: false,
        });
    }
    // The photo is checked before anything is saved: a bad one leaves no report behind.
    match sent_photo(&fb, sent, text(&fields, "photo_staged")).await {
        Ok(photo) => new.photo = photo,
        Err(e) => {
            let Some(why) = fixable(ctx.lang, &e) else {
                return Err(e.into());
            };
            return report_form(&ctx, &fb, &new, &token, Some(why)).await;
        }
    }
    if text(&fields, "confirm") != "1" {
        let similar = fb.nearby(&new).await?;
        if !similar.is_empty() {
            // The photo waits, staged, while its sender decides.
            let staged = match &new.photo {
                Some(p) => Some(fb.stage_photo(p).await?),
                None => None,
            };
            return ctx.page(&SimilarPage {
                new: &new,
                token: &token,
                similar: &similar,
                photo_staged: staged.as_deref(),
            });
        }
    }
    let actor = Actor {
        name: "public".into(),
        address: client_addr(&parts),
    };
    match fb.file(&actor, new.clone()).await {
        Ok(filed) => {
            let link = tracking_link(&ctx, &parts, &filed.token);
            ctx.page(&FiledPage {
                reference: &filed.reference,
                link: &link,
                following: false,
            })
        }
        Err(e) => match fixable(ctx.lang, &e) {
            Some(why) => report_form(&ctx, &fb, &new, &token, Some(why)).await,
            None => Err(e.into()),
        },
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
    let (parts, fields) = public_form(request).await?;
    // Asked again with the same form (the answer refreshed): the same follower.
    let token = fb.follow(&reference, Some(text(&fields, "token"))).await?;
    // What they had written goes to the report they follow, as information a moderator
    // checks first (added once, however often the answer is refreshed).
    let wrote = text(&fields, "text");
    if !wrote.trim().is_empty() {
        match fb.add_info(&token, wrote).await {
            Ok(_) | Err(FeedbackError::Invalid(_) | FeedbackError::Refused(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let link = tracking_link(&ctx, &parts, &token);
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
    let names = names(&ctx, &report).await?;
    let page = ctx.page(&TrackPage {
        names: &names,
        following: fb.follows(&token).await?,
        report: &report,
        events: &events,
        link: &link,
        token: &form,
        message: None,
        kept: None,
        status: StatusCode::OK,
    })?;
    Ok(with_form_cookie(page, &form))
}

pub async fn post_track(
    ctx: Ctx,
    Path((token, what)): Path<(String, String)>,
    request: Request,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    if what != "info" && what != "reopen" {
        return Err(WebError::NoRoute {
            path: ctx.uri.path().to_string(),
        });
    }
    let (parts, body) = request.into_parts();
    let fields = form_fields(&form_body(body).await?);
    let sent = text(&fields, "text");
    // An expired or foreign form token, or a text the report cannot take (empty, a
    // reopening too late): nothing is added, and the page comes back with the text in
    // its form and why.
    let (form, outcome) = if check_form_token(&parts, &fields).is_err() {
        let fresh = form_token(&parts);
        let expired = ctx.lang.t(
            "This form had expired, or was not sent from this site: nothing was added. \
             Check it and send it again.",
        );
        (fresh, Err((StatusCode::FORBIDDEN, expired.to_string())))
    } else {
        let done = match what.as_str() {
            "info" => fb
                .add_info(&token, sent)
                .await
                .map(|r| (r, ctx.lang.t("Thank you: the office will read it."))),
            _ => fb
                .reopen(&token, sent)
                .await
                .map(|r| (r, ctx.lang.t("The report is open again."))),
        };
        let outcome = match done {
            Ok((report, said)) => Ok((report, said.to_string())),
            Err(e) => match fixable(ctx.lang, &e) {
                Some(why) => Err((StatusCode::BAD_REQUEST, why)),
                None => return Err(e.into()),
            },
        };
        (text(&fields, "token").to_string(), outcome)
    };
    let (report, message, kept, status) = match outcome {
        // Read again, as the change left it.
        Ok((report, said)) => {
            let report = fb.by_id(report.id).await?.unwrap_or(report);
            (report, said, None, StatusCode::OK)
        }
        Err((status, why)) => {
            let report = fb.by_token(&token).await?.ok_or_else(|| {
                WebError::NotFound("no report follows this link; check it was copied whole".into())
            })?;
            (report, why, Some((what.as_str(), sent)), status)
        }
    };
    let events = fb.history(&report, true).await?;
    let link = format!("/track/{token}");
    let names = names(&ctx, &report).await?;
    let page = ctx.page(&TrackPage {
        names: &names,
        following: fb.follows(&token).await?,
        report: &report,
        events: &events,
        link: &link,
        token: &form,
        message: Some(message),
        kept,
        status,
    })?;
    Ok(with_form_cookie(page, &form))
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
    let names = names(&ctx, &report).await?;
    ctx.page(&ReportPage {
        names: &names,
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
    let dots = fb.map_points(&f, MAP_DOTS).await?;
    // Without a published wards register the map shows the dots alone.
    let works = ctx.state.works().await.ok();
    let wards = works.as_ref().map_or(&[][..], |w| w.wards.as_slice());
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().filter(|(k, _)| k.as_str() != "page"))
        .finish();
    ctx.page(&ReportsPage {
        reports: &shown,
        page,
        total: usize::try_from(total).unwrap_or(0),
        query: &query,
        filter: &f,
        dots: &dots,
        wards,
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

/// `/staff/reports?q=`: a reference, or words of the text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    q: String,
}

pub async fn get_queue(
    ctx: Ctx,
    s: Signed,
    Query(query): Query<QueueQuery>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let a = &s.session.account;
    if !matches!(a.role, Role::Admin | Role::Moderator | Role::Officer) {
        s.require(Role::Officer, "report.queue").await?;
    }
    let search: String = query.q.trim().chars().take(100).collect();
    let reports = fb.queue(a, &search).await?;
    // A reference that is the one report found: straight to it.
    if let [only] = reports.as_slice()
        && only.reference.eq_ignore_ascii_case(&search)
    {
        return back_to(
            "/staff/reports/",
            &[(String::new(), only.reference.clone())],
        );
    }
    ctx.page(&QueuePage {
        reports: &reports,
        search: &search,
    })
}

/// `?template=N&in=sw`: start the officer's answer from the category's template N.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TemplateQuery {
    template: Option<usize>,
    #[serde(rename = "in")]
    lang: String,
}

pub async fn get_staff_report(
    ctx: Ctx,
    s: Signed,
    Path(reference): Path<String>,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let shown = Shown {
        template: Some(q),
        ..Shown::default()
    };
    staff_report_with(&ctx, &fb, &s, &reference, shown).await
}

/// The address a report's staff form posts to, asked for as a page: the tab restored on a
/// phone, the address bar reloaded after the answer. The report's page, not a bare 405.
pub async fn back_to_staff_report(
    Path(params): Path<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    back_to("/staff/reports/", &params)
}

/// The same for the forms on a reporter's tracking page.
pub async fn back_to_track(
    Path(params): Path<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    back_to("/track/", &params)
}

/// A redirect to `prefix` and the first path parameter (a report's reference or a
/// tracking token), encoded.
fn back_to(prefix: &str, params: &[(String, String)]) -> Result<Response, WebError> {
    let (_, first) = params
        .first()
        .ok_or_else(|| WebError::NotFound("no such page".into()))?;
    let to = format!(
        "{prefix}{}",
        form_urlencoded::byte_serialize(first.as_bytes()).collect::<String>()
    );
    Ok(axum::response::Redirect::to(&to).into_response())
}

async fn staff_report(
    ctx: &Ctx,
    fb: &Feedback,
    s: &Signed,
    reference: &str,
    message: Option<String>,
) -> Result<Response, WebError> {
    let shown = Shown {
        message,
        ..Shown::default()
    };
    staff_report_with(ctx, fb, s, reference, shown).await
}

/// What the staff report page shows besides the report.
#[derive(Debug, Default)]
struct Shown {
    /// Why a step was not taken.
    message: Option<String>,
    /// What a one-click judgement in the assistant's panel did.
    done: Option<String>,
    /// The Act form as a refused step sent it.
    draft: Option<ActDraft>,
    /// The response template to start the Act form from.
    template: Option<TemplateQuery>,
}

async fn staff_report_with(
    ctx: &Ctx,
    fb: &Feedback,
    s: &Signed,
    reference: &str,
    shown: Shown,
) -> Result<Response, WebError> {
    let report = fb
        .by_reference(reference)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("no report {reference}")))?;
    let a = &s.session.account;
    if !may_see(s, &report) {
        return Err(FeedbackError::Forbidden(not_ours(&report, a)).into());
    }
    let events = fb.history(&report, false).await?;
    let triage = fb.triage_of(report.id).await?;
    let template = shown.template.as_ref().and_then(|q| {
        let t = fb
            .protocol()
            .category(&report.category)?
            .templates
            .get(q.template?.checked_sub(1)?)?;
        Some(if q.lang == "sw" {
            t.sw.clone()
        } else {
            t.en.clone()
        })
    });
    // Started from a template: the text is to be sent, so respond.
    let draft = match (shown.draft, template) {
        (Some(sent), _) => sent,
        (None, Some(text)) => ActDraft {
            action: "respond".into(),
            text,
            ..ActDraft::default()
        },
        (None, None) => ActDraft::default(),
    };
    let names = names(ctx, &report).await?;
    let compared = match &triage {
        Some(t) => fb.compared(&report, t).await?,
        None => Vec::new(),
    };
    ctx.page(&StaffReportPage {
        names: &names,
        compared: &compared,
        account: a,
        csrf: &s.session.csrf,
        report: &report,
        events: &events,
        message: shown.message,
        triage: triage.as_ref(),
        draft,
        done: shown.done,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TriageForm {
    category: String,
    /// A possible duplicate's reference that staff judged another problem.
    not_duplicate: String,
    /// A possible duplicate whose verdict of another problem staff take back.
    undo_not_duplicate: String,
}

/// `/staff/reports/{reference}/triage`: accept the suggested category or choose another,
/// or judge a possible duplicate another problem.
pub async fn post_triage(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<TriageForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    let (actor, account) = (s.actor(), &s.session.account);
    let form = &f.form;
    let lang = ctx.lang;
    let (undo, not_same) = (form.undo_not_duplicate.trim(), form.not_duplicate.trim());
    let done = if !undo.is_empty() {
        fb.withdraw_not_a_duplicate(&actor, account, &reference, undo)
            .await
            .map(|()| lang.t("Taken back: {} is not judged.").replace("{}", undo))
    } else if !not_same.is_empty() {
        fb.not_a_duplicate(&actor, account, &reference, not_same)
            .await
            .map(|()| {
                lang.t("Kept: {} is another problem.")
                    .replace("{}", not_same)
            })
    } else {
        fb.decide(&actor, account, &reference, form.category.trim())
            .await
            .map(|_| lang.t("The category is saved.").to_string())
    };
    match done {
        Ok(done) => {
            let shown = Shown {
                done: Some(done),
                ..Shown::default()
            };
            staff_report_with(&ctx, &fb, s, &reference, shown).await
        }
        Err(e @ (FeedbackError::Invalid(_) | FeedbackError::Refused(_))) => {
            staff_report(&ctx, &fb, s, &reference, fixable(ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `/reports/triage`: what the assistant does, its model and its measured scores.
pub async fn get_triage(ctx: Ctx) -> Result<Response, WebError> {
    use chrono::{Datelike, TimeZone};
    let fb = feedback(&ctx)?;
    // The first moment of the month `at` (Unix seconds) falls in.
    let month_of = |at: i64| {
        let at = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default();
        chrono::Utc
            .with_ymd_and_hms(at.year(), at.month(), 1, 0, 0, 0)
            .single()
            .unwrap_or(at)
    };
    let this_month = month_of(fb.now());
    let mut last_month = this_month
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(this_month);
    let mut stats = fb
        .triage_stats(last_month.timestamp(), this_month.timestamp())
        .await?;
    // A quiet month (or a demo replaying past years): the latest month that had any, named.
    let mut latest_with_any = false;
    if stats.suggested == 0
        && stats.duplicates_offered == 0
        && stats.duplicates_missed == 0
        && let Some(at) = fb.latest_suggested(last_month.timestamp()).await?
    {
        let start = month_of(at);
        let end = start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start);
        stats = fb.triage_stats(start.timestamp(), end.timestamp()).await?;
        last_month = start;
        latest_with_any = true;
    }
    let model = fb.triage().model();
    let evaluation = fb.triage().evaluation();
    ctx.page(&TriagePage {
        model: model.as_deref(),
        evaluation: evaluation.as_ref(),
        last_month: (last_month.date_naive(), stats),
        latest_with_any,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModerateForm {
    decision: String,
    text: String,
    reason: String,
}

/// A moderator's decision, from the form shared by reports and added information.
fn decision(form: &ModerateForm) -> Result<Moderation, FeedbackError> {
    let reason = Reason::parse(&form.reason).ok_or(Refusal::NoModerationReason);
    Ok(match form.decision.as_str() {
        "publish" => Moderation::Publish,
        "publish_edited" => Moderation::PublishEdited {
            text: form.text.clone(),
            reason: reason?,
        },
        "reject" => Moderation::Reject { reason: reason? },
        other => {
            return Err(FeedbackError::Invalid(format!(
                "decision `{}` is not publish, publish_edited or reject",
                other.chars().take(30).collect::<String>()
            )));
        }
    })
}

pub async fn post_moderate(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<ModerateForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    s.require(Role::Moderator, "report.moderate").await?;
    let done = match decision(&f.form) {
        Ok(decision) => {
            fb.moderate(&s.actor(), &s.session.account, &reference, decision)
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => staff_report(&ctx, &fb, s, &reference, None).await,
        Err(e @ (FeedbackError::Invalid(_) | FeedbackError::Refused(_))) => {
            staff_report(&ctx, &fb, s, &reference, fixable(ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `/staff/reports/{reference}/info/{id}`: a moderator's decision on added information.
pub async fn post_moderate_info(
    ctx: Ctx,
    Path((reference, id)): Path<(String, i64)>,
    f: StaffForm<ModerateForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    s.require(Role::Moderator, "report.moderate_info").await?;
    let done = match decision(&f.form) {
        Ok(decision) => {
            fb.moderate_info(&s.actor(), &s.session.account, &reference, id, decision)
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => staff_report(&ctx, &fb, s, &reference, None).await,
        Err(e @ (FeedbackError::Invalid(_) | FeedbackError::Refused(_))) => {
            staff_report(&ctx, &fb, s, &reference, fixable(ctx.lang, &e)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn post_act(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<ActDraft>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    let form = &f.form;
    let action = match form.action.as_str() {
        "acknowledge" => Action::Acknowledge {
            text: form.text.clone(),
        },
        "respond" => Action::Respond {
            text: form.text.clone(),
        },
        "start" => Action::Start {
            text: form.text.clone(),
        },
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
        // Refused: the form comes back as it was sent, the action still chosen.
        Err(e @ (FeedbackError::Invalid(_) | FeedbackError::Refused(_))) => {
            let shown = Shown {
                message: fixable(ctx.lang, &e),
                draft: Some(f.form.clone()),
                ..Shown::default()
            };
            staff_report_with(&ctx, &fb, s, &reference, shown).await
        }
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
        photo_limit: feedback(&ctx)?.photos().max_bytes,
    })
}

/// A report taken for someone: the same fields as the public form, a channel, and
/// optionally a photo (multipart), under the session's CSRF token.
pub async fn post_take(ctx: Ctx, s: Signed, request: Request) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let (parts, fields, sent) =
        read_report_form(request, &ctx.state, fb.photos().max_bytes).await?;
    s.check_csrf(parts.uri.path(), text(&fields, "csrf"))
        .await?;
    may_take(&s).await?;
    let channel = Channel::parse(text(&fields, "channel"))
        .filter(|c| !matches!(c, Channel::Web | Channel::Open311))
        .ok_or_else(|| WebError::BadRequest("channel: counter, phone, desk or sms".into()))?;
    let wards = wards(&ctx).await?;
    let page = |filed: Option<(String, String)>, error: Option<String>| TakePage {
        csrf: &s.session.csrf,
        wards: &wards,
        filed,
        error,
        photo_limit: fb.photos().max_bytes,
    };
    let mut new = match new_report(&ctx, &fields).await {
        Ok(n) => n,
        Err(e) if e.status().is_client_error() => {
            return ctx.page(&page(None, Some(said(ctx.lang, &e))));
        }
        Err(e) => return Err(e),
    };
    new.channel = Some(channel);
    new.taken_by = Some(s.session.account.id);
    // Sent again from the answer (a refresh): the report it filed, not a second one.
    new.sent_with = Some(s.session.csrf.clone());
    if let Some(filed) = fb.filed_before(&new).await? {
        let link = tracking_link(&ctx, &parts, &filed.token);
        return ctx.page(&page(Some((filed.reference, link)), None));
    }
    match sent_photo(&fb, sent, "").await {
        Ok(photo) => new.photo = photo,
        Err(e) => {
            let Some(why) = fixable(ctx.lang, &e) else {
                return Err(e.into());
            };
            return ctx.page(&page(None, Some(why)));
        }
    }
    match fb.file(&s.actor(), new).await {
        Ok(filed) => {
            let link = tracking_link(&ctx, &parts, &filed.token);
            ctx.page(&page(Some((filed.reference, link)), None))
        }
        Err(e) => match fixable(ctx.lang, &e) {
            Some(why) => ctx.page(&page(None, Some(why))),
            None => Err(e.into()),
        },
    }
}

/// A kept photo as an answer: a JPEG that browsers must not sniff as anything else, with
/// an ETag (a photo may be withdrawn, so it is revalidated rather than kept) and a 304
/// for a copy the browser already has.
fn photo_response(bytes: Vec<u8>, headers: &HeaderMap, policy: CachePolicy) -> Response {
    use sha2::Digest;
    let etag = format!("\"{}\"", hex::encode(&sha2::Sha256::digest(&bytes)[..16]));
    let fresh = crate::web::cache::is_fresh(headers, &etag);
    let common = [
        (header::CONTENT_TYPE, "image/jpeg".to_string()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::ETAG, etag),
    ];
    let response = if fresh {
        (StatusCode::NOT_MODIFIED, common).into_response()
    } else {
        (common, bytes).into_response()
    };
    with_policy(response, policy)
}

/// `/reports/{ref}/photo.jpg`: an approved photo of a published report. Anything else —
/// no such report, not published, no photo, waiting, rejected — is the same 404.
pub async fn get_report_photo(
    ctx: Ctx,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let missing = || {
        WebError::NotFound(format!(
            "no published photo of report {}",
            reference.chars().take(40).collect::<String>()
        ))
    };
    let report = fb
        .by_reference(&reference)
        .await?
        .filter(Report::photo_is_public)
        .ok_or_else(missing)?;
    let bytes = fb.photo(&report).await?.ok_or_else(missing)?;
    Ok(photo_response(bytes, &headers, CachePolicy::Revalidate))
}

/// Whether a signed-in account may see this report's private side: moderators and
/// admins, and the officers of its office.
fn may_see(s: &Signed, report: &Report) -> bool {
    let a = &s.session.account;
    matches!(a.role, Role::Admin | Role::Moderator)
        || (a.role == Role::Officer && a.offices.contains(&report.office))
}

/// `/staff/reports/{ref}/photo.jpg`: the photo whatever its state, for those who may see
/// the report; never stored by a cache.
pub async fn get_staff_photo(
    ctx: Ctx,
    s: Signed,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let report = fb
        .by_reference(&reference)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("no report {reference}")))?;
    if !may_see(&s, &report) {
        return Err(FeedbackError::Forbidden(not_ours(&report, &s.session.account)).into());
    }
    let bytes = fb
        .photo(&report)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("report {reference} has no photo")))?;
    Ok(photo_response(bytes, &headers, CachePolicy::NoStore))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PhotoForm {
    decision: String,
    reason: String,
}

/// A moderator approves or rejects (with a reason) a report's photo.
pub async fn post_photo(
    ctx: Ctx,
    Path(reference): Path<String>,
    f: StaffForm<PhotoForm>,
) -> Result<Response, WebError> {
    let fb = feedback(&ctx)?;
    let s = &f.signed;
    s.require(Role::Moderator, "report.photo").await?;
    let decision = match f.form.decision.as_str() {
        "approve" => PhotoDecision::Approve,
        "reject" => PhotoDecision::Reject {
            reason: Reason::parse(&f.form.reason).ok_or_else(|| {
                WebError::BadRequest(
                    "choose why the photo is not shown: personal_data, abusive, off_topic, spam or duplicate"
                        .into(),
                )
            })?,
        },
        other => {
            return Err(WebError::BadRequest(format!(
                "decision `{}` is not approve or reject",
                other.chars().take(30).collect::<String>()
            )));
        }
    };
    match fb
        .moderate_photo(&s.actor(), &s.session.account, &reference, decision)
        .await
    {
        Ok(()) => staff_report(&ctx, &fb, s, &reference, None).await,
        Err(e @ (FeedbackError::Invalid(_) | FeedbackError::Refused(_))) => {
            staff_report(&ctx, &fb, s, &reference, fixable(ctx.lang, &e)).await
        }
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
        Ok(published) => (Some(published), None),
        Err(PublishError::Refused(r)) => (None, Some(ctx.lang.refusal(&r))),
        // The check's own problems, in English as every check report's are.
        Err(e @ PublishError::Rejected { .. }) => (None, Some(e.to_string())),
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
