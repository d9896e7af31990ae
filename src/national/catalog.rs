//! What the national site reads of the national store, as plain types: the counties
//! harvested (code, name, last harvest, county ledger head, the county's own site when it
//! was harvested from one) and every harvested version with its folder and files.
//!
//! Read from the national ledger and the mirrored county ledgers alone, once per national
//! ledger head ([`NationalCatalog::read`]); a file is reached only through its version's
//! ledger entry ([`NationalCatalog::recorded`]), never by joining a name as given to a
//! path. It knows nothing of HTTP.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{LEDGER, National, NationalError, read_mirror, version_dir};
use crate::store::{Entry, FileRecord};

/// A county as the national store knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    pub code: String,
    /// The county's name as its `datapackage.json` files give it (`disclose.jurisdiction`);
    /// `None` when no version carries one.
    pub name: Option<String>,
    /// Where it was last harvested from: a data directory or a URL.
    pub source: String,
    /// The county's own site, when it was last harvested from one (`http(s)://…`).
    pub site: Option<String>,
    /// RFC 3339, UTC: the last harvest that added something.
    pub harvested_at: String,
    /// The county ledger's length and last hash at that harvest.
    pub county_entries: u64,
    pub county_head: String,
    /// The national ledger line of that harvest.
    pub national_seq: u64,
    /// Versions harvested.
    pub versions: usize,
}

impl County {
    /// The name, or the code when the county gives no name.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.code)
    }
}

/// One harvested version: the county's ledger entry and its folder in the national store.
#[derive(Debug, Clone)]
pub struct Version {
    pub county: String,
    pub entry: Entry,
    /// The version's folder, relative to the national root
    /// (`expenditure/county=901/period=2025-09/v=1`).
    pub dir: String,
}

/// The national store at one national ledger head.
#[derive(Debug)]
pub struct NationalCatalog {
    root: PathBuf,
    head: String,
    harvests: usize,
    counties: Vec<County>,
    versions: Vec<Version>,
    /// (county, dataset) → indexes into `versions`, by version.
    by_dataset: HashMap<(String, String), Vec<usize>>,
    stamp: Option<(u64, SystemTime)>,
}

/// The national ledger's size and modification time: it changes with every harvest.
pub fn stamp(root: &Path) -> Option<(u64, SystemTime)> {
    let meta = fs::metadata(root.join(LEDGER)).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl NationalCatalog {
    /// Reads the national ledger and every mirrored county ledger (no lock: a harvest
    /// under way is seen as of its last committed line). A missing folder is an empty
    /// store.
    pub fn read(root: &Path) -> Result<Self, NationalError> {
        let stamp = stamp(root);
        let national = National::open(root)?;
        let mut last: BTreeMap<&str, &super::Harvest> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for h in national.harvests() {
            if last.insert(h.county.as_str(), h).is_none() {
                order.push(&h.county);
            }
        }
        let mut versions = Vec::new();
        let mut counties = Vec::new();
        for code in order {
            let h = last[code];
            let entries = read_mirror(root, code)?;
            // What the last committed harvest recorded; a harvest moving its mirror into
            // place may briefly have written more.
            let harvested: Vec<Entry> = entries
                .into_iter()
                .take(h.county_entries as usize)
                .collect();
            let name = harvested
                .iter()
                .rev()
                .find_map(|e| jurisdiction(root, code, e));
            counties.push(County {
                code: code.to_string(),
                name,
                source: h.source.clone(),
                site: (h.source.starts_with("http://") || h.source.starts_with("https://"))
                    .then(|| h.source.trim_end_matches('/').to_string()),
                harvested_at: h.harvested_at.clone(),
                county_entries: h.county_entries,
                county_head: h.county_head.clone(),
                national_seq: h.seq,
                versions: harvested.len(),
            });
            for entry in harvested {
                versions.push(Version {
                    county: code.to_string(),
                    dir: version_dir(&entry.kind, code, entry.period.as_deref(), entry.version),
                    entry,
                });
            }
        }
        counties.sort_by(|a, b| a.code.cmp(&b.code));
        let mut by_dataset: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, v) in versions.iter().enumerate() {
            by_dataset
                .entry((v.county.clone(), v.entry.dataset.clone()))
                .or_default()
                .push(i);
        }
        for list in by_dataset.values_mut() {
            list.sort_by_key(|&i| versions[i].entry.version);
        }
        Ok(Self {
            root: root.to_path_buf(),
            head: national.head().to_string(),
            harvests: national.harvests().len(),
            counties,
            versions,
            by_dataset,
            stamp,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The national ledger's head when read.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// Lines in the national ledger.
    pub fn harvests(&self) -> usize {
        self.harvests
    }

    /// The national ledger's stamp when read ([`stamp`]).
    pub fn stamp(&self) -> Option<(u64, SystemTime)> {
        self.stamp
    }

    /// Every county, by code.
    pub fn counties(&self) -> &[County] {
        &self.counties
    }

    pub fn county(&self, code: &str) -> Option<&County> {
        self.counties.iter().find(|c| c.code == code)
    }

    /// Every harvested version, county by county in ledger order.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The latest version of every county dataset (of one county when `county` is given),
    /// newest publication first.
    pub fn datasets(&self, county: Option<&str>) -> Vec<&Version> {
        let mut out: Vec<&Version> = self
            .by_dataset
            .iter()
            .filter(|((c, _), _)| county.is_none_or(|want| c == want))
            .filter_map(|(_, list)| list.last().map(|&i| &self.versions[i]))
            .collect();
        out.sort_by(|a, b| {
            b.entry
                .published_at
                .cmp(&a.entry.published_at)
                .then_with(|| a.county.cmp(&b.county))
                .then_with(|| a.entry.dataset.cmp(&b.entry.dataset))
        });
        out
    }

    /// Every version of a county's dataset, oldest first; empty when there is none.
    pub fn versions_of(&self, county: &str, dataset: &str) -> Vec<&Version> {
        self.by_dataset
            .get(&(county.to_string(), dataset.to_string()))
            .map(|list| list.iter().map(|&i| &self.versions[i]).collect())
            .unwrap_or_default()
    }

    /// The latest version of a county's dataset.
    pub fn latest(&self, county: &str, dataset: &str) -> Option<&Version> {
        self.versions_of(county, dataset).last().copied()
    }

    /// One version of a county's dataset.
    pub fn version(&self, county: &str, dataset: &str, version: u32) -> Option<&Version> {
        self.versions_of(county, dataset)
            .into_iter()
            .find(|v| v.entry.version == version)
    }

    /// A file of a version as its ledger entry records it, and where it is on disk.
    pub fn recorded<'a>(
        &self,
        version: &'a Version,
        name: &str,
    ) -> Option<(&'a FileRecord, PathBuf)> {
        let record = version.entry.file(name)?;
        Some((record, self.path(version, &record.path)))
    }

    /// A file of a version on disk (the name is the ledger's, never a request's).
    pub fn path(&self, version: &Version, name: &str) -> PathBuf {
        self.root.join(&version.dir).join(name)
    }
}

/// The county's name in a version's `datapackage.json`, if it gives one.
fn jurisdiction(root: &Path, code: &str, entry: &Entry) -> Option<String> {
    entry.file("datapackage.json")?;
    let dir = version_dir(&entry.kind, code, entry.period.as_deref(), entry.version);
    let bytes = fs::read(root.join(dir).join("datapackage.json")).ok()?;
    let package: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    package["disclose"]["jurisdiction"]
        .as_str()
        .map(str::to_string)
}
