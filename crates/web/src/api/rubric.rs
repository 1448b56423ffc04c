//! `GET …/rubric`, `GET …/rubric/check`, `POST …/rubric/whatif`: a commitment's rubric as the
//! newest edition published it, what the checker finds in it, and what a changed rubric would
//! do to the published codings (stored nowhere).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as Extract};
use axum::http::{HeaderMap, StatusCode, header};
use pledgewatch_domain::rubric::{Rubric, RubricFileError};
use pledgewatch_store::RubricVersionInfo;
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{RubricDto, RuleWordsDto, WhatIfRunChangeDto, WhatIfRunDto};
use super::error::{ApiError, ErrorBody};
use super::paths::CommitmentPath as CommitmentParams;
use super::{find_cycle_coding, find_published};
use crate::State;
use crate::auth::Allowed;
use crate::auth::permissions::CommitmentWork;
use crate::dto::{RubricCheckDto, RubricVersionDto};

#[derive(Debug, Deserialize, IntoParams)]
pub struct VersionParam {
    /// A version saved up to the published one; the one in force in the newest published
    /// edition when left out.
    version: Option<u32>,
}

type CommitmentPath = Result<Path<(String, String)>, PathRejection>;

/// The rubric of `code` as the cycle's newest edition published it, or an earlier `version`
/// saved before that one, with the cycle's name and the versions readers may see (oldest
/// first); 404 when the edition has no rubric for the commitment (or not that version). A
/// version saved since is the working copy's: readers see it through the next edition.
async fn load_rubric(
    state: &State,
    slug: &str,
    code: &str,
    version: Option<u32>,
) -> Result<(String, Rubric, Vec<RubricVersionInfo>), ApiError> {
    let (cycle, edition) = find_published(state, slug).await?;
    if edition.snapshot.matrix.row_index(code).is_none() {
        return Err(ApiError::not_found(format!(
            "cycle `{slug}` has no commitment `{code}`"
        )));
    }
    let published = edition.snapshot.coding.rubric(code);
    let in_force = published.map_or(0, |r| r.version);
    let history: Vec<RubricVersionInfo> = state
        .store
        .rubric_history(&cycle.name, code)
        .await?
        .into_iter()
        .filter(|h| h.version <= in_force)
        .collect();
    let rubric = match (version, published) {
        (None, Some(p)) => Some(p.clone()),
        (Some(v), Some(p)) if v == p.version => Some(p.clone()),
        (Some(v), Some(_)) if history.iter().any(|h| h.version == v) => {
            state.store.rubric(&cycle.name, code, Some(v)).await?
        }
        _ => None,
    };
    let rubric = rubric.ok_or_else(|| match version {
        Some(v) => ApiError::not_found(format!(
            "commitment `{code}` has no published rubric version {v}"
        ))
        .field("version"),
        None => ApiError::not_found(format!("commitment `{code}` has no published rubric yet")),
    })?;
    Ok((cycle.name.clone(), rubric, history))
}

/// The rubric a `…/commitments/{code}/rubric?version=` request names, with the cycle's name and
/// the commitment's code; a 400 for a bad path or version, a 404 for what is not there.
async fn rubric_at(
    state: &State,
    path: CommitmentPath,
    query: Result<Query<VersionParam>, QueryRejection>,
) -> Result<(String, String, Rubric, Vec<RubricVersionInfo>), ApiError> {
    let Path((slug, code)) = path?;
    let version = version_of(query)?;
    let (cycle, rubric, history) = load_rubric(state, &slug, &code, version).await?;
    Ok((cycle, code, rubric, history))
}

fn version_of(query: Result<Query<VersionParam>, QueryRejection>) -> Result<Option<u32>, ApiError> {
    match query {
        Ok(Query(q)) => Ok(q.version),
        Err(e) => Err(ApiError::malformed(format!(
            "`version` must be a whole number of 1 or more: {}",
            e.body_text()
        ))
        .field("version")),
    }
}

