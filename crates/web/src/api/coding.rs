//! `GET …/suggestions`, `GET …/agreement`, `GET …/disagreements`: what the rubrics suggest for
//! a cycle's assessments, and how far independent coders agree, as the newest published edition
//! holds them (what was coded since reaches readers with the next one). Only assessments every
//! required coder has submitted count towards agreement or appear in the queue, so no coding is
//! shown while it is still blind.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as Extract};

use super::error::{ApiError, ErrorBody};
use super::find_cycle_coding;
use crate::State;
use crate::coding::{CycleCoding, SuggestionState};
use crate::dto::{
    AgreementDto, CommitmentAgreementDto, DisagreementDto, DisagreementsDto, SuggestDto,
    SuggestRowDto, SuggestionDto, verdict_json,
};

async fn load(
    state: &State,
    path: Result<Path<String>, PathRejection>,
) -> Result<(String, CycleCoding), ApiError> {
    let Path(slug) = path?;
    let (cycle, coding) = find_cycle_coding(state, &slug).await?;
    Ok((cycle.name.clone(), coding))
}

/// Per assessment of the newest published edition: the score, the rubric's suggestion (outcome,
/// score, reason, rubric version) or why there is none, and whether the score departs from it.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/suggestions",
    tag = "coding",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "Every assessment with its suggestion", body = SuggestDto),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn suggestions(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<SuggestDto>, ApiError> {
    let (cycle, coding) = load(&state, path).await?;
    let all = coding.suggestions();
    Ok(Json(SuggestDto {
        cycle,
        suggested: all.iter().filter(|s| s.comparable()).count(),
        departures: all.iter().filter(|s| s.departs()).count(),
        assessments: all
            .iter()
            .map(|s| SuggestRowDto {
                commitment: s.commitment.clone(),
                member: s.member.name.clone(),
                score: verdict_json(s.verdict),
                state: s.status(),
                suggestion: s.suggestion().map(SuggestionDto::from),
                departs: s.departs(),
                pending: match &s.state {
                    SuggestionState::AwaitingAdjudication(points) => points.clone(),
                    _ => Vec::new(),
                },
            })
            .collect(),
    }))
}

/// Agreement per commitment and dimension in the newest published edition: Cohen's kappa or
/// Krippendorff's alpha to three decimals, with the number of units.
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
        .agreement_reports()
        .into_iter()
        .map(|(code, rubric, report)| CommitmentAgreementDto::new(code, rubric, &report))
        .collect();
    Ok(Json(AgreementDto { cycle, commitments }))
}

/// The disagreement queue of the newest published edition: one entry per point the submitted
/// codings of an assessment disagree on, with each coder's value and the adjudication when
/// recorded (pending ones first). Only assessments every required coder has submitted appear.
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
    let mut disagreements: Vec<DisagreementDto> = coding
        .disagreement_points()
        .into_iter()
        .flat_map(|(code, rubric, a, points)| {
            points
                .into_iter()
                .map(move |p| DisagreementDto::new(code, a, rubric, &p))
        })
        .collect();
    disagreements.sort_by_key(|d| d.adjudication.is_some());
    Ok(Json(DisagreementsDto {
        cycle,
        pending: disagreements
            .iter()
            .filter(|d| d.adjudication.is_none())
            .count(),
        disagreements,
    }))
}
