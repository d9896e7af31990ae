//! The web site and the machine-readable doors, over the published store.
//!
//! Only this module knows HTTP. It reads the store through [`state::Snapshot`], which is
//! re-read when `ledger.jsonl` changes, so a publish while serving shows up without a
//! restart. Pages are server-rendered HTML (maud) that need no JavaScript; downloads are
//! the immutable published files with strong ETags, `Content-Length` and ranges.

mod api;
mod assets;
mod audit_pages;
mod budget_pages;
mod ckan;
mod dcat;
mod error;
mod figures;
mod files;
mod i18n;
mod ogc;
mod pages;
mod print_pages;
mod project_pages;
mod projects;
mod qr;
mod revenue_pages;
mod routes;
mod rows;
mod search;
pub mod state;
mod tiles;

use tokio::net::TcpListener;

pub use error::WebError;
pub use print_pages::{Selection, print};
pub use routes::app;
pub use search::{DocumentText, document_text};
pub use state::AppState;

/// Serves the site on an already-bound listener until Ctrl-C or SIGTERM, then lets
/// requests in flight finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    tokio::spawn(state.clone().warm());
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
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
