//! The JSON API under `/api/v1`: the public reads (the newest published edition of each cycle)
//! and, for signed-in accounts and API tokens, the same operations as the workspace, each
//! guarded by `auth::Allowed`. Editable objects carry a `version`; a stale one gets 409. Errors
//! are `{"error": {"code", "message", "field"}}`; the OpenAPI document is at
//! `/api/v1/openapi.json`.

mod adjudication;
mod admin;
mod assessments;
pub(crate) mod audit;
mod body;
mod coding;
mod cycles;
mod dto;
pub(crate) mod editions;
mod error;
mod openapi;
mod paths;
pub(crate) mod plans_edit;
mod rubric;
mod setup;

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use pledgewatch_domain::Cycle;

pub use error::ApiError;

use crate::State;
use crate::cache::Token;
use crate::coding::CycleCoding;
use crate::handlers::lookup_cycle;

/// Request bodies larger than this get a 413.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The API's routes, to be nested at `/api/v1`.
pub(crate) fn router() -> Router<State> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/cycles", get(cycles::cycles))
        .route("/cycles/{slug}/scores", get(cycles::scores))
        .route(
            "/cycles/{slug}/commitments/{code}/rubric",
            get(rubric::rubric),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/rubric/check",
            get(rubric::check),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/rubric/whatif",
            post(rubric::what_if),
        )
        .route("/cycles/{slug}/suggestions", get(coding::suggestions))
        .route("/cycles/{slug}/agreement", get(coding::agreement))
        .route("/cycles/{slug}/disagreements", get(coding::disagreements))
        // Cycle setup: the public GETs above stay as they are; these add the writes.
        .route("/cycles", post(setup::create_cycle))
        .route(
            "/cycles/{slug}/setup",
            get(setup::setup).put(setup::update_setup),
        )
        .route("/cycles/{slug}/members", put(setup::set_members))
        .route("/cycles/{slug}/commitments", post(setup::add_commitment))
        .route(
            "/cycles/{slug}/commitments/{code}",
            get(setup::commitment).put(setup::update_commitment),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/rubric",
            put(setup::save_rubric),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/rubric/working",
            get(rubric::working_rubric),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/assignments",
            get(setup::assignments)
                .post(setup::assign)
                .delete(setup::unassign),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}",
            get(assessments::read).put(assessments::update),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/evidence",
            post(assessments::add_evidence),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
            put(assessments::edit_evidence).delete(assessments::delete_evidence),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/citations",
            post(assessments::add_citation),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
            put(assessments::edit_citation),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/codes",
            put(assessments::codes),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/submit",
            post(assessments::submit),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/approve",
            post(assessments::approve),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/return",
            post(assessments::return_to_draft),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/disagreements",
            get(adjudication::queue),
        )
        .route(
            "/cycles/{slug}/commitments/{code}/members/{member}/adjudications",
            post(adjudication::adjudicate),
        )
        .merge(admin::routes())
        .merge(plans_edit::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::document(),
    )
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method",
    )
}

/// The 404 for a cycle `slug` names (also when it is gone by the time its data is read).
pub(crate) fn no_cycle(slug: &str) -> ApiError {
    ApiError::not_found(format!("no cycle `{slug}`"))
}

/// The cycle behind `slug`, or a 404 naming it.
pub(crate) async fn find_cycle(state: &State, slug: &str) -> Result<Arc<Cycle>, ApiError> {
    let token = Token::read(&state.store).await?;
    lookup_cycle(state, token, slug)
        .await?
        .ok_or_else(|| no_cycle(slug))
}

/// The cycle behind `slug` and its newest published edition (what readers see, signed in or
/// not), or a 404 naming it: a cycle never published is not public.
pub(crate) async fn find_published(
    state: &State,
    slug: &str,
) -> Result<(Arc<Cycle>, Arc<pledgewatch_store::Edition>), ApiError> {
    let cycle = find_cycle(state, slug).await?;
    let edition = state
        .editions
        .get(&state.store, &cycle.name, None)
        .await?
        .ok_or_else(|| no_cycle(slug))?;
    Ok((cycle, edition))
}

/// The published cycle behind `slug` with the rubrics and codings of its newest edition, as
/// published with its scores, or a 404 naming it.
pub(crate) async fn find_cycle_coding(
    state: &State,
    slug: &str,
) -> Result<(Arc<Cycle>, CycleCoding), ApiError> {
    let (cycle, edition) = find_published(state, slug).await?;
    Ok((cycle, CycleCoding::published(&edition.snapshot)))
}
