//! Administration: institutions, members (with their other names and years of membership),
//! summits and source documents, created and edited by hand in the workspace.
//!
//! Every write checks the version the editor saw (`StoreError::Stale` otherwise), validates what
//! was typed naming the field at fault (`StoreError::InvalidField`), and commits with its audit
//! record (`{"before", "after"}`) in one transaction.

use jiff::civil::Date;
use pledgewatch_domain::member_key;
use serde_json::{Value, json};

use crate::codec::{date_from, date_text};
use crate::error::{Context, StoreError};
use crate::people::member_by_key;
use crate::sqlite::{self, Conn, Tx};
use crate::{Store, audit};

/// An institution as the workspace edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionRow {
    pub id: i64,
    pub name: String,
    pub version: i64,
}

/// A member with its other names and memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub code: String,
    /// Other spellings, in the order entered.
    pub variants: Vec<String>,
    pub memberships: Vec<MembershipRow>,
    pub version: i64,
}

/// Years a member belonged to an institution; `to_year` `None`: still a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub member_id: i64,
    pub member: String,
    pub member_code: String,
    pub from_year: i32,
    pub to_year: Option<i32>,
    pub version: i64,
}

/// A summit with its institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummitRow {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub name: String,
    pub year: i32,
    pub ended_on: Option<Date>,
    pub version: i64,
}

/// A source document with its summit, when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub summit_id: Option<i64>,
    pub summit: Option<String>,
    pub title: String,
    pub version: i64,
}

/// What a member form or API call gives.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub name: String,
    pub code: String,
    pub variants: Vec<String>,
}

/// What a membership form or API call gives.
#[derive(Debug, Clone, Copy)]
pub struct MembershipInput {
    pub institution_id: i64,
    pub from_year: i32,
    pub to_year: Option<i32>,
}

/// What a summit form or API call gives.
#[derive(Debug, Clone)]
pub struct SummitInput {
    pub institution_id: i64,
    pub name: String,
    pub year: i32,
    pub ended_on: Option<Date>,
}

/// What a source-document form or API call gives.
#[derive(Debug, Clone)]
pub struct DocumentInput {
    pub summit_id: Option<i64>,
    pub title: String,
}

/// What the writes below need of the rows they edit: how to read one inside the transaction,
/// how messages name it, and what the audit trail keeps of it.
trait Edited: Sized {
    /// The kind as messages name it: "there is no summit 4".
    const KIND: &'static str;
    /// The first part of its audit actions (`summit.create`, `summit.update`).
    const AUDIT: &'static str;

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError>;
    fn version(&self) -> i64;
    /// How a stale-version error names this row.
    fn label(&self) -> String;
    /// The object its audit records name (a member by its code as it was before the change).
    fn audit_object(&self) -> String;
    /// What the audit trail keeps of it, before and after a change.
    fn json(&self) -> Value;
}

impl Edited for InstitutionRow {
    const KIND: &'static str = "institution";
    const AUDIT: &'static str = "institution";

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError> {
        institution_row(conn, id).await
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn label(&self) -> String {
        format!("institution `{}`", self.name)
    }
    fn audit_object(&self) -> String {
        format!("institution/{}", self.id)
    }
    fn json(&self) -> Value {
        json!({"name": self.name, "version": self.version})
    }
}

impl Edited for MemberRow {
    const KIND: &'static str = "member";
    const AUDIT: &'static str = "member";

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError> {
        member_row(conn, id).await
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn label(&self) -> String {
        format!("member `{}`", self.name)
    }
    fn audit_object(&self) -> String {
        format!("member/{}", self.code)
    }
    fn json(&self) -> Value {
        json!({"name": self.name, "code": self.code, "variants": self.variants,
               "version": self.version})
    }
}

impl Edited for MembershipRow {
    const KIND: &'static str = "membership";
    const AUDIT: &'static str = "membership";

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError> {
        membership_row(conn, id).await
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn label(&self) -> String {
        format!("membership {}", self.id)
    }
    fn audit_object(&self) -> String {
        format!("membership/{}", self.id)
    }
    fn json(&self) -> Value {
        json!({"institution": self.institution, "member": self.member,
               "from_year": self.from_year, "to_year": self.to_year, "version": self.version})
    }
}

impl Edited for SummitRow {
    const KIND: &'static str = "summit";
    const AUDIT: &'static str = "summit";

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError> {
        summit_row(conn, id).await
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn label(&self) -> String {
        format!("summit `{}`", self.name)
    }
    fn audit_object(&self) -> String {
        format!("summit/{}", self.id)
    }
    fn json(&self) -> Value {
        json!({"institution": self.institution, "name": self.name, "year": self.year,
               "ended_on": self.ended_on.map(date_text), "version": self.version})
    }
}

impl Edited for DocumentRow {
    const KIND: &'static str = "source document";
    const AUDIT: &'static str = "document";

