//! Staff accounts: who they are, their role and offices, and their password, kept only
//! as an argon2id hash. A new or reset account gets a one-time password that must be
//! replaced at the first sign-in.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;
use sqlx::Row;

use super::{Db, Refusal, StaffError, now};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Accounts, keys, the audit trail, and everything a publisher may do, for any office.
    Admin,
    /// Publishes the kinds whose protocol `office` is one of the account's offices.
    Publisher,
    /// Answers citizens' reports for the account's offices.
    Officer,
    /// Checks citizens' reports and photos before they are shown.
    Moderator,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Publisher, Role::Officer, Role::Moderator];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Publisher => "publisher",
            Self::Officer => "officer",
            Self::Moderator => "moderator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = StaffError;

    fn from_str(s: &str) -> Result<Self, StaffError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                Refusal::UnknownRole {
                    given: crate::format::clipped(s, 30),
                }
                .into()
            })
    }
}

/// One staff account, without its password.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Office codes of the protocol's `[offices]`.
    pub offices: Vec<String>,
    /// The password is a one-time password: the next sign-in must set a new one.
    pub must_change: bool,
    pub disabled: bool,
    pub created_at: i64,
}

impl Account {
    /// Whether this account may publish a kind published by `office` (a code).
    pub fn may_publish(&self, office: Option<&str>) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Publisher => office.is_some_and(|o| self.offices.iter().any(|x| x == o)),
            Role::Officer | Role::Moderator => false,
        }
    }
}

/// What an admin gives for a new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub offices: Vec<String>,
}

/// The fewest characters a chosen password may have.
pub const MIN_PASSWORD: usize = 12;

pub(super) const ACCOUNT_COLUMNS: &str =
    "id, email, name, role, offices, must_change, disabled, created_at";

pub(super) fn account_from_row(r: &sqlx::any::AnyRow) -> Result<Account, StaffError> {
    let role: String = r.try_get("role")?;
    let offices: String = r.try_get("offices")?;
    Ok(Account {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: role.parse()?,
        offices: offices.split_whitespace().map(str::to_string).collect(),
        must_change: r.try_get::<i64, _>("must_change")? != 0,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

/// An e-mail address as accounts are keyed: trimmed and lower-case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks an address enough to catch typing mistakes (no mail is sent to it).
pub fn check_email(email: &str) -> Result<(), StaffError> {
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.contains('@')
        });
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotAnEmail {
            given: crate::format::clipped(email, 80),
        }
        .into())
    }
}

/// Refuses a password too short or too easy for a staff account.
pub fn check_password(password: &str, email: &str) -> Result<(), StaffError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(StaffError::Invalid(format!(
            "a password needs at least {MIN_PASSWORD} characters"
        )));
    }
    if password.len() > 1024 {
        return Err(StaffError::Invalid(
            "a password may have at most 1,024 bytes".into(),
        ));
    }
    if password.to_lowercase().contains(&email.to_lowercase()) {
        return Err(StaffError::Invalid(
            "a password must not contain the account's e-mail address".into(),
        ));
    }
    Ok(())
}

/// A one-time password: 16 characters that cannot be misread (no 0/O, 1/l/I).
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY345679";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's baseline).
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| StaffError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StaffError::Hash(e.to_string()))
}

/// Whether `password` matches `hash`. A malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// [`hash_password`] on a blocking thread: argon2 takes tens of milliseconds of CPU.
pub async fn hash_password_blocking(password: &str) -> Result<String, StaffError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| StaffError::Hash(e.to_string()))?
}

/// [`verify_password`] on a blocking thread.
pub async fn verify_password_blocking(password: &str, hash: String) -> Result<bool, StaffError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| StaffError::Hash(format!("password check stopped: {e}")))
}

/// Checked against when the account does not exist, so that an unknown account takes as
/// long to refuse as a wrong password.
pub(super) static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not the password of any account").unwrap_or_default());

impl Db {
    pub async fn insert_account(
        &self,
        new: &NewAccount,
        password_hash: &str,
        must_change: bool,
    ) -> Result<Account, StaffError> {
        let t = now();
        let row = sqlx::query(&format!(
            "INSERT INTO accounts (email, name, role, offices, password_hash, must_change, disabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) RETURNING {ACCOUNT_COLUMNS}"
        ))
        .bind(&new.email)
        .bind(&new.name)
        .bind(new.role.as_str())
        .bind(new.offices.join(" "))
        .bind(password_hash)
        .bind(i64::from(must_change))
        .bind(t)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StaffError::Refused(Refusal::AccountExists {
                    email: new.email.clone(),
                })
            }
            e => StaffError::Db(e),
        })?;
        account_from_row(&row)
    }

    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StaffError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, StaffError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// The password hash of an account, by e-mail, with the account.
    pub(super) async fn credentials(
        &self,
        email: &str,
    ) -> Result<Option<(Account, String)>, StaffError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|r| Ok((account_from_row(r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, StaffError> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY email"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(account_from_row).collect()
    }

    pub(super) async fn set_password_hash(
        &self,
        id: i64,
        hash: &str,
        must_change: bool,
    ) -> Result<(), StaffError> {
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, must_change = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn set_disabled(&self, id: i64, disabled: bool) -> Result<(), StaffError> {
        sqlx::query("UPDATE accounts SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn set_role(
        &self,
        id: i64,
        role: Role,
        offices: &[String],
    ) -> Result<(), StaffError> {
        sqlx::query("UPDATE accounts SET role = $1, offices = $2, updated_at = $3 WHERE id = $4")
            .bind(role.as_str())
            .bind(offices.join(" "))
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an account (on disabling, reset or a new password).
    pub(super) async fn end_sessions_of(&self, id: i64) -> Result<(), StaffError> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterz", &h));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn one_time_passwords_are_long_and_differ() {
        let (a, b) = (one_time_password(), one_time_password());
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert!(check_password(&a, "x@y.org").is_ok());
    }

    #[test]
    fn weak_passwords_and_bad_addresses_are_refused() {
        assert!(check_password("short", "a@b.org").is_err());
        assert!(check_password("my a@b.org password", "a@b.org").is_err());
        for bad in ["", "no-at", "a@b", "a b@c.org", "a@@b.org", "@b.org"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email("amina.otieno@mlima.go.ke").is_ok());
    }

    #[test]
    fn publishers_publish_only_for_their_offices() {
        let mut a = Account {
            id: 1,
            email: "p@x.org".into(),
            name: "P".into(),
            role: Role::Publisher,
            offices: vec!["roads-works".into()],
            must_change: false,
            disabled: false,
            created_at: 0,
        };
        assert!(a.may_publish(Some("roads-works")));
        assert!(!a.may_publish(Some("treasury-budget")));
        assert!(!a.may_publish(None));
        a.role = Role::Officer;
        assert!(!a.may_publish(Some("roads-works")));
        a.role = Role::Admin;
        assert!(a.may_publish(None));
    }
}
