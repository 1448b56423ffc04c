//! Setting up cycles over the API: creating a cycle, its settings and members in scope (with the
//! cycle's version), its commitments' working copies (with theirs), a new rubric version, and
//! assignments. The same store calls and the same guards as the workspace pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use pledgewatch_domain::rubric::Rubric;
use pledgewatch_domain::{Section, SectionKind};
use pledgewatch_store::{CommitmentDraft, CycleSetup as Setup, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::body::{invalid, read_json};
use super::dto::WhatIfRunChangeDto;
use super::error::{ApiError, ErrorBody};
use super::paths::CommitmentPath;
use super::rubric::read_rubric;
use crate::State;
use crate::auth::permissions::{
    CommitmentAssigning, CommitmentRef, CommitmentWork, CycleSetup, EditCycles,
};
use crate::auth::{Allowed, Staff};
use crate::cache::Token;
use crate::dto::RubricCheckDto;
use crate::pages::setup::CycleFields;
use crate::slugs::Slugs;
use crate::workspace::setup::{require_coders, settings_of, working_what_if};

/// A cycle's settings, as sent to create or change it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleSettingsInput {
    pub name: String,
    /// `interim`, `final`, or null when not known.
    #[serde(default)]
    pub kind: Option<String>,
    /// ISO dates; both or neither.
    #[serde(default)]
    pub period_start: Option<String>,
    #[serde(default)]
    pub period_end: Option<String>,
    /// `rescaled` (the default) or `legacy`.
    #[serde(default)]
    pub convention: Option<String>,
    #[serde(default)]
    pub institution: Option<String>,
    #[serde(default)]
    pub summit: Option<String>,
    /// Independent codings each assessment requires, 1 to 10 (2 or more: double coding with
    /// adjudication). Left out: unchanged (1 for a new cycle).
    #[serde(default)]
    pub required_coders: Option<i64>,
    /// The version read with `GET …/setup`; required to change a cycle, ignored on creation.
    #[serde(default)]
    pub version: Option<i64>,
}

impl CycleSettingsInput {
    fn fields(&self) -> CycleFields {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        CycleFields {
            name: self.name.clone(),
            institution: text(&self.institution),
            summit: text(&self.summit),
            kind: text(&self.kind),
            period_start: text(&self.period_start),
            period_end: text(&self.period_end),
            convention: text(&self.convention),
            required_coders: self
                .required_coders
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// The cycle, and the required coders when the input names them.
    fn settings(&self) -> Result<(pledgewatch_domain::Cycle, Option<u8>), ApiError> {
        settings_of(&self.fields()).map_err(|errors| {
            let first = errors.first();
            invalid(first.map_or("body", |(f, _)| f), errors.all().join(" "))
        })
    }
}

/// A member in the cycle's scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopeMemberDto {
    pub name: String,
    pub code: String,
    /// Whether its assessments hold scores, evidence or reviews (it cannot leave the scope).
    pub has_work: bool,
}

/// A commitment in the cycle's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentListingDto {
    pub code: String,
    pub area: String,
    pub title: String,
}

/// A cycle's working settings, members in scope and commitments.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleSetupDto {
    pub name: String,
    pub slug: String,
    pub kind: Option<&'static str>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub convention: &'static str,
    pub institution: Option<String>,
    pub summit: Option<String>,
    /// Independent codings each assessment requires (1: single coding).
    pub required_coders: u8,
    /// Send it back with every change of settings or members.
    pub version: i64,
    pub members: Vec<ScopeMemberDto>,
    pub commitments: Vec<CommitmentListingDto>,
}

/// The slug of the cycle called `name` now (after a rename, the new one).
async fn slug_of(state: &State, name: &str) -> Result<String, ApiError> {
    let token = Token::read(&state.store).await?;
    let cycles = state.store.cycles().await?;
    let slugs = state
        .slugs
        .replace(Slugs::build(token, cycles.into_iter().map(|c| c.cycle)));
    Ok(slugs.slug_of(name))
}

