//! `disclose harvest`: copies what is new in each county into the national store, after
//! checking it against the county's own ledger.
//!
//! For each county, under the national lock: read its ledger and check the whole chain;
//! check that the entries harvested before are still its first entries, byte for byte
//! (a county that rewrote, reordered or truncated its history is refused), and that no
//! other code holds the same county; fetch every file of every new entry into
//! `.staging/<seq>-<code>/`, checking its size and sha256 against the entry; stage the
//! county's ledger as the new mirror. Only then is one line appended to the national ledger
//! (the commit point); the staged files and mirror are then moved into place, the manifests
//! of the kinds touched are rewritten, and the staging folder is removed. A refused county
//! leaves nothing behind; [`recover`] finishes a committed harvest or discards an
//! uncommitted one that a killed process left.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};

use super::ledger::short;
use super::{
    Added, CountySource, Harvest, HarvestBody, LEDGER, Lock, National, NationalError, Refusal,
    STAGING, Superseded, failpoint, io_err, is_plain, manifest, mirror_path, move_synced,
    read_ledger, read_mirror, sync_dir, version_dir, write_synced,
};
use crate::store::ledger as county_ledger;
use crate::store::{Entry, FileRecord, Hashing};

/// What harvesting one county did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Harvested {
    /// New versions were copied and committed on national line `seq`.
    Added {
        county: String,
        seq: u64,
        versions: usize,
        files: usize,
        bytes: u64,
        superseded: usize,
        county_head: String,
    },
    /// The county has published nothing since its last harvest; nothing was written.
    UpToDate {
        county: String,
        entries: u64,
        county_head: String,
    },
}

