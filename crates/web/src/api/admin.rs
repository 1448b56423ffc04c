//! Administration over the API: accounts (admins), one's own API tokens (anyone signed in;
//! admins revoke anyone's), institutions, members with their memberships, summits and source
//! documents (admins). Every editable object carries `version`; a write naming an older one
//! gets 409 `stale` and changes nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use jiff::civil::Date;
use pledgewatch_domain::access::{Action, Role};
use pledgewatch_store::{
    Account, AccountChange, ApiTokenRow, DocumentInput, DocumentRow, InstitutionRow, MemberInput,
    MemberRow, MembershipInput, MembershipRow, StoreError, SummitInput, SummitRow, hash_password,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::ApiError;
use super::body::{invalid, read_json};
use super::error::ErrorBody;
use crate::State;
use crate::auth::permissions::{EditInstitutions, ManageAccounts};
use crate::auth::{Allowed, Staff};

pub(crate) fn routes() -> axum::Router<State> {
    axum::Router::new()
        .route("/accounts", get(accounts).post(create_account))
        .route("/accounts/{name}", put(update_account))
        .route("/tokens", get(tokens).post(create_token))
        .route("/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/institutions", get(institutions).post(create_institution))
        .route(
            "/institutions/{id}",
            get(institution).put(update_institution),
        )
        .route("/members", get(members).post(create_member))
        .route("/members/{code}", get(member).put(update_member))
        .route(
            "/members/{code}/memberships",
            axum::routing::post(add_membership),
        )
        .route(
            "/memberships/{id}",
            put(update_membership).delete(remove_membership),
        )
        .route("/summits", get(summits).post(create_summit))
        .route("/summits/{id}", get(summit).put(update_summit))
        .route("/documents", get(documents).post(create_document))
        .route("/documents/{id}", get(document).put(update_document))
}

/// The administration endpoints' part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        accounts,
        create_account,
        update_account,
        tokens,
        create_token,
        revoke_token,
        institutions,
        create_institution,
        institution,
        update_institution,
        members,
        create_member,
        member,
        update_member,
        add_membership,
        update_membership,
        remove_membership,
        summits,
        create_summit,
        summit,
        update_summit,
        documents,
        create_document,
        document,
        update_document,
    ),
    components(schemas(
        AccountDto,
        NewAccountDto,
        AccountUpdateDto,
        TokenDto,
        NewTokenDto,
        IssuedTokenDto,
        InstitutionDto,
        InstitutionInputDto,
        MemberDto,
        MemberInputDto,
        MembershipDto,
        MembershipInputDto,
        SummitDto,
        SummitInputDto,
        DocumentDto,
        DocumentInputDto,
    ))
)]
pub struct AdminApi;

fn id_of(text: &str, what: &str) -> Result<i64, ApiError> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::not_found(format!("there is no {what} `{text}`")))
}

fn created<T: Serialize>(body: T) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// An account error is about `field`; the rest map as everywhere.
fn account_error(e: StoreError, field: &str) -> ApiError {
    match e {
        StoreError::InvalidAccount(message) => invalid(field, message),
        other => ApiError::from(other),
    }
}

// ---- DTOs ----

/// An account (never its password).
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountDto {
    pub name: String,
    /// `analyst`, `lead`, `director`, `editor` or `admin`.
    pub role: String,
    pub disabled: bool,
    pub created_at: String,
    pub version: i64,
}

