//! API keys for programs that file reports through Open311: issued by an admin (in the
//! browser or with `disclose staff key`), shown once, kept only as a sha256, revocable.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::audit::{Actor, Outcome};
use super::{Refusal, Staff, StaffError, now};

/// The most characters a key's label may have.
pub const MAX_LABEL: usize = 100;

/// One issued key, without the key.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    pub id: i64,
    pub label: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked: bool,
}

fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

impl Staff {
    /// Issues a key labelled `label`; returns it (shown once) with its record.
    pub async fn issue_key(
        &self,
        actor: &Actor,
        label: &str,
    ) -> Result<(String, ApiKey), StaffError> {
        let label = &crate::format::plain(label);
        if label.is_empty() || label.chars().count() > MAX_LABEL {
            let label = crate::format::clipped(label, MAX_LABEL);
            let e = Refusal::KeyLabel { max: MAX_LABEL }.into();
            return self.refuse(actor, "key.issue", &label, e).await;
        }
        let key = format!("dk_{}", hex::encode(rand::random::<[u8; 24]>()));
        let t = now();
        let row = sqlx::query(
            "INSERT INTO api_keys (key_hash, label, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(key_hash(&key))
        .bind(label)
        .bind(&actor.name)
        .bind(t)
        .fetch_one(self.db.pool())
        .await?;
        let id: i64 = row.try_get("id")?;
        self.db
            .audit(actor, "key.issue", &format!("key {id}"), Outcome::Ok, label)
            .await?;
        Ok((
            key,
            ApiKey {
                id,
                label: label.to_string(),
                created_by: actor.name.clone(),
                created_at: t,
                revoked: false,
            },
        ))
    }

    pub async fn keys(&self) -> Result<Vec<ApiKey>, StaffError> {
        let rows = sqlx::query(
            "SELECT id, label, created_by, created_at, revoked_at FROM api_keys ORDER BY id",
        )
        .fetch_all(self.db.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiKey {
                    id: r.try_get("id")?,
                    label: r.try_get("label")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    revoked: r.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn revoke_key(&self, actor: &Actor, id: i64) -> Result<(), StaffError> {
        let done =
            sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now())
                .bind(id)
                .execute(self.db.pool())
                .await?;
        if done.rows_affected() == 0 {
            return self
                .refuse(
                    actor,
                    "key.revoke",
                    &format!("key {id}"),
                    Refusal::NoLiveKey { id }.into(),
                )
                .await;
        }
        self.db
            .audit(actor, "key.revoke", &format!("key {id}"), Outcome::Ok, "")
            .await?;
        Ok(())
    }

    /// The live key `key` is, if any: its label, for the report's record.
    pub async fn key_label(&self, key: &str) -> Result<Option<String>, StaffError> {
        if !key.starts_with("dk_") || key.len() > 100 {
            return Ok(None);
        }
        let row =
            sqlx::query("SELECT label FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                .bind(key_hash(key))
                .fetch_optional(self.db.pool())
                .await?;
        Ok(row.map(|r| r.try_get("label")).transpose()?)
    }
}
