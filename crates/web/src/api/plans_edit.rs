//! Action plans over the API: editors and admins create plans and edit their sections,
//! measures and reporting periods (`EditPlans`); anyone signed in records a member's status on
//! a measure for a period (see `workspace::plans` for why). Plans are named by their slug.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use jiff::civil::Date;
use pledgewatch_domain::plan::{Plan, ReportingPeriod, ReportingRhythm, SectionKind, StatusRecord};
use pledgewatch_store::{
    MeasureInput, PlanInput, SectionInput, StatusEntry, parse_evidence_ref, parse_status,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::ApiError;
use super::body::{invalid, read_json};
use super::error::ErrorBody;
use crate::State;
use crate::auth::Allowed;
use crate::auth::permissions::{EditPlans, Workspace};
use crate::pages::plans::plan_slugs;

pub(crate) fn routes() -> axum::Router<State> {
    axum::Router::new()
        .route("/plans", post(create_plan))
        .route("/plans/{slug}", get(plan).put(update_plan))
        .route("/plans/{slug}/sections", post(add_section))
        .route(
            "/plans/{slug}/sections/{n}",
            put(update_section).delete(remove_section),
        )
        .route("/plans/{slug}/measures", post(add_measure))
        .route(
            "/plans/{slug}/measures/{code}",
            put(update_measure).delete(remove_measure),
        )
        .route("/plans/{slug}/periods", post(add_period))
        .route("/plans/{slug}/periods/{label}/statuses", get(statuses))
        .route("/plans/{slug}/statuses", put(record_status))
}

/// The plan-editing endpoints' part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        create_plan,
        plan,
        update_plan,
        add_section,
        update_section,
        remove_section,
        add_measure,
        update_measure,
        remove_measure,
        add_period,
        statuses,
        record_status
    ),
    components(schemas(
        PlanInputDto,
        PlanDto,
        PlanSectionDto,
        PlanMeasureDto,
        SectionInputDto,
        MeasureInputDto,
        MeasureUpdateDto,
        PeriodInputDto,
        StatusInputDto,
        StatusDto
    ))
)]
pub struct PlansEditApi;

/// The title of the plan behind `slug`, or a 404.
pub(crate) async fn plan_title(state: &State, slug: &str) -> Result<String, ApiError> {
    let plans = state.store.plans().await?;
    plan_slugs(plans.iter().map(|p| p.title.as_str()))
        .into_iter()
        .find(|(s, _)| s == slug)
        .map(|(_, t)| t)
        .ok_or_else(|| ApiError::not_found(format!("there is no plan `{slug}`")))
}

fn slug_of(title: &str, titles: &[String]) -> String {
    plan_slugs(titles.iter().map(String::as_str))
        .into_iter()
        .find(|(_, t)| t == title)
        .map(|(s, _)| s)
        .unwrap_or_else(|| pledgewatch_domain::slug(title))
}

fn date(field: &str, text: Option<&str>) -> Result<Option<Date>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|_| invalid(field, format!("`{t}` is not a date (YYYY-MM-DD)"))),
    }
}

/// `twice-a-year`, `yearly`, `unspecified` or any other wording.
pub(crate) fn rhythm(text: &str) -> ReportingRhythm {
    match text.trim() {
        "twice-a-year" | "twice a year" => ReportingRhythm::TwiceAYear,
        "yearly" => ReportingRhythm::Yearly,
        "" | "unspecified" | "not specified" => ReportingRhythm::Unspecified,
        other => ReportingRhythm::Other(other.to_string()),
    }
}

/// The section in the path (its index, from 1 as the store counts them), or a 404.
fn section_index(n: &str) -> Result<usize, ApiError> {
    n.parse()
        .map_err(|_| ApiError::not_found(format!("there is no section `{n}`")))
}

/// A section as sent, with the plan version it was edited at.
fn section_input(input: SectionInputDto) -> Result<(i64, SectionInput), ApiError> {
    let section = SectionInput {
        kind: section_kind(&input.kind)?,
        number: input.number,
        title: input.title,
        text: input.text,
    };
    Ok((input.version, section))
}

pub(crate) fn section_kind(text: &str) -> Result<SectionKind, ApiError> {
    SectionKind::parse(text)
        .ok_or_else(|| invalid("kind", "a section is a `priority` or a `pillar`"))
}

