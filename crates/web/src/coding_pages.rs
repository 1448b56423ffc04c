//! Handlers of the rubric, agreement and departures pages, public: each reads the newest
//! edition's rubrics and codings as published, never the working copy. Nothing here writes to
//! the store: the what-if form is answered from the edition and what was pasted.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State as Extract};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use pledgewatch_domain::rubric::{Rubric, RubricFileError};
use serde::Deserialize;

use crate::State;
use crate::coding::CycleCoding;
use crate::error::{PageError, PagePath, html, render};
use crate::handlers::published_coding;
use crate::pages::agreement::AgreementPage;
use crate::pages::departures::DeparturesPage;
use crate::pages::edition::published_date;
use crate::pages::rubric::{RubricPage, Subject, WhatIfForm, WhatIfView};

type Page = Result<Html<axum::body::Bytes>, PageError>;

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    version: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct WhatIfFields {
    #[serde(default)]
    rubric: String,
}

/// What a rubric page needs: the newest edition's rubric and codings, and the versions saved
/// up to the one it published.
struct Context {
    cycle_name: String,
    code: String,
    title: String,
    coding: CycleCoding,
    /// The rubric in force when the newest edition was published, when there was one.
    published: Option<Rubric>,
    /// "edition 3, published 4 July 2031".
    edition: String,
    /// Versions saved after the published one are the working copy's, not the readers'.
    history: Vec<(u32, String, String)>,
}

async fn context(state: &State, slug: &str, code: &str) -> Result<Context, PageError> {
    let (cycle, edition, coding) = published_coding(state, slug).await?;
    let i = coding
        .matrix
        .rows
        .iter()
        .position(|r| r.code == code)
        .ok_or(PageError::NotFound)?;
    let title = coding.matrix.rows[i].title.clone();
    let published = coding.rubrics[i].clone();
    let in_force = published.as_ref().map_or(0, |r| r.version);
    let history = state
        .store
        .rubric_history(&cycle.name, code)
        .await?
        .into_iter()
        .filter(|h| h.version <= in_force)
        .map(|h| (h.version, h.saved_at.to_string(), h.saved_by))
        .collect();
    Ok(Context {
        cycle_name: cycle.name.clone(),
        code: code.to_string(),
        title,
        coding,
        published,
        edition: format!(
            "edition {}, published {}",
            edition.summary.number,
            published_date(&edition.summary)
        ),
        history,
    })
}

impl Context {
    fn page(
        self,
        slug: &str,
        shown: Option<&Rubric>,
        form: WhatIfForm,
        result: Option<WhatIfView>,
    ) -> RubricPage {
        let mut page = RubricPage::new(
            Subject {
                cycle_name: &self.cycle_name,
                slug,
                code: &self.code,
                title: &self.title,
            },
            shown,
            self.published.as_ref().map(|r| r.version),
            self.history,
            form,
            result,
        );
        page.published_in = Some(self.edition);
        page
    }
}

pub async fn rubric(
    Extract(state): Extract<State>,
    PagePath((slug, code)): PagePath<(String, String)>,
    query: Result<Query<VersionQuery>, axum::extract::rejection::QueryRejection>,
) -> Page {
    let ctx = context(&state, &slug, &code).await?;
    let version = match query.ok().and_then(|Query(q)| q.version) {
        None => None,
        Some(v) => Some(v.trim().parse::<u32>().map_err(|_| PageError::NotFound)?),
    };
    let shown = match version {
        None => ctx.published.clone(),
        Some(v) if ctx.published.as_ref().is_some_and(|r| r.version == v) => ctx.published.clone(),
        // An earlier version readers may look back at; a later one is not published.
        Some(v) if ctx.history.iter().any(|(h, _, _)| *h == v) => Some(
            state
                .store
                .rubric(&ctx.cycle_name, &code, Some(v))
                .await?
                .ok_or(PageError::NotFound)?,
        ),
        Some(_) => return Err(PageError::NotFound),
    };
    let form = WhatIfForm {
        text: ctx
            .published
            .as_ref()
            .map(Rubric::to_toml_string)
            .unwrap_or_default(),
        errors: Vec::new(),
    };
    html(&ctx.page(&slug, shown.as_ref(), form, None))
}

/// The what-if form: the pasted rubric is read and checked, the page shows the checker's report
/// and the assessments whose suggestion would change, or the errors beside what was typed.
pub async fn rubric_what_if(
    Extract(state): Extract<State>,
    PagePath((slug, code)): PagePath<(String, String)>,
    fields: Result<Form<WhatIfFields>, FormRejection>,
) -> Result<Response, PageError> {
    let ctx = context(&state, &slug, &code).await?;
    let shown = ctx.published.clone();
    let (status, text, outcome) = match fields {
        Err(rejection) => {
            let status = rejection.status();
            let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "the pasted text is larger than the limit of {} KiB",
                    crate::api::BODY_LIMIT / 1024
                )
            } else {
                format!("the form could not be read: {}", rejection.body_text())
            };
            (status, String::new(), Err(vec![why]))
        }
        Ok(Form(f)) if f.rubric.trim().is_empty() => (
            StatusCode::BAD_REQUEST,
            f.rubric,
            Err(vec!["paste a rubric first: the box was empty".to_string()]),
        ),
        Ok(Form(f)) => match Rubric::from_toml_str(&f.rubric) {
            Ok(new) => (StatusCode::OK, f.rubric, Ok(new)),
            Err(RubricFileError::Parse(msg)) => (
                StatusCode::BAD_REQUEST,
                f.rubric,
                Err(vec![format!("not a readable rubric: {msg}")]),
            ),
            Err(RubricFileError::Invalid(invalid)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                f.rubric,
                Err(invalid.problems.iter().map(ToString::to_string).collect()),
            ),
        },
    };
    let (form, result) = match outcome {
        Ok(new) => {
            let what_if = ctx.coding.what_if(&code, &new);
            let view = WhatIfView::new(&new, ctx.published.as_ref().map(|r| r.version), what_if);
            (
                WhatIfForm {
                    text,
                    errors: vec![],
                },
                Some(view),
            )
        }
        Err(errors) => (WhatIfForm { text, errors }, None),
    };
    let body = render(&ctx.page(&slug, shown.as_ref(), form, result))?;
    Ok((status, Html(body)).into_response())
}

pub async fn agreement(
    Extract(state): Extract<State>,
    viewer: crate::auth::permissions::Viewer,
    PagePath(slug): PagePath<String>,
) -> Page {
    let (cycle, _, coding) = published_coding(&state, &slug).await?;
    let page = AgreementPage::new(&cycle.name, &slug, &coding);
    // Staff get links to each commitment's queue in the workspace, where it is adjudicated.
    let page = match viewer.0 {
        Some(_) => page.for_staff(&slug, &coding),
        None => page,
    };
    html(&page)
}

pub async fn departures(Extract(state): Extract<State>, PagePath(slug): PagePath<String>) -> Page {
    let (cycle, _, coding) = published_coding(&state, &slug).await?;
    html(&DeparturesPage::new(
        &cycle.name,
        &slug,
        &coding.suggestions(),
    ))
}
