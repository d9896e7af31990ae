//! The web site and the machine-readable doors, over the published store: the HTTP edge
//! only. Routes ([`routes`]), extractors ([`extract`]), handlers ([`handlers`] for pages
//! and files; `api`, `ckan`, `ogc`, `dcat`, `tiles` for the other doors), views (maud:
//! `pages` and the `*_pages` modules, one page type per page), the cache policy
//! ([`cache`]) and the one error type with its code catalogue ([`error`]).
//!
//! It must not hold an engine: search, row queries, the works join, the figures and tile
//! sources live in their own modules and take plain types. The store is read through
//! [`state::Snapshot`], re-read when `ledger.jsonl` changes, so a publish while serving
//! shows up without a restart. Pages are server-rendered HTML that need no JavaScript;
//! downloads are the immutable published files with strong ETags, `Content-Length` and
//! ranges.

mod api;
mod assets;
mod audit_pages;
mod budget_pages;
pub mod cache;
mod ckan;
mod dcat;
mod edge;
pub mod error;
mod extract;
mod feedback_pages;
mod files;
mod handlers;
mod i18n;
mod limits;
mod links;
mod map;
pub mod national;
mod ogc;
mod open311;
mod page_cache;
mod pages;
mod print_pages;
mod project_pages;
mod qr;
mod revenue_pages;
mod routes;
mod rows;
mod session;
mod staff_pages;
pub mod state;
mod tiles;

use tokio::net::TcpListener;

pub use error::WebError;
pub use national::{NationalState, national_app, serve_national};
pub use print_pages::{PrintError, Selection, print};
pub use routes::app;
pub use state::AppState;

/// Catalogue results per page on `/datasets` and `/api/search`.
pub(crate) const SEARCH_PAGE: usize = 20;

/// Serves the site on an already-bound listener until Ctrl-C or SIGTERM, then lets
/// requests in flight finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    tokio::spawn(state.clone().keep_warm());
    use axum::serve::ListenerExt;
    // Answers go out as soon as they are written: without TCP_NODELAY a download's last
    // segment can wait ~40 ms for the client's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY on a connection");
        }
    });
    if let Some(ws) = state.workspace().cloned() {
        tokio::spawn(checkpoint(ws.staff.db.clone()));
        tokio::spawn(sweep_uploads(ws));
    }
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Empties SQLite's write-ahead log now and then ([`crate::staff::Db::checkpoint`]).
async fn checkpoint(db: crate::staff::Db) {
    let mut every = tokio::time::interval(crate::staff::db::CHECKPOINT_EVERY);
    let mut held = 0u32;
    loop {
        every.tick().await;
        match db.checkpoint().await {
            Ok(None) => return,
            Ok(Some(true)) => held = 0,
            Ok(Some(false)) => {
                held += 1;
                // Ten times running (five minutes): readers never let go; say so.
                if held.is_multiple_of(10) {
                    tracing::warn!(
                        times = held,
                        "the state database's write-ahead log could not be emptied: readers held it"
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %crate::format::chain(&e), "cannot checkpoint the state database")
            }
        }
    }
}

/// Removes stale uploads at start and then hourly.
async fn sweep_uploads(ws: std::sync::Arc<crate::staff::Workspace>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match ws.sweep().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "removed stale uploads"),
            Err(e) => {
                tracing::warn!(error = %crate::format::chain(&e), "cannot remove stale uploads")
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
}