// ---- DTOs ----

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInputDto {
    /// Required when updating; ignored when creating.
    pub version: Option<i64>,
    pub institution: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub adopted_on: Option<String>,
    /// The document the plan was published in; absent: the plan itself.
    #[serde(default)]
    pub source: String,
    /// `twice-a-year`, `yearly`, `unspecified`, or the plan's own wording.
    #[serde(default)]
    pub rhythm: String,
    pub reviewed_by: Option<String>,
    pub members: Vec<String>,
    #[serde(default)]
    pub observers: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanMeasureDto {
    pub code: String,
    pub text: String,
    #[schema(no_recursion)]
    pub sub_measures: Vec<PlanMeasureDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSectionDto {
    /// From 1, as in the section's address.
    pub index: usize,
    pub kind: String,
    pub number: String,
    pub title: String,
    pub text: String,
    pub measures: Vec<PlanMeasureDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    pub slug: String,
    pub institution: String,
    pub title: String,
    pub adopted_on: Option<String>,
    pub source: String,
    pub rhythm: String,
    pub reviewed_by: Option<String>,
    pub members: Vec<String>,
    pub observers: Vec<String>,
    pub sections: Vec<PlanSectionDto>,
    /// Reporting period labels, by start date.
    pub periods: Vec<String>,
    /// The plan's version: every edit of its structure sends it back.
    pub version: i64,
}

fn measure_dto(m: &pledgewatch_domain::plan::Measure) -> PlanMeasureDto {
    PlanMeasureDto {
        code: m.code.clone(),
        text: m.text.clone(),
        sub_measures: m.sub_measures.iter().map(measure_dto).collect(),
    }
}

async fn plan_dto(state: &State, plan: Plan, version: i64) -> Result<PlanDto, ApiError> {
    let titles: Vec<String> = state
        .store
        .plans()
        .await?
        .into_iter()
        .map(|p| p.title)
        .collect();
    let periods = state.store.periods(&plan.title).await?;
    Ok(PlanDto {
        slug: slug_of(&plan.title, &titles),
        adopted_on: plan.adopted_on.map(|d| d.to_string()),
        rhythm: plan.rhythm.label().to_string(),
        sections: plan
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| PlanSectionDto {
                index: i + 1,
                kind: s.kind.as_str().to_string(),
                number: s.number.clone(),
                title: s.title.clone(),
                text: s.text.clone(),
                measures: s.measures.iter().map(measure_dto).collect(),
            })
            .collect(),
        periods: periods.into_iter().map(|p| p.label).collect(),
        institution: plan.institution,
        title: plan.title,
        source: plan.source,
        reviewed_by: plan.reviewed_by,
        members: plan.members,
        observers: plan.observers,
        version,
    })
}

fn plan_input(input: PlanInputDto) -> Result<PlanInput, ApiError> {
    Ok(PlanInput {
        adopted_on: date("adopted_on", input.adopted_on.as_deref())?,
        rhythm: rhythm(&input.rhythm),
        institution: input.institution,
        title: input.title,
        source: input.source,
        reviewed_by: input.reviewed_by,
        members: input.members,
        observers: input.observers,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionInputDto {
    pub version: i64,
    /// `priority` or `pillar`.
    pub kind: String,
    /// As printed: "1", "I".
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureInputDto {
    pub version: i64,
    /// The section's index, from 1.
    pub section: usize,
    /// A measure's code to add this one under as a sub-measure.
    pub parent: Option<String>,
    /// `I.1`, `P2.1`, `2(a)`: unique in the plan.
    pub code: String,
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureUpdateDto {
    pub version: i64,
    /// The new code (statuses follow it).
    pub code: String,
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodInputDto {
    /// "2025-H1".
    pub label: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    /// `YYYY-MM-DD`.
    pub to: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInputDto {
    /// The status's version as read; 0 when none is recorded yet.
    pub version: i64,
    /// The reporting period's label.
    pub period: String,
    pub member: String,
    pub measure: String,
    /// `not-started`, `in-progress`, `substantially-implemented`, `complete`, `n/a`,
    /// `no-information`.
    pub status: String,
    pub note: Option<String>,
    /// Evidence items linked, as `CYCLE:COMMITMENT:MEMBER:N`.
    #[serde(default)]
    pub evidence: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusDto {
    pub member: String,
    pub measure: String,
    pub period: String,
    pub status: String,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub version: i64,
}

impl From<StatusEntry> for StatusDto {
    fn from(e: StatusEntry) -> StatusDto {
        let r = e.record;
        StatusDto {
            evidence: r
                .evidence
                .iter()
                .map(|x| format!("{}:{}:{}:{}", x.cycle, x.commitment, x.member, x.evidence))
                .collect(),
            member: r.member,
            measure: r.measure_code,
            period: r.period.label,
            status: r.status.as_str().to_string(),
            note: r.note,
            version: e.version,
        }
    }
}

/// The version a removal names.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VersionQuery {
    /// The plan's version as read.
    pub version: i64,
}

async fn respond(state: &State, plan: Plan, version: i64) -> Result<Json<PlanDto>, ApiError> {
    Ok(Json(plan_dto(state, plan, version).await?))
}

// ---- handlers ----

#[utoipa::path(post, path = "/api/v1/plans", tag = "plans",
    request_body = PlanInputDto,
    responses(
        (status = 201, description = "The plan, without sections yet", body = PlanDto),
        (status = 403, description = "Not an editor or admin", body = ErrorBody),
        (status = 422, description = "A taken title, no member, a member also an observer (`field` says which)", body = ErrorBody),
    ))]
pub async fn create_plan(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input = plan_input(read_json(&headers, body)?)?;
    let plan = state
        .store
        .create_plan(&input, allowed.staff.name())
        .await?;
    let dto = plan_dto(&state, plan, 1).await?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

#[utoipa::path(get, path = "/api/v1/plans/{slug}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    responses(
        (status = 200, description = "The plan with its version", body = PlanDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such plan", body = ErrorBody),
    ))]
pub async fn plan(
    Extract(state): Extract<State>,
    _: Allowed<Workspace>,
    Path(slug): Path<String>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let plan = state
        .store
        .plan(&title)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("there is no plan `{slug}`")))?;
    let version = state.store.plan_version(&title).await?.unwrap_or(1);
    respond(&state, plan, version).await
}

#[utoipa::path(put, path = "/api/v1/plans/{slug}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    request_body = PlanInputDto,
    responses(
        (status = 200, description = "The plan as changed", body = PlanDto),
        (status = 404, description = "No such plan", body = ErrorBody),
        (status = 409, description = "`version` is not the plan's any more", body = ErrorBody),
        (status = 422, description = "A bad field, or no version", body = ErrorBody),
    ))]
pub async fn update_plan(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let input: PlanInputDto = read_json(&headers, body)?;
    let version = input
        .version
        .ok_or_else(|| invalid("version", "send the version you read"))?;
    let (plan, version) = state
        .store
        .update_plan(&title, version, &plan_input(input)?, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(post, path = "/api/v1/plans/{slug}/sections", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    request_body = SectionInputDto,
    responses(
        (status = 200, description = "The plan with the section at its end", body = PlanDto),
        (status = 409, description = "`version` is not the plan's any more", body = ErrorBody),
        (status = 422, description = "A bad kind, number or title", body = ErrorBody),
    ))]
pub async fn add_section(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let (version, section) = section_input(read_json(&headers, body)?)?;
    let (plan, version) = state
        .store
        .add_plan_section(&title, version, &section, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(put, path = "/api/v1/plans/{slug}/sections/{n}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug"), ("n" = usize, Path, description = "The section's index, from 1")),
    request_body = SectionInputDto,
    responses(
        (status = 200, description = "The plan as changed", body = PlanDto),
        (status = 404, description = "No such plan or section", body = ErrorBody),
        (status = 409, description = "`version` is not the plan's any more", body = ErrorBody),
        (status = 422, description = "A bad kind, number or title", body = ErrorBody),
    ))]
pub async fn update_section(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path((slug, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let n = section_index(&n)?;
    let (version, section) = section_input(read_json(&headers, body)?)?;
    let (plan, version) = state
        .store
        .update_plan_section(&title, version, n, &section, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(delete, path = "/api/v1/plans/{slug}/sections/{n}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug"), ("n" = usize, Path, description = "The section's index, from 1"), VersionQuery),
    responses(
        (status = 200, description = "The plan without the section", body = PlanDto),
        (status = 404, description = "No such plan or section", body = ErrorBody),
        (status = 409, description = "Stale `version`, or statuses recorded against its measures", body = ErrorBody),
    ))]
pub async fn remove_section(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path((slug, n)): Path<(String, String)>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let n = section_index(&n)?;
    let Query(q) = query?;
    let (plan, version) = state
        .store
        .remove_plan_section(&title, q.version, n, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(post, path = "/api/v1/plans/{slug}/measures", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    request_body = MeasureInputDto,
    responses(
        (status = 200, description = "The plan with the measure", body = PlanDto),
        (status = 404, description = "No such plan or section", body = ErrorBody),
        (status = 409, description = "`version` is not the plan's any more", body = ErrorBody),
        (status = 422, description = "A taken or empty code, empty text, unknown parent", body = ErrorBody),
    ))]
pub async fn add_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let input: MeasureInputDto = read_json(&headers, body)?;
    let measure = MeasureInput {
        section: input.section,
        parent: input.parent,
        code: input.code,
        text: input.text,
    };
    let (plan, version) = state
        .store
        .add_plan_measure(&title, input.version, &measure, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(put, path = "/api/v1/plans/{slug}/measures/{code}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug"), ("code" = String, Path, description = "The measure's code")),
    request_body = MeasureUpdateDto,
    responses(
        (status = 200, description = "The plan as changed", body = PlanDto),
        (status = 404, description = "No such plan or measure", body = ErrorBody),
        (status = 409, description = "`version` is not the plan's any more", body = ErrorBody),
        (status = 422, description = "A taken or empty code, or empty text", body = ErrorBody),
    ))]
pub async fn update_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path((slug, code)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let input: MeasureUpdateDto = read_json(&headers, body)?;
    let (plan, version) = state
        .store
        .update_plan_measure(
            &title,
            input.version,
            &code,
            &input.code,
            &input.text,
            allowed.staff.name(),
        )
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(delete, path = "/api/v1/plans/{slug}/measures/{code}", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug"), ("code" = String, Path, description = "The measure's code"), VersionQuery),
    responses(
        (status = 200, description = "The plan without the measure", body = PlanDto),
        (status = 404, description = "No such plan or measure", body = ErrorBody),
        (status = 409, description = "Stale `version`, or statuses recorded against it", body = ErrorBody),
    ))]
pub async fn remove_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path((slug, code)): Path<(String, String)>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Json<PlanDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let Query(q) = query?;
    let (plan, version) = state
        .store
        .remove_plan_measure(&title, q.version, &code, allowed.staff.name())
        .await?;
    respond(&state, plan, version).await
}

