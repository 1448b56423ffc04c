//! Members and persons as rows: found by their spelling-insensitive key, created on first sight.
//! One `Registry` lives for one write transaction and remembers what it has looked up.
//! [`of_cycle`] reads a cycle's people back.

use std::collections::{HashMap, HashSet};

use pledgewatch_domain::names::{default_member_code, member_key, person_key};
use pledgewatch_domain::{Person, group_people};

use crate::codec::code_order;
use crate::error::{Context, StoreError};
use crate::sqlite::Conn;

/// The people who signed the cycle's chapters (directors, lead analysts, analysts), spellings
/// grouped, in the order the chapters name them: equal to `people_of` on the cycle's chapters.
pub(crate) async fn of_cycle(conn: &mut Conn, cycle: i64) -> Result<Vec<Person>, StoreError> {
    // (commitment code, commitment position, role in reading order, section position, spelling)
    let mut rows: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT c.code, c.position, 0, 0, v.spelling FROM commitment c \
         JOIN person_variant v ON v.id = c.director_id WHERE c.cycle_id = $1 AND c.has_chapter \
         UNION ALL \
         SELECT c.code, c.position, 1, 0, v.spelling FROM commitment c \
         JOIN person_variant v ON v.id = c.lead_analyst_id \
         WHERE c.cycle_id = $1 AND c.has_chapter \
         UNION ALL \
         SELECT c.code, c.position, 2, a.section_position, v.spelling FROM assessment a \
         JOIN commitment c ON c.id = a.commitment_id \
         JOIN person_variant v ON v.id = a.analyst_id \
         WHERE c.cycle_id = $1 AND c.has_chapter AND a.section_position IS NOT NULL",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's people")?;
    rows.sort_by(|a, b| {
        code_order(&a.0, &b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    Ok(group_people(rows.iter().map(|r| r.4.as_str())))
}

/// The member a spelling names: by its own key or one of its variants' keys.
pub(crate) async fn member_by_key(conn: &mut Conn, key: &str) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT id FROM member WHERE key = $1 \
         UNION SELECT member_id FROM member_variant WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(&mut *conn)
    .await
    .ctx("looking up a member by name")
}

#[derive(Default)]
pub(crate) struct Registry {
    members: HashMap<String, i64>,
    variants: HashMap<String, i64>,
    cycle_members: HashSet<(i64, i64)>,
}

impl Registry {
    /// The member called `name` (any spelling of it), created with a free default code when new.
    pub(crate) async fn member(&mut self, conn: &mut Conn, name: &str) -> Result<i64, StoreError> {
        let key = member_key(name);
        if let Some(&id) = self.members.get(&key) {
            return Ok(id);
        }
        // A spelling an administrator recorded as a variant names that member, so an imported
        // chapter or score sheet that writes "Britain" joins the existing United Kingdom.
        let id = match member_by_key(conn, &key).await? {
            Some(id) => id,
            None => {
                let code = free_member_code(conn, &default_member_code(name)).await?;
                sqlx::query_scalar(
                    "INSERT INTO member (name, code, key) VALUES ($1, $2, $3) RETURNING id",
                )
                .bind(name)
                .bind(&code)
                .bind(&key)
                .fetch_one(&mut *conn)
                .await
                .ctx("adding a member")?
            }
        };
        self.members.insert(key, id);
        Ok(id)
    }

    /// Makes `member` one of the cycle's members, after the ones it already has; true when it
    /// was not one before.
    pub(crate) async fn join_cycle(
        &mut self,
        conn: &mut Conn,
        cycle: i64,
        member: i64,
    ) -> Result<bool, StoreError> {
        if self.cycle_members.contains(&(cycle, member)) {
            return Ok(false);
        }
        let done = sqlx::query(
            "INSERT INTO cycle_member (cycle_id, member_id, position) \
             SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM cycle_member WHERE cycle_id = $1 \
             ON CONFLICT (cycle_id, member_id) DO NOTHING",
        )
        .bind(cycle)
        .bind(member)
        .execute(&mut *conn)
        .await
        .ctx("adding a member to a cycle")?;
        self.cycle_members.insert((cycle, member));
        Ok(done.rows_affected() > 0)
    }

    /// The row of this exact spelling of a person's name; the person is matched across
    /// spellings by `person_key` and created on first sight.
    pub(crate) async fn person(
        &mut self,
        conn: &mut Conn,
        spelling: &str,
    ) -> Result<i64, StoreError> {
        if let Some(&id) = self.variants.get(spelling) {
            return Ok(id);
        }
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM person_variant WHERE spelling = $1")
                .bind(spelling)
                .fetch_optional(&mut *conn)
                .await
                .ctx("looking up a person")?;
        let id = match found {
            Some(id) => id,
            None => {
                let key = person_key(spelling);
                let person: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM person WHERE key = $1")
                        .bind(&key)
                        .fetch_optional(&mut *conn)
                        .await
                        .ctx("looking up a person")?;
                let person = match person {
                    Some(p) => p,
                    None => sqlx::query_scalar(
                        "INSERT INTO person (name, key) VALUES ($1, $2) RETURNING id",
                    )
                    .bind(spelling)
                    .bind(&key)
                    .fetch_one(&mut *conn)
                    .await
                    .ctx("adding a person")?,
                };
                sqlx::query_scalar(
                    "INSERT INTO person_variant (person_id, spelling) VALUES ($1, $2) RETURNING id",
                )
                .bind(person)
                .bind(spelling)
                .fetch_one(&mut *conn)
                .await
                .ctx("adding a spelling of a person's name")?
            }
        };
        self.variants.insert(spelling.to_string(), id);
        Ok(id)
    }

    pub(crate) async fn optional_person(
        &mut self,
        conn: &mut Conn,
        spelling: Option<&str>,
    ) -> Result<Option<i64>, StoreError> {
        match spelling {
            Some(s) => self.person(conn, s).await.map(Some),
            None => Ok(None),
        }
    }
}

/// `code`, or `code2`, `code3`, … when another member already has it: two members whose names
/// start alike ("Freedonia", "Fredonia") must still get distinct codes.
async fn free_member_code(conn: &mut Conn, code: &str) -> Result<String, StoreError> {
    let taken: Vec<String> =
        sqlx::query_scalar("SELECT code FROM member WHERE code = $1 OR code LIKE $2")
            .bind(code)
            .bind(format!("{code}%"))
            .fetch_all(&mut *conn)
            .await
            .ctx("choosing a member code")?;
    let mut candidate = code.to_string();
    let mut n = 1u32;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{code}{n}");
    }
    Ok(candidate)
}
