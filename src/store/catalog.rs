//! The store as its readers see it: the ledger's entries at one moment, and the one place
//! that answers "which version does this name mean" ([`Catalog::resolve`]) and "where is
//! that version's file" ([`Catalog::path`]).
//!
//! A catalogue never changes once read; a reader that wants a newer one reads it again.
//! It does not write, recover or lock: that is [`super::Store`]'s work.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Entry, StoreError};

/// A version as a URL or a command names it: the latest, or one pinned by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionRef {
    Latest,
    Pinned(u32),
}

impl VersionRef {
    /// `latest`, or a version number from 1.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        if text == "latest" {
            return Ok(Self::Latest);
        }
        text.parse::<u32>()
            .ok()
            .filter(|v| *v >= 1)
            .map(Self::Pinned)
            .ok_or_else(|| StoreError::BadVersion {
                text: text.to_string(),
            })
    }

    pub fn is_pinned(self) -> bool {
        matches!(self, Self::Pinned(_))
    }
}

impl fmt::Display for VersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => f.write_str("latest"),
            Self::Pinned(n) => write!(f, "v{n}"),
        }
    }
}

/// The folder of a version: `<root>/<dataset>/v<n>`. The only place the layout is spelt.
pub fn version_dir(root: &Path, dataset: &str, version: u32) -> PathBuf {
    root.join(dataset).join(format!("v{version}"))
}

impl Entry {
    /// The folder of this version under the data directory `root`.
    pub fn dir(&self, root: &Path) -> PathBuf {
        version_dir(root, &self.dataset, self.version)
    }

    /// A file of this version under `root`, by its recorded name (`data.parquet`, …).
    pub fn path(&self, root: &Path, name: &str) -> PathBuf {
        self.dir(root).join(name)
    }
}

/// The committed versions of a store, read from its ledger.
#[derive(Debug, Clone)]
pub struct Catalog {
    root: PathBuf,
    entries: Vec<Entry>,
}

impl Catalog {
    /// Reads the ledger of the store at `root` (finishing an interrupted publish first, as
    /// [`super::Store::open`] does). A missing data directory is an empty catalogue.
    pub fn read(root: &Path) -> Result<Self, StoreError> {
        Ok(super::Store::open(root)?.catalog)
    }

    pub(super) fn new(root: &Path, entries: Vec<Entry>) -> Self {
        Self {
            root: root.to_path_buf(),
            entries,
        }
    }

    pub(super) fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every entry, in ledger order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The hash of the last entry: what the ledger's head is now.
    pub fn head(&self) -> &str {
        self.entries
            .last()
            .map_or(super::ledger::GENESIS, |e| e.hash.as_str())
    }

    pub fn latest(&self, dataset: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.dataset == dataset)
    }

    /// The version `at` names, or why there is none: an unknown dataset, or a version past
    /// its latest (which the error names).
    pub fn resolve(&self, dataset: &str, at: VersionRef) -> Result<&Entry, StoreError> {
        let latest = self
            .latest(dataset)
            .ok_or_else(|| StoreError::UnknownDataset {
                dataset: dataset.to_string(),
            })?;
        match at {
            VersionRef::Latest => Ok(latest),
            VersionRef::Pinned(version) => self
                .entries
                .iter()
                .find(|e| e.dataset == dataset && e.version == version)
                .ok_or(StoreError::UnknownVersion {
                    dataset: dataset.to_string(),
                    version,
                    latest: latest.version,
                }),
        }
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
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .rev()
            .filter(|e| seen.insert(e.dataset.as_str()))
            .collect()
    }

    /// The folder of a version.
    pub fn dir(&self, entry: &Entry) -> PathBuf {
        entry.dir(&self.root)
    }

    /// A file of a version by name; the name is not checked against the ledger (use
    /// [`Catalog::recorded`] for names that come from outside).
    pub fn path(&self, entry: &Entry, name: &str) -> PathBuf {
        entry.path(&self.root, name)
    }

    /// A file the ledger records for this version, by the name a client gave, and where it
    /// is. Only recorded names resolve, so no name can reach outside the store.
    pub fn recorded<'e>(
        &self,
        entry: &'e Entry,
        name: &str,
    ) -> Result<(&'e super::FileRecord, PathBuf), StoreError> {
        let record = entry.file(name).ok_or_else(|| StoreError::UnknownFile {
            dataset: entry.dataset.clone(),
            version: entry.version,
            file: name.to_string(),
        })?;
        Ok((record, self.path(entry, &record.path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_refs_are_latest_or_a_number_from_one() {
        assert_eq!(VersionRef::parse("latest").unwrap(), VersionRef::Latest);
        assert_eq!(VersionRef::parse("3").unwrap(), VersionRef::Pinned(3));
        for bad in ["0", "-1", "v2", "", "two"] {
            assert!(
                matches!(VersionRef::parse(bad), Err(StoreError::BadVersion { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_layout_of_a_version_is_dataset_then_v_and_number() {
        assert_eq!(
            version_dir(Path::new("/d"), "budget-2024-25", 2),
            PathBuf::from("/d/budget-2024-25/v2")
        );
    }
}
