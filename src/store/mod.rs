//! The published store: immutable versions on disk and the hash-chained ledger that
//! commits them.
//!
//! ```text
//! <data-dir>/ledger.jsonl                   one line per version; the commit record
//! <data-dir>/<dataset>/v<n>/data.parquet    … data.csv, data.geojson, datapackage.json, aggregates.parquet
//! <data-dir>/.staging/                      versions being written; never read by readers
//! <data-dir>/.lock                          held by the one publisher at a time
//! <data-dir>/.redaction-key                 secret for pseudonyms; never published
//! ```
//!
//! A publish stages every file in `.staging/`, fsyncs it, appends one ledger line (the
//! commit point), fsyncs the ledger, then renames the staged folder into place. Opening the
//! store finishes or discards whatever a crash left behind, so readers and `verify` only
//! ever see committed versions. This module knows nothing of pipelines' inputs or the web.

pub mod catalog;
pub mod diff;
pub mod features;
mod hashing;
mod key;
pub mod ledger;
pub mod verify;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

pub use catalog::{Catalog, VersionRef};
pub use features::{
    FeatureCache, FeaturesError, Indexed, each_feature, load_features, read_features,
};
pub use hashing::{FileRecord, Hashing};
pub use key::key_hash;
pub use ledger::{Entry, EntryBody, SourceRecord};

/// A store operation that failed; each says which path and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{action} {path}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "the ledger {path} is damaged at line {line}: {message}; run `disclose verify` for the full report"
    )]
    Damaged {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("no dataset `{dataset}` in the store; `disclose log` lists the published datasets")]
    UnknownDataset { dataset: String },
    #[error("{dataset} has no version {version}; its versions are 1 to {latest}")]
    UnknownVersion {
        dataset: String,
        version: u32,
        latest: u32,
    },
    #[error("version `{text}` is not a version number (1, 2, …) or `latest`")]
    BadVersion { text: String },
    #[error("{dataset} v{version} has no file `{file}`")]
    UnknownFile {
        dataset: String,
        version: u32,
        file: String,
    },
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// Names in the data directory that are not datasets.
const RESERVED: [&str; 2] = ["ledger.jsonl", "inbox"];

/// The store, with its ledger read.
#[derive(Debug)]
pub struct Store {
    catalog: Catalog,
    /// Interrupted publishes that opening finished or discarded, for reporting.
    pub recovered: Vec<String>,
}

/// The exclusive publish lock; released on drop.
#[derive(Debug)]
pub struct Lock(#[expect(dead_code, reason = "held for its drop")] File);

/// A version being written in `.staging/`.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
}

