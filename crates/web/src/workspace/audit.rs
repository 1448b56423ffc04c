//! `/workspace/audit`: the audit trail for anyone signed in, filtered by object (and what is
//! under it), person, action and dates, newest first in pages, with CSV and JSON downloads of
//! every matching record. The query parsing is shared with `GET /api/v1/audit`.

use axum::Router;
use axum::extract::{RawQuery, State as Extract};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use pledgewatch_store::{AUDIT_PAGE_MAX, AuditFilter, AuditRecord, ObjectFilter};

use crate::State;
use crate::auth::permissions::Workspace;
use crate::auth::{Allowed, Staff};
use crate::error::{PageError, render};
use crate::pages::audit::{AuditForm, AuditRecordsDto, AuditTrailPage, Paging, audit_csv};

/// Records per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: i64 = 50;

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/workspace/audit", get(trail))
        .route("/workspace/audit.csv", get(download_csv))
        .route("/workspace/audit.json", get(download_json))
        // Not nested under `/api/v1` with the rest of the API: nesting strips the prefix from
        // the path, and a refused request is answered as JSON or as a page by its path.
        .route("/api/v1/audit", get(crate::api::audit::audit))
}

/// A parameter that cannot be used, naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamProblem {
    pub field: &'static str,
    pub message: String,
}

/// The parameters of an audit query as sent; absent and empty are the same (a form sends every
/// field, filled or not).
#[derive(Debug, Clone, Default)]
pub struct AuditParams {
    pub object: String,
    pub exact: bool,
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub before: String,
    pub limit: String,
}

/// A parsed audit query.
#[derive(Debug, Clone)]
pub struct AuditQuery {
    pub filter: AuditFilter,
    pub before: Option<i64>,
    pub limit: i64,
    /// Whether `limit` was given (links to other pages keep it).
    pub limit_given: bool,
}

impl AuditParams {
    /// Reads a raw query string; the first of repeated parameters counts and unknown ones are
    /// ignored, so no query string is refused here.
    pub fn from_query(raw: Option<&str>) -> AuditParams {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        AuditParams {
            object: get("object"),
            exact: matches!(get("exact").as_str(), "1" | "true" | "on" | "yes"),
            actor: get("actor"),
            action: get("action"),
            from: get("from"),
            to: get("to"),
            before: get("before"),
            limit: get("limit"),
        }
    }

    /// The filter and paging, or every problem found (each naming its parameter).
    pub fn parse(&self) -> Result<AuditQuery, Vec<ParamProblem>> {
        let mut problems = Vec::new();
        let some = |s: &String| (!s.is_empty()).then(|| s.clone());
        let since = day_start("from", &self.from, 0).unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        // `to` is a whole day: everything before the next one.
        let until = day_start("to", &self.to, 1).unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        if let (Some(s), Some(u)) = (since, until)
            && s >= u
        {
            problems.push(ParamProblem {
                field: "to",
                message: format!("`to` ({}) is before `from` ({})", self.to, self.from),
            });
        }
        let before = match self.before.as_str() {
            "" => None,
            b => match b.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    problems.push(ParamProblem {
                        field: "before",
                        message: format!(
                            "`before` must be a record id (a positive whole number), not `{b}`"
                        ),
                    });
                    None
                }
            },
        };
        let limit = match self.limit.as_str() {
            "" => DEFAULT_LIMIT,
            l => match l.parse::<i64>() {
                Ok(n) if (1..=AUDIT_PAGE_MAX).contains(&n) => n,
                _ => {
                    problems.push(ParamProblem {
                        field: "limit",
                        message: format!(
                            "`limit` must be a whole number from 1 to {AUDIT_PAGE_MAX}, not `{l}`"
                        ),
                    });
                    DEFAULT_LIMIT
                }
            },
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let object = some(&self.object).map(|o| {
            if self.exact {
                ObjectFilter::Exact(o)
            } else {
                ObjectFilter::Under(o)
            }
        });
        Ok(AuditQuery {
            filter: AuditFilter {
                object,
                actor: some(&self.actor),
                action: some(&self.action),
                since,
                until,
            },
            before,
            limit,
            limit_given: !self.limit.is_empty(),
        })
    }

    /// The filter as the form shows it back, with the problems next to their fields.
    pub fn form(&self, problems: &[ParamProblem]) -> AuditForm {
        let about = |field: &str| {
            problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.message.clone())
        };
        let paging: Vec<String> = problems
            .iter()
            .filter(|p| matches!(p.field, "before" | "limit"))
            .map(|p| p.message.clone())
            .collect();
        AuditForm {
            object: self.object.clone(),
            exact: self.exact,
            actor: self.actor.clone(),
            action: self.action.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            from_error: about("from"),
            to_error: about("to"),
            error: (!paging.is_empty()).then(|| paging.join(" ")),
        }
    }
}

