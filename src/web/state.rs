//! Shared state: the protocol, a snapshot of the store, and what is built from each
//! snapshot (the search index, the home page's figures, the works join, the dashboards'
//! records).
//!
//! A snapshot is the store's [`Catalog`] at one ledger head; it is re-read (off the async
//! threads) when `ledger.jsonl` changes. What is built from it is built off the async
//! threads too, once per ledger head, and swapped in whole: a request waits only for
//! what it reads, and only when that is not built yet for the current head. After a
//! change everything is rebuilt in the background, so the next visitor finds it ready.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use super::error::WebError;
use crate::analytics::Records;
use crate::analytics::cache::{Cache, VersionKey};
use crate::analytics::figures::KeyFigures;
use crate::analytics::works::Works;
use crate::feedback::Feedback;
use crate::protocol::Protocol;
use crate::query::RowPage;
use crate::search::Catalogue;
use crate::staff::Workspace;
use crate::store::{Catalog, FeatureCache, StoreError};
use crate::tiles::Tiles;

/// What the site knows of the store at one moment. Never changes once read.
#[derive(Debug)]
pub struct Snapshot {
    catalog: Catalog,
    /// The ledger's size and modification time when read.
    stamp: Option<(u64, SystemTime)>,
}

impl Snapshot {
    fn read(data_dir: &Path) -> Result<Self, StoreError> {
        let stamp = ledger_stamp(data_dir);
        Ok(Self {
            catalog: Catalog::read(data_dir)?,
            stamp,
        })
    }
}

impl Deref for Snapshot {
    type Target = Catalog;

    fn deref(&self) -> &Catalog {
        &self.catalog
    }
}

