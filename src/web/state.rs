//! Shared state: the protocol and a snapshot of the store, re-read when the ledger changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use super::figures::KeyFigures;
use super::ogc::{Indexed, load_features};
use super::projects::Works;
use super::rows::RowPage;
use super::search::Catalogue;
use super::tiles::TileCache;
use crate::analytics::Records;
use crate::analytics::cache::{Cache, VersionKey};
use crate::protocol::Protocol;
use crate::store::{Entry, Store, StoreError};

/// What the site knows of the store at one moment: the ledger's entries and the search
/// index over them. Never changes once built.
#[derive(Debug)]
pub struct Snapshot {
    pub entries: Vec<Entry>,
    pub head: String,
    /// The search index, or why it could not be built (search then answers 500).
    pub catalogue: Result<Catalogue, String>,
    /// The latest fiscal year's budget, payments and revenue, for the home page.
    pub figures: Option<KeyFigures>,
    /// The ledger's size and modification time when read.
    stamp: Option<(u64, SystemTime)>,
}

impl Snapshot {
    pub(super) fn read(data_dir: &Path, protocol: &Protocol) -> Result<Self, StoreError> {
        let stamp = ledger_stamp(data_dir);
        let store = Store::open(data_dir)?;
        let mut snapshot = Self {
            head: store.head_hash().to_string(),
            entries: store.entries().to_vec(),
            catalogue: Err(String::new()),
            figures: None,
            stamp,
        };
        snapshot.catalogue =
            Catalogue::build(protocol, data_dir, &snapshot.datasets()).map_err(|e| {
                tracing::error!(error = %e, "cannot build the search index");
                e.to_string()
            });
        snapshot.figures = KeyFigures::compute(protocol, data_dir, &snapshot.datasets()).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot compute the key figures; the home page goes without them");
            None
        });
        Ok(snapshot)
    }

    pub fn latest(&self, dataset: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.dataset == dataset)
    }

    pub fn version(&self, dataset: &str, version: u32) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.dataset == dataset && e.version == version)
    }

    /// Every version of a dataset, oldest first.
    pub fn versions(&self, dataset: &str) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.dataset == dataset)
            .collect()
    }

    /// The latest version of every dataset, newest publication first.
    pub fn datasets(&self) -> Vec<&Entry> {
        let mut latest: Vec<&Entry> = Vec::new();
        for e in self.entries.iter().rev() {
            if !latest.iter().any(|l| l.dataset == e.dataset) {
                latest.push(e);
            }
        }
        latest
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
    /// The first page of rows of recently viewed versions. Versions never change, so
    /// entries never go stale; the cache is emptied when full.
    first_pages: Mutex<HashMap<VersionKey, RowPage>>,
    /// The features of spatial versions read for OGC API – Features, by version.
    features: Mutex<HashMap<VersionKey, Arc<Vec<Indexed>>>>,
    /// Projects joined with their payments and inspections, for the ledger head it was
    /// built at.
    works: PerHead<Works>,
    /// What the budget, revenue and service pages read (no payment-level rows), per
    /// ledger head.
    dashboard: PerHead<Records>,
    tiles: TileCache,
    /// Where PMTiles archives built by `disclose tiles` are; none when not given.
    tiles_dir: Option<PathBuf>,
    /// What is computed from each expenditure version: its aggregates for the dashboards
    /// and its payments pass for the red flags.
    analytics: Cache,
}

/// Versions whose first page of rows is kept.
const FIRST_PAGES: usize = 2048;