#[utoipa::path(post, path = "/api/v1/plans/{slug}/periods", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    request_body = PeriodInputDto,
    responses(
        (status = 201, description = "Added"),
        (status = 404, description = "No such plan", body = ErrorBody),
        (status = 422, description = "A taken label, a bad date, or a start after the end", body = ErrorBody),
    ))]
pub async fn add_period(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let input: PeriodInputDto = read_json(&headers, body)?;
    let start =
        date("from", Some(&input.from))?.ok_or_else(|| invalid("from", "give the first day"))?;
    let end = date("to", Some(&input.to))?.ok_or_else(|| invalid("to", "give the last day"))?;
    let period = ReportingPeriod {
        label: input.label.trim().to_string(),
        start,
        end,
    };
    state
        .store
        .add_period(&title, &period, allowed.staff.name())
        .await?;
    Ok(StatusCode::CREATED)
}

#[utoipa::path(get, path = "/api/v1/plans/{slug}/periods/{label}/statuses", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug"), ("label" = String, Path, description = "The reporting period's label")),
    responses(
        (status = 200, description = "The statuses recorded for the period, with their versions", body = [StatusDto]),
        (status = 404, description = "No such plan or period", body = ErrorBody),
    ))]
pub async fn statuses(
    Extract(state): Extract<State>,
    _: Allowed<Workspace>,
    Path((slug, label)): Path<(String, String)>,
) -> Result<Json<Vec<StatusDto>>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let entries = state.store.status_entries(&title, &label).await?;
    Ok(Json(entries.into_iter().map(Into::into).collect()))
}

