//! Action plans in the workspace: editors and admins set plans up (`EditPlans`: the plan,
//! sections, measures, reporting periods); anyone signed in records statuses.
//!
//! Why statuses need only `Workspace`: plans are not assigned the way commitments are (there is
//! no assignment of an analyst to a plan or a measure), so a finer rule would have nothing to
//! check; every status carries its own version and its audit record names who recorded it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State as Extract};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::civil::Date;
use pledgewatch_domain::access::Action;
use pledgewatch_domain::plan::{Plan, ReportingPeriod, StatusRecord};
use pledgewatch_store::{
    MeasureInput, PlanInput, SectionInput, StoreError, parse_evidence_ref, parse_status,
};
use serde::Deserialize;

use crate::State;
use crate::api::plans_edit::{rhythm, section_kind};
use crate::auth::permissions::{EditPlans, Workspace};
use crate::auth::{Allowed, Staff};
use crate::error::{PageError, PagePath};
use crate::pages::admin::Typed;
use crate::pages::admin_plans::{
    PlanPageInput, StatusEntryForm, WorkPlanPage, WorkPlansPage, plan_href,
};
use crate::pages::plans::plan_slugs;

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/workspace/plans", get(plans).post(create_plan))
        .route("/workspace/plans/{slug}", get(plan).post(update_plan))
        .route("/workspace/plans/{slug}/sections", post(add_section))
        .route("/workspace/plans/{slug}/measures", post(add_measure))
        .route(
            "/workspace/plans/{slug}/measures/{code}",
            post(update_measure),
        )
        .route(
            "/workspace/plans/{slug}/measures/{code}/remove",
            post(remove_measure),
        )
        .route("/workspace/plans/{slug}/periods", post(add_period))
        .route("/workspace/plans/{slug}/statuses", post(record_status))
}

type Fields = HashMap<String, String>;

fn fields(pairs: Vec<(String, String)>) -> Fields {
    let mut out = Fields::new();
    for (k, v) in pairs {
        if k != crate::auth::CSRF_FIELD {
            out.entry(k).or_insert(v);
        }
    }
    out
}

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |v| v.as_str())
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn render<T: Template>(status: StatusCode, page: &T) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

/// Field errors and conflicts re-render the form; the rest is an error page.
fn refusal(form: &str, values: Fields, e: StoreError) -> Result<(StatusCode, Typed), PageError> {
    match e {
        StoreError::InvalidField { field, message, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed::new(form, values).error(field, message),
        )),
        // The existing period and import checks name no field: shown at the form's top.
        StoreError::InvalidPlan { message, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed::new(form, values).error("", message),
        )),
        StoreError::WorkflowRefused { message, .. } => Ok((
            StatusCode::CONFLICT,
            Typed::new(form, values).error("", message),
        )),
        StoreError::Stale { current, .. } => Ok((
            StatusCode::CONFLICT,
            Typed::conflict(
                form,
                format!(
                    "This was changed by someone else since you opened it (it is now at \
                     version {current}); here is the current version. Make your change again \
                     if it is still needed."
                ),
            ),
        )),
        other => Err(PageError::from(other)),
    }
}

fn version(values: &Fields) -> i64 {
    // A missing or garbled version can only be stale: it never matches.
    field(values, "version").trim().parse().unwrap_or(-1)
}

fn date(form: &str, values: &Fields, name: &str) -> Result<Option<Date>, Typed> {
    let text = field(values, name).trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        Typed::new(form, values.clone()).error(
            name.to_string(),
            format!("`{text}` is not a date (YYYY-MM-DD)"),
        )
    })
}

async fn title_of(state: &State, slug: &str) -> Result<String, PageError> {
    let plans = state.store.plans().await?;
    plan_slugs(plans.iter().map(|p| p.title.as_str()))
        .into_iter()
        .find(|(s, _)| s == slug)
        .map(|(_, t)| t)
        .ok_or(PageError::NotFound)
}

// ---- the list ----

async fn plans_page(
    state: &State,
    staff: &Staff,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let plans = state.store.plans().await?;
    let slugs = plan_slugs(plans.iter().map(|p| p.title.as_str()));
    let rows: Vec<_> = plans
        .into_iter()
        .filter_map(|p| {
            let slug = slugs.iter().find(|(_, t)| *t == p.title)?.0.clone();
            Some((slug, p))
        })
        .collect();
    let sets_up = staff.actor.may(Action::EditPlans);
    render(status, &WorkPlansPage::new(staff, &rows, sets_up, typed))
}

async fn plans(
    Extract(state): Extract<State>,
    allowed: Allowed<Workspace>,
) -> Result<Response, PageError> {
    plans_page(&state, &allowed.staff, StatusCode::OK, Typed::default()).await
}

