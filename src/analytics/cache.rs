//! What is computed from one dataset version, kept by version. A version never changes,
//! so an entry never goes stale: after a publish only the new version is computed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::payments::Pass;
use super::spend::Spend;
use super::{Payment, Source};

/// Results kept by version (dataset id and number).
#[derive(Debug)]
pub struct PerVersion<T> {
    kept: Mutex<HashMap<(String, u32), Arc<T>>>,
}

impl<T> Default for PerVersion<T> {
    fn default() -> Self {
        Self { kept: Mutex::new(HashMap::new()) }
    }
}

impl<T: Send + Sync> PerVersion<T> {
    /// The results for `items`, in their order, computing those not kept yet on every
    /// core.
    pub fn get_all<M: Sync>(&self, items: &[M], source: impl Fn(&M) -> &Source + Sync, compute: impl Fn(&M) -> Result<T, String> + Sync) -> Result<Vec<Arc<T>>, String> {
        let key = |m: &M| (source(m).dataset.clone(), source(m).version);
        let found = |m: &M| self.kept.lock().ok().and_then(|k| k.get(&key(m)).cloned());
        let missing: Vec<&M> = items.iter().filter(|m| found(m).is_none()).collect();
        let workers = std::thread::available_parallelism().map_or(1, usize::from).min(missing.len()).max(1);
        let computed: Vec<Result<(&M, T), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let (missing, compute) = (&missing, &compute);
                    scope.spawn(move || missing.iter().skip(w).step_by(workers).map(|m| compute(m).map(|t| (*m, t))).collect::<Vec<_>>())
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|_| vec![Err("a worker thread panicked".into())])).collect()
        });
        for result in computed {
            let (m, value) = result?;
            if let Ok(mut kept) = self.kept.lock() {
                kept.insert(key(m), Arc::new(value));
            }
        }
        items.iter().map(|m| found(m).map_or_else(|| compute(m).map(Arc::new), Ok)).collect()
    }

    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A dataset's version: its id and number.
type VersionKey = (String, u32);

/// Results kept by pair of versions.
#[derive(Debug)]
pub struct PerPair<T> {
    kept: Mutex<HashMap<(VersionKey, VersionKey), Arc<T>>>,
}

impl<T> Default for PerPair<T> {
    fn default() -> Self {
        Self { kept: Mutex::new(HashMap::new()) }
    }
}

impl<T> PerPair<T> {
    /// The result for versions `a` and `b`, computed on first use.
    pub fn get(&self, a: &Source, b: &Source, compute: impl FnOnce() -> Result<T, String>) -> Result<Arc<T>, String> {
        let key = ((a.dataset.clone(), a.version), (b.dataset.clone(), b.version));
        if let Some(found) = self.kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
            return Ok(found);
        }
        let computed = Arc::new(compute()?);
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, computed.clone());
        }
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
