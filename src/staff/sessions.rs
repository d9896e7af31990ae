//! Signing in and staying signed in. A session is a random token in an HttpOnly cookie;
//! the database keeps only its sha256, with the session's CSRF token and when it was
//! last used. A session ends after the configured idle time, at sign-out, and when its
//! account is disabled, reset or changes its password.
//!
//! Failed sign-ins are counted from the audit trail (one source of truth): past
//! `slow_after` in the window each attempt waits longer; past the limit per account or
//! per address, sign-in is refused even with the right password until the window has
//! passed. An unknown account and a wrong password get the same answer, after the same
//! work.

use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::accounts::{
    ACCOUNT_COLUMNS, Account, DUMMY_HASH, account_from_row, check_password, hash_password_blocking,
    normalise_email, verify_password_blocking,
};
use super::audit::{Actor, Outcome};
use super::{Staff, StaffError, now};

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    /// The token forms must carry.
    pub csrf: String,
    token_hash: String,
}

impl Session {
    /// Whether a form's token is this session's, compared in constant time.
    pub fn csrf_matches(&self, token: &str) -> bool {
        let (a, b) = (self.csrf.as_bytes(), token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    pub fn actor(&self, address: &str) -> Actor {
        Actor {
            name: self.account.email.clone(),
            address: address.to_string(),
        }
    }
}

/// Why a sign-in was refused. The first two read the same to the person signing in.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the e-mail address or the password is wrong")]
    Wrong,
    #[error(
        "too many failed sign-ins; wait {minutes} minutes, or ask an administrator to reset the account"
    )]
    Locked { minutes: u32 },
    #[error("this account is disabled; ask an administrator")]
    Disabled,
    #[error(transparent)]
    Staff(#[from] StaffError),
}

