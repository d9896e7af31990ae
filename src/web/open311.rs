//! Open311 GeoReport v2 at `/open311/v2/`: the feedback categories as services, the
//! public reports as service requests, and filing a request with an API key, so that an
//! SMS or USSD gateway, a call-centre tool or a kiosk can report. Every answer comes as
//! JSON or XML by its extension (`services.json`, `services.xml`); errors are the spec's
//! list of `{code, description}`.
//!
//! Statuses are the spec's `open` and `closed`, with `status_notes` (the latest public
//! text) and our detailed status in `extended_attributes.detailed_status`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::error::WebError;
use super::extract::{BaseUrl, Params};
use super::session::{client_addr, form_body, form_fields};
use super::state::AppState;
use crate::feedback::{Channel, Feedback, Filter, NewReport, Report};
use crate::staff::Actor;

/// Requests a `requests` answer lists at most.
const MAX_REQUESTS: usize = 1000;
/// The widest date range of a `requests` query, as the spec sets it.
const MAX_DAYS: i64 = 90;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(get_root).post(post_root))
        .route("/open311/v2/services/{file}", get(get_service))
        .route("/open311/v2/requests/{file}", get(get_request))
        .route("/open311/v2/tokens/{file}", get(get_token))
        .layer(axum::middleware::from_fn(render_errors))
}

/// JSON or XML, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `services.json` → ("services", Json).
fn split(file: &str) -> Result<(&str, Format), WebError> {
    match file.rsplit_once('.') {
        Some((name, "json")) => Ok((name, Format::Json)),
        Some((name, "xml")) => Ok((name, Format::Xml)),
        _ => Err(WebError::NotFound(format!(
            "`{}`: Open311 answers end in .json or .xml",
            file.chars().take(60).collect::<String>()
        ))),
    }
}

fn feedback(state: &AppState) -> Result<&std::sync::Arc<Feedback>, WebError> {
    state.feedback().ok_or_else(|| WebError::NoRoute {
        path: "/open311/v2".into(),
    })
}

/// An answer in the asked format: `root` and `item` name the XML elements of a list.
fn answer(format: Format, value: &Value, root: &str, item: &str) -> Response {
    match format {
        Format::Json => axum::Json(value.clone()).into_response(),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            match value {
                Value::Array(items) => {
                    out.push_str(&format!("<{root}>"));
                    for v in items {
                        xml(&mut out, item, v);
                    }
                    out.push_str(&format!("</{root}>"));
                }
                v => xml(&mut out, root, v),
            }
            ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], out).into_response()
        }
    }
}