impl Harvested {
    /// One line for people.
    pub fn summary(&self) -> String {
        match self {
            Self::Added {
                county,
                seq,
                versions,
                files,
                bytes,
                superseded,
                county_head,
            } => format!(
                "county {county}: {versions} new version{} ({files} files, {bytes} bytes), {superseded} superseded; county head {}; national line {seq}",
                plural(*versions),
                short(county_head)
            ),
            Self::UpToDate {
                county,
                entries,
                county_head,
            } => format!(
                "county {county}: up to date ({entries} entries, head {}); nothing written",
                short(county_head)
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Harvests each county in turn. A refused county does not stop the others; its result
/// says why, and nothing of it is written.
pub fn harvest(
    national: &mut National,
    lock: &Lock,
    sources: &[CountySource],
) -> Vec<Result<Harvested, NationalError>> {
    sources
        .iter()
        .map(|county| harvest_one(national, lock, county))
        .collect()
}

fn harvest_one(
    national: &mut National,
    _lock: &Lock,
    county: &CountySource,
) -> Result<Harvested, NationalError> {
    let code = county.code.as_str();
    let location = county.source.location();
    let refuse = |refusal| NationalError::Refused {
        county: code.to_string(),
        location: location.clone(),
        refusal: Box::new(refusal),
    };

    let text = county.source.ledger().map_err(|e| {
        refuse(Refusal::NoLedger {
            message: e.to_string(),
        })
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        refuse(Refusal::Ledger {
            line: e.as_bytes()[..valid]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1,
            message: "not UTF-8 text: the ledger was edited".into(),
        })
    })?;
    let (entries, problems) = county_ledger::parse(&text);
    if let Some(p) = problems.into_iter().next() {
        return Err(refuse(Refusal::Ledger {
            line: p.line,
            message: p.message,
        }));
    }
    let Some(first) = entries.first() else {
        return Err(refuse(Refusal::Empty));
    };

    // The same county under one code, and under one code only.
    let root = national.root().to_path_buf();
    let harvested = harvested_entries(&root, code)?;
    if let Some(held) = harvested.first()
        && held.hash != first.hash
    {
        return Err(refuse(Refusal::CodeHeld {
            held: short(&held.hash).into(),
            held_by: describe(held),
            claimed: short(&first.hash).into(),
            claimed_by: describe(first),
        }));
    }
    for other in national.counties().into_iter().filter(|c| *c != code) {
        if first_hash(&root, other)?.as_ref() == Some(&first.hash) {
            return Err(refuse(Refusal::SameCounty {
                other: other.to_string(),
                first: short(&first.hash).into(),
            }));
        }
    }

    // What was harvested must still be the start of the ledger.
    if entries.len() < harvested.len() {
        return Err(refuse(Refusal::Truncated {
            found: entries.len(),
            harvested: harvested.len(),
            head: short(&harvested[harvested.len() - 1].hash).into(),
        }));
    }
    for (now, was) in entries.iter().zip(&harvested) {
        if now.hash != was.hash {
            return Err(refuse(
                if now.dataset == was.dataset && now.version == was.version {
                    Refusal::Rewritten {
                        seq: now.seq,
                        dataset: now.dataset.clone(),
                        version: now.version,
                        now: short(&now.hash).into(),
                        was: short(&was.hash).into(),
                    }
                } else {
                    Refusal::Reordered {
                        seq: now.seq,
                        now: format!("{} v{}", now.dataset, now.version),
                        was: format!("{} v{}", was.dataset, was.version),
                    }
                },
            ));
        }
    }
    let head = entries.last().expect("not empty").hash.clone();
    let new = &entries[harvested.len()..];
    if new.is_empty() {
        return Ok(Harvested::UpToDate {
            county: code.to_string(),
            entries: entries.len() as u64,
            county_head: head,
        });
    }
    for entry in new {
        check_names(entry).map_err(refuse)?;
    }

    // Fetch and check every new file into staging; any failure discards it all.
    let seq = national.harvests().len() as u64 + 1;
    let staging = root.join(STAGING).join(format!("{seq}-{code}"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err("cannot remove", &staging))?;
    }
    let staged = stage(&staging, code, new, county.source.as_ref(), &text);
    let added = match staged {
        Ok(added) => added,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(match e {
                Staging::Refused(r) => refuse(*r),
                Staging::Failed(e) => e,
            });
        }
    };

    // Commit: one line to the national ledger.
    let mut current = CurrentVersions::of(national.harvests());
    let superseded = current.supersede(code, &added);
    let (files, bytes) = added
        .iter()
        .flat_map(|a| &a.files)
        .fold((0, 0), |(n, b), f| (n + 1, b + f.bytes));
    let body = HarvestBody {
        seq,
        harvested_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        county: code.to_string(),
        source: location.clone(),
        county_entries: entries.len() as u64,
        county_head: head.clone(),
        added,
        superseded,
        prev_hash: national.head().to_string(),
    };
    let line = body.seal();
    append(&root, &line)?;
    failpoint("harvest-committed");
    national.harvests.push(line);

    let line = national.harvests.last().expect("just pushed");
    finish(&root, national.harvests(), line, &staging)?;
    Ok(Harvested::Added {
        county: code.to_string(),
        seq,
        versions: line.added.len(),
        files,
        bytes,
        superseded: line.superseded.len(),
        county_head: head,
    })
}

/// An entry for people: `wards v1, published 2024-06-10T09:30:00Z by Mlima County`.
fn describe(e: &Entry) -> String {
    format!(
        "{} v{}, published {} by {}",
        e.dataset, e.version, e.published_at, e.publisher
    )
}

/// The names an entry brings into paths must be plain, and agree with each other.
fn check_names(entry: &Entry) -> Result<(), Refusal> {
    let unsafe_name = |what, value: &str| Refusal::UnsafeName {
        seq: entry.seq,
        what,
        value: value.to_string(),
    };
    if !is_plain(&entry.kind, 64, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
    }) {
        return Err(unsafe_name("kind", &entry.kind));
    }
    if let Some(p) = &entry.period
        && !is_plain(p, 32, |c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(unsafe_name("period", p));
    }
    let expected = match &entry.period {
        Some(p) => format!("{}-{p}", entry.kind),
        None => entry.kind.clone(),
    };
    if entry.dataset != expected {
        return Err(unsafe_name(
            "dataset (not its kind and period)",
            &entry.dataset,
        ));
    }
    for f in &entry.files {
        if !is_plain(&f.path, 128, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
        }) || f.path.contains("..")
        {
            return Err(unsafe_name("file", &f.path));
        }
    }
    Ok(())
}

/// Why staging stopped: the county's fault, or ours.
enum Staging {
    Refused(Box<Refusal>),
    Failed(NationalError),
}

impl From<NationalError> for Staging {
    fn from(e: NationalError) -> Self {
        Self::Failed(e)
    }
}

/// Fetches every file of `new` into `staging/files/<national path>` and the county ledger
/// into `staging/ledger.jsonl`, each checked and fsynced.
fn stage(
    staging: &Path,
    code: &str,
    new: &[Entry],
    source: &dyn super::Source,
    ledger_text: &str,
) -> Result<Vec<Added>, Staging> {
    let mut added = Vec::new();
    for entry in new {
        let dir = version_dir(&entry.kind, code, entry.period.as_deref(), entry.version);
        let folder = staging.join("files").join(&dir);
        fs::create_dir_all(&folder).map_err(io_err("cannot create", &folder))?;
        let mut files = Vec::new();
        for record in &entry.files {
            let target = folder.join(&record.path);
            let unfetchable = |message: String| {
                Staging::Refused(Box::new(Refusal::Unfetchable {
                    seq: entry.seq,
                    dataset: entry.dataset.clone(),
                    version: entry.version,
                    file: record.path.clone(),
                    message,
                }))
            };
            let reader = source
                .open(&entry.dataset, entry.version, &record.path)
                .map_err(|e| unfetchable(e.to_string()))?;
            let (sha256, bytes) =
                copy_checked(reader, &target, record.bytes).map_err(|e| match e {
                    Copy::Read(e) => unfetchable(e.to_string()),
                    Copy::Write(e) => Staging::Failed(io_err("cannot write", &target)(e)),
                })?;
            if bytes != record.bytes || sha256 != record.sha256 {
                return Err(Staging::Refused(Box::new(Refusal::FileMismatch {
                    seq: entry.seq,
                    dataset: entry.dataset.clone(),
                    version: entry.version,
                    file: record.path.clone(),
                    bytes,
                    sha256: format!("{}…", short(&sha256)),
                    want_bytes: record.bytes,
                    want_sha256: format!("{}…", short(&record.sha256)),
                })));
            }
            failpoint("harvest-staged-file");
            files.push(FileRecord {
                path: format!("{dir}/{}", record.path),
                ..record.clone()
            });
        }
        sync_dir(&folder)?;
        added.push(Added {
            county_seq: entry.seq,
            county_hash: entry.hash.clone(),
            dataset: entry.dataset.clone(),
            kind: entry.kind.clone(),
            period: entry.period.clone(),
            version: entry.version,
            rows: entry.rows,
            files,
        });
    }
    write_synced(&staging.join(LEDGER), ledger_text.as_bytes())?;
    sync_dir(staging)?;
    Ok(added)
}

enum Copy {
    Read(io::Error),
    Write(io::Error),
}

/// Copies at most `expected + 1` bytes from `reader` to a new file at `target`, fsynced:
/// enough to see that a file is too long without reading an endless one. Returns the
/// sha256 and size of what was copied.
fn copy_checked(reader: impl Read, target: &Path, expected: u64) -> Result<(String, u64), Copy> {
    let file = File::create(target).map_err(Copy::Write)?;
    let mut out = Hashing::new(BufWriter::with_capacity(1 << 16, file));
    let mut reader = reader.take(expected + 1);
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e)),
        };
        out.write_all(&buf[..n]).map_err(Copy::Write)?;
    }
    let (writer, sha256, bytes) = out.finish();
    let file = writer
        .into_inner()
        .map_err(|e| Copy::Write(e.into_error()))?;
    file.sync_all().map_err(Copy::Write)?;
    Ok((sha256, bytes))
}

