//! The two halves of every ingest: checking an export while its version's files are
//! written ([`Job::check`]), and committing them with their `datapackage.json` and ledger
//! entry under the publish lock ([`Job::commit`]).
//!
//! [`ingest`](super::ingest) runs both under one lock. The staff workspace runs them apart:
//! [`prepare`] checks and writes the files into a directory of the caller's without the
//! lock, so an officer can read the report before deciding; [`publish`] then commits them,
//! doing none of the work again. A check holds only for the store it was made against, so
//! if another version was committed in between, [`publish`] checks again under its lock
//! rather than trust the old one. This module knows nothing of the web.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use super::{
    At, BackgroundWriters, FieldChecks, ForeignRef, IngestOptions, Issue, KeyChecks, Loc, Outcome,
    PeriodSource, PipelineError, PipelineSpec, Report, Run, datapackage, foreign_key_sets, redact,
    write,
};
use crate::protocol::{Kind, Period, Protocol};
use crate::store::{self, EntryBody, FileRecord, Lock, SourceRecord, Staging, Store};

/// A checked export whose version's files wait, written, to be published.
///
/// Its GIS downloads (feature `gdal`) carry the time of the check; the ledger records the
/// time of [`publish`].
#[derive(Debug)]
pub struct Prepared {
    /// What the check found; its outcome is `Checked`, `Unchanged` or `Rejected`.
    pub report: Report,
    /// The dataset the files are a version of; `None` when rejected before its period was
    /// known.
    pub dataset: Option<String>,
    /// The ledger's head hash the check was made against; [`publish`] commits the files only
    /// onto this head.
    pub head: String,
    /// Each input file's name and sha256 as checked, in order.
    pub sources: Vec<SourceRecord>,
    /// Rows written.
    pub rows: u64,
    /// The directory holding the files: the `into` of [`prepare`].
    pub dir: PathBuf,
    pub(super) period: Option<Period>,
    pub(super) files: Vec<FileRecord>,
    pub(super) schema_hash: String,
    pub(super) foreign: Vec<ForeignRef>,
    /// The sha256 of the redaction key the pseudonyms were made with, part of what the
    /// check holds for.
    pub(super) redaction: String,
    /// The time the GIS downloads carry (RFC 3339), once checked.
    pub(super) made_at: String,
    /// Each source's [`Stamp`] if it was the same before and after the check: while it
    /// still is, [`publish`] knows the file is the one checked without reading it again.
    pub(super) stamps: Vec<Option<Stamp>>,
}

/// What no write to a file can leave as it was: its size, its inode and (on Unix) its
/// change time, which, unlike the modification time, cannot be set back by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let m = fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: (m.dev(), m.ino()),
            #[cfg(unix)]
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }
}

impl Prepared {
    fn is_checked(&self) -> bool {
        matches!(self.report.outcome, Some(Outcome::Checked { .. }))
    }

    fn rejected(mut self) -> Self {
        self.report.outcome = Some(Outcome::Rejected);
        self
    }
}

/// Checks `files` as [`ingest`](super::ingest) does and, if every row is valid and the
/// content differs from the latest version, writes the version's files (all but
/// `datapackage.json`, which names the version, publisher and time) into `into`: an empty
/// directory the caller made, on any filesystem. Takes no lock; the result records the
/// store's head it was checked against. A rejected or unchanged check leaves `into` empty.
/// `opts.dry_run` is ignored.
pub fn prepare(
    protocol: &Protocol,
    spec: &PipelineSpec,
    files: &[PathBuf],
    data_dir: &Path,
    opts: &IngestOptions,
    into: &Path,
) -> Result<Prepared, PipelineError> {
    let job = Job::new(protocol, spec, files, opts)?;
    let mut entries = fs::read_dir(into).map_err(|source| PipelineError::Io {
        path: into.to_path_buf(),
        source,
    })?;
    if entries.next().is_some() {
        return Err(PipelineError::DirNotEmpty {
            path: into.to_path_buf(),
        });
    }
    let store = Store::open(data_dir)?;
    let before: Vec<Option<Stamp>> = files.iter().map(|f| Stamp::of(f)).collect();
    match job.check(&store, Some(into)) {
        Ok(mut prepared) if prepared.is_checked() => {
            prepared.stamps = before
                .into_iter()
                .zip(files)
                .map(|(b, f)| b.filter(|b| Stamp::of(f).as_ref() == Some(b)))
                .collect();
            Ok(prepared)
        }
        result => {
            empty(into);
            result
        }
    }
}