    async fn read(conn: &mut Conn, id: i64) -> Result<Option<Self>, StoreError> {
        document_row(conn, id).await
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn label(&self) -> String {
        format!("source document `{}`", self.title)
    }
    fn audit_object(&self) -> String {
        format!("document/{}", self.id)
    }
    fn json(&self) -> Value {
        json!({"summit": self.summit, "title": self.title, "version": self.version})
    }
}

/// The row a change starts from, if `version` is still its own.
async fn current<R: Edited>(conn: &mut Conn, id: i64, version: i64) -> Result<R, StoreError> {
    let before = R::read(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("there is no {} {id}", R::KIND)))?;
    check_version(&before.label(), before.version(), version)?;
    Ok(before)
}

/// Re-reads the row a write left and commits the write with its audit record
/// `{"before", "after"}`: an update of `before`, or a creation when there is none.
async fn commit_audited<R: Edited>(
    mut tx: Tx,
    id: i64,
    before: Option<&R>,
    actor: &str,
) -> Result<R, StoreError> {
    let after = R::read(&mut tx, id)
        .await?
        .ok_or_else(|| gone(&format!("the {}", R::KIND)))?;
    let verb = if before.is_some() { "update" } else { "create" };
    audit::record_and_commit(
        tx,
        actor,
        &format!("{}.{verb}", R::AUDIT),
        &before.unwrap_or(&after).audit_object(),
        json!({"before": before.map(R::json), "after": after.json()}),
        "committing an administration change",
    )
    .await?;
    Ok(after)
}

/// Earliest and latest years accepted: summits and memberships are of the modern era, and a
/// typo like `20245` should be caught, not stored.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

fn invalid(object: &str, field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidField {
        object: object.to_string(),
        field,
        message: message.into(),
    }
}

/// A trimmed, non-empty line of text of at most `max` characters without control characters.
pub(crate) fn line(
    object: &str,
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<String, StoreError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(invalid(object, field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(invalid(
            object,
            field,
            format!("must have at most {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(
            object,
            field,
            "must be one line without control characters",
        ));
    }
    Ok(value.to_string())
}

fn year(object: &str, field: &'static str, value: i32) -> Result<i32, StoreError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&value) {
        Ok(value)
    } else {
        Err(invalid(
            object,
            field,
            format!("must be a year from {FIRST_YEAR} to {LAST_YEAR}"),
        ))
    }
}

fn check_version(object: &str, current: i64, given: i64) -> Result<(), StoreError> {
    if current == given {
        Ok(())
    } else {
        Err(StoreError::Stale {
            object: object.to_string(),
            current,
        })
    }
}

// ---- reads inside a connection or transaction ----

async fn institution_row(conn: &mut Conn, id: i64) -> Result<Option<InstitutionRow>, StoreError> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, name, version FROM institution WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .ctx("reading an institution")?;
    Ok(row.map(|(id, name, version)| InstitutionRow { id, name, version }))
}

async fn institution_named(conn: &mut Conn, name: &str) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM institution WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up an institution")
}

type MembershipTuple = (i64, i64, String, i64, String, String, i64, Option<i64>, i64);

macro_rules! select_membership {
    ($rest:literal) => {
        concat!(
            "SELECT s.id, i.id, i.name, m.id, m.name, m.code, s.from_year, s.to_year, s.version \
             FROM membership s JOIN institution i ON i.id = s.institution_id \
             JOIN member m ON m.id = s.member_id ",
            $rest
        )
    };
}

fn membership_from(t: MembershipTuple) -> MembershipRow {
    let (id, institution_id, institution, member_id, member, member_code, from, to, version) = t;
    MembershipRow {
        id,
        institution_id,
        institution,
        member_id,
        member,
        member_code,
        from_year: i32::try_from(from).unwrap_or(FIRST_YEAR),
        to_year: to.map(|t| i32::try_from(t).unwrap_or(LAST_YEAR)),
        version,
    }
}

async fn membership_row(conn: &mut Conn, id: i64) -> Result<Option<MembershipRow>, StoreError> {
    let row: Option<MembershipTuple> = sqlx::query_as(select_membership!("WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .ctx("reading a membership")?;
    Ok(row.map(membership_from))
}

async fn member_row(conn: &mut Conn, id: i64) -> Result<Option<MemberRow>, StoreError> {
    let row: Option<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, code, version FROM member WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .ctx("reading a member")?;
    let Some((id, name, code, version)) = row else {
        return Ok(None);
    };
    let variants: Vec<String> =
        sqlx::query_scalar("SELECT spelling FROM member_variant WHERE member_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .ctx("reading a member's names")?;
    let memberships: Vec<MembershipTuple> = sqlx::query_as(select_membership!(
        "WHERE s.member_id = $1 ORDER BY i.name, s.from_year"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading a member's memberships")?;
    Ok(Some(MemberRow {
        id,
        name,
        code,
        variants,
        memberships: memberships.into_iter().map(membership_from).collect(),
        version,
    }))
}

type SummitTuple = (i64, i64, String, String, i64, Option<String>, i64);

macro_rules! select_summit {
    ($rest:literal) => {
        concat!(
            "SELECT s.id, i.id, i.name, s.name, s.year, s.ended_on, s.version \
             FROM summit s JOIN institution i ON i.id = s.institution_id ",
            $rest
        )
    };
}

fn summit_from(t: SummitTuple) -> Result<SummitRow, StoreError> {
    let (id, institution_id, institution, name, year, ended_on, version) = t;
    Ok(SummitRow {
        id,
        institution_id,
        institution,
        name,
        year: i32::try_from(year).unwrap_or(FIRST_YEAR),
        ended_on: date_from(ended_on.as_deref(), "summit end date")?,
        version,
    })
}

async fn summit_row(conn: &mut Conn, id: i64) -> Result<Option<SummitRow>, StoreError> {
    let row: Option<SummitTuple> = sqlx::query_as(select_summit!("WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .ctx("reading a summit")?;
    row.map(summit_from).transpose()
}

type DocumentTuple = (i64, Option<i64>, Option<String>, String, i64);

macro_rules! select_document {
    ($rest:literal) => {
        concat!(
            "SELECT d.id, s.id, s.name, d.title, d.version FROM source_document d \
             LEFT JOIN summit s ON s.id = d.summit_id ",
            $rest
        )
    };
}

fn document_from(t: DocumentTuple) -> DocumentRow {
    let (id, summit_id, summit, title, version) = t;
    DocumentRow {
        id,
        summit_id,
        summit,
        title,
        version,
    }
}

async fn document_row(conn: &mut Conn, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    let row: Option<DocumentTuple> = sqlx::query_as(select_document!("WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .ctx("reading a source document")?;
    Ok(row.map(document_from))
}

fn gone(what: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} vanished inside its own transaction"))
}

// ---- member validation ----

/// A member's other name and its key.
type Variant = (String, String);

/// The member's cleaned name, code and variants (each with its key), or the field at fault.
/// Blank lines, the name itself and repeated spellings are dropped.
fn clean_member(input: &MemberInput) -> Result<(String, String, Vec<Variant>), StoreError> {
    let object = "member";
    let name = line(object, "name", &input.name, 100)?;
    let code = line(object, "code", &input.code, 12)?;
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
    {
        return Err(invalid(
            object,
            "code",
            "may hold only letters, digits, `-` and `_`",
        ));
    }
    let mut variants: Vec<(String, String)> = Vec::new();
    for v in &input.variants {
        if v.trim().is_empty() {
            continue;
        }
        let spelling = line(object, "variants", v, 100)?;
        if spelling != name && !variants.iter().any(|(s, _)| *s == spelling) {
            let key = member_key(&spelling);
            variants.push((spelling, key));
        }
    }
    Ok((name, code, variants))
}

/// Refuses a code, name or variant that already belongs to another member than `me`.
async fn check_member_unique(
    conn: &mut Conn,
    me: Option<i64>,
    name: &str,
    code: &str,
    variants: &[(String, String)],
) -> Result<(), StoreError> {
    let coded: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM member WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await
            .ctx("looking up a member code")?;
    if let Some((id, other)) = coded
        && Some(id) != me
    {
        return Err(invalid(
            "member",
            "code",
            format!("`{code}` is already the code of {other}"),
        ));
    }
    if let Some(id) = member_by_key(conn, &member_key(name)).await?
        && Some(id) != me
    {
        return Err(invalid(
            "member",
            "name",
            format!("`{name}` already names another member"),
        ));
    }
    for (spelling, key) in variants {
        if let Some(id) = member_by_key(conn, key).await?
            && Some(id) != me
        {
            return Err(invalid(
                "member",
                "variants",
                format!("`{spelling}` already names another member"),
            ));
        }
    }
    Ok(())
}

async fn write_variants(
    conn: &mut Conn,
    member: i64,
    variants: &[(String, String)],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM member_variant WHERE member_id = $1")
        .bind(member)
        .execute(&mut *conn)
        .await
        .ctx("clearing a member's names")?;
    for (spelling, key) in variants {
        sqlx::query("INSERT INTO member_variant (member_id, spelling, key) VALUES ($1, $2, $3)")
            .bind(member)
            .bind(spelling)
            .bind(key)
            .execute(&mut *conn)
            .await
            .ctx("writing a member's name")?;
    }
    Ok(())
}

fn check_membership(input: &MembershipInput) -> Result<(), StoreError> {
    let object = "membership";
    year(object, "from_year", input.from_year)?;
    if let Some(to) = input.to_year {
        year(object, "to_year", to)?;
        if to < input.from_year {
            return Err(invalid(
                object,
                "to_year",
                format!(
                    "the last year ({to}) is before the first ({})",
                    input.from_year
                ),
            ));
        }
    }
    Ok(())
}

impl Store {
    // ---- institutions ----

    /// Every institution with its version, by name.
    pub async fn institution_rows(&self) -> Result<Vec<InstitutionRow>, StoreError> {
        let rows: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT id, name, version FROM institution ORDER BY name")
                .fetch_all(&self.pool)
                .await
                .ctx("listing institutions")?;
        Ok(rows
            .into_iter()
            .map(|(id, name, version)| InstitutionRow { id, name, version })
            .collect())
    }

    /// The institution with this id.
    pub async fn institution_row(&self, id: i64) -> Result<Option<InstitutionRow>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        institution_row(&mut conn, id).await
    }

    /// Creates an institution; its name must be new.
    pub async fn create_institution(
        &self,
        name: &str,
        actor: &str,
    ) -> Result<InstitutionRow, StoreError> {
        let name = line("institution", "name", name, 100)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        if institution_named(&mut tx, &name).await?.is_some() {
            return Err(invalid(
                "institution",
                "name",
                format!("there is already an institution `{name}`"),
            ));
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO institution (name) VALUES ($1) RETURNING id")
            .bind(&name)
            .fetch_one(&mut *tx)
            .await
            .ctx("adding an institution")?;
        commit_audited(tx, id, None, actor).await
    }

    /// Renames an institution if `version` is still its own. Plans name their institution as
    /// text, so they follow the new name in the same transaction.
    pub async fn update_institution(
        &self,
        id: i64,
        version: i64,
        name: &str,
        actor: &str,
    ) -> Result<InstitutionRow, StoreError> {
        let name = line("institution", "name", name, 100)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: InstitutionRow = current(&mut tx, id, version).await?;
        if let Some(other) = institution_named(&mut tx, &name).await?
            && other != id
        {
            return Err(invalid(
                "institution",
                "name",
                format!("there is already an institution `{name}`"),
            ));
        }
        sqlx::query("UPDATE institution SET name = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(&name)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await
            .ctx("renaming an institution")?;
        sqlx::query("UPDATE plan SET institution = $1 WHERE institution = $2")
            .bind(&name)
            .bind(&before.name)
            .execute(&mut *tx)
            .await
            .ctx("renaming an institution's plans")?;
        commit_audited(tx, id, Some(&before), actor).await
    }

    // ---- members ----

    /// Every member with its names and memberships, by name.
    pub async fn member_rows(&self) -> Result<Vec<MemberRow>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM member ORDER BY name, id")
            .fetch_all(&mut *tx)
            .await
            .ctx("listing members")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(
                member_row(&mut tx, id)
                    .await?
                    .ok_or_else(|| gone("the member"))?,
            );
        }
        tx.commit().await.ctx("ending a read")?;
        Ok(out)
    }

    /// The member with this code, or named by this spelling (its name or a variant).
    pub async fn member_row(&self, code_or_name: &str) -> Result<Option<MemberRow>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let by_code: Option<i64> = sqlx::query_scalar("SELECT id FROM member WHERE code = $1")
            .bind(code_or_name.trim())
            .fetch_optional(&mut *tx)
            .await
            .ctx("looking up a member code")?;
        let id = match by_code {
            Some(id) => Some(id),
            None => member_by_key(&mut tx, &member_key(code_or_name)).await?,
        };
        let row = match id {
            Some(id) => member_row(&mut tx, id).await?,
            None => None,
        };
        tx.commit().await.ctx("ending a read")?;
        Ok(row)
    }

    /// Creates a member; its code, name and every variant must be new.
    pub async fn create_member(
        &self,
        input: &MemberInput,
        actor: &str,
    ) -> Result<MemberRow, StoreError> {
        let (name, code, variants) = clean_member(input)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        check_member_unique(&mut tx, None, &name, &code, &variants).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO member (name, code, key) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&name)
        .bind(&code)
        .bind(member_key(&name))
        .fetch_one(&mut *tx)
        .await
        .ctx("adding a member")?;
        write_variants(&mut tx, id, &variants).await?;
        commit_audited(tx, id, None, actor).await
    }

    /// Changes a member's name, code and variants if `version` is still its own. A name whose
    /// key changes keeps the old name as a variant, so chapters spelling it the old way still
    /// find the member.
    pub async fn update_member(
        &self,
        id: i64,
        version: i64,
        input: &MemberInput,
        actor: &str,
    ) -> Result<MemberRow, StoreError> {
        let (name, code, mut variants) = clean_member(input)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: MemberRow = current(&mut tx, id, version).await?;
        let old_key = member_key(&before.name);
        let new_key = member_key(&name);
        if old_key != new_key && !variants.iter().any(|(s, _)| *s == before.name) {
            variants.push((before.name.clone(), old_key));
        }
        check_member_unique(&mut tx, Some(id), &name, &code, &variants).await?;
        sqlx::query(
            "UPDATE member SET name = $1, code = $2, key = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(&name)
        .bind(&code)
        .bind(&new_key)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .ctx("updating a member")?;
        write_variants(&mut tx, id, &variants).await?;
        commit_audited(tx, id, Some(&before), actor).await
    }

    // ---- memberships ----

    /// Every membership of the institution, by member name and first year.
    pub async fn memberships_of_institution(
        &self,
        institution: i64,
    ) -> Result<Vec<MembershipRow>, StoreError> {
        let rows: Vec<MembershipTuple> = sqlx::query_as(select_membership!(
            "WHERE s.institution_id = $1 ORDER BY m.name, s.from_year"
        ))
        .bind(institution)
        .fetch_all(&self.pool)
        .await
        .ctx("listing an institution's members")?;
        Ok(rows.into_iter().map(membership_from).collect())
    }

    /// The membership with this id.
    pub async fn membership_row(&self, id: i64) -> Result<Option<MembershipRow>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        membership_row(&mut conn, id).await
    }

    /// Records that `member` belonged to an institution from one year to another (or still
    /// does).
    pub async fn add_membership(
        &self,
        member: i64,
        input: &MembershipInput,
        actor: &str,
    ) -> Result<MembershipRow, StoreError> {
        check_membership(input)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        if member_row(&mut tx, member).await?.is_none() {
            return Err(StoreError::NotFound(format!("there is no member {member}")));
        }
        if institution_row(&mut tx, input.institution_id)
            .await?
            .is_none()
        {
            return Err(invalid(
                "membership",
                "institution",
                "choose one of the institutions",
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO membership (institution_id, member_id, from_year, to_year) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(input.institution_id)
        .bind(member)
        .bind(input.from_year)
        .bind(input.to_year)
        .fetch_one(&mut *tx)
        .await
        .ctx("adding a membership")?;
        commit_audited(tx, id, None, actor).await
    }

    /// Changes a membership's institution and years if `version` is still its own.
    pub async fn update_membership(
        &self,
        id: i64,
        version: i64,
        input: &MembershipInput,
        actor: &str,
    ) -> Result<MembershipRow, StoreError> {
        check_membership(input)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: MembershipRow = current(&mut tx, id, version).await?;
        if institution_row(&mut tx, input.institution_id)
            .await?
            .is_none()
        {
            return Err(invalid(
                "membership",
                "institution",
                "choose one of the institutions",
            ));
        }
        sqlx::query(
            "UPDATE membership SET institution_id = $1, from_year = $2, to_year = $3, \
             version = version + 1 WHERE id = $4 AND version = $5",
        )
        .bind(input.institution_id)
        .bind(input.from_year)
        .bind(input.to_year)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .ctx("updating a membership")?;
        commit_audited(tx, id, Some(&before), actor).await
    }

    /// Removes a membership entered by mistake if `version` is still its own.
    pub async fn remove_membership(
        &self,
        id: i64,
        version: i64,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: MembershipRow = current(&mut tx, id, version).await?;
        sqlx::query("DELETE FROM membership WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await
            .ctx("removing a membership")?;
        audit::record_and_commit(
            tx,
            actor,
            "membership.remove",
            &format!("membership/{id}"),
            json!({"before": before.json(), "after": null}),
            "committing the membership's removal",
        )
        .await
    }

    // ---- summits ----

    /// Every summit, by institution, year and name; only the institution's when given.
    pub async fn summit_rows(
        &self,
        institution: Option<i64>,
    ) -> Result<Vec<SummitRow>, StoreError> {
        let rows: Vec<SummitTuple> = sqlx::query_as(select_summit!(
            "WHERE $1 IS NULL OR s.institution_id = $1 ORDER BY i.name, s.year, s.name"
        ))
        .bind(institution)
        .fetch_all(&self.pool)
        .await
        .ctx("listing summits")?;
        rows.into_iter().map(summit_from).collect()
    }

    /// The summit with this id.
    pub async fn summit_row(&self, id: i64) -> Result<Option<SummitRow>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        summit_row(&mut conn, id).await
    }

    async fn check_summit(
        conn: &mut Conn,
        me: Option<i64>,
        input: &SummitInput,
    ) -> Result<String, StoreError> {
        let object = "summit";
        let name = line(object, "name", &input.name, 200)?;
        year(object, "year", input.year)?;
        if institution_row(conn, input.institution_id).await?.is_none() {
            return Err(invalid(
                object,
                "institution",
                "choose one of the institutions",
            ));
        }
        if let Some(ended) = input.ended_on
            && i32::from(ended.year()) < input.year
        {
            return Err(invalid(
                object,
                "ended_on",
                format!(
                    "the summit cannot end ({ended}) before its year ({})",
                    input.year
                ),
            ));
        }
        let other: Option<i64> =
            sqlx::query_scalar("SELECT id FROM summit WHERE institution_id = $1 AND name = $2")
                .bind(input.institution_id)
                .bind(&name)
                .fetch_optional(&mut *conn)
                .await
                .ctx("looking up a summit")?;
        if let Some(other) = other
            && Some(other) != me
        {
            return Err(invalid(
                object,
                "name",
                format!("the institution already has a summit `{name}`"),
            ));
        }
        Ok(name)
    }

    /// Creates a summit of an institution; its name must be new within the institution.
    pub async fn create_summit(
        &self,
        input: &SummitInput,
        actor: &str,
    ) -> Result<SummitRow, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let name = Store::check_summit(&mut tx, None, input).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO summit (institution_id, name, year, ended_on) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(input.institution_id)
        .bind(&name)
        .bind(input.year)
        .bind(input.ended_on.map(date_text))
        .fetch_one(&mut *tx)
        .await
        .ctx("adding a summit")?;
        commit_audited(tx, id, None, actor).await
    }

    /// Changes a summit if `version` is still its own.
    pub async fn update_summit(
        &self,
        id: i64,
        version: i64,
        input: &SummitInput,
        actor: &str,
    ) -> Result<SummitRow, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: SummitRow = current(&mut tx, id, version).await?;
        let name = Store::check_summit(&mut tx, Some(id), input).await?;
        sqlx::query(
            "UPDATE summit SET institution_id = $1, name = $2, year = $3, ended_on = $4, \
             version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(input.institution_id)
        .bind(&name)
        .bind(input.year)
        .bind(input.ended_on.map(date_text))
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .ctx("updating a summit")?;
        commit_audited(tx, id, Some(&before), actor).await
    }

    // ---- source documents ----

    /// Every source document, by summit then title; only the summit's when given.
    pub async fn document_rows(&self, summit: Option<i64>) -> Result<Vec<DocumentRow>, StoreError> {
        let rows: Vec<DocumentTuple> = sqlx::query_as(select_document!(
            "WHERE $1 IS NULL OR d.summit_id = $1 ORDER BY s.name, d.title"
        ))
        .bind(summit)
        .fetch_all(&self.pool)
        .await
        .ctx("listing source documents")?;
        Ok(rows.into_iter().map(document_from).collect())
    }

    /// The source document with this id.
    pub async fn document_row(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        document_row(&mut conn, id).await
    }

    async fn check_document(
        conn: &mut Conn,
        me: Option<i64>,
        input: &DocumentInput,
    ) -> Result<String, StoreError> {
        let object = "source document";
        let title = line(object, "title", &input.title, 300)?;
        if let Some(summit) = input.summit_id
            && summit_row(conn, summit).await?.is_none()
        {
            return Err(invalid(object, "summit", "choose one of the summits"));
        }
        let other: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM source_document WHERE COALESCE(summit_id, 0) = COALESCE($1, 0) \
             AND title = $2",
        )
        .bind(input.summit_id)
        .bind(&title)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up a source document")?;
        if let Some(other) = other
            && Some(other) != me
        {
            return Err(invalid(
                object,
                "title",
                format!("the summit already has a document `{title}`"),
            ));
        }
        Ok(title)
    }

    /// Creates a source document; kept even before any commitment cites it.
    pub async fn create_document(
        &self,
        input: &DocumentInput,
        actor: &str,
    ) -> Result<DocumentRow, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let title = Store::check_document(&mut tx, None, input).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO source_document (summit_id, title, kept) VALUES ($1, $2, 1) RETURNING id",
        )
        .bind(input.summit_id)
        .bind(&title)
        .fetch_one(&mut *tx)
        .await
        .ctx("adding a source document")?;
        commit_audited(tx, id, None, actor).await
    }

    /// Changes a source document's title or summit if `version` is still its own; from then on
    /// it is kept even when no commitment cites it.
    pub async fn update_document(
        &self,
        id: i64,
        version: i64,
        input: &DocumentInput,
        actor: &str,
    ) -> Result<DocumentRow, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let before: DocumentRow = current(&mut tx, id, version).await?;
        let title = Store::check_document(&mut tx, Some(id), input).await?;
        sqlx::query(
            "UPDATE source_document SET summit_id = $1, title = $2, kept = 1, \
             version = version + 1 WHERE id = $3 AND version = $4",
        )
        .bind(input.summit_id)
        .bind(&title)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .ctx("updating a source document")?;
        commit_audited(tx, id, Some(&before), actor).await
    }
}