impl From<Account> for AccountDto {
    fn from(a: Account) -> AccountDto {
        AccountDto {
            name: a.name,
            role: a.role.key().to_string(),
            disabled: a.disabled,
            created_at: a.created_at.to_string(),
            version: a.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountDto {
    pub name: String,
    pub role: String,
    /// The initial password, at least 12 characters; there is no default.
    pub password: String,
}

/// What to change; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountUpdateDto {
    /// The version read: a newer one on the server gets 409.
    pub version: i64,
    pub role: Option<String>,
    pub disabled: Option<bool>,
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub account: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl From<ApiTokenRow> for TokenDto {
    fn from(t: ApiTokenRow) -> TokenDto {
        TokenDto {
            id: t.id,
            account: t.account,
            label: t.label,
            created_at: t.created_at.to_string(),
            revoked_at: t.revoked_at.map(|r| r.to_string()),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenDto {
    /// What the token is for.
    pub label: String,
}

/// A token just created: `token` is shown this once and stored only hashed.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedTokenDto {
    pub id: i64,
    pub label: String,
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstitutionDto {
    pub id: i64,
    pub name: String,
    pub version: i64,
}

impl From<InstitutionRow> for InstitutionDto {
    fn from(r: InstitutionRow) -> InstitutionDto {
        InstitutionDto {
            id: r.id,
            name: r.name,
            version: r.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstitutionInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipDto {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub member: String,
    pub member_code: String,
    pub from_year: i32,
    /// `null`: still a member.
    pub to_year: Option<i32>,
    pub version: i64,
}

impl From<MembershipRow> for MembershipDto {
    fn from(m: MembershipRow) -> MembershipDto {
        MembershipDto {
            id: m.id,
            institution_id: m.institution_id,
            institution: m.institution,
            member: m.member,
            member_code: m.member_code,
            from_year: m.from_year,
            to_year: m.to_year,
            version: m.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    pub id: i64,
    pub name: String,
    pub code: String,
    /// Other names of the member ("UK", "The United Kingdom").
    pub variants: Vec<String>,
    pub memberships: Vec<MembershipDto>,
    pub version: i64,
}

impl From<MemberRow> for MemberDto {
    fn from(m: MemberRow) -> MemberDto {
        MemberDto {
            id: m.id,
            name: m.name,
            code: m.code,
            variants: m.variants,
            memberships: m.memberships.into_iter().map(Into::into).collect(),
            version: m.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub name: String,
    pub code: String,
    #[serde(default)]
    pub variants: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub institution_id: i64,
    pub from_year: i32,
    pub to_year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummitDto {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub name: String,
    pub year: i32,
    /// The summit's last day (`YYYY-MM-DD`), when known.
    pub ended_on: Option<String>,
    pub version: i64,
}

impl From<SummitRow> for SummitDto {
    fn from(s: SummitRow) -> SummitDto {
        SummitDto {
            id: s.id,
            institution_id: s.institution_id,
            institution: s.institution,
            name: s.name,
            year: s.year,
            ended_on: s.ended_on.map(|d| d.to_string()),
            version: s.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummitInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub institution_id: i64,
    pub name: String,
    pub year: i32,
    /// `YYYY-MM-DD`.
    pub ended_on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: i64,
    pub summit_id: Option<i64>,
    pub summit: Option<String>,
    pub title: String,
    pub version: i64,
}

impl From<DocumentRow> for DocumentDto {
    fn from(d: DocumentRow) -> DocumentDto {
        DocumentDto {
            id: d.id,
            summit_id: d.summit_id,
            summit: d.summit,
            title: d.title,
            version: d.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub summit_id: Option<i64>,
    pub title: String,
}

fn required_version(version: Option<i64>) -> Result<i64, ApiError> {
    version.ok_or_else(|| invalid("version", "send the version you read"))
}

async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the password could not be hashed",
            )
        })?
        .map_err(|e| account_error(e, "password"))
}

fn role(text: &str) -> Result<Role, ApiError> {
    text.parse()
        .map_err(|e: pledgewatch_domain::access::RoleParseError| invalid("role", e.to_string()))
}

// ---- accounts ----

#[utoipa::path(get, path = "/api/v1/accounts", tag = "administration",
    responses(
        (status = 200, description = "Every account, by name", body = [AccountDto]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn accounts(
    Extract(state): Extract<State>,
    _: Allowed<ManageAccounts>,
) -> Result<Json<Vec<AccountDto>>, ApiError> {
    let all = state.store.accounts().await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "administration",
    request_body = NewAccountDto,
    responses(
        (status = 201, description = "The account", body = AccountDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "A name already taken, an unknown role or a short password (`field` says which)", body = ErrorBody),
    ))]
pub async fn create_account(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: NewAccountDto = read_json(&headers, body)?;
    let role = role(&input.role)?;
    let hash = hash(input.password).await?;
    let account = state
        .store
        .add_account(&input.name, role, &hash, allowed.staff.name())
        .await
        .map_err(|e| account_error(e, "name"))?;
    Ok(created(AccountDto::from(account)))
}

#[utoipa::path(put, path = "/api/v1/accounts/{name}", tag = "administration",
    params(("name" = String, Path, description = "The account's name")),
    request_body = AccountUpdateDto,
    responses(
        (status = 200, description = "The account as changed", body = AccountDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "`version` is not the account's any more", body = ErrorBody),
        (status = 422, description = "An unknown role or a short password", body = ErrorBody),
    ))]
pub async fn update_account(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AccountDto>, ApiError> {
    let input: AccountUpdateDto = read_json(&headers, body)?;
    if input.disabled == Some(true) && name == allowed.staff.name() {
        return Err(invalid("disabled", "you cannot disable your own account"));
    }
    let change = AccountChange {
        role: input.role.as_deref().map(role).transpose()?,
        disabled: input.disabled,
        password_hash: match input.password {
            Some(p) => Some(hash(p).await?),
            None => None,
        },
    };
    let account = state
        .store
        .update_account(&name, input.version, change, allowed.staff.name())
        .await
        .map_err(|e| account_error(e, "name"))?;
    Ok(Json(account.into()))
}

// ---- tokens ----

#[utoipa::path(get, path = "/api/v1/tokens", tag = "administration",
    responses(
        (status = 200, description = "Your API tokens, newest first (never the tokens themselves)", body = [TokenDto]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn tokens(
    Extract(state): Extract<State>,
    staff: Staff,
) -> Result<Json<Vec<TokenDto>>, ApiError> {
    let rows = state.store.api_tokens(Some(staff.name())).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "administration",
    request_body = NewTokenDto,
    responses(
        (status = 201, description = "The token, shown this once", body = IssuedTokenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "An empty or overlong label", body = ErrorBody),
    ))]
pub async fn create_token(
    Extract(state): Extract<State>,
    staff: Staff,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: NewTokenDto = read_json(&headers, body)?;
    let (row, token) = state
        .store
        .issue_api_token(staff.name(), &input.label, staff.name())
        .await?;
    Ok(created(IssuedTokenDto {
        id: row.id,
        label: row.label,
        token,
    }))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The token's id")),
    responses(
        (status = 200, description = "The token, revoked", body = TokenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such token of yours (admins: of anyone)", body = ErrorBody),
    ))]
pub async fn revoke_token(
    Extract(state): Extract<State>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<TokenDto>, ApiError> {
    let id = id_of(&id, "API token")?;
    // Anyone revokes their own; the policy lets admins revoke anyone's.
    let owner = if staff.actor.may(Action::ManageAccounts) {
        None
    } else {
        Some(staff.name())
    };
    let row = state
        .store
        .revoke_api_token(id, owner, staff.name())
        .await?;
    Ok(Json(row.into()))
}

// ---- institutions ----

#[utoipa::path(get, path = "/api/v1/institutions", tag = "administration",
    responses(
        (status = 200, description = "Every institution, by name", body = [InstitutionDto]),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn institutions(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
) -> Result<Json<Vec<InstitutionDto>>, ApiError> {
    let rows = state.store.institution_rows().await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/institutions", tag = "administration",
    request_body = InstitutionInputDto,
    responses(
        (status = 201, description = "The institution", body = InstitutionDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "An empty or taken name", body = ErrorBody),
    ))]
pub async fn create_institution(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: InstitutionInputDto = read_json(&headers, body)?;
    let row = state
        .store
        .create_institution(&input.name, allowed.staff.name())
        .await?;
    Ok(created(InstitutionDto::from(row)))
}

#[utoipa::path(get, path = "/api/v1/institutions/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The institution's id")),
    responses(
        (status = 200, description = "The institution", body = InstitutionDto),
        (status = 404, description = "No such institution", body = ErrorBody),
    ))]
pub async fn institution(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
    Path(id): Path<String>,
) -> Result<Json<InstitutionDto>, ApiError> {
    let id = id_of(&id, "institution")?;
    let row = state
        .store
        .institution_row(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no institution {id}")))?;
    Ok(Json(row.into()))
}

#[utoipa::path(put, path = "/api/v1/institutions/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The institution's id")),
    request_body = InstitutionInputDto,
    responses(
        (status = 200, description = "The institution as changed", body = InstitutionDto),
        (status = 404, description = "No such institution", body = ErrorBody),
        (status = 409, description = "`version` is not the institution's any more", body = ErrorBody),
        (status = 422, description = "An empty or taken name, or no version", body = ErrorBody),
    ))]
pub async fn update_institution(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<InstitutionDto>, ApiError> {
    let id = id_of(&id, "institution")?;
    let input: InstitutionInputDto = read_json(&headers, body)?;
    let version = required_version(input.version)?;
    let row = state
        .store
        .update_institution(id, version, &input.name, allowed.staff.name())
        .await?;
    Ok(Json(row.into()))
}

// ---- members ----

fn member_input(input: MemberInputDto) -> MemberInput {
    MemberInput {
        name: input.name,
        code: input.code,
        variants: input.variants,
    }
}

#[utoipa::path(get, path = "/api/v1/members", tag = "administration",
    responses(
        (status = 200, description = "Every member with its other names and memberships", body = [MemberDto]),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn members(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
) -> Result<Json<Vec<MemberDto>>, ApiError> {
    let rows = state.store.member_rows().await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/members", tag = "administration",
    request_body = MemberInputDto,
    responses(
        (status = 201, description = "The member", body = MemberDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "A taken code or name, or a variant naming another member (`field`: code, name, variants)", body = ErrorBody),
    ))]
pub async fn create_member(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: MemberInputDto = read_json(&headers, body)?;
    let row = state
        .store
        .create_member(&member_input(input), allowed.staff.name())
        .await?;
    Ok(created(MemberDto::from(row)))
}

async fn find_member(state: &State, code: &str) -> Result<MemberRow, ApiError> {
    state
        .store
        .member_row(code)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no member `{code}`")))
}

#[utoipa::path(get, path = "/api/v1/members/{code}", tag = "administration",
    params(("code" = String, Path, description = "The member's code, name or another of its names")),
    responses(
        (status = 200, description = "The member", body = MemberDto),
        (status = 404, description = "No such member", body = ErrorBody),
    ))]
pub async fn member(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
    Path(code): Path<String>,
) -> Result<Json<MemberDto>, ApiError> {
    Ok(Json(find_member(&state, &code).await?.into()))
}

#[utoipa::path(put, path = "/api/v1/members/{code}", tag = "administration",
    params(("code" = String, Path, description = "The member's code, name or another of its names")),
    request_body = MemberInputDto,
    responses(
        (status = 200, description = "The member as changed", body = MemberDto),
        (status = 404, description = "No such member", body = ErrorBody),
        (status = 409, description = "`version` is not the member's any more", body = ErrorBody),
        (status = 422, description = "A taken code or name, a variant naming another member, or no version", body = ErrorBody),
    ))]
pub async fn update_member(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<MemberDto>, ApiError> {
    let input: MemberInputDto = read_json(&headers, body)?;
    let version = required_version(input.version)?;
    let current = find_member(&state, &code).await?;
    let row = state
        .store
        .update_member(
            current.id,
            version,
            &member_input(input),
            allowed.staff.name(),
        )
        .await?;
    Ok(Json(row.into()))
}

fn membership_input(input: &MembershipInputDto) -> MembershipInput {
    MembershipInput {
        institution_id: input.institution_id,
        from_year: input.from_year,
        to_year: input.to_year,
    }
}

#[utoipa::path(post, path = "/api/v1/members/{code}/memberships", tag = "administration",
    params(("code" = String, Path, description = "The member's code or name")),
    request_body = MembershipInputDto,
    responses(
        (status = 201, description = "The membership", body = MembershipDto),
        (status = 404, description = "No such member", body = ErrorBody),
        (status = 422, description = "An unknown institution, a year out of range, or `from_year` after `to_year`", body = ErrorBody),
    ))]
pub async fn add_membership(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: MembershipInputDto = read_json(&headers, body)?;
    let member = find_member(&state, &code).await?;
    let row = state
        .store
        .add_membership(member.id, &membership_input(&input), allowed.staff.name())
        .await?;
    Ok(created(MembershipDto::from(row)))
}

#[utoipa::path(put, path = "/api/v1/memberships/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The membership's id")),
    request_body = MembershipInputDto,
    responses(
        (status = 200, description = "The membership as changed", body = MembershipDto),
        (status = 404, description = "No such membership", body = ErrorBody),
        (status = 409, description = "`version` is not the membership's any more", body = ErrorBody),
        (status = 422, description = "An unknown institution, a year out of range, `from_year` after `to_year`, or no version", body = ErrorBody),
    ))]
pub async fn update_membership(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<MembershipDto>, ApiError> {
    let id = id_of(&id, "membership")?;
    let input: MembershipInputDto = read_json(&headers, body)?;
    let version = required_version(input.version)?;
    let row = state
        .store
        .update_membership(id, version, &membership_input(&input), allowed.staff.name())
        .await?;
    Ok(Json(row.into()))
}

/// The version a removal names.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VersionQuery {
    /// The version read: a newer one on the server gets 409.
    pub version: i64,
}

#[utoipa::path(delete, path = "/api/v1/memberships/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The membership's id"), VersionQuery),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "No `version` in the query", body = ErrorBody),
        (status = 404, description = "No such membership", body = ErrorBody),
        (status = 409, description = "`version` is not the membership's any more", body = ErrorBody),
    ))]
pub async fn remove_membership(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(id): Path<String>,
    query: Result<Query<VersionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let id = id_of(&id, "membership")?;
    let Query(q) = query?;
    state
        .store
        .remove_membership(id, q.version, allowed.staff.name())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- summits ----

fn summit_input(input: &SummitInputDto) -> Result<SummitInput, ApiError> {
    let ended_on = input
        .ended_on
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            t.trim()
                .parse::<Date>()
                .map_err(|_| invalid("ended_on", format!("`{t}` is not a date (YYYY-MM-DD)")))
        })
        .transpose()?;
    Ok(SummitInput {
        institution_id: input.institution_id,
        name: input.name.clone(),
        year: input.year,
        ended_on,
    })
}

#[utoipa::path(get, path = "/api/v1/summits", tag = "administration",
    responses(
        (status = 200, description = "Every summit, by institution, year and name", body = [SummitDto]),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn summits(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
) -> Result<Json<Vec<SummitDto>>, ApiError> {
    let rows = state.store.summit_rows(None).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/summits", tag = "administration",
    request_body = SummitInputDto,
    responses(
        (status = 201, description = "The summit", body = SummitDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "A taken name, an unknown institution, a bad year or date", body = ErrorBody),
    ))]
pub async fn create_summit(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: SummitInputDto = read_json(&headers, body)?;
    let row = state
        .store
        .create_summit(&summit_input(&input)?, allowed.staff.name())
        .await?;
    Ok(created(SummitDto::from(row)))
}

#[utoipa::path(get, path = "/api/v1/summits/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The summit's id")),
    responses(
        (status = 200, description = "The summit", body = SummitDto),
        (status = 404, description = "No such summit", body = ErrorBody),
    ))]
pub async fn summit(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
    Path(id): Path<String>,
) -> Result<Json<SummitDto>, ApiError> {
    let id = id_of(&id, "summit")?;
    let row = state
        .store
        .summit_row(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no summit {id}")))?;
    Ok(Json(row.into()))
}

#[utoipa::path(put, path = "/api/v1/summits/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The summit's id")),
    request_body = SummitInputDto,
    responses(
        (status = 200, description = "The summit as changed", body = SummitDto),
        (status = 404, description = "No such summit", body = ErrorBody),
        (status = 409, description = "`version` is not the summit's any more", body = ErrorBody),
        (status = 422, description = "A taken name, an unknown institution, a bad year or date, or no version", body = ErrorBody),
    ))]