/// Publishes what [`prepare`] checked and wrote, as one new version, under the publish lock
/// (waiting for it). Refuses with [`PipelineError::SourcesChanged`] if any of `files` (the
/// same list, in the same order) is no longer what was checked. If another version was
/// committed since the check, the check no longer holds: the files are checked and written
/// again under the lock, as [`ingest`](super::ingest) does. Either way `prepared.dir` is
/// gone afterwards, moved into the store or removed. A check that was not `Checked`
/// publishes nothing and returns its report. `opts.dry_run` is ignored.
pub fn publish(
    protocol: &Protocol,
    spec: &PipelineSpec,
    prepared: Prepared,
    files: &[PathBuf],
    data_dir: &Path,
    opts: &IngestOptions,
) -> Result<Report, PipelineError> {
    let discard = Discard(prepared.dir.clone());
    if !prepared.is_checked() {
        return Ok(prepared.report);
    }
    let job = Job::new(protocol, spec, files, opts)?;
    let (mut store, lock) = Store::open_for_publish(data_dir)?;
    unchanged_sources(files, &prepared.sources, &prepared.stamps)?;
    if store.head_hash() != prepared.head
        || key_digest(&store.redaction_key()?) != prepared.redaction
    {
        drop(discard);
        return job.ingest_locked(&mut store, &lock);
    }
    let staging = store.adopt(&prepared.dir, &lock)?;
    job.commit(&mut store, &lock, staging, prepared, publication_time(opts))
}

/// Removes a prepared directory when dropped, unless it was moved into the store.
struct Discard(PathBuf);

