//! The national site's state: the protocol, and a snapshot of the national store with
//! what is built from it (the federated search index), re-read when the national ledger
//! changes, so a harvest while serving shows up without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::national::NationalError;
use crate::national::catalog::{NationalCatalog, stamp};
use crate::national::map::LayerFacts;
use crate::protocol::Protocol;
use crate::search::Catalogue;
use crate::tiles::CutSource;

use super::super::error::WebError;

/// The national store at one ledger head, with its search index and its map layers (tiles
/// cut on demand from every county's current version, each kept once cut). Never changes
/// once built.
#[derive(Debug)]
pub struct NationalSnapshot {
    pub catalog: NationalCatalog,
    pub catalogue: Catalogue,
    pub projects: MapLayer,
    pub wards: MapLayer,
}

/// A thread's result, its panic carried on.
fn joined<T>(result: std::thread::Result<T>) -> T {
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A layer of the national map: its tile source and what it holds per county.
#[derive(Debug)]
pub struct MapLayer {
    pub source: CutSource,
    pub facts: LayerFacts,
}

impl MapLayer {
    fn build(catalog: &NationalCatalog, kind: &str) -> Result<Self, WebError> {
        let (projected, facts) =
            crate::national::map::layer(catalog, kind).map_err(national_error)?;
        Ok(Self {
            source: CutSource::new(kind, projected),
            facts,
        })
    }
}

impl NationalSnapshot {
    fn build(root: &Path, protocol: &Protocol) -> Result<Self, WebError> {
        let catalog = NationalCatalog::read(root).map_err(national_error)?;
        // The index reads the small datasets' text and the layers their features: side
        // by side.
        let (catalogue, projects, wards) = std::thread::scope(|scope| {
            let catalogue = scope.spawn(|| crate::national::search::catalogue(protocol, &catalog));
            let wards = scope.spawn(|| MapLayer::build(&catalog, "wards"));
            let projects = MapLayer::build(&catalog, "projects");
            (joined(catalogue.join()), projects, joined(wards.join()))
        });
        let (catalogue, projects, wards) = (catalogue?, projects?, wards?);
        Ok(Self {
            catalog,
            catalogue,
            projects,
            wards,
        })
    }

    /// A layer of the map by name.
    pub fn layer(&self, name: &str) -> Option<&MapLayer> {
        match name {
            "projects" => Some(&self.projects),
            "wards" => Some(&self.wards),
            _ => None,
        }
    }
}

fn national_error(e: NationalError) -> WebError {
    WebError::National(Box::new(e))
}

/// Cheap to clone; handlers take it by value.
#[derive(Debug, Clone)]
pub struct NationalState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    protocol: Protocol,
    snapshot: RwLock<Arc<NationalSnapshot>>,
    /// Held while the store is re-read, so one request re-reads it and the others wait.
    reread: tokio::sync::Mutex<()>,
    /// The counties side by side, kept per national ledger head.
    dashboards: crate::national::dashboard::DashboardCache,
}

impl NationalState {
    /// Reads the national store at `root` and indexes it (a few seconds for 47 counties:
    /// call it off the async threads or before serving).
    pub fn new(root: &Path, protocol: Protocol) -> Result<Self, WebError> {
        let snapshot = NationalSnapshot::build(root, &protocol)?;
        Ok(Self {
            inner: Arc::new(Inner {
                root: root.to_path_buf(),
                protocol,
                snapshot: RwLock::new(Arc::new(snapshot)),
                reread: tokio::sync::Mutex::new(()),
                dashboards: Default::default(),
            }),
        })
    }

    pub fn protocol(&self) -> &Protocol {
        &self.inner.protocol
    }

    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    pub fn dashboards(&self) -> &crate::national::dashboard::DashboardCache {
        &self.inner.dashboards
    }

    /// The current snapshot: re-read and re-indexed first (off the async threads) when
    /// the national ledger changed since. A store that cannot be read keeps the last good
    /// snapshot (and is logged).
    pub async fn snapshot(&self) -> Arc<NationalSnapshot> {
        let current = self.current();
        if stamp(&self.inner.root) == current.catalog.stamp() {
            return current;
        }
        let _one_reader = self.inner.reread.lock().await;
        let current = self.current();
        if stamp(&self.inner.root) == current.catalog.stamp() {
            return current;
        }
        let state = self.clone();
        match tokio::task::spawn_blocking(move || {
            NationalSnapshot::build(&state.inner.root, &state.inner.protocol)
        })
        .await
        {
            Ok(Ok(fresh)) => {
                tracing::info!(
                    harvests = fresh.catalog.harvests(),
                    "national ledger changed; store re-read"
                );
                let fresh = Arc::new(fresh);
                if let Ok(mut slot) = self.inner.snapshot.write() {
                    *slot = fresh.clone();
                }
                fresh
            }
            Ok(Err(e)) => {
                tracing::error!(error = %super::super::error::chain(&e), "cannot re-read the national store; serving the last good snapshot");
                current
            }
            Err(e) => {
                tracing::error!(error = %e, "the national store re-read stopped; serving the last good snapshot");
                current
            }
        }
    }

    fn current(&self) -> Arc<NationalSnapshot> {
        self.inner
            .snapshot
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
}
