//! `GET …/suggestions`, `GET …/agreement`, `GET …/disagreements`: what the rubrics suggest for
//! a cycle's assessments, and how far independent coders agree. Only assessments every required
//! coder has submitted count towards agreement; no coder's own coding is returned.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as Extract};

use super::dto::{
    AgreementDto, AssessmentSuggestionDto, CommitmentAgreementDto, DimensionAgreementDto,
    DisagreementDto, DisagreementPointDto, DisagreementsDto, SuggestionDto, SuggestionsDto,
};
use super::error::{ApiError, ErrorBody};
use super::find_cycle;
use crate::State;
use crate::coding::{CycleCoding, SuggestionState};
use crate::dto::verdict_json;

async fn load(
    state: &State,
    path: Result<Path<String>, PathRejection>,
) -> Result<(String, CycleCoding), ApiError> {
    let Path(slug) = path?;
    let cycle = find_cycle(state, &slug).await?;
    let coding = CycleCoding::load(&state.store, &cycle.name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no cycle `{slug}`")))?;
    Ok((cycle.name.clone(), coding))
}

/// Per assessment: the score, the rubric's suggestion (outcome, score, reason, rubric version)
/// or why there is none, and whether the score departs from it.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/suggestions",
    tag = "coding",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "Every assessment with its suggestion", body = SuggestionsDto),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn suggestions(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<SuggestionsDto>, ApiError> {
    let (cycle, coding) = load(&state, path).await?;
    let all = coding.suggestions();
    Ok(Json(SuggestionsDto {
        cycle,
        departing: all.iter().filter(|s| s.departs()).count(),
        comparable: all.iter().filter(|s| s.comparable()).count(),
        assessments: all
            .iter()
            .map(|s| AssessmentSuggestionDto {
                commitment: s.commitment.clone(),
                member: s.member.name.clone(),
                member_code: s.member.code.clone(),
                score: verdict_json(s.verdict),
                status: s.status(),
                pending: match &s.state {
                    SuggestionState::AwaitingAdjudication(points) => points.clone(),
                    _ => Vec::new(),
                },
                suggestion: s.suggestion().map(SuggestionDto::from),
                departs: s.departs(),
            })
            .collect(),
    }))
}

/// Agreement per commitment and dimension: Cohen's kappa or Krippendorff's alpha to three
/// decimals, with the number of units.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/agreement",
    tag = "coding",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "Agreement figures", body = AgreementDto),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn agreement(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<AgreementDto>, ApiError> {
    let (cycle, coding) = load(&state, path).await?;
    let commitments = coding
        .agreement()
        .into_iter()
        .map(|a| CommitmentAgreementDto {
            method: a.method.as_str(),
            overall: a.overall.map(|c| c.three_decimals()),
            dimensions: a
                .dimensions
                .into_iter()
                .map(|(dimension, name, c, units)| DimensionAgreementDto {
                    dimension,
                    name,
                    method: a.method.as_str(),
                    coefficient: c.map(|c| c.three_decimals()),
                    units,
                })
                .collect(),
            commitment: a.code,
            title: a.title,
            rubric_version: a.rubric_version,
            units: a.units,
        })
        .collect();
    Ok(Json(AgreementDto { cycle, commitments }))
}

/// The disagreement queue: assessments whose coders disagree, each point adjudicated or pending
/// (pending assessments first).
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/disagreements",
    tag = "coding",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "The disagreement queue", body = DisagreementsDto),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn disagreements(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<DisagreementsDto>, ApiError> {
    let (cycle, coding) = load(&state, path).await?;
    let disagreements = coding
        .disagreements()
        .into_iter()
        .map(|d| DisagreementDto {
            pending: d.pending(),
            points: d
                .points
                .into_iter()
                .map(|(dimension, done)| DisagreementPointDto {
                    dimension,
                    status: if done { "adjudicated" } else { "pending" },
                })
                .collect(),
            commitment: d.code,
            member: d.member,
        })
        .collect();
    Ok(Json(DisagreementsDto {
        cycle,
        disagreements,
    }))
}
