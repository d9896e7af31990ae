//! The state database: one pool over SQLite or PostgreSQL through sqlx's `Any` driver,
//! so every query is written once. The SQL sticks to what both speak: `$1` parameters,
//! `BIGINT` and `TEXT` columns, `RETURNING`. Migrations are compiled into the binary and
//! applied when the database is opened.

use std::borrow::Cow;
use std::path::Path;
use std::pin::Pin;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};

use super::StaffError;

/// Which engine holds the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How often the server empties SQLite's write-ahead log ([`Db::checkpoint`]).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(30);

/// The pool, cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pub(super) pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Opens (creating an SQLite file and its folder on first use) and migrates.
    pub async fn open(url: &str) -> Result<Self, StaffError> {
        install_default_drivers();
        let (backend, url) = if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() || path == ":memory:" {
                return Err(StaffError::Invalid(format!(
                    "database `{url}`: give a file, e.g. sqlite:state/disclose.sqlite; the state must outlive the process"
                )));
            }
            if let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|source| StaffError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            (Backend::Sqlite, format!("sqlite://{path}?mode=rwc"))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StaffError::Invalid(format!(
                "database `{}`: expected sqlite:PATH or postgres://USER@HOST/NAME",
                redact_url(url)
            )));
        };
        let sqlite = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 8 } else { 16 })
            // SQLite: connections are kept once opened (opening one reads the write-ahead
            // log's index; there is no server to reconnect to).
            .max_lifetime(if sqlite {
                None
            } else {
                Some(Duration::from_secs(1800))
            })
            .idle_timeout(if sqlite {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // Writers wait for each other instead of failing at once.
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // After a checkpoint that empties the write-ahead log, its file
                        // is cut back to this (by default it keeps its largest size).
                        conn.execute("PRAGMA journal_size_limit = 67108864").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|source| StaffError::Connect {
                url: redact_url(&url),
                source,
            })?;
        if backend == Backend::Sqlite {
            // Readers never wait for the writer; kept in the file once set.
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        let migrator = Migrator::new(Embedded(backend)).await?;
        migrator.run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// SQLite: copies the write-ahead log into the database and empties it, if no
    /// reader holds it right now (then it says so and the next call tries again). Under
    /// steady reports and page views SQLite's own checkpoints may never find that moment,
    /// and the log grows without end (to gigabytes, measured under benchmark load); the
    /// server calls this every [`CHECKPOINT_EVERY`]. Waits at most 200 ms for readers and
    /// writers; nothing for PostgreSQL (`None`). Returns whether the log was emptied.
    pub async fn checkpoint(&self) -> Result<Option<bool>, StaffError> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let mut conn = self.pool.acquire().await?;
        conn.execute("PRAGMA busy_timeout = 200").await?;
        let done = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await;
        conn.execute("PRAGMA busy_timeout = 5000").await?;
        let busy: i64 = done?.try_get(0)?;
        Ok(Some(busy == 0))
    }

    /// The pool itself, for tests and benchmarks that reach under the service.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A URL with its password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The migrations of one backend, compiled in.
#[derive(Debug)]
struct Embedded(Backend);

const SQLITE: [(i64, &str, &str); 8] = [
    (
        1,
        "staff",
        include_str!("../../migrations/sqlite/0001_staff.sql"),
    ),
    (
        2,
        "feedback",
        include_str!("../../migrations/sqlite/0002_feedback.sql"),
    ),
    (
        3,
        "api_keys",
        include_str!("../../migrations/sqlite/0003_api_keys.sql"),
    ),
    (
        4,
        "reports_received",
        include_str!("../../migrations/sqlite/0004_reports_received.sql"),
    ),
    (
        5,
        "info_moderation",
        include_str!("../../migrations/sqlite/0005_info_moderation.sql"),
    ),
    (
        6,
        "reports_public",
        include_str!("../../migrations/sqlite/0006_reports_public.sql"),
    ),
    (
        7,
        "report_photos",
        include_str!("../../migrations/sqlite/0007_report_photos.sql"),
    ),
    (
        8,
        "report_triage",
        include_str!("../../migrations/sqlite/0008_report_triage.sql"),
    ),
];
const POSTGRES: [(i64, &str, &str); 8] = [
    (
        1,
        "staff",
        include_str!("../../migrations/postgres/0001_staff.sql"),
    ),
    (
        2,
        "feedback",
        include_str!("../../migrations/postgres/0002_feedback.sql"),
    ),
    (
        3,
        "api_keys",
        include_str!("../../migrations/postgres/0003_api_keys.sql"),
    ),
    (
        4,
        "reports_received",
        include_str!("../../migrations/postgres/0004_reports_received.sql"),
    ),
    (
        5,
        "info_moderation",
        include_str!("../../migrations/postgres/0005_info_moderation.sql"),
    ),
    (
        6,
        "reports_public",
        include_str!("../../migrations/postgres/0006_reports_public.sql"),
    ),
    (
        7,
        "report_photos",
        include_str!("../../migrations/postgres/0007_report_photos.sql"),
    ),
    (
        8,
        "report_triage",
        include_str!("../../migrations/postgres/0008_report_triage.sql"),
    ),
];

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        let list = match self.0 {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        };
        let migrations = list
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_checkpoint_empties_the_write_ahead_log_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let db = Db::open(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        // Writes of its own, outside the service's tables.
        sqlx::query("CREATE TABLE IF NOT EXISTS probe (n BIGINT)")
            .execute(db.pool())
            .await
            .unwrap();
        for i in 0..500_i64 {
            sqlx::query("INSERT INTO probe (n) VALUES ($1)")
                .bind(i)
                .execute(db.pool())
                .await
                .unwrap();
        }
        let wal = dir.path().join("state.sqlite-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        assert_eq!(db.checkpoint().await.unwrap(), Some(true));
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM probe")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(n, 500, "nothing lost");
        db.close().await;
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact_url("postgres://disclose:s3cret@127.0.0.1:5432/state"),
            "postgres://disclose:***@127.0.0.1:5432/state"
        );
        assert_eq!(redact_url("sqlite:state/x.sqlite"), "sqlite:state/x.sqlite");
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        assert_eq!(SQLITE.len(), POSTGRES.len());
        for (s, p) in SQLITE.iter().zip(&POSTGRES) {
            assert_eq!((s.0, s.1), (p.0, p.1));
        }
    }
}
