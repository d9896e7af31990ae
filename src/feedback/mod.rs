//! Citizen feedback: reports on projects and services, their moderation, the offices'
//! responses, and the public record. Reports live in the state database beside the staff
//! accounts (`crate::staff::Db`); what the public may see of them is published, month by
//! month, as `feedback` datasets through the same pipeline and ledger as any data.
//!
//! Privacy by construction: a report's original text, the reporter's name and contact,
//! and the exact place of a report not tied to a project are kept only here. The public
//! record shows the moderated text, the status history with the office that acted (never
//! the officer), and the place rounded to about 100 m ([`rounded`]). A report's photo is
//! kept outside the published store and shown only once a moderator approves it
//! ([`photo`]).

pub mod export;
pub mod photo;
pub mod refusal;
pub mod status;
pub mod triage;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub use photo::{Photo, PhotoError, PhotoStatus, PhotoStore};
pub use refusal::{Refusal, Written};
pub use status::Status;
pub use triage::{Candidate, Decision, TriageRecord, TriageStats};

use crate::protocol::Protocol;
use crate::staff::audit::{Actor, Outcome};
use crate::staff::db::Backend;
use crate::staff::{Account, Db, Role, StaffError, now};

/// How far apart two reports of one category may be and still be offered as the same.
pub const NEARBY_METRES: f64 = 250.0;
/// How many open reports [`Feedback::nearby`] reads at the most, the newest: as many as
/// the duplicate finder reads at a hot spot.
pub const NEARBY_READ: usize = 300;
/// The longest report text, in characters.
pub const MAX_TEXT: usize = 2000;
/// Days after its resolution within which the reporter may reopen a report.
pub const REOPEN_DAYS: i64 = 30;

/// How a report reached the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Open311,
    Counter,
    Phone,
    Desk,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Self::Web,
        Self::Open311,
        Self::Counter,
        Self::Phone,
        Self::Desk,
        Self::Sms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Open311 => "open311",
            Self::Counter => "counter",
            Self::Phone => "phone",
            Self::Desk => "desk",
            Self::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    /// Something in what was sent that the sender can fix, said in full.
    #[error("{0}")]
    Invalid(String),
    /// What a citizen sent that cannot be taken, in a form each language can say.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("no report {0}")]
    UnknownReport(String),
    /// The account may not do this to this report, in a form each language can say.
    #[error(transparent)]
    Forbidden(Refusal),
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error(transparent)]
    Triage(#[from] crate::triage::TriageError),
}

impl From<sqlx::Error> for FeedbackError {
    fn from(e: sqlx::Error) -> Self {
        Self::Staff(StaffError::Db(e))
    }
}

/// A report as a citizen (or staff on their behalf) files it.
#[derive(Debug, Clone, Default)]
pub struct NewReport {
    pub category: String,
    pub text: String,
    pub project_id: String,
    pub ward: String,
    /// Latitude and longitude, WGS84.
    pub point: Option<(f64, f64)>,
    pub reporter_name: String,
    /// A phone number or an e-mail address; never published.
    pub reporter_contact: String,
    pub channel: Option<Channel>,
    /// The staff account that took it on someone's behalf.
    pub taken_by: Option<i64>,
    /// A photo, already checked and re-encoded ([`photo::process`]).
    pub photo: Option<Photo>,
    /// The token of the form it was sent with, when it came by a form: the same report
    /// sent again with it (a refresh of the answer, a second tap on a slow network) files
    /// nothing new and is answered with the first ([`Feedback::file`]).
    pub sent_with: Option<String>,
}

impl NewReport {
    /// The tracking token of this report sent with its form's token: derived from both,
    /// so that sending it again finds the report it filed. As hard to guess as the form's
    /// token, which only the sender's browser holds; `None` without one.
    fn resent_token(&self) -> Option<String> {
        let sent = self.sent_with.as_deref().filter(|s| !s.is_empty())?;
        let point = self.point.map(|(lat, lon)| format!("{lat},{lon}"));
        Some(derived_token(&[
            "disclose report",
            sent,
            &self.category,
            &self.text,
            self.project_id.trim(),
            self.ward.trim(),
            point.as_deref().unwrap_or(""),
            &self.reporter_name,
            &self.reporter_contact,
            self.channel.unwrap_or(Channel::Web).as_str(),
            &self.taken_by.map(|id| id.to_string()).unwrap_or_default(),
        ]))
    }
}

/// A tracking token derived from `parts` (each ended by a NUL, so that no two lists run
/// together alike): as long as a random one, 24 bytes in 48 hex digits.
fn derived_token(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..24])
}

/// What the reporter keeps: the reference to quote, and the private tracking token.
#[derive(Debug, Clone)]
pub struct Filed {
    pub reference: String,
    pub token: String,
}

/// A report as the database holds it (the web decides what of it to show).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: i64,
    pub reference: String,
    pub category: String,
    pub office: String,
    pub status: Status,
    pub channel: String,
    #[serde(skip)]
    pub text_original: String,
    pub text_public: String,
    pub moderation_reason: String,
    pub project_id: String,
    pub ward: String,
    #[serde(skip)]
    pub point: Option<(f64, f64)>,
    #[serde(skip)]
    pub reporter_name: String,
    #[serde(skip)]
    pub reporter_contact: String,
    pub duplicate_of: Option<i64>,
    /// The reference of the report this one duplicates (when it does).
    #[serde(skip)]
    pub duplicate_of_reference: Option<String>,
    pub received_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub updated_at: i64,
    pub followers: i64,
    pub photo: PhotoStatus,
    /// Why a moderator rejected the photo ([`Reason`]), empty otherwise.
    pub photo_reason: String,
    /// The kept JPEG's width and height in pixels (0 without a photo).
    pub photo_size: (i64, i64),
}

impl Report {
    /// Whether the reporter gave neither a name nor a contact.
    pub fn is_anonymous(&self) -> bool {
        self.reporter_name.trim().is_empty() && self.reporter_contact.trim().is_empty()
    }

    /// Whether the public may see the photo: approved, on a published report.
    pub fn photo_is_public(&self) -> bool {
        self.photo == PhotoStatus::Approved && self.status.is_public()
    }

    /// The place the public may see: a project's own place exactly (it is published
    /// anyway); any other place rounded to about 100 m.
    pub fn public_point(&self) -> Option<(f64, f64)> {
        self.point.map(|p| {
            if self.project_id.is_empty() || self.is_anonymous() {
                rounded(p)
            } else {
                p
            }
        })
    }
}

/// A report as a dot on the public map: where the public may see it, and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub reference: String,
    pub status: Status,
    pub overdue: bool,
    pub point: (f64, f64),
}

/// A point rounded to 0.001° (about 110 m): enough to find the place, not the house.
pub fn rounded((lat, lon): (f64, f64)) -> (f64, f64) {
    (
        (lat * 1000.0).round() / 1000.0,
        (lon * 1000.0).round() / 1000.0,
    )
}

/// Metres between two WGS84 points (haversine, on a sphere of the Earth's mean radius).
pub fn metres((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * a.sqrt().asin()
}

/// One entry of a report's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The row's id (0 for the receipt, which is the report's own time).
    pub id: i64,
    pub at: i64,
    /// `status`, `response`, `info`, `referral` or `moderation`.
    pub kind: String,
    pub status_from: String,
    pub status_to: String,
    pub office: String,
    pub text: String,
    pub public: bool,
    /// Added information only: '' while it waits for a moderator (when private), then
    /// `published`, `edited` (the original of an edited text) or `kept_private`.
    pub moderation: String,
    pub moderation_reason: String,
}