/// `value` as the element `name`, its fields as child elements, text escaped.
fn xml(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Object(map) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in map {
                xml(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => {
            // A list inside an object: `values` holds `value` elements, others their singular.
            let inner = name.strip_suffix('s').unwrap_or(name);
            out.push_str(&format!("<{name}>"));
            for v in items {
                xml(out, inner, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        v => out.push_str(&format!("<{name}>{v}</{name}>")),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Errors as the spec lists them: `[{code, description}]`, in the format the path asked.
async fn render_errors(request: Request, next: Next) -> Response {
    let format = if request.uri().path().ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    };
    let mut response = next.run(request).await;
    let Some(error) = response
        .extensions_mut()
        .remove::<std::sync::Arc<WebError>>()
    else {
        return response;
    };
    let status = match error.status() {
        s if s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN || s.is_server_error() => s,
        StatusCode::TOO_MANY_REQUESTS => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::BAD_REQUEST,
    };
    let body = json!([{ "code": status.as_u16(), "description": error.public_message(super::i18n::Lang::En) }]);
    let mut out = answer(format, &body, "errors", "error");
    *out.status_mut() = status;
    if let Some(v) = response.headers().get(header::RETRY_AFTER).cloned() {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}

async fn get_root(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(file): Path<String>,
    Params(params): Params,
) -> Result<Response, WebError> {
    let (name, format) = split(&file)?;
    let fb = feedback(&state)?;
    match name {
        "discovery" => Ok(answer(
            format,
            &discovery(&state, &base),
            "discovery",
            "discovery",
        )),
        "services" => Ok(answer(format, &services(fb), "services", "service")),
        "requests" => {
            let list = requests(fb, &params, &base).await?;
            Ok(answer(
                format,
                &Value::Array(list),
                "service_requests",
                "request",
            ))
        }
        _ => Err(WebError::NotFound(format!(
            "no Open311 resource `{name}`; see discovery.json"
        ))),
    }
}

fn discovery(state: &AppState, base: &str) -> Value {
    let j = &state.protocol().jurisdiction;
    json!({
        "changeset": "2026-11-28T00:00:00Z",
        "contact": j.contact_email.clone().unwrap_or_default(),
        "key_service": "API keys for filing requests are issued by the county's administrators at /staff/keys.",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{base}/open311/v2"),
            "changeset": "2026-11-28T00:00:00Z",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    })
}

fn services(fb: &Feedback) -> Value {
    Value::Array(
        fb.protocol()
            .feedback
            .categories
            .iter()
            .map(|(code, c)| {
                json!({
                    "service_code": code,
                    "service_name": c.name,
                    "description": c.description,
                    "metadata": true,
                    "type": "realtime",
                    "keywords": format!("{}, {}", c.about.as_str(), c.sw.name),
                    "group": c.about.as_str(),
                })
            })
            .collect(),
    )
}

async fn get_service(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let (code, format) = split(&file)?;
    let fb = feedback(&state)?;
    let category = fb.protocol().category(code).ok_or_else(|| {
        WebError::NotFound(format!(
            "no service `{}`; services.json lists them",
            code.chars().take(40).collect::<String>()
        ))
    })?;
    let works = state.works().await?;
    let wards: Vec<Value> = works
        .wards
        .iter()
        .map(|w| {
            json!({
                "key": crate::analytics::works::prop(&w.feature, "code"),
                "name": crate::analytics::works::prop(&w.feature, "name"),
            })
        })
        .collect();
    let mut attributes = vec![json!({
        "variable": true,
        "code": "ward",
        "datatype": "singlevaluelist",
        "required": false,
        "datatype_description": "The ward, when there is no point",
        "order": 1,
        "description": "Ward",
        "values": wards,
    })];
    if category.about == crate::protocol::feedback::About::Project {
        attributes.push(json!({
            "variable": true,
            "code": "project",
            "datatype": "string",
            "required": false,
            "datatype_description": "A project code of the register, e.g. MLM-RD-0001",
            "order": 2,
            "description": "Project",
        }));
    }
    Ok(answer(
        format,
        &json!({ "service_code": code, "attributes": attributes }),
        "service_definition",
        "service_definition",
    ))
}

/// A W3C datetime (`2026-01-01T00:00:00Z`, or a date), or a 400 naming the parameter.
fn datetime(name: &str, text: &str) -> Result<i64, WebError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| {
                d.and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp())
            })
        })
        .map_err(|_| {
            WebError::BadRequest(format!(
                "{name} `{}` is not a W3C datetime like 2026-01-01T00:00:00Z",
                text.chars().take(40).collect::<String>()
            ))
        })
}

fn w3c(at: i64) -> Value {
    DateTime::<Utc>::from_timestamp(at, 0).map_or(Value::Null, |t| {
        Value::String(t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    })
}

/// One report as a service request; `media_url` is its photo once a moderator approved
/// it (photos are not accepted through Open311: a POST's `media_url` is ignored).
async fn request(fb: &Feedback, r: &Report, base: &str) -> Result<Value, WebError> {
    let events = fb.history(r, true).await?;
    let notes = events
        .iter()
        .rev()
        .find(|e| !e.text.is_empty() && e.kind != "info")
        .map_or("", |e| e.text.as_str());
    let p = fb.protocol();
    let point = r.public_point();
    Ok(json!({
        "service_request_id": r.reference,
        "status": r.status.open311(),
        "status_notes": notes,
        "service_name": p.category(&r.category).map_or(r.category.as_str(), |c| c.name.as_str()),
        "service_code": r.category,
        "description": r.text_public,
        "agency_responsible": p.offices.get(&r.office).map_or(r.office.as_str(), |o| o.name.as_str()),
        "service_notice": "",
        "requested_datetime": w3c(r.received_at),
        "updated_datetime": w3c(r.updated_at),
        "expected_datetime": p.category(&r.category).map_or(Value::Null, |c| w3c(r.received_at + i64::from(c.resolve_days) * 86_400)),
        "address": r.ward,
        "address_id": "",
        "zipcode": "",
        "lat": point.map(|p| p.0),
        "long": point.map(|p| p.1),
        "media_url": if r.photo_is_public() { format!("{base}/reports/{}/photo.jpg", r.reference) } else { String::new() },
        "extended_attributes": { "detailed_status": r.status.as_str(), "project_id": r.project_id, "channel": r.channel },
    }))
}

async fn requests(
    fb: &Feedback,
    params: &HashMap<String, String>,
    base: &str,
) -> Result<Vec<Value>, WebError> {
    let get = |k: &str| params.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let list = |v: &str| {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    let all = fb
        .list(&Filter {
            public_only: true,
            ..Filter::default()
        })
        .await?;
    let chosen: Vec<&Report> = if let Some(ids) = get("service_request_id") {
        let ids = list(ids);
        all.iter().filter(|r| ids.contains(&r.reference)).collect()
    } else {
        let now = crate::staff::now();
        let start = get("start_date")
            .map(|t| datetime("start_date", t))
            .transpose()?;
        let end = get("end_date")
            .map(|t| datetime("end_date", t))
            .transpose()?;
        let (start, end) = match (start, end) {
            (Some(s), Some(e)) => (s, e),
            (Some(s), None) => (s, s + MAX_DAYS * 86_400),
            (None, Some(e)) => (e - MAX_DAYS * 86_400, e),
            (None, None) => (now - MAX_DAYS * 86_400, now + 86_400),
        };
        if end < start || end - start > MAX_DAYS * 86_400 + 86_400 {
            return Err(WebError::BadRequest(format!(
                "start_date to end_date must be a range of at most {MAX_DAYS} days, the start first"
            )));
        }
        let codes = get("service_code").map(list);
        let statuses = get("status").map(list);
        if let Some(bad) = statuses
            .iter()
            .flatten()
            .find(|s| *s != "open" && *s != "closed")
        {
            return Err(WebError::BadRequest(format!(
                "status `{}` is not open or closed",
                bad.chars().take(30).collect::<String>()
            )));
        }
        all.iter()
            .filter(|r| (start..=end).contains(&r.received_at))
            .filter(|r| codes.as_ref().is_none_or(|c| c.contains(&r.category)))
            .filter(|r| {
                statuses
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|s| s == r.status.open311()))
            })
            .take(MAX_REQUESTS)
            .collect()
    };
    let mut out = Vec::with_capacity(chosen.len());
    for r in chosen {
        out.push(request(fb, r, base).await?);
    }
    Ok(out)
}

async fn get_request(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let (id, format) = split(&file)?;
    let fb = feedback(&state)?;
    let report = fb
        .by_reference(id)
        .await?
        .filter(|r| r.status.is_public())
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "no service request {}",
                id.chars().take(40).collect::<String>()
            ))
        })?;
    let one = request(fb, &report, &base).await?;
    Ok(answer(
        format,
        &Value::Array(vec![one]),
        "service_requests",
        "request",
    ))
}