async fn setup_dto(state: &State, name: &str) -> Result<CycleSetupDto, ApiError> {
    let setup: Setup = state
        .store
        .cycle_setup(name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no cycle `{name}`")))?;
    let c = setup.cycle;
    Ok(CycleSetupDto {
        slug: slug_of(state, &c.name).await?,
        kind: c.kind.map(|k| k.as_str()),
        period_start: c.period.map(|p| p.start.to_string()),
        period_end: c.period.map(|p| p.end.to_string()),
        convention: c.convention.as_str(),
        institution: c.institution,
        summit: c.summit,
        name: c.name,
        required_coders: setup.required_coders,
        version: setup.version,
        members: setup
            .members
            .into_iter()
            .map(|m| ScopeMemberDto {
                name: m.member.name,
                code: m.member.code,
                has_work: m.has_work,
            })
            .collect(),
        commitments: setup
            .commitments
            .into_iter()
            .map(|c| CommitmentListingDto {
                code: c.code,
                area: c.area,
                title: c.title,
            })
            .collect(),
    })
}

/// Creates a cycle (no members or commitments yet).
#[utoipa::path(
    post,
    path = "/api/v1/cycles",
    tag = "setup",
    request_body = CycleSettingsInput,
    responses(
        (status = 201, description = "Created", body = CycleSetupDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 422, description = "A field does not fit, or the name is taken (named in `field`)", body = ErrorBody),
    )
)]
pub async fn create_cycle(
    Extract(state): Extract<State>,
    allowed: Allowed<EditCycles>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: CycleSettingsInput = read_json(&headers, body)?;
    let (cycle, coders) = input.settings()?;
    let created = state
        .store
        .create_cycle(&cycle, allowed.staff.name())
        .await
        .map_err(summit_field)?;
    require_coders(&state, &created, coders.unwrap_or(1), allowed.staff.name()).await?;
    let dto = setup_dto(&state, &created.name).await?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// A summit the store cannot place (no year) is the `summit` field's problem.
fn summit_field(e: StoreError) -> ApiError {
    match e {
        StoreError::InvalidCycle(message) => invalid("summit", message),
        other => other.into(),
    }
}

/// The cycle's working settings with their version, its members in scope and commitments.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/setup",
    tag = "setup",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "The cycle's setup", body = CycleSetupDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn setup(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
) -> Result<Json<CycleSetupDto>, ApiError> {
    Ok(Json(setup_dto(&state, &allowed.target.0.cycle.name).await?))
}

/// Changes the cycle's settings (name, kind, period, convention, institution, summit, required
/// coders).
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/setup",
    tag = "setup",
    params(("slug" = String, Path, description = "The cycle's slug")),
    request_body = CycleSettingsInput,
    responses(
        (status = 200, description = "Saved; the new version", body = CycleSetupDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "`stale`: someone else changed the cycle first", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn update_setup(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CycleSetupDto>, ApiError> {
    let input: CycleSettingsInput = read_json(&headers, body)?;
    let version = input
        .version
        .ok_or_else(|| invalid("version", "send the version read with GET …/setup"))?;
    let (cycle, coders) = input.settings()?;
    state
        .store
        .update_cycle_setup(
            &allowed.target.0.cycle.name,
            version,
            &cycle,
            coders,
            allowed.staff.name(),
        )
        .await
        .map_err(summit_field)?;
    Ok(Json(setup_dto(&state, &cycle.name).await?))
}

/// The members in scope, in order, as member codes (or names) from the member register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersInput {
    pub members: Vec<String>,
    pub version: i64,
}

/// Sets the members in the cycle's scope and their order. New members get a not-yet-assessed
/// assessment of every commitment; a member whose assessments hold work cannot leave (422).
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/members",
    tag = "setup",
    params(("slug" = String, Path, description = "The cycle's slug")),
    request_body = MembersInput,
    responses(
        (status = 200, description = "Saved; the new version", body = CycleSetupDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "`stale`: someone else changed the cycle first", body = ErrorBody),
        (status = 422, description = "An unknown member, one listed twice, or one with work removed", body = ErrorBody),
    )
)]
pub async fn set_members(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CycleSetupDto>, ApiError> {
    let input: MembersInput = read_json(&headers, body)?;
    let name = &allowed.target.0.cycle.name;
    state
        .store
        .set_cycle_members(name, input.version, &input.members, allowed.staff.name())
        .await?;
    Ok(Json(setup_dto(&state, name).await?))
}

/// One chapter section of a commitment.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionDto {
    /// `background`, `commitment_features`, `definitions_and_concepts`,
    /// `general_interpretive_guidelines` or `scoring_guidelines`.
    pub kind: String,
    /// As the chapter titles it (ignored when sent).
    #[serde(default, skip_deserializing)]
    pub heading: String,
    pub text: String,
}

/// A commitment's working copy, as sent to create or change it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentInput {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub area: String,
    /// The quoted commitment.
    #[serde(default)]
    pub text: String,
    /// The source document's title.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub director: Option<String>,
    #[serde(default)]
    pub lead_analyst: Option<String>,
    /// At most one per kind; an empty text removes the section.
    #[serde(default)]
    pub sections: Vec<SectionDto>,
    /// The version read with `GET`; required to change a commitment, ignored on creation.
    #[serde(default)]
    pub version: Option<i64>,
}

