//! Accounts, sessions, API tokens and assignments.
//!
//! Passwords are kept as Argon2id PHC strings; session and API tokens are 256 random bits handed
//! to the user once and stored only as their SHA-256, so a copy of the database lets no one sign
//! in. Hashing a password is slow on purpose: callers on an async runtime run
//! [`verify_password`] and [`hash_password`] on a blocking thread.

use std::collections::BTreeSet;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use pledgewatch_domain::access::{Actor, Assignment, Role};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::error::{Context, StoreError};
use crate::rubric::{commitment_id, member_of, now_text, timestamp_from};
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// Passwords shorter than this are refused: long passphrases beat composition rules.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// How long a browser session lasts after signing in.
pub const SESSION_HOURS: i64 = 12;

/// An account as the workspace shows it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: jiff::Timestamp,
    pub version: i64,
}

/// A session just opened: the token goes into the cookie, and is stored nowhere else.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: jiff::Timestamp,
}

/// Who a session belongs to, and the CSRF token its forms must send back.
#[derive(Debug, Clone)]
pub struct SessionActor {
    pub actor: Actor,
    pub csrf: String,
}

/// One row of a cycle's assignments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRow {
    pub account: String,
    pub role: Role,
    pub commitment: String,
    /// The member's name; `None` for the whole commitment.
    pub member: Option<String>,
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The Argon2id PHC string of `password`, or why the password is refused.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::InvalidAccount(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::InvalidAccount(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches the PHC string `hash`. A malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password no one has, for spending the same time on an unknown account name as
/// on a known one.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Vh0A2IgnsYbUFMwCwkrVWgS5tgpAbL3hGCbHlBy8hkc"
}

/// 256 random bits as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn role_from(text: &str) -> Result<Role, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("account role `{text}`")))
}

type AccountRow = (i64, String, String, i64, String, i64);

/// `SELECT` of an `AccountRow` followed by the rest of the statement (sqlx takes only static
/// SQL, so the column list is spliced in at compile time).
macro_rules! select_account {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, role, disabled, created_at, version FROM account ",
            $rest
        )
    };
}

fn account_from(row: AccountRow) -> Result<Account, StoreError> {
    let (id, name, role, disabled, created_at, version) = row;
    Ok(Account {
        id,
        name,
        role: role_from(&role)?,
        disabled: disabled != 0,
        created_at: timestamp_from(&created_at, "account creation time")?,
        version,
    })
}

fn valid_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(StoreError::InvalidAccount(
            "an account name has 1 to 100 characters and no control characters".to_string(),
        ));
    }
    Ok(name)
}

async fn assignments_of(conn: &mut Conn, account: i64) -> Result<BTreeSet<Assignment>, StoreError> {
    let rows: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT commitment_id, member_id FROM assignment WHERE account_id = $1")
            .bind(account)
            .fetch_all(&mut *conn)
            .await
            .ctx("reading assignments")?;
    Ok(rows
        .into_iter()
        .map(|(commitment, member)| Assignment { commitment, member })
        .collect())
}

async fn actor_of(conn: &mut Conn, account: Account) -> Result<Actor, StoreError> {
    let assignments = assignments_of(conn, account.id).await?;
    Ok(Actor {
        account: account.id,
        name: account.name,
        role: account.role,
        assignments,
    })
}

async fn account_by_name(conn: &mut Conn, name: &str) -> Result<Option<Account>, StoreError> {
    let row: Option<AccountRow> = sqlx::query_as(select_account!("WHERE name = $1"))
        .bind(name.trim())
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up an account")?;
    row.map(account_from).transpose()
}

