//! Which answers are compressed: data always (tiles, JSON, CSV), pages only when they are
//! worth it. Shared by the county site's and the national site's route tables.

use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};

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