impl CommitmentInput {
    fn draft(&self) -> Result<CommitmentDraft, ApiError> {
        let sections = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let kind = SectionKind::from_key(s.kind.trim()).ok_or_else(|| {
                    invalid(
                        &format!("sections[{i}].kind"),
                        format!(
                            "`{}` is not a section kind: background, commitment_features, \
                             definitions_and_concepts, general_interpretive_guidelines, \
                             scoring_guidelines",
                            s.kind
                        ),
                    )
                })?;
                Ok(Section {
                    kind,
                    text: s.text.clone(),
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(CommitmentDraft {
            code: self.code.clone(),
            area: self.area.clone(),
            title: self.title.clone(),
            text: self.text.clone(),
            source: self.source.clone(),
            director: self.director.clone(),
            lead_analyst: self.lead_analyst.clone(),
            sections,
        })
    }
}

/// A commitment's working copy with its version.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentSetupDto {
    pub cycle: String,
    pub code: String,
    pub area: String,
    pub title: String,
    pub text: String,
    pub source: String,
    pub director: Option<String>,
    pub lead_analyst: Option<String>,
    pub sections: Vec<SectionDto>,
    /// Send it back with every change.
    pub version: i64,
}

async fn commitment_dto(
    state: &State,
    cycle: &str,
    code: &str,
) -> Result<CommitmentSetupDto, ApiError> {
    let (draft, version) = state
        .store
        .commitment_draft(cycle, code)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!("cycle `{cycle}` has no commitment `{code}`"))
        })?;
    Ok(CommitmentSetupDto {
        cycle: cycle.to_string(),
        code: draft.code,
        area: draft.area,
        title: draft.title,
        text: draft.text,
        source: draft.source,
        director: draft.director,
        lead_analyst: draft.lead_analyst,
        sections: draft
            .sections
            .into_iter()
            .map(|s| SectionDto {
                kind: s.kind.key().to_string(),
                heading: s.kind.heading().to_string(),
                text: s.text,
            })
            .collect(),
        version,
    })
}

/// Adds a commitment to the cycle, with a not-yet-assessed assessment for every member in scope.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments",
    tag = "setup",
    params(("slug" = String, Path, description = "The cycle's slug")),
    request_body = CommitmentInput,
    responses(
        (status = 201, description = "Created", body = CommitmentSetupDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 422, description = "A field does not fit, or the code is taken (named in `field`)", body = ErrorBody),
    )
)]
pub async fn add_commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: CommitmentInput = read_json(&headers, body)?;
    let name = &allowed.target.0.cycle.name;
    let added = state
        .store
        .add_cycle_commitment(name, &input.draft()?, allowed.staff.name())
        .await?;
    let dto = commitment_dto(&state, name, &added.code).await?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// The commitment's working copy: text, people, sections, version.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}",
    tag = "setup",
    params(CommitmentPath),
    responses(
        (status = 200, description = "The working copy", body = CommitmentSetupDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst or director, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
    )
)]
pub async fn commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
) -> Result<Json<CommitmentSetupDto>, ApiError> {
    let c = &allowed.target.0;
    Ok(Json(
        commitment_dto(&state, &c.cycle.cycle.name, &c.code).await?,
    ))
}

