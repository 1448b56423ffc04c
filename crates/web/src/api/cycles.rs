//! `GET /api/v1/cycles` and `GET /api/v1/cycles/{slug}/scores`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as Extract};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::{find_cycle, no_cycle};
use crate::State;
use crate::cache::Token;
use crate::dto::ScoresDto;
use crate::slugs::Slugs;

/// One cycle in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleDto {
    pub name: String,
    /// The cycle's address in the API and on the site: `/api/v1/cycles/{slug}`.
    pub slug: String,
    /// `interim`, `final`, or null when not known.
    pub kind: Option<&'static str>,
    /// ISO dates, or null when not known.
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub institution: Option<String>,
    pub summit: Option<String>,
    pub commitments: i64,
    pub members: i64,
    pub scored_cells: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CyclesDto {
    pub cycles: Vec<CycleDto>,
}

/// Every cycle, in the store's order.
#[utoipa::path(
    get,
    path = "/api/v1/cycles",
    tag = "cycles",
    responses((status = 200, description = "Every cycle", body = CyclesDto))
)]
pub async fn cycles(Extract(state): Extract<State>) -> Result<Json<CyclesDto>, ApiError> {
    let token = Token::read(&state.store).await?;
    let summaries = state.store.cycles().await?;
    let slugs = state.slugs.replace(Slugs::build(
        token,
        summaries.iter().map(|c| c.cycle.clone()),
    ));
    let cycles = summaries
        .into_iter()
        .map(|s| {
            let c = s.cycle;
            CycleDto {
                slug: slugs.slug_of(&c.name),
                kind: c.kind.map(|k| k.as_str()),
                period_start: c.period.map(|p| p.start.to_string()),
                period_end: c.period.map(|p| p.end.to_string()),
                institution: c.institution,
                summit: c.summit,
                name: c.name,
                commitments: s.commitments,
                members: s.members,
                scored_cells: s.scored_cells,
            }
        })
        .collect();
    Ok(Json(CyclesDto { cycles }))
}

/// Tables B–D, the overall average and the gap, as the command line's `scores --format json`.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/scores",
    tag = "cycles",
    params(("slug" = String, Path, description = "The cycle's slug")),
    responses(
        (status = 200, description = "The cycle's scores", body = ScoresDto),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub async fn scores(
    Extract(state): Extract<State>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ScoresDto>, ApiError> {
    let Path(slug) = path?;
    let cycle = find_cycle(&state, &slug).await?;
    let matrix = state
        .store
        .score_matrix(&cycle.name)
        .await?
        .ok_or_else(|| no_cycle(&slug))?;
    Ok(Json(ScoresDto::new(&cycle.name, &matrix)))
}