#[utoipa::path(put, path = "/api/v1/plans/{slug}/statuses", tag = "plans",
    params(("slug" = String, Path, description = "The plan's slug")),
    request_body = StatusInputDto,
    responses(
        (status = 200, description = "The status as recorded", body = StatusDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such plan", body = ErrorBody),
        (status = 409, description = "`version` is not the status's any more", body = ErrorBody),
        (status = 422, description = "An unknown period, member (or an observer), measure, status or evidence item", body = ErrorBody),
    ))]
pub async fn record_status(
    Extract(state): Extract<State>,
    allowed: Allowed<Workspace>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<StatusDto>, ApiError> {
    let title = plan_title(&state, &slug).await?;
    let input: StatusInputDto = read_json(&headers, body)?;
    let evidence = input
        .evidence
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|e| parse_evidence_ref(e))
        .collect::<Result<Vec<_>, _>>()?;
    let record = StatusRecord {
        member: input.member.trim().to_string(),
        measure_code: input.measure.trim().to_string(),
        // The store finds the period by its label.
        period: ReportingPeriod {
            label: input.period.trim().to_string(),
            start: Date::default(),
            end: Date::default(),
        },
        status: parse_status(&input.status)?,
        evidence,
        note: input.note,
    };
    let version = state
        .store
        .record_plan_status(&title, &record, input.version, allowed.staff.name())
        .await?;
    Ok(Json(StatusDto::from(StatusEntry { record, version })))
}
