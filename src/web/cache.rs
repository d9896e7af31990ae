//! How long a response may be kept, said once per response and written in one place.
//!
//! A handler (or a page type) puts a [`CachePolicy`] in its response's extensions; the
//! [`write_cache_control`] middleware is the only code that writes `Cache-Control`. A
//! response that says nothing is revalidated, which is right for anything that can
//! change under the same URL.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether the request's `If-None-Match` lists `etag`: the client's copy is current.
pub fn is_fresh(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
}

/// Whether, and for how long, clients and proxies may keep an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CachePolicy {
    /// The URL names bytes that never change: a pinned version's file, a diff between
    /// two versions, a static asset whose name carries its hash. Kept for a year.
    Immutable,
    /// May change under the same URL ("latest" pages, searches, catalogues): kept, but
    /// revalidated before each use (with the ETag where there is one).
    #[default]
    Revalidate,
    /// Private to one person (the staff workspace): never kept anywhere.
    NoStore,
}

impl CachePolicy {
    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Immutable => "public, max-age=31536000, immutable",
            Self::Revalidate => "no-cache",
            Self::NoStore => "no-store",
        })
    }
}

/// A response with its cache policy attached.
pub(super) fn with_policy(mut response: Response, policy: CachePolicy) -> Response {
    response.extensions_mut().insert(policy);
    response
}

/// Marks a response of the staff workspace private, whatever its handler said: it may
/// show a one-time password or an account's uploads. Framing is refused too.
pub async fn private(mut response: Response) -> Response {
    response.extensions_mut().insert(CachePolicy::NoStore);
    response
        .headers_mut()
        .insert("x-frame-options", HeaderValue::from_static("DENY"));
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Writes `Cache-Control` from the policy the handler attached (revalidate if none).
pub async fn write_cache_control(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let policy = response
        .extensions()
        .get::<CachePolicy>()
        .copied()
        .unwrap_or_default();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, policy.header_value());
    response
}