/// The commitment's rubric as the newest published edition holds it, as JSON, with its rules
/// in words and its version history up to it.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/rubric",
    tag = "rubrics",
    params(
        ("slug" = String, Path, description = "The cycle's slug"),
        ("code" = String, Path, description = "The commitment's number"),
        VersionParam,
    ),
    responses(
        (status = 200, description = "The rubric", body = RubricDto),
        (status = 400, description = "`version` is not a number", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment, rubric or version", body = ErrorBody),
    )
)]
pub async fn rubric(
    Extract(state): Extract<State>,
    path: CommitmentPath,
    query: Result<Query<VersionParam>, QueryRejection>,
) -> Result<Json<RubricDto>, ApiError> {
    let (cycle, code, rubric, history) = rubric_at(&state, path, query).await?;
    Ok(Json(rubric_dto(cycle, code, rubric, history)?))
}

/// The commitment's newest saved rubric (the working copy, which the next edition will
/// publish), as JSON, with its rules in words and its whole version history: what a lead
/// analyst's script reads before it edits and `PUT`s the rubric back with its `version`.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/rubric/working",
    tag = "setup",
    params(CommitmentParams),
    responses(
        (status = 200, description = "The newest saved rubric", body = RubricDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's lead analyst or director, an editor or admin", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment, or no rubric saved yet", body = ErrorBody),
    )
)]
pub async fn working_rubric(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
) -> Result<Json<RubricDto>, ApiError> {
    let c = &allowed.target.0;
    let cycle = &c.cycle.cycle.name;
    let rubric = state
        .store
        .rubric(cycle, &c.code, None)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("commitment `{}` has no rubric yet", c.code)))?;
    let history = state.store.rubric_history(cycle, &c.code).await?;
    Ok(Json(rubric_dto(
        cycle.clone(),
        c.code.clone(),
        rubric,
        history,
    )?))
}

fn rubric_dto(
    cycle: String,
    code: String,
    rubric: Rubric,
    history: Vec<RubricVersionInfo>,
) -> Result<RubricDto, ApiError> {
    let body = serde_json::to_value(&rubric).map_err(|e| {
        tracing::error!(error = %e, "cannot write a rubric as JSON");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the rubric could not be written as JSON",
        )
    })?;
    Ok(RubricDto {
        commitment: code,
        version: rubric.version,
        newest_version: history.last().map(|h| h.version),
        rules_in_words: rubric
            .rules
            .iter()
            .map(|r| RuleWordsDto {
                name: r.name.clone(),
                score: r.score.value(),
                when: r.when.to_string(),
            })
            .collect(),
        rubric: body,
        history: history
            .into_iter()
            .map(|h| RubricVersionDto {
                version: h.version,
                saved_at: h.saved_at.to_string(),
                saved_by: h.saved_by,
            })
            .collect(),
        cycle,
    })
}

fn check_dto(code: &str, rubric: &Rubric) -> Result<RubricCheckDto, ApiError> {
    let report = rubric.check().map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rubric_too_large",
            e.to_string(),
        )
        .field("dimension")
    })?;
    Ok(RubricCheckDto::new(Some(code), rubric, &report))
}

/// The checker's report on the published rubric: gaps, overlaps and rules that never fire,
/// each with an example coding.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/rubric/check",
    tag = "rubrics",
    params(
        ("slug" = String, Path, description = "The cycle's slug"),
        ("code" = String, Path, description = "The commitment's number"),
        VersionParam,
    ),
    responses(
        (status = 200, description = "The checker's report", body = RubricCheckDto),
        (status = 400, description = "`version` is not a number", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment, rubric or version", body = ErrorBody),
    )
)]
pub async fn check(
    Extract(state): Extract<State>,
    path: CommitmentPath,
    query: Result<Query<VersionParam>, QueryRejection>,
) -> Result<Json<RubricCheckDto>, ApiError> {
    let (_, code, rubric, _) = rubric_at(&state, path, query).await?;
    Ok(Json(check_dto(&code, &rubric)?))
}