pub async fn update_summit(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SummitDto>, ApiError> {
    let id = id_of(&id, "summit")?;
    let input: SummitInputDto = read_json(&headers, body)?;
    let version = required_version(input.version)?;
    let row = state
        .store
        .update_summit(id, version, &summit_input(&input)?, allowed.staff.name())
        .await?;
    Ok(Json(row.into()))
}

// ---- source documents ----

#[utoipa::path(get, path = "/api/v1/documents", tag = "administration",
    responses(
        (status = 200, description = "Every source document, by summit and title", body = [DocumentDto]),
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn documents(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
) -> Result<Json<Vec<DocumentDto>>, ApiError> {
    let rows = state.store.document_rows(None).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/documents", tag = "administration",
    request_body = DocumentInputDto,
    responses(
        (status = 201, description = "The source document", body = DocumentDto),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "An empty or taken title, or an unknown summit", body = ErrorBody),
    ))]
pub async fn create_document(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: DocumentInputDto = read_json(&headers, body)?;
    let row = state
        .store
        .create_document(
            &DocumentInput {
                summit_id: input.summit_id,
                title: input.title,
            },
            allowed.staff.name(),
        )
        .await?;
    Ok(created(DocumentDto::from(row)))
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The source document", body = DocumentDto),
        (status = 404, description = "No such document", body = ErrorBody),
    ))]
