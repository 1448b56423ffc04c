//! A commitment's disagreement queue over the API (`GET …/commitments/{code}/disagreements`)
//! and the lead analyst's adjudication of one point (`POST …/members/{member}/adjudications`):
//! the same queue, checks and store call as the workspace page.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use pledgewatch_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::body::{invalid, read_json};
use super::error::{ApiError, ErrorBody};
use super::paths::{AssessmentPath, CommitmentPath};
use crate::State;
use crate::auth::Allowed;
use crate::auth::permissions::{Adjudicating, CommitmentWork};
use crate::dto::AdjudicationDto;
use crate::workspace::adjudication::{
    DecisionForm, DecisionRefused, Queue, QueueAssessment, decision, load_queue,
};

/// This module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(queue, adjudicate),
    components(schemas(
        QueueDto,
        QueuePointDto,
        QueueCoderDto,
        QueueEvidenceDto,
        AdjudicationInput,
        AdjudicatedDto,
    ))
)]
pub struct AdjudicationApi;

/// One evidence item a coder coded on the point.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueEvidenceDto {
    /// 1-based number of the item in the member's section.
    pub evidence: u32,
    /// `strong`, `weak` or `contradictory`.
    pub strength: &'static str,
    /// The item's date and text.
    pub text: String,
}

/// One coder's code on the point.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueCoderDto {
    pub coder: String,
    /// A strength (`strong`, `weak`, `none`), or `yes`/`no` for contradictory action.
    pub value: &'static str,
    pub evidence: Vec<QueueEvidenceDto>,
}

/// One point an assessment's coders disagree on.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuePointDto {
    pub member: String,
    pub member_code: String,
    /// A dimension key, or `contradictory`.
    pub point: String,
    /// The dimension's name, or "Contradictory action".
    pub label: String,
    pub coders: Vec<QueueCoderDto>,
    /// The lead analyst's decision, once recorded.
    pub adjudication: Option<AdjudicationDto>,
}

/// A commitment's disagreement queue: pending points first.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueDto {
    pub cycle: String,
    pub commitment: String,
    /// Null when the commitment has no rubric.
    pub rubric_version: Option<u32>,
    pub required_coders: u8,
    /// Points nobody has adjudicated yet.
    pub pending: usize,
    /// Assessments coded by some but not every required coder (blind: not listed).
    pub awaiting_coders: usize,
    pub points: Vec<QueuePointDto>,
}

fn points_of(a: &QueueAssessment) -> impl Iterator<Item = QueuePointDto> + '_ {
    a.points.iter().map(|p| QueuePointDto {
        member: a.member.clone(),
        member_code: a.member_code.clone(),
        point: p.point.clone(),
        label: p.label.clone(),
        coders: p
            .coders
            .iter()
            .map(|c| QueueCoderDto {
                coder: c.coder.clone(),
                value: c.value,
                evidence: c
                    .evidence
                    .iter()
                    .map(|e| QueueEvidenceDto {
                        evidence: e.number,
                        strength: e.strength,
                        text: e.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
        adjudication: p.adjudication.as_ref().map(AdjudicationDto::from),
    })
}

impl From<&Queue> for QueueDto {
    fn from(q: &Queue) -> QueueDto {
        let mut points: Vec<QueuePointDto> = q.assessments.iter().flat_map(points_of).collect();
        points.sort_by_key(|p| p.adjudication.is_some());
        QueueDto {
            cycle: q.cycle.clone(),
            commitment: q.code.clone(),
            rubric_version: q.rubric_version,
            required_coders: q.required_coders,
            pending: q.pending(),
            awaiting_coders: q.awaiting_coders,
            points,
        }
    }
}

/// The commitment's disagreement queue from the working copy: every point the submitted
/// codings of an assessment disagree on, each coder's code and the evidence items behind it,
/// and the adjudication once recorded. Assessments still waiting for a coder are not listed.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/disagreements",
    tag = "coding",
    params(CommitmentPath),
    responses(
        (status = 200, description = "The queue", body = QueueDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst or director, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
    )
)]
pub async fn queue(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
) -> Result<Json<QueueDto>, ApiError> {
    let c = &allowed.target.0;
    let queue = load_queue(&state, &c.cycle.cycle.name, &c.code).await?;
    Ok(Json(QueueDto::from(&queue)))
}

/// The lead analyst's decision on one point.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjudicationInput {
    /// A dimension key in disagreement, or `contradictory`.
    pub point: String,
    /// `strong`, `weak` or `none` for a dimension; `yes` or `no` for `contradictory`.
    pub value: String,
    /// Why, for the record.
    #[serde(default)]
    pub note: String,
    /// Replace an earlier decision on the point; without it a decided point answers 409.
    #[serde(default)]
    pub revise: bool,
}

/// What an adjudication changed: the decision and the assessment's points still pending.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdjudicatedDto {
    pub cycle: String,
    pub commitment: String,
    pub member: String,
    pub adjudication: AdjudicationDto,
    /// The assessment's points still waiting for adjudication.
    pub pending: Vec<String>,
    /// The commitment's queue now.
    pub queue: QueueDto,
}

/// Records the lead analyst's adjudication of one point the coders of the assessment disagree
/// on (the decided code then counts for the rubric's suggestion). Only the commitment's lead
/// analyst may; the decision is audited.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/adjudications",
    tag = "coding",
    params(AssessmentPath),
    request_body = AdjudicationInput,
    responses(
        (status = 201, description = "Recorded", body = AdjudicatedDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale`: the point was adjudicated meanwhile (send `revise` to replace it)", body = ErrorBody),
        (status = 422, description = "A point not in disagreement, or a value that does not fit it (named in `field`)", body = ErrorBody),
    )
)]
pub async fn adjudicate(
    Extract(state): Extract<State>,
    allowed: Allowed<Adjudicating>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<AdjudicatedDto>), ApiError> {
    let input: AdjudicationInput = read_json(&headers, body)?;
    let a = &allowed.target.0;
    let c = &a.commitment;
    let cycle = &c.cycle.cycle.name;
    let queue = load_queue(&state, cycle, &c.code).await?;
    let entry = queue.assessment(&a.member).ok_or_else(|| {
        invalid(
            "point",
            format!(
                "the coders of {} disagree on nothing (or not every required coder has \
                 submitted)",
                a.member
            ),
        )
    })?;
    let form = DecisionForm {
        point: input.point,
        value: input.value,
        note: input.note,
        revise: input.revise,
    };
    let decided = decision(entry, &form, allowed.staff.name()).map_err(|e| match e {
        DecisionRefused::Invalid { field, message } => invalid(field, message),
        DecisionRefused::Stale(message) => {
            ApiError::new(StatusCode::CONFLICT, "stale", message).field("point")
        }
    })?;
    state
        .store
        .adjudicate(cycle, &c.code, &a.member, &decided, allowed.staff.name())
        .await
        .map_err(|e| match e {
            // The policy let the account through, but the commitment names another lead
            // analyst (or none): the store's message says whom it expected.
            StoreError::AdjudicationRefused { message, .. } => {
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
            }
            other => other.into(),
        })?;
    let queue = load_queue(&state, cycle, &c.code).await?;
    let pending = queue
        .assessment(&a.member)
        .map(|q| q.pending().map(|p| p.point.clone()).collect())
        .unwrap_or_default();
    Ok((
        StatusCode::CREATED,
        Json(AdjudicatedDto {
            cycle: cycle.clone(),
            commitment: c.code.clone(),
            member: a.member.clone(),
            adjudication: AdjudicationDto::from(&decided),
            pending,
            queue: QueueDto::from(&queue),
        }),
    ))
}
