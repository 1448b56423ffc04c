//! `GET /api/v1/cycles` and `GET /api/v1/cycles/{slug}/scores`: the newest published edition of
//! each cycle, never the working copy.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as Extract};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::find_published;
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
    // Readers see published editions only: a cycle never published is not listed.
    let mut cycles = Vec::new();
    for summary in state.store.latest_editions().await? {
        let Some(edition) = state.editions.of(&state.store, &summary).await? else {
            continue;
        };
        let snapshot = &edition.snapshot;
        let c = &snapshot.cycle;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        cycles.push(CycleDto {
            slug: slugs.slug_of(&summary.cycle),
            kind: c.kind.map(|k| k.as_str()),
            period_start: c.period.map(|p| p.start.to_string()),
            period_end: c.period.map(|p| p.end.to_string()),
            institution: c.institution.clone(),
            summit: c.summit.clone(),
            name: c.name.clone(),
            commitments: count(snapshot.matrix.rows.len()),
            members: count(snapshot.matrix.members.len()),
            scored_cells: count(
                snapshot
                    .matrix
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .filter(|v| v.score().is_some())
                    .count(),
            ),
        });
    }
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
    let (_, edition) = find_published(&state, &slug).await?;
    let snapshot = &edition.snapshot;
    Ok(Json(ScoresDto::new(&snapshot.cycle.name, &snapshot.matrix)))
}
