//! Publishing from the browser: an upload is received into `state/uploads/ID/in/` under
//! names of ours, checked by the same pipeline as `disclose ingest` (which writes the
//! version aside, ready), and published only after that check passed, by committing
//! exactly the files that were checked (their hashes are compared again). An upload
//! neither published nor abandoned is removed after `uploads.keep_days`.
//!
//! The files are never served to anyone; the database holds the upload's state, the
//! folder its files and its report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::audit::{Actor, Outcome};
use super::refusal::Written;
use super::{Account, Refusal, Staff, StaffError, now};
use crate::pipeline::{self, IngestOptions, PipelineSpec, Prepared, Report};
use crate::protocol::{Period, Protocol};

/// The most characters a publish's note may have.
pub const MAX_NOTE: usize = 2000;
/// The most characters an upload's period may have.
pub const MAX_PERIOD: usize = 20;

/// Where an upload is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadStatus {
    Receiving,
    Checking,
    /// Checked without errors: ready to publish.
    Checked,
    /// The check found errors: nothing can be published.
    Rejected,
    /// The check could not run (an unreadable file, a bad period).
    Failed,
    Publishing,
    Published,
    /// Equal to the latest version: nothing to publish.
    Unchanged,
    Abandoned,
}

impl UploadStatus {
    pub const ALL: [UploadStatus; 9] = [
        Self::Receiving,
        Self::Checking,
        Self::Checked,
        Self::Rejected,
        Self::Failed,
        Self::Publishing,
        Self::Published,
        Self::Unchanged,
        Self::Abandoned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Receiving => "receiving",
            Self::Checking => "checking",
            Self::Checked => "checked",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
            Self::Publishing => "publishing",
            Self::Published => "published",
            Self::Unchanged => "unchanged",
            Self::Abandoned => "abandoned",
        }
    }

    fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(Self::Failed)
    }

    /// Still moving: a page about it should refresh.
    pub fn is_running(self) -> bool {
        matches!(self, Self::Receiving | Self::Checking | Self::Publishing)
    }
}

/// One file of an upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    /// As the browser named it; shown, never used as a path.
    pub name: String,
    /// Our name for it in the upload's folder.
    pub stored: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One upload and where it is.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: String,
    pub account_id: i64,
    /// The pipeline's file name in the pipelines folder (`ifmis-expenditure-csv.toml`).
    pub pipeline: String,
    pub period: String,
    pub note: String,
    pub status: UploadStatus,
    pub files: Vec<UploadedFile>,
    pub dataset: String,
    pub version: i64,
    pub rows_read: i64,
    pub rows_valid: i64,
    pub error_count: i64,
    pub warning_count: i64,
    /// Why it failed, or what was published.
    pub message: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A pipeline an account may publish with.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The spec's file name.
    pub file: String,
    pub spec: PipelineSpec,
    /// The office code of its kind.
    pub office: Option<String>,
}

/// The publish-from-the-browser service over the staff database, the protocol, the
/// pipelines folder and the store.
#[derive(Debug)]
pub struct Workspace {
    pub staff: Arc<Staff>,
    protocol: Protocol,
    pipelines_dir: PathBuf,
    data_dir: PathBuf,
    uploads_dir: PathBuf,
    /// Rows read so far by running checks, by upload id.
    progress: Mutex<HashMap<String, Arc<AtomicU64>>>,
    /// Versions written by a passed check, waiting for "Publish", by upload id.
    prepared: Mutex<HashMap<String, Prepared>>,
    /// Held while publishing: one publish at a time from this server (the store's lock
    /// also orders publishes from other processes).
    publishing: tokio::sync::Mutex<()>,
}

const UPLOAD_COLUMNS: &str = "id, account_id, pipeline, period, note, status, files, dataset, version, rows_read, rows_valid, error_count, warning_count, message, created_at, updated_at";