impl AppState {
    pub fn new(data_dir: &Path, protocol: Protocol) -> Result<Self, StoreError> {
        let snapshot = Snapshot::read(data_dir, &protocol)?;
        Ok(Self {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_path_buf(),
                protocol,
                snapshot: RwLock::new(Arc::new(snapshot)),
                first_pages: Mutex::new(HashMap::new()),
                features: Mutex::new(HashMap::new()),
                works: PerHead::default(),
                dashboard: PerHead::default(),
                tiles: TileCache::default(),
                tiles_dir: None,
                analytics: Cache::default(),
            }),
        })
    }

    /// Serves tiles from the PMTiles archives in `dir` where they exist. Call before the
    /// state is shared.
    #[must_use]
    pub fn with_tiles_dir(mut self, dir: &Path) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.tiles_dir = Some(dir.to_path_buf());
        }
        self
    }

    pub fn tiles_dir(&self) -> Option<&Path> {
        self.inner.tiles_dir.as_deref()
    }

    pub fn protocol(&self) -> &Protocol {
        &self.inner.protocol
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub fn first_page(&self, dataset: &str, version: u32) -> Option<RowPage> {
        self.inner
            .first_pages
            .lock()
            .ok()?
            .get(&(dataset.to_string(), version))
            .cloned()
    }

    pub fn keep_first_page(&self, dataset: &str, version: u32, page: &RowPage) {
        if let Ok(mut pages) = self.inner.first_pages.lock() {
            if pages.len() >= FIRST_PAGES {
                pages.clear();
            }
            pages.insert((dataset.to_string(), version), page.clone());
        }
    }

    pub fn tiles(&self) -> &TileCache {
        &self.inner.tiles
    }

    /// The public works joined up, built off the async threads once per snapshot.
    pub async fn works(&self) -> Result<Arc<Works>, String> {
        self.per_head(
            |inner| &inner.works,
            |state, snapshot| {
                Works::build(
                    state.protocol(),
                    state.data_dir(),
                    snapshot,
                    &state.inner.analytics,
                )
            },
        )
        .await
    }

    /// The records of the dashboards, built off the async threads once per snapshot from
    /// the kept monthly aggregates.
    pub async fn dashboard(&self) -> Result<Arc<Records>, String> {
        self.per_head(
            |inner| &inner.dashboard,
            |state, snapshot| {
                Records::load_summaries(
                    state.protocol(),
                    state.data_dir(),
                    &snapshot.datasets(),
                    &state.inner.analytics,
                )
            },
        )
        .await
    }

    /// What `build` makes of the current snapshot, kept in `slot` until the ledger moves.
    async fn per_head<T: Send + Sync + 'static>(
        &self,
        slot: fn(&Inner) -> &PerHead<T>,
        build: fn(&AppState, &Snapshot) -> Result<T, String>,
    ) -> Result<Arc<T>, String> {
        let snapshot = self.snapshot();
        let mut kept = slot(&self.inner).lock().await;
        if let Some((head, built)) = kept.as_ref()
            && *head == snapshot.head
        {
            return Ok(built.clone());
        }
        let (head, state) = (snapshot.head.clone(), self.clone());
        let built = Arc::new(
            tokio::task::spawn_blocking(move || build(&state, &snapshot))
                .await
                .map_err(|e| e.to_string())??,
        );
        *kept = Some((head, built.clone()));
        Ok(built)
    }

    /// Builds what the audit, project and dashboard pages read, so that the first
    /// visitor after a start or a publish does not wait for it. Failures are logged; the
    /// pages report them when asked.
    pub async fn warm(self) {
        let started = std::time::Instant::now();
        let (works, dashboard) = tokio::join!(self.works(), self.dashboard());
        match works.and(dashboard) {
            Ok(_) => tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "red flags and dashboards ready"
            ),
            Err(e) => tracing::error!(error = %e, "cannot build the red flags or dashboards"),
        }
    }

    /// The features of a spatial version, read from its GeoJSON once and kept.
    pub async fn features(&self, entry: &Entry) -> Result<Arc<Vec<Indexed>>, String> {
        let key = (entry.dataset.clone(), entry.version);
        if let Some(found) = self
            .inner
            .features
            .lock()
            .ok()
            .and_then(|f| f.get(&key).cloned())
        {
            return Ok(found);
        }
        let (data_dir, owned) = (self.inner.data_dir.clone(), entry.clone());
        let loaded = Arc::new(
            tokio::task::spawn_blocking(move || load_features(&data_dir, &owned))
                .await
                .map_err(|e| e.to_string())??,
        );
        if let Ok(mut kept) = self.inner.features.lock() {
            // Only the latest versions are asked for; older ones are let go.
            kept.retain(|(dataset, _), _| dataset != &key.0);
            kept.insert(key, loaded.clone());
        }
        Ok(loaded)
    }

    /// The current snapshot, re-read first if the ledger changed since it was taken. A
    /// ledger that cannot be read keeps the last good snapshot (and is logged).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let current = self
            .inner
            .snapshot
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone());
        if ledger_stamp(&self.inner.data_dir) == current.stamp {
            return current;
        }
        match Snapshot::read(&self.inner.data_dir, &self.inner.protocol) {
            Ok(fresh) => {
                tracing::info!(entries = fresh.entries.len(), head = %&fresh.head[..12], "ledger changed; store re-read");
                let fresh = Arc::new(fresh);
                if let Ok(mut slot) = self.inner.snapshot.write() {
                    *slot = fresh.clone();
                }
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    runtime.spawn(self.clone().warm());
                }
                fresh
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot re-read the store; serving the last good snapshot");
                current
            }
        }
    }
}