/// Replaces the commitment's working copy (code, texts, people, sections).
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}",
    tag = "setup",
    params(CommitmentPath),
    request_body = CommitmentInput,
    responses(
        (status = 200, description = "Saved; the new version", body = CommitmentSetupDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst or director, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
        (status = 409, description = "`stale`: someone else changed the commitment first", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn update_commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CommitmentSetupDto>, ApiError> {
    let input: CommitmentInput = read_json(&headers, body)?;
    let version = input
        .version
        .ok_or_else(|| invalid("version", "send the version read with GET"))?;
    let c = &allowed.target.0;
    let draft = input.draft()?;
    state
        .store
        .update_commitment_draft(
            &c.cycle.cycle.name,
            &c.code,
            version,
            &draft,
            allowed.staff.name(),
        )
        .await?;
    Ok(Json(
        commitment_dto(&state, &c.cycle.cycle.name, draft.code.trim()).await?,
    ))
}

/// Which assessments' suggested scores a rubric changes, against the newest saved version.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricWhatIfDto {
    /// The version compared against; null when the commitment had no rubric.
    pub against_version: Option<u32>,
    pub changed: Vec<WhatIfRunChangeDto>,
    pub unchanged: usize,
    pub not_applicable: usize,
    /// Assessments with no suggestion under either rubric (not coded, awaiting coders or
    /// adjudication).
    pub not_ready: usize,
}

/// A saved rubric version (or, on a dry run, what saving would do), with the checker's report
/// and the what-if against the version it replaces.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricSavedDto {
    pub cycle: String,
    pub commitment: String,
    /// The newest version now (unchanged when the rubric sent equals it). On a dry run, the
    /// version a save would make.
    pub version: u32,
    /// True when nothing was saved because `dry_run` was asked for.
    pub dry_run: bool,
    /// The checker on the rubric sent: gaps, overlaps and rules that never fire, each with an
    /// example coding. Advice only: a rubric with findings is saved all the same. Null when it
    /// has too many dimensions to check.
    pub check: Option<RubricCheckDto>,
    /// The assessments of the working copy whose suggested score the rubric changes.
    pub whatif: RubricWhatIfDto,
}

/// `?dry_run=true`: check and what-if only.
#[derive(Debug, Deserialize, IntoParams)]
pub struct DryRunParam {
    /// Check the rubric and list what it would change without saving it.
    #[serde(default)]
    dry_run: bool,
}

/// Saves a new version of the commitment's rubric (dimensions and rules), or with
/// `?dry_run=true` only reports what saving would do. Either way the answer holds the checker's
/// report on the rubric and the what-if: the assessments whose suggested score it changes. The
/// rubric's `version` is the version it was edited from: when the commitment's newest version
/// is another one, someone saved in between and the answer is 409 (on a dry run too).
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}/rubric",
    tag = "setup",
    params(CommitmentPath, DryRunParam),
    request_body(
        description = "A rubric: the `rubric` object of `GET …/rubric` as JSON, or a rubric file as TOML",
        content(
            (Object = "application/json"),
            (String = "application/toml"),
        )
    ),
    responses(
        (status = 200, description = "Saved (or, on a dry run, checked): the check and the what-if", body = RubricSavedDto),
        (status = 400, description = "Not readable JSON or TOML, or `dry_run` is not true or false", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst or director, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
        (status = 409, description = "`stale`: a newer rubric version was saved meanwhile", body = ErrorBody),
        (status = 415, description = "Neither JSON nor TOML", body = ErrorBody),
        (status = 422, description = "The rubric breaks the rules of a rubric (`field` names the rule or dimension)", body = ErrorBody),
    )
)]
pub async fn save_rubric(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
    query: Result<Query<DryRunParam>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<RubricSavedDto>, ApiError> {
    let dry_run = match query {
        Ok(Query(q)) => q.dry_run,
        Err(e) => {
            return Err(ApiError::malformed(format!(
                "`dry_run` must be true or false: {}",
                e.body_text()
            ))
            .field("dry_run"));
        }
    };
    let body = body?;
    let rubric = read_rubric(&headers, &body)?;
    let c = &allowed.target.0;
    let cycle = &c.cycle.cycle.name;
    let (current, outcome) = working_what_if(&state, cycle, &c.code, &rubric).await?;
    // With no rubric yet there is nothing to be stale against.
    let base = current.map(|_| rubric.version);
    let version = if dry_run {
        if base != current {
            return Err(StoreError::Stale {
                object: format!("the rubric of commitment {}", c.code),
                current: current.map_or(0, i64::from),
            }
            .into());
        }
        let newest = state.store.rubric(cycle, &c.code, None).await?;
        match newest {
            Some(n) if same_rubric(&n, &rubric) => n.version,
            Some(n) => n.version.saturating_add(1),
            None => 1,
        }
    } else {
        state
            .store
            .save_rubric_over(cycle, &c.code, base, &rubric, allowed.staff.name())
            .await
            .map_err(|e| match e {
                StoreError::InvalidRubric { message, .. } => {
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_rubric", message)
                }
                other => other.into(),
            })?
    };
    Ok(Json(RubricSavedDto {
        cycle: cycle.clone(),
        commitment: c.code.clone(),
        version,
        dry_run,
        check: rubric
            .check()
            .ok()
            .map(|report| RubricCheckDto::new(Some(&c.code), &rubric, &report)),
        whatif: RubricWhatIfDto {
            against_version: current,
            changed: outcome
                .changed
                .iter()
                .map(WhatIfRunChangeDto::from)
                .collect(),
            unchanged: outcome.unchanged,
            not_applicable: outcome.not_applicable,
            not_ready: outcome.not_ready,
        },
    }))
}

/// Whether `a` and `b` say the same, whatever versions they carry (the store saves nothing
/// for a rubric equal to its newest version).
fn same_rubric(a: &Rubric, b: &Rubric) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    *a == b
}

