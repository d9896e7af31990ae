//! The public pages as last rendered, compressed, kept for a moment: under load (a
//! journalist's crawler, a forum's whole meeting opening the same project, report intake
//! at full speed) a page is rendered and compressed once per change instead of once per
//! visitor.
//!
//! A kept page is served only while nothing it may show has changed: the ledger head is
//! the same (a publication drops every page at once), the public record of citizen
//! feedback is the same ([`crate::feedback::Feedback::generation`]: a moderation, a
//! response, a status change drops them too), and it is younger than [`FRESH`] (pages
//! also show "days open" and "overdue", which move with the clock, and other servers
//! on the same PostgreSQL database may have changed the record). When only [`FRESH`]
//! has passed, one request renders the page again while the others are still served the
//! kept one, so that a popular page never has a crowd rendering it at once.
//!
//! Only a plain `GET` is kept, keyed by everything a page is chosen by (the address with
//! its query, the host, and the `Accept`, `Accept-Encoding`, `Accept-Language` and
//! `Cookie` headers); only a complete `200` HTML answer that sets no cookie and is not
//! private ([`CachePolicy::NoStore`]: the report form's one-time token, a tracking
//! link). Conditional and range requests go to the handler.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::cache::CachePolicy;
use super::state::AppState;

/// How long a kept page is served without rendering it again.
pub const FRESH: Duration = Duration::from_secs(2);

/// Pages kept at most; the oldest half is dropped when full.
const CAPACITY: usize = 1024;

/// The headers a page may depend on, with the address, in the key.
const KEYED: [header::HeaderName; 5] = [
    header::HOST,
    header::ACCEPT,
    header::ACCEPT_ENCODING,
    header::ACCEPT_LANGUAGE,
    header::COOKIE,
];

/// Requests that must reach the handler.
const PASSED: [header::HeaderName; 4] = [
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::RANGE,
    header::AUTHORIZATION,
];

/// What the public record looked like: the ledger head and the feedback generation.
type Generation = (Arc<str>, u64);

#[derive(Debug)]
struct Kept {
    generation: Generation,
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    policy: Option<CachePolicy>,
    body: Bytes,
    /// Set by the one request that renders the page again after [`FRESH`].
    refreshing: AtomicBool,
}

impl Kept {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        if let Some(policy) = self.policy {
            response.extensions_mut().insert(policy);
        }
        response
    }
}

/// The kept pages, shared by every request.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, Arc<Kept>>>,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Arc<Kept>> {
        self.pages.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, kept: Kept) {
        let Ok(mut pages) = self.pages.lock() else {
            return;
        };
        if pages.len() >= CAPACITY {
            let mut ages: Vec<Instant> = pages.values().map(|k| k.at).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            pages.retain(|_, k| k.at > cut);
        }
        pages.insert(key, Arc::new(kept));
    }
}

/// The key of a request that may be kept, or `None`.
fn key(request: &Request) -> Option<String> {
    if request.method() != Method::GET || PASSED.iter().any(|h| request.headers().contains_key(h)) {
        return None;
    }
    let mut key = request.uri().to_string();
    for name in &KEYED {
        key.push('\n');
        for value in request.headers().get_all(name) {
            key.push_str(&String::from_utf8_lossy(value.as_bytes()));
            key.push(';');
        }
    }
    Some(key)
}

/// Whether an answer may be kept: a complete, public HTML page that sets no cookie.
fn keepable(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response.extensions().get::<CachePolicy>() != Some(&CachePolicy::NoStore)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
}

/// The middleware: serves a kept page, or renders, keeps and serves it.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(key) = key(&request) else {
        return next.run(request).await;
    };
    let generation: Generation = (
        Arc::from(state.snapshot().await.head()),
        state.feedback().map_or(0, |f| f.generation()),
    );
    let cache = state.page_cache();
    if let Some(kept) = cache.get(&key).filter(|k| k.generation == generation) {
        // Fresh, or stale by the clock alone while another request renders it again (for
        // a while: should that request fail, the next ones render it themselves).
        let age = kept.at.elapsed();
        if age < FRESH || (age < FRESH * 5 && kept.refreshing.swap(true, Ordering::AcqRel)) {
            return kept.response();
        }
    }
    let response = next.run(request).await;
    if !keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // An HTML page is rendered in memory; its compressed bytes are collected once here.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "a page's body failed while it was kept");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let kept = Kept {
        generation,
        at: Instant::now(),
        status: parts.status,
        headers: parts.headers.clone(),
        policy: parts.extensions.get::<CachePolicy>().copied(),
        body: body.clone(),
        refreshing: AtomicBool::new(false),
    };
    cache.put(key, kept);
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str, headers: &[(header::HeaderName, &str)]) -> Request {
        let mut r = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            r = r.header(name, *value);
        }
        r.body(Body::empty()).unwrap()
    }

    #[test]
    fn the_key_holds_what_a_page_is_chosen_by_and_conditional_requests_pass() {
        let plain = key(&request(Method::GET, "/reports?status=open", &[])).unwrap();
        let swahili = key(&request(
            Method::GET,
            "/reports?status=open",
            &[(header::ACCEPT_LANGUAGE, "sw")],
        ))
        .unwrap();
        let gzip = key(&request(
            Method::GET,
            "/reports?status=open",
            &[(header::ACCEPT_ENCODING, "gzip")],
        ))
        .unwrap();
        let other = key(&request(Method::GET, "/reports?status=resolved", &[])).unwrap();
        assert_eq!(
            plain,
            key(&request(Method::GET, "/reports?status=open", &[])).unwrap()
        );
        assert!(plain != swahili && plain != gzip && plain != other && swahili != gzip);
        assert!(key(&request(Method::POST, "/report", &[])).is_none());
        assert!(
            key(&request(
                Method::GET,
                "/",
                &[(header::IF_NONE_MATCH, "\"x\"")]
            ))
            .is_none()
        );
        assert!(key(&request(Method::GET, "/", &[(header::RANGE, "bytes=0-1")])).is_none());
    }

    #[test]
    fn only_complete_public_html_pages_without_cookies_are_kept() {
        let page = |status: StatusCode, kind: &str| {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = status;
            r.headers_mut()
                .insert(header::CONTENT_TYPE, kind.parse().unwrap());
            r
        };
        assert!(keepable(&page(StatusCode::OK, "text/html; charset=utf-8")));
        assert!(!keepable(&page(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8"
        )));
        assert!(!keepable(&page(StatusCode::OK, "text/csv")));
        let mut cookie = page(StatusCode::OK, "text/html");
        cookie
            .headers_mut()
            .insert(header::SET_COOKIE, "lang=sw".parse().unwrap());
        assert!(!keepable(&cookie));
        let mut private = page(StatusCode::OK, "text/html");
        private.extensions_mut().insert(CachePolicy::NoStore);
        assert!(!keepable(&private));
    }
}
