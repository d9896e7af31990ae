//! The staff audit trail: one append-only row per sign-in, account change, check,
//! publish and refusal. Each row carries the hash of the row before it, as the ledger
//! does, so that an edited or deleted row breaks the chain and
//! `disclose staff verify-audit` says where.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Db, StaffError, now};

/// Who acts, from where: an account's e-mail (or `cli`, or the e-mail typed at a failed
/// sign-in) and the client's address (`local` for the command line).
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub address: String,
}

impl Actor {
    pub fn cli() -> Self {
        let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
        Self {
            name: format!("cli:{user}"),
            address: "local".into(),
        }
    }
}

/// How an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Refused by a rule (a wrong password, a missing right, a lock).
    Refused,
    /// Tried and failed (a check that found errors, an ingest that could not run).
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Refused => "refused",
            Self::Failed => "failed",
        }
    }
}

/// One row of the trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub seq: i64,
    /// Seconds since 1970 UTC.
    pub at: i64,
    pub actor: String,
    pub address: String,
    /// `sign_in`, `sign_in.failed`, `sign_in.locked`, `account.add`, `upload.check`, …
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The hash of this row's content chained to the previous row's hash.
    fn compute_hash(&self) -> String {
        let content = serde_json::json!([
            self.seq,
            self.at,
            self.actor,
            self.address,
            self.action,
            self.target,
            self.outcome,
            self.detail,
        ]);
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(content.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    /// The time as `2026-11-28T03:21:57Z`.
    pub fn time(&self) -> String {
        chrono::DateTime::from_timestamp(self.at, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default()
    }
}

/// Which rows to read: every field optional, all given ones must match.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// An action, or the start of one (`sign_in` matches `sign_in.failed`).
    pub action: Option<String>,
    pub outcome: Option<String>,
    /// Rows at or after, seconds since 1970.
    pub since: Option<i64>,
    /// Rows before, seconds since 1970.
    pub until: Option<i64>,
    /// Part of the target.
    pub target: Option<String>,
}

const COLUMNS: &str = "seq, at, actor, address, action, target, outcome, detail, prev_hash, hash";

fn from_row(r: &sqlx::any::AnyRow) -> Result<AuditRow, sqlx::Error> {
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        address: r.try_get("address")?,
        action: r.try_get("action")?,
        target: r.try_get("target")?,
        outcome: r.try_get("outcome")?,
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// What `verify-audit` found.
#[derive(Debug, Default)]
pub struct AuditCheck {
    pub rows: u64,
    pub problems: Vec<String>,
}

/// Text as the trail keeps it: what was typed, a NUL (which PostgreSQL cannot store in
/// text, and a hand-made request can send) shown as U+FFFD.
fn storable(text: &str) -> String {
    text.replace('\0', "\u{fffd}")
}

impl Db {
    /// Appends one row. Rows are numbered without gaps; a writer in another process that
    /// takes the same number first makes this one retry on top of it.
    pub async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        outcome: Outcome,
        detail: &str,
    ) -> Result<AuditRow, StaffError> {
        let mut last_error = None;
        for _ in 0..50 {
            let last = sqlx::query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
            let (seq, prev_hash) = match last {
                Some(r) => (r.try_get::<i64, _>("seq")? + 1, r.try_get("hash")?),
                None => (1, String::new()),
            };
            let mut row = AuditRow {
                seq,
                at: now(),
                actor: storable(&actor.name),
                address: storable(&actor.address),
                action: storable(action),
                target: storable(target),
                outcome: outcome.as_str().to_string(),
                detail: storable(detail),
                prev_hash,
                hash: String::new(),
            };
            row.hash = row.compute_hash();
            let inserted = sqlx::query(&format!(
                "INSERT INTO audit ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ))
            .bind(row.seq)
            .bind(row.at)
            .bind(&row.actor)
            .bind(&row.address)
            .bind(&row.action)
            .bind(&row.target)
            .bind(&row.outcome)
            .bind(&row.detail)
            .bind(&row.prev_hash)
            .bind(&row.hash)
            .execute(&self.pool)
            .await;
            match inserted {
                Ok(_) => return Ok(row),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    last_error = Some(sqlx::Error::Database(e));
                    tokio::task::yield_now().await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(last_error.map_or_else(
            || StaffError::Invalid("the audit trail is too busy".into()),
            StaffError::Db,
        ))
    }

    /// Rows matching `filter`, newest first, `limit` from `offset`.
    pub async fn audit_rows(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRow>, StaffError> {
        let (clause, binds) = where_clause(filter);
        let n = binds.len();
        let sql = format!(
            "SELECT {COLUMNS} FROM audit{clause} ORDER BY seq DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = b.bind(q);
        }
        let rows = q.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// How many rows match `filter`.
    pub async fn audit_count(&self, filter: &AuditFilter) -> Result<i64, StaffError> {
        let (clause, binds) = where_clause(filter);
        let sql = format!("SELECT COUNT(*) AS n FROM audit{clause}");
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = b.bind(q);
        }
        Ok(q.fetch_one(&self.pool).await?.try_get("n")?)
    }

    /// Failed sign-ins since `since`, for an account (as typed) and for an address.
    pub async fn failures_since(
        &self,
        email: &str,
        address: &str,
        since: i64,
    ) -> Result<(i64, i64), StaffError> {
        let row = sqlx::query(
            "SELECT \
               COALESCE(SUM(CASE WHEN target = $1 THEN 1 ELSE 0 END), 0) AS by_account, \
               COALESCE(SUM(CASE WHEN address = $2 THEN 1 ELSE 0 END), 0) AS by_address \
             FROM audit WHERE action = 'sign_in.failed' AND at >= $3 \
               AND (target = $1 OR address = $2)",
        )
        .bind(email)
        .bind(address)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            row.try_get::<i64, _>("by_account")?,
            row.try_get::<i64, _>("by_address")?,
        ))
    }

    /// Recomputes every row's hash and checks the chain from the first row.
    pub async fn verify_audit(&self) -> Result<AuditCheck, StaffError> {
        let mut check = AuditCheck::default();
        let mut prev_hash = String::new();
        let mut expected_seq = 1;
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM audit WHERE seq >= $1 ORDER BY seq LIMIT 10000"
            ))
            .bind(expected_seq)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let row = from_row(r)?;
                check.rows += 1;
                if row.seq != expected_seq {
                    check.problems.push(format!(
                        "row {expected_seq} is missing (the next row is {})",
                        row.seq
                    ));
                }
                if row.prev_hash != prev_hash {
                    check.problems.push(format!(
                        "row {}: it names {} as the hash before it, but row {} hashes to {}",
                        row.seq,
                        short(&row.prev_hash),
                        row.seq - 1,
                        short(&prev_hash)
                    ));
                }
                let hash = row.compute_hash();
                if hash != row.hash {
                    check.problems.push(format!(
                        "row {}: its content was changed after it was written (it hashes to {}, recorded {})",
                        row.seq,
                        short(&hash),
                        short(&row.hash)
                    ));
                }
                prev_hash = row.hash;
                expected_seq = row.seq + 1;
            }
        }
        Ok(check)
    }
}

