//! What is computed from one dataset version, kept by version. A version never changes,
//! so an entry never goes stale: after a publish only the new version is computed.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use super::payments::Pass;
use super::spend::Spend;
use super::{AnalyticsError, Payment, Source};

/// A dataset's version: its id and number.
pub type VersionKey = (String, u32);

fn version_key(source: &Source) -> VersionKey {
    (source.dataset.clone(), source.version)
}

/// Results kept by key, shared; a key names versions, so an entry never goes stale.
#[derive(Debug)]
pub struct Kept<K, T> {
    kept: Mutex<HashMap<K, Arc<T>>>,
}

/// Results kept by version.
pub type PerVersion<T> = Kept<VersionKey, T>;

/// Results kept by pair of versions.
pub type PerPair<T> = Kept<(VersionKey, VersionKey), T>;

impl<K, T> Default for Kept<K, T> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, T> Kept<K, T> {
    fn found(&self, key: &K) -> Option<Arc<T>> {
        self.kept.lock().ok().and_then(|k| k.get(key).cloned())
    }

    fn keep(&self, key: K, value: Arc<T>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, value);
        }
    }

    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Send + Sync> PerVersion<T> {
    /// The results for `items`, in their order, computing those not kept yet on every
    /// core.
    pub fn get_all<M: Sync>(
        &self,
        items: &[M],
        source: impl Fn(&M) -> &Source + Sync,
        compute: impl Fn(&M) -> Result<T, AnalyticsError> + Sync,
    ) -> Result<Vec<Arc<T>>, AnalyticsError> {
        let key = |m: &M| version_key(source(m));
        let missing: Vec<&M> = items
            .iter()
            .filter(|m| self.found(&key(m)).is_none())
            .collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(missing.len())
            .max(1);
        let computed: Vec<Result<(&M, T), AnalyticsError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let (missing, compute) = (&missing, &compute);
                    scope.spawn(move || {
                        missing
                            .iter()
                            .skip(w)
                            .step_by(workers)
                            .map(|m| compute(m).map(|t| (*m, t)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|_| vec![Err(AnalyticsError::Worker)])
                })
                .collect()
        });
        for result in computed {
            let (m, value) = result?;
            self.keep(key(m), Arc::new(value));
        }
        items
            .iter()
            .map(|m| {
                self.found(&key(m))
                    .map_or_else(|| compute(m).map(Arc::new), Ok)
            })
            .collect()
    }
}

impl<T> PerPair<T> {
    /// The result for versions `a` and `b`, computed on first use.
    pub fn get(
        &self,
        a: &Source,
        b: &Source,
        compute: impl FnOnce() -> Result<T, AnalyticsError>,
    ) -> Result<Arc<T>, AnalyticsError> {
        let key = (version_key(a), version_key(b));
        if let Some(found) = self.found(&key) {
            return Ok(found);
        }
        let computed = Arc::new(compute()?);
        self.keep(key, computed.clone());
        Ok(computed)
    }
}

/// What the analytics keep between requests: each expenditure version's aggregates and
/// payments pass, and the repeats found across each pair of neighbouring months.
#[derive(Debug, Default)]
pub struct Cache {
    pub spend: PerVersion<Vec<Spend>>,
    pub payments: PerVersion<Pass>,
    pub repeats: PerPair<Vec<Payment>>,
}
