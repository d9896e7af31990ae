//! The national store: many counties' published versions, byte for byte, in a layout that
//! DuckDB and Spark read as it is, with a hash-chained ledger of every harvest.
//!
//! ```text
//! <national>/ledger.jsonl                                     one line per county harvest; the commit point
//! <national>/_ledgers/<code>/ledger.jsonl                     each county's ledger as harvested, byte for byte
//! <national>/<kind>/county=<code>/period=<period>/v=<n>/      a periodic kind's version: data.parquet, data.csv, datapackage.json, aggregates.parquet, …
//! <national>/<kind>/county=<code>/v=<n>/                      a living kind's version (projects, wards): no period
//! <national>/<kind>-current.parquet                           the manifest: the current version of every period
//! <national>/.staging/                                        a harvest being written; never read by readers
//! <national>/.lock                                            held by the one harvest at a time
//! ```
//!
//! Every file is a county's published bytes, unchanged, so each sha256 of the county's
//! ledger still holds for its copy. Partition values are codes the national office gives
//! (`county=016`), never names. A harvest ([`harvest::harvest`]) verifies the county's
//! chain, fetches what is new into `.staging/`, checks every file against the county's
//! ledger, appends one line to the national ledger (the commit point), then moves the files
//! and the mirrored county ledger into place and rewrites the manifests, which can always
//! be rebuilt from the national ledger. Opening the store for a harvest or a verify
//! finishes or discards what a killed harvest left behind. The national dashboards
//! ([`dashboard`]) are sums of the counties' harvested `aggregates.parquet`.
//!
//! This module reads county stores only through their ledgers and files ([`source`]); it
//! never changes a byte it copies, and knows nothing of pipelines or the web.

pub mod catalog;
pub mod dashboard;
pub mod harvest;
pub mod ledger;
pub mod manifest;
pub mod map;
pub mod search;
pub mod source;
pub mod verify;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use catalog::NationalCatalog;
pub use harvest::{Harvested, harvest};
pub use ledger::{Added, Harvest, HarvestBody, Superseded};
pub use source::{CountySource, Source};
pub use verify::{NationalReport, verify};

/// A national store operation that failed; each says which county, entry, file or path.
#[derive(Debug, thiserror::Error)]
pub enum NationalError {
    #[error("{action} {path}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "the national ledger {path} is damaged at line {line}: {message}; run `disclose verify --national` for the full report"
    )]
    Damaged {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "county {county}'s mirrored ledger {path} is damaged at line {line}: {message}; run `disclose verify --national` for the full report"
    )]
    DamagedMirror {
        county: String,
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "`{text}` is not a source: write CODE=DIRECTORY or CODE=URL, e.g. 016=/srv/county/datasets or 016=https://opendata.county.example"
    )]
    BadSource { text: String },
    #[error(
        "{url}: this build of disclose reads http:// sites only; build it with `cargo build --release --features https` to harvest from https://, or harvest the county's data directory"
    )]
    NoTls { url: String },
    #[error(
        "`{code}` is not a county code: 1 to 32 letters, digits or hyphens, starting with a letter or digit (e.g. 016)"
    )]
    BadCode { code: String },
    #[error(
        "county {code} is given twice ({first} and {second}); each county has one code and one source"
    )]
    DuplicateCode {
        code: String,
        first: String,
        second: String,
    },
    /// A county that does not verify; nothing of it was written.
    #[error("county {county} ({location}): {refusal}; nothing of {county} was harvested")]
    Refused {
        county: String,
        location: String,
        refusal: Box<Refusal>,
    },
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
}