/// The first instant (UTC) of the day `text` names, `days_after` days later; `None` when empty.
fn day_start(
    field: &'static str,
    text: &str,
    days_after: i64,
) -> Result<Option<jiff::Timestamp>, ParamProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    let problem = || ParamProblem {
        field,
        message: format!("`{field}` must be a date written YYYY-MM-DD, not `{text}`"),
    };
    let date: Date = text.parse().map_err(|_| problem())?;
    let day = date
        .checked_add(jiff::Span::new().days(days_after))
        .map_err(|_| problem())?;
    let start = day.to_zoned(TimeZone::UTC).map_err(|_| problem())?;
    Ok(Some(start.timestamp()))
}

/// The page, or the form with its problems (422) when the query cannot be used.
async fn trail(
    Allowed { staff, .. }: Allowed<Workspace>,
    Extract(state): Extract<State>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let params = AuditParams::from_query(raw.as_deref());
    let choices = state.store.audit_choices().await?;
    let query = match params.parse() {
        Ok(q) => q,
        Err(problems) => return refused_page(&staff, &params, &problems, choices),
    };
    let page = state
        .store
        .audit_page(&query.filter, query.before, query.limit)
        .await?;
    let html = render(&AuditTrailPage::new(
        &staff,
        params.form(&[]),
        choices,
        &page.records,
        Paging {
            before: query.before,
            limit: query.limit_given.then_some(query.limit),
            next_before: page.next_before,
        },
    ))?;
    Ok(Html(html).into_response())
}

fn refused_page(
    staff: &Staff,
    params: &AuditParams,
    problems: &[ParamProblem],
    choices: (Vec<String>, Vec<String>),
) -> Result<Response, PageError> {
    let page = AuditTrailPage::new(
        staff,
        params.form(problems),
        choices,
        &[],
        Paging::default(),
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page)?)).into_response())
}

/// Every record the query matches (paging parameters are ignored: a download is all of them).
async fn matching(
    state: &State,
    staff: &Staff,
    raw: Option<&str>,
) -> Result<Result<Vec<AuditRecord>, Response>, PageError> {
    let mut params = AuditParams::from_query(raw);
    params.before.clear();
    params.limit.clear();
    match params.parse() {
        Ok(q) => Ok(Ok(state.store.audit_export(q.filter).collect().await?)),
        Err(problems) => {
            let choices = state.store.audit_choices().await?;
            Ok(Err(refused_page(staff, &params, &problems, choices)?))
        }
    }
}

async fn download_csv(
    Allowed { staff, .. }: Allowed<Workspace>,
    Extract(state): Extract<State>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let records = match matching(&state, &staff, raw.as_deref()).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        audit_csv(&records),
    )
        .into_response())
}

async fn download_json(
    Allowed { staff, .. }: Allowed<Workspace>,
    Extract(state): Extract<State>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let records = match matching(&state, &staff, raw.as_deref()).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let body = serde_json::to_string_pretty(&AuditRecordsDto::new(&records)).map_err(|e| {
        tracing::error!(error = %e, "cannot write the audit export as JSON");
        PageError::Internal
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_bound_whole_days_and_bad_parameters_are_named() {
        let q = AuditParams::from_query(Some("from=2026-11-01&to=2026-11-01&object=c%2F8&exact=1"))
            .parse()
            .expect("valid");
        assert_eq!(
            q.filter.since.map(|t| t.to_string()).as_deref(),
            Some("2026-11-01T00:00:00Z")
        );
        assert_eq!(
            q.filter.until.map(|t| t.to_string()).as_deref(),
            Some("2026-11-02T00:00:00Z")
        );
        assert_eq!(
            q.filter.object,
            Some(ObjectFilter::Exact("c/8".to_string()))
        );
        assert_eq!(q.limit, DEFAULT_LIMIT);

        let problems = AuditParams::from_query(Some("from=1+May&limit=0&before=x&to="))
            .parse()
            .expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["from", "before", "limit"]);

        let backwards = AuditParams::from_query(Some("from=2026-11-02&to=2026-11-01"))
            .parse()
            .expect_err("to before from");
        assert_eq!(backwards[0].field, "to");
    }
}
