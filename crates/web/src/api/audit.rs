//! `GET /api/v1/audit`: the audit trail for signed-in accounts and API tokens, filtered and
//! paged as the workspace page is (the same parameters, parsed by the same code).

use axum::Json;
use axum::extract::{RawQuery, State as Extract};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use crate::State;
use crate::auth::Allowed;
use crate::auth::permissions::Workspace;
use crate::pages::audit::AuditRecordDto;
use crate::workspace::audit::AuditParams;

/// One page of audit records, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPageDto {
    pub records: Vec<AuditRecordDto>,
    /// Pass as `before` to get the next (older) page; null on the last page.
    pub next_before: Option<i64>,
}

/// Audit records matching every filter given, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(
        ("object" = Option<String>, Query, description = "A cycle, `cycle/commitment` or `cycle/commitment/member`: that object and everything under it"),
        ("exact" = Option<bool>, Query, description = "With `object`: only that object, not what is under it"),
        ("actor" = Option<String>, Query, description = "Who made the change, exactly as recorded"),
        ("action" = Option<String>, Query, description = "The kind of change, e.g. `assessment.update`"),
        ("from" = Option<String>, Query, description = "First day (YYYY-MM-DD, UTC), inclusive"),
        ("to" = Option<String>, Query, description = "Last day (YYYY-MM-DD, UTC), inclusive"),
        ("limit" = Option<i64>, Query, description = "Records per page, 1 to 500 (default 50)"),
        ("before" = Option<i64>, Query, description = "Only records older than this id: the previous page's `next_before`"),
    ),
    responses(
        (status = 200, description = "A page of records", body = AuditPageDto),
        (status = 401, description = "Not signed in and no valid API token", body = ErrorBody),
        (status = 422, description = "A parameter cannot be used; `field` names it", body = ErrorBody),
    )
)]
pub async fn audit(
    _: Allowed<Workspace>,
    Extract(state): Extract<State>,
    RawQuery(raw): RawQuery,
) -> Result<Json<AuditPageDto>, ApiError> {
    let query = AuditParams::from_query(raw.as_deref())
        .parse()
        .map_err(|problems| {
            let first = problems.first().map(|p| p.field).unwrap_or("query");
            let message = problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field(first)
        })?;
    let page = state
        .store
        .audit_page(&query.filter, query.before, query.limit)
        .await?;
    Ok(Json(AuditPageDto {
        records: page.records.iter().map(AuditRecordDto::new).collect(),
        next_before: page.next_before,
    }))
}