impl Store {
    /// Opens the store for reading. If no publisher holds the lock, first finishes or
    /// discards an interrupted publish. A missing data directory is an empty store.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let mut recovered = Vec::new();
        if root.join(".staging").exists()
            && let Ok(file) = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(root.join(".lock"))
            && file.try_lock().is_ok()
        {
            recovered = recover(root)?;
        }
        let entries = read_ledger(root)?;
        Ok(Self {
            catalog: Catalog::new(root, entries),
            recovered,
        })
    }

    /// Opens the store for publishing: creates it if needed, waits for the lock, and
    /// recovers from any interrupted publish.
    pub fn open_for_publish(root: &Path) -> Result<(Self, Lock), StoreError> {
        fs::create_dir_all(root.join(".staging")).map_err(io_err("cannot create", root))?;
        let lock_path = root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err("cannot open", &lock_path))?;
        file.lock().map_err(io_err("cannot lock", &lock_path))?;
        let recovered = recover(root)?;
        let entries = read_ledger(root)?;
        Ok((
            Self {
                catalog: Catalog::new(root, entries),
                recovered,
            },
            Lock(file),
        ))
    }

    pub fn root(&self) -> &Path {
        self.catalog.root()
    }

    /// The committed versions, as readers see them.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn entries(&self) -> &[Entry] {
        self.catalog.entries()
    }

    pub fn head_hash(&self) -> &str {
        self.catalog.head()
    }

    pub fn latest(&self, dataset: &str) -> Option<&Entry> {
        self.catalog.latest(dataset)
    }

    pub fn version(&self, dataset: &str, version: u32) -> Result<&Entry, StoreError> {
        self.catalog.resolve(dataset, VersionRef::Pinned(version))
    }

    /// Every dataset id, in order of first publication.
    pub fn datasets(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for e in self.entries() {
            if !seen.contains(&e.dataset.as_str()) {
                seen.push(&e.dataset);
            }
        }
        seen
    }

    pub fn version_dir(&self, dataset: &str, version: u32) -> PathBuf {
        catalog::version_dir(self.root(), dataset, version)
    }

    /// The secret used for pseudonyms, created on first use (with the data directory, if
    /// need be: a check may come before any publish).
    pub fn redaction_key(&self) -> Result<Vec<u8>, StoreError> {
        let path = self.root().join(".redaction-key");
        match fs::read(&path) {
            Ok(key) if key.len() >= 32 => Ok(key),
            _ => {
                fs::create_dir_all(self.root()).map_err(io_err("cannot create", self.root()))?;
                let key: [u8; 32] = rand::random();
                let text = hex::encode(key);
                write_synced(&path, text.as_bytes())?;
                Ok(text.into_bytes())
            }
        }
    }

    /// Sets the redaction key (the demo does, so its output is reproducible).
    pub fn set_redaction_key(&self, key: &[u8]) -> Result<(), StoreError> {
        write_synced(
            &self.root().join(".redaction-key"),
            hex::encode(key).as_bytes(),
        )
    }

    /// Makes an empty staging folder for a new version.
    pub fn stage(&self) -> Result<Staging, StoreError> {
        let dir = self.staging_path();
        fs::create_dir_all(&dir).map_err(io_err("cannot create", &dir))?;
        Ok(Staging { dir })
    }

    /// A new name in `.staging/` for a version being written; opening the store discards
    /// what it finds there under such a name while no publisher holds the lock.
    fn staging_path(&self) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        self.root()
            .join(".staging")
            .join(format!("tmp-{}-{nanos}", std::process::id()))
    }

    /// Stages a version whose files were written elsewhere (a check made without the lock,
    /// which could not wait in `.staging/`): renames `dir` into `.staging/`, or, if it is on
    /// another filesystem, copies its files there, fsynced, and removes it.
    pub fn adopt(&self, dir: &Path, _lock: &Lock) -> Result<Staging, StoreError> {
        let staging = Staging {
            dir: self.staging_path(),
        };
        match fs::rename(dir, &staging.dir) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {}
            Err(e) => return Err(io_err("cannot move", dir)(e)),
        }
        if let Err(e) = copy_synced(dir, &staging.dir) {
            self.abort(staging);
            return Err(e);
        }
        // The copy is whole and on disk; an original left behind only costs space.
        let _ = fs::remove_dir_all(dir);
        Ok(staging)
    }

    /// Discards a staged version.
    pub fn abort(&self, staging: Staging) {
        let _ = fs::remove_dir_all(&staging.dir);
    }

    /// Commits a staged version: appends its ledger entry and moves it into place. The
    /// caller fills `body` but for `seq`, `version` (from [`Store::next_version`]) and
    /// `prev_hash`, which this sets.
    pub fn commit(
        &mut self,
        staging: Staging,
        mut body: EntryBody,
        _lock: &Lock,
    ) -> Result<Entry, StoreError> {
        body.seq = self.entries().len() as u64 + 1;
        body.version = self.next_version(&body.dataset);
        body.prev_hash = self.head_hash().to_string();
        let entry = body.seal();
        let ready = self
            .root()
            .join(".staging")
            .join(format!("{}.v{}", entry.dataset, entry.version));
        sync_dir(&staging.dir)?;
        fs::rename(&staging.dir, &ready).map_err(io_err("cannot rename", &staging.dir))?;
        sync_dir(&self.root().join(".staging"))?;
        failpoint("staged");

        let ledger_path = self.root().join("ledger.jsonl");
        ledger::append_synced(&ledger_path, &entry.to_line(), "torn-ledger")
            .map_err(|(action, e)| io_err(action, &ledger_path)(e))?;
        sync_dir(self.root())?;
        failpoint("committed");

        move_into_place(self.root(), &ready, &entry.dataset, entry.version)?;
        self.catalog.push(entry.clone());
        Ok(entry)
    }

    pub fn next_version(&self, dataset: &str) -> u32 {
        self.latest(dataset).map_or(1, |e| e.version + 1)
    }

    /// Reads one file of a version whole (for small files such as datapackage.json).
    pub fn read_file(&self, entry: &Entry, name: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.version_dir(&entry.dataset, entry.version).join(name);
        let mut buf = Vec::new();
        File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut buf))
            .map_err(io_err("cannot read", &path))?;
        Ok(buf)
    }
}

/// Aborts the process at a named point, for crash tests (`DISCLOSE_FAILPOINT=staged`).
fn failpoint(name: &str) {
    if std::env::var("DISCLOSE_FAILPOINT").as_deref() == Ok(name) {
        std::process::abort();
    }
}

fn move_into_place(
    root: &Path,
    ready: &Path,
    dataset: &str,
    version: u32,
) -> Result<(), StoreError> {
    let parent = root.join(dataset);
    fs::create_dir_all(&parent).map_err(io_err("cannot create", &parent))?;
    let target = catalog::version_dir(root, dataset, version);
    fs::rename(ready, &target).map_err(io_err("cannot rename", ready))?;
    sync_dir(&parent)?;
    sync_dir(root)
}

fn read_ledger(root: &Path) -> Result<Vec<Entry>, StoreError> {
    let path = root.join("ledger.jsonl");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(StoreError::Io {
                action: "cannot read",
                path,
                source: e,
            });
        }
    };
    let (entries, problems) = ledger::parse(&text);
    match problems.into_iter().next() {
        Some(p) => Err(StoreError::Damaged {
            path,
            line: p.line,
            message: p.message,
        }),
        None => Ok(entries),
    }
}