/// The current version of every (kind, county, period), as harvests are added in order.
#[derive(Debug, Default)]
pub(super) struct CurrentVersions(BTreeMap<(String, String, Option<String>), u32>);

impl CurrentVersions {
    /// As of the end of `harvests`.
    pub(super) fn of(harvests: &[Harvest]) -> Self {
        let mut current = Self::default();
        for h in harvests {
            current.supersede(&h.county, &h.added);
        }
        current
    }

    /// Makes each of `added` its period's current version; returns the versions it
    /// replaces (including any added earlier in the same list).
    pub(super) fn supersede(&mut self, county: &str, added: &[Added]) -> Vec<Superseded> {
        let mut out = Vec::new();
        for a in added {
            let key = (a.kind.clone(), county.to_string(), a.period.clone());
            if let Some(version) = self.0.insert(key, a.version) {
                out.push(Superseded {
                    kind: a.kind.clone(),
                    period: a.period.clone(),
                    version,
                    by: a.version,
                });
            }
        }
        out
    }
}

/// Appends a line to the national ledger and syncs it: the commit point.
fn append(root: &Path, line: &Harvest) -> Result<(), NationalError> {
    let path = root.join(LEDGER);
    county_ledger::append_synced(&path, &line.to_line(), "harvest-torn-ledger")
        .map_err(|(action, e)| io_err(action, &path)(e))?;
    sync_dir(root)
}