async fn get_token(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let (token, format) = split(&file)?;
    let fb = feedback(&state)?;
    let report = fb
        .by_token(token)
        .await?
        .ok_or_else(|| WebError::NotFound("no request for this token".into()))?;
    Ok(answer(
        format,
        &json!([{ "service_request_id": report.reference, "token": token }]),
        "service_requests",
        "request",
    ))
}

/// `POST requests.json`: files a report for the program holding `api_key`.
async fn post_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let (name, format) = split(&file)?;
    if name != "requests" {
        return Err(WebError::NotFound(format!(
            "nothing to post at `{name}`; post to requests.json"
        )));
    }
    let fb = feedback(&state)?;
    let (parts, body) = request.into_parts();
    let address = client_addr(&parts);
    if let Err(seconds) = state.report_limiter().check(&address) {
        return Err(WebError::RateLimited { seconds });
    }
    let fields = form_fields(&form_body(body).await?);
    let text = |k: &str| {
        fields
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let staff = &state
        .workspace()
        .ok_or_else(|| WebError::NoRoute {
            path: parts.uri.path().to_string(),
        })?
        .staff;
    let Some(label) = staff.key_label(&text("api_key")).await? else {
        return Err(WebError::Forbidden("a valid api_key is required to file a request; ask the county's administrators for one".into()));
    };
    let code = text("service_code");
    if fb.protocol().category(&code).is_none() {
        return Err(WebError::NotFound(format!(
            "no service `{}`; services.json lists them",
            code.chars().take(40).collect::<String>()
        )));
    }
    let number = |k: &str| -> Result<Option<f64>, WebError> {
        let t = text(k);
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>().map(Some).map_err(|_| {
            WebError::BadRequest(format!(
                "{k} `{}` is not a number",
                t.chars().take(30).collect::<String>()
            ))
        })
    };
    let point = match (number("lat")?, number("long")?) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        (None, None) => None,
        _ => {
            return Err(WebError::BadRequest(
                "give both lat and long, or neither".into(),
            ));
        }
    };
    let address_string = text("address_string");
    let ward = text("attribute[ward]");
    if point.is_none() && address_string.is_empty() && ward.is_empty() {
        return Err(WebError::BadRequest(
            "give a location: lat and long, or address_string".into(),
        ));
    }
    let mut description = text("description");
    if !address_string.is_empty() {
        description = format!("{description}\n\nAddress: {address_string}");
    }
    let name = format!("{} {}", text("first_name"), text("last_name"))
        .trim()
        .to_string();
    let contact = [text("phone"), text("email")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let new = NewReport {
        category: code,
        text: description,
        project_id: text("attribute[project]"),
        ward,
        point,
        reporter_name: name,
        reporter_contact: contact,
        channel: Some(Channel::Open311),
        taken_by: None,
        photo: None,
        // GeoReport v2 has no way to say a request is sent again.
        sent_with: None,
    };
    if !new.project_id.is_empty() && state.works().await?.project(&new.project_id).is_none() {
        return Err(WebError::BadRequest(format!(
            "attribute[project] `{}` is not a project of the register",
            new.project_id.chars().take(40).collect::<String>()
        )));
    }
    let actor = Actor {
        name: format!("api:{label}"),
        address,
    };
    let filed = fb.file(&actor, new).await?;
    // The whole private link, for a gateway to send on to the person (by SMS, say).
    let site = state.site_url(&parts.headers);
    let body = json!([{
        "service_request_id": filed.reference,
        "token": filed.token,
        "service_notice": format!(
            "A moderator reads it before it is public. Follow it at {site}/track/{}",
            filed.token
        ),
        "account_id": "",
    }]);
    let mut out = answer(format, &body, "service_requests", "request");
    *out.status_mut() = StatusCode::CREATED;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_text_and_names_list_items() {
        let mut out = String::new();
        xml(
            &mut out,
            "request",
            &json!({"description": "<b>&'\"", "values": [{"key": "a"}], "lat": 1.5, "x": null}),
        );
        assert_eq!(
            out,
            "<request><description>&lt;b&gt;&amp;&apos;&quot;</description><values><value><key>a</key></value></values><lat>1.5</lat><x/></request>"
        );
    }

    #[test]
    fn dates_are_w3c_or_a_400() {
        assert_eq!(
            datetime("start_date", "2026-01-01T00:00:00Z").unwrap(),
            1_767_225_600
        );
        assert_eq!(datetime("start_date", "2026-01-01").unwrap(), 1_767_225_600);
        assert!(datetime("start_date", "yesterday").is_err());
    }
}