/// One assignment on a commitment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDto {
    pub account: String,
    /// `analyst`, `lead`, `director`.
    pub role: &'static str,
    /// The member's name; null for the whole commitment (lead analysts, directors).
    pub member: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentsDto {
    pub cycle: String,
    pub commitment: String,
    pub assignments: Vec<AssignmentDto>,
}

/// An assignment to make or remove: an analyst to a member, or a lead analyst or director to
/// the whole commitment (no `member`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    pub account: String,
    /// A member's code or name; absent for the whole commitment.
    #[serde(default)]
    pub member: Option<String>,
}

async fn assignments_dto(state: &State, c: &CommitmentRef) -> Result<AssignmentsDto, ApiError> {
    let cycle = &c.cycle.cycle.name;
    let rows = state.store.assignments(cycle).await?;
    Ok(AssignmentsDto {
        cycle: cycle.clone(),
        commitment: c.code.clone(),
        assignments: rows
            .into_iter()
            .filter(|r| r.commitment == c.code)
            .map(|r| AssignmentDto {
                account: r.account,
                role: r.role.key(),
                member: r.member,
            })
            .collect(),
    })
}

/// Who is assigned to the commitment.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/assignments",
    tag = "setup",
    params(CommitmentPath),
    responses(
        (status = 200, description = "The commitment's assignments", body = AssignmentsDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
    )
)]
pub async fn assignments(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentAssigning>,
) -> Result<Json<AssignmentsDto>, ApiError> {
    Ok(Json(assignments_dto(&state, &allowed.target.0).await?))
}

async fn change_assignment(
    state: &State,
    staff: &Staff,
    c: &CommitmentRef,
    input: &AssignmentInput,
    assign: bool,
) -> Result<(), ApiError> {
    let cycle = &c.cycle.cycle.name;
    let member = input
        .member
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let account = input.account.trim();
    let done = if assign {
        state
            .store
            .assign(account, cycle, &c.code, member, staff.name())
            .await
    } else {
        state
            .store
            .unassign(account, cycle, &c.code, member, staff.name())
            .await
            .map(|_| ())
    };
    done.map_err(|e| match e {
        StoreError::InvalidAccount(message) => invalid("account", message),
        StoreError::NotFound(message) if message.contains("account") => invalid("account", message),
        StoreError::NotFound(message) => invalid("member", message),
        other => other.into(),
    })
}

/// Assigns an analyst to a member, or a lead analyst or director to the whole commitment.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/assignments",
    tag = "setup",
    params(CommitmentPath),
    request_body = AssignmentInput,
    responses(
        (status = 200, description = "Assigned (or already was); the assignments now", body = AssignmentsDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
        (status = 422, description = "An unknown account or member, or a role that cannot take this assignment", body = ErrorBody),
    )
)]
pub async fn assign(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentAssigning>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AssignmentsDto>, ApiError> {
    let input: AssignmentInput = read_json(&headers, body)?;
    change_assignment(&state, &allowed.staff, &allowed.target.0, &input, true).await?;
    Ok(Json(assignments_dto(&state, &allowed.target.0).await?))
}

/// Removes an assignment.
#[utoipa::path(
    delete,
    path = "/api/v1/cycles/{slug}/commitments/{code}/assignments",
    tag = "setup",
    params(CommitmentPath),
    request_body = AssignmentInput,
    responses(
        (status = 200, description = "Removed (or was not there); the assignments now", body = AssignmentsDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
        (status = 422, description = "An unknown account or member", body = ErrorBody),
    )
)]
pub async fn unassign(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentAssigning>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AssignmentsDto>, ApiError> {
    let input: AssignmentInput = read_json(&headers, body)?;
    change_assignment(&state, &allowed.staff, &allowed.target.0, &input, false).await?;
    Ok(Json(assignments_dto(&state, &allowed.target.0).await?))
}