impl Drop for Discard {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Removes everything in `dir`, leaving it empty; what cannot be removed stays.
fn empty(dir: &Path) {
    for item in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = item.path();
        let _ = if item.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

/// Refuses if `files` are not the sources that were checked, byte for byte: a file whose
/// [`Stamp`] is as it was throughout the check is that file; any other is hashed again.
fn unchanged_sources(
    files: &[PathBuf],
    checked: &[SourceRecord],
    stamps: &[Option<Stamp>],
) -> Result<(), PipelineError> {
    for (i, file) in files.iter().enumerate() {
        let stamped = stamps.get(i).and_then(Option::as_ref);
        if stamped.is_some() && stamped == Stamp::of(file).as_ref() && checked.len() == files.len()
        {
            continue;
        }
        if checked.get(i) != Some(&source_record(file, None)?) {
            return Err(PipelineError::SourcesChanged { path: file.clone() });
        }
    }
    match checked.get(files.len()) {
        Some(missing) => Err(PipelineError::SourcesChanged {
            path: missing.name.clone().into(),
        }),
        None => Ok(()),
    }
}

/// A source as the ledger records it: its file name, and its sha256 as hashed while it was
/// read, or else now.
fn source_record(file: &Path, read: Option<String>) -> Result<SourceRecord, PipelineError> {
    let sha256 = match read {
        Some(sha) => sha,
        None => {
            store::hash_file(file)
                .map_err(|source| PipelineError::Io {
                    path: file.to_path_buf(),
                    source,
                })?
                .0
        }
    };
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(SourceRecord { name, sha256 })
}

fn key_digest(key: &[u8]) -> String {
    hex::encode(Sha256::digest(key))
}

/// The publication time as the ledger and the files give it: `opts.published_at`, or now.
fn publication_time(opts: &IngestOptions) -> String {
    opts.published_at
        .unwrap_or_else(Utc::now)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One run's inputs, with the spec checked against the protocol and the declared period
/// parsed: all a run settles before it opens the store.
pub(super) struct Job<'a> {
    protocol: &'a Protocol,
    spec: &'a PipelineSpec,
    files: &'a [PathBuf],
    opts: &'a IngestOptions,
    kind: Arc<Kind>,
    declared: Option<Period>,
}

impl<'a> Job<'a> {
    pub(super) fn new(
        protocol: &'a Protocol,
        spec: &'a PipelineSpec,
        files: &'a [PathBuf],
        opts: &'a IngestOptions,
    ) -> Result<Self, PipelineError> {
        let problems = spec.check(protocol);
        if !problems.is_empty() {
            return Err(PipelineError::SpecInvalid {
                path: spec.path.clone(),
                problems,
            });
        }
        let kind = Arc::new(protocol.kind(&spec.kind)?.clone());
        let fy_start = protocol.jurisdiction.fiscal_year_start_month;
        let declared = match &opts.period {
            Some(p) => Some(Period::parse(p, kind.spec.frequency, fy_start).map_err(
                |message| PipelineError::BadPeriod {
                    period: p.clone(),
                    message,
                },
            )?),
            None => None,
        };
        Ok(Self {
            protocol,
            spec,
            files,
            opts,
            kind,
            declared,
        })
    }

    /// Checks and publishes under the lock the caller holds: the files are written in the
    /// store's staging and committed if checked, discarded otherwise.
    pub(super) fn ingest_locked(
        &self,
        store: &mut Store,
        lock: &Lock,
    ) -> Result<Report, PipelineError> {
        let staging = store.stage()?;
        match self.check(store, Some(&staging.dir)) {
            Ok(prepared) if prepared.is_checked() => {
                let published_at = prepared.made_at.clone();
                self.commit(store, lock, staging, prepared, published_at)
            }
            Ok(prepared) => {
                store.abort(staging);
                Ok(prepared.report)
            }
            Err(e) => {
                store.abort(staging);
                Err(e)
            }
        }
    }

    /// Reads and checks every file against `store`. Given a directory, writes the version's
    /// files into it (all but `datapackage.json`) and ends `Checked`, `Unchanged` or
    /// `Rejected`, leaving what it wrote for the caller to keep or discard; without one, only
    /// checks and ends `DryRun` or `Rejected`.
    pub(super) fn check(
        &self,
        store: &Store,
        into: Option<&Path>,
    ) -> Result<Prepared, PipelineError> {
        let kind = &*self.kind;
        let mut report = Report {
            pipeline: self.spec.name.clone(),
            kind: kind.name.clone(),
            files: self.files.iter().map(|f| f.display().to_string()).collect(),
            ..Report::default()
        };
        let key = match into {
            Some(_) => store.redaction_key()?,
            None => Vec::new(),
        };
        let redaction = key_digest(&key);
        let progress = self.opts.progress.as_deref();
        let mut run = Run {
            kind,
            checks: FieldChecks::new(kind, &self.protocol.jurisdiction),
            redactor: redact::Redactor::new(kind, key),
            foreign: foreign_key_sets(store, kind, &mut report)?,
            keys: KeyChecks::new(
                kind.schema
                    .primary_key
                    .iter()
                    .filter_map(|k| kind.schema.index_of(k))
                    .collect(),
                kind.schema
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| {
                        f.constraints.unique && kind.schema.primary_key != [f.name.clone()]
                    })
                    .map(|(i, _)| i),
            ),
            files: Vec::new(),
            period: self.declared.map(|p| (p, PeriodSource::Declared)),
            period_field: kind
                .spec
                .period_field
                .as_deref()
                .and_then(|f| kind.schema.index_of(f)),
            fy_start: self.protocol.jurisdiction.fiscal_year_start_month,
            writers: None,
            values: Vec::new(),
            scratch: String::new(),
            progress,
            report,
        };
        if let Some(dir) = into {
            run.writers = Some(BackgroundWriters::create(dir, self.kind.clone()).map_err(
                |source| PipelineError::Io {
                    path: dir.to_path_buf(),
                    source,
                },
            )?);
        }
        run.show_progress();
        for file in self.files {
            run.file(self.spec, file)?;
        }

        let Run {
            report,
            writers,
            period,
            foreign,
            files: read,
            ..
        } = run;
        let mut prepared = Prepared {
            report,
            dataset: None,
            head: store.head_hash().to_string(),
            sources: Vec::new(),
            rows: 0,
            dir: into.map(Path::to_path_buf).unwrap_or_default(),
            period: period.map(|(p, _)| p),
            files: Vec::new(),
            schema_hash: kind.schema.hash(),
            foreign: foreign.into_iter().map(|f| f.reference).collect(),
            redaction,
            made_at: String::new(),
            stamps: Vec::new(),
        };
        if prepared.report.has_errors() {
            return Ok(prepared.rejected());
        }
        if kind.is_periodic() && prepared.period.is_none() {
            prepared.report.push(Issue::row(
                Loc {
                    file: "(input)".into(),
                    at: At::File,
                },
                "period",
                "no rows, so no period; nothing to publish".into(),
                "pass --period or give rows",
            ));
            return Ok(prepared.rejected());
        }
        let dataset = kind.dataset_id(prepared.period);
        prepared.dataset = Some(dataset.clone());
        let (Some(dir), Some(writers)) = (into, writers) else {
            let rows = prepared.report.rows_valid;
            prepared.report.outcome = Some(Outcome::DryRun { dataset, rows });
            return Ok(prepared);
        };
        prepared.sources = self
            .files
            .iter()
            .zip(read)
            .map(|(file, read)| source_record(file, read.sha256))
            .collect::<Result<_, _>>()?;
        prepared.rows = writers.rows();
        prepared.files = writers.finish().map_err(|source| PipelineError::Io {
            path: dir.to_path_buf(),
            source,
        })?;

        if let Some(latest) = store.latest(&dataset) {
            let same_csv = latest.file("data.csv").map(|f| &f.sha256)
                == prepared
                    .files
                    .iter()
                    .find(|f| f.path == "data.csv")
                    .map(|f| &f.sha256);
            if same_csv && latest.schema_hash == prepared.schema_hash {
                let version = latest.version;
                prepared.report.outcome = Some(Outcome::Unchanged { dataset, version });
                return Ok(prepared);
            }
        }

        prepared.made_at = publication_time(self.opts);
        #[cfg(feature = "gdal")]
        if kind.is_spatial() {
            let label = ["title", "name"]
                .into_iter()
                .find(|f| kind.schema.fields.iter().any(|x| x.name == *f))
                .or_else(|| kind.schema.primary_key.first().map(String::as_str))
                .unwrap_or_default();
            let exports = super::gdal_write::export(dir, &kind.name, label, &prepared.made_at)
                .map_err(|message| PipelineError::Export {
                    dataset: dataset.clone(),
                    message,
                })?;
            prepared.files.extend(exports);
        }
        let rows = prepared.rows;
        prepared.report.outcome = Some(Outcome::Checked { dataset, rows });
        Ok(prepared)
    }

    /// Writes the dashboard aggregates of the version `body` describes into its staging
    /// folder (for the kinds that have them), computed from its files there and the
    /// store's latest versions, and describes the file for the ledger.
    fn aggregates(
        &self,
        store: &Store,
        body: &EntryBody,
        staging: &Staging,
    ) -> Result<Option<store::FileRecord>, PipelineError> {
        let failed = |source| PipelineError::Aggregates {
            dataset: body.dataset.clone(),
            source,
        };
        let latest: Vec<&store::Entry> = store
            .datasets()
            .into_iter()
            .filter_map(|d| store.latest(d))
            .collect();
        let provisional = body.clone().seal();
        let Some(rows) = crate::analytics::aggregates::compute(
            self.protocol,
            store.root(),
            &latest,
            &provisional,
            &staging.dir,
        )
        .map_err(failed)?
        else {
            return Ok(None);
        };
        crate::analytics::aggregates::write(&staging.dir, &rows)
            .map(Some)
            .map_err(failed)
    }

    /// Commits a checked version staged in `staging`: writes its `datapackage.json`, then
    /// appends its ledger entry, published at `published_at` (RFC 3339).
    fn commit(
        &self,
        store: &mut Store,
        lock: &Lock,
        staging: Staging,
        prepared: Prepared,
        published_at: String,
    ) -> Result<Report, PipelineError> {
        let Prepared {
            mut report,
            dataset,
            period,
            sources,
            rows,
            mut files,
            schema_hash,
            foreign,
            ..
        } = prepared;
        let dataset = dataset.expect("a checked version names its dataset");
        let version = store.next_version(&dataset);
        if self.kind.name == super::oc4ids::KIND {
            let record = super::oc4ids::write(
                self.protocol,
                &dataset,
                version,
                &published_at,
                &staging.dir,
                &files,
            )
            .map_err(|source| PipelineError::Io {
                path: staging.dir.clone(),
                source,
            })?;
            files.push(record);
        }
        let package = datapackage(
            self.protocol,
            &self.kind,
            &dataset,
            version,
            period,
            &published_at,
            self.opts,
            &files,
            &foreign,
        );
        let package_bytes = serde_json::to_vec_pretty(&package).expect("json values serialise");
        files.push(
            write::write_small(&staging.dir, "datapackage.json", &package_bytes).map_err(
                |source| PipelineError::Io {
                    path: staging.dir.clone(),
                    source,
                },
            )?,
        );
        let mut body = EntryBody {
            seq: 0,
            dataset: dataset.clone(),
            kind: self.kind.name.clone(),
            version,
            period: period.map(|p| p.to_string()),
            published_at,
            publisher: self.opts.publisher.clone(),
            note: self.opts.note.clone(),
            pipeline: Some(self.spec.name.clone()),
            sources,
            rows,
            schema_hash,
            files,
            prev_hash: String::new(),
        };
        if let Some(record) = self.aggregates(store, &body, &staging)? {
            body.files.push(record);
        }
        let root = store.root().to_path_buf();
        let entry = store.commit(staging, body, lock).inspect_err(|_| {
            crate::analytics::aggregates::forget(&root);
        })?;
        report.outcome = Some(Outcome::Published {
            dataset,
            version: entry.version,
            rows,
        });
        Ok(report)
    }
}
