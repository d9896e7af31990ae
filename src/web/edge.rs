//! What wraps the answers of both sites, the county's and the national one: which are
//! compressed (data always: tiles, JSON, CSV; pages only when they are worth it), and the
//! outer layers every answer passes (the reader's language remembered, the cache policy
//! written, the request traced). Shared by the two route tables; no handler here.

use axum::Router;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::cache;
use super::i18n::remember_lang;

/// The layers around every route of a site: the reader's language kept in a cookie, the
/// page's cache policy written as headers, and one traced span per request with its
/// status and latency (in microseconds).
pub(super) fn outer_layers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(axum::middleware::from_fn(remember_lang))
        .layer(axum::middleware::from_fn(cache::write_cache_control))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
}

/// Smaller than this, a page goes as it is. Starting a compressor costs the same
/// whatever the size (tables of a few hundred kilobytes are cleared for each response):
/// for a page of a couple of kilobytes (a filed report's reference, an error) that is more
/// work than rendering it, to save a kilobyte or two. Pages kept by the page cache are
/// compressed once, however many read them; data (tiles, JSON, CSV) is always compressed.
const COMPRESS_PAGES_ABOVE: u64 = 4096;

/// Compression (Brotli or gzip, as the client asks) for answers worth it.
pub(super) fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(WorthIt))
}

/// [`COMPRESS_PAGES_ABOVE`]: a small HTML page is not worth compressing; all else is.
#[derive(Debug, Clone, Copy)]
struct WorthIt;

impl Predicate for WorthIt {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &axum::http::Response<B>) -> bool {
        let html = response
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        !html
            || response
                .body()
                .size_hint()
                .exact()
                .is_none_or(|n| n >= COMPRESS_PAGES_ABOVE)
    }
}