fn plan_input(form: &str, values: &Fields) -> Result<PlanInput, Typed> {
    Ok(PlanInput {
        institution: field(values, "institution").to_string(),
        title: field(values, "title").to_string(),
        adopted_on: date(form, values, "adopted_on")?,
        source: field(values, "source").to_string(),
        rhythm: rhythm(field(values, "rhythm")),
        reviewed_by: Some(field(values, "reviewed_by").to_string()),
        members: lines(field(values, "members")),
        observers: lines(field(values, "observers")),
    })
}

async fn create_plan(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let input = match plan_input("create", &values) {
        Ok(i) => i,
        Err(typed) => {
            return plans_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed).await;
        }
    };
    match state.store.create_plan(&input, staff.name()).await {
        Ok(plan) => {
            let titles = state.store.plans().await?;
            let slug = plan_slugs(titles.iter().map(|p| p.title.as_str()))
                .into_iter()
                .find(|(_, t)| *t == plan.title)
                .map(|(s, _)| s)
                .ok_or(PageError::NotFound)?;
            Ok(Redirect::to(&plan_href(&slug)).into_response())
        }
        Err(e) => {
            let (status, typed) = refusal("create", values, e)?;
            plans_page(&state, staff, status, typed).await
        }
    }
}

// ---- one plan ----

#[derive(Debug, Default, Deserialize)]
pub struct PlanQuery {
    period: Option<String>,
    member: Option<String>,
    measure: Option<String>,
}

async fn plan_page(
    state: &State,
    staff: &Staff,
    slug: &str,
    query: PlanQuery,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let title = title_of(state, slug).await?;
    let plan = state.store.plan(&title).await?.ok_or(PageError::NotFound)?;
    let version = state.store.plan_version(&title).await?.unwrap_or(1);
    let periods = state.store.periods(&title).await?;
    let period = query
        .period
        .filter(|p| periods.iter().any(|x| x.label == *p))
        .or_else(|| periods.last().map(|p| p.label.clone()));
    let statuses = match &period {
        Some(p) => state.store.status_entries(&title, p).await?,
        None => Vec::new(),
    };
    // Changing a recorded status starts from what is recorded, with its version.
    let entry = statuses
        .iter()
        .find(|e| {
            Some(&e.record.member) == query.member.as_ref()
                && Some(&e.record.measure_code) == query.measure.as_ref()
        })
        .map(|e| StatusEntryForm {
            member: e.record.member.clone(),
            measure: e.record.measure_code.clone(),
            status: e.record.status.as_str().to_string(),
            note: e.record.note.clone().unwrap_or_default(),
            evidence: e
                .record
                .evidence
                .iter()
                .map(|x| format!("{}:{}:{}:{}", x.cycle, x.commitment, x.member, x.evidence))
                .collect::<Vec<_>>()
                .join("\n"),
            version: e.version,
        })
        .unwrap_or_else(|| StatusEntryForm {
            member: query.member.unwrap_or_default(),
            measure: query.measure.unwrap_or_default(),
            ..StatusEntryForm::default()
        });
    let page = WorkPlanPage::new(
        staff,
        PlanPageInput {
            slug,
            plan: &plan,
            version,
            periods: &periods,
            period: period.as_deref(),
            statuses: &statuses,
            entry,
            sets_up_plans: staff.actor.may(Action::EditPlans),
        },
        typed,
    );
    render(status, &page)
}

async fn plan(
    Extract(state): Extract<State>,
    allowed: Allowed<Workspace>,
    PagePath(slug): PagePath<String>,
    query: Result<Query<PlanQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    // A garbled query shows the plan as if none were given.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    plan_page(
        &state,
        &allowed.staff,
        &slug,
        query,
        StatusCode::OK,
        Typed::default(),
    )
    .await
}

/// After a plan write: back to the plan, or its page again keeping what was typed and saying
/// why the write was refused.
async fn plan_written<V>(
    state: &State,
    (staff, slug): (&Staff, &str),
    form: &str,
    values: Fields,
    done: Result<(Plan, V), StoreError>,
) -> Result<Response, PageError> {
    match done {
        Ok((plan, _)) => back_to_plan(state, &plan.title).await,
        Err(e) => {
            let (status, typed) = refusal(form, values, e)?;
            plan_page(state, staff, slug, PlanQuery::default(), status, typed).await
        }
    }
}

/// After a write: back to the plan (its slug may have changed with its title).
async fn back_to_plan(state: &State, title: &str) -> Result<Response, PageError> {
    let plans = state.store.plans().await?;
    let slug = plan_slugs(plans.iter().map(|p| p.title.as_str()))
        .into_iter()
        .find(|(_, t)| t == title)
        .map(|(s, _)| s)
        .ok_or(PageError::NotFound)?;
    Ok(Redirect::to(&plan_href(&slug)).into_response())
}

async fn update_plan(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath(slug): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let input = match plan_input("plan", &values) {
        Ok(i) => i,
        Err(typed) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return plan_page(&state, staff, &slug, PlanQuery::default(), status, typed).await;
        }
    };
    let done = state
        .store
        .update_plan(&title, version(&values), &input, staff.name())
        .await;
    plan_written(&state, (staff, &slug), "plan", values, done).await
}