/// Moves a committed harvest's staged files and mirror into place, rewrites the manifests
/// of its kinds, and removes its staging folder. Files already moved are skipped, so a
/// harvest killed half way through this is finished by running it again.
fn finish(
    root: &Path,
    harvests: &[Harvest],
    line: &Harvest,
    staging: &Path,
) -> Result<(), NationalError> {
    let files = staging.join("files");
    for (i, f) in line.added.iter().flat_map(|a| &a.files).enumerate() {
        let staged = files.join(&f.path);
        if staged.exists() {
            move_synced(&staged, &root.join(&f.path))?;
        }
        if i == 0 {
            failpoint("harvest-moving");
        }
    }
    let mirror = staging.join(LEDGER);
    if mirror.exists() {
        move_synced(&mirror, &mirror_path(root, &line.county))?;
    }
    let mut kinds: Vec<&str> = line.added.iter().map(|a| a.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    manifest::write(root, harvests, &kinds)?;
    failpoint("harvest-manifests");
    fs::remove_dir_all(staging).map_err(io_err("cannot remove", staging))
}

/// The hash of the first entry a county's mirror holds (none before its first harvest):
/// which county the code holds.
fn first_hash(root: &Path, county: &str) -> Result<Option<String>, NationalError> {
    let path = mirror_path(root, county);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err("cannot read", &path)(e)),
    };
    let mut line = String::new();
    io::BufRead::read_line(&mut io::BufReader::new(file), &mut line)
        .map_err(io_err("cannot read", &path))?;
    serde_json::from_str::<Entry>(line.trim_end())
        .map(|e| Some(e.hash.clone()))
        .map_err(|e| NationalError::DamagedMirror {
            county: county.to_string(),
            path,
            line: 1,
            message: e.to_string(),
        })
}

/// The county ledger as harvested: its mirror's entries (none before the first harvest).
fn harvested_entries(root: &Path, county: &str) -> Result<Vec<Entry>, NationalError> {
    match read_mirror(root, county) {
        Err(NationalError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Ok(Vec::new())
        }
        read => read,
    }
}

/// Finishes or discards what a killed harvest left in `.staging/`. Runs under the lock.
pub(super) fn recover(root: &Path, _lock: &Lock) -> Result<Vec<String>, NationalError> {
    let staging = root.join(STAGING);
    let Ok(items) = fs::read_dir(&staging) else {
        return Ok(Vec::new());
    };
    let mut notes = Vec::new();
    let mut pending: Vec<(u64, String, PathBuf)> = Vec::new();
    for item in items.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        match name
            .split_once('-')
            .and_then(|(seq, code)| Some((seq.parse::<u64>().ok()?, code.to_string())))
        {
            Some((seq, code)) if item.path().is_dir() => pending.push((seq, code, item.path())),
            // A manifest being written when the process died; it is rewritten below.
            _ => {
                let _ = fs::remove_file(item.path());
            }
        }
    }
    if pending.is_empty() {
        return Ok(notes);
    }
    // A line torn by a kill while appending was never committed.
    let ledger_path = root.join(LEDGER);
    if county_ledger::cut_torn_line(&ledger_path)
        .map_err(|(action, e)| io_err(action, &ledger_path)(e))?
    {
        notes.push("removed a national ledger line torn by a killed harvest".into());
    }
    let harvests = read_ledger(root)?;
    pending.sort();
    for (seq, code, dir) in pending {
        let committed = (seq as usize)
            .checked_sub(1)
            .and_then(|i| harvests.get(i))
            .filter(|h| h.county == code);
        match committed {
            Some(line) => {
                finish(root, &harvests, line, &dir)?;
                notes.push(format!(
                    "finished the interrupted harvest of county {code} (national line {seq})"
                ));
            }
            None => {
                fs::remove_dir_all(&dir).map_err(io_err("cannot remove", &dir))?;
                notes.push(format!(
                    "discarded an uncommitted harvest of county {code}: nothing of it was in the national ledger"
                ));
            }
        }
    }
    Ok(notes)
}