async fn account_by_id(conn: &mut Conn, id: i64) -> Result<Option<Account>, StoreError> {
    let row: Option<AccountRow> = sqlx::query_as(select_account!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up an account")?;
    row.map(account_from).transpose()
}

impl Store {
    /// Creates an account with an already hashed password (see [`hash_password`]).
    pub async fn add_account(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        actor: &str,
    ) -> Result<Account, StoreError> {
        let name = valid_name(name)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        if account_by_name(&mut tx, name).await?.is_some() {
            return Err(StoreError::InvalidAccount(format!(
                "an account named `{name}` exists already"
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO account (name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(role.key())
        .bind(password_hash)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await
        .ctx("creating an account")?;
        let account = account_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("an account vanished".to_string()))?;
        audit::record_and_commit(
            tx,
            actor,
            "account.create",
            &format!("account/{name}"),
            json!({"after": {"name": name, "role": role.key()}}),
            "committing the account",
        )
        .await?;
        Ok(account)
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<AccountRow> = sqlx::query_as(select_account!("ORDER BY name"))
            .fetch_all(&self.pool)
            .await
            .ctx("listing accounts")?;
        rows.into_iter().map(account_from).collect()
    }

    /// The account called `name`.
    pub async fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        account_by_name(&mut conn, name).await
    }

    /// The account and its password hash, for signing in; `None` for an unknown or disabled
    /// account.
    pub async fn credentials(&self, name: &str) -> Result<Option<(Account, String)>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, password_hash FROM account WHERE name = $1 AND disabled = 0",
        )
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await
        .ctx("looking up credentials")?;
        let Some((id, hash)) = row else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        Ok(account_by_id(&mut conn, id).await?.map(|a| (a, hash)))
    }

    /// Changes an account's role, password (already hashed) or disabled flag, if `version` is
    /// still the account's; `StoreError::Stale` otherwise. Disabling ends its sessions.
    pub async fn update_account(
        &self,
        name: &str,
        version: i64,
        change: AccountChange,
        actor: &str,
    ) -> Result<Account, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before = account_by_name(&mut tx, name)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no account `{name}`")))?;
        if before.version != version {
            return Err(StoreError::Stale {
                object: format!("account/{}", before.name),
                current: before.version,
            });
        }
        let role = change.role.unwrap_or(before.role);
        let disabled = change.disabled.unwrap_or(before.disabled);
        sqlx::query(
            "UPDATE account SET role = $1, disabled = $2, \
             password_hash = COALESCE($3, password_hash), version = version + 1 WHERE id = $4",
        )
        .bind(role.key())
        .bind(i64::from(disabled))
        .bind(change.password_hash.as_deref())
        .bind(before.id)
        .execute(&mut *tx)
        .await
        .ctx("updating an account")?;
        if disabled || change.password_hash.is_some() {
            sqlx::query("DELETE FROM session WHERE account_id = $1")
                .bind(before.id)
                .execute(&mut *tx)
                .await
                .ctx("ending the account's sessions")?;
        }
        let after = account_by_id(&mut tx, before.id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("an account vanished".to_string()))?;
        audit::record_and_commit(
            tx,
            actor,
            "account.update",
            &format!("account/{}", before.name),
            json!({
                "before": {"role": before.role.key(), "disabled": before.disabled, "version": before.version},
                "after": {"role": after.role.key(), "disabled": after.disabled, "version": after.version,
                          "password_changed": change.password_hash.is_some()},
            }),
            "committing the account change",
        )
        .await?;
        Ok(after)
    }

    /// Opens a session for the account; the token is returned once and stored hashed.
    pub async fn open_session(&self, account: i64) -> Result<NewSession, StoreError> {
        let token = random_token();
        let csrf = random_token();
        let now = jiff::Timestamp::now();
        let expires_at = now
            .checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
            .map_err(|e| StoreError::Corrupt(format!("session expiry: {e}")))?;
        // Expired sessions of anyone go with the new one's write, so the table stays small.
        let mut tx = sqlite::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM session WHERE expires_at < $1")
            .bind(format!("{now:.3}"))
            .execute(&mut *tx)
            .await
            .ctx("removing expired sessions")?;
        sqlx::query(
            "INSERT INTO session (token_hash, account_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(account)
        .bind(&csrf)
        .bind(format!("{now:.3}"))
        .bind(format!("{expires_at:.3}"))
        .execute(&mut *tx)
        .await
        .ctx("opening a session")?;
        tx.commit().await.ctx("committing the session")?;
        Ok(NewSession {
            token,
            csrf,
            expires_at,
        })
    }

    /// The actor behind a session token, if the session exists, has not expired and its
    /// account is enabled.
    pub async fn session_actor(&self, token: &str) -> Result<Option<SessionActor>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT s.account_id, s.csrf_token FROM session s JOIN account a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = 0",
        )
        .bind(token_hash(token))
        .bind(now_text())
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up a session")?;
        let Some((account, csrf)) = row else {
            return Ok(None);
        };
        let Some(account) = account_by_id(&mut conn, account).await? else {
            return Ok(None);
        };
        Ok(Some(SessionActor {
            actor: actor_of(&mut conn, account).await?,
            csrf,
        }))
    }

    /// Ends a session (signing out). Unknown tokens are ignored.
    pub async fn close_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM session WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await
            .ctx("closing a session")?;
        Ok(())
    }

    /// Creates an API token for the account; returned once, stored hashed.
    pub async fn create_api_token(
        &self,
        account: &str,
        label: &str,
        actor: &str,
    ) -> Result<String, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let owner = account_by_name(&mut tx, account)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no account `{account}`")))?;
        let token = random_token();
        sqlx::query(
            "INSERT INTO api_token (account_id, token_hash, label, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(owner.id)
        .bind(token_hash(&token))
        .bind(label.trim())
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .ctx("creating an API token")?;
        audit::record_and_commit(
            tx,
            actor,
            "token.create",
            &format!("account/{}", owner.name),
            json!({"after": {"label": label.trim()}}),
            "committing the API token",
        )
        .await?;
        Ok(token)
    }

    /// The actor behind an API token, if it exists, is not revoked and its account is enabled.
    pub async fn token_actor(&self, token: &str) -> Result<Option<Actor>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let account: Option<i64> = sqlx::query_scalar(
            "SELECT t.account_id FROM api_token t JOIN account a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up an API token")?;
        let Some(account) = account else {
            return Ok(None);
        };
        let Some(account) = account_by_id(&mut conn, account).await? else {
            return Ok(None);
        };
        Ok(Some(actor_of(&mut conn, account).await?))
    }

    /// The actor for an account id (fresh assignments), `None` when unknown or disabled.
    pub async fn actor(&self, account: i64) -> Result<Option<Actor>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        match account_by_id(&mut conn, account).await? {
            Some(a) if !a.disabled => Ok(Some(actor_of(&mut conn, a).await?)),
            _ => Ok(None),
        }
    }

    /// Assigns `account` to commitment `code` of `cycle`, for one member or (`None`) the whole
    /// commitment. Analysts are assigned to members; lead analysts and directors to whole
    /// commitments; editors and admins need no assignment.
    pub async fn assign(
        &self,
        account: &str,
        cycle: &str,
        code: &str,
        member: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let who = account_by_name(&mut tx, account)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no account `{account}`")))?;
        let commitment = commitment_id(&mut tx, cycle, code).await?;
        let member = match member {
            Some(m) => Some(member_of(&mut tx, commitment, code, m).await?),
            None => None,
        };
        match (who.role, &member) {
            (Role::Analyst, None) => {
                return Err(StoreError::InvalidAccount(format!(
                    "`{}` is an analyst: assign them to a member's assessment of commitment {code}",
                    who.name
                )));
            }
            (Role::Lead | Role::Director, Some(_)) => {
                return Err(StoreError::InvalidAccount(format!(
                    "`{}` is a {}: assign them to the whole of commitment {code}",
                    who.name,
                    who.role.label()
                )));
            }
            (Role::Editor | Role::Admin, _) => {
                return Err(StoreError::InvalidAccount(format!(
                    "`{}` is an {} and needs no assignment",
                    who.name,
                    who.role.label()
                )));
            }
            _ => {}
        }
        let inserted = sqlx::query(
            "INSERT INTO assignment (account_id, commitment_id, member_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(who.id)
        .bind(commitment)
        .bind(member.as_ref().map(|(id, _)| *id))
        .execute(&mut *tx)
        .await
        .ctx("assigning")?
        .rows_affected();
        if inserted == 0 {
            return Ok(());
        }
        let object = match &member {
            Some((_, name)) => format!("{cycle}/{code}/{name}"),
            None => format!("{cycle}/{code}"),
        };
        audit::record_and_commit(
            tx,
            actor,
            "assignment.add",
            &object,
            json!({"after": {"account": who.name, "role": who.role.key()}}),
            "committing the assignment",
        )
        .await
    }

    /// Removes an assignment made by [`Store::assign`]; `false` when there was none.
    pub async fn unassign(
        &self,
        account: &str,
        cycle: &str,
        code: &str,
        member: Option<&str>,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let who = account_by_name(&mut tx, account)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no account `{account}`")))?;
        let commitment = commitment_id(&mut tx, cycle, code).await?;
        let member = match member {
            Some(m) => Some(member_of(&mut tx, commitment, code, m).await?),
            None => None,
        };
        let removed = sqlx::query(
            "DELETE FROM assignment WHERE account_id = $1 AND commitment_id = $2 \
             AND COALESCE(member_id, 0) = $3",
        )
        .bind(who.id)
        .bind(commitment)
        .bind(member.as_ref().map_or(0, |(id, _)| *id))
        .execute(&mut *tx)
        .await
        .ctx("removing an assignment")?
        .rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        let object = match &member {
            Some((_, name)) => format!("{cycle}/{code}/{name}"),
            None => format!("{cycle}/{code}"),
        };
        audit::record_and_commit(
            tx,
            actor,
            "assignment.remove",
            &object,
            json!({"before": {"account": who.name, "role": who.role.key()}}),
            "committing the assignment's removal",
        )
        .await?;
        Ok(true)
    }

    /// The id of commitment `code` of `cycle`, for checking what a request may touch.
    pub async fn locate_commitment(
        &self,
        cycle: &str,
        code: &str,
    ) -> Result<Option<i64>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        match commitment_id(&mut conn, cycle, code).await {
            Ok(id) => Ok(Some(id)),
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// (commitment id, member id, member name) of `member`'s assessment of commitment `code`
    /// of `cycle`; the member may be given by name, any spelling of it, or code.
    pub async fn locate_assessment(
        &self,
        cycle: &str,
        code: &str,
        member: &str,
    ) -> Result<Option<(i64, i64, String)>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let commitment = match commitment_id(&mut conn, cycle, code).await {
            Ok(id) => id,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        match member_of(&mut conn, commitment, code, member).await {
            Ok((id, name)) => Ok(Some((commitment, id, name))),
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every assignment of one account, as rows naming the cycle too: (cycle, row).
    pub async fn assignments_of(
        &self,
        account: i64,
    ) -> Result<Vec<(String, AssignmentRow)>, StoreError> {
        let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT y.name, a.name, a.role, c.code, m.name FROM assignment s \
             JOIN account a ON a.id = s.account_id \
             JOIN commitment c ON c.id = s.commitment_id \
             JOIN cycle y ON y.id = c.cycle_id \
             LEFT JOIN member m ON m.id = s.member_id \
             WHERE a.id = $1 ORDER BY y.name, c.position, m.name",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .ctx("listing an account's assignments")?;
        rows.into_iter()
            .map(|(cycle, account, role, commitment, member)| {
                Ok((
                    cycle,
                    AssignmentRow {
                        account,
                        role: role_from(&role)?,
                        commitment,
                        member,
                    },
                ))
            })
            .collect()
    }

    /// The cycle's assignments, by commitment position, then member, then account.
    pub async fn assignments(&self, cycle: &str) -> Result<Vec<AssignmentRow>, StoreError> {
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.name, a.role, c.code, m.name FROM assignment s \
             JOIN account a ON a.id = s.account_id \
             JOIN commitment c ON c.id = s.commitment_id \
             JOIN cycle y ON y.id = c.cycle_id \
             LEFT JOIN member m ON m.id = s.member_id \
             WHERE y.name = $1 ORDER BY c.position, m.name, a.name",
        )
        .bind(cycle)
        .fetch_all(&self.pool)
        .await
        .ctx("listing assignments")?;
        rows.into_iter()
            .map(|(account, role, commitment, member)| {
                Ok(AssignmentRow {
                    account,
                    role: role_from(&role)?,
                    commitment,
                    member,
                })
            })
            .collect()
    }
}

/// What [`Store::update_account`] changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct AccountChange {
    pub role: Option<Role>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_as_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterY"));
        assert!(!verify_password("not a hash", "anything"));
        assert!(!verify_password(decoy_hash(), ""));
        assert!(matches!(
            hash_password("short"),
            Err(StoreError::InvalidAccount(_))
        ));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}

/// An API token as its owner and admins see it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    pub id: i64,
    pub account: String,
    pub label: String,
    pub created_at: jiff::Timestamp,
    pub revoked_at: Option<jiff::Timestamp>,
}

