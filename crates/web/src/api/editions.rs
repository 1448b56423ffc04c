//! Editions over the API: `GET /api/v1/cycles/{slug}/editions` and `…/editions/{n}` (public,
//! published editions only), `POST /api/v1/cycles/{slug}/publish` (editors) and
//! `POST …/commitments/{code}/members/{member}/reopen` (editors).

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State as Extract};
use axum::http::StatusCode;
use pledgewatch_domain::edition::{EditionChange, EditionKind};
use pledgewatch_store::{Edition, EditionSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::{find_cycle, no_cycle};
use crate::State;
use crate::auth::Allowed;
use crate::auth::permissions::{Publish, Reopening};
use crate::dto::ScoresDto;
use crate::pages::href;

/// One published edition.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionDto {
    /// 1, 2, … per cycle.
    pub number: u32,
    /// `interim`, `final` or `corrected`.
    pub kind: &'static str,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub published_by: String,
    pub note: String,
    /// How many entries the change log from the edition before has (0 for the first).
    pub changes: usize,
    /// The edition's report card on the site.
    pub href: String,
}

impl EditionDto {
    fn new(slug: &str, e: &EditionSummary) -> EditionDto {
        EditionDto {
            number: e.number,
            kind: e.kind.as_str(),
            published_at: e.published_at.to_string(),
            published_by: e.published_by.clone(),
            note: e.note.clone(),
            changes: e.changes,
            href: href::edition(slug, e.number),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EditionsDto {
    pub cycle: String,
    /// Oldest first.
    pub editions: Vec<EditionDto>,
}

/// One entry of a change log.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDto {
    /// `score`, `commitment_added`, `commitment_removed`, `member_added`, `member_removed`,
    /// `chapter_added`, `chapter_removed`, `chapter` (sections, evidence, narrative,
    /// citations), `rubric` (the rubric version in force) or `cycle_details`.
    pub kind: &'static str,
    pub commitment: Option<String>,
    pub member: Option<String>,
    /// For a score: the verdicts as codes (`-1`, `0`, `1`, `n/a`, null for not yet assessed);
    /// for a rubric: the version numbers (null for none).
    pub old: Option<String>,
    pub new: Option<String>,
    /// The change in words: `commitment 8, France: score 0 → +1`.
    pub text: String,
}

fn verdict_code(v: pledgewatch_domain::Verdict) -> Option<String> {
    v.code().map(str::to_string)
}

impl ChangeDto {
    fn new(change: &EditionChange) -> ChangeDto {
        let (kind, commitment, member, old, new) = match change {
            EditionChange::CycleDetails => ("cycle_details", None, None, None, None),
            EditionChange::CommitmentAdded { commitment, .. } => {
                ("commitment_added", Some(commitment), None, None, None)
            }
            EditionChange::CommitmentRemoved { commitment, .. } => {
                ("commitment_removed", Some(commitment), None, None, None)
            }
            EditionChange::MemberAdded { member } => {
                ("member_added", None, Some(member), None, None)
            }
            EditionChange::MemberRemoved { member } => {
                ("member_removed", None, Some(member), None, None)
            }
            EditionChange::Score {
                commitment,
                member,
                old,
                new,
            } => (
                "score",
                Some(commitment),
                Some(member),
                verdict_code(*old),
                verdict_code(*new),
            ),
            EditionChange::ChapterAdded { commitment } => {
                ("chapter_added", Some(commitment), None, None, None)
            }
            EditionChange::ChapterRemoved { commitment } => {
                ("chapter_removed", Some(commitment), None, None, None)
            }
            EditionChange::Chapter { commitment, .. } => {
                ("chapter", Some(commitment), None, None, None)
            }
            EditionChange::Rubric {
                commitment,
                old,
                new,
            } => (
                "rubric",
                Some(commitment),
                None,
                old.map(|v| v.to_string()),
                new.map(|v| v.to_string()),
            ),
        };
        ChangeDto {
            kind,
            commitment: commitment.cloned(),
            member: member.cloned(),
            old,
            new,
            text: change.to_string(),
        }
    }
}

/// An edition whole: what it is, its change log and its scores as published.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionDetailDto {
    pub edition: EditionDto,
    pub changes: Vec<ChangeDto>,
    pub scores: ScoresDto,
}

impl EditionDetailDto {
    /// The edition as JSON, its report card addressed under the cycle's `slug`.
    pub fn new(slug: &str, e: &Edition) -> EditionDetailDto {
        EditionDetailDto {
            edition: EditionDto::new(slug, &e.summary),
            changes: e.changes.iter().map(ChangeDto::new).collect(),
            scores: ScoresDto::new(&e.snapshot.cycle.name, &e.snapshot.matrix),
        }
    }
}

/// What to publish.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRequest {
    /// `interim`, `final` or `corrected`.
    pub kind: String,
    /// A note for readers: what the edition is, or what a correction fixes.
    #[serde(default)]
    pub note: String,
}