pub async fn document(
    Extract(state): Extract<State>,
    _: Allowed<EditInstitutions>,
    Path(id): Path<String>,
) -> Result<Json<DocumentDto>, ApiError> {
    let id = id_of(&id, "source document")?;
    let row = state
        .store
        .document_row(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no source document {id}")))?;
    Ok(Json(row.into()))
}

#[utoipa::path(put, path = "/api/v1/documents/{id}", tag = "administration",
    params(("id" = i64, Path, description = "The document's id")),
    request_body = DocumentInputDto,
    responses(
        (status = 200, description = "The source document as changed", body = DocumentDto),
        (status = 404, description = "No such document", body = ErrorBody),
        (status = 409, description = "`version` is not the document's any more", body = ErrorBody),
        (status = 422, description = "An empty or taken title, an unknown summit, or no version", body = ErrorBody),
    ))]
pub async fn update_document(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<DocumentDto>, ApiError> {
    let id = id_of(&id, "source document")?;
    let input: DocumentInputDto = read_json(&headers, body)?;
    let version = required_version(input.version)?;
    let row = state
        .store
        .update_document(
            id,
            version,
            &DocumentInput {
                summit_id: input.summit_id,
                title: input.title,
            },
            allowed.staff.name(),
        )
        .await?;
    Ok(Json(row.into()))
}
