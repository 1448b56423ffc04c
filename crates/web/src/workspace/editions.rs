//! Publishing in the workspace: the preview of the working copy (any staff), the publish page
//! (pending assessments, the change log the next edition would have, the form; editors), and
//! reopening a published assessment for a corrected edition (editors). Forms work without
//! JavaScript: success redirects (303); a refused form is shown again with what was typed and
//! why (422 for a field, 409 when the workflow does not allow it yet).

use axum::Form;
use axum::Router;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_domain::people_of;
use pledgewatch_store::StoreError;

use crate::State;
use crate::auth::permissions::{CycleWorkingCopy, Publish, Reopening};
use crate::auth::{Allowed, Staff};
use crate::coding::CycleCoding;
use crate::error::{PageError, html, render};
use crate::pages::departures::Departures;
use crate::pages::edition_work::{PublishForm, PublishPage, ReopenPage};
use crate::pages::report_card::ReportCardPage;
use crate::pages::{Chrome, Crumb, href};

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/workspace/cycles/{slug}/preview", get(preview))
        .route(
            "/workspace/cycles/{slug}/publish",
            get(publish_page).post(publish),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/reopen",
            get(reopen_page).post(reopen),
        )
        // Full paths, not nested under `/api/v1`: a refused request is answered as JSON by
        // its path, which nesting would strip.
        .route(
            "/api/v1/cycles/{slug}/editions",
            get(crate::api::editions::editions),
        )
        .route(
            "/api/v1/cycles/{slug}/editions/{n}",
            get(crate::api::editions::edition),
        )
        .route(
            "/api/v1/cycles/{slug}/publish",
            post(crate::api::editions::publish),
        )
        .route(
            "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/reopen",
            post(crate::api::editions::reopen),
        )
}

/// The report card of the working copy, as the next edition would show it. Staff only, never
/// cached: it changes with every edit.
async fn preview(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<CycleWorkingCopy>,
) -> Result<Html<axum::body::Bytes>, PageError> {
    let c = &target.0;
    let (snapshot, _) = state
        .store
        .working_copy(&c.cycle.name)
        .await?
        .ok_or(PageError::NotFound)?;
    let people = people_of(&snapshot.chapters);
    let mut page = ReportCardPage::new(&snapshot.cycle, &c.slug, &snapshot.matrix, &people);
    let coding = CycleCoding::load_with(&state.store, &c.cycle.name, snapshot.matrix).await?;
    page = page.with_departures(Departures::of(&coding.suggestions()));
    page.chrome = Chrome::workspace(
        format!("Preview of {} (working copy, not published)", c.cycle.name),
        vec![
            Crumb::link("Workspace", "/workspace"),
            Crumb::link(c.cycle.name.as_str(), href::work_cycle(&c.slug)),
            Crumb::here("Preview (not published)"),
        ],
        &staff,
    );
    page.kind = Some("Working copy: not published");
    html(&page)
}

async fn publish_view(
    state: &State,
    staff: &Staff,
    (name, slug): (&str, &str),
    form: PublishForm,
    refusal: Option<String>,
) -> Result<String, PageError> {
    let pending = state.store.pending_assessments(name).await?;
    let (_, changes) = state
        .store
        .working_copy(name)
        .await?
        .ok_or(PageError::NotFound)?;
    let first = state.store.edition_id(name, None).await?.is_none();
    render(&PublishPage::new(
        staff,
        (name, slug),
        &pending,
        (first, &changes),
        form,
        refusal,
    ))
}

async fn publish_page(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<Publish>,
) -> Result<Html<String>, PageError> {
    let c = &target.0;
    let first = state.store.edition_id(&c.cycle.name, None).await?.is_none();
    // A first edition is the cycle's own kind; afterwards, a corrected reissue.
    let kind = match (first, c.cycle.kind) {
        (false, _) => EditionKind::Corrected,
        (true, Some(pledgewatch_domain::CycleKind::Interim)) => EditionKind::Interim,
        (true, _) => EditionKind::Final,
    };
    let form = PublishForm {
        kind: kind.as_str().to_string(),
        ..PublishForm::default()
    };
    Ok(Html(
        publish_view(&state, &staff, (&c.cycle.name, &c.slug), form, None).await?,
    ))
}

/// A form's fields as pairs; absent and empty read the same.
fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

async fn publish(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<Publish>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let c = &target.0;
    let at = (c.cycle.name.as_str(), c.slug.as_str());
    let mut form = PublishForm {
        kind: field(&fields, "kind"),
        note: field(&fields, "note"),
        ..PublishForm::default()
    };
    let Some(kind) = EditionKind::parse(&form.kind) else {
        form.kind_error = Some("choose interim, final or corrected".to_string());
        let body = publish_view(&state, &staff, at, form, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
    };
    match state
        .store
        .publish_edition(at.0, kind, &form.note, staff.name())
        .await
    {
        Ok(edition) => {
            Ok(Redirect::to(&href::edition_changes(at.1, edition.number)).into_response())
        }
        Err(StoreError::WorkflowRefused { message, .. }) => {
            let body = publish_view(&state, &staff, at, form, Some(message)).await?;
            Ok((StatusCode::CONFLICT, Html(body)).into_response())
        }
        Err(e) => Err(PageError::from(e)),
    }
}

async fn reopen_page(
    Extract(_state): Extract<State>,
    Allowed { staff, target }: Allowed<Reopening>,
) -> Result<Html<String>, PageError> {
    let a = &target.0;
    let c = &a.commitment;
    Ok(Html(render(&ReopenPage::new(
        &staff,
        (&c.cycle.cycle.name, &c.cycle.slug, &c.code, &a.member),
        String::new(),
        None,
        None,
    ))?))
}

async fn reopen(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<Reopening>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let a = &target.0;
    let c = &a.commitment;
    let names = (
        c.cycle.cycle.name.as_str(),
        c.cycle.slug.as_str(),
        c.code.as_str(),
        a.member.as_str(),
    );
    let note = field(&fields, "note");
    let refused =
        |status: StatusCode, note: String, error, refusal| -> Result<Response, PageError> {
            let body = render(&ReopenPage::new(&staff, names, note, error, refusal))?;
            Ok((status, Html(body)).into_response())
        };
    match state
        .store
        .reopen_assessment(names.0, names.2, names.3, &note, staff.name())
        .await
    {
        // Back to the publishing page, where the reopened assessment now waits as a draft (the
        // editor may not edit it: its analysts do).
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/publish", href::work_cycle(names.1))).into_response())
        }
        Err(StoreError::InvalidField { message, .. }) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, note, Some(message), None)
        }
        Err(StoreError::WorkflowRefused { message, .. }) => {
            refused(StatusCode::CONFLICT, note, None, Some(message))
        }
        Err(e) => Err(PageError::from(e)),
    }
}