/// Why a county's harvest was refused. Each names the county ledger's entry and, for a
/// file, its name.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("cannot read its ledger ({message}): the source is missing or unreachable")]
    NoLedger { message: String },
    #[error("its ledger has no entries: it has published nothing yet")]
    Empty,
    #[error("its ledger, line {line}: {message}")]
    Ledger { line: usize, message: String },
    #[error(
        "its ledger has {found} entries but {harvested} were harvested already (head {head}): the ledger was truncated"
    )]
    Truncated {
        found: usize,
        harvested: usize,
        head: String,
    },
    #[error(
        "ledger entry {seq} ({dataset} v{version}) is not the one harvested (hash {now}, harvested {was}): a published version was rewritten, and versions never change"
    )]
    Rewritten {
        seq: u64,
        dataset: String,
        version: u32,
        now: String,
        was: String,
    },
    #[error(
        "ledger entry {seq} is {now} where {was} was harvested: the ledger was reordered or rewritten"
    )]
    Reordered { seq: u64, now: String, was: String },
    #[error(
        "the code is held by another county: its harvested ledger begins with entry {held} ({held_by}), this source's with {claimed} ({claimed_by}); give this county its own code (if it is the same county, it rewrote its first version, and versions never change)"
    )]
    CodeHeld {
        held: String,
        held_by: String,
        claimed: String,
        claimed_by: String,
    },
    #[error(
        "it is the county already harvested as {other} (both ledgers begin with entry {first}); a county has one code"
    )]
    SameCounty { other: String, first: String },
    #[error(
        "ledger entry {seq} ({dataset} v{version}), file {file}: {bytes} bytes with sha256 {sha256}, the ledger records {want_bytes} bytes with sha256 {want_sha256}: the file does not match its ledger entry"
    )]
    FileMismatch {
        seq: u64,
        dataset: String,
        version: u32,
        file: String,
        bytes: u64,
        sha256: String,
        want_bytes: u64,
        want_sha256: String,
    },
    #[error(
        "ledger entry {seq} ({dataset} v{version}), file {file}: cannot fetch it ({message}): the source disappeared or is unreachable"
    )]
    Unfetchable {
        seq: u64,
        dataset: String,
        version: u32,
        file: String,
        message: String,
    },
    #[error("ledger entry {seq}: {what} `{value}` cannot name a partition or a file")]
    UnsafeName {
        seq: u64,
        what: &'static str,
        value: String,
    },
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> NationalError {
    let path = path.to_path_buf();
    move |source| NationalError::Io {
        action,
        path,
        source,
    }
}

/// A county's code: the partition value `county=<code>` and the mirror's folder name.
/// Given by the national office (Kenya's county codes, `001` to `047`; Ghana's MMDA codes);
/// 1 to 32 ASCII letters, digits or hyphens, starting with a letter or digit.
pub fn check_code(code: &str) -> Result<(), NationalError> {
    if is_plain(code, 32, |c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(())
    } else {
        Err(NationalError::BadCode {
            code: code.to_string(),
        })
    }
}

/// True for a non-empty name of at most `max` characters that `allowed` accepts and that
/// starts with a letter or digit: safe as one path segment and as a partition value.
fn is_plain(text: &str, max: usize, allowed: impl Fn(char) -> bool) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(allowed)
}

/// A version's folder, relative to the national root:
/// `<kind>/county=<code>/period=<period>/v=<n>`, or without the period for a living kind.
/// The only place the layout is spelt.
pub fn version_dir(kind: &str, county: &str, period: Option<&str>, version: u32) -> String {
    match period {
        Some(p) => format!("{kind}/county={county}/period={p}/v={version}"),
        None => format!("{kind}/county={county}/v={version}"),
    }
}

/// The manifest of a kind, relative to the national root.
pub fn manifest_name(kind: &str) -> String {
    format!("{kind}-current.parquet")
}

/// The mirrored ledger of a county.
pub fn mirror_path(root: &Path, county: &str) -> PathBuf {
    root.join(MIRRORS).join(county).join("ledger.jsonl")
}

/// A county's mirrored ledger's entries, refused at its first damaged line.
fn read_mirror(root: &Path, county: &str) -> Result<Vec<crate::store::Entry>, NationalError> {
    let path = mirror_path(root, county);
    let text = fs::read_to_string(&path).map_err(io_err("cannot read", &path))?;
    let (entries, problems) = crate::store::ledger::parse(&text);
    match problems.into_iter().next() {
        Some(p) => Err(NationalError::DamagedMirror {
            county: county.to_string(),
            path,
            line: p.line,
            message: p.message,
        }),
        None => Ok(entries),
    }
}

/// The folder of the county ledgers' mirrors.
pub const MIRRORS: &str = "_ledgers";
const LEDGER: &str = "ledger.jsonl";
const STAGING: &str = ".staging";