impl Event {
    /// Information a reporter added that no moderator has decided on yet.
    pub fn waits_for_moderation(&self) -> bool {
        self.kind == "info" && !self.public && self.moderation.is_empty()
    }
}

/// What a moderator decides about a submitted report.
#[derive(Debug, Clone)]
pub enum Moderation {
    Publish,
    /// Published with personal data (or abuse) removed; the original is kept privately.
    PublishEdited {
        text: String,
        reason: Reason,
    },
    Reject {
        reason: Reason,
    },
}

/// Why a moderator changed or refused a report: a closed list, shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    PersonalData,
    Abusive,
    OffTopic,
    Spam,
    Duplicate,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Self::PersonalData,
        Self::Abusive,
        Self::OffTopic,
        Self::Spam,
        Self::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PersonalData => "personal_data",
            Self::Abusive => "abusive",
            Self::OffTopic => "off_topic",
            Self::Spam => "spam",
            Self::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What a moderator decides about a report's photo.
#[derive(Debug, Clone, Copy)]
pub enum PhotoDecision {
    /// Shown on the public record (once the report itself is published).
    Approve,
    /// Kept for the record, never shown; the reason goes to the staff history.
    Reject { reason: Reason },
}

/// What an officer does to a report of their office.
#[derive(Debug, Clone)]
pub enum Action {
    /// Acknowledged, with a public text when `text` is not empty (an officer who starts
    /// from a template and saves with this action has the text published, not dropped).
    Acknowledge {
        text: String,
    },
    /// A public response. The status stays, except that a first answer acknowledges a
    /// report nobody had: an office that answered has seen it.
    Respond {
        text: String,
    },
    /// In progress, with a public text when `text` is not empty.
    Start {
        text: String,
    },
    Resolve {
        text: String,
    },
    CloseNotFixed {
        text: String,
    },
    DuplicateOf {
        reference: String,
    },
    /// Hands the report to another office, with the reason.
    Refer {
        office: String,
        reason: String,
    },
}

const COLUMNS: &str = "r.id, r.reference, r.category, r.office, r.status, r.channel, r.text_original, \
    r.text_public, r.moderation_reason, r.project_id, r.ward, r.lat, r.lon, r.reporter_name, \
    r.reporter_contact, r.duplicate_of, r.received_at, r.acknowledged_at, r.resolved_at, r.updated_at, \
    r.photo, r.photo_reason, r.photo_width, r.photo_height, \
    (SELECT d.reference FROM reports d WHERE d.id = r.duplicate_of) AS duplicate_of_reference, \
    1 + (SELECT COUNT(*) FROM report_followers f WHERE f.report_id = r.id) AS followers";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Report, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    let photo: String = r.try_get("photo")?;
    Ok(Report {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        category: r.try_get("category")?,
        office: r.try_get("office")?,
        status: Status::parse(&status).unwrap_or(Status::Submitted),
        channel: r.try_get("channel")?,
        text_original: r.try_get("text_original")?,
        text_public: r.try_get("text_public")?,
        moderation_reason: r.try_get("moderation_reason")?,
        project_id: r.try_get("project_id")?,
        ward: r.try_get("ward")?,
        point: lat.zip(lon),
        reporter_name: r.try_get("reporter_name")?,
        reporter_contact: r.try_get("reporter_contact")?,
        duplicate_of: r.try_get("duplicate_of")?,
        duplicate_of_reference: r.try_get("duplicate_of_reference")?,
        received_at: r.try_get("received_at")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
        resolved_at: r.try_get("resolved_at")?,
        updated_at: r.try_get("updated_at")?,
        followers: r.try_get("followers")?,
        photo: PhotoStatus::parse(&photo).unwrap_or(PhotoStatus::None),
        photo_reason: r.try_get("photo_reason")?,
        photo_size: (r.try_get("photo_width")?, r.try_get("photo_height")?),
    })
}

/// The columns of `report_events` (as `e`) an [`Event`] is read from.
const EVENT_COLUMNS: &str = "e.id, e.at, e.kind, e.status_from, e.status_to, e.office, e.text, \
    e.public, e.moderation, e.moderation_reason";

fn event_from_row(r: &sqlx::any::AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        kind: r.try_get("kind")?,
        status_from: r.try_get("status_from")?,
        status_to: r.try_get("status_to")?,
        office: r.try_get("office")?,
        text: r.try_get("text")?,
        public: r.try_get::<i64, _>("public")? != 0,
        moderation: r.try_get("moderation")?,
        moderation_reason: r.try_get("moderation_reason")?,
    })
}