fn ledger_stamp(data_dir: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(data_dir.join("ledger.jsonl")).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Cheap to clone; handlers take it by value.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// Something built from a snapshot, with the ledger head it was built at. Held while it
/// is built, so that requests arriving meanwhile wait for that one build.
type PerHead<T> = tokio::sync::Mutex<Option<(String, Arc<T>)>>;

#[derive(Debug)]
struct Inner {
    data_dir: PathBuf,
    protocol: Protocol,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Held while the ledger is re-read, so one request re-reads it and the others wait.
    reread: tokio::sync::Mutex<()>,
    /// Told when the ledger moved, so the warmer task ([`AppState::keep_warm`]) rebuilds.
    moved: tokio::sync::Notify,
    /// The first page of rows of recently viewed versions. Versions never change, so
    /// entries never go stale; the cache is emptied when full.
    first_pages: Mutex<HashMap<VersionKey, RowPage>>,
    /// The features of spatial versions, read once for the OGC API, tiles and works.
    features: Arc<FeatureCache>,
    catalogue: PerHead<Catalogue>,
    figures: PerHead<Option<KeyFigures>>,
    /// Projects joined with their payments, inspections and flags.
    works: PerHead<Works>,
    /// What the budget, revenue and service pages read (no payment-level rows).
    dashboard: PerHead<Records>,
    tiles: Tiles,
    /// What is computed from each expenditure version: its aggregates for the dashboards
    /// and its payments pass for the red flags.
    analytics: Cache,
    /// The staff workspace, when the server has a state database.
    workspace: Option<Arc<Workspace>>,
    /// Citizen feedback, when the server has a state database.
    feedback: Option<Arc<Feedback>>,
    /// Reports per address and minute, from the workspace's settings.
    report_limiter: std::sync::OnceLock<super::limits::Limiter>,
    /// The public pages as last rendered ([`super::page_cache`]).
    page_cache: super::page_cache::PageCache,
}

/// Versions whose first page of rows is kept.
const FIRST_PAGES: usize = 2048;

impl AppState {
    pub fn new(data_dir: &Path, protocol: Protocol) -> Result<Self, StoreError> {
        let snapshot = Snapshot::read(data_dir)?;
        Ok(Self {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_path_buf(),
                protocol,
                snapshot: RwLock::new(Arc::new(snapshot)),
                reread: tokio::sync::Mutex::new(()),
                moved: tokio::sync::Notify::new(),
                first_pages: Mutex::new(HashMap::new()),
                features: Arc::default(),
                catalogue: PerHead::default(),
                figures: PerHead::default(),
                works: PerHead::default(),
                dashboard: PerHead::default(),
                tiles: Tiles::default(),
                analytics: Cache::default(),
                workspace: None,
                feedback: None,
                report_limiter: std::sync::OnceLock::new(),
                page_cache: super::page_cache::PageCache::default(),
            }),
        })
    }

    /// Serves tiles from the PMTiles archives in `dir` where they exist. Call before the
    /// state is shared.
    #[must_use]
    pub fn with_tiles_dir(mut self, dir: &Path) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.tiles = Tiles::new(Some(dir.to_path_buf()));
        }
        self
    }

    /// Opens the staff workspace over `workspace`. Call before the state is shared.
    #[must_use]
    pub fn with_workspace(mut self, workspace: Arc<Workspace>) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.workspace = Some(workspace);
        }
        self
    }

    /// Takes citizen feedback through `feedback`. Call before the state is shared.
    #[must_use]
    pub fn with_feedback(mut self, feedback: Arc<Feedback>) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.feedback = Some(feedback);
        }
        self
    }

    /// The per-address limit on reports (`limits.reports_per_minute`).
    pub(super) fn report_limiter(&self) -> &super::limits::Limiter {
        self.inner.report_limiter.get_or_init(|| {
            let n = self
                .workspace()
                .map_or(10, |w| w.staff.config.limits.reports_per_minute);
            super::limits::Limiter::per_minute(n)
        })
    }

    pub(super) fn page_cache(&self) -> &super::page_cache::PageCache {
        &self.inner.page_cache
    }

    /// The site's public address for durable links ([`super::extract::SiteUrl`]).
    pub(super) fn site_url(&self, headers: &axum::http::HeaderMap) -> String {
        self.workspace()
            .and_then(|w| w.staff.config.public_url.as_deref())
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| super::extract::base_url(headers))
    }

    /// Citizen feedback, if this server takes it.
    pub fn feedback(&self) -> Option<&Arc<Feedback>> {
        self.inner.feedback.as_ref()
    }

    /// The staff workspace, if this server has one.
    pub fn workspace(&self) -> Option<&Arc<Workspace>> {
        self.inner.workspace.as_ref()
    }

    pub fn protocol(&self) -> &Protocol {
        &self.inner.protocol
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub fn tiles(&self) -> &Tiles {
        &self.inner.tiles
    }

    pub fn features(&self) -> &Arc<FeatureCache> {
        &self.inner.features
    }

    pub fn first_page(&self, key: &VersionKey) -> Option<RowPage> {
        self.inner.first_pages.lock().ok()?.get(key).cloned()
    }

    pub fn keep_first_page(&self, key: VersionKey, page: &RowPage) {
        if let Ok(mut pages) = self.inner.first_pages.lock() {
            if pages.len() >= FIRST_PAGES {
                pages.clear();
            }
            pages.insert(key, page.clone());
        }
    }

    /// The search index over the latest version of every dataset.
    pub async fn catalogue(&self) -> Result<Arc<Catalogue>, WebError> {
        self.per_head(
            |inner| &inner.catalogue,
            |state, snapshot| {
                Ok(Catalogue::build(
                    state.protocol(),
                    state.data_dir(),
                    &snapshot.datasets(),
                )?)
            },
        )
        .await
    }

    /// The latest fiscal year's key figures, for the home page; `None` when nothing they
    /// are computed from is published, or when they cannot be read (which is logged:
    /// the home page then goes without them).
    pub async fn figures(&self) -> Arc<Option<KeyFigures>> {
        let built = self
            .per_head(
                |inner| &inner.figures,
                |state, snapshot| {
                    Ok(KeyFigures::compute(
                        state.protocol(),
                        state.data_dir(),
                        &snapshot.datasets(),
                    )
                    .unwrap_or_else(|e| {
                        tracing::error!(error = %super::error::chain(&e), "cannot compute the key figures; the home page goes without them");
                        None
                    }))
                },
            )
            .await;
        built.unwrap_or_else(|_| Arc::new(None))
    }

    /// The public works joined up.
    pub async fn works(&self) -> Result<Arc<Works>, WebError> {
        self.per_head(
            |inner| &inner.works,
            |state, snapshot| {
                Ok(Works::build(
                    state.protocol(),
                    state.data_dir(),
                    &snapshot.datasets(),
                    state.features(),
                    &state.inner.analytics,
                )?)
            },
        )
        .await
    }

    /// The records of the dashboards, from the kept monthly aggregates.
    pub async fn dashboard(&self) -> Result<Arc<Records>, WebError> {
        self.per_head(
            |inner| &inner.dashboard,
            |state, snapshot| {
                Ok(Records::load_summaries(
                    state.protocol(),
                    state.data_dir(),
                    &snapshot.datasets(),
                    &state.inner.analytics,
                )?)
            },
        )
        .await
    }

    /// What `build` makes of the current snapshot, kept in `slot` until the ledger moves.
    /// Built off the async threads; a request that finds it built for the current head
    /// never waits.
    async fn per_head<T: Send + Sync + 'static>(
        &self,
        slot: fn(&Inner) -> &PerHead<T>,
        build: fn(&AppState, &Snapshot) -> Result<T, WebError>,
    ) -> Result<Arc<T>, WebError> {
        let snapshot = self.snapshot().await;
        let mut kept = slot(&self.inner).lock().await;
        if let Some((head, built)) = kept.as_ref()
            && head == snapshot.head()
        {
            return Ok(built.clone());
        }
        let (head, state) = (snapshot.head().to_string(), self.clone());
        let built = Arc::new(tokio::task::spawn_blocking(move || build(&state, &snapshot)).await??);
        *kept = Some((head, built.clone()));
        Ok(built)
    }

    /// Builds everything the pages read from a snapshot, so that the first visitor after
    /// a start or a publish does not wait for it. Failures are logged; the pages report
    /// them when asked.
    pub async fn warm(self) {
        let started = std::time::Instant::now();
        let (catalogue, _, works, dashboard) = tokio::join!(
            self.catalogue(),
            self.figures(),
            self.works(),
            self.dashboard()
        );
        match catalogue.and(works).and(dashboard) {
            Ok(_) => tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "search index, red flags and dashboards ready"
            ),
            Err(e) => {
                tracing::error!(error = %super::error::chain(&e), "cannot build the search index, the red flags or the dashboards")
            }
        }
    }

    /// Builds everything now, then again each time a request finds that the ledger moved.
    /// Runs for the life of the server ([`super::serve`] spawns it).
    pub async fn keep_warm(self) {
        loop {
            self.clone().warm().await;
            self.inner.moved.notified().await;
        }
    }

    /// The current snapshot: re-read first (off the async threads) if the ledger changed
    /// since it was taken, then everything built from it is rebuilt in the background (the
    /// warmer task is told).
    /// A ledger that cannot be read keeps the last good snapshot (and is logged).
    pub async fn snapshot(&self) -> Arc<Snapshot> {
        let current = self.current();
        if ledger_stamp(&self.inner.data_dir) == current.stamp {
            return current;
        }
        let _one_reader = self.inner.reread.lock().await;
        // Another request may have re-read it while this one waited.
        let current = self.current();
        if ledger_stamp(&self.inner.data_dir) == current.stamp {
            return current;
        }
        let data_dir = self.inner.data_dir.clone();
        match tokio::task::spawn_blocking(move || Snapshot::read(&data_dir)).await {
            Ok(Ok(fresh)) => {
                tracing::info!(entries = fresh.entries().len(), head = %&fresh.head()[..12], "ledger changed; store re-read");
                let fresh = Arc::new(fresh);
                if let Ok(mut slot) = self.inner.snapshot.write() {
                    *slot = fresh.clone();
                }
                self.inner.moved.notify_one();
                fresh
            }
            Ok(Err(e)) => {
                tracing::error!(error = %super::error::chain(&e), "cannot re-read the store; serving the last good snapshot");
                current
            }
            Err(e) => {
                tracing::error!(error = %e, "the store re-read stopped; serving the last good snapshot");
                current
            }
        }
    }

    fn current(&self) -> Arc<Snapshot> {
        self.inner
            .snapshot
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
}
