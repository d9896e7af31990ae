//! The national site: `disclose serve --national DIR`, the national store served
//! read-only on the county site's stack (its layout, stylesheet, languages, error pages
//! and cache policy): the counties harvested (`/`), the federated catalogue
//! (`/catalogue`, with DCAT-AP and the CKAN API at the county site's paths), every
//! county's projects on one map (`/map`), and the harvested files, byte for byte.
//!
//! The HTTP edge only: what the store holds is read by [`crate::national::catalog`] and
//! indexed by [`crate::national::search`], as plain types.

mod ckan;
mod counties;
mod dcat;
mod handlers;
mod map;
mod pages;
mod routes;
mod state;

use tokio::net::TcpListener;

pub use routes::national_app;
pub use state::{NationalSnapshot, NationalState};

/// Serves the national site on an already-bound listener until Ctrl-C or SIGTERM.
pub async fn serve_national(listener: TcpListener, state: NationalState) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY on a connection");
        }
    });
    axum::serve(listener, national_app(state))
        .with_graceful_shutdown(super::shutdown_signal())
        .await
}