/// Why `account` may not see or act on `report`: it is another office's.
pub fn not_ours(report: &Report, account: &Account) -> Refusal {
    Refusal::OtherOffice {
        reference: report.reference.clone(),
        office: report.office.clone(),
        yours: account.offices.join(", "),
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A text as stored: trimmed, control characters but newlines and tabs removed, at most
/// `max` characters (refused when longer, naming which text was `written`).
fn clean(text: &str, max: usize, written: Written) -> Result<String, FeedbackError> {
    let text = crate::format::plain(text);
    let has = text.chars().count();
    if has > max {
        return Err(Refusal::TooLong {
            text: written,
            max,
            has,
        }
        .into());
    }
    Ok(text)
}

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub category: Option<String>,
    pub ward: Option<String>,
    pub office: Option<String>,
    pub project: Option<String>,
    /// Only open reports past their category's days to resolve.
    pub overdue: bool,
    /// Only what the public may see.
    pub public_only: bool,
}

/// The columns of a report on the public record (`/reports.csv`, `/reports.json`): no
/// name, no contact, no original text, places rounded unless on a project.
pub const PUBLIC_COLUMNS: [&str; 15] = [
    "reference",
    "category",
    "office",
    "status",
    "channel",
    "text",
    "project_id",
    "ward",
    "latitude",
    "longitude",
    "received",
    "acknowledged",
    "resolved",
    "days_to_acknowledge",
    "days_to_resolve",
];

fn day(at: Option<i64>) -> serde_json::Value {
    at.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map_or(serde_json::Value::Null, |t| {
            serde_json::Value::String(t.format("%Y-%m-%d").to_string())
        })
}

/// Reports a staff queue lists at most, of each kind (the oldest first).
pub const QUEUE: usize = 200;

/// The statuses of an open report, as SQL.
const OPEN_SQL: &str = "('open', 'acknowledged', 'in_progress', 'reopened')";

/// A [`Filter`] as an SQL condition on `reports r`, with only the conditions it sets (so
/// the database can use its indexes: `reports_public`, a partial index in the order of
/// the list, serves the public list), and the values to bind to them in order.
#[derive(Debug, Default)]
struct Where {
    sql: String,
    values: Vec<Value>,
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Int(i64),
}

impl Where {
    fn and(&mut self, condition: &str) {
        self.sql.push_str(if self.sql.is_empty() {
            "WHERE "
        } else {
            " AND "
        });
        self.sql.push_str(condition);
    }

    /// `$N`, the next parameter, bound to `value`.
    fn param(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    fn equals(&mut self, column: &str, value: Option<&str>) {
        if let Some(v) = value {
            let p = self.param(Value::Text(v.to_string()));
            self.and(&format!("{column} = {p}"));
        }
    }

    fn bind<'q>(
        &self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for v in &self.values {
            q = match v {
                Value::Text(t) => q.bind(t.clone()),
                Value::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

/// Files a report in one statement (each statement is a round trip through the
/// driver, and intake is bound by them). The id is the next one, taken inside the INSERT
/// under SQLite's single writer lock, and the reference is `$1` and that id in at least
/// six digits, as `format!("{id:06}")` writes it.
const FILE_SQLITE: &str = "INSERT INTO reports (id, reference, token_hash, category, office, status, channel, \
     text_original, project_id, ward, lat, lon, reporter_name, reporter_contact, taken_by, received_at, updated_at, \
     photo, photo_width, photo_height) \
     SELECT n.id, $1 || printf('%06d', n.id), $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, \
     $15, $16, $17 \
     FROM (SELECT COALESCE(MAX(id), 0) + 1 AS id FROM reports) AS n RETURNING id, reference";

/// [`FILE_SQLITE`] for PostgreSQL: the id from the identity column's sequence.
const FILE_POSTGRES: &str = "INSERT INTO reports (id, reference, token_hash, category, office, status, channel, \
     text_original, project_id, ward, lat, lon, reporter_name, reporter_contact, taken_by, received_at, updated_at, \
     photo, photo_width, photo_height) \
     SELECT n.id, $1 || lpad(n.id::text, greatest(6, length(n.id::text)), '0'), $2, $3, $4, 'submitted', $5, $6, \
     $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17 \
     FROM (SELECT nextval(pg_get_serial_sequence('reports', 'id')) AS id) AS n RETURNING id, reference";

/// The feedback service over the state database and the protocol's categories.
#[derive(Debug)]
pub struct Feedback {
    db: Db,
    protocol: Protocol,
    clock: Clock,
    /// Moves whenever the public record changes (not when a report is filed: it is not
    /// public until moderated), so that pages kept by the web's page cache are dropped.
    generation: AtomicU64,
    photos: PhotoStore,
    /// Photos decoded at once: each may take a few hundred megabytes for a moment.
    decoding: tokio::sync::Semaphore,
    /// The assistant suggesting each new report's category, language and duplicates.
    triage: Arc<crate::triage::Triage>,
}

/// The time the service stamps on what it records: the system's clock, or a clock set by
/// hand for the demo, which replays two years of reports on their own dates.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// A clock that stays at `at` (Unix seconds) until [`Clock::set`] moves it.
    pub fn manual(at: i64) -> Self {
        Self(Some(Arc::new(AtomicI64::new(at))))
    }

    pub fn set(&self, at: i64) {
        if let Some(t) = &self.0 {
            t.store(at, Ordering::Relaxed);
        }
    }

    pub fn now(&self) -> i64 {
        self.0
            .as_ref()
            .map_or_else(now, |t| t.load(Ordering::Relaxed))
    }
}

impl Feedback {
    /// The service over `db`, keeping photos in `photos`.
    pub fn new(db: Db, protocol: Protocol, photos: PhotoStore) -> Self {
        Self::with_clock(db, protocol, photos, Clock::default())
    }

    pub fn with_clock(db: Db, protocol: Protocol, photos: PhotoStore, clock: Clock) -> Self {
        Self {
            db,
            protocol,
            clock,
            generation: AtomicU64::new(0),
            photos,
            decoding: tokio::sync::Semaphore::new(2),
            triage: Arc::new(crate::triage::Triage::none()),
        }
    }

    /// The service with `triage` suggesting for new reports (without, only languages).
    pub fn with_triage(mut self, triage: Arc<crate::triage::Triage>) -> Self {
        self.triage = triage;
        self
    }

    pub fn triage(&self) -> &crate::triage::Triage {
        &self.triage
    }

    pub fn photos(&self) -> &PhotoStore {
        &self.photos
    }

    /// Checks and re-encodes a sent photo ([`photo::process`]) on a blocking thread, two
    /// at a time at most.
    pub async fn process_photo(&self, bytes: Vec<u8>) -> Result<Photo, FeedbackError> {
        let max = self.photos.max_bytes;
        let _turn = self
            .decoding
            .acquire()
            .await
            .map_err(|_| FeedbackError::Refused(Refusal::Stopping))?;
        let photo = tokio::task::spawn_blocking(move || photo::process(&bytes, max))
            .await
            .map_err(|e| PhotoError::Io {
                path: "(decoding thread)".into(),
                source: std::io::Error::other(e),
            })??;
        Ok(photo)
    }

    /// Stages a processed photo while its sender looks at similar reports; its name.
    pub async fn stage_photo(&self, photo: &Photo) -> Result<String, FeedbackError> {
        let (store, jpeg) = (self.photos.clone(), photo.jpeg.clone());
        let name = tokio::task::spawn_blocking(move || store.stage(&jpeg))
            .await
            .map_err(|e| PhotoError::Io {
                path: "(staging thread)".into(),
                source: std::io::Error::other(e),
            })??;
        Ok(name)
    }

    /// A staged photo back (re-checked: it is read from disk), or `None` if `name` is
    /// not one.
    pub async fn take_staged_photo(&self, name: &str) -> Result<Option<Photo>, FeedbackError> {
        let (store, name) = (self.photos.clone(), name.to_string());
        let bytes = tokio::task::spawn_blocking(move || store.take_staged(&name))
            .await
            .map_err(|e| PhotoError::Io {
                path: "(staging thread)".into(),
                source: std::io::Error::other(e),
            })?;
        match bytes {
            Some(b) => Ok(Some(self.process_photo(b).await?)),
            None => Ok(None),
        }
    }

    /// Moves whenever something the public sees changes in this process.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Called after every change to the public record, once it is written.
    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The time on the service's clock (Unix seconds): what it stamps on what it records.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn protocol(&self) -> &Protocol {
        &self.protocol
    }

    /// `MLM-2026-`: what a reference filed at `at` starts with; the report's id, in at
    /// least six digits, ends it (`MLM-2026-000123`).
    fn reference_prefix(&self, at: i64) -> String {
        let year = chrono::DateTime::from_timestamp(at, 0).map_or(0, |t| {
            use chrono::Datelike;
            t.year()
        });
        format!("{}-{year}-", self.protocol.feedback.reference_prefix)
    }

    /// Checks a new report: a known category, a text, a place inside the jurisdiction.
    fn check(&self, new: &NewReport) -> Result<(String, String), FeedbackError> {
        let category =
            self.protocol
                .category(&new.category)
                .ok_or_else(|| Refusal::UnknownCategory {
                    given: new.category.chars().take(40).collect(),
                    known: self.protocol.category_codes(),
                })?;
        let text = clean(&new.text, MAX_TEXT, Written::Description)?;
        if text.is_empty() {
            return Err(Refusal::NoDescription.into());
        }
        if let Some((lat, lon)) = new.point {
            let [w, s, e, n] = self.protocol.jurisdiction.bbox;
            if !(lat.is_finite()
                && lon.is_finite()
                && (s..=n).contains(&lat)
                && (w..=e).contains(&lon))
            {
                return Err(Refusal::OutsideJurisdiction {
                    lat,
                    lon,
                    jurisdiction: self.protocol.jurisdiction.name.clone(),
                }
                .into());
            }
        }
        Ok((text, category.office.clone()))
    }

    /// Open reports `new` may be the same as: same category within [`NEARBY_METRES`], or
    /// on the same project. Public ones only, the likeliest first: those naming more of the
    /// problems `new` names ([`concepts`](crate::triage::concepts), which agree across
    /// English, Swahili and Sheng), then the nearest, then the newest. The newest
    /// [`NEARBY_READ`] are read; a place with more open reports of one kind ranks those.
    pub async fn nearby(&self, new: &NewReport) -> Result<Vec<Report>, FeedbackError> {
        let open: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .map(Status::as_str)
            .collect();
        let statuses = open
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        // A box around the point narrows the rows; the distance decides.
        let (point, project_id) = (new.point, new.project_id.as_str());
        let (lat, lon) = point.unwrap_or((0.0, 0.0));
        let dlat = NEARBY_METRES / 111_000.0;
        let dlon = dlat / lat.to_radians().cos().max(0.01);
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reports r WHERE r.category = $1 AND r.status IN ({statuses}) \
             AND ((r.project_id <> '' AND r.project_id = $2) OR ($3 = 1 AND r.lat BETWEEN $4 AND $5 AND r.lon BETWEEN $6 AND $7)) \
             ORDER BY r.received_at DESC LIMIT {NEARBY_READ}"
        ))
        .bind(&new.category)
        .bind(project_id)
        .bind(i64::from(point.is_some()))
        .bind(lat - dlat)
        .bind(lat + dlat)
        .bind(lon - dlon)
        .bind(lon + dlon)
        .fetch_all(self.db.pool())
        .await?;
        let names = crate::triage::concepts::of(&new.text);
        let mut found: Vec<(usize, f64, Report)> = rows
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter_map(|r| {
                let d = match (point, r.point) {
                    (Some(a), Some(b)) => metres(a, b),
                    _ => f64::INFINITY,
                };
                let same_project = !project_id.is_empty() && r.project_id == project_id;
                (same_project || d <= NEARBY_METRES).then(|| {
                    let named = crate::triage::concepts::of(&r.text_public);
                    let shared = named.iter().filter(|c| names.contains(c)).count();
                    (shared, d, r)
                })
            })
            .collect();
        // Stable: the newest first among equals, as read.
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
        Ok(found.into_iter().map(|(_, _, r)| r).collect())
    }

    /// The report `new` filed already, when it was sent before with the same form token
    /// and the same contents ([`NewReport::sent_with`]).
    pub async fn filed_before(&self, new: &NewReport) -> Result<Option<Filed>, FeedbackError> {
        let Some(token) = new.resent_token() else {
            return Ok(None);
        };
        let row = sqlx::query("SELECT reference FROM reports WHERE token_hash = $1")
            .bind(token_hash(&token))
            .fetch_optional(self.db.pool())
            .await?;
        Ok(match row {
            Some(r) => Some(Filed {
                reference: r.try_get("reference")?,
                token,
            }),
            None => None,
        })
    }

    /// Files a report; it waits for a moderator before anyone else sees it. Sent again
    /// with the same form token and contents, it is not filed twice: its derived tracking
    /// token meets the first filing's in the token hash's `UNIQUE` index, and the answer
    /// is that filing's reference and token (the web asks [`Feedback::filed_before`]
    /// first, so as not to read a photo again).
    pub async fn file(&self, actor: &Actor, new: NewReport) -> Result<Filed, FeedbackError> {
        let (text, office) = self.check(&new)?;
        let name = clean(&new.reporter_name, 100, Written::Name)?;
        let contact = clean(&new.reporter_contact, 200, Written::Contact)?;
        let channel = new.channel.unwrap_or(Channel::Web);
        let token = new
            .resent_token()
            .unwrap_or_else(|| hex::encode(rand::random::<[u8; 24]>()));
        let hash = token_hash(&token);
        let t = self.now();
        let (lat, lon) = (new.point.map(|p| p.0), new.point.map(|p| p.1));
        let photo = new.photo.as_ref();
        let photo_status = photo.map_or(PhotoStatus::None, |_| PhotoStatus::Pending);
        // One statement: the row holds the reporter's tracking token (its first event is its
        // received time), and its reference is the year's prefix and the row's own id,
        // numbered inside the INSERT (see `FILE_SQLITE` and `FILE_POSTGRES`). A photo's
        // file is written after the row: if that fails, the row goes too, so a report is
        // filed whole, with its photo, or not at all.
        let sql = match self.db.backend {
            Backend::Sqlite => FILE_SQLITE,
            Backend::Postgres => FILE_POSTGRES,
        };
        let query = sqlx::query(sql)
            .bind(self.reference_prefix(t))
            .bind(&hash)
            .bind(&new.category)
            .bind(&office)
            .bind(channel.as_str())
            .bind(&text)
            .bind(new.project_id.trim())
            .bind(new.ward.trim());
        // sqlx 0.8.6's `Any` driver has its `Real` and `Double` nulls swapped: a missing
        // f64 goes to PostgreSQL as a float4, the statement is kept prepared so, and the
        // next report with a place on that connection is refused ("incorrect binary data
        // format in bind parameter 9"). The f32 null goes as a float8, as a place does.
        let query = match (lat, lon) {
            (Some(lat), Some(lon)) => query.bind(lat).bind(lon),
            _ => query.bind(None::<f32>).bind(None::<f32>),
        };
        let row = query
            .bind(&name)
            .bind(&contact)
            .bind(new.taken_by)
            .bind(t)
            .bind(photo_status.as_str())
            .bind(photo.map_or(0, |p| i64::from(p.width)))
            .bind(photo.map_or(0, |p| i64::from(p.height)))
            .fetch_one(self.db.pool())
            .await;
        let row = match row {
            // The same sending, filed already (by a request that came at the same
            // moment, say).
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && new.sent_with.is_some() => {
                if let Some(filed) = self.filed_before(&new).await? {
                    return Ok(filed);
                }
                return Err(sqlx::Error::Database(e).into());
            }
            other => other?,
        };
        let id: i64 = row.try_get("id")?;
        let reference: String = row.try_get("reference")?;
        if let Some(p) = new.photo {
            let store = self.photos.clone();
            let kept = tokio::task::spawn_blocking(move || store.save(id, &p.jpeg))
                .await
                .map_err(|e| PhotoError::Io {
                    path: self.photos.path(id),
                    source: std::io::Error::other(e),
                })
                .and_then(|r| r)
                .map_err(FeedbackError::from);
            if let Err(e) = kept {
                // Never leave a report without half its photo.
                let _ = sqlx::query("DELETE FROM reports WHERE id = $1")
                    .bind(id)
                    .execute(self.db.pool())
                    .await;
                self.photos.remove(id);
                return Err(e);
            }
        }
        if let Some(filed) = self.by_id(id).await? {
            self.suggest(&filed).await;
        }
        if new.taken_by.is_some() {
            self.db
                .audit(
                    actor,
                    "report.take",
                    &reference,
                    Outcome::Ok,
                    channel.as_str(),
                )
                .await?;
        }
        Ok(Filed { reference, token })
    }

    #[allow(clippy::too_many_arguments)]
    async fn event(
        &self,
        report_id: i64,
        kind: &str,
        from: &str,
        to: &str,
        office: &str,
        text: &str,
        public: bool,
        account_id: Option<i64>,
    ) -> Result<(), FeedbackError> {
        sqlx::query(
            "INSERT INTO report_events (report_id, at, kind, status_from, status_to, office, text, public, account_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(report_id)
        .bind(self.now())
        .bind(kind)
        .bind(from)
        .bind(to)
        .bind(office)
        .bind(text)
        .bind(i64::from(public))
        .bind(account_id)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    /// Whether the report's latest event is of `kind`, with `text`, by `account_id`: the
    /// same thing sent again, which is kept once.
    async fn last_event_is(
        &self,
        report_id: i64,
        kind: &str,
        text: &str,
        account_id: Option<i64>,
    ) -> Result<bool, FeedbackError> {
        let last = sqlx::query(
            "SELECT kind, text, account_id FROM report_events WHERE report_id = $1 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(report_id)
        .fetch_optional(self.db.pool())
        .await?;
        Ok(match last {
            Some(last) => {
                last.try_get::<String, _>("kind")? == kind
                    && last.try_get::<String, _>("text")? == text
                    && last.try_get::<Option<i64>, _>("account_id")? == account_id
            }
            None => false,
        })
    }

    /// Adds a follower to a public open report; returns the follower's tracking token.
    /// With the token of the form it was asked with (`sent_with`), asking again (the
    /// answer refreshed) gives the same follower and token, not another.
    pub async fn follow(
        &self,
        reference: &str,
        sent_with: Option<&str>,
    ) -> Result<String, FeedbackError> {
        let report = self
            .by_reference(reference)
            .await?
            .filter(|r| r.status.is_public())
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let token = match sent_with.filter(|s| !s.is_empty()) {
            Some(sent) => derived_token(&["disclose follow", sent, &report.reference]),
            None => hex::encode(rand::random::<[u8; 24]>()),
        };
        sqlx::query(
            "INSERT INTO report_followers (report_id, token_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (report_id, token_hash) DO NOTHING",
        )
        .bind(report.id)
        .bind(token_hash(&token))
        .bind(self.now())
        .execute(self.db.pool())
        .await?;
        self.changed();
        Ok(token)
    }

    pub async fn by_reference(&self, reference: &str) -> Result<Option<Report>, FeedbackError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reports r WHERE r.reference = $1"
        ))
        .bind(reference)
        .fetch_optional(self.db.pool())
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    pub async fn by_id(&self, id: i64) -> Result<Option<Report>, FeedbackError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM reports r WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// The report a tracking token follows. An unknown token costs the same one indexed
    /// lookup of its hash as a known one.
    pub async fn by_token(&self, token: &str) -> Result<Option<Report>, FeedbackError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reports r WHERE r.token_hash = $1 \
             OR r.id IN (SELECT report_id FROM report_followers WHERE token_hash = $1)"
        ))
        .bind(token_hash(token))
        .fetch_optional(self.db.pool())
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Whether `token` is a follower's link rather than the reporter's own.
    pub async fn follows(&self, token: &str) -> Result<bool, FeedbackError> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM report_followers WHERE token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_one(self.db.pool())
        .await?
            > 0)
    }

    /// A report's history, oldest first; `public_only` for the public record.
    pub async fn history(
        &self,
        report: &Report,
        public_only: bool,
    ) -> Result<Vec<Event>, FeedbackError> {
        let id = report.id;
        // The first event, the receipt, is the report's own received time.
        let received = Event {
            id: 0,
            at: report.received_at,
            kind: "status".into(),
            status_from: String::new(),
            status_to: Status::Submitted.as_str().into(),
            office: self
                .protocol
                .category(&report.category)
                .map_or_else(|| report.office.clone(), |c| c.office.clone()),
            text: String::new(),
            public: true,
            moderation: String::new(),
            moderation_reason: String::new(),
        };
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM report_events e \
             WHERE e.report_id = $1 AND (e.public = 1 OR $2 = 0) ORDER BY e.at, e.id"
        ))
        .bind(id)
        .bind(i64::from(public_only))
        .fetch_all(self.db.pool())
        .await?;
        let rows = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(std::iter::once(received).chain(rows).collect())
    }

    /// Moves a report to `to`, if the list allows it, with the event and the times.
    async fn transition(
        &self,
        report: &Report,
        to: Status,
        text: &str,
        account_id: Option<i64>,
    ) -> Result<(), FeedbackError> {
        if !report.status.may_become().contains(&to) {
            return Err(Refusal::CannotBecome {
                from: report.status,
                to,
            }
            .into());
        }
        if to.needs_text() && text.trim().is_empty() {
            return Err(Refusal::NoPublicReason { to }.into());
        }
        let t = self.now();
        // Optimistic: the row changes only if nobody moved it meanwhile.
        let done = sqlx::query(
            "UPDATE reports SET status = $1, updated_at = $2, \
             acknowledged_at = CASE WHEN acknowledged_at IS NULL AND $1 IN ('acknowledged', 'in_progress', 'resolved', 'closed_not_fixed') THEN $2 ELSE acknowledged_at END, \
             resolved_at = CASE WHEN $1 IN ('resolved', 'closed_not_fixed') THEN $2 WHEN $1 = 'reopened' THEN NULL ELSE resolved_at END \
             WHERE id = $3 AND status = $4",
        )
        .bind(to.as_str())
        .bind(t)
        .bind(report.id)
        .bind(report.status.as_str())
        .execute(self.db.pool())
        .await?;
        if done.rows_affected() != 1 {
            return Err(Refusal::ChangedMeanwhile.into());
        }
        self.event(
            report.id,
            "status",
            report.status.as_str(),
            to.as_str(),
            &report.office,
            text,
            to.is_public() || to == Status::Rejected,
            account_id,
        )
        .await
    }

    /// A moderator's decision on a submitted report.
    pub async fn moderate(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        decision: Moderation,
    ) -> Result<(), FeedbackError> {
        if !matches!(account.role, Role::Moderator | Role::Admin) {
            return Err(FeedbackError::Forbidden(Refusal::NeedsModerator));
        }
        let report = self
            .by_reference(reference)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let (to, public_text, reason) = match &decision {
            Moderation::Publish => (Status::Open, report.text_original.clone(), None),
            Moderation::PublishEdited { text, reason } => (
                Status::Open,
                clean(text, MAX_TEXT, Written::EditedText)?,
                Some(*reason),
            ),
            Moderation::Reject { reason } => (Status::Rejected, String::new(), Some(*reason)),
        };
        if to == Status::Open && public_text.is_empty() {
            return Err(Refusal::EmptyPublishedText.into());
        }
        let reason_text = reason.map_or("", Reason::as_str);
        self.transition(&report, to, reason_text, Some(account.id))
            .await?;
        sqlx::query("UPDATE reports SET text_public = $1, moderation_reason = $2 WHERE id = $3")
            .bind(&public_text)
            .bind(reason_text)
            .bind(report.id)
            .execute(self.db.pool())
            .await?;
        let action = match decision {
            Moderation::Publish => "report.publish",
            Moderation::PublishEdited { .. } => "report.publish_edited",
            Moderation::Reject { .. } => "report.reject",
        };
        self.db
            .audit(actor, action, reference, Outcome::Ok, reason_text)
            .await?;
        self.changed();
        Ok(())
    }

    /// A moderator's decision on information a reporter added (event `event_id` of
    /// `reference`): published as sent, published edited (the original kept privately),
    /// or kept private, with a reason from the same list as reports.
    pub async fn moderate_info(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        event_id: i64,
        decision: Moderation,
    ) -> Result<(), FeedbackError> {
        if !matches!(account.role, Role::Moderator | Role::Admin) {
            return Err(FeedbackError::Forbidden(Refusal::NeedsModerator));
        }
        let report = self
            .by_reference(reference)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let event = self
            .history(&report, false)
            .await?
            .into_iter()
            .find(|e| e.id == event_id && e.kind == "info")
            .ok_or_else(|| {
                FeedbackError::UnknownReport(format!("{reference}: added information {event_id}"))
            })?;
        if !event.waits_for_moderation() {
            return Err(Refusal::InfoAlreadyModerated.into());
        }
        let (state, reason, edited) = match &decision {
            Moderation::Publish => ("published", None, None),
            Moderation::PublishEdited { text, reason } => {
                let text = clean(text, MAX_TEXT, Written::EditedText)?;
                if text.is_empty() {
                    return Err(Refusal::EmptyPublishedText.into());
                }
                ("edited", Some(*reason), Some(text))
            }
            Moderation::Reject { reason } => ("kept_private", Some(*reason), None),
        };
        let reason = reason.map_or("", Reason::as_str);
        // Decided once: a second moderator's decision on the same row changes nothing.
        let decided = sqlx::query(
            "UPDATE report_events SET moderation = $1, moderation_reason = $2, public = $3 \
             WHERE id = $4 AND report_id = $5 AND moderation = ''",
        )
        .bind(state)
        .bind(reason)
        .bind(i64::from(state == "published"))
        .bind(event_id)
        .bind(report.id)
        .execute(self.db.pool())
        .await?
        .rows_affected();
        if decided == 0 {
            return Err(Refusal::InfoAlreadyModerated.into());
        }
        if let Some(text) = edited {
            // The edited text, public, in the original's place in the history.
            sqlx::query(
                "INSERT INTO report_events (report_id, at, kind, office, text, public, account_id, moderation, moderation_reason) \
                 VALUES ($1, $2, 'info', $3, $4, 1, $5, 'published', $6)",
            )
            .bind(report.id)
            .bind(event.at)
            .bind(&event.office)
            .bind(&text)
            .bind(account.id)
            .bind(reason)
            .execute(self.db.pool())
            .await?;
        }
        self.db
            .audit(
                actor,
                &format!("report.info_{state}"),
                reference,
                Outcome::Ok,
                &format!(
                    "information {event_id}{}{reason}",
                    if reason.is_empty() { "" } else { ": " }
                ),
            )
            .await?;
        self.changed();
        Ok(())
    }

    /// A moderator approves or rejects a report's photo (or changes their mind). Recorded
    /// in the audit trail; on the public history only an approval shows, as the action,
    /// never who took it.
    pub async fn moderate_photo(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        decision: PhotoDecision,
    ) -> Result<(), FeedbackError> {
        if !matches!(account.role, Role::Moderator | Role::Admin) {
            return Err(FeedbackError::Forbidden(Refusal::NeedsModerator));
        }
        let report = self
            .by_reference(reference)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let (to, reason, action) = match decision {
            PhotoDecision::Approve => (PhotoStatus::Approved, "", "report.photo_approve"),
            PhotoDecision::Reject { reason } => (
                PhotoStatus::Rejected,
                reason.as_str(),
                "report.photo_reject",
            ),
        };
        if report.photo == PhotoStatus::None {
            return Err(Refusal::NoPhoto {
                reference: reference.to_string(),
            }
            .into());
        }
        if report.photo == to {
            return Err(Refusal::PhotoAlreadyDecided {
                reference: reference.to_string(),
                approved: to == PhotoStatus::Approved,
            }
            .into());
        }
        // Optimistic, as status changes are: only if nobody decided meanwhile.
        let done = sqlx::query(
            "UPDATE reports SET photo = $1, photo_reason = $2 WHERE id = $3 AND photo = $4",
        )
        .bind(to.as_str())
        .bind(reason)
        .bind(report.id)
        .bind(report.photo.as_str())
        .execute(self.db.pool())
        .await?;
        if done.rows_affected() != 1 {
            return Err(Refusal::ChangedMeanwhile.into());
        }
        self.event(
            report.id,
            "photo",
            report.photo.as_str(),
            to.as_str(),
            &report.office,
            reason,
            to == PhotoStatus::Approved,
            Some(account.id),
        )
        .await?;
        self.db
            .audit(actor, action, reference, Outcome::Ok, reason)
            .await?;
        self.changed();
        Ok(())
    }

    /// The kept JPEG of a report, if it has one. Whether the asker may see it is the
    /// caller's to decide ([`Report::photo_is_public`] for the public).
    pub async fn photo(&self, report: &Report) -> Result<Option<Vec<u8>>, FeedbackError> {
        if report.photo == PhotoStatus::None {
            return Ok(None);
        }
        let (store, id) = (self.photos.clone(), report.id);
        let bytes = tokio::task::spawn_blocking(move || store.read(id))
            .await
            .map_err(|e| PhotoError::Io {
                path: self.photos.path(id),
                source: std::io::Error::other(e),
            })??;
        Ok(bytes)
    }

    /// Refuses, with the reason in the audit trail under `action`, when `allowed` is false:
    /// the report is another office's.
    async fn refuse_unless(
        &self,
        allowed: bool,
        actor: &Actor,
        account: &Account,
        report: &Report,
        action: &str,
    ) -> Result<(), FeedbackError> {
        if allowed {
            return Ok(());
        }
        let e = FeedbackError::Forbidden(not_ours(report, account));
        self.db
            .audit(
                actor,
                action,
                &report.reference,
                Outcome::Refused,
                &e.to_string(),
            )
            .await?;
        Err(e)
    }

    /// An officer's action on a report of one of their offices.
    pub async fn act(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        action: Action,
    ) -> Result<(), FeedbackError> {
        let report = self
            .by_reference(reference)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let ours = account.role == Role::Admin
            || (account.role == Role::Officer && account.offices.contains(&report.office));
        self.refuse_unless(ours, actor, account, &report, "report.act")
            .await?;
        let by = Some(account.id);
        let (name, detail) = match &action {
            Action::Acknowledge { text } => {
                let text = clean(text, MAX_TEXT, Written::Response)?;
                self.transition(&report, Status::Acknowledged, &text, by)
                    .await?;
                ("report.acknowledge", text)
            }
            Action::Start { text } => {
                let text = clean(text, MAX_TEXT, Written::Response)?;
                self.transition(&report, Status::InProgress, &text, by)
                    .await?;
                ("report.start", text)
            }
            Action::Resolve { text } => {
                let text = clean(text, MAX_TEXT, Written::Response)?;
                self.transition(&report, Status::Resolved, &text, by)
                    .await?;
                ("report.resolve", text)
            }
            Action::CloseNotFixed { text } => {
                let text = clean(text, MAX_TEXT, Written::Reason)?;
                self.transition(&report, Status::ClosedNotFixed, &text, by)
                    .await?;
                ("report.close", text)
            }
            Action::Respond { text } => {
                let text = clean(text, MAX_TEXT, Written::Response)?;
                if text.is_empty() || !report.status.is_public() {
                    return Err(Refusal::NoResponse.into());
                }
                // The same response sent again (the answer refreshed, a second tap) is
                // given once.
                if self.last_event_is(report.id, "response", &text, by).await? {
                    return Ok(());
                }
                if report.acknowledged_at.is_none()
                    && report.status.may_become().contains(&Status::Acknowledged)
                {
                    self.transition(&report, Status::Acknowledged, "", by)
                        .await?;
                }
                self.event(
                    report.id,
                    "response",
                    "",
                    "",
                    &report.office,
                    &text,
                    true,
                    by,
                )
                .await?;
                ("report.respond", text)
            }
            Action::DuplicateOf { reference: other } => {
                let original = self
                    .by_reference(other.trim())
                    .await?
                    .filter(|o| o.id != report.id && o.status.is_public())
                    .ok_or_else(|| Refusal::NoReportToPointTo {
                        reference: other.trim().to_string(),
                    })?;
                self.transition(&report, Status::Duplicate, &original.reference, by)
                    .await?;
                sqlx::query("UPDATE reports SET duplicate_of = $1 WHERE id = $2")
                    .bind(original.id)
                    .bind(report.id)
                    .execute(self.db.pool())
                    .await?;
                // The later report's suggestion keeps the verdict, whether its finder offered
                // the earlier one or staff found it themselves.
                let (new, earlier) = if original.received_at > report.received_at {
                    (&original, &report)
                } else {
                    (&report, &original)
                };
                self.record_verdict(new.id, earlier.id, Some(true), account.id)
                    .await?;
                ("report.duplicate", original.reference)
            }
            Action::Refer { office, reason } => {
                let reason = clean(reason, MAX_TEXT, Written::Reason)?;
                if !self.protocol.offices.contains_key(office) || *office == report.office {
                    return Err(Refusal::ReferElsewhere {
                        offices: self
                            .protocol
                            .offices
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                    .into());
                }
                if reason.is_empty() {
                    return Err(Refusal::NoReasonToRefer.into());
                }
                sqlx::query("UPDATE reports SET office = $1, updated_at = $2 WHERE id = $3")
                    .bind(office)
                    .bind(self.now())
                    .bind(report.id)
                    .execute(self.db.pool())
                    .await?;
                self.event(report.id, "referral", "", "", office, &reason, true, by)
                    .await?;
                ("report.refer", format!("to {office}: {reason}"))
            }
        };
        self.db
            .audit(actor, name, reference, Outcome::Ok, &detail)
            .await?;
        self.changed();
        Ok(())
    }

    /// `f` as SQL; overdue is open and received before its category's days to resolve.
    fn condition(&self, f: &Filter) -> Where {
        let mut w = Where::default();
        if f.public_only {
            // Word for word the condition of the partial index `reports_public`.
            w.and("r.status NOT IN ('submitted', 'rejected')");
        }
        w.equals("r.status", f.status.map(Status::as_str));
        w.equals("r.category", f.category.as_deref());
        w.equals("r.ward", f.ward.as_deref());
        w.equals("r.office", f.office.as_deref());
        w.equals("r.project_id", f.project.as_deref());
        if f.overdue {
            let t = self.now();
            let mut late = Vec::new();
            for (code, c) in &self.protocol.feedback.categories {
                let code = w.param(Value::Text(code.clone()));
                let before = w.param(Value::Int(t - i64::from(c.resolve_days) * 86_400));
                late.push(format!(
                    "(r.category = {code} AND r.received_at < {before})"
                ));
            }
            if late.is_empty() {
                late.push("1 = 0".into());
            }
            w.and(&format!(
                "r.status IN {OPEN_SQL} AND ({})",
                late.join(" OR ")
            ));
        }
        w
    }

    /// Reports matching `f`, newest first.
    pub async fn list(&self, f: &Filter) -> Result<Vec<Report>, FeedbackError> {
        Ok(self.page(f, i64::MAX, 0).await?.0)
    }

    /// One page of the reports matching `f`, newest first, and how many match in all,
    /// paged by the database.
    pub async fn page(
        &self,
        f: &Filter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Report>, i64), FeedbackError> {
        let w = self.condition(f);
        let count = match self.db.backend {
            // SQLite counts with the smallest index that covers the condition, which is
            // never the partial `reports_public` (it cannot know it is small): a whole
            // index read, 200 ms at 240,000 reports. Counting them in list order makes
            // it read the index the list reads, which holds published reports only.
            Backend::Sqlite => format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM reports r {} ORDER BY r.received_at, r.id) AS c",
                w.sql
            ),
            Backend::Postgres => format!("SELECT COUNT(*) AS n FROM reports r {}", w.sql),
        };
        let total: i64 = w
            .bind(sqlx::query(&count))
            .fetch_one(self.db.pool())
            .await?
            .try_get("n")?;
        let n = w.values.len();
        let select = format!(
            "SELECT {COLUMNS} FROM reports r {} ORDER BY r.received_at DESC, r.id DESC LIMIT ${} OFFSET ${}",
            w.sql,
            n + 1,
            n + 2
        );
        let rows = w
            .bind(sqlx::query(&select))
            .bind(limit)
            .bind(offset)
            .fetch_all(self.db.pool())
            .await?;
        Ok((rows.iter().map(from_row).collect::<Result<_, _>>()?, total))
    }

    /// The places of the reports matching `f` that have one, as the public may see them
    /// (see [`Report::public_point`]), newest first, at most `limit`: for the map of
    /// `/reports`. Reads only the columns a dot needs.
    pub async fn map_points(&self, f: &Filter, limit: usize) -> Result<Vec<Dot>, FeedbackError> {
        let mut w = self.condition(f);
        w.and("r.lat IS NOT NULL AND r.lon IS NOT NULL");
        let select = format!(
            "SELECT r.reference, r.status, r.category, r.received_at, r.lat, r.lon, r.project_id, \
             r.reporter_name, r.reporter_contact FROM reports r {} \
             ORDER BY r.received_at DESC, r.id DESC LIMIT ${}",
            w.sql,
            w.values.len() + 1
        );
        let rows = w
            .bind(sqlx::query(&select))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(self.db.pool())
            .await?;
        let t = self.now();
        let mut out = Vec::new();
        for row in &rows {
            let status: String = row.try_get("status")?;
            let status = Status::parse(&status).unwrap_or(Status::Submitted);
            let category: String = row.try_get("category")?;
            let received_at: i64 = row.try_get("received_at")?;
            let overdue = self.overdue(status, &category, received_at, t);
            let (Some(lat), Some(lon)) = (
                row.try_get::<Option<f64>, _>("lat")?,
                row.try_get::<Option<f64>, _>("lon")?,
            ) else {
                continue;
            };
            let name: String = row.try_get("reporter_name")?;
            let contact: String = row.try_get("reporter_contact")?;
            let project: String = row.try_get("project_id")?;
            let anonymous = name.trim().is_empty() && contact.trim().is_empty();
            out.push(Dot {
                reference: row.try_get("reference")?,
                status,
                overdue,
                point: if project.is_empty() || anonymous {
                    rounded((lat, lon))
                } else {
                    (lat, lon)
                },
            });
        }
        Ok(out)
    }

    /// Open and past its category's days to resolve.
    pub fn is_overdue(&self, r: &Report, at: i64) -> bool {
        self.overdue(r.status, &r.category, r.received_at, at)
    }

    fn overdue(&self, status: Status, category: &str, received_at: i64, at: i64) -> bool {
        status.is_open()
            && self
                .protocol
                .category(category)
                .is_some_and(|c| at - received_at > i64::from(c.resolve_days) * 86_400)
    }

    /// What waits for `account`, at most [`QUEUE`] reports: for moderators the submitted
    /// reports and the information waiting for them, for officers their offices' open
    /// reports. Those waiting for a first step come first (submitted, then not yet
    /// acknowledged), each group newest first, so that a report filed today is at the top,
    /// not below two years of others. `search`, when not blank, keeps the reports whose
    /// reference is it or whose text has it (any case).
    pub async fn queue(
        &self,
        account: &Account,
        search: &str,
    ) -> Result<Vec<Report>, FeedbackError> {
        let search = search.trim();
        let mut out: Vec<Report> = Vec::new();
        let fetch = |sql: String, mut values: Vec<String>| {
            let pool = self.db.pool().clone();
            // The search is the last parameters: the reference, and the text as a pattern
            // with LIKE's wildcards taken literally.
            let filter = if search.is_empty() {
                String::new()
            } else {
                let n = values.len();
                values.push(search.to_uppercase());
                let escaped = search
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                values.push(format!("%{escaped}%"));
                format!(
                    " AND (r.reference = ${} OR LOWER(r.text_original) LIKE ${} ESCAPE '\\')",
                    n + 1,
                    n + 2
                )
            };
            let sql = sql.replace("{search}", &filter);
            async move {
                let mut q = sqlx::query(&sql);
                for v in values {
                    q = q.bind(v);
                }
                let rows = q.fetch_all(&pool).await?;
                rows.iter()
                    .map(from_row)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(FeedbackError::from)
            }
        };
        if matches!(account.role, Role::Moderator | Role::Admin) {
            out.extend(
                fetch(
                    format!(
                        "SELECT {COLUMNS} FROM reports r WHERE (r.status = 'submitted' \
                         OR r.id IN (SELECT report_id FROM report_events \
                         WHERE kind = 'info' AND public = 0 AND moderation = '')){{search}} \
                         ORDER BY r.received_at DESC, r.id DESC LIMIT {QUEUE}"
                    ),
                    Vec::new(),
                )
                .await?,
            );
        }
        if matches!(account.role, Role::Officer | Role::Admin) {
            let (offices, values) = if account.role == Role::Admin {
                (String::new(), Vec::new())
            } else if account.offices.is_empty() {
                (" AND 1 = 0".to_string(), Vec::new())
            } else {
                let params: Vec<String> = (1..=account.offices.len())
                    .map(|i| format!("${i}"))
                    .collect();
                (
                    format!(" AND r.office IN ({})", params.join(", ")),
                    account.offices.clone(),
                )
            };
            out.extend(
                fetch(
                    format!(
                        "SELECT {COLUMNS} FROM reports r WHERE r.status IN {OPEN_SQL}{offices}{{search}} \
                         ORDER BY r.received_at DESC, r.id DESC LIMIT {QUEUE}"
                    ),
                    values,
                )
                .await?,
            );
        }
        let first_step = |s: Status| match s {
            Status::Submitted => 0,
            Status::Open => 1,
            _ => 2,
        };
        out.sort_by_key(|r| {
            (
                first_step(r.status),
                std::cmp::Reverse((r.received_at, r.id)),
            )
        });
        out.dedup_by_key(|r| r.id);
        Ok(out)
    }

    /// A report as the public record gives it: [`PUBLIC_COLUMNS`].
    pub fn public_row(&self, r: &Report) -> serde_json::Value {
        let point = r.public_point();
        let ack = r.acknowledged_at.map(|a| (a - r.received_at) / 86_400);
        let res = r.resolved_at.map(|a| (a - r.received_at) / 86_400);
        serde_json::json!({
            "reference": r.reference,
            "category": r.category,
            "office": r.office,
            "status": r.status.as_str(),
            "channel": r.channel,
            "text": r.text_public,
            "project_id": r.project_id,
            "ward": r.ward,
            "latitude": point.map(|p| p.0),
            "longitude": point.map(|p| p.1),
            "received": day(Some(r.received_at)),
            "acknowledged": day(r.acknowledged_at),
            "resolved": day(r.resolved_at),
            "days_to_acknowledge": ack,
            "days_to_resolve": res,
        })
    }

    /// The reporter (or a follower) adds information through the tracking link.
    pub async fn add_info(&self, token: &str, text: &str) -> Result<Report, FeedbackError> {
        let report = self
            .by_token(token)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport("(tracking link)".into()))?;
        let text = clean(text, MAX_TEXT, Written::Information)?;
        if text.is_empty() {
            return Err(Refusal::NothingToAdd.into());
        }
        if self.last_event_is(report.id, "info", &text, None).await? {
            // The same sent again (the answer refreshed): added once.
            return Ok(report);
        }
        // Added information is moderated like the report: kept private until then.
        self.event(
            report.id,
            "info",
            "",
            "",
            &report.office,
            &text,
            false,
            None,
        )
        .await?;
        Ok(report)
    }

    /// The reporter reopens a resolved or closed report within [`REOPEN_DAYS`]; a
    /// follower's link is refused (a follower adds information, or sends their own).
    pub async fn reopen(&self, token: &str, text: &str) -> Result<Report, FeedbackError> {
        let report = self
            .by_token(token)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport("(tracking link)".into()))?;
        if self.follows(token).await? {
            return Err(Refusal::OnlyTheReporterReopens.into());
        }
        if !report.status.may_become().contains(&Status::Reopened) {
            return Err(Refusal::NotClosed.into());
        }
        let since = report.resolved_at.unwrap_or(report.updated_at);
        if self.now() - since > REOPEN_DAYS * 86_400 {
            return Err(Refusal::ReopenTooLate { days: REOPEN_DAYS }.into());
        }
        let text = clean(text, MAX_TEXT, Written::Reason)?;
        if text.is_empty() {
            return Err(Refusal::NoReasonToReopen.into());
        }
        self.transition(&report, Status::Reopened, &text, None)
            .await?;
        self.changed();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_rounding() {
        let a = (-0.4500, 37.1000);
        let b = (-0.4500, 37.1020);
        let d = metres(a, b);
        assert!((200.0..250.0).contains(&d), "{d}");
        assert_eq!(rounded((-0.45049, 37.10051)), (-0.45, 37.101));
        assert!(metres(a, rounded(a)) < 100.0);
    }

    #[test]
    fn texts_are_trimmed_and_limited() {
        assert_eq!(
            clean("  a\u{0}b\nc ", 10, Written::Description).unwrap(),
            "ab\nc"
        );
        assert!(clean(&"x".repeat(2001), MAX_TEXT, Written::Response).is_err());
    }
}