/// Reads the body as a rubric: JSON by default, TOML with `Content-Type: application/toml`.
pub(crate) fn read_rubric(headers: &HeaderMap, body: &[u8]) -> Result<Rubric, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let rubric = match essence.as_str() {
        "application/json" => serde_json::from_slice::<Rubric>(body).map_err(|e| {
            ApiError::malformed(format!("the body is not a readable rubric in JSON: {e}"))
                .field("body")
        })?,
        "application/toml" | "text/toml" | "text/x-toml" => {
            let text = std::str::from_utf8(body).map_err(|e| {
                ApiError::malformed(format!("the body is not UTF-8: {e}")).field("body")
            })?;
            return Rubric::from_toml_str(text).map_err(|e| match e {
                RubricFileError::Parse(msg) => {
                    ApiError::malformed(format!("not a readable rubric in TOML: {msg}"))
                        .field("body")
                }
                RubricFileError::Invalid(invalid) => ApiError::invalid_rubric(&invalid),
            });
        }
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "send the rubric as `application/json` or `application/toml`, not `{}`",
                    if content_type.is_empty() {
                        "(none)"
                    } else {
                        content_type
                    }
                ),
            )
            .field("content-type"));
        }
    };
    rubric
        .validate()
        .map_err(|invalid| ApiError::invalid_rubric(&invalid))?;
    Ok(rubric)
}

/// Checks a changed rubric and lists the commitment's assessments whose suggested score it
/// would change from the newest published edition's (old → new, with reasons). Stores nothing.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/rubric/whatif",
    tag = "rubrics",
    params(
        ("slug" = String, Path, description = "The cycle's slug"),
        ("code" = String, Path, description = "The commitment's number"),
    ),
    request_body(
        description = "A rubric: the `rubric` object of `GET …/rubric` as JSON, or a rubric file as TOML",
        content(
            (Object = "application/json"),
            (String = "application/toml"),
        )
    ),
    responses(
        (status = 200, description = "What the rubric would change", body = WhatIfRunDto),
        (status = 400, description = "The body is not readable JSON or TOML", body = ErrorBody),
        (status = 404, description = "No such cycle or commitment", body = ErrorBody),
        (status = 413, description = "The body is larger than 256 KiB", body = ErrorBody),
        (status = 415, description = "Neither JSON nor TOML", body = ErrorBody),
        (status = 422, description = "The rubric breaks the rules of a rubric (the message names the rule or dimension)", body = ErrorBody),
    )
)]
pub async fn what_if(
    Extract(state): Extract<State>,
    path: CommitmentPath,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WhatIfRunDto>, ApiError> {
    let Path((slug, code)) = path?;
    let body = body?;
    let (cycle, coding) = find_cycle_coding(&state, &slug).await?;
    let i = coding
        .matrix
        .rows
        .iter()
        .position(|r| r.code == code)
        .ok_or_else(|| ApiError::not_found(format!("cycle `{slug}` has no commitment `{code}`")))?;
    let new = read_rubric(&headers, &body)?;
    let check = match new.check() {
        Ok(report) => Some(RubricCheckDto::new(Some(&code), &new, &report)),
        Err(_) => None,
    };
    let outcome = coding.what_if(&code, &new);
    Ok(Json(WhatIfRunDto {
        cycle: cycle.name.clone(),
        current_version: coding.rubrics[i].as_ref().map(|r| r.version),
        check,
        changed: outcome
            .changed
            .iter()
            .map(WhatIfRunChangeDto::from)
            .collect(),
        unchanged: outcome.unchanged,
        not_applicable: outcome.not_applicable,
        not_ready: outcome.not_ready,
        commitment: code,
    }))
}
