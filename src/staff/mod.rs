//! The staff side's state: accounts and roles, sessions, the audit trail, and uploads on
//! their way to publication, in one database (SQLite by default, PostgreSQL when a
//! county outgrows it). Nothing here is published data: the store and its ledger stay
//! the only record of that, and `verify` never reads the database.
//!
//! Every change an account makes goes through [`Staff`], which checks it, makes it and
//! appends it to the audit trail; the web layer and the command line only call it.

pub mod accounts;
pub mod audit;
pub mod db;
pub mod keys;
pub mod refusal;
pub mod sessions;
pub mod uploads;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use accounts::{Account, NewAccount, Role};
pub use audit::{Actor, AuditFilter, AuditRow, Outcome};
pub use db::{Backend, Db};
pub use refusal::Refusal;
pub use sessions::{Session, SignInError, SignedIn};
pub use uploads::{Upload, UploadStatus, Workspace};

use crate::config::Config;
use crate::protocol::Office;
use accounts::{
    check_email, check_password, hash_password_blocking, normalise_email, one_time_password,
};

/// The most characters an account's name may have.
pub const MAX_NAME: usize = 100;

/// Seconds since 1970 UTC: the database's time.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("cannot open the state database {url}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot bring the state database up to date")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("state database")]
    Db(#[from] sqlx::Error),
    #[error("no account {0}; `disclose staff list` shows them")]
    UnknownAccount(String),
    /// A request that breaks a rule, in a form each language can say: what and what to do.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// What only a program or a hand-made request meets, said in full in English.
    #[error("{0}")]
    Invalid(String),
    /// The account may not do this, in a form each language can say.
    #[error(transparent)]
    Forbidden(Refusal),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("cannot read or write {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StaffError {
    /// A client's mistake (to be answered with its message), not the server's failure.
    pub fn is_client_error(&self) -> bool {
        matches!(
            self,
            Self::UnknownAccount(_) | Self::Refused(_) | Self::Invalid(_) | Self::Forbidden(_)
        )
    }
}

/// The staff service: the database, the settings, and the offices accounts may name.
#[derive(Debug)]
pub struct Staff {
    pub db: Db,
    pub config: Config,
    offices: BTreeMap<String, Office>,
}

impl Staff {
    pub fn new(db: Db, config: Config, offices: BTreeMap<String, Office>) -> Self {
        Self {
            db,
            config,
            offices,
        }
    }

    /// Opens the database the settings name.
    pub async fn open(
        config: Config,
        offices: BTreeMap<String, Office>,
    ) -> Result<Self, StaffError> {
        let db = Db::open(&config.database_url()).await?;
        Ok(Self::new(db, config, offices))
    }

    pub fn offices(&self) -> &BTreeMap<String, Office> {
        &self.offices
    }

    /// Records a refused action in the audit trail, and refuses it.
    pub(crate) async fn refuse<T>(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        e: StaffError,
    ) -> Result<T, StaffError> {
        self.db
            .audit(actor, action, target, Outcome::Refused, &e.to_string())
            .await?;
        Err(e)
    }

    /// Checks a new account's fields against the rules and the protocol's offices.
    fn check_new(&self, new: &mut NewAccount) -> Result<(), StaffError> {
        new.email = normalise_email(&new.email);
        check_email(&new.email)?;
        new.name = crate::format::plain(&new.name);
        if new.name.is_empty() || new.name.chars().count() > MAX_NAME {
            return Err(Refusal::NameLength { max: MAX_NAME }.into());
        }
        self.check_offices(new.role, &mut new.offices)
    }

    fn check_offices(&self, role: Role, offices: &mut Vec<String>) -> Result<(), StaffError> {
        offices.iter_mut().for_each(|o| *o = o.trim().to_string());
        offices.retain(|o| !o.is_empty());
        offices.sort();
        offices.dedup();
        if let Some(bad) = offices.iter().find(|o| !self.offices.contains_key(*o)) {
            return Err(Refusal::UnknownOffice {
                given: crate::format::clipped(bad, 40),
                known: self.offices.keys().cloned().collect::<Vec<_>>().join(", "),
            }
            .into());
        }
        if offices.is_empty() && matches!(role, Role::Publisher | Role::Officer) {
            return Err(Refusal::NeedsOffice { role }.into());
        }
        Ok(())
    }

    /// Adds an account. Without a password, makes a one-time password (returned) that
    /// must be replaced at the first sign-in.
    pub async fn add_account(
        &self,
        actor: &Actor,
        mut new: NewAccount,
        password: Option<&str>,
    ) -> Result<(Account, Option<String>), StaffError> {
        let checked = self.check_new(&mut new).and_then(|()| match password {
            Some(p) => check_password(p, &new.email).map(|()| None),
            None => Ok(Some(one_time_password())),
        });
        let one_time = match checked {
            Ok(o) => o,
            Err(e) => {
                return self.refuse(actor, "account.add", &new.email, e).await;
            }
        };
        let password = one_time.as_deref().or(password).unwrap_or_default();
        let hash = hash_password_blocking(password).await?;
        let account = match self
            .db
            .insert_account(&new, &hash, one_time.is_some())
            .await
        {
            Ok(a) => a,
            Err(e) => {
                return self.refuse(actor, "account.add", &new.email, e).await;
            }
        };
        self.db
            .audit(
                actor,
                "account.add",
                &account.email,
                Outcome::Ok,
                &describe(&account),
            )
            .await?;
        Ok((account, one_time))
    }

    async fn existing(&self, email: &str) -> Result<Account, StaffError> {
        let email = normalise_email(email);
        self.db
            .account_by_email(&email)
            .await?
            .ok_or(StaffError::UnknownAccount(email))
    }

    /// Disables (or enables again) an account; its sessions end at once.
    pub async fn set_disabled(
        &self,
        actor: &Actor,
        email: &str,
        disabled: bool,
    ) -> Result<Account, StaffError> {
        let action = if disabled {
            "account.disable"
        } else {
            "account.enable"
        };
        let account = self.existing(email).await?;
        if disabled && self.is_last_active_admin(&account).await? {
            let e = Refusal::LastAdmin.into();
            return self.refuse(actor, action, &account.email, e).await;
        }
        self.db.set_disabled(account.id, disabled).await?;
        if disabled {
            self.db.end_sessions_of(account.id).await?;
        }
        self.db
            .audit(actor, action, &account.email, Outcome::Ok, "")
            .await?;
        Ok(Account {
            disabled,
            ..account
        })
    }

    /// Whether `account` is the only enabled admin: the workspace would have no one to
    /// manage accounts without it.
    async fn is_last_active_admin(&self, account: &Account) -> Result<bool, StaffError> {
        if account.role != Role::Admin || account.disabled {
            return Ok(false);
        }
        let admins = self
            .db
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Admin && !a.disabled)
            .count();
        Ok(admins <= 1)
    }

    /// Gives an account a new one-time password (returned) and ends its sessions; a lock
    /// from failed sign-ins still runs out on its own.
    pub async fn reset(&self, actor: &Actor, email: &str) -> Result<String, StaffError> {
        let account = self.existing(email).await?;
        let password = one_time_password();
        let hash = hash_password_blocking(&password).await?;
        self.db.set_password_hash(account.id, &hash, true).await?;
        self.db.end_sessions_of(account.id).await?;
        self.db
            .audit(actor, "account.reset", &account.email, Outcome::Ok, "")
            .await?;
        Ok(password)
    }

    /// Sets an account's password as chosen by an admin or the demo (no change forced).
    pub async fn set_password(
        &self,
        actor: &Actor,
        email: &str,
        password: &str,
    ) -> Result<(), StaffError> {
        let account = self.existing(email).await?;
        check_password(password, &account.email)?;
        let hash = hash_password_blocking(password).await?;
        self.db.set_password_hash(account.id, &hash, false).await?;
        self.db.end_sessions_of(account.id).await?;
        self.db
            .audit(
                actor,
                "account.password",
                &account.email,
                Outcome::Ok,
                "set by an admin",
            )
            .await?;
        Ok(())
    }

    /// Changes an account's role and offices; the last active admin stays an admin.
    pub async fn set_role(
        &self,
        actor: &Actor,
        email: &str,
        role: Role,
        mut offices: Vec<String>,
    ) -> Result<Account, StaffError> {
        let account = self.existing(email).await?;
        let checked = match self.check_offices(role, &mut offices) {
            Ok(()) if role != Role::Admin && self.is_last_active_admin(&account).await? => {
                Err(Refusal::LastAdmin.into())
            }
            checked => checked,
        };
        if let Err(e) = checked {
            return self.refuse(actor, "account.role", &account.email, e).await;
        }
        self.db.set_role(account.id, role, &offices).await?;
        let account = Account {
            role,
            offices,
            ..account
        };
        self.db
            .audit(
                actor,
                "account.role",
                &account.email,
                Outcome::Ok,
                &describe(&account),
            )
            .await?;
        Ok(account)
    }
}

/// `role publisher, offices roads-works lands-gis`, for the trail.
fn describe(a: &Account) -> String {
    if a.offices.is_empty() {
        format!("role {}", a.role)
    } else {
        format!("role {}, offices {}", a.role, a.offices.join(" "))
    }
}