/// A new session: the token for the cookie, and the session.
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub session: Session,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Staff {
    /// Checks an e-mail and password from `address` and opens a session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<SignedIn, SignInError> {
        let email = normalise_email(email);
        // What was typed is recorded as typed (cut), not only known accounts.
        let typed: String = email.chars().take(254).collect();
        let actor = Actor {
            name: typed.clone(),
            address: address.to_string(),
        };
        let limits = &self.config.sign_in;
        let since = now() - i64::from(limits.window_minutes) * 60;
        let (by_account, by_address) = self.db.failures_since(&typed, address, since).await?;
        if by_account >= i64::from(limits.max_failures_per_account)
            || by_address >= i64::from(limits.max_failures_per_address)
        {
            let which = if by_account >= i64::from(limits.max_failures_per_account) {
                "account"
            } else {
                "address"
            };
            self.db
                .audit(
                    &actor,
                    "sign_in.locked",
                    &typed,
                    Outcome::Refused,
                    &format!("{which} locked: {by_account} failures for the account, {by_address} from the address in {} minutes", limits.window_minutes),
                )
                .await?;
            return Err(SignInError::Locked {
                minutes: limits.window_minutes,
            });
        }
        let failures = by_account.max(by_address);
        if failures >= i64::from(limits.slow_after) {
            let steps = (failures - i64::from(limits.slow_after) + 1) as u64;
            let wait = (limits.slow_ms.saturating_mul(steps)).min(5_000);
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }

        let found = self.db.credentials(&typed).await?;
        let exists = found.is_some();
        let hash = found
            .as_ref()
            .map_or_else(|| DUMMY_HASH.clone(), |(_, h)| h.clone());
        let matches = verify_password_blocking(password, hash).await?;
        let account = match found {
            Some((account, _)) if matches => account,
            _ => {
                let why = if exists {
                    "wrong password"
                } else {
                    "no such account"
                };
                self.db
                    .audit(&actor, "sign_in.failed", &typed, Outcome::Refused, why)
                    .await?;
                return Err(SignInError::Wrong);
            }
        };
        if account.disabled {
            self.db
                .audit(
                    &actor,
                    "sign_in.failed",
                    &typed,
                    Outcome::Refused,
                    "account disabled",
                )
                .await?;
            return Err(SignInError::Disabled);
        }
        let signed_in = self.open_session(account, address).await?;
        self.db
            .audit(&actor, "sign_in", &typed, Outcome::Ok, "")
            .await?;
        Ok(signed_in)
    }

    async fn open_session(&self, account: Account, address: &str) -> Result<SignedIn, StaffError> {
        let token = hex::encode(rand::random::<[u8; 32]>());
        let csrf = hex::encode(rand::random::<[u8; 32]>());
        let hash = token_hash(&token);
        let t = now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, csrf, address, created_at, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(&hash)
        .bind(account.id)
        .bind(&csrf)
        .bind(address)
        .bind(t)
        .execute(&self.db.pool)
        .await?;
        Ok(SignedIn {
            token,
            session: Session {
                account,
                csrf,
                token_hash: hash,
            },
        })
    }

    /// The live session of a cookie's token: none if unknown, idle too long, or its
    /// account is disabled. Using it keeps it alive.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StaffError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let hash = token_hash(token);
        let idle = i64::from(self.config.sessions.idle_hours) * 3600;
        let t = now();
        let columns = ACCOUNT_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let row = sqlx::query(&format!(
            "SELECT {columns}, s.csrf, s.last_seen FROM sessions s \
             JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1"
        ))
        .bind(&hash)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let account = account_from_row(&row)?;
        let last_seen: i64 = row.try_get("last_seen")?;
        if account.disabled || t - last_seen > idle {
            self.end_session_hash(&hash).await?;
            return Ok(None);
        }
        // Written at most once a minute: a page's many requests make one write.
        if t - last_seen >= 60 {
            sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
                .bind(t)
                .bind(&hash)
                .execute(&self.db.pool)
                .await?;
        }
        Ok(Some(Session {
            account,
            csrf: row.try_get("csrf")?,
            token_hash: hash,
        }))
    }

    pub async fn sign_out(&self, session: &Session, address: &str) -> Result<(), StaffError> {
        self.end_session_hash(&session.token_hash).await?;
        self.db
            .audit(
                &session.actor(address),
                "sign_out",
                &session.account.email,
                Outcome::Ok,
                "",
            )
            .await?;
        Ok(())
    }

    async fn end_session_hash(&self, hash: &str) -> Result<(), StaffError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hash)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Sets a signed-in account's own password (required after a one-time password). Its
    /// other sessions end; this one goes on under a new token, returned.
    pub async fn change_password(
        &self,
        session: &Session,
        current: &str,
        new: &str,
        address: &str,
    ) -> Result<SignedIn, StaffError> {
        let actor = session.actor(address);
        let email = &session.account.email;
        let (_, hash) = self
            .db
            .credentials(email)
            .await?
            .ok_or_else(|| StaffError::UnknownAccount(email.clone()))?;
        let ok = verify_password_blocking(current, hash).await?;
        if !ok {
            self.db
                .audit(
                    &actor,
                    "password.change",
                    email,
                    Outcome::Refused,
                    "current password wrong",
                )
                .await?;
            return Err(StaffError::Invalid("the current password is wrong".into()));
        }
        if let Err(e) = check_password(new, email) {
            self.db
                .audit(
                    &actor,
                    "password.change",
                    email,
                    Outcome::Refused,
                    &e.to_string(),
                )
                .await?;
            return Err(e);
        }
        let hash = hash_password_blocking(new).await?;
        self.db
            .set_password_hash(session.account.id, &hash, false)
            .await?;
        self.db.end_sessions_of(session.account.id).await?;
        let mut account = session.account.clone();
        account.must_change = false;
        let signed_in = self.open_session(account, address).await?;
        self.db
            .audit(&actor, "password.change", email, Outcome::Ok, "")
            .await?;
        Ok(signed_in)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_compare_whole() {
        let s = Session {
            account: Account {
                id: 1,
                email: "a@b.org".into(),
                name: "A".into(),
                role: super::super::Role::Admin,
                offices: vec![],
                must_change: false,
                disabled: false,
                created_at: 0,
            },
            csrf: "abc123".into(),
            token_hash: String::new(),
        };
        assert!(s.csrf_matches("abc123"));
        assert!(!s.csrf_matches("abc12"));
        assert!(!s.csrf_matches("abc124"));
        assert!(!s.csrf_matches(""));
    }
}