impl ApiTokenRow {
    fn json(&self) -> serde_json::Value {
        json!({"account": self.account, "label": self.label,
               "revoked": self.revoked_at.is_some()})
    }
}

type TokenTuple = (i64, String, String, String, Option<String>);

macro_rules! select_token {
    ($rest:literal) => {
        concat!(
            "SELECT t.id, a.name, t.label, t.created_at, t.revoked_at FROM api_token t \
             JOIN account a ON a.id = t.account_id ",
            $rest
        )
    };
}

fn token_from(t: TokenTuple) -> Result<ApiTokenRow, StoreError> {
    let (id, account, label, created_at, revoked_at) = t;
    Ok(ApiTokenRow {
        id,
        account,
        label,
        created_at: timestamp_from(&created_at, "API token creation time")?,
        revoked_at: revoked_at
            .map(|r| timestamp_from(&r, "API token revocation time"))
            .transpose()?,
    })
}

async fn token_row(conn: &mut Conn, id: i64) -> Result<Option<ApiTokenRow>, StoreError> {
    let row: Option<TokenTuple> = sqlx::query_as(select_token!("WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .ctx("reading an API token")?;
    row.map(token_from).transpose()
}

impl Store {
    /// API tokens, newest first: one account's (`Some(name)`) or everyone's.
    pub async fn api_tokens(&self, account: Option<&str>) -> Result<Vec<ApiTokenRow>, StoreError> {
        let rows: Vec<TokenTuple> = sqlx::query_as(select_token!(
            "WHERE $1 IS NULL OR a.name = $1 ORDER BY t.id DESC"
        ))
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .ctx("listing API tokens")?;
        rows.into_iter().map(token_from).collect()
    }

    /// Creates an API token for `account` with a label saying what it is for; the token is
    /// returned once with its row, and stored hashed.
    pub async fn issue_api_token(
        &self,
        account: &str,
        label: &str,
        actor: &str,
    ) -> Result<(ApiTokenRow, String), StoreError> {
        let label = crate::admin::line("API token", "label", label, 100)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let owner = account_by_name(&mut tx, account)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no account `{account}`")))?;
        let token = random_token();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_token (account_id, token_hash, label, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(owner.id)
        .bind(token_hash(&token))
        .bind(&label)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await
        .ctx("creating an API token")?;
        let after = token_row(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("an API token vanished".to_string()))?;
        audit::record_and_commit(
            tx,
            actor,
            "token.create",
            &format!("token/{id}"),
            json!({"before": null, "after": after.json()}),
            "committing the API token",
        )
        .await?;
        Ok((after, token))
    }

    /// Revokes API token `id`. With `owner`, only a token of that account is found (anyone
    /// revoking their own); without, any token (admins). Revoking twice changes nothing.
    pub async fn revoke_api_token(
        &self,
        id: i64,
        owner: Option<&str>,
        actor: &str,
    ) -> Result<ApiTokenRow, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before = token_row(&mut tx, id)
            .await?
            .filter(|t| owner.is_none_or(|o| o == t.account))
            .ok_or_else(|| StoreError::NotFound(format!("there is no API token {id} of yours")))?;
        if before.revoked_at.is_some() {
            return Ok(before);
        }
        sqlx::query("UPDATE api_token SET revoked_at = $1 WHERE id = $2")
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await
            .ctx("revoking an API token")?;
        let after = token_row(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("an API token vanished".to_string()))?;
        audit::record_and_commit(
            tx,
            actor,
            "token.revoke",
            &format!("token/{id}"),
            json!({"before": before.json(), "after": after.json()}),
            "committing the revocation",
        )
        .await?;
        Ok(after)
    }
}