fn short(hash: &str) -> &str {
    if hash.is_empty() {
        "(none)"
    } else {
        &hash[..hash.len().min(12)]
    }
}

/// A value bound to a `$n` parameter.
enum Bind {
    Text(String),
    Int(i64),
}

impl Bind {
    fn bind<'q>(
        &'q self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Self::Text(s) => q.bind(s.as_str()),
            Self::Int(n) => q.bind(*n),
        }
    }
}

fn where_clause(f: &AuditFilter) -> (String, Vec<Bind>) {
    /// Adds a value and gives its placeholder.
    fn param(binds: &mut Vec<Bind>, b: Bind) -> String {
        binds.push(b);
        format!("${}", binds.len())
    }
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    if let Some(a) = &f.actor {
        parts.push(format!(
            "actor = {}",
            param(&mut binds, Bind::Text(a.clone()))
        ));
    }
    if let Some(a) = &f.action {
        // An action, or any action it is the start of (`sign_in` → `sign_in.failed`).
        let exact = param(&mut binds, Bind::Text(a.clone()));
        let under = param(&mut binds, Bind::Text(format!("{}.%", like_escape(a))));
        parts.push(format!(
            "(action = {exact} OR action LIKE {under} ESCAPE '\\')"
        ));
    }
    if let Some(o) = &f.outcome {
        parts.push(format!(
            "outcome = {}",
            param(&mut binds, Bind::Text(o.clone()))
        ));
    }
    if let Some(s) = f.since {
        parts.push(format!("at >= {}", param(&mut binds, Bind::Int(s))));
    }
    if let Some(u) = f.until {
        parts.push(format!("at < {}", param(&mut binds, Bind::Int(u))));
    }
    if let Some(t) = &f.target {
        let like = param(&mut binds, Bind::Text(format!("%{}%", like_escape(t))));
        parts.push(format!("target LIKE {like} ESCAPE '\\'"));
    }
    if parts.is_empty() {
        (String::new(), binds)
    } else {
        (format!(" WHERE {}", parts.join(" AND ")), binds)
    }
}

/// `%`, `_` and `\` taken literally in a LIKE pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