/// Finishes or discards interrupted publishes. Runs under the lock.
fn recover(root: &Path) -> Result<Vec<String>, StoreError> {
    let staging = root.join(".staging");
    let Ok(dir) = fs::read_dir(&staging) else {
        return Ok(Vec::new());
    };
    let mut notes = Vec::new();
    let ledger_path = root.join("ledger.jsonl");
    let mut ready: Vec<(PathBuf, String)> = Vec::new();
    for item in dir.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with("tmp-") {
            let _ = fs::remove_dir_all(item.path());
            notes.push(format!("discarded an unfinished publish ({name})"));
        } else {
            ready.push((item.path(), name));
        }
    }
    if ready.is_empty() {
        return Ok(notes);
    }
    // A crash while appending leaves a torn last line; with a staged version waiting, that
    // line was never committed, so it is cut off.
    if ledger::cut_torn_line(&ledger_path).map_err(|(action, e)| io_err(action, &ledger_path)(e))? {
        notes.push("removed a ledger line torn by an interrupted publish".into());
    }
    let entries = read_ledger(root)?;
    for (path, name) in ready {
        let committed = name.rsplit_once(".v").and_then(|(dataset, v)| {
            let version: u32 = v.parse().ok()?;
            entries
                .iter()
                .any(|e| e.dataset == dataset && e.version == version)
                .then(|| (dataset.to_string(), version))
        });
        match committed {
            Some((dataset, version)) if !catalog::version_dir(root, &dataset, version).exists() => {
                move_into_place(root, &path, &dataset, version)?;
                notes.push(format!(
                    "finished the interrupted publish of {dataset} v{version}"
                ));
            }
            _ => {
                let _ = fs::remove_dir_all(&path);
                notes.push(format!("discarded an uncommitted publish ({name})"));
            }
        }
    }
    Ok(notes)
}

fn write_synced(path: &Path, content: &[u8]) -> Result<(), StoreError> {
    let mut f = File::create(path).map_err(io_err("cannot create", path))?;
    f.write_all(content)
        .and_then(|()| f.sync_all())
        .map_err(io_err("cannot write", path))
}

/// Copies the folder `from` to a new folder `to`, each file fsynced.
fn copy_synced(from: &Path, to: &Path) -> Result<(), StoreError> {
    fs::create_dir(to).map_err(io_err("cannot create", to))?;
    for item in fs::read_dir(from).map_err(io_err("cannot read", from))? {
        let item = item.map_err(io_err("cannot read", from))?;
        let (source, target) = (item.path(), to.join(item.file_name()));
        if item
            .file_type()
            .map_err(io_err("cannot read", &source))?
            .is_dir()
        {
            copy_synced(&source, &target)?;
        } else {
            fs::copy(&source, &target).map_err(io_err("cannot copy", &source))?;
            File::open(&target)
                .and_then(|f| f.sync_all())
                .map_err(io_err("cannot sync", &target))?;
        }
    }
    sync_dir(to)
}

fn sync_dir(path: &Path) -> Result<(), StoreError> {
    File::open(path)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync", path))
}

/// Hashes a file on disk: (sha256 hex, bytes).
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut w = Hashing::new(io::sink());
    // 64 KiB at a time: fewer system calls than io::copy's 8 KiB, and unlike a megabyte
    // the buffer stays in cache between the kernel's copy and the hash.
    io::copy(
        &mut io::BufReader::with_capacity(1 << 16, File::open(path)?),
        &mut w,
    )?;
    let (_, sha, bytes) = w.finish();
    Ok((sha, bytes))
}

/// True for names in the data directory that are not datasets.
pub fn is_reserved(name: &str) -> bool {
    name.starts_with('.') || RESERVED.contains(&name)
}

/// What a published file is, from its name: a short name (the `format` facet and the
/// Data Package's `format`), a title for people, and its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFormat {
    pub name: &'static str,
    pub title: &'static str,
    pub media_type: &'static str,
}

pub fn file_format(path: &str) -> FileFormat {
    let (name, title, media_type) = if path.ends_with(".shp.zip") {
        ("shapefile", "Shapefile (zipped)", "application/zip")
    } else if path.rsplit('/').next() == Some("aggregates.parquet") {
        (
            "parquet",
            "Parquet: the version's dashboard aggregates",
            "application/vnd.apache.parquet",
        )
    } else {
        match path.rsplit('.').next() {
            Some("csv") => ("csv", "CSV", "text/csv"),
            Some("parquet") => (
                "parquet",
                "GeoParquet / Parquet",
                "application/vnd.apache.parquet",
            ),
            Some("geojson") => ("geojson", "GeoJSON", "application/geo+json"),
            Some("gpkg") => ("gpkg", "GeoPackage", "application/geopackage+sqlite3"),
            Some("fgb") => ("flatgeobuf", "FlatGeobuf", "application/vnd.flatgeobuf"),
            Some("kml") => ("kml", "KML", "application/vnd.google-earth.kml+xml"),
            Some("json") => ("json", "JSON", "application/json"),
            _ => ("bin", "binary", "application/octet-stream"),
        }
    };
    FileFormat {
        name,
        title,
        media_type,
    }
}