async fn add_section(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath(slug): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let outcome = match section_kind(field(&values, "kind")) {
        Ok(kind) => {
            let input = SectionInput {
                kind,
                number: field(&values, "number").to_string(),
                title: field(&values, "title").to_string(),
                text: field(&values, "text").to_string(),
            };
            state
                .store
                .add_plan_section(&title, version(&values), &input, staff.name())
                .await
        }
        Err(e) => Err(StoreError::InvalidField {
            object: "section".to_string(),
            field: "kind",
            message: e.message,
        }),
    };
    plan_written(&state, (staff, &slug), "section", values, outcome).await
}

async fn add_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath(slug): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let input = MeasureInput {
        section: field(&values, "section").trim().parse().unwrap_or(0),
        parent: Some(field(&values, "parent").to_string()),
        code: field(&values, "code").to_string(),
        text: field(&values, "text").to_string(),
    };
    match state
        .store
        .add_plan_measure(&title, version(&values), &input, staff.name())
        .await
    {
        Ok((plan, _)) => back_to_plan(&state, &plan.title).await,
        Err(StoreError::NotFound(m)) => {
            let typed = Typed::new("measure", values).error("section", m);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            plan_page(&state, staff, &slug, PlanQuery::default(), status, typed).await
        }
        Err(e) => {
            let (status, typed) = refusal("measure", values, e)?;
            plan_page(&state, staff, &slug, PlanQuery::default(), status, typed).await
        }
    }
}

async fn update_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath((slug, code)): PagePath<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let form = field(&values, "form").to_string();
    let done = state
        .store
        .update_plan_measure(
            &title,
            version(&values),
            &code,
            field(&values, "code"),
            field(&values, "text"),
            staff.name(),
        )
        .await;
    plan_written(&state, (staff, &slug), &form, values, done).await
}

async fn remove_measure(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath((slug, code)): PagePath<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let form = field(&values, "form").to_string();
    let done = state
        .store
        .remove_plan_measure(&title, version(&values), &code, staff.name())
        .await;
    plan_written(&state, (staff, &slug), &form, values, done).await
}

async fn add_period(
    Extract(state): Extract<State>,
    allowed: Allowed<EditPlans>,
    PagePath(slug): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let form = "period";
    let dates = date(form, &values, "from").and_then(|from| {
        let to = date(form, &values, "to")?;
        match (from, to) {
            (Some(f), Some(t)) => Ok((f, t)),
            (None, _) => Err(Typed::new(form, values.clone()).error("from", "give the first day")),
            (_, None) => Err(Typed::new(form, values.clone()).error("to", "give the last day")),
        }
    });
    let (start, end) = match dates {
        Ok(d) => d,
        Err(typed) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return plan_page(&state, staff, &slug, PlanQuery::default(), status, typed).await;
        }
    };
    let period = ReportingPeriod {
        label: field(&values, "label").trim().to_string(),
        start,
        end,
    };
    match state.store.add_period(&title, &period, staff.name()).await {
        Ok(()) => back_to_plan(&state, &title).await,
        Err(e) => {
            let (status, typed) = refusal(form, values, e)?;
            plan_page(&state, staff, &slug, PlanQuery::default(), status, typed).await
        }
    }
}

async fn record_status(
    Extract(state): Extract<State>,
    allowed: Allowed<Workspace>,
    PagePath(slug): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let title = title_of(&state, &slug).await?;
    let label = field(&values, "period").trim().to_string();
    let query = PlanQuery {
        period: Some(label.clone()),
        member: Some(field(&values, "member").to_string()),
        measure: Some(field(&values, "measure").to_string()),
    };
    let parsed = parse_status(field(&values, "status")).and_then(|status| {
        let evidence = lines(field(&values, "evidence"))
            .iter()
            .map(|l| parse_evidence_ref(l))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StatusRecord {
            member: field(&values, "member").trim().to_string(),
            measure_code: field(&values, "measure").trim().to_string(),
            period: ReportingPeriod {
                label: label.clone(),
                start: Date::default(),
                end: Date::default(),
            },
            status,
            evidence,
            note: Some(field(&values, "note").to_string()),
        })
    });
    let outcome = match parsed {
        Ok(record) => {
            state
                .store
                .record_plan_status(&title, &record, version_or_new(&values), staff.name())
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => {
            let to = format!(
                "{}?period={}#status",
                plan_href(&slug),
                crate::pages::href::segment(&label)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let (status, typed) = refusal("status", values, e)?;
            plan_page(&state, staff, &slug, query, status, typed).await
        }
    }
}

/// A status form's version: 0 for a status not recorded yet.
fn version_or_new(values: &Fields) -> i64 {
    match field(values, "version").trim() {
        "" => 0,
        v => v.parse().unwrap_or(-1),
    }
}
