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
use sqlx::{AnyPool, Executor};

use super::StaffError;

/// Which engine holds the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

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
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // Writers wait for each other instead of failing at once.
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
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

const SQLITE: [(i64, &str, &str); 7] = [
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
];
const POSTGRES: [(i64, &str, &str); 7] = [
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