/// The exclusive harvest lock; released on drop.
#[derive(Debug)]
pub struct Lock(#[expect(dead_code, reason = "held for its drop")] File);

/// The national store with its ledger read.
#[derive(Debug)]
pub struct National {
    root: PathBuf,
    harvests: Vec<Harvest>,
    /// What opening finished or discarded of a killed harvest, for people.
    pub recovered: Vec<String>,
}

impl National {
    /// Opens the store for reading only: no lock, no recovery. A missing folder is an
    /// empty store.
    pub fn open(root: &Path) -> Result<Self, NationalError> {
        Ok(Self {
            root: root.to_path_buf(),
            harvests: read_ledger(root)?,
            recovered: Vec::new(),
        })
    }

    /// Opens the store for a harvest: creates it if need be, waits for the lock (calling
    /// `waiting` first if another harvest holds it), and finishes or discards whatever a
    /// killed harvest left.
    pub fn open_for_harvest(
        root: &Path,
        waiting: impl FnOnce(),
    ) -> Result<(Self, Lock), NationalError> {
        fs::create_dir_all(root.join(STAGING)).map_err(io_err("cannot create", root))?;
        let lock_path = root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err("cannot open", &lock_path))?;
        if file.try_lock().is_err() {
            waiting();
            file.lock().map_err(io_err("cannot lock", &lock_path))?;
        }
        let lock = Lock(file);
        let recovered = harvest::recover(root, &lock)?;
        Ok((
            Self {
                root: root.to_path_buf(),
                harvests: read_ledger(root)?,
                recovered,
            },
            lock,
        ))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every harvest, in ledger order.
    pub fn harvests(&self) -> &[Harvest] {
        &self.harvests
    }

    /// The hash of the last line: the national ledger's head.
    pub fn head(&self) -> &str {
        self.harvests
            .last()
            .map_or(crate::store::ledger::GENESIS, |h| h.hash.as_str())
    }

    /// Every county code, in order of first harvest.
    pub fn counties(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for h in &self.harvests {
            if !seen.contains(&h.county.as_str()) {
                seen.push(&h.county);
            }
        }
        seen
    }
}

fn read_ledger(root: &Path) -> Result<Vec<Harvest>, NationalError> {
    let path = root.join(LEDGER);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err("cannot read", &path)(e)),
    };
    let (harvests, problems) = ledger::parse(&text);
    match problems.into_iter().next() {
        Some(p) => Err(NationalError::Damaged {
            path,
            line: p.line,
            message: p.message,
        }),
        None => Ok(harvests),
    }
}

/// Aborts the process at a named point, for crash tests (`DISCLOSE_FAILPOINT=harvest-committed`).
fn failpoint(name: &str) {
    if std::env::var("DISCLOSE_FAILPOINT").as_deref() == Ok(name) {
        std::process::abort();
    }
}

fn sync_dir(path: &Path) -> Result<(), NationalError> {
    File::open(path)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync", path))
}

/// Renames `from` to `to`, creating `to`'s folder, and syncs that folder.
fn move_synced(from: &Path, to: &Path) -> Result<(), NationalError> {
    let parent = to.parent().expect("targets are inside the store");
    fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
    fs::rename(from, to).map_err(io_err("cannot rename", from))?;
    sync_dir(parent)
}

/// Writes `content` to a new file at `path`, fsynced.
fn write_synced(path: &Path, content: &[u8]) -> Result<(), NationalError> {
    let mut f = File::create(path).map_err(io_err("cannot create", path))?;
    f.write_all(content)
        .and_then(|()| f.sync_all())
        .map_err(io_err("cannot write", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_codes_are_plain_partition_values() {
        for good in ["016", "KE-016", "ghst"] {
            assert!(check_code(good).is_ok(), "{good}");
        }
        for bad in ["", "-016", "0/1", "..", "a b", "county=1", &"9".repeat(33)] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periodic_versions_have_a_period_partition_and_living_ones_none() {
        assert_eq!(
            version_dir("expenditure", "016", Some("2025-09"), 2),
            "expenditure/county=016/period=2025-09/v=2"
        );
        assert_eq!(
            version_dir("projects", "016", None, 3),
            "projects/county=016/v=3"
        );
    }
}