/// Why a published assessment is reopened.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReopenRequest {
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReopenedDto {
    pub commitment: String,
    pub member: String,
    /// Always `draft`.
    pub status: &'static str,
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(t)| t)
        .map_err(|e| ApiError::malformed(e.body_text()))
}

/// The cycle's published editions, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/editions",
    tag = "editions",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "The published editions", body = EditionsDto),
        (status = 404, description = "No such cycle, or never published", body = ErrorBody),
    )
)]
pub async fn editions(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<EditionsDto>, ApiError> {
    let Path(slug) = path?;
    let cycle = find_cycle(&state, &slug).await?;
    let list = state.store.editions(&cycle.name).await?;
    if list.is_empty() {
        return Err(no_cycle(&slug));
    }
    Ok(Json(EditionsDto {
        cycle: cycle.name.clone(),
        editions: list.iter().map(|e| EditionDto::new(&slug, e)).collect(),
    }))
}

/// Edition `n` exactly as published, with its change log from the edition before.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/editions/{n}",
    tag = "editions",
    params(
        ("slug" = String, Path, description = "The cycle's slug"),
        ("n" = u32, Path, description = "The edition's number"),
    ),
    responses(
        (status = 200, description = "The edition", body = EditionDetailDto),
        (status = 404, description = "No such cycle or edition", body = ErrorBody),
    )
)]
pub async fn edition(
    Extract(state): Extract<State>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<EditionDetailDto>, ApiError> {
    let Path((slug, n)) = path?;
    let number: u32 = n.trim().parse().map_err(|_| {
        ApiError::not_found(format!("no edition `{n}`: editions are numbered 1, 2, …"))
    })?;
    let cycle = find_cycle(&state, &slug).await?;
    let edition = state
        .editions
        .get(&state.store, &cycle.name, Some(number))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("cycle `{slug}` has no edition {number}")))?;
    Ok(Json(EditionDetailDto::new(&slug, &edition)))
}

/// Publishes the cycle as its next edition: refused (409 `workflow`, listing them) while any
/// assessment is not approved.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/publish",
    tag = "editions",
    params(("slug" = String, Path, description = "The cycle's slug")),
    request_body = PublishRequest,
    responses(
        (status = 201, description = "The new edition", body = EditionDto),
        (status = 400, description = "Not a JSON body of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only editors publish", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 409, description = "Assessments not approved yet (`workflow`)", body = ErrorBody),
        (status = 422, description = "An unknown kind (`field`: kind)", body = ErrorBody),
    )
)]
pub async fn publish(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<Publish>,
    json: Result<Json<PublishRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<EditionDto>), ApiError> {
    let request = body(json)?;
    let c = &target.0;
    let kind = EditionKind::parse(&request.kind).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!(
                "`{}` is not a kind of edition: interim, final or corrected",
                request.kind
            ),
        )
        .field("kind")
    })?;
    let summary = state
        .store
        .publish_edition(&c.cycle.name, kind, &request.note, staff.name())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(EditionDto::new(&c.slug, &summary)),
    ))
}

/// Reopens a published assessment (published → draft) for a corrected edition; readers keep
/// the published edition until the next one.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/reopen",
    tag = "editions",
    params(
        ("slug" = String, Path, description = "The cycle's slug"),
        ("code" = String, Path, description = "The commitment's code"),
        ("member" = String, Path, description = "The member's code or name"),
    ),
    request_body = ReopenRequest,
    responses(
        (status = 200, description = "Reopened", body = ReopenedDto),
        (status = 400, description = "Not a JSON body of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only editors reopen", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or assessment", body = ErrorBody),
        (status = 409, description = "The assessment is not published (`workflow`)", body = ErrorBody),
        (status = 422, description = "No reason given (`field`: note)", body = ErrorBody),
    )
)]
pub async fn reopen(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<Reopening>,
    json: Result<Json<ReopenRequest>, JsonRejection>,
) -> Result<Json<ReopenedDto>, ApiError> {
    let request = body(json)?;
    let a = &target.0;
    let c = &a.commitment;
    state
        .store
        .reopen_assessment(
            &c.cycle.cycle.name,
            &c.code,
            &a.member,
            &request.note,
            staff.name(),
        )
        .await?;
    Ok(Json(ReopenedDto {
        commitment: c.code.clone(),
        member: a.member.clone(),
        status: "draft",
    }))
}