fn upload_from_row(r: &sqlx::any::AnyRow) -> Result<Upload, StaffError> {
    let files: String = r.try_get("files")?;
    let status: String = r.try_get("status")?;
    Ok(Upload {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        pipeline: r.try_get("pipeline")?,
        period: r.try_get("period")?,
        note: r.try_get("note")?,
        status: UploadStatus::parse(&status),
        files: serde_json::from_str(&files).unwrap_or_default(),
        dataset: r.try_get("dataset")?,
        version: r.try_get("version")?,
        rows_read: r.try_get("rows_read")?,
        rows_valid: r.try_get("rows_valid")?,
        error_count: r.try_get("error_count")?,
        warning_count: r.try_get("warning_count")?,
        message: r.try_get("message")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// A name safe to store: letters, digits, `.`, `-` and `_`, no leading dot, at most 80
/// characters; `file` if nothing is left. Never a path.
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    let cut: String = cleaned
        .chars()
        .rev()
        .take(80)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if cut.is_empty() { "file".into() } else { cut }
}

impl Workspace {
    pub fn new(
        staff: Arc<Staff>,
        protocol: Protocol,
        pipelines_dir: &Path,
        data_dir: &Path,
    ) -> Self {
        let uploads_dir = staff.config.state_dir.join("uploads");
        Self {
            staff,
            protocol,
            pipelines_dir: pipelines_dir.to_path_buf(),
            data_dir: data_dir.to_path_buf(),
            uploads_dir,
            progress: Mutex::default(),
            prepared: Mutex::default(),
            publishing: tokio::sync::Mutex::new(()),
        }
    }

    pub fn max_bytes(&self) -> u64 {
        self.staff.config.uploads.max_bytes
    }

    /// Every pipeline in the folder, with the office of its kind, by file name.
    pub fn pipelines(&self) -> Result<Vec<Choice>, StaffError> {
        let dir = std::fs::read_dir(&self.pipelines_dir).map_err(|source| StaffError::Io {
            path: self.pipelines_dir.clone(),
            source,
        })?;
        let mut out = Vec::new();
        for item in dir.flatten() {
            let path = item.path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let Ok(spec) = PipelineSpec::load(&path) else {
                continue;
            };
            let Ok(kind) = self.protocol.kind(&spec.kind) else {
                continue;
            };
            out.push(Choice {
                file: item.file_name().to_string_lossy().into_owned(),
                office: self.protocol.office_of(kind).map(str::to_string),
                spec,
            });
        }
        out.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(out)
    }

    /// The pipelines `account` may publish with.
    pub fn pipelines_for(&self, account: &Account) -> Result<Vec<Choice>, StaffError> {
        Ok(self
            .pipelines()?
            .into_iter()
            .filter(|c| account.may_publish(c.office.as_deref()))
            .collect())
    }

    fn choice(&self, account: &Account, file: &str) -> Result<Choice, StaffError> {
        let choice = self
            .pipelines()?
            .into_iter()
            .find(|c| c.file == file)
            .ok_or_else(|| Refusal::NoPipeline {
                given: crate::format::clipped(file, 80),
            })?;
        if !account.may_publish(choice.office.as_deref()) {
            return Err(StaffError::Forbidden(Refusal::MayNotPublish {
                kind: choice.spec.kind.clone(),
                office: choice.office.clone().unwrap_or_default(),
            }));
        }
        Ok(choice)
    }

    /// Refuses a period the choice's kind does not write so (the pipeline would refuse it
    /// after the upload, with the command line's words): one such as `2025-09` for a
    /// monthly kind, none for a register. Empty is taken from the rows.
    fn check_period(&self, choice: &Choice, period: &str) -> Result<(), Refusal> {
        let period = period.trim();
        // A pipeline is offered only when its kind is known ([`Workspace::pipelines`]).
        let Ok(kind) = self.protocol.kind(&choice.spec.kind) else {
            return Ok(());
        };
        if period.is_empty() {
            return Ok(());
        }
        let frequency = kind.spec.frequency;
        let fy_start = self.protocol.jurisdiction.fiscal_year_start_month;
        let given = crate::format::clipped(period, MAX_PERIOD);
        let example = chrono::NaiveDate::from_ymd_opt(2025, 9, 15)
            .and_then(|d| Period::containing(d, frequency, fy_start));
        match example {
            None => Err(Refusal::NoPeriods { given }),
            Some(example) => Period::parse(period, frequency, fy_start)
                .map(|_| ())
                .map_err(|_| Refusal::NotAPeriod {
                    given,
                    example: example.to_string(),
                }),
        }
    }

    /// Starts an upload for `account` with a pipeline it may use. Refusals are audited.
    pub async fn begin(
        &self,
        actor: &Actor,
        account: &Account,
        pipeline: &str,
        period: &str,
        note: &str,
    ) -> Result<Upload, StaffError> {
        let db = &self.staff.db;
        let checked = self.choice(account, pipeline).and_then(|choice| {
            let too_long = |text, max, given: &str| {
                let has = given.trim().chars().count();
                (has > max).then_some(Refusal::TooLong { text, max, has })
            };
            let refused = too_long(Written::Note, MAX_NOTE, note)
                .or_else(|| too_long(Written::Period, MAX_PERIOD, period));
            match refused {
                Some(r) => Err(r),
                None => self.check_period(&choice, period),
            }
            .map_err(StaffError::from)
        });
        if let Err(e) = checked {
            db.audit(
                actor,
                "upload.begin",
                &crate::format::clipped(pipeline, 80),
                Outcome::Refused,
                &e.to_string(),
            )
            .await?;
            return Err(e);
        }
        let id = hex::encode(rand::random::<[u8; 12]>());
        let dir = self.in_dir(&id);
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|source| StaffError::Io { path: dir, source })?;
        let t = now();
        sqlx::query(
            "INSERT INTO uploads (id, account_id, pipeline, period, note, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'receiving', $6, $6)",
        )
        .bind(&id)
        .bind(account.id)
        .bind(pipeline)
        .bind(period.trim())
        .bind(crate::format::plain(note))
        .bind(t)
        .execute(&db.pool)
        .await?;
        self.get(&id).await
    }

    fn dir(&self, id: &str) -> PathBuf {
        self.uploads_dir.join(id)
    }

    fn in_dir(&self, id: &str) -> PathBuf {
        self.dir(id).join("in")
    }

    /// Where the `index`th file of an upload is stored, under our name for it.
    pub fn file_path(&self, upload: &Upload, index: usize, original: &str) -> (String, PathBuf) {
        let stored = format!("{index:02}-{}", safe_name(original));
        let path = self.in_dir(&upload.id).join(&stored);
        (stored, path)
    }

    pub async fn get(&self, id: &str) -> Result<Upload, StaffError> {
        let row = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.staff.db.pool)
        .await?
        .ok_or_else(|| StaffError::Invalid(format!("no upload {id}")))?;
        upload_from_row(&row)
    }

    /// An upload `account` may see: its own, or one of a pipeline it may publish with.
    pub async fn get_for(&self, account: &Account, id: &str) -> Result<Upload, StaffError> {
        let not_yours = || StaffError::Forbidden(Refusal::NotYourUpload);
        let upload = self.get(id).await.map_err(|_| not_yours())?;
        if upload.account_id == account.id || self.choice(account, &upload.pipeline).is_ok() {
            Ok(upload)
        } else {
            Err(not_yours())
        }
    }

    /// Uploads `account` may see, newest first.
    pub async fn recent_for(&self, account: &Account) -> Result<Vec<Upload>, StaffError> {
        let rows = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads ORDER BY created_at DESC LIMIT 200"
        ))
        .fetch_all(&self.staff.db.pool)
        .await?;
        let mine = self.pipelines_for(account)?;
        Ok(rows
            .iter()
            .map(upload_from_row)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|u| u.account_id == account.id || mine.iter().any(|c| c.file == u.pipeline))
            .take(50)
            .collect())
    }

    async fn set_status(
        &self,
        id: &str,
        status: UploadStatus,
        message: &str,
    ) -> Result<(), StaffError> {
        sqlx::query("UPDATE uploads SET status = $1, message = $2, updated_at = $3 WHERE id = $4")
            .bind(status.as_str())
            .bind(message)
            .bind(now())
            .bind(id)
            .execute(&self.staff.db.pool)
            .await?;
        Ok(())
    }

    /// The latest published version of `dataset`, if any.
    pub fn latest_version(&self, dataset: &str) -> Option<u32> {
        crate::store::Store::open(&self.data_dir)
            .ok()?
            .latest(dataset)
            .map(|e| e.version)
    }

    /// Marks an upload failed with `message`, and records it.
    async fn failed(
        &self,
        actor: &Actor,
        action: &str,
        id: &str,
        message: &str,
    ) -> Result<(), StaffError> {
        self.set_status(id, UploadStatus::Failed, message).await?;
        self.staff
            .db
            .audit(actor, action, id, Outcome::Failed, message)
            .await?;
        Ok(())
    }

    /// Sets the note the version will be published with.
    pub async fn set_note(&self, id: &str, note: &str) -> Result<(), StaffError> {
        sqlx::query("UPDATE uploads SET note = $1, updated_at = $2 WHERE id = $3")
            .bind(note)
            .bind(now())
            .bind(id)
            .execute(&self.staff.db.pool)
            .await?;
        Ok(())
    }

    /// Records the files received. An upload with none is abandoned.
    pub async fn received(
        &self,
        actor: &Actor,
        upload: &Upload,
        files: &[UploadedFile],
    ) -> Result<(), StaffError> {
        let json = serde_json::to_string(files).map_err(|e| StaffError::Invalid(e.to_string()))?;
        sqlx::query(
            "UPDATE uploads SET files = $1, status = 'checking', updated_at = $2 WHERE id = $3",
        )
        .bind(json)
        .bind(now())
        .bind(&upload.id)
        .execute(&self.staff.db.pool)
        .await?;
        let detail = files
            .iter()
            .map(|f| format!("{} ({} bytes)", f.name, f.bytes))
            .collect::<Vec<_>>()
            .join("; ");
        self.staff
            .db
            .audit(actor, "upload.receive", &upload.id, Outcome::Ok, &detail)
            .await?;
        Ok(())
    }

    /// Throws an upload's files away after a refused or broken upload.
    pub async fn discard(&self, upload: &Upload, why: &str) -> Result<(), StaffError> {
        let _ = tokio::fs::remove_dir_all(self.dir(&upload.id)).await;
        self.set_status(&upload.id, UploadStatus::Abandoned, why)
            .await
    }

    /// Rows read so far by a running check.
    pub fn progress(&self, id: &str) -> Option<u64> {
        let map = self.progress.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id).map(|p| p.load(Ordering::Relaxed))
    }

    fn options(&self, upload: &Upload, publisher: &str) -> IngestOptions {
        IngestOptions {
            period: Some(upload.period.clone()).filter(|p| !p.is_empty()),
            note: Some(upload.note.clone()).filter(|n| !n.is_empty()),
            publisher: publisher.to_string(),
            ..IngestOptions::default()
        }
    }

    fn input_paths(&self, upload: &Upload) -> Vec<PathBuf> {
        upload
            .files
            .iter()
            .map(|f| self.in_dir(&upload.id).join(&f.stored))
            .collect()
    }

    /// Runs the check of a received upload to its end: validates every row and, if none
    /// is wrong, writes the version aside. Call from a spawned task; the page shows
    /// progress meanwhile.
    pub async fn check(self: &Arc<Self>, actor: &Actor, id: &str) -> Result<(), StaffError> {
        let upload = self.get(id).await?;
        let spec_path = self.pipelines_dir.join(&upload.pipeline);
        let counter = Arc::new(AtomicU64::new(0));
        self.progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_string(), counter.clone());
        let prepared_dir = self.dir(id).join("prepared");
        let _ = tokio::fs::remove_dir_all(&prepared_dir).await;
        tokio::fs::create_dir_all(&prepared_dir)
            .await
            .map_err(|source| StaffError::Io {
                path: prepared_dir.clone(),
                source,
            })?;
        let this = self.clone();
        let inputs = self.input_paths(&upload);
        let mut opts = self.options(&upload, "");
        opts.progress = Some(counter.clone());
        let result = tokio::task::spawn_blocking(move || {
            let spec = PipelineSpec::load(&spec_path)?;
            pipeline::prepare(
                &this.protocol,
                &spec,
                &inputs,
                &this.data_dir,
                &opts,
                &prepared_dir,
            )
        })
        .await;
        self.progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        let db = &self.staff.db;
        let prepared = match ran(result) {
            Ok(p) => p,
            Err(message) => {
                self.failed(actor, "upload.check", id, &message).await?;
                return Ok(());
            }
        };
        // Each file's sha256, as the check hashed it while reading: what "Publish" commits.
        let mut upload = upload;
        for (f, source) in upload.files.iter_mut().zip(&prepared.sources) {
            f.sha256.clone_from(&source.sha256);
        }
        let files =
            serde_json::to_string(&upload.files).map_err(|e| StaffError::Invalid(e.to_string()))?;
        sqlx::query("UPDATE uploads SET files = $1 WHERE id = $2")
            .bind(files)
            .bind(id)
            .execute(&db.pool)
            .await?;
        self.save_report(&upload, &prepared.report).await?;
        let report = &prepared.report;
        let (status, outcome) = match &report.outcome {
            Some(pipeline::Outcome::Checked { .. }) => (UploadStatus::Checked, Outcome::Ok),
            Some(pipeline::Outcome::Unchanged { .. }) => (UploadStatus::Unchanged, Outcome::Ok),
            _ => (UploadStatus::Rejected, Outcome::Failed),
        };
        let version = match &report.outcome {
            Some(pipeline::Outcome::Unchanged { version, .. }) => i64::from(*version),
            _ => 0,
        };
        sqlx::query(
            "UPDATE uploads SET status = $1, dataset = $2, version = $3, rows_read = $4, rows_valid = $5, \
             error_count = $6, warning_count = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(status.as_str())
        .bind(prepared.dataset.clone().unwrap_or_default())
        .bind(version)
        .bind(report.rows_read as i64)
        .bind(report.rows_valid as i64)
        .bind(report.error_count as i64)
        .bind(report.warning_count as i64)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
        db.audit(
            actor,
            "upload.check",
            id,
            outcome,
            &format!(
                "{}: {} rows read, {} valid, {} errors, {} warnings",
                prepared.dataset.as_deref().unwrap_or("?"),
                report.rows_read,
                report.rows_valid,
                report.error_count,
                report.warning_count
            ),
        )
        .await?;
        if status == UploadStatus::Checked {
            self.prepared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.to_string(), prepared);
        }
        Ok(())
    }

    /// Saves a report for its page, with every stored file's path replaced by the name
    /// it was uploaded under: the server's folders are nobody's business.
    async fn save_report(&self, upload: &Upload, report: &Report) -> Result<(), StaffError> {
        let path = self.dir(&upload.id).join("report.json");
        let mut text =
            serde_json::to_string(report).map_err(|e| StaffError::Invalid(e.to_string()))?;
        let inner = |s: &str| {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            quoted[1..quoted.len().saturating_sub(1)].to_string()
        };
        for f in &upload.files {
            let stored = self.in_dir(&upload.id).join(&f.stored);
            text = text.replace(&inner(&stored.display().to_string()), &inner(&f.name));
        }
        text = text.replace(&inner(&self.uploads_dir.display().to_string()), "uploads");
        tokio::fs::write(&path, text)
            .await
            .map_err(|source| StaffError::Io { path, source })
    }

    /// The report of a finished check, as saved.
    pub async fn report(&self, id: &str) -> Result<Option<serde_json::Value>, StaffError> {
        let path = self.dir(id).join("report.json");
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StaffError::Io { path, source }),
        }
    }

    /// Publishes a checked upload as `account`: only if its check passed, only the files
    /// checked. The store's lock orders it with any other publish; if another version was
    /// published since the check, the pipeline checks again against it first. A
    /// correction of a published dataset needs a `note` (readers see why it changed).
    pub async fn publish(
        self: &Arc<Self>,
        actor: &Actor,
        account: &Account,
        id: &str,
        note: &str,
    ) -> Result<Upload, StaffError> {
        let db = &self.staff.db;
        let upload = self.get_for(account, id).await?;
        let refuse = |refusal: Refusal| async move {
            db.audit(
                actor,
                "upload.publish",
                id,
                Outcome::Refused,
                &refusal.to_string(),
            )
            .await?;
            Err::<Upload, _>(StaffError::Refused(refusal))
        };
        if let Err(e) = self.choice(account, &upload.pipeline) {
            db.audit(
                actor,
                "upload.publish",
                id,
                Outcome::Refused,
                &e.to_string(),
            )
            .await?;
            return Err(e);
        }
        if upload.status != UploadStatus::Checked {
            return refuse(Refusal::NotChecked {
                status: upload.status,
            })
            .await;
        }
        let note = &crate::format::plain(note);
        let has = note.chars().count();
        if has > MAX_NOTE {
            return refuse(Refusal::TooLong {
                text: Written::Note,
                max: MAX_NOTE,
                has,
            })
            .await;
        }
        if let Some(latest) = self.latest_version(&upload.dataset)
            && note.is_empty()
        {
            return refuse(Refusal::NeedsNote {
                dataset: upload.dataset.clone(),
                latest,
            })
            .await;
        }
        self.set_note(id, note).await?;
        let upload = Upload {
            note: note.to_string(),
            ..upload
        };
        let _one_at_a_time = self.publishing.lock().await;
        let prepared = self
            .prepared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        self.set_status(id, UploadStatus::Publishing, "").await?;
        let this = self.clone();
        let spec_path = self.pipelines_dir.join(&upload.pipeline);
        let inputs = self.input_paths(&upload);
        let opts = self.options(&upload, &account.name);
        let recorded: Vec<String> = upload.files.iter().map(|f| f.sha256.clone()).collect();
        let result = tokio::task::spawn_blocking(move || {
            let spec = PipelineSpec::load(&spec_path)?;
            match prepared {
                Some(prepared) => pipeline::publish(
                    &this.protocol,
                    &spec,
                    prepared,
                    &inputs,
                    &this.data_dir,
                    &opts,
                ),
                // The server restarted since the check, so the version it wrote aside is
                // gone: the same files, if unchanged since they were received, go through
                // the whole ingest again (which checks them again) under the lock.
                None => {
                    for (path, sha) in inputs.iter().zip(&recorded) {
                        let (now, _) = crate::store::hash_file(path).map_err(|source| {
                            pipeline::PipelineError::Io {
                                path: path.clone(),
                                source,
                            }
                        })?;
                        if &now != sha {
                            return Err(pipeline::PipelineError::SourcesChanged {
                                path: path.clone(),
                            });
                        }
                    }
                    pipeline::ingest(&this.protocol, &spec, &inputs, &this.data_dir, &opts)
                }
            }
        })
        .await;
        let report = match ran(result) {
            Ok(r) => r,
            Err(message) => {
                self.failed(actor, "upload.publish", id, &message).await?;
                return Err(StaffError::Invalid(message));
            }
        };
        let (status, dataset, version, message) = match &report.outcome {
            Some(pipeline::Outcome::Published {
                dataset, version, ..
            }) => (
                UploadStatus::Published,
                dataset.clone(),
                *version,
                String::new(),
            ),
            Some(pipeline::Outcome::Unchanged { dataset, version }) => (
                UploadStatus::Unchanged,
                dataset.clone(),
                *version,
                "equal to the latest version; nothing was published".to_string(),
            ),
            _ => (
                UploadStatus::Rejected,
                String::new(),
                0,
                "the check against the newer store found errors; nothing was published".to_string(),
            ),
        };
        self.save_report(&upload, &report).await?;
        sqlx::query(
            "UPDATE uploads SET status = $1, dataset = $2, version = $3, message = $4, rows_valid = $5, \
             error_count = $6, warning_count = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(status.as_str())
        .bind(&dataset)
        .bind(i64::from(version))
        .bind(&message)
        .bind(report.rows_valid as i64)
        .bind(report.error_count as i64)
        .bind(report.warning_count as i64)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
        let outcome = if status == UploadStatus::Published {
            Outcome::Ok
        } else {
            Outcome::Failed
        };
        db.audit(
            actor,
            "upload.publish",
            id,
            outcome,
            &format!(
                "{dataset} v{version}, {} rows, by {}",
                report.rows_valid, account.name
            ),
        )
        .await?;
        // The published version is in the store now; the upload's own copies go.
        let _ = tokio::fs::remove_dir_all(self.in_dir(id)).await;
        let _ = tokio::fs::remove_dir_all(self.dir(id).join("prepared")).await;
        self.get(id).await
    }

    /// Abandons an upload that was not published: its files are removed.
    pub async fn abandon(
        &self,
        actor: &Actor,
        account: &Account,
        id: &str,
    ) -> Result<(), StaffError> {
        let upload = self.get_for(account, id).await?;
        if matches!(
            upload.status,
            UploadStatus::Published | UploadStatus::Publishing
        ) {
            return Err(Refusal::CannotAbandon {
                status: upload.status,
            }
            .into());
        }
        self.prepared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        self.discard(&upload, "abandoned").await?;
        self.staff
            .db
            .audit(actor, "upload.abandon", id, Outcome::Ok, "")
            .await?;
        Ok(())
    }

    /// Removes uploads older than `keep_days` that were not published, and folders the
    /// database does not know. Returns how many went.
    pub async fn sweep(&self) -> Result<usize, StaffError> {
        let cutoff = now() - i64::from(self.staff.config.uploads.keep_days) * 86_400;
        let rows = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE updated_at < $1 AND status NOT IN ('published', 'abandoned')"
        ))
        .bind(cutoff)
        .fetch_all(&self.staff.db.pool)
        .await?;
        let mut removed = 0;
        for row in &rows {
            let upload = upload_from_row(row)?;
            self.prepared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&upload.id);
            self.discard(
                &upload,
                &format!("removed after {} days", self.staff.config.uploads.keep_days),
            )
            .await?;
            self.staff
                .db
                .audit(
                    &Actor {
                        name: "system".into(),
                        address: "local".into(),
                    },
                    "upload.expire",
                    &upload.id,
                    Outcome::Ok,
                    "",
                )
                .await?;
            removed += 1;
        }
        Ok(removed)
    }
}

/// What a pipeline run on a blocking thread gave: its value, or what went wrong in words.
fn ran<T>(
    result: Result<Result<T, pipeline::PipelineError>, tokio::task::JoinError>,
) -> Result<T, String> {
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(crate::format::chain(&e)),
        Err(e) => Err(format!("the pipeline's thread stopped: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_ours() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("a\0b.csv"), "ab.csv");
        assert_eq!(safe_name("..\\..\\win.ini"), "win.ini");
        assert_eq!(safe_name("...."), "file");
        assert_eq!(
            safe_name("expenditure 2025-09.csv"),
            "expenditure2025-09.csv"
        );
        assert_eq!(safe_name(&"x".repeat(500)).len(), 80);
    }
}
